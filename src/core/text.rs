//! Rubric texts: a plain string, or one string per locale.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A text shown to people: `"开头语规范"` or `{"zh-CN": "开头语规范", "en": "Greeting"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    /// Locale tag → text, in the author's order (the first entry is the last fallback).
    Localized(IndexMap<String, String>),
}

impl Text {
    /// The text in `ui` locale, else in the rubric's `fallback` locale, else the first
    /// entry — the order docs/rubric-v1.md §1 promises.
    pub fn get(&self, ui: Option<&str>, fallback: Option<&str>) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Localized(map) => ui
                .and_then(|l| lookup(map, l))
                .or_else(|| fallback.and_then(|l| lookup(map, l)))
                .or_else(|| map.values().next().map(String::as_str))
                .unwrap_or(""),
        }
    }
}

/// Exact tag first, then a case-insensitive match, then the same language
/// (`zh` finds `zh-CN`, `en-US` finds `en`).
fn lookup<'a>(map: &'a IndexMap<String, String>, locale: &str) -> Option<&'a str> {
    if let Some(s) = map.get(locale) {
        return Some(s);
    }
    let lang = |tag: &str| {
        tag.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    map.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(locale))
        .or_else(|| map.iter().find(|(k, _)| lang(k) == lang(locale)))
        .map(|(_, v)| v.as_str())
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::Plain(s.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn zh_en() -> Text {
        Text::Localized(IndexMap::from([
            ("zh-CN".to_owned(), "规范".to_owned()),
            ("en".to_owned(), "Standard".to_owned()),
        ]))
    }

    #[test]
    fn ui_locale_then_rubric_locale_then_first() {
        let t = zh_en();
        assert_eq!(t.get(Some("en"), Some("zh-CN")), "Standard");
        assert_eq!(t.get(Some("fr"), Some("en")), "Standard");
        assert_eq!(t.get(Some("fr"), Some("de")), "规范");
        assert_eq!(t.get(None, None), "规范");
    }

    #[test]
    fn language_matches_region_variants() {
        let t = zh_en();
        assert_eq!(t.get(Some("en-US"), None), "Standard");
        assert_eq!(t.get(Some("zh"), None), "规范");
        assert_eq!(t.get(Some("ZH-cn"), None), "规范");
    }
}
