//! The outbox: every review being sent is saved before its first attempt and stays
//! until the server has stored it. Sending resumes on page load, when the browser
//! comes back online and when the page becomes visible again; a timer wakes it for
//! the next retry. A rejected review never blocks the ones behind it, and a Web Lock
//! per review keeps two tabs from sending the same one at once.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;

use super::entry::{Entry, EntryState, Next};
use super::error::StorageError;
use super::lock;
use super::outbox_store::OutboxStore;
use super::snapshot::{Snapshot, Stored};
use crate::config::WidgetConfig;

/// Told of every change of the outbox.
type Listener = Rc<dyn Fn(Snapshot)>;

pub struct Outbox {
    store: OutboxStore,
    config: RefCell<Rc<WidgetConfig>>,
    listeners: RefCell<Vec<(u32, Listener)>>,
    next_listener: Cell<u32>,
    stored: RefCell<Vec<Stored>>,
    storage_error: RefCell<Option<StorageError>>,
    pumping: Cell<bool>,
    again: Cell<bool>,
    timer: RefCell<Option<Timeout>>,
    events: RefCell<Vec<EventListener>>,
}

/// Unsubscribes when dropped.
pub struct Subscription {
    outbox: Weak<Outbox>,
    id: u32,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(outbox) = self.outbox.upgrade() {
            outbox
                .listeners
                .borrow_mut()
                .retain(|(id, _)| *id != self.id);
        }
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

impl Outbox {
    /// Open the outbox and start sending whatever is due.
    pub async fn open(config: Rc<WidgetConfig>) -> Rc<Outbox> {
        let outbox = Rc::new(Outbox {
            store: OutboxStore::open().await,
            config: RefCell::new(config),
            listeners: RefCell::new(Vec::new()),
            next_listener: Cell::new(0),
            stored: RefCell::new(Vec::new()),
            storage_error: RefCell::new(None),
            pumping: Cell::new(false),
            again: Cell::new(false),
            timer: RefCell::new(None),
            events: RefCell::new(Vec::new()),
        });
        outbox.listen();
        outbox.pump();
        outbox
    }

    /// Resume sending when the network comes back or the page is shown again.
    fn listen(self: &Rc<Self>) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let weak = Rc::downgrade(self);
        let wake = move || {
            if let Some(outbox) = weak.upgrade() {
                wasm_bindgen_futures::spawn_local(async move { outbox.wake_all().await });
            }
        };
        let mut events = self.events.borrow_mut();
        let online = wake.clone();
        events.push(EventListener::new(&window, "online", move |_| online()));
        if let Some(document) = window.document() {
            let doc = document.clone();
            events.push(EventListener::new(
                &document,
                "visibilitychange",
                move |_| {
                    if doc.visibility_state() == web_sys::VisibilityState::Visible {
                        wake();
                    }
                },
            ));
        }
    }

    /// New configuration (headers, timeout, retry) for the attempts to come.
    pub fn set_config(&self, config: Rc<WidgetConfig>) {
        *self.config.borrow_mut() = config;
    }

    /// Call `listener` with a snapshot now and after every change, until the
    /// subscription is dropped.
    pub fn subscribe(self: &Rc<Self>, listener: impl Fn(Snapshot) + 'static) -> Subscription {
        let id = self.next_listener.get();
        self.next_listener.set(id + 1);
        self.listeners.borrow_mut().push((id, Rc::new(listener)));
        let outbox = self.clone();
        wasm_bindgen_futures::spawn_local(async move { outbox.notify().await });
        Subscription {
            outbox: Rc::downgrade(self),
            id,
        }
    }

    pub async fn snapshot(&self) -> Snapshot {
        Snapshot {
            entries: self.store.all().await,
            stored: self.stored.borrow().clone(),
            backend: self.store.backend(),
            storage_error: self.storage_error.borrow().clone(),
        }
    }

    async fn notify(&self) {
        let snapshot = self.snapshot().await;
        let listeners: Vec<Listener> = self
            .listeners
            .borrow()
            .iter()
            .map(|(_, l)| l.clone())
            .collect();
        for listener in listeners {
            listener(snapshot.clone());
        }
    }

    /// Keep the outcome of a storage operation for the snapshot: the last failure is
    /// shown until an operation succeeds.
    fn track<T>(&self, result: Result<T, StorageError>) -> Result<T, StorageError> {
        *self.storage_error.borrow_mut() = result.as_ref().err().cloned();
        result
    }

    async fn save(&self, entry: &Entry) -> Result<(), StorageError> {
        self.track(self.store.put(entry).await)
    }

    /// Remove an entry; a failure is reported like a failed save (the entry stays,
    /// and sending it again is harmless: the server keeps one review per key).
    async fn remove(&self, review_id: &str) -> bool {
        self.track(self.store.delete(review_id).await).is_ok()
    }

    /// Save a changed entry only if it is still in the outbox: one discarded while it
    /// was being sent or retried stays discarded.
    async fn update(&self, entry: &Entry) {
        // Whether it was still there does not matter: either way it is as it should be.
        let _ = self.track(self.store.update(entry).await);
    }

    /// Add (or replace, for a corrected review) an entry: saved before anything is
    /// sent, then sent.
    pub async fn enqueue(self: &Rc<Self>, entry: Entry) -> Result<(), StorageError> {
        self.save(&entry).await?;
        self.notify().await;
        self.pump();
        Ok(())
    }

    /// Send one entry now, whatever its state.
    pub async fn retry_now(self: &Rc<Self>, review_id: &str) {
        if let Some(mut entry) = self.store.get(review_id).await {
            entry.resend(now());
            self.update(&entry).await;
            self.notify().await;
            self.pump();
        }
    }

    /// Remove an entry without sending it (the inspector confirmed).
    pub async fn discard(self: &Rc<Self>, review_id: &str) {
        self.remove(review_id).await;
        self.notify().await;
    }

    /// Make every waiting entry due now (not the rejected ones), then send.
    async fn wake_all(self: &Rc<Self>) {
        for mut entry in self.store.all().await {
            if !matches!(entry.state, EntryState::Rejected { .. }) {
                entry.wake(now());
                self.update(&entry).await;
            }
        }
        self.pump();
    }

    /// Send what is due; one run at a time in this tab (a request during a run makes
    /// it go round once more).
    pub fn pump(self: &Rc<Self>) {
        if self.pumping.replace(true) {
            self.again.set(true);
            return;
        }
        let outbox = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                outbox.again.set(false);
                let due: Vec<String> = outbox
                    .store
                    .all()
                    .await
                    .into_iter()
                    .filter(|e| e.is_due(now()))
                    .map(|e| e.review_id)
                    .collect();
                for review_id in due {
                    let this = outbox.clone();
                    let id = review_id.clone();
                    lock::if_available(&format!("rubric-widget:send:{review_id}"), async move {
                        this.attempt(&id).await
                    })
                    .await;
                }
                if !outbox.again.get() {
                    break;
                }
            }
            outbox.pumping.set(false);
            outbox.schedule().await;
            outbox.notify().await;
        });
    }

    /// One attempt for one entry, holding its lock. The entry is read again first: in
    /// another tab it may have been sent already.
    async fn attempt(&self, review_id: &str) {
        let Some(mut entry) = self.store.get(review_id).await.filter(|e| e.is_due(now())) else {
            return;
        };
        let config = self.config.borrow().clone();
        let outcome = super::http::send(&entry, &config).await;
        match entry.record(outcome, &config.retry, now(), js_sys::Math::random()) {
            Next::Delete { server_id } => {
                if self.remove(review_id).await {
                    if let Some(key) = &entry.draft_key
                        && let Some(storage) =
                            web_sys::window().and_then(|w| w.local_storage().ok().flatten())
                    {
                        // A draft left behind only offers the stored review again on
                        // reopening; submitting it once more is a replay (same id).
                        let _ = storage.remove_item(key);
                    }
                    self.stored.borrow_mut().push(Stored {
                        review_id: review_id.to_owned(),
                        server_id,
                    });
                }
            }
            Next::Keep => self.update(&entry).await,
        }
        self.notify().await;
    }

    /// Wake up for the earliest pending retry.
    async fn schedule(self: &Rc<Self>) {
        let next = self
            .store
            .all()
            .await
            .iter()
            .filter(|e| e.state == EntryState::Pending)
            .map(|e| e.next_attempt_ms)
            .fold(f64::INFINITY, f64::min);
        let timer = next.is_finite().then(|| {
            let wait = (next - now()).clamp(0.0, f64::from(i32::MAX)) as u32;
            let weak = Rc::downgrade(self);
            Timeout::new(wait, move || {
                if let Some(outbox) = weak.upgrade() {
                    outbox.pump();
                }
            })
        });
        *self.timer.borrow_mut() = timer;
    }
}
