//! The Yew app (wasm32 only). It shows what the core computes and never scores itself.

mod app;
pub mod components;
pub mod dom;
pub mod draft;
pub mod embed;
mod fetch;
pub mod format;
pub mod host;
pub mod i18n;
pub mod outbox;
pub mod state;

pub use app::{App, AppProps, Embed, Source};

/// The page's own app: rendered into `#rubric-widget-app` when the page has one (the
/// widget's own page, or an iframe). A page that only loads the bundle to embed the
/// widget has none, and gets nothing rendered.
pub fn start() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("rubric-widget-app"))
    else {
        return;
    };
    let instance = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("instance"))
        .unwrap_or_else(|| format!("rw-{}", &dom::new_review_id().simple().to_string()[..8]));
    let props = AppProps {
        host: host::Host::page(instance),
        source: Source::Page,
    };
    yew::Renderer::<App>::with_root_and_props(root, props).render();
}
