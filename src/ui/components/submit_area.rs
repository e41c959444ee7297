//! The end of the form: the overall comment, what is still missing (each entry jumps to
//! its item), and the submit button, which says what is missing instead of failing
//! silently. A quiz may be finished with questions left, once the trainee says so.

use std::rc::Rc;

use yew::prelude::*;

use super::confirm::Confirm;
use super::submission::Submission;
use crate::core::{Id, Mode};
use crate::ui::dom::{event_element, focus_item_from, text_input};
use crate::ui::i18n::{Key, Msg, msg, t};
use crate::ui::session::Session;
use crate::ui::state::How;

/// How many missing items the list names (the button says how many in all).
const MISSING_SHOWN: usize = 8;

#[derive(Properties, PartialEq)]
pub struct SubmitAreaProps {
    pub session: Rc<Session>,
    pub review_id: AttrValue,
    pub comment: AttrValue,
    /// The required items still unanswered, from the engine's score.
    pub missing: Vec<Id>,
    /// The review is on its way (or stored): nothing more to submit.
    pub locked: bool,
    pub on_comment: Callback<String>,
    pub on_submit: Callback<How>,
    /// Start the next review once this one is stored.
    pub on_new: Callback<()>,
}

#[function_component(SubmitArea)]
pub fn submit_area(props: &SubmitAreaProps) -> Html {
    let session = &props.session;
    let lang = session.lang;
    let missing = &props.missing;
    let quiz = session.config.mode == Mode::Quiz;
    let confirming = use_state(|| false);
    let on_submit = {
        let (on_submit, confirming) = (props.on_submit.clone(), confirming.clone());
        let unanswered = !missing.is_empty();
        Callback::from(move |_: MouseEvent| {
            if quiz && unanswered {
                confirming.set(true);
            } else {
                on_submit.emit(How::Complete);
            }
        })
    };
    let label = match (quiz, missing.len()) {
        (true, _) => t(lang, Key::Finish).to_owned(),
        (false, 0) => t(lang, Key::Submit).to_owned(),
        (false, n) => msg(lang, Msg::StillMissing(n)),
    };
    html! {
        <section class="submit-area" part="submit" aria-label={label.clone()} data-review-id={props.review_id.clone()}>
            if !quiz {
                <label class="overall" id="rw-overall-label">
                    <span>{ t(lang, Key::OverallComment) }</span>
                    <textarea rows="3" value={props.comment.clone()} readonly={props.locked} data-testid="overall-comment"
                              oninput={text_input(&props.on_comment)} />
                </label>
            }
            if !missing.is_empty() { { missing_list(session, missing, quiz) } }
            if props.locked {
                <></>
            } else if *confirming {
                { finish_anyway(props, confirming.clone()) }
            } else {
                <button type="button" class={classes!("primary", (!missing.is_empty()).then_some("incomplete"))}
                        data-testid="submit" onclick={on_submit}>
                    { label }
                </button>
            }
            <Submission review_id={props.review_id.clone()} {lang} on_new={props.on_new.clone()} />
        </section>
    }
}

/// The first few missing items, each a jump to its item; a long list would bury the
/// button.
fn missing_list(session: &Session, missing: &[Id], quiz: bool) -> Html {
    let lang = session.lang;
    html! {
        <div class="missing" data-testid="missing">
            <p>{ t(lang, if quiz { Key::MissingQuestions } else { Key::MissingTitle }) }</p>
            <ul>
                { for missing.iter().take(MISSING_SHOWN).filter_map(|id| {
                    let title = session.text(&session.scorer.item_by_id(id)?.title);
                    let id = id.to_string();
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
}

/// A quiz finished with questions unanswered: "Finish anyway?" ("Keep answering"
/// takes the keyboard to the first of them).
fn finish_anyway(props: &SubmitAreaProps, confirming: UseStateHandle<bool>) -> Html {
    let lang = props.session.lang;
    let finish = {
        let (on_submit, confirming) = (props.on_submit.clone(), confirming.clone());
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            on_submit.emit(How::Anyway { timed_out: false });
        })
    };
    let first = props.missing.first().map(|i| i.to_string());
    let keep_answering = Callback::from(move |e: MouseEvent| {
        let target = event_element(&e);
        confirming.set(false);
        if let Some(id) = &first {
            focus_item_from(target, id)
        }
    });
    html! {
        <Confirm id="rw-confirm-finish" testid="confirm-finish" class="confirm-finish"
                 question={msg(lang, Msg::UnansweredLeft(props.missing.len()))}
                 confirm={t(lang, Key::FinishAnyway)} confirm_class="primary" confirm_testid="finish-anyway"
                 cancel={t(lang, Key::KeepAnswering)} cancel_testid="keep-answering"
                 on_confirm={finish} on_cancel={keep_answering} />
    }
}
