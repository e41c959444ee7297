//! `rubric-receiver seed`: a made-up center's months of reviews
//! (`core::generate::center`), stored as received reviews are, so that the reports
//! have something to show on a fresh machine.

use super::row::NewReview;
use super::rubrics::Rubrics;
use super::store::{Store, StoreError};
use crate::core::RubricRef;
use crate::core::generate::center::{Center, Generator, Sample};

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("no rubric {0:?} is known (see --rubrics)")]
    Unknown(String),
    #[error("no rubric to make reviews for (see --rubrics)")]
    Nothing,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Store `count` reviews over the `days` before now, of the newest version of each
/// rubric in `ids` (every known rubric when empty), in shares of equal size, every
/// 40th call a calibration compared at `tolerance`; how many were stored.
pub fn seed(
    store: &Store,
    rubrics: &Rubrics,
    ids: &[String],
    count: u64,
    days: i64,
    tolerance: f64,
) -> Result<u64, SeedError> {
    let names: Vec<String> = match ids {
        [] => rubrics.ids(),
        given => given.to_vec(),
    };
    let mut samples = Vec::new();
    for id in &names {
        let known = rubrics
            .newest(id)
            .ok_or_else(|| SeedError::Unknown(id.clone()))?;
        let rubric = known.scorer.rubric();
        samples.push(Sample {
            scorer: known.scorer.clone(),
            rubric: RubricRef {
                id: rubric.id.clone(),
                version: rubric.version.clone(),
                digest: known.digest.clone(),
            },
            share: 1,
        });
    }
    if samples.is_empty() {
        return Err(SeedError::Nothing);
    }
    let mut center = Center::new(jiff::Timestamp::now().as_second());
    center.days = days.max(1);
    let mut generator = Generator::new(center, samples);
    let received_at = jiff::Timestamp::now().to_string();
    let mut stored = 0;
    let mut batch = Vec::with_capacity(2_000);
    let mut n = 0;
    while n < count {
        // Every 40th call is also a calibration: the expert's review and an
        // inspector's, compared (two reviews).
        let made =
            match (n % 40 == 39 && n + 1 < count).then(|| generator.calibration(n, tolerance)) {
                Some(Some(pair)) => pair.into_iter().collect(),
                _ => generator.review(n).into_iter().collect::<Vec<_>>(),
            };
        n += made.len().max(1) as u64;
        for review in made {
            let score = review.score.clone();
            batch.push(NewReview::new(review, score, true));
        }
        if batch.len() >= 2_000 || n >= count {
            store.bulk_insert(&batch, &received_at)?;
            stored += batch.len() as u64;
            batch.clear();
        }
    }
    Ok(stored)
}
