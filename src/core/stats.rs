//! Reports, `stats/v1` (docs/reports.md): one pass over stored reviews, the same in the
//! receiver, the CLI and the browser.
//!
//! The caller feeds [`Fact`]s (what a stored review says for reports: the engine's
//! score and trace, the context, the reviewer, the time) to a [`Report`], which keeps
//! only counters and sums per summary, agent, reviewer, item and time bucket (plus
//! a histogram of totals for the median), and [`Report::finish`] rounds once, at the
//! end.

pub mod table;

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use super::review::{Mode, Review};
use super::round::round_half_away;
use super::rubric::Rubric;
use super::score::{ItemStatus, Score};

/// One item of a review, as reports count it.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemFact {
    pub id: String,
    pub status: ItemStatus,
    pub earned: Option<f64>,
    pub possible: Option<f64>,
    /// It fired a critical (either scope).
    pub critical: bool,
    /// The answer's root-cause tags.
    pub tags: Vec<String>,
}

/// What a stored review brings to a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub rubric_id: String,
    pub mode: Mode,
    pub submitted_ms: i64,
    pub total: Option<f64>,
    pub passed: Option<bool>,
    pub fatal: bool,
    pub grade: Option<String>,
    pub agent_id: Option<String>,
    pub team: Option<String>,
    pub reviewer_id: Option<String>,
    pub items: Vec<ItemFact>,
    /// A calibration review's comparison with the expert's: its agreement (the share
    /// of items agreed) and whether it was calibrated.
    pub calibration: Option<(f64, bool)>,
}

impl Fact {
    /// The fact of `review` whose score the engine computed as `score`; `None` when
    /// its `submitted_at` is not a timestamp.
    pub fn of(review: &Review, score: &Score) -> Option<Fact> {
        let submitted_ms = super::time::rfc3339_ms(&review.submitted_at)? as i64;
        let items = score
            .items
            .iter()
            .map(|(id, trace)| ItemFact {
                id: id.to_string(),
                status: trace.status,
                earned: trace.earned,
                possible: trace.possible,
                critical: trace.critical.is_some(),
                tags: review
                    .answers
                    .get(id)
                    .map(|a| a.tags.clone())
                    .unwrap_or_default(),
            })
            .collect();
        Some(Fact {
            rubric_id: review.rubric.id.to_string(),
            mode: review.mode,
            submitted_ms,
            total: score.total,
            passed: score.passed,
            fatal: score.fatal,
            grade: score.grade.clone(),
            agent_id: review.context_text("agent_id"),
            team: review.context_text("team"),
            reviewer_id: review.reviewer.as_ref().map(|r| r.id.clone()),
            items,
            calibration: review
                .calibration
                .as_ref()
                .map(|c| (c.agreement, c.calibrated)),
        })
    }
}

/// The trend's bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    Day,
    /// ISO weeks, from Monday.
    #[default]
    Week,
    Month,
}

impl Bucket {
    pub fn name(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
        }
    }

    pub fn parse(text: &str) -> Option<Bucket> {
        match text {
            "day" => Some(Bucket::Day),
            "week" => Some(Bucket::Week),
            "month" => Some(Bucket::Month),
            _ => None,
        }
    }

    /// The first day of the bucket holding `date`.
    fn start(self, date: Date) -> Date {
        match self {
            Bucket::Day => date,
            Bucket::Week => {
                let back = i64::from(date.weekday().to_monday_zero_offset());
                date.checked_sub(jiff::Span::new().days(back))
                    .unwrap_or(date)
            }
            Bucket::Month => date.first_of_month(),
        }
    }
}

/// Which reviews a report is of, and how it is cut.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub rubric: String,
    /// As given (RFC 3339), and as milliseconds since 1970: `[from, to)`.
    pub from: String,
    pub to: String,
    pub from_ms: i64,
    pub to_ms: i64,
    /// An IANA time zone name.
    pub tz: String,
    pub bucket: Bucket,
    pub agent_id: Option<String>,
    pub team: Option<String>,
    pub reviewer_id: Option<String>,
}

/// Why a query cannot be reported on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueryError {
    #[error(
        "{field}: expected an RFC 3339 timestamp like 2026-11-01T00:00:00+08:00, found {found:?}"
    )]
    Time { field: &'static str, found: String },
    #[error("to: {to} is not after from: {from}")]
    Empty { from: String, to: String },
    #[error("tz: {0:?} is not an IANA time zone (like Asia/Shanghai or UTC)")]
    Zone(String),
    #[error("bucket: expected day, week or month, found {0:?}")]
    Bucket(String),
}

impl Query {
    /// A query of `rubric` over `[from, to)`, in `tz` (UTC when absent), by `bucket`
    /// (week when absent).
    pub fn new(
        rubric: &str,
        from: &str,
        to: &str,
        tz: Option<&str>,
        bucket: Option<&str>,
    ) -> Result<Query, QueryError> {
        let ms = |field: &'static str, text: &str| {
            Some(text)
                .filter(|t| super::time::is_strict_rfc3339(t))
                .and_then(super::time::rfc3339_ms)
                .map(|ms| ms as i64)
                .ok_or_else(|| QueryError::Time {
                    field,
                    found: text.to_owned(),
                })
        };
        let (from_ms, to_ms) = (ms("from", from)?, ms("to", to)?);
        if to_ms <= from_ms {
            return Err(QueryError::Empty {
                from: from.to_owned(),
                to: to.to_owned(),
            });
        }
        let tz = tz.unwrap_or("UTC").to_owned();
        TimeZone::get(&tz).map_err(|_| QueryError::Zone(tz.clone()))?;
        let bucket = match bucket {
            None => Bucket::Week,
            Some(b) => Bucket::parse(b).ok_or_else(|| QueryError::Bucket(b.to_owned()))?,
        };
        Ok(Query {
            rubric: rubric.to_owned(),
            from: from.to_owned(),
            to: to.to_owned(),
            from_ms,
            to_ms,
            tz,
            bucket,
            agent_id: None,
            team: None,
            reviewer_id: None,
        })
    }

    /// The previous period of the same length, `[from − (to − from), from)`.
    pub fn previous_from_ms(&self) -> i64 {
        self.from_ms.saturating_sub(self.to_ms - self.from_ms)
    }

    /// Whether `fact` belongs to this report's population, its time included.
    pub fn covers(&self, fact: &Fact) -> bool {
        self.selects(fact) && (self.from_ms..self.to_ms).contains(&fact.submitted_ms)
    }

    /// Whether `fact` belongs to this report's population, apart from its time.
    fn selects(&self, fact: &Fact) -> bool {
        fact.mode == Mode::Inspect && self.narrows_to(fact)
    }

    /// Whether `fact` is of this report's rubric and filters (any mode).
    fn narrows_to(&self, fact: &Fact) -> bool {
        let given = |want: &Option<String>, have: &Option<String>| {
            want.as_ref().is_none_or(|w| have.as_ref() == Some(w))
        };
        fact.rubric_id == self.rubric
            && given(&self.agent_id, &fact.agent_id)
            && given(&self.team, &fact.team)
            && given(&self.reviewer_id, &fact.reviewer_id)
    }
}

/// Where a mean total stands under `rubric`: its grade band's label (the agents'
/// tier) and whether it reaches the pass mark.
pub fn standing(rubric: &Rubric, mean: Option<f64>) -> (Option<String>, Option<bool>) {
    let Some(mean) = mean else {
        return (None, None);
    };
    let grade = rubric
        .scoring
        .band(mean, false)
        .map(|g| rubric.text(&g.label, None).to_owned());
    (grade, rubric.scoring.pass.map(|pass| mean >= pass))
}

/// An item's share of the points lost, for the Pareto chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ParetoEntry {
    pub id: String,
    /// Points lost over the period: `points_lost` × `applicable` (from the rounded
    /// mean, so within 0.005 × applicable of the exact sum).
    pub points: f64,
    /// The running share of all points lost, this item included (0 to 1).
    pub cumulative: f64,
    /// The item's most frequent tags, most first (ties by id), at most three.
    pub top_tags: Vec<(String, u64)>,
}

/// The items that lost points, most first (ties by id), with their running share.
pub fn pareto(stats: &Stats) -> Vec<ParetoEntry> {
    let mut rows: Vec<ParetoEntry> = stats
        .items
        .iter()
        .filter_map(|i| {
            let points = i.points_lost? * i.applicable as f64;
            let mut top_tags: Vec<(String, u64)> =
                i.tags.iter().map(|(t, n)| (t.clone(), *n)).collect();
            top_tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            top_tags.truncate(3);
            (points > 0.0).then(|| ParetoEntry {
                id: i.id.clone(),
                points,
                cumulative: 0.0,
                top_tags,
            })
        })
        .collect();
    rows.sort_by(|a, b| b.points.total_cmp(&a.points).then_with(|| a.id.cmp(&b.id)));
    let all: f64 = rows.iter().map(|r| r.points).sum();
    let mut running = 0.0;
    for row in &mut rows {
        running += row.points;
        row.cumulative = round_half_away(running / all, 4);
        row.points = round_half_away(row.points, 2);
    }
    rows
}

/// How a period's summary moved against the previous one's: the differences of the
/// published (rounded) figures, `None` where either side has none. Rates in the
/// same units as the summary (fractions).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Change {
    pub reviews: Option<i64>,
    pub mean_total: Option<f64>,
    pub pass_rate: Option<f64>,
    pub fatal_rate: Option<f64>,
    pub error_rate: Option<f64>,
}

impl Change {
    pub fn between(now: &Summary, before: &Summary) -> Change {
        let diff = |a: Option<f64>, b: Option<f64>, places| {
            a.zip(b).map(|(a, b)| round_half_away(a - b, places))
        };
        Change {
            reviews: (before.reviews > 0).then(|| now.reviews as i64 - before.reviews as i64),
            mean_total: diff(now.mean_total, before.mean_total, 2),
            pass_rate: diff(now.pass_rate, before.pass_rate, 4),
            fatal_rate: diff(now.fatal_rate, before.fatal_rate, 4),
            error_rate: diff(now.error_rate, before.error_rate, 4),
        }
    }
}

/// Counters of a set of reviews: what the summary, an agent and a trend point report.
#[derive(Debug, Clone, Default, PartialEq)]
struct Tally {
    reviews: u64,
    totals: u64,
    sum: f64,
    passed: u64,
    judged: u64,
    fatal: u64,
    critical: u64,
    lost_items: u64,
    applicable_items: u64,
}

/// What a review adds to every tally it counts in, worked out once per review.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    critical: bool,
    applicable: u64,
    lost: u64,
}

impl Counts {
    fn of(fact: &Fact) -> Counts {
        let mut c = Counts::default();
        for item in &fact.items {
            c.critical |= item.critical;
            if applicable(item) {
                c.applicable += 1;
                let lost = item.earned.unwrap_or(0.0) < item.possible.unwrap_or(0.0);
                c.lost += u64::from(lost && !item.critical);
            }
        }
        c
    }
}

impl Tally {
    fn add(&mut self, fact: &Fact, counts: Counts) {
        self.reviews += 1;
        if let Some(total) = fact.total {
            self.totals += 1;
            self.sum += total;
        }
        if let Some(passed) = fact.passed {
            self.judged += 1;
            self.passed += u64::from(passed);
        }
        self.fatal += u64::from(fact.fatal);
        self.critical += u64::from(counts.critical);
        self.applicable_items += counts.applicable;
        self.lost_items += counts.lost;
    }

    fn mean(&self) -> Option<f64> {
        ratio(self.sum, self.totals)
    }
}

/// Scored with points at stake: what rates and item figures count.
fn applicable(item: &ItemFact) -> bool {
    item.status == ItemStatus::Scored && item.possible.is_some_and(|p| p > 0.0)
}

fn ratio(numerator: f64, denominator: u64) -> Option<f64> {
    (denominator > 0).then(|| numerator / denominator as f64)
}

fn points(x: Option<f64>) -> Option<f64> {
    x.map(|x| round_half_away(x, 2))
}

fn rate(x: Option<f64>) -> Option<f64> {
    x.map(|x| round_half_away(x, 4))
}

#[derive(Debug, Clone, Default)]
struct ItemTally {
    applicable: u64,
    lost: u64,
    points_lost: f64,
    fired: u64,
    na: u64,
    tags: BTreeMap<String, u64>,
}

/// A report being made: feed it facts, then finish it.
#[derive(Debug, Clone)]
pub struct Report {
    query: Query,
    zone: TimeZone,
    item_order: Vec<String>,
    summary: Tally,
    /// Totals × 10⁴ (totals have at most 4 decimals) → how many: the median without
    /// keeping every review.
    histogram: BTreeMap<i64, u64>,
    grades: BTreeMap<String, u64>,
    items: ItemTallies,
    agents: Table<(Tally, Tally)>,
    reviewers: Table<Tally>,
    trend: BTreeMap<Date, Tally>,
    /// Per agent and bucket, when asked for ([`Report::with_agent_trend`]).
    agent_trend: Option<Table<BTreeMap<Date, Tally>>>,
    /// Per reviewer, their calibrations' (count, sum of agreement, calibrated), when
    /// asked for ([`Report::with_calibration`]).
    calibration: Option<Table<(u64, f64, u64)>>,
    /// The last day a review fell on: its bounds in ms and its date ([`Report::day_of`]).
    day: Option<(i64, i64, Date)>,
}

/// The report, `stats/v1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub format: String,
    pub rubric: String,
    pub from: String,
    pub to: String,
    pub tz: String,
    pub filters: BTreeMap<String, String>,
    pub summary: Summary,
    pub items: Vec<ItemStats>,
    pub agents: Vec<AgentStats>,
    pub reviewers: Vec<ReviewerStats>,
    pub trend: Trend,
    /// Not part of `stats/v1`: each agent's trend, only when asked for
    /// (`with=agent_trend`; the report console's sparklines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_trend: Option<BTreeMap<String, Vec<TrendPoint>>>,
    /// Not part of `stats/v1`: each reviewer's calibrations, only when asked for
    /// (`with=calibration`; the console's inspectors table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Vec<CalibrationStats>>,
}

/// A reviewer's calibrations against the expert in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationStats {
    pub reviewer_id: String,
    pub calibrations: u64,
    /// The mean share of items agreed with the expert (4 decimals).
    pub agreement: Option<f64>,
    /// The share of calibrations within the tolerance (4 decimals).
    pub calibrated_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub reviews: u64,
    pub mean_total: Option<f64>,
    pub median_total: Option<f64>,
    pub pass_rate: Option<f64>,
    pub fatal_rate: Option<f64>,
    pub critical_rate: Option<f64>,
    pub error_rate: Option<f64>,
    pub grades: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemStats {
    pub id: String,
    pub applicable: u64,
    pub lost: u64,
    pub loss_rate: Option<f64>,
    pub points_lost: Option<f64>,
    pub fired: u64,
    pub na: u64,
    pub tags: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentStats {
    pub agent_id: String,
    pub reviews: u64,
    pub mean_total: Option<f64>,
    pub pass_rate: Option<f64>,
    pub fatal_rate: Option<f64>,
    pub error_rate: Option<f64>,
    pub previous_mean_total: Option<f64>,
    pub delta: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewerStats {
    pub reviewer_id: String,
    pub reviews: u64,
    pub mean_total: Option<f64>,
    pub leniency: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    pub bucket: Bucket,
    pub points: Vec<TrendPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub start: String,
    pub reviews: u64,
    pub mean_total: Option<f64>,
    pub pass_rate: Option<f64>,
    pub fatal_rate: Option<f64>,
    pub error_rate: Option<f64>,
}

impl Report {
    /// A report for `query`; `item_order` lists the item ids of the rubric's newest
    /// version, in order (ids it no longer has follow, sorted).
    pub fn new(query: Query, item_order: Vec<String>) -> Report {
        let zone = TimeZone::get(&query.tz).unwrap_or(TimeZone::UTC);
        Report {
            query,
            zone,
            item_order,
            summary: Tally::default(),
            histogram: BTreeMap::new(),
            grades: BTreeMap::new(),
            items: ItemTallies::default(),
            agents: Table::default(),
            reviewers: Table::default(),
            trend: BTreeMap::new(),
            agent_trend: None,
            calibration: None,
            day: None,
        }
    }

    /// Also report each reviewer's calibrations (mode `calibrate` reviews of the
    /// period, rubric and filters that carry a comparison).
    pub fn with_calibration(mut self) -> Report {
        self.calibration = Some(Table::default());
        self
    }

    /// Whether this report counts calibrations (so a store must feed them too).
    pub fn wants_calibration(&self) -> bool {
        self.calibration.is_some()
    }

    /// Also keep each agent's trend (same buckets as the report's).
    pub fn with_agent_trend(mut self) -> Report {
        self.agent_trend = Some(Table::default());
        self
    }

    /// The query this report answers.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// Count one stored review (any review may be given: those outside the
    /// population, or in the previous period only for the agents' comparison, are
    /// sorted out here).
    pub fn add(&mut self, fact: &Fact) {
        let q = &self.query;
        if fact.mode == Mode::Calibrate {
            self.add_calibration(fact);
            return;
        }
        if !q.selects(fact) || fact.submitted_ms >= q.to_ms {
            return;
        }
        if fact.submitted_ms < q.from_ms {
            if fact.submitted_ms >= q.previous_from_ms()
                && let Some(agent) = &fact.agent_id
            {
                entry(&mut self.agents, agent).1.add(fact, Counts::of(fact));
            }
            return;
        }
        let counts = Counts::of(fact);
        self.summary.add(fact, counts);
        if let Some(total) = fact.total {
            let key = (total * 10_000.0).round() as i64;
            *self.histogram.entry(key).or_default() += 1;
        }
        if let Some(grade) = &fact.grade {
            *self.grades.entry(grade.clone()).or_default() += 1;
        }
        for (n, item) in fact.items.iter().enumerate() {
            self.items.at(n, &item.id).add(item);
        }
        if let Some(agent) = &fact.agent_id {
            entry(&mut self.agents, agent).0.add(fact, counts);
        }
        if let Some(reviewer) = &fact.reviewer_id {
            entry(&mut self.reviewers, reviewer).add(fact, counts);
        }
        let start = self.query.bucket.start(self.day_of(fact.submitted_ms));
        self.trend.entry(start).or_default().add(fact, counts);
        if let (Some(trends), Some(agent)) = (&mut self.agent_trend, &fact.agent_id) {
            entry(trends, agent)
                .entry(start)
                .or_default()
                .add(fact, counts);
        }
    }

    /// The day (in the report's zone) of an instant. Reviews come mostly in time
    /// order, so the last day's bounds are kept and most instants need no zone lookup.
    fn day_of(&mut self, ms: i64) -> Date {
        if let Some((from, to, day)) = self.day
            && (from..to).contains(&ms)
        {
            return day;
        }
        let Ok(zoned) = Timestamp::from_millisecond(ms).map(|t| t.to_zoned(self.zone.clone()))
        else {
            return Date::default();
        };
        let day = zoned.date();
        let bound = |d: Date| {
            d.to_zoned(self.zone.clone())
                .map(|z| z.timestamp().as_millisecond())
        };
        if let (Ok(from), Some(Ok(to))) = (bound(day), day.tomorrow().ok().map(bound)) {
            self.day = Some((from, to, day));
        }
        day
    }

    fn add_calibration(&mut self, fact: &Fact) {
        let q = &self.query;
        let counted = q.narrows_to(fact) && (q.from_ms..q.to_ms).contains(&fact.submitted_ms);
        if let (true, Some(table), Some((agreement, calibrated)), Some(reviewer)) = (
            counted,
            &mut self.calibration,
            fact.calibration,
            &fact.reviewer_id,
        ) {
            let line = entry(table, reviewer);
            line.0 += 1;
            line.1 += agreement;
            line.2 += u64::from(calibrated);
        }
    }

    fn median(&self) -> Option<f64> {
        let n = self.summary.totals;
        if n == 0 {
            return None;
        }
        // The (n−1)/2-th and n/2-th values, counting from 0.
        let (lo, hi) = ((n - 1) / 2, n / 2);
        let (mut seen, mut low, mut high) = (0, None, None);
        for (key, count) in &self.histogram {
            let value = *key as f64 / 10_000.0;
            if low.is_none() && seen + count > lo {
                low = Some(value);
            }
            if seen + count > hi {
                high = Some(value);
                break;
            }
            seen += count;
        }
        Some((low? + high?) / 2.0)
    }

    /// The report, rounded.
    pub fn finish(self) -> Stats {
        let mean = self.summary.mean();
        let summary = Summary {
            reviews: self.summary.reviews,
            mean_total: points(mean),
            median_total: points(self.median()),
            pass_rate: rate(ratio(self.summary.passed as f64, self.summary.judged)),
            fatal_rate: rate(ratio(self.summary.fatal as f64, self.summary.reviews)),
            critical_rate: rate(ratio(self.summary.critical as f64, self.summary.reviews)),
            error_rate: rate(error_rate(&self.summary)),
            grades: self.grades,
        };
        let q = self.query;
        let filters = [
            ("agent_id", &q.agent_id),
            ("team", &q.team),
            ("reviewer_id", &q.reviewer_id),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.clone().map(|v| (k.to_owned(), v)))
        .collect();
        Stats {
            format: "stats/v1".to_owned(),
            items: item_stats(self.items.0.into_iter().collect(), &self.item_order),
            agents: agent_stats(self.agents),
            reviewers: reviewer_stats(self.reviewers, mean),
            trend: Trend {
                bucket: q.bucket,
                points: self.trend.into_iter().map(trend_point).collect(),
            },
            calibration: self.calibration.map(|table| {
                let mut rows: Vec<CalibrationStats> = table
                    .into_iter()
                    .map(|(reviewer_id, (n, sum, calibrated))| CalibrationStats {
                        reviewer_id,
                        calibrations: n,
                        agreement: rate(ratio(sum, n)),
                        calibrated_rate: rate(ratio(calibrated as f64, n)),
                    })
                    .collect();
                rows.sort_by(|a, b| a.reviewer_id.cmp(&b.reviewer_id));
                rows
            }),
            agent_trend: self.agent_trend.map(|trends| {
                trends
                    .into_iter()
                    .map(|(agent, points)| (agent, points.into_iter().map(trend_point).collect()))
                    .collect()
            }),
            rubric: q.rubric,
            from: q.from,
            to: q.to,
            tz: q.tz,
            filters,
            summary,
        }
    }
}

/// The items' tallies in the order first seen. Reviews of one rubric list their items
/// in the same order, so the n-th item of a review is looked for at position n first:
/// one comparison per item instead of a search (a report adds a million item figures
/// a month).
#[derive(Debug, Clone, Default)]
struct ItemTallies(Vec<(String, ItemTally)>);

impl ItemTallies {
    fn at(&mut self, hint: usize, id: &str) -> &mut ItemTally {
        let found = match self.0.get(hint) {
            Some((known, _)) if known == id => Some(hint),
            _ => self.0.iter().position(|(known, _)| known == id),
        };
        let n = found.unwrap_or_else(|| {
            self.0.push((id.to_owned(), ItemTally::default()));
            self.0.len() - 1
        });
        &mut self.0[n].1
    }
}

/// A report's lines by name (agents, reviewers): hashed, as a report looks one up per
/// review; sorted only when it is finished.
type Table<V> = foldhash::HashMap<String, V>;

/// A table's line for `key`, made when missing: the key is copied only then (a report
/// looks up a line per review, under a few hundred keys).
fn entry<'m, V: Default>(map: &'m mut Table<V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_owned(), V::default());
    }
    map.get_mut(key).expect("inserted above")
}

impl ItemTally {
    fn has_figures(&self) -> bool {
        self.applicable > 0 || self.na > 0 || self.fired > 0 || !self.tags.is_empty()
    }

    fn add(&mut self, item: &ItemFact) {
        if applicable(item) {
            self.applicable += 1;
            let (earned, possible) = (item.earned.unwrap_or(0.0), item.possible.unwrap_or(0.0));
            self.lost += u64::from(earned < possible);
            self.points_lost += possible - earned;
        }
        self.fired += u64::from(item.critical);
        self.na += u64::from(item.status == ItemStatus::Na);
        let mut seen: Vec<&String> = Vec::new();
        for tag in &item.tags {
            // A review counts once per tag, however often its answer repeats it.
            if !seen.contains(&tag) {
                seen.push(tag);
                match self.tags.get_mut(tag) {
                    Some(n) => *n += 1,
                    None => {
                        self.tags.insert(tag.clone(), 1);
                    }
                }
            }
        }
    }
}

fn error_rate(t: &Tally) -> Option<f64> {
    ratio(t.lost_items as f64, t.applicable_items)
}

fn item_stats(mut items: BTreeMap<String, ItemTally>, order: &[String]) -> Vec<ItemStats> {
    // Every item of the newest version; then the ids it no longer has, sorted, where
    // some review scored, marked N/A, tagged or fired them (an id that was only ever
    // hidden or unanswered has nothing to report).
    let mut gone: Vec<String> = items
        .iter()
        .filter(|(id, t)| !order.contains(id) && t.has_figures())
        .map(|(id, _)| id.clone())
        .collect();
    gone.sort();
    order
        .iter()
        .cloned()
        .chain(gone)
        .map(|id| {
            let t = items.remove(&id).unwrap_or_default();
            ItemStats {
                loss_rate: rate(ratio(t.lost as f64, t.applicable)),
                points_lost: points(ratio(t.points_lost, t.applicable)),
                applicable: t.applicable,
                lost: t.lost,
                fired: t.fired,
                na: t.na,
                tags: t.tags,
                id,
            }
        })
        .collect()
}

fn agent_stats(agents: Table<(Tally, Tally)>) -> Vec<AgentStats> {
    let mut rows: Vec<(Option<f64>, AgentStats)> = agents
        .into_iter()
        .filter(|(_, (now, _))| now.reviews > 0)
        .map(|(agent_id, (now, before))| {
            let (mean, previous) = (now.mean(), before.mean());
            let row = AgentStats {
                agent_id,
                reviews: now.reviews,
                mean_total: points(mean),
                pass_rate: rate(ratio(now.passed as f64, now.judged)),
                fatal_rate: rate(ratio(now.fatal as f64, now.reviews)),
                error_rate: rate(error_rate(&now)),
                previous_mean_total: points(previous),
                delta: points(mean.zip(previous).map(|(a, b)| a - b)),
            };
            (mean, row)
        })
        .collect();
    // Worst first by the unrounded mean; agents without a total last; then by id.
    rows.sort_by(|(a, x), (b, y)| match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(b).then_with(|| x.agent_id.cmp(&y.agent_id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => x.agent_id.cmp(&y.agent_id),
    });
    rows.into_iter().map(|(_, row)| row).collect()
}

fn reviewer_stats(reviewers: Table<Tally>, mean: Option<f64>) -> Vec<ReviewerStats> {
    let mut rows: Vec<ReviewerStats> = reviewers
        .into_iter()
        .map(|(reviewer_id, t)| ReviewerStats {
            reviewer_id,
            reviews: t.reviews,
            mean_total: points(t.mean()),
            // The mean of (total − population mean) is the reviewer's mean minus it.
            leniency: points(t.mean().zip(mean).map(|(a, b)| a - b)),
        })
        .collect();
    rows.sort_by(|a, b| a.reviewer_id.cmp(&b.reviewer_id));
    rows
}

fn trend_point((start, t): (Date, Tally)) -> TrendPoint {
    TrendPoint {
        start: start.to_string(),
        reviews: t.reviews,
        mean_total: points(t.mean()),
        pass_rate: rate(ratio(t.passed as f64, t.judged)),
        fatal_rate: rate(ratio(t.fatal as f64, t.reviews)),
        error_rate: rate(error_rate(&t)),
    }
}
