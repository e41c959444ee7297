//! The `review/v1` document: what the widget submits (docs/rubric-v1.md §3).

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::answers::Answers;
use super::compare::{Calibration, compare};
use super::error::{JsonPath, Problems, deserialize, deserialize_text};
use super::quiz::QuizAttempt;
use super::rubric::{Id, Rubric};
use super::score::{Score, Scorer};

/// The format tag, always `"review/v1"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub enum ReviewFormat {
    #[default]
    #[serde(rename = "review/v1")]
    V1,
}

/// Why the review was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// An inspector scoring a call (质检).
    #[default]
    Inspect,
    /// A trainee's self-assessment quiz.
    Quiz,
    /// Scoring against an expert's reference review (质检校准).
    Calibrate,
}

/// Which rubric, exactly, was scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RubricRef {
    pub id: Id,
    pub version: String,
    /// `sha256:<hex>` of the rubric text as loaded.
    #[schemars(regex(pattern = r"^sha256:[0-9a-f]{64}$"))]
    pub digest: String,
}

/// Who reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Reviewer {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The software that produced the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Client {
    pub name: String,
    pub version: String,
}

impl Default for Client {
    /// This crate.
    fn default() -> Self {
        Client {
            name: env!("CARGO_PKG_NAME").to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }
}

/// A submitted review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "review/v1")]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub format: ReviewFormat,
    /// UUID v4, made once per review; also the `Idempotency-Key` when it is sent.
    pub review_id: Uuid,
    pub rubric: RubricRef,
    #[serde(default)]
    pub mode: Mode,
    /// Whatever the host passed in: agent id, call id, recording URL, …
    #[serde(default)]
    pub context: IndexMap<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<Reviewer>,
    pub answers: Answers,
    /// The overall comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub score: Score,
    /// RFC 3339 timestamps.
    pub started_at: String,
    pub submitted_at: String,
    pub client: Client,
    /// Quiz mode: how the attempt went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiz: Option<QuizAttempt>,
    /// Calibration mode: the comparison with the expert's review of the same call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Calibration>,
}

impl Review {
    /// A review in `inspect` mode of `answers`, with the `score` the engine gave them,
    /// against the rubric `rubric`, started and submitted at the RFC 3339 timestamps
    /// given; no context, reviewer or comment until the `with_` methods add them.
    pub fn new(
        review_id: Uuid,
        rubric: RubricRef,
        answers: Answers,
        score: Score,
        started_at: String,
        submitted_at: String,
    ) -> Review {
        Review {
            format: ReviewFormat::V1,
            review_id,
            rubric,
            mode: Mode::Inspect,
            context: IndexMap::new(),
            reviewer: None,
            answers,
            comment: None,
            score,
            started_at,
            submitted_at,
            client: Client::default(),
            quiz: None,
            calibration: None,
        }
    }

    pub fn with_mode(mut self, mode: Mode) -> Review {
        self.mode = mode;
        self
    }

    pub fn with_context(mut self, context: IndexMap<String, Value>) -> Review {
        self.context = context;
        self
    }

    pub fn with_reviewer(mut self, reviewer: Option<Reviewer>) -> Review {
        self.reviewer = reviewer;
        self
    }

    /// The overall comment; one that is blank is none.
    pub fn with_comment(mut self, comment: &str) -> Review {
        self.comment = Some(comment.to_owned()).filter(|c| !c.trim().is_empty());
        self
    }

    pub fn with_quiz(mut self, quiz: Option<QuizAttempt>) -> Review {
        self.quiz = quiz;
        self
    }

    pub fn with_calibration(mut self, calibration: Option<Calibration>) -> Review {
        self.calibration = calibration;
        self
    }
}

/// What a review's problems say was expected.
const REVIEW: &str = "a review/v1 document";

impl Review {
    /// Read a review from JSON text; a problem names its path.
    pub fn from_json(text: &str) -> Result<Review, Problems> {
        deserialize_text(text, &JsonPath::root(), REVIEW)
    }

    pub fn from_value(value: Value) -> Result<Review, Problems> {
        deserialize(&value, &JsonPath::root(), REVIEW)
    }
}

/// Why a submitted review does not verify against its rubric.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VerifyError {
    #[error("the answers do not fit the rubric:\n{0}")]
    Answers(Problems),
    #[error("the submitted score does not match the re-computed one: {}", .0.join("; "))]
    Score(Vec<String>),
    #[error("the calibration does not match the re-computed comparison with its reference: {}", .0.join("; "))]
    Calibration(Vec<String>),
}

impl Review {
    /// Re-score the review's answers with its rubric (`scorer`) and compare the result
    /// with the score it carries: what a backend does before trusting a review.
    pub fn verify(&self, scorer: &Scorer) -> Result<Score, VerifyError> {
        let score = scorer.score(&self.answers).map_err(VerifyError::Answers)?;
        let differences = self.score.differences(&score);
        if differences.is_empty() {
            Ok(score)
        } else {
            Err(VerifyError::Score(differences))
        }
    }

    /// Re-compute a calibration review's comparison with its `reference` (the expert's
    /// review it names), with the `tolerance` the verifier holds (never the client's),
    /// and compare it with what the review claims, its tolerance included. A review
    /// without a calibration passes.
    pub fn verify_calibration(
        &self,
        scorer: &Scorer,
        reference: &Review,
        tolerance: f64,
    ) -> Result<(), VerifyError> {
        let Some(claimed) = &self.calibration else {
            return Ok(());
        };
        if reference.rubric.id != self.rubric.id || reference.rubric.version != self.rubric.version
        {
            return Err(VerifyError::Calibration(vec![format!(
                "calibration.reference_review_id: review {} is of rubric {}@{}, not {}@{}",
                reference.review_id,
                reference.rubric.id,
                reference.rubric.version,
                self.rubric.id,
                self.rubric.version
            )]));
        }
        let expected = compare(scorer, &self.answers, &reference.answers, tolerance)
            .map_err(VerifyError::Answers)?
            .summary(reference.review_id);
        let differences = claimed.differences(&expected);
        if differences.is_empty() {
            Ok(())
        } else {
            Err(VerifyError::Calibration(differences))
        }
    }
}

impl Review {
    /// A context field as text: strings as they are (none when empty), numbers
    /// written out (`1024` → `"1024"`), anything else none.
    pub fn context_text(&self, key: &str) -> Option<String> {
        match self.context.get(key)? {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

impl RubricRef {
    /// The reference to a rubric loaded from `text`.
    pub fn new(rubric: &Rubric, text: &str) -> Self {
        RubricRef {
            id: rubric.id.clone(),
            version: rubric.version.clone(),
            digest: digest(text),
        }
    }
}

/// `sha256:<hex>` of a document's exact text.
pub fn digest(text: &str) -> String {
    let hash = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in hash.iter() {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn digest_is_sha256_hex() {
        assert_eq!(
            digest("abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
