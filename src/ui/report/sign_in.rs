//! A supervisor's token for a receiver that requires one (kept in this tab only).

use yew::prelude::*;

use super::text::Label;
use crate::ui::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct SignInProps {
    pub lang: Lang,
    /// Why the receiver refused (a wrong role's 403 says so).
    pub message: AttrValue,
    pub on_token: Callback<String>,
}

#[function_component(SignIn)]
pub fn sign_in(props: &SignInProps) -> Html {
    let lang = props.lang;
    let input = use_node_ref();
    let onsubmit = {
        let (input, on_token) = (input.clone(), props.on_token.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let token = input
                .cast::<web_sys::HtmlInputElement>()
                .map(|i| i.value().trim().to_owned())
                .unwrap_or_default();
            if !token.is_empty() {
                on_token.emit(token);
            }
        })
    };
    html! {
        <form class="notice sign-in" data-testid="sign-in" {onsubmit}>
            <h2>{ Label::SignInNeeded.text(lang) }</h2>
            <p>{ Label::SignInHint.text(lang) }</p>
            <p class="detail" role="alert">{ props.message.clone() }</p>
            <label>{ Label::Token.text(lang) }
                <input ref={input} type="password" autocomplete="off" required=true />
            </label>
            <button type="submit">{ Label::SignIn.text(lang) }</button>
        </form>
    }
}
