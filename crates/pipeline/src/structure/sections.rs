//! The [`SectionSplitter`]: a document's blocks become sections (numbered paragraphs and
//! headings), each with the chain of enclosing headings as its path, and with the kind its
//! heading gives (recommendation, resolution, attendance, ...).

use super::agenda::{minute_ref, ITEM_HEAD, ITEM_SUFFIX};
use super::decisions::RESOLVED;
use super::headings::HeadingStack;
use super::layout::push_text;
use crate::blocks::{heading_like, key_value, upper_case, Block, LABELLED, NUMBERED};
use council_model::{DocumentKind, Section, SectionKind};
use regex::Regex;
use std::sync::LazyLock;

static THAT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^That(?-u:\b)").unwrap());

/// A minute's paragraph number set as a label: "1) The Leader introduced ...", "(4)
/// RESOLVED that ...". Minutes numbered this way restart at 1 in every minute.
static PARAGRAPH_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\((\d{1,2})\)|(\d{1,2})\))\s+(\S.*)$").unwrap());

/// Whether `rest`, the text after a label, reads as a paragraph of prose (a clerk cites it
/// by its number), not a list item: a sentence of some length, or a resolution.
fn prose_paragraph(rest: &str) -> bool {
    let starts_sentence = rest.chars().next().is_some_and(|c| c.is_uppercase());
    starts_sentence && (rest.len() >= 60 || RESOLVED.is_match(rest))
}

/// A title in capitals run into its text ("TO CONFIRM THE MINUTES It was proposed by ..."):
/// the title and the text, when the capitals make at least two words and the text starts a
/// sentence.
fn split_capital_title(text: &str) -> Option<(&str, &str)> {
    let mut end = 0;
    let mut capital_words = 0;
    for (words, w) in text.split_whitespace().enumerate() {
        let i = end + text[end..].find(w)?;
        if w.chars().any(|c| c.is_lowercase()) {
            let starts_sentence = w.chars().next().is_some_and(|c| c.is_uppercase())
                && w.chars().nth(1).is_some_and(|c| c.is_lowercase());
            if capital_words < 2 || words > 16 || !starts_sentence {
                return None;
            }
            let head = text[..end].trim();
            return heading_like(head).then(|| (head, text[i..].trim()));
        }
        if w.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            capital_words += 1;
        }
        end = i + w.len();
    }
    None
}

/// The posts a signature line names ("CHAIRPERSON", "Cathaoirleach", "Cadeirydd").
pub(super) const SIGNED_AS: &[&str] = &[
    "chair",
    "chairman",
    "chairperson",
    "chairwoman",
    "cadeirydd",
    "cathaoirleach",
    "mayor",
    "clerk",
    "signed",
    "president",
];

/// Whether block `i` is the post under a signature, not a heading: a post alone, at the
/// paper's end or over "Dated:".
fn signature(blocks: &[crate::blocks::Block], i: usize) -> bool {
    let t = blocks[i].text.trim().trim_end_matches(':').to_lowercase();
    if !SIGNED_AS.contains(&t.as_str()) {
        return false;
    }
    let next = blocks
        .get(i + 1)
        .map(|b| b.text.trim_start().to_lowercase());
    i + 3 >= blocks.len() || next.is_some_and(|n| n.starts_with("date"))
}

/// The deepest heading level a format marks (HTML `h6`, Markdown `######`).
const MAX_MARKED_LEVEL: u8 = 6;

/// The level of heading `text` of block `b`: a heading the format marks has its level; one
/// read from the text alone (capitals over mixed case) ranks below every marked one when the
/// document marks any (`marked`).
fn heading_level(b: &Block, text: &str, marked: bool) -> u8 {
    let guessed = if upper_case(text) { 1 } else { 2 };
    match b.heading {
        Some(l) => l,
        None if marked => MAX_MARKED_LEVEL + guessed,
        None => guessed,
    }
}

/// Splits a document's blocks into sections: numbered paragraphs (`2.1.3`) and headings,
/// each with the chain of enclosing headings.
pub struct SectionSplitter {
    kind: DocumentKind,
    sections: Vec<Section>,
    /// Open headings: the chain that is each new section's path.
    stack: HeadingStack,
    /// Next expected item number inside a recommendation block.
    next_item: Option<u32>,
    /// The next paragraph number of the current minute when its paragraphs are labelled
    /// "1)" or "(1)" (minutes only).
    next_paragraph: Option<u32>,
    /// The last labelled paragraph of the current minute: its section's index and how many
    /// headings were open when it began.
    last_paragraph: Option<(usize, usize)>,
}

fn section_kind_for(heading: &str) -> Option<SectionKind> {
    let h = heading.to_lowercase();
    if h.contains("recommendation") || h.starts_with("decision") || h.contains("decision required")
    {
        Some(SectionKind::Recommendation)
    } else if h.contains("implications") {
        Some(SectionKind::Implications)
    } else if h.contains("contact") {
        Some(SectionKind::Contact)
    } else if h.starts_with("present") || h.starts_with("apologies") || h.contains("attendance") {
        Some(SectionKind::Attendance)
    } else if h.starts_with("resolved") {
        Some(SectionKind::Resolution)
    } else {
        None
    }
}

impl SectionSplitter {
    /// A splitter for a document of `kind`.
    pub fn new(kind: DocumentKind) -> SectionSplitter {
        SectionSplitter {
            kind,
            sections: Vec::new(),
            stack: HeadingStack::default(),
            next_item: None,
            next_paragraph: None,
            last_paragraph: None,
        }
    }

    fn path(&self) -> Vec<String> {
        self.stack.path()
    }

    fn open(
        &mut self,
        number: Option<String>,
        heading: Option<String>,
        text: String,
        page: u32,
        kind: Option<SectionKind>,
    ) {
        let path = self.path();
        self.sections.push(Section {
            number,
            heading,
            path,
            kind,
            text,
            page: Some(page),
            meeting: None,
        });
    }

    fn current_kind(&self) -> Option<SectionKind> {
        self.sections.last().and_then(|s| s.kind)
    }

    /// Splits `blocks`, skipping those `consumed` by the cover.
    pub fn split(mut self, blocks: &[Block], consumed: &[bool]) -> Vec<Section> {
        let numbered_headings_only = self.kind == DocumentKind::WrittenQuestion;
        let marked_headings = blocks.iter().any(|b| b.heading.is_some());
        // HTML or Markdown that marks its headings (`<h4>`, `#`, a line wholly in bold) marks
        // them all: a short line it leaves unmarked is text (an address, a table's cell).
        let format_marks = blocks
            .iter()
            .filter(|b| b.heading.is_some() && b.style.is_none())
            .count()
            >= 3;
        for (i, b) in blocks.iter().enumerate() {
            if consumed[i] {
                continue;
            }
            let text = b.text.trim();
            if numbered_headings_only {
                self.plain(text, b.page);
                continue;
            }
            if self.kind == DocumentKind::Minutes {
                if let Some((number, heading)) = minute_ref(text, b.lines) {
                    // "Minute 12 Budget", "CAB 23/45 Budget": a minute of its own.
                    self.next_item = None;
                    self.open_item(number, heading, String::new(), b.page);
                    continue;
                }
                if self.labelled_paragraph(text, b.page) {
                    continue;
                }
            }
            if let Some(c) = NUMBERED.captures(text).filter(|_| {
                !crate::blocks::starts_with_date(text) && !crate::blocks::is_address(text)
            }) {
                let number = c[1].trim_end_matches('.').to_string();
                let rest = c[3].trim();
                let single = !number.contains('.');
                if self.kind == DocumentKind::Minutes && single && RESOLVED.is_match(rest) {
                    // "4. RESOLVED that ...": a numbered resolution, not a minute.
                    self.open_resolution(Some(number), text, b.page);
                    continue;
                }
                // In minutes, "1." to "6." inside minute 306 are a motion's list, not sections.
                let inside_minute = self.kind == DocumentKind::Minutes
                    && single
                    && self.stack.numbers().any(|n| {
                        // Within minute "23/45" a "1." is the minute's own list.
                        n.contains('/')
                            || n.parse::<u32>()
                                .ok()
                                .zip(number.parse::<u32>().ok())
                                .is_some_and(|(outer, inner)| outer > inner + 1)
                    });
                if inside_minute {
                    self.plain(text, b.page);
                    continue;
                }
                // "RESOLVED:" then "1. That ...", "2. That ...": the resolution's items. A short
                // title after the first item ("3. Any other business") is the next minute.
                if self.current_kind() == Some(SectionKind::Resolution) && single {
                    let n: u32 = number.parse().unwrap_or(0);
                    let intro_open = self
                        .sections
                        .last()
                        .is_some_and(|s| s.text.trim_end().ends_with(':'));
                    // The number after the list's last item so far, however it was kept.
                    let follows = self.sections.last().is_some_and(|s| {
                        s.text
                            .lines()
                            .last()
                            .and_then(|l| NUMBERED.captures(l))
                            .is_some_and(|c| {
                                c[1].trim_end_matches('.').parse::<u32>().ok() == n.checked_sub(1)
                            })
                    });
                    let expected = match self.next_item {
                        Some(e) => e == n && !heading_like(rest),
                        None if n == 1 => intro_open,
                        None => follows && !heading_like(rest),
                    };
                    if expected && !ITEM_SUFFIX.is_match(rest) {
                        self.next_item = Some(n + 1);
                        self.plain(text, b.page);
                        continue;
                    }
                }
                // Items 1, 2, 3 of a recommendation block are its list, not paragraphs.
                if self.current_kind() == Some(SectionKind::Recommendation)
                    && single
                    && !heading_like(rest)
                {
                    let n: u32 = number.parse().unwrap_or(0);
                    if self.next_item.is_none_or(|e| e == n) && (n == 1 || self.next_item.is_some())
                    {
                        self.next_item = Some(n + 1);
                        self.plain(text, b.page);
                        continue;
                    }
                }
                if b.veto && self.kind_for(rest).is_none() {
                    // Laid out as no section starts (the line classifier): its text. A
                    // heading naming a part the genres read (recommendations, a resolution)
                    // stays, whatever its layout.
                    self.plain(text, b.page);
                    continue;
                }
                self.next_item = None;
                // A minute heading may wrap and ends with its agenda item: "(Item 2)".
                let minute_heading = ITEM_SUFFIX.is_match(rest)
                    && rest.split_whitespace().count() <= 30
                    && b.lines <= 4;
                let mut is_heading = minute_heading
                    || (b.heading.is_some() || heading_like(rest) && b.lines <= 2)
                        && rest.split_whitespace().count() <= 14;
                let mut rest = rest.to_string();
                let mut body = String::new();
                if !is_heading && single && self.kind == DocumentKind::Minutes {
                    // "2. TO CONFIRM THE MINUTES It was proposed by ...": the capitals are the
                    // minute's title, the rest its text.
                    if let Some((head, tail)) = split_capital_title(&rest) {
                        is_heading = true;
                        body = tail.to_string();
                        rest = head.to_string();
                    }
                }
                let rest = rest.as_str();
                // A numbered paragraph ends the numbered headings that do not enclose it (a
                // numbered heading also the subheads of its level before it).
                let level = if is_heading {
                    heading_level(b, rest, marked_headings)
                } else {
                    u8::MAX
                };
                self.stack.close_for_numbered(&number, level);
                if is_heading && single && self.kind == DocumentKind::Minutes {
                    // A minute: the first element of the path of everything under it.
                    let heading = rest.trim_end_matches(':').trim().to_string();
                    self.open_item(number, heading, body, b.page);
                } else if is_heading {
                    let heading = rest.trim_end_matches(':').trim().to_string();
                    let kind = self.kind_for(&heading);
                    self.open(
                        Some(number.clone()),
                        Some(heading.clone()),
                        body,
                        b.page,
                        kind,
                    );
                    self.stack.push_numbered(&number, &heading, level);
                } else {
                    let kind = self.stack.labels_inward().find_map(section_kind_for);
                    self.open(Some(number), None, rest.to_string(), b.page, kind);
                }
                continue;
            }
            let format_heading = b.heading.is_some() && !text.is_empty() && !signature(blocks, i);
            // A heading, unless laid out as none (the line classifier's veto) and naming
            // no part the genres read.
            let is_heading = (!b.veto || self.kind_for(text).is_some())
                && (format_heading
                    || (heading_like(text)
                        && (!format_marks || b.style.is_some())
                        && !signature(blocks, i)
                        && !b.list
                        && !crate::blocks::VOTE_HEAD.is_match(text)
                        && b.lines <= 2
                        && !LABELLED.is_match(text)
                        && !text.starts_with("- ")
                        && key_value(text).is_none()));
            if is_heading {
                self.next_item = None;
                let level = heading_level(b, text, marked_headings);
                self.stack.close_for_level(level);
                let heading = text.trim_end_matches(':').trim().to_string();
                if self.kind == DocumentKind::Minutes
                    && (ITEM_HEAD.is_match(&heading) || ITEM_SUFFIX.is_match(&heading))
                {
                    // "Item 7: Budget", "Budget (Agenda Item 7)": a minute without a number.
                    self.stack.clear();
                }
                let kind = self.kind_for(&heading);
                self.open(None, Some(heading.clone()), String::new(), b.page, kind);
                self.stack.push_unnumbered(level, &heading);
                continue;
            }
            if let Some((key, value)) = key_value(text) {
                let k = key.to_lowercase();
                // "Recommendation(s):", "Decision required:" — not "Decision status:".
                let asks = matches!(
                    k.as_str(),
                    "decision required"
                        | "decisions required"
                        | "decision sought"
                        | "decision requested"
                );
                // "Decision:" over what was decided: on a decision notice, the decisions.
                let decided = matches!(
                    k.as_str(),
                    "decision" | "decisions" | "decision(s)" | "decision taken" | "decision made"
                );
                if k.starts_with("recommendation") || asks || decided {
                    self.next_item = Some(1);
                    let kind = if decided && self.kind == DocumentKind::DecisionNotice {
                        SectionKind::Resolution
                    } else {
                        SectionKind::Recommendation
                    };
                    self.sections.push(Section {
                        path: vec![key.to_string()],
                        kind: Some(kind),
                        text: value.to_string(),
                        page: Some(b.page),
                        ..Section::default()
                    });
                    continue;
                }
                if self.current_kind() == Some(SectionKind::Recommendation)
                    && self
                        .sections
                        .last()
                        .is_some_and(|s| s.heading.is_none() && s.number.is_none())
                {
                    self.sections.push(Section {
                        path: vec![],
                        text: text.to_string(),
                        page: Some(b.page),
                        ..Section::default()
                    });
                    continue;
                }
            }
            let moved = self.sections.last().is_some_and(|s| {
                let tail: String = s
                    .text
                    .lines()
                    .rev()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join("\n")
                    .to_lowercase();
                tail.contains("moved by")
                    || tail.contains("seconded by")
                    || tail.contains("proposed by")
            });
            if moved && THAT.is_match(text) {
                // eScribe-style minutes: the motion moved and seconded is what was decided.
                self.open_resolution(None, text, b.page);
                continue;
            }
            // A second "RESOLVED" (or its Welsh "PENDERFYNWYD") after a resolution's text is a
            // resolution of its own.
            if RESOLVED.is_match(text)
                && (self.current_kind() != Some(SectionKind::Resolution)
                    || self.sections.last().is_some_and(|s| !s.text.is_empty()))
            {
                self.open_resolution(None, text, b.page);
                continue;
            }
            if self.current_kind() == Some(SectionKind::Resolution)
                && !self.continues_resolution(text)
            {
                // What follows a resolution's items is the next part of the minutes.
                let path = self.path();
                self.sections.push(Section {
                    path,
                    text: text.to_string(),
                    page: Some(b.page),
                    ..Section::default()
                });
                continue;
            }
            self.plain(text, b.page);
        }
        self.sections
    }

    /// The section kind a heading gives, in this document: in a decision notice the
    /// "Decision" block records what was decided, not a recommendation.
    fn kind_for(&self, heading: &str) -> Option<SectionKind> {
        let kind = section_kind_for(heading);
        let h = heading.trim().trim_end_matches(':').to_lowercase();
        if self.kind == DocumentKind::DecisionNotice {
            if h == "decision" || h == "decisions" || h == "decision taken" || h == "the decision" {
                return Some(SectionKind::Resolution);
            }
            if h.starts_with("decision") {
                // "Decision details", "Decision status": the notice's own labels.
                return None;
            }
        }
        kind
    }

    /// A minute's labelled paragraph ("1) The Leader introduced ...", "(4) RESOLVED that"):
    /// opened as a numbered section when it is prose and its number is the minute's next
    /// (the first right under the minute's heading), so a resolution's or a quoted motion's
    /// "(1)", "(2)" stay their list. Whether block `text` was taken.
    fn labelled_paragraph(&mut self, text: &str, page: u32) -> bool {
        let Some(c) = PARAGRAPH_LABEL.captures(text) else {
            return false;
        };
        let n: u32 = c
            .get(1)
            .or_else(|| c.get(2))
            .and_then(|m| m.as_str().parse().ok())
            .unwrap_or(0);
        let rest = c[3].trim();
        let under_heading = self
            .sections
            .last()
            .is_some_and(|s| s.heading.is_some() && s.text.is_empty());
        let expected = match self.next_paragraph {
            Some(e) if n > 1 => e == n,
            _ => n == 1 && under_heading,
        };
        if !expected || !prose_paragraph(rest) {
            return false;
        }
        self.next_paragraph = Some(n + 1);
        self.next_item = None;
        if let Some((at, depth)) = self.last_paragraph.filter(|_| n > 1) {
            // Headings inside a quotation the previous paragraph opened ("... the following
            // motion: “... Kent Pay Scheme 2025-26 ...”") belong to the quoted text: they
            // end with it and enclose nothing after it.
            let text = &self.sections[at].text;
            if text.matches('“').count() > text.matches('”').count()
                || text.matches('"').count() % 2 == 1
            {
                self.stack.truncate(depth);
            }
        }
        self.last_paragraph = Some((self.sections.len(), self.stack.depth()));
        // The text keeps its label as printed: the readers of decisions and amendments
        // find a paragraph's number, and where the next one starts, in the text.
        if RESOLVED.is_match(rest) {
            self.open_resolution(Some(n.to_string()), text, page);
        } else {
            let kind = self.stack.labels_inward().find_map(section_kind_for);
            self.open(Some(n.to_string()), None, text.to_string(), page, kind);
        }
        true
    }

    /// Opens a minute (an item of business of minutes): its heading is the first element of
    /// the path of every section under it, so whatever headings came before are closed.
    fn open_item(&mut self, number: String, heading: String, text: String, page: u32) {
        self.stack.clear();
        self.next_paragraph = None;
        self.last_paragraph = None;
        let kind = self.kind_for(&heading);
        self.open(
            Some(number.clone()),
            Some(heading.clone()),
            text,
            page,
            kind,
        );
        self.stack.push_numbered(&number, &heading, 1);
    }

    /// Opens a section holding what a meeting resolved (numbered `number` where the minutes
    /// number it).
    fn open_resolution(&mut self, number: Option<String>, text: &str, page: u32) {
        self.next_item = None;
        let path = self.path();
        self.sections.push(Section {
            number,
            path,
            kind: Some(SectionKind::Resolution),
            text: text.to_string(),
            page: Some(page),
            ..Section::default()
        });
    }

    /// Whether a block after a RESOLVED line is one of its items.
    fn continues_resolution(&self, text: &str) -> bool {
        let Some(last) = self.sections.last() else {
            return false;
        };
        if last.text.is_empty() {
            // A "Decision" heading: the block after it is what was decided.
            return true;
        }
        let intro_open = last.text.trim_end().ends_with(':') || last.text.lines().count() > 1;
        let lettered = LABELLED.captures(text).is_some_and(|c| {
            c.get(2)
                .is_none_or(|m| !m.as_str().chars().all(|ch| ch.is_ascii_digit()))
        });
        lettered || text.starts_with("- ") || intro_open && LABELLED.is_match(text)
    }

    fn plain(&mut self, text: &str, page: u32) {
        match self.sections.last_mut() {
            Some(s) => push_text(&mut s.text, text),
            None => {
                let path = self.path();
                self.sections.push(Section {
                    path,
                    text: text.to_string(),
                    page: Some(page),
                    ..Section::default()
                });
            }
        }
    }
}

/// Headings that are only a person's name ("Benjamin Watts", "Dave Roberts (Independent
/// Chair)"): a name on a cover, in a membership list or a signature set like a heading is no
/// heading a clerk would cite. `people` are the names the paper's entities give (two words or
/// more). Each such section keeps its place (agenda items point at sections by index) with
/// the name as its text, and leaves the paths of the sections after it.
pub fn unhead_people(sections: &mut [Section], people: &[&str]) {
    let is_person = |h: &str| {
        people.iter().any(|p| {
            p.split_whitespace().count() >= 2
                && h.strip_prefix(p).is_some_and(|rest| {
                    rest.is_empty()
                        || rest.starts_with(" (") && rest.ends_with(')') && rest.len() <= 60
                })
        })
    };
    let mut dropped: Vec<String> = Vec::new();
    for s in sections.iter_mut() {
        s.path.retain(|p| !dropped.contains(p));
        let Some(h) = s.heading.as_deref().filter(|_| s.number.is_none()) else {
            continue;
        };
        if is_person(h.trim()) {
            let h = s.heading.take().unwrap_or_default();
            s.text = if s.text.trim().is_empty() {
                h.clone()
            } else {
                format!("{h}\n{}", s.text)
            };
            s.kind = None;
            dropped.push(h);
        }
    }
}
