//! Decisions from the sections that hold them: recommendations, and resolutions
//! ("RESOLVED" / "PENDERFYNWYD") with their labelled items. A bilingual paper's second copy
//! of the same resolutions is not counted again. The motion facts (proposer, seconder,
//! outcome, votes) come from `super::motions`, the decisions recorded in running minutes
//! from `super::narrative`, amendments from `super::amendments`.

use super::amendments::amendments_in;
use super::layout::push_text;
use super::motions::{motion_facts, motion_lines, Motion};
use super::narrative::narrative_decisions;
use super::welsh::is_welsh;
use crate::blocks::{LABELLED, NUMBERED};
use council_model::{Decision, DecisionKind, DocumentKind, Section, SectionKind};
use regex::Regex;
use std::sync::LazyLock;

/// "Moved by X", "Motion carried"; in Welsh "Cynigiwyd gan X" (proposed by), "Eiliwyd gan Y"
/// (seconded by), "Cafodd y cynnig ei gario" (the motion was carried).
pub(super) static MOTION_RECORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:moved|seconded|proposed)\s+by\s|motion\s+(?:was\s+)?(?:passed|carried|lost|failed|defeated)|(?:cynigiwyd|eiliwyd)\s+gan\s|cafodd\s+y\s+(?:cynnig|gwelliant)\s+ei\s+(?:gario|basio|golli|drechu))").unwrap()
});

/// "RESOLVED: ...", "It was resolved that ..."; in Welsh "PENDERFYNWYD: ..." ("it was
/// resolved"), "Penderfynwyd yn unfrydol ..." (unanimously).
pub(super) static RESOLVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:\(?\d{1,2}[.)]\s+|\(?[a-z]\)\s+)?(?:(?:it\s+was\s+)?(?:unanimously\s+)?resolved|penderfynwyd(?:\s+yn\s+unfrydol)?)\s*(?:unanimously)?\s*[:,.–—-]?\s*(.*)$",
    )
    .unwrap()
});

/// Recommendations and resolutions from the sections that hold them.
pub fn decisions(sections: &[Section]) -> Vec<Decision> {
    decisions_in(sections, DocumentKind::Other)
        .into_iter()
        .map(|(_, d)| d)
        .collect()
}

/// The resolutions found so far under one heading, to tell a translation from a new motion.
struct ResolutionGroup {
    /// The section they were read from.
    section: usize,
    /// Their labels in order.
    labels: Vec<Option<String>>,
}

/// Recommendations and resolutions, each with the index of the section it was read from. In
/// minutes (`kind`) the decisions recorded in running text count too ("It was proposed by X,
/// seconded by Y and agreed that ...", "Penderfynwyd ...", "Cytunwyd ...").
pub(super) fn decisions_in(sections: &[Section], kind: DocumentKind) -> Vec<(usize, Decision)> {
    let mut out: Vec<(usize, Decision)> = Vec::new();
    let mut context = String::new();
    let mut last_group: Option<ResolutionGroup> = None;
    for (si, s) in sections.iter().enumerate() {
        if s.number.is_some() && s.heading.is_some() {
            // A new item: what follows is no translation of what went before.
            last_group = None;
        }
        match s.kind {
            Some(SectionKind::Recommendation)
                if s.number.is_some() && s.heading.is_none() && proposes(&s.text) =>
            {
                // "2.1 That Cabinet approves …" under "2. Recommendations".
                let label = s
                    .number
                    .clone()
                    .map(|n| n.trim_end_matches('.').to_string());
                push_decision(
                    &mut out,
                    si,
                    DecisionKind::Recommendation,
                    label,
                    s.text.clone(),
                    None,
                );
            }
            Some(SectionKind::Recommendation) if s.number.is_none() || s.heading.is_some() => {
                for (label, text) in items(&s.text) {
                    push_decision(
                        &mut out,
                        si,
                        DecisionKind::Recommendation,
                        label,
                        text,
                        None,
                    );
                }
            }
            Some(SectionKind::Resolution) => {
                // The vote and the outcome often follow the motion ("Motion Passed (4 to 0)").
                let after = sections
                    .get(si + 1)
                    .filter(|n| n.heading.is_none() && n.number.is_none() && n.kind.is_none())
                    .map(|n| {
                        n.text
                            .lines()
                            .take(30)
                            .take_while(|l| {
                                !MOTION_RECORD.is_match(l) || {
                                    let lower = l.to_lowercase();
                                    lower.starts_with("motion") || lower.starts_with("cafodd")
                                }
                            })
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .unwrap_or_default();
                let motion = motion_facts(&context, &format!("{}\n{after}", s.text));
                let mut lines = s.text.lines();
                let first = lines.next().unwrap_or("");
                // "Decision:" over "1. To approve …": the first line is an item already.
                let first_item = !RESOLVED.is_match(first)
                    && (LABELLED.is_match(first.trim())
                        || NUMBERED
                            .captures(first.trim())
                            .is_some_and(|c| !c[1].contains('.')));
                let intro = if first_item {
                    String::new()
                } else {
                    RESOLVED
                        .captures(first)
                        .map(|c| c[1].trim().to_string())
                        .unwrap_or_else(|| first.trim().to_string())
                };
                let rest = if first_item {
                    s.text.clone()
                } else {
                    lines.collect::<Vec<_>>().join("\n")
                };
                let mut found = items(&rest);
                // A recorded vote decides the motion as a whole: "RESOLVED that the County
                // Council: (1) … (5)" after "For (39) … Against (19)" is one resolution with
                // its parts, not five decisions voted on apart.
                let voted_whole = motion.votes.is_some() && found.len() > 1;
                if voted_whole || found.iter().all(|(l, _)| l.is_none()) {
                    // No labelled items: the resolution is its text, intro and all.
                    let whole = [intro.as_str(), rest.as_str()]
                        .iter()
                        .filter(|t| !t.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("\n");
                    found = vec![(None, whole)];
                } else if !intro.is_empty() && !intro.ends_with(':') {
                    found.insert(0, (None, intro.clone()));
                }
                found.retain(|(_, t)| !t.trim().is_empty());
                // A bilingual paper gives the same resolutions in English and in Welsh, one
                // after the other: the second copy (other language, same labels, nothing
                // between them but their own text) is no new decision.
                let group = ResolutionGroup {
                    section: si,
                    labels: found.iter().map(|(l, _)| l.clone()).collect(),
                };
                let translation = last_group.as_ref().is_some_and(|g| {
                    g.labels == group.labels
                        && si - g.section <= 2
                        && sections[g.section + 1..si]
                            .iter()
                            .all(|b| b.heading.is_none() && b.text.len() < 400)
                        && is_welsh(&sections[g.section].text) != is_welsh(&s.text)
                });
                if translation {
                    last_group = None;
                } else {
                    for (label, text) in found {
                        push_decision(
                            &mut out,
                            si,
                            DecisionKind::Resolution,
                            label,
                            text,
                            Some(&motion),
                        );
                    }
                    last_group = Some(group);
                }
                context.clear();
            }
            None if kind == DocumentKind::Minutes => {
                narrative_decisions(si, &s.text, &mut out);
                motion_lines(si, &s.text, &mut out);
            }
            _ => {}
        }
        if s.kind != Some(SectionKind::Resolution) {
            if s.heading.is_some() && s.number.is_some()
                || s.path.first().is_some_and(|p| p.starts_with("Meeting:")) && s.text.is_empty()
            {
                context.clear();
            }
            push_text(&mut context, &s.text);
        }
    }
    if kind == DocumentKind::CommitteeReport
        && !out
            .iter()
            .any(|(_, d)| d.kind == DecisionKind::Recommendation)
    {
        recommended(sections, &mut out);
    }
    if matches!(kind, DocumentKind::Other | DocumentKind::Agenda)
        && !out.iter().any(|(_, d)| d.kind == DecisionKind::Resolution)
    {
        motion_paper(sections, &mut out);
    }
    if matches!(kind, DocumentKind::DecisionNotice | DocumentKind::Other) {
        for (si, s) in sections.iter().enumerate() {
            if !s.text.contains("hereby") {
                continue;
            }
            if let Some(m) = GIVES_NOTICE.find(&s.text) {
                let text = s.text[m.start()..].lines().next().unwrap_or("").to_string();
                push_decision(&mut out, si, DecisionKind::Resolution, None, text, None);
            }
        }
    }
    if kind == DocumentKind::DecisionNotice {
        status_outcome(sections, &mut out);
    }
    // Amendments, in the order of the sections they are moved in; one the running minutes
    // already gave (same section, same movers) is not counted twice.
    for (si, amendment) in amendments_in(sections) {
        let known = out.iter().any(|(s, d)| {
            *s == si && d.proposer == amendment.proposer && d.seconder == amendment.seconder
        });
        if !known {
            let at = out.partition_point(|(s, _)| *s <= si);
            out.insert(at, (si, amendment));
        }
    }
    out
}

/// A decision record's status ("Decision status: Recommendations Approved", "Status:
/// Agreed"): the outcome of its decisions that state none of their own.
fn status_outcome(sections: &[Section], out: &mut [(usize, Decision)]) {
    static STATUS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?im)^(?:decision\s+)?status\s*:\s*(?:recommendations?\s+)?(approved|agreed|adopted)\s*$")
            .unwrap()
    });
    let stated = sections
        .iter()
        .flat_map(|s| s.heading.iter().chain([&s.text]))
        .any(|t| STATUS.is_match(t));
    if stated {
        for (_, d) in out.iter_mut().filter(|(_, d)| d.outcome.is_none()) {
            d.outcome = Some("agreed".into());
        }
    }
}

/// The outcome a resolution states by its first word: "To note", "Nodi" (noted); "To agree",
/// "Cytuno" (agreed).
pub(super) fn leading_outcome(text: &str) -> Option<String> {
    let t = text.trim_start_matches(|c: char| !c.is_alphabetic());
    let t = RESOLVED
        .captures(t)
        .and_then(|c| c.get(1))
        .map_or(t, |m| m.as_str())
        .trim_start_matches(|c: char| !c.is_alphabetic());
    let lower = t.to_lowercase();
    let first = lower
        .strip_prefix("to ")
        .unwrap_or(&lower)
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    match first {
        "note" | "noted" | "nodi" | "nodwyd" => Some("noted".into()),
        "agree" | "agreed" | "approve" | "approved" | "cytuno" | "cytunwyd" | "cymeradwyo" => {
            Some("agreed".into())
        }
        _ => None,
    }
}

/// Adds a decision read from section `section`, unless it is too short or already found.
pub(super) fn push_decision(
    out: &mut Vec<(usize, Decision)>,
    section: usize,
    kind: DecisionKind,
    label: Option<String>,
    text: String,
    motion: Option<&Motion>,
) {
    let text = text.trim().trim_start_matches("- ").trim().to_string();
    // "that Cabinet:", "that Council agree to:" without the list they introduce say nothing.
    let bare_intro =
        text.ends_with(':') && !text.contains('\n') && text.split_whitespace().count() <= 4;
    if text.len() < 8 || bare_intro || out.iter().any(|(_, d)| d.text == text) {
        return;
    }
    // "RESOLVED: To note the report", "PENDERFYNWYD: Nodi'r adroddiad": the resolution says
    // its own outcome where no motion record does.
    let outcome = motion.and_then(|m| m.outcome.clone()).or_else(|| {
        (kind == DecisionKind::Resolution)
            .then(|| leading_outcome(&text))
            .flatten()
    });
    out.push((
        section,
        Decision {
            kind,
            label,
            text,
            proposer: motion.and_then(|m| m.proposer.clone()),
            seconder: motion.and_then(|m| m.seconder.clone()),
            outcome,
            votes: motion.and_then(|m| m.votes.clone()),
        },
    ));
}

/// The labelled items of a block of text (`a) ...`, `1. ...`), or the whole text as one
/// unlabelled item when it has none.
fn items(text: &str) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    let mut intro = String::new();
    for line in text.lines() {
        let l = line.trim();
        if let Some(c) = LABELLED.captures(l) {
            let label = c
                .get(1)
                .or(c.get(2))
                .or(c.get(3))
                .map(|m| m.as_str().to_string());
            out.push((label, c[4].trim().to_string()));
        } else if let Some(c) = NUMBERED.captures(l).filter(|c| !c[1].contains('.')) {
            out.push((Some(c[1].to_string()), c[3].trim().to_string()));
        } else if let Some(last) = out.last_mut() {
            if l.starts_with("- ") || l.len() < 300 {
                push_text(&mut last.1, l);
            }
        } else {
            push_text(&mut intro, l);
        }
    }
    if out.is_empty() {
        let t = intro.trim();
        let lower = t.to_lowercase();
        if !t.is_empty()
            && t.len() < 800
            && !lower.ends_with(':')
            && !lower.starts_with("there are no")
            && !lower.starts_with("none")
        {
            out.push((None, t.to_string()));
        }
    }
    out
}

/// Whether a paper's head reads as the record of a decision taken: a decision record or
/// recording form, a notice or schedule of decisions ("Decision Record", "Decision Recording
/// Form", "Notice of Decision", "Record of Decisions"), or a form naming who took it
/// ("Decision taken by:", "Decision Taker:"). `first_lines`: the first blocks, lower case;
/// `head`: the first 25.
pub(super) fn decision_record(first_lines: &str, head: &str) -> bool {
    [
        "decision record",
        "decision recording",
        "notice of decision",
        "record of decisions",
        "record of the decision",
        "schedule of decisions",
        "decision sheet",
        "decisions sheet",
    ]
    .iter()
    .any(|w| first_lines.contains(w))
        || [
            "decision taken by:",
            "decision made by:",
            "decision taker:",
            "decision-maker:",
            "decision maker(s):",
            "name of decision maker",
        ]
        .iter()
        .any(|w| head.contains(w))
}

/// A recommendation's opening words: "It is recommended that", "The Cabinet is recommended
/// to", "County Council is asked to", "Members are invited to".
static RECOMMENDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:it\s+is\s+(?:therefore\s+)?recommended\s+that|(?:the\s+)?\w[\w'’&-]*(?:\s+[\w'’&-]+){0,6}?\s+(?:is|are)\s+(?:therefore\s+)?(?:recommended|asked|requested|invited)\s+to)(?-u:\b)").unwrap()
});

/// A planning authority's decision: "That Trafford Council hereby gives notice … that
/// PERMISSION HAS BEEN GRANTED", "The X Council hereby give notice … refuse".
static GIVES_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:That\s+|The\s+)?(?:[A-Z][\w'’&-]*\s+){0,5}Council\s+hereby\s+gives?\s+notice[^\n]{0,300}?(?i:granted|refused|approved|grant|refuse|approve)").unwrap()
});

/// Whether a numbered paragraph under a recommendations heading proposes a decision ("That
/// Cabinet approves …", "To note …", "Approve the …"), not a paragraph of background.
fn proposes(text: &str) -> bool {
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    matches!(
        first.as_str(),
        "that"
            | "to"
            | "approve"
            | "agree"
            | "note"
            | "endorse"
            | "delegate"
            | "authorise"
            | "authorize"
            | "adopt"
            | "confirm"
            | "accept"
            | "support"
            | "recommend"
            | "request"
            | "consider"
            | "comment"
    ) || RECOMMENDS.is_match(text.trim())
}

/// A report's recommendations where no heading marks them: "It is recommended that Cabinet:"
/// or "The Cabinet is recommended to:" over its items (labelled lines, or the numbered
/// paragraphs 1, 2, 3 that follow), or a sentence that recommends alone ("County Council is
/// asked to agree …").
fn recommended(sections: &[Section], out: &mut Vec<(usize, Decision)>) {
    for (si, s) in sections.iter().enumerate() {
        if s.kind.is_some() {
            continue;
        }
        let lines: Vec<&str> = s.text.lines().collect();
        for (li, line) in lines.iter().enumerate() {
            let line = line.trim();
            if !RECOMMENDS.is_match(line) {
                continue;
            }
            if !line.ends_with(':') {
                push_decision(
                    out,
                    si,
                    DecisionKind::Recommendation,
                    None,
                    line.to_string(),
                    None,
                );
                continue;
            }
            let found = items(&lines[li + 1..].join("\n"));
            if found.iter().any(|(l, _)| l.is_some()) {
                for (label, text) in found.into_iter().filter(|(l, _)| l.is_some()) {
                    push_decision(out, si, DecisionKind::Recommendation, label, text, None);
                }
                continue;
            }
            // The items are the numbered paragraphs after it: 1, 2, 3 …
            for (next, (ni, n)) in (1..).zip(sections.iter().enumerate().skip(si + 1)) {
                let number = n.number.as_deref().map(|x| x.trim_end_matches('.'));
                if n.heading.is_some() || number != Some(next.to_string().as_str()) {
                    break;
                }
                push_decision(
                    out,
                    ni,
                    DecisionKind::Recommendation,
                    number.map(str::to_string),
                    n.text.clone(),
                    None,
                );
            }
        }
    }
}

/// A motion's operative words: "This Council believes that:", "That this Council notes",
/// "The Committee resolves to".
static MOTION_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:That\s+)?(?:this|This|The|the)\s+(?:Council|Committee|Board|Cabinet|Panel|Authority)\s+(?:therefore\s+)?(?:believes|notes|recognises|recognizes|resolves|agrees|calls|requests|welcomes|asks|commits|supports|condemns|acknowledges|instructs|urges|affirms|declares)(?-u:\b)").unwrap()
});

/// A motion set out for debate (a notice of motion, a motion paper): each clause the
/// council is asked to resolve ("This Council believes that: a.) …", "This Council agrees
/// to call on …") is a resolution, with the proposer and seconder the paper names
/// ("Proposer: X", "Seconder: Y") and no outcome: it has not been debated.
fn motion_paper(sections: &[Section], out: &mut Vec<(usize, Decision)>) {
    let mut before = String::new();
    let mut open: Option<(usize, String)> = None;
    let mut clauses: Vec<(usize, String)> = Vec::new();
    for (si, s) in sections.iter().enumerate() {
        if s.heading.is_some() {
            clauses.extend(open.take());
        }
        for line in s.text.lines() {
            let l = line.trim();
            if MOTION_CLAUSE.is_match(l) {
                clauses.extend(open.take());
                open = Some((si, l.to_string()));
            } else if let Some((_, text)) = &mut open {
                // "And;" between clauses joins them, it says nothing itself.
                if l.len() > 8 {
                    push_text(text, l);
                }
            } else if clauses.is_empty() {
                push_text(&mut before, l);
            }
        }
    }
    clauses.extend(open);
    if clauses.is_empty() {
        return;
    }
    let movers = motion_facts(&before, "");
    let motion = Motion {
        proposer: movers.proposer,
        seconder: movers.seconder,
        ..Motion::default()
    };
    for (si, text) in clauses {
        push_decision(out, si, DecisionKind::Resolution, None, text, Some(&motion));
    }
}
