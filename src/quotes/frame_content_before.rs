//! Cue frame with the content before the cue: `"...," X said.`, `"...," said X.`,
//! `CLAUSE, X said.`, and the split quote `"A," X said, "B."`; fronted questions
//! (`Asked whether ..., Roe said ...`).

use super::*;

/// A content-before frame once its speaker and tail are known.
struct Frame {
    cue: Span,
    speaker: Option<Span>,
    /// First token after the cue and its inverted speaker.
    after: usize,
    /// Where the attribution's tail ends (a split quote's second fragment, a sentence end).
    k: usize,
    /// The region of a split quote's second fragment (`"A," he said, "B."`).
    split: Option<usize>,
}

impl Extractor<'_> {
    /// `"...," X said.` / `"...," said X.` / `CLAUSE, X said.` -- and the split quote
    /// `"A," X said, "B."`.
    pub(super) fn content_before(
        &mut self,
        si: usize,
        i: usize,
        class: CueClass,
    ) -> Option<(usize, Option<Span>)> {
        if class == CueClass::Belief {
            return None;
        }
        if self.is_passive(si, i)
            || (self.lower(si, i).ends_with("ing") && i > 0 && self.is_punct(si, i - 1, ","))
        {
            return None;
        }
        let (speaker, boundary, after) = self.speaker_next_to_cue(si, i)?;
        if !self.plain_tail(si, i, after, class) {
            return None;
        }
        let (k, split) = self.attribution_tail(si, after)?;
        // the content before the boundary
        let mut cb = boundary; // exclusive
        while cb > 0
            && self.sents[si].region[cb - 1].is_none()
            && !self.tok(si, cb - 1).is_word
            && !self.is_quote_mark(si, cb - 1)
        {
            cb -= 1;
        }
        if cb == 0 {
            return None;
        }
        let f = Frame {
            cue: self.span_of(si, i, i + 1),
            speaker: Some(self.span_of(si, speaker.0, speaker.1)),
            after,
            k,
            split,
        };
        if let Some(r) = self.sents[si].region[cb - 1] {
            return self.quote_before_cue(si, cb, r, &f);
        }
        if let Some(done) = self.sentence_after_scene(si, cb, &f) {
            return done;
        }
        self.clause_before_cue(si, cb, &f)
    }

    /// The speaker of a content-before cue at `i`: the NP before it (after a comma, a quotation
    /// mark or a quote) or, inverted, the NP after it (`"...," said Roe`). Returns the
    /// speaker's tokens, the boundary of the content (exclusive) and the token after the
    /// attribution.
    fn speaker_next_to_cue(&self, si: usize, i: usize) -> Option<((usize, usize), usize, usize)> {
        let n = self.sents[si].toks.len();
        // speaker: NP before the cue, or inverted after it
        let left = self.np_left(si, i);
        if let Some((a, b)) = left.filter(|&(a, _)| {
            a > 0
                && (self.is_punct(si, a - 1, ",")
                    || self.is_quote_mark(si, a - 1)
                    || self.sents[si].region[a - 1].is_some())
        }) {
            return Some(((a, b), a, i + 1));
        }
        if !(left.is_none()
            && i > 0
            && (self.is_punct(si, i - 1, ",") || self.is_quote_mark(si, i - 1)))
        {
            return None;
        }
        let (a, b) = self.np_right(si, i + 1)?;
        let head = self.tok(si, a);
        let ends = b == n || self.is_punct(si, b, ",.:;!?(") || is_pp_start(self.lower(si, b));
        // `said the Khan family deserved better` is a clause, not an inverted speaker
        let verbish = (a + 1..b).any(|k| self.finite_ed(si, k));
        if !(head.cap || is_determiner(&head.lower) || is_pronoun(&head.lower)) || !ends || verbish
        {
            return None;
        }
        Some(((a, b), i, b))
    }

    /// What follows the cue must not be a clause of its own: `X said.`, `X said on Friday.`,
    /// `X told USA Today.` -- not `X said just about anyone could ...`.
    fn plain_tail(&self, si: usize, i: usize, after: usize, class: CueClass) -> bool {
        let n = self.sents[si].toks.len();
        if after == i + 1
            && after < n
            && self.tok(si, after).is_word
            && self.sents[si].region[after].is_none()
        {
            let l = self.lower(si, after);
            // `told Fox News host Sean Hannity earlier this month.`: the tail check below still
            // refuses a `that` clause or another cue
            let object_ok = class == CueClass::Tell && l != "that";
            if !(is_pp_start(l)
                || lexicon::is_time_word(l)
                || object_ok
                || matches!(l, "of" | "about" | "as" | "when"))
            {
                return false;
            }
        }
        true
    }

    /// Scan the attribution's tail from token `after`: up to a quote region (the second
    /// fragment of a split quote when a comma, colon or a word precedes a long one), a sentence
    /// end or a comma before a clause. `None` when the tail holds a `that` clause or another
    /// cue (a clause of its own). Returns where the tail ends and the split fragment's region.
    fn attribution_tail(&self, si: usize, after: usize) -> Option<(usize, Option<usize>)> {
        let n = self.sents[si].toks.len();
        let mut k = after;
        while k < n {
            if let Some(r) = self.sents[si].region[k] {
                // `"A," he said, "B."`; after a word only a real fragment, not a title or a
                // scare quote (`he said during a call to ABC's "This Week."`)
                let long = self.regions[r]
                    .inner
                    .text(self.text)
                    .split_whitespace()
                    .count()
                    >= 4;
                let split = k > after
                    && (self.is_punct(si, k - 1, ",:") || (self.tok(si, k - 1).is_word && long));
                return Some((k, split.then_some(r)));
            }
            let l = self.lower(si, k);
            if k == after && l == "that" {
                return None;
            }
            if k - after > 30 || (k > after && self.reports_own_clause(si, k)) {
                return None;
            }
            if self.is_punct(si, k, ".!?") {
                break;
            }
            if self.is_punct(si, k, ",")
                && k + 1 < n
                && self.tok(si, k + 1).is_word
                && (is_clause_break(self.lower(si, k + 1))
                    || self.lower(si, k + 1).ends_with("ing"))
            {
                if let Some(x) = self.participle_aside(si, k) {
                    k = x + 1;
                    continue;
                }
                break;
            }
            k += 1;
        }
        Some((k, None))
    }

    /// A cue in verb position at `k` (after the attribution), not after a comma or a
    /// subordinating word: the tail is a clause of its own.
    fn reports_own_clause(&self, si: usize, k: usize) -> bool {
        self.tok(si, k).is_word
            && cue_class(self.lower(si, k)).is_some_and(|c| c != CueClass::Belief)
            && !self.is_punct(si, k - 1, ",")
            && self.verb_position(si, k)
            && !matches!(
                self.lower(si, k - 1),
                "that"
                    | "who"
                    | "which"
                    | "whose"
                    | "when"
                    | "if"
                    | "as"
                    | "after"
                    | "before"
                    | "while"
            )
    }

    /// `"A," said Roe, speaking of politicians, "B."`: a short participle aside after the comma
    /// at `k`, before the second fragment of a split quote (not a reporting participle:
    /// `, adding, "B."` reports its own content). The comma ending the aside.
    fn participle_aside(&self, si: usize, k: usize) -> Option<usize> {
        let n = self.sents[si].toks.len();
        let w = self.lower(si, k + 1);
        (k + 2..n.min(k + 8))
            .filter(|_| {
                w.ends_with("ing") && !matches!(cue_class(w), Some(CueClass::Say | CueClass::Tell))
            })
            .take_while(|&x| self.sents[si].region[x].is_none())
            .find(|&x| !self.tok(si, x).is_word)
            .filter(|&x| {
                self.is_punct(si, x, ",") && x + 1 < n && self.sents[si].region[x + 1].is_some()
            })
    }

    /// The content before the cue ends in quote region `r` (token `cb` exclusive): the second
    /// fragment alone when `r` is another cue's, a mixed clause when narrative precedes the
    /// quote in the sentence, else the direct quote (with the fragments of its chain).
    fn quote_before_cue(
        &mut self,
        si: usize,
        cb: usize,
        r: usize,
        f: &Frame,
    ) -> Option<(usize, Option<Span>)> {
        let conf = 0.85;
        let next = Some((self.after_split(si, f.k, f.split), f.speaker));
        // the quote before is another cue's content (`shouted, "Cruz," Beck joked, "Amen!"`):
        // only the fragment after the attribution is this one's
        if let Some(r2) = f.split.filter(|_| self.used[r]) {
            let spans = self.chain_forward(r2);
            self.push_spans(spans, Some(f.cue), f.speaker, conf);
            return next;
        }
        // a direct quote ends right before the attribution
        let reg = &self.regions[r];
        let start_tok = (0..cb)
            .find(|&k| self.sents[si].region[k] == Some(r))
            .unwrap_or(0);
        if start_tok > 0
            && (0..start_tok).any(|k| self.tok(si, k).is_word && self.sents[si].region[k].is_none())
        {
            // narrative before the quote in the same sentence: `X said he was "..."` -> mixed
            let s = self.clause_start(si, start_tok);
            if f.speaker.is_some() && self.fronted_question(si, s, cb) {
                return None;
            }
            let mut spans = vec![Span::new(self.tok(si, s).span.start, reg.inner.end)];
            self.used[r] = true;
            if let Some(r2) = f.split {
                spans.push(self.regions[r2].inner);
                self.used[r2] = true;
            }
            self.push_spans(spans, Some(f.cue), f.speaker, conf - 0.1);
            return next;
        }
        let mut spans = self.chain_back(r);
        if let Some(r2) = f.split {
            spans.extend(self.chain_forward(r2));
        }
        let conf = if reg.single && reg.inner.len() < 20 {
            conf - 0.2
        } else {
            conf
        };
        self.push_spans(spans, Some(f.cue), f.speaker, conf);
        next
    }

    /// `After the vote, Clinton said, "Well, I think ..."`, `A few minutes later, he added:
    /// "I told you ..."`: a quotation that opens with a capital (or after a colon) is a
    /// sentence of its own, and the fronted phrase before the speaker is scene-setting, not
    /// the first half of a split quote (`The economy, he said, "is strong."` continues in
    /// lower case). `None`: not such a quotation; `Some(result)`: the frame's result.
    fn sentence_after_scene(
        &mut self,
        si: usize,
        cb: usize,
        f: &Frame,
    ) -> Option<Option<(usize, Option<Span>)>> {
        let r2 = f.split?;
        let colon = (f.after..f.k).any(|x| self.is_punct(si, x, ":"));
        let starts_cap = self.regions[r2]
            .inner
            .text(self.text)
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(|c| c.is_uppercase());
        if !(colon || starts_cap) {
            return None;
        }
        let s = self.clause_start(si, cb);
        if f.speaker.is_some() && self.fronted_question(si, s, cb) {
            return Some(None);
        }
        let spans = self.chain_forward(r2);
        self.push_spans(spans, Some(f.cue), f.speaker, 0.85);
        Some(Some((self.after_split(si, f.k, f.split), f.speaker)))
    }

    /// An indirect (or mixed) clause before the attribution, ending at token `cb`, with the
    /// split quote's second fragment if any.
    fn clause_before_cue(
        &mut self,
        si: usize,
        cb: usize,
        f: &Frame,
    ) -> Option<(usize, Option<Span>)> {
        let s = self.clause_start(si, cb);
        if cb - s < 3 {
            return None;
        }
        if f.speaker.is_some() && self.fronted_question(si, s, cb) {
            return None;
        }
        let mut spans = vec![self.span_of(si, s, cb)];
        for k in s..cb {
            if let Some(r) = self.sents[si].region[k] {
                self.used[r] = true;
            }
        }
        if let Some(r2) = f.split {
            spans.push(self.regions[r2].inner);
            self.used[r2] = true;
        }
        let conf = if spans.len() > 1 { 0.75 } else { 0.7 };
        self.push_spans(spans, Some(f.cue), f.speaker, conf);
        Some((self.after_split(si, f.k, f.split), f.speaker))
    }

    /// `Asked whether ..., Roe said that ...`: a fronted question (tokens `[s, cb)`) has no
    /// named asker, and the cue after it reports the answer. Pushes the question as a quote
    /// without speaker and returns true; false when the clause is not such a question.
    pub(super) fn fronted_question(&mut self, si: usize, s: usize, cb: usize) -> bool {
        let q = if matches!(self.lower(si, s), "when" | "if") {
            s + 1
        } else {
            s
        };
        if q + 1 >= cb || !matches!(self.lower(si, q), "asked" | "pressed") {
            return false;
        }
        let span = Span::new(
            self.tok(si, q + 1).span.start,
            self.tok(si, cb - 1).span.end,
        );
        let mut end = span.end;
        for k in q + 1..cb {
            if let Some(r) = self.sents[si].region[k] {
                self.used[r] = true;
                end = end.max(self.regions[r].inner.end);
            }
        }
        let asked = self.span_of(si, q, q + 1);
        self.push_spans(vec![Span::new(span.start, end)], Some(asked), None, 0.5);
        true
    }

    fn after_split(&self, si: usize, k: usize, split: Option<usize>) -> usize {
        match split {
            Some(r) => {
                let n = self.sents[si].toks.len();
                let mut j = k;
                while j < n && self.sents[si].region[j] == Some(r) {
                    j += 1;
                }
                j
            }
            None => k.max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn direct_quote_with_trailing_attribution() {
        let q = run("“We were there under legitimate pretenses,” Figueroa told USA Today.");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].kind, "direct");
        assert_eq!(q[0].text, vec!["We were there under legitimate pretenses,"]);
        assert_eq!(q[0].cue, Some("told"));
        assert_eq!(q[0].speaker, Some("Figueroa"));
    }

    #[test]
    fn inverted_attribution() {
        let q = run("\"It is over,\" said Sen. John Smith.");
        assert_eq!(q[0].speaker, Some("Sen. John Smith"));
        assert_eq!(q[0].cue, Some("said"));
    }

    #[test]
    fn scene_setting_before_the_speaker_is_not_part_of_the_quote() {
        let q = run("After the vote, Clinton said, “Well, I think it was tough for the city.”");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].kind, "direct");
        assert_eq!(q[0].text, vec!["Well, I think it was tough for the city."]);
        assert_eq!(q[0].speaker, Some("Clinton"));
        let q = run("A few minutes later, he added: “I told you all the talk is hot air.”");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, vec!["I told you all the talk is hot air."]);
        // a lower-case continuation is still one split quote
        let q = run("The economy is strong, he said, “and it will stay strong.”");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text.len(), 2);
    }

    #[test]
    fn a_title_in_the_attribution_does_not_continue_the_quote() {
        let q = run("“She just made it up,” he said during a call to ABC’s “This Week.”");
        assert_eq!(q[0].text, vec!["She just made it up,"]);
        assert_eq!(q[0].speaker, Some("he"));
    }

    #[test]
    fn fronted_question_has_no_speaker_and_the_answer_keeps_its_cue() {
        let q =
            run("Asked about it after a debate, Roe told a reporter that the story was made up.");
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].text, vec!["about it after a debate"]);
        assert_eq!(q[0].speaker, None);
        assert_eq!(q[1].text, vec!["that the story was made up"]);
        assert_eq!(q[1].speaker, Some("Roe"));
        let q = run("When asked whether the city should vote, he said: “I think that is fine.”");
        assert_eq!(q[0].speaker, None);
        assert_eq!(q[1].speaker, Some("he"));
        let q = run("Asked whether Doe “has the integrity to serve,” Roe said yes.");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].kind, "mixed");
        assert_eq!(q[0].speaker, None);
    }

    #[test]
    fn inverted_attribution_with_a_lower_case_title() {
        let q = run("“It was a good month for her,” said former party adviser John Doe.");
        assert_eq!(q[0].speaker, Some("former party adviser John Doe"));
        assert_eq!(q[0].cue, Some("said"));
        // `said the family deserved better` is a clause, not a speaker
        let q = run("“That is fine with us,” said the Smith family deserved better.");
        assert_ne!(q[0].speaker, Some("the Smith family"));
    }

    #[test]
    fn inverted_subjects_with_adjectives_and_coordinated_names() {
        let q = run("“There is no data on it,” said one unaligned Ohio strategist.");
        assert_eq!(q[0].speaker, Some("one unaligned Ohio strategist"));
        let q = run("“He is filled with resentment,” Jane Roe and John Doe wrote.");
        assert_eq!(q[0].speaker, Some("Jane Roe and John Doe"));
    }
}
