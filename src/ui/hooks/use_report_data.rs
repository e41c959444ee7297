use std::rc::Rc;

use yew::prelude::*;

use crate::core::Scorer;
use crate::ui::report::fetch::get_json;
use crate::ui::report::filters::encode;
use crate::ui::report::state::{Action, Console, Facets, Failure, Load, Reports};

/// Load what the console shows: the rubrics (when not yet there, or after a sign-in),
/// the filters' choices, the chosen rubric's newest version, and the period's and
/// the previous period's reports whenever the filters change.
#[hook]
pub fn use_report_data(state: &UseReducerHandle<Console>) {
    let token = state.token.clone();
    let dispatch = state.dispatcher();
    let loading = state.rubrics == Load::Loading;
    use_effect_with((token.clone(), loading), move |(token, loading)| {
        if *loading {
            let token = token.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let rubrics = get_json("api/rubrics", token.as_deref()).await;
                dispatch.dispatch(Action::Rubrics(match rubrics {
                    Ok(list) => Load::Ready(list),
                    Err(failure) => Load::Failed(failure),
                }));
                let facets = get_json::<Facets>("api/stats/facets", token.as_deref()).await;
                dispatch.dispatch(Action::Facets(facets.unwrap_or_default()));
            });
        }
    });
    use_scorer(state);
    use_reports(state);
}

#[hook]
fn use_scorer(state: &UseReducerHandle<Console>) {
    let dispatch = state.dispatcher();
    let token = state.token.clone();
    use_effect_with(
        (state.filters.rubric.clone(), token.clone()),
        move |(id, _)| {
            let id = id.clone();
            if !id.is_empty() {
                wasm_bindgen_futures::spawn_local(async move {
                    let url = format!("api/rubrics/{}", encode(&id));
                    let text = crate::ui::report::fetch::get(&url, token.as_deref()).await;
                    // Without it the report still shows, with item ids for titles.
                    if let Ok(Ok(scorer)) = text.map(|t| Scorer::from_json(&t)) {
                        dispatch.dispatch(Action::Scorer(id, Rc::new(scorer)));
                    }
                });
            }
        },
    );
}

#[hook]
fn use_reports(state: &UseReducerHandle<Console>) {
    let dispatch = state.dispatcher();
    let (filters, token) = (state.filters.clone(), state.token.clone());
    use_effect_with(state.generation, move |generation| {
        let generation = *generation;
        if !filters.rubric.is_empty() {
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = load_reports(&filters, token.as_deref()).await;
                dispatch.dispatch(Action::Reports(generation, loaded));
            });
        }
    });
}

async fn load_reports(
    filters: &crate::ui::report::filters::Filters,
    token: Option<&str>,
) -> Load<Rc<Reports>> {
    // The browser's clock (jiff's own needs its `js` feature, which would pull in
    // more than this one call).
    let now = jiff::Timestamp::from_millisecond(js_sys::Date::now() as i64)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let range = match filters.range(now) {
        Ok(range) => range,
        Err(e) => {
            return Load::Failed(Failure {
                status: None,
                message: e.to_string(),
            });
        }
    };
    let previous = filters.previous(&range).unwrap_or_else(|| range.clone());
    let current = get_json(&filters.stats_url(&range, true), token).await;
    let before = get_json(&filters.stats_url(&previous, false), token).await;
    match (current, before) {
        (Ok(current), Ok(previous)) => Load::Ready(Rc::new(Reports {
            range,
            current,
            previous,
        })),
        (Err(failure), _) | (_, Err(failure)) => Load::Failed(failure),
    }
}
