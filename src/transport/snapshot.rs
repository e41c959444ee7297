//! What the outbox reports to whoever shows it: every entry not yet delivered, the
//! reviews stored during this page's life, and the storage it runs on.

use super::entry::{Entry, EntryState};
use super::error::StorageError;

/// Which storage the outbox uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    IndexedDb,
    LocalStorage,
    /// Nothing persistent is available: a reload loses what was not sent.
    Memory,
}

/// A review the server stored during this page's life.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub review_id: String,
    pub server_id: Option<String>,
}

/// The outbox as it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub entries: Vec<Entry>,
    pub stored: Vec<Stored>,
    pub backend: Backend,
    /// A problem with the browser's storage, if the last save or removal failed.
    pub storage_error: Option<StorageError>,
}

impl Snapshot {
    /// Nothing in it yet (before the outbox is open).
    pub fn empty() -> Snapshot {
        Snapshot {
            entries: Vec::new(),
            stored: Vec::new(),
            backend: Backend::IndexedDb,
            storage_error: None,
        }
    }

    pub fn entry(&self, review_id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.review_id == review_id)
    }

    pub fn stored(&self, review_id: &str) -> Option<&Stored> {
        self.stored.iter().find(|s| s.review_id == review_id)
    }

    /// Whether a review is out of the inspector's hands: stored, or on its way. A
    /// rejected one is theirs again, to correct.
    pub fn holds(&self, review_id: &str) -> bool {
        self.stored(review_id).is_some()
            || self
                .entry(review_id)
                .is_some_and(|e| !matches!(e.state, EntryState::Rejected { .. }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_review_on_its_way_or_stored_is_held_and_a_rejected_one_is_not() {
        let mut snapshot = Snapshot::empty();
        assert!(!snapshot.holds("a"));
        snapshot.entries.push(Entry::example("a"));
        let mut rejected = Entry::example("b");
        rejected.state = EntryState::Rejected {
            status: Some(422),
            message: "no".into(),
            auth: false,
        };
        snapshot.entries.push(rejected);
        snapshot.stored.push(Stored {
            review_id: "c".into(),
            server_id: None,
        });
        assert_eq!(
            ["a", "b", "c"].map(|id| snapshot.holds(id)),
            [true, false, true]
        );
    }
}
