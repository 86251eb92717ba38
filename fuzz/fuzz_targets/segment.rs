//! Segmenter: no panic; paragraphs, sentences and quote regions inside the text, on char
//! boundaries; sentences sorted and disjoint.
#![no_main]
use libfuzzer_sys::fuzz_target;
use saywho::Document;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut doc = Document::new("f", text);
    let regions = saywho::segment::segment(&mut doc);
    if let Err(e) = saywho::invariants::check_document(&doc) {
        panic!("{e}");
    }
    for r in &regions {
        for s in [r.outer, r.inner] {
            assert!(s.start <= s.end && s.end <= text.len(), "region {s:?}");
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }
});
