//! Stage 5: claims for fact-checkers — check-worthiness of every sentence, and the check-worthy
//! statements of the article with their claimant, stance and the numbers/dates/comparatives
//! they rest on.
//!
//! 1. every sentence gets `checkworthiness` from the linear model ([`ClaimModel`]) -- or the
//!    transformer head with `--claims-head` ([`head`]); a sentence that is one direct quote and
//!    its attribution (`"...," Smith said.`) is scored on the quoted words alone;
//! 2. a sentence holding (part of) a quote yields one candidate per quote: the quote's part
//!    inside the sentence, scored on its own, claimant = the quote's speaker; any other sentence
//!    is a candidate in the publication's narrative voice, scored as the sentence;
//! 3. candidates scoring at least the threshold become [`Claim`]s; stance comes from the cue
//!    and the claim's words (`denied interfering` -> denies, `asked` or `?` -> questions).

pub mod features;
pub mod head;
pub mod model;

pub use model::{ClaimModel, DEFAULT_THRESHOLD};

use crate::document::{Claim, Document, Span, Stance};
use features::{find, is_ask, is_deny, tokens, Lowered, TokKind};
use head::{ClaimHead, Scorer};

/// A quote part shorter than this many words (scare quotes) does not make a quote claim.
const MIN_QUOTE_WORDS: usize = 3;
/// A narrative sentence shorter than this many words (headline, byline, dateline) is no claim.
const MIN_NARRATIVE_WORDS: usize = 5;

/// Calls `f` with the lower-cased words (no punctuation) of `s`; returns what `f` returns.
fn with_lower_words<R>(s: &str, f: impl FnOnce(&[&str]) -> R) -> R {
    let lw = Lowered::new(s);
    let words: Vec<&str> = (0..lw.toks.len())
        .filter(|&i| lw.toks[i].kind != TokKind::Punct)
        .map(|i| lw.low(i))
        .collect();
    f(&words)
}

/// Stance of a claim from its cue (if any) and its own words: a question mark or an asking cue
/// -> questions; a denial cue or denial words (`denied interfering`, `not true`, `no evidence`)
/// -> denies; otherwise asserts.
pub fn stance(claim_text: &str, cue: Option<&str>) -> Stance {
    let (ask, deny) = cue.map_or((false, false), |c| {
        with_lower_words(c, |w| {
            (w.iter().any(|x| is_ask(x)), w.iter().any(|x| is_deny(x)))
        })
    });
    if claim_text
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with('?')
        || ask
    {
        return Stance::Questions;
    }
    if deny {
        return Stance::Denies;
    }
    let denial = with_lower_words(claim_text, |w| {
        w.iter().enumerate().any(|(i, &x)| {
            let next = w.get(i + 1).copied();
            is_deny(x)
                || (x == "not" && next == Some("true"))
                || (x == "no" && (next == Some("evidence") || w.get(i + 2) == Some(&"evidence")))
        })
    });
    if denial {
        Stance::Denies
    } else {
        Stance::Asserts
    }
}

/// Split a candidate before a contrastive clause that denies (`..., but he still denied X`):
/// the parts before and from the clause (its `but` / `while` / `yet` dropped). Byte spans.
pub fn split_denial(text: &str, span: Span) -> Vec<Span> {
    let s = span.text(text);
    let lw = Lowered::new(s);
    let toks = &lw.toks;
    let lows: Vec<&str> = (0..toks.len()).map(|i| lw.low(i)).collect();
    let Some(d) = lows.iter().position(|w| is_deny(w)) else {
        return vec![span];
    };
    // the nearest boundary before the denial word, at most 6 tokens back
    let lo = d.saturating_sub(6);
    for b in (lo.max(1)..d).rev() {
        let w = lows[b];
        let is_conj = matches!(w, "but" | "while" | "yet" | "although" | "though");
        let is_punct = matches!(w, ";" | "-" | "–" | "—");
        if is_conj || is_punct {
            let mut first_end = toks[b].start;
            // drop a punctuation boundary right before a conjunction too (`..., but`)
            let mut k = b;
            while k > 0 && matches!(lows[k - 1], "," | ";" | "-" | "–" | "—") {
                k -= 1;
                first_end = toks[k].start;
            }
            let mut second = b + 1;
            if is_punct
                && lows
                    .get(second)
                    .is_some_and(|w| matches!(*w, "but" | "while" | "yet"))
            {
                second += 1;
            }
            if k < 2 || second > d {
                return vec![span];
            }
            let first = Span::new(span.start, span.start + s[..first_end].trim_end().len());
            let rest = Span::new(span.start + toks[second].start, span.end);
            return vec![first, rest];
        }
    }
    vec![span]
}

fn words_in(text: &str) -> usize {
    tokens(text)
        .iter()
        .filter(|t| t.kind != TokKind::Punct)
        .count()
}

/// Run the claims stage: score every sentence, then fill `doc.claims` with the candidates
/// scoring at least `threshold`. With a `head` and the document's token vectors (the
/// transformer ran with the head's projection), the head scores, reading each sentence with
/// its neighbours (see [`head`]); otherwise the linear model.
pub fn claims(doc: &mut Document, model: &ClaimModel, head: Option<&ClaimHead>, threshold: f32) {
    let text = doc.text.as_str();
    let scorer = Scorer {
        linear: model,
        head: head.zip(doc.token_vectors.as_ref()),
    };
    let cands: Vec<Vec<(Span, Option<usize>)>> = doc
        .sentences
        .iter()
        .map(|s| candidates(doc, s.span))
        .collect();
    // the words each sentence says: the sentence, or the words of its one direct quote when
    // the rest of the sentence is only that quote's attribution (`"...," Smith said.`); the
    // linear model scores them, the transformer head reads them beside its token states of the
    // whole sentence (its tower has attended to the frame already)
    let spans: Vec<(usize, usize)> = doc
        .sentences
        .iter()
        .map(|s| (s.span.start, s.span.end))
        .collect();
    let said: Vec<(usize, usize)> = doc
        .sentences
        .iter()
        .zip(&cands)
        .map(|(s, c)| {
            let sp = said_words(doc, s.span, c).unwrap_or(s.span);
            (sp.start, sp.end)
        })
        .collect();
    let scores = scorer.score_sentences_said(text, &spans, &said);
    let mut out = Vec::new();
    for (si, (s, cands)) in doc.sentences.iter_mut().zip(cands).enumerate() {
        let score = scores[si];
        s.checkworthiness = Some(score);
        // one candidate: the sentence's score (its attribution frame is context)
        let sole = cands.len() == 1;
        for (cand, quote) in cands {
            // several quotes in a check-worthy sentence: each part keeps at least the
            // sentence's score (`Putin suggested ... but he still denied interfering ...`)
            let cw = if sole {
                score
            } else {
                scorer
                    .score_part(text, &spans, si, (cand.start, cand.end))
                    .max(score)
            };
            if cw < threshold {
                continue;
            }
            for span in split_denial(text, cand) {
                let ctext = span.text(text);
                let cue = quote.and_then(|qi| doc.quotes[qi].cue.map(|c| c.text(text)));
                let found = find(ctext);
                out.push(Claim {
                    span,
                    checkworthiness: cw,
                    quote,
                    stance: stance(ctext, cue),
                    entities: doc
                        .entities
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| e.span.overlaps(span))
                        .map(|(i, _)| i)
                        .collect(),
                    numbers: found.numbers,
                    dates: found.dates,
                    comparatives: found.comparatives,
                });
            }
        }
    }
    doc.claims = out;
}

/// The claim candidates of sentence `sent`: (span, quote index) for each quote with a part of
/// at least [`MIN_QUOTE_WORDS`] words in it, else the sentence itself in the narrative voice
/// (at least [`MIN_NARRATIVE_WORDS`] words), else none.
fn candidates(doc: &Document, sent: Span) -> Vec<(Span, Option<usize>)> {
    let text = doc.text.as_str();
    let mut cands: Vec<(Span, Option<usize>)> = Vec::new();
    for (qi, q) in doc.quotes.iter().enumerate() {
        let mut part: Option<Span> = None;
        for f in &q.spans {
            if f.overlaps(sent) {
                let a = f.start.max(sent.start);
                let b = f.end.min(sent.end);
                part = Some(match part {
                    None => Span::new(a, b),
                    Some(p) => Span::new(p.start.min(a), p.end.max(b)),
                });
            }
        }
        if let Some(mut p) = part {
            // reported speech whose cue directly precedes it: the claim reads with its verb
            // (`denied interfering in the USA election`, not `interfering in ...`)
            let meaningful_cue = |c: &Span| {
                let l = c.text(text).to_lowercase();
                matches!(
                    crate::quotes::lexicon::cue_class(&l),
                    Some(crate::quotes::lexicon::CueClass::Object)
                )
            };
            if let Some(c) = q.cue.filter(|c| {
                q.kind == crate::document::QuoteKind::Indirect
                    && sent.contains(*c)
                    && c.end <= p.start
                    && meaningful_cue(c)
            }) {
                if text[c.end..p.start].trim().is_empty() {
                    p.start = c.start;
                }
            }
            if words_in(p.text(text)) >= MIN_QUOTE_WORDS {
                cands.push((p, Some(qi)));
            }
        }
    }
    if cands.is_empty() && words_in(sent.text(text)) >= MIN_NARRATIVE_WORDS {
        cands.push((sent, None));
    }
    cands
}

/// At most this many words of a sentence may lie outside its one quote's words, speaker and
/// cue for the sentence to count as that quote and its attribution (`Smith said on Tuesday`).
const FRAME_WORDS: usize = 3;

/// The words a sentence reports, when it is one direct quote (or one `according to` report)
/// and its attribution frame: the quote's part in `sent` (its only candidate). The models were trained on what people said (debate
/// sentences, transcript lines), so the frame -- `"...," Smith said.`, `According to Smith,
/// ...` -- is not scored with it: on the ClaimBuster dev sentences framed that way it cost the
/// linear model 0.10 F1 and the transformer head up to 0.26 (`scripts/eval_claims.py`).
fn said_words(doc: &Document, sent: Span, cands: &[(Span, Option<usize>)]) -> Option<Span> {
    let [(part, Some(qi))] = cands else {
        return None;
    };
    let q = &doc.quotes[*qi];
    let text = doc.text.as_str();
    // `According to Smith, ...` only attributes; `Smith said ...` may itself be the claim
    let according = q
        .cue
        .is_some_and(|c| c.text(text).to_lowercase().starts_with("according"));
    if q.kind != crate::document::QuoteKind::Direct && !according {
        return None;
    }
    let framed: Vec<Span> = [Some(*part), q.speaker, q.cue]
        .into_iter()
        .flatten()
        .collect();
    let outside = tokens(sent.text(text))
        .iter()
        .filter(|t| t.kind != TokKind::Punct)
        .filter(|t| {
            let w = Span::new(sent.start + t.start, sent.start + t.end);
            !framed.iter().any(|f| f.overlaps(w))
        })
        .count();
    (outside <= FRAME_WORDS && *part != sent).then_some(*part)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stance_from_cue_and_words() {
        assert_eq!(
            stance(
                "he still denied interfering in the USA election",
                Some("suggested")
            ),
            Stance::Denies
        );
        assert_eq!(
            stance("Russia interfered in the election", Some("denied")),
            Stance::Denies
        );
        assert_eq!(
            stance("that is not true at all", Some("said")),
            Stance::Denies
        );
        assert_eq!(
            stance("there was no evidence of fraud", Some("claimed")),
            Stance::Denies
        );
        assert_eq!(
            stance("Did Russia hack the DNC?", Some("said")),
            Stance::Questions
        );
        assert_eq!(
            stance(
                "whether he was involved in a covert campaign",
                Some("asked")
            ),
            Stance::Questions
        );
        assert_eq!(
            stance("unemployment fell to 4.3% in May", Some("said")),
            Stance::Asserts
        );
        assert_eq!(
            stance("The deficit doubled since 2008.", None),
            Stance::Asserts
        );
    }

    #[test]
    fn denial_clause_is_split_off() {
        let t = "hackers could be behind attacks - but he still denied interfering in the election";
        let parts = split_denial(t, Span::new(0, t.len()));
        let texts: Vec<&str> = parts.iter().map(|p| p.text(t)).collect();
        assert_eq!(
            texts,
            [
                "hackers could be behind attacks",
                "he still denied interfering in the election"
            ]
        );
        let u = "Russia interfered, but he denied it";
        let texts: Vec<String> = split_denial(u, Span::new(0, u.len()))
            .iter()
            .map(|p| p.text(u).to_string())
            .collect();
        assert_eq!(texts, ["Russia interfered", "he denied it"]);
        let v = "He denied interfering in the election";
        assert_eq!(
            split_denial(v, Span::new(0, v.len())),
            [Span::new(0, v.len())]
        );
    }

    #[test]
    fn a_quote_is_scored_without_its_attribution_frame() {
        use crate::document::{Quote, QuoteKind, Sentence};
        // the model likes `said`: the frame alone would lift the score past 0.5
        let m = ClaimModel::from_weights([
            ("bias", -1.0),
            ("w=said", 3.0),
            ("w=according", 3.0),
            ("w=taxes", 0.5),
        ]);
        let one = |text: &str, quote: Option<(&str, &str, &str, QuoteKind)>| {
            let mut d = Document::new("t", text);
            d.sentences.push(Sentence {
                span: Span::new(0, text.len()),
                tokens: 0..0,
                checkworthiness: None,
            });
            if let Some((content, speaker, cue, kind)) = quote {
                let at = |w: &str| {
                    let i = text.find(w).unwrap();
                    Span::new(i, i + w.len())
                };
                d.quotes.push(Quote {
                    kind,
                    spans: vec![at(content)],
                    cue: Some(at(cue)),
                    speaker: Some(at(speaker)),
                    speaker_name: Some(speaker.into()),
                    speaker_entity: None,
                    confidence: 0.9,
                    from_tagger: false,
                });
            }
            claims(&mut d, &m, None, 0.5);
            d.sentences[0].checkworthiness.unwrap()
        };
        let bare = one("We cut taxes for every family", None);
        let framed = one(
            "\u{201c}We cut taxes for every family,\u{201d} Smith said on Tuesday.",
            Some((
                "We cut taxes for every family,",
                "Smith",
                "said",
                QuoteKind::Direct,
            )),
        );
        assert!(bare < 0.5, "{bare}");
        assert!((framed - bare).abs() < 1e-6, "{framed} vs {bare}");
        // more than an attribution outside the quote: the sentence is read whole
        let more = one(
            "Smith, who said nothing for a week about the budget, said \u{201c}we cut taxes.\u{201d}",
            Some(("we cut taxes.", "Smith", "said \u{201c}", QuoteKind::Direct)),
        );
        assert!(more > 0.5, "{more}");
        // `According to Smith, ...` only attributes: read without it
        let according = one(
            "According to Smith, we cut taxes for every family.",
            Some((
                "we cut taxes for every family.",
                "Smith",
                "According to",
                QuoteKind::Indirect,
            )),
        );
        assert!((according - bare).abs() < 1e-6, "{according} vs {bare}");
        // reported speech keeps its frame (`My opponent said he would ...` is itself a claim)
        let reported = one(
            "Smith said we cut taxes for every family.",
            Some((
                "we cut taxes for every family.",
                "Smith",
                "said",
                QuoteKind::Indirect,
            )),
        );
        assert!(reported > 0.5, "{reported}");
    }

    #[test]
    fn stage_builds_quote_and_narrative_claims() {
        use crate::document::{Quote, QuoteKind, Sentence};
        let text =
            "Unemployment fell to 4.3% in 2016. Smith said taxes rose by 12% last year. Hello.";
        let mut d = Document::new("t", text);
        let s1 = text.find("Smith").unwrap();
        let s2 = text.find("Hello").unwrap();
        for (a, b) in [(0, s1 - 1), (s1, s2 - 1), (s2, text.len())] {
            d.sentences.push(Sentence {
                span: Span::new(a, b),
                tokens: 0..0,
                checkworthiness: None,
            });
        }
        let q = text.find("taxes").unwrap();
        d.quotes.push(Quote {
            kind: QuoteKind::Indirect,
            spans: vec![Span::new(q, s2 - 2)],
            cue: Some(Span::new(s1 + 6, s1 + 10)),
            speaker: Some(Span::new(s1, s1 + 5)),
            speaker_name: Some("Smith".into()),
            speaker_entity: None,
            confidence: 0.9,
            from_tagger: false,
        });
        let m = ClaimModel::from_weights([("bias", -2.0), ("h=percent", 4.0)]);
        claims(&mut d, &m, None, 0.5);
        assert!(d.sentences.iter().all(|s| s.checkworthiness.is_some()));
        assert!(d.sentences[2].checkworthiness.unwrap() < 0.5);
        assert_eq!(d.claims.len(), 2);
        assert_eq!(d.claims[0].quote, None);
        assert_eq!(d.claims[0].span, d.sentences[0].span);
        assert_eq!(d.claims[0].numbers, ["4.3%"]);
        assert_eq!(d.claims[0].dates, ["2016"]);
        assert_eq!(d.claims[1].quote, Some(0));
        assert_eq!(d.claims[1].span.text(text), "taxes rose by 12% last year");
        assert_eq!(d.claims[1].stance, Stance::Asserts);
        // a higher threshold keeps nothing
        claims(&mut d, &m, None, 0.99);
        assert!(d.claims.is_empty());
    }
}
