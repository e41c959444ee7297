//! The drill-down: one agent's reviews of the period, newest first; choosing one opens
//! it read-only.

use yew::prelude::*;

use super::notice::{Notice, NoticeKind};
use super::scroll_box::ScrollBox;
use super::state::{Listed, Load};
use super::text::Label;
use super::view::{pts, short_time};
use crate::ui::hooks::use_autofocus;
use crate::ui::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct AgentReviewsProps {
    pub agent: String,
    pub list: Load<Vec<Listed>>,
    pub lang: Lang,
    pub on_open: Callback<String>,
    pub on_close: Callback<()>,
}

fn verdict(lang: Lang, r: &Listed) -> &'static str {
    match (r.fatal, r.passed) {
        (true, _) => Label::Fatal.text(lang),
        (false, Some(true)) => Label::Passed.text(lang),
        (false, Some(false)) => Label::NotPassed.text(lang),
        _ => "—",
    }
}

#[function_component(AgentReviews)]
pub fn agent_reviews(props: &AgentReviewsProps) -> Html {
    let lang = props.lang;
    // Opened from a row far above: the heading takes the focus, which scrolls it in.
    let heading = use_autofocus();
    let body = match &props.list {
        Load::Loading => html! { <Notice {lang} kind={NoticeKind::Loading} /> },
        Load::Failed(f) => html! { <Notice {lang} kind={NoticeKind::Failed(f.clone())} /> },
        Load::Ready(list) if list.is_empty() => {
            html! { <p class="notice">{ Label::NoReviews.text(lang) }</p> }
        }
        Load::Ready(list) => html! {
            <ScrollBox label={Label::AgentReviews.text(lang)}><table data-testid="agent-reviews-table">
                <thead><tr>
                    <th scope="col">{ Label::Submitted.text(lang) }</th>
                    <th scope="col">{ Label::Call.text(lang) }</th>
                    <th scope="col" class="num">{ Label::Total.text(lang) }</th>
                    <th scope="col">{ Label::Grade.text(lang) }</th>
                    <th scope="col">{ Label::Verdict.text(lang) }</th>
                    <th scope="col">{ Label::Inspector.text(lang) }</th>
                </tr></thead>
                <tbody>{ for list.iter().map(|r| {
                    let open = props.on_open.reform({ let id = r.review_id.clone(); move |_| id.clone() });
                    html! { <tr class={if r.fatal || r.passed == Some(false) { "below" } else { "" }}>
                        <th scope="row"><button type="button" class="link" data-testid="open-review" onclick={open}>{ short_time(&r.submitted_at) }</button></th>
                        <td>{ r.call_id.clone().unwrap_or_default() }</td>
                        <td class="num">{ pts(r.total) }</td>
                        <td>{ r.grade.clone().unwrap_or_default() }</td>
                        <td>{ verdict(lang, r) }</td>
                        <td>{ r.reviewer_id.clone().unwrap_or_default() }</td>
                    </tr> }
                }) }</tbody>
            </table></ScrollBox>
        },
    };
    html! {
        <section class="box drill" data-testid="agent-reviews" aria-labelledby="drill-title">
            <header>
                <h2 id="drill-title" tabindex="-1" ref={heading}>{ format!("{} {}", props.agent, Label::AgentReviews.text(lang)) }</h2>
                <button type="button" onclick={props.on_close.reform(|_| ())}>{ Label::Close.text(lang) }</button>
            </header>
            { body }
        </section>
    }
}
