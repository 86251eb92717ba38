//! End-to-end tests of the real `saywho` binary.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn saywho() -> Command {
    Command::new(env!("CARGO_BIN_EXE_saywho"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn records(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    pipe(saywho().args(args), input)
}

/// Run `cmd` with `input` on its stdin; its stdout and stderr captured.
fn pipe(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// `text[start:end]` in code points must equal the span's text, for every span of a record.
fn check_offsets(rec: &Value, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: u64, e: u64| -> String { chars[s as usize..e as usize].iter().collect() };
    for key in ["entities", "quotes"] {
        for x in rec[key].as_array().unwrap() {
            let (s, e) = (x["start"].as_u64().unwrap(), x["end"].as_u64().unwrap());
            assert_eq!(slice(s, e), x["text"].as_str().unwrap());
            for sub in ["cue", "speaker"] {
                if x.get(sub).is_some_and(|v| !v.is_null()) {
                    let v = &x[sub];
                    assert_eq!(
                        slice(v["start"].as_u64().unwrap(), v["end"].as_u64().unwrap()),
                        v["text"].as_str().unwrap()
                    );
                }
            }
        }
    }
    for s in rec["sentences"].as_array().unwrap() {
        assert!(s["end"].as_u64().unwrap() <= chars.len() as u64);
    }
}

fn sample() -> (PathBuf, String) {
    let p = root().join("data/samples/000_a4f25349d3a76f5a.txt");
    let t = std::fs::read_to_string(&p).unwrap();
    (p, t)
}

fn find_quote<'a>(rec: &'a Value, needle: &str) -> &'a Value {
    rec["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["text"].as_str().unwrap().contains(needle))
        .unwrap_or_else(|| panic!("no quote containing {needle:?}"))
}

#[test]
fn seed_sample_attributions() {
    let (p, text) = sample();
    let out = saywho().args(["extract", "-q"]).arg(&p).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    let rec = &recs[0];
    assert_eq!(rec["id"], "000_a4f25349d3a76f5a");
    assert!(rec["error"].is_null());
    check_offsets(rec, &text);

    let q = find_quote(rec, "They can be in Russian Federation");
    assert_eq!(q["kind"], "direct");
    assert_eq!(q["speaker"]["text"], "he");
    assert_eq!(q["cue"]["text"], "said");
    assert_eq!(q["speaker_name"], "Vladimir Putin");

    let q = find_quote(rec, "But we know where such an attitude leads to");
    assert_eq!(q["speaker"]["text"], "Putin");
    assert_eq!(q["speaker_name"], "Vladimir Putin");

    // the bare quote has no speaker, so its calibrated confidence is low and the default
    // --min-confidence 0.35 leaves it out; with 0 it is there, without an invented speaker
    assert!(!rec["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q["text"].as_str().unwrap().contains("Can you imagine")));
    let all = saywho()
        .args(["extract", "-q", "--min-confidence", "0"])
        .arg(&p)
        .output()
        .unwrap();
    let all = records(&all);
    let q = find_quote(&all[0], "Can you imagine something like that in the midst");
    assert!(
        q["speaker"].is_null(),
        "the bare quote must not get an invented speaker: {q}"
    );
    assert!(q["speaker_name"].is_null());
    assert!(q["confidence"].as_f64().unwrap() < 0.35, "{q}");

    let q = find_quote(rec, "there was no concrete evidence");
    assert_eq!(q["kind"], "indirect");
    assert_eq!(q["cue"]["text"], "claimed");
    assert_eq!(q["speaker"]["text"], "Putin");

    let q = find_quote(rec, "relations between Moscow and Washington");
    assert_eq!(q["speaker_name"], "Vladimir Putin");
}

/// The learned tagger alone (`--attribution tagger`) on the seed: the reported speech with its
/// source, the split direct quote, and no invented speaker for the bare quote.
#[test]
fn seed_sample_tagger_only() {
    let (p, text) = sample();
    let out = saywho()
        .args(["extract", "-q", "--attribution", "tagger"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(out.status.success());
    let recs = records(&out);
    let rec = &recs[0];
    check_offsets(rec, &text);
    let q = find_quote(rec, "there was no concrete evidence");
    assert_eq!(q["kind"], "indirect");
    assert_eq!(q["speaker"]["text"], "Putin");
    assert_eq!(q["speaker_name"], "Vladimir Putin");
    let q = find_quote(rec, "They can be in Russian Federation");
    assert_eq!(q["kind"], "direct");
    assert_eq!(q["speaker_name"], "Vladimir Putin");
    for q in rec["quotes"].as_array().unwrap() {
        if q["text"].as_str().unwrap().contains("Can you imagine") {
            assert!(q["speaker"].is_null(), "invented speaker: {q}");
        }
    }
}

/// A stance whose content is a single name (`endorsed Clinton`) is an attribution in PolNeAR;
/// the rules have no frame for it and the tagger's quote is kept however short.
#[test]
fn short_stance_from_the_tagger() {
    let text = "Sanders endorsed Clinton.";
    let out = run_stdin(
        &["extract", "-q", "-"],
        format!("{{\"id\":\"s\",\"text\":\"{text}\"}}\n").as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out);
    check_offsets(&recs[0], text);
    let q = find_quote(&recs[0], "Clinton");
    assert_eq!(q["text"], "Clinton");
    assert_eq!(q["speaker"]["text"], "Sanders");
    assert_eq!(q["cue"]["text"], "endorsed");
    assert!(q["confidence"].as_f64().unwrap() >= 0.35);
}

/// Asking for the tagger without the transformer stage is refused up front (exit 2), not
/// silently answered by the rules.
#[test]
fn tagger_without_entity_stage_is_refused() {
    let (p, _) = sample();
    let out = saywho()
        .args(["extract", "-q", "--no-entities", "--attribution", "tagger"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--attribution tagger") && err.contains("--no-entities"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn jsonl_bad_records_each_yield_one_named_error_record() {
    let input =
        b"{\"id\":\"good\",\"text\":\"\\u201cWe won,\\u201d she said.\",\"source\":\"x\"}\n\
{not json\n\
{\"id\":\"notext\"}\n\
\n\
{\"id\":\"empty\",\"text\":\"   \"}\n\
\xff\xfe{\"id\":\"bin\"}\n\
{\"id\":\"last\",\"text\":\"Plain.\"}\n";
    let out = run_stdin(&["extract", "-", "-q"], input);
    assert_eq!(out.status.code(), Some(1), "some records failed -> exit 1");
    let recs = records(&out);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        vec!["good", "<stdin>:2", "notext", "empty", "<stdin>:6", "last"]
    );
    assert!(recs[0]["error"].is_null());
    assert_eq!(recs[0]["meta"]["source"], "x");
    assert_eq!(recs[0]["quotes"][0]["speaker"]["text"], "she");
    assert!(recs[1]["error"]
        .as_str()
        .unwrap()
        .contains("<stdin>:2: malformed JSON"));
    assert!(recs[2]["error"]
        .as_str()
        .unwrap()
        .contains("missing \"text\""));
    assert!(recs[3]["error"].as_str().unwrap().contains("empty text"));
    assert!(recs[4]["error"].as_str().unwrap().contains("invalid UTF-8"));
    assert!(recs[5]["error"].is_null());
    for r in &recs[1..5] {
        assert_eq!(r["quotes"], serde_json::json!([]));
    }
}

#[test]
fn huge_article_is_refused_by_name_and_the_run_goes_on() {
    let big = "word ".repeat(2_200_000); // 11 MB
    let input = format!("{{\"id\":\"huge\",\"text\":\"{big}\"}}\n{{\"id\":\"after\",\"text\":\"He said it was fine.\"}}\n");
    let out = run_stdin(&["extract", "-", "-q"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    assert!(recs[0]["error"].as_str().unwrap().contains("max-bytes"));
    assert!(recs[1]["error"].is_null());
}

#[test]
fn directory_and_txt_inputs_in_sorted_order_to_an_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let inp = dir.path().join("in");
    std::fs::create_dir_all(inp.join("sub")).unwrap();
    std::fs::write(
        inp.join("b.txt"),
        "“Yes,” said Ann Lee. 😀 “No,” she added.",
    )
    .unwrap();
    std::fs::write(inp.join("a.txt"), "Bob said the vote was rigged.").unwrap();
    std::fs::write(
        inp.join("sub/c.jsonl"),
        "{\"id\":\"c\",\"text\":\"Fine.\"}\n",
    )
    .unwrap();
    std::fs::write(inp.join("ignored.md"), "not an input").unwrap();
    let outp = dir.path().join("out.jsonl");
    let out = saywho()
        .args(["extract", "-q"])
        .arg(&inp)
        .arg("-o")
        .arg(&outp)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert!(!Path::new(&format!("{}.partial", outp.display())).exists());
    let recs: Vec<Value> = std::fs::read_to_string(&outp)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["a", "b", "c"]);
    assert_eq!(recs[0]["quotes"][0]["kind"], "indirect");
    check_offsets(
        &recs[1],
        &std::fs::read_to_string(inp.join("b.txt")).unwrap(),
    );
    assert_eq!(recs[1]["quotes"][0]["speaker_name"], "Ann Lee");
}

#[test]
fn same_output_for_one_and_two_threads() {
    let (p, _) = sample();
    let mut outs = Vec::new();
    for t in ["1", "2"] {
        let out = saywho()
            .args(["extract", "-q", "--threads", t, "--batch", "1"])
            .arg(&p)
            .arg(&p)
            .output()
            .unwrap();
        assert!(out.status.success());
        outs.push(out.stdout);
    }
    assert_eq!(outs[0], outs[1]);
}

#[test]
fn missing_input_exits_2_with_a_message() {
    let out = saywho()
        .args(["extract", "/no/such/input.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("input not found: /no/such/input.jsonl"));
}

#[test]
fn help_documents_exit_statuses() {
    let out = saywho().args(["extract", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("EXIT STATUS"));
    assert!(help.contains("some records failed"));
}

/// `confidence` is a calibrated probability: `--min-confidence P` keeps exactly the quotes at
/// or above P (a subset of a `--min-confidence 0` run, same order), every quote's confidence is
/// in 0..1, and a value outside 0..1 is refused with a clear message.
#[test]
fn min_confidence_filters_quotes_by_calibrated_confidence() {
    let (p, _) = sample();
    let run = |v: &str| {
        let out = saywho()
            .args(["extract", "-q", "--min-confidence", v])
            .arg(&p)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        records(&out)[0]["quotes"].as_array().unwrap().clone()
    };
    let all = run("0");
    let high = run("0.8");
    assert!(all
        .iter()
        .all(|q| (0.0..=1.0).contains(&q["confidence"].as_f64().unwrap())));
    let want: Vec<&Value> = all
        .iter()
        .filter(|q| q["confidence"].as_f64().unwrap() >= 0.8)
        .collect();
    assert!(!want.is_empty() && want.len() < all.len(), "{all:?}");
    assert_eq!(high.iter().collect::<Vec<_>>(), want);
    let bad = saywho()
        .args(["extract", "-q", "--min-confidence", "1.5"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a probability between 0 and 1"));
}

#[test]
fn dash_output_is_stdout() {
    let dir = std::env::temp_dir().join(format!("saywho-dash-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = pipe(
        saywho()
            .args(["extract", "--no-entities", "-q", "-o", "-", "-"])
            .current_dir(&dir),
        b"{\"id\":\"a\",\"text\":\"\\\"We will win,\\\" Doe said.\"}\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["id"], "a");
    assert!(
        !dir.join("-").exists(),
        "`-o -` must not write a file named `-`"
    );
    // --resume cannot continue stdout
    let out = saywho()
        .args(["extract", "--no-entities", "-q", "--resume", "-o", "-", "-"])
        .current_dir(&dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--resume needs an output file"));
    std::fs::remove_dir_all(&dir).unwrap();
}
