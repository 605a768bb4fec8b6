//! The `council` binary: see `council --help` and the `council-cli` crate.

fn main() {
    match council_cli::run() {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(1);
        }
    }
}
