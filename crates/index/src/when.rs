//! Dates a query names: "the meeting on 13 February 2025", "in March 2018", "2025-02-13".
//!
//! People ask about a meeting by its date ("who chaired the county council meeting on
//! 13 February 2025"). As words, a date matches every paragraph that mentions the month
//! and the year (budget reports repeat "February 2025" on every page), not the meeting held
//! that day. So the dates a query names are read here ([`named_dates`]) as day or month
//! spans, and in phase two only a section whose paper's meeting date falls in one of them
//! has its score multiplied by the date factor ([`crate::rank`]): a boost, never a filter,
//! and never per match. The words stay in the query as typed.
//!
//! Read: a day, month and year in either order ("13 February 2025", "13th of Feb 2025",
//! "February 13, 2025"), a month and year ("March 2018"), an ISO date ("2025-02-13") and a
//! day/month/year date in the British order ("13/02/2025"). Month names in English and
//! Welsh, full or abbreviated. A year alone is not read: it names a financial year, a
//! plan or a budget as often as a meeting.

use std::sync::LazyLock;

use regex::Regex;

/// The most date spans read from one query.
pub const MAX_SPANS: usize = 4;

/// A span of meeting dates, inclusive, as `YYYYMMDD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The first day.
    pub from: u64,
    /// The last day.
    pub to: u64,
}

impl Span {
    /// Whether a `YYYYMMDD` date falls in the span.
    pub fn holds(self, date: u64) -> bool {
        (self.from..=self.to).contains(&date)
    }
}

/// The date spans a query names (at most [`MAX_SPANS`], each once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dates {
    spans: [Option<Span>; MAX_SPANS],
}

impl Dates {
    /// Whether no date is named.
    pub fn is_empty(&self) -> bool {
        self.spans[0].is_none()
    }

    /// Whether a `YYYYMMDD` date falls in one of the spans (a missing date, 0, never does).
    pub fn hold(&self, date: u64) -> bool {
        date != 0 && self.spans.iter().flatten().any(|s| s.holds(date))
    }

    fn push(&mut self, span: Span) {
        if self.spans.iter().flatten().any(|s| *s == span) {
            return;
        }
        if let Some(slot) = self.spans.iter_mut().find(|s| s.is_none()) {
            *slot = Some(span);
        }
    }
}

/// The month (1 to 12) a lower-case word names, in English or Welsh, full or abbreviated.
fn month(word: &str) -> Option<u64> {
    let w = word.trim_end_matches('.');
    Some(match w {
        "january" | "jan" | "ionawr" => 1,
        "february" | "feb" | "chwefror" => 2,
        "march" | "mar" | "mawrth" => 3,
        "april" | "apr" | "ebrill" => 4,
        "may" | "mai" => 5,
        "june" | "jun" | "mehefin" => 6,
        "july" | "jul" | "gorffennaf" => 7,
        "august" | "aug" | "awst" => 8,
        "september" | "sep" | "sept" | "medi" => 9,
        "october" | "oct" | "hydref" => 10,
        "november" | "nov" | "tachwedd" => 11,
        "december" | "dec" | "rhagfyr" => 12,
        _ => return None,
    })
}

/// The number of days in a month (February with 29: a span's end only bounds a range).
fn days_in(month: u64) -> u64 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A day span, if the date is a real calendar position.
fn day(year: u64, month: u64, day: u64) -> Option<Span> {
    ((1..=12).contains(&month) && (1..=days_in(month)).contains(&day) && year >= 1800).then(|| {
        let d = year * 10_000 + month * 100 + day;
        Span { from: d, to: d }
    })
}

/// A month span.
fn whole_month(year: u64, month: u64) -> Option<Span> {
    ((1..=12).contains(&month) && year >= 1800).then(|| Span {
        from: year * 10_000 + month * 100 + 1,
        to: year * 10_000 + month * 100 + days_in(month),
    })
}

/// "13 February 2025", "13th of Feb. 2025", "February 13, 2025", "March 2018".
static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?([a-z]{3,10}\.?)\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{4})\b",
    )
    .expect("date words")
});

/// "2025-02-13" and "13/02/2025" (or 13.02.2025).
static NUMBERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b|\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
        .expect("date numbers")
});

/// The dates `input` names (see the module doc).
pub fn named_dates(input: &str) -> Dates {
    let mut dates = Dates::default();
    let num = |m: Option<regex::Match<'_>>| m.and_then(|m| m.as_str().parse::<u64>().ok());
    for c in WORDS.captures_iter(input) {
        let Some(m) = c.get(2).and_then(|m| month(&m.as_str().to_lowercase())) else {
            continue;
        };
        let Some(year) = num(c.get(4)) else { continue };
        let span = match num(c.get(1)).or(num(c.get(3))) {
            Some(d) => day(year, m, d),
            None => whole_month(year, m),
        };
        if let Some(span) = span {
            dates.push(span);
        }
    }
    for c in NUMBERS.captures_iter(input) {
        let span = match num(c.get(1)) {
            Some(year) => day(year, num(c.get(2)).unwrap_or(0), num(c.get(3)).unwrap_or(0)),
            None => day(
                num(c.get(6)).unwrap_or(0),
                num(c.get(5)).unwrap_or(0),
                num(c.get(4)).unwrap_or(0),
            ),
        };
        if let Some(span) = span {
            dates.push(span);
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_months_are_read_in_the_forms_people_type() {
        let d = named_dates("who chaired the county council meeting on 13 February 2025");
        assert!(d.hold(20250213) && !d.hold(20250212) && !d.hold(20250313));
        let d = named_dates("who chaired the Manordeilo and Salem meeting in March 2018");
        assert!(d.hold(20180301) && d.hold(20180314) && d.hold(20180331));
        assert!(!d.hold(20180401) && !d.hold(20190314));
        for q in [
            "minutes of 13th of Feb. 2025",
            "February 13, 2025 meeting",
            "meeting 2025-02-13",
            "meeting 13/02/2025",
            "cyfarfod 13 Chwefror 2025",
        ] {
            assert!(named_dates(q).hold(20250213), "{q}");
        }
    }

    #[test]
    fn years_alone_and_non_dates_are_not_read() {
        for q in [
            "treasury management strategy 2025-26",
            "who seconded the revised 2018 budget",
            "30km/h speed limit bye-laws",
            "APP/C1625/W/16/3159572",
            "107193/FUL/22",
            "the market 2018",
            "31 February 2025",
            "",
        ] {
            assert!(named_dates(q).is_empty(), "{q}");
        }
        assert!(!Dates::default().hold(0));
    }
}
