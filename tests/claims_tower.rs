//! The claims tower (models/claims/tower.safetensors, read by the head in head.json) with the
//! real models: it runs in every inference precision and they agree, and the head's scores
//! come from the tower's states, not the encoder's own.

use saywho::claims::head::{ClaimHead, Scorer};
use saywho::claims::ClaimModel;
use saywho::ner::model::Precision;
use saywho::ner::{default_model_dir, EntityTagger};

const TRANSCRIPT: &str =
    "MODERATOR: The deficit was 587 billion dollars last year. How would you cut it?\n\n\
SENATOR: We cut the deficit by half in four years, from 1.1 trillion to 587 billion dollars.\n\n\
MODERATOR: Thank you.\n\n\
SENATOR: I love this state and its people.";

/// Sentence scores of the transcript with `head` on a tagger of precision `p` (`tower`:
/// whether the head's tower is attached).
fn scores(head: &ClaimHead, p: Precision, tower: bool) -> Vec<f32> {
    let tagger = EntityTagger::load_with(&default_model_dir(), p).expect("load models/ner");
    let t = head.tower_path().filter(|_| tower);
    tagger
        .set_claims_tower(t.as_ref().map(|(f, s)| (f.as_path(), *s)))
        .expect("attach the tower");
    tagger
        .set_projection(Some((&head.proj_w, &head.proj_b)))
        .unwrap();
    let tagged = tagger
        .analyze_batch_with_stats(&[TRANSCRIPT], &mut Default::default())
        .unwrap()
        .remove(0);
    let vecs = tagged.vectors.expect("projected states");
    let linear = ClaimModel::shared_default().unwrap();
    // one sentence per paragraph here
    let mut spans = Vec::new();
    let mut a = 0;
    for para in TRANSCRIPT.split("\n\n") {
        spans.push((a, a + para.len()));
        a += para.len() + 2;
    }
    Scorer {
        linear: &linear,
        head: Some((head, &vecs)),
    }
    .score_sentences(TRANSCRIPT, &spans)
}

#[test]
fn tower_runs_in_every_precision_and_they_agree() {
    let head = ClaimHead::load(&ClaimHead::default_path()).expect("models/claims/head.json");
    let Some((file, split)) = head.tower_path() else {
        panic!("the shipped head reads no tower");
    };
    assert!(file.exists() && split >= 1);
    let fp32 = scores(&head, Precision::Fp32, true);
    eprintln!("fp32 {fp32:?}");
    // the senator's figures rank first, the pleasantries last
    assert!(
        fp32[1] > fp32[0] && fp32[1] > fp32[2] && fp32[1] > fp32[3],
        "{fp32:?}"
    );
    assert!(
        fp32[1] >= head.threshold && fp32[2] < head.threshold,
        "{fp32:?}"
    );
    for p in [Precision::Bf16, Precision::Int8] {
        if p == Precision::Int8 && saywho::ner::quant::int8_supported().is_err() {
            continue;
        }
        let s = scores(&head, p, true);
        eprintln!("{p:?} {s:?}");
        for (a, b) in fp32.iter().zip(&s) {
            assert!((a - b).abs() < 0.06, "{p:?} {s:?} against fp32 {fp32:?}");
        }
    }
    // without the tower the projection reads the encoder's last states: other numbers
    let bare = scores(&head, Precision::Fp32, false);
    assert!(
        fp32.iter().zip(&bare).any(|(a, b)| (a - b).abs() > 1e-3),
        "the tower changed nothing: {fp32:?} {bare:?}"
    );
}

#[test]
fn a_head_whose_tower_is_missing_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let raw = std::fs::read_to_string(ClaimHead::default_path()).unwrap();
    let path = dir.path().join("head.json");
    std::fs::write(&path, raw).unwrap();
    let err = ClaimHead::load(&path).unwrap_err().to_string();
    assert!(err.contains("tower") && err.contains("missing"), "{err}");
}
