//! The review being scored: one reducer owns it, and [`Action`] lists every way it can
//! change. After each change the reducer asks the core for the score; the UI never
//! computes one.

use std::collections::BTreeMap;
use std::rc::Rc;

use indexmap::IndexMap;
use serde_json::Value;
use uuid::Uuid;
use yew::Reducible;

use super::draft::Draft;
use super::i18n::Lang;
use crate::core::compare::compare;
use crate::core::{
    Answer, Answers, Calibration, Client, Comparison, Mode, QuizAttempt, Review, RubricRef, Score,
    Scorer,
};
use crate::transport::WidgetConfig;

/// What a review is about: the rubric (compiled), exactly which text it was, the
/// widget's configuration (with the host's context) and the UI language. Fixed for the
/// life of the form.
#[derive(Debug)]
pub struct Session {
    /// Shared by the sessions of one rubric (a new call keeps the compiled rubric).
    pub scorer: Rc<Scorer>,
    pub rubric: RubricRef,
    pub config: Rc<WidgetConfig>,
    pub lang: Lang,
    /// Calibration mode: the expert's review of the same call (hidden until submitted).
    pub reference: Option<Rc<Review>>,
}

impl Session {
    /// The host's context for this review (agent, call, recording, …).
    pub fn context(&self) -> &IndexMap<String, Value> {
        &self.config.context
    }

    /// The context value drafts are kept apart by (the call, else the ticket).
    pub fn context_key(&self) -> String {
        ["call_id", "ticket_id", "conversation_id"]
            .iter()
            .find_map(|k| self.context().get(*k))
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReviewState {
    pub session: Rc<Session>,
    pub answers: Answers,
    /// What was typed into a count or number box, shown as typed (so "25." or "-" is
    /// not rewritten while typing) and saved in the draft. When it is not a valid value
    /// the item has no value and the box shows the problem; nothing typed is lost.
    pub pending: BTreeMap<String, String>,
    pub comment: String,
    pub review_id: Uuid,
    pub started_at: String,
    /// Derived from `answers` by the core after every change.
    pub score: Rc<Score>,
    /// Counts the inspector's changes; drafts are saved when it moves.
    pub revision: u64,
    /// The review document produced by the last submit.
    pub submitted: Option<Rc<Review>>,
    /// Quiz and calibration: the attempt is over (results or comparison shown).
    pub finished: Option<Finished>,
}

/// When a quiz attempt or a calibration ended.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Finished {
    pub at: String,
    /// Ended by the quiz's time limit.
    pub timed_out: bool,
}

impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Every way the review can change.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Set or clear an item's value.
    Value(String, Option<Value>),
    /// Text typed into a count or number box, with the value it means (None when it
    /// is empty or does not fit the item).
    Typed(String, String, Option<Value>),
    Na(String, bool),
    Comment(String, String),
    Tag(String, String, bool),
    OverallComment(String),
    /// Replace everything with a saved draft's content.
    Restore(Box<Draft>),
    /// A fresh review of the same call: new id, nothing answered.
    StartOver {
        review_id: Uuid,
        started_at: String,
    },
    Submit {
        submitted_at: String,
    },
    CloseSubmitted,
    /// End the quiz attempt or the calibration (the results are shown).
    Finish(Finished),
    /// The host's context changed but not the call (an agent id added, a recording
    /// moved): the same review, about the new context.
    Session(Rc<Session>),
}

impl ReviewState {
    pub fn new(session: Rc<Session>, review_id: Uuid, started_at: String) -> ReviewState {
        let answers = Answers::default();
        let score = Rc::new(score_of(&session.scorer, &answers));
        ReviewState {
            session,
            answers,
            pending: BTreeMap::new(),
            comment: String::new(),
            review_id,
            started_at,
            score,
            revision: 0,
            submitted: None,
            finished: None,
        }
    }

    /// The state a saved draft describes (answers that no longer fit the rubric are
    /// dropped; the count is returned).
    pub fn from_draft(session: Rc<Session>, draft: Draft) -> (ReviewState, usize) {
        let (answers, dropped) = keep_valid(&session.scorer, draft.answers);
        let score = Rc::new(score_of(&session.scorer, &answers));
        let state = ReviewState {
            session,
            answers,
            pending: draft.pending,
            comment: draft.comment,
            review_id: draft.review_id,
            started_at: draft.started_at,
            score,
            revision: 0,
            submitted: None,
            finished: draft.finished,
        };
        (state, dropped)
    }

    pub fn answer(&self, id: &str) -> Option<&Answer> {
        self.answers.get(id)
    }

    /// The draft to save for this state.
    pub fn draft(&self, saved_at: String) -> Draft {
        Draft {
            rubric: self.session.rubric.clone(),
            context_key: self.session.context_key(),
            review_id: self.review_id,
            started_at: self.started_at.clone(),
            saved_at,
            answers: self.answers.clone(),
            pending: self.pending.clone(),
            comment: self.comment.clone(),
            finished: self.finished.clone(),
        }
    }

    /// The review/v1 document of this state.
    pub fn review(&self, submitted_at: String) -> Review {
        Review {
            format: Default::default(),
            review_id: self.review_id,
            rubric: self.session.rubric.clone(),
            mode: self.session.config.mode,
            context: self.session.context().clone(),
            reviewer: self.session.config.reviewer.clone(),
            answers: self.answers.clone(),
            comment: Some(self.comment.clone()).filter(|c| !c.trim().is_empty()),
            score: (*self.score).clone(),
            started_at: self.started_at.clone(),
            quiz: self.quiz_attempt(&submitted_at),
            calibration: self.calibration(),
            submitted_at,
            client: Client::default(),
        }
    }

    /// Seconds from the start of the review to `now_ms` (ms since the epoch): never
    /// negative, and 0 when either time is unknown.
    pub fn seconds_since_start(&self, now_ms: f64) -> f64 {
        let seconds = (now_ms - js_sys::Date::parse(&self.started_at)) / 1000.0;
        if seconds.is_finite() {
            seconds.max(0.0)
        } else {
            0.0
        }
    }

    /// Quiz mode: how the attempt went, ended at `at`.
    pub fn quiz_attempt(&self, at: &str) -> Option<QuizAttempt> {
        let config = &self.session.config;
        if config.mode != Mode::Quiz {
            return None;
        }
        let taken = self.seconds_since_start(js_sys::Date::parse(at)).round() as u64;
        let limit = config.quiz.time_limit_s.map(u64::from);
        let timed_out = self.finished.as_ref().is_some_and(|f| f.timed_out)
            || limit.is_some_and(|l| taken >= l);
        // An attempt that ran out of time took the time allowed, even when it was only
        // ended later (the page was closed and reopened after the limit).
        let time_taken_s = match limit {
            Some(l) if timed_out => taken.min(l),
            _ => taken,
        };
        Some(QuizAttempt {
            time_taken_s,
            time_limit_s: config.quiz.time_limit_s,
            timed_out,
            shuffled: config.quiz.shuffle,
        })
    }

    /// Calibration mode: the comparison with the expert's review.
    pub fn comparison(&self) -> Option<Comparison> {
        let reference = self.session.reference.as_ref()?;
        let tolerance = self.session.config.calibration.tolerance;
        compare(
            &self.session.scorer,
            &self.answers,
            &reference.answers,
            tolerance,
        )
        .ok()
    }

    fn calibration(&self) -> Option<Calibration> {
        let reference = self.session.reference.as_ref()?;
        Some(self.comparison()?.summary(reference.review_id))
    }
}

impl Reducible for ReviewState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let mut rescore = true;
        match action {
            Action::Value(id, value) => {
                next.pending.remove(&id);
                let entry = next.answers.0.entry(id).or_default();
                entry.value = value;
                if entry.value.is_some() {
                    entry.na = false;
                }
            }
            Action::Typed(id, text, value) => {
                if text.is_empty() {
                    next.pending.remove(&id);
                } else {
                    next.pending.insert(id.clone(), text);
                }
                let entry = next.answers.0.entry(id).or_default();
                entry.value = value;
                if entry.value.is_some() {
                    entry.na = false;
                }
            }
            Action::Na(id, na) => next.answers.0.entry(id).or_default().na = na,
            Action::Comment(id, text) => {
                next.answers.0.entry(id).or_default().comment =
                    Some(text).filter(|t| !t.is_empty());
                rescore = false;
            }
            Action::Tag(id, tag, on) => {
                let tags = &mut next.answers.0.entry(id).or_default().tags;
                tags.retain(|t| *t != tag);
                if on {
                    tags.push(tag);
                }
                rescore = false;
            }
            Action::OverallComment(text) => {
                next.comment = text;
                rescore = false;
            }
            Action::Restore(draft) => {
                // Saved again (the revision moves) under this rubric's own key.
                next = ReviewState::from_draft(next.session.clone(), *draft).0;
                rescore = false;
            }
            Action::StartOver {
                review_id,
                started_at,
            } => {
                // Not saved until the first answer: an empty draft is nothing to restore.
                let mut fresh = ReviewState::new(next.session.clone(), review_id, started_at);
                fresh.revision = self.revision;
                return Rc::new(fresh);
            }
            Action::Submit { submitted_at } => {
                next.submitted = Some(Rc::new(next.review(submitted_at)));
                return Rc::new(next);
            }
            Action::CloseSubmitted => {
                next.submitted = None;
                return Rc::new(next);
            }
            Action::Finish(finished) => {
                next.finished = Some(finished);
                rescore = false;
            }
            Action::Session(session) => {
                // Nothing of the draft changes (it is kept by the call, not the context).
                next.session = session;
                return Rc::new(next);
            }
        }
        // An entry with nothing left in it is no answer at all.
        next.answers.0.retain(|_, a| *a != Answer::default());
        if rescore {
            next.score = Rc::new(score_of(&next.session.scorer, &next.answers));
        }
        next.revision = self.revision + 1;
        Rc::new(next)
    }
}

/// The core's score of `answers`. The form only stores values its controls accept, so
/// this is always Ok; were it not, the answers the core rejects are left out rather
/// than losing the whole score.
fn score_of(scorer: &Scorer, answers: &Answers) -> Score {
    scorer.score(answers).unwrap_or_else(|_| {
        let (valid, _) = keep_valid(scorer, answers.clone());
        scorer
            .score(&valid)
            .unwrap_or_else(|_| scorer.score_resolved(&scorer.blank()))
    })
}

/// The answers the rubric accepts, one by one, and how many were dropped.
pub fn keep_valid(scorer: &Scorer, answers: Answers) -> (Answers, usize) {
    let total = answers.len();
    let kept: IndexMap<String, Answer> = answers
        .0
        .into_iter()
        .filter(|(id, a)| {
            let one = Answers([(id.clone(), a.clone())].into_iter().collect());
            scorer.resolve(&one).is_ok()
        })
        .collect();
    let dropped = total - kept.len();
    (Answers(kept), dropped)
}
