//! Calibration and quiz marking, as a backend computes them and the widget shows them.
//! Native and wasm32.

mod common;

use rubric_widget::core::compare::compare;
use rubric_widget::core::quiz::{key, mark};
use rubric_widget::core::{Answer, Answers, Review, Scorer, VerifyError};
use serde_json::json;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn cc() -> Scorer {
    Scorer::from_json(common::RUBRICS[0].1).unwrap()
}

fn typical() -> Answers {
    Answers::from_json(common::EXAMPLES[0].answers).unwrap()
}

fn expert() -> Answers {
    Answers::from_json(common::EXPERT_ANSWERS).unwrap()
}

fn ids(list: &[rubric_widget::core::Id]) -> Vec<&str> {
    list.iter().map(|i| i.as_str()).collect()
}

both! {
    fn the_same_review_agrees_completely() {
        let c = compare(&cc(), &typical(), &typical(), 5.0).unwrap();
        assert_eq!((c.agreement, c.total_delta, c.calibrated), (1.0, Some(0.0), true));
        assert!(c.disagreements.is_empty() && c.reasons.is_empty());
        assert_eq!(c.compared, 19, "every judged, scored item; not the text, not the untouched bonus");
    }

    fn two_different_items_are_exactly_the_disagreements() {
        let c = compare(&cc(), &typical(), &expert(), 5.0).unwrap();
        assert_eq!(ids(&c.disagreements), ["closing", "interrupt"]);
        // Mine 68; the expert's 68 + 4 (closing) + 2 (one interruption fewer) = 74.
        assert_eq!((c.mine_total, c.reference_total, c.total_delta), (Some(68.0), Some(74.0), Some(-6.0)));
        assert_eq!(c.agreement, 0.8947, "17 of 19");
        assert!(!c.calibrated);
        assert_eq!(c.reasons, ["the totals differ by -6, more than the tolerance of 5"]);
        let closing = c.items.iter().find(|i| i.id.as_str() == "closing").unwrap();
        assert_eq!((closing.delta, &closing.reference.comment), (Some(-4.0), &Some("结束语完整, 不应扣分".to_owned())));
        let norms = &c.sections[0];
        assert_eq!((norms.mine, norms.reference, norms.delta), (Some(22.0), Some(26.0), Some(-4.0)));
        // Within a looser tolerance it is calibrated.
        assert!(compare(&cc(), &typical(), &expert(), 6.0).unwrap().calibrated);
    }

    fn na_against_an_answer_is_a_disagreement() {
        let mut mine = typical();
        mine.insert("silent_customer", Answer::value("pass"));
        let c = compare(&cc(), &mine, &typical(), 5.0).unwrap();
        assert_eq!(ids(&c.disagreements), ["silent_customer"]);
        assert_eq!(c.total_delta, Some(0.0), "N/A and a pass both cost nothing in a deduction");
        assert!(c.calibrated, "a non-critical disagreement within tolerance");
    }

    fn a_disagreement_on_a_critical_item_is_never_calibrated() {
        let mut reference = typical();
        reference.insert("privacy", Answer::value("fail"));
        let c = compare(&cc(), &typical(), &reference, 1000.0).unwrap();
        assert_eq!(ids(&c.disagreements), ["privacy"]);
        assert!(!c.calibrated);
        assert_eq!(c.reasons, ["disagreement on a critical item: privacy"]);
        assert!(c.items.iter().find(|i| i.id.as_str() == "privacy").unwrap().critical);
    }

    fn a_multi_agrees_in_any_order() {
        let mut reversed = typical();
        reversed.insert("process", Answer::value(json!(["crm", "verify"])));
        assert!(compare(&cc(), &typical(), &reversed, 5.0).unwrap().disagreements.is_empty());
    }

    fn quiz_answers_are_marked_against_the_key() {
        let scorer = Scorer::from_json(common::RUBRICS[2].1).unwrap();
        let attempt = Answers::from_json(common::EXAMPLES[4].answers).unwrap();
        let marked = mark(&scorer, &attempt).unwrap();
        let summary: Vec<(&str, bool, bool)> = marked.iter().map(|m| (m.id.as_str(), m.answered, m.right)).collect();
        assert_eq!(summary, [
            ("q1", true, true), ("q2", true, false), ("q3", true, false), ("q4", true, true),
            ("q5", true, true), ("q6", true, true), ("q7", false, false),
        ]);
        let q3 = &marked[2];
        assert_eq!((q3.chosen.clone(), q3.correct.clone()), (vec!["a".to_owned(), "c".to_owned()], vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(key(scorer.rubric().item("q2").unwrap()), ["b"]);
    }

    fn the_expert_reference_is_a_valid_review_of_the_expert_answers() {
        let reference = Review::from_json(common::EXPERT_REVIEW).unwrap();
        let score = reference.verify(&cc()).unwrap();
        assert_eq!((score.total, reference.answers.clone()), (Some(74.0), expert()));
    }

    fn a_calibration_review_carries_the_comparison_and_a_backend_checks_it() {
        let expert = Review::from_json(common::EXPERT_REVIEW).unwrap();
        let review = common::calibration_review(uuid::Uuid::from_u128(7));
        let calibration = review.calibration.clone().unwrap();
        assert_eq!(calibration.reference_review_id, expert.review_id);
        assert_eq!((calibration.total_delta, calibration.agreement, calibration.calibrated), (Some(-6.0), 0.8947, false));
        assert_eq!(ids(&calibration.disagreements), ["closing", "interrupt"]);
        assert_eq!(calibration.tolerance, 5.0);
        review.verify_calibration(&cc(), &expert, 5.0).unwrap();

        // A review claiming to be calibrated when it is not is caught, field by field.
        let mut tampered = review.clone();
        if let Some(c) = tampered.calibration.as_mut() {
            c.calibrated = true;
            c.disagreements.pop();
        }
        match tampered.verify_calibration(&cc(), &expert, 5.0) {
            Err(VerifyError::Calibration(d)) => assert_eq!(d, [
                "calibration.calibrated: true → false",
                "calibration.disagreements: [\"closing\"] → [\"closing\",\"interrupt\"]",
            ]),
            other => panic!("{other:?}"),
        }
        // The verdict follows the verifier's tolerance, never the client's: a review
        // claiming a huge tolerance (and so "calibrated") is refused, naming the field.
        let mut lenient = review.clone();
        if let Some(c) = lenient.calibration.as_mut() {
            (c.tolerance, c.calibrated) = (1e308, true);
        }
        match lenient.verify_calibration(&cc(), &expert, 5.0) {
            Err(VerifyError::Calibration(d)) => assert_eq!(d, [
                "calibration.calibrated: true → false",
                "calibration.tolerance: 1e+308 → 5.0",
            ]),
            other => panic!("{other:?}"),
        }
        // A verifier that holds a tolerance of 6 reaches "calibrated" itself.
        assert!(review.verify_calibration(&cc(), &expert, 6.0).is_err(), "calibrated: false no longer holds");
    }
}
