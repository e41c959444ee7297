//! What the host page is told, as data: the details of the `ready`, `change`,
//! `submitted`, `queued`, `rejected` and `error` events. Pure, so that what a host
//! receives is tested natively; [`super::host`] delivers them.

use serde_json::{Value, json};

use super::session::Session;
use crate::core::Score;
use crate::transport::{EntryState, Snapshot};

/// One event for the host: its name, the review it is about, its detail.
#[derive(Debug, Clone, PartialEq)]
pub struct HostEvent {
    pub name: &'static str,
    pub review_id: Option<String>,
    pub detail: Value,
}

/// `ready`: the rubric on screen.
pub fn ready(session: &Session) -> Value {
    let rubric = session.scorer.rubric();
    json!({"rubric": {
        "id": rubric.id.as_str(), "version": rubric.version, "digest": session.rubric.digest,
        "title": session.text(&rubric.title),
    }})
}

/// `change`: the score as it stands.
pub fn change(score: &Score) -> Value {
    json!({"score": score, "complete": score.complete, "missing": score.missing})
}

/// `error`: a problem that stops the widget, named in words by its first problem
/// ("config.lnag: unknown setting; did you mean lang?"), else by `heading` and where.
pub fn failure(kind: &str, heading: &str, source: &str, problems: &[String]) -> Value {
    let message = problems
        .first()
        .cloned()
        .unwrap_or_else(|| format!("{} {source}", heading.trim_end_matches(':')));
    json!({"kind": kind, "message": message, "problems": problems})
}

/// What changed for the host's own reviews (`owns`) between two snapshots of the
/// outbox, at `now_ms`: stored, rejected, queued again, and a storage problem.
pub fn outbox_changes(
    before: &Snapshot,
    after: &Snapshot,
    owns: impl Fn(&str) -> bool,
    now_ms: f64,
) -> Vec<HostEvent> {
    let event = |name, review_id: &str, detail| HostEvent {
        name,
        review_id: Some(review_id.to_owned()),
        detail,
    };
    let mut events = Vec::new();
    for stored in after.stored.iter().filter(|s| owns(&s.review_id)) {
        if before.stored(&stored.review_id).is_none() {
            let detail = json!({"response": {"server_id": stored.server_id}});
            events.push(event("submitted", &stored.review_id, detail));
        }
    }
    for entry in after.entries.iter().filter(|e| owns(&e.review_id)) {
        let previous = before.entry(&entry.review_id);
        let was_rejected = previous.is_some_and(|p| matches!(p.state, EntryState::Rejected { .. }));
        match &entry.state {
            EntryState::Rejected {
                status,
                message,
                auth,
            } if !was_rejected => {
                let detail = json!({"status": status, "message": message, "auth": auth});
                events.push(event("rejected", &entry.review_id, detail));
            }
            EntryState::Rejected { .. } => {}
            _ if previous
                .is_none_or(|p| p.attempts != entry.attempts || p.state != entry.state) =>
            {
                let detail = json!({
                    "attempts": entry.attempts, "reason": entry.last_error,
                    "retry_in_ms": (entry.attempts > 0).then(|| entry.retry_in_ms(now_ms)),
                    "paused": entry.state == EntryState::Paused,
                });
                events.push(event("queued", &entry.review_id, detail));
            }
            _ => {}
        }
    }
    if let Some(error) = after
        .storage_error
        .as_ref()
        .filter(|e| before.storage_error.as_ref() != Some(*e))
    {
        events.push(HostEvent {
            name: "error",
            review_id: None,
            detail: json!({"kind": "storage", "message": error.to_string(), "problems": []}),
        });
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::{Entry, StorageError, Stored};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn names(events: &[HostEvent]) -> Vec<(&str, Option<&str>)> {
        events
            .iter()
            .map(|e| (e.name, e.review_id.as_deref()))
            .collect()
    }

    #[test]
    fn the_host_hears_of_its_own_reviews_only_and_each_change_once() {
        let before = Snapshot::empty();
        let mut after = Snapshot::empty();
        after.entries.push(Entry::example("mine"));
        after.entries.push(Entry::example("theirs"));
        let owns = |id: &str| id != "theirs";
        let events = outbox_changes(&before, &after, owns, 0.0);
        assert_eq!(names(&events), [("queued", Some("mine"))]);
        assert_eq!(
            events[0].detail["retry_in_ms"],
            Value::Null,
            "not tried yet"
        );
        assert!(outbox_changes(&after, &after, owns, 0.0).is_empty());

        let mut retried = after.clone();
        retried.entries[0].attempts = 1;
        retried.entries[0].next_attempt_ms = 8_000.0;
        let events = outbox_changes(&after, &retried, owns, 500.0);
        assert_eq!(events[0].detail["retry_in_ms"], json!(7_500.0));

        let mut rejected = retried.clone();
        rejected.entries[0].state = EntryState::Rejected {
            status: None,
            message: "bad header".into(),
            auth: false,
        };
        let events = outbox_changes(&retried, &rejected, owns, 0.0);
        assert_eq!(names(&events), [("rejected", Some("mine"))]);
        assert_eq!(
            events[0].detail["status"],
            Value::Null,
            "no request was made"
        );

        let mut stored = Snapshot::empty();
        stored.stored.push(Stored {
            review_id: "mine".into(),
            server_id: Some("42".into()),
        });
        stored.storage_error = Some(StorageError::Full);
        let events = outbox_changes(&rejected, &stored, owns, 0.0);
        assert_eq!(
            names(&events),
            [("submitted", Some("mine")), ("error", None)]
        );
        assert_eq!(events[0].detail, json!({"response": {"server_id": "42"}}));
    }

    #[test]
    fn an_error_is_named_by_its_first_problem() {
        let problems = ["config.lnag: unknown setting; did you mean lang?".to_owned()];
        let detail = failure(
            "config",
            "The widget's configuration has problems:",
            "config",
            &problems,
        );
        assert_eq!(detail["message"], json!(problems[0]));
        let detail = failure("rubric", "Could not load:", "/r.json", &[]);
        assert_eq!(detail["message"], json!("Could not load /r.json"));
    }
}
