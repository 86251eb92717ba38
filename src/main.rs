//! The `saywho` command line: argument parsing and reporting only; the work is in the library.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use saywho::io::{Inputs, Output, ReadOptions};
use saywho::pipeline::{Pipeline, Timer};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

const EXIT_HELP: &str = "\
EXIT STATUS:
    0  every record was processed
    1  the run completed, but some records failed (their output records carry `error`)
    2  the run could not start or could not finish (bad arguments, missing input, unwritable output)";

/// Who said what: quotes, speakers and claims from news articles.
#[derive(Parser)]
#[command(name = "saywho", version, about, after_help = EXIT_HELP)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Extract quotes and speakers: one JSON record per input article (JSON Lines).
    #[command(after_help = EXIT_HELP)]
    Extract(ExtractArgs),
}

#[derive(Args)]
struct ExtractArgs {
    /// JSONL files ({"id","text",...} per line), .txt files (id = file stem), directories of
    /// them (recursively, sorted), or `-` for JSONL on stdin.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Write records here (atomically, via OUT.partial) instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Articles larger than this many bytes get an error record instead of being processed.
    #[arg(long, default_value_t = 2_000_000, value_name = "BYTES")]
    max_bytes: usize,
    /// Records in flight at once (bounds memory).
    #[arg(long, default_value_t = 256, value_name = "N")]
    batch: usize,
    /// No progress bar or summary on stderr.
    #[arg(short, long)]
    quiet: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let res = match cli.cmd {
        Cmd::Extract(a) => extract(a),
    };
    match res {
        Ok(code) => code,
        Err(e) => {
            eprintln!("saywho: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn extract(a: ExtractArgs) -> anyhow::Result<ExitCode> {
    if let Some(n) = a.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("setting up threads")?;
    }
    let inputs = Inputs::open(&a.inputs, ReadOptions { max_bytes: a.max_bytes })?;
    let mut out = match &a.output {
        Some(p) => Output::file(p).with_context(|| format!("cannot write {}", p.display()))?,
        None => Output::stdout(),
    };
    let pipeline = Pipeline::new();
    let bar = if !a.quiet && std::io::stderr().is_terminal() {
        let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        b.set_style(ProgressStyle::with_template("{spinner} {pos} articles {per_sec} [{elapsed_precise}] {msg}").unwrap());
        Some(b)
    } else {
        None
    };
    let timer = Timer::start();
    let summary = pipeline
        .run(inputs, &mut out, a.batch, |s| {
            if let Some(b) = &bar {
                b.set_position(s.read as u64);
                b.set_message(format!("{} errors", s.errors));
            }
        })
        .context("writing output")?;
    out.finish().context("finishing output")?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if !a.quiet {
        let secs = timer.secs();
        eprintln!(
            "saywho: read {} / written {} / ok {} / errors {} in {:.2}s ({:.1} articles/s)",
            summary.read,
            summary.read,
            summary.ok,
            summary.errors,
            secs,
            summary.read as f64 / secs.max(1e-9)
        );
    }
    Ok(if summary.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
