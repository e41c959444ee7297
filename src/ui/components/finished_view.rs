//! A finished quiz attempt (its results) or calibration (the comparison), with where
//! the submission stands.

use std::rc::Rc;

use yew::prelude::*;

use super::calibration_view::CalibrationView;
use super::quiz_results::QuizResults;
use super::submission::Submission;
use crate::core::Mode;
use crate::ui::state::ReviewState;

pub fn finished_view(
    state: &ReviewState,
    at: &str,
    on_retake: Callback<()>,
    on_new: Callback<()>,
) -> Html {
    let session = &state.session;
    let lang = session.lang;
    let review = Rc::new(state.review(at.to_owned()));
    let review_id = state.review_id.to_string();
    match (&session.config.mode, &session.reference) {
        (Mode::Calibrate, Some(reference)) => html! {
            <CalibrationView session={session.clone()} {review} reference={reference.clone()}>
                <Submission {review_id} {lang} {on_new} />
            </CalibrationView>
        },
        _ => html! {
            <>
                <QuizResults session={session.clone()} {review} {on_retake} />
                <Submission {review_id} {lang} {on_new} next={false} />
            </>
        },
    }
}
