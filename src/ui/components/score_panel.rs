//! The live score: total, percent, grade and verdict, a bar per section, a red banner
//! for each critical item that fired, progress through the required items, and the
//! "why this score" trace. Sticky beside the form on wide screens; a bottom bar that
//! opens into the details on narrow ones.

use std::rc::Rc;

use yew::prelude::*;

use super::controls::meter;
use super::item_card::status_name;
use crate::core::{Critical, ItemStatus, Score};
use crate::ui::dom::{event_element, focus_item_from, focus_next_missing, widget_of};
use crate::ui::format::{points, score_or_dash};
use crate::ui::i18n::{Key, Msg, msg, t};
use crate::ui::state::Session;

#[derive(Properties, PartialEq)]
pub struct ScorePanelProps {
    pub session: Rc<Session>,
    pub score: Rc<Score>,
}

#[function_component(ScorePanel)]
pub fn score_panel(props: &ScorePanelProps) -> Html {
    let expanded = use_state(|| false);
    let why = use_state(|| false);
    let session = &props.session;
    let lang = session.lang;
    let rubric = session.scorer.rubric();
    let text = |t: &crate::core::Text| rubric.text(t, Some(lang.tag())).to_owned();
    let score = &props.score;
    let p = rubric.scoring.precision();
    let total = score_or_dash(score.total, p);
    let max = score_or_dash(Some(score.max), p);
    let grade = score
        .total
        .and_then(|total| rubric.scoring.band(total, score.fatal))
        .map(|band| text(&band.label));
    let verdict = score.passed.map(|passed| {
        let (class, key) = if passed { ("pass", Key::Passed) } else { ("fail", Key::Failed) };
        html! { <span class={classes!("badge", "verdict", class)} data-testid="verdict">{ t(lang, key) }</span> }
    });

    // Progress through the required, shown items.
    let (mut required, mut done) = (0, 0);
    for (pos, trace) in score.items.iter().map(|(_, t)| t).enumerate() {
        let is_required = session.scorer.item(pos).is_some_and(|i| i.is_required());
        if is_required && trace.status != ItemStatus::Hidden {
            required += 1;
            done += usize::from(trace.status != ItemStatus::Missing);
        }
    }

    let banners = score.items.iter().map(|(_, t)| t).enumerate().filter_map(|(pos, trace)| {
        let scope = trace.critical?;
        let (s, item) = rubric.items().nth(pos)?;
        let title = text(&item.title);
        let message = match scope {
            Critical::Form => msg(lang, Msg::FatalForm(&title)),
            Critical::Section => msg(lang, Msg::FatalSection(&title, &text(&rubric.sections[s].title))),
        };
        let id = item.id.to_string();
        Some(html! {
            <p class={classes!("banner", "fatal", (scope == Critical::Section).then_some("section"))} role="alert"
               data-testid={format!("critical-{id}")}>
                <button type="button" class="link"
                        onclick={Callback::from(move |e: MouseEvent| focus_item_from(event_element(&e), &id))}>{ message }</button>
            </p>
        })
    });

    let summary = format!(
        "{} {total} / {max}{}{}",
        t(lang, Key::Total),
        grade.as_ref().map(|g| format!(", {g}")).unwrap_or_default(),
        score
            .passed
            .map(|passed| format!(
                ", {}",
                t(lang, if passed { Key::Passed } else { Key::Failed })
            ))
            .unwrap_or_default(),
    );
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_| expanded.set(!*expanded))
    };

    html! {
        <aside part="panel" class={classes!("panel", expanded.then_some("expanded"), score.fatal.then_some("fatal"))} aria-label={t(lang, Key::ScorePanel)}
               data-testid="score-panel">
            <div class="panel-bar">
                <div class="total">
                    <span class="label">{ t(lang, Key::Total) }</span>
                    <span class="value" data-testid="total">{ if score.total.is_some() { total.clone() } else { t(lang, Key::NotScorable).to_owned() } }</span>
                    if score.total.is_some() { <span class="max">{ format!("/ {max}") }</span> }
                </div>
                <div class="grade-line">
                    if let Some(grade) = &grade { <span class="grade" data-testid="grade">{ grade }</span> }
                    { for verdict }
                </div>
                <button type="button" class="panel-toggle" aria-expanded={expanded.to_string()}
                        aria-controls="rw-panel-details" onclick={toggle}>{ t(lang, Key::Details) }</button>
            </div>
            <p class="sr-only" aria-live="polite" aria-atomic="true">{ summary }</p>
            { for banners }
            <div class="panel-details" id="rw-panel-details">
                <p class="percent">
                    <span class="label">{ t(lang, Key::Percent) }</span>
                    <span data-testid="percent">{ format!("{} %", score_or_dash(score.percent, p)) }</span>
                </p>
                <p class={classes!("progress", (done == required).then_some("complete"))} data-testid="progress">
                    { msg(lang, Msg::Answered(done, required)) }
                </p>
                <h2 class="panel-heading">{ t(lang, Key::Sections) }</h2>
                <ul class="bars">
                    { for rubric.sections.iter().zip(&score.sections).filter(|(_, s)| s.max > 0.0 || s.fatal).map(|(section, s)| {
                        let width = s.score.map_or(0.0, |x| if s.max > 0.0 { x / s.max * 100.0 } else { 0.0 });
                        let name = text(&section.title);
                        let figures = (score_or_dash(s.score, p), score_or_dash(Some(s.max), p));
                        html! {
                            <li class={classes!(s.fatal.then_some("fatal"), (!s.applicable).then_some("na"))}
                                data-testid={format!("section-{}", section.id)}>
                                <span class="bar-name">{ &name }</span>
                                <span class="bar-figures">{ format!("{} / {}", figures.0, figures.1) }</span>
                                { meter(width, Some(msg(lang, Msg::SectionScore(&name, &figures.0, &figures.1)))) }
                            </li>
                        }
                    }) }
                </ul>
                <div class="panel-actions">
                    if done < required {
                        <button type="button" class="secondary" data-testid="next-unanswered"
                                onclick={Callback::from(|e: MouseEvent| {
                                    if let Some(widget) = event_element(&e).as_ref().and_then(widget_of) {
                                        focus_next_missing(&widget);
                                    }
                                })}>
                            { format!("{} (Alt+N)", t(lang, Key::NextUnanswered)) }
                        </button>
                    }
                    <button type="button" class="link" aria-expanded={why.to_string()} aria-controls="rw-why"
                            data-testid="why-toggle" onclick={let why = why.clone(); Callback::from(move |_| why.set(!*why))}>
                        { t(lang, Key::WhyScore) }
                    </button>
                </div>
                if *why {
                    <WhyView session={props.session.clone()} score={props.score.clone()} />
                }
            </div>
        </aside>
    }
}

#[derive(Properties, PartialEq)]
pub struct WhyViewProps {
    pub session: Rc<Session>,
    pub score: Rc<Score>,
}

/// Every item's earned / possible and status, from the core's trace.
#[function_component(WhyView)]
pub fn why_view(props: &WhyViewProps) -> Html {
    let lang = props.session.lang;
    let rubric = props.session.scorer.rubric();
    let text = |t: &crate::core::Text| rubric.text(t, Some(lang.tag())).to_owned();
    let traces = &props.score.items;
    html! {
        <div class="why" id="rw-why" data-testid="why">
            <table>
                <thead><tr>
                    <th scope="col">{ t(lang, Key::Item) }</th>
                    <th scope="col">{ t(lang, Key::Status) }</th>
                    <th scope="col" class="num">{ t(lang, Key::Points) }</th>
                </tr></thead>
                { for rubric.sections.iter().enumerate().map(|(s, section)| html! {
                    <tbody>
                        <tr class="why-section"><th colspan="3" scope="rowgroup">{ text(&section.title) }</th></tr>
                        { for props.session.scorer.section_items(s).filter_map(|pos| {
                            let item = props.session.scorer.item(pos)?;
                            let trace = traces.at(pos)?;
                            let figures = match (trace.earned, trace.possible) {
                                (Some(e), Some(_)) if item.is_bonus() => format!("+{}", points(e)),
                                (Some(e), Some(p)) => format!("{} / {}", points(e), points(p)),
                                _ => "—".to_owned(),
                            };
                            let critical = trace.critical.map(|c| t(lang, if c == Critical::Form { Key::CriticalForm } else { Key::CriticalSection }));
                            Some(html! {
                                <tr class={status_name(trace.status)} data-testid={format!("why-{}", item.id)}>
                                    <td>{ text(&item.title) }</td>
                                    <td>{ msg(lang, Msg::Status(trace.status)) }
                                        if let Some(c) = critical { <span class="badge critical">{ c }</span> }</td>
                                    <td class="num">{ figures }</td>
                                </tr>
                            })
                        }) }
                    </tbody>
                }) }
            </table>
        </div>
    }
}
