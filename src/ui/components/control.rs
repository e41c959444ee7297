//! What an item's control is built from, and what it says when a typed count or number
//! does not fit. Shared by the controls of every kind.

use yew::prelude::*;

use crate::core::{Answer, Bound, Item, ItemTrace};
use crate::ui::choices::QuizView;
use crate::ui::format::points;
use crate::ui::i18n::{Key, Lang, Msg, msg, t};
use crate::ui::session::Session;

/// What the control of one item is built from.
pub struct Control<'a> {
    pub session: &'a Session,
    pub item: &'a Item,
    pub answer: &'a Answer,
    /// What was typed into its count or number box.
    pub typed: Option<&'a str>,
    /// The engine's trace of the item: what the control says it earned or lost.
    pub trace: Option<&'a ItemTrace>,
    /// The item's title, the accessible name of its control.
    pub title: &'a str,
    pub title_id: &'a str,
    /// Submitted: shown, not editable.
    pub locked: bool,
    /// A quiz in progress: the key stays hidden (no points, no right/wrong colours), and
    /// options may come in the attempt's shuffled order.
    pub quiz: Option<&'a QuizView>,
}

impl Control<'_> {
    pub fn lang(&self) -> Lang {
        self.session.lang
    }

    pub fn item_id(&self) -> AttrValue {
        self.item.id.to_string().into()
    }

    /// Not to be changed: answered N/A, or submitted.
    pub fn disabled(&self) -> bool {
        self.answer.na || self.locked
    }

    /// Whether the item must be answered (said by `aria-required`).
    pub fn required(&self) -> bool {
        self.item.is_required() && self.item.is_scored()
    }
}

/// Why a count or number does not fit, in the UI's language.
pub fn bound_message(lang: Lang, bound: Bound) -> String {
    match bound {
        Bound::BelowMin(lo) => msg(lang, Msg::NumberAtLeast(&points(lo))),
        Bound::AboveMax(hi) | Bound::AboveBands(hi) => msg(lang, Msg::NumberAtMost(&points(hi))),
        Bound::AboveLimit(limit) => msg(lang, Msg::NumberAtMost(&limit.to_string())),
    }
}

/// What typed text that is not a valid value is told: the bound it breaks, or that a
/// number is wanted.
pub fn typed_problem(lang: Lang, broken: Option<Bound>) -> String {
    match broken {
        Some(bound) => bound_message(lang, bound),
        None => t(lang, Key::EnterNumber).to_owned(),
    }
}
