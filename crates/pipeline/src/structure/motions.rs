//! The record of a motion around a resolution: "proposed by X, seconded by Y" (and the Welsh
//! "cynigiwyd gan X, eiliwyd gan Y"), "Proposer: X" lines, outcomes ("motion carried") and
//! recorded votes ("For: 5", "Against (2): A, B"), and the motions short minutes record one a
//! line ("APPROVED – Revised budget – B. Munro (motion), Z. Maiorca (second)").

use super::welsh::welsh_outcome;
use council_model::{Decision, DecisionKind, Votes};
use regex::Regex;
use std::sync::LazyLock;

/// The titles before a proposer's or seconder's name, English and Welsh ("y Cyng." is "Cllr.",
/// "y Cynghorydd Sir" is "County Councillor").
const MOVER_TITLE: &str = r"(?:y\s+)?(?:(?:county\s+)?councillor|cllr\.?|cynghorydd(?:\s+sir)?\.?|cyngh\.?|cyng\.?|mr\.?|mrs\.?|ms\.?|dr\.?)?";

/// "proposed by X, seconded by Y"; in Welsh "cynigiwyd gan X, eiliwyd gan Y".
pub(super) static PROPOSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:proposed|moved|cynigiwyd)\s+(?:by|gan)\s+{MOVER_TITLE}\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){{0,3}}))[\s,;]+(?:and\s+|ac\s+)?(?:seconded|eiliwyd)\s+(?:by|gan)\s+{MOVER_TITLE}\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){{0,3}}))")).unwrap()
});

pub(super) static PROPOSED_ACTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:Councillor|Cllr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Sir)[ \t]+)?((?:[A-Z]\.?[ \t]+)*[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2}),?[ \t]+(?i:proposed|moved),?[ \t]+(?i:and)[ \t]+(?:(?:Councillor|Cllr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Sir)[ \t]+)?((?:[A-Z]\.?[ \t]+)*[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2}),?[ \t]+(?i:seconded)").unwrap()
});

/// "Proposed by: X", "Seconder: Y"; in Welsh "Cynigydd: X" (proposer), "Eilydd: Y" (seconder).
static PROPOSER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^(proposed|proposer|moved|seconded|seconder|cynigydd|cynigiwyd|eilydd|eiliwyd)\s*(?:by|gan)?\s*[:\-–]?\s*{MOVER_TITLE}\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){{0,3}}))")).unwrap()
});

static OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(carried|lost|fell|defeated|withdrawn|agreed|noted|passed|failed)(?-u:\b)",
    )
    .unwrap()
});

/// The outcome that ends a vote's list of names on the same line: "… Mr Webb Amendment
/// lost.", "… Ms Wright Substantive Motion carried."
static OUTCOME_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[\x20\t]+(?:the[\x20\t]+)?(?:substantive[\x20\t]+)?(?:amendment|motion|recommendations?)[\x20\t]+(?:was[\x20\t]+)?(?:carried|lost|agreed|fell|defeated|passed|failed)\.?$").unwrap()
});

/// A vote line: "For: 5", "Against (2): A, B"; in Welsh "O blaid" (for), "Yn erbyn" (against),
/// "Ymatal" (abstaining).
static VOTE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(for|against|yeas|ayes|nays|noes|abstain(?:ed|ing)?|abstentions?|o\s+blaid|yn\s+erbyn|ymatal(?:iadau|iad|odd)?)\s*(?:[(:\-–]\s*(\d+)\)?)?\s*:?\s*(.*)$",
    )
    .unwrap()
});

#[derive(Default)]
pub(super) struct Motion {
    pub(super) proposer: Option<String>,
    pub(super) seconder: Option<String>,
    pub(super) outcome: Option<String>,
    pub(super) votes: Option<Votes>,
}

/// The proposer and seconder of the last motion moved in `scope` that is not an
/// amendment.
fn last_motion_moved(scope: &str) -> Option<(String, String)> {
    let mut moved: Vec<(usize, usize, String, String)> = PROPOSED
        .captures_iter(scope)
        .chain(PROPOSED_ACTIVE.captures_iter(scope))
        .map(|c| {
            let whole = c.get(0).unwrap();
            (
                whole.start(),
                whole.end(),
                c[1].trim().to_string(),
                c[2].trim().to_string(),
            )
        })
        .collect();
    moved.sort_by_key(|m| m.0);
    let starts: Vec<usize> = moved.iter().map(|m| m.0).collect();
    moved
        .into_iter()
        .enumerate()
        .rev()
        .find_map(|(i, (_, end, p, s))| {
            // What happened to it is told before the next motion is moved.
            let until = starts.get(i + 1).copied().unwrap_or(scope.len()).max(end);
            let after = &scope[end..until];
            let head: String = after.chars().take(40).collect::<String>().to_lowercase();
            // An amendment's movers moved the amendment, not the motion: a lost one is not
            // what was resolved, and a carried one becomes part of the motion its first
            // movers moved.
            let is_amendment = head.contains("amendment");
            (!is_amendment).then_some((p, s))
        })
}

pub(super) fn motion_facts(before: &str, resolution: &str) -> Motion {
    let mut m = Motion::default();
    let tail: String = before
        .lines()
        .rev()
        .take(60)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join("\n");
    let scope = format!("{tail}\n{resolution}");
    // The motion resolved is the last one moved that is not an amendment lost on the way
    // (Kent's budget: Mr Oakford moved it, amendments by others were lost, then "Substantive
    // Motion Carried"); when the last lines hold only lost amendments, the whole item is read.
    let movers = last_motion_moved(&scope).or_else(|| {
        let whole = format!("{before}\n{resolution}");
        (whole.len() > scope.len())
            .then(|| last_motion_moved(&whole))
            .flatten()
    });
    if let Some((p, s)) = movers {
        m.proposer = mover_name(&p);
        m.seconder = mover_name(&s);
    }
    let mut votes = Votes::default();
    let mut voted = false;
    let lines: Vec<&str> = scope.lines().collect();
    for (li, line) in lines.iter().enumerate() {
        let l = line.trim();
        if let Some(c) = PROPOSER_LINE.captures(l) {
            let who = mover_name(&c[2]);
            match c[1].to_lowercase().as_str() {
                "proposed" | "proposer" | "moved" | "cynigydd" | "cynigiwyd" => {
                    m.proposer = m.proposer.take().or(who)
                }
                _ => m.seconder = m.seconder.take().or(who),
            }
        }
        voted |= vote_line(&lines, li, &mut votes);
        let lower = l.to_lowercase();
        if lower.contains("motion")
            || lower.contains("amendment")
            || lower.contains("recommendation")
            || lower.starts_with("the vote")
        {
            if let Some(o) = OUTCOME.captures(l) {
                m.outcome = Some(normalise_outcome(&o[1]));
            }
        }
        // Welsh: "Cafodd y cynnig ei gario" (the motion was carried), "y gwelliant"
        // (amendment), "yr argymhelliad" (recommendation), "y bleidlais" (the vote).
        if lower.contains("cynnig")
            || lower.contains("gwelliant")
            || lower.contains("argymhelli")
            || lower.contains("pleidlais")
            || lower.contains("bleidlais")
        {
            if let Some(o) = welsh_outcome(l) {
                m.outcome = Some(o.to_string());
            }
        }
    }
    if voted {
        m.votes = Some(votes);
    }
    m
}

/// Reads the vote line `lines[li]` ("For (12)", "Against: A, B"), its names on the lines
/// after it where it has none, into `votes`; whether it was a vote line.
fn vote_line(lines: &[&str], li: usize, votes: &mut Votes) -> bool {
    let l = lines[li].trim();
    let Some(c) = VOTE_LINE.captures(l) else {
        return false;
    };
    let counted = c.get(2).is_some();
    let colon = l[c[1].len()..].trim_start().starts_with(':');
    if !(counted || colon) {
        return false;
    }
    let mut names = split_names(&c[3]);
    if names.is_empty() {
        // "For (52)" or a "Yeas:" table with the names on the lines after it.
        for next in lines[li + 1..]
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
        {
            // "Mrs Dean, Mr Webb Amendment lost.": the names, then the outcome.
            let (next, outcome) = match OUTCOME_TAIL.find(next) {
                Some(m) if m.start() > 0 => (next[..m.start()].trim(), true),
                _ => (next, false),
            };
            if VOTE_LINE.is_match(next) || !looks_like_names(next) {
                break;
            }
            names.extend(split_names(next));
            if outcome {
                break;
            }
        }
    }
    let count: usize = c
        .get(2)
        .and_then(|m| m.as_str().parse().ok())
        .unwrap_or(names.len());
    let names = if names.len() == count {
        names
    } else {
        vec![String::new(); count]
    };
    let side = c[1].split_whitespace().collect::<Vec<_>>().join(" ");
    match side.to_lowercase().as_str() {
        "for" | "yeas" | "ayes" | "o blaid" => votes.for_ = names,
        "against" | "nays" | "noes" | "yn erbyn" => votes.against = names,
        _ => votes.abstain = names,
    }
    true
}

/// The recorded vote of a passage ("For (12) … Against (42) … Abstain (7) …"), if it has one.
pub(super) fn votes_in(scope: &str) -> Option<Votes> {
    let lines: Vec<&str> = scope.lines().collect();
    let mut votes = Votes::default();
    let mut voted = false;
    for li in 0..lines.len() {
        voted |= vote_line(&lines, li, &mut votes);
    }
    voted.then_some(votes)
}

/// The names of a vote list: "Mr Baker, Mr Brady and Mrs Bell" (titles kept, as printed).
fn split_names(list: &str) -> Vec<String> {
    list.replace(" and ", ", ")
        .split([',', ';', '|'])
        .map(|n| {
            n.trim()
                .trim_start_matches("Councillor ")
                .trim_start_matches("Cllr ")
                .trim_end_matches('.')
                .trim()
                .to_string()
        })
        .filter(|n| !n.is_empty() && n != "-" && !n.chars().all(|c| c == '-'))
        .collect()
}

/// Whether a line is a list of names (each part short and capitalised).
fn looks_like_names(line: &str) -> bool {
    let parts = split_names(line);
    !parts.is_empty()
        && line.len() < 600
        && !OUTCOME.is_match(line)
        && parts
            .iter()
            .all(|p| p.split_whitespace().count() <= 5 && p.starts_with(|c: char| c.is_uppercase()))
}

/// Words that end a proposer's or seconder's name when the name runs on into the next
/// clause ("... seconded by Cllr. P. Harries Cytunwyd yn unfrydol").
const AFTER_NAME: &[&str] = &[
    "Cytunwyd",
    "Penderfynwyd",
    "Roedd",
    "Gyda",
    "Agreed",
    "Resolved",
    "RESOLVED",
    "It",
    "The",
    "That",
    "And",
    "With",
    "All",
    "Members",
    "Unanimously",
];

/// A proposer's or seconder's name as matched, cut where the next clause begins; `None` if
/// nothing of a name is left.
pub(super) fn mover_name(raw: &str) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    for w in raw.split_whitespace() {
        if AFTER_NAME.contains(&w) {
            break;
        }
        words.push(w);
    }
    let name = words.join(" ");
    let mut name = name.trim_end_matches([',', ';']).trim();
    // "Siân Lewis." ends a sentence; "J." is an initial.
    if name.ends_with('.')
        && name
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 1)
    {
        name = &name[..name.len() - 1];
    }
    (!name.is_empty()).then(|| name.to_string())
}

fn normalise_outcome(word: &str) -> String {
    match word.to_lowercase().as_str() {
        "fell" | "defeated" | "failed" => "lost".into(),
        "passed" => "carried".into(),
        w => w.to_string(),
    }
}

/// A line of short minutes that records a motion by who moved and seconded it, or opens with
/// its outcome ("Minutes from 11/30/17 meeting approved – Z. Maiorca (motion), T. Feinberg
/// (second)", "APPROVED – Revised 2018 budget – B. Munro (motion), Z. Maiorca (second)",
/// "APPROVED – 2018 Meetings Calendar"): the business, its mover and seconder in brackets.
static MOTION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    let name = r"(?:[A-Z]\.[ \t]*)+[A-Z][A-Za-z'’-]+|[A-Z][a-z]+[ \t]+[A-Z][A-Za-z'’-]+";
    Regex::new(&format!(
        r"(?m)^[ \t]*(?:[-•o][ \t]+)?(?:(APPROVED|ADOPTED|CARRIED|PASSED|DENIED|REJECTED|FAILED)[ \t]*[–—:-][ \t]*)?([^\n]{{4,200}}?)(?:[ \t]*[–—-][ \t]*({name})[ \t]*\((?i:motion|moved|mover)\),?[ \t]*({name})[ \t]*\((?i:second|seconded|seconder)\))?[ \t]*$"
    ))
    .unwrap()
});

/// The motions short minutes record one a line ([`MOTION_LINE`]): each a resolution with its
/// mover, seconder and the outcome the line states (an opening "APPROVED", or the business
/// "approved"); a line with neither movers nor an outcome word is no motion.
pub(super) fn motion_lines(section: usize, text: &str, out: &mut Vec<(usize, Decision)>) {
    // Only lines that name a mover or open with an outcome in capitals are read with the
    // pattern: most lines of minutes are neither, and are passed over cheaply.
    const CUES: [&str; 10] = [
        "(motion", "(Motion", "(moved", "(Moved", "APPROVED", "ADOPTED", "CARRIED", "PASSED",
        "DENIED", "REJECTED",
    ];
    let lines = text
        .lines()
        .filter(|l| CUES.iter().any(|c| l.contains(c)) || l.contains("FAILED"));
    for c in lines.filter_map(|l| MOTION_LINE.captures(l)) {
        let moved = c.get(3).is_some();
        let Some(business) = c.get(2).map(|m| m.as_str().trim()) else {
            continue;
        };
        let lead = c.get(1).map(|m| m.as_str());
        if !moved && lead.is_none() {
            continue;
        }
        let last_word = business
            .rsplit(|ch: char| !ch.is_alphabetic())
            .find(|w| !w.is_empty())
            .unwrap_or("")
            .to_lowercase();
        let outcome = match lead {
            Some("APPROVED" | "ADOPTED" | "CARRIED" | "PASSED") => Some("agreed"),
            Some(_) => Some("lost"),
            None => matches!(
                last_word.as_str(),
                "approved" | "adopted" | "passed" | "carried" | "agreed"
            )
            .then_some("agreed"),
        };
        let motion = Motion {
            proposer: c.get(3).map(|m| m.as_str().to_string()),
            seconder: c.get(4).map(|m| m.as_str().to_string()),
            outcome: outcome.map(str::to_string),
            votes: None,
        };
        super::decisions::push_decision(
            out,
            section,
            DecisionKind::Resolution,
            None,
            business.to_string(),
            Some(&motion),
        );
    }
}
