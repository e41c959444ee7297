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
                <p><a href={format!("?lang={}", lang.tag())}>{ t(lang, Key::BackToStart) }</a></p>
            }
        </section>
    }
}
