//! Train the claims tower: copies of the top layers of the shared encoder (`models/ner`),
//! fine-tuned for check-worthiness on ClaimBuster + CLEF CheckThat! 2019 task 1, with the dev
//! splits of every claims trainer (`common/claims_data.rs`).
//!
//! The encoder's first `--split` layers stay frozen and shared with the entity model: their
//! states are computed once per window (through `NerModel::encode`, the inference network) and
//! kept in memory, so each step runs the tower's layers only. Documents look like what users
//! feed: a ClaimBuster sentence alone, a CLEF transcript whole (lines as paragraphs), cut into
//! the tagger's windows. A labelled line's log-odds is the mean over its subword tokens of a
//! linear layer over the tower's states (+ a CLEF bias that is dropped at inference); CLEF
//! lines are weighted `--clef-weight`. AdamW with linear decay; each epoch is scored on dev
//! (ClaimBuster AP + CLEF MAP) and the best epoch is saved: `--out` (fp16 safetensors,
//! `encoder.layer.{split..}.*`) and `--out` with `.json` (settings and dev metrics). The head
//! on top is trained afterwards by `train_claims_head.rs --tower` (scripts/train_claims_head.sh).
//!
//!   cargo run --release --example train_claims_tower -- [--split 2] [--epochs 3] [--lr 5e-5]
//!       [--head-lr 1e-3] [--clef-weight 0.5] [--seed 13] [--out models/claims/tower.safetensors]

#[path = "common/claims_data.rs"]
mod claims_data;

use anyhow::Context;
use claims_data::{
    average_precision, best_threshold, claimbuster_dev, clef_dev_docs, norm_text, prf, read_jsonl,
    sigmoid, Rng, SPLIT_SEED,
};
use saywho::ner::casing::CASE_SPECIAL;
use saywho::ner::encode;
use saywho::ner::model::{ClaimsTower, NerModel, Precision};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;
use tch::{nn, nn::Module, nn::OptimizerConfig, Device, Kind, Tensor};

struct Opts {
    split: usize,
    epochs: usize,
    lr: f64,
    head_lr: f64,
    clef_weight: f32,
    pack: usize,
    frame: f64,
    seed: i64,
    out: PathBuf,
    ner: PathBuf,
    data: PathBuf,
}

fn parse_args() -> Opts {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut o = Opts {
        split: 2,
        epochs: 3,
        lr: 5e-5,
        head_lr: 1e-3,
        clef_weight: 0.5,
        pack: 1,
        frame: 0.0,
        seed: 13,
        out: root.join("models/claims/tower.safetensors"),
        ner: root.join("models/ner"),
        data: root.join("../shared/data/claims"),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        let num = |s: &str| -> f64 {
            s.parse()
                .unwrap_or_else(|_| panic!("{}: expected a number, got {s:?}", args[i]))
        };
        match args[i].as_str() {
            "--split" => o.split = num(&v) as usize,
            "--epochs" => o.epochs = num(&v) as usize,
            "--lr" => o.lr = num(&v),
            "--head-lr" => o.head_lr = num(&v),
            "--clef-weight" => o.clef_weight = num(&v) as f32,
            "--pack" => o.pack = num(&v) as usize,
            "--frame" => o.frame = num(&v),
            "--seed" => o.seed = num(&v) as i64,
            "--out" => o.out = PathBuf::from(&v),
            "--ner" => o.ner = PathBuf::from(&v),
            "--data" => o.data = PathBuf::from(&v),
            "-h" | "--help" => {
                println!("{}", HELP);
                std::process::exit(0);
            }
            other => panic!("unknown option {other} (see --help)"),
        }
        i += 2;
    }
    o
}

const HELP: &str = "train_claims_tower: fine-tune the top encoder layers for check-worthiness
  --split K         encoder layers shared with the entity model (default 2)
  --epochs N        passes over the training lines (default 3)
  --lr X            tower learning rate (default 5e-5); --head-lr X for the linear head (1e-3)
  --clef-weight X   weight of CLEF lines (default 0.5)
  --pack N          ClaimBuster training sentences per paragraph: 1 to N, drawn (default 1:
                    each alone)
  --frame P         share of ClaimBuster training sentences framed as news quotes them
                    (`'...,' Jane Doe said.`, `According to Jane Doe, ...`; label unchanged;
                    default 0); dev is also scored framed (`claimbuster_dev_framed_*`)
  --seed N          torch seed (default 13)
  --out FILE        tower weights (default models/claims/tower.safetensors; FILE.json beside)
  --ner DIR         encoder (default models/ner); --data DIR claims data (../shared/data/claims)";

/// The best epoch so far: dev score, epoch, fp16 tower weights, dev metrics.
type Best = (f64, usize, Vec<(String, Tensor)>, serde_json::Value);

/// `Unit::doc` of the packed copies of the ClaimBuster dev sentences.
const IN_CONTEXT: &str = "claimbuster-dev-in-context";
/// `Unit::doc` of the framed copies of the ClaimBuster dev sentences.
const FRAMED: &str = "claimbuster-dev-framed";

/// Speakers and attribution frames for `--frame` (others than `scripts/eval_claims.py` uses).
const FRAME_NAMES: &[&str] = &[
    "Jane Doe",
    "the mayor",
    "Mr. Patel",
    "a spokeswoman",
    "Johnson",
    "the minister",
    "Dr. Lee",
    "Garcia",
    "the candidate",
    "Sen. Ortiz",
];

/// Sentence `t` as a news report may quote it: frame `k` (0..6) with speaker `name`.
fn framed(t: &str, k: usize, name: &str) -> String {
    let t = t.trim();
    let cap = |s: &str| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    };
    let low = |s: &str| {
        let mut c = s.chars();
        match (c.next(), s.starts_with("I ")) {
            (Some(f), false) => f.to_lowercase().collect::<String>() + c.as_str(),
            _ => s.to_string(),
        }
    };
    let (body, comma) = match t.strip_suffix('.') {
        Some(b) => (b, ","),
        None => (t, ""),
    };
    match k % 6 {
        0 => format!("\u{201c}{body}{comma}\u{201d} {name} said."),
        1 => format!("\u{201c}{body}{comma}\u{201d} {name} told reporters."),
        2 => format!("\u{201c}{body}{comma}\u{201d} said {name}."),
        3 => format!("{} said: \u{201c}{t}\u{201d}", cap(name)),
        4 => format!("According to {name}, {}", low(t)),
        _ => format!("{} said that {}", cap(name), low(t)),
    }
}

/// One document as the tagger sees it: its windows (global indices) and tokens.
struct Doc {
    toks: Vec<encode::Tok>,
    /// Sentence number of each token (the tower attends within a sentence).
    sent: Vec<u32>,
    wins: Vec<encode::Window>,
    first_win: usize,
}

/// One labelled line, placed in one window: subword positions `lo..hi` of that window's row
/// (`[CLS]` at 0).
struct Unit {
    label: f32,
    clef: bool,
    dev: bool,
    train: bool,
    /// CLEF transcript (for MAP); empty for ClaimBuster.
    doc: String,
    win: usize,
    lo: usize,
    hi: usize,
}

/// One window: token ids, casing ids and the frozen encoder's states after `split` layers.
struct Win {
    ids: Vec<i64>,
    cas: Vec<i64>,
    /// Sentence numbers as the tagger gives them ([CLS] -2, [SEP] -3).
    seg: Vec<i64>,
    states: Tensor,
}

fn main() -> anyhow::Result<()> {
    let o = parse_args();
    let t0 = Instant::now();
    tch::set_num_threads(2);
    tch::manual_seed(o.seed);
    let model = NerModel::load_with(&o.ner, Device::Cpu, Precision::Fp32)?;
    let n_layers = model.bert_cfg.num_hidden_layers as usize;
    anyhow::ensure!(
        (1..n_layers).contains(&o.split),
        "--split must be in 1..{n_layers}"
    );
    let tokenizer = encode::load_tokenizer(&o.ner.join("tokenizer.json"))?;
    let cfg = model.cfg.clone();

    // --- rows and the dev splits of every claims trainer
    let mut rng = Rng(SPLIT_SEED);
    let cb = read_jsonl(&o.data.join("claimbuster/train.jsonl"));
    let clef = read_jsonl(&o.data.join("clef2019_t1/train.jsonl"));
    let cb_dev = claimbuster_dev(cb.len(), &mut rng);
    let clef_dev = clef_dev_docs(&clef, &mut rng);
    // documents: (text, [(byte span, label, clef, dev, transcript)])
    type Line = ((usize, usize), f32, bool, bool, String);
    let mut docs_text: Vec<(String, Vec<Line>)> = Vec::new();
    // ClaimBuster dev sentences alone (as every trainer scores them); training sentences packed
    // into paragraphs of 1 to `--pack` random sentences, so that the tower learns to judge a
    // sentence among neighbours of other labels instead of passing a claim's signal on to the
    // short sentences beside it (as news articles and transcripts put them)
    let mut cb_train: Vec<usize> = Vec::new();
    for (i, r) in cb.iter().enumerate() {
        if !cb_dev.contains(&i) {
            cb_train.push(i);
            continue;
        }
        let t = r["text"].as_str().unwrap_or("").to_string();
        let n = t.len();
        let y = r["label"].as_f64().unwrap_or(0.0) as f32;
        docs_text.push((t, vec![((0, n), y, false, true, String::new())]));
    }
    let mut prng = Rng(o.seed as u64 ^ 0x5eed);
    prng.shuffle(&mut cb_train);
    // the dev sentences once more, packed 8 to a paragraph (marked "in context": a second
    // ClaimBuster score that shows whether neighbours leak into a sentence's score)
    let mut cb_dev_sorted: Vec<usize> = cb_dev.iter().copied().collect();
    cb_dev_sorted.sort();
    prng.shuffle(&mut cb_dev_sorted);
    for chunk in cb_dev_sorted.chunks(8) {
        let mut text = String::new();
        let mut lines = Vec::new();
        for &i in chunk {
            if !text.is_empty() {
                text.push(' ');
            }
            let a = text.len();
            text.push_str(cb[i]["text"].as_str().unwrap_or("").trim());
            let y = cb[i]["label"].as_f64().unwrap_or(0.0) as f32;
            lines.push(((a, text.len()), y, false, true, IN_CONTEXT.to_string()));
        }
        docs_text.push((text, lines));
    }
    // the dev sentences framed as news quotes them (a second ClaimBuster score: is the score
    // about what was said, whoever reports it?)
    if o.frame > 0.0 {
        for (n, &i) in cb_dev_sorted.iter().enumerate() {
            let t = framed(cb[i]["text"].as_str().unwrap_or(""), n, FRAME_NAMES[n % 10]);
            let y = cb[i]["label"].as_f64().unwrap_or(0.0) as f32;
            let len = t.len();
            docs_text.push((t, vec![((0, len), y, false, true, FRAMED.to_string())]));
        }
    }
    // its own generator, so that --frame 0 draws the same documents as before the option
    let mut frng = Rng(o.seed as u64 ^ 0xf4a3e);
    let mut rest = &cb_train[..];
    while !rest.is_empty() {
        let k = (1 + (prng.next() % o.pack.max(1) as u64) as usize).min(rest.len());
        let mut text = String::new();
        let mut lines = Vec::new();
        for &i in &rest[..k] {
            if !text.is_empty() {
                text.push(' ');
            }
            let a = text.len();
            let t = cb[i]["text"].as_str().unwrap_or("").trim();
            if o.frame > 0.0 && (frng.next() % 10_000) as f64 / 10_000.0 < o.frame {
                let k = frng.next() as usize;
                text.push_str(&framed(t, k, FRAME_NAMES[(k / 6) % FRAME_NAMES.len()]));
            } else {
                text.push_str(t);
            }
            let y = cb[i]["label"].as_f64().unwrap_or(0.0) as f32;
            lines.push(((a, text.len()), y, false, false, String::new()));
        }
        docs_text.push((text, lines));
        rest = &rest[k..];
    }
    let mut by_doc: BTreeMap<String, Vec<(i64, String, f32)>> = BTreeMap::new();
    for r in &clef {
        by_doc
            .entry(r["doc"].as_str().unwrap_or("").to_string())
            .or_default()
            .push((
                r["line_number"].as_i64().unwrap_or(0),
                r["text"].as_str().unwrap_or("").to_string(),
                r["label"].as_f64().unwrap_or(0.0) as f32,
            ));
    }
    for (doc, mut lines) in by_doc {
        lines.sort_by_key(|l| l.0);
        let dev = clef_dev.contains(&doc);
        let mut text = String::new();
        let mut units = Vec::new();
        for (_, t, y) in lines {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let a = text.len();
            text.push_str(&t);
            units.push(((a, text.len()), y, true, dev, doc.clone()));
        }
        docs_text.push((text, units));
    }
    // no leakage across the shared 2016 debates (as in train_claims.rs): a training line whose
    // text is also a dev line is not trained on
    let norm = norm_text;
    let dev_texts: HashSet<String> = docs_text
        .iter()
        .flat_map(|(t, us)| us.iter().filter(|u| u.3).map(|u| norm(&t[u.0 .0..u.0 .1])))
        .collect();

    // --- tokens, windows, units
    let max_content = cfg.max_len - 2;
    let mut docs: Vec<Doc> = Vec::new();
    let mut units: Vec<Unit> = Vec::new();
    let mut n_wins = 0;
    let mut skipped = 0;
    for (text, lines) in &docs_text {
        let toks = encode::tokenize(&tokenizer, text)?;
        let sent = saywho::ner::sentence_ids(text, &toks);
        let wins = encode::windows(toks.len(), max_content, cfg.window_overlap);
        for ((a, b), label, is_clef, dev, doc) in lines {
            let ta = toks.partition_point(|t| t.start < *a);
            let tb = toks.partition_point(|t| t.start < *b);
            if tb <= ta {
                skipped += 1;
                continue;
            }
            // the first window that holds the whole line (most context before it), else the
            // one whose core holds its first token
            let w = wins
                .iter()
                .position(|w| w.start <= ta && tb <= w.end)
                .or_else(|| {
                    wins.iter()
                        .position(|w| w.core_start <= ta && ta < w.core_end)
                })
                .expect("every token is in a window core");
            let win = &wins[w];
            units.push(Unit {
                label: *label,
                clef: *is_clef,
                dev: *dev,
                train: !*dev && !dev_texts.contains(&norm(&text[*a..*b])),
                doc: doc.clone(),
                win: n_wins + w,
                lo: 1 + ta.max(win.start) - win.start,
                hi: 1 + tb.min(win.end) - win.start,
            });
        }
        n_wins += wins.len();
        docs.push(Doc {
            toks,
            sent,
            wins,
            first_win: n_wins,
        });
    }
    for d in docs.iter_mut() {
        d.first_win -= d.wins.len();
    }
    println!(
        "{} documents, {} windows, {} lines ({} train, {} dev, {} without tokens) ({:.0}s)",
        docs.len(),
        n_wins,
        units.len(),
        units.iter().filter(|u| u.train).count(),
        units.iter().filter(|u| u.dev).count(),
        skipped,
        t0.elapsed().as_secs_f64()
    );

    // --- frozen states after `split` layers, once per window
    let mut wins: Vec<Win> = Vec::with_capacity(n_wins);
    for d in &docs {
        for w in &d.wins {
            let mut ids = vec![cfg.cls_id as i64];
            let mut cas = vec![CASE_SPECIAL];
            let mut seg = vec![-2i64];
            for (t, &s) in d.toks[w.start..w.end].iter().zip(&d.sent[w.start..w.end]) {
                ids.push(t.id as i64);
                cas.push(t.casing as i64);
                seg.push(s as i64);
            }
            ids.push(cfg.sep_id as i64);
            cas.push(CASE_SPECIAL);
            seg.push(-3);
            wins.push(Win {
                ids,
                cas,
                seg,
                states: Tensor::new(),
            });
        }
    }
    let mut order: Vec<usize> = (0..wins.len()).collect();
    order.sort_by_key(|&i| wins[i].ids.len());
    let pad = |batch: &[usize], wins: &[Win]| -> (Tensor, Tensor, Tensor, i64) {
        let seq = batch.iter().map(|&i| wins[i].ids.len()).max().unwrap_or(1);
        let n = batch.len();
        let mut ids = vec![cfg.pad_id as i64; n * seq];
        let mut cas = vec![CASE_SPECIAL; n * seq];
        let mut mask = vec![0i64; n * seq];
        for (b, &i) in batch.iter().enumerate() {
            let w = &wins[i];
            ids[b * seq..b * seq + w.ids.len()].copy_from_slice(&w.ids);
            cas[b * seq..b * seq + w.ids.len()].copy_from_slice(&w.cas);
            mask[b * seq..b * seq + w.ids.len()].fill(1);
        }
        let shape = [n as i64, seq as i64];
        (
            Tensor::from_slice(&ids).view(shape),
            Tensor::from_slice(&cas).view(shape),
            Tensor::from_slice(&mask).view(shape),
            seq as i64,
        )
    };
    tch::no_grad(|| -> anyhow::Result<()> {
        for chunk in order.chunks(32) {
            let (ids, cas, mask, _) = pad(chunk, &wins);
            let (_, mid) = model.encode(&ids, &cas, &mask, false, Some(o.split))?;
            let mid = mid.context("no split states")?;
            for (b, &i) in chunk.iter().enumerate() {
                let len = wins[i].ids.len() as i64;
                wins[i].states = mid.get(b as i64).narrow(0, 0, len).to_kind(Kind::Half);
            }
        }
        Ok(())
    })?;
    println!(
        "frozen states of {} windows after {} layers ({:.0}s)",
        wins.len(),
        o.split,
        t0.elapsed().as_secs_f64()
    );

    // --- the tower, initialised from the encoder's own top layers
    let enc_vars: HashMap<String, Tensor> = model.vs.variables().into_iter().collect();
    let tower = ClaimsTower::float(&model.bert_cfg, o.split, &enc_vars, Device::Cpu)?;
    drop(enc_vars);
    drop(model);
    let tvs = tower.var_store().expect("float tower");
    let hidden = wins[0].states.size()[1];
    let head_vs = nn::VarStore::new(Device::Cpu);
    let head = nn::linear(head_vs.root() / "head", hidden, 1, Default::default());
    let clef_bias = head_vs.root().zeros("clef_bias", &[1]);
    let mut opt = nn::AdamW {
        wd: 0.01,
        ..Default::default()
    }
    .build(tvs, o.lr)?;
    let mut hopt = nn::AdamW::default().build(&head_vs, o.head_lr)?;

    // units by window
    let mut by_win: HashMap<usize, Vec<usize>> = HashMap::new();
    for (k, u) in units.iter().enumerate() {
        by_win.entry(u.win).or_default().push(k);
    }
    // log-odds of the units of a batch of windows
    let score =
        |batch: &[usize], train: bool, with_clef: bool| -> anyhow::Result<(Tensor, Vec<usize>)> {
            let seq = batch.iter().map(|&i| wins[i].ids.len()).max().unwrap_or(1) as i64;
            let x = Tensor::stack(
                &batch
                    .iter()
                    .map(|&i| {
                        let s = wins[i].states.to_kind(Kind::Float);
                        let n = s.size()[0];
                        if n < seq {
                            Tensor::cat(
                                &[
                                    s,
                                    Tensor::zeros([seq - n, hidden], (Kind::Float, Device::Cpu)),
                                ],
                                0,
                            )
                        } else {
                            s
                        }
                    })
                    .collect::<Vec<_>>(),
                0,
            );
            let mut mask = vec![0i64; batch.len() * seq as usize];
            let mut seg = vec![-1i64; batch.len() * seq as usize];
            for (b, &i) in batch.iter().enumerate() {
                let s = b * seq as usize;
                mask[s..s + wins[i].ids.len()].fill(1);
                seg[s..s + wins[i].ids.len()].copy_from_slice(&wins[i].seg);
            }
            let mask = Tensor::from_slice(&mask).view([batch.len() as i64, seq]);
            let seg = Tensor::from_slice(&seg).view([batch.len() as i64, seq]);
            let h = tower.forward_t(&x, &mask, &seg, train)?;
            let tok = head.forward(&h).squeeze_dim(-1); // [b, seq]
            let mut zs = Vec::new();
            let mut ks = Vec::new();
            for (b, &i) in batch.iter().enumerate() {
                for &k in by_win.get(&i).map(|v| v.as_slice()).unwrap_or(&[]) {
                    let u = &units[k];
                    if train && !u.train {
                        continue;
                    }
                    let mut z = tok
                        .get(b as i64)
                        .narrow(0, u.lo as i64, (u.hi - u.lo) as i64)
                        .mean(Kind::Float);
                    if with_clef && u.clef {
                        z += &clef_bias.squeeze();
                    }
                    zs.push(z);
                    ks.push(k);
                }
            }
            let z = if zs.is_empty() {
                Tensor::zeros([0], (Kind::Float, Device::Cpu))
            } else {
                Tensor::stack(&zs, 0)
            };
            Ok((z, ks))
        };

    // training windows, in batches of similar length: ClaimBuster sentences 32 at a time,
    // transcript windows 8 at a time (about the same number of tokens)
    let wins_with = |f: fn(&Unit) -> bool| -> Vec<usize> {
        (0..wins.len())
            .filter(|i| {
                by_win
                    .get(i)
                    .is_some_and(|v| v.iter().any(|&k| f(&units[k])))
            })
            .collect()
    };
    let train_wins = wins_with(|u| u.train);
    let dev_wins = wins_with(|u| u.dev);
    let mut srng = Rng(o.seed as u64);
    let make_batches = |rng: &mut Rng| -> Vec<Vec<usize>> {
        let (mut short, mut long): (Vec<usize>, Vec<usize>) =
            train_wins.iter().partition(|&&i| wins[i].ids.len() <= 64);
        rng.shuffle(&mut short);
        rng.shuffle(&mut long);
        let mut out: Vec<Vec<usize>> = short.chunks(32).map(|c| c.to_vec()).collect();
        out.extend(long.chunks(8).map(|c| c.to_vec()));
        rng.shuffle(&mut out);
        out
    };
    let steps_per_epoch = make_batches(&mut Rng(0)).len();
    let steps = o.epochs * steps_per_epoch;
    println!(
        "training {} windows ({} steps per epoch), {} dev windows",
        train_wins.len(),
        steps_per_epoch,
        dev_wins.len()
    );
    let mut best: Option<Best> = None;
    let mut step = 0;
    for epoch in 1..=o.epochs {
        for batch in make_batches(&mut srng) {
            let warm = (step as f64 / (0.06 * steps as f64)).min(1.0);
            let scale = warm * (1.0 - step as f64 / steps as f64);
            opt.set_lr(o.lr * scale);
            hopt.set_lr(o.head_lr * scale);
            let (z, ks) = score(&batch, true, true)?;
            step += 1;
            if ks.is_empty() {
                continue;
            }
            let y = Tensor::from_slice(&ks.iter().map(|&k| units[k].label).collect::<Vec<_>>());
            let w = Tensor::from_slice(
                &ks.iter()
                    .map(|&k| if units[k].clef { o.clef_weight } else { 1.0 })
                    .collect::<Vec<_>>(),
            );
            let loss = z.binary_cross_entropy_with_logits(
                &y,
                Some(&w),
                None::<&Tensor>,
                tch::Reduction::Sum,
            ) / w.sum(Kind::Float);
            opt.zero_grad();
            hopt.zero_grad();
            loss.backward();
            opt.step();
            hopt.step();
            if step % 100 == 0 {
                println!(
                    "epoch {epoch} step {step}/{steps} loss {:.4} ({:.0}s)",
                    loss.double_value(&[]),
                    t0.elapsed().as_secs_f64()
                );
            }
        }
        // dev: ClaimBuster AP / F1, CLEF MAP over transcripts (no CLEF bias: as at inference)
        let mut s = vec![f32::NAN; units.len()];
        tch::no_grad(|| -> anyhow::Result<()> {
            for chunk in dev_wins.chunks(16) {
                let (z, ks) = score(chunk, false, false)?;
                for (k, v) in ks.iter().zip(Vec::<f32>::try_from(&z)?) {
                    s[*k] = sigmoid(v);
                }
            }
            Ok(())
        })?;
        // (score, label) of the dev units `f` picks
        let dev_scores = |f: &dyn Fn(&Unit) -> bool| -> (Vec<f32>, Vec<f32>) {
            units
                .iter()
                .enumerate()
                .filter(|(_, u)| u.dev && f(u))
                .map(|(k, u)| (s[k], u.label))
                .unzip()
        };
        let (cb_s, cb_y) = dev_scores(&|u| !u.clef && u.doc.is_empty());
        let (ctx_s, ctx_y) = dev_scores(&|u| u.doc == IN_CONTEXT);
        let (fr_s, fr_y) = dev_scores(&|u| u.doc == FRAMED);
        let fr_ap = average_precision(&fr_s, &fr_y);
        let fr_f1 = prf(&fr_s, &fr_y, best_threshold(&cb_s, &cb_y)).2;
        let ctx_ap = average_precision(&ctx_s, &ctx_y);
        let ctx_f1 = prf(&ctx_s, &ctx_y, best_threshold(&cb_s, &cb_y)).2;
        let ap = average_precision(&cb_s, &cb_y);
        let bt = best_threshold(&cb_s, &cb_y);
        let bf = prf(&cb_s, &cb_y, bt).2;
        let mut per_doc: BTreeMap<&str, (Vec<f32>, Vec<f32>)> = BTreeMap::new();
        for (k, u) in units.iter().enumerate() {
            if u.dev && u.clef {
                let e = per_doc.entry(&u.doc).or_default();
                e.0.push(s[k]);
                e.1.push(u.label);
            }
        }
        let aps: Vec<f64> = per_doc
            .values()
            .map(|(a, b)| average_precision(a, b))
            .collect();
        let map = aps.iter().sum::<f64>() / aps.len().max(1) as f64;
        println!(
            "epoch {epoch}: ClaimBuster dev AP {ap:.4}, best F1 {bf:.4} at {bt:.2}; in context AP {ctx_ap:.4}, F1 {ctx_f1:.4}; framed AP {fr_ap:.4}, F1 {fr_f1:.4}; CLEF dev MAP {map:.4} ({}) ({:.0}s)",
            aps.iter().map(|a| format!("{a:.3}")).collect::<Vec<_>>().join(", "),
            t0.elapsed().as_secs_f64()
        );
        let mut metrics = serde_json::json!({
            "epoch": epoch, "claimbuster_dev_ap": ap, "claimbuster_dev_best_f1": bf,
            "claimbuster_dev_best_threshold": bt, "clef_dev_map": map, "clef_dev_ap": aps,
            "claimbuster_dev_in_context_ap": ctx_ap, "claimbuster_dev_in_context_f1": ctx_f1,
        });
        if !fr_s.is_empty() {
            metrics["claimbuster_dev_framed_ap"] = fr_ap.into();
            metrics["claimbuster_dev_framed_f1"] = fr_f1.into();
        }
        if best.as_ref().is_none_or(|b| ap + map > b.0) {
            let snap = tvs
                .variables()
                .into_iter()
                .map(|(n, t)| (n, t.detach().to_kind(Kind::Half)))
                .collect();
            best = Some((ap + map, epoch, snap, metrics));
        }
    }
    let (_, epoch, mut snap, metrics) = best.context("no epoch ran")?;
    snap.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(dir) = o.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    Tensor::write_safetensors(&snap, &o.out)
        .with_context(|| format!("writing {}", o.out.display()))?;
    let info = serde_json::json!({
        "split": o.split, "layers": n_layers - o.split, "epochs": o.epochs, "best_epoch": epoch,
        "lr": o.lr, "head_lr": o.head_lr, "clef_weight": o.clef_weight, "pack": o.pack, "seed": o.seed,
        "frame": o.frame, "dev": metrics, "seconds": t0.elapsed().as_secs_f64().round(),
    });
    let json = o.out.with_extension("json");
    std::fs::write(&json, serde_json::to_string_pretty(&info)? + "\n")?;
    println!(
        "wrote {} (epoch {epoch}) and {} in {:.0}s",
        o.out.display(),
        json.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}
