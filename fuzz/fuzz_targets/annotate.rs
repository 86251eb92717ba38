//! Quote parser: segment + quotes::extract + attribution::resolve (`Pipeline::annotate`). No
//! panic; every span inside the text on char boundaries; the output record's code point offsets
//! slice to each span's text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use saywho::{Document, Pipeline};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = Pipeline::new().annotate(Document::new("f", text));
    if let Err(e) = saywho::invariants::check_document(&doc) {
        panic!("{e}");
    }
    let rec = saywho::io::record_json(&doc, None);
    if let Err(e) = saywho::invariants::check_record(&rec, text) {
        panic!("{e}");
    }
});
