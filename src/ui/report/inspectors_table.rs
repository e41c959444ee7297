//! The inspectors: how many reviews, the mean they gave, and their leniency (how far
//! their mean is above the period's).

use yew::prelude::*;

use super::scroll_box::ScrollBox;
use super::text::Label;
use super::view::{direction, pct, pts, signed};
use crate::core::stats::{CalibrationStats, ReviewerStats};
use crate::ui::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct InspectorsTableProps {
    pub reviewers: Vec<ReviewerStats>,
    /// Their calibrations against the expert, where there are any.
    pub calibration: Vec<CalibrationStats>,
    pub lang: Lang,
}

#[function_component(InspectorsTable)]
pub fn inspectors_table(props: &InspectorsTableProps) -> Html {
    let lang = props.lang;
    html! {
        <ScrollBox label={Label::Inspectors.text(lang)}>
            <table data-testid="inspectors-table">
                <thead><tr>
                    <th scope="col">{ Label::Inspector.text(lang) }</th>
                    <th scope="col" class="num">{ Label::Reviews.text(lang) }</th>
                    <th scope="col" class="num">{ Label::MeanGiven.text(lang) }</th>
                    <th scope="col" class="num">{ Label::Leniency.text(lang) }</th>
                    <th scope="col" class="num">{ Label::Calibrations.text(lang) }</th>
                    <th scope="col" class="num">{ Label::Agreement.text(lang) }</th>
                    <th scope="col" class="num">{ Label::Calibrated.text(lang) }</th>
                </tr></thead>
                <tbody>
                { for props.reviewers.iter().map(|r| {
                    let c = props.calibration.iter().find(|c| c.reviewer_id == r.reviewer_id);
                    html! {
                        <tr data-testid={format!("inspector-{}", r.reviewer_id)}>
                            <th scope="row">{ &r.reviewer_id }</th>
                            <td class="num">{ r.reviews }</td>
                            <td class="num">{ pts(r.mean_total) }</td>
                            <td class={classes!("num", r.leniency.map(direction))}>{ r.leniency.map_or_else(|| "—".to_owned(), signed) }</td>
                            <td class="num">{ c.map_or(0, |c| c.calibrations) }</td>
                            <td class="num" data-testid="agreement">{ pct(c.and_then(|c| c.agreement)) }</td>
                            <td class="num">{ pct(c.and_then(|c| c.calibrated_rate)) }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        </ScrollBox>
    }
}
