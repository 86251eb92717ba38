//! Attributions before a quote (intros): `SUBJECT VERB[,:] "..."` in its own sentence or the
//! previous one, and `as` clauses (`As Roe pointed out, "..."`, `as Doe put it, "..."`).

use super::*;

impl Extractor<'_> {
    /// A quote introduced by `SUBJECT VERB[,:]` in its own sentence, or by a previous sentence
    /// ending in a colon. Returns the cue and the speaker.
    pub(super) fn intro_before(&self, si: usize, at: usize) -> Option<(Span, Option<Span>)> {
        let sent = &self.sents[si];
        let k = sent.toks.iter().position(|t| t.span.start >= at)?;
        if let Some(found) = self.as_clause_before(si, k) {
            return Some(found);
        }
        if k >= 2
            && self.is_punct(si, k - 1, ",:")
            && self.tok(si, k - 2).is_word
            && sent.region[k - 2].is_none()
        {
            if let Some(found) = self.verb_before_quote(si, k - 2) {
                return Some(found);
            }
            if self.is_punct(si, k - 1, ":") {
                return self.colon_intro(si, k);
            }
        }
        if let Some(found) = self.inverted_intro(si, k) {
            return Some(found);
        }
        if k == 0 && si > 0 {
            return self.colon_sentence_before(si);
        }
        None
    }

    /// `SUBJECT VERB, "..."` with the verb at `v` (right before the comma or colon before the
    /// quote): a `with` absolute, `began by saying`, a participle after a comma, the NP before
    /// the verb, or the subject of `was prompted to say`. `None`: no such intro.
    fn verb_before_quote(&self, si: usize, v: usize) -> Option<(Span, Option<Span>)> {
        let sent = &self.sents[si];
        let verb = self.tok(si, v);
        // `he returned to his familiar lines: "..."`: after a possessive, an `-s` word
        // outside the cue lexicon is a plural noun
        let possessed = v >= 2
            && cue_class(&verb.lower).is_none()
            && (v.saturating_sub(3)..v).any(|x| {
                matches!(
                    self.lower(si, x),
                    "his" | "her" | "its" | "their" | "our" | "my" | "your"
                )
            });
        let verbish = !verb.cap
            && !possessed
            && (verb.lower.ends_with("ed")
                || verb.lower.ends_with('s')
                || cue_class(&verb.lower).is_some());
        // `Roe said on Monday, adding, "..."`: the participle's subject is the speaker of
        // the attribution before it in the sentence, else the clause's subject
        let after_comma = v > 0
            && (self.is_punct(si, v - 1, ",")
                || (self.is_quote_mark(si, v - 1)
                    && sent.region[v - 1]
                        .is_some_and(|r| self.regions[r].inner.text(self.text).ends_with(','))));
        if let Some(spk) = self.with_absolute(si, v) {
            return Some((verb.span, Some(spk)));
        }
        // `he began by saying, "..."`: the clause's subject
        if verb.lower.ends_with("ing")
            && cue_class(&verb.lower).is_some()
            && v >= 2
            && matches!(self.lower(si, v - 1), "by" | "after" | "before" | "while")
        {
            let subj = self
                .nearest_clause_subject(si, v - 1)
                .or_else(|| self.sentence_subject(si, v - 1));
            if let Some(subj) = subj {
                return Some((verb.span, Some(subj)));
            }
        }
        if verbish && verb.lower.ends_with("ing") && after_comma {
            if let Some(spk) = self.participle_intro_speaker(si, v) {
                return Some((verb.span, Some(spk)));
            }
        }
        if verbish {
            if let Some((a, b)) = self.np_left(si, v) {
                return Some((verb.span, Some(self.span_of(si, a, b))));
            }
            if let Some(subj) = self.infinitive_subject(si, v) {
                return Some((verb.span, Some(subj)));
            }
        }
        None
    }

    /// The speaker of a participle intro at `v` after a comma: the speaker of the last
    /// attribution before it in the sentence (not a relative pronoun), else the sentence's
    /// subject.
    fn participle_intro_speaker(&self, si: usize, v: usize) -> Option<Span> {
        let verb = self.tok(si, v);
        let sent_span = self.sents[si].span;
        let prev = self
            .quotes
            .iter()
            .filter(|q| {
                q.cue
                    .is_some_and(|c| sent_span.contains(c) && c.end <= verb.span.start)
            })
            .filter_map(|q| q.speaker.map(|s| (q.cue.map_or(0, |c| c.start), s)))
            .max_by_key(|(c, _)| *c)
            .map(|(_, s)| s)
            // `Roe, who said ..., issued a statement saying, "..."`: the relative
            // pronoun speaks inside its clause; the participle belongs to the main one
            .filter(|s| {
                !matches!(
                    s.text(self.text).to_lowercase().as_str(),
                    "who" | "which" | "that"
                )
            });
        prev.or_else(|| self.sentence_subject(si, v))
    }

    /// `Mr. Trump was prompted to say, "..."`: the subject of the verb taking the infinitive
    /// cue at `v` (not an object: `urged him to say`).
    fn infinitive_subject(&self, si: usize, v: usize) -> Option<Span> {
        let verb = self.tok(si, v);
        if !(v >= 2
            && self.lower(si, v - 1) == "to"
            && cue_class(&verb.lower).is_some()
            && self.tok(si, v - 2).is_word
            && !matches!(self.lower(si, v - 2), "him" | "her" | "them" | "me" | "us"))
        {
            return None;
        }
        // the subject before the verbs (`that Mr. Trump was prompted to say`)
        let mut j = v - 1;
        while j > 0 && v - 1 - j < 4 && {
            let t = self.tok(si, j - 1);
            t.is_word && !t.cap && !is_determiner(&t.lower) && !is_pronoun(&t.lower)
        } {
            j -= 1;
        }
        let near = (j < v - 1)
            .then(|| self.np_left_plain(si, j))
            .flatten()
            .filter(|&(a, _)| {
                self.tok(si, a).cap
                    || matches!(self.lower(si, a), "he" | "she" | "they" | "i" | "we")
            })
            .map(|(a, b)| self.span_of(si, a, b));
        near.or_else(|| self.sentence_subject(si, v - 1))
    }

    /// A colon right before the quote at `k`: a headline's names (`HEADLINE - Michael P.
    /// McDonald: "..."`), else the subject of the nearest main clause (`Cruz called them on it:
    /// "..."`). The colon is the cue.
    fn colon_intro(&self, si: usize, k: usize) -> Option<(Span, Option<Span>)> {
        // `HEADLINE - Michael P. McDonald: "..."`
        if self.tok(si, k - 2).cap
            && !self
                .tok(si, k - 2)
                .text(self.text)
                .chars()
                .all(|c| !c.is_lowercase())
        {
            if let Some(found) = self.headline_names(si, k) {
                return Some(found);
            }
        }
        // `Cruz called them on it: "..."`; `Reid said ..., but he gave the Texan a
        // compliment: "..."`: the subject of the nearest main clause
        let subj = self
            .nearest_clause_subject(si, k - 1)
            .or_else(|| self.sentence_subject(si, k - 1))?;
        Some((self.tok(si, k - 1).span, Some(subj)))
    }

    /// Capitalised names opening their clause before the colon at `k - 1` (also coordinated:
    /// `HEADLINE - Jane Roe and John Doe: "..."`), not the object of `wrote on Twitter:`.
    fn headline_names(&self, si: usize, k: usize) -> Option<(Span, Option<Span>)> {
        let (mut a, b) = self.np_left_plain(si, k - 1)?;
        // coordinated names: `HEADLINE - Jane Roe and John Doe: "..."`
        if a >= 2 && self.lower(si, a - 1) == "and" {
            if let Some((a2, _)) = self.np_left_plain(si, a - 1) {
                let named = (a2..a - 1)
                    .all(|x| self.tok(si, x).cap || self.title_dot(si, x, a - 1))
                    && (a2..a - 1).any(|x| {
                        self.tok(si, x)
                            .text(self.text)
                            .chars()
                            .any(char::is_lowercase)
                    });
                if named && (a2 == 0 || !self.tok(si, a2 - 1).is_word) {
                    a = a2;
                }
            }
        }
        // the name opens its clause: not the object of `wrote on Twitter:`
        let opens = a == 0 || !self.tok(si, a - 1).is_word;
        let all_names = (a..b)
            .all(|x| self.tok(si, x).cap || !self.tok(si, x).is_word || self.lower(si, x) == "and");
        (opens && all_names).then(|| (self.tok(si, k - 1).span, Some(self.span_of(si, a, b))))
    }

    /// `But, said Jane Roe, "..."`: an inverted cue before the quote at `k`.
    fn inverted_intro(&self, si: usize, k: usize) -> Option<(Span, Option<Span>)> {
        if !(k >= 3 && self.is_punct(si, k - 1, ",") && self.tok(si, k - 2).is_word) {
            return None;
        }
        let (a, b) = self.np_left_plain(si, k - 1)?;
        let cue = a.checked_sub(1).map(|c| self.tok(si, c));
        let ok = cue.is_some_and(|c| {
            c.is_word && !c.cap && cue_class(&c.lower).is_some_and(|x| x != CueClass::Belief)
        }) && self.tok(si, a).cap
            && self.sents[si].region[a - 1].is_none();
        ok.then(|| (self.tok(si, a - 1).span, Some(self.span_of(si, a, b))))
    }

    /// A quote opening sentence `si` after a sentence ending in a colon (in the same or the
    /// previous paragraph): an `as` clause there (`..., as the Heritage Foundation website
    /// notes:`), else that sentence's subject.
    fn colon_sentence_before(&self, si: usize) -> Option<(Span, Option<Span>)> {
        let p = si - 1;
        let m = self.sents[p].toks.len();
        if !(m >= 2
            && self.is_punct(p, m - 1, ":")
            && self.sents[p].region[m - 1].is_none()
            && self.paragraph_of(si) <= self.paragraph_of(p) + 1)
        {
            return None;
        }
        // `..., as the Heritage Foundation website notes:` ¶ `"..."`
        if let Some(found) = self.as_clause_before(p, m) {
            return Some(found);
        }
        let subj = self.sentence_subject(p, m - 1)?;
        let cue = if self.tok(p, m - 2).is_word {
            self.tok(p, m - 2).span
        } else {
            self.tok(p, m - 1).span
        };
        Some((cue, Some(subj)))
    }

    /// `As Roe pointed out in December, "..."`, `as Doe put it, "..."`, `as Roe told the
    /// Associated Press (AP), "..."`: an `as` clause right before the quote names the speaker.
    pub(super) fn as_clause_before(&self, si: usize, k: usize) -> Option<(Span, Option<Span>)> {
        if k < 4 || !self.is_punct(si, k - 1, ",:") {
            return None;
        }
        let x = (k.saturating_sub(16)..k - 1)
            .rev()
            .take_while(|&x| self.sents[si].region[x].is_none() && !self.is_punct(si, x, ",;:"))
            .find(|&x| self.lower(si, x) == "as")?;
        let is_cue = |v: usize| {
            let t = self.tok(si, v);
            t.is_word
                && !t.cap
                && (cue_class(&t.lower).is_some_and(|c| c != CueClass::Belief)
                    || matches!(t.lower.as_str(), "put" | "puts" | "pointed" | "points"))
        };
        let v = (x + 2..k - 1).find(|&v| is_cue(v))?;
        let a = x + 1;
        let mut e = v;
        while e > a && self.is_adv(si, e - 1) {
            e -= 1;
        }
        let head = self.tok(si, a);
        // a name, a pronoun, a determiner's NP or a titled name (`prosecutor Marc Roe`)
        let named = head.cap || (a + 1..e).any(|y| self.tok(si, y).cap);
        let ok = e > a
            && e - a <= MAX_NP
            && (named || is_pronoun(&head.lower) || is_determiner(&head.lower))
            && !matches!(head.lower.as_str(), "it" | "that" | "which" | "this" | "if")
            && (a..e).all(|y| {
                self.tok(si, y).is_word
                    || self.title_dot(si, y, e)
                    || matches!(self.tok(si, y).text(self.text), "'" | "’")
            });
        ok.then(|| (self.tok(si, v).span, Some(self.span_of(si, a, e))))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn participle_before_a_quote_takes_the_speaker_of_the_sentence() {
        let q = run("Doe spoke on Monday, adding: “The problem is he is an insider.”");
        assert_eq!(q[0].speaker, Some("Doe"));
        assert_eq!(q[0].cue, Some("adding"));
        let q = run("“It is over,” Doe said on “Morning Talk,” adding, “We lost this one.”");
        let last = q.last().unwrap();
        assert_eq!(last.text, vec!["We lost this one."]);
        assert_eq!(last.speaker, Some("Doe"));
        // a relative clause's speaker is not the participle's
        let q = run("Mr. Doe, who said last week that the plan was dead, issued a statement Friday saying, “I never felt that way.”");
        assert_eq!(q.last().unwrap().speaker, Some("Mr. Doe"));
    }

    #[test]
    fn colon_intro_takes_the_subject_not_the_medium() {
        let q = run("Mr. Roe wrote on Twitter: “We will win this race in the end.”");
        assert_eq!(q[0].speaker, Some("Mr. Roe"));
        let q = run("Likewise, Jane Roe added: “The plan fails on every count.”");
        assert_eq!(q[0].speaker, Some("Jane Roe"));
        // a newsletter item: an upper-case headline, a dash, then two authors
        let q = run("RIVER TOWNS LEAN LEFT - Jane Roe and John Doe: “Our survey shows a steady shift in the small towns along the river.”");
        assert_eq!(q[0].speaker, Some("Jane Roe and John Doe"));
    }

    #[test]
    fn inverted_cue_before_a_quote() {
        let q = run("It was tense. But, said Jane Roe, “I do not want to drum up conflict here.”");
        assert_eq!(q[0].speaker, Some("Jane Roe"));
        assert_eq!(q[0].cue, Some("said"));
    }

    #[test]
    fn as_clauses_interrupters_infinitives_and_outros_with_a_tail() {
        let q = run("As RealClearPolitics’ David Byler pointed out in December, “In the week before the convention, the delegates will vote.”");
        assert_eq!(
            q[0].speaker,
            Some("RealClearPolitics’ David Byler"),
            "{q:?}"
        );
        let q = run("But at the time, as prosecutor Marc Roe put it, \"there was not much to complain about in the strict terms.\"");
        assert_eq!(q[0].speaker, Some("prosecutor Marc Roe"), "{q:?}");
        let q = run("Cost estimates, he added, were “based on a prototype detention facility.”");
        assert_eq!(
            (q[0].speaker, q[0].cue),
            (Some("he"), Some("added")),
            "{q:?}"
        );
        let q = run("The debate was so subdued that Mr. Trump was prompted to say, \"So far, I cannot believe how civil it's been.\"");
        assert_eq!(q[0].speaker, Some("Mr. Trump"), "{q:?}");
        let q = run(
            "“Go back to Univision,” Trump barked and a security guard escorted the reporter out.",
        );
        assert_eq!(q[0].speaker, Some("Trump"), "{q:?}");
        let q = run("\"Will he be the next attorney general?\" a Democratic staffer in the room wondered aloud.");
        assert_eq!(q[0].speaker, Some("a Democratic staffer"), "{q:?}");
        // a dash before the quote is no dateline
        let q = run("Trump also embraced enhanced interrogation techniques -- \"I think waterboarding is peanuts compared to what they'd do.\"");
        assert_eq!(q[0].speaker, Some("Trump"), "{q:?}");
    }

    #[test]
    fn bare_said_sentences_and_as_clauses_before_a_colon() {
        let q = run("“Russia, if you’re listening, I hope you’re able to find the emails.” Trump said.\n\nNext.");
        assert_eq!(
            (q[0].speaker, q[0].cue),
            (Some("Trump"), Some("said")),
            "{q:?}"
        );
        // a full stop and a longer sentence: no outro
        let q = run("“The emails are gone.” Trump said he would find them.");
        assert_ne!(q[0].cue, Some("said"), "{q:?}");
        let q = run("It is hard to overstate its weight, as the Heritage Foundation website notes:\n\n\"In the fall of 1960, some 90 young conservatives met in Sharon.\"");
        assert_eq!(
            q.last().unwrap().speaker,
            Some("the Heritage Foundation website"),
            "{q:?}"
        );
        // a sentence after the quote that opens with `And` (np_right once indexed before it)
        let q = run("“The piece is wrong.” And it accuses Sanders of being a politician.");
        assert!(!q.is_empty());
    }

    #[test]
    fn as_clauses_earlier_in_the_sentence_and_fronted_adverbs() {
        let q = run("As White House press secretary Josh Earnest explained, three taxes were postponed in the deal, “which sounds like a lot of money to most people.”");
        assert_eq!(
            q[0].speaker,
            Some("White House press secretary Josh Earnest"),
            "{q:?}"
        );
        let q = run("Immediately after the attacks, Trump issued a statement, “Last night, our nation was attacked by a radical terrorist.”");
        assert_eq!(q[0].speaker, Some("Trump"), "{q:?}");
        let q = run("Lawmakers had mentioned China, but the report on Wednesday for the first time cited a 2013 memo as pointing toward China.");
        assert!(
            q.iter().all(|q| q.speaker != Some("the first time")),
            "{q:?}"
        );
    }

    #[test]
    fn quotes_after_fronted_clauses_and_inside_who_clauses() {
        let q = run("''It's an enormous moment,'' said Steve Schmidt, a strategist. Unless further rivals immediately quit the race, ''it's very difficult to see how he is stopped.''");
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[1].speaker, Some("Steve Schmidt"), "{q:?}");
        let q = run("Trump, who has postured himself as the “law and order candidate,” has taken a hardline stance.");
        assert_eq!(q[0].speaker, Some("who"), "{q:?}");
    }
}
