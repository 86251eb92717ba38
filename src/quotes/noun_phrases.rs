//! Speaker noun phrases: the mention left of a cue (`the former senator said`), right of
//! it (`said Jane Roe, a spokeswoman`), with titles, parentheticals (`(D-N.Y.)`) and relative
//! clauses (`an official who spoke ...`).

use super::*;

impl Extractor<'_> {
    /// The speaker noun phrase ending just before token `end` (exclusive), skipping auxiliaries
    /// and adverbs (`has also said`). Returns token indices `[start, end)`.
    pub(super) fn np_left(&self, si: usize, end: usize) -> Option<(usize, usize)> {
        let e = self.np_end_before(si, end);
        if e == 0 {
            return None;
        }
        // apposition: `Kushner, now a presidential adviser, said`
        if self.is_punct(si, e - 1, ",") && e >= 3 {
            return self.np_before_apposition(si, e);
        }
        self.np_left_plain(si, e)
    }

    /// Where a speaker NP before token `end` ends: past auxiliaries and adverbs, `in fact`,
    /// time phrases (`Putin on Friday essentially said`, `Fiorina a month later announced`,
    /// `A news report published Wednesday said`) and a parenthetical (`Roe (D-N.Y.) said`).
    fn np_end_before(&self, si: usize, end: usize) -> usize {
        let mut e = end;
        loop {
            while e > 0 && self.is_adv(si, e - 1) {
                e -= 1;
            }
            // `a trio of PACs have in fact reported`, `she has of course said`
            if e >= 3
                && matches!(
                    (self.lower(si, e - 2), self.lower(si, e - 1)),
                    ("in", "fact") | ("of", "course")
                )
            {
                e -= 2;
                continue;
            }
            if let Some(x) = self
                .before_time_phrase(si, e)
                .or_else(|| self.before_time_measure(si, e, end))
                .or_else(|| self.before_time_word(si, e))
                // a parenthetical after a name: `Sen. Jane Roe (D-N.Y.) said`
                .or_else(|| self.paren_before(si, e))
            {
                e = x;
                continue;
            }
            return e;
        }
    }

    /// `Putin on Friday essentially said`, `Spicer on Thursday evening said`, `Trump at the
    /// time said`, `allies have in the past said`: a time phrase of up to three words after its
    /// preposition, ending before token `e`. Where it starts.
    fn before_time_phrase(&self, si: usize, e: usize) -> Option<usize> {
        let opener = |l: &str| {
            matches!(
                l,
                "on" | "in" | "at" | "last" | "this" | "early" | "late" | "for" | "over"
            )
        };
        if !(e >= 2 && lexicon::is_time_phrase_end(self.lower(si, e - 1))) {
            return None;
        }
        let mut k = e - 1;
        while k > 0 && e - k <= 3 && !opener(self.lower(si, k - 1)) {
            let t = self.tok(si, k - 1);
            let inner = t.is_word
                && (lexicon::is_time_phrase_end(&t.lower)
                    || t.cap
                    // `the report for the first time cited`
                    || matches!(
                        t.lower.as_str(),
                        "the" | "a" | "few" | "several" | "first" | "second" | "last"
                            | "final" | "next"
                    )
                    || t.lower.chars().all(|c| c.is_ascii_digit()));
            if !inner {
                break;
            }
            k -= 1;
        }
        (k > 0 && opener(self.lower(si, k - 1))).then(|| k - 1)
    }

    /// `Fiorina a month later announced`, `two years earlier`: a time measure without a
    /// preposition whose adverb is token `e` (already skipped, `e < end`). Where it starts.
    fn before_time_measure(&self, si: usize, e: usize, end: usize) -> Option<usize> {
        if !(e >= 3 && e < end && matches!(self.lower(si, e), "later" | "earlier" | "ago")) {
            return None;
        }
        let mut k = e;
        while k > 0
            && e - k < 3
            && (lexicon::is_time_phrase_end(self.lower(si, k - 1))
                || matches!(self.lower(si, k - 1), "few" | "several"))
            && !self.tok(si, k - 1).cap
        {
            k -= 1;
        }
        (k < e
            && k >= 2
            && matches!(self.lower(si, k - 1), "a" | "an" | "one" | "two" | "three")
            && self.tok(si, k - 2).is_word)
            .then(|| k - 1)
    }

    /// A capitalised time word before token `e` (`Roe Wednesday said`), with the participle
    /// before it that describes the NP's noun (`A news report published Wednesday said`).
    /// Where the NP then ends.
    fn before_time_word(&self, si: usize, e: usize) -> Option<usize> {
        if !(e >= 1 && lexicon::is_time_word(self.lower(si, e - 1)) && self.tok(si, e - 1).cap) {
            return None;
        }
        let mut e = e - 1;
        // `A news report published Wednesday said`: the noun's participle before the
        // time word belongs to the NP's description, not its head
        if e >= 3 {
            let (v, n) = (self.tok(si, e - 1), self.tok(si, e - 2));
            if v.is_word
                && !v.cap
                && v.lower.ends_with("ed")
                && n.is_word
                && !n.cap
                && !is_np_stop(&n.lower)
                && !is_pronoun(&n.lower)
                && !n.lower.ends_with("ed")
            {
                e -= 1;
            }
        }
        Some(e)
    }

    /// The speaker NP before an apposition that ends with the comma at `e - 1` (`Kushner, now
    /// a presidential adviser, said`): the clause's capitalised subject, the name before the
    /// apposition's first comma, or a description with the name in apposition (`the
    /// assailant, John Doe, said`).
    fn np_before_apposition(&self, si: usize, e: usize) -> Option<(usize, usize)> {
        // `Mr. Slinker, whose start-up, Paradata, uses data, said`: the clause's subject
        let cs = self
            .sentence_subject(si, e - 1)
            .and_then(|sp| (0..e - 1).find(|&k| self.tok(si, k).span.start == sp.start))
            .unwrap_or(e - 1);
        if cs < e - 1
            && self.tok(si, cs).is_word
            && self.tok(si, cs).cap
            && !is_pp_start(self.lower(si, cs))
        {
            let mut k = cs;
            while k < e - 1
                && (self.tok(si, k).is_word || self.is_punct(si, k, "."))
                && self.sents[si].region[k].is_none()
            {
                k += 1;
            }
            if k < e - 1 && k > cs && self.is_punct(si, k, ",") && k - cs <= MAX_NP {
                return Some((cs, k));
            }
        }
        let mut c = e - 1;
        let lim = e.saturating_sub(14);
        while c > lim && !self.is_punct(si, c - 1, ",") {
            let abbrev_dot = self.is_punct(si, c - 1, ".")
                && c >= 2
                && self.tok(si, c - 2).is_word
                && self.tok(si, c - 2).span.len() <= 5;
            if self.sents[si].region[c - 1].is_some()
                || (self.is_punct(si, c - 1, ".;:") && !abbrev_dot)
            {
                return None;
            }
            c -= 1;
        }
        if c > lim && c >= 2 {
            // NP before the first comma, must be capitalised (a name)
            let (s, e2) = self.np_left_plain(si, c - 1)?;
            if self.tok(si, e2 - 1).cap {
                return Some((s, e2));
            }
            // a description with the name in apposition: `the assailant, John Doe, said`
            let name = (c..e - 1).all(|k| {
                let t = self.tok(si, k);
                (t.is_word && t.cap && !is_pronoun(&t.lower)) || self.title_dot(si, k, e - 1)
            });
            if name && e - 1 > c && e - 1 - c <= 4 {
                return Some((s, e - 1));
            }
        }
        None
    }

    /// A lower-case -ed word that reads as a finite verb (`the family deserved`), not as an
    /// adjective after a determiner (`a retired teacher`, `one unaligned strategist`).
    pub(super) fn finite_ed(&self, si: usize, k: usize) -> bool {
        let t = self.tok(si, k);
        t.is_word
            && !t.cap
            && t.lower.ends_with("ed")
            && !(k > 0 && is_determiner(self.lower(si, k - 1)))
    }

    /// `(D-N.Y.)` ending just before token `e`, right after a capitalised word: the index of
    /// its `(`.
    fn paren_before(&self, si: usize, e: usize) -> Option<usize> {
        if e < 3 || !self.is_punct(si, e - 1, ")") {
            return None;
        }
        let open = (e.saturating_sub(10)..e - 1)
            .rev()
            .find(|&k| self.is_punct(si, k, "(") || self.is_punct(si, k, ")"))?;
        let ok = self.is_punct(si, open, "(")
            && open > 0
            && self.tok(si, open - 1).is_word
            && self.tok(si, open - 1).cap
            && (open..e).all(|k| self.sents[si].region[k].is_none());
        ok.then_some(open)
    }

    /// `(D-N.Y.)` starting at token `k`, right after a capitalised word: the index after its `)`.
    pub(super) fn paren_after(&self, si: usize, k: usize) -> Option<usize> {
        let n = self.sents[si].toks.len();
        if k == 0 || k >= n || !self.is_punct(si, k, "(") || !self.tok(si, k - 1).cap {
            return None;
        }
        let close = (k + 1..n.min(k + 10)).find(|&x| self.is_punct(si, x, "()"))?;
        let ok = self.is_punct(si, close, ")")
            && (k..=close).all(|x| self.sents[si].region[x].is_none());
        ok.then_some(close + 1)
    }

    pub(super) fn np_left_plain(&self, si: usize, e: usize) -> Option<(usize, usize)> {
        if e == 0 || !self.tok(si, e - 1).is_word || self.sents[si].region[e - 1].is_some() {
            return None;
        }
        let head = self.lower(si, e - 1);
        if is_pronoun(head) {
            // relative `that` only after a noun (`a message that said`), not after a comma or
            // a verb (`said on Monday, that states can ...`: a complementizer)
            if head == "that"
                && (e < 2
                    || !self.tok(si, e - 2).is_word
                    || cue_class(self.lower(si, e - 2)).is_some())
            {
                return None;
            }
            return Some((e - 1, e));
        }
        if is_np_stop(head) || is_determiner(head) {
            return None;
        }
        let mut s = e - 1;
        while s > 0 && e - s < MAX_NP {
            let t = self.tok(si, s - 1);
            if self.sents[si].region[s - 1].is_some() {
                break;
            }
            if !t.is_word {
                // keep the dot of `Sen.` / `Gov.` inside a name
                let prev = self.tok(si, s.saturating_sub(2));
                let dot = t.text(self.text) == "."
                    && s >= 2
                    && (lexicon::is_title(&prev.lower)
                        || (prev.cap && prev.span.len() == 1)
                        // `"...," Donald Trump Jr. said`: a generational suffix
                        || matches!(prev.lower.as_str(), "jr" | "sr"));
                if dot {
                    s -= 1;
                    continue;
                }
                break;
            }
            if is_determiner(&t.lower) {
                s -= 1;
                break;
            }
            // a capitalised stop or cue word inside a name is part of it (`State spokesman
            // Mark Toner`, `CBS This Morning co-anchor`), not at the sentence start
            let in_name = t.cap && s >= 2 && self.tok(si, s - 2).is_word && !is_pronoun(&t.lower);
            if is_pronoun(&t.lower)
                || (!in_name && (is_np_stop(&t.lower) || cue_class(&t.lower).is_some()))
            {
                // `of` / `for` inside names and descriptions: `head of the bank`
                break;
            }
            s -= 1;
        }
        if self.tok(si, s).text(self.text) == "." {
            s += 1;
        }
        Some((s, e))
    }

    /// Noun phrase starting at token `start` and running right (for `said X` and `according to
    /// X`). Stops at punctuation other than the dot of a title, or at a clause word.
    pub(super) fn np_right(&self, si: usize, start: usize) -> Option<(usize, usize)> {
        let n = self.sents[si].toks.len();
        let mut e = start;
        while e < n && e - start < MAX_NP + 4 {
            let t = self.tok(si, e);
            if self.sents[si].region[e].is_some() {
                break;
            }
            if !t.is_word {
                let prev = self.tok(si, e.saturating_sub(1));
                let dot = t.text(self.text) == "."
                    && e > start
                    && (lexicon::is_title(&prev.lower)
                        || (prev.cap && prev.span.len() == 1)
                        || matches!(prev.lower.as_str(), "jr" | "sr"))
                    && e + 1 < n;
                if dot {
                    e += 1;
                    continue;
                }
                break;
            }
            // `Jane Roe and John Doe`: a coordination of names
            let names_and = t.lower == "and"
                && e > start
                && self.tok(si, e - 1).cap
                && e + 1 < n
                && self.tok(si, e + 1).is_word
                && self.tok(si, e + 1).cap
                && !is_pronoun(self.lower(si, e + 1));
            if e > start
                && !names_and
                && (t.lower == "that"
                    || t.lower == "who"
                    || t.lower == "which"
                    || ((is_np_stop(&t.lower) || cue_class(&t.lower).is_some())
                        && !(t.cap && !is_pronoun(&t.lower) && self.tok(si, e - 1).cap)))
            {
                break;
            }
            e += 1;
        }
        (e > start).then_some((start, e))
    }

    /// `economists who favor consumption taxes agree`, `an official who spoke on condition of
    /// anonymity said`: the cue at `i` follows a relative clause, so its subject is the noun
    /// phrase the relative pronoun refers to. Token indices of that noun phrase.
    pub(super) fn relative_antecedent(&self, si: usize, i: usize) -> Option<(usize, usize)> {
        // an infinitive (`guidelines that allow companies to tell`) is not the clause's verb
        if i == 0 || self.lower(si, i - 1) == "to" {
            return None;
        }
        let lim = i.saturating_sub(12);
        let mut k = i;
        while k > lim {
            k -= 1;
            let t = self.tok(si, k);
            if !t.is_word || self.sents[si].region[k].is_some() {
                return None;
            }
            let rel = match t.lower.as_str() {
                "who" => true,
                // `organizations that have endorsed him say`: after a plural noun only (not
                // `said that`, `is clear that`)
                "that" => {
                    k >= 1 && {
                        let p = self.tok(si, k - 1);
                        p.is_word
                            && !p.cap
                            && lexicon::looks_plural(&p.lower)
                            && !is_aux_or_adverb(&p.lower)
                            && cue_class(&p.lower).is_none()
                    }
                }
                _ => false,
            };
            if !rel {
                continue;
            }
            // a verb phrase of its own between the pronoun and the cue, starting with a
            // lower-case verb-like word (`who favor ...`), not a subject (`voters who he said`)
            if k + 1 >= i {
                return None;
            }
            // `The hacker who first revealed ...`: only adverbs between the pronoun and the
            // cue make the cue the relative clause's own verb (the pronoun is its source)
            let adverbs_only = (k + 1..i).all(|x| {
                let l = self.lower(si, x);
                self.is_adv(si, x)
                    || (l.len() > 4 && l.ends_with("ly"))
                    || matches!(l, "first" | "last" | "never" | "often" | "publicly")
            });
            if adverbs_only {
                return None;
            }
            let next = self.tok(si, k + 1);
            if !next.is_word
                || next.cap
                || is_pronoun(&next.lower)
                || is_determiner(&next.lower)
                || (k >= 1 && !self.tok(si, k - 1).is_word)
                || k == 0
                || cue_class(self.lower(si, k - 1)).is_some()
            {
                return None;
            }
            return self.np_left_plain(si, k);
        }
        None
    }

    /// The `who` of a `, who ...` relative clause that is still open at token `i` (at most 25
    /// tokens back): no comma before `i` is followed by a lower-case finite verb (the main
    /// clause going on: `Barkley, who said ..., said`) and no `;` or quotation intervenes.
    pub(super) fn open_who_clause(&self, si: usize, i: usize) -> Option<usize> {
        let lim = i.saturating_sub(25);
        let mut k = i;
        while k > lim {
            k -= 1;
            if self.sents[si].region[k].is_some() || self.is_punct(si, k, ";") {
                return None;
            }
            if self.is_punct(si, k, ",") && k < i {
                // the main clause going on after the relative clause: a finite verb or an
                // auxiliary (`, said`, `, has said`, `, is calling`), or the participle cue
                // itself (`FIFA, who is under investigation, saying ...`)
                // (past adverbs: `, also noted`)
                let mut f = k + 1;
                while f < i
                    && self.is_adv(si, f)
                    && !matches!(self.lower(si, f), "has" | "have" | "had" | "is" | "was")
                {
                    f += 1;
                }
                let t = self.tok(si, f);
                let finite = t.is_word
                    && !t.cap
                    && (t.lower.ends_with("ed")
                        || (t.lower.ends_with('s') && !t.lower.ends_with("ss"))
                        || matches!(
                            t.lower.as_str(),
                            "said"
                                | "told"
                                | "wrote"
                                | "has"
                                | "have"
                                | "had"
                                | "is"
                                | "are"
                                | "was"
                                | "were"
                                | "did"
                                | "does"
                                | "will"
                                | "would"
                        )
                        || (f == i && t.lower.ends_with("ing")))
                    && !is_pp_start(&t.lower);
                if finite {
                    return None;
                }
            }
            if self.lower(si, k) == "who" {
                return (k > 0 && self.is_punct(si, k - 1, ",")).then_some(k);
            }
        }
        None
    }

    /// The dot of `Mr.` / `Sen.` inside a name, before token `limit`.
    pub(super) fn title_dot(&self, si: usize, e: usize, limit: usize) -> bool {
        e > 0
            && e + 1 < limit
            && self.is_punct(si, e, ".")
            && lexicon::is_title(self.lower(si, e - 1))
            && self.tok(si, e + 1).cap
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn speaker_noun_phrases_with_inner_capitalised_words_appositions_and_parentheticals() {
        // a capitalised cue / stop word inside a name does not cut it
        let q = run("“We take it seriously,” State spokesman Mark Doe said Friday.");
        assert_eq!(q[0].speaker, Some("State spokesman Mark Doe"));
        // a description with the name in apposition
        let q = run("“He deserved it,” the assailant, John Doe, told a local station.");
        assert_eq!(q[0].speaker, Some("the assailant, John Doe"));
        // a party label in parentheses between name and verb
        let q =
            run("“They have nothing to worry about,” Sen. Jane Roe (D-N.Y.) said in a statement.");
        assert_eq!(q[0].speaker, Some("Sen. Jane Roe"));
        // an apposition between the name and an adverb after the verb
        let q = run("“How are you today?” Miller, a retired worker from a plant, said pleasantly.");
        assert_eq!(q[0].speaker, Some("Miller"));
        // a long apposition with an age, inner commas and a coordinated description
        let q = run("“It cannot last,” Jane Roe, 58, a former clerk for the county board and longtime adviser to the local school council in Springfield, Ill., said.");
        assert_eq!(q[0].speaker, Some("Jane Roe"));
        let q = run("“We will see,” Tom Doe, the director of the water office, the largest in the state, told reporters.");
        assert_eq!(q[0].speaker, Some("Tom Doe"));
    }

    #[test]
    fn demonstrative_and_complementizer_that_are_not_speakers() {
        // `That record prompted ...`: a determiner, not a pronoun subject
        let q = run(
            "That record prompted critics to say the county “is the best bellwether there is.”",
        );
        assert!(q.iter().all(|q| q.speaker != Some("That")));
        // `said on Monday, that states can ...`: a complementizer
        let q = run("Roe said on Monday in a long town hall in a big city in Ohio, that states can pass such laws.");
        assert!(q.iter().all(|q| q.speaker != Some("that")));
        // relative `that` after a noun still reports
        let q = run("They handed out bottles that said, “Welcome to the city of lights.”");
        assert_eq!(q[0].speaker, Some("that"));
    }

    #[test]
    fn a_run_in_label_is_not_the_subject() {
        let q = run("Campaign funding: The Sanders campaign wants to address concerns after recently accusing Clinton of violating fundraising laws.");
        assert_eq!(q[0].speaker, Some("The Sanders campaign"), "{q:?}");
    }
}
