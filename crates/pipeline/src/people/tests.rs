//! Tests of reading people and their roles.

use crate::entities::tests::{entities, values};
use council_model::{Document, EntityKind};

#[test]
fn councillors_with_roles_and_odd_names() {
    let d = entities("proposed by Councillor Phillip Howells, seconded by Councillor Helen I’Anson. Response from Councillor Bryony Goodliffe, Chair of Children and Young People Committee. Walter McCulloch, Assistant Director, spoke.");
    let people: Vec<(String, Option<String>)> = d
        .people()
        .map(|p| (p.value.clone(), p.role.clone()))
        .collect();
    assert!(
        people.contains(&("Phillip Howells".into(), Some("Councillor".into()))),
        "{people:?}"
    );
    assert!(
        people.contains(&("Helen I’Anson".into(), Some("Councillor".into()))),
        "{people:?}"
    );
    assert!(
        people.contains(&(
            "Bryony Goodliffe".into(),
            Some("Chair of Children and Young People Committee".into())
        )),
        "{people:?}"
    );
    assert!(
        people
            .iter()
            .any(|(n, r)| n == "Walter McCulloch" && r.as_deref() == Some("Assistant Director")),
        "{people:?}"
    );
}

#[test]
fn a_list_of_councillors_runs_to_the_name_after_and() {
    let d = entities("PRESENT: Dave Roberts (Chairman), Councillors Angela Caldara and Corinna Edge, Danny Connellan.\n\nALSO PRESENT: Councillors Chris Edge (Chairman), Mark Betteridge, Margaret Brierly and Martin Whelton.");
    let people: Vec<(String, Option<String>)> = d
        .people()
        .map(|p| (p.value.clone(), p.role.clone()))
        .collect();
    for name in [
        "Angela Caldara",
        "Corinna Edge",
        "Mark Betteridge",
        "Margaret Brierly",
        "Martin Whelton",
    ] {
        assert!(
            people.contains(&(name.into(), Some("Councillor".into()))),
            "{name}: {people:?}"
        );
    }
    // The role in brackets stands; the name after the list is no councillor.
    assert!(
        people.contains(&("Chris Edge".into(), Some("Chairman".into()))),
        "{people:?}"
    );
    assert!(
        !people.contains(&("Danny Connellan".into(), Some("Councillor".into()))),
        "{people:?}"
    );
}

#[test]
fn attendance_lists_of_any_heading_and_over_lines() {
    let d = entities(
        "- Commissioners Present: Anthony Qaiyum, Zach Maiorca\n\
         - Others Present: Ryan Warsing (LSRCC), Kimberly Bares (PLACE Consulting)\n\
         Present:\n\
         Jane Archer (JA) Alan Caudwell (AC)\n\
         Kate Kay (KK)\n\
         KK presented a proposal for an outline schedule to deliver the plan.",
    );
    let people: Vec<(String, Option<String>)> = d
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .map(|e| (e.value.clone(), e.role.clone()))
        .collect();
    let commissioner = Some("Commissioner".to_string());
    assert_eq!(
        people,
        [
            ("Anthony Qaiyum".to_string(), commissioner.clone()),
            ("Zach Maiorca".to_string(), commissioner),
            ("Ryan Warsing".to_string(), None),
            ("Kimberly Bares".to_string(), None),
            ("Jane Archer".to_string(), None),
            ("Alan Caudwell".to_string(), None),
            ("Kate Kay".to_string(), None),
        ]
    );
}

#[test]
fn roles_are_not_names() {
    let d = entities(
        "Present: Mr Vince Maple Leader, Chief Executive (Head of Paid Service), Mr P J Oakford.",
    );
    let people = values(&d, EntityKind::Person);
    assert!(people.contains(&"Vince Maple".to_string()), "{people:?}");
    assert!(
        !people
            .iter()
            .any(|p| p.contains("Chief") || p.contains("Leader")),
        "{people:?}"
    );
}

fn roles(d: &Document) -> Vec<(String, Option<String>)> {
    d.people()
        .map(|p| (p.value.clone(), p.role.clone()))
        .collect()
}

fn has(people: &[(String, Option<String>)], name: &str, role: &str) -> bool {
    people
        .iter()
        .any(|(n, r)| n == name && r.as_deref() == Some(role))
}

#[test]
fn officials_listed_after_their_posts() {
    let d = entities(
        "OFFICIALS IN ATTENDANCE:\n\nChief Executive (Mr. C. Murray), Deputy Chief Executive and \
         Director, Economic\n\nDevelopment (Mr. P. Daly), A/Senior Engineer Service Operations \
         (Roads), (Mr. G. O’Connor), Meetings Administrator (Ms. T.\n\nKnox).\n\nThe Mayor \
         stated that the meeting had been convened (Mr. A. Nobody).",
    );
    let people = roles(&d);
    assert!(has(&people, "C. Murray", "Chief Executive"), "{people:?}");
    assert!(
        has(
            &people,
            "P. Daly",
            "Deputy Chief Executive and Director, Economic Development"
        ),
        "{people:?}"
    );
    assert!(
        has(
            &people,
            "G. O’Connor",
            "A/Senior Engineer Service Operations (Roads)"
        ),
        "{people:?}"
    );
    assert!(
        has(&people, "T. Knox", "Meetings Administrator"),
        "{people:?}"
    );
    // The list ended at its full stop: a name in brackets after it has no post.
    assert!(
        people.contains(&("A. Nobody".to_string(), None)),
        "{people:?}"
    );
}

#[test]
fn the_chair_the_paper_names_over_the_title_councillor() {
    let d = entities(
        "PRESENT\nCouncillors Alun Davies, Kim Davies and County Councillor Joseph Davies.\n\n\
         Cllr. Alun Davies took the Chair and welcomed everyone.\n\n\
         PRESENT IN THE CHAIR: Councillor M. Collins, An Cathaoirleach.",
    );
    let people = roles(&d);
    assert!(has(&people, "Alun Davies", "Chair"), "{people:?}");
    assert!(has(&people, "Kim Davies", "Councillor"), "{people:?}");
    assert!(
        has(&people, "Joseph Davies", "County Councillor"),
        "{people:?}"
    );
    assert!(has(&people, "M. Collins", "Cathaoirleach"), "{people:?}");
    let d = entities(
        "PRESENNOL\nCynghorwyr Alun Davies, Arwel Davies a’r Cynghorydd Sir Joseph Davies.\n\
         Cymerwyd y Gadair gan y Cyng. Alun Davies a chroesawodd bawb.",
    );
    let people = roles(&d);
    assert!(has(&people, "Alun Davies", "Cadeirydd"), "{people:?}");
    assert!(has(&people, "Arwel Davies", "Cynghorydd"), "{people:?}");
    assert!(
        has(&people, "Joseph Davies", "Cynghorydd Sir"),
        "{people:?}"
    );
}

#[test]
fn posts_between_names_and_lists_over_lines() {
    let d = entities(
        "Present: Mick Ratford, Treasurer Karen Butt, Bookings Secretary\n\
         Mags Ratford, Secretary Jon Stride (Chairperson)\n\n\
         ALSO PRESENT: Councillors Angela Caldara and\nCorinna Edge, Danny Connellan, Brian \
         Thompson (Accounting and Financial\nReporting Manager)\n\nThe meeting opened.",
    );
    let people = roles(&d);
    assert!(has(&people, "Mick Ratford", "Treasurer"), "{people:?}");
    assert!(
        has(&people, "Karen Butt", "Bookings Secretary"),
        "{people:?}"
    );
    assert!(has(&people, "Mags Ratford", "Secretary"), "{people:?}");
    assert!(has(&people, "Jon Stride", "Chairperson"), "{people:?}");
    assert!(has(&people, "Corinna Edge", "Councillor"), "{people:?}");
    assert!(
        people.contains(&("Danny Connellan".to_string(), None)),
        "{people:?}"
    );
    assert!(
        has(
            &people,
            "Brian Thompson",
            "Accounting and Financial Reporting Manager"
        ),
        "{people:?}"
    );
}

#[test]
fn a_person_named_by_initial_is_the_one_named_in_full() {
    let d = entities(
        "PRESENT: Councillors Owen Williams, Jane Davies and Joseph Davies.\n\
         Cllr. O. Williams took the Chair. Cllr. J. Davies would follow up.",
    );
    let people = roles(&d);
    assert!(has(&people, "Owen Williams", "Chair"), "{people:?}");
    assert!(
        !people.iter().any(|(n, _)| n == "O. Williams"),
        "{people:?}"
    );
    // Two Davies with a J: unsure, both forms stay.
    assert!(people.iter().any(|(n, _)| n == "J. Davies"), "{people:?}");
}

#[test]
fn a_name_over_its_post_is_a_signature() {
    let d = entities(
        "Benjamin Watts\nGeneral Counsel\n03000 416814\n\nAudit Committee\nHead of Finance\n",
    );
    let people = roles(&d);
    assert_eq!(
        people,
        [(
            "Benjamin Watts".to_string(),
            Some("General Counsel".to_string())
        )]
    );
}

#[test]
fn movers_members_of_parliament_and_surnames_alone() {
    let d = entities("Motion for Time Limited Debate\nProposer: Mark Hood\nSeconder: Jenni Hawkins\n\nPRESENT: Mr A J Hook, Mr B Carr.\n\nMr Hook, Leader of the Liberal Democrat Group, spoke. Jim McMahon MP wrote to the Council. Dr Roz Savage MP replied.");
    let role = |name: &str| {
        d.entities
            .iter()
            .find(|e| e.kind == EntityKind::Person && e.value == name)
            .and_then(|e| e.role.clone())
    };
    assert_eq!(role("Mark Hood").as_deref(), Some("Proposer"));
    assert_eq!(role("Jenni Hawkins").as_deref(), Some("Seconder"));
    assert_eq!(
        role("Jim McMahon").as_deref(),
        Some("MP"),
        "{:?}",
        d.entities
    );
    assert_eq!(
        role("A J Hook").as_deref(),
        Some("Leader of the Liberal Democrat Group")
    );
    assert_eq!(role("Roz Savage").as_deref(), Some("MP"));
    assert!(!values(&d, EntityKind::Person).contains(&"Hook".to_string()));
}

#[test]
fn posts_the_paper_names_are_roles_with_or_without_a_holder() {
    let d = entities("The Leader of the Labour Group, Mr Brady, spoke. Later Mr A Brady left.\n\nThe Chairman put the amendment to the vote. Endorse the decision by the Leader of the Council [Cabinet].\n\nMembers may not serve if they are an Executive Member or a Deputy Cabinet Member, or the Chair of the Scrutiny Committee. The Corporate Director of Finance has delegated authority.\n\nThis Council calls on the Cabinet Member for Adult Social Care and Public Health to act.\n\nThe accounts are audited by the Auditor General for Wales. Ask the Auditor General.\n\nThe Leader said so.\n\nThe Director for Rural, Culture, Community and Tourism informed the meeting.");
    let roles = values(&d, EntityKind::Role);
    for want in [
        "Leader of the Labour Group",
        "Chairman",
        "Leader of the Council",
        "Executive Member",
        "Deputy Cabinet Member",
        "Chair of the Scrutiny Committee",
        "Corporate Director of Finance",
        "Cabinet Member for Adult Social Care and Public Health",
        "Auditor General for Wales",
    ] {
        assert!(roles.contains(&want.to_string()), "{want}: {roles:?}");
    }
    // "the Auditor General" is the post named in full before; "the Leader" alone is no post.
    assert!(!roles.contains(&"Auditor General".to_string()), "{roles:?}");
    assert!(!roles.contains(&"Leader".to_string()), "{roles:?}");
    assert!(!d.people().any(|p| p.value == "Culture"));
    // The holder given in apposition is one person with that post.
    let brady: Vec<_> = d.people().filter(|p| p.value.ends_with("Brady")).collect();
    assert_eq!(brady.len(), 1, "{brady:?}");
    assert_eq!(brady[0].role.as_deref(), Some("Leader of the Labour Group"));
}

#[test]
fn a_post_ends_before_a_name_or_a_new_line_and_names_a_body() {
    let d = entities("Director of Finance Mr Smith agreed.\n\nHead of Democratic Services\nKent County Council\n\nIt was the Leader of the way forward.\n\nCo-develop a strategy Head of Economy May 2025 Strategy in place\nHead of Finance Operations Cath Head 03000 416 934\nDr Anjan Ghosh Director of Public Health Anjan.ghosh@kent.gov.uk\nThe Cabinet Member for Adult Social Care and Public Health and Leader spoke.\nHead of Community Safety Ongoing Specific Resident Task and Survey Data");
    let roles = values(&d, EntityKind::Role);
    assert!(
        roles.contains(&"Director of Finance".to_string()),
        "{roles:?}"
    );
    assert!(
        roles.contains(&"Head of Democratic Services".to_string()),
        "{roles:?}"
    );
    assert!(!roles.iter().any(|r| r.contains("way")), "{roles:?}");
    assert!(roles.contains(&"Head of Economy".to_string()), "{roles:?}");
    assert!(
        roles.contains(&"Cabinet Member for Adult Social Care and Public Health".to_string()),
        "{roles:?}"
    );
    for bad in ["Cath", "Anjan", "Survey", "May", "and Leader"] {
        assert!(!roles.iter().any(|r| r.contains(bad)), "{bad}: {roles:?}");
    }
}

#[test]
fn apologies_and_attendance_said_in_a_sentence() {
    let d = entities("Apologies and Substitutes\n(Item 1)\nApologies were received from Dylan Jeffrey, Rory Love, Stephen Gray and Nancy\nSayer who was substituted by Roxanne Hills.\nSarah Hamilton, Lesley Game and Dan Bride were in attendance virtually.\nThe Members present agreed.");
    let people: Vec<String> = d.people().map(|p| p.value.clone()).collect();
    for want in [
        "Dylan Jeffrey",
        "Rory Love",
        "Stephen Gray",
        "Nancy Sayer",
        "Sarah Hamilton",
        "Lesley Game",
        "Dan Bride",
    ] {
        assert!(people.contains(&want.to_string()), "{want}: {people:?}");
    }
    assert!(!people.iter().any(|p| p.contains("Members")), "{people:?}");
}
