//! `rubric report`: `stats/v1` (docs/reports.md) over reviews as NDJSON (what the
//! receiver's export streams), as JSON, or its tables as CSV or Markdown.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde_json::Value;

use super::{Failure, print_json, read};
use crate::core::stats::{Fact, Query, Report, Stats};
use crate::core::{JsonPath, Problem, Problems, Review, Scorer};

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The rubric id reported on (every version counts).
    #[arg(long)]
    rubric: String,
    /// The period, [from, to), RFC 3339 (e.g. 2026-11-01T00:00:00+08:00).
    #[arg(long)]
    from: String,
    #[arg(long)]
    to: String,
    /// IANA time zone of the trend's buckets.
    #[arg(long, default_value = "UTC")]
    tz: String,
    #[arg(long, value_enum, default_value = "week")]
    bucket: BucketArg,
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// With csv or md: only this table.
    #[arg(long, value_enum)]
    table: Option<TableArg>,
    /// The newest version of the rubric: its items give the items table its order
    /// (else the order they first appear in).
    #[arg(long, value_name = "FILE")]
    rubric_file: Option<PathBuf>,
    #[arg(long)]
    agent_id: Option<String>,
    #[arg(long)]
    team: Option<String>,
    #[arg(long)]
    reviewer_id: Option<String>,
    /// Reviews, one review/v1 document per line (`-` for stdin).
    reviews: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum BucketArg {
    Day,
    Week,
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, ValueEnum)]
enum Format {
    Json,
    Csv,
    Md,
}

#[derive(Debug, Clone, Copy, PartialEq, ValueEnum)]
enum TableArg {
    Summary,
    Items,
    Agents,
    Reviewers,
    Trend,
}

/// One table of a report: its name, header and rows, as text.
struct Table {
    name: TableArg,
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

/// A figure as a cell: null is empty, an object is `key:n; key:n`.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}:{v}"))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

fn table(name: TableArg, rows: &Value, header: &[&'static str]) -> Table {
    let list = match rows {
        Value::Array(list) => list.clone(),
        one => vec![one.clone()],
    };
    Table {
        name,
        header: header.to_vec(),
        rows: list
            .iter()
            .map(|row| header.iter().map(|h| cell(&row[*h])).collect())
            .collect(),
    }
}

fn tables(stats: &Stats) -> Vec<Table> {
    let v = serde_json::to_value(stats).unwrap_or_default();
    let rates = ["pass_rate", "fatal_rate", "error_rate"];
    let summary = [
        &["reviews", "mean_total", "median_total"][..],
        &rates,
        &["critical_rate", "grades"],
    ]
    .concat();
    let items = [
        "id",
        "applicable",
        "lost",
        "loss_rate",
        "points_lost",
        "fired",
        "na",
        "tags",
    ];
    let agents = [
        &["agent_id", "reviews", "mean_total"][..],
        &rates,
        &["previous_mean_total", "delta"],
    ]
    .concat();
    let trend = [&["start", "reviews", "mean_total"][..], &rates].concat();
    vec![
        table(TableArg::Summary, &v["summary"], &summary),
        table(TableArg::Items, &v["items"], &items),
        table(TableArg::Agents, &v["agents"], &agents),
        table(
            TableArg::Reviewers,
            &v["reviewers"],
            &["reviewer_id", "reviews", "mean_total", "leniency"],
        ),
        table(TableArg::Trend, &v["trend"]["points"], &trend),
    ]
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn render(t: &Table, format: Format, titled: bool) -> String {
    let name = t
        .name
        .to_possible_value()
        .map(|v| v.get_name().to_owned())
        .unwrap_or_default();
    let line = |cells: Vec<String>| match format {
        Format::Md => format!("| {} |", cells.join(" | ")),
        _ => cells
            .iter()
            .map(|c| csv_field(c))
            .collect::<Vec<_>>()
            .join(","),
    };
    let mut out = Vec::new();
    if titled {
        out.push(match format {
            Format::Md => format!("## {name}\n"),
            _ => name,
        });
    }
    out.push(line(t.header.iter().map(|h| (*h).to_owned()).collect()));
    if format == Format::Md {
        out.push(line(t.header.iter().map(|_| "---".to_owned()).collect()));
    }
    out.extend(t.rows.iter().map(|r| line(r.clone())));
    out.join("\n") + "\n"
}

/// The facts of the NDJSON reviews in `path` (a problem names its line), and the item
/// ids in the order they first appear.
fn facts(path: &Path, text: &str) -> Result<(Vec<Fact>, Vec<String>), Failure> {
    let (mut facts, mut order) = (Vec::new(), Vec::<String>::new());
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let at = |problems| Failure::Problems {
            path: PathBuf::from(format!("{}:{}", path.display(), n + 1)),
            problems,
        };
        let review = Review::from_json(line).map_err(at)?;
        let fact = Fact::of(&review, &review.score).ok_or_else(|| {
            let problem = Problem::invalid(
                JsonPath::root().key("submitted_at"),
                "an RFC 3339 timestamp",
                format!("{:?}", review.submitted_at),
            );
            at(Problems::one(problem))
        })?;
        for item in &fact.items {
            if !order.contains(&item.id) {
                order.push(item.id.clone());
            }
        }
        facts.push(fact);
    }
    Ok((facts, order))
}

pub fn report(args: ReportArgs, out: &mut dyn Write) -> Result<u8, Failure> {
    let bucket = match args.bucket {
        BucketArg::Day => "day",
        BucketArg::Week => "week",
        BucketArg::Month => "month",
    };
    let mut query = Query::new(
        &args.rubric,
        &args.from,
        &args.to,
        Some(&args.tz),
        Some(bucket),
    )
    .map_err(Failure::Query)?;
    (query.agent_id, query.team, query.reviewer_id) = (args.agent_id, args.team, args.reviewer_id);
    let (facts, seen) = facts(&args.reviews, &read(&args.reviews)?)?;
    let order = match &args.rubric_file {
        Some(path) => {
            let scorer = Scorer::from_json(&read(path)?).map_err(|p| Failure::Problems {
                path: path.clone(),
                problems: p,
            })?;
            scorer
                .rubric()
                .items()
                .map(|(_, i)| i.id.to_string())
                .collect()
        }
        None => seen,
    };
    let mut report = Report::new(query, order);
    for fact in &facts {
        report.add(fact);
    }
    let stats = report.finish();
    if args.format == Format::Json {
        return print_json(out, &stats);
    }
    let all = tables(&stats);
    let chosen: Vec<&Table> = all
        .iter()
        .filter(|t| args.table.is_none_or(|want| want == t.name))
        .collect();
    let titled = args.table.is_none();
    let text: Vec<String> = chosen
        .iter()
        .map(|t| render(t, args.format, titled))
        .collect();
    out.write_all(text.join("\n").as_bytes())
        .map_err(Failure::Write)?;
    Ok(0)
}
