//! Snapshot tests of what the pipeline reads in the bundled corpus (`corpus/`): every change
//! in kind, title, meetings, sections, decisions, questions, report facts, minute items or
//! entities shows up in review as a change to `tests/snapshots/*.snap`.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use council_model::Document;
use council_pipeline::{parse_file, ParseOptions};

fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut files: Vec<PathBuf> = walk(&root);
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn outline(d: &Document) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "kind: {}", d.kind.as_str());
    let _ = writeln!(s, "title: {:?}", d.title);
    let _ = writeln!(s, "council: {:?}", d.council);
    let _ = writeln!(s, "pages: {:?}", d.pages);
    for m in &d.meetings {
        let _ = writeln!(s, "meeting: {:?} {:?} item {:?}", m.body, m.date, m.item);
    }
    for x in &d.sections {
        let preview: String = x.text.chars().take(50).collect();
        let _ = writeln!(
            s,
            "section {:?} {:?} {:?} p{:?} [{}] {}",
            x.number,
            x.heading,
            x.kind.map(|k| k.as_str()),
            x.page,
            x.path.join(" > "),
            preview.replace('\n', " | ")
        );
        if let Some(m) = x.meeting {
            let _ = writeln!(s, "  (meeting {m})");
        }
    }
    for x in &d.decisions {
        let preview: String = x.text.chars().take(60).collect();
        let _ = writeln!(
            s,
            "decision {:?} {:?} {} (proposer {:?}, seconder {:?}, outcome {:?})",
            x.kind, x.label, preview, x.proposer, x.seconder, x.outcome
        );
    }
    for q in &d.questions {
        let preview: String = q.question.chars().take(50).collect();
        let _ = writeln!(
            s,
            "question {:?} {:?} -> {:?} ({:?}): {} / answered: {}",
            q.number,
            q.asker,
            q.respondent,
            q.respondent_role,
            preview,
            q.answer.is_some()
        );
    }
    if let Some(r) = &d.report {
        let _ = writeln!(
            s,
            "report: key decision {:?}, forward plan {:?}, wards {:?}, author {:?}",
            r.key_decision, r.forward_plan, r.wards, r.author
        );
    }
    for i in &d.items {
        let _ = writeln!(
            s,
            "item minute {:?} item {:?} {:?} sections {}..={} p{:?} decisions {:?}",
            i.minute, i.item, i.title, i.section, i.last_section, i.page, i.decisions
        );
    }
    for e in &d.entities {
        let _ = writeln!(
            s,
            "entity {} {:?} role {:?}",
            e.kind.as_str(),
            e.value,
            e.role
        );
    }
    s
}

#[test]
fn bundled_corpus_parses_as_before() {
    let files = corpus_files();
    assert!(
        files.len() >= 7,
        "the bundled corpus holds the seeds and their PDFs"
    );
    for file in files {
        let name = file
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace('.', "_");
        let parsed = parse_file(&file, &name, &ParseOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let text: String = parsed
            .documents
            .iter()
            .map(outline)
            .collect::<Vec<_>>()
            .join("\n---\n");
        insta::assert_snapshot!(name, text);
    }
}
