//! Report facts stated on a committee report's cover: key decision (yes/no), the forward
//! plan reference and the wards affected, in the layouts councils print them.

use crate::blocks::key_value;
use council_model::ReportFacts;
use regex::Regex;
use std::sync::LazyLock;

/// "Key decision: Yes – Reference: KD1234", "Is Key decision?: No", "This is a key decision".
pub(super) static KEY_DECISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:is\s+(?:this\s+|it\s+)?(?:a\s+)?)?key\s+decision(?:\s*\(\s*y(?:es)?\s*/\s*n(?:o)?\s*\))?\s*\??\s*[:|\t–—-]?\s*(yes|no|y|n)(?-u:\b)(.*)$").unwrap()
});

/// "This is a key decision", "This report is not a Key Decision".
static KEY_DECISION_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^this\s+(?:report\s+|decision\s+|item\s+|proposal\s+)?(?:is|relates\s+to)\s+(not\s+)?a\s+key\s+decision").unwrap()
});

/// "Forward Plan reference: FP/2023/045", "Decision number: 23/00045", "Ref: KD 1234".
static FORWARD_PLAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^((?:forward\s+plan|key\s+decision|decision|kd|fp)\s+(?:ref(?:erence)?|no|number|item|id)\.?|forward\s+plan|reference|ref\.?)(?:\s*\(s\))?\s*[:|\t–—-]\s*(.+)$").unwrap()
});

/// A reference as printed: "FP/2023/045", "23/00045", "KD 1234", "KD.23.12".
static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[A-Za-z]{1,6}[ /.-]?)?\d[A-Za-z0-9_/.-]*").unwrap());

/// A reference given after a key decision's "Yes": "– Reference: KD1234", "(Ref FP/12)".
static REFERENCE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\b(?:ref(?:erence)?|no|number)\.?\s*[:.]?\s*((?:[A-Za-z]{1,6}[ /.-]?)?\d[A-Za-z0-9_/.-]*)").unwrap()
});

/// "Wards affected: All", "Ward(s): Altrincham; Hale Central", "Electoral division(s): All".
static WARDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:wards?(?:\s*\(s\))?(?:\s+(?:affected|concerned))?|(?:electoral\s+)?divisions?(?:\s*\(s\))?\s+(?:affected|concerned)|electoral\s+divisions?(?:\s*\(s\))?|wards?(?:\s*\(s\))?\s*(?:/|and|&)\s*(?:electoral\s+)?divisions?(?:\s*\(s\))?(?:\s+affected)?|local\s+wards?)\s*[:|\t–—-]\s*(.*)$").unwrap()
});

/// Reads a cover line that states a report fact into `facts` (the first statement of each
/// fact wins); `next` is the following block, for a key whose value is on the next line.
/// Returns whether the line was such a fact.
pub(super) fn read_report_fact(text: &str, next: Option<&str>, facts: &mut ReportFacts) -> bool {
    // A cheap first look: every such line names its fact in its first words.
    let head_end = text.char_indices().nth(48).map_or(text.len(), |(i, _)| i);
    let head = text[..head_end].to_ascii_lowercase();
    if !["decision", "ref", "plan", "ward", "division"]
        .iter()
        .any(|w| head.contains(w))
    {
        return false;
    }
    if let Some(c) = KEY_DECISION
        .captures(text)
        .filter(|c| !c[2].starts_with('/'))
    {
        // ("Key decision: N/A" says nothing.)
        let yes = c[1].to_lowercase().starts_with('y');
        facts.key_decision.get_or_insert(yes);
        if yes && facts.forward_plan.is_none() {
            facts.forward_plan = REFERENCE_AFTER
                .captures(&c[2])
                .and_then(|r| reference(&r[1]));
        }
        return true;
    }
    if let Some(c) = KEY_DECISION_PROSE.captures(text) {
        facts.key_decision.get_or_insert(c.get(1).is_none());
        return true;
    }
    if let Some(c) = FORWARD_PLAN.captures(text) {
        let key = c[1].to_lowercase();
        let value = c[2].trim();
        // A bare "Ref:" is any reference (a letter's, a planning application's): only one
        // that says it is a key decision's or the forward plan's counts.
        let generic = key.starts_with("ref");
        let value_ok = !generic || {
            let v = value.to_lowercase();
            v.starts_with("kd") || v.starts_with("fp")
        };
        if value_ok {
            if facts.forward_plan.is_none() {
                facts.forward_plan = reference(value);
            }
            return true;
        }
        return false;
    }
    if let Some(c) = WARDS.captures(text) {
        let mut value = c[1].trim();
        if value.is_empty() {
            value = next
                .filter(|n| n.len() < 200 && key_value(n).is_none())
                .unwrap_or("");
        }
        if facts.wards.is_empty() {
            facts.wards = wards(value);
        }
        return true;
    }
    false
}

/// A reference as printed at the start of `value` ("FP/2023/045 (published ...)"), or `None`
/// for "N/A", "None" and prose.
fn reference(value: &str) -> Option<String> {
    let m = REFERENCE.find(value.trim())?;
    let r = m.as_str().trim_end_matches(['.', '/', '-']);
    (r.len() <= 30 && r.chars().any(|c| c.is_ascii_digit())).then(|| r.to_string())
}

/// The wards of a "Wards affected" value: "All" (any "All wards", "All electoral divisions")
/// is `["All"]`; "None" or "N/A" is none; else the names as printed, split at `;` and `,`.
fn wards(value: &str) -> Vec<String> {
    let v = value.trim().trim_end_matches('.').trim();
    let lower = v.to_lowercase();
    if lower == "all" || lower.starts_with("all ") || lower.starts_with("all,") {
        return vec!["All".to_string()];
    }
    let none = [
        "n/a",
        "na",
        "none",
        "not applicable",
        "none specific",
        "-",
        "–",
        "no specific ward",
        "not ward specific",
    ];
    if none.contains(&lower.as_str()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for part in v.split([';', ',', '\n']) {
        let p = part.trim().trim_end_matches('.').trim();
        if p.is_empty() {
            continue;
        }
        if !p.starts_with(|c: char| c.is_uppercase()) || p.split_whitespace().count() > 6 {
            break;
        }
        if !out.iter().any(|w: &String| w == p) {
            out.push(p.to_string());
        }
    }
    out
}
