//! `GET /api/keys`, `POST /api/keys` and `DELETE /api/keys/{id}`: API keys, for the
//! role `admin` (the same as `rubric-receiver key list|create|revoke`).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::AppState;
use super::api::{ApiError, blocking, caller_in};
use super::auth::{Role, create_key};

pub async fn list(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    caller_in(&state, &headers, &[Role::Admin]).await?;
    let keys = blocking(&state, |s| s.store.keys()).await?;
    Ok(Json(json!({ "keys": keys })).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewKeyRequest {
    name: String,
    role: String,
}

pub async fn create(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    caller_in(&state, &headers, &[Role::Admin]).await?;
    let asked: NewKeyRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("expected {{\"name\": …, \"role\": …}}: {e}")))?;
    let role = Role::parse(&asked.role).ok_or_else(|| {
        ApiError::invalid(format!(
            "role: {:?} is not one of inspector, supervisor, agent, trainee, admin",
            asked.role
        ))
    })?;
    let name = asked.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::invalid("name: 1 to 100 characters"));
    }
    let key = blocking(&state, move |s| create_key(&s.store, &name, role)).await?;
    let body = json!({
        "id": key.info.id, "name": key.info.name, "role": key.info.role,
        "created_at": key.info.created_at, "secret": key.secret,
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

pub async fn revoke(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    caller_in(&state, &headers, &[Role::Admin]).await?;
    let key = id.clone();
    let at = jiff::Timestamp::now().to_string();
    match blocking(&state, move |s| s.store.revoke_key(&key, &at)).await? {
        true => Ok(StatusCode::NO_CONTENT.into_response()),
        false => Err(ApiError::NotFound {
            message: format!("no live key {id:?}"),
        }),
    }
}
