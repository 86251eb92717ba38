//! Text as it comes from the web: language identification and HTML cleaning, through the real
//! `saywho` binary with the real entity model, plus the false-flag measurement on PolNeAR.

use saywho::clean::{html, lang};
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_saywho"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn records(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

fn jsonl(recs: &[(&str, &str)]) -> String {
    recs.iter()
        .map(|(id, text)| json!({"id": id, "text": text}).to_string() + "\n")
        .collect()
}

/// Every span of a record slices `text` (code points), the cleaned text when the record has one.
fn check_offsets(rec: &Value, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let slice = |v: &Value| -> String {
        let (s, e) = (v["start"].as_u64().unwrap(), v["end"].as_u64().unwrap());
        chars[s as usize..e as usize].iter().collect()
    };
    for key in ["entities", "quotes", "claims"] {
        for x in rec[key].as_array().unwrap() {
            assert_eq!(
                slice(x),
                x["text"].as_str().unwrap(),
                "{key} of {}",
                rec["id"]
            );
            for sub in ["cue", "speaker"] {
                if x.get(sub).is_some_and(|v| !v.is_null()) {
                    assert_eq!(slice(&x[sub]), x[sub]["text"].as_str().unwrap());
                }
            }
        }
    }
    for s in rec["sentences"].as_array().unwrap() {
        assert!(s["end"].as_u64().unwrap() <= chars.len() as u64);
    }
}

const SPANISH: &str = "El presidente Pedro Sánchez dijo el lunes que «no habrá más recortes». \
    «Vamos a proteger el empleo», afirmó Sánchez durante una rueda de prensa en Madrid.";
const FRENCH: &str = "Le président Emmanuel Macron a déclaré lundi que « la France ne cédera \
    pas ». « Nous allons protéger les emplois », a-t-il ajouté lors d'une conférence de presse \
    à Paris.";
const GERMAN: &str = "Bundeskanzler Olaf Scholz sagte am Montag: „Wir werden die Arbeitsplätze \
    schützen.“ Die Regierung werde keine weiteren Kürzungen beschließen, erklärte er in Berlin \
    vor Journalisten.";
const CHINESE: &str = "国家主席习近平周一在北京表示：“中国将继续扩大对外开放。”他说，中国经济长期向好的基本面没有改变。";
const HTML: &str = "<p>&ldquo;We&rsquo;re ready,&rdquo; said Mayor Jane Roe.</p>\
    <div class=\"ad\">Subscribe now!</div>";
const ENGLISH_WITH_FRENCH: &str = "The French president spoke to reporters in Paris on Monday. \
    “Nous ne céderons rien, ni à la peur, ni à la haine,” Macron said. He added that the \
    government would not change its plans, and the opposition said that this was a mistake.";
const CORRUPT_HTML: &str = "<div><p>“We will win,” said Senator Tom Smith</div></p>\
    <span class=\"x\"><b>unclosed <i>&#x2019;&bogus; <<>> </p";

fn web_records() -> String {
    jsonl(&[
        ("es", SPANISH),
        ("html", HTML),
        ("fr", FRENCH),
        ("de", GERMAN),
        ("zh", CHINESE),
        ("en-fr", ENGLISH_WITH_FRENCH),
        ("corrupt", CORRUPT_HTML),
    ])
}

fn by_id<'a>(recs: &'a [Value], id: &str) -> &'a Value {
    recs.iter().find(|r| r["id"] == id).unwrap()
}

#[test]
fn web_records_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let stats = dir.path().join("stats.json");
    let out = run_stdin(
        &["extract", "-", "--stats", stats.to_str().unwrap()],
        &web_records(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    // non-English records are not errors: exit 0
    assert!(out.status.success(), "{stderr}");
    let recs = records(&out);
    assert_eq!(recs.len(), 7, "one record per input");
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["es", "html", "fr", "de", "zh", "en-fr", "corrupt"]);

    // the four foreign records: flagged, empty layers, a warning, no invented quotes
    for (id, code) in [("es", "es"), ("fr", "fr"), ("de", "de"), ("zh", "zh")] {
        let r = by_id(&recs, id);
        assert_eq!(r["language"]["code"], code, "{r}");
        assert!(r["language"]["confidence"].as_f64().unwrap() > 0.5, "{r}");
        for k in ["sentences", "entities", "quotes", "claims"] {
            assert_eq!(r[k], json!([]), "{id}: {k}");
        }
        assert!(r["error"].is_null());
        let w = r["warning"].as_str().unwrap();
        assert!(w.starts_with("not processed: the text is in"), "{w}");
        assert!(w.contains("--any-language"), "{w}");
        assert_eq!(r["html"], false);
    }

    // the HTML record: cleaned, the quote found, offsets into the cleaned text it carries
    let r = by_id(&recs, "html");
    assert_eq!(r["html"], true);
    assert_eq!(r["language"]["code"], "en");
    assert!(r["warning"].is_null() && r["error"].is_null());
    let text = r["text"].as_str().unwrap();
    assert_eq!(text, "“We’re ready,” said Mayor Jane Roe.");
    let qs = r["quotes"].as_array().unwrap();
    assert_eq!(qs.len(), 1, "{r}");
    assert_eq!(qs[0]["text"], "We’re ready,");
    assert_eq!(qs[0]["speaker_name"], "Jane Roe", "{r}");
    assert_eq!(qs[0]["cue"]["text"], "said");
    assert!(r["entities"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| !e["text"].as_str().unwrap().contains('<')));
    check_offsets(r, text);

    // an English article quoting a French sentence stays English and is processed
    let r = by_id(&recs, "en-fr");
    assert_eq!(r["language"]["code"], "en");
    assert!(r["warning"].is_null());
    assert_eq!(r["html"], false);
    assert!(
        r.get("text").is_none(),
        "plain text: offsets into the input, no copy"
    );
    let q = r["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["text"].as_str().unwrap().starts_with("Nous ne céderons"))
        .unwrap_or_else(|| panic!("the French quote is found: {r}"));
    assert_eq!(q["speaker"]["text"], "Macron");
    check_offsets(r, ENGLISH_WITH_FRENCH);

    // corrupt markup: one record, no crash, cleaned text without tags
    let r = by_id(&recs, "corrupt");
    assert!(r["error"].is_null(), "{r}");
    assert_eq!(r["html"], true);
    let text = r["text"].as_str().unwrap();
    assert!(!text.contains("<span") && !text.contains("<b>"), "{text}");
    assert!(
        text.starts_with("“We will win,” said Senator Tom Smith"),
        "{text}"
    );
    check_offsets(r, text);

    // counted in the summary line and in --stats
    assert!(
        stderr.contains("4 records not processed: not in an accepted language"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 records cleaned of HTML markup"),
        "{stderr}"
    );
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&stats).unwrap()).unwrap();
    assert_eq!(s["read"], 7);
    assert_eq!(s["other_language"], 4);
    assert_eq!(s["html_cleaned"], 2);
    assert_eq!(s["ok"], 3);
    assert_eq!(s["errors"], 0);
}

#[test]
fn languages_and_any_language_force_processing() {
    let input = jsonl(&[("es", SPANISH), ("de", GERMAN)]);
    let out = run_stdin(&["extract", "-", "-q", "--languages", "en,es"], &input);
    assert!(out.status.success());
    let recs = records(&out);
    let es = by_id(&recs, "es");
    assert!(es["warning"].is_null());
    assert_eq!(es["language"]["code"], "es");
    assert!(!es["sentences"].as_array().unwrap().is_empty());
    assert!(by_id(&recs, "de")["warning"].is_string());

    let out = run_stdin(&["extract", "-", "-q", "--any-language"], &input);
    assert!(out.status.success());
    let recs = records(&out);
    for r in &recs {
        assert!(r["warning"].is_null(), "{r}");
        assert!(!r["sentences"].as_array().unwrap().is_empty());
    }
    assert_eq!(by_id(&recs, "de")["language"]["code"], "de");

    let bad = run_stdin(&["extract", "-", "-q", "--languages", "en,xx"], &input);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown language code \"xx\""));
}

#[test]
fn no_html_and_html_force_the_mode() {
    let input = jsonl(&[("html", HTML)]);
    let out = run_stdin(
        &["extract", "-", "-q", "--no-html", "--no-entities"],
        &input,
    );
    assert!(out.status.success());
    let r = &records(&out)[0];
    assert_eq!(r["html"], false);
    assert!(r.get("text").is_none());
    check_offsets(r, HTML);

    // --html parses even text without tags: whitespace collapses like a browser's
    let plain = "Mayor   Jane Roe said it.\n\nA second line.";
    let out = run_stdin(
        &["extract", "-", "-q", "--html", "--no-entities"],
        &jsonl(&[("p", plain)]),
    );
    let r = &records(&out)[0];
    assert_eq!(r["html"], true);
    assert_eq!(r["text"], "Mayor Jane Roe said it. A second line.");
}

#[test]
fn guillemets_and_low_high_marks_in_english() {
    let text = "«We are ready,» said Mayor Jane Roe on Monday.\n\n\
                „We will not give up,“ said Senator Tom Smith later that day.";
    let out = run_stdin(&["extract", "-", "-q"], &jsonl(&[("marks", text)]));
    assert!(out.status.success());
    let r = &records(&out)[0];
    assert_eq!(r["language"]["code"], "en");
    let qs: Vec<(&str, &str)> = r["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["text"].as_str().unwrap(),
                q["speaker_name"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(qs.contains(&("We are ready,", "Jane Roe")), "{qs:?}");
    assert!(
        qs.contains(&("We will not give up,", "Tom Smith")),
        "{qs:?}"
    );
    check_offsets(r, text);
}

fn texts(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The measurement the issue asks for: no PolNeAR train / dev article (nor its first line
/// alone) and no bundled sample is called non-English, and none is taken for an HTML document
/// (three PolNeAR articles keep an inline `<a href>`: those are cleaned as text with inline
/// tags, their lines kept).
#[test]
fn polnear_and_samples_are_english_and_not_html_documents() {
    let polnear = root().join("../shared/data/polnear");
    let mut all = Vec::new();
    for split in ["train", "dev"] {
        all.extend(texts(&polnear.join(split).join("text")));
    }
    assert!(all.len() >= 900, "PolNeAR train + dev: {} texts", all.len());
    all.extend(texts(&root().join("data/samples")));
    let mut flagged = Vec::new();
    // short texts: each article's first line (its headline) alone must stay English too
    let mut headlines = 0;
    for (id, t) in &all {
        let first = t.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
        headlines += 1;
        let l = lang::identify(first);
        if !l.is_english() {
            flagged.push(format!("{id} (first line {first:?}): {l:?}"));
        }
    }
    let mut markup = [0usize; 4];
    let mut unsure = 0;
    for (id, t) in &all {
        let l = lang::identify(t);
        if !l.is_english() {
            flagged.push(format!("{id}: {l:?}"));
        }
        if l.confidence.is_none() {
            unsure += 1;
        }
        markup[html::detect(t) as usize] += 1;
    }
    eprintln!(
        "{} texts and {headlines} first lines: {} flagged non-English, {} texts English by \
         default; markup none/refs/inline/doc {:?}",
        all.len(),
        flagged.len(),
        unsure,
        markup
    );
    assert!(flagged.is_empty(), "{flagged:#?}");
    assert_eq!(markup[html::Markup::Document as usize], 0);
    assert_eq!(markup[html::Markup::References as usize], 0);
    assert!(markup[html::Markup::Inline as usize] <= 3);
}

#[test]
fn markup_too_deep_to_parse_is_an_error_record_naming_it() {
    let deep = "<div>".repeat(5000) + "“Hi,” said Tom.";
    let input = jsonl(&[("deep", &deep), ("ok", HTML)]);
    let out = run_stdin(&["extract", "-", "-q", "--no-entities"], &input);
    assert_eq!(out.status.code(), Some(1), "one record failed");
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    let e = recs[0]["error"].as_str().unwrap();
    assert!(
        e.starts_with("<stdin>:1 (id deep): HTML nested 5000 elements deep"),
        "{e}"
    );
    assert!(e.contains("--no-html"), "{e}");
    assert!(recs[1]["error"].is_null());
    // with --no-html the raw text is processed as it is
    let out = run_stdin(
        &["extract", "-", "-q", "--no-entities", "--no-html"],
        &input,
    );
    assert!(out.status.success());
}
