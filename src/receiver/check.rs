//! Every check a review passes before it is stored: its identity (a canonical
//! UUID), its timestamps, the blocks its mode allows, the caller's right to submit
//! it, and the engine's re-computation of its score and calibration.

use serde_json::Value;

use super::AppState;
use super::api::ApiError;
use super::auth::{Caller, Role};
use super::row::NewReview;
use crate::core::time::{is_strict_rfc3339, rfc3339_ms};
use crate::core::{Mode, Review, VerifyError};

/// The longest quiz attempt or limit accepted, in seconds (a week).
const MAX_QUIZ_SECONDS: u64 = 7 * 24 * 3_600;

/// A review that passed every check, ready to store.
pub struct Accepted {
    pub row: NewReview,
    pub warnings: Vec<String>,
}

fn invalid(problems: Vec<String>) -> ApiError {
    ApiError::Invalid {
        message: "the document is not a valid review/v1".to_owned(),
        problems,
    }
}

/// `review_id` in the canonical form of an RFC 9562 UUID (lowercase, hyphenated),
/// neither nil nor max: the form uniqueness and idempotency are on.
pub fn canonical_id(value: &Value) -> Result<String, ApiError> {
    let problem = |p: String| invalid(vec![p]);
    let raw = match value.get("review_id") {
        Some(Value::String(raw)) => raw,
        Some(other) => {
            return Err(problem(format!(
                "review_id: expected a UUID, found {other}"
            )));
        }
        None => return Err(problem("review_id: missing".to_owned())),
    };
    let uuid = uuid::Uuid::try_parse(raw)
        .map_err(|_| problem(format!("review_id: expected a UUID, found {raw:?}")))?;
    let canonical = uuid.hyphenated().to_string();
    if uuid.is_nil() || uuid.is_max() {
        return Err(problem(format!(
            "review_id: the {} UUID is not a review id",
            if uuid.is_nil() { "nil" } else { "max" }
        )));
    }
    if uuid.get_variant() != uuid::Variant::RFC4122 {
        return Err(problem(format!(
            "review_id: {raw:?} is not an RFC 9562 UUID (its variant bits)"
        )));
    }
    if *raw != canonical {
        return Err(problem(format!(
            "review_id: write the UUID in its canonical form {canonical:?}, not {raw:?}"
        )));
    }
    Ok(canonical)
}

/// The timestamps' problems: strict RFC 3339 from 1970, started before submitted,
/// submitted no later than the receiver's clock plus the allowed skew.
fn time_problems(review: &Review, now_ms: i64, skew_ms: i64) -> Vec<String> {
    let read = |field: &str, text: &str| match Some(text)
        .filter(|t| is_strict_rfc3339(t))
        .and_then(rfc3339_ms)
    {
        Some(ms) if ms >= 0.0 => Ok(ms as i64),
        Some(_) => Err(format!("{field}: {text:?} is before 1970")),
        None => Err(format!(
            "{field}: expected an RFC 3339 timestamp like 2026-11-23T08:06:41Z, found {text:?}"
        )),
    };
    let (started, submitted) = (
        read("started_at", &review.started_at),
        read("submitted_at", &review.submitted_at),
    );
    let mut problems = Vec::new();
    match (started, submitted) {
        (Ok(started), Ok(submitted)) => {
            if started > submitted {
                problems.push(format!(
                    "started_at: {} is after submitted_at {}",
                    review.started_at, review.submitted_at
                ));
            }
            if submitted > now_ms + skew_ms {
                problems.push(format!(
                    "submitted_at: {} is in the future (this receiver's clock reads {}; a skew of {} s is allowed)",
                    review.submitted_at,
                    jiff::Timestamp::from_millisecond(now_ms).map_or_else(|_| now_ms.to_string(), |t| t.to_string()),
                    skew_ms / 1000
                ));
            }
        }
        (a, b) => problems.extend([a.err(), b.err()].into_iter().flatten()),
    }
    problems
}

/// Blocks outside their mode, and numbers out of bounds.
fn mode_problems(review: &Review) -> Vec<String> {
    let mut problems = Vec::new();
    if review.quiz.is_some() && review.mode != Mode::Quiz {
        problems.push("quiz: only a review in mode \"quiz\" carries a quiz block".to_owned());
    }
    if review.calibration.is_some() && review.mode != Mode::Calibrate {
        problems.push(
            "calibration: only a review in mode \"calibrate\" carries a calibration block"
                .to_owned(),
        );
    }
    if let Some(quiz) = &review.quiz {
        if quiz.time_taken_s > MAX_QUIZ_SECONDS {
            problems.push(format!(
                "quiz.time_taken_s: {} is more than a week ({MAX_QUIZ_SECONDS} s)",
                quiz.time_taken_s
            ));
        }
        if quiz
            .time_limit_s
            .is_some_and(|l| u64::from(l) > MAX_QUIZ_SECONDS)
        {
            problems.push(format!(
                "quiz.time_limit_s: more than a week ({MAX_QUIZ_SECONDS} s)"
            ));
        }
    }
    problems
}

/// Whether `caller` may submit `review`: inspectors and trainees only as themselves
/// (trainees only quizzes), supervisors for anyone, agents and admins never.
fn may_submit(caller: &Caller, review: &Review) -> Result<(), ApiError> {
    let Caller::User { subject, role } = caller else {
        return Ok(());
    };
    let forbidden = |message: String| Err(ApiError::Forbidden { message });
    let reviewer = review.reviewer.as_ref().map(|r| r.id.as_str());
    match role {
        Role::Supervisor => Ok(()),
        Role::Agent | Role::Admin => {
            forbidden(format!("the role {} cannot submit reviews", role.as_str()))
        }
        Role::Trainee if review.mode != Mode::Quiz => {
            forbidden("a trainee submits only quiz attempts (mode \"quiz\")".to_owned())
        }
        _ if reviewer != Some(subject.as_str()) => forbidden(format!(
            "reviewer.id: {} is not you ({subject}); an {} submits only their own reviews",
            reviewer.map_or("missing".to_owned(), |r| format!("{r:?}")),
            role.as_str()
        )),
        _ => Ok(()),
    }
}

fn rejected(e: VerifyError) -> ApiError {
    let (message, problems) = match e {
        VerifyError::Answers(problems) => (
            "the answers do not fit the rubric",
            problems.iter().map(ToString::to_string).collect(),
        ),
        VerifyError::Score(differences) => (
            "the submitted score does not match the re-computed one (a stale or tampered client)",
            differences,
        ),
        VerifyError::Calibration(differences) => (
            "the calibration does not match the re-computed comparison with the reference review",
            differences,
        ),
    };
    ApiError::Invalid {
        message: message.to_owned(),
        problems,
    }
}

/// Every check of a review against the contract, the caller, the rubric it names
/// and, for a calibration, the reference review it names (its stored document, if
/// any). The row carries the engine's score.
pub fn check(
    state: &AppState,
    caller: &Caller,
    value: Value,
    reference: Option<&str>,
) -> Result<Accepted, ApiError> {
    let review = Review::from_value(value)
        .map_err(|problems| invalid(problems.iter().map(ToString::to_string).collect()))?;
    let now_ms = jiff::Timestamp::now().as_millisecond();
    let skew_ms = i64::try_from(state.config.clock_skew.as_millis()).unwrap_or(i64::MAX);
    let mut problems = time_problems(&review, now_ms, skew_ms);
    problems.extend(mode_problems(&review));
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    may_submit(caller, &review)?;
    let (id, version) = (review.rubric.id.as_str(), review.rubric.version.as_str());
    let known = state.rubrics.get(id, version).ok_or_else(|| {
        let known = state.rubrics.names().join(", ");
        ApiError::invalid(format!(
            "unknown rubric {id}@{version}; this receiver knows: {known}"
        ))
    })?;
    let score = review.verify(&known.scorer).map_err(rejected)?;
    let mut warnings = Vec::new();
    if let Some(calibration) = &review.calibration {
        let tolerance = state.config.calibration_tolerance;
        calibrate(
            &known.scorer,
            tolerance,
            &review,
            calibration,
            reference,
            &mut warnings,
        )?;
    }
    let digest_matches = review.rubric.digest == known.digest;
    if !digest_matches {
        warnings.push(format!(
            "the review was scored against rubric text {} but this receiver has {} for {id}@{version}; the scores agree",
            review.rubric.digest, known.digest
        ));
    }
    let mut row = NewReview::new(review, score, digest_matches);
    row.received_by = caller.subject().map(str::to_owned);
    Ok(Accepted { row, warnings })
}

/// A calibration is re-computed with the receiver's tolerance against the expert's
/// review it names, when that review is stored here; otherwise it is accepted with a
/// warning. The client's tolerance must be the receiver's either way.
fn calibrate(
    scorer: &crate::core::Scorer,
    tolerance: f64,
    review: &Review,
    calibration: &crate::core::Calibration,
    reference: Option<&str>,
    warnings: &mut Vec<String>,
) -> Result<(), ApiError> {
    match reference.map(Review::from_json) {
        Some(Ok(reference)) => review
            .verify_calibration(scorer, &reference, tolerance)
            .map_err(rejected),
        Some(Err(_)) | None if calibration.tolerance != tolerance => {
            Err(rejected(VerifyError::Calibration(vec![format!(
                "calibration.tolerance: {} → {}",
                Value::from(calibration.tolerance),
                Value::from(tolerance)
            )])))
        }
        Some(Err(_)) | None => {
            warnings.push(format!(
                "calibration: the reference review {} is not stored here, so the comparison was not checked",
                calibration.reference_review_id
            ));
            Ok(())
        }
    }
}
