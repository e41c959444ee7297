//! A bar filled to a percentage (the sections' shares, a quiz's progress).

use yew::prelude::*;

/// A thin horizontal bar filled to `percent`, with a label for screen readers (or
/// hidden from them when the figures beside it say it already). An SVG rect rather than
/// an inline style, so a strict CSP (`style-src 'self'`) allows it.
pub fn meter(percent: f64, label: Option<String>) -> Html {
    let width = format!("{:.1}", percent.clamp(0.0, 100.0));
    html! {
        <svg class="bar" viewBox="0 0 100 4" preserveAspectRatio="none"
             role={label.is_some().then_some("img")} aria-label={label.clone()}
             aria-hidden={label.is_none().then_some("true")}>
            <rect class="bar-track" width="100" height="4" />
            <rect class="bar-fill" {width} height="4" />
        </svg>
    }
}
