//! How numbers are shown: scores at the rubric's precision, points as written.

/// A score figure at `precision` decimals (the core has already rounded it).
pub fn score(x: f64, precision: u8) -> String {
    format!("{x:.prec$}", prec = usize::from(precision))
}

/// An optional score figure; "—" when there is none.
pub fn score_or_dash(x: Option<f64>, precision: u8) -> String {
    x.map_or_else(|| "—".to_owned(), |x| score(x, precision))
}

/// Points as a rubric author writes them: 5, 2.5, 0.25.
pub fn points(x: f64) -> String {
    let s = format!("{:.6}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Points with a sign, for what an option adds or takes away: +4, −3, 0.
pub fn signed_points(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", points(x))
    } else if x < 0.0 {
        format!("−{}", points(-x))
    } else {
        "0".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn points_drop_trailing_zeros() {
        assert_eq!(points(5.0), "5");
        assert_eq!(points(2.5), "2.5");
        assert_eq!(points(0.1 + 0.2), "0.3");
        assert_eq!(signed_points(-3.0), "−3");
        assert_eq!(score(68.0, 1), "68.0");
        assert_eq!(score_or_dash(None, 1), "—");
    }
}
