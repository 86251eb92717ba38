//! `saywho extract -o OUT --resume`: continue an interrupted run without losing, repeating or
//! reordering a record.
//!
//! Semantics:
//! - The file continued is `OUT`; if `OUT` does not exist but `OUT.partial` does (the first run
//!   was a fresh, atomic one that died before its rename), `OUT.partial` is renamed to `OUT` and
//!   continued. With neither, the run starts from nothing (and still writes `OUT` directly).
//! - A *complete* record is a full line: terminated by `\n` and parsing as a JSON object with a
//!   string `id`. A last line that is not complete (the process was killed mid-write) is cut
//!   off and its record reprocessed. Any other bad line means `OUT` is not saywho output:
//!   refuse (exit 2) rather than guess.
//! - Resuming is positional: output is one record per input, in input order, so the `K`
//!   complete records of `OUT` are the first `K` input records. Those are read (not processed)
//!   and their ids checked one by one against `OUT`; a mismatch (different inputs, different
//!   order) refuses the resume (exit 2). This also keeps duplicate ids exact.
//! - New records are appended to `OUT` and flushed after every chunk (`--batch`), so a killed
//!   resume run can itself be resumed.

use super::InputRecord;
use serde_json::Value;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

/// What a previous run left in `OUT`.
#[derive(Debug, Default)]
pub struct Resumed {
    /// Ids of the complete records, in order.
    pub ids: Vec<String>,
    /// How many of them carry `error`.
    pub errors: usize,
    /// Bytes of an incomplete last line that were cut off.
    pub truncated_bytes: u64,
    /// `OUT.partial` was renamed to `OUT` to continue it.
    pub from_partial: bool,
}

/// Refuse `--resume` for output that cannot be continued: compressed (`.gz`, `.zst`: a cut
/// stream cannot be trimmed back to its last complete record) and Parquet (readable only once
/// its footer is written, at the end of the run).
pub fn check_resumable(out: &Path) -> anyhow::Result<()> {
    use super::compress::{output_format, Format};
    match output_format(out) {
        Format::Plain => Ok(()),
        Format::Parquet => anyhow::bail!(
            "--resume cannot continue Parquet output ({}): a Parquet file is only readable once \
             its footer is written at the end of a run. Write JSON Lines to resume \
             (-o out.jsonl --resume), or rerun without --resume",
            out.display()
        ),
        z => anyhow::bail!(
            "--resume cannot continue {} output ({}): a cut compressed stream cannot be trimmed \
             back to its last complete record. Write plain JSON Lines to resume (-o out.jsonl \
             --resume) and compress when done, or rerun without --resume",
            z.name(),
            out.display()
        ),
    }
}

/// `OUT.partial` for `OUT`.
pub fn partial_path(out: &Path) -> PathBuf {
    let mut p = out.as_os_str().to_owned();
    p.push(".partial");
    PathBuf::from(p)
}

/// Find the output to continue (see the module docs), repair a truncated last line, and list
/// the complete records. Afterwards `out` exists and ends with a complete line (or is empty).
pub fn prepare(out: &Path) -> anyhow::Result<Resumed> {
    let mut state = Resumed::default();
    let partial = partial_path(out);
    if !out.exists() {
        if partial.exists() {
            std::fs::rename(&partial, out).map_err(|e| {
                anyhow::anyhow!(
                    "cannot move {} to {}: {e}",
                    partial.display(),
                    out.display()
                )
            })?;
            state.from_partial = true;
        } else {
            File::create(out)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", out.display()))?;
            return Ok(state);
        }
    } else if partial.exists() {
        eprintln!(
            "saywho: warning: --resume continues {} and ignores {}",
            out.display(),
            partial.display()
        );
    }
    let f = File::open(out).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", out.display()))?;
    let mut r = BufReader::with_capacity(1 << 20, f);
    let mut good_len: u64 = 0;
    let mut line = Vec::new();
    let mut n = 0usize;
    loop {
        line.clear();
        let got = r.read_until(b'\n', &mut line)?;
        if got == 0 {
            break;
        }
        n += 1;
        let complete = line.last() == Some(&b'\n');
        match complete_record(&line) {
            Some((id, err)) if complete => {
                state.ids.push(id);
                state.errors += usize::from(err);
                good_len += got as u64;
            }
            _ => {
                // only the last line may be cut short
                let mut rest = Vec::new();
                io::Read::read_to_end(&mut r, &mut rest)?;
                if !rest.is_empty() {
                    anyhow::bail!(
                        "{}:{n}: not a complete saywho record; refusing to resume \
                         (is this the output of `saywho extract`?)",
                        out.display()
                    );
                }
                state.truncated_bytes = got as u64;
                break;
            }
        }
    }
    if state.truncated_bytes > 0 {
        let f = OpenOptions::new().write(true).open(out)?;
        f.set_len(good_len)?;
        f.sync_all()?;
    }
    Ok(state)
}

/// `(id, has_error)` of a line holding one complete output record.
fn complete_record(line: &[u8]) -> Option<(String, bool)> {
    let v: Value = serde_json::from_slice(line).ok()?;
    let id = v.get("id")?.as_str()?.to_string();
    let err = v.get("error").is_some_and(|e| !e.is_null());
    Some((id, err))
}

/// Consume the first `done.len()` input records, checking each id against the record already
/// in `OUT` at that position. Returns how many were skipped.
pub fn skip_done(
    inputs: &mut impl Iterator<Item = InputRecord>,
    done: &[String],
) -> anyhow::Result<usize> {
    for (i, id) in done.iter().enumerate() {
        match inputs.next() {
            Some(r) if r.id == *id => {}
            Some(r) => anyhow::bail!(
                "cannot resume: record {} of the output has id {id:?} but input record {} \
                 ({}) has id {:?}; the inputs differ from the interrupted run",
                i + 1,
                i + 1,
                r.origin,
                r.id
            ),
            None => anyhow::bail!(
                "cannot resume: the output already holds {} records but the inputs have only {i}",
                done.len()
            ),
        }
    }
    Ok(done.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str) -> String {
        format!("{{\"id\":\"{id}\",\"quotes\":[],\"error\":null}}\n")
    }

    #[test]
    fn truncated_last_line_is_cut_and_partial_is_picked_up() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("o.jsonl");
        let body = format!("{}{}{{\"id\":\"c\",\"quo", rec("a"), rec("b"));
        std::fs::write(partial_path(&out), &body).unwrap();
        let s = prepare(&out).unwrap();
        assert!(s.from_partial);
        assert_eq!(s.ids, vec!["a", "b"]);
        assert_eq!(s.truncated_bytes, 14);
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            format!("{}{}", rec("a"), rec("b"))
        );
        assert!(!partial_path(&out).exists());
    }

    #[test]
    fn complete_json_without_newline_is_reprocessed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("o.jsonl");
        std::fs::write(&out, format!("{}{}", rec("a"), rec("b").trim_end())).unwrap();
        let s = prepare(&out).unwrap();
        assert_eq!(s.ids, vec!["a"]);
    }

    #[test]
    fn garbage_in_the_middle_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("o.jsonl");
        std::fs::write(&out, format!("{}not json\n{}", rec("a"), rec("b"))).unwrap();
        assert!(prepare(&out).is_err());
    }

    #[test]
    fn nothing_to_resume_starts_fresh() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("o.jsonl");
        let s = prepare(&out).unwrap();
        assert!(s.ids.is_empty() && out.exists());
    }

    #[test]
    fn skip_checks_ids_in_order() {
        let mk = |id: &str| InputRecord {
            id: id.into(),
            text: "t".into(),
            meta: Default::default(),
            origin: id.into(),
            error: None,
        };
        let mut it = vec![mk("a"), mk("b"), mk("c")].into_iter();
        assert_eq!(skip_done(&mut it, &["a".into(), "b".into()]).unwrap(), 2);
        assert_eq!(it.next().unwrap().id, "c");
        let mut it = vec![mk("a"), mk("x")].into_iter();
        assert!(skip_done(&mut it, &["a".into(), "b".into()]).is_err());
        let mut it = vec![mk("a")].into_iter();
        assert!(skip_done(&mut it, &["a".into(), "b".into()]).is_err());
    }
}
