//! A question asked in place of the button that raised it.

use yew::prelude::*;

use crate::ui::hooks::use_autofocus;

/// A question asked in place of the button that raised it (an alert dialog).
#[derive(Properties, PartialEq)]
pub struct ConfirmProps {
    /// The DOM id of the question (labels the dialog).
    pub id: AttrValue,
    pub testid: AttrValue,
    pub question: String,
    #[prop_or_default]
    pub class: Classes,
    pub confirm: &'static str,
    /// "primary", or "danger" for what cannot be undone.
    pub confirm_class: &'static str,
    pub confirm_testid: AttrValue,
    pub cancel: &'static str,
    pub cancel_testid: AttrValue,
    pub on_confirm: Callback<MouseEvent>,
    pub on_cancel: Callback<MouseEvent>,
}

/// The safe answer takes the keyboard focus when the question appears: the button that
/// asked is gone, so focus would otherwise fall to the page, and Enter pressed twice
/// never confirms by accident.
#[function_component(Confirm)]
pub fn confirm(props: &ConfirmProps) -> Html {
    let cancel = use_autofocus();
    html! {
        <div class={classes!("confirm", props.class.clone())} role="alertdialog" aria-labelledby={props.id.clone()}
             data-testid={props.testid.clone()}>
            <p id={props.id.clone()}>{ &props.question }</p>
            <div class="dialog-actions">
                <button type="button" class={props.confirm_class} data-testid={props.confirm_testid.clone()}
                        onclick={props.on_confirm.clone()}>{ props.confirm }</button>
                <button type="button" class="secondary" ref={cancel} data-testid={props.cancel_testid.clone()}
                        onclick={props.on_cancel.clone()}>{ props.cancel }</button>
            </div>
        </div>
    }
}
