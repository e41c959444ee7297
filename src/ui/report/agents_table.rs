//! The agents: worst mean first (or as sorted), with the change against the previous
//! period, the tier (the grade band of their mean), their rates and a sparkline.
//! Choosing an agent lists their reviews.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use super::scroll_box::ScrollBox;
use super::sparkline::Sparkline;
use super::state::{Column, Shared};
use super::text::Label;
use super::view::{direction, grade_label, pct, pts, signed};
use crate::core::stats::{AgentStats, TrendPoint, standing};
use crate::ui::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct AgentsTableProps {
    pub agents: Vec<AgentStats>,
    pub trends: Rc<BTreeMap<String, Vec<TrendPoint>>>,
    pub rubric: Option<Shared>,
    pub sort: Option<(Column, bool)>,
    pub lang: Lang,
    pub on_sort: Callback<Column>,
    pub on_pick: Callback<String>,
}

fn header(props: &AgentsTableProps, column: Column, label: Label) -> Html {
    let sorted = match props.sort {
        Some((c, true)) if c == column => "ascending",
        Some((c, false)) if c == column => "descending",
        _ => "none",
    };
    let onclick = props.on_sort.reform(move |_| column);
    html! {
        <th scope="col" aria-sort={sorted} class="num">
            <button type="button" class="sort" {onclick}>{ label.text(props.lang) }</button>
        </th>
    }
}

#[function_component(AgentsTable)]
pub fn agents_table(props: &AgentsTableProps) -> Html {
    let lang = props.lang;
    let max = props
        .rubric
        .as_ref()
        .map(Shared::rubric)
        .map_or(100.0, |r| r.scoring.max());
    html! {
        <ScrollBox label={Label::Agents.text(lang)}>
            <table class="agents" data-testid="agents-table">
                <thead><tr>
                    { header(props, Column::Agent, Label::Agent) }
                    { header(props, Column::Reviews, Label::Reviews) }
                    { header(props, Column::Mean, Label::MeanTotal) }
                    { header(props, Column::Delta, Label::Delta) }
                    <th scope="col">{ Label::Tier.text(lang) }</th>
                    { header(props, Column::PassRate, Label::PassRate) }
                    { header(props, Column::FatalRate, Label::FatalRate) }
                    { header(props, Column::ErrorRate, Label::ErrorRate) }
                    <th scope="col">{ Label::Trend.text(lang) }</th>
                </tr></thead>
                <tbody>
                { for props.agents.iter().map(|a| {
                    let (tier, passes) = props.rubric.as_ref().map(Shared::rubric).map(|r| standing(r, a.mean_total)).unwrap_or_default();
                    let pick = props.on_pick.reform({ let id = a.agent_id.clone(); move |_| id.clone() });
                    let points = props.trends.get(&a.agent_id).cloned().unwrap_or_default();
                    let below = if passes == Some(false) { "below" } else { "" };
                    html! {
                        <tr class={below} data-testid={format!("agent-{}", a.agent_id)}>
                            <th scope="row"><button type="button" class="link" onclick={pick}>{ &a.agent_id }</button></th>
                            <td class="num">{ a.reviews }</td>
                            <td class="num" data-testid="agent-mean">{ pts(a.mean_total) }</td>
                            <td class={classes!("num", a.delta.map(direction))}>{ a.delta.map_or_else(|| "—".to_owned(), signed) }</td>
                            <td>{ tier.map(|t| grade_label(props.rubric.as_ref().map(Shared::rubric), &t, lang)).unwrap_or_default() }</td>
                            <td class="num">{ pct(a.pass_rate) }</td>
                            <td class="num">{ pct(a.fatal_rate) }</td>
                            <td class="num">{ pct(a.error_rate) }</td>
                            <td><Sparkline points={points} max_total={max} label={format!("{} {}", a.agent_id, Label::Trend.text(lang))} /></td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        </ScrollBox>
    }
}
