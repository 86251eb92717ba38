//! Tests of the real NER model in models/ner (committed weights; no network).

use saywho::ner::{default_model_dir, EntityTagger, RawEntity};
use std::sync::OnceLock;

fn tagger() -> &'static EntityTagger {
    static T: OnceLock<EntityTagger> = OnceLock::new();
    T.get_or_init(|| EntityTagger::load(&default_model_dir()).expect("load models/ner"))
}

fn texts<'a>(text: &'a str, ents: &[RawEntity]) -> Vec<(&'a str, String)> {
    ents.iter()
        .map(|e| (&text[e.start..e.end], e.label.clone()))
        .collect()
}

fn has(found: &[(&str, String)], surface: &str, label: &str) -> bool {
    found.iter().any(|(s, l)| *s == surface && l == label)
}

fn seed_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/samples/000_a4f25349d3a76f5a.txt"
    );
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn seed_article_entities() {
    let text = seed_text();
    check_seed_entities(&text, &tagger().tag_batch(&[&text]).unwrap()[0]);
}

/// fp32, bf16 and int8 inference all find the seed's entities, and bf16/int8 agree with fp32
/// on almost every entity (same span and label). Measured on the seed with the current model:
/// bf16 1.0, int8 0.97 (0.94 with the per-tensor int8 of earlier releases); a broken
/// quantised path agrees on far less.
#[test]
fn precisions_agree_on_seed() {
    use saywho::ner::model::Precision;
    let text = seed_text();
    let run = |p: Precision| {
        let t = EntityTagger::load_with(&default_model_dir(), p).expect("load models/ner");
        t.tag_batch(&[&text]).unwrap().remove(0)
    };
    let fp32 = run(Precision::Fp32);
    check_seed_entities(&text, &fp32);
    let key = |e: &RawEntity| (e.start, e.end, e.label.clone());
    let base: std::collections::HashSet<_> = fp32.iter().map(key).collect();
    for p in [Precision::Bf16, Precision::Int8] {
        let ents = run(p);
        check_seed_entities(&text, &ents);
        let same = ents.iter().filter(|e| base.contains(&key(e))).count();
        let agree = 2.0 * same as f64 / (ents.len() + fp32.len()) as f64;
        eprintln!("{p:?} agrees with fp32 on {agree:.3} of the seed's entities");
        assert!(
            agree >= 0.9,
            "{p:?} agrees with fp32 on {agree:.3} of entities"
        );
    }
}

/// With int8 inference an article's entities and scores do not depend on which other texts
/// share its forward batches (activations are quantised per token, not per batch).
#[test]
fn int8_results_do_not_depend_on_batch_mates() {
    use saywho::ner::model::Precision;
    let seed = seed_text();
    let t =
        EntityTagger::load_with(&default_model_dir(), Precision::Int8).expect("load models/ner");
    let alone = t.tag_batch(&[&seed]).unwrap().remove(0);
    let loud = "BREAKING!!! 1,000,000,000 $$$ ### URGENT URGENT ".repeat(40);
    let other = "Angela Merkel met Emmanuel Macron in Paris on Tuesday, officials said.";
    let mixed = t.tag_batch(&[other, &loud, &seed, other]).unwrap();
    let key = |e: &RawEntity| (e.start, e.end, e.label.clone(), e.score.to_bits());
    let a: Vec<_> = alone.iter().map(key).collect();
    let b: Vec<_> = mixed[2].iter().map(key).collect();
    assert_eq!(a, b, "the seed's entities changed with its batch mates");
}

/// Forward passes spread over several worker threads give exactly the results of one thread:
/// which worker ran a window never shows in the output.
#[test]
fn forward_workers_do_not_change_results() {
    use saywho::ner::{NerStats, Tagged};
    let seed = seed_text();
    let long = seed.repeat(6);
    let other = "Angela Merkel met Emmanuel Macron in Paris on Tuesday, officials said.";
    let texts = [seed.as_str(), other, long.as_str(), "", other];
    let mut t = EntityTagger::load(&default_model_dir()).expect("load models/ner");
    let key = |r: &[Tagged]| -> Vec<Vec<(usize, usize, String, u32)>> {
        r.iter()
            .flat_map(|t| [&t.entities, &t.attribution])
            .map(|v| {
                v.iter()
                    .map(|e| (e.start, e.end, e.label.clone(), e.score.to_bits()))
                    .collect()
            })
            .collect()
    };
    t.workers = 1;
    let mut stats = NerStats::default();
    let one = key(&t.analyze_batch_with_stats(&texts, &mut stats).unwrap());
    assert!(stats.forward_calls > 3, "enough passes to share out");
    assert!(
        !one[0].is_empty() && !one[1].is_empty(),
        "seed entities and attribution"
    );
    for workers in [2, 3] {
        t.workers = workers;
        let many = key(&t
            .analyze_batch_with_stats(&texts, &mut NerStats::default())
            .unwrap());
        assert_eq!(one, many, "results changed with {workers} forward workers");
    }
}

fn check_seed_entities(text: &str, ents: &[RawEntity]) {
    let found = texts(text, ents);
    for w in ents.windows(2) {
        assert!(w[0].start <= w[1].start, "sorted by start");
    }
    let want = [
        ("Vladimir Putin", "PER"),
        ("NBC News", "ORG"),
        ("Moscow", "LOC"),
        ("Hillary Clinton", "PER"),
        ("Donald Trump", "PER"),
        ("Sergei Gorkov", "PER"),
    ];
    let missing: Vec<_> = want.iter().filter(|(s, l)| !has(&found, s, l)).collect();
    assert!(missing.is_empty(), "missing {missing:?}; found {found:?}");
    assert!(
        has(&found, "St Petersburg", "LOC") || has(&found, "St. Petersburg", "LOC"),
        "St Petersburg not LOC; found {found:?}"
    );
    for e in ents {
        assert!(e.score > 0.0 && e.score <= 1.0);
    }
}

/// The sample's headline is title case, not one long name: `Patriotic Russians May Have
/// Hacked` used to come out as one ORG. Only `Russians` (a nationality: MISC) is a name there.
/// A hyphenated modifier keeps only its name part (`Kremlin-connected` -> `Kremlin`), as in
/// the CoNLL / OntoNotes reading the training data follows (`scripts/prep_ner_data.py`).
#[test]
fn seed_headline_and_hyphenated_modifier() {
    let text = seed_text();
    let ents = &tagger().tag_batch(&[&text]).unwrap()[0];
    let headline_end = text.find('\n').unwrap();
    let head: Vec<(&str, &str)> = ents
        .iter()
        .filter(|e| e.end <= headline_end)
        .map(|e| (&text[e.start..e.end], e.label.as_str()))
        .collect();
    assert!(
        head.contains(&("Russians", "MISC")),
        "headline entities: {head:?}"
    );
    for (s, l) in &head {
        assert!(
            ["Putin", "Russians"].contains(s),
            "headline word taken as a name: {s:?} {l}; all: {head:?}"
        );
    }
    let k = text.find("Kremlin-connected").unwrap();
    let near: Vec<(&str, &str)> = ents
        .iter()
        .filter(|e| e.start < k + 17 && e.end > k)
        .map(|e| (&text[e.start..e.end], e.label.as_str()))
        .collect();
    // the name part only; `Kremlin` is LOC (the seat) or ORG (the government by metonymy) in
    // CoNLL-style data, and either reading is the guideline's
    assert!(
        near.len() == 1 && near[0].0 == "Kremlin" && ["LOC", "ORG"].contains(&near[0].1),
        "around Kremlin-connected: {near:?}"
    );
}

#[test]
fn non_ascii_offsets() {
    let text = "\u{201c}I love Z\u{fc}rich \u{1f600},\u{201d} said Angela Merkel in Berlin. Jose\u{301} Mari\u{301}a Aznar met Emmanuel Macron \u{1f44d}\u{1f3fd} in Paris.";
    let ents = &tagger().tag_batch(&[text]).unwrap()[0];
    for e in ents {
        assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        assert!(e.start < e.end && e.end <= text.len());
    }
    let found = texts(text, ents);
    assert!(has(&found, "Angela Merkel", "PER"), "{found:?}");
    assert!(has(&found, "Berlin", "LOC"), "{found:?}");
    assert!(has(&found, "Emmanuel Macron", "PER"), "{found:?}");
    assert!(has(&found, "Paris", "LOC"), "{found:?}");
    // the name with combining acute accents keeps its marks inside the span
    assert!(
        found
            .iter()
            .any(|(s, l)| s.starts_with("Jose\u{301}") && s.ends_with("Aznar") && l == "PER"),
        "{found:?}"
    );
}

#[test]
fn long_text_spans_many_windows() {
    let sent = "Angela Merkel met Emmanuel Macron in Berlin on Monday. ";
    let n = 200;
    let text = sent.repeat(n);
    let toks = tagger().tokenize(&text).unwrap();
    assert!(
        toks.len() > 1000,
        "longer than many windows: {}",
        toks.len()
    );
    let ents = &tagger().tag_batch(&[&text, sent]).unwrap();
    let found = texts(&text, &ents[0]);
    let count = |s: &str, l: &str| found.iter().filter(|(a, b)| *a == s && b == l).count();
    assert_eq!(count("Angela Merkel", "PER"), n, "{found:?}");
    assert_eq!(count("Emmanuel Macron", "PER"), n);
    assert_eq!(count("Berlin", "LOC"), n);
    // the same sentence tagged alone gives the same entities (window seams do not matter)
    let single: Vec<_> = texts(sent, &ents[1]);
    assert_eq!(single.len(), 3, "{single:?}");
    // batch results come back in input order, empty text gives nothing
    let r = tagger().tag_batch(&["", "Barack Obama", ""]).unwrap();
    assert_eq!(r.len(), 3);
    assert!(r[0].is_empty() && r[2].is_empty());
    assert_eq!(
        texts("Barack Obama", &r[1]),
        vec![("Barack Obama", "PER".to_string())]
    );
}

#[test]
fn huge_single_sentence_is_not_truncated() {
    // ~60k words, no punctuation or newline: processed in bounded segments and batches
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(if i % 1000 == 999 {
            "and Barack Obama "
        } else {
            "the cat "
        });
    }
    text.push_str("and Barack Obama");
    let ents = &tagger().tag_batch(&[&text]).unwrap()[0];
    let last = ents.last().expect("entities found");
    assert_eq!(last.end, text.len(), "the very end of the text is tagged");
    assert!(
        ents.iter()
            .filter(|e| &text[e.start..e.end] == "Barack Obama")
            .count()
            >= 18
    );
}

/// The attribution head (same forward pass as the entities) tags the seed's reported speech
/// `Putin claimed there was no concrete evidence ...`: source, cue and content.
#[test]
fn seed_attribution_tags() {
    let text = seed_text();
    let t = tagger();
    assert!(t.has_attribution(), "models/ner has no attribution head");
    let tags = t
        .analyze_batch_with_stats(&[&text], &mut Default::default())
        .unwrap()
        .remove(0)
        .attribution;
    let found = texts(&text, &tags);
    assert!(has(&found, "Putin", "SRC"), "{found:?}");
    assert!(has(&found, "claimed", "CUE"), "{found:?}");
    assert!(
        found
            .iter()
            .any(|(s, l)| l == "CON" && s.starts_with("there was no concrete evidence")),
        "{found:?}"
    );
    // the labels are the head's only
    assert!(found
        .iter()
        .all(|(_, l)| ["SRC", "CUE", "CON"].contains(&l.as_str())));
}

/// A club named after its city is an organisation in a match report (CoNLL: teams are ORG),
/// and the same names stay places in other news.
#[test]
fn club_or_city_by_context() {
    let report = "Gareth Holloway scored twice as Leeds beat Norwich 2-1 on Saturday. \
                  Norwich manager Dean Whitfield said his side had been unlucky.";
    let city = "The new rail line will cut the journey from Leeds to Norwich by an hour, the \
                transport ministry in London said.";
    let all = tagger().tag_batch(&[report, city]).unwrap();
    let m = texts(report, &all[0]);
    assert!(
        has(&m, "Leeds", "ORG") && has(&m, "Norwich", "ORG"),
        "{m:?}"
    );
    assert!(
        has(&m, "Gareth Holloway", "PER") && has(&m, "Dean Whitfield", "PER"),
        "{m:?}"
    );
    let c = texts(city, &all[1]);
    assert!(
        has(&c, "Leeds", "LOC") && has(&c, "Norwich", "LOC"),
        "{c:?}"
    );
}
