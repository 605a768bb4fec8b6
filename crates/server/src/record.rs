//! What the record says in a hit's paragraph, on the search page: the vote (for / against /
//! abstain) and outcome of the decision it holds, its mover and seconder, the asker and
//! respondent of the question it holds, the chair it names ([`SectionRecord`], read by the
//! parse and stored with the section; the API has it as the hit's `record`).

use council_index::record::SectionRecord;
use maud::{html, Markup};

/// The record line of a hit (nothing when the paragraph records nothing).
pub(crate) fn record_view(record: Option<&SectionRecord>) -> Markup {
    let Some(record) = record.filter(|r| !r.is_empty()) else {
        return html! {};
    };
    html! {
        p.meta.record {
            @if let Some(d) = &record.decision {
                @if let Some(votes) = &d.votes {
                    "Vote: " strong { (votes.summary()) }
                    @if let Some(outcome) = &d.outcome { " (" (outcome) ")" }
                    " · "
                } @else if let Some(outcome) = &d.outcome {
                    "Outcome: " (outcome) " · "
                }
                @if let Some(p) = &d.proposer { "moved by " (p) " · " }
                @if let Some(s) = &d.seconder { "seconded by " (s) " · " }
            }
            @if let Some(q) = &record.question {
                @if let Some(a) = &q.asker { "asked by " (a) " · " }
                @if let Some(r) = &q.respondent {
                    "answered by " (r)
                    @if let Some(role) = &q.respondent_role { " (" (role) ")" }
                    " · "
                }
            }
            @if !record.chair.is_empty() { "chair: " (record.chair.join(", ")) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use council_index::record::{DecisionRecord, VoteCount};

    #[test]
    fn a_vote_shows_for_against_and_abstain() {
        let record = SectionRecord {
            decision: Some(DecisionRecord {
                proposer: Some("Mr Brady".into()),
                seconder: Some("Ms Meade".into()),
                outcome: Some("lost".into()),
                votes: Some(VoteCount {
                    for_: 12,
                    against: 45,
                    abstain: 2,
                    ..VoteCount::default()
                }),
            }),
            ..SectionRecord::default()
        };
        let html = record_view(Some(&record)).into_string();
        assert!(html.contains("for 12, against 45, abstain 2"), "{html}");
        assert!(
            html.contains("(lost)") && html.contains("seconded by Ms Meade"),
            "{html}"
        );
        assert!(record_view(None).into_string().is_empty());
        assert!(record_view(Some(&SectionRecord::default()))
            .into_string()
            .is_empty());
    }
}
