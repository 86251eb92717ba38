//! Quotes no cue frame consumed, attributed from the discourse around them: bare quote regions
//! (taking an outro, an intro, a dangling `X said:` or the speaker of the quote they continue),
//! block quotes after `X writes:`, and headlines `Putin: ...`.

use super::*;

impl Extractor<'_> {
    /// Headlines of the form `Putin: Patriotic Russians May Have Hacked in Election`.
    pub(super) fn headline(&mut self, first: Option<Span>) {
        let Some(p) = first else { return };
        let Some(si) = self.sents.iter().position(|s| s.span.start == p.start) else {
            return;
        };
        if self.sents[si].para != 0 || self.quotes.iter().any(|q| q.extent().overlaps(p)) {
            return;
        }
        let n = self.sents[si].toks.len();
        let colon = (1..n.min(6)).find(|&k| self.is_punct(si, k, ":"));
        let Some(c) = colon else { return };
        if !(0..c).all(|k| self.tok(si, k).is_word && self.tok(si, k).cap) || c + 2 >= n {
            return;
        }
        let speaker = self.span_of(si, 0, c);
        let cue = self.span_of(si, c, c + 1);
        let mut e = n;
        while e > c + 1 && !self.tok(si, e - 1).is_word && !self.is_quote_mark(si, e - 1) {
            e -= 1;
        }
        for k in c + 1..e {
            if let Some(r) = self.sents[si].region[k] {
                self.used[r] = true;
            }
        }
        self.push(si, c + 1, e, Some(cue), Some(speaker), 0.6);
    }

    /// Quote regions no cue frame consumed.
    pub(super) fn bare_regions(&mut self) {
        for r in 0..self.regions.len() {
            if !self.used[r] {
                self.bare_region(r);
            }
        }
    }

    /// One quote region no cue frame consumed: skipped when it is a scare quote or part of a
    /// fronted question, else a quote (with the fragments of a multi-paragraph quote it opens)
    /// attributed by the first of: the attribution around it, the quote it continues, the
    /// sentence or paragraph before, its own sentence -- else no speaker.
    fn bare_region(&mut self, r: usize) {
        let reg = self.regions[r].clone();
        let Some(si) = self
            .sents
            .iter()
            .position(|s| s.span.contains(Span::new(reg.outer.start, reg.outer.start)))
        else {
            return;
        };
        let words = self.text[reg.inner.start..reg.inner.end]
            .split_whitespace()
            .count();
        let starts_sentence = self.region_starts_sentence(si, &reg);
        // scare quotes and titles: short fragments inside a narrative sentence
        if words < 4 && !starts_sentence {
            return;
        }
        if words < 2 {
            return;
        }
        let spans = self.chain_forward(r);
        if !starts_sentence && spans.len() == 1 && self.in_fronted_question(si, &reg) {
            return;
        }
        let done = self.attribution_around(si, r, &reg, &spans)
            || self.continued_quote(si, &reg, &spans, starts_sentence)
            || (starts_sentence && self.previous_sentence_speaker(si, &reg, &spans))
            || (!starts_sentence && self.speaker_in_sentence(si, &reg, &spans));
        if !done {
            self.push_spans(spans, None, None, if reg.closed { 0.5 } else { 0.35 });
        }
    }

    /// The region opens its sentence -- or follows a sentence-final mark the segmenter did not
    /// split at (`... shaking his head no. "But ..."`).
    fn region_starts_sentence(&self, si: usize, reg: &QuoteRegion) -> bool {
        let sent = &self.sents[si];
        reg.outer.start <= sent.span.start + 1
            || sent
                .toks
                .iter()
                .rposition(|t| t.span.end <= reg.outer.start)
                .is_some_and(|p| {
                    sent.region[p].is_none()
                        && !sent.toks[p].is_word
                        && ".!?".contains(sent.toks[p].text(self.text))
                        && !(p > 0 && self.title_dot(si, p, sent.toks.len()))
                })
    }

    /// `Asked whether Roe "...," Doe said.`: part of a fronted question with no asker.
    fn in_fronted_question(&mut self, si: usize, reg: &QuoteRegion) -> bool {
        let toks = &self.sents[si].toks;
        let kq = toks.iter().position(|t| t.span.start >= reg.outer.start);
        let ke = toks.iter().position(|t| t.span.start >= reg.outer.end);
        if let (Some(kq), Some(ke)) = (kq, ke) {
            let s0 = self.clause_start(si, kq);
            let ends = reg.inner.text(self.text).ends_with(',') || self.is_punct(si, ke, ",");
            if ends && s0 < kq && self.fronted_question(si, s0, ke) {
                return true;
            }
        }
        false
    }

    /// The attribution right around the quote: an outro after its last fragment (`"...," he
    /// surmised.`: any verb), a dash credit line, an intro before it (`X chanted, "..."`), a
    /// dangling `He said:` just before, or its sentence's `according to` source. True when it
    /// took the quote.
    fn attribution_around(
        &mut self,
        si: usize,
        r: usize,
        reg: &QuoteRegion,
        spans: &[Span],
    ) -> bool {
        // (after the last fragment of a multi-paragraph quote)
        let last = self.regions[r + spans.len() - 1].clone();
        if let Some((cue, speaker)) = self.outro_after(&last) {
            self.push_spans(spans.to_vec(), Some(cue), Some(speaker), 0.65);
            return true;
        }
        if let Some(speaker) = self.dash_credit(&last) {
            self.push_spans(spans.to_vec(), None, Some(speaker), 0.6);
            return true;
        }
        // `X chanted, "..."` / `Kasich resisted: "..."`: any verb right before the quote
        if let Some((cue, speaker)) = self.intro_before(si, reg.outer.start) {
            self.push_spans(spans.to_vec(), Some(cue), speaker, 0.7);
            return true;
        }
        // `He said:` right before
        let dangling = self
            .dangling
            .iter()
            .rev()
            .find(|d| {
                d.sent < si && si - d.sent <= 1
                    || d.sent == si && self.sents[si].span.start < reg.outer.start
            })
            .copied();
        if let Some(d) = dangling.filter(|d| d.sent + 1 >= si) {
            self.push_spans(spans.to_vec(), Some(d.cue), d.speaker, 0.8);
            return true;
        }
        // `According to Trump, he was ..., but is now "..."`: the sentence's `according to`
        // source
        let sent_span = self.sents[si].span;
        let according = self
            .quotes
            .iter()
            .filter(|q| {
                q.cue.is_some_and(|c| {
                    sent_span.contains(c) && c.text(self.text).to_lowercase() == "according to"
                }) && q.speaker.is_some()
            })
            .map(|q| (q.cue, q.speaker))
            .next();
        if let Some((cue, speaker)) = according {
            self.push_spans(spans.to_vec(), cue, speaker, 0.6);
            return true;
        }
        false
    }

    /// Continuation of an attributed quote: more quoted sentences by the same speaker in its
    /// paragraph join it as fragments, and a quote paragraph right after a paragraph that ends
    /// with that quote goes on with its speaker. True when it took the quote.
    fn continued_quote(
        &mut self,
        si: usize,
        reg: &QuoteRegion,
        spans: &[Span],
        starts_sentence: bool,
    ) -> bool {
        let para = self.paragraph_of(si);
        let prev = self
            .quotes
            .iter()
            .filter(|q| {
                q.kind != QuoteKind::Indirect
                    && q.speaker.is_some()
                    && q.extent().end <= reg.outer.start
            })
            .max_by_key(|q| q.extent().end)
            .cloned();
        let Some(q) = prev else { return false };
        let qpara = self.para_index(q.extent().end);
        let (qe, rs) = (q.extent().end, reg.outer.start);
        let narrative_between = self
            .sents
            .iter()
            .filter(|s| s.span.start >= qe && s.span.end <= rs)
            .count();
        // more quoted sentences by the same speaker: one quote with several fragments
        // (`"A," he said. "B."`), as annotators mark it
        if qpara == para && starts_sentence && narrative_between <= 1 {
            if let Some(prev) = self.quotes.iter_mut().find(|x| x.extent() == q.extent()) {
                prev.spans.extend(spans.iter().copied());
                return true;
            }
        }
        // a quote paragraph right after a paragraph that ends with an attributed quote:
        // the same voice goes on (the seed's unattributed quote follows narrative: none)
        let prev_last = self.sents.iter().rposition(|s| s.para + 1 == para);
        let ends_prev = prev_last.is_some_and(|p| {
            self.sents[p]
                .span
                .contains(Span::new(q.extent().end, q.extent().end))
        });
        // (the quote opens its paragraph: `Clinton touted her record. "We need ..."`
        // after a paragraph of Sanders's quote is not Sanders's)
        let opens_para = self.sents[si].span.start >= reg.outer.start.saturating_sub(1)
            && (si == 0 || self.sents[si - 1].para != para);
        if qpara + 1 == para
            && starts_sentence
            && ends_prev
            && opens_para
            && self.sents[si].para == para
        {
            self.push_spans(spans.to_vec(), None, q.speaker, 0.5);
            return true;
        }
        false
    }

    /// A quote opening its sentence takes the speaker of the sentence before: the named or
    /// he/she subject of a narrative sentence of its paragraph, or the named or he/she speaker
    /// of an attribution ending the paragraph before. True when it took the quote.
    fn previous_sentence_speaker(&mut self, si: usize, reg: &QuoteRegion, spans: &[Span]) -> bool {
        let para = self.paragraph_of(si);
        // `Clinton touted her credentials. "We need ..."`: a quote opening a sentence right
        // after a narrative sentence of its paragraph is that sentence's subject's (a name
        // or a personal pronoun; the paragraph's first sentence is no such narrative)
        if si > 0
            && self.sents[si - 1].para == para
            && self.sents[si].span.start + 1 >= reg.outer.start
        {
            let p = si - 1;
            let m = self.sents[p].toks.len();
            let narrative = self.sents[p].region.iter().all(|r| r.is_none());
            if let Some(subj) = narrative.then(|| self.sentence_subject(p, m)).flatten() {
                if looks_like_person(subj.text(self.text)) {
                    self.push_spans(spans.to_vec(), None, Some(subj), 0.4);
                    return true;
                }
            }
        }
        // `Rubio responded first, ripping into President Obama.` ¶ `"I have been warning
        // ..."`: a quote paragraph right after a paragraph whose last sentence attributes
        // something to a named or he/she speaker goes on with that speaker
        if si > 0 && self.sents[si - 1].para + 1 == para {
            let p = si - 1;
            let ps = self.sents[p].span;
            let narrative = self.sents[p].region.iter().all(|r| r.is_none());
            let prev = self
                .quotes
                .iter()
                .filter(|q| q.cue.is_some_and(|c| ps.contains(c)))
                .filter_map(|q| q.speaker)
                .find(|sp| looks_like_person(sp.text(self.text)));
            if let Some(sp) = prev.filter(|_| narrative) {
                self.push_spans(spans.to_vec(), None, Some(sp), 0.4);
                return true;
            }
        }
        false
    }

    /// A quote inside a narrative sentence (`Mr. Obama expressed a deep regret for "..."`):
    /// the possessor of a noun of saying, an interrupting attribution, an earlier `as` clause,
    /// the reported clause around it, an open `, who` clause, the sentence's subject -- or,
    /// after a fronted clause with no subject, the speaker of the quote just before. True when
    /// it took the quote.
    fn speaker_in_sentence(&mut self, si: usize, reg: &QuoteRegion, spans: &[Span]) -> bool {
        if let Some(k) = self.sents[si]
            .toks
            .iter()
            .position(|t| t.span.start >= reg.outer.start)
        {
            if self.speaker_around_token(si, k, reg, spans) {
                return true;
            }
        }
        // `"...," said Roe. Unless rivals quit, "it's very difficult ..."`: no subject
        // of its own after a fronted clause; the speaker of the quote just before, in
        // the same sentence or the one before it in the paragraph, goes on
        let para = self.paragraph_of(si);
        let prev = self
            .quotes
            .iter()
            .filter(|q| q.kind != QuoteKind::Indirect && q.extent().end <= reg.outer.start)
            .max_by_key(|q| q.extent().end)
            .filter(|q| {
                let qe = q.extent().end;
                self.para_index(qe) == para
                    && self
                        .sents
                        .iter()
                        .filter(|s| s.span.start >= qe && s.span.end <= reg.outer.start)
                        .count()
                        == 0
                    && (self.sents[si].span.contains(Span::new(qe, qe))
                        || (si > 0 && self.sents[si - 1].span.contains(Span::new(qe, qe))))
            })
            .and_then(|q| q.speaker);
        if let Some(sp) = prev {
            self.push_spans(spans.to_vec(), None, Some(sp), 0.45);
            return true;
        }
        false
    }

    /// [`Self::speaker_in_sentence`] for the quote opening at token `k`, before the fallback
    /// to the previous quote's speaker.
    fn speaker_around_token(
        &mut self,
        si: usize,
        k: usize,
        reg: &QuoteRegion,
        spans: &[Span],
    ) -> bool {
        if let Some(who) = self.speech_noun_possessor(si, k) {
            self.push_spans(spans.to_vec(), None, Some(who), 0.45);
            return true;
        }
        if let Some((cue, who)) = self.interrupting_attribution(si, k) {
            self.push_spans(spans.to_vec(), Some(cue), Some(who), 0.55);
            return true;
        }
        // `As press secretary Josh Earnest explained, three taxes were postponed,
        // "which sounds like a lot"`: an `as` clause earlier in the sentence
        let as_clause = (1..k)
            .rev()
            .filter(|&c| self.is_punct(si, c, ","))
            .find_map(|c| self.as_clause_before(si, c + 1));
        if let Some((cue, who)) = as_clause {
            self.push_spans(spans.to_vec(), Some(cue), who, 0.5);
            return true;
        }
        // `Roe wrote to investors, telling them Valeant was "worth ..."`: a quote
        // inside a reported clause is that clause's speaker's
        let outer = reg.outer;
        let reported = self
            .quotes
            .iter()
            .filter(|q| {
                q.kind == QuoteKind::Indirect
                    && q.spans
                        .iter()
                        .any(|s| s.start <= outer.start && outer.end <= s.end)
            })
            .find_map(|q| q.speaker.zip(q.cue));
        if let Some((who, cue)) = reported {
            self.push_spans(spans.to_vec(), Some(cue), Some(who), 0.45);
            return true;
        }
        // `Trump, who has postured himself as the "law and order candidate," has
        // taken ...`: inside a `, who` clause the pronoun speaks
        if let Some(w) = self.open_who_clause(si, k) {
            let who = self.tok(si, w).span;
            self.push_spans(spans.to_vec(), None, Some(who), 0.45);
            return true;
        }
        let Some(subj) = self.sentence_subject(si, k) else {
            return false;
        };
        // `labeled Mr. Trump "unfit ..."`, `credited him for "an exciting
        // campaign"`: a verb a few words before the quote governs it, and its
        // object belongs to the (mixed) content
        if let Some(v) = self.governing_verb(si, k) {
            let mut all = vec![Span::new(self.tok(si, v + 1).span.start, spans[0].end)];
            all.extend(spans.iter().skip(1).copied());
            let cue = self.span_of(si, v, v + 1);
            self.push_spans(all, Some(cue), Some(subj), 0.45);
            return true;
        }
        self.push_spans(spans.to_vec(), None, Some(subj), 0.45);
        true
    }

    /// `Hewitt writes:` ending a paragraph, then a paragraph without quotation marks: the
    /// paragraph is the block-quoted content of that attribution.
    pub(super) fn block_quotes(&mut self) {
        let dangling: Vec<Dangling> = self.dangling.clone();
        for d in dangling {
            let Some(speaker) = d.speaker else { continue };
            let (si, nx) = (d.sent, d.sent + 1);
            if nx >= self.sents.len() || self.sents[nx].para != self.sents[si].para + 1 {
                continue;
            }
            let m = self.sents[si].toks.len();
            if m < 2
                || !self.is_punct(si, m - 1, ":")
                || self.sents[nx].region.first() != Some(&None)
            {
                continue;
            }
            let para = self.sents[nx].para;
            let last = (nx..self.sents.len())
                .take_while(|&x| self.sents[x].para == para)
                .last()
                .unwrap_or(nx);
            let span = Span::new(self.sents[nx].span.start, self.sents[last].span.end);
            let taken = self.quotes.iter().any(|q| {
                q.cue == Some(d.cue)
                    || q.spans
                        .iter()
                        .any(|s| s.start <= span.start && span.start < s.end)
            });
            if taken || span.len() > 2000 {
                continue;
            }
            self.push_spans(vec![span], Some(d.cue), Some(speaker), 0.5);
        }
    }
}

/// A he/she pronoun or a short capitalised name (at most three words, not `The` / `This` /
/// `That` / `It` ...): a speaker a following quote can continue.
fn looks_like_person(t: &str) -> bool {
    let first = t.split_whitespace().next().unwrap_or("");
    matches!(first, "He" | "She" | "he" | "she")
        || (t.split_whitespace().count() <= 3
            && t.split_whitespace()
                .all(|w| w.starts_with(|c: char| c.is_uppercase()))
            && !matches!(first, "The" | "This" | "That" | "It"))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn bare_quote_gets_no_invented_speaker() {
        let q = run("“They can be anywhere,” he said. The segment ended.\n\n“Can you imagine something like that in the midst of a battle!”");
        assert_eq!(q.len(), 2);
        assert_eq!(q[1].speaker, None);
        assert_eq!(q[1].cue, None);
    }

    #[test]
    fn scare_quotes_are_not_quotes() {
        assert!(run("The so-called “deal” fell through.").is_empty());
    }

    #[test]
    fn quote_after_an_unsplit_sentence_end_continues_the_speaker() {
        let q = run("\"Who would sue over a legal product?\" Roe asked, shaking her head. \"But I do think makers should be sued.\"");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].speaker, Some("Roe"));
        assert_eq!(q[0].text.len(), 2);
    }

    #[test]
    fn attribution_in_the_sentence_after_a_question() {
        // the sentence splits after `?”` before a capitalised name
        let q =
            run("It was late. “You know, it happens, right?” Doe went on, smiling. “Get over it.”");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].speaker, Some("Doe"));
        assert_eq!(q[0].text.len(), 2);
    }

    #[test]
    fn a_quote_after_a_narrative_sentence_is_its_subjects() {
        let text = "Sanders said: \"Absolutely. The rights of workers have been undermined.\"\n\nClinton touted her credentials as a co-sponsor of the bill. \"We need to find ways to support workers that want a union.\"";
        let q = run(text);
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[1].speaker, Some("Clinton"), "{q:?}");
        // a quote opening its own paragraph after narrative keeps no speaker
        let q = run("Putin met the press on Friday.\n\n\"Can you imagine something like that in the midst of a battle!\"");
        assert_eq!(q.last().unwrap().speaker, None, "{q:?}");
    }

    #[test]
    fn a_paragraph_after_a_colon_attribution_is_a_block_quote() {
        let q = run("Hewitt writes:\n\nThe movie mentions neither the president nor the secretary of state by name.\n\nThe film opened on Friday.");
        let b = q
            .iter()
            .find(|q| q.cue == Some("writes"))
            .expect("block quote");
        assert_eq!(b.speaker, Some("Hewitt"));
        assert_eq!(
            b.text,
            vec!["The movie mentions neither the president nor the secretary of state by name."]
        );
    }

    #[test]
    fn a_quote_paragraph_after_an_attribution_paragraph_goes_on() {
        let q = run("Rubio responded first, saying the president had failed.\n\n\"I have been warning throughout this campaign that North Korea is run by a lunatic.\"");
        assert_eq!(q.last().unwrap().speaker, Some("Rubio"), "{q:?}");
        // narrative without an attribution before it: no speaker
        let q = run("The segment showed people on the street.\n\n\"Can you imagine something like that in the midst of a battle!\"");
        assert_eq!(q.last().unwrap().speaker, None, "{q:?}");
    }
}
