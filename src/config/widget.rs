//! The settings themselves: what each means, its default, and the rules serde cannot
//! express (checked all at once, each problem with its path).

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::error::{JsonPath, Problem, ProblemKind, Problems, name_unknown};
use crate::core::{Mode, Reviewer};

/// The query parameters that become the review's context.
pub const CONTEXT_PARAMS: [&str; 5] = [
    "agent_id",
    "call_id",
    "ticket_id",
    "conversation_id",
    "recording_url",
];

/// The headers the widget sets itself and a configuration may not.
const RESERVED_HEADERS: [&str; 3] = ["content-type", "idempotency-key", "content-length"];

/// The widget's configuration (`config.json`, or `?config=<url>`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "rubric-widget config")]
pub struct WidgetConfig {
    /// Where reviews are sent, e.g. `https://crm.example.com/api/qa/reviews`: an http(s)
    /// URL or a path the page's URL completes (`/api/reviews`); `{review_id}` is replaced
    /// by the review's id (for PUT). Without it, a submitted review is offered as a
    /// download.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(default)]
    pub method: HttpMethod,
    /// Extra request headers, e.g. `{"Authorization": "Bearer …"}`. Kept in memory
    /// only: never written to the browser's storage.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, String>,
    /// How long one attempt may take before it counts as failed (1,000–300,000).
    #[serde(default = "default_timeout")]
    pub timeout_ms: u32,
    #[serde(default)]
    pub retry: RetryPolicy,
    /// Whether cookies go with the request (the Fetch API's `credentials`).
    #[serde(default)]
    pub credentials: Credentials,
    #[serde(default)]
    pub mode: Mode,
    /// The UI language: `zh-CN` or `en` (else the browser's). `locale` is accepted
    /// as another name for it.
    #[serde(default, alias = "locale", skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Host data copied into the review: agent id, call id, recording URL, …
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub context: IndexMap<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<Reviewer>,
    /// The rubric: a URL, or the rubric/v1 document itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rubric: Option<DocumentSource>,
    /// In an iframe: the parent page's origin (e.g. `https://crm.example.com`). Events
    /// are posted to it alone, and only its messages are obeyed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_origin: Option<String>,
    /// The id events carry; one is made up when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Quiz mode: a time limit and shuffled options.
    #[serde(default)]
    pub quiz: QuizSettings,
    /// Calibration mode: how far the totals may differ.
    #[serde(default)]
    pub calibration: CalibrationSettings,
    /// Calibration mode: the expert's review of the same call, a URL or the review/v1
    /// document. It stays hidden until the inspector submits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<DocumentSource>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuizSettings {
    /// Seconds for the attempt (10–86400); at zero it ends with what is answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_s: Option<u32>,
    /// Show options in an order shuffled per attempt (seeded by the review id).
    #[serde(default)]
    pub shuffle: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalibrationSettings {
    /// Points the totals may differ by (default 5).
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
}

fn default_tolerance() -> f64 {
    crate::core::compare::DEFAULT_TOLERANCE
}

impl Default for CalibrationSettings {
    fn default() -> Self {
        CalibrationSettings {
            tolerance: default_tolerance(),
        }
    }
}

/// A document (the rubric, the expert's review) given by URL or inline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum DocumentSource {
    Url(String),
    Inline(Value),
}

/// Whether `s` is an origin: `http(s)://host[:port]`, nothing after.
pub fn is_origin(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.contains(['/', '?', '#', ' ', '*']))
}

fn default_timeout() -> u32 {
    15_000
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub enum HttpMethod {
    #[default]
    #[serde(rename = "POST")]
    Post,
    #[serde(rename = "PUT")]
    Put,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Credentials {
    Omit,
    #[default]
    SameOrigin,
    Include,
}

/// Retries of failed sends (408, 429, 5xx, network errors, timeouts): exponential
/// backoff with jitter, never sooner than a `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetryPolicy {
    /// Automatic attempts before the review waits for "retry now", a reload or the
    /// network coming back (it is never dropped).
    #[serde(default = "default_attempts")]
    pub max_attempts: u32,
    #[serde(default = "default_base")]
    pub base_delay_ms: u32,
    #[serde(default = "default_max_delay")]
    pub max_delay_ms: u32,
}

fn default_attempts() -> u32 {
    8
}
fn default_base() -> u32 {
    1_000
}
fn default_max_delay() -> u32 {
    60_000
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: default_attempts(),
            base_delay_ms: default_base(),
            max_delay_ms: default_max_delay(),
        }
    }
}

/// Whether reviews can be sent there: an `http:`/`https:` URL, or a reference without a
/// scheme (`/api/reviews`, `reviews`, `//crm.example.com/qa`) that the page's own URL
/// completes. Not empty, and no other scheme (`javascript:`, `data:`, `file:` …).
fn is_http_target(endpoint: &str) -> bool {
    let endpoint = endpoint.trim();
    // A scheme is letters, digits, `+`, `-` and `.` after a letter, before the first `:`
    // and before any `/`, `?` or `#` (RFC 3986, section 3.1).
    let scheme = endpoint.split_once(':').map(|(s, _)| s).filter(|s| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    !endpoint.is_empty()
        && scheme.is_none_or(|s| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"))
}

/// What a configuration's problems say was expected.
const SETTING: &str = "a valid setting";

/// Settings known by a second name, and the name they are documented by.
const ALIASES: [(&str, &str); 1] = [("locale", "lang")];

/// Unknown settings named as such, suggesting the documented name of the closest one.
fn unknown_settings(problems: Problems) -> Problems {
    let documented = |mut problem: Problem| {
        if let ProblemKind::Unknown {
            suggestion: Some(name),
            ..
        } = &mut problem.kind
            && let Some((_, canonical)) = ALIASES.iter().find(|(alias, _)| alias == name)
        {
            *name = (*canonical).to_owned();
        }
        problem
    };
    let named = problems
        .0
        .into_iter()
        .map(|p| documented(name_unknown(p, "setting")));
    Problems(named.collect())
}

impl WidgetConfig {
    /// Read a configuration document; problems are reported under `config…`, and a
    /// setting it does not know names the closest one it does.
    pub fn from_value(value: Value) -> Result<WidgetConfig, Problems> {
        let config: WidgetConfig =
            crate::core::error::deserialize(&value, &JsonPath::field("config"), SETTING)
                .map_err(unknown_settings)?;
        config.check().map(|()| config)
    }

    pub fn from_json(text: &str) -> Result<WidgetConfig, Problems> {
        let config: WidgetConfig =
            crate::core::error::deserialize_text(text, &JsonPath::field("config"), SETTING)
                .map_err(unknown_settings)?;
        config.check().map(|()| config)
    }

    /// The configuration's JSON Schema (draft 2020-12), published beside the core's.
    pub fn schema() -> schemars::Schema {
        schemars::generate::SchemaSettings::draft2020_12()
            .into_generator()
            .into_root_schema_for::<WidgetConfig>()
    }

    /// The rules serde cannot express; every problem at once.
    pub fn check(&self) -> Result<(), Problems> {
        let base = JsonPath::field("config");
        let mut problems = Vec::new();
        if let Some(endpoint) = self.endpoint.as_deref().filter(|e| !is_http_target(e)) {
            problems.push(Problem::invalid(
                base.key("endpoint"),
                "an http(s) URL or a path",
                format!("{endpoint:?}"),
            ));
        }
        for name in self.headers.keys() {
            let token = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !token {
                problems.push(Problem::invalid(
                    base.key("headers").key(name),
                    "a header name",
                    format!("{name:?}"),
                ));
            } else if RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                let expected = "a header the widget does not set itself (it sets Content-Type and Idempotency-Key)";
                problems.push(Problem::invalid(
                    base.key("headers").key(name),
                    expected,
                    format!("{name:?}"),
                ));
            }
        }
        if let Some(origin) = self.parent_origin.as_deref().filter(|o| !is_origin(o)) {
            let expected = "an origin such as https://crm.example.com (scheme, host and port only)";
            problems.push(Problem::invalid(
                base.key("parent_origin"),
                expected,
                format!("{origin:?}"),
            ));
        }
        if let Some(limit) = self
            .quiz
            .time_limit_s
            .filter(|l| !(10..=86_400).contains(l))
        {
            let expected = "a number of seconds from 10 to 86400";
            problems.push(Problem::invalid(
                base.key("quiz").key("time_limit_s"),
                expected,
                limit.to_string(),
            ));
        }
        let tolerance = self.calibration.tolerance;
        if !tolerance.is_finite() || tolerance < 0.0 {
            let found = self.calibration.tolerance.to_string();
            problems.push(Problem::invalid(
                base.key("calibration").key("tolerance"),
                "a number ≥ 0",
                found,
            ));
        }
        if !(1_000..=300_000).contains(&self.timeout_ms) {
            let expected = "a number of milliseconds from 1000 to 300000";
            problems.push(Problem::invalid(
                base.key("timeout_ms"),
                expected,
                self.timeout_ms.to_string(),
            ));
        }
        let retry = base.key("retry");
        if !(1..=1_000).contains(&self.retry.max_attempts) {
            let found = self.retry.max_attempts.to_string();
            problems.push(Problem::invalid(
                retry.key("max_attempts"),
                "a number from 1 to 1000",
                found,
            ));
        }
        if self.retry.base_delay_ms == 0 || self.retry.base_delay_ms > self.retry.max_delay_ms {
            let expected = format!(
                "a number from 1 to retry.max_delay_ms ({})",
                self.retry.max_delay_ms
            );
            problems.push(Problem::invalid(
                retry.key("base_delay_ms"),
                expected,
                self.retry.base_delay_ms.to_string(),
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Problems(problems))
        }
    }

    /// Apply the page's query parameters over this configuration. Parameters the
    /// widget does not know are left to the host; those it knows must be valid.
    pub fn apply_query<'a>(
        &mut self,
        params: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<(), Problems> {
        let base = JsonPath::field("query");
        let mut problems = Vec::new();
        for (name, value) in params {
            let mut reject = |expected: &str| {
                let found = format!("{value:?}");
                problems.push(Problem::invalid(base.key(name), expected, found));
            };
            match name {
                "endpoint" if !is_http_target(value) => reject("an http(s) URL or a path"),
                "endpoint" => self.endpoint = Some(value.to_owned()),
                "method" => match named(&value.to_ascii_uppercase()) {
                    Some(method) => self.method = method,
                    None => reject("POST or PUT"),
                },
                "timeout_ms" => match value.parse() {
                    Ok(ms) => self.timeout_ms = ms,
                    Err(_) => reject("a number of milliseconds"),
                },
                "credentials" => match named(value) {
                    Some(credentials) => self.credentials = credentials,
                    None => reject("omit, same-origin or include"),
                },
                "mode" => match named(value) {
                    Some(mode) => self.mode = mode,
                    None => reject("inspect, quiz or calibrate"),
                },
                "lang" | "locale" => self.lang = Some(value.to_owned()),
                "rubric" => self.rubric = Some(DocumentSource::Url(value.to_owned())),
                "reviewer_id" => {
                    self.reviewer.get_or_insert_with(Reviewer::default).id = value.to_owned()
                }
                "reviewer_name" => {
                    self.reviewer.get_or_insert_with(Reviewer::default).name =
                        Some(value.to_owned())
                }
                "parent_origin" => self.parent_origin = Some(value.to_owned()),
                "reference" => self.reference = Some(DocumentSource::Url(value.to_owned())),
                "time_limit_s" => match value.parse() {
                    Ok(seconds) => self.quiz.time_limit_s = Some(seconds),
                    Err(_) => reject("a number of seconds"),
                },
                "shuffle" => match value {
                    "true" | "1" | "yes" => self.quiz.shuffle = true,
                    "false" | "0" | "no" => self.quiz.shuffle = false,
                    _ => reject("true or false"),
                },
                "tolerance" => match crate::core::parse_number(value) {
                    Some(points) => self.calibration.tolerance = points,
                    None => reject("a number of points"),
                },
                "instance" => self.instance = Some(value.to_owned()),
                _ if CONTEXT_PARAMS.contains(&name) => {
                    self.context
                        .insert(name.to_owned(), Value::String(value.to_owned()));
                }
                _ => {
                    if let Some(key) = name.strip_prefix("context.").filter(|k| !k.is_empty()) {
                        self.context
                            .insert(key.to_owned(), Value::String(value.to_owned()));
                    }
                }
            }
        }
        if problems.is_empty() {
            self.check()
        } else {
            Err(Problems(problems))
        }
    }

    /// The endpoint for one review (`{review_id}` replaced).
    pub fn endpoint_for(&self, review_id: &str) -> Option<String> {
        self.endpoint
            .as_ref()
            .map(|e| e.replace("{review_id}", review_id))
    }
}

/// A setting's value given by its name in the configuration document (the enum's
/// serde name), e.g. `same-origin` or `calibrate`; `None` for any other text.
fn named<T: serde::de::DeserializeOwned>(value: &str) -> Option<T> {
    use serde::de::IntoDeserializer;
    let text: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
        value.into_deserializer();
    T::deserialize(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn messages(p: &Problems) -> Vec<String> {
        p.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_full_config_reads_and_defaults_fill_in() {
        let c = WidgetConfig::from_value(json!({
            "endpoint": "https://crm.example.com/api/qa/{review_id}", "method": "PUT",
            "headers": {"Authorization": "Bearer t0k3n"}, "credentials": "include",
            "context": {"agent_id": "1024"}, "reviewer": {"id": "qc-07"}, "rubric": "/rubrics/cc.json"
        }))
        .unwrap();
        assert_eq!(
            c.endpoint_for("abc").as_deref(),
            Some("https://crm.example.com/api/qa/abc")
        );
        assert_eq!(
            (c.method, c.credentials, c.timeout_ms),
            (HttpMethod::Put, Credentials::Include, 15_000)
        );
        assert_eq!(c.retry, RetryPolicy::default());
        assert_eq!(
            c.rubric,
            Some(DocumentSource::Url("/rubrics/cc.json".into()))
        );
        assert_eq!(
            WidgetConfig::from_value(json!({})).unwrap(),
            WidgetConfig {
                timeout_ms: 15_000,
                ..Default::default()
            }
        );
    }

    #[test]
    fn a_bad_config_names_the_field() {
        let e = WidgetConfig::from_value(json!({"endpoint": "/x", "timeot_ms": 5})).unwrap_err();
        assert_eq!(
            messages(&e),
            ["config.timeot_ms: unknown setting; did you mean timeout_ms?"]
        );
        let e = WidgetConfig::from_value(json!({"quiz": {"limit": 60}})).unwrap_err();
        assert_eq!(messages(&e), ["config.quiz.limit: unknown setting"]);
        let e = WidgetConfig::from_value(json!({"credentials": "always"})).unwrap_err();
        assert_eq!(e.0[0].path.as_str(), "config.credentials");
        let e = WidgetConfig::from_value(json!({
            "timeout_ms": 50, "headers": {"Idempotency-Key": "x", "bad header": "y"},
            "retry": {"max_attempts": 0, "base_delay_ms": 90000}
        }))
        .unwrap_err();
        assert_eq!(
            messages(&e),
            [
                "config.headers.Idempotency-Key: expected a header the widget does not set itself (it sets Content-Type and Idempotency-Key), found \"Idempotency-Key\"",
                "config.headers[\"bad header\"]: expected a header name, found \"bad header\"",
                "config.timeout_ms: expected a number of milliseconds from 1000 to 300000, found 50",
                "config.retry.max_attempts: expected a number from 1 to 1000, found 0",
                "config.retry.base_delay_ms: expected a number from 1 to retry.max_delay_ms (60000), found 90000",
            ]
        );
    }

    #[test]
    fn reviews_go_to_http_or_a_path_only() {
        for good in [
            "https://crm.example.com/api/qa/{review_id}",
            "HTTP://127.0.0.1:8080/api/reviews",
            "/api/reviews",
            "api/reviews",
            "//crm.example.com/qa",
            "/qa/a:b",
            "reviews?at=10:42",
        ] {
            assert!(is_http_target(good), "{good}");
        }
        for bad in [
            "",
            "  ",
            "javascript:alert(1)",
            "data:,x",
            "file:///etc/passwd",
            "ftp://x/y",
        ] {
            assert!(!is_http_target(bad), "{bad}");
        }
        let e = WidgetConfig::from_value(json!({"endpoint": "javascript:alert(1)"})).unwrap_err();
        assert_eq!(
            messages(&e),
            ["config.endpoint: expected an http(s) URL or a path, found \"javascript:alert(1)\""]
        );
        let mut c = WidgetConfig::from_value(json!({"endpoint": "/a"})).unwrap();
        let e = c.apply_query([("endpoint", "data:,x")]).unwrap_err();
        assert_eq!(
            messages(&e),
            ["query.endpoint: expected an http(s) URL or a path, found \"data:,x\""]
        );
        assert_eq!(c.endpoint.as_deref(), Some("/a"));
    }

    #[test]
    fn query_parameters_override_the_file() {
        let mut c =
            WidgetConfig::from_value(json!({"endpoint": "/a", "context": {"agent_id": "1"}}))
                .unwrap();
        c.apply_query([
            ("endpoint", "/b"),
            ("agent_id", "1024"),
            ("call_id", "C-88231"),
            ("context.queue", "vip"),
            ("lang", "en"),
            ("utm_source", "crm"),
            ("reviewer_id", "qc-07"),
        ])
        .unwrap();
        assert_eq!(c.endpoint.as_deref(), Some("/b"));
        assert_eq!(
            c.context,
            [
                ("agent_id", "1024"),
                ("call_id", "C-88231"),
                ("queue", "vip")
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), json!(v)))
            .collect::<IndexMap<_, _>>()
        );
        assert_eq!(c.lang.as_deref(), Some("en"));
        assert_eq!(c.reviewer.as_ref().map(|r| r.id.as_str()), Some("qc-07"));
        let e = c
            .apply_query([("method", "DELETE"), ("timeout_ms", "soon")])
            .unwrap_err();
        assert!(is_origin("http://127.0.0.1:4818") && is_origin("https://crm.example.com"));
        assert!(!is_origin("*") && !is_origin("https://crm.example.com/") && !is_origin("x.com"));
        assert_eq!(
            messages(&e),
            [
                "query.method: expected POST or PUT, found \"DELETE\"",
                "query.timeout_ms: expected a number of milliseconds, found \"soon\"",
            ]
        );
    }

    #[test]
    fn the_ui_language_is_lang_and_locale_is_another_name_for_it() {
        let lang = WidgetConfig::from_value(json!({"lang": "en"})).unwrap();
        let locale = WidgetConfig::from_value(json!({"locale": "en"})).unwrap();
        assert_eq!((lang.lang.as_deref(), &lang), (Some("en"), &locale));
        let e = WidgetConfig::from_value(json!({"language": "en"})).unwrap_err();
        assert_eq!(
            messages(&e),
            ["config.language: unknown setting; did you mean lang?"]
        );
    }

    #[test]
    fn named_settings_in_the_query_use_the_documents_names() {
        let mut c = WidgetConfig::from_value(json!({})).unwrap();
        c.apply_query([
            ("method", "put"),
            ("credentials", "include"),
            ("mode", "calibrate"),
        ])
        .unwrap();
        assert_eq!(
            (c.method, c.credentials, c.mode),
            (HttpMethod::Put, Credentials::Include, Mode::Calibrate)
        );
        let e = c
            .apply_query([("credentials", "Include"), ("mode", "inspector")])
            .unwrap_err();
        assert_eq!(
            messages(&e),
            [
                "query.credentials: expected omit, same-origin or include, found \"Include\"",
                "query.mode: expected inspect, quiz or calibrate, found \"inspector\"",
            ]
        );
    }
}
