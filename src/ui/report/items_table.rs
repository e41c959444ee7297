//! The items, in the rubric's order: how often they applied and lost points, the
//! mean points lost, criticals fired, N/A, and their top root-cause tags.

use yew::prelude::*;

use super::scroll_box::ScrollBox;
use super::state::Shared;
use super::text::Label;
use super::view::{item_title, pct, pts, tag_label};
use crate::core::stats::ItemStats;
use crate::ui::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct ItemsTableProps {
    pub items: Vec<ItemStats>,
    pub rubric: Option<Shared>,
    pub lang: Lang,
}

#[function_component(ItemsTable)]
pub fn items_table(props: &ItemsTableProps) -> Html {
    let lang = props.lang;
    let rubric = props.rubric.as_ref().map(Shared::rubric);
    let th = |l: Label| html! { <th scope="col" class="num">{ l.text(lang) }</th> };
    html! {
        <ScrollBox label={Label::Items.text(lang)}>
            <table data-testid="items-table">
                <thead><tr>
                    <th scope="col">{ Label::Item.text(lang) }</th>
                    { th(Label::Applicable) }{ th(Label::LossRate) }{ th(Label::PointsLost) }
                    { th(Label::Fired) }{ th(Label::NotApplicable) }
                    <th scope="col">{ Label::TopTags.text(lang) }</th>
                </tr></thead>
                <tbody>
                { for props.items.iter().map(|i| {
                    let mut tags: Vec<(&String, &u64)> = i.tags.iter().collect();
                    tags.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
                    let tags: Vec<String> = tags.iter().take(3).map(|(t, n)| format!("{} {n}", tag_label(rubric, &i.id, t, lang))).collect();
                    html! {
                        <tr data-testid={format!("item-{}", i.id)}>
                            <th scope="row">{ item_title(rubric, &i.id, lang) }</th>
                            <td class="num">{ i.applicable }</td>
                            <td class="num">{ pct(i.loss_rate) }</td>
                            <td class="num">{ pts(i.points_lost) }</td>
                            <td class="num">{ i.fired }</td>
                            <td class="num">{ i.na }</td>
                            <td>{ tags.join(lang.list_separator()) }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        </ScrollBox>
    }
}
