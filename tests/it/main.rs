//! The one integration-test binary: the `council` binary and `app()` driven end to end over
//! the bundled corpus (and the shared corpus where `../shared` is present).

mod harness;

mod cli;
mod guard;
mod http;
mod ingest;
mod matters;
mod pdf_workers;
mod shared_corpus;
mod takeaway;
