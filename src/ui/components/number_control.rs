//! A `number` item: a box for the measured value with its unit, the bands it may fall
//! in (the one it falls in marked, as the core places it), and a problem when what is
//! typed is no valid value.

use serde_json::{Value, json};
use yew::prelude::*;

use super::control::{Control, typed_problem};
use super::number_box::NumberBox;
use crate::core::{ItemKind, parse_number};
use crate::ui::format::points;
use crate::ui::i18n::{Key, Msg, msg, t};
use crate::ui::state::ItemEdit;

pub fn number_control(c: &Control, on_edit: &Callback<ItemEdit>) -> Html {
    let ItemKind::Number { bands, unit, .. } = &c.item.kind else {
        return Html::default();
    };
    let lang = c.lang();
    let v = c.answer.value.as_ref().and_then(Value::as_f64);
    let shown = c
        .typed
        .map_or_else(|| v.map(points).unwrap_or_default(), str::to_owned);
    let invalid = c.typed.is_some_and(|t| !t.trim().is_empty()) && v.is_none();
    let problem = invalid.then(|| {
        let parsed = c.typed.and_then(parse_number);
        typed_problem(lang, parsed.and_then(|x| c.item.check_number(x).err()))
    });
    let unit = unit.as_ref().map(|u| c.session.text(u));
    let unit_suffix = unit.as_ref().map(|u| format!(" {u}")).unwrap_or_default();
    let current = v.and_then(|v| c.item.band_of(v));
    let problem_id = format!("rw-problem-{}", c.item.id);
    let on_input = {
        let item = c.item.clone();
        on_edit.reform(move |text: String| {
            let value = parse_number(&text).filter(|x| item.check_number(*x).is_ok());
            ItemEdit::Typed {
                text,
                value: value.map(|x| json!(x)),
            }
        })
    };
    html! {
        <div class="number-control">
            <NumberBox item={c.item_id()} label={AttrValue::from(c.title.to_owned())} text={shown} {unit}
                       invalid={problem.is_some()} describedby={problem.as_ref().map(|_| AttrValue::from(problem_id.clone()))}
                       disabled={c.disabled()} required={c.required()} {on_input} />
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
