//! Written parliamentary questions as matters: a question and the later questions that cite
//! its answer.
//!
//! Parliament's convention for a follow-up question is "pursuant to the Answer of 9
//! September 2024 to Question 4169": the answer's date and the question's number (UIN).
//! A written question's own record states its UIN and the dates it was tabled and
//! answered. The reference is the UIN with the answer date (`4169-2024-09-09`), so a UIN
//! used again in a later session never links: a question joins as itself when it carries
//! that UIN and that date, and as a follow-up when its text names both. Only written
//! questions are read: "Question 4" in council minutes is a question put at that meeting.

use std::sync::LazyLock;

use council_model::{Document, DocumentKind, EntityKind};
use regex::Regex;

use crate::matters::LinkReason;
use crate::meetings::dates_in;
use crate::references::{RefKind, Reference};

fn reference(uin: &str, date: &str) -> Reference {
    Reference {
        kind: RefKind::Question,
        reference: format!("{uin}-{date}"),
    }
}

/// The UIN of a question reference (`4169-2024-09-09` → `4169`).
pub fn question_uin(reference: &Reference) -> Option<&str> {
    (reference.kind == RefKind::Question)
        .then(|| reference.reference.split('-').next())
        .flatten()
}

/// The question references of a written question: itself (its UIN with its answer date,
/// the latest date its record carries) and the answers it cites ("pursuant to the Answer of
/// DATE to Question UIN").
pub fn question_references(document: &Document) -> Vec<(Reference, LinkReason)> {
    static CITED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\banswer\s+of\s+(?:the\s+)?(?P<date>[^.;]{6,40}?)\s+to\s+(?:written\s+)?question\s+(?:UIN\s+)?(?P<uin>\d{1,6})\b").unwrap()
    });
    if document.kind != DocumentKind::WrittenQuestion {
        return Vec::new();
    }
    let mut out: Vec<(Reference, LinkReason)> = Vec::new();
    let own_uin = document.questions.first().and_then(|q| q.number.clone());
    let answered = document
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Date)
        .map(|e| e.value.clone())
        .filter(|d| d.len() == 10)
        .max();
    if let (Some(uin), Some(date)) = (&own_uin, &answered) {
        out.push((
            reference(uin, date),
            LinkReason::Question {
                section_ordinal: None,
                words: format!("Question {uin}, answered {date}"),
            },
        ));
    }
    for (ordinal, section) in document.sections.iter().enumerate() {
        for c in CITED.captures_iter(&section.text) {
            let Some((_, _, date)) = dates_in(&c["date"])
                .into_iter()
                .find(|(s, e, _)| *s == 0 && *e == c["date"].trim_end().len())
            else {
                continue;
            };
            let uin = &c["uin"];
            if own_uin.as_deref() == Some(uin) {
                continue;
            }
            let r = reference(uin, &date);
            if out.iter().any(|(x, _)| *x == r) {
                continue;
            }
            let words: Vec<&str> = c[0].split_whitespace().collect();
            out.push((
                r,
                LinkReason::Question {
                    section_ordinal: Some(ordinal),
                    words: words.join(" "),
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use council_model::{Entity, Question, Section};

    fn question(uin: &str, dates: &[&str], text: &str) -> Document {
        Document {
            id: uin.to_string(),
            source: format!("wq-{uin}.json"),
            kind: DocumentKind::WrittenQuestion,
            questions: vec![Question {
                number: Some(uin.to_string()),
                question: text.to_string(),
                ..Question::default()
            }],
            entities: dates
                .iter()
                .map(|d| Entity {
                    kind: EntityKind::Date,
                    text: d.to_string(),
                    value: d.to_string(),
                    role: None,
                })
                .collect(),
            sections: vec![Section {
                text: text.to_string(),
                ..Section::default()
            }],
            ..Document::default()
        }
    }

    #[test]
    fn a_follow_up_cites_the_answer_by_date_and_number() {
        let first = question("4169", &["2024-09-04", "2024-09-09"], "How many loans?");
        let later = question(
            "5254",
            &["2024-09-11", "2024-09-16"],
            "To ask …, pursuant to the Answer of 9 September 2024 to Question 4169 on Help to Buy Scheme, how many …",
        );
        let own: Vec<String> = question_references(&first)
            .into_iter()
            .map(|(r, _)| r.reference)
            .collect();
        assert_eq!(own, ["4169-2024-09-09"]);
        let cited: Vec<String> = question_references(&later)
            .into_iter()
            .map(|(r, _)| r.reference)
            .collect();
        assert_eq!(cited, ["5254-2024-09-16", "4169-2024-09-09"]);
        // Council minutes' "Question 4" is not a written question.
        let mut minutes = later.clone();
        minutes.kind = DocumentKind::Minutes;
        assert!(question_references(&minutes).is_empty());
    }
}
