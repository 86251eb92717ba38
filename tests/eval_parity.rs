//! Parity of `saywho::eval` with the reference Python tools in `../shared/eval/`:
//! (a) PolNeAR dev conversion vs `polnear_convert.py`, (b) scores vs `score.py --json` and the
//! text tables of `score.py`, on synthetic predictions built from perturbed gold quotes.
//!
//! Skipped (with a printed message) when `../shared` (relative to the crate root) or
//! `python3` is unavailable.

use std::path::{Path, PathBuf};
use std::process::Command;

use saywho::eval::{load_gold_jsonl, load_polnear_split, score, score_files, GoldDoc};
use serde_json::{json, Value};

fn shared() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"))
}

fn dev_dir() -> PathBuf {
    shared().join("data/polnear/dev")
}

/// The prerequisites, or None after printing why the test is skipped.
fn prerequisites() -> Option<(PathBuf, PathBuf)> {
    let conv = shared().join("eval/polnear_convert.py");
    let scorer = shared().join("eval/score.py");
    for p in [
        dev_dir().join("text"),
        dev_dir().join("attributions"),
        conv.clone(),
        scorer.clone(),
    ] {
        if !p.exists() {
            eprintln!(
                "SKIPPED: {} not found (needs the shared/ sibling of the crate)",
                p.display()
            );
            return None;
        }
    }
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("SKIPPED: python3 not available");
        return None;
    }
    Some((conv, scorer))
}

/// Run polnear_convert.py on the dev split into `out`; returns (gold, input) paths.
fn python_convert(conv: &Path, out: &Path) -> (PathBuf, PathBuf) {
    let st = Command::new("python3")
        .arg(conv)
        .args(["--split", "dev", "--data"])
        .arg(shared().join("data/polnear"))
        .arg("--out")
        .arg(out)
        .output()
        .expect("run polnear_convert.py");
    assert!(
        st.status.success(),
        "converter failed: {}",
        String::from_utf8_lossy(&st.stderr)
    );
    (out.join("dev.gold.jsonl"), out.join("dev.input.jsonl"))
}

fn read_lines(p: &Path) -> Vec<Value> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn dev_conversion_matches_polnear_convert_py() {
    let Some((conv, _)) = prerequisites() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (gold_p, input_p) = python_convert(&conv, tmp.path());
    let py_gold = read_lines(&gold_p);
    let py_input = read_lines(&input_p);
    let mine = load_polnear_split(&dev_dir()).unwrap();
    assert!(mine.len() > 50, "dev split has {} docs", mine.len());
    assert_eq!(mine.len(), py_gold.len(), "number of gold documents");
    assert_eq!(mine.len(), py_input.len(), "number of input documents");
    let mut n_quotes = 0;
    for ((d, g), i) in mine.iter().zip(&py_gold).zip(&py_input) {
        // serialised with preserve_order: same keys, same order, same values
        assert_eq!(
            serde_json::to_string(&d.to_json()).unwrap(),
            serde_json::to_string(g).unwrap(),
            "gold record of {}",
            d.id
        );
        assert_eq!(d.to_input_json(), *i, "input record of {}", d.id);
        n_quotes += d.quotes.len();
    }
    assert!(n_quotes > 1000, "{n_quotes} quotes");
    // ... and the converter's files load back into the same documents.
    let loaded = load_gold_jsonl(&gold_p, Some(&input_p)).unwrap();
    assert_eq!(loaded, mine);
}

// ------------------------------------------------------------------ synthetic predictions

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    fn shift(&mut self, max: i64) -> i64 {
        self.below((2 * max + 1) as u64) as i64 - max
    }
}

fn slice(text: &[char], s: i64, e: i64) -> String {
    let n = text.len() as i64;
    let (s, e) = (s.clamp(0, n) as usize, e.clamp(0, n) as usize);
    if s < e {
        text[s..e].iter().collect()
    } else {
        String::new()
    }
}

/// A speaker field for a prediction of gold quote `q`, in one of many formats.
fn speaker_variant(
    rng: &mut Rng,
    q: &saywho::eval::GoldQuote,
    other: &str,
    o: &mut serde_json::Map<String, Value>,
) {
    let first = q.speaker_spans.first().copied();
    match rng.below(11) {
        0 | 1 => {
            if let (Some(sp), Some([s, e])) = (&q.speaker, first) {
                o.insert("speaker".into(), json!({"text": sp, "start": s, "end": e}));
            } else {
                o.insert("speaker".into(), Value::Null);
            }
        }
        2 => {
            // span elsewhere, same string: wrong by span, right by name (lenient)
            let sp = q.speaker.clone().unwrap_or_else(|| "he".into());
            o.insert("speaker".into(), json!({"text": sp, "start": 0, "end": 3}));
        }
        3 => {
            o.insert(
                "speaker".into(),
                json!(q.speaker.clone().unwrap_or_default()),
            );
        }
        4 => {
            let last = q
                .speaker
                .as_deref()
                .and_then(|s| s.split_whitespace().last())
                .unwrap_or("");
            o.insert("speaker".into(), json!(format!("Sen. {last}'s")));
        }
        5 => {
            o.insert("speaker".into(), json!(other));
        }
        6 => {
            o.insert("speaker".into(), Value::Null);
        }
        7 => {
            o.insert("speaker".into(), json!("he"));
            o.insert(
                "speaker_name".into(),
                json!(q.speaker.clone().unwrap_or_else(|| other.into())),
            );
        }
        8 => {
            if let Some([s, e]) = first {
                o.insert("speaker".into(), json!("x"));
                o.insert("speaker_start".into(), json!(s + rng.shift(2)));
                o.insert("speaker_end".into(), json!(e + rng.shift(2)));
            }
        }
        9 => {
            let spans: Vec<Value> = q
                .speaker_spans
                .iter()
                .map(|&[s, e]| json!([s, e]))
                .collect();
            o.insert("speaker_spans".into(), Value::Array(spans));
            o.insert(
                "speaker".into(),
                json!({"text": "", "start": null, "end": null}),
            );
        }
        _ => {
            o.insert(
                "speaker".into(),
                json!({"text": format!("  {other} , a spokesman"), "start": null}),
            );
        }
    }
}

fn quote_variant(
    rng: &mut Rng,
    text: &[char],
    q: &saywho::eval::GoldQuote,
    other: &str,
    mode: u64,
) -> Vec<Value> {
    let n = text.len() as i64;
    let (s0, e0) = (q.spans[0][0], q.spans.last().unwrap()[1]);
    let mut out = Vec::new();
    let mut o = serde_json::Map::new();
    match mode {
        0 => {
            // gold spans as they are
            let sp: Vec<Value> = q.spans.iter().map(|&[s, e]| json!([s, e])).collect();
            o.insert("spans".into(), Value::Array(sp));
            o.insert("start".into(), json!(s0));
            o.insert("end".into(), json!(e0));
        }
        1 => {
            let (s, e) = (s0 + rng.shift(3), e0 + rng.shift(3));
            o.insert("start".into(), json!(s));
            o.insert("end".into(), json!(e));
            o.insert("text".into(), json!(slice(text, s, e)));
        }
        2 => {
            let (s, e) = (s0 + rng.shift(40), e0 + rng.shift(40));
            o.insert("start".into(), json!(s));
            o.insert("end".into(), json!(e));
            if rng.chance(50) {
                o.insert("quote".into(), json!(slice(text, s, e)));
            }
        }
        3 => {
            // split into fragments: one prediction per gold span, or halves of a single span
            let parts: Vec<[i64; 2]> = if q.spans.len() > 1 {
                q.spans.clone()
            } else {
                let m = (s0 + e0) / 2 + rng.shift(5);
                vec![[s0, m], [m + 1, e0]]
            };
            for [s, e] in parts {
                let mut p = serde_json::Map::new();
                p.insert("start".into(), json!(s));
                p.insert("end".into(), json!(e));
                p.insert("kind".into(), json!("direct"));
                speaker_variant(rng, q, other, &mut p);
                out.push(Value::Object(p));
            }
            return out;
        }
        4 => {
            // out-of-range / malformed offsets
            match rng.below(5) {
                0 => {
                    o.insert("start".into(), json!(n - 5));
                    o.insert("end".into(), json!(n + 10));
                }
                1 => {
                    o.insert("start".into(), Value::Null);
                    o.insert("end".into(), Value::Null);
                }
                2 => {
                    o.insert("spans".into(), json!([[e0, s0]]));
                }
                3 => {
                    o.insert("start".into(), json!(-3));
                    o.insert("end".into(), json!(e0));
                }
                _ => {
                    o.insert("start".into(), json!(s0 as f64 + 0.0));
                    o.insert("end".into(), json!(e0 as f64 + 0.7));
                }
            }
        }
        5 => {
            // a spurious quote somewhere, plus a duplicate of the gold quote
            let s = rng.below(n.max(1) as u64) as i64;
            let mut p = serde_json::Map::new();
            p.insert("start".into(), json!(s));
            p.insert("end".into(), json!((s + 30).min(n)));
            out.push(Value::Object(p));
            o.insert("start".into(), json!(s0));
            o.insert("end".into(), json!(e0));
            o.insert("text".into(), json!("not the right text"));
        }
        _ => {
            // trimmed inner extent (drops quote marks / punctuation at the edges)
            let (mut s, mut e) = (s0, e0);
            while s < e && !text[s as usize].is_alphanumeric() {
                s += 1;
            }
            while e > s && !text[(e - 1) as usize].is_alphanumeric() {
                e -= 1;
            }
            o.insert("start".into(), json!(s));
            o.insert("end".into(), json!(e));
            o.insert("text".into(), json!(slice(text, s, e)));
        }
    }
    let kinds = [
        json!("direct"),
        json!("indirect"),
        json!("mixed"),
        Value::Null,
        json!(""),
    ];
    o.insert("kind".into(), kinds[rng.below(5) as usize].clone());
    speaker_variant(rng, q, other, &mut o);
    out.push(Value::Object(o));
    out
}

/// One synthetic prediction file over `docs` with the given seed; `modes` restricts the variants.
fn synth_preds(docs: &[GoldDoc], seed: u64, modes: &[u64], drop_pct: u64) -> Vec<Value> {
    let mut rng = Rng(seed);
    let mut recs = Vec::new();
    for (k, d) in docs.iter().enumerate() {
        if rng.chance(8) {
            continue; // missing document
        }
        let text: Vec<char> = d.text.chars().collect();
        let other = docs[(k + 1) % docs.len()]
            .quotes
            .iter()
            .find_map(|q| q.speaker.clone())
            .unwrap_or_else(|| "Nobody".into());
        let mut quotes = Vec::new();
        for q in &d.quotes {
            if rng.chance(drop_pct) {
                continue;
            }
            let mode = modes[rng.below(modes.len() as u64) as usize];
            quotes.extend(quote_variant(&mut rng, &text, q, &other, mode));
        }
        let mut rec = json!({"id": d.id, "quotes": quotes, "error": null});
        if rng.chance(5) {
            rec["error"] = json!("boom");
        }
        recs.push(rec);
        if rng.chance(4) {
            // duplicate record for the same document: quotes are concatenated
            recs.push(json!({"id": d.id, "quotes": [{"start": 0, "end": 10}]}));
        }
    }
    recs.push(json!({"id": "not-a-gold-doc", "quotes": []}));
    recs
}

fn write_jsonl(path: &Path, recs: &[Value]) {
    let body: String = recs.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(path, body).unwrap();
}

fn python_score(
    scorer: &Path,
    gold: &Path,
    pred: &Path,
    inputs: Option<&Path>,
    json_out: bool,
) -> String {
    let mut cmd = Command::new("python3");
    cmd.arg(scorer).arg(gold).arg(pred);
    if let Some(i) = inputs {
        cmd.arg("--inputs").arg(i);
    }
    if json_out {
        cmd.arg("--json");
    } else {
        cmd.args(["--name", "synthetic"]);
    }
    let out = cmd.output().expect("run score.py");
    assert!(
        out.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every leaf of `py` must be present in `mine`: integers equal, floats within 0.1 points
/// (0.001 as a fraction) -- in practice they are identical.
fn assert_same_figures(py: &Value, mine: &Value, path: &str, n_checked: &mut usize) {
    match (py, mine) {
        (Value::Object(a), Value::Object(b)) => {
            let ka: Vec<&String> = a.keys().collect();
            let kb: Vec<&String> = b.keys().collect();
            assert_eq!(ka, kb, "keys at {path}");
            for (k, v) in a {
                assert_same_figures(v, &b[k], &format!("{path}.{k}"), n_checked);
            }
        }
        (Value::Number(x), Value::Number(y)) => {
            if x.is_f64() || y.is_f64() {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                assert!((x - y).abs() <= 1e-3, "{path}: python {x} vs rust {y}");
            } else {
                assert_eq!(x, y, "{path}");
            }
            *n_checked += 1;
        }
        (a, b) => assert_eq!(a, b, "{path}"),
    }
}

#[test]
fn scores_match_score_py_on_synthetic_predictions() {
    let Some((conv, scorer)) = prerequisites() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (gold_p, input_p) = python_convert(&conv, tmp.path());
    let all = load_gold_jsonl(&gold_p, Some(&input_p)).unwrap();
    assert!(all.iter().all(|d| d.has_text));
    // a text-less copy of the gold file (score.py then rebuilds characters from quote texts)
    let bare_gold = tmp.path().join("bare.jsonl");
    std::fs::copy(&gold_p, &bare_gold).unwrap();
    let bare = load_gold_jsonl(&bare_gold, None).unwrap();
    assert!(bare.iter().all(|d| !d.has_text));

    let few: Vec<GoldDoc> = all.iter().take(8).cloned().collect();
    let few_gold = tmp.path().join("few.gold.jsonl");
    write_jsonl(
        &few_gold,
        &few.iter().map(GoldDoc::to_json).collect::<Vec<_>>(),
    );
    let few_in = tmp.path().join("few.input.jsonl");
    write_jsonl(
        &few_in,
        &few.iter().map(GoldDoc::to_input_json).collect::<Vec<_>>(),
    );

    let all_modes = [0, 1, 2, 3, 4, 5, 6];
    let cases: Vec<(&str, Vec<Value>)> = vec![
        ("oracle", all.iter().map(GoldDoc::to_json).collect()),
        (
            "mixed",
            synth_preds(&all, 0x9E37_79B9_7F4A_7C15, &all_modes, 20),
        ),
        ("shifted", synth_preds(&all, 42, &[1, 2, 6], 10)),
        ("fragments", synth_preds(&all, 7, &[0, 3, 5], 0)),
        ("malformed", synth_preds(&all, 99, &[4, 1], 30)),
        ("few-docs", synth_preds(&few, 1234, &all_modes, 25)),
    ];
    let mut n_checked = 0;
    for (name, preds) in &cases {
        let pred_p = tmp.path().join(format!("{name}.pred.jsonl"));
        write_jsonl(&pred_p, preds);
        let (gold_docs, gold_path, inputs) = if *name == "few-docs" {
            (&few, few_gold.as_path(), Some(few_in.as_path()))
        } else {
            (&all, gold_p.as_path(), Some(input_p.as_path()))
        };
        let mut runs = vec![(gold_docs.clone(), gold_path, inputs)];
        if *name != "few-docs" {
            runs.push((bare.clone(), bare_gold.as_path(), None));
        }
        for (docs, gpath, inp) in runs {
            let rep = score(&docs, preds);
            let py: Value =
                serde_json::from_str(&python_score(&scorer, gpath, &pred_p, inp, true)).unwrap();
            let mut mine = rep.to_json();
            for k in ["gold_file", "pred_file", "inputs_file"] {
                mine[k] = py[k].clone();
            }
            assert_same_figures(&py, &mine, name, &mut n_checked);
            let py_text = python_score(&scorer, gpath, &pred_p, inp, false);
            assert_eq!(
                py_text.trim_end(),
                rep.to_text_named("synthetic"),
                "text tables for {name}"
            );
            eprintln!(
                "{name} (texts: {}): exact F1 {:.1}, e2e F1 {:.1}, n_pred {} -- identical",
                inp.is_some(),
                100.0 * rep.detection[2].f1,
                100.0 * rep.end_to_end.f1,
                rep.n_pred
            );
        }
    }
    // score_files() vs the CLI with the inputs found as the sibling of X.gold.jsonl: the whole
    // JSON object agrees, file names included.
    let pred_p = tmp.path().join("few-docs.pred.jsonl");
    let rep = score_files(&few_gold, &pred_p, None).unwrap();
    assert_eq!(rep.inputs_file.as_deref(), few_in.to_str());
    let py: Value =
        serde_json::from_str(&python_score(&scorer, &few_gold, &pred_p, None, true)).unwrap();
    assert_same_figures(&py, &rep.to_json(), "score_files", &mut n_checked);
    assert!(n_checked > 300, "{n_checked} figures compared");
}
