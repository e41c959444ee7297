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
//! | 500 | the database failed (the key is released; retry); the detail is logged, not sent |
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
use super::store::{Filter, KeyState, NewReview, StoreError};
use crate::core::{Review, VerifyError, digest};

/// The header naming a replay of an earlier response.
pub const REPLAYED: &str = "idempotent-replayed";

/// Why a request was not served: each kind maps to its status and a JSON body
/// `{"error": …, "problems": […]}` here and nowhere else.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Malformed: not JSON, not UTF-8, a missing header, a bad query.
    #[error("{0}")]
    BadRequest(String),
    #[error("{message}")]
    NotFound { message: String },
    /// The same Idempotency-Key is being processed right now.
    #[error("a request with this Idempotency-Key is still being processed; retry shortly")]
    InFlight,
    #[error("the review is larger than the limit of {limit} bytes")]
    TooLarge { limit: usize },
    /// Not a valid review for this receiver; `problems` says where.
    #[error("{message}")]
    Invalid {
        message: String,
        problems: Vec<String>,
    },
    /// The database failed: the detail goes to the log, never to the client.
    #[error("the database failed; retry")]
    Store(#[from] StoreError),
    /// A worker thread died: likewise.
    #[error("the request could not be completed; retry")]
    Task(#[from] tokio::task::JoinError),
    /// The health check could not reach the database.
    #[error("the database is unavailable")]
    Unavailable,
}

impl ApiError {
    fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::Invalid {
            message: message.into(),
            problems: Vec::new(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::InFlight => StatusCode::CONFLICT,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Store(_) | ApiError::Task(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Store(e) => eprintln!("rubric-receiver: {e}"),
            ApiError::Task(e) => eprintln!("rubric-receiver: a worker failed: {e}"),
            _ => {}
        }
        let mut body = json!({ "error": self.to_string() });
        if let ApiError::Invalid { problems, .. } = &self
            && !problems.is_empty()
        {
            body["problems"] = json!(problems);
        }
        let mut response = (self.status(), Json(body)).into_response();
        if let ApiError::InFlight = self {
            let retry = HeaderValue::from_static("1");
            response.headers_mut().insert(header::RETRY_AFTER, retry);
        }
        response
    }
}

/// Run a blocking store operation on the blocking pool.
async fn blocking<T: Send + 'static>(
    state: &Arc<AppState>,
    f: impl FnOnce(&AppState) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    let state = state.clone();
    Ok(tokio::task::spawn_blocking(move || f(&state)).await??)
}

fn location(id: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("/api/reviews/{id}"))
        .unwrap_or(HeaderValue::from_static("/api/reviews"))
}

/// A stored JSON body with its status, at the review's address.
fn stored(status: StatusCode, id: &str, body: String) -> Response {
    let mut response = (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    response
        .headers_mut()
        .insert(header::LOCATION, location(id));
    response
}

pub async fn create(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    submit(state, headers, body, None).await
}

pub async fn replace(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
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

/// A request's review: its text, its JSON, its Idempotency-Key (which must be its
/// `review_id`, and the id in the URL when there is one).
struct Request {
    key: String,
    text: String,
    value: Value,
}

fn read_request(
    state: &AppState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    path_id: Option<String>,
) -> Result<Request, ApiError> {
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge {
            limit: state.config.max_body,
        },
        _ => ApiError::BadRequest(rejection.body_text()),
    })?;
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| k.trim().to_owned())
        .ok_or_else(|| {
            let message = "the Idempotency-Key header is required (it must equal review_id)";
            ApiError::BadRequest(message.to_owned())
        })?;
    let text = String::from_utf8(body.to_vec())
        .map_err(|_| ApiError::BadRequest("malformed JSON: the body is not UTF-8".to_owned()))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        ApiError::BadRequest(
            crate::core::Problem::from_json(crate::core::JsonPath::root(), &e).to_string(),
        )
    })?;
    let review_id = value
        .get("review_id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if key != review_id {
        let message =
            format!("the Idempotency-Key {key:?} is not the review's review_id {review_id:?}");
        return Err(ApiError::invalid(message));
    }
    if let Some(id) = path_id.filter(|id| id != review_id) {
        let message =
            format!("the URL names review {id:?} but the document is review {review_id:?}");
        return Err(ApiError::invalid(message));
    }
    Ok(Request { key, text, value })
}

/// Claim the request's key: `Some` response when the key settles it (a replay of the
/// stored answer), an error when it is in flight or was used with another body.
async fn claim(state: &Arc<AppState>, request: &Request) -> Result<Option<Response>, ApiError> {
    let (key, hash) = (request.key.clone(), digest(&request.text));
    match blocking(state, move |s| s.store.begin(&key, &hash)).await? {
        KeyState::New => Ok(None),
        KeyState::InFlight => Err(ApiError::InFlight),
        KeyState::Done { status, body } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED);
            let mut response = stored(status, &request.key, body);
            let replayed = HeaderValue::from_static("true");
            response.headers_mut().insert(REPLAYED, replayed);
            Ok(Some(response))
        }
        KeyState::Mismatch => Err(ApiError::invalid(
            "this Idempotency-Key was already used with a different request body",
        )),
    }
}

/// The stored document of the expert's review a calibration names, if it is here.
async fn reference_of(state: &Arc<AppState>, value: &Value) -> Option<String> {
    let id = value
        .pointer("/calibration/reference_review_id")
        .and_then(Value::as_str)?
        .to_owned();
    // Unreadable counts as absent: the calibration is then accepted with a warning.
    let found = blocking(state, move |s| s.store.review(&id)).await.ok()??;
    Some(found.0)
}

async fn submit(
    state: Arc<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
    path_id: Option<String>,
) -> Result<Response, ApiError> {
    let request = read_request(&state, &headers, body, path_id)?;
    if let Some(replay) = claim(&state, &request).await? {
        return Ok(replay);
    }
    if !state.config.processing_delay.is_zero() {
        tokio::time::sleep(state.config.processing_delay).await;
    }
    let reference = reference_of(&state, &request.value).await;
    let accepted = match check(&state, &request.text, reference.as_deref()) {
        Ok(accepted) => accepted,
        Err(rejection) => {
            // Not stored: the key is released so a corrected review may use it.
            let key = request.key.clone();
            blocking(&state, move |s| s.store.release(&key)).await?;
            return Err(rejection);
        }
    };
    let body = store(&state, request.key.clone(), request.text, accepted).await?;
    Ok(stored(StatusCode::CREATED, &request.key, body))
}

/// Store an accepted review with the response a replay will answer; the key is
/// released when that fails.
async fn store(
    state: &Arc<AppState>,
    key: String,
    document: String,
    accepted: Accepted,
) -> Result<String, ApiError> {
    blocking(state, move |state| {
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
        // The response is stored with the review, so a replay answers exactly the
        // same; its received_at is the moment the row was written.
        let received_at = jiff::Timestamp::now().to_string();
        let body = json!({
            "id": key, "review_id": key, "received_at": received_at,
            "total": accepted.total, "passed": accepted.passed, "warnings": accepted.warnings,
        })
        .to_string();
        let result = state.store.complete(&key, &row, &received_at, 201, &body);
        if result.is_err() {
            // The write failed; releasing may fail too, and the key then frees itself
            // after the abandonment window.
            let _ = state.store.release(&key);
        }
        result.map(|_| body)
    })
    .await
}

/// Every check of a review against the contract, the rubric it names and, for a
/// calibration, the reference review it names (its stored document, if any).
fn check(state: &AppState, text: &str, reference: Option<&str>) -> Result<Accepted, ApiError> {
    let not_a_review = |problems: Vec<String>| ApiError::Invalid {
        message: "the document is not a valid review/v1".to_owned(),
        problems,
    };
    let review = Review::from_json(text)
        .map_err(|problems| not_a_review(problems.iter().map(ToString::to_string).collect()))?;
    let bad_times: Vec<String> = [
        ("started_at", &review.started_at),
        ("submitted_at", &review.submitted_at),
    ]
    .into_iter()
    .filter(|(_, t)| t.parse::<jiff::Timestamp>().is_err())
    .map(|(field, t)| format!("{field}: expected an RFC 3339 timestamp, found {t:?}"))
    .collect();
    if !bad_times.is_empty() {
        return Err(not_a_review(bad_times));
    }
    let (id, version) = (review.rubric.id.as_str(), review.rubric.version.as_str());
    let known = state.rubrics.get(id, version).ok_or_else(|| {
        let known = state.rubrics.names().join(", ");
        ApiError::invalid(format!(
            "unknown rubric {id}@{version}; this receiver knows: {known}"
        ))
    })?;
    let rejected = |e: VerifyError| {
        let (message, problems) = match e {
            VerifyError::Answers(problems) => (
                "the answers do not fit the rubric",
                problems.iter().map(ToString::to_string).collect(),
            ),
            VerifyError::Score(differences) => (
                "the submitted score does not match the re-computed one (a stale or tampered client)",
                differences,
            ),
            VerifyError::Calibration(differences) => (
                "the calibration does not match the re-computed comparison with the reference review",
                differences,
            ),
        };
        ApiError::Invalid {
            message: message.to_owned(),
            problems,
        }
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
) -> Result<Response, ApiError> {
    let Query(page) = page
        .map_err(|_| ApiError::BadRequest("limit and offset must be whole numbers".to_owned()))?;
    let limit = page.limit.unwrap_or(50).clamp(1, 500);
    let offset = page.offset.unwrap_or(0);
    let given = |v: Option<String>| v.filter(|v| !v.is_empty());
    let filter = Filter {
        rubric_id: given(page.rubric),
        mode: given(page.mode),
        call_id: given(page.call_id),
        agent_id: given(page.agent_id),
    };
    let (total, reviews) = blocking(&state, move |s| s.store.list(&filter, limit, offset)).await?;
    let page = json!({ "total": total, "limit": limit, "offset": offset, "reviews": reviews });
    Ok(Json(page).into_response())
}

pub async fn get_one(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let key = id.clone();
    match blocking(&state, move |s| s.store.review(&key)).await? {
        Some((document, _)) => {
            Ok(([(header::CONTENT_TYPE, "application/json")], document).into_response())
        }
        None => Err(ApiError::NotFound {
            message: format!("no review {id:?}"),
        }),
    }
}

pub async fn health(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let reviews = blocking(&state, |s| s.store.count())
        .await
        .map_err(|_| ApiError::Unavailable)?;
    Ok(Json(json!({ "status": "ok", "reviews": reviews })).into_response())
}

/// The widget's configuration, when the receiver serves the widget.
pub async fn widget_config(State(state): State<Arc<AppState>>) -> Response {
    Json(state.config.widget_config.clone()).into_response()
}
