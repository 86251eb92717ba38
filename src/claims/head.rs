//! The transformer claims head: check-worthiness from the shared encoder's states and the
//! sentence's neighbours.
//!
//! A sentence is scored by a small ensemble of MLPs ([`Member`]) whose inputs are
//! 1. the sentence's encoder states, pooled over its subword tokens (mean, and optionally the
//!    first and last token);
//! 2. the mean over the [`CONTEXT_SENTENCES`] sentences before it (its context: a moderator's
//!    question before an answer, a figure already stated);
//! 3. scalars ([`SCALARS`]): the linear model's log-odds ([`ClaimModel::logit`], the n-gram
//!    and hand features) of the sentence and of its neighbours, whether it and the sentences
//!    before it are questions, whether it repeats a number from them.
//!
//! The encoder states are first projected to a few dimensions per token *inside* the
//! transformer pass ([`crate::ner::EntityTagger::set_projection`]); a projection is linear, so
//! pooling projected tokens equals projecting the pooled states, and the pipeline only carries
//! `members x dims` numbers per token. The members' log-odds are averaged, then Platt scaling
//! gives a calibrated probability. Trained by `examples/train_claims_head.rs`
//! (`scripts/train_claims_head.sh`); weights in `models/claims/head.json`.

use super::features::{tokens, TokKind};
use super::model::{sigmoid, ClaimModel};
use crate::document::TokenVectors;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Sentences before a sentence whose tokens make its context vector.
pub const CONTEXT_SENTENCES: usize = 2;

/// The scalar inputs a head may read, by name (a head file lists those it uses, in order):
/// - `lin`: the linear model's log-odds of the sentence; `q`: it ends with `?`;
/// - `has_prev`: a sentence precedes it; `lin_prev1` / `lin_prev2`: the linear log-odds of
///   the 1st / 2nd sentence before it; `q_prev1` / `q_prev2`: those end with `?`;
///   `num_rep`: it repeats a number written in the 2 sentences before it;
/// - `has_next`, `lin_next1`: a sentence follows it, and that sentence's linear log-odds.
///
/// Absent neighbours give 0. All but `lin` and `q` are context: a sentence fed alone has
/// them all 0.
pub const SCALARS: [&str; 11] = [
    "lin",
    "q",
    "has_prev",
    "lin_prev1",
    "lin_prev2",
    "q_prev1",
    "q_prev2",
    "num_rep",
    "has_next",
    "lin_next1",
    "has_ctx",
];

/// Whether a scalar describes the sentence's neighbours (0 for a sentence fed alone).
pub fn is_context_scalar(name: &str) -> bool {
    !matches!(name, "lin" | "q")
}

/// What a document's sentences give the scalars: text-derived facts, computed once per
/// sentence.
#[derive(Debug, Clone, Default)]
pub struct SentenceFacts {
    /// Linear log-odds.
    pub lin: f32,
    /// Ends with `?` (closing quotes and brackets aside).
    pub question: bool,
    /// The numbers written in it (digits as written, `,` dropped).
    pub numbers: Vec<String>,
}

impl SentenceFacts {
    pub fn new(text: &str, lin: f32) -> SentenceFacts {
        let question = text
            .trim_end()
            .trim_end_matches(['"', '\'', '”', '’', ')'])
            .ends_with('?');
        let mut numbers: Vec<String> = tokens(text)
            .iter()
            .filter(|t| t.kind == TokKind::Number)
            .map(|t| text[t.start..t.end].replace(',', ""))
            .collect();
        numbers.sort();
        numbers.dedup();
        SentenceFacts {
            lin,
            question,
            numbers,
        }
    }
}

/// The value of scalar `name` for sentence `i` of `facts` (the document's sentences in
/// order; one sentence fed alone is a document of one), with `has_ctx` whether the sentence
/// has a context vector.
pub fn scalar(name: &str, facts: &[SentenceFacts], i: usize, has_ctx: bool) -> f32 {
    let back = |k: usize| i.checked_sub(k).map(|j| &facts[j]);
    let b = |x: bool| x as u8 as f32;
    match name {
        "lin" => facts[i].lin,
        "q" => b(facts[i].question),
        "has_prev" => b(i > 0),
        "lin_prev1" => back(1).map_or(0.0, |f| f.lin),
        "lin_prev2" => back(2).map_or(0.0, |f| f.lin),
        "q_prev1" => b(back(1).is_some_and(|f| f.question)),
        "q_prev2" => b(back(2).is_some_and(|f| f.question)),
        "num_rep" => b(facts[i].numbers.iter().any(|n| {
            (1..=CONTEXT_SENTENCES).any(|k| back(k).is_some_and(|f| f.numbers.contains(n)))
        })),
        "has_next" => b(i + 1 < facts.len()),
        "lin_next1" => facts.get(i + 1).map_or(0.0, |f| f.lin),
        "has_ctx" => b(has_ctx),
        _ => 0.0,
    }
}

/// One MLP of the ensemble: one ReLU layer over its inputs, one output.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Member {
    /// `h x inputs` first layer (row-major), `h` biases, `h` output weights, output bias.
    pub w1: Vec<f32>,
    pub b1: Vec<f32>,
    pub w2: Vec<f32>,
    pub b2: f32,
}

/// A claims tower the head reads (see [`crate::ner::model::ClaimsTower`]): fine-tuned copies
/// of the encoder's top layers, in a weights file beside the head file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TowerRef {
    /// Weights file name (`encoder.layer.{split..}.*`), in the head file's folder.
    pub file: String,
    /// Encoder layers shared with the entity model; the tower runs the rest.
    pub split: usize,
}

impl TowerRef {
    /// The reference to a tower written by `examples/train_claims_tower.rs`: its file name and
    /// the split recorded in the `.json` beside it.
    pub fn for_file(path: &Path) -> anyhow::Result<TowerRef> {
        let info = path.with_extension("json");
        let v: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&info)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", info.display()))?,
        )?;
        let split = v["split"]
            .as_u64()
            .ok_or_else(|| anyhow::anyhow!("{}: no split", info.display()))?;
        let file = path
            .file_name()
            .and_then(|f| f.to_str())
            .ok_or_else(|| anyhow::anyhow!("{}: not a file name", path.display()))?;
        Ok(TowerRef {
            file: file.to_string(),
            split: split as usize,
        })
    }
}

/// The head's weights (all row-major), as stored in `head.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimHead {
    /// Projected dimensions per token and member (`k`).
    pub dims: usize,
    /// Encoder hidden size (the projection's input).
    pub hidden: usize,
    /// `(members * k) x hidden` projection weight and its biases: member `m` reads
    /// dimensions `m*k .. (m+1)*k`.
    pub proj_w: Vec<f32>,
    pub proj_b: Vec<f32>,
    /// Pool the first and last token of the sentence too (else the mean alone).
    #[serde(default)]
    pub first_last: bool,
    /// Scalar inputs, by name (see [`SCALARS`]), in input order.
    pub scalars: Vec<String>,
    pub members: Vec<Member>,
    /// Platt scaling of the members' mean log-odds: `p = sigmoid(a * z + b)` (fitted on dev).
    pub platt_a: f32,
    pub platt_b: f32,
    /// Decision threshold on the calibrated probability (F1-optimal on the ClaimBuster dev
    /// split); `saywho extract`'s default `--claims-threshold` when the head runs.
    pub threshold: f32,
    /// The claims tower whose states the projection reads; `None`: the encoder's last
    /// states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tower: Option<TowerRef>,
    /// Training settings and dev metrics (not used at inference).
    #[serde(default)]
    pub info: serde_json::Value,
    /// Folder of the head file (where its tower lies); set by [`ClaimHead::load`].
    #[serde(skip)]
    pub dir: PathBuf,
}

/// A sentence's pooled, projected states (all members' dimensions side by side).
#[derive(Debug, Clone)]
pub struct Pooled {
    pub mean: Vec<f32>,
    pub first: Vec<f32>,
    pub last: Vec<f32>,
}

/// Pool the token vectors starting in `[start, end)`; `None` if no token does.
pub fn pool(v: &TokenVectors, start: usize, end: usize) -> Option<Pooled> {
    let a = v.spans.partition_point(|s| s.0 < start);
    let b = v.spans.partition_point(|s| s.0 < end);
    if b <= a {
        return None;
    }
    let d = v.dims;
    Some(Pooled {
        mean: v.mean(start, end)?,
        first: v.values[a * d..(a + 1) * d].to_vec(),
        last: v.values[(b - 1) * d..b * d].to_vec(),
    })
}

impl ClaimHead {
    /// The tower's weights file and split, when the head reads a tower.
    pub fn tower_path(&self) -> Option<(PathBuf, usize)> {
        self.tower
            .as_ref()
            .map(|t| (self.dir.join(&t.file), t.split))
    }

    /// Number of MLP inputs per member.
    pub fn inputs(&self) -> usize {
        (if self.first_last { 4 } else { 2 }) * self.dims + self.scalars.len()
    }

    /// `models/claims/head.json` of this crate, or under `$SAYWHO_MODELS/claims`.
    pub fn default_path() -> PathBuf {
        ClaimModel::default_path().join("head.json")
    }

    /// Load and check a head file.
    pub fn load(path: &Path) -> anyhow::Result<ClaimHead> {
        let raw = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read claims head {}: {e}", path.display()))?;
        let mut h: ClaimHead = serde_json::from_str(&raw)
            .map_err(|e| anyhow::anyhow!("{}: not a claims head: {e}", path.display()))?;
        h.dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Some((p, _)) = h.tower_path() {
            anyhow::ensure!(
                p.exists(),
                "{}: its claims tower {} is missing",
                path.display(),
                p.display()
            );
        }
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
        let n = self.inputs();
        let k = self.dims * self.members.len();
        anyhow::ensure!(
            self.dims > 0
                && !self.members.is_empty()
                && self.proj_w.len() == k * self.hidden
                && self.proj_b.len() == k,
            "inconsistent claims head projection shapes"
        );
        for (i, m) in self.members.iter().enumerate() {
            let h = m.b1.len();
            anyhow::ensure!(
                h > 0 && m.w1.len() == h * n && m.w2.len() == h,
                "inconsistent shapes in claims head member {i}"
            );
        }
        if let Some(s) = self.scalars.iter().find(|s| !SCALARS.contains(&s.as_str())) {
            anyhow::bail!("unknown claims head scalar {s:?}");
        }
        Ok(())
    }

    /// Mean log-odds of the members for a sentence (pooled, projected: `members * dims`
    /// values each), an optional context mean (same size) and the scalars (in
    /// [`ClaimHead::scalars`] order).
    pub fn logit(&self, sent: &Pooled, ctx: Option<&[f32]>, scalars: &[f32]) -> f32 {
        let k = self.dims;
        let mut x = Vec::with_capacity(self.inputs());
        let mut z = 0.0;
        for (m, mem) in self.members.iter().enumerate() {
            let r = m * k..(m + 1) * k;
            x.clear();
            x.extend_from_slice(&sent.mean[r.clone()]);
            if self.first_last {
                x.extend_from_slice(&sent.first[r.clone()]);
                x.extend_from_slice(&sent.last[r.clone()]);
            }
            match ctx {
                Some(c) => x.extend_from_slice(&c[r]),
                None => x.extend(std::iter::repeat_n(0.0, k)),
            }
            x.extend_from_slice(scalars);
            let n = x.len();
            let mut zm = mem.b2;
            for (j, (b, w2)) in mem.b1.iter().zip(&mem.w2).enumerate() {
                let row = &mem.w1[j * n..(j + 1) * n];
                let a: f32 = b + row.iter().zip(&x).map(|(w, v)| w * v).sum::<f32>();
                zm += w2 * a.max(0.0);
            }
            z += zm;
        }
        z / self.members.len() as f32
    }

    /// Calibrated probability of "worth checking".
    pub fn probability(&self, sent: &Pooled, ctx: Option<&[f32]>, scalars: &[f32]) -> f32 {
        sigmoid(self.platt_a * self.logit(sent, ctx, scalars) + self.platt_b)
    }
}

/// Scores the spans of one document: the head over its token vectors when both are there,
/// else the linear model alone.
pub struct Scorer<'a> {
    pub linear: &'a ClaimModel,
    pub head: Option<(&'a ClaimHead, &'a TokenVectors)>,
}

impl Scorer<'_> {
    /// Check-worthiness of every sentence span of `text` (in order): each read with its
    /// neighbours by the head, or alone by the linear model.
    pub fn score_sentences(&self, text: &str, spans: &[(usize, usize)]) -> Vec<f32> {
        self.score_sentences_said(text, spans, spans)
    }

    /// [`Scorer::score_sentences`], with the words each sentence says (`said[i]`, inside
    /// `spans[i]`: its quoted words when the sentence is a quote and its attribution) read by
    /// the linear model and the scalars, and the head's token states pooled over the whole
    /// sentence. The linear model alone scores `said`.
    pub fn score_sentences_said(
        &self,
        text: &str,
        spans: &[(usize, usize)],
        said: &[(usize, usize)],
    ) -> Vec<f32> {
        let lins: Vec<f32> = said
            .iter()
            .map(|&(a, b)| self.linear.logit(&text[a..b]))
            .collect();
        let Some((head, vecs)) = self.head else {
            return lins.into_iter().map(sigmoid).collect();
        };
        let facts: Vec<SentenceFacts> = said
            .iter()
            .zip(&lins)
            .map(|(&(a, b), &l)| SentenceFacts::new(&text[a..b], l))
            .collect();
        (0..spans.len())
            .map(|i| {
                let (a, b) = spans[i];
                let Some(sent) = pool(vecs, a, b) else {
                    return sigmoid(lins[i]);
                };
                let ctx = (i > 0)
                    .then(|| vecs.mean(spans[i.saturating_sub(CONTEXT_SENTENCES)].0, a))
                    .flatten();
                let sc: Vec<f32> = head
                    .scalars
                    .iter()
                    .map(|n| scalar(n, &facts, i, ctx.is_some()))
                    .collect();
                head.probability(&sent, ctx.as_deref(), &sc)
            })
            .collect()
    }

    /// Check-worthiness of a part of sentence `i` of `spans` (a quote inside it): the part
    /// read in the sentence's place.
    pub fn score_part(
        &self,
        text: &str,
        spans: &[(usize, usize)],
        i: usize,
        part: (usize, usize),
    ) -> f32 {
        if self.head.is_none() {
            return self.linear.score(&text[part.0..part.1]);
        }
        let mut s = spans.to_vec();
        s[i] = part;
        let lo = i.saturating_sub(CONTEXT_SENTENCES);
        let hi = (i + 2).min(s.len());
        // only the neighbours the scalars read matter
        self.score_sentences(text, &s[lo..hi])[i - lo]
    }

    /// Whether the transformer head scores (else the linear model).
    pub fn is_head(&self) -> bool {
        self.head.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// k = 1, hidden = 2, one member, one hidden unit over [mean, ctx, lin, has_ctx]:
    /// z = relu(mean + 0.5 ctx + 2 lin) - 1.
    fn tiny() -> ClaimHead {
        ClaimHead {
            dims: 1,
            hidden: 2,
            proj_w: vec![1.0, 0.0],
            proj_b: vec![0.0],
            first_last: false,
            scalars: vec!["lin".into(), "has_ctx".into()],
            members: vec![Member {
                w1: vec![1.0, 0.5, 2.0, 0.0],
                b1: vec![0.0],
                w2: vec![1.0],
                b2: -1.0,
            }],
            platt_a: 1.0,
            platt_b: 0.0,
            threshold: 0.5,
            tower: None,
            info: serde_json::Value::Null,
            dir: PathBuf::new(),
        }
    }

    fn pooled(x: f32) -> Pooled {
        Pooled {
            mean: vec![x],
            first: vec![x],
            last: vec![x],
        }
    }

    #[test]
    fn mlp_forward_context_and_members() {
        let h = tiny();
        h.check().unwrap();
        assert!((h.logit(&pooled(1.0), None, &[0.5, 0.0]) - 1.0).abs() < 1e-6);
        // context 2.0 adds 0.5 * 2 through the first layer
        assert!((h.logit(&pooled(1.0), Some(&[2.0]), &[0.5, 1.0]) - 2.0).abs() < 1e-6);
        // relu: a negative pre-activation contributes nothing
        assert!((h.logit(&pooled(-5.0), None, &[0.0, 0.0]) + 1.0).abs() < 1e-6);
        assert!((h.probability(&pooled(1.0), None, &[0.5, 0.0]) - sigmoid(1.0)).abs() < 1e-6);
        // two members read their own projected dimensions; the log-odds are averaged
        let mut two = tiny();
        two.proj_w = vec![1.0, 0.0, 0.0, 1.0];
        two.proj_b = vec![0.0, 0.0];
        two.members.push(Member {
            w1: vec![0.0, 0.0, 0.0, 0.0],
            b1: vec![0.0],
            w2: vec![0.0],
            b2: 3.0,
        });
        two.check().unwrap();
        let p = Pooled {
            mean: vec![1.0, 7.0],
            first: vec![0.0; 2],
            last: vec![0.0; 2],
        };
        assert!((two.logit(&p, None, &[0.5, 0.0]) - (1.0 + 3.0) / 2.0).abs() < 1e-6);
        // shapes and names are checked
        let bad = ClaimHead {
            scalars: vec!["lin".into(), "speaker".into()],
            ..tiny()
        };
        assert!(bad.check().is_err());
        let bad = ClaimHead {
            proj_b: vec![],
            ..tiny()
        };
        assert!(bad.check().is_err());
    }

    #[test]
    fn scalars_read_the_neighbours() {
        let facts: Vec<SentenceFacts> = [
            ("How many jobs did the plan create?", 0.5),
            ("It created 12,000 jobs in 2015.", 2.0),
            ("Thank you.", -3.0),
        ]
        .iter()
        .map(|(t, l)| SentenceFacts::new(t, *l))
        .collect();
        assert!(facts[0].question && !facts[1].question);
        assert_eq!(facts[1].numbers, ["12000", "2015"]);
        let s = |n: &str, i: usize| scalar(n, &facts, i, i > 0);
        assert_eq!(s("lin", 1), 2.0);
        assert_eq!(s("q_prev1", 1), 1.0);
        assert_eq!(s("q_prev2", 2), 1.0);
        assert_eq!(s("q_prev1", 0), 0.0);
        assert_eq!(s("lin_prev1", 2), 2.0);
        assert_eq!(s("lin_prev2", 2), 0.5);
        assert_eq!(s("lin_next1", 1), -3.0);
        assert_eq!(s("has_next", 2), 0.0);
        assert_eq!(s("has_prev", 0), 0.0);
        assert_eq!(s("has_ctx", 1), 1.0);
        assert_eq!(s("num_rep", 1), 0.0);
        // a figure from the question, repeated in the answer
        let f2: Vec<SentenceFacts> = [
            ("Is it true that 1,000 jobs were lost?", 0.0),
            ("We lost 1000 jobs.", 1.0),
        ]
        .iter()
        .map(|(t, l)| SentenceFacts::new(t, *l))
        .collect();
        assert_eq!(scalar("num_rep", &f2, 1, true), 1.0);
        // a sentence alone has no context
        let alone = [SentenceFacts::new("It created 12,000 jobs.", 1.0)];
        for n in SCALARS.iter().filter(|n| is_context_scalar(n)) {
            assert_eq!(scalar(n, &alone, 0, false), 0.0, "{n}");
        }
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
        let p = pool(&vecs, 0, 6).unwrap();
        assert_eq!((p.mean[0], p.first[0], p.last[0]), (2.0, 1.0, 2.0));
        assert!(pool(&vecs, 6, 7).is_none());
        let s = Scorer {
            linear: &lin,
            head: Some((&h, &vecs)),
        };
        // sentence 0: mean of 1, 3, 2 = 2 -> z = 2 - 1 = 1; sentence 1: 10 + 0.5 * 2 - 1 = 10
        let scores = s.score_sentences(text, &[(0, 6), (7, 9)]);
        assert!((scores[0] - sigmoid(1.0)).abs() < 1e-6);
        assert!((scores[1] - sigmoid(10.0)).abs() < 1e-5);
        // a quote part is read in its sentence's place, with the same context
        let part = s.score_part(text, &[(0, 6), (7, 9)], 1, (7, 9));
        assert!((part - scores[1]).abs() < 1e-6);
        let lin_only = Scorer {
            linear: &lin,
            head: None,
        };
        assert!((lin_only.score_sentences(text, &[(0, 6)])[0] - 0.5).abs() < 1e-6);
        // a span with no token falls back to the linear score
        assert!((s.score_sentences(text, &[(6, 7)])[0] - 0.5).abs() < 1e-6);
    }
}
