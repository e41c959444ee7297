//! What if: reviews re-scored under a candidate rubric, natively and in the browser.

#![cfg(feature = "stats")]

mod common;

use rubric_widget::core::stats::{Fact, Query, Report};
use rubric_widget::core::whatif::{Candidate, compare, rescore, shifts};
use rubric_widget::core::{ItemStatus, RubricRef, Scorer};
use serde_json::{Value, json};

/// cc-qc-standard as a lead might change it: a pass mark of 66, interruptions
/// costing 5 each, `followup` gone, `verify_identity` new, upsell's "weak" gone.
fn candidate() -> String {
    let mut rubric: Value = serde_json::from_str(common::EXAMPLES[0].rubric).unwrap_or_default();
    rubric["version"] = json!("2027.1");
    rubric["scoring"]["pass"] = json!(66);
    for section in rubric["sections"].as_array_mut().into_iter().flatten() {
        let skill = section["id"] == "skill";
        if let Some(items) = section["items"].as_array_mut() {
            items.retain(|i| i["id"] != "followup");
            for item in items.iter_mut() {
                if item["id"] == "interrupt" {
                    item["per"] = json!(5);
                }
                if item["id"] == "upsell" {
                    let options = item["options"].as_array_mut();
                    options
                        .into_iter()
                        .for_each(|o| o.retain(|o| o["id"] != "weak"));
                }
            }
            if skill {
                items.push(json!({"id": "verify_identity", "kind": "check", "points": 2, "title": "核实身份"}));
            }
        }
    }
    rubric.to_string()
}

both! {
    fn a_review_is_rescored_with_what_the_candidate_keeps() {
        let text = candidate();
        let scorer = Scorer::from_json(&text).unwrap_or_else(|p| panic!("{p}"));
        let rubric = RubricRef::new(scorer.rubric(), &text);
        let review = common::review(&common::EXAMPLES[0], uuid::Uuid::from_u128(5));
        let rescored = rescore(&scorer, &rubric, &review);
        assert_eq!(rescored.dropped, ["followup", "upsell"]);
        assert_eq!(rescored.review.rubric.version, "2027.1");
        assert!(rescored.review.answers.get("followup").is_none());
        let new = rescored.review.score.items.get("verify_identity").map(|t| t.status);
        assert!(matches!(new, Some(ItemStatus::Missing | ItemStatus::Unanswered)), "{new:?}");
        // Two interruptions now cost 10 instead of 4, the dropped upsell answer no
        // longer costs its 3: 68 − 6 + 3 = 65, under the new pass mark of 66.
        assert_eq!((review.score.total, review.score.passed), (Some(68.0), Some(true)));
        let after = &rescored.review.score;
        assert_eq!((after.total, after.passed), (Some(65.0), Some(false)));
    }

    fn an_agent_who_crosses_the_pass_mark_is_named() {
        let text = candidate();
        let scorer = Scorer::from_json(&text).unwrap_or_else(|p| panic!("{p}"));
        let rubric = RubricRef::new(scorer.rubric(), &text);
        let old = Scorer::from_json(common::EXAMPLES[0].rubric).unwrap_or_else(|p| panic!("{p}"));
        let mut review = common::review(&common::EXAMPLES[0], uuid::Uuid::from_u128(6));
        review.context.insert("agent_id".into(), json!("1024"));
        let query = || Query::new("cc-qc-standard", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", None, None).unwrap_or_else(|e| panic!("{e}"));
        let report = |r: &rubric_widget::core::Review| {
            let mut report = Report::new(query(), vec![]);
            report.add(&Fact::of(r, &r.score).unwrap_or_else(|| panic!("a fact")));
            report.finish()
        };
        let after = rescore(&scorer, &rubric, &review).review;
        let moved = shifts(&report(&review), &report(&after), old.rubric(), scorer.rubric());
        assert_eq!(moved.len(), 1);
        let shift = &moved[0];
        assert_eq!((shift.agent_id.as_str(), shift.before, shift.passes_before, shift.passes_after), ("1024", Some(68.0), Some(true), Some(false)));
        assert!(shift.crosses_pass());
        assert_eq!((shift.grade_before.as_deref(), shift.grade_after.as_deref()), (Some("合格"), Some("合格")));
        assert!(!shift.changes_grade());
    }

    fn a_comparison_reports_both_sides_and_counts_dropped_answers() {
        let text = candidate();
        let scorer = Scorer::from_json(&text).unwrap_or_else(|p| panic!("{p}"));
        let rubric = RubricRef::new(scorer.rubric(), &text);
        let old = Scorer::from_json(common::EXAMPLES[0].rubric).unwrap_or_else(|p| panic!("{p}"));
        let mut reviews = Vec::new();
        for (n, day) in [(7, "2026-11-03"), (8, "2026-11-20"), (9, "2026-12-02")] {
            let mut review = common::review(&common::EXAMPLES[0], uuid::Uuid::from_u128(n));
            review.context.insert("agent_id".into(), json!("1024"));
            review.submitted_at = format!("{day}T08:00:00Z");
            reviews.push(review);
        }
        let query = Query::new("cc-qc-standard", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", None, None).unwrap_or_else(|e| panic!("{e}"));
        let what = compare(old.rubric(), Candidate { scorer: &scorer, rubric: &rubric }, &query, &reviews);
        // The December review is outside the period: two re-scored, each dropping two answers.
        assert_eq!(what.reviews, 2);
        assert_eq!(what.dropped.into_iter().collect::<Vec<_>>(), [("followup".to_owned(), 2), ("upsell".to_owned(), 2)]);
        assert_eq!((what.before.summary.reviews, what.before.summary.pass_rate), (2, Some(1.0)));
        assert_eq!((what.after.summary.reviews, what.after.summary.pass_rate), (2, Some(0.0)));
        assert_eq!(what.after.rubric, "cc-qc-standard");
        assert!(what.after.items.iter().any(|i| i.id == "verify_identity"));
        assert_eq!(what.shifts.len(), 1);
        assert!(what.shifts[0].crosses_pass());
    }
}
