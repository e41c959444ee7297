//! The period's headline figures, each with its change against the previous period
//! (core::stats::Change).

use yew::prelude::*;

use super::text::Label;
use super::view::{direction, pct, pts, signed, signed_pp};
use crate::core::stats::{Change, Summary};
use crate::ui::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct KpiCardsProps {
    pub now: Summary,
    pub before: Summary,
    pub lang: Lang,
}

/// One card: its name, figure, change (text and direction) and whether up is good.
struct Card {
    key: &'static str,
    label: Label,
    value: String,
    change: Option<(String, f64)>,
    up_is_good: bool,
}

fn cards(now: &Summary, before: &Summary) -> Vec<Card> {
    let c = Change::between(now, before);
    let rate = |x: Option<f64>| x.map(|d| (signed_pp(d), d));
    vec![
        Card {
            key: "reviews",
            label: Label::Reviews,
            value: now.reviews.to_string(),
            change: c
                .reviews
                .map(|d| (signed(d as f64).replace(".00", ""), d as f64)),
            up_is_good: true,
        },
        Card {
            key: "mean",
            label: Label::MeanTotal,
            value: pts(now.mean_total),
            change: c.mean_total.map(|d| (signed(d), d)),
            up_is_good: true,
        },
        Card {
            key: "pass",
            label: Label::PassRate,
            value: pct(now.pass_rate),
            change: rate(c.pass_rate),
            up_is_good: true,
        },
        Card {
            key: "fatal",
            label: Label::FatalRate,
            value: pct(now.fatal_rate),
            change: rate(c.fatal_rate),
            up_is_good: false,
        },
        Card {
            key: "error",
            label: Label::ErrorRate,
            value: pct(now.error_rate),
            change: rate(c.error_rate),
            up_is_good: false,
        },
    ]
}

#[function_component(KpiCards)]
pub fn kpi_cards(props: &KpiCardsProps) -> Html {
    let lang = props.lang;
    html! {
        <ul class="kpis" data-testid="kpis">
        { for cards(&props.now, &props.before).into_iter().map(|card| {
            let (text, class) = match &card.change {
                Some((text, d)) => {
                    let good = (*d > 0.0) == card.up_is_good;
                    let tone = if *d == 0.0 { "level" } else if good { "good" } else { "bad" };
                    (format!("{text} {}", Label::VsPrevious.text(lang)), classes!(direction(*d), tone))
                }
                None => (Label::NoPrevious.text(lang).to_owned(), classes!("level")),
            };
            html! {
                <li class="kpi" data-testid={format!("kpi-{}", card.key)}>
                    <span class="name">{ card.label.text(lang) }</span>
                    <strong class="value" data-testid="value">{ card.value }</strong>
                    <span class={classes!("change", class)}>{ text }</span>
                </li>
            }
        }) }
        </ul>
    }
}
