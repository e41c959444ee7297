use std::rc::Rc;

use yew::prelude::*;

use crate::config::ConfigSource;
use crate::ui::boot::{Boot, BootAction};
use crate::ui::host::{Command, Host};
use crate::ui::page::listen_to_parent;

/// The host's configuration and context commands reach the app's reducer.
#[hook]
pub fn use_app_commands(host: &Rc<Host>, dispatch: UseReducerDispatcher<Boot>) {
    let host = host.clone();
    use_effect_with((), move |_| {
        host.listen_app(Some(Callback::from(move |command| match command {
            Command::SetConfig(source) => dispatch.dispatch(BootAction::Source { source }),
            Command::SetContext(context) => dispatch.dispatch(BootAction::Context { context }),
            Command::Submit | Command::Reset => {}
        })));
        move || host.listen_app(None)
    });
}

/// A page of its own: Back and Forward between the start page and a rubric opened
/// from it read the page's query again (only a query of its own: a change of the
/// fragment alone is no new source).
#[hook]
pub fn use_history(state: &UseReducerHandle<Boot>, page: bool) {
    let dispatch = state.dispatcher();
    use_effect_with((page, state.generation), move |(page, _)| {
        let search = |w: &web_sys::Window| w.location().search().unwrap_or_default();
        let listener = web_sys::window().filter(|_| *page).map(|window| {
            let booted = search(&window);
            gloo_events::EventListener::new(&window.clone(), "popstate", move |_| {
                if search(&window) != booted {
                    let source = ConfigSource::Page(Default::default());
                    dispatch.dispatch(BootAction::Source { source })
                }
            })
        });
        move || drop(listener)
    });
}

/// Iframe mode, once the configuration names the parent's origin: its messages are
/// obeyed (and only its).
#[hook]
pub fn use_parent_frame(host: &Rc<Host>, origin: Option<String>) {
    let host = host.clone();
    use_effect_with(origin, move |origin| {
        let listener = origin.as_deref().and_then(|o| listen_to_parent(&host, o));
        move || drop(listener)
    });
}
