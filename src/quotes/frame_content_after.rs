//! Cue frame with the content after the cue: `X said (that) ...`, `X said: "..."`,
//! `X denied interfering ...`; quote regions inside the reported clause make it `mixed`.

use super::*;

impl Extractor<'_> {
    /// `X said (that) ...`, `X said: "..."`, `X denied interfering ...`.
    pub(super) fn content_after(
        &mut self,
        si: usize,
        i: usize,
        class: CueClass,
        prev_speaker: Option<Span>,
    ) -> Option<(usize, Option<Span>)> {
        if self.is_passive(si, i) {
            return None;
        }
        let speaker = self.speaker_of_cue(si, i, class, prev_speaker)?;
        self.content_after_cue(si, i, class, speaker)
    }

    /// The speaker of the cue at `i` whose content follows it: the cue's subject, adjusted for
    /// coordinated cues, `, who` clauses, a relative clause before the cue and polls.
    /// `prev_speaker`: the speaker of the previous cue in the sentence.
    fn speaker_of_cue(
        &self,
        si: usize,
        i: usize,
        class: CueClass,
        prev_speaker: Option<Span>,
    ) -> Option<Span> {
        let mut speaker = self.cue_subject(si, i, prev_speaker);
        if speaker.is_none() && i > 0 && matches!(self.lower(si, i - 1), "and" | "but") {
            // the subject of the verb the cue is coordinated with (`the League denounced the
            // remarks and said ...`), unless that verb reports an earlier content
            speaker = self
                .nearest_clause_subject(si, i - 1)
                .or(prev_speaker)
                .or_else(|| self.sentence_subject(si, i));
        }
        // `Ryan, who a week ago surprised Trump by declaring ...`, `McConnell, who has endorsed
        // Trump and criticized ...`: a cue inside a `, who` clause is the pronoun's (annotators
        // mark `who`), unless a subject of its own stands right before it (`who he said`)
        if let Some(w) = self.open_who_clause(si, i) {
            let own_subject = speaker.is_some_and(|sp| sp.start > self.tok(si, w).span.start);
            if !own_subject {
                speaker = Some(self.tok(si, w).span);
            }
        }
        // `Barkley, who said he votes democratic, said ...`: the main verb after a relative
        // clause takes the clause's antecedent
        if speaker.is_none()
            && i > 3
            && self.is_punct(si, i - 1, ",")
            && !self.lower(si, i).ends_with("ing")
        {
            let w = (1..i - 2).rev().take(25).find(|&w| {
                matches!(self.lower(si, w), "who" | "which")
                    && self.is_punct(si, w - 1, ",")
                    && self.sents[si].region[w].is_none()
            });
            if let Some(w) = w {
                speaker = self
                    .np_left_plain(si, w - 1)
                    .map(|(a, b)| self.span_of(si, a, b));
            }
        }
        // an NP that is itself inside a reported clause's object, e.g. `the bill said`: accept
        // `In a CNN/ORC poll released Monday, 31% of Republicans said ...`: respondents speak
        // through the poll, which annotators mark as the source
        if let Some(sp) = speaker.filter(|_| matches!(class, CueClass::Say | CueClass::Belief)) {
            if let Some(poll) = self.poll_before(si, i, sp) {
                speaker = Some(poll);
            }
        }
        speaker
    }

    /// The subject of the cue at `i`: of a participle (`..., saying ...`), a relative pronoun's
    /// antecedent, the subject of a catenative verb (`Sen. Roe kept asking`), a `with` absolute,
    /// or the noun phrase right before the cue.
    fn cue_subject(&self, si: usize, i: usize, prev_speaker: Option<Span>) -> Option<Span> {
        // `..., saying ...`, `said before adding: ...`
        // (past adverbs: `..., still calling out ...`)
        let mut p = i;
        while p > 1 && self.tok(si, p - 1).is_word && self.is_adv(si, p - 1) {
            p -= 1;
        }
        let participle = self.lower(si, i).ends_with("ing")
            && p > 0
            && (self.is_punct(si, p - 1, ",")
                || matches!(self.lower(si, p - 1), "before" | "after" | "while" | "by"));
        // `Roe, who said ..., issued a statement saying, "..."`: a relative pronoun speaks inside
        // its own clause; a participle belongs to the main one
        let main_speaker = prev_speaker.filter(|s| {
            !matches!(
                s.text(self.text).to_lowercase().as_str(),
                "who" | "which" | "that"
            )
        });
        // `Sen. Roe kept asking ...`: the subject of the verb that takes the -ing cue
        let catenative = self.lower(si, i).ends_with("ing")
            && i > 1
            && self.tok(si, i - 1).is_word
            && lexicon::is_catenative(self.lower(si, i - 1));
        if participle {
            self.participle_subject(si, i, p, main_speaker)
        } else if let Some(np) = self.relative_antecedent(si, i) {
            Some(self.span_of(si, np.0, np.1))
        } else if catenative {
            self.np_left(si, i - 1)
                .map(|(a, b)| self.span_of(si, a, b))
                .or_else(|| main_speaker.or_else(|| self.sentence_subject(si, i - 1)))
        } else if let Some(np) = self.with_absolute(si, i) {
            Some(np)
        } else {
            self.np_before_cue(si, i, main_speaker)
        }
    }

    /// The subject of a participle cue at `i` (`p`: the cue or the adverbs before it): the
    /// attribution right before its comma, else the nearest clause's subject, else
    /// `main_speaker`, else the sentence's subject.
    fn participle_subject(
        &self,
        si: usize,
        i: usize,
        p: usize,
        main_speaker: Option<Span>,
    ) -> Option<Span> {
        // `..., Lewandowski added, saying ...`: the participle continues the attribution right
        // before its comma
        let attached = (p >= 3 && self.is_punct(si, p - 1, ","))
            .then(|| {
                let v = self.tok(si, p - 2);
                (v.is_word
                    && !v.cap
                    && !v.lower.ends_with("ing")
                    && self.sents[si].region[p - 2].is_none()
                    && cue_class(&v.lower).is_some_and(|c| c != CueClass::Belief)
                    && self.verb_position(si, p - 2))
                .then(|| self.np_left(si, p - 2))
                .flatten()
            })
            .flatten()
            .map(|(a, b)| self.span_of(si, a, b));
        // `..., saying the law violated ...`: the speaker is the clause's subject
        let nearest = (p >= 2 && self.is_punct(si, p - 1, ","))
            .then(|| self.nearest_clause_subject(si, p - 1))
            .flatten();
        attached
            .or(nearest)
            .or(main_speaker)
            .or_else(|| self.sentence_subject(si, i))
    }

    /// The noun phrase right before the cue at `i` -- unless it is the object of another verb
    /// before a participle cue, where the clause's subject speaks.
    fn np_before_cue(&self, si: usize, i: usize, main_speaker: Option<Span>) -> Option<Span> {
        match self.np_left(si, i) {
            // `Roe released a statement saying ...`: the NP before a participle is the
            // object of a verb (the document, the addressee); the subject speaks
            // (`gave Roe two Pinocchios for dismissing ...`: no NP ends in a preposition)
            Some((a, b))
                if self.lower(si, i).ends_with("ing")
                    && matches!(self.lower(si, b - 1), "for" | "of") =>
            {
                main_speaker.or_else(|| self.sentence_subject(si, a))
            }
            Some((a, _))
                if self.lower(si, i).ends_with("ing")
                    && a > 0
                    && !is_pronoun(self.lower(si, a))
                    && self.tok(si, a - 1).is_word
                    && !self.tok(si, a - 1).cap
                    && self.sents[si].region[a - 1].is_none()
                    && !matches!(
                        self.lower(si, a - 1),
                        "with" | "without" | "and" | "but" | "or" | "of" | "are" | "were"
                    ) =>
            {
                main_speaker.or_else(|| self.sentence_subject(si, a))
            }
            np => np.map(|(a, b)| self.span_of(si, a, b)),
        }
    }

    /// The content after the cue at `i` of `speaker`: a dangling `X said:` at the sentence
    /// end, a direct quote, or the reported clause (mixed when it holds quote regions).
    /// Returns the token to go on from and the speaker.
    fn content_after_cue(
        &mut self,
        si: usize,
        i: usize,
        class: CueClass,
        speaker: Span,
    ) -> Option<(usize, Option<Span>)> {
        let n = self.sents[si].toks.len();
        let cue = self.span_of(si, i, i + 1);
        let mut j = self.skip_to_content(si, i + 1, class);
        // `He said:` at the end of the sentence: content follows
        let dangle = Dangling {
            sent: si,
            cue,
            speaker: Some(speaker),
        };
        if j >= n || (self.is_punct(si, j, ".!?") && j + 1 >= n) {
            self.dangling.push(dangle);
            return Some((n, Some(speaker)));
        }
        if self.is_punct(si, j, ":,") {
            j += 1;
            if j >= n {
                self.dangling.push(dangle);
                return Some((n, Some(speaker)));
            }
        }
        // judge the content's start past leading adverbs: `said just about anyone could ...`
        let mut f = j;
        while f + 1 < n
            && self.tok(si, f).is_word
            && self.is_adv(si, f)
            && self.sents[si].region[f].is_none()
        {
            f += 1;
        }
        if f > j && self.lower(si, f) == "about" {
            f += 1;
        }
        let first = self.tok(si, f.min(n - 1)).clone();
        let region = self.sents[si].region[j];
        if region.is_none() && !self.opens_content(si, j, &first, class) {
            return None;
        }
        let end = self.clause_end(si, j);
        if end <= j {
            return None;
        }
        if let Some(r) = region {
            if let Some(next) = self.direct_content(si, j, end, r, cue, speaker) {
                return Some(next);
            }
        }
        if end - j < 2 && region.is_none() {
            return None;
        }
        for k in j..end {
            if let Some(r) = self.sents[si].region[k] {
                self.used[r] = true;
            }
        }
        let conf = match class {
            CueClass::Belief => 0.45,
            CueClass::Object => 0.55,
            _ if first.lower == "that" => 0.75,
            _ => 0.65,
        };
        self.push(si, j, end, Some(cue), Some(speaker), conf);
        Some((end, Some(speaker)))
    }

    /// Can a reported clause of a `class` cue open with `first` (the token at `j` or the first
    /// after its adverbs), outside quotation marks? A clause-like word (`that`, a pronoun, a
    /// determiner, a capitalised word, `if`, `how`, ...) or, by class, a plain word.
    fn opens_content(&self, si: usize, j: usize, first: &Token, class: CueClass) -> bool {
        // `it's` -> `it`
        let l = first.lower.split('\'').next().unwrap_or("");
        let clause_like = l == "that"
            || is_pronoun(l)
            || is_determiner(l)
            || first.cap
            || l == "there"
            || l.chars().next().is_some_and(char::is_numeric)
            || matches!(
                l,
                "no" | "not"
                    | "all"
                    | "most"
                    | "if"
                    | "whether"
                    | "how"
                    | "what"
                    | "why"
                    | "when"
                    | "nothing"
                    | "everyone"
                    | "nobody"
                    | "someone"
                    | "people"
                    | "americans"
            );
        let ok = match class {
            CueClass::Say | CueClass::Tell => {
                clause_like || (first.is_word && !is_np_stop(l) && !is_aux_or_adverb(l))
            }
            CueClass::Belief => l == "that" || (clause_like && !is_determiner(l) && !first.cap),
            CueClass::Object => clause_like || !is_np_stop(l) || l == "to",
        };
        ok && (first.is_word || self.is_quote_mark(si, j))
    }

    /// A direct content: the clause `[j, end)` is exactly quote region `r` (plus its chain), or
    /// the quote ends its clause inside the marks and another clause follows (`shouted, "Cruz,"
    /// Beck joked, ...`: the quote alone is the content). `None`: not direct.
    fn direct_content(
        &mut self,
        si: usize,
        j: usize,
        end: usize,
        r: usize,
        cue: Span,
        speaker: Span,
    ) -> Option<(usize, Option<Span>)> {
        let rend = (j..end)
            .take_while(|&k| self.sents[si].region[k] == Some(r))
            .last()
            .unwrap_or(j);
        let ends_clause = self.regions[r]
            .inner
            .text(self.text)
            .trim_end_matches(['\'', '’', '"', '”'])
            .ends_with([',', '?', '!']);
        let more_clause = rend + 1 < end && self.tok(si, rend + 1).is_word;
        let whole = (j..end).all(|k| self.sents[si].region[k] == Some(r));
        if !whole && ends_clause && more_clause {
            let spans = self.chain_forward(r);
            self.push_spans(spans, Some(cue), Some(speaker), 0.8);
            return Some((rend + 1, Some(speaker)));
        }
        if whole {
            let spans = self.chain_forward(r);
            self.push_spans(spans, Some(cue), Some(speaker), 0.85);
            return Some((end, Some(speaker)));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn coordinated_attributions_report_separate_contents() {
        let q = run("Clinton said Russian services hacked the committee and she accused Trump of backing Putin.");
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].text, vec!["Russian services hacked the committee"]);
        assert_eq!(q[1].cue, Some("accused"));
        assert_eq!(q[1].speaker, Some("she"));
        let q = run(
            "Palmieri acknowledged that the candidate misspoke but noted that experts disagree.",
        );
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].text, vec!["that the candidate misspoke"]);
        assert_eq!(q[1].text, vec!["that experts disagree"]);
        assert_eq!(q[1].speaker, Some("Palmieri"));
    }

    #[test]
    fn verb_before_an_inline_quote_makes_it_mixed_with_its_object() {
        let q = run(
            "Roe, who runs the company, labeled Mr. Doe “unfit to be president of the country.”",
        );
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].kind, "mixed");
        assert_eq!(q[0].cue, Some("labeled"));
        assert_eq!(
            q[0].text,
            vec!["Mr. Doe “unfit to be president of the country."]
        );
    }

    #[test]
    fn colon_introduces_quote() {
        let q = run("He said: “We have a situation.”");
        assert_eq!(q[0].kind, "direct");
        assert_eq!(q[0].speaker, Some("He"));
        let q = run("He said:\n\n“We have a situation.”");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].speaker, Some("He"));
        assert_eq!(q[0].text, vec!["We have a situation."]);
    }

    #[test]
    fn reported_speech_forms() {
        let q = run("Figueroa said the campaign planned to bus in supporters, though she acknowledged it was unlikely to work.");
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].kind, "indirect");
        assert_eq!(q[0].text, vec!["the campaign planned to bus in supporters"]);
        assert_eq!(q[0].speaker, Some("Figueroa"));
        assert_eq!(q[1].text, vec!["it was unlikely to work"]);
        assert_eq!(q[1].speaker, Some("she"));

        let q = run("Trump told reporters on Air Force One that the wall would be built.");
        assert_eq!(q[0].text, vec!["that the wall would be built"]);
        assert_eq!(q[0].cue, Some("told"));

        let q = run("The wall will be built, the president said on Tuesday.");
        assert_eq!(q[0].text, vec!["The wall will be built"]);
        assert_eq!(q[0].speaker, Some("the president"));

        let q = run("According to the Post, the team avoided the hospital.");
        assert_eq!(q[0].text, vec!["the team avoided the hospital"]);
        assert_eq!(q[0].cue, Some("According to"));
        assert_eq!(q[0].speaker, Some("the Post"));

        let q = run("The team avoided the hospital, according to two sources.");
        assert_eq!(q[0].text, vec!["The team avoided the hospital"]);
        assert_eq!(q[0].speaker, Some("two sources"));

        let q = run("But he still denied interfering in the USA election.");
        assert_eq!(q[0].text, vec!["interfering in the USA election"]);
        assert_eq!(q[0].cue, Some("denied"));
    }

    #[test]
    fn declined_and_refused_report_the_refused_act() {
        let q = run("The spokesman declined to comment.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].text, vec!["to comment"]);
        assert_eq!(q[0].cue, Some("declined"));
        assert_eq!(q[0].speaker, Some("The spokesman"));
        let q = run("He refused to answer questions on the deal but said there was no call.");
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].text, vec!["to answer questions on the deal"]);
        assert_eq!(q[0].cue, Some("refused"));
        assert_eq!(q[1].text, vec!["there was no call"]);
    }

    #[test]
    fn mixed_quote() {
        let q = run("Clinton called half of Trump’s supporters “deplorables.”");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].kind, "mixed");
        assert_eq!(q[0].text, vec!["half of Trump’s supporters “deplorables.”"]);
    }

    #[test]
    fn a_clause_ending_quote_after_a_cue_is_the_whole_content() {
        let q = run("When someone in the audience shouted, “Cruz,” Beck joked, again using an accent, “Amen, brother! Come on up and get baptized!”");
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(
            (q[0].text.clone(), q[0].cue),
            (vec!["Cruz,"], Some("shouted")),
            "{q:?}"
        );
        assert_eq!(q[1].speaker, Some("Beck"), "{q:?}");
        assert_eq!(
            q[1].text,
            vec!["Amen, brother! Come on up and get baptized!"],
            "{q:?}"
        );
    }
}
