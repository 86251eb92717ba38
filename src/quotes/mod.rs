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

mod clauses;
mod discourse;
mod frame_according_to;
mod frame_asked;
mod frame_content_after;
mod frame_content_before;
mod frame_raising;
mod intros;
pub mod learned;
pub mod lexicon;
mod noun_phrases;
mod outros;
mod split_quotes;
mod subjects;

use crate::document::{Document, Quote, QuoteKind, Span};
use crate::segment::tokens::Token;
use crate::segment::QuoteRegion;
use lexicon::{
    cue_class, is_aux_or_adverb, is_clause_break, is_determiner, is_np_stop, is_pp_start,
    is_pronoun, CueClass,
};

/// Longest speaker noun phrase, in tokens.
const MAX_NP: usize = 8;

struct Sent<'a> {
    span: Span,
    para: usize,
    /// The sentence's tokens, from the document's token layer.
    toks: &'a [Token],
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
    sents: Vec<Sent<'a>>,
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
    for (si, s) in doc.sentences.iter().enumerate() {
        crate::deadline::check();
        while para + 1 < doc.paragraphs.len() && doc.paragraphs[para].end < s.span.start {
            para += 1;
        }
        let toks = doc.sentence_tokens(si);
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
    pub(super) fn tok(&self, si: usize, i: usize) -> &Token {
        &self.sents[si].toks[i]
    }

    pub(super) fn lower(&self, si: usize, i: usize) -> &str {
        &self.sents[si].toks[i].lower
    }

    pub(super) fn is_punct(&self, si: usize, i: usize, set: &str) -> bool {
        let t = &self.sents[si].toks[i];
        !t.is_word && set.contains(t.text(self.text))
    }

    /// An auxiliary or adverb (`has`, `also`, `flatly`) -- never a capitalised name (`Kelly`).
    pub(super) fn is_adv(&self, si: usize, i: usize) -> bool {
        let t = self.tok(si, i);
        t.is_word && (!t.cap || t.lower.len() <= 4) && is_aux_or_adverb(&t.lower)
    }

    pub(super) fn is_quote_mark(&self, si: usize, i: usize) -> bool {
        self.is_punct(si, i, "\"“”„‘’'«»")
    }

    pub(super) fn sentence(&mut self, si: usize) {
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
            if let Some(next) = self.raising(si, i).or_else(|| self.fronted_asked(si, i)) {
                i = next;
                continue;
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

    pub(super) fn span_of(&self, si: usize, a: usize, b: usize) -> Span {
        Span::new(self.tok(si, a).span.start, self.tok(si, b - 1).span.end)
    }

    pub(super) fn push(
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

    pub(super) fn push_spans(
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
            from_tagger: false,
        });
    }

    pub(super) fn paragraph_of(&self, si: usize) -> usize {
        self.sents[si].para
    }

    pub(super) fn para_index(&self, byte: usize) -> usize {
        self.sents
            .iter()
            .find(|s| s.span.start <= byte && byte <= s.span.end)
            .map_or(usize::MAX, |s| s.para)
    }
}

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

/// The region (sorted, non-overlapping) containing the byte range `[start, end)`: O(log n).
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
mod test_util {
    pub(super) use super::*;
    pub(super) use crate::segment::segment;

    #[derive(Debug)]
    pub(super) struct Q<'a> {
        pub(super) kind: &'a str,
        pub(super) text: Vec<&'a str>,
        pub(super) cue: Option<&'a str>,
        pub(super) speaker: Option<&'a str>,
    }

    /// Segment and run the quote stage on `text`; the quotes as strings.
    pub(super) fn run(text: &str) -> Vec<Q<'_>> {
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
}
