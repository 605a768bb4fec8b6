//! What a person sees, in headless Chromium: the real server on 127.0.0.1 over a temporary
//! index of hand-made papers, pages loaded with `chromium --headless --dump-dom` (the DOM
//! after scripts ran). Skipped, with a message, when `/usr/bin/chromium` is absent (CI
//! installs it from `.ci/run`). `COUNCIL_SCREENSHOT=/path.png` also saves a phone-sized
//! screenshot of a search.

mod common;

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use council_server::AppState;

const CHROMIUM: &str = "/usr/bin/chromium";

fn chromium_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

/// Runs chromium with these extra arguments and returns its stdout; kills it after 60 s.
fn run_chromium(extra: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(CHROMIUM)
        .args(chromium_args(profile.path()))
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
        out
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 60 s: {extra:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

fn dump_dom(addr: SocketAddr, path: &str) -> String {
    let dom = run_chromium(&[
        "--virtual-time-budget=3000".to_string(),
        "--dump-dom".to_string(),
        format!("http://{addr}{path}"),
    ]);
    assert!(dom.contains("</html>"), "no DOM for {path}: {dom}");
    dom
}

/// The first `href="..."` value containing `needle`, entity-decoded.
fn find_href(dom: &str, needle: &str) -> Option<String> {
    dom.match_indices("href=\"").find_map(|(i, _)| {
        let rest = &dom[i + 6..];
        let end = rest.find('"')?;
        let href = rest[..end].replace("&amp;", "&");
        href.contains(needle).then_some(href)
    })
}

#[test]
fn a_person_searches_filters_and_follows_a_hit() {
    if !Path::new(CHROMIUM).exists() {
        println!("skipped: {CHROMIUM} is not installed (apt-get install chromium)");
        return;
    }
    let (_dir, index) = test_index();
    let corpus = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(corpus.path().join("cabinet")).unwrap();
    std::fs::write(
        corpus
            .path()
            .join("cabinet/2023-06-12-improvement-board.pdf"),
        b"%PDF-1.4",
    )
    .unwrap();
    let state = AppState::new(index).with_corpus(corpus.path().to_path_buf());

    let server = start(state);
    let addr: SocketAddr = server.addr;

    // 1. A search: the query stays in the box, hits have marks, citations and a working
    //    copy button (shown by the script), and more sections of the same paper.
    let dom = dump_dom(addr, "/?q=improvement+board+chair+cabinet");
    assert!(
        dom.contains(r#"value="improvement board chair cabinet""#),
        "query kept"
    );
    assert!(dom.contains("<mark>"), "highlighted snippet");
    assert!(dom.contains("Northshire County Council"), "citation");
    assert!(dom.contains("Skip to main content"));
    let copy = dom
        .find(r#"<button class="copy""#)
        .map(|i| &dom[i..i + dom[i..].find('>').unwrap()])
        .expect("copy button");
    assert!(
        !copy.contains("hidden"),
        "the script showed the copy button: {copy}"
    );
    assert!(dom.contains("More from this document"));

    if let Ok(path) = std::env::var("COUNCIL_SCREENSHOT") {
        // A phone-sized look at the results (for a person to check by eye).
        run_chromium(&[
            format!("--screenshot={path}"),
            "--window-size=412,900".to_string(),
            format!("http://{addr}/?q=improvement+board+chair+cabinet"),
        ]);
        println!("screenshot saved to {path}");
    }

    // 2. A filter applied: only the Southvale paper, with the filter listed.
    let dom = dump_dom(
        addr,
        "/?q=parking+OR+chair&council=Southvale+Borough+Council",
    );
    assert!(
        dom.contains("Council: Southvale Borough Council"),
        "active filter"
    );
    assert!(dom.contains(&format!("/documents/{PARKING_ID}#s")));
    assert!(!dom.contains(&format!("/documents/{BOARD_ID}#s")));

    // 3. Following a hit: the paper page opens on the hit's paragraph, which gets focus.
    let dom = dump_dom(addr, "/?q=oversee+delivery+improvement+plan");
    let href = find_href(&dom, &format!("/documents/{BOARD_ID}#s")).expect("a hit link");
    let anchor = href.rsplit_once('#').unwrap().1.to_string();
    let dom = dump_dom(addr, &href);
    assert!(
        dom.contains("Appointment of an Independent Chair"),
        "paper title"
    );
    assert!(dom.contains("Contents"), "table of contents");
    assert!(dom.contains("Jane Smith"), "people");
    assert!(dom.contains("Decisions"));
    assert!(dom.contains("/files/cabinet/2023-06-12-improvement-board.pdf"));
    assert!(
        dom.contains(&format!(
            r#"<section id="{anchor}" class="targeted" tabindex="-1">"#
        )),
        "the hit's section {anchor} is the target"
    );
    assert!(dom.contains("quarterly to Cabinet"));

    // 4. A person's page.
    let dom = dump_dom(addr, "/people/Priya%20Patel");
    assert!(dom.contains("<h1>Priya Patel</h1>"));
    assert!(dom.contains("Chair"));

    drop(server);
}
