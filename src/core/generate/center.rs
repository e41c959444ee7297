//! A call center's months of reviews, made up: for the scale benchmark, the report
//! tests and `rubric-receiver seed` (so a fresh machine's reports have something to
//! show).
//!
//! Each review is a rubric's best answers with an agent's slips: agents differ (8–38 %
//! of items missed), everyone improves over the months (a third fewer slips by the
//! end), critical items slip an eighth as often, one inspector records half the slips
//! (lenient) and one half again as many (strict); slipped items carry a root-cause tag
//! half the time, and items that allow it are N/A one time in ten.

use serde_json::{Value, json};

use super::{below, value_for};
use crate::core::answers::{Answer, Answers};
use crate::core::review::{Review, Reviewer, RubricRef};
use crate::core::rubric::{Item, ItemKind};
use crate::core::score::Scorer;

/// Who and when.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Center {
    pub agents: u64,
    pub teams: u64,
    pub inspectors: u64,
    /// The reviews' time span: `days` before `end_s` (seconds since 1970).
    pub days: i64,
    pub end_s: i64,
    pub seed: u64,
}

impl Center {
    /// 120 agents in 6 teams, 8 inspectors, the 180 days before `end_s`.
    pub fn new(end_s: i64) -> Center {
        Center {
            agents: 120,
            teams: 6,
            inspectors: 8,
            days: 180,
            end_s,
            seed: 1,
        }
    }
}

/// A rubric reviews are made for, with how many of every 100 reviews use it.
pub struct Sample {
    pub scorer: Scorer,
    pub rubric: RubricRef,
    pub share: u64,
}

impl Sample {
    /// The rubric of `text` (its digest is the text's), used by `share` of 100 reviews.
    pub fn new(scorer: Scorer, text: &str, share: u64) -> Sample {
        let rubric = RubricRef::new(scorer.rubric(), text);
        Sample {
            scorer,
            rubric,
            share,
        }
    }
}

/// Makes the reviews, deterministically for a center's seed.
pub struct Generator {
    center: Center,
    samples: Vec<Sample>,
    rng: fastrand::Rng,
}

/// The answer that earns an item's most points, if there is one.
fn best(item: &Item) -> Option<Value> {
    let top = |options: &[crate::core::rubric::ChoiceOption]| {
        options
            .iter()
            .filter(|o| o.critical.is_none())
            .max_by(|a, b| a.points.total_cmp(&b.points))
            .map(|o| json!(o.id.as_str()))
    };
    match &item.kind {
        ItemKind::Check { .. } => Some(json!("pass")),
        ItemKind::Choice { options } => top(options),
        ItemKind::Multi { options, .. } => Some(json!(
            options
                .iter()
                .filter(|o| o.points > 0.0 && o.critical.is_none())
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
        )),
        ItemKind::Count { .. } => Some(json!(0)),
        ItemKind::Number { bands, min, .. } => {
            let (k, band) = bands
                .iter()
                .enumerate()
                .max_by(|(_, a), (_, b)| a.points.total_cmp(&b.points))?;
            let low = match k {
                0 => min.unwrap_or(0.0),
                _ => bands[k - 1].upto.unwrap_or(0.0),
            };
            Some(json!(band.upto.map_or(low + 1.0, |up| (low + up) / 2.0)))
        }
        ItemKind::Text { .. } => None,
    }
}

impl Generator {
    pub fn new(center: Center, samples: Vec<Sample>) -> Generator {
        Generator {
            rng: fastrand::Rng::with_seed(center.seed),
            center,
            samples,
        }
    }

    /// The answers of one review: best answers, with slips at `rate` percent.
    fn answers(&mut self, sample: usize, rate: f64) -> Answers {
        let mut answers = Answers::default();
        let rng = &mut self.rng;
        for (_, item) in self.samples[sample].scorer.rubric().items() {
            if item.na_allowed() && rng.u8(0..10) == 0 {
                answers.insert(item.id.to_string(), Answer::na());
                continue;
            }
            let critical = matches!(
                &item.kind,
                ItemKind::Check {
                    critical: Some(_),
                    ..
                }
            ) || item.kind.options().iter().any(|o| o.critical.is_some());
            let rate = if critical { rate / 8.0 } else { rate };
            let slipped = item.is_scored() && rng.f64() * 100.0 < rate;
            let value = match slipped {
                true => Some(value_for(rng, item)),
                false => best(item),
            };
            let Some(value) = value else { continue };
            let mut answer = Answer::value(value);
            if slipped && !item.tags.is_empty() && rng.bool() {
                answer
                    .tags
                    .push(item.tags[below(rng, item.tags.len())].id.to_string());
            }
            answers.insert(item.id.to_string(), answer);
        }
        answers
    }

    /// Review number `n`, scored by the engine (`None` only if a rubric cannot score
    /// even its best answers).
    pub fn review(&mut self, n: u64) -> Option<Review> {
        let c = self.center;
        let agent = self.rng.u64(0..c.agents.max(1));
        let inspector = self.rng.u64(0..c.inspectors.max(1));
        let pick = self
            .rng
            .u64(0..self.samples.iter().map(|s| s.share).sum::<u64>().max(1));
        let sample = self
            .samples
            .iter()
            .scan(0, |seen, s| {
                *seen += s.share;
                Some(*seen)
            })
            .position(|upto| pick < upto)
            .unwrap_or(0);
        let age = self.rng.i64(0..(c.days * 86_400).max(1));
        let submitted = c.end_s - age;
        // Slips: the agent's own rate, a third more at the start of the span, the
        // lenient inspector seeing half, the strict one half again as many.
        let own = 8.0 + (agent * 7_919 % 100) as f64 * 0.3;
        let progress = 1.0 + age as f64 / (c.days * 86_400).max(1) as f64 / 3.0;
        let eye = match inspector {
            0 => 0.5,
            i if i + 1 == c.inspectors => 1.5,
            _ => 1.0,
        };
        let mut answers = self.answers(sample, own * progress * eye);
        let s = &self.samples[sample];
        let score = match s.scorer.score(&answers) {
            Ok(score) => score,
            Err(_) => {
                answers = Answers::default();
                s.scorer.score(&answers).ok()?
            }
        };
        let at = |t: i64| {
            jiff::Timestamp::from_second(t).map_or_else(|_| String::new(), |t| t.to_string())
        };
        let context = [
            ("agent_id", json!(format!("A{:03}", agent + 1))),
            ("team", json!(format!("T{}", agent % c.teams.max(1) + 1))),
            ("call_id", json!(format!("C-{}", 100_000 + n))),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        // Version 4, RFC variant; the seed and the number make it unique.
        let id = uuid::Uuid::from_u64_pair(
            0x5eed_0000_0000_4000 | (c.seed & 0xffff) << 16,
            0x8000_0000_0000_0000 | n,
        );
        let started = at(submitted - self.rng.i64(180..900));
        let reviewer = Reviewer {
            id: format!("qc-{:02}", inspector + 1),
            name: None,
        };
        let review = Review::new(id, s.rubric.clone(), answers, score, started, at(submitted));
        Some(review.with_context(context).with_reviewer(Some(reviewer)))
    }
}

impl Generator {
    /// The n-th calibration (质检校准): the expert's reference review of a call
    /// (reviewer `qc-lead`, mode `calibrate` without a comparison of its own) and an
    /// inspector's review of the same call, its answers drawn afresh with the
    /// inspector's eye, compared with the expert's by the engine at `tolerance`.
    pub fn calibration(&mut self, n: u64, tolerance: f64) -> Option<[Review; 2]> {
        let mut expert = self.review(n)?;
        let sample = self
            .samples
            .iter()
            .position(|s| s.rubric.id == expert.rubric.id)?;
        let inspector = self.rng.u64(0..self.center.inspectors.max(1));
        let eye = match inspector {
            0 => 0.5,
            i if i + 1 == self.center.inspectors => 1.5,
            _ => 1.0,
        };
        let answers = self.answers(sample, 12.0 * eye);
        let scorer = &self.samples[sample].scorer;
        let score = scorer.score(&answers).ok()?;
        let comparison = crate::core::compare(scorer, &answers, &expert.answers, tolerance).ok()?;
        expert.mode = crate::core::Mode::Calibrate;
        expert.reviewer = Some(Reviewer {
            id: "qc-lead".to_owned(),
            name: None,
        });
        let mut mine = expert.clone();
        // The expert's id with a bit of the number part set (a review number never
        // reaches it; the RFC variant bits stay): unique too.
        let (high, low) = expert.review_id.as_u64_pair();
        mine.review_id = uuid::Uuid::from_u64_pair(high, low | 0x2000_0000_0000_0000);
        mine.answers = answers;
        mine.score = score;
        mine.reviewer = Some(Reviewer {
            id: format!("qc-{:02}", inspector + 1),
            name: None,
        });
        mine.calibration = Some(comparison.summary(expert.review_id));
        Some([expert, mine])
    }
}
