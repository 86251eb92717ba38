//! Python-compatible character predicates and string helpers.
//!
//! `score.py` and `polnear_convert.py` rely on `str.isspace()`, `str.isalnum()` and
//! `unicodedata.category(c).startswith("P")`.  Rust's `char::is_whitespace` /
//! `char::is_alphanumeric` differ from these on a few code points (e.g. U+001C..U+001F are
//! Python whitespace; combining marks with `Other_Alphabetic` are Rust-alphanumeric but not
//! Python-alnum), so the exact Python sets are used, generated from Python's `unicodedata`
//! by `scripts/gen_pyuni_tables.py`.

use super::pyuni_tables::{PY_ALNUM, PY_PUNCT, PY_SPACE};

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let cp = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Python `c.isspace()`.
pub fn is_space(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, '\t'..='\r' | '\x1c'..='\x20');
    }
    in_table(PY_SPACE, c)
}

/// Python `c.isalnum()`.
pub fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    in_table(PY_ALNUM, c)
}

/// `unicodedata.category(c).startswith("P")`.
pub fn is_punct(c: char) -> bool {
    in_table(PY_PUNCT, c)
}

/// Python `s.strip()` (no argument).
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Python `s.split()` (no argument).
pub fn split_ws(s: &str) -> impl Iterator<Item = &str> {
    s.split(is_space).filter(|t| !t.is_empty())
}

/// Python slice `chars[a:b]` with negative-index and clamping semantics (step 1).
pub fn py_slice(chars: &[char], a: i64, b: i64) -> &[char] {
    let n = chars.len() as i64;
    let norm = |i: i64| -> usize {
        let i = if i < 0 { i + n } else { i };
        i.clamp(0, n) as usize
    };
    let (s, e) = (norm(a), norm(b));
    if s >= e {
        &chars[0..0]
    } else {
        &chars[s..e]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_predicates() {
        assert!(is_space('\u{a0}') && is_space('\u{1c}') && is_space('\u{3000}') && !is_space('x'));
        assert!(!is_space('\u{200b}')); // zero-width space is not Python whitespace
        assert!(is_alnum('é') && is_alnum('٣') && is_alnum('²') && !is_alnum('_'));
        assert!(!is_alnum('\u{0301}')); // combining acute: not alnum in Python
        for c in [
            '.', ',', '—', '–', '“', '”', '‘', '’', '«', '¡', '_', '(', '}', '…',
        ] {
            assert!(is_punct(c), "{c:?} is P*");
        }
        for c in ['$', '+', '`', '´', 'a', ' ', '©'] {
            assert!(!is_punct(c), "{c:?} is not P*");
        }
    }

    #[test]
    fn python_slices_and_strip() {
        let v: Vec<char> = "héllo".chars().collect();
        assert_eq!(py_slice(&v, 1, 3), &['é', 'l']);
        assert_eq!(py_slice(&v, -2, 10), &['l', 'o']);
        assert!(py_slice(&v, 4, 2).is_empty());
        assert_eq!(strip("\u{a0} a b\u{2003}"), "a b");
        assert_eq!(
            split_ws(" a\u{a0}b  c ").collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
    }
}
