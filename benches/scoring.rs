//! Scoring speed, as a server re-scoring submitted reviews sees it.
//!
//! `cargo bench --bench scoring` reports time per review for a 50- and a 1,000-item
//! generated rubric: the whole path (answers validated and resolved, then scored) and
//! the scoring step alone (answers already resolved, as the UI re-scores on a click).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rubric_widget::core::Scorer;
use rubric_widget::core::generate::{self, Spec};

fn scoring(c: &mut Criterion) {
    let mut group = c.benchmark_group("review");
    for items in [50, 1000] {
        // Several answer sets, so no single lucky branch pattern is measured.
        let rubric = generate::rubric(Spec::new(items, 42));
        let scorer = match Scorer::new(rubric) {
            Ok(s) => s,
            Err(e) => panic!("generated rubric is invalid: {e}"),
        };
        let answers: Vec<_> = (0..16)
            .map(|seed| generate::answers(scorer.rubric(), seed))
            .collect();
        let resolved: Vec<_> = answers
            .iter()
            .map(|a| scorer.resolve(a).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("generated answers are invalid: {e}"));
        group.throughput(Throughput::Elements(1));
        group.bench_with_input(
            BenchmarkId::new("validate+score", items),
            &answers,
            |b, all| {
                let mut i = 0;
                b.iter(|| {
                    i = (i + 1) % all.len();
                    black_box(scorer.score(black_box(&all[i])).ok())
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("score", items), &resolved, |b, all| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % all.len();
                black_box(scorer.score_resolved(black_box(&all[i])))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, scoring);
criterion_main!(benches);
