//! Output records: one JSON object per input document, code point offsets.
//!
//! Writing to a file is atomic: records go to `OUT.partial` and the file is renamed to `OUT`
//! when the run completes, so a crashed run never leaves a truncated file that looks complete.
//! `--resume` instead appends to `OUT` itself ([`Output::append`], see [`super::resume`]).
//!
//! `OUT` ending in `.gz` / `.zst` is compressed (gzip / zstd, see [`super::compress`]); `OUT`
//! ending in `.parquet` is Parquet, one row group per chunk (see [`super::parquet`]). Both are
//! atomic the same way; neither can be resumed.

use super::compress::{self, Encoder, Format};
use super::parquet::ParquetSink;
use crate::attribution::key::speaker_key;
use crate::document::{Document, OffsetMap, Span};
use serde_json::{json, Map, Value};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

fn span_json(text: &str, map: &OffsetMap, s: Span) -> Value {
    json!({"text": s.text(text), "start": map.cp(s.start), "end": map.cp(s.end)})
}

fn round3(x: f32) -> f64 {
    (x as f64 * 1000.0).round() / 1000.0
}

/// The output record of a processed document, or of one that failed with `error`.
pub fn record_json(doc: &Document, error: Option<&str>) -> Value {
    let text = doc.text.as_str();
    let map = OffsetMap::new(text);
    let mut rec = Map::new();
    rec.insert("id".into(), Value::String(doc.id.clone()));
    rec.insert("meta".into(), Value::Object(doc.meta.clone()));
    if error.is_some() {
        for k in ["sentences", "entities", "quotes", "claims"] {
            rec.insert(k.into(), Value::Array(vec![]));
        }
        rec.insert("error".into(), json!(error));
        return Value::Object(rec);
    }
    rec.insert(
        "sentences".into(),
        doc.sentences
            .iter()
            .map(|s| {
                json!({
                    "start": map.cp(s.span.start), "end": map.cp(s.span.end),
                    "checkworthiness": s.checkworthiness.map(round3),
                })
            })
            .collect(),
    );
    rec.insert(
        "entities".into(),
        doc.entities
            .iter()
            .map(|e| {
                json!({
                    "text": e.span.text(text), "label": e.label,
                    "start": map.cp(e.span.start), "end": map.cp(e.span.end),
                    "score": (f64::from(e.score) * 1000.0).round() / 1000.0,
                })
            })
            .collect(),
    );
    rec.insert(
        "quotes".into(),
        doc.quotes
            .iter()
            .map(|q| {
                let ext = q.extent();
                json!({
                    "kind": q.kind.as_str(),
                    "text": ext.text(text),
                    "start": map.cp(ext.start),
                    "end": map.cp(ext.end),
                    "spans": q.spans.iter().map(|s| json!([map.cp(s.start), map.cp(s.end)])).collect::<Vec<_>>(),
                    "cue": q.cue.map(|s| span_json(text, &map, s)),
                    "speaker": q.speaker.map(|s| span_json(text, &map, s)),
                    "speaker_name": q.speaker_name,
                    "speaker_key": q.speaker_name.as_deref().and_then(speaker_key),
                    "speaker_entity": q.speaker_entity,
                    "confidence": (f64::from(q.confidence) * 100.0).round() / 100.0,
                })
            })
            .zip(
                doc.quote_features
                    .iter()
                    .map(Some)
                    .chain(std::iter::repeat(None)),
            )
            .map(|(mut v, f)| {
                if let Some(f) = f {
                    v["features"] = json!(f);
                }
                v
            })
            .collect(),
    );
    rec.insert(
        "claims".into(),
        doc.claims
            .iter()
            .map(|c| {
                let q = c.quote.and_then(|i| doc.quotes.get(i));
                let claimant = q.and_then(|q| {
                    (q.speaker.is_some() || q.speaker_name.is_some()).then(|| {
                        json!({
                            "name": q.speaker_name,
                            "key": q.speaker_name.as_deref().and_then(speaker_key),
                            "mention": q.speaker.map(|s| span_json(text, &map, s)),
                        })
                    })
                });
                json!({
                    "text": c.span.text(text),
                    "start": map.cp(c.span.start),
                    "end": map.cp(c.span.end),
                    "checkworthiness": round3(c.checkworthiness),
                    "claimant": claimant,
                    "voice": if c.quote.is_some() { "quote" } else { "narrative" },
                    "quote": c.quote,
                    "stance": c.stance.as_str(),
                    "entities": c.entities,
                    "features": {
                        "numbers": c.numbers, "dates": c.dates, "comparatives": c.comparatives,
                    },
                })
            })
            .collect(),
    );
    rec.insert("error".into(), Value::Null);
    Value::Object(rec)
}

/// The bytes that go out: JSON lines (plain or compressed), or Parquet rows.
enum Sink {
    Lines(BufWriter<Box<dyn Write + Send>>),
    Compressed(BufWriter<Encoder>),
    Parquet(Box<ParquetSink>),
}

/// Where records go: stdout, or a file written atomically.
pub struct Output {
    w: Sink,
    target: Option<(PathBuf, PathBuf)>,
}

impl Output {
    pub fn stdout() -> Self {
        Output {
            w: Sink::Lines(BufWriter::with_capacity(1 << 16, Box::new(io::stdout()))),
            target: None,
        }
    }

    /// Write `path` atomically (via `path.partial`), as JSON lines, compressed JSON lines
    /// (`.gz`, `.zst`) or Parquet (`.parquet`).
    pub fn file(path: &Path) -> io::Result<Self> {
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let f = File::create(&partial)?;
        let w = match compress::output_format(path) {
            Format::Plain => Sink::Lines(BufWriter::with_capacity(1 << 16, Box::new(f))),
            Format::Parquet => Sink::Parquet(Box::new(ParquetSink::new(f)?)),
            z => Sink::Compressed(BufWriter::with_capacity(1 << 16, Encoder::new(f, z)?)),
        };
        Ok(Output {
            w,
            target: Some((partial, path.to_path_buf())),
        })
    }

    /// Append to `path` directly (no `.partial`, no rename): `--resume`, see [`super::resume`].
    pub fn append(path: &Path) -> io::Result<Self> {
        let f = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)?;
        Ok(Output {
            w: Sink::Lines(BufWriter::with_capacity(1 << 16, Box::new(f))),
            target: None,
        })
    }

    /// Push buffered records to the file (called after every chunk, so an interrupted run
    /// leaves at most one cut line behind). Parquet output writes the chunk as a row group.
    pub fn flush(&mut self) -> io::Result<()> {
        match &mut self.w {
            Sink::Lines(w) => w.flush(),
            Sink::Compressed(w) => w.flush(),
            Sink::Parquet(p) => p.flush(),
        }
    }

    pub fn write(&mut self, rec: &Value) -> io::Result<()> {
        match &mut self.w {
            Sink::Lines(w) => {
                serde_json::to_writer(&mut *w, rec)?;
                w.write_all(b"\n")
            }
            Sink::Compressed(w) => {
                serde_json::to_writer(&mut *w, rec)?;
                w.write_all(b"\n")
            }
            Sink::Parquet(p) => p.push(rec.clone()),
        }
    }

    /// Write one record already serialized as JSON (one line, no newline).
    pub fn write_raw(&mut self, json: &[u8]) -> io::Result<()> {
        match &mut self.w {
            Sink::Lines(w) => {
                w.write_all(json)?;
                w.write_all(b"\n")
            }
            Sink::Compressed(w) => {
                w.write_all(json)?;
                w.write_all(b"\n")
            }
            Sink::Parquet(p) => p.push(serde_json::from_slice(json)?),
        }
    }

    /// Flush (compressed output: write the trailer; Parquet: the footer), and for a file move
    /// it into place.
    pub fn finish(mut self) -> io::Result<()> {
        match self.w {
            Sink::Lines(mut w) => w.flush()?,
            Sink::Compressed(w) => {
                w.into_inner().map_err(|e| e.into_error())?.finish()?;
            }
            Sink::Parquet(p) => {
                p.finish()?;
            }
        }
        if let Some((partial, path)) = self.target.take() {
            std::fs::rename(partial, path)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Quote, QuoteKind};

    #[test]
    fn offsets_are_code_points() {
        let mut d = Document::new("x", "“Oui,” dit Zoë.");
        let s = d.text.find("Oui").unwrap();
        d.quotes.push(Quote {
            kind: QuoteKind::Direct,
            spans: vec![Span::new(s, s + 4)],
            cue: None,
            speaker: Some(Span::new(
                d.text.find("Zoë").unwrap(),
                d.text.find("Zoë").unwrap() + "Zoë".len(),
            )),
            speaker_name: None,
            speaker_entity: None,
            confidence: 0.5,
            from_tagger: false,
        });
        let v = record_json(&d, None);
        let q = &v["quotes"][0];
        assert_eq!(q["start"], 1);
        assert_eq!(q["end"], 5);
        assert_eq!(q["text"], "Oui,");
        assert_eq!(q["speaker"]["start"], 11);
        assert_eq!(q["speaker"]["end"], 14);
        assert_eq!(v["error"], Value::Null);
    }

    #[test]
    fn error_records_keep_id_and_empty_lists() {
        let d = Document::new("bad", "");
        let v = record_json(&d, Some("in.jsonl:3: malformed JSON"));
        assert_eq!(v["id"], "bad");
        assert_eq!(v["quotes"], json!([]));
        assert_eq!(v["error"], "in.jsonl:3: malformed JSON");
    }
}
