//! Calibration (质检校准): an inspector's review of a call compared, item by item, with
//! an expert's review of the same call — and the verdict, so a backend computes the
//! same report as the widget shows.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::answers::{Answer, Answers, same_members};
use super::error::Problems;
use super::round::round_half_away;
use super::rubric::{Critical, Id, ItemKind};
use super::score::{ItemStatus, Score, Scorer};

/// How far apart two totals may be for the inspector to count as calibrated, unless
/// the configuration says otherwise.
pub const DEFAULT_TOLERANCE: f64 = 5.0;

/// One side of an item: what the reviewer answered and what it earned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Side {
    pub status: ItemStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earned: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical: Option<Critical>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ItemComparison {
    pub id: Id,
    pub mine: Side,
    pub reference: Side,
    /// The same judgement: the same value, or both N/A.
    pub agree: bool,
    /// My points minus the expert's, when both scored it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delta: Option<f64>,
    /// A critical fired in either review on this item.
    pub critical: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SectionComparison {
    pub id: Id,
    pub mine: Option<f64>,
    pub reference: Option<f64>,
    pub delta: Option<f64>,
}

/// The whole comparison (what `rubric compare` prints).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Comparison {
    pub mine_total: Option<f64>,
    pub reference_total: Option<f64>,
    /// My total minus the expert's (null when either total is null).
    pub total_delta: Option<f64>,
    /// Items judged the same, over the items judged in either review (0–1).
    pub agreement: f64,
    pub compared: usize,
    pub tolerance: f64,
    pub calibrated: bool,
    /// Why not calibrated, in words (empty when calibrated).
    pub reasons: Vec<String>,
    /// The items judged differently, in rubric order.
    pub disagreements: Vec<Id>,
    pub sections: Vec<SectionComparison>,
    pub items: Vec<ItemComparison>,
}

/// What a submitted calibration review carries (`review.calibration`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    pub reference_review_id: uuid::Uuid,
    pub total_delta: Option<f64>,
    pub agreement: f64,
    pub calibrated: bool,
    pub disagreements: Vec<Id>,
    /// The tolerance the verdict was reached with, so a backend reaches the same one.
    pub tolerance: f64,
}

impl Calibration {
    /// The fields where this calibration differs from `expected` (the re-computed one).
    pub fn differences(&self, expected: &Calibration) -> Vec<String> {
        let fields = [
            "reference_review_id",
            "total_delta",
            "agreement",
            "calibrated",
            "disagreements",
            "tolerance",
        ];
        super::score::field_differences(self, expected, "calibration.", &fields)
    }
}

/// Why a comparison is not calibrated (the reasons' words are the UI's to choose; the
/// report's are [`Reason`]'s `Display`).
#[derive(Debug, Clone, PartialEq)]
pub enum Reason<'c> {
    /// The totals differ by `delta`, more than the `tolerance`.
    TotalsDiffer { delta: f64, tolerance: f64 },
    /// Only one of the totals is scorable.
    OneTotalOnly,
    /// The reviews disagree on these items, where a critical fired in either.
    CriticalDisagreement(Vec<&'c Id>),
}

impl std::fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::TotalsDiffer { delta, tolerance } => write!(
                f,
                "the totals differ by {delta}, more than the tolerance of {tolerance}"
            ),
            Reason::OneTotalOnly => f.write_str("only one of the totals is scorable"),
            Reason::CriticalDisagreement(ids) => {
                let ids: Vec<&str> = ids.iter().map(|i| i.as_str()).collect();
                write!(f, "disagreement on a critical item: {}", ids.join(", "))
            }
        }
    }
}

impl Comparison {
    /// Items both reviewers judged the same, of the `compared`.
    pub fn agreed(&self) -> usize {
        self.compared.saturating_sub(self.disagreements.len())
    }

    /// Why this comparison is not calibrated: nothing when it is. The verdict's rules
    /// live here alone.
    pub fn why(&self) -> Vec<Reason<'_>> {
        let mut reasons = Vec::new();
        match self.total_delta {
            Some(delta) if delta.abs() > self.tolerance + 1e-9 => {
                reasons.push(Reason::TotalsDiffer {
                    delta,
                    tolerance: self.tolerance,
                })
            }
            None if self.mine_total != self.reference_total => reasons.push(Reason::OneTotalOnly),
            _ => {}
        }
        let critical: Vec<&Id> = (self.items.iter())
            .filter(|i| !i.agree && i.critical)
            .map(|i| &i.id)
            .collect();
        if !critical.is_empty() {
            reasons.push(Reason::CriticalDisagreement(critical));
        }
        reasons
    }

    /// The part of the comparison a review carries.
    pub fn summary(&self, reference_review_id: uuid::Uuid) -> Calibration {
        Calibration {
            reference_review_id,
            total_delta: self.total_delta,
            agreement: self.agreement,
            calibrated: self.calibrated,
            disagreements: self.disagreements.clone(),
            tolerance: self.tolerance,
        }
    }
}

fn side(status: ItemStatus, answer: Option<&Answer>, score: &Score, index: usize) -> Side {
    let trace = score.items.at(index);
    Side {
        status,
        value: answer.filter(|a| !a.na).and_then(|a| a.value.clone()),
        earned: trace.and_then(|t| t.earned),
        possible: trace.and_then(|t| t.possible),
        critical: trace.and_then(|t| t.critical),
        comment: answer.and_then(|a| a.comment.clone()),
    }
}

/// Two answers of one item say the same thing: both N/A, or the same value (a
/// multi's options in any order).
fn same(kind: &ItemKind, mine: &Side, reference: &Side) -> bool {
    match (mine.status, reference.status) {
        (ItemStatus::Na, ItemStatus::Na) => true,
        (ItemStatus::Na, _) | (_, ItemStatus::Na) => false,
        _ => match (kind, &mine.value, &reference.value) {
            (ItemKind::Multi { .. }, Some(Value::Array(a)), Some(Value::Array(b))) => {
                let texts = |list: &[Value]| list.iter().map(Value::to_string).collect();
                same_members::<String>(texts(a), texts(b))
            }
            (ItemKind::Count { .. } | ItemKind::Number { .. }, Some(a), Some(b)) => {
                a.as_f64() == b.as_f64()
            }
            (_, a, b) => a == b,
        },
    }
}

/// Compare my answers with the expert's, against one rubric.
pub fn compare(
    scorer: &Scorer,
    mine: &Answers,
    reference: &Answers,
    tolerance: f64,
) -> Result<Comparison, Problems> {
    let (my_score, ref_score) = (scorer.score(mine)?, scorer.score(reference)?);
    let precision = scorer.rubric().scoring.precision();
    let round = |x: f64| round_half_away(x, precision);
    let mut items = Vec::new();
    for (index, (_, item)) in scorer.rubric().items().enumerate() {
        let status = |s: &Score| {
            s.items
                .at(index)
                .map_or(ItemStatus::Unanswered, |t| t.status)
        };
        let (a, b) = (status(&my_score), status(&ref_score));
        let unjudged = |s: ItemStatus| {
            matches!(
                s,
                ItemStatus::Hidden | ItemStatus::Missing | ItemStatus::Unanswered
            )
        };
        if !item.is_scored() || (unjudged(a) && unjudged(b)) {
            continue;
        }
        let mine_side = side(a, mine.get(&item.id), &my_score, index);
        let ref_side = side(b, reference.get(&item.id), &ref_score, index);
        let delta = match (mine_side.earned, ref_side.earned) {
            (Some(x), Some(y)) => Some(round(x - y)),
            _ => None,
        };
        items.push(ItemComparison {
            id: item.id.clone(),
            agree: same(&item.kind, &mine_side, &ref_side),
            critical: mine_side.critical.is_some() || ref_side.critical.is_some(),
            delta,
            mine: mine_side,
            reference: ref_side,
        });
    }
    let disagreements: Vec<Id> = items
        .iter()
        .filter(|i| !i.agree)
        .map(|i| i.id.clone())
        .collect();
    let agreed = items.len() - disagreements.len();
    let agreement = if items.is_empty() {
        1.0
    } else {
        round_half_away(agreed as f64 / items.len() as f64, 4)
    };
    let total_delta = match (my_score.total, ref_score.total) {
        (Some(a), Some(b)) => Some(round(a - b)),
        _ => None,
    };
    let sections = my_score
        .sections
        .iter()
        .zip(ref_score.sections.iter())
        .map(|((id, a), (_, b))| SectionComparison {
            id: id.clone(),
            mine: a.score,
            reference: b.score,
            delta: a.score.zip(b.score).map(|(x, y)| round(x - y)),
        })
        .collect();
    let mut comparison = Comparison {
        mine_total: my_score.total,
        reference_total: ref_score.total,
        total_delta,
        agreement,
        compared: items.len(),
        tolerance,
        calibrated: false,
        reasons: Vec::new(),
        disagreements,
        sections,
        items,
    };
    let reasons: Vec<String> = comparison.why().iter().map(ToString::to_string).collect();
    comparison.calibrated = reasons.is_empty();
    comparison.reasons = reasons;
    Ok(comparison)
}
