//! Claims end to end, with the REAL committed model (`models/claims/weights.json`).

use saywho::document::Stance;
use saywho::{ClaimModel, Document, Pipeline};
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str], stdin: &[u8], models: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_saywho"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match models {
        Some(m) => cmd.env("SAYWHO_MODELS", m),
        None => cmd.env_remove("SAYWHO_MODELS"),
    };
    let mut child = cmd.spawn().unwrap();
    // the binary may exit before reading its input (bad arguments): ignore a broken pipe
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn records(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn seed_input() -> (String, Vec<u8>) {
    let text =
        std::fs::read_to_string(root().join("data/samples/000_a4f25349d3a76f5a.txt")).unwrap();
    let mut input = serde_json::to_string(&serde_json::json!({"id": "seed", "text": text}))
        .unwrap()
        .into_bytes();
    input.push(b'\n');
    input.extend_from_slice(
        b"{\"id\": \"debate\", \"text\": \"Good evening, and welcome to the debate.\"}\n",
    );
    (text, input)
}

fn find_claim<'a>(rec: &'a Value, needle: &str) -> &'a Value {
    rec["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains(needle))
        .unwrap_or_else(|| panic!("no claim containing {needle:?} in {:#}", rec["claims"]))
}

#[test]
fn seed_claims_with_the_real_model() {
    let (text, input) = seed_input();
    let out = run(&["extract", "-q", "-"], &input, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    let seed = &recs[0];
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: &Value, e: &Value| -> String {
        chars[s.as_u64().unwrap() as usize..e.as_u64().unwrap() as usize]
            .iter()
            .collect()
    };

    // every sentence is scored
    for s in seed["sentences"].as_array().unwrap() {
        let cw = s["checkworthiness"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&cw));
    }

    let lowest = find_claim(
        seed,
        "relations between Moscow and Washington are now at their lowest point since Cold War times",
    );
    assert_eq!(lowest["claimant"]["name"], "Vladimir Putin");
    assert_eq!(lowest["claimant"]["mention"]["text"], "Putin");
    assert_eq!(lowest["voice"], "quote");
    assert_eq!(lowest["stance"], "asserts");
    assert!(lowest["checkworthiness"].as_f64().unwrap() >= 0.5);
    assert_eq!(
        lowest["features"]["comparatives"],
        serde_json::json!(["lowest"])
    );
    let qi = lowest["quote"].as_u64().unwrap() as usize;
    assert_eq!(seed["quotes"][qi]["speaker_name"], "Vladimir Putin");

    let denial = find_claim(seed, "denied interfering in the USA election");
    assert_eq!(denial["stance"], "denies");
    assert_eq!(denial["claimant"]["name"], "Vladimir Putin");

    // offsets are code points and every span's text matches
    for c in seed["claims"].as_array().unwrap() {
        assert_eq!(slice(&c["start"], &c["end"]), c["text"].as_str().unwrap());
        let m = &c["claimant"]["mention"];
        if m.is_object() {
            assert_eq!(slice(&m["start"], &m["end"]), m["text"].as_str().unwrap());
        }
        assert!(c["checkworthiness"].as_f64().unwrap() >= 0.5);
        assert!(["asserts", "denies", "questions"].contains(&c["stance"].as_str().unwrap()));
        match c["voice"].as_str().unwrap() {
            "narrative" => assert!(c["claimant"].is_null() && c["quote"].is_null()),
            "quote" => assert!(c["quote"].is_u64()),
            v => panic!("voice {v}"),
        }
    }
    // the dateline is not a claim
    assert!(seed["claims"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["text"] != "June 4, 2017"));

    // filler is scored low and makes no claim
    let debate = &recs[1];
    assert_eq!(debate["claims"], serde_json::json!([]));
    assert!(debate["sentences"][0]["checkworthiness"].as_f64().unwrap() < 0.3);
}

#[test]
fn threshold_and_no_claims_flags() {
    let (_, input) = seed_input();
    let n = |args: &[&str]| -> usize {
        let out = run(args, &input, None);
        assert!(out.status.success());
        records(&out)[0]["claims"].as_array().unwrap().len()
    };
    let default = n(&["extract", "-q", "-"]);
    let strict = n(&["extract", "-q", "--claims-threshold", "0.8", "-"]);
    let loose = n(&["extract", "-q", "--claims-threshold", "0.1", "-"]);
    assert!(
        strict < default && default < loose,
        "{strict} {default} {loose}"
    );

    let out = run(&["extract", "-q", "--no-claims", "-"], &input, None);
    let rec = &records(&out)[0];
    assert_eq!(rec["claims"], serde_json::json!([]));
    assert!(rec["sentences"][0]["checkworthiness"].is_null());

    let bad = run(
        &["extract", "-q", "--claims-threshold", "2", "-"],
        &input,
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn models_dir_override() {
    let (_, input) = seed_input();
    let empty = tempfile::tempdir().unwrap();
    let out = run(
        &["extract", "--no-entities", "-q", "-"],
        &input,
        empty.path().to_str(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("claims model"));
    // a copy of the real model under SAYWHO_MODELS/claims works
    std::fs::create_dir(empty.path().join("claims")).unwrap();
    std::fs::copy(
        root().join("models/claims/weights.json"),
        empty.path().join("claims/weights.json"),
    )
    .unwrap();
    let out = run(
        &["extract", "--no-entities", "-q", "-"],
        &input,
        empty.path().to_str(),
    );
    assert!(out.status.success());
    assert!(!records(&out)[0]["claims"].as_array().unwrap().is_empty());
}

#[test]
fn library_stage_with_non_ascii_text() {
    let model = Arc::new(ClaimModel::load(&root().join("models/claims")).unwrap());
    let p = Pipeline::new().claims(model, 0.5);
    let text = "Zoë Müller, the minister, said unemployment fell to 4.3% in 2016, the lowest rate since 2001. Thank you.";
    let d: Document = p.annotate(Document::new("x", text));
    assert_eq!(d.claims.len(), 1, "{:?}", d.claims);
    let c = &d.claims[0];
    assert_eq!(c.stance, Stance::Asserts);
    assert_eq!(c.numbers, ["4.3%"]);
    assert_eq!(c.dates, ["2016", "2001"]);
    let rec = saywho::io::record_json(&d, None);
    let chars: Vec<char> = text.chars().collect();
    let cj = &rec["claims"][0];
    let (s, e) = (
        cj["start"].as_u64().unwrap() as usize,
        cj["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        chars[s..e].iter().collect::<String>(),
        cj["text"].as_str().unwrap()
    );
}

/// The transformer claims head (`--claims-head`) reads a transcript with context: the senator's answer with the
/// figures ranks first, the moderator's question and the pleasantries make no claim, and the
/// same answer sentence scores differently inside the transcript (after the question that
/// already gave the figure) than alone -- the head sees the sentences before it.
#[test]
fn transcript_context_with_the_claims_head() {
    let lines = [
        "MODERATOR: Senator, the unemployment rate in Ohio is 5.1 percent. What would you do about it?",
        "SENATOR: Unemployment in Ohio has fallen from 10.3 percent in 2010 to 5.1 percent today, and we created 400,000 jobs.",
        "MODERATOR: Thank you, Senator.",
        "SENATOR: Thank you. It is good to be here.",
    ];
    let answer = "Unemployment in Ohio has fallen from 10.3 percent in 2010 to 5.1 percent today, and we created 400,000 jobs.";
    let mut input =
        serde_json::to_vec(&serde_json::json!({"id": "t", "text": lines.join("\n\n")})).unwrap();
    input.push(b'\n');
    input.extend(serde_json::to_vec(&serde_json::json!({"id": "alone", "text": answer})).unwrap());
    input.push(b'\n');
    let dir = tempfile::tempdir().unwrap();
    let stats = dir.path().join("stats.json");
    let out = run(
        &[
            "extract",
            "-q",
            "--claims-head",
            "--stats",
            stats.to_str().unwrap(),
            "-",
        ],
        &input,
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let st: Value = serde_json::from_str(&std::fs::read_to_string(&stats).unwrap()).unwrap();
    assert_eq!(st["claims_model"], "transformer");
    let recs = records(&out);
    let text: Vec<char> = lines.join("\n\n").chars().collect();
    let sents: Vec<(String, f64)> = recs[0]["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            (
                text[a..b].iter().collect(),
                s["checkworthiness"].as_f64().unwrap(),
            )
        })
        .collect();
    let score = |needle: &str| {
        sents
            .iter()
            .find(|(t, _)| t.contains(needle))
            .unwrap_or_else(|| panic!("no sentence with {needle:?}: {sents:?}"))
            .1
    };
    let top = sents.iter().map(|s| s.1).fold(0.0, f64::max);
    assert_eq!(score("has fallen from 10.3 percent"), top, "{sents:?}");
    assert!(score("What would you do") < score("has fallen from 10.3 percent"));
    let claims: Vec<&str> = recs[0]["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert!(
        claims
            .iter()
            .any(|c| c.contains("has fallen from 10.3 percent")),
        "{claims:?}"
    );
    for filler in ["What would you do", "Thank you", "good to be here"] {
        assert!(
            !claims.iter().any(|c| c.contains(filler)),
            "{filler:?} in {claims:?}"
        );
    }
    let alone = recs[1]["sentences"][0]["checkworthiness"].as_f64().unwrap();
    assert!(
        (alone - score("has fallen from 10.3 percent")).abs() > 1e-4,
        "context changed nothing: {alone}"
    );
    // by default the linear model scores, and --stats says so; the head needs the transformer
    let out = run(
        &["extract", "-q", "--stats", stats.to_str().unwrap(), "-"],
        &input,
        None,
    );
    assert!(out.status.success());
    let st: Value = serde_json::from_str(&std::fs::read_to_string(&stats).unwrap()).unwrap();
    assert_eq!(st["claims_model"], "linear");
    let bad = run(
        &["extract", "-q", "--claims-head", "--no-entities", "-"],
        &input,
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
}

/// What a claim says does not change when a news report quotes it: a sentence that is one
/// direct quote and its attribution is scored on the quoted words (the real model, the whole
/// pipeline, quotes found by the rules), so `"...," Smith said.` scores as the bare sentence
/// and the claim is the quote's, with Smith as claimant.
#[test]
fn a_quoted_claim_scores_as_the_bare_sentence() {
    let said = "We cut taxes for 95 percent of working families in 2009";
    let input = format!(
        "{}\n{}\n{}\n",
        serde_json::json!({"id": "bare", "text": format!("{said}.")}),
        serde_json::json!({"id": "quoted",
            "text": format!("\u{201c}{said},\u{201d} Smith said on Tuesday.")}),
        serde_json::json!({"id": "before",
            "text": format!("Smith said: \u{201c}{said}.\u{201d}")}),
    );
    let out = run(&["extract", "-q", "-"], input.as_bytes(), None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out);
    let score = |r: &Value| r["sentences"][0]["checkworthiness"].as_f64().unwrap();
    let bare = score(&recs[0]);
    assert!(bare >= 0.5, "a statistic is check-worthy: {bare}");
    for r in &recs[1..] {
        assert_eq!(r["sentences"].as_array().unwrap().len(), 1, "{r:#}");
        assert!(
            (score(r) - bare).abs() < 0.02,
            "{}: {} vs {bare}",
            r["id"],
            score(r)
        );
        let c = find_claim(r, "cut taxes");
        assert_eq!(c["voice"], "quote");
        assert_eq!(c["claimant"]["name"], "Smith");
    }
}

/// The same with the transformer head (`--claims-head`): its tower was trained with a share of
/// its sentences framed as news quotes them, so a quoted statistic keeps its score and quoted
/// filler stays filler. (Before, `Smith said: "<statistic>"` scored 0.66 against 1.00 bare,
/// and a quoted `Thank you all for coming tonight` 0.15 against 0.003.)
#[test]
fn the_claims_head_reads_what_was_said() {
    let said = "We cut taxes for 95 percent of working families in 2009";
    let filler = "Thank you all for coming tonight";
    let input = [
        format!("{said}."),
        format!("\u{201c}{said},\u{201d} Smith said on Tuesday."),
        format!("Smith said: \u{201c}{said}.\u{201d}"),
        format!("{filler}."),
        format!("\u{201c}{filler},\u{201d} Smith said."),
    ]
    .iter()
    .enumerate()
    .map(|(i, t)| serde_json::json!({"id": i.to_string(), "text": t}).to_string() + "\n")
    .collect::<String>();
    let out = run(
        &["extract", "-q", "--claims-head", "-"],
        input.as_bytes(),
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scores: Vec<f64> = records(&out)
        .iter()
        .map(|r| r["sentences"][0]["checkworthiness"].as_f64().unwrap())
        .collect();
    assert!(scores[0] > 0.9, "{scores:?}");
    assert!(scores[1] > 0.9 && scores[2] > 0.9, "{scores:?}");
    assert!(scores[3] < 0.1 && scores[4] < 0.1, "{scores:?}");
}
