//! The published JSON Schemas (generated from the Rust types) accept every document
//! the project itself reads and writes, and reject a broken one.

#![cfg(not(target_arch = "wasm32"))]

use rubric_widget::config::WidgetConfig;
use rubric_widget::core::generate::{self, Spec};
use rubric_widget::core::schema::Document;
use serde_json::{Value, json};

mod common;

fn validator(doc: Document) -> jsonschema::Validator {
    validator_of(doc.schema(), doc.name())
}

fn validator_of(schema: schemars::Schema, name: &str) -> jsonschema::Validator {
    let schema = serde_json::to_value(schema).unwrap();
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{name} schema: {e}"))
}

fn assert_valid(v: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn the_rubric_schema_accepts_the_samples_and_generated_rubrics() {
    let v = validator(Document::Rubric);
    for (name, text) in common::RUBRICS {
        assert_valid(&v, &common::json(text), name);
    }
    for seed in 0..30 {
        let rubric = generate::rubric(Spec::new(40, seed));
        assert_valid(
            &v,
            &serde_json::to_value(&rubric).unwrap(),
            &format!("generated {seed}"),
        );
    }
    let mut broken = common::json(common::RUBRICS[0].1);
    broken["sections"][0]["items"][0]["kind"] = json!("radio");
    assert!(!v.is_valid(&broken), "an unknown kind is rejected");
}

#[test]
fn the_answers_score_and_review_schemas_accept_what_the_engine_writes() {
    let (answers_v, score_v, review_v) = (
        validator(Document::Answers),
        validator(Document::Score),
        validator(Document::Review),
    );
    for example in common::EXAMPLES {
        let review = common::review(
            example,
            uuid::Uuid::from_u128(0x0b6f_1c1e_9d7a_4c55_8a33_1f2e_3d4c_5b6a),
        );
        assert_valid(&answers_v, &common::json(example.answers), example.name);
        assert_valid(
            &score_v,
            &serde_json::to_value(&review.score).unwrap(),
            example.name,
        );
        assert_valid(
            &review_v,
            &serde_json::to_value(&review).unwrap(),
            example.name,
        );
    }
    // The extra fields of a calibration and of a quiz attempt.
    let calibration = common::calibration_review(uuid::Uuid::from_u128(9));
    let mut calibration = serde_json::to_value(&calibration).unwrap();
    assert_valid(&review_v, &calibration, "calibration review");
    assert_valid(
        &review_v,
        &common::json(common::EXPERT_REVIEW),
        "expert review",
    );
    let mut quiz = serde_json::to_value(common::review(
        &common::EXAMPLES[4],
        uuid::Uuid::from_u128(10),
    ))
    .unwrap();
    quiz["mode"] = json!("quiz");
    quiz["quiz"] =
        json!({"time_taken_s": 300, "time_limit_s": 420, "timed_out": false, "shuffled": true});
    assert_valid(&review_v, &quiz, "quiz review");
    calibration["calibration"]["agreement"] = json!("most");
    assert!(
        !review_v.is_valid(&calibration),
        "a calibration's agreement is a number"
    );
}

#[test]
fn every_document_has_a_schema_by_name() {
    for doc in Document::ALL {
        assert_eq!(Document::from_name(doc.name()), Some(doc));
        let schema = serde_json::to_value(doc.schema()).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    }
}

#[test]
fn the_config_schema_accepts_a_full_configuration() {
    let v = validator_of(WidgetConfig::schema(), "config");
    let config = json!({
        "endpoint": "https://crm.example.com/api/qa/reviews/{review_id}", "method": "PUT",
        "headers": {"Authorization": "Bearer t0k3n"}, "timeout_ms": 20000,
        "retry": {"max_attempts": 5, "base_delay_ms": 500, "max_delay_ms": 30000},
        "credentials": "include", "mode": "calibrate", "lang": "zh-CN",
        "quiz": {"time_limit_s": 600, "shuffle": true}, "calibration": {"tolerance": 3},
        "reference": "/api/reviews/6a1c4f0e-3b2d-4e8f-9a7b-5c6d7e8f9012",
        "context": {"agent_id": "1024", "call_id": "C-88231"}, "reviewer": {"id": "qc-07"},
        "rubric": "/rubrics/cc-qc-standard.json"
    });
    assert_valid(&v, &config, "full config");
    assert!(WidgetConfig::from_value(config).is_ok());
    assert!(!v.is_valid(&json!({"method": "DELETE"})));
}
