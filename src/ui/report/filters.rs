//! The console's filters: what the URL holds (so a report can be bookmarked and
//! shared), the period they mean in a time zone, and the receiver's URLs for them.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan, Zoned};

use crate::core::stats::Bucket;

/// Which days a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// The 30 days up to and including today.
    #[default]
    Last30,
    ThisMonth,
    LastMonth,
    /// `from` to `to`, both days included.
    Custom,
}

impl Period {
    pub const ALL: [Period; 4] = [
        Period::Last30,
        Period::ThisMonth,
        Period::LastMonth,
        Period::Custom,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Period::Last30 => "last-30",
            Period::ThisMonth => "this-month",
            Period::LastMonth => "last-month",
            Period::Custom => "custom",
        }
    }

    pub fn parse(text: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.name() == text)
    }
}

/// The time zones offered first (any IANA name in the URL works).
pub const ZONES: [&str; 6] = [
    "Asia/Shanghai",
    "UTC",
    "Asia/Hong_Kong",
    "Asia/Singapore",
    "Europe/London",
    "America/New_York",
];

/// Everything the report is narrowed and cut by.
#[derive(Debug, Clone, PartialEq)]
pub struct Filters {
    /// Empty: the first rubric the receiver knows.
    pub rubric: String,
    pub period: Period,
    /// A custom period's first and last days, `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
    pub tz: String,
    pub bucket: Bucket,
    /// Empty: every team / agent / inspector.
    pub team: String,
    pub agent: String,
    pub inspector: String,
}

impl Default for Filters {
    fn default() -> Filters {
        Filters {
            rubric: String::new(),
            period: Period::Last30,
            from: String::new(),
            to: String::new(),
            tz: "Asia/Shanghai".to_owned(),
            bucket: Bucket::Day,
            team: String::new(),
            agent: String::new(),
            inspector: String::new(),
        }
    }
}

/// A report's period as the receiver takes it: `[from, to)`, RFC 3339 with the zone's
/// offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    pub from: String,
    pub to: String,
}

impl Range {
    /// The first and the last day the period covers, as people say it (`[from, to)`
    /// ends the day before `to`): `("2026-11-01", "2026-11-30")`.
    pub fn days(&self) -> (String, String) {
        let day = |stamp: &str| stamp.get(..10).and_then(|d| d.parse::<Date>().ok());
        let last = day(&self.to).map(|d| d.saturating_sub(1.day()).to_string());
        (
            self.from.get(..10).unwrap_or_default().to_owned(),
            last.unwrap_or_default(),
        )
    }
}

/// Why the filters name no period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    #[error("{field}: expected a day like 2026-11-01, found {found:?}")]
    Day { field: &'static str, found: String },
    #[error("to: {to} is before from: {from}")]
    Backwards { from: String, to: String },
    #[error("tz: {0:?} is not an IANA time zone (like Asia/Shanghai or UTC)")]
    Zone(String),
}

/// `text` percent-encoded for a URL's query (RFC 3986 unreserved characters kept).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Midnight starting `day` in `zone`, as RFC 3339 with the offset.
fn midnight(day: Date, zone: &TimeZone) -> String {
    day.to_zoned(zone.clone())
        .map(|z| stamp(&z))
        .unwrap_or_default()
}

fn stamp(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

impl Filters {
    /// The filters a URL's query holds; anything unknown or malformed falls back to its
    /// default, so an old bookmark still opens.
    pub fn from_query(pairs: &[(String, String)]) -> Filters {
        let mut f = Filters::default();
        for (key, value) in pairs {
            let value = value.clone();
            match key.as_str() {
                "rubric" => f.rubric = value,
                "period" => f.period = Period::parse(&value).unwrap_or_default(),
                "from" => f.from = value,
                "to" => f.to = value,
                "tz" => f.tz = value,
                "bucket" => f.bucket = Bucket::parse(&value).unwrap_or(Bucket::Day),
                "team" => f.team = value,
                "agent" => f.agent = value,
                "inspector" => f.inspector = value,
                _ => {}
            }
        }
        f
    }

    /// The URL query for these filters (defaults left out).
    pub fn to_query(&self) -> String {
        let custom = self.period == Period::Custom;
        let default = Filters::default();
        let period = if self.period == default.period {
            ""
        } else {
            self.period.name()
        };
        let bucket = if self.bucket == default.bucket {
            ""
        } else {
            self.bucket.name()
        };
        let tz = if self.tz == default.tz { "" } else { &self.tz };
        query_string(&[
            ("rubric", &self.rubric),
            ("period", period),
            ("from", if custom { &self.from } else { "" }),
            ("to", if custom { &self.to } else { "" }),
            ("tz", tz),
            ("bucket", bucket),
            ("team", &self.team),
            ("agent", &self.agent),
            ("inspector", &self.inspector),
        ])
    }

    /// The period as of `now`, in the filters' time zone.
    pub fn range(&self, now: Timestamp) -> Result<Range, RangeError> {
        let zone = TimeZone::get(&self.tz).map_err(|_| RangeError::Zone(self.tz.clone()))?;
        let today = now.to_zoned(zone.clone()).date();
        let day = |field: &'static str, text: &str| {
            text.parse::<Date>().map_err(|_| RangeError::Day {
                field,
                found: text.to_owned(),
            })
        };
        let (first, after) = match self.period {
            Period::Last30 => (
                today.saturating_sub(29.days()),
                today.saturating_add(1.day()),
            ),
            Period::ThisMonth => {
                let first = today.first_of_month();
                (first, first.saturating_add(1.month()))
            }
            Period::LastMonth => {
                let first = today.first_of_month();
                (first.saturating_sub(1.month()), first)
            }
            Period::Custom => {
                let (from, to) = (day("from", &self.from)?, day("to", &self.to)?);
                if to < from {
                    return Err(RangeError::Backwards {
                        from: self.from.clone(),
                        to: self.to.clone(),
                    });
                }
                (from, to.saturating_add(1.day()))
            }
        };
        Ok(Range {
            from: midnight(first, &zone),
            to: midnight(after, &zone),
        })
    }

    /// The period of the same length just before `range` (what the KPIs compare with,
    /// as the contract's agents' `delta` does), in the filters' time zone.
    pub fn previous(&self, range: &Range) -> Option<Range> {
        let zone = TimeZone::get(&self.tz).ok()?;
        let (from, to): (Timestamp, Timestamp) = (range.from.parse().ok()?, range.to.parse().ok()?);
        let length = to.duration_since(from);
        let start = from.checked_sub(length).ok()?;
        Some(Range {
            from: stamp(&start.to_zoned(zone)),
            to: range.from.clone(),
        })
    }

    fn common(&self, range: &Range) -> Vec<(&'static str, String)> {
        vec![
            ("rubric", self.rubric.clone()),
            ("from", range.from.clone()),
            ("to", range.to.clone()),
        ]
    }

    fn url(path: &str, pairs: Vec<(&'static str, String)>) -> String {
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        format!("{path}?{}", query_string(&pairs))
    }

    /// `GET /api/stats` for `range`; with `extras`, also each agent's trend and each
    /// inspector's calibrations (outside stats/v1).
    pub fn stats_url(&self, range: &Range, extras: bool) -> String {
        let mut pairs = self.common(range);
        pairs.extend([
            ("tz", self.tz.clone()),
            ("bucket", self.bucket.name().to_owned()),
            ("team", self.team.clone()),
            ("agent_id", self.agent.clone()),
            ("reviewer_id", self.inspector.clone()),
        ]);
        if extras {
            pairs.push(("with", "agent_trend,calibration".to_owned()));
        }
        Filters::url("api/stats", pairs)
    }

    /// `GET /api/reviews/export` for `range`: the what-if's reviews.
    pub fn export_url(&self, range: &Range) -> String {
        Filters::url("api/reviews/export", self.common(range))
    }

    /// `GET /api/reviews`: `agent`'s inspections in `range`, newest first.
    pub fn reviews_url(&self, range: &Range, agent: &str) -> String {
        let mut pairs = self.common(range);
        pairs.extend([
            ("agent_id", agent.to_owned()),
            ("reviewer_id", self.inspector.clone()),
            ("mode", "inspect".to_owned()),
            ("limit", "200".to_owned()),
        ]);
        Filters::url("api/reviews", pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn now() -> Timestamp {
        // 2026-12-01 02:30 in Shanghai, still 30 November in UTC.
        "2026-11-30T18:30:00Z".parse().unwrap_or_default()
    }

    fn pairs(query: &str) -> Vec<(String, String)> {
        query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.replace("%2F", "/")))
            .collect()
    }

    #[test]
    fn periods_are_whole_days_in_the_time_zone() {
        let mut f = Filters {
            period: Period::ThisMonth,
            ..Filters::default()
        };
        let range = |f: &Filters| f.range(now()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            range(&f),
            Range {
                from: "2026-12-01T00:00:00+08:00".into(),
                to: "2027-01-01T00:00:00+08:00".into()
            }
        );
        f.tz = "UTC".into();
        assert_eq!(range(&f).from, "2026-11-01T00:00:00+00:00");
        f.period = Period::LastMonth;
        assert_eq!(
            (range(&f).from.as_str(), range(&f).to.as_str()),
            ("2026-10-01T00:00:00+00:00", "2026-11-01T00:00:00+00:00")
        );
        f.period = Period::Last30;
        assert_eq!(
            (range(&f).from.as_str(), range(&f).to.as_str()),
            ("2026-11-01T00:00:00+00:00", "2026-12-01T00:00:00+00:00")
        );
        f.period = Period::Custom;
        (f.from, f.to) = ("2026-11-03".into(), "2026-11-03".into());
        assert_eq!(range(&f).to, "2026-11-04T00:00:00+00:00");
        assert_eq!(
            range(&f).days(),
            ("2026-11-03".to_owned(), "2026-11-03".to_owned())
        );
        f.to = "2026-11-02".into();
        assert!(matches!(f.range(now()), Err(RangeError::Backwards { .. })));
        f.to = "11/02".into();
        assert_eq!(
            f.range(now()),
            Err(RangeError::Day {
                field: "to",
                found: "11/02".into()
            })
        );
        f.tz = "Mars/Olympus".into();
        assert!(matches!(f.range(now()), Err(RangeError::Zone(_))));
    }

    #[test]
    fn the_previous_period_has_the_same_length() {
        let f = Filters::default();
        let range = Range {
            from: "2026-11-01T00:00:00+08:00".into(),
            to: "2026-12-01T00:00:00+08:00".into(),
        };
        assert_eq!(
            f.previous(&range),
            Some(Range {
                from: "2026-10-02T00:00:00+08:00".into(),
                to: range.from.clone()
            })
        );
    }

    #[test]
    fn the_url_holds_the_filters_and_gives_them_back() {
        let f = Filters {
            rubric: "cc-qc-standard".into(),
            period: Period::Custom,
            from: "2026-11-01".into(),
            to: "2026-11-30".into(),
            tz: "UTC".into(),
            bucket: Bucket::Week,
            team: "一组".into(),
            agent: "A007".into(),
            inspector: String::new(),
        };
        let query = f.to_query();
        assert_eq!(
            query,
            "rubric=cc-qc-standard&period=custom&from=2026-11-01&to=2026-11-30&tz=UTC&bucket=week&team=%E4%B8%80%E7%BB%84&agent=A007"
        );
        let mut back = pairs(&query);
        back.iter_mut().for_each(|(_, v)| {
            if v.starts_with('%') {
                *v = "一组".into();
            }
        });
        assert_eq!(Filters::from_query(&back), f);
        assert_eq!(Filters::default().to_query(), "");
        assert_eq!(
            Filters::from_query(&pairs("period=yesterday&bucket=hour")),
            Filters::default()
        );
    }

    #[test]
    fn receiver_urls_encode_every_value() {
        let f = Filters {
            rubric: "cc-qc-standard".into(),
            team: "T 1".into(),
            ..Filters::default()
        };
        let range = Range {
            from: "2026-11-01T00:00:00+08:00".into(),
            to: "2026-12-01T00:00:00+08:00".into(),
        };
        assert_eq!(
            f.stats_url(&range, true),
            "api/stats?rubric=cc-qc-standard&from=2026-11-01T00%3A00%3A00%2B08%3A00&to=2026-12-01T00%3A00%3A00%2B08%3A00&tz=Asia%2FShanghai&bucket=day&team=T%201&with=agent_trend%2Ccalibration"
        );
        assert!(
            f.reviews_url(&range, "A007")
                .ends_with("&agent_id=A007&mode=inspect&limit=200")
        );
        assert!(
            f.export_url(&range)
                .starts_with("api/reviews/export?rubric=cc-qc-standard&from=")
        );
    }
}
