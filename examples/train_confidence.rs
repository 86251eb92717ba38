//! Train the quote-confidence calibration (`models/attribution/confidence.json`, see
//! `src/attribution/confidence.rs`). Run through `scripts/train_confidence.sh`.
//!
//! For each attribution configuration (`combined`, `tagger`, `rules` with the transformer,
//! `rules_no_entities` without it) the real pipeline runs over PolNeAR articles with
//! `Pipeline::quote_features`, the Rust port of `score.py` labels each predicted quote
//! end-to-end right or wrong (`saywho::eval::outcomes`), and an L2-regularised logistic
//! regression is fitted by Newton's method.
//!
//! Which articles it is fitted on: the learned tagger was trained on the PolNeAR train
//! articles except the 60 of `models/ner/attr_holdout.txt`, so on those articles its tags
//! agree with the gold far more often than on unseen text, and a calibration fitted there
//! would trust them too much. The modes that read the tagger's tags (everything but
//! `rules_no_entities`) are therefore fitted on the 60 held-out articles only;
//! `rules_no_entities` on all train articles. Calibration (bins, ECE) and the end-to-end
//! precision / recall at `--min-confidence` 0.5 / 0.8 / 0.9 are reported on PolNeAR dev,
//! which no fit sees, and stored in the file's `info`.
//!
//! Options: `--train DIR` (default ../shared/data/polnear/train), `--dev DIR`,
//! `--holdout FILE` (default models/ner/attr_holdout.txt), `--out FILE`, `--l2 X` (default 1).

use saywho::eval::{calibration, load_polnear_split, outcomes, predict, GoldDoc};
use saywho::quotes::learned::Mode;
use saywho::{attribution::confidence::FEATURES, Pipeline};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

struct Opts {
    train: PathBuf,
    dev: PathBuf,
    holdout: PathBuf,
    out: PathBuf,
    l2: f64,
}

fn parse_args() -> Opts {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut o = Opts {
        train: root.join("../shared/data/polnear/train"),
        dev: root.join("../shared/data/polnear/dev"),
        holdout: root.join("models/ner/attr_holdout.txt"),
        out: root.join("models/attribution/confidence.json"),
        l2: 1.0,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let v = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--train" => o.train = v.into(),
            "--dev" => o.dev = v.into(),
            "--holdout" => o.holdout = v.into(),
            "--out" => o.out = v.into(),
            "--l2" => o.l2 = v.parse().expect("--l2 takes a number"),
            k => panic!("unknown option {k} (see the header of examples/train_confidence.rs)"),
        }
    }
    o
}

/// (features, end-to-end right) of every predicted quote.
fn rows(docs: &[GoldDoc], preds: &[Value]) -> Vec<(Vec<f64>, bool)> {
    let oc = outcomes(docs, preds);
    let mut rows = Vec::new();
    for r in preds {
        let id = r["id"].as_str().unwrap_or_default();
        let (Some(o), Some(qs)) = (oc.get(id), r["quotes"].as_array()) else {
            continue;
        };
        for (q, o) in qs.iter().zip(o) {
            let f: Vec<f64> = q["features"]
                .as_array()
                .expect("quote features (Pipeline::quote_features)")
                .iter()
                .map(|x| x.as_f64().unwrap_or(0.0))
                .collect();
            rows.push((f, o.end_to_end()));
        }
    }
    rows
}

/// L2-regularised logistic regression (the bias unpenalised) by Newton's method.
fn fit(rows: &[(Vec<f64>, bool)], l2: f64) -> Vec<f64> {
    let d = FEATURES.len();
    let mut w = vec![0.0; d];
    for _ in 0..50 {
        let mut g = vec![0.0; d];
        let mut h = vec![vec![0.0; d]; d];
        for (x, y) in rows {
            let z: f64 = w.iter().zip(x).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let r = p - if *y { 1.0 } else { 0.0 };
            let s = (p * (1.0 - p)).max(1e-9);
            for i in 0..d {
                g[i] += r * x[i];
                if x[i] != 0.0 {
                    for j in 0..d {
                        h[i][j] += s * x[i] * x[j];
                    }
                }
            }
        }
        for i in 1..d {
            g[i] += l2 * w[i];
            h[i][i] += l2;
        }
        for (i, row) in h.iter_mut().enumerate() {
            row[i] += 1e-6;
        }
        let step = solve(h, g);
        let norm: f64 = step.iter().map(|x| x * x).sum::<f64>().sqrt();
        for i in 0..d {
            w[i] -= step[i];
        }
        if norm < 1e-8 {
            break;
        }
    }
    w
}

/// Solve `a x = b` (Gaussian elimination with partial pivoting; `a` is small and positive
/// definite here).
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for c in 0..n {
        let piv = (c..n)
            .max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))
            .unwrap_or(c);
        a.swap(c, piv);
        b.swap(c, piv);
        let d = a[c][c];
        let pivot_row = a[c].clone();
        for r in c + 1..n {
            let f = a[r][c] / d;
            if f != 0.0 {
                for (x, p) in a[r].iter_mut().zip(&pivot_row).skip(c) {
                    *x -= f * p;
                }
                b[r] -= f * b[c];
            }
        }
    }
    let mut x = vec![0.0; n];
    for r in (0..n).rev() {
        let s: f64 = (r + 1..n).map(|k| a[r][k] * x[k]).sum();
        x[r] = (b[r] - s) / a[r][r];
    }
    x
}

fn main() -> anyhow::Result<()> {
    let o = parse_args();
    let t0 = Instant::now();
    let train = load_polnear_split(&o.train)?;
    let dev = load_polnear_split(&o.dev)?;
    let hold: HashSet<String> = std::fs::read_to_string(&o.holdout)?
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let held: Vec<GoldDoc> = train
        .iter()
        .filter(|d| hold.contains(&d.id))
        .cloned()
        .collect();
    anyhow::ensure!(
        !held.is_empty(),
        "no held-out article found in {}",
        o.train.display()
    );
    let tagger = Arc::new(saywho::ner::EntityTagger::load(
        &saywho::ner::default_model_dir(),
    )?);
    let base = Pipeline::new()
        .clean(saywho::clean::CleanOptions::untouched())
        .quote_features(true);
    let configs: Vec<(&str, Pipeline, &[GoldDoc])> = vec![
        (
            "combined",
            base.clone()
                .entities(tagger.clone())
                .attribution(Mode::Combined),
            &held,
        ),
        (
            "tagger",
            base.clone()
                .entities(tagger.clone())
                .attribution(Mode::Tagger),
            &held,
        ),
        (
            "rules",
            base.clone()
                .entities(tagger.clone())
                .attribution(Mode::Rules),
            &held,
        ),
        ("rules_no_entities", base.clone(), &train),
    ];
    let mut modes = serde_json::Map::new();
    let mut info = serde_json::Map::new();
    for (name, p, fit_docs) in configs {
        assert_eq!(p.calibration(), name);
        let preds = predict(&p, fit_docs);
        let r = rows(fit_docs, &preds);
        let pos = r.iter().filter(|x| x.1).count();
        let w = fit(&r, o.l2);
        eprintln!(
            "{name}: fitted on {} articles, {} quotes ({} right end to end), {:.0}s",
            fit_docs.len(),
            r.len(),
            pos,
            t0.elapsed().as_secs_f64()
        );
        // the dev report: the new weights applied to dev's features, as the binary will
        let mut dev_preds = predict(&p, &dev);
        for r in &mut dev_preds {
            for q in r["quotes"].as_array_mut().into_iter().flatten() {
                let z: f64 = q["features"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .zip(&w)
                    .map(|(x, w)| x.as_f64().unwrap_or(0.0) * w)
                    .sum();
                q["confidence"] = json!(((1.0 / (1.0 + (-z).exp())) * 100.0_f64).round() / 100.0);
            }
        }
        let cal = calibration(&dev, &dev_preds);
        println!(
            "## {name} (fitted on {} articles), PolNeAR dev\n{}",
            fit_docs.len(),
            cal.to_text()
        );
        modes.insert(
            name.to_string(),
            json!({"weights": w.iter().map(|x| (x * 1e4).round() / 1e4).collect::<Vec<_>>()}),
        );
        info.insert(
            name.to_string(),
            json!({"fit_articles": fit_docs.len(), "fit_quotes": r.len(), "fit_right": pos,
                   "dev": cal.to_json()}),
        );
    }
    let model = json!({
        "features": FEATURES,
        "modes": modes,
        "info": info,
    });
    std::fs::write(&o.out, serde_json::to_string_pretty(&model)? + "\n")?;
    eprintln!(
        "wrote {} in {:.0}s",
        o.out.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}
