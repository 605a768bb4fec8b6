//! Tests of the genre readers on layouts councils print that the rules were not written on:
//! questions with their answers ("Question 1 … Response", "Q: / A:", a question per page
//! with its keys), decision records, and a resolution voted on as a whole. Every text here
//! is written for the test, in the style of such papers.

use super::*;
use crate::blocks::blocks;
use crate::extract::text::extract;
use council_model::DecisionKind;

fn doc(text: &str) -> Document {
    build(&blocks(&extract(text, false)))
}

#[test]
fn numbered_public_questions_with_responses() {
    let d = doc("Mayor's Question Time\n\nPublic Questions – 14 March 2024\n\nQuestion 1\n\nWhat is the Mayor doing to improve bus services in the north of the region?\n\nResponse\n\nThe Mayor has agreed a new franchising scheme, which starts next year.\n\nQuestion 2\n\nHow many new homes were built on brownfield land last year?\n\nResponse\n\nAbout 4,200 homes were completed on brownfield sites.\n\nQuestion 3\n\nWill the Mayor publish the cost of the tram extension?\n\nResponse\n\nYes, the full business case will be published in April.\n");
    assert_eq!(d.kind, DocumentKind::WrittenQuestion);
    assert_eq!(d.questions.len(), 3, "{:?}", d.questions);
    let numbers: Vec<_> = d.questions.iter().map(|q| q.number.as_deref()).collect();
    assert_eq!(numbers, [Some("1"), Some("2"), Some("3")]);
    assert!(d.questions[1].question.starts_with("How many new homes"));
    assert_eq!(
        d.questions[2].answer.as_deref(),
        Some("Yes, the full business case will be published in April.")
    );
}

#[test]
fn questions_with_inline_labels_and_the_mayors_answer() {
    let d = doc("Public Questions to the Mayor\n\nQuestion 1: Why has the night bus to Longbridge been cut?\n\nThe Mayor's response: The route was withdrawn by the operator; a replacement is being procured.\n\nQuestion 2: When will the cycle lane on Station Road be finished?\n\nResponse from the Mayor: It will be finished by the end of June.\n");
    assert_eq!(d.kind, DocumentKind::WrittenQuestion);
    assert_eq!(d.questions.len(), 2, "{:?}", d.questions);
    let q = &d.questions[0];
    assert_eq!(q.number.as_deref(), Some("1"));
    assert!(q.question.starts_with("Why has the night bus"), "{q:?}");
    assert!(q
        .answer
        .as_deref()
        .unwrap()
        .starts_with("The route was withdrawn"));
    assert_eq!(q.respondent_role.as_deref(), Some("Mayor"));
    assert_eq!(q.respondent, None);
    assert_eq!(
        d.questions[1].answer.as_deref(),
        Some("It will be finished by the end of June.")
    );
}

#[test]
fn q_and_a_labels() {
    let d = doc("Questions and answers from the residents' meeting\n\nQ: Can the library open on Sundays?\nA: Not this year: the budget does not allow it.\n\nQ: Who maintains the verges on Mill Lane?\nA: The county council's highways team.\n");
    assert_eq!(d.kind, DocumentKind::WrittenQuestion);
    assert_eq!(d.questions.len(), 2, "{:?}", d.questions);
    assert_eq!(d.questions[0].question, "Can the library open on Sundays?");
    assert_eq!(
        d.questions[0].answer.as_deref(),
        Some("Not this year: the budget does not allow it.")
    );
    assert_eq!(
        d.questions[1].answer.as_deref(),
        Some("The county council's highways team.")
    );
}

#[test]
fn a_question_per_page_with_its_keys() {
    let d = doc("Full Council – 20 May 2024\n\nQuestions from members of the public\n\nQuestion 1\n\nQuestioner: Mr Alan Hughes\n\nTo: Councillor Priya Shah, Cabinet Member for Housing\n\nQuestion: How many families are in temporary accommodation?\n\nAnswer: 312 families were in temporary accommodation at the end of April.\n\x0c\nQuestion 2\n\nQuestioner: Ms Jo Reed\n\nTo: the Leader of the Council\n\nQuestion: Will the council keep the weekly bin collection?\n\nAnswer: Yes.  Weekly collections will continue.\n");
    assert_eq!(d.kind, DocumentKind::WrittenQuestion);
    assert_eq!(d.questions.len(), 2, "{:?}", d.questions);
    let q = &d.questions[0];
    assert_eq!(q.number.as_deref(), Some("1"));
    assert_eq!(q.asker.as_deref(), Some("Alan Hughes"));
    assert_eq!(q.respondent.as_deref(), Some("Priya Shah"));
    assert_eq!(
        q.respondent_role.as_deref(),
        Some("Cabinet Member for Housing")
    );
    assert!(q.question.starts_with("How many families"), "{q:?}");
    assert!(q.answer.as_deref().unwrap().starts_with("312 families"));
    let q = &d.questions[1];
    assert_eq!(q.number.as_deref(), Some("2"));
    assert_eq!(q.asker.as_deref(), Some("Jo Reed"));
    assert_eq!(q.respondent, None);
    assert_eq!(q.respondent_role.as_deref(), Some("Leader of the Council"));
    assert!(q.answer.as_deref().unwrap().starts_with("Yes."));
}

#[test]
fn a_question_number_over_who_asks_keeps_its_number() {
    let d = doc("Written Questions\n\nQuestion 4\n\nQuestion from Councillor Dan Lowe to Councillor Amy Fox\n\nWhen will the play area reopen?\n\nResponse from Councillor Amy Fox\n\nIn September.\n");
    assert_eq!(d.questions.len(), 1, "{:?}", d.questions);
    let q = &d.questions[0];
    assert_eq!(q.number.as_deref(), Some("4"));
    assert_eq!(q.asker.as_deref(), Some("Dan Lowe"));
    assert_eq!(q.respondent.as_deref(), Some("Amy Fox"));
    assert_eq!(q.answer.as_deref(), Some("In September."));
}

#[test]
fn a_report_with_a_questions_heading_is_no_question_paper() {
    let d = doc("Report to Cabinet\n\nSubject: Library opening hours\n\n1. Purpose of the report\n\n1.1 This report sets out the consultation.\n\n2. Questions asked in the consultation\n\n2.1 Residents were asked which days matter most.\n\n3. Recommendations\n\n3.1 That Cabinet agrees the new hours.\n");
    assert_eq!(d.kind, DocumentKind::CommitteeReport);
    assert!(d.questions.is_empty());
}

#[test]
fn a_decision_record_form_is_a_decision_notice() {
    let d = doc("Decision Record\n\nDecision taken by: Cabinet Member for Environment\n\nDate of decision: 4 June 2024\n\nSubject: Parking charges in district centres\n\nDecision:\n\n1. To approve the revised parking charges set out in Appendix A.\n2. To delegate the making of the traffic order to the Director of Place.\n\nReasons for the decision: The charges have not changed since 2015.\n");
    assert_eq!(d.kind, DocumentKind::DecisionNotice);
    assert_eq!(d.decisions.len(), 2, "{:?}", d.decisions);
    assert!(d
        .decisions
        .iter()
        .all(|x| x.kind == DecisionKind::Resolution));
    assert!(d.decisions[0].text.starts_with("To approve the revised"));
}

#[test]
fn a_resolution_voted_on_as_a_whole_is_one_decision() {
    let d = doc("MINUTES of a meeting of the County Council held on 9 January 2025\n\nPRESENT: Mr A Brown (Chairman), Mrs C Dale, Mr E Ford\n\n5. Devolution\n\nMr Brown proposed and Mrs Dale seconded the motion set out in the report.\n\nThe Chairman put the motion to the vote and the voting was as follows:\n\nFor (2)\n\nMr Brown, Mrs Dale\n\nAgainst (1)\n\nMr Ford\n\nMotion carried.\n\nRESOLVED that the County Council:\n\n(1) Endorses the joint work with the district councils\n(2) Notes the timetable for elections\n");
    let resolutions: Vec<_> = d
        .decisions
        .iter()
        .filter(|x| x.kind == DecisionKind::Resolution)
        .collect();
    assert_eq!(resolutions.len(), 1, "{:?}", d.decisions);
    let r = resolutions[0];
    assert!(r.text.starts_with("that the County Council:"), "{r:?}");
    assert!(r.text.contains("(2) Notes the timetable"), "{r:?}");
    assert_eq!(r.label, None);
    assert_eq!(r.votes.as_ref().map(|v| v.for_.len()), Some(2));
}

#[test]
fn labelled_resolutions_without_a_recorded_vote_stay_apart() {
    let d = doc("MINUTES of the Audit Committee held on 3 March 2024\n\nPRESENT: Councillor A Lee (Chair)\n\n4. Annual Governance Report\n\nRESOLVED:\n\na) That the report be noted;\nb) That the action plan be agreed.\n");
    let labels: Vec<_> = d.decisions.iter().map(|x| x.label.as_deref()).collect();
    assert_eq!(labels, [Some("a"), Some("b")], "{:?}", d.decisions);
}

/// The recommendations of a report laid out three ways, and what each should give.
fn report_recommendations(text: &str) -> Vec<(Option<String>, String)> {
    let d = doc(text);
    assert_eq!(d.kind, DocumentKind::CommitteeReport);
    assert!(d
        .decisions
        .iter()
        .all(|x| x.kind == DecisionKind::Recommendation));
    d.decisions.into_iter().map(|x| (x.label, x.text)).collect()
}

#[test]
fn numbered_paragraphs_under_a_recommendations_heading() {
    let found = report_recommendations("Report to Cabinet\n\n10 July 2024\n\nSubject: Library opening hours\n\n1. Purpose\n\n1.1 This report sets out the consultation.\n\n2. Recommendations\n\n2.1 That Cabinet approves the new opening hours.\n\n2.2 That Cabinet delegates the timetable to the Director of Communities.\n\n3. Background\n\n3.1 The libraries opened in 1990.\n");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0.as_deref(), Some("2.1"));
    assert!(found[1].1.starts_with("That Cabinet delegates"));
}

#[test]
fn it_is_recommended_that_over_lettered_items() {
    let found = report_recommendations("Report to Cabinet\n\n10 July 2024\n\nSubject: Library opening hours\n\nSummary\n\nThis report sets out the consultation.\n\nIt is recommended that Cabinet:\n\n(a) approves the new opening hours; and\n(b) delegates the timetable to the Director of Communities.\n\n1. Background\n\n1.1 The libraries opened in 1990.\n\n1.2 They are busy.\n");
    let labels: Vec<_> = found.iter().map(|(l, _)| l.as_deref()).collect();
    assert_eq!(labels, [Some("a"), Some("b")], "{found:?}");
    assert!(found[0].1.starts_with("approves the new opening hours"));
}

#[test]
fn is_recommended_to_over_numbered_paragraphs() {
    let found = report_recommendations("Report to Cabinet\n\n10 July 2024\n\nSubject: Library opening hours\n\nThe Cabinet is recommended to:\n\n1. Approve the new opening hours.\n2. Delegate the timetable to the Director of Communities.\n\n1. Background\n\n1.1 The libraries opened in 1990.\n\n1.2 They are busy.\n");
    let labels: Vec<_> = found.iter().map(|(l, _)| l.as_deref()).collect();
    assert_eq!(labels, [Some("1"), Some("2")], "{found:?}");
    assert_eq!(found[0].1, "Approve the new opening hours.");
}

#[test]
fn a_planning_decision_notice_gives_its_decision() {
    let d = doc("Borough Council\n\nTown and Country Planning Act 1990\n\nDECISION NOTICE\n\nApplication No: 100/FUL/22\n\nThe Borough Council hereby gives notice in pursuance of the provisions of the Town and Country Planning Act 1990 that PLANNING PERMISSION HAS BEEN GRANTED for the development described above, subject to the conditions below.\n\nConditions\n\n1. The development must be begun within three years.\n");
    assert_eq!(d.kind, DocumentKind::DecisionNotice);
    assert_eq!(d.decisions.len(), 1, "{:?}", d.decisions);
    assert!(d.decisions[0]
        .text
        .starts_with("The Borough Council hereby gives notice"));
    assert_eq!(d.decisions[0].kind, DecisionKind::Resolution);
}

#[test]
fn a_motion_paper_gives_its_clauses_with_their_movers() {
    let d = doc("Notice of Motion – Bus Services\n\nProposer: Councillor Ann Grey\nSeconder: Councillor Tom Fell\n\nMotion:\n\nThis Council notes that three rural bus routes were withdrawn in May.\n\nAnd;\n\nThis Council resolves to ask the Leader to write to the operator:\na) seeking the routes' return;\nb) offering a meeting.\n");
    let r: Vec<_> = d
        .decisions
        .iter()
        .filter(|x| x.kind == DecisionKind::Resolution)
        .collect();
    assert_eq!(r.len(), 2, "{:?}", d.decisions);
    assert!(r[0].text.starts_with("This Council notes that three"));
    assert!(r[1].text.starts_with("This Council resolves to ask"));
    assert!(r[1].text.contains("b) offering a meeting."));
    assert_eq!(r[0].proposer.as_deref(), Some("Ann Grey"));
    assert_eq!(r[1].seconder.as_deref(), Some("Tom Fell"));
    assert_eq!(r[0].outcome, None);
}

#[test]
fn a_vote_list_ending_in_its_outcome_keeps_its_names() {
    let d = doc("MINUTES of a meeting of the County Council held on 9 January 2025\n\nPRESENT: Mr A Brown (Chairman), Mrs C Dale, Mr E Ford, Ms G Hart\n\n5. Devolution\n\nMr Brown proposed and Mrs Dale seconded the motion set out in the report.\n\nThe Chairman put the motion to the vote and the voting was as follows:\n\nFor (2)\n\nMr Brown, Mrs Dale\n\nAgainst (1)\n\nMr Ford\n\nAbstain (1)\n\nMs Hart Motion carried.\n\nRESOLVED that the County Council endorses the joint work.\n");
    let r = d
        .decisions
        .iter()
        .find(|x| x.kind == DecisionKind::Resolution)
        .expect("the resolution");
    let votes = r.votes.as_ref().expect("the recorded vote");
    assert_eq!(votes.abstain, ["Ms Hart"], "{r:?}");
    assert_eq!(votes.against, ["Mr Ford"]);
}

#[test]
fn short_minutes_record_a_motion_a_line_with_mover_and_second() {
    let d = doc("Commission Meeting Minutes\n\nMinutes from Monday, January 29, 2018\n\nPerfunctory Business\n\n- Commissioners Present: Anthony Qaiyum, Zach Maiorca, Ben Munro\n- Meeting called to order at 9:08am – M. Prest (motion), C. Dallas (second)\n- Minutes from 11/30/17 meeting approved – Z. Maiorca (motion), T. Feinberg (second)\n\nNew Business\n\n- APPROVED – 2018 Meetings Calendar\n- APPROVED – Revised 2018 budget – B. Munro (motion), Z. Maiorca (second)\n- Holiday decorations were taken down and stored\n\nMeeting adjourned at 11:25am\n");
    assert_eq!(d.kind, DocumentKind::Minutes);
    let got: Vec<_> = d
        .decisions
        .iter()
        .map(|x| {
            (
                x.text.as_str(),
                x.proposer.as_deref(),
                x.seconder.as_deref(),
                x.outcome.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Meeting called to order at 9:08am",
                Some("M. Prest"),
                Some("C. Dallas"),
                None
            ),
            (
                "Minutes from 11/30/17 meeting approved",
                Some("Z. Maiorca"),
                Some("T. Feinberg"),
                Some("agreed")
            ),
            ("2018 Meetings Calendar", None, None, Some("agreed")),
            (
                "Revised 2018 budget",
                Some("B. Munro"),
                Some("Z. Maiorca"),
                Some("agreed")
            ),
        ]
    );
}

#[test]
fn a_decision_records_status_gives_its_decisions_outcome() {
    let d = doc("Decision details\n\nMinutes of Previous Meeting\n\nDecision status: Recommendations Approved\n\nDecision:\n\nThe Minutes of the Policy Committee meeting on 23 September 2015 were approved as a correct record.\n\nPublication date: 22/10/2015\n");
    assert_eq!(d.kind, DocumentKind::DecisionNotice);
    assert_eq!(d.decisions.len(), 1, "{:?}", d.decisions);
    assert_eq!(d.decisions[0].outcome.as_deref(), Some("agreed"));
}

#[test]
fn a_members_question_in_their_own_words_after_a_garbled_item_line() {
    let d = doc("Minutes of Proceedings at Meeting of the Municipal District of Newcastle West held on 10th February 2016\n\nQUESTIONS\n\n3. Question submitted by Councillor L. Galvin\n\nI will ask at the next Meeting for an update on the purchase of a new graveyard.\n\nREPLY: The Council has been trying to establish a suitable site for many years.\n\n4. i mi ncillor J. Scanlan\n\n! will ask at the next Meeting for the cost of a single burial space at Calvary Cemetery.\n\nREPLY: Grave space charges are as follows: Single Grave €750 at time of need.\n\nNOTICE OF MOTION\n\n5. Notice of Motion submitted by Councillor L. Galvin\n\nI will move at the next Meeting that the landowner be contacted.\n");
    let got: Vec<_> = d
        .questions
        .iter()
        .map(|q| (q.number.as_deref(), q.asker.as_deref(), q.answer.is_some()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("3"), Some("L. Galvin"), true),
            (Some("4"), Some("J. Scanlan"), true)
        ]
    );
    assert!(d.questions[1].question.contains("Calvary Cemetery"));
    assert!(d.questions[1]
        .answer
        .as_deref()
        .unwrap()
        .starts_with("Grave space charges"));
}
