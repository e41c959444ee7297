//! The start page: the sample rubrics that ship with the widget, and a way to open
//! one's own rubric by pasting it or choosing a file (checked before it is used).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use yew::prelude::*;

use crate::transport::http::fetch_text;
use crate::ui::dom::on_text;
use crate::ui::dom::{session_item, set_session_item};
use crate::ui::hooks::{Sample, use_samples};
use crate::ui::i18n::{Key, Lang, t};

/// The paste box's text, in sessionStorage.
const PASTED_KEY: &str = "rubric-widget:pasted-rubric";

/// The two other workflows, on a sample: a trainee's quiz (one minute a question) and
/// an inspector's calibration against the expert's review of the same call.
const WORKFLOWS: [(&str, Key, Key, &str); 2] = [
    (
        "quiz",
        Key::QuizDemo,
        Key::QuizDemoDetail,
        "rubric=rubrics/trainee-quiz-phrases.json&mode=quiz&time_limit_s=420&shuffle=true",
    ),
    (
        "calibrate",
        Key::CalibrationDemo,
        Key::CalibrationDemoDetail,
        "rubric=rubrics/cc-qc-standard.json&mode=calibrate&reference=calibration/cc-qc-standard.expert.review.json&call_id=C-88231&agent_id=1024",
    ),
];

#[derive(Properties, PartialEq)]
pub struct StartProps {
    pub lang: Lang,
    /// Open a rubric given as text.
    pub on_open: Callback<String>,
    /// Inside a host's page: a sample opens in place instead of by navigating.
    #[prop_or_default]
    pub embedded: bool,
}

/// A file chosen in the picker, read as text and opened.
fn on_file(on_open: Callback<String>) -> Callback<Event> {
    Callback::from(move |e: Event| {
        let file = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            let on_open = on_open.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(text) = JsFuture::from(file.text()).await
                    && let Some(text) = text.as_string()
                {
                    on_open.emit(text);
                }
            });
        }
    })
}

#[function_component(Start)]
pub fn start(props: &StartProps) -> Html {
    let lang = props.lang;
    let samples = use_samples(lang);
    // What is typed or pasted in the box is kept for the tab: back from a rubric's
    // problems (or after a reload) it is still there to correct.
    let pasted = use_state(|| session_item(PASTED_KEY).unwrap_or_default());
    let on_paste = {
        let pasted = pasted.clone();
        on_text(move |text: String| {
            // Kept on screen even where the tab may not store it.
            set_session_item(PASTED_KEY, &text);
            pasted.set(text)
        })
    };
    let open_pasted = {
        let (pasted, on_open) = (pasted.clone(), props.on_open.clone());
        Callback::from(move |_| on_open.emit((*pasted).clone()))
    };
    html! {
        <section class="start">
            <h1>{ t(lang, Key::StartTitle) }</h1>
            <p class="description">{ t(lang, Key::StartIntro) }</p>
            <h2>{ t(lang, Key::Samples) }</h2>
            if samples.is_empty() {
                <p class="status" role="status">{ t(lang, Key::Loading) }</p>
            } else {
                { sample_list(&samples, props) }
            }
            if !props.embedded { { workflows(lang) } }
            <h2>{ t(lang, Key::OwnRubric) }</h2>
            <div class="own">
                <textarea rows="6" placeholder={t(lang, Key::PasteHint)} aria-label={t(lang, Key::PasteHint)}
                          value={(*pasted).clone()} oninput={on_paste} data-testid="paste-rubric" />
                <div class="own-actions">
                    <button type="button" class="primary" disabled={pasted.trim().is_empty()} onclick={open_pasted}
                            data-testid="open-pasted">{ t(lang, Key::OpenPasted) }</button>
                    <label class="file secondary">
                        { t(lang, Key::PickFile) }
                        <input type="file" accept="application/json,.json" onchange={on_file(props.on_open.clone())} data-testid="pick-rubric" />
                    </label>
                </div>
            </div>
        </section>
    }
}

/// The samples, each a link; inside a host's page one opens in place instead.
fn sample_list(samples: &[Sample], props: &StartProps) -> Html {
    let lang = props.lang;
    html! {
        <ul class="samples">
            { for samples.iter().map(|s| {
                let onclick = {
                    let (on_open, url, embedded) = (props.on_open.clone(), s.url, props.embedded);
                    Callback::from(move |e: MouseEvent| {
                        if embedded {
                            e.prevent_default();
                            let on_open = on_open.clone();
                            wasm_bindgen_futures::spawn_local(async move {
                                if let Ok(text) = fetch_text(url).await {
                                    on_open.emit(text);
                                }
                            });
                        }
                    })
                };
                html! {
                    <li>
                        <a href={format!("?rubric={}&lang={}", s.url, lang.tag())}
                           data-testid={format!("sample-{}", s.url)} {onclick}>
                            <span class="sample-title">{ &s.title }</span>
                            <span class="sample-detail">{ &s.detail }</span>
                        </a>
                    </li>
                }
            }) }
        </ul>
    }
}

/// The two training workflows, on a sample.
fn workflows(lang: Lang) -> Html {
    html! {
        <>
            <h2>{ t(lang, Key::Workflows) }</h2>
            <ul class="samples">
                { for WORKFLOWS.iter().map(|(id, title, detail, query)| html! {
                    <li>
                        <a href={format!("?{query}&lang={}", lang.tag())} data-testid={format!("workflow-{id}")}>
                            <span class="sample-title">{ t(lang, *title) }</span>
                            <span class="sample-detail">{ t(lang, *detail) }</span>
                        </a>
                    </li>
                }) }
            </ul>
        </>
    }
}
