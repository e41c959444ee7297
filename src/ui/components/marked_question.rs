//! One question of a quiz's results: right or wrong, the answer given, the key and why.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::Item;
use crate::core::quiz::Marked;
use crate::ui::format::{answer_text, points};
use crate::ui::i18n::{Key, Lang, t};
use crate::ui::session::Session;

#[derive(Properties, PartialEq)]
pub struct MarkedQuestionProps {
    pub session: Rc<Session>,
    pub lang: Lang,
    pub item: Rc<Item>,
    pub mark: Rc<Marked>,
    pub answer: Option<crate::core::Answer>,
}

/// One question of the results: right or wrong, the answer given, the key and why.
#[function_component(MarkedQuestion)]
pub fn marked_question(props: &MarkedQuestionProps) -> Html {
    let (lang, item, m) = (props.lang, &props.item, &props.mark);
    let rubric = props.session.scorer.rubric();
    let text = |t| props.session.text(t);
    let id = item.id.to_string();
    let given = props.answer.as_ref();
    let yours = if m.answered {
        answer_text(
            rubric,
            item,
            given.and_then(|a| a.value.as_ref()),
            given.is_some_and(|a| a.na),
            lang,
        )
    } else {
        t(lang, Key::NotAnswered).to_owned()
    };
    let key_value = match m.correct.as_slice() {
        [] => None,
        [one] if !matches!(item.kind, crate::core::ItemKind::Multi { .. }) => {
            Some(serde_json::json!(one))
        }
        many => Some(serde_json::json!(many)),
    };
    let correct = key_value.map(|v| answer_text(rubric, item, Some(&v), false, lang));
    // Why: the question's explanation, then what the options chosen or keyed say.
    let option_notes: Vec<(String, String)> = item
        .options()
        .iter()
        .filter(|o| m.chosen.iter().chain(&m.correct).any(|c| *c == *o.id))
        .filter_map(|o| Some((text(&o.label), text(o.explain.as_ref()?))))
        .collect();
    let (class, mark_key, sign) = if m.right {
        ("right", Key::Right, "✓")
    } else {
        ("wrong", Key::Wrong, "✗")
    };
    html! {
        <li class={classes!("marked-question", class)} data-testid={format!("result-{id}")} data-right={m.right.to_string()}>
            <div class="marked-head">
                <span class="mark" aria-hidden="true">{ sign }</span>
                <h3>{ text(&item.title) }</h3>
                <span class={classes!("badge", class)}>{ t(lang, mark_key) }</span>
                <span class="earned">{ format!("{} / {}", points(m.earned), points(m.possible)) }</span>
            </div>
            <dl class="marked-answers">
                <dt>{ t(lang, Key::YourAnswer) }</dt>
                <dd data-testid={format!("your-answer-{id}")}>{ yours }</dd>
                if let Some(correct) = correct.filter(|_| !m.right) {
                    <dt>{ t(lang, Key::CorrectAnswer) }</dt>
                    <dd data-testid={format!("correct-answer-{id}")}>{ correct }</dd>
                }
            </dl>
            if item.explain.is_some() || !option_notes.is_empty() {
                <div class="explain" data-testid={format!("explain-{id}")}>
                    if let Some(explain) = &item.explain { <p>{ text(explain) }</p> }
                    { for option_notes.into_iter().map(|(label, note)| html! { <p><strong>{ label }</strong>{ " — " }{ note }</p> }) }
                </div>
            }
        </li>
    }
}
