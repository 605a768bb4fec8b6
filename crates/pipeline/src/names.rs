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
                let mut c = lower.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                    None => String::new(),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
