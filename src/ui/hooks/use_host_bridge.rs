use std::rc::Rc;

use yew::prelude::*;

use crate::ui::dom::now_iso;
use crate::ui::host::{Command, Host};
use crate::ui::host_events;
use crate::ui::state::{How, ReviewState};

/// The host page and the review on screen: it hears that the rubric is `ready` (for
/// each new review) and of every `change` (with the review as it would be submitted
/// now, made only when `getReview()` asks), and its `submit` and `reset` commands
/// reach the form.
#[hook]
pub fn use_host_bridge(
    host: &Rc<Host>,
    state: &UseReducerHandle<ReviewState>,
    on_submit: Callback<How>,
    on_reset: Callback<()>,
) {
    {
        let (host, session) = (host.clone(), state.session.clone());
        use_effect_with(state.review_id, move |review_id| {
            let id = review_id.to_string();
            host.emit("ready", Some(&id), || host_events::ready(&session));
        });
    }
    {
        let (host, state) = (host.clone(), state.clone());
        use_effect_with((state.revision, state.review_id), move |_| {
            let id = state.review_id.to_string();
            let make = {
                let state = state.clone();
                Rc::new(move || serde_json::to_value(state.review(now_iso())).ok())
            };
            host.set_review(Some((id.clone(), make)));
            host.emit("change", Some(&id), || host_events::change(&state.score));
        });
    }
    {
        let host = host.clone();
        use_effect_with((on_submit, on_reset), move |(on_submit, on_reset)| {
            let (on_submit, on_reset) = (on_submit.clone(), on_reset.clone());
            host.listen_form(Some(Callback::from(move |command| match command {
                Command::Submit => on_submit.emit(How::Complete),
                Command::Reset => on_reset.emit(()),
                Command::SetContext(_) | Command::SetConfig(_) => {}
            })));
            move || host.listen_form(None)
        });
    }
}
