//! Booting: read the configuration from its source (fetching a config file), load
//! the rubric it names and, to calibrate, the expert's review — or the screen that
//! says what could not be used, and where.

use std::rc::Rc;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::boot::{Booted, Screen};
use super::dom::session_item;
use super::i18n::{Key, Lang};
use super::page::{INLINE_KEY, query};
use super::session::Session;
use crate::config::source::Layers;
use crate::config::{ConfigSource, DocumentSource, WidgetConfig};
use crate::core::{Mode, Problems, Review, RubricRef, Scorer};
use crate::transport::http::fetch_text;

/// A screen listing `problems` under `heading`.
fn problems(heading: Key, source: &str) -> impl Fn(Problems) -> Screen + '_ {
    move |p| Screen::failed(heading, source, p.iter().map(ToString::to_string).collect())
}

/// A config file's JSON object.
async fn config_file(url: &str) -> Result<Map<String, Value>, Screen> {
    let text = fetch_text(url)
        .await
        .map_err(|e| Screen::failed(Key::LoadFailed, url, vec![e.to_string()]))?;
    match crate::core::error::parse_json(&text).map_err(problems(Key::ConfigInvalid, url))? {
        Value::Object(map) => Ok(map),
        other => Err(Screen::failed(
            Key::ConfigInvalid,
            url,
            vec![format!("config: expected an object, found {other}")],
        )),
    }
}

/// The page's config file: `?config=<url>`, else `config.json` beside the page when
/// there is one (a dev server answering with the page itself has none; a config file
/// that is JSON must be valid).
async fn page_config_file(params: &[(String, String)]) -> Result<Map<String, Value>, Screen> {
    match params.iter().find(|(k, _)| k == "config") {
        Some((_, url)) => config_file(url).await,
        None => match fetch_text("config.json").await {
            Ok(text) if text.trim_start().starts_with('{') => config_file("config.json").await,
            _ => Ok(Map::new()),
        },
    }
}

/// The configuration a source describes, and the configuration's own context.
async fn configure(
    source: &ConfigSource,
) -> Result<(WidgetConfig, IndexMap<String, Value>), Screen> {
    let layers = match source {
        ConfigSource::Page(object) => {
            let params = query();
            Layers {
                file: page_config_file(&params).await?,
                object: object.clone(),
                overrides: params.into_iter().filter(|(k, _)| k != "config").collect(),
                ..Layers::default()
            }
        }
        ConfigSource::Embed(embed) => Layers {
            file: match &embed.config_url {
                Some(url) => config_file(url).await?,
                None => Map::new(),
            },
            object: embed.config.clone(),
            overrides: embed.attributes.clone(),
            context: embed.context.clone(),
        },
    };
    layers
        .resolve()
        .map_err(problems(Key::ConfigInvalid, "config"))
}

/// A document's text and where it came from (what the problems' screen names);
/// `inline_name` for a document given inline.
async fn document(source: &DocumentSource, inline_name: &str) -> Result<(String, String), Screen> {
    match source {
        DocumentSource::Inline(value) => Ok((inline_name.to_owned(), value.to_string())),
        DocumentSource::Url(url) => match fetch_text(url).await {
            Ok(text) => Ok((url.clone(), text)),
            Err(e) => Err(Screen::failed(Key::LoadFailed, url, vec![e.to_string()])),
        },
    }
}

/// The rubric's text: a document, or `inline` for the one last opened in this tab.
async fn rubric_text(source: &DocumentSource) -> Result<(String, String), Screen> {
    match source {
        DocumentSource::Url(url) if url == "inline" => match session_item(INLINE_KEY) {
            Some(text) => Ok(("inline".to_owned(), text)),
            None => {
                let message = "inline: no rubric was opened in this tab".to_owned();
                Err(Screen::failed(Key::LoadFailed, "inline", vec![message]))
            }
        },
        other => document(other, "config.rubric").await,
    }
}

/// The rubric the configuration names, compiled, as a session; or the start page.
async fn open_rubric(config: &Rc<WidgetConfig>, lang: Lang) -> Screen {
    let Some(rubric) = &config.rubric else {
        return Screen::Start;
    };
    let (source, text) = match rubric_text(rubric).await {
        Ok(found) => found,
        Err(screen) => return screen,
    };
    let scorer = match Scorer::from_json(&text) {
        Ok(scorer) => scorer,
        Err(p) => return problems(Key::RubricInvalid, &source)(p),
    };
    let rubric = RubricRef::new(scorer.rubric(), &text);
    let reference = match config.mode {
        Mode::Calibrate => match reference(config, &rubric).await {
            Ok(review) => Some(Rc::new(review)),
            Err(screen) => return screen,
        },
        _ => None,
    };
    Screen::Inspect(Rc::new(Session {
        scorer: Rc::new(scorer),
        rubric,
        config: config.clone(),
        lang,
        reference,
    }))
}

/// Calibration mode: the expert's review the configuration names, for this rubric.
async fn reference(config: &WidgetConfig, rubric: &RubricRef) -> Result<Review, Screen> {
    let Some(named) = &config.reference else {
        let message =
            "calibration needs the expert's review: set config.reference (or ?reference=<url>)";
        return Err(Screen::failed(
            Key::ReferenceInvalid,
            "config.reference",
            vec![message.to_owned()],
        ));
    };
    let (source, text) = document(named, "config.reference").await?;
    let review = Review::from_json(&text).map_err(problems(Key::ReferenceInvalid, &source))?;
    if review.rubric.id != rubric.id || review.rubric.version != rubric.version {
        let message = format!(
            "rubric: expected {}@{}, found {}@{}",
            rubric.id, rubric.version, review.rubric.id, review.rubric.version
        );
        return Err(Screen::failed(
            Key::ReferenceInvalid,
            &source,
            vec![message],
        ));
    }
    Ok(review)
}

/// The language a source asks for, when its configuration cannot be read.
fn asked_lang(source: &ConfigSource) -> Option<String> {
    match source {
        ConfigSource::Page(_) => query()
            .into_iter()
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v),
        ConfigSource::Embed(e) => e.attribute("lang").map(str::to_owned),
    }
}

/// Boot a source: its configuration, its language, its screen.
pub async fn boot(source: &ConfigSource, browser: Option<&str>) -> Booted {
    match configure(source).await {
        Ok((config, base_context)) => {
            let lang = Lang::pick(config.lang.as_deref(), browser);
            let config = Rc::new(config);
            let screen = open_rubric(&config, lang).await;
            Booted {
                config,
                base_context,
                lang,
                screen,
            }
        }
        Err(screen) => Booted {
            config: Rc::new(WidgetConfig::default()),
            base_context: IndexMap::new(),
            lang: Lang::pick(asked_lang(source).as_deref(), browser),
            screen,
        },
    }
}
