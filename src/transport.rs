//! Getting reviews to the host's backend, and documents from it: the retry policy and
//! the outbox entries (pure, tested natively), the errors, and on wasm32 the parts
//! that touch the browser: fetch, IndexedDB, Web Locks and the outbox itself. Reads
//! the configuration ([`crate::config`]) and the core; knows nothing of the UI.

pub mod entry;
pub mod error;
pub mod policy;
pub mod snapshot;

pub use entry::{Entry, EntryState, Next};
pub use error::{FetchError, StorageError, TransportError};
pub use policy::AttemptOutcome;
pub use snapshot::{Backend, Snapshot, Stored};

#[cfg(target_arch = "wasm32")]
pub mod http;
#[cfg(target_arch = "wasm32")]
pub mod lock;
#[cfg(target_arch = "wasm32")]
pub mod outbox;
#[cfg(target_arch = "wasm32")]
pub mod outbox_store;
