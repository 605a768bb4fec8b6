//! Runs one search against an index folder and prints the results as JSON, with timings on
//! stderr: `cargo run --release -p council-index --example search -- INDEX "QUERY" [LIMIT]`.
//! With `SIMILAR=1` the query is a section id and similar sections are printed instead.

use std::time::Instant;

use council_index::{SearchRequest, SectionIndex};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: search INDEX QUERY [LIMIT]");
        std::process::exit(2);
    }
    let limit = args.get(3).and_then(|l| l.parse().ok()).unwrap_or(10);
    let t0 = Instant::now();
    let index = SectionIndex::open(std::path::Path::new(&args[1]))?;
    let t1 = Instant::now();
    if std::env::var("SIMILAR").is_ok() {
        let hits = index.similar(&args[2], limit)?;
        println!("{}", serde_json::to_string(&hits)?);
        return Ok(());
    }
    let request = SearchRequest {
        query: args[2].clone(),
        limit,
        explain: std::env::var("EXPLAIN").is_ok(),
        ..SearchRequest::default()
    };
    let _warm = index.search(&request)?;
    let t2 = Instant::now();
    let results = index.search(&request)?;
    let t3 = Instant::now();
    eprintln!(
        "open {:?} first search {:?} second search {:?}",
        t1 - t0,
        t2 - t1,
        t3 - t2
    );
    println!("{}", serde_json::to_string(&results)?);
    Ok(())
}
