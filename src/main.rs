//! The `saywho` command line: argument parsing and reporting only; the work is in the library.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use saywho::io::resume;
use saywho::io::stats::{DupIds, RunStats};
use saywho::io::{Inputs, Output, ReadOptions};
use saywho::pipeline::{Pipeline, Timer};
use saywho::profile::Profile;
use saywho::quotes::learned::Mode;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

const EXIT_HELP: &str = "\
EXIT STATUS:
    0  every record was processed
    1  the run completed, but some records failed (their output records carry `error`)
    2  the run could not start or could not finish (bad arguments, missing input, unwritable output)";

const EXTRACT_HELP: &str = "\
INPUT FORMATS:
    JSONL, .txt and directories as above; gzip (also concatenated members) and zstd input is
    recognised by its first bytes and decompressed on the fly, Parquet by `PAR1` (stdin: JSONL,
    plain or compressed, not Parquet). A compressed file cut short or corrupt yields the records
    before the break plus one error record naming the line where it broke. --id-field and
    --text-field pick other field / column names:
        saywho extract news.jsonl.gz --text-field maintext -o out.jsonl
        saywho extract train.parquet --id-field url -o out.parquet

RESUME:
    A run killed mid-way (crash, SIGKILL, out of memory, job time limit) is continued with the same
    command plus --resume:  saywho extract in.jsonl -o out.jsonl --resume
    It keeps the complete records (full JSON lines) already in OUT -- or in OUT.partial when
    the killed run was not --resume and OUT does not exist yet -- drops a cut-off last line (that
    record is reprocessed), skips that many input records (checking their ids in order; other
    inputs are refused with exit 2) and appends the rest to OUT, flushed after every --batch.
    The result equals an uninterrupted run. Without --resume, OUT is written atomically.

SHARDS:
    --shard K/N keeps the records whose id hashes to K (FNV-1a 64 of the id's UTF-8 bytes,
    modulo N; a record unreadable before its id, e.g. bad JSON, goes by its `file:line`, which
    is also its output id). Other shards' records are skipped: not processed, not written, not
    errors (--stats counts them as other_shards). Given the same inputs, the outputs of shards
    0/N .. N-1/N together hold every record of the unsharded run exactly once, each shard in
    input order. --resume works per shard (use the same --shard).

PROFILE:
    --profile prints, after the run, the wall time of each stage: read/parse, clean + language,
    entities (NER: tokenize, forward, decode; tokens and tokens/s), the parallel rule phase
    (segment, quotes, attribution, claims, record JSON, in thread-seconds) and write. Off, no
    timestamps are taken.

RECORDS:
    Every input record yields exactly one output record, in input order; a record that cannot
    be read or processed (bad JSON, missing id/text, invalid UTF-8, empty or oversized text,
    internal error, over --article-timeout) carries `error`. A record clearly not in English
    (or not in --languages) is not an error: it has empty lists, its `language` and a `warning`. Records repeating an earlier id
    are all processed and written; one warning on stderr gives their count.

WEB TEXT:
    Texts holding HTML tags or character references are cleaned before the stages (--html
    forces it, --no-html turns it off); such a record has `html: true` and carries the cleaned
    `text`, into which all its offsets point. Every record has `language`: {code, confidence,
    detected}. See docs/WEB-TEXT.md.

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
    #[command(after_help = EXTRACT_HELP)]
    Extract(ExtractArgs),
    /// Run the pipeline over a PolNeAR split (text/ + attributions/) and score it exactly like
    /// shared/eval/score.py (exact, overlap, end-to-end F1, speaker accuracy, recall by type).
    Eval(EvalArgs),
    /// Render extract output as one self-contained HTML report (quotes highlighted per speaker,
    /// speaker index, errors); opens offline in any browser.
    #[command(after_help = RENDER_HELP)]
    Render(RenderArgs),
    /// Group extract output by speaker: one JSON line per `speaker_key` (key, most frequent
    /// name, quote and article counts, example quote ids), most quotes first.
    #[command(after_help = SPEAKERS_HELP)]
    Speakers(SpeakersArgs),
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
    /// Skip the transformer entity stage (for an ablation: names from capitalised words).
    #[arg(long)]
    no_entities: bool,
    /// Number format of the transformer. `auto` (default): `int8` where the CPU has
    /// AVX512-VNNI (fastest, F1 of fp32), else `bf16` where it has AVX512-BF16, else `fp32`.
    /// See models/README.md.
    /// Overrides SAYWHO_NER_DTYPE.
    #[arg(long, value_name = "P")]
    precision: Option<saywho::ner::model::Precision>,
    /// Where quotes come from: `rules`, the learned `tagger`, or `combined` (see extract).
    #[arg(long, default_value = "combined", value_name = "MODE")]
    attribution: saywho::quotes::learned::Mode,
    /// Score rules only, tagger only and combined, and print one table row for each.
    #[arg(long, conflicts_with = "save_predictions")]
    ablation: bool,
    /// Score only the articles whose ids are listed in FILE (one per line), e.g. the PolNeAR
    /// train articles the attribution head was not trained on (models/ner/attr_holdout.txt).
    #[arg(long, value_name = "FILE")]
    only_ids: Option<PathBuf>,
    /// Drop quotes whose calibrated `confidence` is below P before scoring, as extract
    /// --min-confidence does (same default; 0 scores every quote found)
    #[arg(long, value_name = "P", value_parser = parse_probability,
          default_value_t = saywho::attribution::confidence::DEFAULT_MIN_CONFIDENCE)]
    min_confidence: f32,
    /// Also print how well `confidence` is calibrated: reliability bins, expected calibration
    /// error, and the end-to-end precision / recall at --min-confidence 0.5 / 0.8 / 0.9
    #[arg(long)]
    calibration: bool,
}

#[derive(Args)]
struct ExtractArgs {
    /// JSONL files ({"id","text",...} per line), .txt files (id = file stem), Parquet files
    /// (one article per row), directories of them (recursively, sorted: *.jsonl, *.json,
    /// *.ndjson, *.txt, *.parquet, also with .gz / .zst), or `-` for JSONL on stdin. gzip and
    /// zstd input is decompressed whatever its name (recognised by content), see INPUT FORMATS.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Write records here (atomically, via OUT.partial) instead of stdout. The name picks the
    /// format: `.gz` gzip- and `.zst` zstd-compressed JSON Lines, `.parquet` Parquet (schema
    /// in docs/OUTPUT.md), anything else JSON Lines; `-` is stdout.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// The input field (JSONL) or column (Parquet) holding each article's id. A dotted name
    /// (`doc.id`) reaches into nested objects when no field has that exact name.
    #[arg(long, default_value = "id", value_name = "NAME")]
    id_field: String,
    /// The input field (JSONL) or column (Parquet) holding each article's text, e.g.
    /// `maintext` for news-please, `content`, `body`. Dotted names as for --id-field. All other
    /// fields go to `meta`.
    #[arg(long, default_value = "text", value_name = "NAME")]
    text_field: String,
    /// Continue an interrupted run: keep the complete records already in OUT (or in
    /// OUT.partial when OUT does not exist), drop a cut-off last line, skip those input
    /// records (checking their ids, in order) and append the rest to OUT, flushed per batch.
    /// Not for compressed (.gz, .zst) or Parquet output.
    #[arg(long, requires = "output")]
    resume: bool,
    /// Also write the end-of-run summary (read / ok / errors / seconds / articles per second)
    /// as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    stats: Option<PathBuf>,
    /// An article whose processing takes longer than this gets an error record (0: no bound).
    #[arg(long, default_value_t = 60.0, value_name = "SECS")]
    article_timeout: f64,
    /// Worker threads (default: all cores); also the entity stage's forward-pass threads
    /// unless SAYWHO_NER_THREADS is set. Output does not depend on it.
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
    /// Parse every text as HTML (tags dropped, block tags as paragraph breaks, boilerplate
    /// removed, character references decoded). Default: only texts in which a known tag or a
    /// character reference (`&ldquo;`, `&#8217;`) is found. The record then carries the
    /// cleaned `text` and every offset points into it (see docs/WEB-TEXT.md).
    #[arg(long, conflicts_with = "no_html")]
    html: bool,
    /// Never clean markup: texts are processed exactly as given.
    #[arg(long)]
    no_html: bool,
    /// Process records identified as one of these languages (comma-separated ISO 639-1 or
    /// 639-3 codes, e.g. `en,es`); others get empty layers and a `warning`. The stages are
    /// built for English: other languages give poor results. Short or mixed texts count as
    /// English.
    #[arg(
        long,
        default_value = "en",
        value_name = "CODES",
        conflicts_with = "any_language"
    )]
    languages: String,
    /// Process every record whatever its language (it is still identified: `language`).
    #[arg(long)]
    any_language: bool,
    /// Keep claims whose check-worthiness is at least this (0..1). Default: the scoring
    /// model's F1-optimal point on the ClaimBuster dev split: 0.5 for the linear model, the
    /// head's own (models/claims/head.json `threshold`) with --claims-head.
    #[arg(long, value_name = "T")]
    claims_threshold: Option<f32>,
    /// Score check-worthiness with the transformer claims head (models/claims/head.json over
    /// the fine-tuned claims tower tower.safetensors: sentence + context states, calibrated)
    /// instead of the linear model. Opt-in: about 1.8x the run time; see
    /// models/claims/README.md for where it is better and where not. Needs the entity stage.
    /// --stats says which model ran (`claims_model`).
    #[arg(long, conflicts_with_all = ["no_entities", "no_claims"])]
    claims_head: bool,
    /// Skip the claims stage (no `checkworthiness`, empty `claims`).
    #[arg(long)]
    no_claims: bool,
    /// Skip the transformer entity stage (empty `entities`; speaker names then come from
    /// capitalised words; quotes from the rules only). Faster, less accurate.
    #[arg(long)]
    no_entities: bool,
    /// Number format of the transformer. `auto` (default): `int8` where the CPU has
    /// AVX512-VNNI (fastest, F1 of fp32), else `bf16` where it has AVX512-BF16, else `fp32`.
    /// See models/README.md.
    /// Overrides SAYWHO_NER_DTYPE.
    #[arg(long, value_name = "P")]
    precision: Option<saywho::ner::model::Precision>,
    /// Where quotes come from: `rules` (quotation marks and cue-verb frames), `tagger` (the
    /// transformer's source / cue / content head), or `combined`: the rule quotes plus the
    /// tagger's quotes over text the rules left alone [default: combined; rules with
    /// --no-entities].
    #[arg(long, value_name = "MODE")]
    attribution: Option<saywho::quotes::learned::Mode>,
    /// Keep only quotes whose `confidence` is at least P. `confidence` is calibrated: the
    /// probability that the quote's content and its speaker mention are both right (see
    /// docs/OUTPUT.md). The default, 0.35, drops the quotes more likely wrong than a typical
    /// quote is right (the F1-optimal cut for calibrated scores); 0.8 keeps quotes that were
    /// right end to end 92 % of the time on PolNeAR dev; 0 keeps every quote found
    #[arg(long, value_name = "P", value_parser = parse_probability,
          default_value_t = saywho::attribution::confidence::DEFAULT_MIN_CONFIDENCE)]
    min_confidence: f32,
    /// Process only this shard of the input: records whose id hashes (FNV-1a 64) to K modulo
    /// N (0 <= K < N). Unreadable records without an id go by their `file:line`. Running
    /// 0/N .. N-1/N with the same inputs yields every record exactly once (see SHARDS below).
    #[arg(long, value_name = "K/N")]
    shard: Option<saywho::io::shard::Shard>,
    /// Print a per-stage time breakdown (read, entities, rule stages, write; NER tokens/s) to
    /// stderr at the end of the run (also under "profile" in --stats FILE).
    #[arg(long)]
    profile: bool,
    /// Name stdin `NAME` and number its first line LINE (default 1) in messages and in the ids
    /// of unreadable records, for a slice of a file piped in (used by scripts/spark_extract.py).
    #[arg(long, value_name = "NAME[:LINE]")]
    stdin_origin: Option<String>,
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
        Cmd::Speakers(a) => speakers(a),
    };
    match res {
        Ok(code) => code,
        Err(e) => {
            eprintln!("saywho: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `-o -` is stdout, as `-` is stdin among the inputs: clears `output`, and says whether it
/// was `-`.
fn stdout_dash(output: &mut Option<PathBuf>) -> bool {
    let dash = output.as_deref().is_some_and(|p| p.as_os_str() == "-");
    if dash {
        *output = None;
    }
    dash
}

fn extract(mut a: ExtractArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    anyhow::ensure!(
        !(stdout_dash(&mut a.output) && a.resume),
        "--resume needs an output file to continue; `-o -` is stdout"
    );
    if let Some(n) = a.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("setting up threads")?;
        // the entity stage's forward-pass threads follow --threads unless set explicitly
        if std::env::var_os("SAYWHO_NER_THREADS").is_none() {
            std::env::set_var("SAYWHO_NER_THREADS", n.max(1).to_string());
        }
    }
    anyhow::ensure!(
        a.article_timeout >= 0.0 && a.article_timeout.is_finite(),
        "--article-timeout must be a number of seconds >= 0"
    );
    let timeout = (a.article_timeout > 0.0).then(|| Duration::from_secs_f64(a.article_timeout));
    anyhow::ensure!(
        !a.id_field.is_empty() && !a.text_field.is_empty(),
        "--id-field and --text-field need a name"
    );
    anyhow::ensure!(
        a.id_field != a.text_field,
        "--id-field and --text-field name the same field ({})",
        a.id_field
    );
    if let (true, Some(p)) = (a.resume, &a.output) {
        resume::check_resumable(p)?;
    }
    let inputs = Inputs::open(
        &a.inputs,
        ReadOptions {
            max_bytes: a.max_bytes,
        },
    )?
    .fields(saywho::io::Fields {
        id: a.id_field.clone(),
        text: a.text_field.clone(),
    });
    let inputs = match &a.stdin_origin {
        Some(o) => {
            let (name, line) = match o.rsplit_once(':') {
                Some((n, l)) if !n.is_empty() && l.parse::<usize>().is_ok() => {
                    (n, l.parse::<usize>().unwrap())
                }
                _ => (o.as_str(), 1),
            };
            anyhow::ensure!(line >= 1, "--stdin-origin: line numbers start at 1");
            inputs.stdin_origin(name, line)
        }
        None => inputs,
    };
    let mut stats = RunStats::default();
    let (inputs, others): (Box<dyn Iterator<Item = _>>, _) = match a.shard {
        Some(sh) => {
            let (f, c) = saywho::io::shard::ShardFilter::new(inputs, sh);
            (Box::new(f), Some(c))
        }
        None => (Box::new(inputs), None),
    };
    stats.shard = a.shard;
    let mut inputs = inputs.peekable();
    let mut done_ids = Vec::new();
    let mut out = match &a.output {
        Some(p) if a.resume => {
            let r = resume::prepare(p).with_context(|| format!("resuming {}", p.display()))?;
            stats.resumed = resume::skip_done(&mut inputs, &r.ids)?;
            stats.resumed_errors = r.errors;
            done_ids = r.ids;
            Output::append(p).with_context(|| format!("cannot append to {}", p.display()))?
        }
        Some(p) => Output::file(p).with_context(|| format!("cannot write {}", p.display()))?,
        None => Output::stdout(),
    };
    let (inputs, dups) = DupIds::new(inputs, done_ids);
    let languages = if a.any_language {
        saywho::clean::Languages::Any
    } else {
        saywho::clean::Languages::Only(
            saywho::clean::parse_languages(&a.languages).map_err(|e| anyhow::anyhow!(e))?,
        )
    };
    let html = match (a.html, a.no_html) {
        (true, _) => saywho::clean::HtmlMode::Always,
        (_, true) => saywho::clean::HtmlMode::Never,
        _ => saywho::clean::HtmlMode::Auto,
    };
    let mut pipeline = Pipeline::new()
        .clean(saywho::clean::CleanOptions { html, languages })
        .keep_text(a.keep_text)
        .article_timeout(timeout)
        .attribution(a.attribution.unwrap_or(Mode::Combined))
        .min_confidence(a.min_confidence);
    if !a.no_entities {
        pipeline = pipeline.entities(load_tagger(a.precision)?);
    }
    if let Some(m) = a.attribution.filter(|&m| m != pipeline.effective_mode()) {
        anyhow::bail!(
            "--attribution {} needs the transformer's attribution head ({}); \
             use --attribution rules",
            m.as_str(),
            if a.no_entities {
                "--no-entities turns it off".to_string()
            } else {
                format!(
                    "the model in {} has none",
                    saywho::ner::default_model_dir().display()
                )
            }
        );
    }
    let profile = a.profile.then(|| std::sync::Arc::new(Profile::new()));
    if let Some(p) = &profile {
        pipeline = pipeline.profile(p.clone());
    }
    if !a.no_claims {
        let model = saywho::ClaimModel::shared_default().context("loading the claims model")?;
        let head = match a.claims_head {
            false => None,
            true => Some(
                saywho::claims::head::ClaimHead::shared_default()
                    .context("loading the claims head")?
                    .with_context(|| {
                        format!(
                            "--claims-head: no claims head at {}",
                            saywho::claims::head::ClaimHead::default_path().display()
                        )
                    })?,
            ),
        };
        let threshold = a.claims_threshold.unwrap_or(match &head {
            Some(h) => h.threshold,
            None => saywho::claims::DEFAULT_THRESHOLD,
        });
        anyhow::ensure!(
            (0.0..=1.0).contains(&threshold),
            "--claims-threshold must be between 0 and 1"
        );
        pipeline = pipeline.claims(model, threshold);
        if let Some(h) = head {
            pipeline = pipeline.claim_head(h)?;
        }
    }
    stats.claims_model = pipeline.claims_model();
    stats.confidence_calibration = Some(pipeline.calibration());
    stats.min_confidence = a.min_confidence;
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
    stats.summary = summary;
    stats.seconds = timer.secs();
    stats.duplicate_ids = dups.get();
    stats.other_shards = others.map_or(0, |c| c.get());
    if stats.duplicate_ids > 0 {
        eprintln!(
            "saywho: warning: {} records repeat an earlier id (all processed and written, in input order)",
            stats.duplicate_ids
        );
    }
    if !a.quiet {
        eprintln!("{}", stats.line());
    }
    if let Some(p) = &profile {
        // wall time of the whole command, model loading included
        let wall = started.elapsed().as_secs_f64();
        eprint!("{}", p.report(wall));
        stats.profile = Some(p.to_json(wall));
    }
    if let Some(p) = &a.stats {
        stats
            .write(p)
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    Ok(if stats.total_errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The NER model from `models/ner` (or `$SAYWHO_MODELS/ner`), loaded once per process.
/// A `--min-confidence` value: a number in [0, 1].
fn parse_probability(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("`{s}` is not a probability between 0 and 1")),
    }
}

fn load_tagger(
    precision: Option<saywho::ner::model::Precision>,
) -> anyhow::Result<std::sync::Arc<saywho::ner::EntityTagger>> {
    let dir = saywho::ner::default_model_dir();
    let precision = precision.unwrap_or_else(saywho::ner::model::inference_precision);
    let t = saywho::ner::EntityTagger::load_with(&dir, precision).with_context(|| {
        format!(
            "loading the entity model from {} (run ./scripts/setup.sh; --no-entities skips the stage)",
            dir.display()
        )
    })?;
    Ok(std::sync::Arc::new(t))
}

fn eval(a: EvalArgs) -> anyhow::Result<ExitCode> {
    let mut gold = saywho::eval::load_polnear_split(&a.polnear)
        .with_context(|| format!("reading PolNeAR split {}", a.polnear.display()))?;
    if let Some(f) = &a.only_ids {
        let ids: std::collections::HashSet<String> = std::fs::read_to_string(f)
            .with_context(|| format!("reading {}", f.display()))?
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        gold.retain(|g| ids.contains(&g.id));
        anyhow::ensure!(
            !gold.is_empty(),
            "none of the ids in {} is an article of {}",
            f.display(),
            a.polnear.display()
        );
    }
    // gold offsets point into the texts as given, and PolNeAR is English: no cleaning, no
    // language filter (the language is still identified and recorded)
    let mut pipeline = Pipeline::new()
        .clean(saywho::clean::CleanOptions::untouched())
        .min_confidence(a.min_confidence);
    if !a.no_entities {
        pipeline = pipeline.entities(load_tagger(a.precision)?);
    }
    let run = |pipeline: &Pipeline| {
        let timer = Timer::start();
        let preds = saywho::eval::predict(pipeline, &gold);
        (preds, timer.secs())
    };
    if a.ablation {
        use saywho::quotes::learned::Mode;
        println!("| attribution | exact F1 | overlap0.3 F1 | end-to-end F1 | speaker acc. | direct R@0.3 | indirect R@0.3 | speech R@0.3 | articles/s |");
        println!("|---|---|---|---|---|---|---|---|---|");
        for mode in [Mode::Rules, Mode::Tagger, Mode::Combined] {
            let p = pipeline.clone().attribution(mode);
            if p.effective_mode() != mode {
                println!(
                    "| {} | (the model has no attribution head) |||||||| ",
                    mode.as_str()
                );
                continue;
            }
            let (preds, secs) = run(&p);
            let j = saywho::eval::score(&gold, &preds).to_json();
            let f = |path: &[&str]| {
                let mut v = &j;
                for k in path {
                    v = &v[*k];
                }
                100.0 * v.as_f64().unwrap_or(0.0)
            };
            println!(
                "| {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
                mode.as_str(),
                f(&["detection", "exact", "F1"]),
                f(&["detection", "overlap0.3", "F1"]),
                f(&["end_to_end", "F1"]),
                f(&["speaker", "accuracy"]),
                f(&["recall_by_subset", "direct", "overlap0.3"]),
                f(&["recall_by_subset", "indirect", "overlap0.3"]),
                f(&["recall_by_subset", "speech", "overlap0.3"]),
                gold.len() as f64 / secs.max(1e-9)
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let pipeline = pipeline.attribution(a.attribution);
    let (preds, secs) = run(&pipeline);
    if let Some(p) = &a.save_predictions {
        let mut out = Output::file(p).with_context(|| format!("cannot write {}", p.display()))?;
        for r in &preds {
            out.write(r)?;
        }
        out.finish()?;
    }
    let report = saywho::eval::score(&gold, &preds);
    let cal = a
        .calibration
        .then(|| saywho::eval::calibration(&gold, &preds));
    if a.json {
        let mut j = report.to_json();
        if let Some(c) = &cal {
            j["calibration"] = c.to_json();
        }
        println!("{}", serde_json::to_string_pretty(&j)?);
    } else {
        print!("{}", report.to_text_named("saywho"));
        if let Some(c) = &cal {
            print!("\n{}", c.to_text());
        }
        eprintln!(
            "saywho: {} articles in {:.2}s ({:.1} articles/s), attribution: {}",
            gold.len(),
            secs,
            gold.len() as f64 / secs.max(1e-9),
            pipeline.effective_mode().as_str()
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

const SPEAKERS_HELP: &str = "\
EXAMPLE:
    saywho extract articles/ -q -o out.jsonl && saywho speakers out.jsonl -o speakers.jsonl

OUTPUT (one JSON line per speaker_key, most quotes first; ties: more articles, then key):
    {\"key\": \"donald trump\", \"name\": \"Donald Trump\", \"quotes\": 85, \"articles\": 31,
     \"names\": [[\"Donald Trump\", 66], [\"Donald J. Trump\", 19]], \"examples\": [\"ID#0\", ...]}
    name: the most frequent canonical name; names: every spelling with its quote count;
    examples: the first 3 quotes as ID#N (record id, index into its `quotes`).
    Quotes without a key (unresolved pronouns, descriptions such as `a spokesman`) are counted
    in the summary on stderr only. Records with `error` are skipped. Input written before
    `speaker_key` existed is keyed from `speaker_name` with the same rules (docs/OUTPUT.md).

Streams its inputs: memory grows with the number of distinct speakers, not with the corpus.
A line that is not a JSON record stops the run with exit status 2, naming FILE:LINE.";

#[derive(Args)]
struct SpeakersArgs {
    /// saywho extract outputs (JSON Lines), any number; `-` reads stdin.
    #[arg(value_name = "RECORDS", required = true)]
    inputs: Vec<PathBuf>,
    /// Write the speaker rows here (atomically, via OUT.partial) instead of stdout (`-`: stdout).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// No summary on stderr.
    #[arg(short, long)]
    quiet: bool,
}

fn speakers(mut a: SpeakersArgs) -> anyhow::Result<ExitCode> {
    stdout_dash(&mut a.output);
    let mut s = saywho::speakers::Speakers::new();
    for p in &a.inputs {
        let res = if p.as_os_str() == "-" {
            s.add_lines(std::io::stdin().lock(), "<stdin>")
        } else {
            let f =
                std::fs::File::open(p).with_context(|| format!("cannot open {}", p.display()))?;
            s.add_lines(
                std::io::BufReader::with_capacity(1 << 16, f),
                &p.display().to_string(),
            )
        };
        res.map_err(anyhow::Error::msg)?;
    }
    let mut out = match &a.output {
        Some(p) => Output::file(p).with_context(|| format!("cannot write {}", p.display()))?,
        None => Output::stdout(),
    };
    for row in s.rows() {
        out.write(&row)?;
    }
    out.finish()?;
    if !a.quiet {
        eprintln!(
            "saywho: {} speakers from {} records ({} with errors skipped); {} quotes with a \
             speaker but no key, {} without a speaker",
            s.len(),
            s.records(),
            s.error_records,
            s.unkeyed_quotes,
            s.no_speaker_quotes
        );
    }
    Ok(ExitCode::SUCCESS)
}
