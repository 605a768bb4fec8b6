//! Tests of reading the structure of papers, from text and from real papers of the shared
//! corpus (skipped with a message when it is absent).

use super::*;
use crate::blocks::blocks;
use crate::extract::text::extract;
use council_model::DecisionKind;

fn doc(text: &str) -> Document {
    build(&blocks(&extract(text, false)))
}

#[test]
fn committee_report_cover_and_sections() {
    let d = doc("Strengthening Services Board\n\nTo: Children and Young People Committee\n\nMeeting Date: 8 March 2023\n\nRecommendation: The Committee is recommended to:\n\n- a) Establish a board.\n- b) Develop a plan.\n\n1. Background\n\n1.1 In December the board met.\n\n2. Main Issues\n\n2.1 THE RATIONALE\n\n2.1.1 The leadership supports it.\n");
    assert_eq!(d.kind, DocumentKind::CommitteeReport);
    assert_eq!(d.title.as_deref(), Some("Strengthening Services Board"));
    assert_eq!(
        d.meetings[0].body.as_deref(),
        Some("Children and Young People Committee")
    );
    assert_eq!(d.meetings[0].date.as_deref(), Some("2023-03-08"));
    let numbered: Vec<(&str, Option<&str>)> = d
        .sections
        .iter()
        .filter_map(|s| s.number.as_deref().map(|n| (n, s.heading.as_deref())))
        .collect();
    assert_eq!(
        numbered,
        [
            ("1", Some("Background")),
            ("1.1", None),
            ("2", Some("Main Issues")),
            ("2.1", Some("THE RATIONALE")),
            ("2.1.1", None)
        ]
    );
    let s = d
        .sections
        .iter()
        .find(|s| s.number.as_deref() == Some("2.1.1"))
        .unwrap();
    assert_eq!(s.path, ["2 Main Issues", "2.1 THE RATIONALE"]);
    let labels: Vec<_> = d
        .decisions
        .iter()
        .map(|d| d.label.clone().unwrap())
        .collect();
    assert_eq!(labels, ["a", "b"]);
}

#[test]
fn minutes_resolutions_with_proposer() {
    let d = doc("Minutes of the meeting of the Scrutiny Committee\n\nPresent: Councillor A Smith (Chair)\n\n7. Improvement plan\n\nThe recommendations below were proposed by Councillor Phillip Howells, seconded by Councillor Helen I’Anson and approved.\n\nRESOLVED: the committee recommends:\n\na) That the notice is noted;\n\nb) That the advisor attends.\n");
    assert_eq!(d.kind, DocumentKind::Minutes);
    assert_eq!(d.decisions.len(), 2, "{:?}", d.decisions);
    assert_eq!(d.decisions[0].proposer.as_deref(), Some("Phillip Howells"));
    assert_eq!(d.decisions[0].seconder.as_deref(), Some("Helen I’Anson"));
    assert_eq!(d.decisions[1].label.as_deref(), Some("b"));
}

#[test]
fn written_questions_pair_with_answers() {
    let d = doc("County Council – 19 March 2024\n\nWritten Question under Rule 9.2\n\n1. Question from Councillor Simon Bywater\n\nCould you say:\n\n1. What was done?\n2. How many meetings?\n\nResponse from Councillor Bryony Goodliffe, Chair of the Committee\n\n1. What was done?\n\nA great deal was done.\n\n2. How many meetings?\n\nTwelve.\n");
    assert_eq!(d.kind, DocumentKind::WrittenQuestion);
    assert_eq!(d.questions.len(), 2, "{:?}", d.questions);
    assert_eq!(d.questions[0].asker.as_deref(), Some("Simon Bywater"));
    assert_eq!(
        d.questions[1].respondent.as_deref(),
        Some("Bryony Goodliffe")
    );
    assert_eq!(
        d.questions[0].answer.as_deref(),
        Some("A great deal was done.")
    );
    assert_eq!(d.meetings[0].date.as_deref(), Some("2024-03-19"));
}

#[test]
fn decision_notice_records_what_was_decided() {
    let d = doc("Decision details\n\nAppointment of a contractor\n\nDecision maker: Cabinet\n\nDecision status: Recommendations Approved\n\nDecided at meeting: 19/10/2015 - Policy Committee\n\nDecision\n\nThe appointment of the contractor was approved.\n\nPublication date: 22/10/2015\n");
    assert_eq!(d.kind, DocumentKind::DecisionNotice);
    assert_eq!(d.title.as_deref(), Some("Appointment of a contractor"));
    assert_eq!(d.meetings[0].date.as_deref(), Some("2015-10-19"));
    assert_eq!(d.decisions.len(), 1, "{:?}", d.decisions);
    assert_eq!(d.decisions[0].kind, DecisionKind::Resolution);
    assert!(d.decisions[0].text.starts_with("The appointment"));
}

#[test]
fn minutes_heading_wrapped_over_blocks() {
    let d = doc("MINUTES OF PROCEEDINGS AT SPECIAL MEETING OF LIMERICK\n\nCITY AND COUNTY COUNCIL HELD IN THE COUNCIL CHAMBER,\n\nDOORADOYLE, LIMERICK, ON MONDAY, 6TH NOVEMBER, 2017, AT\n\nTHE CONCLUSION OF THE SPECIAL MEETING.\n\nPRESENT IN THE CHAIR: Councillor S. Keary, Mayor.\n\n1. MINUTES\n\nThe minutes were agreed.\n");
    assert_eq!(d.kind, DocumentKind::Minutes);
    assert_eq!(d.meetings.len(), 1, "{:?}", d.meetings);
    let m = &d.meetings[0];
    assert_eq!(m.body.as_deref(), Some("Limerick City and County Council"));
    assert_eq!(m.date.as_deref(), Some("2017-11-06"));
    assert_eq!(
        d.title.as_deref(),
        Some("Minutes of Proceedings at Special Meeting of Limerick City and County Council")
    );
}

#[test]
fn meeting_bodies_are_bodies() {
    use super::cover::clean_body;
    let body = |s: &str| clean_body(s);
    assert_eq!(body("To Cabinet").as_deref(), Some("Cabinet"));
    assert_eq!(
        body("County Council 13th February 2025").as_deref(),
        Some("County Council")
    );
    assert_eq!(
        body("COUNTY COUNCIL DATE").as_deref(),
        Some("County Council")
    );
    assert_eq!(
        body("County Council Meeting").as_deref(),
        Some("County Council")
    );
    assert_eq!(
        body("Annual Parish Meeting").as_deref(),
        Some("Annual Parish Meeting")
    );
    assert_eq!(body("All Members of the County Council"), None);
    assert_eq!(
        body("Sue Chandler, Cabinet Member for Integrated Children's Services"),
        None
    );
    assert_eq!(
        body("Children, Young People and Education Cabinet Committee").as_deref(),
        Some("Children, Young People and Education Cabinet Committee")
    );
}

#[test]
fn issue_history_meetings() {
    let d = doc("Issue - meetings\n\nChildren's plan\n\nMeeting: 03/06/2021 - Cabinet (Item 7)\n\nMinutes:\n\nThe cabinet discussed it.\n\nMeeting: 01/06/2021 - Scrutiny Committee (Item 7)\n\nRESOLVED: That the plan is noted.\n");
    assert_eq!(d.kind, DocumentKind::IssueHistory);
    assert_eq!(d.title.as_deref(), Some("Children's plan"));
    assert_eq!(d.meetings.len(), 2);
    assert_eq!(d.meetings[0].item.as_deref(), Some("7"));
    assert_eq!(d.meetings[1].date.as_deref(), Some("2021-06-01"));
    assert_eq!(d.decisions.len(), 1);
    // Each section knows which meeting it records.
    assert_eq!(d.sections.last().unwrap().meeting, Some(1));
    assert_eq!(d.sections[0].meeting, Some(0));
}

/// The shared corpus of real papers beside the repository, or `None` (with a message)
/// when it is absent.
fn shared_raw(file: &str) -> Option<std::path::PathBuf> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/raw")
        .join(file);
    if p.is_file() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} is absent (the shared corpus beside the repo)",
            p.display()
        );
        None
    }
}

fn parse_shared(file: &str) -> Option<Vec<Document>> {
    let path = shared_raw(file)?;
    let parsed = crate::parse_file(&path, file, &crate::ParseOptions::default()).unwrap();
    Some(parsed.documents)
}

#[test]
fn welsh_resolution_with_labelled_items_and_motion() {
    let d = doc("Cofnodion cyfarfod y Pwyllgor Craffu\n\nPresennol: Y Cynghorydd A Jones (Cadeirydd)\n\n7. Cynllun gwella\n\nCynigiwyd gan y Cynghorydd Huw Morgan ac eiliwyd gan y Cynghorydd Siân Lewis.\n\nPENDERFYNWYD:\n\n(a) Nodi'r hysbysiad gwella;\n\n(b) Gwahodd y cynghorydd gwella i'r cyfarfod nesaf.\n\nCafodd y cynnig ei gario.\n");
    assert_eq!(d.kind, DocumentKind::Minutes);
    assert_eq!(d.decisions.len(), 2, "{:?}", d.decisions);
    let a = &d.decisions[0];
    assert_eq!(a.kind, DecisionKind::Resolution);
    assert_eq!(a.label.as_deref(), Some("a"));
    assert_eq!(a.proposer.as_deref(), Some("Huw Morgan"));
    assert_eq!(a.seconder.as_deref(), Some("Siân Lewis"));
    assert_eq!(a.outcome.as_deref(), Some("carried"));
    assert_eq!(d.decisions[1].label.as_deref(), Some("b"));
    assert!(d.decisions[1].text.starts_with("Gwahodd"));
}

#[test]
fn welsh_resolution_with_numbered_items_and_lost_motion() {
    let d = doc("Cofnodion y Cyngor\n\n3. Cyllideb\n\nPENDERFYNWYD:\n\n1. Cytuno ar y gyllideb ddrafft;\n\n2. Nodi'r risgiau a nodwyd yn yr adroddiad.\n\nCafodd y cynnig ei golli.\n\n4. Unrhyw fater arall\n\nDim.\n");
    let labels: Vec<_> = d.decisions.iter().map(|x| x.label.as_deref()).collect();
    assert_eq!(labels, [Some("1"), Some("2")], "{:?}", d.decisions);
    assert!(d
        .decisions
        .iter()
        .all(|x| x.outcome.as_deref() == Some("lost")));
    // The list is the resolution's, not minutes 1 and 2: minute 4 is still an item.
    let minutes: Vec<_> = d.items.iter().filter_map(|i| i.minute.as_deref()).collect();
    assert_eq!(minutes, ["3", "4"]);
}

#[test]
fn welsh_resolution_states_its_outcome() {
    let d = doc("Cofnodion y Pwyllgor\n\n5. Adroddiad blynyddol\n\nPENDERFYNWYD nodi'r adroddiad blynyddol.\n\n6. Polisi\n\nPenderfynwyd yn unfrydol cytuno ar y polisi newydd.\n");
    assert_eq!(d.decisions.len(), 2, "{:?}", d.decisions);
    assert_eq!(d.decisions[0].outcome.as_deref(), Some("noted"));
    assert_eq!(d.decisions[1].outcome.as_deref(), Some("agreed"));
    assert_eq!(d.items[1].decisions, [1]);
}

#[test]
fn welsh_minutes_record_decisions_in_running_text() {
    let d = doc("Cofnodion cyfarfod Cyngor Cymuned\n\n2. CADARNHAU COFNODION Y CYFARFOD DIWETHAF\n\nCynigiwyd gan y Cyng. J. Davies, eiliwyd gan y Cyng. O. Williams ac roedd pawb yn gytûn bod y cofnodion yn gywir.\n\n6. GOHEBIAETH\n\ni) Banc, cyfriflen y mis. Nodwyd\n\nii) Ambiwlans Awyr parthed cymorth ariannol. Cynigiwyd gan y Cyng. H. Gwynne, eiliwyd gan y Cyng. K. Davies a chytunwyd gan bawb y dylid rhoi £50.00. Clerc\n\niii) Clwb parthed cymorth ariannol. Ni chytunwyd i roi cymorth.\n\n7. CYNLLUNIO\n\nYn dilyn trafodaeth, penderfynwyd gwrthwynebu'r cais ar sail y canlynol:\n\n- Traffig\n\n- Maint y datblygiad\n");
    assert_eq!(d.decisions.len(), 3, "{:#?}", d.decisions);
    let first = &d.decisions[0];
    assert_eq!(first.proposer.as_deref(), Some("J. Davies"));
    assert_eq!(first.seconder.as_deref(), Some("O. Williams"));
    assert_eq!(first.outcome.as_deref(), Some("agreed"));
    let grant = &d.decisions[1];
    assert_eq!(grant.label.as_deref(), Some("ii"));
    assert_eq!(grant.proposer.as_deref(), Some("H. Gwynne"));
    assert!(grant.text.starts_with("Ambiwlans Awyr"), "{}", grant.text);
    assert!(grant.text.ends_with("£50.00."), "{}", grant.text);
    let planning = &d.decisions[2];
    assert_eq!(planning.outcome, None);
    assert!(
        planning.text.ends_with("- Maint y datblygiad"),
        "{}",
        planning.text
    );
    let items: Vec<(Option<&str>, &str, &[usize])> = d
        .items
        .iter()
        .map(|i| {
            (
                i.minute.as_deref(),
                i.title.as_str(),
                i.decisions.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            (
                Some("2"),
                "CADARNHAU COFNODION Y CYFARFOD DIWETHAF",
                &[0][..]
            ),
            (Some("6"), "GOHEBIAETH", &[1][..]),
            (Some("7"), "CYNLLUNIO", &[2][..]),
        ]
    );
}

#[test]
fn english_minutes_record_decisions_in_running_text() {
    let d = doc("Minutes of the meeting of the Community Council\n\n2. TO CONFIRM THE MINUTES It was proposed by Cllr. J. Davies, seconded by Cllr. O. Williams and unanimously agreed that the minutes were correct.\n\n6. CORRESPONDENCE\n\nxi) Air Ambulance re financial support. It was proposed by Cllr. H. Gwynne, seconded by Cllr. K. Davies and unanimously agreed to donate £50.00. Clerk\n\nxii) Cricket Club re financial support. It was proposed by Cllr. H. Gwynne, seconded by Cllr. K. Davies and unanimously agreed to donate £50.00. Clerk\n\nThe plan was agreed in October 2023 by the county.\n");
    assert_eq!(d.decisions.len(), 3, "{:#?}", d.decisions);
    // The capitals run into the text are the minute's title.
    assert_eq!(d.items[0].title, "TO CONFIRM THE MINUTES");
    assert_eq!(d.decisions[0].proposer.as_deref(), Some("J. Davies"));
    assert_eq!(d.decisions[2].label.as_deref(), Some("xii"));
    assert!(d.decisions[2].text.starts_with("Cricket Club"));
}

#[test]
fn bilingual_resolutions_count_once() {
    let d = doc("Minutes of the Cabinet\n\nPresent: Councillor A Jones\n\n5. Budget\n\nRESOLVED:\n\n(a) That the budget be approved;\n\n(b) That the risks be noted.\n\nPENDERFYNWYD:\n\n(a) Cymeradwyo'r gyllideb;\n\n(b) Nodi'r risgiau.\n\n6. Schools\n\nRESOLVED: That the report be noted.\n");
    let texts: Vec<&str> = d.decisions.iter().map(|x| x.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "That the budget be approved;",
            "That the risks be noted.",
            "That the report be noted."
        ]
    );
    assert!(is_welsh(
        "Cymeradwyo'r gyllideb a nodi bod y cyngor wedi cytuno"
    ));
    assert!(!is_welsh(
        "That the budget be approved and the risks be noted"
    ));
}

#[test]
fn english_resolution_lists_and_second_resolutions() {
    let d = doc("Minutes of the Council\n\n3. Constitution\n\nRESOLVED that Council:\n\n1. Approves the changes to the Constitution;\n\n2. Delegates authority to the Monitoring Officer.\n\nRESOLVED that the work programme be noted.\n\n4. Any other business\n\nNone.\n");
    let labels: Vec<_> = d.decisions.iter().map(|x| x.label.as_deref()).collect();
    assert_eq!(labels, [Some("1"), Some("2"), None], "{:?}", d.decisions);
    assert_eq!(d.items.len(), 2);
}

#[test]
fn minute_items_with_minute_and_agenda_item_numbers() {
    let d = doc("KENT COUNTY COUNCIL\n\nCABINET\n\nMINUTES of a meeting of the Cabinet held on Thursday, 30 January 2025.\n\nPRESENT: Mr R Gough (Chairman)\n\n84. Apologies (Item 1)\n\nApologies were received from Mrs C Bell.\n\n85. Declarations of Interest (Item 2)\n\nNo declarations of interest were received\n\n86. Minutes of the Meeting held on 9th January 2025 (Item 3)\n\nRESOLVED that the minutes were a correct record.\n\n87. Cabinet Member Updates (Item 4)\n\n1. Mr Gough provided an update on the following matters of the month.\n");
    let items: Vec<(Option<&str>, Option<&str>, &str)> = d
        .items
        .iter()
        .map(|i| (i.minute.as_deref(), i.item.as_deref(), i.title.as_str()))
        .collect();
    assert_eq!(
        items,
        [
            (Some("84"), Some("1"), "Apologies"),
            (Some("85"), Some("2"), "Declarations of Interest"),
            (
                Some("86"),
                Some("3"),
                "Minutes of the Meeting held on 9th January 2025"
            ),
            (Some("87"), Some("4"), "Cabinet Member Updates"),
        ]
    );
    assert_eq!(d.items[2].decisions, [0]);
    // The minute heads the path of everything under it, whatever came before it.
    for item in &d.items {
        let head = &d.sections[item.section];
        assert!(head.path.is_empty(), "{:?}", head.path);
        for s in &d.sections[item.section + 1..=item.last_section] {
            assert_eq!(
                s.path.first().map(String::as_str),
                Some(
                    format!(
                        "{} {}",
                        head.number.as_deref().unwrap(),
                        head.heading.as_deref().unwrap()
                    )
                    .as_str()
                )
            );
        }
    }
}

#[test]
fn minute_numbers_of_other_shapes() {
    let d = doc("Minutes of the Planning Committee\n\nPresent: Councillor A Smith\n\n23/45 Planning applications\n\n1. The committee considered three applications.\n\nRESOLVED: That permission be granted.\n\nCAB 23/46 Highways (Agenda Item 6)\n\nThe report was noted.\n\nMinute 47 - Date of next meeting\n\nThe next meeting is in May.\n\nItem 9: Exclusion of the press\n\nNone.\n");
    let items: Vec<(Option<&str>, Option<&str>, &str)> = d
        .items
        .iter()
        .map(|i| (i.minute.as_deref(), i.item.as_deref(), i.title.as_str()))
        .collect();
    assert_eq!(
        items,
        [
            (Some("23/45"), None, "Planning applications"),
            (Some("CAB 23/46"), Some("6"), "Highways"),
            (Some("47"), None, "Date of next meeting"),
            (None, Some("9"), "Exclusion of the press"),
        ]
    );
    assert_eq!(d.items[0].decisions, [0]);
    let inner = d
        .sections
        .iter()
        .find(|s| s.text.starts_with("RESOLVED"))
        .unwrap();
    assert_eq!(inner.path, ["23/45 Planning applications"]);
}

#[test]
fn agenda_items_with_page_references() {
    let d = doc("AGENDA\n\nCabinet - 12 June 2023\n\n1. Apologies for absence\n\n2. Record of the previous meeting (Pages 1 - 6)\n\nTo approve the record.\n\n3. Budget monitoring report (Pages 7 - 20)\n");
    assert_eq!(d.kind, DocumentKind::Agenda);
    let items: Vec<(Option<&str>, Option<&str>, &str)> = d
        .items
        .iter()
        .map(|i| (i.minute.as_deref(), i.item.as_deref(), i.title.as_str()))
        .collect();
    assert_eq!(
        items,
        [
            (None, Some("1"), "Apologies for absence"),
            (None, Some("2"), "Record of the previous meeting"),
            (None, Some("3"), "Budget monitoring report"),
        ]
    );
}

#[test]
fn report_facts_from_a_cover_table() {
    let d = doc("From: Sue Chandler, Cabinet Member for Integrated\n\nChildren's Services\n\nDan Watkins, Cabinet Member for Adult Social Care\n\nTo: Cabinet - 30 January 2025\n\nSubject: Transfer of the Strengthening\n\nIndependence Service\n\nDecision no: 24/00109\n\nKey Decision: Yes - It affects more than 2 Electoral Divisions\n\nElectoral Division: All\n\nSummary: The proposal is to transfer the service.\n\n1. Introduction\n\n1.1 Text.\n\n1.2 More text.\n");
    assert_eq!(d.kind, DocumentKind::CommitteeReport);
    let r = d.report.expect("report facts");
    assert_eq!(r.key_decision, Some(true));
    assert_eq!(r.forward_plan.as_deref(), Some("24/00109"));
    assert_eq!(r.wards, ["All"]);
    assert_eq!(
        r.author.as_deref(),
        Some("Sue Chandler, Cabinet Member for Integrated Children's Services; Dan Watkins, Cabinet Member for Adult Social Care")
    );
    assert_eq!(
        d.title.as_deref(),
        Some("Transfer of the Strengthening Independence Service")
    );
    assert!(d
        .sections
        .iter()
        .all(|s| s.heading.as_deref() != Some("Children's Services")));
}

#[test]
fn report_facts_in_other_layouts() {
    let d = doc("REPORT OF THE DIRECTOR OF CHILDREN'S SERVICES\n\nLibrary opening hours\n\nKey Decision: Yes – Reference: KD1234\n\nWard(s): Altrincham; Hale Central\n\n1. Purpose\n\n1.1 Text.\n\n1.2 Text.\n");
    let r = d.report.expect("report facts");
    assert_eq!(r.author.as_deref(), Some("Director of Children's Services"));
    assert_eq!(r.key_decision, Some(true));
    assert_eq!(r.forward_plan.as_deref(), Some("KD1234"));
    assert_eq!(r.wards, ["Altrincham", "Hale Central"]);

    let d = doc("Library opening hours\n\nReport of: Head of Libraries\n\nThis is not a key decision.\n\nForward Plan reference: FP/2023/045\n\nWards affected: None\n\n1. Purpose\n\n1.1 Text.\n\n1.2 Text.\n");
    let r = d.report.expect("report facts");
    assert_eq!(r.author.as_deref(), Some("Head of Libraries"));
    assert_eq!(r.key_decision, Some(false));
    assert_eq!(r.forward_plan.as_deref(), Some("FP/2023/045"));
    assert!(r.wards.is_empty());

    let d = doc("Decision details\n\nRoad repairs\n\nDecision maker: Cabinet\n\nIs Key decision?: No\n\nRef: KD 2023/12\n\nDecision\n\nThe repairs were approved.\n");
    let r = d.report.expect("report facts");
    assert_eq!(r.key_decision, Some(false));
    assert_eq!(r.forward_plan.as_deref(), Some("KD 2023/12"));

    // Nothing is guessed: "N/A" is no reference, a planning reference no forward plan.
    let d = doc("Planning report\n\nKey decision: N/A\n\nRef: 22/01234/FUL\n\nForward Plan ref: N/A\n\n1. Site\n\n1.1 Text.\n\n1.2 Text.\n");
    assert_eq!(d.report, None);
}

#[test]
fn real_welsh_minutes_yield_resolutions() {
    let Some(docs) = parse_shared("mscc-wales/minutes/2019/3-19_cy.pdf") else {
        return;
    };
    let d = &docs[0];
    assert_eq!(d.kind, DocumentKind::Minutes);
    let minutes = d
        .decisions
        .iter()
        .find(|x| x.text.starts_with("Cynigiwyd gan y Cyng. J. Davies"))
        .expect("the minutes confirmed");
    assert_eq!(minutes.proposer.as_deref(), Some("J. Davies"));
    assert_eq!(minutes.seconder.as_deref(), Some("O. Williams"));
    assert_eq!(minutes.outcome.as_deref(), Some("agreed"));
    assert!(d
        .decisions
        .iter()
        .any(|x| x.text.starts_with("y dylid gwrthwynebu’r datblygiad")));
    assert!(d
        .items
        .iter()
        .any(|i| i.title == "GOHEBIAETH" && !i.decisions.is_empty()));
}

#[test]
fn real_minutes_list_their_items() {
    let Some(docs) = parse_shared(
        "kent-cc/cabinet/2025-01-30/originals/Printed minutes 30th-Jan-2025 10.00 Cabinet.pdf",
    ) else {
        return;
    };
    let d = &docs[0];
    let first: Vec<(Option<&str>, Option<&str>, &str)> = d
        .items
        .iter()
        .take(3)
        .map(|i| (i.minute.as_deref(), i.item.as_deref(), i.title.as_str()))
        .collect();
    assert_eq!(
        first,
        [
            (Some("84"), Some("1"), "Apologies"),
            (Some("85"), Some("2"), "Declarations of Interest"),
            (
                Some("86"),
                Some("3"),
                "Minutes of the Meeting held on 9th January 2025"
            ),
        ]
    );
    assert!(!d.items[2].decisions.is_empty());
}

#[test]
fn a_decision_notice_lists_its_decisions_under_decision() {
    let Some(docs) = parse_shared("kent-cc/cabinet/2025-01-30/originals/24-00108 - PROD.pdf")
    else {
        return;
    };
    let d = &docs[0];
    assert_eq!(d.kind, DocumentKind::DecisionNotice);
    let labels: Vec<(Option<&str>, DecisionKind)> = d
        .decisions
        .iter()
        .map(|x| (x.label.as_deref(), x.kind))
        .collect();
    let want: Vec<(Option<&str>, DecisionKind)> = ["a", "b", "c", "d", "e", "f"]
        .into_iter()
        .map(|l| (Some(l), DecisionKind::Resolution))
        .collect();
    assert_eq!(labels, want, "{:?}", d.decisions);
    assert!(d.decisions[2]
        .text
        .starts_with("Note the forecast capital underspend"));
}

#[test]
fn real_report_cover_facts() {
    let Some(docs) = parse_shared("kent-cc/cabinet/2025-01-30/originals/24-00109 - Transfer the 18-25 section of the Strengthening Independence Service - Report.pdf") else {
        return;
    };
    let r = docs[0].report.as_ref().expect("report facts");
    assert_eq!(r.key_decision, Some(true));
    assert_eq!(r.forward_plan.as_deref(), Some("24/00109"));
    assert_eq!(r.wards, ["All"]);
    assert!(
        r.author.as_deref().is_some_and(|a| a.starts_with(
            "Sue Chandler, Cabinet Member for Integrated Children’s Services; Dan Watkins"
        )),
        "{:?}",
        r.author
    );
}

/// A generated paper of about `bytes` bytes: numbered headings with numbered paragraphs,
/// unnumbered headings between them, capitals now and then, numbers that start again.
fn generated_paper(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 1000);
    let mut n = 0;
    while text.len() < bytes {
        n += 1;
        let top = n % 40 + 1;
        text.push_str(&format!("{top}. Background to item {n}\n\n"));
        text.push_str(&format!(
            "{top}.1 The committee considered the report and discussed the options with officers.\n\n"
        ));
        text.push_str(&format!("Financial Implications {n}\n\n"));
        text.push_str(
            "The costs are met from the existing budget of the service for the year.\n\n",
        );
        if n % 7 == 0 {
            text.push_str(&format!("APPENDIX {n}\n\n"));
        }
        text.push_str(&format!("{top}.2 Options for item {n}\n\n"));
        text.push_str(&format!("{top}.2.1 Sub options\n\n"));
    }
    text
}

/// The time `build` takes on the blocks of `text` (the best of two runs), and the document.
fn timed_build(text: &str) -> (std::time::Duration, Document) {
    let b = blocks(&extract(text, false));
    let mut best = std::time::Duration::MAX;
    let mut doc = Document::default();
    for _ in 0..2 {
        let start = std::time::Instant::now();
        doc = build(&b);
        best = best.min(start.elapsed());
    }
    (best, doc)
}

#[test]
fn long_papers_keep_paths_short_and_parse_in_linear_time() {
    let (small_time, small) = timed_build(&generated_paper(1 << 20));
    let (large_time, large) = timed_build(&generated_paper(4 << 20));
    for d in [&small, &large] {
        assert!(d.sections.len() > 10_000, "{} sections", d.sections.len());
        let deepest = d.sections.iter().map(|s| s.path.len()).max().unwrap();
        let longest = d
            .sections
            .iter()
            .map(|s| s.path.iter().map(|p| p.len()).sum::<usize>())
            .max()
            .unwrap();
        assert!(deepest <= 4, "a path of {deepest} headings");
        assert!(longest <= 200, "a path of {longest} bytes");
    }
    // Numbered paragraphs keep their numbers and sit under their headings.
    let s = large
        .sections
        .iter()
        .find(|s| s.number.as_deref() == Some("3.2.1"))
        .unwrap();
    assert_eq!(s.path.len(), 2, "{:?}", s.path);
    assert!(
        s.path[0].starts_with("3 Background") && s.path[1].starts_with("3.2 Options"),
        "{:?}",
        s.path
    );
    let ratio = large_time.as_secs_f64() / small_time.as_secs_f64();
    eprintln!("1 MB: {small_time:?}, 4 MB: {large_time:?}, ratio {ratio:.2}");
    assert!(
        ratio < 8.0,
        "4 MB took {ratio:.1} times as long as 1 MB ({small_time:?}, {large_time:?})"
    );
}

#[test]
fn the_motion_carried_is_not_the_amendment_lost_before_it() {
    let text = "MINUTES of a meeting of the County Council held on 13 February 2025\n\n5. Budget 2025-26\n\n(4) Mr Oakford proposed and Mr Gough seconded the following motion:\n\nThat the budget be agreed.\n\n(11) Mr Hood proposed, and Mr Lewis seconded the following amendment:\n\nThat more be spent on roads.\n\nAmendment lost.\n\n(24) Mr Lehmann proposed, and Mr Hood seconded the following amendment:\n\nThat less be spent on roads.\n\nAmendment lost.\n\nSubstantive Motion Carried.\n\n(27) RESOLVED that the budget be agreed.\n";
    let d = doc(text);
    let resolution = d
        .decisions
        .iter()
        .find(|d| d.text.contains("budget be agreed"))
        .expect("the resolution");
    assert_eq!(resolution.proposer.as_deref(), Some("Oakford"));
    assert_eq!(resolution.seconder.as_deref(), Some("Gough"));
}

/// A paged document of lines set in (size in twentieths of the body, bold).
fn typeset(lines: &[(&str, u8, bool)]) -> Document {
    let text = crate::blocks::tests::styled(lines);
    build(&blocks(&text))
}

#[test]
fn the_title_is_the_first_pages_most_prominent_heading() {
    let body = "The committee is asked to note the progress made on the plan over the last year.";
    let mut lines = vec![
        ("City of Exampleton", 30, true),
        ("County Council Meeting - 13th March 2025", 26, true),
        ("Annual Review of the Library Service", 26, true),
        ("Page | 1", 20, false),
        // A blank line before a heading, as papers set it (the line classifier reads it).
        ("", 20, false),
        ("Background", 20, true),
    ];
    lines.extend(std::iter::repeat_n((body, 20, false), 10));
    let d = typeset(&lines);
    assert_eq!(
        d.title.as_deref(),
        Some("Annual Review of the Library Service")
    );
    let headings: Vec<&str> = d
        .sections
        .iter()
        .filter_map(|s| s.heading.as_deref())
        .collect();
    assert!(headings.contains(&"Background"), "{headings:?}");
}

#[test]
fn minutes_record_questions_with_their_replies() {
    let d = doc("MINUTES OF PROCEEDINGS AT MEETING OF THE MUNICIPAL DISTRICT OF WESTON HELD ON WEDNESDAY, 10TH FEBRUARY 2016\n\nPRESENT IN THE CHAIR: Councillor M. Collins.\n\n1. Adoption of Minutes\n\nOn the proposal of Councillor Browne, seconded by Councillor Foley, the Minutes were adopted.\n\n2. Question submitted by Councillor L. Galvin\n\nI will ask at the next Meeting for the fence at the graveyard to be repaired.\n\nREPLY: The Council will arrange to repair the fence.\n\n3. Question submitted by Councillor J. Scanlan\n\nI will ask for the cost of a burial space.\n\n4. Notice of Motion submitted by Councillor L. Galvin\n\nI will move that the ditch be removed.\n\nREPLY: The Roads Engineer will meet the landowners.\n");
    assert_eq!(d.kind, DocumentKind::Minutes);
    // The question without a reply is left out; the reply to the motion is no answer to it.
    assert_eq!(d.questions.len(), 1, "{:?}", d.questions);
    let q = &d.questions[0];
    assert_eq!(q.number.as_deref(), Some("2"));
    assert_eq!(q.asker.as_deref(), Some("L. Galvin"));
    assert!(q.question.starts_with("I will ask"), "{q:?}");
    assert_eq!(
        q.answer.as_deref(),
        Some("The Council will arrange to repair the fence.")
    );
}

#[test]
fn a_summons_to_a_meeting_is_an_agenda() {
    for head in [
        "A meeting of the Audit Committee will be held:\n\nDate: 22 October 2009",
        "You are requested to attend a Meeting of the Municipal District of Weston to be held on Wednesday, 1st February, 2017.",
    ] {
        let d = doc(&format!(
            "{head}\n\n1. Minutes\n\n2. Apologies\n\n3. Budget report\n"
        ));
        assert_eq!(d.kind, DocumentKind::Agenda, "{head}");
    }
}

#[test]
fn a_joint_session_is_a_meeting_of_both_bodies() {
    let d = doc("AUDIT COMMITTEE AND GENERAL PURPOSES COMMITTEE (JOINT SESSION) - 24 SEPTEMBER 2009\n\nPRESENT: Councillors A and B.\n\n1. Accounts\n\nThe accounts were noted.\n");
    let bodies: Vec<(Option<&str>, Option<&str>)> = d
        .meetings
        .iter()
        .map(|m| (m.body.as_deref(), m.date.as_deref()))
        .collect();
    assert_eq!(
        bodies,
        [
            (Some("Audit Committee"), Some("2009-09-24")),
            (Some("General Purposes Committee"), Some("2009-09-24"))
        ]
    );
    let one = doc("Children and Young People Committee - 8 March 2023\n\nPRESENT: Councillors A and B.\n\n1. Accounts\n\nNoted.\n");
    assert_eq!(
        one.meetings[0].body.as_deref(),
        Some("Children and Young People Committee")
    );
}

#[test]
fn a_heading_that_is_a_persons_name_is_none() {
    let mut sections = vec![
        Section {
            heading: Some("Benjamin Watts".into()),
            ..Section::default()
        },
        Section {
            heading: Some("Dave Roberts (Independent Chair)".into()),
            path: vec!["Benjamin Watts".into()],
            ..Section::default()
        },
        Section {
            heading: Some("Budget Monitoring".into()),
            path: vec!["Benjamin Watts".into()],
            ..Section::default()
        },
    ];
    unhead_people(&mut sections, &["Benjamin Watts", "Dave Roberts", "Budget"]);
    assert_eq!(sections[0].heading, None);
    assert_eq!(sections[0].text, "Benjamin Watts");
    assert_eq!(sections[1].heading, None);
    assert_eq!(sections[2].heading.as_deref(), Some("Budget Monitoring"));
    assert!(sections[2].path.is_empty());
}

#[test]
fn minutes_that_open_with_who_met_give_their_meeting() {
    let d = doc("11 November 2020\n\nManordeilo and Salem Community Council held their meeting via Zoom at 7.30pm on the 11th November 2020.\n\nPRESENT\n\nCouncillors Alun Davies and Kim Davies.\n\n1. WELCOME AND APOLOGIES\n\nCllr. O. Williams took the Chair.\n\n2. MINUTES\n\nIt was agreed that the minutes of the meeting held on the 14th October 2020 were correct.");
    assert_eq!(d.kind, DocumentKind::Minutes);
    assert_eq!(
        d.meetings[0].body.as_deref(),
        Some("Manordeilo and Salem Community Council")
    );
    assert_eq!(d.meetings[0].date.as_deref(), Some("2020-11-11"));
}

#[test]
fn the_following_agreed_in_running_minutes_is_a_decision() {
    let d = doc("Manordeilo and Salem Community Council held their meeting on the 6th February 2019.\n\nPRESENT\n\nCouncillors Alun Davies and Kim Davies.\n\n1. WELCOME AND APOLOGIES\n\nCllr. Alun Davies took the Chair.\n\n10. FINANCIAL REQUESTS\n\nii) Requests for financial support were considered and, in line with the Council's policy, the following donations were agreed:\nCruse Bereavement - £50.00; Salem Gardening Club - £50.00.");
    assert!(
        d.decisions
            .iter()
            .any(|x| x.text.contains("the following donations were agreed")),
        "{:?} {:?} {:?}",
        d.kind,
        d.decisions,
        d.sections
    );
}
