//! Document frequencies that count papers for the fields every section of a paper shares.
//!
//! Title, entities, bodies and file name are copied onto every section record of a paper
//! ([`crate::schema`]), so tantivy's document frequency of a word in those fields counts the
//! paper's *sections*: the title word of a paper of 200 sections has a frequency of 200 and a
//! low IDF, while the title word of a one-section paper (a written answer, a short notice) has
//! a frequency of 1 and the IDF of the rarest word in the index. The size of a paper would
//! decide how much its title weighs.
//!
//! Each document record therefore also holds those fields once, in a mirror field
//! ([`MIRRORS`]: `paper_title`, ...; indexed for their frequencies only). The search
//! statistics ([`crate::phases::SearchStats`]) read a shared field's frequency as the share of
//! papers whose mirror holds the word, scaled to the record count the BM25 formula divides by:
//! `papers_with_word × records / papers`. Its IDF is then the paper-level IDF, on the same
//! scale as the IDF of the section's own fields. An index written before the mirrors existed
//! has none, and keeps the section counts.

use tantivy::schema::{Field, Schema};
use tantivy::{Searcher, Term};

use crate::schema::RECORD_DOCUMENT;

/// The fields every section of a paper shares, each with the name of its mirror on the
/// document record.
pub const MIRRORS: [(&str, &str); 4] = [
    ("title", "paper_title"),
    ("entities", "paper_entities"),
    ("bodies", "paper_bodies"),
    ("file", "paper_file"),
];

/// The shared fields of a schema with their mirrors (those the schema has).
#[derive(Debug, Clone, Default)]
pub struct PaperFields {
    mirrors: Vec<(Field, Field)>,
    record: Option<Field>,
}

impl PaperFields {
    /// The mirrors `schema` has (none for an index written before they existed).
    pub fn of(schema: &Schema) -> PaperFields {
        let mirrors = MIRRORS
            .iter()
            .filter_map(|(shared, mirror)| {
                Some((
                    schema.get_field(shared).ok()?,
                    schema.get_field(mirror).ok()?,
                ))
            })
            .collect();
        PaperFields {
            mirrors,
            record: schema.get_field("record").ok(),
        }
    }

    /// The mirror of a shared field.
    fn mirror(&self, field: Field) -> Option<Field> {
        self.mirrors
            .iter()
            .find(|(shared, _)| *shared == field)
            .map(|&(_, mirror)| mirror)
    }

    /// The number of papers (document records) `searcher` holds, when the schema has
    /// mirrors.
    pub fn papers(&self, searcher: &Searcher) -> tantivy::Result<Option<u64>> {
        match self.record {
            Some(record) if !self.mirrors.is_empty() => {
                let term = Term::from_field_text(record, RECORD_DOCUMENT);
                Ok(Some(searcher.doc_freq(&term)?))
            }
            _ => Ok(None),
        }
    }

    /// The number of papers whose shared field holds `term`, when `term` is of a shared field
    /// with a mirror.
    pub fn papers_with(&self, searcher: &Searcher, term: &Term) -> tantivy::Result<Option<u64>> {
        let Some(mirror) = self.mirror(term.field()) else {
            return Ok(None);
        };
        let value = term.value();
        let Some(text) = value.as_str() else {
            return Ok(None);
        };
        Ok(Some(
            searcher.doc_freq(&Term::from_field_text(mirror, text))?,
        ))
    }
}

/// The document frequency that gives a term held by `with` of `papers` papers the paper-level
/// IDF in an index of `records` records: `with × records / papers`, at least 1 when `with` is,
/// at most `records`. `None` when the papers say nothing (no papers, or no paper holds it:
/// an index partly written without mirrors), so the section count stands.
pub fn scaled_doc_freq(with: u64, papers: u64, records: u64) -> Option<u64> {
    if papers == 0 || with == 0 {
        return None;
    }
    let scaled = (with as f64 * records as f64 / papers as f64).round() as u64;
    Some(scaled.clamp(1, records.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phases::SearchStats;
    use crate::SectionIndex;
    use council_model::{Document, DocumentKind, Section};
    use tantivy::query::Bm25StatisticsProvider;

    fn paper(id: &str, title: &str, sections: usize) -> Document {
        Document {
            id: id.into(),
            source: format!("papers/{id}.txt"),
            kind: DocumentKind::CommitteeReport,
            title: Some(title.into()),
            sections: (0..sections)
                .map(|i| Section {
                    text: format!("Paragraph {i} of the paper."),
                    ..Section::default()
                })
                .collect(),
            content_hash: id.into(),
            ..Document::default()
        }
    }

    #[test]
    fn a_title_word_counts_papers_not_sections() {
        let dir = tempfile::tempdir().unwrap();
        let index = SectionIndex::open_or_create(&dir.path().join("index")).unwrap();
        let mut writer = index.writer(50_000_000).unwrap();
        writer
            .add_document(&paper("one", "Satnav alerts", 1))
            .unwrap();
        writer
            .add_document(&paper("many", "Budget papers", 5))
            .unwrap();
        writer.commit().unwrap();
        index.reload().unwrap();
        let searcher = index.reader.searcher();
        let stats = SearchStats::new(&searcher);
        let title = |word: &str| Term::from_field_text(index.fields.title, word);
        // One paper each, whatever its number of sections: 1 of 2 papers, 8 records.
        let (one, many) = (
            stats.doc_freq(&title("satnav")).unwrap(),
            stats.doc_freq(&title("budget")).unwrap(),
        );
        assert_eq!((one, many), (4, 4));
        // The section's own fields still count sections.
        let text = Term::from_field_text(index.fields.text, "paragraph");
        assert_eq!(stats.doc_freq(&text).unwrap(), 6);
    }

    #[test]
    fn frequencies_scale_papers_to_records() {
        // 1 paper of 100 holds the word, 5,000 records: as rare as 50 records of 5,000.
        assert_eq!(scaled_doc_freq(1, 100, 5_000), Some(50));
        assert_eq!(scaled_doc_freq(100, 100, 5_000), Some(5_000));
        assert_eq!(scaled_doc_freq(0, 100, 5_000), None);
        assert_eq!(scaled_doc_freq(3, 0, 5_000), None);
        assert_eq!(scaled_doc_freq(1, 10, 3), Some(1));
    }
}
