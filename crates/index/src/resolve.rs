//! Forgiving filters: a council, body or person filter matches the index's values
//! regardless of case, accents, punctuation and the usual variants (`kent county council`
//! finds `Kent County Council`; `Mr Oakford` finds `Peter Oakford` and `P J Oakford`), and
//! a value that matches nothing says so, with the nearest value there is.
//!
//! Values are compared in their [`fold`]ed form; a person also matches the forms of the same
//! name ([`same_person`]: same surname, compatible forenames or initials).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use tantivy::schema::Field;
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer};
use tantivy::Searcher;

use crate::IndexError;

/// Reads a many-valued filter given as one value or a list (`"Kent County Council"` or
/// `["Kent County Council", "Medway Council"]`), so requests and saved searches written
/// with a single value keep working.
pub fn one_or_many<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<T>),
        One(T),
        None(()),
    }
    Ok(match OneOrMany::<T>::deserialize(deserializer)? {
        OneOrMany::Many(v) => v,
        OneOrMany::One(v) => vec![v],
        OneOrMany::None(()) => Vec::new(),
    })
}

/// Which filter a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FilterKind {
    /// The council filter.
    Council,
    /// The meeting body filter.
    Body,
    /// The person filter.
    Person,
}

/// A filter value that matched no value in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterNotice {
    /// Which filter.
    pub filter: FilterKind,
    /// The value as given.
    pub value: String,
    /// The nearest value the index holds, if any.
    pub suggestion: Option<String>,
}

/// Words that come before a name and are not part of it (titles, `Cllr`, `County`).
pub(crate) const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "cllr",
    "cllrs",
    "councillor",
    "county",
    "sir",
    "dame",
    "lord",
    "lady",
    "professor",
    "prof",
    "rev",
    "revd",
];

/// Lower case, accents folded, punctuation as spaces, one space between words; a leading
/// "the" dropped (`"The Cabinet"` and `cabinet` are the same).
pub fn fold(text: &str) -> String {
    let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut words: Vec<String> = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        words.push(stream.token().text.clone());
    }
    if words.first().is_some_and(|w| w == "the") && words.len() > 1 {
        words.remove(0);
    }
    words.join(" ")
}

/// The words of a person's name without honorifics (`Mr P. J. Oakford` → `p j oakford`).
fn name_words(name: &str) -> Vec<String> {
    let folded = fold(name);
    let mut words: Vec<String> = folded.split(' ').map(str::to_string).collect();
    while words.len() > 1 && HONORIFICS.contains(&words[0].as_str()) {
        words.remove(0);
    }
    words
}

/// Whether two name forms can be one person: the same surname, and forenames that agree
/// where both give them (`Mr Oakford`, `P J Oakford` and `Peter Oakford` can; `Peter
/// Oakford` and `Jane Oakford` cannot; `P Oakford` and `R Oakford` cannot).
pub fn same_person(a: &str, b: &str) -> bool {
    let (a, b) = (name_words(a), name_words(b));
    let (Some((sa, fa)), Some((sb, fb))) = (a.split_last(), b.split_last()) else {
        return false;
    };
    if sa != sb || sa.is_empty() {
        return false;
    }
    fa.iter().zip(fb.iter()).all(|(x, y)| {
        if x.len() == 1 || y.len() == 1 {
            x.chars().next() == y.chars().next()
        } else {
            x == y
        }
    })
}

/// Every distinct value of an exact field in the index.
pub fn values(searcher: &Searcher, field: Field) -> Result<BTreeSet<String>, IndexError> {
    let mut out = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field)?;
        let mut stream = index.terms().stream()?;
        while stream.advance() {
            out.insert(String::from_utf8_lossy(stream.key()).into_owned());
        }
    }
    Ok(out)
}

/// The index values a filter value stands for (`Err` with the nearest value when none).
pub fn resolve(
    values: &BTreeSet<String>,
    value: &str,
    kind: FilterKind,
) -> Result<Vec<String>, Option<String>> {
    if values.contains(value) {
        return Ok(vec![value.to_string()]);
    }
    let wanted = fold(value);
    let mut found: Vec<String> = values
        .iter()
        .filter(|v| fold(v) == wanted)
        .cloned()
        .collect();
    if found.is_empty() && kind == FilterKind::Person {
        let forms: Vec<&String> = values.iter().filter(|v| same_person(v, value)).collect();
        // "Mr Oakford" is no one in particular when two Oakfords differ.
        let people_apart = forms
            .iter()
            .any(|a| forms.iter().any(|b| !same_person(a, b)));
        if !people_apart {
            found = forms.into_iter().cloned().collect();
        }
    }
    if found.is_empty() {
        return Err(nearest(values, &wanted));
    }
    Ok(found)
}

/// The value whose folded form is nearest `wanted` (edit distance), when near enough.
fn nearest(values: &BTreeSet<String>, wanted: &str) -> Option<String> {
    let mut best: Option<(usize, &String)> = None;
    for v in values {
        let f = fold(v);
        let d = if f.contains(wanted) || wanted.contains(f.as_str()) {
            f.len().abs_diff(wanted.len()).min(wanted.len() / 2)
        } else {
            edit_distance(&f, wanted)
        };
        if best.is_none_or(|(b, _)| d < b) {
            best = Some((d, v));
        }
    }
    best.filter(|(d, _)| *d <= wanted.chars().count() / 2 + 1)
        .map(|(_, v)| v.clone())
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_reads_one_value_a_list_or_null() {
        #[derive(Deserialize)]
        struct R {
            #[serde(default, deserialize_with = "one_or_many")]
            council: Vec<String>,
        }
        let read = |json: &str| serde_json::from_str::<R>(json).unwrap().council;
        assert_eq!(read(r#"{"council": "Kent"}"#), ["Kent"]);
        assert_eq!(
            read(r#"{"council": ["Kent", "Medway"]}"#),
            ["Kent", "Medway"]
        );
        assert!(read(r#"{"council": null}"#).is_empty());
        assert!(read("{}").is_empty());
    }

    fn set(v: &[&str]) -> BTreeSet<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn case_accents_and_punctuation_do_not_matter() {
        let v = set(&["Kent County Council", "Ynys Môn Council"]);
        assert_eq!(
            resolve(&v, "kent county council", FilterKind::Council),
            Ok(vec!["Kent County Council".to_string()])
        );
        assert_eq!(
            resolve(&v, "ynys mon council", FilterKind::Council),
            Ok(vec!["Ynys Môn Council".to_string()])
        );
        assert_eq!(
            resolve(&v, "Kent Country Council", FilterKind::Council),
            Err(Some("Kent County Council".to_string()))
        );
        assert_eq!(resolve(&v, "Zzzz", FilterKind::Council), Err(None));
    }

    #[test]
    fn name_forms_of_one_person_match_and_two_people_stay_apart() {
        let v = set(&[
            "P J Oakford",
            "Peter Oakford",
            "Dan Watkins",
            "N Baker",
            "R Baker",
        ]);
        let mut found = resolve(&v, "Mr Oakford", FilterKind::Person).unwrap();
        found.sort();
        assert_eq!(found, ["P J Oakford", "Peter Oakford"]);
        assert_eq!(
            resolve(&v, "D Watkins", FilterKind::Person),
            Ok(vec!["Dan Watkins".to_string()])
        );
        // Two Bakers: "Mr Baker" is unsure.
        assert!(resolve(&v, "Mr Baker", FilterKind::Person).is_err());
        assert!(!same_person("Peter Oakford", "Jane Oakford"));
    }
}
