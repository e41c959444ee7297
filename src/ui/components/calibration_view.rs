//! Calibration (质检校准), after the inspector submits: their review beside the
//! expert's — the verdict and why, the totals, the agreement rate, each section, and
//! each item (mine vs expert, agree or not, the points difference, both comments).
//! Nothing of the expert's review is shown before the submit.

use std::rc::Rc;

use yew::prelude::*;

use super::cal_item::CalItem;
use crate::core::compare::{Comparison, Reason, compare};
use crate::core::{Id, Review};
use crate::ui::dom::download_review;
use crate::ui::format::{points, score_or_dash, signed_points};
use crate::ui::hooks::use_autofocus;
use crate::ui::i18n::{Key, Msg, msg, t};
use crate::ui::session::Session;

#[derive(Properties, PartialEq)]
pub struct CalibrationViewProps {
    pub session: Rc<Session>,
    /// The inspector's review as submitted.
    pub review: Rc<Review>,
    pub reference: Rc<Review>,
    /// The status of the submission and what comes next, below the comparison.
    #[prop_or_default]
    pub children: Html,
}

/// The verdict's reasons, in the inspector's language.
fn reasons(session: &Session, c: &Comparison) -> Vec<String> {
    let lang = session.lang;
    let title = |id: &Id| Some(session.text(&session.scorer.item_by_id(id)?.title));
    c.why()
        .into_iter()
        .map(|reason| match reason {
            Reason::TotalsDiffer { delta, tolerance } => msg(
                lang,
                Msg::TotalsDiffer(&signed_points(delta), &points(tolerance)),
            ),
            Reason::OneTotalOnly => t(lang, Key::OneTotalOnly).to_owned(),
            Reason::CriticalDisagreement(ids) => {
                let titles: Vec<String> = ids.into_iter().filter_map(title).collect();
                msg(
                    lang,
                    Msg::CriticalDisagreement(&titles.join(lang.list_separator())),
                )
            }
        })
        .collect()
}

#[function_component(CalibrationView)]
pub fn calibration_view(props: &CalibrationViewProps) -> Html {
    let heading = use_autofocus();
    let only_differences = use_state(|| false);
    let session = &props.session;
    let lang = session.lang;
    let rubric = session.scorer.rubric();
    let p = rubric.scoring.precision();
    let tolerance = session.config.calibration.tolerance;
    let Ok(c) = compare(
        &session.scorer,
        &props.review.answers,
        &props.reference.answers,
        tolerance,
    ) else {
        return Html::default();
    };
    let agreed = c.agreed();
    let percent = format!("{:.1}", c.agreement * 100.0);
    let why = reasons(session, &c);
    let delta = c.total_delta.map_or_else(|| "—".to_owned(), signed_points);
    let on_download = {
        let review = props.review.clone();
        Callback::from(move |_| download_review(&review))
    };
    let toggle = {
        let only = only_differences.clone();
        Callback::from(move |_| only.set(!*only))
    };

    html! {
        <section class="results calibration" aria-labelledby="rw-calibration-title" data-testid="calibration">
            <div class="results-head">
                <h2 id="rw-calibration-title" tabindex="-1" ref={heading}>{ t(lang, Key::Calibration) }</h2>
                <div class={classes!("cal-verdict", if c.calibrated { "calibrated" } else { "not-calibrated" })}
                     role="status" data-testid="calibration-verdict" data-calibrated={c.calibrated.to_string()}>
                    <strong>{ t(lang, if c.calibrated { Key::Calibrated } else { Key::NotCalibrated }) }</strong>
                    if !why.is_empty() {
                        <ul data-testid="calibration-reasons">{ for why.iter().map(|r| html! { <li>{ r }</li> }) }</ul>
                    }
                </div>
                <dl class="cal-figures">
                    <div><dt>{ t(lang, Key::Mine) }</dt><dd data-testid="cal-mine-total">{ score_or_dash(c.mine_total, p) }</dd></div>
                    <div><dt>{ t(lang, Key::Expert) }</dt><dd data-testid="cal-expert-total">{ score_or_dash(c.reference_total, p) }</dd></div>
                    <div><dt>{ t(lang, Key::Difference) }</dt><dd data-testid="cal-delta">{ delta }</dd></div>
                    <div><dt>{ t(lang, Key::Agreement) }</dt>
                         <dd data-testid="cal-agreement">{ msg(lang, Msg::Agreement(&percent, agreed, c.compared)) }</dd></div>
                </dl>
                { sections_table(session, &c, &props.review) }
                <div class="results-actions">
                    <label class="switch">
                        <input type="checkbox" checked={*only_differences} onchange={toggle} data-testid="only-differences" />
                        <span>{ t(lang, Key::OnlyDifferences) }</span>
                    </label>
                    <button type="button" class="secondary" data-testid="download-results" onclick={on_download}>{ t(lang, Key::Download) }</button>
                </div>
            </div>
            { item_groups(session, &c, *only_differences) }
            { props.children.clone() }
        </section>
    }
}

/// Each section worth something: mine, the expert's, the difference. (Sections worth
/// nothing — fatal errors, remarks — have nothing to compare.)
fn sections_table(session: &Session, c: &Comparison, review: &Review) -> Html {
    let (lang, rubric) = (session.lang, session.scorer.rubric());
    let p = rubric.scoring.precision();
    html! {
        <table class="cal-sections">
            <caption class="sr-only">{ t(lang, Key::Sections) }</caption>
            <thead><tr>
                <th scope="col">{ t(lang, Key::Sections) }</th>
                <th scope="col" class="num">{ t(lang, Key::Mine) }</th>
                <th scope="col" class="num">{ t(lang, Key::Expert) }</th>
                <th scope="col" class="num">{ t(lang, Key::Difference) }</th>
            </tr></thead>
            <tbody>
                { for rubric.sections.iter().zip(&c.sections).zip(&review.score.sections)
                    .filter(|(_, score)| score.max > 0.0).map(|((section, s), _)| html! {
                    <tr data-testid={format!("cal-section-{}", section.id)}
                        class={classes!(s.delta.is_some_and(|d| d != 0.0).then_some("differ"))}>
                        <th scope="row">{ session.text(&section.title) }</th>
                        <td class="num">{ score_or_dash(s.mine, p) }</td>
                        <td class="num">{ score_or_dash(s.reference, p) }</td>
                        <td class="num">{ s.delta.map_or_else(|| "—".to_owned(), signed_points) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// Every item side by side, by section (only the differences, when asked).
fn item_groups(session: &Rc<Session>, c: &Comparison, only_differences: bool) -> Html {
    let scorer = &session.scorer;
    html! { <>{ for scorer.rubric().sections.iter().enumerate().map(|(s, section)| {
        let rows: Vec<Html> = scorer.section_items(s)
            .filter_map(|pos| scorer.item(pos))
            .filter_map(|item| Some((item, c.items.iter().find(|i| i.id == item.id)?)))
            .filter(|(_, i)| !only_differences || !i.agree)
            .map(|(item, i)| html! { <CalItem session={session.clone()} item={Rc::new(item.clone())} comparison={Rc::new(i.clone())} /> })
            .collect();
        if rows.is_empty() {
            return Html::default();
        }
        html! {
            <div class="cal-group">
                <h3>{ session.text(&section.title) }</h3>
                <ol class="cal-items">{ for rows }</ol>
            </div>
        }
    }) }</> }
}
