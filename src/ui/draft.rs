//! Drafts: every change is saved to localStorage, keyed by the exact rubric (id,
//! version, digest) and the call being reviewed, so reopening the page brings the
//! review back — and a draft made against another version of the rubric is offered,
//! never silently applied.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::core::{Answers, RubricRef};

const PREFIX: &str = "rubric-widget:draft:";

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
    pub finished: Option<super::state::Finished>,
}

/// Why a draft could not be saved or read.
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

fn parts(key: &str) -> Option<[String; 4]> {
    serde_json::from_str(key.strip_prefix(PREFIX)?).ok()
}

fn storage() -> Result<web_sys::Storage, DraftError> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(DraftError::Unavailable)
}

/// Drafts untouched this long are abandoned work, the first to go when storage is full.
pub const STALE_AFTER_DAYS: f64 = 30.0;

/// Save `draft` under its rubric and call. When storage is full (localStorage is shared
/// with the host page when embedded), drafts not saved for [`STALE_AFTER_DAYS`] are
/// removed, oldest first, until it fits; a newer draft is never removed to make room.
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
    for (_, stale) in stale_drafts(&s, &cutoff, &key) {
        let _ = s.remove_item(&stale);
        if s.set_item(&key, &text).is_ok() {
            return Ok(());
        }
    }
    Err(DraftError::Refused)
}

/// The keys of drafts last saved before `cutoff` (an ISO timestamp), oldest first,
/// other than `keep`.
fn stale_drafts(s: &web_sys::Storage, cutoff: &str, keep: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = stored(s, |_| true)
        .filter(|(key, draft)| key != keep && draft.saved_at.as_str() < cutoff)
        .map(|(key, draft)| (draft.saved_at, key))
        .collect();
    out.sort();
    out
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

/// The draft for exactly this rubric and call, if one was saved (an unreadable one is
/// left in place and ignored).
pub fn load(rubric: &RubricRef, context_key: &str) -> Option<Draft> {
    let text = storage().ok()?.get_item(&key(rubric, context_key)).ok()??;
    serde_json::from_str(&text).ok()
}

pub fn remove(rubric: &RubricRef, context_key: &str) {
    if let Ok(s) = storage() {
        let _ = s.remove_item(&key(rubric, context_key));
    }
}

/// Drafts for the same rubric id and call made against another version or text of
/// the rubric, newest first.
pub fn others(rubric: &RubricRef, context_key: &str) -> Vec<Draft> {
    let Ok(s) = storage() else {
        return Vec::new();
    };
    let mut out: Vec<Draft> = stored(&s, |[id, ctx, version, digest]| {
        id == rubric.id.as_str()
            && ctx == context_key
            && (*version != rubric.version || *digest != rubric.digest)
    })
    .map(|(_, draft)| draft)
    .collect();
    out.sort_by(|a: &Draft, b: &Draft| b.saved_at.cmp(&a.saved_at));
    out
}

/// Whether drafts can be saved at all in this browser.
pub fn available() -> bool {
    storage().is_ok()
}
