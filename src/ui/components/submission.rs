//! Where the review on screen stands once submitted: sending, queued with its
//! countdown and "Retry now", rejected with the server's message, or stored with
//! "Start a new review".

use yew::prelude::*;

use crate::transport::EntryState;
use crate::ui::dom::{download_entry, refocus_if_lost};
use crate::ui::format::{describe_entry, state_name};
use crate::ui::hooks::{use_now, use_outbox};
use crate::ui::i18n::{Key, Lang, Msg, msg, t};

#[derive(Properties, PartialEq)]
pub struct SubmissionProps {
    pub review_id: AttrValue,
    pub lang: Lang,
    /// Start a new review once this one is stored.
    pub on_new: Callback<()>,
    /// Offer that new review (a quiz's results offer a retake instead).
    #[prop_or(true)]
    pub next: bool,
}

/// Where the review on screen stands once submitted.
#[function_component(Submission)]
pub fn submission(props: &SubmissionProps) -> Html {
    let context = use_outbox();
    let lang = props.lang;
    let entry = context.snapshot.entry(&props.review_id).cloned();
    let now = use_now(
        entry
            .as_ref()
            .is_some_and(|e| e.state == EntryState::Pending),
    );
    let stored = context.snapshot.stored(&props.review_id);
    // The submit button that had the keyboard focus is gone: the focus comes here (to
    // where the review stands) instead of falling to the page, at each change of state.
    let root = use_node_ref();
    {
        let root = root.clone();
        let phase = match (&stored, &entry) {
            (Some(_), _) => "stored",
            (None, Some(entry)) => state_name(&entry.state),
            (None, None) => "none",
        };
        use_effect_with(phase, move |_| refocus_if_lost(root.cast()));
    }
    if let Some(stored) = stored {
        let on_new = props.on_new.clone();
        return html! {
            <div class="submission stored" role="status" data-testid="submission" tabindex="-1" ref={root}>
                <span>{ msg(lang, Msg::Stored(stored.server_id.as_deref())) }</span>
                if props.next {
                    <button type="button" class="primary" data-testid="new-review" onclick={Callback::from(move |_| on_new.emit(()))}>
                        { t(lang, Key::NewReview) }
                    </button>
                }
            </div>
        };
    }
    let Some(entry) = entry else {
        return Html::default();
    };
    let retry = {
        let (context, id) = (context.clone(), entry.review_id.clone());
        Callback::from(move |_| context.retry(&id))
    };
    let rejected = matches!(entry.state, EntryState::Rejected { .. });
    let auth = matches!(entry.state, EntryState::Rejected { auth: true, .. });
    html! {
        <div class={classes!("submission", rejected.then_some("rejected"))} role={if rejected { "alert" } else { "status" }}
             data-testid="submission" data-state={state_name(&entry.state)} tabindex="-1" ref={root}>
            <span>{ describe_entry(&entry, now, lang) }</span>
            if auth { <span class="hint">{ t(lang, Key::AuthProblem) }</span> }
            else if rejected { <span class="hint">{ t(lang, Key::EditAndResend) }</span> }
            <span class="submission-actions">
                if !rejected || auth {
                    <button type="button" class="secondary" data-testid="retry-now" onclick={retry}>{ t(lang, Key::RetryNow) }</button>
                }
                <button type="button" class="link" data-testid="download-submission"
                        onclick={let e = entry.clone(); Callback::from(move |_| download_entry(&e))}>{ t(lang, Key::Download) }</button>
            </span>
        </div>
    }
}
