//! Search parameters: read leniently from the query string, then validated before any
//! work is done. Shared by the JSON API and the HTML search page.

use council_index::{SearchRequest, SortOrder};
use council_model::DocumentKind;

use crate::ApiError;

/// The longest accepted query, in characters (as given, before trimming).
pub const MAX_QUERY_CHARS: usize = 1024;
/// The most hits explained (`explain=true` caps `limit` to this).
pub const MAX_EXPLAINED: usize = 10;
/// The longest accepted council, body or person filter value, in bytes.
pub const MAX_FILTER_BYTES: usize = 512;
/// The most values one repeatable filter may have (`council=A&council=B...`).
pub const MAX_FILTER_VALUES: usize = 20;
/// The number of hits when no `limit` is given.
pub const DEFAULT_LIMIT: usize = 10;
/// The largest accepted `limit`.
pub const MAX_LIMIT: usize = 100;
/// Hits end at this many papers: `offset` is below it, and `limit` is cut to reach it.
pub const MAX_WINDOW: usize = 10_000;
/// The most words (whitespace-separated) a query may have.
pub const MAX_QUERY_TERMS: usize = 64;
/// The deepest nesting of parentheses a query may have.
pub const MAX_NESTING: usize = 32;

/// The JSON type of a query parameter, for the OpenAPI document.
#[derive(Debug, Clone, Copy)]
pub enum ParamType {
    /// A string.
    String,
    /// A string written `YYYY-MM-DD`.
    Date,
    /// A year written `YYYY`.
    Year,
    /// A whole number with bounds.
    Integer {
        /// The smallest accepted value.
        min: usize,
        /// The largest accepted value.
        max: usize,
        /// The value when absent.
        default: usize,
    },
    /// `true` or `false` (also `1`/`0`, `on`).
    Boolean,
    /// One of a fixed list of names.
    Enum(fn() -> Vec<&'static str>),
}

/// One query parameter of the search: its name, type and description. [`SEARCH_PARAMS`] is
/// the one list the query-string reader, the validation messages and `/api/openapi.json`
/// are built from.
#[derive(Debug, Clone, Copy)]
pub struct ParamSpec {
    /// The query-string name.
    pub name: &'static str,
    /// The type.
    pub kind: ParamType,
    /// Whether the parameter may be given several times (`council=A&council=B`): the
    /// values are alternatives (OR), while different parameters must all hold (AND).
    pub repeatable: bool,
    /// What it means.
    pub description: &'static str,
}

fn kind_names() -> Vec<&'static str> {
    DocumentKind::ALL.iter().map(|k| k.as_str()).collect()
}

fn sort_names() -> Vec<&'static str> {
    Sort::ALL.iter().map(|s| s.as_str()).collect()
}

/// Every search parameter (`/api/search`, `/`, and the body and person pages).
pub const SEARCH_PARAMS: &[ParamSpec] = &[
    ParamSpec {
        name: "q",
        kind: ParamType::String,
        repeatable: false,
        description: "The words to search for; quote a phrase (\"improvement board\"). At most \
                      1024 characters, 64 words and 32 levels of parentheses. Without q and \
                      without a filter there is nothing to search: no hits.",
    },
    ParamSpec {
        name: "limit",
        kind: ParamType::Integer {
            min: 1,
            max: MAX_LIMIT,
            default: DEFAULT_LIMIT,
        },
        repeatable: false,
        description: "How many papers (hits) to return.",
    },
    ParamSpec {
        name: "offset",
        kind: ParamType::Integer {
            min: 0,
            max: MAX_WINDOW - 1,
            default: 0,
        },
        repeatable: false,
        description: "How many papers to skip. Hits end at the 10000th paper: near it, fewer \
                      than limit are returned.",
    },
    ParamSpec {
        name: "council",
        kind: ParamType::String,
        repeatable: true,
        description: "Only papers of these councils (as in the council facet; case, accents and punctuation do not matter). Repeat for several: council=A&council=B matches either.",
    },
    ParamSpec {
        name: "body",
        kind: ParamType::String,
        repeatable: true,
        description: "Only papers for meetings of these committees or boards. Repeat for several (either matches).",
    },
    ParamSpec {
        name: "person",
        kind: ParamType::String,
        repeatable: true,
        description: "Only papers naming these people (as in the person facet; other forms of the same name match). Repeat for several (either matches).",
    },
    ParamSpec {
        name: "kind",
        kind: ParamType::Enum(kind_names),
        repeatable: true,
        description: "Only papers of these kinds. Repeat for several (either matches).",
    },
    ParamSpec {
        name: "year",
        kind: ParamType::Year,
        repeatable: true,
        description: "Only papers with a meeting in these years (YYYY). Repeat for several \
                      (either matches).",
    },
    ParamSpec {
        name: "from",
        kind: ParamType::Date,
        repeatable: false,
        description: "Only papers with a meeting on or after this date.",
    },
    ParamSpec {
        name: "to",
        kind: ParamType::Date,
        repeatable: false,
        description: "Only papers with a meeting on or before this date.",
    },
    ParamSpec {
        name: "sort",
        kind: ParamType::Enum(sort_names),
        repeatable: false,
        description: "relevance (default), newest or oldest meeting first.",
    },
    ParamSpec {
        name: "explain",
        kind: ParamType::Boolean,
        repeatable: false,
        description: "Include how each hit's score was made (for debugging ranking; API only). \
                      Caps limit at 10; one explained search runs at a time (503 beyond).",
    },
];

/// The order of search results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Latest meeting first.
    Newest,
    /// Earliest meeting first.
    Oldest,
}

impl Sort {
    /// Every order.
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::Newest, Sort::Oldest];

    /// The query-string name.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    }

    /// The label shown on the page.
    pub fn label(self) -> &'static str {
        match self {
            Sort::Relevance => "Best match",
            Sort::Newest => "Newest first",
            Sort::Oldest => "Oldest first",
        }
    }

    /// The order with this query-string name.
    pub fn parse(name: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// The search parameters exactly as given (trimmed), before validation; the HTML form is
/// refilled from these, even when they are invalid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawSearch {
    /// `q`.
    pub q: String,
    /// `limit`.
    pub limit: String,
    /// `offset`.
    pub offset: String,
    /// `council`, every value given.
    pub council: Vec<String>,
    /// `body`, every value given.
    pub body: Vec<String>,
    /// `kind`, every value given.
    pub kind: Vec<String>,
    /// `year`, every value given.
    pub year: Vec<String>,
    /// `from`.
    pub from: String,
    /// `to`.
    pub to: String,
    /// `person`, every value given.
    pub person: Vec<String>,
    /// `sort`.
    pub sort: String,
    /// `explain`.
    pub explain: String,
    /// The length of `q` as given, before trimming (characters).
    pub q_chars: usize,
    /// The first parameter given with an empty value where the API wants a number, a date,
    /// a boolean or a name from a list (the page takes an empty field as absent).
    pub empty: Option<&'static str>,
    /// The first repeatable filter given more than [`MAX_FILTER_VALUES`] times, counting
    /// empty and repeated values (the OpenAPI document's `maxItems` counts every one).
    pub too_many: Option<&'static str>,
}

impl RawSearch {
    /// Picks the known parameters out of decoded query-string pairs (a repeatable name
    /// keeps every non-empty value in order; of other repeated names the last wins;
    /// unknown names are ignored).
    pub fn from_pairs(pairs: &[(String, String)]) -> RawSearch {
        let mut raw = RawSearch::default();
        for spec in SEARCH_PARAMS {
            let given = pairs.iter().filter(|(name, _)| name == spec.name).count();
            if given > MAX_FILTER_VALUES && raw.list(spec.name).is_some() && raw.too_many.is_none()
            {
                raw.too_many = Some(spec.name);
            }
        }
        for (name, value) in pairs {
            if name == "q" {
                raw.q_chars = value.chars().count();
            }
            if let Some(list) = raw.list(name) {
                let value = value.trim();
                if !value.is_empty() && !list.iter().any(|v| v == value) {
                    list.push(value.to_string());
                }
            } else if let Some(slot) = raw.slot(name) {
                *slot = value.trim().to_string();
            }
            if value.trim().is_empty() && raw.empty.is_none() {
                raw.empty = SEARCH_PARAMS
                    .iter()
                    .find(|p| p.name == name && !matches!(p.kind, ParamType::String))
                    .map(|p| p.name);
            }
        }
        raw
    }

    /// Refuses a parameter given with an empty value where a number, date, boolean or name
    /// from a list is wanted (the API's rule; the page takes empty fields as absent).
    pub fn require_values(&self) -> Result<(), ApiError> {
        match self.empty {
            Some(name) => Err(invalid(format!("{name} is given but empty"))),
            None => Ok(()),
        }
    }

    /// The values of the repeatable parameter called `name` (one per repeatable
    /// [`SEARCH_PARAMS`] entry).
    fn list(&mut self, name: &str) -> Option<&mut Vec<String>> {
        Some(match name {
            "council" => &mut self.council,
            "body" => &mut self.body,
            "person" => &mut self.person,
            "kind" => &mut self.kind,
            "year" => &mut self.year,
            _ => return None,
        })
    }

    /// The field holding the single-valued parameter called `name` (one per other
    /// [`SEARCH_PARAMS`] entry).
    fn slot(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "q" => &mut self.q,
            "limit" => &mut self.limit,
            "offset" => &mut self.offset,
            "from" => &mut self.from,
            "to" => &mut self.to,
            "sort" => &mut self.sort,
            "explain" => &mut self.explain,
            _ => return None,
        })
    }

    /// Validates every parameter. An empty `q` with no filter is accepted here (the HTML page
    /// shows its introduction then, and the API answers no hits).
    pub fn validate(&self) -> Result<SearchParams, ApiError> {
        if self.q_chars > MAX_QUERY_CHARS {
            return Err(ApiError::QueryTooLong(format!(
                "q is too long: at most {MAX_QUERY_CHARS} characters are accepted"
            )));
        }
        if let Some(name) = self.too_many {
            return Err(invalid(format!(
                "{name} is given too often: at most {MAX_FILTER_VALUES} values are accepted"
            )));
        }
        check_query(&self.q)?;
        let limit = match whole_number(&self.limit) {
            None => DEFAULT_LIMIT,
            Some(Some(n)) if (1..=MAX_LIMIT).contains(&n) => n,
            Some(_) => {
                return Err(invalid(format!(
                    "limit must be a whole number from 1 to {MAX_LIMIT}"
                )))
            }
        };
        let offset = match whole_number(&self.offset) {
            None => 0,
            Some(Some(n)) if n < MAX_WINDOW => n,
            Some(_) => {
                return Err(invalid(format!(
                    "offset must be a whole number from 0 to {}",
                    MAX_WINDOW - 1
                )))
            }
        };
        // Hits end at the window's end: near it, fewer than `limit`.
        let limit = limit.min(MAX_WINDOW - offset);
        let council = filter("council", &self.council)?;
        let body = filter("body", &self.body)?;
        let person = filter("person", &self.person)?;
        let kind = filter("kind", &self.kind)?
            .iter()
            .map(|k| {
                DocumentKind::parse(k).ok_or_else(|| {
                    let names: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.as_str()).collect();
                    invalid(format!("kind must be one of: {}", names.join(", ")))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let year = filter("year", &self.year)?;
        if year
            .iter()
            .any(|y| y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(invalid("year must be four digits (YYYY)".to_string()));
        }
        let from = date("from", &self.from)?;
        let to = date("to", &self.to)?;
        let sort = if self.sort.is_empty() {
            Sort::Relevance
        } else {
            Sort::parse(&self.sort).ok_or_else(|| {
                invalid("sort must be one of: relevance, newest, oldest".to_string())
            })?
        };
        let explain = match self.explain.as_str() {
            "" | "false" => false,
            "true" => true,
            _ => return Err(invalid("explain must be true or false".to_string())),
        };
        Ok(SearchParams {
            q: self.q.clone(),
            limit,
            offset,
            council,
            body,
            person,
            kind,
            year,
            from,
            to,
            sort,
            explain,
        })
    }
}

/// Validated search parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchParams {
    /// The query, trimmed; may be empty when a filter is given.
    pub q: String,
    /// How many hits (1–100).
    pub limit: usize,
    /// How many hits to skip.
    pub offset: usize,
    /// Council filter: any of these.
    pub council: Vec<String>,
    /// Meeting body filter: any of these.
    pub body: Vec<String>,
    /// Person filter: any of these.
    pub person: Vec<String>,
    /// Document kind filter: any of these.
    pub kind: Vec<DocumentKind>,
    /// Meeting year filter (`YYYY`): any of these.
    pub year: Vec<String>,
    /// Earliest meeting date, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Latest meeting date, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Result order.
    pub sort: Sort,
    /// Whether to explain scores.
    pub explain: bool,
}

impl Default for SearchParams {
    fn default() -> SearchParams {
        SearchParams {
            q: String::new(),
            limit: DEFAULT_LIMIT,
            offset: 0,
            council: Vec::new(),
            body: Vec::new(),
            person: Vec::new(),
            kind: Vec::new(),
            year: Vec::new(),
            from: None,
            to: None,
            sort: Sort::Relevance,
            explain: false,
        }
    }
}

impl SearchParams {
    /// Whether any filter is set.
    pub fn has_filter(&self) -> bool {
        !self.council.is_empty()
            || !self.body.is_empty()
            || !self.person.is_empty()
            || !self.kind.is_empty()
            || !self.year.is_empty()
            || self.from.is_some()
            || self.to.is_some()
    }

    /// Whether there is nothing to search for: no query and no filter.
    pub fn is_empty(&self) -> bool {
        self.q.is_empty() && !self.has_filter()
    }

    /// The index request for these parameters.
    // `..Default::default()` keeps this compiling when the index adds request fields.
    #[allow(clippy::needless_update)]
    pub fn to_request(&self) -> SearchRequest {
        SearchRequest {
            query: self.q.clone(),
            limit: self.limit,
            offset: self.offset,
            council: self.council.clone(),
            body: self.body.clone(),
            kind: self.kind.clone(),
            year: self.year.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            person: self.person.clone(),
            sort: match self.sort {
                Sort::Relevance => SortOrder::Relevance,
                Sort::Newest => SortOrder::Newest,
                Sort::Oldest => SortOrder::Oldest,
            },
            explain: self.explain,
            ..Default::default()
        }
    }

    /// The URL query string (without `?`) for these parameters; `limit` and `offset` only
    /// when they differ from the defaults.
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        for (name, values) in [
            ("council", &self.council),
            ("body", &self.body),
            ("person", &self.person),
        ] {
            pairs.extend(values.iter().map(|v| (name, v.clone())));
        }
        pairs.extend(self.kind.iter().map(|k| ("kind", k.as_str().to_string())));
        pairs.extend(self.year.iter().map(|y| ("year", y.clone())));
        if let Some(v) = &self.from {
            pairs.push(("from", v.clone()));
        }
        if let Some(v) = &self.to {
            pairs.push(("to", v.clone()));
        }
        if self.sort != Sort::Relevance {
            pairs.push(("sort", self.sort.as_str().to_string()));
        }
        if self.limit != DEFAULT_LIMIT {
            pairs.push(("limit", self.limit.to_string()));
        }
        if self.offset != 0 {
            pairs.push(("offset", self.offset.to_string()));
        }
        pairs
            .iter()
            .map(|(name, value)| format!("{name}={}", percent_encode(value)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Checks the size and shape of a query before any work: bytes, words, nesting.
pub fn check_query(q: &str) -> Result<(), ApiError> {
    if q.chars().nth(MAX_QUERY_CHARS).is_some() {
        return Err(ApiError::QueryTooLong(format!(
            "q is too long: at most {MAX_QUERY_CHARS} characters are accepted"
        )));
    }
    if q.split_whitespace().nth(MAX_QUERY_TERMS).is_some() {
        return Err(ApiError::QueryTooLong(format!(
            "q has too many words: at most {MAX_QUERY_TERMS} are accepted"
        )));
    }
    let mut depth = 0usize;
    for b in q.bytes() {
        match b {
            b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(ApiError::QueryTooComplex(format!(
                        "q nests parentheses too deeply: at most {MAX_NESTING} levels are accepted"
                    )));
                }
            }
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// `None` for an empty value; else the value as a whole number written in digits only
/// (`None` inside when it is not one, or too large).
pub(crate) fn whole_number(value: &str) -> Option<Option<usize>> {
    if value.is_empty() {
        return None;
    }
    Some(
        value
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| value.parse::<usize>().ok())
            .flatten(),
    )
}

fn invalid(message: String) -> ApiError {
    ApiError::InvalidParameter(message)
}

/// The values of a repeatable filter, checked: at most [`MAX_FILTER_VALUES`] of at most
/// [`MAX_FILTER_BYTES`] each.
fn filter(name: &str, values: &[String]) -> Result<Vec<String>, ApiError> {
    if values.len() > MAX_FILTER_VALUES {
        return Err(invalid(format!(
            "{name} is given too often: at most {MAX_FILTER_VALUES} values are accepted"
        )));
    }
    if values.iter().any(|v| v.len() > MAX_FILTER_BYTES) {
        return Err(invalid(format!(
            "{name} is too long: at most {MAX_FILTER_BYTES} bytes are accepted"
        )));
    }
    Ok(values.to_vec())
}

fn date(name: &str, value: &str) -> Result<Option<String>, ApiError> {
    if value.is_empty() {
        return Ok(None);
    }
    if is_valid_date(value) {
        Ok(Some(value.to_string()))
    } else {
        Err(invalid(format!(
            "{name} must be a real date written YYYY-MM-DD (for example 2024-03-31)"
        )))
    }
}

/// Whether `s` is a calendar date written `YYYY-MM-DD`.
pub fn is_valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[range];
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Percent-encodes everything but the unreserved characters, for URL query values and
/// path segments.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pairs: &[(&str, &str)]) -> RawSearch {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        RawSearch::from_pairs(&pairs)
    }

    #[test]
    fn dates() {
        assert!(is_valid_date("2024-02-29"));
        assert!(!is_valid_date("2023-02-29"));
        assert!(!is_valid_date("2023-13-45"));
        assert!(!is_valid_date("2023-1-05"));
        assert!(!is_valid_date("2023-+1-05"));
        assert!(!is_valid_date("２０２３-01-05"));
        assert!(is_valid_date("2000-02-29"));
        assert!(!is_valid_date("1900-02-29"));
    }

    #[test]
    fn defaults_and_limits() {
        let p = raw(&[("q", " chair "), ("other", "x")]).validate().unwrap();
        assert_eq!((p.q.as_str(), p.limit, p.offset), ("chair", 10, 0));
        assert!(raw(&[("q", "a"), ("limit", "0")]).validate().is_err());
        assert!(raw(&[("q", "a"), ("limit", "101")]).validate().is_err());
        assert!(raw(&[("q", "a"), ("limit", "-1")]).validate().is_err());
        assert!(raw(&[("q", "a"), ("offset", "9990")]).validate().is_ok());
        // Near the window's end, fewer hits: what the OpenAPI document promises.
        let near = raw(&[("q", "a"), ("offset", "9995")]).validate().unwrap();
        assert_eq!((near.offset, near.limit), (9995, 5));
        assert!(raw(&[("q", "a"), ("offset", "10000")]).validate().is_err());
        assert!(raw(&[("q", "a"), ("limit", "+5")]).validate().is_err());
        assert!(raw(&[("q", "a"), ("offset", &usize::MAX.to_string())])
            .validate()
            .is_err());
        // An empty date range is no error: it matches nothing.
        assert!(
            raw(&[("q", "a"), ("from", "2024-02-01"), ("to", "2024-01-01")])
                .validate()
                .is_ok()
        );
        let empty = raw(&[("q", "  ")]).validate().unwrap();
        assert!(empty.is_empty());
        let filtered = raw(&[("kind", "minutes")]).validate().unwrap();
        assert!(!filtered.is_empty());
        // The API refuses typed parameters given empty; the page takes them as absent.
        assert!(raw(&[("q", "a"), ("offset", "")]).require_values().is_err());
        assert!(raw(&[("q", "a"), ("council", "")]).require_values().is_ok());
        let long = "a".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(
            raw(&[("q", &long)]).validate().unwrap_err().code(),
            "query_too_long"
        );
    }

    #[test]
    fn every_spec_has_a_slot() {
        let mut raw = RawSearch::default();
        for spec in SEARCH_PARAMS {
            assert_eq!(
                raw.list(spec.name).is_some(),
                spec.repeatable,
                "{}",
                spec.name
            );
            assert!(
                raw.list(spec.name).is_some() || raw.slot(spec.name).is_some(),
                "{}",
                spec.name
            );
        }
        let names: Vec<&str> = SEARCH_PARAMS.iter().map(|s| s.name).collect();
        for name in [
            "q", "limit", "offset", "council", "body", "person", "kind", "from", "to", "sort",
            "explain",
        ] {
            assert!(names.contains(&name), "{name} documented");
        }
    }

    #[test]
    fn query_shape_limits() {
        let many = vec!["w"; 65].join(" ");
        let err = raw(&[("q", &many)]).validate().unwrap_err();
        assert_eq!(err.code(), "query_too_long");
        assert!(raw(&[("q", &vec!["w"; 64].join(" "))]).validate().is_ok());
        let deep = format!("{}a{}", "(".repeat(33), ")".repeat(33));
        assert_eq!(
            raw(&[("q", &deep)]).validate().unwrap_err().code(),
            "query_too_complex"
        );
        let ok = format!("{}a{}", "(".repeat(32), ")".repeat(32));
        assert!(raw(&[("q", &ok)]).validate().is_ok());
        assert!(raw(&[("q", ")))(((")]).validate().is_ok());
        assert!(raw(&[("q", "a"), ("sort", "newest")]).validate().is_ok());
        assert!(raw(&[("q", "a"), ("sort", "random")]).validate().is_err());
        assert!(raw(&[("q", "a"), ("explain", "maybe")]).validate().is_err());
    }

    #[test]
    fn query_strings_round_trip() {
        let p = raw(&[("q", "a&b c"), ("council", "Brent"), ("offset", "10")])
            .validate()
            .unwrap();
        assert_eq!(p.to_query_string(), "q=a%26b%20c&council=Brent&offset=10");
    }

    #[test]
    fn repeated_filters_keep_every_value() {
        let p = raw(&[
            ("council", "Brent"),
            ("council", " Kent County Council "),
            ("council", "Brent"),
            ("council", ""),
            ("kind", "minutes"),
            ("kind", "agenda"),
            ("year", "2024"),
            ("year", "2023"),
        ])
        .validate()
        .unwrap();
        assert_eq!(p.council, ["Brent", "Kent County Council"]);
        assert_eq!(p.kind, [DocumentKind::Minutes, DocumentKind::Agenda]);
        assert_eq!(p.year, ["2024", "2023"]);
        assert_eq!(
            p.to_query_string(),
            "council=Brent&council=Kent%20County%20Council&kind=minutes&kind=agenda\
             &year=2024&year=2023"
        );
        let request = p.to_request();
        assert_eq!(request.council, p.council);
        assert_eq!(request.kind, p.kind);
        assert!(raw(&[("kind", "minutes"), ("kind", "nonsense")])
            .validate()
            .is_err());
        assert!(raw(&[("year", "24")]).validate().is_err());
        let many: Vec<(String, String)> = (0..=MAX_FILTER_VALUES)
            .map(|i| ("body".to_string(), format!("Body {i}")))
            .collect();
        assert!(RawSearch::from_pairs(&many).validate().is_err());
        // The document's maxItems counts every value given, repeated or empty ones too.
        let repeated: Vec<(String, String)> = (0..=MAX_FILTER_VALUES)
            .map(|i| ("kind".to_string(), ["minutes", ""][i % 2].to_string()))
            .collect();
        assert!(RawSearch::from_pairs(&repeated).validate().is_err());
    }
}
