pub mod ner;
