//! What to do after an attempt to send a review (docs/rubric-v1.md §3): 2xx stored; 408, 429,
//! 5xx, network errors and timeouts retried with exponential backoff and jitter, never
//! sooner than `Retry-After`; any other 4xx rejected, with the server's message.

use serde_json::Value;

use crate::config::RetryPolicy;

/// The result of one attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum AttemptOutcome {
    /// Stored by the server (2xx); the server's id for it, if it says one.
    Stored { server_id: Option<String> },
    /// Try again, no sooner than `after_ms` if the server said so.
    Retry {
        after_ms: Option<u64>,
        reason: String,
    },
    /// Refused: by the server (its status), or before any request was made (`None`:
    /// a header the browser will not send). `auth` when the session or token is the
    /// problem.
    Rejected {
        status: Option<u16>,
        message: String,
        auth: bool,
    },
}

/// Classify an HTTP response.
pub fn classify(status: u16, retry_after: Option<&str>, body: &str, now_ms: f64) -> AttemptOutcome {
    match status {
        200..=299 => AttemptOutcome::Stored {
            server_id: server_id(body),
        },
        408 | 429 | 500..=599 => AttemptOutcome::Retry {
            after_ms: retry_after.and_then(|h| retry_after_ms(h, now_ms)),
            reason: format!("HTTP {status}{}", suffix(&server_message(body))),
        },
        _ => AttemptOutcome::Rejected {
            status: Some(status),
            // A bare status when the server says nothing (an empty 404 from a wrong
            // endpoint), so the person reading it still learns something.
            message: Some(server_message(body))
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| format!("HTTP {status}")),
            auth: matches!(status, 401 | 403),
        },
    }
}

fn suffix(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

/// The server's explanation: `{"error": …}` or `{"message": …}` (with any `problems`
/// listed after it), else the text itself, shortened.
pub fn server_message(body: &str) -> String {
    const MAX: usize = 300;
    let body = body.trim();
    if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(body) {
        let main = ["error", "message", "detail", "title"]
            .iter()
            .find_map(|k| map.get(*k).and_then(Value::as_str))
            .map(str::to_owned);
        let problems: Vec<&str> = map
            .get("problems")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(main) = main {
            return if problems.is_empty() {
                main
            } else {
                format!("{main}: {}", problems.join("; "))
            };
        }
    }
    let text: String = body.chars().take(MAX).collect();
    if body.chars().count() > MAX {
        format!("{text}…")
    } else {
        text
    }
}

/// The id a server gave the stored review: `{"id": …}` or `{"review_id": …}`.
pub fn server_id(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
    ["id", "review_id"]
        .iter()
        .find_map(|k| match value.get(*k)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
}

/// `Retry-After` in milliseconds from now: delay-seconds or an HTTP-date.
pub fn retry_after_ms(header: &str, now_ms: f64) -> Option<u64> {
    let header = header.trim();
    if let Ok(seconds) = header.parse::<u64>() {
        return Some(seconds.saturating_mul(1000));
    }
    let at = http_date_ms(header)?;
    Some((at - now_ms).max(0.0) as u64)
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) as milliseconds since 1970.
fn http_date_ms(s: &str) -> Option<f64> {
    let rest = s.split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let day: i64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|x| x.parse::<i64>().ok());
    let (h, m, sec) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let days = crate::core::time::days_from_civil(year, month, u32::try_from(day).ok()?)?;
    Some(((days * 86_400 + h * 3_600 + m * 60 + sec) * 1_000) as f64)
}

/// How long to wait before attempt `attempt + 1` (attempt counts from 1): exponential
/// from `base_delay_ms`, capped at `max_delay_ms`, with jitter taking it into its upper
/// half (`random` in 0..1), and never below the server's `Retry-After`.
pub fn backoff_ms(
    attempt: u32,
    policy: &RetryPolicy,
    random: f64,
    retry_after: Option<u64>,
) -> u64 {
    let exponent = attempt.saturating_sub(1).min(30);
    let ceiling = (u64::from(policy.base_delay_ms) << exponent).min(u64::from(policy.max_delay_ms));
    let jittered = ceiling / 2 + ((ceiling / 2) as f64 * random.clamp(0.0, 1.0)) as u64;
    jittered.max(retry_after.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn statuses_are_classified_as_the_contract_says() {
        assert_eq!(
            classify(201, None, r#"{"id": "r-1"}"#, 0.0),
            AttemptOutcome::Stored {
                server_id: Some("r-1".into())
            }
        );
        assert_eq!(
            classify(204, None, "", 0.0),
            AttemptOutcome::Stored { server_id: None }
        );
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(
                matches!(
                    classify(status, None, "", 0.0),
                    AttemptOutcome::Retry { .. }
                ),
                "{status}"
            );
        }
        assert_eq!(
            classify(
                422,
                None,
                r#"{"error": "score mismatch", "problems": ["total: 88.0 → 68.0"]}"#,
                0.0
            ),
            AttemptOutcome::Rejected {
                status: Some(422),
                message: "score mismatch: total: 88.0 → 68.0".into(),
                auth: false
            }
        );
        assert!(matches!(
            classify(401, None, "expired", 0.0),
            AttemptOutcome::Rejected { auth: true, .. }
        ));
        assert!(matches!(
            classify(403, None, "", 0.0),
            AttemptOutcome::Rejected { auth: true, .. }
        ));
        // A server that says nothing: the status speaks for it.
        assert_eq!(
            classify(404, None, " \n", 0.0),
            AttemptOutcome::Rejected {
                status: Some(404),
                message: "HTTP 404".into(),
                auth: false
            }
        );
    }

    #[test]
    fn messages_come_from_json_or_text() {
        assert_eq!(server_message(r#"{"message": "bad token"}"#), "bad token");
        assert_eq!(
            server_message("  Service Unavailable \n"),
            "Service Unavailable"
        );
        assert_eq!(server_message(&"x".repeat(400)).chars().count(), 301);
        assert_eq!(server_id(r#"{"review_id": 42}"#), Some("42".into()));
    }

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        assert_eq!(retry_after_ms("8", 0.0), Some(8_000));
        let now = http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(now, 784_111_777_000.0);
        assert_eq!(
            retry_after_ms("Sun, 06 Nov 1994 08:50:07 GMT", now),
            Some(30_000)
        );
        assert_eq!(
            retry_after_ms("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(0),
            "a date in the past: now"
        );
        assert_eq!(retry_after_ms("soon", now), None);
        assert_eq!(
            classify(503, Some("3"), "", 0.0),
            AttemptOutcome::Retry {
                after_ms: Some(3_000),
                reason: "HTTP 503".into()
            }
        );
    }

    #[test]
    fn backoff_grows_is_capped_and_respects_retry_after() {
        let p = RetryPolicy {
            max_attempts: 8,
            base_delay_ms: 1_000,
            max_delay_ms: 60_000,
        };
        assert_eq!(backoff_ms(1, &p, 1.0, None), 1_000);
        assert_eq!(backoff_ms(1, &p, 0.0, None), 500);
        assert_eq!(backoff_ms(4, &p, 1.0, None), 8_000);
        assert_eq!(backoff_ms(20, &p, 1.0, None), 60_000);
        assert_eq!(backoff_ms(40, &p, 0.5, None), 45_000);
        assert_eq!(backoff_ms(1, &p, 0.0, Some(30_000)), 30_000);
    }
}
