use std::rc::Rc;

use yew::prelude::*;

use crate::ui::dom::fresh_start;
use crate::ui::draft;
use crate::ui::session::Session;
use crate::ui::state::{Action, ReviewState};

/// The review to open with: this call's draft, else a fresh one (and word of a draft
/// made against another version of the rubric).
fn opening(session: &Rc<Session>) -> ReviewState {
    let call = session.context_key();
    let saved = draft::load(&session.rubric, &call);
    let other = match saved {
        Some(_) => None,
        None => draft::others(&session.rubric, &call).into_iter().next(),
    };
    let mut state = ReviewState::opening(session.clone(), saved, other, fresh_start());
    state.drafts_refused = !draft::available();
    state
}

/// The review of `session` (its draft restored), owned by one reducer; a new context
/// for the same call (the form keeps its key) reaches the review on screen.
#[hook]
pub fn use_review(session: &Rc<Session>) -> UseReducerHandle<ReviewState> {
    let state = {
        let session = session.clone();
        use_reducer(move || opening(&session))
    };
    {
        let state = state.clone();
        use_effect_with(session.clone(), move |session| {
            if !Rc::ptr_eq(&state.session, session) {
                let session = session.clone();
                state.dispatch(Action::Session { session });
            }
        });
    }
    state
}
