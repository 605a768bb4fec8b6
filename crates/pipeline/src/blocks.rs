//! Lines to blocks: a block is a paragraph as a person sees it (a heading, a numbered
//! paragraph, a list item, a run of wrapped lines), with the page it starts on.

use crate::extract::{ExtractedText, Style};
use crate::typeset::Typography;
use regex::Regex;
use std::sync::LazyLock;

/// A paragraph-level unit of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The text, wrapped lines joined with spaces (hyphenation at line ends undone).
    pub text: String,
    /// The page the block starts on.
    pub page: u32,
    /// The heading level where the format marks the block as a heading, or where a PDF's
    /// typography sets it as one (see [`crate::typeset`]).
    pub heading: Option<u8>,
    /// How many source lines the block joined.
    pub lines: usize,
    /// The typography of the block's first line, where the extractor measured it.
    pub style: Option<Style>,
    /// Whether the block is a run of short lines set as body text where the typography sets
    /// headings apart (a list of names or items, see `listed`): no heading, however short.
    pub list: bool,
    /// Whether the line classifier ([`crate::line_model`]) finds the block's first line
    /// unlikely to start a section (under [`crate::line_model::VETO`]): the section splitter
    /// makes no section of it.
    pub veto: bool,
}

/// A paragraph number at the start of a line: `2.1.3`, `1.`, `12`, possibly after a bullet;
/// never one starting with 0 (`0.0` is a table's figure).
pub static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-*]\s+)?([1-9]\d?(?:\.\d{1,2}){0,4}|\d{3}\.)(\.?)(?:\s+|\t)(\S.*)$").unwrap()
});
/// A list label: `a)`, `(a)`, `(iv)`, `b.` possibly after a bullet.
pub static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-*]\s+)?(?:\(([a-z]|[ivx]{1,5}|\d{1,2})\)|([a-z]|[ivx]{1,5}|\d{1,2})\)|([a-z])\.)\s+(\S.*)$",
    )
    .unwrap()
});
/// A recorded vote's head: "For (52)", "Against: 3", "Abstentions (2)"; in Welsh "O blaid: 5"
/// (for), "Yn erbyn: 2" (against), "Ymatal: 1" (abstaining).
pub static VOTE_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:for|against|abstain(?:ed|ing)?|abstentions?|o\s+blaid|yn\s+erbyn|ymatal(?:iadau|iad|odd)?)\s*(?:\(\s*\d+\s*\)|[:\-–]\s*\d+)\s*:?").unwrap()
});
static OUTCOME_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(?:substantive\s+)?(?:motion|amendment|recommendations?|resolution)s?\s+(?:was\s+|were\s+)?(?:carried|lost|agreed|fell|defeated|withdrawn|approved|passed|failed)|^(?:moved|seconded|proposed)\s+by\s|^(?:cynigiwyd|eiliwyd)\s+gan\s|^cafodd\s+y\s+(?:cynnig|gwelliant)\s+ei\s").unwrap()
});
static NAME_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillors?|Sir|Dame|Cyng|Cynghorydd|Cynghorwyr)\.?\s")
        .unwrap()
});
/// The head of a ballot's list of votes for one candidate ("For Councillor Keller", "For Mr
/// Smith"), which reads like a heading but opens the names voting for them.
static CANDIDATE_VOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^For\s+(?:Councillor|Cllr\.?|Cmhlr\.?|Mr|Mrs|Ms|Miss|Dr)\s+\S").unwrap()
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[-*]\s+\S").unwrap());
static STARTS_WITH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}").unwrap()
});
static KEY_VALUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Z][A-Za-z()/'’ &-]{1,40}?)\s*(?::|\t)\s*(.*)$").unwrap());

/// Whether text starts with a date ("1 September 2014 ..."), which is no paragraph number.
pub fn starts_with_date(text: &str) -> bool {
    STARTS_WITH_DATE.is_match(text)
}

/// Whether a line begins a new paragraph whatever came before (a number, label or bullet).
pub fn starts_paragraph(line: &str) -> bool {
    VOTE_HEAD.is_match(line)
        || (NUMBERED.is_match(line) && !STARTS_WITH_DATE.is_match(line))
        || LABELLED.is_match(line)
        || BULLET.is_match(line)
        || KEY_VALUE.is_match(line) && line.len() < 200 && key_value(line).is_some()
}

/// The key and value of a `Key: value` line ("Meeting Date: 8 March 2023", "DATE\t16 Dec").
pub fn key_value(line: &str) -> Option<(&str, &str)> {
    let c = KEY_VALUE.captures(line)?;
    let key = c.get(1)?.as_str().trim();
    if key.split_whitespace().count() > 5 {
        return None;
    }
    Some((key, c.get(2)?.as_str().trim()))
}

/// Whether text reads as a heading: short, no sentence punctuation at the end, starting
/// with a capital or digit.
pub fn heading_like(text: &str) -> bool {
    let t = text.trim();
    // Length first: a block's whole text is asked line after line as it grows.
    if t.is_empty() || t.len() > 110 || t.split_whitespace().count() > 14 {
        return false;
    }
    let first = t.chars().next().unwrap();
    if !(first.is_uppercase() || first.is_ascii_digit()) {
        return false;
    }
    // A list of names or items is no heading; nor is an outcome ("Motion carried").
    if t.matches(',').count() >= 2
        || OUTCOME_LINE.is_match(t)
        || NAME_LINE.is_match(t)
        || CANDIDATE_VOTE.is_match(t)
    {
        return false;
    }
    if t.ends_with(['.', ',', ';', ':', '?', '!']) && !t.ends_with("etc.") {
        return false;
    }
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 3 && !furniture(t)
}

/// A date alone ("Monday, 24 February 2025", "24 SEPTEMBER 2009").
static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}$").unwrap()
});
/// A UK postcode alone ("SA19 7HR"), or an Irish Eircode ("EIRCODE V94 EH9O", "V35 K497").
static POSTCODE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|(?i:eircode:?\s+)?[A-Z]\d[\dW]\s?[0-9A-Z]{4})$",
    )
    .unwrap()
});
/// A short line that ends in a UK postcode: an address ("66 George Street Altrincham WA14
/// 1RF"), whose house number is no paragraph number.
static ADDRESS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{1,4}[A-Za-z]?\s+[^\n]{2,100}?[\s,][A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\.?$")
        .unwrap()
});

/// Whether `text` is an address led by its house number ([`ADDRESS_LINE`]).
pub fn is_address(text: &str) -> bool {
    text.len() < 120 && ADDRESS_LINE.is_match(text.trim())
}

/// A sum in pounds and pence at a line's end ("TOTAL £1,457.95").
static AMOUNT_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"£\s?\d[\d,]*\.\d\d$").unwrap());
/// A phone number ("03000 416814", "01223 706398").
static PHONE_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)\(?0\d{2,4}\)?\s?\d{3,4}\s?\d{3,4}(?:\s|$)").unwrap());
/// A name and its post, as a contact block gives them ("Ben Watts, General Counsel").
static NAME_AND_POST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][a-z]+(?:[ -][A-Z][a-z'’]+){1,2},\s+(?:[A-Z][a-z]+\s+){0,5}(?:Officer|Counsel|Manager|Director|Clerk|Secretary|Treasurer|Executive|Engineer|Administrator|Solicitor|Assistant|Adviser|Advisor)(?:\s+\S+@\S+)?$").unwrap()
});

/// Whether a line is only part of a date, as a cover breaks a date over lines ("Thursday,
/// 13th" over "February, 2025" over "at 9.30 am"): day and month names, day numbers,
/// years and times, with "at", "on" or "the" between; at least one day or month name.
pub fn date_part(t: &str) -> bool {
    /// Day names and their usual short forms.
    const DAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
    ];
    let month = |l: &str| {
        crate::dates::MONTH_NAMES
            .iter()
            .chain(&crate::dates::MONTH_ABBREVIATIONS)
            .any(|m| m.eq_ignore_ascii_case(l))
    };
    let mut named = false;
    let mut words = 0;
    for w in t.split(|c: char| c.is_whitespace() || c == ',') {
        let w = w.trim_matches(|c: char| c == '.' || c == '(' || c == ')');
        if w.is_empty() || matches!(w, "-" | "–") {
            continue;
        }
        words += 1;
        let l = w.to_lowercase();
        let digits = l.trim_end_matches(|c: char| c.is_alphabetic());
        let suffix = &l[digits.len()..];
        let number = !digits.is_empty()
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ':')
            && (digits.len() <= 5)
            && matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "am" | "pm");
        if DAYS.contains(&l.as_str()) || month(&l) {
            named = true;
        } else if !(number || matches!(l.as_str(), "at" | "on" | "the" | "am" | "pm" | "of")) {
            return false;
        }
    }
    named && words <= 7
}

/// A closing of a letter ("Yours sincerely", "Kind regards"): a signature follows, no heading.
pub fn valediction(t: &str) -> bool {
    let l = t.trim().trim_end_matches([',', '.']).to_lowercase();
    matches!(
        l.as_str(),
        "yours sincerely"
            | "yours faithfully"
            | "yours truly"
            | "kind regards"
            | "best regards"
            | "with kind regards"
            | "regards"
            | "best wishes"
            | "with best wishes"
            | "yn gywir"
            | "yr eiddoch yn gywir"
    )
}

/// Whether a short line is page furniture, a contact detail or a value, never a heading a
/// clerk would cite: a date or a postcode alone, a line with an email address, a web address,
/// a file path or a phone number, a name with its post, a total in pounds, a value ("None",
/// "Noted"), a part of a date ("Thursday, 13th"), a letter's closing ("Yours sincerely"), a
/// sentence in the past ("Apologies for absence were received from ..."), a
/// council's name alone (the letterhead), or the initials of those an action falls to
/// ("AC/JN", "RG & CS").
fn furniture(t: &str) -> bool {
    let lower = t.to_lowercase();
    if DATE_ONLY.is_match(t)
        || date_part(t)
        || valediction(t)
        || POSTCODE_ONLY.is_match(t)
        || NAME_AND_POST.is_match(t)
        || PHONE_IN.is_match(t)
        || AMOUNT_END.is_match(t)
        || t.split_whitespace().any(|w| {
            w.contains('@') && w.contains('.')
                || w.starts_with("www.")
                || w.starts_with("http")
                || w.matches('/').count() >= 2
                    && w.split('/')
                        .any(|seg| seg.len() > 1 && seg.chars().all(|c| c.is_ascii_lowercase()))
        })
        || matches!(lower.as_str(), "none" | "n/a" | "nil" | "noted" | "tbc")
        || t.split_whitespace().count() >= 6
            && [" was ", " were "].iter().any(|v| lower.contains(v))
        || crate::names::is_council_name(t)
    {
        return true;
    }
    let tokens: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | '&' | '+' | '='))
        .filter(|w| !w.is_empty())
        .collect();
    // Initials are two letters ("ICT & HR" is a heading); three where a slash or plus joins.
    let longest = if t.contains(['/', '+']) { 3 } else { 2 };
    tokens.len() >= 2
        && t.contains(['/', '&', '+'])
        && tokens
            .iter()
            .all(|w| (2..=longest).contains(&w.len()) && w.chars().all(|c| c.is_ascii_uppercase()))
}

/// A page's number stamped with the agenda item it starts ("Page 1Agenda Item 6", "Page 44
/// of 44", "Page | 1"), also as word processors letter-space it in a footer ("P a g e | 1",
/// "1 | P a g e", "2 | Page"): furniture, never text.
static PAGE_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:page|p\s?a\s?g\s?e)\s*[|:]?\s*\d+(?:\s*(?:of|/)\s*\d+)?\s*(?:agenda\s+item\s+\d+[a-z]?)?|agenda\s+item\s+\d+[a-z]?\s*page\s*\d+|\d+\s*\|\s*(?:page|p\s?a\s?g\s?e))$").unwrap()
});

/// Whether a line is a page stamp ([`PAGE_STAMP`]).
pub fn page_stamp(line: &str) -> bool {
    PAGE_STAMP.is_match(line.trim())
}

/// Whether all letters are upper case.
pub fn upper_case(text: &str) -> bool {
    let mut any = false;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        any = true;
    }
    any
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', ':', ';', '?', '!']) || heading_like(text) && upper_case(text)
}

/// Groups the lines of `text` into blocks.
pub fn blocks(text: &ExtractedText) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut cur: Option<Block> = None;
    let all: Vec<(u32, &crate::extract::Line)> = text
        .pages
        .iter()
        .flat_map(|p| p.lines.iter().map(move |l| (p.number, l)))
        .collect();
    // Wrapped lines of a paragraph run to (nearly) the full text width; a heading does not.
    let full_width = if text.paged {
        full_line_width(all.iter().map(|(_, l)| *l))
    } else {
        usize::MAX
    };
    let typo = if text.paged {
        Typography::of(all.iter().map(|(_, l)| *l))
    } else {
        None
    };
    // Unpaged text (HTML) marks headings in bold as PDFs do by typography.
    let bold_level = if text.paged {
        None
    } else {
        crate::typeset::bold_heading_level(all.iter().map(|(_, l)| *l))
    };
    let paper = crate::line_model::Paper::new(
        text,
        full_width,
        typo.as_ref().is_some_and(Typography::bold_marks),
    );
    let veto = |i: usize| paper.odds(i) < crate::line_model::VETO;
    let flush = |cur: &mut Option<Block>, out: &mut Vec<Block>| {
        if let Some(b) = cur.take() {
            if !b.text.trim().is_empty() {
                out.push(b);
            }
        }
    };
    // Whether the previous line ran the full width without ending a sentence: then this
    // line continues it, even if it starts with a number ("1.6 degrees", "14 councils").
    let mut prev_wraps = false;
    // The line before.
    let mut last_line = "";
    for (i, (page, line)) in all.iter().enumerate() {
        let t = line.text.trim();
        let last_line = std::mem::replace(&mut last_line, t);
        let wrapped_into = std::mem::replace(
            &mut prev_wraps,
            text.paged
                && t.chars().count() >= full_width
                && !t.ends_with(['.', ':', ';', '?', '!']),
        );
        if t.is_empty() {
            prev_wraps = false;
            flush(&mut cur, &mut out);
            continue;
        }
        if page_stamp(t) {
            continue;
        }
        let bold_heading = bold_level.filter(|_| crate::typeset::bold_heading_line(line));
        if line.heading.is_some() || bold_heading.is_some() {
            flush(&mut cur, &mut out);
            out.push(Block {
                text: match bold_heading {
                    Some(_) => crate::typeset::heading_text(t).to_string(),
                    None => t.to_string(),
                },
                page: *page,
                heading: line.heading.or(bold_heading),
                lines: 1,
                style: line.style.filter(|_| text.paged),
                list: false,
                veto: veto(i),
            });
            continue;
        }
        if let Some(typo) = &typo {
            // A heading (or a cover value) wrapped over lines set alike is one block.
            if cur
                .as_ref()
                .is_some_and(|b| crate::typeset::typeset_wrap(typo, b, line, last_line, full_width))
            {
                let b = cur.as_mut().expect("a block");
                join_line(&mut b.text, t);
                b.lines += 1;
                if b.heading.is_none() && crate::typeset::reads_as_heading(&b.text) {
                    // A heading broken at a comma ("Draft Revenue Budget 2025-26," over
                    // "and Draft Capital Programme"): a heading once whole.
                    b.heading = typo.rank(b.style);
                }
                continue;
            }
            if typo.heading_line(line) {
                flush(&mut cur, &mut out);
                cur = Some(Block {
                    text: crate::typeset::heading_text(t).to_string(),
                    page: *page,
                    heading: typo.level(line.style),
                    lines: 1,
                    style: line.style,
                    list: false,
                    veto: veto(i),
                });
                continue;
            }
        }
        if let Some(b) = cur.as_mut().filter(|b| b.heading.is_some()) {
            // A note in brackets under a heading set as one belongs to it ("(Item 3)"); the
            // text under it starts a block of its own.
            if t.starts_with('(') && t.ends_with(')') && t.chars().count() <= 40 {
                join_line(&mut b.text, t);
                b.lines += 1;
                continue;
            }
            flush(&mut cur, &mut out);
        }
        let prev_ends = cur.as_ref().map(|b| ends_sentence(&b.text)).unwrap_or(true);
        let next = all.get(i + 1).map(|(_, l)| l.text.trim()).unwrap_or("");
        let full = t.chars().count() >= full_width;
        let list = typo.as_ref().is_some_and(|typo| listed(&all, i, typo));
        let standalone_heading = text.paged
            && !full
            && heading_like(t)
            && prev_ends
            && !list
            && (next.is_empty()
                || next.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || starts_paragraph(next));
        let upper_run = cur
            .as_ref()
            .is_some_and(|b| heading_like(&b.text) && upper_case(&b.text))
            && upper_case(t)
            && heading_like(t);
        if upper_run {
            // Wrapped upper-case headings ("... COMMITTEE - 1" / "SEPTEMBER 2014").
            let b = cur.as_mut().unwrap();
            b.text.push(' ');
            b.text.push_str(t);
            b.lines += 1;
            continue;
        }
        // Where typography sets headings, a numbered line set as body text is no heading.
        let after_numbered_heading = !wrapped_into
            && cur.as_ref().is_some_and(|b| {
                b.lines == 1
                    && NUMBERED.captures(&b.text).is_some_and(|c| {
                        heading_like(&c[3]) && c[3].split_whitespace().count() <= 8
                    })
                    && typo
                        .as_ref()
                        .is_none_or(|t| !t.has_headings() || t.stands_out(b.style))
            })
            && t.starts_with(|c: char| c.is_uppercase());
        let numbered_continuation =
            wrapped_into && cur.is_some() && NUMBERED.is_match(t) && !t.starts_with("- ");
        if (starts_paragraph(t) && !numbered_continuation)
            || standalone_heading
            || after_numbered_heading
            || cur.is_none()
        {
            flush(&mut cur, &mut out);
            cur = Some(Block {
                text: t.to_string(),
                page: *page,
                heading: None,
                lines: 1,
                style: line.style,
                list,
                veto: veto(i),
            });
            if standalone_heading && !upper_case(t) && !after_numbered_heading {
                flush(&mut cur, &mut out);
            }
            continue;
        }
        let b = cur.as_mut().unwrap();
        join_line(&mut b.text, t);
        b.lines += 1;
    }
    flush(&mut cur, &mut out);
    if !text.paged {
        // The bold of unpaged text marks headings only; the rest of the reader knows styles
        // as PDF typography.
        for b in &mut out {
            b.style = None;
        }
    }
    out
}

/// Whether line `i` of `all` is one of a run of short lines set as body text with no blank
/// line between them, in a text whose typography sets its headings apart: a list of names or
/// items ("Angela Caldara" / "Corinna Edge" / "Rod Scott" under "Councillors:"), not a
/// heading each. A heading the typography does not set apart is followed by its text or a
/// blank line, not by another line like it.
fn listed(all: &[(u32, &crate::extract::Line)], i: usize, typo: &Typography) -> bool {
    let item = |j: usize| {
        all.get(j).is_some_and(|(_, l)| {
            let t = l.text.trim();
            !t.is_empty() && !typo.stands_out(l.style) && heading_like(t)
        })
    };
    typo.has_headings() && item(i) && ((i > 0 && item(i - 1)) || item(i + 1))
}

/// The length (in characters) from which a PDF line counts as running the full width: 80% of
/// the 90th percentile of line lengths.
/// The length (in characters) from which a line runs the full text width: 80 % of the
/// longer lines' length; `usize::MAX` when too few lines tell.
pub(crate) fn full_line_width<'a>(lines: impl Iterator<Item = &'a crate::extract::Line>) -> usize {
    let mut lens: Vec<usize> = lines
        .map(|l| l.text.trim().chars().count())
        .filter(|&n| n >= 20)
        .collect();
    if lens.len() < 10 {
        return usize::MAX;
    }
    lens.sort_unstable();
    let p90 = lens[lens.len() * 9 / 10];
    p90 * 8 / 10
}

/// Appends a wrapped line, undoing a hyphen at the line end ("regu-" + "lation").
fn join_line(text: &mut String, next: &str) {
    let hyphenated = text.ends_with('-')
        && text[..text.len() - 1].ends_with(|c: char| c.is_alphabetic())
        && next.starts_with(|c: char| c.is_lowercase());
    if hyphenated {
        text.pop();
    } else {
        text.push(' ');
    }
    text.push_str(next);
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::extract::{Line, Page, Style};

    fn paged(lines: &[&str]) -> ExtractedText {
        ExtractedText {
            pages: vec![Page {
                number: 1,
                lines: lines.iter().map(|l| Line::plain(*l)).collect(),
            }],
            paged: true,
        }
    }

    #[test]
    fn joins_wrapped_lines_and_splits_at_numbers() {
        let t = paged(&[
            "Background",
            "1.1 The committee agreed a regu-",
            "lation on the matter and noted",
            "the report.",
            "1.2 Next paragraph.",
            "- a bullet",
        ]);
        let b = blocks(&t);
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Background",
                "1.1 The committee agreed a regulation on the matter and noted the report.",
                "1.2 Next paragraph.",
                "- a bullet"
            ]
        );
    }

    #[test]
    fn wrapped_upper_case_headings_join() {
        let t = paged(&[
            "CHILDREN AND FAMILIES COMMITTEE - 1",
            "SEPTEMBER 2014",
            "",
            "Text follows here.",
        ]);
        let b = blocks(&t);
        assert_eq!(
            b[0].text,
            "CHILDREN AND FAMILIES COMMITTEE - 1 SEPTEMBER 2014"
        );
    }

    /// One page of lines set in (size in twentieths of the body, bold).
    pub(crate) fn styled(lines: &[(&str, u8, bool)]) -> ExtractedText {
        ExtractedText {
            pages: vec![Page {
                number: 1,
                lines: lines
                    .iter()
                    .map(|&(text, size, bold)| Line {
                        text: text.into(),
                        heading: None,
                        style: Some(Style {
                            size,
                            bold,
                            // Every line at the margin, as a PDF gives it.
                            x: Some(100),
                            ..Style::default()
                        }),
                    })
                    .collect(),
            }],
            paged: true,
        }
    }

    #[test]
    fn typography_sets_headings_and_their_levels() {
        let body = "the panel considered the report of the director and asked questions about it";
        let mut lines = vec![
            ("Annual Review of Services", 32, true),
            ("Introduction", 20, true),
        ];
        lines.extend(std::iter::repeat_n((body, 20, false), 12));
        // Short, no full stop, capitalised, but set as body text: no heading.
        lines.push(("Members noted the update", 20, false));
        lines.push(("Next Steps", 20, true));
        lines.push((body, 20, false));
        let b = blocks(&styled(&lines));
        let heads: Vec<(&str, Option<u8>)> = b
            .iter()
            .filter(|b| b.heading.is_some())
            .map(|b| (b.text.as_str(), b.heading))
            .collect();
        assert_eq!(
            heads,
            [
                ("Annual Review of Services", Some(1)),
                ("Introduction", Some(2)),
                ("Next Steps", Some(2))
            ]
        );
    }

    #[test]
    fn a_list_of_names_set_as_body_text_is_no_run_of_headings() {
        let body = "the panel considered the report of the director and asked questions about it";
        let mut lines = vec![
            ("Audit Committee", 33, true),
            ("Membership:", 20, true),
            ("", 20, false),
            ("Angela Caldara", 20, false),
            ("Corinna Edge", 20, false),
            ("", 20, false),
            ("Other Members:", 20, true),
            ("", 20, false),
            ("Dave Roberts (Independent Chair)", 20, false),
            ("Danny Connellan", 20, false),
            ("", 20, false),
        ];
        lines.extend(std::iter::repeat_n((body, 20, false), 12));
        let b = blocks(&styled(&lines));
        let heads: Vec<&str> = b
            .iter()
            .filter(|b| b.heading.is_some() || b.lines == 1 && heading_like(&b.text))
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(heads, ["Audit Committee"], "{b:?}");
        assert!(b
            .iter()
            .any(|b| b.text == "Dave Roberts (Independent Chair) Danny Connellan" && b.list));
    }

    #[test]
    fn a_heading_wrapped_in_its_style_is_one_block() {
        let body = "the panel considered the report of the director and asked questions about it";
        let mut lines = vec![
            (
                "CHILDREN AND FAMILIES OVERVIEW AND SCRUTINY COMMITTEE -",
                25,
                true,
            ),
            ("1", 25, true),
            ("SEPTEMBER 2014", 25, true),
            ("84. Apologies", 20, true),
            ("(Item 1)", 20, false),
        ];
        lines.extend(std::iter::repeat_n((body, 20, false), 12));
        let b = blocks(&styled(&lines));
        assert_eq!(
            b[0].text,
            "CHILDREN AND FAMILIES OVERVIEW AND SCRUTINY COMMITTEE - 1 SEPTEMBER 2014"
        );
        assert_eq!(b[1].text, "84. Apologies (Item 1)");
    }

    #[test]
    fn furniture_and_contact_lines_are_no_headings() {
        for line in [
            "Monday, 24 February 2025",
            "24 SEPTEMBER 2009",
            "SA19 7HR",
            "03000 416814 benjamin.watts@kent.gov.uk",
            "Ben Watts, General Counsel",
            "For more information about Merton Council visit www.merton.gov.uk",
            "TOTAL £1,457.95",
            "AC/JN",
            "RG & CS",
            "None",
            "01/decision/glossaries/FormC 2",
            "Apologies for absence were received from Councillors Rod Scott and Diane Neil",
            "KENT COUNTY COUNCIL",
            "Cyng. A. Thomas (Sioe Llandeilo, Clwb Rygbi Plant Llandeilo)",
        ] {
            assert!(!heading_like(line), "{line}");
        }
        for line in [
            "Background",
            "Financial Implications",
            "Budget 2025-26",
            "ICT & HR",
            "Procurement/Contractual/Council Contract Procedure Rules Implications",
        ] {
            assert!(heading_like(line), "{line}");
        }
        for line in [
            "Page 1Agenda Item 6",
            "Page 44 of 44",
            "Page | 1",
            "P a g e | 3",
            "12 | P a g e",
            "2 | Page",
        ] {
            assert!(page_stamp(line), "{line}");
        }
        assert!(!page_stamp("Page 4 of the report sets out"));
    }

    #[test]
    fn recognises_shapes() {
        assert!(NUMBERED.is_match("2.1.3 The text"));
        assert!(NUMBERED.is_match("- 1.1 In December"));
        // A table's zero figures are no paragraph number.
        assert!(!NUMBERED.is_match("0.0 0.0 Other (Public Protection)"));
        assert!(
            !starts_paragraph("1 September 2014 was a day") || LABELLED.is_match("1 September")
        );
        assert!(LABELLED.is_match("a)     That the notice is noted;"));
        assert!(LABELLED.is_match("(iv) item"));
        assert_eq!(
            key_value("Meeting Date: 8 March 2023"),
            Some(("Meeting Date", "8 March 2023"))
        );
        assert_eq!(
            key_value("DATE\t16 December 2021"),
            Some(("DATE", "16 December 2021"))
        );
        assert!(heading_like("Policy Framework and Previous Decisions"));
        assert!(!heading_like("For Councillor Sheahan (K)"));
        assert!(heading_like("Forward Plan"));
        assert!(!heading_like("The committee noted the report."));
    }
}
