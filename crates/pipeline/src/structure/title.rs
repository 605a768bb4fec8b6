//! What is no paper's title, and the title inside a line that holds more: the checks the
//! cover (`cover.rs`) makes of every candidate title.

use super::cover::AGENDA_ITEM;
use super::questions::QUESTION_NUMBER;
use crate::blocks::upper_case;

/// Generic page titles that are never a paper's own title.
const GENERIC_TITLES: &[&str] = &[
    "issue - meetings",
    "issue history",
    "agenda",
    "minutes",
    "public document pack",
    "agenda item",
    "decision details",
    "meeting details",
    "report",
    "committee report",
    "part i",
    "part 1",
    "open",
    "public",
    "not protected",
    "official",
    "contents",
    "item",
    // Attendance headings of minutes (English and Welsh) and the Welsh for "minutes".
    "present",
    "presennol",
    "apologies",
    "apologies for absence",
    "ymddiheuriadau",
    "welcome and apologies",
    "croeso ac ymddiheuriadau",
    "cofnodion",
];

/// Whether text is no paper's title: a generic page title, a salutation, an item's or a
/// question's number, a page stamp, a part of a date, a letter's closing, a post alone, or
/// unreadable glyphs.
pub(super) fn is_generic_title(t: &str) -> bool {
    let l = t.trim().trim_end_matches(':').to_lowercase();
    GENERIC_TITLES.contains(&l.as_str())
        || l.starts_with("dear ")
        || AGENDA_ITEM.is_match(&l)
        || QUESTION_NUMBER.is_match(&l)
        || l.chars().filter(|c| c.is_alphabetic()).count() < 3
        || crate::blocks::page_stamp(t)
        || crate::blocks::date_part(t)
        || crate::blocks::valediction(t)
        // A post alone is a signature ("CHAIRPERSON", "Clerk"), not a title.
        || super::sections::SIGNED_AS.contains(&l.as_str())
        || unreadable(t)
}

/// Text whose words do not read as words: most words of four letters or more have no vowel
/// ("Wplwpl", glyphs a font maps to the wrong letters). Words in capitals (initials such as
/// "CCTV") are passed over.
fn unreadable(t: &str) -> bool {
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4 && !upper_case(w))
        .collect();
    let voiceless = words
        .iter()
        .filter(|w| {
            !w.chars()
                .any(|c| "aeiouyAEIOUYàáâäèéêëìíîïòóôöùúûüŵŷ".contains(c))
        })
        .count();
    !words.is_empty() && voiceless * 2 > words.len()
}

/// The words in capitals that end a line in mixed case, where they alone name a decision:
/// "Town and Country Planning Act 1990 GRANT OF PLANNING PERMISSION" is a grant of planning
/// permission under the Act its first words cite.
pub(super) fn capital_tail(text: &str) -> Option<&str> {
    let mut start = None;
    for (i, w) in text
        .split_whitespace()
        .rev()
        .map(|w| (w.as_ptr() as usize, w))
    {
        if !upper_case(w) || !w.chars().any(char::is_alphabetic) {
            break;
        }
        start = Some(i - text.as_ptr() as usize);
    }
    let tail = &text[start?..];
    (tail.len() < text.len()
        && tail.split_whitespace().count() >= 2
        && !upper_case(&text[..text.len() - tail.len()])
        && super::decision_form_head(tail))
    .then_some(tail)
}
