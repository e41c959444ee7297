//! The `rubric` binary, run as a backend or a CI pipeline would run it.

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

mod common;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rubrics")
        .join(name)
}

fn rubric(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rubric"))
        .args(args)
        .output()
        .expect("the rubric binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A file in this test's own scratch directory.
fn scratch(name: &str, contents: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn validate_prints_a_one_line_summary() {
    let path = fixture("cc-qc-standard.json");
    let out = rubric(&["validate", path_str(&path)]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}: ok: cc-qc-standard 2026.1 \"呼叫中心通话质检评分表\": deduct, max 100, precision 1, 7 sections, 21 items\n",
            path.display()
        )
    );
}

#[test]
fn validate_checks_every_rubric_it_is_given() {
    let good = fixture("cc-qc-standard.json");
    let broken = scratch("broken-among-good.json", r#"{"format": "rubric/v2"}"#);
    let also_good = fixture("trainee-quiz-phrases.json");
    let out = rubric(&[
        "validate",
        path_str(&good),
        path_str(&broken),
        path_str(&also_good),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "one invalid rubric fails the run"
    );
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        2,
        "the valid ones are still summarised: {stdout}"
    );
    assert!(lines[0].starts_with(&format!("{}: ok: cc-qc-standard", good.display())));
    assert!(lines[1].starts_with(&format!(
        "{}: ok: quiz-standard-phrases",
        also_good.display()
    )));
    let stderr = text(&out.stderr);
    assert!(
        stderr
            .lines()
            .all(|l| l.starts_with(&format!("{}: ", broken.display()))),
        "every problem names its file: {stderr}"
    );
    assert!(
        stderr.contains("format: expected \"rubric/v1\""),
        "{stderr}"
    );
    // None given: a usage error, not a silent success.
    assert_eq!(rubric(&["validate"]).status.code(), Some(2));
}

#[test]
fn validate_lists_every_problem_on_stderr_and_exits_1() {
    let broken = scratch(
        "broken.json",
        r#"{"format": "rubric/v1", "id": "b", "version": "1", "title": "B",
            "scoring": {"method": "deduct", "precision": 7},
            "sections": [{"id": "s", "title": "S", "weight": 90, "items": [
              {"id": "a", "kind": "check", "points": 1, "title": "A"},
              {"id": "a", "kind": "choice", "title": "A2", "options": []}]}]}"#,
    );
    let out = rubric(&["validate", path_str(&broken)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let p = broken.display();
    assert_eq!(
        text(&out.stderr),
        format!(
            "{p}: scoring.precision: expected an integer from 0 to 4, found 7\n\
             {p}: sections[0].items[1].id: expected a unique id, found \"a\" again (first at sections[0].items[0].id)\n\
             {p}: sections[0].items[1].options: expected a non-empty array of options, found []\n\
             {p}: sections: expected section weights adding up to scoring.max (100), found a total of 90\n"
        )
    );
}

#[test]
fn validate_reports_malformed_json_with_line_and_column() {
    let broken = scratch("malformed.json", "{\n  \"format\": \"rubric/v1\",\n}");
    let out = rubric(&["validate", path_str(&broken)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "{}: line 3, column 1: malformed JSON: trailing comma\n",
            broken.display()
        )
    );
}

#[test]
fn an_unreadable_file_is_named() {
    let out = rubric(&["validate", "/nonexistent/rubric.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("/nonexistent/rubric.json: cannot read: "));
}

#[test]
fn score_agrees_with_every_shared_example() {
    for example in common::EXAMPLES {
        let (rubric_name, _) = example.name.split_once('.').unwrap();
        let out = rubric(&[
            "score",
            path_str(&fixture(&format!("{rubric_name}.json"))),
            path_str(&fixture(&format!("examples/{}.answers.json", example.name))),
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            example.name,
            text(&out.stderr)
        );
        let actual: Value = serde_json::from_slice(&out.stdout).unwrap();
        common::assert_subset(&actual, &common::json(example.score), example.name);
    }
}

#[test]
fn score_accepts_a_review_document_and_verifies_its_score() {
    let rubric_path = fixture("cc-qc-standard.json");
    let answers = common::json(common::EXAMPLES[0].answers);
    let score = common::json(common::EXAMPLES[0].score);
    let review = |score: Value| {
        json!({"format": "review/v1", "review_id": "0b6f1c1e-9d7a-4c55-8a33-1f2e3d4c5b6a",
               "answers": answers, "score": score})
    };
    // A correct score: only the fields the shared example lists are compared, the
    // re-computed trace and percents come from the engine.
    let computed = rubric(&[
        "score",
        path_str(&rubric_path),
        path_str(&scratch("a.json", &answers.to_string())),
    ]);
    let computed: Value = serde_json::from_slice(&computed.stdout).unwrap();
    let good = scratch("good-review.json", &review(computed).to_string());
    let out = rubric(&["score", "--verify", path_str(&rubric_path), path_str(&good)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let mut tampered = common::json(&serde_json::to_string(&score).unwrap());
    tampered["total"] = json!(88.0);
    let mut full: Value =
        serde_json::from_slice(&rubric(&["score", path_str(&rubric_path), path_str(&good)]).stdout)
            .unwrap();
    full["total"] = tampered["total"].clone();
    let bad = scratch("bad-review.json", &review(full).to_string());
    let out = rubric(&["score", "--verify", path_str(&rubric_path), path_str(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "{}: the review's score differs from the re-computed one:\n  score.total: 88.0 → 68.0\n",
            bad.display()
        )
    );
}

#[test]
fn score_names_the_answer_that_is_wrong() {
    let answers = scratch(
        "wrong.json",
        r#"{"interrupt": {"value": 25}, "opening": {"value": "ok", "tags": ["cold"]}}"#,
    );
    let out = rubric(&[
        "score",
        path_str(&fixture("cc-qc-standard.json")),
        path_str(&answers),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let a = answers.display();
    assert_eq!(
        text(&out.stderr),
        format!(
            "{a}: answers.interrupt.value: expected an integer from 0 to 20 (the item's limit), found 25\n\
             {a}: answers.opening.tags[0]: expected no tags (item opening has none), found \"cold\"\n"
        )
    );
}

#[test]
fn score_warns_about_na_on_an_item_without_na() {
    let out = rubric(&[
        "score",
        path_str(&fixture("support-qa-weighted.json")),
        path_str(&fixture("examples/support-qa-weighted.na.answers.json")),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).ends_with(
        "warning: answers.tagged.na: the rubric offers no N/A on this item; counted as N/A\n"
    ));
}

#[test]
fn schema_prints_json_schemas_generated_from_the_types() {
    for (doc, title) in [("rubric", "rubric/v1"), ("review", "review/v1")] {
        let out = rubric(&["schema", doc]);
        assert_eq!(out.status.code(), Some(0));
        let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["title"], title);
    }
    let out = rubric(&["schema", "rubric"]);
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["$defs"]["Id"]["pattern"], "^[A-Za-z0-9_.\\-]{1,64}$");
    assert_eq!(
        rubric(&["schema", "nonsense"]).status.code(),
        Some(2),
        "usage errors exit 2"
    );
}

#[test]
fn gen_is_deterministic_and_valid() {
    let a = rubric(&["gen", "50", "--seed", "7"]);
    let b = rubric(&["gen", "50", "--seed", "7"]);
    assert_eq!(a.stdout, b.stdout);
    let path = scratch("gen.json", &text(&a.stdout));
    let out = rubric(&["validate", path_str(&path)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(", 50 items") || text(&out.stdout).contains("items"));
    let answers = scratch(
        "gen-answers.json",
        &text(&rubric(&["gen", "50", "--seed", "7", "--answers", "3"]).stdout),
    );
    assert_eq!(
        rubric(&["score", path_str(&path), path_str(&answers)])
            .status
            .code(),
        Some(0)
    );
}

fn calibration_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/calibration")
        .join(name)
}

#[test]
fn compare_prints_the_calibration_report_a_backend_needs() {
    let (rubric_path, mine, expert) = (
        fixture("cc-qc-standard.json"),
        fixture("examples/cc-qc-standard.typical.answers.json"),
        calibration_fixture("cc-qc-standard.expert.review.json"),
    );
    let args = [
        "compare",
        path_str(&rubric_path),
        path_str(&mine),
        path_str(&expert),
    ];
    let out = rubric(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    common::assert_subset(
        &report,
        &json!({
            "mine_total": 68.0, "reference_total": 74.0, "total_delta": -6.0, "agreement": 0.8947,
            "compared": 19, "tolerance": 5.0, "calibrated": false, "disagreements": ["closing", "interrupt"],
        }),
        "compare",
    );
    let closing = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "closing")
        .unwrap();
    assert_eq!(
        (&closing["agree"], &closing["delta"]),
        (&json!(false), &json!(-4.0))
    );

    let looser = rubric(&[&args[..], &["--tolerance", "6"]].concat());
    let report: Value = serde_json::from_str(&text(&looser.stdout)).unwrap();
    assert_eq!(report["calibrated"], json!(true));

    let misfit = scratch(
        "misfit.answers.json",
        r#"{"closing": {"value": "perfect"}}"#,
    );
    let out = rubric(&[
        "compare",
        path_str(&rubric_path),
        path_str(&misfit),
        path_str(&expert),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("misfit.answers.json: answers.closing.value"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn review_wraps_answers_into_the_expert_reference_fixture() {
    let rubric_path = fixture("cc-qc-standard.json");
    let answers = calibration_fixture("cc-qc-standard.expert.answers.json");
    let out = rubric(&[
        "review",
        path_str(&rubric_path),
        path_str(&answers),
        "--id",
        "6a1c4f0e-3b2d-4e8f-9a7b-5c6d7e8f9012",
        "--reviewer",
        "expert-01",
        "--context",
        "call_id=C-88231",
        "--context",
        "agent_id=1024",
        "--at",
        "2026-11-20T09:30:00Z",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut made: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let mut fixture = common::json(common::EXPERT_REVIEW);
    // The client's version moves with the crate; everything else is the fixture.
    made.as_object_mut().unwrap().remove("client");
    fixture.as_object_mut().unwrap().remove("client");
    assert_eq!(made, fixture);

    let out = rubric(&[
        "review",
        path_str(&rubric_path),
        path_str(&answers),
        "--context",
        "call_id",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--context \"call_id\": expected KEY=VALUE"),
        "{}",
        text(&out.stderr)
    );
}

/// The reviews the first receiver stored (tests/fixtures/receiver/), as NDJSON.
const STORED: &str = include_str!("fixtures/receiver/v0-requests.ndjson");

fn report_args<'a>(reviews: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "report",
        "--rubric",
        "cc-qc-standard",
        "--from",
        "2026-11-01T00:00:00+08:00",
        "--to",
        "2026-12-01T00:00:00+08:00",
        "--tz",
        "Asia/Shanghai",
    ];
    args.extend(more);
    args.push(reviews);
    args
}

#[test]
fn report_gives_the_core_s_stats_v1_for_an_export() {
    use rubric_widget::core::stats::{Fact, Query, Report};
    let path = scratch("export.ndjson", STORED);
    let out = rubric(&report_args(path_str(&path), &[]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The same reviews through core::stats directly, items in the order they appear.
    let mut order = Vec::new();
    let facts: Vec<Fact> = STORED
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let review = rubric_widget::core::Review::from_json(l).unwrap();
            Fact::of(&review, &review.score).unwrap()
        })
        .collect();
    for fact in &facts {
        for item in &fact.items {
            if !order.contains(&item.id) {
                order.push(item.id.clone());
            }
        }
    }
    let mut report = Report::new(
        Query::new(
            "cc-qc-standard",
            "2026-11-01T00:00:00+08:00",
            "2026-12-01T00:00:00+08:00",
            Some("Asia/Shanghai"),
            None,
        )
        .unwrap(),
        order,
    );
    for fact in &facts {
        report.add(fact);
    }
    assert_eq!(got, serde_json::to_value(report.finish()).unwrap());
    assert_eq!(
        (got["summary"]["reviews"].as_u64(), &got["tz"]),
        (Some(7), &json!("Asia/Shanghai"))
    );
}

#[test]
fn report_tables_come_as_csv_and_markdown() {
    let path = scratch("export-tables.ndjson", STORED);
    let csv = rubric(&report_args(
        path_str(&path),
        &["--format", "csv", "--table", "agents"],
    ));
    assert_eq!(csv.status.code(), Some(0), "{}", text(&csv.stderr));
    let csv = text(&csv.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "agent_id,reviews,mean_total,pass_rate,fatal_rate,error_rate,previous_mean_total,delta"
    );
    // Worst first.
    assert!(
        lines[1].starts_with("77,")
            || lines[1].starts_with("1024,")
            || lines[1].starts_with("3001,"),
        "{csv}"
    );
    assert_eq!(lines.len(), 4, "three agents: {csv}");
    let md = text(&rubric(&report_args(path_str(&path), &["--format", "md"])).stdout);
    for heading in [
        "## summary",
        "## items",
        "## agents",
        "## reviewers",
        "## trend",
    ] {
        assert!(md.contains(heading), "{md}");
    }
    assert!(md.contains("| 不合格:3; 合格:4 |"), "{md}");
}

#[test]
fn report_names_the_line_of_a_bad_review_and_the_field_of_a_bad_query() {
    let path = scratch(
        "export-bad.ndjson",
        &format!(
            "{}\n{{\"format\": \"review/v1\"}}\n",
            STORED.lines().next().unwrap()
        ),
    );
    let out = rubric(&report_args(path_str(&path), &[]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with(&format!("{}:2: ", path.display())),
        "{}",
        text(&out.stderr)
    );
    let mut args = report_args(path_str(&path), &[]);
    args[8] = "Mars/Olympus";
    let out = rubric(&args);
    assert_eq!(
        text(&out.stderr),
        "tz: \"Mars/Olympus\" is not an IANA time zone (like Asia/Shanghai or UTC)\n"
    );
}
