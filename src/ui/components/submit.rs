//! The end of the form: the overall comment, what is still missing (each entry jumps to
//! its item), and the submit button, which says what is missing instead of failing
//! silently. Submitting produces the review/v1 document, shown with a download.

use std::rc::Rc;

use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::controls::{Confirm, on_text, use_autofocus};
use crate::core::{Mode, Review};
use crate::transport::{Entry, EntryState};
use crate::ui::dom::{download, event_element, focus_item_from, now_iso};
use crate::ui::draft;
use crate::ui::i18n::{Key, Msg, msg, t};
use crate::ui::outbox::{OutboxContext, Submission};
use crate::ui::state::{Action, Finished, ReviewState};

/// How many missing items the list names (the button says how many in all).
const MISSING_SHOWN: usize = 8;

#[derive(Properties, PartialEq)]
pub struct SubmitAreaProps {
    pub state: UseReducerHandle<ReviewState>,
    /// The review is on its way (or stored): nothing more to submit.
    pub locked: bool,
    /// Start the next review once this one is stored.
    pub on_new: Callback<()>,
}

/// The outbox entry for a submitted review: the exact body every attempt sends.
fn outbox_entry(state: &ReviewState, endpoint: String, at: &str) -> Result<Entry, String> {
    let session = &state.session;
    let review = state.review(at.to_owned());
    let review_id = review.review_id.to_string();
    let body = serde_json::to_string(&review).map_err(|e| e.to_string())?;
    let rubric = session.scorer.rubric();
    let mut label = rubric
        .text(&rubric.title, Some(session.lang.tag()))
        .to_owned();
    for key in ["call_id", "ticket_id", "agent_id"] {
        if let Some(v) = session.context().get(key).and_then(|v| v.as_str()) {
            label.push_str(&format!(" · {v}"));
        }
    }
    let now = js_sys::Date::now();
    Ok(Entry {
        review_id,
        body,
        endpoint,
        method: session.config.method,
        draft_key: Some(draft::key(&session.rubric, &session.context_key())),
        label,
        created_at_ms: now,
        attempts: 0,
        next_attempt_ms: now,
        state: EntryState::Pending,
        last_error: None,
    })
}

/// What submitting did.
pub enum Outcome {
    /// A required item is missing: this one first.
    Incomplete(String),
    /// Saved in the outbox, on its way.
    Queued,
    /// No endpoint (or the outbox could not save it): kept on screen for download.
    Shown,
}

/// Whether to submit only a complete review.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum How {
    Complete,
    /// A quiz ended with what is answered (the trainee confirmed, or time ran out).
    Anyway {
        timed_out: bool,
    },
}

/// Submit the review on screen: into the outbox when there is an endpoint, else (or
/// when the browser will not save it) kept on screen with a download — never lost. A
/// quiz attempt or a calibration also ends here: its results are shown.
pub fn submit(
    state: &ReviewState,
    dispatch: &UseReducerDispatcher<ReviewState>,
    outbox: Option<&OutboxContext>,
    how: How,
) -> Outcome {
    if let (How::Complete, Some(id)) = (how, state.score.missing.first()) {
        return Outcome::Incomplete(id.to_string());
    }
    let at = now_iso();
    let mut state = state.clone();
    if state.session.config.mode != Mode::Inspect {
        let finished = Finished {
            at: at.clone(),
            timed_out: matches!(how, How::Anyway { timed_out: true }),
        };
        state.finished = Some(finished.clone());
        dispatch.dispatch(Action::Finish(finished));
    }
    let endpoint = state
        .session
        .config
        .endpoint_for(&state.review_id.to_string());
    let entry = endpoint.map(|e| outbox_entry(&state, e, &at));
    match (entry, outbox.filter(|o| o.outbox.is_some())) {
        (Some(Ok(entry)), Some(outbox)) => {
            let dispatch = dispatch.clone();
            outbox.run(move |outbox| async move {
                if outbox.enqueue(entry).await.is_err() {
                    dispatch.dispatch(Action::Submit { submitted_at: at });
                }
            });
            Outcome::Queued
        }
        _ => {
            dispatch.dispatch(Action::Submit { submitted_at: at });
            Outcome::Shown
        }
    }
}

#[function_component(SubmitArea)]
pub fn submit_area(props: &SubmitAreaProps) -> Html {
    let state = &props.state;
    let session = &state.session;
    let lang = session.lang;
    let rubric = session.scorer.rubric();
    let missing = &state.score.missing;
    let quiz = session.config.mode == Mode::Quiz;
    // A quiz may be finished with questions left unanswered, once the trainee says so.
    let confirming = use_state(|| false);
    let on_comment = {
        let dispatch = state.dispatcher();
        on_text(move |text| dispatch.dispatch(Action::OverallComment(text)))
    };
    let outbox = use_context::<OutboxContext>();
    let on_submit = {
        let dispatch = state.dispatcher();
        let state = (**state).clone();
        let (outbox, confirming) = (outbox.clone(), confirming.clone());
        Callback::from(move |e: MouseEvent| {
            if quiz && !state.score.missing.is_empty() {
                confirming.set(true);
            } else if let Outcome::Incomplete(id) =
                submit(&state, &dispatch, outbox.as_ref(), How::Complete)
            {
                focus_item_from(event_element(&e), &id);
            }
        })
    };
    let finish_anyway = {
        let dispatch = state.dispatcher();
        let state = (**state).clone();
        let confirming = confirming.clone();
        Callback::from(move |_| {
            confirming.set(false);
            submit(
                &state,
                &dispatch,
                outbox.as_ref(),
                How::Anyway { timed_out: false },
            );
        })
    };
    let label = match (quiz, missing.len()) {
        (true, _) => t(lang, Key::Finish).to_owned(),
        (false, 0) => t(lang, Key::Submit).to_owned(),
        (false, n) => msg(lang, Msg::StillMissing(n)),
    };
    html! {
        <section class="submit-area" part="submit" aria-label={label.clone()} data-review-id={state.review_id.to_string()}>
            if !quiz {
                <label class="overall" id="rw-overall-label">
                    <span>{ t(lang, Key::OverallComment) }</span>
                    <textarea rows="3" value={state.comment.clone()} oninput={on_comment} readonly={props.locked}
                              data-testid="overall-comment" />
                </label>
            }
            if !missing.is_empty() {
                <div class="missing" data-testid="missing">
                    <p>{ t(lang, if quiz { Key::MissingQuestions } else { Key::MissingTitle }) }</p>
                    <ul>
                        // The first few, each a jump to its item; a long list would bury the button.
                        { for missing.iter().take(MISSING_SHOWN).filter_map(|id| {
                            let item = session.scorer.item_by_id(id)?;
                            let id = id.to_string();
                            let title = rubric.text(&item.title, Some(lang.tag())).to_owned();
                            Some(html! {
                                <li><button type="button" class="link" data-testid={format!("missing-{id}")}
                                            onclick={Callback::from(move |e: MouseEvent| focus_item_from(event_element(&e), &id))}>
                                    { title }
                                </button></li>
                            })
                        }) }
                        if missing.len() > MISSING_SHOWN {
                            <li class="more">{ msg(lang, Msg::MoreMissing(missing.len() - MISSING_SHOWN)) }</li>
                        }
                    </ul>
                </div>
            }
            if props.locked {
                <></>
            } else if *confirming {
                <Confirm id="rw-confirm-finish" testid="confirm-finish" class="confirm-finish"
                         question={msg(lang, Msg::UnansweredLeft(missing.len()))}
                         confirm={t(lang, Key::FinishAnyway)} confirm_class="primary" confirm_testid="finish-anyway"
                         cancel={t(lang, Key::KeepAnswering)} cancel_testid="keep-answering"
                         on_confirm={finish_anyway}
                         on_cancel={let c = confirming.clone(); let first = missing.first().map(|i| i.to_string());
                                    Callback::from(move |e: MouseEvent| {
                                        let target = event_element(&e);
                                        c.set(false);
                                        if let Some(id) = &first { focus_item_from(target, id) }
                                    })} />
            } else {
                <button type="button" class={classes!("primary", (!missing.is_empty()).then_some("incomplete"))}
                        data-testid="submit" onclick={on_submit}>
                    { label }
                </button>
            }
            <Submission review_id={state.review_id.to_string()} {lang} on_new={props.on_new.clone()} />
        </section>
    }
}

/// Save a review document as a file. A failed download leaves it on screen (in the
/// dialog, the outbox or the results) to copy by hand.
pub fn download_review(review: &Review) {
    if let Ok(json) = serde_json::to_string_pretty(review) {
        let _ = download(&format!("review-{}.json", review.review_id), &json);
    }
}

#[derive(Properties, PartialEq)]
pub struct ReviewDialogProps {
    pub review: Rc<Review>,
    pub lang: crate::ui::i18n::Lang,
    pub on_close: Callback<()>,
}

/// The review document just produced, with a download.
#[function_component(ReviewDialog)]
pub fn review_dialog(props: &ReviewDialogProps) -> Html {
    let heading = use_autofocus();
    let lang = props.lang;
    let json = serde_json::to_string_pretty(&*props.review).unwrap_or_default();
    let on_download = {
        let review = props.review.clone();
        Callback::from(move |_| download_review(&review))
    };
    let onkeydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_close.emit(());
            }
        })
    };
    let close = props.on_close.clone();
    html! {
        <div class="overlay" {onkeydown}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="rw-review-title" data-testid="review-dialog">
                <h2 id="rw-review-title" tabindex="-1" ref={heading}>{ t(lang, Key::ReviewReady) }</h2>
                <p>{ t(lang, Key::ReviewReadyNote) }</p>
                <pre class="json" tabindex="0" data-testid="review-json">{ json }</pre>
                <div class="dialog-actions">
                    <button type="button" class="primary" data-testid="download" onclick={on_download}>{ t(lang, Key::Download) }</button>
                    <button type="button" class="secondary" data-testid="close-review"
                            onclick={Callback::from(move |_| close.emit(()))}>{ t(lang, Key::Close) }</button>
                </div>
            </div>
        </div>
    }
}
