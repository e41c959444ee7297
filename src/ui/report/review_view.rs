//! One stored review, read-only: the widget's own score panel and why-trace (what the
//! inspector saw), and every answer with its comment and tags.

use std::rc::Rc;

use yew::prelude::*;

use super::notice::{Notice, NoticeKind};
use super::scroll_box::ScrollBox;
use super::state::{Load, Opened};
use super::text::Label;
use super::view::short_time;
use crate::config::WidgetConfig;
use crate::core::RubricRef;
use crate::ui::components::score_panel::ScorePanel;
use crate::ui::components::why_view::WhyView;
use crate::ui::format::answer_text;
use crate::ui::hooks::use_autofocus;
use crate::ui::i18n::Lang;
use crate::ui::session::Session;

#[derive(Properties, PartialEq)]
pub struct ReviewViewProps {
    pub opened: Load<Rc<Opened>>,
    pub lang: Lang,
    pub on_close: Callback<()>,
}

fn answers(session: &Session, opened: &Opened) -> Html {
    let lang = session.lang;
    let rubric = session.scorer.rubric();
    html! {
        <ScrollBox label={Label::Answers.text(lang)}><table data-testid="review-answers">
            <thead><tr>
                <th scope="col">{ Label::Item.text(lang) }</th>
                <th scope="col">{ Label::Answer.text(lang) }</th>
                <th scope="col">{ Label::Comment.text(lang) }</th>
                <th scope="col">{ Label::Tags.text(lang) }</th>
            </tr></thead>
            <tbody>{ for rubric.items().filter_map(|(_, item)| {
                let answer = opened.review.answers.get(item.id.as_str())?;
                let tags: Vec<String> = answer.tags.iter().map(|t| {
                    item.tags.iter().find(|x| x.id.as_str() == t).map_or_else(|| t.clone(), |x| session.text(&x.label))
                }).collect();
                Some(html! { <tr>
                    <th scope="row">{ session.text(&item.title) }</th>
                    <td>{ answer_text(rubric, item, answer.value.as_ref(), answer.na, lang) }</td>
                    <td>{ answer.comment.clone().unwrap_or_default() }</td>
                    <td>{ tags.join(lang.list_separator()) }</td>
                </tr> })
            }) }</tbody>
        </table></ScrollBox>
    }
}

/// Which call, whose, by whom and when.
fn facts(lang: Lang, review: &crate::core::Review) -> Html {
    let context = |key: &str| review.context_text(key).unwrap_or_else(|| "—".to_owned());
    let reviewer = review
        .reviewer
        .as_ref()
        .map_or("—", |r| r.id.as_str())
        .to_owned();
    let rows = [
        (Label::Call, context("call_id")),
        (Label::Agent, context("agent_id")),
        (Label::Inspector, reviewer),
        (Label::Submitted, short_time(&review.submitted_at)),
        (
            Label::Rubric,
            format!("{} {}", review.rubric.id, review.rubric.version),
        ),
    ];
    html! {
        <dl class="facts" data-testid="review-facts">
            { for rows.into_iter().map(|(l, v)| html! { <div><dt>{ l.text(lang) }</dt><dd>{ v }</dd></div> }) }
        </dl>
    }
}

#[function_component(ReviewView)]
pub fn review_view(props: &ReviewViewProps) -> Html {
    let lang = props.lang;
    let heading = use_autofocus();
    let body = match &props.opened {
        Load::Loading => html! { <Notice {lang} kind={NoticeKind::Loading} /> },
        Load::Failed(f) => html! { <Notice {lang} kind={NoticeKind::Failed(f.clone())} /> },
        Load::Ready(opened) => {
            let session = Rc::new(Session {
                scorer: opened.scorer.clone(),
                rubric: RubricRef::new(opened.scorer.rubric(), &opened.text),
                config: Rc::new(WidgetConfig::default()),
                lang,
                reference: None,
            });
            let score = Rc::new(opened.review.score.clone());
            html! { <>
                { facts(lang, &opened.review) }
                <ScorePanel session={session.clone()} score={score.clone()} />
                { answers(&session, opened) }
                <WhyView session={session.clone()} {score} />
            </> }
        }
    };
    html! {
        <section class="box review" data-testid="review-view" aria-labelledby="review-title">
            <header>
                <h2 id="review-title" tabindex="-1" ref={heading}>{ Label::Review.text(lang) }</h2>
                <button type="button" onclick={props.on_close.reform(|_| ())}>{ Label::Close.text(lang) }</button>
            </header>
            <div class="review-body">{ body }</div>
        </section>
    }
}
