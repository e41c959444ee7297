//! Where points are lost: items by points lost, most first, with the running share
//! and their most frequent root-cause tags (core::stats::pareto).

use yew::prelude::*;

use super::chart::nice_ceiling;
use super::state::Shared;
use super::text::Label;
use super::view::{item_title, tag_label};
use crate::core::stats::ParetoEntry;
use crate::ui::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct ParetoChartProps {
    pub entries: Vec<ParetoEntry>,
    pub rubric: Option<Shared>,
    pub lang: Lang,
}

const W: f64 = 1000.0;
const ROW: f64 = 30.0;
const LABEL: f64 = 200.0;
const SHOWN: usize = 10;

#[function_component(ParetoChart)]
pub fn pareto_chart(props: &ParetoChartProps) -> Html {
    let lang = props.lang;
    let rubric = props.rubric.as_ref().map(Shared::rubric);
    let rows: Vec<&ParetoEntry> = props.entries.iter().take(SHOWN).collect();
    let top = nice_ceiling(rows.first().map_or(0.0, |r| r.points));
    let h = ROW * rows.len().max(1) as f64 + 8.0;
    let span = W - LABEL - 380.0;
    let title = Label::Pareto.text(lang);
    html! {
        <figure class="chart wide" data-testid="pareto-chart" tabindex="0">
            <figcaption>{ title }<span class="hint">{ Label::ParetoHint.text(lang) }</span></figcaption>
            <svg viewBox={format!("0 0 {W} {h}")} role="img" aria-label={title}>
                { for rows.iter().enumerate().map(|(i, e)| {
                    let y = 4.0 + ROW * i as f64;
                    let width = span * (e.points / top);
                    let tags: Vec<String> = e.top_tags.iter().map(|(t, n)| format!("{} {n}", tag_label(rubric, &e.id, t, lang))).collect();
                    let tags = if tags.is_empty() { String::new() } else { format!("（{}）", tags.join(lang.list_separator())) };
                    html! { <g data-testid={format!("pareto-{}", e.id)}>
                        <text class="axis left" x={(LABEL - 6.0).to_string()} y={(y + 18.0).to_string()}>{ item_title(rubric, &e.id, lang) }</text>
                        <rect class="col" x={LABEL.to_string()} y={y.to_string()} height={(ROW - 10.0).to_string()} width={width.max(1.0).to_string()} />
                        <text class="value" x={(LABEL + width + 6.0).to_string()} y={(y + 18.0).to_string()}>
                            { format!("{:.1} · {:.0}%", e.points, e.cumulative * 100.0) }
                            <tspan class="tag-list">{ format!(" {tags}") }</tspan>
                        </text>
                    </g> }
                }) }
            </svg>
        </figure>
    }
}
