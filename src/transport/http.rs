//! One attempt to send a review: fetch with the configured method, headers and
//! credentials, `Idempotency-Key: <review_id>`, and a timeout that aborts the request.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCredentials, RequestInit, RequestMode, Response};

use super::config::{Credentials, WidgetConfig};
use super::entry::Entry;
use super::policy::{Outcome, classify};

/// Send an entry once and classify what happened.
pub async fn send(entry: &Entry, config: &WidgetConfig) -> Outcome {
    match attempt(entry, config).await {
        Ok(outcome) => outcome,
        Err(reason) => Outcome::Retry {
            after_ms: None,
            reason,
        },
    }
}

async fn attempt(entry: &Entry, config: &WidgetConfig) -> Result<Outcome, String> {
    let window = web_sys::window().ok_or("no window")?;
    let headers = Headers::new().map_err(js_text)?;
    headers
        .set("Content-Type", "application/json")
        .map_err(js_text)?;
    headers
        .set("Idempotency-Key", &entry.review_id)
        .map_err(js_text)?;
    for (name, value) in &config.headers {
        if headers.set(name, value).is_err() {
            // A header the browser will not send cannot be fixed by retrying.
            return Ok(Outcome::Rejected {
                status: 0,
                message: format!(
                    "config.headers.{name}: the browser refuses this header or its value"
                ),
                auth: false,
            });
        }
    }
    let init = RequestInit::new();
    init.set_method(entry.method.as_str());
    init.set_headers(&headers);
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
            format!("timed out after {} s", config.timeout_ms / 1000)
        } else {
            format!("network error: {}", js_text(e))
        }
    };
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(&entry.endpoint, &init))
        .await
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| "not an HTTP response".to_owned())?;
    let retry_after = response.headers().get("Retry-After").ok().flatten();
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

fn js_text(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".into())
}
