//! Cue frame `according to X, ...` / `..., according to X.`

use super::*;

impl Extractor<'_> {
    /// `according to X, ...` / `..., according to X.`
    pub(super) fn according_to(&mut self, si: usize, i: usize) -> Option<usize> {
        let n = self.sents[si].toks.len();
        let (a, mut b) = self.np_right(si, i + 2)?;
        // `according to a recent report from Bloomberg`, `... an analysis by the Pew Research
        // Center`, `... audio provided by Wyoming Public Radio`: the author is the source
        if b < n && lexicon::is_document_noun(self.lower(si, b)) {
            b += 1;
        }
        let mut author = None;
        if (a..b).any(|k| lexicon::is_document_noun(self.lower(si, k))) {
            let mut k = b;
            if k < n
                && matches!(
                    self.lower(si, k),
                    "provided" | "obtained" | "published" | "conducted" | "released" | "compiled"
                )
            {
                k += 1;
            }
            if k + 1 < n && matches!(self.lower(si, k), "by" | "from" | "with") {
                author = self.np_right(si, k + 1).filter(|&(x, _)| {
                    let t = self.tok(si, x);
                    t.cap || is_determiner(&t.lower)
                });
            }
        }
        let cue = self.span_of(si, i, i + 2);
        let speaker = match author {
            Some((x, y)) => self.span_of(si, x, y),
            None => self.span_of(si, a, b),
        };
        let b = author.map_or(b, |(_, end)| end);
        // sentence-initial (after an optional conjunction)
        let initial = i == 0 || (i == 1 && self.tok(si, 0).is_word);
        if initial {
            if b < n && self.is_punct(si, b, ",") && b + 1 < n {
                let end = self.clause_end(si, b + 1);
                if end > b + 1 {
                    self.push(si, b + 1, end, Some(cue), Some(speaker), 0.8);
                    return Some(end);
                }
            }
            return None;
        }
        // `..., according to X` -- also `... ''the high-water mark,'' according to X`, the
        // comma inside the closing quotation mark
        let comma_in_quote = i >= 2
            && self.is_quote_mark(si, i - 1)
            && self.sents[si].region[i - 1]
                .is_some_and(|r| self.regions[r].inner.text(self.text).ends_with(','));
        if i >= 2 && (self.is_punct(si, i - 1, ",") || comma_in_quote) {
            let end = if comma_in_quote { i } else { i - 1 };
            let start = self.clause_start(si, i - 1);
            if start < i - 1 {
                // quotation marks inside the clause are part of this (mixed) content
                for k in start..end {
                    if let Some(r) = self.sents[si].region[k] {
                        self.used[r] = true;
                    }
                }
                self.push(si, start, end, Some(cue), Some(speaker), 0.8);
                return Some(b);
            }
        }
        None
    }
}
