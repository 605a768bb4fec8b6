//! The server-rendered HTML pages: search, one paper, similar papers, a body's and a
//! person's page, and the error pages.
//!
//! Every page has a skip link, header/nav/main/footer landmarks, labelled controls, visible
//! keyboard focus and AA contrast; it works without JavaScript (the only script shows the
//! "copy citation" buttons and copies on click; without it the citation is selectable text).

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use council_index::resolve::{FilterKind, FilterNotice};
use council_index::{FacetCount, Facets, MoreHit, SearchHit, SearchResults};
use council_model::{DecisionKind, Document, DocumentKind, Section};
use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::api::{
    load_document, load_profile, load_similar, query_pairs, read_params, run_search, similar_limit,
};
use crate::files::file_href;
use crate::params::{percent_encode, RawSearch, SearchParams, Sort, MAX_WINDOW};
use crate::profile::{Profile, ProfilePaging, Subject};
use crate::{ApiError, AppState};

/// Shows the copy buttons (hidden without JavaScript) and copies a citation on click,
/// falling back to selecting the text where the clipboard is unavailable; moves keyboard
/// focus to the section a `#s{n}` link points at (marking it `targeted`).
pub(crate) const SCRIPT: &str = r#"
document.querySelectorAll('button.copy').forEach(function(b){
  b.hidden=false;
  b.addEventListener('click',function(){
    var t=b.getAttribute('data-cite'),s=document.getElementById('copy-status');
    function done(m){b.textContent=m;if(s){s.textContent=m;}setTimeout(function(){b.textContent='Copy citation';},2000);}
    function select(){var el=b.parentNode.querySelector('.cite-text');var r=document.createRange();r.selectNodeContents(el);var sel=window.getSelection();sel.removeAllRanges();sel.addRange(r);done('Selected: press Ctrl+C');}
    if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(t).then(function(){done('Copied');},select);}else{select();}
  });
});
function focusTarget(){
  var id=decodeURIComponent(location.hash.slice(1));if(!id){return;}
  var t=document.getElementById(id);if(!t||t.tagName!=='SECTION'){return;}
  var old=document.querySelector('section.targeted');if(old){old.classList.remove('targeted');}
  t.classList.add('targeted');t.setAttribute('tabindex','-1');t.focus({preventScroll:true});
}
focusTarget();window.addEventListener('hashchange',focusTarget);
"#;

pub(crate) const CSS: &str = r#"
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
details.filter-box{margin:.5rem 0}
details.filter-box>summary{cursor:pointer;font-weight:600;padding:.35rem 0;color:#0b3d63}
.facets ul{list-style:none;padding:0;margin:0}
.facets li{margin:.15rem 0}
.paging{display:flex;justify-content:space-between;gap:1rem;margin:1.5rem 0}
dl.docmeta{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dl.docmeta dt{font-weight:600}
dl.docmeta dd{margin:0}
.doc section{border-top:1px solid #d8d8d8;padding:.5rem 0;scroll-margin-top:1rem}
.doc section:target,.doc section.targeted{background:#fffbe6;outline:3px solid #ffbf47}
.doc section h3{font-size:1.05rem;margin:.25rem 0}
.text p{white-space:pre-line;margin:.4rem 0}
.toc ol{padding-left:1.5rem}
.qa{border-top:1px solid #d8d8d8;padding:.5rem 0}
.qa p{white-space:pre-line}
code{word-break:break-all}
.skip{position:absolute;left:-999px;top:0;background:#ffbf47;color:#1b1b1b;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
header.site{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline}
header.site nav a{font-weight:400;font-size:1rem}
footer.site{max-width:64rem;margin:2rem auto 0;padding:1rem;border-top:1px solid #d8d8d8;color:#505a5f;font-size:.9rem}
footer.site a{color:#0645ad}
.cite-text{user-select:all}
button.copy{font-size:.85rem;padding:.15rem .6rem;margin-left:.4rem;background:#fff;color:#0b3d63;border:1px solid #0b3d63}
button.copy:hover{background:#e8f0f7}
.more{margin:.3rem 0 0;padding-left:1.2rem;font-size:.95rem}
.more li{margin:.1rem 0}
.sort{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;margin:.5rem 0}
.sort span{font-weight:600}
.sim{font-size:.9rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
a,button,input,select{min-height:1.5rem}
@media (max-width:30rem){main{padding:.75rem}h1{font-size:1.35rem}.facets li{margin:.4rem 0}.paging a,.more a{display:inline-block;padding:.2rem 0}}
"#;

/// The page frame: head, site header and main content.
fn layout(title: &str, content: Markup) -> Markup {
    layout_with_feed(title, None, content)
}

/// The page frame, with `<link rel="alternate">` to the page's Atom feed when it has one.
fn layout_with_feed(title: &str, feed: Option<&str>, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – Council papers" }
                meta name="description" content=(format!("{title}: UK council papers (reports, minutes, decisions, questions) searchable by paragraph, each cited to its council, meeting, paragraph and page."));
                link rel="icon" type="image/svg+xml" href="/favicon.svg";
                @if let Some(feed) = feed {
                    link rel="alternate" type="application/atom+xml" title=(format!("{title} (Atom feed)")) href=(feed);
                }
                style { (PreEscaped(CSS)) }
            }
            body {
                a.skip href="#main" { "Skip to main content" }
                header.site {
                    a href="/" { "Council papers" }
                    nav aria-label="Site" { a href="/" { "Search" } " · " a href="/api/openapi.json" { "API" } }
                }
                main #main tabindex="-1" { (content) }
                footer.site {
                    p {
                        "Texts are extracted from the councils' published papers; check the original before quoting. "
                        a href="/api/openapi.json" { "JSON API (OpenAPI)" }
                    }
                }
                div #copy-status.visually-hidden role="status" aria-live="polite" {}
                script { (PreEscaped(SCRIPT)) }
            }
        }
    }
}

fn page(status: StatusCode, title: &str, content: Markup) -> Response {
    (status, layout(title, content)).into_response()
}

/// A page with an Atom feed (see [`layout_with_feed`]).
pub(crate) fn page_with_feed(
    status: StatusCode,
    title: &str,
    feed: &str,
    content: Markup,
) -> Response {
    (status, layout_with_feed(title, Some(feed), content)).into_response()
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
pub(crate) fn error_page(err: &ApiError) -> Response {
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
    let mut params = match params {
        Ok(params) => params,
        Err(err) => return search_error(&raw, &err),
    };
    // The page never shows score explanations: `explain` is for the API.
    params.explain = false;
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
            page_with_feed(
                StatusCode::OK,
                &title,
                &crate::feeds::search_feed_href(&params),
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
    let people: &[FacetCount] = facets.map(|f| f.person.as_slice()).unwrap_or(&[]);
    let active = [&raw.council, &raw.body, &raw.person, &raw.kind, &raw.year]
        .iter()
        .map(|v| v.len())
        .sum::<usize>()
        + [&raw.from, &raw.to]
            .iter()
            .filter(|v| !v.is_empty())
            .count()
        + usize::from(!raw.sort.is_empty() && raw.sort != "relevance");
    // A filter given several values (ticked under "Narrow the results") shows its first
    // value in the field and keeps the others as hidden fields, so searching again keeps
    // them.
    let first = |values: &[String]| values.first().cloned().unwrap_or_default();
    let rest = |name: &'static str, values: &[String]| {
        html! { @for v in values.iter().skip(1) { input type="hidden" name=(name) value=(v); } }
    };
    // Open on the first page and whenever a filter is set; closed over plain results so a
    // phone shows the results first.
    let open_filters = facets.is_none() || active > 0;
    html! {
        form.search method="get" action="/" role="search" {
            label for="q" { "Search papers" }
            div.q-row {
                input #q type="search" name="q" value=(raw.q)
                    placeholder="e.g. improvement board chair" autocomplete="off";
                button type="submit" { "Search" }
            }
            details.filter-box open[open_filters] {
            summary { "Filters and order" @if active > 0 { " (" (active) " set)" } }
            fieldset.filters {
                legend { "Filters (optional)" }
                div {
                    label for="council" { "Council" }
                    input #council type="text" name="council" value=(first(&raw.council))
                        list="council-options";
                    (rest("council", &raw.council))
                    datalist #council-options {
                        @for c in councils { option value=(c.value) {} }
                    }
                }
                div {
                    label for="body" { "Committee or board" }
                    input #body type="text" name="body" value=(first(&raw.body)) list="body-options";
                    (rest("body", &raw.body))
                    datalist #body-options {
                        @for b in bodies { option value=(b.value) {} }
                    }
                }
                div {
                    label for="person" { "Person named" }
                    input #person type="text" name="person" value=(first(&raw.person)) list="person-options";
                    (rest("person", &raw.person))
                    datalist #person-options {
                        @for p in people { option value=(p.value) {} }
                    }
                }
                div {
                    label for="kind" { "Kind of paper" }
                    select #kind name="kind" {
                        option value="" selected[raw.kind.is_empty()] { "Any kind" }
                        @for kind in DocumentKind::ALL {
                            option value=(kind.as_str()) selected[first(&raw.kind) == kind.as_str()] {
                                (kind.label())
                            }
                        }
                    }
                    (rest("kind", &raw.kind))
                    @for y in &raw.year { input type="hidden" name="year" value=(y); }
                }
                div {
                    label for="from" { "Meetings from" }
                    input #from type="date" name="from" value=(raw.from);
                }
                div {
                    label for="to" { "Meetings to" }
                    input #to type="date" name="to" value=(raw.to);
                }
                div {
                    label for="sort" { "Order" }
                    select #sort name="sort" {
                        @for sort in Sort::ALL {
                            option value=(sort.as_str())
                                selected[raw.sort == sort.as_str() || (raw.sort.is_empty() && sort == Sort::Relevance)] {
                                (sort.label())
                            }
                        }
                    }
                }
                div { button type="submit" { "Apply filters" } }
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
    anchor_href(&hit.document_id, &hit.section_id)
}

/// `/documents/{id}#s{ordinal}`, the ordinal read from the section id.
fn anchor_href(document_id: &str, section_id: &str) -> String {
    format!(
        "/documents/{}#s{}",
        percent_encode(document_id),
        percent_encode(ordinal(section_id))
    )
}

fn similar_href(section_id: &str) -> String {
    format!("/sections/{}/similar", percent_encode(section_id))
}

fn body_href(name: &str) -> String {
    format!("/bodies/{}", percent_encode(name))
}

fn person_href(name: &str) -> String {
    format!("/people/{}", percent_encode(name))
}

fn more_label(more: &MoreHit) -> String {
    let mut label = match (&more.number, &more.heading) {
        (Some(n), Some(h)) => format!("{n} {h}"),
        (Some(n), None) => format!("Paragraph {n}"),
        (None, Some(h)) => h.clone(),
        (None, None) => format!("Section {}", more.section_ordinal + 1),
    };
    if let Some(page) = more.page {
        label.push_str(&format!(" (page {page})"));
    }
    label
}

/// The citation line with a "copy citation" button (shown by the script; without it the
/// text is selectable in one click).
fn citation_view(citation: &str) -> Markup {
    html! {
        p.citation {
            span.visually-hidden { "Citation: " }
            span.cite-text { (citation) }
            button.copy type="button" hidden data-cite=(citation) aria-label="Copy citation" { "Copy citation" }
        }
    }
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
            @if results.documents > 0 {
                (thousands(results.documents as u64))
                @if results.documents >= params.offset + params.limit && total > results.documents { "+" }
                " " (plural(results.documents as u64, "paper", "papers")) ", "
            }
            @if !results.total_exact { "about " }
            (thousands(total as u64)) " matching " (plural(total as u64, "paragraph", "paragraphs"))
            @if !params.q.is_empty() { " for “" (params.q) "”" }
        }
        @for notice in &results.notices { (notice_view(params, notice)) }
        (active_filters(params))
        (sort_links(params))
        (crate::export::downloads(params))
        div.layout {
            div {
                @if results.hits.is_empty() {
                    @if total > 0 {
                        p { "No more results on this page. " a href=(search_href(&SearchParams { offset: 0, ..params.clone() })) { "Back to the first page" } }
                    } @else {
                        p { "Nothing matched. Try fewer or different words, or remove a filter." }
                    }
                } @else {
                    @if params.offset > 0 || results.documents > last {
                        p.meta { "Papers " (first) "–" (last) }
                    }
                    h2.visually-hidden { "Results" }
                    ol.results start=(first) {
                        @for hit in &results.hits { (hit_view(hit)) }
                    }
                    (paging(params, results.documents))
                }
            }
            @if total > 0 { (facets_view(params, results)) }
        }
    }
}

/// "Cabinet, 4 March 2025": a meeting's body and date, as far as known.
fn meeting_label(meeting: &council_model::Meeting) -> String {
    let date = meeting
        .date
        .as_deref()
        .map(council_index::snippet::long_date);
    [meeting.body.clone(), date]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
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
                @if let Some(confidence) = hit.ocr_confidence {
                    " · " (council_index::snippet::scan_label(confidence))
                }
            }
            @if hit.snippet.trim().is_empty() {
                p.snippet { (truncate(&hit.text, 300)) }
            } @else {
                p.snippet { (PreEscaped(&hit.snippet)) }
            }
            (crate::record::record_view(hit.record.as_ref()))
            @if !hit.citation.is_empty() { (citation_view(&hit.citation)) }
            @if let Some(filed) = &hit.filed_for {
                p.meta { "Filed with the papers of " (meeting_label(filed)) }
            }
            @if !hit.also_in.is_empty() {
                p.meta.also {
                    "Also in: "
                    @for (i, other) in hit.also_in.iter().enumerate() {
                        @if i > 0 { "; " }
                        a href=(format!("/documents/{}#s{}", percent_encode(&other.document_id), other.section_ordinal)) {
                            (other.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or(&other.source))
                        }
                        @if !other.citation.is_empty() { " (" (other.citation) ")" }
                    }
                }
            }
            @if !hit.more.is_empty() {
                details open {
                    summary { "More from this document (" (hit.more.len()) ")" }
                    ul.more {
                        @for more in &hit.more {
                            li { a href=(anchor_href(&hit.document_id, &more.section_id)) { (more_label(more)) } }
                        }
                    }
                }
            }
            p.sim { a href=(similar_href(&hit.section_id)) { "Similar papers" } }
        }
    }
}

/// "No council matches “kent cc”. Did you mean Kent County Council?" with a link that
/// searches with the suggestion.
fn notice_view(params: &SearchParams, notice: &FilterNotice) -> Markup {
    let what = match notice.filter {
        FilterKind::Council => "council",
        FilterKind::Body => "meeting body",
        FilterKind::Person => "person",
    };
    let with = |value: &str| {
        let mut p = params.clone();
        p.offset = 0;
        let slot = match notice.filter {
            FilterKind::Council => &mut p.council,
            FilterKind::Body => &mut p.body,
            FilterKind::Person => &mut p.person,
        };
        match slot.iter().position(|v| *v == notice.value) {
            Some(i) => slot[i] = value.to_string(),
            None => slot.push(value.to_string()),
        }
        search_href(&p)
    };
    html! {
        p.notice role="alert" {
            "No " (what) " in the index matches “" (notice.value) "”."
            @if let Some(s) = &notice.suggestion {
                " Did you mean " a href=(with(s)) { (s) } "?"
            }
        }
    }
}

/// `1763` as `1,763`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn sort_links(params: &SearchParams) -> Markup {
    html! {
        nav.sort aria-label="Order of results" {
            span { "Order:" }
            @for sort in Sort::ALL {
                @if params.sort == sort {
                    strong aria-current="true" { (sort.label()) }
                } @else {
                    a href=(search_href(&SearchParams { sort, offset: 0, ..params.clone() })) { (sort.label()) }
                }
            }
        }
    }
}

fn paging(params: &SearchParams, documents: usize) -> Markup {
    let has_prev = params.offset > 0;
    let next_offset = params.offset + params.limit;
    let has_next = next_offset < documents && next_offset + params.limit <= MAX_WINDOW;
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

/// The values of one many-valued filter of [`SearchParams`].
type ListSlot = fn(&mut SearchParams) -> &mut Vec<String>;

fn active_filters(params: &SearchParams) -> Markup {
    let reset = |f: &dyn Fn(&mut SearchParams)| {
        let mut p = params.clone();
        p.offset = 0;
        f(&mut p);
        search_href(&p)
    };
    let mut items: Vec<(String, String)> = Vec::new();
    let lists: [(&str, &Vec<String>, ListSlot); 4] = [
        ("Council", &params.council, |p| &mut p.council),
        ("Body", &params.body, |p| &mut p.body),
        ("Person", &params.person, |p| &mut p.person),
        ("Year", &params.year, |p| &mut p.year),
    ];
    for (what, values, slot) in lists {
        for v in values {
            let href = reset(&|p| slot(p).retain(|x| x != v));
            items.push((format!("{what}: {v}"), href));
        }
    }
    for &k in &params.kind {
        let href = reset(&|p| p.kind.retain(|x| *x != k));
        items.push((format!("Kind: {}", k.label()), href));
    }
    if let Some(f) = &params.from {
        items.push((format!("From {f}"), reset(&|p| p.from = None)));
    }
    if let Some(t) = &params.to {
        items.push((format!("To {t}"), reset(&|p| p.to = None)));
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

/// "Narrow the results": a form of tick boxes, one per facet value (the values filtered
/// on ticked, listed first when the facet does not show them); within a facet the ticked
/// values are alternatives, across facets all must hold.
fn facets_view(params: &SearchParams, results: &SearchResults) -> Markup {
    let facets = &results.facets;
    let kinds: Vec<String> = params.kind.iter().map(|k| k.as_str().to_string()).collect();
    html! {
        aside.facets aria-labelledby="narrow" {
            h2 #narrow { "Narrow the results" }
            @if !results.facets_exact {
                p.meta { "Counts among the best " (thousands(results.facets_over as u64)) " matches." }
            }
            form method="get" action="/" {
                @if !params.q.is_empty() { input type="hidden" name="q" value=(params.q); }
                @if let Some(f) = &params.from { input type="hidden" name="from" value=(f); }
                @if let Some(t) = &params.to { input type="hidden" name="to" value=(t); }
                @if params.sort != Sort::Relevance {
                    input type="hidden" name="sort" value=(params.sort.as_str());
                }
                @if params.limit != crate::params::DEFAULT_LIMIT {
                    input type="hidden" name="limit" value=(params.limit);
                }
                (facet_boxes("Council", "council", &facets.council, &params.council, &|v| v.to_string()))
                (facet_boxes("Committee or board", "body", &facets.body, &params.body, &|v| v.to_string()))
                (facet_boxes("Person", "person", &facets.person, &params.person, &|v| v.to_string()))
                (facet_boxes("Kind of paper", "kind", &facets.kind, &kinds, &|v| kind_label(v).to_string()))
                (facet_boxes("Year", "year", &facets.year, &params.year, &|v| v.to_string()))
                button type="submit" { "Apply" }
            }
        }
    }
}

/// One facet as a group of tick boxes named `name`: the values filtered on (ticked) that
/// the facet does not list, then the facet's values with counts.
fn facet_boxes(
    title: &str,
    name: &str,
    values: &[FacetCount],
    selected: &[String],
    label: &dyn Fn(&str) -> String,
) -> Markup {
    let missing: Vec<&String> = selected
        .iter()
        .filter(|s| !values.iter().any(|v| &v.value == *s))
        .collect();
    html! {
        @if !values.is_empty() || !missing.is_empty() {
            fieldset.facet {
                legend { (title) }
                ul {
                    @for v in &missing {
                        li { label { input type="checkbox" name=(name) value=(v) checked; " " (label(v)) } }
                    }
                    @for v in values {
                        li { label {
                            input type="checkbox" name=(name) value=(v.value)
                                checked[selected.contains(&v.value)];
                            " " (label(&v.value)) " (" (thousands(v.count)) ")"
                        } }
                    }
                }
            }
        }
    }
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
            let matters = crate::matters::links_of(&state, &document).await;
            page(
                StatusCode::OK,
                &title,
                document_view(&document, state.corpus.is_some(), &matters),
            )
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

/// The contents of a paper: its headings (with their numbers) in order, each linking to
/// its section; a heading printed on three or more sections (a running header such as
/// `APPENDIX O`) is left out, as is a heading repeating the one before and a row of a
/// table of figures read as a heading ([`is_row_of_figures`]). A paper without headings
/// lists its items of business, if any.
fn contents(document: &Document) -> Vec<(usize, String)> {
    let key = |h: &str| h.trim().to_lowercase();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for section in &document.sections {
        if let Some(h) = section.heading.as_deref().filter(|h| !h.trim().is_empty()) {
            *seen.entry(key(h)).or_insert(0) += 1;
        }
    }
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut last = String::new();
    for (i, section) in document.sections.iter().enumerate() {
        let Some(heading) = section.heading.as_deref().filter(|h| !h.trim().is_empty()) else {
            continue;
        };
        let k = key(heading);
        if seen.get(&k).copied().unwrap_or(0) >= 3 || k == last || is_row_of_figures(heading) {
            continue;
        }
        last = k;
        out.push((i, section_label(section)));
    }
    if out.is_empty() {
        out = document
            .items
            .iter()
            .filter(|item| !item.title.trim().is_empty())
            .map(|item| {
                let number = item.minute.as_deref().or(item.item.as_deref());
                let label = match number {
                    Some(n) => format!("{n} {}", item.title),
                    None => item.title.clone(),
                };
                (item.section, label)
            })
            .collect();
    }
    out
}

/// Whether a heading is a row of a table of figures ("General Fund services 236.9 347.6
/// 282.9", "TOTAL 237.3 347.7"): two figures or more, and at least as many figures as
/// words.
fn is_row_of_figures(heading: &str) -> bool {
    let (mut figures, mut words) = (0, 0);
    for token in heading.split_whitespace() {
        let t = token.trim_matches(|c: char| "£$€%(),*".contains(c));
        if !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == '-')
            && t.chars().any(|c| c.is_ascii_digit())
        {
            figures += 1;
        } else if t.chars().any(char::is_alphabetic) {
            words += 1;
        }
    }
    figures >= 2 && figures >= words
}

fn section_label(section: &Section) -> String {
    match (&section.number, &section.heading) {
        (Some(n), Some(h)) => format!("{n} {h}"),
        (None, Some(h)) => h.clone(),
        (Some(n), None) => format!("{n} {}", truncate(&section.text, 60)),
        (None, None) => truncate(&section.text, 60),
    }
}

fn document_view(
    document: &Document,
    has_corpus: bool,
    matters: &[council_index::matters::MatterLink],
) -> Markup {
    let mut people: Vec<(&str, Option<&str>)> = Vec::new();
    for person in document.people() {
        let entry = (person.value.as_str(), person.role.as_deref());
        if !people.contains(&entry) {
            people.push(entry);
        }
    }
    let head_citation = council_index::snippet::paper_citation(
        document.council.as_deref(),
        document.meetings.first(),
    );
    let contents = contents(document);
    html! {
        article.doc {
            p { a href="/" { "← Search" } }
            h1 { (document_title(document)) }
            @if !head_citation.is_empty() { (citation_view(&head_citation)) }
            dl.docmeta {
                dt { "Kind" } dd { (document.kind.label()) }
                @if let Some(council) = &document.council {
                    dt { "Council" } dd { (council) }
                }
                @if !document.meetings.is_empty() {
                    dt { "Meetings" }
                    dd { ul { @for m in &document.meetings {
                        li {
                            @match m.body.as_deref() {
                                Some(body) => a href=(body_href(body)) { (body) },
                                None => "Meeting",
                            }
                            @if let Some(date) = &m.date { ", " (date) }
                            @if let Some(item) = &m.item { ", item " (item) }
                        }
                    } } }
                }
                @if let Some(filed) = &document.filed_for {
                    dt { "Filed with" } dd { "the papers of " (meeting_label(filed)) }
                }
                dt { "Source" } dd {
                    @if let Some(href) = file_href(&document.source).filter(|_| has_corpus) {
                        a href=(href) { "Original file" } " "
                    }
                    code { (document.source) }
                }
                @if let Some((first, last)) = document.pages {
                    dt { "Pages" } dd { (first) "–" (last) }
                }
                @if document.is_scanned() {
                    dt { "Text" } dd.scan {
                        "Text from a scan: read by OCR (Tesseract)"
                        @if let Some(confidence) = document.ocr_confidence() {
                            ", mean confidence " (confidence) " %"
                        }
                        "; words may be misread. Pages: "
                        (document.ocr.iter().map(|p| match p.confidence {
                            Some(c) => format!("{} ({c} %)", p.page),
                            None => p.page.to_string(),
                        }).collect::<Vec<_>>().join(", "))
                    }
                }
                @if !matters.is_empty() {
                    dt { "Matter" }
                    dd { (crate::matters::links_view(matters)) }
                }
                @if let Some(report) = &document.report {
                    @if let Some(author) = &report.author {
                        dt { "Report of" } dd { (author) }
                    }
                    @if let Some(key) = report.key_decision {
                        dt { "Key decision" } dd { @if key { "Yes" } @else { "No" } }
                    }
                    @if let Some(reference) = &report.forward_plan {
                        dt { "Forward plan ref." } dd { code { (reference) } }
                    }
                    @if !report.wards.is_empty() {
                        dt { "Wards" } dd { (report.wards.join(", ")) }
                    }
                }
            }
            @if !document.items.is_empty() {
                nav.toc aria-labelledby="items" {
                    h2 #items { "Items" }
                    ol { @for item in &document.items {
                        li {
                            @if let Some(minute) = &item.minute { "Minute " (minute) " · " }
                            @if let Some(n) = &item.item { "Item " (n) " · " }
                            a href={ "#s" (item.section) } { (item.title) }
                            @if !item.decisions.is_empty() {
                                " (" (item.decisions.len()) " "
                                (if item.decisions.len() == 1 { "decision" } else { "decisions" }) ")"
                            }
                        }
                    } }
                }
            }
            @if !document.sections.is_empty() {
                @if !contents.is_empty() {
                    nav.toc aria-labelledby="contents" {
                        h2 #contents { "Contents" }
                        ol { @for (i, label) in &contents {
                            li { a href={ "#s" (i) } { (label) } }
                        } }
                    }
                }
                h2 { "Sections" }
                @for (i, section) in document.sections.iter().enumerate() {
                    (section_view(&document.id, i, section))
                }
            }
            @if !people.is_empty() {
                h2 { "People" }
                ul { @for (name, role) in &people {
                    li { a href=(person_href(name)) { (name) } @if let Some(role) = role { " — " (role) } }
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
                                    DecisionKind::Amendment => "Amendment",
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

fn section_view(document_id: &str, ordinal: usize, section: &Section) -> Markup {
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
            p.sim {
                a href={ "#s" (ordinal) } aria-label={ "Link to this section (" (ordinal + 1) ")" } { "Link" }
                " · "
                a href=(similar_href(&format!("{document_id}.{ordinal}"))) { "Similar papers" }
            }
        }
    }
}

/// `GET /sections/{id}/similar`: papers similar to one section.
pub(crate) async fn similar_page(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let limit = match query_pairs(query).and_then(|pairs| similar_limit(&pairs)) {
        Ok(limit) => limit,
        Err(err) => return error_page(&err),
    };
    let Ok(Path(id)) = id else {
        return not_found_page("There is no section with this id.");
    };
    let (document_id, _) = id.rsplit_once('.').unwrap_or((id.as_str(), "0"));
    let document_id = document_id.to_string();
    let hits = match load_similar(&state, id.clone(), limit).await {
        Ok(Some(hits)) => hits,
        Ok(None) => return not_found_page("There is no section with this id."),
        Err(err) => return error_page(&err),
    };
    let source = load_document(&state, document_id.clone())
        .await
        .ok()
        .flatten();
    let source_title = source.as_ref().map(|d| document_title(d).to_string());
    let section = source.as_ref().and_then(|d| {
        ordinal(&id)
            .parse::<usize>()
            .ok()
            .and_then(|i| d.sections.get(i))
    });
    page(
        StatusCode::OK,
        "Similar papers",
        html! {
            p { a href=(anchor_href(&document_id, &id)) { "← Back to the section" } }
            h1 { "Papers similar to this section" }
            @if let Some(title) = &source_title {
                p.meta { "From: " a href=(anchor_href(&document_id, &id)) { (title) }
                    @if let Some(section) = section { " · " (section_label(section)) } }
            }
            @if hits.is_empty() {
                p { "No similar papers were found." }
            } @else {
                ol.results {
                    @for hit in &hits { (hit_view(hit)) }
                }
            }
        },
    )
}

async fn profile_page(
    state: AppState,
    subject: Subject,
    name: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let paging = match query_pairs(query).and_then(|pairs| ProfilePaging::from_pairs(&pairs)) {
        Ok(paging) => paging,
        Err(err) => return error_page(&err),
    };
    let Ok(Path(name)) = name else {
        return not_found_page("There is no page for this name.");
    };
    match load_profile(&state, subject, name, paging).await {
        Ok(profile) if profile.total_sections == 0 && profile.offset == 0 => {
            not_found_page(&format!(
                "No papers mention “{}”. Names must match exactly; try a search instead.",
                profile.name
            ))
        }
        Ok(profile) => page_with_feed(
            StatusCode::OK,
            &profile.name.clone(),
            &match subject {
                Subject::Body => crate::feeds::body_feed_href(&profile.name),
                Subject::Person => crate::feeds::person_feed_href(&profile.name),
            },
            profile_view(&profile),
        ),
        Err(ApiError::NotFound(_)) => not_found_page("There is no page for this name."),
        Err(err) => error_page(&err),
    }
}

/// `GET /bodies/{name}`.
pub(crate) async fn body_page(
    State(state): State<AppState>,
    name: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    profile_page(state, Subject::Body, name, query).await
}

/// `GET /people/{name}`.
pub(crate) async fn person_page(
    State(state): State<AppState>,
    name: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    profile_page(state, Subject::Person, name, query).await
}

fn profile_view(profile: &Profile) -> Markup {
    let (what, base, filter) = match profile.subject {
        Subject::Body => ("Committee or board", body_href(&profile.name), "body"),
        Subject::Person => ("Person", person_href(&profile.name), "person"),
    };
    let search = format!("/?{filter}={}&sort=newest", percent_encode(&profile.name));
    let page_href = |offset: usize| {
        if offset == 0 {
            base.clone()
        } else {
            format!("{base}?offset={offset}")
        }
    };
    let has_next = profile.offset + profile.limit < profile.total_papers
        && profile.offset + 2 * profile.limit <= MAX_WINDOW;
    html! {
        p { a href="/" { "← Search" } }
        p.meta { (what) }
        h1 { (profile.name) }
        p {
            (profile.total_sections) " " (plural(profile.total_sections as u64, "section", "sections"))
            " in " (profile.total_papers) @if profile.total_papers >= profile.offset + profile.limit { "+" }
            " " (plural(profile.total_papers as u64, "paper", "papers")) ". "
            a href=(search) { "Search within these papers" }
        }
        @if profile.forms.len() > 1 {
            p { "Named in the papers as " (profile.forms.join(", ")) "." }
        }
        @if !profile.roles.is_empty() {
            h2 { "Roles" }
            ul { @for r in &profile.roles {
                li { (r.role) " — " a href=(format!("/documents/{}", percent_encode(&r.document_id))) { (r.title) }
                    @if let Some(d) = &r.date { " (" (d) ")" } }
            } }
        }
        h2 { "Papers, newest first" }
        ol.results start=(profile.offset + 1) {
            @for p in &profile.papers {
                li.hit {
                    h3 { a href=(anchor_href(&p.document_id, &p.section_id)) { (p.title) } }
                    p.meta { (p.kind.label()) @if let Some(d) = &p.date { " · " (d) } @if let Some(c) = &p.council { " · " (c) } }
                    @if !p.snippet.trim().is_empty() { p.snippet { (PreEscaped(&p.snippet)) } }
                    @if !p.citation.is_empty() { (citation_view(&p.citation)) }
                }
            }
        }
        @if profile.offset > 0 || has_next {
            nav.paging aria-label="Paper pages" {
                span { @if profile.offset > 0 { a href=(page_href(profile.offset.saturating_sub(profile.limit))) rel="prev" { "← Newer" } } }
                span { @if has_next { a href=(page_href(profile.offset + profile.limit)) rel="next" { "Older →" } } }
            }
        }
        @if !profile.meetings.is_empty() {
            h2 { "Meetings" }
            ul { @for m in &profile.meetings {
                li {
                    @if let Some(d) = &m.date { (d) " · " }
                    @if let Some(b) = &m.body { a href=(body_href(b)) { (b) } " · " }
                    @if let Some(i) = &m.item { "item " (i) " · " }
                    a href=(format!("/documents/{}", percent_encode(&m.document_id))) { (m.title) }
                }
            } }
        }
        @if !profile.decisions.is_empty() {
            h2 { "Decisions" }
            @for d in &profile.decisions {
                div.qa {
                    p { strong {
                        @match d.kind { DecisionKind::Recommendation => "Recommendation", DecisionKind::Resolution => "Resolution", DecisionKind::Amendment => "Amendment" }
                        @if let Some(l) = &d.label { " (" (l) ")" }
                    }
                    " — " a href=(format!("/documents/{}", percent_encode(&d.document_id))) { (d.title) }
                    @if let Some(date) = &d.date { " (" (date) ")" } }
                    p { (d.text) }
                    @if d.proposer.is_some() || d.seconder.is_some() || d.outcome.is_some() {
                        p.meta {
                            @if let Some(p) = &d.proposer { "Proposed by " (p) ". " }
                            @if let Some(s) = &d.seconder { "Seconded by " (s) ". " }
                            @if let Some(o) = &d.outcome { "Outcome: " (o) "." }
                        }
                    }
                }
            }
        }
        @if !profile.questions.is_empty() {
            h2 { "Questions" }
            @for q in &profile.questions {
                div.qa {
                    p.meta { a href=(format!("/documents/{}", percent_encode(&q.document_id))) { (q.title) } @if let Some(d) = &q.date { " (" (d) ")" } }
                    p { strong { "Question" @if let Some(a) = &q.asker { " from " (a) } ": " } (q.question) }
                    p { strong { "Answer" @if let Some(r) = &q.respondent { " from " (r) } ": " }
                        @match &q.answer { Some(a) => (a), None => "No answer recorded." } }
                }
            }
        }
        @if !profile.people.is_empty() {
            h2 { "People named in these papers" }
            ul { @for p in &profile.people {
                li { a href=(person_href(&p.name)) { (p.name) } @if let Some(r) = &p.role { " — " (r) } }
            } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use council_model::{AgendaItem, ReportFacts};

    #[test]
    fn contents_list_headings_not_paragraphs_or_running_headers() {
        let section = |heading: Option<&str>, number: Option<&str>| Section {
            heading: heading.map(str::to_string),
            number: number.map(str::to_string),
            text: "Some text.".into(),
            ..Section::default()
        };
        let document = Document {
            sections: vec![
                section(Some("Introduction"), Some("1")),
                section(None, Some("1.1")),
                section(Some("APPENDIX O"), None),
                section(None, Some("1.2")),
                section(Some("APPENDIX O"), None),
                section(Some("Budget"), Some("2")),
                section(Some("Budget"), None),
                section(Some("APPENDIX O"), None),
                section(Some("General Fund services 236.9 347.6 282.9 272.7"), None),
                section(
                    Some("Table 2: Capital financing in £millions 2025-26"),
                    None,
                ),
            ],
            ..Document::default()
        };
        assert_eq!(
            contents(&document),
            [
                (0, "1 Introduction".to_string()),
                (5, "2 Budget".to_string()),
                (
                    9,
                    "Table 2: Capital financing in £millions 2025-26".to_string()
                )
            ]
        );
        // Without headings, the items of business.
        let minutes = Document {
            sections: vec![section(None, Some("1")), section(None, Some("2"))],
            items: vec![AgendaItem {
                minute: Some("84".into()),
                title: "Apologies".into(),
                section: 1,
                last_section: 1,
                ..AgendaItem::default()
            }],
            ..Document::default()
        };
        assert_eq!(contents(&minutes), [(1, "84 Apologies".to_string())]);
    }

    #[test]
    fn paper_page_shows_report_facts_and_minute_items() {
        let document = Document {
            id: "d1".into(),
            source: "minutes/cabinet.pdf".into(),
            kind: DocumentKind::Minutes,
            title: Some("Cabinet".into()),
            sections: vec![
                Section {
                    number: Some("84".into()),
                    heading: Some("Apologies (Item 1)".into()),
                    ..Section::default()
                },
                Section {
                    number: Some("85".into()),
                    heading: Some("Budget (Item 2)".into()),
                    ..Section::default()
                },
            ],
            items: vec![
                AgendaItem {
                    minute: Some("84".into()),
                    item: Some("1".into()),
                    title: "Apologies".into(),
                    section: 0,
                    last_section: 0,
                    page: None,
                    decisions: vec![],
                },
                AgendaItem {
                    minute: Some("85".into()),
                    item: Some("2".into()),
                    title: "Budget & reserves".into(),
                    section: 1,
                    last_section: 1,
                    page: None,
                    decisions: vec![0],
                },
            ],
            report: Some(ReportFacts {
                key_decision: Some(true),
                forward_plan: Some("FP/2023/045".into()),
                wards: vec!["Altrincham".into(), "Hale Central".into()],
                author: Some("Director of Children's Services".into()),
            }),
            ..Document::default()
        };
        let html = document_view(&document, false, &[]).into_string();
        for expected in [
            "Key decision</dt><dd>Yes",
            "<code>FP/2023/045</code>",
            "Altrincham, Hale Central",
            "<dd>Director of Children's Services</dd>",
            "Minute 84 · Item 1 · <a href=\"#s0\">Apologies</a>",
            "<a href=\"#s1\">Budget &amp; reserves</a> (1 decision)",
        ] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
    }

    #[test]
    fn paper_page_says_when_its_text_is_from_a_scan() {
        let mut document = Document {
            id: "d2".into(),
            source: "parish/minutes.pdf".into(),
            kind: DocumentKind::Minutes,
            ..Document::default()
        };
        let born_digital = document_view(&document, false, &[]).into_string();
        assert!(!born_digital.contains("from a scan"), "{born_digital}");
        document.ocr = vec![
            council_model::ScannedPage {
                page: 1,
                confidence: Some(96),
            },
            council_model::ScannedPage {
                page: 2,
                confidence: Some(90),
            },
        ];
        let html = document_view(&document, false, &[]).into_string();
        assert!(
            html.contains("Text from a scan: read by OCR (Tesseract), mean confidence 93 %")
                && html.contains("Pages: 1 (96 %), 2 (90 %)"),
            "{html}"
        );
    }
}
