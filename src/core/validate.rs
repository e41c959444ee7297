//! Reading and validating a `rubric/v1` document (docs/rubric-v1.md §1.2).
//!
//! The rubric is walked as a `serde_json::Value` rather than derived with serde,
//! because serde stops at the first error and we promise every problem at once,
//! each with its JSON path, what was expected and what was found.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::error::{JsonPath, Problem, ProblemKind, Problems, describe, parse_json};
use super::rubric::{
    Band, ChoiceOption, Critical, Grade, Id, Item, ItemKind, Method, Rubric, RubricFormat, Scoring,
    Section, ShowIf, Tag,
};
use super::text::Text;

const RUBRIC_FIELDS: &[&str] = &[
    "$schema",
    "format",
    "id",
    "version",
    "title",
    "description",
    "locale",
    "scoring",
    "sections",
];
const SCORING_FIELDS: &[&str] = &["method", "max", "precision", "pass", "grades"];
const GRADE_FIELDS: &[&str] = &["min", "label"];
const SECTION_FIELDS: &[&str] = &["id", "title", "description", "weight", "items"];
const OPTION_FIELDS: &[&str] = &["id", "label", "points", "critical", "correct", "explain"];
const BAND_FIELDS: &[&str] = &["upto", "points"];
const TAG_FIELDS: &[&str] = &["id", "label"];
const SHOW_IF_FIELDS: &[&str] = &["item", "in"];

macro_rules! item_fields {
    ($($extra:literal),*) => {
        &["id", "kind", "title", $($extra,)* "description", "guide", "explain", "na", "required",
          "show_if", "bonus", "tags"]
    };
}
const CHECK_FIELDS: &[&str] = item_fields!("points", "critical");
const CHOICE_FIELDS: &[&str] = item_fields!("options");
const MULTI_FIELDS: &[&str] = item_fields!("options", "points");
const COUNT_FIELDS: &[&str] = item_fields!("points", "per", "limit");
const NUMBER_FIELDS: &[&str] = item_fields!("bands", "unit", "min", "max");
const TEXT_FIELDS: &[&str] = item_fields!("max_length");
const ANY_ITEM_FIELDS: &[&str] = item_fields!(
    "points",
    "critical",
    "options",
    "per",
    "limit",
    "bands",
    "unit",
    "min",
    "max",
    "max_length"
);

const ID: &str = "an id matching [A-Za-z0-9_.-]{1,64}";
const TEXT: &str = "a text (a string, or an object of locale tag → string)";
const NON_NEGATIVE: &str = "a number ≥ 0";
const BOOL: &str = "true or false";
const CRITICAL: &str = "\"form\" or \"section\"";

/// The values a later `show_if` may test on an item.
enum ShowIfTarget {
    /// `"pass"`/`"fail"` or the option ids.
    Values(Vec<String>),
    /// An item whose answers are not strings (count, number, text).
    Unsupported(&'static str),
    /// The item itself was invalid; its problems are already reported.
    Invalid,
}

impl Rubric {
    /// Parse and validate a rubric from its JSON text.
    pub fn from_json(text: &str) -> Result<Rubric, Problems> {
        Rubric::from_value(&parse_json(text)?)
    }

    /// Validate a parsed JSON value as a rubric: the rubric, or every problem in it.
    pub fn from_value(value: &Value) -> Result<Rubric, Problems> {
        let mut walker = Walker::default();
        let rubric = walker.rubric(value);
        match rubric {
            Some(rubric) if walker.problems.is_empty() => Ok(rubric),
            _ => Err(Problems(walker.problems)),
        }
    }

    /// Check a rubric built in code against every rule that [`Rubric::from_json`] applies.
    pub fn validate(&self) -> Result<(), Problems> {
        let value = serde_json::to_value(self).map_err(|e| {
            Problems::one(Problem::invalid(
                JsonPath::root(),
                "a serializable rubric",
                e.to_string(),
            ))
        })?;
        Rubric::from_value(&value).map(|_| ())
    }
}

/// A JSON object being read, with where it is.
struct Obj<'v> {
    map: &'v Map<String, Value>,
    path: JsonPath,
}

impl<'v> Obj<'v> {
    /// A field's value; an explicit `null` counts as absent.
    fn get(&self, key: &str) -> Option<&'v Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn at(&self, key: &str) -> JsonPath {
        self.path.key(key)
    }
}

#[derive(Default)]
struct Walker {
    problems: Vec<Problem>,
    /// Every item id anywhere in the document, to tell "comes later" from "unknown".
    all_item_ids: HashSet<String>,
    /// Items read so far (earlier items, for `show_if`): id → what it can be tested for.
    earlier: HashMap<String, ShowIfTarget>,
    /// First place each item id was seen.
    item_ids: HashMap<String, JsonPath>,
    /// The scoring method and max as soon as they are read, so later rules that
    /// depend on them are checked even when another scoring field is invalid.
    method: Option<Method>,
    max: f64,
    /// Each section's weight as read (`None`: absent or invalid), items valid or not.
    weights: Vec<Option<f64>>,
}

impl Walker {
    fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    fn invalid(&mut self, path: JsonPath, expected: impl Into<String>, found: impl Into<String>) {
        self.push(Problem::invalid(path, expected, found));
    }

    /// `value` as an object whose fields are all in `allowed` (or `x-…` extensions).
    fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &JsonPath,
        what: &str,
        allowed: &'static [&'static str],
    ) -> Option<Obj<'v>> {
        let Some(map) = value.as_object() else {
            self.invalid(path.clone(), what, describe(value));
            return None;
        };
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) && !key.starts_with("x-") {
                let kind = ProblemKind::UnknownField { allowed };
                self.push(Problem {
                    path: path.key(key),
                    kind,
                });
            }
        }
        Some(Obj {
            map,
            path: path.clone(),
        })
    }

    /// A required field, converted by `conv` (which returns `None` when the value
    /// does not fit `expected`).
    fn req<T>(
        &mut self,
        o: &Obj,
        key: &str,
        expected: &str,
        conv: impl FnOnce(&Value) -> Option<T>,
    ) -> Option<T> {
        match o.map.get(key) {
            None => {
                self.push(Problem::missing(o.at(key), expected));
                None
            }
            Some(v) => self.convert(o.at(key), v, expected, conv),
        }
    }

    /// An optional field: `None` when absent (or null), or when invalid (reported).
    fn opt<T>(
        &mut self,
        o: &Obj,
        key: &str,
        expected: &str,
        conv: impl FnOnce(&Value) -> Option<T>,
    ) -> Option<T> {
        let v = o.get(key)?;
        self.convert(o.at(key), v, expected, conv)
    }

    fn convert<T>(
        &mut self,
        path: JsonPath,
        v: &Value,
        expected: &str,
        conv: impl FnOnce(&Value) -> Option<T>,
    ) -> Option<T> {
        let out = conv(v);
        if out.is_none() {
            self.invalid(path, expected, describe(v));
        }
        out
    }

    fn id(&mut self, o: &Obj, key: &str) -> Option<Id> {
        self.req(o, key, ID, |v| {
            v.as_str().filter(|s| Id::is_valid(s)).map(Id::from)
        })
    }

    /// Record `id` in a uniqueness scope, reporting a repeat.
    fn unique(&mut self, seen: &mut HashMap<String, JsonPath>, id: &Id, path: JsonPath) {
        match seen.get(id.as_str()) {
            Some(first) => {
                let kind = ProblemKind::Duplicate {
                    id: id.to_string(),
                    first: first.clone(),
                };
                self.push(Problem { path, kind });
            }
            None => {
                seen.insert(id.to_string(), path);
            }
        }
    }

    /// The `id` field, recorded in a uniqueness scope.
    fn unique_id(&mut self, o: &Obj, seen: &mut HashMap<String, JsonPath>) -> Option<Id> {
        let id = self.id(o, "id")?;
        self.unique(seen, &id, o.at("id"));
        Some(id)
    }

    /// Read every element of an array (index, value, path); the list only when each
    /// one was valid, every invalid one having reported its own problems.
    fn each<T>(
        &mut self,
        list: &[Value],
        path: &JsonPath,
        mut read: impl FnMut(&mut Self, usize, &Value, JsonPath) -> Option<T>,
    ) -> Option<Vec<T>> {
        let mut out = Vec::with_capacity(list.len());
        for (i, v) in list.iter().enumerate() {
            if let Some(x) = read(self, i, v, path.index(i)) {
                out.push(x);
            }
        }
        (out.len() == list.len()).then_some(out)
    }

    fn text_value(&mut self, path: JsonPath, v: &Value) -> Option<Text> {
        match v {
            Value::String(s) => Some(Text::Plain(s.clone())),
            Value::Object(map) if !map.is_empty() => {
                let mut out = indexmap::IndexMap::new();
                let mut ok = true;
                for (locale, text) in map {
                    match text.as_str() {
                        Some(s) => {
                            out.insert(locale.clone(), s.to_owned());
                        }
                        None => {
                            self.invalid(path.key(locale), "a string", describe(text));
                            ok = false;
                        }
                    }
                }
                ok.then_some(Text::Localized(out))
            }
            _ => {
                self.invalid(path, TEXT, describe(v));
                None
            }
        }
    }

    fn req_text(&mut self, o: &Obj, key: &str) -> Option<Text> {
        match o.map.get(key) {
            None => {
                self.push(Problem::missing(o.at(key), TEXT));
                None
            }
            Some(v) => self.text_value(o.at(key), v),
        }
    }

    fn opt_text(&mut self, o: &Obj, key: &str) -> Option<Text> {
        let v = o.get(key)?;
        self.text_value(o.at(key), v)
    }

    /// A required, non-empty array field.
    fn req_array<'v>(&mut self, o: &Obj<'v>, key: &str, expected: &str) -> Option<&'v [Value]> {
        let Some(v) = o.map.get(key) else {
            self.push(Problem::missing(o.at(key), expected));
            return None;
        };
        match v.as_array() {
            Some(list) if !list.is_empty() => Some(list.as_slice()),
            _ => {
                self.invalid(o.at(key), expected, describe(v));
                None
            }
        }
    }

    fn critical(&mut self, o: &Obj, key: &str) -> Option<Critical> {
        self.opt(o, key, CRITICAL, |v| match v.as_str() {
            Some("form") => Some(Critical::Form),
            Some("section") => Some(Critical::Section),
            _ => None,
        })
    }

    fn rubric(&mut self, value: &Value) -> Option<Rubric> {
        let root = JsonPath::root();
        let o = self.object(value, &root, "a rubric object", RUBRIC_FIELDS)?;
        self.all_item_ids = prescan_item_ids(value);
        self.opt(&o, "$schema", "a string", |v| v.as_str().map(|_| ()));
        let format = self.req(&o, "format", "\"rubric/v1\"", |v| {
            (v.as_str() == Some("rubric/v1")).then_some(RubricFormat::V1)
        });
        let id = self.id(&o, "id");
        let version = self.req(&o, "version", "a non-empty string", non_empty_string);
        let title = self.req_text(&o, "title");
        let description = self.opt_text(&o, "description");
        let locale = self.opt(
            &o,
            "locale",
            "a locale tag such as \"zh-CN\"",
            non_empty_string,
        );
        let scoring = match o.map.get("scoring") {
            Some(v) => self.scoring(v, &o.at("scoring")),
            None => {
                self.push(Problem::missing(o.at("scoring"), "a scoring object"));
                None
            }
        };
        let sections = self.sections(&o, self.method);
        self.check_budgets(&o);
        Some(Rubric {
            format: format?,
            id: id?,
            version: version?,
            title: title?,
            description,
            locale,
            scoring: scoring?,
            sections: sections?,
        })
    }

    fn scoring(&mut self, value: &Value, path: &JsonPath) -> Option<Scoring> {
        let o = self.object(value, path, "a scoring object", SCORING_FIELDS)?;
        let method = self.req(
            &o,
            "method",
            "\"sum\", \"weighted\" or \"deduct\"",
            |v| match v.as_str()? {
                "sum" => Some(Method::Sum),
                "weighted" => Some(Method::Weighted),
                "deduct" => Some(Method::Deduct),
                _ => None,
            },
        );
        self.method = method;
        let max = self.opt(&o, "max", "a number > 0", |v| {
            v.as_f64().filter(|m| *m > 0.0)
        });
        self.max = max.unwrap_or(Scoring::DEFAULT_MAX);
        let precision = self.opt(&o, "precision", "an integer from 0 to 4", |v| {
            v.as_u64().filter(|p| *p <= 4).map(|p| p as u8)
        });
        let top = max.unwrap_or(Scoring::DEFAULT_MAX);
        let pass = self.opt(
            &o,
            "pass",
            &format!("a number from 0 to max ({top})"),
            |v| v.as_f64().filter(|p| (0.0..=top).contains(p)),
        );
        let grades = match o.get("grades") {
            None => Some(Vec::new()),
            Some(v) => self.grades(v, &o.at("grades")),
        };
        Some(Scoring {
            method: method?,
            max,
            precision,
            pass,
            grades: grades?,
        })
    }

    fn grades(&mut self, value: &Value, path: &JsonPath) -> Option<Vec<Grade>> {
        let Some(list) = value.as_array() else {
            self.invalid(path.clone(), "an array of grades", describe(value));
            return None;
        };
        let mut mins: Vec<(f64, JsonPath)> = Vec::new();
        self.each(list, path, |w, _, v, path| {
            let o = w.object(v, &path, "a grade object {min, label}", GRADE_FIELDS)?;
            let min = w.req(&o, "min", "a number", Value::as_f64);
            let label = w.req_text(&o, "label");
            if let Some(m) = min {
                if let Some((_, first)) = mins.iter().find(|(other, _)| *other == m) {
                    let found = format!("{m} again (first at {first})");
                    w.invalid(o.at("min"), "a min no other grade has", found);
                }
                mins.push((m, o.at("min")));
            }
            Some(Grade {
                min: min?,
                label: label?,
            })
        })
    }

    fn sections(&mut self, o: &Obj, method: Option<Method>) -> Option<Vec<Section>> {
        let list = self.req_array(o, "sections", "a non-empty array of sections")?;
        let mut seen = HashMap::new();
        self.each(list, &o.at("sections"), |w, _, v, path| {
            w.section(v, &path, method, &mut seen)
        })
    }

    fn section(
        &mut self,
        value: &Value,
        path: &JsonPath,
        method: Option<Method>,
        seen: &mut HashMap<String, JsonPath>,
    ) -> Option<Section> {
        let o = self.object(value, path, "a section object", SECTION_FIELDS)?;
        let id = self.unique_id(&o, seen);
        let title = self.req_text(&o, "title");
        let description = self.opt_text(&o, "description");
        let weight = match method {
            Some(Method::Weighted) => self.req(
                &o,
                "weight",
                "a number ≥ 0 (the section's weight, required by the weighted method)",
                non_negative,
            ),
            Some(Method::Deduct) => self.req(
                &o,
                "weight",
                "a number ≥ 0 (the section's point budget, required by the deduct method)",
                non_negative,
            ),
            _ => self.opt(&o, "weight", NON_NEGATIVE, non_negative),
        };
        self.weights.push(weight);
        let weight_ok =
            weight.is_some() || !matches!(method, Some(Method::Weighted | Method::Deduct));
        let items = self
            .req_array(&o, "items", "a non-empty array of items")
            .map(|list| self.each(list, &o.at("items"), |w, _, v, path| w.item(v, &path)));
        if !weight_ok {
            return None;
        }
        Some(Section {
            id: id?,
            title: title?,
            description,
            weight,
            items: items??,
        })
    }

    fn item(&mut self, value: &Value, path: &JsonPath) -> Option<Item> {
        let kind_name = value.get("kind").and_then(Value::as_str);
        let fields = match kind_name {
            Some("check") => CHECK_FIELDS,
            Some("choice") => CHOICE_FIELDS,
            Some("multi") => MULTI_FIELDS,
            Some("count") => COUNT_FIELDS,
            Some("number") => NUMBER_FIELDS,
            Some("text") => TEXT_FIELDS,
            _ => ANY_ITEM_FIELDS,
        };
        let o = self.object(value, path, "an item object", fields)?;
        let mut seen = std::mem::take(&mut self.item_ids);
        let id = self.unique_id(&o, &mut seen);
        self.item_ids = seen;
        let title = self.req_text(&o, "title");
        let kind = self.kind(&o);
        let description = self.opt_text(&o, "description");
        let guide = self.opt_text(&o, "guide");
        let explain = self.opt_text(&o, "explain");
        let na = self.opt(&o, "na", BOOL, Value::as_bool);
        let required = self.opt(&o, "required", BOOL, Value::as_bool);
        let bonus = self.opt(&o, "bonus", BOOL, Value::as_bool);
        let tags = self.tags(&o);
        let show_if = o
            .get("show_if")
            .map(|v| self.show_if(v, &o.at("show_if"), id.as_ref()));

        // Register this item for the show_if of later items.
        if let Some(id) = &id {
            let testable = match &kind {
                Some(ItemKind::Check { .. }) => {
                    ShowIfTarget::Values(vec!["pass".into(), "fail".into()])
                }
                Some(k @ (ItemKind::Choice { .. } | ItemKind::Multi { .. })) => {
                    ShowIfTarget::Values(k.options().iter().map(|o| o.id.to_string()).collect())
                }
                Some(k) => ShowIfTarget::Unsupported(k.name()),
                None => ShowIfTarget::Invalid,
            };
            self.earlier.entry(id.to_string()).or_insert(testable);
        }

        Some(Item {
            id: id?,
            title: title?,
            kind: kind?,
            description,
            guide,
            explain,
            na,
            required,
            show_if: show_if.flatten(),
            bonus,
            tags: tags?,
        })
    }

    fn kind(&mut self, o: &Obj) -> Option<ItemKind> {
        let expected = "one of \"check\", \"choice\", \"multi\", \"count\", \"number\", \"text\"";
        let name = self.req(o, "kind", expected, |v| {
            v.as_str()
                .filter(|k| ItemKind::NAMES.contains(k))
                .map(str::to_owned)
        })?;
        match name.as_str() {
            "check" => {
                let points = self.req(o, "points", NON_NEGATIVE, non_negative);
                let critical = self.critical(o, "critical");
                Some(ItemKind::Check {
                    points: points?,
                    critical,
                })
            }
            "choice" => {
                let options = self.options(o, false)?;
                Some(ItemKind::Choice { options })
            }
            "multi" => {
                let options = self.options(o, true);
                let points = self.opt(o, "points", NON_NEGATIVE, non_negative);
                let options = options?;
                let has_pos = options.iter().any(|opt| opt.points > 0.0);
                let has_neg = options.iter().any(|opt| opt.points < 0.0);
                if has_pos && has_neg {
                    self.invalid(
                        o.at("options"),
                        "option points all ≥ 0 (a checklist) or all ≤ 0 (a deduction list)",
                        "both positive and negative points",
                    );
                    return None;
                }
                if has_neg && points.is_none() && o.get("points").is_none() {
                    self.push(Problem::missing(
                        o.at("points"),
                        "the item's max points (required for a deduction list)",
                    ));
                    return None;
                }
                Some(ItemKind::Multi { options, points })
            }
            "count" => {
                let points = self.req(o, "points", NON_NEGATIVE, non_negative);
                let per = self.req(o, "per", NON_NEGATIVE, non_negative);
                let limit = self.opt(o, "limit", "an integer ≥ 0", Value::as_u64);
                Some(ItemKind::Count {
                    points: points?,
                    per: per?,
                    limit,
                })
            }
            "number" => {
                let bands = self.bands(o);
                let unit = self.opt_text(o, "unit");
                let min = self.opt(o, "min", "a number", Value::as_f64);
                let max = self.opt(o, "max", "a number", Value::as_f64);
                if let (Some(lo), Some(hi)) = (min, max)
                    && hi < lo
                {
                    self.invalid(
                        o.at("max"),
                        format!("a number ≥ min ({lo})"),
                        hi.to_string(),
                    );
                }
                Some(ItemKind::Number {
                    bands: bands?,
                    unit,
                    min,
                    max,
                })
            }
            _ => {
                let max_length = self.opt(o, "max_length", "an integer ≥ 1", |v| {
                    v.as_u64().filter(|n| *n >= 1)
                });
                Some(ItemKind::Text { max_length })
            }
        }
    }

    /// The options of a choice (`signed == false`: points ≥ 0) or multi item.
    fn options(&mut self, o: &Obj, signed: bool) -> Option<Vec<ChoiceOption>> {
        let list = self.req_array(o, "options", "a non-empty array of options")?;
        let mut seen = HashMap::new();
        self.each(list, &o.at("options"), |w, _, v, path| {
            let opt = w.object(v, &path, "an option object", OPTION_FIELDS)?;
            let id = w.unique_id(&opt, &mut seen);
            let label = w.req_text(&opt, "label");
            let points = if signed {
                w.req(&opt, "points", "a number", Value::as_f64)
            } else {
                w.req(&opt, "points", NON_NEGATIVE, non_negative)
            };
            let critical = w.critical(&opt, "critical");
            let correct = w.opt(&opt, "correct", BOOL, Value::as_bool);
            let explain = w.opt_text(&opt, "explain");
            Some(ChoiceOption {
                id: id?,
                label: label?,
                points: points?,
                critical,
                correct,
                explain,
            })
        })
    }

    fn bands(&mut self, o: &Obj) -> Option<Vec<Band>> {
        let list = self.req_array(o, "bands", "a non-empty array of bands {upto, points}")?;
        let mut previous: Option<f64> = None;
        self.each(list, &o.at("bands"), |w, i, v, path| {
            let b = w.object(v, &path, "a band object {upto, points}", BAND_FIELDS)?;
            let last = i + 1 == list.len();
            let upto = if last {
                w.opt(&b, "upto", "a number", Value::as_f64)
            } else {
                let expected = "a number (only the last band may leave out upto)";
                w.req(&b, "upto", expected, Value::as_f64)
            };
            if let (Some(prev), Some(u)) = (previous, upto)
                && u <= prev
            {
                let expected = format!("a number above the previous band's upto ({prev})");
                w.invalid(b.at("upto"), expected, u.to_string());
            }
            previous = upto.or(previous);
            let points = w.req(&b, "points", NON_NEGATIVE, non_negative)?;
            (upto.is_some() || last).then_some(Band { upto, points })
        })
    }

    fn tags(&mut self, o: &Obj) -> Option<Vec<Tag>> {
        let Some(v) = o.get("tags") else {
            return Some(Vec::new());
        };
        let Some(list) = v.as_array() else {
            self.invalid(o.at("tags"), "an array of tags {id, label}", describe(v));
            return None;
        };
        let mut seen = HashMap::new();
        self.each(list, &o.at("tags"), |w, _, v, path| {
            let t = w.object(v, &path, "a tag object {id, label}", TAG_FIELDS)?;
            let id = w.unique_id(&t, &mut seen);
            let label = w.req_text(&t, "label");
            Some(Tag {
                id: id?,
                label: label?,
            })
        })
    }

    /// `show_if`: it must name an earlier check/choice/multi item and only values that
    /// item can take.
    fn show_if(&mut self, value: &Value, path: &JsonPath, own_id: Option<&Id>) -> Option<ShowIf> {
        let o = self.object(value, path, "an object {item, in}", SHOW_IF_FIELDS)?;
        let target = self.req(&o, "item", "the id of an earlier item", |v| {
            v.as_str().map(str::to_owned)
        });
        let values = self.req(&o, "in", "a non-empty array of values", |v| {
            v.as_array().filter(|a| !a.is_empty()).cloned()
        });
        let target = target?;
        let allowed = match self.earlier.get(&target) {
            Some(ShowIfTarget::Values(values)) => Some(values.clone()),
            Some(ShowIfTarget::Unsupported(kind)) => {
                let found = format!(
                    "{}, a {kind} item",
                    describe(&Value::String(target.clone()))
                );
                self.invalid(
                    o.at("item"),
                    "an earlier check, choice or multi item",
                    found,
                );
                return None;
            }
            Some(ShowIfTarget::Invalid) => None,
            None => {
                let quoted = describe(&Value::String(target.clone()));
                let found = if own_id.is_some_and(|id| **id == *target) {
                    format!("{quoted}, this item itself")
                } else if self.all_item_ids.contains(&target) {
                    format!("{quoted}, which comes later")
                } else {
                    format!("{quoted}, which no item has")
                };
                self.invalid(o.at("item"), "the id of an earlier item", found);
                return None;
            }
        };
        let mut out = Vec::new();
        for (j, v) in values?.iter().enumerate() {
            let vpath = o.at("in").index(j);
            match (v.as_str(), &allowed) {
                (Some(s), Some(allowed)) if !allowed.iter().any(|a| a == s) => {
                    let expected = format!("a value {target:?} can take ({})", allowed.join(", "));
                    self.invalid(vpath, expected, describe(v));
                }
                (Some(s), _) => out.push(s.to_owned()),
                (None, _) => self.invalid(vpath, "a string value", describe(v)),
            }
        }
        Some(ShowIf {
            item: Id::from(target.as_str()),
            values: out,
        })
    }

    /// For `deduct`, the section budgets must add up to `scoring.max` (checked when
    /// every budget could be read; a missing one is reported on its own).
    fn check_budgets(&mut self, o: &Obj) {
        if self.method != Some(Method::Deduct) || self.weights.iter().any(Option::is_none) {
            return;
        }
        let total: f64 = self.weights.iter().flatten().sum();
        if !self.weights.is_empty() && (total - self.max).abs() > 1e-9 {
            let expected = format!("section weights adding up to scoring.max ({})", self.max);
            self.invalid(o.at("sections"), expected, format!("a total of {total}"));
        }
    }
}

fn non_negative(v: &Value) -> Option<f64> {
    v.as_f64().filter(|x| *x >= 0.0)
}

fn non_empty_string(v: &Value) -> Option<String> {
    v.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

/// Item ids wherever they are, read leniently, before the real walk.
fn prescan_item_ids(value: &Value) -> HashSet<String> {
    let sections = value.get("sections").and_then(Value::as_array);
    sections
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("items").and_then(Value::as_array))
        .flatten()
        .filter_map(|i| i.get("id").and_then(Value::as_str))
        .map(str::to_owned)
        .collect()
}
