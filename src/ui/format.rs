//! How numbers are shown: scores at the rubric's precision, points as written.

/// A score figure at `precision` decimals (the core has already rounded it).
pub fn score(x: f64, precision: u8) -> String {
    format!("{x:.prec$}", prec = usize::from(precision))
}

/// An optional score figure; "—" when there is none.
pub fn score_or_dash(x: Option<f64>, precision: u8) -> String {
    x.map_or_else(|| "—".to_owned(), |x| score(x, precision))
}

/// Points as a rubric author writes them: 5, 2.5, 0.25.
pub fn points(x: f64) -> String {
    let s = format!("{:.6}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Points with a sign, for what an option adds or takes away: +4, −3, 0.
pub fn signed_points(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", points(x))
    } else if x < 0.0 {
        format!("−{}", points(-x))
    } else {
        "0".to_owned()
    }
}

/// The CSS class and test hook of an item's status.
pub fn status_name(status: crate::core::ItemStatus) -> &'static str {
    status.as_str()
}

/// The test hook of an outbox entry's state.
pub fn state_name(state: &crate::transport::EntryState) -> &'static str {
    use crate::transport::EntryState;
    match state {
        EntryState::Pending => "pending",
        EntryState::Paused => "paused",
        EntryState::Rejected { .. } => "rejected",
    }
}

/// One line about an outbox entry at `now` (ms): sending, queued with its countdown,
/// paused, or rejected.
pub fn describe_entry(
    entry: &crate::transport::Entry,
    now: f64,
    lang: crate::ui::i18n::Lang,
) -> String {
    use crate::transport::EntryState;
    use crate::ui::i18n::{Key, Msg, msg, t};
    let reason = entry.last_error.as_deref().unwrap_or_default();
    match &entry.state {
        EntryState::Pending if entry.attempts == 0 || entry.next_attempt_ms <= now => {
            t(lang, Key::Sending).to_owned()
        }
        EntryState::Pending => msg(lang, Msg::Queued(reason, entry.retry_in_s(now))),
        EntryState::Paused => msg(lang, Msg::Paused(reason)),
        EntryState::Rejected { message, .. } => msg(lang, Msg::Rejected(message)),
    }
}

/// A duration as a clock: 9:05, 1:02:03.
pub fn clock(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// What an answer says, in words: the option's label(s), pass or fail, the count, the
/// value with its unit, the text ("None of these" for an empty checklist) — or N/A, or
/// "—" when there is none.
pub fn answer_text(
    rubric: &crate::core::Rubric,
    item: &crate::core::Item,
    value: Option<&serde_json::Value>,
    na: bool,
    lang: crate::ui::i18n::Lang,
) -> String {
    use crate::core::ItemKind;
    use crate::ui::i18n::{Key, t};
    use serde_json::Value;
    if na {
        return t(lang, Key::NotApplicable).to_owned();
    }
    let Some(value) = value else {
        return "—".to_owned();
    };
    let label = |id: &str| {
        item.options().iter().find(|o| &*o.id == id).map_or_else(
            || id.to_owned(),
            |o| rubric.text(&o.label, Some(lang.tag())).to_owned(),
        )
    };
    match (&item.kind, value) {
        (ItemKind::Check { .. }, Value::String(s)) => {
            t(lang, if s == "pass" { Key::Pass } else { Key::Fail }).to_owned()
        }
        (ItemKind::Choice { .. }, Value::String(s)) => label(s),
        (ItemKind::Multi { .. }, Value::Array(list)) if list.is_empty() => {
            t(lang, Key::NoneOfThese).to_owned()
        }
        (ItemKind::Multi { .. }, Value::Array(list)) => {
            let labels: Vec<String> = list.iter().filter_map(Value::as_str).map(label).collect();
            labels.join(lang.list_separator())
        }
        (ItemKind::Count { .. }, v) => format!("{v} ×"),
        (ItemKind::Number { unit, .. }, v) => {
            let unit = unit
                .as_ref()
                .map(|u| format!(" {}", rubric.text(u, Some(lang.tag()))))
                .unwrap_or_default();
            format!("{}{unit}", v.as_f64().map_or_else(|| v.to_string(), points))
        }
        (_, Value::String(s)) => s.clone(),
        (_, v) => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn points_drop_trailing_zeros() {
        assert_eq!(points(5.0), "5");
        assert_eq!(points(2.5), "2.5");
        assert_eq!(points(0.1 + 0.2), "0.3");
        assert_eq!(signed_points(-3.0), "−3");
        assert_eq!(score(68.0, 1), "68.0");
        assert_eq!(clock(545), "9:05");
        assert_eq!(clock(3723), "1:02:03");
        assert_eq!(score_or_dash(None, 1), "—");
    }
}
