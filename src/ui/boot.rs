//! The app's state: where its configuration comes from and what it booted into (the
//! start page, the problems of a configuration or rubric that cannot be used, or a
//! review session), with the host's context kept across boots. One reducer,
//! [`BootAction`] every way it changes; pure, and tested natively.

use std::rc::Rc;

use indexmap::IndexMap;
use serde_json::Value;

use super::i18n::{Key, Lang};
use super::session::Session;
use crate::config::{ConfigSource, WidgetConfig};

/// What the app shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    Loading,
    Start,
    Failed {
        heading: Key,
        source: String,
        problems: Vec<String>,
    },
    Inspect(Rc<Session>),
}

impl Screen {
    /// A screen of problems, with the heading that says what could not be used.
    pub fn failed(heading: Key, source: &str, problems: Vec<String>) -> Screen {
        Screen::Failed {
            heading,
            source: source.to_owned(),
            problems,
        }
    }
}

/// The app's state: the source, and what it booted into.
#[derive(Debug, Clone, PartialEq)]
pub struct Boot {
    pub source: ConfigSource,
    /// Bumped when the source changes, so a late result of an older boot is dropped.
    pub generation: u32,
    pub config: Rc<WidgetConfig>,
    pub lang: Lang,
    pub screen: Screen,
    /// The configuration's own context (config file, config object), under the host's.
    base_context: IndexMap<String, Value>,
    /// The host's context from its last command since the source was set: it replaces
    /// the one the source came with, and a boot still in flight, configured before it,
    /// gets it on arrival.
    host_context: Option<IndexMap<String, Value>>,
}

/// Every way the app's state changes.
#[derive(Debug, Clone, PartialEq)]
pub enum BootAction {
    /// A boot of this generation finished.
    Booted { generation: u32, booted: Booted },
    /// The host changed the configuration (or the page its query): boot again.
    Source { source: ConfigSource },
    /// The host gave a new context (a new call): the same rubric, a new review.
    Context { context: IndexMap<String, Value> },
}

/// What a boot brings: the configuration (the host's context in it), the
/// configuration's own context, the language and the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Booted {
    pub config: Rc<WidgetConfig>,
    pub base_context: IndexMap<String, Value>,
    pub lang: Lang,
    pub screen: Screen,
}

impl Boot {
    /// Loading `source`, in the browser's language until the configuration says.
    pub fn new(source: ConfigSource, lang: Lang) -> Boot {
        Boot {
            source,
            generation: 0,
            config: Rc::new(WidgetConfig::default()),
            lang,
            screen: Screen::Loading,
            base_context: IndexMap::new(),
            host_context: None,
        }
    }

    /// `config` with the host's latest context over the configuration's own, and the
    /// screen's session with it.
    fn with_context(&mut self, config: Rc<WidgetConfig>) {
        let Some(host) = &self.host_context else {
            self.config = config;
            return;
        };
        let mut config = (*config).clone();
        config.context = self.base_context.clone();
        config.context.extend(host.clone());
        let config = Rc::new(config);
        if let Screen::Inspect(session) = &self.screen {
            self.screen = Screen::Inspect(Rc::new(session.with_config(config.clone())));
        }
        self.config = config;
    }

    /// The state after `action`.
    pub fn apply(&self, action: BootAction) -> Boot {
        let mut next = self.clone();
        match action {
            BootAction::Booted { generation, booted } if generation == self.generation => {
                (next.lang, next.screen) = (booted.lang, booted.screen);
                next.base_context = booted.base_context;
                next.with_context(booted.config);
            }
            BootAction::Booted { .. } => {}
            BootAction::Source { source } => {
                // A script's new source carries the host's context (the script keeps
                // it); a page's does not, so the parent frame's last one is kept.
                if let ConfigSource::Embed(_) = source {
                    next.host_context = None;
                }
                next.source = source;
                next.generation += 1;
                next.screen = Screen::Loading;
            }
            BootAction::Context { context } => {
                next.host_context = Some(context);
                next.with_context(self.config.clone());
            }
        }
        next
    }
}

#[cfg(target_arch = "wasm32")]
impl yew::Reducible for Boot {
    type Action = BootAction;

    fn reduce(self: Rc<Self>, action: BootAction) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn context(value: Value) -> IndexMap<String, Value> {
        serde_json::from_value(value).unwrap_or_default()
    }

    fn booted(config: Value) -> Booted {
        let config = WidgetConfig::from_value(config).unwrap_or_default();
        Booted {
            base_context: config.context.clone(),
            config: Rc::new(config),
            lang: Lang::En,
            screen: Screen::Start,
        }
    }

    #[test]
    fn a_context_given_while_booting_replaces_the_one_the_boot_brings() {
        let boot = Boot::new(ConfigSource::Page(Default::default()), Lang::ZhCn);
        let asked = boot.apply(BootAction::Context {
            context: context(json!({"call_id": "C-2"})),
        });
        let config = json!({"context": {"queue": "vip", "call_id": "C-1"}});
        let done = asked.apply(BootAction::Booted {
            generation: 0,
            booted: booted(config),
        });
        assert_eq!((done.lang, &done.screen), (Lang::En, &Screen::Start));
        assert_eq!(
            serde_json::to_value(&done.config.context).unwrap_or_default(),
            json!({"queue": "vip", "call_id": "C-2"})
        );
        let next_call = done.apply(BootAction::Context {
            context: context(json!({"agent_id": "7"})),
        });
        assert_eq!(
            serde_json::to_value(&next_call.config.context).unwrap_or_default(),
            json!({"queue": "vip", "call_id": "C-1", "agent_id": "7"}),
            "a new context replaces the host's, over the configuration's own"
        );
    }

    #[test]
    fn a_late_boot_of_an_older_source_is_dropped() {
        let boot = Boot::new(ConfigSource::Page(Default::default()), Lang::En);
        let again = boot.apply(BootAction::Source {
            source: ConfigSource::Page(Default::default()),
        });
        assert_eq!((again.generation, &again.screen), (1, &Screen::Loading));
        let late = again.apply(BootAction::Booted {
            generation: 0,
            booted: booted(json!({})),
        });
        assert_eq!(late, again);
    }

    #[test]
    fn a_parent_s_new_config_keeps_its_last_context_and_a_script_s_brings_its_own() {
        let boot = Boot::new(ConfigSource::Page(Default::default()), Lang::En);
        let next_call = boot.apply(BootAction::Context {
            context: context(json!({"call_id": "C-2"})),
        });
        // A fresh token from the parent frame: the same call, over the page's config.
        let token = json!({"headers": {"Authorization": "Bearer t"}});
        let source = ConfigSource::Page(serde_json::from_value(token).unwrap_or_default());
        let renewed = next_call.apply(BootAction::Source { source });
        let done = renewed.apply(BootAction::Booted {
            generation: 1,
            booted: booted(json!({"context": {"call_id": "C-1"}})),
        });
        assert_eq!(
            serde_json::to_value(&done.config.context).unwrap_or_default(),
            json!({"call_id": "C-2"})
        );
        // A script's new source carries the context it keeps.
        let embed = ConfigSource::Embed(crate::config::Embed::default());
        let scripted = done.apply(BootAction::Source { source: embed });
        let done = scripted.apply(BootAction::Booted {
            generation: 2,
            booted: booted(json!({"context": {"call_id": "C-9"}})),
        });
        assert_eq!(
            serde_json::to_value(&done.config.context).unwrap_or_default(),
            json!({"call_id": "C-9"})
        );
    }
}
