//! A small, offset-preserving word tokenizer for the rule stages.
//!
//! Words are runs of letters/digits that may contain inner apostrophes, hyphens, ampersands and
//! the dots of initialisms (`U.S.`, `D.C.`); every other non-space char is its own token.

use crate::document::Span;
pub use crate::document::Token;

pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Tokenize `text[span]`, offsets relative to the whole text.
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    let s = &text[span.start..span.end];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < chars.len() {
                let ch = chars[j].1;
                let next = chars.get(j + 1).map(|x| x.1);
                let joiner = (is_apostrophe(ch) || ch == '-' || ch == '&')
                    && next.is_some_and(|n| n.is_alphanumeric());
                if ch.is_alphanumeric() || ch == '\u{301}' || joiner {
                    j += 1;
                } else if ch == '.'
                    && chars[j - 1].1.is_alphabetic()
                    && (j < 2 || !chars[j - 2].1.is_alphabetic())
                    && next.is_some_and(|n| n.is_alphabetic())
                    && chars.get(j + 2).map(|x| x.1) == Some('.')
                {
                    // initialism: U.S. / D.C. / a.m. -- take "X." and continue
                    j += 1;
                } else if ch == '.'
                    && chars[j - 1].1.is_alphabetic()
                    && j >= 2
                    && chars[j - 2].1 == '.'
                {
                    // the final dot of an initialism (the "S." of "U.S.")
                    j += 1;
                    break;
                } else {
                    break;
                }
            }
            let end = if j < chars.len() { chars[j].0 } else { s.len() };
            out.push(make(text, span.start + b, span.start + end, true));
            i = j;
        } else {
            let end = chars.get(i + 1).map_or(s.len(), |x| x.0);
            out.push(make(text, span.start + b, span.start + end, false));
            i += 1;
        }
    }
    out
}

fn make(text: &str, start: usize, end: usize, is_word: bool) -> Token {
    let t = &text[start..end];
    let lower: String = t
        .chars()
        .map(|c| if is_apostrophe(c) { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    Token {
        span: Span::new(start, end),
        cap: t.chars().next().is_some_and(char::is_uppercase),
        lower,
        is_word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| t.text(text))
            .collect()
    }

    #[test]
    fn words_punct_and_apostrophes() {
        assert_eq!(
            words("Clinton’s team didn't say, “no.”"),
            vec![
                "Clinton’s",
                "team",
                "didn't",
                "say",
                ",",
                "“",
                "no",
                ".",
                "”"
            ]
        );
    }

    #[test]
    fn initialisms_keep_their_dots() {
        assert_eq!(words("the U.S. said"), vec!["the", "U.S.", "said"]);
        assert_eq!(
            words("Washington, D.C. today"),
            vec!["Washington", ",", "D.C.", "today"]
        );
    }

    #[test]
    fn offsets_are_absolute_bytes() {
        let text = "“Zoë” said";
        let toks = tokenize(text, Span::new(3, text.len()));
        assert_eq!(toks[0].text(text), "Zoë");
        assert_eq!(toks[0].lower, "zoë");
        assert!(toks[0].cap);
    }
}
