//! Train the transformer claims head (`models/claims/head.json`, see `src/claims/head.rs`) on
//! ClaimBuster + CLEF CheckThat! 2019 task 1, over the shared encoder in `models/ner` (frozen).
//! Run through `scripts/train_claims_head.sh`.
//!
//! 1. Features through the real inference path: the tagger runs with an identity projection,
//!    so each subword token carries its encoder state; a sentence's vector is the mean over its
//!    tokens. CLEF transcripts are tagged as whole documents (one line per paragraph), as
//!    users feed them, and each line gets the mean over the [`CONTEXT_SENTENCES`] lines before
//!    it as context; ClaimBuster sentences come alone (no context).
//! 2. The linear model's log-odds (`models/claims/weights.json`) is one more input.
//! 3. Projection (k dims) + MLP (one ReLU layer) trained with AdamW on the training rows
//!    (CLEF rows weighted 0.5 plus a CLEF bias that inference drops, as for the linear model);
//!    the epoch with the best dev score (ClaimBuster dev AP + CLEF dev MAP) is kept.
//! 4. Platt scaling on the ClaimBuster dev split, threshold = F1-optimal there; metrics and
//!    calibration (ECE, 10 bins) printed and stored in the file's `info`.
//!
//! Dev splits are exactly those of `examples/train_claims.rs` (same seed and procedure).

#[path = "common/claims_data.rs"]
mod claims_data;

use claims_data::{average_precision, prf, read_jsonl, sigmoid, Rng};
use saywho::claims::head::{ClaimHead, CONTEXT_SENTENCES};
use saywho::claims::ClaimModel;
use saywho::ner::EntityTagger;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;
use tch::{nn, nn::Module, nn::OptimizerConfig, Kind, Tensor};

struct Opts {
    data: PathBuf,
    ner: PathBuf,
    out: PathBuf,
    /// `DIMSxHIDDEN` settings tried; the one with the best dev score is kept.
    grid: Vec<(usize, usize)>,
    epochs: usize,
    lr: f64,
    seed: u64,
}

fn parse_args() -> Opts {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut o = Opts {
        data: root.join("../shared/data/claims"),
        ner: saywho::ner::default_model_dir(),
        out: root.join("models/claims/head.json"),
        grid: vec![(32, 64), (64, 128)],
        epochs: 30,
        lr: 1e-3,
        seed: 20_261_126,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let (k, v) = (
            pair[0].as_str(),
            pair.get(1).map(String::as_str).unwrap_or(""),
        );
        match k {
            "--data" => o.data = v.into(),
            "--ner" => o.ner = v.into(),
            "--out" => o.out = v.into(),
            "--grid" => {
                o.grid = v
                    .split(',')
                    .map(|g| {
                        let (d, h) = g.split_once('x').expect("--grid DIMSxHIDDEN,...");
                        (d.parse().expect("dims"), h.parse().expect("hidden"))
                    })
                    .collect()
            }
            "--epochs" => o.epochs = v.parse().expect("--epochs N"),
            "--lr" => o.lr = v.parse().expect("--lr X"),
            "--seed" => o.seed = v.parse().expect("--seed N"),
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
    ctx: Option<Vec<f32>>,
    linear: f32,
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
            rows[i].sent = v.mean(0, n).unwrap_or_else(|| vec![0.0; v.dims]);
        }
    }
    eprintln!(
        "claimbuster features: {} rows in {:.0}s",
        cb.len(),
        t0.elapsed().as_secs_f64()
    );
    // CLEF: one document per transcript, lines as paragraphs
    let mut by_doc: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if r.clef {
            by_doc.entry(r.doc.clone()).or_default().push(i);
        }
    }
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
            rows[i].sent = v.mean(a, b).unwrap_or_else(|| vec![0.0; v.dims]);
            if k > 0 {
                let c = spans[k.saturating_sub(CONTEXT_SENTENCES)].0;
                rows[i].ctx = v.mean(c, a);
            }
        }
    }
    eprintln!(
        "clef features: {} transcripts, {:.0}s in all",
        by_doc.len(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Tensors of a set of rows: sentence states, context states, has-context, linear, labels.
struct Batch {
    s: Tensor,
    c: Tensor,
    has: Tensor,
    lin: Tensor,
    clef: Tensor,
    y: Tensor,
    w: Tensor,
}

fn batch(rows: &[&Row], mean: &[f32], std: &[f32]) -> Batch {
    let h = mean.len();
    let norm = |v: &[f32]| -> Vec<f32> {
        v.iter()
            .zip(mean.iter().zip(std))
            .map(|(x, (m, s))| (x - m) / s)
            .collect()
    };
    let mut s = Vec::with_capacity(rows.len() * h);
    let mut c = Vec::with_capacity(rows.len() * h);
    for r in rows {
        s.extend(norm(&r.sent));
        match &r.ctx {
            Some(v) => c.extend(norm(v)),
            None => c.extend(std::iter::repeat_n(0.0, h)),
        }
    }
    let n = rows.len() as i64;
    let col = |f: &dyn Fn(&Row) -> f32| {
        Tensor::from_slice(&rows.iter().map(|r| f(r)).collect::<Vec<f32>>()).view([n, 1])
    };
    Batch {
        s: Tensor::from_slice(&s).view([n, h as i64]),
        c: Tensor::from_slice(&c).view([n, h as i64]),
        has: col(&|r| r.ctx.is_some() as u8 as f32),
        lin: col(&|r| r.linear),
        clef: col(&|r| r.clef as u8 as f32),
        y: col(&|r| r.label),
        w: col(&|r| if r.clef { 0.5 } else { 1.0 }),
    }
}

struct Net {
    proj: nn::Linear,
    l1: nn::Linear,
    l2: nn::Linear,
    clef_bias: Tensor,
}

impl Net {
    fn new(vs: &nn::Path, hidden_in: i64, k: i64, h: i64) -> Net {
        Net {
            proj: nn::linear(vs / "proj", hidden_in, k, Default::default()),
            l1: nn::linear(vs / "l1", 2 * k + 2, h, Default::default()),
            l2: nn::linear(vs / "l2", h, 1, Default::default()),
            clef_bias: vs.zeros("clef_bias", &[1]),
        }
    }

    /// Log-odds `[n, 1]`; `with_clef` adds the CLEF domain bias (training only).
    fn forward(&self, b: &Batch, train: bool, with_clef: bool) -> Tensor {
        let s = self.proj.forward(&b.s);
        let c = self.proj.forward(&b.c) * &b.has;
        let x = Tensor::cat(&[s, c, b.has.shallow_clone(), b.lin.shallow_clone()], 1);
        let hdn = self.l1.forward(&x).relu().dropout(0.1, train);
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

/// Platt scaling: (a, b) minimising the log loss of sigmoid(a z + b) (Newton's method).
fn platt(z: &[f32], y: &[f32]) -> (f32, f32) {
    let (mut a, mut b) = (1f64, 0f64);
    for _ in 0..50 {
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
        a -= da;
        b -= db;
        if da.abs() + db.abs() < 1e-9 {
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

/// Train one setting; returns the best dev score (ClaimBuster AP + CLEF MAP), its epoch, and
/// the network restored to that epoch.
#[allow(clippy::too_many_arguments)]
fn train_one(
    o: &Opts,
    dims: usize,
    hid: usize,
    hidden: usize,
    train: &[&Row],
    train_b: &Batch,
    dev: &[&Row],
    dev_b: &Batch,
) -> anyhow::Result<(f64, usize, nn::VarStore, Net)> {
    tch::manual_seed(o.seed as i64);
    let vs = nn::VarStore::new(tch::Device::Cpu);
    let net = Net::new(&vs.root(), hidden as i64, dims as i64, hid as i64);
    let mut opt = nn::AdamW {
        wd: 1e-3,
        ..Default::default()
    }
    .build(&vs, o.lr)?;
    let nt = train.len() as i64;
    // (dev score, epoch, a copy of the weights then)
    type Snapshot = (f64, usize, Vec<(String, Tensor)>);
    let mut best: Option<Snapshot> = None;
    for epoch in 1..=o.epochs {
        let perm = Tensor::randperm(nt, (Kind::Int64, tch::Device::Cpu));
        let mut total = 0f64;
        for start in (0..nt).step_by(256) {
            let idx = perm.narrow(0, start, 256.min(nt - start));
            let sel = |t: &Tensor| t.index_select(0, &idx);
            let b = Batch {
                s: sel(&train_b.s),
                c: sel(&train_b.c),
                has: sel(&train_b.has),
                lin: sel(&train_b.lin),
                clef: sel(&train_b.clef),
                y: sel(&train_b.y),
                w: sel(&train_b.w),
            };
            let z = net.forward(&b, true, true);
            let loss = z.binary_cross_entropy_with_logits::<&Tensor>(
                &b.y,
                Some(&b.w),
                None,
                tch::Reduction::Mean,
            );
            opt.backward_step(&loss);
            total += loss.double_value(&[]);
        }
        let z = tch::no_grad(|| net.forward(dev_b, false, false));
        let (ap, map, _) = dev_metrics(dev, &to_vec(&z));
        eprintln!(
            "epoch {epoch}: train loss {total:.2}, dev ClaimBuster AP {ap:.4}, CLEF MAP {map:.4}"
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
    tch::manual_seed(o.seed as i64);
    let mut rng = Rng(o.seed);
    // --- the dev splits of examples/train_claims.rs
    let cb = read_jsonl(&o.data.join("claimbuster/train.jsonl"));
    let clef = read_jsonl(&o.data.join("clef2019_t1/train.jsonl"));
    let mut cb_idx: Vec<usize> = (0..cb.len()).collect();
    rng.shuffle(&mut cb_idx);
    let cb_dev: HashSet<usize> = cb_idx[..cb.len() / 5].iter().copied().collect();
    let mut docs: Vec<String> = clef
        .iter()
        .map(|r| r["doc"].as_str().unwrap().to_string())
        .collect();
    docs.sort();
    docs.dedup();
    rng.shuffle(&mut docs);
    let clef_dev: HashSet<String> = docs[..5].iter().cloned().collect();
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
            ctx: None,
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
    // --- encoder states through the inference path (identity projection)
    let tagger = EntityTagger::load(&o.ner)?;
    let hidden = tagger.hidden_size();
    let mut eye = vec![0f32; hidden * hidden];
    for i in 0..hidden {
        eye[i * hidden + i] = 1.0;
    }
    tagger.set_projection(Some((&eye, &vec![0.0; hidden])))?;
    featurize(&tagger, &mut rows)?;
    drop(tagger);
    // --- no leakage across the shared 2016 debates (as in train_claims.rs)
    let norm = |t: &str| {
        t.to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let dev_texts: HashSet<String> = rows
        .iter()
        .filter(|r| r.dev)
        .map(|r| norm(&r.text))
        .collect();
    let train: Vec<&Row> = rows
        .iter()
        .filter(|r| !r.dev && !dev_texts.contains(&norm(&r.text)))
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
    let train_b = batch(&train, &mean, &std);
    let dev_b = batch(&dev, &mean, &std);
    // --- training: each grid setting, keeping the best on dev
    let mut best: Option<(f64, usize, usize, usize, nn::VarStore, Net)> = None;
    for &(dims, hid) in &o.grid {
        let (score, epoch, vs, net) =
            train_one(&o, dims, hid, hidden, &train, &train_b, &dev, &dev_b)?;
        eprintln!("grid {dims}x{hid}: best dev score {score:.4} at epoch {epoch}");
        if best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, epoch, dims, hid, vs, net));
        }
    }
    let (_, best_epoch, dims, hid, _vs, net) = best.expect("a grid setting");
    // --- calibration and threshold on the ClaimBuster dev split
    let z = to_vec(&tch::no_grad(|| net.forward(&dev_b, false, false)));
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
        "best epoch {best_epoch}: ClaimBuster dev AP {ap:.4}, P/R/F1 @ {:.2} {p:.4}/{r:.4}/{f:.4} \
         (@0.5: {f5p:.4}/{f5r:.4}/{f5:.4}), ECE {e:.4}; CLEF dev MAP {map:.4} {aps:?}",
        thr.0
    );
    // --- fold the standardisation into the projection and save
    let pw = to_vec(&net.proj.ws); // [k, hidden]
    let pbias = to_vec(net.proj.bs.as_ref().expect("bias"));
    let k = dims;
    let mut proj_w = vec![0f32; k * hidden];
    let mut proj_b = pbias.clone();
    for j in 0..k {
        for i in 0..hidden {
            let w = pw[j * hidden + i] / std[i];
            proj_w[j * hidden + i] = w;
            proj_b[j] -= w * mean[i];
        }
    }
    let head = ClaimHead {
        dims: k,
        hidden,
        proj_w,
        proj_b,
        w1: to_vec(&net.l1.ws),
        b1: to_vec(net.l1.bs.as_ref().expect("bias")),
        w2: to_vec(&net.l2.ws),
        b2: to_vec(net.l2.bs.as_ref().expect("bias"))[0],
        platt_a: pa,
        platt_b: pb,
        threshold: thr.0,
        info: json!({
            "trained_by": "scripts/train_claims_head.sh (examples/train_claims_head.rs)",
            "encoder": "models/ner (frozen; int8/bf16/fp32 as at inference)",
            "settings": {"dims": k, "hidden": hid, "grid": o.grid, "epochs": o.epochs, "best_epoch": best_epoch,
                         "lr": o.lr, "seed": o.seed, "context_sentences": CONTEXT_SENTENCES,
                         "clef_weight": 0.5, "train_rows": train.len()},
            "dev": {
                "claimbuster": {"n": cy.len(), "ap": ap, "threshold": thr.0, "p": p, "r": r, "f1": f,
                                "p_at_0.5": f5p, "r_at_0.5": f5r, "f1_at_0.5": f5, "ece_10_bins": e,
                                "calibration_bins": bins},
                "clef2019": {"map": map, "ap_per_transcript": aps},
            },
        }),
    };
    std::fs::write(&o.out, serde_json::to_string(&head)? + "\n")?;
    println!("wrote {}", o.out.display());
    Ok(())
}
