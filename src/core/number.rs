//! Numbers as people type them into the form or a query parameter.

/// A number as a person types it — `12.5`, `12,5` (a decimal comma), `.5`, `5.`, `+5`,
/// `007`, `-1e3`, with spaces around — or `None` (also for infinities and NaN).
///
/// It is read by serde_json's exact parser, the one that reads every rubric and review,
/// so a typed figure and the same figure in a submitted review are the same number on
/// every platform (and the build carries one float parser, not two).
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let (sign, unsigned) = match text.as_bytes().first() {
        Some(b'-') => ("-", &text[1..]),
        Some(b'+') => ("", &text[1..]),
        _ => ("", text),
    };
    let (mantissa, exponent) = unsigned
        .find(['e', 'E'])
        .map_or((unsigned, ""), |i| unsigned.split_at(i));
    let (whole, fraction) = mantissa
        .find(['.', ','])
        .map_or((mantissa, ""), |i| (&mantissa[..i], &mantissa[i + 1..]));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return None;
    }
    // JSON's spelling: no leading zeros, digits on both sides of the point.
    let whole = match whole.trim_start_matches('0') {
        "" => "0",
        trimmed => trimmed,
    };
    let point = if fraction.is_empty() { "" } else { "." };
    let json = format!("{sign}{whole}{point}{fraction}{exponent}");
    serde_json::from_str::<f64>(&json)
        .ok()
        .filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
    use super::parse_number as p;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn reads_what_people_type() {
        let cases = [
            ("12.5", 12.5),
            (" 12,5 ", 12.5),
            (".5", 0.5),
            ("-.5", -0.5),
            ("5.", 5.0),
            ("+5", 5.0),
            ("007", 7.0),
            ("0", 0.0),
            ("-1e3", -1000.0),
            ("2.5E-1", 0.25),
            ("1e+2", 100.0),
            ("0.1", 0.1),
            ("84.905", 84.905),
        ];
        for (text, expected) in cases {
            assert_eq!(p(text), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for text in [
            "",
            " ",
            "-",
            "+",
            ".",
            ",",
            "1.2.3",
            "1,000.5",
            "1 000",
            "1e",
            "e5",
            "0x10",
            "abc",
            "12abc",
            "inf",
            "-infinity",
            "NaN",
            "1e400",
            "--1",
            "+-1",
            "1_000",
        ] {
            assert_eq!(p(text), None, "{text:?}");
        }
    }

    #[test]
    fn agrees_with_the_standard_parser_on_decimals() {
        // The same float as Rust's own correctly rounded parser, digit for digit.
        for text in [
            "0.3",
            "1.0000000000000002",
            "9007199254740993",
            "123456.789e-3",
            "4.35",
        ] {
            assert_eq!(p(text), text.parse::<f64>().ok(), "{text}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn every_float_written_out_reads_back(x in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO) {
            proptest::prop_assert_eq!(p(&x.to_string()), Some(x));
            proptest::prop_assert_eq!(p(&format!("{x:e}")), Some(x));
            proptest::prop_assert_eq!(p(&x.to_string().replace('.', ",")), Some(x));
        }
    }
}
