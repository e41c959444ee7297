//! The receiver's HTTP API: how each failure becomes a status and a JSON body, and
//! the helpers the handlers share. The handlers are in `reviews.rs` and `keys.rs`;
//! the README's "Reference receiver" section is the user's description.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;
use super::auth::{AuthError, Caller, Role};
use super::store::StoreError;

/// The header naming a replay of an earlier response.
pub const REPLAYED: &str = "idempotent-replayed";

/// The most problems an error body lists (the rest are counted).
const MAX_PROBLEMS: usize = 50;

/// Why a request was not served: each kind maps to its status and a JSON body
/// `{"error": …, "problems": […]}` here and nowhere else.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Malformed: not JSON, not UTF-8, a missing header, a bad query.
    #[error("{0}")]
    BadRequest(String),
    #[error(transparent)]
    Unauthorized(#[from] AuthError),
    #[error("{message}")]
    Forbidden { message: String },
    #[error("{message}")]
    NotFound { message: String },
    /// The same Idempotency-Key is being processed right now.
    #[error("a request with this Idempotency-Key is still being processed; retry shortly")]
    InFlight,
    #[error("the review is larger than the limit of {limit} bytes")]
    TooLarge { limit: usize },
    /// The body stopped arriving: a client may send it again.
    #[error("the body did not arrive within {seconds} s; send it again")]
    SlowBody { seconds: u64 },
    /// Not a valid review for this receiver; `problems` says where.
    #[error("{message}")]
    Invalid {
        message: String,
        problems: Vec<String>,
    },
    /// The database failed: a fault the client may be told of (busy, read-only,
    /// full), or one whose detail goes to the log under an error id.
    #[error("{}", store_message(.0))]
    Store(#[from] StoreError),
    /// A worker thread died: likewise.
    #[error("the request could not be completed; retry")]
    Task(#[from] tokio::task::JoinError),
}

fn store_message(e: &StoreError) -> String {
    match e {
        StoreError::Busy
        | StoreError::ReadOnly
        | StoreError::Full
        | StoreError::Io
        | StoreError::LowSpace { .. } => e.to_string(),
        _ => "the database failed; retry".to_owned(),
    }
}

/// A short id that ties a 500 answer to its line in the log.
fn error_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("{:x}-{n}", jiff::Timestamp::now().as_millisecond())
}

impl ApiError {
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::Invalid {
            message: message.into(),
            problems: Vec::new(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(AuthError::Store(e)) => store_status(e),
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::InFlight => StatusCode::CONFLICT,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::SlowBody { .. } => StatusCode::REQUEST_TIMEOUT,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Store(e) => store_status(e),
            ApiError::Task(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Seconds after which a retry may succeed, for the statuses that say so.
    fn retry_after(&self) -> Option<&'static str> {
        match self {
            ApiError::InFlight => Some("1"),
            ApiError::Store(StoreError::Busy) => Some("1"),
            ApiError::Store(StoreError::ReadOnly | StoreError::Full | StoreError::Io) => Some("30"),
            ApiError::Unauthorized(AuthError::Store(StoreError::Busy)) => Some("1"),
            _ => None,
        }
    }
}

fn store_status(e: &StoreError) -> StatusCode {
    match e {
        StoreError::Busy
        | StoreError::ReadOnly
        | StoreError::Full
        | StoreError::Io
        | StoreError::LowSpace { .. }
        | StoreError::Read(_) => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut body = json!({ "error": self.to_string() });
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            let id = error_id();
            let detail = match &self {
                ApiError::Store(e) => e.to_string(),
                ApiError::Unauthorized(e) => e.to_string(),
                ApiError::Task(e) => format!("a worker failed: {e}"),
                other => other.to_string(),
            };
            eprintln!("rubric-receiver: error {id}: {detail}");
            body["error_id"] = json!(id);
        }
        if let ApiError::Invalid { problems, .. } = &self
            && !problems.is_empty()
        {
            body["problems"] = json!(problems.iter().take(MAX_PROBLEMS).collect::<Vec<_>>());
            if problems.len() > MAX_PROBLEMS {
                body["more_problems"] = json!(problems.len() - MAX_PROBLEMS);
            }
        }
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        if let Some(seconds) = self.retry_after() {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static(seconds));
        }
        if status == StatusCode::UNAUTHORIZED {
            let challenge = HeaderValue::from_static("Bearer realm=\"rubric-receiver\"");
            headers.insert(header::WWW_AUTHENTICATE, challenge);
        }
        response
    }
}

/// Run a blocking store operation on the blocking pool.
pub async fn blocking<T: Send + 'static, E: Into<ApiError>>(
    state: &Arc<AppState>,
    f: impl FnOnce(&AppState) -> Result<T, E> + Send + 'static,
) -> Result<T, ApiError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || f(&state).map_err(Into::into)).await?
}

/// Who sent the request (401 when a credential is missing where one is required, or
/// is refused).
pub async fn caller(state: &Arc<AppState>, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let header = match headers.get(header::AUTHORIZATION) {
        Some(value) => Some(value.to_str().map_err(|_| AuthError::Malformed)?.to_owned()),
        None => None,
    };
    blocking(state, move |s| s.auth.caller(header.as_deref(), &s.store)).await
}

/// The caller, when they hold one of `roles`; 403 otherwise.
pub async fn caller_in(
    state: &Arc<AppState>,
    headers: &HeaderMap,
    roles: &[Role],
) -> Result<Caller, ApiError> {
    let caller = caller(state, headers).await?;
    if caller.is(roles) {
        return Ok(caller);
    }
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    Err(ApiError::Forbidden {
        message: format!("this needs the role {}", names.join(" or ")),
    })
}

/// `GET /api/health`: `ok` only when a write round-trip succeeds now.
pub async fn health(axum::extract::State(state): axum::extract::State<Arc<AppState>>) -> Response {
    let schema = super::schema::VERSION;
    // Room for at least a few of the largest reviews, and never less than 1 MiB.
    let min_free = (4 * state.config.max_body as u64).max(1 << 20);
    match blocking(&state, move |s| s.store.probe(min_free)).await {
        Ok(()) => Json(json!({ "status": "ok", "schema_version": schema })).into_response(),
        Err(e) => {
            let reason = e.to_string();
            if let ApiError::Store(inner) = &e {
                eprintln!("rubric-receiver: health: {inner}");
            }
            let mut response = (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(
                    json!({ "status": "unavailable", "reason": reason, "schema_version": schema }),
                ),
            )
                .into_response();
            let retry = HeaderValue::from_static("5");
            response.headers_mut().insert(header::RETRY_AFTER, retry);
            response
        }
    }
}

/// The widget's configuration, when the receiver serves the widget.
pub async fn widget_config(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
) -> Response {
    Json(state.config.widget_config.clone()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_500_names_an_error_id_and_never_the_sql() {
        let sql = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(1),
            Some("near \"SELEC\": syntax error in reviews".to_owned()),
        );
        let response = ApiError::Store(StoreError::from(sql)).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap_or_default();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        assert_eq!(body["error"], "the database failed; retry");
        assert!(
            body["error_id"].as_str().is_some_and(|id| !id.is_empty()),
            "{body}"
        );
        assert!(!body.to_string().contains("SELEC"), "{body}");
    }
}
