//! References: what a paper cites that ties it to a matter, as the paper writes it.
//!
//! Decision numbers (`24/00109`), planning applications (`108531/CND/22`, and where the paper
//! is about planning the older letter-prefixed numbers `H/63231`, `E/32139`), Planning
//! Inspectorate appeals, candidate sites, planning files and procurements are read from text
//! and from the name the publisher gave a file; meetings, items and questions are built from
//! what the papers state about themselves (see [`crate::meetings`], [`crate::items`],
//! [`crate::questions`]).

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// What kind of reference ties a matter's papers together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefKind {
    /// A decision number of a forward plan (`24/00109`).
    Decision,
    /// A planning application (`108531/CND/22`).
    PlanningApplication,
    /// A Planning Inspectorate appeal (`APP/C1625/W/16/3159572`).
    Appeal,
    /// A local development plan candidate site (`SR/042/002`).
    CandidateSite,
    /// A planning file number (`Z-9815`, `OZ-25018`: zoning and official plan amendments).
    PlanningFile,
    /// A procurement (`RFP2024-256`, `RFT2024-246`, single source `SS-2025-093`).
    Procurement,
    /// A meeting: a date and a body (`2025-01-30-cabinet`, see [`crate::meetings`]).
    Meeting,
    /// An item of business of a meeting (`2025-01-30-cabinet-7`, see [`crate::items`]).
    Item,
    /// A written parliamentary question and the date of its answer (`4169-2024-09-09`, see
    /// [`crate::questions`]).
    Question,
}

impl RefKind {
    /// Every kind.
    pub const ALL: [RefKind; 9] = [
        RefKind::Decision,
        RefKind::PlanningApplication,
        RefKind::Appeal,
        RefKind::CandidateSite,
        RefKind::PlanningFile,
        RefKind::Procurement,
        RefKind::Meeting,
        RefKind::Item,
        RefKind::Question,
    ];

    /// The kinds written as a reference in a paper or a file name (all but meetings, items
    /// and questions, which are read from what the papers state about themselves).
    pub const WRITTEN: [RefKind; 6] = [
        RefKind::Decision,
        RefKind::PlanningApplication,
        RefKind::Appeal,
        RefKind::CandidateSite,
        RefKind::PlanningFile,
        RefKind::Procurement,
    ];

    /// The prefix of the kind's matter ids.
    pub fn slug(self) -> &'static str {
        match self {
            RefKind::Decision => "decision",
            RefKind::PlanningApplication => "application",
            RefKind::Appeal => "appeal",
            RefKind::CandidateSite => "site",
            RefKind::PlanningFile => "file",
            RefKind::Procurement => "procurement",
            RefKind::Meeting => "meeting",
            RefKind::Item => "item",
            RefKind::Question => "question",
        }
    }

    /// What to call it on a page.
    pub fn label(self) -> &'static str {
        match self {
            RefKind::Decision => "Decision",
            RefKind::PlanningApplication => "Planning application",
            RefKind::Appeal => "Planning appeal",
            RefKind::CandidateSite => "Candidate site",
            RefKind::PlanningFile => "Planning file",
            RefKind::Procurement => "Procurement",
            RefKind::Meeting => "Meeting",
            RefKind::Item => "Agenda item",
            RefKind::Question => "Written question",
        }
    }

    /// The reference as written in text: the whole match is the canonical reference (for a
    /// meeting, an item or a question, its canonical form `2025-01-30-cabinet`,
    /// `2025-01-30-cabinet-7`, `4169-2024-09-09`, never read from text).
    fn text_pattern(self) -> &'static Regex {
        static PATTERNS: LazyLock<[Regex; 9]> = LazyLock::new(|| {
            [
                Regex::new(r"\b\d{2}/\d{5}\b").unwrap(),
                Regex::new(r"\b\d{5,6}/(?:FUL|HHA|LBC|CND|VAR|NMA|OUT|RES|ADV|CPL|CPE|TPO|DEM|PIP|LDC|HHP|TEL|CAC|REM)/\d{2}\b").unwrap(),
                Regex::new(r"\bAPP/[A-Z]\d{4}/[A-Z]/\d{2}/\d{7}\b").unwrap(),
                Regex::new(r"\b[A-Z]{2}/\d{3}/\d{3}\b").unwrap(),
                Regex::new(r"\b(?:OZ|Z|TZ|SPA|ZBA)-\d{4,5}\b").unwrap(),
                Regex::new(r"\b(?:RFP|RFT|RFQ|RFI)-?\d{4}-\d{3}\b|\bSS-\d{4}-\d{3}\b").unwrap(),
                Regex::new(r"^\d{4}-\d{2}-\d{2}(?:-[a-z0-9]+)+$").unwrap(),
                Regex::new(r"^\d{4}-\d{2}-\d{2}(?:-[a-z0-9]+)+-\d{1,3}[a-z]?$").unwrap(),
                Regex::new(r"^\d{1,6}-\d{4}-\d{2}-\d{2}$").unwrap(),
            ]
        });
        &PATTERNS[self as usize]
    }

    /// Whether `reference` is a whole reference of this kind in its canonical form.
    fn is_canonical(self, reference: &str) -> bool {
        let whole = |re: &Regex| {
            re.find(reference)
                .is_some_and(|m| m.start() == 0 && m.end() == reference.len())
        };
        whole(self.text_pattern())
            || (self == RefKind::PlanningApplication
                && letter_applications_in_text(reference)
                    .first()
                    .is_some_and(|r| r.reference == reference))
    }

    /// The reference as written in a file or folder name (`-` or `_` for `/`).
    fn name_pattern(self) -> &'static Regex {
        static PATTERNS: LazyLock<[Regex; 9]> = LazyLock::new(|| {
            [
                Regex::new(r"(?:^|[^\d\-_])(\d{2})[-_](\d{5})(?:$|[^\d\-_])").unwrap(),
                Regex::new(r"(?:^|[^\d])(\d{5,6})[-_](FUL|HHA|LBC|CND|VAR|NMA|OUT|RES|ADV|CPL|CPE|TPO|DEM|PIP|LDC|HHP|TEL|CAC|REM)[-_](\d{2})(?:$|[^\d])").unwrap(),
                Regex::new(r"APP[-_]([A-Z]\d{4})[-_]([A-Z])[-_](\d{2})[-_](\d{7})").unwrap(),
                Regex::new(r"(?:^|[^A-Za-z])([A-Z]{2})[-_](\d{3})[-_](\d{3})(?:$|[^\d])").unwrap(),
                // File numbers and procurements are written with hyphens anyway: the text
                // pattern reads them in file names too.
                Regex::new(r"(?:^|[^A-Za-z])((?:OZ|Z|TZ|SPA|ZBA)-\d{4,5})(?:$|[^\d])").unwrap(),
                Regex::new(r"(?:^|[^A-Za-z])((?:RFP|RFT|RFQ|RFI)-?\d{4}-\d{3}|SS-\d{4}-\d{3})(?:$|[^\d])").unwrap(),
                // Meetings, items and questions are not read from file names as references.
                Regex::new(r"[^\s\S]").unwrap(),
                Regex::new(r"[^\s\S]").unwrap(),
                Regex::new(r"[^\s\S]").unwrap(),
            ]
        });
        &PATTERNS[self as usize]
    }
}

/// A reference: its kind and its canonical form (`24/00109`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Reference {
    /// The kind.
    pub kind: RefKind,
    /// The canonical form, as papers write it.
    pub reference: String,
}

impl Reference {
    /// The matter id of this reference (`decision-24-00109`), safe in a URL path.
    pub fn matter_id(&self) -> String {
        format!("{}-{}", self.kind.slug(), self.reference.replace('/', "-"))
    }

    /// The reference of a matter id, if it is one.
    pub fn from_matter_id(id: &str) -> Option<Reference> {
        RefKind::ALL.into_iter().find_map(|kind| {
            let rest = id.strip_prefix(kind.slug())?.strip_prefix('-')?;
            // `/` became `-` in the id; references written with hyphens kept theirs.
            [rest.replace('-', "/"), rest.to_string()]
                .into_iter()
                .find(|reference| kind.is_canonical(reference))
                .map(|reference| Reference { kind, reference })
        })
    }
}

/// References written in `text`.
pub fn references_in_text(text: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    for kind in RefKind::WRITTEN {
        for m in kind.text_pattern().find_iter(text) {
            // Part of a longer slash-separated reference (`APP/…/16/3159572`): not this one.
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            if before == Some('/') || after == Some('/') {
                continue;
            }
            push_unique(
                &mut out,
                Reference {
                    kind,
                    reference: m.as_str().to_string(),
                },
            );
        }
    }
    out
}

/// References in a source path's file name.
pub fn references_in_source(source: &str) -> Vec<Reference> {
    // Only the file name: the name the publisher gave the paper. The folders above it were
    // made by whoever collected the files and say nothing about the paper.
    let name = source.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut out = Vec::new();
    for kind in RefKind::WRITTEN {
        for caps in kind.name_pattern().captures_iter(name) {
            let pieces: Vec<&str> = caps.iter().skip(1).flatten().map(|m| m.as_str()).collect();
            let reference = match kind {
                RefKind::Appeal => format!("APP/{}", pieces.join("/")),
                _ => pieces.join("/"),
            };
            push_unique(&mut out, Reference { kind, reference });
        }
    }
    out
}

fn push_unique(out: &mut Vec<Reference>, reference: Reference) {
    if !out.contains(&reference) {
        out.push(reference);
    }
}

/// Planning application numbers of the older form, a letter and a number (`H/63231`,
/// `E/32139`), written in `text` of a paper about planning (see [`about_planning`]): alone
/// they could be anything.
pub fn letter_applications_in_text(text: &str) -> Vec<Reference> {
    static LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b[A-Z]/\d{4,6}\b").unwrap());
    let mut out = Vec::new();
    for m in LETTER.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        // Part of a longer reference (`APP/C/1625/…`, `S.16/0940`, `E/3271/1`): not this one.
        if matches!(before, Some('/' | '.')) || matches!(after, Some('/')) {
            continue;
        }
        push_unique(
            &mut out,
            Reference {
                kind: RefKind::PlanningApplication,
                reference: m.as_str().to_string(),
            },
        );
    }
    out
}

/// Whether a paper's text is about planning applications (in English or Welsh), so that a
/// letter-prefixed number in it reads as one.
pub fn about_planning(text: &str) -> bool {
    static PLANNING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bplanning\s+(?:application|permission)|\bapplication\s+(?:number|no\b|ref)|\bcais\s+cynllunio|\bcaniatâd\s+cynllunio").unwrap()
    });
    PLANNING.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(kind: RefKind, reference: &str) -> Reference {
        Reference {
            kind,
            reference: reference.to_string(),
        }
    }

    #[test]
    fn references_are_read_from_text_and_file_names() {
        assert_eq!(
            references_in_text("Decision no: 24/00109 Key decision; see 1/2/2024 and 2024/25"),
            [r(RefKind::Decision, "24/00109")]
        );
        assert_eq!(
            references_in_text("Appeal Ref: APP/C1625/W/16/3159572 and application 108531/CND/22"),
            [
                r(RefKind::PlanningApplication, "108531/CND/22"),
                r(RefKind::Appeal, "APP/C1625/W/16/3159572"),
            ]
        );
        assert_eq!(
            references_in_text("Candidate Sites SR/042/002, SR/165/005"),
            [
                r(RefKind::CandidateSite, "SR/042/002"),
                r(RefKind::CandidateSite, "SR/165/005"),
            ]
        );
        assert_eq!(
            references_in_source(
                "kent/cabinet/2025-01-30/originals/24-00109 - Appendix C - DPIA Screening.pdf"
            ),
            [r(RefKind::Decision, "24/00109")]
        );
        assert_eq!(
            references_in_source(
                "trafford/109346-VAR-22/APPENDIX_1_108835_CPL_22-OFFICER_REPORT.md"
            ),
            [r(RefKind::PlanningApplication, "108835/CPL/22")],
            "the file name, not the collector's folder"
        );
        assert_eq!(
            references_in_text(
                "1378-1398 Commissioners Road West (Z-9815); By-law No. Z.-1; RFP2024-256, SS-2025-093"
            ),
            [
                r(RefKind::PlanningFile, "Z-9815"),
                r(RefKind::Procurement, "RFP2024-256"),
                r(RefKind::Procurement, "SS-2025-093"),
            ]
        );
        assert_eq!(
            letter_applications_in_text(
                "planning permission H/63231; Appeal APP/C/1625/W/15/3139586; S.16/0940/FUL"
            ),
            [r(RefKind::PlanningApplication, "H/63231")]
        );
        assert!(about_planning("Application Number: H/63231"));
        assert!(about_planning("gwrthod caniatâd cynllunio E/32139"));
        assert!(!about_planning("Form A/12345 of the census"));
        // Dates, phone numbers and years are not references.
        assert!(references_in_source("minutes/2025-01-30 Cabinet 0161-91234.pdf").is_empty());
        assert!(references_in_text("On 30/01/2025 call 01622/694000; 2024/25 budget").is_empty());
    }

    #[test]
    fn matter_ids_round_trip_and_junk_is_refused() {
        for reference in [
            r(RefKind::Decision, "24/00109"),
            r(RefKind::PlanningApplication, "108531/CND/22"),
            r(RefKind::Appeal, "APP/C1625/W/16/3159572"),
            r(RefKind::CandidateSite, "SR/042/002"),
            r(RefKind::PlanningFile, "OZ-25018"),
            r(RefKind::Procurement, "SS-2025-093"),
            r(RefKind::PlanningApplication, "H/63231"),
            r(RefKind::Meeting, "2025-01-30-cabinet"),
            r(RefKind::Item, "2025-01-30-cabinet-7"),
            r(RefKind::Question, "4169-2024-09-09"),
        ] {
            assert_eq!(
                Reference::from_matter_id(&reference.matter_id()),
                Some(reference)
            );
        }
        for junk in [
            "",
            "decision-",
            "decision-24-001090",
            "x-24-00109",
            "decision-24-00109-1",
        ] {
            assert_eq!(Reference::from_matter_id(junk), None, "{junk}");
        }
    }
}
