//! The console's reads from the receiver, with the supervisor's token when there is
//! one; a failure keeps the HTTP status so 401/403 can ask for a sign-in.

use serde::de::DeserializeOwned;

use super::state::Failure;
use crate::transport::TransportError;
use crate::transport::http::get_text;

/// The body of `url`.
pub async fn get(url: &str, token: Option<&str>) -> Result<String, Failure> {
    get_text(url, token).await.map_err(|e| Failure {
        status: match e.source {
            TransportError::Status { status, .. } => Some(status),
            _ => None,
        },
        message: e.to_string(),
    })
}

/// The JSON document at `url`, read as `T`.
pub async fn get_json<T: DeserializeOwned>(url: &str, token: Option<&str>) -> Result<T, Failure> {
    let text = get(url, token).await?;
    serde_json::from_str(&text).map_err(|e| Failure {
        status: None,
        message: format!("{url}: the answer is not what was expected: {e}"),
    })
}
