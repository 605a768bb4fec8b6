//! Amendments: decisions of kind `amendment`, each with its mover, seconder, outcome and
//! recorded vote where the paper gives them.
//!
//! Two layouts a council uses everywhere:
//! - **moved at a meeting**, in minutes: "Mr Hood proposed, and Mr Lewis seconded the
//!   following amendment: …" (or "proposed by X, seconded by Y" with "amendment" in the
//!   same sentence), the amendment's text after it, then the vote ("For (12) … Against (42)
//!   …") and its fate ("Amendment lost"), all before the next motion is moved;
//! - **an amendment form** or notice, with labelled fields ("Amendment Number: 4",
//!   "Proposer: Mr X", "Seconder: Mr Y", "Proposed Purpose: …"): what it proposes, who
//!   proposes and seconds it; no outcome (the form does not say).
//!
//! The text of an amendment is what follows the words that move it, up to the paragraph
//! that puts it to the vote, as printed (labels such as "Proposed Purpose:" kept).

use super::motions::{mover_name, votes_in, PROPOSED, PROPOSED_ACTIVE};
use council_model::{Decision, DecisionKind, Section};
use regex::Regex;
use std::sync::LazyLock;

/// The fate of an amendment: "Amendment lost", "the amendment was put to the vote and
/// declared carried", "the amendment fell".
static FATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)amendment\s+(?:was\s+)?(?:(?:then\s+|therefore\s+)?put\s+to\s+the\s+vote\s+and\s+(?:was\s+)?)?(?:declared\s+)?(carried|lost|fell|defeated|withdrawn|agreed|not\s+carried)").unwrap()
});

/// Where an amendment's text ends: a vote line, or the words that put it to the vote or
/// tell its fate.
static TEXT_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\s*(?:for|against|abstain\w*)\s*[(:]|put\s+to\s+the\s+vote|amendment\s+(?:was\s+)?(?:carried|lost|fell|defeated|withdrawn)").unwrap()
});

/// A numbered paragraph of minutes at the start of a line: "(8) Following …", "8) …".
static PARAGRAPH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*\(?(\d{1,3})\)[ \t]").unwrap());

/// A form's labelled fields, "Proposer:" and "Seconder:" (anywhere on a line: forms print
/// them side by side, "Proposer: Mike Baldock Seconder: Mark Hood").
static FORM_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(proposer|seconder)\s*:").unwrap());

/// The name after a form's label: a title, then up to four capitalised words on the line.
static FORM_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[ \t]*(?:(?:county\s+)?councillor|cllr\.?|mr\.?|mrs\.?|ms\.?|miss|dr\.?)?[ \t]*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}))").unwrap()
});

/// Honours after a name, left at the start of what follows it: ", MBE", ", OBE JP".
static HONOURS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*,\s*(?:(?:MBE|OBE|CBE|KBE|DBE|BEM|JP|DL|MP|QPM)\b[\s,]*)+").unwrap()
});

/// "Amendment Number: 4", "Amendment No. 4" on a form.
static FORM_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bamendment\s+(?:number|no\.?)\s*:?\s*(?:[A-Za-z ]{0,40}?\bnumber\s*:\s*)?(\d{1,3}[a-z]?)\b")
        .unwrap()
});

/// The amendments of a paper, each with the index of the section it is moved in.
pub(super) fn amendments_in(sections: &[Section]) -> Vec<(usize, Decision)> {
    // Both layouts say "amendment": a paper that never does is not read again whole.
    let says_amendment = |t: &str| {
        t.as_bytes()
            .windows(9)
            .any(|w| w.eq_ignore_ascii_case(b"amendment"))
    };
    if !sections.iter().any(|s| says_amendment(&s.text)) {
        return Vec::new();
    }
    // The sections' text joined, so an amendment moved at the end of one section and voted
    // on in the next is read whole; `starts` maps an offset back to its section.
    let mut text = String::new();
    let mut starts: Vec<usize> = Vec::with_capacity(sections.len());
    for s in sections {
        starts.push(text.len());
        text.push_str(&s.text);
        text.push_str("\n\n");
    }
    let section_at = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
    let mut out = moved_at_a_meeting(&text, &section_at);
    if out.is_empty() {
        out = on_a_form(&text, &section_at);
    }
    out
}

/// Amendments moved at a meeting (see the module doc).
fn moved_at_a_meeting(text: &str, section_at: &dyn Fn(usize) -> usize) -> Vec<(usize, Decision)> {
    let mut moved: Vec<(usize, usize, String, String)> = PROPOSED
        .captures_iter(text)
        .chain(PROPOSED_ACTIVE.captures_iter(text))
        .map(|c| {
            let whole = c.get(0).expect("match");
            (
                whole.start(),
                whole.end(),
                c[1].to_string(),
                c[2].to_string(),
            )
        })
        .collect();
    moved.sort_by_key(|m| m.0);
    moved.dedup_by_key(|m| m.0);
    let mut out = Vec::new();
    for (i, (start, end, proposer, seconder)) in moved.iter().enumerate() {
        // What it moves is said right after: "the following amendment:", "an amendment".
        let said: String = text[*end..]
            .chars()
            .take(60)
            .collect::<String>()
            .to_lowercase();
        let Some(at) = said.find("amendment") else {
            continue;
        };
        if said[..at].contains(['.', ';']) {
            continue;
        }
        // Its vote and fate are told before the next motion is moved.
        let until = moved.get(i + 1).map_or(text.len(), |next| next.0).max(*end);
        let scope = &text[*end..until];
        let body_start = scope.find(':').filter(|&c| c < 120).map_or(0, |c| c + 1);
        let body = &scope[body_start..];
        // It ends at the minutes' next paragraph (numbered one more than the paragraph that
        // moves it: an amendment's own text may number its points from 1), or at its vote.
        let own = PARAGRAPH
            .captures(&text[text[..*start].rfind('\n').map_or(0, |n| n + 1)..*start])
            .and_then(|c| c[1].parse::<u32>().ok());
        let next_paragraph = PARAGRAPH
            .captures_iter(body)
            .find(|c| own.is_none_or(|n| c[1].parse::<u32>().ok() == Some(n + 1)))
            .map_or(body.len(), |c| c.get(0).expect("match").start());
        let body_end = TEXT_END
            .find(body)
            .map_or(body.len(), |m| m.start())
            .min(next_paragraph);
        let amendment = clean(&body[..body_end]);
        if amendment.chars().count() < 15 {
            continue;
        }
        // Its vote is the one before its fate is told (a later vote is the motion's).
        let fate = FATE.captures(scope);
        let voted = fate
            .as_ref()
            .map_or(scope, |c| &scope[..c.get(0).expect("match").end()]);
        out.push((
            section_at(*start),
            Decision {
                kind: DecisionKind::Amendment,
                label: None,
                text: amendment,
                proposer: mover_name(proposer),
                seconder: mover_name(seconder),
                outcome: fate.map(|c| outcome_word(&c[1]).to_string()),
                votes: votes_in(voted),
            },
        ));
    }
    out
}

/// The amendments amendment forms set out (see the module doc): a paper that names itself
/// an amendment, with a proposer and a seconder labelled for each (a pack of forms holds
/// several; each runs to the next form's number or proposer).
fn on_a_form(text: &str, section_at: &dyn Fn(usize) -> usize) -> Vec<(usize, Decision)> {
    let head: String = text.chars().take(400).collect::<String>().to_lowercase();
    if !head.contains("amendment") {
        return Vec::new();
    }
    // (label start, label end, is the proposer, name)
    let fields: Vec<(usize, usize, bool, Option<String>)> = FORM_FIELD
        .captures_iter(text)
        .map(|c| {
            let whole = c.get(0).expect("match");
            let name = FORM_NAME
                .captures(&text[whole.end()..])
                .and_then(|n| form_name(&n[1]));
            (
                whole.start(),
                whole.end(),
                c[1].eq_ignore_ascii_case("proposer"),
                name,
            )
        })
        .collect();
    let numbers: Vec<(usize, String)> = FORM_NUMBER
        .captures_iter(text)
        .map(|c| {
            // From the start of its line ("Name: … Amendment Number: 4").
            let at = c.get(0).expect("match").start();
            (
                text[..at].rfind('\n').map_or(0, |n| n + 1),
                c[1].to_string(),
            )
        })
        .collect();
    let mut out = Vec::new();
    for (i, (start, _, is_proposer, proposer)) in fields.iter().enumerate() {
        if !is_proposer {
            continue;
        }
        let Some((_, seconder_end, _, seconder)) = fields.get(i + 1).filter(|f| !f.2) else {
            continue;
        };
        let (Some(proposer), Some(seconder)) = (proposer, seconder) else {
            continue;
        };
        // What it proposes: the fields after the names, up to the next form.
        let rest_start = seconder_end
            + FORM_NAME
                .find(&text[*seconder_end..])
                .map_or(0, |m| m.end());
        let next_proposer = fields[i + 2..]
            .iter()
            .find(|f| f.2)
            .map_or(text.len(), |f| f.0);
        let next_form = numbers
            .iter()
            .map(|n| n.0)
            .find(|&n| n > rest_start && n < next_proposer)
            .unwrap_or(next_proposer);
        let mut end = next_form.min(rest_start + 1500);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let amendment = clean(&text[rest_start..end]);
        if amendment.chars().count() < 15 {
            continue;
        }
        out.push((
            section_at(*start),
            Decision {
                kind: DecisionKind::Amendment,
                label: numbers
                    .iter()
                    .rev()
                    .find(|n| n.0 < *start)
                    .map(|n| n.1.clone()),
                text: amendment,
                proposer: Some(proposer.clone()),
                seconder: Some(seconder.clone()),
                outcome: None,
                votes: None,
            },
        ));
    }
    out
}

/// A name read after a form's label, cut before the next label on its line.
fn form_name(raw: &str) -> Option<String> {
    let cut = raw
        .split_whitespace()
        .take_while(|w| {
            !matches!(
                w.to_lowercase().trim_end_matches(':'),
                "proposer" | "seconder" | "proposed"
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    mover_name(&cut)
}

/// The text as one paragraph: whitespace squashed, what is left of the line before it
/// (a colon, a name's honours: ", MBE") dropped, and quotes around the whole of it.
fn clean(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = HONOURS.replace(&text, "");
    let text = text.trim_start_matches(':').trim();
    let quoted = text
        .strip_prefix(['“', '"'])
        .and_then(|t| t.strip_suffix(['”', '"']))
        .filter(|t| !t.contains(['“', '”', '"']));
    quoted.unwrap_or(text).trim().to_string()
}

/// An outcome word as the decisions say it.
fn outcome_word(word: &str) -> &'static str {
    match word
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .as_str()
    {
        "carried" => "carried",
        "agreed" => "agreed",
        "withdrawn" => "withdrawn",
        _ => "lost",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sections(texts: &[&str]) -> Vec<Section> {
        texts
            .iter()
            .map(|t| Section {
                text: t.to_string(),
                ..Section::default()
            })
            .collect()
    }

    #[test]
    fn an_amendment_moved_at_a_meeting_has_its_movers_vote_and_fate() {
        let found = amendments_in(&sections(&[
            "(4) Mr Oakford proposed and Mr Gough seconded the following motion:\n“That the budget be agreed.”",
            "(11) Mr Hood proposed, and Mr Lewis seconded the following amendment:\n\nProposed Purpose:\n\n“Allocate up to £75k to a feasibility study of home to school transport.”\n\n(12) Following the debate, the Chairman put to the vote the amendment set out in paragraph 11 above and the voting was as follows:\n\nFor (3)\n\nMr Hood, Mr Lewis, Ms Meade\n\nAgainst (2)\n\nMr Baker, Mr Bond\n\nAbstain (1)\n\nMr Brady\n\n                Amendment lost.\n\n(26) The Chairman put the substantive motion to the vote:\n\nFor (5)\n\nMr A, Mr B, Mr C, Mr D, Mr E\n\nAgainst (0)",
            "(27) RESOLVED that the budget be agreed.",
        ]));
        assert_eq!(found.len(), 1, "{found:?}");
        let (section, d) = &found[0];
        assert_eq!(*section, 1);
        assert_eq!(d.kind, DecisionKind::Amendment);
        assert!(
            d.text.starts_with("Proposed Purpose: “Allocate up to £75k")
                && d.text.ends_with("transport.”"),
            "{}",
            d.text
        );
        assert_eq!(d.proposer.as_deref(), Some("Hood"));
        assert_eq!(d.seconder.as_deref(), Some("Lewis"));
        assert_eq!(d.outcome.as_deref(), Some("lost"));
        let votes = d.votes.as_ref().expect("votes");
        assert_eq!(
            (votes.for_.len(), votes.against.len(), votes.abstain.len()),
            (3, 2, 1)
        );
    }

    #[test]
    fn an_amendment_form_has_its_number_proposer_and_seconder_and_no_outcome() {
        let found = amendments_in(&sections(&[
            "Budget Amendment Form\nAmendment Name: Highway Asset Maintenance Amendment Number: 4\nDirectorate: Growth, Environment and Transport\nProposer: Mr Richard Streatfeild, MBE Seconder: Mr Antony Hook\nProposed Purpose: This amendment seeks to reduce the capital allocated to the Strategic Estate Programme.",
        ]));
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0].1;
        assert_eq!(d.label.as_deref(), Some("4"));
        assert_eq!(d.proposer.as_deref(), Some("Richard Streatfeild"));
        assert_eq!(d.seconder.as_deref(), Some("Antony Hook"));
        assert!(
            d.text.starts_with("Proposed Purpose: This amendment seeks"),
            "{}",
            d.text
        );
        assert_eq!((d.outcome.as_ref(), d.votes.as_ref()), (None, None));
    }

    #[test]
    fn an_amendment_numbering_its_own_points_is_read_to_the_next_paragraph() {
        let found = amendments_in(&sections(&[
            "2)   Mr Holden proposed and Mr Lewis seconded the following amendment:\n\n     “Council is asked to:\n\n1)   note the report\n\n2)   agree the changes.”\n\n3)   Following the debate, the amendment was put to the vote and carried.",
        ]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].1.text,
            "Council is asked to: 1) note the report 2) agree the changes."
        );
        assert_eq!(found[0].1.outcome.as_deref(), Some("carried"));
    }

    #[test]
    fn a_pack_of_forms_gives_each_its_amendment() {
        let found = amendments_in(&sections(&[
            "Budget Amendment Form\nName: Expansion of Community Wardens Amendment\nNumber: 6\nProposer: Mike Baldock Seconder: Mark Hood\nProposed Purpose:\nExpand the Community Wardens scheme with the grant.",
            "Budget Amendment Form\nName: Home to School Transport Amendment Number: 7\nProposer: Jenni Hawkins Seconder: Barry Lewis\nProposed Purpose: Allocate up to £75k to a feasibility study.",
        ]));
        let got: Vec<_> = found
            .iter()
            .map(|(s, d)| {
                (
                    *s,
                    d.label.as_deref(),
                    d.proposer.as_deref(),
                    d.seconder.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (0, Some("6"), Some("Mike Baldock"), Some("Mark Hood")),
                (1, Some("7"), Some("Jenni Hawkins"), Some("Barry Lewis"))
            ]
        );
        assert_eq!(
            found[0].1.text,
            "Proposed Purpose: Expand the Community Wardens scheme with the grant. Budget Amendment Form"
        );
    }

    #[test]
    fn a_motion_is_no_amendment_and_a_paper_without_one_has_none() {
        assert!(amendments_in(&sections(&[
            "Mr Oakford proposed and Mr Gough seconded the following motion: that the budget be agreed. Motion carried."
        ]))
        .is_empty());
        // A report that mentions a proposer field but is no amendment.
        assert!(amendments_in(&sections(&[
            "Planning application. Proposer: Mr Smith Seconder: Mr Jones. The committee agreed."
        ]))
        .is_empty());
    }
}
