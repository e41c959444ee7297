//! "Why this score": every item's earned / possible and status, from the core's trace.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::{Critical, Score};
use crate::ui::format::{points, status_name};
use crate::ui::i18n::{Key, Msg, msg, t};
use crate::ui::session::Session;

#[derive(Properties, PartialEq)]
pub struct WhyViewProps {
    pub session: Rc<Session>,
    pub score: Rc<Score>,
}

#[function_component(WhyView)]
pub fn why_view(props: &WhyViewProps) -> Html {
    let lang = props.session.lang;
    let rubric = props.session.scorer.rubric();
    let text = |t| props.session.text(t);
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
