//! Tests of the layouts councils print their papers in, written the way papers of councils
//! the rules were not written on set them: titles and meetings of minutes headed in any
//! style, decision recording forms, agendas named by their heading, page furniture that is
//! no title, and minutes whose paragraphs are numbered "1)" in each minute.

use super::*;
use crate::blocks::blocks;
use crate::extract::text::extract;

fn doc(text: &str) -> Document {
    build(&blocks(&extract(text, false)))
}

/// A paged document of lines set in (size in twentieths of the body, bold).
fn typeset(lines: &[(&str, u8, bool)]) -> Document {
    let text = crate::blocks::tests::styled(lines);
    build(&blocks(&text))
}

const PROSE: &str = "The committee considered the report of the Director and discussed the options set out in it at some length.";

fn meeting(d: &Document) -> (Option<&str>, Option<&str>) {
    let m = d.meetings.first();
    (
        m.and_then(|m| m.body.as_deref()),
        m.and_then(|m| m.date.as_deref()),
    )
}

#[test]
fn minutes_headed_in_any_style_give_their_meeting() {
    for (head, body, date) in [
        (
            "Minutes of the meeting of the Planning Committee held on Tuesday 12 March 2024",
            "Planning Committee",
            "2024-03-12",
        ),
        (
            "MINUTES OF A MEETING OF THE CABINET HELD AT THE GUILDHALL ON 5 MARCH 2024",
            "Cabinet",
            "2024-03-05",
        ),
        (
            "Planning Committee – 12 March 2024 – Minutes",
            "Planning Committee",
            "2024-03-12",
        ),
        (
            "Audit and Governance Committee - Tuesday, 4 June 2024 - Minutes",
            "Audit and Governance Committee",
            "2024-06-04",
        ),
        (
            "Minutes of the Licensing Sub-Committee meeting held on 3 April 2024",
            "Licensing Sub-Committee",
            "2024-04-03",
        ),
    ] {
        let text = format!("{head}\n\nPresent: Councillors A Smith (Chair), B Jones and C Brown\n\n1. Apologies\n\nThere were none.\n\n2. Minutes\n\nRESOLVED: That the minutes be approved.\n");
        let d = doc(&text);
        assert_eq!(d.kind, DocumentKind::Minutes, "{head}");
        assert_eq!(meeting(&d), (Some(body), Some(date)), "{head}");
        assert!(d.title.is_some(), "{head}");
    }
}

#[test]
fn minutes_with_body_over_a_minutes_line_give_their_meeting() {
    let d = doc("OVERVIEW AND SCRUTINY BOARD\n\nMINUTES of the meeting held on Wednesday, 10 January 2024 at 6.00 pm\n\nPresent: Councillors A Smith (Chair), B Jones\n\n1. Apologies\n\nThere were none.\n");
    assert_eq!(d.kind, DocumentKind::Minutes);
    assert_eq!(
        meeting(&d),
        (Some("Overview and Scrutiny Board"), Some("2024-01-10"))
    );
}

#[test]
fn decision_recording_forms_are_decision_notices() {
    for head in [
        "DECISION RECORDING FORM",
        "Executive Decision Record",
        "Record of Executive Decision",
        "Delegated Decision Record",
        "Individual Cabinet Member Decision",
        "Officer Decision Record Form",
    ] {
        let text = format!("Bristol City Council\n\n{head}\n\nDecision maker: Cabinet Member for Housing\n\nSubject: Award of the housing repairs contract\n\n1. Decision\n\nTo award the contract for housing repairs to the preferred bidder for five years.\n\n2. Reasons for the decision\n\nThe tender evaluation found the bid the most advantageous for the council.\n");
        assert_eq!(doc(&text).kind, DocumentKind::DecisionNotice, "{head}");
        // Without the "Decision maker:" key too.
        let text = text.replace("Decision maker: ", "Portfolio: ");
        assert_eq!(doc(&text).kind, DocumentKind::DecisionNotice, "{head}");
    }
    // A report that only mentions a key decision stays a report.
    let report = format!("Report to Cabinet\n\nKey Decision: Yes\n\nSubject: Library strategy\n\n1. Purpose\n\n1.1 {PROSE}\n\n2. Background\n\n2.1 {PROSE}\n");
    assert_eq!(doc(&report).kind, DocumentKind::CommitteeReport);
}

#[test]
fn a_heading_naming_the_paper_an_agenda_makes_it_one() {
    let d = typeset(&[
        ("City of Exampleton", 20, true),
        ("NOTICE AND AGENDA OF DISTRICT COUNCIL MEETING", 20, true),
        (
            "Notice is hereby given that District Council 4 will hold a public meeting.",
            20,
            false,
        ),
        ("MEETING AGENDA", 20, true),
        ("1. Roll Call & Quorum Determination", 20, false),
        ("2. Public comment", 20, false),
        ("3. Approval of minutes", 20, false),
        ("4. Announcement of the next regular meeting", 20, false),
    ]);
    assert_eq!(d.kind, DocumentKind::Agenda);
    // A report on the committee's forward agenda is a report.
    let report = doc(&format!("Scrutiny Forward Agenda\n\nReport to Scrutiny Committee\n\nSubject: Forward agenda\n\n1. Purpose\n\n1.1 {PROSE}\n\n2. Background\n\n2.1 {PROSE}\n"));
    assert_eq!(report.kind, DocumentKind::CommitteeReport);
    // An item's stamp names no agenda.
    let report = doc(&format!("Agenda Item 6\n\nReport to Cabinet\n\nSubject: Library strategy\n\n1. Purpose\n\n1.1 {PROSE}\n\n2. Background\n\n2.1 {PROSE}\n"));
    assert_eq!(report.kind, DocumentKind::CommitteeReport);
}

#[test]
fn page_furniture_and_unreadable_glyphs_are_no_title() {
    let mut lines = vec![
        ("P a g e | 1", 20, false),
        ("Wplwpl", 40, true),
        ("Transport Delivery Committee", 30, true),
        ("Bus Service Improvement Plan Update", 30, true),
        ("Report to: Transport Delivery Committee", 20, false),
        ("Background", 20, true),
    ];
    lines.extend(std::iter::repeat_n((PROSE, 20, false), 10));
    let d = typeset(&lines);
    assert_eq!(
        d.title.as_deref(),
        Some("Bus Service Improvement Plan Update")
    );
    let d = doc(&format!(
        "1 | P a g e\n\nBus Service Improvement Plan Update\n\n1. Purpose\n\n1.1 {PROSE}\n"
    ));
    assert_eq!(
        d.title.as_deref(),
        Some("Bus Service Improvement Plan Update")
    );
}

#[test]
fn a_title_key_with_its_value_on_the_next_line() {
    let d = doc(&format!("Report to:\n\nWMCA Board\n\nDate:\n\n14 March 2025\n\nReport title:\n\nRegional Skills Plan Refresh\n\nPortfolio Lead:\n\nCouncillor A Smith\n\n1. Purpose\n\n1.1 {PROSE}\n"));
    assert_eq!(d.title.as_deref(), Some("Regional Skills Plan Refresh"));
    assert_eq!(meeting(&d), (Some("WMCA Board"), Some("2025-03-14")));
}

#[test]
fn minute_paragraphs_numbered_in_brackets_are_sections() {
    let d = doc(&format!("MINUTES of a meeting of the County Council held on Thursday, 9 January 2025.\n\nPRESENT: Mr A Smith, Mr B Jones\n\n285. English Devolution White Paper (Item 3)\n\n1) The Leader introduced the item which he said was the most momentous decision for the Council in many years.\n\n2) Mr Gough proposed, and Mr Oakford seconded the motion that \u{201c}County Council is asked to:\n\n(1) Endorse the ongoing joint work between the councils;\n\n(2) Agree to apply to join the programme.\u{201d}\n\n3) {PROSE}\n\n4) RESOLVED that the County Council:\n\n(1) Endorses the ongoing joint work;\n\n(2) Agrees to apply.\n\n286. Motion on Vapes (Item 4)\n\n(1) {PROSE}\n\n(2) {PROSE}\n"));
    let numbers: Vec<&str> = d
        .sections
        .iter()
        .filter_map(|s| s.number.as_deref())
        .collect();
    assert_eq!(numbers, ["285", "1", "2", "3", "4", "286", "1", "2"]);
    let resolution = d
        .sections
        .iter()
        .find(|s| s.number.as_deref() == Some("4"))
        .unwrap();
    assert_eq!(resolution.kind, Some(SectionKind::Resolution));
    assert!(resolution.text.contains("(2) Agrees to apply"));
    assert_eq!(
        resolution.path,
        ["285 English Devolution White Paper (Item 3)"]
    );
    // A list of short items "1)" is no paragraph.
    let d = doc("Minutes of the meeting of the Parish Council held on 3 May 2024\n\nPresent: Councillors A Smith and B Jones\n\n4. Correspondence\n\n1) Letter from the police\n\n2) Letter from the school\n");
    let numbers: Vec<&str> = d
        .sections
        .iter()
        .filter_map(|s| s.number.as_deref())
        .collect();
    assert_eq!(numbers, ["4"]);
}

#[test]
fn a_planning_decision_notice_is_titled_by_its_decision() {
    let d = doc("TRAFFORD METROPOLITAN BOROUGH COUNCIL\n\nChief Planning Officer Simon Castle\n\nTown and Country Planning Act 1990\n\nGRANT OF PLANNING PERMISSION\n\nPart 1 – Particulars of Application\n\nApplication Number: H/63231\n\nPart II – Particulars of Decision\n\nThe Council hereby give notice that PERMISSION HAS BEEN GRANTED for the development.\n\n1. The development must be begun not later than three years from the date of this permission.\n");
    assert_eq!(d.kind, DocumentKind::DecisionNotice);
    assert_eq!(d.title.as_deref(), Some("Grant of Planning Permission"));
}

#[test]
fn an_officer_report_without_numbers_is_a_report() {
    let d = doc(&format!("SITE\n\n{PROSE}\n\nPROPOSAL\n\n{PROSE}\n\nSITE HISTORY\n\n{PROSE}\n\nASSESSMENT\n\n{PROSE}\n\nRECOMMENDATION: APPROVE\n\nREASON FOR APPROVAL\n\n{PROSE}\n"));
    assert_eq!(d.kind, DocumentKind::CommitteeReport);
}

#[test]
fn an_address_is_no_numbered_paragraph() {
    assert!(crate::blocks::is_address(
        "66 George Street Altrincham WA14 1RF"
    ));
    assert!(crate::blocks::is_address(
        "259 Ashley Road, Hale, Altrincham WA15 9NF"
    ));
    assert!(!crate::blocks::is_address(
        "2.1 The site lies within the green belt."
    ));
    let d = doc("New Planning Applications Received\n\n108907/VAR/22\n\n66 George Street Altrincham WA14 1RF\n\nApplication for variation of conditions.\n");
    assert!(
        d.sections.iter().all(|s| s.number.is_none()),
        "{:?}",
        d.sections
    );
}

#[test]
fn a_heading_inside_a_quoted_motion_encloses_nothing_after_it() {
    let d = doc(&format!("MINUTES of a meeting of the County Council held on Thursday, 13 February 2025.\n\nPRESENT: Mr A Smith, Mr B Jones\n\n291. Revenue Budget 2025-26 (Item 6)\n\n(1) {PROSE}\n\n(2) Mr Oakford proposed and Mr Gough seconded the following motion:\n“County Council is asked to agree the following:\n\nKent Pay Scheme 2025-26\n\n(g) Note the transition of all staff to the new pay structure.”\n\n(3) {PROSE}\n\nAdult Social Care Directorate\n\n(4) {PROSE}\n"));
    let path = |n: &str| {
        d.sections
            .iter()
            .find(|s| s.number.as_deref() == Some(n))
            .map(|s| s.path.clone())
            .unwrap()
    };
    assert_eq!(path("3"), ["291 Revenue Budget 2025-26 (Item 6)"]);
    assert_eq!(
        path("4"),
        [
            "291 Revenue Budget 2025-26 (Item 6)",
            "Adult Social Care Directorate"
        ]
    );
}

#[test]
fn welsh_minutes_give_their_meeting_with_any_ordinal_and_attendance_is_no_title() {
    // Welsh ordinals: 1af, 2il, 3ydd, 5ed, 7fed, 11eg, 14eg, 21ain.
    for (line, date) in [
        ("CYFARFOD 14eg MAWRTH 2018", "2018-03-14"),
        ("CYFARFOD 21ain TACHWEDD 2018", "2018-11-21"),
        ("CYFARFOD 7fed CHWEFROR 2019", "2019-02-07"),
    ] {
        let d = doc(&format!(
            "CYNGOR CYMUNED LLANFIHANGEL\n{line}\n\nPRESENNOL\n\nCynghorwyr Alun Davies a Kim Davies.\n\n1. CROESO\n\nCroesawodd y Cadeirydd bawb i'r cyfarfod a diolchodd i bawb am ddod."
        ));
        assert_eq!(meeting(&d).1, Some(date), "{line}");
        assert_ne!(d.title.as_deref(), Some("PRESENNOL"), "{line}");
    }
}

/// Minutes typed with a hard break in every long sentence: the line classifier vetoes the
/// broken lines that read like headings (many words, mid-sentence, in a run of text), and
/// the numbered minutes and their short headings stay sections.
#[test]
fn wrapped_lines_of_a_sentence_are_no_sections() {
    let text = "Minutes of the meeting of the Town Council held on 3 March 2024\n\n\
1. Welcome and Apologies\n\nThe Chair welcomed everyone to the meeting.\n\n\
2. Town Centre Traders\n\n\
The Members proposed setting up a Working Group to include the Chair, the Deputy Mayor\n\
and a representative of each group to consider the matter further.\n\n\
Members also discussed the proposed road closure at the Market Square over three Sundays\n\
before Christmas and agreed that this should not go ahead.\n\n\
3. Any Other Business\n\nThere was none.\n";
    let d = doc(text);
    let starts: Vec<String> = d
        .sections
        .iter()
        .filter(|s| s.number.is_some() || s.heading.is_some())
        .map(|s| s.heading.clone().or(s.number.clone()).unwrap_or_default())
        .collect();
    assert_eq!(
        starts,
        [
            "Welcome and Apologies",
            "Town Centre Traders",
            "Any Other Business"
        ],
        "{:#?}",
        d.sections
    );
}

/// A cover's title is the paper's name: not a date broken over lines in bold ("Thursday,
/// 13th" / "March, 2025"), not a letter's closing or what is signed under it, not a post
/// alone; a title set in display type over short lines, or broken at a comma, is whole.
#[test]
fn a_title_is_no_date_part_closing_or_post() {
    let mut lines = vec![
        ("Summons to and", 40, false),
        ("Agenda for the Annual", 40, false),
        ("Meeting on", 40, false),
        ("Thursday, 13th", 40, true),
        ("March, 2025", 40, true),
        ("at 10.00 am", 40, true),
        ("", 20, false),
    ];
    lines.extend(std::iter::repeat_n((PROSE, 20, false), 10));
    let d = typeset(&lines);
    assert_eq!(
        d.title.as_deref(),
        Some("Summons to and Agenda for the Annual Meeting")
    );
    assert!(
        d.sections
            .iter()
            .all(|s| s.heading.as_deref() != Some("March, 2025")),
        "{:#?}",
        d.sections
    );

    let mut lines = vec![
        ("Dear Member", 20, false),
        ("", 20, false),
        (PROSE, 20, false),
        ("", 20, false),
        ("Yours sincerely", 24, false),
        ("", 20, false),
        ("Jane Smith", 24, false),
        ("Head of Democratic Services", 24, false),
    ];
    lines.extend(std::iter::repeat_n((PROSE, 20, false), 10));
    let d = typeset(&lines);
    assert_eq!(d.title, None);

    let mut lines = vec![
        (
            "Draft Revenue Budget 2025-26 and Medium Term Plan,",
            24,
            true,
        ),
        ("and Capital Programme 2025-35", 24, true),
        ("", 20, false),
    ];
    lines.extend(std::iter::repeat_n((PROSE, 20, false), 10));
    lines.extend([("", 20, false), ("Contact details", 24, true)]);
    lines.extend(std::iter::repeat_n((PROSE, 20, false), 4));
    let d = typeset(&lines);
    assert_eq!(
        d.title.as_deref(),
        Some("Draft Revenue Budget 2025-26 and Medium Term Plan, and Capital Programme 2025-35")
    );

    for post in ["CHAIRPERSON", "Clerk"] {
        let d = doc(&format!("13 March 2019\n\n{PROSE}\n\n{post}\n"));
        assert_eq!(d.title, None, "{post}");
    }
}

/// A summons names the meeting an agenda is for, over a "To:" naming those summoned; a
/// paper headed "Appendix A: ..." is titled so; a notice citing its Act before the decision
/// in capitals is titled by the decision.
#[test]
fn summons_appendix_and_notice_titles() {
    let d = doc("To: The Chair and Each Member of the Municipal District\n\n\
You are requested to attend a Meeting of the Municipal District of Weston to be held at the Civic Offices, on Wednesday, 1st February, 2017 at 10.00 a.m.\n\n\
AGENDA\n\n1. Minutes\n\nTo adopt the Minutes.\n\n2. Roads\n\nTo consider the roads programme.\n");
    assert_eq!(d.kind, DocumentKind::Agenda);
    assert_eq!(
        d.title.as_deref(),
        Some("Meeting of the Municipal District of Weston")
    );
    assert_eq!(
        meeting(&d),
        (Some("Municipal District of Weston"), Some("2017-02-01"))
    );

    let d = doc(&format!("Appendix B: Revised Scheme of Delegation\n\n4.1 The Chief Executive may act in an emergency.\n\n4.2 {PROSE}\n"));
    assert_eq!(
        d.title.as_deref(),
        Some("Appendix B: Revised Scheme of Delegation")
    );

    let d = doc("Town and Country Planning Act 1990 REFUSAL OF PLANNING PERMISSION\n\nApplication Number: 123/FUL/24\n\nThe Northshire Borough Council hereby gives notice that PERMISSION HAS BEEN REFUSED for the development.\n");
    assert_eq!(d.title.as_deref(), Some("Refusal of Planning Permission"));
}

/// HTML that marks its headings marks them all: the lines of an address or a planning
/// application it leaves unmarked are text of the heading above, not headings.
#[test]
fn html_that_marks_headings_marks_them_all() {
    let html =
        "<html><body><h1>Minutes of the meeting of the Town Council held on 3 March 2024</h1>\
<h4>1. WELCOME AND APOLOGIES</h4><p>All were present.</p>\
<h4>2. PLANNING</h4><p>PL/00489</p><p>Conversion into flats</p><p>The Angel Inn</p>\
<p>Salem</p><p>Llandeilo</p><p>OBJECTIONS</p><p>The pods are sited too close to dwellings.</p>\
<h4>3. ANY OTHER BUSINESS</h4><p>None.</p></body></html>";
    let d = build(&blocks(&crate::extract::html::extract(html)));
    let headings: Vec<&str> = d
        .sections
        .iter()
        .filter_map(|s| s.heading.as_deref())
        .collect();
    assert_eq!(
        headings,
        ["WELCOME AND APOLOGIES", "PLANNING", "ANY OTHER BUSINESS"],
        "{:#?}",
        d.sections
    );
}

/// Page furniture no heading reads as: parts of a date, a letter's closing, a postcode or
/// an Eircode alone.
#[test]
fn date_parts_closings_and_eircodes_are_no_headings() {
    use crate::blocks::heading_like;
    for t in [
        "Thursday, 13th",
        "February, 2025",
        "Monday 3rd March",
        "Yours sincerely",
        "Kind regards",
        "EIRCODE V94 EH9O",
        "V35 K497",
        "SA19 7HR",
    ] {
        assert!(!heading_like(t), "{t}");
    }
    for t in [
        "Budget Monitoring",
        "March Road Closures",
        "Marketing Strategy",
    ] {
        assert!(heading_like(t), "{t}");
    }
}

/// Terms of reference number every paragraph as a report does, and are no report; a report
/// presenting them is one.
#[test]
fn terms_of_reference_are_no_report() {
    let paras: String = (1..=9)
        .map(|n| format!("5.{n} The Committee may review the council's arrangements for risk and governance and report on them.\n\n"))
        .collect();
    let d = doc(&format!(
        "Audit Committee Terms of Reference\n\nPurpose of the Committee\n\n{paras}"
    ));
    assert_eq!(d.kind, DocumentKind::Other);
    let d = doc(&format!(
        "Audit Committee Terms of Reference: Update\n\nReport of the Monitoring Officer\n\nRecommendation: to approve the terms of reference.\n\n{paras}"
    ));
    assert_eq!(d.kind, DocumentKind::CommitteeReport);
}

/// A covering letter sending a paper: "Agenda Item No" over the item's number and title
/// gives the item and the title; the letter's closing and signature give neither.
#[test]
fn a_covering_letter_is_titled_by_the_item_it_sends() {
    let d = doc("Dear Member\n\nCABINET - THURSDAY, 30 JANUARY 2025\n\nI am now able to enclose the following document.\n\nAgenda Item No\n\n9 24/00096 - Commissioning Plan for Schools 2025-29 (Pages 1 - 4)\n\nYours sincerely\n\nJane Smith\n\nHead of Democratic Services\n");
    assert_eq!(
        d.title.as_deref(),
        Some("24/00096 - Commissioning Plan for Schools 2025-29")
    );
    assert_eq!(
        d.meetings.first().and_then(|m| m.item.as_deref()),
        Some("9")
    );
}
