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
const HONORIFIC: &str = r"(?:Councillors?|Cllrs?\.?|County Councillor|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Professor|Prof\.?|Sir|Dame)";

static HONORIFIC_NAME: LazyLock<Regex> = LazyLock::new(|| {
    // "Councillors Angela Caldara and Corinna Edge", "Councillors Chris Edge (Chairman), Mark
    // Betteridge and Martin Whelton": the list runs over commas and ends with the name after
    // "and" (a name after that is no councillor: "..., Danny Connellan").
    Regex::new(&format!(r"(?-u:\b){HONORIFIC}{SP}((?:[A-Z]\.?{SP})?{NAME}(?:{SP}{NAME}){{0,2}})((?:(?:[ \t]*\([^)\n]{{1,60}}\))?[ \t]*,[ \t]*{NAME}(?:{SP}{NAME}){{0,2}})*(?:(?:[ \t]*\([^)\n]{{1,60}}\))?[ \t]*,?[ \t]*(?:and|&)[ \t]+{NAME}(?:{SP}{NAME}){{0,2}})?)")).unwrap()
});
/// A note in brackets ("(Chairman)").
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\([^)]*\)").unwrap());
static NAME_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?m)(?:^(?:\d{{1,2}}(?:\.\d{{1,2}})*\.?[ \t]+)?|[-:;(.]\s*|(?-u:\b)(?:that|and)\s+)({NAME}(?:{SP}{NAME}){{1,2}}),[ \t]+((?:Interim\s+|Acting\s+|Deputy\s+|Assistant\s+|Executive\s+|Strategic\s+|Service\s+|Corporate\s+|Principal\s+|Senior\s+|Head\s+|Chief\s+|Lead\s+)*(?:[A-Z][a-z]+[ \t]+){{0,2}}(?:Director|Head|Chief Executive|Chair(?:man|person)?|Vice[- ]Chair(?:man)?|Leader|Deputy Leader|Cabinet Member|Portfolio Holder|Manager|Officer|Clerk|Solicitor|Monitoring Officer|Commissioner|Advisor|Adviser|Lead|Executive|Secretary|Treasurer|Mayor)[^\n,;.]{{0,90}})")).unwrap()
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
    for c in NAME_ROLE.captures_iter(text) {
        let name = c[1].trim();
        if is_not_a_name(name) {
            continue;
        }
        let role = c[2].trim().trim_end_matches(" and").to_string();
        found.add(EntityKind::Person, name, name, Some(role.clone()));
        found.add(EntityKind::Role, &role, &role, None);
    }
    attendance(text, found);
    for q in &doc.questions {
        if let Some(r) = &q.respondent {
            found.add(EntityKind::Person, r, r, q.respondent_role.clone());
        }
    }
    for c in HONORIFIC_NAME.captures_iter(text) {
        let whole = c.get(0).unwrap().as_str();
        let is_councillor = whole.starts_with("Councillor")
            || whole.starts_with("Cllr")
            || whole.starts_with("County Councillor");
        let mut names = vec![c[1].trim().to_string()];
        if whole.starts_with("Councillors") || whole.starts_with("Cllrs") {
            let list = BRACKETED.replace_all(&c[2], "");
            for extra in list.split([',', '&']).flat_map(|s| s.split(" and ")) {
                let e = extra.trim();
                if !e.is_empty() {
                    names.push(e.to_string());
                }
            }
        }
        for n in names {
            let n = n.trim_end_matches(['.', ',']).to_string();
            if is_not_a_name(&n) {
                continue;
            }
            // A role the text gives right after the name: "Councillor X, Chair of Y".
            let after = &text[c.get(1).unwrap().end()..];
            let role = ROLE_AFTER.captures(after).map(|r| r[1].trim().to_string());
            let role = role.or_else(|| is_councillor.then(|| "Councillor".to_string()));
            if let Some(r) = &role {
                if r != "Councillor" {
                    found.add(EntityKind::Role, r, r, None);
                }
            }
            found.add(EntityKind::Person, &n, &n, role);
        }
    }
}

/// A list of who was there or not: "Present:", "Commissioners Absent:", "Others present -",
/// "Apologies for absence:"; the list follows on the line (or on the next line). The word
/// before ("Commissioners") is the role of everyone listed, unless it only says who they are
/// ("Members", "Others", "Also").
static ATTENDANCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^(?:-[ \t]+)?(?:([a-z]+)[ \t]+)?(present|absent|in attendance|also present|also in attendance|officers(?: present| in attendance)?|apologies(?: for absence)?(?: were received from)?)[ \t]*[:\-–][ \t]*(.*)$").unwrap()
});
static ATTENDEE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?:{HONORIFIC}{SP})?((?:[A-Z]\.?{SP})*{NAME}(?:{SP}{NAME}){{0,2}})(?:,?{SP}(?:MBE|OBE|CBE|JP|DL))?\s*(?:\(([^)]{{2,80}})\))?$")).unwrap()
});

/// People listed as present, in attendance or sending apologies, with the role in brackets
/// ("Mr B J Sweetland (Chairman)").
fn attendance(text: &str, found: &mut Found) {
    for c in ATTENDANCE.captures_iter(text) {
        // The list goes on over the lines after while they are lists of names ("Present:"
        // alone on its line lists on the next).
        let mut lines = vec![c[3].trim()];
        let after = &text[c.get(0).map_or(0, |m| m.end())..];
        for line in after
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(8)
        {
            if ATTENDANCE.is_match(line) || !mostly_names(line) {
                break;
            }
            lines.push(line);
        }
        let list = lines.join(", ");
        let group_role = c.get(1).map(|w| w.as_str()).and_then(|w| {
            let lower = w.to_lowercase();
            let post = lower.strip_suffix('s').filter(|p| p.len() > 3)?;
            (!matches!(lower.as_str(), "members" | "others" | "also" | "officers"))
                .then(|| title_case(post))
        });
        // Tabs set as spaces; an entry ends at a comma, a semicolon, "and" or after its
        // bracket ("Jane Archer (JA) Alan Caudwell (AC)").
        let list = list
            .replace('\t', " ")
            .replace(" and ", ", ")
            .replace(") ", "), ");
        for entry in list.split([',', ';']) {
            let e = entry.split_whitespace().collect::<Vec<_>>().join(" ");
            let e = e.trim_end_matches('.');
            if e.is_empty() || matches!(e, "MBE" | "OBE" | "CBE" | "JP" | "DL") {
                continue;
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
                    .or_else(|| group_role.clone());
                if let Some(r) = &role {
                    found.add(EntityKind::Role, r, r, None);
                }
                found.add(EntityKind::Person, name, name, role);
            }
        }
    }
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
    Regex::new(r"^,\s+((?:the\s+)?(?:Chair(?:man|person)?|Vice[- ]Chair(?:man)?|Leader|Deputy Leader|Cabinet Member|Portfolio Holder|Mayor|Deputy Mayor|Lead Member|Spokesperson|Executive Member)(?:\s+(?:of|for)\s+[^\n,;.]{3,80})?)").unwrap()
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
}
