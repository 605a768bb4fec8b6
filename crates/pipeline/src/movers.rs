//! Proposers and seconders by the name the paper gives them in full.
//!
//! Minutes name a mover as briefly as the room did ("Mr Hood proposed, and Mr Lewis
//! seconded"), while the attendance list names the same member in full ("Mr M A J Hood").
//! A mover written by surname alone (or initials and surname) becomes the fuller form of a
//! person the paper names, when exactly one person of the paper fits it (same surname,
//! compatible initials); otherwise it stays as printed: two members who share a surname
//! are never merged.

use council_model::{Document, EntityKind};

/// Titles before a name, dropped when comparing.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "cllr",
    "councillor",
    "county",
];

/// The words of a name without titles or dots, lower case.
fn words(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == '.')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .skip_while(|w| TITLES.contains(&w.as_str()))
        .collect()
}

/// Whether `full` (more words) can be the person `short` names: the same surname, and each
/// of `short`'s forenames or initials the start of one of `full`'s, in order.
fn fits(short: &[String], full: &[String]) -> bool {
    let (Some(surname), Some(last)) = (short.last(), full.last()) else {
        return false;
    };
    if surname != last || full.len() <= short.len() {
        return false;
    }
    let mut forenames = full[..full.len() - 1].iter();
    short[..short.len() - 1]
        .iter()
        .all(|s| forenames.any(|f| f.starts_with(s.as_str())))
}

/// The fuller form of `name` among the paper's people, when exactly one fits.
fn fuller(name: &str, people: &[(String, Vec<String>)]) -> Option<String> {
    let short = words(name);
    if short.is_empty() {
        return None;
    }
    let mut found: Option<&str> = None;
    for (value, full) in people {
        if fits(&short, full) {
            match found {
                Some(v) if v != value => return None,
                _ => found = Some(value),
            }
        }
    }
    found.map(str::to_string)
}

/// Gives each decision's proposer and seconder the fuller name the paper gives them (see
/// the module doc).
pub fn full_names(doc: &mut Document) {
    let people: Vec<(String, Vec<String>)> = doc
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .map(|e| (e.value.clone(), words(&e.value)))
        .collect();
    for d in &mut doc.decisions {
        for slot in [&mut d.proposer, &mut d.seconder] {
            if let Some(full) = slot.as_deref().and_then(|n| fuller(n, &people)) {
                *slot = Some(full);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use council_model::{Decision, DecisionKind, Entity};

    fn person(value: &str) -> Entity {
        Entity {
            kind: EntityKind::Person,
            text: value.into(),
            value: value.into(),
            role: None,
        }
    }

    #[test]
    fn a_mover_by_surname_is_the_one_member_of_that_name() {
        let mut doc = Document {
            entities: vec![
                person("M A J Hood"),
                person("Barry Lewis"),
                person("Dan Watkins"),
                person("Derek Watkins"),
            ],
            decisions: vec![Decision {
                kind: DecisionKind::Amendment,
                label: None,
                text: "Allocate up to £75k".into(),
                proposer: Some("Hood".into()),
                seconder: Some("Mr Lewis".into()),
                outcome: None,
                votes: None,
            }],
            ..Document::default()
        };
        full_names(&mut doc);
        let d = &doc.decisions[0];
        assert_eq!(d.proposer.as_deref(), Some("M A J Hood"));
        assert_eq!(d.seconder.as_deref(), Some("Barry Lewis"));
        // Two members called Watkins: which one is not said.
        doc.decisions[0].proposer = Some("Watkins".into());
        full_names(&mut doc);
        assert_eq!(doc.decisions[0].proposer.as_deref(), Some("Watkins"));
        // Initials narrow it: "D Watkins" is still either; "Dan Watkins" is one.
        doc.decisions[0].proposer = Some("Dan Watkins".into());
        full_names(&mut doc);
        assert_eq!(doc.decisions[0].proposer.as_deref(), Some("Dan Watkins"));
        // A different initial is another person.
        doc.decisions[0].seconder = Some("P Lewis".into());
        full_names(&mut doc);
        assert_eq!(doc.decisions[0].seconder.as_deref(), Some("P Lewis"));
    }
}
