//! A −/+ stepper with a typeable box (`count` items).

use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::ui::dom::text_input;

#[derive(Properties, PartialEq)]
pub struct StepperProps {
    pub item: AttrValue,
    /// The accessible name of the box (the item's title).
    pub label: AttrValue,
    /// What the box shows: the answer, or text typed that is not a valid answer.
    pub text: String,
    pub value: Option<u64>,
    pub disabled: bool,
    #[prop_or_default]
    pub required: bool,
    pub decrease_label: AttrValue,
    pub increase_label: AttrValue,
    /// Text typed into the box.
    pub on_input: Callback<String>,
    /// A new count from the buttons or arrow keys.
    pub on_step: Callback<u64>,
}

/// A −/+ stepper with a typeable box (`count` items).
#[function_component(Stepper)]
pub fn stepper(props: &StepperProps) -> Html {
    let step = |delta: i64| {
        let on_step = props.on_step.clone();
        let value = props.value;
        move || {
            let next = match value {
                None => u64::from(delta > 0),
                Some(n) => n.saturating_add_signed(delta),
            };
            on_step.emit(next);
        }
    };
    let dec = step(-1);
    let inc = step(1);
    let onkeydown = {
        let (dec, inc) = (step(-1), step(1));
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowUp" => {
                e.prevent_default();
                inc();
            }
            "ArrowDown" => {
                e.prevent_default();
                dec();
            }
            _ => {}
        })
    };
    let oninput = text_input(&props.on_input);
    html! {
        <div class="stepper">
            <button type="button" class="step" aria-label={props.decrease_label.clone()}
                    data-testid={format!("dec-{}", props.item)} disabled={props.disabled}
                    onclick={Callback::from(move |_| dec())}>{ "−" }</button>
            <input type="text" inputmode="numeric" class="count" role="spinbutton"
                   aria-label={props.label.clone()} aria-valuemin="0"
                   aria-required={props.required.then_some("true")}
                   aria-valuenow={props.value.map(|v| v.to_string())}
                   value={props.text.clone()} placeholder="–" disabled={props.disabled}
                   data-focus-first="" data-testid={format!("count-{}", props.item)}
                   {oninput} {onkeydown} />
            <button type="button" class="step" aria-label={props.increase_label.clone()}
                    data-testid={format!("inc-{}", props.item)} disabled={props.disabled}
                    onclick={Callback::from(move |_| inc())}>{ "+" }</button>
        </div>
    }
}
