//! A segmented control with radio semantics (pass/fail and option items).

use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::ui::choices::Choice;
use crate::ui::dom::{arrow_target, focus_sibling, index_of};

#[derive(Properties, PartialEq)]
pub struct RadioGroupProps {
    /// The item id, for test hooks.
    pub item: AttrValue,
    pub label_id: AttrValue,
    pub choices: Vec<Choice>,
    pub selected: Option<String>,
    pub disabled: bool,
    /// The item must be answered.
    #[prop_or_default]
    pub required: bool,
    /// A click on the selected choice clears it (None).
    pub on_select: Callback<Option<String>>,
}

/// A segmented control with radio semantics: one tab stop, arrows move and select.
#[function_component(RadioGroup)]
pub fn radio_group(props: &RadioGroupProps) -> Html {
    let current = props
        .selected
        .as_ref()
        .and_then(|s| props.choices.iter().position(|c| &c.value == s))
        .unwrap_or(0);
    let onkeydown = {
        let values: Vec<String> = props.choices.iter().map(|c| c.value.clone()).collect();
        let on_select = props.on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(target) = e.target_dyn_into::<HtmlElement>() else {
                return;
            };
            let Some(next) =
                index_of(&target).and_then(|i| arrow_target(&e.key(), i, values.len()))
            else {
                return;
            };
            e.prevent_default();
            on_select.emit(values.get(next).cloned());
            focus_sibling(&target, "[role=radio]", next);
        })
    };
    html! {
        <div class={classes!("segmented", props.disabled.then_some("disabled"))} role="radiogroup"
             aria-labelledby={props.label_id.clone()} aria-disabled={props.disabled.to_string()}
             aria-required={props.required.then_some("true")}
             data-group="" {onkeydown}>
            { for props.choices.iter().enumerate().map(|(i, c)| {
                let checked = props.selected.as_deref() == Some(c.value.as_str());
                let onclick = {
                    let on_select = props.on_select.clone();
                    let value = c.value.clone();
                    Callback::from(move |_| on_select.emit((!checked).then(|| value.clone())))
                };
                html! {
                    <button type="button" role="radio" aria-checked={checked.to_string()}
                            aria-label={c.aria.clone()}
                            tabindex={if i == current { "0" } else { "-1" }}
                            data-focus-first={(i == current).then_some(AttrValue::Static(""))}
                            class={classes!("seg", c.tone.class(), checked.then_some("on"))}
                            data-index={i.to_string()}
                            data-testid={format!("opt-{}-{}", props.item, c.value)}
                            disabled={props.disabled} {onclick}>
                        <span class="seg-label">{ &c.label }</span>
                        <span class="seg-points" aria-hidden="true">{ &c.hint }</span>
                    </button>
                }
            }) }
        </div>
    }
}
