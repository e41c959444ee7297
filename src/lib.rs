//! An embeddable QA scoring widget for contact-center quality control (呼叫中心质检).
//!
//! - [`core`]: the rubric format, validation, scoring and the review document. Pure
//!   Rust, the same on a server and in the browser.
//! - [`config`]: the widget's configuration and where it comes from. Pure.
//! - [`transport`]: sending reviews and fetching documents (retry policy, outbox
//!   entries, errors; the browser parts on wasm32 only).
//! - `cli` (native only): the `rubric` command line.
//! - `receiver` (native only): the reference receiver (axum + SQLite).
//! - [`ui`]: the Yew app (its state, reducer and strings are plain Rust; the rest is
//!   wasm32 only).

pub mod config;
pub mod core;
pub mod transport;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(not(target_arch = "wasm32"))]
pub mod receiver;

pub mod ui;
