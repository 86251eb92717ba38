//! Gold quotes: the converter's gold JSONL (and the texts beside it) read into [`GoldDoc`]s.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{json, Map, Value};

use super::*;
use crate::eval::pyuni::strip;

/// One gold quote, as in the converter's gold JSONL.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldQuote {
    /// Content spans `[start, end)` in code points.
    pub spans: Vec<[i64; 2]>,
    /// Fragments joined by a single space (None: absent/null in the JSONL).
    pub text: Option<String>,
    /// `"direct" | "mixed" | "indirect"`; None = JSON null ("unknown" when the key is absent).
    pub qtype: Option<String>,
    pub speaker: Option<String>,
    pub speaker_spans: Vec<[i64; 2]>,
    pub cue: Option<String>,
    pub cue_spans: Vec<[i64; 2]>,
    pub speech: bool,
    /// The brat event id.
    pub eid: Option<String>,
}

/// One gold document.  `text` is the article text; `has_text` is false when it is unknown
/// (gold JSONL loaded without inputs), in which case the scorer rebuilds characters from the
/// quotes' `text` fields like score.py does.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldDoc {
    pub id: String,
    pub text: String,
    pub has_text: bool,
    pub annotator: Option<String>,
    pub n_annotator_files: Option<u64>,
    pub quotes: Vec<GoldQuote>,
}

pub(super) fn spans_json(spans: &[[i64; 2]]) -> Value {
    Value::Array(spans.iter().map(|&[s, e]| json!([s, e])).collect())
}

impl GoldQuote {
    /// The quote in the converter's JSON layout (same keys, same order).
    pub fn to_json(&self) -> Value {
        json!({
            "spans": spans_json(&self.spans),
            "text": self.text,
            "type": self.qtype,
            "speaker": self.speaker,
            "speaker_spans": spans_json(&self.speaker_spans),
            "cue": self.cue,
            "cue_spans": spans_json(&self.cue_spans),
            "speech": self.speech,
            "eid": self.eid,
        })
    }
}

impl GoldDoc {
    /// The document as a `<split>.gold.jsonl` record (same keys, same order as the converter).
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        if let Some(a) = &self.annotator {
            m.insert("annotator".into(), json!(a));
        }
        if let Some(n) = self.n_annotator_files {
            m.insert("n_annotator_files".into(), json!(n));
        }
        m.insert(
            "quotes".into(),
            Value::Array(self.quotes.iter().map(GoldQuote::to_json).collect()),
        );
        Value::Object(m)
    }

    /// The document as a `<split>.input.jsonl` record `{"id", "text"}`.
    pub fn to_input_json(&self) -> Value {
        json!({"id": self.id, "text": self.text})
    }
}

/// Read a JSONL file like score.py's `load_jsonl` (universal newlines, blank lines skipped).
pub fn load_jsonl(path: &Path) -> Result<Vec<Value>> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    // Python text mode: "\r\n" and "\r" end lines too (JSON strings cannot hold a raw CR)
    let raw = raw.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    for (n, line) in raw.split('\n').enumerate() {
        if strip(line).is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(line)
                .with_context(|| format!("{}:{}: bad JSON", path.display(), n + 1))?,
        );
    }
    Ok(out)
}

pub(super) fn num_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.trunc() as i64)),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

pub(super) fn num_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    }
}

pub(super) fn raw_spans(v: Option<&Value>) -> Vec<[i64; 2]> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| match p.as_array().map(Vec::as_slice) {
                    Some([s, e]) => Some([num_i64(s)?, num_i64(e)?]),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

pub(super) fn opt_string(v: Option<&Value>) -> Option<String> {
    match v {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    }
}

/// Python truthiness of a JSON value.
pub(super) fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// A gold document from a converter gold record (text attached separately).
pub fn gold_doc_from_json(rec: &Value) -> Result<GoldDoc> {
    let id = rec
        .get("id")
        .and_then(Value::as_str)
        .context("gold record without string id")?
        .to_string();
    let mut quotes = Vec::new();
    for q in rec
        .get("quotes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        anyhow::ensure!(q.get("spans").is_some(), "{id}: gold quote without spans");
        quotes.push(GoldQuote {
            spans: raw_spans(q.get("spans")),
            text: opt_string(q.get("text")),
            qtype: match q.get("type") {
                None => Some("unknown".into()),
                v => opt_string(v),
            },
            speaker: opt_string(q.get("speaker")),
            speaker_spans: raw_spans(q.get("speaker_spans")),
            cue: opt_string(q.get("cue")),
            cue_spans: raw_spans(q.get("cue_spans")),
            speech: truthy(q.get("speech")),
            eid: opt_string(q.get("eid")),
        });
    }
    Ok(GoldDoc {
        id,
        text: String::new(),
        has_text: false,
        annotator: opt_string(rec.get("annotator")),
        n_annotator_files: rec.get("n_annotator_files").and_then(Value::as_u64),
        quotes,
    })
}

/// The inputs file score.py's CLI uses: `inputs` if given, else the sibling `X.input.jsonl` of a
/// gold file named `X.gold.jsonl` when that exists, else none.
pub fn resolve_inputs(gold: &Path, inputs: Option<&Path>) -> Option<std::path::PathBuf> {
    inputs.map(Path::to_path_buf).or_else(|| {
        gold.to_str()
            .and_then(|g| g.strip_suffix(".gold.jsonl"))
            .map(|p| std::path::PathBuf::from(format!("{p}.input.jsonl")))
            .filter(|p| p.exists())
    })
}

/// `python3 score.py GOLD PRED [--inputs INPUTS]` as a function: loads the files, scores, and
/// records the three file names in the report (as the CLI does in its JSON output).
pub fn score_files(gold: &Path, pred: &Path, inputs: Option<&Path>) -> Result<Report> {
    let inputs = resolve_inputs(gold, inputs);
    let docs = load_gold_jsonl(gold, inputs.as_deref())?;
    let mut rep = score(&docs, &load_jsonl(pred)?);
    rep.gold_file = Some(gold.display().to_string());
    rep.pred_file = Some(pred.display().to_string());
    rep.inputs_file = inputs.map(|p| p.display().to_string());
    Ok(rep)
}

/// Load the converter's gold JSONL.  Texts come from `inputs`, or (like the score.py CLI) from
/// the sibling `X.input.jsonl` of a `X.gold.jsonl` when it exists; documents without a text get
/// `has_text = false`.
pub fn load_gold_jsonl(gold: &Path, inputs: Option<&Path>) -> Result<Vec<GoldDoc>> {
    let inputs = resolve_inputs(gold, inputs);
    let mut texts: HashMap<String, String> = HashMap::new();
    if let Some(inp) = &inputs {
        for r in load_jsonl(inp)? {
            if let (Some(id), Some(t)) = (
                r.get("id").and_then(Value::as_str),
                r.get("text").and_then(Value::as_str),
            ) {
                texts.insert(id.to_string(), t.to_string());
            }
        }
    }
    let mut docs = Vec::new();
    for rec in load_jsonl(gold)? {
        let mut d = gold_doc_from_json(&rec)?;
        if let Some(t) = texts.get(&d.id) {
            d.text = t.clone();
            d.has_text = true;
        }
        docs.push(d);
    }
    Ok(docs)
}
