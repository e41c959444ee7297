//! One rubric item: its title and points, the control for its kind, the scoring guide
//! on demand (the ? button, or G), N/A where allowed, root-cause tags once it has lost
//! points, and a comment. It re-renders only when its own answer or trace changes.

use std::rc::Rc;

use serde_json::Value;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::controls::on_text;
use super::kind_control::{KindControl, QuizView};
use crate::core::{Answer, Critical, Item, ItemKind, ItemStatus, ItemTrace, Text};
use crate::ui::dom::item_dom_id;
use crate::ui::format::{points, signed_points};
use crate::ui::i18n::{Key, Msg, msg, t};
use crate::ui::state::{Action, ReviewState, Session};

#[derive(Properties, PartialEq)]
pub struct ItemCardProps {
    pub session: Rc<Session>,
    /// The item's position in rubric order.
    pub pos: usize,
    pub answer: Option<Answer>,
    /// What was typed into its count or number box.
    pub typed: Option<String>,
    pub trace: Option<ItemTrace>,
    pub dispatch: UseReducerDispatcher<ReviewState>,
    /// The review has been submitted: shown, not editable.
    #[prop_or_default]
    pub locked: bool,
    /// A quiz attempt in progress: the key stays hidden.
    #[prop_or_default]
    pub quiz: Option<QuizView>,
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
    let status = props
        .trace
        .as_ref()
        .map_or(ItemStatus::Unanswered, |t| t.status);
    if status == ItemStatus::Hidden {
        return Html::default();
    }
    let lang = session.lang;
    let rubric = session.scorer.rubric();
    let text = |t: &Text| rubric.text(t, Some(lang.tag())).to_owned();
    let id = item.id.to_string();
    let title = text(&item.title);
    let title_id = format!("{}-title", item_dom_id(&id));
    let answer = props.answer.clone().unwrap_or_default();
    let dispatch = |action: fn(String, bool) -> Action| {
        let d = props.dispatch.clone();
        let id = id.clone();
        Callback::from(move |on: bool| d.dispatch(action(id.clone(), on)))
    };
    let set_value = {
        let d = props.dispatch.clone();
        let id = id.clone();
        Callback::from(move |v: Option<Value>| d.dispatch(Action::Value(id.clone(), v)))
    };

    let earned = props.trace.as_ref().and_then(|t| t.earned.zip(t.possible));
    let lost = earned.is_some_and(|(e, p)| e < p)
        || props.trace.as_ref().is_some_and(|t| t.critical.is_some());
    let fired = props.trace.as_ref().and_then(|t| t.critical);

    let locked = props.locked;
    let control = KindControl {
        item,
        answer: &answer,
        locked,
        quiz: props.quiz.as_ref(),
        typed: props.typed.as_deref(),
        lang,
        title: &title,
        title_id: &title_id,
        rubric,
    }
    .render(&set_value, {
        let d = props.dispatch.clone();
        let id = id.clone();
        Callback::from(move |(text, v): (String, Option<Value>)| {
            d.dispatch(Action::Typed(id.clone(), text, v))
        })
    });

    let onkeydown = {
        let guide_open = guide_open.clone();
        let has_guide = item.guide.is_some();
        Callback::from(move |e: KeyboardEvent| {
            let typing = e
                .target_dyn_into::<HtmlElement>()
                .is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA"));
            if has_guide
                && !typing
                && !e.alt_key()
                && !e.ctrl_key()
                && matches!(e.key().as_str(), "g" | "G" | "?")
            {
                e.prevent_default();
                guide_open.set(!*guide_open);
            }
        })
    };
    let guide_id = format!("{}-guide", item_dom_id(&id));
    let points_badge = match &item.kind {
        ItemKind::Text { .. } => None,
        _ if item.is_bonus() => Some(format!(
            "{} {}",
            t(lang, Key::Bonus),
            signed_points(item.possible())
        )),
        _ => Some(msg(lang, Msg::Points(&points(item.possible())))),
    };
    // Before an answer: what the item is worth. Once scored: what it earned of that.
    // Items worth nothing (a classification) show neither.
    let worthless = item.possible() <= 0.0 && fired.is_none();
    let earned_badge = match (status, earned) {
        (ItemStatus::Na, _) => t(lang, Key::NotApplicable).to_owned(),
        _ if worthless => String::new(),
        (_, Some((e, _))) if item.is_bonus() => signed_points(e),
        (_, Some((e, p))) => msg(lang, Msg::Earned(&points(e), &points(p))),
        _ => String::new(),
    };
    let points_badge = points_badge.filter(|_| earned_badge.is_empty() && !worthless);
    // A quiz in progress gives nothing away: no points, no right or wrong.
    let in_quiz = props.quiz.is_some();
    let (earned_badge, points_badge, lost) = if in_quiz {
        (String::new(), None, false)
    } else {
        (earned_badge, points_badge, lost)
    };
    let answered = answer.value.is_some() || props.typed.is_some();
    let none_chosen = answer
        .value
        .as_ref()
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty);

    html! {
        <article id={item_dom_id(&id)} data-item={id.clone()} data-testid={format!("item-{id}")}
                 data-status={status_name(status)}
                 class={classes!("item", status_name(status), lost.then_some("lost"), fired.map(|_| "fired"))}
                 aria-labelledby={title_id.clone()} {onkeydown}>
            <div class="item-head">
                <h3 class="item-title" id={title_id.clone()}>
                    { &title }
                    if item.is_required() && item.is_scored() {
                        <span class="required" title={t(lang, Key::Required)} aria-label={t(lang, Key::Required)}>{ "*" }</span>
                    }
                    if item.guide.is_some() {
                        <button type="button" class="icon-button" aria-expanded={guide_open.to_string()}
                                aria-controls={guide_id.clone()} title={format!("{} (G)", t(lang, Key::Guide))}
                                aria-label={msg(lang, Msg::ShowGuideOf(&title))}
                                data-testid={format!("guide-toggle-{id}")}
                                onclick={let g = guide_open.clone(); Callback::from(move |_| g.set(!*g))}>{ "?" }</button>
                    }
                </h3>
                <div class="item-meta">
                    if let Some(c) = critical_of(item).filter(|_| !in_quiz) {
                        <span class={classes!("badge", "critical")}>{ t(lang, match c {
                            Critical::Form => Key::CriticalForm, Critical::Section => Key::CriticalSection }) }</span>
                    }
                    <span class="earned" data-testid={format!("earned-{id}")}>{ earned_badge }</span>
                    if let Some(badge) = points_badge { <span class="badge points">{ badge }</span> }
                </div>
            </div>
            if *guide_open {
                if let Some(guide) = &item.guide {
                    <p class="guide" id={guide_id}>{ text(guide) }</p>
                }
            }
            <div class="item-body">
                { control }
                <div class="item-actions">
                    if item.na_allowed() {
                        <button type="button" class={classes!("chip", "na", answer.na.then_some("on"))}
                                aria-pressed={answer.na.to_string()} data-testid={format!("na-{id}")} disabled={locked}
                                onclick={let f = dispatch(Action::Na); let on = !answer.na; Callback::from(move |_| f.emit(on))}>
                            { t(lang, Key::NotApplicable) }
                        </button>
                    }
                    // A checklist answered with nothing ticked is a real answer ("none of
                    // the steps", "no errors found"), one click away.
                    if matches!(item.kind, ItemKind::Multi { .. }) && !answer.na {
                        <button type="button" class={classes!("chip", "none", none_chosen.then_some("on"))}
                                aria-pressed={none_chosen.to_string()} data-testid={format!("none-{id}")} disabled={locked}
                                onclick={let d = props.dispatch.clone(); let id = id.clone();
                                         let value = (!none_chosen).then(|| serde_json::json!([]));
                                         Callback::from(move |_| d.dispatch(Action::Value(id.clone(), value.clone())))}>
                            { t(lang, Key::NoneOfThese) }
                        </button>
                    }
                    if answered && !locked && !matches!(item.kind, ItemKind::Text { .. }) {
                        <button type="button" class="link" data-testid={format!("clear-{id}")}
                                onclick={let d = props.dispatch.clone(); let id = id.clone();
                                         Callback::from(move |_| d.dispatch(Action::Value(id.clone(), None)))}>
                            { t(lang, Key::Clear) }
                        </button>
                    }
                    if answer.comment.is_none() && !*comment_open && item.is_scored() && !locked && !in_quiz {
                        <button type="button" class="link" data-testid={format!("comment-toggle-{id}")}
                                onclick={let c = comment_open.clone(); Callback::from(move |_| c.set(true))}>
                            { t(lang, Key::AddComment) }
                        </button>
                    }
                </div>
            </div>
            if !item.tags.is_empty() && (lost || !answer.tags.is_empty()) {
                <div class="tags" role="group" aria-label={format!("{}: {}", t(lang, Key::RootCause), title)}>
                    <span class="tags-label" aria-hidden="true">{ t(lang, Key::RootCause) }</span>
                    { for item.tags.iter().map(|tag| {
                        let on = answer.tags.iter().any(|x| *x == *tag.id);
                        let onclick = {
                            let d = props.dispatch.clone();
                            let (id, tag) = (id.clone(), tag.id.to_string());
                            Callback::from(move |_| d.dispatch(Action::Tag(id.clone(), tag.clone(), !on)))
                        };
                        html! {
                            <button type="button" class={classes!("chip", on.then_some("on"))} aria-pressed={on.to_string()} disabled={locked}
                                    data-testid={format!("tag-{id}-{}", tag.id)} {onclick}>{ text(&tag.label) }</button>
                        }
                    }) }
                </div>
            }
            if answer.comment.is_some() || *comment_open {
                <textarea class="comment" ref={comment_ref} rows="2" readonly={locked}
                          aria-label={format!("{}: {}", t(lang, Key::Comment), title)}
                          placeholder={t(lang, Key::Comment)}
                          value={answer.comment.clone().unwrap_or_default()}
                          data-testid={format!("comment-{id}")}
                          oninput={let d = props.dispatch.clone(); let id = id.clone();
                                   on_text(move |text| d.dispatch(Action::Comment(id.clone(), text)))} />
            }
        </article>
    }
}

/// The CSS class and test hook of a status.
pub fn status_name(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Scored => "scored",
        ItemStatus::Na => "na",
        ItemStatus::Hidden => "hidden",
        ItemStatus::Missing => "missing",
        ItemStatus::Unanswered => "unanswered",
        ItemStatus::Unscored => "unscored",
    }
}

/// The strongest critical scope an item can fire, for its badge.
fn critical_of(item: &Item) -> Option<Critical> {
    match &item.kind {
        ItemKind::Check { critical, .. } => *critical,
        _ => item.options().iter().filter_map(|o| o.critical).max(),
    }
}
