//! HTTP from the browser: one attempt to send a review (fetch with the configured
//! method, headers and credentials, `Idempotency-Key: <review_id>`, and a timeout that
//! aborts the request), and fetching a document as text.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCredentials, RequestInit, RequestMode, Response};

use super::entry::Entry;
use super::error::{FetchError, TransportError};
use super::policy::{AttemptOutcome, classify};
use crate::config::{Credentials, WidgetConfig};

/// Send an entry once and classify what happened: a fault retrying may cure is a
/// retry, one it cannot (a header the browser refuses) a rejection.
pub async fn send(entry: &Entry, config: &WidgetConfig) -> AttemptOutcome {
    match attempt(entry, config).await {
        Ok(outcome) => outcome,
        Err(error @ TransportError::BadHeader { .. }) => AttemptOutcome::Rejected {
            status: None,
            message: error.to_string(),
            auth: false,
        },
        Err(error) => AttemptOutcome::Retry {
            after_ms: None,
            reason: error.to_string(),
        },
    }
}

/// The request's headers: ours, then the configured ones.
fn headers(entry: &Entry, config: &WidgetConfig) -> Result<Headers, TransportError> {
    let headers = Headers::new().map_err(network)?;
    headers
        .set("Content-Type", "application/json")
        .and_then(|()| headers.set("Idempotency-Key", &entry.review_id))
        .map_err(network)?;
    for (name, value) in &config.headers {
        headers
            .set(name, value)
            .map_err(|_| TransportError::BadHeader { name: name.clone() })?;
    }
    Ok(headers)
}

async fn attempt(entry: &Entry, config: &WidgetConfig) -> Result<AttemptOutcome, TransportError> {
    let window = web_sys::window().ok_or(TransportError::NoWindow)?;
    let init = RequestInit::new();
    init.set_method(entry.method.as_str());
    init.set_headers(&headers(entry, config)?.into());
    init.set_body(&JsValue::from_str(&entry.body));
    init.set_mode(RequestMode::Cors);
    init.set_credentials(match config.credentials {
        Credentials::Omit => RequestCredentials::Omit,
        Credentials::SameOrigin => RequestCredentials::SameOrigin,
        Credentials::Include => RequestCredentials::Include,
    });
    let controller = AbortController::new().ok();
    if let Some(c) = &controller {
        init.set_signal(Some(&c.signal()));
    }
    let timed_out = Rc::new(Cell::new(false));
    // Aborts the request (and the body's download) when the time is up; dropped at the
    // end of the attempt, which cancels it.
    let _timer = {
        let timed_out = timed_out.clone();
        gloo_timers::callback::Timeout::new(config.timeout_ms, move || {
            timed_out.set(true);
            if let Some(c) = controller {
                c.abort();
            }
        })
    };
    let failed = |e: JsValue| {
        if timed_out.get() {
            TransportError::Timeout {
                seconds: config.timeout_ms / 1000,
            }
        } else {
            network(e)
        }
    };
    let response = JsFuture::from(window.fetch_with_str_and_init(&entry.endpoint, &init))
        .await
        .map_err(failed)?;
    let response = as_response(response)?;
    let retry_after = response.headers().get("Retry-After").ok().flatten();
    // An error status with a body that cannot be read is still that status.
    let body = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(failed)?
            .as_string()
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok(classify(
        response.status(),
        retry_after.as_deref(),
        &body,
        js_sys::Date::now(),
    ))
}

/// The body of `url` as text; an error names the URL and what went wrong.
pub async fn fetch_text(url: &str) -> Result<String, FetchError> {
    plain_text(url).await.map_err(|source| FetchError {
        url: url.to_owned(),
        source,
    })
}

// The widget's own fetches (kept apart from `get_text` so the inspector's bundle
// carries nothing of the console's).
async fn plain_text(url: &str) -> Result<String, TransportError> {
    let window = web_sys::window().ok_or(TransportError::NoWindow)?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(network)?;
    let response = as_response(response)?;
    if !response.ok() {
        return Err(TransportError::Status {
            status: response.status(),
            message: response.status_text(),
        });
    }
    let text = response.text().map_err(body)?;
    let text = JsFuture::from(text).await.map_err(body)?;
    text.as_string()
        .ok_or_else(|| TransportError::Body("it is not text".to_owned()))
}

/// The body of `url` as text, sent with `Authorization: Bearer <token>` when a token is
/// given; an error status carries what the server's JSON body says (`error`), or its
/// status text.
pub async fn get_text(url: &str, token: Option<&str>) -> Result<String, FetchError> {
    text_of(url, token).await.map_err(|source| FetchError {
        url: url.to_owned(),
        source,
    })
}

async fn text_of(url: &str, token: Option<&str>) -> Result<String, TransportError> {
    let window = web_sys::window().ok_or(TransportError::NoWindow)?;
    let init = RequestInit::new();
    if let Some(token) = token {
        let headers = Headers::new().map_err(network)?;
        headers
            .set("Authorization", &format!("Bearer {token}"))
            .map_err(|_| TransportError::BadHeader {
                name: "Authorization".to_owned(),
            })?;
        init.set_headers(&headers.into());
    }
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(network)?;
    let response = as_response(response)?;
    let text = response.text().map_err(body)?;
    let text = JsFuture::from(text).await.map_err(body)?;
    let text = text
        .as_string()
        .ok_or_else(|| TransportError::Body("it is not text".to_owned()))?;
    if !response.ok() {
        let said = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned));
        return Err(TransportError::Status {
            status: response.status(),
            message: said.unwrap_or_else(|| response.status_text()),
        });
    }
    Ok(text)
}

fn as_response(value: JsValue) -> Result<Response, TransportError> {
    value
        .dyn_into()
        .map_err(|_| TransportError::Body("not an HTTP response".to_owned()))
}

fn network(value: JsValue) -> TransportError {
    TransportError::Network(js_message(&value))
}

fn body(value: JsValue) -> TransportError {
    TransportError::Body(js_message(&value))
}

/// What a JS error says.
pub fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".into())
}
