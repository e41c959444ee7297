//! What an inspector marked: `{"greeting": {"value": "ok"}, "upsell": {"na": true}, …}`.
//!
//! This module reads the shape of an answers object (every problem at once, each with
//! its path). Whether a value fits its item — a known option, within `limit`, … — is
//! checked against the rubric by [`crate::core::Scorer::resolve`].

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::error::{JsonPath, Problem, ProblemKind, Problems, describe, parse_json};

const ANSWER_FIELDS: &[&str] = &["value", "na", "comment", "tags"];

/// All answers of one review, keyed by item id, in the order they were given.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Answers(pub IndexMap<String, Answer>);

/// One item's answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct Answer {
    /// check: `"pass"`/`"fail"`; choice: an option id; multi: an array of option ids;
    /// count: an integer ≥ 0; number: a number; text: a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<AnswerValue>")]
    pub value: Option<Value>,
    /// Marked not applicable (only where the item allows `na`); wins over `value`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub na: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Root-cause tag ids of the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// The JSON shapes an answer value may take (for the schema only).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum AnswerValue {
    Choice(String),
    Number(f64),
    Options(Vec<String>),
}

/// Two lists with the same members, in any order (a multi item's chosen options).
pub(crate) fn same_members<T: Ord>(mut a: Vec<T>, mut b: Vec<T>) -> bool {
    a.sort();
    b.sort();
    a == b
}

impl Answers {
    /// Read an answers object from JSON text.
    pub fn from_json(text: &str) -> Result<Answers, Problems> {
        Answers::from_value(&parse_json(text)?)
    }

    /// Read an answers object; problems are reported under `answers…`.
    pub fn from_value(value: &Value) -> Result<Answers, Problems> {
        let base = JsonPath::field("answers");
        let Some(map) = value.as_object() else {
            let p = Problem::invalid(base, "an object of item id → answer", describe(value));
            return Err(Problems::one(p));
        };
        let mut problems = Vec::new();
        let mut out = IndexMap::new();
        for (id, entry) in map {
            let path = base.key(id);
            if let Some(answer) = read_answer(entry, &path, &mut problems) {
                out.insert(id.clone(), answer);
            }
        }
        if problems.is_empty() {
            Ok(Answers(out))
        } else {
            Err(Problems(problems))
        }
    }

    pub fn get(&self, id: &str) -> Option<&Answer> {
        self.0.get(id)
    }

    pub fn iter(&self) -> indexmap::map::Iter<'_, String, Answer> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn insert(&mut self, id: impl Into<String>, answer: Answer) {
        self.0.insert(id.into(), answer);
    }
}

impl Answer {
    /// An answer with just a value.
    pub fn value(value: impl Into<Value>) -> Self {
        Answer {
            value: Some(value.into()),
            ..Answer::default()
        }
    }

    /// A "not applicable" answer.
    pub fn na() -> Self {
        Answer {
            na: true,
            ..Answer::default()
        }
    }
}

fn read_answer(entry: &Value, path: &JsonPath, problems: &mut Vec<Problem>) -> Option<Answer> {
    let Some(map) = entry.as_object() else {
        let expected = "an answer object {value?, na?, comment?, tags?}";
        problems.push(Problem::invalid(path.clone(), expected, describe(entry)));
        return None;
    };
    let before = problems.len();
    let mut answer = Answer::default();
    for (key, v) in map {
        let at = path.key(key);
        match key.as_str() {
            "value" => answer.value = (!v.is_null()).then(|| v.clone()),
            "na" => match v {
                Value::Bool(b) => answer.na = *b,
                Value::Null => {}
                _ => problems.push(Problem::invalid(at, "true or false", describe(v))),
            },
            "comment" => match v {
                Value::String(s) => answer.comment = Some(s.clone()),
                Value::Null => {}
                _ => problems.push(Problem::invalid(at, "a string", describe(v))),
            },
            "tags" => match v {
                Value::Array(list) => {
                    for (i, t) in list.iter().enumerate() {
                        match t.as_str() {
                            Some(s) => answer.tags.push(s.to_owned()),
                            None => problems.push(Problem::invalid(
                                at.index(i),
                                "a tag id (a string)",
                                describe(t),
                            )),
                        }
                    }
                }
                Value::Null => {}
                _ => problems.push(Problem::invalid(at, "an array of tag ids", describe(v))),
            },
            _ => problems.push(Problem {
                path: at,
                kind: ProblemKind::UnknownField {
                    allowed: ANSWER_FIELDS,
                },
            }),
        }
    }
    (problems.len() == before).then_some(answer)
}

/// Reviews carry answers; reading them goes through the same checks.
impl<'de> Deserialize<'de> for Answers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Answers::from_value(&value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn reads_every_field() {
        let a = Answers::from_value(&json!({
            "interrupt": {"value": 2, "comment": "02:15 抢话"},
            "upsell": {"na": true},
            "accuracy": {"value": "partial", "tags": ["kb_outdated"]},
            "blank": {"value": null}
        }))
        .unwrap();
        assert_eq!(a.get("interrupt").unwrap().value, Some(json!(2)));
        assert!(a.get("upsell").unwrap().na);
        assert_eq!(a.get("accuracy").unwrap().tags, vec!["kb_outdated"]);
        assert_eq!(a.get("blank").unwrap().value, None);
        assert_eq!(a.iter().next().unwrap().0, "interrupt", "order is kept");
    }

    #[test]
    fn reports_every_shape_problem_with_its_path() {
        let err = Answers::from_value(&json!({
            "a": "ok",
            "b": {"na": "yes", "note": 1},
            "c.d": {"tags": ["x", 3]}
        }))
        .unwrap_err();
        let lines: Vec<String> = err.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "answers.a: expected an answer object {value?, na?, comment?, tags?}, found \"ok\"",
                "answers.b.na: expected true or false, found \"yes\"",
                "answers.b.note: unknown field, expected one of: value, na, comment, tags",
                "answers[\"c.d\"].tags[1]: expected a tag id (a string), found 3",
            ]
        );
    }

    #[test]
    fn round_trips_through_json() {
        let a = Answers::from_json(
            r#"{"x": {"value": ["a", "b"], "comment": "c"}, "y": {"na": true}}"#,
        )
        .unwrap();
        let again = Answers::from_json(&serde_json::to_string(&a).unwrap()).unwrap();
        assert_eq!(a, again);
    }
}
