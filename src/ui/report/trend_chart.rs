//! The trend: each bucket's mean total as a bar and its pass rate as a line.

use std::rc::Rc;

use yew::prelude::*;

use super::chart::{every, nice_ceiling, points, up};
use super::text::Label;
use super::view::{pct, pts};
use crate::core::stats::TrendPoint;
use crate::ui::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct TrendChartProps {
    pub points: Rc<Vec<TrendPoint>>,
    /// The rubric's highest possible total (the bars' axis ends at or above it).
    pub max_total: f64,
    pub lang: Lang,
}

const W: f64 = 640.0;
const H: f64 = 220.0;
const LEFT: f64 = 36.0;
const RIGHT: f64 = 40.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

#[function_component(TrendChart)]
pub fn trend_chart(props: &TrendChartProps) -> Html {
    let lang = props.lang;
    let n = props.points.len().max(1);
    let top = nice_ceiling(props.max_total.max(1.0));
    let (base, height) = (H - BOTTOM, H - TOP - BOTTOM);
    let slot = (W - LEFT - RIGHT) / n as f64;
    let x = |i: usize| LEFT + slot * (i as f64 + 0.5);
    let line: Vec<(f64, f64)> = props
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((x(i), up(p.pass_rate?, 1.0, base, height))))
        .collect();
    let label_every = every(n, 8);
    let title = Label::Trend.text(lang);
    html! {
        <figure class="chart" data-testid="trend-chart">
            <figcaption>{ title }<span class="hint">{ Label::TrendHint.text(lang) }</span></figcaption>
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-label={title} preserveAspectRatio="xMidYMid meet">
                { for [0.0, 0.5, 1.0].into_iter().map(|share| {
                    let y = up(share, 1.0, base, height);
                    html! { <g class="grid">
                        <line x1={LEFT.to_string()} x2={(W - RIGHT).to_string()} y1={y.to_string()} y2={y.to_string()} />
                        <text x={(LEFT - 4.0).to_string()} y={(y + 4.0).to_string()} class="axis left">{ format!("{}", top * share) }</text>
                        <text x={(W - RIGHT + 4.0).to_string()} y={(y + 4.0).to_string()} class="axis right">{ format!("{:.0}%", share * 100.0) }</text>
                    </g> }
                }) }
                { for props.points.iter().enumerate().map(|(i, p)| {
                    let y = up(p.mean_total.unwrap_or(0.0), top, base, height);
                    let tip = format!("{} · {} {} · {} {}", p.start, Label::MeanTotal.text(lang), pts(p.mean_total), Label::PassRate.text(lang), pct(p.pass_rate));
                    html! { <g>
                        <rect class="col" x={(x(i) - slot * 0.35).to_string()} width={(slot * 0.7).to_string()} y={y.to_string()} height={(base - y).to_string()}><title>{ tip }</title></rect>
                        if i % label_every == 0 {
                            <text class="axis bottom" x={x(i).to_string()} y={(H - 10.0).to_string()}>{ p.start.get(5..).unwrap_or(&p.start) }</text>
                        }
                    </g> }
                }) }
                <polyline class="line" points={points(&line)} />
                { for line.iter().map(|(cx, cy)| html! { <circle class="dot" cx={cx.to_string()} cy={cy.to_string()} r="2.5" /> }) }
            </svg>
        </figure>
    }
}
