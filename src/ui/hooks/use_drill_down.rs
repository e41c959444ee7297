use std::rc::Rc;

use yew::prelude::*;

use crate::core::{Review, Scorer};
use crate::ui::report::fetch::{get, get_json};
use crate::ui::report::filters::encode;
use crate::ui::report::state::{Action, Console, Failure, Listed, Load, Opened};

#[derive(serde::Deserialize)]
struct Page {
    reviews: Vec<Listed>,
}

/// The drill-down: the chosen agent's reviews of the period, then the one opened,
/// with the rubric version it names.
#[hook]
pub fn use_drill_down(state: &UseReducerHandle<Console>) {
    let dispatch = state.dispatcher();
    let agent = state.drill.as_ref().map(|(a, _)| a.clone());
    let range = match &state.reports {
        Load::Ready(r) => Some(r.range.clone()),
        _ => None,
    };
    let (filters, token) = (state.filters.clone(), state.token.clone());
    use_effect_with((agent, range), move |(agent, range)| {
        if let (Some(agent), Some(range)) = (agent.clone(), range.clone()) {
            wasm_bindgen_futures::spawn_local(async move {
                let url = filters.reviews_url(&range, &agent);
                let page = get_json::<Page>(&url, token.as_deref()).await;
                dispatch.dispatch(Action::Listed(
                    agent,
                    match page {
                        Ok(page) => Load::Ready(page.reviews),
                        Err(failure) => Load::Failed(failure),
                    },
                ));
            });
        }
    });
    let dispatch = state.dispatcher();
    let token = state.token.clone();
    let opened = state.opened.as_ref().map(|(id, _)| id.clone());
    use_effect_with(opened, move |id| {
        if let Some(id) = id.clone() {
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = open(&id, token.as_deref()).await;
                dispatch.dispatch(Action::Opened(
                    id,
                    match loaded {
                        Ok(opened) => Load::Ready(Rc::new(opened)),
                        Err(failure) => Load::Failed(failure),
                    },
                ));
            });
        }
    });
}

async fn open(id: &str, token: Option<&str>) -> Result<Opened, Failure> {
    let text = get(&format!("api/reviews/{}", encode(id)), token).await?;
    let invalid = |what: &str, problems: crate::core::Problems| Failure {
        status: None,
        message: format!("{what}: {problems}"),
    };
    let review = Review::from_json(&text).map_err(|p| invalid("the review", p))?;
    let url = format!(
        "api/rubrics/{}?version={}",
        encode(review.rubric.id.as_str()),
        encode(&review.rubric.version)
    );
    let rubric = get(&url, token).await?;
    let scorer = Scorer::from_json(&rubric).map_err(|p| invalid("its rubric", p))?;
    Ok(Opened {
        review,
        scorer: Rc::new(scorer),
        text: rubric,
    })
}
