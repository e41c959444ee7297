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

/// The digits of `text` as a number, when it is all ASCII digits.
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// An RFC 3339 timestamp (`2026-11-23T08:06:41Z`, `…T08:06:41.123+08:00`) as
/// milliseconds since 1970-01-01T00:00:00Z; `None` for anything else.
pub fn rfc3339_ms(text: &str) -> Option<f64> {
    let (date, rest) = text.split_at_checked(10)?;
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, zone) = rest.split_at(rest.find(['Z', 'z', '+', '-'])?);
    let mut ymd = date.split('-');
    let (year, month, day) = (
        digits(ymd.next()?)?,
        digits(ymd.next()?)?,
        digits(ymd.next()?)?,
    );
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut parts = hms.split(':');
    let (h, m, s) = (
        digits(parts.next()?)?,
        digits(parts.next()?)?,
        digits(parts.next()?)?,
    );
    if ymd.next().is_some() || parts.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let millis = match fraction {
        "" => 0.0,
        f => f64::from(digits(&f[..f.len().min(3)])?) * 10f64.powi(3 - f.len().min(3) as i32),
    };
    let offset_min = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let (oh, om) = zone.get(1..)?.split_once(':')?;
            let (oh, om) = (digits(oh)?, digits(om)?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * i64::from(oh * 60 + om)
        }
    };
    let days = days_from_civil(i64::from(year), month, day)?;
    let seconds = days * 86_400 + i64::from(h * 3_600 + m * 60 + s) - offset_min * 60;
    Some(seconds as f64 * 1_000.0 + millis)
}

/// Whether `text` has the strict shape of an RFC 3339 timestamp: four digits of year,
/// two of every other field, `T` between date and time, a fraction of one or more
/// digits if any, and `Z` or `±HH:MM` with nothing after. (What a receiver demands;
/// the widget, which reads only timestamps it wrote, needs only [`rfc3339_ms`].)
pub fn is_strict_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let shape = |at: &[usize], sep: &[(usize, u8)]| {
        at.iter().all(|&i| digit(i)) && sep.iter().all(|&(i, c)| b.get(i) == Some(&c))
    };
    let date_time = shape(
        &[0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18],
        &[(4, b'-'), (7, b'-'), (13, b':'), (16, b':')],
    ) && matches!(b.get(10), Some(b'T' | b't'));
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while digit(i) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    let zone = &text.get(i..).unwrap_or_default();
    let offset = zone.len() == 6 && matches!(zone.as_bytes()[0], b'+' | b'-') && shape_of(zone);
    date_time && (zone.eq_ignore_ascii_case("z") || offset) && rfc3339_ms(text).is_some()
}

/// `±HH:MM`'s digits and colon.
fn shape_of(zone: &str) -> bool {
    let z = zone.as_bytes();
    [1, 2, 4, 5].iter().all(|&i| z[i].is_ascii_digit()) && z[3] == b':'
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
        // What a receiver reads: the strict shape, then the value.
        for (text, ms) in cases {
            let read = Some(text)
                .filter(|t| is_strict_rfc3339(t))
                .and_then(rfc3339_ms);
            assert_eq!(read, ms, "{text}");
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
