//! What the console says instead of a report: loading, nothing to show, or a failure
//! with what to do about it.

use yew::prelude::*;

use super::state::Failure;
use super::text::Label;
use crate::ui::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub lang: Lang,
    pub kind: NoticeKind,
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NoticeKind {
    Loading,
    Empty,
    Failed(Failure),
}

#[function_component(Notice)]
pub fn notice(props: &NoticeProps) -> Html {
    let lang = props.lang;
    let retry = props.on_retry.clone().map(|cb| {
        html! {
            <button type="button" onclick={cb.reform(|_| ())}>{ Label::Retry.text(lang) }</button>
        }
    });
    match &props.kind {
        NoticeKind::Loading => html! {
            <p class="notice loading" role="status" data-testid="loading">{ Label::Loading.text(lang) }</p>
        },
        NoticeKind::Empty => html! {
            <div class="notice empty" role="status" data-testid="empty">
                <p><strong>{ Label::Empty.text(lang) }</strong></p>
                <p>{ Label::EmptyHint.text(lang) }</p>
            </div>
        },
        NoticeKind::Failed(failure) => html! {
            <div class="notice failed" role="alert" data-testid="failed">
                <p><strong>{ Label::Failed.text(lang) }</strong></p>
                <p class="detail">{ &failure.message }</p>
                { retry.unwrap_or_default() }
            </div>
        },
    }
}
