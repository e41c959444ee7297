//! Quiz mode, once finished: the total, grade, pass or fail, how many right and the
//! time taken, then every question marked (see `MarkedQuestion`).

use std::rc::Rc;

use yew::prelude::*;

use super::marked_question::MarkedQuestion;
use crate::core::Review;
use crate::core::quiz::{self, mark_scored};
use crate::ui::dom::download_review;
use crate::ui::format::{clock, score_or_dash};
use crate::ui::hooks::use_autofocus;
use crate::ui::i18n::{Key, Msg, msg, t};
use crate::ui::session::Session;

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
    let text = |t| session.text(t);
    let review = &props.review;
    let score = &review.score;
    let p = rubric.scoring.precision();
    let marked = mark_scored(&session.scorer, &review.answers, &review.score);
    let (right, questions) = quiz::right(&marked);
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
                        <span data-testid="right-count">{ msg(lang, Msg::RightCount(right, questions)) }</span>
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
