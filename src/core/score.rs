//! The scoring engine (CONTRACT §2), identical in the browser and on a server.
//!
//! A [`Scorer`] compiles a validated rubric once: item positions, the sections they
//! belong to, `show_if` targets and each item's possible points. Answers are then
//! resolved against it ([`Scorer::resolve`], which is also where answers are
//! validated) into one slot per item, and scoring walks those slots without looking
//! anything up by name — the UI re-scores on every click and a backend re-scores
//! every submitted review.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::de::Deserializer;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::answers::Answers;
use super::error::{JsonPath, Problem, Problems, describe};
use super::round::round_half_away;
use super::rubric::{Bound, Critical, Id, Item, ItemKind, Method, Rubric};

/// Item figures in the trace are exact to this many decimals (beyond any `precision`),
/// which hides binary noise such as 0.30000000000000004.
const TRACE_DECIMALS: u8 = 6;

/// A compiled, validated rubric, ready to score answers.
#[derive(Debug, Clone)]
pub struct Scorer {
    rubric: Rubric,
    plan: Vec<PlanItem>,
    by_id: HashMap<Id, usize>,
    /// Each section's item positions.
    sections: Vec<std::ops::Range<usize>>,
}

#[derive(Debug, Clone)]
struct PlanItem {
    section: usize,
    item: usize,
    possible: f64,
    /// A `multi` whose options deduct (all ≤ 0).
    deduction: bool,
    show_if: Option<Condition>,
}

/// A compiled `show_if`: the target's position and which of its values show the item.
#[derive(Debug, Clone)]
struct Condition {
    target: usize,
    pass: bool,
    fail: bool,
    options: Vec<bool>,
}

/// An answer resolved against its item.
#[derive(Debug, Clone, PartialEq)]
enum Slot {
    Empty,
    Na,
    Check(bool),
    Choice(usize),
    Multi(Vec<usize>),
    Count(u64),
    Number(f64),
    Text,
}

/// Answers resolved and validated against one rubric: one slot per item.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    slots: Vec<Slot>,
    warnings: Vec<Problem>,
}

impl Resolved {
    /// Things accepted but worth a look, e.g. N/A on an item that does not offer N/A.
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }
}

/// What became of an item (CONTRACT §2, `items`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ItemStatus {
    /// Shown, answered and scored.
    Scored,
    /// Marked not applicable.
    Na,
    /// Hidden by its `show_if`.
    Hidden,
    /// Required, shown and unanswered.
    Missing,
    /// Optional and unanswered.
    Unanswered,
    /// A text item: never scored.
    Unscored,
}

/// One item's line in the trace behind the number.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemTrace {
    pub id: Id,
    pub status: ItemStatus,
    /// Scored items: points earned.
    pub earned: Option<f64>,
    /// Scored items: points possible (0 for bonus items).
    pub possible: Option<f64>,
    /// The critical scope this answer triggered, if any.
    pub critical: Option<Critical>,
}

/// The per-item trace, serialized as an object keyed by item id in rubric order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemTraces(pub Vec<ItemTrace>);

impl ItemTraces {
    pub fn get(&self, id: &str) -> Option<&ItemTrace> {
        self.0.iter().find(|t| &*t.id == id)
    }
}

/// A section's contribution to the total, in total-points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SectionScore {
    pub id: Id,
    /// null when the section is not applicable.
    pub score: Option<f64>,
    pub max: f64,
    /// score / max × 100; null when max is 0.
    pub percent: Option<f64>,
    /// A `critical: "section"` fired in it.
    pub fatal: bool,
    pub applicable: bool,
}

/// The score object of CONTRACT §2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Score {
    /// null when nothing is scorable.
    pub total: Option<f64>,
    pub max: f64,
    pub percent: Option<f64>,
    /// The grade label, in the rubric's locale.
    pub grade: Option<String>,
    /// null when the rubric has no pass mark or the total is null.
    pub passed: Option<bool>,
    /// A `critical: "form"` fired: the total is 0.
    pub fatal: bool,
    /// No required, shown item is unanswered.
    pub complete: bool,
    /// Required, shown, unanswered items, in rubric order.
    pub missing: Vec<Id>,
    pub sections: Vec<SectionScore>,
    pub items: ItemTraces,
}

impl Score {
    /// The reported fields where `self` (e.g. a submitted score) and `other` (the
    /// re-computed one) disagree, as `field: self → other`. The trace is not compared:
    /// it explains the number, it is not the number.
    pub fn differences(&self, other: &Score) -> Vec<String> {
        let fields = [
            "total", "max", "percent", "grade", "passed", "fatal", "complete", "missing",
            "sections",
        ];
        field_differences(self, other, "", &fields)
    }
}

/// The listed fields whose JSON differs between `claimed` and `expected` (re-computed),
/// as "field: claimed → expected" (an absent field reads as null).
pub(crate) fn field_differences<T: Serialize>(
    claimed: &T,
    expected: &T,
    prefix: &str,
    fields: &[&str],
) -> Vec<String> {
    let (a, b) = (
        serde_json::to_value(claimed).unwrap_or(Value::Null),
        serde_json::to_value(expected).unwrap_or(Value::Null),
    );
    fields
        .iter()
        .filter_map(|field| {
            let (x, y) = (
                a.get(field).unwrap_or(&Value::Null),
                b.get(field).unwrap_or(&Value::Null),
            );
            (x != y).then(|| format!("{prefix}{field}: {x} → {y}"))
        })
        .collect()
}

/// The unrounded figures behind a [`Score`], for reports and for checking the
/// invariants (section scores add up to the base).
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    /// The method's base total; `None` when undefined (nothing applicable).
    pub base: Option<f64>,
    /// Points earned by applicable bonus items.
    pub bonus: f64,
    pub bonus_applicable: bool,
    /// Any `critical` (form or section) fired.
    pub critical_fired: bool,
    pub fatal: bool,
    /// The final total before rounding.
    pub total: Option<f64>,
    pub sections: Vec<SectionBreakdown>,
    pub items: Vec<ItemTrace>,
    pub missing: Vec<Id>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SectionBreakdown {
    pub score: Option<f64>,
    pub max: f64,
    pub fatal: bool,
    pub applicable: bool,
    /// Earned, possible and lost points over its applicable non-bonus items.
    pub earned: f64,
    pub possible: f64,
    pub lost: f64,
}

impl Scorer {
    /// Compile a rubric, validating it first.
    pub fn new(rubric: Rubric) -> Result<Scorer, Problems> {
        rubric.validate()?;
        Ok(Scorer::compile(rubric))
    }

    /// Parse, validate and compile a rubric from its JSON text.
    pub fn from_json(text: &str) -> Result<Scorer, Problems> {
        Rubric::from_json(text).map(Scorer::compile)
    }

    /// Compile a rubric already validated by `Rubric::from_*`.
    fn compile(rubric: Rubric) -> Scorer {
        let mut by_id = HashMap::new();
        let mut plan = Vec::new();
        let mut sections = Vec::with_capacity(rubric.sections.len());
        for (s, section) in rubric.sections.iter().enumerate() {
            sections.push(plan.len()..plan.len() + section.items.len());
            for (i, item) in section.items.iter().enumerate() {
                let show_if = item.show_if.as_ref().and_then(|cond| {
                    let target = *by_id.get(cond.item.as_str())?;
                    let target_item = item_at(&rubric, &plan, target)?;
                    let has = |v: &str| cond.values.iter().any(|x| x == v);
                    Some(Condition {
                        target,
                        pass: has("pass"),
                        fail: has("fail"),
                        options: target_item.options().iter().map(|o| has(&o.id)).collect(),
                    })
                });
                let deduction = matches!(&item.kind, ItemKind::Multi { options, .. }
                    if options.iter().any(|o| o.points < 0.0));
                by_id.entry(item.id.clone()).or_insert(plan.len());
                plan.push(PlanItem {
                    section: s,
                    item: i,
                    possible: item.possible(),
                    deduction,
                    show_if,
                });
            }
        }
        Scorer {
            rubric,
            plan,
            by_id,
            sections,
        }
    }

    pub fn rubric(&self) -> &Rubric {
        &self.rubric
    }

    /// The number of items in the rubric.
    pub fn len(&self) -> usize {
        self.plan.len()
    }

    pub fn is_empty(&self) -> bool {
        self.plan.is_empty()
    }

    /// An item's position in rubric order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// An item by its id (in constant time, unlike [`Rubric::item`]).
    pub fn item_by_id(&self, id: &str) -> Option<&Item> {
        self.item(self.position(id)?)
    }

    /// The item at a position in rubric order.
    pub fn item(&self, pos: usize) -> Option<&Item> {
        item_at(&self.rubric, &self.plan, pos)
    }

    /// The positions of a section's items, in order.
    pub fn section_items(&self, section: usize) -> std::ops::Range<usize> {
        self.sections.get(section).cloned().unwrap_or(0..0)
    }

    /// Validate answers against the rubric and resolve them; every problem is
    /// reported with its path (`answers.<item>.value`, …).
    pub fn resolve(&self, answers: &Answers) -> Result<Resolved, Problems> {
        let mut slots = vec![Slot::Empty; self.plan.len()];
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let base = JsonPath::field("answers");
        for (key, answer) in answers.iter() {
            let path = base.key(key);
            let Some(pos) = self.position(key) else {
                let expected = format!("the id of an item of rubric {}", self.rubric.id);
                problems.push(Problem::invalid(
                    path,
                    expected,
                    describe(&Value::from(key.as_str())),
                ));
                continue;
            };
            let Some(item) = item_at(&self.rubric, &self.plan, pos) else {
                continue;
            };
            check_tags(item, &answer.tags, &path.key("tags"), &mut problems);
            // CONTRACT §1 rejects an answer for an unknown option, a wrong type or a
            // broken limit — not for N/A on an item whose rubric offers no N/A control
            // (the shared example support-qa-weighted.na does exactly that). It counts
            // as N/A, with a warning.
            if answer.na && !item.na_allowed() {
                warnings.push(Problem::note(
                    path.key("na"),
                    "the rubric offers no N/A on this item; counted as N/A",
                ));
            }
            let slot = match &answer.value {
                Some(value) => resolve_value(item, value, &path.key("value"), &mut problems),
                None => Slot::Empty,
            };
            slots[pos] = if answer.na { Slot::Na } else { slot };
        }
        if problems.is_empty() {
            Ok(Resolved { slots, warnings })
        } else {
            Err(Problems(problems))
        }
    }

    /// Nothing answered yet (always valid).
    pub fn blank(&self) -> Resolved {
        Resolved {
            slots: vec![Slot::Empty; self.plan.len()],
            warnings: Vec::new(),
        }
    }

    /// Validate and score answers.
    pub fn score(&self, answers: &Answers) -> Result<Score, Problems> {
        Ok(self.score_resolved(&self.resolve(answers)?))
    }

    /// Score answers already resolved against this scorer.
    pub fn score_resolved(&self, resolved: &Resolved) -> Score {
        self.round(self.breakdown(resolved))
    }

    /// The unrounded computation of CONTRACT §2.
    pub fn breakdown(&self, resolved: &Resolved) -> Breakdown {
        let rubric = &self.rubric;
        let max = rubric.scoring.max();
        let n_sections = rubric.sections.len();
        let mut acc = vec![Acc::default(); n_sections];
        let mut visible = vec![false; self.plan.len()];
        let mut items = Vec::with_capacity(self.plan.len());
        let mut missing = Vec::new();
        let (mut bonus, mut bonus_applicable, mut form_fired) = (0.0, false, false);

        for (pos, step) in self.plan.iter().enumerate() {
            let Some(item) = item_at(rubric, &self.plan, pos) else {
                continue;
            };
            let slot = resolved.slots.get(pos).unwrap_or(&Slot::Empty);
            let shown = step.show_if.as_ref().is_none_or(|c| {
                visible.get(c.target).copied().unwrap_or(false)
                    && resolved.slots.get(c.target).is_some_and(|s| c.shows(s))
            });
            visible[pos] = shown;
            let mut trace = ItemTrace {
                id: item.id.clone(),
                status: ItemStatus::Hidden,
                earned: None,
                possible: None,
                critical: None,
            };
            trace.status = match slot {
                _ if !shown => ItemStatus::Hidden,
                Slot::Na => ItemStatus::Na,
                Slot::Empty if item.is_required() => {
                    missing.push(item.id.clone());
                    ItemStatus::Missing
                }
                Slot::Empty => ItemStatus::Unanswered,
                _ if !item.is_scored() => ItemStatus::Unscored,
                _ => match evaluate(item, step, slot) {
                    Some((earned, possible, critical)) => {
                        let a = &mut acc[step.section];
                        if item.is_bonus() {
                            bonus += earned;
                            bonus_applicable = true;
                        } else {
                            a.earned += earned;
                            a.possible += possible;
                            a.lost += possible - earned;
                        }
                        match critical {
                            Some(Critical::Form) => form_fired = true,
                            Some(Critical::Section) => a.fired = true,
                            None => {}
                        }
                        trace.earned = Some(earned);
                        trace.possible = Some(if item.is_bonus() { 0.0 } else { possible });
                        trace.critical = critical;
                        ItemStatus::Scored
                    }
                    None => ItemStatus::Unanswered,
                },
            };
            items.push(trace);
        }

        let method = rubric.scoring.method;
        let applicable: Vec<bool> = acc
            .iter()
            .map(|a| method == Method::Deduct || a.possible > 0.0 || a.fired)
            .collect();
        let weight = |s: usize| rubric.sections[s].weight.unwrap_or(0.0);
        let mut scores: Vec<(Option<f64>, f64)> = vec![(None, 0.0); n_sections];
        let base = match method {
            Method::Sum => {
                let possible: f64 = acc.iter().map(|a| a.possible).sum();
                let scale = if possible > 0.0 { max / possible } else { 0.0 };
                for (s, a) in acc.iter().enumerate().filter(|(s, _)| applicable[*s]) {
                    scores[s] = (Some(a.kept() * scale), a.possible * scale);
                }
                (possible > 0.0).then(|| max * acc.iter().map(Acc::kept).sum::<f64>() / possible)
            }
            Method::Weighted => {
                let weights: f64 = (0..n_sections).filter(|s| applicable[*s]).map(weight).sum();
                let scale = if weights > 0.0 { max / weights } else { 0.0 };
                for (s, a) in acc.iter().enumerate().filter(|(s, _)| applicable[*s]) {
                    scores[s] = (Some(a.pct() * weight(s) * scale), weight(s) * scale);
                }
                (weights > 0.0).then(|| {
                    let sum: f64 = (0..n_sections)
                        .filter(|s| applicable[*s])
                        .map(|s| weight(s) * acc[s].pct())
                        .sum();
                    max * sum / weights
                })
            }
            Method::Deduct => {
                for (s, a) in acc.iter().enumerate() {
                    let kept = if a.fired {
                        0.0
                    } else {
                        (weight(s) - a.lost).max(0.0)
                    };
                    scores[s] = (Some(kept), weight(s));
                }
                Some(scores.iter().filter_map(|(score, _)| *score).sum())
            }
        };

        let critical_fired = form_fired || acc.iter().any(|a| a.fired);
        let mut total = match base {
            Some(b) => Some((b + bonus).min(max)),
            None if critical_fired => Some(0.0),
            None if bonus_applicable => Some(bonus.min(max)),
            None => None,
        };
        if form_fired {
            total = Some(0.0);
        }
        let sections = acc
            .iter()
            .zip(scores)
            .zip(applicable)
            .map(|((a, (score, max)), applicable)| SectionBreakdown {
                score,
                max,
                fatal: a.fired,
                applicable,
                earned: a.earned,
                possible: a.possible,
                lost: a.lost,
            })
            .collect();
        Breakdown {
            base,
            bonus,
            bonus_applicable,
            critical_fired,
            fatal: form_fired,
            total,
            sections,
            items,
            missing,
        }
    }

    /// Round a breakdown into the reported score.
    fn round(&self, b: Breakdown) -> Score {
        let rubric = &self.rubric;
        let p = rubric.scoring.precision();
        let max = rubric.scoring.max();
        let total = b.total.map(|t| round_half_away(t, p));
        let percent = b.total.map(|t| round_half_away(t / max * 100.0, p));
        let grade = total
            .and_then(|t| rubric.scoring.band(t, b.fatal))
            .map(|g| rubric.text(&g.label, None).to_owned());
        let passed = match (rubric.scoring.pass, total) {
            (Some(pass), Some(t)) => Some(t >= pass && !b.fatal),
            _ => None,
        };
        let sections = rubric
            .sections
            .iter()
            .zip(&b.sections)
            .map(|(section, s)| SectionScore {
                id: section.id.clone(),
                score: s.score.map(|x| round_half_away(x, p)),
                max: round_half_away(s.max, p),
                percent: match s.score {
                    Some(score) if s.max > 0.0 => Some(round_half_away(score / s.max * 100.0, p)),
                    _ => None,
                },
                fatal: s.fatal,
                applicable: s.applicable,
            })
            .collect();
        let items = b
            .items
            .into_iter()
            .map(|mut t| {
                t.earned = t.earned.map(|x| round_half_away(x, TRACE_DECIMALS));
                t.possible = t.possible.map(|x| round_half_away(x, TRACE_DECIMALS));
                t
            })
            .collect();
        Score {
            total,
            max,
            percent,
            grade,
            passed,
            fatal: b.fatal,
            complete: b.missing.is_empty(),
            missing: b.missing,
            sections,
            items: ItemTraces(items),
        }
    }
}

/// Per-section sums over applicable, non-bonus items.
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    earned: f64,
    possible: f64,
    lost: f64,
    fired: bool,
}

impl Acc {
    /// Earned points, or 0 when the section's critical fired.
    fn kept(&self) -> f64 {
        if self.fired { 0.0 } else { self.earned }
    }

    /// The section's percentage (0..=1), 0 when its critical fired or nothing counts.
    fn pct(&self) -> f64 {
        if self.fired || self.possible <= 0.0 {
            0.0
        } else {
            self.earned / self.possible
        }
    }
}

impl Condition {
    fn shows(&self, slot: &Slot) -> bool {
        let option = |i: &usize| self.options.get(*i).copied().unwrap_or(false);
        match slot {
            Slot::Check(true) => self.pass,
            Slot::Check(false) => self.fail,
            Slot::Choice(i) => option(i),
            Slot::Multi(chosen) => chosen.iter().any(option),
            _ => false,
        }
    }
}

fn item_at<'r>(rubric: &'r Rubric, plan: &[PlanItem], pos: usize) -> Option<&'r Item> {
    let step = plan.get(pos)?;
    rubric.sections.get(step.section)?.items.get(step.item)
}

/// Earned, possible and the critical scope triggered, for a shown, answered item.
fn evaluate(item: &Item, step: &PlanItem, slot: &Slot) -> Option<(f64, f64, Option<Critical>)> {
    let possible = step.possible;
    match (&item.kind, slot) {
        (ItemKind::Check { points, critical }, Slot::Check(pass)) => Some(if *pass {
            (*points, *points, None)
        } else {
            (0.0, *points, *critical)
        }),
        (ItemKind::Choice { options }, Slot::Choice(i)) => {
            let option = options.get(*i)?;
            Some((option.points, possible, option.critical))
        }
        (ItemKind::Multi { options, .. }, Slot::Multi(chosen)) => {
            let picked = || chosen.iter().filter_map(|i| options.get(*i));
            let sum: f64 = picked().map(|o| o.points).sum();
            let earned = if step.deduction {
                (possible + sum).max(0.0)
            } else {
                sum.min(possible)
            };
            Some((earned, possible, picked().filter_map(|o| o.critical).max()))
        }
        (ItemKind::Count { points, per, .. }, Slot::Count(n)) => {
            Some(((points - per * *n as f64).max(0.0), *points, None))
        }
        (ItemKind::Number { bands, .. }, Slot::Number(v)) => {
            let band = bands.iter().find(|b| b.upto.is_none_or(|u| *v <= u))?;
            Some((band.points, possible, None))
        }
        _ => None,
    }
}

fn check_tags(item: &Item, tags: &[String], path: &JsonPath, problems: &mut Vec<Problem>) {
    for (j, tag) in tags.iter().enumerate() {
        let known = item.tags.iter().any(|t| &*t.id == tag);
        let repeated = tags[..j].contains(tag);
        if !known || repeated {
            let ids: Vec<&str> = item.tags.iter().map(|t| t.id.as_str()).collect();
            let expected = if ids.is_empty() {
                format!("no tags (item {} has none)", item.id)
            } else if repeated {
                "each tag once".to_owned()
            } else {
                format!("a tag id of item {} ({})", item.id, ids.join(", "))
            };
            problems.push(Problem::invalid(
                path.index(j),
                expected,
                describe(&Value::from(tag.as_str())),
            ));
        }
    }
}

/// Check an answer value against its item and turn it into a slot.
fn resolve_value(item: &Item, value: &Value, path: &JsonPath, problems: &mut Vec<Problem>) -> Slot {
    let option_list = || {
        let ids: Vec<&str> = item.options().iter().map(|o| o.id.as_str()).collect();
        ids.join(", ")
    };
    let option_index = |v: &Value| {
        let id = v.as_str()?;
        item.options().iter().position(|o| &*o.id == id)
    };
    let mut fail = |expected: String, found: String| {
        problems.push(Problem::invalid(path.clone(), expected, found));
        Slot::Empty
    };
    match &item.kind {
        ItemKind::Check { .. } => match value.as_str() {
            Some("pass") => Slot::Check(true),
            Some("fail") => Slot::Check(false),
            _ => fail("\"pass\" or \"fail\"".into(), describe(value)),
        },
        ItemKind::Choice { .. } => match option_index(value) {
            Some(i) => Slot::Choice(i),
            None => fail(
                format!("an option id of item {} ({})", item.id, option_list()),
                describe(value),
            ),
        },
        ItemKind::Multi { .. } => {
            let Some(list) = value.as_array() else {
                return fail(
                    format!(
                        "an array of option ids of item {} ({})",
                        item.id,
                        option_list()
                    ),
                    describe(value),
                );
            };
            let mut chosen = Vec::with_capacity(list.len());
            let mut ok = true;
            for (j, v) in list.iter().enumerate() {
                match option_index(v) {
                    Some(i) if !chosen.contains(&i) => chosen.push(i),
                    Some(_) => {
                        ok = false;
                        problems.push(Problem::invalid(
                            path.index(j),
                            "each option once",
                            describe(v),
                        ));
                    }
                    None => {
                        ok = false;
                        let expected =
                            format!("an option id of item {} ({})", item.id, option_list());
                        problems.push(Problem::invalid(path.index(j), expected, describe(v)));
                    }
                }
            }
            if ok { Slot::Multi(chosen) } else { Slot::Empty }
        }
        ItemKind::Count { limit, .. } => {
            let expected = || match limit {
                Some(limit) => format!("an integer from 0 to {limit} (the item's limit)"),
                None => "an integer ≥ 0".into(),
            };
            match value.as_u64() {
                Some(n) if item.check_count(n).is_ok() => Slot::Count(n),
                _ => fail(expected(), describe(value)),
            }
        }
        ItemKind::Number { .. } => {
            let Some(v) = value.as_f64() else {
                return fail("a number".into(), describe(value));
            };
            match item.check_number(v) {
                Ok(()) => Slot::Number(v),
                Err(bound) => {
                    let expected = match bound {
                        Bound::BelowMin(lo) => format!("a number ≥ {lo} (the item's min)"),
                        Bound::AboveMax(hi) => format!("a number ≤ {hi} (the item's max)"),
                        Bound::AboveBands(top) => format!("a number ≤ {top} (no band covers more)"),
                        Bound::AboveLimit(limit) => format!("at most {limit}"),
                    };
                    fail(expected, describe(value))
                }
            }
        }
        ItemKind::Text { max_length } => match value.as_str() {
            Some(s) => {
                let len = s.chars().count() as u64;
                match max_length {
                    Some(limit) if len > *limit => fail(
                        format!("a text of at most {limit} characters"),
                        format!("{len} characters"),
                    ),
                    _ if s.is_empty() => Slot::Empty,
                    _ => Slot::Text,
                }
            }
            None => fail("a string".into(), describe(value)),
        },
    }
}

/// The JSON shape of one trace entry.
#[derive(Serialize, Deserialize, JsonSchema)]
struct TraceEntry {
    status: ItemStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    earned: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    possible: Option<f64>,
    /// Present (possibly null) on scored items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    critical: Option<Option<Critical>>,
}

impl Serialize for ItemTraces {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for t in &self.0 {
            let entry = TraceEntry {
                status: t.status,
                earned: t.earned,
                possible: t.possible,
                critical: (t.status == ItemStatus::Scored).then_some(t.critical),
            };
            map.serialize_entry(t.id.as_str(), &entry)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ItemTraces {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = indexmap::IndexMap::<String, TraceEntry>::deserialize(deserializer)?;
        Ok(ItemTraces(
            map.into_iter()
                .map(|(id, e)| ItemTrace {
                    id: Id::from(id.as_str()),
                    status: e.status,
                    earned: e.earned,
                    possible: e.possible,
                    critical: e.critical.flatten(),
                })
                .collect(),
        ))
    }
}

impl JsonSchema for ItemTraces {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ItemTraces".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <indexmap::IndexMap<String, TraceEntry>>::json_schema(generator)
    }
}
