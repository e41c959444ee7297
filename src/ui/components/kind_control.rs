//! The control for an item's kind: pass/fail and options as radio groups, checklists,
//! a −/+ stepper for counts, a box with its bands for numbers, a counted text area.

use serde_json::{Value, json};
use yew::prelude::*;

use super::checklist::Checklist;
use super::control::Control;
use super::count_control::count_control;
use super::number_control::number_control;
use super::radio_group::RadioGroup;
use super::text_box::TextBox;
use crate::core::ItemKind;
use crate::ui::choices::choices;
use crate::ui::i18n::{Msg, msg};
use crate::ui::state::ItemEdit;

/// The control; every change is an [`ItemEdit`] of this item.
pub fn kind_control(c: &Control, on_edit: &Callback<ItemEdit>) -> Html {
    let value = c.answer.value.as_ref();
    let label_id = AttrValue::from(c.title_id.to_owned());
    let (item, disabled, required) = (c.item_id(), c.disabled(), c.required());
    match &c.item.kind {
        ItemKind::Check { .. } | ItemKind::Choice { .. } => {
            let selected = value.and_then(Value::as_str).map(str::to_owned);
            let on_select = setting(on_edit, |v: Option<String>| v.map(Value::String));
            let choices = choices(c.session, c.item, c.quiz);
            html! { <RadioGroup {item} {label_id} {choices} {selected} {disabled} {required} {on_select} /> }
        }
        ItemKind::Multi { .. } => {
            let selected: Vec<String> = value
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let on_change = setting(on_edit, |chosen: Vec<String>| Some(json!(chosen)));
            let choices = choices(c.session, c.item, c.quiz);
            let required_id = required.then(|| AttrValue::from(format!("{}-required", c.title_id)));
            html! { <Checklist {item} {label_id} {choices} {selected} {disabled} {required_id} {on_change} /> }
        }
        ItemKind::Count { .. } => count_control(c, on_edit),
        ItemKind::Number { .. } => number_control(c, on_edit),
        ItemKind::Text { max_length } => {
            let current = value.and_then(Value::as_str).unwrap_or_default().to_owned();
            let len = current.chars().count();
            let counter = match max_length {
                Some(max) => msg(c.lang(), Msg::Characters(len, *max)),
                None => len.to_string(),
            };
            let on_input = setting(on_edit, |text: String| {
                (!text.is_empty()).then(|| json!(text))
            });
            html! {
                <TextBox {item} label={AttrValue::from(c.title.to_owned())} text={current} max_length={*max_length}
                         {counter} {disabled} {required} {on_input} />
            }
        }
    }
}

/// A control's change as the value it sets.
fn setting<T: 'static>(on_edit: &Callback<ItemEdit>, value: fn(T) -> Option<Value>) -> Callback<T> {
    let on_edit = on_edit.clone();
    Callback::from(move |input| {
        on_edit.emit(ItemEdit::Value {
            value: value(input),
        })
    })
}
