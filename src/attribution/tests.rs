//! Unit tests of the attribution stage (names, canonical names, pronoun resolution).

use super::*;
use crate::document::Quote;

fn doc_with_speakers(text: &str, mentions: &[&str]) -> Document {
    doc_with_entities(text, &[], mentions)
}

/// Like [`doc_with_speakers`], with an entity layer: (`text`, `label`) of each entity,
/// found in order.
fn doc_with_entities(text: &str, entities: &[(&str, &str)], mentions: &[&str]) -> Document {
    let mut d = Document::new("t", text);
    crate::segment::segment(&mut d);
    let mut from = 0;
    for (e, label) in entities {
        let s = from + text[from..].find(e).unwrap();
        from = s + e.len();
        d.entities.push(crate::document::Entity {
            span: Span::new(s, s + e.len()),
            label: label.to_string(),
            score: 0.9,
        });
    }
    let mut from = 0;
    for m in mentions {
        // `m` may carry trailing context after a `|`: "Putin| said" marks the mention `Putin`
        let (m, ctx) = m.split_once('|').unwrap_or((m, ""));
        let s = from + text[from..].find(&format!("{m}{ctx}")).unwrap();
        from = s + m.len();
        d.quotes.push(Quote {
            kind: crate::document::QuoteKind::Direct,
            spans: vec![Span::new(0, 1)],
            cue: None,
            speaker: Some(Span::new(s, s + m.len())),
            speaker_name: None,
            speaker_entity: None,
            confidence: 0.5,
            from_tagger: false,
        });
    }
    resolve(&mut d);
    d
}

#[test]
fn surname_and_pronoun_resolve_to_full_name() {
    let d = doc_with_speakers(
        "Russian President Vladimir Putin spoke on Friday. Putin said no. Later he said yes.",
        &["Putin| said", "he"],
    );
    assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("Vladimir Putin"));
    assert_eq!(d.quotes[1].speaker_name.as_deref(), Some("Vladimir Putin"));
}

#[test]
fn a_surname_the_entity_stage_missed_joins_the_full_name() {
    let d = doc_with_entities(
        "Donald J. Trump spoke in Ohio on Friday. Mr. Trump said no. Later Trump said yes.",
        &[("Donald J. Trump", "PER"), ("Ohio", "LOC")],
        &["Mr. Trump| said", "Trump| said yes"],
    );
    assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("Donald J. Trump"));
    assert_eq!(d.quotes[1].speaker_name.as_deref(), Some("Donald J. Trump"));
    assert_eq!(d.quotes[0].confidence, 0.5);
}

#[test]
fn a_surname_never_joins_a_son_or_a_building() {
    let d = doc_with_entities(
        "Donald Trump Jr. joined Donald Trump at Trump National Doral. Trump said no.",
        &[
            ("Donald Trump Jr.", "PER"),
            ("Donald Trump", "PER"),
            ("Trump National Doral", "ORG"),
        ],
        &["Trump| said"],
    );
    assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("Donald Trump"));
    // with only the son in the article, `Trump` may still be the father: left as written
    let d = doc_with_entities(
        "Donald Trump Jr. spoke at Trump National Doral. Trump said no. Trump Jr. said yes.",
        &[("Donald Trump Jr.", "PER"), ("Trump National Doral", "ORG")],
        &["Trump| said no", "Trump Jr.| said"],
    );
    assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("Trump"));
    assert!(d.quotes[0].confidence < 0.5);
    assert_eq!(
        d.quotes[1].speaker_name.as_deref(),
        Some("Donald Trump Jr.")
    );
}

#[test]
fn an_ambiguous_surname_stays_as_written_with_less_confidence() {
    let d = doc_with_entities(
        "Bill Clinton met Hillary Clinton in Iowa. Clinton said no.",
        &[("Bill Clinton", "PER"), ("Hillary Clinton", "PER")],
        &["Clinton| said"],
    );
    assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("Clinton"));
    assert!(d.quotes[0].confidence < 0.5);
    // one of them already spoke in the article: that one
    let d = doc_with_entities(
        "Bill Clinton met Hillary Clinton. Hillary Clinton left. Bill Clinton said yes. Clinton said no.",
        &[
            ("Bill Clinton", "PER"),
            ("Hillary Clinton", "PER"),
            ("Hillary Clinton", "PER"),
            ("Bill Clinton", "PER"),
        ],
        &["Bill Clinton| said", "Clinton| said no"],
    );
    assert_eq!(d.quotes[1].speaker_name.as_deref(), Some("Bill Clinton"));
    assert_eq!(d.quotes[1].confidence, 0.5);
    // one of them clearly dominant: that one
    let d = doc_with_entities(
        "Hillary Clinton spoke. Bill Clinton listened. Hillary Clinton smiled. Clinton said no.",
        &[
            ("Hillary Clinton", "PER"),
            ("Bill Clinton", "PER"),
            ("Hillary Clinton", "PER"),
        ],
        &["Clinton| said"],
    );
    assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("Hillary Clinton"));
}

#[test]
fn pronouns_refer_only_to_persons() {
    // a survey is no `he`; a place is no name when the entity stage ran
    let d = doc_with_entities(
        "In Virginia, exit surveys of voters said the race was close. He said no.",
        &[("Virginia", "LOC")],
        &["exit surveys of voters| said", "He"],
    );
    assert_eq!(
        d.quotes[0].speaker_name.as_deref(),
        Some("exit surveys of voters")
    );
    assert_eq!(d.quotes[1].speaker_name, None);
    assert!(d.quotes[1].confidence < 0.5);
    // a capitalised plural at the start of a sentence is no name
    let d = doc_with_entities(
        "In Ohio the vote was close. Delegates said the vote was fair. He said no.",
        &[("Ohio", "LOC")],
        &["Delegates| said", "He"],
    );
    assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("Delegates"));
    assert_eq!(d.quotes[1].speaker_name, None);
    // nor a place the entity stage labelled, nor `I've`
    let d = doc_with_entities(
        "Mike Pence spoke. In 2017 America will change, 2017 America said. I've seen it, I've said. He said no.",
        &[("Mike Pence", "PER"), ("America", "LOC"), ("America", "LOC")],
        &["2017 America| said", "I've| said", "He"],
    );
    assert_eq!(d.quotes[2].speaker_name.as_deref(), Some("Mike Pence"));
    // a `she` skips a man named last for the woman before him
    let d = doc_with_entities(
        "Hillary Clinton spoke in Ohio. Later Donald Trump arrived. She said no.",
        &[
            ("Hillary Clinton", "PER"),
            ("Ohio", "LOC"),
            ("Donald Trump", "PER"),
        ],
        &["She"],
    );
    assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("Hillary Clinton"));
    // and a speaker of the other gender
    let d = doc_with_entities(
        "Ms. LaBelle sang. Stevie Wonder joked, Stevie Wonder said. Then she added words.",
        &[
            ("LaBelle", "PER"),
            ("Stevie Wonder", "PER"),
            ("Stevie Wonder", "PER"),
        ],
        &["Stevie Wonder| said", "she"],
    );
    assert_eq!(d.quotes[1].speaker_name.as_deref(), Some("LaBelle"));
    // a fragment of a phrase or of an organisation's name is no person
    let d = doc_with_entities(
        "Mike Pence spoke. Support came from the Tea Party, from the Tea said. He said no.",
        &[("Mike Pence", "PER"), ("Tea Party", "ORG")],
        &["from the Tea| said", "He"],
    );
    assert_eq!(d.quotes[1].speaker_name.as_deref(), Some("Mike Pence"));
    // a person description is a person
    let d = doc_with_speakers(
        "A bartender said the place was full. She said it was loud.",
        &["A bartender| said", "She"],
    );
    assert_eq!(d.quotes[1].speaker_name.as_deref(), Some("A bartender"));
    // an organisation is no `he`: the person named before it is
    let d = doc_with_entities(
        "Mike Pence met reporters. The Washington Post said no. He said yes.",
        &[("Mike Pence", "PER"), ("Washington Post", "ORG")],
        &["The Washington Post| said", "He"],
    );
    assert_eq!(d.quotes[1].speaker_name.as_deref(), Some("Mike Pence"));
}

#[test]
fn a_sentence_initial_pronoun_is_the_previous_subject() {
    // the last speaker is Palmieri, but the sentence before opens with Hillary Clinton
    let d = doc_with_entities(
        "Jennifer Palmieri said the campaign would respond. Hillary Clinton is describing \
         the tweet as unhinged. She says it is dangerous.",
        &[("Jennifer Palmieri", "PER"), ("Hillary Clinton", "PER")],
        &["Jennifer Palmieri| said", "She| says"],
    );
    assert_eq!(d.quotes[1].speaker_name.as_deref(), Some("Hillary Clinton"));
    // a possessive subject (`Gary Johnson's doctor`) is not the person the `He` names,
    // nor is a subject of the other gender
    let d = doc_with_entities(
        "Mike Pence said so. Hillary Clinton spoke. He said no.",
        &[("Mike Pence", "PER"), ("Hillary Clinton", "PER")],
        &["Mike Pence| said", "He| said"],
    );
    assert_eq!(d.quotes[1].speaker_name.as_deref(), Some("Mike Pence"));
    let t = "Bob Smith spoke. Gary Johnson's doctor wrote a letter. He said so.";
    let persons = names(&doc_with_entities(
        t,
        &[("Bob Smith", "PER"), ("Gary Johnson", "PER")],
        &[],
    ));
    let refs: Vec<&Name> = persons.iter().collect();
    assert!(previous_subject(t, t.find("He said").unwrap(), &refs).is_none());
    let at = t.find("Gary").unwrap();
    assert_eq!(
        previous_subject(t, at, &refs).map(|n| n.display.as_str()),
        Some("Bob Smith")
    );
}

#[test]
fn datelines_and_headlines_never_fuse_into_a_name() {
    let d = doc_with_speakers(
        "WASHINGTON - Senator Claire McCaskill said no.",
        &["WASHINGTON - Senator Claire McCaskill"],
    );
    assert_eq!(
        d.quotes[0].speaker_name.as_deref(),
        Some("Claire McCaskill")
    );
    let text =
        "Clinton Hid Past Health Problems From Public\nHillary Clinton spoke. Clinton said no.";
    let d = doc_with_entities(
        text,
        &[
            ("Clinton Hid Past Health Problems From Public", "ORG"),
            ("Hillary Clinton", "PER"),
        ],
        &["Clinton| said"],
    );
    assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("Hillary Clinton"));
    assert_eq!(
        headline(text).map(|h| h.text(text)),
        Some("Clinton Hid Past Health Problems From Public")
    );
    assert_eq!(headline("He said so.\nMore."), None);
}

#[test]
fn description_resolves_through_title() {
    let d = doc_with_speakers(
        "Russian President Vladimir Putin spoke. Trump was away. The Russian president said no.",
        &["The Russian president"],
    );
    assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("Vladimir Putin"));
}

#[test]
fn the_name_before_of_is_the_head() {
    let d = doc_with_speakers(
        "Nothing moved, Jane Roe of Springfield County said.",
        &["Jane Roe of Springfield County"],
    );
    assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("Jane Roe"));
}

#[test]
fn unnamed_description_is_kept_as_is() {
    let d = doc_with_speakers("Nothing happened, sources said.", &["sources"]);
    assert_eq!(d.quotes[0].speaker_name.as_deref(), Some("sources"));
}

#[test]
fn names_strip_titles_and_function_words() {
    let text = "But Sen. Elizabeth Warren met the White House staff.";
    let all = Span::new(0, text.len());
    let n = name_chunks(text, all, &tokenize(text, all));
    let d: Vec<&str> = n.iter().map(|n| n.display.as_str()).collect();
    assert_eq!(d, vec!["Elizabeth Warren", "White House"]);
    assert!(n[1].org);
}
