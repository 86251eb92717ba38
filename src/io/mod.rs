//! Reading inputs and writing output records (the contract in `shared/docs/OUTPUT.md`).

pub mod reader;
pub mod resume;
pub mod shard;
pub mod stats;
pub mod writer;

pub use reader::{InputRecord, Inputs, ReadOptions};
pub use writer::{record_json, Output};
