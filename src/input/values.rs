//! Reading one cell: numbers with a decimal point or comma, percentages, yes/no, and the
//! frequency words that give time shares when a file has no hours.

/// What a cell held, when it is not empty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    /// Written with a `%` sign.
    pub percent: bool,
}

/// True for the spellings of "no value" that exports use.
pub fn is_missing(cell: &str) -> bool {
    MISSING.contains(&cell.trim().to_ascii_lowercase().as_str())
}

/// The spellings of "no value" exports use, lowercased.
pub const MISSING: &[&str] = &["", "?", "-", "n/a", "na", "null", "none", "nan", "#n/a"];

/// Parses a number such as `12`, `12.5`, `12,5`, `1,234.5`, `40 %`. `None` when it is not one.
pub fn parse_number(cell: &str) -> Option<Number> {
    let mut s = cell.trim();
    let percent = s.ends_with('%');
    if percent {
        s = s[..s.len() - 1].trim_end();
    }
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\'')
        .collect();
    let normalised = if s.contains(',') && s.contains('.') {
        // 1,234.5 (comma groups) or 1.234,5 (point groups): the last one is the decimal mark.
        if s.rfind(',') > s.rfind('.') {
            s.replace('.', "").replace(',', ".")
        } else {
            s.replace(',', "")
        }
    } else {
        s.replace(',', ".")
    };
    let value: f64 = normalised.parse().ok()?;
    value.is_finite().then_some(Number { value, percent })
}

/// True for a number whose one separator may group thousands or mark decimals: `1.200`,
/// `1,200`, `12.500` (one to three digits, not a lone zero, then one `.` or `,`, then exactly
/// three digits). Read either way it is a guess that is wrong by a factor of a thousand, so the
/// readers reject it, naming the cell, instead of choosing.
pub fn ambiguous_grouping(cell: &str) -> bool {
    let s = cell.trim().trim_end_matches('%').trim_end();
    let s = s.strip_prefix('-').unwrap_or(s);
    let Some(sep) = s.find([',', '.']) else {
        return false;
    };
    let (int, frac) = (&s[..sep], &s[sep + 1..]);
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    digits(int) && int.len() <= 3 && int != "0" && digits(frac) && frac.len() == 3
}

/// The text with every e-mail address in it replaced by `[e-mail]`: ticket exports are read for
/// their queues and categories, which agents sometimes type by hand, and no address may reach a
/// report. A word is an address when it has an `@` with text before it and a dotted domain
/// after it.
pub fn redact_emails(text: &str) -> String {
    if !text.contains('@') {
        return text.to_string();
    }
    let sep = |c: char| c.is_whitespace() || ",;:()<>[]{}\"'".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| !sep(c)) {
        out.push_str(&rest[..start]);
        let word = &rest[start..];
        let end = word.find(sep).unwrap_or(word.len());
        let w = &word[..end];
        out.push_str(if is_email(w) { "[e-mail]" } else { w });
        rest = &word[end..];
    }
    out.push_str(rest);
    out
}

fn is_email(word: &str) -> bool {
    word.rsplit_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    })
}

/// A share written as `0.6`, `60%` or `60` (above 1, read as a percentage); `None` outside 0-1.
pub fn parse_share(cell: &str) -> Option<f64> {
    let n = parse_number(cell)?;
    let x = if n.percent || n.value > 1.0 {
        n.value / 100.0
    } else {
        n.value
    };
    (0.0..=1.0).contains(&x).then_some(x)
}

/// The words that say yes and no in one kind of column, lowercased.
#[derive(Debug, Clone, Copy)]
pub struct YesNo {
    pub yes: &'static [&'static str],
    pub no: &'static [&'static str],
}

/// Yes and no as any cell may say them (Excel's TRUE/FALSE included).
pub const YES_NO: YesNo = YesNo {
    yes: &["yes", "y", "true", "t", "x"],
    no: &["no", "n", "false", "f"],
};

/// Parses a yes/no cell against the words of its kind of column, trimmed and ignoring case.
pub fn parse_yes_no(cell: &str, words: &YesNo) -> Option<bool> {
    let cell = cell.trim().to_lowercase();
    if words.yes.contains(&cell.as_str()) {
        Some(true)
    } else if words.no.contains(&cell.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// Relative time weight of a task done at a given frequency, per O*NET's seven categories.
///
/// These are rough occurrences per week; they only set time shares between tasks of one role.
pub const FREQUENCY_WEIGHTS: [(&str, f64); 7] = [
    ("yearly or less", 0.02),
    ("more than yearly", 0.08),
    ("more than monthly", 0.25),
    ("more than weekly", 1.0),
    ("daily", 5.0),
    ("several times daily", 10.0),
    ("hourly or more", 20.0),
];

/// Maps a frequency cell (word or O*NET category 1-7) to its weight.
pub fn parse_frequency(cell: &str) -> Option<f64> {
    let s = cell.trim().to_ascii_lowercase();
    if let Ok(n) = s.parse::<f64>() {
        if (1.0..=7.0).contains(&n) && n.fract() == 0.0 {
            return Some(FREQUENCY_WEIGHTS[n as usize - 1].1);
        }
        return None;
    }
    let w = match s.as_str() {
        "yearly" | "annually" | "annual" | "yearly or less" | "rarely" => 0.02,
        "quarterly" | "more than yearly" => 0.08,
        "monthly" | "more than monthly" => 0.25,
        "weekly" | "more than weekly" => 1.0,
        "daily" => 5.0,
        "several times daily" | "several times a day" => 10.0,
        "hourly" | "hourly or more" | "constantly" => 20.0,
        _ => return None,
    };
    Some(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_export_spellings() {
        assert_eq!(parse_number("12").unwrap().value, 12.0);
        assert_eq!(parse_number(" 12,5 ").unwrap().value, 12.5);
        assert_eq!(parse_number("1,234.5").unwrap().value, 1234.5);
        assert_eq!(parse_number("1.234,5").unwrap().value, 1234.5);
        let p = parse_number("40 %").unwrap();
        assert!(p.percent && p.value == 40.0);
        assert!(parse_number("twelve").is_none());
        assert!(parse_number("inf").is_none());
    }

    #[test]
    fn grouped_or_decimal_is_ambiguous() {
        for a in ["1.200", "1,200", "12.500", "-1,500", "999.000"] {
            assert!(ambiguous_grouping(a), "{a}");
        }
        for clear in [
            "1.2", "12,5", "0.500", "1,234.5", "1200", "1.2345", "1.234,5", "abc",
        ] {
            assert!(!ambiguous_grouping(clear), "{clear}");
        }
    }

    #[test]
    fn email_addresses_are_redacted() {
        assert_eq!(
            redact_emails("Refund for jane.doe@example.com (urgent)"),
            "Refund for [e-mail] (urgent)"
        );
        assert_eq!(redact_emails("<a@b.co>;x"), "<[e-mail]>;x");
        assert_eq!(redact_emails("Team @ HQ, @mention"), "Team @ HQ, @mention");
        assert_eq!(redact_emails("Password reset"), "Password reset");
    }

    #[test]
    fn yes_no_in_export_spellings() {
        assert_eq!(parse_yes_no(" TRUE ", &YES_NO), Some(true));
        assert_eq!(parse_yes_no("x", &YES_NO), Some(true));
        assert_eq!(parse_yes_no("No", &YES_NO), Some(false));
        assert_eq!(parse_yes_no("1", &YES_NO), None);
        assert_eq!(parse_yes_no("maybe", &YES_NO), None);
    }

    #[test]
    fn shares_as_fractions_or_percentages() {
        assert_eq!(parse_share("0.6"), Some(0.6));
        assert_eq!(parse_share("60%"), Some(0.6));
        assert_eq!(parse_share("60"), Some(0.6));
        assert_eq!(parse_share("1"), Some(1.0));
        assert_eq!(parse_share("150%"), None);
        assert_eq!(parse_share("-0.1"), None);
    }

    #[test]
    fn frequencies() {
        assert_eq!(parse_frequency("Daily"), Some(5.0));
        assert_eq!(parse_frequency("7"), Some(20.0));
        assert_eq!(parse_frequency("8"), None);
        assert_eq!(parse_frequency("sometimes"), None);
    }
}
