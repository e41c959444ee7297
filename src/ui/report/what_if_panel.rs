//! What if: a candidate rubric (pasted, or by URL), the period's reviews re-scored
//! under it in the browser, and both reports side by side.

use std::rc::Rc;

use yew::prelude::*;

use super::notice::{Notice, NoticeKind};
use super::scroll_box::ScrollBox;
use super::state::{Load, Shared, WhatIfState};
use super::text::Label;
use super::view::{grade_label, pct, pts};
use crate::core::Rubric;
use crate::core::stats::Summary;
use crate::core::whatif::{Shift, WhatIf};
use crate::ui::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct WhatIfPanelProps {
    pub state: WhatIfState,
    /// The rubric in use, for the grades' names in the UI's language.
    pub rubric: Option<Shared>,
    pub lang: Lang,
    pub on_edit: Callback<(String, String)>,
    pub on_run: Callback<()>,
}

fn summary_rows(lang: Lang, before: &Summary, after: &Summary) -> Html {
    let rows = [
        (
            Label::Reviews,
            before.reviews.to_string(),
            after.reviews.to_string(),
        ),
        (
            Label::MeanTotal,
            pts(before.mean_total),
            pts(after.mean_total),
        ),
        (Label::PassRate, pct(before.pass_rate), pct(after.pass_rate)),
        (
            Label::FatalRate,
            pct(before.fatal_rate),
            pct(after.fatal_rate),
        ),
        (
            Label::ErrorRate,
            pct(before.error_rate),
            pct(after.error_rate),
        ),
    ];
    html! {
        <table class="compare" data-testid="what-if-summary">
            <thead><tr><th scope="col"></th><th scope="col" class="num">{ Label::Before.text(lang) }</th><th scope="col" class="num">{ Label::After.text(lang) }</th></tr></thead>
            <tbody>{ for rows.into_iter().map(|(l, b, a)| html! {
                <tr><th scope="row">{ l.text(lang) }</th><td class="num">{ b }</td><td class="num">{ a }</td></tr>
            }) }</tbody>
        </table>
    }
}

fn shift_row(lang: Lang, rubric: Option<&Rubric>, s: &Shift) -> Html {
    let grade = |g: &Option<String>| {
        g.as_deref()
            .map(|g| grade_label(rubric, g, lang))
            .unwrap_or_default()
    };
    let mut notes = Vec::new();
    if s.crosses_pass() {
        notes.push(Label::CrossesPass.text(lang));
    }
    if s.changes_grade() {
        notes.push(Label::ChangesGrade.text(lang));
    }
    html! {
        <tr data-testid={format!("shift-{}", s.agent_id)} class={if s.passes_after == Some(false) { "below" } else { "" }}>
            <th scope="row">{ &s.agent_id }</th>
            <td class="num">{ pts(s.before) }</td>
            <td class="num">{ pts(s.after) }</td>
            <td>{ format!("{} → {}", grade(&s.grade_before), grade(&s.grade_after)) }</td>
            <td data-testid="shift-notes">{ notes.join(lang.list_separator()) }</td>
        </tr>
    }
}

fn result(lang: Lang, rubric: Option<&Rubric>, w: &WhatIf) -> Html {
    let moved: Vec<&Shift> = w
        .shifts
        .iter()
        .filter(|s| s.crosses_pass() || s.changes_grade())
        .collect();
    let dropped: Vec<String> = w
        .dropped
        .iter()
        .map(|(id, n)| format!("{id} × {n}"))
        .collect();
    html! {
        <div class="what-if-result" data-testid="what-if-result">
            { summary_rows(lang, &w.before.summary, &w.after.summary) }
            <p data-testid="what-if-dropped">{ format!("{}: {}", Label::Dropped.text(lang), if dropped.is_empty() { "0".to_owned() } else { dropped.join(lang.list_separator()) }) }</p>
            <h3>{ Label::Shifts.text(lang) }</h3>
            if moved.is_empty() {
                <p>{ Label::NoShifts.text(lang) }</p>
            } else {
                <ScrollBox label={Label::Shifts.text(lang)}><table data-testid="what-if-shifts">
                    <thead><tr>
                        <th scope="col">{ Label::Agent.text(lang) }</th>
                        <th scope="col" class="num">{ Label::Before.text(lang) }</th>
                        <th scope="col" class="num">{ Label::After.text(lang) }</th>
                        <th scope="col">{ Label::Tier.text(lang) }</th>
                        <th scope="col"></th>
                    </tr></thead>
                    <tbody>{ for moved.iter().map(|s| shift_row(lang, rubric, s)) }</tbody>
                </table></ScrollBox>
            }
        </div>
    }
}

/// The new value of the textarea or the URL input (`value` is read structurally).
fn text_of(e: &InputEvent) -> String {
    e.target_unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

#[function_component(WhatIfPanel)]
pub fn what_if_panel(props: &WhatIfPanelProps) -> Html {
    let lang = props.lang;
    let s = &props.state;
    let on_text = {
        let (url, cb) = (s.url.clone(), props.on_edit.clone());
        Callback::from(move |e: InputEvent| cb.emit((text_of(&e), url.clone())))
    };
    let on_url = {
        let (text, cb) = (s.text.clone(), props.on_edit.clone());
        Callback::from(move |e: InputEvent| cb.emit((text.clone(), text_of(&e))))
    };
    let onsubmit = {
        let cb = props.on_run.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            cb.emit(())
        })
    };
    let running = s.run == Some(Load::Loading);
    let outcome: Html = match &s.run {
        None => Html::default(),
        Some(Load::Loading) => {
            html! { <p class="notice loading" role="status">{ Label::Running.text(lang) }</p> }
        }
        Some(Load::Failed(f)) => html! { <Notice {lang} kind={NoticeKind::Failed(f.clone())} /> },
        Some(Load::Ready(w)) => result(
            lang,
            props.rubric.as_ref().map(Shared::rubric),
            Rc::as_ref(w),
        ),
    };
    html! {
        <section class="box what-if" data-testid="what-if" aria-labelledby="what-if-title">
            <h2 id="what-if-title">{ Label::WhatIf.text(lang) }</h2>
            <p class="hint">{ Label::WhatIfIntro.text(lang) }</p>
            <form {onsubmit}>
                <label class="field wide"><span>{ Label::CandidateText.text(lang) }</span>
                    <textarea rows="5" spellcheck="false" data-testid="candidate-text" value={s.text.clone()} oninput={on_text} /></label>
                <label class="field wide"><span>{ Label::CandidateUrl.text(lang) }</span>
                    <input type="url" data-testid="candidate-url" value={s.url.clone()} oninput={on_url} /></label>
                <button type="submit" disabled={running} data-testid="run-what-if">{ Label::Run.text(lang) }</button>
            </form>
            <div aria-live="polite">{ outcome }</div>
        </section>
    }
}
