//! The `rubric` command line: what a backend or a CI pipeline uses to lint rubrics,
//! re-score answers and verify submitted reviews with exactly the widget's engine.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod report;

use clap::{Parser, Subcommand, ValueEnum};
use serde_json::Value;

use crate::core::error::parse_json;
use crate::core::generate::{self, Spec};
use crate::core::schema::Document;
use crate::core::{
    Answers, JsonPath, Method, Mode, Problem, Problems, Review, Reviewer, RubricRef, Score, Scorer,
};

/// Exit status: the input was invalid, unreadable, or (with `--verify`) disagreed.
const FAILED: u8 = 1;

#[derive(Debug, Parser)]
#[command(
    name = "rubric",
    version,
    about = "Lint rubric/v1 files, score answers with the widget's engine, print JSON Schemas."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check rubrics: a one-line summary each on stdout, every problem on stderr; exit 1
    /// when any is invalid.
    Validate {
        /// The rubric files (`-` for stdin): every one is checked, a line each.
        #[arg(required = true)]
        rubrics: Vec<PathBuf>,
    },
    /// Score answers against a rubric and print the score object as JSON.
    Score {
        /// The rubric file.
        rubric: PathBuf,
        /// A bare answers object, or a whole review/v1 document (its `answers` are used).
        answers: PathBuf,
        /// With a review: exit 1 when the score it carries differs from the re-computed one.
        #[arg(long)]
        verify: bool,
    },
    /// Compare an inspector's review with an expert's review of the same call
    /// (calibration): per item, per section, the totals, the agreement and the verdict.
    Compare {
        rubric: PathBuf,
        /// The inspector's answers or review.
        mine: PathBuf,
        /// The expert's answers or review.
        reference: PathBuf,
        /// How far apart the totals may be, in points.
        #[arg(long, default_value_t = crate::core::compare::DEFAULT_TOLERANCE)]
        tolerance: f64,
    },
    /// Wrap answers into a complete review/v1 document, scored (e.g. an expert's
    /// reference review for calibration).
    Review(ReviewArgs),
    /// Report on reviews (stats/v1, docs/reports.md): the summary, items, agents,
    /// reviewers and the trend of one rubric over a period, as JSON, CSV or Markdown.
    Report(report::ReportArgs),
    /// Print the JSON Schema of a document type.
    Schema {
        #[arg(value_enum)]
        document: SchemaArg,
    },
    /// Print a generated, realistic rubric (or answers for it): deterministic per N and seed.
    Gen {
        /// Number of scored items.
        items: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, value_enum)]
        method: Option<MethodArg>,
        /// Print answers for the rubric instead, made from this seed.
        #[arg(long, value_name = "SEED")]
        answers: Option<u64>,
    },
}

#[derive(Debug, clap::Args)]
struct ReviewArgs {
    rubric: PathBuf,
    answers: PathBuf,
    /// The review's id (a UUID); a random v4 one when absent.
    #[arg(long)]
    id: Option<uuid::Uuid>,
    #[arg(long, value_enum, default_value = "inspect")]
    mode: ModeArg,
    /// The reviewer's id.
    #[arg(long)]
    reviewer: Option<String>,
    /// Context, as key=value (repeatable), e.g. --context call_id=C-88231.
    #[arg(long, value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// started_at and submitted_at (RFC 3339); now when absent.
    #[arg(long)]
    at: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SchemaArg {
    Rubric,
    Answers,
    Score,
    Review,
    Config,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ModeArg {
    Inspect,
    Quiz,
    Calibrate,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum MethodArg {
    Sum,
    Weighted,
    Deduct,
}

/// The `rubric` binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let stderr = io::stderr();
    ExitCode::from(run(cli.command, &mut stdout.lock(), &mut stderr.lock()))
}

fn run(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = match command {
        Command::Validate { rubrics } => validate_all(&rubrics, out, err),
        Command::Score {
            rubric,
            answers,
            verify,
        } => score(&rubric, &answers, verify, out, err),
        Command::Compare {
            rubric,
            mine,
            reference,
            tolerance,
        } => compare(&rubric, &mine, &reference, tolerance, out),
        Command::Review(args) => review(args, out),
        Command::Report(args) => report::report(args, out),
        Command::Schema { document } => {
            let schema = match document {
                SchemaArg::Rubric => Document::Rubric.schema(),
                SchemaArg::Answers => Document::Answers.schema(),
                SchemaArg::Score => Document::Score.schema(),
                SchemaArg::Review => Document::Review.schema(),
                SchemaArg::Config => crate::config::WidgetConfig::schema(),
            };
            print_json(out, &schema)
        }
        Command::Gen {
            items,
            seed,
            method,
            answers,
        } => {
            let method = method.map(|m| match m {
                MethodArg::Sum => Method::Sum,
                MethodArg::Weighted => Method::Weighted,
                MethodArg::Deduct => Method::Deduct,
            });
            let rubric = generate::rubric(Spec {
                items,
                seed,
                method,
            });
            match answers {
                Some(seed) => print_json(out, &generate::answers(&rubric, seed)),
                None => print_json(out, &rubric),
            }
        }
    };
    match result {
        Ok(code) => code,
        Err(failure) => {
            // Nothing useful can be done if stderr itself is gone.
            let _ = writeln!(err, "{failure}");
            FAILED
        }
    }
}

/// Why a command failed; each names the file (or argument) it is about.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Every problem of a document, a line each.
    #[error("{}", problem_lines(path, problems))]
    Problems { path: PathBuf, problems: Problems },
    #[error("{}: --verify needs a review/v1 document with a score", path.display())]
    NoScore { path: PathBuf },
    #[error("{}: score: not a score object: {source}", path.display())]
    NotAScore {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("--context {pair:?}: expected KEY=VALUE")]
    Context { pair: String },
    #[error("cannot serialize: {0}")]
    Serialize(#[source] serde_json::Error),
    #[error(transparent)]
    Query(#[from] crate::core::stats::QueryError),
    #[error("cannot write: {0}")]
    Write(#[source] io::Error),
}

fn problem_lines(path: &Path, problems: &Problems) -> String {
    let lines: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {p}", path.display()))
        .collect();
    lines.join("\n")
}

impl Failure {
    fn problems(file: &Path, problems: &Problems) -> Failure {
        Failure::Problems {
            path: file.to_owned(),
            problems: problems.clone(),
        }
    }
}

fn read(path: &Path) -> Result<String, Failure> {
    let mut text = String::new();
    let result = if path == Path::new("-") {
        io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    result.map_err(|source| Failure::Read {
        path: path.to_owned(),
        source,
    })?;
    Ok(text)
}

fn load_scorer(path: &Path) -> Result<Scorer, Failure> {
    Scorer::from_json(&read(path)?).map_err(|p| Failure::problems(path, &p))
}

/// Check every rubric: its summary on stdout or its problems on stderr; 1 when any
/// is invalid.
fn validate_all(
    paths: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Failure> {
    let mut code = 0;
    for path in paths {
        if let Err(failure) = validate(path, out) {
            write_line(err, &failure.to_string())?;
            code = FAILED;
        }
    }
    Ok(code)
}

fn validate(path: &Path, out: &mut dyn Write) -> Result<(), Failure> {
    let scorer = load_scorer(path)?;
    let rubric = scorer.rubric();
    let scoring = &rubric.scoring;
    let line = format!(
        "{}: ok: {} {} \"{}\": {}, max {}, precision {}, {} sections, {} items",
        path.display(),
        rubric.id,
        rubric.version,
        rubric.text(&rubric.title, None),
        scoring.method.as_str(),
        scoring.max(),
        scoring.precision(),
        rubric.sections.len(),
        scorer.len(),
    );
    write_line(out, &line)?;
    Ok(())
}

fn score(
    rubric_path: &Path,
    answers_path: &Path,
    verify: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Failure> {
    let scorer = load_scorer(rubric_path)?;
    let (answers, recorded) = read_answers(answers_path)?;
    let bad = |p: Problems| Failure::problems(answers_path, &p);
    let resolved = scorer.resolve(&answers).map_err(bad)?;
    for warning in resolved.warnings() {
        // Nothing useful can be done if stderr itself is gone.
        let _ = writeln!(err, "{}: warning: {warning}", answers_path.display());
    }
    let score = scorer.score_resolved(&resolved);
    print_json(out, &score)?;
    if !verify {
        return Ok(0);
    }
    let Some(recorded) = recorded else {
        return Err(Failure::NoScore {
            path: answers_path.to_owned(),
        });
    };
    let recorded: Score =
        serde_json::from_value(recorded).map_err(|source| Failure::NotAScore {
            path: answers_path.to_owned(),
            source,
        })?;
    let differences = recorded.differences(&score);
    if differences.is_empty() {
        return Ok(0);
    }
    // Likewise.
    let _ = writeln!(
        err,
        "{}: the review's score differs from the re-computed one:",
        answers_path.display()
    );
    for d in differences {
        // Likewise.
        let _ = writeln!(err, "  {d}");
    }
    Ok(FAILED)
}

/// The answers in a file: a bare answers object, or a whole review/v1 document (its
/// `answers`, with the `score` it carries).
fn read_answers(path: &Path) -> Result<(Answers, Option<Value>), Failure> {
    let bad = |p: Problems| Failure::problems(path, &p);
    let value = parse_json(&read(path)?).map_err(bad)?;
    let (answers, recorded) = match value.get("format") {
        Some(Value::String(f)) if f == "review/v1" => {
            let answers = value.get("answers").cloned().unwrap_or(Value::Null);
            (answers, value.get("score").cloned())
        }
        Some(other) => {
            let p = Problem::invalid(
                JsonPath::field("format"),
                "\"review/v1\"",
                other.to_string(),
            );
            return Err(bad(Problems::one(p)));
        }
        None => (value, None),
    };
    Ok((Answers::from_value(&answers).map_err(bad)?, recorded))
}

/// A random v4 UUID from the standard library's per-process random keys (the `uuid`
/// crate's own generator would bring a random source into the wasm build too).
fn random_uuid() -> uuid::Uuid {
    use std::hash::{BuildHasher, Hasher};
    let mut bytes = [0u8; 16];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_usize(i);
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        chunk.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

fn review(args: ReviewArgs, out: &mut dyn Write) -> Result<u8, Failure> {
    let text = read(&args.rubric)?;
    let scorer = Scorer::from_json(&text).map_err(|p| Failure::problems(&args.rubric, &p))?;
    let (answers, _) = read_answers(&args.answers)?;
    let score = scorer
        .score(&answers)
        .map_err(|p| Failure::problems(&args.answers, &p))?;
    let context = args
        .context
        .iter()
        .map(|pair| {
            pair.split_once('=')
                .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
                .ok_or_else(|| Failure::Context { pair: pair.clone() })
        })
        .collect::<Result<_, _>>()?;
    let mode = match args.mode {
        ModeArg::Inspect => Mode::Inspect,
        ModeArg::Quiz => Mode::Quiz,
        ModeArg::Calibrate => Mode::Calibrate,
    };
    let at = args
        .at
        .unwrap_or_else(|| jiff::Timestamp::now().to_string());
    let rubric = RubricRef::new(scorer.rubric(), &text);
    let id = args.id.unwrap_or_else(random_uuid);
    let review = Review::new(id, rubric, answers, score, at.clone(), at)
        .with_mode(mode)
        .with_context(context)
        .with_reviewer(args.reviewer.map(|id| Reviewer { id, name: None }));
    print_json(out, &review)
}

fn compare(
    rubric_path: &Path,
    mine_path: &Path,
    reference_path: &Path,
    tolerance: f64,
    out: &mut dyn Write,
) -> Result<u8, Failure> {
    let scorer = load_scorer(rubric_path)?;
    let (mine, _) = read_answers(mine_path)?;
    let (reference, _) = read_answers(reference_path)?;
    scorer
        .resolve(&mine)
        .map_err(|p| Failure::problems(mine_path, &p))?;
    scorer
        .resolve(&reference)
        .map_err(|p| Failure::problems(reference_path, &p))?;
    let comparison = crate::core::compare(&scorer, &mine, &reference, tolerance)
        .map_err(|p| Failure::problems(mine_path, &p))?;
    print_json(out, &comparison)
}

fn print_json(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<u8, Failure> {
    let text = serde_json::to_string_pretty(value).map_err(Failure::Serialize)?;
    write_line(out, &text)?;
    Ok(0)
}

fn write_line(out: &mut dyn Write, line: &str) -> Result<(), Failure> {
    writeln!(out, "{line}").map_err(Failure::Write)
}
