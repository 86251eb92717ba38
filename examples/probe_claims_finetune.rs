//! Probe: does fine-tuning the encoder reach ClaimBuster dev F1 0.85 where the frozen-encoder
//! head stays at 0.80? Fine-tunes a copy of `models/ner`'s encoder (fp32, casing feature
//! included) with a linear layer over the mean-pooled sentence states, on the ClaimBuster train
//! rows of `examples/train_claims.rs`'s split (the same seeded fifth held out as dev), and
//! prints dev AP and the best F1 after each epoch. Nothing is saved: it measures.
//!
//!   cargo run --release --example probe_claims_finetune -- [EPOCHS] [LR] [TOP_LAYERS]
//!
//! TOP_LAYERS (default: all) trains only the top that many transformer layers and freezes the
//! embeddings and the layers below them.

#[path = "common/claims_data.rs"]
mod claims_data;

use claims_data::{
    average_precision, best_threshold, claimbuster_dev, identity_projection, prf, read_jsonl,
    sigmoid, Rng, SPLIT_SEED,
};
use saywho::ner::casing::CASE_SPECIAL;
use saywho::ner::encode;
use saywho::ner::model::{NerModel, Precision};
use std::path::PathBuf;
use std::time::Instant;
use tch::{nn, nn::Module, nn::OptimizerConfig, Device, Kind, Tensor};

struct Ex {
    ids: Vec<i64>,
    cas: Vec<i64>,
    label: f32,
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let epochs: usize = args.get(1).map_or(3, |s| s.parse().unwrap());
    let lr: f64 = args.get(2).map_or(3e-5, |s| s.parse().unwrap());
    let top: Option<usize> = args.get(3).map(|s| s.parse().unwrap());
    tch::set_num_threads(2);
    tch::manual_seed(13);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("models/ner");
    let mut model = NerModel::load_with(&dir, Device::Cpu, Precision::Fp32)?;
    let hidden = model.hidden_size();
    let (eye, zero) = identity_projection(hidden);
    model.set_projection(Some((&eye, &zero)))?;
    let tokenizer = encode::load_tokenizer(&dir.join("tokenizer.json"))?;
    let id = |t: &str| tokenizer.token_to_id(t).unwrap() as i64;
    let (cls, sep) = (id("[CLS]"), id("[SEP]"));

    // the split of examples/train_claims.rs / train_claims_head.rs
    let cb = read_jsonl(&root.join("../shared/data/claims/claimbuster/train.jsonl"));
    let mut rng = Rng(SPLIT_SEED);
    let dev_set = claimbuster_dev(cb.len(), &mut rng);
    let (mut train, mut dev) = (Vec::new(), Vec::new());
    for (i, r) in cb.iter().enumerate() {
        let text = r["text"].as_str().unwrap();
        let toks = encode::tokenize(&tokenizer, text)?;
        let mut ids = vec![cls];
        let mut cas = vec![CASE_SPECIAL];
        for t in toks.iter().take(126) {
            ids.push(t.id as i64);
            cas.push(t.casing as i64);
        }
        ids.push(sep);
        cas.push(CASE_SPECIAL);
        let ex = Ex {
            ids,
            cas,
            label: r["label"].as_f64().unwrap() as f32,
        };
        if dev_set.contains(&i) {
            dev.push(ex)
        } else {
            train.push(ex)
        }
    }
    println!("train {} dev {}", train.len(), dev.len());

    if let Some(top) = top {
        let layers = model.bert_cfg.num_hidden_layers as usize;
        let trained: Vec<String> = (layers - top.min(layers)..layers)
            .map(|i| format!("encoder.layer.{i}."))
            .collect();
        let mut n = 0;
        for (name, t) in model.vs.variables() {
            let keep = trained.iter().any(|p| name.starts_with(p));
            let _ = t.set_requires_grad(keep);
            n += keep as usize;
        }
        println!("training the top {top} layers ({n} tensors), the rest frozen");
    }
    let head_vs = nn::VarStore::new(Device::Cpu);
    let head = nn::linear(head_vs.root(), hidden as i64, 1, Default::default());
    let mut opt = nn::AdamW {
        wd: 0.01,
        ..Default::default()
    }
    .build(&model.vs, lr)?;
    let mut hopt = nn::AdamW::default().build(&head_vs, 1e-3)?;
    let n_lab = model.cfg.labels.len() as i64 + model.cfg.attr_labels.len() as i64;

    let forward = |batch: &[&Ex], train: bool| -> anyhow::Result<Tensor> {
        let seq = batch.iter().map(|e| e.ids.len()).max().unwrap();
        let n = batch.len();
        let mut ids = vec![0i64; n * seq];
        let mut cas = vec![CASE_SPECIAL; n * seq];
        let mut mask = vec![0i64; n * seq];
        for (b, e) in batch.iter().enumerate() {
            ids[b * seq..b * seq + e.ids.len()].copy_from_slice(&e.ids);
            cas[b * seq..b * seq + e.ids.len()].copy_from_slice(&e.cas);
            mask[b * seq..b * seq + e.ids.len()].fill(1);
        }
        let shape = [n as i64, seq as i64];
        let mask = Tensor::from_slice(&mask).view(shape);
        let out = model.forward_t(
            &Tensor::from_slice(&ids).view(shape),
            &Tensor::from_slice(&cas).view(shape),
            &mask,
            train,
        )?;
        let h = out.narrow(-1, n_lab, hidden as i64);
        let m = mask.to_kind(Kind::Float).unsqueeze(-1);
        let pooled = (h * &m).sum_dim_intlist(1, false, Kind::Float)
            / m.sum_dim_intlist(1, false, Kind::Float);
        Ok(head.forward(&pooled).squeeze_dim(-1))
    };

    let bs = 32;
    let steps = epochs * train.len().div_ceil(bs);
    let mut step = 0;
    let t0 = Instant::now();
    for epoch in 1..=epochs {
        let mut order: Vec<usize> = (0..train.len()).collect();
        rng.shuffle(&mut order);
        for chunk in order.chunks(bs) {
            let scale = 1.0 - step as f64 / steps as f64;
            opt.set_lr(lr * scale);
            hopt.set_lr(1e-3 * scale);
            let batch: Vec<&Ex> = chunk.iter().map(|&i| &train[i]).collect();
            let y = Tensor::from_slice(&batch.iter().map(|e| e.label).collect::<Vec<_>>());
            let z = forward(&batch, true)?;
            let loss =
                z.binary_cross_entropy_with_logits::<Tensor>(&y, None, None, tch::Reduction::Mean);
            opt.zero_grad();
            hopt.zero_grad();
            loss.backward();
            opt.step();
            hopt.step();
            step += 1;
            if step % 50 == 0 {
                println!(
                    "step {step}/{steps} loss {:.4} {:.0}s",
                    loss.double_value(&[]),
                    t0.elapsed().as_secs_f64()
                );
            }
        }
        let mut scores = Vec::new();
        tch::no_grad(|| -> anyhow::Result<()> {
            for chunk in dev.chunks(64) {
                let batch: Vec<&Ex> = chunk.iter().collect();
                let z = forward(&batch, false)?;
                scores.extend(Vec::<f32>::try_from(&z)?.into_iter().map(sigmoid));
            }
            Ok(())
        })?;
        let labels: Vec<f32> = dev.iter().map(|e| e.label).collect();
        let ap = average_precision(&scores, &labels);
        let t = best_threshold(&scores, &labels);
        let best = (t, prf(&scores, &labels, t).2);
        println!(
            "epoch {epoch}: dev ClaimBuster AP {ap:.4}, best F1 {:.4} at {:.2}, F1@0.5 {:.4} ({:.0}s)",
            best.1,
            best.0,
            prf(&scores, &labels, 0.5).2,
            t0.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
