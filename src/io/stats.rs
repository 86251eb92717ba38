//! Run accounting: duplicate-id counting and the end-of-run summary (stderr line and
//! `--stats FILE` JSON).
//!
//! Duplicate ids are not an error: both records are processed and written, in input order
//! (output stays one record per input); the run warns once on stderr with the count.

use super::InputRecord;
use serde_json::json;
use std::cell::Cell;
use std::collections::HashSet;
use std::path::Path;
use std::rc::Rc;

/// Counts for the end-of-run summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub read: usize,
    pub ok: usize,
    pub errors: usize,
    /// Records not processed because of their language (empty layers, `warning`; not errors).
    pub other_language: usize,
    /// Records whose text was cleaned of HTML markup / character references.
    pub html: usize,
}

/// Passes records through, counting those whose id was already seen.
pub struct DupIds<I> {
    inner: I,
    seen: HashSet<String>,
    dups: Rc<Cell<usize>>,
}

impl<I: Iterator<Item = InputRecord>> DupIds<I> {
    /// `seen`: ids already written (e.g. by the run being resumed). The returned counter is
    /// readable after the iterator has been consumed.
    pub fn new(inner: I, seen: impl IntoIterator<Item = String>) -> (Self, Rc<Cell<usize>>) {
        let dups = Rc::new(Cell::new(0));
        (
            DupIds {
                inner,
                seen: seen.into_iter().collect(),
                dups: dups.clone(),
            },
            dups,
        )
    }
}

impl<I: Iterator<Item = InputRecord>> Iterator for DupIds<I> {
    type Item = InputRecord;
    fn next(&mut self) -> Option<InputRecord> {
        let r = self.inner.next()?;
        if !self.seen.insert(r.id.clone()) {
            self.dups.set(self.dups.get() + 1);
        }
        Some(r)
    }
}

/// Everything the end-of-run summary reports.
#[derive(Debug, Clone, Default)]
pub struct RunStats {
    /// This run's counts (records read, processed ok, error records).
    pub summary: Summary,
    /// Complete records kept from the interrupted run (`--resume`), and how many carry `error`.
    pub resumed: usize,
    pub resumed_errors: usize,
    /// Records whose id repeats an earlier one.
    pub duplicate_ids: usize,
    pub seconds: f64,
    /// `--shard K/N`, and how many input records belonged to other shards (read, not
    /// processed, not written, not errors).
    pub shard: Option<super::shard::Shard>,
    pub other_shards: usize,
    /// `--profile`: per-stage seconds etc. (see [`crate::profile::Profile::to_json`]).
    pub profile: Option<serde_json::Value>,
    /// Which check-worthiness model scored sentences (`transformer` or `linear`; `None`:
    /// claims stage off).
    pub claims_model: Option<&'static str>,
    /// Which quote-confidence calibration ran (`combined`, `tagger`, `rules`,
    /// `rules_no_entities`) and the `--min-confidence` cut.
    pub confidence_calibration: Option<&'static str>,
    pub min_confidence: f32,
}

impl RunStats {
    pub fn articles_per_second(&self) -> f64 {
        self.summary.read as f64 / self.seconds.max(1e-9)
    }

    /// Error records in the whole output (this run and the resumed part).
    pub fn total_errors(&self) -> usize {
        self.summary.errors + self.resumed_errors
    }

    /// The one-line summary for stderr.
    pub fn line(&self) -> String {
        let mut s = format!(
            "saywho: read {} / written {} / ok {} / errors {} in {:.2}s ({:.1} articles/s)",
            self.summary.read,
            self.summary.read,
            self.summary.ok,
            self.summary.errors,
            self.seconds,
            self.articles_per_second()
        );
        if self.summary.other_language > 0 {
            s.push_str(&format!(
                "; {} records not processed: not in an accepted language (see their `warning`; \
                 --languages / --any-language)",
                self.summary.other_language
            ));
        }
        if self.summary.html > 0 {
            s.push_str(&format!(
                "; {} records cleaned of HTML markup (offsets point into their `text`)",
                self.summary.html
            ));
        }
        if let Some(sh) = self.shard {
            s.push_str(&format!(
                "; shard {sh}: {} records of other shards skipped",
                self.other_shards
            ));
        }
        if self.resumed > 0 {
            s.push_str(&format!(
                "; resumed after {} records already in the output ({} errors)",
                self.resumed, self.resumed_errors
            ));
        }
        s
    }

    pub fn to_json(&self) -> serde_json::Value {
        let mut v = json!({
            "read": self.summary.read,
            "written": self.summary.read,
            "ok": self.summary.ok,
            "errors": self.summary.errors,
            "other_language": self.summary.other_language,
            "html_cleaned": self.summary.html,
            "resumed": self.resumed,
            "resumed_errors": self.resumed_errors,
            "total_records": self.resumed + self.summary.read,
            "total_errors": self.total_errors(),
            "duplicate_ids": self.duplicate_ids,
            "seconds": (self.seconds * 1000.0).round() / 1000.0,
            "articles_per_second": (self.articles_per_second() * 10.0).round() / 10.0,
            "shard": self.shard.map(|s| s.to_string()),
            "other_shards": self.other_shards,
            "claims_model": self.claims_model,
            "confidence_calibration": self.confidence_calibration,
            "min_confidence": self.min_confidence,
        });
        if let Some(p) = &self.profile {
            v["profile"] = p.clone();
        }
        v
    }

    /// Write the JSON summary to `path` (atomically: `path.partial`, then rename).
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let tmp = super::resume::partial_path(path);
        let mut body = serde_json::to_string_pretty(&self.to_json())?;
        body.push('\n');
        std::fs::write(&tmp, body)?;
        std::fs::rename(&tmp, path)
    }
}
