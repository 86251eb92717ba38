//! The staged pipeline and its streaming, parallel driver.
//!
//! Stages are single-threaded and pure over one [`Document`]; parallelism lives only in
//! [`Pipeline::run`], which takes bounded chunks of records, annotates them with rayon, and
//! writes results in input order. Memory is bounded by the chunk size, not the corpus.

use crate::claims::head::ClaimHead;
use crate::claims::ClaimModel;
use crate::clean::{CleanOptions, Prepared};
use crate::deadline::{run_bounded, Bounded};
use crate::document::Document;
use crate::document::{Entity, Span, TokenVectors};
pub use crate::io::stats::Summary;
use crate::io::{record_json, InputRecord, Output};
use crate::ner::{EntityTagger, NerStats};
use crate::profile::{Profile, Stage};
use crate::quotes::learned::Mode;
use rayon::prelude::*;
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Articles per entity-model call: bounds the model stage's per-token working data (subwords,
/// label distributions) whatever `--batch` is. Windows are still sorted by length inside a
/// group, and an article's tags do not depend on the other articles of its call.
const NER_GROUP: usize = 32;

#[derive(Default, Clone)]
pub struct Pipeline {
    keep_text: bool,
    /// Per-article time bound (see [`crate::deadline`]); `None`: unbounded, run inline.
    article_timeout: Option<Duration>,
    /// The claims stage's model and threshold; `None` skips the stage.
    claims: Option<(Arc<ClaimModel>, f32)>,
    /// The transformer claims head (its projection attached to `ner`); `None`: the linear
    /// model scores alone.
    claim_head: Option<Arc<ClaimHead>>,
    /// The transformer entity tagger; `None` skips the entity stage (names then come from
    /// capitalised chunks).
    ner: Option<Arc<EntityTagger>>,
    /// Per-stage timing (`--profile`); `None`: no timestamps are taken.
    profile: Option<Arc<Profile>>,
    /// Where quotes come from: rules, the learned tagger, or both (needs a tagger with an
    /// attribution head; otherwise rules).
    mode: Mode,
    /// Whether `ner`'s model has the attribution head (read once when it is set).
    attr_head: bool,
    /// Markup cleaning and language identification before the stages (see [`crate::clean`]).
    clean: CleanOptions,
    /// Quotes whose calibrated confidence is below this are dropped (`--min-confidence`).
    min_confidence: f32,
    /// Put each quote's calibration features into its output record (`features`), for
    /// training `models/attribution/confidence.json`.
    quote_features: bool,
}

/// What the transformer gives one article: entities, attribution tags and (with the claims
/// head) projected token states.
type ModelTags = (Vec<Entity>, Vec<Entity>, Option<TokenVectors>);

impl Pipeline {
    pub fn new() -> Self {
        Pipeline::default()
    }

    /// Put each article's `text` into its output record.
    pub fn keep_text(mut self, yes: bool) -> Self {
        self.keep_text = yes;
        self
    }

    /// How markup is cleaned and which languages are processed (see [`crate::clean`]).
    pub fn clean(mut self, opts: CleanOptions) -> Self {
        self.clean = opts;
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

    /// Score check-worthiness with the transformer claims head: attaches the head's projection
    /// to the entity tagger (set [`Pipeline::entities`] first; without a tagger the linear
    /// model scores alone and this is a no-op).
    pub fn claim_head(mut self, head: Arc<ClaimHead>) -> anyhow::Result<Self> {
        if let Some(ner) = &self.ner {
            anyhow::ensure!(
                ner.hidden_size() == head.hidden,
                "the claims head expects encoder states of size {}, the model has {}",
                head.hidden,
                ner.hidden_size()
            );
            match head.tower_path() {
                Some((path, split)) => ner.set_claims_tower(Some((&path, split)))?,
                None => ner.set_claims_tower(None)?,
            }
            ner.set_projection(Some((&head.proj_w, &head.proj_b)))?;
            self.claim_head = Some(head);
        }
        Ok(self)
    }

    /// Which check-worthiness model scores sentences: `transformer` (the claims head on the
    /// shared encoder) or `linear`; `None` when the claims stage is off.
    pub fn claims_model(&self) -> Option<&'static str> {
        self.claims.as_ref().map(|_| match self.claim_head {
            Some(_) => "transformer",
            None => "linear",
        })
    }

    /// Tag entities with this model (batched across articles in [`Pipeline::process_batch`]).
    pub fn entities(mut self, tagger: Arc<EntityTagger>) -> Self {
        self.attr_head = tagger.has_attribution();
        self.ner = Some(tagger);
        self
    }

    /// Choose where quotes come from (see [`Mode`]); anything but `Rules` needs an entity
    /// tagger whose model has the attribution head, else the rules run alone.
    pub fn attribution(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Drop quotes whose calibrated `confidence` (the probability that content and speaker are
    /// both right) is below `p`; 0 keeps every quote.
    pub fn min_confidence(mut self, p: f32) -> Self {
        self.min_confidence = p;
        self
    }

    /// Write each quote's calibration features into its output record as `features` (for
    /// `examples/train_confidence.rs`; not part of the output contract).
    pub fn quote_features(mut self, yes: bool) -> Self {
        self.quote_features = yes;
        self
    }

    /// The key of the confidence calibration this configuration uses (see
    /// [`crate::attribution::confidence::mode_key`]).
    pub fn calibration(&self) -> &'static str {
        crate::attribution::confidence::mode_key(self.effective_mode().as_str(), self.ner.is_some())
    }

    /// The quote source actually used: `mode`, or `Rules` without an attribution head.
    pub fn effective_mode(&self) -> Mode {
        match (&self.ner, self.attr_head) {
            (Some(_), true) => self.mode,
            _ => Mode::Rules,
        }
    }

    /// Time every stage into `profile` (see [`crate::profile`]).
    pub fn profile(mut self, profile: Arc<Profile>) -> Self {
        self.profile = Some(profile);
        self
    }

    /// Start timing (only when profiling).
    fn t0(&self) -> Option<Instant> {
        self.profile.as_ref().map(|_| Instant::now())
    }

    /// Add the time since `t0` to `stage` and restart the clock (no-op when not profiling).
    fn lap(&self, stage: Stage, t0: &mut Option<Instant>) {
        if let (Some(p), Some(t)) = (&self.profile, t0.as_mut()) {
            *t = p.lap(stage, *t);
        }
    }

    /// Run the entity tagger over a batch of records (one batched model call; if it fails, each
    /// article alone, so one odd article cannot fail the others). `None`: stage off or the
    /// record already failed; `Some(Err)`: tagging failed for that article.
    fn tag_entities(
        &self,
        batch: &[InputRecord],
        prep: &[Option<Prepared>],
    ) -> Vec<Option<Result<ModelTags, String>>> {
        let Some(ner) = &self.ner else {
            return batch.iter().map(|_| None).collect();
        };
        let ents = |raw: Vec<crate::ner::RawEntity>| -> Vec<Entity> {
            raw.into_iter()
                .map(|e| Entity {
                    span: Span::new(e.start, e.end),
                    label: e.label,
                    score: e.score,
                })
                .collect()
        };
        let convert = |t: crate::ner::Tagged| (ents(t.entities), ents(t.attribution), t.vectors);
        let idx: Vec<usize> = (0..batch.len())
            .filter(|&i| {
                batch[i].error.is_none() && prep[i].as_ref().is_some_and(|p| p.skip.is_none())
            })
            .collect();
        let mut out: Vec<Option<Result<ModelTags, String>>> = batch.iter().map(|_| None).collect();
        let mut t0 = self.t0();
        let mut stats = NerStats::default();
        // groups of at most NER_GROUP articles: the model's per-token working data (subwords,
        // label distributions) then stays bounded whatever `--batch` is; an article's tags do
        // not depend on the other articles of its call
        for group in idx.chunks(NER_GROUP) {
            let texts: Vec<&str> = group.iter().map(|&i| batch[i].text.as_str()).collect();
            match ner.analyze_batch_with_stats(&texts, &mut stats) {
                Ok(all) => {
                    for (&i, tags) in group.iter().zip(all) {
                        out[i] = Some(Ok(convert(tags)));
                    }
                }
                Err(_) => {
                    for &i in group {
                        out[i] = Some(
                            ner.analyze_batch_with_stats(&[batch[i].text.as_str()], &mut stats)
                                .map(|mut v| convert(v.pop().unwrap_or_default()))
                                .map_err(|e| format!("entity tagging failed: {e:#}")),
                        );
                    }
                }
            }
        }
        if let Some(p) = &self.profile {
            p.ner(&stats);
        }
        self.lap(Stage::Entities, &mut t0);
        out
    }

    /// Process a batch of records: entities for the whole batch in one model call, then the
    /// rule stages in parallel (rayon). Output order = input order.
    pub fn process_batch(&self, batch: Vec<InputRecord>) -> Vec<Value> {
        self.process_batch_map(batch, |v| v)
    }

    /// [`Pipeline::process_batch`], passing each output record through `f` on the worker
    /// thread that made it (e.g. to serialize it, so a chunk's records are held as compact
    /// JSON bytes rather than as `Value` trees).
    pub fn process_batch_map<T: Send>(
        &self,
        batch: Vec<InputRecord>,
        f: impl Fn(Value) -> T + Sync + Send,
    ) -> Vec<T> {
        let mut batch = batch;
        let prep = self.prepare_batch(&mut batch);
        let ents = self.tag_entities(&batch, &prep);
        let mut t0 = self.t0();
        let out = batch
            .into_par_iter()
            .zip(ents)
            .zip(prep)
            .map(|((r, e), p)| f(self.process_with(r, e, p)))
            .collect();
        self.lap(Stage::Rules, &mut t0);
        out
    }

    /// Clean each readable record's text in place and identify its language (in parallel;
    /// `None` for records that already failed).
    fn prepare_batch(&self, batch: &mut [InputRecord]) -> Vec<Option<Prepared>> {
        let mut t0 = self.t0();
        let out = batch
            .par_iter_mut()
            .map(|r| {
                if r.error.is_some() {
                    return None;
                }
                match crate::clean::prepare(&mut r.text, &self.clean) {
                    Ok(p) => Some(p),
                    Err(msg) => {
                        r.error = Some(format!("{} (id {}): {msg}", r.origin, r.id));
                        None
                    }
                }
            })
            .collect();
        self.lap(Stage::Clean, &mut t0);
        out
    }

    /// Run every stage on one article.
    pub fn annotate(&self, mut doc: Document) -> Document {
        let mut t0 = self.t0();
        let regions = crate::segment::segment(&mut doc);
        self.lap(Stage::Segment, &mut t0);
        crate::quotes::extract(&mut doc, &regions);
        crate::quotes::learned::apply(&mut doc, &regions, self.effective_mode());
        self.lap(Stage::Quotes, &mut t0);
        crate::attribution::resolve(&mut doc);
        let mut feats = crate::attribution::confidence::calibrate(&mut doc, self.calibration());
        if self.min_confidence > 0.0 {
            let keep: Vec<bool> = doc
                .quotes
                .iter()
                .map(|q| q.confidence >= self.min_confidence)
                .collect();
            let mut it = keep.iter();
            doc.quotes.retain(|_| *it.next().unwrap_or(&true));
            let mut it = keep.iter();
            feats.retain(|_| *it.next().unwrap_or(&true));
        }
        if self.quote_features {
            doc.quote_features = feats;
        }
        self.lap(Stage::Attribution, &mut t0);
        if let Some((model, threshold)) = &self.claims {
            crate::claims::claims(&mut doc, model, self.claim_head.as_deref(), *threshold);
            self.lap(Stage::Claims, &mut t0);
        }
        if let Some(p) = &self.profile {
            p.article(doc.text.split_whitespace().count());
        }
        doc
    }

    /// One input record -> its output record. Never panics: an internal failure on an odd
    /// article becomes that record's `error`, and so does running past the article timeout.
    pub fn process(&self, rec: InputRecord) -> Value {
        let mut batch = vec![rec];
        let prep = self.prepare_batch(&mut batch).pop().flatten();
        let ents = self
            .tag_entities(&batch, std::slice::from_ref(&prep))
            .pop()
            .flatten();
        self.process_with(batch.pop().expect("one record"), ents, prep)
    }

    /// [`Pipeline::process`] with the article's text prepared and its entities tagged: the
    /// record, with the stage-0 fields (`language`, `warning`, `html`, and `text` when cleaned)
    /// appended.
    fn process_with(
        &self,
        rec: InputRecord,
        ents: Option<Result<ModelTags, String>>,
        prep: Option<Prepared>,
    ) -> Value {
        let keep_text = self.keep_text || prep.as_ref().is_some_and(|p| p.html);
        let text = keep_text.then(|| rec.text.clone());
        let mut out = self.process_prepared(rec, ents, prep.as_ref());
        // a failed record carries no text: its offsets point nowhere
        if let Some(t) = text.filter(|_| out["error"].is_null()) {
            out["text"] = Value::String(t);
        }
        out["language"] = prep.as_ref().map_or(Value::Null, Prepared::language_json);
        out["warning"] = match prep.as_ref().and_then(|p| p.skip.clone()) {
            Some(w) if out["error"].is_null() => Value::String(w),
            _ => Value::Null,
        };
        out["html"] = Value::Bool(prep.is_some_and(|p| p.html));
        out
    }

    fn process_prepared(
        &self,
        rec: InputRecord,
        ents: Option<Result<ModelTags, String>>,
        prep: Option<&Prepared>,
    ) -> Value {
        let mut doc = Document::new(rec.id, rec.text);
        doc.meta = rec.meta;
        if let Some(err) = rec.error {
            return record_json(&doc, Some(&err));
        }
        if prep.is_some_and(|p| p.skip.is_some()) {
            // not an accepted language: empty layers, never invented quotes
            let mut empty = Document::new(doc.id, "");
            empty.meta = doc.meta;
            return record_json(&empty, None);
        }
        match ents {
            Some(Ok((e, a, v))) => {
                doc.entities = e;
                doc.attribution_tags = a;
                doc.token_vectors = v;
            }
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
                let mut t0 = self.t0();
                let rec = record_json(&doc, None);
                self.lap(Stage::Record, &mut t0);
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
        let mut t0 = self.t0();
        while inputs.peek().is_some() {
            batch.clear();
            batch.extend(inputs.by_ref().take(chunk.max(1)));
            self.lap(Stage::Read, &mut t0);
            // records are serialized on the worker threads: a chunk in flight holds JSON bytes
            // (a few KB per article), not `Value` trees (several times larger)
            let results = self.process_batch_map(std::mem::take(&mut batch), |rec| {
                let mut t0 = self.t0();
                let bytes = serde_json::to_vec(&rec).expect("a JSON value serializes");
                self.lap(Stage::Record, &mut t0);
                let other_language = rec["warning"].is_string();
                (
                    rec["error"].is_null(),
                    other_language,
                    rec["html"] == true,
                    bytes,
                )
            });
            let mut t0w = self.t0();
            for (ok, other_language, html, rec) in &results {
                summary.read += 1;
                if *other_language {
                    summary.other_language += 1;
                } else if *ok {
                    summary.ok += 1;
                } else {
                    summary.errors += 1;
                }
                summary.html += usize::from(*html);
                out.write_raw(rec)?;
            }
            out.flush()?;
            // the records go before reading resumes: at most one chunk of results in memory
            drop(results);
            self.lap(Stage::Write, &mut t0w);
            progress(&summary);
            t0 = self.t0();
        }
        self.lap(Stage::Read, &mut t0);
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
