//! Hand-rolled Prometheus metrics: requests by route and status, a latency histogram by
//! route, searches shed, and the index size (read at scrape time).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds (seconds) of the latency histogram buckets.
const BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

#[derive(Default)]
struct Histogram {
    /// Cumulative counts are computed at render time; these are per-bucket counts, with one
    /// extra slot for `+Inf`.
    buckets: [u64; BUCKETS.len() + 1],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        let slot = BUCKETS
            .iter()
            .position(|&bound| seconds <= bound)
            .unwrap_or(BUCKETS.len());
        self.buckets[slot] += 1;
        self.sum += seconds;
        self.count += 1;
    }
}

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
}

/// The server's counters, shared by every request.
#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
    searches_shed: AtomicU64,
}

impl Metrics {
    /// Records one finished request: its route (the matched route pattern, never the raw
    /// path, so the number of series stays bounded), status and duration.
    pub fn observe(&self, route: &str, status: u16, elapsed: Duration) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        *inner
            .requests
            .entry((route.to_string(), status))
            .or_default() += 1;
        inner
            .latency
            .entry(route.to_string())
            .or_default()
            .observe(elapsed.as_secs_f64());
    }

    /// Counts a search turned away because too many were running.
    pub fn search_shed(&self) {
        self.searches_shed.fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition (version 0.0.4) of every metric, with the index size
    /// and the number of searches running now.
    pub fn render(&self, documents: u64, sections: u64, searches_running: usize) -> String {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        out.push_str("# HELP council_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE council_http_requests_total counter\n");
        for ((route, status), n) in &inner.requests {
            let _ = writeln!(
                out,
                "council_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out.push_str(
            "# HELP council_http_request_duration_seconds HTTP request latency by route.\n",
        );
        out.push_str("# TYPE council_http_request_duration_seconds histogram\n");
        for (route, h) in &inner.latency {
            let route = escape(route);
            let mut cumulative = 0;
            for (i, bound) in BUCKETS.iter().enumerate() {
                cumulative += h.buckets[i];
                let _ = writeln!(
                    out,
                    "council_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            cumulative += h.buckets[BUCKETS.len()];
            let _ = writeln!(
                out,
                "council_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {cumulative}"
            );
            let _ = writeln!(
                out,
                "council_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "council_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        drop(inner);
        out.push_str(
            "# HELP council_searches_shed_total Searches refused with 503 because too many were running.\n",
        );
        out.push_str("# TYPE council_searches_shed_total counter\n");
        let _ = writeln!(
            out,
            "council_searches_shed_total {}",
            self.searches_shed.load(Ordering::Relaxed)
        );
        out.push_str("# HELP council_searches_running Index operations running now.\n");
        out.push_str("# TYPE council_searches_running gauge\n");
        let _ = writeln!(out, "council_searches_running {searches_running}");
        out.push_str("# HELP council_index_documents Papers in the index.\n");
        out.push_str("# TYPE council_index_documents gauge\n");
        let _ = writeln!(out, "council_index_documents {documents}");
        out.push_str("# HELP council_index_sections Sections in the index.\n");
        out.push_str("# TYPE council_index_sections gauge\n");
        let _ = writeln!(out, "council_index_sections {sections}");
        out
    }
}

/// Escapes a label value.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_histograms() {
        let m = Metrics::default();
        m.observe("/api/search", 200, Duration::from_millis(3));
        m.observe("/api/search", 200, Duration::from_millis(300));
        m.observe("/api/search", 400, Duration::from_micros(10));
        m.search_shed();
        let text = m.render(7, 70, 1);
        assert!(
            text.contains("council_http_requests_total{route=\"/api/search\",status=\"200\"} 2")
        );
        assert!(
            text.contains("council_http_requests_total{route=\"/api/search\",status=\"400\"} 1")
        );
        assert!(text.contains(
            "council_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"0.005\"} 2"
        ));
        assert!(text.contains(
            "council_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"+Inf\"} 3"
        ));
        assert!(
            text.contains("council_http_request_duration_seconds_count{route=\"/api/search\"} 3")
        );
        assert!(text.contains("council_searches_shed_total 1"));
        assert!(text.contains("council_index_documents 7"));
        assert!(text.contains("council_index_sections 70"));
    }
}
