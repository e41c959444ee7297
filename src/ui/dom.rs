//! Small browser helpers: ids, clocks, downloads, focus, keys, the tab's storage.

use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};

/// A new UUID v4 from the browser's cryptographic random source.
pub fn new_review_id() -> Uuid {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        // No Web Crypto (very old browsers): fall back to Math.random, still v4-shaped.
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// A widget instance's id when none is given: `rw-` and eight hex digits.
pub fn new_instance_id() -> String {
    format!("rw-{}", &new_review_id().simple().to_string()[..8])
}

/// The browser's language, for a widget whose configuration names none.
pub fn browser_language() -> Option<String> {
    web_sys::window().and_then(|w| w.navigator().language())
}

/// What a new review starts with: a new id, and now.
pub fn fresh_start() -> (Uuid, String) {
    (new_review_id(), now_iso())
}

/// Now, as an RFC 3339 timestamp (UTC).
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// The local wall-clock time of an RFC 3339 timestamp, as `HH:MM` (with the date when
/// it is not today).
pub fn local_time(iso: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_owned();
    }
    let today = js_sys::Date::new_0();
    let time = format!("{:02}:{:02}", date.get_hours(), date.get_minutes());
    if date.to_date_string() == today.to_date_string() {
        time
    } else {
        format!(
            "{}-{:02}-{:02} {time}",
            date.get_full_year(),
            date.get_month() + 1,
            date.get_date()
        )
    }
}

/// An `oninput` handler passing on the new text of the input or text area.
pub fn on_text(f: impl Fn(String) + 'static) -> yew::Callback<web_sys::InputEvent> {
    yew::Callback::from(move |e: web_sys::InputEvent| {
        let Some(target) = e.target() else {
            return;
        };
        let text = target
            .dyn_ref::<web_sys::HtmlInputElement>()
            .map(web_sys::HtmlInputElement::value)
            .or_else(|| {
                target
                    .dyn_ref::<web_sys::HtmlTextAreaElement>()
                    .map(web_sys::HtmlTextAreaElement::value)
            });
        if let Some(text) = text {
            f(text);
        }
    })
}

/// An `oninput` handler passing the new text on to `on_input`.
pub fn text_input(on_input: &yew::Callback<String>) -> yew::Callback<web_sys::InputEvent> {
    let on_input = on_input.clone();
    on_text(move |text| on_input.emit(text))
}

/// The index an arrow/Home/End key moves to, in a list of `n`.
pub fn arrow_target(key: &str, index: usize, n: usize) -> Option<usize> {
    if n == 0 {
        return None;
    }
    match key {
        "ArrowRight" | "ArrowDown" => Some((index + 1) % n),
        "ArrowLeft" | "ArrowUp" => Some((index + n - 1) % n),
        "Home" => Some(0),
        "End" => Some(n - 1),
        _ => None,
    }
}

/// A control's place in its group (`data-index`).
pub fn index_of(target: &web_sys::HtmlElement) -> Option<usize> {
    target.get_attribute("data-index")?.parse().ok()
}

/// Move the focus to the `index`-th control among `target`'s siblings, returning it.
pub fn focus_sibling(
    target: &web_sys::HtmlElement,
    selector: &str,
    index: usize,
) -> Option<web_sys::HtmlElement> {
    let group = target.closest("[data-group]").ok()??;
    let all = group.query_selector_all(selector).ok()?;
    let next = all
        .item(u32::try_from(index).ok()?)?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    let _ = next.focus();
    Some(next)
}

/// Offer `text` as a file download.
pub fn download(filename: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    web_sys::Url::revoke_object_url(&url)
}

/// The widget an element belongs to (its inspector's root). Lookups start there, not
/// at the document: inside a Shadow DOM the document cannot see the widget's elements,
/// and two widgets on a page must not find each other's items.
pub fn widget_of(element: &web_sys::Element) -> Option<web_sys::Element> {
    element.closest(".rw-inspector").ok().flatten()
}

/// The element an event happened on.
pub fn event_element(event: &web_sys::Event) -> Option<web_sys::Element> {
    event.target()?.dyn_into::<web_sys::Element>().ok()
}

fn card(widget: &web_sys::Element, id: &str) -> Option<web_sys::Element> {
    let selector = format!(
        "[data-item=\"{}\"]",
        id.replace('\\', "\\\\").replace('"', "\\\"")
    );
    widget.query_selector(&selector).ok().flatten()
}

/// Scroll an item into view and put the keyboard focus on its first control.
pub fn focus_item(widget: &web_sys::Element, id: &str) {
    let Some(card) = card(widget, id) else {
        return;
    };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    card.scroll_into_view_with_scroll_into_view_options(&options);
    // The item's main control first (the selected option, the box), else anything.
    let target = [
        "[data-focus-first]:not([disabled])",
        "input, textarea, button",
    ]
    .iter()
    .find_map(|selector| card.query_selector(selector).ok().flatten())
    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(target) = target {
        let _ = target.focus();
    }
}

/// Focus an item of the widget `from` belongs to.
pub fn focus_item_from(from: Option<web_sys::Element>, id: &str) {
    if let Some(widget) = from.as_ref().and_then(widget_of) {
        focus_item(&widget, id);
    }
}

/// The DOM id of an item's card (unique within its widget's root).
pub fn item_dom_id(id: &str) -> String {
    format!("rw-item-{id}")
}

/// The element with the keyboard focus in the widget's own tree (its shadow root's,
/// or the document's).
fn active_in(widget: &web_sys::Element) -> Option<web_sys::Element> {
    let root = widget.get_root_node();
    match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow) => shadow.active_element(),
        None => web_sys::window()?.document()?.active_element(),
    }
}

/// The item whose card holds the keyboard focus, if any.
fn focused_item(widget: &web_sys::Element) -> Option<String> {
    let card = active_in(widget)?.closest("[data-item]").ok()??;
    card.get_attribute("data-item")
}

/// Focus the next required item still unanswered after the focused one (wrapping
/// around); false when there is none.
pub fn focus_next_missing(widget: &web_sys::Element) -> bool {
    let ids = |selector: &str| -> Vec<String> {
        let Ok(list) = widget.query_selector_all(selector) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| {
                list.item(i)?
                    .dyn_into::<web_sys::Element>()
                    .ok()?
                    .get_attribute("data-item")
            })
            .collect()
    };
    let all = ids("[data-item]");
    let missing = ids("[data-item][data-status=missing]");
    let here = focused_item(widget).and_then(|id| all.iter().position(|x| *x == id));
    let after = |id: &String| {
        all.iter()
            .position(|x| x == id)
            .is_some_and(|p| here.is_none_or(|h| p > h))
    };
    match missing
        .iter()
        .find(|id| after(id))
        .or_else(|| missing.first())
    {
        Some(id) => {
            focus_item(widget, id);
            true
        }
        None => false,
    }
}

/// Whether nothing has the keyboard focus (it fell to the page when the focused
/// control was removed — in a shadow root too, the document then has the body).
fn focus_lost() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    match (document.active_element(), document.body()) {
        (None, _) => true,
        (Some(active), Some(body)) => active == *body.as_ref(),
        (Some(_), None) => false,
    }
}

/// Give `target` the keyboard focus if nothing has it (the control that had it was
/// removed), never taking it from where the user put it.
pub fn refocus_if_lost(target: Option<web_sys::HtmlElement>) {
    if let Some(target) = target.filter(|_| focus_lost()) {
        let _ = target.focus();
    }
}

/// This tab's sessionStorage, where the browser allows it.
fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

thread_local! {
    /// What [`set_session_item`] could not store, for as long as the page lives: where
    /// sessionStorage is blocked (a third-party frame, a locked-down browser) or full,
    /// the widget still has it until a reload. Newer than anything stored under the
    /// same key, so it is read first.
    static SESSION_MEMORY: std::cell::RefCell<std::collections::HashMap<String, String>> =
        Default::default();
}

/// What this tab keeps under `key`, if anything.
pub fn session_item(key: &str) -> Option<String> {
    SESSION_MEMORY
        .with(|m| m.borrow().get(key).cloned())
        .or_else(|| session_storage()?.get_item(key).ok().flatten())
}

/// Keep `value` under `key` for this tab: in sessionStorage, else in the page's memory
/// (then a reload will not find it).
pub fn set_session_item(key: &str, value: &str) {
    let stored = session_storage().is_some_and(|s| s.set_item(key, value).is_ok());
    SESSION_MEMORY.with(|m| {
        let mut memory = m.borrow_mut();
        if stored {
            memory.remove(key);
        } else {
            memory.insert(key.to_owned(), value.to_owned());
        }
    });
}

/// Save a review document as a file. A failed download leaves it on screen (in the
/// dialog, the outbox or the results) to copy by hand, so the error is not reported.
pub fn download_review(review: &crate::core::Review) {
    if let Ok(json) = serde_json::to_string_pretty(review) {
        // See above: the document stays on screen.
        let _ = download(&format!("review-{}.json", review.review_id), &json);
    }
}

/// Save an outbox entry's document as a file (pretty-printed when it is JSON). A
/// failed download leaves it in the outbox, so the error is not reported.
pub fn download_entry(entry: &crate::transport::Entry) {
    let pretty = serde_json::from_str::<serde_json::Value>(&entry.body)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| entry.body.clone());
    // See above: the entry stays in the outbox.
    let _ = download(&format!("review-{}.json", entry.review_id), &pretty);
}

/// Offer `text` as a file download of media type `mime` (the report console's CSV).
/// Only with the console (`stats`): even unused, it would move the widget's bytes.
#[cfg(feature = "stats")]
pub fn download_typed(filename: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    web_sys::Url::revoke_object_url(&url)
}
