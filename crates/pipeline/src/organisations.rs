//! Organisations by their shape, not by a list: a company by its legal suffix ("Derwent
//! Holdings Ltd") or its trade ("AEW Architects", "Montagu Evans Limited"); the public bodies
//! councils deal with by the words their names are built from: NHS trusts and integrated care
//! boards, police forces and constabularies, fire and rescue services, combined authorities,
//! inspectorates, government departments and ministries, chambers of commerce; and the few
//! national bodies whose names have no such word (An Garda Síochána, the HSE, Irish Rail);
//! Irish state bodies named "... Ireland", political parties and banks by their last word,
//! schools by their type ("Glengurt National School").
//!
//! [`crate::entities`] adds what this finds to the organisations of its table
//! (`data/organisations.tsv`).

use regex::{Regex, RegexBuilder};
use std::sync::LazyLock;

/// A capitalised name word: "Derwent", "AEW", "St.", "O'Brien", "Strover-Leader";
/// "Kent-based" is not one.
const WORD: &str = r"(?:[A-Z][A-Za-z'’.]*(?:-[A-Z][A-Za-z'’.]*)*|[A-Z]{2,})";
/// The parties a council's groups and candidates stand for, by their names.
const PARTY: &str = r"(?:Labour|Conservative|Liberal[\x20\t]+Democrats?|Green(?:[\x20\t]+(?:and|&)[\x20\t]+Independents?)?|Independents?|Reform(?:[\x20\t]+UK)?|Plaid[\x20\t]+Cymru|SNP|Residents['’]?)";
/// Words that join name words inside a name.
const JOIN: &str = r"(?:[\x20\t]+(?:and|of|&|for|upon|on|in)[\x20\t]+|[\x20\t]+)";

/// Organisations whose last words say what they are.
static SHAPED: LazyLock<Regex> = LazyLock::new(|| {
    let name = format!(r"{WORD}(?:{JOIN}{WORD}){{0,5}}");
    // A large alternation: a lazy DFA cache big enough that a long paper never makes it
    // give up and fall back to the slower NFA search.
    RegexBuilder::new(&format!(
        r"(?x)
        # A council's political group: Labour Group, Green & Independents Group; a party
        # by its name alone.
        (?-u:\b){PARTY}[\x20\t]+Group(?-u:\b)
        |(?-u:\b)(?:Liberal[\x20\t]+Democrats?|Plaid[\x20\t]+Cymru|Reform[\x20\t]+UK|Sinn[\x20\t]+F[eé]in|Fianna[\x20\t]+F[aá]il|Fine[\x20\t]+Gael)(?-u:\b)
        # A company: a name and its legal form (Strover-Leader & Co) or its trade.
        |(?-u:\b){name}[\x20\t]*&[\x20\t]*Co(?-u:\b)\.?
        |(?-u:\b){name}[\x20\t]+(?:Ltd(?-u:\b)\.?|Limited(?-u:\b)|LLP(?-u:\b)|PLC(?-u:\b)|plc(?-u:\b)|CIC(?-u:\b)|Architects(?-u:\b)|Consulting(?-u:\b)
            |Consultants(?-u:\b)|Surveyors(?-u:\b)|Investment[\x20\t]+Management(?-u:\b))
        # The NHS: a trust, an integrated care board, a named NHS body.
        |(?-u:\b)(?:{name}[\x20\t]+)?NHS[\x20\t]+(?:Foundation[\x20\t]+)?Trust(?-u:\b)
        |(?-u:\b){name}[\x20\t]+Integrated[\x20\t]+Care[\x20\t]+(?:Board|System)(?-u:\b)
        |(?-u:\b)NHS[\x20\t]+{WORD}(?:[\x20\t]+and[\x20\t]+{WORD})?[\x20\t]+(?:Integrated[\x20\t]+Care[\x20\t]+Board|ICB)(?-u:\b)
        # Emergency services.
        |(?-u:\b){name}[\x20\t]+(?:Police|Constabulary)(?-u:\b)
        |(?-u:\b){name}[\x20\t]+Fire[\x20\t]+(?:and|&)[\x20\t]+Rescue[\x20\t]+(?:Service|Authority)(?-u:\b)
        # Public bodies.
        |(?-u:\b){name}[\x20\t]+Combined[\x20\t]+Authority(?-u:\b)
        |(?-u:\b){name}[\x20\t]+Chamber[\x20\t]+of[\x20\t]+Commerce(?-u:\b)
        |(?-u:\b)(?:{WORD}[\x20\t]+)?Inspectorate(?-u:\b)
        |(?-u:\b)(?:Department|Ministry)[\x20\t]+(?:for|of)[\x20\t]+{WORD}(?:(?:,[\x20\t]+|{JOIN}){WORD}){{0,5}}
        |(?-u:\b)(?:An[\x20\t]+)?Garda[\x20\t]+S[ií]och[aá]na(?-u:\b)
        |(?-u:\b)Health[\x20\t]+Service[\x20\t]+Executive(?-u:\b)|(?-u:\b)HSE(?-u:\b)
        |(?-u:\b)(?:Irish[\x20\t]+Rail|Network[\x20\t]+Rail|National[\x20\t]+Highways|Transport[\x20\t]+for[\x20\t]+London)(?-u:\b)
        # National bodies named ... Ireland, ... Wales, ... Cymru (Transport Infrastructure
        # Ireland, One Voice Wales, Cerebral Palsy Cymru).
        |(?-u:\b){WORD}(?:[\x20\t]+{WORD}){{1,2}}[\x20\t]+Ireland(?-u:\b)
        |(?-u:\b){WORD}(?:[\x20\t]+{WORD})?[\x20\t]+(?:Wales|Cymru)(?-u:\b)
        # Charities, trusts, societies, associations, the Royal British Legion,
        # lottery funds.
        |(?-u:\b){name}[\x20\t]+(?:Trust|Foundation|Charity|Society|Association|Legion)(?-u:\b)
        |(?-u:\b){WORD}(?:[\x20\t]+{WORD})?[\x20\t]+Lottery(?:[\x20\t]+(?:Community[\x20\t]+)?Fund)?(?-u:\b)
        # Political parties, banks.
        |(?-u:\b){name}[\x20\t]+Party(?-u:\b)
        |(?-u:\b){WORD}(?:[\x20\t]+{WORD})?[\x20\t]+Bank(?-u:\b)
        "
    ))
    .dfa_size_limit(32 << 20)
    .build()
    .expect("organisation shapes")
});

/// Schools by their type (Glengurt National School, St Mary's Primary School): apart from
/// [`SHAPED`], so that its search starts from the word "School" and the large pattern
/// stays as it was.
static SCHOOL: LazyLock<Regex> = LazyLock::new(|| {
    let name = format!(r"{WORD}(?:{JOIN}{WORD}){{0,5}}");
    Regex::new(&format!(
        r"(?-u:\b){name}[\x20\t]+(?:National|Primary|Secondary|Grammar|High|Infant|Junior|Nursery)[\x20\t]+School(?-u:\b)"
    ))
    .expect("school shape")
});

/// Words that start a sentence or a clause, not a name ("Thanks to Kent Police").
const NOT_NAME_START: &[&str] = &[
    "The",
    "A",
    "This",
    "That",
    "Thanks",
    "Following",
    "Officers",
    "Members",
    "Both",
    "All",
    "And",
    "Of",
    "From",
    "To",
    "By",
    "With",
    "For",
    "In",
    "On",
    "At",
    "Our",
    "Their",
    "His",
    "Her",
    "Dear",
    "Councillor",
    "Cllr",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Local",
    "Lead",
    "Neighbourhood",
];

/// Words before "Party", "Bank" or "Ireland" that make no organisation of it ("Working
/// Party", "Food Bank", "Northern Ireland", "Co. Limerick, Ireland").
const NOT_OF_SHAPE: &[&str] = &[
    "Working",
    "Third",
    "Political",
    "Interested",
    "Relevant",
    "Responsible",
    "Any",
    "Each",
    "Food",
    "Land",
    "Tree",
    "Seed",
    "Data",
    "Blood",
    "Clothes",
    "Baby",
    "Toy",
    "Memory",
    "Skills",
    "Habitat",
    "River",
    "West",
    "East",
    "North",
    "South",
    "Left",
    "Right",
    "Northern",
    "Republic",
    "Southern",
    "Co.",
    "Co",
    "County",
    "Rural",
    "Mid",
    "Across",
];

/// Welsh words before "Cymru" that make no organisation of it: the directions ("Gorllewin
/// Cymru", west Wales), a policy, act, plan, report or guidance of Wales or of its government
/// ("Deddf Llywodraeth Cymru", the Government of Wales Act).
const NOT_OF_SHAPE_CY: &[&str] = &[
    "Gogledd",
    "De",
    "Dwyrain",
    "Gorllewin",
    "Canolbarth",
    "Deddf",
    "Polisi",
    "Cynllun",
    "Cynlluniau",
    "Adroddiad",
    "Canllawiau",
    "Gydnabyddiaeth",
    "Strategaeth",
    "Policy",
    "Act",
];

/// The last words of charities, trusts and the like ([`SHAPED`]).
const SUFFIX_KINDS: &[&str] = &[
    "Trust",
    "Foundation",
    "Charity",
    "Society",
    "Association",
    "Legion",
    "Lottery",
];

/// Words that, before one of [`SUFFIX_KINDS`], name a kind of body, not one
/// ("Housing Association", "Community Trust").
const KIND_WORDS: &[&str] = &[
    "Housing",
    "Residents",
    "Residents'",
    "Community",
    "Charitable",
    "Registered",
    "Local",
    "National",
    "Public",
    "Mutual",
    "Building",
    "Parish",
    "Development",
    "Heritage",
    "Wildlife",
    "Family",
    "Land",
    "Amenity",
    "Sports",
    "Youth",
    "Multi-Academy",
    "Civil",
    "Academy",
    "Independent",
];

/// The organisations named in `text`: (the words as written, the value), in text order.
pub fn find(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut found: Vec<regex::Match> = SHAPED.find_iter(text).collect();
    if text.contains(" School") {
        found.extend(SCHOOL.find_iter(text));
        found.sort_by_key(|m| m.start());
    }
    for m in found {
        let written = m.as_str();
        // "Time Limited Debate": a name goes on after the word, which was no suffix.
        let after = text[m.end()..].trim_start_matches([' ', '\t']);
        if after.starts_with(|c: char| c.is_uppercase())
            && !written.ends_with('.')
            && !followed_by_initials(written, after)
            && !text[m.end()..].starts_with('\n')
            && !after.starts_with("Candidate")
        {
            continue;
        }
        let mut value = written.split_whitespace().collect::<Vec<_>>().join(" ");
        // "Thanks to Kent Police": the name starts after the words that are no name.
        loop {
            let first = value.split(' ').next().unwrap_or("");
            let rest = value[first.len()..].trim_start();
            // "Officers and Audit Commission": a list's first item is no part of the name.
            let rest = rest
                .strip_prefix("and ")
                .or_else(|| rest.strip_prefix("& "))
                .unwrap_or(rest);
            if NOT_NAME_START.contains(&first) && rest.starts_with(|c: char| c.is_uppercase()) {
                value = rest.to_string();
            } else {
                break;
            }
        }
        let mut value = value.trim_end_matches(['.', ',']).to_string();
        if value.ends_with(" School") {
            match school(&value) {
                Some(v) => value = v,
                None => continue,
            }
        }
        let last = value.rsplit(' ').next().unwrap_or("");
        if matches!(last, "Party" | "Bank" | "Ireland" | "Wales" | "Cymru")
            && value
                .split(' ')
                .any(|w| NOT_OF_SHAPE.contains(&w) || NOT_OF_SHAPE_CY.contains(&w))
        {
            continue;
        }
        // "Aelodaeth Un Llais Cymru" (membership of One Voice Wales), "Grantiau Llywodraeth
        // Cymru": a national body's name is no part of a longer run of capitalised words.
        if matches!(last, "Wales" | "Cymru") {
            let before = text[..m.start()].trim_end_matches([' ', '\t']);
            let previous = before.rsplit([' ', '\t', '\n']).next().unwrap_or("");
            if !before.ends_with('\n')
                && previous.starts_with(|c: char| c.is_uppercase())
                && !previous.ends_with([',', '.', ';', ':'])
            {
                continue;
            }
        }
        // "Kent Association of Local Councils": the name goes on.
        let rest = text[m.end()..].trim_start_matches([' ', '\t']);
        if SUFFIX_KINDS.contains(&last)
            && rest
                .strip_prefix("of ")
                .is_some_and(|r| r.starts_with(|c: char| c.is_uppercase()))
        {
            continue;
        }
        // "a Housing Association", "the Community Trust": a kind, not a name.
        let kind_only = value.split(' ').count() == 2
            && value
                .split(' ')
                .next()
                .is_some_and(|w| KIND_WORDS.contains(&w));
        if kind_only && SUFFIX_KINDS.contains(&last) {
            continue;
        }
        if value.split(' ').count() < 2 && value != "HSE" {
            // "Police", "Limited" alone name no organisation.
            continue;
        }
        out.push((written.to_string(), value));
    }
    out
}

/// A school's own name out of the words before its type: the last school of a list
/// ("Limerick School Project and St. Pauls National School"), the school a body belongs to
/// ("Parents Council of Kilcornan National School"); `None` for a kind of school with no
/// name ("Primary School", "a Village Primary School", "Catholic Primary School").
fn school(value: &str) -> Option<String> {
    const NO_NAME: &[&str] = &[
        "Village",
        "Catholic",
        "Church",
        "Community",
        "Local",
        "Primary",
        "Secondary",
        "Special",
        "Infant",
        "Junior",
        "New",
        "Existing",
        "Rural",
        "Urban",
        "Small",
        "Large",
        "Nearest",
    ];
    let name = [" and ", " of ", " & "]
        .iter()
        .filter_map(|sep| value.rsplit_once(sep).map(|(_, s)| s))
        .min_by_key(|s| s.len())
        .unwrap_or(value);
    let words: Vec<&str> = name.split(' ').collect();
    (words.len() >= 3 && !NO_NAME.contains(&words[0])).then(|| name.to_string())
}

/// Whether the word after a name is its own initials ("Transport Infrastructure Ireland
/// TII monitored"): the name is whole, not the start of a longer one.
fn followed_by_initials(name: &str, after: &str) -> bool {
    let next: String = after
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    let initials: String = name
        .split_whitespace()
        .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
        .filter_map(|w| w.chars().next())
        .collect();
    next.len() >= 2 && next == initials
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        find(text).into_iter().map(|(_, v)| v).collect()
    }

    #[test]
    fn companies_by_their_legal_form_or_trade() {
        assert_eq!(
            values("Applicant: Derwent Holdings Ltd. Agent: AEW Architects, on behalf of Montagu Evans Limited."),
            ["Derwent Holdings Ltd", "AEW Architects", "Montagu Evans Limited"]
        );
    }

    #[test]
    fn public_bodies_by_the_words_of_their_names() {
        assert_eq!(
            values(
                "Thanks to Kent Police and Kent Fire and Rescue Service, with Kent and Medway \
                 Integrated Care Board, the West Midlands Combined Authority, An Garda Síochána \
                 and the HSE; an appeal to The Planning Inspectorate; the Department for \
                 Levelling Up, Housing and Communities."
            ),
            [
                "Kent Police",
                "Kent Fire and Rescue Service",
                "Kent and Medway Integrated Care Board",
                "West Midlands Combined Authority",
                "An Garda Síochána",
                "HSE",
                "Planning Inspectorate",
                "Department for Levelling Up, Housing and Communities"
            ]
        );
    }

    #[test]
    fn parties_banks_and_irish_state_bodies_by_their_last_word() {
        assert_eq!(
            values(
                "The Conservative and Unionist Party Candidate; Green Party; a Lloyds Bank \
                 statement; works by Gas Networks Ireland. Transport Infrastructure Ireland TII \
                 monitored it; a deputation from Glengurt National School. Limerick School \
                 Project and St. Pauls National School; a Village Primary School. The Working \
                 Party met at the Food \
                 Bank in Northern Ireland."
            ),
            [
                "Conservative and Unionist Party",
                "Green Party",
                "Lloyds Bank",
                "Gas Networks Ireland",
                "Transport Infrastructure Ireland",
                "Glengurt National School",
                "St. Pauls National School"
            ]
        );
    }

    #[test]
    fn groups_parties_charities_and_welsh_national_bodies() {
        assert_eq!(
            values(
                "Leader of the Labour Group; the Green & Independents Group; Liberal Democrats; \
                 a grant from the Big Lottery Fund to the Royal British Legion and the Cariad \
                 Heart Charity; One Voice Wales; auditors \
                 Strover-Leader & Co; the Kent Association of Local Councils; Civil Society; \
                 Gorllewin Cymru; Deddf Llywodraeth Cymru; Un Llais Cymru; Aelodaeth Un Llais \
                 Cymru; auditors \
                 Strover-Leader & Co. Visitors from South Wales met a Housing Association."
            ),
            [
                "Labour Group",
                "Green & Independents Group",
                "Liberal Democrats",
                "Big Lottery Fund",
                "Royal British Legion",
                "Cariad Heart Charity",
                "One Voice Wales",
                "Strover-Leader & Co",
                "Un Llais Cymru",
                "Strover-Leader & Co"
            ]
        );
    }

    #[test]
    fn plain_words_are_no_organisation() {
        assert!(
            values("The police attended. Limited progress was made by the council.").is_empty()
        );
    }
}
