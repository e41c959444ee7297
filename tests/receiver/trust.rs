//! The receiver stores only what its own engine computes, under one identity per
//! review, with timestamps and blocks it has checked.

use super::*;

/// The problems of a refused review (422).
async fn refused(response: reqwest::Response) -> Vec<String> {
    let (status, e) = error_of(response).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    serde_json::from_value(e["problems"].clone()).unwrap_or_default()
}

#[tokio::test]
async fn a_false_trace_is_refused_naming_the_item() {
    let config = config("trace");
    let db = config.db.clone();
    let (running, base) = start(config).await;
    let honest = review(0, id(1));
    // An item that lost points, claimed as earned in full: the total is untouched.
    let (item, trace) = honest["score"]["items"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, t)| t["status"] == "scored" && t["earned"].as_f64() < t["possible"].as_f64())
        .map(|(id, t)| (id.clone(), t.clone()))
        .expect("the typical call loses points somewhere");
    let mut forged = honest.clone();
    forged["score"]["items"][&item]["earned"] = trace["possible"].clone();
    assert_eq!(
        refused(post(&base, &forged).await).await,
        [format!(
            "score.items.{item}.earned: {} → {}",
            trace["possible"], trace["earned"]
        )]
    );
    let mut dropped = honest.clone();
    dropped["score"]["items"]
        .as_object_mut()
        .unwrap()
        .remove(&item);
    let problems = refused(post(&base, &dropped).await).await;
    assert_eq!(problems, [format!("score.items.{item}: absent → {trace}")]);
    assert_eq!(rows(&db), 0);
    assert_eq!(post(&base, &honest).await.status(), StatusCode::CREATED);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn the_stored_row_carries_the_engine_s_trace_item_by_item() {
    let config = config("item-rows");
    let db = config.db.clone();
    let (running, base) = start(config).await;
    let mut body = review_by(0, 2, "qc-07", "1024");
    body["context"]["team"] = json!("A");
    assert_eq!(post(&base, &body).await.status(), StatusCode::CREATED);
    let key = id(2).to_string();
    let columns: (String, String, String, i64, String) = (
        column(&db, &key, "agent_id"),
        column(&db, &key, "team"),
        column(&db, &key, "reviewer_id"),
        column(&db, &key, "submitted_ms"),
        column(&db, &key, "grade"),
    );
    assert_eq!(
        columns,
        (
            "1024".into(),
            "A".into(),
            "qc-07".into(),
            1_795_421_201_000,
            "合格".into()
        )
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let scored: Vec<(String, f64, f64)> = conn
        .prepare("SELECT item_id, earned, possible FROM review_items WHERE status = 'scored' ORDER BY item_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let trace = body["score"]["items"].as_object().unwrap();
    let expected: Vec<(String, f64, f64)> = {
        let mut e: Vec<_> = trace
            .iter()
            .filter(|(_, t)| t["status"] == "scored")
            .map(|(id, t)| {
                (
                    id.clone(),
                    t["earned"].as_f64().unwrap(),
                    t["possible"].as_f64().unwrap(),
                )
            })
            .collect();
        e.sort_by(|a, b| a.0.cmp(&b.0));
        e
    };
    assert!(!expected.is_empty());
    assert_eq!(scored, expected);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn one_review_has_one_id_in_one_canonical_form() {
    let config = config("uuid-forms");
    let db = config.db.clone();
    let (running, base) = start(config).await;
    let canonical = id(3).to_string();
    let forms = [
        canonical.to_uppercase(),
        format!("{{{canonical}}}"),
        format!("urn:uuid:{canonical}"),
        canonical.replace('-', ""),
    ];
    for form in &forms {
        let mut body = review(0, id(3));
        body["review_id"] = json!(form);
        assert_eq!(
            refused(post(&base, &body).await).await,
            [format!(
                "review_id: write the UUID in its canonical form {canonical:?}, not {form:?}"
            )],
        );
    }
    for (uuid, name) in [(uuid::Uuid::nil(), "nil"), (uuid::Uuid::max(), "max")] {
        let body = review(0, uuid);
        assert_eq!(
            refused(post(&base, &body).await).await,
            [format!("review_id: the {name} UUID is not a review id")]
        );
    }
    assert_eq!(
        post(&base, &review(0, id(3))).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(rows(&db), 1);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn the_calibration_verdict_follows_the_receiver_s_tolerance() {
    let config = config("tolerance");
    let db = config.db.clone();
    let (running, base) = start(config).await;
    let expert = common::json(common::EXPERT_REVIEW);
    assert_eq!(post(&base, &expert).await.status(), StatusCode::CREATED);
    // Totals 6 apart: not calibrated at the receiver's 5 points, whatever the client
    // says its tolerance is.
    let mut lenient = serde_json::to_value(common::calibration_review(id(4))).unwrap();
    lenient["calibration"]["tolerance"] = json!(1e308);
    lenient["calibration"]["calibrated"] = json!(true);
    lenient["calibration"]["disagreements"] = json!([]);
    let problems = refused(post(&base, &lenient).await).await;
    assert!(
        problems.contains(&"calibration.tolerance: 1e+308 → 5.0".to_owned()),
        "{problems:?}"
    );
    assert!(
        problems.contains(&"calibration.calibrated: true → false".to_owned()),
        "{problems:?}"
    );
    // Without the reference stored, the client's tolerance must still be the receiver's.
    let mut unchecked = serde_json::to_value(common::calibration_review(id(5))).unwrap();
    unchecked["calibration"]["reference_review_id"] = json!(id(999).to_string());
    unchecked["calibration"]["tolerance"] = json!(8.0);
    assert_eq!(
        refused(post(&base, &unchecked).await).await,
        ["calibration.tolerance: 8.0 → 5.0"]
    );
    assert_eq!(rows(&db), 1);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn timestamps_are_strict_ordered_and_not_in_the_future() {
    let (running, base) = start(config("timestamps")).await;
    let with = |n: u128, started: &str, submitted: &str| {
        let mut body = review(0, id(n));
        body["started_at"] = json!(started);
        body["submitted_at"] = json!(submitted);
        body
    };
    let reversed = with(6, "2099-01-01T00:00:00Z", "1970-01-01T00:00:00Z");
    assert_eq!(
        refused(post(&base, &reversed).await).await,
        ["started_at: 2099-01-01T00:00:00Z is after submitted_at 1970-01-01T00:00:00Z"]
    );
    let zoned = with(
        7,
        "2026-11-23T08:00:00Z",
        "2026-11-23T08:06:41Z[Asia/Shanghai]",
    );
    assert_eq!(
        refused(post(&base, &zoned).await).await,
        [
            "submitted_at: expected an RFC 3339 timestamp like 2026-11-23T08:06:41Z, found \"2026-11-23T08:06:41Z[Asia/Shanghai]\""
        ]
    );
    // Year 9999 is a valid timestamp: refused only for being in the future.
    let far = with(8, "2026-11-23T08:00:00Z", "9999-12-31T23:59:59Z");
    let problems = refused(post(&base, &far).await).await;
    assert!(
        problems[0].starts_with("submitted_at: 9999-12-31T23:59:59Z is in the future"),
        "{problems:?}"
    );
    let early = with(9, "1969-12-31T23:59:59Z", "2026-11-23T08:00:00Z");
    assert_eq!(
        refused(post(&base, &early).await).await,
        ["started_at: \"1969-12-31T23:59:59Z\" is before 1970"]
    );
    // A client clock a minute fast is within the allowed skew.
    let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(60);
    let ahead = with(
        10,
        "2026-11-23T08:00:00Z",
        &soon.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
    );
    assert_eq!(post(&base, &ahead).await.status(), StatusCode::CREATED);
    // And the listing takes year 9999 as a bound.
    let page = get_json(format!("{base}/api/reviews?to=9999-12-31T23:59:59Z")).await;
    assert_eq!(listed_ids(&page), [id(10).to_string()]);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn blocks_belong_to_their_mode_and_numbers_have_bounds() {
    let (running, base) = start(config("modes")).await;
    let quiz = json!({"time_taken_s": 60, "timed_out": false, "shuffled": false});
    let mut inspect_with_quiz = review(0, id(11));
    inspect_with_quiz["quiz"] = quiz.clone();
    assert_eq!(
        refused(post(&base, &inspect_with_quiz).await).await,
        ["quiz: only a review in mode \"quiz\" carries a quiz block"]
    );
    let mut endless = review(4, id(12));
    endless["mode"] = json!("quiz");
    endless["quiz"] = quiz;
    endless["quiz"]["time_taken_s"] = json!(u64::MAX);
    assert_eq!(
        refused(post(&base, &endless).await).await,
        ["quiz.time_taken_s: 18446744073709551615 is more than a week (604800 s)"]
    );
    let mut calibration_on_inspect =
        serde_json::to_value(common::calibration_review(id(13))).unwrap();
    calibration_on_inspect["mode"] = json!("inspect");
    assert_eq!(
        refused(post(&base, &calibration_on_inspect).await).await,
        ["calibration: only a review in mode \"calibrate\" carries a calibration block"]
    );
    running.stop().await.unwrap();
}
