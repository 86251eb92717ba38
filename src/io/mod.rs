//! Reading inputs and writing output records (the contract in `shared/docs/OUTPUT.md`).

pub mod compress;
pub mod parquet;
pub mod reader;
pub mod resume;
pub mod shard;
pub mod stats;
pub mod writer;

pub use reader::{Fields, InputRecord, Inputs, ReadOptions};
pub use writer::{record_json, Output};
