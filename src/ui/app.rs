//! The app's root: read the configuration, load the rubric it names, open the outbox,
//! and show the start page, the problems of a configuration or rubric that cannot be
//! used, or the inspector. The host may change the context (a new call) or the
//! configuration while it runs.
//!
//! As a page of its own, the configuration is `?config=<url>`, else `config.json`
//! beside the page when there is one, with the query parameters over it: `rubric`
//! (a URL, or `inline` for the rubric last pasted in this tab), `lang`, `endpoint`,
//! `method`, `timeout_ms`, `credentials`, `mode`, `reviewer_id`, `reviewer_name`,
//! `parent_origin` and `instance` (iframe mode), the context fields `agent_id`,
//! `call_id`, `ticket_id`, `conversation_id`, `recording_url`, and `context.<name>`.
//! Embedded, the script passes the same things (see [`Embed`]).

use std::rc::Rc;

use indexmap::IndexMap;
use serde_json::{Map, Value};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::components::inspector::Inspector;
use super::components::problems::Problems;
use super::components::start::Start;
use super::dom::{session_item, set_session_item};
use super::fetch::fetch_text;
use super::host::{Command, Host};
use super::i18n::{Key, Lang, t};
use super::outbox::OutboxProvider;
use super::state::Session;
use crate::core::{Mode, Review, RubricRef, Scorer};
use crate::transport::{DocumentSource, RubricSource, WidgetConfig};

/// Where a rubric opened from the start page is kept, so a reload reopens it.
const INLINE_KEY: &str = "rubric-widget:inline-rubric";

/// Where the configuration comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The widget is the page: a config file and the query parameters.
    Page,
    /// Mounted by the embedding script.
    Embed(Embed),
}

/// What the embedding script passes: a config file's URL, a config object over it,
/// the element's attributes over that (`rubric`, `endpoint`, `lang`, `mode`, … as the
/// query parameters of a page), and the host's context.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Embed {
    pub config_url: Option<String>,
    pub config: Map<String, Value>,
    pub attributes: Vec<(String, String)>,
    pub context: IndexMap<String, Value>,
}

impl Embed {
    /// From the script's options: `{configUrl, config, attributes, context}`.
    pub fn from_json(value: &Value) -> Result<Embed, String> {
        let object = |key: &str| -> Result<Map<String, Value>, String> {
            match value.get(key) {
                None | Some(Value::Null) => Ok(Map::new()),
                Some(Value::Object(map)) => Ok(map.clone()),
                Some(other) => Err(format!("{key}: expected an object, found {other}")),
            }
        };
        let config_url = match value.get("configUrl") {
            None | Some(Value::Null) => None,
            Some(Value::String(url)) if !url.is_empty() => Some(url.clone()),
            Some(Value::String(_)) => None,
            Some(other) => return Err(format!("configUrl: expected a URL, found {other}")),
        };
        let attributes = object("attributes")?
            .into_iter()
            .filter_map(|(k, v)| match v {
                Value::String(s) if !s.is_empty() => Some((k, s)),
                Value::Number(n) => Some((k, n.to_string())),
                _ => None,
            })
            .collect();
        Ok(Embed {
            config_url,
            config: object("config")?,
            attributes,
            context: object("context")?.into_iter().collect(),
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Screen {
    Loading,
    Start,
    Failed {
        heading: Key,
        source: String,
        problems: Vec<String>,
    },
    Inspect(Rc<Session>),
}

/// The app's state: the source, and what it booted into.
#[derive(Debug, Clone, PartialEq)]
struct Boot {
    source: Source,
    /// Bumped when the source changes, so a late result of an older boot is dropped.
    generation: u32,
    config: Rc<WidgetConfig>,
    lang: Lang,
    screen: Screen,
    /// The configuration's own context (config file, config object), under the host's.
    base_context: IndexMap<String, Value>,
    /// The host's context from its last command since the source was set: it replaces
    /// the one the source came with, and a boot still in flight, configured before it,
    /// gets it on arrival.
    host_context: Option<IndexMap<String, Value>>,
}

impl Boot {
    /// `config` with the host's latest context over the configuration's own, and the
    /// screen's session with it.
    fn with_context(&mut self, config: Rc<WidgetConfig>) {
        let Some(host) = &self.host_context else {
            self.config = config;
            return;
        };
        let mut config = (*config).clone();
        config.context = self.base_context.clone();
        config.context.extend(host.clone());
        let config = Rc::new(config);
        if let Screen::Inspect(session) = &self.screen {
            self.screen = Screen::Inspect(Rc::new(Session {
                scorer: session.scorer.clone(),
                rubric: session.rubric.clone(),
                config: config.clone(),
                lang: session.lang,
                reference: session.reference.clone(),
            }));
        }
        self.config = config;
    }
}

enum BootAction {
    /// A boot of this generation finished.
    Booted(u32, Booted),
    /// The host changed the configuration: boot again.
    Source(Source),
    /// The host gave a new context (a new call): the same rubric, a new review.
    Context(IndexMap<String, Value>),
}

/// What a boot brings: the configuration (the host's context in it), the
/// configuration's own context, the language and the screen.
struct Booted {
    config: Rc<WidgetConfig>,
    base_context: IndexMap<String, Value>,
    lang: Lang,
    screen: Screen,
}

impl Reducible for Boot {
    type Action = BootAction;

    fn reduce(self: Rc<Self>, action: BootAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            BootAction::Booted(generation, booted) if generation == self.generation => {
                (next.lang, next.screen) = (booted.lang, booted.screen);
                next.base_context = booted.base_context;
                next.with_context(booted.config);
            }
            BootAction::Booted(..) => return self,
            BootAction::Source(source) => {
                // The new source carries the host's context (the script keeps it).
                next.source = source;
                next.generation += 1;
                next.screen = Screen::Loading;
                next.host_context = None;
            }
            BootAction::Context(context) => {
                next.host_context = Some(context);
                next.with_context(self.config.clone());
            }
        }
        Rc::new(next)
    }
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

fn failed(heading: Key, source: &str, problems: Vec<String>) -> Screen {
    Screen::Failed {
        heading,
        source: source.to_owned(),
        problems,
    }
}

fn problems(heading: Key, source: &str) -> impl Fn(crate::core::Problems) -> Screen + '_ {
    move |p| failed(heading, source, p.iter().map(ToString::to_string).collect())
}

/// A config file's JSON object.
async fn config_file(url: &str) -> Result<Map<String, Value>, Screen> {
    let text = fetch_text(url)
        .await
        .map_err(|m| failed(Key::LoadFailed, url, vec![m]))?;
    match crate::core::error::parse_json(&text).map_err(problems(Key::ConfigInvalid, url))? {
        Value::Object(map) => Ok(map),
        other => Err(failed(
            Key::ConfigInvalid,
            url,
            vec![format!("config: expected an object, found {other}")],
        )),
    }
}

/// The configuration a source describes, and the configuration's own context (from
/// the config file and object; the host's — the page's query, the script's `context` —
/// is over it in the configuration).
async fn configure(source: &Source) -> Result<(WidgetConfig, IndexMap<String, Value>), Screen> {
    let (file, object, overrides, context) = match source {
        Source::Page => {
            let params = query();
            let file = match params.iter().find(|(k, _)| k == "config") {
                Some((_, url)) => config_file(url).await?,
                // A page without a config file (or a dev server answering with the page
                // itself) has the defaults; a config file that is JSON must be valid.
                None => match fetch_text("config.json").await {
                    Ok(text) if text.trim_start().starts_with('{') => {
                        config_file("config.json").await?
                    }
                    _ => Map::new(),
                },
            };
            let overrides = params.into_iter().filter(|(k, _)| k != "config").collect();
            (file, Map::new(), overrides, IndexMap::new())
        }
        Source::Embed(embed) => {
            let file = match &embed.config_url {
                Some(url) => config_file(url).await?,
                None => Map::new(),
            };
            (
                file,
                embed.config.clone(),
                embed.attributes.clone(),
                embed.context.clone(),
            )
        }
    };
    // The object over the file, field by field; contexts are merged key by key.
    let mut merged = file;
    for (key, value) in object {
        match (merged.get_mut(&key), value) {
            (Some(Value::Object(base)), Value::Object(extra)) if key == "context" => {
                base.extend(extra)
            }
            (_, value) => {
                merged.insert(key, value);
            }
        }
    }
    let mut config = WidgetConfig::from_value(Value::Object(merged))
        .map_err(problems(Key::ConfigInvalid, "config"))?;
    let base_context = config.context.clone();
    config
        .apply_query(overrides.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(problems(Key::ConfigInvalid, "config"))?;
    config.context.extend(context);
    Ok((config, base_context))
}

/// The rubric the configuration names, compiled, as a session; or the start page.
async fn open_rubric(config: &Rc<WidgetConfig>, lang: Lang) -> Screen {
    let (source, text) = match &config.rubric {
        None => return Screen::Start,
        Some(RubricSource::Inline(value)) => ("config.rubric".to_owned(), Ok(value.to_string())),
        Some(RubricSource::Url(url)) if url == "inline" => (
            "inline".to_owned(),
            session_item(INLINE_KEY)
                .ok_or_else(|| "inline: no rubric was opened in this tab".to_owned()),
        ),
        Some(RubricSource::Url(url)) => (url.clone(), fetch_text(url).await),
    };
    let text = match text {
        Ok(text) => text,
        Err(message) => return failed(Key::LoadFailed, &source, vec![message]),
    };
    let scorer = match Scorer::from_json(&text) {
        Ok(scorer) => scorer,
        Err(p) => return problems(Key::RubricInvalid, &source)(p),
    };
    let rubric = RubricRef::new(scorer.rubric(), &text);
    let reference = match config.mode {
        Mode::Calibrate => match reference(config, &rubric).await {
            Ok(review) => Some(Rc::new(review)),
            Err(screen) => return screen,
        },
        _ => None,
    };
    Screen::Inspect(Rc::new(Session {
        scorer: Rc::new(scorer),
        rubric,
        config: config.clone(),
        lang,
        reference,
    }))
}

/// Calibration mode: the expert's review the configuration names, for this rubric.
async fn reference(config: &WidgetConfig, rubric: &RubricRef) -> Result<Review, Screen> {
    let (source, text) = match &config.reference {
        None => {
            let message =
                "calibration needs the expert's review: set config.reference (or ?reference=<url>)";
            return Err(failed(
                Key::ReferenceInvalid,
                "config.reference",
                vec![message.to_owned()],
            ));
        }
        Some(DocumentSource::Inline(value)) => {
            ("config.reference".to_owned(), Ok(value.to_string()))
        }
        Some(DocumentSource::Url(url)) => (url.clone(), fetch_text(url).await),
    };
    let text = text.map_err(|m| failed(Key::LoadFailed, &source, vec![m]))?;
    let review = Review::from_json(&text).map_err(problems(Key::ReferenceInvalid, &source))?;
    if review.rubric.id != rubric.id || review.rubric.version != rubric.version {
        let message = format!(
            "rubric: expected {}@{}, found {}@{}",
            rubric.id, rubric.version, review.rubric.id, review.rubric.version
        );
        return Err(failed(Key::ReferenceInvalid, &source, vec![message]));
    }
    Ok(review)
}

/// Boot a source: its configuration, its language, its screen.
async fn boot(source: &Source) -> Booted {
    let browser = browser_language();
    match configure(source).await {
        Ok((config, base_context)) => {
            let lang = Lang::pick(config.locale.as_deref(), browser.as_deref());
            let config = Rc::new(config);
            let screen = open_rubric(&config, lang).await;
            Booted {
                config,
                base_context,
                lang,
                screen,
            }
        }
        Err(screen) => {
            let asked = match source {
                Source::Page => query()
                    .into_iter()
                    .find(|(k, _)| k == "lang")
                    .map(|(_, v)| v),
                Source::Embed(e) => e
                    .attributes
                    .iter()
                    .find(|(k, _)| k == "lang")
                    .map(|(_, v)| v.clone()),
            };
            Booted {
                config: Rc::new(WidgetConfig::default()),
                base_context: IndexMap::new(),
                lang: Lang::pick(asked.as_deref(), browser.as_deref()),
                screen,
            }
        }
    }
}

/// A page of its own: go to these query parameters (a new entry in the page's
/// history) and boot from them, without reloading — what the start page keeps for the
/// tab is still there when sessionStorage is not.
fn go_to(dispatch: &UseReducerDispatcher<Boot>, params: &[(String, String)]) {
    if let (Some(window), Ok(search)) = (web_sys::window(), web_sys::UrlSearchParams::new()) {
        for (k, v) in params {
            search.append(k, v);
        }
        let url = format!("?{}", String::from(search.to_string()));
        if let Ok(history) = window.history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
    dispatch.dispatch(BootAction::Source(Source::Page));
}

/// Whether the page is inside a frame.
fn in_frame() -> bool {
    web_sys::window().is_some_and(|w| w.parent().ok().flatten().is_some_and(|p| p != w))
}

/// In an iframe with a `parent_origin`: post events to the parent, obey its messages
/// (and only its: others are ignored, with a warning on the console).
fn listen_to_parent(host: &Rc<Host>, origin: &str) -> Option<gloo_events::EventListener> {
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
                web_sys::console::warn_1(
                    &format!("rubric-widget: ignored a message from {}", event.origin()).into(),
                );
                return;
            }
            let data = js_sys::JSON::stringify(&event.data())
                .ok()
                .and_then(|s| s.as_string())
                .and_then(|s| serde_json::from_str::<Value>(&s).ok())
                .unwrap_or(Value::Null);
            let for_us = data
                .get("instance")
                .and_then(Value::as_str)
                .is_none_or(|i| i == host.instance);
            let command = match data.get("type").and_then(Value::as_str) {
                _ if !for_us => None,
                Some("set-context") => {
                    let context = data
                        .get("context")
                        .and_then(Value::as_object)
                        .cloned()
                        .unwrap_or_default();
                    Some(Command::SetContext(context.into_iter().collect()))
                }
                Some("submit") => Some(Command::Submit),
                Some("reset") => Some(Command::Reset),
                _ => None,
            };
            match command {
                Some(command) => {
                    host.command(command);
                }
                None if for_us => {
                    web_sys::console::warn_1(&"rubric-widget: ignored an unknown message".into())
                }
                None => {}
            }
        },
    ))
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub host: Rc<Host>,
    pub source: Source,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = {
        let source = props.source.clone();
        use_reducer(move || Boot {
            source,
            generation: 0,
            config: Rc::new(WidgetConfig::default()),
            lang: Lang::pick(None, browser_language().as_deref()),
            screen: Screen::Loading,
            base_context: IndexMap::new(),
            host_context: None,
        })
    };
    // (Re)boot whenever the source changes.
    {
        let (dispatch, source, generation) =
            (state.dispatcher(), state.source.clone(), state.generation);
        let host = props.host.clone();
        use_effect_with(generation, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let booted = boot(&source).await;
                // In an iframe, events go to the parent from the very first (`ready`),
                // so the sink is set before the screen renders.
                if let Some(origin) = &booted.config.parent_origin
                    && in_frame()
                {
                    host.post_to_parent(origin.clone());
                }
                dispatch.dispatch(BootAction::Booted(generation, booted));
            });
        });
    }
    // The host's configuration and context commands.
    {
        let (host, dispatch) = (props.host.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            host.listen_app(Some(Callback::from(move |command| match command {
                Command::SetConfig(source) => dispatch.dispatch(BootAction::Source(source)),
                Command::SetContext(context) => dispatch.dispatch(BootAction::Context(context)),
                _ => {}
            })));
            move || host.listen_app(None)
        });
    }
    // A page of its own: Back and Forward between the start page and a rubric opened
    // from it read the page's query again (only a query of its own: a change of the
    // fragment alone is no new source).
    {
        let dispatch = state.dispatcher();
        let page = matches!(props.source, Source::Page);
        use_effect_with((page, state.generation), move |(page, _)| {
            let search = |w: &web_sys::Window| w.location().search().unwrap_or_default();
            let listener = web_sys::window().filter(|_| *page).map(|window| {
                let booted = search(&window);
                gloo_events::EventListener::new(&window.clone(), "popstate", move |_| {
                    if search(&window) != booted {
                        dispatch.dispatch(BootAction::Source(Source::Page))
                    }
                })
            });
            move || drop(listener)
        });
    }
    // Iframe mode, once the configuration names the parent's origin.
    {
        let host = props.host.clone();
        let origin = state.config.parent_origin.clone();
        use_effect_with(origin, move |origin| {
            let listener = origin.as_deref().and_then(|o| listen_to_parent(&host, o));
            move || drop(listener)
        });
    }
    // Problems that stop the widget are the host's to know too.
    {
        let host = props.host.clone();
        let screen = state.screen.clone();
        use_effect_with(screen, move |screen| {
            if let Screen::Failed {
                heading,
                source,
                problems,
            } = screen
            {
                let kind = match heading {
                    Key::ConfigInvalid => "config",
                    Key::ReferenceInvalid => "reference",
                    _ => "rubric",
                };
                let message = format!("{}: {}", t(Lang::En, *heading), source);
                host.emit(
                    "error",
                    None,
                    || serde_json::json!({"kind": kind, "message": message, "problems": problems}),
                );
            }
        });
    }
    let lang = state.lang;
    let embedded = matches!(props.source, Source::Embed(_));
    // A rubric opened from the start page: kept for this tab (sessionStorage, else the
    // page's memory), then opened like any other — `?rubric=inline` pushed to the page's
    // history (so a reload reopens it and Back returns to the start page), or the
    // embedded widget's `rubric` attribute.
    let on_open = {
        let dispatch = state.dispatcher();
        let source = state.source.clone();
        Callback::from(move |text: String| {
            set_session_item(INLINE_KEY, &text);
            match &source {
                Source::Embed(embed) => {
                    let mut embed = embed.clone();
                    embed.attributes.retain(|(k, _)| k != "rubric");
                    embed.attributes.push(("rubric".into(), "inline".into()));
                    dispatch.dispatch(BootAction::Source(Source::Embed(embed)));
                }
                Source::Page => {
                    let mut params: Vec<_> =
                        query().into_iter().filter(|(k, _)| k != "rubric").collect();
                    params.push(("rubric".into(), "inline".into()));
                    go_to(&dispatch, &params);
                }
            }
        })
    };
    // From a rubric's problems back to the start page, in the same way.
    let on_back = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| go_to(&dispatch, &[("lang".to_owned(), lang.tag().to_owned())]))
    };
    let body = match &state.screen {
        Screen::Loading => html! {
            <p class="status loading" role="status"><span class="spinner" aria-hidden="true"></span>{ t(lang, Key::Loading) }</p>
        },
        Screen::Start => html! { <Start {lang} {on_open} {embedded} /> },
        Screen::Failed {
            heading,
            source,
            problems,
        } => html! {
            <Problems {lang} heading={*heading} source={source.clone()} problems={problems.clone()} {embedded} {on_back} />
        },
        Screen::Inspect(session) => {
            // A new call (or rubric) is a new review: the form starts afresh.
            let key = format!("{}|{}", session.rubric.digest, session.context_key());
            html! { <Inspector {key} session={session.clone()} host={props.host.clone()} /> }
        }
    };
    html! {
        <main class="rubric-widget" lang={lang.tag()} part="widget">
            if !matches!(state.screen, Screen::Loading) {
                <OutboxProvider config={state.config.clone()} host={props.host.clone()}>{ body }</OutboxProvider>
            } else {
                { body }
            }
        </main>
    }
}
