use yew::prelude::*;

use super::use_outbox;
use crate::ui::state::{Action, ReviewState};

/// A submitted review into the outbox, which saves it before sending; the reducer
/// hears whether the browser kept it (if not, the review is shown with a download).
#[hook]
pub fn use_delivery(state: &UseReducerHandle<ReviewState>) {
    let outbox = use_outbox();
    let dispatch = state.dispatcher();
    use_effect_with(state.outgoing.clone(), move |outgoing| {
        let Some(outgoing) = outgoing.clone() else {
            return;
        };
        match outbox.outbox {
            Some(outbox) => wasm_bindgen_futures::spawn_local(async move {
                let queued = outbox.enqueue(outgoing.entry.clone()).await.is_ok();
                dispatch.dispatch(Action::Delivered { queued });
            }),
            None => dispatch.dispatch(Action::Delivered { queued: false }),
        }
    });
}
