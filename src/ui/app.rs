//! The app's root: load a rubric and example answers, show the score the core computes.
//!
//! `?rubric=<url>` picks the rubric (default: the call-center sample), `?answers=<url>`
//! the answers to score (default: its typical example), `?lang=zh-CN|en` the UI language.

use std::rc::Rc;

use yew::prelude::*;

use super::fetch::fetch_text;
use super::i18n::{Key, Lang, t};
use crate::core::{Answers, Problems, Score, Scorer};

const DEFAULT_RUBRIC: &str = "rubrics/cc-qc-standard.json";
const DEFAULT_ANSWERS: &str = "rubrics/examples/cc-qc-standard.typical.answers.json";

/// Where the page asked to load from.
#[derive(Debug, Clone, PartialEq)]
struct Query {
    rubric: String,
    answers: String,
    lang: Lang,
}

impl Query {
    fn from_page() -> Query {
        let window = web_sys::window();
        let params = window
            .as_ref()
            .and_then(|w| w.location().search().ok())
            .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok());
        let get = |name: &str| {
            params
                .as_ref()
                .and_then(|p| p.get(name))
                .filter(|v| !v.is_empty())
        };
        let browser = window.and_then(|w| w.navigator().language());
        Query {
            rubric: get("rubric").unwrap_or_else(|| DEFAULT_RUBRIC.into()),
            answers: get("answers").unwrap_or_else(|| DEFAULT_ANSWERS.into()),
            lang: Lang::pick(get("lang").as_deref(), browser.as_deref()),
        }
    }
}

/// A loaded rubric with its scored example.
#[derive(Debug)]
struct Loaded {
    scorer: Scorer,
    score: Score,
}

#[derive(Debug, Clone)]
enum Load {
    Loading,
    Ready(Rc<Loaded>),
    /// The heading, the URL, and every problem.
    Failed(Key, String, Vec<String>),
}

async fn load(query: &Query) -> Load {
    let text = match fetch_text(&query.rubric).await {
        Ok(text) => text,
        Err(message) => return Load::Failed(Key::LoadFailed, query.rubric.clone(), vec![message]),
    };
    let scorer = match Scorer::from_json(&text) {
        Ok(scorer) => scorer,
        Err(problems) => return failed(Key::RubricInvalid, &query.rubric, &problems),
    };
    let answers = match fetch_text(&query.answers).await {
        Ok(text) => text,
        Err(message) => return Load::Failed(Key::LoadFailed, query.answers.clone(), vec![message]),
    };
    match Answers::from_json(&answers).and_then(|a| scorer.score(&a)) {
        Ok(score) => Load::Ready(Rc::new(Loaded { scorer, score })),
        Err(problems) => failed(Key::AnswersInvalid, &query.answers, &problems),
    }
}

fn failed(key: Key, url: &str, problems: &Problems) -> Load {
    Load::Failed(
        key,
        url.to_owned(),
        problems.iter().map(ToString::to_string).collect(),
    )
}

#[function_component(App)]
pub fn app() -> Html {
    let query = use_memo((), |_| Query::from_page());
    let state = use_state(|| Load::Loading);
    {
        let state = state.clone();
        let query = query.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                state.set(load(&query).await);
            });
        });
    }
    let lang = query.lang;
    let body = match &*state {
        Load::Loading => html! { <p class="status" role="status">{ t(lang, Key::Loading) }</p> },
        Load::Failed(key, url, problems) => html! {
            <section class="problems" role="alert">
                <h1>{ t(lang, *key) }</h1>
                <p class="source"><code>{ url }</code></p>
                <ul>{ for problems.iter().map(|p| html! { <li><code>{ p }</code></li> }) }</ul>
            </section>
        },
        Load::Ready(loaded) => html! { <ScoreView loaded={loaded.clone()} {lang} /> },
    };
    html! { <main class="rubric-widget">{ body }</main> }
}

#[derive(Properties)]
struct ScoreViewProps {
    loaded: Rc<Loaded>,
    lang: Lang,
}

impl PartialEq for ScoreViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.loaded, &other.loaded) && self.lang == other.lang
    }
}

#[function_component(ScoreView)]
fn score_view(props: &ScoreViewProps) -> Html {
    let lang = props.lang;
    let rubric = props.loaded.scorer.rubric();
    let score = &props.loaded.score;
    let text = |t: &crate::core::Text| rubric.text(t, Some(lang.tag())).to_owned();
    let precision = usize::from(rubric.scoring.precision());
    let number = |x: Option<f64>| x.map_or_else(|| "—".to_owned(), |x| format!("{x:.precision$}"));
    // The score names the grade in the rubric's locale; show the same band in the UI's.
    let grade = score
        .total
        .and_then(|total| rubric.scoring.band(total, score.fatal))
        .map_or_else(|| "—".to_owned(), |band| text(&band.label));
    let verdict = match score.passed {
        Some(true) => html! { <span class="badge pass">{ t(lang, Key::Passed) }</span> },
        Some(false) => html! { <span class="badge fail">{ t(lang, Key::Failed) }</span> },
        None => html! {},
    };
    html! {
        <>
            <header>
                <h1>{ text(&rubric.title) }</h1>
                if let Some(d) = &rubric.description { <p class="description">{ text(d) }</p> }
                <p class="meta">
                    <code>{ format!("{} · {}", rubric.id, rubric.version) }</code>
                    { format!(" · {}: {}", t(lang, Key::Method), rubric.scoring.method.as_str()) }
                    { format!(" · {}", t(lang, Key::ExampleAnswers)) }
                </p>
            </header>
            if score.fatal { <p class="banner fatal" role="alert">{ t(lang, Key::Fatal) }</p> }
            <section class="summary" aria-label={ t(lang, Key::Total) }>
                <div class="total">
                    <span class="label">{ t(lang, Key::Total) }</span>
                    <span class="value" data-testid="total">{ number(score.total) }</span>
                    <span class="max">{ format!("/ {}", number(Some(score.max))) }</span>
                </div>
                <div><span class="label">{ t(lang, Key::Percent) }</span>
                    <span class="value">{ format!("{} %", number(score.percent)) }</span></div>
                <div><span class="label">{ t(lang, Key::Grade) }</span>
                    <span class="value" data-testid="grade">{ grade }</span></div>
                <div>{ verdict }</div>
            </section>
            <table class="sections">
                <thead><tr><th>{ t(lang, Key::Section) }</th><th class="num">{ t(lang, Key::Score) }</th></tr></thead>
                <tbody>
                    { for rubric.sections.iter().zip(&score.sections).map(|(section, s)| html! {
                        <tr class={ classes!(s.fatal.then_some("fatal")) }>
                            <td>{ text(&section.title) }</td>
                            <td class="num">{
                                if s.applicable { format!("{} / {}", number(s.score), number(Some(s.max))) }
                                else { t(lang, Key::NotApplicable).to_owned() }
                            }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if score.complete {
                <p class="complete">{ t(lang, Key::Complete) }</p>
            } else {
                <p class="missing">{ format!("{}: {}", t(lang, Key::Missing),
                    score.missing.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")) }</p>
            }
        </>
    }
}
