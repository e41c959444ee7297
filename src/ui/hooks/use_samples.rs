use std::rc::Rc;

use yew::prelude::*;

use crate::core::Rubric;
use crate::transport::http::fetch_text;
use crate::ui::i18n::{Lang, Msg, msg};

/// The rubrics that ship with the widget (trunk copies them into `rubrics/`).
pub const SAMPLES: [&str; 3] = [
    "rubrics/cc-qc-standard.json",
    "rubrics/support-qa-weighted.json",
    "rubrics/trainee-quiz-phrases.json",
];

/// A sample as the start page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub url: &'static str,
    pub title: String,
    pub detail: String,
}

/// The sample rubrics' titles and details, fetched once (each links to its URL even
/// when it cannot be read).
#[hook]
pub fn use_samples(lang: Lang) -> Rc<Vec<Sample>> {
    let samples = use_state(|| Rc::new(Vec::new()));
    {
        let samples = samples.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let mut out = Vec::new();
                for url in SAMPLES {
                    let text = fetch_text(url).await.ok();
                    out.push(sample(
                        url,
                        text.and_then(|t| Rubric::from_json(&t).ok()),
                        lang,
                    ));
                }
                samples.set(Rc::new(out));
            });
        });
    }
    (*samples).clone()
}

fn sample(url: &'static str, rubric: Option<Rubric>, lang: Lang) -> Sample {
    match rubric {
        Some(r) => Sample {
            url,
            title: r.text(&r.title, Some(lang.tag())).to_owned(),
            detail: format!(
                "{} · {} · {}",
                msg(lang, Msg::Method(r.scoring.method)),
                msg(lang, Msg::Items(r.items().count())),
                r.id
            ),
        },
        None => Sample {
            url,
            title: url.to_owned(),
            detail: String::new(),
        },
    }
}
