//! The widget as a page of its own: its query, its history, the frame it may be in.

use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

use super::host::{Command, Host};
use crate::config::ConfigSource;

/// Where a rubric opened from the start page is kept, so a reload reopens it.
pub const INLINE_KEY: &str = "rubric-widget:inline-rubric";

/// The page's query parameters, in order (empty ones left out).
pub fn query() -> Vec<(String, String)> {
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
        return Vec::new();
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    let Ok(Some(entries)) = js_sys::try_iter(&params) else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| {
            let pair = entry.ok()?.dyn_into::<js_sys::Array>().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// Go to these query parameters: a new entry in the page's history, without a reload
/// (the caller boots from them). Where the history refuses, the page stays where it
/// is and the boot still happens.
pub fn push_query(params: &[(String, String)]) {
    if let (Some(window), Ok(search)) = (web_sys::window(), web_sys::UrlSearchParams::new()) {
        for (k, v) in params {
            search.append(k, v);
        }
        let url = format!("?{}", String::from(search.to_string()));
        if let Ok(history) = window.history() {
            // Refused (a sandboxed frame): the page keeps its URL and still boots.
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
}

/// Whether the page is inside a frame.
pub fn in_frame() -> bool {
    web_sys::window().is_some_and(|w| w.parent().ok().flatten().is_some_and(|p| p != w))
}

/// A message from the parent window as a command for `host` (`None`: not for this
/// instance, or not a command).
fn command_of(data: &Value, host: &Host) -> Option<Command> {
    let for_us = data
        .get("instance")
        .and_then(Value::as_str)
        .is_none_or(|i| i == host.instance);
    match data.get("type").and_then(Value::as_str) {
        _ if !for_us => None,
        Some("set-context") => {
            let context = data.get("context").and_then(Value::as_object).cloned();
            Some(Command::SetContext(
                context.unwrap_or_default().into_iter().collect(),
            ))
        }
        // A fresh access token, say: over the page's own configuration (replacing
        // the last such object; anything but an object is none).
        Some("set-config") => {
            let config = data.get("config").and_then(Value::as_object).cloned();
            Some(Command::SetConfig(ConfigSource::Page(
                config.unwrap_or_default(),
            )))
        }
        Some("submit") => Some(Command::Submit),
        Some("reset") => Some(Command::Reset),
        _ => {
            web_sys::console::warn_1(&"rubric-widget: ignored an unknown message".into());
            None
        }
    }
}

/// In an iframe with a `parent_origin`: obey the parent's messages (and only its:
/// others are ignored, with a warning on the console).
pub fn listen_to_parent(
    host: &std::rc::Rc<Host>,
    origin: &str,
) -> Option<gloo_events::EventListener> {
    let window = web_sys::window()?;
    if !in_frame() {
        return None;
    }
    let (host, origin) = (host.clone(), origin.to_owned());
    Some(gloo_events::EventListener::new(
        &window,
        "message",
        move |event| {
            let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
                return;
            };
            if event.origin() != origin {
                let warning = "rubric-widget: ignored a message from".into();
                web_sys::console::warn_2(&warning, &event.origin().into());
                return;
            }
            let data = js_sys::JSON::stringify(&event.data())
                .ok()
                .and_then(|s| s.as_string())
                .and_then(|s| serde_json::from_str::<Value>(&s).ok())
                .unwrap_or(Value::Null);
            if let Some(command) = command_of(&data, &host) {
                // Whether the form took it does not matter to a message nobody answers.
                host.command(command);
            }
        },
    ))
}
