//! One person, one name: the forms a paper gives a person's name (`Mr Oakford`,
//! `P J Oakford`, `Peter Oakford`) gathered into one person when the index's papers support
//! it, so that the person facet, the person filter, the person page and feeds agree.
//!
//! [`NameTable::build`] reads every value of the `person` field. Each form is cleaned
//! ([`clean`]: honorifics before the name and role words after it dropped, a forename
//! repeated after the surname dropped); a form that names a role rather than a person
//! (`Chief Executive`, `Leader of the Council`) is no person. Cleaned forms of one surname
//! are grouped: a form with forenames joins the one group whose forms all agree with it
//! ([`resolve::same_person`]: initials match forenames), else starts its own; a bare
//! surname (`Mr Oakford`) joins the group when there is exactly one, and is no one in
//! particular (left out of the facet) when two people share the surname. Each group is shown
//! under its fullest form (most forename letters). The table is built per council (the
//! council of the papers a form is seen in; papers of no known council are one more group):
//! two councils' `J Smith` are not one person, a bare `Mr Smith` joins the one Smith of
//! its own council whatever other councils hold, and a bare surname two people of one
//! council share is attributed to neither.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::index::SegmentId;
use tantivy::{DocAddress, DocId, Searcher, SegmentReader};

use crate::columns::SegmentColumns;
use crate::resolve::{fold, same_person, HONORIFICS};
use crate::{FacetCount, IndexError};

/// Words after a name that are a role, an honour or a party, not part of the name.
const TRAILING: &[&str] = &[
    "cllr",
    "councillor",
    "chair",
    "chairman",
    "chairwoman",
    "chairperson",
    "vice",
    "leader",
    "member",
    "mp",
    "obe",
    "mbe",
    "cbe",
    "kc",
    "qc",
    "jp",
    "dl",
    "con",
    "lab",
    "ld",
    "lib",
    "grn",
    "ind",
    "reform",
    "seconded",
    "seconder",
    "proposed",
    "proposer",
    "moved",
    "mover",
    "present",
    "substitute",
    "apologies",
    "absent",
];

/// Words that make a value a role or an organisation rather than a person's name.
const ROLE_WORDS: &[&str] = &[
    "chief",
    "executive",
    "director",
    "officer",
    "leader",
    "chair",
    "chairman",
    "head",
    "manager",
    "secretary",
    "clerk",
    "cabinet",
    "committee",
    "council",
    "member",
    "members",
    "deputy",
    "assistant",
    "corporate",
    "service",
    "services",
    "team",
    "portfolio",
    "the",
    "of",
    "and",
    "for",
    "mayor",
    "monitoring",
    "section",
    "democratic",
    "strategic",
];

/// A person's name form cleaned for grouping and display, or `None` when the value names a
/// role (or nothing name-like is left).
pub fn clean(form: &str) -> Option<String> {
    let mut words: Vec<&str> = form
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let lower = |w: &str| fold(w);
    while words.len() > 1 && HONORIFICS.contains(&lower(words[0]).as_str()) {
        words.remove(0);
    }
    while words.len() > 1 && TRAILING.contains(&lower(words[words.len() - 1]).as_str()) {
        words.pop();
    }
    // "Beverley Palmer Beverley", "David Naghi DavidNaghi": a table's next cell read on.
    if words.len() >= 3 {
        let last = lower(words[words.len() - 1]);
        let joined: String = words[..words.len() - 1].iter().map(|w| lower(w)).collect();
        if last == lower(words[0]) || last.replace(' ', "") == joined.replace(' ', "") {
            words.pop();
        }
    }
    if words.is_empty()
        || words
            .iter()
            .any(|w| ROLE_WORDS.contains(&lower(w).as_str()))
        || words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let surname = words[words.len() - 1];
    if surname.chars().count() < 2 || !surname.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    Some(words.join(" "))
}

/// The forenames' letters of a cleaned form (how much of the name it gives).
fn detail(cleaned: &str) -> (usize, usize) {
    let words: Vec<&str> = cleaned.split(' ').collect();
    let forenames = &words[..words.len() - 1];
    (
        forenames.iter().map(|w| w.chars().count()).sum(),
        forenames.len(),
    )
}

/// The people of one surname in one council: each with its shown name (its fullest form)
/// and the index forms of its cleaned forms. `cleaned` maps a cleaned form to the index
/// forms that clean to it. A form with forenames joins the one group whose forms all agree
/// with it, else starts its own; a bare surname joins the group when there is exactly one.
fn people_of_surname(cleaned: &HashMap<String, Vec<String>>) -> Vec<(String, Vec<String>)> {
    let mut full: Vec<&String> = cleaned.keys().filter(|c| c.contains(' ')).collect();
    // Most specific first, so that initials join the full name they agree with.
    full.sort_by(|a, b| detail(b).cmp(&detail(a)).then_with(|| a.cmp(b)));
    let mut groups: Vec<Vec<&String>> = Vec::new();
    for form in full {
        let fits: Vec<usize> = (0..groups.len())
            .filter(|&g| groups[g].iter().all(|m| same_person(m, form)))
            .collect();
        match fits.as_slice() {
            [g] => groups[*g].push(form),
            _ => groups.push(vec![form]),
        }
    }
    let mut bare: Vec<&String> = cleaned.keys().filter(|c| !c.contains(' ')).collect();
    bare.sort();
    match groups.len() {
        0 => groups.extend(bare.into_iter().map(|b| vec![b])),
        1 => groups[0].extend(bare),
        // Two people of the surname: a bare surname is neither.
        _ => {}
    }
    groups
        .into_iter()
        .map(|group| {
            // The fullest form names the person (groups are built most specific first).
            let name = group[0].clone();
            let mut forms: Vec<String> = group
                .iter()
                .flat_map(|c| cleaned[*c].iter().cloned())
                .collect();
            forms.sort();
            forms.dedup();
            (name, forms)
        })
        .collect()
}

/// A council's ordinal in a segment's `council` column (or none known) and a form's
/// ordinal in its `person` column.
type OrdPair = (Option<u64>, u64);

/// A pair of ordinals and the (council, form) values it stands for.
type NamedPair = (OrdPair, (String, String));

/// The people of an index: each name form's person within its council, and each
/// person's forms.
#[derive(Debug, Default, Clone)]
pub struct NameTable {
    /// The shown names, numbered (for [`NameTable::segments`]).
    people: Vec<String>,
    /// For each segment the table was read from ([`NameTable::of_index`]): the person
    /// number of each (council, form) pair of ordinals that names a person, so that
    /// counting sections by person reads no dictionary and compares no strings.
    segments: FxHashMap<SegmentId, FxHashMap<OrdPair, u32>>,
    /// (council, form as the index holds it) → the person's shown name; the council is ""
    /// for papers of no known council.
    person_of: HashMap<(String, String), String>,
    /// A form → the shown names it has in any council.
    by_form: HashMap<String, Vec<String>>,
    /// A person's shown name → the forms the index holds (in every council where a person
    /// of that name is).
    forms: HashMap<String, Vec<String>>,
}

impl NameTable {
    /// Groups the forms of the index's `person` values into people, council by council
    /// (see the module doc): `values` are `(council, form)`, the council "" when unknown.
    pub fn build<'a>(values: impl IntoIterator<Item = (&'a str, &'a str)>) -> NameTable {
        // Council → folded surname → cleaned form → the index forms that clean to it.
        type Cleaned = HashMap<String, Vec<String>>;
        let mut by_council: HashMap<&str, HashMap<String, Cleaned>> = HashMap::new();
        for (council, value) in values {
            let Some(cleaned) = clean(value) else {
                continue;
            };
            let surname = fold(cleaned.rsplit(' ').next().unwrap_or(&cleaned));
            let forms = by_council
                .entry(council)
                .or_default()
                .entry(surname)
                .or_default()
                .entry(cleaned)
                .or_default();
            if !forms.iter().any(|f| f == value) {
                forms.push(value.to_string());
            }
        }
        let mut table = NameTable::default();
        for (council, surnames) in by_council {
            for (_, cleaned) in surnames {
                for (name, forms) in people_of_surname(&cleaned) {
                    for form in &forms {
                        table
                            .person_of
                            .insert((council.to_string(), form.clone()), name.clone());
                        let names = table.by_form.entry(form.clone()).or_default();
                        if !names.contains(&name) {
                            names.push(name.clone());
                        }
                    }
                    let all = table.forms.entry(name).or_default();
                    all.extend(forms);
                    all.sort();
                    all.dedup();
                }
            }
        }
        table
    }

    /// Reads every `person` value of the index and groups them.
    ///
    /// Each document's council and people are read once, from the fast columns of its
    /// first section (sections of a document are consecutive in a segment and share its
    /// `document_key`, council and people). The table also keeps, for each segment, the
    /// person each pair of (council, form) ordinals names ([`NameTable::count`]).
    pub fn of_index(searcher: &Searcher) -> Result<NameTable, IndexError> {
        let mut pairs: BTreeSet<(String, String)> = BTreeSet::new();
        // Each segment's pairs of ordinals with the pair of values they stand for.
        let mut by_segment: Vec<(SegmentId, Vec<NamedPair>)> = Vec::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let Some(person) = fast.str("person")? else {
                continue;
            };
            let council = fast.str("council")?;
            let keys = fast
                .u64("document_key")
                .ok()
                .map(|c| c.first_or_default_col(0));
            let mut ords: FxHashSet<OrdPair> = FxHashSet::default();
            let mut last_key = None;
            let alive = segment.alive_bitset();
            for doc in 0..segment.max_doc() {
                if alive.is_some_and(|a| a.is_deleted(doc)) {
                    continue;
                }
                let key = keys.as_ref().map(|k| k.get_val(doc)).filter(|&k| k != 0);
                if key.is_some() && key == last_key {
                    continue;
                }
                last_key = key;
                let c = council.as_ref().and_then(|c| c.term_ords(doc).next());
                for p in person.term_ords(doc) {
                    ords.insert((c, p));
                }
            }
            let person_names = ord_terms(&person, ords.iter().map(|&(_, p)| p))?;
            let council_names = match &council {
                Some(c) => ord_terms(c, ords.iter().filter_map(|&(c, _)| c))?,
                None => HashMap::new(),
            };
            let mut named = Vec::with_capacity(ords.len());
            for (c, p) in ords {
                let council = c
                    .and_then(|c| council_names.get(&c).cloned())
                    .unwrap_or_default();
                if let Some(form) = person_names.get(&p) {
                    pairs.insert((council.clone(), form.clone()));
                    named.push(((c, p), (council, form.clone())));
                }
            }
            by_segment.push((segment.segment_id(), named));
        }
        let mut table = NameTable::build(pairs.iter().map(|(c, f)| (c.as_str(), f.as_str())));
        let mut numbers: FxHashMap<String, u32> = FxHashMap::default();
        for (id, named) in by_segment {
            let mut map = FxHashMap::default();
            for (ords, (council, form)) in named {
                let Some(name) = table.person_of(&council, &form) else {
                    continue;
                };
                let next = table.people.len() as u32;
                let number = *numbers.entry(name.to_string()).or_insert(next);
                if number == next {
                    table.people.push(name.to_string());
                }
                map.insert(ords, number);
            }
            table.segments.insert(id, map);
        }
        Ok(table)
    }

    /// The person a form (as the index holds it) names in papers of `council` ("" for none
    /// known): their shown name, or `None` for a role or a surname two people share.
    pub fn person_of(&self, council: &str, form: &str) -> Option<&str> {
        self.person_of
            .get(&(council.to_string(), form.to_string()))
            .map(String::as_str)
    }

    /// The forms the index holds of a person's shown name (empty when `name` is none).
    pub fn forms(&self, name: &str) -> &[String] {
        self.forms.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The index forms a person filter value stands for: the forms of the person it names
    /// (as a shown name or as one of the forms), if it names one.
    pub fn forms_for(&self, value: &str) -> Option<Vec<String>> {
        let names: Vec<&str> = if let Some((k, _)) = self.forms.get_key_value(value) {
            vec![k.as_str()]
        } else if let Some(names) = self.by_form.get(value) {
            names.iter().map(String::as_str).collect()
        } else {
            let wanted = fold(value);
            let by_name: Vec<&str> = self
                .forms
                .keys()
                .filter(|k| fold(k) == wanted)
                .map(String::as_str)
                .collect();
            if by_name.is_empty() {
                // `Mr Oakford` for the index's `Oakford`: compared cleaned and folded.
                let wanted = fold(&clean(value)?);
                self.by_form
                    .iter()
                    .filter(|(form, _)| clean(form).is_some_and(|c| fold(&c) == wanted))
                    .flat_map(|(_, names)| names.iter().map(String::as_str))
                    .collect()
            } else {
                by_name
            }
        };
        let mut forms: Vec<String> = names
            .into_iter()
            .flat_map(|n| self.forms(n).iter().cloned())
            .collect();
        forms.sort();
        forms.dedup();
        (!forms.is_empty()).then_some(forms)
    }

    /// Counts the given sections by person (each person once per section, whatever forms
    /// its paper uses; a form is the person it names in the section's council), most first,
    /// at most `max` people. People of two councils who go by the same name are counted
    /// under that one name. `columns` are the searcher's segments' open columns, by
    /// segment ordinal.
    pub fn count(
        &self,
        searcher: &Searcher,
        columns: &[Arc<SegmentColumns>],
        sections: &[DocAddress],
        max: usize,
    ) -> Result<Vec<FacetCount>, IndexError> {
        let mut by_segment: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        for a in sections {
            by_segment.entry(a.segment_ord).or_default().push(a.doc_id);
        }
        let mut counter = PersonCounter::new(self);
        for (segment, mut docs) in by_segment {
            if let Some(cols) = columns.get(segment as usize) {
                docs.sort_unstable();
                counter.add(searcher.segment_reader(segment), cols, &docs)?;
            }
        }
        Ok(counter.finish(max))
    }

    /// Counts sections of one segment by person through the values of their ordinals.
    fn count_by_value(
        &self,
        columns: &SegmentColumns,
        docs: &[u32],
        counts: &mut HashMap<String, u64>,
    ) -> Result<(), IndexError> {
        let Some(column) = columns.person() else {
            return Ok(());
        };
        let council = columns.council();
        let per_doc: Vec<(Option<u64>, Vec<u64>)> = docs
            .iter()
            .map(|&d| {
                let c = council.and_then(|c| c.term_ords(d).next());
                (c, column.term_ords(d).collect())
            })
            .collect();
        let forms = ord_terms(column, per_doc.iter().flat_map(|(_, p)| p.iter().copied()))?;
        let councils = match council {
            Some(c) => ord_terms(c, per_doc.iter().filter_map(|&(c, _)| c))?,
            None => HashMap::new(),
        };
        for (c, ords) in per_doc {
            let council = c.and_then(|c| councils.get(&c)).map_or("", String::as_str);
            let people: HashSet<&str> = ords
                .iter()
                .filter_map(|o| self.person_of(council, forms.get(o)?))
                .collect();
            for person in people {
                *counts.entry(person.to_string()).or_insert(0) += 1;
            }
        }
        Ok(())
    }
}

/// Sections counted by person, segment by segment ([`NameTable::count`],
/// [`crate::facets::count_matches`]).
pub struct PersonCounter<'a> {
    table: &'a NameTable,
    /// By person number ([`NameTable::segments`]).
    numbered: FxHashMap<u32, u64>,
    /// By shown name (segments the table was not read from).
    named: HashMap<String, u64>,
}

impl<'a> PersonCounter<'a> {
    /// Nothing counted yet.
    pub fn new(table: &'a NameTable) -> PersonCounter<'a> {
        PersonCounter {
            table,
            numbered: FxHashMap::default(),
            named: HashMap::new(),
        }
    }

    /// Counts the sections `docs` (increasing) of one segment, its columns open. The
    /// sections of one document share its council and people: a run of them (the same
    /// document key) is looked up once.
    pub fn add(
        &mut self,
        segment: &SegmentReader,
        columns: &SegmentColumns,
        docs: &[DocId],
    ) -> Result<(), IndexError> {
        let Some(column) = columns.person() else {
            return Ok(());
        };
        let Some(map) = self.table.segments.get(&segment.segment_id()) else {
            // A segment the table was not read from (a table built from values).
            return self.table.count_by_value(columns, docs, &mut self.named);
        };
        let mut people: Vec<u32> = Vec::new();
        let mut last_key = None;
        for &doc in docs {
            let key = columns
                .document_key
                .as_ref()
                .and_then(|c| c.first(doc))
                .filter(|&k| k != 0);
            if key.is_none() || key != last_key {
                last_key = key;
                let c = columns.council().and_then(|c| c.term_ords(doc).next());
                people.clear();
                people.extend(column.term_ords(doc).filter_map(|p| map.get(&(c, p))));
                people.sort_unstable();
                people.dedup();
            }
            for &p in &people {
                *self.numbered.entry(p).or_insert(0) += 1;
            }
        }
        Ok(())
    }

    /// The people counted, most first (ties by name), at most `max`.
    pub fn finish(self, max: usize) -> Vec<FacetCount> {
        let mut named = self.named;
        for (number, n) in self.numbered {
            *named
                .entry(self.table.people[number as usize].clone())
                .or_insert(0) += n;
        }
        let mut list: Vec<FacetCount> = named
            .into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect();
        list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        list.truncate(max);
        list
    }
}

/// The terms of some ordinals of a string column, by ordinal.
fn ord_terms(
    column: &tantivy::columnar::StrColumn,
    ords: impl Iterator<Item = u64>,
) -> Result<HashMap<u64, String>, IndexError> {
    let ords: Vec<u64> = ords.collect::<BTreeSet<u64>>().into_iter().collect();
    let mut terms = HashMap::with_capacity(ords.len());
    let mut next = ords.iter();
    column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
        if let Some(&ord) = next.next() {
            terms.insert(ord, String::from_utf8_lossy(bytes).into_owned());
        }
    })?;
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_trailing_role_words_are_not_names() {
        assert_eq!(clean("Mr P J Oakford").as_deref(), Some("P J Oakford"));
        assert_eq!(
            clean("Helen Whitehead Cllr").as_deref(),
            Some("Helen Whitehead")
        );
        assert_eq!(
            clean("Beverley Palmer Beverley").as_deref(),
            Some("Beverley Palmer")
        );
        assert_eq!(
            clean("David Naghi DavidNaghi").as_deref(),
            Some("David Naghi")
        );
        assert_eq!(clean("Roger Gough Leader").as_deref(), Some("Roger Gough"));
        assert_eq!(
            clean("Alister Brady Seconder").as_deref(),
            Some("Alister Brady")
        );
        assert_eq!(
            clean("Jackie Meade Proposer").as_deref(),
            Some("Jackie Meade")
        );
        assert_eq!(
            clean("Alister Brady Seconded").as_deref(),
            Some("Alister Brady")
        );
        assert_eq!(clean("Chief Executive"), None);
        assert_eq!(clean("Leader of the Council"), None);
        assert_eq!(clean("Corporate Director Finance"), None);
        assert_eq!(clean("Mr Oakford").as_deref(), Some("Oakford"));
    }

    /// A table of one council's forms.
    fn one_council<'a>(forms: impl IntoIterator<Item = &'a str>) -> NameTable {
        NameTable::build(forms.into_iter().map(|f| ("Kent County Council", f)))
    }

    #[test]
    fn forms_of_one_person_are_one_and_two_people_stay_apart() {
        let t = one_council([
            "Mr Oakford",
            "P J Oakford",
            "Peter Oakford",
            "N Baker",
            "Mr Baker",
            "Rory Baker",
            "Neil Baker",
            "Chief Executive",
            "Jeffrey",
            "D Jeffrey",
        ]);
        let kent = |form| t.person_of("Kent County Council", form);
        assert_eq!(kent("Mr Oakford"), Some("Peter Oakford"));
        assert_eq!(kent("P J Oakford"), Some("Peter Oakford"));
        assert_eq!(
            t.forms("Peter Oakford"),
            ["Mr Oakford", "P J Oakford", "Peter Oakford"]
        );
        // Two Bakers: N Baker is Neil; a bare "Mr Baker" is neither.
        assert_eq!(kent("N Baker"), Some("Neil Baker"));
        assert_eq!(kent("Rory Baker"), Some("Rory Baker"));
        assert_eq!(kent("Mr Baker"), None);
        assert_eq!(kent("Chief Executive"), None);
        assert_eq!(kent("Jeffrey"), Some("D Jeffrey"));
        let mut forms = t.forms_for("peter oakford").unwrap();
        forms.sort();
        assert_eq!(forms, ["Mr Oakford", "P J Oakford", "Peter Oakford"]);
        assert_eq!(t.forms_for("Mr Oakford").unwrap().len(), 3);
        assert_eq!(t.forms_for("Cllr P. J. Oakford").unwrap().len(), 3);
        assert!(t.forms_for("Mr Baker").is_none());
    }

    #[test]
    fn initials_agreeing_with_two_people_join_neither() {
        let t = one_council(["Peter Smith", "Paul Smith", "P Smith"]);
        let kent = |form| t.person_of("Kent County Council", form);
        assert_eq!(kent("Peter Smith"), Some("Peter Smith"));
        assert_eq!(kent("Paul Smith"), Some("Paul Smith"));
        assert_eq!(kent("P Smith"), Some("P Smith"));
    }

    #[test]
    fn two_councils_sharing_a_surname_and_initial_are_two_people() {
        // Kent's J Smith is John; Merton's is Jane. Index-wide, `J Smith` would join
        // whichever full name agrees and the bare `Mr Smith` would join them all.
        let t = NameTable::build([
            ("Kent County Council", "John Smith"),
            ("Kent County Council", "J Smith"),
            ("Kent County Council", "Mr Smith"),
            ("Merton Council", "Jane Smith"),
            ("Merton Council", "J Smith"),
            ("Merton Council", "Ms Smith"),
            ("", "Jack Smith"),
        ]);
        assert_eq!(
            t.person_of("Kent County Council", "J Smith"),
            Some("John Smith")
        );
        assert_eq!(
            t.person_of("Kent County Council", "Mr Smith"),
            Some("John Smith")
        );
        assert_eq!(t.person_of("Merton Council", "J Smith"), Some("Jane Smith"));
        assert_eq!(
            t.person_of("Merton Council", "Ms Smith"),
            Some("Jane Smith")
        );
        assert_eq!(t.person_of("", "Jack Smith"), Some("Jack Smith"));
        // A form seen in one council names no one in another.
        assert_eq!(t.person_of("Merton Council", "John Smith"), None);
        assert_eq!(t.forms("John Smith"), ["J Smith", "John Smith", "Mr Smith"]);
        assert_eq!(t.forms("Jane Smith"), ["J Smith", "Jane Smith", "Ms Smith"]);
        // The person filter by a shown name takes that person's forms only.
        assert_eq!(
            t.forms_for("Jane Smith").unwrap(),
            ["J Smith", "Jane Smith", "Ms Smith"]
        );
    }
}
