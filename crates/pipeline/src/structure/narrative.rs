//! Decisions recorded in the running text of minutes: "it was agreed that", "seconded by Y
//! and resolved to", "penderfynwyd", "cytunwyd", read sentence by sentence.

use super::decisions::{leading_outcome, push_decision, RESOLVED};
use super::layout::push_text;
use super::motions::{mover_name, Motion, PROPOSED, PROPOSED_ACTIVE};
use crate::blocks::{LABELLED, NUMBERED};
use council_model::{Decision, DecisionKind};
use regex::Regex;
use std::sync::LazyLock;

/// A decision in the running text of minutes: "it was (unanimously) resolved/agreed that",
/// "seconded by Y and agreed to", "the following donations were agreed:"; in Welsh
/// "penderfynwyd" (it was resolved), "cytunwyd" / "a chytunwyd" (it was agreed), "pawb yn
/// gytûn" / "pawb o blaid" (all agreed, all in favour).
static NARRATIVE_DECISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:it\s+was\s+(?:(?:unanimously|further|also|therefore|then|subsequently)\s+)?(resolved|agreed)(?:\s+unanimously)?(?:\s+(?:that|to|by|upon|on)(?-u:\b)|\s*[:.,;]|\s*$)|(?:and|,)\s+(?:(?:unanimously|was)\s+)?(resolved|agreed)(?:\s+unanimously)?\s+(?:that|to)(?-u:\b)|^(resolved|agreed)\s*(?:that|to|:)|(penderfynwyd)|(?:^|\s)(cytunwyd|chytunwyd)(?-u:\b)|pawb(?:\s+arall)?\s+(yn\s+gyt[ûu]n|o\s+blaid)|the\s+following(?:\s+[a-z]+){0,3}\s+(?:was|were)\s+(?:(?:unanimously|also)\s+)?(agreed|resolved)(?-u:\b))").unwrap()
});

/// The words without which no running text records a decision (a cheap first look).
static NARRATIVE_HINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)resolved|agreed|penderfynwyd|ytunwyd|pawb").unwrap());

/// What undoes a decision phrase: "ni chytunwyd" (it was not agreed), "not agreed".
static NARRATIVE_NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\b(?:ni\s+(?:ch|g)?(?:c)?ytunwyd|nid\s+oedd\s+pawb|not\s+(?:unanimously\s+)?(?:agreed|resolved)|fel\s+y\s+(?:'i\s+)?(?:penderfynwyd|cytunwyd))").unwrap()
});

/// The decisions recorded in one section of running minutes (see [`NARRATIVE_DECISION`]).
pub(super) fn narrative_decisions(si: usize, text: &str, out: &mut Vec<(usize, Decision)>) {
    if !NARRATIVE_HINT.is_match(text) {
        return;
    }
    let paras = paragraphs(text);
    for (pi, para) in paras.iter().enumerate() {
        if !NARRATIVE_HINT.is_match(para) {
            continue;
        }
        let (label, body) = match LABELLED.captures(para) {
            Some(c) => (
                c.get(1)
                    .or(c.get(2))
                    .or(c.get(3))
                    .map(|m| m.as_str().to_string()),
                c.get(4).map_or("", |m| m.as_str()),
            ),
            None => (None, para.as_str()),
        };
        let labelled = label.is_some();
        let mut label = label;
        let hints: Vec<usize> = NARRATIVE_HINT.find_iter(body).map(|m| m.start()).collect();
        for (start, end) in sentence_spans(body) {
            if !hints.iter().any(|h| (start..end).contains(h)) {
                continue;
            }
            let sentence = body[start..end].trim();
            let Some(c) = NARRATIVE_DECISION.captures(sentence) else {
                continue;
            };
            if NARRATIVE_NEGATED.is_match(sentence) {
                continue;
            }
            let resolved = c
                .get(1)
                .or(c.get(2))
                .or(c.get(3))
                .is_some_and(|m| m.as_str().eq_ignore_ascii_case("resolved"))
                || c.get(4).is_some();
            let mut motion = Motion::default();
            if let Some(p) = PROPOSED.captures(sentence) {
                motion.proposer = mover_name(&p[1]);
                motion.seconder = mover_name(&p[2]);
            } else if let Some(p) = PROPOSED_ACTIVE.captures(sentence) {
                motion.proposer = mover_name(&p[1]);
                motion.seconder = mover_name(&p[2]);
            }
            motion.outcome = if resolved {
                leading_outcome(sentence)
            } else {
                Some("agreed".to_string())
            };
            // A labelled entry ("xi) Air Ambulance re financial support. It was proposed ...
            // and agreed to donate £50.") is decided whole: its first words say what about.
            let mut text = if labelled && start <= 300 {
                body[..end].trim().to_string()
            } else {
                // "RESOLVED that ...": what was resolved, as for a RESOLVED paragraph.
                RESOLVED
                    .captures(sentence)
                    .map_or(sentence, |c| c.get(1).map_or("", |m| m.as_str()))
                    .to_string()
            };
            if text.ends_with(':') && end >= body.trim_end().len() {
                // "... the following observations:" and the list after it.
                for next in paras[pi + 1..].iter().take(25) {
                    let listed = next.starts_with("- ") || !labelled && LABELLED.is_match(next);
                    if !listed {
                        break;
                    }
                    push_text(&mut text, next);
                }
            }
            let text = text
                .lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join("\n");
            push_decision(
                out,
                si,
                DecisionKind::Resolution,
                label.take(),
                text,
                Some(&motion),
            );
        }
    }
}

/// The paragraphs of a section's text: lines that wrap mid-sentence (a line ending without a
/// stop, followed by one that starts no item) are joined.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let starts_item =
            line.starts_with("- ") || LABELLED.is_match(line) || NUMBERED.is_match(line);
        match out.last_mut() {
            Some(last) if open && !starts_item => {
                last.push(' ');
                last.push_str(line);
            }
            _ => out.push(line.to_string()),
        }
        open = !line.ends_with(['.', ':', ';', '?', '!']);
    }
    out
}

/// Words that never end a sentence when followed by a full stop (titles, "No.", "Rhif").
const ABBREVIATIONS: &[&str] = &[
    "cllr", "cllrs", "cyng", "cyngh", "mr", "mrs", "ms", "dr", "st", "no", "nos", "rhif", "sir",
    "chq", "ref", "approx", "etc", "vs", "co", "prof", "rev", "cyf",
];

/// The byte spans of the sentences of a paragraph: a full stop, question or exclamation mark
/// followed by a space and a capital, unless it closes an initial ("J.") or a title ("Cllr.").
fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let end = i + c.len_utf8();
        let after = &text[end..];
        let rest = after.trim_start();
        if rest.len() == after.len() && !rest.is_empty() {
            continue;
        }
        let next_starts = rest.chars().next().is_none_or(|n| {
            n.is_uppercase() || n.is_ascii_digit() || matches!(n, '(' | '‘' | '“' | '"' | '\'')
        });
        if !next_starts {
            continue;
        }
        if c == '.' {
            let word = text[start..i]
                .rsplit(|ch: char| ch.is_whitespace())
                .next()
                .unwrap_or("")
                .trim_start_matches(['(', '‘', '“']);
            let letters = word.chars().filter(|ch| ch.is_alphabetic()).count();
            // "J." (an initial), "C.S.C." (an acronym), "Cllr." (a title); not "£50.00."
            let acronym =
                word.contains('.') && word.chars().all(|ch| ch.is_alphabetic() || ch == '.');
            if letters == 1 && word.chars().count() <= 2
                || acronym
                || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
            {
                continue;
            }
        }
        if !text[start..end].trim().is_empty() {
            out.push((start, end));
        }
        start = end;
    }
    if !text[start..].trim().is_empty() {
        out.push((start, text.len()));
    }
    out
}
