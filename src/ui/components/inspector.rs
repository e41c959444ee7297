//! The inspector's screen: the rubric as a form beside the live score. It owns the
//! review (one reducer) and wires the hooks that keep it — the draft, the host, the
//! quiz's clock, the outbox — to the pieces that show it. Alt+N ("next unanswered")
//! works anywhere inside the widget, and only inside it: a host page's own shortcuts
//! are not ours to take.

use std::rc::Rc;

use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::draft_note::draft_note;
use super::finished_view::finished_view;
use super::inspector_header::Header;
use super::quiz_panel::QuizPanel;
use super::review_dialog::ReviewDialog;
use super::score_panel::ScorePanel;
use super::section_card::section_card;
use super::submit_area::SubmitArea;
use crate::core::Mode;
use crate::core::quiz::{mark_scored, progress};
use crate::ui::choices::QuizView;
use crate::ui::dom::{
    event_element, focus_item, focus_next_missing, fresh_start, now_iso, widget_of,
};
use crate::ui::draft::{self, Draft};
use crate::ui::hooks::{
    use_delivery, use_draft_autosave, use_focus_first_on_new, use_host_bridge, use_outbox,
    use_quiz_timer, use_review, use_start_over,
};
use crate::ui::host::Host;
use crate::ui::i18n::{Key, t};
use crate::ui::session::Session;
use crate::ui::state::{Action, How, ReviewState};

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub session: Rc<Session>,
    /// The page around the widget: told what happens, asked to submit or reset.
    pub host: Rc<Host>,
}

/// Alt+N: the next required item still unanswered.
fn next_missing_key(e: KeyboardEvent) {
    if e.alt_key() && e.code() == "KeyN" {
        e.prevent_default();
        if let Some(widget) = event_element(&e).as_ref().and_then(widget_of) {
            focus_next_missing(&widget);
        }
    }
}

/// Submitting, as the button, the host's `submit` and the quiz's clock do it: a
/// review that must be complete and is not takes the keyboard to its first missing
/// item (inside `root`); otherwise the reducer submits it, now.
fn submitter(state: &UseReducerHandle<ReviewState>, root: NodeRef) -> Callback<How> {
    let dispatch = state.dispatcher();
    let first_missing = state.score.missing.first().map(|id| id.to_string());
    Callback::from(move |how: How| match (how, &first_missing) {
        (How::Complete, Some(id)) => {
            if let Some(widget) = root.cast::<web_sys::Element>() {
                focus_item(&widget, id);
            }
        }
        _ => dispatch.dispatch(Action::Submit { at: now_iso(), how }),
    })
}

/// What the form's parts are given besides the review.
struct Wiring {
    locked: bool,
    on_submit: Callback<How>,
    on_new: Callback<()>,
    remaining: Option<i64>,
}

#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let state = use_review(&props.session);
    let root = use_node_ref();
    let dispatch = state.dispatcher();
    use_draft_autosave(&state);
    let on_submit = submitter(&state, root.clone());
    use_delivery(&state);
    let start_over = use_start_over(&state);
    let on_reset = {
        let (confirm, host) = (start_over.confirm.clone(), props.host.clone());
        Callback::from(move |()| {
            confirm.emit(());
            host.set_review(None);
        })
    };
    use_host_bridge(&props.host, &state, on_submit.clone(), on_reset);
    let remaining = use_quiz_timer(
        &state,
        on_submit.reform(|()| How::Anyway { timed_out: true }),
    );
    let focus_first = use_focus_first_on_new(state.review_id, root.clone());
    let on_new = Callback::from(move |()| {
        *focus_first.borrow_mut() = true;
        dispatch.dispatch(Action::start_over(fresh_start()));
    });
    // Submitted and on its way, or stored: the form is read-only. A rejected review
    // opens again for correction.
    let outbox = use_outbox();
    let locked = state.finished.is_some()
        || state.outgoing.is_some()
        || outbox.snapshot.holds(&state.review_id.to_string());
    let (lang, mode) = (state.session.lang, state.session.config.mode);
    let header = Header {
        session: &state.session,
        saved_at: state.saved_at.as_deref(),
        quiz_finished: mode == Mode::Quiz && state.finished.is_some(),
        start_over: start_over.clone(),
    };
    let wiring = Wiring {
        locked,
        on_submit,
        on_new,
        remaining,
    };
    html! {
        <div class={classes!("rw-inspector", mode_class(mode))} lang={lang.tag()} onkeydown={Callback::from(next_missing_key)} ref={root}>
            { header.view() }
            { notes(&state, start_over.ask.clone()) }
            if state.drafts_refused { <div class="note warn" role="status">{ t(lang, Key::StorageUnavailable) }</div> }
            if let Some(finished) = &state.finished {
                { finished_view(&state, &finished.at, start_over.confirm.clone(), wiring.on_new) }
            } else {
                { form(&state, wiring) }
            }
            if let (Some(review), Mode::Inspect) = (&state.shown, mode) {
                <ReviewDialog review={review.clone()} {lang}
                              on_close={let d = state.dispatcher(); Callback::from(move |()| d.dispatch(Action::CloseShown))} />
            }
        </div>
    }
}

fn mode_class(mode: Mode) -> &'static str {
    match mode {
        Mode::Inspect => "mode-inspect",
        Mode::Quiz => "mode-quiz",
        Mode::Calibrate => "mode-calibrate",
    }
}

/// The word about drafts, if any: "Start over" asks, as the header's button does.
fn notes(state: &UseReducerHandle<ReviewState>, ask: Callback<MouseEvent>) -> Html {
    let Some(note) = &state.note else {
        return Html::default();
    };
    let dispatch = state.dispatcher();
    let on_apply = {
        let dispatch = dispatch.clone();
        Callback::from(move |draft| dispatch.dispatch(Action::Restore { draft }))
    };
    let on_discard = Callback::from(move |other: Box<Draft>| {
        draft::remove(&other.rubric, &other.context_key);
        dispatch.dispatch(Action::DismissNote);
    });
    draft_note(note, state.session.lang, ask, &on_apply, &on_discard)
}

/// The form beside its panel: the score, or a running quiz's progress and clock.
fn form(state: &UseReducerHandle<ReviewState>, wiring: Wiring) -> Html {
    let session = &state.session;
    let quiz = (session.config.mode == Mode::Quiz).then(|| QuizView {
        review_id: state.review_id,
        shuffle: session.config.quiz.shuffle,
    });
    let on_comment = {
        let dispatch = state.dispatcher();
        Callback::from(move |text| dispatch.dispatch(Action::OverallComment { text }))
    };
    html! {
        <div class="rw-layout">
            <div class="rw-form" part="form">
                { for session.scorer.rubric().sections.iter().enumerate()
                    .map(|section| section_card(state, section, quiz.as_ref(), wiring.locked, &state.dispatcher())) }
                <SubmitArea session={session.clone()} review_id={state.review_id.to_string()} comment={state.comment.clone()}
                            missing={state.score.missing.clone()} locked={wiring.locked} on_new={wiring.on_new}
                            {on_comment} on_submit={wiring.on_submit} />
            </div>
            if quiz.is_some() {
                <QuizPanel lang={session.lang} progress={progress(&mark_scored(&session.scorer, &state.answers, &state.score))}
                           remaining={wiring.remaining} />
            } else {
                <ScorePanel session={session.clone()} score={state.score.clone()} />
            }
        </div>
    }
}
