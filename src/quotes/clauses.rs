//! Bounds of a reported clause around a cue: what may sit between a cue and its content
//! (`in a statement on Tuesday`), where a clause before a cue starts and where one after it ends.

use super::*;

impl Extractor<'_> {
    /// Skip tokens that may sit between a cue and its content: `in a statement on Tuesday`,
    /// `told reporters`. Returns the index of the first content token or the token `that`.
    pub(super) fn skip_to_content(&self, si: usize, mut j: usize, class: CueClass) -> usize {
        let n = self.sents[si].toks.len();
        if j < n && matches!(self.lower(si, j), "out" | "up") {
            j += 1; // pointed out, summed up
        }
        // `called for a ban`, `asking for help`: what is called for is the content
        let cue = if j > 0 { self.lower(si, j - 1) } else { "" };
        // `referring to his daughter`, `pointed to the polls`: what is referred to
        if j + 1 < n
            && self.lower(si, j) == "to"
            && (cue.starts_with("refer") || cue.starts_with("point"))
            && self.tok(si, j + 1).is_word
        {
            return j + 1;
        }
        if j + 1 < n
            && self.lower(si, j) == "for"
            && (cue.starts_with("call") || cue.starts_with("ask"))
            && self.tok(si, j + 1).is_word
        {
            return j + 1;
        }
        // look ahead for `that` within a short PP / object run (`said in a statement that`)
        let pp_run = j < n
            && self.tok(si, j).is_word
            && (is_pp_start(self.lower(si, j))
                || lexicon::is_time_word(self.lower(si, j))
                || class == CueClass::Tell
                || self.tok(si, j).cap);
        let mut k = if pp_run { j } else { n };
        let mut steps = 0;
        while k < n && steps < 12 && self.sents[si].region[k].is_none() {
            let l = self.lower(si, k);
            if l == "that" && k > j {
                return k;
            }
            if self.is_punct(si, k, ".;:!?") {
                break;
            }
            // `found Zimmerman, who alleged that ...`: a `that` after another cue is that cue's
            // (an infinitive, `continued to assert that`, is the first cue's own complement)
            if k > j
                && !self.tok(si, k).cap
                && self.lower(si, k - 1) != "to"
                && cue_class(l).is_some_and(|c| c != CueClass::Belief)
                && self.verb_position(si, k)
            {
                break;
            }
            k += 1;
            steps += 1;
        }
        if class == CueClass::Tell
            && j < n
            && self.tok(si, j).is_word
            && !is_pp_start(self.lower(si, j))
            && !matches!(self.lower(si, j), "that" | "if" | "whether")
        {
            // addressee object: `told reporters`, `told NBC News`, `warned him`; it ends before
            // a subject pronoun (`told aides he sees ...`)
            if let Some((_, e)) = self.np_right(si, j) {
                let subject = (j + 1..e)
                    .find(|&x| matches!(self.lower(si, x), "he" | "she" | "they" | "i" | "we"));
                j = subject.unwrap_or(e).min(j + 4);
            }
        }
        if j < n && self.is_punct(si, j, ",") && j + 1 < n && self.lower(si, j + 1) == "that" {
            return j + 1;
        }
        // `said, however, that ...`: a parenthetical adverb before the content
        if j + 3 < n
            && self.is_punct(si, j, ",")
            && matches!(
                self.lower(si, j + 1),
                "however" | "though" | "too" | "also" | "instead" | "nonetheless" | "nevertheless"
            )
            && self.is_punct(si, j + 2, ",")
        {
            return j + 3;
        }
        j
    }

    /// Where a reported clause that ends at token `end` begins: the sentence start, or just after
    /// the last `;` / `:` before it.
    pub(super) fn clause_start(&self, si: usize, end: usize) -> usize {
        let mut s = 0;
        for k in 0..end {
            if self.sents[si].region[k].is_none() && self.is_punct(si, k, ";") {
                s = k + 1;
            }
        }
        // a run-in label: `Campaign funding: The Sanders campaign wants ...`
        if s == 0 {
            let c = (1..end.min(5)).find(|&c| self.is_punct(si, c, ":"));
            if let Some(c) = c {
                let label = (0..c)
                    .all(|x| self.tok(si, x).is_word && self.sents[si].region[x].is_none())
                    && self.tok(si, 0).cap
                    && (1..c).any(|x| !self.tok(si, x).cap);
                if label && c + 1 < end && self.tok(si, c + 1).cap && self.tok(si, c + 1).is_word {
                    s = c + 1;
                }
            }
        }
        // skip leading conjunction-like words: "But", "And"
        while s < end
            && self.tok(si, s).is_word
            && matches!(self.lower(si, s), "but" | "and" | "so")
        {
            s += 1;
        }
        s
    }

    /// Where a reported clause starting at `start` ends (exclusive token index): the sentence end
    /// less its final punctuation, or a `;`, or `, though/but/adding ...`, outside quotation marks.
    pub(super) fn clause_end(&self, si: usize, start: usize) -> usize {
        let n = self.sents[si].toks.len();
        for k in start..n {
            if self.sents[si].region[k].is_none() {
                if let Some(e) = self.clause_ends_at(si, start, k) {
                    return e;
                }
            }
        }
        // drop trailing punctuation outside quotes
        let mut e = n;
        while e > start
            && self.sents[si].region[e - 1].is_none()
            && !self.tok(si, e - 1).is_word
            && !self.is_quote_mark(si, e - 1)
        {
            e -= 1;
        }
        e
    }

    /// Does a reported clause starting at `start` end at token `k` (outside quotes)? A
    /// semicolon, a comma before a clause break or a participle clause, a dash, a coordinated
    /// second attribution, the main verb after a relative clause, or a new attribution after a
    /// comma. The clause's end (exclusive).
    fn clause_ends_at(&self, si: usize, start: usize, k: usize) -> Option<usize> {
        if self.is_punct(si, k, ";")
            || self.comma_before_clause(si, k)
            || self.dash_break(si, start, k)
        {
            return Some(k);
        }
        if let Some(e) = self.coordinated_attribution(si, start, k) {
            return Some(e);
        }
        (self.relative_main_verb(si, start, k) || self.attribution_after_comma(si, k)).then_some(k)
    }

    /// A comma at `k` before a clause break or a participle clause.
    fn comma_before_clause(&self, si: usize, k: usize) -> bool {
        let n = self.sents[si].toks.len();
        self.is_punct(si, k, ",")
            && k + 1 < n
            && self.tok(si, k + 1).is_word
            && (is_clause_break(self.lower(si, k + 1))
                || (self.lower(si, k + 1).ends_with("ing")
                    && (cue_class(self.lower(si, k + 1)).is_some()
                        || participle_clause(&self.tok(si, k + 1).clone()))))
    }

    /// `... election - but he still denied ...` and any dash set off by spaces: `... mourning
    /// loved ones - two sisters and a brother ...` (an aside, not the reported words).
    fn dash_break(&self, si: usize, start: usize, k: usize) -> bool {
        let n = self.sents[si].toks.len();
        let sp = self.tok(si, k).span;
        let spaced = sp.start > 0
            && self.text[..sp.start].ends_with(char::is_whitespace)
            && self.text[sp.end..].starts_with(char::is_whitespace);
        self.is_punct(si, k, "-—–")
            && k + 1 < n
            && k > start
            && (spaced
                || (self.tok(si, k + 1).is_word
                    && (is_clause_break(self.lower(si, k + 1))
                        || matches!(self.lower(si, k + 1), "and" | "or"))))
    }

    /// `... and she accused Trump of ...`, `... but noted that ...`: a second attribution
    /// coordinated at `k` with the first reports a content of its own. The clause's end
    /// before the conjunction (and its commas).
    fn coordinated_attribution(&self, si: usize, start: usize, k: usize) -> Option<usize> {
        let n = self.sents[si].toks.len();
        if !(self.tok(si, k).is_word && k > start && matches!(self.lower(si, k), "and" | "but")) {
            return None;
        }
        let mut j = k + 1;
        while j < n
            && j <= k + 2
            && self.sents[si].region[j].is_none()
            && self.tok(si, j).is_word
            && (is_pronoun(self.lower(si, j)) || self.is_adv(si, j))
        {
            j += 1;
        }
        if j < n
            && self.sents[si].region[j].is_none()
            && self.tok(si, j).is_word
            && !self.tok(si, j).cap
            && cue_class(self.lower(si, j)).is_some_and(|c| c != CueClass::Belief)
            && !self.lower(si, j).ends_with("ing")
            && self.verb_position(si, j)
        {
            let mut e = k;
            while e > start && self.is_punct(si, e - 1, ",") {
                e -= 1;
            }
            return Some(e);
        }
        None
    }

    /// `Roe, who said she votes, told ...`: the main clause's verb after the comma at `k` ends
    /// the relative clause's content.
    fn relative_main_verb(&self, si: usize, start: usize, k: usize) -> bool {
        let n = self.sents[si].toks.len();
        self.is_punct(si, k, ",")
            && k + 1 < n
            && self.sents[si].region[k + 1].is_none()
            && {
                let t = self.tok(si, k + 1);
                t.is_word
                    && !t.cap
                    && !t.lower.ends_with("ing")
                    && cue_class(&t.lower).is_some_and(|c| c != CueClass::Belief)
                    && (t.lower.ends_with("ed")
                        || matches!(t.lower.as_str(), "said" | "told" | "wrote"))
            }
            && (0..start).any(|x| self.lower(si, x) == "who")
    }

    /// `, he said` / `, X told ...` after the comma at `k`: a new attribution inside the
    /// clause (not `, she would ask ...`: an attribution has no modal between its subject and
    /// its cue).
    fn attribution_after_comma(&self, si: usize, k: usize) -> bool {
        let n = self.sents[si].toks.len();
        if !(self.is_punct(si, k, ",") && k + 2 < n) {
            return false;
        }
        let Some((_, e)) = self.np_right(si, k + 1) else {
            return false;
        };
        let modal = (k + 1..e).any(|x| {
            matches!(
                self.lower(si, x),
                "would" | "will" | "could" | "should" | "might" | "may" | "can" | "must"
            )
        });
        e < n
            && e - (k + 1) <= 4
            && !modal
            && cue_class(self.lower(si, e)).is_some_and(|c| c != CueClass::Belief)
            && self.sents[si].region[e].is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn participle_clause_ends_the_reported_clause() {
        let q =
            run("Packer said the focus on Trump is taking a toll, pointing to Cruz's victories.");
        assert_eq!(q[0].text, vec!["the focus on Trump is taking a toll"]);
        let q = run("Officials said five people died, including two children.");
        assert_eq!(q[0].text, vec!["five people died, including two children"]);
    }

    #[test]
    fn content_boundaries_after_call_for_and_warn_that() {
        let q = run("The senator called for a ban on assault weapons.");
        assert_eq!(q[0].text, vec!["a ban on assault weapons"]);
        let q = run("Ramos warned that “nobody can stop this movement.”");
        assert_eq!(q[0].kind, "mixed");
        assert_eq!(q[0].text, vec!["that “nobody can stop this movement.”"]);
        let q = run("He warned him that the deal was off.");
        assert_eq!(q[0].text, vec!["that the deal was off"]);
    }

    #[test]
    fn referring_to_and_pointing_to_skip_the_preposition() {
        let q = run("Trump mentioned his ties to the faith, referring to his daughter Ivanka.");
        let r = q
            .iter()
            .find(|q| q.cue == Some("referring"))
            .expect("referring");
        assert_eq!(r.text, vec!["his daughter Ivanka"]);
        assert_eq!(r.speaker, Some("Trump"));
        let q = run("Mook pointed to the polls in Ohio.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].text, vec!["the polls in Ohio"]);
        assert_eq!(q[0].speaker, Some("Mook"));
    }

    #[test]
    fn time_phrase_between_subject_and_cue() {
        let q = run("RNC spokesman Sean Spicer on Thursday evening said the party was united.");
        assert_eq!(q[0].speaker, Some("RNC spokesman Sean Spicer"));
        assert_eq!(q[0].text, vec!["the party was united"]);
    }
}
