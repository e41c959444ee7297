//! The app's root: read the page's query, load the rubric, and show the start page,
//! a loading state, the problems of a rubric that cannot be used, or the inspector.
//!
//! `?rubric=<url>` loads a rubric (or `?rubric=inline` the one last pasted or chosen),
//! `?lang=zh-CN|en` picks the UI language, and `?agent_id=`, `?call_id=`, `?ticket_id=`,
//! `?conversation_id=`, `?recording_url=` are the review's context.

use std::rc::Rc;

use indexmap::IndexMap;
use serde_json::Value;
use yew::prelude::*;

use super::components::inspector::Inspector;
use super::components::problems::Problems;
use super::components::start::Start;
use super::fetch::fetch_text;
use super::i18n::{Key, Lang, t};
use super::state::Session;
use crate::core::{RubricRef, Scorer};

/// The context fields a page URL may carry.
const CONTEXT_FIELDS: [&str; 5] = [
    "agent_id",
    "call_id",
    "ticket_id",
    "conversation_id",
    "recording_url",
];

/// Where a rubric opened from the start page is kept, so a reload reopens it.
const INLINE_KEY: &str = "rubric-widget:inline-rubric";

#[derive(Debug, Clone, PartialEq)]
struct Query {
    rubric: Option<String>,
    lang: Lang,
    context: IndexMap<String, Value>,
}

impl Query {
    fn from_page() -> Query {
        let window = web_sys::window();
        let params = window
            .as_ref()
            .and_then(|w| w.location().search().ok())
            .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok());
        let get = |name: &str| {
            params
                .as_ref()
                .and_then(|p| p.get(name))
                .filter(|v| !v.is_empty())
        };
        let browser = window.and_then(|w| w.navigator().language());
        Query {
            rubric: get("rubric"),
            lang: Lang::pick(get("lang").as_deref(), browser.as_deref()),
            context: CONTEXT_FIELDS
                .iter()
                .filter_map(|k| Some(((*k).to_owned(), Value::String(get(k)?))))
                .collect(),
        }
    }
}

#[derive(Debug, Clone)]
enum Screen {
    Start,
    Loading,
    Failed {
        heading: Key,
        source: String,
        problems: Vec<String>,
    },
    Inspect(Rc<Session>),
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The rubric text for `?rubric=`: fetched, or the inline one.
async fn rubric_text(source: &str) -> Result<String, String> {
    if source == "inline" {
        return session_storage()
            .and_then(|s| s.get_item(INLINE_KEY).ok().flatten())
            .ok_or_else(|| "inline: no rubric was opened in this tab".to_owned());
    }
    fetch_text(source).await
}

async fn load(query: &Query, source: String) -> Screen {
    let text = match rubric_text(&source).await {
        Ok(text) => text,
        Err(message) => {
            return Screen::Failed {
                heading: Key::LoadFailed,
                source,
                problems: vec![message],
            };
        }
    };
    match Scorer::from_json(&text) {
        Ok(scorer) => {
            let rubric = RubricRef::new(scorer.rubric(), &text);
            Screen::Inspect(Rc::new(Session {
                scorer,
                rubric,
                context: query.context.clone(),
                lang: query.lang,
            }))
        }
        Err(problems) => Screen::Failed {
            heading: Key::RubricInvalid,
            source,
            problems: problems.iter().map(ToString::to_string).collect(),
        },
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let query = use_memo((), |_| Query::from_page());
    let screen = use_state(|| {
        if query.rubric.is_some() {
            Screen::Loading
        } else {
            Screen::Start
        }
    });
    {
        let (screen, query) = (screen.clone(), query.clone());
        use_effect_with((), move |_| {
            if let Some(source) = query.rubric.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    screen.set(load(&query, source).await);
                });
            }
        });
    }
    let lang = query.lang;
    // A rubric opened from the start page: kept for this tab, then opened like any other.
    let on_open = {
        let screen = screen.clone();
        Callback::from(move |text: String| {
            let stored = session_storage().is_some_and(|s| s.set_item(INLINE_KEY, &text).is_ok());
            let location = web_sys::window().map(|w| w.location());
            match (stored, location) {
                (true, Some(location)) => {
                    let _ = location.set_search(&format!("rubric=inline&lang={}", lang.tag()));
                }
                _ => screen.set(Screen::Failed {
                    heading: Key::LoadFailed,
                    source: "inline".into(),
                    problems: vec![t(lang, Key::StorageUnavailable).to_owned()],
                }),
            }
        })
    };
    let body = match &*screen {
        Screen::Start => html! { <Start {lang} {on_open} /> },
        Screen::Loading => html! {
            <p class="status loading" role="status"><span class="spinner" aria-hidden="true"></span>{ t(lang, Key::Loading) }</p>
        },
        Screen::Failed {
            heading,
            source,
            problems,
        } => html! {
            <Problems {lang} heading={*heading} source={source.clone()} problems={problems.clone()} />
        },
        Screen::Inspect(session) => html! { <Inspector session={session.clone()} /> },
    };
    html! { <main class="rubric-widget" lang={lang.tag()}>{ body }</main> }
}
