//! Stage 4: resolve each quote's speaker mention to a canonical name.
//!
//! Names come from the entity layer when it has PER/ORG mentions, else from capitalised-word
//! chunks. A mention resolves to the most complete name of its entity in the article
//! (`Putin` -> `Vladimir Putin`, titles stripped); pronouns to the most recent fitting speaker
//! or person; descriptions (`the Russian president`) to a name introduced with that title.

use std::borrow::Cow;

pub mod confidence;
pub mod key;
pub mod person;

use crate::document::{Document, Span};
use crate::quotes::lexicon::{is_capitalised_function_word, is_title};
use crate::segment::tokens::{tokenize, Token};
use person::Gender;
use std::collections::HashMap;

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
            // a line break ends a name (a headline or dateline line above the sentence)
            if j > i && text[toks[j - 1].span.end..t.span.start].contains('\n') {
                break;
            }
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
    let mut span = Span::new(name[0].span.start, name[name.len() - 1].span.end);
    // `Jr.`: the abbreviation's period belongs to the name
    if words.last().is_some_and(|w| is_suffix(w) && w.len() == 2)
        && text[span.end..].starts_with('.')
    {
        span.end += 1;
    }
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

/// The headline: a first line with no sentence-final punctuation, when a body follows.
/// Its title-cased words (`Clinton Hid Past Health Problems From Public`) are no names.
pub fn headline(text: &str) -> Option<Span> {
    let nl = text.find('\n')?;
    let line = text[..nl].trim_end();
    let ends = line
        .trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with(['.', '!', '?', ':']);
    (!line.is_empty() && !ends && line.split_whitespace().count() >= 3).then(|| Span::new(0, nl))
}

/// All names of the document, from entities when present, else from capitalised chunks.
/// Names in the headline are left out; a name running over a line break keeps its last line.
pub fn names(doc: &Document) -> Vec<Name> {
    let text = doc.text.as_str();
    let head = headline(text).map_or(0, |h| h.end);
    let from_entities: Vec<Name> = doc
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.label == "PER" || e.label == "ORG")
        .filter(|(_, e)| e.span.end > head)
        .filter_map(|(i, e)| {
            let mut span = e.span;
            if let Some(nl) = span.text(text).rfind('\n') {
                span.start += nl + 1;
            }
            let toks = entity_tokens(doc, span);
            let mut n = make_name(text, &toks, false)?;
            n.org = e.label == "ORG";
            n.entity = Some(i);
            // titles written just before the entity: `Russian President` + `Vladimir Putin`
            let mut from = span.start.saturating_sub(60);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let before = &text[from..span.start];
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
    // the entity stage ran: its PER / ORG mentions are the names (a capitalised place is none)
    if !doc.entities.is_empty() {
        return from_entities;
    }
    doc.sentences
        .iter()
        .enumerate()
        .flat_map(|(i, s)| name_chunks(text, s.span, doc.sentence_tokens(i)))
        .filter(|n| n.span.start >= head)
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

/// What [`canonical`] found: the name, or (`None`) the mention itself; and the rival people
/// when the choice was ambiguous (empty otherwise).
type Canonical<'a> = (Option<&'a Name>, Vec<&'a Name>);

/// A generational suffix word (`Jr.`): it tells a son from his father.
fn is_suffix(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.'),
        "jr" | "sr" | "ii" | "iii" | "iv" | "junior" | "senior"
    )
}

/// The surname: the last word that is not a generational suffix.
fn surname(words: &[String]) -> Option<&String> {
    words.iter().rev().find(|w| !is_suffix(w)).or(words.last())
}

/// More words than this is no person's name: a headline or a fused chunk
/// (`Elizabeth Warren Hammers Wells Fargo`).
const MAX_NAME_WORDS: usize = 4;

/// The most complete name of the person (or organisation) that `n` mentions, and whether the
/// choice was ambiguous. Candidates are the article's names with the same surname (a one-word
/// mention: `Trump` -> `Donald Trump`, never `Trump National Doral`) or containing all of
/// `n`'s words; a candidate with a suffix (`Donald Trump Jr.`) only for a mention that has
/// one too (with only such candidates, the mention stays as written, flagged ambiguous);
/// persons before organisations. Candidates that
/// are one person under several spellings (`Donald J. Trump`, `Donald Trump`: the same
/// [`key::speaker_key`]) pool their mentions; when two different people remain and neither
/// has at least twice the other's mentions (`Clinton` beside `Bill Clinton` and `Hillary
/// Clinton`), the mention keeps its own form and the result is flagged ambiguous.
/// `counts` holds each name's mention count, computed once per document (not per call).
fn canonical<'a>(n: &Name, all: &'a [Name], counts: &HashMap<&[String], usize>) -> Canonical<'a> {
    let Some(sur) = surname(&n.words) else {
        return (None, vec![]);
    };
    let n_suffix = n.words.iter().any(|w| is_suffix(w));
    let mut cands: Vec<&Name> = all
        .iter()
        .filter(|c| c.words.len() > n.words.len() && c.words.len() <= MAX_NAME_WORDS)
        .filter(|c| !(c.org != n.org && n.words.len() > 1))
        .filter(|c| {
            if n.words.len() == 1 {
                surname(&c.words) == Some(sur)
            } else {
                n.words.iter().all(|w| c.words.contains(w))
            }
        })
        .collect();
    if !n_suffix {
        // `Trump` beside only `Donald Trump Jr.`: more likely the father, never certain
        let (sons, rest): (Vec<&Name>, Vec<&Name>) = cands
            .into_iter()
            .partition(|c| c.words.iter().any(|w| is_suffix(w)));
        if rest.is_empty() && !sons.is_empty() {
            return (None, sons);
        }
        cands = rest;
    }
    if cands.iter().any(|c| !c.org) {
        cands.retain(|c| !c.org);
    }
    let mut seen = std::collections::HashSet::new();
    cands.retain(|c| seen.insert(c.words.as_slice()));
    if cands.is_empty() {
        return (None, vec![]);
    }
    // pool the spellings of one person; per key: mentions, and the best spelling
    let mut people: Vec<(String, usize, &Name)> = Vec::new();
    for c in cands {
        let k = key::speaker_key(&c.display).unwrap_or_else(|| c.words.join(" "));
        let count = counts.get(c.words.as_slice()).copied().unwrap_or(0);
        match people.iter_mut().find(|p| p.0 == k) {
            Some(p) => {
                let best_count = counts.get(p.2.words.as_slice()).copied().unwrap_or(0);
                if (count, c.words.len()) > (best_count, p.2.words.len()) {
                    p.2 = c;
                }
                p.1 += count;
            }
            None => people.push((k, count, c)),
        }
    }
    people.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.words.len().cmp(&a.2.words.len())));
    if people.len() > 1 && people[0].1 < 2 * people[1].1 {
        return (None, people.iter().map(|p| p.2).collect());
    }
    (Some(people[0].2), vec![])
}

/// The name a mention resolves to, and whether the evidence stays weak: the canonical name,
/// or, among ambiguous rivals, the one person already resolved as a speaker of this article
/// (`Clinton` after quotes by `Bill Clinton`), else the mention itself.
fn settle<'a>(
    n: &'a Name,
    (c, rivals): (Option<&'a Name>, Vec<&'a Name>),
    prior: &std::collections::HashSet<String>,
) -> (&'a Name, bool) {
    if let Some(c) = c {
        return (c, false);
    }
    if rivals.is_empty() {
        return (n, false);
    }
    let spoke: Vec<&Name> = rivals
        .into_iter()
        .filter(|r| key::speaker_key(&r.display).is_some_and(|k| prior.contains(&k)))
        .collect();
    match spoke.as_slice() {
        [one] => (one, false),
        _ => (n, true),
    }
}

/// [`canonical`], memoised per (org, words): one pass over the names per distinct name.
fn canonical_memo<'a>(
    n: &Name,
    all: &'a [Name],
    counts: &HashMap<&[String], usize>,
    memo: &mut HashMap<(bool, Vec<String>), Canonical<'a>>,
) -> (Option<&'a Name>, Vec<&'a Name>) {
    if let Some(r) = memo.get(&(n.org, n.words.clone())) {
        return r.clone();
    }
    let r = canonical(n, all, counts);
    memo.insert((n.org, n.words.clone()), r.clone());
    r
}

/// Does a sentence start at `pos` (only spaces, quotation marks or brackets after the end of
/// the previous sentence or line)? Capitalisation there says nothing about a name.
fn starts_sentence(text: &str, pos: usize) -> bool {
    text[..pos]
        .trim_end_matches(|c: char| c.is_whitespace() && c != '\n')
        .trim_end_matches(['"', '“', '‘', '\'', '(', '['])
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | ':' | '”' | '"'))
}

/// The person name that opens the sentence before the one starting at `pos`: only
/// capitalised words (titles, `Former Secretary of State`) may stand before it, and a
/// possessive name (`Gary Johnson's doctor`) is not the subject.
fn previous_subject<'a>(text: &str, pos: usize, persons: &[&'a Name]) -> Option<&'a Name> {
    let head = text[..pos].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '”')
    });
    // the previous sentence ends at `head`'s end; it starts after the terminator before it
    let body = head.trim_end_matches(['.', '!', '?', ':']);
    let start = body
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            c == '\n'
                || (matches!(c, '.' | '!' | '?')
                    && body[i + c.len_utf8()..].starts_with(char::is_whitespace)
                    && !ends_with_abbreviation(&body[..i]))
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    let first = persons
        .iter()
        .filter(|n| n.span.start >= start && n.span.end <= body.len())
        .min_by_key(|n| n.span.start)?;
    let before = &text[start..first.span.start];
    let only_caps = before.split_whitespace().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || !c.is_alphanumeric())
            || matches!(w, "of" | "the" | "and")
    });
    let after = &text[first.span.end..];
    let possessive = after.starts_with("'s")
        || after.starts_with("’s")
        || after.starts_with('\'')
        || after.starts_with('’');
    (only_caps && !possessive && before.len() < 80).then_some(*first)
}

/// Does `s` end with a short abbreviation whose period is no sentence end (`Mr`, `U.S`, `Sen`)?
fn ends_with_abbreviation(s: &str) -> bool {
    let w = s.rsplit(char::is_whitespace).next().unwrap_or("");
    is_title(&format!("{}.", w.to_lowercase()))
        || is_title(&w.to_lowercase())
        || (w.len() <= 3 && w.chars().next().is_some_and(char::is_uppercase))
        || w.contains('.')
}

fn is_person_pronoun(l: &str) -> bool {
    matches!(l, "he" | "she" | "him" | "her" | "i" | "we")
}

/// What a resolved speaker is, for the pronouns that may refer back to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A person's name or a one-person description (`a bartender`): `he` / `she` may refer to it.
    Person,
    Org,
    /// Anything else (`exit surveys of voters`, `critics`, `the article`).
    Other,
}

/// A quote's resolved speaker: name, kind, entity index, and whether the evidence was weak.
struct Resolved {
    name: String,
    kind: Kind,
    entity: Option<usize>,
    weak: bool,
    gender: Option<Gender>,
}

/// A name's gender: from its first name (`Hillary Clinton`), else from a gendered title
/// written before it (`Mr.`, `congresswoman`); `None` when unknown.
fn name_gender(n: &Name) -> Option<Gender> {
    (n.words.len() > 1)
        .then(|| person::first_name_gender(&n.words[0]))
        .flatten()
        .or_else(|| n.titles.iter().rev().find_map(|t| person::title_gender(t)))
}

/// A description's gender from its head (`his mother`, `the spokeswoman`).
fn description_gender(mention: &str) -> Option<Gender> {
    let lower = mention.to_lowercase();
    lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .rev()
        .find_map(person::title_gender)
}

/// Confidence factor for a quote whose speaker name rests on weak evidence (an ambiguous
/// surname, a pronoun with no person to refer to).
const WEAK_NAME_FACTOR: f32 = 0.8;

fn name_kind(n: &Name) -> Kind {
    if n.org {
        Kind::Org
    } else if n.words.len() > MAX_NAME_WORDS {
        Kind::Other
    } else {
        Kind::Person
    }
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
    let mut persons: Vec<&Name> = all
        .iter()
        .filter(|n| name_kind(n) == Kind::Person && !in_quote(n.span))
        .collect();
    persons.sort_by_key(|n| n.span.end);
    let mut counts: HashMap<&[String], usize> = HashMap::new();
    for n in &all {
        *counts.entry(n.words.as_slice()).or_default() += 1;
    }
    let mut memo = HashMap::new();
    // the canonical form of a name found in the article
    // keys of the speakers resolved so far: they settle an ambiguous surname
    let mut prior: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut resolve_name = |n: &Name, prior: &std::collections::HashSet<String>| -> Resolved {
        let (c, weak) = settle(n, canonical_memo(n, &all, &counts, &mut memo), prior);
        Resolved {
            gender: name_gender(c).or(name_gender(n)),
            name: c.display.clone(),
            kind: name_kind(c),
            entity: c.entity.or(n.entity),
            weak,
        }
    };
    let mut resolved: Vec<(usize, Resolved)> = Vec::new(); // (mention position, speaker)
    for qi in 0..doc.quotes.len() {
        crate::deadline::check();
        let Some(sp) = doc.quotes[qi].speaker else {
            continue;
        };
        let mention = sp.text(&text);
        let lower = mention.to_lowercase();
        let first_word = lower.split_whitespace().next().unwrap_or("");
        let mut out: Option<Resolved> = None;
        let mut weak = false;
        if lower.split_whitespace().count() == 1 && crate::quotes::lexicon::is_pronoun(first_word) {
            if is_person_pronoun(first_word) {
                // `we` may be an organisation's; the others only a person's, of their gender
                let want = match first_word {
                    "he" | "him" => Some(Gender::Male),
                    "she" | "her" => Some(Gender::Female),
                    _ => None,
                };
                let fits = |r: &Resolved| {
                    (r.kind == Kind::Person || (first_word == "we" && r.kind != Kind::Org))
                        && (want.is_none() || r.gender.is_none() || r.gender == want)
                };
                // the most recent speaker that is a person, else the nearest person name before
                let recent_speaker = resolved
                    .iter()
                    .rev()
                    .find(|(pos, r)| fits(r) && sp.start - pos.min(&sp.start) < 1500)
                    .map(|(pos, r)| {
                        (
                            *pos,
                            Resolved {
                                name: r.name.clone(),
                                entity: r.entity,
                                weak: false,
                                ..*r
                            },
                        )
                    });
                let before = persons.partition_point(|n| n.span.end <= sp.start);
                let mut last_person = None;
                let mut nearest = None;
                for n in persons[..before].iter().rev() {
                    if sp.start - n.span.end >= 1500 {
                        break;
                    }
                    let r = resolve_name(n, &prior);
                    if fits(&r) {
                        last_person = Some(*n);
                        nearest = Some(r);
                        break;
                    }
                }
                out = match (recent_speaker, nearest) {
                    (Some((last_pos, r)), Some(n)) => {
                        // prefer the nearest name when it was mentioned after the last speaker
                        let n_pos = last_person.map_or(0, |x| x.span.end);
                        if n_pos > last_pos + 200 {
                            Some(n)
                        } else {
                            Some(r)
                        }
                    }
                    (r, n) => r.map(|r| r.1).or(n),
                };
                // a sentence-initial `He` / `She` is the subject of the previous sentence when
                // that sentence opens with a person's name of the right gender
                // (`Hillary Clinton is describing ... She says`)
                if want.is_some() && starts_sentence(&text, sp.start) {
                    if let Some(subject) = previous_subject(&text, sp.start, &persons) {
                        let r = resolve_name(subject, &prior);
                        if fits(&r) {
                            out = Some(r);
                        }
                    }
                }
                // no person to refer to: the name stays unknown, with less confidence
                weak = out.is_none() && first_word != "we";
            } else if matches!(first_word, "who" | "which") {
                out = all
                    .iter()
                    .filter(|n| n.span.end <= sp.start && sp.start - n.span.end < 40)
                    .max_by_key(|n| n.span.end)
                    .map(|n| resolve_name(n, &prior));
            }
        } else {
            // a dateline or headline fused into the mention is no part of the name
            let sp = person::strip_dateline(&text, sp);
            let mention = sp.text(&text);
            let lower = mention.to_lowercase();
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
            // a capitalised mention the entity stage missed (`Trump`, `Mr. Trump`): its own
            // name chunk, joined to the full name introduced in the article
            // (a lone capitalised word that joins no name is a description: `Delegates`)
            let chunk = if inside.is_none() && !described {
                name_chunks(&text, sp, &entity_tokens(doc, sp))
                    .pop()
                    .filter(|n| {
                        // the entity stage saw a place, a group word or a longer name there
                        // (`2017 America`, `The Republican`, `Van` of `Greta Van Susteren`): no
                        // person's name of its own; nor is a pronoun's contraction
                        let other_entity = doc.entities.iter().any(|e| {
                            e.span.overlaps(n.span) && (e.label != "PER" || e.span != n.span)
                        });
                        // a lone word after lower-case words of the mention (`from the Tea`,
                        // `as Secretary of Defense`) is a fragment of a phrase, not a name
                        let in_phrase = n.words.len() == 1
                            && text[sp.start..n.span.start].split_whitespace().any(|w| {
                                let l = w.to_lowercase();
                                w.chars().next().is_some_and(char::is_lowercase)
                                    && !is_title(&l)
                                    && !matches!(l.as_str(), "the" | "a" | "an")
                            });
                        let contraction = n.words.len() == 1
                            && n.words[0].contains(['\'', '’'])
                            && !n.words[0].ends_with("'s")
                            && !n.words[0].ends_with("’s");
                        if other_entity || contraction || in_phrase {
                            return false;
                        }
                        n.words.len() > 1 || !starts_sentence(&text, n.span.start) || {
                            // it joins a name, or is one of several people's surname
                            let (c, rivals) = canonical(n, &all, &counts);
                            c.is_some() || !rivals.is_empty()
                        }
                    })
            } else {
                None
            };
            // `Donald Trump Jr.` where the entity stopped before the suffix: the suffix stays
            let suffix_after = inside.and_then(|n| {
                let rest = text.get(n.span.end..sp.end.max(n.span.end))?;
                let w = rest
                    .trim_start_matches([',', ' '])
                    .split_whitespace()
                    .next()?;
                let mut suf = w.to_string();
                // the mention may stop before the abbreviation's period (`Jr` + `.`)
                let w_end = n.span.end + (w.as_ptr() as usize - rest.as_ptr() as usize) + w.len();
                if suf.len() == 2 && text[w_end..].starts_with('.') {
                    suf.push('.');
                }
                (is_suffix(&w.to_lowercase()) && !n.words.iter().any(|x| is_suffix(x)))
                    .then_some(suf)
            });
            if let (Some(n), Some(suf)) = (inside, suffix_after) {
                out = Some(Resolved {
                    name: format!("{} {suf}", n.display),
                    kind: Kind::Person,
                    entity: n.entity,
                    weak: false,
                    gender: name_gender(n),
                });
            } else if let Some(n) = inside {
                out = Some(resolve_name(n, &prior));
            } else if let Some(n) = chunk {
                let (c, amb) = settle(&n, canonical(&n, &all, &counts), &prior);
                out = Some(Resolved {
                    name: c.display.clone(),
                    kind: name_kind(c),
                    entity: c.entity,
                    weak: amb,
                    gender: name_gender(c).or(name_gender(&n)),
                });
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
                    Some(n) => Some(resolve_name(n, &prior)),
                    None => Some(Resolved {
                        name: mention.trim().to_string(),
                        kind: if person::is_person_description(mention) {
                            Kind::Person
                        } else {
                            Kind::Other
                        },
                        entity: None,
                        weak: false,
                        gender: description_gender(mention),
                    }),
                };
            }
        }
        let q = &mut doc.quotes[qi];
        if let Some(r) = out {
            weak |= r.weak;
            if let Some(k) = key::speaker_key(&r.name) {
                prior.insert(k);
            }
            q.speaker_name = Some(r.name.clone());
            q.speaker_entity = r.entity;
            resolved.push((sp.start, r));
        }
        if weak {
            q.confidence *= WEAK_NAME_FACTOR;
        }
    }
}

#[cfg(test)]
mod tests;
