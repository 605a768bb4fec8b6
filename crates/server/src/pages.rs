//! The server-rendered HTML pages: search, one paper, and the error pages.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use council_index::{FacetCount, Facets, SearchHit, SearchResults};
use council_model::{DecisionKind, Document, DocumentKind, Section};
use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::api::{load_document, read_params, run_search};
use crate::params::{percent_encode, RawSearch, SearchParams, MAX_WINDOW};
use crate::{ApiError, AppState};

const CSS: &str = r#"
*{box-sizing:border-box}
body{margin:0;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1b1b1b;background:#fff}
header.site{background:#0b3d63;padding:.75rem 1rem}
header.site a{color:#fff;text-decoration:none;font-weight:700;font-size:1.15rem}
main{max-width:64rem;margin:0 auto;padding:1rem}
a{color:#0645ad}
a:visited{color:#4c2c92}
a:focus,input:focus,select:focus,button:focus{outline:3px solid #ffbf47;outline-offset:1px}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
mark{background:#ffe066;color:#1b1b1b;padding:0 .1em;border-radius:2px}
label{display:block;font-weight:600;margin-bottom:.2rem}
.q-row{display:flex;gap:.5rem;flex-wrap:wrap}
.q-row input{flex:1 1 16rem;min-width:0;font-size:1.1rem;padding:.5rem;border:2px solid #1b1b1b;border-radius:0}
button{font-size:1rem;padding:.55rem 1.1rem;background:#00703c;color:#fff;border:0;border-radius:0;cursor:pointer}
button:hover{background:#005a30}
fieldset.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem;border:1px solid #b1b4b6;padding:.75rem;margin:.75rem 0}
fieldset.filters legend{font-weight:600;padding:0 .25rem}
.filters input,.filters select{width:100%;padding:.4rem;font-size:1rem;border:1px solid #505a5f;border-radius:0;background:#fff;color:#1b1b1b}
.notice{border-left:5px solid #d4351c;padding:.5rem 1rem;background:#fdf0ee;margin:1rem 0}
.intro{border-left:5px solid #0b3d63;padding:.25rem 1rem;background:#f3f6f9}
.count{font-size:1.15rem;font-weight:600}
.active{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
.active li{background:#f3f2f1;padding:.15rem .5rem}
.layout{display:grid;grid-template-columns:1fr;gap:1.5rem}
@media (min-width:52rem){.layout{grid-template-columns:1fr 15rem}}
.results{padding-left:1.5rem;margin:0}
.hit{margin-bottom:1.4rem}
.hit h3{margin:0 0 .2rem;font-size:1.1rem}
.meta,.citation{color:#505a5f;font-size:.92rem;margin:.15rem 0}
.snippet{margin:.3rem 0}
.facets h3{font-size:1rem;margin:.75rem 0 .25rem}
.facets ul{list-style:none;padding:0;margin:0}
.facets li{margin:.15rem 0}
.paging{display:flex;justify-content:space-between;gap:1rem;margin:1.5rem 0}
dl.docmeta{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dl.docmeta dt{font-weight:600}
dl.docmeta dd{margin:0}
.doc section{border-top:1px solid #d8d8d8;padding:.5rem 0;scroll-margin-top:1rem}
.doc section:target{background:#fffbe6}
.doc section h3{font-size:1.05rem;margin:.25rem 0}
.text p{white-space:pre-line;margin:.4rem 0}
.toc ol{padding-left:1.5rem}
.qa{border-top:1px solid #d8d8d8;padding:.5rem 0}
.qa p{white-space:pre-line}
code{word-break:break-all}
"#;

/// The page frame: head, site header and main content.
fn layout(title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – Council papers" }
                style { (PreEscaped(CSS)) }
            }
            body {
                header.site { a href="/" { "Council papers" } }
                main { (content) }
            }
        }
    }
}

fn page(status: StatusCode, title: &str, content: Markup) -> Response {
    (status, layout(title, content)).into_response()
}

/// The HTML 404 page.
pub(crate) fn not_found_page(message: &str) -> Response {
    page(
        StatusCode::NOT_FOUND,
        "Not found",
        html! {
            h1 { "Page not found" }
            p { (message) }
            p { a href="/" { "Search the council papers" } }
        },
    )
}

/// An error page for HTML routes (internal details are logged, not shown).
fn error_page(err: &ApiError) -> Response {
    err.log();
    page(
        err.status(),
        "Error",
        html! {
            h1 { "Sorry, something went wrong" }
            p.notice { (err.public_message()) }
            p { a href="/" { "Back to search" } }
        },
    )
}

/// `GET /`: the search page.
pub(crate) async fn search_page(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let (raw, params) = read_params(query);
    let params = match params {
        Ok(params) => params,
        Err(err) => return search_error(&raw, &err),
    };
    if params.is_empty() {
        let index = state.index.clone();
        let counts =
            tokio::task::spawn_blocking(move || (index.num_documents(), index.num_sections()))
                .await;
        return match counts {
            Ok((documents, sections)) => page(
                StatusCode::OK,
                "Search",
                html! {
                    h1 { "Search council papers" }
                    (search_form(&raw, None))
                    (intro(documents, sections))
                },
            ),
            Err(err) => error_page(&ApiError::from(err)),
        };
    }
    match run_search(&state, &params).await {
        Ok(results) => {
            let title = if params.q.is_empty() {
                "Search".to_string()
            } else {
                format!("{} – Search", params.q)
            };
            page(
                StatusCode::OK,
                &title,
                html! {
                    h1 { "Search council papers" }
                    (search_form(&raw, Some(&results.facets)))
                    (results_view(&params, &results))
                },
            )
        }
        Err(err @ ApiError::InvalidParameter(_)) => search_error(&raw, &err),
        Err(err) => error_page(&err),
    }
}

/// The search page with a message about bad parameters (status 400).
fn search_error(raw: &RawSearch, err: &ApiError) -> Response {
    err.log();
    page(
        err.status(),
        "Search",
        html! {
            h1 { "Search council papers" }
            div.notice role="alert" {
                p { strong { "Please check your search. " } (err.public_message()) }
            }
            (search_form(raw, None))
        },
    )
}

fn intro(documents: u64, sections: u64) -> Markup {
    html! {
        div.intro {
            p {
                "Search the text of committee reports, minutes, agendas, written questions, "
                "issue histories and decision notices. Each result is a numbered paragraph or "
                "headed section, with a citation (council, meeting, date, paragraph, page) "
                "you can quote."
            }
            p {
                "Put a phrase in quotes (" code { "\"improvement board\"" } "), and narrow "
                "the results by council, committee or board, kind of paper and meeting date."
            }
            p {
                "The index holds " strong { (documents) } " " (plural(documents, "paper", "papers"))
                " in " strong { (sections) } " " (plural(sections, "section", "sections")) "."
            }
        }
    }
}

fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn search_form(raw: &RawSearch, facets: Option<&Facets>) -> Markup {
    let councils: &[FacetCount] = facets.map(|f| f.council.as_slice()).unwrap_or(&[]);
    let bodies: &[FacetCount] = facets.map(|f| f.body.as_slice()).unwrap_or(&[]);
    html! {
        form.search method="get" action="/" role="search" {
            label for="q" { "Search papers" }
            div.q-row {
                input #q type="search" name="q" value=(raw.q)
                    placeholder="e.g. improvement board chair" autocomplete="off";
                button type="submit" { "Search" }
            }
            fieldset.filters {
                legend { "Filters (optional)" }
                div {
                    label for="council" { "Council" }
                    input #council type="text" name="council" value=(raw.council)
                        list="council-options";
                    datalist #council-options {
                        @for c in councils { option value=(c.value) {} }
                    }
                }
                div {
                    label for="body" { "Committee or board" }
                    input #body type="text" name="body" value=(raw.body) list="body-options";
                    datalist #body-options {
                        @for b in bodies { option value=(b.value) {} }
                    }
                }
                div {
                    label for="kind" { "Kind of paper" }
                    select #kind name="kind" {
                        option value="" selected[raw.kind.is_empty()] { "Any kind" }
                        @for kind in DocumentKind::ALL {
                            option value=(kind.as_str()) selected[raw.kind == kind.as_str()] {
                                (kind.label())
                            }
                        }
                    }
                }
                div {
                    label for="from" { "Meetings from" }
                    input #from type="date" name="from" value=(raw.from);
                }
                div {
                    label for="to" { "Meetings to" }
                    input #to type="date" name="to" value=(raw.to);
                }
            }
        }
    }
}

/// `/?{query}` for these parameters.
fn search_href(params: &SearchParams) -> String {
    let query = params.to_query_string();
    if query.is_empty() {
        "/".to_string()
    } else {
        format!("/?{query}")
    }
}

/// The ordinal of a section within its document: the part of the id after the last `.`.
fn ordinal(section_id: &str) -> &str {
    section_id
        .rsplit_once('.')
        .map(|(_, ordinal)| ordinal)
        .unwrap_or("0")
}

fn section_href(hit: &SearchHit) -> String {
    format!(
        "/documents/{}#s{}",
        percent_encode(&hit.document_id),
        percent_encode(ordinal(&hit.section_id))
    )
}

fn kind_label(value: &str) -> &str {
    DocumentKind::parse(value).map_or(value, |kind| kind.label())
}

fn results_view(params: &SearchParams, results: &SearchResults) -> Markup {
    let total = results.total;
    let first = params.offset + 1;
    let last = params.offset + results.hits.len();
    html! {
        p.count role="status" {
            (total) " " (plural(total as u64, "result", "results"))
            @if !params.q.is_empty() { " for “" (params.q) "”" }
        }
        (active_filters(params))
        div.layout {
            div {
                @if results.hits.is_empty() {
                    @if total > 0 {
                        p { "No more results on this page. " a href=(search_href(&SearchParams { offset: 0, ..params.clone() })) { "Back to the first page" } }
                    } @else {
                        p { "Nothing matched. Try fewer or different words, or remove a filter." }
                    }
                } @else {
                    @if total > results.hits.len() {
                        p.meta { "Showing " (first) "–" (last) " of " (total) }
                    }
                    ol.results start=(first) {
                        @for hit in &results.hits { (hit_view(hit)) }
                    }
                    (paging(params, total))
                }
            }
            @if total > 0 { (facets_view(params, &results.facets)) }
        }
    }
}

fn hit_view(hit: &SearchHit) -> Markup {
    let title = hit
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(&hit.source);
    let section_label = match (&hit.number, &hit.heading) {
        (Some(n), Some(h)) => Some(format!("{n} {h}")),
        (Some(n), None) => Some(format!("Paragraph {n}")),
        (None, Some(h)) => Some(h.clone()),
        (None, None) => None,
    };
    html! {
        li.hit {
            h3 { a href=(section_href(hit)) { (title) } }
            p.meta {
                (hit.kind.label())
                @if let Some(label) = &section_label { " · " (label) }
                @if let Some(page) = hit.page { " · page " (page) }
            }
            @if hit.snippet.trim().is_empty() {
                p.snippet { (truncate(&hit.text, 300)) }
            } @else {
                p.snippet { (PreEscaped(&hit.snippet)) }
            }
            @if !hit.citation.is_empty() {
                p.citation { (hit.citation) }
            }
        }
    }
}

fn paging(params: &SearchParams, total: usize) -> Markup {
    let has_prev = params.offset > 0;
    let next_offset = params.offset + params.limit;
    let has_next = next_offset < total && next_offset + params.limit <= MAX_WINDOW;
    if !has_prev && !has_next {
        return html! {};
    }
    let prev = SearchParams {
        offset: params.offset.saturating_sub(params.limit),
        ..params.clone()
    };
    let next = SearchParams {
        offset: next_offset,
        ..params.clone()
    };
    html! {
        nav.paging aria-label="Result pages" {
            span { @if has_prev { a href=(search_href(&prev)) rel="prev" { "← Previous" } } }
            span { @if has_next { a href=(search_href(&next)) rel="next" { "Next →" } } }
        }
    }
}

fn active_filters(params: &SearchParams) -> Markup {
    let reset = |f: fn(&mut SearchParams)| {
        let mut p = params.clone();
        p.offset = 0;
        f(&mut p);
        search_href(&p)
    };
    let mut items: Vec<(String, String)> = Vec::new();
    if let Some(c) = &params.council {
        items.push((format!("Council: {c}"), reset(|p| p.council = None)));
    }
    if let Some(b) = &params.body {
        items.push((format!("Body: {b}"), reset(|p| p.body = None)));
    }
    if let Some(k) = params.kind {
        items.push((format!("Kind: {}", k.label()), reset(|p| p.kind = None)));
    }
    if let Some(f) = &params.from {
        items.push((format!("From {f}"), reset(|p| p.from = None)));
    }
    if let Some(t) = &params.to {
        items.push((format!("To {t}"), reset(|p| p.to = None)));
    }
    html! {
        @if !items.is_empty() {
            ul.active aria-label="Active filters" {
                @for (label, href) in &items {
                    li { (label) " " a href=(href) aria-label={ "Remove filter " (label) } { "(remove)" } }
                }
            }
        }
    }
}

fn facets_view(params: &SearchParams, facets: &Facets) -> Markup {
    let with = |f: &dyn Fn(&mut SearchParams)| {
        let mut p = params.clone();
        p.offset = 0;
        f(&mut p);
        search_href(&p)
    };
    html! {
        aside.facets aria-label="Narrow the results" {
            h2 { "Narrow the results" }
            @if !facets.council.is_empty() {
                h3 { "Council" }
                ul { @for c in &facets.council {
                    li { @if params.council.as_deref() == Some(c.value.as_str()) {
                        strong { (c.value) } " (" (c.count) ")"
                    } @else {
                        a href=(with(&|p| p.council = Some(c.value.clone()))) { (c.value) } " (" (c.count) ")"
                    } }
                } }
            }
            @if !facets.body.is_empty() {
                h3 { "Committee or board" }
                ul { @for b in &facets.body {
                    li { @if params.body.as_deref() == Some(b.value.as_str()) {
                        strong { (b.value) } " (" (b.count) ")"
                    } @else {
                        a href=(with(&|p| p.body = Some(b.value.clone()))) { (b.value) } " (" (b.count) ")"
                    } }
                } }
            }
            @if !facets.kind.is_empty() {
                h3 { "Kind of paper" }
                ul { @for k in &facets.kind {
                    li { @match DocumentKind::parse(&k.value) {
                        Some(kind) if params.kind != Some(kind) => {
                            a href=(with(&|p| p.kind = Some(kind))) { (kind.label()) } " (" (k.count) ")"
                        }
                        _ => { strong { (kind_label(&k.value)) } " (" (k.count) ")" }
                    } }
                } }
            }
            @if !facets.year.is_empty() {
                h3 { "Year" }
                ul { @for y in &facets.year {
                    li { @if is_year(&y.value) {
                        a href=(with(&|p| {
                            p.from = Some(format!("{}-01-01", y.value));
                            p.to = Some(format!("{}-12-31", y.value));
                        })) { (y.value) } " (" (y.count) ")"
                    } @else {
                        (y.value) " (" (y.count) ")"
                    } }
                } }
            }
        }
    }
}

fn is_year(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// At most `max` characters of `text`, with an ellipsis when cut.
fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
        None => text.to_string(),
    }
}

/// `GET /documents/{id}`: one paper.
pub(crate) async fn document_page(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let Ok(Path(id)) = id else {
        return not_found_page("There is no paper with this id.");
    };
    match load_document(&state, id).await {
        Ok(Some(document)) => {
            let title = document_title(&document).to_string();
            page(StatusCode::OK, &title, document_view(&document))
        }
        Ok(None) => not_found_page("There is no paper with this id."),
        Err(err) => error_page(&err),
    }
}

fn document_title(document: &Document) -> &str {
    document
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(&document.source)
}

fn section_label(section: &Section) -> String {
    match (&section.number, &section.heading) {
        (Some(n), Some(h)) => format!("{n} {h}"),
        (None, Some(h)) => h.clone(),
        (Some(n), None) => format!("{n} {}", truncate(&section.text, 60)),
        (None, None) => truncate(&section.text, 60),
    }
}

fn document_view(document: &Document) -> Markup {
    let mut people: Vec<(&str, Option<&str>)> = Vec::new();
    for person in document.people() {
        let entry = (person.value.as_str(), person.role.as_deref());
        if !people.contains(&entry) {
            people.push(entry);
        }
    }
    html! {
        article.doc {
            p { a href="/" { "← Search" } }
            h1 { (document_title(document)) }
            dl.docmeta {
                dt { "Kind" } dd { (document.kind.label()) }
                @if let Some(council) = &document.council {
                    dt { "Council" } dd { (council) }
                }
                @if !document.meetings.is_empty() {
                    dt { "Meetings" }
                    dd { ul { @for m in &document.meetings {
                        li {
                            (m.body.as_deref().unwrap_or("Meeting"))
                            @if let Some(date) = &m.date { ", " (date) }
                            @if let Some(item) = &m.item { ", item " (item) }
                        }
                    } } }
                }
                dt { "Source" } dd { code { (document.source) } }
                @if let Some((first, last)) = document.pages {
                    dt { "Pages" } dd { (first) "–" (last) }
                }
            }
            @if !document.sections.is_empty() {
                nav.toc aria-labelledby="contents" {
                    h2 #contents { "Contents" }
                    ol { @for (i, section) in document.sections.iter().enumerate() {
                        li { a href={ "#s" (i) } { (section_label(section)) } }
                    } }
                }
                h2 { "Sections" }
                @for (i, section) in document.sections.iter().enumerate() {
                    (section_view(i, section))
                }
            }
            @if !people.is_empty() {
                h2 { "People" }
                ul { @for (name, role) in &people {
                    li { (name) @if let Some(role) = role { " — " (role) } }
                } }
            }
            @if !document.decisions.is_empty() {
                h2 { "Decisions" }
                @for d in &document.decisions {
                    div.qa {
                        p {
                            strong {
                                @match d.kind {
                                    DecisionKind::Recommendation => "Recommendation",
                                    DecisionKind::Resolution => "Resolution",
                                }
                                @if let Some(label) = &d.label { " (" (label) ")" }
                            }
                        }
                        p { (d.text) }
                        @if d.proposer.is_some() || d.seconder.is_some() || d.outcome.is_some() {
                            p.meta {
                                @if let Some(p) = &d.proposer { "Proposed by " (p) ". " }
                                @if let Some(s) = &d.seconder { "Seconded by " (s) ". " }
                                @if let Some(o) = &d.outcome { "Outcome: " (o) "." }
                            }
                        }
                        @if let Some(v) = &d.votes {
                            p.meta {
                                "For: " (v.for_.len()) ", against: " (v.against.len())
                                ", abstaining: " (v.abstain.len())
                            }
                        }
                    }
                }
            }
            @if !document.questions.is_empty() {
                h2 { "Questions" }
                @for q in &document.questions {
                    div.qa {
                        h3 {
                            "Question" @if let Some(n) = &q.number { " " (n) }
                            @if let Some(asker) = &q.asker { " from " (asker) }
                        }
                        p { (q.question) }
                        h3 {
                            "Answer"
                            @if let Some(r) = &q.respondent { " from " (r) }
                            @if let Some(role) = &q.respondent_role { ", " (role) }
                        }
                        @match &q.answer {
                            Some(answer) => p { (answer) },
                            None => p.meta { "No answer recorded." },
                        }
                    }
                }
            }
        }
    }
}

fn section_view(ordinal: usize, section: &Section) -> Markup {
    html! {
        section id={ "s" (ordinal) } {
            @if section.number.is_some() || section.heading.is_some() {
                h3 {
                    @if let Some(n) = &section.number { (n) " " }
                    (section.heading.as_deref().unwrap_or(""))
                }
            }
            @if !section.path.is_empty() || section.page.is_some() {
                p.meta {
                    (section.path.join(" › "))
                    @if let Some(page) = section.page {
                        @if !section.path.is_empty() { " · " }
                        "page " (page)
                    }
                }
            }
            div.text {
                @for para in section.text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                    p { (para) }
                }
            }
        }
    }
}
