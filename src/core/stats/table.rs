//! A report's tables as rows of text: what `rubric report --format csv|md` prints and
//! what the report console downloads as CSV. One definition of the columns, so the
//! CLI's CSV and the console's are the same file.

use serde_json::Value;

use super::Stats;

/// The tables of a report, in the order they are printed.
pub const TABLES: [&str; 5] = ["summary", "items", "agents", "reviewers", "trend"];

/// One table: its name (one of [`TABLES`]), its header and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
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

fn table(name: &'static str, rows: &Value, header: &[&'static str]) -> Table {
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

/// Every table of `stats`, in the order of [`TABLES`].
pub fn tables(stats: &Stats) -> Vec<Table> {
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
        table("summary", &v["summary"], &summary),
        table("items", &v["items"], &items),
        table("agents", &v["agents"], &agents),
        table(
            "reviewers",
            &v["reviewers"],
            &["reviewer_id", "reviews", "mean_total", "leniency"],
        ),
        table("trend", &v["trend"]["points"], &trend),
    ]
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

impl Table {
    fn lines(&self, line: impl Fn(Vec<String>) -> String, markdown: bool) -> Vec<String> {
        let mut out = vec![line(self.header.iter().map(|h| (*h).to_owned()).collect())];
        if markdown {
            out.push(line(self.header.iter().map(|_| "---".to_owned()).collect()));
        }
        out.extend(self.rows.iter().map(|r| line(r.clone())));
        out
    }

    /// RFC 4180 CSV (fields quoted where they need it), lines ending in `\n`.
    pub fn csv(&self) -> String {
        let line = |cells: Vec<String>| {
            cells
                .iter()
                .map(|c| csv_field(c))
                .collect::<Vec<_>>()
                .join(",")
        };
        self.lines(line, false).join("\n") + "\n"
    }

    /// A Markdown table.
    pub fn markdown(&self) -> String {
        let line = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
        self.lines(line, true).join("\n") + "\n"
    }
}
