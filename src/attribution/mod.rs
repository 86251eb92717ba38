//! Stage 4: resolve each quote's speaker mention to a canonical name.
//!
//! Names come from the entity layer when it has PER/ORG mentions, else from capitalised-word
//! chunks. A mention resolves to the most complete name of its entity in the article
//! (`Putin` -> `Vladimir Putin`, titles stripped); pronouns to the most recent fitting speaker
//! or person; descriptions (`the Russian president`) to a name introduced with that title.

use std::borrow::Cow;

use crate::document::{Document, Span};
use crate::quotes::lexicon::{is_capitalised_function_word, is_title};
use crate::segment::tokens::{tokenize, Token};

/// A proper name mention in the article.
#[derive(Debug, Clone)]
pub struct Name {
    pub span: Span,
    /// Lower-cased words of the name without titles (`vladimir`, `putin`).
    pub words: Vec<String>,
    /// The name as written without titles (`Vladimir Putin`).
    pub display: String,
    /// Lower-cased title words written before it (`russian`, `president`).
    pub titles: Vec<String>,
    pub org: bool,
    /// Index into `doc.entities` when the name came from the entity layer.
    pub entity: Option<usize>,
}

const ORG_WORDS: &[&str] = &[
    "news",
    "house",
    "department",
    "party",
    "committee",
    "times",
    "post",
    "journal",
    "inc",
    "corp",
    "university",
    "campaign",
    "administration",
    "agency",
    "bureau",
    "council",
    "court",
    "congress",
    "senate",
    "association",
    "institute",
    "foundation",
    "group",
    "network",
    "press",
    "bank",
    "company",
    "fund",
    "office",
    "service",
    "services",
    "commission",
    "ministry",
    "police",
    "army",
    "forces",
    "union",
    "cnn",
    "fbi",
    "cia",
    "nbc",
    "cbs",
    "abc",
    "fox",
    "msnbc",
    "reuters",
    "politifact",
    "gop",
    "dnc",
    "rnc",
    "kremlin",
    "pentagon",
    "tribune",
    "magazine",
    "center",
    "centre",
    "club",
    "team",
    "board",
    "staff",
    "coalition",
    "organization",
    "republicans",
    "democrats",
    "twitter",
    "facebook",
    "google",
    "breitbart",
    "politico",
];

fn is_org_word(w: &str) -> bool {
    ORG_WORDS.contains(&w)
}

/// Capitalised-word chunks of a sentence (`toks`: its tokens): candidate names when no entity
/// layer is available.
pub fn name_chunks(text: &str, sentence: Span, toks: &[Token]) -> Vec<Name> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !(toks[i].is_word && toks[i].cap) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < toks.len() {
            let t = &toks[j];
            if t.is_word
                && (t.cap
                    || (j > i
                        && matches!(t.lower.as_str(), "de" | "van" | "von" | "al" | "bin" | "la")))
            {
                j += 1;
                if t.lower.ends_with("'s") {
                    break;
                }
            } else if !t.is_word
                && t.text(text) == "."
                && j > i
                && (is_title(&toks[j - 1].lower) || toks[j - 1].text(text).chars().count() == 1)
                && toks.get(j + 1).is_some_and(|n| n.cap)
            {
                j += 1;
            } else {
                break;
            }
        }
        if let Some(name) = make_name(
            text,
            &toks[i..j],
            sentence.start == toks[i].span.start || i == 0,
        ) {
            out.push(name);
        }
        i = j.max(i + 1);
    }
    out
}

fn make_name(text: &str, toks: &[Token], sentence_initial: bool) -> Option<Name> {
    let mut toks: Vec<&Token> = toks.iter().filter(|t| t.is_word).collect();
    // leading function words (`But Putin`, `The Post`: keep `The` out of the name)
    while let Some(t) = toks.first() {
        if is_capitalised_function_word(&t.lower)
            && (sentence_initial || t.lower == "the" || toks.len() > 1)
        {
            toks.remove(0);
        } else {
            break;
        }
    }
    let last = *toks.last()?;
    if is_capitalised_function_word(&last.lower) {
        return None;
    }
    let mut titles = Vec::new();
    let mut k = 0;
    // everything up to the last title word is a title (`Russian President Vladimir Putin`)
    if let Some(p) = toks.iter().rposition(|t| is_title(&t.lower)) {
        if p + 1 < toks.len() {
            titles = toks[..=p].iter().map(|t| t.lower.clone()).collect();
            k = p + 1;
        }
    }
    let name = &toks[k..];
    let words: Vec<String> = name
        .iter()
        .map(|t| t.lower.trim_end_matches("'s").to_string())
        .collect();
    let span = Span::new(name[0].span.start, name[name.len() - 1].span.end);
    let mut display = span.text(text).to_string();
    for suffix in ["’s", "'s"] {
        if let Some(d) = display.strip_suffix(suffix) {
            display = d.to_string();
        }
    }
    let org = words.iter().any(|w| is_org_word(w))
        || (words.len() == 1
            && name[0]
                .text(text)
                .chars()
                .filter(|c| c.is_uppercase())
                .count()
                >= 2);
    Some(Name {
        span,
        words,
        display,
        titles,
        org,
        entity: None,
    })
}

/// All names of the document, from entities when present, else from capitalised chunks.
pub fn names(doc: &Document) -> Vec<Name> {
    let text = doc.text.as_str();
    let from_entities: Vec<Name> = doc
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.label == "PER" || e.label == "ORG")
        .filter_map(|(i, e)| {
            let toks = entity_tokens(doc, e.span);
            let mut n = make_name(text, &toks, false)?;
            n.org = e.label == "ORG";
            n.entity = Some(i);
            // titles written just before the entity: `Russian President` + `Vladimir Putin`
            let mut from = e.span.start.saturating_sub(60);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let before = &text[from..e.span.start];
            let prev: Vec<String> = before
                .split_whitespace()
                .rev()
                .take(3)
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                })
                .collect();
            let mut titles: Vec<String> = prev
                .into_iter()
                .take_while(|w| is_title(w) || w.ends_with("an"))
                .collect();
            titles.reverse();
            n.titles.extend(titles);
            Some(n)
        })
        .collect();
    if !from_entities.is_empty() {
        return from_entities;
    }
    doc.sentences
        .iter()
        .enumerate()
        .flat_map(|(i, s)| name_chunks(text, s.span, doc.sentence_tokens(i)))
        .collect()
}

/// The tokens of an entity span, from the document's token layer: the tokens of its sentence
/// inside the span. These equal `tokenize(text, span)` when the span lies inside one sentence,
/// starts and ends on token boundaries and does not follow a `.` (where `tokenize` would read
/// the dot as part of an initialism). Where an entity cuts a token (`Clinton` of `Clinton’s`),
/// only those few bytes are tokenized again, so names stay exactly as before.
fn entity_tokens(doc: &Document, span: Span) -> Cow<'_, [Token]> {
    let text = doc.text.as_str();
    let si = doc
        .sentences
        .partition_point(|s| s.span.start <= span.start)
        .checked_sub(1);
    if let Some(si) = si.filter(|&si| doc.sentences[si].span.contains(span)) {
        let toks = doc.sentence_tokens(si);
        let a = toks.partition_point(|t| t.span.end <= span.start);
        let b = toks.partition_point(|t| t.span.start < span.end);
        let inside = &toks[a..b];
        let cut = inside.first().is_some_and(|t| t.span.start < span.start)
            || inside.last().is_some_and(|t| t.span.end > span.end);
        if !cut && !text[..span.start].ends_with('.') {
            return Cow::Borrowed(inside);
        }
    }
    Cow::Owned(tokenize(text, span))
}

/// The most complete name of the entity that `n` mentions: the longest name in the article with
/// the same last word or containing all of its words (ties: most frequent, then first).
/// `counts` holds each name's mention count, computed once per document (not per call).
fn canonical<'a>(
    n: &'a Name,
    all: &'a [Name],
    counts: &std::collections::HashMap<&'a [String], usize>,
) -> &'a Name {
    let mut best = n;
    let mut best_count = 0;
    for c in all {
        if c.org != n.org && n.words.len() > 1 {
            continue;
        }
        let same = c.words.last() == n.words.last() || n.words.iter().all(|w| c.words.contains(w));
        if !same {
            continue;
        }
        let count = counts.get(c.words.as_slice()).copied().unwrap_or(0);
        if c.words.len() > best.words.len()
            || (c.words.len() == best.words.len() && c.words != best.words && count > best_count)
        {
            best = c;
            best_count = count;
        }
    }
    best
}

/// [`canonical`], memoised per (org, words): one pass over the names per distinct name.
fn canonical_memo<'a>(
    n: &'a Name,
    all: &'a [Name],
    counts: &std::collections::HashMap<&'a [String], usize>,
    memo: &mut std::collections::HashMap<(bool, &'a [String]), &'a Name>,
) -> &'a Name {
    memo.entry((n.org, n.words.as_slice()))
        .or_insert_with(|| canonical(n, all, counts))
}

fn is_person_pronoun(l: &str) -> bool {
    matches!(l, "he" | "she" | "him" | "her" | "i" | "we")
}

/// Fill `speaker_name` and `speaker_entity` for every quote of the document.
pub fn resolve(doc: &mut Document) {
    let text = doc.text.clone();
    let mut all = names(doc);
    // a name inside a direct quote is not what the quote's pronoun refers to
    let quoted: Vec<crate::document::Span> = doc
        .quotes
        .iter()
        .filter(|q| q.kind == crate::document::QuoteKind::Direct)
        .flat_map(|q| q.spans.clone())
        .collect();
    let mut quoted = quoted;
    quoted.sort();
    let in_quote = |sp: Span| {
        let i = quoted.partition_point(|q| q.start <= sp.start);
        i > 0 && quoted[..i].iter().rev().take(4).any(|q| q.contains(sp))
    };
    all.sort_by_key(|n| n.span.start);
    // person names that a pronoun may refer to, sorted by end
    let mut persons: Vec<&Name> = all.iter().filter(|n| !n.org && !in_quote(n.span)).collect();
    persons.sort_by_key(|n| n.span.end);
    let mut counts: std::collections::HashMap<&[String], usize> = std::collections::HashMap::new();
    for n in &all {
        *counts.entry(n.words.as_slice()).or_default() += 1;
    }
    let mut memo = std::collections::HashMap::new();
    let mut resolved: Vec<(usize, String, bool, Option<usize>)> = Vec::new(); // (pos, name, org, entity)
    for qi in 0..doc.quotes.len() {
        crate::deadline::check();
        let Some(sp) = doc.quotes[qi].speaker else {
            continue;
        };
        let mention = sp.text(&text);
        let lower = mention.to_lowercase();
        let first_word = lower.split_whitespace().next().unwrap_or("");
        let mut out: Option<(String, bool, Option<usize>)> = None;
        if lower.split_whitespace().count() == 1 && crate::quotes::lexicon::is_pronoun(first_word) {
            if is_person_pronoun(first_word) {
                // the most recent speaker that is a person, else the nearest person name before
                let recent_speaker = resolved
                    .iter()
                    .rev()
                    .find(|(pos, _, org, _)| !org && sp.start - pos.min(&sp.start) < 1500)
                    .map(|(_, n, o, e)| (n.clone(), *o, *e));
                let before = persons.partition_point(|n| n.span.end <= sp.start);
                let last_person = before.checked_sub(1).map(|i| persons[i]);
                let nearest = last_person
                    .filter(|n| sp.start - n.span.end < 1500)
                    .map(|n| {
                        let c = canonical_memo(n, &all, &counts, &mut memo);
                        (c.display.clone(), false, c.entity.or(n.entity))
                    });
                out = match (recent_speaker, nearest) {
                    (Some(r), Some(n)) => {
                        // prefer the nearest name when it was mentioned after the last speaker
                        let last_pos = resolved
                            .iter()
                            .rev()
                            .find(|(_, _, o, _)| !o)
                            .map_or(0, |x| x.0);
                        let n_pos = last_person.map_or(0, |x| x.span.end);
                        if n_pos > last_pos + 200 {
                            Some(n)
                        } else {
                            Some(r)
                        }
                    }
                    (r, n) => r.or(n),
                };
            } else if matches!(first_word, "who" | "which") {
                out = all
                    .iter()
                    .filter(|n| n.span.end <= sp.start && sp.start - n.span.end < 40)
                    .max_by_key(|n| n.span.end)
                    .map(|n| {
                        let c = canonical_memo(n, &all, &counts, &mut memo);
                        (c.display.clone(), c.org, c.entity.or(n.entity))
                    });
            }
        } else {
            // names inside the mention: the last one is the head (`Stein spokeswoman Melezia Figueroa`)
            // a lower-case head makes it a description (`a White House spokesman`)
            let described = mention
                .split_whitespace()
                .last()
                .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase));
            // `Jane Roe of the Ohio Farm Bureau`: the head is the name before `of`
            let of_cut = mention.find(" of ").map(|i| sp.start + i);
            let inside_upto = |limit: usize| {
                all.iter()
                    .filter(|n| !described && sp.start <= n.span.start && n.span.end <= limit)
                    .max_by_key(|n| n.span.end)
            };
            let inside = of_cut
                .and_then(|c| inside_upto(c).filter(|n| !n.org && n.display.contains(' ')))
                .or_else(|| inside_upto(sp.end + 3));
            if let Some(n) = inside {
                let c = canonical_memo(n, &all, &counts, &mut memo);
                out = Some((c.display.clone(), c.org, c.entity.or(n.entity)));
            } else {
                // a description: match its words against titles names were introduced with
                let words: Vec<String> = lower
                    .split_whitespace()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
                    .filter(|w| !matches!(w.as_str(), "the" | "a" | "an"))
                    .collect();
                let head = words.last().cloned().unwrap_or_default();
                let titled = all
                    .iter()
                    .filter(|n| !head.is_empty() && is_title(&head) && n.titles.contains(&head))
                    .max_by_key(|n| {
                        let shared = words.iter().filter(|w| n.titles.contains(w)).count();
                        (shared, n.span.start < sp.start)
                    });
                out = match titled {
                    Some(n) => {
                        let c = canonical_memo(n, &all, &counts, &mut memo);
                        Some((c.display.clone(), c.org, c.entity.or(n.entity)))
                    }
                    None => Some((mention.trim().to_string(), false, None)),
                };
            }
        }
        if let Some((name, org, entity)) = out {
            resolved.push((sp.start, name.clone(), org, entity));
            doc.quotes[qi].speaker_name = Some(name);
            doc.quotes[qi].speaker_entity = entity;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Quote;

    fn doc_with_speakers(text: &str, mentions: &[&str]) -> Document {
        let mut d = Document::new("t", text);
        crate::segment::segment(&mut d);
        let mut from = 0;
        for m in mentions {
            // `m` may carry trailing context after a `|`: "Putin| said" marks the mention `Putin`
            let (m, ctx) = m.split_once('|').unwrap_or((m, ""));
            let s = from + text[from..].find(&format!("{m}{ctx}")).unwrap();
            from = s + m.len();
            d.quotes.push(Quote {
                kind: crate::document::QuoteKind::Direct,
                spans: vec![Span::new(0, 1)],
                cue: None,
                speaker: Some(Span::new(s, s + m.len())),
                speaker_name: None,
                speaker_entity: None,
                confidence: 0.5,
            });
        }
        resolve(&mut d);
        d
    }

    #[test]
    fn surname_and_pronoun_resolve_to_full_name() {
        let d = doc_with_speakers(
            "Russian President Vladimir Putin spoke on Friday. Putin said no. Later he said yes.",
            &["Putin| said", "he"],
        );
        assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("Vladimir Putin"));
        assert_eq!(d.quotes[1].speaker_name.as_deref(), Some("Vladimir Putin"));
    }

    #[test]
    fn description_resolves_through_title() {
        let d = doc_with_speakers(
            "Russian President Vladimir Putin spoke. Trump was away. The Russian president said no.",
            &["The Russian president"],
        );
        assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("Vladimir Putin"));
    }

    #[test]
    fn the_name_before_of_is_the_head() {
        let d = doc_with_speakers(
            "Nothing moved, Jane Roe of Springfield County said.",
            &["Jane Roe of Springfield County"],
        );
        assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("Jane Roe"));
    }

    #[test]
    fn unnamed_description_is_kept_as_is() {
        let d = doc_with_speakers("Nothing happened, sources said.", &["sources"]);
        assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("sources"));
    }

    #[test]
    fn names_strip_titles_and_function_words() {
        let text = "But Sen. Elizabeth Warren met the White House staff.";
        let all = Span::new(0, text.len());
        let n = name_chunks(text, all, &tokenize(text, all));
        let d: Vec<&str> = n.iter().map(|n| n.display.as_str()).collect();
        assert_eq!(d, vec!["Elizabeth Warren", "White House"]);
        assert!(n[1].org);
    }
}
