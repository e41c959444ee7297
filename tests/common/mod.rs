//! Shared by the integration tests that run both natively and compiled to wasm32 in
//! headless Chromium: fixtures are compiled in (no file system in the browser), and
//! `both!` marks a test for whichever target is being built.

#![allow(dead_code)]

use rubric_widget::core::{Answers, Mode, Review, RubricRef, Scorer};
use serde_json::{Value, json};

/// Declare tests that run natively (`#[test]`) and in the browser
/// (`#[wasm_bindgen_test]`).
#[macro_export]
macro_rules! both {
    ($( $(#[$meta:meta])* fn $name:ident() $body:block )*) => {
        $(
            $(#[$meta])*
            #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
            #[cfg_attr(not(target_arch = "wasm32"), test)]
            fn $name() $body
        )*
    };
}

macro_rules! fixture {
    ($($part:expr),+) => {
        include_str!(concat!("../fixtures/rubrics/", $($part),+))
    };
}

/// The sample rubrics, copied from the shared samples.
pub const RUBRICS: &[(&str, &str)] = &[
    ("cc-qc-standard", fixture!("cc-qc-standard.json")),
    ("support-qa-weighted", fixture!("support-qa-weighted.json")),
    (
        "trainee-quiz-phrases",
        fixture!("trainee-quiz-phrases.json"),
    ),
];

/// A shared example: its name, the rubric it uses, its answers, its expected score.
pub struct Example {
    pub name: &'static str,
    pub rubric: &'static str,
    pub answers: &'static str,
    pub score: &'static str,
}

macro_rules! example {
    ($rubric:literal, $case:literal) => {
        Example {
            name: concat!($rubric, ".", $case),
            rubric: fixture!($rubric, ".json"),
            answers: fixture!("examples/", $rubric, ".", $case, ".answers.json"),
            score: fixture!("examples/", $rubric, ".", $case, ".score.json"),
        }
    };
}

pub const EXAMPLES: &[Example] = &[
    example!("cc-qc-standard", "typical"),
    example!("cc-qc-standard", "fatal"),
    example!("support-qa-weighted", "na"),
    example!("support-qa-weighted", "section-critical"),
    example!("trainee-quiz-phrases", "attempt"),
];

pub fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("fixture is not JSON: {e}"))
}

/// Every field of `expected` is in `actual` with the same value (objects are compared
/// field by field, arrays element by element); `actual` may have more fields.
pub fn assert_subset(actual: &Value, expected: &Value, at: &str) {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            for (key, ev) in e {
                let av = a
                    .get(key)
                    .unwrap_or_else(|| panic!("{at}.{key}: missing, expected {ev}"));
                assert_subset(av, ev, &format!("{at}.{key}"));
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            assert_eq!(a.len(), e.len(), "{at}: length");
            for (i, (av, ev)) in a.iter().zip(e).enumerate() {
                assert_subset(av, ev, &format!("{at}[{i}]"));
            }
        }
        _ => assert_eq!(actual, expected, "{at}"),
    }
}

/// The review/v1 document of a shared example, scored by the core, for call C-88231.
pub fn review(example: &Example, review_id: uuid::Uuid) -> Review {
    let scorer = Scorer::from_json(example.rubric).unwrap_or_else(|e| panic!("{e}"));
    let answers = Answers::from_json(example.answers).unwrap_or_else(|e| panic!("{e}"));
    let score = scorer.score(&answers).unwrap_or_else(|e| panic!("{e}"));
    let rubric = RubricRef::new(scorer.rubric(), example.rubric);
    let (started, submitted) = ("2026-11-23T08:00:00Z", "2026-11-23T16:06:41+08:00");
    Review::new(
        review_id,
        rubric,
        answers,
        score,
        started.into(),
        submitted.into(),
    )
    .with_context(
        [("call_id".to_owned(), json!("C-88231"))]
            .into_iter()
            .collect(),
    )
}

/// The expert's answers for the typical call: the same as the inspector's but for
/// `closing` ("ok" instead of "partial") and `interrupt` (1 instead of 2).
pub const EXPERT_ANSWERS: &str =
    include_str!("../fixtures/calibration/cc-qc-standard.expert.answers.json");

/// The expert's review of that call (`rubric review` of [`EXPERT_ANSWERS`], stored as
/// the calibration sample's reference).
pub const EXPERT_REVIEW: &str =
    include_str!("../fixtures/calibration/cc-qc-standard.expert.review.json");

/// The inspector's typical review of call C-88231, made in calibration mode against
/// [`EXPERT_REVIEW`] with the default tolerance.
#[allow(dead_code)]
pub fn calibration_review(review_id: uuid::Uuid) -> Review {
    use rubric_widget::core::compare::{DEFAULT_TOLERANCE, compare};
    let mut review = review(&EXAMPLES[0], review_id);
    let expert = Review::from_json(EXPERT_REVIEW).unwrap_or_else(|e| panic!("{e}"));
    let scorer = Scorer::from_json(EXAMPLES[0].rubric).unwrap_or_else(|e| panic!("{e}"));
    let comparison = compare(&scorer, &review.answers, &expert.answers, DEFAULT_TOLERANCE)
        .unwrap_or_else(|e| panic!("{e}"));
    review.mode = Mode::Calibrate;
    review.calibration = Some(comparison.summary(expert.review_id));
    review
}
