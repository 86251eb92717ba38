//! `saywho eval --polnear` must print the same figures as the reference `score.py`.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn shared() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"))
}

#[test]
fn eval_matches_reference_scorer_on_dev_articles() {
    let dev = shared().join("data/polnear/dev");
    if !dev.is_dir() || Command::new("python3").arg("--version").output().is_err() {
        eprintln!("SKIPPED: {} or python3 not available", dev.display());
        return;
    }
    // a small split of 6 dev articles, in a temp dir (PolNeAR never enters the repo)
    let tmp = tempfile::tempdir().unwrap();
    let split = tmp.path().join("polnear/dev");
    std::fs::create_dir_all(split.join("text")).unwrap();
    std::fs::create_dir_all(split.join("attributions")).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(dev.join("text"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names.iter().step_by(14).take(6) {
        let stem = p.file_stem().unwrap().to_str().unwrap().to_string();
        std::fs::copy(p, split.join("text").join(p.file_name().unwrap())).unwrap();
        for a in std::fs::read_dir(dev.join("attributions")).unwrap() {
            let a = a.unwrap().path();
            if a.file_name().unwrap().to_str().unwrap().starts_with(&stem) {
                std::fs::copy(&a, split.join("attributions").join(a.file_name().unwrap())).unwrap();
            }
        }
    }
    let preds = tmp.path().join("preds.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_saywho"))
        .args(["eval", "--json", "--polnear"])
        .arg(&split)
        .arg("--save-predictions")
        .arg(&preds)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours: Value = serde_json::from_slice(&out.stdout).unwrap();

    let conv = Command::new("python3")
        .arg(shared().join("eval/polnear_convert.py"))
        .args(["--split", "dev", "--data"])
        .arg(tmp.path().join("polnear"))
        .arg("--out")
        .arg(tmp.path().join("jsonl"))
        .output()
        .unwrap();
    assert!(
        conv.status.success(),
        "{}",
        String::from_utf8_lossy(&conv.stderr)
    );
    let score = Command::new("python3")
        .arg(shared().join("eval/score.py"))
        .arg(tmp.path().join("jsonl/dev.gold.jsonl"))
        .arg(&preds)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        score.status.success(),
        "{}",
        String::from_utf8_lossy(&score.stderr)
    );
    let theirs: Value = serde_json::from_slice(&score.stdout).unwrap();

    let mut compared = 0;
    compare(&ours, &theirs, "", &mut compared);
    assert!(compared > 20, "too few figures compared: {compared}");
    // the run found quotes at all
    assert!(theirs.to_string().contains("end"), "{theirs}");
}

/// Every number in `theirs` must be within 0.1 of the same key in `ours`.
fn compare(ours: &Value, theirs: &Value, path: &str, n: &mut usize) {
    match theirs {
        Value::Number(t) => {
            let o = ours
                .as_f64()
                .unwrap_or_else(|| panic!("{path}: missing in saywho eval output"));
            assert!(
                (o - t.as_f64().unwrap()).abs() <= 0.1 + 1e-9,
                "{path}: saywho {o} vs score.py {t}"
            );
            *n += 1;
        }
        Value::Object(m) => {
            for (k, v) in m {
                if matches!(
                    k.as_str(),
                    "gold" | "pred" | "inputs" | "name" | "pred_file" | "gold_file"
                ) {
                    continue;
                }
                compare(&ours[k], v, &format!("{path}.{k}"), n);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                compare(&ours[i], v, &format!("{path}[{i}]"), n);
            }
        }
        _ => {}
    }
}

/// The calibration done-line on PolNeAR dev (no calibration fit sees it), with the real model:
/// expected calibration error at most 0.05, quotes at `confidence >= 0.8` right end to end at
/// least 90 % of the time, and end-to-end precision rising with the threshold.
#[test]
fn confidence_is_calibrated_on_dev() {
    let dev = shared().join("data/polnear/dev");
    if !dev.is_dir() {
        eprintln!("SKIPPED: {} not available", dev.display());
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_saywho"))
        .args([
            "eval",
            "--json",
            "--calibration",
            "--min-confidence",
            "0",
            "--polnear",
        ])
        .arg(&dev)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &j["calibration"];
    assert!(c["quotes"].as_u64().unwrap() > 1000, "{c}");
    assert!(c["ece"].as_f64().unwrap() <= 0.05, "{c}");
    let t = c["thresholds"].as_array().unwrap();
    let at = |x: f64| {
        t.iter()
            .find(|r| (r["min_confidence"].as_f64().unwrap() - x).abs() < 1e-9)
            .unwrap()
    };
    assert!(at(0.8)["P"].as_f64().unwrap() >= 0.90, "{c}");
    let p: Vec<f64> = t.iter().map(|r| r["P"].as_f64().unwrap()).collect();
    assert!(p.windows(2).all(|w| w[0] <= w[1]), "{p:?}");
    // the threshold-0 row is the run's own end-to-end figure
    assert_eq!(at(0.0)["F1"], j["end_to_end"]["F1"]);
}
