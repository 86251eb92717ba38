//! Text -> subword tokens (with byte offsets, word index, casing class) and overlapping windows.

use super::casing::casing_class;
use anyhow::{anyhow, Result};
use tokenizers::Tokenizer;

/// Texts are tokenized in pieces of at most this many bytes (cut at whitespace), so a 10 MB
/// article or a 100k-word "sentence" never builds one giant tokenizer encoding.
pub const SEGMENT_BYTES: usize = 16 * 1024;

/// One subword token of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub id: u32,
    /// Byte offsets into the original text (end-exclusive).
    pub start: usize,
    pub end: usize,
    /// Index of the pre-tokenized word this subword belongs to (global within the text).
    pub word: u32,
    /// Casing class of that word (see [`super::casing`]).
    pub casing: u8,
    /// True for the first subword of its word.
    pub first: bool,
}

/// Load `tokenizer.json` with truncation and padding switched off.
pub fn load_tokenizer(path: &std::path::Path) -> Result<Tokenizer> {
    let mut tok = Tokenizer::from_file(path)
        .map_err(|e| anyhow!("cannot load tokenizer {}: {e}", path.display()))?;
    tok.with_truncation(None)
        .map_err(|e| anyhow!("cannot disable truncation: {e}"))?;
    tok.with_padding(None);
    Ok(tok)
}

/// Split `text` into segments of at most `max_bytes` bytes, cutting after whitespace when
/// possible (otherwise at a char boundary). Returns byte ranges covering the whole text.
pub fn segments(text: &str, max_bytes: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        if text.len() - start <= max_bytes {
            out.push((start, text.len()));
            break;
        }
        let mut limit = start + max_bytes;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let slice = &text[start..limit];
        let cut = slice
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map(|(i, c)| start + i + c.len_utf8())
            .filter(|&i| i > start + max_bytes / 2)
            .unwrap_or(limit);
        let cut = if cut == start {
            // a single char longer than max_bytes cannot happen (max 4 bytes), but be safe
            start + text[start..].chars().next().map_or(1, |c| c.len_utf8())
        } else {
            cut
        };
        out.push((start, cut));
        start = cut;
    }
    out
}

/// Tokenize a whole text of any length into subword tokens with byte offsets.
pub fn tokenize(tokenizer: &Tokenizer, text: &str) -> Result<Vec<Tok>> {
    let mut toks: Vec<Tok> = Vec::new();
    let mut word_base: u32 = 0;
    for (s, e) in segments(text, SEGMENT_BYTES) {
        let enc = tokenizer
            .encode(&text[s..e], false)
            .map_err(|err| anyhow!("tokenizer failed: {err}"))?;
        let ids = enc.get_ids();
        let offsets = enc.get_offsets();
        let words = enc.get_word_ids();
        let seg_start = toks.len();
        let mut max_word = 0u32;
        for i in 0..ids.len() {
            let w = words[i].unwrap_or(0);
            max_word = max_word.max(w);
            let (a, b) = offsets[i];
            toks.push(Tok {
                id: ids[i],
                start: s + a,
                end: s + b,
                word: word_base + w,
                casing: 0,
                first: false,
            });
        }
        // word extents -> casing class; first-subword flags
        let seg = &mut toks[seg_start..];
        let mut i = 0;
        while i < seg.len() {
            let mut j = i + 1;
            while j < seg.len() && seg[j].word == seg[i].word {
                j += 1;
            }
            let ws = seg[i..j].iter().map(|t| t.start).min().unwrap_or(0);
            let we = seg[i..j].iter().map(|t| t.end).max().unwrap_or(ws);
            let c = casing_class(text.get(ws..we).unwrap_or("")) as u8;
            for t in &mut seg[i..j] {
                t.casing = c;
            }
            seg[i].first = true;
            i = j;
        }
        if !ids.is_empty() {
            word_base += max_word + 1;
        }
    }
    Ok(toks)
}

/// A window over a text's tokens: the model sees `start..end`; it is responsible for the
/// predictions of `core_start..core_end` (the cores of consecutive windows tile the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    pub core_start: usize,
    pub core_end: usize,
}

/// Windows of at most `max_tokens` tokens over `n` tokens, consecutive windows overlapping by
/// `overlap` tokens (each core keeps about `overlap / 2` tokens of context on each side).
pub fn windows(n: usize, max_tokens: usize, overlap: usize) -> Vec<Window> {
    assert!(
        max_tokens > overlap,
        "window must be longer than the overlap"
    );
    let stride = max_tokens - overlap;
    let h = overlap / 2;
    let mut out = Vec::new();
    let mut s = 0;
    while s < n {
        let end = (s + max_tokens).min(n);
        let last = end == n;
        out.push(Window {
            start: s,
            end,
            core_start: if s == 0 { 0 } else { s + h },
            core_end: if last { n } else { s + stride + h },
        });
        if last {
            break;
        }
        s += stride;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_tile() {
        for n in [0usize, 1, 5, 126, 127, 300, 1000] {
            let ws = windows(n, 126, 32);
            let mut pos = 0;
            for w in &ws {
                assert!(w.end - w.start <= 126);
                assert!(w.start <= w.core_start && w.core_end <= w.end);
                assert_eq!(w.core_start, pos);
                pos = w.core_end;
            }
            assert_eq!(pos, n);
        }
    }

    #[test]
    fn segments_cover() {
        let text = "ab cd\u{201c}é😀 ".repeat(500);
        let segs = segments(&text, 100);
        assert_eq!(segs.first().unwrap().0, 0);
        assert_eq!(segs.last().unwrap().1, text.len());
        for w in segs.windows(2) {
            assert_eq!(w[0].1, w[1].0);
        }
        for (s, e) in segs {
            assert!(e - s <= 100 && text.is_char_boundary(s) && text.is_char_boundary(e));
        }
        let long = "x".repeat(1000);
        assert_eq!(segments(&long, 100).len(), 10);
    }
}
