//! End-to-end tests of the section index: build a small index in a temp folder and search it.

use council_index::{IndexError, SearchRequest, SearchResults, SectionIndex};
use council_model::{Document, DocumentKind, Entity, EntityKind, Meeting, Section};

fn section(number: Option<&str>, heading: Option<&str>, text: &str, page: u32) -> Section {
    Section {
        number: number.map(str::to_string),
        heading: heading.map(str::to_string),
        path: heading.map(|h| vec![h.to_string()]).unwrap_or_default(),
        kind: None,
        text: text.to_string(),
        page: Some(page),
        meeting: None,
    }
}

fn report() -> Document {
    Document {
        id: "rep1".into(),
        source: "cambs/report.pdf".into(),
        kind: DocumentKind::CommitteeReport,
        title: Some("Travel Assistance Review".into()),
        council: Some("Cambridgeshire County Council".into()),
        meetings: vec![Meeting {
            body: Some("Children and Young People Committee".into()),
            date: Some("2023-03-08".into()),
            item: Some("7".into()),
        }],
        sections: vec![
            section(
                Some("1.1"),
                Some("Purpose"),
                "This report sets out the budget position for the service.",
                1,
            ),
            section(
                Some("2.1.2"),
                Some("Background"),
                "The committee is asked to approve the revised home to school transport policy \
                 for children with special educational needs.",
                3,
            ),
            section(
                None,
                Some("Financial implications"),
                "There are no significant financial implications arising from the decision.",
                5,
            ),
        ],
        entities: vec![Entity {
            kind: EntityKind::Person,
            text: "Cllr Bryony Goodliffe".into(),
            value: "Bryony Goodliffe".into(),
            role: Some("Chair".into()),
        }],
        content_hash: "abc".into(),
        ..Document::default()
    }
}

fn minutes() -> Document {
    Document {
        id: "min1".into(),
        source: "oxon/minutes.html".into(),
        kind: DocumentKind::Minutes,
        title: Some("Minutes of the Cabinet".into()),
        council: Some("Oxfordshire County Council".into()),
        meetings: vec![
            Meeting {
                body: Some("Cabinet".into()),
                date: Some("2022-06-21".into()),
                item: None,
            },
            Meeting {
                body: Some("Cabinet Advisory Group".into()),
                date: Some("2022-07-05".into()),
                item: None,
            },
        ],
        sections: vec![
            section(
                Some("12"),
                Some("Highways maintenance"),
                "Members discussed potholes on rural roads and the transport budget. \
                 The Cabinet agreed to defer its decisions until the next meeting.",
                2,
            ),
            section(
                Some("13"),
                Some("Libraries"),
                "The Cabinet noted the library opening hours and the policy on school visits.",
                3,
            ),
        ],
        content_hash: "def".into(),
        ..Document::default()
    }
}

fn questions() -> Document {
    Document {
        id: "q1".into(),
        source: "cambs/questions.docx".into(),
        kind: DocumentKind::WrittenQuestion,
        title: Some("Written questions to Council".into()),
        council: Some("Cambridgeshire County Council".into()),
        meetings: vec![Meeting {
            body: Some("Full Council".into()),
            date: Some("2024-01-16".into()),
            item: None,
        }],
        sections: vec![section(
            Some("1"),
            None,
            "Will the chair's office publish the school transport consultation & results <soon>?",
            1,
        )],
        content_hash: "ghi".into(),
        ..Document::default()
    }
}

fn build() -> (tempfile::TempDir, SectionIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    for doc in [report(), minutes(), questions()] {
        writer.add_document(&doc).unwrap();
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

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.section_id.as_str()).collect()
}

#[test]
fn counts_records() {
    let (_dir, index) = build();
    assert_eq!(index.num_documents(), 3);
    assert_eq!(index.num_sections(), 6);
}

#[test]
fn open_missing_index_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        SectionIndex::open(&dir.path().join("nope")),
        Err(IndexError::Missing(_))
    ));
    assert!(matches!(
        SectionIndex::open(dir.path()),
        Err(IndexError::Missing(_))
    ));
}

#[test]
fn reopen_sees_committed_documents() {
    let (dir, index) = build();
    drop(index);
    let index = SectionIndex::open(&dir.path().join("index")).unwrap();
    assert_eq!(index.num_documents(), 3);
}

#[test]
fn section_with_the_words_ranks_first() {
    let (_dir, index) = build();
    let results = index
        .search(&req("home to school transport policy"))
        .unwrap();
    assert_eq!(ids(&results)[0], "rep1.1", "{:#?}", ids(&results));
    assert!(results.total >= 3);
    // One hit per document; the document's other matching sections are listed under it.
    assert_eq!(results.documents, results.hits.len());
    assert!(results.hits.len() <= results.total);
    let mut docs: Vec<&str> = results
        .hits
        .iter()
        .map(|h| h.document_id.as_str())
        .collect();
    docs.dedup();
    assert_eq!(docs.len(), results.hits.len(), "no document twice");
    let listed: usize = results.hits.iter().map(|h| 1 + h.more.len()).sum();
    assert_eq!(listed, results.total.min(listed));
    let hit = &results.hits[0];
    assert_eq!(hit.section_ordinal, 1);
    assert_eq!(hit.document_id, "rep1");
    assert_eq!(hit.number.as_deref(), Some("2.1.2"));
    assert_eq!(hit.page, Some(3));
    assert_eq!(hit.kind, DocumentKind::CommitteeReport);
    assert_eq!(hit.path, vec!["Background".to_string()]);
    assert!(hit.score > results.hits[1].score);
}

#[test]
fn proximity_beats_scattered_words() {
    let (_dir, index) = build();
    // "school transport" is together in rep1.1 and q1.0; scattered in min1.1 / min1.0.
    let results = index.search(&req("school transport")).unwrap();
    let top: Vec<&str> = ids(&results)[..2].to_vec();
    assert!(top.contains(&"rep1.1") && top.contains(&"q1.0"), "{top:?}");
}

#[test]
fn quoted_phrase_matches_only_the_exact_phrase() {
    let (_dir, index) = build();
    let results = index.search(&req("\"school transport policy\"")).unwrap();
    assert_eq!(ids(&results), vec!["rep1.1"]);
    assert_eq!(results.total, 1);
    // Unclosed quote runs to the end.
    let results = index.search(&req("\"rural roads")).unwrap();
    assert_eq!(ids(&results), vec!["min1.0"]);
    // A phrase plus a word: the phrase is required.
    let results = index.search(&req("budget \"rural roads\"")).unwrap();
    assert_eq!(ids(&results), vec!["min1.0"]);
}

#[test]
fn stemming_matches_word_forms() {
    let (_dir, index) = build();
    let results = index.search(&req("decisions")).unwrap();
    let found = ids(&results);
    assert!(found.contains(&"rep1.2"), "{found:?}");
    assert!(found.contains(&"min1.0"), "{found:?}");
    let results = index.search(&req("DISCUSSING pothole")).unwrap();
    assert_eq!(ids(&results)[0], "min1.0");
}

#[test]
fn entity_and_body_words_match() {
    let (_dir, index) = build();
    let results = index.search(&req("Goodliffe")).unwrap();
    assert_eq!(results.total, 3);
    assert!(results.hits.iter().all(|h| h.document_id == "rep1"));
}

#[test]
fn hostile_inputs_never_error() {
    let (_dir, index) = build();
    let long = "the council school transport budget decision ".repeat(400);
    let long_words: String = (0..2000).map(|i| format!("word{i} ")).collect();
    let inputs = [
        "\"unbalanced",
        "(a OR",
        "-",
        "a:b",
        "*",
        "chair's",
        "~~~",
        "",
        "   ",
        "\"",
        "\"\"",
        "title:school",
        "school^3",
        "NOT AND OR",
        "+school -transport",
        "[2020 TO 2021]",
        "{}",
        "\\",
        "'",
        "“curly quotes",
        "2.1.2",
        "日本語 ünïcödé",
        long.as_str(),
        long_words.as_str(),
    ];
    for input in inputs {
        let result = index.search(&req(input));
        assert!(result.is_ok(), "{input:.40}: {:?}", result.err());
    }
    assert_eq!(index.search(&req("")).unwrap().total, 0);
    assert_eq!(index.search(&req("-")).unwrap().total, 0);
    assert!(index.search(&req("chair's")).unwrap().total >= 1);
    assert!(index.search(&req(&long)).unwrap().total >= 1);
}

#[test]
fn paragraph_number_finds_the_paragraph() {
    let (_dir, index) = build();
    let results = index.search(&req("2.1.2")).unwrap();
    assert_eq!(ids(&results)[0], "rep1.1");
}

#[test]
fn filters_restrict_results() {
    let (_dir, index) = build();
    let base = || req("school");
    let all = index.search(&base()).unwrap();
    assert_eq!(all.total, 3);

    let r = index
        .search(&SearchRequest {
            council: vec!["Cambridgeshire County Council".into()],
            ..base()
        })
        .unwrap();
    assert_eq!(r.total, 2);
    assert!(r
        .hits
        .iter()
        .all(|h| h.council.as_deref() == Some("Cambridgeshire County Council")));

    let r = index
        .search(&SearchRequest {
            body: vec!["Cabinet Advisory Group".into()],
            ..base()
        })
        .unwrap();
    assert_eq!(ids(&r), vec!["min1.1"]);
    // The meeting of a hit is the document's first meeting.
    assert_eq!(
        r.hits[0].meeting.as_ref().unwrap().body.as_deref(),
        Some("Cabinet")
    );

    let r = index
        .search(&SearchRequest {
            kind: vec![DocumentKind::WrittenQuestion],
            ..base()
        })
        .unwrap();
    assert_eq!(ids(&r), vec!["q1.0"]);

    let r = index
        .search(&SearchRequest {
            from: Some("2023-01-01".into()),
            to: Some("2023-12-31".into()),
            ..base()
        })
        .unwrap();
    assert_eq!(ids(&r), vec!["rep1.1"]);

    // Any meeting date in range counts (min1's second meeting is 2022-07-05).
    let r = index
        .search(&SearchRequest {
            from: Some("2022-07-01".into()),
            to: Some("2022-07-31".into()),
            ..base()
        })
        .unwrap();
    assert_eq!(ids(&r), vec!["min1.1"]);

    let r = index
        .search(&SearchRequest {
            from: Some("2024-01-16".into()),
            ..base()
        })
        .unwrap();
    assert_eq!(ids(&r), vec!["q1.0"]);

    let r = index
        .search(&SearchRequest {
            to: Some("2022-06-21".into()),
            ..base()
        })
        .unwrap();
    assert_eq!(ids(&r), vec!["min1.1"]);

    for bad in ["2023-13-01", "08/03/2023", "soon"] {
        let r = index.search(&SearchRequest {
            from: Some(bad.into()),
            ..base()
        });
        assert!(matches!(r, Err(IndexError::InvalidRequest(_))), "{bad}");
    }

    // Several values of one filter are alternatives (OR); filters combine with AND.
    let r = index
        .search(&SearchRequest {
            council: vec![
                "Cambridgeshire County Council".into(),
                "oxfordshire county council".into(),
            ],
            ..base()
        })
        .unwrap();
    assert_eq!(r.total, 3);
    let r = index
        .search(&SearchRequest {
            kind: vec![DocumentKind::WrittenQuestion, DocumentKind::Minutes],
            ..base()
        })
        .unwrap();
    let mut found = ids(&r);
    found.sort();
    assert_eq!(found, vec!["min1.1", "q1.0"]);
    let r = index
        .search(&SearchRequest {
            kind: vec![DocumentKind::WrittenQuestion, DocumentKind::Minutes],
            council: vec!["Oxfordshire County Council".into()],
            ..base()
        })
        .unwrap();
    assert_eq!(ids(&r), vec!["min1.1"]);
    let r = index
        .search(&SearchRequest {
            year: vec!["2023".into(), "2024".into()],
            ..base()
        })
        .unwrap();
    let mut found = ids(&r);
    found.sort();
    assert_eq!(found, vec!["q1.0", "rep1.1"]);
    // One value that matches nothing is a notice, even beside one that does.
    let r = index
        .search(&SearchRequest {
            council: vec!["Oxfordshire County Council".into(), "Nowhere".into()],
            ..base()
        })
        .unwrap();
    assert_eq!(r.notices.len(), 1);
    assert_eq!(r.notices[0].value, "Nowhere");
    let r = index.search(&SearchRequest {
        year: vec!["23".into()],
        ..base()
    });
    assert!(matches!(r, Err(IndexError::InvalidRequest(_))));

    // Filters with an empty query list every matching section.
    let r = index
        .search(&SearchRequest {
            council: vec!["Oxfordshire County Council".into()],
            ..req("")
        })
        .unwrap();
    assert_eq!(r.total, 2);
    let sections: usize = r.hits.iter().map(|h| 1 + h.more.len()).sum();
    assert_eq!(sections, 2);
}

#[test]
fn paging_with_offset_and_limit() {
    let (_dir, index) = build();
    let all = index.search(&req("school transport budget")).unwrap();
    let page = index
        .search(&SearchRequest {
            offset: 1,
            limit: 2,
            ..req("school transport budget")
        })
        .unwrap();
    assert_eq!(page.total, all.total);
    assert_eq!(ids(&page), ids(&all)[1..3].to_vec());
    let none = index
        .search(&SearchRequest {
            limit: 0,
            ..req("school")
        })
        .unwrap();
    assert!(none.hits.is_empty());
    assert_eq!(none.total, 3);
}

#[test]
fn facets_count_all_matching_sections() {
    let (_dir, index) = build();
    let r = index
        .search(&SearchRequest {
            limit: 1,
            ..req("school transport budget")
        })
        .unwrap();
    // rep1.0 (budget), rep1.1, min1.0, min1.1, q1.0
    assert_eq!(r.total, 5);
    let pairs = |list: &[council_index::FacetCount]| -> Vec<(String, u64)> {
        list.iter().map(|f| (f.value.clone(), f.count)).collect()
    };
    assert_eq!(
        pairs(&r.facets.council),
        vec![
            ("Cambridgeshire County Council".to_string(), 3),
            ("Oxfordshire County Council".to_string(), 2)
        ]
    );
    assert_eq!(
        pairs(&r.facets.body),
        vec![
            ("Cabinet".to_string(), 2),
            ("Cabinet Advisory Group".to_string(), 2),
            ("Children and Young People Committee".to_string(), 2),
            ("Full Council".to_string(), 1),
        ]
    );
    assert_eq!(
        pairs(&r.facets.kind),
        vec![
            ("committee_report".to_string(), 2),
            ("minutes".to_string(), 2),
            ("written_question".to_string(), 1),
        ]
    );
    assert_eq!(
        pairs(&r.facets.year),
        vec![
            ("2022".to_string(), 2),
            ("2023".to_string(), 2),
            ("2024".to_string(), 1),
        ]
    );
}

#[test]
fn re_adding_replaces_and_delete_source_removes() {
    let (_dir, index) = build();
    let mut writer = index.writer(20_000_000).unwrap();
    let mut changed = report();
    changed.sections.truncate(1);
    changed.sections[0].text = "A zebra crossing outside the school.".into();
    writer.add_document(&changed).unwrap();
    writer.add_document(&changed).unwrap();
    writer.commit().unwrap();
    index.reload().unwrap();
    assert_eq!(index.num_documents(), 3);
    assert_eq!(index.num_sections(), 4);
    assert_eq!(index.search(&req("zebra")).unwrap().total, 1);
    assert_eq!(
        index
            .search(&req("\"special educational needs\""))
            .unwrap()
            .total,
        0
    );
    assert_eq!(index.document("rep1").unwrap().unwrap(), changed);

    writer.delete_source("oxon/minutes.html").unwrap();
    writer.commit().unwrap();
    index.reload().unwrap();
    assert_eq!(index.num_documents(), 2);
    assert_eq!(index.num_sections(), 2);
    assert_eq!(index.document("min1").unwrap(), None);
    assert_eq!(index.search(&req("potholes")).unwrap().total, 0);
}

#[test]
fn snippets_mark_matches_and_escape_html() {
    let (_dir, index) = build();
    let r = index.search(&req("consultation results")).unwrap();
    let hit = &r.hits[0];
    assert_eq!(hit.section_id, "q1.0");
    assert!(
        hit.snippet.contains("<mark>consultation</mark>"),
        "{}",
        hit.snippet
    );
    assert!(hit.snippet.contains("&amp;"), "{}", hit.snippet);
    assert!(hit.snippet.contains("&lt;soon"), "{}", hit.snippet);
    assert!(!hit.snippet.contains("<soon"), "{}", hit.snippet);
    assert!(!hit.snippet.contains("<b>"));
    // Stemmed matches are marked in their written form.
    let r = index.search(&req("decision")).unwrap();
    assert!(r.hits.iter().all(|h| h.snippet.contains("<mark>")));
    // A hit by title only gets the start of the text.
    let r = index.search(&req("Written questions to Council")).unwrap();
    let hit = r.hits.iter().find(|h| h.section_id == "q1.0").unwrap();
    assert!(hit.snippet.starts_with("Will the chair"), "{}", hit.snippet);
}

#[test]
fn document_round_trips() {
    let (_dir, index) = build();
    assert_eq!(index.document("rep1").unwrap(), Some(report()));
    assert_eq!(index.document("min1").unwrap(), Some(minutes()));
    assert_eq!(index.document("nope").unwrap(), None);
}

#[test]
fn citations_join_the_parts() {
    let (_dir, index) = build();
    let r = index.search(&req("\"special educational needs\"")).unwrap();
    assert_eq!(
        r.hits[0].citation,
        "Cambridgeshire County Council, Children and Young People Committee, 8 March 2023, item 7, para 2.1.2, p. 3"
    );
    let r = index
        .search(&req("significant financial implications"))
        .unwrap();
    assert_eq!(
        r.hits[0].citation,
        "Cambridgeshire County Council, Children and Young People Committee, 8 March 2023, item 7, Financial implications, p. 5"
    );
}

#[test]
fn writer_is_send() {
    fn assert_send<T: Send>() {}
    assert_send::<council_index::SectionWriter>();
    fn assert_sync<T: Send + Sync>() {}
    assert_sync::<SectionIndex>();
}

/// Papers from Wales and Ireland, with units and references written as papers write them.
fn islands() -> (tempfile::TempDir, SectionIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    let doc = |id: &str, texts: &[&str]| Document {
        id: id.into(),
        source: format!("{id}.txt"),
        kind: DocumentKind::Minutes,
        sections: texts.iter().map(|t| section(None, None, t, 1)).collect(),
        ..Document::default()
    };
    for d in [
        doc(
            "jpc",
            &[
                "The Chief Superintendent spoke about An Garda Síochána and its Operating Model.",
                "Councillor Novak Uí Chonchúir (Chair) welcomed members.",
            ],
        ),
        doc(
            "mscc",
            &[
                "Adroddodd y Cyng. K. Davies broblem mewn perthynas â baw cŵn ar y ffordd.",
                "Gŵyl y Goeden, Rhodd, Siec Rhif 1284.",
            ],
        ),
        doc(
            "roads",
            &[
                "Road Traffic (30 km/h Special Speed Limit) Bye-Laws 2023 were adopted.",
                "The s106 contributions already received fund the scheme.",
                "The local authority wrote to the author of the report.",
            ],
        ),
    ] {
        writer.add_document(&d).unwrap();
    }
    writer.commit().unwrap();
    index.reload().unwrap();
    (dir, index)
}

#[test]
fn words_typed_without_their_accents_find_the_accented_words() {
    let (_dir, index) = islands();
    for (query, expected) in [
        ("Garda Siochana operating model", "jpc.0"),
        ("Novak Ui Chonchuir chair", "jpc.1"),
        ("baw cwn", "mscc.0"),
        ("Gwyl y Goeden", "mscc.1"),
        ("Gŵyl y Goeden", "mscc.1"),
    ] {
        let results = index.search(&req(query)).unwrap();
        assert_eq!(ids(&results).first(), Some(&expected), "{query}");
    }
    // The hit shows the paper's own spelling.
    let results = index.search(&req("baw cwn")).unwrap();
    assert!(results.hits[0].text.contains("baw cŵn"));
}

#[test]
fn units_and_references_match_however_they_are_typed() {
    let (_dir, index) = islands();
    for query in [
        "30km/h bye-laws",
        "30 km/h",
        "\"30kmh\"",
        "\"30 km h special speed limit\"",
    ] {
        let results = index.search(&req(query)).unwrap();
        let found = ids(&results);
        if query == "\"30kmh\"" {
            // `kmh` is another word than `km h`.
            assert!(found.is_empty(), "{query}: {found:?}");
        } else {
            assert_eq!(found.first(), Some(&"roads.0"), "{query}");
        }
    }
    for query in ["S106", "s 106 contributions", "\"S106 contributions\""] {
        let results = index.search(&req(query)).unwrap();
        assert_eq!(ids(&results).first(), Some(&"roads.1"), "{query}");
    }
}

#[test]
fn authority_is_not_author() {
    let (_dir, index) = islands();
    let results = index.search(&req("\"authority wrote\"")).unwrap();
    assert_eq!(ids(&results), ["roads.2"]);
    let results = index.search(&req("\"the author wrote\"")).unwrap();
    assert!(ids(&results).is_empty(), "{:?}", ids(&results));
}

#[test]
fn an_index_analysed_by_another_version_is_incompatible() {
    let (dir, index) = build();
    drop(index);
    // An index written before the analyzer changed names tantivy's `en_stem`.
    let meta = dir.path().join("index").join("meta.json");
    let old = std::fs::read_to_string(&meta)
        .unwrap()
        .replace(council_index::schema::TEXT_ANALYZER, "en_stem");
    std::fs::write(&meta, old).unwrap();
    match SectionIndex::open(&dir.path().join("index")) {
        Err(IndexError::Incompatible(why)) => assert!(why.contains("en_stem"), "{why}"),
        other => panic!("expected Incompatible, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn filters_forgive_case_and_say_when_nothing_matches() {
    let (_dir, index) = build();
    let exact = index
        .search(&SearchRequest {
            council: vec!["Cambridgeshire County Council".into()],
            ..req("school")
        })
        .unwrap();
    let lower = index
        .search(&SearchRequest {
            council: vec!["  cambridgeshire county council ".into()],
            ..req("school")
        })
        .unwrap();
    assert_eq!(lower.total, exact.total);
    assert!(lower.notices.is_empty());
    let wrong = index
        .search(&SearchRequest {
            council: vec!["Cambridgshire County Council".into()],
            ..req("school")
        })
        .unwrap();
    assert_eq!(wrong.total, 0);
    assert_eq!(
        wrong.notices,
        [council_index::resolve::FilterNotice {
            filter: council_index::resolve::FilterKind::Council,
            value: "Cambridgshire County Council".into(),
            suggestion: Some("Cambridgeshire County Council".into()),
        }]
    );
}

#[test]
fn the_same_paragraph_in_two_papers_is_one_hit() {
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    let text = "Question 3: what is the council doing about potholes on the A28?";
    for (id, source, title) in [
        ("pack", "m/pack.pdf", "Agenda pack"),
        ("orig", "m/originals/questions.pdf", "Questions"),
    ] {
        writer
            .add_document(&Document {
                id: id.into(),
                source: source.into(),
                title: Some(title.into()),
                sections: vec![
                    section(None, None, text, 41),
                    section(None, None, "Something else entirely.", 42),
                ],
                ..Document::default()
            })
            .unwrap();
    }
    writer.commit().unwrap();
    index.reload().unwrap();
    let r = index.search(&req("potholes")).unwrap();
    assert_eq!(r.hits.len(), 1, "{:?}", ids(&r));
    assert_eq!((r.total, r.total_exact), (2, true), "both places match");
    assert_eq!(r.documents, 1);
    assert_eq!(r.hits[0].also_in.len(), 1);
    let other = &r.hits[0].also_in[0];
    assert_ne!(other.document_id, r.hits[0].document_id);
    assert!(other.citation.ends_with("p. 41"), "{}", other.citation);
    // The snippet marks the word asked for, not "the" or "on".
    let r = index.search(&req("the potholes on")).unwrap();
    assert!(r.hits[0].snippet.contains("<mark>potholes</mark>"));
    assert!(
        !r.hits[0].snippet.contains("<mark>the</mark>"),
        "{}",
        r.hits[0].snippet
    );
}

#[test]
fn one_person_one_name_in_the_facet_the_filter_and_the_forms() {
    let person = |value: &str| Entity {
        kind: EntityKind::Person,
        text: value.into(),
        value: value.into(),
        role: None,
    };
    let paper = |id: &str, people: &[&str]| Document {
        id: id.into(),
        source: format!("{id}.txt"),
        kind: DocumentKind::Minutes,
        // Texts differ: one paragraph in two papers would be shown once.
        sections: vec![section(
            None,
            None,
            &format!("The budget of {id} was agreed."),
            1,
        )],
        entities: people.iter().map(|p| person(p)).collect(),
        content_hash: id.into(),
        ..Document::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    for doc in [
        paper("a", &["Mr Oakford", "P J Oakford"]),
        paper("b", &["Peter Oakford", "Chief Executive"]),
        paper("c", &["Jane Oakford Cllr"]),
    ] {
        writer.add_document(&doc).unwrap();
    }
    writer.commit().unwrap();
    index.reload().unwrap();
    let all = index.search(&req("budget")).unwrap();
    let facet: Vec<(&str, u64)> = all
        .facets
        .person
        .iter()
        .map(|f| (f.value.as_str(), f.count))
        .collect();
    // P J Oakford is Peter (paper a counts once); a role is no person; a bare surname two
    // people share ("Mr Oakford": Peter or Jane) is neither; "Cllr" is no part of a name.
    assert_eq!(facet, [("Peter Oakford", 2), ("Jane Oakford", 1)]);
    let by = |person: &str| {
        index
            .search(&SearchRequest {
                person: vec![person.into()],
                ..req("budget")
            })
            .unwrap()
    };
    let peter = by("P J Oakford");
    let mut found = ids(&peter);
    found.sort();
    assert_eq!(found, ["a.0", "b.0"]);
    assert_eq!(ids(&by("Jane Oakford")), ["c.0"]);
    assert_eq!(
        index.person_forms("Jane Oakford").unwrap(),
        ["Jane Oakford Cllr"]
    );
    assert_eq!(
        index.person_forms("Peter Oakford").unwrap(),
        ["P J Oakford", "Peter Oakford"]
    );
    // "Mr Oakford" names no one in particular: it finds only the paper that says it.
    assert_eq!(ids(&by("Mr Oakford")), ["a.0"]);
}

#[test]
fn filters_alone_count_every_section_in_their_facets() {
    // More sections than phase one keeps candidates (60 for a page of one): the facets of
    // a filter-only search must still count every section the filter passes, each paper's
    // people too.
    let person = |value: &str| Entity {
        kind: EntityKind::Person,
        text: value.into(),
        value: value.into(),
        role: None,
    };
    let paper = |i: usize, council: &str, people: &[&str]| Document {
        id: format!("p{i}"),
        source: format!("p{i}.txt"),
        kind: DocumentKind::Minutes,
        council: Some(council.into()),
        sections: (0..4)
            .map(|s| section(None, None, &format!("Item {s} of paper {i} was noted."), 1))
            .collect(),
        entities: people.iter().map(|p| person(p)).collect(),
        content_hash: format!("p{i}"),
        ..Document::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index"))
        .unwrap()
        .with_tuning(council_index::Tuning::default().with_candidates(5));
    // (the candidates: at least ten a hit shown, and 50, so 60)
    let mut writer = index.writer(50_000_000).unwrap();
    let people = [
        "Peter Oakford",
        "Jane Smith",
        "Roger Gough",
        "Alister Brady",
    ];
    for i in 0..28 {
        let council = if i < 24 {
            "Kent County Council"
        } else {
            "Merton Council"
        };
        writer
            .add_document(&paper(i, council, &[people[i % 4]]))
            .unwrap();
    }
    writer.commit().unwrap();
    index.reload().unwrap();
    let kent = || SearchRequest {
        council: vec!["Kent County Council".into()],
        limit: 1,
        ..SearchRequest::default()
    };
    let r = index.search(&kent()).unwrap();
    assert_eq!(r.total, 96);
    assert!(r.total_exact && r.facets_exact);
    let count = |list: &[council_index::FacetCount]| -> Vec<(String, u64)> {
        list.iter().map(|f| (f.value.clone(), f.count)).collect()
    };
    assert_eq!(
        count(&r.facets.council),
        [("Kent County Council".to_string(), 96)]
    );
    // Kent's 24 papers: each person in six of them, four sections each.
    assert_eq!(
        count(&r.facets.person),
        [
            ("Alister Brady".to_string(), 24),
            ("Jane Smith".to_string(), 24),
            ("Peter Oakford".to_string(), 24),
            ("Roger Gough".to_string(), 24),
        ]
    );
    // The second time the counts come from the cache of this commit: the same.
    let again = index.search(&kent()).unwrap();
    assert_eq!(count(&again.facets.person), count(&r.facets.person));
    // A caller that shows no facets gets none, and the same hits.
    let bare = index
        .search(&SearchRequest {
            facets: council_index::FacetMode::None,
            ..kent()
        })
        .unwrap();
    assert!(bare.facets.person.is_empty() && bare.facets.council.is_empty());
    assert!(!bare.facets_exact);
    assert_eq!(ids(&bare), ids(&r));
}

#[test]
fn a_council_filter_shows_the_copy_of_a_paragraph_it_passes() {
    // One paragraph in a Kent paper and a Merton paper: whichever copy is canonical (the
    // one phase one scores), each council's filter shows its own copy.
    let paper = |id: &str, council: &str, text: &str| Document {
        id: id.into(),
        source: format!("{id}.txt"),
        kind: DocumentKind::Minutes,
        council: Some(council.into()),
        sections: vec![
            section(None, None, text, 1),
            section(None, None, &format!("Apologies were received for {id}."), 1),
        ],
        content_hash: id.into(),
        ..Document::default()
    };
    let shared = "The treasury management strategy was approved by the committee.";
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    writer
        .add_document(&paper("k1", "Kent County Council", shared))
        .unwrap();
    writer
        .add_document(&paper("m1", "Merton Council", shared))
        .unwrap();
    for i in 0..3 {
        writer
            .add_document(&paper(
                &format!("k{}", i + 2),
                "Kent County Council",
                &format!("The strategy for roads number {i} was noted."),
            ))
            .unwrap();
        writer
            .add_document(&paper(
                &format!("m{}", i + 2),
                "Merton Council",
                &format!("The strategy for parks number {i} was noted."),
            ))
            .unwrap();
    }
    writer.commit().unwrap();
    index.reload().unwrap();
    for (council, id) in [("Kent County Council", "k1"), ("Merton Council", "m1")] {
        let r = index
            .search(&SearchRequest {
                council: vec![council.into()],
                ..req("treasury management strategy")
            })
            .unwrap();
        assert_eq!(r.hits[0].document_id, id, "{council}");
        assert_eq!(r.hits[0].council.as_deref(), Some(council));
        // The other council's copy is not among the places shown.
        assert!(r.hits[0].also_in.is_empty(), "{:?}", r.hits[0].also_in);
    }
}

#[test]
fn a_selective_filter_visits_its_paragraphs_and_shows_its_own_copy() {
    // One paragraph in a Kent paper and a Merton paper, and many other Kent papers: the
    // Merton filter passes under 1 in 8 sections (selective), so phase one visits only the
    // canonical copies standing for Merton's paragraphs; whichever copy is canonical, the
    // hit is Merton's own, and the Kent papers saying the same words are not candidates.
    let paper = |id: &str, council: &str, text: &str| Document {
        id: id.into(),
        source: format!("{id}.txt"),
        kind: DocumentKind::Minutes,
        council: Some(council.into()),
        sections: vec![
            section(None, None, text, 1),
            section(None, None, &format!("Apologies were received for {id}."), 1),
        ],
        content_hash: id.into(),
        ..Document::default()
    };
    let shared = "The treasury management strategy was approved by the committee.";
    // Two pairs of ids: in one the Kent copy is canonical, in the other the Merton copy.
    let mut cases: Vec<(String, String, bool)> = Vec::new();
    for n in 0..64 {
        let (kent, merton) = (format!("kent{n}"), format!("merton{n}"));
        let kent_owns = owner_of(&[&kent, &merton]) == kent;
        if cases.iter().all(|c| c.2 != kent_owns) {
            cases.push((kent, merton, kent_owns));
        }
    }
    assert_eq!(cases.len(), 2);
    for (kent, merton, _) in cases {
        let dir = tempfile::tempdir().unwrap();
        let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
        let mut writer = index.writer(50_000_000).unwrap();
        writer
            .add_document(&paper(&kent, "Kent County Council", shared))
            .unwrap();
        writer
            .add_document(&paper(&merton, "Merton Council", shared))
            .unwrap();
        for i in 0..12 {
            writer
                .add_document(&paper(
                    &format!("k{}", i + 10),
                    "Kent County Council",
                    &format!("The treasury strategy for roads number {i} was noted."),
                ))
                .unwrap();
        }
        writer.commit().unwrap();
        index.reload().unwrap();
        for query in [
            "treasury management strategy",
            "\"treasury management\" strategy",
        ] {
            let r = index
                .search(&SearchRequest {
                    council: vec!["Merton Council".into()],
                    ..req(query)
                })
                .unwrap();
            let papers: Vec<&str> = r.hits.iter().map(|h| h.document_id.as_str()).collect();
            assert_eq!(papers, vec![merton.as_str()], "{query}");
            assert_eq!(r.hits[0].council.as_deref(), Some("Merton Council"));
            assert!(r.hits[0].also_in.is_empty(), "{:?}", r.hits[0].also_in);
            assert_eq!((r.total, r.total_exact), (1, true), "{query}");
        }
        // The Kent filter is broad: its own copy, and the other Kent papers.
        let r = index
            .search(&SearchRequest {
                council: vec!["Kent County Council".into()],
                ..req("treasury management strategy")
            })
            .unwrap();
        assert_eq!(r.hits[0].document_id, kent);
        assert_eq!(r.total, 13);
    }
}

#[test]
fn a_paragraph_stored_many_times_does_not_fill_the_candidates() {
    // More copies of one paragraph than phase one keeps candidates: the page must still
    // show the other matching paragraphs, the copies folded into one hit's `also_in`.
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    let council = Some("Kent County Council".to_string());
    for i in 0..200 {
        writer
            .add_document(&Document {
                id: format!("copy{i}"),
                source: format!("copy{i}/minutes.pdf"),
                council: council.clone(),
                sections: vec![section(None, None, "Potholes potholes potholes.", 1)],
                ..Document::default()
            })
            .unwrap();
    }
    for i in 0..12 {
        let text = format!(
            "Item {i}: the highways team reported on potholes and the resurfacing \
             programme for the coming year, ward by ward, number {i}."
        );
        writer
            .add_document(&Document {
                id: format!("other{i}"),
                source: format!("other{i}.pdf"),
                council: council.clone(),
                sections: vec![section(None, None, &text, 2)],
                ..Document::default()
            })
            .unwrap();
    }
    writer.commit().unwrap();
    index.reload().unwrap();
    let index = index.with_tuning(council_index::Tuning::default().with_candidates(20));
    let filtered = SearchRequest {
        council: council.iter().cloned().collect(),
        ..req("potholes")
    };
    // Pruned (no filter) and visiting every match (a filter): the same page.
    for request in [req("potholes"), filtered] {
        let r = index.search(&request).unwrap();
        assert_eq!(r.hits.len(), 10, "{:?}", ids(&r));
        assert_eq!((r.total, r.total_exact), (212, true));
        assert!(r.hits[0].document_id.starts_with("copy"));
        assert_eq!(
            r.hits[0].also_in.len(),
            council_index::phases::PLACES,
            "the other places carried beside the paragraph"
        );
        assert!(r.hits[1..]
            .iter()
            .all(|h| h.document_id.starts_with("other") && h.also_in.is_empty()));
    }
}

#[test]
fn a_copy_of_a_paper_competes_with_its_next_paragraph_shown_once() {
    // An original file and the agenda pack holding it word for word: two matching
    // paragraphs each. The first is one hit (the other place in its `also_in`); the pack
    // competes with its copy of the second, which the original's `more` then does not list.
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    let first = "Question 7: potholes on rural lanes have not been repaired since January; \
                 when will the potholes be filled?";
    let second = "Question 9: verges are chewed up and potholes are forming on the bus route.";
    let filler = "Question 8: the library opening hours in the summer holidays.";
    for (id, source) in [
        ("original", "originals/questions.pdf"),
        ("pack", "packs/pack.pdf"),
    ] {
        writer
            .add_document(&Document {
                id: id.into(),
                source: source.into(),
                sections: vec![
                    section(None, None, first, 1),
                    section(None, None, filler, 2),
                    section(None, None, second, 3),
                ],
                ..Document::default()
            })
            .unwrap();
    }
    for i in 0..5 {
        writer
            .add_document(&Document {
                id: format!("other{i}"),
                source: format!("other{i}.pdf"),
                sections: vec![section(None, None, &format!("Report {i} on libraries."), 1)],
                ..Document::default()
            })
            .unwrap();
    }
    writer.commit().unwrap();
    index.reload().unwrap();
    let r = index.search(&req("potholes")).unwrap();
    let shown: Vec<(&str, &str)> = r
        .hits
        .iter()
        .map(|h| (h.document_id.as_str(), h.text.as_str()))
        .collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert_eq!(shown[0].1, first);
    assert_eq!(shown[1].1, second);
    assert_ne!(
        shown[0].0, shown[1].0,
        "the two papers each show a paragraph"
    );
    for hit in &r.hits {
        assert_eq!(hit.also_in.len(), 1, "the other place: {:?}", hit.also_in);
        assert_ne!(hit.also_in[0].document_id, hit.document_id);
        assert!(
            hit.more.is_empty(),
            "shown as a hit, not listed: {:?}",
            hit.more
        );
    }
    // The second page of one hit a page is the second hit.
    let page = SearchRequest {
        offset: 1,
        limit: 1,
        ..req("potholes")
    };
    let r = index.search(&page).unwrap();
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].text, second);
}

#[test]
fn compacting_merges_segments_and_keeps_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    // One commit per document: several segments (at least one a commit).
    for doc in [report(), minutes(), questions()] {
        writer.add_document(&doc).unwrap();
        writer.commit().unwrap();
    }
    index.reload().unwrap();
    let before = index.search(&req("school transport policy")).unwrap();
    assert!(!before.hits.is_empty());
    // A cap below the smallest segment merges nothing; no cap merges all into one.
    let segments = writer.compact(1).unwrap();
    assert!(segments >= 3, "{segments} segments after three commits");
    assert_eq!(writer.compact(1).unwrap(), segments);
    assert_eq!(writer.compact(u32::MAX).unwrap(), 1);
    index.reload().unwrap();
    let after = index.search(&req("school transport policy")).unwrap();
    assert_eq!(ids(&after), ids(&before));
    assert_eq!(after.total, before.total);
    assert_eq!(index.num_sections(), 6);
}

/// The document, of `ids`, whose copies of a paragraph are canonical: the smallest key.
fn owner_of(ids: &[&str]) -> String {
    ids.iter()
        .copied()
        .min_by_key(|id| council_index::schema::document_key(id))
        .unwrap()
        .to_string()
}

#[test]
fn the_canonical_copy_does_not_depend_on_the_order_papers_are_written_in() {
    let text = "Potholes on the high street were repaired within the month.";
    let mut shown = Vec::new();
    for order in [["a", "b", "c", "d"], ["d", "c", "b", "a"]] {
        let dir = tempfile::tempdir().unwrap();
        let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
        let mut writer = index.writer(50_000_000).unwrap();
        for id in order {
            let document = Document {
                id: id.into(),
                source: format!("{id}.txt"),
                title: Some(format!("Paper {id}")),
                sections: vec![section(None, None, text, 1)],
                ..Document::default()
            };
            writer.add_document(&document).unwrap();
            // A commit between papers, as an ingest makes between batches.
            writer.commit().unwrap();
        }
        writer.settle().unwrap();
        index.reload().unwrap();
        let count = index.paragraphs();
        assert_eq!((count.without_canonical, count.twice), (0, 0));
        let found = index.search(&req("potholes repaired")).unwrap();
        assert_eq!(found.hits.len(), 1);
        shown.push(found.hits[0].document_id.clone());
    }
    assert_eq!(shown[0], shown[1]);
    assert_eq!(shown[0], owner_of(&["a", "b", "c", "d"]));
}

#[test]
fn papers_added_in_one_commit_in_any_order_leave_settle_nothing_to_do() {
    let text = "Potholes on the high street were repaired within the month.";
    let ids = ["a", "b", "c", "d", "e", "f"];
    let owner = owner_of(&ids);
    let mut orders = vec![ids.to_vec(), ids.iter().rev().copied().collect()];
    // The owner first and last, whatever the keys' order.
    let mut others: Vec<&str> = ids.iter().copied().filter(|id| *id != owner).collect();
    others.insert(0, &owner);
    orders.push(others.clone());
    others.rotate_left(1);
    orders.push(others);
    for order in orders {
        let dir = tempfile::tempdir().unwrap();
        let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
        let mut writer = index.writer(50_000_000).unwrap();
        for id in &order {
            writer
                .add_document(&Document {
                    id: (*id).into(),
                    source: format!("{id}.txt"),
                    sections: vec![section(None, None, text, 1)],
                    ..Document::default()
                })
                .unwrap();
        }
        writer.commit().unwrap();
        index.reload().unwrap();
        let count = index.paragraphs();
        assert_eq!((count.without_canonical, count.twice), (0, 0), "{order:?}");
        assert_eq!(
            writer.settle().unwrap(),
            0,
            "{order:?}: nothing to put right"
        );
        let found = index.search(&req("potholes repaired")).unwrap();
        assert_eq!(found.hits[0].document_id, owner, "{order:?}");
    }
}

#[test]
fn settle_writes_again_only_the_sections_that_change_and_the_paper_stays_whole() {
    let shared = "Potholes on the high street were repaired within the month.";
    let (owner, other) = {
        let o = owner_of(&["p", "q"]);
        let other = if o == "p" { "q" } else { "p" };
        (o, other.to_string())
    };
    let doc = |id: &str| Document {
        id: id.into(),
        source: format!("{id}.txt"),
        title: Some(format!("Paper {id}")),
        sections: vec![
            section(
                None,
                None,
                &format!("Paper {id} opens the library on Sundays."),
                1,
            ),
            section(None, None, shared, 2),
            section(
                None,
                None,
                &format!("Paper {id} closes the swimming pool."),
                3,
            ),
        ],
        ..Document::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    // The paper with the larger key comes in an earlier commit and claims the paragraph.
    writer.add_document(&doc(&other)).unwrap();
    writer.commit().unwrap();
    writer.add_document(&doc(&owner)).unwrap();
    index.reload().unwrap();
    assert_eq!(writer.settle().unwrap(), 1, "the earlier paper gives it up");
    index.reload().unwrap();
    let count = index.paragraphs();
    assert_eq!((count.sections, count.paragraphs), (6, 5));
    assert_eq!((count.without_canonical, count.twice), (0, 0));
    assert_eq!(index.num_sections(), 6);
    assert_eq!(index.num_documents(), 2);
    let found = index.search(&req("potholes repaired")).unwrap();
    assert_eq!(found.hits.len(), 1);
    assert_eq!(found.hits[0].document_id, owner);
    assert_eq!(found.hits[0].also_in.len(), 1);
    // The paper that gave the paragraph up keeps every other section, findable, and its
    // stored document.
    for words in ["library sundays", "swimming pool"] {
        let found = index.search(&req(words)).unwrap();
        let of_other: Vec<_> = found
            .hits
            .iter()
            .filter(|h| h.document_id == other)
            .collect();
        assert_eq!(of_other.len(), 1, "{words}: {:?}", ids(&found));
    }
    assert_eq!(index.document(&other).unwrap().unwrap().sections.len(), 3);
    assert_eq!(writer.settle().unwrap(), 0, "settled");
}

#[test]
fn one_canonical_copy_per_paragraph_survives_deletes_and_replacements() {
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    let shared = "Potholes on the high street were repaired within the month.";
    let doc = |id: &str, own: &str| Document {
        id: id.into(),
        source: format!("{id}.txt"),
        sections: vec![
            section(None, None, shared, 1),
            section(None, None, own, 2),
            // The same paragraph twice in one paper: still one canonical copy.
            section(None, None, shared, 3),
        ],
        ..Document::default()
    };
    for id in ["a", "b", "c"] {
        let own = format!("Paper {id} also records the library opening hours.");
        writer.add_document(&doc(id, &own)).unwrap();
    }
    writer.settle().unwrap();
    index.reload().unwrap();
    let owner = owner_of(&["a", "b", "c"]);
    let count = index.paragraphs();
    assert_eq!((count.sections, count.paragraphs), (9, 4));
    assert_eq!((count.without_canonical, count.twice), (0, 0));
    let found = index.search(&req("potholes repaired")).unwrap();
    assert_eq!(found.hits.len(), 1, "{:?}", ids(&found));
    assert_eq!(
        found.hits[0].document_id, owner,
        "the canonical copy is in the document with the smallest key"
    );
    assert_eq!(
        found.hits[0].also_in.len(),
        4,
        "the other places, through the key"
    );
    assert_eq!((found.total, found.total_exact), (6, true));

    // The canonical copy's file goes: another copy becomes canonical.
    writer.delete_source(&format!("{owner}.txt")).unwrap();
    assert_eq!(
        writer.settle().unwrap(),
        1,
        "one paper takes the canonical copy"
    );
    index.reload().unwrap();
    let count = index.paragraphs();
    assert_eq!((count.sections, count.paragraphs), (6, 3));
    assert_eq!((count.without_canonical, count.twice), (0, 0));
    let found = index.search(&req("potholes repaired")).unwrap();
    assert_eq!(found.hits.len(), 1);
    assert_eq!(found.hits[0].also_in.len(), 3);
    assert_eq!(found.total, 4);
    let first = found.hits[0].document_id.clone();

    // That paper is replaced by other text: the last copy becomes canonical.
    writer
        .add_document(&Document {
            sections: vec![section(None, None, "Nothing about roads.", 1)],
            ..doc(&first, "")
        })
        .unwrap();
    assert_eq!(writer.settle().unwrap(), 1);
    index.reload().unwrap();
    let count = index.paragraphs();
    assert_eq!((count.without_canonical, count.twice), (0, 0));
    let found = index.search(&req("potholes repaired")).unwrap();
    assert_eq!(found.hits.len(), 1);
    assert_ne!(found.hits[0].document_id, first);
    assert_eq!(found.total, 2);
    // A writer opened later knows the owners: adding a copy makes no second canonical.
    drop(writer);
    let mut writer = index.writer(50_000_000).unwrap();
    writer.add_document(&doc("d", "Paper d.")).unwrap();
    // d takes the paragraph over only where its key is the smaller: one paper to put right.
    assert!(writer.settle().unwrap() <= 1);
    index.reload().unwrap();
    assert_eq!(index.paragraphs().twice, 0);
    assert_eq!(index.search(&req("potholes repaired")).unwrap().total, 4);
}

#[test]
fn more_from_a_paper_lists_an_entry_that_reads_alike_once() {
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    writer
        .add_document(&Document {
            id: "p".into(),
            source: "p.txt".into(),
            sections: vec![
                section(None, None, "Potholes on the high street were repaired.", 1),
                // One heading read twice on a page: once with a line of text, once alone.
                section(None, Some("Potholes report"), "See the figures below.", 2),
                section(None, Some("Potholes report"), "", 2),
                section(None, Some("Potholes report"), "", 5),
            ],
            ..Document::default()
        })
        .unwrap();
    writer.settle().unwrap();
    index.reload().unwrap();
    let found = index.search(&req("potholes")).unwrap();
    assert_eq!(found.hits.len(), 1, "{:?}", ids(&found));
    let more: Vec<(Option<&str>, Option<u32>)> = found.hits[0]
        .more
        .iter()
        .map(|m| (m.heading.as_deref(), m.page))
        .collect();
    let once = more
        .iter()
        .filter(|&&m| m == (Some("Potholes report"), Some(2)))
        .count();
    assert_eq!(once, 1, "{more:?}");
}

#[test]
fn a_paper_whose_best_paragraph_another_hit_shows_competes_with_its_next_one() {
    // Both copies of the question are ranked (by date, every copy is a candidate); the pack also holds another question on potholes. The pack is not
    // dropped with its copy of the first question: it is a hit of its own, showing the
    // second, and no paragraph is shown twice. (The original's copy ranks first: its
    // heading holds the word too.)
    let dir = tempfile::tempdir().unwrap();
    let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut writer = index.writer(50_000_000).unwrap();
    let shared =
        "Question 3: what is the council doing about potholes and pothole repairs on the A28?";
    let own = "Question 4: how many potholes were reported in Ashford last year?";
    for (id, source, sections) in [
        (
            "orig",
            "m/originals/questions.pdf",
            vec![section(None, Some("Potholes"), shared, 2)],
        ),
        (
            "pack",
            "m/pack.pdf",
            vec![
                section(None, None, shared, 41),
                section(None, None, "Something else entirely.", 42),
                section(None, None, own, 43),
            ],
        ),
    ] {
        writer
            .add_document(&Document {
                id: id.into(),
                source: source.into(),
                council: Some("Kent County Council".into()),
                sections,
                ..Document::default()
            })
            .unwrap();
    }
    writer.commit().unwrap();
    index.reload().unwrap();
    let mut request = req("pothole repairs");
    request.sort = council_index::SortOrder::Newest;
    let r = index.search(&request).unwrap();
    let texts: Vec<&str> = r.hits.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(texts, [shared, own], "{:?}", ids(&r));
    assert_eq!(r.hits[0].also_in.len(), 1);
    assert_eq!(r.hits[1].document_id, "pack");
    assert_eq!(r.documents, 2);
}
