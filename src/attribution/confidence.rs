//! Calibrated quote confidence: after the speakers are resolved, each quote's `confidence`
//! becomes the probability that the quote is right end to end -- its content matches a real
//! attribution (`shared/eval/score.py`'s overlap0.3 match) **and** its speaker mention is that
//! attribution's source.
//!
//! A logistic regression per attribution mode over [`FEATURES`]: the rule's or tagger's own
//! score, the quote's kind, its cue's class, what its speaker mention is (pronoun, entity,
//! description, none) and where it sits, the content's length and place, and whether the
//! learned tagger's source / cue / content tags agree with it. Trained on PolNeAR train
//! articles by `examples/train_confidence.rs` (`scripts/train_confidence.sh`); the weights
//! are `models/attribution/confidence.json`, compiled into the binary.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::document::{Document, Entity, Quote, QuoteKind, Span};
use crate::quotes::lexicon::{cue_class, CueClass};

/// `extract` and `eval` drop quotes below this calibrated confidence unless told otherwise
/// (`--min-confidence`). For calibrated scores the F1-optimal cut is about half the attainable
/// F1 (Lipton et al. 2014, "Thresholding classifiers to maximize F1"): end-to-end F1 is about
/// 0.7, so 0.35. On the 60 held-out train articles 0.30-0.35 gave the best end-to-end F1.
pub const DEFAULT_MIN_CONFIDENCE: f32 = 0.35;

/// The feature names, in the order of [`features`]' vector (and of the weights file).
pub const FEATURES: &[&str] = &[
    "bias",
    "raw",
    "raw>=0.9",
    "raw>=0.8",
    "raw>=0.7",
    "raw>=0.6",
    "raw>=0.5",
    "tagger_quote",
    "direct",
    "mixed",
    "no_cue",
    "cue_punct",
    "cue_say",
    "cue_tell",
    "cue_object",
    "cue_belief",
    "cue_according",
    "cue_multiword",
    "no_speaker",
    "spk_pronoun",
    "spk_relative",
    "spk_per",
    "spk_org",
    "spk_capitalised",
    "spk_words",
    "spk_resolved",
    "spk_after",
    "spk_inside",
    "spk_other_sentence",
    "spk_gap",
    "words",
    "multi_span",
    "first_paragraph",
    "sentences>1",
    "question",
    "tag_con",
    "tag_con_score",
    "tag_src_speaker",
    "tag_src_other",
    "tag_cue",
    "overlaps_quote",
];

/// The calibration weights of one attribution mode.
#[derive(Debug, Clone, Deserialize)]
struct Weights {
    weights: Vec<f32>,
}

#[derive(Debug, Deserialize)]
struct Model {
    features: Vec<String>,
    modes: HashMap<String, Weights>,
}

const MODEL_JSON: &str = include_str!("../../models/attribution/confidence.json");

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| {
        let m: Model = serde_json::from_str(MODEL_JSON)
            .expect("models/attribution/confidence.json is valid (checked by its unit test)");
        assert!(
            m.features
                .iter()
                .map(String::as_str)
                .eq(FEATURES.iter().copied())
                && m.modes.values().all(|w| w.weights.len() == FEATURES.len()),
            "models/attribution/confidence.json was trained on other features: rerun \
             scripts/train_confidence.sh"
        );
        m
    })
}

/// The calibration key of a pipeline configuration: the attribution mode (`rules`, `tagger`,
/// `combined`), or `rules_no_entities` when the transformer does not run.
pub fn mode_key(mode: &str, entities: bool) -> &'static str {
    match (mode, entities) {
        (_, false) => "rules_no_entities",
        ("tagger", true) => "tagger",
        ("combined", true) => "combined",
        _ => "rules",
    }
}

/// The modes the weights file holds.
pub fn modes() -> Vec<&'static str> {
    let mut v: Vec<&str> = model().modes.keys().map(String::as_str).collect();
    v.sort_unstable();
    v
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Replace each quote's `confidence` by its calibrated probability under `mode` (see
/// [`mode_key`]; an unknown mode falls back to `combined`). Returns the feature vectors, in
/// quote order, for training.
pub fn calibrate(doc: &mut Document, mode: &str) -> Vec<Vec<f32>> {
    let m = model();
    let w = m
        .modes
        .get(mode)
        .or_else(|| m.modes.get("combined"))
        .expect("the weights file holds `combined`");
    let tags = Tags::of(doc);
    let feats: Vec<Vec<f32>> = (0..doc.quotes.len())
        .map(|i| features(doc, &tags, i))
        .collect();
    for (q, f) in doc.quotes.iter_mut().zip(&feats) {
        let z: f32 = w.weights.iter().zip(f).map(|(a, b)| a * b).sum();
        // rounded as written (2 decimals), so that `--min-confidence` keeps exactly the quotes
        // whose written `confidence` is at least the cut
        q.confidence = (sigmoid(z) * 100.0).round() / 100.0;
    }
    feats
}

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "i", "we", "you", "it", "him", "her", "them", "his", "their", "its",
];
const RELATIVES: &[&str] = &["who", "which", "that", "whom", "whose"];

fn sentence_of(doc: &Document, byte: usize) -> usize {
    doc.sentences
        .partition_point(|s| s.span.end <= byte)
        .min(doc.sentences.len().saturating_sub(1))
}

fn covered(span: Span, tags: &[&Entity]) -> usize {
    tags.iter()
        .map(|t| {
            let s = t.span.start.max(span.start);
            let e = t.span.end.min(span.end);
            e.saturating_sub(s)
        })
        .sum()
}

/// The learned tagger's source / content / cue tags of a document, split once per document.
pub struct Tags<'a> {
    src: Vec<&'a Entity>,
    con: Vec<&'a Entity>,
    cue: Vec<&'a Entity>,
}

impl<'a> Tags<'a> {
    pub fn of(doc: &'a Document) -> Self {
        let of = |l: &str| {
            doc.attribution_tags
                .iter()
                .filter(|t| t.label == l)
                .collect::<Vec<_>>()
        };
        Tags {
            src: of("SRC"),
            con: of("CON"),
            cue: of("CUE"),
        }
    }
}

/// The feature vector of quote `qi` (names in [`FEATURES`]).
pub fn features(doc: &Document, tags: &Tags, qi: usize) -> Vec<f32> {
    let q: &Quote = &doc.quotes[qi];
    let text = doc.text.as_str();
    let mut f = vec![0.0f32; FEATURES.len()];
    let mut set = |name: &str, v: f32| {
        let i = FEATURES
            .iter()
            .position(|n| *n == name)
            .expect("a listed feature");
        f[i] = v;
    };
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    let ext = q.extent();
    let raw = q.confidence;
    set("bias", 1.0);
    set("raw", raw);
    set("raw>=0.9", b(raw >= 0.9));
    set("raw>=0.8", b(raw >= 0.8));
    set("raw>=0.7", b(raw >= 0.7));
    set("raw>=0.6", b(raw >= 0.6));
    set("raw>=0.5", b(raw >= 0.5));
    set("tagger_quote", b(q.from_tagger));
    set("direct", b(q.kind == QuoteKind::Direct));
    set("mixed", b(q.kind == QuoteKind::Mixed));
    match q.cue {
        None => set("no_cue", 1.0),
        Some(c) => {
            let ct = c.text(text);
            let words: Vec<String> = ct
                .split_whitespace()
                .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
                .collect();
            if !ct.chars().any(char::is_alphanumeric) {
                set("cue_punct", 1.0);
            }
            if words.iter().any(|w| w == "according") {
                set("cue_according", 1.0);
            }
            set("cue_multiword", b(words.len() > 1));
            let class = words.iter().find_map(|w| cue_class(w));
            match class {
                Some(CueClass::Say) => set("cue_say", 1.0),
                Some(CueClass::Tell) => set("cue_tell", 1.0),
                Some(CueClass::Object) => set("cue_object", 1.0),
                Some(CueClass::Belief) => set("cue_belief", 1.0),
                None => {}
            }
        }
    }
    let (src, con, cue_tags) = (&tags.src, &tags.con, &tags.cue);
    let first_sent = sentence_of(doc, ext.start);
    let last_sent = sentence_of(doc, ext.end.saturating_sub(1).max(ext.start));
    match q.speaker {
        None => set("no_speaker", 1.0),
        Some(sp) => {
            let st = sp.text(text);
            let lower = st.to_lowercase().replace('\u{2019}', "'");
            let words = lower.split_whitespace().count();
            set("spk_words", (1.0 + words as f32).ln());
            set("spk_pronoun", b(PRONOUNS.contains(&lower.as_str())));
            set("spk_relative", b(RELATIVES.contains(&lower.as_str())));
            let ent = |l: &str| {
                doc.entities
                    .iter()
                    .any(|e| e.label == l && e.span.overlaps(sp))
            };
            let per = ent("PER");
            let org = ent("ORG");
            set("spk_per", b(per));
            set("spk_org", b(org && !per));
            set(
                "spk_capitalised",
                b(!per && !org && st.chars().next().is_some_and(char::is_uppercase)),
            );
            set(
                "spk_resolved",
                b(q.speaker_name.as_deref().is_some_and(|n| n != st)),
            );
            set("spk_after", b(sp.start >= ext.end));
            set("spk_inside", b(ext.contains(sp)));
            let ss = sentence_of(doc, sp.start);
            set("spk_other_sentence", b(ss < first_sent || ss > last_sent));
            let g = q.spans.iter().map(|s| s.gap(sp)).min().unwrap_or(0);
            set("spk_gap", (1.0 + g as f32).ln() / 5.0);
            set(
                "tag_src_speaker",
                b(src.iter().any(|t| t.span.overlaps(sp))),
            );
        }
    }
    let words = q
        .spans
        .iter()
        .map(|s| s.text(text).split_whitespace().count())
        .sum::<usize>();
    set("words", (1.0 + words as f32).ln() / 3.0);
    set("multi_span", b(q.spans.len() > 1));
    set(
        "first_paragraph",
        b(doc.paragraphs.first().is_some_and(|p| p.contains(ext))),
    );
    set("sentences>1", b(last_sent > first_sent));
    set(
        "question",
        b(ext.text(text).trim_end().ends_with('?')
            || text[ext.end..].trim_start().starts_with('?')),
    );
    let total: usize = q.spans.iter().map(Span::len).sum();
    let cov: usize = q.spans.iter().map(|s| covered(*s, con)).sum();
    set(
        "tag_con",
        if total > 0 {
            (cov as f32 / total as f32).min(1.0)
        } else {
            0.0
        },
    );
    set(
        "tag_con_score",
        con.iter()
            .filter(|t| t.span.overlaps(ext))
            .map(|t| t.score)
            .fold(0.0, f32::max),
    );
    // a tagged source in the content's sentences that is not the quote's speaker
    let sents = doc.sentences.get(first_sent..=last_sent).unwrap_or(&[]);
    set(
        "tag_src_other",
        b(src.iter().any(|t| {
            sents.iter().any(|s| s.span.contains(t.span))
                && !q.speaker.is_some_and(|sp| sp.overlaps(t.span))
                && !ext.contains(t.span)
        })),
    );
    set(
        "tag_cue",
        b(q.cue
            .is_some_and(|c| cue_tags.iter().any(|t| t.span.overlaps(c)))),
    );
    set(
        "overlaps_quote",
        b(doc
            .quotes
            .iter()
            .enumerate()
            .any(|(j, o)| j != qi && o.extent().overlaps(ext))),
    );
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weights_file_matches_the_features() {
        let m = model();
        for mode in ["combined", "tagger", "rules", "rules_no_entities"] {
            assert_eq!(m.modes[mode].weights.len(), FEATURES.len(), "{mode}");
        }
        assert_eq!(mode_key("combined", true), "combined");
        assert_eq!(mode_key("combined", false), "rules_no_entities");
        assert_eq!(mode_key("rules", true), "rules");
    }

    #[test]
    fn calibrated_confidence_is_a_probability_that_reads_the_evidence() {
        let text = "Smith said the plan would fail. Critics called it a plan.";
        let mut d = Document::new("t", text);
        crate::segment::segment(&mut d);
        let q = |speaker: Option<Span>, cue: Option<Span>| Quote {
            kind: QuoteKind::Indirect,
            spans: vec![Span::new(11, 30)],
            cue,
            speaker,
            speaker_name: speaker.map(|s| s.text(text).to_string()),
            speaker_entity: None,
            confidence: 0.85,
            from_tagger: false,
        };
        d.quotes = vec![q(Some(Span::new(0, 5)), Some(Span::new(6, 10)))];
        let f = calibrate(&mut d, "rules_no_entities");
        assert_eq!(f[0].len(), FEATURES.len());
        let with = d.quotes[0].confidence;
        assert!((0.0..=1.0).contains(&with));
        d.quotes = vec![q(None, None)];
        calibrate(&mut d, "rules_no_entities");
        let without = d.quotes[0].confidence;
        assert!(
            with > without,
            "a quote with a speaker and a say-cue ({with}) outranks one with neither ({without})"
        );
    }
}
