//! Names shared by the structure readers and the entity finder: a council's name as
//! printed ("Kent County Council", "Dorset Council"), and capitals put into title case. Both
//! [`crate::structure`] and [`crate::entities`] use these, so neither imports the other.

use regex::Regex;
use std::sync::LazyLock;

/// A council's name: a place (up to five words) and a council type.
pub(crate) static COUNCIL_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[A-Z][a-z'’]+(?:[ -](?:(?:and|upon|on|under|in|le|the)[ -])?[A-Z][a-z'’]+){0,4})\s(?:County Borough Council|Metropolitan Borough Council|County Council|City Council|Borough Council|District Council|Parish Council|Town Council|Community Council|City and County Council|Council)(?-u:\b)").unwrap()
});

/// Whether text is a council's name ("KENT COUNTY COUNCIL", "Dorset Council").
pub fn is_council_name(text: &str) -> bool {
    let t = title_case(text.trim());
    COUNCIL_NAME
        .find(&t)
        .is_some_and(|m| m.start() == 0 && m.end() == t.len())
}

/// "CHILDREN AND FAMILIES COMMITTEE" → "Children and Families Committee".
pub fn title_case(s: &str) -> String {
    s.split(' ')
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0
                && matches!(
                    lower.as_str(),
                    "and" | "of" | "for" | "the" | "on" | "in" | "to" | "with" | "at"
                )
            {
                lower
            } else {
                // The first letter, after any opening bracket or quote ("(Joint Session)").
                let lead = lower.len() - lower.trim_start_matches(['(', '[', '"', '‘', '“']).len();
                let (open, rest) = lower.split_at(lead);
                let mut c = rest.chars();
                match c.next() {
                    Some(f) => format!("{open}{}{}", f.to_uppercase(), c.as_str()),
                    None => open.to_string(),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The last words of a body's name: a committee, board, panel, cabinet or council.
const BODY_ENDS: &[&str] = &[
    "Council",
    "Committee",
    "Sub-Committee",
    "Board",
    "Panel",
    "Cabinet",
    "Commission",
    "Forum",
    "Authority",
    "Group",
    "Assembly",
    "Partnership",
];

/// A meeting's body as the name of the body that met, never a description of the meeting
/// or a paper's title: "Inaugural Annual Meeting of Limerick City and County Council" is
/// "Limerick City and County Council", "Special Roads Meeting of the Municipal District of
/// Newcastle West" is "Municipal District of Newcastle West", "Governance Update Appendix 1
/// – County Council" (a title, then the body) is "County Council". A council's "&" is "and"
/// ("Limerick City & County Council"). Other names are unchanged.
pub fn meeting_body(body: &str) -> String {
    static MEETING_OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:[A-Z][A-Za-z-]*[ \t]+){0,4}(?i:meeting)[ \t]+of[ \t]+(?:the[ \t]+)?([A-Z].*)$",
        )
        .unwrap()
    });
    let mut name = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let ends_as_body = |n: &str| BODY_ENDS.iter().any(|k| n.ends_with(k));
    // "Annual Meeting of the Parish": one word after "of" names no body.
    if let Some(c) = MEETING_OF.captures(&name).filter(|c| c[1].contains(' ')) {
        name = c[1].to_string();
    }
    // "Paper title – Body": the body after the last dash, where that is a body's name.
    if let Some((_, last)) = name.rsplit_once(" – ").or_else(|| name.rsplit_once(" - ")) {
        let last = last.trim();
        if ends_as_body(last) && last.starts_with(|c: char| c.is_uppercase()) {
            name = last.to_string();
        }
    }
    if name.ends_with(" Council") {
        name = name.replace(" & ", " and ");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_body_is_the_body_that_met() {
        for (given, body) in [
            (
                "Inaugural Annual Meeting of Limerick City and County Council",
                "Limerick City and County Council",
            ),
            (
                "Roads Meeting of the Municipal District of Newcastle West",
                "Municipal District of Newcastle West",
            ),
            (
                "Governance Update Appendix 1 – County Council",
                "County Council",
            ),
            (
                "Limerick City & County Council",
                "Limerick City and County Council",
            ),
            (
                "Audit & Governance Committee",
                "Audit & Governance Committee",
            ),
            ("Cabinet", "Cabinet"),
            (
                "Annual Meeting of the Parish",
                "Annual Meeting of the Parish",
            ),
            ("Planning – Site Visits", "Planning – Site Visits"),
        ] {
            assert_eq!(meeting_body(given), body, "{given}");
        }
    }

    #[test]
    fn title_case_capitalises_after_an_opening_bracket() {
        assert_eq!(
            title_case("AUDIT COMMITTEE AND GENERAL PURPOSES COMMITTEE (JOINT SESSION)"),
            "Audit Committee and General Purposes Committee (Joint Session)"
        );
        assert_eq!(title_case("KENT COUNTY COUNCIL"), "Kent County Council");
        assert_eq!(title_case("( )"), "( )");
    }
}
