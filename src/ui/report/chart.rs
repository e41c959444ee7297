//! The charts' geometry: plain arithmetic on the report's figures (never a figure of
//! its own), tested natively. The charts themselves are hand-drawn SVG components
//! (DESIGN.md says why).

/// The smallest "round" number (1, 2, 2.5 or 5 × a power of ten) at or above `v`,
/// for an axis's top; 1 for nothing to show.
pub fn nice_ceiling(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|top| *top >= v - 1e-9)
        .unwrap_or(10.0 * power)
}

/// Where `v` of `[0, max]` falls on an axis `length` long, upwards from `base`
/// (SVG's y grows down).
pub fn up(v: f64, max: f64, base: f64, length: f64) -> f64 {
    let share = if max > 0.0 {
        (v / max).clamp(0.0, 1.0)
    } else {
        0.0
    };
    base - share * length
}

/// SVG `points` for a polyline.
pub fn points(xy: &[(f64, f64)]) -> String {
    xy.iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Which of `n` labels along an axis to write so that at most `room` show, evenly.
pub fn every(n: usize, room: usize) -> usize {
    if room == 0 {
        n.max(1)
    } else {
        n.div_ceil(room).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_ceiling(83.17), 100.0);
        assert_eq!(nice_ceiling(17.0), 20.0);
        assert_eq!(nice_ceiling(230.0), 250.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(f64::NAN), 1.0);
        assert_eq!(up(50.0, 100.0, 200.0, 100.0), 150.0);
        assert_eq!(up(500.0, 100.0, 200.0, 100.0), 100.0);
        assert_eq!(points(&[(0.0, 1.26), (2.0, 3.0)]), "0.0,1.3 2.0,3.0");
        assert_eq!((every(30, 10), every(5, 10), every(0, 10)), (3, 1, 1));
    }
}
