//! brat reader: `parse_ann` on arbitrary text, then the gold conversion of the parsed
//! annotations against an article (input = article text, a 0x00 byte, the .ann text). No panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let (text, ann) = s.split_once('\0').unwrap_or(("", s));
    if let Ok(ann) = saywho::eval::parse_ann(ann) {
        for t in ann.t.values() {
            assert!(!t.spans.is_empty());
        }
        let mut problems = Vec::new();
        let _ = saywho::eval::brat::convert_article(text, &ann, "fuzz.ann", &mut problems);
    }
});
