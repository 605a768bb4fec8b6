//! JSON records of a known shape. Today: UK Parliament written questions (the written
//! questions API record: `questionText`, `answerText` (HTML), `heading`, `uin`,
//! `answeringBodyName`, `dateTabled`, `dateAnswered`, optionally `askingMember` /
//! `answeringMember` with a `name`), alone or under `value`. Any other JSON is not read.

use council_model::{Document, DocumentKind, Question, Section, SectionKind};
use serde_json::Value;

/// Reads a written-question record; `None` when the JSON has another shape.
pub fn written_question(text: &str) -> Option<Document> {
    let root: Value = serde_json::from_str(text).ok()?;
    let v = root.get("value").unwrap_or(&root);
    let question = v.get("questionText")?.as_str()?.trim().to_string();
    if question.is_empty() {
        return None;
    }
    let str_field = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let member = |k: &str| {
        v.get(k)
            .and_then(|m| m.get("name").or_else(|| m.get("nameDisplayAs")))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let answer_html = str_field("answerText");
    let answer = answer_html
        .as_deref()
        .map(html_to_text)
        .filter(|a| !a.is_empty());
    let uin = str_field("uin");
    let body = str_field("answeringBodyName");
    let q = Question {
        number: uin.clone(),
        asker: member("askingMember"),
        respondent: member("answeringMember"),
        respondent_role: body.as_ref().map(|b| format!("answering for the {b}")),
        question: question.clone(),
        answer: answer.clone(),
    };
    let mut label = format!("Question {}", uin.as_deref().unwrap_or(""));
    if let Some(b) = &body {
        label.push_str(&format!(" to {b}"));
    }
    let mut section_text = question;
    if let Some(a) = &answer {
        section_text.push('\n');
        section_text.push_str(a);
    }
    Some(Document {
        kind: DocumentKind::WrittenQuestion,
        title: str_field("heading"),
        sections: vec![Section {
            path: vec![label.trim().to_string()],
            kind: Some(SectionKind::Question),
            text: section_text,
            ..Section::default()
        }],
        questions: vec![q],
        ..Document::default()
    })
}

/// The text of an answer's HTML, paragraph by paragraph.
fn html_to_text(html: &str) -> String {
    let t = super::html::extract(html);
    t.pages
        .iter()
        .flat_map(|p| &p.lines)
        .map(|l| l.text.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The dates a record carries (tabled, answered), as `YYYY-MM-DD`.
pub fn record_dates(text: &str) -> Vec<String> {
    let Ok(root) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    let v = root.get("value").unwrap_or(&root);
    ["dateTabled", "dateAnswered"]
        .iter()
        .filter_map(|k| v.get(*k).and_then(Value::as_str))
        .filter_map(|d| d.get(..10).map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_parliament_written_question() {
        let json = r#"{"value": {"uin": "1081", "heading": "Special Educational Needs: Nottinghamshire",
            "questionText": "To ask the Secretary of State for Education, what assessment ...",
            "answerText": "<p>The last SEND inspection was in 2023.</p><p>Support continues.</p>",
            "answeringBodyName": "Department for Education", "dateTabled": "2024-07-22T00:00:00"}}"#;
        let d = written_question(json).unwrap();
        assert_eq!(d.kind, DocumentKind::WrittenQuestion);
        assert_eq!(
            d.title.as_deref(),
            Some("Special Educational Needs: Nottinghamshire")
        );
        assert_eq!(d.questions[0].number.as_deref(), Some("1081"));
        assert_eq!(
            d.questions[0].answer.as_deref(),
            Some("The last SEND inspection was in 2023.\nSupport continues.")
        );
        assert!(written_question(r#"{"other": 1}"#).is_none());
        assert_eq!(record_dates(json), ["2024-07-22"]);
    }
}
