//! A region that scrolls sideways on a narrow screen (a wide table or chart): it
//! takes the keyboard focus, so it can be scrolled without a pointer, and is named.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScrollBoxProps {
    pub label: AttrValue,
    pub children: Html,
}

#[function_component(ScrollBox)]
pub fn scroll_box(props: &ScrollBoxProps) -> Html {
    html! {
        <div class="scroll" tabindex="0" role="region" aria-label={props.label.clone()}>
            { props.children.clone() }
        </div>
    }
}
