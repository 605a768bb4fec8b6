//! Query latency on a large index: the full council query (weighted fields, synonyms,
//! intent, coverage, proximity, names, length factor, grouping, snippets, facets) beside a
//! plain BM25 query over the text field of the same index.
//!
//! The index (≥ 200,000 sections) is built once from `../shared/corpus`: every file is
//! parsed with `council_pipeline::parse_file` (PDFs in process) and the documents are added
//! again and again with altered ids, sources and councils until there are enough sections.
//! It is kept in `target/bench-index` and reused when it already holds enough sections.
//! The queries are the dev queries of `../shared/eval/dev/queries.json`. Besides criterion's
//! numbers, the p50/p99 latency of each kind of query over all queries is printed, with
//! their ratio.
//!
//! `COUNCIL_BENCH_INDEX=/path/to/index` uses an existing index instead (e.g. the
//! million-section index `scripts/bench-search.sh` builds); the queries are then the dev
//! queries plus the held-out-style ones of `benches/data/heldout-style-queries.txt`, and
//! the candidate count of the two-phase ranking is swept (latency, and how many of the
//! top ten papers agree with a 20,000-candidate ranking; `COUNCIL_BENCH_K=300,1000` picks
//! the counts, `COUNCIL_BENCH_K=300` alone skips the 20,000-candidate reference). Then, at
//! the default count, the same queries by kind: with a council filter (the council most
//! of the first query's hits are from) and with the first two words quoted as a phrase.
//!
//! `cargo bench --bench query` (prints a message and does nothing without `../shared`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use council_index::{SearchRequest, SectionIndex, Tuning};
use criterion::{criterion_group, criterion_main, Criterion};

/// The fewest sections the benchmark index holds.
const MIN_SECTIONS: u64 = 200_000;
/// Files bigger than this are left out of the benchmark corpus (keeps the build quick).
const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Timed runs of each query for the percentiles.
const RUNS: usize = 30;

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    (dir.join("corpus").is_dir() && dir.join("eval/dev/queries.json").is_file()).then_some(dir)
}

fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if e.metadata().is_ok_and(|m| m.len() <= MAX_FILE_BYTES) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn documents(corpus: &Path) -> Vec<council_model::Document> {
    let options = council_pipeline::ParseOptions::default();
    let mut docs = Vec::new();
    for path in files(corpus) {
        let source = path
            .strip_prefix(corpus)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        // A hostile file may panic the in-process PDF reader: skip it.
        let parsed =
            std::panic::catch_unwind(|| council_pipeline::parse_file(&path, &source, &options));
        if let Ok(Ok(parsed)) = parsed {
            docs.extend(parsed.documents);
        }
    }
    docs
}

fn index(shared: &Path) -> SectionIndex {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-index");
    if let Ok(index) = SectionIndex::open(&dir) {
        if index.num_sections() >= MIN_SECTIONS {
            eprintln!(
                "reusing {} ({} sections)",
                dir.display(),
                index.num_sections()
            );
            return index;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let started = Instant::now();
    let docs = documents(&shared.join("corpus"));
    let per_copy: u64 = docs.iter().map(|d| d.sections.len() as u64).sum();
    assert!(per_copy > 0, "no sections parsed from the corpus");
    let copies = MIN_SECTIONS.div_ceil(per_copy);
    eprintln!(
        "parsed {} documents ({per_copy} sections) in {:.1?}; indexing {copies} copies",
        docs.len(),
        started.elapsed()
    );
    let index = SectionIndex::open_or_create(&dir).expect("create bench index");
    let mut writer = index.writer(400_000_000).expect("writer");
    for copy in 0..copies {
        for doc in &docs {
            let mut doc = doc.clone();
            if copy > 0 {
                doc.id = format!("{}-copy{copy}", doc.id);
                doc.source = format!("copy{copy}/{}", doc.source);
                doc.council = doc.council.map(|c| format!("{c} {copy}"));
            }
            writer.add_document(&doc).expect("add");
        }
    }
    writer.commit().expect("commit");
    index.reload().expect("reload");
    eprintln!(
        "built {} ({} sections) in {:.1?}",
        dir.display(),
        index.num_sections(),
        started.elapsed()
    );
    index
}

fn queries(shared: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(shared.join("eval/dev/queries.json")).expect("queries");
    let json: serde_json::Value = serde_json::from_str(&text).expect("queries JSON");
    json.as_array()
        .expect("a list of queries")
        .iter()
        .filter_map(|q| q["query"].as_str().map(str::to_string))
        .collect()
}

/// The held-out-style queries (not judged; they widen the latency sample).
fn heldout_style() -> Vec<String> {
    include_str!("data/heldout-style-queries.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The papers of the top ten hits, with a `copyN/` folder prefix removed (the scaled
/// index is made of distinct copies of one corpus: a copy of a paper is the same answer).
fn top_papers(index: &SectionIndex, query: &str) -> Vec<String> {
    let results = index.search(&request(query)).expect("search");
    results
        .hits
        .iter()
        .map(|h| {
            let source = match h.source.split_once('/') {
                Some((first, rest)) if first.starts_with("copy") => rest,
                _ => h.source.as_str(),
            };
            format!("{source}#{}", h.section_ordinal)
        })
        .collect()
}

/// For an existing index: full two-phase search vs plain BM25 in the same run, then the
/// candidate count swept.
fn sweep(dir: &Path, queries: &[String]) {
    let open = |candidates: usize| {
        let tuning = Tuning::default().with_candidates(candidates);
        SectionIndex::open(dir)
            .expect("open index")
            .with_tuning(tuning)
    };
    let index = open(Tuning::default().candidates);
    let plain = latencies(queries, |q| {
        std::hint::black_box(index.plain_search(q, 10).expect("plain search"));
    });
    let (p50, p99) = (percentile(&plain, 0.5), percentile(&plain, 0.99));
    eprintln!(
        "\n{} sections, {} queries\nplain BM25 top-10      : p50 {p50:.2?}  p99 {p99:.2?}",
        index.num_sections(),
        queries.len()
    );
    let counts: Vec<usize> = std::env::var("COUNCIL_BENCH_K")
        .ok()
        .map(|v| v.split(',').filter_map(|k| k.trim().parse().ok()).collect())
        .filter(|k: &Vec<usize>| !k.is_empty())
        .unwrap_or_else(|| vec![100, 300, 1000, 3000]);
    let reference: Vec<Vec<String>> = if counts.len() > 1 {
        let exhaustive = open(20_000);
        queries.iter().map(|q| top_papers(&exhaustive, q)).collect()
    } else {
        Vec::new()
    };
    for &k in &counts {
        let index = open(k);
        let full = latencies(queries, |q| {
            std::hint::black_box(index.search(&request(q)).expect("search"));
        });
        let (f50, f99) = (percentile(&full, 0.5), percentile(&full, 0.99));
        let (mut same, mut all) = (0, 0);
        for (q, want) in queries.iter().zip(&reference) {
            let got = top_papers(&index, q);
            same += want.iter().filter(|p| got.contains(p)).count();
            all += want.len();
        }
        let agreement = match all {
            0 => "-".to_string(),
            _ => format!("{:.3}", same as f64 / all as f64),
        };
        let default = if k == Tuning::default().candidates {
            " (default)"
        } else {
            ""
        };
        eprintln!(
            "two-phase K={k:<5}{default:10}: p50 {f50:.2?}  p99 {f99:.2?}  ratio to BM25 p50 {:.1}× p99 {:.1}×  top-10 agreement with K=20000 {agreement}",
            f50.as_secs_f64() / p50.as_secs_f64(),
            f99.as_secs_f64() / p99.as_secs_f64(),
        );
    }
    by_kind(&index, queries, p50);
}

/// A request from a query.
type MakeRequest<'a> = dyn Fn(&str) -> SearchRequest + 'a;

/// The default search with a council filter (broad: the council most of the first
/// query's hits are from; selective: the one fewest are from, with its share of the
/// sections) and with a quoted phrase, beside plain BM25's p50 `plain`.
fn by_kind(index: &SectionIndex, queries: &[String], plain: Duration) {
    let council = top_council(index, &queries[0]);
    let filtered = |q: &str| SearchRequest {
        council: council.clone(),
        ..request(q)
    };
    let rare = rare_council(index, &queries[0]);
    let share = share_of(index, &rare);
    let selective = |q: &str| SearchRequest {
        council: rare.clone(),
        ..request(q)
    };
    let phrase = |q: &str| request(&quoted(q));
    let rare_name = format!("council filter {:.1} %", share * 100.0);
    let kinds: [(&str, &MakeRequest); 3] = [
        ("council filter", &filtered),
        (&rare_name, &selective),
        ("quoted phrase", &phrase),
    ];
    for (name, make) in kinds {
        let times = latencies(queries, |q| {
            std::hint::black_box(index.search(&make(q)).expect("search"));
        });
        let (f50, f99) = (percentile(&times, 0.5), percentile(&times, 0.99));
        eprintln!(
            "two-phase, {name:<22}: p50 {f50:.2?}  p99 {f99:.2?}  ratio to BM25 p50 {:.1}×",
            f50.as_secs_f64() / plain.as_secs_f64(),
        );
    }
}

/// `query` with its first two words quoted as a phrase (a one-word query quoted whole).
fn quoted(query: &str) -> String {
    let words: Vec<&str> = query.split_whitespace().collect();
    match words.len() {
        0 | 1 => format!("\"{query}\""),
        _ => format!("\"{} {}\" {}", words[0], words[1], words[2..].join(" ")),
    }
}

/// The council most of the hits of `query` are from (as a council filter).
fn top_council(index: &SectionIndex, query: &str) -> Vec<String> {
    index
        .search(&request(query))
        .expect("search")
        .facets
        .council
        .first()
        .map(|c| vec![c.value.clone()])
        .unwrap_or_default()
}

/// The council fewest of the hits of `query` are from, by its facet (as a council filter).
fn rare_council(index: &SectionIndex, query: &str) -> Vec<String> {
    index
        .search(&request(query))
        .expect("search")
        .facets
        .council
        .last()
        .map(|c| vec![c.value.clone()])
        .unwrap_or_default()
}

/// The share of the index's sections a council filter passes (its filter-only total).
fn share_of(index: &SectionIndex, council: &[String]) -> f64 {
    let all = SearchRequest {
        council: council.to_vec(),
        limit: 0,
        ..SearchRequest::default()
    };
    let passing = index.search(&all).expect("search").total;
    passing as f64 / index.num_sections().max(1) as f64
}

/// Only the default two-phase search, `rounds` times over every query, and nothing else:
/// a steady loop to run under a profiler (`perf record`, `valgrind --tool=callgrind`).
/// `COUNCIL_BENCH_PLAIN=1` runs plain BM25 top-10 instead (its instruction count is the
/// load-independent peer of the two-phase one); `COUNCIL_BENCH_COUNCIL=1` the two-phase
/// search with the council filter of the by-kind runs (`COUNCIL_BENCH_COUNCIL=rare`: the
/// selective one); `COUNCIL_BENCH_PHRASE=1` with the first two words quoted, as the by-kind
/// runs quote them.
fn profile(dir: &Path, queries: &[String], rounds: usize) {
    // COUNCIL_BENCH_K: the candidate count (the first one given), else the default.
    let k = std::env::var("COUNCIL_BENCH_K")
        .ok()
        .and_then(|v| v.split(',').next().and_then(|k| k.trim().parse().ok()))
        .unwrap_or(Tuning::default().candidates);
    let index = SectionIndex::open(dir)
        .expect("open index")
        .with_tuning(Tuning::default().with_candidates(k));
    let plain = std::env::var_os("COUNCIL_BENCH_PLAIN").is_some();
    let phrase = std::env::var_os("COUNCIL_BENCH_PHRASE").is_some();
    // COUNCIL_BENCH_COUNCIL=1: with the council filter of the by-kind runs.
    let council = match std::env::var("COUNCIL_BENCH_COUNCIL").as_deref() {
        Ok("rare") => rare_council(&index, &queries[0]),
        Ok(_) => top_council(&index, &queries[0]),
        Err(_) => Vec::new(),
    };
    let started = Instant::now();
    for _ in 0..rounds {
        for q in queries {
            if plain {
                std::hint::black_box(index.plain_search(q, 10).expect("plain search"));
            } else {
                let text = match phrase {
                    true => quoted(q),
                    false => q.clone(),
                };
                let request = SearchRequest {
                    council: council.clone(),
                    ..request(&text)
                };
                std::hint::black_box(index.search(&request).expect("search"));
            }
        }
    }
    eprintln!(
        "profile: {} {} searches (K={k}) in {:.2?}",
        rounds * queries.len(),
        if plain { "plain BM25" } else { "two-phase" },
        started.elapsed()
    );
}

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        query: query.to_string(),
        limit: 10,
        ..SearchRequest::default()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The CPU time this thread has used (`CLOCK_THREAD_CPUTIME_ID`): unlike the wall clock,
/// it does not count the time other processes of a busy machine hold the cores.
fn thread_cpu_time() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Each query's latency, `runs` times (after one warm run), sorted. The wall clock, or
/// with `COUNCIL_BENCH_CLOCK=cpu` the thread's CPU time (for a shared, loaded machine;
/// cache misses caused by other processes still count).
fn latencies(queries: &[String], mut run: impl FnMut(&str)) -> Vec<Duration> {
    // COUNCIL_BENCH_RUNS overrides the number of timed runs (a quick look on a busy machine).
    let runs = std::env::var("COUNCIL_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(RUNS);
    let cpu = std::env::var("COUNCIL_BENCH_CLOCK").is_ok_and(|c| c == "cpu");
    let now = || match cpu {
        true => thread_cpu_time(),
        false => START.with(|s| s.elapsed()),
    };
    let mut out = Vec::with_capacity(queries.len() * runs);
    for q in queries {
        run(q); // warm
        for _ in 0..runs {
            let t = now();
            run(q);
            out.push(now().saturating_sub(t));
        }
    }
    out.sort();
    out
}

thread_local! {
    /// The wall clock's origin for [`latencies`].
    static START: Instant = Instant::now();
}

fn bench(c: &mut Criterion) {
    let Some(shared) = shared() else {
        eprintln!("../shared (corpus and eval/dev/queries.json) is absent: nothing to benchmark");
        return;
    };
    if let Some(dir) = std::env::var_os("COUNCIL_BENCH_INDEX") {
        let mut queries = queries(&shared);
        queries.extend(heldout_style());
        if let Some(records) = std::env::var("COUNCIL_BENCH_COMPACT")
            .ok()
            .and_then(|v| v.parse::<u32>().ok())
        {
            let index = SectionIndex::open(Path::new(&dir)).expect("open index");
            let mut writer = index.writer(50_000_000).expect("writer");
            let started = Instant::now();
            let left = writer.compact(records).expect("compact");
            eprintln!(
                "compacted into {left} segments in {:.1?}",
                started.elapsed()
            );
            return;
        }
        if std::env::var_os("COUNCIL_BENCH_PARAGRAPHS").is_some() {
            let index = SectionIndex::open(Path::new(&dir)).expect("open index");
            let started = Instant::now();
            let p = index.paragraphs();
            eprintln!(
                "paragraphs: {} sections with a paragraph key, {} distinct paragraphs, {} without a \
                 canonical copy, {} with two (counted in {:.1?})",
                p.sections,
                p.paragraphs,
                p.without_canonical,
                p.twice,
                started.elapsed()
            );
            return;
        }
        if let Some(rounds) = std::env::var("COUNCIL_BENCH_PROFILE")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
        {
            profile(Path::new(&dir), &queries, rounds);
            return;
        }
        sweep(Path::new(&dir), &queries);
        return;
    }
    let index = index(&shared);
    let queries = queries(&shared);

    let full = latencies(&queries, |q| {
        std::hint::black_box(index.search(&request(q)).expect("search"));
    });
    let plain = latencies(&queries, |q| {
        std::hint::black_box(index.plain_search(q, 10).expect("plain search"));
    });
    let (f50, f99) = (percentile(&full, 0.5), percentile(&full, 0.99));
    let (p50, p99) = (percentile(&plain, 0.5), percentile(&plain, 0.99));
    eprintln!(
        "\n{} sections, {} queries × {RUNS} runs\n\
         full query : p50 {f50:.2?}  p99 {f99:.2?}\n\
         plain BM25 : p50 {p50:.2?}  p99 {p99:.2?}\n\
         ratio      : p50 {:.1}×  p99 {:.1}×\n",
        index.num_sections(),
        queries.len(),
        f50.as_secs_f64() / p50.as_secs_f64(),
        f99.as_secs_f64() / p99.as_secs_f64(),
    );

    let mut group = c.benchmark_group("dev queries on 200k sections");
    group.sample_size(10);
    group.bench_function("full query (all dev queries)", |b| {
        b.iter(|| {
            for q in &queries {
                std::hint::black_box(index.search(&request(q)).expect("search"));
            }
        })
    });
    group.bench_function("plain BM25 on text (all dev queries)", |b| {
        b.iter(|| {
            for q in &queries {
                std::hint::black_box(index.plain_search(q, 10).expect("plain search"));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
