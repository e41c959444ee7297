//! The `rubric` command line: what a backend or a CI pipeline uses to lint rubrics,
//! re-score answers and verify submitted reviews with exactly the widget's engine.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde_json::Value;

use crate::core::error::parse_json;
use crate::core::generate::{self, Spec};
use crate::core::schema::Document;
use crate::core::{Answers, JsonPath, Method, Problem, Problems, Score, Scorer};

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
    /// Check a rubric: exit 0 with a one-line summary, or 1 with every problem on stderr.
    Validate {
        /// The rubric file (`-` for stdin).
        rubric: PathBuf,
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

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SchemaArg {
    Rubric,
    Answers,
    Score,
    Review,
    Config,
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
        Command::Validate { rubric } => validate(&rubric, out),
        Command::Score {
            rubric,
            answers,
            verify,
        } => score(&rubric, &answers, verify, out, err),
        Command::Schema { document } => {
            let doc = match document {
                SchemaArg::Rubric => Document::Rubric,
                SchemaArg::Answers => Document::Answers,
                SchemaArg::Score => Document::Score,
                SchemaArg::Review => Document::Review,
                SchemaArg::Config => Document::Config,
            };
            print_json(out, &doc.schema())
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

/// Why a command failed: the message names the file and every problem in it.
#[derive(Debug)]
struct Failure(String);

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Failure {
    fn problems(file: &Path, problems: &Problems) -> Failure {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {p}", file.display()))
            .collect();
        Failure(lines.join("\n"))
    }
}

fn read(path: &Path) -> Result<String, Failure> {
    let mut text = String::new();
    let result = if path == Path::new("-") {
        io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    result.map_err(|e| Failure(format!("{}: cannot read: {e}", path.display())))?;
    Ok(text)
}

fn load_scorer(path: &Path) -> Result<Scorer, Failure> {
    Scorer::from_json(&read(path)?).map_err(|p| Failure::problems(path, &p))
}

fn validate(path: &Path, out: &mut dyn Write) -> Result<u8, Failure> {
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
    writeln!(out, "{line}").map_err(|e| Failure(format!("cannot write: {e}")))?;
    Ok(0)
}

fn score(
    rubric_path: &Path,
    answers_path: &Path,
    verify: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Failure> {
    let scorer = load_scorer(rubric_path)?;
    let text = read(answers_path)?;
    let bad = |p: Problems| Failure::problems(answers_path, &p);
    let value = parse_json(&text).map_err(bad)?;
    let (answers_value, recorded) = match value.get("format") {
        Some(Value::String(f)) if f == "review/v1" => {
            let answers = value.get("answers").cloned().unwrap_or(Value::Null);
            let recorded = value.get("score").cloned();
            (answers, recorded)
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
    let answers = Answers::from_value(&answers_value).map_err(bad)?;
    let resolved = scorer.resolve(&answers).map_err(bad)?;
    for warning in resolved.warnings() {
        let _ = writeln!(err, "{}: warning: {warning}", answers_path.display());
    }
    let score = scorer.score_resolved(&resolved);
    print_json(out, &score)?;
    if !verify {
        return Ok(0);
    }
    let Some(recorded) = recorded else {
        return Err(Failure(format!(
            "{}: --verify needs a review/v1 document with a score",
            answers_path.display()
        )));
    };
    let recorded: Score = serde_json::from_value(recorded).map_err(|e| {
        Failure(format!(
            "{}: score: not a score object: {e}",
            answers_path.display()
        ))
    })?;
    let differences = recorded.differences(&score);
    if differences.is_empty() {
        return Ok(0);
    }
    let _ = writeln!(
        err,
        "{}: the review's score differs from the re-computed one:",
        answers_path.display()
    );
    for d in differences {
        let _ = writeln!(err, "  {d}");
    }
    Ok(FAILED)
}

fn print_json(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<u8, Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure(format!("cannot serialize: {e}")))?;
    writeln!(out, "{text}").map_err(|e| Failure(format!("cannot write: {e}")))?;
    Ok(0)
}
