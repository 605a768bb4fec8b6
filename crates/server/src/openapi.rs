//! `GET /api/openapi.json`: the OpenAPI 3.1 document of the JSON API, built from the same
//! parameter definitions the handlers validate with ([`SEARCH_PARAMS`] and the limits).

use axum::extract::State;
use axum::Json;
use serde_json::{json, Map, Value};

use crate::api::{MAX_SIMILAR_LIMIT, SIMILAR_LIMIT};
use crate::params::{
    ParamSpec, ParamType, MAX_FILTER_VALUES, MAX_LIMIT, MAX_WINDOW, SEARCH_PARAMS,
};
use crate::profile::PROFILE_LIMIT;
use crate::AppState;

/// The schema of one parameter type.
fn schema(kind: ParamType) -> Value {
    match kind {
        ParamType::String => json!({"type": "string"}),
        ParamType::Date => json!({"type": "string", "format": "date"}),
        ParamType::Year => json!({"type": "string", "pattern": "^[0-9]{4}$"}),
        ParamType::Integer { min, max, default } => {
            json!({"type": "integer", "minimum": min, "maximum": max, "default": default})
        }
        ParamType::Boolean => json!({"type": "boolean", "default": false}),
        ParamType::Enum(names) => json!({"type": "string", "enum": names()}),
    }
}

pub(crate) fn query_param(spec: &ParamSpec) -> Value {
    if spec.repeatable {
        // `council=A&council=B`: an array in OpenAPI's form style, exploded.
        return json!({
            "name": spec.name,
            "in": "query",
            "required": false,
            "description": spec.description,
            "style": "form",
            "explode": true,
            "schema": {
                "type": "array",
                "items": schema(spec.kind),
                "maxItems": MAX_FILTER_VALUES,
            },
        });
    }
    json!({
        "name": spec.name,
        "in": "query",
        "required": false,
        "description": spec.description,
        "schema": schema(spec.kind),
    })
}

pub(crate) fn path_param(name: &str, description: &str) -> Value {
    json!({
        "name": name,
        "in": "path",
        "required": true,
        "description": description,
        "schema": {"type": "string"},
    })
}

fn paging_params(default_limit: usize, max_limit: usize) -> Vec<Value> {
    vec![
        query_param(&ParamSpec {
            name: "limit",
            kind: ParamType::Integer {
                min: 1,
                max: max_limit,
                default: default_limit,
            },
            repeatable: false,
            description: "How many to return.",
        }),
        query_param(&ParamSpec {
            name: "offset",
            kind: ParamType::Integer {
                min: 0,
                max: MAX_WINDOW - 1,
                default: 0,
            },
            repeatable: false,
            description: "How many to skip. The list ends at the 10000th: near it, fewer than \
                          limit are returned.",
        }),
    ]
}

/// The responses of an operation: its success and the error codes it can return.
pub(crate) fn responses(ok: &str, ok_schema: Value, errors: &[(&str, &str)]) -> Value {
    let mut map = Map::new();
    map.insert(
        "200".to_string(),
        json!({"description": ok, "content": {"application/json": {"schema": ok_schema}}}),
    );
    let mut all: Vec<(&str, &str)> = errors.to_vec();
    all.push(("503", "Too many searches at once (`overloaded`) or too slow (`timeout`); retry after the Retry-After header."));
    for (status, description) in all {
        map.insert(
            status.to_string(),
            json!({
                "description": description,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }),
        );
    }
    Value::Object(map)
}

fn object(description: &str) -> Value {
    json!({"type": "object", "description": description})
}

/// Builds the document.
pub(crate) fn document() -> Value {
    let search_params: Vec<Value> = SEARCH_PARAMS.iter().map(query_param).collect();
    let bad = (
        "400",
        "A parameter is unacceptable (`invalid_parameter`), the query is too long \
         (`query_too_long`) or nests too deeply (`query_too_complex`).",
    );
    let missing = ("404", "Nothing with this id or name (`not_found`).");
    let mut similar_params = vec![path_param("id", "A section id, `{document_id}.{ordinal}`.")];
    similar_params.push(query_param(&ParamSpec {
        name: "limit",
        kind: ParamType::Integer {
            min: 1,
            max: MAX_SIMILAR_LIMIT,
            default: SIMILAR_LIMIT,
        },
        repeatable: false,
        description: "How many similar papers to return.",
    }));
    let mut body_params = vec![path_param(
        "name",
        "The committee or board, exactly as in the body facet.",
    )];
    body_params.extend(paging_params(PROFILE_LIMIT, MAX_LIMIT));
    let mut person_params = vec![path_param(
        "name",
        "The person, exactly as in the person facet.",
    )];
    person_params.extend(paging_params(PROFILE_LIMIT, MAX_LIMIT));
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "council",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Search UK local-government papers by section, with citations. \
                Hits are one per paper (its best section) with other matching sections in `more`. \
                Every error is JSON `{\"error\":{\"code\",\"message\"}}` with a stable code.",
        },
        "paths": {
            "/api/search": {"get": {
                "operationId": "search",
                "summary": "Search sections, one hit per paper, with facets",
                "parameters": search_params,
                "responses": responses("Hits and facets", json!({"$ref": "#/components/schemas/SearchResponse"}), &[bad]),
            }},
            "/api/documents/{id}": {"get": {
                "operationId": "document",
                "summary": "One parsed paper: meetings, sections, people, decisions, questions",
                "parameters": [path_param("id", "A document id.")],
                "responses": responses("The document", object("A parsed document (see FORMAT.md)"), &[missing]),
            }},
            "/api/sections/{id}/similar": {"get": {
                "operationId": "similar",
                "summary": "Papers with sections similar to this one",
                "parameters": similar_params,
                "responses": responses("Similar sections, one per paper", json!({
                    "type": "object",
                    "properties": {
                        "section_id": {"type": "string"},
                        "limit": {"type": "integer"},
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                    },
                }), &[bad, missing]),
            }},
            "/api/bodies/{name}": {"get": {
                "operationId": "body",
                "summary": "Every paper, meeting and decision of a committee or board, newest first",
                "parameters": body_params,
                "responses": responses("The body's profile", json!({"$ref": "#/components/schemas/Profile"}), &[bad, missing]),
            }},
            "/api/people/{name}": {"get": {
                "operationId": "person",
                "summary": "Every paper, meeting, decision, role and question naming a person, newest first",
                "parameters": person_params,
                "responses": responses("The person's profile", json!({"$ref": "#/components/schemas/Profile"}), &[bad, missing]),
            }},
            "/api/openapi.json": {"get": {
                "operationId": "openapi",
                "summary": "This document",
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}},
            }},
            "/healthz": {"get": {
                "operationId": "healthz",
                "summary": "Liveness and index size",
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {"status": {"type": "string"}, "documents": {"type": "integer"}, "sections": {"type": "integer"}},
                }}}}},
            }},
            "/metrics": {"get": {
                "operationId": "metrics",
                "summary": "Prometheus metrics",
                "responses": {"200": {"description": "Prometheus text format 0.0.4", "content": {"text/plain": {}}}},
            }},
        },
        "components": {"schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {"error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": {"type": "string", "enum": [
                            "invalid_parameter", "query_too_long", "query_too_complex",
                            "not_found", "method_not_allowed", "payload_too_large",
                            "overloaded", "timeout", "index_unavailable", "internal"
                        ]},
                        "message": {"type": "string"},
                    },
                }},
            },
            "Hit": {
                "type": "object",
                "description": "A paper's section that answers (the paper ranks by its best matching section; the section shown is the one that says the query's words itself, or records the fact asked for): ids, title, kind, council, meeting, minute, filed_for, number, heading, path, page, text, snippet (HTML, matches in <mark>), score, citation, section_ordinal (the #s anchor on /documents/{id}), more (other matching sections), also_in (other places the same paragraph is stored, shown once here).",
                "properties": {
                    "section_id": {"type": "string"},
                    "document_id": {"type": "string"},
                    "section_ordinal": {"type": "integer"},
                    "title": {"type": ["string", "null"]},
                    "snippet": {"type": "string"},
                    "citation": {"type": "string", "description": "What a clerk pastes: council, meeting body, meeting date, minute number, agenda item, paragraph (or heading), page, joined with \", \" (\"Kent County Council, County Council, 13 February 2025, minute 4, para 4.2, p. 12\"); parts the paper does not give are left out."},
                    "minute": {"type": "string", "description": "The minute number of the section's item of business (minutes), where the paper gives one; absent otherwise."},
                    "filed_for": {"type": "object", "description": "The meeting whose papers the section's paper was published with ({body, date, item}), where that is another meeting than the one it records: minutes filed as \"Minutes of Previous Meeting\" with the next meeting's agenda. Absent otherwise."},
                    "score": {"type": "number"},
                    "more": {"type": "array", "items": {"type": "object"}},
                    "also_in": {"type": "array", "items": {"type": "object"}, "description": "Other places the same paragraph (case, spacing and punctuation ignored) is stored: section_id, document_id, section_ordinal, title, source, citation."},
                    "record": {"type": "object", "description": "What the record says in this paragraph, where the parse read it or the paragraph states one vote or one mover and seconder (absent otherwise): decision {proposer, seconder, outcome, votes {for, against, abstain (counts), for_names, against_names, abstain_names}}, question {asker, respondent, respondent_role}, chair (names with their role)."},
                },
            },
            "SearchResponse": {
                "type": "object",
                "properties": {
                    "query": {"type": "string"},
                    "sort": {"type": "string"},
                    "total": {"type": "integer", "description": "How many sections (numbered paragraphs and headed blocks) match, over every paper; exact when `total_exact`, else an estimate (counted up to 10,000 matches, extrapolated beyond; the page says \"about N\"): the page's \"1,763 matching paragraphs\"."},
                    "total_exact": {"type": "boolean", "description": "Whether `total` is an exact count."},
                    "documents": {"type": "integer", "description": "How many distinct papers the hits come from, counted over the sections examined for this page (at least offset + limit when there are that many); a paper whose paragraph is listed under another hit's also_in is not counted: the page's \"17 papers\"."},
                    "notices": {"type": "array", "items": {"type": "object"}, "description": "A council, body or person filter value that matches nothing in the index (filters match regardless of case, accents and name forms): filter, value, suggestion (the nearest value, or null). The search then has no hits."},
                    "limit": {"type": "integer", "maximum": MAX_LIMIT},
                    "offset": {"type": "integer"},
                    "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                    "facets": {"type": "object", "description": "council, body, kind, year, person: arrays of {value, count}, counted over the search's candidate sections (the best few hundred matches), or over every match when `facets_exact`."},
                    "facets_exact": {"type": "boolean", "description": "Whether the facets count every matching section (else the candidates only)."},
                    "facets_over": {"type": "integer", "minimum": 0, "description": "How many sections the facets count: the search's candidates (the page's \"Counts among the best 300 matches.\"), or every match when `facets_exact`; 0 when no facets were counted."},
                },
            },
            "Profile": {
                "type": "object",
                "properties": {
                    "subject": {"type": "string", "enum": ["body", "person"]},
                    "name": {"type": "string"},
                    "total_sections": {"type": "integer"},
                    "total_papers": {"type": "integer"},
                    "papers": {"type": "array", "items": {"type": "object"}},
                    "meetings": {"type": "array", "items": {"type": "object"}},
                    "decisions": {"type": "array", "items": {"type": "object"}},
                    "roles": {"type": "array", "items": {"type": "object"}},
                    "questions": {"type": "array", "items": {"type": "object"}},
                    "people": {"type": "array", "items": {"type": "object"}},
                    "forms": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "For a person: the forms of their name the papers use.",
                    },
                },
            },
        }},
    });
    crate::openapi_more::extend(&mut document, &search_params, bad, missing);
    document
}

/// `GET /api/openapi.json`.
pub(crate) async fn openapi(State(_state): State<AppState>) -> Json<Value> {
    Json(document())
}
