//! The shared document model: the text plus layered annotations.
//!
//! Inside the pipeline every span is a **byte** range into `Document::text` (what Rust string
//! slicing wants). Output converts to Unicode **code point** offsets at the edge, through
//! [`OffsetMap`], so no stage ever has to think about encodings.

use serde_json::{Map, Value};

/// A half-open byte range `[start, end)` into the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// Bytes between the two spans (0 when they touch or overlap).
    pub fn gap(&self, other: Span) -> usize {
        if self.end <= other.start {
            other.start - self.end
        } else {
            self.start.saturating_sub(other.end)
        }
    }
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// How a quote is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    /// Every word of the content is inside quotation marks.
    Direct,
    /// Reported speech with no quotation marks.
    Indirect,
    /// Reported speech that contains a quoted fragment.
    Mixed,
}

impl QuoteKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        }
    }
}

/// One attributed statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub kind: QuoteKind,
    /// Content fragments, sorted, quotation marks excluded. Usually one; a quote interrupted by
    /// its attribution (`"A," he said, "B."`) or running over paragraphs has several.
    pub spans: Vec<Span>,
    pub cue: Option<Span>,
    pub speaker: Option<Span>,
    pub speaker_name: Option<String>,
    pub speaker_entity: Option<usize>,
    /// Before the attribution stage: the rule's or tagger's own score; after it, the
    /// calibrated probability that span and speaker are both right (`attribution::confidence`).
    pub confidence: f32,
    /// Found by the learned tagger (`quotes::learned`), not by a rule (internal, not output).
    pub from_tagger: bool,
}

impl Quote {
    /// The extent from the first fragment's start to the last fragment's end.
    pub fn extent(&self) -> Span {
        Span::new(self.spans[0].start, self.spans[self.spans.len() - 1].end)
    }
}

/// A named entity mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub span: Span,
    pub label: String,
    pub score: f32,
}

/// A sentence with its check-worthiness (filled by the claims stage when it runs).
/// A word or punctuation token of the shared token layer ([`Document::tokens`]), made by
/// `crate::segment::tokens::tokenize`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    /// Lower-cased text with curly apostrophes folded to `'`.
    pub lower: String,
    pub is_word: bool,
    /// First char is uppercase.
    pub cap: bool,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        self.span.text(text)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub span: Span,
    /// This sentence's tokens: an index range into [`Document::tokens`].
    pub tokens: std::ops::Range<usize>,
    /// 0..1: does the sentence make a factual, verifiable claim of public interest?
    pub checkworthiness: Option<f32>,
}

/// How a claimant relates to a claim's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stance {
    Asserts,
    Denies,
    Questions,
}

impl Stance {
    pub fn as_str(&self) -> &'static str {
        match self {
            Stance::Asserts => "asserts",
            Stance::Denies => "denies",
            Stance::Questions => "questions",
        }
    }
}

/// A check-worthy statement: a sentence, or the part of a quote inside one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub span: Span,
    pub checkworthiness: f32,
    /// Index into `Document::quotes` of the quote it comes from (the claimant is its speaker);
    /// `None` for the publication's own narrative voice.
    pub quote: Option<usize>,
    pub stance: Stance,
    /// Indices into `Document::entities` overlapping the span.
    pub entities: Vec<usize>,
    pub numbers: Vec<String>,
    pub dates: Vec<String>,
    pub comparatives: Vec<String>,
}

/// Per-token vectors of one text: `spans[i]` (BYTE offsets) has the values
/// `values[i * dims..(i + 1) * dims]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenVectors {
    pub dims: usize,
    pub spans: Vec<(usize, usize)>,
    pub values: Vec<f32>,
}

impl TokenVectors {
    /// Mean of the vectors of the tokens that start inside `[start, end)`; `None` if none does.
    pub fn mean(&self, start: usize, end: usize) -> Option<Vec<f32>> {
        let a = self.spans.partition_point(|s| s.0 < start);
        let b = self.spans.partition_point(|s| s.0 < end);
        if b <= a {
            return None;
        }
        let mut out = vec![0f32; self.dims];
        for i in a..b {
            for (o, v) in out
                .iter_mut()
                .zip(&self.values[i * self.dims..(i + 1) * self.dims])
            {
                *o += v;
            }
        }
        let n = (b - a) as f32;
        out.iter_mut().for_each(|o| *o /= n);
        Some(out)
    }
}

/// An article and everything the stages found in it.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub id: String,
    pub text: String,
    /// Input fields other than `id` and `text`, passed through untouched.
    pub meta: Map<String, Value>,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Sentence>,
    /// The token layer: every sentence's tokens, in text order, computed once by the segment
    /// stage and read by quotes and attribution (see [`Document::sentence_tokens`]).
    pub tokens: Vec<Token>,
    pub entities: Vec<Entity>,
    /// Source / cue / content spans from the learned attribution tagger (labels `SRC`, `CUE`,
    /// `CON`); input to `quotes::learned`, not part of the output record.
    pub attribution_tags: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub claims: Vec<Claim>,
    /// The claims head's projected encoder states per subword token (when the transformer
    /// ran with the claims head attached); input to the claims stage, not output.
    pub token_vectors: Option<TokenVectors>,
    /// Each quote's confidence-calibration features, only when the pipeline is asked to keep
    /// them (`Pipeline::quote_features`, for training); written as the quotes' `features`.
    pub quote_features: Vec<Vec<f32>>,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    /// The tokens of sentence `i` (empty before the segment stage ran).
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        &self.tokens[self.sentences[i].tokens.clone()]
    }
}

/// Byte offset -> code point offset conversion for one text.
///
/// Built once per document in O(n); lookups are O(log n) on non-ASCII text and O(1) on ASCII.
pub struct OffsetMap {
    /// Byte offsets of every multi-byte char start, with the number of extra bytes seen so far.
    ascii: bool,
    starts: Vec<(usize, usize)>,
}

impl OffsetMap {
    pub fn new(text: &str) -> Self {
        let ascii = text.is_ascii();
        let mut starts = Vec::new();
        if !ascii {
            let mut extra = 0usize;
            for (b, c) in text.char_indices() {
                let l = c.len_utf8();
                if l > 1 {
                    extra += l - 1;
                    // after this char, byte offsets exceed code point offsets by `extra`
                    starts.push((b + l, extra));
                }
            }
        }
        OffsetMap { ascii, starts }
    }

    /// Code point offset of a byte offset (which must be on a char boundary).
    pub fn cp(&self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        match self.starts.partition_point(|&(b, _)| b <= byte) {
            0 => byte,
            i => byte - self.starts[i - 1].1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_map_matches_char_counting() {
        let text = "“Hi,” said Zoë 😀 e\u{301}tc — ok";
        let map = OffsetMap::new(text);
        for (b, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(map.cp(b), text[..b].chars().count(), "byte {b}");
        }
    }

    #[test]
    fn offset_map_ascii_is_identity() {
        let map = OffsetMap::new("plain text");
        assert_eq!(map.cp(5), 5);
    }

    #[test]
    fn span_relations() {
        let a = Span::new(0, 5);
        assert!(a.contains(Span::new(1, 5)));
        assert!(a.overlaps(Span::new(4, 9)));
        assert!(!a.overlaps(Span::new(5, 9)));
    }
}
