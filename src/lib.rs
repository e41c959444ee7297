//! An embeddable QA scoring widget for contact-center quality control (呼叫中心质检).
//!
//! - [`core`]: the rubric format, validation, scoring and the review document. Pure
//!   Rust, the same on a server and in the browser.
//! - [`transport`]: the widget's configuration and sending reviews (retry policy,
//!   outbox; the browser parts on wasm32 only).
//! - `cli` (native only): the `rubric` command line.
//! - `receiver` (native only): the reference receiver (axum + SQLite).
//! - `ui` (wasm32 only): the Yew app.

pub mod core;
pub mod transport;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(not(target_arch = "wasm32"))]
pub mod receiver;

#[cfg(target_arch = "wasm32")]
pub mod ui;
