//! Getting reviews to the host's backend: the widget's configuration, the retry
//! policy and the outbox entries (pure, tested natively), and on wasm32 the parts that
//! touch the browser: fetch, IndexedDB, Web Locks and the outbox itself.

pub mod config;
pub mod entry;
pub mod policy;

pub use config::{
    CalibrationSettings, Credentials, DocumentSource, HttpMethod, QuizSettings, RetryPolicy,
    RubricSource, WidgetConfig,
};
pub use entry::{Entry, EntryState, Next};
pub use policy::Outcome;

#[cfg(target_arch = "wasm32")]
pub mod http;
#[cfg(target_arch = "wasm32")]
pub mod lock;
#[cfg(target_arch = "wasm32")]
pub mod outbox;
#[cfg(target_arch = "wasm32")]
pub mod store;
