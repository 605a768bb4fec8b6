//! Lists of people: who was present, in attendance or sent apologies, a body's members, and
//! officials listed after their posts ("Chief Executive (Mr. C. Murray), ...").

use super::{
    generic_role, honorific_role, is_not_a_name, leading_honorific, HONORIFIC, NAME, ROLE_WORDS, SP,
};
use crate::entities::Found;
use crate::names::title_case;
use council_model::EntityKind;
use regex::Regex;
use std::sync::LazyLock;

/// A list of who was there or not: "Present:", "Commissioners Absent:", "Others present -",
/// "Apologies for absence:", or of a body's members ("Councillors:", "Other Members:"); the
/// list follows on the line (or on the next line). The word before ("Commissioners") is the
/// role of everyone listed, unless it only says who they are ("Members", "Others", "Also");
/// a list of "Councillors:" are councillors.
static ATTENDANCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^(?:-[ \t]+)?(?:([a-z]+)[ \t]+)?(present|absent|in attendance|also present|also in attendance|officers(?: present| in attendance)?|apologies(?: for absence)?(?: were received from)?|councillors|members)[ \t]*[:\-–][ \t]*(.*)$").unwrap()
});
static ATTENDEE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?:{HONORIFIC}{SP})?((?:[A-Z]\.?{SP})*{NAME}(?:{SP}{NAME}){{0,2}})(?:,?{SP}(?:MBE|OBE|CBE|JP|DL))?\s*(?:\(([^)]{{2,80}})\))?$")).unwrap()
});

/// People listed as present, in attendance or sending apologies, with the role in brackets
/// ("Mr B J Sweetland (Chairman)").
pub(super) fn attendance(text: &str, found: &mut Found) {
    for c in ATTENDANCE.captures_iter(text) {
        let after = &text[c.get(0).map_or(0, |m| m.end())..];
        if officials(c[3].trim(), after, found) {
            continue;
        }
        // The list goes on over the lines after while they are lists of names ("Present:"
        // alone on its line lists on the next).
        let mut list = c[3].trim().to_string();
        let mut more = 8;
        for line in after.lines().map(str::trim).filter(|l| !l.is_empty()) {
            // A line that ends inside a bracket or after "and" goes on into the next
            // ("Brian Thompson (Accounting and Financial" / "Reporting Manager)").
            let open = list.matches('(').count() > list.matches(')').count()
                || list.ends_with(" and")
                || list.ends_with(" &");
            if more == 0 || ATTENDANCE.is_match(line) || !open && !mostly_names(line) {
                break;
            }
            more -= 1;
            list.push_str(if open || list.is_empty() { " " } else { ", " });
            list.push_str(line);
        }
        let key = c[2].to_lowercase();
        let group_role = c.get(1).map(|w| w.as_str()).and_then(|w| {
            let lower = w.to_lowercase();
            let post = lower.strip_suffix('s').filter(|p| p.len() > 3)?;
            (!matches!(lower.as_str(), "members" | "others" | "also" | "officers"))
                .then(|| title_case(post))
        });
        let group_role =
            group_role.or_else(|| (key == "councillors").then(|| "Councillor".to_string()));
        list_people(&list, group_role, found);
    }
}

/// The people of one list, split into its entries ([`entries`]), each with the role its
/// bracket gives, else the list's (`group_role`), else their title's; a post between two
/// names goes to the name before it ([`split_post`]).
fn list_people(list: &str, group_role: Option<String>, found: &mut Found) {
    // Tabs set as spaces; an entry ends at a comma, a semicolon, "and" or after its
    // bracket ("Jane Archer (JA) Alan Caudwell (AC)"); a bracket is one entry.
    let list = list.replace('\t', " ").replace(") ", "), ");
    // The person listed last without a role: "Mick Ratford, Treasurer" gives it one.
    let mut last: Option<String> = None;
    // "Councillors A, B and C": the title of the list's names, up to the one after "and".
    let mut title: Option<&'static str> = None;
    for (entry, after_and) in entries(&list) {
        let e = entry.split_whitespace().collect::<Vec<_>>().join(" ");
        let e = e.trim_end_matches('.');
        if e.is_empty() || matches!(e, "MBE" | "OBE" | "CBE" | "JP" | "DL") {
            continue;
        }
        // "Treasurer Karen Butt" in "Mick Ratford, Treasurer Karen Butt, Bookings
        // Secretary": a post for the name before, then a name.
        let (post, e) = split_post(e);
        if let (Some(p), Some(n)) = (post, last.take()) {
            found.add(EntityKind::Role, p, p, None);
            found.add(EntityKind::Person, &n, &n, Some(p.to_string()));
        }
        if e.is_empty() {
            continue;
        }
        let own = leading_honorific(e);
        if let Some(h) = own.filter(|h| {
            let h = h.trim_end_matches('.');
            h.ends_with("rs") && h != "Mrs" || h == "Cynghorwyr"
        }) {
            title = honorific_role(h);
        }
        let entry_title = own.and_then(honorific_role).or(title);
        if after_and {
            title = None;
        }
        if let Some(a) = ATTENDEE.captures(e) {
            let name = a[1].trim();
            if is_not_a_name(name) {
                continue;
            }
            // Initials or an organisation in brackets ("(JA)", "(LSRCC)", "(PLACE
            // Consulting)") are no role.
            let role = a
                .get(2)
                .map(|r| r.as_str().trim().to_string())
                .filter(|r| {
                    !upper_case_word(r)
                        && crate::organisations::find(r).is_empty()
                        && !r.split_whitespace().next().is_some_and(upper_case_word)
                })
                .or_else(|| group_role.clone())
                .or_else(|| entry_title.map(str::to_string));
            if let Some(r) = role.as_deref().filter(|r| !generic_role(r)) {
                found.add(EntityKind::Role, r, r, None);
            }
            last = role.is_none().then(|| name.to_string());
            found.add(EntityKind::Person, name, name, role);
        }
    }
}

/// The entries of a list, split at commas and semicolons outside brackets and at "and",
/// each with whether it came after "and" (the list's last name).
fn entries(list: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let (mut depth, mut from, mut after_and) = (0i32, 0, false);
    for (i, ch) in list.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' | ';' if depth <= 0 => {
                out.push((&list[from..i], after_and));
                from = i + 1;
                after_and = false;
            }
            ' ' if depth <= 0 && list[i..].starts_with(" and ") && i >= from => {
                out.push((&list[from..i], after_and));
                from = i + " and ".len();
                after_and = true;
            }
            _ => {}
        }
    }
    out.push((&list[from..], after_and));
    out
}

/// The words a post ends with ("Bookings Secretary", "Treasurer").
pub(super) const POST_END: &[&str] = &[
    "Treasurer",
    "Secretary",
    "Chair",
    "Chairman",
    "Chairperson",
    "Chairwoman",
    "Vice-Chair",
    "Clerk",
    "Officer",
    "Manager",
    "Director",
    "President",
];

/// An entry of a list that starts with a post: the post (up to its last post word) and the
/// name after it, if any ("Treasurer Karen Butt" → "Treasurer", "Karen Butt"; "Bookings
/// Secretary" → "Bookings Secretary", ""). `(None, entry)` when it does not.
fn split_post(entry: &str) -> (Option<&str>, &str) {
    // The words before a bracket ("Secretary Jon Stride (Chairperson)").
    let plain = entry.split('(').next().unwrap_or("").trim_end();
    let words: Vec<(usize, &str)> = plain
        .split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .collect();
    let Some(i) = words.iter().rposition(|(_, w)| POST_END.contains(w)) else {
        return (None, entry);
    };
    let (end, rest) = match words.get(i + 1) {
        Some((at, _)) => (at - 1, &entry[*at..]),
        None => (entry.len(), ""),
    };
    // A post of at most four words, then nothing or a name of two or three words.
    let name = rest.split('(').next().unwrap_or("").trim_end();
    let name_after = rest.is_empty()
        || (2..=3).contains(&name.split(' ').count())
            && ATTENDEE.is_match(rest)
            && !is_not_a_name(name)
            && !name.split(' ').any(|w| ROLE_WORDS.contains(&w));
    if i >= 4
        || !name_after
        || !words[..=i]
            .iter()
            .all(|(_, w)| w.starts_with(char::is_uppercase))
    {
        return (None, entry);
    }
    (Some(&entry[..end]), rest)
}

/// A name in brackets after its post: "Chief Executive (Mr. C. Murray)".
static NAMED_IN_BRACKETS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\((?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor)\.?[ \t]+((?:[A-Z]\.?[ \t]+)*{NAME}(?:[ \t]+{NAME}){{0,2}})\)"
    ))
    .unwrap()
});

/// A list of officials each after their post: "Chief Executive (Mr. C. Murray), Director,
/// Regional Services (Ms. C. Curley), ...", from `first` (the rest of the key's line) over
/// the lines of `after` to the one that ends the list with a full stop. Whether it was one.
fn officials(first: &str, after: &str, found: &mut Found) -> bool {
    let mut lines = vec![first];
    for line in after
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(14)
    {
        lines.push(line);
        // A full stop after a word, not an initial ("(Mr. B." / "Noonan)"), ends it.
        let last_word = line.rsplit(' ').next().unwrap_or("");
        if line.ends_with('.') && last_word.trim_matches(['(', '.']).chars().count() > 1 {
            break;
        }
    }
    let list = lines
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let head: String = list.chars().take(160).collect();
    if !NAMED_IN_BRACKETS.is_match(&head) {
        return false;
    }
    let mut from = 0;
    let mut n = 0;
    for c in NAMED_IN_BRACKETS.captures_iter(&list) {
        let whole = c.get(0).unwrap();
        let post = list[from..whole.start()]
            .trim_matches([' ', ',', ';'])
            .trim_start_matches("and ");
        from = whole.end();
        let words = post.split_whitespace().count();
        if words == 0 || words > 16 || !post.starts_with(char::is_uppercase) {
            break;
        }
        let name = c[1].trim();
        found.add(EntityKind::Role, post, post, None);
        found.add(EntityKind::Person, name, name, Some(post.to_string()));
        n += 1;
    }
    n > 0
}

/// Whether most entries of a line are names ("Kate Kay (KK) Helen Knuckle (HK)").
fn mostly_names(line: &str) -> bool {
    let line = line.replace('\t', " ").replace(") ", "), ");
    let entries: Vec<String> = line
        .split([',', ';'])
        .map(|e| e.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|e| !e.is_empty())
        .collect();
    let names = entries
        .iter()
        .filter(|e| {
            ATTENDEE
                .captures(e.trim_end_matches('.'))
                .is_some_and(|a| !is_not_a_name(a[1].trim()))
        })
        .count();
    !entries.is_empty() && names * 2 >= entries.len()
}

/// Whether a word is all capitals ("JA", "KCC").
fn upper_case_word(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_uppercase())
}

/// A list of people in running text: names (with titles or initials) separated by commas,
/// the last after "and"; a name may wrap onto the next line.
fn running_list() -> String {
    let one = format!(r"(?:{HONORIFIC}\s+)?(?:[A-Z]\.?\s+){{0,3}}{NAME}(?:[ \t\n]+{NAME}){{0,2}}");
    format!(r"{one}(?:\s*,\s*{one}){{0,20}}(?:\s*,?\s+(?:and|&)\s+{one})?")
}

/// Apologies and attendance said in a sentence: "Apologies were received from Dylan
/// Jeffrey, Rory Love and Nancy Sayer who was substituted by …", "Sarah Hamilton, Lesley
/// Game and Dan Bride were in attendance virtually".
static SENTENCE_APOLOGIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:apologies(?:\s+for\s+absence)?\s+(?:were\s+|was\s+)?(?:(?:received|given|tendered|submitted|reported)\s+)?(?:from|by))\s+({})",
        running_list()
    ))
    .unwrap()
});
static SENTENCE_ATTENDANCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|\n|[.;]\s+)({})\s+(?:were|was)\s+(?:also\s+)?(?:in\s+attendance|present)(?-u:\b)",
        running_list()
    ))
    .unwrap()
});

/// The people running text says sent apologies or attended (see [`SENTENCE_APOLOGIES`]).
pub(super) fn sentence_lists(text: &str, found: &mut Found) {
    if !text.contains("pologies") && !text.contains(" attendance") && !text.contains(" present") {
        return;
    }
    let lists = SENTENCE_APOLOGIES
        .captures_iter(text)
        .chain(SENTENCE_ATTENDANCE.captures_iter(text));
    for c in lists {
        let list = c[1].split_whitespace().collect::<Vec<_>>().join(" ");
        for (entry, _) in entries(&list) {
            let e = entry.trim();
            let name = leading_honorific(e).map_or(e, |h| e[h.len()..].trim());
            let role = leading_honorific(e).and_then(honorific_role);
            if name.split_whitespace().count() < 2
                || is_not_a_name(name)
                || name.split_whitespace().any(|w| ROLE_WORDS.contains(&w))
            {
                continue;
            }
            found.add(EntityKind::Person, name, name, role.map(str::to_string));
        }
    }
}
