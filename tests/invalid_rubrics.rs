//! Every validation rule of docs/rubric-v1.md §1.2, one broken rubric each, asserting the exact
//! path and message; then answers that must be rejected. Native and wasm32.

mod common;

use rubric_widget::core::{Answers, Problems, Rubric, Scorer};
use serde_json::{Value, json};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// A minimal valid rubric with `sections` swapped in.
fn doc(method: &str, sections: Value) -> Value {
    json!({
        "format": "rubric/v1", "id": "t", "version": "1", "title": "T",
        "scoring": {"method": method}, "sections": sections
    })
}

/// One section of the given items.
fn items(items: Value) -> Value {
    json!([{"id": "s", "title": "S", "items": items}])
}

fn check(id: &str) -> Value {
    json!({"id": id, "kind": "check", "points": 1, "title": id})
}

fn messages(problems: &Problems) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

fn rejects(value: Value, expected: &[&str]) {
    match Rubric::from_value(&value) {
        Ok(_) => panic!("accepted {value}, expected {expected:?}"),
        Err(problems) => assert_eq!(messages(&problems), expected, "for {value}"),
    }
}

both! {
    fn malformed_json_names_line_and_column() {
        let problems = Rubric::from_json("{\n  \"format\": \"rubric/v1\",\n  \"id\": }").unwrap_err();
        assert_eq!(messages(&problems), ["line 3, column 9: malformed JSON: expected value"]);
        let problems = Rubric::from_json("{\"format\": ").unwrap_err();
        assert_eq!(messages(&problems), ["line 1, column 11: malformed JSON: EOF while parsing a value"]);
    }

    fn the_document_must_be_an_object() {
        rejects(json!([1]), &["(top level): expected a rubric object, found an array of 1"]);
    }

    fn format_must_be_rubric_v1() {
        let mut d = doc("sum", items(json!([check("a")])));
        d["format"] = json!("rubric/v2");
        rejects(d, &["format: expected \"rubric/v1\", found \"rubric/v2\""]);
    }

    fn ids_follow_their_pattern() {
        let mut d = doc("sum", items(json!([check("has space"), check("")])));
        d["id"] = json!("x".repeat(65));
        rejects(d, &[
            &format!("id: expected an id matching [A-Za-z0-9_.-]{{1,64}}, found \"{}\"…", "x".repeat(40)),
            "sections[0].items[0].id: expected an id matching [A-Za-z0-9_.-]{1,64}, found \"has space\"",
            "sections[0].items[1].id: expected an id matching [A-Za-z0-9_.-]{1,64}, found \"\"",
        ]);
    }

    fn item_ids_are_unique_across_the_rubric() {
        let sections = json!([
            {"id": "s1", "title": "S1", "items": [check("greeting")]},
            {"id": "s2", "title": "S2", "items": [check("greeting")]}
        ]);
        rejects(doc("sum", sections), &[
            "sections[1].items[0].id: expected a unique id, found \"greeting\" again (first at sections[0].items[0].id)",
        ]);
    }

    fn section_and_option_ids_are_unique() {
        let choice = json!({"id": "c", "kind": "choice", "title": "C", "options": [
            {"id": "ok", "label": "OK", "points": 1}, {"id": "ok", "label": "OK again", "points": 0}]});
        let sections = json!([
            {"id": "s", "title": "S", "items": [choice]},
            {"id": "s", "title": "S again", "items": [check("a")]}
        ]);
        rejects(doc("sum", sections), &[
            "sections[0].items[0].options[1].id: expected a unique id, found \"ok\" again (first at sections[0].items[0].options[0].id)",
            "sections[1].id: expected a unique id, found \"s\" again (first at sections[0].id)",
        ]);
    }

    fn sections_options_and_bands_are_not_empty() {
        rejects(doc("sum", json!([])), &["sections: expected a non-empty array of sections, found []"]);
        rejects(doc("sum", items(json!([]))), &["sections[0].items: expected a non-empty array of items, found []"]);
        rejects(doc("sum", items(json!([
            {"id": "c", "kind": "choice", "title": "C", "options": []},
            {"id": "n", "kind": "number", "title": "N", "bands": []}
        ]))), &[
            "sections[0].items[0].options: expected a non-empty array of options, found []",
            "sections[0].items[1].bands: expected a non-empty array of bands {upto, points}, found []",
        ]);
    }

    fn points_and_per_are_not_negative() {
        rejects(doc("sum", items(json!([
            {"id": "a", "kind": "check", "points": -1, "title": "A"},
            {"id": "b", "kind": "count", "points": 5, "per": -2, "title": "B"},
            {"id": "c", "kind": "choice", "title": "C", "options": [{"id": "x", "label": "X", "points": -3}]},
            {"id": "d", "kind": "number", "title": "D", "bands": [{"points": -1}]}
        ]))), &[
            "sections[0].items[0].points: expected a number ≥ 0, found -1",
            "sections[0].items[1].per: expected a number ≥ 0, found -2",
            "sections[0].items[2].options[0].points: expected a number ≥ 0, found -3",
            "sections[0].items[3].bands[0].points: expected a number ≥ 0, found -1",
        ]);
    }

    fn a_multi_does_not_mix_signs_and_a_deduction_list_has_a_max() {
        rejects(doc("sum", items(json!([
            {"id": "m", "kind": "multi", "title": "M", "options": [
                {"id": "a", "label": "A", "points": 2}, {"id": "b", "label": "B", "points": -1}]},
            {"id": "d", "kind": "multi", "title": "D", "options": [
                {"id": "a", "label": "A", "points": -2}]}
        ]))), &[
            "sections[0].items[0].options: expected option points all ≥ 0 (a checklist) or all ≤ 0 (a deduction list), found both positive and negative points",
            "sections[0].items[1].points: expected the item's max points (required for a deduction list), found nothing",
        ]);
    }

    fn bands_ascend_strictly_and_only_the_last_is_open() {
        rejects(doc("sum", items(json!([
            {"id": "n", "kind": "number", "title": "N", "bands": [
                {"upto": 10, "points": 5}, {"upto": 10, "points": 3}, {"points": 1}, {"upto": 60, "points": 0}]}
        ]))), &[
            "sections[0].items[0].bands[1].upto: expected a number above the previous band's upto (10), found 10",
            "sections[0].items[0].bands[2].upto: expected a number (only the last band may leave out upto), found nothing",
        ]);
    }

    fn precision_is_0_to_4_and_critical_is_form_or_section() {
        let mut d = doc("sum", items(json!([
            {"id": "a", "kind": "check", "points": 1, "critical": "call", "title": "A"}
        ])));
        d["scoring"]["precision"] = json!(5);
        rejects(d, &[
            "scoring.precision: expected an integer from 0 to 4, found 5",
            "sections[0].items[0].critical: expected \"form\" or \"section\", found \"call\"",
        ]);
    }

    fn kinds_are_known_and_have_their_required_fields() {
        rejects(doc("sum", items(json!([
            {"id": "a", "kind": "radio", "title": "A"},
            {"id": "b", "kind": "check", "title": "B"},
            {"id": "c", "kind": "count", "points": 10, "title": "C"},
            {"id": "d", "title": "D"}
        ]))), &[
            "sections[0].items[0].kind: expected one of \"check\", \"choice\", \"multi\", \"count\", \"number\", \"text\", found \"radio\"",
            "sections[0].items[1].points: expected a number ≥ 0, found nothing",
            "sections[0].items[2].per: expected a number ≥ 0, found nothing",
            "sections[0].items[3].kind: expected one of \"check\", \"choice\", \"multi\", \"count\", \"number\", \"text\", found nothing",
        ]);
    }

    fn show_if_names_an_earlier_item_and_values_it_can_take() {
        let choice = json!({"id": "call_type", "kind": "choice", "title": "T", "options": [
            {"id": "inquiry", "label": "I", "points": 0}, {"id": "order", "label": "O", "points": 0}]});
        let counted = json!({"id": "n", "kind": "count", "points": 3, "per": 1, "title": "N"});
        let dep = |id: &str, target: &str, values: Value| json!({"id": id, "kind": "check", "points": 1,
            "title": id, "show_if": {"item": target, "in": values}});
        rejects(doc("sum", items(json!([
            dep("early", "call_type", json!(["inquiry"])),
            choice, counted,
            dep("typo", "call_type", json!(["inquiry", "complain"])),
            dep("self", "self", json!(["pass"])),
            dep("ghost", "nobody", json!(["pass"])),
            dep("on_count", "n", json!(["1"])),
            dep("empty", "call_type", json!([]))
        ]))), &[
            "sections[0].items[0].show_if.item: expected the id of an earlier item, found \"call_type\", which comes later",
            "sections[0].items[3].show_if.in[1]: expected a value \"call_type\" can take (inquiry, order), found \"complain\"",
            "sections[0].items[4].show_if.item: expected the id of an earlier item, found \"self\", this item itself",
            "sections[0].items[5].show_if.item: expected the id of an earlier item, found \"nobody\", which no item has",
            "sections[0].items[6].show_if.item: expected an earlier check, choice or multi item, found \"n\", a count item",
            "sections[0].items[7].show_if.in: expected a non-empty array of values, found []",
        ]);
    }

    fn deduct_budgets_add_up_to_max_and_weights_are_required() {
        let sections = json!([
            {"id": "a", "title": "A", "weight": 60, "items": [check("x")]},
            {"id": "b", "title": "B", "weight": 30, "items": [check("y")]}
        ]);
        rejects(doc("deduct", sections.clone()), &[
            "sections: expected section weights adding up to scoring.max (100), found a total of 90",
        ]);
        let mut missing = sections;
        missing[1].as_object_mut().unwrap().remove("weight");
        rejects(doc("weighted", missing.clone()), &[
            "sections[1].weight: expected a number ≥ 0 (the section's weight, required by the weighted method), found nothing",
        ]);
        rejects(doc("deduct", missing), &[
            "sections[1].weight: expected a number ≥ 0 (the section's point budget, required by the deduct method), found nothing",
        ]);
    }

    fn wrong_types_and_unknown_fields_are_named() {
        let mut d = doc("sum", items(json!([
            {"id": "a", "kind": "check", "points": "5", "na": "yes", "title": 3, "wieght": 1, "x-vendor": true}
        ])));
        d["scoring"]["max"] = json!(0);
        d["title"] = json!({"zh-CN": 1});
        rejects(d, &[
            "title.zh-CN: expected a string, found 1",
            "scoring.max: expected a number > 0, found 0",
            "sections[0].items[0].wieght: unknown field, expected one of: id, kind, title, points, critical, description, guide, explain, na, required, show_if, bonus, tags",
            "sections[0].items[0].title: expected a text (a string, or an object of locale tag → string), found 3",
            "sections[0].items[0].points: expected a number ≥ 0, found \"5\"",
            "sections[0].items[0].na: expected true or false, found \"yes\"",
        ]);
    }

    fn pass_marks_and_grades_are_checked() {
        let mut d = doc("sum", items(json!([check("a")])));
        d["scoring"]["pass"] = json!(120);
        d["scoring"]["grades"] = json!([{"min": 60, "label": "合格"}, {"min": 60, "label": "良好"}, {"label": "?"}]);
        rejects(d, &[
            "scoring.pass: expected a number from 0 to max (100), found 120",
            "scoring.grades[1].min: expected a min no other grade has, found 60 again (first at scoring.grades[0].min)",
            "scoring.grades[2].min: expected a number, found nothing",
        ]);
    }

    fn every_problem_is_reported_at_once() {
        let value = json!({"format": "rubric/v0", "id": "ok", "title": "T",
            "scoring": {"method": "median"}, "sections": [{"id": "s", "title": "S", "items": [{"id": "a"}]}]});
        let problems = Rubric::from_value(&value).unwrap_err();
        assert_eq!(messages(&problems), [
            "format: expected \"rubric/v1\", found \"rubric/v0\"",
            "version: expected a non-empty string, found nothing",
            "scoring.method: expected \"sum\", \"weighted\" or \"deduct\", found \"median\"",
            "sections[0].items[0].title: expected a text (a string, or an object of locale tag → string), found nothing",
            "sections[0].items[0].kind: expected one of \"check\", \"choice\", \"multi\", \"count\", \"number\", \"text\", found nothing",
        ]);
        assert_eq!(problems.iter().next().unwrap().path.as_str(), "format");
    }

    fn bad_answers_are_rejected_with_their_paths() {
        let scorer = Scorer::from_json(common::RUBRICS[0].1).unwrap();
        let answers = Answers::from_value(&json!({
            "opening": {"value": "great"},
            "hold": {"value": true},
            "interrupt": {"value": 21},
            "silence": {"value": -1},
            "process": {"value": ["verify", "verify", "fax"]},
            "tone": {"value": "b", "tags": ["rude"]},
            "notes": {"value": "长".repeat(2001)},
            "ghost": {"value": "pass"}
        })).unwrap();
        let problems = scorer.resolve(&answers).unwrap_err();
        assert_eq!(messages(&problems), [
            "answers.opening.value: expected an option id of item opening (ok, partial, missing), found \"great\"",
            "answers.hold.value: expected \"pass\" or \"fail\", found true",
            "answers.interrupt.value: expected an integer from 0 to 20 (the item's limit), found 21",
            "answers.silence.value: expected a number ≥ 0 (the item's min), found -1",
            "answers.process.value[1]: expected each option once, found \"verify\"",
            "answers.process.value[2]: expected an option id of item process (verify, crm, ticket), found \"fax\"",
            "answers.tone.tags[0]: expected a tag id of item tone (cold, impatient), found \"rude\"",
            "answers.notes.value: expected a text of at most 2000 characters, found 2001 characters",
            "answers.ghost: expected the id of an item of rubric cc-qc-standard, found \"ghost\"",
        ]);
    }

    fn a_value_above_every_band_needs_an_open_band() {
        let scorer = Scorer::from_json(&doc("sum", items(json!([
            {"id": "wait", "kind": "number", "title": "W", "bands": [{"upto": 10, "points": 2}, {"upto": 30, "points": 1}]}
        ]))).to_string()).unwrap();
        let answers = Answers::from_value(&json!({"wait": {"value": 31}})).unwrap();
        assert_eq!(messages(&scorer.resolve(&answers).unwrap_err()), [
            "answers.wait.value: expected a number ≤ 30 (no band covers more), found 31",
        ]);
    }
}
