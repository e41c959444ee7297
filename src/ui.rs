//! The Yew app (wasm32 only). It shows what the core computes and never scores itself.

mod app;
pub mod components;
pub mod dom;
pub mod draft;
mod fetch;
pub mod format;
pub mod i18n;
pub mod outbox;
pub mod state;

pub use app::App;

/// Mount the app on the page's `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
