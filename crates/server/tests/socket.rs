//! The real server on a socket: slow clients, huge bodies, request ids, and picking up an
//! index commit made by another writer while it runs.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use council_index::SectionIndex;
use council_model::{Document, DocumentKind, Meeting};
use council_server::{AppState, Limits};
use tempfile::TempDir;

fn limits() -> Limits {
    Limits {
        max_concurrent_searches: 4,
        request_timeout: Duration::from_secs(5),
        header_read_timeout: Duration::from_secs(1),
        ..Limits::default()
    }
}

/// A plain HTTP/1.1 GET with `Connection: close`: status line, headers and body.
fn http_get(addr: SocketAddr, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: test-{}\r\nConnection: close\r\n\r\n",
        path.len()
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

/// Reads until EOF or an error; returns what was read and how long it took.
fn read_until_closed(stream: &mut TcpStream, max: Duration) -> (Vec<u8>, Duration) {
    stream.set_read_timeout(Some(max)).unwrap();
    let start = Instant::now();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
        if start.elapsed() > max {
            break;
        }
    }
    (out, start.elapsed())
}

fn served(dir: &TempDir) -> Server {
    let index = SectionIndex::open(dir.path()).unwrap();
    start(AppState::new(index).with_limits(limits()))
}

#[test]
fn slow_clients_are_cut_off_and_others_served() {
    let (dir, index) = test_index();
    drop(index);
    let server = served(&dir);

    // A client that sends half its headers and then nothing.
    let mut slow = TcpStream::connect(server.addr).unwrap();
    slow.write_all(b"GET /api/search?q=chair HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    // A client that connects and sends nothing at all.
    let mut silent = TcpStream::connect(server.addr).unwrap();
    // A slowloris: one header byte every 200 ms.
    let mut loris = TcpStream::connect(server.addr).unwrap();
    let loris_writer = {
        let mut loris = loris.try_clone().unwrap();
        std::thread::spawn(move || {
            let _ = loris.write_all(b"GET / HTTP/1.1\r\n");
            for _ in 0..40 {
                if loris.write_all(b"X").is_err() {
                    return true;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            false
        })
    };

    // Others are answered meanwhile.
    let (status, head, body) = http_get(server.addr, "/api/search?q=chair");
    assert_eq!(status, 200, "{head}");
    assert!(body.contains("\"hits\""));
    assert!(
        head.to_ascii_lowercase().contains("x-request-id: test-"),
        "{head}"
    );

    let (_, waited) = read_until_closed(&mut slow, Duration::from_secs(8));
    assert!(
        waited < Duration::from_secs(5),
        "half headers held for {waited:?}"
    );
    let (_, waited) = read_until_closed(&mut silent, Duration::from_secs(8));
    assert!(
        waited < Duration::from_secs(5),
        "silent client held for {waited:?}"
    );
    let (_, waited) = read_until_closed(&mut loris, Duration::from_secs(8));
    assert!(
        waited < Duration::from_secs(5),
        "slowloris held for {waited:?}"
    );
    assert!(
        loris_writer.join().unwrap(),
        "the slowloris was disconnected"
    );

    let (status, _, _) = http_get(server.addr, "/healthz");
    assert_eq!(status, 200);
}

#[test]
fn a_100_mb_body_is_refused_without_reading_it() {
    let (dir, index) = test_index();
    drop(index);
    let server = served(&dir);
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .write_all(
            b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 104857600\r\n\r\n",
        )
        .unwrap();
    // Start sending the body; the server answers and closes long before 100 MB.
    let writer = {
        let mut stream = stream.try_clone().unwrap();
        std::thread::spawn(move || {
            let chunk = vec![b'x'; 1 << 20];
            let mut sent = 0usize;
            for _ in 0..100 {
                if stream.write_all(&chunk).is_err() {
                    break;
                }
                sent += chunk.len();
            }
            sent
        })
    };
    let (response, waited) = read_until_closed(&mut stream, Duration::from_secs(10));
    let text = String::from_utf8_lossy(&response);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("payload_too_large"), "{text}");
    assert!(waited < Duration::from_secs(5));
    let sent = writer.join().unwrap();
    assert!(
        sent < 100 << 20,
        "the server stopped reading ({sent} bytes sent)"
    );

    // Chunked, without a length: cut off at the limit.
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .write_all(b"POST /api/search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        .unwrap();
    let _ = stream.write_all(b"10000\r\n");
    let _ = stream.write_all(&vec![b'x'; 0x10000]);
    let _ = stream.write_all(b"\r\n10000\r\n");
    let _ = stream.write_all(&vec![b'x'; 0x10000]);
    let (response, _) = read_until_closed(&mut stream, Duration::from_secs(5));
    let text = String::from_utf8_lossy(&response);
    assert!(
        text.starts_with("HTTP/1.1 405") || text.starts_with("HTTP/1.1 413"),
        "{text}"
    );

    let (status, _, _) = http_get(server.addr, "/api/search?q=chair");
    assert_eq!(status, 200, "still answering");
}

fn new_document() -> Document {
    Document {
        id: "dddd4444.0".to_string(),
        source: "cabinet/2025-02-01-zebra-crossings.txt".to_string(),
        kind: DocumentKind::CommitteeReport,
        title: Some("Zebra crossings near schools".to_string()),
        council: Some("Northshire County Council".to_string()),
        meetings: vec![Meeting {
            body: Some("Cabinet".to_string()),
            date: Some("2025-02-01".to_string()),
            item: None,
        }],
        sections: vec![section(
            "1",
            Some("Purpose"),
            &[],
            "This report proposes twelve new zebra crossings near primary schools.",
            1,
        )],
        entities: vec![],
        questions: vec![],
        decisions: vec![],
        pages: None,
        content_hash: "dddd4444".to_string(),
        ..Document::default()
    }
}

#[test]
fn the_server_picks_up_a_commit_by_another_writer() {
    let (dir, index) = test_index();
    drop(index);
    let server = served(&dir);
    let (status, _, body) = http_get(server.addr, "/api/search?q=zebra");
    assert_eq!(status, 200);
    assert!(body.contains("\"total\":0"), "{body}");

    // As `council ingest` would: another process-like handle on the folder, one writer.
    let other = Arc::new(SectionIndex::open(dir.path()).unwrap());
    let mut writer = other.writer(20_000_000).unwrap();
    writer.add_document(&new_document()).unwrap();
    writer.commit().unwrap();
    drop(writer);

    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (status, _, body) = http_get(server.addr, "/api/search?q=zebra");
        assert_eq!(status, 200);
        if body.contains("dddd4444.0") {
            break;
        }
        assert!(Instant::now() < deadline, "commit not picked up: {body}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let (_, _, body) = http_get(server.addr, "/healthz");
    assert!(body.contains("\"documents\":4"), "{body}");
    let (status, _, body) = http_get(server.addr, "/documents/dddd4444.0");
    assert_eq!(status, 200);
    assert!(body.contains("Zebra crossings near schools"));
}
