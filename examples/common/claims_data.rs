//! Helpers shared by the claims trainers and the probe (included with `#[path]`): the seeded
//! RNG that draws the dev splits, the ClaimBuster and CLEF dev splits, the leakage filter's
//! text normalisation, JSONL reading, the dev metrics, and an identity projection of encoder
//! states.

use serde_json::Value;
use std::collections::HashSet;
use std::io::BufRead;
use std::path::PathBuf;

/// splitmix64: a tiny deterministic RNG.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Default seed of the dev splits (every claims trainer draws the same ones).
pub const SPLIT_SEED: u64 = 20_261_126;

/// The ClaimBuster dev rows: a fifth of the `n` rows, drawn by `rng` (whose state moves on, so
/// the CLEF transcripts drawn next are the same in every trainer).
pub fn claimbuster_dev(n: usize, rng: &mut Rng) -> HashSet<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut idx);
    idx[..n / 5].iter().copied().collect()
}

/// `hidden x hidden` identity weights and zero bias, for `set_projection`: the encoder's own
/// states come out after the heads' logits. (`train_claims.rs` reads no encoder states.)
#[allow(dead_code)]
pub fn identity_projection(hidden: usize) -> (Vec<f32>, Vec<f32>) {
    let mut eye = vec![0f32; hidden * hidden];
    for i in 0..hidden {
        eye[i * hidden + i] = 1.0;
    }
    (eye, vec![0.0; hidden])
}

pub fn read_jsonl(path: &PathBuf) -> Vec<Value> {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    std::io::BufReader::new(f)
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect()
}

/// Average precision of the positives when ranked by score (ties keep input order).
pub fn average_precision(scores: &[f32], labels: &[f32]) -> f64 {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let (mut hits, mut sum) = (0f64, 0f64);
    for (rank, &i) in idx.iter().enumerate() {
        if labels[i] > 0.5 {
            hits += 1.0;
            sum += hits / (rank as f64 + 1.0);
        }
    }
    if hits == 0.0 {
        0.0
    } else {
        sum / hits
    }
}

pub fn prf(scores: &[f32], labels: &[f32], t: f32) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fneg) = (0f64, 0f64, 0f64);
    for (&s, &y) in scores.iter().zip(labels) {
        match (s >= t, y > 0.5) {
            (true, true) => tp += 1.0,
            (true, false) => fp += 1.0,
            (false, true) => fneg += 1.0,
            _ => {}
        }
    }
    let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
    let r = if tp + fneg > 0.0 {
        tp / (tp + fneg)
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// The F1-optimal threshold (steps of 0.01) of `scores` against `labels`.
#[allow(dead_code)]
pub fn best_threshold(scores: &[f32], labels: &[f32]) -> f32 {
    (1..100)
        .map(|t| (t as f32 / 100.0, prf(scores, labels, t as f32 / 100.0).2))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(0.5, |b| b.0)
}

/// A sentence's text as the leakage filters compare it: lower case, whitespace collapsed (a
/// training row whose text is also a dev row is not trained on: ClaimBuster and CLEF share the
/// 2016 debates).
#[allow(dead_code)]
pub fn norm_text(t: &str) -> String {
    t.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The CLEF dev transcripts: 5 of the transcripts of `clef` rows, drawn by `rng` after
/// [`claimbuster_dev`] (the same five in every trainer).
#[allow(dead_code)]
pub fn clef_dev_docs(clef: &[Value], rng: &mut Rng) -> HashSet<String> {
    let mut docs: Vec<String> = clef
        .iter()
        .map(|r| r["doc"].as_str().unwrap_or("").to_string())
        .collect();
    docs.sort();
    docs.dedup();
    rng.shuffle(&mut docs);
    docs[..5].iter().cloned().collect()
}
