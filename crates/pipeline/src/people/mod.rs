//! People and the roles the paper gives them: contact blocks ("Name:" over "Post:"), a name
//! and its post ("Walter McCulloch, Assistant Director"), councillors by their honorific
//! ("Councillors A, B and C"), attendance lists under any "X present/absent" key and the
//! respondents of written questions, and the posts the paper names ([`posts`]: "the Leader
//! of the Council", "the Cabinet Member for Finance"). [`crate::entities`] gathers them with the other kinds.

mod lists;
mod posts;
#[cfg(test)]
mod tests;

use self::lists::{attendance, sentence_lists, POST_END};
use crate::entities::Found;
use council_model::{Document, EntityKind};
use regex::Regex;
use std::sync::LazyLock;

pub(super) const NAME: &str = r"[A-Z][a-z]*(?:['’][A-Z][a-z]+|[A-Z][a-z]+)*(?:-[A-Z][a-z]+)?";
/// Space within a name: never a line break.
pub(super) const SP: &str = r"[ \t]+";
/// A title before a name; in Welsh "Cynghorydd" (councillor), "Cynghorwyr" (councillors),
/// "Cyng." and "Cynghorydd Sir" (county councillor).
pub(super) const HONORIFIC: &str = r"(?:Councillors?|Cllrs?\.?|County Councillor|Cynghorwyr|Cynghorydd Sir|Cynghorydd|Cyng\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Professor|Prof\.?|Sir|Dame)";

/// The role a title before a name gives: "Councillor" for a councillor, "County Councillor"
/// for a county councillor (in Welsh "Cynghorydd", "Cynghorydd Sir"); `None` for "Mr", "Dr".
pub(super) fn honorific_role(title: &str) -> Option<&'static str> {
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
/// that surname whose first name starts so, and "Hook" is "A J Hook" where it names one
/// person of that surname (not where "Jane Davies" and "Joseph Davies" both
/// could be "J. Davies"); the post the shorter form was given goes to the full name when that
/// has none or only a title.
pub(crate) fn once_each(entities: &mut Vec<council_model::Entity>) {
    let person = |e: &council_model::Entity| e.kind == EntityKind::Person;
    let mut drop = vec![false; entities.len()];
    for i in 0..entities.len() {
        if !person(&entities[i]) {
            continue;
        }
        // "O. Williams" by its initial; "Hook" (from "Mr Hook, Leader of the Liberal
        // Democrat Group") by the surname alone.
        let value = entities[i].value.as_str();
        let (initial, surname) = match initial_and_surname(value) {
            Some((c, s)) => (Some(c), s),
            None if !value.contains(' ') && value.starts_with(char::is_uppercase) => (None, value),
            None => continue,
        };
        let full: Vec<usize> = (0..entities.len())
            .filter(|&j| j != i && person(&entities[j]) && !drop[j])
            .filter(|&j| {
                let v = &entities[j].value;
                (initial.is_none() || initial_and_surname(v).is_none())
                    && initial.is_none_or(|c| v.starts_with(c))
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
pub(super) fn leading_honorific(text: &str) -> Option<&str> {
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

/// Words of council business, never of a person's name: a "Name:" field holding one names
/// a proposal, a scheme or a report ("Name: Highway Asset Maintenance Amendment").
const BUSINESS_WORDS: &[&str] = &[
    "Amendment",
    "Motion",
    "Budget",
    "Policy",
    "Strategy",
    "Scheme",
    "Plan",
    "Programme",
    "Project",
    "Report",
    "Service",
    "Services",
    "Maintenance",
    "Funding",
    "Capital",
    "Study",
    "Expansion",
    "Transport",
    "Highways",
    "Asset",
    "Assets",
];

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
    contacts(text, found);
    // Lists first: "Present: Mick Ratford, Treasurer Karen Butt, ..." gives each their post.
    attendance(text, found);
    sentence_lists(text, found);
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
    honorific_names(text, found);
    chairs(text, found);
    signatures(text, found);
    movers(text, found);
    members_of_parliament(text, found);
    posts::posts(text, found);
}

/// A motion's or amendment's form: "Proposer: Mark Hood", "Seconded by: Cllr Jenni Hawkins".
fn movers(text: &str, found: &mut Found) {
    static MOVER_KEY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?m)^[ \t]*(Proposer|Proposed[ \t]+by|Mover|Moved[ \t]+by|Seconder|Seconded[ \t]+by)[ \t]*:[ \t]*(?:{HONORIFIC}{SP})?((?:[A-Z]\.?{SP})*{NAME}(?:{SP}{NAME}){{0,2}})[ \t]*$"
        ))
        .unwrap()
    });
    for c in MOVER_KEY.captures_iter(text) {
        let name = c[2].trim();
        if is_not_a_name(name) {
            continue;
        }
        let role = if c[1].starts_with("Second") {
            "Seconder"
        } else {
            "Proposer"
        };
        found.add(EntityKind::Person, name, name, Some(role.to_string()));
    }
}

/// "Jim McMahon MP", "Mary Smith TD": a member of a parliament by the letters after the name
/// (not "MSP", which papers also use for a minerals safeguarding area).
fn members_of_parliament(text: &str, found: &mut Found) {
    static MP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?-u:\b)(?:{HONORIFIC}{SP})?({NAME}(?:{SP}{NAME}){{1,2}}){SP}(MP|TD)(?-u:\b)"
        ))
        .unwrap()
    });
    for c in MP.captures_iter(text) {
        let name = c[1].trim();
        if is_not_a_name(name) || name.split_whitespace().any(|w| ROLE_WORDS.contains(&w)) {
            continue;
        }
        found.add(EntityKind::Person, name, name, Some(c[2].to_string()));
        found.add(EntityKind::Role, &c[2], &c[2], None);
    }
}

/// "Name: Elaine Redding" over "Post: Interim Executive Director ...": contact blocks.
fn contacts(text: &str, found: &mut Found) {
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
        if raw.split_whitespace().any(|w| BUSINESS_WORDS.contains(&w)) {
            // "Name: Highway Asset Maintenance Amendment" names a proposal, not a person.
            continue;
        }
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
}

/// Councillors by their title ("Councillors A, B and C", "Cllr. X, Chair of Y"), each with
/// the post the text gives after the first name, else the title's role.
fn honorific_names(text: &str, found: &mut Found) {
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

static ROLE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    // Irish "Cathaoirleach" (chair), "Leas-Chathaoirleach" (vice-chair); Welsh "Cadeirydd"
    // (chair), "Is-Gadeirydd" (vice-chair).
    Regex::new(r"^,\s+(?:An\s+)?((?:the\s+)?(?:Chair(?:man|person)?|Vice[- ]Chair(?:man)?|Leader|Deputy Leader|Cabinet Member|Portfolio Holder|Mayor|Deputy Mayor|Lead Member|Spokesperson|Executive Member|Cathaoirleach|Leas-Chathaoirleach|Cadeirydd|Is-Gadeirydd)(?:\s+(?:of|for)\s+[^\n,;.]{3,80})?)").unwrap()
});

fn strip_honorific(s: &str) -> String {
    static H: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^{HONORIFIC}\s+")).unwrap());
    H.replace(s, "").into_owned()
}

pub(super) fn is_not_a_name(n: &str) -> bool {
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
