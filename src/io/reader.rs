//! Input readers: JSONL (`{"id","text",...}`), `.txt` files, Parquet files, directories of
//! them, stdin. JSONL and `.txt` may be gzip or zstd compressed (recognised by their magic
//! bytes, see [`super::compress`]); Parquet is recognised by `PAR1` (see [`super::parquet`]).
//!
//! Reading never fails a whole run because of one record: every problem becomes an
//! [`InputRecord`] with `error` set, named by file and line, so the writer still emits it.

use super::compress::{self, Format};
use super::parquet::ParquetRows;
use serde_json::{Map, Value};
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

/// One input document, or the reason it could not be read.
#[derive(Debug, Clone)]
pub struct InputRecord {
    pub id: String,
    pub text: String,
    pub meta: Map<String, Value>,
    /// `file:line` (or the file) the record came from, for messages.
    pub origin: String,
    pub error: Option<String>,
}

impl InputRecord {
    fn failed(id: String, origin: String, error: String) -> Self {
        InputRecord {
            id,
            text: String::new(),
            meta: Map::new(),
            origin,
            error: Some(error),
        }
    }
}

/// Limits applied while reading.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Articles longer than this many bytes are refused with an error record.
    pub max_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: 2_000_000,
        }
    }
}

/// Which input fields hold the id and the text (`--id-field`, `--text-field`; defaults `id`
/// and `text`), in JSONL objects and Parquet rows. A name with dots (`doc.body`) reaches into
/// nested objects when no field carries the dotted name itself. Every other field goes to
/// `meta`.
#[derive(Debug, Clone)]
pub struct Fields {
    pub id: String,
    pub text: String,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            id: "id".into(),
            text: "text".into(),
        }
    }
}

/// A source of input: a JSONL stream (maybe decompressed), one text document, or a Parquet file.
enum Source {
    Jsonl {
        name: String,
        reader: Box<dyn BufRead + Send>,
        line: usize,
        stdin: bool,
        format: Format,
        /// Decompressed bytes of the complete lines read so far (for messages).
        bytes: u64,
    },
    Text {
        path: PathBuf,
    },
    Parquet {
        name: String,
        rows: Box<ParquetRows>,
    },
    Broken {
        name: String,
        error: String,
    },
}

/// Streams [`InputRecord`]s from a list of inputs, in order.
pub struct Inputs {
    sources: std::vec::IntoIter<Source>,
    current: Option<Source>,
    opts: ReadOptions,
    fields: Fields,
}

/// The extension that says what a file holds, under any compression extension.
fn kind_ext(p: &Path) -> Option<String> {
    compress::strip_compression_ext(p)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

fn is_jsonl(p: &Path) -> bool {
    matches!(kind_ext(p).as_deref(), Some("jsonl" | "json" | "ndjson"))
}
fn is_txt(p: &Path) -> bool {
    matches!(kind_ext(p).as_deref(), Some("txt" | "text"))
}
fn is_parquet(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("parquet")
    )
}

fn collect_dir(dir: &Path, out: &mut Vec<Source>) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            out.push(Source::Broken {
                name: dir.display().to_string(),
                error: format!("cannot read directory {}: {e}", dir.display()),
            });
            return;
        }
    };
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_dir(&p, out);
        } else if is_jsonl(&p) || is_txt(&p) || is_parquet(&p) {
            // only regular files are read: a dangling link is an error record, and a FIFO or
            // device named `x.txt` would block or never end
            match std::fs::metadata(&p) {
                Ok(m) if m.is_file() => {
                    out.push(source_for(&p).unwrap_or_else(|e| Source::Broken {
                        name: p.display().to_string(),
                        error: format!("cannot open {}: {e}", p.display()),
                    }))
                }
                Ok(_) => out.push(Source::Broken {
                    name: p.display().to_string(),
                    error: format!("{}: not a regular file", p.display()),
                }),
                Err(e) => out.push(Source::Broken {
                    name: p.display().to_string(),
                    error: format!("cannot read {}: {e}", p.display()),
                }),
            }
        }
    }
}

/// A file: `.txt` is one document, else Parquet by content (`PAR1`), else JSONL; gzip and zstd
/// are decompressed on the fly.
fn source_for(p: &Path) -> io::Result<Source> {
    if is_txt(p) {
        return Ok(Source::Text {
            path: p.to_path_buf(),
        });
    }
    let mut r = BufReader::with_capacity(compress::READ_BUF, File::open(p)?);
    let name = p.display().to_string();
    let format = compress::sniff(&mut r)?;
    if format != Format::Parquet && is_parquet(p) {
        return Ok(Source::Broken {
            error: format!("{name}: not a Parquet file (it does not start with PAR1)"),
            name,
        });
    }
    if format == Format::Parquet {
        drop(r);
        return Ok(match ParquetRows::open(p) {
            Ok(rows) => Source::Parquet {
                name,
                rows: Box::new(rows),
            },
            Err(e) => Source::Broken {
                error: format!("{name}: cannot read as Parquet: {e}"),
                name,
            },
        });
    }
    let (reader, format) = compress::decoded(r)?;
    Ok(Source::Jsonl {
        name,
        reader,
        line: 0,
        stdin: false,
        format,
        bytes: 0,
    })
}

fn stdin_source() -> io::Result<Source> {
    let name = "<stdin>".to_string();
    let (reader, format) =
        compress::decoded(BufReader::with_capacity(compress::READ_BUF, io::stdin()))?;
    if format == Format::Parquet {
        return Ok(Source::Broken {
            error: format!(
                "{name}: Parquet cannot be read from stdin (its index is at the end of the \
                 file); pass the file's path"
            ),
            name,
        });
    }
    Ok(Source::Jsonl {
        name,
        reader,
        line: 0,
        stdin: true,
        format,
        bytes: 0,
    })
}

impl Inputs {
    /// Open every input. A path that does not exist is a usage error (`Err`); an unreadable
    /// file inside a directory becomes an error record instead.
    pub fn open(paths: &[PathBuf], opts: ReadOptions) -> anyhow::Result<Self> {
        let mut sources = Vec::new();
        for p in paths {
            if p.as_os_str() == "-" {
                sources.push(stdin_source().map_err(|e| anyhow::anyhow!("reading stdin: {e}"))?);
            } else if p.is_dir() {
                collect_dir(p, &mut sources);
            } else if p.exists() {
                // explicit files: Parquet by content, .txt is text, anything else is JSONL
                sources.push(
                    source_for(p)
                        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", p.display()))?,
                );
            } else {
                anyhow::bail!("input not found: {}", p.display());
            }
        }
        Ok(Inputs {
            sources: sources.into_iter(),
            current: None,
            opts,
            fields: Fields::default(),
        })
    }

    /// Take ids and texts from these fields (see [`Fields`]).
    pub fn fields(mut self, fields: Fields) -> Self {
        self.fields = fields;
        self
    }
}

impl Inputs {
    /// Name stdin (`-`) `name` in messages and in the ids of unreadable records, and number its
    /// lines from `first_line`: for a slice of a larger file piped in, e.g. by
    /// `scripts/spark_extract.py` (`--stdin-origin in.jsonl:1001`), so records read that way are
    /// the same as when `saywho` reads the file itself.
    pub fn stdin_origin(mut self, name: &str, first_line: usize) -> Self {
        for src in self.sources.as_mut_slice() {
            if let Source::Jsonl {
                name: n,
                line,
                stdin: true,
                ..
            } = src
            {
                *n = name.to_string();
                *line = first_line.saturating_sub(1);
            }
        }
        self
    }

    /// Records from one JSONL stream (`name` is used in messages), e.g. for tests and fuzzing.
    pub fn from_reader(name: &str, reader: Box<dyn BufRead + Send>, opts: ReadOptions) -> Self {
        Inputs {
            sources: vec![Source::Jsonl {
                name: name.into(),
                reader,
                line: 0,
                stdin: false,
                format: Format::Plain,
                bytes: 0,
            }]
            .into_iter(),
            current: None,
            opts,
            fields: Fields::default(),
        }
    }
}

impl Iterator for Inputs {
    type Item = InputRecord;

    fn next(&mut self) -> Option<InputRecord> {
        loop {
            if self.current.is_none() {
                self.current = Some(self.sources.next()?);
            }
            match self.current.as_mut().unwrap() {
                Source::Text { path } => {
                    let path = path.clone();
                    self.current = None;
                    return Some(read_text_file(&path, self.opts));
                }
                Source::Broken { name, error } => {
                    let r = InputRecord::failed(name.clone(), name.clone(), error.clone());
                    self.current = None;
                    return Some(r);
                }
                Source::Parquet { name, rows } => match rows.next_row() {
                    None => {
                        self.current = None;
                        continue;
                    }
                    Some((row, Ok(obj))) => {
                        let origin = format!("{name}:{row}");
                        return Some(record_from_object(obj, origin, &self.fields, self.opts));
                    }
                    Some((row, Err(e))) => {
                        let origin = format!("{name}:{row}");
                        let r = InputRecord::failed(
                            origin.clone(),
                            origin.clone(),
                            format!(
                                "{origin}: the Parquet data is corrupt or truncated from row \
                                 {row} on ({e}); the rows before it were read, the rest of \
                                 {name} is lost"
                            ),
                        );
                        self.current = None;
                        return Some(r);
                    }
                },
                Source::Jsonl {
                    name,
                    reader,
                    line,
                    format,
                    bytes,
                    ..
                } => {
                    let mut buf = Vec::new();
                    match read_line_limited(reader, &mut buf, self.opts.max_bytes * 2 + 4096) {
                        Ok(0) => {
                            self.current = None;
                            continue;
                        }
                        Ok(n) => {
                            *line += 1;
                            *bytes += n as u64;
                            if buf.iter().all(u8::is_ascii_whitespace) {
                                continue;
                            }
                            return Some(parse_jsonl_line(
                                &buf,
                                name,
                                *line,
                                &self.fields,
                                self.opts,
                            ));
                        }
                        Err(e) => {
                            *line += 1;
                            let origin = format!("{name}:{line}");
                            let too_long = e.get_ref().is_some_and(|i| i.is::<LineTooLong>());
                            let msg = if format.is_compressed() && !too_long {
                                format!(
                                    "{origin}: the {} stream is truncated or corrupt after {bytes} \
                                     decompressed bytes ({e}); the records before line {line} \
                                     were read, the rest of {name} is lost",
                                    format.name()
                                )
                            } else {
                                format!("{origin}: read error: {e}")
                            };
                            let r = InputRecord::failed(origin.clone(), origin, msg);
                            // a decoder is not usable after an error: only an oversized line
                            // (consumed whole) lets the stream go on
                            if !too_long
                                && (format.is_compressed()
                                    || e.kind() != io::ErrorKind::InvalidData)
                            {
                                self.current = None;
                            }
                            return Some(r);
                        }
                    }
                }
            }
        }
    }
}

/// The error of a line over the length limit (the line was consumed; reading can go on).
#[derive(Debug)]
struct LineTooLong(usize);

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line of {} bytes exceeds the --max-bytes limit", self.0)
    }
}

impl std::error::Error for LineTooLong {}

/// Read one line into `buf` (without the newline). A line longer than `limit` is consumed and
/// reported as `InvalidData` ([`LineTooLong`]) rather than held in memory.
fn read_line_limited(
    r: &mut Box<dyn BufRead + Send>,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<usize> {
    let mut total = 0;
    let mut too_long = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            break;
        }
        let (chunk, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (&avail[..=i], true),
            None => (avail, false),
        };
        let n = chunk.len();
        total += n;
        if !too_long {
            buf.extend_from_slice(chunk);
            if buf.len() > limit {
                too_long = true;
                buf.clear();
            }
        }
        r.consume(n);
        if done {
            break;
        }
    }
    if too_long {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            LineTooLong(total),
        ));
    }
    while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
        buf.pop();
    }
    Ok(total)
}

fn parse_jsonl_line(
    buf: &[u8],
    name: &str,
    line: usize,
    fields: &Fields,
    opts: ReadOptions,
) -> InputRecord {
    let origin = format!("{name}:{line}");
    let bytes = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf);
    let fallback_id = origin.clone();
    let s = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            return InputRecord::failed(
                fallback_id,
                origin.clone(),
                format!("{origin}: invalid UTF-8 at byte {}", e.valid_up_to()),
            );
        }
    };
    let v: Value = match serde_json::from_str(s) {
        Ok(v) => v,
        Err(e) => {
            return InputRecord::failed(
                fallback_id,
                origin.clone(),
                format!("{origin}: malformed JSON: {e}"),
            )
        }
    };
    let Value::Object(obj) = v else {
        return InputRecord::failed(
            fallback_id,
            origin.clone(),
            format!(
                "{origin}: expected a JSON object with \"{}\" and \"{}\"",
                fields.id, fields.text
            ),
        );
    };
    record_from_object(obj, origin, fields, opts)
}

/// Remove the field `name` from `obj`; a dotted name reaches into nested objects when no field
/// has the dotted name itself.
fn take_field(obj: &mut Map<String, Value>, name: &str) -> Option<Value> {
    if let Some(v) = obj.remove(name) {
        return Some(v);
    }
    let (head, rest) = name.split_once('.')?;
    match obj.get_mut(head)? {
        Value::Object(inner) => take_field(inner, rest),
        _ => None,
    }
}

/// The record of one JSON object (a JSONL line or a Parquet row): id and text from `fields`,
/// everything else to `meta`.
fn record_from_object(
    mut obj: Map<String, Value>,
    origin: String,
    fields: &Fields,
    opts: ReadOptions,
) -> InputRecord {
    let (idf, textf) = (fields.id.as_str(), fields.text.as_str());
    let id = match take_field(&mut obj, idf) {
        Some(Value::String(s)) if !s.is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => {
            return InputRecord::failed(
                origin.clone(),
                origin.clone(),
                format!("{origin}: \"{idf}\" must be a non-empty string or a number"),
            );
        }
        None => {
            return InputRecord::failed(
                origin.clone(),
                origin.clone(),
                format!("{origin}: missing \"{idf}\""),
            )
        }
    };
    let text = match take_field(&mut obj, textf) {
        Some(Value::String(t)) => t,
        Some(_) => {
            return InputRecord::failed(
                id.clone(),
                origin.clone(),
                format!("{origin} (id {id}): \"{textf}\" must be a string"),
            )
        }
        None => {
            return InputRecord::failed(
                id.clone(),
                origin.clone(),
                format!("{origin} (id {id}): missing \"{textf}\""),
            )
        }
    };
    finish(id, text, obj, origin, opts)
}

fn finish(
    id: String,
    text: String,
    meta: Map<String, Value>,
    origin: String,
    opts: ReadOptions,
) -> InputRecord {
    let error = if text.trim().is_empty() {
        Some(format!("{origin} (id {id}): empty text"))
    } else if text.len() > opts.max_bytes {
        Some(format!(
            "{origin} (id {id}): text of {} bytes exceeds --max-bytes {}",
            text.len(),
            opts.max_bytes
        ))
    } else {
        None
    };
    InputRecord {
        id,
        text: if error.is_some() { String::new() } else { text },
        meta,
        origin,
        error,
    }
}

fn read_text_file(path: &Path, opts: ReadOptions) -> InputRecord {
    let origin = path.display().to_string();
    let id = compress::strip_compression_ext(path)
        .file_stem()
        .map_or_else(|| origin.clone(), |s| s.to_string_lossy().into_owned());
    let bytes = match compress::read_to_end_limited(path, opts.max_bytes as u64 + 4) {
        Ok(b) => b,
        Err(e) => {
            return InputRecord::failed(id, origin.clone(), format!("{origin}: cannot read: {e}"))
        }
    };
    if bytes.len() > opts.max_bytes + 3 {
        return InputRecord::failed(
            id.clone(),
            origin.clone(),
            format!(
                "{origin} (id {id}): file exceeds --max-bytes {}",
                opts.max_bytes
            ),
        );
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match String::from_utf8(body.to_vec()) {
        Ok(text) => finish(id, text, Map::new(), origin, opts),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            InputRecord::failed(
                id.clone(),
                origin.clone(),
                format!("{origin} (id {id}): invalid UTF-8 at byte {at}"),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_all(content: &[u8], name: &str) -> Vec<InputRecord> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::File::create(&p)
            .unwrap()
            .write_all(content)
            .unwrap();
        Inputs::open(&[p], ReadOptions { max_bytes: 1000 })
            .unwrap()
            .collect()
    }

    #[test]
    fn jsonl_records_and_meta() {
        let r = read_all(
            b"{\"id\":\"a\",\"text\":\"Hi there.\",\"url\":\"u\"}\n\n{\"id\":2,\"text\":\"x\"}\n",
            "in.jsonl",
        );
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].id, "a");
        assert_eq!(r[0].meta["url"], "u");
        assert_eq!(r[1].id, "2");
        assert!(r.iter().all(|r| r.error.is_none()));
    }

    #[test]
    fn every_bad_line_is_one_named_error_record() {
        let r = read_all(
            b"{bad json\n{\"text\":\"no id\"}\n{\"id\":\"x\"}\n[1,2]\n{\"id\":\"e\",\"text\":\"  \"}\n\xff\xfe\n{\"id\":\"ok\",\"text\":\"fine\"}",
            "in.jsonl",
        );
        assert_eq!(r.len(), 7);
        let errs: Vec<&str> = r.iter().map(|r| r.error.as_deref().unwrap_or("")).collect();
        assert!(errs[0].contains("in.jsonl:1") && errs[0].contains("malformed JSON"));
        assert!(errs[1].contains(":2") && errs[1].contains("missing \"id\""));
        assert!(errs[2].contains("missing \"text\""));
        assert!(errs[3].contains("expected a JSON object"));
        assert!(errs[4].contains("empty text"));
        assert!(errs[5].contains("invalid UTF-8"));
        assert_eq!(errs[6], "");
        assert_eq!(r[6].id, "ok");
    }

    #[test]
    fn oversized_line_is_refused_not_buffered() {
        let big = format!(
            "{{\"id\":\"big\",\"text\":\"{}\"}}\n{{\"id\":\"n\",\"text\":\"t\"}}\n",
            "a".repeat(5000)
        );
        let r = read_all(big.as_bytes(), "in.jsonl");
        assert_eq!(r.len(), 2);
        assert!(r[0].error.as_deref().unwrap().contains("max-bytes"));
        assert!(r[1].error.is_none());
    }

    #[test]
    fn txt_files_bom_and_bad_utf8() {
        let r = read_all(b"\xEF\xBB\xBFHello.", "doc.txt");
        assert_eq!(r[0].id, "doc");
        assert_eq!(r[0].text, "Hello.");
        let r = read_all(b"bad \xff", "bad.txt");
        assert!(r[0].error.as_deref().unwrap().contains("invalid UTF-8"));
    }

    #[test]
    fn compressed_by_content_and_cut_streams_end_in_one_error() {
        let body: Vec<u8> = (0..3000)
            .flat_map(|i| {
                format!("{{\"id\":\"r{i}\",\"text\":\"Text number {i}.\"}}\n").into_bytes()
            })
            .collect();
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut e, &body).unwrap();
        let gz = e.finish().unwrap();
        let r = read_all(&gz, "plain-name.jsonl");
        assert_eq!(r.len(), 3000);
        assert!(r.iter().all(|r| r.error.is_none()));
        let r = read_all(&gz[..gz.len() / 2], "cut.jsonl.gz");
        let (last, ok) = r.split_last().unwrap();
        assert!(!ok.is_empty() && ok.iter().all(|r| r.error.is_none()));
        let err = last.error.as_deref().unwrap();
        assert!(
            err.starts_with(&format!(
                "{}:{}: the gzip stream",
                last.origin.rsplit_once(':').unwrap().0,
                ok.len() + 1
            )),
            "{err}"
        );
    }

    #[test]
    fn other_and_dotted_field_names() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("in.jsonl");
        std::fs::write(
            &p,
            "{\"url\":\"u1\",\"doc\":{\"body\":\"Hi.\",\"lang\":\"en\"}}\n{\"url\":\"u2\"}\n",
        )
        .unwrap();
        let fields = Fields {
            id: "url".into(),
            text: "doc.body".into(),
        };
        let r: Vec<_> = Inputs::open(&[p], ReadOptions::default())
            .unwrap()
            .fields(fields)
            .collect();
        assert_eq!((r[0].id.as_str(), r[0].text.as_str()), ("u1", "Hi."));
        assert_eq!(r[0].meta["doc"], serde_json::json!({"lang": "en"}));
        assert!(r[1]
            .error
            .as_deref()
            .unwrap()
            .contains("missing \"doc.body\""));
        let r = read_all(b"{\"id\":1}\n", "fake.parquet");
        assert!(r[0]
            .error
            .as_deref()
            .unwrap()
            .contains("not a Parquet file"));
    }

    #[test]
    fn missing_input_is_a_usage_error() {
        assert!(Inputs::open(
            &[PathBuf::from("/no/such/file.jsonl")],
            ReadOptions::default()
        )
        .is_err());
    }
}
