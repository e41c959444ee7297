//! The domain core: rubric model, validation, answers, scoring, the review document.
//!
//! Pure Rust with no web dependencies, so the same code scores in the browser
//! (wasm32) and on a server, and a backend re-scoring a review gets the same number.

pub mod answers;
pub mod compare;
pub mod error;
pub mod generate;
pub mod number;
pub mod quiz;
pub mod review;
pub mod round;
pub mod rubric;
pub mod schema;
pub mod score;
#[cfg(feature = "stats")]
pub mod stats;
pub mod text;
pub mod time;
mod validate;
#[cfg(feature = "stats")]
pub mod whatif;

pub use answers::{Answer, Answers};
pub use compare::{Calibration, Comparison, compare};
pub use error::{JsonPath, Problem, ProblemKind, Problems};
pub use number::parse_number;
pub use quiz::QuizAttempt;
pub use review::{Client, Mode, Review, Reviewer, RubricRef, VerifyError, digest};
pub use rubric::{
    Band, Bound, ChoiceOption, Critical, Grade, Id, Item, ItemKind, Method, Rubric, Scoring,
    Section, ShowIf, Tag,
};
pub use score::{
    Breakdown, ItemStatus, ItemTrace, ItemTraces, Keyed, Resolved, Score, Scorer, SectionBreakdown,
    SectionScore, SectionScores,
};
pub use text::Text;

// The core's unit tests run in headless Chromium too (`#[test]` is shadowed by
// `wasm_bindgen_test` in each test module on wasm32).
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
