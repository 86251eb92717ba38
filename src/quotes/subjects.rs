//! Subjects of clauses and verbs: is a cue word used as a verb, the subject of the sentence or of
//! the nearest clause (for participles, colon intros and `with` absolutes), passives, possessors
//! of speech nouns (`his call for "..."`), polls named as speakers.

use super::*;

impl Extractor<'_> {
    /// Is the cue word at `i` used as a verb? Not when capitalised mid-sentence (`United
    /// States`) or right after a determiner or possessive (`a rare note`, `Lazar's claims`).
    pub(super) fn verb_position(&self, si: usize, i: usize) -> bool {
        let t = self.tok(si, i);
        if t.cap && i > 0 {
            return false;
        }
        let p = if i > 0 {
            Some(self.tok(si, i - 1))
        } else {
            None
        };
        // `a false claim that`, `his initial tweet`, `the vain hope that`: a base-form cue after
        // modifiers that follow a determiner is a noun (a verb there would need a plural
        // subject: `Democrats claim`)
        if lexicon::is_base_form_noun_cue(&t.lower) {
            let mut k = i;
            while k > 0 && i - k < 3 {
                let w = self.tok(si, k - 1);
                // (a capitalised determiner opens the sentence: `His mid-morning tweet`)
                if !w.is_word || (w.cap && !is_determiner(&w.lower)) {
                    break;
                }
                if is_determiner(&w.lower) || w.lower.ends_with("'s") {
                    if k < i {
                        return false;
                    }
                    break;
                }
                let modifier = !is_pronoun(&w.lower)
                    && (!is_aux_or_adverb(&w.lower) || w.lower.ends_with("ly"))
                    && !lexicon::looks_plural(&w.lower)
                    && !matches!(w.lower.as_str(), "to" | "and" | "or" | "who" | "people")
                    && cue_class(&w.lower).is_none();
                if !modifier {
                    break;
                }
                k -= 1;
            }
        }
        // noun/verb homographs (`BLM calls for action`, `the Sunday shows`): a cue only after a
        // pronoun or before `that`
        if lexicon::is_noun_homograph(&t.lower) {
            let pron = p.is_some_and(|p| is_pronoun(&p.lower));
            let that = i + 1 < self.sents[si].toks.len() && self.lower(si, i + 1) == "that";
            return pron || that;
        }
        // `a syllabus for a psychology class called "Perception"`: a naming participle after
        // an object, not a cue; `called off a deal` reports nothing
        let next = (i + 1 < self.sents[si].toks.len()).then(|| self.tok(si, i + 1));
        if t.lower == "called"
            && (self.naming_participle(si, i) || next.is_some_and(|x| x.lower == "off"))
        {
            return false;
        }
        // `1,280 pledged delegates`: an -ed word between a number and a plural noun is an
        // adjective
        if p.is_some_and(|p| p.lower.chars().all(|c| c.is_ascii_digit()))
            && t.lower.ends_with("ed")
            && next.is_some_and(|x| x.is_word && !x.cap && lexicon::looks_plural(&x.lower))
        {
            return false;
        }
        let Some(p) = p else { return true };
        !(p.is_word
            && (is_determiner(&p.lower)
                || p.lower.ends_with("'s")
                || matches!(
                    p.lower.as_str(),
                    "this" | "that" | "these" | "those" | "such" | "no" | "any" | "every"
                )))
    }

    /// `is accused of`, `was told`: a passive cue reports nothing by its subject.
    pub(super) fn is_passive(&self, si: usize, i: usize) -> bool {
        let cue = self.lower(si, i);
        if !(cue.ends_with("ed")
            || matches!(cue, "told" | "said" | "thought" | "known" | "written"))
        {
            return false;
        }
        let mut k = i;
        while k > 0 && self.is_adv(si, k - 1) {
            if matches!(
                self.lower(si, k - 1),
                "is" | "was" | "were" | "are" | "been" | "be" | "being"
            ) {
                return true;
            }
            k -= 1;
        }
        false
    }

    /// `called` at `i` after `a (modifiers) noun` that is itself an object (after a preposition
    /// or an -ing verb): `for a psychology class called "Perception"`.
    fn naming_participle(&self, si: usize, i: usize) -> bool {
        let nounish = |x: usize| {
            let w = self.tok(si, x);
            w.is_word
                && !w.cap
                && !is_pronoun(&w.lower)
                && !is_np_stop(&w.lower)
                && !matches!(w.lower.as_str(), "or" | "for" | "of")
                && cue_class(&w.lower).is_none()
        };
        if i < 3 || !nounish(i - 1) {
            return false;
        }
        let mut a = i - 1;
        while a > 0 && i - a < 4 && !is_determiner(self.lower(si, a - 1)) && nounish(a - 1) {
            a -= 1;
        }
        let det = a > 0 && matches!(self.lower(si, a - 1), "a" | "an");
        let object = a >= 2 && {
            let b = self.tok(si, a - 2);
            b.is_word && !b.cap && (is_pp_start(&b.lower) || b.lower.ends_with("ing"))
        };
        det && object
    }

    /// The subject noun phrase at the start of the clause containing token `before`.
    pub(super) fn sentence_subject(&self, si: usize, before: usize) -> Option<Span> {
        let s = self.subject_start(si, before);
        if s >= before || !self.tok(si, s).is_word || self.sents[si].region[s].is_some() {
            return None;
        }
        self.subject_at(si, s, before)
    }

    /// Where the subject of the clause containing token `before` starts: past a dateline
    /// (`WASHINGTON (AP) — ...`), fronted phrases (`On Thursday, Putin ...`) and a time
    /// measure without a comma (`A few minutes later they ...`).
    fn subject_start(&self, si: usize, before: usize) -> usize {
        let mut s = self.clause_start(si, before);
        // a dateline: `WASHINGTON (AP) — ...`, `New York (AFP) – ...`
        if let Some(d) = (s..before.min(s + 8)).find(|&k| {
            self.is_punct(si, k, "—–-")
                && k > s
                && (self.is_punct(si, k - 1, ")")
                    || (self.tok(si, k - 1).is_word
                        && self
                            .tok(si, k - 1)
                            .text(self.text)
                            .chars()
                            .all(|c| !c.is_lowercase())))
        }) {
            s = d + 1;
        }
        // skip fronted phrases: `On Thursday, Putin ...`, `As voters went ..., the campaign ...`,
        // `At a rally in Portsmouth, N.H., on Tuesday, Sanders ...`, `Thirteen years earlier, she`
        let mut fronted = false;
        while let Some(c) = (s..before).find(|&k| self.is_punct(si, k, ",")) {
            let opener = self.fronted_opener(si, s, c);
            // `Two days later,` -- not a clause with its own verb (`Roe said on Monday,`)
            let timed = self.time_phrase(si, s, c);
            // (`In the interview, Reid, who ...`: a name before a relative clause is the subject)
            let relative_next = c + 1 < before && matches!(self.lower(si, c + 1), "who" | "which");
            if (c - s <= 25 && opener)
                || (fronted && c - s <= 3 && !relative_next)
                || (c - s <= 5 && timed)
            {
                s = c + 1;
                fronted = true;
            } else {
                break;
            }
        }
        // `A few minutes later they reversed ...`: a time measure without a comma
        let mut k = s;
        while k < before
            && k - s < 4
            && (matches!(
                self.lower(si, k),
                "a" | "an" | "one" | "two" | "three" | "four" | "five" | "few" | "several"
            ) || (k > s
                && lexicon::is_time_phrase_end(self.lower(si, k))
                && !matches!(self.lower(si, k), "later" | "earlier" | "ago")))
        {
            k += 1;
        }
        if k > s + 1 && k + 1 < before && matches!(self.lower(si, k), "later" | "earlier" | "ago") {
            s = k + 1;
        }
        s
    }

    /// Does the phrase `[s, c)` before the comma at `c` open like a fronted phrase (a
    /// preposition, a participle, an -ly adverb, a subordinator, `however`, ...)?
    fn fronted_opener(&self, si: usize, s: usize, c: usize) -> bool {
        let l = self.lower(si, s);
        self.tok(si, s).is_word
            && (is_pp_start(l)
                || l.ends_with("ing")
                // `Essentially, Clinton's lawyers ...`, `Immediately after the attacks,`
                || (l.len() > 4
                    && l.ends_with("ly")
                    && (c == s + 1 || is_pp_start(self.lower(si, s + 1))))
                // `Titled "...," the video ...`, `Preceded at the lectern by Doe, Roe ...`
                || (l.len() > 4 && l.ends_with("ed") && self.tok(si, s).cap)
                || matches!(l, "amid" | "amidst" | "among" | "amongst" | "under")
                || matches!(
                    l,
                    "asked"
                        | "however"
                        | "back"
                        | "shortly"
                        | "absent"
                        | "meanwhile"
                        | "instead"
                        | "still"
                        | "yet"
                        | "now"
                        | "then"
                        | "later"
                        | "earlier"
                        | "indeed"
                        | "separately"
                        | "overall"
                        | "here"
                        | "as"
                        | "when"
                        | "while"
                        | "after"
                        | "before"
                        | "although"
                        | "though"
                        | "if"
                        | "since"
                        | "because"
                        | "unless"
                        | "until"
                        | "once"
                        | "whether"
                        | "whereas"
                        | "despite"
                        | "unlike"
                        | "like"
                        | "ever"
                        | "likewise"
                        | "similarly"
                        | "moreover"
                        | "additionally"
                        | "finally"
                        | "first"
                ))
    }

    /// `Two days later,`: a time phrase `[s, c)` with no reporting verb of its own.
    fn time_phrase(&self, si: usize, s: usize, c: usize) -> bool {
        (s..c).any(|k| {
            lexicon::is_time_word(self.lower(si, k))
                || matches!(self.lower(si, k), "ago" | "years" | "days" | "months")
        }) && !(s..c).any(|k| {
            let t = self.tok(si, k);
            t.is_word
                && !t.cap
                && (cue_class(&t.lower).is_some() || lexicon::is_irregular_report_verb(&t.lower))
        })
    }

    /// The subject noun phrase starting at word `s` (before token `before`): a pronoun, or a
    /// capitalised or determined noun phrase (`Former Pennsylvania governor Ed Rendell`, `The
    /// Cruz campaign`) -- not a demonstrative before a noun, not a lone determiner.
    fn subject_at(&self, si: usize, s: usize, before: usize) -> Option<Span> {
        let t = self.tok(si, s);
        // `That record prompted ...`: a demonstrative before a noun is a determiner
        let demonstrative = t.lower == "that"
            && s + 1 < before
            && self.tok(si, s + 1).is_word
            && !self.tok(si, s + 1).cap
            && cue_class(self.lower(si, s + 1)).is_none()
            && !self.is_adv(si, s + 1);
        if demonstrative {
            return None;
        }
        if is_pronoun(&t.lower) {
            return Some(t.span);
        }
        if !(t.cap || is_determiner(&t.lower))
            || (t.cap
                && lexicon::is_capitalised_function_word(&t.lower)
                && !is_determiner(&t.lower)
                && !lexicon::is_title(&t.lower))
        {
            return None;
        }
        // `Former Pennsylvania governor Ed Rendell`, `The Cruz campaign`
        let mut e = s + 1;
        // a lone determiner is no subject (`The "90 to 95 percent" figure`)
        if is_determiner(&t.lower)
            && (s + 1 >= before
                || !self.tok(si, s + 1).is_word
                || self.sents[si].region[s + 1].is_some())
        {
            return None;
        }
        while e < before
            && (self.tok(si, e).is_word || self.title_dot(si, e, before))
            && (self.tok(si, e).cap
                || self.title_dot(si, e, before)
                || lexicon::is_title(self.lower(si, e))
                || (is_determiner(&t.lower)
                    && e - s <= 3
                    && !is_np_stop(self.lower(si, e))
                    // `The town released ...`: a past-tense verb after the noun
                    && !(e - s >= 2 && self.lower(si, e).ends_with("ed"))
                    && cue_class(self.lower(si, e)).is_none()
                    && !self.is_adv(si, e)))
            && e - s < MAX_NP
        {
            e += 1;
        }
        Some(self.span_of(si, s, e))
    }

    /// The subject of the last finite verb before token `end` in the sentence (`..., but Wallace
    /// brought him back to the attacks, asking ...` -> `Wallace`): the clause a participle after
    /// `end` continues. None when that verb lies inside an earlier quote's content (`Roe said
    /// Doe lied, adding ...`: the attribution's speaker goes on), when its subject is no plain
    /// noun phrase, or when a `;` or a quotation comes first.
    pub(super) fn nearest_clause_subject(&self, si: usize, end: usize) -> Option<Span> {
        const PAST: &[&str] = &[
            "brought", "took", "made", "gave", "went", "came", "sent", "held", "kept", "left",
            "won", "ran", "began", "saw", "met", "paid", "stood", "sat", "spoke", "struck", "told",
            "said", "wrote", "thought", "felt", "led", "got", "put", "set", "hit",
        ];
        let lim = end.saturating_sub(30);
        let mut v = end;
        while v > lim {
            v -= 1;
            if self.sents[si].region[v].is_some() || self.is_punct(si, v, ";") {
                return None;
            }
            let t = self.tok(si, v);
            let finite = t.is_word
                && !t.cap
                && (t.lower.ends_with("ed") || PAST.contains(&t.lower.as_str()))
                && !is_aux_or_adverb(&t.lower);
            if !finite || !self.verb_position(si, v) {
                continue;
            }
            let at = t.span.start;
            if self
                .quotes
                .iter()
                .any(|q| q.spans.iter().any(|s| s.start <= at && at < s.end))
            {
                return None;
            }
            let (a, b) = self.np_left(si, v)?;
            let h = self.tok(si, a);
            let plain = h.cap || is_pronoun(&h.lower) || is_determiner(&h.lower);
            if !plain || matches!(h.lower.as_str(), "who" | "which" | "that") {
                return None;
            }
            // a main clause's subject opens the sentence or follows a comma or a coordinator;
            // a subordinate clause's (`after they came out`, `what he has accomplished`) or a
            // noun's participle (`the town hall hosted by CNN`) is skipped
            let prev = (a > 0).then(|| self.tok(si, a - 1));
            let main = match prev {
                None => true,
                Some(p) if !p.is_word => matches!(p.text(self.text), "," | ":" | "—" | "–"),
                Some(p) => {
                    matches!(p.lower.as_str(), "and" | "but" | "yet" | "so")
                        || (is_pronoun(&h.lower)
                            && !matches!(
                                p.lower.as_str(),
                                "after"
                                    | "before"
                                    | "how"
                                    | "what"
                                    | "whom"
                                    | "who"
                                    | "which"
                                    | "that"
                                    | "when"
                                    | "where"
                                    | "why"
                                    | "if"
                                    | "because"
                                    | "since"
                                    | "as"
                                    | "while"
                                    | "until"
                                    | "once"
                                    | "though"
                                    | "although"
                                    | "whether"
                                    | "than"
                            ))
                }
            };
            if main {
                return Some(self.span_of(si, a, b));
            }
        }
        None
    }

    /// A past-tense verb or a cue at most four words before token `k` (a quotation mark) with
    /// only plain words between: `labeled Mr. Trump "`. Returns its token index.
    pub(super) fn governing_verb(&self, si: usize, k: usize) -> Option<usize> {
        let lim = k.saturating_sub(5);
        let mut v = k;
        while v > lim {
            v -= 1;
            let t = self.tok(si, v);
            if self.sents[si].region[v].is_some() {
                return None;
            }
            // names and titles in the object: `labeled Mr. Trump "`
            if t.cap || (!t.is_word && self.title_dot(si, v, k)) {
                continue;
            }
            if !t.is_word {
                return None;
            }
            if matches!(
                t.lower.as_str(),
                "that" | "because" | "when" | "if" | "who" | "which" | "and" | "but" | "as"
            ) {
                return None;
            }
            if v + 1 < k
                && (self.finite_ed(si, v)
                    || (cue_class(&t.lower).is_some() && self.verb_position(si, v)))
            {
                return Some(v);
            }
        }
        None
    }

    /// `her March comment that, "..."`, `his call for "..."`, `Mr. Obama's lyrical rejection
    /// of "..."`: a quote (token `k`) right after a possessed noun of saying is the possessor's.
    /// Between noun and quote: `,` `:` and one of `that` / `of` / `for`, or a short time or place
    /// phrase (`her assertion during the debate that "..."`). The possessor's span.
    pub(super) fn speech_noun_possessor(&self, si: usize, k: usize) -> Option<Span> {
        let mut j = k;
        while j > 0 && k - j < 2 && self.is_punct(si, j - 1, ",:") {
            j -= 1;
        }
        if j > 0 && matches!(self.lower(si, j - 1), "that" | "of" | "for") {
            j -= 1;
        }
        // `during the debate` / `earlier this year` (no verb, no other noun of saying)
        let n = (j.saturating_sub(5)..j).rev().find(|&n| {
            let t = self.tok(si, n);
            t.is_word && lexicon::is_speech_noun(&t.lower)
        })?;
        let gap_ok = (n + 1..j).all(|x| {
            let t = self.tok(si, x);
            t.is_word
                && self.sents[si].region[x].is_none()
                && (n + 1 == j
                    || matches!(
                        t.lower.as_str(),
                        "during"
                            | "at"
                            | "in"
                            | "on"
                            | "before"
                            | "after"
                            | "the"
                            | "a"
                            | "this"
                            | "last"
                            | "earlier"
                            | "year"
                            | "week"
                            | "month"
                            | "debate"
                            | "interview"
                            | "speech"
                            | "rally"
                    ))
        });
        if !gap_ok || n == 0 {
            return None;
        }
        // the possessor, past up to two modifiers (`her March comment`, `Bush's Facebook post`)
        for p in (n.saturating_sub(3)..n).rev() {
            let t = self.tok(si, p);
            if !t.is_word || self.sents[si].region[p].is_some() {
                return None;
            }
            if matches!(t.lower.as_str(), "his" | "her" | "their" | "its") {
                return Some(self.span_of(si, p, p + 1));
            }
            if t.lower.ends_with("'s") && t.cap {
                let (a, b) = self.np_left_plain(si, p + 1)?;
                return Some(self.span_of(si, a, b));
            }
            if is_determiner(&t.lower) || cue_class(&t.lower).is_some() || is_np_stop(&t.lower) {
                return None;
            }
        }
        None
    }

    /// `..., with the campaign of the former senator saying ...`, `with Trump reportedly
    /// yelling: "..."`: the NP between `with` and the participle at `i` is its subject.
    pub(super) fn with_absolute(&self, si: usize, i: usize) -> Option<Span> {
        if !self.lower(si, i).ends_with("ing") {
            return None;
        }
        let mut e = i;
        while e > 0 && self.is_adv(si, e - 1) {
            e -= 1;
        }
        let w = (e.saturating_sub(12)..e)
            .rev()
            .take_while(|&x| {
                self.sents[si].region[x].is_none()
                    && (self.tok(si, x).is_word || self.title_dot(si, x, e))
            })
            .find(|&x| self.lower(si, x) == "with")?;
        let head = self.tok(si, w + 1);
        let ok = w + 1 < e
            && (head.cap || is_determiner(&head.lower) || head.lower == "some")
            && !is_pronoun(&head.lower)
            && (w + 1..e).all(|x| {
                let t = self.tok(si, x);
                !t.is_word
                    || !(t.lower.ends_with("ing")
                        || t.lower.ends_with("ed")
                        || cue_class(&t.lower).is_some()
                        || matches!(
                            t.lower.as_str(),
                            "is" | "are"
                                | "was"
                                | "were"
                                | "be"
                                | "been"
                                | "has"
                                | "have"
                                | "had"
                                | "who"
                                | "that"
                                | "which"
                        ))
            });
        ok.then(|| self.span_of(si, w + 1, e))
    }

    /// A poll or survey named earlier in the sentence (before token `i`), when the speaker `sp`
    /// is its respondents -- a share (`31%`, `55 percent`, `half`, `six in 10`, `most`) of a
    /// group. The span from the poll's determiner to the noun.
    pub(super) fn poll_before(&self, si: usize, i: usize, sp: Span) -> Option<Span> {
        let who = sp.text(self.text).to_lowercase();
        let share = who.chars().any(|c| c.is_ascii_digit())
            || who.contains("percent")
            || who.contains('%')
            || who.starts_with("of ")
            || ["half", "most", "majorit", "plurality", "few", "many"]
                .iter()
                .any(|w| who.split_whitespace().any(|x| x.starts_with(w)));
        if !share {
            return None;
        }
        let toks = &self.sents[si].toks;
        let p = (0..i).rev().find(|&k| {
            self.sents[si].region[k].is_none()
                && matches!(self.lower(si, k), "poll" | "polls" | "survey" | "surveys")
                && toks[k].span.end <= sp.start
        })?;
        // back to the determiner (`a`, `the`, `an`) or the phrase start
        let mut a = p;
        while a > 0 && p - a < 8 {
            let t = self.tok(si, a - 1);
            if !(t.is_word || self.is_punct(si, a - 1, "-/")) || is_pp_start(&t.lower) {
                break;
            }
            a -= 1;
            if is_determiner(&t.lower) {
                break;
            }
        }
        Some(self.span_of(si, a, p + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn participle_after_an_object_takes_the_subject() {
        let q = run("The town released a statement Wednesday saying the claims were false.");
        assert_eq!(q[0].speaker, Some("The town"));
        assert_eq!(q[0].text, vec!["the claims were false"]);
        let q = run("Roe’s campaign sent out a press release saying Doe owes voters an answer.");
        assert_eq!(q[0].speaker, Some("Roe’s campaign"));
        // `with X saying`: X is the speaker
        let q = run("With Doe saying the race is rigged, the party worries.");
        assert_eq!(q[0].speaker, Some("Doe"));
    }

    #[test]
    fn participle_takes_the_clause_subject() {
        let q = run("Back in 1999, Mr. Trump praised his skills, telling CNBC: “I wish I could be like that.”");
        let d = q
            .iter()
            .find(|q| q.kind == "direct")
            .expect("the quote after the colon");
        assert_eq!(d.text, vec!["I wish I could be like that."]);
        assert_eq!(d.cue, Some("telling"));
        assert_eq!(d.speaker, Some("Mr. Trump"));
    }

    #[test]
    fn subjects_past_negations_time_phrases_relatives_and_catenatives() {
        let speaker = |text: &'static str| {
            let q = run(text);
            assert_eq!(q.len(), 1, "{text}: {q:?}");
            q[0].speaker
        };
        assert_eq!(
            speaker("Officials didn't say whether the plan would survive the vote."),
            Some("Officials")
        );
        assert_eq!(
            speaker("Trump at the time said he would pay the legal fees."),
            Some("Trump")
        );
        assert_eq!(
            speaker("Gore's friends have in the past said he was staying quiet."),
            Some("Gore's friends")
        );
        assert_eq!(
            speaker("Fiorina a month later announced that 6,000 jobs would go."),
            Some("Fiorina")
        );
        let q = run("Essentially, the lawyers read the e-mails and found that one was classified.");
        assert_eq!(q.last().and_then(|q| q.speaker), Some("the lawyers"));
        let q =
            run("A few minutes later they reversed themselves and said they will register voters.");
        assert_eq!(q.last().and_then(|q| q.speaker), Some("they"));
        assert_eq!(
            speaker("Economists who favor consumption taxes agree that change will be slow."),
            Some("Economists")
        );
        assert_eq!(
            speaker("An official who spoke on condition of anonymity said the talks had stalled."),
            Some("An official")
        );
        assert_eq!(
            speaker("Senator Johnson kept asking whether the department had misled the public."),
            Some("Senator Johnson")
        );
        // `that` after an adjective is a complementizer, not a relative pronoun
        assert!(run(
            "By now it should be obvious that voters want to know what is in the returns."
        )
        .iter()
        .all(|q| q.speaker != Some("obvious")));
    }

    #[test]
    fn participles_after_attributions_adverbs_and_fronted_places() {
        fn spk<'t>(text: &'t str, cue: &str) -> Option<&'t str> {
            run(text)
                .into_iter()
                .find(|q| q.cue == Some(cue))
                .unwrap_or_else(|| panic!("no quote with cue {cue} in {text}"))
                .speaker
        }
        // the participle continues the attribution right before its comma
        assert_eq!(
            spk(
                "Roe cannot say that “from his perspective,” Doe added, saying it should be “up to the prosecutor.”",
                "saying"
            ),
            Some("Doe")
        );
        // ... but not a noun that looks like a cue (`points`)
        assert_eq!(
            spk(
                "Christie repeated accusations that Rubio recites the same campaign points, calling him a “talented guy.”",
                "calling"
            ),
            Some("Christie")
        );
        // an adverb between the comma and the participle
        assert_eq!(
            spk(
                "On Friday, Obama took a lighter tone, still calling out the Republicans for their gloom.",
                "calling"
            ),
            Some("Obama")
        );
        // the nearest main clause's subject, not an earlier clause's speaker
        assert_eq!(
            spk(
                "Trump pivoted to talking about trade, but Wallace brought him back to the attacks, asking Trump to share his views.",
                "asking"
            ),
            Some("Wallace")
        );
        // ... past subordinate clauses and a noun's participle
        assert_eq!(
            spk(
                "Bradley apologized for the columns after they came out, saying they were old.",
                "saying"
            ),
            Some("Bradley")
        );
        assert_eq!(
            spk(
                "Sanders went first at the town hall hosted by CNN, predicting a closer primary.",
                "predicting"
            ),
            Some("Sanders")
        );
        // a verb inside an attribution's content: that attribution's speaker goes on
        let q = run("Trump said Clinton lied about the attack, adding that she should apologize.");
        assert!(
            !q.is_empty() && q.iter().all(|q| q.speaker == Some("Trump")),
            "{q:?}"
        );
        // `Here in Columbia,` is a fronted place
        assert_eq!(
            spk(
                "Here in Columbia, Sanders stepped up his emphasis on justice, saying, \"We have got to change.\"",
                "saying"
            ),
            Some("Sanders")
        );
        // a plural noun after a possessive is no reporting verb before a colon
        let q = run("Back home, he returned to his familiar lines: \"It's called America First!\"");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].speaker, Some("he"));
        // speech verbs added to the lexicon
        assert_eq!(
            spk(
                "The senator reiterated that the bill would not pass.",
                "reiterated"
            ),
            Some("The senator")
        );
        assert_eq!(
            spk(
                "Doe denounced the decision as a betrayal of voters.",
                "denounced"
            ),
            Some("Doe")
        );
    }

    #[test]
    fn nominal_cues_and_document_authors() {
        // a noun after a determiner and modifiers is no cue, so its modifier is no speaker
        let q = run("He took credit in his initial tweet that nobody had listened to him.");
        assert!(q.iter().all(|q| q.cue != Some("tweet")), "{q:?}");
        let q = run("His mid-morning tweet followed another that attacked Clinton.");
        assert!(q.iter().all(|q| q.cue != Some("tweet")), "{q:?}");
        let q = run("He would not say whether he would honor a previous pledge to remain neutral.");
        assert!(q.iter().all(|q| q.cue != Some("pledge")), "{q:?}");
        let q = run("Sales grew 60 percent, according to a recent report from Bloomberg New Energy Finance.");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].speaker, Some("Bloomberg New Energy Finance"));
        let q = run("Turnout rose sharply, according to an analysis by the Pew Research Center.");
        assert_eq!(q[0].speaker, Some("the Pew Research Center"));
        // no author named: the document is the source
        let q = run("Turnout rose sharply, according to the report.");
        assert_eq!(q[0].speaker, Some("the report"));
    }

    #[test]
    fn a_quote_after_a_possessed_noun_of_saying_is_the_possessors() {
        let q = run("The union is unlikely to back her after her March comment that, \"We're going to put a lot of coal miners out of business.\"");
        assert_eq!(q[0].speaker, Some("her"), "{q:?}");
        let q = run("It was Mr. Obama's lyrical rejection of \"a politics of cynicism\" that won the night.");
        assert_eq!(q[0].speaker, Some("Mr. Obama's"), "{q:?}");
        let q = run("His standing improved after the shootings and his call for \"a total and complete ban\" on entry.");
        assert_eq!(q[0].speaker, Some("his"), "{q:?}");
        // no possessor: the sentence's subject as before
        let q = run(
            "Mr. Obama expressed a deep regret for \"the way things turned out in the end\" today.",
        );
        assert_eq!(q[0].speaker, Some("Mr. Obama"), "{q:?}");
    }

    #[test]
    fn absolute_with_clauses_naming_participles_and_prepositions() {
        let q = run("Santorum turned on Cruz, with the campaign of the former senator saying Cruz was weak on immigration.");
        assert_eq!(
            q[0].speaker,
            Some("the campaign of the former senator"),
            "{q:?}"
        );
        let q = run("At a rally, some supporters kicked a protester, with Trump reportedly yelling: \"Get him the hell out of here!\"");
        assert_eq!(q[0].speaker, Some("Trump"), "{q:?}");
        // `called` naming an object is no cue; the participle takes the subject
        let q = run("Carson shared a syllabus for a psychology class called “Perception” on his page, writing “Here is a syllabus for the class you claim never existed.”");
        assert!(q.iter().all(|q| q.cue != Some("called")), "{q:?}");
        assert_eq!(q.last().unwrap().speaker, Some("Carson"), "{q:?}");
        let q = run("In the past, Trump had voiced support for a single-payer system and called himself pro-choice.");
        assert_eq!(q[0].speaker, Some("Trump"), "{q:?}");
        // no speaker ends in a preposition
        let q = run("The Checker gave Carson two Pinocchios for dismissing the idea that he had a relationship with the company.");
        assert!(
            q.iter()
                .all(|q| !q.speaker.is_some_and(|s| s.ends_with(" for"))),
            "{q:?}"
        );
    }

    #[test]
    fn a_participle_after_by_takes_the_clause_subject() {
        let q = run("When he returned he began by saying, “I don’t think that it’s necessary for him to go to jail.” Just those words.");
        assert_eq!(
            (q[0].speaker, q[0].cue),
            (Some("he"), Some("saying")),
            "{q:?}"
        );
    }

    #[test]
    fn nouns_and_passives_are_not_cues() {
        assert!(run("Marquez is accused of plotting two other assaults.").is_empty());
        let q = run(
            "Alongside BLM calls for action, a top strategist said Clinton will have to choose.",
        );
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].cue, Some("said"));
        assert_eq!(q[0].speaker, Some("a top strategist"));
    }

    #[test]
    fn participles_numbers_and_phrasal_verbs_are_not_cues() {
        let q = run("WASHINGTON (AP) — A news report published Wednesday said Defense Secretary Ash Carter used a personal email account.");
        assert_eq!(q[0].speaker, Some("A news report"), "{q:?}");
        let q = run("The current count gives her 1,280 pledged delegates and 469 super delegates for a total of 1,749.");
        assert!(q.is_empty(), "{q:?}");
        let q = run("Chicago-based AbbVie and Dublin-based Shire called off a $54 billion inversion deal after the rules.");
        assert!(q.is_empty(), "{q:?}");
    }
}
