//! Training labels of the attribution head: PolNeAR gold attributions (source / cue / content
//! spans in code points) -> one BIO label per word (`SRC`, `CUE`, `CON`).
//!
//! Spans overlap in the gold (a split quote's source and cue sit between its content
//! fragments; an attribution can be nested in another's content), so each word takes ONE role:
//! `CUE` over `SRC` over `CON`, and among content fragments the outermost (longest) one, so a
//! nested attribution inside a content reads `CON .. SRC CUE .. CON` exactly like a split quote
//! and decodes back into the outer content (the nested one is not learned). `B-` marks the first
//! word of each span fragment, so two adjacent contents stay apart.

use crate::eval::score::GoldQuote;

/// Role of a labelled span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Cue,
    Source,
    Content,
}

impl Role {
    pub fn tag(self) -> &'static str {
        match self {
            Role::Cue => "CUE",
            Role::Source => "SRC",
            Role::Content => "CON",
        }
    }
}

/// One gold fragment in BYTE offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleSpan {
    pub start: usize,
    pub end: usize,
    pub role: Role,
}

/// The gold fragments of an article's attributions, code points -> bytes. Out-of-range spans
/// are clipped to the text.
pub fn gold_role_spans(text: &str, quotes: &[GoldQuote]) -> Vec<RoleSpan> {
    // byte offset of every code point index (plus the end)
    let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    byte_at.push(text.len());
    let n = byte_at.len() - 1;
    let conv = |s: i64, e: i64| {
        let s = (s.max(0) as usize).min(n);
        let e = (e.max(0) as usize).min(n);
        (byte_at[s], byte_at[e])
    };
    let mut out = Vec::new();
    for q in quotes {
        for (spans, role) in [
            (&q.spans, Role::Content),
            (&q.speaker_spans, Role::Source),
            (&q.cue_spans, Role::Cue),
        ] {
            for &[s, e] in spans {
                let (s, e) = conv(s, e);
                if s < e {
                    out.push(RoleSpan {
                        start: s,
                        end: e,
                        role,
                    });
                }
            }
        }
    }
    out.sort_by_key(|r| (r.start, r.end, r.role));
    out.dedup();
    out
}

/// The span a word starting at byte `at` takes (see the module docs), if any.
pub fn span_at(spans: &[RoleSpan], at: usize) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, s) in spans.iter().enumerate() {
        if s.start > at {
            break;
        }
        if at >= s.end {
            continue;
        }
        best = match best {
            None => Some(i),
            Some(b) => {
                let o = &spans[b];
                let better = s.role < o.role
                    || (s.role == o.role
                        && s.role == Role::Content
                        && s.end - s.start > o.end - o.start);
                Some(if better { i } else { b })
            }
        };
    }
    best
}

/// BIO label names per word start: `word_starts` are the byte offsets where words begin, in
/// order. Returns labels like `B-CON`, `I-SRC`, `O`.
pub fn word_labels(spans: &[RoleSpan], word_starts: &[usize]) -> Vec<String> {
    let mut prev: Option<usize> = None;
    word_starts
        .iter()
        .map(|&at| {
            let cur = span_at(spans, at);
            let label = match cur {
                None => "O".to_string(),
                Some(i) => {
                    let bio = if prev == Some(i) { "I" } else { "B" };
                    format!("{bio}-{}", spans[i].role.tag())
                }
            };
            prev = cur;
            label
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gq(content: &[[i64; 2]], src: &[[i64; 2]], cue: &[[i64; 2]]) -> GoldQuote {
        GoldQuote {
            spans: content.to_vec(),
            text: None,
            qtype: None,
            speaker: None,
            speaker_spans: src.to_vec(),
            cue: None,
            cue_spans: cue.to_vec(),
            speech: true,
            eid: None,
        }
    }

    fn starts(text: &str) -> Vec<usize> {
        let mut v = Vec::new();
        let mut prev_space = true;
        for (b, c) in text.char_indices() {
            if !c.is_whitespace() && prev_space {
                v.push(b);
            }
            prev_space = c.is_whitespace();
        }
        v
    }

    #[test]
    fn split_quote_labels() {
        // “A b,” she said, “c d.”   (code points; the curly quotes are 3 bytes each)
        let text = "\u{201c}A b,\u{201d} she said, \u{201c}c d.\u{201d}";
        let q = gq(&[[1, 5], [18, 22]], &[[7, 10]], &[[11, 15]]);
        let spans = gold_role_spans(text, &[q]);
        // "she" is code points 7..10 = bytes 11..14 (two 3-byte quote marks before it)
        assert!(spans.contains(&RoleSpan {
            start: 11,
            end: 14,
            role: Role::Source
        }));
        // whitespace words: “A | b,” | she | said, | “c | d.”  -- opening marks are not content
        let got = word_labels(&spans, &starts(text));
        assert_eq!(got, vec!["O", "B-CON", "B-SRC", "B-CUE", "O", "B-CON"]);
        // with word starts after the marks (as the tokenizer splits them) content begins with B
        let ws2 = vec![3, 5, 11, 15, 24, 26];
        assert_eq!(
            word_labels(&spans, &ws2),
            vec!["B-CON", "I-CON", "B-SRC", "B-CUE", "B-CON", "I-CON"]
        );
    }

    #[test]
    fn nested_takes_outer_content_and_inner_cue() {
        // Smith said Jones claimed x y.   outer content = "Jones claimed x y", inner = "x y"
        let text = "Smith said Jones claimed x y.";
        let outer = gq(&[[11, 28]], &[[0, 5]], &[[6, 10]]);
        let inner = gq(&[[25, 28]], &[[11, 16]], &[[17, 24]]);
        let spans = gold_role_spans(text, &[outer, inner]);
        let got = word_labels(&spans, &starts(text));
        assert_eq!(
            got,
            vec!["B-SRC", "B-CUE", "B-SRC", "B-CUE", "B-CON", "I-CON"]
        );
    }

    #[test]
    fn adjacent_contents_stay_apart() {
        let text = "a b c d";
        let q1 = gq(&[[0, 3]], &[], &[]);
        let q2 = gq(&[[4, 7]], &[], &[]);
        let spans = gold_role_spans(text, &[q1, q2]);
        assert_eq!(
            word_labels(&spans, &starts(text)),
            vec!["B-CON", "I-CON", "B-CON", "I-CON"]
        );
    }
}
