//! Stage 0: text as it comes from the web, made fit for the English stages.
//!
//! Runs on every record before the entity model and the rule stages:
//! 1. [`html`]: markup and character references are detected by a cheap scan and, when
//!    present (or forced with `--html`), the text is replaced by its cleaned plain text; every
//!    later offset points into that cleaned text, which the output record then carries as `text`.
//! 2. [`lang`]: the language is identified on a prefix of the (cleaned) text; a record that is
//!    clearly not in an accepted language (default: English) skips the stages and comes out with
//!    empty layers and a `warning`.
//!
//! On plain English input the cost is one `memchr` scan for `<` / `&` and one detector call on
//! at most 1 KB.

pub mod html;
pub mod lang;

use serde_json::{json, Value};
pub use whatlang::Lang;

/// When to clean markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HtmlMode {
    /// Clean when [`html::detect`] finds tags or character references.
    #[default]
    Auto,
    /// Always parse the text as HTML.
    Always,
    /// Never touch the text (offsets always point into the input text).
    Never,
}

/// Which languages go through the stages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Languages {
    /// Every record, whatever its language (still identified and recorded).
    Any,
    /// Only records identified as one of these; others are skipped with a warning.
    Only(Vec<Lang>),
}

impl Default for Languages {
    fn default() -> Self {
        Languages::Only(vec![Lang::Eng])
    }
}

/// The settings of this stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CleanOptions {
    pub html: HtmlMode,
    pub languages: Languages,
}

impl CleanOptions {
    /// Leave texts exactly as given and process every language (for scoring against gold
    /// offsets, as `saywho eval` does); the language is still identified and recorded.
    pub fn untouched() -> Self {
        CleanOptions {
            html: HtmlMode::Never,
            languages: Languages::Any,
        }
    }
}

/// What the stage found out about one record.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The text was cleaned of markup: the record's `text` is the cleaned text.
    pub html: bool,
    pub language: lang::Identified,
    /// Why the record skips the stages (not an accepted language), or `None`.
    pub skip: Option<String>,
}

impl Prepared {
    /// The record's `language` field.
    pub fn language_json(&self) -> Value {
        let l = &self.language;
        json!({
            "code": lang::code(l.lang),
            "confidence": l.confidence.map(|c| (c * 1000.0).round() / 1000.0),
            "detected": l.detected.map(lang::code),
        })
    }
}

/// Clean `text` in place (when it holds markup or the mode says so) and identify its language.
/// Fails only on markup too deeply nested to parse in bounded time ([`html::MAX_DEPTH`]).
pub fn prepare(text: &mut String, opts: &CleanOptions) -> Result<Prepared, String> {
    let markup = match opts.html {
        HtmlMode::Never => html::Markup::None,
        HtmlMode::Auto => html::detect(text),
        // forced: parse as a document (block tags, collapsed whitespace) even without tags
        HtmlMode::Always => html::Markup::Document,
    };
    let cleaned = markup != html::Markup::None;
    if cleaned {
        *text = html::clean(text, markup)?;
    }
    let language = lang::identify(text);
    let skip = match &opts.languages {
        Languages::Only(ok) if !ok.contains(&language.lang) => Some(format!(
            "not processed: the text is in {} ({}, confidence {:.2}), not {}; \
             --languages {},... or --any-language processes it",
            language.lang.eng_name(),
            lang::code(language.lang),
            language.confidence.unwrap_or(0.0),
            ok.iter()
                .map(|l| lang::code(*l))
                .collect::<Vec<_>>()
                .join(","),
            lang::code(language.lang),
        )),
        _ => None,
    };
    Ok(Prepared {
        html: cleaned,
        language,
        skip,
    })
}

/// Parse `--languages en,es,...` (ISO 639-1 or 639-3 codes).
pub fn parse_languages(s: &str) -> Result<Vec<Lang>, String> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let l = lang::parse(part).ok_or_else(|| {
            format!(
                "unknown language code {part:?}: use ISO 639-1 or 639-3 codes of the languages \
                 whatlang knows (en, es, fr, de, zh, ...)"
            )
        })?;
        if !out.contains(&l) {
            out.push(l);
        }
    }
    if out.is_empty() {
        return Err("--languages needs at least one language code".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_english_is_left_alone() {
        let mut t = String::from("“We are ready,” said Mayor Jane Roe on Monday.");
        let before = t.clone();
        let p = prepare(&mut t, &CleanOptions::default()).unwrap();
        assert_eq!(t, before);
        assert!(!p.html);
        assert!(p.skip.is_none());
        assert_eq!(p.language_json()["code"], "en");
    }

    #[test]
    fn html_is_cleaned_before_identification() {
        let mut t = String::from("<p>&ldquo;We&rsquo;re ready,&rdquo; said Mayor Jane Roe.</p>");
        let p = prepare(&mut t, &CleanOptions::default()).unwrap();
        assert!(p.html);
        assert_eq!(t, "“We’re ready,” said Mayor Jane Roe.");
        let mut t2 = String::from("<p>&ldquo;Hi&rdquo;</p>");
        let p = prepare(
            &mut t2,
            &CleanOptions {
                html: HtmlMode::Never,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(!p.html);
        assert_eq!(t2, "<p>&ldquo;Hi&rdquo;</p>");
    }

    #[test]
    fn foreign_records_skip_unless_accepted() {
        let es = "El presidente Pedro Sánchez dijo el lunes que «no habrá más recortes». \
                  «Vamos a proteger el empleo», afirmó Sánchez durante una rueda de prensa.";
        let p = prepare(&mut es.to_string(), &CleanOptions::default()).unwrap();
        let why = p.skip.expect("Spanish is skipped by default");
        assert!(why.contains("Spanish (es"), "{why}");
        let opts = CleanOptions {
            languages: Languages::Only(parse_languages("en,es").unwrap()),
            ..Default::default()
        };
        assert!(prepare(&mut es.to_string(), &opts).unwrap().skip.is_none());
        let any = CleanOptions {
            languages: Languages::Any,
            ..Default::default()
        };
        let p = prepare(&mut es.to_string(), &any).unwrap();
        assert!(p.skip.is_none());
        assert_eq!(p.language_json()["code"], "es");
    }

    #[test]
    fn language_lists_parse() {
        assert_eq!(
            parse_languages("en, spa,EN").unwrap(),
            vec![Lang::Eng, Lang::Spa]
        );
        assert!(parse_languages("en,klingon")
            .unwrap_err()
            .contains("klingon"));
        assert!(parse_languages(" , ").is_err());
    }
}
