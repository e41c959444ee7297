//! Trainee quizzes: marking an attempt against the answer key (`correct: true` on
//! options), the facts an attempt's review carries, and the shuffled order of options
//! (seeded by the review id, so a reviewed attempt shows the same order again).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::answers::{Answers, same_members};
use super::error::Problems;
use super::rubric::{Id, Item, ItemKind};
use super::score::{ItemStatus, Score, Scorer};

/// What a quiz attempt's review carries (`review.quiz`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuizAttempt {
    /// From the start of the attempt to its end, in seconds.
    pub time_taken_s: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_s: Option<u32>,
    /// Ended by the time limit, with what was answered.
    pub timed_out: bool,
    /// The options were shown shuffled (seeded by the review id).
    pub shuffled: bool,
}

/// A quiz's time rules, with the clock passed in: how long an attempt has run, what
/// is left of its limit, and the facts its review carries when it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Timing {
    /// Seconds allowed, if the quiz has a limit.
    pub time_limit_s: Option<u32>,
    /// Whether options are shown shuffled.
    pub shuffle: bool,
}

/// Seconds from `started_at` (RFC 3339) to `now_ms` (milliseconds since 1970): never
/// negative, and 0 when the start cannot be read.
pub fn elapsed_s(started_at: &str, now_ms: f64) -> f64 {
    let seconds =
        super::time::rfc3339_ms(started_at).map_or(0.0, |start| (now_ms - start) / 1000.0);
    if seconds.is_finite() {
        seconds.max(0.0)
    } else {
        0.0
    }
}

impl Timing {
    /// Whole seconds left at `now_ms` of an attempt started at `started_at` (zero or
    /// less once the time is up); `None` without a limit.
    pub fn remaining_s(&self, started_at: &str, now_ms: f64) -> Option<i64> {
        let elapsed = elapsed_s(started_at, now_ms).floor() as i64;
        self.time_limit_s.map(|limit| i64::from(limit) - elapsed)
    }

    /// What the review of an attempt started at `started_at` and ended at `ended_at`
    /// carries. `ended_by_limit`: the widget ended it when the time ran out. An attempt
    /// that ran out of time took the time allowed, even when it was only ended later
    /// (the page was closed and reopened after the limit).
    pub fn attempt(&self, started_at: &str, ended_at: &str, ended_by_limit: bool) -> QuizAttempt {
        let ended_ms = super::time::rfc3339_ms(ended_at).unwrap_or(f64::NAN);
        let taken = elapsed_s(started_at, ended_ms).round() as u64;
        let limit = self.time_limit_s.map(u64::from);
        let timed_out = ended_by_limit || limit.is_some_and(|l| taken >= l);
        let time_taken_s = match limit {
            Some(l) if timed_out => taken.min(l),
            _ => taken,
        };
        QuizAttempt {
            time_taken_s,
            time_limit_s: self.time_limit_s,
            timed_out,
            shuffled: self.shuffle,
        }
    }
}

/// How far an attempt is: questions answered, of the questions shown.
pub fn progress(marked: &[Marked]) -> (usize, usize) {
    (marked.iter().filter(|m| m.answered).count(), marked.len())
}

/// Questions answered right, of the questions shown.
pub fn right(marked: &[Marked]) -> (usize, usize) {
    (marked.iter().filter(|m| m.right).count(), marked.len())
}

/// One question, marked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Marked {
    pub id: Id,
    pub answered: bool,
    pub right: bool,
    pub earned: f64,
    pub possible: f64,
    /// What the trainee chose: option ids, or "pass"/"fail".
    pub chosen: Vec<String>,
    /// The key: the correct option ids (or "pass"); empty where the key is "full points".
    pub correct: Vec<String>,
}

/// The answer key of a question: the options marked correct, else the best-scoring ones.
pub fn key(item: &Item) -> Vec<String> {
    match &item.kind {
        ItemKind::Check { .. } => vec!["pass".into()],
        ItemKind::Choice { options } | ItemKind::Multi { options, .. } => {
            let marked: Vec<String> = options
                .iter()
                .filter(|o| o.correct == Some(true))
                .map(|o| o.id.to_string())
                .collect();
            if !marked.is_empty() {
                return marked;
            }
            match &item.kind {
                ItemKind::Multi { .. } => options
                    .iter()
                    .filter(|o| o.points > 0.0)
                    .map(|o| o.id.to_string())
                    .collect(),
                _ => {
                    let best = item.possible();
                    options
                        .iter()
                        .filter(|o| o.points >= best)
                        .map(|o| o.id.to_string())
                        .collect()
                }
            }
        }
        _ => Vec::new(),
    }
}

/// Mark every shown, scored question of an attempt.
pub fn mark(scorer: &Scorer, answers: &Answers) -> Result<Vec<Marked>, Problems> {
    Ok(mark_scored(scorer, answers, &scorer.score(answers)?))
}

/// [`mark`], for answers the engine has already scored (`score` is theirs): what the
/// widget shows on every change of a running quiz, without scoring twice.
pub fn mark_scored(scorer: &Scorer, answers: &Answers, score: &Score) -> Vec<Marked> {
    let mut out = Vec::new();
    for (index, (_, item)) in scorer.rubric().items().enumerate() {
        let Some(trace) = score.items.at(index) else {
            continue;
        };
        if !item.is_scored() || item.is_bonus() || trace.status == ItemStatus::Hidden {
            continue;
        }
        let value = answers
            .get(&item.id)
            .filter(|a| !a.na)
            .and_then(|a| a.value.as_ref());
        let chosen: Vec<String> = match value {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(list)) => list
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            Some(other) => vec![other.to_string()],
            None => Vec::new(),
        };
        let correct = key(item);
        let (earned, possible) = (trace.earned.unwrap_or(0.0), item.possible());
        let answered = trace.status == ItemStatus::Scored;
        let right = answered
            && match &item.kind {
                ItemKind::Choice { .. } | ItemKind::Check { .. } => {
                    chosen.iter().all(|c| correct.contains(c))
                }
                ItemKind::Multi { .. } => same_members(chosen.clone(), correct.clone()),
                _ => earned >= possible,
            };
        out.push(Marked {
            id: item.id.clone(),
            answered,
            right,
            earned,
            possible,
            chosen,
            correct,
        });
    }
    out
}

/// The order to show `n` options of `item_id` in, for the attempt `review_id`: the same
/// every time for that attempt (and on every platform), different between attempts.
pub fn shuffled_order(review_id: &uuid::Uuid, item_id: &str, n: usize) -> Vec<usize> {
    // FNV-1a over the whole review id, then the item id (each question is shuffled
    // differently).
    let mut seed: u64 = 0xcbf2_9ce4_8422_2325;
    for b in review_id.as_bytes().iter().chain(item_id.as_bytes()) {
        seed = (seed ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.u32(0..=u32::try_from(i).unwrap_or(u32::MAX)) as usize;
        order.swap(i, j);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_shuffle_is_a_permutation_fixed_per_attempt() {
        let a = uuid::Uuid::from_u128(1);
        let b = uuid::Uuid::from_u128(2);
        let order = shuffled_order(&a, "q1", 5);
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, [0, 1, 2, 3, 4]);
        assert_eq!(
            order,
            shuffled_order(&a, "q1", 5),
            "the same attempt, the same order"
        );
        let differs = (0..20).any(|i| {
            shuffled_order(&b, &format!("q{i}"), 5) != shuffled_order(&a, &format!("q{i}"), 5)
        });
        assert!(differs, "another attempt, another order");
    }

    #[test]
    fn an_attempt_is_timed_by_the_clock_it_is_given() {
        let timing = Timing {
            time_limit_s: Some(60),
            shuffle: true,
        };
        let start = "2026-11-23T08:00:00Z";
        assert_eq!(timing.remaining_s(start, 1_795_420_830_000.0), Some(30));
        assert_eq!(Timing::default().remaining_s(start, 0.0), None);
        assert_eq!(elapsed_s("not a time", 1e12), 0.0);
        assert_eq!(elapsed_s(start, 0.0), 0.0, "never negative");
        let early = timing.attempt(start, "2026-11-23T08:00:42.4Z", false);
        assert_eq!(
            (early.time_taken_s, early.timed_out, early.shuffled),
            (42, false, true)
        );
        let late = timing.attempt(start, "2026-11-23T09:00:00Z", false);
        assert_eq!(
            (late.time_taken_s, late.timed_out),
            (60, true),
            "capped at the limit"
        );
        let ended = timing.attempt(start, "2026-11-23T08:00:59Z", true);
        assert_eq!((ended.time_taken_s, ended.timed_out), (59, true));
        let open = Timing::default().attempt(start, "2026-11-23T09:00:00Z", false);
        assert_eq!(
            (open.time_taken_s, open.timed_out, open.time_limit_s),
            (3_600, false, None)
        );
    }
}
