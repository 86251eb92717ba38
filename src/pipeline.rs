//! The staged pipeline and its streaming, parallel driver.
//!
//! Stages are single-threaded and pure over one [`Document`]; parallelism lives only in
//! [`Pipeline::run`], which takes bounded chunks of records, annotates them with rayon, and
//! writes results in input order. Memory is bounded by the chunk size, not the corpus.

use crate::claims::ClaimModel;
use crate::deadline::{run_bounded, Bounded};
use crate::document::Document;
use crate::document::{Entity, Span};
use crate::io::{record_json, InputRecord, Output};
use crate::ner::EntityTagger;
use rayon::prelude::*;
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Counts for the end-of-run summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub read: usize,
    pub ok: usize,
    pub errors: usize,
}

#[derive(Default, Clone)]
pub struct Pipeline {
    keep_text: bool,
    /// Per-article time bound (see [`crate::deadline`]); `None`: unbounded, run inline.
    article_timeout: Option<Duration>,
    /// The claims stage's model and threshold; `None` skips the stage.
    claims: Option<(Arc<ClaimModel>, f32)>,
    /// The transformer entity tagger; `None` skips the entity stage (names then come from
    /// capitalised chunks).
    ner: Option<Arc<EntityTagger>>,
}

impl Pipeline {
    pub fn new() -> Self {
        Pipeline::default()
    }

    /// Put each article's `text` into its output record.
    pub fn keep_text(mut self, yes: bool) -> Self {
        self.keep_text = yes;
        self
    }

    /// Bound each article's processing time: a late article yields an error record.
    pub fn article_timeout(mut self, t: Option<Duration>) -> Self {
        self.article_timeout = t;
        self
    }

    /// Run the claims stage with this model, keeping claims scoring at least `threshold`.
    pub fn claims(mut self, model: Arc<ClaimModel>, threshold: f32) -> Self {
        self.claims = Some((model, threshold));
        self
    }

    /// Tag entities with this model (batched across articles in [`Pipeline::process_batch`]).
    pub fn entities(mut self, tagger: Arc<EntityTagger>) -> Self {
        self.ner = Some(tagger);
        self
    }

    /// Run the entity tagger over a batch of records (one batched model call; if it fails, each
    /// article alone, so one odd article cannot fail the others). `None`: stage off or the
    /// record already failed; `Some(Err)`: tagging failed for that article.
    fn tag_entities(&self, batch: &[InputRecord]) -> Vec<Option<Result<Vec<Entity>, String>>> {
        let Some(ner) = &self.ner else {
            return batch.iter().map(|_| None).collect();
        };
        let convert = |raw: Vec<crate::ner::RawEntity>| -> Vec<Entity> {
            raw.into_iter()
                .map(|e| Entity {
                    span: Span::new(e.start, e.end),
                    label: e.label,
                    score: e.score,
                })
                .collect()
        };
        let idx: Vec<usize> = (0..batch.len())
            .filter(|&i| batch[i].error.is_none())
            .collect();
        let texts: Vec<&str> = idx.iter().map(|&i| batch[i].text.as_str()).collect();
        let mut out: Vec<Option<Result<Vec<Entity>, String>>> =
            batch.iter().map(|_| None).collect();
        match ner.tag_batch(&texts) {
            Ok(all) => {
                for (i, ents) in idx.into_iter().zip(all) {
                    out[i] = Some(Ok(convert(ents)));
                }
            }
            Err(_) => {
                for i in idx {
                    out[i] = Some(
                        ner.tag_batch(&[batch[i].text.as_str()])
                            .map(|mut v| convert(v.pop().unwrap_or_default()))
                            .map_err(|e| format!("entity tagging failed: {e:#}")),
                    );
                }
            }
        }
        out
    }

    /// Process a batch of records: entities for the whole batch in one model call, then the
    /// rule stages in parallel (rayon). Output order = input order.
    pub fn process_batch(&self, batch: Vec<InputRecord>) -> Vec<Value> {
        let ents = self.tag_entities(&batch);
        batch
            .into_par_iter()
            .zip(ents)
            .map(|(r, e)| self.process_with(r, e))
            .collect()
    }

    /// Run every stage on one article.
    pub fn annotate(&self, mut doc: Document) -> Document {
        let regions = crate::segment::segment(&mut doc);
        crate::quotes::extract(&mut doc, &regions);
        crate::attribution::resolve(&mut doc);
        if let Some((model, threshold)) = &self.claims {
            crate::claims::claims(&mut doc, model, *threshold);
        }
        doc
    }

    /// One input record -> its output record. Never panics: an internal failure on an odd
    /// article becomes that record's `error`, and so does running past the article timeout.
    pub fn process(&self, rec: InputRecord) -> Value {
        let ents = self
            .tag_entities(std::slice::from_ref(&rec))
            .pop()
            .flatten();
        self.process_with(rec, ents)
    }

    /// [`Pipeline::process`] with the article's entities already tagged.
    fn process_with(&self, rec: InputRecord, ents: Option<Result<Vec<Entity>, String>>) -> Value {
        let mut doc = Document::new(rec.id, rec.text);
        doc.meta = rec.meta;
        if let Some(err) = rec.error {
            return record_json(&doc, Some(&err));
        }
        match ents {
            Some(Ok(e)) => doc.entities = e,
            Some(Err(msg)) => {
                let id = doc.id.clone();
                let mut d = Document::new(id.clone(), "");
                d.meta = doc.meta;
                return record_json(&d, Some(&format!("{} (id {id}): {msg}", rec.origin)));
            }
            None => {}
        }
        let origin = rec.origin;
        let backup = (doc.id.clone(), doc.meta.clone());
        let this = self.clone();
        let failed = |msg: String| {
            let mut d = Document::new(backup.0.clone(), "");
            d.meta = backup.1.clone();
            record_json(&d, Some(&format!("{origin} (id {}): {msg}", backup.0)))
        };
        match run_bounded(self.article_timeout, move || this.annotate(doc)) {
            Bounded::Done(doc) => {
                let mut rec = record_json(&doc, None);
                if self.keep_text {
                    rec["text"] = Value::String(doc.text);
                }
                rec
            }
            Bounded::Panicked(msg) => failed(format!("internal error: {msg}")),
            Bounded::TimedOut => failed(format!(
                "timed out: processing took longer than --article-timeout {}s",
                self.article_timeout.unwrap_or_default().as_secs_f64()
            )),
        }
    }

    /// Stream `inputs` through the pipeline into `out`, `chunk` records at a time, calling
    /// `progress` after each chunk with the running summary.
    pub fn run(
        &self,
        inputs: impl Iterator<Item = InputRecord>,
        out: &mut Output,
        chunk: usize,
        mut progress: impl FnMut(&Summary),
    ) -> std::io::Result<Summary> {
        let mut summary = Summary::default();
        let mut inputs = inputs.peekable();
        let mut batch: Vec<InputRecord> = Vec::with_capacity(chunk);
        while inputs.peek().is_some() {
            batch.clear();
            batch.extend(inputs.by_ref().take(chunk.max(1)));
            let results: Vec<Value> = self.process_batch(std::mem::take(&mut batch));
            for rec in &results {
                summary.read += 1;
                if rec["error"].is_null() {
                    summary.ok += 1;
                } else {
                    summary.errors += 1;
                }
                out.write(rec)?;
            }
            out.flush()?;
            progress(&summary);
        }
        Ok(summary)
    }
}

/// Wall-clock helper for the summary line.
pub struct Timer(Instant);
impl Timer {
    pub fn start() -> Self {
        Timer(Instant::now())
    }
    pub fn secs(&self) -> f64 {
        self.0.elapsed().as_secs_f64()
    }
}
