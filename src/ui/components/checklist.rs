//! Checkboxes for a `multi` item.

use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::ui::choices::Choice;
use crate::ui::dom::{arrow_target, focus_sibling, index_of};

#[derive(Properties, PartialEq)]
pub struct ChecklistProps {
    pub item: AttrValue,
    pub label_id: AttrValue,
    pub choices: Vec<Choice>,
    pub selected: Vec<String>,
    pub disabled: bool,
    /// The element that says the item must be answered (a group has no
    /// `aria-required`).
    #[prop_or_default]
    pub required_id: Option<AttrValue>,
    /// The chosen values, in the choices' order.
    pub on_change: Callback<Vec<String>>,
}

/// Checkboxes for a `multi` item; arrows move between them, Space toggles.
#[function_component(Checklist)]
pub fn checklist(props: &ChecklistProps) -> Html {
    let onkeydown = {
        let n = props.choices.len();
        Callback::from(move |e: KeyboardEvent| {
            let Some(target) = e.target_dyn_into::<HtmlElement>() else {
                return;
            };
            if let Some(next) = index_of(&target).and_then(|i| arrow_target(&e.key(), i, n)) {
                e.prevent_default();
                focus_sibling(&target, "input[type=checkbox]", next);
            }
        })
    };
    html! {
        <div class={classes!("checklist", props.disabled.then_some("disabled"))} role="group"
             aria-labelledby={props.label_id.clone()} aria-describedby={props.required_id.clone()}
             data-group="" {onkeydown}>
            { for props.choices.iter().enumerate().map(|(i, c)| {
                let checked = props.selected.contains(&c.value);
                let onchange = {
                    let on_change = props.on_change.clone();
                    let all: Vec<String> = props.choices.iter().map(|c| c.value.clone()).collect();
                    let selected = props.selected.clone();
                    let value = c.value.clone();
                    Callback::from(move |_: Event| {
                        let chosen = all
                            .iter()
                            .filter(|v| if **v == value { !checked } else { selected.contains(v) })
                            .cloned()
                            .collect();
                        on_change.emit(chosen);
                    })
                };
                html! {
                    <label class={classes!("check", c.tone.class(), checked.then_some("on"))}>
                        <input type="checkbox" checked={checked} disabled={props.disabled}
                               aria-label={c.aria.clone()} data-index={i.to_string()}
                               data-focus-first={(i == 0).then_some(AttrValue::Static(""))}
                               data-testid={format!("opt-{}-{}", props.item, c.value)} {onchange} />
                        <span class="check-label" aria-hidden="true">{ &c.label }</span>
                        <span class="seg-points" aria-hidden="true">{ &c.hint }</span>
                    </label>
                }
            }) }
        </div>
    }
}
