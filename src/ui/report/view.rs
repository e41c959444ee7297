//! How the console writes the report's figures and names: rates as percentages,
//! points with two decimals, changes signed; items, tags and grades in the rubric's
//! own words where the rubric has them (the id otherwise).

use crate::core::Rubric;
use crate::ui::i18n::Lang;

/// A rate (a fraction, as the report gives it) as a percentage: `0.9417` → `94.17 %`.
pub fn pct(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{:.2} %", r * 100.0))
}

/// Points: `83.17`.
pub fn pts(points: Option<f64>) -> String {
    points.map_or_else(|| "—".to_owned(), |p| format!("{p:.2}"))
}

/// A change of points: `+2.30`, `−1.05`, `±0.00`.
pub fn signed(points: f64) -> String {
    if points > 0.0 {
        format!("+{points:.2}")
    } else if points < 0.0 {
        format!("−{:.2}", -points)
    } else {
        "±0.00".to_owned()
    }
}

/// A change of a rate, in percentage points: `+1.20 pp`.
pub fn signed_pp(rate: f64) -> String {
    format!("{} pp", signed(rate * 100.0))
}

/// Up, down or level, for the arrow beside a change.
pub fn direction(change: f64) -> &'static str {
    if change > 0.0 {
        "up"
    } else if change < 0.0 {
        "down"
    } else {
        "level"
    }
}

/// An item's title in `lang` (its id when the rubric no longer has it).
pub fn item_title(rubric: Option<&Rubric>, id: &str, lang: Lang) -> String {
    rubric
        .and_then(|r| Some(r.text(&r.item(id)?.title, Some(lang.tag())).to_owned()))
        .unwrap_or_else(|| id.to_owned())
}

/// A root-cause tag's label on `item` in `lang` (its id otherwise).
pub fn tag_label(rubric: Option<&Rubric>, item: &str, tag: &str, lang: Lang) -> String {
    rubric
        .and_then(|r| {
            let found = r.item(item)?.tags.iter().find(|t| t.id.as_str() == tag)?;
            Some(r.text(&found.label, Some(lang.tag())).to_owned())
        })
        .unwrap_or_else(|| tag.to_owned())
}

/// A grade as stored (in the rubric's own language) in `lang`, where the rubric has it.
pub fn grade_label(rubric: Option<&Rubric>, stored: &str, lang: Lang) -> String {
    rubric
        .and_then(|r| {
            let grade = r
                .scoring
                .grades
                .iter()
                .find(|g| r.text(&g.label, None) == stored)?;
            Some(r.text(&grade.label, Some(lang.tag())).to_owned())
        })
        .unwrap_or_else(|| stored.to_owned())
}

/// `2026-11-23T08:06:41+08:00` → `2026-11-23 08:06`.
pub fn short_time(stamp: &str) -> String {
    stamp
        .get(..16)
        .map_or_else(|| stamp.to_owned(), |s| s.replace('T', " "))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn figures_are_written_for_people() {
        assert_eq!(pct(Some(0.9417)), "94.17 %");
        assert_eq!(pct(None), "—");
        assert_eq!(pts(Some(83.1)), "83.10");
        assert_eq!(
            (signed(2.3), signed(-1.05), signed(0.0)),
            ("+2.30".into(), "−1.05".into(), "±0.00".into())
        );
        assert_eq!(signed_pp(0.012), "+1.20 pp");
        assert_eq!(short_time("2026-11-23T08:06:41+08:00"), "2026-11-23 08:06");
    }

    #[test]
    fn grades_are_named_in_the_ui_s_language() {
        let text = include_str!("../../../tests/fixtures/rubrics/cc-qc-standard.json");
        let scorer = crate::core::Scorer::from_json(text).unwrap_or_else(|p| panic!("{p}"));
        let rubric = Some(scorer.rubric());
        assert_eq!(grade_label(rubric, "合格", Lang::En), "Pass");
        assert_eq!(grade_label(rubric, "合格", Lang::ZhCn), "合格");
        assert_eq!(grade_label(rubric, "gone", Lang::En), "gone");
        assert_eq!(grade_label(None, "良好", Lang::En), "良好");
        assert_eq!(
            item_title(rubric, "hold", Lang::En),
            "Apologise for holds over 10 s and on return"
        );
        assert_eq!(item_title(rubric, "gone", Lang::En), "gone");
    }
}
