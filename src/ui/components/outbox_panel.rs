//! The header's "Outbox (n)": every review not yet delivered, with retry, download and
//! discard (which asks first).

use yew::prelude::*;

use super::confirm::Confirm;
use crate::transport::{Backend, Entry, EntryState};
use crate::ui::dom::download_entry;
use crate::ui::format::{describe_entry, state_name};
use crate::ui::hooks::{OutboxContext, use_discard_focus, use_now, use_outbox};
use crate::ui::i18n::{Key, Lang, Msg, msg, t};

#[derive(Properties, PartialEq)]
pub struct OutboxPanelProps {
    pub lang: Lang,
}

/// Every review not yet delivered, with retry, download and discard.
#[function_component(OutboxPanel)]
pub fn outbox_panel(props: &OutboxPanelProps) -> Html {
    let context = use_outbox();
    let open = use_state(|| false);
    let confirming = use_state(|| None::<String>);
    let entries = &context.snapshot.entries;
    let now = use_now(*open && entries.iter().any(|e| e.state == EntryState::Pending));
    let lang = props.lang;
    let memory_only = context.outbox.is_some() && context.snapshot.backend == Backend::Memory;
    let (toggle, list) = use_discard_focus(&confirming, entries.len());
    if entries.is_empty() && !memory_only && context.snapshot.storage_error.is_none() {
        return Html::default();
    }
    html! {
        <div class="outbox" data-testid="outbox">
            if memory_only { <p class="note warn" role="status">{ t(lang, Key::StorageMemoryOnly) }</p> }
            if let Some(error) = &context.snapshot.storage_error { <p class="note warn" role="alert">{ error.to_string() }</p> }
            if !entries.is_empty() {
                <button type="button" class="secondary" aria-expanded={open.to_string()} aria-controls="rw-outbox-list"
                        data-testid="outbox-toggle" ref={toggle} onclick={let o = open.clone(); Callback::from(move |_| o.set(!*o))}>
                    { msg(lang, Msg::OutboxCount(entries.len())) }
                </button>
            }
            if *open && !entries.is_empty() {
                <ul class="outbox-list" id="rw-outbox-list" aria-label={t(lang, Key::Outbox)} ref={list}>
                    { for entries.iter().map(|entry| row(entry, &context, &confirming, now, lang)) }
                </ul>
            }
        </div>
    }
}

/// One review in the list: where it stands, retry, download, and discard (asked first).
fn row(
    entry: &Entry,
    context: &OutboxContext,
    confirming: &UseStateHandle<Option<String>>,
    now: f64,
    lang: Lang,
) -> Html {
    let id = entry.review_id.clone();
    let retry = {
        let (context, id) = (context.clone(), id.clone());
        Callback::from(move |_| context.retry(&id))
    };
    let discard = {
        let (context, id, confirming) = (context.clone(), id.clone(), confirming.clone());
        Callback::from(move |_| {
            confirming.set(None);
            context.discard(&id);
        })
    };
    let ask = |value: Option<String>| {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(value.clone()))
    };
    let asking = confirming.as_deref() == Some(id.as_str());
    html! {
        <li data-testid={format!("outbox-{id}")} data-state={state_name(&entry.state)}>
            <span class="outbox-label">{ &entry.label }</span>
            <span class="outbox-state">{ describe_entry(entry, now, lang) }</span>
            <span class="hint">{ msg(lang, Msg::Attempts(entry.attempts)) }</span>
            <span class="outbox-actions">
                <button type="button" class="link" onclick={retry}>{ t(lang, Key::RetryNow) }</button>
                <button type="button" class="link" onclick={let e = entry.clone(); Callback::from(move |_| download_entry(&e))}>
                    { t(lang, Key::Download) }
                </button>
                if !asking {
                    <button type="button" class="link" data-testid={format!("discard-{id}")} onclick={ask(Some(id.clone()))}>
                        { t(lang, Key::Discard) }
                    </button>
                }
            </span>
            if asking {
                <Confirm id={format!("rw-discard-{id}")} testid={format!("discard-dialog-{id}")}
                         question={t(lang, Key::ConfirmDiscard).to_owned()}
                         confirm={t(lang, Key::Discard)} confirm_class="danger"
                         confirm_testid={format!("confirm-discard-{id}")}
                         cancel={t(lang, Key::Cancel)} cancel_testid={format!("cancel-discard-{id}")}
                         on_confirm={discard} on_cancel={ask(None)} />
            }
        </li>
    }
}
