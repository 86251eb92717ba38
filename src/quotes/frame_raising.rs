//! Raising cues without a source: `Trump's supporters seemed equally unperturbed`, `Sanders
//! appeared to dismiss the email issue`. PolNeAR marks the subject and its predicate as the
//! content (the cue between them) and no source: an impression the writer reports.

use super::*;

/// `seem` / `appear` and their forms.
fn is_raising(lower: &str) -> bool {
    matches!(
        lower,
        "seem" | "seems" | "seemed" | "appear" | "appears" | "appeared"
    )
}

impl Extractor<'_> {
    /// `NP seemed ADJ ...` / `NP appeared to VP ...` at token `i`: one quote from the subject's
    /// first token to the end of the clause, with the cue and no speaker. `appear` needs `to`
    /// (`appeared on Fox News` reports nothing). The token to go on from.
    pub(super) fn raising(&mut self, si: usize, i: usize) -> Option<usize> {
        let n = self.sents[si].toks.len();
        let w = self.lower(si, i);
        if !is_raising(w) || i == 0 || i + 2 >= n {
            return None;
        }
        let mut j = i + 1;
        while j + 1 < n && self.is_adv(si, j) && self.sents[si].region[j].is_none() {
            j += 1;
        }
        let next = self.tok(si, j);
        if !next.is_word || self.sents[si].region[j].is_some() {
            return None;
        }
        let ok = if w.starts_with("appear") {
            next.lower == "to"
        } else {
            next.lower == "to"
                || (!next.cap && !is_np_stop(&next.lower) && !is_pp_start(&next.lower))
        };
        if !ok {
            return None;
        }
        let (a, _) = self.np_left(si, i)?;
        if self.sents[si].region[a].is_some() {
            return None;
        }
        // the subject is not part of a content already taken
        let start = self.tok(si, a).span.start;
        if self
            .quotes
            .last()
            .is_some_and(|q| q.spans.iter().any(|s| s.end > start && s.start < start + 1))
        {
            return None;
        }
        let end = self.clause_end(si, j);
        if end <= j {
            return None;
        }
        let cue = self.span_of(si, i, i + 1);
        self.push(si, a, end, Some(cue), None, 0.4);
        Some(end)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn seem_and_appear_take_subject_and_predicate_without_speaker() {
        let q = run("Trump's supporters seemed equally unperturbed.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(
            q[0].text,
            vec!["Trump's supporters seemed equally unperturbed"]
        );
        assert_eq!(q[0].cue, Some("seemed"));
        assert_eq!(q[0].speaker, None);
        let q = run(
            "Sanders appeared to dismiss the email issue in October, when he told Clinton to stop.",
        );
        assert_eq!(
            q[0].text,
            vec!["Sanders appeared to dismiss the email issue in October"]
        );
        assert_eq!(q[0].speaker, None);
    }

    #[test]
    fn appear_without_to_reports_nothing() {
        let q = run("Sanders appeared on Fox News on Sunday.");
        assert!(q.is_empty(), "{q:?}");
        let q = run("The senator seems in no hurry.");
        assert!(q.is_empty(), "{q:?}");
    }
}
