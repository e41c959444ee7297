//! Mounting the widget from a script: what the JS API (`mount`) and the custom element
//! (`<rubric-widget>`) are built on. The script owns a container (a `div` in a shadow
//! root); the widget renders into it and talks to the script through `emit`.

use std::rc::Rc;

use serde_json::{Value, json};
use wasm_bindgen::JsValue;
use yew::AppHandle;

use super::app::{App, AppProps};
use super::host::{Command, Host, js_of};
use crate::config::{ConfigSource, Embed};

/// A mounted widget.
pub struct Widget {
    app: Option<AppHandle<App>>,
    host: Rc<Host>,
}

/// A JS value as JSON (through `JSON.stringify`).
fn json_of(value: &JsValue) -> Result<Value, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    let text = js_sys::JSON::stringify(value)?
        .as_string()
        .unwrap_or_default();
    serde_json::from_str(&text).map_err(|e| JsValue::from_str(&e.to_string()))
}

fn embed_of(options: &JsValue) -> Result<Embed, JsValue> {
    Embed::from_json(&json_of(options)?).map_err(|e| JsValue::from_str(&e.to_string()))
}

impl Widget {
    /// Mount into `container` with `{configUrl, config, attributes, context, instance}`.
    pub fn mount(
        container: web_sys::Element,
        options: JsValue,
        emit: js_sys::Function,
    ) -> Result<Widget, JsValue> {
        let embed = embed_of(&options)?;
        let instance = json_of(&options)?
            .get("instance")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(super::dom::new_instance_id);
        let host = Host::script(instance, emit);
        let props = AppProps {
            host: host.clone(),
            source: ConfigSource::Embed(embed),
        };
        let app = yew::Renderer::<App>::with_root_and_props(container, props).render();
        Ok(Widget {
            app: Some(app),
            host,
        })
    }

    pub fn instance(&self) -> String {
        self.host.instance.clone()
    }

    /// A new context (a new call): a new review; the old one's draft stays.
    pub fn set_context(&self, context: &JsValue) -> Result<(), JsValue> {
        let Value::Object(map) = json_of(context)? else {
            return Err(JsValue::from_str("setContext: expected an object"));
        };
        self.host
            .command(Command::SetContext(map.into_iter().collect()));
        Ok(())
    }

    /// A new configuration, as `mount` takes it.
    pub fn set_config(&self, options: &JsValue) -> Result<(), JsValue> {
        self.host
            .command(Command::SetConfig(ConfigSource::Embed(embed_of(options)?)));
        Ok(())
    }

    /// The review on screen, as it would be submitted now (null before a rubric loads).
    pub fn review(&self) -> JsValue {
        self.host.review().map_or(JsValue::NULL, |r| js_of(&r))
    }

    /// Submit as the button would: `{ok: true}`, or `{ok: false, missing: [...]}`.
    pub fn submit(&self) -> JsValue {
        let missing = self
            .host
            .review()
            .and_then(|r| r.pointer("/score/missing").cloned())
            .unwrap_or(json!([]));
        let complete = missing.as_array().is_some_and(Vec::is_empty);
        let delivered = self.host.command(Command::Submit);
        js_of(&json!({"ok": complete && delivered, "missing": missing}))
    }

    /// Start the review over (its draft is cleared).
    pub fn reset(&self) -> bool {
        self.host.command(Command::Reset)
    }

    /// Unmount: the DOM, listeners and timers go with it.
    pub fn destroy(&mut self) {
        self.host.listen_app(None);
        self.host.listen_form(None);
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}
