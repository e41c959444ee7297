//! The input controls of the item kinds. Each is keyboard operable: radio groups and
//! checklists move with the arrow keys, steppers with ↑/↓, and every control carries a
//! label a screen reader announces with its points.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

/// One choice of a radio group or checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    /// What choosing it is worth, shown beside the label ("+5", "0", "−3").
    pub hint: String,
    /// For the screen reader: the label and what it is worth.
    pub aria: String,
    pub tone: Tone,
}

/// How a choice looks when selected: a full mark, a loss, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Partial,
    Bad,
    /// Worth nothing either way (a classification such as the call type).
    Neutral,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Tone::Good => "good",
            Tone::Partial => "partial",
            Tone::Bad => "bad",
            Tone::Neutral => "neutral",
        }
    }
}

/// Move the focus to the `index`-th control among `target`'s siblings, returning it.
fn focus_sibling(target: &HtmlElement, selector: &str, index: usize) -> Option<HtmlElement> {
    let group = target.closest("[data-group]").ok()??;
    let all = group.query_selector_all(selector).ok()?;
    let next = all
        .item(u32::try_from(index).ok()?)?
        .dyn_into::<HtmlElement>()
        .ok()?;
    let _ = next.focus();
    Some(next)
}

/// The index an arrow/Home/End key moves to, in a list of `n`.
fn arrow_target(key: &str, index: usize, n: usize) -> Option<usize> {
    if n == 0 {
        return None;
    }
    match key {
        "ArrowRight" | "ArrowDown" => Some((index + 1) % n),
        "ArrowLeft" | "ArrowUp" => Some((index + n - 1) % n),
        "Home" => Some(0),
        "End" => Some(n - 1),
        _ => None,
    }
}

/// An `oninput` handler passing on the new text of the input or text area.
pub fn on_text(f: impl Fn(String) + 'static) -> Callback<InputEvent> {
    Callback::from(move |e: InputEvent| {
        let Some(target) = e.target() else {
            return;
        };
        let text = target
            .dyn_ref::<HtmlInputElement>()
            .map(HtmlInputElement::value)
            .or_else(|| {
                target
                    .dyn_ref::<HtmlTextAreaElement>()
                    .map(HtmlTextAreaElement::value)
            });
        if let Some(text) = text {
            f(text);
        }
    })
}

fn index_of(target: &HtmlElement) -> Option<usize> {
    target.get_attribute("data-index")?.parse().ok()
}

#[derive(Properties, PartialEq)]
pub struct RadioGroupProps {
    /// The item id, for test hooks.
    pub item: AttrValue,
    pub label_id: AttrValue,
    pub choices: Vec<Choice>,
    pub selected: Option<String>,
    pub disabled: bool,
    /// A click on the selected choice clears it (None).
    pub on_select: Callback<Option<String>>,
}

/// A segmented control with radio semantics: one tab stop, arrows move and select.
#[function_component(RadioGroup)]
pub fn radio_group(props: &RadioGroupProps) -> Html {
    let current = props
        .selected
        .as_ref()
        .and_then(|s| props.choices.iter().position(|c| &c.value == s))
        .unwrap_or(0);
    let onkeydown = {
        let values: Vec<String> = props.choices.iter().map(|c| c.value.clone()).collect();
        let on_select = props.on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(target) = e.target_dyn_into::<HtmlElement>() else {
                return;
            };
            let Some(next) =
                index_of(&target).and_then(|i| arrow_target(&e.key(), i, values.len()))
            else {
                return;
            };
            e.prevent_default();
            on_select.emit(values.get(next).cloned());
            focus_sibling(&target, "[role=radio]", next);
        })
    };
    html! {
        <div class={classes!("segmented", props.disabled.then_some("disabled"))} role="radiogroup"
             aria-labelledby={props.label_id.clone()} aria-disabled={props.disabled.to_string()}
             data-group="" {onkeydown}>
            { for props.choices.iter().enumerate().map(|(i, c)| {
                let checked = props.selected.as_deref() == Some(c.value.as_str());
                let onclick = {
                    let on_select = props.on_select.clone();
                    let value = c.value.clone();
                    Callback::from(move |_| on_select.emit((!checked).then(|| value.clone())))
                };
                html! {
                    <button type="button" role="radio" aria-checked={checked.to_string()}
                            aria-label={c.aria.clone()}
                            tabindex={if i == current { "0" } else { "-1" }}
                            data-focus-first={(i == current).then_some(AttrValue::Static(""))}
                            class={classes!("seg", c.tone.class(), checked.then_some("on"))}
                            data-index={i.to_string()}
                            data-testid={format!("opt-{}-{}", props.item, c.value)}
                            disabled={props.disabled} {onclick}>
                        <span class="seg-label">{ &c.label }</span>
                        <span class="seg-points" aria-hidden="true">{ &c.hint }</span>
                    </button>
                }
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ChecklistProps {
    pub item: AttrValue,
    pub label_id: AttrValue,
    pub choices: Vec<Choice>,
    pub selected: Vec<String>,
    pub disabled: bool,
    /// The chosen values, in the choices' order.
    pub on_change: Callback<Vec<String>>,
}

/// Checkboxes for a `multi` item; arrows move between them, Space toggles.
#[function_component(Checklist)]
pub fn checklist(props: &ChecklistProps) -> Html {
    let onkeydown = {
        let n = props.choices.len();
        Callback::from(move |e: KeyboardEvent| {
            let Some(target) = e.target_dyn_into::<HtmlElement>() else {
                return;
            };
            if let Some(next) = index_of(&target).and_then(|i| arrow_target(&e.key(), i, n)) {
                e.prevent_default();
                focus_sibling(&target, "input[type=checkbox]", next);
            }
        })
    };
    html! {
        <div class={classes!("checklist", props.disabled.then_some("disabled"))} role="group"
             aria-labelledby={props.label_id.clone()} data-group="" {onkeydown}>
            { for props.choices.iter().enumerate().map(|(i, c)| {
                let checked = props.selected.contains(&c.value);
                let onchange = {
                    let on_change = props.on_change.clone();
                    let all: Vec<String> = props.choices.iter().map(|c| c.value.clone()).collect();
                    let selected = props.selected.clone();
                    let value = c.value.clone();
                    Callback::from(move |_: Event| {
                        let chosen = all
                            .iter()
                            .filter(|v| if **v == value { !checked } else { selected.contains(v) })
                            .cloned()
                            .collect();
                        on_change.emit(chosen);
                    })
                };
                html! {
                    <label class={classes!("check", c.tone.class(), checked.then_some("on"))}>
                        <input type="checkbox" checked={checked} disabled={props.disabled}
                               aria-label={c.aria.clone()} data-index={i.to_string()}
                               data-focus-first={(i == 0).then_some(AttrValue::Static(""))}
                               data-testid={format!("opt-{}-{}", props.item, c.value)} {onchange} />
                        <span class="check-label" aria-hidden="true">{ &c.label }</span>
                        <span class="seg-points" aria-hidden="true">{ &c.hint }</span>
                    </label>
                }
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct StepperProps {
    pub item: AttrValue,
    /// The accessible name of the box (the item's title).
    pub label: AttrValue,
    /// What the box shows: the answer, or text typed that is not a valid answer.
    pub text: String,
    pub value: Option<u64>,
    pub disabled: bool,
    pub decrease_label: AttrValue,
    pub increase_label: AttrValue,
    /// Text typed into the box.
    pub on_input: Callback<String>,
    /// A new count from the buttons or arrow keys.
    pub on_step: Callback<u64>,
}

/// A −/+ stepper with a typeable box (`count` items).
#[function_component(Stepper)]
pub fn stepper(props: &StepperProps) -> Html {
    let step = |delta: i64| {
        let on_step = props.on_step.clone();
        let value = props.value;
        move || {
            let next = match value {
                None => u64::from(delta > 0),
                Some(n) => n.saturating_add_signed(delta),
            };
            on_step.emit(next);
        }
    };
    let dec = step(-1);
    let inc = step(1);
    let onkeydown = {
        let (dec, inc) = (step(-1), step(1));
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowUp" => {
                e.prevent_default();
                inc();
            }
            "ArrowDown" => {
                e.prevent_default();
                dec();
            }
            _ => {}
        })
    };
    let oninput = {
        let on_input = props.on_input.clone();
        on_text(move |text| on_input.emit(text))
    };
    html! {
        <div class="stepper">
            <button type="button" class="step" aria-label={props.decrease_label.clone()}
                    data-testid={format!("dec-{}", props.item)} disabled={props.disabled}
                    onclick={Callback::from(move |_| dec())}>{ "−" }</button>
            <input type="text" inputmode="numeric" class="count" role="spinbutton"
                   aria-label={props.label.clone()} aria-valuemin="0"
                   aria-valuenow={props.value.map(|v| v.to_string())}
                   value={props.text.clone()} placeholder="–" disabled={props.disabled}
                   data-focus-first="" data-testid={format!("count-{}", props.item)}
                   {oninput} {onkeydown} />
            <button type="button" class="step" aria-label={props.increase_label.clone()}
                    data-testid={format!("inc-{}", props.item)} disabled={props.disabled}
                    onclick={Callback::from(move |_| inc())}>{ "+" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct NumberBoxProps {
    pub item: AttrValue,
    pub label: AttrValue,
    pub text: String,
    pub unit: Option<String>,
    pub invalid: bool,
    pub describedby: Option<AttrValue>,
    pub disabled: bool,
    pub on_input: Callback<String>,
}

/// A box for a measured value (`number` items), with its unit.
#[function_component(NumberBox)]
pub fn number_box(props: &NumberBoxProps) -> Html {
    let oninput = {
        let on_input = props.on_input.clone();
        on_text(move |text| on_input.emit(text))
    };
    html! {
        <span class="number">
            <input type="text" inputmode="decimal" aria-label={props.label.clone()}
                   aria-invalid={props.invalid.to_string()}
                   aria-describedby={props.describedby.clone()}
                   value={props.text.clone()} disabled={props.disabled} data-focus-first=""
                   data-testid={format!("number-{}", props.item)} {oninput} />
            if let Some(unit) = &props.unit { <span class="unit">{ unit }</span> }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextBoxProps {
    pub item: AttrValue,
    pub label: AttrValue,
    pub text: String,
    pub max_length: Option<u64>,
    pub counter: String,
    pub disabled: bool,
    pub on_input: Callback<String>,
}

/// Free text with a length counter (`text` items).
#[function_component(TextBox)]
pub fn text_box(props: &TextBoxProps) -> Html {
    let oninput = {
        let on_input = props.on_input.clone();
        on_text(move |text| on_input.emit(text))
    };
    let counter_id = format!("rw-counter-{}", props.item);
    html! {
        <div class="textbox">
            <textarea aria-label={props.label.clone()} rows="3" value={props.text.clone()}
                      maxlength={props.max_length.map(|m| m.to_string())}
                      aria-describedby={counter_id.clone()} disabled={props.disabled}
                      data-focus-first="" data-testid={format!("text-{}", props.item)} {oninput} />
            <span class="counter" id={counter_id}>{ &props.counter }</span>
        </div>
    }
}

/// A node that takes the focus when it first appears (a dialog's or a results view's
/// heading, so keyboard and screen-reader users land on what just opened).
#[hook]
pub fn use_autofocus() -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            if let Some(element) = node.cast::<HtmlElement>() {
                let _ = element.focus();
            }
        });
    }
    node
}

/// A question asked in place of the button that raised it (an alert dialog).
#[derive(Properties, PartialEq)]
pub struct ConfirmProps {
    /// The DOM id of the question (labels the dialog).
    pub id: AttrValue,
    pub testid: AttrValue,
    pub question: String,
    #[prop_or_default]
    pub class: Classes,
    pub confirm: &'static str,
    /// "primary", or "danger" for what cannot be undone.
    pub confirm_class: &'static str,
    pub confirm_testid: AttrValue,
    pub cancel: &'static str,
    pub cancel_testid: AttrValue,
    pub on_confirm: Callback<MouseEvent>,
    pub on_cancel: Callback<MouseEvent>,
}

/// The safe answer takes the keyboard focus when the question appears: the button that
/// asked is gone, so focus would otherwise fall to the page, and Enter pressed twice
/// never confirms by accident.
#[function_component(Confirm)]
pub fn confirm(props: &ConfirmProps) -> Html {
    let cancel = use_autofocus();
    html! {
        <div class={classes!("confirm", props.class.clone())} role="alertdialog" aria-labelledby={props.id.clone()}
             data-testid={props.testid.clone()}>
            <p id={props.id.clone()}>{ &props.question }</p>
            <div class="dialog-actions">
                <button type="button" class={props.confirm_class} data-testid={props.confirm_testid.clone()}
                        onclick={props.on_confirm.clone()}>{ props.confirm }</button>
                <button type="button" class="secondary" ref={cancel} data-testid={props.cancel_testid.clone()}
                        onclick={props.on_cancel.clone()}>{ props.cancel }</button>
            </div>
        </div>
    }
}

/// A thin horizontal bar filled to `percent`, with a label for screen readers (or
/// hidden from them when the figures beside it say it already). An SVG rect rather than
/// an inline style, so a strict CSP (`style-src 'self'`) allows it.
pub fn meter(percent: f64, label: Option<String>) -> Html {
    let width = format!("{:.1}", percent.clamp(0.0, 100.0));
    html! {
        <svg class="bar" viewBox="0 0 100 4" preserveAspectRatio="none"
             role={label.is_some().then_some("img")} aria-label={label.clone()}
             aria-hidden={label.is_none().then_some("true")}>
            <rect class="bar-track" width="100" height="4" />
            <rect class="bar-fill" {width} height="4" />
        </svg>
    }
}
