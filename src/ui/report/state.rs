//! The console's one reducer: the filters, what has been loaded for them, and where
//! the reader is (an agent's reviews, one review, the what-if). Plain Rust, tested
//! natively; the hooks do the fetching and dispatch what they got.

use std::rc::Rc;

use serde::Deserialize;

use super::filters::{Filters, Range};
use crate::core::stats::{AgentStats, Stats};
use crate::core::whatif::WhatIf;
use crate::core::{Review, Scorer};
use crate::ui::i18n::Lang;

/// The chosen rubric's newest version, shared by the screens and compared by identity
/// (each load is a new one), so handing it to a component costs a pointer, not a copy.
#[derive(Debug, Clone)]
pub struct Shared(pub Rc<Scorer>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Shared {
    pub fn rubric(&self) -> &crate::core::Rubric {
        self.0.rubric()
    }
}

/// Something being fetched: loading, there, or failed with what to show.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(Failure),
}

/// Why something could not be loaded. 401 and 403 mean the console needs a
/// supervisor's sign-in; anything else is shown with a way to try again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub status: Option<u16>,
    pub message: String,
}

impl Failure {
    pub fn needs_sign_in(&self) -> bool {
        matches!(self.status, Some(401 | 403))
    }
}

/// A rubric the receiver knows (`GET /api/rubrics`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RubricInfo {
    pub id: String,
    pub version: String,
    pub title: serde_json::Value,
}

/// The filters' choices (`GET /api/stats/facets`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct Facets {
    pub teams: Vec<String>,
    pub agents: Vec<String>,
    pub reviewers: Vec<String>,
}

/// The period's report and the previous period's, for the changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Reports {
    pub range: Range,
    pub current: Stats,
    pub previous: Stats,
}

/// One line of an agent's reviews (`GET /api/reviews`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Listed {
    pub review_id: String,
    pub submitted_at: String,
    pub total: Option<f64>,
    pub passed: Option<bool>,
    pub fatal: bool,
    pub grade: Option<String>,
    pub call_id: Option<String>,
    pub reviewer_id: Option<String>,
}

/// A stored review opened read-only, with the rubric it was scored against.
#[derive(Debug)]
pub struct Opened {
    pub review: Review,
    pub scorer: Rc<Scorer>,
    pub text: String,
}

impl PartialEq for Opened {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// The agents table's columns a reader can sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Agent,
    Reviews,
    Mean,
    Delta,
    PassRate,
    FatalRate,
    ErrorRate,
}

/// The what-if: the candidate as typed (never lost), and its result.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WhatIfState {
    pub text: String,
    pub url: String,
    pub run: Option<Load<Rc<WhatIf>>>,
    /// Bumped by each run, so the hook runs again for the same candidate.
    pub generation: u64,
}

#[derive(Debug, Clone)]
pub struct Console {
    pub lang: Lang,
    pub filters: Filters,
    /// Bumped whenever what is loaded must be loaded again.
    pub generation: u64,
    pub token: Option<String>,
    pub rubrics: Load<Vec<RubricInfo>>,
    pub facets: Facets,
    pub scorer: Option<Shared>,
    pub reports: Load<Rc<Reports>>,
    /// Sorted by, and ascending; the report's own order (worst first) when `None`.
    pub sort: Option<(Column, bool)>,
    /// The agent whose reviews are listed, and the list.
    pub drill: Option<(String, Load<Vec<Listed>>)>,
    pub opened: Option<(String, Load<Rc<Opened>>)>,
    pub what_if: WhatIfState,
}

pub enum Action {
    Filters(Filters),
    Rubrics(Load<Vec<RubricInfo>>),
    Facets(Facets),
    /// The newest version of a rubric, by id.
    Scorer(String, Rc<Scorer>),
    Reports(u64, Load<Rc<Reports>>),
    Retry,
    SignIn(Option<String>),
    Sort(Column),
    Drill(Option<String>),
    Listed(String, Load<Vec<Listed>>),
    Open(Option<String>),
    Opened(String, Load<Rc<Opened>>),
    Candidate {
        text: String,
        url: String,
    },
    RunWhatIf,
    WhatIfDone(u64, Load<Rc<WhatIf>>),
}

impl Console {
    pub fn new(lang: Lang, filters: Filters, token: Option<String>) -> Console {
        Console {
            lang,
            filters,
            generation: 0,
            token,
            rubrics: Load::Loading,
            facets: Facets::default(),
            scorer: None,
            reports: Load::Loading,
            sort: None,
            drill: None,
            opened: None,
            what_if: WhatIfState::default(),
        }
    }

    /// The agents of the report, in the chosen order.
    pub fn agents(&self) -> Vec<AgentStats> {
        let Load::Ready(reports) = &self.reports else {
            return Vec::new();
        };
        let mut rows = reports.current.agents.clone();
        if let Some((column, ascending)) = self.sort {
            let key = |a: &AgentStats| -> Option<f64> {
                match column {
                    Column::Agent => None,
                    Column::Reviews => Some(a.reviews as f64),
                    Column::Mean => a.mean_total,
                    Column::Delta => a.delta,
                    Column::PassRate => a.pass_rate,
                    Column::FatalRate => a.fatal_rate,
                    Column::ErrorRate => a.error_rate,
                }
            };
            rows.sort_by(|a, b| {
                let order = match column {
                    Column::Agent => a.agent_id.cmp(&b.agent_id),
                    // Figures first, missing ones last either way.
                    _ => match (key(a), key(b)) {
                        (Some(x), Some(y)) => x.total_cmp(&y),
                        (Some(_), None) => return std::cmp::Ordering::Less,
                        (None, Some(_)) => return std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    },
                };
                if ascending { order } else { order.reverse() }
            });
        }
        rows
    }

    fn reload(&mut self) {
        self.generation += 1;
        self.reports = Load::Loading;
        self.what_if.run = None;
    }

    /// The next state after `action`.
    pub fn apply(mut self, action: Action) -> Console {
        match action {
            Action::Filters(filters) => {
                if filters.rubric != self.filters.rubric {
                    self.scorer = None;
                }
                if filters.agent != self.filters.agent {
                    self.drill = None;
                    self.opened = None;
                }
                self.filters = filters;
                self.reload();
            }
            Action::Rubrics(rubrics) => {
                if let Load::Ready(list) = &rubrics
                    && self.filters.rubric.is_empty()
                    && let Some(first) = list.first()
                {
                    self.filters.rubric = first.id.clone();
                    self.reload();
                }
                self.rubrics = rubrics;
            }
            Action::Facets(facets) => self.facets = facets,
            Action::Scorer(id, scorer) => {
                if id == self.filters.rubric {
                    self.scorer = Some(Shared(scorer));
                }
            }
            Action::Reports(generation, reports) => {
                if generation == self.generation {
                    self.reports = reports;
                }
            }
            Action::Retry => {
                self.reload();
                if let Load::Failed(_) = self.rubrics {
                    self.rubrics = Load::Loading;
                }
            }
            Action::SignIn(token) => {
                self.token = token;
                self.rubrics = Load::Loading;
                self.reload();
            }
            Action::Sort(column) => {
                self.sort = match self.sort {
                    Some((c, ascending)) if c == column => Some((column, !ascending)),
                    _ => Some((column, column == Column::Agent || column == Column::Mean)),
                }
            }
            Action::Drill(agent) => {
                self.opened = None;
                self.drill = agent.map(|a| (a, Load::Loading));
            }
            Action::Listed(agent, list) => {
                if let Some((shown, _)) = &self.drill
                    && *shown == agent
                {
                    self.drill = Some((agent, list));
                }
            }
            Action::Open(id) => self.opened = id.map(|id| (id, Load::Loading)),
            Action::Opened(id, review) => {
                if let Some((shown, _)) = &self.opened
                    && *shown == id
                {
                    self.opened = Some((id, review));
                }
            }
            Action::Candidate { text, url } => {
                self.what_if.text = text;
                self.what_if.url = url;
            }
            Action::RunWhatIf => {
                self.what_if.generation += 1;
                self.what_if.run = Some(Load::Loading);
            }
            Action::WhatIfDone(generation, result) => {
                if generation == self.what_if.generation {
                    self.what_if.run = Some(result);
                }
            }
        }
        self
    }
}

#[cfg(target_arch = "wasm32")]
impl yew::Reducible for Console {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn console() -> Console {
        Console::new(Lang::En, Filters::default(), None)
    }

    #[test]
    fn the_first_rubric_is_chosen_and_the_report_reloaded() {
        let c = console().apply(Action::Rubrics(Load::Ready(vec![RubricInfo {
            id: "cc-qc-standard".into(),
            version: "2026.11".into(),
            title: serde_json::json!("x"),
        }])));
        assert_eq!(
            (c.filters.rubric.as_str(), c.generation),
            ("cc-qc-standard", 1)
        );
        // An answer for an older generation is dropped.
        let failed = Load::Failed(Failure {
            status: Some(500),
            message: "x".into(),
        });
        let c = c.apply(Action::Reports(0, failed.clone()));
        assert_eq!(c.reports, Load::Loading);
        let c = c.apply(Action::Reports(1, failed));
        assert!(matches!(c.reports, Load::Failed(_)));
    }

    #[test]
    fn changing_the_agent_closes_the_drill_down_and_the_candidate_is_kept() {
        let c = console()
            .apply(Action::Drill(Some("A007".into())))
            .apply(Action::Open(Some("r1".into())))
            .apply(Action::Candidate {
                text: "{…}".into(),
                url: String::new(),
            });
        assert!(c.drill.is_some() && c.opened.is_some());
        let filters = Filters {
            agent: "A008".into(),
            ..c.filters.clone()
        };
        let c = c.apply(Action::Filters(filters));
        assert!(c.drill.is_none() && c.opened.is_none());
        assert_eq!(c.what_if.text, "{…}");
    }

    #[test]
    fn sorting_toggles_the_direction() {
        let c = console().apply(Action::Sort(Column::Delta));
        assert_eq!(c.sort, Some((Column::Delta, false)));
        let c = c.apply(Action::Sort(Column::Delta));
        assert_eq!(c.sort, Some((Column::Delta, true)));
        assert!(
            Failure {
                status: Some(403),
                message: String::new()
            }
            .needs_sign_in()
        );
    }
}
