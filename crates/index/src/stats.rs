//! [`SearchStats`]: the BM25 statistics of one search, each looked up once for both
//! phases of the ranking ([`crate::phases`]), with the segments' open columns
//! ([`crate::columns`]) the phases read.

use std::cell::RefCell;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tantivy::query::{Bm25StatisticsProvider, EnableScoring};
use tantivy::schema::Field;
use tantivy::{DocAddress, Searcher, Term};

use crate::columns::SegmentColumns;
use crate::dedup::NO_PARAGRAPH;
use crate::paper_stats::{self, PaperFields};
use crate::rank::{Ranking, SegmentRanking};
use crate::schema::Fields;

/// BM25 statistics of one searcher, each looked up once per search: both phases weigh the
/// same terms, and a document frequency costs a term-dictionary look-up in every segment
/// (dozens at a million sections). The fields every section of a paper shares count papers,
/// not sections ([`crate::paper_stats`]).
pub struct SearchStats<'a> {
    pub(crate) searcher: &'a Searcher,
    doc_freq: RefCell<FxHashMap<Term, u64>>,
    tokens: RefCell<FxHashMap<Field, u64>>,
    /// Fields whose statistics are another field's: (twin, main).
    twins: Vec<(Field, Field)>,
    paper: PaperFields,
    papers: RefCell<Option<Option<u64>>>,
    /// The segments' open columns, by segment ordinal (none: opened where needed).
    pub(crate) columns: Option<Vec<Arc<SegmentColumns>>>,
}

impl<'a> SearchStats<'a> {
    /// No statistics looked up yet.
    pub fn new(searcher: &'a Searcher) -> SearchStats<'a> {
        SearchStats {
            searcher,
            doc_freq: RefCell::default(),
            tokens: RefCell::default(),
            twins: Vec::new(),
            paper: PaperFields::of(searcher.schema()),
            papers: RefCell::default(),
            columns: None,
        }
    }

    /// These statistics, with the searcher's segments' open columns ([`crate::columns`]).
    pub fn with_columns(mut self, columns: Vec<Arc<SegmentColumns>>) -> SearchStats<'a> {
        self.columns = Some(columns);
        self
    }

    /// The ranking of the sections of segment `segment_ord`, with its open columns where
    /// the statistics carry them.
    pub(crate) fn ranking_of(&self, ranking: &Ranking, segment_ord: u32) -> SegmentRanking {
        let segment = self.searcher.segment_reader(segment_ord);
        match self
            .columns
            .as_ref()
            .and_then(|c| c.get(segment_ord as usize))
        {
            Some(columns) => ranking.for_segment_with(segment, &columns.rank),
            None => ranking.for_segment(segment),
        }
    }

    /// A column of segment `segment_ord` from its open columns, where the statistics carry
    /// them (`None`: they do not; `Some(None)`: the segment has no such column).
    pub(crate) fn column_of<T>(
        &self,
        segment_ord: u32,
        column: impl Fn(&SegmentColumns) -> Option<T>,
    ) -> Option<Option<T>> {
        self.columns
            .as_ref()
            .and_then(|c| c.get(segment_ord as usize))
            .map(|c| column(c))
    }

    /// The paragraph key of a section ([`crate::schema::section_key`]), from the segment's
    /// open column where the statistics carry it; [`NO_PARAGRAPH`] where it has none.
    pub(crate) fn paragraph_of(&self, address: DocAddress) -> u64 {
        let cached = self
            .columns
            .as_ref()
            .and_then(|c| c.get(address.segment_ord as usize))
            .map(|c| c.paragraph.as_ref().and_then(|p| p.first(address.doc_id)));
        let key = match cached {
            Some(key) => key,
            None => self
                .searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64("paragraph")
                .ok()
                .and_then(|c| c.first(address.doc_id)),
        };
        key.unwrap_or(NO_PARAGRAPH)
    }

    /// These statistics, with the canonical twin fields ([`crate::canonical`]) weighed by
    /// their main fields' statistics: a canonical copy then scores in phase one as it
    /// would in the main fields.
    pub fn with_twins(mut self, fields: &Fields) -> SearchStats<'a> {
        self.twins = fields.canon.into_iter().zip(fields.text_fields()).collect();
        self
    }

    fn main_field(&self, field: Field) -> Option<Field> {
        self.twins
            .iter()
            .find(|(twin, _)| *twin == field)
            .map(|&(_, main)| main)
    }

    /// The searcher the statistics are read from.
    pub fn searcher(&self) -> &'a Searcher {
        self.searcher
    }

    /// The number of papers, looked up once (`None`: the index has no paper-level fields).
    fn papers(&self) -> tantivy::Result<Option<u64>> {
        if let Some(papers) = *self.papers.borrow() {
            return Ok(papers);
        }
        let papers = self.paper.papers(self.searcher)?;
        *self.papers.borrow_mut() = Some(papers);
        Ok(papers)
    }

    /// Scoring with these statistics.
    pub fn scoring(&self) -> EnableScoring<'_> {
        EnableScoring::enabled_from_statistics_provider(self, self.searcher)
    }
}

impl Bm25StatisticsProvider for SearchStats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let field = self.main_field(field).unwrap_or(field);
        if let Some(&n) = self.tokens.borrow().get(&field) {
            return Ok(n);
        }
        let n = self.searcher.total_num_tokens(field)?;
        self.tokens.borrow_mut().insert(field, n);
        Ok(n)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if let (Some(main), Some(text)) = (self.main_field(term.field()), term.value().as_str()) {
            return self.doc_freq(&Term::from_field_text(main, text));
        }
        if let Some(&n) = self.doc_freq.borrow().get(term) {
            return Ok(n);
        }
        let paper_level = match self.paper.papers_with(self.searcher, term)? {
            Some(with) => {
                let papers = self.papers()?;
                let records = self.total_num_docs()?;
                papers.and_then(|papers| paper_stats::scaled_doc_freq(with, papers, records))
            }
            None => None,
        };
        let n = match paper_level {
            Some(n) => n,
            None => Bm25StatisticsProvider::doc_freq(self.searcher, term)?,
        };
        self.doc_freq.borrow_mut().insert(term.clone(), n);
        Ok(n)
    }
}
