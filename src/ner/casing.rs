//! Per-word casing classes. The encoder is uncased (its tokenizer lower-cases), so the casing
//! of the original word is fed to the model as a small learned embedding.

/// Names of the casing classes, index = class id (stored in `ner_config.json`).
pub const CASING_CLASSES: [&str; 7] = [
    "special", "lower", "title", "upper", "mixed", "digit", "other",
];
/// Class for [CLS], [SEP] and padding.
pub const CASE_SPECIAL: i64 = 0;
pub const CASE_LOWER: i64 = 1;
pub const CASE_TITLE: i64 = 2;
pub const CASE_UPPER: i64 = 3;
pub const CASE_MIXED: i64 = 4;
pub const CASE_DIGIT: i64 = 5;
pub const CASE_OTHER: i64 = 6;

/// Casing class of one word (the original text of the pre-tokenized word a subword belongs to).
///
/// - no letters: `digit` if it has a digit, else `other` (punctuation, symbols, emoji);
/// - no upper-case letter: `lower`;
/// - first letter upper, all other letters lower: `title` ("Putin", "I", "McX" is `mixed`);
/// - two or more letters, none lower-case: `upper` ("NBC", "U2" counts its letters only);
/// - anything else: `mixed` ("iPhone", "McDonald").
pub fn casing_class(word: &str) -> i64 {
    let mut letters = 0usize;
    let mut uppers = 0usize;
    let mut lowers = 0usize;
    let mut first_upper = false;
    let mut digits = false;
    for c in word.chars() {
        if c.is_alphabetic() {
            if letters == 0 {
                first_upper = c.is_uppercase();
            }
            letters += 1;
            if c.is_uppercase() {
                uppers += 1;
            } else if c.is_lowercase() {
                lowers += 1;
            }
        } else if c.is_numeric() {
            digits = true;
        }
    }
    if letters == 0 {
        return if digits { CASE_DIGIT } else { CASE_OTHER };
    }
    if uppers == 0 {
        return CASE_LOWER;
    }
    if first_upper && uppers == 1 {
        return CASE_TITLE;
    }
    if lowers == 0 && letters >= 2 {
        return CASE_UPPER;
    }
    CASE_MIXED
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(casing_class("putin"), CASE_LOWER);
        assert_eq!(casing_class("Putin"), CASE_TITLE);
        assert_eq!(casing_class("I"), CASE_TITLE);
        assert_eq!(casing_class("NBC"), CASE_UPPER);
        assert_eq!(casing_class("iPhone"), CASE_MIXED);
        assert_eq!(casing_class("McDonald"), CASE_MIXED);
        assert_eq!(casing_class("2016"), CASE_DIGIT);
        assert_eq!(casing_class("\u{201c}"), CASE_OTHER);
        assert_eq!(casing_class("😀"), CASE_OTHER);
        assert_eq!(casing_class("Émile"), CASE_TITLE);
    }
}
