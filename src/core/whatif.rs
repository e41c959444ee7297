//! What if (docs/reports.md): stored reviews re-scored under a candidate rubric before
//! it is published, and how each agent would fare.

use super::answers::Answers;
use super::review::{Review, RubricRef};
use super::rubric::Rubric;
use super::score::Scorer;
use std::collections::BTreeMap;

use super::stats::{Fact, Query, Report, Stats, standing};

/// A review re-scored under the candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Rescored {
    /// The review as the candidate scores it: its rubric, the answers it kept, the
    /// candidate's score.
    pub review: Review,
    /// The answers it dropped, by item id: items the candidate does not have, or
    /// whose answer no longer fits (an option it removed).
    pub dropped: Vec<String>,
}

/// The item id a problem with the answers is about (`answers.hold.value` → `hold`).
fn item_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("answers.")?;
    rest.split(['.', '[']).next().filter(|id| !id.is_empty())
}

/// Re-score `review` under `candidate` (whose reference is `rubric`): answers to items
/// it lacks are dropped and counted, items it adds are unanswered.
pub fn rescore(candidate: &Scorer, rubric: &RubricRef, review: &Review) -> Rescored {
    let (mut kept, mut dropped) = (Vec::new(), Vec::new());
    for (id, answer) in review.answers.iter() {
        match candidate.rubric().item(id) {
            Some(_) => kept.push((id.clone(), answer.clone())),
            None => dropped.push(id.clone()),
        }
    }
    // An answer that no longer fits is dropped too; each round drops at least one,
    // so this ends.
    let score = loop {
        let mut answers = Answers::default();
        for (id, answer) in &kept {
            answers.insert(id.clone(), answer.clone());
        }
        match candidate.score(&answers) {
            Ok(score) => break (answers, score),
            Err(problems) => {
                let bad: Vec<String> = problems
                    .iter()
                    .filter_map(|p| item_of(&p.path.to_string()).map(str::to_owned))
                    .collect();
                let before = kept.len();
                kept.retain(|(id, _)| !bad.contains(id));
                if kept.len() == before {
                    kept.clear();
                }
                dropped.extend(bad);
            }
        }
    };
    dropped.sort();
    dropped.dedup();
    let (answers, score) = score;
    let mut review = review.clone();
    review.rubric = rubric.clone();
    review.answers = answers;
    review.score = score;
    Rescored { review, dropped }
}

/// One agent before and after: mean totals, the grade band of the mean, whether the
/// mean reaches the pass mark.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Shift {
    pub agent_id: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub grade_before: Option<String>,
    pub grade_after: Option<String>,
    pub passes_before: Option<bool>,
    pub passes_after: Option<bool>,
}

impl Shift {
    /// The agent's mean crosses the pass mark, either way.
    pub fn crosses_pass(&self) -> bool {
        matches!((self.passes_before, self.passes_after), (Some(a), Some(b)) if a != b)
    }

    pub fn changes_grade(&self) -> bool {
        self.grade_before != self.grade_after
    }
}

/// Every agent of either report, before (under `old`) and after (under `new`),
/// in the after report's order (worst first), then those only before.
pub fn shifts(before: &Stats, after: &Stats, old: &Rubric, new: &Rubric) -> Vec<Shift> {
    let mean_before = |id: &str| {
        before
            .agents
            .iter()
            .find(|a| a.agent_id == id)
            .and_then(|a| a.mean_total)
    };
    let mut ids: Vec<&str> = after.agents.iter().map(|a| a.agent_id.as_str()).collect();
    for a in &before.agents {
        if !ids.contains(&a.agent_id.as_str()) {
            ids.push(&a.agent_id);
        }
    }
    ids.into_iter()
        .map(|id| {
            let (b, a) = (
                mean_before(id),
                after
                    .agents
                    .iter()
                    .find(|x| x.agent_id == id)
                    .and_then(|x| x.mean_total),
            );
            let ((grade_before, passes_before), (grade_after, passes_after)) =
                (standing(old, b), standing(new, a));
            Shift {
                agent_id: id.to_owned(),
                before: b,
                after: a,
                grade_before,
                grade_after,
                passes_before,
                passes_after,
            }
        })
        .collect()
}

/// A what-if: the period's reviews as stored and as the candidate scores them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WhatIf {
    /// Reviews of the period re-scored.
    pub reviews: u64,
    /// Item id → how many of those reviews lost their answer to it.
    pub dropped: BTreeMap<String, u64>,
    pub before: Stats,
    pub after: Stats,
    pub shifts: Vec<Shift>,
}

/// The candidate rubric a what-if scores with: compiled, and its reference.
pub struct Candidate<'a> {
    pub scorer: &'a Scorer,
    pub rubric: &'a RubricRef,
}

fn order(rubric: &Rubric) -> Vec<String> {
    rubric.items().map(|(_, i)| i.id.to_string()).collect()
}

/// `query`'s report of `reviews` as stored (items in `current`'s order) and as
/// `candidate` re-scores them, with each agent's shift. The candidate's report is of
/// its own rubric id, so a candidate may be a new rubric as well as a new version.
/// The reviews may be given one at a time (as parsed from an export): only the
/// reports' tables are kept.
pub fn compare<R: std::borrow::Borrow<Review>>(
    current: &Rubric,
    candidate: Candidate<'_>,
    query: &Query,
    reviews: impl IntoIterator<Item = R>,
) -> WhatIf {
    let mut before = Report::new(query.clone(), order(current));
    let mut after_query = query.clone();
    after_query.rubric = candidate.scorer.rubric().id.to_string();
    let mut after = Report::new(after_query, order(candidate.scorer.rubric()));
    let (mut count, mut dropped) = (0, BTreeMap::<String, u64>::new());
    for review in reviews {
        let review = review.borrow();
        let Some(fact) = Fact::of(review, &review.score) else {
            continue;
        };
        // The agents' previous period counts too, so re-score what either report uses.
        before.add(&fact);
        let rescored = rescore(candidate.scorer, candidate.rubric, review);
        if let Some(new) = Fact::of(&rescored.review, &rescored.review.score) {
            after.add(&new);
        }
        if query.covers(&fact) {
            count += 1;
            for id in rescored.dropped {
                *dropped.entry(id).or_default() += 1;
            }
        }
    }
    let (before, after) = (before.finish(), after.finish());
    let shifts = shifts(&before, &after, current, candidate.scorer.rubric());
    WhatIf {
        reviews: count,
        dropped,
        before,
        after,
        shifts,
    }
}
