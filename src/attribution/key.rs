//! `speaker_key`: one corpus-wide key per speaker, a normalised form of the canonical name.
//!
//! `Donald J. Trump`, `Donald Trump`, `Mr. Trump's` (after in-article resolution: `Donald
//! Trump`) and `DONALD TRUMP` share the key `donald trump`; `Donald Trump Jr.` keeps its
//! generational suffix (`donald trump jr`). Descriptions and pronouns (`a spokesman`,
//! `sources`, `he`) get no key: they do not name one speaker across articles. The rules are
//! listed in docs/OUTPUT.md.

use unicode_normalization::UnicodeNormalization;

/// Courtesy titles and abbreviated ranks dropped from the front of a name (`Mr.`, `Sen.`,
/// `President`). Long titles that also start organisation names (`House`, `State`) are not
/// here: the in-article resolution already strips titles from person names.
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "president",
    "pres",
    "vice",
    "prof",
    "professor",
    "rev",
    "gen",
    "lt",
    "col",
    "sgt",
    "capt",
    "adm",
    "sir",
    "dame",
    "mayor",
    "judge",
];

/// Generational suffixes, which tell a son from his father: kept, written one way.
fn suffix(t: &str) -> Option<&'static str> {
    Some(match t {
        "jr" | "junior" => "jr",
        "sr" | "senior" => "sr",
        "ii" => "ii",
        "iii" => "iii",
        "iv" => "iv",
        _ => return None,
    })
}

/// Case- and accent-folded word: NFKD, combining marks dropped, lower case, dots and
/// outer punctuation removed, curly apostrophes straightened.
fn fold(word: &str) -> String {
    word.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == '’' || c == '‘' { '\'' } else { c })
        .filter(|c| *c != '.')
        .collect::<String>()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// Does this written name name someone (its head word capitalised), rather than describe them?
fn is_proper(words: &[&str]) -> bool {
    let head = words
        .iter()
        .rev()
        .find(|w| suffix(&fold(w)).is_none())
        .or(words.last());
    head.and_then(|w| w.chars().find(|c| c.is_alphanumeric()))
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// The corpus key of a canonical speaker name, or `None` for a description or pronoun.
pub fn speaker_key(name: &str) -> Option<String> {
    let mut name = name.trim();
    for s in ["’s", "'s", "’", "'"] {
        if let Some(n) = name.strip_suffix(s) {
            name = n.trim_end();
            break;
        }
    }
    let written: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    if written.is_empty() || !is_proper(&written) {
        return None;
    }
    let mut words: Vec<String> = written.iter().map(|w| fold(w)).collect();
    words.retain(|w| !w.is_empty());
    // a capitalised plural of a person noun at the start of a sentence (`Delegates`), and a
    // pronoun's contraction (`I've`, `We're`)
    if let [w] = words.as_slice() {
        let pronoun = |p: &str| matches!(p, "i" | "we" | "he" | "she" | "you" | "they" | "it");
        if w.strip_suffix('s')
            .is_some_and(super::person::is_person_noun)
            || pronoun(w)
            || w.split_once('\'').is_some_and(|(p, _)| pronoun(p))
        {
            return None;
        }
    }
    // leading article and honorifics, keeping at least one word (`The Post`, `Mr. Trump`)
    while words.len() > 1 && (words[0] == "the" || HONORIFICS.contains(&words[0].as_str())) {
        words.remove(0);
    }
    for w in words.iter_mut() {
        if let Some(s) = suffix(w) {
            *w = s.to_string();
        }
    }
    // single-letter middle initials (`Donald J. Trump`): not the first word, not the surname
    let last_name = words
        .iter()
        .rposition(|w| suffix(w).is_none())
        .unwrap_or(words.len() - 1);
    let mut i = 1;
    while i < last_name.min(words.len()) {
        if words[i].chars().count() == 1 && words.len() > 2 {
            words.remove(i);
        } else {
            i += 1;
        }
        if words.len() <= 2 {
            break;
        }
    }
    let key = words.join(" ");
    (!key.is_empty()).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::speaker_key;

    fn k(s: &str) -> Option<String> {
        speaker_key(s)
    }

    #[test]
    fn middle_initials_case_and_honorifics_share_a_key() {
        let key = Some("donald trump".to_string());
        assert_eq!(k("Donald Trump"), key);
        assert_eq!(k("Donald J. Trump"), key);
        assert_eq!(k("Donald J Trump"), key);
        assert_eq!(k("DONALD TRUMP"), key);
        assert_eq!(k("Mr. Donald Trump"), key);
        assert_eq!(k("Donald Trump’s"), key);
        assert_eq!(k("Donald Trump's"), key);
        assert_eq!(k("  Donald   Trump "), key);
    }

    #[test]
    fn generational_suffix_is_a_different_person() {
        assert_eq!(k("Donald Trump Jr."), Some("donald trump jr".to_string()));
        assert_eq!(k("Donald Trump, Jr."), Some("donald trump jr".to_string()));
        assert_eq!(
            k("Donald J. Trump Jr."),
            Some("donald trump jr".to_string())
        );
        assert_ne!(k("Donald Trump Jr."), k("Donald Trump"));
    }

    #[test]
    fn diacritics_fold() {
        assert_eq!(k("Enrique Peña Nieto"), k("Enrique Pena Nieto"));
        assert_eq!(k("Zoë Baird"), Some("zoe baird".to_string()));
        assert_eq!(
            k("François Hollande"),
            Some("francois hollande".to_string())
        );
    }

    #[test]
    fn organisations_get_keys_without_the_article() {
        assert_eq!(
            k("The Washington Post"),
            Some("washington post".to_string())
        );
        assert_eq!(k("Washington Post"), Some("washington post".to_string()));
        assert_eq!(
            k("U.S. Chamber of Commerce"),
            Some("us chamber of commerce".to_string())
        );
        // long titles that start organisation names stay
        assert_eq!(
            k("House Judiciary Committee"),
            Some("house judiciary committee".to_string())
        );
    }

    #[test]
    fn two_letter_initials_and_first_initials_stay() {
        assert_eq!(k("George H.W. Bush"), Some("george hw bush".to_string()));
        assert_eq!(k("J. K. Rowling"), Some("j rowling".to_string()));
        assert_eq!(k("J.K. Rowling"), Some("jk rowling".to_string()));
        // a two-word name keeps both words
        assert_eq!(k("J. Smith"), Some("j smith".to_string()));
    }

    #[test]
    fn descriptions_and_pronouns_have_no_key() {
        assert_eq!(k("he"), None);
        assert_eq!(k("a spokesman"), None);
        assert_eq!(k("a White House spokesman"), None);
        assert_eq!(k("sources"), None);
        assert_eq!(k("Delegates"), None);
        assert_eq!(k("I've"), None);
        assert_eq!(k("I"), None);
        assert_eq!(k("O'Rourke"), Some("o'rourke".to_string()));
        assert_eq!(k("Demonstrators"), None);
        assert_eq!(k("Republicans"), Some("republicans".to_string()));
        assert_eq!(k(""), None);
        assert_eq!(k("’s"), None);
    }
}
