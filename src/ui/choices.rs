//! The choices a pass/fail, option or checklist item offers, as the inspector sees
//! them: the label, what choosing it is worth ("+5", "0", "−3", or that it fails the
//! review), what a screen reader says, and how it looks when chosen. A quiz attempt
//! sees them without anything that gives the key away, in its own order.

use uuid::Uuid;

use super::format::{points, signed_points};
use super::i18n::{Key, Lang, Msg, msg, t};
use super::session::Session;
use crate::core::{ChoiceOption, Critical, Item, ItemKind};

/// One choice of a radio group or checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    /// What choosing it is worth, shown beside the label ("+5", "0", "−3").
    pub hint: String,
    /// For the screen reader: the label and what it is worth.
    pub aria: String,
    pub tone: Tone,
}

/// How a choice looks when selected: a full mark, a loss, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Partial,
    Bad,
    /// Worth nothing either way (a classification such as the call type).
    Neutral,
}

impl Tone {
    pub fn class(self) -> &'static str {
        match self {
            Tone::Good => "good",
            Tone::Partial => "partial",
            Tone::Bad => "bad",
            Tone::Neutral => "neutral",
        }
    }

    /// The tone of an option worth `p` out of the item's best `best`.
    fn of(p: f64, best: f64) -> Tone {
        if best <= 0.0 {
            Tone::Neutral
        } else if p >= best {
            Tone::Good
        } else if p <= 0.0 {
            Tone::Bad
        } else {
            Tone::Partial
        }
    }
}

/// How a quiz attempt shows a question.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizView {
    pub review_id: Uuid,
    pub shuffle: bool,
}

impl QuizView {
    /// The choices in the order this attempt shows them, with nothing that gives the
    /// key away.
    pub fn present(&self, item_id: &str, choices: Vec<Choice>) -> Vec<Choice> {
        let order = if self.shuffle {
            crate::core::quiz::shuffled_order(&self.review_id, item_id, choices.len())
        } else {
            (0..choices.len()).collect()
        };
        order
            .into_iter()
            .filter_map(|i| choices.get(i).cloned())
            .map(|c| Choice {
                hint: String::new(),
                aria: c.label.clone(),
                tone: Tone::Neutral,
                ..c
            })
            .collect()
    }
}

/// The choices of a pass/fail, option or checklist item (none for other kinds), as a
/// quiz attempt shows them when `quiz` is given.
pub fn choices(session: &Session, item: &Item, quiz: Option<&QuizView>) -> Vec<Choice> {
    let lang = session.lang;
    let all = match &item.kind {
        ItemKind::Check { points, critical } => pass_fail(*points, *critical, lang),
        ItemKind::Choice { options } => {
            let best = item.possible();
            options.iter().map(|o| option(session, o, best)).collect()
        }
        ItemKind::Multi { options, .. } => options.iter().map(|o| checkbox(session, o)).collect(),
        _ => Vec::new(),
    };
    match quiz {
        Some(quiz) => quiz.present(&item.id, all),
        None => all,
    }
}

fn pass_fail(p: f64, critical: Option<Critical>, lang: Lang) -> Vec<Choice> {
    let worth = |p: f64| msg(lang, Msg::Points(&points(p)));
    let fails_review = t(lang, Key::CriticalForm).to_owned();
    let (fail_hint, fail_worth) = match critical {
        Some(_) => (fails_review.clone(), fails_review),
        None => ("0".to_owned(), worth(0.0)),
    };
    vec![
        Choice {
            value: "pass".into(),
            label: t(lang, Key::Pass).into(),
            hint: signed_points(p),
            aria: format!("{}, {}", t(lang, Key::Pass), worth(p)),
            tone: Tone::Good,
        },
        Choice {
            value: "fail".into(),
            label: t(lang, Key::Fail).into(),
            hint: fail_hint,
            aria: format!("{}, {fail_worth}", t(lang, Key::Fail)),
            tone: Tone::Bad,
        },
    ]
}

/// One option of a `choice` item: its points out of the best option's `best`.
fn option(session: &Session, o: &ChoiceOption, best: f64) -> Choice {
    let lang = session.lang;
    let label = session.text(&o.label);
    let (hint, worth, tone) = match o.critical {
        Some(_) => {
            let fails = t(lang, Key::CriticalForm).to_owned();
            (fails.clone(), fails, Tone::Bad)
        }
        None => (
            points(o.points),
            msg(lang, Msg::Points(&points(o.points))),
            Tone::of(o.points, best),
        ),
    };
    Choice {
        value: o.id.to_string(),
        aria: format!("{label}, {worth}"),
        label,
        hint,
        tone,
    }
}

/// One box of a checklist or deduction list: what ticking it adds or takes away.
fn checkbox(session: &Session, o: &ChoiceOption) -> Choice {
    let label = session.text(&o.label);
    let loses = o.points < 0.0 || o.critical.is_some();
    Choice {
        value: o.id.to_string(),
        aria: format!("{label}, {}", signed_points(o.points)),
        label,
        hint: signed_points(o.points),
        tone: if loses { Tone::Bad } else { Tone::Good },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::WidgetConfig;
    use crate::core::{RubricRef, Scorer};
    use std::rc::Rc;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const CC: &str = include_str!("../../tests/fixtures/rubrics/cc-qc-standard.json");

    fn session(lang: Lang) -> Session {
        let scorer = Scorer::from_json(CC).unwrap();
        Session {
            rubric: RubricRef::new(scorer.rubric(), CC),
            scorer: Rc::new(scorer),
            config: Rc::new(WidgetConfig::default()),
            lang,
            reference: None,
        }
    }

    fn hints(choices: &[Choice]) -> Vec<(&str, &str)> {
        choices
            .iter()
            .map(|c| (c.hint.as_str(), c.aria.as_str()))
            .collect()
    }

    #[test]
    fn choices_say_what_they_are_worth() {
        let s = session(Lang::En);
        let item = |id: &str| s.scorer.item_by_id(id).cloned().unwrap();
        let abuse = choices(&s, &item("abuse"), None);
        assert_eq!(
            hints(&abuse),
            [("0", "Pass, 0 pts"), ("Fatal", "Fail, Fatal")]
        );
        let hold = choices(&s, &item("hold"), None);
        assert_eq!(hints(&hold), [("+4", "Pass, 4 pts"), ("0", "Fail, 0 pts")]);
        let opening = choices(&s, &item("opening"), None);
        assert_eq!(
            opening.iter().map(|c| c.tone).collect::<Vec<_>>(),
            [Tone::Good, Tone::Partial, Tone::Bad]
        );
        let call_type = choices(&s, &item("call_type"), None);
        assert!(
            call_type.iter().all(|c| c.tone == Tone::Neutral),
            "worth nothing"
        );
    }

    #[test]
    fn a_quiz_shows_no_points_in_the_attempts_own_order() {
        let s = session(Lang::En);
        let tone = s.scorer.item_by_id("tone").cloned().unwrap();
        let quiz = QuizView {
            review_id: Uuid::from_u128(3),
            shuffle: true,
        };
        let plain = choices(&s, &tone, None);
        let seen = choices(&s, &tone, Some(&quiz));
        assert!(
            seen.iter()
                .all(|c| c.hint.is_empty() && c.aria == c.label && c.tone == Tone::Neutral)
        );
        let order: Vec<usize> = seen
            .iter()
            .filter_map(|c| plain.iter().position(|p| p.value == c.value))
            .collect();
        assert_eq!(
            order,
            crate::core::quiz::shuffled_order(&quiz.review_id, "tone", plain.len())
        );
    }
}
