//! The control for an item's kind: pass/fail and options as radio groups, checklists,
//! a −/+ stepper for counts, a box with its bands for numbers, a counted text area.

use serde_json::{Value, json};
use yew::prelude::*;

use super::controls::{Checklist, Choice, NumberBox, RadioGroup, Stepper, TextBox, Tone};
use crate::core::{Answer, Bound, Item, ItemKind, Rubric, Text, parse_number};
use crate::ui::format::{points, signed_points};
use crate::ui::i18n::{Key, Lang, Msg, msg, t};

/// What the control of one item is built from.
pub struct KindControl<'a> {
    pub item: &'a Item,
    pub answer: &'a Answer,
    /// What was typed into its count or number box.
    pub typed: Option<&'a str>,
    pub lang: Lang,
    pub title: &'a str,
    pub title_id: &'a str,
    pub rubric: &'a Rubric,
    /// Submitted: shown, not editable.
    pub locked: bool,
    /// A quiz in progress: the key stays hidden (no points, no right/wrong colours), and
    /// options may come in the attempt's shuffled order.
    pub quiz: Option<&'a QuizView>,
}

/// How a quiz attempt shows a question.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizView {
    pub review_id: uuid::Uuid,
    pub shuffle: bool,
}

impl QuizView {
    /// The choices in the order this attempt shows them, with nothing that gives the
    /// key away.
    fn present(&self, item_id: &str, choices: Vec<Choice>) -> Vec<Choice> {
        let order = if self.shuffle {
            crate::core::quiz::shuffled_order(&self.review_id, item_id, choices.len())
        } else {
            (0..choices.len()).collect()
        };
        order
            .into_iter()
            .filter_map(|i| choices.get(i).cloned())
            .map(|c| Choice {
                hint: String::new(),
                aria: c.label.clone(),
                tone: Tone::Neutral,
                ..c
            })
            .collect()
    }
}

impl KindControl<'_> {
    /// The control; `set_value` sets or clears the value, `on_typed` reports text
    /// typed into a box with the value it means (None when it does not fit).
    pub fn render(
        &self,
        set_value: &Callback<Option<Value>>,
        on_typed: Callback<(String, Option<Value>)>,
    ) -> Html {
        let KindControl {
            item,
            answer,
            typed,
            lang,
            title,
            title_id,
            rubric,
            locked,
            quiz,
        } = *self;
        let text = |t: &Text| rubric.text(t, Some(lang.tag())).to_owned();
        let item_id: AttrValue = item.id.to_string().into();
        let disabled = answer.na || locked;
        let value = answer.value.as_ref();
        let pts = |p: f64| msg(lang, Msg::Points(&points(p)));
        // Pass/fail and options: one radio group, as a quiz attempt shows it if it is one.
        let radio = |choices| {
            radio_group(
                item_id.clone(),
                title_id,
                present(quiz, item, choices),
                value,
                disabled,
                set_value,
            )
        };
        match &item.kind {
            ItemKind::Check {
                points: p,
                critical,
            } => {
                let fail_hint = if critical.is_some() {
                    t(lang, Key::CriticalForm).to_owned()
                } else {
                    "0".to_owned()
                };
                let choices = vec![
                    Choice {
                        value: "pass".into(),
                        label: t(lang, Key::Pass).into(),
                        hint: signed_points(*p),
                        aria: format!("{}, {}", t(lang, Key::Pass), pts(*p)),
                        tone: Tone::Good,
                    },
                    Choice {
                        value: "fail".into(),
                        label: t(lang, Key::Fail).into(),
                        hint: fail_hint.clone(),
                        aria: format!(
                            "{}, {}",
                            t(lang, Key::Fail),
                            if critical.is_some() {
                                fail_hint
                            } else {
                                pts(0.0)
                            }
                        ),
                        tone: Tone::Bad,
                    },
                ];
                radio(choices)
            }
            ItemKind::Choice { options } => {
                let best = item.possible();
                let choices = options
                    .iter()
                    .map(|o| {
                        let hint = if o.critical.is_some() {
                            t(lang, Key::CriticalForm).to_owned()
                        } else {
                            points(o.points)
                        };
                        Choice {
                            value: o.id.to_string(),
                            label: text(&o.label),
                            aria: format!(
                                "{}, {}",
                                text(&o.label),
                                if o.critical.is_some() {
                                    hint.clone()
                                } else {
                                    pts(o.points)
                                }
                            ),
                            hint,
                            tone: if o.critical.is_some() {
                                Tone::Bad
                            } else {
                                tone(o.points, best)
                            },
                        }
                    })
                    .collect();
                radio(choices)
            }
            ItemKind::Multi { options, .. } => {
                let choices: Vec<Choice> = options
                    .iter()
                    .map(|o| Choice {
                        value: o.id.to_string(),
                        label: text(&o.label),
                        hint: signed_points(o.points),
                        aria: format!("{}, {}", text(&o.label), signed_points(o.points)),
                        tone: if o.points < 0.0 || o.critical.is_some() {
                            Tone::Bad
                        } else {
                            Tone::Good
                        },
                    })
                    .collect();
                let selected: Vec<String> = value
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                let on_change = {
                    let set_value = set_value.clone();
                    Callback::from(move |chosen: Vec<String>| set_value.emit(Some(json!(chosen))))
                };
                let choices = present(quiz, item, choices);
                html! { <Checklist item={item_id} label_id={AttrValue::from(title_id.to_owned())} {choices} {selected} {disabled} {on_change} /> }
            }
            ItemKind::Count { points: p, per, .. } => {
                let n = value.and_then(Value::as_u64);
                let shown = typed.map_or_else(
                    || n.map(|n| n.to_string()).unwrap_or_default(),
                    str::to_owned,
                );
                let invalid = typed.is_some_and(|t| !t.trim().is_empty()) && n.is_none();
                let problem = invalid.then(|| {
                    match typed
                        .and_then(|t| t.trim().parse::<u64>().ok())
                        .map(|n| item.check_count(n))
                    {
                        Some(Err(bound)) => bound_message(lang, bound),
                        _ => t(lang, Key::EnterNumber).to_owned(),
                    }
                });
                let hint = match n {
                    Some(n) => msg(lang, Msg::Occurrences(n, &points((per * n as f64).min(*p)))),
                    None => msg(lang, Msg::PerOccurrence(&points(*per))),
                };
                let on_input = {
                    let item = item.clone();
                    let on_typed = on_typed.clone();
                    Callback::from(move |text: String| {
                        let value = text
                            .trim()
                            .parse::<u64>()
                            .ok()
                            .filter(|n| item.check_count(*n).is_ok())
                            .map(|n| json!(n));
                        on_typed.emit((text, value));
                    })
                };
                let on_step = {
                    let item = item.clone();
                    let set_value = set_value.clone();
                    Callback::from(move |n: u64| {
                        if item.check_count(n).is_ok() {
                            set_value.emit(Some(json!(n)));
                        }
                    })
                };
                html! {
                    <div class="count-control">
                        <Stepper item={item_id.clone()} label={AttrValue::from(title.to_owned())} text={shown} value={n} {disabled}
                                 decrease_label={t(lang, Key::Decrease)} increase_label={t(lang, Key::Increase)} {on_input} {on_step} />
                        <span class="hint">{ hint }</span>
                        if let Some(problem) = problem { <span class="problem" role="alert">{ problem }</span> }
                    </div>
                }
            }
            ItemKind::Number { bands, unit, .. } => {
                let v = value.and_then(Value::as_f64);
                let shown = typed.map_or_else(|| v.map(points).unwrap_or_default(), str::to_owned);
                let parsed = typed.and_then(parse_number);
                let invalid = typed.is_some_and(|t| !t.trim().is_empty()) && v.is_none();
                let problem = invalid.then(|| match parsed.map(|x| item.check_number(x)) {
                    Some(Err(bound)) => bound_message(lang, bound),
                    _ => t(lang, Key::EnterNumber).to_owned(),
                });
                let unit = unit.as_ref().map(text);
                let unit_suffix = unit.as_ref().map(|u| format!(" {u}")).unwrap_or_default();
                let current =
                    v.and_then(|v| bands.iter().position(|b| b.upto.is_none_or(|u| v <= u)));
                let problem_id = format!("rw-problem-{}", item.id);
                let on_input = {
                    let item = item.clone();
                    Callback::from(move |text: String| {
                        let value = parse_number(&text)
                            .filter(|x| item.check_number(*x).is_ok())
                            .map(|x| json!(x));
                        on_typed.emit((text, value));
                    })
                };
                html! {
                    <div class="number-control">
                        <NumberBox item={item_id} label={AttrValue::from(title.to_owned())} text={shown} unit={unit}
                                   invalid={problem.is_some()} describedby={problem.as_ref().map(|_| AttrValue::from(problem_id.clone()))}
                                   {disabled} {on_input} />
                        <ul class="bands" aria-label={t(lang, Key::Points)}>
                            { for bands.iter().enumerate().map(|(i, b)| html! {
                                <li class={classes!((current == Some(i)).then_some("on"))}>
                                    { msg(lang, Msg::Band(b.upto.map(points).as_deref(), &unit_suffix, &points(b.points))) }
                                </li>
                            }) }
                        </ul>
                        if let Some(problem) = problem { <span class="problem" id={problem_id} role="alert">{ problem }</span> }
                    </div>
                }
            }
            ItemKind::Text { max_length } => {
                let current = value.and_then(Value::as_str).unwrap_or_default().to_owned();
                let len = current.chars().count();
                let counter = match max_length {
                    Some(max) => msg(lang, Msg::Characters(len, *max)),
                    None => len.to_string(),
                };
                let on_input = {
                    let set_value = set_value.clone();
                    Callback::from(move |text: String| {
                        set_value.emit((!text.is_empty()).then(|| json!(text)))
                    })
                };
                html! {
                    <TextBox item={item_id} label={AttrValue::from(title.to_owned())} text={current} max_length={*max_length}
                             {counter} {disabled} {on_input} />
                }
            }
        }
    }
}

/// The tone of an option worth `p` out of the item's best `best`.
fn tone(p: f64, best: f64) -> Tone {
    if best <= 0.0 {
        Tone::Neutral
    } else if p >= best {
        Tone::Good
    } else if p <= 0.0 {
        Tone::Bad
    } else {
        Tone::Partial
    }
}

/// The choices as a quiz attempt shows them, or as they are.
fn present(quiz: Option<&QuizView>, item: &Item, choices: Vec<Choice>) -> Vec<Choice> {
    match quiz {
        Some(quiz) => quiz.present(&item.id, choices),
        None => choices,
    }
}

fn radio_group(
    item: AttrValue,
    title_id: &str,
    choices: Vec<Choice>,
    value: Option<&Value>,
    disabled: bool,
    set_value: &Callback<Option<Value>>,
) -> Html {
    let selected = value.and_then(Value::as_str).map(str::to_owned);
    let on_select = {
        let set_value = set_value.clone();
        Callback::from(move |v: Option<String>| set_value.emit(v.map(Value::String)))
    };
    html! { <RadioGroup {item} label_id={AttrValue::from(title_id.to_owned())} {choices} {selected} {disabled} {on_select} /> }
}

/// Why a count or number does not fit, in the UI's language.
fn bound_message(lang: Lang, bound: Bound) -> String {
    match bound {
        Bound::BelowMin(lo) => msg(lang, Msg::NumberAtLeast(&points(lo))),
        Bound::AboveMax(hi) | Bound::AboveBands(hi) => msg(lang, Msg::NumberAtMost(&points(hi))),
        Bound::AboveLimit(limit) => msg(lang, Msg::NumberAtMost(&limit.to_string())),
    }
}
