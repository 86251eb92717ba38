//! Span helpers for decoding the tagger's tags: paragraph / sentence of a byte, glue
//! between contents, trimming of sources and content ends, plausible sources, passive cues.

use crate::document::{Entity, Span};

/// Paragraph / sentence index of a byte (the unit containing it, or the last one before it).
pub(super) fn unit_of(units: &[Span], at: usize) -> usize {
    units.partition_point(|u| u.start <= at).saturating_sub(1)
}

/// True when `text[a..b]` holds no letter or digit outside the `covered` spans.
pub(super) fn only_glue(text: &str, a: usize, b: usize, covered: &[&Entity]) -> bool {
    if a >= b {
        return true;
    }
    let mut pos = a;
    for c in covered {
        let (s, e) = (c.span.start.max(a), c.span.end.min(b));
        if s >= e || s < pos {
            if e > pos && s < pos {
                pos = e;
            }
            continue;
        }
        if text[pos..s].chars().any(|ch| ch.is_alphanumeric()) {
            return false;
        }
        pos = e;
    }
    !text[pos..b].chars().any(|ch| ch.is_alphanumeric())
}

/// A source span without trailing function words and punctuation: the tagger sometimes runs a
/// source into the next word (`Russian President Vladimir Putin on Friday said`).
pub(super) fn trim_source(text: &str, sp: Span) -> Span {
    const TAIL: &[&str] = &[
        "on", "in", "at", "for", "of", "to", "by", "with", "from", "and", "or", "but", "who",
        "which", "that", "as", "also", "has", "had", "have", "was", "is", "will", "would",
    ];
    // leading conjunctions, prepositions and dashes: `and Bush`, `- Sanders`
    const HEAD: &[&str] = &[
        "and", "or", "but", "in", "of", "on", "at", "to", "by", "with", "-", "--",
    ];
    let mut start = sp.start;
    loop {
        let s = &text[start..sp.end];
        let t = s.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        let first_len = t.find(char::is_whitespace).unwrap_or(t.len());
        let skip = s.len() - t.len();
        if first_len < t.len() && HEAD.contains(&t[..first_len].to_lowercase().as_str()) {
            start += skip + first_len;
        } else {
            start += skip;
            break;
        }
    }
    let sp = if start < sp.end {
        Span::new(start, sp.end)
    } else {
        sp
    };
    let mut end = sp.end;
    loop {
        let s = text[sp.start..end].trim_end_matches(|c: char| c.is_whitespace() || c == ',');
        let cut = after_last_space(s);
        let last = &s[cut..];
        if cut > 0 && TAIL.contains(&last) {
            end = sp.start + cut;
        } else {
            end = sp.start + s.len();
            break;
        }
    }
    if end > sp.start {
        Span::new(sp.start, end.min(sp.end))
    } else {
        sp
    }
}

/// A source span that can name a speaker: a word with a letter that is not a lone function word
/// (`in`, `the`, `-`), which the tagger sometimes marks next to a real source.
pub(super) fn plausible_source(s: &str) -> bool {
    const FUNCTION: &[&str] = &[
        "in", "the", "a", "an", "of", "on", "at", "to", "by", "with", "and", "or", "but", "one",
        "for", "from", "as", "that", "this", "it", "its", "is", "was", "has", "had",
    ];
    let w: Vec<&str> = s.split_whitespace().collect();
    s.chars().any(char::is_alphabetic)
        && !(w.len() == 1 && FUNCTION.contains(&w[0].to_lowercase().as_str()))
}

/// Does `before` (the text up to a source) end in a preposition, with at most two lower-case
/// modifiers after it (`from noted`, `with the`)?
pub(super) fn after_preposition(before: &str) -> bool {
    for w in before.split_whitespace().rev().take(3) {
        let w = w.to_lowercase();
        if matches!(
            w.as_str(),
            "of" | "from"
                | "with"
                | "to"
                | "for"
                | "on"
                | "in"
                | "at"
                | "about"
                | "among"
                | "against"
                | "into"
                | "over"
        ) {
            return true;
        }
        if !w.chars().all(|c| c.is_lowercase() || c == '-') {
            return false;
        }
    }
    false
}

/// A cue in the passive voice: a form of `be` followed by a participle (`is expected`, `was
/// once thought`, `are seen as`).
pub(super) fn passive_cue(cue: &str) -> bool {
    let w: Vec<String> = cue.split_whitespace().map(str::to_lowercase).collect();
    let Some(be) = w.iter().position(|x| {
        matches!(
            x.as_str(),
            "is" | "are" | "was" | "were" | "be" | "been" | "being" | "'s" | "’s"
        )
    }) else {
        return false;
    };
    w[be + 1..].iter().any(|x| {
        x.ends_with("ed")
            || x.ends_with("en")
            || matches!(x.as_str(), "thought" | "told" | "said" | "known" | "seen")
    })
}

/// The content spans, where two that only punctuation other than a sentence end separates (in
/// one paragraph) are one: the tagger opened a new `B-CON` inside a content.
pub(super) fn merge_touching(text: &str, paras: &[Span], tags: &[Entity]) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    let mut words: Vec<f32> = Vec::new();
    for t in tags.iter().filter(|t| t.label == "CON") {
        let w = t.span.text(text).split_whitespace().count().max(1) as f32;
        if let Some(last) = out.last_mut() {
            if last.span.end <= t.span.start
                && unit_of(paras, last.span.start) == unit_of(paras, t.span.start)
                && only_glue(text, last.span.end, t.span.start, &[])
                && !text[last.span.end..t.span.start].contains(['.', '!', '?'])
            {
                let lw = words.last_mut().expect("one weight per span");
                last.score = (last.score * *lw + t.score * w) / (*lw + w);
                *lw += w;
                last.span.end = t.span.end;
                continue;
            }
        }
        out.push(t.clone());
        words.push(w);
    }
    out
}

/// A content span without trailing prepositions, conjunctions and articles.
pub(super) fn trim_content_end(text: &str, sp: Span) -> Span {
    const TAIL: &[&str] = &[
        "with", "in", "of", "to", "for", "on", "at", "by", "from", "and", "or", "but", "the", "a",
        "an", "as",
    ];
    let mut end = sp.end;
    loop {
        let s = text[sp.start..end].trim_end();
        let cut = after_last_space(s);
        if cut > 0 && TAIL.contains(&s[cut..].to_lowercase().as_str()) {
            end = sp.start + cut;
        } else {
            end = sp.start + s.len();
            break;
        }
    }
    if end > sp.start {
        Span::new(sp.start, end.min(sp.end))
    } else {
        sp
    }
}

/// Byte index just after the last whitespace character of `s` (0 when it has none).
pub(super) fn after_last_space(s: &str) -> usize {
    s.char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}
