//! The check-worthiness model: logistic regression over the named features of
//! [`super::features`], weights in `models/claims/weights.json` (trained by
//! `scripts/train_claims.sh`).

use super::features::{feature_key, feature_parts};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Weights live in a dense table indexed by the low bits of the feature key (the hashing
/// trick): one memory access per feature. 2^20 slots for ~34k trained features.
const TABLE_BITS: u32 = 20;

/// A dense weight table being filled from (name, weight) pairs.
struct Table(Vec<f32>);

impl Table {
    fn new() -> Self {
        Table(vec![0.0; 1 << TABLE_BITS])
    }
    fn set(&mut self, name: &str, w: f32) {
        let slot = (feature_key(name) & ((1 << TABLE_BITS) - 1)) as usize;
        self.0[slot] += w;
    }
}

/// The `weights` object read straight into the table (no intermediate tree).
impl<'de> serde::Deserialize<'de> for Table {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Table;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of feature name -> weight")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Table, A::Error> {
                let mut t = Table::new();
                while let Some((k, w)) = a.next_entry::<std::borrow::Cow<'de, str>, f32>()? {
                    t.set(&k, w);
                }
                Ok(t)
            }
        }
        d.deserialize_map(V)
    }
}

/// A loaded linear model.
#[derive(Debug, Clone)]
pub struct ClaimModel {
    table: Vec<f32>,
    len: usize,
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
        // typed, borrowing parse: only the weights and threshold, no `Value` tree (fast load)
        #[derive(serde::Deserialize)]
        struct File {
            weights: Table,
            threshold: Option<f32>,
        }
        let f: File = serde_json::from_str(&raw)
            .map_err(|e| anyhow::anyhow!("{}: not a claims model: {e}", path.display()))?;
        let len = f.weights.0.iter().filter(|w| **w != 0.0).count();
        Ok(ClaimModel {
            table: f.weights.0,
            len,
            recommended_threshold: f.threshold,
        })
    }

    /// Build from the weights file's JSON (`{"weights": {name: w}, "threshold": t, ...}`).
    pub fn from_json(v: &Value) -> anyhow::Result<ClaimModel> {
        let w = v["weights"]
            .as_object()
            .ok_or_else(|| anyhow::anyhow!("no `weights` object"))?;
        let mut t = Table::new();
        for (k, x) in w {
            let x = x
                .as_f64()
                .ok_or_else(|| anyhow::anyhow!("weight of {k:?} is not a number"))?;
            t.set(k, x as f32);
        }
        let len = t.0.iter().filter(|w| **w != 0.0).count();
        Ok(ClaimModel {
            table: t.0,
            len,
            recommended_threshold: v["threshold"].as_f64().map(|t| t as f32),
        })
    }

    /// Build from (name, weight) pairs (training and tests).
    pub fn from_weights<'a>(pairs: impl IntoIterator<Item = (&'a str, f32)>) -> ClaimModel {
        let mut t = Table::new();
        for (k, w) in pairs {
            t.set(k, w);
        }
        let len = t.0.iter().filter(|w| **w != 0.0).count();
        ClaimModel {
            table: t.0,
            len,
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
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The linear score (log-odds) of a sentence.
    pub fn logit(&self, sentence: &str) -> f32 {
        let mut z = 0f32;
        let mask = (1u64 << TABLE_BITS) - 1;
        feature_parts(sentence, &mut |key, _, x| {
            z += self.table[(key & mask) as usize] * x;
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
