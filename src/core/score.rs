//! The scoring engine (docs/rubric-v1.md §2), identical in the browser and on a server.
//!
//! A [`Scorer`] compiles a validated rubric once: item positions, the sections they
//! belong to, `show_if` targets and each item's possible points. Answers are then
//! resolved against it ([`Scorer::resolve`], which is also where answers are
//! validated) into one slot per item, and scoring walks those slots without looking
//! anything up by name — the UI re-scores on every click and a backend re-scores
//! every submitted review.

use foldhash::HashMap;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::de::Deserializer;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::answers::Answers;
use super::error::{JsonPath, Problem, Problems, describe};
use super::round::{MAX_EXACT, round_half_away};
use super::rubric::{Bound, Critical, Id, Item, ItemKind, Method, Rubric};

/// Item figures in the trace are exact to this many decimals (beyond any `precision`),
/// which hides binary noise such as 0.30000000000000004.
const TRACE_DECIMALS: u8 = 6;

/// A compiled, validated rubric, ready to score answers.
#[derive(Debug, Clone)]
pub struct Scorer {
    rubric: Rubric,
    plan: Vec<PlanItem>,
    /// Every item's id in rubric order, shared by the traces of every score.
    ids: Arc<[Id]>,
    /// Every section's id in rubric order, shared by every score.
    section_ids: Arc<[Id]>,
    /// Each grade's label in the rubric's locale.
    grade_labels: Vec<String>,
    by_id: HashMap<Id, usize>,
    /// Each section's item positions.
    sections: Vec<std::ops::Range<usize>>,
    /// The points and critical scope of every option of every choice and multi item,
    /// and the bands of every number item, packed: a [`Rule`] refers to a run of them.
    options: Vec<(f64, Option<Critical>)>,
    bands: Vec<(Option<f64>, f64)>,
}

/// What scoring needs of one item, compact and in rubric order, so scoring a review
/// walks one array instead of the rubric's (large) item records.
#[derive(Debug, Clone)]
struct PlanItem {
    section: usize,
    item: usize,
    possible: f64,
    rule: Rule,
    required: bool,
    bonus: bool,
    /// Every figure this item can put in the trace is a rubric constant already exact
    /// to `TRACE_DECIMALS` (so the trace needs no rounding for it).
    trace_exact: bool,
    show_if: Option<Condition>,
}

/// How an item's answer earns points: `ItemKind` without the texts.
#[derive(Debug, Clone, Copy)]
enum Rule {
    Check {
        points: f64,
        critical: Option<Critical>,
    },
    /// `Scorer::options[start..start + len]`.
    Choice {
        start: usize,
        len: usize,
    },
    /// A deduction list when its options deduct (all ≤ 0).
    Multi {
        start: usize,
        len: usize,
        deduction: bool,
    },
    Count {
        points: f64,
        per: f64,
    },
    /// `Scorer::bands[start..start + len]`.
    Number {
        start: usize,
        len: usize,
    },
    Text,
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

/// What became of an item (docs/rubric-v1.md §2, `items`).
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

impl ItemStatus {
    /// The name the trace writes (`scored`, `na`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Scored => "scored",
            ItemStatus::Na => "na",
            ItemStatus::Hidden => "hidden",
            ItemStatus::Missing => "missing",
            ItemStatus::Unanswered => "unanswered",
            ItemStatus::Unscored => "unscored",
        }
    }
}

/// One item's line in the trace behind the number (its id is in [`ItemTraces`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemTrace {
    pub status: ItemStatus,
    /// Scored items: points earned.
    pub earned: Option<f64>,
    /// Scored items: points possible (0 for bonus items).
    pub possible: Option<f64>,
    /// The critical scope this answer triggered, if any.
    pub critical: Option<Critical>,
}

/// One line per item (or section) in rubric order, with its id. The ids are shared
/// with the [`Scorer`] that made the score (one reference count per score, not one per
/// line: a server re-scores every review it receives).
#[derive(Debug, Clone, Default)]
pub struct Keyed<T> {
    ids: Arc<[Id]>,
    entries: Vec<T>,
}

/// The per-item trace, serialized as an object keyed by item id in rubric order.
pub type ItemTraces = Keyed<ItemTrace>;

/// Every section's contribution, in rubric order, serialized as an array of objects
/// with their `id`.
pub type SectionScores = Keyed<SectionScore>;

impl<T> Keyed<T> {
    /// A line, by id.
    pub fn get(&self, id: &str) -> Option<&T> {
        let pos = self.ids.iter().position(|x| &**x == id)?;
        self.entries.get(pos)
    }

    /// The line at a position in rubric order.
    pub fn at(&self, pos: usize) -> Option<&T> {
        self.entries.get(pos)
    }

    /// Every line with its id, in rubric order.
    pub fn iter(&self) -> impl Iterator<Item = (&Id, &T)> {
        self.ids.iter().zip(&self.entries)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The lines without their ids, in rubric order.
impl<'a, T> IntoIterator for &'a Keyed<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

/// Lines read back from JSON, each with its id.
impl<T> FromIterator<(Id, T)> for Keyed<T> {
    fn from_iter<I: IntoIterator<Item = (Id, T)>>(iter: I) -> Self {
        let (ids, entries): (Vec<Id>, Vec<T>) = iter.into_iter().unzip();
        Keyed {
            ids: ids.into(),
            entries,
        }
    }
}

impl<T: PartialEq> PartialEq for Keyed<T> {
    fn eq(&self, other: &Self) -> bool {
        (Arc::ptr_eq(&self.ids, &other.ids) || self.ids == other.ids)
            && self.entries == other.entries
    }
}

/// A section's contribution to the total, in total-points (its id is in
/// [`SectionScores`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SectionScore {
    /// null when the section is not applicable.
    pub score: Option<f64>,
    pub max: f64,
    /// score / max × 100; null when max is 0.
    pub percent: Option<f64>,
    /// A `critical: "section"` fired in it.
    pub fatal: bool,
    pub applicable: bool,
}

/// A section's contribution to the total, in total-points (the JSON shape of
/// [`SectionScore`] with its id).
#[derive(Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "SectionScore")]
struct SectionEntry {
    id: Id,
    /// null when the section is not applicable.
    score: Option<f64>,
    max: f64,
    /// score / max × 100; null when max is 0.
    percent: Option<f64>,
    /// A `critical: "section"` fired in it.
    fatal: bool,
    applicable: bool,
}

impl Serialize for SectionScores {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for (id, s) in self.iter() {
            seq.serialize_element(&SectionEntry {
                id: id.clone(),
                score: s.score,
                max: s.max,
                percent: s.percent,
                fatal: s.fatal,
                applicable: s.applicable,
            })?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for SectionScores {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = Vec::<SectionEntry>::deserialize(deserializer)?;
        Ok(entries
            .into_iter()
            .map(|e| {
                let s = SectionScore {
                    score: e.score,
                    max: e.max,
                    percent: e.percent,
                    fatal: e.fatal,
                    applicable: e.applicable,
                };
                (e.id, s)
            })
            .collect())
    }
}

impl JsonSchema for SectionScores {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SectionScores".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<SectionEntry>>::json_schema(generator)
    }
}

/// The score object of docs/rubric-v1.md §2.
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
    pub sections: SectionScores,
    pub items: ItemTraces,
}

impl Score {
    /// Where `self` (e.g. a submitted score) and `other` (the re-computed one)
    /// disagree, as `score.field: self → other`; the `items` trace is compared entry by
    /// entry (`score.items.hold.earned: 4 → 0`), since reports are computed from it.
    pub fn differences(&self, other: &Score) -> Vec<String> {
        let fields = [
            "total", "max", "percent", "grade", "passed", "fatal", "complete", "missing",
            "sections",
        ];
        let mut found = field_differences(self, other, "score.", &fields);
        found.extend(trace_differences(&self.items, &other.items));
        found
    }
}

/// The trace entries (and their fields) that differ between `claimed` and `expected`.
fn trace_differences(claimed: &ItemTraces, expected: &ItemTraces) -> Vec<String> {
    let json = |t: &ItemTraces| match serde_json::to_value(t) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let (a, b) = (json(claimed), json(expected));
    let ids = a.keys().chain(b.keys().filter(|id| !a.contains_key(*id)));
    let mut found = Vec::new();
    for id in ids {
        match (a.get(id), b.get(id)) {
            (Some(Value::Object(x)), Some(Value::Object(y))) => {
                let keys = x.keys().chain(y.keys().filter(|k| !x.contains_key(*k)));
                for key in keys {
                    let (u, v) = (x.get(key), y.get(key));
                    if u != v {
                        let show = |v: Option<&Value>| v.unwrap_or(&Value::Null).to_string();
                        found.push(format!("score.items.{id}.{key}: {} → {}", show(u), show(v)));
                    }
                }
            }
            (x, y) if x != y => {
                let show = |v: Option<&Value>| v.map_or("absent".to_owned(), Value::to_string);
                found.push(format!("score.items.{id}: {} → {}", show(x), show(y)));
            }
            _ => {}
        }
    }
    found
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
    pub items: ItemTraces,
    pub missing: Vec<Id>,
}

#[derive(Debug, Clone, PartialEq, Default)]
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
        let mut by_id = HashMap::default();
        let mut plan = Vec::new();
        let mut ids = Vec::new();
        let mut sections = Vec::with_capacity(rubric.sections.len());
        let (mut options, mut bands) = (Vec::new(), Vec::new());
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
                let possible = item.possible();
                let start = options.len();
                options.extend(item.options().iter().map(|o| (o.points, o.critical)));
                let len = options.len() - start;
                let rule = match &item.kind {
                    ItemKind::Check { points, critical } => Rule::Check {
                        points: *points,
                        critical: *critical,
                    },
                    ItemKind::Choice { .. } => Rule::Choice { start, len },
                    ItemKind::Multi { options, .. } => Rule::Multi {
                        start,
                        len,
                        deduction: options.iter().any(|o| o.points < 0.0),
                    },
                    ItemKind::Count { points, per, .. } => Rule::Count {
                        points: *points,
                        per: *per,
                    },
                    ItemKind::Number { bands: b, .. } => {
                        let start = bands.len();
                        bands.extend(b.iter().map(|b| (b.upto, b.points)));
                        Rule::Number {
                            start,
                            len: b.len(),
                        }
                    }
                    ItemKind::Text { .. } => Rule::Text,
                };
                // Bit for bit, so a −0 (which rounding makes 0) is not exact.
                let exact = |x: &f64| round_half_away(*x, TRACE_DECIMALS).to_bits() == x.to_bits();
                // Whole constants (not −0) give whole results between 0 and the item's
                // possible points (a count or a multi never earns more, and its sums
                // start from +0), already exact too.
                let whole = |x: &f64| exact(x) && x.fract() == 0.0 && x.abs() < MAX_EXACT;
                let trace_exact = exact(&possible)
                    && match rule {
                        Rule::Check { points, .. } => exact(&points),
                        Rule::Choice { start, len } => options
                            .get(start..start + len)
                            .is_some_and(|o| o.iter().all(|(points, _)| exact(points))),
                        Rule::Number { start, len } => bands
                            .get(start..start + len)
                            .is_some_and(|b| b.iter().all(|(_, points)| exact(points))),
                        Rule::Multi { start, len, .. } => {
                            whole(&possible)
                                && options
                                    .get(start..start + len)
                                    .is_some_and(|o| o.iter().all(|(points, _)| whole(points)))
                        }
                        Rule::Count { points, per } => whole(&points) && whole(&per),
                        Rule::Text => true,
                    };
                by_id.entry(item.id.clone()).or_insert(plan.len());
                ids.push(item.id.clone());
                plan.push(PlanItem {
                    section: s,
                    item: i,
                    possible,
                    rule,
                    required: item.is_required(),
                    bonus: item.is_bonus(),
                    trace_exact,
                    show_if,
                });
            }
        }
        Scorer {
            grade_labels: (rubric.scoring.grades.iter())
                .map(|g| rubric.text(&g.label, None).to_owned())
                .collect(),
            section_ids: rubric.sections.iter().map(|s| s.id.clone()).collect(),
            rubric,
            plan,
            ids: ids.into(),
            by_id,
            sections,
            options,
            bands,
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

    /// How far a review is: required, shown items answered (N/A counts), of the
    /// required, shown items — what "12 of 15 answered" says.
    pub fn progress(&self, score: &Score) -> (usize, usize) {
        let (mut answered, mut required) = (0, 0);
        for (pos, (_, trace)) in score.items.iter().enumerate() {
            if self.item(pos).is_some_and(Item::is_required) && trace.status != ItemStatus::Hidden {
                required += 1;
                answered += usize::from(trace.status != ItemStatus::Missing);
            }
        }
        (answered, required)
    }

    /// Validate answers against the rubric and resolve them; every problem is
    /// reported with its path (`answers.<item>.value`, …).
    pub fn resolve(&self, answers: &Answers) -> Result<Resolved, Problems> {
        let mut slots = vec![Slot::Empty; self.plan.len()];
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let base = JsonPath::field("answers");
        for (key, answer) in answers.iter() {
            // Paths are built only for problems: most answers have none.
            let path = || base.key(key);
            let Some(pos) = self.position(key) else {
                let expected = format!("the id of an item of rubric {}", self.rubric.id);
                problems.push(Problem::invalid(
                    path(),
                    expected,
                    describe(&Value::from(key.as_str())),
                ));
                continue;
            };
            let Some(item) = item_at(&self.rubric, &self.plan, pos) else {
                continue;
            };
            if !answer.tags.is_empty() {
                check_tags(item, &answer.tags, &|| path().key("tags"), &mut problems);
            }
            // docs/rubric-v1.md §1.3 rejects an answer for an unknown option, a wrong type or a
            // broken limit — not for N/A on an item whose rubric offers no N/A control
            // (the shared example support-qa-weighted.na does exactly that). It counts
            // as N/A, with a warning.
            if answer.na && !item.na_allowed() {
                warnings.push(Problem::note(
                    path().key("na"),
                    "the rubric offers no N/A on this item; counted as N/A",
                ));
            }
            let slot = match &answer.value {
                Some(value) => resolve_value(item, value, &|| path().key("value"), &mut problems),
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

    /// The unrounded computation of docs/rubric-v1.md §2.
    pub fn breakdown(&self, resolved: &Resolved) -> Breakdown {
        let rubric = &self.rubric;
        let max = rubric.scoring.max();
        let n_sections = rubric.sections.len();
        let mut acc = vec![SectionBreakdown::default(); n_sections];
        let mut items = Vec::with_capacity(self.plan.len());
        let mut missing = Vec::new();
        let (mut bonus, mut bonus_applicable, mut form_fired) = (0.0, false, false);

        for (pos, step) in self.plan.iter().enumerate() {
            let slot = resolved.slots.get(pos).unwrap_or(&Slot::Empty);
            // A `show_if` target comes before the items it shows, so its line is made.
            let shown = step.show_if.as_ref().is_none_or(|c| {
                items
                    .get(c.target)
                    .is_some_and(|t: &ItemTrace| t.status != ItemStatus::Hidden)
                    && resolved.slots.get(c.target).is_some_and(|s| c.shows(s))
            });
            let mut trace = ItemTrace {
                status: ItemStatus::Hidden,
                earned: None,
                possible: None,
                critical: None,
            };
            trace.status = match slot {
                _ if !shown => ItemStatus::Hidden,
                Slot::Na => ItemStatus::Na,
                Slot::Empty if step.required => {
                    missing.extend(self.ids.get(pos).cloned());
                    ItemStatus::Missing
                }
                Slot::Empty => ItemStatus::Unanswered,
                _ if matches!(step.rule, Rule::Text) => ItemStatus::Unscored,
                _ => match self.evaluate(step, slot) {
                    Some((earned, possible, critical)) => {
                        let a = &mut acc[step.section];
                        if step.bonus {
                            bonus += earned;
                            bonus_applicable = true;
                        } else {
                            a.earned += earned;
                            a.possible += possible;
                            a.lost += possible - earned;
                        }
                        match critical {
                            Some(Critical::Form) => form_fired = true,
                            Some(Critical::Section) => a.fatal = true,
                            None => {}
                        }
                        trace.earned = Some(earned);
                        trace.possible = Some(if step.bonus { 0.0 } else { possible });
                        trace.critical = critical;
                        ItemStatus::Scored
                    }
                    None => ItemStatus::Unanswered,
                },
            };
            items.push(trace);
        }

        let method = rubric.scoring.method;
        for a in &mut acc {
            a.applicable = method == Method::Deduct || a.possible > 0.0 || a.fatal;
        }
        let weight = |s: usize| rubric.sections.get(s).and_then(|x| x.weight).unwrap_or(0.0);
        let base = match method {
            Method::Sum => {
                let possible: f64 = acc.iter().map(|a| a.possible).sum();
                let scale = if possible > 0.0 { max / possible } else { 0.0 };
                let mut kept = 0.0;
                for a in acc.iter_mut().filter(|a| a.applicable) {
                    (a.score, a.max) = (Some(a.kept() * scale), a.possible * scale);
                    kept += a.kept();
                }
                (possible > 0.0).then(|| max * kept / possible)
            }
            Method::Weighted => {
                let applicable = || acc.iter().enumerate().filter(|(_, a)| a.applicable);
                let weights: f64 = applicable().map(|(s, _)| weight(s)).sum();
                let sum: f64 = applicable().map(|(s, a)| weight(s) * a.pct()).sum();
                let scale = if weights > 0.0 { max / weights } else { 0.0 };
                for (s, a) in acc.iter_mut().enumerate().filter(|(_, a)| a.applicable) {
                    (a.score, a.max) = (Some(a.pct() * weight(s) * scale), weight(s) * scale);
                }
                (weights > 0.0).then(|| max * sum / weights)
            }
            Method::Deduct => {
                let mut sum = 0.0;
                for (s, a) in acc.iter_mut().enumerate() {
                    let kept = if a.fatal {
                        0.0
                    } else {
                        (weight(s) - a.lost).max(0.0)
                    };
                    (a.score, a.max) = (Some(kept), weight(s));
                    sum += kept;
                }
                Some(sum)
            }
        };

        let critical_fired = form_fired || acc.iter().any(|a| a.fatal);
        let mut total = match base {
            Some(b) => Some((b + bonus).min(max)),
            None if critical_fired => Some(0.0),
            None if bonus_applicable => Some(bonus.min(max)),
            None => None,
        };
        if form_fired {
            total = Some(0.0);
        }
        let sections = acc;
        Breakdown {
            base,
            bonus,
            bonus_applicable,
            critical_fired,
            fatal: form_fired,
            total,
            sections,
            items: ItemTraces {
                ids: self.ids.clone(),
                entries: items,
            },
            missing,
        }
    }

    /// Earned, possible and the critical scope triggered, for a shown, answered item.
    fn evaluate(&self, step: &PlanItem, slot: &Slot) -> Option<(f64, f64, Option<Critical>)> {
        let possible = step.possible;
        match (step.rule, slot) {
            (Rule::Check { points, critical }, Slot::Check(pass)) => Some(if *pass {
                (points, points, None)
            } else {
                (0.0, points, critical)
            }),
            (Rule::Choice { start, len }, Slot::Choice(i)) => {
                let (points, critical) = *self.options.get(start..start + len)?.get(*i)?;
                Some((points, possible, critical))
            }
            (
                Rule::Multi {
                    start,
                    len,
                    deduction,
                },
                Slot::Multi(chosen),
            ) => {
                let options = self.options.get(start..start + len)?;
                let picked = || chosen.iter().filter_map(|i| options.get(*i));
                // From +0: an empty `sum()` is −0, which the trace would show.
                let sum = picked().fold(0.0, |sum, o| sum + o.0);
                let earned = if deduction {
                    (possible + sum).max(0.0)
                } else {
                    sum.min(possible)
                };
                Some((earned, possible, picked().filter_map(|o| o.1).max()))
            }
            (Rule::Count { points, per }, Slot::Count(n)) => {
                Some(((points - per * *n as f64).max(0.0), points, None))
            }
            (Rule::Number { start, len }, Slot::Number(v)) => {
                let bands = self.bands.get(start..start + len)?;
                let (_, points) = bands
                    .iter()
                    .find(|(upto, _)| upto.is_none_or(|u| *v <= u))?;
                Some((*points, possible, None))
            }
            _ => None,
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
            .and_then(|t| rubric.scoring.band_index(t, b.fatal))
            .and_then(|g| self.grade_labels.get(g))
            .cloned();
        let passed = match (rubric.scoring.pass, total) {
            (Some(pass), Some(t)) => Some(t >= pass && !b.fatal),
            _ => None,
        };
        let entries = b
            .sections
            .iter()
            .map(|s| SectionScore {
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
        let sections = SectionScores {
            ids: self.section_ids.clone(),
            entries,
        };
        let mut items = b.items;
        for (t, _) in items
            .entries
            .iter_mut()
            .zip(&self.plan)
            .filter(|(_, step)| !step.trace_exact)
        {
            t.earned = t.earned.map(|x| round_half_away(x, TRACE_DECIMALS));
            t.possible = t.possible.map(|x| round_half_away(x, TRACE_DECIMALS));
        }
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
            items,
        }
    }
}

impl SectionBreakdown {
    /// Earned points, or 0 when the section's critical fired.
    fn kept(&self) -> f64 {
        if self.fatal { 0.0 } else { self.earned }
    }

    /// The section's percentage (0..=1), 0 when its critical fired or nothing counts.
    fn pct(&self) -> f64 {
        if self.fatal || self.possible <= 0.0 {
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

/// `path` makes the tags' path, when there is a problem to report.
fn check_tags(
    item: &Item,
    tags: &[String],
    path: &dyn Fn() -> JsonPath,
    problems: &mut Vec<Problem>,
) {
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
                path().index(j),
                expected,
                describe(&Value::from(tag.as_str())),
            ));
        }
    }
}

/// Check an answer value against its item and turn it into a slot; `path` makes the
/// value's path, when there is a problem to report.
fn resolve_value(
    item: &Item,
    value: &Value,
    path: &dyn Fn() -> JsonPath,
    problems: &mut Vec<Problem>,
) -> Slot {
    let option_list = || {
        let ids: Vec<&str> = item.options().iter().map(|o| o.id.as_str()).collect();
        ids.join(", ")
    };
    let option_index = |v: &Value| {
        let id = v.as_str()?;
        item.options().iter().position(|o| &*o.id == id)
    };
    let mut fail = |expected: String, found: String| {
        problems.push(Problem::invalid(path(), expected, found));
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
                            path().index(j),
                            "each option once",
                            describe(v),
                        ));
                    }
                    None => {
                        ok = false;
                        let expected =
                            format!("an option id of item {} ({})", item.id, option_list());
                        problems.push(Problem::invalid(path().index(j), expected, describe(v)));
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
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (id, t) in self.iter() {
            let entry = TraceEntry {
                status: t.status,
                earned: t.earned,
                possible: t.possible,
                critical: (t.status == ItemStatus::Scored).then_some(t.critical),
            };
            map.serialize_entry(id.as_str(), &entry)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ItemTraces {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = indexmap::IndexMap::<String, TraceEntry>::deserialize(deserializer)?;
        Ok(map
            .into_iter()
            .map(|(id, e)| {
                let trace = ItemTrace {
                    status: e.status,
                    earned: e.earned,
                    possible: e.possible,
                    critical: e.critical.flatten(),
                };
                (Id::from(id.as_str()), trace)
            })
            .collect())
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
