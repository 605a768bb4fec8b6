//! Written questions paired with their answers: "Question from X to Y", "Question 1",
//! "Response from Y", "Answer:", with numbered sub-questions and answers.

use super::layout::push_text;
use crate::blocks::{Block, NUMBERED};
use council_model::Question;
use regex::Regex;
use std::sync::LazyLock;

pub(super) static QUESTION_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(\d+)[.)]?\s+)?question\s*(?:no\.?\s*)?(\d+)?\s*(?:from|by|asked by|submitted by|tabled by|put by)\s+(?:councillor|cllr\.?|mr\.?|mrs\.?|ms\.?|miss|dr\.?)?\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}))(?:\s+to\s+(?:councillor|cllr\.?)?\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3})))?").unwrap()
});

pub(super) static RESPONSE_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:response|reply|answer)\s*(?:\d+\s*)?(?:from|by)\s+(?:councillor|cllr\.?|mr\.?|mrs\.?|ms\.?|miss|dr\.?)?\s*((?-i:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}?))(?:\s*,\s*(.+?))?\s*:?\s*$").unwrap()
});

pub(super) static QUESTION_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^question\s*(?:no\.?\s*)?(\d+)\s*:?$").unwrap());

pub(super) static ANSWER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:answer|response|reply)\s*(\d+)?\s*[:.\-–]?\s*(.*)$").unwrap()
});

/// Written questions paired with their answers.
pub fn questions(blocks: &[Block]) -> Vec<FoundQuestion> {
    read_questions(blocks, false)
}

/// The questions a meeting's minutes or agenda record with their answers ("3. Question
/// submitted by Councillor L. Galvin" … "REPLY: …"): an answer ends at the next heading or
/// numbered item, and a question without an answer is left out (an agenda's questions
/// still to be asked are items, not questions answered).
pub fn meeting_questions(blocks: &[Block]) -> Vec<FoundQuestion> {
    read_questions(blocks, true)
        .into_iter()
        .filter(|f| {
            f.question
                .answer
                .as_deref()
                .is_some_and(|a| !a.trim().is_empty())
        })
        .collect()
}

/// Questions paired with their answers; `in_meeting`: the record of a meeting, where an
/// answer ends at the next heading or numbered item.
fn read_questions(blocks: &[Block], in_meeting: bool) -> Vec<FoundQuestion> {
    let mut out: Vec<(Question, u32)> = Vec::new();
    let mut headers: Vec<(String, Option<String>)> = Vec::new();
    let mut asked_header = String::new();
    let mut asker: Option<String> = None;
    let mut asked_to: Option<String> = None;
    let mut asked_role: Option<String> = None;
    let mut pending_number: Option<String> = None;
    #[derive(PartialEq)]
    enum Mode {
        None,
        Asking,
        Answering,
    }
    let mut mode = Mode::None;
    let mut answering: Option<usize> = None;
    let mut round_start = 0;
    for b in blocks {
        headers.truncate(out.len());
        while headers.len() < out.len() {
            headers.push((asked_header.clone(), None));
        }
        let t = b.text.trim();
        if let Some(c) = QUESTION_NUMBER.captures(t) {
            pending_number = Some(c[1].to_string());
            continue;
        }
        if let Some(c) = QUESTION_FROM.captures(t) {
            asked_header = t.lines().next().unwrap_or(t).to_string();
            asker = Some(c[3].trim().to_string());
            asked_to = c.get(4).map(|m| m.as_str().trim().to_string());
            mode = Mode::Asking;
            round_start = out.len();
            answering = None;
            let number = c
                .get(1)
                .or(c.get(2))
                .map(|m| m.as_str().to_string())
                .or(pending_number.take());
            let mut rest = t[c.get(0).unwrap().end()..].trim();
            asked_role = None;
            if let Some(role) = rest.strip_prefix(',') {
                // "Question by X to Y, Cabinet Member for Z": the rest of the line is Y's role.
                let (role, after) = role.split_once('\n').unwrap_or((role, ""));
                asked_role = Some(role.trim().trim_end_matches(':').to_string());
                rest = after.trim();
            }
            let rest = rest.trim_start_matches([':', '.', ' ']).trim();
            if !rest.is_empty() || number.is_some() {
                out.push((
                    Question {
                        number,
                        asker: asker.clone(),
                        respondent: asked_to.clone(),
                        respondent_role: asked_role.clone(),
                        question: rest.to_string(),
                        ..Question::default()
                    },
                    b.page,
                ));
            }
            continue;
        }
        if let Some(c) = RESPONSE_FROM.captures(t).filter(|_| t.len() < 250) {
            headers.truncate(out.len());
            while headers.len() < out.len() {
                headers.push((asked_header.clone(), None));
            }
            for (_, r) in &mut headers[round_start..] {
                *r = Some(t.to_string());
            }
            for (q, _) in &mut out[round_start..] {
                q.respondent = Some(c[1].trim().to_string());
                q.respondent_role = c.get(2).map(|m| m.as_str().trim().to_string());
            }
            mode = Mode::Answering;
            answering = (out.len() == round_start + 1).then_some(round_start);
            continue;
        }
        let answer_label = ANSWER_LABEL
            .captures(t)
            .filter(|c| c[2].is_empty() || t.len() > 12 && t.chars().take(12).any(|c| c == ':'));
        if mode == Mode::Asking && out.len() > round_start {
            if let Some(c) = answer_label {
                // "Answer" after a single question: its answer follows.
                mode = Mode::Answering;
                answering = Some(out.len() - 1);
                if !c[2].is_empty() {
                    let last = out.len() - 1;
                    out[last].0.answer = Some(c[2].to_string());
                }
                continue;
            }
        }
        if in_meeting && mode == Mode::Answering {
            // The next item of the meeting ends the answer: a heading, or a numbered
            // paragraph that answers no question of this round by its number.
            let answers_numbered = NUMBERED.captures(t).is_some_and(|c| {
                out[round_start..]
                    .iter()
                    .any(|(q, _)| q.number.as_deref() == Some(&c[1]))
            });
            if b.heading.is_some() || NUMBERED.is_match(t) && !answers_numbered {
                mode = Mode::None;
                answering = None;
            }
        }
        if in_meeting && mode == Mode::Asking {
            // A later item of the agenda ("4. Notice of Motion …" after "3. Question …")
            // ends a question that had no reply; lower numbers are its own parts.
            let item = |n: Option<&str>| n.and_then(|n| n.parse::<u32>().ok());
            let own = out
                .get(round_start)
                .and_then(|(q, _)| item(q.number.as_deref()));
            let next = NUMBERED.captures(t).and_then(|c| item(Some(&c[1])));
            if own.zip(next).is_some_and(|(own, next)| next > own) {
                mode = Mode::None;
                answering = None;
            }
        }
        match mode {
            Mode::None => {}
            Mode::Asking => {
                if let Some(c) = NUMBERED.captures(t).filter(|c| !c[1].contains('.')) {
                    // A numbered sub-question replaces an unnumbered preamble entry.
                    if out.len() == round_start + 1
                        && (out[round_start].0.number.is_none() || c[1] == *"1")
                    {
                        out.pop();
                    }
                    if out.len() > round_start
                        && out[round_start].0.number.as_deref() == Some(&c[1])
                        && out[round_start].0.question.is_empty()
                    {
                        out[round_start].0.question = c[3].to_string();
                        continue;
                    }
                    out.push((
                        Question {
                            number: Some(c[1].to_string()),
                            asker: asker.clone(),
                            respondent: asked_to.clone(),
                            respondent_role: asked_role.clone(),
                            question: c[3].to_string(),
                            ..Question::default()
                        },
                        b.page,
                    ));
                } else if out.len() > round_start {
                    let only = out.len() == round_start + 1;
                    let q = &mut out.last_mut().unwrap().0;
                    if q.number.is_none() || only {
                        push_text(&mut q.question, t);
                    }
                } else {
                    out.push((
                        Question {
                            asker: asker.clone(),
                            respondent: asked_to.clone(),
                            respondent_role: asked_role.clone(),
                            question: t.to_string(),
                            ..Question::default()
                        },
                        b.page,
                    ));
                }
            }
            Mode::Answering => {
                if let Some(c) = NUMBERED.captures(t).filter(|c| !c[1].contains('.')) {
                    if let Some(idx) = out[round_start..]
                        .iter()
                        .position(|(q, _)| q.number.as_deref() == Some(&c[1]))
                    {
                        answering = Some(round_start + idx);
                        let q = &out[round_start + idx].0;
                        if !prefix_overlap(&q.question, &c[3]) {
                            out[round_start + idx].0.answer = Some(c[3].to_string());
                        }
                        continue;
                    }
                }
                let t = answer_label
                    .map(|c| c[2].to_string())
                    .unwrap_or_else(|| t.to_string());
                if let Some(i) = answering {
                    let a = out[i].0.answer.get_or_insert_with(String::new);
                    push_text(a, &t);
                }
            }
        }
    }
    headers.truncate(out.len());
    while headers.len() < out.len() {
        headers.push((asked_header.clone(), None));
    }
    out.into_iter()
        .zip(headers)
        .filter(|((q, _), _)| !q.question.trim().is_empty())
        .map(|((question, page), (asked, response))| FoundQuestion {
            question,
            page,
            asked,
            response,
        })
        .collect()
}

/// A written question as found, with the header lines that introduce it.
#[derive(Debug, Clone)]
pub struct FoundQuestion {
    /// The question and its answer.
    pub question: Question,
    /// The page it starts on.
    pub page: u32,
    /// The line that asks it ("Question by X to Y, Cabinet Member for Z").
    pub asked: String,
    /// The line that introduces the response ("Response from Councillor Y, Chair of Z").
    pub response: Option<String>,
}

fn prefix_overlap(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .take(40)
            .collect::<String>()
            .to_lowercase()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && (a.starts_with(&b) || b.starts_with(&a))
}
