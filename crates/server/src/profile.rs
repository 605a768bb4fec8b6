//! Body and person profiles: every paper, meeting, decision and role that mentions a
//! committee or a person, newest first. Shared by `/api/bodies/{name}`, `/api/people/{name}`
//! and their HTML pages.

use std::collections::HashSet;

use council_index::{SearchHit, SectionIndex};
use council_model::{Decision, DecisionKind, Document, DocumentKind};
use serde::Serialize;

use crate::params::{SearchParams, Sort, MAX_FILTER_BYTES, MAX_WINDOW};
use crate::ApiError;

/// What a profile is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Subject {
    /// A committee, board or other meeting body.
    Body,
    /// A person.
    Person,
}

/// Paging of a profile's papers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ProfilePaging {
    pub limit: usize,
    pub offset: usize,
}

/// The default number of papers on a profile.
pub(crate) const PROFILE_LIMIT: usize = 20;

impl ProfilePaging {
    /// Reads `limit` (1–100, default 20) and `offset` from query-string pairs.
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<ProfilePaging, ApiError> {
        let mut paging = ProfilePaging {
            limit: PROFILE_LIMIT,
            offset: 0,
        };
        for (name, value) in pairs {
            let value = value.trim();
            match name.as_str() {
                "limit" if !value.is_empty() => {
                    paging.limit = match crate::params::whole_number(value) {
                        Some(Some(n)) if (1..=crate::params::MAX_LIMIT).contains(&n) => n,
                        _ => {
                            return Err(ApiError::InvalidParameter(
                                "limit must be a whole number from 1 to 100".to_string(),
                            ))
                        }
                    }
                }
                "offset" if !value.is_empty() => {
                    paging.offset = match crate::params::whole_number(value) {
                        Some(Some(n)) if n < MAX_WINDOW => n,
                        _ => {
                            return Err(ApiError::InvalidParameter(format!(
                                "offset must be a whole number from 0 to {}",
                                MAX_WINDOW - 1
                            )))
                        }
                    }
                }
                _ => {}
            }
        }
        // The papers end at the window's end: near it, fewer than `limit`.
        paging.limit = paging.limit.min(MAX_WINDOW - paging.offset);
        Ok(paging)
    }
}

/// A paper that mentions the subject.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PaperEntry {
    pub document_id: String,
    pub title: String,
    pub kind: DocumentKind,
    pub council: Option<String>,
    /// The latest meeting date of the paper.
    pub date: Option<String>,
    /// The best section mentioning the subject.
    pub section_id: String,
    pub section_ordinal: usize,
    pub citation: String,
    pub snippet: String,
}

/// A meeting of (or attended, in a paper naming the person).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MeetingEntry {
    pub document_id: String,
    pub title: String,
    pub body: Option<String>,
    pub date: Option<String>,
    pub item: Option<String>,
}

/// A decision in a paper that mentions the subject.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DecisionEntry {
    pub document_id: String,
    pub title: String,
    pub date: Option<String>,
    pub kind: DecisionKind,
    pub label: Option<String>,
    pub text: String,
    pub proposer: Option<String>,
    pub seconder: Option<String>,
    pub outcome: Option<String>,
}

/// A role a person held, as a paper gives it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoleEntry {
    pub role: String,
    pub document_id: String,
    pub title: String,
    pub date: Option<String>,
}

/// A written question the person asked or answered.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct QuestionEntry {
    pub document_id: String,
    pub title: String,
    pub date: Option<String>,
    pub asker: Option<String>,
    pub respondent: Option<String>,
    pub question: String,
    pub answer: Option<String>,
}

/// Everything that mentions a body or a person.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Profile {
    pub subject: Subject,
    pub name: String,
    /// Matching sections in all.
    pub total_sections: usize,
    /// Distinct papers among the matching sections examined.
    pub total_papers: usize,
    pub limit: usize,
    pub offset: usize,
    /// The papers on this page, newest first.
    pub papers: Vec<PaperEntry>,
    /// Meetings (of the body, or in the person's papers) in these papers, newest first.
    pub meetings: Vec<MeetingEntry>,
    /// Decisions in these papers (for a person: those naming them), newest first.
    pub decisions: Vec<DecisionEntry>,
    /// The person's roles, newest first (people only).
    pub roles: Vec<RoleEntry>,
    /// Questions the person asked or answered (people only).
    pub questions: Vec<QuestionEntry>,
    /// For a body: the people named in its papers, with roles.
    pub people: Vec<PersonRole>,
    /// For a person: the forms of their name the papers use (`Mr Oakford`, `P J Oakford`,
    /// `Peter Oakford`), each found by the person filter and counted as them in the facet.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<String>,
}

/// A person with a role, named in a body's papers.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub(crate) struct PersonRole {
    pub name: String,
    pub role: Option<String>,
}

/// Validates a body or person name from the URL.
pub(crate) fn check_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() || name.len() > MAX_FILTER_BYTES {
        return Err(ApiError::NotFound("no such name".to_string()));
    }
    Ok(name.to_string())
}

fn latest_date(document: &Document) -> Option<String> {
    document
        .meetings
        .iter()
        .filter_map(|m| m.date.clone())
        .max()
}

fn title_of(document: &Document) -> String {
    document
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| document.source.clone())
}

fn eq_ci(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Whether `text` (a proposer, asker, voter...) names the person `name`: the whole name,
/// or the surname as a word when the text is short (as in "Cllr Patel").
pub(crate) fn names_person(text: &str, name: &str) -> bool {
    let text_l = text.to_lowercase();
    let name_l = name.trim().to_lowercase();
    if name_l.is_empty() {
        return false;
    }
    if text_l.contains(&name_l) {
        return true;
    }
    let Some(surname) = name_l.split_whitespace().last() else {
        return false;
    };
    surname.chars().count() >= 3
        && text_l.split_whitespace().count() <= 4
        && text_l
            .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
            .any(|w| w == surname)
}

fn decision_names(decision: &Decision, name: &str) -> bool {
    let mut fields = decision
        .proposer
        .iter()
        .chain(decision.seconder.iter())
        .map(String::as_str)
        .collect::<Vec<_>>();
    if let Some(votes) = &decision.votes {
        fields.extend(
            votes
                .for_
                .iter()
                .chain(votes.against.iter())
                .chain(votes.abstain.iter())
                .map(String::as_str),
        );
    }
    fields.iter().any(|f| names_person(f, name))
        || decision
            .text
            .to_lowercase()
            .contains(&name.trim().to_lowercase())
}

/// Builds a profile on the calling (blocking) thread: one filtered search sorted newest
/// first, then the stored documents of the papers on the page.
pub(crate) fn build(
    index: &SectionIndex,
    subject: Subject,
    name: &str,
    paging: ProfilePaging,
) -> Result<Profile, ApiError> {
    let params = SearchParams {
        limit: paging.limit,
        offset: paging.offset,
        body: (subject == Subject::Body)
            .then(|| name.to_string())
            .into_iter()
            .collect(),
        person: (subject == Subject::Person)
            .then(|| name.to_string())
            .into_iter()
            .collect(),
        sort: Sort::Newest,
        ..SearchParams::default()
    };
    let results = index.search(&params.to_request())?;
    let forms = match subject {
        Subject::Person => index.person_forms(name)?,
        Subject::Body => Vec::new(),
    };
    let mut profile = Profile {
        subject,
        name: name.to_string(),
        total_sections: results.total,
        total_papers: results.documents,
        limit: paging.limit,
        offset: paging.offset,
        papers: Vec::new(),
        meetings: Vec::new(),
        decisions: Vec::new(),
        roles: Vec::new(),
        questions: Vec::new(),
        people: Vec::new(),
        forms,
    };
    let mut seen_people: HashSet<PersonRole> = HashSet::new();
    let mut seen_roles: HashSet<String> = HashSet::new();
    for hit in &results.hits {
        let document = index.document(&hit.document_id)?;
        profile.papers.push(paper_entry(hit, document.as_ref()));
        let Some(document) = document else { continue };
        let title = title_of(&document);
        let date = latest_date(&document);
        for meeting in &document.meetings {
            let of_body = meeting.body.as_deref().is_some_and(|b| eq_ci(b, name));
            if subject == Subject::Person || of_body {
                profile.meetings.push(MeetingEntry {
                    document_id: document.id.clone(),
                    title: title.clone(),
                    body: meeting.body.clone(),
                    date: meeting.date.clone(),
                    item: meeting.item.clone(),
                });
            }
        }
        for decision in &document.decisions {
            if subject == Subject::Body || decision_names(decision, name) {
                profile.decisions.push(DecisionEntry {
                    document_id: document.id.clone(),
                    title: title.clone(),
                    date: date.clone(),
                    kind: decision.kind,
                    label: decision.label.clone(),
                    text: decision.text.clone(),
                    proposer: decision.proposer.clone(),
                    seconder: decision.seconder.clone(),
                    outcome: decision.outcome.clone(),
                });
            }
        }
        for person in document.people() {
            match subject {
                Subject::Person
                    if eq_ci(&person.value, name) || profile.forms.contains(&person.value) =>
                {
                    if let Some(role) = &person.role {
                        if seen_roles.insert(role.to_lowercase()) {
                            profile.roles.push(RoleEntry {
                                role: role.clone(),
                                document_id: document.id.clone(),
                                title: title.clone(),
                                date: date.clone(),
                            });
                        }
                    }
                }
                Subject::Body => {
                    let entry = PersonRole {
                        name: person.value.clone(),
                        role: person.role.clone(),
                    };
                    if profile.people.len() < 100 && seen_people.insert(entry.clone()) {
                        profile.people.push(entry);
                    }
                }
                Subject::Person => {}
            }
        }
        if subject == Subject::Person {
            for q in &document.questions {
                let asked = q.asker.as_deref().is_some_and(|a| names_person(a, name));
                let answered = q
                    .respondent
                    .as_deref()
                    .is_some_and(|r| names_person(r, name));
                if asked || answered {
                    profile.questions.push(QuestionEntry {
                        document_id: document.id.clone(),
                        title: title.clone(),
                        date: date.clone(),
                        asker: q.asker.clone(),
                        respondent: q.respondent.clone(),
                        question: q.question.clone(),
                        answer: q.answer.clone(),
                    });
                }
            }
        }
    }
    // Newest first (stable: papers already come newest first); undated last.
    let newest = |a: &Option<String>, b: &Option<String>| b.cmp(a);
    profile.meetings.sort_by(|a, b| newest(&a.date, &b.date));
    profile.decisions.sort_by(|a, b| newest(&a.date, &b.date));
    profile.roles.sort_by(|a, b| newest(&a.date, &b.date));
    profile.questions.sort_by(|a, b| newest(&a.date, &b.date));
    Ok(profile)
}

fn paper_entry(hit: &SearchHit, document: Option<&Document>) -> PaperEntry {
    PaperEntry {
        document_id: hit.document_id.clone(),
        title: document.map(title_of).unwrap_or_else(|| {
            hit.title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| hit.source.clone())
        }),
        kind: hit.kind,
        council: hit.council.clone(),
        date: document
            .and_then(latest_date)
            .or_else(|| hit.meeting.as_ref().and_then(|m| m.date.clone())),
        section_id: hit.section_id.clone(),
        section_ordinal: hit.section_ordinal,
        citation: hit.citation.clone(),
        snippet: hit.snippet.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_names() {
        assert!(names_person("Cllr Patel", "Priya Patel"));
        assert!(names_person("Priya Patel (Chair)", "Priya Patel"));
        assert!(!names_person("Cllr Brown", "Priya Patel"));
        assert!(
            !names_person("Cllr Li", "Wei Li"),
            "short surnames need the whole name"
        );
        assert!(!names_person(
            "the Patel family trust and several other local bodies",
            "Priya Patel"
        ));
    }
}
