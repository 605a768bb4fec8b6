//! Query understanding, sorting, the person facet, explanations and similar sections.

use council_index::{SearchRequest, SectionIndex, SortOrder};
use council_model::{Document, DocumentKind, Entity, EntityKind, Meeting, Section, SectionKind};

fn section(heading: Option<&str>, kind: Option<SectionKind>, text: &str) -> Section {
    Section {
        number: None,
        heading: heading.map(str::to_string),
        path: heading.map(|h| vec![h.to_string()]).unwrap_or_default(),
        kind,
        text: text.to_string(),
        page: Some(1),
        meeting: None,
    }
}

fn person(name: &str) -> Entity {
    Entity {
        kind: EntityKind::Person,
        text: name.into(),
        value: name.into(),
        role: None,
    }
}

fn doc(id: &str, date: Option<&str>, sections: Vec<Section>, people: &[&str]) -> Document {
    Document {
        id: id.into(),
        source: format!("papers/{id}.txt"),
        kind: DocumentKind::CommitteeReport,
        title: Some(format!("Paper {id}")),
        council: Some("Example Council".into()),
        meetings: vec![Meeting {
            body: Some("Cabinet".into()),
            date: date.map(str::to_string),
            item: None,
        }],
        sections,
        entities: people.iter().map(|p| person(p)).collect(),
        content_hash: id.into(),
        ..Document::default()
    }
}

fn corpus() -> Vec<Document> {
    vec![
        doc(
            "cyp",
            Some("2023-05-01"),
            vec![section(
                Some("Services"),
                None,
                "The children and young people service has expanded its early help offer \
                 across the county this year.",
            )],
            &["Alice Smith"],
        ),
        doc(
            "mention",
            Some("2024-07-01"),
            vec![section(
                Some("Background"),
                None,
                "The library opening hours were discussed at length and members shared \
                 views about library opening hours in the summer.",
            )],
            &["Bob Jones"],
        ),
        doc(
            "decision",
            None,
            vec![section(
                Some("Recommendations"),
                Some(SectionKind::Recommendation),
                "Cabinet agreed the library opening hours for the coming year.",
            )],
            &["Alice Smith", "Carol White"],
        ),
        doc(
            "question",
            Some("2022-01-10"),
            vec![section(
                None,
                Some(SectionKind::Question),
                "Will the Cabinet Member explain the library opening hours policy? \
                 The opening hours will be reviewed.",
            )],
            &["Carol White"],
        ),
        doc(
            "potholes",
            Some("2021-03-03"),
            vec![
                section(
                    Some("Highways"),
                    None,
                    "Pothole repairs on rural roads were completed ahead of schedule and \
                     the highways team reported faster repairs of potholes.",
                ),
                section(Some("Other"), None, "The weather was fine."),
            ],
            &[],
        ),
        doc(
            "roads",
            Some("2021-04-04"),
            vec![section(
                Some("Roads"),
                None,
                "Members asked for more pothole repairs on rural roads before winter.",
            )],
            &[],
        ),
    ]
}

fn build() -> (tempfile::TempDir, SectionIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    for d in corpus() {
        writer.add_document(&d).unwrap();
    }
    writer.commit().unwrap();
    index.reload().unwrap();
    (dir, index)
}

fn req(query: &str) -> SearchRequest {
    SearchRequest {
        query: query.into(),
        limit: 10,
        ..SearchRequest::default()
    }
}

fn docs(index: &SectionIndex, request: &SearchRequest) -> Vec<String> {
    index
        .search(request)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.document_id)
        .collect()
}

#[test]
fn abbreviations_expand_to_their_names() {
    let (_dir, index) = build();
    assert_eq!(docs(&index, &req("CYP early help")), vec!["cyp"]);
    assert!(docs(&index, &req("CYP")).contains(&"cyp".to_string()));
}

#[test]
fn decision_words_favour_decision_sections() {
    let (_dir, index) = build();
    let found = docs(&index, &req("library opening hours decisions"));
    assert_eq!(found[0], "decision", "{found:?}");
    // Without the intent word the repeated mention is at least as good a match.
    let plain = docs(&index, &req("library opening hours"));
    assert!(plain.contains(&"mention".to_string()));
}

#[test]
fn question_words_favour_question_sections() {
    let (_dir, index) = build();
    let found = docs(&index, &req("questions library opening hours"));
    assert_eq!(found[0], "question", "{found:?}");
}

#[test]
fn sort_by_date_puts_undated_documents_last() {
    let (_dir, index) = build();
    let mut request = req("library opening hours");
    request.sort = SortOrder::Newest;
    assert_eq!(
        docs(&index, &request),
        vec!["mention", "question", "decision"]
    );
    request.sort = SortOrder::Oldest;
    assert_eq!(
        docs(&index, &request),
        vec!["question", "mention", "decision"]
    );
    let json = serde_json::to_string(&request).unwrap();
    assert!(json.contains(r#""sort":"oldest""#), "{json}");
    let parsed: SearchRequest = serde_json::from_str(
        r#"{"query":"x","limit":1,"offset":0,
        "council":null,"body":null,"kind":null,"from":null,"to":null}"#,
    )
    .unwrap();
    assert_eq!(parsed.sort, SortOrder::Relevance);
    assert!(!parsed.explain && parsed.person.is_empty());
}

#[test]
fn person_facet_and_filter() {
    let (_dir, index) = build();
    let results = index.search(&req("library opening hours")).unwrap();
    let alice = results
        .facets
        .person
        .iter()
        .find(|f| f.value == "Alice Smith")
        .expect("person facet");
    assert_eq!(alice.count, 1);
    let carol = results
        .facets
        .person
        .iter()
        .find(|f| f.value == "Carol White")
        .unwrap();
    assert_eq!(carol.count, 2);
    let mut request = req("library opening hours");
    request.person = vec!["Carol White".into()];
    let mut found = docs(&index, &request);
    found.sort();
    assert_eq!(found, vec!["decision", "question"]);
    // A person filter alone lists that person's sections.
    let only = SearchRequest {
        person: vec!["Alice Smith".into()],
        limit: 10,
        ..SearchRequest::default()
    };
    let mut found = docs(&index, &only);
    found.sort();
    assert_eq!(found, vec!["cyp", "decision"]);
}

#[test]
fn explanation_only_when_asked() {
    let (_dir, index) = build();
    let plain = index.search(&req("pothole repairs")).unwrap();
    assert!(plain.hits.iter().all(|h| h.explanation.is_none()));
    let json = serde_json::to_string(&plain).unwrap();
    assert!(!json.contains("explanation"));
    let mut request = req("pothole repairs");
    request.explain = true;
    let explained = index.search(&request).unwrap();
    let text = explained.hits[0]
        .explanation
        .as_deref()
        .expect("explanation");
    assert!(text.contains("length factor"), "{text}");
    assert!(
        text.contains("TermQuery") || text.contains("weight"),
        "{text}"
    );
}

#[test]
fn similar_finds_other_documents() {
    let (_dir, index) = build();
    assert!(index.similar("nope.0", 5).unwrap().is_none());
    let hits = index
        .similar("potholes.0", 5)
        .unwrap()
        .expect("section exists");
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.document_id != "potholes"));
    assert_eq!(hits[0].document_id, "roads");
    assert!(!hits[0].citation.is_empty());
    assert!(hits[0].snippet.contains("<mark>"), "{}", hits[0].snippet);
    assert!(index.similar("potholes.0", 0).unwrap().unwrap().is_empty());
}

#[test]
fn empty_sections_rank_below_text() {
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    writer
        .add_document(&doc(
            "heading-only",
            None,
            vec![section(Some("Safeguarding"), None, "")],
            &[],
        ))
        .unwrap();
    writer
        .add_document(&doc(
            "answer",
            None,
            vec![section(
                None,
                None,
                "Home educated children are visited by the safeguarding team each year, and \
                 the team keeps a register of every home educated child in the county so that \
                 concerns are followed up quickly.",
            )],
            &[],
        ))
        .unwrap();
    writer.commit().unwrap();
    index.reload().unwrap();
    assert_eq!(
        docs(&index, &req("home education safeguarding"))[0],
        "answer"
    );
}

/// Phase two scores candidates leaf by leaf (`tree`); its arithmetic must be tantivy's: the
/// hit's score equals the explained score of the same query (proximity, coverage and names
/// included), for queries with intent words, phrases and filters.
#[test]
fn two_phase_scores_equal_the_whole_query() {
    let (_dir, index) = build();
    for q in [
        "pothole repairs",
        "decisions on pothole repairs",
        "\"pothole\" repairs budget",
        "cyp questions",
    ] {
        let mut request = req(q);
        request.explain = true;
        let results = index.search(&request).unwrap();
        for hit in &results.hits {
            let text = hit.explanation.as_deref().expect("explanation");
            let json: serde_json::Value = serde_json::from_str(text).unwrap();
            let explained = json["value"].as_f64().expect("explained value") as f32;
            assert!(
                (explained - hit.score).abs() <= 1e-3 * explained.abs().max(1.0),
                "{q}: score {} but explained {explained}",
                hit.score
            );
        }
    }
}

/// Below the candidate count every match is a candidate: the total and the facets are exact.
#[test]
fn small_result_sets_are_exact() {
    let (_dir, index) = build();
    let results = index.search(&req("pothole repairs")).unwrap();
    assert!(results.total > 0);
    assert!(results.total_exact && results.facets_exact);
    let counted: u64 = results.facets.kind.iter().map(|c| c.count).sum();
    assert_eq!(counted as usize, results.total);
}

/// The candidate count is the tuning's, and a tiny one still fills the page.
#[test]
fn tuning_is_given_once_not_read_per_search() {
    let (dir, index) = build();
    let all = index.search(&req("pothole repairs")).unwrap();
    drop(index);
    let tuning = council_index::Tuning::default().with_candidates(1);
    let tiny = SectionIndex::open(&dir.path().join("index"))
        .unwrap()
        .with_tuning(tuning);
    assert_eq!(tiny.tuning().candidates, 1);
    let few = tiny.search(&req("pothole repairs")).unwrap();
    assert_eq!(few.hits.len(), all.hits.len());
    assert_eq!(few.hits[0].section_id, all.hits[0].section_id);
}

/// A question about the record shows the paragraph that records the fact asked for (the
/// seconder), not the one of the same paper repeating the topic's words (the payments list),
/// and the hit carries what it records; a vote the parse read as no decision is read from
/// its paragraph, and the hit shows it.
#[test]
fn record_questions_show_the_paragraph_that_records_the_answer() {
    let minutes = Document {
        kind: DocumentKind::Minutes,
        ..doc(
            "minutes",
            Some("2019-03-13"),
            vec![
                section(
                    Some("Accounts for payment"),
                    None,
                    "The following payments were agreed: Footway lighting, Chq No 1302, \
                     4,237.48; Wales Air Ambulance donation, Chq No 1309, 50.00; Wales Air \
                     Ambulance donation receipt noted; Clerk's salary, Chq No 1310.",
                ),
                section(
                    Some("Correspondence"),
                    None,
                    "xii) Wales Air Ambulance re financial support. It was proposed by Cllr. \
                     H. Gwynne, seconded by Cllr. K. Davies and unanimously agreed to donate \
                     £50.00.",
                ),
                section(
                    Some("Budget"),
                    None,
                    "(7) Mr Brady proposed, and Ms Meade seconded the alternative budget \
                     amendment.\n(8) The Chairman put the amendment to the vote and the voting \
                     was as follows:\nFor (12)\nMr Baldock, Mr Brady\nAgainst (42)\nMr Baker\n\
                     Abstain (7)\nMr Hills\nAmendment lost.",
                ),
            ],
            &[],
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    writer.add_document(&minutes).unwrap();
    for d in corpus() {
        writer.add_document(&d).unwrap();
    }
    writer.commit().unwrap();
    index.reload().unwrap();
    let shown = |index: &SectionIndex, q: &str| {
        let hit = index.search(&req(q)).unwrap().hits.remove(0);
        assert_eq!(hit.document_id, "minutes");
        hit
    };
    let hit = shown(&index, "who seconded the Wales Air Ambulance donation");
    assert!(
        hit.text.contains("seconded by Cllr. K. Davies"),
        "{}",
        hit.text
    );
    let decision = hit
        .record
        .and_then(|r| r.decision)
        .expect("a recorded decision");
    assert_eq!(decision.seconder.as_deref(), Some("Cllr. K. Davies"));
    // Without the within-paper record factor, the words near "seconded" and the record
    // following the paragraph that says the words, the payments list, which repeats the
    // words, is shown: they decide.
    drop(index);
    let neutral = SectionIndex::open(&dir.path().join("index"))
        .unwrap()
        .with_tuning(council_index::Tuning::parse(
            "record_within=1,record_near=0,follow_gap=0",
        ));
    let hit = shown(&neutral, "who seconded the Wales Air Ambulance donation");
    assert!(
        hit.text.starts_with("The following payments"),
        "{}",
        hit.text
    );
    let index = neutral.with_tuning(council_index::Tuning::default());
    let hit = shown(
        &index,
        "how did the vote go on the alternative budget amendment",
    );
    let votes = hit.record.and_then(|r| r.decision).and_then(|d| d.votes);
    assert_eq!(
        votes.expect("the vote").summary(),
        "for 12, against 42, abstain 7"
    );
}

/// A typed minute number names the paragraph of the paper to show, not only the paper.
#[test]
fn a_typed_minute_number_shows_that_minute() {
    let numbered = |number: &str, heading: &str, text: &str| Section {
        number: Some(number.into()),
        ..section(Some(heading), None, text)
    };
    let minutes = Document {
        kind: DocumentKind::Minutes,
        ..doc(
            "minutes",
            Some("2025-02-13"),
            vec![
                numbered(
                    "290",
                    "Section 25 Report",
                    "Mr Oakford proposed, and Mr Gough seconded the motion. The voting was as \
                     follows: For (57) Against (0) Abstain (2). Motion carried.",
                ),
                numbered(
                    "291",
                    "Budget",
                    "The Chairman put the amendment to the vote and the voting was as follows: \
                     For (9) Against (41). Amendment lost. The Chairman put the second \
                     amendment to the vote: For (8) Against (40). Amendment lost. The vote on \
                     the third amendment went: For (13) Against (39).",
                ),
            ],
            &[],
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    writer.add_document(&minutes).unwrap();
    for d in corpus() {
        writer.add_document(&d).unwrap();
    }
    writer.commit().unwrap();
    index.reload().unwrap();
    let hit = index
        .search(&req("how did the vote go under minute 290"))
        .unwrap()
        .hits
        .remove(0);
    assert_eq!(hit.document_id, "minutes");
    assert_eq!(hit.number.as_deref(), Some("290"), "{}", hit.text);
}

/// A question about the meeting shows the section recording the chair even when phase one
/// did not bring it among the candidates (it shares few of the query's words; the paper is
/// there by paragraphs repeating the meeting's name).
#[test]
fn who_chaired_shows_the_chair_line_even_when_it_was_no_candidate() {
    // The chair line, then more paragraphs repeating the meeting's name than phase one
    // keeps (its depth is at least 150 for a page of 10).
    let mut sections = vec![section(
        None,
        None,
        "PRESENT: Mr B J Sweetland (Chairman), Mr A Bowles, Mrs C Bell, Mr D Beaney",
    )];
    sections.push(section(
        Some("Pay"),
        None,
        "The county council meeting noted the county council pay policy.",
    ));
    for i in 0..200 {
        sections.push(section(
            Some("Budget"),
            None,
            &format!("The county council meeting agreed item {i} of the county council budget."),
        ));
    }
    let minutes = Document {
        kind: DocumentKind::Minutes,
        ..doc("minutes", Some("2025-02-13"), sections, &[])
    };
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    writer.add_document(&minutes).unwrap();
    // Another paper whose paragraphs say "chair" and "meeting": the chair line is not
    // among the first phase's best paragraphs.
    let others = (0..200)
        .map(|i| {
            section(
                None,
                None,
                &format!("The chair of the parish meeting thanked volunteer {i}."),
            )
        })
        .collect();
    writer
        .add_document(&doc("parish", Some("2024-01-01"), others, &[]))
        .unwrap();
    for d in corpus() {
        writer.add_document(&d).unwrap();
    }
    writer.commit().unwrap();
    index.reload().unwrap();
    let hit = index
        .search(&req("who chaired the county council meeting"))
        .unwrap()
        .hits
        .remove(0);
    assert_eq!(hit.document_id, "minutes");
    assert!(hit.text.starts_with("PRESENT"), "{}", hit.text);
    let chair = hit.record.map(|r| r.chair).unwrap_or_default();
    assert!(
        chair.is_empty() || chair[0].contains("Sweetland"),
        "{chair:?}"
    );
    // A question about the topic, not the meeting, shows the paragraph that says it.
    let hit = index
        .search(&req("county council pay policy"))
        .unwrap()
        .hits
        .remove(0);
    assert!(hit.text.contains("pay policy"), "{}", hit.text);
}

/// A question about an item's record shows the paragraph recording the fact next to the
/// item's words (the Mayor's election and its seconder), not the one recording it for
/// another item that repeats those words (the Deputy Mayor's election, thanking the Mayor).
#[test]
fn the_seconder_shown_is_the_one_of_the_item_asked_about() {
    let speech = "The new Mayor thanked the members, the staff and the families of Limerick, \
                  spoke of the year ahead, of housing, transport, culture and sport, and of the \
                  work of the council in every district. "
        .repeat(6);
    let minutes = Document {
        kind: DocumentKind::Minutes,
        ..doc(
            "annual",
            Some("2021-06-30"),
            vec![
                section(
                    Some("Election of Mayor"),
                    None,
                    &format!(
                        "The outgoing Mayor invited nominations for the Office of Mayor. \
                         Proposed by Councillor Sheahan; Seconded by Councillor McSweeney; \
                         That, Councillor Daniel Butler be appointed Mayor. {speech}"
                    ),
                ),
                section(
                    Some("Election of Deputy Mayor"),
                    None,
                    &format!(
                        "The Mayor invited nominations for the Office of Deputy Mayor. \
                         Proposed by Councillor Sheahan; Seconded by Councillor Galvin; That, \
                         Councillor Tom Ruddle be appointed Deputy Mayor. {speech} The Deputy \
                         Mayor thanked the Mayor, Mayor Daniel Butler, and wished the Mayor well."
                    ),
                ),
            ],
            &[],
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    writer.add_document(&minutes).unwrap();
    for d in corpus() {
        writer.add_document(&d).unwrap();
    }
    writer.commit().unwrap();
    index.reload().unwrap();
    let query = "who seconded the nomination of Daniel Butler as Mayor";
    let hit = index.search(&req(query)).unwrap().hits.remove(0);
    assert!(hit.text.contains("McSweeney"), "{}", hit.text);
    // Without the pairs near the fact's word the Deputy Mayor's election is shown.
    drop(index);
    let without = SectionIndex::open(&dir.path().join("index"))
        .unwrap()
        .with_tuning(council_index::Tuning::parse("record_near=0"));
    let hit = without.search(&req(query)).unwrap().hits.remove(0);
    assert!(hit.text.contains("Galvin"), "{}", hit.text);
}

/// "Who chaired the meeting on <date>": the minutes, which record the chair, rank above
/// the agenda of the same meeting, which names the meeting in more of the query's words.
#[test]
fn a_question_about_the_meeting_prefers_its_minutes() {
    let agenda = Document {
        kind: DocumentKind::Agenda,
        ..doc(
            "agenda",
            Some("2025-02-13"),
            vec![section(
                None,
                None,
                "A meeting of the County Council will be held on Thursday, 13 February 2025 \
                 at 9.30 am. The County Council meeting of 13 February 2025 is scheduled to \
                 end by 5.00 pm; members of the County Council will be asked who will chair \
                 the committees at the meeting.",
            )],
            &[],
        )
    };
    let minutes = Document {
        kind: DocumentKind::Minutes,
        ..doc(
            "minutes",
            Some("2025-02-13"),
            vec![section(
                None,
                None,
                "MINUTES of a meeting of the County Council held on Thursday, 13 February \
                 2025. PRESENT: Mr B J Sweetland (Chairman), Mr A M Ridgers (Vice-Chairman), \
                 Mr N Baker.",
            )],
            &[],
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    writer.add_document(&agenda).unwrap();
    writer.add_document(&minutes).unwrap();
    for d in corpus() {
        writer.add_document(&d).unwrap();
    }
    writer.commit().unwrap();
    index.reload().unwrap();
    let query = "who chaired the county council meeting on 13 February 2025";
    assert_eq!(docs(&index, &req(query))[0], "minutes");
    // The same words without a question about the meeting: no preference for minutes.
    let neutral = index.with_tuning(council_index::Tuning::parse("minutes=1"));
    let order = docs(&neutral, &req(query));
    assert_eq!(order[0], "agenda", "{order:?}");
}
