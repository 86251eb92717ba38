//! `speaker_key` and `saywho speakers` end to end: the real binary with the real model.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn saywho() -> Command {
    Command::new(env!("CARGO_BIN_EXE_saywho"))
}

fn lines(p: &Path) -> Vec<Value> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Three articles: `Donald J. Trump` then `Mr. Trump`; `Donald Trump` then `Trump`;
/// `Donald Trump Jr.`. Their speakers make two keys.
#[test]
fn three_articles_two_speaker_keys() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let articles = [
        (
            "a1",
            "Donald J. Trump spoke to supporters in Ohio on Monday. \"We are going to win this state,\" Mr. Trump said.",
        ),
        (
            "a2",
            "Donald Trump held a rally in Iowa on Tuesday. \"The jobs are coming back,\" Trump said.",
        ),
        (
            "a3",
            "Donald Trump Jr. campaigned in Texas on Wednesday. \"My father will fight for you,\" Donald Trump Jr. said.",
        ),
    ];
    let jsonl: String = articles
        .iter()
        .map(|(id, t)| serde_json::json!({"id": id, "text": t}).to_string() + "\n")
        .collect();
    std::fs::write(&input, jsonl).unwrap();
    let out = dir.path().join("out.jsonl");
    let st = saywho()
        .args(["extract", "-q", "-o"])
        .arg(&out)
        .arg(&input)
        .status()
        .unwrap();
    assert!(st.success());
    let recs = lines(&out);
    assert_eq!(recs.len(), 3);
    let expect = ["donald trump", "donald trump", "donald trump jr"];
    for (r, want) in recs.iter().zip(expect) {
        let quotes = r["quotes"].as_array().unwrap();
        assert!(!quotes.is_empty(), "{r}");
        for q in quotes {
            assert_eq!(q["speaker_key"], want, "{r}");
        }
        for c in r["claims"].as_array().unwrap() {
            if !c["claimant"].is_null() {
                assert_eq!(c["claimant"]["key"], want);
            }
        }
    }
    assert_eq!(recs[0]["quotes"][0]["speaker_name"], "Donald J. Trump");
    assert_eq!(recs[1]["quotes"][0]["speaker_name"], "Donald Trump");

    let sp = dir.path().join("speakers.jsonl");
    let o = saywho()
        .args(["speakers", "-o"])
        .arg(&sp)
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = lines(&sp);
    let keys: Vec<&str> = rows.iter().map(|r| r["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["donald trump", "donald trump jr"]);
    let n_quotes = |id: &str| {
        recs.iter().find(|r| r["id"] == id).unwrap()["quotes"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(rows[0]["quotes"], n_quotes("a1") + n_quotes("a2"));
    assert_eq!(rows[0]["articles"], 2);
    assert_eq!(rows[0]["examples"][0], "a1#0");
    let names: Vec<&str> = rows[0]["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n[0].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Donald J. Trump") && names.contains(&"Donald Trump"),
        "{names:?}"
    );
    assert_eq!(rows[1]["quotes"], n_quotes("a3"));
    assert_eq!(rows[1]["articles"], 1);
    assert_eq!(rows[1]["name"], "Donald Trump Jr.");
    assert!(String::from_utf8_lossy(&o.stderr).contains("2 speakers from 3 records"));

    // the same outputs twice, from stdin and a file: counts add up, keys stay two
    let o = saywho()
        .args(["speakers", "-q", "-"])
        .arg(&out)
        .stdin(std::fs::File::open(&out).unwrap())
        .output()
        .unwrap();
    assert!(o.status.success());
    let rows: Vec<Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["quotes"], 2 * (n_quotes("a1") + n_quotes("a2")));
    assert_eq!(rows[0]["articles"], 4);
    assert!(o.stderr.is_empty());
}

#[test]
fn a_bad_line_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.jsonl");
    std::fs::write(
        &p,
        "{\"id\":\"a\",\"quotes\":[],\"error\":null}\nnot json\n",
    )
    .unwrap();
    let o = saywho().arg("speakers").arg(&p).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("{}:2: not a JSON record", p.display())),
        "{err}"
    );
    assert!(o.stdout.is_empty());
    let o = saywho()
        .args(["speakers", "/nonexistent/out.jsonl"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn speakers_help_names_its_output() {
    let o = saywho().args(["speakers", "--help"]).output().unwrap();
    assert!(o.status.success());
    let h = String::from_utf8(o.stdout).unwrap();
    for want in ["speaker_key", "--output", "examples", "FILE:LINE"] {
        assert!(h.contains(want), "{want} missing from --help");
    }
}
