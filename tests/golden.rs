//! Golden tests: the shared examples score to exactly their expected scores, and the
//! worked examples of the README and of the best-known tools come out as documented.
//! Run natively and in headless Chromium (wasm32), so browser and server agree.

mod common;

use common::{EXAMPLES, RUBRICS, assert_subset, json};
use rubric_widget::core::{Answers, ItemStatus, Rubric, Score, Scorer};
use serde_json::{Value, json};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn score(rubric: &str, answers: &str) -> Score {
    let scorer = Scorer::from_json(rubric).unwrap_or_else(|e| panic!("rubric: {e}"));
    let answers = Answers::from_json(answers).unwrap_or_else(|e| panic!("answers: {e}"));
    scorer
        .score(&answers)
        .unwrap_or_else(|e| panic!("answers: {e}"))
}

fn score_value(rubric: &Value, answers: &Value) -> Value {
    serde_json::to_value(score(&rubric.to_string(), &answers.to_string())).unwrap()
}

/// One section per question, as Amazon Connect's percentage mode weighs questions.
fn amazon_connect_rubric() -> Value {
    let question = |id: &str, weight: u32| {
        let options: Vec<Value> = (0..=10)
            .map(|p| json!({"id": p.to_string(), "label": p.to_string(), "points": p}))
            .collect();
        json!({"id": id, "title": id, "weight": weight, "items": [
            {"id": format!("{id}_q"), "kind": "choice", "na": true, "title": id, "options": options}
        ]})
    };
    json!({
        "format": "rubric/v1", "id": "connect-percentage", "version": "1",
        "title": "Amazon Connect percentage mode",
        "scoring": {"method": "weighted", "max": 100, "precision": 1},
        "sections": [question("greeting", 40), question("verify", 20), question("resolve", 20), question("close", 20)]
    })
}

both! {
    fn every_sample_rubric_validates() {
        for (name, text) in RUBRICS {
            if let Err(e) = Rubric::from_json(text) {
                panic!("{name}: {e}");
            }
        }
    }

    fn every_shared_example_scores_exactly_as_expected() {
        for example in EXAMPLES {
            let actual = serde_json::to_value(score(example.rubric, example.answers)).unwrap();
            assert_subset(&actual, &json(example.score), example.name);
        }
    }

    fn amazon_connect_percentage_mode() {
        // Weights 40/20/20/20, answers 10, 5, 5, 0 out of 10 → 60.
        let rubric = amazon_connect_rubric();
        let answers = json!({"greeting_q": {"value": "10"}, "verify_q": {"value": "5"},
                             "resolve_q": {"value": "5"}, "close_q": {"value": "0"}});
        let s = score_value(&rubric, &answers);
        assert_eq!(s["total"], json!(60.0));
        let sections: Vec<&Value> = s["sections"].as_array().unwrap().iter().map(|x| &x["score"]).collect();
        assert_eq!(sections, [&json!(40.0), &json!(10.0), &json!(10.0), &json!(0.0)]);

        // The last question N/A: its weight goes to the others pro rata → 60 / 80 = 75.
        let answers = json!({"greeting_q": {"value": "10"}, "verify_q": {"value": "5"},
                             "resolve_q": {"value": "5"}, "close_q": {"na": true}});
        let s = score_value(&rubric, &answers);
        assert_eq!(s["total"], json!(75.0));
        assert_eq!(s["sections"][3], json!({"id": "close", "score": null, "max": 0.0,
            "percent": null, "fatal": false, "applicable": false}));
        let shares: Vec<(&Value, &Value)> = s["sections"].as_array().unwrap()[..3]
            .iter().map(|x| (&x["score"], &x["max"])).collect();
        assert_eq!(shares, [(&json!(50.0), &json!(50.0)), (&json!(12.5), &json!(25.0)), (&json!(12.5), &json!(25.0))],
                   "the N/A question's weight is shared out pro rata");
    }

    fn readme_worked_example_sum() {
        let rubric = json!({
            "format": "rubric/v1", "id": "readme-sum", "version": "1", "title": "Sum example",
            "scoring": {"method": "sum", "max": 100, "precision": 1},
            "sections": [
                {"id": "a", "title": "A", "items": [
                    {"id": "greet", "kind": "check", "points": 4, "title": "Greeting"},
                    {"id": "tone", "kind": "choice", "title": "Tone", "options": [
                        {"id": "good", "label": "Good", "points": 3},
                        {"id": "fair", "label": "Fair", "points": 1},
                        {"id": "poor", "label": "Poor", "points": 0}]}]},
                {"id": "b", "title": "B", "items": [
                    {"id": "interrupt", "kind": "count", "points": 3, "per": 1, "title": "Interruptions"},
                    {"id": "hold", "kind": "check", "points": 2, "na": true, "title": "Hold etiquette"}]}
            ]
        });
        let answers = json!({"greet": {"value": "pass"}, "tone": {"value": "fair"},
                             "interrupt": {"value": 2}, "hold": {"na": true}});
        let s = score_value(&rubric, &answers);
        // ΣE = 4 + 1 + 1 = 6, ΣP = 4 + 3 + 3 = 10: 100 × 6 / 10 = 60.
        assert_eq!(s["total"], json!(60.0));
        assert_eq!((&s["sections"][0]["score"], &s["sections"][0]["max"]), (&json!(50.0), &json!(70.0)));
        assert_eq!((&s["sections"][1]["score"], &s["sections"][1]["max"]), (&json!(10.0), &json!(30.0)));
    }

    fn readme_worked_example_deduct() {
        let rubric = json!({
            "format": "rubric/v1", "id": "readme-deduct", "version": "1", "title": "扣分制示例",
            "locale": "zh-CN",
            "scoring": {"method": "deduct", "max": 100, "precision": 1, "pass": 60,
                        "grades": [{"min": 80, "label": "良好"}, {"min": 60, "label": "合格"}, {"min": 0, "label": "不合格"}]},
            "sections": [
                {"id": "norms", "title": "服务规范", "weight": 40, "items": [
                    {"id": "opening", "kind": "choice", "title": "开头语", "options": [
                        {"id": "ok", "label": "规范", "points": 5}, {"id": "partial", "label": "不完整", "points": 3},
                        {"id": "missing", "label": "未使用", "points": 0}]},
                    {"id": "interrupt", "kind": "count", "points": 10, "per": 2, "title": "抢话"},
                    {"id": "hold", "kind": "check", "points": 4, "na": true, "title": "等待致歉"}]},
                {"id": "skill", "title": "业务能力", "weight": 60, "items": [
                    {"id": "accuracy", "kind": "choice", "title": "解答准确", "options": [
                        {"id": "full", "label": "准确", "points": 15}, {"id": "partial", "label": "部分", "points": 8},
                        {"id": "wrong", "label": "错误", "points": 0}]},
                    {"id": "process", "kind": "check", "points": 5, "title": "流程"}]},
                {"id": "extra", "title": "加分与致命", "weight": 0, "items": [
                    {"id": "praise", "kind": "check", "points": 5, "bonus": true, "required": false, "title": "客户表扬"},
                    {"id": "abuse", "kind": "check", "points": 0, "critical": "form", "title": "未辱骂客户"}]}
            ]
        });
        let mut answers = json!({"opening": {"value": "partial"}, "interrupt": {"value": 3},
            "hold": {"na": true}, "accuracy": {"value": "wrong"}, "process": {"value": "pass"},
            "praise": {"value": "pass"}, "abuse": {"value": "pass"}});
        let s = score_value(&rubric, &answers);
        // norms: 40 − (2 + 6) = 32; skill: 60 − 15 = 45; + bonus 5 = 82.
        assert_eq!(s["sections"][0]["score"], json!(32.0));
        assert_eq!(s["sections"][1]["score"], json!(45.0));
        assert_eq!((&s["total"], &s["grade"], &s["passed"]), (&json!(82.0), &json!("良好"), &json!(true)));

        answers["abuse"] = json!({"value": "fail"});
        let s = score_value(&rubric, &answers);
        assert_eq!((&s["total"], &s["fatal"], &s["grade"], &s["passed"]),
                   (&json!(0.0), &json!(true), &json!("不合格"), &json!(false)));
        assert_eq!(s["items"]["abuse"], json!({"status": "scored", "earned": 0.0, "possible": 0.0, "critical": "form"}));
    }

    fn the_trace_explains_every_item() {
        let example = &EXAMPLES[0];
        let s = score(example.rubric, example.answers);
        let status = |id: &str| s.items.get(id).map(|t| t.status);
        assert_eq!(status("silent_customer"), Some(ItemStatus::Na));
        assert_eq!(status("notes"), Some(ItemStatus::Unscored));
        assert_eq!(status("praise"), Some(ItemStatus::Unanswered));
        assert_eq!(status("upsell"), Some(ItemStatus::Scored));
        let items = serde_json::to_value(&s.items).unwrap();
        assert_eq!(items["hold"], json!({"status": "scored", "earned": 0.0, "possible": 4.0, "critical": null}));
        assert_eq!(items["interrupt"], json!({"status": "scored", "earned": 6.0, "possible": 10.0, "critical": null}));
        assert_eq!(items["silent_customer"], json!({"status": "na"}));
        assert_eq!(s.items.len(), 21, "one entry per item");
    }

    fn show_if_hides_an_item_and_its_answer() {
        // A complaint call hides "upsell": its "weak" answer (−3) no longer deducts.
        let example = &EXAMPLES[0];
        let mut answers = json(example.answers);
        answers["call_type"] = json!({"value": "complaint"});
        let s = score_value(&json(example.rubric), &answers);
        assert_eq!(s["items"]["upsell"], json!({"status": "hidden"}));
        assert_eq!(s["sections"][3]["score"], json!(8.0));
        assert_eq!(s["total"], json!(71.0));
    }

    fn sections_know_their_item_positions() {
        let scorer = Scorer::from_json(RUBRICS[0].1).unwrap();
        let ranges: Vec<_> = (0..8).map(|s| scorer.section_items(s)).collect();
        assert_eq!(ranges, [0..6, 6..10, 10..13, 13..16, 16..19, 19..20, 20..21, 0..0]);
        assert_eq!(scorer.item(19).map(|i| i.id.as_str()), Some("praise"));
        assert_eq!(scorer.position("praise"), Some(19));
    }

    fn grade_labels_use_the_rubric_locale() {
        let example = &EXAMPLES[0];
        assert_eq!(score(example.rubric, example.answers).grade.as_deref(), Some("合格"));
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn every_fixture_file_is_in_the_tables() {
    // The tables above are compiled in for the browser; make sure none is forgotten.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rubrics");
    let names = |d: &std::path::Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".json"))
            .collect();
        v.sort();
        v
    };
    let rubrics: Vec<String> = RUBRICS.iter().map(|(n, _)| format!("{n}.json")).collect();
    assert_eq!(names(&dir), rubrics);
    let mut examples: Vec<String> = EXAMPLES
        .iter()
        .flat_map(|e| {
            [
                format!("{}.answers.json", e.name),
                format!("{}.score.json", e.name),
            ]
        })
        .collect();
    examples.sort();
    assert_eq!(names(&dir.join("examples")), examples);
}
