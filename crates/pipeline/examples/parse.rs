//! Prints the documents the pipeline finds in each file given, one JSON object a line:
//! `cargo run -p council-pipeline --example parse -- FILE...` (the pipeline alone, without
//! the index or the server: handy while working on structure).

fn main() {
    let options = council_pipeline::ParseOptions::default();
    for arg in std::env::args().skip(1) {
        let path = std::path::Path::new(&arg);
        match council_pipeline::parse_file(path, &arg, &options) {
            Ok(parsed) => {
                for d in parsed.documents {
                    println!("{}", serde_json::to_string(&d).expect("serialise"));
                }
            }
            Err(e) => eprintln!("{arg}: {e}"),
        }
    }
}
