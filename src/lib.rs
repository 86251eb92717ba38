//! saywho: who said what in news articles.
//!
//! A staged pipeline over one [`document::Document`] (text + layered span annotations):
//! segment -> quotes -> entities (transformer NER) -> attribution -> claims.
//! See `ARCHITECTURE.md` for the map.

pub mod attribution;
pub mod claims;
pub mod clean;
pub mod deadline;
pub mod document;
pub mod eval;
pub mod invariants;
pub mod io;
pub mod ner;
pub mod pipeline;
pub mod profile;
pub mod quotes;
pub mod render;
pub mod segment;
pub mod speakers;

pub use claims::ClaimModel;
pub use document::{Claim, Document, Quote, QuoteKind, Span, Stance};
pub use pipeline::{Pipeline, Summary};
