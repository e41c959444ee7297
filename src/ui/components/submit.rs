//! The end of the form: the overall comment, what is still missing (each entry jumps to
//! its item), and the submit button, which says what is missing instead of failing
//! silently. Submitting produces the review/v1 document, shown with a download.

use std::rc::Rc;

use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::controls::on_text;
use crate::core::Review;
use crate::transport::{Entry, EntryState};
use crate::ui::dom::{download, event_element, focus_item_from, now_iso};
use crate::ui::draft;
use crate::ui::i18n::{Key, Msg, msg, t};
use crate::ui::outbox::{OutboxContext, Submission};
use crate::ui::state::{Action, ReviewState};

#[derive(Properties, PartialEq)]
pub struct SubmitAreaProps {
    pub state: UseReducerHandle<ReviewState>,
    /// The review is on its way (or stored): nothing more to submit.
    pub locked: bool,
    /// Start the next review once this one is stored.
    pub on_new: Callback<()>,
}

/// The outbox entry for a submitted review: the exact body every attempt sends.
fn outbox_entry(state: &ReviewState, endpoint: String) -> Result<Entry, String> {
    let session = &state.session;
    let review = state.review(now_iso());
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
    /// No endpoint (or the outbox could not save it): shown for download.
    Shown,
}

/// Submit the review on screen: into the outbox when there is an endpoint, else (or
/// when the browser will not save it) shown with a download — never lost.
pub fn submit(
    state: &ReviewState,
    dispatch: &UseReducerDispatcher<ReviewState>,
    outbox: Option<&OutboxContext>,
) -> Outcome {
    if let Some(id) = state.score.missing.first() {
        return Outcome::Incomplete(id.to_string());
    }
    let endpoint = state
        .session
        .config
        .endpoint_for(&state.review_id.to_string());
    let entry = endpoint.map(|e| outbox_entry(state, e));
    match (entry, outbox.filter(|o| o.outbox.is_some())) {
        (Some(Ok(entry)), Some(outbox)) => {
            let dispatch = dispatch.clone();
            outbox.run(move |outbox| async move {
                if outbox.enqueue(entry).await.is_err() {
                    dispatch.dispatch(Action::Submit {
                        submitted_at: now_iso(),
                    });
                }
            });
            Outcome::Queued
        }
        _ => {
            dispatch.dispatch(Action::Submit {
                submitted_at: now_iso(),
            });
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
    let on_comment = {
        let dispatch = state.dispatcher();
        on_text(move |text| dispatch.dispatch(Action::OverallComment(text)))
    };
    let outbox = use_context::<OutboxContext>();
    let on_submit = {
        let dispatch = state.dispatcher();
        let state = (**state).clone();
        Callback::from(move |e: MouseEvent| {
            if let Outcome::Incomplete(id) = submit(&state, &dispatch, outbox.as_ref()) {
                focus_item_from(event_element(&e), &id);
            }
        })
    };
    html! {
        <section class="submit-area" part="submit" aria-labelledby="rw-overall-label" data-review-id={state.review_id.to_string()}>
            <label class="overall" id="rw-overall-label">
                <span>{ t(lang, Key::OverallComment) }</span>
                <textarea rows="3" value={state.comment.clone()} oninput={on_comment} readonly={props.locked}
                          data-testid="overall-comment" />
            </label>
            if !missing.is_empty() {
                <div class="missing" data-testid="missing">
                    <p>{ t(lang, Key::MissingTitle) }</p>
                    <ul>
                        { for missing.iter().filter_map(|id| {
                            let item = rubric.item(id)?;
                            let id = id.to_string();
                            let title = rubric.text(&item.title, Some(lang.tag())).to_owned();
                            Some(html! {
                                <li><button type="button" class="link" data-testid={format!("missing-{id}")}
                                            onclick={Callback::from(move |e: MouseEvent| focus_item_from(event_element(&e), &id))}>
                                    { title }
                                </button></li>
                            })
                        }) }
                    </ul>
                </div>
            }
            if !props.locked {
                <button type="button" class={classes!("primary", (!missing.is_empty()).then_some("incomplete"))}
                        data-testid="submit" onclick={on_submit}>
                    { if missing.is_empty() { t(lang, Key::Submit).to_owned() } else { msg(lang, Msg::StillMissing(missing.len())) } }
                </button>
            }
            <Submission review_id={state.review_id.to_string()} {lang} on_new={props.on_new.clone()} />
        </section>
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
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with((), move |_| {
            if let Some(h) = heading.cast::<HtmlElement>() {
                let _ = h.focus();
            }
        });
    }
    let lang = props.lang;
    let json = serde_json::to_string_pretty(&*props.review).unwrap_or_default();
    let filename = format!("review-{}.json", props.review.review_id);
    let on_download = {
        let json = json.clone();
        Callback::from(move |_| {
            // A failed download leaves the document on screen to copy by hand.
            let _ = download(&filename, &json);
        })
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
