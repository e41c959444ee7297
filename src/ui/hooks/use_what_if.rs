use std::rc::Rc;

use yew::prelude::*;

use crate::core::stats::Query;
use crate::core::whatif::{Candidate, WhatIf, compare};
use crate::core::{Review, RubricRef, Scorer};
use crate::ui::report::fetch::get;
use crate::ui::report::state::{Action, Console, Failure, Load};

/// Run a what-if when asked: fetch the candidate (when given by URL) and the period's
/// reviews (the export), re-score every one in the browser, and report both sides.
#[hook]
pub fn use_what_if(state: &UseReducerHandle<Console>) {
    let dispatch = state.dispatcher();
    let handle = state.clone();
    use_effect_with(state.what_if.generation, move |generation| {
        let generation = *generation;
        if generation > 0 {
            // The console as the run was asked for (copied once per run, not per render).
            let console = (*handle).clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = run(&console).await.map(Rc::new);
                dispatch.dispatch(Action::WhatIfDone(
                    generation,
                    match result {
                        Ok(done) => Load::Ready(done),
                        Err(failure) => Load::Failed(failure),
                    },
                ));
            });
        }
    });
}

fn failure(message: String) -> Failure {
    Failure {
        status: None,
        message,
    }
}

async fn run(console: &Console) -> Result<WhatIf, Failure> {
    let token = console.token.as_deref();
    let Load::Ready(reports) = &console.reports else {
        return Err(failure("the report has not loaded yet".to_owned()));
    };
    let Some(current) = &console.scorer else {
        let id = &console.filters.rubric;
        return Err(failure(format!(
            "the rubric {id} could not be loaded from the receiver"
        )));
    };
    let url = console.what_if.url.trim();
    let text = if console.what_if.text.trim().is_empty() && !url.is_empty() {
        get(url, None).await?
    } else {
        console.what_if.text.clone()
    };
    let scorer =
        Scorer::from_json(&text).map_err(|p| failure(format!("the candidate rubric: {p}")))?;
    let rubric = RubricRef::new(scorer.rubric(), &text);
    let filters = &console.filters;
    let range = &reports.range;
    let export = get(&filters.export_url(range), token).await?;
    let mut query = Query::new(
        &filters.rubric,
        &range.from,
        &range.to,
        Some(&filters.tz),
        Some(reports.current.trend.bucket.name()),
    )
    .map_err(|e| failure(e.to_string()))?;
    query.team = Some(filters.team.clone()).filter(|t| !t.is_empty());
    query.agent_id = Some(filters.agent.clone()).filter(|t| !t.is_empty());
    query.reviewer_id = Some(filters.inspector.clone()).filter(|t| !t.is_empty());
    let candidate = Candidate {
        scorer: &scorer,
        rubric: &rubric,
    };
    // Parsed one at a time as the comparison takes them: memory holds the export's
    // text and the reports' tables, never every review at once.
    let mut bad = None;
    let lines = export
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let reviews = lines.map_while(|(n, line)| match Review::from_json(line) {
        Ok(review) => Some(review),
        Err(p) => {
            bad = Some(failure(format!("the export, line {}: {p}", n + 1)));
            None
        }
    });
    let done = compare(current.rubric(), candidate, &query, reviews);
    match bad {
        Some(failure) => Err(failure),
        None => Ok(done),
    }
}
