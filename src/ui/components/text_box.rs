//! Free text with a length counter (`text` items).

use yew::prelude::*;

use crate::ui::dom::text_input;

#[derive(Properties, PartialEq)]
pub struct TextBoxProps {
    pub item: AttrValue,
    pub label: AttrValue,
    pub text: String,
    pub max_length: Option<u64>,
    pub counter: String,
    pub disabled: bool,
    #[prop_or_default]
    pub required: bool,
    pub on_input: Callback<String>,
}

/// Free text with a length counter (`text` items).
#[function_component(TextBox)]
pub fn text_box(props: &TextBoxProps) -> Html {
    let oninput = text_input(&props.on_input);
    let counter_id = format!("rw-counter-{}", props.item);
    html! {
        <div class="textbox">
            <textarea aria-label={props.label.clone()} rows="3" value={props.text.clone()}
                      maxlength={props.max_length.map(|m| m.to_string())}
                      aria-describedby={counter_id.clone()} disabled={props.disabled}
                      aria-required={props.required.then_some("true")}
                      data-focus-first="" data-testid={format!("text-{}", props.item)} {oninput} />
            <span class="counter" id={counter_id}>{ &props.counter }</span>
        </div>
    }
}
