//! Drafts: every change is saved to localStorage, keyed by the exact rubric (id,
//! version, digest) and the call being reviewed, so reopening the page brings the
//! review back — and a draft made against another version of the rubric is offered,
//! never silently applied. The document and the choice of what to prune are pure; the
//! storage itself is the browser's (wasm32).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::core::{Answers, RubricRef};

const PREFIX: &str = "rubric-widget:draft:";

/// Drafts untouched this long are abandoned work, the first to go when storage is full.
pub const STALE_AFTER_DAYS: f64 = 30.0;

/// When a quiz attempt or a calibration ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finished {
    pub at: String,
    /// Ended by the quiz's time limit.
    pub timed_out: bool,
}

/// What is saved. Headers and other secrets of the configuration are never part of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub rubric: RubricRef,
    pub context_key: String,
    pub review_id: Uuid,
    pub started_at: String,
    pub saved_at: String,
    pub answers: Answers,
    #[serde(default)]
    pub pending: BTreeMap<String, String>,
    #[serde(default)]
    pub comment: String,
    /// A finished quiz attempt or calibration (its results are shown again).
    #[serde(default)]
    pub finished: Option<Finished>,
}

/// Why a draft could not be saved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DraftError {
    #[error("browser storage is unavailable")]
    Unavailable,
    #[error("browser storage refused the draft (full or blocked)")]
    Refused,
}

/// The storage key of a draft: rubric id, call, version, digest.
pub fn key(rubric: &RubricRef, context_key: &str) -> String {
    let parts = serde_json::json!([
        rubric.id.as_str(),
        context_key,
        rubric.version,
        rubric.digest
    ]);
    format!("{PREFIX}{parts}")
}

/// A draft key's parts: id, call, version, digest.
pub fn parts(key: &str) -> Option<[String; 4]> {
    serde_json::from_str(key.strip_prefix(PREFIX)?).ok()
}

/// Of `drafts` (key and draft), the keys of those last saved before `cutoff` (an ISO
/// timestamp), oldest first, other than `keep`: what may go to make room.
pub fn stale<'a>(
    drafts: impl IntoIterator<Item = (&'a str, &'a Draft)>,
    cutoff: &str,
    keep: &str,
) -> Vec<String> {
    let mut out: Vec<(&str, &str)> = drafts
        .into_iter()
        .filter(|(key, draft)| *key != keep && draft.saved_at.as_str() < cutoff)
        .map(|(key, draft)| (draft.saved_at.as_str(), key))
        .collect();
    out.sort();
    out.into_iter().map(|(_, key)| key.to_owned()).collect()
}

/// Whether a draft stored under parts `[id, call, version, digest]` is one for the same
/// rubric id and call made against another version or text of the rubric.
pub fn other_version(parts: &[String; 4], rubric: &RubricRef, context_key: &str) -> bool {
    let [id, call, version, digest] = parts;
    id == rubric.id.as_str()
        && call == context_key
        && (*version != rubric.version || *digest != rubric.digest)
}

#[cfg(target_arch = "wasm32")]
pub use storage::{available, load, others, remove, save};

/// The drafts in the browser's localStorage.
#[cfg(target_arch = "wasm32")]
mod storage {
    use super::*;

    fn storage() -> Result<web_sys::Storage, DraftError> {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .ok_or(DraftError::Unavailable)
    }

    /// Save `draft` under its rubric and call. When storage is full (localStorage is
    /// shared with the host page when embedded), drafts not saved for
    /// [`STALE_AFTER_DAYS`] are removed, oldest first, until it fits; a newer draft is
    /// never removed to make room.
    pub fn save(draft: &Draft) -> Result<(), DraftError> {
        let text = serde_json::to_string(draft).map_err(|_| DraftError::Refused)?;
        let s = storage()?;
        let key = key(&draft.rubric, &draft.context_key);
        if s.set_item(&key, &text).is_ok() {
            return Ok(());
        }
        let cutoff = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
            js_sys::Date::now() - STALE_AFTER_DAYS * 86_400_000.0,
        ));
        let cutoff = String::from(cutoff.to_iso_string());
        let drafts: Vec<(String, Draft)> = stored(&s, |_| true).collect();
        let refs = drafts.iter().map(|(k, d)| (k.as_str(), d));
        for old in stale(refs, &cutoff, &key) {
            // One that cannot be removed is skipped; the next may make room.
            if s.remove_item(&old).is_ok() && s.set_item(&key, &text).is_ok() {
                return Ok(());
            }
        }
        Err(DraftError::Refused)
    }

    /// The drafts in `s` whose key parts (id, call, version, digest) `wanted` accepts,
    /// with their keys; unreadable ones are skipped.
    fn stored<'s>(
        s: &'s web_sys::Storage,
        wanted: impl Fn(&[String; 4]) -> bool + 's,
    ) -> impl Iterator<Item = (String, Draft)> + 's {
        (0..s.length().unwrap_or(0))
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(move |k| parts(k).is_some_and(|p| wanted(&p)))
            .filter_map(|k| {
                let draft = serde_json::from_str(&s.get_item(&k).ok()??).ok()?;
                Some((k, draft))
            })
    }

    /// The draft for exactly this rubric and call, if one was saved (an unreadable one
    /// is left in place and ignored).
    pub fn load(rubric: &RubricRef, context_key: &str) -> Option<Draft> {
        let text = storage().ok()?.get_item(&key(rubric, context_key)).ok()??;
        serde_json::from_str(&text).ok()
    }

    /// Remove a draft. One that storage will not remove is harmless: it is offered
    /// again when the call is reopened, and can be discarded then.
    pub fn remove(rubric: &RubricRef, context_key: &str) {
        if let Ok(s) = storage() {
            // See above: a draft left in place is harmless.
            let _ = s.remove_item(&key(rubric, context_key));
        }
    }

    /// Drafts for the same rubric id and call made against another version or text of
    /// the rubric, newest first.
    pub fn others(rubric: &RubricRef, context_key: &str) -> Vec<Draft> {
        let Ok(s) = storage() else {
            return Vec::new();
        };
        let mut out: Vec<Draft> = stored(&s, |p| other_version(p, rubric, context_key))
            .map(|(_, draft)| draft)
            .collect();
        out.sort_by(|a: &Draft, b: &Draft| b.saved_at.cmp(&a.saved_at));
        out
    }

    /// Whether drafts can be saved at all in this browser.
    pub fn available() -> bool {
        storage().is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn rubric(version: &str) -> RubricRef {
        RubricRef {
            id: crate::core::Id::from("cc"),
            version: version.into(),
            digest: format!("sha256:{version}"),
        }
    }

    fn saved_at(at: &str) -> Draft {
        Draft {
            rubric: rubric("1"),
            context_key: "C-1".into(),
            review_id: Uuid::nil(),
            started_at: at.into(),
            saved_at: at.into(),
            answers: Answers::default(),
            pending: BTreeMap::new(),
            comment: String::new(),
            finished: None,
        }
    }

    #[test]
    fn only_drafts_older_than_the_cutoff_go_oldest_first_never_the_one_kept() {
        let (a, b, c) = (
            saved_at("2026-09-01T00:00:00Z"),
            saved_at("2026-08-01T00:00:00Z"),
            saved_at("2026-11-30T00:00:00Z"),
        );
        let drafts = [("a", &a), ("b", &b), ("c", &c), ("keep", &b)];
        assert_eq!(stale(drafts, "2026-11-01T00:00:00Z", "keep"), ["b", "a"]);
    }

    #[test]
    fn a_draft_of_another_version_of_the_same_call_is_found_by_its_key() {
        let key = key(&rubric("2"), "C-1");
        let parts = parts(&key).unwrap_or_default();
        assert!(other_version(&parts, &rubric("1"), "C-1"));
        assert!(!other_version(&parts, &rubric("2"), "C-1"));
        assert!(!other_version(&parts, &rubric("1"), "C-2"));
        assert_eq!(super::parts("something else"), None);
    }
}
