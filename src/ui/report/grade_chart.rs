//! How many reviews got each grade, best grade first.

use yew::prelude::*;

use super::state::Shared;
use super::text::Label;
use super::view::grade_label;
use crate::core::Rubric;
use crate::core::stats::Summary;
use crate::ui::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct GradeChartProps {
    pub summary: Summary,
    pub rubric: Option<Shared>,
    pub lang: Lang,
}

const W: f64 = 320.0;
const ROW: f64 = 26.0;
const LABEL: f64 = 70.0;

/// The grades in the rubric's order, best first, then any the rubric no longer has;
/// each named in `lang` (reviews store a grade in the rubric's own language).
fn ordered(summary: &Summary, rubric: Option<&Rubric>, lang: Lang) -> Vec<(String, u64)> {
    let mut keys: Vec<String> = rubric
        .map(|r| {
            let mut grades = r.scoring.grades.clone();
            grades.sort_by(|a, b| b.min.total_cmp(&a.min));
            grades
                .iter()
                .map(|g| r.text(&g.label, None).to_owned())
                .collect()
        })
        .unwrap_or_default();
    for key in summary.grades.keys() {
        if !keys.contains(key) {
            keys.push(key.clone());
        }
    }
    keys.into_iter()
        .map(|key| {
            let n = summary.grades.get(&key).copied().unwrap_or(0);
            (grade_label(rubric, &key, lang), n)
        })
        .collect()
}

#[function_component(GradeChart)]
pub fn grade_chart(props: &GradeChartProps) -> Html {
    let rows = ordered(
        &props.summary,
        props.rubric.as_ref().map(Shared::rubric),
        props.lang,
    );
    let most = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f64;
    let graded: u64 = rows.iter().map(|r| r.1).sum();
    let h = ROW * rows.len().max(1) as f64 + 6.0;
    let title = Label::Grades.text(props.lang);
    html! {
        <figure class="chart grades" data-testid="grade-chart">
            <figcaption>{ title }</figcaption>
            <svg viewBox={format!("0 0 {W} {h}")} role="img" aria-label={title}>
                { for rows.iter().enumerate().map(|(i, (label, n))| {
                    let y = 4.0 + ROW * i as f64;
                    let width = (W - LABEL - 90.0) * (*n as f64 / most);
                    let share = if graded > 0 { *n as f64 * 100.0 / graded as f64 } else { 0.0 };
                    html! { <g class={format!("band g{i}")}>
                        <text class="axis left" x={(LABEL - 6.0).to_string()} y={(y + 16.0).to_string()}>{ label.clone() }</text>
                        <rect class="col" x={LABEL.to_string()} y={y.to_string()} height={(ROW - 8.0).to_string()} width={width.max(1.0).to_string()} />
                        <text class="value" x={(LABEL + width + 6.0).to_string()} y={(y + 16.0).to_string()}>{ format!("{n} · {share:.1}%") }</text>
                    </g> }
                }) }
            </svg>
        </figure>
    }
}
