//! Stage 1: paragraphs and sentences, quote-aware.
//!
//! Paragraphs are non-blank lines. Sentences end at `.`/`!`/`?` (plus closing marks) followed by
//! space and an uppercase letter, digit or opening mark; never inside a quotation (see
//! [`marks`]), never after an abbreviation (`Sen.`, `U.S.`, `Jan.`, `Lt. Gen.`) or an initial.

pub mod marks;
pub mod tokens;

use crate::document::{Document, Sentence, Span, Token};
pub use marks::QuoteRegion;

/// Titles and other abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "lt", "gen", "col", "sgt", "capt",
    "cmdr", "adm", "maj", "cpl", "pvt", "rev", "hon", "pres", "supt", "st", "jr", "sr", "messrs",
    "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun", "inc", "corp", "co",
    "ltd", "no", "nos", "vs", "v", "etc", "approx", "dept", "univ", "assn", "bros", "est", "fig",
    "ave", "blvd", "rd", "sen", "reps", "sens", "gens", "ex", "op", "al",
];

/// Paragraph spans: maximal runs of non-newline text, whitespace-trimmed, non-empty.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '\n')))
    {
        if c == '\n' || c == '\r' {
            let line = &text[start..i];
            let lead = line.len() - line.trim_start().len();
            let trail = line.len() - line.trim_end().len();
            if lead < line.len() {
                out.push(Span::new(start + lead, i - trail));
            }
            start = i + c.len_utf8().min(text.len() - i);
        }
    }
    out
}

fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    if w.is_empty() {
        return false;
    }
    // initials: "J." ; initialisms with inner dots: "U.S.", "D.C.", "a.m."
    if w.chars().count() == 1 && w.chars().all(char::is_alphabetic) {
        return true;
    }
    if w.contains('.') && w.split('.').all(|p| p.chars().count() <= 2) {
        return true;
    }
    let lw = w.to_lowercase();
    ABBREVIATIONS.contains(&lw.as_str())
}

/// Does `rest` open with an attribution (`Pence said`, `said Mr. Smith`, `the senator told`)?
fn attribution_follows(rest: &str) -> bool {
    const CUES: &[&str] = &[
        "said",
        "says",
        "say",
        "told",
        "tells",
        "asked",
        "asks",
        "added",
        "adds",
        "wrote",
        "writes",
        "tweeted",
        "explained",
        "continued",
        "replied",
        "responded",
        "recalled",
        "shouted",
        "yelled",
        "joked",
        "declared",
        "insisted",
        "warned",
        "argued",
        "noted",
        "exclaimed",
        "wondered",
    ];
    for w in rest.split_whitespace().take(6) {
        if CUES.contains(
            &w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
                .as_str(),
        ) {
            return true;
        }
        // a clause ends before any cue: `Mr.` and initials do not end it
        if w.ends_with(['.', ',', ';', ':', '!', '?']) && w.len() > 4 {
            return false;
        }
    }
    false
}

/// Answers "is byte `b` strictly inside a quotation" (`start < b < end - 1` for some region
/// longer than two bytes) in O(log n): regions sorted by start, with the running maximum of
/// `end - 1`. Replaces a scan of every region per candidate sentence end, which made
/// segmentation quadratic in the number of quotation marks.
struct InsideIndex {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl InsideIndex {
    fn new(regions: &[QuoteRegion]) -> Self {
        let mut v: Vec<(usize, usize)> = regions
            .iter()
            .filter(|r| r.outer.len() > 2)
            .map(|r| (r.outer.start, r.outer.end.saturating_sub(1)))
            .collect();
        v.sort_unstable();
        let mut max_end = Vec::with_capacity(v.len());
        let mut m = 0;
        for &(_, e) in &v {
            m = m.max(e);
            max_end.push(m);
        }
        InsideIndex {
            starts: v.into_iter().map(|(s, _)| s).collect(),
            max_end,
        }
    }

    fn inside(&self, b: usize) -> bool {
        // regions with start < b are the prefix [..n]
        let n = self.starts.partition_point(|&s| s < b);
        n > 0 && self.max_end[n - 1] > b
    }
}

/// Sentence spans inside one paragraph, given the quote regions of the text.
pub fn sentences_in(text: &str, para: Span, regions: &[QuoteRegion]) -> Vec<Span> {
    let s = &text[para.start..para.end];
    let chars: Vec<(usize, char)> = s.char_indices().map(|(b, c)| (b + para.start, c)).collect();
    let index = InsideIndex::new(regions);
    let inside = |b: usize| index.inside(b);
    let mut out = Vec::new();
    let mut start = para.start;
    let mut k = 0;
    while k < chars.len() {
        let (b, c) = chars[k];
        if matches!(c, '.' | '!' | '?') {
            // include following closers: .” ." .) ...
            let mut j = k + 1;
            while j < chars.len()
                && (matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '”' | '"' | '’' | '\'' | ')' | ']'
                ))
            {
                j += 1;
            }
            let end = chars.get(j).map_or(para.end, |x| x.0);
            // need whitespace then an uppercase / digit / opener
            let mut n = j;
            let mut saw_space = false;
            while n < chars.len() && chars[n].1.is_whitespace() {
                n += 1;
                saw_space = true;
            }
            let next = chars.get(n).map(|x| x.1);
            let starts_new = saw_space
                && next.is_some_and(|c| {
                    c.is_uppercase()
                        || c.is_numeric()
                        || matches!(c, '“' | '"' | '‘' | '\'' | '(' | '[' | '—' | '-')
                });
            let word_before = {
                let mut w = k;
                while w > 0
                    && !chars[w - 1].1.is_whitespace()
                    && !matches!(chars[w - 1].1, '(' | '“' | '"')
                {
                    w -= 1;
                }
                &text[chars[w].0..b]
            };
            let abbrev = c == '.' && is_abbreviation(word_before);
            // `“... be?” Pence said.`: a quote's own ?/! does not end the attribution's sentence
            let quote_end = j > k + 1 && matches!(chars[j - 1].1, '”' | '"' | '\'') && c != '.';
            if quote_end
                && starts_new
                && attribution_follows(&text[chars.get(n).map_or(para.end, |x| x.0)..para.end])
            {
                k = j;
                continue;
            }
            if starts_new && !abbrev && !inside(end) && n < chars.len() {
                out.push(Span::new(start, end));
                start = chars[n].0;
                k = n;
                continue;
            }
            k = j;
            continue;
        }
        k += 1;
    }
    if start < para.end {
        out.push(Span::new(start, para.end));
    }
    out
}

/// The sentence spans (byte offsets) `segment` gives a text.
pub fn sentence_spans(text: &str) -> Vec<Span> {
    let mut doc = Document::new("", text);
    segment(&mut doc);
    doc.sentences.iter().map(|s| s.span).collect()
}

/// Fill `doc.paragraphs` and `doc.sentences`; returns the quote regions it used.
pub fn segment(doc: &mut Document) -> Vec<QuoteRegion> {
    let paras = paragraphs(&doc.text);
    let regions = marks::find_regions(&doc.text, &paras);
    // regions lie inside one paragraph and come out in text order: hand each paragraph its
    // own (keeps segmentation linear in the number of paragraphs and regions)
    let mut sorted: Vec<QuoteRegion> = regions.clone();
    sorted.sort_by_key(|r| (r.outer.start, r.outer.end));
    let mut sents = Vec::new();
    for p in &paras {
        crate::deadline::check();
        let lo = sorted.partition_point(|r| r.outer.start < p.start);
        let hi = sorted.partition_point(|r| r.outer.start < p.end);
        sents.extend(
            sentences_in(&doc.text, *p, &sorted[lo..hi])
                .into_iter()
                .map(|span| Sentence {
                    span,
                    tokens: 0..0,
                    checkworthiness: None,
                }),
        );
    }
    doc.tokens = token_layer(&doc.text, &mut sents);
    doc.paragraphs = paras;
    doc.sentences = sents;
    regions
}

/// The document's token layer: each sentence tokenized once (setting its `tokens` range).
fn token_layer(text: &str, sents: &mut [Sentence]) -> Vec<Token> {
    let mut toks = Vec::new();
    for s in sents {
        let from = toks.len();
        toks.extend(tokens::tokenize(text, s.span));
        s.tokens = from..toks.len();
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        let mut d = Document::new("t", text);
        segment(&mut d);
        d.sentences.iter().map(|s| s.span.text(text)).collect()
    }

    #[test]
    fn paragraphs_skip_blank_lines_and_crlf() {
        let text = "Title\r\n\r\n  First para.  \n\nSecond.";
        let p: Vec<&str> = paragraphs(text).iter().map(|s| s.text(text)).collect();
        assert_eq!(p, vec!["Title", "First para.", "Second."]);
    }

    #[test]
    fn basic_split() {
        assert_eq!(
            sents("One here. Two there! Three?"),
            vec!["One here.", "Two there!", "Three?"]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sents("Sen. Smith met Lt. Gen. Jones in the U.S. Capitol on Jan. 5. He left."),
            vec![
                "Sen. Smith met Lt. Gen. Jones in the U.S. Capitol on Jan. 5.",
                "He left."
            ]
        );
        assert_eq!(
            sents("George W. Bush spoke."),
            vec!["George W. Bush spoke."]
        );
    }

    #[test]
    fn never_split_inside_a_quotation() {
        assert_eq!(
            sents("“We won. They lost. Period,” he said. Then he left."),
            vec!["“We won. They lost. Period,” he said.", "Then he left."]
        );
    }

    #[test]
    fn sentence_ending_in_quote() {
        assert_eq!(
            sents("He said, “It is over.” She agreed."),
            vec!["He said, “It is over.”", "She agreed."]
        );
    }

    #[test]
    fn question_quote_keeps_its_attribution() {
        assert_eq!(
            sents("“How big is that wall?” Pence said. “Big.”"),
            vec!["“How big is that wall?” Pence said.", "“Big.”"]
        );
    }

    #[test]
    fn dateline_stays_with_its_sentence() {
        assert_eq!(
            sents("WASHINGTON (AP) — The Senate voted. It passed."),
            vec!["WASHINGTON (AP) — The Senate voted.", "It passed."]
        );
    }
}
