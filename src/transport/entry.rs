//! A review in the outbox: persisted before the first attempt, updated after every
//! attempt, deleted only once the server has stored it (or the inspector discards it).
//! Nothing secret is in it: request headers come from the configuration at send time.

use serde::{Deserialize, Serialize};

use super::policy::{AttemptOutcome, backoff_ms};
use crate::config::{HttpMethod, RetryPolicy};

/// Where an entry stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EntryState {
    /// Waiting for its next attempt.
    Pending,
    /// Automatic attempts used up; waits for "retry now", a reload or the network.
    Paused,
    /// Refused (by the server with its status, or before any request was made); kept
    /// for the inspector to fix, download or discard.
    Rejected {
        #[serde(default, deserialize_with = "status_or_none")]
        status: Option<u16>,
        message: String,
        auth: bool,
    },
}

/// A rejection's status; entries saved by earlier versions wrote 0 for "no request
/// was made", which is `None` now.
fn status_or_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
    Ok(Option::<u16>::deserialize(d)?.filter(|status| *status != 0))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub review_id: String,
    /// The exact JSON sent on every attempt (same body, same Idempotency-Key).
    pub body: String,
    pub endpoint: String,
    pub method: HttpMethod,
    /// The draft to clear once the review is stored.
    pub draft_key: Option<String>,
    /// What the outbox list shows: the rubric's title and the call.
    pub label: String,
    pub created_at_ms: f64,
    pub attempts: u32,
    pub next_attempt_ms: f64,
    #[serde(flatten)]
    pub state: EntryState,
    /// Why the last attempt did not store it.
    pub last_error: Option<String>,
}

/// What the outbox does with an entry after an attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Delete it: stored (with the server's id, if any).
    Delete { server_id: Option<String> },
    /// Save it as updated.
    Keep,
}

impl Entry {
    /// A fresh entry for tests: pending, never attempted.
    #[cfg(test)]
    pub(crate) fn example(review_id: &str) -> Entry {
        Entry {
            review_id: review_id.into(),
            body: "{}".into(),
            endpoint: "/api/reviews".into(),
            method: HttpMethod::Post,
            draft_key: None,
            label: "call C-1".into(),
            created_at_ms: 0.0,
            attempts: 0,
            next_attempt_ms: 0.0,
            state: EntryState::Pending,
            last_error: None,
        }
    }

    /// Milliseconds until the next automatic attempt (0 when it is due).
    pub fn retry_in_ms(&self, now_ms: f64) -> f64 {
        (self.next_attempt_ms - now_ms).max(0.0).round()
    }

    /// Whole seconds until the next automatic attempt, at least 1: what "retrying in
    /// 8 s" counts down.
    pub fn retry_in_s(&self, now_ms: f64) -> u64 {
        ((self.next_attempt_ms - now_ms) / 1000.0).ceil().max(1.0) as u64
    }

    pub fn is_due(&self, now_ms: f64) -> bool {
        self.state == EntryState::Pending && self.next_attempt_ms <= now_ms
    }

    /// Record an attempt's outcome; `random` (0..1) is the jitter.
    pub fn record(
        &mut self,
        outcome: AttemptOutcome,
        policy: &RetryPolicy,
        now_ms: f64,
        random: f64,
    ) -> Next {
        self.attempts += 1;
        match outcome {
            AttemptOutcome::Stored { server_id } => Next::Delete { server_id },
            AttemptOutcome::Retry { after_ms, reason } => {
                let wait = backoff_ms(self.attempts, policy, random, after_ms);
                self.next_attempt_ms = now_ms + wait as f64;
                self.last_error = Some(reason);
                if self.attempts >= policy.max_attempts {
                    self.state = EntryState::Paused;
                }
                Next::Keep
            }
            AttemptOutcome::Rejected {
                status,
                message,
                auth,
            } => {
                self.last_error = Some(message.clone());
                self.state = EntryState::Rejected {
                    status,
                    message,
                    auth,
                };
                Next::Keep
            }
        }
    }

    /// Make it due now (the inspector's "retry now", or the network coming back),
    /// with a fresh round of automatic attempts if it was paused.
    pub fn wake(&mut self, now_ms: f64) {
        if self.state == EntryState::Paused {
            self.attempts = 0;
        }
        if !matches!(self.state, EntryState::Rejected { .. }) {
            self.state = EntryState::Pending;
            self.next_attempt_ms = now_ms;
        }
    }

    /// Send a rejected entry again as it is ("retry"), e.g. after a token was renewed.
    pub fn resend(&mut self, now_ms: f64) {
        self.state = EntryState::Pending;
        self.attempts = 0;
        self.next_attempt_ms = now_ms;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn entry() -> Entry {
        Entry::example("r")
    }

    fn retry(after_ms: Option<u64>) -> AttemptOutcome {
        AttemptOutcome::Retry {
            after_ms,
            reason: "HTTP 503".into(),
        }
    }

    #[test]
    fn retries_back_off_then_pause_but_are_never_dropped() {
        let policy = RetryPolicy {
            max_attempts: 3,
            base_delay_ms: 1_000,
            max_delay_ms: 60_000,
        };
        let mut e = entry();
        assert_eq!(e.record(retry(None), &policy, 0.0, 1.0), Next::Keep);
        assert_eq!(
            (e.attempts, e.next_attempt_ms, &e.state),
            (1, 1_000.0, &EntryState::Pending)
        );
        assert!(!e.is_due(999.0) && e.is_due(1_000.0));
        e.record(retry(Some(8_000)), &policy, 1_000.0, 1.0);
        assert_eq!(
            e.next_attempt_ms, 9_000.0,
            "Retry-After wins over a shorter backoff"
        );
        e.record(retry(None), &policy, 9_000.0, 1.0);
        assert_eq!(e.state, EntryState::Paused);
        assert!(!e.is_due(1e12));
        e.wake(20_000.0);
        assert_eq!((e.attempts, e.is_due(20_000.0)), (0, true));
    }

    #[test]
    fn a_rejection_is_kept_with_its_message_and_stored_means_delete() {
        let policy = RetryPolicy::default();
        let mut e = entry();
        let rejected = AttemptOutcome::Rejected {
            status: Some(401),
            message: "token expired".into(),
            auth: true,
        };
        assert_eq!(e.record(rejected, &policy, 0.0, 0.5), Next::Keep);
        assert_eq!(
            e.state,
            EntryState::Rejected {
                status: Some(401),
                message: "token expired".into(),
                auth: true
            }
        );
        e.wake(10.0);
        assert!(!e.is_due(10.0), "a rejected review waits for the inspector");
        e.resend(10.0);
        assert!(e.is_due(10.0));
        let stored = AttemptOutcome::Stored {
            server_id: Some("42".into()),
        };
        assert_eq!(
            e.record(stored, &policy, 20.0, 0.5),
            Next::Delete {
                server_id: Some("42".into())
            }
        );
    }

    #[test]
    fn an_entry_round_trips_through_json() {
        let mut e = entry();
        e.state = EntryState::Rejected {
            status: Some(422),
            message: "no".into(),
            auth: false,
        };
        let text = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<Entry>(&text).unwrap(), e);
        // An entry an earlier version saved with status 0 (no request was made).
        let legacy = text.replace("422", "0");
        let read: Entry = serde_json::from_str(&legacy).unwrap();
        assert!(matches!(
            read.state,
            EntryState::Rejected { status: None, .. }
        ));
    }

    #[test]
    fn the_countdown_reads_the_next_attempt() {
        let e = Entry {
            next_attempt_ms: 10_400.0,
            ..entry()
        };
        assert_eq!(
            (e.retry_in_s(2_500.0), e.retry_in_ms(2_500.0)),
            (8, 7_900.0)
        );
        assert_eq!((e.retry_in_s(20_000.0), e.retry_in_ms(20_000.0)), (1, 0.0));
    }
}
