//! Split and multi-paragraph quotes: an attribution set off by commas inside a quote
//! (`Cost estimates, he added, were "..."`) and the fragments of a quote running over several
//! paragraphs (each opening with a quotation mark, only the last closed).

use super::*;

impl Extractor<'_> {
    /// `Cost estimates, he added, were "..."`: an attribution set off by commas inside the
    /// sentence, before the quote (token `k`) -- a pronoun or a name and a reporting verb.
    /// Returns cue and speaker.
    pub(super) fn interrupting_attribution(&self, si: usize, k: usize) -> Option<(Span, Span)> {
        (1..k.saturating_sub(2)).find_map(|c| {
            if !self.is_punct(si, c, ",") || self.sents[si].region[c].is_some() {
                return None;
            }
            let close = (c + 2..k.min(c + 8)).find(|&x| !self.tok(si, x).is_word)?;
            if !self.is_punct(si, close, ",") {
                return None;
            }
            let v = close - 1;
            let verb = self.tok(si, v);
            let reporting = !verb.cap
                && cue_class(&verb.lower).is_some_and(|x| x != CueClass::Belief)
                && verb.lower.ends_with("ed")
                || matches!(
                    verb.lower.as_str(),
                    "said" | "says" | "adds" | "notes" | "told"
                );
            if !reporting {
                return None;
            }
            let (a, b) = self.np_left_plain(si, v)?;
            let head = self.tok(si, a);
            let ok = a == c + 1
                && b == v
                && (matches!(head.lower.as_str(), "he" | "she" | "they" | "i" | "we")
                    || (a..b).all(|x| self.tok(si, x).cap));
            ok.then(|| (verb.span, self.span_of(si, a, b)))
        })
    }

    /// The fragments of the multi-paragraph quote ending with region `r`.
    pub(super) fn chain_back(&mut self, r: usize) -> Vec<Span> {
        let mut k = r;
        while k > 0 && self.regions[k - 1].continues && !self.used[k - 1] {
            k -= 1;
        }
        (k..=r)
            .map(|x| {
                self.used[x] = true;
                self.regions[x].inner
            })
            .collect()
    }

    /// The fragments of the multi-paragraph quote starting with region `r`.
    pub(super) fn chain_forward(&mut self, r: usize) -> Vec<Span> {
        let mut out = vec![self.regions[r].inner];
        self.used[r] = true;
        let mut k = r;
        while self.regions[k].continues && k + 1 < self.regions.len() && !self.used[k + 1] {
            k += 1;
            self.used[k] = true;
            out.push(self.regions[k].inner);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn split_quote_is_one_quote() {
        let q = run("“The economy is strong,” he said, “and it will stay strong.”");
        assert_eq!(q.len(), 1);
        assert_eq!(
            q[0].text,
            vec!["The economy is strong,", "and it will stay strong."]
        );
        assert_eq!(q[0].speaker, Some("he"));
    }

    #[test]
    fn split_quotes_around_an_aside_and_colon_intros_after_a_coordinated_clause() {
        let q = run("\"These guys know how to use words,\" said Sherman, speaking of politicians, \"and leave themselves a little wiggle room.\"");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].text.len(), 2, "{q:?}");
        let q = run("Reid said both men are weak, but he gave the Texan a back-handed compliment: \"You never have to guess where he is.\"");
        assert_eq!(q.last().unwrap().speaker, Some("he"), "{q:?}");
    }

    #[test]
    fn multi_paragraph_quote() {
        let q = run("Smith said: “First part.\n\n“Second part.”");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, vec!["First part.", "Second part."]);
    }

    #[test]
    fn attribution_after_the_last_paragraph_of_a_long_quote() {
        let q = run("It began.\n\n“First part of it.\n\n“Second part of it,” she added.");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, vec!["First part of it.", "Second part of it,"]);
        assert_eq!(q[0].speaker, Some("she"));
    }
}
