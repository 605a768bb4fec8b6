//! The OpenAPI description of the export, feed and matter routes ([`crate::export`],
//! [`crate::feeds`], [`crate::matters`]), added to the document [`crate::openapi`] builds.

use serde_json::{json, Value};

use crate::export::HEADER;
use crate::feeds::FEED_LIMIT;
use crate::openapi::{path_param, responses};
use crate::params::MAX_WINDOW;

fn atom_ok(description: &str, errors: &[(&str, &str)]) -> Value {
    let mut all = responses(description, json!({}), errors);
    all["200"] = json!({
        "description": description,
        "content": {"application/atom+xml": {"schema": {"type": "string"}}},
    });
    all
}

/// Adds the routes and schemas to `document`. `search_params` are the search's query
/// parameters; `bad` and `missing` the 400 and 404 descriptions.
pub(crate) fn extend(
    document: &mut Value,
    search_params: &[Value],
    bad: (&str, &str),
    missing: (&str, &str),
) {
    // Export and feeds take the search's filters; paging and order are their own.
    let filters: Vec<Value> = search_params
        .iter()
        .filter(|p| !matches!(p["name"].as_str(), Some("limit" | "offset" | "explain")))
        .cloned()
        .collect();
    let feed_filters: Vec<Value> = filters
        .iter()
        .filter(|p| p["name"] != "sort")
        .cloned()
        .collect();
    let row_properties: serde_json::Map<String, Value> = HEADER
        .iter()
        .map(|name| {
            let schema = match *name {
                "rank" => json!({"type": "integer"}),
                "page" => json!({"type": ["integer", "null"]}),
                "council" | "body" | "meeting_date" | "minute" | "item" | "paragraph"
                | "heading" | "original_url" => {
                    json!({"type": ["string", "null"]})
                }
                _ => json!({"type": "string"}),
            };
            (name.to_string(), schema)
        })
        .collect();
    let csv_ok = {
        let mut all = responses("CSV", json!({}), &[bad]);
        all["200"] = json!({
            "description": format!("RFC 4180 CSV with a header line: {}.", HEADER.join(", ")),
            "content": {"text/csv": {"schema": {"type": "string"}}},
        });
        all
    };
    let matter_id = path_param(
        "id",
        "A matter id: the reference's kind and the reference with `-` for `/` \
         (`decision-24-00109`, `application-108531-CND-22`, `appeal-APP-C1625-W-16-3159572`, \
         `site-SR-042-002`, `file-Z-9815`, `procurement-RFP2024-256`).",
    );
    let paths = json!({
        "/api/export.csv": {"get": {
            "operationId": "exportCsv",
            "summary": format!("Every hit of a search (up to {MAX_WINDOW} papers) as CSV, one row per paper with its citation fields"),
            "parameters": filters,
            "responses": csv_ok,
        }},
        "/api/export.json": {"get": {
            "operationId": "exportJson",
            "summary": format!("Every hit of a search (up to {MAX_WINDOW} papers) as JSON rows with their citation fields"),
            "parameters": filters,
            "responses": responses("The rows", json!({"$ref": "#/components/schemas/Export"}), &[bad]),
        }},
        "/api/matters/{id}": {"get": {
            "operationId": "matter",
            "summary": "A matter: the papers citing one reference, oldest first, each with why and its cited paragraph",
            "parameters": [matter_id],
            "responses": responses("The matter", json!({"$ref": "#/components/schemas/Matter"}), &[missing]),
        }},
        "/feeds/search": {"get": {
            "operationId": "searchFeed",
            "summary": format!("Atom feed of a search: its newest {FEED_LIMIT} papers, newest meeting first, the cited paragraph as summary"),
            "parameters": feed_filters,
            "responses": atom_ok("Atom 1.0", &[bad]),
        }},
        "/feeds/bodies/{name}": {"get": {
            "operationId": "bodyFeed",
            "summary": "Atom feed of a committee's or board's papers",
            "parameters": [path_param("name", "The committee or board, exactly as in the body facet.")],
            "responses": atom_ok("Atom 1.0", &[missing]),
        }},
        "/feeds/people/{name}": {"get": {
            "operationId": "personFeed",
            "summary": "Atom feed of the papers naming a person",
            "parameters": [path_param("name", "The person, exactly as in the person facet.")],
            "responses": atom_ok("Atom 1.0", &[missing]),
        }},
        "/feeds/matters/{id}": {"get": {
            "operationId": "matterFeed",
            "summary": "Atom feed of a matter's papers",
            "parameters": [matter_id],
            "responses": atom_ok("Atom 1.0", &[missing]),
        }},
    });
    let schemas = json!({
        "ExportRow": {"type": "object", "properties": row_properties},
        "Export": {
            "type": "object",
            "properties": {
                "query": {"type": "string"},
                "total_sections": {"type": "integer"},
                "papers": {"type": "integer"},
                "hits": {"type": "array", "items": {"$ref": "#/components/schemas/ExportRow"}},
            },
        },
        "Matter": {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "label": {"type": "string", "description": "What to call the matter: `Decision 24/00109`, `Meeting of Cabinet, 9 January 2025`, `Item 7, Cabinet, 30 January 2025`, `Written question 4169, answered 9 September 2024`."},
                "reference": {"type": "object", "properties": {
                    "kind": {"type": "string", "enum": ["decision", "planning_application", "appeal", "candidate_site", "planning_file", "procurement", "meeting", "item", "question"]},
                    "reference": {"type": "string"},
                }},
                "title": {"type": "string"},
                "steps": {"type": "array", "items": {"type": "object", "properties": {
                    "document_id": {"type": "string"},
                    "title": {"type": "string"},
                    "kind": {"type": "string"},
                    "council": {"type": ["string", "null"]},
                    "body": {"type": ["string", "null"]},
                    "date": {"type": ["string", "null"]},
                    "source": {"type": "string"},
                    "reason": {"type": "object", "description": "Where the paper cites the reference: {kind: paragraph, section_ordinal}, {kind: title}, {kind: file_name, source}, {kind: meeting, relation, section_ordinal, file_name, words, body, date} (the paper states it is of or for the meeting, or names its minutes), {kind: item, relation (agenda, minutes, covering, paper), item, title, section_ordinal, file_name, words, meeting_words, body, date, joined_to, joined_words} (the paper gives the item of its meeting under this title; joined_to is the paper that gives the same item and title, in joined_words) or {kind: question, section_ordinal, words} (the written question itself, or one citing its answer)."},
                    "reason_text": {"type": "string"},
                    "section_id": {"type": ["string", "null"]},
                    "citation": {"type": "string"},
                    "excerpt": {"type": "string"},
                }}},
            },
        },
    });
    if let (Some(all), Some(new)) = (document["paths"].as_object_mut(), paths.as_object()) {
        all.extend(new.clone());
    }
    if let (Some(all), Some(new)) = (
        document["components"]["schemas"].as_object_mut(),
        schemas.as_object(),
    ) {
        all.extend(new.clone());
    }
}
