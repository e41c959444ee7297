//! A box for a measured value (`number` items), with its unit.

use yew::prelude::*;

use crate::ui::dom::text_input;

#[derive(Properties, PartialEq)]
pub struct NumberBoxProps {
    pub item: AttrValue,
    pub label: AttrValue,
    pub text: String,
    pub unit: Option<String>,
    pub invalid: bool,
    pub describedby: Option<AttrValue>,
    pub disabled: bool,
    #[prop_or_default]
    pub required: bool,
    pub on_input: Callback<String>,
}

/// A box for a measured value (`number` items), with its unit.
#[function_component(NumberBox)]
pub fn number_box(props: &NumberBoxProps) -> Html {
    let oninput = text_input(&props.on_input);
    html! {
        <span class="number">
            <input type="text" inputmode="decimal" aria-label={props.label.clone()}
                   aria-invalid={props.invalid.to_string()}
                   aria-required={props.required.then_some("true")}
                   aria-describedby={props.describedby.clone()}
                   value={props.text.clone()} disabled={props.disabled} data-focus-first=""
                   data-testid={format!("number-{}", props.item)} {oninput} />
            if let Some(unit) = &props.unit { <span class="unit">{ unit }</span> }
        </span>
    }
}
