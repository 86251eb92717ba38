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
    /// Run the pipeline over a PolNeAR split (text/ + attributions/) and score it exactly like
    /// shared/eval/score.py (exact, overlap, end-to-end F1, speaker accuracy, recall by type).
    Eval(EvalArgs),
    /// Render extract output as one self-contained HTML report (quotes highlighted per speaker,
    /// speaker index, errors); opens offline in any browser.
    #[command(after_help = RENDER_HELP)]
    Render(RenderArgs),
}

#[derive(Args)]
struct EvalArgs {
    /// A PolNeAR split directory holding `text/` and `attributions/`, e.g. ../shared/data/polnear/dev
    #[arg(long, value_name = "DIR")]
    polnear: PathBuf,
    /// Also write the predictions (one output record per article) to this JSONL file.
    #[arg(long, value_name = "FILE")]
    save_predictions: Option<PathBuf>,
    /// Print the figures as JSON (the keys of `score.py --json`).
    #[arg(long)]
    json: bool,
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
    /// Also write each article's `text` into its record (for `saywho render` and review).
    #[arg(long)]
    keep_text: bool,
    /// Keep claims whose check-worthiness is at least this (0..1; the model puts its
    /// F1-optimal point on ClaimBuster dev at 0.5).
    #[arg(long, default_value_t = saywho::claims::DEFAULT_THRESHOLD, value_name = "T")]
    claims_threshold: f32,
    /// Skip the claims stage (no `checkworthiness`, empty `claims`).
    #[arg(long)]
    no_claims: bool,
    /// No progress bar or summary on stderr.
    #[arg(short, long)]
    quiet: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let res = match cli.cmd {
        Cmd::Extract(a) => extract(a),
        Cmd::Eval(a) => eval(a),
        Cmd::Render(a) => render(a),
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
    let inputs = Inputs::open(
        &a.inputs,
        ReadOptions {
            max_bytes: a.max_bytes,
        },
    )?;
    let mut out = match &a.output {
        Some(p) => Output::file(p).with_context(|| format!("cannot write {}", p.display()))?,
        None => Output::stdout(),
    };
    let mut pipeline = Pipeline::new().keep_text(a.keep_text);
    if !a.no_claims {
        anyhow::ensure!(
            (0.0..=1.0).contains(&a.claims_threshold),
            "--claims-threshold must be between 0 and 1"
        );
        let model = saywho::ClaimModel::shared_default().context("loading the claims model")?;
        pipeline = pipeline.claims(model, a.claims_threshold);
    }
    let bar = if !a.quiet && std::io::stderr().is_terminal() {
        let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} {pos} articles {per_sec} [{elapsed_precise}] {msg}",
            )
            .unwrap(),
        );
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
    Ok(if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn eval(a: EvalArgs) -> anyhow::Result<ExitCode> {
    use rayon::prelude::*;
    let gold = saywho::eval::load_polnear_split(&a.polnear)
        .with_context(|| format!("reading PolNeAR split {}", a.polnear.display()))?;
    let pipeline = Pipeline::new();
    let timer = Timer::start();
    let preds: Vec<serde_json::Value> = gold
        .par_iter()
        .map(|g| {
            pipeline.process(saywho::io::InputRecord {
                id: g.id.clone(),
                text: g.text.clone(),
                meta: Default::default(),
                origin: g.id.clone(),
                error: None,
            })
        })
        .collect();
    let secs = timer.secs();
    if let Some(p) = &a.save_predictions {
        let mut out = Output::file(p).with_context(|| format!("cannot write {}", p.display()))?;
        for r in &preds {
            out.write(r)?;
        }
        out.finish()?;
    }
    let report = saywho::eval::score(&gold, &preds);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report.to_json())?);
    } else {
        print!("{}", report.to_text_named("saywho"));
        eprintln!(
            "saywho: {} articles in {:.2}s ({:.1} articles/s)",
            gold.len(),
            secs,
            gold.len() as f64 / secs.max(1e-9)
        );
    }
    Ok(ExitCode::SUCCESS)
}

const RENDER_HELP: &str = "\
EXAMPLES:
    saywho extract articles/ --keep-text -o out.jsonl && saywho render out.jsonl -o report.html
    saywho extract articles.jsonl -o out.jsonl && saywho render out.jsonl articles.jsonl -o report.html

Article text comes from each record's `text` (extract --keep-text), else from ORIGINAL inputs
matched by id; records with neither are listed with their quotes only.";

#[derive(Args)]
struct RenderArgs {
    /// saywho extract output (JSON Lines, one record per article), or `-` for stdin.
    #[arg(value_name = "RECORDS")]
    records: PathBuf,
    /// The original inputs (JSONL, .txt files, directories), to supply article text when the
    /// records were written without --keep-text.
    #[arg(value_name = "ORIGINAL")]
    originals: Vec<PathBuf>,
    /// Write the HTML report here.
    #[arg(short, long, value_name = "OUT.html")]
    output: PathBuf,
    /// Page title.
    #[arg(long, default_value = "saywho report")]
    title: String,
    /// Expand the first N articles (the rest start collapsed).
    #[arg(long, default_value_t = 1, value_name = "N")]
    open: usize,
}

fn render(a: RenderArgs) -> anyhow::Result<ExitCode> {
    use std::io::BufRead;
    let reader: Box<dyn BufRead> = if a.records.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(&a.records)
            .with_context(|| format!("cannot open {}", a.records.display()))?;
        Box::new(std::io::BufReader::new(f))
    };
    let mut records = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", a.records.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not a JSON record", a.records.display(), i + 1))?;
        records.push(v);
    }
    let mut texts = std::collections::HashMap::new();
    if !a.originals.is_empty() {
        for r in Inputs::open(&a.originals, ReadOptions::default())? {
            if r.error.is_none() {
                texts.insert(r.id, r.text);
            }
        }
    }
    let opts = saywho::render::RenderOptions {
        title: a.title,
        open_articles: a.open,
    };
    let html = saywho::render::render_report_with(&records, &texts, &opts)?;
    let tmp = a.output.with_extension("html.partial");
    std::fs::write(&tmp, html).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &a.output)
        .with_context(|| format!("cannot write {}", a.output.display()))?;
    Ok(ExitCode::SUCCESS)
}
