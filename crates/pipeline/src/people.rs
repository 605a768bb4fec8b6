//! People and the roles the paper gives them: contact blocks ("Name:" over "Post:"), a name
//! and its post ("Walter McCulloch, Assistant Director"), councillors by their honorific
//! ("Councillors A, B and C"), attendance lists under any "X present/absent" key and the
//! respondents of written questions. [`crate::entities`] gathers them with the other kinds.

use crate::entities::Found;
use crate::names::title_case;
use council_model::{Document, EntityKind};
use regex::Regex;
use std::sync::LazyLock;

const NAME: &str = r"[A-Z][a-z]*(?:['’][A-Z][a-z]+|[A-Z][a-z]+)*(?:-[A-Z][a-z]+)?";
/// Space within a name: never a line break.
const SP: &str = r"[ \t]+";
/// A title before a name; in Welsh "Cynghorydd" (councillor), "Cynghorwyr" (councillors),
/// "Cyng." and "Cynghorydd Sir" (county councillor).
const HONORIFIC: &str = r"(?:Councillors?|Cllrs?\.?|County Councillor|Cynghorwyr|Cynghorydd Sir|Cynghorydd|Cyng\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Professor|Prof\.?|Sir|Dame)";

/// The role a title before a name gives: "Councillor" for a councillor, "County Councillor"
/// for a county councillor (in Welsh "Cynghorydd", "Cynghorydd Sir"); `None` for "Mr", "Dr".
fn honorific_role(title: &str) -> Option<&'static str> {
    let t = title.trim().trim_end_matches('.');
    if t.starts_with("County Councillor") {
        Some("County Councillor")
    } else if t.starts_with("Councillor") || t.starts_with("Cllr") {
        Some("Councillor")
    } else if t.starts_with("Cynghorydd Sir") {
        Some("Cynghorydd Sir")
    } else if t.starts_with("Cynghor") || t == "Cyng" {
        Some("Cynghorydd")
    } else {
        None
    }
}

/// People once each: "O. Williams" is "Owen Williams" where the paper names one person of
/// that surname whose first name starts so (not where "Jane Davies" and "Joseph Davies" both
/// could be "J. Davies"); the post the shorter form was given goes to the full name when that
/// has none or only a title.
pub(crate) fn once_each(entities: &mut Vec<council_model::Entity>) {
    let person = |e: &council_model::Entity| e.kind == EntityKind::Person;
    let mut drop = vec![false; entities.len()];
    for i in 0..entities.len() {
        if !person(&entities[i]) {
            continue;
        }
        let Some((initial, surname)) = initial_and_surname(&entities[i].value) else {
            continue;
        };
        let full: Vec<usize> = (0..entities.len())
            .filter(|&j| j != i && person(&entities[j]) && !drop[j])
            .filter(|&j| {
                let v = &entities[j].value;
                initial_and_surname(v).is_none()
                    && v.starts_with(initial)
                    && v.split_whitespace().count() >= 2
                    && v.ends_with(&format!(" {surname}"))
            })
            .collect();
        if let [j] = full[..] {
            let role = entities[i].role.clone();
            let generic = |r: &Option<String>| r.as_deref().is_some_and(generic_role);
            if role.is_some()
                && (entities[j].role.is_none() || generic(&entities[j].role) && !generic(&role))
            {
                entities[j].role = role;
            }
            drop[i] = true;
        }
    }
    let mut k = 0;
    entities.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// "O. Williams" → ('O', "Williams"): a name that is one initial and a surname.
fn initial_and_surname(value: &str) -> Option<(char, &str)> {
    let (first, rest) = value.split_once(' ')?;
    let initial = first.strip_suffix('.').unwrap_or(first);
    let mut chars = initial.chars();
    let c = chars.next()?;
    (chars.next().is_none() && c.is_uppercase() && !rest.trim().is_empty())
        .then_some((c, rest.trim()))
}

/// Whether a role only says the person is a councillor: any post the paper gives says more.
pub(crate) fn generic_role(role: &str) -> bool {
    matches!(
        role,
        "Councillor" | "County Councillor" | "Cynghorydd" | "Cynghorydd Sir"
    )
}

/// The title a text starts with, if any ("County Councillor Joseph Davies").
fn leading_honorific(text: &str) -> Option<&str> {
    static H: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"^{HONORIFIC}[ \t]+")).unwrap());
    H.find(text).map(|m| m.as_str().trim())
}

static HONORIFIC_NAME: LazyLock<Regex> = LazyLock::new(|| {
    // "Councillors Angela Caldara and Corinna Edge", "Councillors Chris Edge (Chairman), Mark
    // Betteridge and Martin Whelton": the list runs over commas and ends with the name after
    // "and" (a name after that is no councillor: "..., Danny Connellan"), which may have a
    // title of its own ("... and County Councillor Joseph Davies").
    Regex::new(&format!(r"(?-u:\b){HONORIFIC}{SP}((?:[A-Z]\.?{SP})?{NAME}(?:{SP}{NAME}){{0,2}})((?:(?:[ \t]*\([^)\n]{{1,60}}\))?[ \t]*,[ \t]*(?:[A-Z]\.{SP})?{NAME}(?:{SP}{NAME}){{0,2}})*(?:(?:[ \t]*\([^)\n]{{1,60}}\))?[ \t]*,?[ \t]*(?:and|&)[ \t]+(?:{HONORIFIC}{SP})?{NAME}(?:{SP}{NAME}){{0,2}})?)")).unwrap()
});
/// A note in brackets ("(Chairman)").
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\([^)]*\)").unwrap());
static NAME_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?m)(?:^(?:\d{{1,2}}(?:\.\d{{1,2}})*\.?[ \t]+)?|[-:;(.]\s*|(?-u:\b)(?:that|and)\s+)({NAME}(?:{SP}{NAME}){{1,2}}),[ \t]+((?:Interim\s+|Acting\s+|Deputy\s+|Assistant\s+|Executive\s+|Strategic\s+|Service\s+|Corporate\s+|Principal\s+|Senior\s+|Head\s+|Chief\s+|Lead\s+)*(?:[A-Z][a-z]+[ \t]+){{0,2}}(?:Director|Head|Chief Executive|Chair(?:man|person)?|Vice[- ]Chair(?:man)?|Leader|Deputy Leader|Cabinet Member|Portfolio Holder|Manager|Officer|Clerk|Solicitor|Monitoring Officer|Commissioner|Advisor|Adviser|Lead|Executive|Secretary|Treasurer|Mayor|Counsel|Assistant|Administrator|Engineer)[^\n,;.]{{0,90}})")).unwrap()
});
static CONTACT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?m)^(?:Names?(?:[ \t]+of[ \t]+[A-Za-z ]{{1,30}})?|Contact(?: officer)?|Officer contact|Report author|Author|Lead officer)[ \t]*:[ \t]*((?:{HONORIFIC}[ \t]+)?{NAME}(?:[ \t]+(?:and[ \t]+)?{NAME}){{0,3}})(?:[ \t]*,[ \t]*([^\n]{{3,90}}?))?[ \t]*$")).unwrap()
});
static CONTACT_POST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(?:Post|Job title|Title|Role|Position)\s*:\s*(.+?)\s*$").unwrap()
});

/// Words of a post, never of a name: a person's value ends before them.
pub(crate) const ROLE_WORDS: &[&str] = &[
    "Leader",
    "Deputy",
    "Chief",
    "Executive",
    "Chair",
    "Chairman",
    "Chairperson",
    "Vice-Chair",
    "Director",
    "Officer",
    "Mayor",
    "Manager",
    "Clerk",
    "Secretary",
    "Treasurer",
    "Member",
    "Cabinet",
    "Head",
    "Solicitor",
    "Monitoring",
];

/// Adds the people of `text` (and of `doc`'s questions) with their roles, and their roles.
pub(crate) fn people(text: &str, doc: &Document, found: &mut Found) {
    // "Name: Elaine Redding" / "Post: Interim Executive Director ..." contact blocks.
    let posts: Vec<(usize, String)> = CONTACT_POST
        .captures_iter(text)
        .map(|c| (c.get(0).unwrap().start(), c[1].to_string()))
        .collect();
    for c in CONTACT_NAME.captures_iter(text) {
        let at = c.get(0).unwrap().end();
        let post = c.get(2).map(|m| m.as_str().trim().to_string()).or_else(|| {
            posts
                .iter()
                .find(|(p, _)| *p > at && *p - at < 200)
                .map(|(_, s)| s.clone())
        });
        let raw = c[1].trim();
        let stripped = strip_honorific(raw);
        let names: Vec<&str> = stripped
            .split(" and ")
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        let roles: Vec<String> = match &post {
            Some(p) if names.len() > 1 && p.contains('/') => {
                p.split('/').map(|s| s.trim().to_string()).collect()
            }
            Some(p) => vec![p.clone(); names.len()],
            None => vec![],
        };
        for (i, n) in names.iter().enumerate() {
            found.add(EntityKind::Person, n, n, roles.get(i).cloned());
            if let Some(r) = roles.get(i) {
                found.add(EntityKind::Role, r, r, None);
            }
        }
    }
    // Lists first: "Present: Mick Ratford, Treasurer Karen Butt, ..." gives each their post.
    attendance(text, found);
    for c in NAME_ROLE.captures_iter(text) {
        let name = c[1].trim();
        if is_not_a_name(name) {
            continue;
        }
        let role = c[2].trim().trim_end_matches(" and").to_string();
        found.add(EntityKind::Person, name, name, Some(role.clone()));
        found.add(EntityKind::Role, &role, &role, None);
    }
    for q in &doc.questions {
        if let Some(r) = &q.respondent {
            found.add(EntityKind::Person, r, r, q.respondent_role.clone());
        }
    }
    for c in HONORIFIC_NAME.captures_iter(text) {
        let whole = c.get(0).unwrap().as_str();
        let title_role = leading_honorific(whole).and_then(honorific_role);
        let mut names = vec![(c[1].trim().to_string(), title_role)];
        if ["Councillors", "Cllrs", "Cynghorwyr"]
            .iter()
            .any(|p| whole.starts_with(p))
        {
            let list = BRACKETED.replace_all(&c[2], "");
            for extra in list.split([',', '&']).flat_map(|s| s.split(" and ")) {
                let e = extra.trim();
                if e.is_empty() {
                    continue;
                }
                // "... and County Councillor Joseph Davies": that title is theirs.
                match leading_honorific(e) {
                    Some(h) => {
                        names.push((e[h.len()..].trim().to_string(), honorific_role(h)));
                    }
                    None => names.push((e.to_string(), title_role)),
                }
            }
        }
        for (i, (n, title_role)) in names.into_iter().enumerate() {
            let n = n.trim_end_matches(['.', ',']).to_string();
            if is_not_a_name(&n) {
                continue;
            }
            // A role the text gives right after the first name: "Councillor X, Chair of Y".
            let after = &text[c.get(1).unwrap().end()..];
            let role = ROLE_AFTER
                .captures(after)
                .filter(|_| i == 0)
                .map(|r| r[1].trim().to_string());
            let role = role.or_else(|| title_role.map(str::to_string));
            if let Some(r) = &role {
                if honorific_role(r).is_none() {
                    found.add(EntityKind::Role, r, r, None);
                }
            }
            found.add(EntityKind::Person, &n, &n, role);
        }
    }
    chairs(text, found);
    signatures(text, found);
}

/// The words a signature's post ends with, beyond [`POST_END`].
const SIGNED_POST_END: &[&str] = &[
    "Counsel",
    "Executive",
    "Engineer",
    "Administrator",
    "Solicitor",
    "Planner",
    "Adviser",
    "Advisor",
    "Controller",
    "Registrar",
];

/// Words that make a line a name of a place, body or paper, not of a person.
const NOT_PERSON_WORDS: &[&str] = &[
    "Committee",
    "Council",
    "Board",
    "Panel",
    "Cabinet",
    "Group",
    "Services",
    "Service",
    "Hall",
    "Street",
    "Road",
    "House",
    "County",
    "City",
    "Borough",
    "District",
    "Report",
    "Agenda",
    "Item",
    "Meeting",
    "Minutes",
    "Date",
    "Time",
    "Venue",
    "Page",
    "Appendix",
    "Annex",
];

/// A signature or contact block: a line that is a name over a line that is a post
/// ("Benjamin Watts" / "General Counsel", "Rebecca Coley" / "Head of Planning and
/// Development").
fn signatures(text: &str, found: &mut Found) {
    static SIGNED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?m)^[ \t]*((?:[A-Z]\.?{SP})?{NAME}(?:{SP}{NAME}){{1,2}})[ \t]*\n(?:[ \t]*\n)?[ \t]*([A-Z][A-Za-z/'’-]*(?:[ \t]+(?:[A-Z][A-Za-z/'’-]*|of|and|for|the|&)){{0,7}})[ \t]*$"
        ))
        .unwrap()
    });
    for c in SIGNED.captures_iter(text) {
        let (name, post) = (c[1].trim(), c[2].trim());
        let words: Vec<&str> = post.split_whitespace().collect();
        let last = words.last().copied().unwrap_or("");
        let is_post = POST_END.contains(&last)
            || SIGNED_POST_END.contains(&last)
            || post.starts_with("Head of ")
            || post.starts_with("Director of ");
        if !is_post
            || words.len() < 2 && !SIGNED_POST_END.contains(&last)
            || is_not_a_name(name)
            || name
                .split_whitespace()
                .any(|w| ROLE_WORDS.contains(&w) || NOT_PERSON_WORDS.contains(&w))
        {
            continue;
        }
        found.add(EntityKind::Role, post, post, None);
        found.add(EntityKind::Person, name, name, Some(post.to_string()));
    }
}

/// Who took the chair: "Cllr. Alun Davies took the Chair", "In the Chair: Councillor X",
/// in Welsh "Cymerwyd y Gadair gan y Cyng. Alun Davies" (the chair: "Cadeirydd").
fn chairs(text: &str, found: &mut Found) {
    static TOOK: LazyLock<Regex> = LazyLock::new(|| {
        let name = format!(r"((?:[A-Z]\.?{SP})?{NAME}(?:{SP}{NAME}){{0,2}})");
        Regex::new(&format!(
            r"(?:{HONORIFIC}{SP})?{name}[ \t]+(?:took|was in|presided in)[ \t]+the[ \t]+[Cc]hair(?-u:\b)|(?i:in the chair)[ \t]*[:\-–]\s*(?:{HONORIFIC}{SP})?{name}|Cymerwyd[ \t]+y[ \t]+Gadair[ \t]+gan[ \t]+(?:y[ \t]+)?(?:{HONORIFIC}{SP})?{name}"
        ))
        .unwrap()
    });
    for c in TOOK.captures_iter(text) {
        let (m, role) = match (c.get(1), c.get(2), c.get(3)) {
            (Some(m), _, _) | (_, Some(m), _) => (m, "Chair"),
            (_, _, Some(m)) => (m, "Cadeirydd"),
            _ => continue,
        };
        let name = m.as_str().trim();
        if is_not_a_name(name) {
            continue;
        }
        // "In the Chair: Councillor X, Mayor": the role the text gives stands.
        let role = ROLE_AFTER
            .captures(&text[m.end()..])
            .map_or_else(|| role.to_string(), |r| r[1].trim().to_string());
        found.add(EntityKind::Role, &role, &role, None);
        found.add(EntityKind::Person, name, name, Some(role));
    }
}

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
fn attendance(text: &str, found: &mut Found) {
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
const POST_END: &[&str] = &[
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

static ROLE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    // Irish "Cathaoirleach" (chair), "Leas-Chathaoirleach" (vice-chair); Welsh "Cadeirydd"
    // (chair), "Is-Gadeirydd" (vice-chair).
    Regex::new(r"^,\s+(?:An\s+)?((?:the\s+)?(?:Chair(?:man|person)?|Vice[- ]Chair(?:man)?|Leader|Deputy Leader|Cabinet Member|Portfolio Holder|Mayor|Deputy Mayor|Lead Member|Spokesperson|Executive Member|Cathaoirleach|Leas-Chathaoirleach|Cadeirydd|Is-Gadeirydd)(?:\s+(?:of|for)\s+[^\n,;.]{3,80})?)").unwrap()
});

fn strip_honorific(s: &str) -> String {
    static H: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^{HONORIFIC}\s+")).unwrap());
    H.replace(s, "").into_owned()
}

fn is_not_a_name(n: &str) -> bool {
    let first = n.split_whitespace().next().unwrap_or("");
    matches!(
        first,
        "The"
            | "This"
            | "That"
            | "Council"
            | "County"
            | "Chair"
            | "Leader"
            | "Members"
            | "Member"
            | "Cabinet"
            | "Committee"
            | "Officers"
            | "Children"
            | "Director"
            | "Head"
            | "Mr"
            | "All"
            | "In"
            | "As"
            | "On"
            | "For"
            | "To"
            | "It"
            | "We"
            | "If"
    ) || n.len() < 3
}

#[cfg(test)]
mod tests {
    use crate::entities::annotate;
    use council_model::{Document, EntityKind};

    fn entities(text: &str) -> Document {
        let mut d = Document::default();
        annotate(&mut d, text);
        d
    }

    fn values(d: &Document, kind: EntityKind) -> Vec<String> {
        d.entity_values(kind).map(str::to_string).collect()
    }

    #[test]
    fn councillors_with_roles_and_odd_names() {
        let d = entities("proposed by Councillor Phillip Howells, seconded by Councillor Helen I’Anson. Response from Councillor Bryony Goodliffe, Chair of Children and Young People Committee. Walter McCulloch, Assistant Director, spoke.");
        let people: Vec<(String, Option<String>)> = d
            .people()
            .map(|p| (p.value.clone(), p.role.clone()))
            .collect();
        assert!(
            people.contains(&("Phillip Howells".into(), Some("Councillor".into()))),
            "{people:?}"
        );
        assert!(
            people.contains(&("Helen I’Anson".into(), Some("Councillor".into()))),
            "{people:?}"
        );
        assert!(
            people.contains(&(
                "Bryony Goodliffe".into(),
                Some("Chair of Children and Young People Committee".into())
            )),
            "{people:?}"
        );
        assert!(people.iter().any(|(n, r)| n == "Walter McCulloch" && r.as_deref() == Some("Assistant Director")), "{people:?}");
    }

    #[test]
    fn a_list_of_councillors_runs_to_the_name_after_and() {
        let d = entities("PRESENT: Dave Roberts (Chairman), Councillors Angela Caldara and Corinna Edge, Danny Connellan.\n\nALSO PRESENT: Councillors Chris Edge (Chairman), Mark Betteridge, Margaret Brierly and Martin Whelton.");
        let people: Vec<(String, Option<String>)> = d
            .people()
            .map(|p| (p.value.clone(), p.role.clone()))
            .collect();
        for name in [
            "Angela Caldara",
            "Corinna Edge",
            "Mark Betteridge",
            "Margaret Brierly",
            "Martin Whelton",
        ] {
            assert!(
                people.contains(&(name.into(), Some("Councillor".into()))),
                "{name}: {people:?}"
            );
        }
        // The role in brackets stands; the name after the list is no councillor.
        assert!(
            people.contains(&("Chris Edge".into(), Some("Chairman".into()))),
            "{people:?}"
        );
        assert!(
            !people.contains(&("Danny Connellan".into(), Some("Councillor".into()))),
            "{people:?}"
        );
    }

    #[test]
    fn attendance_lists_of_any_heading_and_over_lines() {
        let d = entities(
            "- Commissioners Present: Anthony Qaiyum, Zach Maiorca\n\
             - Others Present: Ryan Warsing (LSRCC), Kimberly Bares (PLACE Consulting)\n\
             Present:\n\
             Jane Archer (JA) Alan Caudwell (AC)\n\
             Kate Kay (KK)\n\
             KK presented a proposal for an outline schedule to deliver the plan.",
        );
        let people: Vec<(String, Option<String>)> = d
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .map(|e| (e.value.clone(), e.role.clone()))
            .collect();
        let commissioner = Some("Commissioner".to_string());
        assert_eq!(
            people,
            [
                ("Anthony Qaiyum".to_string(), commissioner.clone()),
                ("Zach Maiorca".to_string(), commissioner),
                ("Ryan Warsing".to_string(), None),
                ("Kimberly Bares".to_string(), None),
                ("Jane Archer".to_string(), None),
                ("Alan Caudwell".to_string(), None),
                ("Kate Kay".to_string(), None),
            ]
        );
    }

    #[test]
    fn roles_are_not_names() {
        let d = entities("Present: Mr Vince Maple Leader, Chief Executive (Head of Paid Service), Mr P J Oakford.");
        let people = values(&d, EntityKind::Person);
        assert!(people.contains(&"Vince Maple".to_string()), "{people:?}");
        assert!(
            !people
                .iter()
                .any(|p| p.contains("Chief") || p.contains("Leader")),
            "{people:?}"
        );
    }

    fn roles(d: &Document) -> Vec<(String, Option<String>)> {
        d.people()
            .map(|p| (p.value.clone(), p.role.clone()))
            .collect()
    }

    fn has(people: &[(String, Option<String>)], name: &str, role: &str) -> bool {
        people
            .iter()
            .any(|(n, r)| n == name && r.as_deref() == Some(role))
    }

    #[test]
    fn officials_listed_after_their_posts() {
        let d = entities(
            "OFFICIALS IN ATTENDANCE:\n\nChief Executive (Mr. C. Murray), Deputy Chief Executive and \
             Director, Economic\n\nDevelopment (Mr. P. Daly), A/Senior Engineer Service Operations \
             (Roads), (Mr. G. O’Connor), Meetings Administrator (Ms. T.\n\nKnox).\n\nThe Mayor \
             stated that the meeting had been convened (Mr. A. Nobody).",
        );
        let people = roles(&d);
        assert!(has(&people, "C. Murray", "Chief Executive"), "{people:?}");
        assert!(
            has(
                &people,
                "P. Daly",
                "Deputy Chief Executive and Director, Economic Development"
            ),
            "{people:?}"
        );
        assert!(
            has(
                &people,
                "G. O’Connor",
                "A/Senior Engineer Service Operations (Roads)"
            ),
            "{people:?}"
        );
        assert!(
            has(&people, "T. Knox", "Meetings Administrator"),
            "{people:?}"
        );
        // The list ended at its full stop: a name in brackets after it has no post.
        assert!(
            people.contains(&("A. Nobody".to_string(), None)),
            "{people:?}"
        );
    }

    #[test]
    fn the_chair_the_paper_names_over_the_title_councillor() {
        let d = entities(
            "PRESENT\nCouncillors Alun Davies, Kim Davies and County Councillor Joseph Davies.\n\n\
             Cllr. Alun Davies took the Chair and welcomed everyone.\n\n\
             PRESENT IN THE CHAIR: Councillor M. Collins, An Cathaoirleach.",
        );
        let people = roles(&d);
        assert!(has(&people, "Alun Davies", "Chair"), "{people:?}");
        assert!(has(&people, "Kim Davies", "Councillor"), "{people:?}");
        assert!(
            has(&people, "Joseph Davies", "County Councillor"),
            "{people:?}"
        );
        assert!(has(&people, "M. Collins", "Cathaoirleach"), "{people:?}");
        let d = entities(
            "PRESENNOL\nCynghorwyr Alun Davies, Arwel Davies a’r Cynghorydd Sir Joseph Davies.\n\
             Cymerwyd y Gadair gan y Cyng. Alun Davies a chroesawodd bawb.",
        );
        let people = roles(&d);
        assert!(has(&people, "Alun Davies", "Cadeirydd"), "{people:?}");
        assert!(has(&people, "Arwel Davies", "Cynghorydd"), "{people:?}");
        assert!(
            has(&people, "Joseph Davies", "Cynghorydd Sir"),
            "{people:?}"
        );
    }

    #[test]
    fn posts_between_names_and_lists_over_lines() {
        let d = entities(
            "Present: Mick Ratford, Treasurer Karen Butt, Bookings Secretary\n\
             Mags Ratford, Secretary Jon Stride (Chairperson)\n\n\
             ALSO PRESENT: Councillors Angela Caldara and\nCorinna Edge, Danny Connellan, Brian \
             Thompson (Accounting and Financial\nReporting Manager)\n\nThe meeting opened.",
        );
        let people = roles(&d);
        assert!(has(&people, "Mick Ratford", "Treasurer"), "{people:?}");
        assert!(
            has(&people, "Karen Butt", "Bookings Secretary"),
            "{people:?}"
        );
        assert!(has(&people, "Mags Ratford", "Secretary"), "{people:?}");
        assert!(has(&people, "Jon Stride", "Chairperson"), "{people:?}");
        assert!(has(&people, "Corinna Edge", "Councillor"), "{people:?}");
        assert!(
            people.contains(&("Danny Connellan".to_string(), None)),
            "{people:?}"
        );
        assert!(
            has(
                &people,
                "Brian Thompson",
                "Accounting and Financial Reporting Manager"
            ),
            "{people:?}"
        );
    }

    #[test]
    fn a_person_named_by_initial_is_the_one_named_in_full() {
        let d = entities(
            "PRESENT: Councillors Owen Williams, Jane Davies and Joseph Davies.\n\
             Cllr. O. Williams took the Chair. Cllr. J. Davies would follow up.",
        );
        let people = roles(&d);
        assert!(has(&people, "Owen Williams", "Chair"), "{people:?}");
        assert!(
            !people.iter().any(|(n, _)| n == "O. Williams"),
            "{people:?}"
        );
        // Two Davies with a J: unsure, both forms stay.
        assert!(people.iter().any(|(n, _)| n == "J. Davies"), "{people:?}");
    }

    #[test]
    fn a_name_over_its_post_is_a_signature() {
        let d = entities(
            "Benjamin Watts\nGeneral Counsel\n03000 416814\n\nAudit Committee\nHead of Finance\n",
        );
        let people = roles(&d);
        assert_eq!(
            people,
            [(
                "Benjamin Watts".to_string(),
                Some("General Counsel".to_string())
            )]
        );
    }
}
