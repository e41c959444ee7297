//! The app's root: read the configuration (a config file, then the page's query
//! parameters), load the rubric it names, open the outbox, and show the start page,
//! a loading state, the problems of a configuration or rubric that cannot be used, or
//! the inspector.
//!
//! The config file is `?config=<url>`, else `config.json` beside the page when there
//! is one. Query parameters override it: `rubric` (a URL, or `inline` for the rubric
//! last pasted in this tab), `lang`, `endpoint`, `method`, `timeout_ms`,
//! `credentials`, `mode`, `reviewer_id`, `reviewer_name`, the context fields
//! `agent_id`, `call_id`, `ticket_id`, `conversation_id`, `recording_url`, and
//! `context.<name>` for any other.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::components::inspector::Inspector;
use super::components::problems::Problems;
use super::components::start::Start;
use super::fetch::fetch_text;
use super::i18n::{Key, Lang, t};
use super::outbox::OutboxProvider;
use super::state::Session;
use crate::core::{RubricRef, Scorer};
use crate::transport::{RubricSource, WidgetConfig};

/// Where a rubric opened from the start page is kept, so a reload reopens it.
const INLINE_KEY: &str = "rubric-widget:inline-rubric";

#[derive(Debug, Clone)]
enum Screen {
    Start,
    Failed {
        heading: Key,
        source: String,
        problems: Vec<String>,
    },
    Inspect(Rc<Session>),
}

/// What the page booted into.
#[derive(Debug, Clone)]
struct Boot {
    config: Rc<WidgetConfig>,
    lang: Lang,
    screen: Screen,
}

fn browser_language() -> Option<String> {
    web_sys::window().and_then(|w| w.navigator().language())
}

/// The page's query parameters, in order.
fn query() -> Vec<(String, String)> {
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

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn failed(heading: Key, source: &str, problems: Vec<String>) -> Screen {
    Screen::Failed {
        heading,
        source: source.to_owned(),
        problems,
    }
}

/// The configuration: the config file (explicit, or `config.json` if the page has
/// one) with the query parameters over it.
async fn configure(params: &[(String, String)]) -> Result<WidgetConfig, Screen> {
    let explicit = params
        .iter()
        .find(|(k, _)| k == "config")
        .map(|(_, v)| v.clone());
    let mut config = match &explicit {
        Some(url) => {
            let text = fetch_text(url)
                .await
                .map_err(|m| failed(Key::LoadFailed, url, vec![m]))?;
            WidgetConfig::from_json(&text).map_err(|p| {
                failed(
                    Key::ConfigInvalid,
                    url,
                    p.iter().map(ToString::to_string).collect(),
                )
            })?
        }
        // A page without a config file (or a dev server answering with the page
        // itself) simply has the defaults; a config file that is JSON must be valid.
        None => match fetch_text("config.json").await {
            Ok(text) if text.trim_start().starts_with('{') => WidgetConfig::from_json(&text)
                .map_err(|p| {
                    failed(
                        Key::ConfigInvalid,
                        "config.json",
                        p.iter().map(ToString::to_string).collect(),
                    )
                })?,
            _ => WidgetConfig::from_value(serde_json::json!({})).unwrap_or_default(),
        },
    };
    let overrides = params
        .iter()
        .filter(|(k, _)| k != "config")
        .map(|(k, v)| (k.as_str(), v.as_str()));
    config.apply_query(overrides).map_err(|p| {
        failed(
            Key::ConfigInvalid,
            "?",
            p.iter().map(ToString::to_string).collect(),
        )
    })?;
    Ok(config)
}

/// The rubric the configuration names, compiled, as a session; or the start page.
async fn open_rubric(config: &Rc<WidgetConfig>, lang: Lang) -> Screen {
    let (source, text) = match &config.rubric {
        None => return Screen::Start,
        Some(RubricSource::Inline(value)) => ("config.rubric".to_owned(), Ok(value.to_string())),
        Some(RubricSource::Url(url)) if url == "inline" => (
            "inline".to_owned(),
            session_storage()
                .and_then(|s| s.get_item(INLINE_KEY).ok().flatten())
                .ok_or_else(|| "inline: no rubric was opened in this tab".to_owned()),
        ),
        Some(RubricSource::Url(url)) => (url.clone(), fetch_text(url).await),
    };
    let text = match text {
        Ok(text) => text,
        Err(message) => return failed(Key::LoadFailed, &source, vec![message]),
    };
    match Scorer::from_json(&text) {
        Ok(scorer) => {
            let rubric = RubricRef::new(scorer.rubric(), &text);
            Screen::Inspect(Rc::new(Session {
                scorer,
                rubric,
                config: config.clone(),
                lang,
            }))
        }
        Err(problems) => failed(
            Key::RubricInvalid,
            &source,
            problems.iter().map(ToString::to_string).collect(),
        ),
    }
}

async fn boot() -> Boot {
    let params = query();
    let browser = browser_language();
    let query_lang = params
        .iter()
        .find(|(k, _)| k == "lang")
        .map(|(_, v)| v.as_str());
    match configure(&params).await {
        Ok(config) => {
            let lang = Lang::pick(config.locale.as_deref(), browser.as_deref());
            let config = Rc::new(config);
            let screen = open_rubric(&config, lang).await;
            Boot {
                config,
                lang,
                screen,
            }
        }
        Err(screen) => Boot {
            config: Rc::new(WidgetConfig::default()),
            lang: Lang::pick(query_lang, browser.as_deref()),
            screen,
        },
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let booted = use_state(|| None::<Boot>);
    {
        let booted = booted.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move { booted.set(Some(boot().await)) });
        });
    }
    let Some(boot) = &*booted else {
        let lang = Lang::pick(None, browser_language().as_deref());
        return html! {
            <main class="rubric-widget" lang={lang.tag()}>
                <p class="status loading" role="status"><span class="spinner" aria-hidden="true"></span>{ t(lang, Key::Loading) }</p>
            </main>
        };
    };
    let lang = boot.lang;
    // A rubric opened from the start page: kept for this tab, then opened like any other.
    let on_open = {
        let booted = booted.clone();
        let boot = boot.clone();
        Callback::from(move |text: String| {
            let stored = session_storage().is_some_and(|s| s.set_item(INLINE_KEY, &text).is_ok());
            let navigated = stored
                && web_sys::window().is_some_and(|w| {
                    let mut params: Vec<(String, String)> =
                        query().into_iter().filter(|(k, _)| k != "rubric").collect();
                    params.push(("rubric".into(), "inline".into()));
                    let search = web_sys::UrlSearchParams::new().ok();
                    let search = search.map(|s| {
                        for (k, v) in &params {
                            s.append(k, v);
                        }
                        String::from(s.to_string())
                    });
                    search.is_some_and(|search| w.location().set_search(&search).is_ok())
                });
            if !navigated {
                booted.set(Some(Boot {
                    screen: failed(
                        Key::LoadFailed,
                        "inline",
                        vec![t(lang, Key::StorageUnavailable).to_owned()],
                    ),
                    ..boot.clone()
                }));
            }
        })
    };
    let body = match &boot.screen {
        Screen::Start => html! { <Start {lang} {on_open} /> },
        Screen::Failed {
            heading,
            source,
            problems,
        } => html! {
            <Problems {lang} heading={*heading} source={source.clone()} problems={problems.clone()} />
        },
        Screen::Inspect(session) => html! { <Inspector session={session.clone()} /> },
    };
    html! {
        <main class="rubric-widget" lang={lang.tag()}>
            <OutboxProvider config={boot.config.clone()}>{ body }</OutboxProvider>
        </main>
    }
}
