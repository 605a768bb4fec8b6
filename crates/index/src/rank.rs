//! The final ranking of sections: the query score times per-section factors read from fast
//! fields (section length, section kind for the query's intent), or the first meeting date
//! when sorting by date.
//!
//! - **Length**: BM25 already prefers short fields, strongly so here (half of all sections
//!   are headings without text, the median section has a handful of words), so a heading
//!   with no text or a table cell would beat the paragraph that answers. The factor grows
//!   gently with length from a floor (empty and short texts) up to a cap, so very long
//!   sections (whole-document blobs) do not win on length alone.
//! - **Intent**: sections whose kind matches the query's intent (decision or question
//!   words) are multiplied by [`INTENT_FACTOR`]: a boost, never a filter.
//! - **Record**: sections that record a fact the query asks for (who chaired, the vote,
//!   the seconder, ...: [`crate::record`]) are multiplied by the record factor
//!   ([`crate::record::RECORD_FACTOR`]).
//! - **Minutes**: for a question about the meeting (who chaired, who attended), sections
//!   of minutes are multiplied by [`MINUTES_FACTOR`].
//! - **Date**: sections of a paper whose meeting date falls on a date the query names
//!   ("the meeting on 13 February 2025", "in March 2018": [`crate::when`]) are multiplied
//!   by [`DATE_FACTOR`].

use std::sync::Arc;

use tantivy::columnar::{ColumnValues, StrColumn};
use tantivy::{DocId, Score, SegmentReader};

use crate::query::Intent;
use crate::record::{Asked, FactColumn};
use crate::tuning::Tuning;
use crate::when::Dates;
use crate::SortOrder;

/// The factor of sections whose kind matches the query's intent. Once intent words weigh as
/// any other word ([`crate::query::Weights::intent_term`] 1) and the shared fields'
/// frequencies count papers, 1.6 and 1 score the same on tune and dev (neither has a query
/// it decides); kept for the decision and question queries it exists for (a decision word
/// puts the resolution above a paragraph repeating the topic, `tests/ranking.rs`).
pub const INTENT_FACTOR: f32 = 1.6;

/// The factor of sections of minutes for a question about the meeting (who chaired, who
/// attended: [`Ranking::meeting_asked`]): minutes record who chaired and who attended; an
/// agenda, a report or a covering letter of the same meeting names it as often but records
/// neither. On the 42 tune queries: 1 0.857, 1.5 and 2 0.863 (n1 "who chaired the county
/// council meeting on 13 February 2025" 0.39 → 0.61: the minutes above the agenda
/// frontsheet), 3 0.863 but answer@3 0.897 → 0.862; dev 0.885 at each.
pub const MINUTES_FACTOR: f32 = 1.5;

/// The factor of sections whose paper's meeting date is a date the query names (chosen on
/// tune: 1.0 0.803, 1.5 0.819, 2.0 0.828, 3.0 0.828; frozen 0.782 at each; dev 0.911).
pub const DATE_FACTOR: f32 = 2.0;

/// The parameters of the length factor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LengthCurve {
    /// Number of words at which the factor is 1.
    pub(crate) pivot: f32,
    /// Exponent of `(words / pivot)`.
    pub(crate) power: f32,
    /// Lowest factor (empty and short texts).
    pub(crate) min: f32,
    /// Highest factor.
    pub(crate) max: f32,
}

/// The length curve in use. Empty and short texts take the curve's lowest factor: factors
/// of their own (0.4 for no text, 0.7 under 8 words) changed nothing on tune or dev.
pub(crate) const CURVE: LengthCurve = LengthCurve {
    pivot: 40.0,
    power: 0.2,
    min: 0.8,
    max: 2.0,
};

/// The length factor of a section text of `words` words.
fn length_factor(c: &LengthCurve, words: u64) -> f32 {
    (words as f32 / c.pivot).powf(c.power).clamp(c.min, c.max)
}

/// The factors a section's query score is multiplied by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Factors {
    /// The section-length factor.
    pub length: f32,
    /// The intent factor (its kind matches the query's intent).
    pub intent: f32,
    /// The record factor (it records a fact the query asks for; of minutes, for a question
    /// about the meeting).
    pub record: f32,
    /// Whether it records a fact the query asks for.
    pub holds_asked: bool,
    /// The date factor (its meeting is on a date the query names).
    pub date: f32,
}

impl Factors {
    /// Their product.
    pub fn product(self) -> f32 {
        self.length * self.intent * self.record * self.date
    }
}

/// The sort key of a section: the date key first (zero when ranking by relevance), then
/// the final score.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct RankKey {
    /// The date key: for newest first the date, for oldest first its complement; zero for
    /// no date (so dateless documents come last) and when ranking by relevance.
    pub date: u64,
    /// The final score.
    pub score: Score,
}

/// How sections are ranked for one search.
#[derive(Debug, Clone, Copy)]
pub struct Ranking {
    intent: Option<Intent>,
    asked: Asked,
    dates: Dates,
    sort: SortOrder,
    curve: LengthCurve,
    intent_factor: f32,
    record_factor: f32,
    date_factor: f32,
    minutes_factor: f32,
}

/// The per-segment columns the ranking reads.
struct Columns {
    text_len: Option<Arc<dyn ColumnValues<u64>>>,
    first_date: Option<Arc<dyn ColumnValues<u64>>>,
    kind: Option<StrColumn>,
    intent_ords: Vec<u64>,
    facts: FactColumn,
    /// The papers' kinds with the ordinal of `minutes`, for a question about the meeting.
    minutes: Option<(StrColumn, u64)>,
}

/// The columns of a segment's ranking that do not depend on the query: opened once per
/// segment ([`crate::columns`]).
#[derive(Clone)]
pub(crate) struct BaseColumns {
    text_len: Option<Arc<dyn ColumnValues<u64>>>,
    first_date: Option<Arc<dyn ColumnValues<u64>>>,
    kind: Option<StrColumn>,
}

impl BaseColumns {
    /// Opens the columns of `segment`.
    pub(crate) fn open(segment: &SegmentReader) -> BaseColumns {
        let ff = segment.fast_fields();
        BaseColumns {
            text_len: ff.u64("text_len").ok().map(|c| c.first_or_default_col(0)),
            first_date: ff.u64("first_date").ok().map(|c| c.first_or_default_col(0)),
            kind: ff.str("section_kind").ok().flatten(),
        }
    }
}

impl Columns {
    fn of(segment: &SegmentReader, ranking: &Ranking) -> Columns {
        Columns::with(segment, BaseColumns::open(segment), ranking)
    }

    fn with(segment: &SegmentReader, base: BaseColumns, ranking: &Ranking) -> Columns {
        let (intent, asked) = (ranking.intent, ranking.asked);
        let BaseColumns {
            text_len,
            first_date,
            kind,
        } = base;
        let intent_ords = match (intent, &kind) {
            (Some(intent), Some(kind)) => intent
                .section_kinds()
                .iter()
                .filter_map(|k| kind.dictionary().term_ord(k).ok().flatten())
                .collect(),
            _ => Vec::new(),
        };
        let minutes = if ranking.meeting_asked().is_empty() || ranking.minutes_factor == 1.0 {
            None
        } else {
            segment
                .fast_fields()
                .str("kind")
                .ok()
                .flatten()
                .and_then(|c| {
                    let ord = c.dictionary().term_ord("minutes").ok().flatten()?;
                    Some((c, ord))
                })
        };
        Columns {
            text_len,
            first_date,
            kind,
            intent_ords,
            facts: FactColumn::of(segment, asked),
            minutes,
        }
    }
}

impl Ranking {
    /// The ranking for a query intent and a sort order, with the tuning's length curve
    /// and intent factor.
    pub fn new(intent: Option<Intent>, sort: SortOrder, tuning: &Tuning) -> Ranking {
        Ranking {
            intent,
            asked: Asked::default(),
            dates: Dates::default(),
            sort,
            curve: tuning.curve,
            intent_factor: tuning.intent_factor,
            record_factor: tuning.record_factor,
            date_factor: tuning.date_factor,
            minutes_factor: tuning.minutes_factor,
        }
    }

    /// The same ranking, favouring sections of meetings on the `dates` the query names.
    pub fn with_dates(mut self, dates: Dates) -> Ranking {
        self.dates = dates;
        self
    }

    /// The same ranking, favouring sections that record the `asked` facts.
    pub fn with_asked(mut self, asked: Asked) -> Ranking {
        self.asked = asked;
        self
    }

    /// The facts of the record the query asks for.
    pub fn asked(&self) -> Asked {
        self.asked
    }

    /// The query's intent (decisions, questions), if any.
    pub fn intent(&self) -> Option<Intent> {
        self.intent
    }

    /// The facts of the meeting the query asks for, when it asks only for such facts (who
    /// chaired, who attended) and not for decisions or questions (then it is about items):
    /// a paper records them once, in the section its paper shows first
    /// ([`crate::within::Key::records_meeting`]). Empty otherwise.
    pub fn meeting_asked(&self) -> Asked {
        if self.asked.of_meeting() && self.intent.is_none() {
            self.asked
        } else {
            Asked::default()
        }
    }

    fn factors_of(&self, columns: &Columns, doc: DocId) -> Factors {
        let length = match &columns.text_len {
            Some(c) => length_factor(&self.curve, c.get_val(doc)),
            None => 1.0,
        };
        let matches_intent = columns.kind.as_ref().is_some_and(|kind| {
            !columns.intent_ords.is_empty()
                && kind
                    .term_ords(doc)
                    .any(|o| columns.intent_ords.contains(&o))
        });
        let intent = if matches_intent {
            self.intent_factor
        } else {
            1.0
        };
        let holds_asked = columns.facts.holds(doc);
        let in_minutes = columns
            .minutes
            .as_ref()
            .is_some_and(|(c, ord)| c.term_ords(doc).any(|o| o == *ord));
        let record = if holds_asked { self.record_factor } else { 1.0 }
            * if in_minutes { self.minutes_factor } else { 1.0 };
        let on_date = !self.dates.is_empty()
            && columns
                .first_date
                .as_ref()
                .is_some_and(|c| self.dates.hold(c.get_val(doc)));
        Factors {
            length,
            intent,
            record,
            holds_asked,
            date: if on_date { self.date_factor } else { 1.0 },
        }
    }

    /// The ranking of one segment's sections.
    pub fn for_segment(&self, segment: &SegmentReader) -> SegmentRanking {
        SegmentRanking {
            ranking: *self,
            columns: Columns::of(segment, self),
        }
    }

    /// The ranking of one segment's sections, its query-independent columns already open.
    pub(crate) fn for_segment_with(
        &self,
        segment: &SegmentReader,
        base: &BaseColumns,
    ) -> SegmentRanking {
        SegmentRanking {
            ranking: *self,
            columns: Columns::with(segment, base.clone(), self),
        }
    }

    /// The function for [`tantivy::collector::TopDocs::tweak_score`].
    pub fn sort_key_fn(
        self,
    ) -> impl Fn(&SegmentReader) -> Box<dyn Fn(DocId, Score) -> RankKey> + Send + Sync + 'static
    {
        move |segment: &SegmentReader| {
            let ranked = self.for_segment(segment);
            Box::new(move |doc: DocId, score: Score| ranked.key(doc, score))
                as Box<dyn Fn(DocId, Score) -> RankKey>
        }
    }
}

/// A [`Ranking`] with one segment's columns open.
pub struct SegmentRanking {
    ranking: Ranking,
    columns: Columns,
}

impl SegmentRanking {
    /// The date key of a section: for newest first its first meeting date, for oldest
    /// first the date's complement; zero for no date and when ranking by relevance.
    pub fn date_key(&self, doc: DocId) -> u64 {
        match (&self.columns.first_date, self.ranking.sort) {
            (_, SortOrder::Relevance) | (None, _) => 0,
            (Some(c), SortOrder::Newest) => c.get_val(doc),
            (Some(c), SortOrder::Oldest) => match c.get_val(doc) {
                0 => 0,
                d => u64::MAX - d,
            },
        }
    }

    /// The factors of a section.
    pub fn factors(&self, doc: DocId) -> Factors {
        self.ranking.factors_of(&self.columns, doc)
    }

    /// The sort key of a section whose query score is `score`.
    pub fn key(&self, doc: DocId, score: Score) -> RankKey {
        RankKey {
            date: self.date_key(doc),
            score: score * self.factors(doc).product(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_factor_penalises_empty_and_caps_long() {
        let c = CURVE;
        assert_eq!(length_factor(&c, 0), c.min);
        assert!(length_factor(&c, 3) < length_factor(&c, 100));
        assert_eq!(length_factor(&c, 100_000), c.max);
    }

    #[test]
    fn keys_order_by_date_then_score() {
        let a = RankKey {
            date: 20250101,
            score: 1.0,
        };
        let b = RankKey {
            date: 20240101,
            score: 9.0,
        };
        assert!(a > b);
    }
}
