//! The page around the widget: events out (`ready`, `change`, `submitted`, `queued`,
//! `rejected`, `error`) and commands in (`set-context`, `set-config`, `submit`,
//! `reset`). A widget mounted by the JS API or the custom element talks to its host
//! through a JS callback; one running in an iframe posts to `window.parent` at the
//! configured `parent_origin` (never `"*"`); a page of its own has no host.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use indexmap::IndexMap;
use serde_json::{Map, Value, json};
use wasm_bindgen::JsValue;
use yew::Callback;

/// Where events go.
enum Sink {
    None,
    /// `emit(name, detail)` in the embedding script.
    Js(js_sys::Function),
    /// `window.parent.postMessage(…, origin)`.
    Parent(String),
}

/// Makes the review on screen as a review/v1 document.
pub type ReviewMaker = Rc<dyn Fn() -> Option<Value>>;

/// What the host asks of the widget.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// A new context (a new call): a new review; the old one's draft is kept.
    SetContext(IndexMap<String, Value>),
    /// A new configuration (as the embedding script describes it).
    SetConfig(crate::config::ConfigSource),
    Submit,
    Reset,
}

pub struct Host {
    /// The id every event carries, so a page with several widgets can tell them apart.
    pub instance: String,
    sink: RefCell<Sink>,
    app: RefCell<Option<Callback<Command>>>,
    form: RefCell<Option<Callback<Command>>>,
    /// Makes the review on screen as a review/v1 document, for `getReview()` — only
    /// when asked, not on every click.
    review: RefCell<Option<ReviewMaker>>,
    /// Reviews this widget submitted: outbox events about others are not its to tell.
    mine: RefCell<HashSet<String>>,
}

impl PartialEq for Host {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl std::fmt::Debug for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Host")
            .field("instance", &self.instance)
            .finish_non_exhaustive()
    }
}

/// A JSON value as a JS value (through `JSON.parse`).
pub(crate) fn js_of(value: &Value) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

impl Host {
    fn new(instance: String, sink: Sink) -> Rc<Host> {
        Rc::new(Host {
            instance,
            sink: RefCell::new(sink),
            app: RefCell::new(None),
            form: RefCell::new(None),
            review: RefCell::new(None),
            mine: RefCell::new(HashSet::new()),
        })
    }

    /// A widget that is the page itself.
    pub fn page(instance: String) -> Rc<Host> {
        Host::new(instance, Sink::None)
    }

    /// A widget mounted by the embedding script, which hears events through `emit`.
    pub fn script(instance: String, emit: js_sys::Function) -> Rc<Host> {
        Host::new(instance, Sink::Js(emit))
    }

    /// From now on, post events to the parent window at `origin`.
    pub fn post_to_parent(&self, origin: String) {
        *self.sink.borrow_mut() = Sink::Parent(origin);
    }

    /// Send a [`HostEvent`](super::host_events::HostEvent).
    pub fn send(&self, event: super::host_events::HostEvent) {
        let super::host_events::HostEvent {
            name,
            review_id,
            detail,
        } = event;
        self.emit(name, review_id.as_deref(), || detail);
    }

    /// Send an event: its detail gets the instance and the review id.
    /// `detail` is made only when someone hears events (a page of its own has no
    /// host): some details serialize the whole score.
    pub fn emit(&self, name: &str, review_id: Option<&str>, detail: impl FnOnce() -> Value) {
        if matches!(*self.sink.borrow(), Sink::None) {
            return;
        }
        let mut body = match detail() {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        body.insert("instance".into(), json!(self.instance));
        body.insert("review_id".into(), json!(review_id));
        let detail = Value::Object(body);
        match &*self.sink.borrow() {
            Sink::None => {}
            Sink::Js(emit) => {
                // The script catches its listeners' errors itself; nothing to tell.
                let _ = emit.call2(&JsValue::NULL, &JsValue::from_str(name), &js_of(&detail));
            }
            Sink::Parent(origin) => {
                let message = json!({"source": "rubric-widget", "instance": self.instance, "type": name, "detail": detail});
                if let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) {
                    // A parent that went away (or navigated elsewhere) hears nothing.
                    let _ = parent.post_message(&js_of(&message), origin);
                }
            }
        }
    }

    /// The app (configuration, context) and the form (submit, reset) each listen for
    /// the commands that concern them.
    pub fn listen_app(&self, handler: Option<Callback<Command>>) {
        *self.app.borrow_mut() = handler;
    }

    pub fn listen_form(&self, handler: Option<Callback<Command>>) {
        *self.form.borrow_mut() = handler;
    }

    /// Deliver a command; false when nothing on screen can take it.
    pub fn command(&self, command: Command) -> bool {
        let handler = match command {
            Command::SetContext(_) | Command::SetConfig(_) => self.app.borrow().clone(),
            Command::Submit | Command::Reset => self.form.borrow().clone(),
        };
        match handler {
            Some(handler) => {
                handler.emit(command);
                true
            }
            None => false,
        }
    }

    /// The review on screen (its id, and how to make its document), or none.
    pub fn set_review(&self, review: Option<(String, ReviewMaker)>) {
        *self.review.borrow_mut() = review.map(|(id, make)| {
            self.mine.borrow_mut().insert(id);
            make
        });
    }

    pub fn review(&self) -> Option<Value> {
        let make = self.review.borrow().clone();
        make.and_then(|make| make())
    }

    pub fn owns(&self, review_id: &str) -> bool {
        self.mine.borrow().contains(review_id)
    }
}
