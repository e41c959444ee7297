//! `stats/v1`'s invariants over generated reviews (native only, like properties.rs):
//! counts over two halves of a period add up to the counts over the whole, and no
//! input makes the report panic.

#![cfg(all(not(target_arch = "wasm32"), feature = "stats"))]

use proptest::prelude::*;
use rubric_widget::core::stats::{Fact, ItemFact, Query, Report};
use rubric_widget::core::{ItemStatus, Mode};
use serde_json::Value;

const FROM: i64 = 1_793_462_400_000; // 2026-10-31T16:00:00Z, November in Shanghai
const TO: i64 = 1_796_054_400_000;

fn item() -> impl Strategy<Value = ItemFact> {
    let status = prop_oneof![
        Just(ItemStatus::Scored),
        Just(ItemStatus::Na),
        Just(ItemStatus::Hidden),
        Just(ItemStatus::Missing),
    ];
    (
        0usize..4,
        status,
        0u8..5,
        0u8..5,
        any::<bool>(),
        prop::collection::vec(0usize..3, 0..3),
    )
        .prop_map(|(id, status, earned, possible, critical, tags)| ItemFact {
            id: format!("i{id}"),
            status,
            earned: Some(f64::from(earned.min(possible))),
            possible: Some(f64::from(possible)),
            critical,
            tags: tags.into_iter().map(|t| format!("t{t}")).collect(),
        })
}

fn fact(any_total: bool) -> impl Strategy<Value = Fact> {
    let total = if any_total {
        any::<f64>().prop_map(Some).boxed()
    } else {
        prop::option::of((0u32..1001).prop_map(|t| f64::from(t) / 10.0)).boxed()
    };
    (
        total,
        prop::option::of(any::<bool>()),
        any::<bool>(),
        prop::option::of(0usize..3),
        0usize..5,
        0usize..3,
        FROM - 40 * 86_400_000..TO + 86_400_000,
        prop::collection::vec(item(), 0..5),
    )
        .prop_map(
            |(total, passed, fatal, grade, agent, reviewer, at, items)| Fact {
                rubric_id: "cc".into(),
                mode: Mode::Inspect,
                submitted_ms: at,
                total,
                passed,
                fatal,
                grade: grade.map(|g| ["优秀", "合格", "不合格"][g].to_owned()),
                agent_id: Some(format!("A{agent}")),
                team: Some("T".into()),
                reviewer_id: Some(format!("r{reviewer}")),
                items,
                calibration: None,
            },
        )
}

fn stats(facts: &[Fact], from: i64, to: i64) -> Value {
    let at = |ms: i64| {
        jiff::Timestamp::from_millisecond(ms)
            .map(|t| t.to_string())
            .unwrap_or_default()
    };
    let query = Query::new("cc", &at(from), &at(to), Some("Asia/Shanghai"), Some("day"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut report = Report::new(query, vec!["i0".into(), "i1".into()]);
    for f in facts {
        report.add(f);
    }
    serde_json::to_value(report.finish()).unwrap_or_default()
}

/// The counts a report's parts add up to: reviews, grades, per-item counts and tags,
/// per-agent reviews, per-day reviews.
fn counts(stats: &Value) -> Vec<(String, u64)> {
    let mut out = vec![(
        "reviews".to_owned(),
        stats["summary"]["reviews"].as_u64().unwrap_or(0),
    )];
    let object = |v: &Value| v.as_object().cloned().unwrap_or_default();
    for (grade, n) in object(&stats["summary"]["grades"]) {
        out.push((format!("grade {grade}"), n.as_u64().unwrap_or(0)));
    }
    let rows = |key: &str| stats[key].as_array().cloned().unwrap_or_default();
    for item in rows("items") {
        let id = item["id"].as_str().unwrap_or_default().to_owned();
        for field in ["applicable", "lost", "fired", "na"] {
            out.push((format!("{id} {field}"), item[field].as_u64().unwrap_or(0)));
        }
        for (tag, n) in object(&item["tags"]) {
            out.push((format!("{id} tag {tag}"), n.as_u64().unwrap_or(0)));
        }
    }
    for agent in rows("agents") {
        out.push((
            format!("agent {}", agent["agent_id"]),
            agent["reviews"].as_u64().unwrap_or(0),
        ));
    }
    for point in stats["trend"]["points"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        out.push((
            format!("day {}", point["start"]),
            point["reviews"].as_u64().unwrap_or(0),
        ));
    }
    out
}

fn added(parts: &[Vec<(String, u64)>]) -> std::collections::BTreeMap<String, u64> {
    let mut sum = std::collections::BTreeMap::new();
    for (k, n) in parts.iter().flatten() {
        *sum.entry(k.clone()).or_insert(0) += n;
    }
    sum.retain(|_, n| *n > 0);
    sum
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_counts_of_two_halves_add_up_to_the_whole(facts in prop::collection::vec(fact(false), 0..60), cut in 1i64..30) {
        // Cut at a Shanghai midnight, so no day is split between the halves.
        let mid = FROM + cut * 86_400_000;
        let whole = counts(&stats(&facts, FROM, TO));
        let halves = [counts(&stats(&facts, FROM, mid)), counts(&stats(&facts, mid, TO))];
        prop_assert_eq!(added(&[whole]), added(&halves));
    }

    #[test]
    fn no_input_makes_a_report_panic(facts in prop::collection::vec(fact(true), 0..30), from in any::<i64>(), span in 1i64..i64::MAX / 4) {
        let mut report = Report::new(
            Query::new("cc", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", None, None).unwrap_or_else(|e| panic!("{e}")),
            vec![],
        );
        for mut f in facts {
            f.submitted_ms = from.saturating_add(f.submitted_ms % span);
            report.add(&f);
        }
        let _ = serde_json::to_string(&report.finish());
    }
}
