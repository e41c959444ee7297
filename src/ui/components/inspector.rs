//! The inspector's screen: the rubric as a form beside the live score. It owns the
//! review (one reducer), restores the draft when the page reopens, saves every change,
//! and answers Alt+N ("next unanswered") anywhere inside the widget — only inside it,
//! since a host page's own shortcuts are not ours to take.

use std::rc::Rc;

use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::calibration::CalibrationView;
use super::controls::Confirm;
use super::item_card::ItemCard;
use super::kind_control::QuizView;
use super::quiz::{QuizPanel, QuizResults, marked, progress};
use super::score_panel::ScorePanel;
use super::submit::{How, Outcome, submit};
use super::submit::{ReviewDialog, SubmitArea};
use crate::core::Mode;
use crate::transport::EntryState;
use crate::ui::dom::{
    event_element, focus_item, focus_next_missing, local_time, new_review_id, now_iso,
    refocus_if_lost, widget_of,
};
use crate::ui::draft::{self, Draft};
use crate::ui::format::{points, score_or_dash};
use crate::ui::host::{Command, Host};
use crate::ui::i18n::{Key, Lang, Msg, msg, t};
use crate::ui::outbox::{OutboxContext, OutboxPanel, Submission, use_now};
use crate::ui::state::{Action, ReviewState, Session};

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub session: Rc<Session>,
    /// The page around the widget: told what happens, asked to submit or reset.
    pub host: Rc<Host>,
}

/// What the inspector is told about drafts when the form opens.
#[derive(Debug, Clone, PartialEq)]
enum DraftNote {
    /// This review's draft was restored; when it was saved.
    Restored(String),
    /// A draft made against another version of the rubric, not applied.
    Other(Box<Draft>),
}

/// The review to start with: this call's draft if there is one, else a fresh review
/// (and word of a draft for another rubric version, if any).
fn opening(session: &Rc<Session>) -> (ReviewState, Option<DraftNote>) {
    let context = session.context_key();
    if let Some(saved) = draft::load(&session.rubric, &context) {
        let at = saved.saved_at.clone();
        let (state, _) = ReviewState::from_draft(session.clone(), saved);
        return (state, Some(DraftNote::Restored(at)));
    }
    let fresh = ReviewState::new(session.clone(), new_review_id(), now_iso());
    let other = draft::others(&session.rubric, &context)
        .into_iter()
        .next()
        .map(|d| DraftNote::Other(Box::new(d)));
    (fresh, other)
}

#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let opened = {
        let session = props.session.clone();
        use_memo((), move |_| opening(&session))
    };
    let state = {
        let initial = opened.0.clone();
        use_reducer(move || initial)
    };
    let note = {
        let initial = opened.1.clone();
        use_state(move || initial)
    };
    // The same call with a new context (the key keeps this form): the review follows it.
    {
        let state = state.clone();
        use_effect_with(props.session.clone(), move |session| {
            if !Rc::ptr_eq(&state.session, session) {
                state.dispatch(Action::Session(session.clone()));
            }
        });
    }
    let saved_at = use_state(|| None::<String>);
    let storage_ok = use_state(draft::available);
    let confirming = use_state(|| false);
    // When the start-over question closes (either way), the keyboard focus goes back to
    // the button that asked it, not to the page.
    let start_over_button = use_node_ref();
    {
        let button = start_over_button.clone();
        let was_confirming = use_mut_ref(|| false);
        use_effect_with(*confirming, move |confirming| {
            if was_confirming.replace(*confirming) && !*confirming {
                refocus_if_lost(button.cast());
            }
        });
    }

    // Every change is saved as the draft of this rubric and call.
    {
        let state = state.clone();
        let saved_at = saved_at.clone();
        let storage_ok = storage_ok.clone();
        use_effect_with(state.revision, move |revision| {
            if *revision > 0 {
                let at = now_iso();
                match draft::save(&state.draft(at.clone())) {
                    Ok(()) => saved_at.set(Some(at)),
                    Err(_) => storage_ok.set(false),
                }
            }
        });
    }

    // The host hears that the rubric is ready, and of every change (with the review as
    // it would be submitted now, for getReview()).
    {
        let host = props.host.clone();
        let session = state.session.clone();
        let review_id = state.review_id.to_string();
        use_effect_with(review_id, move |review_id| {
            let rubric = session.scorer.rubric();
            let title = rubric
                .text(&rubric.title, Some(session.lang.tag()))
                .to_owned();
            host.emit("ready", Some(review_id), || serde_json::json!({"rubric": {
                "id": rubric.id.as_str(), "version": rubric.version, "digest": session.rubric.digest, "title": title,
            }}));
        });
    }
    {
        let host = props.host.clone();
        let state = state.clone();
        use_effect_with((state.revision, state.review_id), move |_| {
            let id = state.review_id.to_string();
            let make = {
                let state = state.clone();
                Rc::new(move || serde_json::to_value(state.review(now_iso())).ok())
            };
            host.set_review(Some((id.clone(), make)));
            let score = &state.score;
            host.emit("change", Some(&id), || serde_json::json!({"score": **score, "complete": score.complete, "missing": score.missing}));
        });
    }
    // The host's submit and reset commands.
    let root = use_node_ref();
    {
        let (host, state, root, outbox) = (
            props.host.clone(),
            state.clone(),
            root.clone(),
            use_context::<OutboxContext>(),
        );
        use_effect_with((state.clone(), outbox.clone()), move |_| {
            let handler = {
                let host = host.clone();
                Callback::from(move |command| match command {
                    Command::Submit => {
                        if let Outcome::Incomplete(id) =
                            submit(&state, &state.dispatcher(), outbox.as_ref(), How::Complete)
                            && let Some(widget) = root.cast::<web_sys::Element>()
                        {
                            focus_item(&widget, &id);
                        }
                    }
                    Command::Reset => {
                        draft::remove(&state.session.rubric, &state.session.context_key());
                        state.dispatch(Action::StartOver {
                            review_id: new_review_id(),
                            started_at: now_iso(),
                        });
                        host.set_review(None);
                    }
                    _ => {}
                })
            };
            host.listen_form(Some(handler));
            move || host.listen_form(None)
        });
    }

    // A quiz with a time limit: the countdown, and at zero the attempt ends with what
    // is answered (also when a draft reopens after its time ran out).
    let mode = state.session.config.mode;
    let quiz_running = mode == Mode::Quiz && state.finished.is_none();
    // A finished attempt's results have their own "Retake": the header's draft note
    // and "Start over" (the same action) would only repeat it.
    let quiz_finished = mode == Mode::Quiz && state.finished.is_some();
    let limit = state
        .session
        .config
        .quiz
        .time_limit_s
        .filter(|_| quiz_running);
    let now = use_now(limit.is_some());
    let remaining =
        limit.map(|limit| i64::from(limit) - state.seconds_since_start(now).floor() as i64);
    {
        let expired = remaining.is_some_and(|r| r <= 0);
        let (state, outbox) = (state.clone(), use_context::<OutboxContext>());
        use_effect_with(expired, move |expired| {
            if *expired {
                submit(
                    &state,
                    &state.dispatcher(),
                    outbox.as_ref(),
                    How::Anyway { timed_out: true },
                );
            }
        });
    }

    let session = &state.session;
    let lang = session.lang;
    let rubric = session.scorer.rubric();
    let text = |t: &crate::core::Text| rubric.text(t, Some(lang.tag())).to_owned();
    let p = rubric.scoring.precision();
    let dispatch = state.dispatcher();

    let start_over = {
        let dispatch = dispatch.clone();
        let session = session.clone();
        let (note, confirming, saved_at) = (note.clone(), confirming.clone(), saved_at.clone());
        Callback::from(move |()| {
            draft::remove(&session.rubric, &session.context_key());
            dispatch.dispatch(Action::StartOver {
                review_id: new_review_id(),
                started_at: now_iso(),
            });
            note.set(None);
            confirming.set(false);
            saved_at.set(None);
        })
    };
    let notes = match &*note {
        Some(DraftNote::Restored(at)) => html! {
            <div class="note" role="status" data-testid="draft-restored">
                <span>{ msg(lang, Msg::Restored(&local_time(at))) }</span>
                <button type="button" class="link" onclick={let c = confirming.clone(); Callback::from(move |_| c.set(true))}>
                    { t(lang, Key::StartOver) }
                </button>
            </div>
        },
        Some(DraftNote::Other(other)) => {
            let apply = {
                let (dispatch, note, other) = (dispatch.clone(), note.clone(), other.clone());
                Callback::from(move |_| {
                    dispatch.dispatch(Action::Restore(other.clone()));
                    note.set(None);
                })
            };
            let discard = {
                let (note, other) = (note.clone(), other.clone());
                Callback::from(move |_| {
                    draft::remove(&other.rubric, &other.context_key);
                    note.set(None);
                })
            };
            html! {
                <div class="note warn" role="status" data-testid="draft-other-version">
                    <span>{ msg(lang, Msg::OtherDraft(&other.rubric.version, &local_time(&other.saved_at))) }</span>
                    <button type="button" class="link" data-testid="draft-apply" onclick={apply}>{ t(lang, Key::ApplyAnyway) }</button>
                    <button type="button" class="link" data-testid="draft-discard" onclick={discard}>{ t(lang, Key::Discard) }</button>
                </div>
            }
        }
        None => Html::default(),
    };

    // Submitted and on its way, or stored: the form is read-only. A rejected review
    // opens again for correction.
    let outbox = use_context::<OutboxContext>();
    let review_id = state.review_id.to_string();
    let locked = state.finished.is_some()
        || outbox.as_ref().is_some_and(|o| {
            o.snapshot.stored(&review_id).is_some()
                || o.snapshot
                    .entry(&review_id)
                    .is_some_and(|e| !matches!(e.state, EntryState::Rejected { .. }))
        });
    // "Start a new review" goes away with the review it ended: the keyboard goes on to
    // the new review's first item once it is on screen.
    let focus_first = use_mut_ref(|| false);
    {
        let (root, focus_first) = (root.clone(), focus_first.clone());
        use_effect_with(state.review_id, move |_| {
            if focus_first.replace(false)
                && let Some(widget) = root.cast::<web_sys::Element>()
            {
                focus_next_missing(&widget);
            }
        });
    }
    let on_new = {
        let (dispatch, note, saved_at) = (dispatch.clone(), note.clone(), saved_at.clone());
        Callback::from(move |_| {
            *focus_first.borrow_mut() = true;
            dispatch.dispatch(Action::StartOver {
                review_id: new_review_id(),
                started_at: now_iso(),
            });
            note.set(None);
            saved_at.set(None);
        })
    };
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        if e.alt_key() && e.code() == "KeyN" {
            e.prevent_default();
            if let Some(widget) = event_element(&e).as_ref().and_then(widget_of) {
                focus_next_missing(&widget);
            }
        }
    });
    let meta = [
        msg(lang, Msg::Method(rubric.scoring.method)),
        format!("{} {}", t(lang, Key::Total), points(rubric.scoring.max())),
        format!("{} · {}", rubric.id, rubric.version),
    ]
    .join(" · ");

    let mode_class = match mode {
        Mode::Inspect => "mode-inspect",
        Mode::Quiz => "mode-quiz",
        Mode::Calibrate => "mode-calibrate",
    };
    let quiz_view = QuizView {
        review_id: state.review_id,
        shuffle: session.config.quiz.shuffle,
    };
    let (answered, questions) = if quiz_running {
        progress(&marked(&session.scorer, &state.answers))
    } else {
        (0, 0)
    };

    html! {
        <div class={classes!("rw-inspector", mode_class)} lang={lang.tag()} {onkeydown} ref={root}>
            <header class="rw-header" part="header">
                <div class="title-block">
                    <h1>{ text(&rubric.title) }</h1>
                    if let Some(d) = &rubric.description { <p class="description">{ text(d) }</p> }
                    <p class="meta">{ meta }{ context_line(session.context(), lang) }</p>
                </div>
                <div class="header-actions">
                    <OutboxPanel {lang} />
                    if let Some(at) = saved_at.as_ref().filter(|_| !quiz_finished) {
                        <span class="saved" data-testid="saved">{ msg(lang, Msg::Saved(&local_time(at))) }</span>
                    }
                    if !quiz_finished {
                        if *confirming {
                            <Confirm id="rw-confirm-start-over" testid="start-over-dialog"
                                     question={t(lang, Key::ConfirmStartOver).to_owned()}
                                     confirm={t(lang, Key::StartOver)} confirm_class="danger" confirm_testid="confirm-start-over"
                                     cancel={t(lang, Key::Cancel)} cancel_testid="cancel-start-over"
                                     on_confirm={start_over.reform(|_| ())}
                                     on_cancel={let c = confirming.clone(); Callback::from(move |_| c.set(false))} />
                        } else {
                            <button type="button" class="secondary" data-testid="start-over" ref={start_over_button.clone()}
                                    onclick={let c = confirming.clone(); Callback::from(move |_| c.set(true))}>
                                { t(lang, Key::StartOver) }
                            </button>
                        }
                    }
                </div>
            </header>
            { notes }
            if !*storage_ok { <div class="note warn" role="status">{ t(lang, Key::StorageUnavailable) }</div> }
            if let Some(finished) = &state.finished {
                { finished_view(&state, &finished.at, start_over.clone(), on_new) }
            } else {
                <div class="rw-layout">
                    <div class="rw-form" part="form">
                        { for rubric.sections.iter().enumerate().map(|(s, section)| {
                            let heading_id = format!("rw-section-{}", section.id);
                            let figures = state.score.sections.at(s).map(|sc| {
                                if sc.applicable && sc.max > 0.0 && !quiz_running {
                                    format!("{} / {}", score_or_dash(sc.score, p), score_or_dash(Some(sc.max), p))
                                } else {
                                    String::new()
                                }
                            }).unwrap_or_default();
                            html! {
                                <section class="rw-section" aria-labelledby={heading_id.clone()} data-testid={format!("section-card-{}", section.id)}>
                                    <h2 id={heading_id}>
                                        <span>{ text(&section.title) }</span>
                                        <span class="section-score">{ figures }</span>
                                    </h2>
                                    if let Some(d) = &section.description { <p class="description">{ text(d) }</p> }
                                    <div class="items">
                                        { for session.scorer.section_items(s).map(|pos| {
                                            let id = session.scorer.item(pos).map(|i| i.id.to_string()).unwrap_or_default();
                                            html! {
                                                <ItemCard key={id.clone()} session={session.clone()} {pos}
                                                          answer={state.answer(&id).cloned()}
                                                          typed={state.pending.get(&id).cloned()}
                                                          trace={state.score.items.at(pos).copied()}
                                                          dispatch={dispatch.clone()} {locked}
                                                          quiz={quiz_running.then(|| quiz_view.clone())} />
                                            }
                                        }) }
                                    </div>
                                </section>
                            }
                        }) }
                        <SubmitArea state={state.clone()} {locked} {on_new} />
                    </div>
                    if quiz_running {
                        <QuizPanel {lang} answered={answered} total={questions} {remaining} />
                    } else {
                        <ScorePanel session={session.clone()} score={state.score.clone()} />
                    }
                </div>
            }
            if let (Some(review), Mode::Inspect) = (&state.submitted, mode) {
                <ReviewDialog review={review.clone()} {lang}
                              on_close={let d = dispatch.clone(); Callback::from(move |_| d.dispatch(Action::CloseSubmitted))} />
            }
        </div>
    }
}

/// The host's context after the rubric's figures: the usual fields by name in the UI's
/// language (座席 1024 · 通话 C-88231), others as `key: value`, and a web address — the
/// recording — as a link that opens beside the widget.
fn context_line(context: &indexmap::IndexMap<String, serde_json::Value>, lang: Lang) -> Html {
    html! { <>{ for context.iter().map(|(key, value)| {
        let value = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
        let label = match key.as_str() {
            "agent_id" => t(lang, Key::ContextAgent).to_owned(),
            "call_id" => t(lang, Key::ContextCall).to_owned(),
            "ticket_id" => t(lang, Key::ContextTicket).to_owned(),
            "conversation_id" => t(lang, Key::ContextConversation).to_owned(),
            "recording_url" => t(lang, Key::ContextRecording).to_owned(),
            other => format!("{other}:"),
        };
        let web = value.starts_with("https://") || value.starts_with("http://");
        html! {
            <>
                { " · " }
                if web {
                    <a href={value.clone()} target="_blank" rel="noopener noreferrer"
                       data-testid={format!("context-{key}")} title={value}>
                        { label }<span aria-hidden="true">{ " ↗" }</span>
                    </a>
                } else {
                    <span data-testid={format!("context-{key}")}>{ format!("{label} {value}") }</span>
                }
            </>
        }
    }) }</> }
}

/// A finished quiz attempt (its results) or calibration (the comparison), with where the
/// submission stands.
fn finished_view(
    state: &UseReducerHandle<ReviewState>,
    at: &str,
    start_over: Callback<()>,
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
                <QuizResults session={session.clone()} {review} on_retake={start_over} />
                <Submission {review_id} {lang} {on_new} next={false} />
            </>
        },
    }
}
