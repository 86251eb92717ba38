//! Token predictions -> word labels -> entity spans (BIO repair).

use super::encode::Tok;

/// Prediction for one token: label index and its probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokPred {
    pub label: u8,
    pub prob: f32,
}

/// A decoded span: byte offsets, entity type (without B-/I-), mean probability.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub score: f32,
}

/// Parsed BIO label: `None` for O, otherwise (is_begin, type).
pub fn parse_label(l: &str) -> Option<(bool, &str)> {
    if let Some(t) = l.strip_prefix("B-") {
        Some((true, t))
    } else {
        l.strip_prefix("I-").map(|t| (false, t))
    }
}

/// True for a word made only of symbols (emoji, curly quotes, dashes...): no letter, digit or
/// ASCII punctuation. Such words are trimmed from the ends of an entity ("Macron 👍" -> "Macron",
/// while "U.S." keeps its final period).
fn is_symbol_word(w: &str) -> bool {
    !w.is_empty()
        && w.chars()
            .all(|c| !c.is_alphanumeric() && !c.is_ascii_punctuation())
}

/// Decode spans. Each word takes the prediction of its first subword; the word's extent is the
/// union of its subwords' byte ranges. BIO repair: an `I-X` that does not continue an `X`
/// entity starts a new one; `B-X` always starts a new one. Symbol-only words are trimmed from
/// both ends of an entity. Score = mean probability over the entity's remaining words.
pub fn decode(text: &str, toks: &[Tok], preds: &[TokPred], labels: &[String]) -> Vec<Span> {
    debug_assert_eq!(toks.len(), preds.len());
    let parsed: Vec<Option<(bool, &str)>> = labels.iter().map(|l| parse_label(l)).collect();
    let mut spans: Vec<Span> = Vec::new();
    // current entity: type and its words (start, end, prob)
    let mut cur: Option<(&str, Words)> = None;
    let mut i = 0;
    while i < toks.len() {
        let mut j = i + 1;
        while j < toks.len() && toks[j].word == toks[i].word {
            j += 1;
        }
        let ws = toks[i..j].iter().map(|t| t.start).min().unwrap_or(0);
        let we = toks[i..j].iter().map(|t| t.end).max().unwrap_or(ws);
        let p = preds[i];
        match parsed.get(p.label as usize).copied().flatten() {
            None => {
                if let Some(c) = cur.take() {
                    finish(text, c, &mut spans);
                }
            }
            Some((begin, ty)) => match &mut cur {
                Some(c) if !begin && c.0 == ty => c.1.push((ws, we, p.prob)),
                _ => {
                    if let Some(c) = cur.take() {
                        finish(text, c, &mut spans);
                    }
                    cur = Some((ty, vec![(ws, we, p.prob)]));
                }
            },
        }
        i = j;
    }
    if let Some(c) = cur.take() {
        finish(text, c, &mut spans);
    }
    spans
}

type Words = Vec<(usize, usize, f32)>;

fn finish(text: &str, c: (&str, Words), out: &mut Vec<Span>) {
    let words = &c.1[..];
    let sym = |w: &(usize, usize, f32)| is_symbol_word(text.get(w.0..w.1).unwrap_or(""));
    let a = words.iter().position(|w| !sym(w));
    let b = words.iter().rposition(|w| !sym(w));
    if let (Some(a), Some(b)) = (a, b) {
        let words = &words[a..=b];
        out.push(Span {
            start: words[0].0,
            end: words[words.len() - 1].1,
            label: c.0.to_string(),
            score: words.iter().map(|w| w.2).sum::<f32>() / words.len() as f32,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(start: usize, end: usize, word: u32) -> Tok {
        Tok {
            id: 0,
            start,
            end,
            word,
            casing: 0,
            first: false,
        }
    }

    #[test]
    fn bio_repair_and_subwords() {
        let labels = super::super::model::NerConfig::default_labels();
        let text = "Vladimir Putin met Gorkov in St Petersburg";
        // words: Vladimir(0) Putin(1) met(2) Gor|kov(3) in(4) St(5) Petersburg(6)
        let toks = vec![
            tok(0, 8, 0),
            tok(9, 14, 1),
            tok(15, 18, 2),
            tok(19, 22, 3),
            tok(22, 25, 3),
            tok(26, 28, 4),
            tok(29, 31, 5),
            tok(32, 42, 6),
        ];
        let p = |label: u8, prob: f32| TokPred { label, prob };
        // B-PER I-PER O I-PER(orphan -> new) [I-LOC ignored: non-first subword] O I-LOC B-LOC
        let preds = vec![
            p(1, 0.9),
            p(2, 0.7),
            p(0, 0.99),
            p(2, 0.6),
            p(6, 0.1),
            p(0, 0.9),
            p(6, 0.8),
            p(5, 0.4),
        ];
        let spans = decode(text, &toks, &preds, &labels);
        let got: Vec<(usize, usize, &str)> = spans
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 14, "PER"),
                (19, 25, "PER"),
                (29, 31, "LOC"),
                (32, 42, "LOC")
            ]
        );
        assert!((spans[0].score - 0.8).abs() < 1e-6);
        assert!((spans[1].score - 0.6).abs() < 1e-6);
    }

    #[test]
    fn symbols_trimmed_from_entity_ends() {
        let labels = super::super::model::NerConfig::default_labels();
        // curly quote + "Macron" + emoji all tagged PER; "U.S." keeps its periods
        let text = "\u{201c}Macron \u{1f44d} U.S.";
        let toks = vec![
            tok(0, 3, 0),
            tok(3, 9, 1),
            tok(10, 14, 2),
            tok(15, 16, 3),
            tok(16, 17, 4),
            tok(17, 18, 5),
            tok(18, 19, 6),
        ];
        let p = |label: u8| TokPred { label, prob: 0.5 };
        let preds = vec![p(1), p(2), p(2), p(5), p(6), p(6), p(6)];
        let spans = decode(text, &toks, &preds, &labels);
        let got: Vec<(&str, &str)> = spans
            .iter()
            .map(|s| (&text[s.start..s.end], s.label.as_str()))
            .collect();
        assert_eq!(got, vec![("Macron", "PER"), ("U.S.", "LOC")]);
    }
}
