//! Train the transformer claims head (`models/claims/head.json`, see `src/claims/head.rs`) on
//! ClaimBuster + CLEF CheckThat! 2019 task 1, over the shared encoder in `models/ner` (frozen).
//! Run through `scripts/train_claims_head.sh`.
//!
//! 1. Encoder states through the real inference path: the tagger runs with an identity
//!    projection, so each subword token carries its encoder state; a sentence is pooled over
//!    its tokens (mean, first, last). CLEF transcripts are tagged as whole documents (one line
//!    per paragraph), as users feed them, and each line gets the mean over the
//!    [`CONTEXT_SENTENCES`] lines before it as context; ClaimBuster sentences come alone (no
//!    context). The pooled states are cached (`--cache`): the encoder is frozen. With
//!    `--tower FILE` (a claims tower from `train_claims_tower.rs`) the states are the tower's
//!    (cached apart, in `.tools/claims-head-tower-states.f32`), the head file names the tower,
//!    and the tower is copied beside the head file.
//! 2. Scalars ([`SCALARS`], computed by the same code as inference): the linear model's
//!    log-odds of the line and its neighbours, questions, a repeated number. For training
//!    rows the linear log-odds are out-of-fold (`--oof` folds of the linear model's own
//!    recipe, see `examples/train_claims.rs`), so the head learns how far to trust them on
//!    unseen text; dev rows get the shipped `weights.json`, as at inference.
//! 3. An ensemble of `--members` MLPs (each: projection to k dims + one ReLU layer), trained
//!    with AdamW; CLEF rows weighted `--clef-weight` plus a CLEF bias that inference drops;
//!    `--ctx-drop` of the CLEF rows are shown without their context in each batch, so
//!    "has context" does not stand for "is CLEF"; `--rank` adds a pairwise ranking loss over
//!    the CLEF rows of a batch. Each member keeps its epoch with the best dev score
//!    (ClaimBuster dev AP + CLEF dev MAP).
//! 4. Platt scaling of the members' mean log-odds on the ClaimBuster dev split, threshold =
//!    F1-optimal there; metrics and calibration (ECE, 10 bins) printed and stored in the
//!    file's `info`.
//!
//! Dev splits are exactly those of `examples/train_claims.rs` (same seed and procedure).

#[path = "common/claims_data.rs"]
mod claims_data;

use claims_data::{
    average_precision, claimbuster_dev, clef_dev_docs, identity_projection, norm_text, prf,
    read_jsonl, sigmoid, Rng, SPLIT_SEED,
};
use saywho::claims::features::features;
use saywho::claims::head::{
    is_context_scalar, scalar, ClaimHead, Member, SentenceFacts, TowerRef, CONTEXT_SENTENCES,
    SCALARS,
};
use saywho::claims::ClaimModel;
use saywho::ner::EntityTagger;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;
use tch::{nn, nn::Module, nn::OptimizerConfig, Kind, Tensor};

struct Opts {
    data: PathBuf,
    ner: PathBuf,
    out: PathBuf,
    /// Cache of the frozen encoder's pooled states (reused when it fits the rows).
    cache: PathBuf,
    dims: usize,
    hid: usize,
    members: usize,
    epochs: usize,
    lr: f64,
    wd: f64,
    dropout: f64,
    clef_weight: f64,
    ctx_drop: f64,
    rank: f64,
    first_last: bool,
    scalars: Vec<String>,
    /// Folds for the out-of-fold linear log-odds of training rows (0: in-sample, the shipped
    /// model's).
    oof: usize,
    seed: u64,
    /// Claims tower (`train_claims_tower.rs` output) whose states the head reads; `None`: the
    /// encoder's own last states.
    tower: Option<PathBuf>,
}

fn parse_args() -> Opts {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut o = Opts {
        data: root.join("../shared/data/claims"),
        ner: saywho::ner::default_model_dir(),
        out: root.join("models/claims/head.json"),
        cache: root.join(".tools/claims-head-states.f32"),
        dims: 32,
        hid: 64,
        members: 1,
        epochs: 30,
        lr: 1e-3,
        wd: 1e-3,
        dropout: 0.1,
        clef_weight: 0.5,
        ctx_drop: 0.0,
        rank: 0.0,
        first_last: false,
        scalars: vec!["lin".into(), "has_ctx".into()],
        oof: 0,
        seed: SPLIT_SEED,
        tower: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let (k, v) = (
            pair[0].as_str(),
            pair.get(1).map(String::as_str).unwrap_or(""),
        );
        let num = |v: &str| -> f64 { v.parse().unwrap_or_else(|_| panic!("{k} needs a number")) };
        match k {
            "--data" => o.data = v.into(),
            "--ner" => o.ner = v.into(),
            "--out" => o.out = v.into(),
            "--cache" => o.cache = v.into(),
            "--dims" => o.dims = num(v) as usize,
            "--hidden" => o.hid = num(v) as usize,
            "--members" => o.members = num(v) as usize,
            "--epochs" => o.epochs = num(v) as usize,
            "--lr" => o.lr = num(v),
            "--wd" => o.wd = num(v),
            "--dropout" => o.dropout = num(v),
            "--clef-weight" => o.clef_weight = num(v),
            "--ctx-drop" => o.ctx_drop = num(v),
            "--rank" => o.rank = num(v),
            "--first-last" => o.first_last = v == "1",
            "--oof" => o.oof = num(v) as usize,
            "--seed" => o.seed = num(v) as u64,
            "--tower" => {
                o.tower = Some(v.into());
                // states of a tower are cached apart from the encoder's own
                if !args.iter().any(|a| a == "--cache") {
                    o.cache = root.join(".tools/claims-head-tower-states.f32");
                }
            }
            "--scalars" => {
                o.scalars = if v == "all" {
                    SCALARS.iter().map(|s| s.to_string()).collect()
                } else {
                    v.split(',').map(str::to_string).collect()
                };
                for s in &o.scalars {
                    assert!(SCALARS.contains(&s.as_str()), "unknown scalar {s}");
                }
            }
            _ => panic!("unknown option {k} (see the file's header)"),
        }
    }
    o
}

/// One labelled sentence with its pooled encoder states.
struct Row {
    label: f32,
    clef: bool,
    doc: String,
    dev: bool,
    text: String,
    sent: Vec<f32>,
    first: Vec<f32>,
    last: Vec<f32>,
    ntok: usize,
    ctx: Option<Vec<f32>>,
    linear: f32,
    /// All [`SCALARS`], in that order.
    scal: Vec<f32>,
}

/// Pool one span of a tagged text: mean, first and last token state and the token count.
fn pool_row(v: &saywho::ner::TokenVectors, a: usize, b: usize, r: &mut Row) {
    let lo = v.spans.partition_point(|s| s.0 < a);
    let hi = v.spans.partition_point(|s| s.0 < b);
    let d = v.dims;
    r.sent = v.mean(a, b).unwrap_or_else(|| vec![0.0; d]);
    r.ntok = hi.saturating_sub(lo);
    r.first = if hi > lo {
        v.values[lo * d..(lo + 1) * d].to_vec()
    } else {
        vec![0.0; d]
    };
    r.last = if hi > lo {
        v.values[(hi - 1) * d..hi * d].to_vec()
    } else {
        vec![0.0; d]
    };
}

/// Pooled encoder states of the rows: ClaimBuster sentences alone, CLEF transcripts whole.
fn featurize(tagger: &EntityTagger, rows: &mut [Row]) -> anyhow::Result<()> {
    let t0 = Instant::now();
    // ClaimBuster: each sentence is its own text
    let cb: Vec<usize> = (0..rows.len()).filter(|&i| !rows[i].clef).collect();
    for chunk in cb.chunks(64) {
        let texts: Vec<&str> = chunk.iter().map(|&i| rows[i].text.as_str()).collect();
        let tagged = tagger.analyze_batch_with_stats(&texts, &mut Default::default())?;
        for (&i, t) in chunk.iter().zip(tagged) {
            let v = t.vectors.expect("projection attached");
            let n = rows[i].text.len();
            pool_row(&v, 0, n, &mut rows[i]);
        }
    }
    eprintln!(
        "claimbuster features: {} rows in {:.0}s",
        cb.len(),
        t0.elapsed().as_secs_f64()
    );
    // CLEF: one document per transcript, lines as paragraphs
    let by_doc = clef_docs(rows);
    for idx in by_doc.values() {
        let mut text = String::new();
        let mut spans = Vec::new();
        for &i in idx {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let a = text.len();
            text.push_str(&rows[i].text);
            spans.push((a, text.len()));
        }
        let t = tagger.analyze_batch_with_stats(&[text.as_str()], &mut Default::default())?;
        let v = t
            .into_iter()
            .next()
            .and_then(|t| t.vectors)
            .expect("vectors");
        for (k, &i) in idx.iter().enumerate() {
            let (a, b) = spans[k];
            pool_row(&v, a, b, &mut rows[i]);
        }
    }
    eprintln!(
        "clef features: {} transcripts, {:.0}s in all",
        by_doc.len(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

/// CLEF row indices per transcript, in line order (rows are pushed sorted).
fn clef_docs(rows: &[Row]) -> BTreeMap<String, Vec<usize>> {
    let mut by_doc: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if r.clef {
            by_doc.entry(r.doc.clone()).or_default().push(i);
        }
    }
    by_doc
}

/// Context vectors: the token-weighted mean of the [`CONTEXT_SENTENCES`] lines before each
/// CLEF line (exactly the mean over their tokens, as `TokenVectors::mean` gives at inference).
fn contexts(rows: &mut [Row]) {
    for idx in clef_docs(rows).values() {
        for (k, &i) in idx.iter().enumerate() {
            let prev = &idx[k.saturating_sub(CONTEXT_SENTENCES)..k];
            let n: usize = prev.iter().map(|&j| rows[j].ntok).sum();
            if n == 0 {
                rows[i].ctx = None;
                continue;
            }
            let d = rows[i].sent.len();
            let mut c = vec![0f32; d];
            for &j in prev {
                let w = rows[j].ntok as f32 / n as f32;
                for (o, v) in c.iter_mut().zip(&rows[j].sent) {
                    *o += w * v;
                }
            }
            rows[i].ctx = Some(c);
        }
    }
}

/// Which encoder the cached states came from: FNV-1a of its `model.safetensors` (written
/// beside the cache as `<cache>.key`, so that a retrained encoder is never read stale states).
fn encoder_key(ner: &std::path::Path, tower: Option<&std::path::Path>) -> anyhow::Result<String> {
    let fnv = |path: &std::path::Path| -> anyhow::Result<String> {
        let bytes = std::fs::read(path)?;
        let mut h: u64 = 0xcbf29ce484222325;
        for b in &bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x100000001b3);
        }
        Ok(format!("{}:{h:016x}", bytes.len()))
    };
    let mut key = fnv(&ner.join("model.safetensors"))?;
    if let Some(t) = tower {
        key = format!("{key} tower {}", fnv(t)?);
    }
    Ok(key)
}

fn key_path(cache: &std::path::Path) -> PathBuf {
    let mut p = cache.as_os_str().to_owned();
    p.push(".key");
    PathBuf::from(p)
}

/// Cache of the pooled encoder states (the encoder is frozen; computing them takes minutes):
/// per row `ntok`, then mean, first and last token states, as little-endian f32.
fn load_cache(path: &std::path::Path, key: &str, rows: &mut [Row], hidden: usize) -> bool {
    let Ok(raw) = std::fs::read(path) else {
        return false;
    };
    if std::fs::read_to_string(key_path(path)).ok().as_deref() != Some(key) {
        eprintln!(
            "cache {} is for another encoder; recomputing",
            path.display()
        );
        return false;
    }
    let per = 1 + 3 * hidden;
    if raw.len() != rows.len() * per * 4 {
        eprintln!(
            "cache {} does not fit these rows; recomputing",
            path.display()
        );
        return false;
    }
    let f: Vec<f32> = raw
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    for (r, x) in rows.iter_mut().zip(f.chunks_exact(per)) {
        r.ntok = x[0] as usize;
        r.sent = x[1..1 + hidden].to_vec();
        r.first = x[1 + hidden..1 + 2 * hidden].to_vec();
        r.last = x[1 + 2 * hidden..].to_vec();
    }
    eprintln!("encoder states from cache {}", path.display());
    true
}

fn save_cache(path: &std::path::Path, key: &str, rows: &[Row]) -> anyhow::Result<()> {
    let mut out = Vec::new();
    for r in rows {
        out.extend((r.ntok as f32).to_le_bytes());
        for v in r.sent.iter().chain(&r.first).chain(&r.last) {
            out.extend(v.to_le_bytes());
        }
    }
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d)?;
    }
    std::fs::write(path, out)?;
    std::fs::write(key_path(path), key)?;
    Ok(())
}

/// Out-of-fold linear log-odds for the training rows: the recipe of `examples/train_claims.rs`
/// (features seen in >= 2 sentences, AdaGrad 8 epochs, lr 0.02, L2 1e-5, averaged weights,
/// CLEF rows weighted 0.5 with a domain feature dropped at scoring, then the shipped model's
/// bias shift), trained on all folds but one and scoring that one. CLEF rows are folded by
/// transcript, ClaimBuster rows at random.
fn oof_linear(rows: &[&Row], folds: usize, shift: f32, seed: u64) -> Vec<f32> {
    let mut rng = Rng(seed ^ 0x00f0_1d00);
    let mut docs: Vec<&str> = rows
        .iter()
        .filter(|r| r.clef)
        .map(|r| r.doc.as_str())
        .collect();
    docs.sort();
    docs.dedup();
    rng.shuffle(&mut docs);
    let doc_fold: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (*d, i % folds))
        .collect();
    let fold: Vec<usize> = rows
        .iter()
        .map(|r| {
            if r.clef {
                doc_fold[r.doc.as_str()]
            } else {
                (rng.next() % folds as u64) as usize
            }
        })
        .collect();
    // features of every row once: (name, value) pairs
    let feats: Vec<Vec<(String, f32)>> = rows
        .iter()
        .map(|r| {
            let mut v = Vec::new();
            features(&r.text, &mut |n, x| v.push((n.to_string(), x)));
            v
        })
        .collect();
    let mut out = vec![0f32; rows.len()];
    for k in 0..folds {
        let tr: Vec<usize> = (0..rows.len()).filter(|&i| fold[i] != k).collect();
        let mut df: HashMap<&str, usize> = HashMap::new();
        for &i in &tr {
            let mut seen: HashSet<&str> = HashSet::new();
            for (n, _) in &feats[i] {
                if seen.insert(n) {
                    *df.entry(n).or_default() += 1;
                }
            }
        }
        let mut names: Vec<&str> = df
            .iter()
            .filter(|(_, c)| **c >= 2)
            .map(|(n, _)| *n)
            .collect();
        names.sort();
        let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let clef_f = names.len();
        let d = names.len() + 1;
        let enc = |i: usize| -> Vec<(usize, f32)> {
            let mut v: Vec<(usize, f32)> = feats[i]
                .iter()
                .filter_map(|(n, x)| index.get(n.as_str()).map(|&j| (j, *x)))
                .collect();
            if rows[i].clef {
                v.push((clef_f, 1.0));
            }
            v
        };
        let xs: Vec<Vec<(usize, f32)>> = tr.iter().map(|&i| enc(i)).collect();
        let mut w = vec![0f32; d];
        let mut g2 = vec![1e-8f32; d];
        let mut wsum = vec![0f64; d];
        let mut order: Vec<usize> = (0..tr.len()).collect();
        let mut steps = 0u64;
        for _ in 0..8 {
            rng.shuffle(&mut order);
            for &t in &order {
                let r = rows[tr[t]];
                let z: f32 = xs[t].iter().map(|&(j, x)| w[j] * x).sum();
                let sw = if r.clef { 0.5 } else { 1.0 };
                let err = (sigmoid(z) - r.label) * sw;
                for &(j, x) in &xs[t] {
                    let g = err * x + 1e-5 * w[j];
                    g2[j] += g * g;
                    w[j] -= 0.02 * g / g2[j].sqrt();
                }
                steps += 1;
                if steps.is_multiple_of(64) {
                    for (s, &x) in wsum.iter_mut().zip(&w) {
                        *s += x as f64;
                    }
                }
            }
        }
        let n_avg = (steps / 64).max(1) as f64;
        let w: Vec<f32> = wsum.iter().map(|s| (s / n_avg) as f32).collect();
        for i in (0..rows.len()).filter(|&i| fold[i] == k) {
            out[i] = enc(i)
                .iter()
                .filter(|(j, _)| *j != clef_f)
                .map(|&(j, x)| w[j] * x)
                .sum::<f32>()
                + shift;
        }
        eprintln!("out-of-fold linear: fold {} of {folds} done", k + 1);
    }
    out
}

/// Fill every row's [`SCALARS`]: ClaimBuster sentences alone, CLEF lines within their
/// transcript (the same [`scalar`] code as inference).
fn fill_scalars(rows: &mut [Row]) {
    for r in rows.iter_mut().filter(|r| !r.clef) {
        let f = [SentenceFacts::new(&r.text, r.linear)];
        r.scal = SCALARS.iter().map(|n| scalar(n, &f, 0, false)).collect();
    }
    for idx in clef_docs(rows).values() {
        let facts: Vec<SentenceFacts> = idx
            .iter()
            .map(|&i| SentenceFacts::new(&rows[i].text, rows[i].linear))
            .collect();
        for (k, &i) in idx.iter().enumerate() {
            let has = rows[i].ctx.is_some();
            rows[i].scal = SCALARS.iter().map(|n| scalar(n, &facts, k, has)).collect();
        }
    }
}

/// Tensors of a set of rows.
struct Batch {
    /// Pooled states `[n, hidden]` (standardised): mean, first, last token, context mean.
    s: Tensor,
    f: Tensor,
    l: Tensor,
    c: Tensor,
    /// Chosen scalars `[n, S]`.
    x: Tensor,
    /// Whether a row has a context vector `[n, 1]`.
    has: Tensor,
    clef: Tensor,
    y: Tensor,
    w: Tensor,
}

impl Batch {
    fn select(&self, idx: &Tensor) -> Batch {
        let sel = |t: &Tensor| t.index_select(0, idx);
        Batch {
            s: sel(&self.s),
            f: sel(&self.f),
            l: sel(&self.l),
            c: sel(&self.c),
            x: sel(&self.x),
            has: sel(&self.has),
            clef: sel(&self.clef),
            y: sel(&self.y),
            w: sel(&self.w),
        }
    }
}

fn batch(o: &Opts, rows: &[&Row], mean: &[f32], std: &[f32]) -> Batch {
    let h = mean.len();
    let n = rows.len() as i64;
    let states = |get: &dyn Fn(&Row) -> Option<&Vec<f32>>| {
        let mut out = Vec::with_capacity(rows.len() * h);
        for r in rows {
            match get(r) {
                Some(v) => out.extend(
                    v.iter()
                        .zip(mean.iter().zip(std))
                        .map(|(x, (m, s))| (x - m) / s),
                ),
                None => out.extend(std::iter::repeat_n(0.0, h)),
            }
        }
        Tensor::from_slice(&out).view([n, h as i64])
    };
    let pick: Vec<usize> = o
        .scalars
        .iter()
        .map(|s| SCALARS.iter().position(|x| x == s).unwrap())
        .collect();
    let x: Vec<f32> = rows
        .iter()
        .flat_map(|r| pick.iter().map(|&j| r.scal[j]))
        .collect();
    let col = |f: &dyn Fn(&Row) -> f32| {
        Tensor::from_slice(&rows.iter().map(|r| f(r)).collect::<Vec<f32>>()).view([n, 1])
    };
    Batch {
        s: states(&|r| Some(&r.sent)),
        f: states(&|r| Some(&r.first)),
        l: states(&|r| Some(&r.last)),
        c: states(&|r| r.ctx.as_ref()),
        x: Tensor::from_slice(&x).view([n, pick.len() as i64]),
        has: col(&|r| r.ctx.is_some() as u8 as f32),
        clef: col(&|r| r.clef as u8 as f32),
        y: col(&|r| r.label),
        w: col(&|r| if r.clef { o.clef_weight as f32 } else { 1.0 }),
    }
}

struct Net {
    proj: nn::Linear,
    l1: nn::Linear,
    l2: nn::Linear,
    clef_bias: Tensor,
    first_last: bool,
    dropout: f64,
    /// `[1, S]`: 1 where a scalar is context (masked with the context vector).
    ctx_cols: Tensor,
}

impl Net {
    fn new(o: &Opts, vs: &nn::Path, hidden_in: i64) -> Net {
        let k = o.dims as i64;
        let pools = if o.first_last { 4 } else { 2 };
        let s = o.scalars.len() as i64;
        let cc: Vec<f32> = o
            .scalars
            .iter()
            .map(|n| is_context_scalar(n) as u8 as f32)
            .collect();
        Net {
            proj: nn::linear(vs / "proj", hidden_in, k, Default::default()),
            l1: nn::linear(vs / "l1", pools * k + s, o.hid as i64, Default::default()),
            l2: nn::linear(vs / "l2", o.hid as i64, 1, Default::default()),
            clef_bias: vs.zeros("clef_bias", &[1]),
            first_last: o.first_last,
            dropout: o.dropout,
            ctx_cols: Tensor::from_slice(&cc).view([1, s]),
        }
    }

    /// Log-odds `[n, 1]`; `keep` (`[n, 1]`, 0 or 1) hides the context of rows where it is 0;
    /// `with_clef` adds the CLEF domain bias (training only).
    fn forward(&self, b: &Batch, train: bool, with_clef: bool, keep: Option<&Tensor>) -> Tensor {
        let mut parts = vec![self.proj.forward(&b.s)];
        if self.first_last {
            parts.push(self.proj.forward(&b.f));
            parts.push(self.proj.forward(&b.l));
        }
        let mut c = self.proj.forward(&b.c) * &b.has;
        let mut x = b.x.shallow_clone();
        if let Some(m) = keep {
            c *= m;
            let mask = (1.0 - &self.ctx_cols) + &self.ctx_cols * m;
            x *= mask;
        }
        parts.push(c);
        parts.push(x);
        let hdn = self
            .l1
            .forward(&Tensor::cat(&parts, 1))
            .relu()
            .dropout(self.dropout, train);
        let z = self.l2.forward(&hdn);
        if with_clef {
            z + &b.clef * &self.clef_bias
        } else {
            z
        }
    }
}

fn to_vec(t: &Tensor) -> Vec<f32> {
    Vec::<f32>::try_from(t.to_kind(Kind::Float).contiguous().view(-1)).expect("f32 tensor")
}

/// ClaimBuster dev AP and F1-optimal threshold, CLEF dev MAP and per-transcript AP.
fn dev_metrics(rows: &[&Row], z: &[f32]) -> (f64, f64, BTreeMap<String, f64>) {
    let (mut s, mut y) = (vec![], vec![]);
    let mut by_doc: BTreeMap<String, (Vec<f32>, Vec<f32>)> = BTreeMap::new();
    for (r, &zz) in rows.iter().zip(z) {
        if r.clef {
            let e = by_doc.entry(r.doc.clone()).or_default();
            e.0.push(zz);
            e.1.push(r.label);
        } else {
            s.push(zz);
            y.push(r.label);
        }
    }
    let aps: BTreeMap<String, f64> = by_doc
        .iter()
        .map(|(d, (s, y))| (d.clone(), average_precision(s, y)))
        .collect();
    let map = aps.values().sum::<f64>() / aps.len().max(1) as f64;
    (average_precision(&s, &y), map, aps)
}

/// Platt scaling: (a, b) minimising the log loss of sigmoid(a z + b) (Newton's method with a
/// backtracking line search: a plain Newton step from a = 1 diverges when the log-odds are
/// large, as a fine-tuned tower's are).
fn platt(z: &[f32], y: &[f32]) -> (f32, f32) {
    let loss = |a: f64, b: f64| -> f64 {
        z.iter()
            .zip(y)
            .map(|(&zz, &yy)| {
                let t = a * zz as f64 + b;
                // log(1 + e^t) - y t, stable for large |t|
                t.max(0.0) + (-t.abs()).exp().ln_1p() - yy as f64 * t
            })
            .sum()
    };
    let (mut a, mut b) = (1f64, 0f64);
    let mut cur = loss(a, b);
    for _ in 0..100 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0f64, 0f64, 1e-9, 0f64, 1e-9);
        for (&zz, &yy) in z.iter().zip(y) {
            let zz = zz as f64;
            let p = 1.0 / (1.0 + (-(a * zz + b)).exp());
            let g = p - yy as f64;
            let w = p * (1.0 - p);
            ga += g * zz;
            gb += g;
            haa += w * zz * zz;
            hab += w * zz;
            hbb += w;
        }
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-12 {
            break;
        }
        let da = (hbb * ga - hab * gb) / det;
        let db = (haa * gb - hab * ga) / det;
        let mut step = 1.0;
        while step > 1e-6 && loss(a - step * da, b - step * db) > cur {
            step *= 0.5;
        }
        if step <= 1e-6 {
            break;
        }
        a -= step * da;
        b -= step * db;
        let next = loss(a, b);
        let done = (cur - next).abs() < 1e-10 * cur.max(1.0);
        cur = next;
        if done || (step * (da.abs() + db.abs())) < 1e-9 {
            break;
        }
    }
    (a as f32, b as f32)
}

/// Expected calibration error over 10 equal-width bins, and the bins (n, mean p, positives).
fn ece(p: &[f32], y: &[f32]) -> (f64, Vec<Value>) {
    let mut bins = vec![(0usize, 0f64, 0f64); 10];
    for (&pp, &yy) in p.iter().zip(y) {
        let b = ((pp * 10.0) as usize).min(9);
        bins[b].0 += 1;
        bins[b].1 += pp as f64;
        bins[b].2 += yy as f64;
    }
    let n = p.len().max(1) as f64;
    let mut e = 0.0;
    let mut table = vec![];
    for (i, (c, sp, sy)) in bins.iter().enumerate() {
        if *c == 0 {
            continue;
        }
        let (mp, my) = (sp / *c as f64, sy / *c as f64);
        e += (*c as f64 / n) * (mp - my).abs();
        table.push(
            json!({"bin": format!("{:.1}-{:.1}", i as f64 / 10.0, (i + 1) as f64 / 10.0),
                          "n": c, "mean_p": mp, "positive_rate": my}),
        );
    }
    (e, table)
}

/// Train one member; returns its best dev score (ClaimBuster AP + CLEF MAP), that epoch, and
/// the network restored to it.
fn train_one(
    o: &Opts,
    seed: u64,
    hidden: usize,
    train_b: &Batch,
    dev: &[&Row],
    dev_b: &Batch,
) -> anyhow::Result<(f64, usize, nn::VarStore, Net)> {
    tch::manual_seed(seed as i64);
    let vs = nn::VarStore::new(tch::Device::Cpu);
    let net = Net::new(o, &vs.root(), hidden as i64);
    let mut opt = nn::AdamW {
        wd: o.wd,
        ..Default::default()
    }
    .build(&vs, o.lr)?;
    let nt = train_b.y.size()[0];
    type Snapshot = (f64, usize, Vec<(String, Tensor)>);
    let mut best: Option<Snapshot> = None;
    for epoch in 1..=o.epochs {
        let perm = Tensor::randperm(nt, (Kind::Int64, tch::Device::Cpu));
        let mut total = 0f64;
        for start in (0..nt).step_by(256) {
            let idx = perm.narrow(0, start, 256.min(nt - start));
            let b = train_b.select(&idx);
            // context dropout on CLEF rows: shown as a sentence alone
            let keep = (o.ctx_drop > 0.0).then(|| {
                let r = Tensor::rand_like(&b.y).ge(o.ctx_drop).to_kind(Kind::Float);
                1.0 - &b.clef * (1.0 - r)
            });
            let z = net.forward(&b, true, true, keep.as_ref());
            let mut loss = z.binary_cross_entropy_with_logits::<&Tensor>(
                &b.y,
                Some(&b.w),
                None,
                tch::Reduction::Mean,
            );
            if o.rank > 0.0 {
                // pairwise logistic loss: CLEF positives above CLEF negatives of the batch
                let pos: Tensor = (&b.clef * &b.y).view(-1).gt(0.5);
                let negy: Tensor = 1.0 - &b.y;
                let neg: Tensor = (&b.clef * negy).view(-1).gt(0.5);
                let zp = z.view(-1).masked_select(&pos);
                let zn = z.view(-1).masked_select(&neg);
                if zp.size()[0] > 0 && zn.size()[0] > 0 {
                    let d = zn.unsqueeze(0) - zp.unsqueeze(1);
                    loss += o.rank * d.softplus().mean(Kind::Float);
                }
            }
            opt.backward_step(&loss);
            total += loss.double_value(&[]);
        }
        let z = tch::no_grad(|| net.forward(dev_b, false, false, None));
        let (ap, map, _) = dev_metrics(dev, &to_vec(&z));
        eprintln!(
            "seed {seed} epoch {epoch}: train loss {total:.2}, dev ClaimBuster AP {ap:.4}, CLEF MAP {map:.4}"
        );
        if best.as_ref().is_none_or(|b| ap + map > b.0) {
            let snap = vs
                .variables()
                .into_iter()
                .map(|(k, t)| (k, t.detach().copy()))
                .collect();
            best = Some((ap + map, epoch, snap));
        }
    }
    let (score, best_epoch, snap) = best.expect("at least one epoch");
    tch::no_grad(|| {
        let vars = vs.variables();
        for (k, t) in &snap {
            vars[k].shallow_clone().copy_(t);
        }
    });
    Ok((score, best_epoch, vs, net))
}

fn main() -> anyhow::Result<()> {
    let o = parse_args();
    let t0 = Instant::now();
    let mut rng = Rng(o.seed);
    // --- the dev splits of examples/train_claims.rs
    let cb = read_jsonl(&o.data.join("claimbuster/train.jsonl"));
    let clef = read_jsonl(&o.data.join("clef2019_t1/train.jsonl"));
    let cb_dev = claimbuster_dev(cb.len(), &mut rng);
    let clef_dev: HashSet<String> = clef_dev_docs(&clef, &mut rng);
    let linear = ClaimModel::shared_default()?;
    let mut rows: Vec<Row> = Vec::new();
    let mk = |r: &Value, clef: bool, dev: bool| {
        let text = r["text"].as_str().unwrap().to_string();
        Row {
            label: r["label"].as_f64().unwrap() as f32,
            clef,
            doc: r["doc"].as_str().unwrap_or("").to_string(),
            dev,
            linear: linear.logit(&text),
            text,
            sent: vec![],
            first: vec![],
            last: vec![],
            ntok: 0,
            ctx: None,
            scal: vec![],
        }
    };
    for (i, r) in cb.iter().enumerate() {
        rows.push(mk(r, false, cb_dev.contains(&i)));
    }
    let mut clef_rows: Vec<&Value> = clef.iter().collect();
    clef_rows.sort_by_key(|r| {
        (
            r["doc"].as_str().unwrap().to_string(),
            r["line_number"].as_i64().unwrap_or(0),
        )
    });
    for r in clef_rows {
        let doc = r["doc"].as_str().unwrap();
        rows.push(mk(r, true, clef_dev.contains(doc)));
    }
    // --- encoder states through the inference path (identity projection), cached
    let tagger = EntityTagger::load(&o.ner)?;
    let hidden = tagger.hidden_size();
    let tower = match &o.tower {
        Some(p) => Some(TowerRef::for_file(p)?),
        None => None,
    };
    if let (Some(t), Some(p)) = (&tower, &o.tower) {
        tagger.set_claims_tower(Some((p, t.split)))?;
    }
    let key = encoder_key(&o.ner, o.tower.as_deref())?;
    if !load_cache(&o.cache, &key, &mut rows, hidden) {
        let (eye, zero) = identity_projection(hidden);
        tagger.set_projection(Some((&eye, &zero)))?;
        featurize(&tagger, &mut rows)?;
        save_cache(&o.cache, &key, &rows)?;
    }
    drop(tagger);
    contexts(&mut rows);
    // --- no leakage across the shared 2016 debates (as in train_claims.rs)
    let norm = norm_text;
    let dev_texts: HashSet<String> = rows
        .iter()
        .filter(|r| r.dev)
        .map(|r| norm(&r.text))
        .collect();
    let is_train: Vec<bool> = rows
        .iter()
        .map(|r| !r.dev && !dev_texts.contains(&norm(&r.text)))
        .collect();
    // --- out-of-fold linear log-odds for the training rows (dev rows: the shipped model)
    if o.oof > 1 {
        let shift = linear_shift(&o)?;
        let tr: Vec<&Row> = rows
            .iter()
            .zip(&is_train)
            .filter(|(_, &t)| t)
            .map(|(r, _)| r)
            .collect();
        let lin = oof_linear(&tr, o.oof, shift, o.seed);
        let ids: Vec<usize> = (0..rows.len()).filter(|&i| is_train[i]).collect();
        for (i, l) in ids.into_iter().zip(lin) {
            rows[i].linear = l;
        }
    }
    fill_scalars(&mut rows);
    let train: Vec<&Row> = rows
        .iter()
        .zip(&is_train)
        .filter(|(_, &t)| t)
        .map(|(r, _)| r)
        .collect();
    let dev: Vec<&Row> = rows.iter().filter(|r| r.dev).collect();
    eprintln!("train {} rows, dev {} rows", train.len(), dev.len());
    // feature standardisation (folded into the projection when saving)
    let mut mean = vec![0f32; hidden];
    let mut sq = vec![0f32; hidden];
    let mut n = 0f32;
    for r in &train {
        for v in std::iter::once(&r.sent).chain(r.ctx.iter()) {
            n += 1.0;
            for i in 0..hidden {
                mean[i] += v[i];
                sq[i] += v[i] * v[i];
            }
        }
    }
    let std: Vec<f32> = (0..hidden)
        .map(|i| {
            mean[i] /= n;
            (sq[i] / n - mean[i] * mean[i]).max(1e-6).sqrt()
        })
        .collect();
    let train_b = batch(&o, &train, &mean, &std);
    let dev_b = batch(&o, &dev, &mean, &std);
    // --- the ensemble: one member per seed
    let mut nets = Vec::new();
    let mut member_info = Vec::new();
    for m in 0..o.members {
        let seed = o.seed + m as u64;
        let (score, epoch, vs, net) = train_one(&o, seed, hidden, &train_b, &dev, &dev_b)?;
        eprintln!("member {m}: best dev score {score:.4} at epoch {epoch}");
        member_info.push(json!({"seed": seed, "best_epoch": epoch, "dev_ap_plus_map": score}));
        nets.push((vs, net));
    }
    let z: Vec<f32> = {
        let zs: Vec<Vec<f32>> = nets
            .iter()
            .map(|(_, net)| to_vec(&tch::no_grad(|| net.forward(&dev_b, false, false, None))))
            .collect();
        (0..dev.len())
            .map(|i| zs.iter().map(|v| v[i]).sum::<f32>() / zs.len() as f32)
            .collect()
    };
    // --- calibration and threshold on the ClaimBuster dev split
    let (ap, map, aps) = dev_metrics(&dev, &z);
    let cb_zy: Vec<(f32, f32)> = dev
        .iter()
        .zip(&z)
        .filter(|(r, _)| !r.clef)
        .map(|(r, &zz)| (zz, r.label))
        .collect();
    let (cz, cy): (Vec<f32>, Vec<f32>) = cb_zy.into_iter().unzip();
    let (pa, pb) = platt(&cz, &cy);
    let probs: Vec<f32> = cz.iter().map(|&zz| sigmoid(pa * zz + pb)).collect();
    let mut thr = (0.5f32, 0f64);
    for k in 5..=95 {
        let t = k as f32 / 100.0;
        let f = prf(&probs, &cy, t).2;
        if f > thr.1 + 1e-12 {
            thr = (t, f);
        }
    }
    let (p, r, f) = prf(&probs, &cy, thr.0);
    let (f5p, f5r, f5) = prf(&probs, &cy, 0.5);
    let (e, bins) = ece(&probs, &cy);
    println!(
        "RESULT ClaimBuster dev AP {ap:.4}, P/R/F1 @ {:.2} {p:.4}/{r:.4}/{f:.4} \
         (@0.5: {f5p:.4}/{f5r:.4}/{f5:.4}), ECE {e:.4}; CLEF dev MAP {map:.4} {aps:?} ({:.0}s)",
        thr.0,
        t0.elapsed().as_secs_f64()
    );
    // --- fold the standardisation into each member's projection and save
    let k = o.dims;
    let mut proj_w = Vec::with_capacity(o.members * k * hidden);
    let mut proj_b = Vec::with_capacity(o.members * k);
    let mut members = Vec::new();
    for (_, net) in &nets {
        let pw = to_vec(&net.proj.ws); // [k, hidden]
        let pbias = to_vec(net.proj.bs.as_ref().expect("bias"));
        for j in 0..k {
            let mut b = pbias[j];
            for i in 0..hidden {
                let w = pw[j * hidden + i] / std[i];
                proj_w.push(w);
                b -= w * mean[i];
            }
            proj_b.push(b);
        }
        members.push(Member {
            w1: round5(to_vec(&net.l1.ws)),
            b1: round5(to_vec(net.l1.bs.as_ref().expect("bias"))),
            w2: round5(to_vec(&net.l2.ws)),
            b2: to_vec(net.l2.bs.as_ref().expect("bias"))[0],
        });
    }
    let (proj_w, proj_b) = (round5(proj_w), round5(proj_b));
    let r4 = |x: f64| (x * 10_000.0).round() / 10_000.0;
    let head = ClaimHead {
        dims: k,
        hidden,
        proj_w,
        proj_b,
        first_last: o.first_last,
        scalars: o.scalars.clone(),
        members,
        platt_a: pa,
        platt_b: pb,
        threshold: thr.0,
        tower: tower.clone(),
        dir: PathBuf::new(),
        info: json!({
            "trained_by": "scripts/train_claims_head.sh (examples/train_claims_head.rs)",
            "encoder": match &o.tower {
                Some(t) => format!("models/ner (frozen) and the claims tower {}", t.display()),
                None => "models/ner (frozen; int8/bf16/fp32 as at inference)".to_string(),
            },
            "settings": {"dims": k, "hidden": o.hid, "members": member_info, "epochs": o.epochs,
                         "lr": o.lr, "weight_decay": o.wd, "dropout": o.dropout, "seed": o.seed,
                         "context_sentences": CONTEXT_SENTENCES, "clef_weight": o.clef_weight,
                         "context_dropout": o.ctx_drop, "rank_loss": o.rank, "first_last": o.first_last,
                         "out_of_fold_linear": o.oof, "train_rows": train.len()},
            "dev": {
                "claimbuster": {"n": cy.len(), "ap": r4(ap), "threshold": thr.0, "p": r4(p), "r": r4(r), "f1": r4(f),
                                "p_at_0.5": r4(f5p), "r_at_0.5": r4(f5r), "f1_at_0.5": r4(f5), "ece_10_bins": r4(e),
                                "calibration_bins": bins},
                "clef2019": {"map": r4(map), "ap_per_transcript": aps.iter().map(|(d, a)| (d.clone(), r4(*a))).collect::<BTreeMap<_, _>>()},
            },
        }),
    };
    let mut s = serde_json::to_string(&head)?;
    s.push('\n');
    std::fs::write(&o.out, s)?;
    println!("wrote {}", o.out.display());
    // the head finds its tower in its own folder
    if let (Some(src), Some(t)) = (&o.tower, &tower) {
        let dst = o.out.with_file_name(&t.file);
        if std::fs::canonicalize(src)? != std::fs::canonicalize(&dst).unwrap_or_default() {
            std::fs::copy(src, &dst)?;
            println!("copied the tower to {}", dst.display());
        }
    }
    Ok(())
}

/// Weights rounded to 5 significant digits (a file half the size; log-odds change by ~1e-5).
fn round5(v: Vec<f32>) -> Vec<f32> {
    v.into_iter()
        .map(|x| format!("{x:.4e}").parse().expect("a float"))
        .collect()
}

/// The bias shift of the shipped linear model (`weights.json`: dev.claimbuster_dev.bias_shift),
/// applied to the out-of-fold log-odds so they sit on the shipped model's scale.
fn linear_shift(_o: &Opts) -> anyhow::Result<f32> {
    let p = ClaimModel::default_path().join("weights.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&p)?)?;
    v["dev"]["claimbuster_dev"]["bias_shift"]
        .as_f64()
        .map(|x| x as f32)
        .ok_or_else(|| anyhow::anyhow!("{}: no dev.claimbuster_dev.bias_shift", p.display()))
}
