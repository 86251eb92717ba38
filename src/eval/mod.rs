//! Evaluation against PolNeAR: brat/PolNeAR gold reading (a port of
//! `shared/eval/polnear_convert.py`) and a faithful port of the reference scorer
//! `shared/eval/score.py`.
//!
//! ```no_run
//! use std::path::Path;
//! use saywho::eval::{load_jsonl, load_polnear_split, score};
//! # fn main() -> anyhow::Result<()> {
//! let gold = load_polnear_split(Path::new("../shared/data/polnear/dev"))?;
//! let preds = load_jsonl(Path::new("predictions.jsonl"))?; // OUTPUT.md records
//! let report = score(&gold, &preds);
//! println!("{}", report.to_text_named("predictions.jsonl")); // = `python3 score.py GOLD PRED`
//! println!("{}", report.to_json()); //                        = `... --json` (same keys)
//! # Ok(()) }
//! ```
//!
//! Offsets everywhere are Unicode code point offsets (Python `str` indices); character classes
//! follow Python's `str.isspace()` / `str.isalnum()` / `unicodedata.category` exactly.

pub mod brat;
pub mod calibration;
mod pyuni;
#[rustfmt::skip]
mod pyuni_tables;
pub mod score;

pub use brat::{convert_polnear_split, load_polnear_split, parse_ann};
pub use calibration::{calibration, Calibration};
pub use score::{
    load_gold_jsonl, load_jsonl, name_match, outcomes, resolve_inputs, score, score_files, GoldDoc,
    GoldQuote, Outcome, Prf, Report, LEVELS, SPK_CASES, SUBSETS,
};

/// The pipeline's output records for gold articles, in order (`saywho eval` and the
/// calibration trainer): each article's text goes in as it is, with its id as the record's
/// origin, 64 articles per batch.
pub fn predict(pipeline: &crate::Pipeline, docs: &[GoldDoc]) -> Vec<serde_json::Value> {
    let mut out = Vec::with_capacity(docs.len());
    for chunk in docs.chunks(64) {
        let recs = chunk
            .iter()
            .map(|g| crate::io::InputRecord {
                id: g.id.clone(),
                text: g.text.clone(),
                meta: Default::default(),
                origin: g.id.clone(),
                error: None,
            })
            .collect();
        out.extend(pipeline.process_batch(recs));
    }
    out
}
