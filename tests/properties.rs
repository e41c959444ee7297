//! Invariants of the engine over generated rubrics and answers (native only:
//! proptest needs a clock and threads the browser test runner lacks; the browser
//! runs the same generator in `agreement.rs`).

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rubric_widget::core::generate::{self, Spec};
use rubric_widget::core::round::round_half_away;
use rubric_widget::core::{
    Answer, Answers, ItemKind, ItemStatus, Method, Review, Reviewer, Rubric, RubricRef, Scorer,
    digest,
};
use serde_json::{Value, json};

mod common;

fn method() -> impl Strategy<Value = Option<Method>> {
    prop_oneof![
        Just(None),
        Just(Some(Method::Sum)),
        Just(Some(Method::Weighted)),
        Just(Some(Method::Deduct)),
    ]
}

/// A generated rubric and answers: (items, rubric seed, answers seed, method).
fn case() -> impl Strategy<Value = (Spec, u64)> {
    (1usize..60, any::<u64>(), any::<u64>(), method()).prop_map(|(items, seed, answers, method)| {
        (
            Spec {
                items,
                seed,
                method,
            },
            answers,
        )
    })
}

fn setup(spec: Spec, answers_seed: u64) -> (Scorer, Answers) {
    let rubric = generate::rubric(spec);
    let answers = generate::answers(&rubric, answers_seed);
    let scorer = Scorer::new(rubric).unwrap_or_else(|e| panic!("{spec:?}: {e}"));
    (scorer, answers)
}

/// Every value an item can take, for trying each in turn.
fn candidates(kind: &ItemKind) -> Vec<Value> {
    match kind {
        ItemKind::Check { .. } => vec![json!("pass"), json!("fail")],
        ItemKind::Choice { options } => options.iter().map(|o| json!(o.id.as_str())).collect(),
        ItemKind::Multi { options, .. } => (0u32..1 << options.len().min(5))
            .map(|mask| {
                let ids: Vec<&str> = options
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, o)| o.id.as_str())
                    .collect();
                json!(ids)
            })
            .collect(),
        ItemKind::Count { limit, .. } => (0..=limit.unwrap_or(8)).map(|n| json!(n)).collect(),
        ItemKind::Number { bands, .. } => bands
            .iter()
            .filter_map(|b| b.upto)
            .flat_map(|u| [json!(u), json!(u + 0.5)])
            .chain([json!(0.0)])
            .collect(),
        ItemKind::Text { .. } => Vec::new(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_total_is_between_zero_and_max((spec, seed) in case()) {
        let (scorer, answers) = setup(spec, seed);
        let resolved = scorer.resolve(&answers).unwrap();
        let max = scorer.rubric().scoring.max();
        if let Some(total) = scorer.breakdown(&resolved).total {
            prop_assert!((0.0..=max).contains(&total), "total {total} of {max}");
        }
        let score = scorer.score_resolved(&resolved);
        if let Some(total) = score.total {
            // Rounded like every figure: max 6.5 at precision 0 reports a full score as 7.
            let top = round_half_away(max, scorer.rubric().scoring.precision());
            prop_assert!((0.0..=top).contains(&total), "reported total {total} of {max}");
            prop_assert!(score.percent.is_some_and(|p| (0.0..=100.0).contains(&p)));
        }
        for (_, s) in score.sections.iter() {
            if let (Some(x), Some(p)) = (s.score, s.percent) {
                prop_assert!(x >= 0.0 && x <= s.max + 1e-9 && (0.0..=100.0).contains(&p), "{s:?}");
            }
        }
    }

    #[test]
    fn section_scores_add_up_to_the_total_before_bonus_and_fatal((spec, seed) in case()) {
        let (scorer, answers) = setup(spec, seed);
        let b = scorer.breakdown(&scorer.resolve(&answers).unwrap());
        if let Some(base) = b.base {
            let sum: f64 = b.sections.iter().filter_map(|s| s.score).sum();
            prop_assert!((sum - base).abs() <= 1e-9 * scorer.rubric().scoring.max().max(1.0),
                "sections add to {sum}, base {base}");
            if !b.fatal {
                let expected = (base + b.bonus).min(scorer.rubric().scoring.max());
                prop_assert_eq!(b.total, Some(expected));
            }
        }
    }

    #[test]
    fn a_higher_earning_answer_never_lowers_the_total((spec, seed) in case(), pick in any::<u64>()) {
        let (scorer, answers) = setup(spec, seed);
        let rubric = scorer.rubric();
        let targets: Vec<&str> = rubric.items().filter_map(|(_, i)| i.show_if.as_ref()).map(|c| c.item.as_str()).collect();
        let before = scorer.breakdown(&scorer.resolve(&answers).unwrap());
        let scored: Vec<_> = before.items.iter()
            .filter(|(id, t)| t.status == ItemStatus::Scored && t.critical.is_none() && !targets.contains(&id.as_str()))
            .collect();
        prop_assume!(!scored.is_empty());
        let (id, trace) = scored[(pick % scored.len() as u64) as usize];
        let item = rubric.item(id).unwrap();
        for value in candidates(&item.kind) {
            let mut changed = answers.clone();
            changed.insert(item.id.to_string(), Answer::value(value.clone()));
            // Some candidates break the item's bounds; those are rejected, not scored.
            let Ok(resolved) = scorer.resolve(&changed) else { continue };
            let after = scorer.breakdown(&resolved);
            let Some(new) = after.items.get(id) else { continue };
            if new.critical.is_none() && new.earned > trace.earned
                && let (Some(t0), Some(t1)) = (before.total, after.total) {
                prop_assert!(t1 >= t0 - 1e-9, "{} → {value}: total {t0} → {t1}", item.id);
            }
        }
    }

    #[test]
    fn rubrics_answers_and_reviews_round_trip_through_json((spec, seed) in case()) {
        let (scorer, answers) = setup(spec, seed);
        let rubric = scorer.rubric();
        let text = serde_json::to_string(rubric).unwrap();
        prop_assert_eq!(&Rubric::from_json(&text).unwrap(), rubric);
        prop_assert_eq!(Answers::from_json(&serde_json::to_string(&answers).unwrap()).unwrap(), answers.clone());

        let score = scorer.score(&answers).unwrap();
        let id = uuid::Uuid::from_u64_pair(spec.seed, seed);
        let (started, submitted) = ("2026-11-23T08:00:00Z".to_owned(), "2026-11-23T08:06:41Z".to_owned());
        let context = [("agent_id".to_owned(), json!("1024")), ("call_id".to_owned(), json!("C-88231"))];
        let review = Review::new(id, RubricRef::new(rubric, &text), answers, score, started, submitted)
            .with_context(context.into_iter().collect())
            .with_reviewer(Some(Reviewer { id: "qc-07".into(), name: None }))
            .with_comment("整体良好");
        let again = Review::from_json(&serde_json::to_string(&review).unwrap()).unwrap();
        prop_assert_eq!(again, review);
    }

    #[test]
    fn any_json_is_answered_with_problems_never_a_panic(value in arb_json()) {
        let _ = Rubric::from_value(&value);
        let _ = Answers::from_value(&value);
        let _ = Review::from_value(value.clone());
        let scorer = Scorer::from_json(common::RUBRICS[0].1).unwrap();
        if let Ok(answers) = Answers::from_value(&value) {
            let _ = scorer.score(&answers);
        }
    }

    #[test]
    fn a_mutated_rubric_is_rejected_or_scores_without_panicking(
        (spec, seed) in case(), at in any::<u64>(), replacement in arb_json()
    ) {
        let rubric = generate::rubric(spec);
        let mut value = serde_json::to_value(&rubric).unwrap();
        let pointers = pointers(&value, String::new());
        let target = &pointers[(at % pointers.len() as u64) as usize];
        if let Some(slot) = value.pointer_mut(target) {
            *slot = replacement;
        }
        if let Ok(mutated) = Rubric::from_value(&value) {
            // What the reader accepts, the validator accepts, and it scores.
            let scorer = Scorer::new(mutated.clone()).unwrap();
            let _ = scorer.score(&generate::answers(&mutated, seed));
            let _ = scorer.score(&generate::answers(&rubric, seed));
        }
    }
}

/// JSON Pointers to every value inside `value`.
fn pointers(value: &Value, at: String) -> Vec<String> {
    let mut out = vec![at.clone()];
    match value {
        Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                out.extend(pointers(v, format!("{at}/{i}")));
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                out.extend(pointers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                ));
            }
        }
        _ => {}
    }
    out
}

/// Arbitrary JSON, biased towards the format's own field names and values.
fn arb_json() -> impl Strategy<Value = Value> {
    let words = prop_oneof![
        Just("format"),
        Just("rubric/v1"),
        Just("id"),
        Just("kind"),
        Just("check"),
        Just("choice"),
        Just("multi"),
        Just("count"),
        Just("number"),
        Just("text"),
        Just("sections"),
        Just("items"),
        Just("options"),
        Just("points"),
        Just("per"),
        Just("limit"),
        Just("bands"),
        Just("upto"),
        Just("show_if"),
        Just("item"),
        Just("in"),
        Just("weight"),
        Just("scoring"),
        Just("method"),
        Just("deduct"),
        Just("value"),
        Just("na"),
        Just("tags"),
        Just("pass"),
        Just("fail"),
        Just("critical"),
        Just("form"),
        Just("section"),
        Just("title"),
        Just("max"),
        Just("min"),
    ];
    let key = prop_oneof![words.clone().prop_map(str::to_owned), "[a-z0-9_.]{0,6}"];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-5i64..30).prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        words.prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 80, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

#[test]
fn the_digest_is_of_the_exact_text() {
    let text = common::RUBRICS[0].1;
    assert_ne!(digest(text), digest(&format!("{text} ")));
}
