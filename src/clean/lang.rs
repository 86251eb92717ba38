//! Language identification of one record (whatlang: trigram profiles of 69 languages,
//! no model files, microseconds per record).
//!
//! The stages after this one are English-only, so the question that matters is "is this record
//! clearly *not* English?", and a wrong "no" costs a whole article. The detector therefore only
//! sees a prefix of the text ([`PREFIX_BYTES`]) and a record is called non-English only when
//! - its dominant script is not Latin (Han, Cyrillic, Arabic, ...) with at least
//!   [`MIN_SCRIPT_LETTERS`] letters, or
//! - whatlang's guess is a non-English language, fewer than [`ENGLISH_SHARE`] of the words are
//!   common English function words (an English article quoting a French sentence keeps its
//!   `the`/`and`/`said`), and the prefix has at least [`MIN_LATIN_LETTERS`] letters with
//!   whatlang reliable (confidence > 0.9), or twice that many letters whatever its confidence.
//!
//! Everything else is taken as English. On PolNeAR train + dev (924 articles), their first
//! lines alone (headlines) and the bundled sample no record is flagged (`tests/web_text.rs`).

use whatlang::{Lang, Script};

/// The detector reads at most this many bytes of a record (cut at a char boundary): enough for
/// a confident verdict, and a constant cost per record however long the article is.
pub const PREFIX_BYTES: usize = 1024;
/// A Latin-script record needs this many letters in its prefix before it can be called
/// non-English (about 8 words; shorter, whatlang is rarely reliable anyway).
pub const MIN_LATIN_LETTERS: usize = 40;
/// A record in another script needs this many letters of that script.
pub const MIN_SCRIPT_LETTERS: usize = 10;
/// Share of words from [`ENGLISH_WORDS`] at or above which a Latin-script record is English
/// whatever the detector says (English news: 8-20%; the lowest PolNeAR article: 3.5%).
pub const ENGLISH_SHARE: f64 = 0.02;
/// Frequent English words that are rare as words of other Latin-script languages (no `to`:
/// Polish; no `is`/`of`: Dutch; no `was`/`will`: German; no `on`: French; no `for`: Danish).
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "that", "with", "said", "this", "have", "has", "from", "were", "which", "would",
    "their", "they", "been",
];

/// What the detector decided for one record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Identified {
    /// The language the record is taken to be in.
    pub lang: Lang,
    /// whatlang's confidence (0..1) when its verdict was used; `None` when the record was taken
    /// as English by default (too short, unreliable, or English function words present).
    pub confidence: Option<f64>,
    /// whatlang's own guess, whether used or not (`None`: no letters to judge).
    pub detected: Option<Lang>,
}

impl Identified {
    pub fn is_english(&self) -> bool {
        self.lang == Lang::Eng
    }
}

/// The first `max` bytes of `text`, cut back to a char boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Share of the words of `text` that are in [`ENGLISH_WORDS`], and its letter count.
fn english_share(text: &str) -> (f64, usize) {
    let (mut words, mut english, mut letters) = (0usize, 0usize, 0usize);
    for w in text.split(|c: char| !c.is_alphabetic()) {
        if w.is_empty() {
            continue;
        }
        words += 1;
        letters += w.chars().count();
        if w.len() <= 5 && ENGLISH_WORDS.iter().any(|e| e.eq_ignore_ascii_case(w)) {
            english += 1;
        }
    }
    (english as f64 / words.max(1) as f64, letters)
}

/// Identify the language of `text` (see the module docs for the rule).
pub fn identify(text: &str) -> Identified {
    let head = prefix(text, PREFIX_BYTES);
    let english = |detected: Option<Lang>| Identified {
        lang: Lang::Eng,
        confidence: None,
        detected,
    };
    let Some(info) = whatlang::detect(head) else {
        return english(None);
    };
    let detected = Some(info.lang());
    if info.lang() == Lang::Eng {
        return Identified {
            lang: Lang::Eng,
            confidence: Some(info.confidence()),
            detected,
        };
    }
    let foreign = Identified {
        lang: info.lang(),
        confidence: Some(info.confidence()),
        detected,
    };
    if info.script() != Script::Latin {
        // whatlang names the script by majority of letters; count that script's letters
        let n = head
            .chars()
            .filter(|&c| {
                c.is_alphabetic()
                    && !c.is_ascii()
                    && whatlang::detect_script(c.encode_utf8(&mut [0; 4])) == Some(info.script())
            })
            .take(MIN_SCRIPT_LETTERS)
            .count();
        return if n >= MIN_SCRIPT_LETTERS {
            foreign
        } else {
            english(detected)
        };
    }
    let (share, letters) = english_share(head);
    // with no English function words, a text of about 15 words or more is judged by the
    // detector's best guess even when whatlang does not call it reliable (its confidence is a
    // margin over the runner-up, low between related languages: Spanish vs Portuguese)
    let long = letters >= 2 * MIN_LATIN_LETTERS;
    if (info.is_reliable() || long) && letters >= MIN_LATIN_LETTERS && share < ENGLISH_SHARE {
        foreign
    } else {
        english(detected)
    }
}

/// ISO 639-1 code of a whatlang language, or its ISO 639-3 code when it has none.
pub fn code(lang: Lang) -> &'static str {
    ISO639_1
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or_else(|| lang.code(), |(_, c)| c)
}

/// Parse a language given on the command line: an ISO 639-1 (`en`, `es`) or ISO 639-3
/// (`eng`, `spa`, `cmn`) code of a language whatlang knows; `zh` is Mandarin.
pub fn parse(s: &str) -> Option<Lang> {
    let s = s.trim().to_ascii_lowercase();
    ISO639_1
        .iter()
        .find(|(_, c)| *c == s)
        .map(|(l, _)| *l)
        .or_else(|| Lang::from_code(s.as_str()))
}

/// whatlang's languages with their ISO 639-1 codes (every one has one).
const ISO639_1: &[(Lang, &str)] = &[
    (Lang::Epo, "eo"),
    (Lang::Eng, "en"),
    (Lang::Rus, "ru"),
    (Lang::Cmn, "zh"),
    (Lang::Spa, "es"),
    (Lang::Por, "pt"),
    (Lang::Ita, "it"),
    (Lang::Ben, "bn"),
    (Lang::Fra, "fr"),
    (Lang::Deu, "de"),
    (Lang::Ukr, "uk"),
    (Lang::Kat, "ka"),
    (Lang::Ara, "ar"),
    (Lang::Hin, "hi"),
    (Lang::Jpn, "ja"),
    (Lang::Heb, "he"),
    (Lang::Yid, "yi"),
    (Lang::Pol, "pl"),
    (Lang::Amh, "am"),
    (Lang::Jav, "jv"),
    (Lang::Kor, "ko"),
    (Lang::Nob, "nb"),
    (Lang::Dan, "da"),
    (Lang::Swe, "sv"),
    (Lang::Fin, "fi"),
    (Lang::Tur, "tr"),
    (Lang::Nld, "nl"),
    (Lang::Hun, "hu"),
    (Lang::Ces, "cs"),
    (Lang::Ell, "el"),
    (Lang::Bul, "bg"),
    (Lang::Bel, "be"),
    (Lang::Mar, "mr"),
    (Lang::Kan, "kn"),
    (Lang::Ron, "ro"),
    (Lang::Slv, "sl"),
    (Lang::Hrv, "hr"),
    (Lang::Srp, "sr"),
    (Lang::Mkd, "mk"),
    (Lang::Lit, "lt"),
    (Lang::Lav, "lv"),
    (Lang::Est, "et"),
    (Lang::Tam, "ta"),
    (Lang::Vie, "vi"),
    (Lang::Urd, "ur"),
    (Lang::Tha, "th"),
    (Lang::Guj, "gu"),
    (Lang::Uzb, "uz"),
    (Lang::Pan, "pa"),
    (Lang::Aze, "az"),
    (Lang::Ind, "id"),
    (Lang::Tel, "te"),
    (Lang::Pes, "fa"),
    (Lang::Mal, "ml"),
    (Lang::Ori, "or"),
    (Lang::Mya, "my"),
    (Lang::Nep, "ne"),
    (Lang::Sin, "si"),
    (Lang::Khm, "km"),
    (Lang::Tuk, "tk"),
    (Lang::Aka, "ak"),
    (Lang::Zul, "zu"),
    (Lang::Sna, "sn"),
    (Lang::Afr, "af"),
    (Lang::Lat, "la"),
    (Lang::Slk, "sk"),
    (Lang::Cat, "ca"),
    (Lang::Tgl, "tl"),
    (Lang::Hye, "hy"),
    (Lang::Cym, "cy"),
];

#[cfg(test)]
mod tests {
    use super::*;

    const SPANISH: &str = "El presidente Pedro Sánchez dijo el lunes que «no habrá más recortes». \
        «Vamos a proteger el empleo», afirmó Sánchez durante una rueda de prensa en Madrid, \
        donde anunció nuevas medidas para las familias.";
    const ENGLISH_WITH_FRENCH: &str = "The French president spoke to reporters on Monday. \
        « Nous ne céderons rien, ni à la peur, ni à la haine », Macron said, and he added that \
        the government would not change its plans. The opposition said that this was a mistake \
        and that they would vote against the budget.";

    #[test]
    fn spanish_article_is_spanish() {
        let id = identify(SPANISH);
        assert_eq!(id.lang, Lang::Spa);
        assert!(id.confidence.unwrap() > 0.9);
        assert_eq!(code(id.lang), "es");
    }

    #[test]
    fn the_issues_short_spanish_record_is_spanish() {
        let id = identify(
            "El presidente Pedro Sánchez dijo el lunes que «no habrá más recortes». \
             «Vamos a proteger el empleo», afirmó Sánchez ...",
        );
        assert_eq!(id.lang, Lang::Spa, "{id:?}");
    }

    #[test]
    fn english_article_quoting_french_stays_english() {
        let id = identify(ENGLISH_WITH_FRENCH);
        assert!(id.is_english(), "{id:?}");
    }

    #[test]
    fn short_foreign_headline_defaults_to_english() {
        let id = identify("Sánchez: «No habrá más recortes»");
        assert!(id.is_english());
        assert_eq!(id.confidence, None);
    }

    #[test]
    fn chinese_is_flagged_even_when_short() {
        let id = identify("国家主席习近平周一在北京表示，中国将继续扩大对外开放。");
        assert_eq!(id.lang, Lang::Cmn);
        assert_eq!(code(id.lang), "zh");
    }

    #[test]
    fn english_with_a_few_foreign_names_stays_english() {
        let id = identify("Москва: Vladimir Putin said the talks with Washington had gone well.");
        assert!(id.is_english(), "{id:?}");
    }

    #[test]
    fn empty_and_symbol_texts_default_to_english() {
        assert!(identify("").is_english());
        assert!(identify("12345 --- !!!").is_english());
    }

    #[test]
    fn prefix_is_cut_at_a_char_boundary() {
        let t = "é".repeat(PREFIX_BYTES);
        assert!(prefix(&t, PREFIX_BYTES).len() <= PREFIX_BYTES);
        assert!(prefix("abc", 2) == "ab");
    }

    #[test]
    fn codes_parse_both_ways() {
        assert_eq!(parse("en"), Some(Lang::Eng));
        assert_eq!(parse("SPA"), Some(Lang::Spa));
        assert_eq!(parse("zh"), Some(Lang::Cmn));
        assert_eq!(parse("xx"), None);
        for &l in Lang::all() {
            assert_eq!(parse(code(l)), Some(l), "{l:?}");
        }
    }
}
