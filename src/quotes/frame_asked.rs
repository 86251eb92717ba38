//! A fronted `Asked whether ...,` (`Asked about Cruz's charges, Rubio said ...`): PolNeAR
//! marks the question as a content of its own, its asker unnamed unless `Asked by X`.
//! (`... in a new Fox News poll` was tried too: on train only a third of `in ... poll`
//! phrases are annotated as a source, too few to keep precision.)

use super::*;

impl Extractor<'_> {
    /// `Asked whether he would ..., Johnson demurred.` at the sentence's first token: the
    /// question up to the first comma, speaker the `by` agent (`Asked by Starnes if ...`) or
    /// none. The token to go on from: the main clause after the comma.
    pub(super) fn fronted_asked(&mut self, si: usize, i: usize) -> Option<usize> {
        let n = self.sents[si].toks.len();
        if i != 0 || self.lower(si, i) != "asked" || n < 5 {
            return None;
        }
        let mut j = 1;
        let mut speaker = None;
        if self.lower(si, j) == "by" {
            let (a, b) = self.np_right(si, j + 1)?;
            speaker = Some(self.span_of(si, a, b));
            j = b;
        }
        while j + 1 < n && self.is_adv(si, j) {
            j += 1;
        }
        if !(j < n
            && matches!(
                self.lower(si, j),
                "whether" | "if" | "about" | "what" | "which" | "how" | "why" | "when" | "who"
            ))
        {
            return None;
        }
        let k = (j + 1..n)
            .find(|&k| self.sents[si].region[k].is_none() && self.is_punct(si, k, ","))?;
        if k + 1 >= n || k < j + 2 {
            return None;
        }
        let cue = self.span_of(si, i, i + 1);
        self.push(si, j, k, Some(cue), speaker, 0.5);
        Some(k + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn a_fronted_asked_question_is_a_content_of_its_own() {
        let q = run("Asked about Cruz's charges, Rubio said that the bill was dead.");
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].text, vec!["about Cruz's charges"]);
        assert_eq!((q[0].cue, q[0].speaker), (Some("Asked"), None));
        assert_eq!(q[1].text, vec!["that the bill was dead"]);
        assert_eq!(q[1].speaker, Some("Rubio"));
        let q = run("Asked by Starnes if he believed the claim, Carson said that he did not.");
        assert_eq!(q[0].text, vec!["if he believed the claim"]);
        assert_eq!(q[0].speaker, Some("Starnes"));
    }
}
