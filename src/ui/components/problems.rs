//! The screen for a rubric that cannot be used: every problem with its path, never a
//! blank page.

use yew::prelude::*;

use crate::ui::i18n::{Key, Lang, t};

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub lang: Lang,
    pub heading: Key,
    /// Where the rubric came from (a URL, or the pasted text).
    pub source: AttrValue,
    pub problems: Vec<String>,
    /// Inside a host's page there is no list of rubrics to go back to.
    #[prop_or_default]
    pub embedded: bool,
    /// Back to the start page (the link still works without script: `?lang=…`).
    #[prop_or_default]
    pub on_back: Callback<()>,
}

#[function_component(Problems)]
pub fn problems(props: &ProblemsProps) -> Html {
    let lang = props.lang;
    html! {
        <section class="problems" role="alert" aria-labelledby="rw-problems-title">
            <h1 id="rw-problems-title">{ t(lang, props.heading) }</h1>
            <p class="source"><code>{ &props.source }</code></p>
            <ul>{ for props.problems.iter().map(|p| html! { <li><code>{ p }</code></li> }) }</ul>
            if !props.embedded {
                <p><a href={format!("?lang={}", lang.tag())}
                      onclick={let back = props.on_back.clone();
                               Callback::from(move |e: MouseEvent| {
                                   // A plain click stays in the page; a new tab is the browser's.
                                   if !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0) {
                                       e.prevent_default();
                                       back.emit(());
                                   }
                               })}>{ t(lang, Key::BackToStart) }</a></p>
            }
        </section>
    }
}
