//! Formats detected from a sample of an export: how handle times and dates are written.

use crate::input::values;

/// How a duration column is written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Duration {
    /// A number, in minutes times this factor.
    Number(f64),
    /// `hh:mm:ss` or `mm:ss`.
    Clock,
}

/// The width all sampled values share, when they share one and have no spaces around them:
/// ISO timestamps of one width order as text, so their first and last need no parsing per row.
pub(super) fn common_width(values: &[String]) -> Option<usize> {
    let mut widths = values
        .iter()
        .map(|v| (v.trim().len() == v.len()).then_some(v.len()));
    let first = widths.next()??;
    widths.all(|x| x == Some(first)).then_some(first)
}

/// Milliseconds since the epoch of a timestamp in the given format.
pub(super) fn parse_millis(v: &str, fmt: &str) -> Option<i64> {
    use chrono::{NaiveDate, NaiveDateTime};
    let v = v.trim();
    let t = if fmt.contains("%H") {
        NaiveDateTime::parse_from_str(v, fmt).ok()?
    } else {
        NaiveDate::parse_from_str(v, fmt)
            .ok()?
            .and_hms_opt(0, 0, 0)?
    };
    Some(t.and_utc().timestamp_millis())
}

/// Minutes per unit from the header ("handle time (sec)") or, failing that, from the values:
/// clock forms are `hh:mm:ss`; plain numbers with a median above 120 are taken as seconds.
pub(super) fn detect_duration(header: &str, values: &[String]) -> Duration {
    if values
        .iter()
        .filter(|v| !values::is_missing(v))
        .take(200)
        .any(|v| v.contains(':'))
    {
        return Duration::Clock;
    }
    let h = header.to_ascii_lowercase();
    if h.contains("sec") || h.ends_with("(s)") || h.ends_with("_s") {
        return Duration::Number(1.0 / 60.0);
    }
    if h.contains("hour") || h.contains("hrs") || h.ends_with("(h)") {
        return Duration::Number(60.0);
    }
    if h.contains("min") {
        return Duration::Number(1.0);
    }
    let mut nums: Vec<f64> = values
        .iter()
        .filter_map(|v| values::parse_number(v))
        .map(|n| n.value)
        .filter(|v| *v >= 0.0)
        .collect();
    nums.sort_by(f64::total_cmp);
    match nums.get(nums.len() / 2) {
        Some(m) if *m > 120.0 => Duration::Number(1.0 / 60.0),
        _ => Duration::Number(1.0),
    }
}

pub(super) fn describe(d: Duration, header: &str) -> String {
    let from_header = {
        let h = header.to_ascii_lowercase();
        h.contains("sec") || h.contains("min") || h.contains("hour")
    };
    let how = if from_header {
        "from the header"
    } else {
        "from the values"
    };
    match d {
        Duration::Clock => "hh:mm:ss".to_string(),
        Duration::Number(f) if (f - 1.0 / 60.0).abs() < 1e-12 => format!("seconds ({how})"),
        Duration::Number(f) if (f - 60.0).abs() < 1e-12 => format!("hours ({how})"),
        Duration::Number(_) => format!("minutes ({how})"),
    }
}

/// The strftime format that reads the sampled dates: ISO forms, then day-first ones.
/// Month-first (US) dates are recognised only when a day above 12 proves it.
pub(super) fn detect_date_format(values: &[String]) -> Option<&'static str> {
    const FORMATS: &[&str] = &[
        "%Y-%m-%dT%H:%M:%S%.fZ",
        "%Y-%m-%dT%H:%M:%SZ",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
        "%d.%m.%Y",
        "%d-%m-%Y %H:%M:%S",
        "%d-%m-%Y %H:%M",
        "%d-%m-%Y",
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %H:%M",
        "%m/%d/%Y",
    ];
    let sample: Vec<&str> = values
        .iter()
        .map(|s| s.trim())
        .filter(|s| !values::is_missing(s))
        .take(500)
        .collect();
    FORMATS
        .iter()
        .copied()
        .find(|f| sample.iter().all(|v| chrono_parse(v, f)))
}

fn chrono_parse(v: &str, f: &str) -> bool {
    use chrono::{NaiveDate, NaiveDateTime};
    if f.contains("%H") {
        NaiveDateTime::parse_from_str(v, f).is_ok()
    } else {
        NaiveDate::parse_from_str(v, f).is_ok()
    }
}
