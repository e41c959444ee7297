//! Errors of the core: every problem carries where it is (a JSON path) and what was
//! expected versus what was found, so a rubric author or an integrator can fix it
//! without reading our code.

use std::fmt;

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
        let message = err.to_string();
        let suffix = format!(" at line {} column {}", err.line(), err.column());
        let message = message.strip_suffix(&suffix).unwrap_or(&message).to_owned();
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

/// Parse JSON text; malformed text becomes one problem with its line and column.
pub fn parse_json(text: &str) -> Result<Value, Problems> {
    serde_json::from_str(text).map_err(|e| Problems::one(Problem::from_json(JsonPath::root(), &e)))
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
}
