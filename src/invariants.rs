//! Structural invariants of an annotated [`Document`] and of its output record, checked by the
//! fuzz targets (`fuzz/`) and the regression tests: every span inside the text and on char
//! boundaries, sentences sorted and disjoint, and every output offset a code point offset whose
//! slice equals the span's `text`.

use crate::document::{Document, Span};
use serde_json::Value;

fn span_ok(text: &str, what: &str, s: Span) -> Result<(), String> {
    if s.start > s.end || s.end > text.len() {
        return Err(format!(
            "{what} {}..{} outside text of {} bytes",
            s.start,
            s.end,
            text.len()
        ));
    }
    if !text.is_char_boundary(s.start) || !text.is_char_boundary(s.end) {
        return Err(format!(
            "{what} {}..{} not on char boundaries",
            s.start, s.end
        ));
    }
    Ok(())
}

/// Check the spans of an annotated document.
pub fn check_document(doc: &Document) -> Result<(), String> {
    let t = doc.text.as_str();
    let mut prev = 0;
    for p in &doc.paragraphs {
        span_ok(t, "paragraph", *p)?;
        if p.start < prev {
            return Err(format!("paragraph {}..{} out of order", p.start, p.end));
        }
        prev = p.end;
    }
    let mut prev = 0;
    for s in &doc.sentences {
        span_ok(t, "sentence", s.span)?;
        if s.span.start < prev {
            return Err(format!(
                "sentence {}..{} overlaps or precedes the previous one",
                s.span.start, s.span.end
            ));
        }
        prev = s.span.end;
    }
    for e in &doc.entities {
        span_ok(t, "entity", e.span)?;
    }
    for q in &doc.quotes {
        if q.spans.is_empty() {
            return Err("quote without spans".into());
        }
        for s in &q.spans {
            span_ok(t, "quote span", *s)?;
        }
        if let Some(c) = q.cue {
            span_ok(t, "cue", c)?;
        }
        if let Some(s) = q.speaker {
            span_ok(t, "speaker", s)?;
        }
        if let Some(i) = q.speaker_entity {
            if i >= doc.entities.len() {
                return Err(format!("speaker_entity {i} out of range"));
            }
        }
    }
    Ok(())
}

/// Check an output record against the text it was made from: every `start`/`end` is a code
/// point offset and `text[start:end]` equals the span's `text`.
pub fn check_record(rec: &Value, text: &str) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    let slice = |v: &Value| -> Result<String, String> {
        let s = v["start"].as_u64().ok_or("start missing")? as usize;
        let e = v["end"].as_u64().ok_or("end missing")? as usize;
        if s > e || e > chars.len() {
            return Err(format!("{s}..{e} outside {} code points", chars.len()));
        }
        Ok(chars[s..e].iter().collect())
    };
    let same = |v: &Value, what: &str| -> Result<(), String> {
        let got = slice(v)?;
        if v["text"].as_str() != Some(got.as_str()) {
            return Err(format!(
                "{what}: text[start:end] = {got:?} but text = {}",
                v["text"]
            ));
        }
        Ok(())
    };
    for e in rec["entities"].as_array().ok_or("entities missing")? {
        same(e, "entity")?;
    }
    for q in rec["quotes"].as_array().ok_or("quotes missing")? {
        same(q, "quote")?;
        for sub in ["cue", "speaker"] {
            if !q[sub].is_null() {
                same(&q[sub], sub)?;
            }
        }
    }
    for s in rec["sentences"].as_array().ok_or("sentences missing")? {
        slice(s)?;
    }
    Ok(())
}
