//! An agent's trend in a table cell: mean total per bucket.

use yew::prelude::*;

use super::chart::{points, up};
use crate::core::stats::TrendPoint;

#[derive(Properties, PartialEq)]
pub struct SparklineProps {
    pub points: Vec<TrendPoint>,
    pub max_total: f64,
    /// What a screen reader hears instead of the line.
    pub label: AttrValue,
}

const W: f64 = 80.0;
const H: f64 = 22.0;

#[function_component(Sparkline)]
pub fn sparkline(props: &SparklineProps) -> Html {
    let n = props.points.len();
    let step = if n > 1 { W / (n - 1) as f64 } else { 0.0 };
    let xy: Vec<(f64, f64)> = props
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            Some((
                step * i as f64,
                up(p.mean_total?, props.max_total, H - 2.0, H - 4.0),
            ))
        })
        .collect();
    html! {
        <svg class="sparkline" viewBox={format!("0 0 {W} {H}")} width="80" height="22" role="img" aria-label={props.label.clone()}>
            <polyline points={points(&xy)} />
            if let Some((x, y)) = xy.last() { <circle cx={x.to_string()} cy={y.to_string()} r="2" /> }
        </svg>
    }
}
