//! NER throughput: subword tokens per second over a folder of .txt articles (model load
//! excluded), with 1 and 2 libtorch threads.
//!
//! cargo run --release --example ner_bench -- /work/shared/data/polnear/dev/text [threads...]

use anyhow::{Context, Result};
use saywho::ner::{default_model_dir, EntityTagger};
use std::time::Instant;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .context("usage: ner_bench <dir with .txt files> [threads ...]")?;
    let mut threads: Vec<i32> = args.map(|a| a.parse()).collect::<Result<_, _>>()?;
    if threads.is_empty() {
        threads = vec![1, 2];
    }
    let mut paths: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .map(std::fs::read_to_string)
        .collect::<Result<_, _>>()?;
    let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
    let t = Instant::now();
    let tagger = EntityTagger::load(&default_model_dir())?;
    println!("model load {:.2}s", t.elapsed().as_secs_f64());
    let tokens: usize = refs
        .iter()
        .map(|t| tagger.tokenize(t).map(|v| v.len()))
        .sum::<Result<usize>>()?;
    let bytes: usize = refs.iter().map(|t| t.len()).sum();
    println!(
        "{} articles, {} bytes, {} subword tokens",
        refs.len(),
        bytes,
        tokens
    );
    tagger.tag_batch(&refs[..refs.len().min(4)])?; // warm-up
    for n in threads {
        tch::set_num_threads(n);
        let t = Instant::now();
        let mut ents = 0;
        for chunk in refs.chunks(16) {
            ents += tagger
                .tag_batch(chunk)?
                .iter()
                .map(|v| v.len())
                .sum::<usize>();
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "threads {n}: {s:.2}s, {:.0} tokens/s, {:.1} articles/s, {ents} entities",
            tokens as f64 / s,
            refs.len() as f64 / s
        );
    }
    Ok(())
}
