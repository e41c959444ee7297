//! The filters: rubric, period (with a custom range), time zone, trend bucket, team,
//! agent and inspector. Every change reloads the report and goes into the URL.

use yew::prelude::*;

use super::filters::{Filters, Period, ZONES};
use super::state::{Facets, RubricInfo};
use super::text::Label;
use crate::core::stats::Bucket;
use crate::ui::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct FilterBarProps {
    pub filters: Filters,
    pub rubrics: Vec<RubricInfo>,
    pub facets: Facets,
    pub lang: Lang,
    pub on_change: Callback<Filters>,
}

/// The new value of a `<select>` or `<input>` (web-sys reads `value` structurally, so
/// the input's getter serves a select too).
fn value(e: &Event) -> String {
    e.target_unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

/// A control's change: the filters with `set` applied to its new value.
fn changer(props: &FilterBarProps, set: fn(&mut Filters, String)) -> Callback<Event> {
    let (filters, on_change) = (props.filters.clone(), props.on_change.clone());
    Callback::from(move |e: Event| {
        let mut next = filters.clone();
        set(&mut next, value(&e));
        on_change.emit(next);
    })
}

/// A `<select>` of `choices` (value, text), `current` selected; `set` applies a choice.
fn select(
    props: &FilterBarProps,
    id: &str,
    label: Label,
    choices: Vec<(String, String)>,
    current: &str,
    set: fn(&mut Filters, String),
) -> Html {
    let onchange = changer(props, set);
    html! {
        <label class="field">
            <span>{ label.text(props.lang) }</span>
            <select id={id.to_owned()} data-testid={format!("filter-{id}")} {onchange}>
                { for choices.into_iter().map(|(v, t)| html! { <option value={v.clone()} selected={v == current}>{ t }</option> }) }
            </select>
        </label>
    }
}

/// "All" first, then each of `values`.
fn every(lang: Lang, values: &[String], current: &str) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), Label::All.text(lang).to_owned())];
    out.extend(values.iter().map(|v| (v.clone(), v.clone())));
    if !current.is_empty() && !values.iter().any(|v| v == current) {
        out.push((current.to_owned(), current.to_owned()));
    }
    out
}

fn day(
    props: &FilterBarProps,
    id: &str,
    label: Label,
    current: &str,
    set: fn(&mut Filters, String),
) -> Html {
    let onchange = changer(props, set);
    html! {
        <label class="field">
            <span>{ label.text(props.lang) }</span>
            <input type="date" id={id.to_owned()} data-testid={format!("filter-{id}")} value={current.to_owned()} {onchange} />
        </label>
    }
}

#[function_component(FilterBar)]
pub fn filter_bar(props: &FilterBarProps) -> Html {
    let (lang, f) = (props.lang, &props.filters);
    let rubrics = props
        .rubrics
        .iter()
        .map(|r| {
            // A title is text or {locale: text}: the UI's language, else the first one.
            let title = r
                .title
                .as_str()
                .or_else(|| r.title.get(lang.tag()).and_then(|t| t.as_str()))
                .or_else(|| {
                    r.title
                        .as_object()
                        .and_then(|o| o.values().next())
                        .and_then(|t| t.as_str())
                })
                .unwrap_or(&r.id)
                .to_owned();
            (r.id.clone(), format!("{title} ({})", r.version))
        })
        .collect();
    let periods = Period::ALL
        .iter()
        .map(|p| {
            (
                p.name().to_owned(),
                match p {
                    Period::Last30 => Label::Last30,
                    Period::ThisMonth => Label::ThisMonth,
                    Period::LastMonth => Label::LastMonth,
                    Period::Custom => Label::Custom,
                }
                .text(lang)
                .to_owned(),
            )
        })
        .collect();
    let mut zones: Vec<(String, String)> = ZONES
        .iter()
        .map(|z| ((*z).to_owned(), (*z).to_owned()))
        .collect();
    if !ZONES.contains(&f.tz.as_str()) {
        zones.push((f.tz.clone(), f.tz.clone()));
    }
    let buckets = [
        (Bucket::Day, Label::Day),
        (Bucket::Week, Label::Week),
        (Bucket::Month, Label::Month),
    ]
    .into_iter()
    .map(|(b, l)| (b.name().to_owned(), l.text(lang).to_owned()))
    .collect();
    html! {
        <form class="filters" aria-label={Label::Filters.text(lang)} onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            { select(props, "rubric", Label::Rubric, rubrics, &f.rubric, |f, v| f.rubric = v) }
            { select(props, "period", Label::Period, periods, f.period.name(), |f, v| f.period = Period::parse(&v).unwrap_or_default()) }
            if f.period == Period::Custom {
                { day(props, "from", Label::From, &f.from, |f, v| f.from = v) }
                { day(props, "to", Label::To, &f.to, |f, v| f.to = v) }
            }
            { select(props, "tz", Label::Zone, zones, &f.tz, |f, v| f.tz = v) }
            { select(props, "bucket", Label::Bucket, buckets, f.bucket.name(), |f, v| f.bucket = Bucket::parse(&v).unwrap_or(Bucket::Day)) }
            { select(props, "team", Label::Team, every(lang, &props.facets.teams, &f.team), &f.team, |f, v| f.team = v) }
            { select(props, "agent", Label::Agent, every(lang, &props.facets.agents, &f.agent), &f.agent, |f, v| f.agent = v) }
            { select(props, "inspector", Label::Inspector, every(lang, &props.facets.reviewers, &f.inspector), &f.inspector, |f, v| f.inspector = v) }
        </form>
    }
}
