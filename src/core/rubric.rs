//! The `rubric/v1` document (评分表) as Rust types.
//!
//! A `Rubric` is only ever made by [`Rubric::from_json`] / [`Rubric::from_value`]
//! (which validate every rule of docs/rubric-v1.md §1.2) or by code that then hands it to
//! [`crate::core::Scorer::new`], which validates again. Optional fields stay `Option`
//! so that writing a rubric back out gives what its author wrote.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::text::Text;

/// An identifier: `[A-Za-z0-9_.-]{1,64}`. Cheap to clone, because every score and
/// trace names items by it.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct Id(#[schemars(regex(pattern = r"^[A-Za-z0-9_.\-]{1,64}$"))] Arc<str>);

impl Id {
    /// Whether `s` is a well-formed id.
    pub fn is_valid(s: &str) -> bool {
        (1..=64).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Id {
    fn from(s: &str) -> Self {
        Id(Arc::from(s))
    }
}

impl Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The format tag, always `"rubric/v1"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub enum RubricFormat {
    #[default]
    #[serde(rename = "rubric/v1")]
    V1,
}

/// A scoring rubric (评分表).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(title = "rubric/v1")]
pub struct Rubric {
    pub format: RubricFormat,
    pub id: Id,
    /// Any non-empty string; reviews record it with the rubric's digest.
    #[schemars(length(min = 1))]
    pub version: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// The locale of the texts when a text has several (e.g. `zh-CN`); grades are
    /// reported in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    pub scoring: Scoring,
    #[schemars(length(min = 1))]
    pub sections: Vec<Section>,
}

/// How the total is computed and judged.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Scoring {
    pub method: Method,
    /// The top score, > 0; 100 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Decimals reported, 0..=4; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 4))]
    pub precision: Option<u8>,
    /// The pass mark on the (rounded) total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass: Option<f64>,
    /// Grade bands; the band with the highest `min` not above the total wins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<Grade>,
}

impl Scoring {
    pub const DEFAULT_MAX: f64 = 100.0;
    pub const DEFAULT_PRECISION: u8 = 1;

    pub fn max(&self) -> f64 {
        self.max.unwrap_or(Self::DEFAULT_MAX)
    }

    pub fn precision(&self) -> u8 {
        self.precision.unwrap_or(Self::DEFAULT_PRECISION)
    }

    /// The grade band of a (rounded) total: the band with the highest `min` not above
    /// it, or the lowest band when the review is fatal. The score reports its label in
    /// the rubric's locale; the UI shows the same band in the UI's language.
    pub fn band(&self, total: f64, fatal: bool) -> Option<&Grade> {
        self.grades.get(self.band_index(total, fatal)?)
    }

    /// The position in `grades` of [`Scoring::band`]'s grade.
    pub fn band_index(&self, total: f64, fatal: bool) -> Option<usize> {
        let by_min = |x: &(usize, &Grade), y: &(usize, &Grade)| x.1.min.total_cmp(&y.1.min);
        let grades = self.grades.iter().enumerate();
        let band = if fatal {
            grades.min_by(by_min)
        } else {
            grades.filter(|(_, g)| g.min <= total).max_by(by_min)
        };
        band.map(|(i, _)| i)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Earned over possible, scaled to `max`.
    Sum,
    /// Each section's percentage, weighted by its `weight`.
    Weighted,
    /// 扣分制: each section starts at its budget (`weight`) and loses points.
    Deduct,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Sum => "sum",
            Method::Weighted => "weighted",
            Method::Deduct => "deduct",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Grade {
    pub min: f64,
    pub label: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Section {
    pub id: Id,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// `weighted`: relative weight; `deduct`: the section's point budget (the budgets
    /// add up to `scoring.max`); `sum`: ignored. Required by `weighted` and `deduct`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub weight: Option<f64>,
    #[schemars(length(min = 1))]
    pub items: Vec<Item>,
}

/// Where a critical (致命项) failure applies.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Critical {
    /// Zeroes only its own section.
    Section,
    /// Fails the whole review (一票否决).
    Form,
}

impl Critical {
    pub fn as_str(self) -> &'static str {
        match self {
            Critical::Section => "section",
            Critical::Form => "form",
        }
    }
}

/// Show an item only while an earlier item's answer is one of `in`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ShowIf {
    pub item: Id,
    #[serde(rename = "in")]
    #[schemars(length(min = 1))]
    pub values: Vec<String>,
}

/// A root cause an inspector may pick when an item loses points.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Tag {
    pub id: Id,
    pub label: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Item {
    pub id: Id,
    pub title: Text,
    #[serde(flatten)]
    pub kind: ItemKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// How to score it, shown on demand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide: Option<Text>,
    /// The answer key's explanation, shown in quiz mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Text>,
    /// May be marked not applicable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub na: Option<bool>,
    /// Default: true, except for `text` items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<ShowIf>,
    /// 加分项: earned points go on top of the total (capped at `max`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl Item {
    pub fn na_allowed(&self) -> bool {
        self.na.unwrap_or(false)
    }

    pub fn is_required(&self) -> bool {
        self.required
            .unwrap_or(!matches!(self.kind, ItemKind::Text { .. }))
    }

    pub fn is_bonus(&self) -> bool {
        self.bonus.unwrap_or(false)
    }

    pub fn is_scored(&self) -> bool {
        !matches!(self.kind, ItemKind::Text { .. })
    }

    /// The item's possible points (its "max"), before bonus handling.
    pub fn possible(&self) -> f64 {
        match &self.kind {
            ItemKind::Check { points, .. } | ItemKind::Count { points, .. } => *points,
            ItemKind::Choice { options } => options.iter().map(|o| o.points).fold(0.0, f64::max),
            ItemKind::Multi { options, points } => {
                points.unwrap_or_else(|| options.iter().map(|o| o.points.max(0.0)).sum::<f64>())
            }
            ItemKind::Number { bands, .. } => bands.iter().map(|b| b.points).fold(0.0, f64::max),
            ItemKind::Text { .. } => 0.0,
        }
    }

    /// The option list of a `choice` or `multi` item.
    pub fn options(&self) -> &[ChoiceOption] {
        self.kind.options()
    }
}

/// Why a count or number does not fit its item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// Below the item's `min`.
    BelowMin(f64),
    /// Above the item's `max`.
    AboveMax(f64),
    /// Above every band's `upto`, and no open band.
    AboveBands(f64),
    /// More occurrences than the item's `limit`.
    AboveLimit(u64),
}

impl Item {
    /// Whether `value` is an acceptable answer to this `number` item.
    pub fn check_number(&self, value: f64) -> Result<(), Bound> {
        let ItemKind::Number {
            bands, min, max, ..
        } = &self.kind
        else {
            return Ok(());
        };
        if let Some(lo) = min.filter(|lo| value < *lo) {
            return Err(Bound::BelowMin(lo));
        }
        if let Some(hi) = max.filter(|hi| value > *hi) {
            return Err(Bound::AboveMax(hi));
        }
        match bands.last().and_then(|b| b.upto) {
            Some(top) if value > top => Err(Bound::AboveBands(top)),
            _ => Ok(()),
        }
    }

    /// The band of this `number` item a value falls in: the first whose `upto` is at
    /// least the value, else the open band (the rule the scorer compiles).
    pub fn band_of(&self, value: f64) -> Option<usize> {
        let ItemKind::Number { bands, .. } = &self.kind else {
            return None;
        };
        bands.iter().position(|b| b.upto.is_none_or(|u| value <= u))
    }

    /// Whether `n` occurrences is an acceptable answer to this `count` item.
    pub fn check_count(&self, n: u64) -> Result<(), Bound> {
        match &self.kind {
            ItemKind::Count {
                limit: Some(limit), ..
            } if n > *limit => Err(Bound::AboveLimit(*limit)),
            _ => Ok(()),
        }
    }
}

/// The kinds of item and their fields (docs/rubric-v1.md §1.1).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ItemKind {
    /// Pass/fail. `"pass"` earns `points`.
    Check {
        #[schemars(range(min = 0))]
        points: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        critical: Option<Critical>,
    },
    /// One option; earns its points out of the best option's.
    Choice {
        #[schemars(length(min = 1))]
        options: Vec<ChoiceOption>,
    },
    /// Several options: a checklist (points all ≥ 0) or a deduction list (all ≤ 0).
    Multi {
        #[schemars(length(min = 1))]
        options: Vec<ChoiceOption>,
        /// The item's max: default the sum of a checklist's points; required for a
        /// deduction list.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(range(min = 0))]
        points: Option<f64>,
    },
    /// Occurrences of a fault, each losing `per` out of `points`.
    Count {
        #[schemars(range(min = 0))]
        points: f64,
        #[schemars(range(min = 0))]
        per: f64,
        /// The largest count accepted.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        limit: Option<u64>,
    },
    /// A measured value scored by bands (e.g. seconds of silence).
    Number {
        #[schemars(length(min = 1))]
        bands: Vec<Band>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<Text>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// Free text; never scored.
    Text {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(range(min = 1))]
        max_length: Option<u64>,
    },
}

impl ItemKind {
    pub const NAMES: &'static [&'static str] =
        &["check", "choice", "multi", "count", "number", "text"];

    /// The option list of a `choice` or `multi` item; empty for other kinds.
    pub fn options(&self) -> &[ChoiceOption] {
        match self {
            ItemKind::Choice { options } | ItemKind::Multi { options, .. } => options,
            _ => &[],
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            ItemKind::Check { .. } => "check",
            ItemKind::Choice { .. } => "choice",
            ItemKind::Multi { .. } => "multi",
            ItemKind::Count { .. } => "count",
            ItemKind::Number { .. } => "number",
            ItemKind::Text { .. } => "text",
        }
    }
}

/// An option of a `choice` or `multi` item.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ChoiceOption {
    pub id: Id,
    pub label: Text,
    /// ≥ 0, except in a `multi` deduction list where all are ≤ 0.
    pub points: f64,
    /// Choosing this option is a critical failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical: Option<Critical>,
    /// Part of the answer key for quiz mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Text>,
}

/// A scoring band of a `number` item: values up to `upto` (inclusive) earn `points`;
/// the last band may omit `upto` to catch everything above.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Band {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upto: Option<f64>,
    #[schemars(range(min = 0))]
    pub points: f64,
}

impl Rubric {
    /// Every item in document order, with the index of its section.
    pub fn items(&self) -> impl Iterator<Item = (usize, &Item)> {
        self.sections
            .iter()
            .enumerate()
            .flat_map(|(s, section)| section.items.iter().map(move |item| (s, item)))
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items()
            .map(|(_, item)| item)
            .find(|item| &*item.id == id)
    }

    /// A text in the UI locale, falling back to this rubric's locale.
    pub fn text<'a>(&self, text: &'a Text, ui: Option<&str>) -> &'a str {
        text.get(ui, self.locale.as_deref())
    }
}
