//! NER throughput: subword tokens per second over a folder of .txt articles (model load
//! excluded), with 1 and 2 threads.
//!
//! cargo run --release --example ner_bench -- /work/shared/data/polnear/dev/text [threads...]
//!
//! A thread count `N` runs N forward workers with one libtorch intra-op thread each (what
//! saywho does); `1xN` runs one worker whose passes use N intra-op threads (the layout before
//! forward workers), for comparison in the same process.

use anyhow::{Context, Result};
use saywho::ner::{default_model_dir, EntityTagger};
use std::time::Instant;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .context("usage: ner_bench <dir with .txt files> [threads ...]")?;
    let mut threads: Vec<String> = args.collect();
    if threads.is_empty() {
        threads = vec!["1".into(), "2".into()];
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
    let mut tagger = EntityTagger::load(&default_model_dir())?;
    // windows per forward pass (default: saywho's)
    if let Some(n) = std::env::var("NER_BENCH_WINDOWS")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        tagger.batch_windows = n;
    }
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
        let (workers, intra) = match n.split_once('x') {
            Some((w, i)) => (w.parse::<usize>()?, i.parse::<i32>()?),
            None => (n.parse::<usize>()?, 1),
        };
        tagger.workers = workers;
        tch::set_num_threads(intra);
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
