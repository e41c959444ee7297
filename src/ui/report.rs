//! The report console (`report.html`): QC reports for supervisors over the receiver's
//! `/api/stats`, with the what-if re-scored in the browser. Its own wasm bundle
//! (`rubric-report-wasm`), so the inspector widget carries none of it. The filters,
//! the reducer, the charts' geometry and the strings are plain Rust, tested natively.

pub mod chart;
pub mod filters;
pub mod state;
pub mod text;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod agent_reviews;
#[cfg(target_arch = "wasm32")]
mod agents_table;
#[cfg(target_arch = "wasm32")]
mod console;
#[cfg(target_arch = "wasm32")]
mod csv_button;
#[cfg(target_arch = "wasm32")]
pub mod fetch;
#[cfg(target_arch = "wasm32")]
mod filter_bar;
#[cfg(target_arch = "wasm32")]
mod grade_chart;
#[cfg(target_arch = "wasm32")]
mod inspectors_table;
#[cfg(target_arch = "wasm32")]
mod items_table;
#[cfg(target_arch = "wasm32")]
mod kpi_cards;
#[cfg(target_arch = "wasm32")]
mod notice;
#[cfg(target_arch = "wasm32")]
mod pareto_chart;
#[cfg(target_arch = "wasm32")]
mod review_view;
#[cfg(target_arch = "wasm32")]
mod scroll_box;
#[cfg(target_arch = "wasm32")]
mod sign_in;
#[cfg(target_arch = "wasm32")]
mod sparkline;
#[cfg(target_arch = "wasm32")]
mod trend_chart;
#[cfg(target_arch = "wasm32")]
mod what_if_panel;

/// Render the console into `#rubric-report-app`.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    use std::rc::Rc;

    use crate::ui::dom::{browser_language, session_item};
    use crate::ui::hooks::TOKEN_KEY;
    use crate::ui::i18n::Lang;

    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("rubric-report-app"))
    else {
        return;
    };
    let query = crate::ui::page::query();
    let asked = query
        .iter()
        .find(|(k, _)| k == "lang")
        .map(|(_, v)| v.as_str());
    let lang = Lang::pick(asked, browser_language().as_deref());
    let token = session_item(TOKEN_KEY).filter(|t| !t.is_empty());
    let initial = state::Console::new(lang, filters::Filters::from_query(&query), token);
    yew::Renderer::<console::ReportConsole>::with_root_and_props(
        root,
        console::ReportConsoleProps {
            initial: Rc::new(initial),
        },
    )
    .render();
}
