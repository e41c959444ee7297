use std::rc::Rc;

use yew::prelude::*;

use crate::transport::Snapshot;
use crate::transport::outbox::Outbox;

/// The outbox and what it last reported, shared by the whole widget (provided by
/// `OutboxProvider`); no outbox until it is open.
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
    /// Before the outbox is open: nothing in it.
    pub fn closed() -> Self {
        OutboxContext {
            outbox: None,
            snapshot: Rc::new(Snapshot::empty()),
        }
    }

    /// Run an outbox operation in the background (nothing happens before it is open).
    pub fn run<F, Fut>(&self, f: F)
    where
        F: FnOnce(Rc<Outbox>) -> Fut + 'static,
        Fut: std::future::Future<Output = ()> + 'static,
    {
        if let Some(outbox) = self.outbox.clone() {
            wasm_bindgen_futures::spawn_local(f(outbox));
        }
    }

    /// Send one review now, whatever its state.
    pub fn retry(&self, review_id: &str) {
        let id = review_id.to_owned();
        self.run(move |outbox| async move { outbox.retry_now(&id).await });
    }

    /// Remove a review without sending it.
    pub fn discard(&self, review_id: &str) {
        let id = review_id.to_owned();
        self.run(move |outbox| async move { outbox.discard(&id).await });
    }
}

/// The widget's outbox (closed outside an `OutboxProvider`, and until it opens).
#[hook]
pub fn use_outbox() -> OutboxContext {
    use_context::<OutboxContext>().unwrap_or_else(OutboxContext::closed)
}
