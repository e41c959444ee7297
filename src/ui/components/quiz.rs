//! Quiz mode, for trainees: while the attempt runs, a panel with progress and the
//! countdown (the key and the score stay hidden); once finished, the results — total,
//! grade, pass or fail, and per question right or wrong, the trainee's answer, the
//! correct one and why.

use std::rc::Rc;

use yew::prelude::*;

use super::controls::{meter, use_autofocus};
use super::submit::download_review;
use crate::core::quiz::{Marked, mark};
use crate::core::{Item, Review, Scorer};
use crate::ui::format::{answer_text, clock, points, score_or_dash};
use crate::ui::i18n::{Key, Lang, Msg, msg, t};
use crate::ui::state::Session;

/// Questions answered, of the questions shown.
pub fn progress(marked: &[Marked]) -> (usize, usize) {
    (marked.iter().filter(|m| m.answered).count(), marked.len())
}

/// The attempt's questions, marked (none when the answers do not fit the rubric, which
/// the form never produces).
pub fn marked(scorer: &Scorer, answers: &crate::core::Answers) -> Vec<Marked> {
    mark(scorer, answers).unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct QuizPanelProps {
    pub lang: Lang,
    pub answered: usize,
    pub total: usize,
    /// Seconds left, when the quiz has a time limit.
    #[prop_or_default]
    pub remaining: Option<i64>,
}

/// Beside the questions (below them on a phone): how many are answered and the time left.
#[function_component(QuizPanel)]
pub fn quiz_panel(props: &QuizPanelProps) -> Html {
    let lang = props.lang;
    let progress = msg(lang, Msg::QuizProgress(props.answered, props.total));
    let width = if props.total > 0 {
        props.answered as f64 / props.total as f64 * 100.0
    } else {
        0.0
    };
    html! {
        <aside part="panel" class="panel quiz-panel" aria-label={t(lang, Key::Questions)} data-testid="quiz-panel">
            <div class="panel-bar">
                <div class="quiz-progress">
                    <span data-testid="quiz-progress">{ &progress }</span>
                    { meter(width, None) }
                </div>
                if let Some(left) = props.remaining {
                    <span class={classes!("countdown", (left <= 60).then_some("low"))} role="timer"
                          data-testid="countdown">{ msg(lang, Msg::TimeLeft(&clock(left.max(0)))) }</span>
                    // Said once, not every second.
                    <span class="sr-only" aria-live="polite">{ if left <= 60 { t(lang, Key::LastMinute) } else { "" } }</span>
                }
            </div>
        </aside>
    }
}

#[derive(Properties, PartialEq)]
pub struct QuizResultsProps {
    pub session: Rc<Session>,
    /// The attempt as submitted.
    pub review: Rc<Review>,
    /// A fresh attempt (a new review id).
    pub on_retake: Callback<()>,
}

/// The finished attempt: the result, then every question with the key and why.
#[function_component(QuizResults)]
pub fn quiz_results(props: &QuizResultsProps) -> Html {
    let heading = use_autofocus();
    let session = &props.session;
    let lang = session.lang;
    let rubric = session.scorer.rubric();
    let text = |t: &crate::core::Text| rubric.text(t, Some(lang.tag())).to_owned();
    let review = &props.review;
    let score = &review.score;
    let p = rubric.scoring.precision();
    let marked = marked(&session.scorer, &review.answers);
    let right = marked.iter().filter(|m| m.right).count();
    let verdict = score
        .passed
        .map(|passed| t(lang, if passed { Key::Passed } else { Key::Failed }));
    // A grade named like the verdict ("Passed") is said once.
    let grade = score
        .total
        .and_then(|total| rubric.scoring.band(total, score.fatal))
        .map(|b| text(&b.label))
        .filter(|g| Some(g.as_str()) != verdict);
    let quiz = review.quiz.as_ref();
    let on_download = {
        let review = review.clone();
        Callback::from(move |_| download_review(&review))
    };
    let on_retake = props.on_retake.reform(|_: MouseEvent| ());

    html! {
        <section class="results quiz-results" aria-labelledby="rw-results-title" data-testid="quiz-results">
            <div class="results-head">
                <h2 id="rw-results-title" tabindex="-1" ref={heading}>{ t(lang, Key::QuizResults) }</h2>
                if quiz.is_some_and(|q| q.timed_out) {
                    <p class="note warn" role="status" data-testid="time-up">{ t(lang, Key::TimeUp) }</p>
                }
                <div class="results-summary">
                    <p class="big-total">
                        <span class="value" data-testid="quiz-total">{ score_or_dash(score.total, p) }</span>
                        <span class="max">{ format!("/ {}", score_or_dash(Some(score.max), p)) }</span>
                    </p>
                    <p class="grade-line">
                        if let Some(grade) = &grade { <span class="grade" data-testid="grade">{ grade }</span> }
                        if let (Some(passed), Some(verdict)) = (score.passed, verdict) {
                            <span class={classes!("badge", "verdict", if passed { "pass" } else { "fail" })} data-testid="verdict">
                                { verdict }
                            </span>
                        }
                    </p>
                    <p class="results-facts">
                        <span data-testid="right-count">{ msg(lang, Msg::RightCount(right, marked.len())) }</span>
                        if let Some(q) = quiz { <span data-testid="time-taken">{ msg(lang, Msg::TimeTaken(&clock(q.time_taken_s as i64))) }</span> }
                    </p>
                </div>
                <div class="results-actions">
                    <button type="button" class="primary" data-testid="retake" onclick={on_retake}>{ t(lang, Key::Retake) }</button>
                    <button type="button" class="secondary" data-testid="download-results" onclick={on_download}>{ t(lang, Key::Download) }</button>
                </div>
            </div>
            <ol class="marked">
                { for marked.iter().filter_map(|m| {
                    let item = session.scorer.item_by_id(&m.id)?;
                    Some(html! { <MarkedQuestion {lang} item={Rc::new(item.clone())} mark={Rc::new(m.clone())}
                                                 answer={review.answers.get(&m.id).cloned()} session={session.clone()} /> })
                }) }
            </ol>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct MarkedQuestionProps {
    session: Rc<Session>,
    lang: Lang,
    item: Rc<Item>,
    mark: Rc<Marked>,
    answer: Option<crate::core::Answer>,
}

/// One question of the results: right or wrong, the answer given, the key and why.
#[function_component(MarkedQuestion)]
fn marked_question(props: &MarkedQuestionProps) -> Html {
    let (lang, item, m) = (props.lang, &props.item, &props.mark);
    let rubric = props.session.scorer.rubric();
    let text = |t: &crate::core::Text| rubric.text(t, Some(lang.tag())).to_owned();
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
