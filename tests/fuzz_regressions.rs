//! Inputs the fuzz targets (`fuzz/`) crashed on, or that exercise their invariants, run through
//! the same code as the targets (a plain test, no fuzzer needed).

use saywho::io::{Inputs, ReadOptions};
use saywho::{Document, Pipeline};

/// The `segment` and `annotate` targets.
fn annotate(text: &str) {
    let mut d = Document::new("f", text);
    saywho::segment::segment(&mut d);
    saywho::invariants::check_document(&d).unwrap();
    let doc = Pipeline::new().annotate(Document::new("f", text));
    saywho::invariants::check_document(&doc).unwrap();
    let rec = saywho::io::record_json(&doc, None);
    saywho::invariants::check_record(&rec, text).unwrap();
}

/// The `jsonl_reader` target.
fn read_jsonl(data: &[u8]) -> usize {
    let opts = ReadOptions { max_bytes: 256 };
    let reader = Box::new(std::io::Cursor::new(data.to_vec()));
    let lines = data.split(|&b| b == b'\n').count();
    let recs: Vec<_> = Inputs::from_reader("fuzz", reader, opts).collect();
    assert!(recs.len() <= lines);
    for r in &recs {
        assert!(!r.id.is_empty());
        match &r.error {
            Some(_) => assert!(r.text.is_empty()),
            None => assert!(!r.text.trim().is_empty() && r.text.len() <= opts.max_bytes),
        }
    }
    recs.len()
}

/// The `brat` target.
fn brat(data: &str) {
    let (text, ann) = data.split_once('\0').unwrap_or(("", data));
    if let Ok(ann) = saywho::eval::parse_ann(ann) {
        let mut problems = Vec::new();
        let _ = saywho::eval::brat::convert_article(text, &ann, "fuzz.ann", &mut problems);
    }
}

#[test]
fn seeds_of_every_target_hold_their_invariants() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for target in ["segment", "annotate", "jsonl_reader", "brat"] {
        let mut n = 0;
        for e in std::fs::read_dir(dir.join(target)).unwrap() {
            let p = e.unwrap().path();
            if !p
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("seed_")
            {
                continue;
            }
            let data = std::fs::read(&p).unwrap();
            n += 1;
            match target {
                "jsonl_reader" => {
                    read_jsonl(&data);
                }
                _ => {
                    let Ok(s) = std::str::from_utf8(&data) else {
                        continue;
                    };
                    if target == "brat" {
                        brat(s)
                    } else {
                        annotate(s)
                    }
                }
            }
        }
        assert!(n >= 3, "{target}: seeds");
    }
}

#[test]
fn reader_edge_cases() {
    assert_eq!(read_jsonl(b""), 0);
    assert_eq!(read_jsonl(b"\n\n\r\n"), 0);
    assert_eq!(read_jsonl(b"\xef\xbb\xbf"), 1);
    assert_eq!(read_jsonl(b"{\"id\":\"a\",\"text\":\"x\"}\r"), 1);
}

/// fuzz/artifacts/brat/crash-60f3f7bb...: an E record whose Content span lies past the end of
/// the article text panicked in `quote_type` (index out of bounds); now such characters are
/// skipped (the surface check reports the span as a problem).
#[test]
fn brat_content_span_past_the_text_end() {
    brat("Putin saidue 6 10\tsaid\nT3\tContent 12 23\twe will win\nE1\tAttribution:T2 Source:T1 Content:T3\n");
    let ann = saywho::eval::parse_ann(
        "T3\tContent 12 23\tx\nT4\tContent -3 2\ty\nE1\tContent:T3\nE2\tContent:T4\n",
    )
    .unwrap();
    let mut problems = Vec::new();
    let q = saywho::eval::brat::convert_article("short", &ann, "a.ann", &mut problems);
    assert_eq!(q.len(), 2);
    assert!(!problems.is_empty());
}

/// fuzz/artifacts/brat/timeout-4353b293...: a Content fragment ending at 377,777,777 made
/// `quote_type` loop over every index up to it (> 10 s); the loop now stops at the text end.
#[test]
fn brat_huge_span_end_is_cheap() {
    brat("abc\0T1\tContent 0 1;2 377777777\ta c\nT2\tSource 0 1\ta\nline continuation\nE2\tAttribution:T2 Content2:T1 Source:T2\n#1\tAnnotatorNotes T1\tnote\n");
    let ann =
        saywho::eval::parse_ann("T1\tContent 0 2;1 999999999999\tx\nE1\tContent:T1\n").unwrap();
    let mut problems = Vec::new();
    let q = saywho::eval::brat::convert_article("abc", &ann, "a.ann", &mut problems);
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].qtype.as_deref(), Some("indirect"));
}
