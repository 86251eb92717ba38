//! Sentence features for the check-worthiness model, shared by training
//! (`examples/train_claims.rs`) and inference, so both see exactly the same features.
//!
//! Features are named strings (`w=percent`, `b=the_lowest`, `h=percent`): unigrams and bigrams
//! of lower-cased words with digits folded to a shape (`2016` -> `<year>`, `38` -> `<num>`), and
//! hand features for what fact-checkers look for: numbers, percentages, money, dates,
//! comparatives and superlatives, reporting cues, capitalised names, length, first/second
//! person pronouns, questions and modal verbs.

use crate::quotes::lexicon::cue_class;

/// A token of a sentence: byte range relative to the scanned string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// Letters (and digits mixed in), with inner apostrophes / hyphens.
    Word,
    /// Digits with inner `,` / `.` (`1,000`, `3.5`).
    Number,
    /// Any other non-space char.
    Punct,
}

fn is_apos(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Split `s` into words, numbers and punctuation.
pub fn tokens(s: &str) -> Vec<Tok> {
    let cs: Vec<(usize, char)> = s.char_indices().collect();
    let end_of = |j: usize| cs.get(j).map_or(s.len(), |x| x.0);
    let mut out = Vec::with_capacity(cs.len() / 4 + 1);
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = cs[i].0;
        if c.is_ascii_digit() {
            let mut j = i + 1;
            while j < cs.len() {
                let ch = cs[j].1;
                let next_digit = cs.get(j + 1).is_some_and(|x| x.1.is_ascii_digit());
                if ch.is_ascii_digit() || ((ch == ',' || ch == '.') && next_digit) {
                    j += 1;
                } else {
                    break;
                }
            }
            // `1990s`, `21st`: letters glued to digits stay with the number
            while j < cs.len() && cs[j].1.is_alphabetic() {
                j += 1;
            }
            out.push(Tok {
                start,
                end: end_of(j),
                kind: TokKind::Number,
            });
            i = j;
        } else if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < cs.len() {
                let ch = cs[j].1;
                let next_alnum = cs.get(j + 1).is_some_and(|x| x.1.is_alphanumeric());
                if ch.is_alphanumeric() || ((is_apos(ch) || ch == '-') && next_alnum) {
                    j += 1;
                } else {
                    break;
                }
            }
            out.push(Tok {
                start,
                end: end_of(j),
                kind: TokKind::Word,
            });
            i = j;
        } else {
            out.push(Tok {
                start,
                end: end_of(i + 1),
                kind: TokKind::Punct,
            });
            i += 1;
        }
    }
    out
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const RELATIVE_DATES: &[&str] = &["yesterday", "today", "tomorrow", "decade", "century"];
const NUMBER_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "trillions",
    "dozen",
    "dozens",
    "half",
    "third",
    "quarter",
    "twice",
    "double",
    "doubled",
    "tripled",
    "percent",
    "per",
];
const SCALE: &[&str] = &[
    "hundred", "thousand", "million", "billion", "trillion", "percent", "per", "cent",
];
const MONEY: &[&str] = &[
    "dollar", "dollars", "$", "€", "£", "cents", "euros", "pounds", "tax", "taxes", "budget",
    "deficit", "debt", "spending", "spent", "cost", "costs", "paid", "pay",
];
const COMPARATIVES: &[&str] = &[
    "more",
    "less",
    "fewer",
    "higher",
    "lower",
    "bigger",
    "larger",
    "smaller",
    "greater",
    "better",
    "worse",
    "faster",
    "slower",
    "cheaper",
    "increase",
    "increased",
    "decrease",
    "decreased",
    "doubled",
    "tripled",
    "rose",
    "fell",
    "grew",
    "dropped",
    "declined",
    "risen",
    "fallen",
    "than",
    "compared",
];
const SUPERLATIVES: &[&str] = &[
    "most", "least", "best", "worst", "highest", "lowest", "largest", "biggest", "smallest",
    "greatest", "fastest", "record", "ever", "first", "last", "only", "never", "since",
];
const MODALS: &[&str] = &[
    "will", "would", "could", "should", "may", "might", "must", "can", "shall", "ought", "'ll",
    "gonna",
];
const FIRST_PERSON: &[&str] = &[
    "i", "me", "my", "mine", "we", "us", "our", "ours", "i'm", "we're",
];
const SECOND_PERSON: &[&str] = &["you", "your", "yours", "you're"];
const POSSESSIVE_OR_DET: &[&str] = &["the", "its", "their", "his", "her", "our", "my", "your"];

/// Lower-case `t` into `buf` (curly apostrophes folded).
fn lower_into(t: &str, buf: &mut String) {
    buf.clear();
    for c in t.chars() {
        if is_apos(c) {
            buf.push('\'');
        } else if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

/// The n-gram form of a lower-cased token: numbers become shapes.
fn shape(tok: &Tok, lower: &str) -> String {
    if tok.kind != TokKind::Number {
        return lower.to_string();
    }
    let digits: String = lower.chars().filter(|c| c.is_ascii_digit()).collect();
    let suffix: String = lower.chars().filter(|c| c.is_alphabetic()).collect();
    if digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")) {
        if suffix == "s" {
            "<decade>".into()
        } else {
            "<year>".into()
        }
    } else if matches!(suffix.as_str(), "st" | "nd" | "rd" | "th") {
        "<ord>".into()
    } else if lower.contains('.') {
        "<dec>".into()
    } else {
        "<num>".into()
    }
}

/// Is `lower` a superlative (`-est` after a determiner/possessive, or a listed one)?
fn is_superlative(lower: &str, prev: Option<&str>) -> bool {
    matches!(
        lower,
        "most" | "least" | "best" | "worst" | "highest" | "lowest" | "largest" | "biggest"
    ) || (lower.len() > 5
        && lower.ends_with("est")
        && prev.is_some_and(|p| POSSESSIVE_OR_DET.contains(&p)))
}

/// Is `lower` a comparative (listed, or `-er` before `than`)?
fn is_comparative(lower: &str, next: Option<&str>) -> bool {
    matches!(
        lower,
        "more"
            | "less"
            | "fewer"
            | "higher"
            | "lower"
            | "bigger"
            | "larger"
            | "smaller"
            | "greater"
            | "better"
            | "worse"
            | "cheaper"
    ) || (next == Some("than") && lower.len() > 3 && lower.ends_with("er"))
}

/// Numbers, dates and comparatives found in a span, for the claim's `features`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pub numbers: Vec<String>,
    pub dates: Vec<String>,
    pub comparatives: Vec<String>,
}

/// Find the numbers (with `%`, currency and scale words), dates (month/weekday names with
/// their day and year numbers, years) and comparatives/superlatives of `s`, as text.
pub fn find(s: &str) -> Found {
    let toks = tokens(s);
    let mut lows: Vec<String> = Vec::with_capacity(toks.len());
    let mut buf = String::new();
    for t in &toks {
        lower_into(&s[t.start..t.end], &mut buf);
        lows.push(buf.clone());
    }
    let mut f = Found::default();
    let mut i = 0;
    while i < toks.len() {
        let l = lows[i].as_str();
        let is_year = toks[i].kind == TokKind::Number
            && l.len() == 4
            && (l.starts_with("19") || l.starts_with("20"));
        if MONTHS[..12].contains(&l) && (l != "may" || toks[i].kind == TokKind::Word) {
            // `May` the month only when a day or year follows / precedes
            let next_num = toks.get(i + 1).is_some_and(|t| t.kind == TokKind::Number);
            let prev_num = i > 0 && toks[i - 1].kind == TokKind::Number;
            let cap = s[toks[i].start..].starts_with(|c: char| c.is_uppercase());
            if cap && (l != "may" || next_num || prev_num) {
                let mut j = i + 1;
                while j < toks.len()
                    && (toks[j].kind == TokKind::Number
                        || (lows[j] == ","
                            && toks.get(j + 1).is_some_and(|t| t.kind == TokKind::Number)))
                {
                    j += 1;
                }
                f.dates.push(s[toks[i].start..toks[j - 1].end].to_string());
                i = j;
                continue;
            }
        }
        if WEEKDAYS.contains(&l) || RELATIVE_DATES[..3].contains(&l) || is_year {
            f.dates.push(s[toks[i].start..toks[i].end].to_string());
        } else if toks[i].kind == TokKind::Number {
            let mut a = i;
            if i > 0 && matches!(lows[i - 1].as_str(), "$" | "€" | "£") {
                a = i - 1;
            }
            let mut b = i + 1;
            while b < toks.len()
                && (lows[b] == "%" || SCALE.contains(&lows[b].as_str()) || lows[b] == "dollars")
            {
                b += 1;
            }
            f.numbers
                .push(s[toks[a].start..toks[b - 1].end].to_string());
            i = b;
            continue;
        } else if toks[i].kind == TokKind::Word {
            let prev = if i > 0 {
                Some(lows[i - 1].as_str())
            } else {
                None
            };
            let next = lows.get(i + 1).map(String::as_str);
            if is_comparative(l, next) {
                let end = if next == Some("than") { i + 1 } else { i };
                f.comparatives
                    .push(s[toks[i].start..toks[end].end].to_string());
                i = end + 1;
                continue;
            } else if is_superlative(l, prev) {
                f.comparatives
                    .push(s[toks[i].start..toks[i].end].to_string());
            }
        }
        i += 1;
    }
    f
}

fn bucket(n: usize, edges: &[usize]) -> usize {
    edges.iter().take_while(|&&e| n >= e).count()
}

/// Call `emit(name, value)` for every feature of the sentence `s`. `buf` is scratch space.
pub fn features(s: &str, emit: &mut impl FnMut(&str, f32)) {
    let toks = tokens(s);
    let mut lows: Vec<String> = Vec::with_capacity(toks.len());
    let mut buf = String::new();
    for t in &toks {
        lower_into(&s[t.start..t.end], &mut buf);
        lows.push(buf.clone());
    }
    emit("bias", 1.0);
    // n-grams over words and numbers (punctuation other than `%`, `$`, `?` dropped)
    let grams: Vec<String> = toks
        .iter()
        .zip(&lows)
        .filter(|(t, l)| t.kind != TokKind::Punct || matches!(l.as_str(), "%" | "$" | "?"))
        .map(|(t, l)| shape(t, l))
        .collect();
    let mut name = String::with_capacity(64);
    let mut seen_uni = std::collections::HashSet::with_capacity(grams.len());
    for g in &grams {
        if seen_uni.insert(g.as_str()) {
            name.clear();
            name.push_str("w=");
            name.push_str(g);
            emit(&name, 1.0);
        }
    }
    let bos = "<s>".to_string();
    let eos = "</s>".to_string();
    let seq: Vec<&String> = std::iter::once(&bos)
        .chain(grams.iter())
        .chain(std::iter::once(&eos))
        .collect();
    for w in seq.windows(2) {
        name.clear();
        name.push_str("b=");
        name.push_str(w[0]);
        name.push('_');
        name.push_str(w[1]);
        emit(&name, 1.0);
    }

    // hand features
    let words = toks.iter().filter(|t| t.kind != TokKind::Punct).count();
    let mut numbers = 0usize;
    let mut caps = 0usize;
    let (mut pct, mut money, mut date, mut comp, mut sup) = (false, false, false, false, false);
    let (mut cue, mut modal, mut first, mut second, mut numword) =
        (false, false, false, false, false);
    for (i, (t, l)) in toks.iter().zip(&lows).enumerate() {
        let l = l.as_str();
        let prev = if i > 0 {
            Some(lows[i - 1].as_str())
        } else {
            None
        };
        let next = lows.get(i + 1).map(String::as_str);
        match t.kind {
            TokKind::Number => {
                numbers += 1;
                if shape(t, l) == "<year>" {
                    date = true;
                }
            }
            TokKind::Punct => {
                if l == "%" {
                    pct = true;
                } else if matches!(l, "$" | "€" | "£") {
                    money = true;
                }
            }
            TokKind::Word => {
                if i > 0 && s[t.start..].starts_with(|c: char| c.is_uppercase()) && l != "i" {
                    caps += 1;
                }
                if l == "percent" || l == "percentage" {
                    pct = true;
                }
                if MONEY.contains(&l) {
                    money = true;
                }
                if MONTHS[..12].contains(&l) && l != "may" || WEEKDAYS.contains(&l) {
                    date = true;
                }
                if RELATIVE_DATES.contains(&l)
                    || (prev == Some("last") && matches!(l, "year" | "month" | "week"))
                {
                    date = true;
                }
                if is_comparative(l, next) || COMPARATIVES.contains(&l) {
                    comp = true;
                }
                if is_superlative(l, prev) || SUPERLATIVES.contains(&l) {
                    sup = true;
                }
                if cue_class(l).is_some() {
                    cue = true;
                }
                if MODALS.contains(&l) || l.ends_with("'ll") {
                    modal = true;
                }
                if FIRST_PERSON.contains(&l) {
                    first = true;
                }
                if SECOND_PERSON.contains(&l) {
                    second = true;
                }
                if NUMBER_WORDS.contains(&l) {
                    numword = true;
                }
            }
        }
    }
    let flags = [
        (numbers > 0, "h=number"),
        (numbers > 1, "h=numbers2"),
        (pct, "h=percent"),
        (money, "h=money"),
        (date, "h=date"),
        (comp, "h=comparative"),
        (sup, "h=superlative"),
        (cue, "h=cue"),
        (modal, "h=modal"),
        (first, "h=first_person"),
        (second, "h=second_person"),
        (numword, "h=number_word"),
        (s.trim_end().ends_with('?'), "h=question"),
        (caps == 0, "h=caps0"),
        (caps >= 1, "h=caps1"),
        (caps >= 3, "h=caps3"),
    ];
    for (on, n) in flags {
        if on {
            emit(n, 1.0);
        }
    }
    const LEN_NAMES: [&str; 6] = [
        "h=len<4", "h=len4", "h=len8", "h=len14", "h=len22", "h=len35",
    ];
    emit(LEN_NAMES[bucket(words, &[4, 8, 14, 22, 35])], 1.0);
    emit("h=loglen", ((words + 1) as f32).ln() / 4.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        features(s, &mut |n, _| v.push(n.to_string()));
        v
    }

    #[test]
    fn tokens_keep_numbers_whole() {
        let s = "It cost $1,200.50 in 1990s, 38% more.";
        let t: Vec<&str> = tokens(s).iter().map(|t| &s[t.start..t.end]).collect();
        assert_eq!(
            t,
            ["It", "cost", "$", "1,200.50", "in", "1990s", ",", "38", "%", "more", "."]
        );
    }

    #[test]
    fn found_numbers_dates_comparatives() {
        let f = find("On June 4, 2017, unemployment fell to 4.3% from $2 billion, more than in 2016 and the lowest since May.");
        assert_eq!(f.numbers, ["4.3%", "$2 billion"]);
        assert_eq!(f.dates, ["June 4, 2017", "2016"]);
        assert_eq!(f.comparatives, ["more than", "lowest"]);
        let g = find("Relations are now at their lowest point since Cold War times; it was bigger than ever.");
        assert_eq!(g.comparatives, ["lowest", "bigger than"]);
        assert!(g.numbers.is_empty() && g.dates.is_empty());
        // `may` the modal is not a date; `interest` is not a superlative
        let h = find("Rates may rise, and interest in the West is strong on Monday.");
        assert_eq!(h.dates, ["Monday"]);
        assert!(h.comparatives.is_empty());
    }

    #[test]
    fn hand_features_fire() {
        let n = names("We cut taxes by 38% in 2016, the biggest cut ever?");
        for f in [
            "bias",
            "h=number",
            "h=percent",
            "h=money",
            "h=date",
            "h=superlative",
            "h=first_person",
            "h=question",
            "w=<year>",
            "b=by_<num>",
            "b=<num>_%",
        ] {
            assert!(n.iter().any(|x| x == f), "missing {f} in {n:?}");
        }
        let g = names("Good evening, and welcome to the debate.");
        assert!(!g.iter().any(|x| x == "h=number" || x == "h=percent"));
        assert!(g.iter().any(|x| x == "b=<s>_good"));
    }
}
