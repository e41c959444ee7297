//! Where the outbox lives: IndexedDB (larger, asynchronous and less readily evicted
//! than localStorage), else localStorage, else — with a warning — memory only.
//! Entries are JSON text keyed by review id.

use std::cell::RefCell;
use std::collections::BTreeMap;

use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode, Storage};

use super::entry::Entry;
use super::error::StorageError;
use super::snapshot::Backend;

const DATABASE: &str = "rubric-widget";
const STORE: &str = "outbox";
const LOCAL_PREFIX: &str = "rubric-widget:outbox:";

pub enum OutboxStore {
    Idb(IdbDatabase),
    Local(Storage),
    Memory(RefCell<BTreeMap<String, String>>),
}

/// A future for one IndexedDB event pair: it resolves with `value()` when the success
/// (or complete) event fires and fails on the error event. It owns both handlers and
/// drops them when it settles, so the one that never fires is not leaked.
struct Events {
    future: JsFuture,
    _ok: Closure<dyn FnMut()>,
    _failed: Closure<dyn FnMut()>,
}

impl std::future::Future for Events {
    type Output = Result<JsValue, JsValue>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        std::pin::Pin::new(&mut self.future).poll(cx)
    }
}

fn events(
    attach: impl FnOnce(&JsValue, &JsValue),
    value: impl Fn() -> JsValue + 'static,
) -> Events {
    let settle: std::rc::Rc<RefCell<Option<(js_sys::Function, js_sys::Function)>>> =
        Default::default();
    let promise = {
        let settle = settle.clone();
        Promise::new(&mut |resolve, reject| {
            settle.borrow_mut().replace((resolve, reject));
        })
    };
    let ok = {
        let settle = settle.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some((resolve, _)) = settle.borrow_mut().take() {
                // Settling a promise's own resolver cannot fail.
                let _ = resolve.call1(&JsValue::NULL, &value());
            }
        })
    };
    let failed = Closure::<dyn FnMut()>::new(move || {
        if let Some((_, reject)) = settle.borrow_mut().take() {
            // Likewise for its rejecter.
            let _ = reject.call1(
                &JsValue::NULL,
                &JsValue::from_str("IndexedDB operation failed"),
            );
        }
    });
    attach(ok.as_ref(), failed.as_ref());
    Events {
        future: JsFuture::from(promise),
        _ok: ok,
        _failed: failed,
    }
}

/// A future that settles with an IndexedDB request's result.
fn settled(request: &IdbRequest) -> Events {
    let (target, req) = (request.clone(), request.clone());
    events(
        move |ok, failed| {
            target.set_onsuccess(Some(ok.unchecked_ref()));
            target.set_onerror(Some(failed.unchecked_ref()));
        },
        move || req.result().unwrap_or(JsValue::UNDEFINED),
    )
}

async fn open_idb() -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()?
        .ok_or("no IndexedDB")?;
    let request = factory.open_with_u32(DATABASE, 1)?;
    // Fires only when the database is first made; held (not leaked) until it is open.
    let upgrade = Closure::<dyn FnMut()>::new({
        let request = request.clone();
        move || {
            if let Ok(db) = request.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
                // A failure here fails the open that follows, which is reported.
                let _ = db.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = settled(&request).await?.dyn_into::<IdbDatabase>();
    request.set_onupgradeneeded(None);
    drop(upgrade);
    db
}

fn encode(entry: &Entry) -> Result<String, StorageError> {
    serde_json::to_string(entry).map_err(|e| StorageError::Encode(e.to_string()))
}

/// An entry's IndexedDB key (its review id) and value (its JSON text).
fn js_pair(entry: &Entry, text: &str) -> (JsValue, JsValue) {
    (JsValue::from_str(&entry.review_id), JsValue::from_str(text))
}

impl Drop for OutboxStore {
    /// A destroyed widget closes its database connection.
    fn drop(&mut self) {
        if let OutboxStore::Idb(db) = self {
            db.close();
        }
    }
}

impl OutboxStore {
    pub async fn open() -> OutboxStore {
        if let Ok(db) = open_idb().await {
            return OutboxStore::Idb(db);
        }
        match web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            Some(storage) => OutboxStore::Local(storage),
            None => OutboxStore::Memory(RefCell::new(BTreeMap::new())),
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            OutboxStore::Idb(_) => Backend::IndexedDb,
            OutboxStore::Local(_) => Backend::LocalStorage,
            OutboxStore::Memory(_) => Backend::Memory,
        }
    }

    /// Run one request on the outbox store and wait for its transaction to commit.
    async fn idb(
        db: &IdbDatabase,
        mode: IdbTransactionMode,
        op: impl FnOnce(&web_sys::IdbObjectStore) -> Result<IdbRequest, JsValue>,
    ) -> Result<JsValue, JsValue> {
        let tx = db.transaction_with_str_and_mode(STORE, mode)?;
        let request = op(&tx.object_store(STORE)?)?;
        let done = events(
            |ok, failed| {
                tx.set_oncomplete(Some(ok.unchecked_ref()));
                tx.set_onerror(Some(failed.unchecked_ref()));
            },
            || JsValue::UNDEFINED,
        );
        let value = settled(&request).await?;
        done.await?;
        Ok(value)
    }

    /// Save (or replace) an entry, durably, before returning.
    pub async fn put(&self, entry: &Entry) -> Result<(), StorageError> {
        let text = encode(entry)?;
        match self {
            OutboxStore::Idb(db) => {
                let (key, value) = js_pair(entry, &text);
                Self::idb(db, IdbTransactionMode::Readwrite, |s| {
                    s.put_with_key(&value, &key)
                })
                .await
                .map(|_| ())
                .map_err(|_| StorageError::Refused)
            }
            OutboxStore::Local(s) => s
                .set_item(&format!("{LOCAL_PREFIX}{}", entry.review_id), &text)
                .map_err(|_| StorageError::Full),
            OutboxStore::Memory(m) => {
                m.borrow_mut().insert(entry.review_id.clone(), text);
                Ok(())
            }
        }
    }

    /// Replace an entry only if it is still there, in one transaction: an update after
    /// a request (or a retry) must not bring back an entry the inspector discarded, in
    /// this tab or another, while it was in flight. Whether it was there.
    pub async fn update(&self, entry: &Entry) -> Result<bool, StorageError> {
        let text = encode(entry)?;
        match self {
            OutboxStore::Idb(db) => {
                let (key, value) = js_pair(entry, &text);
                let mut put_if_found = None;
                let found = Self::idb(db, IdbTransactionMode::Readwrite, |s| {
                    let get = s.get(&key)?;
                    // From the get's success event, while the transaction is active.
                    let (store, got) = (s.clone(), get.clone());
                    let put = Closure::<dyn FnMut()>::new(move || {
                        if got.result().is_ok_and(|r| !r.is_undefined()) {
                            // A failed put fails the transaction, which the caller hears of.
                            let _ = store.put_with_key(&value, &key);
                        }
                    });
                    get.add_event_listener_with_callback("success", put.as_ref().unchecked_ref())?;
                    put_if_found = Some(put);
                    Ok(get)
                })
                .await
                .map_err(|_| StorageError::Refused)?;
                drop(put_if_found);
                Ok(!found.is_undefined())
            }
            OutboxStore::Local(s) => {
                let key = format!("{LOCAL_PREFIX}{}", entry.review_id);
                if s.get_item(&key).ok().flatten().is_none() {
                    return Ok(false);
                }
                s.set_item(&key, &text)
                    .map(|()| true)
                    .map_err(|_| StorageError::Full)
            }
            OutboxStore::Memory(m) => Ok(m
                .borrow_mut()
                .get_mut(&entry.review_id)
                .map(|stored| *stored = text)
                .is_some()),
        }
    }

    pub async fn delete(&self, review_id: &str) -> Result<(), StorageError> {
        match self {
            OutboxStore::Idb(db) => {
                let key = JsValue::from_str(review_id);
                Self::idb(db, IdbTransactionMode::Readwrite, |s| s.delete(&key))
                    .await
                    .map(|_| ())
                    .map_err(|_| StorageError::NotRemoved)
            }
            OutboxStore::Local(s) => s
                .remove_item(&format!("{LOCAL_PREFIX}{review_id}"))
                .map_err(|_| StorageError::NotRemoved),
            OutboxStore::Memory(m) => {
                m.borrow_mut().remove(review_id);
                Ok(())
            }
        }
    }

    pub async fn get(&self, review_id: &str) -> Option<Entry> {
        let text = match self {
            OutboxStore::Idb(db) => {
                let key = JsValue::from_str(review_id);
                Self::idb(db, IdbTransactionMode::Readonly, |s| s.get(&key))
                    .await
                    .ok()?
                    .as_string()?
            }
            OutboxStore::Local(s) => s.get_item(&format!("{LOCAL_PREFIX}{review_id}")).ok()??,
            OutboxStore::Memory(m) => m.borrow().get(review_id)?.clone(),
        };
        serde_json::from_str(&text).ok()
    }

    /// Every entry, oldest first.
    pub async fn all(&self) -> Vec<Entry> {
        let texts: Vec<String> = match self {
            OutboxStore::Idb(db) => Self::idb(db, IdbTransactionMode::Readonly, |s| s.get_all())
                .await
                .ok()
                .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
                .map(|a| a.iter().filter_map(|v| v.as_string()).collect())
                .unwrap_or_default(),
            OutboxStore::Local(s) => {
                let len = s.length().unwrap_or(0);
                (0..len)
                    .filter_map(|i| s.key(i).ok().flatten())
                    .filter(|k| k.starts_with(LOCAL_PREFIX))
                    .filter_map(|k| s.get_item(&k).ok().flatten())
                    .collect()
            }
            OutboxStore::Memory(m) => m.borrow().values().cloned().collect(),
        };
        let mut entries: Vec<Entry> = texts
            .iter()
            .filter_map(|t| serde_json::from_str(t).ok())
            .collect();
        entries.sort_by(|a, b| a.created_at_ms.total_cmp(&b.created_at_ms));
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn entry(review_id: &str, attempts: u32) -> Entry {
        Entry {
            attempts,
            ..Entry::example(review_id)
        }
    }

    /// An update lands on an entry that is there and never brings back a removed one,
    /// in every backend.
    async fn update_never_resurrects(store: OutboxStore, id: &str) {
        assert_eq!(store.put(&entry(id, 0)).await, Ok(()));
        assert_eq!(store.update(&entry(id, 1)).await, Ok(true));
        assert_eq!(store.get(id).await.map(|e| e.attempts), Some(1));
        assert_eq!(store.delete(id).await, Ok(()));
        assert_eq!(store.update(&entry(id, 2)).await, Ok(false));
        assert_eq!(store.get(id).await, None);
        assert!(store.all().await.iter().all(|e| e.review_id != id));
    }

    #[test]
    async fn an_update_never_brings_back_a_discarded_entry() {
        let idb = OutboxStore::open().await;
        assert_eq!(idb.backend(), Backend::IndexedDb);
        update_never_resurrects(idb, "store-test-idb").await;
        let local = web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .map(OutboxStore::Local);
        update_never_resurrects(
            local.expect("localStorage in the test browser"),
            "store-test-local",
        )
        .await;
        update_never_resurrects(OutboxStore::Memory(RefCell::default()), "store-test-memory").await;
    }
}
