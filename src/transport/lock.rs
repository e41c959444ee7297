//! One tab at a time: the Web Locks API, so two tabs never send the same review at
//! once. Where the browser has no Web Locks, the task simply runs (the server's
//! Idempotency-Key still keeps it to one stored review).

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{JsFuture, future_to_promise};

/// Run `task` holding the lock `name`, or return `None` at once when another tab
/// holds it.
pub async fn if_available<T: 'static>(
    name: &str,
    task: impl Future<Output = T> + 'static,
) -> Option<T> {
    let locks = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| Reflect::get(&n, &"locks".into()).ok())
        .filter(|l| l.is_object());
    let request = locks
        .as_ref()
        .and_then(|l| Reflect::get(l, &"request".into()).ok())
        .and_then(|r| r.dyn_into::<Function>().ok());
    let (Some(locks), Some(request)) = (locks, request) else {
        return Some(task.await);
    };
    let out: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    let task = RefCell::new(Some(task));
    let callback = {
        let out = out.clone();
        Closure::once_into_js(move |lock: JsValue| -> Promise {
            let Some(task) = task.borrow_mut().take().filter(|_| !lock.is_null()) else {
                return Promise::resolve(&JsValue::FALSE);
            };
            future_to_promise(async move {
                let value = task.await;
                out.borrow_mut().replace(value);
                Ok(JsValue::TRUE)
            })
        })
    };
    let options = Object::new();
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let held = request
        .call3(&locks, &JsValue::from_str(name), &options, &callback)
        .ok()
        .and_then(|p| p.dyn_into::<Promise>().ok());
    if let Some(held) = held {
        // Only its settling matters: the task's result is in `out` (none if it did not run).
        let _ = JsFuture::from(held).await;
    }
    out.borrow_mut().take()
}
