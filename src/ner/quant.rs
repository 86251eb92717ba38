//! Int8 inference for the BERT encoder: the same network as rust-bert's `BertModel` (post-LN
//! BERT, exact GELU) with every linear layer of the encoder run as an int8 x int8 -> int32
//! matrix product (libtorch's `_int_mm`, oneDNN with AVX512-VNNI here):
//! - weights quantised symmetrically **per output channel** once, at load;
//! - activations quantised symmetrically **per row** (per token) on the fly ("dynamic
//!   quantisation"). A token's result therefore depends only on its own window, never on the
//!   other windows of the batch (fbgemm's per-tensor activation scale made an article's entities
//!   depend on its batch mates), and the int32 accumulation is exact, so thread counts do not
//!   change it either.
//!
//! The query, key and value projections are one product, and attention is libtorch's fused
//! `scaled_dot_product_attention`. Embeddings, LayerNorm, softmax and the classifier stay fp32.
//!
//! Built from the fp32 weights that rust-bert loaded into the model's `VarStore`, so the
//! shipped model files are unchanged; see `models/README.md` for speed and F1.

use anyhow::{anyhow, Result};
use std::collections::HashMap;
use tch::{Kind, Tensor};

/// One linear layer with int8 weights.
struct QLinear {
    /// int8 weights transposed, `[in, out]` (a view of the contiguous `[out, in]` tensor).
    weight_t: Tensor,
    /// Dequantisation scale of each output channel `[out]`.
    scale: Tensor,
    bias: Tensor,
}

impl QLinear {
    /// Symmetric per-output-channel int8 quantisation of an fp32 `[out, in]` weight.
    fn new(weight: &Tensor, bias: &Tensor) -> Result<Self> {
        let w = weight.to_kind(Kind::Float).contiguous();
        let scale = w.abs().amax([1i64].as_slice(), true).clamp_min(1e-8) / 127.0;
        let q = (&w / &scale)
            .round()
            .clamp(-127.0, 127.0)
            .to_kind(Kind::Int8)
            .contiguous();
        Ok(QLinear {
            weight_t: q.transpose(0, 1),
            scale: scale.view([-1]).contiguous(),
            bias: bias.to_kind(Kind::Float).contiguous(),
        })
    }

    /// `x [rows, in]` (fp32) -> `[rows, out]`: each row of `x` is quantised symmetrically with
    /// its own scale, multiplied in int8 with int32 accumulation (exact, so the result does
    /// not depend on thread counts), and dequantised with row scale x channel scale.
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let row_scale = x.abs().amax([1i64].as_slice(), true).clamp_min(1e-12) / 127.0;
        // |x / scale| <= 127 by construction
        let mut xs = x / &row_scale;
        let xq = xs.round_().to_kind(Kind::Int8);
        let acc = xq.f_internal_int_mm(&self.weight_t)?;
        // in place: fresh [rows, out] buffers cost more than the arithmetic
        let mut y = acc.to_kind(Kind::Float);
        let _ = y.g_mul_(&row_scale).g_mul_(&self.scale).g_add_(&self.bias);
        Ok(y)
    }
}

struct LayerNorm {
    weight: Tensor,
    bias: Tensor,
}

impl LayerNorm {
    fn forward(&self, x: &Tensor, hidden: i64) -> Tensor {
        x.layer_norm([hidden], Some(&self.weight), Some(&self.bias), 1e-12, false)
    }
}

struct QLayer {
    /// Query, key and value projections stacked into one `[3 * hidden, hidden]` GEMM.
    qkv: QLinear,
    attn_out: QLinear,
    attn_ln: LayerNorm,
    intermediate: QLinear,
    output: QLinear,
    out_ln: LayerNorm,
}

/// The encoder with int8 linear layers.
pub struct Int8Encoder {
    position: Tensor,
    token_type0: Tensor,
    emb_ln: LayerNorm,
    stack: Int8Layers,
}

/// Transformer layers with int8 linear layers: the whole encoder's, or the top layers of the
/// claims tower ([`super::model::NerModel::set_claims_tower`]).
pub struct Int8Layers {
    layers: Vec<QLayer>,
    heads: i64,
    hidden: i64,
}

/// The additive attention mask `[b, 1, 1, s]` of a `[b, s]` mask (1 = token, 0 = padding):
/// 0 for tokens, -10000 for padding, as rust-bert builds it.
pub fn additive_mask(mask: &Tensor) -> Result<Tensor> {
    let (b, s) = mask.size2()?;
    let m = mask.to_kind(Kind::Float);
    Ok((m.ones_like() - m)
        .g_mul_scalar(-10000.0)
        .view([b, 1, 1, s]))
}

/// The additive attention mask `[b, 1, s, s]` that lets each position attend only to the
/// positions of its own segment (`seg`: `[b, s]` segment ids, e.g. sentence numbers), padding
/// excluded by `mask` (`[b, s]`, 1 = token).
pub fn segment_mask(mask: &Tensor, seg: &Tensor) -> Result<Tensor> {
    let (b, s) = mask.size2()?;
    let same = seg.unsqueeze(2).eq_tensor(&seg.unsqueeze(1)); // [b, s, s]
    let keep = same.logical_and(&mask.unsqueeze(1).to_kind(Kind::Bool));
    let m = keep.to_kind(Kind::Float);
    Ok((m.ones_like() - m)
        .g_mul_scalar(-10000.0)
        .view([b, 1, s, s]))
}

/// Variable `name` of `vars` as fp32.
fn float_var(vars: &HashMap<String, Tensor>, name: &str) -> Result<Tensor> {
    vars.get(name)
        .map(|t| t.detach().to_kind(Kind::Float))
        .ok_or_else(|| anyhow!("int8 encoder: no variable {name}"))
}

/// The LayerNorm whose variables are `{prefix}.weight` and `{prefix}.bias`.
fn layer_norm(vars: &HashMap<String, Tensor>, prefix: &str) -> Result<LayerNorm> {
    Ok(LayerNorm {
        weight: float_var(vars, &format!("{prefix}.weight"))?,
        bias: float_var(vars, &format!("{prefix}.bias"))?,
    })
}

impl Int8Layers {
    /// Quantise layers `layers` (indices as named in `vars`: `encoder.layer.{i}.*`).
    pub fn from_vars(
        vars: &HashMap<String, Tensor>,
        layers: std::ops::Range<i64>,
        heads: i64,
        hidden: i64,
    ) -> Result<Self> {
        let get = |name: &str| float_var(vars, name);
        let lin = |p: &str| -> Result<QLinear> {
            QLinear::new(&get(&format!("{p}.weight"))?, &get(&format!("{p}.bias"))?)
        };
        // query, key and value stacked along the output dimension
        let qkv = |p: &str| -> Result<QLinear> {
            let part = |n: &str, w: &str| get(&format!("{p}.attention.self.{n}.{w}"));
            let stack = |w: &str| -> Result<Tensor> {
                Ok(Tensor::cat(
                    &[part("query", w)?, part("key", w)?, part("value", w)?],
                    0,
                ))
            };
            QLinear::new(&stack("weight")?, &stack("bias")?)
        };
        let ln = |p: &str| layer_norm(vars, p);
        let mut out = Vec::new();
        for i in layers {
            let p = format!("encoder.layer.{i}");
            out.push(QLayer {
                qkv: qkv(&p)?,
                attn_out: lin(&format!("{p}.attention.output.dense"))?,
                attn_ln: ln(&format!("{p}.attention.output.LayerNorm"))?,
                intermediate: lin(&format!("{p}.intermediate.dense"))?,
                output: lin(&format!("{p}.output.dense"))?,
                out_ln: ln(&format!("{p}.output.LayerNorm"))?,
            });
        }
        Ok(Int8Layers {
            layers: out,
            heads,
            hidden,
        })
    }

    /// Number of layers.
    pub fn len(&self) -> usize {
        self.layers.len()
    }

    /// Whether there are no layers.
    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }

    /// Run layers `range` over `x` (`[b * s, hidden]` fp32) with the additive mask `ext`
    /// ([`additive_mask`]).
    fn run(
        &self,
        mut x: Tensor,
        ext: &Tensor,
        b: i64,
        s: i64,
        range: std::ops::Range<usize>,
    ) -> Result<Tensor> {
        let h = self.hidden;
        let d = h / self.heads;
        let split = |t: &Tensor| t.view([b, s, self.heads, d]).transpose(1, 2);
        for l in &self.layers[range] {
            let qkv = l.qkv.forward(&x)?;
            let parts = qkv.split(h, -1);
            // softmax(q k^T / sqrt(d) + mask) v, fused (no [b, heads, s, s] probabilities)
            let ctx = Tensor::f_scaled_dot_product_attention(
                &split(&parts[0]),
                &split(&parts[1]),
                &split(&parts[2]),
                Some(ext),
                0.0,
                false,
                None,
            )?
            .transpose(1, 2)
            .contiguous()
            .view([b * s, h]);
            let a = l
                .attn_ln
                .forward(&(l.attn_out.forward(&ctx)? + &x), self.hidden);
            let inter = l.intermediate.forward(&a)?.gelu("none");
            x = l
                .out_ln
                .forward(&(l.output.forward(&inter)? + &a), self.hidden);
        }
        Ok(x)
    }

    /// All layers over hidden states `[b, s, hidden]` and an additive attention mask
    /// (`[b, 1, 1, s]` as [`additive_mask`] makes, or `[b, 1, s, s]`, [`segment_mask`]).
    pub fn forward(&self, x: &Tensor, ext: &Tensor) -> Result<Tensor> {
        let (b, s, h) = x.size3()?;
        let x = x.to_kind(Kind::Float).contiguous().view([b * s, h]);
        Ok(self
            .run(x, ext, b, s, 0..self.layers.len())?
            .view([b, s, h]))
    }
}

/// Whether this libtorch build multiplies int8 matrices on the CPU (checked once at load, so
/// an unsupported platform fails with a clear message instead of inside the first batch).
pub fn int8_supported() -> Result<()> {
    let a = Tensor::ones([32, 64], (Kind::Int8, tch::Device::Cpu));
    let b = Tensor::ones([64, 32], (Kind::Int8, tch::Device::Cpu));
    let c = a.f_internal_int_mm(&b).map_err(|e| {
        anyhow!("int8 matrix products are not available here ({e}); use --precision bf16 or fp32")
    })?;
    let v = c.int64_value(&[0, 0]);
    anyhow::ensure!(
        v == 64,
        "int8 matrix product self-check gave {v}, expected 64"
    );
    Ok(())
}

impl Int8Encoder {
    /// Quantise the encoder whose fp32 variables are `vars` (names as rust-bert's `BertModel`
    /// registers them at the root of the var store).
    pub fn from_vars(
        vars: &HashMap<String, Tensor>,
        layers: i64,
        heads: i64,
        hidden: i64,
    ) -> Result<Self> {
        let get = |name: &str| float_var(vars, name);
        let ln = |p: &str| layer_norm(vars, p);
        let stack = Int8Layers::from_vars(vars, 0..layers, heads, hidden)?;
        Ok(Int8Encoder {
            position: get("embeddings.position_embeddings.weight")?,
            token_type0: get("embeddings.token_type_embeddings.weight")?.get(0),
            emb_ln: ln("embeddings.LayerNorm")?,
            stack,
        })
    }

    /// Hidden states `[batch, seq, hidden]` for input embeddings `[batch, seq, hidden]` (word +
    /// casing) and an attention mask `[batch, seq]` (1 = token, 0 = padding).
    pub fn forward(&self, input_embeds: &Tensor, mask: &Tensor) -> Result<Tensor> {
        Ok(self.forward_split(input_embeds, mask, None)?.0)
    }

    /// [`Int8Encoder::forward`], and with `split = Some(k)` also the states after the first
    /// `k` layers (the input of layer `k`; `k = 0`: the embeddings).
    pub fn forward_split(
        &self,
        input_embeds: &Tensor,
        mask: &Tensor,
        split: Option<usize>,
    ) -> Result<(Tensor, Option<Tensor>)> {
        let (b, s, h) = input_embeds.size3()?;
        let pos = self.position.narrow(0, 0, s);
        let x = (input_embeds.to_kind(Kind::Float) + pos + &self.token_type0).contiguous();
        let x = self.emb_ln.forward(&x, h).view([b * s, h]);
        let ext = additive_mask(mask)?;
        let n = self.stack.len();
        let Some(k) = split.map(|k| k.min(n)) else {
            return Ok((self.stack.run(x, &ext, b, s, 0..n)?.view([b, s, h]), None));
        };
        let mid = self.stack.run(x, &ext, b, s, 0..k)?;
        let top = self.stack.run(mid.shallow_clone(), &ext, b, s, k..n)?;
        Ok((top.view([b, s, h]), Some(mid.view([b, s, h]))))
    }
}
