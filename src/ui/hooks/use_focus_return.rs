use std::cell::RefCell;
use std::rc::Rc;

use uuid::Uuid;
use yew::prelude::*;

use crate::ui::dom::{focus_next_missing, refocus_if_lost};

/// The node that asked a question (`asking`): when the question closes, either way,
/// the keyboard focus goes back to it instead of falling to the page.
#[hook]
pub fn use_focus_return(asking: bool) -> NodeRef {
    let node = use_node_ref();
    let was_asking = use_mut_ref(|| false);
    {
        let node = node.clone();
        use_effect_with(asking, move |asking| {
            if was_asking.replace(*asking) && !*asking {
                refocus_if_lost(node.cast());
            }
        });
    }
    node
}

/// After "Start a new review" (which goes away with the review it ended), the keyboard
/// goes on to the new review's first item once it is on screen. The returned flag is
/// set by whoever starts the new review.
#[hook]
pub fn use_focus_first_on_new(review_id: Uuid, root: NodeRef) -> Rc<RefCell<bool>> {
    let armed = use_mut_ref(|| false);
    {
        let armed = armed.clone();
        use_effect_with(review_id, move |_| {
            if armed.replace(false)
                && let Some(widget) = root.cast::<web_sys::Element>()
            {
                focus_next_missing(&widget);
            }
        });
    }
    armed
}

/// Where the keyboard goes when what had it goes away: after "Cancel", back to the
/// entry's Discard; after a discard, to the Outbox button (while anything is left).
/// Returns the nodes of the Outbox button and of the list.
#[hook]
pub fn use_discard_focus(
    confirming: &UseStateHandle<Option<String>>,
    entries: usize,
) -> (NodeRef, NodeRef) {
    let (toggle, list) = (use_node_ref(), use_node_ref());
    {
        let (toggle, list) = (toggle.clone(), list.clone());
        let asked = confirming
            .as_ref()
            .map(|id| format!("[data-testid=\"discard-{id}\"]"));
        let last_asked = use_mut_ref(|| None::<String>);
        use_effect_with(((**confirming).clone(), entries), move |_| {
            let discard = last_asked.replace(asked).and_then(|selector| {
                list.cast::<web_sys::Element>()?
                    .query_selector(&selector)
                    .ok()?
            });
            refocus_if_lost(
                discard
                    .and_then(|d| wasm_bindgen::JsCast::dyn_into(d).ok())
                    .or_else(|| toggle.cast()),
            );
        });
    }
    (toggle, list)
}
