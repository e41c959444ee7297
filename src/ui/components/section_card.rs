//! One section of the form: its title, its share of the score (the engine's figures;
//! none during a quiz), and its items.

use std::rc::Rc;

use yew::prelude::*;

use super::item_card::ItemCard;
use crate::core::Section;
use crate::ui::choices::QuizView;
use crate::ui::format::score_or_dash;
use crate::ui::state::ReviewState;

/// The section at position `s` of the review's rubric. `dispatch` goes on to the item
/// cards (why a dispatcher and not a callback: `ItemCardProps::dispatch`).
pub fn section_card(
    state: &ReviewState,
    (s, section): (usize, &Section),
    quiz: Option<&QuizView>,
    locked: bool,
    dispatch: &UseReducerDispatcher<ReviewState>,
) -> Html {
    let session = &state.session;
    let p = session.scorer.rubric().scoring.precision();
    let heading_id = format!("rw-section-{}", section.id);
    let figures = state
        .score
        .sections
        .at(s)
        .filter(|sc| sc.applicable && sc.max > 0.0 && quiz.is_none())
        .map(|sc| {
            format!(
                "{} / {}",
                score_or_dash(sc.score, p),
                score_or_dash(Some(sc.max), p)
            )
        })
        .unwrap_or_default();
    html! {
        <section class="rw-section" aria-labelledby={heading_id.clone()} data-testid={format!("section-card-{}", section.id)}>
            <h2 id={heading_id}>
                <span>{ session.text(&section.title) }</span>
                <span class="section-score">{ figures }</span>
            </h2>
            if let Some(d) = &section.description { <p class="description">{ session.text(d) }</p> }
            <div class="items">
                { for session.scorer.section_items(s).map(|pos| {
                    let id = session.scorer.item(pos).map(|i| i.id.to_string()).unwrap_or_default();
                    html! {
                        <ItemCard key={id.clone()} session={Rc::clone(session)} {pos}
                                  answer={state.answer(&id).cloned()}
                                  typed={state.pending.get(&id).cloned()}
                                  trace={state.score.items.at(pos).copied()}
                                  dispatch={dispatch.clone()} {locked}
                                  quiz={quiz.cloned()} />
                    }
                }) }
            </div>
        </section>
    }
}
