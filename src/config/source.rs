//! Where a widget's configuration comes from, and how the layers are put together: a
//! config file, a config object over it field by field, then the page's query
//! parameters or the element's attributes, then the host's context.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::widget::WidgetConfig;
use crate::core::error::{JsonPath, Problem, Problems, describe};

/// Where the configuration comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigSource {
    /// The widget is the page: a config file and the query parameters, with an
    /// object over the file that a parent frame sent (`set-config`: a fresh access
    /// token, say; empty until then).
    Page(Map<String, Value>),
    /// Mounted by the embedding script.
    Embed(Embed),
}

/// What the embedding script passes: a config file's URL, a config object over it,
/// the element's attributes over that (`rubric`, `endpoint`, `lang`, `mode`, … as the
/// query parameters of a page), and the host's context.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Embed {
    pub config_url: Option<String>,
    pub config: Map<String, Value>,
    pub attributes: Vec<(String, String)>,
    pub context: IndexMap<String, Value>,
}

impl Embed {
    /// From the script's options: `{configUrl, config, attributes, context}`; a problem
    /// names the option.
    pub fn from_json(value: &Value) -> Result<Embed, Problems> {
        let object = |key: &str| -> Result<Map<String, Value>, Problems> {
            match value.get(key) {
                None | Some(Value::Null) => Ok(Map::new()),
                Some(Value::Object(map)) => Ok(map.clone()),
                Some(other) => Err(invalid(key, "an object", other)),
            }
        };
        let config_url = match value.get("configUrl") {
            None | Some(Value::Null) => None,
            Some(Value::String(url)) => Some(url.clone()).filter(|u| !u.is_empty()),
            Some(other) => return Err(invalid("configUrl", "a URL", other)),
        };
        let attributes = object("attributes")?
            .into_iter()
            .filter_map(|(k, v)| match v {
                Value::String(s) if !s.is_empty() => Some((k, s)),
                Value::Number(n) => Some((k, n.to_string())),
                _ => None,
            })
            .collect();
        Ok(Embed {
            config_url,
            config: object("config")?,
            attributes,
            context: object("context")?.into_iter().collect(),
        })
    }

    /// The value of an attribute, if it is set.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The same, opening `rubric` instead (e.g. `inline`, a rubric pasted in the tab).
    pub fn with_rubric(&self, rubric: &str) -> Embed {
        let mut embed = self.clone();
        embed.attributes.retain(|(k, _)| k != "rubric");
        embed.attributes.push(("rubric".into(), rubric.into()));
        embed
    }
}

fn invalid(key: &str, expected: &str, found: &Value) -> Problems {
    Problems::one(Problem::invalid(
        JsonPath::field(key),
        expected,
        describe(found),
    ))
}

/// The layers of one configuration, each over the one before.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layers {
    /// The config file's object.
    pub file: Map<String, Value>,
    /// The config object (the script's `config`), over the file field by field; its
    /// `context` over the file's key by key.
    pub object: Map<String, Value>,
    /// The page's query parameters or the element's attributes.
    pub overrides: Vec<(String, String)>,
    /// The host's context, over everything else's.
    pub context: IndexMap<String, Value>,
}

impl Layers {
    /// The configuration, and the configuration's own context (from the file and the
    /// object, under the host's): a new context from the host replaces the host's
    /// part and keeps this one.
    pub fn resolve(self) -> Result<(WidgetConfig, IndexMap<String, Value>), Problems> {
        let mut merged = self.file;
        for (key, value) in self.object {
            match (merged.get_mut(&key), value) {
                (Some(Value::Object(base)), Value::Object(extra)) if key == "context" => {
                    base.extend(extra)
                }
                (_, value) => {
                    merged.insert(key, value);
                }
            }
        }
        let mut config = WidgetConfig::from_value(Value::Object(merged))?;
        let base_context = config.context.clone();
        config.apply_query(self.overrides.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
        config.context.extend(self.context);
        Ok((config, base_context))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn the_scripts_options_are_read_and_a_bad_one_is_named() {
        let embed = Embed::from_json(&json!({
            "configUrl": "", "config": {"lang": "en"}, "context": {"call_id": "C-1"},
            "attributes": {"rubric": "/r.json", "mode": "", "time_limit_s": 60}
        }))
        .unwrap();
        assert_eq!(embed.config_url, None);
        assert_eq!(embed.attribute("rubric"), Some("/r.json"));
        assert_eq!(embed.attribute("mode"), None);
        assert_eq!(embed.attribute("time_limit_s"), Some("60"));
        assert_eq!(
            embed.with_rubric("inline").attribute("rubric"),
            Some("inline")
        );
        let e = Embed::from_json(&json!({"context": "C-1"})).unwrap_err();
        assert_eq!(e.to_string(), "context: expected an object, found \"C-1\"");
        let e = Embed::from_json(&json!({"configUrl": 5})).unwrap_err();
        assert_eq!(e.to_string(), "configUrl: expected a URL, found 5");
    }

    #[test]
    fn each_layer_goes_over_the_one_before() {
        let layers = Layers {
            file: map(
                json!({"endpoint": "/a", "lang": "zh-CN", "context": {"queue": "vip", "agent_id": "1"}}),
            ),
            object: map(json!({"endpoint": "/b", "context": {"agent_id": "2"}})),
            overrides: vec![("lang".into(), "en".into())],
            context: map(json!({"call_id": "C-9"})).into_iter().collect(),
        };
        let (config, base) = layers.resolve().unwrap();
        assert_eq!(
            (config.endpoint.as_deref(), config.lang.as_deref()),
            (Some("/b"), Some("en"))
        );
        assert_eq!(
            serde_json::to_value(&config.context).unwrap(),
            json!({"queue": "vip", "agent_id": "2", "call_id": "C-9"})
        );
        assert_eq!(
            serde_json::to_value(&base).unwrap(),
            json!({"queue": "vip", "agent_id": "2"})
        );
        let bad = Layers {
            object: map(json!({"loacle": "en"})),
            ..Layers::default()
        };
        assert_eq!(
            bad.resolve().unwrap_err().to_string(),
            "config.loacle: unknown setting; did you mean lang?"
        );
    }
}
