//! The app's root: boot from the configuration's source, open the outbox, and show
//! the start page, the problems of a configuration or rubric that cannot be used, or
//! the inspector. The host may change the context (a new call) or the configuration
//! while it runs.
//!
//! As a page of its own, the configuration is `?config=<url>`, else `config.json`
//! beside the page when there is one, with the query parameters over it: `rubric`
//! (a URL, or `inline` for the rubric last pasted in this tab), `lang`, `endpoint`,
//! `method`, `timeout_ms`, `credentials`, `mode`, `reviewer_id`, `reviewer_name`,
//! `parent_origin` and `instance` (iframe mode), the context fields `agent_id`,
//! `call_id`, `ticket_id`, `conversation_id`, `recording_url`, and `context.<name>`.
//! Embedded, the script passes the same things (see [`crate::config::Embed`]).

use std::rc::Rc;

use yew::prelude::*;

use super::boot::{Boot, BootAction, Screen};
use super::components::inspector::Inspector;
use super::components::outbox_provider::OutboxProvider;
use super::components::problems::Problems;
use super::components::start::Start;
use super::dom::set_session_item;
use super::hooks::{use_app_commands, use_boot, use_error_event, use_history, use_parent_frame};
use super::host::Host;
use super::i18n::{Key, Lang, t};
use super::page::{INLINE_KEY, push_query, query};
use crate::config::ConfigSource;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub host: Rc<Host>,
    pub source: ConfigSource,
}

/// A rubric opened from the start page: kept for this tab (sessionStorage, else the
/// page's memory), then opened like any other — `?rubric=inline` pushed to the page's
/// history (so a reload reopens it and Back returns to the start page), or the
/// embedded widget's `rubric` attribute.
fn open_inline(dispatch: &UseReducerDispatcher<Boot>, source: &ConfigSource, text: &str) {
    set_session_item(INLINE_KEY, text);
    let source = match source {
        ConfigSource::Embed(embed) => ConfigSource::Embed(embed.with_rubric("inline")),
        ConfigSource::Page(object) => {
            let mut params: Vec<_> = query().into_iter().filter(|(k, _)| k != "rubric").collect();
            params.push(("rubric".into(), "inline".into()));
            push_query(&params);
            ConfigSource::Page(object.clone())
        }
    };
    dispatch.dispatch(BootAction::Source { source });
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = {
        let source = props.source.clone();
        let lang = Lang::pick(None, super::dom::browser_language().as_deref());
        use_reducer(move || Boot::new(source, lang))
    };
    let page = matches!(props.source, ConfigSource::Page(_));
    use_boot(&state, &props.host);
    use_app_commands(&props.host, state.dispatcher());
    use_history(&state, page);
    use_parent_frame(&props.host, state.config.parent_origin.clone());
    use_error_event(&props.host, &state.screen);
    let lang = state.lang;
    let on_open = {
        let (dispatch, source) = (state.dispatcher(), state.source.clone());
        Callback::from(move |text: String| open_inline(&dispatch, &source, &text))
    };
    // From a rubric's problems back to the start page, in the same way.
    let on_back = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| {
            push_query(&[("lang".to_owned(), lang.tag().to_owned())]);
            dispatch.dispatch(BootAction::Source {
                source: ConfigSource::Page(Default::default()),
            });
        })
    };
    let body = match &state.screen {
        Screen::Loading => html! {
            <p class="status loading" role="status"><span class="spinner" aria-hidden="true"></span>{ t(lang, Key::Loading) }</p>
        },
        Screen::Start => html! { <Start {lang} {on_open} embedded={!page} /> },
        Screen::Failed {
            heading,
            source,
            problems,
        } => html! {
            <Problems {lang} heading={*heading} source={source.clone()} problems={problems.clone()} embedded={!page} {on_back} />
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
