//! The live score: total, percent, grade and verdict, a bar per section, a red banner
//! for each critical item that fired, progress through the required items, and the
//! "why this score" trace. Sticky beside the form on wide screens; a bottom bar that
//! opens into the details on narrow ones.

use std::rc::Rc;

use yew::prelude::*;

use super::meter::meter;
use super::why_view::WhyView;
use crate::core::{Critical, Score};
use crate::ui::dom::{event_element, focus_item_from, focus_next_missing, widget_of};
use crate::ui::format::score_or_dash;
use crate::ui::i18n::{Key, Lang, Msg, msg, t};
use crate::ui::session::Session;

#[derive(Properties, PartialEq)]
pub struct ScorePanelProps {
    pub session: Rc<Session>,
    pub score: Rc<Score>,
}

/// The grade's label in the UI's language, from the band the core places the total in.
fn grade(session: &Session, score: &Score) -> Option<String> {
    let band = session
        .scorer
        .rubric()
        .scoring
        .band(score.total?, score.fatal)?;
    Some(session.text(&band.label))
}

/// What a screen reader hears when the score changes: total, grade, verdict.
fn summary(lang: Lang, score: &Score, p: u8, grade: Option<&str>) -> String {
    let verdict = score
        .passed
        .map(|passed| t(lang, if passed { Key::Passed } else { Key::Failed }));
    format!(
        "{} {} / {}{}{}",
        t(lang, Key::Total),
        score_or_dash(score.total, p),
        score_or_dash(Some(score.max), p),
        grade.map(|g| format!(", {g}")).unwrap_or_default(),
        verdict.map(|v| format!(", {v}")).unwrap_or_default(),
    )
}

#[function_component(ScorePanel)]
pub fn score_panel(props: &ScorePanelProps) -> Html {
    let expanded = use_state(|| false);
    let why = use_state(|| false);
    let (session, score) = (&props.session, &props.score);
    let lang = session.lang;
    let p = session.scorer.rubric().scoring.precision();
    let max = score_or_dash(Some(score.max), p);
    let grade = grade(session, score);
    let verdict = score.passed.map(|passed| {
        let (class, key) = if passed { ("pass", Key::Passed) } else { ("fail", Key::Failed) };
        html! { <span class={classes!("badge", "verdict", class)} data-testid="verdict">{ t(lang, key) }</span> }
    });
    let (done, required) = session.scorer.progress(score);
    let toggle = |flag: &UseStateHandle<bool>| {
        let flag = flag.clone();
        Callback::from(move |_| flag.set(!*flag))
    };
    html! {
        <aside part="panel" class={classes!("panel", expanded.then_some("expanded"), score.fatal.then_some("fatal"))} aria-label={t(lang, Key::ScorePanel)}
               data-testid="score-panel">
            <div class="panel-bar">
                <div class="total">
                    <span class="label">{ t(lang, Key::Total) }</span>
                    <span class="value" data-testid="total">{ if score.total.is_some() { score_or_dash(score.total, p) } else { t(lang, Key::NotScorable).to_owned() } }</span>
                    if score.total.is_some() { <span class="max">{ format!("/ {max}") }</span> }
                </div>
                <div class="grade-line">
                    if let Some(grade) = &grade { <span class="grade" data-testid="grade">{ grade }</span> }
                    { for verdict }
                </div>
                <button type="button" class="panel-toggle" aria-expanded={expanded.to_string()}
                        aria-controls="rw-panel-details" onclick={toggle(&expanded)}>{ t(lang, Key::Details) }</button>
            </div>
            <p class="sr-only" aria-live="polite" aria-atomic="true">{ summary(lang, score, p, grade.as_deref()) }</p>
            { banners(session, score) }
            <div class="panel-details" id="rw-panel-details">
                <p class="percent">
                    <span class="label">{ t(lang, Key::Percent) }</span>
                    <span data-testid="percent">{ format!("{} %", score_or_dash(score.percent, p)) }</span>
                </p>
                <p class={classes!("progress", (done == required).then_some("complete"))} data-testid="progress">
                    { msg(lang, Msg::Answered(done, required)) }
                </p>
                <h2 class="panel-heading">{ t(lang, Key::Sections) }</h2>
                { bars(session, score) }
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
                            data-testid="why-toggle" onclick={toggle(&why)}>
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

/// A red banner for each critical item that fired, naming what it fails; a click
/// jumps to the item.
fn banners(session: &Session, score: &Score) -> Html {
    let (lang, rubric) = (session.lang, session.scorer.rubric());
    let banner = |(pos, trace): (usize, &crate::core::ItemTrace)| {
        let scope = trace.critical?;
        let (s, item) = rubric.items().nth(pos)?;
        let title = session.text(&item.title);
        let message = match scope {
            Critical::Form => msg(lang, Msg::FatalForm(&title)),
            Critical::Section => msg(
                lang,
                Msg::FatalSection(&title, &session.text(&rubric.sections[s].title)),
            ),
        };
        let id = item.id.to_string();
        Some(html! {
            <p class={classes!("banner", "fatal", (scope == Critical::Section).then_some("section"))} role="alert"
               data-testid={format!("critical-{id}")}>
                <button type="button" class="link"
                        onclick={Callback::from(move |e: MouseEvent| focus_item_from(event_element(&e), &id))}>{ message }</button>
            </p>
        })
    };
    html! { <>{ for score.items.iter().map(|(_, t)| t).enumerate().filter_map(banner) }</> }
}

/// Each section's share of the total, as figures and a bar (sections worth nothing
/// are left out, unless their critical fired).
fn bars(session: &Session, score: &Score) -> Html {
    let (lang, rubric) = (session.lang, session.scorer.rubric());
    let p = rubric.scoring.precision();
    html! {
        <ul class="bars">
            { for rubric.sections.iter().zip(&score.sections).filter(|(_, s)| s.max > 0.0 || s.fatal).map(|(section, s)| {
                let name = session.text(&section.title);
                let figures = (score_or_dash(s.score, p), score_or_dash(Some(s.max), p));
                html! {
                    <li class={classes!(s.fatal.then_some("fatal"), (!s.applicable).then_some("na"))}
                        data-testid={format!("section-{}", section.id)}>
                        <span class="bar-name">{ &name }</span>
                        <span class="bar-figures">{ format!("{} / {}", figures.0, figures.1) }</span>
                        { meter(s.percent.unwrap_or(0.0), Some(msg(lang, Msg::SectionScore(&name, &figures.0, &figures.1)))) }
                    </li>
                }
            }) }
        </ul>
    }
}
