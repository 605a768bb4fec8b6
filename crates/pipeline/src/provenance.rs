//! Provenance: whose paper it is and which meeting it was published for.
//!
//! The parse of one file says what the paper itself says (its own words: the cover, a
//! running header, "Minutes of … held on …", see [`crate::entities`]). Around it, three
//! sources say more, in order of trust:
//!
//! 1. **Declared** by whoever ingests: a [`META_FILE`] (`.council.json`) in a folder applies
//!    to every file below it (council, and optionally body, meeting date, original URL
//!    base; a nearer file overrides a farther one field by field), and `--council` on the
//!    command line applies to the whole run. Declared values override everything.
//! 2. **The meeting** a paper was published for: file names in the common
//!    democracy-software style (`Agenda frontsheet 13th-Feb-2025 09.30 County Council.pdf`)
//!    carry the meeting date and body ([`meeting_from_file_name`]); the papers of one meeting
//!    folder (a folder and its sub-folders such as `originals/`) share that meeting, and the
//!    meeting's lead paper (its agenda or front sheet, else its printed minutes) gives its
//!    council to every paper of the folder. A paper that states its own meeting keeps it.
//! 3. **The paper's own words** (what the parse found), where 1 and 2 say nothing.
//!
//! Council names end as the official name in the ONS gazetteer ([`official_council`]).
//! What no source says stays `None`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use council_model::{Document, Meeting};
use regex::Regex;
use serde::Deserialize;

use crate::ParseOptions;

/// The name of the folder metadata file (hidden, so an ingest does not read it as a paper).
pub const META_FILE: &str = ".council.json";

/// What a [`META_FILE`] declares for the files below its folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FolderMeta {
    /// The publishing council.
    #[serde(default)]
    pub council: Option<String>,
    /// The meeting body (committee, Cabinet, full Council).
    #[serde(default)]
    pub body: Option<String>,
    /// The meeting date, `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    /// The address the folder's files were published at: a file's original URL is this
    /// base joined with its path below the folder.
    #[serde(default)]
    pub url_base: Option<String>,
}

impl FolderMeta {
    /// Reads and checks the metadata file of `dir`; `Ok(None)` when there is none.
    pub fn read(dir: &Path) -> Result<Option<FolderMeta>, String> {
        let path = dir.join(META_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let meta: FolderMeta =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(date) = &meta.date {
            if !is_iso_date(date) {
                return Err(format!(
                    "{}: date {date:?} is not YYYY-MM-DD",
                    path.display()
                ));
            }
        }
        Ok(Some(meta))
    }

    /// `self` with the fields `nearer` sets replaced.
    fn overridden_by(mut self, nearer: &FolderMeta, nearer_dir: &Path, file: &Path) -> Self {
        if nearer.council.is_some() {
            self.council = nearer.council.clone();
        }
        if nearer.body.is_some() {
            self.body = nearer.body.clone();
        }
        if nearer.date.is_some() {
            self.date = nearer.date.clone();
        }
        if let Some(base) = &nearer.url_base {
            let below: Vec<String> = file
                .strip_prefix(nearer_dir)
                .unwrap_or(file)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            self.url_base = Some(format!(
                "{}/{}",
                base.trim_end_matches('/'),
                below.join("/")
            ));
        }
        self
    }
}

fn is_iso_date(s: &str) -> bool {
    let mut parts = s.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let ok = y.len() == 4 && m.len() == 2 && d.len() == 2;
    match (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
        (Ok(y), Ok(m), Ok(d)) if ok => crate::dates::iso(y, m, d).is_some(),
        _ => false,
    }
}

/// The meeting a democracy-software file name names: `… 13th-Feb-2025 09.30 County
/// Council.pdf` gives date `2025-02-13` and body `County Council`.
pub fn meeting_from_file_name(name: &str) -> Option<Meeting> {
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|[\s_-])(\d{1,2})(?:st|nd|rd|th)?-([a-z]{3,9})-(\d{4})\s+\d{1,2}[.:]\d{2}\s+([A-Za-z][^.]*?)\s*(?:\.[a-z0-9]{2,4})?$").unwrap()
    });
    let c = NAME.captures(name)?;
    let month = crate::dates::month_number(&c[2])?;
    let day: u32 = c[1].parse().ok()?;
    let year: u32 = c[3].parse().ok()?;
    let date = crate::dates::iso(year as i32, month, day)?;
    let body = c[4].trim().to_string();
    Some(Meeting {
        body: (!body.is_empty()).then_some(body),
        date: Some(date),
        item: None,
    })
}

/// A council name as the ONS gazetteer has it ("Bristol City Council" for "Bristol, City
/// of"), or the name with "and" for "&" when the gazetteer does not know it.
pub fn official_council(name: &str) -> String {
    // One council, two spellings: "Limerick City & County Council" is "Limerick City and
    // County Council" (the gazetteer's names all write "and").
    let name = name.trim().replace(" & ", " and ");
    crate::entities::known_council(&name).unwrap_or(name)
}

/// What a meeting folder says about the meeting its papers were published for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeetingFacts {
    /// The council of the meeting's lead paper (its own words).
    pub council: Option<String>,
    /// The meeting as the folder's file names give it.
    pub meeting: Option<Meeting>,
}

/// Adds declared and meeting provenance to parsed documents; shared by the threads of one
/// ingest (folder metadata and meeting facts are read once per folder).
pub struct Provenance {
    root: Option<PathBuf>,
    council: Option<String>,
    metas: Mutex<HashMap<PathBuf, Option<FolderMeta>>>,
    meetings: Mutex<HashMap<PathBuf, Arc<OnceLock<MeetingFacts>>>>,
}

impl Provenance {
    /// Provenance for files below `root` (`None`: any folder up to the file system root),
    /// with `council` declared for every file (`--council`).
    pub fn new(root: Option<PathBuf>, council: Option<String>) -> Provenance {
        Provenance {
            root,
            council: council.filter(|c| !c.trim().is_empty()),
            metas: Mutex::new(HashMap::new()),
            meetings: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `dir` is inside the root (always, without a root).
    fn within(&self, dir: &Path) -> bool {
        self.root.as_deref().is_none_or(|r| dir.starts_with(r))
    }

    /// The folder metadata that applies to `file`: the metadata files from the root down to
    /// its folder, nearer fields overriding farther ones, then `--council` over all. A
    /// metadata file that cannot be read is reported and costs only itself.
    pub fn declared(&self, file: &Path) -> FolderMeta {
        let mut dirs: Vec<&Path> = file
            .ancestors()
            .skip(1)
            .take_while(|d| self.within(d))
            .collect();
        dirs.reverse();
        let mut meta = FolderMeta::default();
        for dir in dirs {
            let found = {
                let mut metas = self.metas.lock().unwrap_or_else(|e| e.into_inner());
                metas
                    .entry(dir.to_path_buf())
                    .or_insert_with(|| {
                        FolderMeta::read(dir).unwrap_or_else(|e| {
                            tracing::warn!("folder metadata ignored: {e}");
                            None
                        })
                    })
                    .clone()
            };
            if let Some(nearer) = found {
                meta = meta.overridden_by(&nearer, dir, file);
            }
        }
        if let Some(c) = &self.council {
            meta.council = Some(c.clone());
        }
        meta
    }

    /// The facts of the meeting folder `file` belongs to (computed once per folder; the
    /// lead paper is parsed with `options`).
    pub fn meeting(&self, file: &Path, options: &ParseOptions) -> MeetingFacts {
        let Some(group) = self.meeting_group(file) else {
            return MeetingFacts::default();
        };
        let cell = {
            let mut meetings = self.meetings.lock().unwrap_or_else(|e| e.into_inner());
            meetings.entry(group.dir.clone()).or_default().clone()
        };
        cell.get_or_init(|| group.facts(options)).clone()
    }

    /// The meeting folder of `file`: its own folder, or its parent with the parent's
    /// sub-folders (`meeting/originals/`, `meeting/public_packs/`), whichever holds
    /// democracy-software file names of one meeting.
    fn meeting_group(&self, file: &Path) -> Option<MeetingGroup> {
        let dir = file.parent()?;
        let own = MeetingGroup::of(dir, false);
        let parent = dir
            .parent()
            .filter(|p| self.within(p) && p.parent().is_some() && !p.as_os_str().is_empty())
            .and_then(|p| MeetingGroup::of(p, true));
        match (own, parent) {
            (Some(o), Some(p)) if o.meeting == p.meeting => Some(p),
            (Some(o), _) => Some(o),
            (None, p) => p,
        }
    }

    /// Sets council, meetings and original URL of `documents` (parsed from `file`) from
    /// what is declared, the meeting they were published for and their own words, in that
    /// order of trust (see the module documentation).
    pub fn apply(&self, file: &Path, documents: &mut [Document], options: &ParseOptions) {
        let declared = self.declared(file);
        let own_name = file
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(meeting_from_file_name);
        let needs_meeting = declared.council.is_none()
            || documents
                .iter()
                .any(|d| !d.meetings.iter().any(|m| m.date.is_some()));
        let facts = if needs_meeting {
            self.meeting(file, options)
        } else {
            MeetingFacts::default()
        };
        let published_for = own_name.clone().or(facts.meeting.clone());
        for doc in documents.iter_mut() {
            let council = declared
                .council
                .clone()
                .or_else(|| facts.council.clone())
                .or_else(|| doc.council.clone())
                .or_else(|| author_council(doc));
            doc.council = council.map(|c| official_council(&c));
            // Minutes state the meeting they record ("MINUTES of a meeting of the Cabinet
            // held … on Thursday, 30 January 2025"): a copy filed with a later meeting's
            // papers is dated by the meeting it records, not by its folder, and says which
            // meeting's papers it was filed with.
            if let Some(date) = recorded_date(doc) {
                let first = first_meeting(doc);
                if first.date.is_none() {
                    first.date = Some(date);
                }
            }
            doc.filed_for = published_for
                .as_ref()
                .filter(|m| m.date.is_some() && is_other_meeting(doc, m))
                .cloned();
            let is_agenda = doc.kind == council_model::DocumentKind::Agenda;
            match (&own_name, &published_for) {
                // An agenda is for the meeting its democracy-software file name names.
                (Some(m), _) if is_agenda => {
                    let first = first_meeting(doc);
                    first.body = m.body.clone();
                    first.date = m.date.clone();
                }
                (_, Some(m)) if !doc.meetings.iter().any(|m| m.date.is_some()) => {
                    fill_meeting(doc, m)
                }
                _ => {}
            }
            if declared.body.is_some() || declared.date.is_some() {
                let first = first_meeting(doc);
                if declared.body.is_some() {
                    first.body = declared.body.clone();
                }
                if declared.date.is_some() {
                    first.date = declared.date.clone();
                }
            }
            if declared.url_base.is_some() {
                doc.url = declared.url_base.clone();
            }
        }
    }
}

/// The first words of a document (its title, then its sections' headings and text in
/// reading order), whitespace made single spaces, about `chars` characters.
fn head_text(doc: &Document, chars: usize) -> String {
    let mut head = String::new();
    let parts = doc.title.iter().map(String::as_str).chain(
        doc.sections
            .iter()
            .flat_map(|s| s.heading.as_deref().into_iter().chain([s.text.as_str()])),
    );
    for part in parts {
        if head.chars().count() >= chars {
            break;
        }
        for word in part.split_whitespace() {
            if !head.is_empty() {
                head.push(' ');
            }
            head.push_str(word);
        }
    }
    head
}

/// A council's full name: capitalised place words, then the kind of council.
const COUNCIL_NAME: &str = r"(?:[A-Z][\w'’&.-]*\s+){1,5}(?:City\s+and\s+County|City\s+&\s+County|County\s+Borough|Metropolitan\s+Borough|County|City|Borough|District|Parish|Town|Community)\s+Council";

/// The council a paper names as its author in its own words, where the parse found none:
/// minutes or an agenda of a meeting *of* a council ("Minutes of Proceedings at Special
/// Meeting of Limerick City and County Council"), or a paper that says whose response or
/// report it is ("Response from Horsley Parish Council"). A council the paper only mentions
/// is not its author; `None` when the head says nothing of the kind.
fn author_council(doc: &Document) -> Option<String> {
    static MEETING_OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i:(?-u:\b)meeting\s+of\s+(?:the\s+)?)({COUNCIL_NAME})(?-u:\b)"
        ))
        .unwrap()
    });
    static AUTHOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i:(?-u:\b)(?:response|submission|representations?|comments)\s+(?:from|of|by)\s+(?:the\s+)?)({COUNCIL_NAME})(?-u:\b)"
        ))
        .unwrap()
    });
    let is_record = matches!(
        doc.kind,
        council_model::DocumentKind::Minutes | council_model::DocumentKind::Agenda
    );
    let head = head_text(doc, 400);
    let named = if is_record {
        MEETING_OF
            .captures(&head)
            .or_else(|| AUTHOR.captures(&head))
    } else {
        AUTHOR.captures(&head)
    };
    let Some(named) = named else {
        return letterhead_council(doc);
    };
    let name = named[1].split_whitespace().collect::<Vec<_>>().join(" ");
    // "March County Council" (a month before a council type) names no place.
    let place = name.split(' ').next().unwrap_or("");
    if crate::dates::MONTH_NAMES
        .iter()
        .any(|m| m.eq_ignore_ascii_case(place))
    {
        return None;
    }
    Some(crate::entities::known_council(&name).unwrap_or(name))
}

/// The council whose address heads the paper, as a letter's sender's does: among the
/// paper's first words, a council's full name followed within a few words by an address
/// ("Corporate Services, Limerick City and County Council, Corporate Headquarters, Merchants
/// Quay, Limerick": a street, building or office word and a comma, or a full stop where a
/// scan misread it, a postcode or an Eircode). An address the paper is sent *to* ("To: …", "Dear …", "Report to …" just
/// before the name) is not its author's; a name without an address is no letterhead.
fn letterhead_council(doc: &Document) -> Option<String> {
    static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[^.;:]{0,40}?(?:(?-u:\b)(?i:quay|street|road|lane|avenue|square|hall|house|headquarters|offices?|centre|center|chambers)[,.]|(?-u:\b)(?i:eircode)(?-u:\b)|(?-u:\b)[A-Z]{1,2}[0-9][A-Z0-9]?\s+[0-9][A-Z]{2}(?-u:\b))").unwrap()
    });
    static ADDRESSEE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:(?-u:\b)to\s*:|(?-u:\b)dear(?-u:\b)|(?-u:\b)f\.?a\.?o(?-u:\b)|attention|(?-u:\b)to(?:\s+the)?[\s,]*$)").unwrap()
    });
    let head = head_text(doc, 800);
    crate::names::COUNCIL_NAME.find_iter(&head).find_map(|m| {
        let before: String = {
            let b: Vec<char> = head[..m.start()].chars().collect();
            b[b.len().saturating_sub(40)..].iter().collect()
        };
        let after: String = head[m.end()..].chars().take(80).collect();
        let after = after.trim_start_matches([',', ' ']);
        (!ADDRESSEE.is_match(&before) && ADDRESS.is_match(after) && named_again(doc, m.as_str()))
            .then(|| m.as_str().to_string())
    })
}

/// Whether the place of `name` is one the gazetteer knows, or one the paper names again
/// elsewhere: a misread letterhead ("Lirnerick City and County Council" in a scan) names
/// no place the paper speaks of.
fn named_again(doc: &Document, name: &str) -> bool {
    if crate::entities::known_council(name).is_some() {
        return true;
    }
    let place = name.split_whitespace().next().unwrap_or(name);
    let times: usize = doc
        .sections
        .iter()
        .map(|s| s.text.matches(place).count())
        .sum();
    times >= 2
}

/// The date minutes state the meeting they record was held on ("MINUTES of a meeting of
/// the Cabinet held in the Council Chamber … on Thursday, 30 January 2025"): the first date
/// after "held" in the head of minutes; `None` for other papers or when the head states none.
fn recorded_date(doc: &Document) -> Option<String> {
    if doc.kind != council_model::DocumentKind::Minutes {
        return None;
    }
    static HELD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)minutes(?-u:\b).{0,200}?(?-u:\b)held(?-u:\b)").unwrap()
    });
    let head = head_text(doc, 600);
    let held = HELD.find(&head)?;
    let after: String = head[held.end()..].chars().take(160).collect();
    let date = crate::dates::find_dates(&after).into_iter().next()?;
    // The date must follow the venue and "on", not a later clause.
    let before = format!(" {}", after[..date.span.start].to_lowercase());
    let before = before.trim_end();
    (before.is_empty() || before.contains(" on ") || before.ends_with(" on")).then_some(date.iso)
}

/// Whether minutes record another meeting than `published` (the meeting whose papers they
/// were filed with): they state a meeting date, and not its date. Other papers are for the
/// meeting they were published for.
fn is_other_meeting(doc: &Document, published: &Meeting) -> bool {
    doc.kind == council_model::DocumentKind::Minutes
        && doc
            .meetings
            .first()
            .and_then(|m| m.date.as_ref())
            .is_some_and(|d| Some(d) != published.date.as_ref())
}

fn first_meeting(doc: &mut Document) -> &mut Meeting {
    if doc.meetings.is_empty() {
        doc.meetings.push(Meeting::default());
    }
    &mut doc.meetings[0]
}

/// Gives a document that states no meeting date the meeting it was published for: its
/// first meeting takes the date (and the body, when it names none or the same one).
fn fill_meeting(doc: &mut Document, published: &Meeting) {
    let same_body = |m: &Meeting| match (&m.body, &published.body) {
        (None, _) => true,
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (Some(_), None) => false,
    };
    match doc.meetings.first_mut() {
        Some(m) if same_body(m) => {
            m.date = published.date.clone();
            if m.body.is_none() {
                m.body = published.body.clone();
            }
        }
        // The paper names another body (a report to Scrutiny filed with Cabinet's papers):
        // the meeting it was published for comes first, so that its citation has a date.
        Some(_) => doc.meetings.insert(0, published.clone()),
        None => doc.meetings.push(published.clone()),
    }
}

/// A meeting folder: its democracy-software file names and the meeting they agree on.
struct MeetingGroup {
    dir: PathBuf,
    meeting: Meeting,
    /// The files named for the meeting, the lead candidates.
    named: Vec<(PathBuf, u64)>,
}

impl MeetingGroup {
    /// The group of `dir` (and, with `deep`, its sub-folders): `None` when no file there
    /// names a meeting, or the names disagree and no agenda settles it.
    fn of(dir: &Path, deep: bool) -> Option<MeetingGroup> {
        let mut named: Vec<(PathBuf, u64, Meeting)> = Vec::new();
        let mut visit = |d: &Path, recurse: bool| -> Vec<PathBuf> {
            let mut subdirs = Vec::new();
            let Ok(entries) = std::fs::read_dir(d) else {
                return subdirs;
            };
            for e in entries.flatten() {
                let Ok(kind) = e.file_type() else { continue };
                let path = e.path();
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                if kind.is_dir() && recurse {
                    subdirs.push(path);
                } else if kind.is_file() {
                    if let Some(m) = meeting_from_file_name(&name) {
                        let size = e.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
                        named.push((path, size, m));
                    }
                }
            }
            subdirs
        };
        let subdirs = visit(dir, deep);
        for sub in subdirs {
            visit(&sub, false);
        }
        if named.is_empty() {
            return None;
        }
        let is_lead = |p: &Path| lead_rank(p) < 2;
        let leads: Vec<&Meeting> = named
            .iter()
            .filter(|(p, _, _)| is_lead(p))
            .map(|(_, _, m)| m)
            .collect();
        let pool: Vec<&Meeting> = if leads.is_empty() {
            named.iter().map(|(_, _, m)| m).collect()
        } else {
            leads
        };
        let meeting = pool[0].clone();
        if pool.iter().any(|m| {
            m.date != meeting.date
                || !m
                    .body
                    .as_deref()
                    .unwrap_or("")
                    .eq_ignore_ascii_case(meeting.body.as_deref().unwrap_or(""))
        }) {
            return None;
        }
        Some(MeetingGroup {
            dir: dir.to_path_buf(),
            named: named
                .into_iter()
                .filter(|(_, _, m)| m.date == meeting.date)
                .map(|(p, s, _)| (p, s))
                .collect(),
            meeting,
        })
    }

    /// Reads the lead paper: an agenda or front sheet first, then printed minutes, then
    /// any paper named for the meeting; the smallest of a rank (a front sheet, not a pack).
    fn facts(&self, options: &ParseOptions) -> MeetingFacts {
        let mut leads = self.named.clone();
        leads.sort_by_key(|(p, size)| (lead_rank(p), *size));
        let council = leads.first().and_then(|(path, _)| {
            let parsed = crate::parse_file(path, "", options).ok()?;
            parsed.documents.into_iter().find_map(|d| d.council)
        });
        MeetingFacts {
            council,
            meeting: Some(self.meeting.clone()),
        }
    }
}

/// 0 for an agenda or front sheet, 1 for minutes, 2 for anything else.
fn lead_rank(path: &Path) -> u8 {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.contains("agenda") || name.contains("frontsheet") || name.contains("front sheet") {
        0
    } else if name.contains("minutes") {
        1
    } else {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn democracy_file_names_give_date_and_body() {
        let m = meeting_from_file_name("Agenda frontsheet 13th-Feb-2025 09.30 County Council.pdf")
            .unwrap();
        assert_eq!(m.date.as_deref(), Some("2025-02-13"));
        assert_eq!(m.body.as_deref(), Some("County Council"));
        let m = meeting_from_file_name("24-00096 - PROD 30th-Jan-2025 10.00 Cabinet.pdf").unwrap();
        assert_eq!(m.date.as_deref(), Some("2025-01-30"));
        assert_eq!(m.body.as_deref(), Some("Cabinet"));
        assert!(meeting_from_file_name("Appendix L - Treasury Management Strategy.pdf").is_none());
        assert!(meeting_from_file_name("31st-Feb-2025 10.00 Cabinet.pdf").is_none());
    }

    fn write(path: &Path, bytes: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn doc(council: Option<&str>, meeting: Option<Meeting>) -> Document {
        Document {
            council: council.map(str::to_string),
            meetings: meeting.into_iter().collect(),
            ..Document::default()
        }
    }

    #[test]
    fn the_meeting_folder_gives_its_papers_council_body_and_date() {
        let dir = tempfile::tempdir().unwrap();
        let meeting = dir.path().join("cabinet/2025-01-30");
        write(
            &meeting.join("originals/Agenda frontsheet 30th-Jan-2025 10.00 Cabinet.txt"),
            "KENT COUNTY COUNCIL\n\nCABINET\n\nAgenda for the meeting of Cabinet.\n",
        );
        let appendix = meeting.join("originals/Appendix O - MRP.txt");
        write(
            &appendix,
            "Minimum revenue provision. Medway Council does otherwise.\n",
        );
        let packed = meeting.join("public_packs/Item 7 - Supplementary.txt");
        write(&packed, "A supplementary paper.\n");
        let p = Provenance::new(Some(dir.path().to_path_buf()), None);
        let options = ParseOptions::default();
        for file in [&appendix, &packed] {
            let mut docs = vec![doc(Some("Medway Council"), None)];
            p.apply(file, &mut docs, &options);
            assert_eq!(docs[0].council.as_deref(), Some("Kent County Council"));
            assert_eq!(
                docs[0].meetings,
                [Meeting {
                    body: Some("Cabinet".into()),
                    date: Some("2025-01-30".into()),
                    item: None
                }]
            );
        }
        // A paper that states its own meeting keeps it.
        let own = Meeting {
            body: Some("Cabinet".into()),
            date: Some("2025-01-09".into()),
            item: None,
        };
        let mut docs = vec![doc(None, Some(own.clone()))];
        p.apply(&appendix, &mut docs, &options);
        assert_eq!(docs[0].meetings, [own]);
    }

    #[test]
    fn what_is_declared_wins_over_the_meeting_and_the_paper() {
        let dir = tempfile::tempdir().unwrap();
        write(
            &dir.path().join(META_FILE),
            r#"{"council": "Bristol, City of Council", "url_base": "https://example.org/papers/"}"#,
        );
        let meeting = dir.path().join("m");
        write(
            &meeting.join(META_FILE),
            r#"{"body": "Cabinet", "date": "2025-03-04"}"#,
        );
        write(
            &meeting.join("Agenda frontsheet 30th-Jan-2025 10.00 Scrutiny Committee.txt"),
            "KENT COUNTY COUNCIL\n\nSCRUTINY COMMITTEE\n",
        );
        let paper = meeting.join("Report.txt");
        write(&paper, "Report to Medway Council.\n");
        let p = Provenance::new(Some(dir.path().to_path_buf()), None);
        let own = Meeting {
            body: Some("Medway Council".into()),
            date: Some("2025-01-09".into()),
            item: Some("4".into()),
        };
        let mut docs = vec![doc(Some("Medway Council"), Some(own))];
        p.apply(&paper, &mut docs, &ParseOptions::default());
        assert_eq!(docs[0].council.as_deref(), Some("Bristol City Council"));
        assert_eq!(
            docs[0].meetings[0],
            Meeting {
                body: Some("Cabinet".into()),
                date: Some("2025-03-04".into()),
                item: Some("4".into())
            }
        );
        assert_eq!(
            docs[0].url.as_deref(),
            Some("https://example.org/papers/m/Report.txt")
        );
        // `--council` overrides every folder.
        let p = Provenance::new(
            Some(dir.path().to_path_buf()),
            Some("Kent County Council".into()),
        );
        let mut docs = vec![doc(None, None)];
        p.apply(&paper, &mut docs, &ParseOptions::default());
        assert_eq!(docs[0].council.as_deref(), Some("Kent County Council"));
    }

    fn section(heading: Option<&str>, text: &str) -> council_model::Section {
        council_model::Section {
            heading: heading.map(str::to_string),
            text: text.to_string(),
            ..council_model::Section::default()
        }
    }

    #[test]
    fn minutes_filed_with_a_later_meeting_are_dated_by_the_meeting_they_record() {
        let dir = tempfile::tempdir().unwrap();
        let meeting = dir.path().join("cabinet/2025-03-04/originals");
        write(
            &meeting.join("Agenda frontsheet 04th-Mar-2025 10.00 Cabinet.txt"),
            "KENT COUNTY COUNCIL\n\nCABINET\n",
        );
        let copy = meeting.join("Minutes of Previous Meeting.txt");
        write(&copy, "copy");
        let p = Provenance::new(Some(dir.path().to_path_buf()), None);
        let mut minutes = doc(
            None,
            Some(Meeting {
                body: Some("Cabinet".into()),
                ..Meeting::default()
            }),
        );
        minutes.kind = council_model::DocumentKind::Minutes;
        minutes.sections = vec![section(
            Some("KENT COUNTY COUNCIL"),
            "MINUTES of a meeting of the Cabinet held in the Council Chamber, Sessions House, \
             County Hall, Maidstone on Thursday, 30 January 2025.",
        )];
        let mut report = minutes.clone();
        report.kind = council_model::DocumentKind::CommitteeReport;
        let mut docs = vec![minutes, report];
        p.apply(&copy, &mut docs, &ParseOptions::default());
        assert_eq!(docs[0].meetings[0].date.as_deref(), Some("2025-01-30"));
        assert_eq!(docs[0].meetings.len(), 1);
        // And they say which meeting's papers they were filed with.
        assert_eq!(
            docs[0].filed_for,
            Some(Meeting {
                body: Some("Cabinet".into()),
                date: Some("2025-03-04".into()),
                item: None
            })
        );
        assert_eq!(docs[1].filed_for, None, "a report is for that meeting");
        assert_eq!(docs[0].council.as_deref(), Some("Kent County Council"));
        // A paper that is not minutes is dated by the meeting it was published for.
        assert_eq!(docs[1].meetings[0].date.as_deref(), Some("2025-03-04"));
    }

    #[test]
    fn a_paper_naming_its_author_council_gives_it_a_mention_does_not() {
        let p = Provenance::new(None, None);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("paper.txt");
        write(&file, "x");
        let mut minutes = doc(None, None);
        minutes.kind = council_model::DocumentKind::Minutes;
        minutes.title = Some(
            "Minutes of Proceedings at Special Meeting of Limerick City and County Council".into(),
        );
        let mut response = doc(None, None);
        response.title = Some("Application S.17/051/CPE".into());
        response.sections = vec![section(
            None,
            "Land at Barton End Response from Horsley Parish\nCouncil",
        )];
        let mut mention = doc(None, None);
        mention.title = Some("Report to Cabinet".into());
        mention.sections = vec![section(
            None,
            "Medway Council and Stroud District Council have adopted the same policy.",
        )];
        let mut month = doc(None, None);
        month.kind = council_model::DocumentKind::Agenda;
        month.title = Some("Agenda for the meeting of March County Council".into());
        // A letter's sender's address: the council over its address, not one written to.
        let mut letter = doc(None, None);
        letter.kind = council_model::DocumentKind::Agenda;
        letter.sections = vec![section(
            None,
            "Corporate Services,\nLimerick City and County Council,\nCorporate Headquarters,\n\
             Merchants Quay,\nLimerick\nYou are requested to attend a Meeting of the \
             Metropolitan District of Limerick.",
        )];
        let mut addressed = doc(None, None);
        addressed.sections = vec![section(
            None,
            "To: Planning Services,\nStroud District Council,\nEbley Mill,\nStroud GL5 4UB\n\
             Land at Barton End.",
        )];
        // A scan's misread letterhead names no place the paper speaks of.
        let mut misread = letter.clone();
        misread.sections[0].text = misread.sections[0]
            .text
            .replace("Limerick City", "Lirnerick City");
        let mut no_address = doc(None, None);
        no_address.sections = vec![section(
            None,
            "Limerick City and County Council\nThe report of the Director of Services.",
        )];
        // A scan that read the comma after "Headquarters" as a full stop.
        let mut scanned = letter.clone();
        scanned.sections[0].text = scanned.sections[0]
            .text
            .replace("Headquarters,", "Headquarters.");
        let mut docs = vec![
            minutes, response, mention, month, letter, addressed, no_address, misread, scanned,
        ];
        p.apply(&file, &mut docs, &ParseOptions::default());
        assert_eq!(
            docs[0].council.as_deref(),
            Some("Limerick City and County Council")
        );
        assert_eq!(docs[1].council.as_deref(), Some("Horsley Parish Council"));
        assert_eq!(docs[2].council, None);
        assert_eq!(docs[3].council, None);
        assert_eq!(
            docs[4].council.as_deref(),
            Some("Limerick City and County Council")
        );
        assert_eq!(docs[5].council, None, "an addressee is not the author");
        assert_eq!(docs[6].council, None, "a name without its address");
        assert_eq!(docs[7].council, None, "a misread place");
        assert_eq!(
            docs[8].council.as_deref(),
            Some("Limerick City and County Council"),
            "an address misread by a scan"
        );
    }

    #[test]
    fn a_bad_metadata_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        write(
            &dir.path().join(META_FILE),
            r#"{"council": "X", "date": "13/02/2025"}"#,
        );
        let err = FolderMeta::read(dir.path()).unwrap_err();
        assert!(
            err.contains(".council.json") && err.contains("YYYY-MM-DD"),
            "{err}"
        );
        write(&dir.path().join(META_FILE), r#"{"counsil": "X"}"#);
        assert!(FolderMeta::read(dir.path()).is_err());
    }
}
