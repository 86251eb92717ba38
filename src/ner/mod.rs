//! Transformer named-entity tagger (PER / ORG / LOC / MISC).
//!
//! Inference runs through rust-bert's `BertModel` (MiniLM-L6, uncased) on libtorch (tch), with
//! a casing-class embedding added to the input embeddings and a linear BIO classifier head;
//! weights live in `models/ner/` (see `models/README.md`).
//!
//! Long texts are never truncated: each text is tokenized in bounded segments, cut into
//! overlapping windows of at most `max_len - 2` subwords, and windows from all texts of one
//! call are sorted by length and run in bounded batches.

pub mod attr;
pub mod casing;
pub mod decode;
pub mod encode;
pub mod model;
pub mod quant;

use anyhow::{Context, Result};
use decode::TokPred;
use encode::{Tok, Window};
use model::NerModel;
use rayon::prelude::*;

pub use crate::document::TokenVectors;
pub use crate::profile::NerStats;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;
use tch::{Device, Kind, Tensor};
use tokenizers::Tokenizer;

/// One entity found in a text: BYTE offsets into the given text (end-exclusive), label
/// (`PER`, `ORG`, `LOC`, `MISC`) and score (mean probability of its words' labels).
#[derive(Debug, Clone, PartialEq)]
pub struct RawEntity {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub score: f32,
}

/// What one forward pass over a text gives: its entities and, when the model has an attribution
/// head, its attribution spans (label `SRC`, `CUE` or `CON`; BYTE offsets, like entities).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tagged {
    pub entities: Vec<RawEntity>,
    pub attribution: Vec<RawEntity>,
    /// With a projection attached ([`EntityTagger::set_projection`]): each subword token's
    /// byte span and its projected encoder state. `None` without a projection.
    pub vectors: Option<TokenVectors>,
}

/// The NER model plus tokenizer; load once per process.
///
/// Threading: `EntityTagger` is `Send + Sync`. The libtorch module sits behind a `Mutex`, so
/// concurrent `tag_batch` calls from several (e.g. rayon) threads are safe but run one after
/// another. Inside one call the forward passes run on `workers` threads (set at load to
/// `SAYWHO_NER_THREADS` or the number of available cores), each pass with one libtorch
/// intra-op thread. Best throughput comes from collecting many articles and calling
/// `tag_batch` from one thread.
pub struct EntityTagger {
    model: Mutex<NerModel>,
    tokenizer: Tokenizer,
    /// Windows per forward pass (every pass is padded to exactly this many rows of `max_len`).
    pub batch_windows: usize,
    /// Threads running forward passes side by side, one libtorch intra-op thread each.
    pub workers: usize,
}

/// `models/ner` of this crate, or `$SAYWHO_MODELS/ner` when `SAYWHO_MODELS` is set.
pub fn default_model_dir() -> PathBuf {
    match std::env::var_os("SAYWHO_MODELS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir).join("ner"),
        _ => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("models")
            .join("ner"),
    }
}

/// Forward-pass threads: `SAYWHO_NER_THREADS` if set, else available cores.
pub fn default_threads() -> i32 {
    std::env::var("SAYWHO_NER_THREADS")
        .ok()
        .and_then(|s| s.parse::<i32>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get() as i32)
                .unwrap_or(1)
        })
}

impl EntityTagger {
    /// Load `config.json`, `ner_config.json`, `model.safetensors` and `tokenizer.json` from
    /// `model_dir`; forward passes run on [`default_threads`] threads.
    pub fn load(model_dir: &Path) -> Result<Self> {
        Self::load_with(model_dir, model::inference_precision())
    }

    /// [`EntityTagger::load`] with an explicit number format (see [`model::Precision`]).
    pub fn load_with(model_dir: &Path, precision: model::Precision) -> Result<Self> {
        tch::set_num_threads(default_threads());
        let model = NerModel::load_with(model_dir, Device::Cpu, precision)
            .with_context(|| format!("loading NER model from {}", model_dir.display()))?;
        let tokenizer = encode::load_tokenizer(&model_dir.join("tokenizer.json"))?;
        Ok(Self::from_parts(model, tokenizer))
    }

    /// Wrap an already built model (used by the training example for evaluation).
    pub fn from_parts(model: NerModel, tokenizer: Tokenizer) -> Self {
        EntityTagger {
            model: Mutex::new(model),
            tokenizer,
            batch_windows: 2,
            workers: default_threads() as usize,
        }
    }

    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Subword tokens of a text (as the tagger sees them).
    pub fn tokenize(&self, text: &str) -> Result<Vec<Tok>> {
        encode::tokenize(&self.tokenizer, text)
    }

    /// Tag many articles at once. Returns, per input text, its entities sorted by start.
    pub fn tag_batch(&self, texts: &[&str]) -> Result<Vec<Vec<RawEntity>>> {
        self.tag_batch_with_stats(texts, &mut NerStats::default())
    }

    /// [`EntityTagger::tag_batch`], adding its tokenize / forward / decode times and token
    /// counts to `stats` (for `--profile`; a few timestamps per call, not per token).
    pub fn tag_batch_with_stats(
        &self,
        texts: &[&str],
        stats: &mut NerStats,
    ) -> Result<Vec<Vec<RawEntity>>> {
        Ok(self
            .analyze_batch_with_stats(texts, stats)?
            .into_iter()
            .map(|t| t.entities)
            .collect())
    }

    /// Attach a per-token projection of the encoder states (`dims x hidden` weight, `dims`
    /// bias; see [`model::NerModel::set_projection`]); results then carry
    /// [`Tagged::vectors`]. `None` removes it.
    pub fn set_projection(&self, proj: Option<(&[f32], &[f32])>) -> Result<()> {
        let mut model = self.model.lock().unwrap_or_else(|e| e.into_inner());
        model.set_projection(proj)
    }

    /// Attach (or with `None` remove) a claims tower (weights file, split; see
    /// [`model::NerModel::set_claims_tower`]): the projection then reads its states.
    pub fn set_claims_tower(&self, tower: Option<(&std::path::Path, usize)>) -> Result<()> {
        let mut model = self.model.lock().unwrap_or_else(|e| e.into_inner());
        model.set_claims_tower(tower)
    }

    /// Hidden size of the encoder (the input size of a projection).
    pub fn hidden_size(&self) -> usize {
        let model = self.model.lock().unwrap_or_else(|e| e.into_inner());
        model.hidden_size()
    }

    /// Whether the model also tags attribution source / cue / content spans.
    pub fn has_attribution(&self) -> bool {
        let model = self.model.lock().unwrap_or_else(|e| e.into_inner());
        !model.cfg.attr_labels.is_empty()
    }

    /// Entities and attribution spans of many articles from one set of forward passes (the
    /// attribution list is empty when the model has no attribution head).
    pub fn analyze_batch_with_stats(
        &self,
        texts: &[&str],
        stats: &mut NerStats,
    ) -> Result<Vec<Tagged>> {
        let t0 = Instant::now();
        // texts are tokenized side by side (on the caller's rayon pool)
        let toks: Vec<Vec<Tok>> = texts
            .par_iter()
            .map(|t| self.tokenize(t))
            .collect::<Result<_>>()?;
        // a claims tower reads each sentence alone: sentence numbers of the tokens
        let seg: Option<Vec<Vec<u32>>> = {
            let model = self.model.lock().unwrap_or_else(|e| e.into_inner());
            (model.has_tower() && model.projection_dims() > 0).then(|| {
                texts
                    .par_iter()
                    .zip(&toks)
                    .map(|(t, tk)| sentence_ids(t, tk))
                    .collect()
            })
        };
        stats.tokenize += t0.elapsed();
        let (preds, attr, vecs) = self.predict_heads_inner(&toks, seg.as_deref(), stats)?;
        let t0 = Instant::now();
        let model = self.model.lock().unwrap_or_else(|e| e.into_inner());
        let spans = |text: &str,
                     t: &[Tok],
                     p: &[TokPred],
                     labels: &[String],
                     entities: bool|
         -> Vec<RawEntity> {
            let s = if entities {
                decode::decode_entities(text, t, p, labels)
            } else {
                decode::decode(text, t, p, labels)
            };
            s.into_iter()
                .map(|s| RawEntity {
                    start: s.start,
                    end: s.end,
                    label: s.label,
                    score: s.score,
                })
                .collect()
        };
        let dims = model.projection_dims();
        let mut vecs = vecs.map(|v| v.into_iter());
        let out = (0..texts.len())
            .map(|i| Tagged {
                entities: spans(texts[i], &toks[i], &preds[i], &model.cfg.labels, true),
                attribution: attr
                    .as_ref()
                    .map(|a| spans(texts[i], &toks[i], &a[i], &model.cfg.attr_labels, false))
                    .unwrap_or_default(),
                vectors: vecs
                    .as_mut()
                    .and_then(|v| v.next())
                    .map(|values| TokenVectors {
                        dims,
                        spans: toks[i].iter().map(|t| (t.start, t.end)).collect(),
                        values,
                    }),
            })
            .collect();
        stats.decode += t0.elapsed();
        Ok(out)
    }

    /// Per-token predictions (label index + probability) for pre-tokenized texts.
    pub fn predict_tokens(&self, toks: &[Vec<Tok>]) -> Result<Vec<Vec<TokPred>>> {
        self.predict_tokens_with_stats(toks, &mut NerStats::default())
    }

    /// [`EntityTagger::predict_tokens`], counting into `stats`.
    pub fn predict_tokens_with_stats(
        &self,
        toks: &[Vec<Tok>],
        stats: &mut NerStats,
    ) -> Result<Vec<Vec<TokPred>>> {
        Ok(self.predict_heads_with_stats(toks, stats)?.0)
    }

    /// Per-token predictions of the entity head, of the attribution head (if the model has
    /// one) and the projected states (if a projection is attached), from the same passes.
    ///
    /// Batches depend only on the texts (windows sorted by length, then cut into
    /// `batch_windows`), never on thread counts, and every batch has the same shape, so a
    /// text's predictions do not depend on the other texts of the call.
    #[allow(clippy::type_complexity)]
    pub fn predict_heads_with_stats(
        &self,
        toks: &[Vec<Tok>],
        stats: &mut NerStats,
    ) -> Result<(
        Vec<Vec<TokPred>>,
        Option<Vec<Vec<TokPred>>>,
        Option<Vec<Vec<f32>>>,
    )> {
        self.predict_heads_inner(toks, None, stats)
    }

    /// [`EntityTagger::predict_heads_with_stats`] with each token's sentence number (for a
    /// claims tower; `None`: no tower runs).
    #[allow(clippy::type_complexity)]
    fn predict_heads_inner(
        &self,
        toks: &[Vec<Tok>],
        seg: Option<&[Vec<u32>]>,
        stats: &mut NerStats,
    ) -> Result<(
        Vec<Vec<TokPred>>,
        Option<Vec<Vec<TokPred>>>,
        Option<Vec<Vec<f32>>>,
    )> {
        let model = self.model.lock().unwrap_or_else(|e| e.into_inner());
        let cfg = &model.cfg;
        let max_content = cfg.max_len - 2;
        let mut wins: Vec<(usize, Window)> = Vec::new();
        for (d, t) in toks.iter().enumerate() {
            for w in encode::windows(t.len(), max_content, cfg.window_overlap) {
                wins.push((d, w));
            }
        }
        // longest first: little padding within a batch
        wins.sort_by_key(|(d, w)| (std::cmp::Reverse(w.end - w.start), *d, w.start));
        let empty = || -> Vec<Vec<TokPred>> {
            toks.iter()
                .map(|t| {
                    vec![
                        TokPred {
                            label: 0,
                            prob: 0.0
                        };
                        t.len()
                    ]
                })
                .collect()
        };
        let mut preds = empty();
        let n_ner = cfg.labels.len() as i64;
        // full entity-label distribution of every token (for constrained decoding)
        let mut full: Vec<Vec<f32>> = toks
            .iter()
            .map(|t| vec![0.0; t.len() * n_ner as usize])
            .collect();
        let n_attr = cfg.attr_labels.len() as i64;
        let mut attr = (n_attr > 0).then(empty);
        let attr_bias: Option<Vec<f32>> = (n_attr > 0 && cfg.attr_o_bias != 0.0).then(|| {
            let mut b = vec![0.0; n_attr as usize];
            b[0] = -cfg.attr_o_bias;
            b
        });
        let n_proj = model.projection_dims();
        let mut vecs: Option<Vec<Vec<f32>>> =
            (n_proj > 0).then(|| toks.iter().map(|t| vec![0.0; t.len() * n_proj]).collect());
        // Every forward pass has the same shape, [batch_windows, max_len] (short windows and a
        // short last batch are padded): a window's numbers then never depend on which other
        // windows share its batch, so an article gets the same entities and scores whatever
        // else is in the call (--batch, --shard, Spark partitions). With bf16 GEMMs the kernel
        // blocking -- and so the rounding -- changes with the shape; fixed shapes rule that out.
        let n = self.batch_windows.max(1);
        let seq = cfg.max_len;
        let batches: Vec<&[(usize, Window)]> = wins.chunks(n).collect();
        for batch in &batches {
            stats.windows += n as u64;
            stats.forward_calls += 1;
            stats.padded += (n * seq) as u64;
            stats.tokens += batch
                .iter()
                .map(|(_, w)| (w.end - w.start + 2) as u64)
                .sum::<u64>();
        }
        // Forward passes run on `workers` threads, each with ONE libtorch intra-op thread: on
        // these small [2, 128] products two independent passes use two cores better than one
        // pass split over both. A worker takes the next batch index; each result is copied
        // into its windows' core tokens on this thread as it arrives. Core ranges never
        // overlap, so the arrival order -- and which worker ran a batch -- never shows in the
        // output.
        let t0 = Instant::now();
        let forward = |m: &NerModel, batch: &&[(usize, Window)]| -> Result<BatchOut> {
            let mut ids = vec![cfg.pad_id as i64; n * seq];
            let mut cas = vec![casing::CASE_SPECIAL; n * seq];
            let mut mask = vec![0i64; n * seq];
            // sentence numbers; [CLS], [SEP] and padding each in a segment of their own
            let mut sids = seg.map(|_| vec![-1i64; n * seq]);
            for (b, (d, w)) in batch.iter().enumerate() {
                let row = b * seq;
                let len = w.end - w.start;
                ids[row] = cfg.cls_id as i64;
                mask[row] = 1;
                for (k, t) in toks[*d][w.start..w.end].iter().enumerate() {
                    ids[row + 1 + k] = t.id as i64;
                    cas[row + 1 + k] = t.casing as i64;
                    mask[row + 1 + k] = 1;
                }
                ids[row + 1 + len] = cfg.sep_id as i64;
                mask[row + 1 + len] = 1;
                if let (Some(sids), Some(seg)) = (sids.as_mut(), seg) {
                    sids[row] = -2;
                    for (k, &s) in seg[*d][w.start..w.end].iter().enumerate() {
                        sids[row + 1 + k] = s as i64;
                    }
                    sids[row + 1 + len] = -3;
                }
            }
            let shape = [n as i64, seq as i64];
            let ids = Tensor::from_slice(&ids).view(shape);
            let cas = Tensor::from_slice(&cas).view(shape);
            let mask = Tensor::from_slice(&mask).view(shape);
            let sids = sids.map(|v| Tensor::from_slice(&v).view(shape));
            let logits = m.forward_seg(&ids, &cas, &mask, sids.as_ref(), false)?;
            let best = |l: Tensor| -> Result<(Vec<f32>, Vec<i64>)> {
                let (prob, label) = l.softmax(-1, Kind::Float).max_dim(-1, false);
                Ok((
                    Vec::<f32>::try_from(prob.contiguous().view(-1))?,
                    Vec::<i64>::try_from(label.contiguous().view(-1))?,
                ))
            };
            let ner_logits = logits.narrow(-1, 0, n_ner);
            let ner_full =
                Vec::<f32>::try_from(ner_logits.softmax(-1, Kind::Float).contiguous().view(-1))?;
            let ner = best(ner_logits)?;
            let att = match n_attr {
                0 => None,
                _ => {
                    let a = logits.narrow(-1, n_ner, n_attr);
                    // `O` made less likely by the configured log-odds (see
                    // `NerConfig::attr_o_bias`): more words read as source / cue / content
                    Some(best(match &attr_bias {
                        Some(b) => a.to_kind(Kind::Float) + Tensor::from_slice(b),
                        None => a,
                    })?)
                }
            };
            let proj = match n_proj {
                0 => None,
                _ => Some(Vec::<f32>::try_from(
                    logits
                        .narrow(-1, n_ner + n_attr, n_proj as i64)
                        .to_kind(Kind::Float)
                        .contiguous()
                        .view(-1),
                )?),
            };
            Ok(BatchOut {
                ner_full,
                ner,
                att,
                proj,
            })
        };
        let store = |bi: usize, out: BatchOut| {
            let batch = batches[bi];
            let fill = |dst: &mut Vec<Vec<TokPred>>, (prob, label): &(Vec<f32>, Vec<i64>)| {
                for (b, (d, w)) in batch.iter().enumerate() {
                    let row = b * seq + 1; // token `pos` sits at row + pos - w.start
                    for (pos, o) in dst[*d]
                        .iter_mut()
                        .enumerate()
                        .take(w.core_end)
                        .skip(w.core_start)
                    {
                        *o = TokPred {
                            label: label[row + pos - w.start] as u8,
                            prob: prob[row + pos - w.start],
                        };
                    }
                }
            };
            fill(&mut preds, &out.ner);
            let k = n_ner as usize;
            for (b, (d, w)) in batch.iter().enumerate() {
                let row = b * seq + 1;
                for pos in w.core_start..w.core_end {
                    let src = (row + pos - w.start) * k;
                    full[*d][pos * k..(pos + 1) * k].copy_from_slice(&out.ner_full[src..src + k]);
                }
            }
            if let (Some(dst), Some(a)) = (attr.as_mut(), out.att.as_ref()) {
                fill(dst, a);
            }
            if let (Some(dst), Some(p)) = (vecs.as_mut(), out.proj.as_ref()) {
                for (b, (d, w)) in batch.iter().enumerate() {
                    let row = b * seq + 1;
                    for pos in w.core_start..w.core_end {
                        let src = (row + pos - w.start) * n_proj;
                        dst[*d][pos * n_proj..(pos + 1) * n_proj]
                            .copy_from_slice(&p[src..src + n_proj]);
                    }
                }
            }
        };
        run_batches(&model, &batches, self.workers, forward, store)?;
        stats.forward += t0.elapsed();
        // entity labels: the best valid BIO sequence per text, not each word's argmax
        for (d, t) in toks.iter().enumerate() {
            decode::viterbi(t, &full[d], &cfg.labels, &mut preds[d]);
        }
        Ok((preds, attr, vecs))
    }
}

/// The sentence number of each token of `text` (sentences as [`crate::segment`] cuts them; a
/// token between sentences takes the next one's).
pub fn sentence_ids(text: &str, toks: &[Tok]) -> Vec<u32> {
    let spans = crate::segment::sentence_spans(text);
    toks.iter()
        .map(|t| spans.partition_point(|s| s.end <= t.start) as u32)
        .collect()
}

/// What one forward pass gives: the entity head's full label distributions, both heads' best
/// label and its probability per row and position, and the projected states.
struct BatchOut {
    ner_full: Vec<f32>,
    ner: (Vec<f32>, Vec<i64>),
    att: Option<(Vec<f32>, Vec<i64>)>,
    /// projected states, `n_proj` per row and position (with a projection attached)
    proj: Option<Vec<f32>>,
}

/// The model as shared, read-only, by the forward workers of one call.
struct SharedModel<'a>(&'a NerModel);

// SAFETY: tch's `Tensor` is `Send` but not `Sync` because a `&Tensor` allows in-place
// operations. The forward workers only read the model's tensors (weights, embeddings,
// quantisation scales): `NerModel::forward_t` with `train = false` writes nothing but fresh
// tensors of its own, and every worker runs under its own `no_grad` guard (grad mode is
// thread-local in libtorch), so no autograd state of the weights is touched. Concurrent
// read-only use of tensors from several threads is safe in libtorch (the same pattern as
// serving one PyTorch module from several request threads). The reference lives only inside
// `run_batches`, while the caller holds the model's `Mutex`.
unsafe impl Sync for SharedModel<'_> {}

impl SharedModel<'_> {
    fn get(&self) -> &NerModel {
        self.0
    }
}

/// `f` over every batch on `workers` threads (each with one libtorch intra-op thread), each
/// result handed to `sink` on the calling thread as it arrives (with its batch index; at most
/// a few results wait in a bounded channel, so memory does not grow with the number of
/// batches). With one worker, or one batch, everything runs on the calling thread in order.
fn run_batches<B: Sync, T: Send>(
    model: &NerModel,
    batches: &[B],
    workers: usize,
    f: impl Fn(&NerModel, &B) -> Result<T> + Sync,
    mut sink: impl FnMut(usize, T),
) -> Result<()> {
    let workers = workers.min(batches.len());
    if workers <= 1 {
        let _guard = tch::no_grad_guard();
        for (i, b) in batches.iter().enumerate() {
            sink(i, f(model, b)?);
        }
        return Ok(());
    }
    let shared = SharedModel(model);
    let next = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Result<T>)>(2 * workers);
    let mut first_err = None;
    std::thread::scope(|s| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (shared, next, f) = (&shared, &next, &f);
            s.spawn(move || {
                let _guard = tch::no_grad_guard();
                // this thread's intra-op pool: one thread (thread-local in libtorch's OpenMP
                // backend; it also becomes the default of threads libtorch starts later)
                tch::set_num_threads(1);
                let m = shared.get();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= batches.len() {
                        break;
                    }
                    let r = f(m, &batches[i]);
                    let failed = r.is_err();
                    if tx.send((i, r)).is_err() || failed {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, r) in rx {
            match r {
                Ok(t) => sink(i, t),
                Err(e) => {
                    // the workers stop at their next batch
                    next.store(batches.len(), Ordering::Relaxed);
                    first_err.get_or_insert(e);
                }
            }
        }
    });
    first_err.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    #[test]
    fn tagger_is_send_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<super::EntityTagger>();
    }
}
