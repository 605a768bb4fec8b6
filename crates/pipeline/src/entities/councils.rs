//! Councils: the names the text writes in full (the gazetteer's places, any "X County
//! Council", official forms such as "London Borough of Hackney", Welsh names such as "Cyngor
//! Cymuned Manordeilo a Salem"), and the council the paper names as its own (its officers'
//! email domain, the council that gives notice, its cover, its letterhead), never one it only
//! mentions.

use super::*;

/// A council's official name in the form "TYPE of PLACE" ("London Borough of Hackney", "Royal
/// Borough of Kensington and Chelsea"); only types that name a council, not an area ("the
/// City of Cambridge", "the County of Kent").
pub(super) static OFFICIAL_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(London Borough|Royal Borough|Metropolitan Borough|County Borough|City and County) of ([A-Z][a-z'’]+(?:[ -](?:upon |on |under |le |and )?[A-Z][a-z'’]+){0,4})").unwrap()
});

/// The official forms of council names the text states, each with the council the
/// gazetteer knows by it: ("London Borough of Hackney", "Hackney Council"). The place is the
/// longest run of first words the gazetteer knows ("Hackney" in "London Borough of Hackney
/// Town Hall"); a place it does not know is no council.
pub(super) fn official_forms(text: &str) -> Vec<(String, String)> {
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
pub(super) static WELSH_COUNCIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[CG]yngor\s+(?:Cymuned|Tref|Sir|Bwrdeistref\s+Sirol|Dinas(?:\s+a\s+Sir)?)\s+[A-Z][\w'’-]+(?:\s+(?:a|ac|A|Ac)\s+[A-Z][\w'’-]+|[ \t]+[A-Z][\w'’-]+){0,3}").unwrap()
});

/// The Welsh councils the text names (also on lines in capitals), as written, each a
/// council entity.
pub(super) fn welsh_councils(text: &str, found: &mut Found) -> Vec<String> {
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
pub(super) fn welsh_cover_council(cover: &str, welsh: &[String]) -> Option<String> {
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
pub(super) fn municipal_letterhead(text: &str) -> Option<String> {
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
pub(super) const MEETING_OF_COUNCIL: &[&str] = &[
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
pub(super) fn council_of_meeting(doc: &Document) -> Option<String> {
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

/// The longest run of last words of `place` that is a place of the gazetteer, when the
/// whole of it is not one ("That Trafford" → "Trafford").
pub(super) fn known_tail(place: &str) -> Option<&str> {
    if GAZETTEER.places.contains_key(place) {
        return Some(place);
    }
    place
        .match_indices(' ')
        .map(|(i, _)| &place[i + 1..])
        .find(|tail| GAZETTEER.places.contains_key(*tail))
}

/// Council names written in full in the text (gazetteer places or any "X County Council").
pub(super) fn councils(text: &str, found: &mut Found) -> Vec<String> {
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
pub(super) fn publishing_council(text: &str, found: &Found, named: &[String]) -> Option<String> {
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
pub(super) fn council_of_cover_type(head: &str, named: &[String]) -> Option<String> {
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
pub(super) fn squashed(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The council types a name ends with, longest first.
pub(super) const COUNCIL_TYPES: [&str; 10] = [
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
pub(super) fn abbreviates(label: &str, name: &str) -> bool {
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
