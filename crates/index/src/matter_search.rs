//! How a matter's candidate papers are found in the index (to be checked against the exact
//! reference with [`crate::matters::references_of`]): a phrase search for a written reference; for a
//! meeting (and its items) the papers filed with its date or writing its month and year; for a
//! written question the papers holding its number.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use crate::matters::{RefKind, Reference, MAX_CANDIDATE_SECTIONS};
use crate::meetings::long_date;
use crate::schema::RECORD_SECTION;
use crate::{IndexError, SectionIndex};

impl SectionIndex {
    /// Ids of the papers whose sections (text or heading), titles or file names hold the
    /// reference's words as a phrase (to be checked against the exact reference, which
    /// [`crate::matters::references_of`] reads in the same places).
    pub(crate) fn candidate_documents(
        &self,
        reference: &Reference,
    ) -> Result<Vec<String>, IndexError> {
        match reference.kind {
            RefKind::Meeting => return self.meeting_candidates(reference),
            RefKind::Item => {
                return match crate::items::split_item(reference) {
                    Some((meeting, _)) => self.meeting_candidates(&meeting),
                    None => Ok(Vec::new()),
                }
            }
            RefKind::Question => return self.question_candidates(reference),
            _ => {}
        }
        let words = self.words(&reference.reference)?;
        if words.len() < 2 {
            return Ok(Vec::new());
        }
        let phrases: Vec<(Occur, Box<dyn Query>)> = [
            self.fields.text,
            self.fields.heading,
            self.fields.title,
            self.fields.file,
        ]
        .into_iter()
        .map(|field| {
            let terms = words
                .iter()
                .map(|w| Term::from_field_text(field, w))
                .collect();
            (
                Occur::Should,
                Box::new(PhraseQuery::new(terms)) as Box<dyn Query>,
            )
        })
        .collect();
        self.candidate_ids(&BooleanQuery::new(phrases))
    }

    /// The words of `text` as the text field's analyzer reads them.
    fn words(&self, text: &str) -> Result<Vec<String>, IndexError> {
        let mut analyzer = self.index.tokenizer_for_field(self.fields.text)?;
        let mut words = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            words.push(stream.token().text.clone());
        }
        Ok(words)
    }

    /// Ids of the papers whose sections match `query` (the best [`MAX_CANDIDATE_SECTIONS`]).
    fn candidate_ids(&self, query: &dyn Query) -> Result<Vec<String>, IndexError> {
        let searcher = self.reader.searcher();
        let query = BooleanQuery::new(vec![
            (Occur::Must, query.box_clone()),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.record, RECORD_SECTION),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let top = searcher.search(
            &query,
            &TopDocs::with_limit(MAX_CANDIDATE_SECTIONS).order_by_score(),
        )?;
        let mut ids: Vec<String> = Vec::new();
        for id in self.document_ids(&searcher, &top)? {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// Candidate papers of a written question: those whose text or heading path holds its
    /// number (the question itself, labelled "Question 4169", and those citing it).
    fn question_candidates(&self, reference: &Reference) -> Result<Vec<String>, IndexError> {
        let Some(uin) = crate::questions::question_uin(reference) else {
            return Ok(Vec::new());
        };
        let clauses: Vec<(Occur, Box<dyn Query>)> = [self.fields.text, self.fields.path]
            .into_iter()
            .map(|field| {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, uin),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>,
                )
            })
            .collect();
        self.candidate_ids(&BooleanQuery::new(clauses))
    }

    /// Candidate papers of a meeting: those filed with its date, and those whose title or
    /// sections write its month and year (minutes that state it, papers that name its
    /// minutes), to be checked with [`crate::matters::references_of`].
    pub(crate) fn meeting_candidates(
        &self,
        reference: &Reference,
    ) -> Result<Vec<String>, IndexError> {
        let Some(date) = crate::meetings::meeting_date(reference) else {
            return Ok(Vec::new());
        };
        let mut ids = self.candidate_ids(&TermQuery::new(
            Term::from_field_text(self.fields.date, date),
            IndexRecordOption::Basic,
        ))?;
        let long = long_date(date);
        let words = self.words(long.split_once(' ').map_or(long.as_str(), |(_, my)| my))?;
        if words.len() == 2 {
            let clauses: Vec<(Occur, Box<dyn Query>)> =
                [self.fields.text, self.fields.heading, self.fields.title]
                    .into_iter()
                    .map(|field| {
                        let all: Vec<(Occur, Box<dyn Query>)> = words
                            .iter()
                            .map(|w| {
                                (
                                    Occur::Must,
                                    Box::new(TermQuery::new(
                                        Term::from_field_text(field, w),
                                        IndexRecordOption::Basic,
                                    )) as Box<dyn Query>,
                                )
                            })
                            .collect();
                        (
                            Occur::Should,
                            Box::new(BooleanQuery::new(all)) as Box<dyn Query>,
                        )
                    })
                    .collect();
            for id in self.candidate_ids(&BooleanQuery::new(clauses))? {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        Ok(ids)
    }
}
