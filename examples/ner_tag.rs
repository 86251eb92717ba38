//! Print the entities of text files (one JSON line per entity, byte offsets).
//!
//! cargo run --release --example ner_tag -- data/samples/000_a4f25349d3a76f5a.txt

use anyhow::Result;
use saywho::ner::{default_model_dir, EntityTagger};

fn main() -> Result<()> {
    let tagger = EntityTagger::load(&default_model_dir())?;
    let texts: Vec<String> = std::env::args()
        .skip(1)
        .map(std::fs::read_to_string)
        .collect::<Result<_, _>>()?;
    let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
    for (i, ents) in tagger.tag_batch(&refs)?.iter().enumerate() {
        for e in ents {
            println!(
                "{}",
                serde_json::json!({"doc": i, "start": e.start, "end": e.end, "label": e.label,
                    "score": e.score, "text": &refs[i][e.start..e.end]})
            );
        }
    }
    Ok(())
}
