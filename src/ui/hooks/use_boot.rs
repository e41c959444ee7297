use std::rc::Rc;

use yew::prelude::*;

use crate::ui::boot::{Boot, BootAction, Screen};
use crate::ui::dom::browser_language;
use crate::ui::host::Host;
use crate::ui::host_events;
use crate::ui::i18n::{Key, Lang, t};
use crate::ui::load::boot;
use crate::ui::page::in_frame;

/// (Re)boot whenever the source changes: read the configuration, load the rubric,
/// and hand the result to the reducer (which drops it if the source changed since).
/// In an iframe, events go to the parent from the very first (`ready`), so the sink is
/// set before the screen renders.
#[hook]
pub fn use_boot(state: &UseReducerHandle<Boot>, host: &Rc<Host>) {
    let (dispatch, source, generation) =
        (state.dispatcher(), state.source.clone(), state.generation);
    let host = host.clone();
    use_effect_with(generation, move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            let booted = boot(&source, browser_language().as_deref()).await;
            if let Some(origin) = &booted.config.parent_origin
                && in_frame()
            {
                host.post_to_parent(origin.clone());
            }
            dispatch.dispatch(BootAction::Booted { generation, booted });
        });
    });
}

/// Problems that stop the widget are the host's to know too: an `error` event naming
/// the first of them.
#[hook]
pub fn use_error_event(host: &Rc<Host>, screen: &Screen) {
    let host = host.clone();
    use_effect_with(screen.clone(), move |screen| {
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
            let heading = t(Lang::En, *heading);
            host.emit("error", None, || {
                host_events::failure(kind, heading, source, problems)
            });
        }
    });
}
