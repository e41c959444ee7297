//! The outbox in the UI: a context the whole app shares, the status of the review on
//! screen ("queued, retrying in 8 s", rejected with the server's message, stored), and
//! a list of everything not yet delivered with retry, download and discard.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use serde_json::json;

use super::components::controls::Confirm;
use super::dom::{download, refocus_if_lost};
use super::host::Host;
use super::i18n::{Key, Lang, Msg, msg, t};
use crate::transport::outbox::{Outbox, Snapshot, Subscription};
use crate::transport::store::Backend;
use crate::transport::{Entry, EntryState, WidgetConfig};

/// The outbox and what it last reported; `None` until it is open.
#[derive(Clone)]
pub struct OutboxContext {
    pub outbox: Option<Rc<Outbox>>,
    pub snapshot: Rc<Snapshot>,
}

impl PartialEq for OutboxContext {
    fn eq(&self, other: &Self) -> bool {
        let same = match (&self.outbox, &other.outbox) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same && self.snapshot == other.snapshot
    }
}

impl OutboxContext {
    fn closed() -> Self {
        OutboxContext {
            outbox: None,
            snapshot: Rc::new(Snapshot {
                entries: Vec::new(),
                stored: Vec::new(),
                backend: Backend::IndexedDb,
                storage_error: None,
            }),
        }
    }

    /// Run an outbox operation in the background.
    pub fn run<F, Fut>(&self, f: F)
    where
        F: FnOnce(Rc<Outbox>) -> Fut + 'static,
        Fut: std::future::Future<Output = ()> + 'static,
    {
        if let Some(outbox) = self.outbox.clone() {
            wasm_bindgen_futures::spawn_local(f(outbox));
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct OutboxProviderProps {
    pub config: Rc<WidgetConfig>,
    /// Told when this widget's reviews are queued, rejected or stored.
    pub host: Rc<Host>,
    pub children: Html,
}

/// Tell the host what changed for its own reviews between two snapshots.
fn report(host: &Host, before: &Snapshot, after: &Snapshot) {
    for stored in after.stored.iter().filter(|s| host.owns(&s.review_id)) {
        if before.stored(&stored.review_id).is_none() {
            let detail = || json!({"response": {"server_id": stored.server_id}});
            host.emit("submitted", Some(&stored.review_id), detail);
        }
    }
    for entry in after.entries.iter().filter(|e| host.owns(&e.review_id)) {
        let previous = before.entry(&entry.review_id);
        match &entry.state {
            EntryState::Rejected {
                status,
                message,
                auth,
            } if !previous.is_some_and(|p| matches!(p.state, EntryState::Rejected { .. })) => {
                let detail = || json!({"status": status, "message": message, "auth": auth});
                host.emit("rejected", Some(&entry.review_id), detail);
            }
            EntryState::Rejected { .. } => {}
            _ if previous
                .is_none_or(|p| p.attempts != entry.attempts || p.state != entry.state) =>
            {
                let wait = (entry.next_attempt_ms - js_sys::Date::now())
                    .max(0.0)
                    .round();
                let detail = || {
                    json!({
                        "attempts": entry.attempts, "reason": entry.last_error,
                        "retry_in_ms": (entry.attempts > 0).then_some(wait),
                        "paused": entry.state == EntryState::Paused,
                    })
                };
                host.emit("queued", Some(&entry.review_id), detail);
            }
            _ => {}
        }
    }
    if let Some(error) = after
        .storage_error
        .as_ref()
        .filter(|e| before.storage_error.as_ref() != Some(*e))
    {
        host.emit(
            "error",
            None,
            || json!({"kind": "storage", "message": error, "problems": []}),
        );
    }
}

/// Opens the outbox once (it resumes sending at once) and shares it.
#[function_component(OutboxProvider)]
pub fn outbox_provider(props: &OutboxProviderProps) -> Html {
    let context = use_state(OutboxContext::closed);
    let subscription = use_mut_ref(|| None::<Subscription>);
    {
        let (context, subscription) = (context.clone(), subscription.clone());
        let (config, host) = (props.config.clone(), props.host.clone());
        use_effect_with((), move |_| {
            let open = subscription.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let outbox = Outbox::open(config).await;
                let snapshot = Rc::new(outbox.snapshot().await);
                context.set(OutboxContext {
                    outbox: Some(outbox.clone()),
                    snapshot: snapshot.clone(),
                });
                let last = RefCell::new(snapshot);
                let on_change = {
                    let (context, outbox) = (context.clone(), outbox.clone());
                    Callback::from(move |snapshot: Snapshot| {
                        let snapshot = Rc::new(snapshot);
                        report(&host, &last.replace(snapshot.clone()), &snapshot);
                        context.set(OutboxContext {
                            outbox: Some(outbox.clone()),
                            snapshot,
                        });
                    })
                };
                *open.borrow_mut() = Some(outbox.subscribe(on_change));
            });
            // Unmounted (destroy): the subscription goes, and with the last reference
            // the outbox, its listeners and its timer.
            move || {
                subscription.borrow_mut().take();
            }
        });
    }
    // A new configuration (headers, timeout) serves the attempts to come.
    {
        let context = context.clone();
        use_effect_with(props.config.clone(), move |config| {
            if let Some(outbox) = &context.outbox {
                outbox.set_config(config.clone());
            }
        });
    }
    html! {
        <ContextProvider<OutboxContext> context={(*context).clone()}>
            { props.children.clone() }
        </ContextProvider<OutboxContext>>
    }
}

/// The current time, ticking every second while `active`.
#[hook]
pub fn use_now(active: bool) -> f64 {
    let now = use_state(js_sys::Date::now);
    let timer = use_mut_ref(|| None::<gloo_timers::callback::Interval>);
    {
        let now = now.clone();
        use_effect_with(active, move |active| {
            *timer.borrow_mut() = active.then(|| {
                gloo_timers::callback::Interval::new(1_000, move || now.set(js_sys::Date::now()))
            });
            let timer: Rc<RefCell<_>> = timer;
            move || {
                timer.borrow_mut().take();
            }
        });
    }
    *now
}

/// One line about an entry: sending, queued with its countdown, paused, or rejected.
pub fn describe(entry: &Entry, now: f64, lang: Lang) -> String {
    let reason = entry.last_error.as_deref().unwrap_or_default();
    match &entry.state {
        EntryState::Pending if entry.attempts == 0 || entry.next_attempt_ms <= now => {
            t(lang, Key::Sending).to_owned()
        }
        EntryState::Pending => {
            let secs = ((entry.next_attempt_ms - now) / 1000.0).ceil().max(1.0) as u64;
            msg(lang, Msg::Queued(reason, secs))
        }
        EntryState::Paused => msg(lang, Msg::Paused(reason)),
        EntryState::Rejected { message, .. } => msg(lang, Msg::Rejected(message)),
    }
}

fn download_entry(entry: &Entry) {
    // The document is still on screen in the outbox if the download fails.
    let _ = download(
        &format!("review-{}.json", entry.review_id),
        &pretty(&entry.body),
    );
}

fn pretty(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| body.to_owned())
}

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
    let context = use_context::<OutboxContext>().unwrap_or_else(OutboxContext::closed);
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
        Callback::from(move |_| {
            let id = id.clone();
            context.run(move |outbox| async move { outbox.retry_now(&id).await });
        })
    };
    let rejected = matches!(entry.state, EntryState::Rejected { .. });
    let auth = matches!(entry.state, EntryState::Rejected { auth: true, .. });
    html! {
        <div class={classes!("submission", rejected.then_some("rejected"))} role={if rejected { "alert" } else { "status" }}
             data-testid="submission" data-state={state_name(&entry.state)} tabindex="-1" ref={root}>
            <span>{ describe(&entry, now, lang) }</span>
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

fn state_name(state: &EntryState) -> &'static str {
    match state {
        EntryState::Pending => "pending",
        EntryState::Paused => "paused",
        EntryState::Rejected { .. } => "rejected",
    }
}

#[derive(Properties, PartialEq)]
pub struct OutboxPanelProps {
    pub lang: Lang,
}

/// Every review not yet delivered, with retry, download and discard.
#[function_component(OutboxPanel)]
pub fn outbox_panel(props: &OutboxPanelProps) -> Html {
    let context = use_context::<OutboxContext>().unwrap_or_else(OutboxContext::closed);
    let open = use_state(|| false);
    let confirming = use_state(|| None::<String>);
    let entries = &context.snapshot.entries;
    let now = use_now(*open && entries.iter().any(|e| e.state == EntryState::Pending));
    let lang = props.lang;
    let memory_only = context.outbox.is_some() && context.snapshot.backend == Backend::Memory;
    // Where the keyboard goes when what had it goes away: after "Cancel", back to the
    // entry's Discard; after a discard, to the Outbox button (while anything is left).
    let (toggle, list) = (use_node_ref(), use_node_ref());
    {
        let (toggle, list) = (toggle.clone(), list.clone());
        let asked = confirming
            .as_ref()
            .map(|id| format!("[data-testid=\"discard-{id}\"]"));
        let last_asked = use_mut_ref(|| None::<String>);
        use_effect_with((confirming.clone(), entries.len()), move |_| {
            let discard = last_asked.replace(asked).and_then(|selector| {
                list.cast::<web_sys::Element>()?
                    .query_selector(&selector)
                    .ok()?
            });
            refocus_if_lost(
                discard
                    .and_then(|d| wasm_bindgen::JsCast::dyn_into(d).ok())
                    .or_else(|| toggle.cast()),
            );
        });
    }
    if entries.is_empty() && !memory_only && context.snapshot.storage_error.is_none() {
        return Html::default();
    }
    html! {
        <div class="outbox" data-testid="outbox">
            if memory_only { <p class="note warn" role="status">{ t(lang, Key::StorageMemoryOnly) }</p> }
            if let Some(error) = &context.snapshot.storage_error { <p class="note warn" role="alert">{ error }</p> }
            if !entries.is_empty() {
                <button type="button" class="secondary" aria-expanded={open.to_string()} aria-controls="rw-outbox-list"
                        data-testid="outbox-toggle" ref={toggle} onclick={let o = open.clone(); Callback::from(move |_| o.set(!*o))}>
                    { msg(lang, Msg::OutboxCount(entries.len())) }
                </button>
            }
            if *open && !entries.is_empty() {
                <ul class="outbox-list" id="rw-outbox-list" aria-label={t(lang, Key::Outbox)} ref={list}>
                    { for entries.iter().map(|entry| {
                        let id = entry.review_id.clone();
                        let retry = {
                            let (context, id) = (context.clone(), id.clone());
                            Callback::from(move |_| {
                                let id = id.clone();
                                context.run(move |outbox| async move { outbox.retry_now(&id).await });
                            })
                        };
                        let discard = {
                            let (context, id, confirming) = (context.clone(), id.clone(), confirming.clone());
                            Callback::from(move |_| {
                                let id = id.clone();
                                confirming.set(None);
                                context.run(move |outbox| async move { outbox.discard(&id).await });
                            })
                        };
                        let asking = confirming.as_deref() == Some(id.as_str());
                        html! {
                            <li data-testid={format!("outbox-{id}")} data-state={state_name(&entry.state)}>
                                <span class="outbox-label">{ &entry.label }</span>
                                <span class="outbox-state">{ describe(entry, now, lang) }</span>
                                <span class="hint">{ msg(lang, Msg::Attempts(entry.attempts)) }</span>
                                <span class="outbox-actions">
                                    <button type="button" class="link" onclick={retry}>{ t(lang, Key::RetryNow) }</button>
                                    <button type="button" class="link" onclick={let e = entry.clone(); Callback::from(move |_| download_entry(&e))}>
                                        { t(lang, Key::Download) }
                                    </button>
                                    if !asking {
                                        <button type="button" class="link" data-testid={format!("discard-{id}")}
                                                onclick={let c = confirming.clone(); let id = id.clone(); Callback::from(move |_| c.set(Some(id.clone())))}>
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
                                             on_confirm={discard}
                                             on_cancel={let c = confirming.clone(); Callback::from(move |_| c.set(None))} />
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}
