//! JSONL reader over arbitrary bytes: no panic; at most one record per line; every record
//! either carries an error (and no text) or a non-empty id and text within --max-bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use saywho::io::{Inputs, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let reader = Box::new(std::io::Cursor::new(data.to_vec()));
    let opts = ReadOptions { max_bytes: 256 };
    let lines = data.split(|&b| b == b'\n').count();
    let mut n = 0;
    for r in Inputs::from_reader("fuzz", reader, opts) {
        n += 1;
        assert!(n <= lines, "more records than lines");
        assert!(!r.id.is_empty());
        match &r.error {
            Some(e) => {
                assert!(r.text.is_empty());
                assert!(e.contains("fuzz:"), "{e}");
            }
            None => {
                assert!(!r.text.trim().is_empty());
                assert!(r.text.len() <= opts.max_bytes);
            }
        }
    }
});
