//! A counter: the smallest useful Yew app, to measure what Yew itself costs.
use yew::prelude::*;

#[function_component]
fn Counter() -> Html {
    let count = use_state(|| 0u32);
    let onclick = {
        let count = count.clone();
        Callback::from(move |_| count.set(*count + 1))
    };
    html! {
        <div class="counter">
            <button {onclick}>{ "+1" }</button>
            <p>{ *count }</p>
        </div>
    }
}

fn main() {
    yew::Renderer::<Counter>::new().render();
}
