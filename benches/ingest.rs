//! Batch ingestion on a small sample (the bundled `corpus/`): a fresh ingest with PDFs in
//! worker processes, the same with PDFs in-process (the difference is what isolation costs),
//! an incremental re-run where every file is unchanged (walk + hash + one file-record lookup
//! a file), and the catalog read alone. The whole-corpus numbers (pages/s and MB/s against `pdftotext`, peak
//! RSS at 1× and 10×, the hostile set) come from `scripts/bench-ingest.sh`.
//!
//! `cargo bench --bench ingest`

use std::path::{Path, PathBuf};
use std::time::Duration;

use council_ingest::{ingest, IngestOptions, NoReport};
use council_pipeline::PdfExtractor;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn options(index: &Path) -> IngestOptions {
    let mut o = IngestOptions::with_worker(
        corpus(),
        index.to_path_buf(),
        PathBuf::from(env!("CARGO_BIN_EXE_council")),
    );
    o.threads = 2;
    o
}

fn bench(c: &mut Criterion) {
    let bytes: u64 = council_ingest::list_files(&corpus())
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    let mut group = c.benchmark_group("ingest bundled corpus");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));

    group.bench_function("fresh, PDFs in worker processes", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                let s = ingest(&options(&dir.path().join("index")), &mut NoReport).unwrap();
                assert_eq!(s.failed, 0);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("fresh, PDFs in-process", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                let mut o = options(&dir.path().join("index"));
                o.pdf = PdfExtractor::InProcess;
                let s = ingest(&o, &mut NoReport).unwrap();
                assert_eq!(s.failed, 0);
                dir
            },
            BatchSize::PerIteration,
        )
    });

    let built = tempfile::tempdir().unwrap();
    let index = built.path().join("index");
    ingest(&options(&index), &mut NoReport).unwrap();
    group.bench_function("re-run, all unchanged", |b| {
        b.iter(|| {
            let s = ingest(&options(&index), &mut NoReport).unwrap();
            assert_eq!(s.documents, 0);
        })
    });
    group.finish();

    let idx = council_index::SectionIndex::open(&index).unwrap();
    c.bench_function("catalog of the bundled-corpus index", |b| {
        b.iter(|| idx.catalog().unwrap().len())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
