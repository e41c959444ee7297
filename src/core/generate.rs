//! Deterministic, realistic rubrics and answers for tests and benchmarks.
//!
//! The same `(items, seed)` always gives the same rubric on every platform, so the
//! property tests, the browser/server agreement test and the benchmarks all share
//! one generator. Every item kind appears, about a tenth of the items allow N/A,
//! some items are `show_if` chains, some are critical or bonus, points are sometimes
//! fractional, and precision, grades and pass marks vary.

#[cfg(feature = "stats")]
pub mod center;

use indexmap::IndexMap;
use serde_json::{Value, json};

use super::answers::{Answer, Answers};
use super::rubric::{
    Band, ChoiceOption, Critical, Grade, Id, Item, ItemKind, Method, Rubric, RubricFormat, Scoring,
    Section, ShowIf, Tag,
};
use super::text::Text;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spec {
    /// Scored items (text items come on top, about one in twenty).
    pub items: usize,
    pub seed: u64,
    /// The scoring method; chosen by the seed when `None`.
    pub method: Option<Method>,
}

impl Spec {
    pub fn new(items: usize, seed: u64) -> Self {
        Spec {
            items,
            seed,
            method: None,
        }
    }
}

/// A rubric with `spec.items` scored items over sections of about eight.
pub fn rubric(spec: Spec) -> Rubric {
    let mut rng = fastrand::Rng::with_seed(spec.seed);
    let method = spec
        .method
        .unwrap_or_else(|| [Method::Sum, Method::Weighted, Method::Deduct][below(&mut rng, 3)]);
    let n = spec.items.max(1);
    let per_section = 8;
    let n_sections = n.div_ceil(per_section);
    let mut sections = Vec::with_capacity(n_sections);
    // Items a later show_if may point at: (id, values it can take).
    let mut testable: Vec<(Id, Vec<String>)> = Vec::new();
    let mut made = 0;
    for s in 0..n_sections {
        let count = per_section.min(n - made);
        let mut items = Vec::with_capacity(count + 1);
        for _ in 0..count {
            let item = scored_item(&mut rng, made, &testable);
            if let Some(values) = testable_values(&item) {
                testable.push((item.id.clone(), values));
            }
            items.push(item);
            made += 1;
        }
        if rng.u8(0..20) == 0 || s + 1 == n_sections {
            items.push(text_item(&mut rng, s));
        }
        sections.push(Section {
            id: Id::from(format!("s{s}").as_str()),
            title: localized(&format!("第{}部分", s + 1), &format!("Part {}", s + 1)),
            description: None,
            weight: None,
            items,
        });
    }

    let mut max = [100.0, 100.0, 10.0, 20.0, 50.0][below(&mut rng, 5)];
    match method {
        Method::Sum => {}
        Method::Weighted => {
            for section in &mut sections {
                section.weight = Some(f64::from([0, 10, 20, 25, 30, 40][below(&mut rng, 6)]));
            }
        }
        Method::Deduct => {
            // A section's budget is what its items can lose; the budgets make the max.
            for section in &mut sections {
                let budget: f64 = section
                    .items
                    .iter()
                    .filter(|i| !i.is_bonus())
                    .map(Item::possible)
                    .sum();
                section.weight = Some(budget);
            }
            if sections.iter().all(|s| s.weight == Some(0.0)) {
                sections[0].weight = Some(1.0);
            }
            max = sections.iter().filter_map(|s| s.weight).sum();
        }
    }

    let grades = if rng.bool() {
        vec![
            Grade {
                min: 0.9 * max,
                label: localized("优秀", "Excellent"),
            },
            Grade {
                min: 0.6 * max,
                label: localized("合格", "Pass"),
            },
            Grade {
                min: 0.0,
                label: localized("不合格", "Fail"),
            },
        ]
    } else {
        Vec::new()
    };
    Rubric {
        format: RubricFormat::V1,
        id: Id::from(format!("gen-{}-{}", spec.items, spec.seed).as_str()),
        version: "1".into(),
        title: localized(
            &format!("生成的评分表 ({n} 项)"),
            &format!("Generated rubric ({n} items)"),
        ),
        description: None,
        locale: Some("zh-CN".into()),
        scoring: Scoring {
            method,
            max: Some(max),
            precision: Some(rng.u8(0..=4)),
            pass: rng.bool().then_some(0.6 * max),
            grades,
        },
        sections,
    }
}

/// Valid answers for `rubric`: most items answered, some N/A, some left open.
pub fn answers(rubric: &Rubric, seed: u64) -> Answers {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x9e37_79b9_7f4a_7c15);
    let mut out = Answers::default();
    for (_, item) in rubric.items() {
        let roll = rng.u8(0..100);
        if roll < 8 {
            continue;
        }
        if item.na_allowed() && roll < 23 {
            out.insert(item.id.to_string(), Answer::na());
            continue;
        }
        let mut answer = Answer::value(value_for(&mut rng, item));
        if !item.tags.is_empty() && rng.bool() {
            answer
                .tags
                .push(item.tags[below(&mut rng, item.tags.len())].id.to_string());
        }
        if rng.u8(0..10) == 0 {
            answer.comment = Some("02:15 抢话".into());
        }
        out.insert(item.id.to_string(), answer);
    }
    out
}

/// A random valid value for `item`.
pub fn value_for(rng: &mut fastrand::Rng, item: &Item) -> Value {
    match &item.kind {
        ItemKind::Check { .. } => json!(if rng.u8(0..4) == 0 { "fail" } else { "pass" }),
        ItemKind::Choice { options } => json!(options[below(rng, options.len())].id.as_str()),
        ItemKind::Multi { options, .. } => {
            let chosen: Vec<&str> = options
                .iter()
                .filter(|_| rng.bool())
                .map(|o| o.id.as_str())
                .collect();
            json!(chosen)
        }
        ItemKind::Count { limit, .. } => json!(rng.u64(0..=limit.unwrap_or(6))),
        ItemKind::Number {
            bands, min, max, ..
        } => {
            let lo = min.unwrap_or(0.0);
            let top = bands
                .last()
                .and_then(|b| b.upto)
                .or(*max)
                .unwrap_or(lo + 90.0);
            let hi = max.map_or(top, |m| m.min(top));
            let v = lo + (hi - lo) * rng.f64();
            json!((v * 10.0).round() / 10.0)
        }
        ItemKind::Text { .. } => json!("整体良好"),
    }
}

fn scored_item(rng: &mut fastrand::Rng, k: usize, testable: &[(Id, Vec<String>)]) -> Item {
    let points = |rng: &mut fastrand::Rng| -> f64 {
        if rng.u8(0..6) == 0 {
            f64::from(rng.u8(1..=9)) + 0.5
        } else {
            f64::from(rng.u8(0..=10))
        }
    };
    let critical = |rng: &mut fastrand::Rng| match rng.u8(0..40) {
        0 => Some(Critical::Form),
        1 => Some(Critical::Section),
        _ => None,
    };
    let kind = match rng.u8(0..100) {
        0..30 => ItemKind::Check {
            points: points(rng),
            critical: critical(rng),
        },
        30..62 => {
            let n = 2 + below(rng, 4);
            let top = points(rng);
            let options = (0..n)
                .map(|o| ChoiceOption {
                    id: Id::from(format!("o{o}").as_str()),
                    label: localized(&format!("选项{o}"), &format!("Option {o}")),
                    points: top * (n - 1 - o) as f64 / (n - 1) as f64,
                    critical: if o + 1 == n { critical(rng) } else { None },
                    correct: (o == 0).then_some(true),
                    explain: None,
                })
                .collect();
            ItemKind::Choice { options }
        }
        62..74 => {
            let deduction = rng.u8(0..3) == 0;
            let n = 2 + below(rng, 4);
            let options: Vec<ChoiceOption> = (0..n)
                .map(|o| {
                    let p = points(rng);
                    ChoiceOption {
                        id: Id::from(format!("m{o}").as_str()),
                        label: localized(&format!("步骤{o}"), &format!("Step {o}")),
                        points: if deduction { -p } else { p },
                        critical: None,
                        correct: None,
                        explain: None,
                    }
                })
                .collect();
            let sum: f64 = options.iter().map(|o| o.points.abs()).sum();
            let points = if deduction || rng.u8(0..3) == 0 {
                Some((sum * 0.8).round())
            } else {
                None
            };
            ItemKind::Multi { options, points }
        }
        74..87 => ItemKind::Count {
            points: points(rng),
            per: f64::from(rng.u8(1..=3)),
            limit: rng.bool().then_some(10),
        },
        _ => {
            let n = 1 + below(rng, 4);
            let mut bands: Vec<Band> = (0..n)
                .map(|b| Band {
                    upto: Some(10.0 * (b + 1) as f64),
                    points: f64::from(rng.u8(0..=5)),
                })
                .collect();
            if rng.u8(0..10) < 7 {
                bands.push(Band {
                    upto: None,
                    points: 0.0,
                });
            }
            ItemKind::Number {
                bands,
                unit: Some(Text::Plain("s".into())),
                min: Some(0.0),
                max: rng.bool().then_some(120.0),
            }
        }
    };
    let show_if = (!testable.is_empty() && rng.u8(0..12) == 0).then(|| {
        // Prefer a recent item, so chains of show_if form.
        let from = testable.len().saturating_sub(3);
        let (target, values) = &testable[from + below(rng, testable.len() - from)];
        let mut chosen: Vec<String> = values.iter().filter(|_| rng.bool()).cloned().collect();
        if chosen.is_empty() {
            chosen.push(values[0].clone());
        }
        ShowIf {
            item: target.clone(),
            values: chosen,
        }
    });
    let tags = if rng.u8(0..5) == 0 {
        vec![
            Tag {
                id: "kb_outdated".into(),
                label: localized("知识库过期", "Outdated knowledge base"),
            },
            Tag {
                id: "training_gap".into(),
                label: localized("培训不足", "Training gap"),
            },
        ]
    } else {
        Vec::new()
    };
    let bonus = rng.u8(0..30) == 0;
    Item {
        id: Id::from(format!("q{k}").as_str()),
        title: localized(&format!("质检项 {k}"), &format!("Item {k}")),
        kind,
        description: None,
        guide: (rng.u8(0..4) == 0).then(|| localized("按标准话术评分", "Score against the script")),
        explain: None,
        na: (rng.u8(0..10) == 0).then_some(true),
        required: if bonus { Some(false) } else { None },
        show_if,
        bonus: bonus.then_some(true),
        tags,
    }
}

fn text_item(rng: &mut fastrand::Rng, s: usize) -> Item {
    Item {
        id: Id::from(format!("notes{s}").as_str()),
        title: localized("评语", "Remarks"),
        kind: ItemKind::Text {
            max_length: rng.bool().then_some(2000),
        },
        description: None,
        guide: None,
        explain: None,
        na: None,
        required: None,
        show_if: None,
        bonus: None,
        tags: Vec::new(),
    }
}

fn testable_values(item: &Item) -> Option<Vec<String>> {
    match &item.kind {
        ItemKind::Check { .. } => Some(vec!["pass".into(), "fail".into()]),
        ItemKind::Choice { options } | ItemKind::Multi { options, .. } => {
            Some(options.iter().map(|o| o.id.to_string()).collect())
        }
        _ => None,
    }
}

/// A number in `0..n` drawn the same way on 32- and 64-bit targets (`Rng::usize`
/// is not), so native and wasm32 generate identical rubrics.
fn below(rng: &mut fastrand::Rng, n: usize) -> usize {
    rng.u32(0..u32::try_from(n).unwrap_or(u32::MAX)) as usize
}

fn localized(zh: &str, en: &str) -> Text {
    Text::Localized(IndexMap::from([
        ("zh-CN".to_owned(), zh.to_owned()),
        ("en".to_owned(), en.to_owned()),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Scorer;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn generated_rubrics_are_valid_and_deterministic() {
        for items in [1, 7, 50, 200] {
            for seed in 0..20 {
                let r = rubric(Spec::new(items, seed));
                if let Err(e) = r.validate() {
                    panic!("items {items} seed {seed}: {e}");
                }
                assert_eq!(r, rubric(Spec::new(items, seed)));
                let scorer = Scorer::new(r.clone()).unwrap();
                let a = answers(&r, seed);
                scorer
                    .score(&a)
                    .unwrap_or_else(|e| panic!("items {items} seed {seed}: {e}"));
            }
        }
    }

    #[test]
    fn every_kind_and_feature_appears() {
        let r = rubric(Spec::new(1000, 7));
        let items: Vec<&Item> = r.items().map(|(_, i)| i).collect();
        for kind in ItemKind::NAMES {
            assert!(
                items.iter().any(|i| i.kind.name() == *kind),
                "no {kind} item"
            );
        }
        let share = |f: &dyn Fn(&Item) -> bool| items.iter().filter(|i| f(i)).count();
        let na = share(&|i| i.na_allowed());
        assert!((60..=140).contains(&na), "about 10% N/A, got {na}");
        assert!(share(&|i| i.show_if.is_some()) >= 20);
        assert!(share(&|i| i.is_bonus()) >= 5);
        assert!(
            share(&|i| matches!(
                i.kind,
                ItemKind::Check {
                    critical: Some(_),
                    ..
                }
            )) >= 3
        );
    }
}
