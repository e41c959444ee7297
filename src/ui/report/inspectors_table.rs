//! The inspectors: how many reviews, the mean they gave, and their leniency (how far
//! their mean is above the period's).

use yew::prelude::*;

use super::scroll_box::ScrollBox;
use super::text::Label;
use super::view::{direction, pts, signed};
use crate::core::stats::ReviewerStats;
use crate::ui::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct InspectorsTableProps {
    pub reviewers: Vec<ReviewerStats>,
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
                </tr></thead>
                <tbody>
                { for props.reviewers.iter().map(|r| html! {
                    <tr data-testid={format!("inspector-{}", r.reviewer_id)}>
                        <th scope="row">{ &r.reviewer_id }</th>
                        <td class="num">{ r.reviews }</td>
                        <td class="num">{ pts(r.mean_total) }</td>
                        <td class={classes!("num", r.leniency.map(direction))}>{ r.leniency.map_or_else(|| "—".to_owned(), signed) }</td>
                    </tr>
                }) }
                </tbody>
            </table>
        </ScrollBox>
    }
}
