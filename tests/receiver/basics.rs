//! The receiver's first promises: store, replay, list, serve.

use super::*;

#[tokio::test]
async fn a_valid_review_is_stored_and_can_be_read_back() {
    let config = config("stored");
    let db = config.db.clone();
    let (running, base) = start(config).await;
    let body = review(0, id(1));
    let response = post(&base, &body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        response.headers()["location"],
        format!("/api/reviews/{}", id(1))
    );
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["id"], json!(id(1).to_string()));
    assert_eq!(
        (&answer["total"], &answer["passed"]),
        (&json!(68.0), &json!(true))
    );
    assert_eq!(answer["warnings"], json!([]));
    assert_eq!(rows(&db), 1);

    let stored: Value = get_json(format!("{base}/api/reviews/{}", id(1))).await;
    assert_eq!(stored, body, "the document is stored as sent");
    let listed: Value = get_json(format!("{base}/api/reviews?count=true")).await;
    assert_eq!(listed["total"], json!(1));
    assert_eq!(listed["reviews"][0]["review_id"], json!(id(1).to_string()));
    assert_eq!(listed["reviews"][0]["total"], json!(68.0));
    running.stop().await.unwrap();
}

#[tokio::test]
async fn the_same_idempotency_key_twice_stores_one_row() {
    let config = config("twice");
    let db = config.db.clone();
    let (running, base) = start(config).await;
    let body = review(0, id(2));
    let first = post(&base, &body).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get(REPLAYED).is_none());
    let first = first.text().await.unwrap();
    let second = post(&base, &body).await;
    assert_eq!(second.status(), StatusCode::CREATED);
    assert_eq!(second.headers()[REPLAYED], "true");
    assert_eq!(
        second.text().await.unwrap(),
        first,
        "the original response, replayed"
    );
    assert_eq!(rows(&db), 1);

    // The key is for this body only.
    let mut other = body.clone();
    other["comment"] = json!("changed");
    let (status, e) = error_of(post(&base, &other).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        e["error"],
        "this Idempotency-Key (review_id) was already used with a different request body"
    );
    assert_eq!(rows(&db), 1);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn the_key_is_required_and_must_be_the_review_id() {
    let (running, base) = start(config("keys")).await;
    let body = review(0, id(3));
    let response = reqwest::Client::new()
        .post(format!("{base}/api/reviews"))
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let (status, e) = error_of(response).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        e["error"],
        "the Idempotency-Key header is required (it must equal review_id)"
    );
    let (status, e) = error_of(post_raw(&base, "another-key", body.to_string()).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        e["error"],
        format!(
            "the Idempotency-Key \"another-key\" is not the review's review_id \"{}\"",
            id(3)
        )
    );
    running.stop().await.unwrap();
}

#[tokio::test]
async fn a_tampered_score_is_rejected_and_the_honest_one_then_accepted() {
    let config = config("tampered");
    let db = config.db.clone();
    let (running, base) = start(config).await;
    let honest = review(0, id(4));
    let mut tampered = honest.clone();
    tampered["score"]["total"] = json!(88.0);
    tampered["score"]["grade"] = json!("良好");
    let (status, e) = error_of(post(&base, &tampered).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        e["error"],
        "the submitted score does not match the re-computed one (a stale or tampered client)"
    );
    assert_eq!(
        e["problems"],
        json!([
            "score.total: 88.0 → 68.0",
            "score.grade: \"良好\" → \"合格\""
        ])
    );
    assert_eq!(rows(&db), 0);
    // Nothing was stored, so the same review, corrected, may use its key.
    assert_eq!(post(&base, &honest).await.status(), StatusCode::CREATED);
    assert_eq!(rows(&db), 1);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn malformed_and_oversized_bodies_are_refused() {
    let mut config = config("limits");
    config.max_body = 1024;
    let (running, base) = start(config).await;
    let (status, e) = error_of(post_raw(&base, "k", "{\"review_id\": ".into()).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        e["error"],
        "line 1, column 14: malformed JSON: EOF while parsing a value"
    );
    let big = review(0, id(5));
    assert!(big.to_string().len() > 1024);
    let (status, e) = error_of(post(&base, &big).await).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        e["error"],
        "the review is larger than the limit of 1024 bytes"
    );
    running.stop().await.unwrap();
}

#[tokio::test]
async fn reviews_that_do_not_fit_their_rubric_are_rejected_with_reasons() {
    let (running, base) = start(config("misfits")).await;
    let mut unknown = review(0, id(6));
    unknown["rubric"]["version"] = json!("2099.1");
    let (status, e) = error_of(post(&base, &unknown).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        e["error"],
        "unknown rubric cc-qc-standard@2099.1; this receiver knows: cc-qc-standard@2026.1, quiz-standard-phrases@1, support-qa@3"
    );

    let mut wrong = review(0, id(7));
    wrong["answers"]["interrupt"]["value"] = json!(99);
    let (status, e) = error_of(post(&base, &wrong).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        e["problems"],
        json!([
            "answers.interrupt.value: expected an integer from 0 to 20 (the item's limit), found 99"
        ])
    );

    let mut shapeless = review(0, id(8));
    shapeless["mode"] = json!("audit");
    let (status, e) = error_of(post(&base, &shapeless).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"], "the document is not a valid review/v1");
    assert!(
        e["problems"][0].as_str().unwrap().starts_with("mode: "),
        "{e}"
    );

    let mut clock = review(0, id(9));
    clock["submitted_at"] = json!("yesterday");
    let (_, e) = error_of(post(&base, &clock).await).await;
    assert_eq!(
        e["problems"],
        json!([
            "submitted_at: expected an RFC 3339 timestamp like 2026-11-23T08:06:41Z, found \"yesterday\""
        ])
    );
    running.stop().await.unwrap();
}

#[tokio::test]
async fn a_digest_mismatch_is_stored_and_reported() {
    let (running, base) = start(config("digest")).await;
    let mut body = review(0, id(10));
    body["rubric"]["digest"] = json!(format!("sha256:{}", "0".repeat(64)));
    assert_stored_with_warning(post(&base, &body).await, "the scores agree").await;
    running.stop().await.unwrap();
}

#[tokio::test]
async fn a_repeat_while_the_first_is_being_processed_gets_the_replay() {
    let mut config = config("in-flight");
    config.processing_delay = Duration::from_millis(600);
    let db = config.db.clone();
    let (running, base) = start(config).await;
    let body = review(0, id(11));
    let first = {
        let (base, body) = (base.clone(), body.clone());
        tokio::spawn(async move { post(&base, &body).await })
    };
    tokio::time::sleep(Duration::from_millis(150)).await;
    // The key and the review are written in one transaction: the repeat waits for the
    // first, then gets its answer (no 409 for the client to misread as a rejection).
    let second = post(&base, &body).await;
    let first = first.await.unwrap();
    assert_eq!(
        (first.status(), second.status()),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    assert!(first.headers().get(REPLAYED).is_none());
    assert_eq!(second.headers()[REPLAYED], "true");
    assert_eq!(first.text().await.unwrap(), second.text().await.unwrap());
    assert_eq!(rows(&db), 1);
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_submissions_are_each_stored_exactly_once() {
    let config = config("concurrent");
    let db = config.db.clone();
    let (running, base) = start(config).await;
    const REVIEWS: u128 = 200;
    const TASKS: u128 = 8;
    // Every review is sent by two different tasks, as two tabs or a retry would.
    let bodies: Vec<Value> = (0..REVIEWS)
        .map(|n| review((n % 5) as usize, id(1000 + n)))
        .collect();
    let mut tasks = Vec::new();
    for t in 0..TASKS {
        let (base, bodies) = (base.clone(), bodies.clone());
        tasks.push(tokio::spawn(async move {
            let mut created = 0;
            for n in (0..REVIEWS).filter(|n| n % TASKS == t || (n + 1) % TASKS == t) {
                // A 409 (the other task's request in flight) is retried, boundedly.
                for _ in 0..50 {
                    let response = post(&base, &bodies[n as usize]).await;
                    match response.status() {
                        StatusCode::CONFLICT => tokio::time::sleep(Duration::from_millis(10)).await,
                        StatusCode::CREATED => {
                            created += usize::from(response.headers().get(REPLAYED).is_none());
                            break;
                        }
                        other => panic!("review {n}: {other}"),
                    }
                }
            }
            created
        }));
    }
    let mut created = 0;
    for task in tasks {
        created += task.await.unwrap();
    }
    assert_eq!(
        created, REVIEWS as usize,
        "each review created once, every other answer a replay"
    );
    assert_eq!(rows(&db), REVIEWS as i64);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn listing_is_newest_first_with_paging() {
    let (running, base) = start(config("paging")).await;
    for n in 0..5 {
        assert_eq!(
            post(&base, &review(0, id(20 + n))).await.status(),
            StatusCode::CREATED
        );
    }
    let page: Value = get_json(format!("{base}/api/reviews?limit=2&offset=1")).await;
    assert_eq!(
        (&page["total"], &page["limit"], &page["offset"]),
        (&json!(5), &json!(2), &json!(1))
    );
    assert_eq!(listed_ids(&page), [id(23).to_string(), id(22).to_string()]);
    let (status, _) = error_of(
        reqwest::get(format!("{base}/api/reviews?limit=many"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, e) = error_of(
        reqwest::get(format!("{base}/api/reviews/nope"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, &e["error"]),
        (StatusCode::NOT_FOUND, &json!("no review \"nope\""))
    );
    running.stop().await.unwrap();
}

#[tokio::test]
async fn listing_filters_by_rubric_mode_call_and_agent() {
    let (running, base) = start(config("filters")).await;
    // (review, example, context): agent 1024 once as a number, once as text.
    let sent = [
        (id(40), 0, json!({"call_id": "C-1", "agent_id": 1024})),
        (id(41), 1, json!({"call_id": "C-2", "agent_id": "1024"})),
        (id(42), 2, json!({"call_id": "C-1", "agent_id": "77"})),
    ];
    for (review_id, example, context) in &sent {
        let mut body = review(*example, *review_id);
        body["context"] = context.clone();
        assert_eq!(post(&base, &body).await.status(), StatusCode::CREATED);
    }
    let list = |query: &'static str| {
        let base = base.clone();
        async move {
            let page = get_json(format!("{base}/api/reviews?count=true&{query}")).await;
            (page["total"].as_u64().unwrap(), listed_ids(&page), page)
        }
    };
    let ids = |ns: &[u128]| ns.iter().map(|n| id(*n).to_string()).collect::<Vec<_>>();
    let (total, found, page) = list("agent_id=1024").await;
    assert_eq!((total, found), (2, ids(&[41, 40])));
    assert_eq!(
        (
            &page["reviews"][1]["agent_id"],
            &page["reviews"][1]["call_id"]
        ),
        (&json!("1024"), &json!("C-1")),
        "the summary names the call and the agent"
    );
    let (total, found, _) = list("call_id=C-1").await;
    assert_eq!((total, found), (2, ids(&[42, 40])));
    let (total, found, _) = list("rubric=support-qa").await;
    assert_eq!((total, found), (1, ids(&[42])));
    let (total, found, _) = list("rubric=cc-qc-standard&call_id=C-2&mode=inspect").await;
    assert_eq!((total, found), (1, ids(&[41])));
    let (total, found, _) = list("mode=quiz").await;
    assert_eq!((total, found), (0, ids(&[])));
    // An empty field filters nothing; the total counts the matches, not the page.
    let (total, found, _) = list("call_id=&limit=1").await;
    assert_eq!((total, found), (3, ids(&[42])));
    running.stop().await.unwrap();
}

#[tokio::test]
async fn put_to_the_review_url_works_too() {
    let (running, base) = start(config("put")).await;
    let body = review(1, id(30));
    let put = |url_id: String| {
        let body = body.clone();
        let base = base.clone();
        async move {
            reqwest::Client::new()
                .put(format!("{base}/api/reviews/{url_id}"))
                .header("Idempotency-Key", id(30).to_string())
                .body(body.to_string())
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        put(id(31).to_string()).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(put(id(30).to_string()).await.status(), StatusCode::CREATED);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn reviews_and_keys_survive_a_restart() {
    let config = config("restart");
    let db = config.db.clone();
    let (running, base) = start(config.clone()).await;
    let body = review(2, id(40));
    assert_eq!(post(&base, &body).await.status(), StatusCode::CREATED);
    running.stop().await.unwrap();
    let (running, base) = start(config).await;
    let again = post(&base, &body).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()[REPLAYED], "true");
    assert_eq!(rows(&db), 1);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn it_serves_the_widget_its_config_and_cors() {
    let site = Path::new(env!("CARGO_TARGET_TMPDIR")).join("receiver-site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("index.html"), "<!DOCTYPE html><title>w</title>").unwrap();
    std::fs::write(site.join("widget.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let mut config = config("site");
    config.serve = vec![("/".into(), site.clone())];
    config.allow_origins = vec!["http://127.0.0.1:4817".into()];
    let (running, base) = start(config).await;
    let wasm = reqwest::get(format!("{base}/widget.wasm")).await.unwrap();
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert!(wasm.headers().get("content-encoding").is_none());
    assert_eq!(wasm.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");
    // The release build's precompressed copies, to the browsers that accept them.
    std::fs::write(site.join("widget.wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(site.join("widget.wasm.gz"), b"gzip bytes").unwrap();
    for (accept, encoding, body) in [
        ("gzip, deflate, br, zstd", Some("br"), &b"brotli bytes"[..]),
        ("gzip", Some("gzip"), b"gzip bytes"),
        ("identity", None, b"\0asm\x01\0\0\0"),
    ] {
        let got = reqwest::Client::new()
            .get(format!("{base}/widget.wasm"))
            .header("Accept-Encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(
            got.headers()["content-type"],
            "application/wasm",
            "{accept}"
        );
        assert_eq!(got.headers()["vary"], "accept-encoding", "{accept}");
        assert_eq!(
            got.headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept}"
        );
        assert_eq!(got.bytes().await.unwrap().as_ref(), body, "{accept}");
    }
    assert_eq!(
        reqwest::get(format!("{base}/")).await.unwrap().status(),
        StatusCode::OK
    );
    let config: Value = get_json(format!("{base}/config.json")).await;
    assert_eq!(config, json!({"endpoint": "/api/reviews"}));

    let preflight = |origin: &'static str| {
        let base = base.clone();
        async move {
            reqwest::Client::new()
                .request(reqwest::Method::OPTIONS, format!("{base}/api/reviews"))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers",
                    "content-type,idempotency-key,authorization",
                )
                .send()
                .await
                .unwrap()
        }
    };
    let allowed = preflight("http://127.0.0.1:4817").await;
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "http://127.0.0.1:4817"
    );
    let headers = allowed.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_owned();
    for h in ["content-type", "authorization", "idempotency-key"] {
        assert!(headers.contains(h), "{headers}");
    }
    let other = preflight("http://evil.example").await;
    assert!(other.headers().get("access-control-allow-origin").is_none());
    running.stop().await.unwrap();
}

#[tokio::test]
async fn a_bad_rubrics_folder_stops_the_receiver_with_the_reason() {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("receiver-bad-rubrics");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("broken.json"), r#"{"format": "rubric/v1"}"#).unwrap();
    let mut config = config("bad-rubrics");
    config.rubrics = folder.clone();
    let error = receiver::start(config)
        .await
        .err()
        .expect("refuses to start")
        .to_string();
    assert!(
        error.starts_with(&format!(
            "{} is not a valid rubric:\nid: expected",
            folder.join("broken.json").display()
        )),
        "{error}"
    );
}

#[tokio::test]
async fn a_calibration_is_checked_against_the_stored_expert_review() {
    let (running, base) = start(config("calibration")).await;
    let mine = serde_json::to_value(common::calibration_review(id(40))).unwrap();

    // Before the expert's review is here, the calibration cannot be checked: stored, with
    // a warning.
    assert_stored_with_warning(post(&base, &mine).await, "is not stored here").await;

    let expert = common::json(common::EXPERT_REVIEW);
    assert_eq!(post(&base, &expert).await.status(), StatusCode::CREATED);
    let mut second = serde_json::to_value(common::calibration_review(id(41))).unwrap();
    let response = post(&base, &second).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        response.json::<Value>().await.unwrap()["warnings"],
        json!([])
    );

    // A calibration that claims more agreement than there is: rejected, with the fields.
    second["review_id"] = json!(id(42).to_string());
    second["calibration"]["agreement"] = json!(1.0);
    let (status, error) = error_of(post(&base, &second).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error["problems"],
        json!(["calibration.agreement: 1.0 → 0.8947"]),
        "{error}"
    );
    running.stop().await.unwrap();
}
