//! Unit tests of the tagger decoding: content groups, split quotes, cues, sources, reconciliation.

use super::*;
use crate::segment::segment;

/// Tag `text` by hand: each (substring, label) pair marks the first occurrence at or after
/// the previous one.
fn doc_with(text: &str, tags: &[(&str, &str)]) -> (Document, Vec<QuoteRegion>) {
    let mut d = Document::new("t", text);
    let regions = segment(&mut d);
    let mut from = 0;
    for (s, l) in tags {
        let at = from + text[from..].find(s).expect("tag text present");
        d.attribution_tags.push(Entity {
            span: Span::new(at, at + s.len()),
            label: l.to_string(),
            score: 0.9,
        });
        from = at;
    }
    (d, regions)
}

fn show(text: &str, q: &Quote) -> (Vec<String>, Option<String>, Option<String>, String) {
    (
        q.spans.iter().map(|s| s.text(text).to_string()).collect(),
        q.cue.map(|s| s.text(text).to_string()),
        q.speaker.map(|s| s.text(text).to_string()),
        q.kind.as_str().to_string(),
    )
}

#[test]
fn reported_speech_with_cue_and_source() {
    let text = "Putin claimed there was no concrete evidence of hacking. The sky is blue.";
    let (d, r) = doc_with(
        text,
        &[
            ("Putin", "SRC"),
            ("claimed", "CUE"),
            ("there was no concrete evidence of hacking", "CON"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(q.len(), 1);
    let (spans, cue, spk, kind) = show(text, &q[0]);
    assert_eq!(spans, vec!["there was no concrete evidence of hacking"]);
    assert_eq!(cue.as_deref(), Some("claimed"));
    assert_eq!(spk.as_deref(), Some("Putin"));
    assert_eq!(kind, "indirect");
}

#[test]
fn split_quote_joins_fragments() {
    let text = "\"We will win,\" she said, \"and soon.\"";
    let (d, r) = doc_with(
        text,
        &[
            ("We will win", "CON"),
            ("she", "SRC"),
            ("said", "CUE"),
            ("and soon", "CON"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(q.len(), 1);
    let (spans, cue, spk, kind) = show(text, &q[0]);
    assert_eq!(spans, vec!["We will win", "and soon"]);
    assert_eq!(cue.as_deref(), Some("said"));
    assert_eq!(spk.as_deref(), Some("she"));
    assert_eq!(kind, "direct");
}

#[test]
fn a_cue_running_into_the_next_content_starts_another_attribution() {
    let text = "Asked who was the closest ally, the vast majority named Britain. \
                The economy of Ohio, she said, is strong.";
    let (d, r) = doc_with(
        text,
        &[
            ("who was the closest ally", "CON"),
            ("the vast majority", "SRC"),
            ("named", "CUE"),
            ("Britain", "CON"),
            ("The economy of Ohio", "CON"),
            ("she", "SRC"),
            ("said", "CUE"),
            ("is strong", "CON"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    let spans: Vec<Vec<String>> = q.iter().map(|q| show(text, q).0).collect();
    // `named Britain`: the cue's own object, not the second half of a split quote
    assert!(spans.contains(&vec!["Britain".to_string()]), "{spans:?}");
    assert!(
        !spans.iter().any(|s| s.len() == 2 && s[1] == "Britain"),
        "{spans:?}"
    );
    // `The economy of Ohio, she said, is strong`: the source and cue set off by commas
    assert!(
        spans.contains(&vec![
            "The economy of Ohio".to_string(),
            "is strong".to_string()
        ]),
        "{spans:?}"
    );
    // a nominal cue with no source inside a content stays inside it
    let text = "Putin compared what he called the obsessive USA focus on alleged \
                interference to anti-Semitism.";
    let (d, r) = doc_with(
        text,
        &[
            ("Putin", "SRC"),
            ("compared", "CUE"),
            ("what he called the obsessive USA", "CON"),
            ("focus on", "CUE"),
            ("alleged interference", "CON"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(q.len(), 1);
    assert_eq!(
        show(text, &q[0]).0,
        vec!["what he called the obsessive USA", "alleged interference"]
    );
}

#[test]
fn untagged_words_keep_contents_apart_and_cues_do_not_cross_contents() {
    let text = "Smith said taxes will rise. Jones argued that cuts help growth, and voters agreed.";
    let (d, r) = doc_with(
        text,
        &[
            ("Smith", "SRC"),
            ("said", "CUE"),
            ("taxes will rise", "CON"),
            ("Jones", "SRC"),
            ("argued", "CUE"),
            ("cuts help growth", "CON"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(q.len(), 2);
    assert_eq!(show(text, &q[0]).2.as_deref(), Some("Smith"));
    assert_eq!(show(text, &q[1]).1.as_deref(), Some("argued"));
    assert_eq!(show(text, &q[1]).2.as_deref(), Some("Jones"));
}

#[test]
fn low_evidence_contents_are_dropped() {
    // no source and no cue: dropped
    let text = "Nobody knows. The plan is dead.";
    let (d, r) = doc_with(text, &[("The plan is dead", "CON")]);
    assert!(tagger_quotes(&d, &r).is_empty());
    // a source but no cue: kept at 0.7 x the content score
    let text = "Smith: the plan is dead.";
    let (d, r) = doc_with(text, &[("Smith", "SRC"), ("the plan is dead", "CON")]);
    let q = tagger_quotes(&d, &r);
    assert_eq!(q.len(), 1);
    assert!(q[0].cue.is_none());
    assert!((q[0].confidence - 0.63).abs() < 1e-4);
    // below the confidence threshold
    let mut weak = doc_with(text, &[("Smith", "SRC"), ("the plan is dead", "CON")]);
    weak.0
        .attribution_tags
        .iter_mut()
        .for_each(|t| t.score = 0.5);
    assert!(tagger_quotes(&weak.0, &weak.1).is_empty());
    // short is fine: the object of a stance (`endorsed Clinton`)
    let text = "Smith endorsed Clinton.";
    let (d, r) = doc_with(
        text,
        &[("Smith", "SRC"), ("endorsed", "CUE"), ("Clinton", "CON")],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(show(text, &q[0]).0, vec!["Clinton"]);
}

#[test]
fn a_content_with_a_cue_but_no_source_is_kept_without_a_speaker() {
    let text = "The remark was widely seen as a snub to the governor.";
    let (d, r) = doc_with(
        text,
        &[("The remark", "CON"), ("was widely seen as", "CUE")],
    );
    // `seen as` is passive: no source from its subject either way; the quote stays
    let q = tagger_quotes(&d, &r);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].speaker, None);
    // an active cue in the content's own sentence, no source tagged: kept, no speaker
    let text = "Many believe the plan will cut taxes for everyone.";
    let (d, r) = doc_with(
        text,
        &[
            ("believe", "CUE"),
            ("the plan will cut taxes for everyone", "CON"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].speaker, None);
    assert_eq!(show(text, &q[0]).1.as_deref(), Some("believe"));
}

#[test]
fn reconcile_keeps_rules_and_adds_new_text() {
    let mk = |s: usize, e: usize, spk: Option<Span>| Quote {
        kind: crate::document::QuoteKind::Indirect,
        spans: vec![Span::new(s, e)],
        cue: None,
        speaker: spk,
        speaker_name: None,
        speaker_entity: None,
        confidence: 0.5,
        from_tagger: false,
    };
    let rules = vec![mk(10, 20, None), mk(40, 50, Some(Span::new(30, 33)))];
    let tagger = vec![
        mk(12, 22, Some(Span::new(0, 5))),
        mk(60, 70, Some(Span::new(55, 58))),
    ];
    let out = reconcile(rules, tagger);
    assert_eq!(out.len(), 3);
    assert_eq!(out[0].spans[0], Span::new(10, 20)); // the rule quote stays as it is
    assert_eq!(out[0].speaker, None);
    assert_eq!(out[1].speaker, Some(Span::new(30, 33)));
    assert_eq!(out[2].spans[0], Span::new(60, 70));
}

#[test]
fn reported_speech_is_not_joined_across_sentences() {
    let text =
        "Crime fell by half, according to the FBI. The agency lists the population as 21,090.";
    let (d, r) = doc_with(
        text,
        &[
            ("Crime fell by half", "CON"),
            ("according to", "CUE"),
            ("the FBI", "SRC"),
            ("The agency", "SRC"),
            ("lists", "CUE"),
            ("the population as 21,090", "CON"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(show(text, &q[0]).2.as_deref(), Some("the FBI"));
    assert_eq!(show(text, &q[1]).0, vec!["the population as 21,090"]);
    assert_eq!(show(text, &q[1]).2.as_deref(), Some("The agency"));
    // quotation marks keep a split quote over a sentence end together
    let text = "\"We will win this race,\" she said. \"And we will win it soon.\"";
    let (d, r) = doc_with(
        text,
        &[
            ("We will win this race", "CON"),
            ("she", "SRC"),
            ("said", "CUE"),
            ("And we will win it soon", "CON"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].spans.len(), 2);
}

#[test]
fn a_source_in_the_next_sentence_is_not_the_contents() {
    let text = "The plan was to cut taxes for everyone. Later, Doe argued for it.";
    let (d, r) = doc_with(
        text,
        &[
            ("to cut taxes for everyone", "CON"),
            ("Doe", "SRC"),
            ("argued", "CUE"),
        ],
    );
    let q = decode(&d, &r, false);
    assert!(q.is_empty(), "no source of its own, so no quote: {q:?}");
    // the previous sentence may still hold the source (`Doe spoke. "..."`)
    let text = "Doe spoke on Monday. The plan will cut taxes for everyone.";
    let (d, r) = doc_with(
        text,
        &[
            ("Doe", "SRC"),
            ("The plan will cut taxes for everyone", "CON"),
        ],
    );
    let q = decode(&d, &r, false);
    assert_eq!(show(text, &q[0]).2.as_deref(), Some("Doe"));
}

#[test]
fn a_source_inside_a_prepositional_phrase_is_the_last_resort() {
    let text = "Cruz's lawyers relied on articles from noted scholars to defend the view that he is eligible.";
    let (d, r) = doc_with(
        text,
        &[
            ("Cruz's lawyers", "SRC"),
            ("scholars", "SRC"),
            ("to defend", "CUE"),
            ("the view that he is eligible", "CON"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(show(text, &q[0]).2.as_deref(), Some("Cruz's lawyers"));
    // ... but still a source when there is no other
    let text = "He relied on articles from noted scholars to defend the view that he is eligible.";
    let (d, r) = doc_with(
        text,
        &[
            ("scholars", "SRC"),
            ("to defend", "CUE"),
            ("the view that he is eligible", "CON"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(show(text, &q[0]).2.as_deref(), Some("scholars"));
}

#[test]
fn a_piece_of_a_word_is_no_source() {
    let text = "Joyce doesn’t practice law and told reporters he will not appeal.";
    let (d, r) = doc_with(
        text,
        &[
            ("Joyce", "SRC"),
            ("t practice", "SRC"),
            ("told", "CUE"),
            ("he will not appeal", "CON"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(show(text, &q[0]).2.as_deref(), Some("Joyce"));
}

#[test]
fn fronted_questions_keep_no_speaker() {
    let text = "Asked whether it was hard, Doe said it was. Roe wrote a memo about it.";
    let mk = |s: &str, cue: Option<&str>, spk: Option<&str>| {
        let at = |w: &str| {
            let a = text.find(w).expect("in text");
            Span::new(a, a + w.len())
        };
        Quote {
            kind: crate::document::QuoteKind::Indirect,
            spans: vec![at(s)],
            cue: cue.map(at),
            speaker: spk.map(at),
            speaker_name: None,
            speaker_entity: None,
            confidence: 0.5,
            from_tagger: false,
        }
    };
    let mut rules = vec![
        mk("whether it was hard", Some("Asked"), None),
        mk("a memo about it", None, None),
    ];
    let tagger = vec![
        mk("whether it was hard", Some("Asked"), Some("Doe")),
        mk("a memo about it", Some("wrote"), Some("Roe")),
    ];
    fill_sources(text, &mut rules, &tagger);
    assert_eq!(rules[0].speaker, None, "nobody named asked");
    assert_eq!(rules[1].speaker.map(|s| s.text(text)), Some("Roe"));
}

#[test]
fn source_loses_trailing_function_words() {
    let text = "Russian President Vladimir Putin on Friday said";
    let t = |s: usize, e: usize| trim_source(text, Span::new(s, e)).text(text).to_string();
    assert_eq!(t(0, 35), "Russian President Vladimir Putin");
    assert_eq!(t(0, 32), "Russian President Vladimir Putin");
    assert_eq!(t(18, 31), "Vladimir Puti"); // never longer than the tag
    let text = "he, who";
    assert_eq!(trim_source(text, Span::new(0, 7)).text(text), "he");
    let text = "on";
    assert_eq!(trim_source(text, Span::new(0, 2)).text(text), "on"); // one word stays
}

#[test]
fn source_loses_leading_conjunctions_and_lone_function_words_are_no_source() {
    let text = "and Bush made the case";
    assert_eq!(trim_source(text, Span::new(0, 8)).text(text), "Bush");
    assert!(!plausible_source("in"));
    assert!(!plausible_source("-"));
    assert!(plausible_source("Reid"));
    // a content whose only source tag is `in` takes the real one
    let text = "In the interview, Reid reiterated those feelings about the race.";
    let (d, r) = doc_with(
        text,
        &[
            ("In", "SRC"),
            ("Reid", "SRC"),
            ("reiterated", "CUE"),
            ("those feelings about the race", "CON"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(show(text, &q[0]).2.as_deref(), Some("Reid"));
}

#[test]
fn passive_cue_takes_no_source_from_its_subject() {
    assert!(passive_cue("is expected"));
    assert!(passive_cue("was once thought"));
    assert!(!passive_cue("said"));
    let text = "The group is expected to report a record haul next week.";
    let (d, r) = doc_with(
        text,
        &[
            ("group", "SRC"),
            ("is expected", "CUE"),
            ("to report a record haul next week", "CON"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(q.len(), 1);
    assert_eq!(show(text, &q[0]).2, None);
    // an agent after the cue is the source
    let text = "She is seen by party leaders as uniquely credible on the issue.";
    let (d, r) = doc_with(
        text,
        &[
            ("She", "SRC"),
            ("is seen", "CUE"),
            ("party leaders", "SRC"),
            ("as uniquely credible on the issue", "CON"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(show(text, &q[0]).2.as_deref(), Some("party leaders"));
    // a source after a passive cue without `by` belongs to another clause
    let text = "That was originally expected to take at least a couple of years. But some countries are rushing.";
    let (d, r) = doc_with(
        text,
        &[
            ("was originally expected", "CUE"),
            ("to take at least a couple of years", "CON"),
            ("some countries", "SRC"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(q.len(), 1);
    assert_eq!(show(text, &q[0]).2, None);
}

#[test]
fn stray_first_fragment_is_dropped() {
    let text = "Levin, a superdelegate supporting Clinton, said he has spoken with many delegates.";
    let (d, r) = doc_with(
        text,
        &[
            ("Levin", "SRC"),
            ("Clinton,", "CON"),
            ("said", "CUE"),
            ("he has spoken with many delegates", "CON"),
        ],
    );
    let q = tagger_quotes(&d, &r);
    assert_eq!(q.len(), 1);
    assert_eq!(
        show(text, &q[0]).0,
        vec!["he has spoken with many delegates"]
    );
}

#[test]
fn rule_quote_without_speaker_takes_the_tagger_source() {
    let text =
        "As Dell said last week in Tel Aviv, \"Israel is the center of the digital future.\"";
    let (mut d, r) = doc_with(
        text,
        &[
            ("Dell", "SRC"),
            ("said", "CUE"),
            ("Israel is the center of the digital future", "CON"),
        ],
    );
    let at = text.find("Israel").unwrap();
    d.quotes = vec![Quote {
        kind: crate::document::QuoteKind::Direct,
        spans: vec![Span::new(at, text.len() - 2)],
        cue: None,
        speaker: None,
        speaker_name: None,
        speaker_entity: None,
        confidence: 0.5,
        from_tagger: false,
    }];
    apply(&mut d, &r, Mode::Combined);
    assert_eq!(d.quotes.len(), 1);
    let (_, cue, spk, _) = show(text, &d.quotes[0]);
    assert_eq!(
        (cue.as_deref(), spk.as_deref()),
        (Some("said"), Some("Dell"))
    );
}

#[test]
fn touching_contents_are_one_within_a_sentence() {
    let text = "Smith said the plan failed, costing millions. It was over.";
    let (d, r) = doc_with(
        text,
        &[
            ("Smith", "SRC"),
            ("said", "CUE"),
            ("the plan failed", "CON"),
            ("costing millions", "CON"),
            ("It was over", "CON"),
        ],
    );
    let q = decode(&d, &r, false);
    assert_eq!(
        show(text, &q[0]).0,
        vec!["the plan failed, costing millions"]
    );
    // a sentence end keeps contents apart (`It was over` has no source of its own)
    assert_eq!(q.len(), 1);
}

#[test]
fn source_in_the_cue_sentence_wins_over_a_closer_one_next_door() {
    let text =
        "Trump has been the most aggressive in denouncing the media. Many of his aides agree.";
    let (d, r) = doc_with(
        text,
        &[
            ("Trump", "SRC"),
            ("denouncing", "CUE"),
            ("the media", "CON"),
            ("Many of his aides", "SRC"),
        ],
    );
    let q = decode(&d, &r, false);
    assert_eq!(show(text, &q[0]).2.as_deref(), Some("Trump"));
}

#[test]
fn modes_parse() {
    assert_eq!("combined".parse::<Mode>(), Ok(Mode::Combined));
    assert!("x".parse::<Mode>().is_err());
}
