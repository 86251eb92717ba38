//! How well quote `confidence` is calibrated against PolNeAR gold: reliability bins, expected
//! calibration error, and the end-to-end precision / recall that a `--min-confidence`
//! threshold gives (`saywho eval --calibration`, `examples/train_confidence.rs`).

use serde_json::{json, Value};

use super::score::{outcomes, score, GoldDoc};

/// The thresholds reported (the `--min-confidence` values users are pointed to).
pub const THRESHOLDS: [f64; 4] = [0.0, 0.5, 0.8, 0.9];
/// Number of equal-width reliability bins.
pub const BINS: usize = 10;

/// One reliability bin: quotes whose confidence is in `[lo, hi)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Bin {
    pub lo: f64,
    pub hi: f64,
    pub n: usize,
    pub mean_confidence: f64,
    /// Share of the bin's quotes that are end-to-end correct.
    pub accuracy: f64,
}

/// End-to-end figures of the quotes kept at one threshold (exactly `score`'s figures on the
/// predictions filtered to `confidence >= threshold`).
#[derive(Debug, Clone, PartialEq)]
pub struct AtThreshold {
    pub threshold: f64,
    pub kept: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    pub quotes: usize,
    pub bins: Vec<Bin>,
    /// Expected calibration error: the bins' |accuracy - mean confidence|, weighted by size.
    pub ece: f64,
    /// Mean log loss of confidence as a probability of end-to-end correctness.
    pub log_loss: f64,
    pub thresholds: Vec<AtThreshold>,
}

fn conf_of(q: &Value) -> f64 {
    q.get("confidence").and_then(Value::as_f64).unwrap_or(0.0)
}

/// Calibration of `preds` (output records) against `gold`.
pub fn calibration(gold: &[GoldDoc], preds: &[Value]) -> Calibration {
    let out = outcomes(gold, preds);
    let mut pairs: Vec<(f64, bool)> = Vec::new();
    for r in preds {
        let Some(id) = r.get("id").and_then(Value::as_str) else {
            continue;
        };
        let (Some(oc), Some(qs)) = (out.get(id), r.get("quotes").and_then(Value::as_array)) else {
            continue;
        };
        for (q, o) in qs.iter().zip(oc) {
            pairs.push((conf_of(q), o.end_to_end()));
        }
    }
    let mut bins: Vec<Bin> = (0..BINS)
        .map(|i| Bin {
            lo: i as f64 / BINS as f64,
            hi: (i + 1) as f64 / BINS as f64,
            n: 0,
            mean_confidence: 0.0,
            accuracy: 0.0,
        })
        .collect();
    let mut log_loss = 0.0;
    for &(c, ok) in &pairs {
        let i = ((c * BINS as f64) as usize).min(BINS - 1);
        bins[i].n += 1;
        bins[i].mean_confidence += c;
        bins[i].accuracy += ok as u8 as f64;
        let p = c.clamp(1e-4, 1.0 - 1e-4);
        log_loss -= if ok { p.ln() } else { (1.0 - p).ln() };
    }
    let n = pairs.len();
    let mut ece = 0.0;
    for b in &mut bins {
        if b.n > 0 {
            b.mean_confidence /= b.n as f64;
            b.accuracy /= b.n as f64;
            ece += b.n as f64 / n.max(1) as f64 * (b.accuracy - b.mean_confidence).abs();
        }
    }
    let thresholds = THRESHOLDS
        .iter()
        .map(|&t| {
            let kept: Vec<Value> = preds
                .iter()
                .map(|r| {
                    let mut r = r.clone();
                    if let Some(qs) = r.get_mut("quotes").and_then(Value::as_array_mut) {
                        qs.retain(|q| conf_of(q) >= t);
                    }
                    r
                })
                .collect();
            let n_kept = kept
                .iter()
                .filter_map(|r| r.get("quotes").and_then(Value::as_array))
                .map(Vec::len)
                .sum();
            let e = score(gold, &kept).to_json()["end_to_end"].clone();
            let f = |k: &str| e[k].as_f64().unwrap_or(0.0);
            AtThreshold {
                threshold: t,
                kept: n_kept,
                precision: f("P"),
                recall: f("R"),
                f1: f("F1"),
            }
        })
        .collect();
    Calibration {
        quotes: n,
        bins,
        ece,
        log_loss: log_loss / n.max(1) as f64,
        thresholds,
    }
}

impl Calibration {
    /// Markdown tables: reliability bins, then the thresholds.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "Confidence calibration (end to end: content matched at overlap0.3 and speaker right), {} quotes: ECE {:.3}, log loss {:.3}\n",
            self.quotes, self.ece, self.log_loss
        );
        s.push_str(
            "| confidence | quotes | mean confidence | share correct |\n|---|---|---|---|\n",
        );
        for b in self.bins.iter().filter(|b| b.n > 0) {
            s.push_str(&format!(
                "| {:.1}-{:.1} | {} | {:.3} | {:.3} |\n",
                b.lo, b.hi, b.n, b.mean_confidence, b.accuracy
            ));
        }
        s.push_str("\n| --min-confidence | quotes kept | e2e P | e2e R | e2e F1 |\n|---|---|---|---|---|\n");
        for t in &self.thresholds {
            s.push_str(&format!(
                "| {:.1} | {} | {:.1} | {:.1} | {:.1} |\n",
                t.threshold,
                t.kept,
                100.0 * t.precision,
                100.0 * t.recall,
                100.0 * t.f1
            ));
        }
        s
    }

    pub fn to_json(&self) -> Value {
        json!({
            "quotes": self.quotes,
            "ece": self.ece,
            "log_loss": self.log_loss,
            "bins": self.bins.iter().map(|b| json!({
                "lo": b.lo, "hi": b.hi, "n": b.n,
                "mean_confidence": b.mean_confidence, "accuracy": b.accuracy,
            })).collect::<Vec<_>>(),
            "thresholds": self.thresholds.iter().map(|t| json!({
                "min_confidence": t.threshold, "kept": t.kept,
                "P": t.precision, "R": t.recall, "F1": t.f1,
            })).collect::<Vec<_>>(),
        })
    }
}
