//! One document's gold and predicted quotes as character sets and fragments, the greedy
//! one-to-one matching with score.py's tie-break, and the speaker cases.

use std::collections::HashSet;

use serde_json::{json, Map, Value};

use super::*;
use crate::eval::pyuni::{py_slice, strip};

pub(super) struct GQ {
    pub(super) spans: Vec<[i64; 2]>,
    pub(super) chars: Vec<i64>,
    pub(super) extent: (i64, i64),
    pub(super) qtype: String,
    pub(super) speech: bool,
    pub(super) speaker: Option<String>,
    pub(super) speaker_spans: Vec<[i64; 2]>,
}

pub(super) struct PQ {
    pub(super) spans: Vec<[i64; 2]>,
    pub(super) extent: (i64, i64),
    pub(super) own_chars: i64,
    pub(super) kind: String,
    pub(super) spk_text: Option<String>,
    pub(super) spk_names: Vec<String>,
    pub(super) spk_spans: Vec<[i64; 2]>,
    pub(super) valid: bool,
}

#[derive(Default)]
pub(super) struct Problems(pub(super) [usize; 7]);

impl Problems {
    pub(super) fn add(&mut self, k: &str) {
        let i = PROBLEMS.iter().position(|p| *p == k).expect("problem key");
        self.0[i] += 1;
    }
}

pub(super) fn frags_of(text: &[char], spans: &[[i64; 2]]) -> Vec<Vec<char>> {
    spans
        .iter()
        .map(|&[s, e]| py_slice(text, s, e).to_vec())
        .collect()
}

pub(super) fn rebuild_frags(t: &[char], spans: &[[i64; 2]]) -> Vec<Vec<char>> {
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

pub(super) fn gold_doc(doc: &GoldDoc, text: Option<&[char]>, problems: &mut Problems) -> Vec<GQ> {
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

pub(super) fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        other => other.to_string(),
    }
}

pub(super) fn pred_doc(
    quotes: &[Value],
    text: Option<&[char]>,
    problems: &mut Problems,
) -> Vec<PQ> {
    quotes
        .iter()
        .map(|qv| pred_quote(qv, text, problems))
        .collect()
}

/// One predicted quote: its merged spans (invalid ones counted as problems and cleared), its
/// stripped extent and countable characters, kind and speaker.
fn pred_quote(qv: &Value, text: Option<&[char]>, problems: &mut Problems) -> PQ {
    let empty = Map::new();
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
    let (extent, own_chars) = pred_extent(&spans, valid, text, qtext);
    let kind = if truthy(q.get("kind")) {
        py_str(&q["kind"])
    } else if truthy(q.get("type")) {
        py_str(&q["type"])
    } else {
        "none".into()
    };
    let (spk_text, spk_spans, spk_names) = pred_speaker(q);
    PQ {
        spans,
        extent,
        own_chars,
        kind,
        spk_text,
        spk_names,
        spk_spans,
        valid,
    }
}

/// The extent of a predicted quote without strip characters, and its countable characters
/// (from the text, or rebuilt from the quote's own `text`; else the raw spans).
fn pred_extent(
    spans: &[[i64; 2]],
    valid: bool,
    text: Option<&[char]>,
    qtext: Option<&Value>,
) -> ((i64, i64), i64) {
    let qtext_chars: Option<Vec<char>> = qtext.and_then(Value::as_str).map(|s| s.chars().collect());
    let want_len = spans.iter().map(|[a, b]| b - a).sum::<i64>() + spans.len() as i64 - 1;
    let frags = match (valid, text, &qtext_chars) {
        (true, Some(t), _) => Some(frags_of(t, spans)),
        (true, None, Some(qt)) if qt.len() as i64 == want_len => Some(rebuild_frags(qt, spans)),
        _ => None,
    };
    if let Some(frags) = &frags {
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
    }
}

/// A predicted quote's speaker: its text, its spans (merged) and the names to match
/// (the text and `speaker_name`).
fn pred_speaker(q: &Map<String, Value>) -> (Option<String>, Vec<[i64; 2]>, Vec<String>) {
    let get = |k: &str| q.get(k).filter(|v| !v.is_null());
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
    (spk_text, spk_spans, spk_names)
}

pub(super) fn coverage(p: &PQ, g: &GQ) -> f64 {
    if g.chars.is_empty() || p.spans.is_empty() {
        return 0.0;
    }
    let mut n = 0usize;
    for &[s, e] in &p.spans {
        n += g.chars.partition_point(|&c| c < e) - g.chars.partition_point(|&c| c < s);
    }
    n as f64 / g.chars.len() as f64
}

pub(super) type Cand = ((f64, f64), usize, usize);

/// score.py `greedy`: sort by coverage desc, own-precision desc, gold index, pred index; take a
/// pair when neither side is taken.  Returns gold index -> pred index, in take order.
pub(super) fn greedy(mut cands: Vec<Cand>) -> Vec<(usize, usize)> {
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
pub(super) fn speaker_case(g: &GQ, p: &PQ) -> (usize, bool, bool) {
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

pub(super) fn in_subset(g: &GQ, sub: usize) -> bool {
    sub == 0 || (sub == 4 && g.speech) || g.qtype == SUBSETS[sub]
}
