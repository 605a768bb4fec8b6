//! Search parameters: read leniently from the query string, then validated before any
//! work is done. Shared by the JSON API and the HTML search page.

use council_index::SearchRequest;
use council_model::DocumentKind;

use crate::ApiError;

/// The longest accepted query, in bytes.
pub const MAX_QUERY_BYTES: usize = 4096;
/// The longest accepted council or body filter, in bytes.
pub const MAX_FILTER_BYTES: usize = 512;
/// The number of hits when no `limit` is given.
pub const DEFAULT_LIMIT: usize = 10;
/// The largest accepted `limit`.
pub const MAX_LIMIT: usize = 100;
/// The largest accepted `offset + limit`.
pub const MAX_WINDOW: usize = 10_000;

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
    /// `council`.
    pub council: String,
    /// `body`.
    pub body: String,
    /// `kind`.
    pub kind: String,
    /// `from`.
    pub from: String,
    /// `to`.
    pub to: String,
}

impl RawSearch {
    /// Picks the known parameters out of decoded query-string pairs (the last of repeated
    /// names wins; unknown names are ignored).
    pub fn from_pairs(pairs: &[(String, String)]) -> RawSearch {
        let mut raw = RawSearch::default();
        for (name, value) in pairs {
            let slot = match name.as_str() {
                "q" => &mut raw.q,
                "limit" => &mut raw.limit,
                "offset" => &mut raw.offset,
                "council" => &mut raw.council,
                "body" => &mut raw.body,
                "kind" => &mut raw.kind,
                "from" => &mut raw.from,
                "to" => &mut raw.to,
                _ => continue,
            };
            *slot = value.trim().to_string();
        }
        raw
    }

    /// Validates every parameter. An empty `q` with no filter is accepted here (the HTML page
    /// shows its introduction then); see [`SearchParams::require_query_or_filter`].
    pub fn validate(&self) -> Result<SearchParams, ApiError> {
        if self.q.len() > MAX_QUERY_BYTES {
            return Err(invalid(format!(
                "q is too long: at most {MAX_QUERY_BYTES} bytes are accepted"
            )));
        }
        let limit = if self.limit.is_empty() {
            DEFAULT_LIMIT
        } else {
            match self.limit.parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(invalid(format!(
                        "limit must be a whole number from 1 to {MAX_LIMIT}"
                    )))
                }
            }
        };
        let offset = if self.offset.is_empty() {
            0
        } else {
            self.offset
                .parse::<usize>()
                .map_err(|_| invalid("offset must be a whole number, 0 or more".to_string()))?
        };
        if offset.checked_add(limit).is_none_or(|end| end > MAX_WINDOW) {
            return Err(invalid(format!(
                "offset + limit must be at most {MAX_WINDOW}; narrow the search instead"
            )));
        }
        let council = filter("council", &self.council)?;
        let body = filter("body", &self.body)?;
        let kind = if self.kind.is_empty() {
            None
        } else {
            match DocumentKind::parse(&self.kind) {
                Some(kind) => Some(kind),
                None => {
                    let names: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.as_str()).collect();
                    return Err(invalid(format!(
                        "kind must be one of: {}",
                        names.join(", ")
                    )));
                }
            }
        };
        let from = date("from", &self.from)?;
        let to = date("to", &self.to)?;
        if let (Some(from), Some(to)) = (&from, &to) {
            if from > to {
                return Err(invalid("from must not be later than to".to_string()));
            }
        }
        Ok(SearchParams {
            q: self.q.clone(),
            limit,
            offset,
            council,
            body,
            kind,
            from,
            to,
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
    /// Council filter.
    pub council: Option<String>,
    /// Meeting body filter.
    pub body: Option<String>,
    /// Document kind filter.
    pub kind: Option<DocumentKind>,
    /// Earliest meeting date, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Latest meeting date, `YYYY-MM-DD`.
    pub to: Option<String>,
}

impl SearchParams {
    /// Whether any filter is set.
    pub fn has_filter(&self) -> bool {
        self.council.is_some()
            || self.body.is_some()
            || self.kind.is_some()
            || self.from.is_some()
            || self.to.is_some()
    }

    /// Whether there is nothing to search for: no query and no filter.
    pub fn is_empty(&self) -> bool {
        self.q.is_empty() && !self.has_filter()
    }

    /// Errors unless there is a query or a filter.
    pub fn require_query_or_filter(&self) -> Result<(), ApiError> {
        if self.is_empty() {
            Err(invalid(
                "q is required (or give a filter: council, body, kind, from or to)".to_string(),
            ))
        } else {
            Ok(())
        }
    }

    /// The index request for these parameters.
    pub fn to_request(&self) -> SearchRequest {
        SearchRequest {
            query: self.q.clone(),
            limit: self.limit,
            offset: self.offset,
            council: self.council.clone(),
            body: self.body.clone(),
            kind: self.kind,
            from: self.from.clone(),
            to: self.to.clone(),
        }
    }

    /// The URL query string (without `?`) for these parameters; `limit` and `offset` only
    /// when they differ from the defaults.
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if let Some(v) = &self.council {
            pairs.push(("council", v.clone()));
        }
        if let Some(v) = &self.body {
            pairs.push(("body", v.clone()));
        }
        if let Some(v) = self.kind {
            pairs.push(("kind", v.as_str().to_string()));
        }
        if let Some(v) = &self.from {
            pairs.push(("from", v.clone()));
        }
        if let Some(v) = &self.to {
            pairs.push(("to", v.clone()));
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

fn invalid(message: String) -> ApiError {
    ApiError::InvalidParameter(message)
}

fn filter(name: &str, value: &str) -> Result<Option<String>, ApiError> {
    if value.is_empty() {
        Ok(None)
    } else if value.len() > MAX_FILTER_BYTES {
        Err(invalid(format!(
            "{name} is too long: at most {MAX_FILTER_BYTES} bytes are accepted"
        )))
    } else {
        Ok(Some(value.to_string()))
    }
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
        assert!(raw(&[("q", "a"), ("offset", "9991")]).validate().is_err());
        assert!(raw(&[("q", "a"), ("offset", &usize::MAX.to_string())])
            .validate()
            .is_err());
        assert!(
            raw(&[("q", "a"), ("from", "2024-02-01"), ("to", "2024-01-01")])
                .validate()
                .is_err()
        );
        let empty = raw(&[("q", "  ")]).validate().unwrap();
        assert!(empty.require_query_or_filter().is_err());
        let filtered = raw(&[("kind", "minutes")]).validate().unwrap();
        assert!(filtered.require_query_or_filter().is_ok());
    }

    #[test]
    fn query_strings_round_trip() {
        let p = raw(&[("q", "a&b c"), ("council", "Brent"), ("offset", "10")])
            .validate()
            .unwrap();
        assert_eq!(p.to_query_string(), "q=a%26b%20c&council=Brent&offset=10");
    }
}
