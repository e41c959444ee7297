//! Timestamps as the review document writes them (RFC 3339), read into milliseconds
//! since 1970 so that rules about time (a quiz's limit) are plain arithmetic the core
//! can test on any target, with the clock passed in by the caller.
//!
//! Hand-written rather than a time library's: the widget needs only this parse, and a
//! date-time crate would add tens of kilobytes to the browser bundle (the receiver,
//! which is native, validates timestamps with `jiff`).

/// Days from 1970-01-01 to a civil date (proleptic Gregorian; Howard Hinnant's
/// algorithm), or `None` for a month or day that does not exist in that year.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days_in_month {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The number written by `text`, when it is exactly `len` ASCII digits.
fn digits(text: &str, len: usize) -> Option<u32> {
    if text.len() != len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Minutes east of UTC of an RFC 3339 offset: `Z` or `±HH:MM`.
fn offset_minutes(zone: &str) -> Option<i64> {
    if zone.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (oh, om) = zone.get(1..)?.split_once(':')?;
    let (oh, om) = (digits(oh, 2)?, digits(om, 2)?);
    (oh <= 23 && om <= 59).then(|| sign * i64::from(oh * 60 + om))
}

/// An RFC 3339 timestamp (`2026-11-23T08:06:41Z`, `…T08:06:41.123+08:00`) as
/// milliseconds since 1970-01-01T00:00:00Z; `None` for anything else, strictly: two
/// digits per field, four for the year, `T` between date and time, a fraction of one
/// or more digits (read to the millisecond), and `Z` or `±HH:MM` with nothing after.
pub fn rfc3339_ms(text: &str) -> Option<f64> {
    let (date, rest) = text.split_at_checked(10)?;
    let rest = rest.strip_prefix(['T', 't'])?;
    let zone_at = rest.find(['Z', 'z', '+', '-'])?;
    let (clock, zone) = rest.split_at(zone_at);
    let b = date.as_bytes();
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (year, month, day) = (
        digits(&date[..4], 4)?,
        digits(&date[5..7], 2)?,
        digits(&date[8..], 2)?,
    );
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let c = hms.as_bytes();
    if hms.len() != 8 || c[2] != b':' || c[5] != b':' {
        return None;
    }
    let (h, m, s) = (
        digits(&hms[..2], 2)?,
        digits(&hms[3..5], 2)?,
        digits(&hms[6..], 2)?,
    );
    if h > 23 || m > 59 || s > 60 || (clock.contains('.') && fraction.is_empty()) {
        return None;
    }
    let millis = match fraction {
        "" => 0.0,
        f => {
            let kept = &f[..f.len().min(3)];
            let rest_ok = f.bytes().all(|b| b.is_ascii_digit());
            f64::from(digits(kept, kept.len()).filter(|_| rest_ok)?)
                * 10f64.powi(3 - kept.len() as i32)
        }
    };
    let offset_min = offset_minutes(zone)?;
    let days = days_from_civil(i64::from(year), month, day)?;
    let seconds = days * 86_400 + i64::from(h * 3_600 + m * 60 + s) - offset_min * 60;
    Some(seconds as f64 * 1_000.0 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn timestamps_read_as_milliseconds() {
        let cases: [(&str, Option<f64>); 20] = [
            ("1970-01-01T00:00:00Z", Some(0.0)),
            ("1970-01-01T00:00:01.5Z", Some(1_500.0)),
            ("2026-11-23T08:06:41.123Z", Some(1_795_421_201_123.0)),
            ("2026-11-23T16:06:41+08:00", Some(1_795_421_201_000.0)),
            ("2026-11-23T03:06:41-05:00", Some(1_795_421_201_000.0)),
            ("2024-02-29T00:00:00Z", Some(1_709_164_800_000.0)),
            ("2026-02-29T00:00:00Z", None),
            ("2026-11-23 08:06:41", None),
            ("2026-11-23T25:00:00Z", None),
            ("yesterday", None),
            ("9999-12-31T23:59:59Z", Some(253_402_300_799_000.0)),
            ("1970-01-01t00:00:00z", Some(0.0)),
            ("2026-11-23T08:06:41Z[Asia/Shanghai]", None),
            ("2026-11-23T08:06:41.Z", None),
            ("2026-11-23T08:06:41.12aZ", None),
            ("2026-1-023T08:06:41Z", None),
            ("2026-11-23T8:06:41Z", None),
            ("2026-11-23T08:06:41+0800", None),
            ("2026-11-23T08:06:41", None),
            (
                "2026-11-23T08:06:41.123456789+08:00",
                Some(1_795_392_401_123.0),
            ),
        ];
        for (text, ms) in cases {
            assert_eq!(rfc3339_ms(text), ms, "{text}");
        }
    }

    #[test]
    fn civil_days_count_from_1970() {
        assert_eq!(days_from_civil(1970, 1, 1), Some(0));
        assert_eq!(days_from_civil(1994, 11, 6), Some(9_075));
        assert_eq!(days_from_civil(1969, 12, 31), Some(-1));
        assert_eq!(days_from_civil(2026, 13, 1), None);
    }
}
