//! Dates as UK papers write them ("8 March 2023", "Wednesday 1st September 2014",
//! "03/06/2021" = 3 June), normalised to ISO `YYYY-MM-DD`.

use regex::Regex;
use std::sync::LazyLock;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

pub(crate) use council_model::dates::MONTH_NAMES;

/// The months' usual short forms as papers write them ("Jan", "Sept"; "May" has none).
pub(crate) const MONTH_ABBREVIATIONS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// A date written out with a month name: "8 March 2023", "1st Sept. 2014", "March 8, 2023".
pub static LONG_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(\d{1,2})(?:st|nd|rd|th|[\x22”])?\s+(?:of\s+)?(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+(\d{4}|\d{2})|(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))(?-u:\b)").unwrap()
});

/// A numeric date in UK order: 03/06/2021, 3.6.21, 03-06-2021.
pub static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})|(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{1,2})-(\d{1,2})-(\d{4}))(?-u:\b)").unwrap()
});

/// The endings of an ordinal day, English and Welsh ("1st", "14th", "1af", "2il", "3ydd",
/// "5ed", "7fed", "14eg", "21ain"): one list for every pattern that reads a day, so that
/// none of them misses a Welsh ordinal another reads.
pub(crate) const ORDINAL: &str = "st|nd|rd|th|af|il|ydd|ed|fed|eg|ain";

/// A date in Welsh ("9fed Ionawr 2019", "1af Mawrth 2020").
pub static WELSH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?-u:\b)(\d{{1,2}})(?:{ORDINAL})?\s+(ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr)\s+(\d{{4}})(?-u:\b)")).unwrap()
});

const WELSH_MONTHS: [&str; 12] = [
    "ionawr",
    "chwefror",
    "mawrth",
    "ebrill",
    "mai",
    "mehefin",
    "gorffennaf",
    "awst",
    "medi",
    "hydref",
    "tachwedd",
    "rhagfyr",
];

/// An ISO date.
pub static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{4})-(\d{2})-(\d{2})(?-u:\b)").unwrap());

/// The month (1–12) a month name or its abbreviation ("Feb", "february") names.
pub(crate) fn month_number(name: &str) -> Option<u32> {
    let n = name.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| n.starts_with(m))
        .map(|i| i as u32 + 1)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Formats a date as ISO when it exists.
pub fn iso(year: i32, month: u32, day: u32) -> Option<String> {
    if !(1900..=2100).contains(&year)
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
    {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// A date found in text: where it is, and its ISO form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// Byte range in the text.
    pub span: std::ops::Range<usize>,
    /// The text as written.
    pub text: String,
    /// ISO `YYYY-MM-DD`.
    pub iso: String,
}

/// Every date in `text`, in order.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let mut out = Vec::new();
    for c in LONG_DATE.captures_iter(text) {
        let m = c.get(0).unwrap();
        let (d, mo, y) = if let Some(d) = c.get(1) {
            (d.as_str(), &c[2], &c[3])
        } else {
            (c.get(5).unwrap().as_str(), &c[4], &c[6])
        };
        // A two-digit year only after an abbreviated month ("27 Feb 23", as tables and
        // status lines write it): "3 May 25 members" or "12 March 20 times" is no date, nor
        // is a time ("27 Feb 23:00").
        let short_year = y.len() == 2;
        if short_year
            && (mo.len() > 4
                || mo.eq_ignore_ascii_case("may")
                || is_time_or_range(&text[m.end()..]))
        {
            continue;
        }
        let (Ok(d), Some(mo), Ok(mut y)) = (d.parse::<u32>(), month_number(mo), y.parse::<i32>())
        else {
            continue;
        };
        if short_year {
            y += 2000;
        }
        if let Some(iso) = iso(y, mo, d) {
            out.push(FoundDate {
                span: m.range(),
                text: m.as_str().to_string(),
                iso,
            });
        }
    }
    for c in NUMERIC_DATE.captures_iter(text) {
        let m = c.get(0).unwrap();
        if out
            .iter()
            .any(|f: &FoundDate| f.span.start < m.end() && m.start() < f.span.end)
        {
            continue;
        }
        let g = |i: usize| {
            (0..3)
                .find_map(|k| c.get(i + 3 * k))
                .map(|m| m.as_str())
                .unwrap_or("")
        };
        if text[m.end()..].starts_with([',', '/']) || text[..m.start()].ends_with(['/', '.']) {
            continue;
        }
        let (Ok(d), Ok(mo), Ok(mut y)) = (
            g(1).parse::<u32>(),
            g(2).parse::<u32>(),
            g(3).parse::<i32>(),
        ) else {
            continue;
        };
        if g(3).len() == 2 {
            y += if y > 50 { 1900 } else { 2000 };
        }
        if let Some(iso) = iso(y, mo, d) {
            out.push(FoundDate {
                span: m.range(),
                text: m.as_str().to_string(),
                iso,
            });
        }
    }
    for c in WELSH_DATE.captures_iter(text) {
        let m = c.get(0).unwrap();
        let month = WELSH_MONTHS
            .iter()
            .position(|w| c[2].eq_ignore_ascii_case(w))
            .map(|i| i as u32 + 1);
        if let (Ok(d), Some(mo), Ok(y)) = (c[1].parse::<u32>(), month, c[3].parse::<i32>()) {
            if let Some(iso) = iso(y, mo, d) {
                out.push(FoundDate {
                    span: m.range(),
                    text: m.as_str().to_string(),
                    iso,
                });
            }
        }
    }
    for c in ISO_DATE.captures_iter(text) {
        let m = c.get(0).unwrap();
        if let Some(iso) = iso(
            c[1].parse().unwrap_or(0),
            c[2].parse().unwrap_or(0),
            c[3].parse().unwrap_or(0),
        ) {
            out.push(FoundDate {
                span: m.range(),
                text: m.as_str().to_string(),
                iso,
            });
        }
    }
    out.sort_by_key(|f| f.span.start);
    out
}

/// Whether what follows a number continues it as a time or a figure (`:00`, `.30`, `/24`).
fn is_time_or_range(after: &str) -> bool {
    let mut chars = after.chars();
    matches!(chars.next(), Some(':' | '.' | '/'))
        && chars.next().is_some_and(|c| c.is_ascii_digit())
}

/// The first date in `text`, as ISO.
pub fn first_date(text: &str) -> Option<String> {
    find_dates(text).into_iter().next().map(|f| f.iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_digit_years_only_after_abbreviated_months() {
        let isos = |t: &str| find_dates(t).into_iter().map(|f| f.iso).collect::<Vec<_>>();
        assert_eq!(isos("Key decision: No (27 Feb 23)"), ["2023-02-27"]);
        assert_eq!(isos("signed 3 Sept 24."), ["2024-09-03"]);
        assert!(isos("on 3 May 25 members attended").is_empty());
        assert!(isos("12 March 20 times").is_empty());
        assert!(isos("at 27 Feb 23:00").is_empty());
        // A superscript ordinal read by OCR as a closing quote.
        assert_eq!(isos("ON WEDNESDAY, 10” FEBRUARY 2016"), ["2016-02-10"]);
    }

    #[test]
    fn reads_uk_dates() {
        assert_eq!(
            first_date("Meeting Date: 8 March 2023").as_deref(),
            Some("2023-03-08")
        );
        assert_eq!(
            first_date("COMMITTEE - 1 SEPTEMBER 2014").as_deref(),
            Some("2014-09-01")
        );
        assert_eq!(
            first_date("Wednesday 1st Sept. 2014").as_deref(),
            Some("2014-09-01")
        );
        assert_eq!(
            first_date("Meeting: 03/06/2021 - Cabinet").as_deref(),
            Some("2021-06-03")
        );
        assert_eq!(
            first_date("on 16 October 2013 it").as_deref(),
            Some("2013-10-16")
        );
        assert_eq!(first_date("March 8, 2023").as_deref(), Some("2023-03-08"));
        assert_eq!(first_date("31/02/2021"), None);
        assert_eq!(
            first_date("Cyfarfod 9fed Ionawr 2019").as_deref(),
            Some("2019-01-09")
        );
        assert_eq!(first_date("12.8/10,000"), None);
    }
}
