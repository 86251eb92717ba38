//! The transformer claims head: check-worthiness from the shared encoder's states.
//!
//! A sentence is scored from (1) the mean of its subword tokens' encoder states, (2) the mean
//! over the sentences just before it (its context: a moderator's question before an answer, a
//! figure already stated), and (3) the linear model's log-odds ([`ClaimModel::logit`], the
//! n-gram and hand features). The encoder states are first projected to a few dimensions per
//! token *inside* the transformer pass ([`crate::ner::EntityTagger::set_projection`]); a
//! projection is linear, so the mean of projected tokens equals the projection of the mean,
//! and the pipeline only carries `dims` numbers per token. Then a small MLP and Platt scaling
//! give a calibrated probability. Trained by `examples/train_claims_head.rs`
//! (`scripts/train_claims_head.sh`); weights in `models/claims/head.json`.

use super::model::{sigmoid, ClaimModel};
use crate::document::TokenVectors;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Sentences before a sentence whose tokens make its context vector.
pub const CONTEXT_SENTENCES: usize = 2;

/// The head's weights (all row-major), as stored in `head.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimHead {
    /// Projected dimensions per token (`k`).
    pub dims: usize,
    /// Encoder hidden size (the projection's input).
    pub hidden: usize,
    /// `k x hidden` projection weight and its `k` biases.
    pub proj_w: Vec<f32>,
    pub proj_b: Vec<f32>,
    /// MLP: `h x inputs` first layer (inputs = [`ClaimHead::inputs`]), `h` biases, `h`
    /// output weights and the output bias.
    pub w1: Vec<f32>,
    pub b1: Vec<f32>,
    pub w2: Vec<f32>,
    pub b2: f32,
    /// Platt scaling of the MLP's log-odds: `p = sigmoid(a * z + b)` (fitted on dev).
    pub platt_a: f32,
    pub platt_b: f32,
    /// Decision threshold on the calibrated probability (F1-optimal on the ClaimBuster dev
    /// split); `saywho extract`'s default `--claims-threshold` when the head runs.
    pub threshold: f32,
    /// Training settings and dev metrics (not used at inference).
    #[serde(default)]
    pub info: serde_json::Value,
}

impl ClaimHead {
    /// Number of MLP inputs: sentence and context vectors, has-context flag, linear log-odds.
    pub fn inputs(dims: usize) -> usize {
        2 * dims + 2
    }

    /// `models/claims/head.json` of this crate, or under `$SAYWHO_MODELS/claims`.
    pub fn default_path() -> PathBuf {
        ClaimModel::default_path().join("head.json")
    }

    /// Load and check a head file.
    pub fn load(path: &Path) -> anyhow::Result<ClaimHead> {
        let raw = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read claims head {}: {e}", path.display()))?;
        let h: ClaimHead = serde_json::from_str(&raw)
            .map_err(|e| anyhow::anyhow!("{}: not a claims head: {e}", path.display()))?;
        h.check()
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        Ok(h)
    }

    /// The head at [`ClaimHead::default_path`], loaded once per process; `None` when the
    /// file does not exist (the linear model then scores alone).
    pub fn shared_default() -> anyhow::Result<Option<Arc<ClaimHead>>> {
        static HEAD: OnceLock<Result<Option<Arc<ClaimHead>>, String>> = OnceLock::new();
        HEAD.get_or_init(|| {
            let p = ClaimHead::default_path();
            if !p.exists() {
                return Ok(None);
            }
            ClaimHead::load(&p)
                .map(|h| Some(Arc::new(h)))
                .map_err(|e| format!("{e:#}"))
        })
        .clone()
        .map_err(|e| anyhow::anyhow!(e))
    }

    fn check(&self) -> anyhow::Result<()> {
        let h = self.b1.len();
        let n = Self::inputs(self.dims);
        anyhow::ensure!(
            self.dims > 0
                && self.proj_w.len() == self.dims * self.hidden
                && self.proj_b.len() == self.dims
                && self.w1.len() == h * n
                && self.w2.len() == h
                && h > 0,
            "inconsistent claims head shapes"
        );
        Ok(())
    }

    /// MLP log-odds for a sentence vector, an optional context vector (both already
    /// projected, `dims` values) and the linear model's log-odds.
    pub fn logit(&self, sent: &[f32], ctx: Option<&[f32]>, linear: f32) -> f32 {
        let k = self.dims;
        let mut x = Vec::with_capacity(Self::inputs(k));
        x.extend_from_slice(sent);
        match ctx {
            Some(c) => {
                x.extend_from_slice(c);
                x.push(1.0);
            }
            None => {
                x.extend(std::iter::repeat_n(0.0, k));
                x.push(0.0);
            }
        }
        x.push(linear);
        let n = x.len();
        let mut z = self.b2;
        for (j, (b, w2)) in self.b1.iter().zip(&self.w2).enumerate() {
            let row = &self.w1[j * n..(j + 1) * n];
            let a: f32 = b + row.iter().zip(&x).map(|(w, v)| w * v).sum::<f32>();
            z += w2 * a.max(0.0);
        }
        z
    }

    /// Calibrated probability of "worth checking".
    pub fn probability(&self, sent: &[f32], ctx: Option<&[f32]>, linear: f32) -> f32 {
        sigmoid(self.platt_a * self.logit(sent, ctx, linear) + self.platt_b)
    }
}

/// Scores spans of one document: the head over its token vectors when both are there, else
/// the linear model alone.
pub struct Scorer<'a> {
    pub linear: &'a ClaimModel,
    pub head: Option<(&'a ClaimHead, &'a TokenVectors)>,
}

impl Scorer<'_> {
    /// Check-worthiness of `text[span]`, with the text of `context` (the sentences before it)
    /// as context for the head.
    pub fn score(&self, text: &str, span: (usize, usize), context: Option<(usize, usize)>) -> f32 {
        let lin = self.linear.logit(&text[span.0..span.1]);
        let Some((head, vecs)) = self.head else {
            return sigmoid(lin);
        };
        let Some(sent) = vecs.mean(span.0, span.1) else {
            return sigmoid(lin);
        };
        let ctx = context.and_then(|(a, b)| vecs.mean(a, b));
        head.probability(&sent, ctx.as_deref(), lin)
    }

    /// Whether the transformer head scores (else the linear model).
    pub fn is_head(&self) -> bool {
        self.head.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> ClaimHead {
        // k = 1, hidden = 2, one hidden unit: z = relu(sent + 2 * linear) - 1
        ClaimHead {
            dims: 1,
            hidden: 2,
            proj_w: vec![1.0, 0.0],
            proj_b: vec![0.0],
            w1: vec![1.0, 0.5, 0.0, 2.0],
            b1: vec![0.0],
            w2: vec![1.0],
            b2: -1.0,
            platt_a: 1.0,
            platt_b: 0.0,
            threshold: 0.5,
            info: serde_json::Value::Null,
        }
    }

    #[test]
    fn mlp_forward_and_context() {
        let h = tiny();
        h.check().unwrap();
        assert!((h.logit(&[1.0], None, 0.5) - 1.0).abs() < 1e-6);
        // context 2.0 adds 0.5 * 2 through the first layer
        assert!((h.logit(&[1.0], Some(&[2.0]), 0.5) - 2.0).abs() < 1e-6);
        // relu: negative pre-activation contributes nothing
        assert!((h.logit(&[-5.0], None, 0.0) + 1.0).abs() < 1e-6);
        assert!((h.probability(&[1.0], None, 0.5) - sigmoid(1.0)).abs() < 1e-6);
    }

    #[test]
    fn scorer_pools_token_vectors_and_falls_back_to_linear() {
        let lin = ClaimModel::from_weights([("bias", 0.0)]);
        let h = tiny();
        let text = "aa bb. cc";
        let vecs = TokenVectors {
            dims: 1,
            spans: vec![(0, 2), (3, 5), (5, 6), (7, 9)],
            values: vec![1.0, 3.0, 2.0, 10.0],
        };
        let s = Scorer {
            linear: &lin,
            head: Some((&h, &vecs)),
        };
        // mean of 1, 3, 2 = 2 -> z = 2 - 1 = 1
        assert!((s.score(text, (0, 6), None) - sigmoid(1.0)).abs() < 1e-6);
        let lin_only = Scorer {
            linear: &lin,
            head: None,
        };
        assert!((lin_only.score(text, (0, 6), None) - 0.5).abs() < 1e-6);
        // a span with no token falls back to the linear score
        assert!((s.score(text, (6, 7), None) - 0.5).abs() < 1e-6);
        let bad = ClaimHead {
            w2: vec![],
            ..tiny()
        };
        assert!(bad.check().is_err());
    }
}
