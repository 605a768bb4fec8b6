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

#[cfg(test)]
mod tests {
    use super::*;

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
