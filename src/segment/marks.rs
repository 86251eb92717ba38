//! Quotation-mark pairing, per paragraph, with local recovery.
//!
//! Used by the segmenter (never split inside a quotation) and by the direct-quote stage.
//! Rules:
//! - `“`/`„`/`«` open and `”`/`»` close, except that `“` closes a quotation opened by `„`
//!   (German style `„...“`); a straight `"` opens or closes by its context (space before ->
//!   open, space or punctuation after -> close), else toggles.
//! - A quotation left open at the end of a paragraph either continues into the next paragraph (when
//!   that paragraph starts with an opening mark: the news convention for multi-paragraph quotes)
//!   or ends with its paragraph: one odd mark never costs the rest of the article.
//! - Single quotes (`‘’'`) pair only on the same paragraph and only where they look like quote
//!   marks, not apostrophes (`don't`, `agencies'`); they matter for headlines and nested quotes.

use crate::document::Span;

/// One quoted stretch of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRegion {
    /// Including the quotation marks.
    pub outer: Span,
    /// Between the marks, whitespace trimmed.
    pub inner: Span,
    /// Paired with single quotes.
    pub single: bool,
    /// Left open at the end of its paragraph and continued by the next region.
    pub continues: bool,
    /// A closing mark was found.
    pub closed: bool,
}

fn is_dq_open(c: char) -> bool {
    matches!(c, '“' | '„' | '«')
}
fn is_dq_close(c: char) -> bool {
    matches!(c, '”' | '»')
}
fn is_opening_context(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | ':' | '/'),
    }
}

/// Find quote regions in `text`, given its paragraphs (sorted, non-overlapping).
pub fn find_regions(text: &str, paragraphs: &[Span]) -> Vec<QuoteRegion> {
    let mut out: Vec<QuoteRegion> = Vec::new();
    for (pi, para) in paragraphs.iter().enumerate() {
        // `''` (two apostrophes, NYT style) is a double quotation mark: fold it to `"` here,
        // keeping the byte offset of its first char (see `mark_len`)
        let mut chars: Vec<(usize, char)> = Vec::new();
        let mut it = text[para.start..para.end].char_indices().peekable();
        while let Some((b, c)) = it.next() {
            if c == '\'' && it.peek().is_some_and(|&(_, n)| n == '\'') {
                it.next();
                chars.push((b + para.start, '"'));
            } else {
                chars.push((b + para.start, c));
            }
        }
        let next_starts_open = paragraphs.get(pi + 1).is_some_and(|p| {
            let t = &text[p.start..p.end];
            t.starts_with("''") || t.chars().next().is_some_and(|c| is_dq_open(c) || c == '"')
        });
        let mut doubles: Vec<QuoteRegion> = Vec::new();
        let mut open: Option<usize> = None; // byte offset of the opening mark
        for (k, &(b, c)) in chars.iter().enumerate() {
            let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
            let next = chars.get(k + 1).map(|x| x.1);
            // German-style „...“: `“` closes a quotation that `„` opened
            let low_open = open.is_some_and(|o| text[o..].starts_with('„'));
            let role_open = if c == '“' && low_open {
                Some(false)
            } else if is_dq_open(c) {
                Some(true)
            } else if is_dq_close(c) {
                // a closing mark used as an opener: `” word` after a space with no quote open
                if open.is_none()
                    && is_opening_context(prev)
                    && next.is_some_and(|n| !n.is_whitespace())
                {
                    Some(true)
                } else {
                    Some(false)
                }
            } else if c == '"' {
                let before_space = is_opening_context(prev);
                let after_space = next.is_none_or(|n| n.is_whitespace() || ",.;:!?)]".contains(n));
                Some(match (open.is_some(), before_space, after_space) {
                    (false, _, _) => true,
                    (true, true, false) => true, // looks like a new opener: recover
                    (true, _, _) => false,
                })
            } else {
                None
            };
            match (role_open, open) {
                (Some(true), None) => open = Some(b),
                (Some(true), Some(o)) => {
                    // an opener while one is open: close the old one before this mark
                    doubles.push(region(text, o, b, false, false));
                    open = Some(b);
                }
                (Some(false), Some(o)) => {
                    doubles.push(region(text, o, b + mark_len(text, b), false, true));
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(o) = open {
            let mut r = region(text, o, para.end, false, false);
            r.continues = next_starts_open;
            doubles.push(r);
        }
        // single quotes outside double-quoted regions
        let mut singles = Vec::new();
        let mut sopen: Option<usize> = None;
        for (k, &(b, c)) in chars.iter().enumerate() {
            if !matches!(c, '‘' | '’' | '\'')
                || text[b..].starts_with("''")
                || (b > 0 && text[..b].ends_with('\'') && text[b..].starts_with('\''))
            {
                continue;
            }
            if doubles
                .iter()
                .any(|r| r.outer.start <= b && b < r.outer.end)
            {
                continue;
            }
            let prev = if k > 0 { chars[k - 1].1 } else { ' ' };
            let next = chars.get(k + 1).map_or(' ', |x| x.1);
            let role = if prev.is_alphanumeric() && next.is_alphanumeric() {
                None
            } else if !prev.is_alphanumeric()
                && (next.is_alphanumeric() || next == '"' || next == '“')
            {
                Some(true)
            } else if (prev.is_alphanumeric() || ".,!?;:".contains(prev)) && !next.is_alphanumeric()
            {
                Some(false)
            } else {
                None
            };
            match (role, sopen) {
                (Some(true), None) if c != '’' => sopen = Some(b),
                (Some(false), Some(o)) if c != '‘' => {
                    singles.push(region(text, o, b + c.len_utf8(), true, true));
                    sopen = None;
                }
                _ => {}
            }
        }
        out.extend(doubles);
        out.extend(singles);
    }
    out.sort_by_key(|r| r.outer.start);
    out
}

/// Byte length of the quotation mark starting at `at` (2 for `''`).
fn mark_len(text: &str, at: usize) -> usize {
    if text[at..].starts_with("''") {
        2
    } else {
        text[at..].chars().next().map_or(1, char::len_utf8)
    }
}

fn region(text: &str, open: usize, end: usize, single: bool, closed: bool) -> QuoteRegion {
    let open_len = mark_len(text, open);
    let inner_end = if closed {
        end - if text[..end].ends_with("''") && !single {
            2
        } else {
            text[..end].chars().next_back().map_or(1, char::len_utf8)
        }
    } else {
        end
    };
    let mut inner = Span::new((open + open_len).min(inner_end), inner_end);
    let s = &text[inner.start..inner.end];
    inner.start += s.len() - s.trim_start().len();
    inner.end -= s.len() - s.trim_end().len();
    if inner.start > inner.end {
        inner.start = inner.end;
    }
    QuoteRegion {
        outer: Span::new(open, end),
        inner,
        single,
        continues: false,
        closed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<Span> {
        crate::segment::paragraphs(text)
    }
    fn inners(text: &str) -> Vec<&str> {
        find_regions(text, &paras(text))
            .iter()
            .map(|r| r.inner.text(text))
            .collect()
    }

    #[test]
    fn curly_and_straight_pairs() {
        assert_eq!(
            inners("“Yes,” he said. \"No,\" she said."),
            vec!["Yes,", "No,"]
        );
    }

    #[test]
    fn guillemets_and_low_high_marks_pair() {
        assert_eq!(
            inners("«We are ready,» said Roe. „We will win,“ said Smith. „Yes,” he said."),
            vec!["We are ready,", "We will win,", "Yes,"]
        );
    }

    #[test]
    fn doubled_apostrophes_are_double_quotes() {
        let text = "''Thirty years ago, it was booming,'' Ms. Hughes said. ''Gone.''";
        assert_eq!(
            inners(text),
            vec!["Thirty years ago, it was booming,", "Gone."]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(inners("The agencies' report didn't say Clinton’s aides left.").is_empty());
    }

    #[test]
    fn single_quoted_headline() {
        assert_eq!(
            inners("Trump: ‘We will win’ in November"),
            vec!["We will win"]
        );
    }

    #[test]
    fn nested_single_inside_double_is_one_region() {
        let text = "“He told me ‘never again’ twice,” she said.";
        let r = find_regions(text, &paras(text));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].inner.text(text), "He told me ‘never again’ twice,");
    }

    #[test]
    fn quote_continues_over_paragraphs() {
        let text = "He said: “First part.\n\n“Second part,” he added.";
        let r = find_regions(text, &paras(text));
        assert_eq!(r.len(), 2);
        assert!(r[0].continues);
        assert_eq!(r[0].inner.text(text), "First part.");
        assert_eq!(r[1].inner.text(text), "Second part,");
    }

    #[test]
    fn unbalanced_mark_recovers_at_paragraph_end() {
        let text = "He said “oops and went on.\n\n“Fine,” she said.";
        let r = find_regions(text, &paras(text));
        // the odd mark runs to its paragraph end but does not swallow the next paragraph
        assert_eq!(r[0].inner.text(text), "oops and went on.");
        assert!(r[0].continues); // next paragraph opens with a mark
        assert_eq!(r[1].inner.text(text), "Fine,");
        let text = "An odd “ mark here.\n\nThen “real,” she said.";
        let r = find_regions(text, &paras(text));
        assert!(!r[0].continues);
        assert_eq!(r.last().unwrap().inner.text(text), "real,");
    }
}
