//! Browser and server agree, bit for bit: a corpus of generated rubrics and answers is
//! scored and the score JSON of all of them hashed. The same fingerprint is expected
//! natively and compiled to wasm32 in headless Chromium, so any difference in
//! generation, float arithmetic, rounding or number formatting between the two shows.
//!
//! When scoring rules change on purpose, re-run natively and update `FINGERPRINT`
//! (the failure message prints the new value); the browser run must then agree.

mod common;

use rubric_widget::core::generate::{self, Spec};
use rubric_widget::core::{Method, Scorer, digest};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const FINGERPRINT: &str = "sha256:9b5df61558633eaaaa9b9f6bb3881471fce01da59f1aecb10b97c1a0144c0261";

fn corpus_fingerprint() -> (String, usize) {
    let mut all = String::new();
    let mut cases = 0;
    for items in [1, 3, 8, 25, 60] {
        for seed in 0..24u64 {
            let method = [
                None,
                Some(Method::Sum),
                Some(Method::Weighted),
                Some(Method::Deduct),
            ][(seed % 4) as usize];
            let rubric = generate::rubric(Spec {
                items,
                seed,
                method,
            });
            let scorer = Scorer::new(rubric).unwrap_or_else(|e| panic!("{items}/{seed}: {e}"));
            for answers_seed in 0..3 {
                let answers = generate::answers(scorer.rubric(), seed * 31 + answers_seed);
                let score = scorer
                    .score(&answers)
                    .unwrap_or_else(|e| panic!("{items}/{seed}: {e}"));
                all.push_str(&serde_json::to_string(&score).unwrap());
                all.push('\n');
                cases += 1;
            }
        }
    }
    (digest(&all), cases)
}

both! {
    fn native_and_browser_score_the_corpus_identically() {
        let (fingerprint, cases) = corpus_fingerprint();
        assert_eq!(cases, 360);
        assert_eq!(fingerprint, FINGERPRINT, "the scores of {cases} generated reviews changed");
    }
}
