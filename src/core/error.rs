//! Errors of the core: every problem carries where it is (a JSON path) and what was
//! expected versus what was found, so a rubric author or an integrator can fix it
//! without reading our code.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

/// A location inside a JSON document, written the way people read it:
/// `sections[1].items[3].options`. Keys that are not plain identifiers are quoted,
/// e.g. `answers["a.b"].value`, because item ids may contain dots.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct JsonPath(String);

impl JsonPath {
    /// The document itself.
    pub fn root() -> Self {
        Self::default()
    }

    /// A path starting at a named top-level field, e.g. `answers`.
    pub fn field(name: &str) -> Self {
        Self::root().key(name)
    }

    /// The path of `key` inside the object at `self`.
    pub fn key(&self, key: &str) -> Self {
        let mut path = self.0.clone();
        let plain = key
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$');
        if plain {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
        } else {
            path.push('[');
            path.push_str(&Value::String(key.to_owned()).to_string());
            path.push(']');
        }
        Self(path)
    }

    /// The path of element `index` inside the array at `self`.
    pub fn index(&self, index: usize) -> Self {
        Self(format!("{}[{index}]", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("(top level)")
        } else {
            f.write_str(&self.0)
        }
    }
}

/// What is wrong at a location.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// The text is not JSON at all.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// A value of the wrong type, or one that breaks a rule of the format.
    Invalid { expected: String, found: String },
    /// A required field is absent.
    Missing { expected: String },
    /// A field the format does not define (vendor extensions start with `x-`).
    UnknownField { allowed: &'static [&'static str] },
    /// A name the document does not define, with the closest one it does when one is
    /// close enough: "config.lnag: unknown setting; did you mean lang?".
    Unknown {
        what: &'static str,
        suggestion: Option<String>,
    },
    /// An id used a second time where ids must be unique.
    Duplicate { id: String, first: JsonPath },
    /// Not an error: something accepted that deserves a look.
    Note { message: String },
}

/// One problem in a rubric, answers or review document.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct Problem {
    pub path: JsonPath,
    pub kind: ProblemKind,
}

impl Problem {
    pub fn invalid(path: JsonPath, expected: impl Into<String>, found: impl Into<String>) -> Self {
        let kind = ProblemKind::Invalid {
            expected: expected.into(),
            found: found.into(),
        };
        Self { path, kind }
    }

    pub fn missing(path: JsonPath, expected: impl Into<String>) -> Self {
        let kind = ProblemKind::Missing {
            expected: expected.into(),
        };
        Self { path, kind }
    }

    pub fn note(path: JsonPath, message: impl Into<String>) -> Self {
        let kind = ProblemKind::Note {
            message: message.into(),
        };
        Self { path, kind }
    }

    /// A `serde_json` error: malformed text keeps its line and column, a structural
    /// error its path.
    pub(crate) fn from_json(path: JsonPath, err: &serde_json::Error) -> Self {
        let message = serde_message(err);
        if err.is_syntax() || err.is_eof() || err.is_io() {
            let kind = ProblemKind::Syntax {
                line: err.line(),
                column: err.column(),
                message,
            };
            Self { path, kind }
        } else {
            Self::invalid(path, "a document of the right shape", message)
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ProblemKind::Syntax {
                line,
                column,
                message,
            } => write!(f, "line {line}, column {column}: malformed JSON: {message}"),
            ProblemKind::Invalid { expected, found } => {
                write!(f, "{}: expected {expected}, found {found}", self.path)
            }
            ProblemKind::Missing { expected } => {
                write!(f, "{}: expected {expected}, found nothing", self.path)
            }
            ProblemKind::UnknownField { allowed } => write!(
                f,
                "{}: unknown field, expected one of: {}",
                self.path,
                allowed.join(", ")
            ),
            ProblemKind::Unknown { what, suggestion } => match suggestion {
                Some(name) => write!(f, "{}: unknown {what}; did you mean {name}?", self.path),
                None => write!(f, "{}: unknown {what}", self.path),
            },
            ProblemKind::Note { message } => write!(f, "{}: {message}", self.path),
            ProblemKind::Duplicate { id, first } => write!(
                f,
                "{}: expected a unique id, found {} again (first at {first})",
                self.path,
                Value::String(id.clone())
            ),
        }
    }
}

/// Every problem found in one document: a document is accepted whole or rejected
/// with the complete list, never half-loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn one(problem: Problem) -> Self {
        Self(vec![problem])
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// The name in `known` closest to `name`, when it is close enough to be what was
/// meant: a prefix of it or it of a prefix (`language` → `lang`), or at most a third of
/// its letters (at least two) apart (`timeot_ms` → `timeout_ms`, `lnag` → `lang`).
pub fn closest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name = name.to_ascii_lowercase();
    known
        .into_iter()
        .map(|k| {
            let prefix =
                k.len().min(name.len()) >= 3 && (name.starts_with(k) || k.starts_with(&name));
            (if prefix { 0 } else { edit_distance(&name, k) }, k)
        })
        .filter(|(d, k)| *d <= (k.len().max(name.len()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance between two strings, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// serde's "unknown field `lnag`, expected one of `lang`, `mode`" as a problem that
/// names the closest known field (`what` says what a field is called in the document:
/// "setting", "field"); any other problem as it is.
pub fn name_unknown(problem: Problem, what: &'static str) -> Problem {
    let ProblemKind::Invalid { found, .. } = &problem.kind else {
        return problem;
    };
    let Some(rest) = found.strip_prefix("unknown field `") else {
        return problem;
    };
    let mut names = rest.split('`').step_by(2);
    let unknown = names.next().unwrap_or_default();
    let suggestion = closest(unknown, names.filter(|n| !n.is_empty())).map(str::to_owned);
    let kind = ProblemKind::Unknown { what, suggestion };
    Problem { kind, ..problem }
}

/// Parse JSON text; malformed text becomes one problem with its line and column.
pub fn parse_json(text: &str) -> Result<Value, Problems> {
    serde_json::from_str(text).map_err(|e| Problems::one(Problem::from_json(JsonPath::root(), &e)))
}

/// A `serde_json` error's message without its " at line … column …".
fn serde_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    match message.strip_suffix(&suffix) {
        Some(bare) => bare.to_owned(),
        None => message,
    }
}

/// Read a `T` (a serde type) from a JSON value; a problem says where, under `root`.
///
/// The value is read from its pretty text, and the path is found by walking that text
/// to the byte where serde stopped ([`path_at`]). Reading from text keeps one copy of
/// each type's deserializer in the build (a path-tracking wrapper would add a second),
/// and pretty text puts whitespace between every value and the bracket after it, so
/// that byte always tells which key, value or bracket serde was at. (One limit: a value
/// serde buffers before checking it, such as an untagged enum's, that fails as the last
/// field of its object is reported at that object. No type of ours is such an enum
/// that can fail: `RubricSource` and `DocumentSource` take any value inline.)
pub fn deserialize<T: DeserializeOwned>(
    value: &Value,
    root: &JsonPath,
    expected: &str,
) -> Result<T, Problems> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Problems::one(Problem::invalid(root.clone(), expected, e.to_string())))?;
    serde_json::from_str(&text).map_err(|e| {
        let path = path_at(&text, byte_offset(&text, e.line(), e.column()), root);
        Problems::one(Problem::invalid(path, expected, serde_message(&e)))
    })
}

/// Read a `T` (a serde type) from JSON text; a problem says where, under `root`.
///
/// Text that reads straight through is read once. Otherwise it is read as a JSON value
/// and [`deserialize`] finds the problem's path — or reads it after all, where serde's
/// derive refuses what a JSON value accepts (a repeated key: the last one wins, as when
/// the value is read first).
pub fn deserialize_text<T: DeserializeOwned>(
    text: &str,
    root: &JsonPath,
    expected: &str,
) -> Result<T, Problems> {
    serde_json::from_str(text).or_else(|_| deserialize(&parse_json(text)?, root, expected))
}

/// The byte offset of serde_json's 1-based line and 0-based byte column in `text`.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let start = text
        .match_indices('\n')
        .nth(line.saturating_sub(2))
        .map_or(0, |(i, _)| i + 1);
    let start = if line <= 1 { 0 } else { start };
    (start + column).min(text.len())
}

/// The path of what serde was reading when it stopped at byte `at` of `text`: a bracket
/// there (serde peeked a container it could not take, or the end of an object missing
/// a field), else the key, value or container that ends just before it.
fn path_at(text: &str, at: usize, root: &JsonPath) -> JsonPath {
    /// An open container: its path, and the key being read (objects) or the index of
    /// the next element (arrays).
    enum Open {
        Object(JsonPath, Option<String>),
        Array(JsonPath, usize),
    }
    /// Where the next value goes.
    fn slot(stack: &[Open], root: &JsonPath) -> JsonPath {
        match stack.last() {
            None => root.clone(),
            Some(Open::Object(path, Some(key))) => path.key(key),
            Some(Open::Object(path, None)) => path.clone(),
            Some(Open::Array(path, index)) => path.index(*index),
        }
    }
    /// A value ended: the container moves on to its next key or element.
    fn next(stack: &mut [Open]) {
        match stack.last_mut() {
            Some(Open::Object(_, key)) => *key = None,
            Some(Open::Array(_, index)) => *index += 1,
            None => {}
        }
    }
    let bytes = text.as_bytes();
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 0;
    while i < bytes.len() && i <= at {
        match bytes[i] {
            b'{' | b'[' => {
                let path = slot(&stack, root);
                if i == at {
                    return path;
                }
                stack.push(if bytes[i] == b'{' {
                    Open::Object(path, None)
                } else {
                    Open::Array(path, 0)
                });
                i += 1;
            }
            b'}' | b']' => {
                let path = match stack.pop() {
                    Some(Open::Object(path, _) | Open::Array(path, _)) => path,
                    None => root.clone(),
                };
                if i == at || i + 1 == at {
                    return path;
                }
                next(&mut stack);
                i += 1;
            }
            b'"' => {
                let mut end = i + 1;
                while end < bytes.len() && bytes[end] != b'"' {
                    end += if bytes[end] == b'\\' { 2 } else { 1 };
                }
                let end = (end + 1).min(bytes.len());
                if let Some(Open::Object(_, key @ None)) = stack.last_mut() {
                    *key = Some(serde_json::from_str(&text[i..end]).unwrap_or_default());
                    if end == at {
                        return slot(&stack, root);
                    }
                } else {
                    if end == at {
                        return slot(&stack, root);
                    }
                    next(&mut stack);
                }
                i = end;
            }
            b',' | b':' | b' ' | b'\n' | b'\r' | b'\t' => i += 1,
            _ => {
                let end = bytes[i..]
                    .iter()
                    .position(|b| b",]} \n\r\t".contains(b))
                    .map_or(bytes.len(), |n| i + n);
                if end == at {
                    return slot(&stack, root);
                }
                next(&mut stack);
                i = end;
            }
        }
    }
    // Between tokens: the innermost open container.
    match stack.last() {
        Some(Open::Object(path, _) | Open::Array(path, _)) => path.clone(),
        None => root.clone(),
    }
}

/// A short description of a JSON value for "found …" in messages: the value itself
/// when it is short, its kind when it is not.
pub fn describe(value: &Value) -> String {
    const MAX: usize = 40;
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            if s.chars().count() <= MAX {
                Value::String(s.clone()).to_string()
            } else {
                let head: String = s.chars().take(MAX).collect();
                format!("{}…", Value::String(head))
            }
        }
        Value::Array(a) if a.is_empty() => "[]".into(),
        Value::Array(a) => format!("an array of {}", a.len()),
        Value::Object(o) if o.is_empty() => "{}".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn paths_read_like_code() {
        let p = JsonPath::root()
            .key("sections")
            .index(1)
            .key("items")
            .index(3);
        assert_eq!(p.key("options").as_str(), "sections[1].items[3].options");
        assert_eq!(
            JsonPath::field("answers").key("a.b").key("value").as_str(),
            r#"answers["a.b"].value"#
        );
        assert_eq!(JsonPath::root().to_string(), "(top level)");
    }

    #[test]
    fn long_strings_are_shortened() {
        let long = Value::String("x".repeat(100));
        assert_eq!(describe(&long), format!("\"{}\"…", "x".repeat(40)));
        assert_eq!(describe(&serde_json::json!([1, 2])), "an array of 2");
    }

    /// A document shaped like ours: nested objects, arrays, enums, an untagged choice.
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: String,
        #[serde(default)]
        mode: Option<Mode>,
        #[serde(default)]
        parts: Vec<Part>,
        #[serde(default)]
        source: Option<Source>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Part {
        id: String,
        #[serde(default)]
        weight: u32,
        #[serde(default)]
        tags: Vec<String>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Mode {
        Inspect,
    }
    #[derive(Debug, serde::Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)]
    enum Source {
        Url(String),
        Pair { a: u8, b: u8 },
    }

    fn problem_at(value: Value) -> String {
        let root = JsonPath::field("doc");
        match deserialize::<Doc>(&value, &root, "a doc") {
            Ok(doc) => format!("accepted {doc:?}"),
            Err(problems) => problems.to_string(),
        }
    }

    #[test]
    fn a_problem_reading_a_serde_type_names_its_path() {
        use serde_json::json;
        let part = |extra: Value| {
            let mut p = json!({"id": "p", "tags": ["a"]});
            p.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            p
        };
        let cases = [
            // A value of the wrong type: a scalar, an object, an array, in arrays.
            (
                json!({"name": 5}),
                "doc.name: expected a doc, found invalid type: integer `5`, expected a string",
            ),
            (
                json!({"name": {"x": 1}}),
                "doc.name: expected a doc, found invalid type: map, expected a string",
            ),
            (
                json!({"name": "n", "parts": [part(json!({})), part(json!({"weight": -1}))]}),
                "doc.parts[1].weight: expected a doc, found invalid value: integer `-1`, expected u32",
            ),
            (
                json!({"name": "n", "parts": [part(json!({"tags": ["a", "b", 7]}))]}),
                "doc.parts[0].tags[2]: expected a doc, found invalid type: integer `7`, expected a string",
            ),
            (
                json!({"name": "n", "parts": [part(json!({"tags": {}}))]}),
                "doc.parts[0].tags: expected a doc, found invalid type: map, expected a sequence",
            ),
            // A field missing: the object that lacks it, also an empty one.
            (
                json!({"name": "n", "parts": [part(json!({})), {"weight": 2}]}),
                "doc.parts[1]: expected a doc, found missing field `id`",
            ),
            (
                json!({"name": "n", "parts": [{}]}),
                "doc.parts[0]: expected a doc, found missing field `id`",
            ),
            (json!({}), "doc: expected a doc, found missing field `name`"),
            // A field the type does not know: that key.
            (
                json!({"name": "n", "parts": [part(json!({"wieght": 1}))]}),
                "doc.parts[0].wieght: expected a doc, found unknown field `wieght`, expected one of `id`, `weight`, `tags`",
            ),
            (
                json!({"name": "n", "a.b": 1}),
                "doc[\"a.b\"]: expected a doc, found unknown field `a.b`, expected one of `name`, `mode`, `parts`, `source`",
            ),
            // An enum's unknown variant, an untagged choice that fits no variant.
            (
                json!({"name": "n", "mode": "audit"}),
                "doc.mode: expected a doc, found unknown variant `audit`, expected `inspect`",
            ),
            (
                json!({"source": {"a": 1, "b": "x"}, "name": "n"}),
                "doc.source: expected a doc, found data did not match any variant of untagged enum Source",
            ),
            // (serde checks an untagged value after reading it whole; when it is the
            // last field, serde_json has read the end of the object too by then, so the
            // problem names the object: the documented limit of finding paths this way.)
            (
                json!({"name": "n", "source": {"a": 1, "b": "x"}}),
                "doc: expected a doc, found data did not match any variant of untagged enum Source",
            ),
            // Keys and strings holding brackets, quotes and escapes do not confuse it.
            (
                json!({"name": "n", "parts": [part(json!({"tags": ["}]\"{[", 1]}))]}),
                "doc.parts[0].tags[1]: expected a doc, found invalid type: integer `1`, expected a string",
            ),
        ];
        for (value, expected) in cases {
            assert_eq!(problem_at(value.clone()), expected, "{value}");
        }
        assert!(
            problem_at(json!({"name": "n", "source": {"a": 1, "b": 2}})).starts_with("accepted")
        );
    }

    #[test]
    fn text_reads_as_its_value_would() {
        let root = JsonPath::field("doc");
        let read = |text: &str| deserialize_text::<Doc>(text, &root, "a doc");
        let doc = read(r#"{"name": "n", "parts": [{"id": "p", "weight": 2}]}"#).unwrap();
        assert_eq!((doc.name.as_str(), doc.parts[0].weight), ("n", 2));
        // A repeated key: the last one wins, as when the JSON value is read first.
        assert_eq!(read(r#"{"name": "a", "name": "b"}"#).unwrap().name, "b");
        // A problem, compact text or not, names its path.
        assert_eq!(
            read(r#"{"name":"n","parts":[{"id":"p","weight":"2"}]}"#)
                .unwrap_err()
                .to_string(),
            "doc.parts[0].weight: expected a doc, found invalid type: string \"2\", expected u32"
        );
        // Text that is not JSON: where, by line and column.
        assert_eq!(
            read("{\"name\": \"n\",\n}").unwrap_err().to_string(),
            "line 2, column 1: malformed JSON: trailing comma"
        );
    }

    #[test]
    fn an_unknown_name_suggests_the_closest_known_one() {
        let known = ["endpoint", "lang", "timeout_ms", "mode"];
        assert_eq!(closest("timeot_ms", known), Some("timeout_ms"));
        assert_eq!(closest("language", known), Some("lang"));
        assert_eq!(closest("LNAG", known), Some("lang"));
        assert_eq!(closest("colour", known), None);
        let serde = Problem::invalid(
            JsonPath::field("config").key("lnag"),
            "a valid setting",
            "unknown field `lnag`, expected one of `endpoint`, `lang`, `mode`",
        );
        assert_eq!(
            name_unknown(serde, "setting").to_string(),
            "config.lnag: unknown setting; did you mean lang?"
        );
        let none = Problem::invalid(
            JsonPath::field("config").key("x"),
            "a valid setting",
            "unknown field `x`, there are no fields",
        );
        assert_eq!(
            name_unknown(none, "setting").to_string(),
            "config.x: unknown setting"
        );
    }
}
