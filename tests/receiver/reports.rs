//! `GET /api/stats` and `GET /api/reviews/export` over generated reviews: the SQL
//! path gives the document core::stats gives over the same reviews.

use rubric_widget::core::generate::center::{Center, Generator, Sample};
use rubric_widget::core::stats::{Fact, Query, Report};
use rubric_widget::core::{Calibration, Mode, Review, Scorer};
use rubric_widget::receiver::NewReview;

use super::*;

const START: i64 = 1_790_784_000; // 2026-10-01T00:00:00Z, in seconds

/// `count` reviews of the sample rubrics over October and November 2026 by
/// `core::generate::center` (40 agents in 4 teams, 6 inspectors), every 25th a
/// calibration (which reports leave out, but count per reviewer when asked); each with
/// the scorer of its rubric.
fn generated(count: u64) -> Vec<(Review, Scorer)> {
    let scorer = |example: usize| Scorer::from_json(common::EXAMPLES[example].rubric).unwrap();
    let samples = [(0, 3), (2, 1)]
        .into_iter()
        .map(|(example, share)| {
            Sample::new(scorer(example), common::EXAMPLES[example].rubric, share)
        })
        .collect();
    let center = Center {
        agents: 40,
        teams: 4,
        inspectors: 6,
        days: 61,
        end_s: START + 61 * 86_400,
        seed: 15,
    };
    let mut generator = Generator::new(center, samples);
    (0..count)
        .map(|n| {
            let mut review = generator.review(n).unwrap();
            if n % 25 == 0 {
                review.mode = Mode::Calibrate;
                review.calibration = Some(Calibration {
                    reference_review_id: uuid::Uuid::from_u128(u128::from(n) + 1),
                    total_delta: Some(1.0),
                    agreement: (n % 7) as f64 / 7.0,
                    calibrated: n % 2 == 0,
                    disagreements: Vec::new(),
                    tolerance: 5.0,
                });
            }
            let example = if review.rubric.id.as_str() == "cc-qc-standard" {
                0
            } else {
                2
            };
            (review, scorer(example))
        })
        .collect()
}

/// Store `reviews` as the receiver stores what it accepts (engine scores, item rows,
/// every index), in one bulk load.
fn store(running: &Running, reviews: &[(Review, Scorer)]) {
    let rows: Vec<NewReview> = reviews
        .iter()
        .map(|(r, s)| NewReview::new(r.clone(), s.score(&r.answers).unwrap(), true))
        .collect();
    running
        .state
        .store
        .bulk_insert(&rows, "2026-12-01T00:00:00Z")
        .unwrap();
}

/// What core::stats makes of the same reviews.
fn expected(reviews: &[(Review, Scorer)], query: Query, with: &str) -> Value {
    let order = reviews
        .iter()
        .find(|(r, _)| r.rubric.id.as_str() == query.rubric)
        .map(|(_, s)| s.rubric().items().map(|(_, i)| i.id.to_string()).collect())
        .unwrap_or_default();
    let mut report = Report::new(query, order);
    if with.contains("agent_trend") {
        report = report.with_agent_trend();
    }
    if with.contains("calibration") {
        report = report.with_calibration();
    }
    for (review, scorer) in reviews {
        let score = scorer.score(&review.answers).unwrap();
        report.add(&Fact::of(review, &score).unwrap());
    }
    serde_json::to_value(report.finish()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stats_route_agrees_with_core_stats_over_the_same_reviews() {
    let (running, base) = start(config("stats")).await;
    let reviews = generated(3_000);
    store(&running, &reviews);
    for (filters, tz, bucket) in [
        ("", "Asia/Shanghai", "week"),
        ("&team=T1", "UTC", "day"),
        ("&agent_id=A007&reviewer_id=qc-03", "Asia/Shanghai", "month"),
        ("&team=T2&with=agent_trend", "Asia/Shanghai", "week"),
        ("&with=agent_trend,calibration", "UTC", "week"),
    ] {
        let (from, to) = ("2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00");
        let url = format!(
            "{base}/api/stats?rubric=cc-qc-standard&from={}&to={}&tz={tz}&bucket={bucket}{filters}",
            from.replace('+', "%2B"),
            to.replace('+', "%2B")
        );
        let got = get_json(url).await;
        let mut query = Query::new("cc-qc-standard", from, to, Some(tz), Some(bucket)).unwrap();
        for pair in filters.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap();
            match k {
                "team" => query.team = Some(v.into()),
                "agent_id" => query.agent_id = Some(v.into()),
                "with" => {}
                _ => query.reviewer_id = Some(v.into()),
            }
        }
        let with = filters.split("with=").nth(1).unwrap_or_default();
        assert_eq!(got, expected(&reviews, query, with), "{filters}");
        assert_eq!(
            got["agent_trend"].is_object(),
            with.contains("agent_trend"),
            "{filters}"
        );
        if with.contains("calibration") {
            let calibrations = got["calibration"].as_array().unwrap();
            assert!(calibrations.len() > 3, "{got}");
        }
        assert!(
            got["summary"]["reviews"].as_u64().unwrap() > 0,
            "{filters}: {got}"
        );
    }
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_streams_a_period_s_reviews_as_ndjson() {
    let (running, base) = start(config("export")).await;
    let reviews = generated(2_400);
    for (review, _) in reviews.iter().take(3) {
        assert_eq!(
            post(&base, &serde_json::to_value(review).unwrap())
                .await
                .status(),
            StatusCode::CREATED
        );
    }
    store(&running, &reviews[3..]);
    let response = reqwest::get(format!(
        "{base}/api/reviews/export?rubric=cc-qc-standard&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z"
    ))
    .await
    .unwrap();
    assert_eq!(
        response.headers()["content-type"],
        "application/x-ndjson; charset=utf-8"
    );
    let text = response.text().await.unwrap();
    let exported: Vec<Review> = text
        .lines()
        .map(|l| Review::from_json(l).unwrap())
        .collect();
    let november = |r: &Review| {
        r.submitted_at.as_str() >= "2026-11-01" && r.submitted_at.as_str() < "2026-12-01"
    };
    let expected = reviews
        .iter()
        .filter(|(r, _)| r.rubric.id.as_str() == "cc-qc-standard" && november(r))
        .count();
    assert_eq!(exported.len(), expected);
    assert!(
        exported.len() > 500,
        "more than one page: {}",
        exported.len()
    );
    assert!(
        exported
            .iter()
            .all(|r| r.rubric.id.as_str() == "cc-qc-standard" && november(r))
    );
    running.stop().await.unwrap();
}

#[tokio::test]
async fn stats_and_export_are_for_supervisors() {
    let mut config = config("stats-roles");
    config.auth.hs256_secret = Some(b"secret".to_vec());
    let (running, base) = start(config).await;
    let token = |role: &str| {
        let exp = jiff::Timestamp::now().as_second() + 60;
        hs256(
            &json!({"sub": "1024", "role": role, "aud": "rubric-receiver", "exp": exp}),
            b"secret",
        )
    };
    let query = "rubric=cc-qc-standard&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z";
    for route in ["api/stats", "api/reviews/export"] {
        let url = format!("{base}/{route}?{query}");
        assert_eq!(
            get_as(url.clone(), Some(&token("agent"))).await.status(),
            StatusCode::FORBIDDEN,
            "{route}"
        );
        assert_eq!(
            get_as(url.clone(), Some(&token("inspector")))
                .await
                .status(),
            StatusCode::FORBIDDEN,
            "{route}"
        );
        assert_eq!(
            get_as(url, Some(&token("supervisor"))).await.status(),
            StatusCode::OK,
            "{route}"
        );
    }
    let (status, e) = error_of(
        get_as(
            format!("{base}/api/stats?rubric=cc-qc-standard&from=2026-11-01T00:00:00Z"),
            Some(&token("supervisor")),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, &e["error"]),
        (StatusCode::BAD_REQUEST, &json!("to: required"))
    );
    let (status, e) = error_of(
        get_as(
            format!("{base}/api/stats?{query}&tz=Mars/Olympus"),
            Some(&token("supervisor")),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    running.stop().await.unwrap();
}

#[tokio::test]
async fn seed_makes_a_center_whose_reports_show_its_habits() {
    let config = config("seed");
    let (store, rubrics) = receiver::open(&config).unwrap();
    let ids = ["cc-qc-standard".to_owned()];
    let stored = receiver::seed(&store, &rubrics, &ids, 4_000, 180, 5.0).unwrap();
    assert_eq!((stored, store.count().unwrap()), (4_000, 4_000));
    let now = jiff::Timestamp::now();
    let at = |days: i64| (now - jiff::SignedDuration::from_hours(24 * days)).to_string();
    let query = Query::new(
        "cc-qc-standard",
        &at(181),
        &at(-1),
        Some("Asia/Shanghai"),
        Some("month"),
    )
    .unwrap();
    let mut report = Report::new(query, vec![]).with_calibration();
    store.report(&mut report).unwrap();
    let stats = serde_json::to_value(report.finish()).unwrap();
    // Every 40th call is a calibration: the expert's review and an inspector's.
    let calibrations: u64 = stats["calibration"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["calibrations"].as_u64().unwrap())
        .sum();
    assert!(calibrations > 80, "{}", stats["calibration"]);
    assert_eq!(
        stats["summary"]["reviews"].as_u64().unwrap() + 2 * calibrations,
        4_000
    );
    // The lenient inspector (qc-01) gives more than the strict one (qc-08).
    let leniency = |id: &str| {
        stats["reviewers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["reviewer_id"] == id)
            .unwrap()["leniency"]
            .as_f64()
            .unwrap()
    };
    assert!(
        leniency("qc-01") > 0.0 && leniency("qc-08") < 0.0,
        "{}",
        stats["reviewers"]
    );
    // Everyone improves: the last full month scores higher than the first.
    let points = stats["trend"]["points"].as_array().unwrap();
    let mean = |p: &Value| p["mean_total"].as_f64().unwrap();
    assert!(
        mean(&points[points.len() - 2]) > mean(&points[1]),
        "{}",
        stats["trend"]
    );
    assert!(stats["summary"]["fatal_rate"].as_f64().unwrap() > 0.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_s_choices_come_from_the_stored_reviews_and_rubrics() {
    let (running, base) = start(config("facets")).await;
    let reviews = generated(600);
    store(&running, &reviews);
    let facets = get_json(format!("{base}/api/stats/facets")).await;
    let distinct = |field: &str| {
        let mut all: Vec<String> = reviews
            .iter()
            .filter_map(|(r, _)| match field {
                "teams" => r.context_text("team"),
                "agents" => r.context_text("agent_id"),
                _ => r.reviewer.as_ref().map(|x| x.id.clone()),
            })
            .collect();
        all.sort();
        all.dedup();
        json!(all)
    };
    for field in ["teams", "agents", "reviewers"] {
        assert_eq!(facets[field], distinct(field), "{field}");
    }
    assert_eq!(facets["teams"].as_array().unwrap().len(), 4);
    let list = get_json(format!("{base}/api/rubrics")).await;
    let standard = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "cc-qc-standard")
        .unwrap();
    assert_eq!(standard["versions"], json!([standard["version"]]));
    let text = reqwest::get(format!("{base}/api/rubrics/cc-qc-standard"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(text, common::EXAMPLES[0].rubric);
    let missing = reqwest::get(format!("{base}/api/rubrics/cc-qc-standard?version=0.0"))
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    running.stop().await.unwrap();
}
