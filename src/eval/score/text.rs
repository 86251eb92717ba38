//! score.py's text helpers: strip / countable character classes, span merging and overlap,
//! speaker-name normalisation and matching.

use std::collections::HashSet;

use serde_json::Value;

use super::*;
use crate::eval::pyuni::{is_alnum, is_punct, is_space, split_ws, strip};

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

pub(super) fn merge_kept(mut kept: Vec<[i64; 2]>) -> Vec<[i64; 2]> {
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
pub(super) fn merge_values(spans: &[Value]) -> Vec<[i64; 2]> {
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

pub(super) fn overlaps(a: &[[i64; 2]], b: &[[i64; 2]]) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
