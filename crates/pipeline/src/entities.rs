//! Named things in a document: people with their roles, roles, bodies, organisations,
//! councils (and the publishing council), dates, emails and UK phone numbers.

use crate::dates::find_dates;
use crate::names::{title_case, COUNCIL_NAME};
use crate::people::ROLE_WORDS;
use council_model::{Document, Entity, EntityKind};
use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

mod councils;
pub use self::councils::known_council;
use self::councils::*;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    // A domain broken at a line end ("georgina.little@kent\n.gov.uk") is still one address.
    Regex::new(r"(?i)[a-z0-9][a-z0-9._%+'-]*@[a-z0-9-]+(?:\s{0,2}\.[a-z0-9-]+)*\s{0,2}\.[a-z]{2,}")
        .unwrap()
});
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\+44[ \t]?\(?0?\)?[ \t]?|(?-u:\b)0)(?:\d[ \t-]?){8,10}\d(?-u:\b)|(?:\(0\d{3,4}\)[ \t]?\d{3}[ \t]?\d{3,4})",
    )
    .unwrap()
});

static BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:[A-Z][A-Za-z'’]*|[A-Z]+)(?:[ -](?:and|of|for|on|the|&|in)?\s?)?){0,8}?(?:Sub-Committee|Committee|Board|Panel|Cabinet|Council|Partnership|Forum|Commission|Group)(?:[ ](?:Sub-Committee|Committee|Board|Panel|Group))?(?-u:\b)").unwrap()
});
/// Several councils of one type named together: "Essex and Lincolnshire County Councils",
/// "Trafford, Stockport and Wigan Metropolitan Borough Councils".
static COUNCILS_TOGETHER: LazyLock<Regex> = LazyLock::new(|| {
    // Lazy, so "Wigan Metropolitan Borough" is Wigan, of the metropolitan-borough type.
    let place = r"[A-Z][a-z'’]+(?:[ -](?:upon|on|under|le)?\s?[A-Z][a-z'’]+){0,3}?";
    Regex::new(&format!(
        r"((?:{place}, )*{place},? (?:and|&) {place}) (County Borough|Metropolitan Borough|County|City|Borough|District|Parish|Town|Community) Councils(?-u:\b)"
    ))
    .unwrap()
});

/// Words that end a body name but, alone or with these openers, name no body.
const NOT_BODY_START: &[&str] = &[
    "The",
    "This",
    "That",
    "A",
    "An",
    "Each",
    "Every",
    "Our",
    "Their",
    "Its",
    "His",
    "Her",
    "Which",
    "Full",
    "Whole",
    "Any",
    "Dear",
    "All",
    "Further",
    "These",
    "Those",
    "Should",
    "Would",
    "Will",
    "May",
    "Might",
    "Must",
    "Can",
    "Could",
    "If",
    "When",
    "Where",
    "While",
    "As",
    "At",
    "By",
    "In",
    "On",
    "For",
    "To",
    "With",
    "From",
    "Both",
    "Either",
    "Neither",
    "Following",
    "Under",
    "Before",
    "After",
    "During",
    "Since",
    "Until",
    "Once",
    "Why",
    "How",
    "What",
    "Whether",
    "Did",
    "Does",
    "Do",
    "Has",
    "Have",
    "Had",
    "Was",
    "Were",
    "Is",
    "Are",
];

/// What a paper calls itself before the body it is for: "Agenda for County Council",
/// "Minutes of Village Hall Management Committee".
const PAPER_WORDS: &[&str] = &[
    "Agenda for ",
    "Agenda of ",
    "Minutes of ",
    "Notes of ",
    "Report to ",
    "Summons to ",
];

/// The words before "Council" that make a body of it ("Youth Council", "Town Council"); any
/// other "X Council" is a fragment of a sentence ("Given the Council"), a person's name
/// before the word ("Georgina Little Council") or a council's name cut short.
const COUNCIL_BODY_WORDS: &[&str] = &[
    "County",
    "City",
    "Borough",
    "District",
    "Parish",
    "Town",
    "Community",
    "Full",
    "Youth",
    "Common",
    "Joint",
    "Care",
    "Shadow",
    "Executive",
    "Municipal",
    "Metropolitan",
    "Unitary",
    "Advisory",
    "People's",
    "People’s",
    "Children's",
    "Children’s",
    "Pupils'",
    "Pupils’",
];

/// Whether a name found by [`BODY`] is shaped as a committee, board, panel, cabinet or
/// council is named: no word that opens a clause inside it ("HU For General Council"), no
/// lower-case "the" ("Approval of Spending the Council"), no person's name before its kind
/// word, and before "Council" a word that makes a body of it.
fn body_shaped(name: &str, people: &[String]) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words
        .iter()
        .skip(1)
        .any(|w| NOT_BODY_START.contains(w) || *w == "the")
    {
        return false;
    }
    let Some((last, before)) = words.split_last() else {
        return false;
    };
    let head = before.join(" ");
    if !head.is_empty() && people.iter().any(|p| p == &head) {
        return false;
    }
    *last != "Council"
        || before.is_empty()
        || before
            .last()
            .is_some_and(|w| COUNCIL_BODY_WORDS.contains(w) || w.ends_with("shire"))
}

/// The council's own generic names: bodies only when they are the meeting's body.
const GENERIC_COUNCIL_BODIES: &[&str] = &[
    "Council",
    "County Council",
    "City Council",
    "Borough Council",
    "District Council",
    "Full Council",
    "Town Council",
    "Parish Council",
    "Community Council",
];

struct Gazetteer {
    /// Place → council name.
    places: HashMap<String, String>,
    /// Organisation alias → value.
    organisations: Vec<(Regex, String)>,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let mut places = HashMap::new();
    for line in include_str!("../data/councils.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
    {
        if let Some((place, council)) = line.split_once('\t') {
            places.insert(place.to_string(), council.to_string());
        }
    }
    let mut organisations = Vec::new();
    for line in include_str!("../data/organisations.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
    {
        if let Some((value, aliases)) = line.split_once('\t') {
            let alts: Vec<String> = aliases.split('|').map(regex::escape).collect();
            let re = Regex::new(&format!(r"(?-u:\b)(?:{})(?-u:\b)", alts.join("|"))).unwrap();
            organisations.push((re, value.to_string()));
        }
    }
    Gazetteer {
        places,
        organisations,
    }
});

/// Builds the entity list of a document from its full text (cover included) and the
/// structure already found, and sets the publishing council.
pub fn annotate(doc: &mut Document, full_text: &str) {
    for m in &mut doc.meetings {
        if let Some(b) = &m.body {
            m.body = Some(crate::names::meeting_body(b));
        }
    }
    let mut found = Found::default();
    for m in EMAIL.find_iter(full_text) {
        let v: String = m
            .as_str()
            .trim_end_matches('.')
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        found.add(EntityKind::Email, &v, &v.to_lowercase(), None);
    }
    for m in PHONE.find_iter(full_text) {
        let mut digits: String = m.as_str().chars().filter(|c| c.is_ascii_digit()).collect();
        if let Some(rest) = digits.strip_prefix("44") {
            digits = format!("0{}", rest.trim_start_matches('0'));
        }
        if (10..=11).contains(&digits.len()) && digits.starts_with('0') {
            found.add(EntityKind::Phone, m.as_str().trim(), &digits, None);
        }
    }
    for d in find_dates(full_text) {
        found.add(EntityKind::Date, &d.text, &d.iso, None);
    }
    crate::people::people(full_text, doc, &mut found);
    let councils = councils(full_text, &mut found);
    let welsh = welsh_councils(full_text, &mut found);
    let official = official_forms(full_text);
    for (written, _) in &official {
        found.add(EntityKind::Council, written, written, None);
    }
    let letterhead = municipal_letterhead(full_text);
    if let Some(l) = &letterhead {
        found.add(EntityKind::Council, l, l, None);
    }
    bodies(full_text, doc, &councils, &mut found);
    organisations(full_text, doc, &mut found);
    // The paper's own official form of its council's name ("London Borough of Hackney", not
    // the register's "Hackney Council"), where it states one.
    let cover: String = full_text.chars().take(600).collect();
    doc.council = match publishing_council(full_text, &found, &councils) {
        Some(c) => Some(
            official
                .iter()
                .find(|(_, known)| *known == c)
                .map_or(c, |(written, _)| written.clone()),
        ),
        None => official
            .iter()
            .find(|(written, _)| cover.contains(written.as_str()))
            .map(|(written, _)| written.clone()),
    }
    .or_else(|| welsh_cover_council(&cover, &welsh))
    .or_else(|| council_of_meeting(doc))
    .or(letterhead);
    doc.entities = found.into_entities();
    crate::people::once_each(&mut doc.entities);
    crate::movers::full_names(doc);
}

/// The bodies the text names (committees, boards, panels, Cabinet, Council), and those of
/// the paper's meetings; not a council's name, an organisation of the table, "the Council"
/// where it did not meet, or a place's copy of another body ("Cambridgeshire Strengthening
/// Services Board").
fn bodies(full_text: &str, doc: &Document, councils: &[String], found: &mut Found) {
    let people = found.people();
    for c in BODY.find_iter(full_text) {
        let mut name = c.as_str().trim();
        for opener in NOT_BODY_START {
            if let Some(rest) = name.strip_prefix(opener).and_then(|r| r.strip_prefix(' ')) {
                name = rest;
            }
        }
        for role in [
            "Chair of ",
            "Vice-Chair of ",
            "Vice Chair of ",
            "Chairman of ",
            "Member of ",
            "Members of ",
            "Leader of ",
            "Clerk to ",
            "Clerk of ",
        ] {
            if let Some(i) = name.find(role) {
                name = name[i + role.len()..].trim_start_matches("the ");
            }
        }
        // "Agenda for County Council", "Minutes of Village Hall Management Committee": the
        // paper's words before the body's name.
        for paper in PAPER_WORDS {
            if let Some(rest) = name.strip_prefix(paper) {
                name = rest.trim_start_matches("the ");
            }
        }
        // "Cabinet Member for Adult Social Care", "Deputy Cabinet Member": a post, no body.
        let after = &full_text[c.end()..];
        if after.starts_with(" Member") || after.starts_with("-Member") {
            continue;
        }
        if !body_shaped(name, &people) {
            continue;
        }
        let words = name.split_whitespace().count();
        let is_council_name = COUNCIL_NAME.is_match(name)
            && councils.iter().any(|c| {
                name.ends_with(c.as_str())
                    || c == name
                    || !GENERIC_COUNCIL_BODIES.contains(&name) && c.ends_with(name)
            });
        if is_council_name || words == 0 {
            continue;
        }
        if words == 1 && !matches!(name, "Cabinet" | "Council") {
            continue;
        }
        if GAZETTEER.organisations.iter().any(|(re, _)| {
            re.find(name)
                .is_some_and(|m| m.start() == 0 && m.end() == name.len())
        }) {
            continue;
        }
        if name.chars().filter(|c| c.is_uppercase()).count()
            == name.len() - name.matches(' ').count()
            && words > 1
        {
            found.add(EntityKind::Body, name, &title_case(name), None);
            continue;
        }
        found.add(EntityKind::Body, name, name, None);
    }
    for m in &doc.meetings {
        if let Some(b) = &m.body {
            // "Working Group Meeting" is the Working Group.
            let v = b.strip_suffix(" Meeting").unwrap_or(b);
            found.add(EntityKind::Body, b, v, None);
        }
    }
    // "the Council" names the council itself; as a body it counts only where it met.
    let meeting_bodies: Vec<String> = doc.meetings.iter().filter_map(|m| m.body.clone()).collect();
    let body_values: Vec<String> = found
        .by_key
        .values()
        .filter(|e| e.kind == EntityKind::Body)
        .map(|e| e.value.clone())
        .collect();
    found.retain(|e| {
        if e.kind != EntityKind::Body {
            return true;
        }
        if GENERIC_COUNCIL_BODIES.contains(&e.value.as_str()) {
            return meeting_bodies.contains(&e.value);
        }
        // "Cambridgeshire Strengthening Services Board" repeats "Strengthening Services Board".
        !body_values.iter().any(|other| {
            other != &e.value
                && e.value.ends_with(other.as_str())
                && e.value[..e.value.len() - other.len()]
                    .split_whitespace()
                    .count()
                    == 1
                && GAZETTEER
                    .places
                    .contains_key(e.value[..e.value.len() - other.len()].trim())
        })
    });
}

/// The organisations the text names: those of the table (`data/organisations.tsv`), those
/// found by their shape ([`crate::organisations`]), also in the body a written question is
/// answered for; a body that is one of them is none.
fn organisations(full_text: &str, doc: &Document, found: &mut Found) {
    for (re, value) in &GAZETTEER.organisations {
        if let Some(m) = re.find(full_text) {
            found.add(EntityKind::Organisation, m.as_str(), value, None);
        }
    }
    let mut shaped = crate::organisations::find(full_text);
    // A known organisation's name run on into the words after it ("Department for
    // Education Improvement Notice") is that organisation.
    shaped.retain(|(_, v)| {
        !GAZETTEER
            .organisations
            .iter()
            .any(|(_, known)| v != known && v.starts_with(known.as_str()))
    });
    // The body a written question is answered for ("answering for the Department for
    // Education") is named by the question's record, not its text.
    for q in &doc.questions {
        if let Some(role) = &q.respondent_role {
            shaped.extend(crate::organisations::find(role));
        }
    }
    // A commission or board whose meeting this is, is the body that met ("SSA Commission").
    let met: Vec<&str> = doc
        .meetings
        .iter()
        .filter_map(|m| m.body.as_deref())
        .collect();
    shaped.retain(|(_, v)| !met.iter().any(|b| b.ends_with(v.as_str())));
    // "Government Association" cut from the "Local Government Association" of the table.
    shaped.retain(|(_, v)| {
        !GAZETTEER
            .organisations
            .iter()
            .any(|(_, known)| known != v && known.ends_with(v.as_str()))
    });
    for (written, value) in &shaped {
        found.add(EntityKind::Organisation, written, value, None);
    }
    // "Kent and Medway Integrated Care Board" is an organisation, not a body; so is the
    // "Labour Group", and "Officers and Audit Commission" no body at all.
    let organisations: Vec<String> = found
        .by_key
        .values()
        .filter(|e| e.kind == EntityKind::Organisation)
        .map(|e| e.value.clone())
        .collect();
    found.retain(|e| {
        e.kind != EntityKind::Body
            || !shaped.iter().any(|(_, v)| v.ends_with(e.value.as_str()))
                && !organisations
                    .iter()
                    .any(|v| v.split(' ').count() > 1 && e.value.ends_with(v.as_str()))
    });
    static HEALTHWATCH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?:Healthwatch|Constabulary of|NHS) [A-Z][a-z]+(?: [A-Z][a-z]+)?(?: (?:Trust|Foundation Trust|Constabulary|Police))?").unwrap()
    });
    for m in HEALTHWATCH.find_iter(full_text) {
        let v = m.as_str().trim();
        if !v.starts_with("NHS") || v.ends_with("Trust") {
            found.add(EntityKind::Organisation, v, v, None);
        }
    }
}

/// The entities found so far, once each by kind and value, in the order found.
#[derive(Default)]
pub(crate) struct Found {
    by_key: BTreeMap<(EntityKind, String), Entity>,
    order: Vec<(EntityKind, String)>,
}

impl Found {
    /// Adds an entity; a person's value loses the role words after the name, and one found
    /// again keeps its first role, unless that only said they are a councillor.
    pub(crate) fn add(&mut self, kind: EntityKind, text: &str, value: &str, role: Option<String>) {
        let mut value = value.trim();
        if kind == EntityKind::Person {
            // "Vince Maple Leader" is Vince Maple; "Chief Executive" is no one's name.
            let mut words: Vec<&str> = value.split_whitespace().collect();
            while words.last().is_some_and(|w| ROLE_WORDS.contains(w)) {
                words.pop();
            }
            if words.iter().all(|w| ROLE_WORDS.contains(w)) {
                return;
            }
            let kept = words.join(" ");
            let at = value.find(&kept).unwrap_or(0);
            value = &value[at..at + kept.len().min(value.len() - at)];
        }
        if kind == EntityKind::Body {
            // A body's name never starts with a lower-case article ("the Council").
            value = value.strip_prefix("the ").unwrap_or(value).trim_start();
        }
        let value = value.to_string();
        if value.is_empty() {
            return;
        }
        let key = (kind, value.to_lowercase());
        match self.by_key.get_mut(&key) {
            Some(e) => {
                // A post the paper gives ("Chair") says more than a title ("Councillor").
                let generic =
                    |r: &Option<String>| r.as_deref().is_some_and(crate::people::generic_role);
                if e.role.is_none() || generic(&e.role) && role.is_some() && !generic(&role) {
                    e.role = role;
                }
            }
            None => {
                self.order.push(key.clone());
                self.by_key.insert(
                    key,
                    Entity {
                        kind,
                        text: text.trim().to_string(),
                        value,
                        role,
                    },
                );
            }
        }
    }

    /// The people found so far, by their values.
    fn people(&self) -> Vec<String> {
        self.by_key
            .values()
            .filter(|e| e.kind == EntityKind::Person)
            .map(|e| e.value.clone())
            .collect()
    }

    fn retain(&mut self, keep: impl Fn(&Entity) -> bool) {
        self.by_key.retain(|_, e| keep(e));
        let by_key = &self.by_key;
        self.order.retain(|k| by_key.contains_key(k));
    }

    fn into_entities(mut self) -> Vec<Entity> {
        self.order
            .iter()
            .filter_map(|k| self.by_key.remove(k))
            .collect()
    }
}

#[cfg(test)]
pub(crate) mod tests;
