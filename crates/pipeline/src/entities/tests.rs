//! Tests of the entity finder: contacts, bodies, organisations and councils.

use super::*;

/// The entities `annotate` finds in `text`, on an empty document.
pub(crate) fn entities(text: &str) -> Document {
    let mut d = Document::default();
    annotate(&mut d, text);
    d
}

/// The values of the entities of one kind.
pub(crate) fn values(d: &Document, kind: EntityKind) -> Vec<String> {
    d.entity_values(kind).map(str::to_string).collect()
}

#[test]
fn contacts_emails_phones() {
    let form = entities("Name: Highway Asset Maintenance Amendment\nNumber: 4\n");
    assert_eq!(form.people().count(), 0, "{:?}", form.entities);
    let d = entities("Officer contact:\n\nName: Elaine Redding\nPost: Interim Executive Director of Children's Services\nEmail: Elaine.Redding@cambridgeshire.gov.uk\nTel: 01223 706398\n");
    assert_eq!(
        values(&d, EntityKind::Email),
        ["elaine.redding@cambridgeshire.gov.uk"]
    );
    assert_eq!(values(&d, EntityKind::Phone), ["01223706398"]);
    let p = d.people().next().unwrap();
    assert_eq!(p.value, "Elaine Redding");
    assert_eq!(
        p.role.as_deref(),
        Some("Interim Executive Director of Children's Services")
    );
    assert_eq!(d.council.as_deref(), Some("Cambridgeshire County Council"));
}

#[test]
fn a_body_is_no_fragment_post_or_group() {
    let d = entities("Agenda for Planning Committee\n\nGiven the Council decision, Approval of Spending the Council budget was sought. Councillor Jane Doe, Cabinet Member for Highways, and the Deputy Cabinet Member spoke for the Labour Group. The Youth Council and the Audit and Governance Committee met.");
    assert_eq!(
        values(&d, EntityKind::Body),
        [
            "Planning Committee",
            "Youth Council",
            "Audit and Governance Committee"
        ]
    );
    assert!(values(&d, EntityKind::Organisation).contains(&"Labour Group".to_string()));
}

#[test]
fn the_council_in_passing_is_no_body() {
    let d = entities("The Political Leadership of the Council agreed. This enables the Council, NHS and the Police to work as partners.");
    assert!(
        !d.entities
            .iter()
            .any(|e| e.kind == EntityKind::Body && e.value.to_lowercase().contains("council")),
        "{:?}",
        d.entities
    );
}

#[test]
fn councils_named_together_are_each_a_council() {
    let d = entities(
        "Peer reviews by Essex and Lincolnshire County Councils and by Trafford, Stockport and Wigan Metropolitan Borough Councils. Members and Officers of County Councils met.",
    );
    let councils: Vec<&str> = d
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Council)
        .map(|e| e.value.as_str())
        .collect();
    for name in [
        "Essex County Council",
        "Lincolnshire County Council",
        "Trafford Metropolitan Borough Council",
        "Stockport Metropolitan Borough Council",
        "Wigan Metropolitan Borough Council",
    ] {
        assert!(councils.contains(&name), "{name} in {councils:?}");
    }
    assert!(!councils
        .iter()
        .any(|c| c.contains("Members") || c.contains("Officers")));
}

#[test]
fn a_council_the_gazetteer_does_not_know_is_the_one_whose_meeting_it_is() {
    let meeting = |body: &str| {
        let mut d = Document {
            meetings: vec![council_model::Meeting {
                body: Some(body.into()),
                date: Some("2017-11-06".into()),
                item: None,
            }],
            ..Document::default()
        };
        annotate(&mut d, "The Mayor welcomed the members.");
        d.council
    };
    assert_eq!(
        meeting("Limerick City and County Council").as_deref(),
        Some("Limerick City and County Council")
    );
    assert_eq!(
        meeting("Royal Sutton Coldfield Town Council").as_deref(),
        Some("Royal Sutton Coldfield Town Council")
    );
    // A kind of meeting names no council.
    assert_eq!(meeting("Special County Council"), None);
    assert_eq!(meeting("Municipal Council"), None);
}

#[test]
fn a_council_that_gives_notice_is_the_papers_and_stray_words_before_a_place_go() {
    let text = format!(
        "{}Part II – Particulars of Decision That Trafford Council hereby gives notice that \
         permission has been granted. Stoke-on-Trent City Council and Kent Ashford Borough \
         Council were consulted.",
        "The application was considered by officers under delegated powers.\n".repeat(12)
    );
    let d = entities(&text);
    assert_eq!(d.council.as_deref(), Some("Trafford Council"));
    assert_eq!(
        values(&d, EntityKind::Council),
        [
            "Trafford Council",
            "Stoke-on-Trent City Council",
            "Ashford Borough Council"
        ]
    );
}

#[test]
fn bodies_organisations_councils() {
    let d = entities("The Children and Young People Committee asked the Strengthening Services Board and Ofsted and the DfE. Dorset Council and Essex County Council did this.");
    let bodies = values(&d, EntityKind::Body);
    assert!(
        bodies.contains(&"Children and Young People Committee".to_string()),
        "{bodies:?}"
    );
    assert!(
        bodies.contains(&"Strengthening Services Board".to_string()),
        "{bodies:?}"
    );
    assert_eq!(
        values(&d, EntityKind::Organisation),
        ["Ofsted", "Department for Education"]
    );
    assert_eq!(
        values(&d, EntityKind::Council),
        ["Dorset Council", "Essex County Council"]
    );
}

#[test]
fn a_council_only_mentioned_is_not_the_papers_council() {
    // Kent's treasury strategy names Medway Council for a debt it manages.
    let text = format!(
        "Treasury Management Strategy\n\n{}\nThe Council manages debt on behalf of Medway Council that was transferred to it following the reorganisation that created Medway Council.",
        "Treasury management is the management of the Council's cash flows.\n".repeat(12)
    );
    let d = entities(&text);
    assert_eq!(d.council, None);
    // "in March County Council agreed": a month is no council.
    let d = entities("County Council report\n\nLater in March County Council agreed the plan.");
    assert_eq!(d.council, None);
    // kent.gov.uk is Kent, not Kensington and Chelsea; a broken line keeps the address.
    let d = entities(
        "Report to Cabinet\nContact: a.b@kent\n.gov.uk\nKensington and Chelsea was visited.",
    );
    assert_eq!(d.council.as_deref(), Some("Kent County Council"));
    // A cover in capitals, a cover naming only the type and the county.
    let d = entities("KENT COUNTY COUNCIL\n\nCABINET\n");
    assert_eq!(d.council.as_deref(), Some("Kent County Council"));
    let d =
        entities("A meeting of the County Council will be held at County Hall, Maidstone, Kent.");
    assert_eq!(d.council.as_deref(), Some("Kent County Council"));
}

#[test]
fn a_municipality_on_the_first_line_is_the_papers_council_in_passing_it_is_not() {
    let d = entities("City of Chicago\nNOTICE AND AGENDA OF DISTRICT COUNCIL MEETING\nThe meeting is open to the public.");
    assert_eq!(d.council.as_deref(), Some("City of Chicago"));
    assert!(values(&d, EntityKind::Council).contains(&"City of Chicago".to_string()));
    let d =
        entities("Report to Cabinet\nThe scheme serves the City of Cambridge and its villages.");
    assert_eq!(d.council, None);
}

#[test]
fn welsh_councils_by_their_welsh_names() {
    let d = entities("CYNGOR CYMUNED MANORDEILO A SALEM\nCYFARFOD 6ED CHWEFROR 2019\nCynhaliwyd cyfarfod Cyngor Cymuned Manordeilo a Salem yn dilyn. Llythyr o Gyngor Tref Llandeilo; grant gan Cyngor Sir\nCaerfyrddin ar gyfer y llwybr.");
    assert_eq!(
        d.council.as_deref(),
        Some("Cyngor Cymuned Manordeilo a Salem")
    );
    let councils = values(&d, EntityKind::Council);
    assert!(
        councils.contains(&"Cyngor Sir Caerfyrddin".to_string()),
        "{councils:?}"
    );
    assert!(
        councils.contains(&"Cyngor Tref Llandeilo".to_string()),
        "{councils:?}"
    );
    let d = entities("CYNGOR CYMUNED MANORDEILO A SALEM\nCYFARFOD 14 IONAWR 2015\nCynhaliwyd gyfarfod o Gyngor Cymuned Manordeilo a Salem am 7:30.");
    assert_eq!(
        d.council.as_deref(),
        Some("Cyngor Cymuned Manordeilo a Salem")
    );
    assert_eq!(
        values(&d, EntityKind::Council),
        ["Cyngor Cymuned Manordeilo a Salem"]
    );
}

#[test]
fn a_council_is_named_in_the_official_form_the_paper_gives() {
    let d = entities("STATEMENT OF PERSONS NOMINATED\nLondon Borough of Hackney\nElection of the Mayor for Hackney\n(address in London Borough of Hackney)");
    assert_eq!(d.council.as_deref(), Some("London Borough of Hackney"));
    assert_eq!(
        values(&d, EntityKind::Council),
        ["London Borough of Hackney"]
    );
    // A place the gazetteer does not know is no council.
    let d = entities("The County of Nowhereshire met.");
    assert!(values(&d, EntityKind::Council).is_empty());
}

#[test]
fn council_names_take_their_usual_form() {
    assert_eq!(
        known_council("Bristol, City of Council").as_deref(),
        Some("Bristol City Council")
    );
    assert_eq!(
        known_council("Bristol City Council").as_deref(),
        Some("Bristol City Council")
    );
    assert_eq!(
        known_council("Kent Council").as_deref(),
        Some("Kent County Council")
    );
    assert_eq!(
        known_council("East Horsley Parish Council").as_deref(),
        Some("East Horsley Parish Council")
    );
    assert_eq!(known_council("March County Council"), None);
}
