//! Evaluation against PolNeAR: brat/PolNeAR gold reading and a faithful port of the
//! reference scorer `shared/eval/score.py`.

pub mod brat;
mod pyuni;
#[rustfmt::skip]
mod pyuni_tables;
pub mod score;

pub use brat::{convert_polnear_split, load_polnear_split, parse_ann};
pub use score::{
    load_gold_jsonl, load_jsonl, name_match, resolve_inputs, score, score_files, GoldDoc,
    GoldQuote, Prf, Report, LEVELS, SPK_CASES, SUBSETS,
};
