//! One rubric item: its title and points, the control for its kind, the scoring guide
//! on demand (the ? button, or G), N/A where allowed, root-cause tags once it has lost
//! points, and a comment. It re-renders only when its own answer or trace changes.
//!
//! The card and its control are named by the item's title alone; "required" is said
//! by the control (`aria-required`, or a description for a checklist) and the guide
//! by its own button, so a screen reader does not repeat them for every group.

use std::rc::Rc;

use serde_json::{Value, json};
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::control::Control;
use super::kind_control::kind_control;
use crate::core::{Answer, Critical, Item, ItemKind, ItemStatus, ItemTrace};
use crate::ui::choices::QuizView;
use crate::ui::dom::{item_dom_id, on_text};
use crate::ui::format::{points, signed_points, status_name};
use crate::ui::i18n::{Key, Lang, Msg, msg, t};
use crate::ui::session::Session;
use crate::ui::state::{Action, ItemEdit, ReviewState};

#[derive(Properties, PartialEq)]
pub struct ItemCardProps {
    pub session: Rc<Session>,
    /// The item's position in rubric order.
    pub pos: usize,
    pub answer: Option<Answer>,
    /// What was typed into its count or number box.
    pub typed: Option<String>,
    pub trace: Option<ItemTrace>,
    /// Where the card's changes go (as `Action::Edit`). The reducer's dispatcher
    /// rather than a callback: it is the same on every render, so a card whose own
    /// answer and trace did not change is not rendered again (a callback made per
    /// render would differ each time).
    pub dispatch: UseReducerDispatcher<ReviewState>,
    /// The review has been submitted: shown, not editable.
    #[prop_or_default]
    pub locked: bool,
    /// A quiz attempt in progress: the key stays hidden.
    #[prop_or_default]
    pub quiz: Option<QuizView>,
}

/// The badges beside the title: what the item is worth before an answer, what it
/// earned once scored (the engine's figures); nothing for items worth nothing, and
/// nothing during a quiz.
fn badges(
    item: &Item,
    trace: Option<&ItemTrace>,
    lang: Lang,
    in_quiz: bool,
) -> (String, Option<String>) {
    let status = trace.map_or(ItemStatus::Unanswered, |t| t.status);
    let earned = trace.and_then(|t| t.earned.zip(t.possible));
    let worthless = item.possible() <= 0.0 && trace.and_then(|t| t.critical).is_none();
    if in_quiz {
        return (String::new(), None);
    }
    let earned_badge = match (status, earned) {
        (ItemStatus::Na, _) => t(lang, Key::NotApplicable).to_owned(),
        _ if worthless => String::new(),
        (_, Some((e, _))) if item.is_bonus() => signed_points(e),
        (_, Some((e, p))) => msg(lang, Msg::Earned(&points(e), &points(p))),
        _ => String::new(),
    };
    let worth = match &item.kind {
        ItemKind::Text { .. } => None,
        _ if item.is_bonus() => Some(format!(
            "{} {}",
            t(lang, Key::Bonus),
            signed_points(item.possible())
        )),
        _ => Some(msg(lang, Msg::Points(&points(item.possible())))),
    };
    let worth = worth.filter(|_| earned_badge.is_empty() && !worthless);
    (earned_badge, worth)
}

/// The strongest critical scope an item can fire, for its badge.
fn critical_of(item: &Item) -> Option<Critical> {
    match &item.kind {
        ItemKind::Check { critical, .. } => *critical,
        _ => item.options().iter().filter_map(|o| o.critical).max(),
    }
}

/// G or ? (not while typing) shows or hides the guide.
fn guide_keys(guide_open: UseStateHandle<bool>) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        let typing = e
            .target_dyn_into::<HtmlElement>()
            .is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA"));
        if !typing && !e.alt_key() && !e.ctrl_key() && matches!(e.key().as_str(), "g" | "G" | "?") {
            e.prevent_default();
            guide_open.set(!*guide_open);
        }
    })
}

#[function_component(ItemCard)]
pub fn item_card(props: &ItemCardProps) -> Html {
    let guide_open = use_state(|| false);
    let comment_open = use_state(|| false);
    let comment_ref = use_node_ref();
    {
        let comment_ref = comment_ref.clone();
        use_effect_with(*comment_open, move |open| {
            if *open && let Some(area) = comment_ref.cast::<HtmlElement>() {
                let _ = area.focus();
            }
        });
    }
    let session = &props.session;
    let Some(item) = session.scorer.item(props.pos) else {
        return Html::default();
    };
    let trace = props.trace.as_ref();
    let status = trace.map_or(ItemStatus::Unanswered, |t| t.status);
    if status == ItemStatus::Hidden {
        return Html::default();
    }
    let (lang, id) = (session.lang, item.id.to_string());
    let title = session.text(&item.title);
    let title_id = format!("{}-title", item_dom_id(&id));
    let answer = props.answer.clone().unwrap_or_default();
    let on_edit = {
        let (dispatch, item) = (props.dispatch.clone(), id.clone());
        Callback::from(move |edit| {
            dispatch.dispatch(Action::Edit {
                item: item.clone(),
                edit,
            })
        })
    };
    let in_quiz = props.quiz.is_some();
    let fired = trace.and_then(|t| t.critical);
    let lost = !in_quiz
        && (trace
            .and_then(|t| t.earned.zip(t.possible))
            .is_some_and(|(e, p)| e < p)
            || fired.is_some());
    let control = Control {
        session,
        item,
        answer: &answer,
        typed: props.typed.as_deref(),
        trace,
        title: &title,
        title_id: &title_id,
        locked: props.locked,
        quiz: props.quiz.as_ref(),
    };
    let guide_id = format!("{}-guide", item_dom_id(&id));
    html! {
        <article id={item_dom_id(&id)} data-item={id.clone()} data-testid={format!("item-{id}")}
                 data-status={status_name(status)}
                 class={classes!("item", status_name(status), lost.then_some("lost"), fired.map(|_| "fired"))}
                 aria-labelledby={title_id.clone()} onkeydown={item.guide.is_some().then(|| guide_keys(guide_open.clone()))}>
            { head(&control, guide_open.clone(), &guide_id, badges(item, trace, lang, in_quiz)) }
            if let Some(guide) = item.guide.as_ref().filter(|_| *guide_open) {
                <p class="guide" id={guide_id}>{ session.text(guide) }</p>
            }
            <div class="item-body">
                { kind_control(&control, &on_edit) }
                { actions(&control, &on_edit, props.typed.is_some(), comment_open.clone()) }
            </div>
            if !item.tags.is_empty() && (lost || !answer.tags.is_empty()) {
                { tags(&control, &on_edit) }
            }
            if answer.comment.is_some() || *comment_open {
                <textarea class="comment" ref={comment_ref} rows="2" readonly={props.locked}
                          aria-label={format!("{}: {}", t(lang, Key::Comment), title)}
                          placeholder={t(lang, Key::Comment)}
                          value={answer.comment.clone().unwrap_or_default()}
                          data-testid={format!("comment-{id}")}
                          oninput={on_text(move |text| on_edit.emit(ItemEdit::Comment { text }))} />
            }
        </article>
    }
}

/// N/A, "None of these", Clear and "Add a comment", as the item allows.
fn actions(
    c: &Control,
    on_edit: &Callback<ItemEdit>,
    typed: bool,
    comment_open: UseStateHandle<bool>,
) -> Html {
    let (item, answer, lang, id) = (c.item, c.answer, c.lang(), c.item.id.as_str());
    let locked = c.locked;
    let none_chosen = answer
        .value
        .as_ref()
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty);
    let answered = answer.value.is_some() || typed;
    let edit = |edit: ItemEdit| {
        let on_edit = on_edit.clone();
        Callback::from(move |_: MouseEvent| on_edit.emit(edit.clone()))
    };
    html! {
        <div class="item-actions">
            if item.na_allowed() {
                <button type="button" class={classes!("chip", "na", answer.na.then_some("on"))}
                        aria-pressed={answer.na.to_string()} data-testid={format!("na-{id}")} disabled={locked}
                        onclick={edit(ItemEdit::Na { na: !answer.na })}>
                    { t(lang, Key::NotApplicable) }
                </button>
            }
            // A checklist answered with nothing ticked is a real answer ("none of the
            // steps", "no errors found"), one click away.
            if matches!(item.kind, ItemKind::Multi { .. }) && !answer.na {
                <button type="button" class={classes!("chip", "none", none_chosen.then_some("on"))}
                        aria-pressed={none_chosen.to_string()} data-testid={format!("none-{id}")} disabled={locked}
                        onclick={edit(ItemEdit::Value { value: (!none_chosen).then(|| json!([])) })}>
                    { t(lang, Key::NoneOfThese) }
                </button>
            }
            if answered && !locked && !matches!(item.kind, ItemKind::Text { .. }) {
                <button type="button" class="link" data-testid={format!("clear-{id}")}
                        onclick={edit(ItemEdit::Value { value: None })}>
                    { t(lang, Key::Clear) }
                </button>
            }
            if answer.comment.is_none() && !*comment_open && item.is_scored() && !locked && c.quiz.is_none() {
                <button type="button" class="link" data-testid={format!("comment-toggle-{id}")}
                        onclick={Callback::from(move |_| comment_open.set(true))}>
                    { t(lang, Key::AddComment) }
                </button>
            }
        </div>
    }
}

/// The root-cause tags an inspector may pick once the item has lost points.
fn tags(c: &Control, on_edit: &Callback<ItemEdit>) -> Html {
    let (lang, id) = (c.lang(), c.item.id.as_str());
    html! {
        <div class="tags" role="group" aria-label={format!("{}: {}", t(lang, Key::RootCause), c.title)}>
            <span class="tags-label" aria-hidden="true">{ t(lang, Key::RootCause) }</span>
            { for c.item.tags.iter().map(|tag| {
                let on = c.answer.tags.iter().any(|x| *x == *tag.id);
                let onclick = {
                    let (on_edit, tag) = (on_edit.clone(), tag.id.to_string());
                    Callback::from(move |_| on_edit.emit(ItemEdit::Tag { tag: tag.clone(), on: !on }))
                };
                html! {
                    <button type="button" class={classes!("chip", on.then_some("on"))} aria-pressed={on.to_string()} disabled={c.locked}
                            data-testid={format!("tag-{id}-{}", tag.id)} {onclick}>{ c.session.text(&tag.label) }</button>
                }
            }) }
        </div>
    }
}

/// The title (the card's name), the required mark, the guide's button, and the
/// critical, earned and worth badges.
fn head(
    c: &Control,
    guide_open: UseStateHandle<bool>,
    guide_id: &str,
    (earned_badge, worth_badge): (String, Option<String>),
) -> Html {
    let (item, lang, id, title, title_id) =
        (c.item, c.lang(), c.item.id.as_str(), c.title, c.title_id);
    let required = c.required();
    let in_quiz = c.quiz.is_some();
    html! {
            <div class="item-head">
                <h3 class="item-title">
                    <span id={title_id.to_owned()}>{ title }</span>
                    if required {
                        <span class="required" title={t(lang, Key::Required)} aria-hidden="true">{ "*" }</span>
                    }
                    if item.guide.is_some() {
                        <button type="button" class="icon-button" aria-expanded={guide_open.to_string()}
                                aria-controls={guide_id.to_owned()} title={format!("{} (G)", t(lang, Key::Guide))}
                                aria-label={msg(lang, Msg::ShowGuideOf(title))}
                                data-testid={format!("guide-toggle-{id}")}
                                onclick={let g = guide_open.clone(); Callback::from(move |_| g.set(!*g))}>{ "?" }</button>
                    }
                </h3>
                if required { <span class="sr-only" id={format!("{title_id}-required")}>{ t(lang, Key::Required) }</span> }
                <div class="item-meta">
                    if let Some(c) = critical_of(item).filter(|_| !in_quiz) {
                        <span class={classes!("badge", "critical")}>{ t(lang, match c {
                            Critical::Form => Key::CriticalForm, Critical::Section => Key::CriticalSection }) }</span>
                    }
                    <span class="earned" data-testid={format!("earned-{id}")}>{ earned_badge }</span>
                    if let Some(badge) = worth_badge { <span class="badge points">{ badge }</span> }
                </div>
            </div>
    }
}
