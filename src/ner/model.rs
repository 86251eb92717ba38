//! The NER network: rust-bert `BertModel` encoder (MiniLM-L6, uncased) whose input embeddings
//! get a learned casing-class embedding added, and a linear BIO classifier on top.

use anyhow::{anyhow, bail, Context, Result};
use rust_bert::bert::{BertConfig, BertEmbeddings, BertLayer, BertModel};
use rust_bert::Config;
use serde::{Deserialize, Serialize};
use std::path::Path;
use tch::{nn, Device, Kind, Tensor};

/// `ner_config.json`: everything besides the BERT architecture (`config.json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NerConfig {
    /// BIO labels, index = classifier output ("O", "B-PER", "I-PER", ...).
    pub labels: Vec<String>,
    /// Casing class names, index = casing id (see [`super::casing::CASING_CLASSES`]).
    pub casing_classes: Vec<String>,
    /// Whether the casing embedding is used (false for the ablation model).
    pub use_casing: bool,
    /// Maximum sequence length including [CLS] and [SEP].
    pub max_len: usize,
    /// Overlap (tokens) between consecutive inference windows.
    pub window_overlap: usize,
    pub cls_id: u32,
    pub sep_id: u32,
    pub pad_id: u32,
    /// BIO labels of the optional attribution head (`O`, `B-SRC`, `I-SRC`, `B-CUE`, `I-CUE`,
    /// `B-CON`, `I-CON`): source / cue / content of an attribution, tagged from the same
    /// encoder output as the entities. Empty: the model has no attribution head.
    #[serde(default)]
    pub attr_labels: Vec<String>,
    /// Log-odds taken off the attribution head's `O` label before each word's label is chosen
    /// (0: plain argmax). The head is trained on every word of PolNeAR articles, most of them
    /// `O`, and misses contents of beliefs and stances (`endorsed Clinton`, `support for
    /// Sanders`); a prior shift finds more of them, and the quote confidence (refitted for it)
    /// drops the weak ones. Chosen for this model on the held-out train articles
    /// (models/README.md); set it again after retraining (`train_ner` writes 0).
    #[serde(default)]
    pub attr_o_bias: f32,
}

impl NerConfig {
    pub fn default_labels() -> Vec<String> {
        [
            "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    /// Labels of the attribution head (see [`NerConfig::attr_labels`]).
    pub fn default_attr_labels() -> Vec<String> {
        ["O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }
}

/// Number format for inference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Fp32,
    /// The whole network in bfloat16.
    Bf16,
    /// Encoder linear layers as int8 products ([`super::quant`]), the rest fp32.
    Int8,
}

impl std::str::FromStr for Precision {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "fp32" => Ok(Precision::Fp32),
            "bf16" => Ok(Precision::Bf16),
            "int8" => Ok(Precision::Int8),
            "auto" => Ok(inference_precision()),
            _ => Err(format!(
                "unknown precision `{s}` (auto, fp32, bf16 or int8)"
            )),
        }
    }
}

/// `SAYWHO_NER_DTYPE` = `fp32`, `bf16` or `int8`; unset or `auto` picks int8 where the CPU
/// has int8 dot-product instructions (AVX512-VNNI: the fastest, at the F1 of fp32, see
/// models/README.md), else bf16 where it multiplies bf16 natively (AVX512-BF16), else fp32.
pub fn inference_precision() -> Precision {
    match std::env::var("SAYWHO_NER_DTYPE").as_deref() {
        Ok("fp32") => Precision::Fp32,
        Ok("bf16") => Precision::Bf16,
        Ok("int8") => Precision::Int8,
        _ if cpu_has_int8_dot() => Precision::Int8,
        _ if cpu_has_native_bf16() => Precision::Bf16,
        _ => Precision::Fp32,
    }
}

fn cpu_has_int8_dot() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512vnni")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

fn cpu_has_native_bf16() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        // (AMX-BF16 CPUs also have AVX512-BF16; AMX detection is not stable in Rust yet)
        std::arch::is_x86_feature_detected!("avx512bf16")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

pub struct NerModel {
    pub vs: nn::VarStore,
    pub cfg: NerConfig,
    /// The floating-point encoder; `None` for a model loaded for int8 inference only.
    bert: Option<BertModel<BertEmbeddings>>,
    word_embeddings: Tensor,
    /// Casing-class embedding weights `[classes, hidden]`.
    casing: Option<Tensor>,
    classifier: nn::Linear,
    /// The attribution head (present iff `cfg.attr_labels` is not empty).
    attr_classifier: Option<nn::Linear>,
    dropout: f64,
    /// Set by [`NerModel::load`] for [`Precision::Int8`]; used instead of `bert` at inference.
    int8: Option<super::quant::Int8Encoder>,
    /// Optional per-token projection of the encoder states (`[dims, hidden]` weight and
    /// `[dims]` bias), attached at run time by [`NerModel::set_projection`]: the claims head's
    /// first layer (models/claims/head.json), whose outputs are mean-pooled per sentence.
    projection: Option<(Tensor, Tensor)>,
    /// Optional claims tower ([`NerModel::set_claims_tower`]): the projection then reads its
    /// output instead of the encoder's.
    tower: Option<ClaimsTower>,
    /// The encoder's architecture.
    pub bert_cfg: BertConfig,
}

/// The claims tower: copies of the encoder's top layers, fine-tuned for check-worthiness
/// (`examples/train_claims_tower.rs`, `models/claims/tower.safetensors`). It reads the
/// encoder's states after layer `split` (computed once for entities and claims alike) and runs
/// its own layers `split..` over them, so a claims model that fine-tunes the top of the
/// encoder costs those layers only, never a second encoder.
pub struct ClaimsTower {
    /// Number of encoder layers shared with the entity model (>= 1).
    pub split: usize,
    layers: TowerLayers,
}

enum TowerLayers {
    /// int8 products, for an int8 encoder.
    Int8(super::quant::Int8Layers),
    /// rust-bert layers (trainable; fp32 or bf16 like the encoder).
    Float {
        vs: nn::VarStore,
        layers: Vec<BertLayer>,
    },
}

impl ClaimsTower {
    /// A float tower with layers `split..num_hidden_layers` of `bert_cfg`, initialised from
    /// `vars` (tensors named `encoder.layer.{i}.*`, e.g. the encoder's own weights or a saved
    /// tower), for training or float inference.
    pub fn float(
        bert_cfg: &BertConfig,
        split: usize,
        vars: &std::collections::HashMap<String, Tensor>,
        device: Device,
    ) -> Result<ClaimsTower> {
        let n = bert_cfg.num_hidden_layers as usize;
        anyhow::ensure!(
            (1..n).contains(&split),
            "claims tower split {split} must be within 1..{n}"
        );
        let vs = nn::VarStore::new(device);
        let root = vs.root();
        let layers: Vec<BertLayer> = (split..n)
            .map(|i| BertLayer::new(&root / "encoder" / "layer" / i, bert_cfg))
            .collect();
        tch::no_grad(|| -> Result<()> {
            for (name, mut var) in vs.variables() {
                let t = vars
                    .get(&name)
                    .ok_or_else(|| anyhow!("claims tower: no weights for {name}"))?;
                anyhow::ensure!(
                    t.size() == var.size(),
                    "claims tower {name}: shape {:?}, expected {:?}",
                    t.size(),
                    var.size()
                );
                var.copy_(&t.to_kind(var.kind()));
            }
            Ok(())
        })?;
        Ok(ClaimsTower {
            split,
            layers: TowerLayers::Float { vs, layers },
        })
    }

    /// The float tower's variables (for training and saving); `None` for an int8 tower.
    pub fn var_store(&self) -> Option<&nn::VarStore> {
        match &self.layers {
            TowerLayers::Float { vs, .. } => Some(vs),
            TowerLayers::Int8(_) => None,
        }
    }

    /// Tower states `[b, s, hidden]` from the encoder's states after layer `split`, the
    /// `[b, s]` attention mask and `[b, s]` sentence ids: a position attends only to the
    /// positions of its own sentence, so a sentence's tower states do not carry its
    /// neighbours' check-worthiness (the shared layers below it saw the whole window).
    pub fn forward_t(
        &self,
        x: &Tensor,
        mask: &Tensor,
        seg: &Tensor,
        train: bool,
    ) -> Result<Tensor> {
        let ext = super::quant::segment_mask(mask, seg)?;
        match &self.layers {
            TowerLayers::Int8(q) => q.forward(x, &ext),
            TowerLayers::Float { vs, layers } => {
                let kind = vs
                    .variables()
                    .values()
                    .next()
                    .map_or(Kind::Float, |t| t.kind());
                let ext = ext.to_kind(kind);
                let mut h = x.to_kind(kind);
                for l in layers {
                    h = l.forward_t(&h, Some(&ext), None, None, train).hidden_state;
                }
                Ok(h)
            }
        }
    }
}

impl NerModel {
    /// Build the network with freshly initialised weights (load them afterwards).
    /// Encoder variables get optimizer group 0, casing embedding + classifier group 1.
    pub fn new(bert_cfg: &BertConfig, cfg: NerConfig, device: Device) -> Result<Self> {
        let vs = nn::VarStore::new(device);
        let root = vs.root();
        // every layer's output is kept (a copy per layer, negligible next to the layer), so
        // that a claims tower can branch off after any layer
        let mut bert_cfg = bert_cfg.clone();
        bert_cfg.output_hidden_states = Some(true);
        let bert_cfg = &bert_cfg;
        let bert = BertModel::<BertEmbeddings>::new_with_optional_pooler(&root, bert_cfg, false);
        let word_embeddings = root
            .sub("embeddings")
            .sub("word_embeddings")
            .get("weight")
            .ok_or_else(|| anyhow!("encoder has no embeddings.word_embeddings.weight"))?;
        let head = root.set_group(1);
        let emb_cfg = nn::EmbeddingConfig {
            ws_init: nn::Init::Randn {
                mean: 0.0,
                stdev: 0.02,
            },
            ..Default::default()
        };
        let casing = cfg.use_casing.then(|| {
            nn::embedding(
                &head / "ner_casing",
                cfg.casing_classes.len() as i64,
                bert_cfg.hidden_size,
                emb_cfg,
            )
            .ws
        });
        let classifier = nn::linear(
            &head / "ner_classifier",
            bert_cfg.hidden_size,
            cfg.labels.len() as i64,
            Default::default(),
        );
        let attr_classifier = (!cfg.attr_labels.is_empty()).then(|| {
            nn::linear(
                &head / "attr_classifier",
                bert_cfg.hidden_size,
                cfg.attr_labels.len() as i64,
                Default::default(),
            )
        });
        Ok(NerModel {
            attr_classifier,
            dropout: bert_cfg.hidden_dropout_prob,
            vs,
            cfg,
            bert: Some(bert),
            word_embeddings,
            casing,
            classifier,
            int8: None,
            projection: None,
            tower: None,
            bert_cfg: bert_cfg.clone(),
        })
    }

    /// Load a saved model directory: `config.json` (BERT), `ner_config.json`,
    /// `model.safetensors` (fp16 or fp32), for inference in [`inference_precision`].
    pub fn load(dir: &Path, device: Device) -> Result<Self> {
        Self::load_with(dir, device, inference_precision())
    }

    /// [`NerModel::load`] with an explicit inference precision.
    pub fn load_with(dir: &Path, device: Device, precision: Precision) -> Result<Self> {
        let bert_cfg = BertConfig::from_file(dir.join("config.json"));
        let cfg: NerConfig = serde_json::from_str(
            &std::fs::read_to_string(dir.join("ner_config.json"))
                .with_context(|| format!("reading {}", dir.join("ner_config.json").display()))?,
        )
        .context("parsing ner_config.json")?;
        if precision == Precision::Int8 {
            return Self::load_int8(dir, &bert_cfg, cfg, device);
        }
        let mut model = NerModel::new(&bert_cfg, cfg, device)?;
        model.load_weights(&dir.join("model.safetensors"), true)?;
        if precision == Precision::Bf16 {
            model.vs.bfloat16();
        }
        Ok(model)
    }

    /// An inference-only model for [`Precision::Int8`], built straight from the weights file:
    /// no floating-point encoder is constructed (its random initialisation and fp32 weights
    /// would cost ~0.1 s and ~90 MB for nothing). Word embeddings stay fp16 (a lookup is
    /// exact); everything else is as [`Int8Encoder`](super::quant::Int8Encoder) needs it.
    fn load_int8(
        dir: &Path,
        bert_cfg: &BertConfig,
        cfg: NerConfig,
        device: Device,
    ) -> Result<Self> {
        super::quant::int8_supported()?;
        let path = dir.join("model.safetensors");
        let file: std::collections::HashMap<String, Tensor> = Tensor::read_safetensors(&path)
            .with_context(|| format!("reading weights {}", path.display()))?
            .into_iter()
            .collect();
        let get = |name: &str| -> Result<Tensor> {
            file.get(name)
                .map(|t| t.to_device(device))
                .ok_or_else(|| anyhow!("{}: missing weights {name}", path.display()))
        };
        let float = |name: &str| -> Result<Tensor> { Ok(get(name)?.to_kind(Kind::Float)) };
        let linear = |name: &str| -> Result<nn::Linear> {
            Ok(nn::Linear {
                ws: float(&format!("{name}.weight"))?,
                bs: Some(float(&format!("{name}.bias"))?),
            })
        };
        let int8 = super::quant::Int8Encoder::from_vars(
            &file,
            bert_cfg.num_hidden_layers,
            bert_cfg.num_attention_heads,
            bert_cfg.hidden_size,
        )?;
        let casing = match cfg.use_casing {
            true => Some(float("ner_casing.weight")?),
            false => None,
        };
        let attr_classifier = match cfg.attr_labels.is_empty() {
            true => None,
            false => Some(linear("attr_classifier")?),
        };
        Ok(NerModel {
            vs: nn::VarStore::new(device),
            word_embeddings: get("embeddings.word_embeddings.weight")?,
            casing,
            classifier: linear("ner_classifier")?,
            attr_classifier,
            dropout: bert_cfg.hidden_dropout_prob,
            cfg,
            bert: None,
            int8: Some(int8),
            projection: None,
            tower: None,
            bert_cfg: bert_cfg.clone(),
        })
    }

    /// Copy tensors from a safetensors file into this model's variables (any float dtype).
    /// With `strict`, every variable must be present. Returns the names that were missing.
    pub fn load_weights(&self, path: &Path, strict: bool) -> Result<Vec<String>> {
        let tensors = Tensor::read_safetensors(path)
            .with_context(|| format!("reading weights {}", path.display()))?;
        let file: std::collections::HashMap<String, Tensor> = tensors.into_iter().collect();
        let mut vars = self.vs.variables();
        let mut missing = Vec::new();
        tch::no_grad(|| -> Result<()> {
            for (name, var) in vars.iter_mut() {
                match file.get(name) {
                    Some(t) => {
                        if t.size() != var.size() {
                            bail!(
                                "{name}: shape {:?} in file, {:?} in model",
                                t.size(),
                                var.size()
                            );
                        }
                        var.copy_(&t.to_kind(var.kind()));
                    }
                    None => missing.push(name.clone()),
                }
            }
            Ok(())
        })?;
        missing.sort();
        if strict && !missing.is_empty() {
            bail!("{}: missing weights {:?}", path.display(), missing);
        }
        Ok(missing)
    }

    /// Attach (or with `None` remove) a per-token linear projection of the encoder states:
    /// `weight` is `dims x hidden` (row-major), `bias` `dims` values. [`NerModel::forward_t`]
    /// then appends its `dims` outputs after the heads' logits.
    pub fn set_projection(&mut self, proj: Option<(&[f32], &[f32])>) -> Result<()> {
        self.projection = match proj {
            None => None,
            Some((w, b)) => {
                let hidden = self.word_embeddings.size()[1];
                anyhow::ensure!(
                    !b.is_empty() && w.len() == b.len() * hidden as usize,
                    "projection weight must be {} x {hidden}, got {} values",
                    b.len(),
                    w.len()
                );
                let w = Tensor::from_slice(w).view([b.len() as i64, hidden]);
                Some((w.transpose(0, 1).contiguous(), Tensor::from_slice(b)))
            }
        };
        Ok(())
    }

    /// Attach (or with `None` remove) a claims tower saved by `examples/train_claims_tower.rs`
    /// (`encoder.layer.{split..}` weights): the projection ([`NerModel::set_projection`]) then
    /// reads the tower's states. An int8 model gets an int8 tower; a float one a float tower
    /// of its own precision.
    pub fn set_claims_tower(&mut self, tower: Option<(&Path, usize)>) -> Result<()> {
        let Some((path, split)) = tower else {
            self.tower = None;
            return Ok(());
        };
        let n = self.bert_cfg.num_hidden_layers as usize;
        anyhow::ensure!(
            (1..n).contains(&split),
            "claims tower split {split} must be within 1..{n}"
        );
        let vars: std::collections::HashMap<String, Tensor> = Tensor::read_safetensors(path)
            .with_context(|| format!("reading claims tower {}", path.display()))?
            .into_iter()
            .collect();
        let device = self.word_embeddings.device();
        self.tower = Some(if self.int8.is_some() {
            ClaimsTower {
                split,
                layers: TowerLayers::Int8(super::quant::Int8Layers::from_vars(
                    &vars,
                    split as i64..n as i64,
                    self.bert_cfg.num_attention_heads,
                    self.bert_cfg.hidden_size,
                )?),
            }
        } else {
            let mut t = ClaimsTower::float(&self.bert_cfg, split, &vars, device)?;
            if self.word_embeddings.kind() == Kind::BFloat16 {
                if let TowerLayers::Float { vs, .. } = &mut t.layers {
                    vs.bfloat16();
                }
            }
            t
        });
        Ok(())
    }

    /// Hidden size of the encoder.
    pub fn hidden_size(&self) -> usize {
        self.word_embeddings.size()[1] as usize
    }

    /// Number of projection outputs per token (0 without a projection).
    pub fn projection_dims(&self) -> usize {
        self.projection
            .as_ref()
            .map_or(0, |(_, b)| b.size()[0] as usize)
    }

    /// Save all variables as fp16 safetensors.
    pub fn save_fp16(&self, path: &Path) -> Result<()> {
        anyhow::ensure!(
            self.bert.is_some(),
            "an int8 inference model has no floating-point weights to save"
        );
        let mut vars: Vec<(String, Tensor)> = self
            .vs
            .variables()
            .into_iter()
            .map(|(n, t)| (n, t.detach().to_kind(Kind::Half)))
            .collect();
        vars.sort_by(|a, b| a.0.cmp(&b.0));
        Tensor::write_safetensors(&vars, path)
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(())
    }

    /// The encoder's last states `[batch, seq, hidden]` (after dropout when training) and,
    /// with `split = Some(k)`, its states after the first `k` layers (`k >= 1`), for token ids
    /// / casing ids / attention mask `[batch, seq]` (all Int64).
    pub fn encode(
        &self,
        ids: &Tensor,
        casing: &Tensor,
        mask: &Tensor,
        train: bool,
        split: Option<usize>,
    ) -> Result<(Tensor, Option<Tensor>)> {
        let mut embeds = Tensor::embedding(&self.word_embeddings, ids, -1, false, false);
        // int8 models keep the word embeddings in fp16: the lookup is exact, the sum is fp32
        if self.int8.is_some() && embeds.kind() != Kind::Float {
            embeds = embeds.to_kind(Kind::Float);
        }
        if let Some(c) = &self.casing {
            embeds += Tensor::embedding(c, casing, -1, false, false);
        }
        if let (Some(q), false) = (&self.int8, train) {
            return q.forward_split(&embeds, mask, split);
        }
        let out = self
            .bert
            .as_ref()
            .ok_or_else(|| anyhow!("this model was loaded for int8 inference only"))?
            .forward_t(
                None,
                Some(mask),
                None,
                None,
                Some(&embeds),
                None,
                None,
                train,
            )
            .map_err(|e| anyhow!("encoder failed: {e}"))?;
        let mid = match split {
            None => None,
            Some(k) => {
                anyhow::ensure!(k >= 1, "a split needs at least one shared layer");
                let all = out
                    .all_hidden_states
                    .as_ref()
                    .ok_or_else(|| anyhow!("the encoder kept no layer states"))?;
                Some(
                    all.get(k - 1)
                        .ok_or_else(|| anyhow!("no layer {k} in the encoder"))?
                        .shallow_clone(),
                )
            }
        };
        Ok((out.hidden_state.dropout(self.dropout, train), mid))
    }

    /// Logits `[batch, seq, labels + attr_labels]` for token ids / casing ids / attention mask
    /// `[batch, seq]` (all Int64): the entity head's logits, then (when the model has one) the
    /// attribution head's, both from one encoder pass; then the projection's outputs (of the
    /// claims tower's states when one is attached).
    pub fn forward_t(
        &self,
        ids: &Tensor,
        casing: &Tensor,
        mask: &Tensor,
        train: bool,
    ) -> Result<Tensor> {
        self.forward_seg(ids, casing, mask, None, train)
    }

    /// Whether a claims tower is attached (its forward needs sentence ids,
    /// [`NerModel::forward_seg`]).
    pub fn has_tower(&self) -> bool {
        self.tower.is_some()
    }

    /// [`NerModel::forward_t`] with the `[batch, seq]` sentence id of every position, which a
    /// claims tower needs (without them the tower is skipped and the projection reads the
    /// encoder's last states).
    pub fn forward_seg(
        &self,
        ids: &Tensor,
        casing: &Tensor,
        mask: &Tensor,
        seg: Option<&Tensor>,
        train: bool,
    ) -> Result<Tensor> {
        let tower = self
            .tower
            .as_ref()
            .filter(|_| self.projection.is_some() && seg.is_some());
        let (hidden, mid) = self.encode(ids, casing, mask, train, tower.map(|t| t.split))?;
        let mut out = vec![hidden.apply(&self.classifier)];
        if let Some(a) = &self.attr_classifier {
            out.push(hidden.apply(a));
        }
        if let Some((w, b)) = &self.projection {
            let states = match (tower, mid, seg) {
                (Some(t), Some(mid), Some(seg)) => t.forward_t(&mid, mask, seg, train)?,
                _ => hidden,
            };
            out.push(states.to_kind(Kind::Float).matmul(w) + b);
        }
        Ok(if out.len() == 1 {
            out.pop().expect("one head")
        } else {
            Tensor::cat(&out, -1)
        })
    }
}
