//! The Yew app. It shows what the core computes and never scores itself.
//!
//! The review's state and its reducer, the session, drafts (the document), the
//! strings and the number formats are plain Rust and tested natively; everything that
//! touches the browser — the app, the components, the hooks, the host bridge — is
//! built for wasm32 only.

pub mod boot;
pub mod choices;
pub mod draft;
pub mod format;
pub mod host_events;
pub mod i18n;
#[cfg(feature = "stats")]
pub mod report;
pub mod session;
pub mod state;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod dom;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod hooks;
#[cfg(target_arch = "wasm32")]
pub mod host;
#[cfg(target_arch = "wasm32")]
mod load;
#[cfg(target_arch = "wasm32")]
mod page;

#[cfg(target_arch = "wasm32")]
pub use app::{App, AppProps};

/// The page's own app: rendered into `#rubric-widget-app` when the page has one (the
/// widget's own page, or an iframe). A page that only loads the bundle to embed the
/// widget has none, and gets nothing rendered.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("rubric-widget-app"))
    else {
        return;
    };
    let instance = page::query()
        .into_iter()
        .find(|(k, _)| k == "instance")
        .map(|(_, v)| v)
        .unwrap_or_else(dom::new_instance_id);
    let props = AppProps {
        host: host::Host::page(instance),
        source: crate::config::ConfigSource::Page(Default::default()),
    };
    yew::Renderer::<App>::with_root_and_props(root, props).render();
}
