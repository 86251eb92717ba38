//! Parquet input and output (the arrow / parquet crates).
//!
//! Input: [`ParquetRows`] reads a file a batch of rows at a time (so memory is bounded by the
//! batch, not the file) and turns each row into a JSON object with arrow-json; the reader then
//! treats it like a JSONL line (`--id-field` / `--text-field`, every other column to `meta`).
//!
//! Output: [`ParquetSink`] takes the JSON output records and writes one row group per chunk
//! (`--batch` records, the unit the pipeline flushes), in the schema of [`output_schema`]
//! (documented in docs/OUTPUT.md): the record contract of the JSONL output with the lists as
//! nested list columns, `meta` as a JSON text column, and any top-level field this schema does
//! not name in `extra` (JSON text), so nothing is dropped.

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde_json::{Map, Value};
use std::collections::VecDeque;
use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::Arc;

/// Rows decoded at a time from a Parquet input.
const READ_BATCH_ROWS: usize = 256;

/// One row: its 1-based number and the row as a JSON object, or why reading stopped there.
pub type Row = (usize, Result<Map<String, Value>, String>);

/// The rows of one Parquet file as JSON objects, in order.
pub struct ParquetRows {
    reader: ParquetRecordBatchReader,
    pending: VecDeque<Map<String, Value>>,
    /// Rows handed out so far.
    row: usize,
    done: bool,
}

impl ParquetRows {
    pub fn open(path: &Path) -> Result<ParquetRows, String> {
        let f = File::open(path).map_err(|e| e.to_string())?;
        let reader = ParquetRecordBatchReaderBuilder::try_new(f)
            .and_then(|b| b.with_batch_size(READ_BATCH_ROWS).build())
            .map_err(|e| e.to_string())?;
        Ok(ParquetRows {
            reader,
            pending: VecDeque::new(),
            row: 0,
            done: false,
        })
    }

    /// The next row (1-based row number, the row as a JSON object), or where the data broke;
    /// `None` at the end (and after an error).
    pub fn next_row(&mut self) -> Option<Row> {
        while self.pending.is_empty() {
            if self.done {
                return None;
            }
            match self.reader.next() {
                None => {
                    self.done = true;
                    return None;
                }
                Some(batch) => {
                    if let Err(e) = batch
                        .map_err(|e| e.to_string())
                        .and_then(|b| batch_to_objects(&b, &mut self.pending))
                    {
                        self.done = true;
                        self.pending.clear();
                        return Some((self.row + 1, Err(e)));
                    }
                }
            }
        }
        self.row += 1;
        Some((self.row, Ok(self.pending.pop_front().unwrap())))
    }
}

/// Each row of `batch` as a JSON object (nulls kept as `null`), appended to `out`.
fn batch_to_objects(
    batch: &RecordBatch,
    out: &mut VecDeque<Map<String, Value>>,
) -> Result<(), String> {
    let mut w = arrow_json::WriterBuilder::new()
        .with_explicit_nulls(true)
        .build::<_, arrow_json::writer::LineDelimited>(Vec::new());
    w.write(batch).map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())?;
    let buf = w.into_inner();
    for line in buf.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        match serde_json::from_slice::<Value>(line) {
            Ok(Value::Object(m)) => out.push_back(m),
            Ok(_) => return Err("a row did not convert to a JSON object".into()),
            Err(e) => return Err(format!("a row did not convert to JSON: {e}")),
        }
    }
    Ok(())
}

fn nullable(name: &str, t: DataType) -> Field {
    Field::new(name, t, true)
}

fn list_of(t: DataType) -> DataType {
    DataType::List(Arc::new(Field::new("item", t, true)))
}

fn structure(fields: Vec<Field>) -> DataType {
    DataType::Struct(Fields::from(fields))
}

/// `{text, start, end}`: a cue, a speaker mention.
fn span_type() -> DataType {
    structure(vec![
        nullable("text", DataType::Utf8),
        nullable("start", DataType::Int64),
        nullable("end", DataType::Int64),
    ])
}

/// The columns of the Parquet output (see docs/OUTPUT.md).
pub fn output_schema() -> SchemaRef {
    let int = || DataType::Int64;
    let utf8 = || DataType::Utf8;
    let f64 = || DataType::Float64;
    Arc::new(Schema::new(vec![
        Field::new("id", utf8(), false),
        nullable("meta", utf8()),
        nullable("text", utf8()),
        nullable(
            "sentences",
            list_of(structure(vec![
                nullable("start", int()),
                nullable("end", int()),
                nullable("checkworthiness", f64()),
            ])),
        ),
        nullable(
            "entities",
            list_of(structure(vec![
                nullable("text", utf8()),
                nullable("label", utf8()),
                nullable("start", int()),
                nullable("end", int()),
                nullable("score", f64()),
            ])),
        ),
        nullable(
            "quotes",
            list_of(structure(vec![
                nullable("kind", utf8()),
                nullable("text", utf8()),
                nullable("start", int()),
                nullable("end", int()),
                nullable("spans", list_of(list_of(int()))),
                nullable("cue", span_type()),
                nullable("speaker", span_type()),
                nullable("speaker_name", utf8()),
                nullable("speaker_key", utf8()),
                nullable("speaker_entity", int()),
                nullable("confidence", f64()),
            ])),
        ),
        nullable(
            "claims",
            list_of(structure(vec![
                nullable("text", utf8()),
                nullable("start", int()),
                nullable("end", int()),
                nullable("checkworthiness", f64()),
                nullable(
                    "claimant",
                    structure(vec![
                        nullable("name", utf8()),
                        nullable("key", utf8()),
                        nullable("mention", span_type()),
                    ]),
                ),
                nullable("voice", utf8()),
                nullable("quote", int()),
                nullable("stance", utf8()),
                nullable("entities", list_of(int())),
                nullable(
                    "features",
                    structure(vec![
                        nullable("numbers", list_of(utf8())),
                        nullable("dates", list_of(utf8())),
                        nullable("comparatives", list_of(utf8())),
                    ]),
                ),
            ])),
        ),
        nullable("error", utf8()),
        nullable(
            "language",
            structure(vec![
                nullable("code", utf8()),
                nullable("confidence", f64()),
                nullable("detected", utf8()),
            ]),
        ),
        nullable("warning", utf8()),
        nullable("html", DataType::Boolean),
        nullable("extra", utf8()),
    ]))
}

/// Writes output records as Parquet, one row group per [`ParquetSink::flush`].
pub struct ParquetSink {
    writer: ArrowWriter<File>,
    schema: SchemaRef,
    /// Top-level columns other than `meta` and `extra`, which are filled from JSON text.
    plain_columns: Vec<String>,
    rows: Vec<Value>,
}

fn to_io(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("Parquet output: {e}"))
}

impl ParquetSink {
    pub fn new(f: File) -> io::Result<ParquetSink> {
        let schema = output_schema();
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            // row groups are cut by flush() (one per chunk), not by a row count
            .set_max_row_group_row_count(None)
            .build();
        let writer = ArrowWriter::try_new(f, schema.clone(), Some(props)).map_err(to_io)?;
        let plain_columns = schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .filter(|n| n != "meta" && n != "extra")
            .collect();
        Ok(ParquetSink {
            writer,
            schema,
            plain_columns,
            rows: Vec::new(),
        })
    }

    /// Queue one output record (a JSON object).
    pub fn push(&mut self, rec: Value) -> io::Result<()> {
        let Value::Object(mut obj) = rec else {
            return Err(to_io("an output record is not a JSON object"));
        };
        let mut row = Map::new();
        for name in &self.plain_columns {
            if let Some(v) = obj.remove(name) {
                row.insert(name.clone(), v);
            }
        }
        let meta = obj.remove("meta").unwrap_or(Value::Object(Map::new()));
        row.insert("meta".into(), Value::String(meta.to_string()));
        if !obj.is_empty() {
            row.insert(
                "extra".into(),
                Value::String(Value::Object(obj).to_string()),
            );
        }
        self.rows.push(Value::Object(row));
        Ok(())
    }

    /// Write the queued records as one row group.
    pub fn flush(&mut self) -> io::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut dec = arrow_json::ReaderBuilder::new(self.schema.clone())
            .with_batch_size(self.rows.len().max(1))
            // a nested field the schema does not know is an error, never silently dropped
            .with_strict_mode(true)
            .build_decoder()
            .map_err(to_io)?;
        dec.serialize(&self.rows).map_err(to_io)?;
        self.rows.clear();
        if let Some(batch) = dec.flush().map_err(to_io)? {
            self.writer.write(&batch).map_err(to_io)?;
        }
        self.writer.flush().map_err(to_io)
    }

    /// Write the last row group and the footer; returns the file.
    pub fn finish(mut self) -> io::Result<File> {
        self.flush()?;
        self.writer.into_inner().map_err(to_io)
    }
}
