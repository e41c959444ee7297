//! `rubric report`: `stats/v1` (docs/reports.md) over reviews as NDJSON (what the
//! receiver's export streams), as JSON, or its tables as CSV or Markdown.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Failure, print_json, read};
use crate::core::stats::table::{Table, tables};
use crate::core::stats::{Fact, Query, Report};
use crate::core::{JsonPath, Problem, Problems, Review, Scorer};
use clap::ValueEnum;

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

impl TableArg {
    fn name(self) -> &'static str {
        match self {
            TableArg::Summary => "summary",
            TableArg::Items => "items",
            TableArg::Agents => "agents",
            TableArg::Reviewers => "reviewers",
            TableArg::Trend => "trend",
        }
    }
}

fn render(t: &Table, format: Format, titled: bool) -> String {
    let title = match format {
        Format::Md => format!("## {}\n\n", t.name),
        _ => format!("{}\n", t.name),
    };
    let body = match format {
        Format::Md => t.markdown(),
        _ => t.csv(),
    };
    if titled { title + &body } else { body }
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
        .filter(|t| args.table.is_none_or(|want| want.name() == t.name))
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
