//! The scoring core with nothing around it: what any widget that scores in the browser
//! with this engine ships at the least.
use rubric_widget::core::{Answers, Scorer, digest};
use wasm_bindgen::prelude::*;

/// Validate `rubric`, score `answers` against it: the score as JSON and the rubric's
/// digest, or every problem.
#[wasm_bindgen]
pub fn score(rubric: &str, answers: &str) -> String {
    let scorer = match Scorer::from_json(rubric) {
        Ok(scorer) => scorer,
        Err(problems) => return problems.to_string(),
    };
    let score = Answers::from_json(answers).and_then(|answers| scorer.score(&answers));
    match score.map(|score| serde_json::to_string(&score)) {
        Ok(Ok(json)) => format!("{json} {}", digest(rubric)),
        Ok(Err(e)) => e.to_string(),
        Err(problems) => problems.to_string(),
    }
}
