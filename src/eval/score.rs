//! A port of the reference scorer `shared/eval/score.py` (quote detection at overlap0.3 /
//! overlap0.8 / exact, speaker attribution, end-to-end, recall by gold subset, diagnostics).
//!
//! Offsets are Unicode code point offsets.  Character classes (`isspace`, `isalnum`, Unicode
//! P*) follow Python exactly (see [`super::pyuni`]).  Floating-point figures are computed with
//! the same operations in the same order as `score.py`, so ratios agree bit for bit.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{json, Map, Value};

use super::pyuni::{is_alnum, is_punct, is_space, py_slice, split_ws, strip};

/// `QUOTE_MARKS` of score.py.
pub const QUOTE_MARKS: &[char] = &[
    '"', '“', '”', '„', '‟', '\'', '‘', '’', '‚', '‛', '«', '»', '‹', '›', '`', '´',
];
/// Matching levels, in output order.
pub const LEVELS: [&str; 3] = ["overlap0.3", "overlap0.8", "exact"];
const THRESHOLDS: [Option<f64>; 3] = [Some(0.3), Some(0.8), None];
/// Gold subsets for recall, in output order.
pub const SUBSETS: [&str; 5] = ["all", "direct", "mixed", "indirect", "speech"];
/// Speaker cases, in output order.
pub const SPK_CASES: [&str; 7] = [
    "gold_null_pred_null",
    "gold_null_pred_speaker",
    "gold_speaker_pred_null",
    "span_overlap",
    "span_no_overlap",
    "name_match",
    "name_mismatch",
];
/// `TITLES`: tokens dropped by the speaker-name normaliser.
pub const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "dr",
    "president",
    "vice",
    "pres",
    "lt",
    "gen",
    "col",
    "sgt",
    "rev",
    "prof",
    "hon",
    "gov.",
    "the",
    "a",
    "an",
    "former",
    "secretary",
    "sec",
    "speaker",
    "mayor",
    "judge",
    "attorney",
    "general",
    "st",
    "jr",
    "sr",
];
const PROBLEMS: [&str; 7] = [
    "gold_text_mismatch",
    "pred_invalid_span",
    "pred_text_offset_mismatch",
    "pred_docs_missing",
    "pred_docs_not_in_gold",
    "pred_docs_duplicate",
    "pred_docs_with_error",
];

// ------------------------------------------------------------------------------ gold types

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

fn spans_json(spans: &[[i64; 2]]) -> Value {
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

fn num_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.trunc() as i64)),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

fn num_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    }
}

fn raw_spans(v: Option<&Value>) -> Vec<[i64; 2]> {
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

fn opt_string(v: Option<&Value>) -> Option<String> {
    match v {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    }
}

/// Python truthiness of a JSON value.
fn truthy(v: Option<&Value>) -> bool {
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

// ------------------------------------------------------------------------------ helpers

/// score.py `is_strip`: whitespace, quote marks, Unicode P* punctuation.
pub fn is_strip(c: char) -> bool {
    is_space(c) || QUOTE_MARKS.contains(&c) || is_punct(c)
}

/// score.py `is_countable`: not whitespace, not a quote mark.
pub fn is_countable(c: char) -> bool {
    !(is_space(c) || QUOTE_MARKS.contains(&c))
}

/// score.py `merge`: drop empty spans, sort, merge overlapping/touching spans.
pub fn merge(spans: &[[i64; 2]]) -> Vec<[i64; 2]> {
    merge_kept(spans.iter().copied().filter(|[s, e]| e > s).collect())
}

fn merge_kept(mut kept: Vec<[i64; 2]>) -> Vec<[i64; 2]> {
    kept.sort();
    let mut out: Vec<[i64; 2]> = Vec::new();
    for [s, e] in kept {
        match out.last_mut() {
            Some(last) if s <= last[1] => last[1] = last[1].max(e),
            _ => out.push([s, e]),
        }
    }
    out
}

/// merge() of prediction-side JSON values: `e > s` is tested on the raw numbers before the
/// `int()` truncation, as in Python (so `[1.2, 1.5]` becomes the empty span `[1, 1]`).
/// Entries that are not pairs of numbers are ignored (score.py would crash on them).
fn merge_values(spans: &[Value]) -> Vec<[i64; 2]> {
    merge_kept(
        spans
            .iter()
            .filter_map(|p| match p.as_array().map(Vec::as_slice) {
                Some([s, e]) if num_f64(e)? > num_f64(s)? => Some([num_i64(s)?, num_i64(e)?]),
                _ => None,
            })
            .collect(),
    )
}

fn overlaps(a: &[[i64; 2]], b: &[[i64; 2]]) -> bool {
    a.iter()
        .any(|&[s1, e1]| b.iter().any(|&[s2, e2]| e1.min(e2) > s1.max(s2)))
}

/// score.py `norm_tokens`.
pub fn norm_tokens(s: &str) -> Vec<String> {
    let mut s: String = s
        .to_lowercase()
        .chars()
        .map(|c| if c == '’' || c == '‘' { '\'' } else { c })
        .collect();
    if let Some((head, _)) = s.split_once(',') {
        if !strip(head).is_empty() {
            s = head.to_string();
        }
    }
    let mut toks = Vec::new();
    for t in split_ws(&s) {
        let t = if let Some(x) = t.strip_suffix("'s") {
            x
        } else if t.ends_with("s'") {
            &t[..t.len() - 1]
        } else {
            t
        };
        let t: String = t.chars().filter(|&c| is_alnum(c)).collect();
        if !t.is_empty() && !TITLES.contains(&t.as_str()) {
            toks.push(t);
        }
    }
    toks
}

/// score.py `name_match` (multi-part "A / B" names match if any part matches).
pub fn name_match(pred: Option<&str>, gold: Option<&str>) -> bool {
    for p in pred.unwrap_or("").split(" / ") {
        let pt = norm_tokens(p);
        if pt.is_empty() {
            continue;
        }
        let ps: HashSet<&String> = pt.iter().collect();
        for g in gold.unwrap_or("").split(" / ") {
            let gt = norm_tokens(g);
            if gt.is_empty() {
                continue;
            }
            let gs: HashSet<&String> = gt.iter().collect();
            if ps.is_subset(&gs) || gs.is_subset(&ps) || pt.last() == gt.last() {
                return true;
            }
        }
    }
    false
}

// ------------------------------------------------------------------------------ documents

struct GQ {
    spans: Vec<[i64; 2]>,
    chars: Vec<i64>,
    extent: (i64, i64),
    qtype: String,
    speech: bool,
    speaker: Option<String>,
    speaker_spans: Vec<[i64; 2]>,
}

struct PQ {
    spans: Vec<[i64; 2]>,
    extent: (i64, i64),
    own_chars: i64,
    kind: String,
    spk_text: Option<String>,
    spk_names: Vec<String>,
    spk_spans: Vec<[i64; 2]>,
    valid: bool,
}

#[derive(Default)]
struct Problems([usize; 7]);

impl Problems {
    fn add(&mut self, k: &str) {
        let i = PROBLEMS.iter().position(|p| *p == k).expect("problem key");
        self.0[i] += 1;
    }
}

fn frags_of(text: &[char], spans: &[[i64; 2]]) -> Vec<Vec<char>> {
    spans
        .iter()
        .map(|&[s, e]| py_slice(text, s, e).to_vec())
        .collect()
}

fn rebuild_frags(t: &[char], spans: &[[i64; 2]]) -> Vec<Vec<char>> {
    let mut pos = 0i64;
    spans
        .iter()
        .map(|&[s, e]| {
            let f = py_slice(t, pos, pos + e - s).to_vec();
            pos += e - s + 1;
            f
        })
        .collect()
}

fn gold_doc(doc: &GoldDoc, text: Option<&[char]>, problems: &mut Problems) -> Vec<GQ> {
    let mut out = Vec::new();
    for q in &doc.quotes {
        let spans = merge(&q.spans);
        let frags = match text {
            Some(t) => {
                let frags = frags_of(t, &spans);
                if let Some(qt) = &q.text {
                    let joined = frags
                        .iter()
                        .map(|f| f.iter().collect::<String>())
                        .collect::<Vec<_>>()
                        .join(" ");
                    if &joined != qt {
                        problems.add("gold_text_mismatch");
                    }
                }
                frags
            }
            None => {
                let t: Vec<char> = q.text.as_deref().unwrap_or("").chars().collect();
                rebuild_frags(&t, &spans)
            }
        };
        let mut chars = Vec::new();
        let mut strip_ok = Vec::new();
        for (&[s, _], fr) in spans.iter().zip(&frags) {
            for (k, &c) in fr.iter().enumerate() {
                if is_countable(c) {
                    chars.push(s + k as i64);
                }
                if !is_strip(c) {
                    strip_ok.push(s + k as i64);
                }
            }
        }
        let extent = match (
            strip_ok.first(),
            strip_ok.last(),
            spans.first(),
            spans.last(),
        ) {
            (Some(&a), Some(&b), _, _) => (a, b + 1),
            (_, _, Some(f), Some(l)) => (f[0], l[1]),
            _ => (0, 0), // score.py would crash on a gold quote without non-empty spans
        };
        out.push(GQ {
            spans,
            chars,
            extent,
            qtype: q.qtype.clone().unwrap_or_else(|| "None".into()),
            speech: q.speech,
            speaker: q.speaker.clone(),
            speaker_spans: merge(&q.speaker_spans),
        });
    }
    out
}

fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        other => other.to_string(),
    }
}

fn pred_doc(quotes: &[Value], text: Option<&[char]>, problems: &mut Problems) -> Vec<PQ> {
    let empty = Map::new();
    let mut out = Vec::new();
    for qv in quotes {
        let q = qv.as_object().unwrap_or(&empty);
        let get = |k: &str| q.get(k).filter(|v| !v.is_null());
        let mut spans = if truthy(q.get("spans")) {
            merge_values(q["spans"].as_array().map(Vec::as_slice).unwrap_or(&[]))
        } else if let (Some(s), Some(e)) = (get("start"), get("end")) {
            merge_values(&[json!([s, e])])
        } else {
            Vec::new()
        };
        let valid =
            !spans.is_empty() && text.is_none_or(|t| spans.last().unwrap()[1] <= t.len() as i64);
        if !valid {
            problems.add("pred_invalid_span");
            spans.clear();
        }
        let qtext: Option<&Value> = if q.contains_key("text") {
            q.get("text")
        } else {
            q.get("quote")
        }
        .filter(|v| !v.is_null());
        if valid && spans.len() == 1 {
            if let (Some(t), Some(qt)) = (text, qtext) {
                let got: String = py_slice(t, spans[0][0], spans[0][1]).iter().collect();
                if qt.as_str() != Some(got.as_str()) {
                    problems.add("pred_text_offset_mismatch");
                }
            }
        }
        let qtext_chars: Option<Vec<char>> =
            qtext.and_then(Value::as_str).map(|s| s.chars().collect());
        let want_len = spans.iter().map(|[a, b]| b - a).sum::<i64>() + spans.len() as i64 - 1;
        let frags = match (valid, text, &qtext_chars) {
            (true, Some(t), _) => Some(frags_of(t, &spans)),
            (true, None, Some(qt)) if qt.len() as i64 == want_len => {
                Some(rebuild_frags(qt, &spans))
            }
            _ => None,
        };
        let (extent, own_chars) = if let Some(frags) = &frags {
            let mut keep = Vec::new();
            let mut own = 0i64;
            for (&[a, _], fr) in spans.iter().zip(frags) {
                for (k, &c) in fr.iter().enumerate() {
                    if !is_strip(c) {
                        keep.push(a + k as i64);
                    }
                    if is_countable(c) {
                        own += 1;
                    }
                }
            }
            let ext = match (keep.first(), keep.last()) {
                (Some(&f), Some(&l)) => (f, l + 1),
                _ => (spans[0][0], spans[0][0]),
            };
            (ext, own)
        } else if valid {
            (
                (spans[0][0], spans.last().unwrap()[1]),
                spans.iter().map(|[a, b]| b - a).sum(),
            )
        } else {
            ((-1, -1), 0)
        };
        let kind = if truthy(q.get("kind")) {
            py_str(&q["kind"])
        } else if truthy(q.get("type")) {
            py_str(&q["type"])
        } else {
            "none".into()
        };
        let mut spk_spans: Vec<Value> = Vec::new();
        let spk_text = match q.get("speaker") {
            Some(Value::Object(sp)) => {
                if let (Some(s), Some(e)) = (
                    sp.get("start").filter(|v| !v.is_null()),
                    sp.get("end").filter(|v| !v.is_null()),
                ) {
                    spk_spans = vec![json!([s, e])];
                }
                sp.get("text").filter(|v| truthy(Some(v))).map(py_str)
            }
            Some(Value::String(s)) => Some(strip(s).to_string()).filter(|s| !s.is_empty()),
            _ => None,
        };
        if truthy(q.get("speaker_spans")) {
            spk_spans = q["speaker_spans"].as_array().cloned().unwrap_or_default();
        } else if spk_spans.is_empty() {
            if let (Some(s), Some(e)) = (get("speaker_start"), get("speaker_end")) {
                spk_spans = vec![json!([s, e])];
            }
        }
        let spk_spans = merge_values(&spk_spans);
        let mut spk_names: Vec<String> = spk_text.iter().cloned().collect();
        if truthy(q.get("speaker_name")) {
            spk_names.push(py_str(&q["speaker_name"]));
        }
        out.push(PQ {
            spans,
            extent,
            own_chars,
            kind,
            spk_text,
            spk_names,
            spk_spans,
            valid,
        });
    }
    out
}

fn coverage(p: &PQ, g: &GQ) -> f64 {
    if g.chars.is_empty() || p.spans.is_empty() {
        return 0.0;
    }
    let mut n = 0usize;
    for &[s, e] in &p.spans {
        n += g.chars.partition_point(|&c| c < e) - g.chars.partition_point(|&c| c < s);
    }
    n as f64 / g.chars.len() as f64
}

type Cand = ((f64, f64), usize, usize);

/// score.py `greedy`: sort by coverage desc, own-precision desc, gold index, pred index; take a
/// pair when neither side is taken.  Returns gold index -> pred index, in take order.
fn greedy(mut cands: Vec<Cand>) -> Vec<(usize, usize)> {
    cands.sort_by(|a, b| {
        b.0 .0
            .total_cmp(&a.0 .0)
            .then(b.0 .1.total_cmp(&a.0 .1))
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let mut gm: Vec<(usize, usize)> = Vec::new();
    let (mut gs, mut ps) = (HashSet::new(), HashSet::new());
    for (_, gi, pi) in cands {
        if gs.contains(&gi) || ps.contains(&pi) {
            continue;
        }
        gs.insert(gi);
        ps.insert(pi);
        gm.push((gi, pi));
    }
    gm
}

/// Returns (case index into SPK_CASES, correct, lenient_correct).
fn speaker_case(g: &GQ, p: &PQ) -> (usize, bool, bool) {
    let pred_none = p.spk_text.is_none() && p.spk_spans.is_empty() && p.spk_names.is_empty();
    if g.speaker.is_none() {
        return if pred_none {
            (0, true, true)
        } else {
            (1, false, false)
        };
    }
    if pred_none {
        return (2, false, false);
    }
    let names_ok = p
        .spk_names
        .iter()
        .any(|n| name_match(Some(n), g.speaker.as_deref()));
    if !p.spk_spans.is_empty() {
        let ok = overlaps(&p.spk_spans, &g.speaker_spans);
        return (if ok { 3 } else { 4 }, ok, ok || names_ok);
    }
    (if names_ok { 5 } else { 6 }, names_ok, names_ok)
}

fn in_subset(g: &GQ, sub: usize) -> bool {
    sub == 0 || (sub == 4 && g.speech) || g.qtype == SUBSETS[sub]
}

// ------------------------------------------------------------------------------ report

/// P / R / F1 (fractions in 0..1) plus a count (`matched` or `tp`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
    pub count: usize,
}

/// Everything score.py reports.  Arrays are indexed like [`LEVELS`], [`SUBSETS`],
/// [`SPK_CASES`]; all ratios are fractions (0..1).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub n_docs: usize,
    pub n_gold: usize,
    pub n_pred: usize,
    /// Per level: P, R, F1 and `matched`.
    pub detection: [Prf; 3],
    /// Per subset: recall at each level, then end-to-end recall.
    pub recall_by_subset: [[f64; 4]; 5],
    pub n_gold_by_subset: [usize; 5],
    pub speaker_matched_quotes: usize,
    pub speaker_correct: usize,
    pub speaker_accuracy: f64,
    pub speaker_accuracy_lenient: f64,
    pub speaker_cases: [usize; 7],
    /// End-to-end P, R, F1 and `tp`.
    pub end_to_end: Prf,
    /// `"<gold type>-><pred kind or none>"` -> count, on overlap0.3 matches.
    pub kind_on_matched: BTreeMap<String, usize>,
    /// no_gold_overlap, overlaps_matched_gold, overlaps_unmatched_gold_below_0.3.
    pub unmatched_pred: [usize; 3],
    /// Counters in the order gold_text_mismatch, pred_invalid_span, pred_text_offset_mismatch,
    /// pred_docs_missing, pred_docs_not_in_gold, pred_docs_duplicate, pred_docs_with_error.
    pub problems: [usize; 7],
    /// File names echoed in the JSON output like the score.py CLI does (null when unset).
    pub gold_file: Option<String>,
    pub pred_file: Option<String>,
    pub inputs_file: Option<String>,
}

const FP_KINDS: [&str; 3] = [
    "no_gold_overlap",
    "overlaps_matched_gold",
    "overlaps_unmatched_gold_below_0.3",
];

fn prf(tp_p: usize, tp_r: usize, np: usize, ng: usize, count: usize) -> Prf {
    let p = if np > 0 { tp_p as f64 / np as f64 } else { 0.0 };
    let r = if ng > 0 { tp_r as f64 / ng as f64 } else { 0.0 };
    let f1 = if p + r != 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    Prf { p, r, f1, count }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b > 0 {
        a as f64 / b as f64
    } else {
        0.0
    }
}

fn pred_key(id: Option<&Value>) -> String {
    match id {
        Some(Value::String(s)) => format!("s:{s}"),
        None | Some(Value::Null) => "null".into(),
        Some(v) => format!("j:{v}"),
    }
}

/// Score predictions (one OUTPUT.md record per document, matched by `"id"`) against gold,
/// exactly like score.py's `score()`.  Documents without a prediction record count as "no
/// quotes predicted"; records that are not JSON objects are ignored (score.py would crash).
pub fn score(gold: &[GoldDoc], preds: &[Value]) -> Report {
    let mut problems = Problems::default();
    let mut pmap: HashMap<String, Vec<Value>> = HashMap::new();
    for r in preds.iter().filter(|r| r.is_object()) {
        let key = pred_key(r.get("id"));
        let quotes: Vec<Value> = if truthy(r.get("quotes")) {
            r["quotes"].as_array().cloned().unwrap_or_default()
        } else {
            Vec::new()
        };
        match pmap.get_mut(&key) {
            Some(v) => {
                problems.add("pred_docs_duplicate");
                v.extend(quotes);
            }
            None => {
                pmap.insert(key, quotes);
            }
        }
        if truthy(r.get("error")) {
            problems.add("pred_docs_with_error");
        }
    }
    let gold_ids: HashSet<String> = gold.iter().map(|d| format!("s:{}", d.id)).collect();
    problems.0[4] = pmap.keys().filter(|k| !gold_ids.contains(*k)).count();

    let mut n_gold = [0usize; 5];
    let mut n_pred = 0usize;
    let mut matched = [[0usize; 5]; 3];
    let mut matched_pred = [0usize; 3];
    let mut spk_cases = [0usize; 7];
    let (mut spk_correct, mut spk_lenient) = (0usize, 0usize);
    let mut e2e = [0usize; 5];
    let mut e2e_pred = 0usize;
    let mut kind_conf: BTreeMap<String, usize> = BTreeMap::new();
    let mut fp = [0usize; 3];
    for doc in gold {
        let text: Option<Vec<char>> = doc.has_text.then(|| doc.text.chars().collect());
        let text = text.as_deref();
        let g_all = gold_doc(doc, text, &mut problems);
        let key = format!("s:{}", doc.id);
        if !pmap.contains_key(&key) {
            problems.add("pred_docs_missing");
        }
        let p_all = pred_doc(
            pmap.get(&key).map(Vec::as_slice).unwrap_or(&[]),
            text,
            &mut problems,
        );
        n_pred += p_all.len();
        for g in &g_all {
            for (s, n) in n_gold.iter_mut().enumerate() {
                *n += in_subset(g, s) as usize;
            }
        }
        let mut cov_cands: Vec<Cand> = Vec::new();
        let mut exact_cands: Vec<Cand> = Vec::new();
        for (gi, g) in g_all.iter().enumerate() {
            let (Some(first), Some(last)) = (g.spans.first(), g.spans.last()) else {
                continue;
            };
            let (gs, ge) = (first[0], last[1]);
            for (pi, p) in p_all.iter().enumerate() {
                if !p.valid || p.spans.last().unwrap()[1] <= gs || p.spans[0][0] >= ge {
                    continue;
                }
                let c = coverage(p, g);
                let inside = c * g.chars.len() as f64;
                let prec = if p.own_chars > 0 {
                    inside / p.own_chars as f64
                } else {
                    0.0
                };
                if c > 0.0 {
                    cov_cands.push(((c, prec), gi, pi));
                }
                if p.extent == g.extent {
                    exact_cands.push(((c, prec), gi, pi));
                }
            }
        }
        for (lv, thr) in THRESHOLDS.iter().enumerate() {
            let cands: Vec<Cand> = match thr {
                None => exact_cands.clone(),
                Some(t) => cov_cands.iter().copied().filter(|x| x.0 .0 > *t).collect(),
            };
            let gm = greedy(cands);
            matched_pred[lv] += gm.len();
            for &(gi, _) in &gm {
                for (s, m) in matched[lv].iter_mut().enumerate() {
                    *m += in_subset(&g_all[gi], s) as usize;
                }
            }
            if lv == 0 {
                let got_g: HashSet<usize> = gm.iter().map(|x| x.0).collect();
                let got_p: HashSet<usize> = gm.iter().map(|x| x.1).collect();
                for pi in 0..p_all.len() {
                    if got_p.contains(&pi) {
                        continue;
                    }
                    let hit: Vec<usize> = cov_cands
                        .iter()
                        .filter(|c| c.2 == pi)
                        .map(|c| c.1)
                        .collect();
                    if hit.is_empty() {
                        fp[0] += 1;
                    } else if hit.iter().any(|gi| got_g.contains(gi)) {
                        fp[1] += 1;
                    } else {
                        fp[2] += 1;
                    }
                }
                for &(gi, pi) in &gm {
                    let (g, p) = (&g_all[gi], &p_all[pi]);
                    let (case, ok, lenient) = speaker_case(g, p);
                    spk_cases[case] += 1;
                    spk_correct += ok as usize;
                    spk_lenient += lenient as usize;
                    if ok {
                        e2e_pred += 1;
                        for (s, n) in e2e.iter_mut().enumerate() {
                            *n += in_subset(g, s) as usize;
                        }
                    }
                    *kind_conf
                        .entry(format!("{}->{}", g.qtype, p.kind))
                        .or_default() += 1;
                }
            }
        }
    }

    let mut rep = Report {
        n_docs: gold.len(),
        n_gold: n_gold[0],
        n_pred,
        n_gold_by_subset: n_gold,
        ..Default::default()
    };
    for lv in 0..3 {
        rep.detection[lv] = prf(
            matched_pred[lv],
            matched[lv][0],
            n_pred,
            n_gold[0],
            matched[lv][0],
        );
    }
    for (s, row) in rep.recall_by_subset.iter_mut().enumerate() {
        for (lv, m) in matched.iter().enumerate() {
            row[lv] = ratio(m[s], n_gold[s]);
        }
        row[3] = ratio(e2e[s], n_gold[s]);
    }
    let m03 = matched[0][0];
    rep.speaker_matched_quotes = m03;
    rep.speaker_correct = spk_correct;
    rep.speaker_accuracy = ratio(spk_correct, m03);
    rep.speaker_accuracy_lenient = ratio(spk_lenient, m03);
    rep.speaker_cases = spk_cases;
    rep.end_to_end = prf(e2e_pred, e2e[0], n_pred, n_gold[0], e2e[0]);
    rep.kind_on_matched = kind_conf;
    rep.unmatched_pred = fp;
    rep.problems = problems.0;
    rep
}

fn pct(x: f64) -> String {
    format!("{:.1}", 100.0 * x)
}

impl Report {
    /// The JSON object of `score.py --json` (same keys, same order).
    pub fn to_json(&self) -> Value {
        let mut detection = Map::new();
        for (lv, name) in LEVELS.iter().enumerate() {
            let d = &self.detection[lv];
            detection.insert(
                name.to_string(),
                json!({"P": d.p, "R": d.r, "F1": d.f1, "matched": d.count}),
            );
        }
        let mut rbs = Map::new();
        let mut ngs = Map::new();
        for (s, name) in SUBSETS.iter().enumerate() {
            let r = &self.recall_by_subset[s];
            rbs.insert(
                name.to_string(),
                json!({"overlap0.3": r[0], "overlap0.8": r[1], "exact": r[2], "e2e": r[3]}),
            );
            ngs.insert(name.to_string(), json!(self.n_gold_by_subset[s]));
        }
        let cases: Map<String, Value> = SPK_CASES
            .iter()
            .zip(self.speaker_cases)
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        let kinds: Map<String, Value> = self
            .kind_on_matched
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        let fp: Map<String, Value> = FP_KINDS
            .iter()
            .zip(self.unmatched_pred)
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        let problems: Map<String, Value> = PROBLEMS
            .iter()
            .zip(self.problems)
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        let e = &self.end_to_end;
        json!({
            "n_docs": self.n_docs,
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "detection": detection,
            "recall_by_subset": rbs,
            "n_gold_by_subset": ngs,
            "speaker": {
                "matched_quotes": self.speaker_matched_quotes,
                "correct": self.speaker_correct,
                "accuracy": self.speaker_accuracy,
                "accuracy_lenient": self.speaker_accuracy_lenient,
                "cases": cases,
            },
            "end_to_end": {"P": e.p, "R": e.r, "F1": e.f1, "tp": e.count},
            "kind_on_matched_0.3": kinds,
            "unmatched_pred_0.3": fp,
            "problems": problems,
            "gold_file": self.gold_file,
            "pred_file": self.pred_file,
            "inputs_file": self.inputs_file,
        })
    }

    /// The tables of score.py's text output, without a name in the header.
    pub fn to_text(&self) -> String {
        self.to_text_named("")
    }

    /// The tables of score.py's text output (`format_tables(res, name)`).
    pub fn to_text_named(&self, name: &str) -> String {
        let mut l: Vec<String> = Vec::new();
        let hdr = if name.is_empty() {
            String::new()
        } else {
            format!(" ({name})")
        };
        l.push(format!(
            "Quote detection{hdr}: {} docs, {} gold quotes, {} predicted",
            self.n_docs, self.n_gold, self.n_pred
        ));
        l.push("| level | P | R | F1 | matched |".into());
        l.push("|---|---|---|---|---|".into());
        for (lv, name) in LEVELS.iter().enumerate() {
            let d = &self.detection[lv];
            l.push(format!(
                "| {name} | {} | {} | {} | {} |",
                pct(d.p),
                pct(d.r),
                pct(d.f1),
                d.count
            ));
        }
        let e = &self.end_to_end;
        l.push(format!(
            "| end-to-end (0.3 + speaker) | {} | {} | {} | {} |",
            pct(e.p),
            pct(e.r),
            pct(e.f1),
            e.count
        ));
        l.push(String::new());
        l.push("Recall by gold subset".into());
        l.push("| subset | n gold | R overlap0.3 | R overlap0.8 | R exact | R end-to-end |".into());
        l.push("|---|---|---|---|---|---|".into());
        for (s, name) in SUBSETS.iter().enumerate() {
            let r = &self.recall_by_subset[s];
            l.push(format!(
                "| {name} | {} | {} | {} | {} | {} |",
                self.n_gold_by_subset[s],
                pct(r[0]),
                pct(r[1]),
                pct(r[2]),
                pct(r[3])
            ));
        }
        l.push(String::new());
        l.push(format!(
            "Speaker on overlap0.3 matches: accuracy {} ({}/{}), lenient (span or name) {}",
            pct(self.speaker_accuracy),
            self.speaker_correct,
            self.speaker_matched_quotes,
            pct(self.speaker_accuracy_lenient)
        ));
        l.push("| case | count |".into());
        l.push("|---|---|".into());
        for (c, n) in SPK_CASES.iter().zip(self.speaker_cases) {
            l.push(format!("| {c} | {n} |"));
        }
        l.push(String::new());
        l.push(format!(
            "Gold type -> predicted kind on overlap0.3 matches: {}",
            self.kind_on_matched
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        l.push(format!(
            "Unmatched predictions at overlap0.3: {}",
            FP_KINDS
                .iter()
                .zip(self.unmatched_pred)
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let probs: Vec<String> = PROBLEMS
            .iter()
            .zip(self.problems)
            .filter(|(_, v)| *v > 0)
            .map(|(k, v)| format!("\"{k}\": {v}"))
            .collect();
        l.push(format!(
            "Problems: {}",
            if probs.is_empty() {
                "none".to_string()
            } else {
                format!("{{{}}}", probs.join(", "))
            }
        ));
        l.join("\n")
    }
}

#[cfg(test)]
mod tests {
    //! Mostly a port of `score.py --selftest`, plus non-ASCII and tie-break fixtures.
    use super::*;

    const T: &str = "Smith said \"We will win the race.\" Later, Jones added that taxes would fall. \
                     \"First part,\" she said, \"second part of it.\" A memo argued the plan was dead.";

    /// Code point span of the first occurrence of `sub` in `hay`.
    fn sp(hay: &str, sub: &str) -> [i64; 2] {
        let b = hay.find(sub).expect(sub);
        let s = hay[..b].chars().count() as i64;
        [s, s + sub.chars().count() as i64]
    }

    fn gq(spans: Vec<[i64; 2]>, text: &str, ty: &str, spk: Option<(&str, [i64; 2])>) -> GoldQuote {
        let chars: Vec<char> = text.chars().collect();
        let t = spans
            .iter()
            .map(|&[s, e]| chars[s as usize..e as usize].iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        GoldQuote {
            spans,
            text: Some(t),
            qtype: Some(ty.into()),
            speaker: spk.map(|s| s.0.to_string()),
            speaker_spans: spk.map(|s| vec![s.1]).unwrap_or_default(),
            cue: None,
            cue_spans: vec![],
            speech: true,
            eid: None,
        }
    }

    fn gold() -> Vec<GoldDoc> {
        let f = |s| sp(T, s);
        vec![GoldDoc {
            id: "d".into(),
            text: T.into(),
            has_text: true,
            annotator: None,
            n_annotator_files: None,
            quotes: vec![
                gq(
                    vec![f("\"We will win the race.\"")],
                    T,
                    "direct",
                    Some(("Smith", f("Smith"))),
                ),
                gq(
                    vec![f("taxes would fall")],
                    T,
                    "indirect",
                    Some(("Jones", f("Jones"))),
                ),
                gq(
                    vec![f("\"First part,\""), f("\"second part of it.\"")],
                    T,
                    "direct",
                    Some(("she", f("she"))),
                ),
                gq(vec![f("the plan was dead")], T, "indirect", None),
            ],
        }]
    }

    fn q(span: [i64; 2], extra: Value) -> Value {
        let chars: Vec<char> = T.chars().collect();
        let mut o = json!({"start": span[0], "end": span[1],
                           "text": chars[span[0] as usize..span[1] as usize].iter().collect::<String>()});
        for (k, v) in extra.as_object().unwrap() {
            o[k] = v.clone();
        }
        o
    }

    fn run(quotes: Vec<Value>, with_text: bool) -> Report {
        let mut g = gold();
        g[0].has_text = with_text;
        score(&g, &[json!({"id": "d", "quotes": quotes})])
    }

    fn det(r: &Report, lv: usize) -> usize {
        r.detection[lv].count
    }

    fn case(r: &Report, name: &str) -> usize {
        r.speaker_cases[SPK_CASES.iter().position(|c| *c == name).unwrap()]
    }

    fn spk(s: &str) -> Value {
        let [a, b] = sp(T, s);
        json!({"speaker": {"text": s, "start": a, "end": b}})
    }

    #[test]
    fn oracle_is_perfect_with_and_without_texts() {
        for with_text in [true, false] {
            let mut g = gold();
            g[0].has_text = with_text;
            let preds: Vec<Value> = g.iter().map(GoldDoc::to_json).collect();
            let r = score(&g, &preds);
            assert!(r.detection.iter().all(|d| d.f1 == 1.0), "texts={with_text}");
            assert_eq!(r.speaker_accuracy, 1.0);
            assert_eq!(r.end_to_end.f1, 1.0);
            assert_eq!(r.problems, [0; 7]);
        }
    }

    #[test]
    fn exact_match_trims_quote_marks_and_punctuation() {
        let q1 = sp(T, "\"We will win the race.\"");
        let inner = sp(T, "We will win the race");
        for span in [q1, inner] {
            let r = run(vec![q(span, spk("Smith"))], true);
            assert!((0..3).all(|lv| det(&r, lv) == 1), "{span:?}");
            assert_eq!((r.detection[2].p, r.detection[2].r), (1.0, 0.25));
            assert_eq!(case(&r, "span_overlap"), 1);
            assert_eq!(r.end_to_end.count, 1);
        }
        // without article texts the prediction's own text is used for trimming
        let r = run(vec![q(inner, json!({"speaker": "Smith"}))], false);
        assert_eq!(det(&r, 2), 1);
        assert_eq!(case(&r, "name_match"), 1);
        // one character more at the end: the '.' is trimmed, still exact
        let r = run(vec![q([inner[0], inner[1] + 1], json!({}))], true);
        assert_eq!(det(&r, 2), 1, "trailing '.' is trimmed");
        let r = run(vec![q([inner[0] - 3, inner[1]], json!({}))], true);
        assert_eq!(det(&r, 2), 0, "'id \"' prefix is not all strippable");
    }

    #[test]
    fn exact_match_with_non_ascii_text() {
        // curly quotes, NBSP, em dash, emoji: offsets are code points, trimming is Unicode-aware
        let text = "🎉 Sen.\u{a0}Smith — again — said: «Nous gagnerons — sûrement!» Fin.";
        let content = sp(text, "«Nous gagnerons — sûrement!»");
        let g = vec![GoldDoc {
            id: "u".into(),
            text: text.into(),
            has_text: true,
            annotator: None,
            n_annotator_files: None,
            quotes: vec![gq(
                vec![content],
                text,
                "direct",
                Some(("Sen.\u{a0}Smith", sp(text, "Sen.\u{a0}Smith"))),
            )],
        }];
        let inner = sp(text, "Nous gagnerons — sûrement");
        let smith = sp(text, "Smith");
        let pred = json!({"id": "u", "quotes": [{"start": inner[0], "end": inner[1],
            "text": "Nous gagnerons — sûrement", "speaker": {"text": "Smith", "start": smith[0], "end": smith[1]}}]});
        let r = score(&g, &[pred]);
        assert_eq!(det(&r, 2), 1);
        assert_eq!(r.end_to_end.count, 1);
        assert_eq!(r.problems, [0; 7], "text/offsets agree in code points");
        // byte offsets would be wrong: they point elsewhere and the text check flags them
        let b = text.find("Nous").unwrap() as i64;
        let pred =
            json!({"id": "u", "quotes": [{"start": b, "end": b + 10, "text": "Nous gagne"}]});
        let r = score(&g, &[pred]);
        assert_eq!(r.problems[2], 1, "pred_text_offset_mismatch");
    }

    #[test]
    fn partial_coverage_thresholds_are_strict() {
        // "We will win" = 9 of 17 countable chars (53 %): 0.3 yes, 0.8 no, exact no
        let r = run(
            vec![q(sp(T, "We will win"), json!({"speaker": "Mr. Smith"}))],
            true,
        );
        assert_eq!((det(&r, 0), det(&r, 1), det(&r, 2)), (1, 0, 0));
        assert_eq!(case(&r, "name_match"), 1, "title-stripped name match");
        let r = run(vec![q(sp(T, "We wi"), json!({}))], true);
        assert_eq!(det(&r, 0), 0, "4/17 < 0.3");
        assert_eq!(r.unmatched_pred, [0, 0, 1]);
    }

    #[test]
    fn discontinuous_gold_and_split_predictions() {
        let (a, b) = (sp(T, "\"First part,\""), sp(T, "\"second part of it.\""));
        let whole = [a[0], b[1]];
        let r = run(vec![q(whole, spk("she"))], true);
        assert_eq!((det(&r, 1), det(&r, 2)), (1, 1), "interior gap ignored");
        assert_eq!(case(&r, "span_overlap"), 1);
        // one prediction per fragment: the larger fragment wins, the other is a false positive
        let r = run(vec![q(a, json!({})), q(b, json!({}))], true);
        assert_eq!((det(&r, 0), r.n_pred, det(&r, 1)), (1, 2, 0));
        assert_eq!(r.detection[0].p, 0.5);
        assert_eq!(
            r.unmatched_pred,
            [0, 1, 0],
            "loser overlaps an already matched gold quote"
        );
        // pronoun speaker with the span elsewhere: wrong, but lenient accepts the string
        let r = run(
            vec![q(
                whole,
                json!({"speaker": {"text": "she", "start": 0, "end": 5}}),
            )],
            true,
        );
        assert_eq!(case(&r, "span_no_overlap"), 1);
        assert_eq!(r.end_to_end.count, 0);
        assert_eq!(r.speaker_accuracy_lenient, 1.0);
        let r = run(vec![q(whole, json!({"speaker": "She"}))], true);
        assert_eq!(case(&r, "name_match"), 1);
    }

    #[test]
    fn null_speakers() {
        let (q2, q4) = (sp(T, "taxes would fall"), sp(T, "the plan was dead"));
        let r = run(
            vec![
                q(q4, json!({"speaker": null})),
                q(q2, json!({"speaker": null})),
            ],
            true,
        );
        assert_eq!(case(&r, "gold_null_pred_null"), 1);
        assert_eq!(case(&r, "gold_speaker_pred_null"), 1);
        assert_eq!(r.end_to_end.count, 1);
        let r = run(vec![q(q4, json!({"speaker": "A memo"}))], true);
        assert_eq!(case(&r, "gold_null_pred_speaker"), 1);
        assert_eq!(r.end_to_end.count, 0);
        // an empty / blank speaker string and an empty speaker object count as no speaker
        let r = run(
            vec![
                q(q4, json!({"speaker": "  "})),
                q(q2, json!({"speaker": {"text": ""}})),
            ],
            true,
        );
        assert_eq!(case(&r, "gold_null_pred_null"), 1);
        assert_eq!(case(&r, "gold_speaker_pred_null"), 1);
    }

    #[test]
    fn greedy_is_one_to_one_with_score_py_tie_break() {
        let (q1, q2) = (
            sp(T, "\"We will win the race.\""),
            sp(T, "taxes would fall"),
        );
        let r = run(vec![q([q1[0], q2[1]], json!({}))], true);
        assert_eq!(det(&r, 0), 1, "one prediction matches one gold quote");
        // two identical predictions: equal coverage and precision -> the lower pred index wins
        let r = run(
            vec![
                q(q2, json!({"speaker": "nobody"})),
                q(q2, json!({"speaker": "Jones"})),
            ],
            true,
        );
        assert_eq!(det(&r, 0), 1);
        assert_eq!(
            case(&r, "name_mismatch"),
            1,
            "pred 0 (wrong speaker) is taken"
        );
        // equal coverage, different precision: the tighter prediction wins even if listed second
        let loose = [q2[0] - 5, q2[1]];
        let r = run(
            vec![
                q(loose, json!({"speaker": "nobody"})),
                q(q2, json!({"speaker": "Jones"})),
            ],
            true,
        );
        assert_eq!(case(&r, "name_match"), 1, "higher own-precision first");
        // higher coverage beats higher precision
        let part = sp(T, "taxes would");
        let r = run(
            vec![
                q(part, json!({"speaker": "Jones"})),
                q(loose, json!({"speaker": "x"})),
            ],
            true,
        );
        assert_eq!(case(&r, "name_mismatch"), 1, "coverage first");
        // direct and greedy(): gold index breaks ties before pred index
        let m = greedy(vec![
            ((0.5, 1.0), 1, 0),
            ((0.5, 1.0), 0, 1),
            ((0.5, 1.0), 0, 0),
        ]);
        assert_eq!(
            m,
            vec![(0, 0)],
            "(0,0) first; (0,1) and (1,0) then conflict"
        );
        let m = greedy(vec![
            ((0.5, 0.9), 0, 0),
            ((0.5, 1.0), 1, 0),
            ((0.4, 1.0), 0, 1),
        ]);
        assert_eq!(m, vec![(1, 0), (0, 1)]);
    }

    #[test]
    fn peer_format_and_invalid_spans() {
        let jones = sp(T, "Jones");
        let q2 = sp(T, "taxes would fall");
        let r = run(
            vec![
                json!({"quote": "taxes would fall", "start": q2[0], "end": q2[1], "speaker": "J.",
                       "speaker_start": jones[0], "speaker_end": jones[1]}),
                json!({"quote": "x", "start": null, "end": null}),
                json!({"start": 5, "end": 100000}),
            ],
            true,
        );
        assert_eq!(case(&r, "span_overlap"), 1);
        assert_eq!(r.n_pred, 3);
        assert_eq!(r.problems[1], 2, "pred_invalid_span");
        assert_eq!(r.unmatched_pred, [2, 0, 0]);
        // speaker_spans take precedence over the speaker object's offsets
        let r = run(
            vec![q(
                q2,
                json!({"speaker": {"text": "x", "start": 0, "end": 5},
                              "speaker_spans": [[jones[0], jones[1]]]}),
            )],
            true,
        );
        assert_eq!(case(&r, "span_overlap"), 1);
    }

    #[test]
    fn subsets_missing_docs_duplicates_and_errors() {
        let r = run(
            vec![
                q(sp(T, "\"We will win the race.\""), json!({})),
                q(sp(T, "taxes would fall"), json!({})),
            ],
            true,
        );
        assert_eq!(r.recall_by_subset[1][0], 0.5, "direct");
        assert_eq!(r.recall_by_subset[3][0], 0.5, "indirect");
        assert_eq!(r.recall_by_subset[4][0], 0.5, "speech");
        let g = gold();
        let preds = vec![
            json!({"id": "d", "quotes": null, "error": "boom"}),
            json!({"id": "d", "quotes": [q(sp(T, "taxes would fall"), json!({}))]}),
            json!({"id": "zzz", "quotes": []}),
        ];
        let r = score(&g, &preds);
        assert_eq!(det(&r, 0), 1, "duplicate records are concatenated");
        assert_eq!(r.problems, [0, 0, 0, 0, 1, 1, 1]);
        let r = score(&g, &[]);
        assert_eq!((r.n_pred, r.problems[3]), (0, 1));
        assert!(r
            .to_text()
            .ends_with("Problems: {\"pred_docs_missing\": 1}"));
    }

    #[test]
    fn name_normalisation_rules() {
        let m = |a: &str, b: &str| name_match(Some(a), Some(b));
        assert!(
            !m("Donald Trump", "Trump's campaign manager, a man"),
            "apposition/last token"
        );
        assert!(
            m("Flynn", "Flynn, a top Trump surrogate,"),
            "apposition cut"
        );
        assert!(m("Sen. Bernie Sanders", "Sanders"), "title + subset");
        assert!(
            m("Clinton", "Hillary Clinton’s campaign manager Robby Mook"),
            "subset leniency"
        );
        assert!(
            m("the White House", "White House’s"),
            "article + possessive"
        );
        assert!(m("Jones / Smith", "John Smith"), "multi-part pred");
        assert!(m("Mr. Smith", "a spokesman / Smith"), "multi-part gold");
        assert!(!m("Mr.", "Smith"), "only titles -> no tokens");
        assert!(!m("Smith", ""));
        assert!(!name_match(None, Some("Smith")));
        assert_eq!(
            norm_tokens("Gov. Chris Christie's, R-N.J."),
            vec!["chris", "christie"]
        );
        assert_eq!(norm_tokens(", Smith"), vec!["smith"], "empty head: no cut");
    }

    #[test]
    fn strip_and_countable_classes() {
        assert!(is_strip('—') && is_strip('«') && is_strip('\u{a0}') && is_strip('´'));
        assert!(!is_strip('$') && !is_strip('é'));
        assert!(is_countable('.') && !is_countable('’') && !is_countable('\u{2009}'));
        assert_eq!(
            merge(&[[5, 9], [0, 3], [3, 4], [7, 12], [20, 20]]),
            vec![[0, 4], [5, 12]]
        );
    }

    #[test]
    fn text_and_json_layout() {
        let r = run(
            vec![q(sp(T, "We will win"), json!({"kind": "direct"}))],
            true,
        );
        let t = r.to_text_named("x");
        assert!(t.starts_with("Quote detection (x): 1 docs, 4 gold quotes, 1 predicted\n"));
        assert!(t.contains("| overlap0.3 | 100.0 | 25.0 | 40.0 | 1 |"));
        assert!(t.contains("Gold type -> predicted kind on overlap0.3 matches: direct->direct: 1"));
        assert!(t.ends_with("Problems: none"));
        let j = r.to_json();
        let keys: Vec<&String> = j.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "n_docs",
                "n_gold",
                "n_pred",
                "detection",
                "recall_by_subset",
                "n_gold_by_subset",
                "speaker",
                "end_to_end",
                "kind_on_matched_0.3",
                "unmatched_pred_0.3",
                "problems",
                "gold_file",
                "pred_file",
                "inputs_file"
            ]
        );
        assert_eq!(j["detection"]["overlap0.3"]["R"], json!(0.25));
        assert_eq!(j["speaker"]["cases"]["gold_speaker_pred_null"], json!(1));
    }
}
