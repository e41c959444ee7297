//! `POST /api/reviews` (or `PUT /api/reviews/{id}`): store a review exactly once;
//! `GET /api/reviews`: list them; `GET /api/reviews/{id}`: one document.

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
use super::api::{ApiError, REPLAYED, blocking, caller, caller_in};
use super::auth::{Caller, Role};
use super::check::{Accepted, canonical_id, check};
use super::store::{Filter, KeyState, Start, Stored, Submission};
use crate::core::time::{is_strict_rfc3339, rfc3339_ms};
use crate::core::{JsonPath, Problem, digest};

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

/// A request's review: its Idempotency-Key (which must be its canonical
/// `review_id`, and the id in the URL when there is one), its text and JSON.
struct Request {
    key: String,
    hash: String,
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
        _ if timed_out(&rejection) => ApiError::SlowBody {
            seconds: state.config.body_timeout.as_secs(),
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
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::BadRequest("malformed JSON: the body is not UTF-8".to_owned()))?;
    let value: Value = serde_json::from_str(text)
        .map_err(|e| ApiError::BadRequest(Problem::from_json(JsonPath::root(), &e).to_string()))?;
    let review_id = canonical_id(&value)?;
    if key != review_id {
        let message =
            format!("the Idempotency-Key {key:?} is not the review's review_id {review_id:?}");
        return Err(ApiError::invalid(message));
    }
    if let Some(id) = path_id.filter(|id| *id != review_id) {
        let message =
            format!("the URL names review {id:?} but the document is review {review_id:?}");
        return Err(ApiError::invalid(message));
    }
    let hash = digest(text);
    Ok(Request { key, hash, value })
}

/// Whether the body stopped arriving (the body timeout), somewhere in the error's chain.
fn timed_out(rejection: &BytesRejection) -> bool {
    let mut error: Option<&(dyn std::error::Error + 'static)> = Some(rejection);
    while let Some(e) = error {
        if e.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        error = e.source();
    }
    false
}

/// The answer a key settles a request with: a replay of the stored response, or an
/// error when it is in flight or was used with another body.
fn settled(key: &str, state: KeyState) -> Result<Response, ApiError> {
    match state {
        KeyState::InFlight => Err(ApiError::InFlight),
        KeyState::Done { status, body } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED);
            let mut response = stored(status, key, body);
            let replayed = HeaderValue::from_static("true");
            response.headers_mut().insert(REPLAYED, replayed);
            Ok(response)
        }
        KeyState::Mismatch => Err(ApiError::invalid(
            "this Idempotency-Key (review_id) was already used with a different request body",
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
    Some(found.document)
}

async fn submit(
    state: Arc<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
    path_id: Option<String>,
) -> Result<Response, ApiError> {
    let caller = caller(&state, &headers).await?;
    let request = read_request(&state, &headers, body, path_id)?;
    let (key, hash) = (request.key.clone(), request.hash.clone());
    // A repeat is answered from the stored response before anything else.
    if let Some(known) = blocking(&state, move |s| s.store.lookup(&key, &hash)).await? {
        return settled(&request.key, known);
    }
    if !state.config.processing_delay.is_zero() {
        tokio::time::sleep(state.config.processing_delay).await;
    }
    let reference = reference_of(&state, &request.value).await;
    let (key, hash) = (request.key, request.hash);
    let accepted = check(&state, &caller, request.value, reference.as_deref())?;
    store(&state, key, hash, accepted).await
}

/// Store an accepted review with the response a replay will answer.
async fn store(
    state: &Arc<AppState>,
    key: String,
    hash: String,
    accepted: Accepted,
) -> Result<Response, ApiError> {
    // The response is stored with the review, so a replay answers exactly the same.
    let received_at = jiff::Timestamp::now().to_string();
    let row = accepted.row;
    let body = json!({
        "id": key, "review_id": key, "received_at": received_at,
        "total": row.total, "passed": row.passed, "warnings": accepted.warnings,
    })
    .to_string();
    let submission = Submission {
        key: key.clone(),
        request_hash: hash,
        row,
        response: body.clone(),
        received_at,
    };
    match state.writer.submit(submission).await? {
        Some(settles) => settled(&key, settles),
        None => Ok(stored(StatusCode::CREATED, &key, body)),
    }
}

/// `GET /api/reviews`'s query, as text so that each bad value gets its own message.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    limit: Option<String>,
    offset: Option<String>,
    cursor: Option<String>,
    count: Option<String>,
    rubric: Option<String>,
    mode: Option<String>,
    call_id: Option<String>,
    agent_id: Option<String>,
    team: Option<String>,
    reviewer_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

fn bad(message: String) -> ApiError {
    ApiError::BadRequest(message)
}

fn whole(name: &str, text: &str, max: i64) -> Result<i64, ApiError> {
    text.parse::<i64>()
        .ok()
        .filter(|n| (0..=max).contains(n))
        .ok_or_else(|| {
            bad(format!(
                "{name}: expected a whole number from 0 to {max}, found {text:?}"
            ))
        })
}

fn instant(name: &str, text: &str) -> Result<i64, ApiError> {
    let strict = Some(text).filter(|t| is_strict_rfc3339(t));
    strict.and_then(rfc3339_ms).map(|ms| ms as i64).ok_or_else(|| {
        bad(format!(
            "{name}: expected an RFC 3339 timestamp like 2026-11-01T00:00:00+08:00, found {text:?}"
        ))
    })
}

impl ListQuery {
    /// The page asked for: its size, where it starts, whether to count, and which
    /// reviews.
    fn parse(self) -> Result<(u32, Start, bool, Filter), ApiError> {
        let given = |v: Option<String>| v.filter(|v| !v.is_empty());
        let limit = match given(self.limit) {
            Some(text) => whole("limit", &text, 500)?.max(1) as u32,
            None => 50,
        };
        let offset = given(self.offset);
        let start = match (given(self.cursor), &offset) {
            (Some(_), Some(_)) => return Err(bad("give cursor or offset, not both".to_owned())),
            (Some(cursor), None) => Start::Before(whole("cursor", &cursor, i64::MAX)?),
            (None, Some(text)) => Start::Offset(whole("offset", text, i64::MAX)?),
            (None, None) => Start::First,
        };
        let count = offset.is_some() || given(self.count).is_some_and(|c| c == "true" || c == "1");
        let filter = Filter {
            rubric_id: given(self.rubric),
            mode: given(self.mode),
            call_id: given(self.call_id),
            agent_id: given(self.agent_id),
            team: given(self.team),
            reviewer_id: given(self.reviewer_id),
            from_ms: given(self.from).map(|t| instant("from", &t)).transpose()?,
            to_ms: given(self.to).map(|t| instant("to", &t)).transpose()?,
        };
        Ok((limit, start, count, filter))
    }
}

/// Narrow a listing to what the caller may read: an agent their calls' reviews, an
/// inspector their own, a trainee their own quiz attempts.
fn scope(caller: &Caller, filter: &mut Filter) -> Result<(), ApiError> {
    let Caller::User { subject, role } = caller else {
        return Ok(());
    };
    let own = |field: &mut Option<String>, name: &str| match field {
        Some(asked) if asked != subject => Err(ApiError::Forbidden {
            message: format!(
                "{name}: an {} reads only their own reviews ({subject})",
                role.as_str()
            ),
        }),
        _ => {
            *field = Some(subject.clone());
            Ok(())
        }
    };
    match role {
        Role::Supervisor => Ok(()),
        Role::Agent => own(&mut filter.agent_id, "agent_id"),
        Role::Inspector => own(&mut filter.reviewer_id, "reviewer_id"),
        Role::Trainee => {
            filter.mode = Some("quiz".to_owned());
            own(&mut filter.reviewer_id, "reviewer_id")
        }
        Role::Admin => Err(ApiError::Forbidden {
            message: "the role admin manages keys; it reads no reviews".to_owned(),
        }),
    }
}

pub async fn list(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let caller = caller(&state, &headers).await?;
    let Query(query) =
        query.map_err(|e| bad(format!("the query is malformed: {}", e.body_text())))?;
    let (limit, start, count, mut filter) = query.parse()?;
    scope(&caller, &mut filter)?;
    let listing = blocking(&state, move |s| s.store.list(&filter, limit, start, count)).await?;
    let mut page = json!({
        "limit": limit,
        "reviews": listing.reviews,
        "next_cursor": listing.next.map(|seq| seq.to_string()),
    });
    if let Some(total) = listing.total {
        page["total"] = json!(total);
    }
    if let Start::Offset(offset) = start {
        page["offset"] = json!(offset);
    }
    Ok(Json(page).into_response())
}

/// Whether `caller` may read a stored review (the same rules as [`scope`]).
fn may_read(caller: &Caller, review: &Stored) -> bool {
    let Caller::User { subject, role } = caller else {
        return true;
    };
    let is = |field: &Option<String>| field.as_deref() == Some(subject.as_str());
    match role {
        Role::Supervisor => true,
        Role::Agent => is(&review.agent_id),
        Role::Inspector => is(&review.reviewer_id),
        Role::Trainee => is(&review.reviewer_id) && review.mode == "quiz",
        Role::Admin => false,
    }
}

pub async fn get_one(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let caller = caller_in(
        &state,
        &headers,
        &[
            Role::Supervisor,
            Role::Inspector,
            Role::Agent,
            Role::Trainee,
        ],
    )
    .await?;
    let key = id.clone();
    match blocking(&state, move |s| s.store.review(&key)).await? {
        // Not yours reads as absent: whether it exists is not yours to know either.
        Some(review) if may_read(&caller, &review) => Ok((
            [(header::CONTENT_TYPE, "application/json")],
            review.document,
        )
            .into_response()),
        _ => Err(ApiError::NotFound {
            message: format!("no review {id:?}"),
        }),
    }
}
