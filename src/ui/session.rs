//! What a review is about, fixed for the life of the form: the rubric (compiled),
//! exactly which text it was, the widget's configuration (with the host's context),
//! the UI language and, when calibrating, the expert's review.

use std::rc::Rc;

use indexmap::IndexMap;
use serde_json::Value;

use super::i18n::Lang;
use crate::config::WidgetConfig;
use crate::core::quiz::Timing;
use crate::core::{Review, RubricRef, Scorer, Text};

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

impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
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

    /// The same review's session with a new configuration (the host's context changed,
    /// not the call).
    pub fn with_config(&self, config: Rc<WidgetConfig>) -> Session {
        Session {
            scorer: self.scorer.clone(),
            rubric: self.rubric.clone(),
            config,
            lang: self.lang,
            reference: self.reference.clone(),
        }
    }

    /// A rubric text in the UI's language.
    pub fn text(&self, text: &Text) -> String {
        self.scorer
            .rubric()
            .text(text, Some(self.lang.tag()))
            .to_owned()
    }

    /// The quiz's time limit and shuffle.
    pub fn timing(&self) -> Timing {
        Timing {
            time_limit_s: self.config.quiz.time_limit_s,
            shuffle: self.config.quiz.shuffle,
        }
    }

    /// What the outbox list calls a review: the rubric's title and the call.
    pub fn label(&self) -> String {
        let mut label = self.text(&self.scorer.rubric().title);
        for key in ["call_id", "ticket_id", "agent_id"] {
            if let Some(v) = self.context().get(key).and_then(Value::as_str) {
                label.push_str(" · ");
                label.push_str(v);
            }
        }
        label
    }
}
