//! A `count` item: a −/+ stepper with a box, what the occurrences cost (from the
//! engine's trace), and a problem when what is typed is no count.

use serde_json::{Value, json};
use yew::prelude::*;

use super::control::{Control, typed_problem};
use super::stepper::Stepper;
use crate::core::ItemKind;
use crate::ui::format::points;
use crate::ui::i18n::{Key, Msg, msg, t};
use crate::ui::state::ItemEdit;

pub fn count_control(c: &Control, on_edit: &Callback<ItemEdit>) -> Html {
    let ItemKind::Count { per, .. } = &c.item.kind else {
        return Html::default();
    };
    let lang = c.lang();
    let n = c.answer.value.as_ref().and_then(Value::as_u64);
    let shown = c.typed.map_or_else(
        || n.map(|n| n.to_string()).unwrap_or_default(),
        str::to_owned,
    );
    let invalid = c.typed.is_some_and(|t| !t.trim().is_empty()) && n.is_none();
    let problem = invalid.then(|| {
        let typed = c.typed.and_then(|t| t.trim().parse::<u64>().ok());
        typed_problem(lang, typed.and_then(|n| c.item.check_count(n).err()))
    });
    // What the occurrences cost is the engine's figure: possible − earned.
    let lost = c.trace.and_then(|t| Some(t.possible? - t.earned?));
    let hint = match (n, lost) {
        (Some(n), Some(lost)) => msg(lang, Msg::Occurrences(n, &points(lost))),
        _ => msg(lang, Msg::PerOccurrence(&points(*per))),
    };
    let on_input = {
        let item = c.item.clone();
        on_edit.reform(move |text: String| {
            let value = text
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| item.check_count(*n).is_ok());
            ItemEdit::Typed {
                text,
                value: value.map(|n| json!(n)),
            }
        })
    };
    let on_step = {
        let (item, on_edit) = (c.item.clone(), on_edit.clone());
        Callback::from(move |n: u64| {
            if item.check_count(n).is_ok() {
                on_edit.emit(ItemEdit::Value {
                    value: Some(json!(n)),
                });
            }
        })
    };
    html! {
        <div class="count-control">
            <Stepper item={c.item_id()} label={AttrValue::from(c.title.to_owned())} text={shown} value={n}
                     disabled={c.disabled()} required={c.required()}
                     decrease_label={t(lang, Key::Decrease)} increase_label={t(lang, Key::Increase)} {on_input} {on_step} />
            <span class="hint">{ hint }</span>
            if let Some(problem) = problem { <span class="problem" role="alert">{ problem }</span> }
        </div>
    }
}
