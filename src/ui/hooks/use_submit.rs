use yew::prelude::*;

use crate::ui::dom::{focus_item, now_iso};
use crate::ui::state::{Action, How, ReviewState};

/// Submitting, as the button, the host's `submit` and the quiz's clock do it: a
/// review that must be complete and is not takes the keyboard to its first missing
/// item (inside `root`); otherwise the reducer submits it, now.
#[hook]
pub fn use_submit(state: &UseReducerHandle<ReviewState>, root: NodeRef) -> Callback<How> {
    let dispatch = state.dispatcher();
    let first_missing = state.score.missing.first().map(|id| id.to_string());
    Callback::from(move |how: How| match (how, &first_missing) {
        (How::Complete, Some(id)) => {
            if let Some(widget) = root.cast::<web_sys::Element>() {
                focus_item(&widget, id);
            }
        }
        _ => dispatch.dispatch(Action::Submit { at: now_iso(), how }),
    })
}
