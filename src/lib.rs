//! saywho: who said what -- quote extraction and speaker attribution for news articles.

pub mod eval;
