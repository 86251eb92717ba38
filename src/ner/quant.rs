//! Int8 inference for the BERT encoder: the same network as rust-bert's `BertModel` (post-LN
//! BERT, exact GELU), with every linear layer of the encoder run as an fbgemm int8 GEMM
//! (weights quantised symmetrically per tensor, activations quantised on the fly per tensor --
//! "dynamic quantisation"). Embeddings, LayerNorm, attention scores and the classifier stay fp32.
//!
//! Built from the fp32 weights that rust-bert loaded into the model's `VarStore`, so the
//! shipped model files are unchanged; see `models/README.md` for speed and F1.

use anyhow::{anyhow, Result};
use std::collections::HashMap;
use tch::{Kind, Scalar, Tensor};

/// One linear layer with int8 weights in fbgemm's packed layout.
struct QLinear {
    /// int8 weights `[out, in]` (fbgemm wants them beside the packed copy).
    weight: Tensor,
    packed: Tensor,
    col_offsets: Tensor,
    scale: f64,
    bias: Tensor,
}

impl QLinear {
    /// Symmetric per-tensor int8 quantisation of an fp32 `[out, in]` weight.
    fn new(weight: &Tensor, bias: &Tensor) -> Result<Self> {
        let w = weight.to_kind(Kind::Float).contiguous();
        let max = w.abs().max().double_value(&[]);
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let q = (&w / scale)
            .round()
            .clamp(-127.0, 127.0)
            .to_kind(Kind::Int8)
            .contiguous();
        let col_offsets = q
            .to_kind(Kind::Int)
            .sum_dim_intlist([1i64].as_slice(), false, Kind::Int)
            .contiguous();
        let packed = q.f_fbgemm_pack_quantized_matrix()?;
        Ok(QLinear {
            weight: q,
            packed,
            col_offsets,
            scale,
            bias: bias.to_kind(Kind::Float).contiguous(),
        })
    }

    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        Ok(x.f_fbgemm_linear_int8_weight_fp32_activation(
            &self.weight,
            &self.packed,
            &self.col_offsets,
            Scalar::float(self.scale),
            Scalar::int(0),
            &self.bias,
        )?)
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
    query: QLinear,
    key: QLinear,
    value: QLinear,
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
    layers: Vec<QLayer>,
    heads: i64,
    hidden: i64,
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
        let get = |name: &str| -> Result<Tensor> {
            vars.get(name)
                .map(|t| t.detach().to_kind(Kind::Float))
                .ok_or_else(|| anyhow!("int8 encoder: no variable {name}"))
        };
        let lin = |p: &str| -> Result<QLinear> {
            QLinear::new(&get(&format!("{p}.weight"))?, &get(&format!("{p}.bias"))?)
        };
        let ln = |p: &str| -> Result<LayerNorm> {
            Ok(LayerNorm {
                weight: get(&format!("{p}.weight"))?,
                bias: get(&format!("{p}.bias"))?,
            })
        };
        let mut out = Vec::new();
        for i in 0..layers {
            let p = format!("encoder.layer.{i}");
            out.push(QLayer {
                query: lin(&format!("{p}.attention.self.query"))?,
                key: lin(&format!("{p}.attention.self.key"))?,
                value: lin(&format!("{p}.attention.self.value"))?,
                attn_out: lin(&format!("{p}.attention.output.dense"))?,
                attn_ln: ln(&format!("{p}.attention.output.LayerNorm"))?,
                intermediate: lin(&format!("{p}.intermediate.dense"))?,
                output: lin(&format!("{p}.output.dense"))?,
                out_ln: ln(&format!("{p}.output.LayerNorm"))?,
            });
        }
        Ok(Int8Encoder {
            position: get("embeddings.position_embeddings.weight")?,
            token_type0: get("embeddings.token_type_embeddings.weight")?.get(0),
            emb_ln: ln("embeddings.LayerNorm")?,
            layers: out,
            heads,
            hidden,
        })
    }

    /// Hidden states `[batch, seq, hidden]` for input embeddings `[batch, seq, hidden]` (word +
    /// casing) and an attention mask `[batch, seq]` (1 = token, 0 = padding).
    pub fn forward(&self, input_embeds: &Tensor, mask: &Tensor) -> Result<Tensor> {
        let (b, s, h) = input_embeds.size3()?;
        let d = h / self.heads;
        let pos = self.position.narrow(0, 0, s);
        let x = (input_embeds.to_kind(Kind::Float) + pos + &self.token_type0).contiguous();
        let mut x = self.emb_ln.forward(&x, self.hidden).view([b * s, h]);
        // additive mask [b, 1, 1, s]: 0 for tokens, -10000 for padding (as rust-bert)
        let ext = (mask.to_kind(Kind::Float).ones_like() - mask.to_kind(Kind::Float))
            .g_mul_scalar(-10000.0)
            .view([b, 1, 1, s]);
        let split = |t: Tensor| t.view([b, s, self.heads, d]).transpose(1, 2);
        for l in &self.layers {
            let q = split(l.query.forward(&x)? / (d as f64).sqrt());
            let k = split(l.key.forward(&x)?);
            let v = split(l.value.forward(&x)?);
            let probs = (q.matmul(&k.transpose(-1, -2)) + &ext).softmax(-1, Kind::Float);
            let ctx = probs
                .matmul(&v)
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
        Ok(x.view([b, s, h]))
    }
}
