//! The corners of docs/rubric-v1.md §2, one rule per test: what happens when nothing is
//! applicable, when only a bonus is, caps, chains of show_if, deduction lists.
//! Native and wasm32.

mod common;

use rubric_widget::core::{Answers, Scorer};
use serde_json::{Value, json};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn rubric(method: &str, extra_scoring: Value, sections: Value) -> Scorer {
    let mut scoring = json!({"method": method});
    if let (Some(s), Some(extra)) = (scoring.as_object_mut(), extra_scoring.as_object()) {
        s.extend(extra.clone());
    }
    let doc = json!({"format": "rubric/v1", "id": "t", "version": "1", "title": "T",
                     "scoring": scoring, "sections": sections});
    Scorer::from_json(&doc.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn score(scorer: &Scorer, answers: Value) -> Value {
    let answers = Answers::from_value(&answers).unwrap_or_else(|e| panic!("{e}"));
    serde_json::to_value(scorer.score(&answers).unwrap_or_else(|e| panic!("{e}"))).unwrap()
}

fn check(id: &str, points: u32) -> Value {
    json!({"id": id, "kind": "check", "points": points, "na": true, "title": id})
}

fn bonus(id: &str, points: u32) -> Value {
    json!({"id": id, "kind": "check", "points": points, "bonus": true, "required": false, "title": id})
}

both! {
    fn nothing_applicable_gives_a_null_total() {
        for method in ["sum", "weighted"] {
            let s = rubric(method, json!({"pass": 60, "grades": [{"min": 0, "label": "any"}]}),
                json!([{"id": "a", "title": "A", "weight": 1, "items": [check("x", 5)]}]));
            let out = score(&s, json!({"x": {"na": true}}));
            assert_eq!((&out["total"], &out["percent"], &out["grade"], &out["passed"]),
                       (&Value::Null, &Value::Null, &Value::Null, &Value::Null), "{method}");
            assert_eq!(out["sections"][0]["score"], Value::Null);
        }
    }

    fn an_untouched_deduct_form_scores_max() {
        let s = rubric("deduct", json!({}), json!([
            {"id": "a", "title": "A", "weight": 60, "items": [check("x", 5)]},
            {"id": "b", "title": "B", "weight": 40, "items": [check("y", 5)]}]));
        let out = score(&s, json!({}));
        assert_eq!(out["total"], json!(100.0));
        assert_eq!(out["complete"], json!(false));
        assert_eq!(out["missing"], json!(["x", "y"]));
    }

    fn only_a_bonus_applicable_scores_the_bonus() {
        let s = rubric("sum", json!({"max": 10}), json!([{"id": "a", "title": "A", "items": [
            check("x", 5), bonus("extra", 15)]}]));
        assert_eq!(score(&s, json!({"x": {"na": true}, "extra": {"value": "pass"}}))["total"], json!(10.0),
                   "min(max, B)");
    }

    fn a_critical_with_nothing_else_applicable_scores_zero() {
        let s = rubric("sum", json!({}), json!([{"id": "a", "title": "A", "items": [
            check("x", 5),
            {"id": "rude", "kind": "check", "points": 0, "critical": "section", "title": "rude"}]}]));
        let out = score(&s, json!({"x": {"na": true}, "rude": {"value": "fail"}}));
        assert_eq!(out["total"], json!(0.0));
        assert_eq!(out["fatal"], json!(false), "a section critical is not a form-level fail");
        assert_eq!(out["sections"][0]["fatal"], json!(true));
    }

    fn a_bonus_never_lifts_the_total_above_max() {
        let s = rubric("sum", json!({}), json!([{"id": "a", "title": "A", "items": [
            check("x", 5), bonus("extra", 5)]}]));
        let out = score(&s, json!({"x": {"value": "pass"}, "extra": {"value": "pass"}}));
        assert_eq!(out["total"], json!(100.0));
        assert_eq!(out["items"]["extra"]["possible"], json!(0.0), "bonus items add no possible points");
    }

    fn a_form_critical_zeroes_the_total_and_takes_the_lowest_grade() {
        let grades = json!({"pass": 50, "grades": [{"min": 80, "label": "A"}, {"min": 40, "label": "B"}, {"min": 10, "label": "C"}]});
        let s = rubric("sum", grades, json!([{"id": "a", "title": "A", "items": [
            check("x", 5),
            {"id": "t", "kind": "choice", "title": "t", "options": [
                {"id": "ok", "label": "ok", "points": 1}, {"id": "bad", "label": "bad", "points": 0, "critical": "form"}]}]}]));
        let out = score(&s, json!({"x": {"value": "pass"}, "t": {"value": "bad"}}));
        assert_eq!((&out["total"], &out["fatal"], &out["grade"], &out["passed"]),
                   (&json!(0.0), &json!(true), &json!("C"), &json!(false)));
        assert_eq!(out["items"]["t"]["critical"], json!("form"));
        // Without the fail, all 6 of 6 points: 100, grade A.
        let out = score(&s, json!({"x": {"value": "pass"}, "t": {"value": "ok"}}));
        assert_eq!((&out["total"], &out["grade"]), (&json!(100.0), &json!("A")));
    }

    fn below_every_grade_band_there_is_no_grade() {
        let s = rubric("sum", json!({"grades": [{"min": 60, "label": "Pass"}]}),
            json!([{"id": "a", "title": "A", "items": [check("x", 5)]}]));
        assert_eq!(score(&s, json!({"x": {"value": "fail"}}))["grade"], Value::Null);
    }

    fn a_hidden_item_hides_the_items_that_depend_on_it() {
        let s = rubric("sum", json!({}), json!([{"id": "a", "title": "A", "items": [
            check("first", 1),
            {"id": "second", "kind": "check", "points": 1, "title": "2", "show_if": {"item": "first", "in": ["fail"]}},
            {"id": "third", "kind": "check", "points": 1, "title": "3", "show_if": {"item": "second", "in": ["pass"]}}]}]));
        // "second" keeps an answer while hidden; "third" must not appear because of it.
        let out = score(&s, json!({"first": {"value": "pass"}, "second": {"value": "pass"}, "third": {"value": "fail"}}));
        assert_eq!(out["items"]["second"]["status"], json!("hidden"));
        assert_eq!(out["items"]["third"]["status"], json!("hidden"));
        assert_eq!(out["total"], json!(100.0));
        let out = score(&s, json!({"first": {"value": "fail"}}));
        assert_eq!(out["missing"], json!(["second"]), "a shown required item is missing; third stays hidden");
    }

    fn show_if_on_a_multi_matches_any_chosen_option() {
        let s = rubric("sum", json!({}), json!([{"id": "a", "title": "A", "items": [
            {"id": "steps", "kind": "multi", "title": "s", "options": [
                {"id": "verify", "label": "v", "points": 1}, {"id": "refund", "label": "r", "points": 1}]},
            {"id": "refund_ok", "kind": "check", "points": 1, "title": "r", "show_if": {"item": "steps", "in": ["refund"]}}]}]));
        let out = score(&s, json!({"steps": {"value": ["verify", "refund"]}}));
        assert_eq!(out["items"]["refund_ok"]["status"], json!("missing"));
        let out = score(&s, json!({"steps": {"value": ["verify"]}}));
        assert_eq!(out["items"]["refund_ok"]["status"], json!("hidden"));
    }

    fn a_deduction_list_never_goes_below_zero() {
        let s = rubric("sum", json!({}), json!([{"id": "a", "title": "A", "items": [
            {"id": "faults", "kind": "multi", "points": 5, "title": "f", "options": [
                {"id": "a", "label": "a", "points": -3}, {"id": "b", "label": "b", "points": -4}]},
            check("x", 5)]}]));
        let out = score(&s, json!({"faults": {"value": ["a"]}, "x": {"value": "pass"}}));
        assert_eq!(out["items"]["faults"]["earned"], json!(2.0));
        let out = score(&s, json!({"faults": {"value": ["a", "b"]}, "x": {"value": "pass"}}));
        assert_eq!(out["items"]["faults"]["earned"], json!(0.0));
        assert_eq!(out["total"], json!(50.0));
    }

    fn a_checklist_is_capped_at_its_points() {
        let s = rubric("sum", json!({}), json!([{"id": "a", "title": "A", "items": [
            {"id": "steps", "kind": "multi", "points": 6, "title": "s", "options": [
                {"id": "a", "label": "a", "points": 4}, {"id": "b", "label": "b", "points": 4}]}]}]));
        let out = score(&s, json!({"steps": {"value": ["a", "b"]}}));
        assert_eq!((&out["items"]["steps"]["earned"], &out["items"]["steps"]["possible"]), (&json!(6.0), &json!(6.0)));
    }

    fn number_bands_pick_the_first_band_that_covers_the_value() {
        let s = rubric("sum", json!({}), json!([{"id": "a", "title": "A", "items": [
            {"id": "silence", "kind": "number", "title": "s", "bands": [
                {"upto": 10, "points": 5}, {"upto": 30, "points": 3}, {"points": 0}]}]}]));
        let earned = |v: f64| score(&s, json!({"silence": {"value": v}}))["items"]["silence"]["earned"].clone();
        assert_eq!([earned(10.0), earned(10.5), earned(30.0), earned(500.0)],
                   [json!(5.0), json!(3.0), json!(3.0), json!(0.0)]);
    }

    fn rounding_is_half_away_from_zero_at_the_end() {
        // 1 of 8 points at max 10 is 1.25: one decimal gives 1.3 (not 1.2), percent 12.5.
        let s = rubric("sum", json!({"max": 10, "precision": 1}),
            json!([{"id": "a", "title": "A", "items": [check("x", 1), check("y", 7)]}]));
        let out = score(&s, json!({"x": {"value": "pass"}, "y": {"value": "fail"}}));
        assert_eq!((&out["total"], &out["percent"]), (&json!(1.3), &json!(12.5)));
    }

    fn na_on_an_item_without_na_counts_as_na_with_a_warning() {
        let s = rubric("sum", json!({}), json!([{"id": "a", "title": "A", "items": [
            {"id": "x", "kind": "check", "points": 1, "title": "x"}, check("y", 1)]}]));
        let answers = Answers::from_value(&json!({"x": {"na": true}, "y": {"value": "pass"}})).unwrap();
        let resolved = s.resolve(&answers).unwrap();
        let warnings: Vec<String> = resolved.warnings().iter().map(ToString::to_string).collect();
        assert_eq!(warnings, ["answers.x.na: the rubric offers no N/A on this item; counted as N/A"]);
        assert_eq!(s.score_resolved(&resolved).total, Some(100.0));
    }
}
