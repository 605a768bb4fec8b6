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
//! under its fullest form (most forename letters). The table is index-wide: two people of
//! one surname in different councils keep apart because their forenames disagree, and a
//! bare surname shared by two is attributed to neither.

use std::collections::{BTreeSet, HashMap, HashSet};

use tantivy::{DocAddress, Searcher};

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
    "proposed",
    "moved",
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

/// The people of an index: each name form's person, and each person's forms.
#[derive(Debug, Default, Clone)]
pub struct NameTable {
    /// A form (as the index holds it) → the person's shown name.
    person_of: HashMap<String, String>,
    /// A person's shown name → the forms the index holds.
    forms: HashMap<String, Vec<String>>,
}

impl NameTable {
    /// Groups the forms of the index's `person` values into people (see the module doc).
    pub fn build<'a>(values: impl IntoIterator<Item = &'a str>) -> NameTable {
        // Cleaned form → the index forms that clean to it, by folded surname.
        let mut by_surname: HashMap<String, HashMap<String, Vec<String>>> = HashMap::new();
        for value in values {
            let Some(cleaned) = clean(value) else {
                continue;
            };
            let surname = fold(cleaned.rsplit(' ').next().unwrap_or(&cleaned));
            by_surname
                .entry(surname)
                .or_default()
                .entry(cleaned)
                .or_default()
                .push(value.to_string());
        }
        let mut table = NameTable::default();
        for (_, cleaned) in by_surname {
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
            let bare: Vec<&String> = cleaned.keys().filter(|c| !c.contains(' ')).collect();
            match groups.len() {
                0 => groups.extend(bare.into_iter().map(|b| vec![b])),
                1 => groups[0].extend(bare),
                // Two people of the surname: a bare surname is neither.
                _ => {}
            }
            for group in groups {
                // The fullest form names the person (groups are built most specific first).
                let name = group[0].clone();
                let mut forms: Vec<String> = group
                    .iter()
                    .flat_map(|c| cleaned[*c].iter().cloned())
                    .collect();
                forms.sort();
                forms.dedup();
                for form in &forms {
                    table.person_of.insert(form.clone(), name.clone());
                }
                table.forms.insert(name, forms);
            }
        }
        table
    }

    /// Reads every `person` value of the index and groups them.
    pub fn of_index(
        searcher: &Searcher,
        field: tantivy::schema::Field,
    ) -> Result<NameTable, IndexError> {
        let values = crate::resolve::values(searcher, field)?;
        Ok(NameTable::build(values.iter().map(String::as_str)))
    }

    /// The person a form (as the index holds it) names: their shown name, or `None` for a
    /// role or a surname two people share.
    pub fn person_of(&self, form: &str) -> Option<&str> {
        self.person_of.get(form).map(String::as_str)
    }

    /// The forms the index holds of a person's shown name (empty when `name` is none).
    pub fn forms(&self, name: &str) -> &[String] {
        self.forms.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The index forms a person filter value stands for: the forms of the person it names
    /// (as a shown name or as one of the forms), if it names one.
    pub fn forms_for(&self, value: &str) -> Option<Vec<String>> {
        let name = self
            .forms
            .get_key_value(value)
            .map(|(k, _)| k.as_str())
            .or_else(|| self.person_of(value))
            .or_else(|| {
                let wanted = fold(value);
                self.forms
                    .keys()
                    .find(|k| fold(k) == wanted)
                    .map(String::as_str)
            })
            .or_else(|| {
                // `Mr Oakford` for the index's `Oakford`: compared cleaned and folded.
                let wanted = fold(&clean(value)?);
                self.person_of
                    .iter()
                    .find(|(form, _)| clean(form).is_some_and(|c| fold(&c) == wanted))
                    .map(|(_, name)| name.as_str())
            })?;
        Some(self.forms(name).to_vec())
    }

    /// Counts the given sections by person (each person once per section, whatever forms
    /// its paper uses), most first, at most `max` people.
    pub fn count(
        &self,
        searcher: &Searcher,
        sections: &[DocAddress],
        max: usize,
    ) -> Result<Vec<FacetCount>, IndexError> {
        let mut by_segment: HashMap<u32, Vec<u32>> = HashMap::new();
        for a in sections {
            by_segment.entry(a.segment_ord).or_default().push(a.doc_id);
        }
        let mut counts: HashMap<&str, u64> = HashMap::new();
        for (segment, docs) in by_segment {
            let Some(column) = searcher
                .segment_reader(segment)
                .fast_fields()
                .str("person")?
            else {
                continue;
            };
            let per_doc: Vec<Vec<u64>> = docs
                .iter()
                .map(|&d| column.term_ords(d).collect())
                .collect();
            let ords: Vec<u64> = per_doc
                .iter()
                .flatten()
                .copied()
                .collect::<BTreeSet<u64>>()
                .into_iter()
                .collect();
            let mut names: HashMap<u64, &str> = HashMap::new();
            let mut next = ords.iter();
            column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                if let Some(&ord) = next.next() {
                    if let Some(name) = self.person_of(&String::from_utf8_lossy(bytes)) {
                        names.insert(ord, name);
                    }
                }
            })?;
            for ords in per_doc {
                let people: HashSet<&str> =
                    ords.iter().filter_map(|o| names.get(o).copied()).collect();
                for person in people {
                    *counts.entry(person).or_insert(0) += 1;
                }
            }
        }
        let mut list: Vec<FacetCount> = counts
            .into_iter()
            .map(|(value, count)| FacetCount {
                value: value.to_string(),
                count,
            })
            .collect();
        list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        list.truncate(max);
        Ok(list)
    }
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
            clean("Alister Brady Seconded").as_deref(),
            Some("Alister Brady")
        );
        assert_eq!(clean("Chief Executive"), None);
        assert_eq!(clean("Leader of the Council"), None);
        assert_eq!(clean("Corporate Director Finance"), None);
        assert_eq!(clean("Mr Oakford").as_deref(), Some("Oakford"));
    }

    #[test]
    fn forms_of_one_person_are_one_and_two_people_stay_apart() {
        let t = NameTable::build([
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
        assert_eq!(t.person_of("Mr Oakford"), Some("Peter Oakford"));
        assert_eq!(t.person_of("P J Oakford"), Some("Peter Oakford"));
        assert_eq!(
            t.forms("Peter Oakford"),
            ["Mr Oakford", "P J Oakford", "Peter Oakford"]
        );
        // Two Bakers: N Baker is Neil; a bare "Mr Baker" is neither.
        assert_eq!(t.person_of("N Baker"), Some("Neil Baker"));
        assert_eq!(t.person_of("Rory Baker"), Some("Rory Baker"));
        assert_eq!(t.person_of("Mr Baker"), None);
        assert_eq!(t.person_of("Chief Executive"), None);
        assert_eq!(t.person_of("Jeffrey"), Some("D Jeffrey"));
        let mut forms = t.forms_for("peter oakford").unwrap();
        forms.sort();
        assert_eq!(forms, ["Mr Oakford", "P J Oakford", "Peter Oakford"]);
        assert_eq!(t.forms_for("Mr Oakford").unwrap().len(), 3);
        assert_eq!(t.forms_for("Cllr P. J. Oakford").unwrap().len(), 3);
        assert!(t.forms_for("Mr Baker").is_none());
    }

    #[test]
    fn initials_agreeing_with_two_people_join_neither() {
        let t = NameTable::build(["Peter Smith", "Paul Smith", "P Smith"]);
        assert_eq!(t.person_of("Peter Smith"), Some("Peter Smith"));
        assert_eq!(t.person_of("Paul Smith"), Some("Paul Smith"));
        assert_eq!(t.person_of("P Smith"), Some("P Smith"));
    }
}
