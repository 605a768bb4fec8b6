//! The `council` binary: see `council --help` and the `council-cli` crate.

fn main() {
    match council_cli::run() {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            // A closed pipe (`council search ... | head -3`) is a normal end.
            let closed_pipe = e.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if closed_pipe {
                std::process::exit(0);
            }
            eprintln!("error: {}", council_cli::safe(&format!("{e:#}")));
            std::process::exit(1);
        }
    }
}
