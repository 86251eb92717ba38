//! Stage 2: direct quotes and reported speech, each with its cue and speaker mention.
//!
//! Works sentence by sentence over the quote regions found by the segmenter:
//! 1. every reporting cue outside quotation marks is tried in three frames -- `according to X`,
//!    content-before (`"...," X said.` / `..., said X.`) and content-after (`X said (that) ...`,
//!    `X said: "..."`); quote regions inside a reported clause make it `mixed`;
//! 2. quote regions no frame consumed become direct quotes; they take the speaker of a dangling
//!    `X said:` just before them, or of the attributed quote they continue, or none.
//!
//! Speaker names are resolved later (stage 4, [`crate::attribution`]).

pub mod learned;
pub mod lexicon;

use crate::document::{Document, Quote, QuoteKind, Span};
use crate::segment::tokens::{tokenize, Token};
use crate::segment::QuoteRegion;
use lexicon::{
    cue_class, is_aux_or_adverb, is_clause_break, is_determiner, is_np_stop, is_pp_start,
    is_pronoun, CueClass,
};

/// Longest speaker noun phrase, in tokens.
const MAX_NP: usize = 8;

struct Sent {
    span: Span,
    para: usize,
    toks: Vec<Token>,
    /// Region index containing each token (quotation marks included), if any.
    region: Vec<Option<usize>>,
}

/// A cue frame that named a speaker but whose content is in the next sentence (`He said:`).
#[derive(Clone, Copy)]
struct Dangling {
    sent: usize,
    cue: Span,
    speaker: Option<Span>,
}

struct Extractor<'a> {
    text: &'a str,
    regions: &'a [QuoteRegion],
    sents: Vec<Sent>,
    quotes: Vec<Quote>,
    /// Regions already part of some quote.
    used: Vec<bool>,
    dangling: Vec<Dangling>,
}

/// Run the quote stage on a segmented document.
pub fn extract(doc: &mut Document, regions: &[QuoteRegion]) {
    let text = doc.text.as_str();
    let mut sents = Vec::with_capacity(doc.sentences.len());
    let mut para = 0;
    for s in &doc.sentences {
        crate::deadline::check();
        while para + 1 < doc.paragraphs.len() && doc.paragraphs[para].end < s.span.start {
            para += 1;
        }
        let toks = tokenize(text, s.span);
        let region = toks
            .iter()
            .map(|t| region_at(regions, t.span.start, t.span.end))
            .collect();
        sents.push(Sent {
            span: s.span,
            para,
            toks,
            region,
        });
    }
    let mut ex = Extractor {
        text,
        regions,
        sents,
        quotes: Vec::new(),
        used: vec![false; regions.len()],
        dangling: Vec::new(),
    };
    for si in 0..ex.sents.len() {
        crate::deadline::check();
        ex.sentence(si);
    }
    ex.headline(doc.paragraphs.first().copied());
    ex.bare_regions();
    ex.block_quotes();
    let mut quotes = ex.quotes;
    quotes.sort_by_key(|q| (q.spans[0].start, q.spans[0].end));
    quotes.dedup_by(|a, b| a.spans == b.spans);
    doc.quotes = quotes;
}

impl<'a> Extractor<'a> {
    fn tok(&self, si: usize, i: usize) -> &Token {
        &self.sents[si].toks[i]
    }
    fn lower(&self, si: usize, i: usize) -> &str {
        &self.sents[si].toks[i].lower
    }
    fn is_punct(&self, si: usize, i: usize, set: &str) -> bool {
        let t = &self.sents[si].toks[i];
        !t.is_word && set.contains(t.text(self.text))
    }
    /// An auxiliary or adverb (`has`, `also`, `flatly`) -- never a capitalised name (`Kelly`).
    fn is_adv(&self, si: usize, i: usize) -> bool {
        let t = self.tok(si, i);
        t.is_word && (!t.cap || t.lower.len() <= 4) && is_aux_or_adverb(&t.lower)
    }

    fn is_quote_mark(&self, si: usize, i: usize) -> bool {
        self.is_punct(si, i, "\"“”„‘’'«»")
    }

    fn sentence(&mut self, si: usize) {
        let n = self.sents[si].toks.len();
        let mut i = 0;
        // speaker of the previous cue in this sentence, for `X claimed ... and said ...`
        let mut last_speaker: Option<Span> = None;
        while i < n {
            let inside = self.sents[si].region[i].is_some();
            let t = self.tok(si, i).clone();
            if inside || !t.is_word {
                i += 1;
                continue;
            }
            if t.lower == "according" && i + 1 < n && self.lower(si, i + 1) == "to" {
                if let Some(next) = self.according_to(si, i) {
                    i = next;
                    continue;
                }
            }
            let Some(class) = cue_class(&t.lower).filter(|_| self.verb_position(si, i)) else {
                i += 1;
                continue;
            };
            if let Some((next, spk)) = self.content_before(si, i, class) {
                last_speaker = spk.or(last_speaker);
                i = next;
                continue;
            }
            if let Some((next, spk)) = self.content_after(si, i, class, last_speaker) {
                last_speaker = spk.or(last_speaker);
                i = next;
                continue;
            }
            i += 1;
        }
    }

    /// The speaker noun phrase ending just before token `end` (exclusive), skipping auxiliaries
    /// and adverbs (`has also said`). Returns token indices `[start, end)`.
    fn np_left(&self, si: usize, end: usize) -> Option<(usize, usize)> {
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
            // `Putin on Friday essentially said`, `Spicer on Thursday evening said`, `Trump at
            // the time said`, `allies have in the past said`: skip a time phrase of up to three
            // words after its preposition; `Fiorina a month later announced`: one without
            let opener = |l: &str| {
                matches!(
                    l,
                    "on" | "in" | "at" | "last" | "this" | "early" | "late" | "for" | "over"
                )
            };
            if e >= 2 && lexicon::is_time_phrase_end(self.lower(si, e - 1)) {
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
                if k > 0 && opener(self.lower(si, k - 1)) {
                    e = k - 1;
                    continue;
                }
            }
            // `a month later`, `two years earlier` (the adverb itself was skipped above)
            if e >= 3 && e < end && matches!(self.lower(si, e), "later" | "earlier" | "ago") {
                let mut k = e;
                while k > 0
                    && e - k < 3
                    && (lexicon::is_time_phrase_end(self.lower(si, k - 1))
                        || matches!(self.lower(si, k - 1), "few" | "several"))
                    && !self.tok(si, k - 1).cap
                {
                    k -= 1;
                }
                if k < e
                    && k >= 2
                    && matches!(self.lower(si, k - 1), "a" | "an" | "one" | "two" | "three")
                    && self.tok(si, k - 2).is_word
                {
                    e = k - 1;
                    continue;
                }
            }
            if e >= 1 && lexicon::is_time_word(self.lower(si, e - 1)) && self.tok(si, e - 1).cap {
                e -= 1;
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
                continue;
            }
            // a parenthetical after a name: `Sen. Jane Roe (D-N.Y.) said`
            if let Some(open) = self.paren_before(si, e) {
                e = open;
                continue;
            }
            break;
        }
        if e == 0 {
            return None;
        }
        // apposition: `Kushner, now a presidential adviser, said`
        if self.is_punct(si, e - 1, ",") && e >= 3 {
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
            return None;
        }
        self.np_left_plain(si, e)
    }

    /// A lower-case -ed word that reads as a finite verb (`the family deserved`), not as an
    /// adjective after a determiner (`a retired teacher`, `one unaligned strategist`).
    fn finite_ed(&self, si: usize, k: usize) -> bool {
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
    fn paren_after(&self, si: usize, k: usize) -> Option<usize> {
        let n = self.sents[si].toks.len();
        if k == 0 || k >= n || !self.is_punct(si, k, "(") || !self.tok(si, k - 1).cap {
            return None;
        }
        let close = (k + 1..n.min(k + 10)).find(|&x| self.is_punct(si, x, "()"))?;
        let ok = self.is_punct(si, close, ")")
            && (k..=close).all(|x| self.sents[si].region[x].is_none());
        ok.then_some(close + 1)
    }

    fn np_left_plain(&self, si: usize, e: usize) -> Option<(usize, usize)> {
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
                    && (lexicon::is_title(&prev.lower) || (prev.cap && prev.span.len() == 1));
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
    fn np_right(&self, si: usize, start: usize) -> Option<(usize, usize)> {
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
                    && (lexicon::is_title(&prev.lower) || (prev.cap && prev.span.len() == 1))
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

    fn span_of(&self, si: usize, a: usize, b: usize) -> Span {
        Span::new(self.tok(si, a).span.start, self.tok(si, b - 1).span.end)
    }

    /// Skip tokens that may sit between a cue and its content: `in a statement on Tuesday`,
    /// `told reporters`. Returns the index of the first content token or the token `that`.
    fn skip_to_content(&self, si: usize, mut j: usize, class: CueClass) -> usize {
        let n = self.sents[si].toks.len();
        if j < n && matches!(self.lower(si, j), "out" | "up") {
            j += 1; // pointed out, summed up
        }
        // `called for a ban`, `asking for help`: what is called for is the content
        let cue = if j > 0 { self.lower(si, j - 1) } else { "" };
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

    /// `according to X, ...` / `..., according to X.`
    fn according_to(&mut self, si: usize, i: usize) -> Option<usize> {
        let n = self.sents[si].toks.len();
        let (a, mut b) = self.np_right(si, i + 2)?;
        // `according to a recent report from Bloomberg`, `... an analysis by the Pew Research
        // Center`, `... audio provided by Wyoming Public Radio`: the author is the source
        if b < n && lexicon::is_document_noun(self.lower(si, b)) {
            b += 1;
        }
        let mut author = None;
        if (a..b).any(|k| lexicon::is_document_noun(self.lower(si, k))) {
            let mut k = b;
            if k < n
                && matches!(
                    self.lower(si, k),
                    "provided" | "obtained" | "published" | "conducted" | "released" | "compiled"
                )
            {
                k += 1;
            }
            if k + 1 < n && matches!(self.lower(si, k), "by" | "from" | "with") {
                author = self.np_right(si, k + 1).filter(|&(x, _)| {
                    let t = self.tok(si, x);
                    t.cap || is_determiner(&t.lower)
                });
            }
        }
        let cue = self.span_of(si, i, i + 2);
        let speaker = match author {
            Some((x, y)) => self.span_of(si, x, y),
            None => self.span_of(si, a, b),
        };
        let b = author.map_or(b, |(_, end)| end);
        // sentence-initial (after an optional conjunction)
        let initial = i == 0 || (i == 1 && self.tok(si, 0).is_word);
        if initial {
            if b < n && self.is_punct(si, b, ",") && b + 1 < n {
                let end = self.clause_end(si, b + 1);
                if end > b + 1 {
                    self.push(si, b + 1, end, Some(cue), Some(speaker), 0.8);
                    return Some(end);
                }
            }
            return None;
        }
        // `..., according to X` -- also `... ''the high-water mark,'' according to X`, the
        // comma inside the closing quotation mark
        let comma_in_quote = i >= 2
            && self.is_quote_mark(si, i - 1)
            && self.sents[si].region[i - 1]
                .is_some_and(|r| self.regions[r].inner.text(self.text).ends_with(','));
        if i >= 2 && (self.is_punct(si, i - 1, ",") || comma_in_quote) {
            let end = if comma_in_quote { i } else { i - 1 };
            let start = self.clause_start(si, i - 1);
            if start < i - 1 {
                // quotation marks inside the clause are part of this (mixed) content
                for k in start..end {
                    if let Some(r) = self.sents[si].region[k] {
                        self.used[r] = true;
                    }
                }
                self.push(si, start, end, Some(cue), Some(speaker), 0.8);
                return Some(b);
            }
        }
        None
    }

    /// Where a reported clause that ends at token `end` begins: the sentence start, or just after
    /// the last `;` / `:` before it.
    fn clause_start(&self, si: usize, end: usize) -> usize {
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
    fn clause_end(&self, si: usize, start: usize) -> usize {
        let n = self.sents[si].toks.len();
        let mut k = start;
        while k < n {
            if self.sents[si].region[k].is_none() {
                if self.is_punct(si, k, ";") {
                    return k;
                }
                if self.is_punct(si, k, ",")
                    && k + 1 < n
                    && self.tok(si, k + 1).is_word
                    && (is_clause_break(self.lower(si, k + 1))
                        || (self.lower(si, k + 1).ends_with("ing")
                            && (cue_class(self.lower(si, k + 1)).is_some()
                                || participle_clause(&self.tok(si, k + 1).clone()))))
                {
                    return k;
                }
                // `... election - but he still denied ...`
                // and any dash set off by spaces: `... mourning loved ones - two sisters and
                // a brother ...` (an aside, not the reported words)
                let sp = self.tok(si, k).span;
                let spaced = sp.start > 0
                    && self.text[..sp.start].ends_with(char::is_whitespace)
                    && self.text[sp.end..].starts_with(char::is_whitespace);
                if self.is_punct(si, k, "-—–")
                    && k + 1 < n
                    && k > start
                    && (spaced
                        || (self.tok(si, k + 1).is_word
                            && (is_clause_break(self.lower(si, k + 1))
                                || matches!(self.lower(si, k + 1), "and" | "or"))))
                {
                    return k;
                }
                // `... and she accused Trump of ...`, `... but noted that ...`: a second
                // attribution coordinated with the first reports a content of its own
                if self.tok(si, k).is_word
                    && k > start
                    && matches!(self.lower(si, k), "and" | "but")
                {
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
                        return e;
                    }
                }
                // `Roe, who said she votes, told ...`: the main clause's verb ends the relative
                // clause's content
                if self.is_punct(si, k, ",")
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
                {
                    return k;
                }
                // `, he said` / `, X told ...` inside the clause: stop before a new attribution
                if self.is_punct(si, k, ",") && k + 2 < n {
                    if let Some((_, e)) = self.np_right(si, k + 1) {
                        // (`, she would ask ...` is the content's own clause: an attribution
                        // has no modal between its subject and its cue)
                        let modal = (k + 1..e).any(|x| {
                            matches!(
                                self.lower(si, x),
                                "would"
                                    | "will"
                                    | "could"
                                    | "should"
                                    | "might"
                                    | "may"
                                    | "can"
                                    | "must"
                            )
                        });
                        if e < n
                            && e - (k + 1) <= 4
                            && !modal
                            && cue_class(self.lower(si, e)).is_some_and(|c| c != CueClass::Belief)
                            && self.sents[si].region[e].is_none()
                        {
                            return k;
                        }
                    }
                }
            }
            k += 1;
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

    /// `"...," X said.` / `"...," said X.` / `CLAUSE, X said.` -- and the split quote
    /// `"A," X said, "B."`.
    fn content_before(
        &mut self,
        si: usize,
        i: usize,
        class: CueClass,
    ) -> Option<(usize, Option<Span>)> {
        if class == CueClass::Belief {
            return None;
        }
        let n = self.sents[si].toks.len();
        // speaker: NP before the cue, or inverted after it
        if self.is_passive(si, i)
            || (self.lower(si, i).ends_with("ing") && i > 0 && self.is_punct(si, i - 1, ","))
        {
            return None;
        }
        let left = self.np_left(si, i);
        let (speaker, boundary, after) = if let Some((a, b)) = left.filter(|&(a, _)| {
            a > 0
                && (self.is_punct(si, a - 1, ",")
                    || self.is_quote_mark(si, a - 1)
                    || self.sents[si].region[a - 1].is_some())
        }) {
            (Some((a, b)), a, i + 1)
        } else if left.is_none()
            && i > 0
            && (self.is_punct(si, i - 1, ",") || self.is_quote_mark(si, i - 1))
        {
            let (a, b) = self.np_right(si, i + 1)?;
            let head = self.tok(si, a);
            let ends = b == n || self.is_punct(si, b, ",.:;!?(") || is_pp_start(self.lower(si, b));
            // `said the Khan family deserved better` is a clause, not an inverted speaker
            let verbish = (a + 1..b).any(|k| self.finite_ed(si, k));
            if !(head.cap || is_determiner(&head.lower) || is_pronoun(&head.lower))
                || !ends
                || verbish
            {
                return None;
            }
            (Some((a, b)), i, b)
        } else {
            return None;
        };
        // what follows the cue must not be a clause of its own: `X said.`, `X said on Friday.`,
        // `X told USA Today.` -- not `X said just about anyone could ...`
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
                return None;
            }
        }
        let mut k = after;
        let mut split_region: Option<usize> = None;
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
                if k > after
                    && (self.is_punct(si, k - 1, ",:") || (self.tok(si, k - 1).is_word && long))
                {
                    split_region = Some(r);
                }
                break;
            }
            let l = self.lower(si, k);
            if k == after && l == "that" {
                return None;
            }
            if k - after > 30
                || (k > after
                    && self.tok(si, k).is_word
                    && cue_class(l).is_some_and(|c| c != CueClass::Belief)
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
                    ))
            {
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
                // `"A," said Roe, speaking of politicians, "B."`: a short participle aside
                // before the second fragment of a split quote
                // (not a reporting participle: `, adding, "B."` reports its own content)
                let w = self.lower(si, k + 1);
                let aside = (k + 2..n.min(k + 8))
                    .filter(|_| {
                        w.ends_with("ing")
                            && !matches!(cue_class(w), Some(CueClass::Say | CueClass::Tell))
                    })
                    .take_while(|&x| self.sents[si].region[x].is_none())
                    .find(|&x| !self.tok(si, x).is_word)
                    .filter(|&x| {
                        self.is_punct(si, x, ",")
                            && x + 1 < n
                            && self.sents[si].region[x + 1].is_some()
                    });
                if let Some(x) = aside {
                    k = x + 1;
                    continue;
                }
                break;
            }
            k += 1;
        }
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
        let cue = self.span_of(si, i, i + 1);
        let spk = speaker.map(|(a, b)| self.span_of(si, a, b));
        let mut conf = 0.85;
        if let Some(r) = self.sents[si].region[cb - 1] {
            // the quote before is another cue's content (`shouted, "Cruz," Beck joked, "Amen!"`):
            // only the fragment after the attribution is this one's
            if let Some(r2) = split_region.filter(|_| self.used[r]) {
                let spans = self.chain_forward(r2);
                self.push_spans(spans, Some(cue), spk, conf);
                return Some((self.after_split(si, k, split_region), spk));
            }
            // a direct quote ends right before the attribution
            let reg = &self.regions[r];
            if reg.outer.start < self.sents[si].span.start && self.sents[si].region[0] != Some(r) {
                // region started in an earlier sentence: not expected, fall through as mixed
            }
            let start_tok = (0..cb)
                .find(|&k| self.sents[si].region[k] == Some(r))
                .unwrap_or(0);
            if start_tok > 0
                && (0..start_tok)
                    .any(|k| self.tok(si, k).is_word && self.sents[si].region[k].is_none())
            {
                // narrative before the quote in the same sentence: `X said he was "..."` -> mixed
                let s = self.clause_start(si, start_tok);
                if speaker.is_some() && self.fronted_question(si, s, cb) {
                    return None;
                }
                let mut spans = vec![Span::new(self.tok(si, s).span.start, reg.inner.end)];
                self.used[r] = true;
                if let Some(r2) = split_region {
                    spans.push(self.regions[r2].inner);
                    self.used[r2] = true;
                }
                self.push_spans(spans, Some(cue), spk, conf - 0.1);
                return Some((self.after_split(si, k, split_region), spk));
            }
            let mut spans = self.chain_back(r);
            if let Some(r2) = split_region {
                spans.extend(self.chain_forward(r2));
            }
            if reg.single && reg.inner.len() < 20 {
                conf -= 0.2;
            }
            self.push_spans(spans, Some(cue), spk, conf);
            return Some((self.after_split(si, k, split_region), spk));
        }
        // `After the vote, Clinton said, "Well, I think ..."`, `A few minutes later, he added:
        // "I told you ..."`: a quotation that opens with a capital (or after a colon) is a
        // sentence of its own, and the fronted phrase before the speaker is scene-setting, not
        // the first half of a split quote (`The economy, he said, "is strong."` continues in
        // lower case)
        if let Some(r2) = split_region {
            let colon = (after..k).any(|x| self.is_punct(si, x, ":"));
            let starts_cap = self.regions[r2]
                .inner
                .text(self.text)
                .chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| c.is_uppercase());
            if colon || starts_cap {
                let s = self.clause_start(si, cb);
                if speaker.is_some() && self.fronted_question(si, s, cb) {
                    return None;
                }
                let spans = self.chain_forward(r2);
                self.push_spans(spans, Some(cue), spk, 0.85);
                return Some((self.after_split(si, k, split_region), spk));
            }
        }
        // indirect (or mixed) clause before the attribution
        let s = self.clause_start(si, cb);
        if cb - s < 3 {
            return None;
        }
        if speaker.is_some() && self.fronted_question(si, s, cb) {
            return None;
        }
        let mut spans = vec![self.span_of(si, s, cb)];
        for k in s..cb {
            if let Some(r) = self.sents[si].region[k] {
                self.used[r] = true;
            }
        }
        if let Some(r2) = split_region {
            spans.push(self.regions[r2].inner);
            self.used[r2] = true;
        }
        conf = if spans.len() > 1 { 0.75 } else { 0.7 };
        self.push_spans(spans, Some(cue), spk, conf);
        Some((self.after_split(si, k, split_region), spk))
    }

    /// `Asked whether ..., Roe said that ...`: a fronted question (tokens `[s, cb)`) has no
    /// named asker, and the cue after it reports the answer. Pushes the question as a quote
    /// without speaker and returns true; false when the clause is not such a question.
    fn fronted_question(&mut self, si: usize, s: usize, cb: usize) -> bool {
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

    /// `X said (that) ...`, `X said: "..."`, `X denied interfering ...`.
    fn content_after(
        &mut self,
        si: usize,
        i: usize,
        class: CueClass,
        prev_speaker: Option<Span>,
    ) -> Option<(usize, Option<Span>)> {
        let n = self.sents[si].toks.len();
        if self.is_passive(si, i) {
            return None;
        }
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
        // `..., Lewandowski added, saying ...`: the participle continues the attribution right
        // before its comma
        let attached = (participle && p >= 3 && self.is_punct(si, p - 1, ","))
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
        let mut speaker = if participle {
            // `..., saying the law violated ...`: the speaker is the clause's subject
            let nearest = (p >= 2 && self.is_punct(si, p - 1, ","))
                .then(|| self.nearest_clause_subject(si, p - 1))
                .flatten();
            attached
                .or(nearest)
                .or(main_speaker)
                .or_else(|| self.sentence_subject(si, i))
        } else if let Some(np) = self.relative_antecedent(si, i) {
            Some(self.span_of(si, np.0, np.1))
        } else if catenative {
            self.np_left(si, i - 1)
                .map(|(a, b)| self.span_of(si, a, b))
                .or_else(|| main_speaker.or_else(|| self.sentence_subject(si, i - 1)))
        } else if let Some(np) = self.with_absolute(si, i) {
            Some(np)
        } else {
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
        };
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
        let speaker = speaker?;
        let cue = self.span_of(si, i, i + 1);
        let mut j = self.skip_to_content(si, i + 1, class);
        if j >= n || (self.is_punct(si, j, ".!?") && j + 1 >= n) {
            // `He said:` at the end of the sentence: content follows
            self.dangling.push(Dangling {
                sent: si,
                cue,
                speaker: Some(speaker),
            });
            return Some((n, Some(speaker)));
        }
        if self.is_punct(si, j, ":,") {
            j += 1;
            if j >= n {
                self.dangling.push(Dangling {
                    sent: si,
                    cue,
                    speaker: Some(speaker),
                });
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
        if region.is_none() {
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
            if !ok || !first.is_word && !self.is_quote_mark(si, j) {
                return None;
            }
        }
        let end = self.clause_end(si, j);
        if end <= j {
            return None;
        }
        // direct: the content is exactly one quotation region (plus its chain); or a quote that
        // ends its clause inside the marks and is followed by another clause (`shouted, "Cruz,"
        // Beck joked, ...`: the quote alone is the content)
        if let Some(r) = region {
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

    /// `economists who favor consumption taxes agree`, `an official who spoke on condition of
    /// anonymity said`: the cue at `i` follows a relative clause, so its subject is the noun
    /// phrase the relative pronoun refers to. Token indices of that noun phrase.
    fn relative_antecedent(&self, si: usize, i: usize) -> Option<(usize, usize)> {
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
    fn open_who_clause(&self, si: usize, i: usize) -> Option<usize> {
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

    /// A poll or survey named earlier in the sentence (before token `i`), when the speaker `sp`
    /// is its respondents -- a share (`31%`, `55 percent`, `half`, `six in 10`, `most`) of a
    /// group. The span from the poll's determiner to the noun.
    fn poll_before(&self, si: usize, i: usize, sp: Span) -> Option<Span> {
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

    /// The subject of the last finite verb before token `end` in the sentence (`..., but Wallace
    /// brought him back to the attacks, asking ...` -> `Wallace`): the clause a participle after
    /// `end` continues. None when that verb lies inside an earlier quote's content (`Roe said
    /// Doe lied, adding ...`: the attribution's speaker goes on), when its subject is no plain
    /// noun phrase, or when a `;` or a quotation comes first.
    fn nearest_clause_subject(&self, si: usize, end: usize) -> Option<Span> {
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

    /// `is accused of`, `was told`: a passive cue reports nothing by its subject.
    fn is_passive(&self, si: usize, i: usize) -> bool {
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

    /// The subject noun phrase at the start of the clause containing token `before`.
    /// Is the cue word at `i` used as a verb? Not when capitalised mid-sentence (`United
    /// States`) or right after a determiner or possessive (`a rare note`, `Lazar's claims`).
    fn verb_position(&self, si: usize, i: usize) -> bool {
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

    fn sentence_subject(&self, si: usize, before: usize) -> Option<Span> {
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
            let l = self.lower(si, s);
            let opener = self.tok(si, s).is_word
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
                    ));
            // `Two days later,` -- not a clause with its own verb (`Roe said on Monday,`)
            let timed = (s..c).any(|k| {
                lexicon::is_time_word(self.lower(si, k))
                    || matches!(self.lower(si, k), "ago" | "years" | "days" | "months")
            }) && !(s..c).any(|k| {
                let t = self.tok(si, k);
                t.is_word
                    && !t.cap
                    && (cue_class(&t.lower).is_some()
                        || lexicon::is_irregular_report_verb(&t.lower))
            });
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
        if s >= before || !self.tok(si, s).is_word || self.sents[si].region[s].is_some() {
            return None;
        }
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

    /// The dot of `Mr.` / `Sen.` inside a name, before token `limit`.
    fn title_dot(&self, si: usize, e: usize, limit: usize) -> bool {
        e > 0
            && e + 1 < limit
            && self.is_punct(si, e, ".")
            && lexicon::is_title(self.lower(si, e - 1))
            && self.tok(si, e + 1).cap
    }

    /// The fragments of the multi-paragraph quote ending with region `r`.
    fn chain_back(&mut self, r: usize) -> Vec<Span> {
        let mut k = r;
        while k > 0 && self.regions[k - 1].continues && !self.used[k - 1] {
            k -= 1;
        }
        (k..=r)
            .map(|x| {
                self.used[x] = true;
                self.regions[x].inner
            })
            .collect()
    }

    /// The fragments of the multi-paragraph quote starting with region `r`.
    fn chain_forward(&mut self, r: usize) -> Vec<Span> {
        let mut out = vec![self.regions[r].inner];
        self.used[r] = true;
        let mut k = r;
        while self.regions[k].continues && k + 1 < self.regions.len() && !self.used[k + 1] {
            k += 1;
            self.used[k] = true;
            out.push(self.regions[k].inner);
        }
        out
    }

    fn push(
        &mut self,
        si: usize,
        a: usize,
        b: usize,
        cue: Option<Span>,
        speaker: Option<Span>,
        conf: f32,
    ) {
        let span = self.span_of(si, a, b);
        self.push_spans(vec![span], cue, speaker, conf);
    }

    fn push_spans(
        &mut self,
        spans: Vec<Span>,
        cue: Option<Span>,
        speaker: Option<Span>,
        confidence: f32,
    ) {
        let spans: Vec<Span> = spans.into_iter().filter(|s| !s.is_empty()).collect();
        if spans.is_empty() {
            return;
        }
        let kind = kind_of(self.text, &spans, self.regions);
        self.quotes.push(Quote {
            kind,
            spans,
            cue,
            speaker,
            speaker_name: None,
            speaker_entity: None,
            confidence,
        });
    }

    /// A past-tense verb or a cue at most four words before token `k` (a quotation mark) with
    /// only plain words between: `labeled Mr. Trump "`. Returns its token index.
    fn governing_verb(&self, si: usize, k: usize) -> Option<usize> {
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
    fn speech_noun_possessor(&self, si: usize, k: usize) -> Option<Span> {
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
    fn with_absolute(&self, si: usize, i: usize) -> Option<Span> {
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

    /// `Cost estimates, he added, were "..."`: an attribution set off by commas inside the
    /// sentence, before the quote (token `k`) -- a pronoun or a name and a reporting verb.
    /// Returns cue and speaker.
    fn interrupting_attribution(&self, si: usize, k: usize) -> Option<(Span, Span)> {
        (1..k.saturating_sub(2)).find_map(|c| {
            if !self.is_punct(si, c, ",") || self.sents[si].region[c].is_some() {
                return None;
            }
            let close = (c + 2..k.min(c + 8)).find(|&x| !self.tok(si, x).is_word)?;
            if !self.is_punct(si, close, ",") {
                return None;
            }
            let v = close - 1;
            let verb = self.tok(si, v);
            let reporting = !verb.cap
                && cue_class(&verb.lower).is_some_and(|x| x != CueClass::Belief)
                && verb.lower.ends_with("ed")
                || matches!(
                    verb.lower.as_str(),
                    "said" | "says" | "adds" | "notes" | "told"
                );
            if !reporting {
                return None;
            }
            let (a, b) = self.np_left_plain(si, v)?;
            let head = self.tok(si, a);
            let ok = a == c + 1
                && b == v
                && (matches!(head.lower.as_str(), "he" | "she" | "they" | "i" | "we")
                    || (a..b).all(|x| self.tok(si, x).cap));
            ok.then(|| (verb.span, self.span_of(si, a, b)))
        })
    }

    /// Headlines of the form `Putin: Patriotic Russians May Have Hacked in Election`.
    fn headline(&mut self, first: Option<Span>) {
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
    fn bare_regions(&mut self) {
        for r in 0..self.regions.len() {
            if self.used[r] {
                continue;
            }
            let reg = self.regions[r].clone();
            let Some(si) = self
                .sents
                .iter()
                .position(|s| s.span.contains(Span::new(reg.outer.start, reg.outer.start)))
            else {
                continue;
            };
            let words = self.text[reg.inner.start..reg.inner.end]
                .split_whitespace()
                .count();
            let sent = &self.sents[si];
            let para = self.paragraph_of(si);
            // or right after a sentence-final mark the segmenter did not split at
            // (`... shaking his head no. "But ..."`)
            let starts_sentence = reg.outer.start <= sent.span.start + 1
                || sent
                    .toks
                    .iter()
                    .rposition(|t| t.span.end <= reg.outer.start)
                    .is_some_and(|p| {
                        sent.region[p].is_none()
                            && !sent.toks[p].is_word
                            && ".!?".contains(sent.toks[p].text(self.text))
                            && !(p > 0 && self.title_dot(si, p, sent.toks.len()))
                    });
            // scare quotes and titles: short fragments inside a narrative sentence
            if words < 4 && !starts_sentence {
                continue;
            }
            if words < 2 {
                continue;
            }
            let spans = self.chain_forward(r);
            // `"...," he surmised.` / `"...," a young woman exclaimed upon seeing him.`: any verb
            // `Asked whether Roe "...," Doe said.`: part of a fronted question with no asker
            if !starts_sentence && spans.len() == 1 {
                let toks = &self.sents[si].toks;
                let kq = toks.iter().position(|t| t.span.start >= reg.outer.start);
                let ke = toks.iter().position(|t| t.span.start >= reg.outer.end);
                if let (Some(kq), Some(ke)) = (kq, ke) {
                    let s0 = self.clause_start(si, kq);
                    let ends =
                        reg.inner.text(self.text).ends_with(',') || self.is_punct(si, ke, ",");
                    if ends && s0 < kq && self.fronted_question(si, s0, ke) {
                        continue;
                    }
                }
            }
            // (after the last fragment of a multi-paragraph quote)
            let last = self.regions[r + spans.len() - 1].clone();
            if let Some((cue, speaker)) = self.outro_after(&last) {
                self.push_spans(spans, Some(cue), Some(speaker), 0.65);
                continue;
            }
            if let Some(speaker) = self.dash_credit(&last) {
                self.push_spans(spans, None, Some(speaker), 0.6);
                continue;
            }
            // `X chanted, "..."` / `Kasich resisted: "..."`: any verb right before the quote
            if let Some((cue, speaker)) = self.intro_before(si, reg.outer.start) {
                self.push_spans(spans, Some(cue), speaker, 0.7);
                continue;
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
                self.push_spans(spans, Some(d.cue), d.speaker, 0.8);
                continue;
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
                self.push_spans(spans, cue, speaker, 0.6);
                continue;
            }
            // continuation of an attributed quote in the same paragraph
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
            if let Some(q) = prev {
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
                        prev.spans.extend(spans);
                        continue;
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
                    self.push_spans(spans, None, q.speaker, 0.5);
                    continue;
                }
            }
            // `Clinton touted her credentials. "We need ..."`: a quote opening a sentence right
            // after a narrative sentence of its paragraph is that sentence's subject's (a name
            // or a personal pronoun; the paragraph's first sentence is no such narrative)
            if starts_sentence
                && si > 0
                && self.sents[si - 1].para == para
                && self.sents[si].span.start + 1 >= reg.outer.start
            {
                let p = si - 1;
                let m = self.sents[p].toks.len();
                let narrative = self.sents[p].region.iter().all(|r| r.is_none());
                if let Some(subj) = narrative.then(|| self.sentence_subject(p, m)).flatten() {
                    let t = subj.text(self.text);
                    let first = t.split_whitespace().next().unwrap_or("");
                    let person = matches!(first, "He" | "She" | "he" | "she")
                        || (t.split_whitespace().count() <= 3
                            && t.split_whitespace()
                                .all(|w| w.starts_with(|c: char| c.is_uppercase()))
                            && !matches!(first, "The" | "This" | "That" | "It"));
                    if person {
                        self.push_spans(spans, None, Some(subj), 0.4);
                        continue;
                    }
                }
            }
            // `Rubio responded first, ripping into President Obama.` ¶ `"I have been warning
            // ..."`: a quote paragraph right after a paragraph whose last sentence attributes
            // something to a named or he/she speaker goes on with that speaker
            if starts_sentence && si > 0 && self.sents[si - 1].para + 1 == para {
                let p = si - 1;
                let ps = self.sents[p].span;
                let narrative = self.sents[p].region.iter().all(|r| r.is_none());
                let prev = self
                    .quotes
                    .iter()
                    .filter(|q| q.cue.is_some_and(|c| ps.contains(c)))
                    .filter_map(|q| q.speaker)
                    .find(|sp| {
                        let t = sp.text(self.text);
                        let first = t.split_whitespace().next().unwrap_or("");
                        matches!(first, "He" | "She" | "he" | "she")
                            || (t.split_whitespace().count() <= 3
                                && t.split_whitespace()
                                    .all(|w| w.starts_with(|c: char| c.is_uppercase()))
                                && !matches!(first, "The" | "This" | "That" | "It"))
                    });
                if let Some(sp) = prev.filter(|_| narrative) {
                    self.push_spans(spans, None, Some(sp), 0.4);
                    continue;
                }
            }
            // a quote inside a narrative sentence: `Mr. Obama expressed a deep regret for "..."`
            if !starts_sentence {
                if let Some(k) = self.sents[si]
                    .toks
                    .iter()
                    .position(|t| t.span.start >= reg.outer.start)
                {
                    if let Some(who) = self.speech_noun_possessor(si, k) {
                        self.push_spans(spans, None, Some(who), 0.45);
                        continue;
                    }
                    if let Some((cue, who)) = self.interrupting_attribution(si, k) {
                        self.push_spans(spans, Some(cue), Some(who), 0.55);
                        continue;
                    }
                    // `As press secretary Josh Earnest explained, three taxes were postponed,
                    // "which sounds like a lot"`: an `as` clause earlier in the sentence
                    let as_clause = (1..k)
                        .rev()
                        .filter(|&c| self.is_punct(si, c, ","))
                        .find_map(|c| self.as_clause_before(si, c + 1));
                    if let Some((cue, who)) = as_clause {
                        self.push_spans(spans, Some(cue), who, 0.5);
                        continue;
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
                        self.push_spans(spans, Some(cue), Some(who), 0.45);
                        continue;
                    }
                    // `Trump, who has postured himself as the "law and order candidate," has
                    // taken ...`: inside a `, who` clause the pronoun speaks
                    if let Some(w) = self.open_who_clause(si, k) {
                        let who = self.tok(si, w).span;
                        self.push_spans(spans, None, Some(who), 0.45);
                        continue;
                    }
                    if let Some(subj) = self.sentence_subject(si, k) {
                        // `labeled Mr. Trump "unfit ..."`, `credited him for "an exciting
                        // campaign"`: a verb a few words before the quote governs it, and its
                        // object belongs to the (mixed) content
                        if let Some(v) = self.governing_verb(si, k) {
                            let mut all =
                                vec![Span::new(self.tok(si, v + 1).span.start, spans[0].end)];
                            all.extend(spans.iter().skip(1).copied());
                            let cue = self.span_of(si, v, v + 1);
                            self.push_spans(all, Some(cue), Some(subj), 0.45);
                            continue;
                        }
                        self.push_spans(spans, None, Some(subj), 0.45);
                        continue;
                    }
                }
                // `"...," said Roe. Unless rivals quit, "it's very difficult ..."`: no subject
                // of its own after a fronted clause; the speaker of the quote just before, in
                // the same sentence or the one before it in the paragraph, goes on
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
                    self.push_spans(spans, None, Some(sp), 0.45);
                    continue;
                }
            }
            self.push_spans(spans, None, None, if reg.closed { 0.5 } else { 0.35 });
        }
    }

    /// `Hewitt writes:` ending a paragraph, then a paragraph without quotation marks: the
    /// paragraph is the block-quoted content of that attribution.
    fn block_quotes(&mut self) {
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

    /// The attribution right after a quote that ends its clause (`,` `?` `!` or a dash before
    /// the closing mark): `"...," NP VERB ...` -- a lexicon cue (`he asks rhetorically`,
    /// `Bozell notes.`) or any -ed/-s verb before the end, a comma or a PP (`he surmised.`) -- or
    /// the inverted `"...," said NP` (`said former adviser Jane Roe`). Returns cue and speaker.
    fn outro_after(&self, reg: &QuoteRegion) -> Option<(Span, Span)> {
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
        // `"... missing." Trump said.`: after a full stop only a bare `NP said.` sentence
        let period = !after_comma && inner.ends_with('.');
        if !(after_comma || period || inner.ends_with([',', '?', '!', '—', '–', '-', '…'])) {
            return None;
        }
        // what follows the closing mark: in this sentence, or the next one of the paragraph
        // when the quote ended the sentence (`"...?" Trump asked.` splits after `?"`)
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
        if let Some(found) = self.outro_inverted(si, k) {
            return Some(found);
        }
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
        // the verb may follow an apposition (`Roe, a retired teacher, said`) or a parenthetical
        // (`Roe (D-N.Y.) said`)
        let mut v_from = e;
        if e < n && self.is_punct(si, e, ",") && !is_pronoun(&head.lower) {
            let close = (e + 1..n.min(e + 15)).find(|&x| {
                sent.region[x].is_some() || (!self.tok(si, x).is_word && !self.title_dot(si, x, n))
            });
            if let Some(c) = close.filter(|&c| c > e + 1 && self.is_punct(si, c, ",")) {
                v_from = c + 1;
            }
            // a longer apposition with inner commas, numbers or a short title in quotes
            // (`Roe, 67, a retired nurse from Ohio and former adviser to the mayor, said`): the
            // first later comma that a reporting verb follows closes it
            let reporting_at = |x: usize| {
                x < n && {
                    let t = self.tok(si, x);
                    t.is_word
                        && !t.cap
                        && (cue_class(&t.lower).is_some()
                            || lexicon::is_irregular_report_verb(&t.lower))
                }
            };
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
        let is_verb = |x: usize| {
            let t = self.tok(si, x);
            t.is_word
                && !t.cap
                && (cue_class(&t.lower).is_some()
                    || lexicon::is_irregular_report_verb(&t.lower)
                    || (!is_np_stop(&t.lower)
                        && (t.lower.ends_with("ed") || t.lower.ends_with('s'))))
        };
        let mut b = if is_pronoun(&head.lower) || v_from > e {
            let mut b = if v_from > e { v_from } else { a + 1 };
            while b + 1 < n && self.is_adv(si, b) && !is_verb(b) {
                b += 1;
            }
            b
        } else {
            // a reporting verb first (`the retired neurosurgeon told`: `retired` is no verb)
            let window = a + 1..(e + 1).min(a + 7).min(n);
            let reporting_verb = |x: &usize| {
                let t = self.tok(si, *x);
                t.is_word
                    && !t.cap
                    && (cue_class(&t.lower).is_some()
                        || lexicon::is_irregular_report_verb(&t.lower))
            };
            let first = window
                .clone()
                .find(reporting_verb)
                .or_else(|| window.clone().find(|&x| is_verb(x)));
            // `a voice-over in the ad states`, `a staffer in the room wondered`: a short PP
            // between the NP and a reporting verb
            let after_pp = || {
                (e < n && matches!(self.lower(si, e), "in" | "at" | "from" | "on" | "with"))
                    .then(|| {
                        (e + 1..n.min(e + 6))
                            .take_while(|&x| self.tok(si, x).is_word && sent.region[x].is_none())
                            .find(reporting_verb)
                    })
                    .flatten()
            };
            let mut b = match first {
                Some(b) => b,
                None if after_pp().is_some() => {
                    let b = after_pp().unwrap_or(e);
                    let v = self.tok(si, b);
                    return Some((v.span, self.span_of(si, a, e)));
                }
                // `Bill Clinton has said`: an auxiliary ends the name (the verb follows it)
                None if e + 1 < n && self.is_adv(si, e) => e,
                None => return None,
            };
            while b + 1 < n && b == e && self.is_adv(si, b) && !is_verb(b) {
                b += 1;
            }
            b
        };
        // `"...," Bill Clinton has said`: an auxiliary before the reporting verb ends the name
        let np_end = b.min(e);
        if b + 1 < n && self.is_adv(si, b) {
            let mut c = b + 1;
            while c + 1 < n && self.is_adv(si, c) {
                c += 1;
            }
            let t = self.tok(si, c);
            if t.is_word
                && !t.cap
                && (cue_class(&t.lower).is_some() || lexicon::is_irregular_report_verb(&t.lower))
            {
                b = c;
            }
        }
        if b >= n || !is_verb(b) {
            return None;
        }
        let v = self.tok(si, b);
        if period
            && !(b + 2 >= n
                && (b + 1 == n || self.is_punct(si, b + 1, "."))
                && b - a <= 4
                && matches!(cue_class(&v.lower), Some(CueClass::Say)))
        {
            return None;
        }
        // a reporting verb needs no particular tail; any other verb must end the clause
        let reporting =
            cue_class(&v.lower).is_some() || lexicon::is_irregular_report_verb(&v.lower);
        let tail_ok = reporting
            || b + 1 == n
            || self.is_punct(si, b + 1, ".!?,")
            || is_pp_start(self.lower(si, b + 1))
            // `"...," Trump barked and a guard escorted him out`
            || matches!(
                self.lower(si, b + 1),
                "upon" | "and" | "as" | "while" | "when" | "before"
            );
        tail_ok.then(|| (v.span, self.span_of(si, a, np_end.max(a + 1))))
    }

    /// `"..." ¶ - Jane Roe, Philadelphia.`: a credit line -- a dash and a name opening the
    /// paragraph right after a quote that ends its own paragraph. The name's span.
    fn dash_credit(&self, reg: &QuoteRegion) -> Option<Span> {
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

    /// A quote introduced by `SUBJECT VERB[,:]` in its own sentence, or by a previous sentence
    /// ending in a colon. Returns the cue and the speaker.
    fn intro_before(&self, si: usize, at: usize) -> Option<(Span, Option<Span>)> {
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
            let v = k - 2;
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
                        && sent.region[v - 1].is_some_and(|r| {
                            self.regions[r].inner.text(self.text).ends_with(',')
                        })));
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
                if let Some(spk) = prev.or_else(|| self.sentence_subject(si, v)) {
                    return Some((verb.span, Some(spk)));
                }
            }
            if verbish {
                if let Some((a, b)) = self.np_left(si, v) {
                    return Some((verb.span, Some(self.span_of(si, a, b))));
                }
                // `Mr. Trump was prompted to say, "..."`: the subject of the verb taking the
                // infinitive (not an object: `urged him to say`)
                if v >= 2
                    && self.lower(si, v - 1) == "to"
                    && cue_class(&verb.lower).is_some()
                    && self.tok(si, v - 2).is_word
                    && !matches!(self.lower(si, v - 2), "him" | "her" | "them" | "me" | "us")
                {
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
                    if let Some(subj) = near.or_else(|| self.sentence_subject(si, v - 1)) {
                        return Some((verb.span, Some(subj)));
                    }
                }
            }
            if self.is_punct(si, k - 1, ":") {
                // `HEADLINE - Michael P. McDonald: "..."`
                if self.tok(si, k - 2).cap
                    && !self
                        .tok(si, k - 2)
                        .text(self.text)
                        .chars()
                        .all(|c| !c.is_lowercase())
                {
                    if let Some((mut a, b)) = self.np_left_plain(si, k - 1) {
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
                        if opens
                            && (a..b).all(|x| {
                                self.tok(si, x).cap
                                    || !self.tok(si, x).is_word
                                    || self.lower(si, x) == "and"
                            })
                        {
                            return Some((self.tok(si, k - 1).span, Some(self.span_of(si, a, b))));
                        }
                    }
                }
                // `Cruz called them on it: "..."`; `Reid said ..., but he gave the Texan a
                // compliment: "..."`: the subject of the nearest main clause
                let subj = self
                    .nearest_clause_subject(si, k - 1)
                    .or_else(|| self.sentence_subject(si, k - 1))?;
                return Some((self.tok(si, k - 1).span, Some(subj)));
            }
        }
        // `But, said Jane Roe, "..."`: an inverted cue before the quote
        if k >= 3 && self.is_punct(si, k - 1, ",") && self.tok(si, k - 2).is_word {
            if let Some((a, b)) = self.np_left_plain(si, k - 1) {
                let cue = a.checked_sub(1).map(|c| self.tok(si, c));
                let ok = cue.is_some_and(|c| {
                    c.is_word
                        && !c.cap
                        && cue_class(&c.lower).is_some_and(|x| x != CueClass::Belief)
                }) && self.tok(si, a).cap
                    && sent.region[a - 1].is_none();
                if ok {
                    return Some((self.tok(si, a - 1).span, Some(self.span_of(si, a, b))));
                }
            }
        }
        if k == 0 && si > 0 {
            let p = si - 1;
            let m = self.sents[p].toks.len();
            if m >= 2
                && self.is_punct(p, m - 1, ":")
                && self.sents[p].region[m - 1].is_none()
                && self.paragraph_of(si) <= self.paragraph_of(p) + 1
            {
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
                return Some((cue, Some(subj)));
            }
        }
        None
    }

    /// `As Roe pointed out in December, "..."`, `as Doe put it, "..."`, `as Roe told the
    /// Associated Press (AP), "..."`: an `as` clause right before the quote names the speaker.
    fn as_clause_before(&self, si: usize, k: usize) -> Option<(Span, Option<Span>)> {
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

    fn paragraph_of(&self, si: usize) -> usize {
        self.sents[si].para
    }
    fn para_index(&self, byte: usize) -> usize {
        self.sents
            .iter()
            .find(|s| s.span.start <= byte && byte <= s.span.end)
            .map_or(usize::MAX, |s| s.para)
    }
}

/// The region (sorted, non-overlapping) containing the byte range `[start, end)`: O(log n).
/// A lower-case `-ing` word after a comma that opens a participle clause (`..., pointing to
/// Cruz's victories`), not a noun or a preposition (`, including`, `, during`, `, spending`).
fn participle_clause(t: &Token) -> bool {
    t.is_word
        && !t.cap
        && t.lower.len() > 5
        && !matches!(
            t.lower.as_str(),
            "including"
                | "during"
                | "nothing"
                | "something"
                | "anything"
                | "everything"
                | "morning"
                | "evening"
                | "building"
                | "funding"
                | "meeting"
                | "hearing"
                | "ruling"
                | "spending"
                | "polling"
                | "rising"
                | "following"
                | "regarding"
                | "concerning"
                | "notwithstanding"
        )
}

fn region_at(regions: &[QuoteRegion], start: usize, end: usize) -> Option<usize> {
    let i = regions.partition_point(|r| r.outer.start <= start);
    (i > 0 && regions[i - 1].outer.end >= end).then(|| i - 1)
}

/// direct / mixed / indirect, from how many of the content's letters are inside quotation marks.
pub(crate) fn kind_of(text: &str, spans: &[Span], regions: &[QuoteRegion]) -> QuoteKind {
    let (mut inside, mut outside) = (0usize, 0usize);
    for s in spans {
        for (b, c) in text[s.start..s.end].char_indices() {
            if !c.is_alphanumeric() {
                continue;
            }
            let at = s.start + b;
            if region_at(regions, at, at + 1).is_some() {
                inside += 1;
            } else {
                outside += 1;
            }
        }
    }
    match (inside, outside) {
        (i, 0) if i > 0 => QuoteKind::Direct,
        (0, _) => QuoteKind::Indirect,
        _ => QuoteKind::Mixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    #[derive(Debug)]
    struct Q<'a> {
        kind: &'a str,
        text: Vec<&'a str>,
        cue: Option<&'a str>,
        speaker: Option<&'a str>,
    }

    fn run(text: &str) -> Vec<Q<'_>> {
        let mut d = Document::new("t", text);
        let regions = segment(&mut d);
        extract(&mut d, &regions);
        d.quotes
            .iter()
            .map(|q| Q {
                kind: q.kind.as_str(),
                text: q.spans.iter().map(|s| s.text(text)).collect(),
                cue: q.cue.map(|s| s.text(text)),
                speaker: q.speaker.map(|s| s.text(text)),
            })
            .collect()
    }

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
    fn split_quote_is_one_quote() {
        let q = run("“The economy is strong,” he said, “and it will stay strong.”");
        assert_eq!(q.len(), 1);
        assert_eq!(
            q[0].text,
            vec!["The economy is strong,", "and it will stay strong."]
        );
        assert_eq!(q[0].speaker, Some("he"));
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
    fn participle_clause_ends_the_reported_clause() {
        let q =
            run("Packer said the focus on Trump is taking a toll, pointing to Cruz's victories.");
        assert_eq!(q[0].text, vec!["the focus on Trump is taking a toll"]);
        let q = run("Officials said five people died, including two children.");
        assert_eq!(q[0].text, vec!["five people died, including two children"]);
    }

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
    fn mixed_quote() {
        let q = run("Clinton called half of Trump’s supporters “deplorables.”");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].kind, "mixed");
        assert_eq!(q[0].text, vec!["half of Trump’s supporters “deplorables.”"]);
    }

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
    fn attribution_in_the_sentence_after_a_question() {
        // the sentence splits after `?”` before a capitalised name
        let q =
            run("It was late. “You know, it happens, right?” Doe went on, smiling. “Get over it.”");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].speaker, Some("Doe"));
        assert_eq!(q[0].text.len(), 2);
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
    fn quote_after_an_unsplit_sentence_end_continues_the_speaker() {
        let q = run("\"Who would sue over a legal product?\" Roe asked, shaking her head. \"But I do think makers should be sued.\"");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].speaker, Some("Roe"));
        assert_eq!(q[0].text.len(), 2);
    }

    #[test]
    fn inverted_cue_before_a_quote() {
        let q = run("It was tense. But, said Jane Roe, “I do not want to drum up conflict here.”");
        assert_eq!(q[0].speaker, Some("Jane Roe"));
        assert_eq!(q[0].cue, Some("said"));
    }

    #[test]
    fn attribution_after_the_last_paragraph_of_a_long_quote() {
        let q = run("It began.\n\n“First part of it.\n\n“Second part of it,” she added.");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, vec!["First part of it.", "Second part of it,"]);
        assert_eq!(q[0].speaker, Some("she"));
    }

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
    fn inverted_subjects_with_adjectives_and_coordinated_names() {
        let q = run("“There is no data on it,” said one unaligned Ohio strategist.");
        assert_eq!(q[0].speaker, Some("one unaligned Ohio strategist"));
        let q = run("“He is filled with resentment,” Jane Roe and John Doe wrote.");
        assert_eq!(q[0].speaker, Some("Jane Roe and John Doe"));
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
    fn inverted_attribution_with_a_lower_case_title() {
        let q = run("“It was a good month for her,” said former party adviser John Doe.");
        assert_eq!(q[0].speaker, Some("former party adviser John Doe"));
        assert_eq!(q[0].cue, Some("said"));
        // `said the family deserved better` is a clause, not a speaker
        let q = run("“That is fine with us,” said the Smith family deserved better.");
        assert_ne!(q[0].speaker, Some("the Smith family"));
    }

    #[test]
    fn time_phrase_between_subject_and_cue() {
        let q = run("RNC spokesman Sean Spicer on Thursday evening said the party was united.");
        assert_eq!(q[0].speaker, Some("RNC spokesman Sean Spicer"));
        assert_eq!(q[0].text, vec!["the party was united"]);
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
    fn participles_numbers_and_phrasal_verbs_are_not_cues() {
        let q = run("WASHINGTON (AP) — A news report published Wednesday said Defense Secretary Ash Carter used a personal email account.");
        assert_eq!(q[0].speaker, Some("A news report"), "{q:?}");
        let q = run("The current count gives her 1,280 pledged delegates and 469 super delegates for a total of 1,749.");
        assert!(q.is_empty(), "{q:?}");
        let q = run("Chicago-based AbbVie and Dublin-based Shire called off a $54 billion inversion deal after the rules.");
        assert!(q.is_empty(), "{q:?}");
    }

    #[test]
    fn quotes_after_fronted_clauses_and_inside_who_clauses() {
        let q = run("''It's an enormous moment,'' said Steve Schmidt, a strategist. Unless further rivals immediately quit the race, ''it's very difficult to see how he is stopped.''");
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[1].speaker, Some("Steve Schmidt"), "{q:?}");
        let q = run("Trump, who has postured himself as the “law and order candidate,” has taken a hardline stance.");
        assert_eq!(q[0].speaker, Some("who"), "{q:?}");
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
    fn split_quotes_around_an_aside_and_colon_intros_after_a_coordinated_clause() {
        let q = run("\"These guys know how to use words,\" said Sherman, speaking of politicians, \"and leave themselves a little wiggle room.\"");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].text.len(), 2, "{q:?}");
        let q = run("Reid said both men are weak, but he gave the Texan a back-handed compliment: \"You never have to guess where he is.\"");
        assert_eq!(q.last().unwrap().speaker, Some("he"), "{q:?}");
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

    #[test]
    fn a_run_in_label_is_not_the_subject() {
        let q = run("Campaign funding: The Sanders campaign wants to address concerns after recently accusing Clinton of violating fundraising laws.");
        assert_eq!(q[0].speaker, Some("The Sanders campaign"), "{q:?}");
    }

    #[test]
    fn multi_paragraph_quote() {
        let q = run("Smith said: “First part.\n\n“Second part.”");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, vec!["First part.", "Second part."]);
    }
}
