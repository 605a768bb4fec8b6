//! `parse` throughput (MB/s) on the bundled corpus, beside its peer in the same run: the
//! extraction alone (pdf-extract for PDFs, decoding for text). The ratio of the two says what
//! structure (cleaning, blocks, sections, entities) costs on top of reading the text.
//!
//! `cargo bench --bench parse`

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|x| x == "txt" || x == "pdf" || x == "md" || x == "html")
            {
                let bytes = std::fs::read(&p).unwrap();
                files.push((p, bytes));
            }
        }
    }
    files.sort();
    files
}

fn parse(c: &mut Criterion) {
    let files = corpus();
    let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let options = council_pipeline::ParseOptions::default();
    let mut group = c.benchmark_group("bundled corpus");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(20);
    group.bench_function("parse (extract + structure + entities)", |b| {
        b.iter(|| {
            let mut docs = 0;
            for (path, data) in &files {
                let parsed = council_pipeline::parse_bytes(path, data, "bench", &options).unwrap();
                docs += parsed.documents.len();
            }
            docs
        })
    });
    group.bench_function("peer: extraction only", |b| {
        b.iter(|| {
            let mut chars = 0;
            for (path, data) in &files {
                if path.extension().is_some_and(|x| x == "pdf") {
                    chars += council_pipeline::extract::pdf::extract_pages(data)
                        .unwrap()
                        .iter()
                        .map(|p| p.len())
                        .sum::<usize>();
                } else {
                    chars += council_pipeline::decode::decode_text(data).len();
                }
            }
            chars
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
