//! Sentence features for the check-worthiness model, shared by training
//! (`examples/train_claims.rs`) and inference, so both see exactly the same features.
//!
//! Features are named strings (`w=percent`, `b=the_lowest`, `h=percent`): unigrams and bigrams
//! of lower-cased words with digits folded to a shape (`2016` -> `<year>`, `38` -> `<num>`), and
//! hand features for what fact-checkers look for: numbers, percentages, money, dates,
//! comparatives and superlatives, reporting cues, capitalised names, length, first/second
//! person pronouns, questions and modal verbs.

use crate::quotes::lexicon::cue_words;

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
///
/// The claims model's own tokenizer, not the document's token layer
/// ([`crate::document::Document::tokens`]): training (`examples/train_claims.rs`) reads raw
/// ClaimBuster / CLEF sentences outside any `Document`, and its boundaries differ on purpose
/// (`1,000` and `3.5` stay one number, `U.S.` splits into letters and dots), so features --
/// and the trained weights -- depend on them.
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

/// The tokens of a string with their lower-cased forms (one arena, no per-token allocation).
pub struct Lowered {
    pub toks: Vec<Tok>,
    arena: String,
    ranges: Vec<(usize, usize)>,
}

impl Lowered {
    pub fn new(s: &str) -> Self {
        let toks = tokens(s);
        let mut arena = String::with_capacity(s.len() + 8);
        let mut ranges = Vec::with_capacity(toks.len());
        for t in &toks {
            let a = arena.len();
            let w = &s[t.start..t.end];
            if w.is_ascii() {
                arena.push_str(w);
                arena[a..].make_ascii_lowercase();
            } else {
                for c in w.chars() {
                    if is_apos(c) {
                        arena.push('\'');
                    } else {
                        arena.extend(c.to_lowercase());
                    }
                }
            }
            ranges.push((a, arena.len()));
        }
        Lowered {
            toks,
            arena,
            ranges,
        }
    }

    /// The lower-cased form of token `i`.
    pub fn low(&self, i: usize) -> &str {
        &self.arena[self.ranges[i].0..self.ranges[i].1]
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

const COMPARATIVE_FORMS: &[&str] = &[
    "more", "less", "fewer", "higher", "lower", "bigger", "larger", "smaller", "greater", "better",
    "worse", "cheaper",
];
const SUPERLATIVE_FORMS: &[&str] = &[
    "most", "least", "best", "worst", "highest", "lowest", "largest", "biggest",
];

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
    let lw = Lowered::new(s);
    let toks = &lw.toks;
    let lows: Vec<&str> = (0..toks.len()).map(|i| lw.low(i)).collect();
    let mut f = Found::default();
    let mut i = 0;
    while i < toks.len() {
        let l = lows[i];
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
            if i > 0 && matches!(lows[i - 1], "$" | "€" | "£") {
                a = i - 1;
            }
            let mut b = i + 1;
            while b < toks.len()
                && (lows[b] == "%" || SCALE.contains(&lows[b]) || lows[b] == "dollars")
            {
                b += 1;
            }
            f.numbers
                .push(s[toks[a].start..toks[b - 1].end].to_string());
            i = b;
            continue;
        } else if toks[i].kind == TokKind::Word {
            let prev = if i > 0 { Some(lows[i - 1]) } else { None };
            let next = lows.get(i + 1).copied();
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

/// FNV-1a for the word-class table (short keys; faster than SipHash here).
#[derive(Default)]
struct Fnv(u64);
impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

const C_MONTH: u32 = 1;
const C_WEEKDAY: u32 = 1 << 1;
const C_RELDATE: u32 = 1 << 2;
const C_MONEY: u32 = 1 << 3;
const C_COMPARATIVE: u32 = 1 << 4;
const C_SUPERLATIVE: u32 = 1 << 5;
const C_CUE: u32 = 1 << 6;
const C_MODAL: u32 = 1 << 7;
const C_FIRST: u32 = 1 << 8;
const C_SECOND: u32 = 1 << 9;
const C_NUMWORD: u32 = 1 << 10;
const C_DENY: u32 = 1 << 11;
const C_ASK: u32 = 1 << 12;

/// Denial words (stance `denies`).
pub const DENY: &[&str] = &[
    "deny",
    "denies",
    "denied",
    "denying",
    "reject",
    "rejects",
    "rejected",
    "rejecting",
    "dismiss",
    "dismisses",
    "dismissed",
    "dismissing",
    "refute",
    "refutes",
    "refuted",
    "dispute",
    "disputes",
    "disputed",
    "rebut",
    "rebuts",
    "rebutted",
    "untrue",
];
/// Asking words (stance `questions`).
pub const ASK: &[&str] = &[
    "ask",
    "asks",
    "asked",
    "asking",
    "wonder",
    "wonders",
    "wondered",
    "wondering",
    "question",
    "questions",
    "questioned",
    "questioning",
    "inquired",
];

/// Is the lower-cased word a denial word ([`DENY`])?
pub fn is_deny(lower: &str) -> bool {
    word_class(fnv(lower)) & C_DENY != 0
}

/// Is the lower-cased word an asking word ([`ASK`])?
pub fn is_ask(lower: &str) -> bool {
    word_class(fnv(lower)) & C_ASK != 0
}

type ClassMap = std::collections::HashMap<u64, u32, std::hash::BuildHasherDefault<Fnv>>;

/// Word classes of the hand features by the word's [`fnv`] hash, one lookup per token (built
/// once per process).
fn word_class(hash: u64) -> u32 {
    static MAP: std::sync::OnceLock<ClassMap> = std::sync::OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut m = ClassMap::default();
        let mut add = |words: &mut dyn Iterator<Item = &'static str>, c: u32| {
            for w in words {
                *m.entry(fnv(w)).or_default() |= c;
            }
        };
        add(
            &mut MONTHS[..12].iter().copied().filter(|&w| w != "may"),
            C_MONTH,
        );
        add(&mut WEEKDAYS.iter().copied(), C_WEEKDAY);
        add(&mut RELATIVE_DATES.iter().copied(), C_RELDATE);
        add(&mut MONEY.iter().copied(), C_MONEY);
        add(
            &mut COMPARATIVES.iter().chain(COMPARATIVE_FORMS).copied(),
            C_COMPARATIVE,
        );
        add(
            &mut SUPERLATIVES.iter().chain(SUPERLATIVE_FORMS).copied(),
            C_SUPERLATIVE,
        );
        add(&mut cue_words(), C_CUE);
        add(&mut MODALS.iter().copied(), C_MODAL);
        add(&mut FIRST_PERSON.iter().copied(), C_FIRST);
        add(&mut SECOND_PERSON.iter().copied(), C_SECOND);
        add(&mut NUMBER_WORDS.iter().copied(), C_NUMWORD);
        add(&mut DENY.iter().copied(), C_DENY);
        add(&mut ASK.iter().copied(), C_ASK);
        m
    });
    map.get(&hash).copied().unwrap_or(0)
}

/// The n-gram form of a lower-cased token without allocating for words.
fn gram<'a>(tok: &Tok, lower: &'a str) -> &'a str {
    if tok.kind != TokKind::Number {
        return lower;
    }
    match shape(tok, lower).as_str() {
        "<decade>" => "<decade>",
        "<year>" => "<year>",
        "<ord>" => "<ord>",
        "<dec>" => "<dec>",
        _ => "<num>",
    }
}

/// 64-bit FNV-1a of a string.
pub fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The murmur3 finaliser: spreads the bits of a key.
fn mix(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

fn uni_key(g: u64) -> u64 {
    mix(g ^ 0x5751_4e49)
}

fn bi_key(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(17) ^ b ^ 0x4249_4752)
}

fn named_key(name: &str) -> u64 {
    mix(fnv(name) ^ 0x4e41_4d45)
}

/// The key of a feature from its name (`w=GRAM`, `b=GRAM_GRAM`, anything else): what the
/// emitted key of [`feature_parts`] is for that feature. Grams never contain `_`.
pub fn feature_key(name: &str) -> u64 {
    if let Some(g) = name.strip_prefix("w=") {
        uni_key(fnv(g))
    } else if let Some((a, b)) = name.strip_prefix("b=").and_then(|r| r.split_once('_')) {
        bi_key(fnv(a), fnv(b))
    } else {
        named_key(name)
    }
}

/// Call `emit(name, value)` for every feature of the sentence `s` (training: named features).
pub fn features(s: &str, emit: &mut impl FnMut(&str, f32)) {
    let mut name = String::with_capacity(64);
    feature_parts(s, &mut |_, parts, x| {
        name.clear();
        for p in parts {
            name.push_str(p);
        }
        emit(&name, x);
    });
}

/// Call `emit(key, parts, value)` for every feature of `s`; the feature's name is the
/// concatenation of `parts` and `key` is [`feature_key`] of that name, computed from per-gram
/// hashes (inference uses the key and never builds the name).
pub fn feature_parts(s: &str, emit: &mut impl FnMut(u64, &[&str], f32)) {
    let lw = Lowered::new(s);
    let toks = &lw.toks;
    let low = |i: usize| lw.low(i);
    emit(named_key("bias"), &["bias"], 1.0);
    // n-grams over words and numbers (punctuation other than `%`, `$`, `?` dropped)
    let mut grams: Vec<&str> = Vec::with_capacity(toks.len() + 2);
    grams.push("<s>");
    for (i, t) in toks.iter().enumerate() {
        let l = low(i);
        if t.kind != TokKind::Punct || matches!(l, "%" | "$" | "?") {
            grams.push(gram(t, l));
        }
    }
    grams.push("</s>");
    let gh: Vec<u64> = grams.iter().map(|g| fnv(g)).collect();
    let mut uni: Vec<(u64, usize)> = (1..grams.len() - 1).map(|i| (uni_key(gh[i]), i)).collect();
    uni.sort_unstable();
    uni.dedup_by_key(|x| x.0);
    for &(k, i) in &uni {
        emit(k, &["w=", grams[i]], 1.0);
    }
    for i in 1..grams.len() {
        emit(
            bi_key(gh[i - 1], gh[i]),
            &["b=", grams[i - 1], "_", grams[i]],
            1.0,
        );
    }
    let mut named = |n: &str, x: f32| emit(named_key(n), &[n], x);

    // hand features
    let words = toks.iter().filter(|t| t.kind != TokKind::Punct).count();
    let mut numbers = 0usize;
    let mut caps = 0usize;
    let (mut pct, mut money, mut date, mut comp, mut sup) = (false, false, false, false, false);
    let mut classes = 0u32;
    for (i, t) in toks.iter().enumerate() {
        let l = low(i);
        match t.kind {
            TokKind::Number => {
                numbers += 1;
                if gram(t, l) == "<year>" {
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
                let c = word_class(fnv(l));
                classes |= c;
                if i > 0 && s[t.start..].starts_with(|c: char| c.is_uppercase()) && l != "i" {
                    caps += 1;
                }
                if l == "percent" || l == "percentage" {
                    pct = true;
                }
                if c & (C_MONTH | C_WEEKDAY | C_RELDATE) != 0
                    || (i > 0 && low(i - 1) == "last" && matches!(l, "year" | "month" | "week"))
                {
                    date = true;
                }
                if c & C_COMPARATIVE != 0
                    || (l.len() > 3
                        && l.ends_with("er")
                        && i + 1 < toks.len()
                        && low(i + 1) == "than")
                {
                    comp = true;
                }
                if c & C_SUPERLATIVE != 0
                    || (l.len() > 5
                        && l.ends_with("est")
                        && i > 0
                        && POSSESSIVE_OR_DET.contains(&low(i - 1)))
                {
                    sup = true;
                }
                if l.ends_with("'ll") {
                    classes |= C_MODAL;
                }
            }
        }
    }
    money |= classes & C_MONEY != 0;
    let flags = [
        (numbers > 0, "h=number"),
        (numbers > 1, "h=numbers2"),
        (pct, "h=percent"),
        (money, "h=money"),
        (date, "h=date"),
        (comp, "h=comparative"),
        (sup, "h=superlative"),
        (classes & C_CUE != 0, "h=cue"),
        (classes & C_MODAL != 0, "h=modal"),
        (classes & C_FIRST != 0, "h=first_person"),
        (classes & C_SECOND != 0, "h=second_person"),
        (classes & C_NUMWORD != 0, "h=number_word"),
        (s.trim_end().ends_with('?'), "h=question"),
        (caps == 0, "h=caps0"),
        (caps >= 1, "h=caps1"),
        (caps >= 3, "h=caps3"),
    ];
    for (on, n) in flags {
        if on {
            named(n, 1.0);
        }
    }
    const LEN_NAMES: [&str; 6] = [
        "h=len<4", "h=len4", "h=len8", "h=len14", "h=len22", "h=len35",
    ];
    named(LEN_NAMES[bucket(words, &[4, 8, 14, 22, 35])], 1.0);
    named("h=loglen", ((words + 1) as f32).ln() / 4.0);
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
    fn emitted_keys_match_the_names() {
        for s in [
            "We cut taxes by 38% in 2016, the biggest cut ever?",
            "Zoë’s \"deal\" - 1,200 jobs.",
        ] {
            let mut n = 0;
            feature_parts(s, &mut |key, parts, _| {
                assert_eq!(key, feature_key(&parts.concat()), "{parts:?}");
                n += 1;
            });
            assert!(n > 10);
        }
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
