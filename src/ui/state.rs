//! The review being scored: one reducer owns it, and [`Action`] lists every way it can
//! change — answering, submitting, the outbox taking the review, starting over. After
//! each change the reducer asks the core for the score; the UI never computes one.
//! Pure Rust: time comes in with the actions, so the transitions are tested natively.

use std::collections::BTreeMap;
use std::rc::Rc;

use indexmap::IndexMap;
use serde_json::Value;
use uuid::Uuid;

use super::draft::{self, Draft, Finished};
use super::session::Session;
use crate::core::compare::compare;
use crate::core::time::rfc3339_ms;
use crate::core::{
    Answer, Answers, Calibration, Comparison, Mode, QuizAttempt, Review, Score, Scorer,
};
use crate::transport::{Entry, EntryState};

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
    /// Quiz and calibration: the attempt is over (results or comparison shown).
    pub finished: Option<Finished>,
    /// A submitted review the outbox has yet to take (see [`Action::Delivered`]).
    pub outgoing: Option<Rc<Outgoing>>,
    /// A submitted review shown with a download: there is no endpoint, or the browser
    /// would not keep it for sending.
    pub shown: Option<Rc<Review>>,
    /// What the inspector is told about drafts when the form opens.
    pub note: Option<DraftNote>,
    /// When this review's draft was last saved (during this page's life).
    pub saved_at: Option<String>,
    /// The browser refused to keep a draft: the form says drafts are not kept.
    pub drafts_refused: bool,
}

/// A submitted review on its way to the outbox: the entry to save, and the document
/// to show instead if the browser will not keep it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub entry: Entry,
    pub review: Rc<Review>,
}

/// What the inspector is told about drafts when the form opens.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftNote {
    /// This review's draft was restored; when it was saved.
    Restored { saved_at: String },
    /// A draft made against another version of the rubric, not applied.
    OtherVersion { draft: Box<Draft> },
}

/// Whether to submit only a complete review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    Complete,
    /// A quiz ended with what is answered (the trainee confirmed, or time ran out).
    Anyway {
        timed_out: bool,
    },
}

/// A change to one item's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemEdit {
    /// Set or clear the value.
    Value {
        value: Option<Value>,
    },
    /// Text typed into a count or number box, with the value it means (None when it
    /// is empty or does not fit the item).
    Typed {
        text: String,
        value: Option<Value>,
    },
    Na {
        na: bool,
    },
    Comment {
        text: String,
    },
    /// Pick or drop a root-cause tag.
    Tag {
        tag: String,
        on: bool,
    },
}

/// Every way the review can change.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Edit {
        item: String,
        edit: ItemEdit,
    },
    OverallComment {
        text: String,
    },
    /// Replace everything with a saved draft's content (another version's, applied).
    Restore {
        draft: Box<Draft>,
    },
    /// A fresh review of the same call: new id, nothing answered.
    StartOver {
        review_id: Uuid,
        started_at: String,
    },
    /// Submit the review as it stands at `at` (RFC 3339). A quiz attempt or a
    /// calibration ends here. With [`How::Complete`], a review still missing required
    /// items is left as it is (the form points at what is missing instead).
    Submit {
        at: String,
        how: How,
    },
    /// The outbox took the outgoing review (`queued`), or the browser would not keep
    /// it: then it is shown with a download instead, never lost.
    Delivered {
        queued: bool,
    },
    /// The draft was saved at `at`, or (`None`) the browser refused it.
    DraftSaved {
        at: Option<String>,
    },
    /// The shown review's dialog was closed.
    CloseShown,
    /// The word about drafts was dealt with.
    DismissNote,
    /// The host's context changed but not the call (an agent id added, a recording
    /// moved): the same review, about the new context.
    Session {
        session: Rc<Session>,
    },
}

impl Action {
    /// A fresh review of the same call, with this id, started at this time.
    pub fn start_over((review_id, started_at): (Uuid, String)) -> Action {
        Action::StartOver {
            review_id,
            started_at,
        }
    }
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
            finished: None,
            outgoing: None,
            shown: None,
            note: None,
            saved_at: None,
            drafts_refused: false,
        }
    }

    /// The state a saved draft describes (answers that no longer fit the rubric are
    /// dropped; the count is returned).
    pub fn from_draft(session: Rc<Session>, draft: Draft) -> (ReviewState, usize) {
        let (answers, dropped) = keep_valid(&session.scorer, draft.answers);
        let mut state = ReviewState::new(session, draft.review_id, draft.started_at);
        state.score = Rc::new(score_of(&state.session.scorer, &answers));
        state.answers = answers;
        state.pending = draft.pending;
        state.comment = draft.comment;
        state.finished = draft.finished;
        (state, dropped)
    }

    /// The review to open with: this call's draft if there is one, else a fresh review
    /// with word of a draft made against another version of the rubric, if any.
    pub fn opening(
        session: Rc<Session>,
        saved: Option<Draft>,
        other: Option<Draft>,
        fresh: (Uuid, String),
    ) -> ReviewState {
        if let Some(saved) = saved {
            let saved_at = saved.saved_at.clone();
            let (mut state, _) = ReviewState::from_draft(session, saved);
            state.note = Some(DraftNote::Restored { saved_at });
            return state;
        }
        let mut state = ReviewState::new(session, fresh.0, fresh.1);
        state.note = other.map(|draft| DraftNote::OtherVersion {
            draft: Box::new(draft),
        });
        state
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

    /// The review/v1 document of this state, submitted at `submitted_at`.
    pub fn review(&self, submitted_at: String) -> Review {
        let session = &self.session;
        let quiz = self.quiz_attempt(&submitted_at);
        Review::new(
            self.review_id,
            session.rubric.clone(),
            self.answers.clone(),
            (*self.score).clone(),
            self.started_at.clone(),
            submitted_at,
        )
        .with_mode(session.config.mode)
        .with_context(session.context().clone())
        .with_reviewer(session.config.reviewer.clone())
        .with_comment(&self.comment)
        .with_quiz(quiz)
        .with_calibration(self.calibration())
    }

    /// Quiz mode: how the attempt went, ended at `at`.
    pub fn quiz_attempt(&self, at: &str) -> Option<QuizAttempt> {
        let by_limit = self.finished.as_ref().is_some_and(|f| f.timed_out);
        (self.session.config.mode == Mode::Quiz).then(|| {
            self.session
                .timing()
                .attempt(&self.started_at, at, by_limit)
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

    /// The outbox entry for the review submitted at `at`, when there is an endpoint:
    /// the exact body every attempt sends.
    fn outgoing(&self, review: &Rc<Review>, at: &str) -> Option<Outgoing> {
        let session = &self.session;
        let review_id = self.review_id.to_string();
        let endpoint = session.config.endpoint_for(&review_id)?;
        // A document that cannot be written as JSON is shown instead (it never is).
        let body = serde_json::to_string(&**review).ok()?;
        let now = rfc3339_ms(at).unwrap_or_default();
        let entry = Entry {
            review_id,
            body,
            endpoint,
            method: session.config.method,
            draft_key: Some(draft::key(&session.rubric, &session.context_key())),
            label: session.label(),
            created_at_ms: now,
            attempts: 0,
            next_attempt_ms: now,
            state: EntryState::Pending,
            last_error: None,
        };
        let review = review.clone();
        Some(Outgoing { entry, review })
    }

    fn edit(&mut self, item: String, edit: ItemEdit) -> bool {
        let set = |entry: &mut Answer, value: Option<Value>| {
            entry.na &= value.is_none();
            entry.value = value;
        };
        match edit {
            ItemEdit::Value { value } => {
                self.pending.remove(&item);
                set(self.answers.0.entry(item).or_default(), value);
            }
            ItemEdit::Typed { text, value } => {
                if text.is_empty() {
                    self.pending.remove(&item);
                } else {
                    self.pending.insert(item.clone(), text);
                }
                set(self.answers.0.entry(item).or_default(), value);
            }
            ItemEdit::Na { na } => self.answers.0.entry(item).or_default().na = na,
            ItemEdit::Comment { text } => {
                self.answers.0.entry(item).or_default().comment =
                    Some(text).filter(|t| !t.is_empty());
                return false;
            }
            ItemEdit::Tag { tag, on } => {
                let tags = &mut self.answers.0.entry(item).or_default().tags;
                tags.retain(|t| *t != tag);
                if on {
                    tags.push(tag);
                }
                return false;
            }
        }
        true
    }

    fn submit(&mut self, at: String, how: How) {
        if self.session.config.mode != Mode::Inspect {
            let timed_out = how == How::Anyway { timed_out: true };
            self.finished = Some(Finished {
                at: at.clone(),
                timed_out,
            });
            self.revision += 1;
        }
        let review = Rc::new(self.review(at.clone()));
        match self.outgoing(&review, &at) {
            Some(outgoing) => self.outgoing = Some(Rc::new(outgoing)),
            None => self.shown = Some(review),
        }
    }

    /// The state after `action`.
    pub fn apply(&self, action: Action) -> ReviewState {
        let mut next = self.clone();
        match action {
            Action::Edit { item, edit } => {
                let rescore = next.edit(item, edit);
                // An entry with nothing left in it is no answer at all.
                next.answers.0.retain(|_, a| *a != Answer::default());
                if rescore {
                    next.score = Rc::new(score_of(&next.session.scorer, &next.answers));
                }
                next.revision += 1;
            }
            Action::OverallComment { text } => {
                next.comment = text;
                next.revision += 1;
            }
            Action::Restore { draft } => {
                // Saved again (the revision moves) under this rubric's own key.
                next = ReviewState::from_draft(next.session.clone(), *draft).0;
                next.revision = self.revision + 1;
                next.drafts_refused = self.drafts_refused;
            }
            Action::StartOver {
                review_id,
                started_at,
            } => {
                // Not saved until the first answer: an empty draft is nothing to restore.
                next = ReviewState::new(next.session.clone(), review_id, started_at);
                next.revision = self.revision;
                next.drafts_refused = self.drafts_refused;
            }
            Action::DraftSaved { at: Some(at) } => next.saved_at = Some(at),
            Action::DraftSaved { at: None } => next.drafts_refused = true,
            Action::Submit {
                how: How::Complete, ..
            } if !self.score.missing.is_empty() => {}
            Action::Submit { at, how } => next.submit(at, how),
            Action::Delivered { queued } => {
                let outgoing = next.outgoing.take();
                if !queued {
                    next.shown = outgoing.map(|o| o.review.clone());
                }
            }
            Action::CloseShown => next.shown = None,
            Action::DismissNote => next.note = None,
            // Nothing of the draft changes (it is kept by the call, not the context).
            Action::Session { session } => next.session = session,
        }
        next
    }
}

#[cfg(target_arch = "wasm32")]
impl yew::Reducible for ReviewState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
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

#[cfg(test)]
mod tests;
