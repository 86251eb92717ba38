//! The check-worthiness model: logistic regression over the named features of
//! [`super::features`], weights in `models/claims/weights.json` (trained by
//! `scripts/train_claims.sh`).

use super::features::features;
use serde_json::Value;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// 64-bit FNV-1a of a feature name: the key of its weight.
pub fn feature_key(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Keys are already hashes: pass them through.
#[derive(Default)]
pub struct KeyHasher(u64);
impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A loaded linear model.
#[derive(Debug, Clone)]
pub struct ClaimModel {
    weights: HashMap<u64, f32, BuildHasherDefault<KeyHasher>>,
    /// The weights file's `threshold` (F1-optimal on the ClaimBuster dev split), if any.
    pub recommended_threshold: Option<f32>,
}

/// Default decision threshold of `saywho extract` (see `models/claims/README.md`).
pub const DEFAULT_THRESHOLD: f32 = 0.5;

impl ClaimModel {
    /// `models/claims` of this crate, or `$SAYWHO_MODELS/claims` when `SAYWHO_MODELS` is set.
    pub fn default_path() -> PathBuf {
        match std::env::var_os("SAYWHO_MODELS") {
            Some(d) if !d.is_empty() => PathBuf::from(d).join("claims"),
            _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("models/claims"),
        }
    }

    /// Load `DIR/weights.json`.
    pub fn load(dir: &Path) -> anyhow::Result<ClaimModel> {
        let path = dir.join("weights.json");
        let raw = std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("cannot read claims model {}: {e}", path.display()))?;
        let v: Value = serde_json::from_str(&raw)
            .map_err(|e| anyhow::anyhow!("{}: not a claims model: {e}", path.display()))?;
        Self::from_json(&v).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    /// Build from the weights file's JSON (`{"weights": {name: w}, "threshold": t, ...}`).
    pub fn from_json(v: &Value) -> anyhow::Result<ClaimModel> {
        let w = v["weights"]
            .as_object()
            .ok_or_else(|| anyhow::anyhow!("no `weights` object"))?;
        let mut weights = HashMap::with_capacity_and_hasher(w.len(), Default::default());
        for (k, x) in w {
            let x = x
                .as_f64()
                .ok_or_else(|| anyhow::anyhow!("weight of {k:?} is not a number"))?;
            weights.insert(feature_key(k), x as f32);
        }
        Ok(ClaimModel {
            weights,
            recommended_threshold: v["threshold"].as_f64().map(|t| t as f32),
        })
    }

    /// Build from (name, weight) pairs (training and tests).
    pub fn from_weights<'a>(pairs: impl IntoIterator<Item = (&'a str, f32)>) -> ClaimModel {
        ClaimModel {
            weights: pairs
                .into_iter()
                .map(|(k, w)| (feature_key(k), w))
                .collect(),
            recommended_threshold: None,
        }
    }

    /// The model at [`ClaimModel::default_path`], loaded once per process.
    pub fn shared_default() -> anyhow::Result<Arc<ClaimModel>> {
        static MODEL: OnceLock<Result<Arc<ClaimModel>, String>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                ClaimModel::load(&ClaimModel::default_path())
                    .map(Arc::new)
                    .map_err(|e| format!("{e:#}"))
            })
            .clone()
            .map_err(|e| anyhow::anyhow!(e))
    }

    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The linear score (log-odds) of a sentence.
    pub fn logit(&self, sentence: &str) -> f32 {
        let mut z = 0f32;
        features(sentence, &mut |name, x| {
            if let Some(w) = self.weights.get(&feature_key(name)) {
                z += w * x;
            }
        });
        z
    }

    /// Check-worthiness of a sentence, 0..1.
    pub fn score(&self, sentence: &str) -> f32 {
        sigmoid(self.logit(sentence))
    }
}

pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_score_sums_weights_of_present_features() {
        let m = ClaimModel::from_weights([("bias", -1.0), ("h=percent", 2.0), ("w=nope", 5.0)]);
        assert!((m.logit("Up 5% today.") - 1.0).abs() < 1e-6);
        assert!((m.logit("Hello there.") + 1.0).abs() < 1e-6);
        assert!((m.score("Hello there.") - sigmoid(-1.0)).abs() < 1e-6);
    }

    #[test]
    fn from_json_reads_weights_and_threshold() {
        let v = serde_json::json!({"weights": {"bias": 0.5}, "threshold": 0.4});
        let m = ClaimModel::from_json(&v).unwrap();
        assert_eq!(m.len(), 1);
        assert_eq!(m.recommended_threshold, Some(0.4));
        assert!(ClaimModel::from_json(&serde_json::json!({})).is_err());
    }
}
