//! One item of a calibration: mine beside the expert's (stacked on a phone), agree or
//! not, the points difference and both comments.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::compare::{ItemComparison, Side};
use crate::core::{Item, ItemStatus};
use crate::ui::format::{answer_text, points, signed_points};
use crate::ui::i18n::{Key, t};
use crate::ui::session::Session;

#[derive(Properties, PartialEq)]
pub struct CalItemProps {
    pub session: Rc<Session>,
    pub item: Rc<Item>,
    pub comparison: Rc<ItemComparison>,
}

/// One item: mine beside the expert's (stacked on a phone).
#[function_component(CalItem)]
pub fn cal_item(props: &CalItemProps) -> Html {
    let (session, item, c) = (&props.session, &props.item, &props.comparison);
    let lang = session.lang;
    let rubric = session.scorer.rubric();
    let id = item.id.to_string();
    let side = |who: Key, comment_key: Key, side: &Side, testid: &str| {
        let answer = match side.status {
            ItemStatus::Missing | ItemStatus::Unanswered | ItemStatus::Hidden => {
                t(lang, Key::NotAnswered).to_owned()
            }
            status => answer_text(
                rubric,
                item,
                side.value.as_ref(),
                status == ItemStatus::Na,
                lang,
            ),
        };
        let figures = match (side.earned, side.possible) {
            (Some(e), Some(p)) if p > 0.0 => format!("{} / {}", points(e), points(p)),
            (Some(e), _) if e != 0.0 => signed_points(e),
            _ => String::new(),
        };
        html! {
            <div class={classes!("cal-side", side.critical.map(|_| "fired"))} data-testid={format!("{testid}-{id}")}>
                <span class="side-label">{ t(lang, who) }</span>
                <span class="side-answer">{ answer }</span>
                if !figures.is_empty() { <span class="side-points">{ figures }</span> }
                if let Some(comment) = &side.comment {
                    <span class="side-comment"><span class="sr-only">{ format!("{}: ", t(lang, comment_key)) }</span>{ comment }</span>
                }
            </div>
        }
    };
    let (class, sign, verdict) = if c.agree {
        ("agree", "✓", Key::Agree)
    } else {
        ("differ", "✗", Key::Disagree)
    };
    html! {
        <li class={classes!("cal-item", class, c.critical.then_some("critical"))} data-testid={format!("cal-{id}")}
            data-agree={c.agree.to_string()}>
            <div class="cal-head">
                <span class="mark" aria-hidden="true">{ sign }</span>
                <h4>{ session.text(&item.title) }</h4>
                <span class={classes!("badge", class)}>{ t(lang, verdict) }</span>
                if let Some(d) = c.delta.filter(|d| *d != 0.0) {
                    <span class="cal-delta" data-testid={format!("cal-delta-{id}")} aria-label={format!("{} {}", t(lang, Key::Difference), signed_points(d))}>
                        { signed_points(d) }
                    </span>
                }
            </div>
            <div class="cal-sides">
                { side(Key::Mine, Key::YourComment, &c.mine, "cal-mine") }
                { side(Key::Expert, Key::ExpertComment, &c.reference, "cal-expert") }
            </div>
        </li>
    }
}
