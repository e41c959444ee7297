use yew::prelude::*;

use super::use_focus_return;
use crate::ui::dom::fresh_start;
use crate::ui::draft;
use crate::ui::state::{Action, ReviewState};

/// "Start over", which asks first: whether it is asking, the button that asked (it
/// gets the focus back when the question closes), and what asking, cancelling and
/// confirming do. Confirmed, the draft goes and a fresh review of the call begins.
#[derive(Clone, PartialEq)]
pub struct StartOver {
    pub asking: bool,
    pub button: NodeRef,
    pub ask: Callback<MouseEvent>,
    pub cancel: Callback<MouseEvent>,
    pub confirm: Callback<()>,
}

#[hook]
pub fn use_start_over(state: &UseReducerHandle<ReviewState>) -> StartOver {
    let asking = use_state(|| false);
    let button = use_focus_return(*asking);
    let set = |value: bool| {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| asking.set(value))
    };
    let confirm = {
        let (dispatch, session, asking) =
            (state.dispatcher(), state.session.clone(), asking.clone());
        Callback::from(move |()| {
            draft::remove(&session.rubric, &session.context_key());
            dispatch.dispatch(Action::start_over(fresh_start()));
            asking.set(false);
        })
    };
    StartOver {
        asking: *asking,
        button,
        ask: set(true),
        cancel: set(false),
        confirm,
    }
}
