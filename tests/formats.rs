//! Corpora as they come, through the real `saywho` binary: gzip / zstd / Parquet input (by
//! content, not by name), compressed and Parquet output, other field names, a truncated
//! compressed file, and the Parquet output read back with pyarrow and pandas.
//!
//! Fixtures are generated here (flate2, zstd, the parquet crate), not committed.

use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

/// id, text, url, n
type Article = (String, String, String, i64);

fn saywho() -> Command {
    Command::new(env!("CARGO_BIN_EXE_saywho"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = saywho()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    if let Some(data) = stdin {
        pipe.write_all(data).unwrap();
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "saywho failed ({:?}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Articles made of the seed sample's paragraphs (3 each), with `url` and `n` as extra fields.
fn articles(n: usize) -> Vec<Article> {
    let sample =
        std::fs::read_to_string(root().join("data/samples/000_a4f25349d3a76f5a.txt")).unwrap();
    let paras: Vec<&str> = sample
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    (0..n)
        .map(|i| {
            let text: Vec<&str> = (0..3).map(|j| paras[(3 * i + j) % paras.len()]).collect();
            (
                format!("art-{i}"),
                text.join("\n\n"),
                format!("https://example.org/{i}"),
                i as i64,
            )
        })
        .collect()
}

/// JSONL with the text under `text_field`.
fn jsonl(arts: &[Article], text_field: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for (id, text, url, n) in arts {
        let mut m = serde_json::Map::new();
        m.insert("id".into(), json!(id));
        m.insert(text_field.into(), json!(text));
        m.insert("url".into(), json!(url));
        m.insert("n".into(), json!(n));
        out.extend(Value::Object(m).to_string().into_bytes());
        out.push(b'\n');
    }
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(data)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// A Parquet file of the articles (columns id, `text_field`, url, n), `per_group` rows per
/// row group.
fn parquet(path: &Path, arts: &[Article], text_field: &str, per_group: usize) {
    let f = std::fs::File::create(path).unwrap();
    let mut w: Option<parquet::arrow::ArrowWriter<std::fs::File>> = None;
    let mut f = Some(f);
    for group in arts.chunks(per_group) {
        let col = |get: &dyn Fn(&Article) -> String| -> ArrayRef {
            Arc::new(StringArray::from(group.iter().map(get).collect::<Vec<_>>()))
        };
        let batch = RecordBatch::try_from_iter(vec![
            ("id", col(&|a| a.0.clone())),
            (text_field, col(&|a| a.1.clone())),
            ("url", col(&|a| a.2.clone())),
            (
                "n",
                Arc::new(Int64Array::from(
                    group.iter().map(|a| a.3).collect::<Vec<_>>(),
                )) as ArrayRef,
            ),
        ])
        .unwrap();
        let w = w.get_or_insert_with(|| {
            parquet::arrow::ArrowWriter::try_new(f.take().unwrap(), batch.schema(), None).unwrap()
        });
        w.write(&batch).unwrap();
        w.flush().unwrap();
    }
    w.unwrap().close().unwrap();
}

/// The same corpus as .jsonl, .jsonl.gz (two gzip members, as `cat a.gz b.gz` makes), .zst, a
/// gzip file with a plain name, Parquet (two row groups, the text under `maintext`), a
/// directory, and gzip on stdin gives byte-identical records; `-o x.gz` / `-o x.zst` write
/// the same records compressed.
#[test]
fn same_corpus_in_every_format_gives_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let arts = articles(4);
    let plain = jsonl(&arts, "text");
    std::fs::write(d.join("c.jsonl"), &plain).unwrap();
    let half = plain
        .iter()
        .take(plain.len() / 2)
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    let mut two_members = gzip(&plain[..half]);
    two_members.extend(gzip(&plain[half..]));
    std::fs::write(d.join("c.jsonl.gz"), &two_members).unwrap();
    std::fs::write(
        d.join("c.jsonl.zst"),
        zstd::encode_all(&plain[..], 3).unwrap(),
    )
    .unwrap();
    // recognised by content, not by name
    std::fs::write(d.join("gz-named.jsonl"), gzip(&plain)).unwrap();
    parquet(&d.join("c.parquet"), &arts, "maintext", 3);
    std::fs::create_dir(d.join("corpus")).unwrap();
    std::fs::write(
        d.join("corpus/a.jsonl.zst"),
        zstd::encode_all(&plain[..half], 3).unwrap(),
    )
    .unwrap();
    std::fs::write(d.join("corpus/b.jsonl.gz"), gzip(&plain[half..])).unwrap();

    let out = d.join("plain.jsonl");
    ok(&run(
        &["extract", "-q", s(&d.join("c.jsonl")), "-o", s(&out)],
        None,
    ));
    let want = std::fs::read(&out).unwrap();
    let recs = lines(&want);
    assert_eq!(recs.len(), 4);
    assert!(recs.iter().all(|r| r["error"].is_null()));
    assert!(recs
        .iter()
        .any(|r| !r["quotes"].as_array().unwrap().is_empty()));
    assert_eq!(
        recs[2]["meta"],
        json!({"url": "https://example.org/2", "n": 2})
    );

    let gz_out = d.join("out.jsonl.gz");
    ok(&run(
        &["extract", "-q", s(&d.join("c.jsonl.gz")), "-o", s(&gz_out)],
        None,
    ));
    let gz_bytes = std::fs::read(&gz_out).unwrap();
    assert_eq!(&gz_bytes[..2], &[0x1f, 0x8b], "-o *.gz writes gzip");
    assert_eq!(gunzip(&gz_bytes), want, ".jsonl.gz (2 members) -> .gz");
    assert!(!d.join("out.jsonl.gz.partial").exists());

    let zst_out = d.join("out.zst");
    ok(&run(
        &[
            "extract",
            "-q",
            s(&d.join("c.jsonl.zst")),
            "-o",
            s(&zst_out),
        ],
        None,
    ));
    let zst = zstd::decode_all(&std::fs::read(&zst_out).unwrap()[..]).unwrap();
    assert_eq!(zst, want, ".jsonl.zst -> .zst");

    let o = run(&["extract", "-q", s(&d.join("gz-named.jsonl"))], None);
    ok(&o);
    assert_eq!(o.stdout, want, "gzip bytes under a plain name");

    let o = run(
        &[
            "extract",
            "-q",
            "--text-field",
            "maintext",
            s(&d.join("c.parquet")),
        ],
        None,
    );
    ok(&o);
    assert_eq!(
        o.stdout, want,
        "Parquet input (2 row groups, text in maintext)"
    );

    let o = run(&["extract", "-q", s(&d.join("corpus"))], None);
    ok(&o);
    assert_eq!(o.stdout, want, "a directory of .jsonl.zst and .jsonl.gz");

    let o = run(&["extract", "-q", "-"], Some(&gzip(&plain)));
    ok(&o);
    assert_eq!(o.stdout, want, "gzip on stdin");
}

/// `--text-field` / `--id-field`, also dotted into a nested object; the fields used leave
/// `meta`, the others stay; a record without the field is an error record naming it.
#[test]
fn renamed_and_nested_fields() {
    let dir = tempfile::tempdir().unwrap();
    let arts = articles(2);
    let news_please: String = arts
        .iter()
        .map(|(_, text, url, _)| {
            format!(
                "{}\n",
                json!({"url": url, "title": "T", "maintext": text, "language": "en"})
            )
        })
        .collect::<String>()
        + "{\"url\": \"https://example.org/x\", \"title\": \"no text\"}\n";
    let p = dir.path().join("np.jsonl.gz");
    std::fs::write(&p, gzip(news_please.as_bytes())).unwrap();
    let o = run(
        &[
            "extract",
            "-q",
            "--no-entities",
            "--id-field",
            "url",
            "--text-field",
            "maintext",
            s(&p),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "one record fails");
    let recs = lines(&o.stdout);
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["id"], "https://example.org/0");
    assert_eq!(recs[0]["meta"], json!({"title": "T", "language": "en"}));
    assert!(recs[0]["error"].is_null());
    assert!(!recs[0]["sentences"].as_array().unwrap().is_empty());
    let err = recs[2]["error"].as_str().unwrap();
    assert!(
        err.contains("np.jsonl.gz:3") && err.contains("missing \"maintext\""),
        "{err}"
    );
    assert_eq!(recs[2]["id"], "https://example.org/x");

    // the same articles with the standard names give the same annotations
    let std_in = dir.path().join("std.jsonl");
    std::fs::write(&std_in, jsonl(&arts, "text")).unwrap();
    let o = run(&["extract", "-q", "--no-entities", s(&std_in)], None);
    ok(&o);
    let std_recs = lines(&o.stdout);
    for k in ["sentences", "quotes", "claims"] {
        assert_eq!(recs[1][k], std_recs[1][k], "{k}");
    }

    // dotted: {"id": ..., "doc": {"body": ..., "lang": "en"}}
    let nested = format!(
        "{}\n",
        json!({"id": "n1", "doc": {"body": arts[0].1, "lang": "en"}})
    );
    let p = dir.path().join("nested.jsonl");
    std::fs::write(&p, nested).unwrap();
    let o = run(
        &[
            "extract",
            "-q",
            "--no-entities",
            "--text-field",
            "doc.body",
            s(&p),
        ],
        None,
    );
    ok(&o);
    let r = &lines(&o.stdout)[0];
    assert_eq!(r["meta"], json!({"doc": {"lang": "en"}}));
    assert_eq!(r["quotes"], std_recs[0]["quotes"]);
}

/// A gzip / zstd file cut short: the records before the break, then exactly one error record
/// saying where the stream broke; exit status 1, no crash, no silent stop.
/// (About 300 KB of text, so that the zstd frame has several 128 KB blocks: a zstd reader
/// yields nothing of an incomplete block.)
#[test]
fn truncated_compressed_input_gives_readable_records_and_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let recs: String = (0..60)
        .map(|i| {
            format!(
                "{}\n",
                json!({"id": format!("r{i}"), "text": format!("Record {i}: \"We will win,\" Ann Lee said on day {i}. {}", "More words here. ".repeat(300 + i % 7))})
            )
        })
        .collect();
    let full = recs.as_bytes();
    let n_lines = 60;
    for (name, packed) in [
        ("cut.jsonl.gz", gzip(full)),
        ("cut.jsonl.zst", zstd::encode_all(full, 3).unwrap()),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, &packed[..packed.len() * 2 / 3]).unwrap();
        let o = run(&["extract", "-q", "--no-entities", s(&p)], None);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let out = lines(&o.stdout);
        let k = out.len() - 1;
        assert!(k >= 1 && k < n_lines, "{name}: {k} readable records");
        for (i, r) in out[..k].iter().enumerate() {
            assert_eq!(r["id"], format!("r{i}"));
            assert!(r["error"].is_null(), "{name}: {r}");
        }
        let last = &out[k];
        let err = last["error"].as_str().unwrap();
        let at = format!("{}:{}", p.display(), k + 1);
        assert_eq!(last["id"], at.as_str());
        assert!(
            err.contains(&at) && err.contains("truncated or corrupt"),
            "{name}: {err}"
        );
        assert!(err.contains(if name.ends_with("gz") { "gzip" } else { "zstd" }));
    }
}

/// `--resume` on compressed or Parquet output is refused with a clear message (exit 2), before
/// anything is written.
#[test]
fn resume_is_refused_for_compressed_and_parquet_output() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("in.jsonl");
    std::fs::write(&p, jsonl(&articles(1), "text")).unwrap();
    for out in ["o.jsonl.gz", "o.jsonl.zst", "o.parquet"] {
        let o = dir.path().join(out);
        let r = run(
            &[
                "extract",
                "-q",
                "--no-entities",
                s(&p),
                "-o",
                s(&o),
                "--resume",
            ],
            None,
        );
        assert_eq!(r.status.code(), Some(2), "{out}");
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(err.contains("--resume cannot continue"), "{out}: {err}");
        assert!(!o.exists());
    }
}

const PY_CHECK: &str = r#"
import json, os, sys
import pyarrow.parquet as pq
import pandas as pd

pq_path, jsonl_path = sys.argv[1], sys.argv[2]
want = [json.loads(l) for l in open(jsonl_path, encoding="utf-8")]
pf = pq.ParquetFile(pq_path)
assert pf.metadata.num_row_groups > 1, pf.metadata.num_row_groups
rows = pf.read().to_pylist()
assert len(rows) == len(want), (len(rows), len(want))

def same(a, b, path):
    if isinstance(b, dict):
        assert isinstance(a, dict), (path, a)
        assert set(a) == set(b), (path, sorted(a), sorted(b))
        for k in b:
            same(a[k], b[k], path + "." + k)
    elif isinstance(b, list):
        assert len(a) == len(b), (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, "%s[%d]" % (path, i))
    else:
        assert type(a) == type(b) and a == b, (path, a, b)

checked = 0
for row, rec in zip(rows, want):
    assert row["extra"] is None, row["extra"]
    assert json.loads(row["meta"]) == rec["meta"]
    for k in rec:
        if k != "meta":
            same(row[k], rec[k], k)
            checked += 1

df = pd.read_parquet(pq_path)
assert list(df["id"]) == [r["id"] for r in want]
i = max(range(len(want)), key=lambda i: len(want[i]["quotes"]))
row, rec = df.iloc[i], want[i]
assert row["text"] == rec["text"]
assert json.loads(row["meta"]) == rec["meta"]
assert len(row["quotes"]) == len(rec["quotes"]) > 0
for q, wq in zip(row["quotes"], rec["quotes"]):
    for k in ["kind", "text", "start", "end", "speaker_name", "confidence"]:
        assert q[k] == wq[k] or (q[k] is None and wq[k] is None), (k, q[k], wq[k])
    assert [list(s) for s in q["spans"]] == wq["spans"]
    if wq["cue"] is not None:
        assert dict(q["cue"]) == wq["cue"]
    assert (q["speaker"] is None) == (wq["speaker"] is None)
assert len(row["entities"]) == len(rec["entities"])
assert len(row["claims"]) == len(rec["claims"])
assert [s["start"] for s in row["sentences"]] == [s["start"] for s in rec["sentences"]]
print("ok: %d records, %d fields compared, record %s via pandas" % (len(rows), checked, rec["id"]))
sys.stdout.flush()
# every check passed: leave without interpreter teardown, where pyarrow's thread pools
# occasionally abort ("terminate called without an active exception") on a loaded machine
os._exit(0)
"#;

/// The venv with pyarrow + pandas that `scripts/setup_test.d/pyarrow.sh` makes (run here when it
/// is missing); `None` only when it cannot be made (no python3 / no PyPI).
fn pyarrow_python() -> Option<PathBuf> {
    let py = root().join(".tools/pyarrow-venv/bin/python");
    let check = |py: &Path| {
        Command::new(py)
            .args(["-c", "import pyarrow, pandas"])
            .status()
            .is_ok_and(|s| s.success())
    };
    if py.exists() && check(&py) {
        return Some(py);
    }
    let st = Command::new("bash")
        .arg(root().join("scripts/setup_test.d/pyarrow.sh"))
        .status();
    (st.is_ok_and(|s| s.success()) && check(&py)).then_some(py)
}

/// `-o out.parquet` (one row group per --batch) read with pyarrow and pandas equals the JSONL
/// output of the same run, record by record and field by field.
#[test]
fn parquet_output_read_by_pyarrow_and_pandas_equals_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = d.join("in.jsonl");
    let mut input = jsonl(&articles(5), "text");
    input.extend(b"{\"id\": \"empty\", \"text\": \"  \", \"url\": null}\n");
    std::fs::write(&p, input).unwrap();
    let (pq_out, js_out) = (d.join("out.parquet"), d.join("out.jsonl"));
    for out in [&pq_out, &js_out] {
        let o = run(
            &[
                "extract",
                "-q",
                "--keep-text",
                "--batch",
                "2",
                s(&p),
                "-o",
                s(out),
            ],
            None,
        );
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert!(!d.join("out.parquet.partial").exists());
    assert_eq!(&std::fs::read(&pq_out).unwrap()[..4], b"PAR1");
    let Some(py) = pyarrow_python() else {
        eprintln!(
            "SKIPPED parquet_output_read_by_pyarrow_and_pandas_equals_jsonl: the pyarrow venv \
             (.tools/pyarrow-venv, scripts/setup_test.d/pyarrow.sh) could not be made"
        );
        return;
    };
    let script = d.join("check.py");
    std::fs::write(&script, PY_CHECK).unwrap();
    let o = Command::new(py)
        .arg(&script)
        .arg(&pq_out)
        .arg(&js_out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    eprintln!("{}", String::from_utf8_lossy(&o.stdout));

    // and saywho reads its own Parquet output's id column back
    let o = run(
        &[
            "extract",
            "-q",
            "--no-entities",
            "--text-field",
            "text",
            s(&pq_out),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let again = lines(&o.stdout);
    assert_eq!(again.len(), 6);
    assert_eq!(again[0]["id"], "art-0");
}
