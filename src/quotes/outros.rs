//! Attributions right after a quote (outros): `"...," Roe said`, `"...?" asked adviser Roe`,
//! and credit lines `- Jane Roe, Philadelphia.`

use super::*;

/// The verb of an outro: at a token, or (after a short PP) the whole attribution found.
enum OutroVerb {
    At(usize),
    Found((Span, Span)),
}

impl Extractor<'_> {
    /// The attribution right after a quote that ends its clause (`,` `?` `!` or a dash before
    /// the closing mark): `"...," NP VERB ...` -- a lexicon cue (`he asks rhetorically`,
    /// `Bozell notes.`) or any -ed/-s verb before the end, a comma or a PP (`he surmised.`) -- or
    /// the inverted `"...," said NP` (`said former adviser Jane Roe`). Returns cue and speaker.
    pub(super) fn outro_after(&self, reg: &QuoteRegion) -> Option<(Span, Span)> {
        let (si, k, period) = self.outro_start(reg)?;
        if let Some(found) = self.outro_inverted(si, k) {
            return Some(found);
        }
        let n = self.sents[si].toks.len();
        let (a, e) = self.np_right(si, k)?;
        let head = self.tok(si, a);
        // a capitalised word inside a lower-case NP makes it a titled name (`reporter Jane Roe`)
        let titled = (a + 1..e).any(|x| self.tok(si, x).cap);
        if !(head.cap
            || is_determiner(&head.lower)
            || is_pronoun(&head.lower)
            || titled
            || matches!(head.lower.as_str(), "this" | "these" | "those"))
            || matches!(head.lower.as_str(), "that" | "which" | "who")
        {
            return None;
        }
        let pronoun = is_pronoun(&head.lower);
        let v_from = self.verb_after_apposition(si, e, pronoun);
        let mut b = match self.outro_verb(si, a, e, v_from, pronoun)? {
            OutroVerb::At(b) => b,
            OutroVerb::Found(found) => return Some(found),
        };
        // `"...," Bill Clinton has said`: an auxiliary before the reporting verb ends the name
        let np_end = b.min(e);
        if b + 1 < n && self.is_adv(si, b) {
            let mut c = b + 1;
            while c + 1 < n && self.is_adv(si, c) {
                c += 1;
            }
            if self.reporting_word(si, c) {
                b = c;
            }
        }
        if b >= n || !self.outro_verb_word(si, b) {
            return None;
        }
        let v = self.tok(si, b);
        self.outro_tail_ok(si, a, b, period)
            .then(|| (v.span, self.span_of(si, a, np_end.max(a + 1))))
    }

    /// Where an outro after `reg` would start: the sentence the quote ends in and the first
    /// token after the closing mark (and a comma) -- or the next sentence of the paragraph when
    /// the quote ended the sentence (`"...?" Trump asked.` splits after `?"`) -- and whether the
    /// quote ended with a full stop (`"... missing." Trump said.`: then only a bare `NP said.`
    /// sentence). `None` when the quote does not end its clause or no word follows.
    fn outro_start(&self, reg: &QuoteRegion) -> Option<(usize, usize, bool)> {
        // the sentence the quote ends in
        let end = reg.outer.end.saturating_sub(1);
        let si = self
            .sents
            .iter()
            .position(|s| s.span.start <= end && end < s.span.end)?;
        let inner = reg
            .inner
            .text(self.text)
            .trim_end_matches(['\'', '’', '"', '”']);
        let after_comma =
            reg.outer.end < self.text.len() && self.text[reg.outer.end..].starts_with(',');
        let period = !after_comma && inner.ends_with('.');
        if !(after_comma || period || inner.ends_with([',', '?', '!', '—', '–', '-', '…'])) {
            return None;
        }
        let (si, mut k) = match self.sents[si]
            .toks
            .iter()
            .position(|t| t.span.start >= reg.outer.end)
        {
            Some(k) => (si, k),
            None => {
                let nx = si + 1;
                let next_ok = nx < self.sents.len()
                    && self.sents[nx].para == self.sents[si].para
                    && self.sents[nx].span.start >= reg.outer.end
                    && self.text[reg.outer.end..self.sents[nx].span.start]
                        .trim()
                        .is_empty();
                if !next_ok {
                    return None;
                }
                (nx, 0)
            }
        };
        let sent = &self.sents[si];
        let n = sent.toks.len();
        if k < n && self.is_punct(si, k, ",") {
            k += 1;
        }
        if k >= n || !self.tok(si, k).is_word || sent.region[k].is_some() {
            return None;
        }
        Some((si, k, period))
    }

    /// A lower-case reporting word at `x`: a lexicon cue or an irregular reporting verb.
    fn reporting_word(&self, si: usize, x: usize) -> bool {
        let t = self.tok(si, x);
        t.is_word
            && !t.cap
            && (cue_class(&t.lower).is_some() || lexicon::is_irregular_report_verb(&t.lower))
    }

    /// A word at `x` that can be an outro's verb: a reporting word, or a lower-case -ed / -s
    /// word that is no noun-phrase stop.
    fn outro_verb_word(&self, si: usize, x: usize) -> bool {
        let t = self.tok(si, x);
        t.is_word
            && !t.cap
            && (cue_class(&t.lower).is_some()
                || lexicon::is_irregular_report_verb(&t.lower)
                || (!is_np_stop(&t.lower) && (t.lower.ends_with("ed") || t.lower.ends_with('s'))))
    }

    /// Where to look for the verb after the speaker NP ending at `e`: after an apposition
    /// (`Roe, a retired teacher, said`) or a parenthetical (`Roe (D-N.Y.) said`), else `e`.
    fn verb_after_apposition(&self, si: usize, e: usize, pronoun: bool) -> usize {
        let sent = &self.sents[si];
        let n = sent.toks.len();
        let mut v_from = e;
        if e < n && self.is_punct(si, e, ",") && !pronoun {
            let close = (e + 1..n.min(e + 15)).find(|&x| {
                sent.region[x].is_some() || (!self.tok(si, x).is_word && !self.title_dot(si, x, n))
            });
            if let Some(c) = close.filter(|&c| c > e + 1 && self.is_punct(si, c, ",")) {
                v_from = c + 1;
            }
            // a longer apposition with inner commas, numbers or a short title in quotes
            // (`Roe, 67, a retired nurse from Ohio and former adviser to the mayor, said`): the
            // first later comma that a reporting verb follows closes it
            let reporting_at = |x: usize| x < n && self.reporting_word(si, x);
            if !reporting_at(v_from) {
                let far = (e + 2..n.min(e + 40))
                    .take_while(|&x| {
                        !self.is_punct(si, x, ".;?!")
                            || self.title_dot(si, x, n)
                            // `Springfield, Ill., said`
                            || (self.is_punct(si, x, ".") && x + 1 < n && self.is_punct(si, x + 1, ","))
                    })
                    .find(|&x| self.is_punct(si, x, ",") && reporting_at(x + 1));
                if let Some(c) = far {
                    v_from = c + 1;
                }
            }
        } else if let Some(x) = self.paren_after(si, e) {
            v_from = x;
        }
        v_from
    }

    /// The outro's verb for the speaker NP `[a, e)` (`v_from`: past its apposition): after a
    /// pronoun or an apposition the next word past adverbs; else a reporting verb inside the
    /// NP window first, then any verb, then one after a short PP (`a staffer in the room
    /// wondered`: the whole attribution), then an auxiliary ending the name.
    fn outro_verb(
        &self,
        si: usize,
        a: usize,
        e: usize,
        v_from: usize,
        pronoun: bool,
    ) -> Option<OutroVerb> {
        let sent = &self.sents[si];
        let n = sent.toks.len();
        if pronoun || v_from > e {
            let mut b = if v_from > e { v_from } else { a + 1 };
            while b + 1 < n && self.is_adv(si, b) && !self.outro_verb_word(si, b) {
                b += 1;
            }
            return Some(OutroVerb::At(b));
        }
        // a reporting verb first (`the retired neurosurgeon told`: `retired` is no verb)
        let window = a + 1..(e + 1).min(a + 7).min(n);
        let first = window
            .clone()
            .find(|&x| self.reporting_word(si, x))
            .or_else(|| window.clone().find(|&x| self.outro_verb_word(si, x)));
        // `a voice-over in the ad states`, `a staffer in the room wondered`: a short PP
        // between the NP and a reporting verb
        let after_pp = || {
            (e < n && matches!(self.lower(si, e), "in" | "at" | "from" | "on" | "with"))
                .then(|| {
                    (e + 1..n.min(e + 6))
                        .take_while(|&x| self.tok(si, x).is_word && sent.region[x].is_none())
                        .find(|&x| self.reporting_word(si, x))
                })
                .flatten()
        };
        let mut b = match first {
            Some(b) => b,
            None if after_pp().is_some() => {
                let b = after_pp().unwrap_or(e);
                let v = self.tok(si, b);
                return Some(OutroVerb::Found((v.span, self.span_of(si, a, e))));
            }
            // `Bill Clinton has said`: an auxiliary ends the name (the verb follows it)
            None if e + 1 < n && self.is_adv(si, e) => e,
            None => return None,
        };
        while b + 1 < n && b == e && self.is_adv(si, b) && !self.outro_verb_word(si, b) {
            b += 1;
        }
        Some(OutroVerb::At(b))
    }

    /// May the outro's verb at `b` (speaker from `a`) end the attribution here? After a full
    /// stop only `NP said.`; a reporting verb needs no particular tail; any other verb must
    /// end the clause.
    fn outro_tail_ok(&self, si: usize, a: usize, b: usize, period: bool) -> bool {
        let n = self.sents[si].toks.len();
        let v = self.tok(si, b);
        if period
            && !(b + 2 >= n
                && (b + 1 == n || self.is_punct(si, b + 1, "."))
                && b - a <= 4
                && matches!(cue_class(&v.lower), Some(CueClass::Say)))
        {
            return false;
        }
        let reporting =
            cue_class(&v.lower).is_some() || lexicon::is_irregular_report_verb(&v.lower);
        reporting
            || b + 1 == n
            || self.is_punct(si, b + 1, ".!?,")
            || is_pp_start(self.lower(si, b + 1))
            // `"...," Trump barked and a guard escorted him out`
            || matches!(
                self.lower(si, b + 1),
                "upon" | "and" | "as" | "while" | "when" | "before"
            )
    }

    /// `"..." ¶ - Jane Roe, Philadelphia.`: a credit line -- a dash and a name opening the
    /// paragraph right after a quote that ends its own paragraph. The name's span.
    pub(super) fn dash_credit(&self, reg: &QuoteRegion) -> Option<Span> {
        let end = reg.outer.end.saturating_sub(1);
        let si = self
            .sents
            .iter()
            .position(|s| s.span.start <= end && end < s.span.end)?;
        let nx = si + 1;
        if nx >= self.sents.len() || self.sents[nx].para != self.sents[si].para + 1 {
            return None;
        }
        let gap = self.text.get(reg.outer.end..self.sents[nx].span.start)?;
        if !gap
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '.' | ','))
        {
            return None;
        }
        let toks = &self.sents[nx].toks;
        let name = toks.len() >= 2
            && toks.len() <= 25
            && self.is_punct(nx, 0, "-–—")
            && toks[1].is_word
            && toks[1].cap
            && !is_pronoun(&toks[1].lower)
            && self.sents[nx].region.iter().all(|r| r.is_none());
        if !name {
            return None;
        }
        let (a, b) = self.np_right(nx, 1)?;
        Some(self.span_of(nx, a, b))
    }

    /// `"...?" asked former adviser Jane Roe.`: a reporting verb right after the quote, then
    /// its subject.
    fn outro_inverted(&self, si: usize, k: usize) -> Option<(Span, Span)> {
        let n = self.sents[si].toks.len();
        let v = self.tok(si, k);
        let lexical = cue_class(&v.lower).is_some_and(|c| c != CueClass::Belief)
            || lexicon::is_irregular_report_verb(&v.lower);
        // any -ed verb before a capitalised subject: `"...!" beamed Jane Roe`
        let other = v.lower.ends_with("ed") && !is_np_stop(&v.lower);
        if v.cap || !(lexical || other) || k + 1 >= n {
            return None;
        }
        let (a, b) = self.np_right(si, k + 1)?;
        let head = self.tok(si, a);
        if !(lexical || (head.cap && !is_pronoun(&head.lower))) {
            return None;
        }
        let titled = (a..b).any(|x| self.tok(si, x).cap);
        if !(titled || is_determiner(&head.lower) || is_pronoun(&head.lower))
            || matches!(head.lower.as_str(), "that" | "which")
        {
            return None;
        }
        // `said the family deserved better` is a clause, not a speaker
        if (a + 1..b).any(|x| self.finite_ed(si, x)) {
            return None;
        }
        Some((v.span, self.span_of(si, a, b)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn verb_outside_the_lexicon_after_a_quote() {
        let q = run("“People are afraid of wasting their votes,” he surmised.");
        assert_eq!(q[0].speaker, Some("he"));
        assert_eq!(q[0].cue, Some("surmised"));
    }

    #[test]
    fn attribution_after_a_quote_needs_no_particular_tail() {
        // adverbs, addressees and homograph cues after `"...," NP VERB`
        let q = run("“The plan is dead,” Ms. Roe said sarcastically.");
        assert_eq!(q[0].speaker, Some("Ms. Roe"));
        let q = run("“Can you name one success?” he asks rhetorically.");
        assert_eq!(q[0].speaker, Some("he"));
        assert_eq!(q[0].cue, Some("asks"));
        let q = run("“The first point is simple,” Jones notes.");
        assert_eq!(q[0].speaker, Some("Jones"));
        let q = run("“We ought to start again,” he went on.");
        assert_eq!(q[0].speaker, Some("he"));
        let q = run("“But why?” reporter Jane Roe asked him.");
        assert_eq!(q[0].speaker, Some("reporter Jane Roe"));
    }

    #[test]
    fn a_generational_suffix_stays_in_the_outro_name() {
        let q = run("“My father will fight for you,” Donald Trump Jr. said.");
        assert_eq!(q[0].speaker, Some("Donald Trump Jr."));
        assert_eq!(q[0].cue, Some("said"));
    }

    #[test]
    fn inverted_verb_outside_the_lexicon_needs_a_capitalised_subject() {
        let q = run("“This is fantastic!” beamed Jane Roe of Ohio.");
        assert_eq!(q[0].speaker, Some("Jane Roe of Ohio"));
        assert_eq!(q[0].cue, Some("beamed"));
        let q = run("“This is fantastic and so new,” gushed the old man quietly.");
        assert_eq!(q[0].speaker, None);
    }

    #[test]
    fn credit_lines_and_auxiliaries_after_a_quote() {
        let q = run("The rally ended late.\n\n\"We need a change in this country now.\"\n\n- Michelle Marks, Philadelphia.\n\nThe crowd left.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].speaker, Some("Michelle Marks"));
        let q = run("\"She's still got the best friends that she had in grade school,\" Bill Clinton has said while stumping for his wife.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].speaker, Some("Bill Clinton"));
        assert_eq!(q[0].cue, Some("said"));
    }

    #[test]
    fn relative_clauses_and_adjectives_in_an_outro() {
        // the main verb after a relative clause ends the relative clause's content and takes
        // the antecedent
        let q = run("Barkley, who said he typically votes democratic, said one candidate he likes is John Kasich.");
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].text, vec!["he typically votes democratic"]);
        assert_eq!(q[0].speaker, Some("who"));
        assert_eq!(q[1].speaker, Some("Barkley"));
        assert_eq!(q[1].text, vec!["one candidate he likes is John Kasich"]);
        // a cue right after `who` (adverbs aside) is the relative clause's own: `who` speaks
        let q = run("The hacker who first revealed that Clinton used a private server was sentenced on Thursday.");
        assert_eq!(q[0].speaker, Some("who"));
        // a cue further inside a `, who` clause is the pronoun's too
        let cue_speaker = |text: &'static str, cue: &str| {
            run(text)
                .into_iter()
                .find(|q| q.cue == Some(cue))
                .and_then(|q| q.speaker)
        };
        assert_eq!(
            cue_speaker(
                "He met Paul Ryan, who a week ago surprised Trump by declaring he could not support him.",
                "declaring"
            ),
            Some("who")
        );
        assert_eq!(
            cue_speaker(
                "Mr. McConnell, who has both endorsed Mr. Trump and criticized his campaign, spoke.",
                "criticized"
            ),
            Some("who")
        );
        // the nearer cue owns the `that` clause, not a cue before its object
        let q = run(
            "A jury found Zimmerman, who alleged that Martin was trying to hurt him, not guilty.",
        );
        let c = q
            .iter()
            .find(|q| q.text[0].starts_with("that Martin"))
            .expect("the alleged content");
        assert_eq!((c.cue, c.speaker), (Some("alleged"), Some("who")));
        // ... but an infinitive cue is the first cue's complement
        assert_eq!(
            cue_speaker(
                "Lewandowski continued to assert that he never made contact with Fields.",
                "continued"
            ),
            Some("Lewandowski")
        );
        // ... but not once the main clause goes on (`, also noted`)
        assert_eq!(
            cue_speaker(
                "Mr. Kirk, who still speaks with difficulty, also noted that Trump mocked a reporter.",
                "noted"
            ),
            Some("Mr. Kirk")
        );
        // ... while a verb phrase of its own makes the antecedent the speaker of a later cue
        let q = run("Economists who favor consumption taxes agree that the change would help.");
        assert_eq!(q[0].speaker, Some("Economists"));
        // `according to X` after a comma inside the closing quotation mark: one mixed quote
        let q = run("The visit became ''the high-water mark in their relationship,'' according to Mr. Rhodes.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].kind, "mixed");
        assert_eq!(q[0].speaker, Some("Mr. Rhodes"));
        // a quotation later in a sentence that opens with `According to X,` is X's
        let q = run("According to Trump, he was once part of the establishment, but is now “the worst thing that ever happened to it.”");
        assert!(q.iter().all(|q| q.speaker == Some("Trump")), "{q:?}");
        // a fronted phrase, then a name with a relative clause: the name is the subject
        let q = run("In the interview, Reid, who endorsed Clinton in February, reiterated those feelings and stressed the need to treat his followers respectfully.");
        let c = q
            .iter()
            .find(|q| q.cue == Some("stressed"))
            .expect("stressed");
        assert_eq!(c.speaker, Some("Reid"));
        // `, she would ask` is the content's own clause, not an interrupting attribution
        let q = run(
            "She said if elected, she would ask Mr. Biden to continue to help lead the initiative.",
        );
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(
            q[0].text,
            vec!["if elected, she would ask Mr. Biden to continue to help lead the initiative"]
        );
        // an addressee ends before a subject pronoun
        let q = run("Trump told aides he sees the issues as interconnected.");
        assert_eq!(q[0].text, vec!["he sees the issues as interconnected"]);
        // a parenthetical adverb before the content
        let q = run(
            "He said, however, that he hopes \"somebody else takes up the cause\" against Cruz.",
        );
        assert_eq!((q[0].cue, q[0].speaker), (Some("said"), Some("He")));
        assert!(q[0].text[0].starts_with("that he hopes"), "{q:?}");
        // a cue coordinated with another verb takes that verb's subject
        let q = run("A group of rabbis called for a boycott, and the Anti-Defamation League denounced the remarks and said it would return his donations.");
        let c = q.iter().find(|q| q.cue == Some("said")).expect("said");
        assert_eq!(c.speaker, Some("the Anti-Defamation League"));
        // respondents speak through the poll named before them
        let q = run("In a poll conducted by the New York Times and ABC News, just 28 percent of voters said they had a positive view of Clinton.");
        assert_eq!(q[0].speaker, Some("a poll"));
        let q = run("A CNN/ORC poll in January shows 68% of Democratic voters say gun policy will be very important.");
        let c = q.iter().find(|q| q.cue == Some("say")).expect("say");
        assert_eq!(c.speaker, Some("A CNN/ORC poll"));
        let q = run(
            "Sixty-seven percent of Americans said they had an unfavorable impression of Trump.",
        );
        assert_eq!(q[0].speaker, Some("Sixty-seven percent of Americans"));
        // `in fact` between subject and cue; `Overall,` fronted
        let q = run("A trio of PACs have in fact reported spending $513,000 supporting him.");
        assert_eq!(q[0].speaker, Some("A trio of PACs"));
        let q = run("Overall, conservative outside groups reported spending $6 million on ads.");
        assert_eq!(q[0].speaker, Some("conservative outside groups"));
        // fronted phrases and a lone determiner are no subjects
        let q = run("Amid fury at the system, many see her as 'part of the people in power.'");
        assert!(q.iter().all(|q| q.speaker != Some("Amid")), "{q:?}");
        // a participle adjective (`retired`) is no verb in an outro
        let q = run("\"They have to stop and listen,\" the retired neurosurgeon told REVOLT TV in a video posted to its Twitter account.");
        assert_eq!(q[0].speaker, Some("the retired neurosurgeon"));
        assert_eq!(q[0].cue, Some("told"));
    }
}
