//! `scripts/spark_extract.py` in Spark local mode (`local[2]`, 3 partitions) gives the same
//! records as one `saywho extract` run over the same file — compared as sets keyed by id,
//! since Spark's output order differs. The full pipeline runs (entity stage included), and the
//! input has a malformed line and a blank line.
//!
//! Needs the PySpark venv that `scripts/setup_test.sh` (test.sh) installs (`.tools/spark-venv`) and Java 17.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// 12 input records from the sample's paragraphs: 11 articles and one malformed line, plus a
/// blank line (skipped by both runs).
fn input(dir: &Path) -> PathBuf {
    let sample =
        std::fs::read_to_string(root().join("data/samples/000_a4f25349d3a76f5a.txt")).unwrap();
    let paras: Vec<&str> = sample
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let mut out = String::new();
    for i in 0..12 {
        if i == 5 {
            out.push_str("{\"id\": \"broken\", \"text\": \n");
            continue;
        }
        if i == 8 {
            out.push('\n');
        }
        let text: Vec<&str> = (0..3).map(|j| paras[(i + j) % paras.len()]).collect();
        let rec = serde_json::json!({"id": format!("art-{i}"), "text": text.join("\n\n"), "n": i});
        out.push_str(&rec.to_string());
        out.push('\n');
    }
    let p = dir.join("in.jsonl");
    std::fs::write(&p, out).unwrap();
    p
}

fn by_id(jsonl: &str) -> BTreeMap<String, Value> {
    let mut m = BTreeMap::new();
    for l in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(l).unwrap();
        let id = v["id"].as_str().unwrap().to_string();
        assert!(m.insert(id.clone(), v).is_none(), "id {id} twice");
    }
    m
}

#[test]
fn spark_local_job_equals_single_machine_run() {
    let py = root().join(".tools/spark-venv/bin/python");
    assert!(
        py.exists(),
        "{} is missing: run ./scripts/setup_test.d/pyspark.sh (installs pyspark; ./scripts/test.sh runs it)",
        py.display()
    );
    let tmp = tempfile::tempdir().unwrap();
    let inp = input(tmp.path());
    let outdir = tmp.path().join("out");

    let single = Command::new(env!("CARGO_BIN_EXE_saywho"))
        .args(["extract", "-q"])
        .arg(&inp)
        .output()
        .unwrap();
    assert_eq!(single.status.code(), Some(1), "one record is malformed");
    let single = by_id(&String::from_utf8(single.stdout).unwrap());
    assert_eq!(single.len(), 12);

    let spark = Command::new(&py)
        .arg(root().join("scripts/spark_extract.py"))
        .arg(&inp)
        .arg(&outdir)
        .args(["--master", "local[2]", "--partitions", "3", "--saywho"])
        .arg(env!("CARGO_BIN_EXE_saywho"))
        .env("SAYWHO_MODELS", root().join("models"))
        .env("SAYWHO_NER_THREADS", "1")
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&spark.stderr);
    assert!(spark.status.success(), "spark job failed:\n{log}");
    let mut parts: Vec<PathBuf> = std::fs::read_dir(&outdir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("part-")
        })
        .collect();
    parts.sort();
    assert!(parts.len() >= 2, "partitioned output: {parts:?}\n{log}");
    let all: String = parts
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let spark = by_id(&all);

    assert_eq!(
        spark.keys().collect::<Vec<_>>(),
        single.keys().collect::<Vec<_>>()
    );
    for (id, rec) in &single {
        assert_eq!(&spark[id], rec, "record {id} differs");
    }
    // the malformed line keeps its file:line id and message, as in the single run
    let bad = format!("{}:6", inp.display());
    assert!(spark[&bad]["error"]
        .as_str()
        .unwrap()
        .contains("malformed JSON"));
    assert!(!spark["art-0"]["entities"].as_array().unwrap().is_empty());
}
