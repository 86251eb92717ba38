//! Per-stage timing for `saywho extract --profile`.
//!
//! A [`Profile`] is a set of atomic counters shared (via `Arc`) by the pipeline driver and its
//! worker threads. Stage wall times are measured with [`Instant`] around each stage and added
//! up in nanoseconds:
//!
//! - **sequential phases** (run on the driver thread, one after another): reading/parsing the
//!   input, cleaning + language identification (parallel over a chunk), the entity stage
//!   (one batched model call per chunk: tokenize, forward, decode),
//!   the rule phase as a whole (the rayon `par_iter` over a chunk) and writing. Their sum is at
//!   most the run's wall time, so "% of wall" is meaningful.
//! - **per-article stages** inside the rule phase (segment, quotes, attribution, claims,
//!   output record JSON) run on several threads at once: their times are summed over the
//!   threads (thread-seconds), so with `--threads 2` they can add up to twice the rule phase's
//!   wall time. The report shows them as shares of the rule phase.
//!
//! With `--profile` off the pipeline holds no `Profile` and takes no timestamps.

use serde_json::json;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// The stages that are timed. `Read`, `Entities`, `Rules` and `Write` are sequential phases;
/// the others are per-article stages summed over worker threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading and parsing input records (JSONL / .txt), including `--shard` filtering.
    Read,
    /// Markup cleaning and language identification (parallel over a chunk, before the
    /// entity stage; see `crate::clean`).
    Clean,
    /// The entity stage as a whole (one batched model call per chunk).
    Entities,
    /// Entity stage: subword tokenization.
    NerTokenize,
    /// Entity stage: transformer forward passes.
    NerForward,
    /// Entity stage: subword -> span decoding.
    NerDecode,
    /// The rule phase as a whole (parallel over a chunk's articles).
    Rules,
    Segment,
    Quotes,
    Attribution,
    Claims,
    /// Building the output record of an article (JSON value, and its serialization when
    /// `Pipeline::run` writes it).
    Record,
    /// Serializing and writing records to the output.
    Write,
}

const N_STAGES: usize = 13;

impl Stage {
    fn idx(self) -> usize {
        self as usize
    }
}

/// Counters of one NER call (filled by [`crate::ner::EntityTagger::tag_batch_with_stats`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct NerStats {
    pub tokenize: Duration,
    pub forward: Duration,
    pub decode: Duration,
    /// Subword tokens run through the transformer (window contents incl. overlaps, plus
    /// [CLS]/[SEP]; padding excluded).
    pub tokens: u64,
    /// Positions including padding (batch rows x longest window of the batch).
    pub padded: u64,
    pub windows: u64,
    pub forward_calls: u64,
}

/// Shared per-stage counters (see the module docs).
#[derive(Debug, Default)]
pub struct Profile {
    nanos: [AtomicU64; N_STAGES],
    articles: AtomicU64,
    words: AtomicU64,
    ner_tokens: AtomicU64,
    ner_padded: AtomicU64,
    ner_windows: AtomicU64,
    ner_calls: AtomicU64,
}

fn secs(n: u64) -> f64 {
    n as f64 / 1e9
}

impl Profile {
    pub fn new() -> Self {
        Profile::default()
    }

    /// Add `d` to `stage`.
    pub fn add(&self, stage: Stage, d: Duration) {
        self.nanos[stage.idx()].fetch_add(d.as_nanos() as u64, Relaxed);
    }

    /// Add the time since `t0` to `stage`, and return now (for the next stage).
    pub fn lap(&self, stage: Stage, t0: Instant) -> Instant {
        let now = Instant::now();
        self.add(stage, now - t0);
        now
    }

    /// Count one processed article of `words` whitespace-separated words.
    pub fn article(&self, words: usize) {
        self.articles.fetch_add(1, Relaxed);
        self.words.fetch_add(words as u64, Relaxed);
    }

    pub fn ner(&self, s: &NerStats) {
        self.add(Stage::NerTokenize, s.tokenize);
        self.add(Stage::NerForward, s.forward);
        self.add(Stage::NerDecode, s.decode);
        self.ner_tokens.fetch_add(s.tokens, Relaxed);
        self.ner_padded.fetch_add(s.padded, Relaxed);
        self.ner_windows.fetch_add(s.windows, Relaxed);
        self.ner_calls.fetch_add(s.forward_calls, Relaxed);
    }

    pub fn secs(&self, stage: Stage) -> f64 {
        secs(self.nanos[stage.idx()].load(Relaxed))
    }

    /// NER tokens per second of forward time (0 when the stage did not run).
    fn tokens_per_sec(&self) -> f64 {
        let f = self.secs(Stage::NerForward);
        if f > 0.0 {
            self.ner_tokens.load(Relaxed) as f64 / f
        } else {
            0.0
        }
    }

    /// The `--profile` report for stderr; `wall`: the run's wall time in seconds.
    pub fn report(&self, wall: f64) -> String {
        use std::fmt::Write;
        let wall = wall.max(1e-9);
        let pct = |s: f64| 100.0 * s / wall;
        let articles = self.articles.load(Relaxed);
        let words = self.words.load(Relaxed);
        let mut o = String::new();
        let _ = writeln!(
            o,
            "saywho profile: wall {wall:.3}s, {articles} articles processed, {words} words \
             ({:.0} words/s)",
            words as f64 / wall
        );
        let _ = writeln!(o, "  {:<28} {:>10} {:>8}", "stage", "seconds", "% wall");
        let line = |o: &mut String, name: &str, s: f64| {
            let _ = writeln!(o, "  {name:<28} {s:>10.3} {:>7.1}%", pct(s));
        };
        line(&mut o, "read/parse", self.secs(Stage::Read));
        line(&mut o, "clean + language", self.secs(Stage::Clean));
        line(&mut o, "entities (NER)", self.secs(Stage::Entities));
        for (name, st) in [
            ("  tokenize", Stage::NerTokenize),
            ("  forward", Stage::NerForward),
            ("  decode", Stage::NerDecode),
        ] {
            line(&mut o, name, self.secs(st));
        }
        let tokens = self.ner_tokens.load(Relaxed);
        if tokens > 0 {
            let _ = writeln!(
                o,
                "    {tokens} tokens ({} with padding) in {} windows, {} forward calls: \
                 {:.0} tokens/s of forward time",
                self.ner_padded.load(Relaxed),
                self.ner_windows.load(Relaxed),
                self.ner_calls.load(Relaxed),
                self.tokens_per_sec()
            );
        }
        let rules = self.secs(Stage::Rules);
        line(&mut o, "rule stages (parallel phase)", rules);
        let per_article = [
            ("segment", Stage::Segment),
            ("quotes", Stage::Quotes),
            ("attribution", Stage::Attribution),
            ("claims", Stage::Claims),
            ("record JSON", Stage::Record),
        ];
        let thread_total: f64 = per_article.iter().map(|(_, s)| self.secs(*s)).sum();
        for (name, st) in per_article {
            let s = self.secs(st);
            let share = if thread_total > 0.0 {
                100.0 * s / thread_total
            } else {
                0.0
            };
            let _ = writeln!(
                o,
                "  {:<28} {s:>10.3} {:>7.1}% of the rule phase (thread-seconds)",
                format!("  {name}"),
                share
            );
        }
        line(&mut o, "write", self.secs(Stage::Write));
        let accounted = self.secs(Stage::Read)
            + self.secs(Stage::Clean)
            + self.secs(Stage::Entities)
            + rules
            + self.secs(Stage::Write);
        line(
            &mut o,
            "other (start-up, model load)",
            (wall - accounted).max(0.0),
        );
        o
    }

    /// The profile as JSON (for `--stats FILE` with `--profile`); seconds per stage.
    pub fn to_json(&self, wall: f64) -> serde_json::Value {
        let r = |x: f64| (x * 1000.0).round() / 1000.0;
        let s = |st: Stage| r(self.secs(st));
        let words = self.words.load(Relaxed);
        json!({
            "wall_seconds": r(wall),
            "articles": self.articles.load(Relaxed),
            "words": words,
            "words_per_second": (words as f64 / wall.max(1e-9)).round(),
            "seconds": {
                "read": s(Stage::Read),
                "clean": s(Stage::Clean),
                "entities": s(Stage::Entities),
                "ner_tokenize": s(Stage::NerTokenize),
                "ner_forward": s(Stage::NerForward),
                "ner_decode": s(Stage::NerDecode),
                "rules": s(Stage::Rules),
                "segment": s(Stage::Segment),
                "quotes": s(Stage::Quotes),
                "attribution": s(Stage::Attribution),
                "claims": s(Stage::Claims),
                "record": s(Stage::Record),
                "write": s(Stage::Write),
            },
            "ner_tokens": self.ner_tokens.load(Relaxed),
            "ner_padded_tokens": self.ner_padded.load(Relaxed),
            "ner_windows": self.ner_windows.load(Relaxed),
            "ner_forward_calls": self.ner_calls.load(Relaxed),
            "ner_tokens_per_second": self.tokens_per_sec().round(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_add_up_and_report_names_them() {
        let p = Profile::new();
        p.add(Stage::Read, Duration::from_millis(100));
        p.add(Stage::Segment, Duration::from_millis(30));
        p.add(Stage::Segment, Duration::from_millis(20));
        p.ner(&NerStats {
            forward: Duration::from_secs(2),
            tokens: 1000,
            ..Default::default()
        });
        p.article(10);
        assert!((p.secs(Stage::Segment) - 0.05).abs() < 1e-9);
        let r = p.report(4.0);
        for s in [
            "read/parse",
            "entities (NER)",
            "forward",
            "segment",
            "write",
        ] {
            assert!(r.contains(s), "{r}");
        }
        assert!(r.contains("500 tokens/s"), "{r}");
        let j = p.to_json(4.0);
        assert_eq!(j["ner_tokens"], 1000);
        assert_eq!(j["seconds"]["read"], 0.1);
    }
}
