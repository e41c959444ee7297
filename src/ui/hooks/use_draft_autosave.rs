use yew::prelude::*;

use crate::ui::dom::now_iso;
use crate::ui::draft;
use crate::ui::state::{Action, ReviewState};

/// Save every change as the draft of this rubric and call (not before the first
/// change: an untouched review is nothing to restore); the reducer hears when it was
/// saved, or that the browser refused it.
#[hook]
pub fn use_draft_autosave(state: &UseReducerHandle<ReviewState>) {
    let state = state.clone();
    use_effect_with(state.revision, move |revision| {
        if *revision > 0 {
            let at = now_iso();
            let saved = draft::save(&state.draft(at.clone())).is_ok();
            state.dispatch(Action::DraftSaved {
                at: saved.then_some(at),
            });
        }
    });
}
