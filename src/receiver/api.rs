//! The receiver's HTTP API.
//!
//! `POST /api/reviews` (or `PUT /api/reviews/{id}`) accepts a review/v1 document:
//!
//! | status | when |
//! |---|---|
//! | 201 | stored (or, with `Idempotent-Replayed: true`, stored earlier under this key) |
//! | 400 | malformed JSON, or no `Idempotency-Key` header |
//! | 409 | a request with the same key is still being processed (`Retry-After: 1`) |
//! | 413 | the body is larger than the limit |
//! | 422 | not a valid review: the key is not its `review_id`, the key was used with another body, the rubric is unknown, the answers do not fit the rubric, or the score does not match the re-computed one |
//! | 500 | the database failed (the key is released; retry) |
//!
//! Every error body is JSON: `{"error": "…", "problems": ["…"]}`.
//!
//! `GET /api/reviews` lists them newest first, a page at a time (`limit`, `offset`),
//! narrowed by any of `rubric`, `mode`, `call_id` and `agent_id`.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::store::{Filter, KeyState, NewReview};
use crate::core::{Review, VerifyError, digest};

/// The header naming a replay of an earlier response.
pub const REPLAYED: &str = "idempotent-replayed";

fn error(status: StatusCode, message: impl Into<String>, problems: &[String]) -> Response {
    let mut body = json!({ "error": message.into() });
    if !problems.is_empty() {
        body["problems"] = json!(problems);
    }
    (status, Json(body)).into_response()
}

fn location(id: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("/api/reviews/{id}"))
        .unwrap_or(HeaderValue::from_static("/api/reviews"))
}

pub async fn create(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    submit(state, headers, body, None).await
}

pub async fn replace(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    submit(state, headers, body, Some(id)).await
}

/// A review that passed every check, ready to store.
struct Accepted {
    review: Review,
    total: Option<f64>,
    passed: Option<bool>,
    digest_matches: bool,
    warnings: Vec<String>,
}

async fn submit(
    state: Arc<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
    path_id: Option<String>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let limit = state.config.max_body;
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the review is larger than the limit of {limit} bytes"),
                &[],
            );
        }
        Err(rejection) => return error(StatusCode::BAD_REQUEST, rejection.body_text(), &[]),
    };
    let Some(key) = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
    else {
        return error(
            StatusCode::BAD_REQUEST,
            "the Idempotency-Key header is required (it must equal review_id)",
            &[],
        );
    };
    let text = match std::str::from_utf8(&body) {
        Ok(text) => text,
        Err(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "malformed JSON: the body is not UTF-8",
                &[],
            );
        }
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            let message =
                crate::core::Problem::from_json(crate::core::JsonPath::root(), &e).to_string();
            return error(StatusCode::BAD_REQUEST, message, &[]);
        }
    };
    let review_id = value
        .get("review_id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if key != review_id {
        let message =
            format!("the Idempotency-Key {key:?} is not the review's review_id {review_id:?}");
        return error(StatusCode::UNPROCESSABLE_ENTITY, message, &[]);
    }
    if let Some(id) = path_id.filter(|id| *id != review_id) {
        let message =
            format!("the URL names review {id:?} but the document is review {review_id:?}");
        return error(StatusCode::UNPROCESSABLE_ENTITY, message, &[]);
    }

    let hash = digest(text);
    let store = state.clone();
    let key_owned = key.to_owned();
    let claimed = tokio::task::spawn_blocking(move || store.store.begin(&key_owned, &hash)).await;
    match claimed {
        Ok(Ok(KeyState::New)) => {}
        Ok(Ok(KeyState::InFlight)) => {
            let mut response = error(
                StatusCode::CONFLICT,
                "a request with this Idempotency-Key is still being processed; retry shortly",
                &[],
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return response;
        }
        Ok(Ok(KeyState::Done { status, body })) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED);
            let mut response =
                (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
            response
                .headers_mut()
                .insert(REPLAYED, HeaderValue::from_static("true"));
            response
                .headers_mut()
                .insert(header::LOCATION, location(key));
            return response;
        }
        Ok(Ok(KeyState::Mismatch)) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "this Idempotency-Key was already used with a different request body",
                &[],
            );
        }
        Ok(Err(e)) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), &[]),
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), &[]),
    }

    if !state.config.processing_delay.is_zero() {
        tokio::time::sleep(state.config.processing_delay).await;
    }

    let reference = match value
        .pointer("/calibration/reference_review_id")
        .and_then(Value::as_str)
    {
        Some(id) => {
            let (store, id) = (state.clone(), id.to_owned());
            tokio::task::spawn_blocking(move || store.store.review(&id))
                .await
                .ok()
                .and_then(Result::ok)
                .flatten()
                .map(|(document, _)| document)
        }
        None => None,
    };
    let accepted = match check(&state, text, reference.as_deref()) {
        Ok(accepted) => accepted,
        Err((message, problems)) => {
            // Not stored: the key is released so a corrected review may use it.
            let store = state.clone();
            let key = key.to_owned();
            let _ = tokio::task::spawn_blocking(move || store.store.release(&key)).await;
            return error(StatusCode::UNPROCESSABLE_ENTITY, message, &problems);
        }
    };

    let store = state.clone();
    let key = key.to_owned();
    let document = text.to_owned();
    let stored = tokio::task::spawn_blocking(move || {
        let r = &accepted.review;
        let rubric_id = r.rubric.id.to_string();
        let mode = serde_json::to_value(r.mode)
            .ok()
            .and_then(|m| m.as_str().map(str::to_owned))
            .unwrap_or_default();
        let row = NewReview {
            review_id: &key,
            rubric_id: &rubric_id,
            rubric_version: &r.rubric.version,
            rubric_digest: &r.rubric.digest,
            digest_matches: accepted.digest_matches,
            mode: &mode,
            total: accepted.total,
            passed: accepted.passed,
            fatal: r.score.fatal,
            complete: r.score.complete,
            submitted_at: &r.submitted_at,
            document: &document,
        };
        let response = |received_at: &str| {
            json!({
                "id": key, "review_id": key, "received_at": received_at,
                "total": accepted.total, "passed": accepted.passed, "warnings": accepted.warnings,
            })
            .to_string()
        };
        // The response is stored with the review, so a replay answers exactly the same;
        // its received_at is the moment the row was written.
        let received_at = jiff::Timestamp::now().to_string();
        let body = response(&received_at);
        let result = store
            .store
            .complete(&key, &row, &received_at, 201, &body)
            .map(|_| body);
        if result.is_err() {
            let _ = store.store.release(&key);
        }
        result
    })
    .await;
    match stored {
        Ok(Ok(body)) => {
            let mut response = (
                StatusCode::CREATED,
                [(header::CONTENT_TYPE, "application/json")],
                body,
            )
                .into_response();
            response
                .headers_mut()
                .insert(header::LOCATION, location(&review_id));
            response
        }
        Ok(Err(e)) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), &[]),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), &[]),
    }
}

/// Every check of a review against the contract, the rubric it names and, for a
/// calibration, the reference review it names (its stored document, if any).
fn check(
    state: &AppState,
    text: &str,
    reference: Option<&str>,
) -> Result<Accepted, (String, Vec<String>)> {
    let review = Review::from_json(text).map_err(|problems| {
        (
            "the document is not a valid review/v1".to_owned(),
            problems.iter().map(ToString::to_string).collect(),
        )
    })?;
    let bad_times: Vec<String> = [
        ("started_at", &review.started_at),
        ("submitted_at", &review.submitted_at),
    ]
    .into_iter()
    .filter(|(_, t)| t.parse::<jiff::Timestamp>().is_err())
    .map(|(field, t)| format!("{field}: expected an RFC 3339 timestamp, found {t:?}"))
    .collect();
    if !bad_times.is_empty() {
        return Err((
            "the document is not a valid review/v1".to_owned(),
            bad_times,
        ));
    }
    let (id, version) = (review.rubric.id.as_str(), review.rubric.version.as_str());
    let known = state.rubrics.get(id, version).ok_or_else(|| {
        let known = state.rubrics.names().join(", ");
        (
            format!("unknown rubric {id}@{version}; this receiver knows: {known}"),
            Vec::new(),
        )
    })?;
    let rejected = |e: VerifyError| match e {
        VerifyError::Answers(problems) => (
            "the answers do not fit the rubric".to_owned(),
            problems.iter().map(ToString::to_string).collect(),
        ),
        VerifyError::Score(differences) => (
            "the submitted score does not match the re-computed one (a stale or tampered client)"
                .to_owned(),
            differences,
        ),
        VerifyError::Calibration(differences) => (
            "the calibration does not match the re-computed comparison with the reference review"
                .to_owned(),
            differences,
        ),
    };
    let score = review.verify(&known.scorer).map_err(rejected)?;
    // A calibration is checked against the expert's review it names, when that review
    // is stored here; otherwise it is accepted with a warning.
    let mut warnings = Vec::new();
    if let Some(calibration) = &review.calibration {
        match reference.map(Review::from_json) {
            Some(Ok(reference)) => review
                .verify_calibration(&known.scorer, &reference)
                .map_err(rejected)?,
            Some(Err(_)) | None => warnings.push(format!(
                "calibration: the reference review {} is not stored here, so the comparison was not checked",
                calibration.reference_review_id
            )),
        }
    }
    let digest_matches = review.rubric.digest == known.digest;
    if !digest_matches {
        warnings.push(format!(
            "the review was scored against rubric text {} but this receiver has {} for {id}@{version}; the scores agree",
            review.rubric.digest, known.digest
        ));
    }
    Ok(Accepted {
        total: score.total,
        passed: score.passed,
        review,
        digest_matches,
        warnings,
    })
}

/// `GET /api/reviews`'s query: a page, and which reviews.
#[derive(Debug, Deserialize)]
pub struct Page {
    limit: Option<u32>,
    offset: Option<u64>,
    rubric: Option<String>,
    mode: Option<String>,
    call_id: Option<String>,
    agent_id: Option<String>,
}

pub async fn list(
    State(state): State<Arc<AppState>>,
    page: Result<Query<Page>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(page)) = page else {
        return error(
            StatusCode::BAD_REQUEST,
            "limit and offset must be whole numbers",
            &[],
        );
    };
    let limit = page.limit.unwrap_or(50).clamp(1, 500);
    let offset = page.offset.unwrap_or(0);
    let given = |v: Option<String>| v.filter(|v| !v.is_empty());
    let filter = Filter {
        rubric_id: given(page.rubric),
        mode: given(page.mode),
        call_id: given(page.call_id),
        agent_id: given(page.agent_id),
    };
    let listed =
        tokio::task::spawn_blocking(move || state.store.list(&filter, limit, offset)).await;
    match listed {
        Ok(Ok((total, reviews))) => {
            Json(json!({ "total": total, "limit": limit, "offset": offset, "reviews": reviews }))
                .into_response()
        }
        Ok(Err(e)) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), &[]),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), &[]),
    }
}

pub async fn get_one(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let key = id.clone();
    match tokio::task::spawn_blocking(move || state.store.review(&key)).await {
        Ok(Ok(Some((document, _)))) => {
            ([(header::CONTENT_TYPE, "application/json")], document).into_response()
        }
        Ok(Ok(None)) => error(StatusCode::NOT_FOUND, format!("no review {id:?}"), &[]),
        Ok(Err(e)) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), &[]),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), &[]),
    }
}

pub async fn health(State(state): State<Arc<AppState>>) -> Response {
    match tokio::task::spawn_blocking(move || state.store.count()).await {
        Ok(Ok(reviews)) => Json(json!({ "status": "ok", "reviews": reviews })).into_response(),
        _ => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the database is unavailable",
            &[],
        ),
    }
}

/// The widget's configuration, when the receiver serves the widget.
pub async fn widget_config(State(state): State<Arc<AppState>>) -> Response {
    Json(state.config.widget_config.clone()).into_response()
}
