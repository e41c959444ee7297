//! `stats/v1` (docs/reports.md): hand-worked figures, natively and in the browser.

#![cfg(feature = "stats")]

mod common;

use rubric_widget::core::stats::table::{TABLES, tables};
use rubric_widget::core::stats::{Change, Fact, ItemFact, Query, Report, Stats, pareto};
use rubric_widget::core::{ItemStatus, Mode};
use serde_json::{Value, json};

/// (id, status, earned, possible, critical, tags)
type Item<'a> = (&'a str, ItemStatus, f64, f64, bool, &'a [&'a str]);

#[allow(clippy::too_many_arguments)]
fn fact(
    agent: &str,
    reviewer: &str,
    at: &str,
    total: Option<f64>,
    passed: Option<bool>,
    fatal: bool,
    grade: &str,
    items: &[Item],
) -> Fact {
    Fact {
        rubric_id: "cc".into(),
        mode: Mode::Inspect,
        submitted_ms: rubric_widget::core::time::rfc3339_ms(at).unwrap_or_default() as i64,
        total,
        passed,
        fatal,
        grade: Some(grade.to_owned()).filter(|g| !g.is_empty()),
        agent_id: Some(agent.to_owned()).filter(|a| !a.is_empty()),
        team: Some(format!("T-{agent}")),
        reviewer_id: Some(reviewer.to_owned()),
        items: items
            .iter()
            .map(|(id, status, earned, possible, critical, tags)| ItemFact {
                id: (*id).to_owned(),
                status: *status,
                earned: Some(*earned).filter(|_| *status == ItemStatus::Scored),
                possible: Some(*possible).filter(|_| *status == ItemStatus::Scored),
                critical: *critical,
                tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            })
            .collect(),
        calibration: None,
    }
}

use ItemStatus::{Na, Scored};

/// November 2026 in Shanghai: three reviews in it, one in October (the agents'
/// previous period), and four that are not in the population.
fn november() -> Vec<Fact> {
    let excellent = || {
        fact(
            "A",
            "r1",
            "2026-11-05T10:00:00+08:00",
            Some(99.0),
            Some(true),
            false,
            "优秀",
            &[],
        )
    };
    let mut other_rubric = excellent();
    other_rubric.rubric_id = "other".into();
    let mut quiz = excellent();
    quiz.mode = Mode::Quiz;
    vec![
        fact(
            "A",
            "r1",
            "2026-11-02T10:00:00+08:00",
            Some(80.0),
            Some(true),
            false,
            "良好",
            &[
                ("a", Scored, 4.0, 4.0, false, &[]),
                ("b", Scored, 0.0, 2.0, false, &["x"]),
                ("c", Na, 0.0, 0.0, false, &[]),
            ],
        ),
        fact(
            "A",
            "r2",
            "2026-11-03T10:00:00+08:00",
            Some(60.0),
            Some(false),
            false,
            "不合格",
            &[
                ("a", Scored, 2.0, 4.0, false, &[]),
                ("b", Scored, 2.0, 2.0, false, &[]),
                ("c", Scored, 0.0, 3.0, true, &["y", "y"]),
            ],
        ),
        // 2026-11-10 01:00 in Shanghai, still the 9th in UTC.
        fact(
            "B",
            "r1",
            "2026-11-09T17:00:00Z",
            Some(0.0),
            Some(false),
            true,
            "不合格",
            &[
                ("a", Scored, 0.0, 4.0, true, &[]),
                ("b", Scored, 2.0, 2.0, false, &[]),
            ],
        ),
        fact(
            "A",
            "r1",
            "2026-10-15T10:00:00+08:00",
            Some(50.0),
            Some(false),
            false,
            "不合格",
            &[("a", Scored, 2.0, 4.0, false, &[])],
        ),
        other_rubric,
        quiz,
        // December 1st, 04:00 in Shanghai: after `to`.
        fact(
            "B",
            "r1",
            "2026-11-30T20:00:00Z",
            Some(100.0),
            Some(true),
            false,
            "优秀",
            &[],
        ),
        // Before the previous period.
        fact(
            "A",
            "r1",
            "2026-09-20T10:00:00+08:00",
            Some(10.0),
            Some(false),
            false,
            "不合格",
            &[],
        ),
    ]
}

/// The summary of [`november`] (Asia/Shanghai).
fn report_summary() -> Value {
    report(&november(), "Asia/Shanghai", "week")["summary"].clone()
}

fn report(facts: &[Fact], tz: &str, bucket: &str) -> Value {
    serde_json::to_value(stats_of(facts, tz, bucket, false)).unwrap_or_default()
}

fn stats_of(facts: &[Fact], tz: &str, bucket: &str, agent_trend: bool) -> Stats {
    let query = Query::new(
        "cc",
        "2026-11-01T00:00:00+08:00",
        "2026-12-01T00:00:00+08:00",
        Some(tz),
        Some(bucket),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut report = Report::new(query, vec!["a".into(), "b".into(), "c".into()]);
    if agent_trend {
        report = report.with_agent_trend();
    }
    for f in facts {
        report.add(f);
    }
    report.finish()
}

both! {
    fn the_pareto_puts_the_most_points_lost_first() {
        let stats = stats_of(&november(), "UTC", "week", false);
        // a: 2.0 × 3 = 6, c: 3.0 × 1 = 3, b: 0.67 × 3 = 2.01; 11.01 in all.
        let rows: Vec<(String, f64, f64)> = pareto(&stats).into_iter().map(|p| (p.id, p.points, p.cumulative)).collect();
        assert_eq!(rows, [("a".into(), 6.0, 0.545), ("c".into(), 3.0, 0.8174), ("b".into(), 2.01, 1.0)]);
        assert_eq!(pareto(&stats)[1].top_tags, [("y".to_owned(), 1)]);
    }

    fn days_are_cut_at_local_midnight_across_a_clock_change() {
        // New York moves its clocks forward at 02:00 on 8 March 2026 (a 23-hour day).
        let at = ["2026-03-08T05:30:00Z", "2026-03-09T03:30:00Z", "2026-03-09T04:30:00Z", "2026-03-07T23:00:00Z"];
        let facts: Vec<Fact> = at.iter().map(|t| fact("A", "r1", t, Some(80.0), Some(true), false, "良好", &[])).collect();
        let query = Query::new("cc", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", Some("America/New_York"), Some("day"))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut report = Report::new(query, vec![]);
        facts.iter().for_each(|f| report.add(f));
        let points: Vec<(String, u64)> = report.finish().trend.points.into_iter().map(|p| (p.start, p.reviews)).collect();
        // 03:30Z on the 9th is 23:30 on the 8th (EDT); 04:30Z is midnight-thirty on the 9th.
        assert_eq!(points, [("2026-03-07".to_owned(), 1), ("2026-03-08".to_owned(), 2), ("2026-03-09".to_owned(), 1)]);
    }

    fn calibrations_are_counted_per_reviewer_when_asked_for() {
        let mut facts = november();
        for (reviewer, at, agreement, calibrated) in [
            ("r1", "2026-11-10T10:00:00+08:00", 0.9, true),
            ("r1", "2026-11-11T10:00:00+08:00", 0.6, false),
            ("r2", "2026-11-12T10:00:00+08:00", 0.8, true),
            // Outside the period: not counted.
            ("r2", "2026-10-12T10:00:00+08:00", 0.1, false),
        ] {
            let mut f = fact("A", reviewer, at, Some(70.0), Some(true), false, "合格", &[]);
            f.mode = Mode::Calibrate;
            f.calibration = Some((agreement, calibrated));
            facts.push(f);
        }
        let query = Query::new("cc", "2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00", None, None)
            .unwrap_or_else(|e| panic!("{e}"));
        let mut report = Report::new(query, vec![]).with_calibration();
        facts.iter().for_each(|f| report.add(f));
        let stats = serde_json::to_value(report.finish()).unwrap_or_default();
        assert_eq!(stats["calibration"], json!([
            {"reviewer_id": "r1", "calibrations": 2, "agreement": 0.75, "calibrated_rate": 0.5},
            {"reviewer_id": "r2", "calibrations": 1, "agreement": 0.8, "calibrated_rate": 1.0}
        ]));
        // Calibrations are not inspections: the summary is the same as without them.
        assert_eq!(stats["summary"], report_summary());
        assert!(serde_json::to_value(stats_of(&november(), "UTC", "week", false)).unwrap_or_default().get("calibration").is_none());
    }

    fn changes_and_agent_trends_and_tables_come_from_the_report() {
        let now = stats_of(&november(), "UTC", "week", true);
        let mut before = now.summary.clone();
        (before.reviews, before.mean_total, before.pass_rate) = (4, Some(50.0), None);
        let change = Change::between(&now.summary, &before);
        assert_eq!((change.reviews, change.mean_total, change.pass_rate, change.fatal_rate), (Some(-1), Some(-3.33), None, Some(0.0)));
        let trends = now.agent_trend.clone().unwrap_or_default();
        let reviews = |agent: &str| trends.get(agent).map(|p| p.iter().map(|p| p.reviews).sum::<u64>());
        assert_eq!((reviews("A"), reviews("B")), (Some(2), Some(1)));
        let all = tables(&now);
        assert_eq!(all.iter().map(|t| t.name).collect::<Vec<_>>(), TABLES);
        assert_eq!(all[2].rows.len(), 2);
        assert!(all[0].csv().starts_with("reviews,mean_total,median_total,pass_rate"));
        assert!(all[0].csv().ends_with(",不合格:2; 良好:1\n"), "{}", all[0].csv());
    }

    fn the_summary_is_worked_by_hand() {
        let stats = report(&november(), "Asia/Shanghai", "week");
        assert_eq!(stats["format"], "stats/v1");
        assert_eq!(stats["summary"], json!({
            "reviews": 3, "mean_total": 46.67, "median_total": 60.0, "pass_rate": 0.3333,
            "fatal_rate": 0.3333, "critical_rate": 0.6667,
            // 7 items at stake; R1's b and R2's a lost points without a critical.
            "error_rate": 0.2857,
            "grades": {"不合格": 2, "良好": 1}
        }));
    }

    fn items_agents_and_reviewers_are_worked_by_hand() {
        let stats = report(&november(), "Asia/Shanghai", "week");
        assert_eq!(stats["items"], json!([
            {"id": "a", "applicable": 3, "lost": 2, "loss_rate": 0.6667, "points_lost": 2.0, "fired": 1, "na": 0, "tags": {}},
            {"id": "b", "applicable": 3, "lost": 1, "loss_rate": 0.3333, "points_lost": 0.67, "fired": 0, "na": 0, "tags": {"x": 1}},
            {"id": "c", "applicable": 1, "lost": 1, "loss_rate": 1.0, "points_lost": 3.0, "fired": 1, "na": 1, "tags": {"y": 1}}
        ]));
        assert_eq!(stats["agents"], json!([
            {"agent_id": "B", "reviews": 1, "mean_total": 0.0, "pass_rate": 0.0, "fatal_rate": 1.0,
             "error_rate": 0.0, "previous_mean_total": null, "delta": null},
            {"agent_id": "A", "reviews": 2, "mean_total": 70.0, "pass_rate": 0.5, "fatal_rate": 0.0,
             "error_rate": 0.4, "previous_mean_total": 50.0, "delta": 20.0}
        ]));
        assert_eq!(stats["reviewers"], json!([
            {"reviewer_id": "r1", "reviews": 2, "mean_total": 40.0, "leniency": -6.67},
            {"reviewer_id": "r2", "reviews": 1, "mean_total": 60.0, "leniency": 13.33}
        ]));
    }

    fn the_trend_is_cut_in_the_report_s_time_zone() {
        let week = |stats: &Value| -> Vec<(String, u64)> {
            stats["trend"]["points"].as_array().unwrap_or(&Vec::new()).iter()
                .map(|p| (p["start"].as_str().unwrap_or_default().to_owned(), p["reviews"].as_u64().unwrap_or(0)))
                .collect()
        };
        let shanghai = report(&november(), "Asia/Shanghai", "week");
        assert_eq!(week(&shanghai), [("2026-11-02".to_owned(), 2), ("2026-11-09".to_owned(), 1)]);
        assert_eq!(shanghai["trend"]["points"][1], json!({
            "start": "2026-11-09", "reviews": 1, "mean_total": 0.0, "pass_rate": 0.0,
            "fatal_rate": 1.0, "error_rate": 0.0
        }));
        let days = report(&november(), "Asia/Shanghai", "day");
        let starts: Vec<String> = week(&days).into_iter().map(|(s, _)| s).collect();
        assert_eq!(starts, ["2026-11-02", "2026-11-03", "2026-11-10"]);
        let utc = report(&november(), "UTC", "day");
        let starts: Vec<String> = week(&utc).into_iter().map(|(s, _)| s).collect();
        assert_eq!(starts, ["2026-11-02", "2026-11-03", "2026-11-09"]);
        // A month bucket starts on its 1st (in UTC, November's reviews are all in it).
        let months = report(&november(), "UTC", "month");
        assert_eq!(week(&months), [("2026-11-01".to_owned(), 3)]);
    }

    fn filters_narrow_the_population_and_an_empty_one_gives_nulls() {
        let mut query = Query::new("cc", "2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00", Some("Asia/Shanghai"), None)
            .unwrap_or_else(|e| panic!("{e}"));
        query.team = Some("T-B".into());
        let mut report = Report::new(query, vec![]);
        for f in november() {
            report.add(&f);
        }
        let stats = serde_json::to_value(report.finish()).unwrap_or_default();
        assert_eq!(stats["filters"], json!({"team": "T-B"}));
        assert_eq!(stats["summary"]["reviews"], 1);
        let empty = serde_json::to_value(Report::new(
            Query::new("cc", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", None, None).unwrap_or_else(|e| panic!("{e}")),
            vec![],
        ).finish()).unwrap_or_default();
        assert_eq!(empty["summary"], json!({
            "reviews": 0, "mean_total": null, "median_total": null, "pass_rate": null, "fatal_rate": null,
            "critical_rate": null, "error_rate": null, "grades": {}
        }));
        assert_eq!(empty["trend"], json!({"bucket": "week", "points": []}));
    }

    fn a_bad_query_names_its_field() {
        let bad = |from: &str, to: &str, tz: Option<&str>, bucket: Option<&str>| {
            Query::new("cc", from, to, tz, bucket).err().map(|e| e.to_string()).unwrap_or_default()
        };
        let (from, to) = ("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z");
        assert_eq!(bad("yesterday", to, None, None), "from: expected an RFC 3339 timestamp like 2026-11-01T00:00:00+08:00, found \"yesterday\"");
        assert_eq!(bad(to, from, None, None), "to: 2026-11-01T00:00:00Z is not after from: 2026-12-01T00:00:00Z");
        assert_eq!(bad(from, to, Some("Mars/Olympus"), None), "tz: \"Mars/Olympus\" is not an IANA time zone (like Asia/Shanghai or UTC)");
        assert_eq!(bad(from, to, None, Some("year")), "bucket: expected day, week or month, found \"year\"");
    }

    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        let facts: Vec<Fact> = [70.0, 90.0, 80.5, 60.0]
            .into_iter()
            .map(|t| fact("A", "r1", "2026-11-02T10:00:00+08:00", Some(t), None, false, "", &[]))
            .collect();
        let stats = report(&facts, "UTC", "week");
        assert_eq!((&stats["summary"]["median_total"], &stats["summary"]["pass_rate"]), (&json!(75.25), &Value::Null));
    }

    fn a_review_fact_comes_from_the_engine_s_score() {
        let example = &common::EXAMPLES[0];
        let review = common::review(example, uuid::Uuid::from_u128(1));
        let fact = Fact::of(&review, &review.score).unwrap_or_else(|| panic!("a timestamp"));
        assert_eq!((fact.total, fact.passed, fact.grade.as_deref()), (Some(68.0), Some(true), Some("合格")));
        assert_eq!(fact.items.len(), review.score.items.len());
        assert_eq!(fact.submitted_ms, 1_795_421_201_000);
    }
}
