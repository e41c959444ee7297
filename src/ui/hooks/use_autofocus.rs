use web_sys::HtmlElement;
use yew::prelude::*;

/// A node that takes the focus when it first appears (a dialog's or a results view's
/// heading, a question's safe answer), so keyboard and screen-reader users land on
/// what just opened.
#[hook]
pub fn use_autofocus() -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            if let Some(element) = node.cast::<HtmlElement>() {
                let _ = element.focus();
            }
        });
    }
    node
}
