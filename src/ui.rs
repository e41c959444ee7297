//! The Yew app (wasm32 only). It shows what the core computes and never scores itself.

mod app;
mod fetch;
pub mod i18n;

pub use app::App;

/// Mount the app on the page's `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
