use yew::prelude::*;

use crate::ui::dom::set_session_item;
use crate::ui::report::state::Console;

/// Where the console keeps the supervisor's token for this tab.
pub const TOKEN_KEY: &str = "rubric-report-token";

/// The URL follows the filters (replacing the history entry, so Back leaves the
/// console rather than undoing filters one by one), and the token is kept for the tab.
#[hook]
pub fn use_report_url(state: &UseReducerHandle<Console>) {
    let (query, lang) = (state.filters.to_query(), state.lang.tag());
    use_effect_with(query, move |query| {
        let explicit = crate::ui::page::query().iter().any(|(k, _)| k == "lang");
        let mut url = format!("?{query}");
        if explicit {
            url.push_str(if query.is_empty() { "lang=" } else { "&lang=" });
            url.push_str(lang);
        }
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            // Refused (a sandboxed frame): the report still shows, the URL stays.
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
    use_effect_with(state.token.clone(), |token| {
        set_session_item(TOKEN_KEY, token.as_deref().unwrap_or_default());
    });
}
