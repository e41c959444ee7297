//! Trainee quizzes: marking an attempt against the answer key (`correct: true` on
//! options), the facts an attempt's review carries, and the shuffled order of options
//! (seeded by the review id, so a reviewed attempt shows the same order again).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::answers::{Answers, same_members};
use super::error::Problems;
use super::rubric::{Id, Item, ItemKind};
use super::score::{ItemStatus, Scorer};

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
    let score = scorer.score(answers)?;
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
    Ok(out)
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
}
