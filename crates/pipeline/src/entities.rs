//! Named things in a document: people with their roles, roles, bodies, organisations,
//! councils (and the publishing council), dates, emails and UK phone numbers.

use crate::dates::find_dates;
use crate::names::{title_case, COUNCIL_NAME};
use crate::people::ROLE_WORDS;
use council_model::{Document, Entity, EntityKind};
use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

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

/// A council's official name in the form "TYPE of PLACE" ("London Borough of Hackney", "Royal
/// Borough of Kensington and Chelsea"); only types that name a council, not an area ("the
/// City of Cambridge", "the County of Kent").
static OFFICIAL_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(London Borough|Royal Borough|Metropolitan Borough|County Borough|City and County) of ([A-Z][a-z'’]+(?:[ -](?:upon |on |under |le |and )?[A-Z][a-z'’]+){0,4})").unwrap()
});

/// The official forms of council names the text states, each with the council the
/// gazetteer knows by it: ("London Borough of Hackney", "Hackney Council"). The place is the
/// longest run of first words the gazetteer knows ("Hackney" in "London Borough of Hackney
/// Town Hall"); a place it does not know is no council.
fn official_forms(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for c in OFFICIAL_FORM.captures_iter(text) {
        let words: Vec<&str> = c[2].split(' ').collect();
        let known = (1..=words.len()).rev().find_map(|n| {
            let place = words[..n].join(" ");
            GAZETTEER.places.get(&place).map(|council| (place, council))
        });
        // "... of Bradford Metropolitan District Council": the council's name goes on.
        let rest = text[c.get(0).unwrap().end()..].trim_start();
        if ["Council", "Metropolitan", "District", "Borough Council"]
            .iter()
            .any(|w| rest.starts_with(w))
        {
            continue;
        }
        if let Some((place, council)) = known {
            let written = format!("{} of {place}", &c[1]);
            if !out.iter().any(|(w, _)| *w == written) {
                out.push((written, council.clone()));
            }
        }
    }
    out
}

/// A Welsh council's name: "Cyngor" (council), its type (Cymuned: community, Tref: town,
/// Sir: county, Bwrdeistref Sirol: county borough, Dinas: city) and its place ("Cyngor
/// Cymuned Manordeilo a Salem", "Cyngor Sir Caerfyrddin").
static WELSH_COUNCIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[CG]yngor\s+(?:Cymuned|Tref|Sir|Bwrdeistref\s+Sirol|Dinas(?:\s+a\s+Sir)?)\s+[A-Z][\w'’-]+(?:\s+(?:a|ac|A|Ac)\s+[A-Z][\w'’-]+|[ \t]+[A-Z][\w'’-]+){0,3}").unwrap()
});

/// The Welsh councils the text names (also on lines in capitals), as written, each a
/// council entity.
fn welsh_councils(text: &str, found: &mut Found) -> Vec<String> {
    if !text.contains("yngor") && !text.contains("YNGOR") {
        return Vec::new();
    }
    let capitals: String = text
        .lines()
        .filter(|l| l.len() < 200 && l.contains("YNGOR"))
        .map(title_case)
        .collect::<Vec<_>>()
        .join("\n");
    let mut out: Vec<String> = Vec::new();
    for m in WELSH_COUNCIL
        .find_iter(text)
        .chain(WELSH_COUNCIL.find_iter(&capitals))
    {
        // "o Gyngor Cymuned …" (the name after a preposition, mutated) is "Cyngor …"; a
        // line in capitals gives "A" for the joining "a" (and).
        let words: Vec<&str> = m.as_str().split_whitespace().collect();
        let name = words
            .iter()
            .enumerate()
            .map(|(i, w)| match *w {
                "Gyngor" if i == 0 => "Cyngor",
                "A" if i > 2 => "a",
                "Ac" if i > 2 => "ac",
                w => w,
            })
            .collect::<Vec<_>>()
            .join(" ");
        found.add(EntityKind::Council, m.as_str(), &name, None);
        if !out.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            out.push(name);
        }
    }
    out
}

/// The Welsh council a paper's cover names first, in the form its text writes it.
fn welsh_cover_council(cover: &str, welsh: &[String]) -> Option<String> {
    let head = cover.to_lowercase();
    welsh
        .iter()
        .filter_map(|n| head.find(&n.to_lowercase()).map(|at| (at, n)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, n)| n.clone())
}

/// A municipality's corporate name alone on the paper's first line, as its letterhead
/// ("City of Chicago", "Town of Amherst"): the council that publishes it, in the
/// gazetteer's form where the gazetteer knows the place. Further down, or inside a sentence,
/// "the City of Cambridge" names an area, not an author.
fn municipal_letterhead(text: &str) -> Option<String> {
    static LETTERHEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:City|Town|Village|County|Borough) of ([A-Z][a-z'’]+(?:[ -][A-Z][a-z'’]+){0,2})$",
        )
        .unwrap()
    });
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let c = LETTERHEAD.captures(first)?;
    Some(
        GAZETTEER
            .places
            .get(&c[1])
            .cloned()
            .unwrap_or_else(|| first.to_string()),
    )
}

/// Words that make a council's name a kind of meeting, not a council: "County Council",
/// "Full Council", "Special Council", "Municipal Council".
const MEETING_OF_COUNCIL: &[&str] = &[
    "county",
    "city",
    "borough",
    "district",
    "town",
    "parish",
    "community",
    "full",
    "municipal",
    "special",
    "annual",
    "extraordinary",
    "ordinary",
    "the",
];

/// The council whose own meeting the paper records or calls, by the name it gives ("Minutes
/// of proceedings at special meeting of Limerick City and County Council", "Royal Sutton
/// Coldfield Town Council"), where the gazetteer does not know it (a town council, a council
/// abroad): a place and a council type, not a kind of meeting ("County Council").
fn council_of_meeting(doc: &Document) -> Option<String> {
    doc.meetings
        .iter()
        .filter_map(|m| m.body.as_deref())
        .find(|b| {
            let first = b.split_whitespace().next().unwrap_or("").to_lowercase();
            b.split_whitespace().count() >= 3
                && crate::names::is_council_name(b)
                && !MEETING_OF_COUNCIL.contains(&first.as_str())
        })
        .map(str::to_string)
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

/// The longest run of last words of `place` that is a place of the gazetteer, when the
/// whole of it is not one ("That Trafford" → "Trafford").
fn known_tail(place: &str) -> Option<&str> {
    if GAZETTEER.places.contains_key(place) {
        return Some(place);
    }
    place
        .match_indices(' ')
        .map(|(i, _)| &place[i + 1..])
        .find(|tail| GAZETTEER.places.contains_key(*tail))
}

/// Council names written in full in the text (gazetteer places or any "X County Council").
fn councils(text: &str, found: &mut Found) -> Vec<String> {
    let mut out = Vec::new();
    // Lines in capitals ("KENT COUNTY COUNCIL – PROPOSED RECORD OF DECISION") are read in
    // title case too.
    let capitals: String = text
        .lines()
        .filter(|l| l.len() < 200 && crate::blocks::upper_case(l))
        .map(title_case)
        .collect::<Vec<_>>()
        .join("\n");
    let matches = COUNCIL_NAME
        .find_iter(text)
        .chain(COUNCIL_NAME.find_iter(&capitals));
    let pieces = matches.flat_map(|m| {
        // "Dorset Council and Essex County Council" is two names.
        m.as_str()
            .split_inclusive(" Council")
            .map(|p| {
                p.trim_start_matches([',', ' '])
                    .trim_start_matches("and ")
                    .trim_start_matches("or ")
                    .to_string()
            })
            .collect::<Vec<_>>()
    });
    for piece in pieces {
        if !piece.ends_with(" Council") {
            continue;
        }
        let mut name = piece.trim().to_string();
        for opener in NOT_BODY_START {
            if let Some(rest) = name.strip_prefix(opener).and_then(|r| r.strip_prefix(' ')) {
                name = rest.to_string();
            }
        }
        let place = name
            .rsplit_once(" Council")
            .map(|(p, _)| p)
            .unwrap_or(&name);
        let place = COUNCIL_TYPES
            .iter()
            .find_map(|s| place.strip_suffix(s).map(str::trim))
            .unwrap_or(place)
            .trim();
        // "Decision That Trafford Council", "Kent Ashford Borough Council": words before a
        // known place that are not part of it.
        let (name, place) = match known_tail(place) {
            Some(tail) if tail.len() < place.len() => {
                let cut = place.len() - tail.len();
                (name[cut..].to_string(), tail)
            }
            _ => (name.clone(), place),
        };
        let known = GAZETTEER.places.contains_key(place);
        let typed = name.split_whitespace().count() >= 2 && !name.ends_with(" Council")
            || name.contains(" County Council")
            || name.contains(" City Council")
            || name.contains(" Borough Council")
            || name.contains(" District Council")
            || name.contains(" Parish Council")
            || name.contains(" Town Council")
            || name.contains(" Community Council");
        if (known || typed)
            && !place.is_empty()
            && place.chars().next().is_some_and(|c| c.is_uppercase())
            && ![
                "Full", "County", "City", "Borough", "District", "Town", "Parish",
            ]
            .contains(&place)
        {
            found.add(EntityKind::Council, &name, &name, None);
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    // Councils named together, each a council of its own when its place is a known one.
    for m in COUNCILS_TOGETHER.captures_iter(text) {
        let kind = &m[2];
        for place in m[1].split([',', '&']).flat_map(|p| p.split(" and ")) {
            let place = place.trim();
            if GAZETTEER.places.contains_key(place) {
                let name = format!("{place} {kind} Council");
                found.add(EntityKind::Council, &m[0], &name, None);
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// The council a paper names as its own: the council of its officers' email domain, else
/// a known council named on its cover (the first lines). A council the text only mentions
/// further on is never the paper's council; a name the gazetteer does not know ("March
/// County Council") is not a council. `None` when unsure.
fn publishing_council(text: &str, found: &Found, named: &[String]) -> Option<String> {
    let mut domains: HashMap<String, usize> = HashMap::new();
    for e in found
        .by_key
        .values()
        .filter(|e| e.kind == EntityKind::Email)
    {
        if let Some((_, domain)) = e.value.split_once('@') {
            if domain.ends_with(".gov.uk")
                || domain.ends_with(".gov.wales")
                || domain.ends_with(".llyw.cymru")
            {
                let label = domain.split('.').next().unwrap_or("").to_string();
                *domains.entry(label).or_default() += 1;
            }
        }
    }
    let mut domain_list: Vec<(String, usize)> = domains.into_iter().collect();
    domain_list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (label, _) in &domain_list {
        if let Some(n) = named.iter().find(|n| abbreviates(label, n)) {
            if let Some(official) = known_council(n) {
                return Some(official);
            }
        }
        let mut places: Vec<(&String, &String)> = GAZETTEER
            .places
            .iter()
            .filter(|(p, _)| abbreviates(label, p))
            .collect();
        // A place the label begins ("kent" is Kent, not Kensington); then the place the
        // text names most often; then the longer name.
        places.sort_by_key(|(p, _)| {
            (
                !squashed(p).starts_with(label.as_str()),
                std::cmp::Reverse(text.matches(p.as_str()).count()),
                std::cmp::Reverse(p.len()),
            )
        });
        if let Some((_, council)) = places.first() {
            return Some((*council).clone());
        }
    }
    // "That Trafford Council hereby gives notice": the council that gives the notice.
    static HEREBY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"((?:[A-Z][A-Za-z'’-]*[ \t]+){1,6}Council)[ \t]+hereby(?-u:\b)").unwrap()
    });
    for c in HEREBY.captures_iter(text) {
        let words: Vec<&str> = c[1].split_whitespace().collect();
        if let Some(n) = (0..words.len()).find_map(|k| known_council(&words[k..].join(" "))) {
            return Some(n);
        }
    }
    let fold = |s: &str| s.to_lowercase().replace(" & ", " and ");
    let cover: String = text.chars().take(600).collect();
    // A line of the cover that is a council's name ("KENT COUNTY COUNCIL").
    if let Some(n) = cover
        .lines()
        .filter(|l| crate::names::is_council_name(l))
        .find_map(|l| known_council(&title_case(l.trim())))
    {
        return Some(n);
    }
    let head = fold(&cover);
    if let Some(n) = named
        .iter()
        .filter(|n| head.contains(&fold(n)))
        .min_by_key(|n| head.find(&fold(n)))
        .and_then(|n| known_council(n))
    {
        return Some(n);
    }
    council_of_cover_type(&text.chars().take(1500).collect::<String>(), named)
}

/// "County Council – 19 March 2024", "A meeting of the County Council will be held at County
/// Hall, Maidstone, Kent": a cover that names its council only by its type gives the one
/// council of that type the paper names, or the one county of the gazetteer the cover
/// names. Two candidates are unsure: `None`.
fn council_of_cover_type(head: &str, named: &[String]) -> Option<String> {
    static WORD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*").unwrap());
    let kind = [
        " County Council",
        " City Council",
        " Borough Council",
        " District Council",
    ]
    .into_iter()
    .find(|k| head.contains(k.trim_start()))?;
    let mut candidates: Vec<String> = named
        .iter()
        .filter(|n| n.ends_with(kind))
        .filter_map(|n| known_council(n))
        .collect();
    if kind == " County Council" {
        for m in WORD.find_iter(head) {
            // Each capitalised run and its words one by one ("Maidstone, Kent").
            for place in std::iter::once(m.as_str()).chain(m.as_str().split([' ', '-'])) {
                if let Some(c) = GAZETTEER.places.get(place) {
                    if c.ends_with(kind) {
                        candidates.push(c.clone());
                    }
                }
            }
        }
    }
    candidates.sort();
    candidates.dedup();
    match candidates.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// Lower case, letters and digits only ("Kingston upon Hull" → "kingstonuponhull").
fn squashed(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The council types a name ends with, longest first.
const COUNCIL_TYPES: [&str; 10] = [
    "County Borough",
    "Metropolitan Borough",
    "City and County",
    "County",
    "City",
    "Borough",
    "District",
    "Parish",
    "Town",
    "Community",
];

/// `name` as a council the gazetteer knows, in its usual form: "Bristol, City of Council"
/// and "Bristol City Council" are "Bristol City Council", "Kent Council" is "Kent County
/// Council", "Horsley Parish Council" stays (local councils are not in the ONS list).
/// `None` for a principal council of a place the gazetteer does not know ("March County
/// Council").
pub fn known_council(name: &str) -> Option<String> {
    static BACK_TO_FRONT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(.+?),\s+(City|County)\s+of(?:\s+Council)?$").unwrap());
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(c) = BACK_TO_FRONT.captures(&name) {
        let place = c[1].to_string();
        return GAZETTEER.places.get(&place).cloned().or_else(|| {
            Some(if &c[2] == "City" {
                format!("{place} City Council")
            } else {
                format!("{place} Council")
            })
        });
    }
    if let Some(c) = GAZETTEER.places.get(&name) {
        return Some(c.clone());
    }
    let place = name.strip_suffix(" Council")?;
    let (place, kind) = COUNCIL_TYPES
        .iter()
        .find_map(|t| {
            place
                .strip_suffix(t)
                .map(|p| (p.trim_end_matches([',', ' ']), Some(*t)))
        })
        .unwrap_or((place, None));
    match (GAZETTEER.places.get(place), kind) {
        (Some(official), None) => Some(official.clone()),
        (Some(_), Some(_)) => Some(name.clone()),
        (None, Some("Parish" | "Town" | "Community")) if !place.is_empty() => Some(name.clone()),
        _ => None,
    }
}

/// Whether a domain label ("leics", "cambridgeshire") names a place or council.
fn abbreviates(label: &str, name: &str) -> bool {
    let name: String = name
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let label = label.to_lowercase();
    if label.len() < 3 || name.len() < 3 || label[..3] != name[..3] {
        return false;
    }
    if name.starts_with(&label) {
        return true;
    }
    let mut it = name.chars();
    label.chars().all(|c| it.any(|n| n == c)) && label.len() >= 4
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The entities `annotate` finds in `text`, on an empty document.
    pub(crate) fn entities(text: &str) -> Document {
        let mut d = Document::default();
        annotate(&mut d, text);
        d
    }

    /// The values of the entities of one kind.
    pub(crate) fn values(d: &Document, kind: EntityKind) -> Vec<String> {
        d.entity_values(kind).map(str::to_string).collect()
    }

    #[test]
    fn contacts_emails_phones() {
        let form = entities("Name: Highway Asset Maintenance Amendment\nNumber: 4\n");
        assert_eq!(form.people().count(), 0, "{:?}", form.entities);
        let d = entities("Officer contact:\n\nName: Elaine Redding\nPost: Interim Executive Director of Children's Services\nEmail: Elaine.Redding@cambridgeshire.gov.uk\nTel: 01223 706398\n");
        assert_eq!(
            values(&d, EntityKind::Email),
            ["elaine.redding@cambridgeshire.gov.uk"]
        );
        assert_eq!(values(&d, EntityKind::Phone), ["01223706398"]);
        let p = d.people().next().unwrap();
        assert_eq!(p.value, "Elaine Redding");
        assert_eq!(
            p.role.as_deref(),
            Some("Interim Executive Director of Children's Services")
        );
        assert_eq!(d.council.as_deref(), Some("Cambridgeshire County Council"));
    }

    #[test]
    fn a_body_is_no_fragment_post_or_group() {
        let d = entities("Agenda for Planning Committee\n\nGiven the Council decision, Approval of Spending the Council budget was sought. Councillor Jane Doe, Cabinet Member for Highways, and the Deputy Cabinet Member spoke for the Labour Group. The Youth Council and the Audit and Governance Committee met.");
        assert_eq!(
            values(&d, EntityKind::Body),
            [
                "Planning Committee",
                "Youth Council",
                "Audit and Governance Committee"
            ]
        );
        assert!(values(&d, EntityKind::Organisation).contains(&"Labour Group".to_string()));
    }

    #[test]
    fn the_council_in_passing_is_no_body() {
        let d = entities("The Political Leadership of the Council agreed. This enables the Council, NHS and the Police to work as partners.");
        assert!(
            !d.entities
                .iter()
                .any(|e| e.kind == EntityKind::Body && e.value.to_lowercase().contains("council")),
            "{:?}",
            d.entities
        );
    }

    #[test]
    fn councils_named_together_are_each_a_council() {
        let d = entities(
            "Peer reviews by Essex and Lincolnshire County Councils and by Trafford, Stockport and Wigan Metropolitan Borough Councils. Members and Officers of County Councils met.",
        );
        let councils: Vec<&str> = d
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Council)
            .map(|e| e.value.as_str())
            .collect();
        for name in [
            "Essex County Council",
            "Lincolnshire County Council",
            "Trafford Metropolitan Borough Council",
            "Stockport Metropolitan Borough Council",
            "Wigan Metropolitan Borough Council",
        ] {
            assert!(councils.contains(&name), "{name} in {councils:?}");
        }
        assert!(!councils
            .iter()
            .any(|c| c.contains("Members") || c.contains("Officers")));
    }

    #[test]
    fn a_council_the_gazetteer_does_not_know_is_the_one_whose_meeting_it_is() {
        let meeting = |body: &str| {
            let mut d = Document {
                meetings: vec![council_model::Meeting {
                    body: Some(body.into()),
                    date: Some("2017-11-06".into()),
                    item: None,
                }],
                ..Document::default()
            };
            annotate(&mut d, "The Mayor welcomed the members.");
            d.council
        };
        assert_eq!(
            meeting("Limerick City and County Council").as_deref(),
            Some("Limerick City and County Council")
        );
        assert_eq!(
            meeting("Royal Sutton Coldfield Town Council").as_deref(),
            Some("Royal Sutton Coldfield Town Council")
        );
        // A kind of meeting names no council.
        assert_eq!(meeting("Special County Council"), None);
        assert_eq!(meeting("Municipal Council"), None);
    }

    #[test]
    fn a_council_that_gives_notice_is_the_papers_and_stray_words_before_a_place_go() {
        let text = format!(
            "{}Part II – Particulars of Decision That Trafford Council hereby gives notice that \
             permission has been granted. Stoke-on-Trent City Council and Kent Ashford Borough \
             Council were consulted.",
            "The application was considered by officers under delegated powers.\n".repeat(12)
        );
        let d = entities(&text);
        assert_eq!(d.council.as_deref(), Some("Trafford Council"));
        assert_eq!(
            values(&d, EntityKind::Council),
            [
                "Trafford Council",
                "Stoke-on-Trent City Council",
                "Ashford Borough Council"
            ]
        );
    }

    #[test]
    fn bodies_organisations_councils() {
        let d = entities("The Children and Young People Committee asked the Strengthening Services Board and Ofsted and the DfE. Dorset Council and Essex County Council did this.");
        let bodies = values(&d, EntityKind::Body);
        assert!(
            bodies.contains(&"Children and Young People Committee".to_string()),
            "{bodies:?}"
        );
        assert!(
            bodies.contains(&"Strengthening Services Board".to_string()),
            "{bodies:?}"
        );
        assert_eq!(
            values(&d, EntityKind::Organisation),
            ["Ofsted", "Department for Education"]
        );
        assert_eq!(
            values(&d, EntityKind::Council),
            ["Dorset Council", "Essex County Council"]
        );
    }

    #[test]
    fn a_council_only_mentioned_is_not_the_papers_council() {
        // Kent's treasury strategy names Medway Council for a debt it manages.
        let text = format!(
            "Treasury Management Strategy\n\n{}\nThe Council manages debt on behalf of Medway Council that was transferred to it following the reorganisation that created Medway Council.",
            "Treasury management is the management of the Council's cash flows.\n".repeat(12)
        );
        let d = entities(&text);
        assert_eq!(d.council, None);
        // "in March County Council agreed": a month is no council.
        let d = entities("County Council report\n\nLater in March County Council agreed the plan.");
        assert_eq!(d.council, None);
        // kent.gov.uk is Kent, not Kensington and Chelsea; a broken line keeps the address.
        let d = entities(
            "Report to Cabinet\nContact: a.b@kent\n.gov.uk\nKensington and Chelsea was visited.",
        );
        assert_eq!(d.council.as_deref(), Some("Kent County Council"));
        // A cover in capitals, a cover naming only the type and the county.
        let d = entities("KENT COUNTY COUNCIL\n\nCABINET\n");
        assert_eq!(d.council.as_deref(), Some("Kent County Council"));
        let d = entities(
            "A meeting of the County Council will be held at County Hall, Maidstone, Kent.",
        );
        assert_eq!(d.council.as_deref(), Some("Kent County Council"));
    }

    #[test]
    fn a_municipality_on_the_first_line_is_the_papers_council_in_passing_it_is_not() {
        let d = entities("City of Chicago\nNOTICE AND AGENDA OF DISTRICT COUNCIL MEETING\nThe meeting is open to the public.");
        assert_eq!(d.council.as_deref(), Some("City of Chicago"));
        assert!(values(&d, EntityKind::Council).contains(&"City of Chicago".to_string()));
        let d = entities(
            "Report to Cabinet\nThe scheme serves the City of Cambridge and its villages.",
        );
        assert_eq!(d.council, None);
    }

    #[test]
    fn welsh_councils_by_their_welsh_names() {
        let d = entities("CYNGOR CYMUNED MANORDEILO A SALEM\nCYFARFOD 6ED CHWEFROR 2019\nCynhaliwyd cyfarfod Cyngor Cymuned Manordeilo a Salem yn dilyn. Llythyr o Gyngor Tref Llandeilo; grant gan Cyngor Sir\nCaerfyrddin ar gyfer y llwybr.");
        assert_eq!(
            d.council.as_deref(),
            Some("Cyngor Cymuned Manordeilo a Salem")
        );
        let councils = values(&d, EntityKind::Council);
        assert!(
            councils.contains(&"Cyngor Sir Caerfyrddin".to_string()),
            "{councils:?}"
        );
        assert!(
            councils.contains(&"Cyngor Tref Llandeilo".to_string()),
            "{councils:?}"
        );
        let d = entities("CYNGOR CYMUNED MANORDEILO A SALEM\nCYFARFOD 14 IONAWR 2015\nCynhaliwyd gyfarfod o Gyngor Cymuned Manordeilo a Salem am 7:30.");
        assert_eq!(
            d.council.as_deref(),
            Some("Cyngor Cymuned Manordeilo a Salem")
        );
        assert_eq!(
            values(&d, EntityKind::Council),
            ["Cyngor Cymuned Manordeilo a Salem"]
        );
    }

    #[test]
    fn a_council_is_named_in_the_official_form_the_paper_gives() {
        let d = entities("STATEMENT OF PERSONS NOMINATED\nLondon Borough of Hackney\nElection of the Mayor for Hackney\n(address in London Borough of Hackney)");
        assert_eq!(d.council.as_deref(), Some("London Borough of Hackney"));
        assert_eq!(
            values(&d, EntityKind::Council),
            ["London Borough of Hackney"]
        );
        // A place the gazetteer does not know is no council.
        let d = entities("The County of Nowhereshire met.");
        assert!(values(&d, EntityKind::Council).is_empty());
    }

    #[test]
    fn council_names_take_their_usual_form() {
        assert_eq!(
            known_council("Bristol, City of Council").as_deref(),
            Some("Bristol City Council")
        );
        assert_eq!(
            known_council("Bristol City Council").as_deref(),
            Some("Bristol City Council")
        );
        assert_eq!(
            known_council("Kent Council").as_deref(),
            Some("Kent County Council")
        );
        assert_eq!(
            known_council("East Horsley Parish Council").as_deref(),
            Some("East Horsley Parish Council")
        );
        assert_eq!(known_council("March County Council"), None);
    }
}
