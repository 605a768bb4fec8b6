//! The final ranking of sections: the query score times per-section factors read from fast
//! fields (section length, section kind for the query's intent), or the first meeting date
//! when sorting by date.
//!
//! - **Length**: BM25 already prefers short fields, strongly so here (half of all sections
//!   are headings without text, the median section has a handful of words), so a heading
//!   with no text or a table cell would beat the paragraph that answers. The factor is
//!   small for empty and very short texts and grows gently with length up to a cap, so
//!   very long sections (whole-document blobs) do not win on length alone.
//! - **Intent**: sections whose kind matches the query's intent (decision or question
//!   words) are multiplied by [`INTENT_FACTOR`]: a boost, never a filter.

use std::sync::Arc;

use tantivy::columnar::{ColumnValues, StrColumn};
use tantivy::{DocId, Score, SegmentReader};

use crate::query::Intent;
use crate::SortOrder;

/// The factor of sections whose kind matches the query's intent.
pub const INTENT_FACTOR: f32 = 1.6;

/// The parameters of the length factor.
#[derive(Debug, Clone, Copy)]
struct LengthCurve {
    /// Factor of a section with no text.
    empty: f32,
    /// Factor of a section with fewer than `short_words` words.
    short: f32,
    /// Below this many words a text is "short".
    short_words: u64,
    /// Number of words at which the factor is 1.
    pivot: f32,
    /// Exponent of `(words / pivot)`.
    power: f32,
    /// Lowest factor of a non-short text.
    min: f32,
    /// Highest factor.
    max: f32,
}

const CURVE: LengthCurve = LengthCurve {
    empty: 0.4,
    short: 0.7,
    short_words: 8,
    pivot: 40.0,
    power: 0.2,
    min: 0.8,
    max: 2.0,
};

fn curve() -> (LengthCurve, f32) {
    let mut c = CURVE;
    let mut intent = INTENT_FACTOR;
    for (k, v) in crate::query::tuning_overrides() {
        match k.as_str() {
            "len_empty" => c.empty = v,
            "len_short" => c.short = v,
            "len_short_words" => c.short_words = v as u64,
            "len_pivot" => c.pivot = v,
            "len_power" => c.power = v,
            "len_min" => c.min = v,
            "len_max" => c.max = v,
            "intent" => intent = v,
            _ => {}
        }
    }
    (c, intent)
}

/// The length factor of a section text of `words` words.
fn length_factor(c: &LengthCurve, words: u64) -> f32 {
    if words == 0 {
        c.empty
    } else if words < c.short_words {
        c.short
    } else {
        (words as f32 / c.pivot).powf(c.power).clamp(c.min, c.max)
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
    sort: SortOrder,
    curve: LengthCurve,
    intent_factor: f32,
}

/// The per-segment columns the ranking reads.
struct Columns {
    text_len: Option<Arc<dyn ColumnValues<u64>>>,
    first_date: Option<Arc<dyn ColumnValues<u64>>>,
    kind: Option<StrColumn>,
    intent_ords: Vec<u64>,
}

impl Columns {
    fn of(segment: &SegmentReader, intent: Option<Intent>) -> Columns {
        let ff = segment.fast_fields();
        let text_len = ff.u64("text_len").ok().map(|c| c.first_or_default_col(0));
        let first_date = ff.u64("first_date").ok().map(|c| c.first_or_default_col(0));
        let kind = ff.str("section_kind").ok().flatten();
        let intent_ords = match (intent, &kind) {
            (Some(intent), Some(kind)) => intent
                .section_kinds()
                .iter()
                .filter_map(|k| kind.dictionary().term_ord(k).ok().flatten())
                .collect(),
            _ => Vec::new(),
        };
        Columns {
            text_len,
            first_date,
            kind,
            intent_ords,
        }
    }
}

impl Ranking {
    /// The ranking for a query intent and a sort order.
    pub fn new(intent: Option<Intent>, sort: SortOrder) -> Ranking {
        let (curve, intent_factor) = curve();
        Ranking {
            intent,
            sort,
            curve,
            intent_factor,
        }
    }

    fn factors_of(&self, columns: &Columns, doc: DocId) -> (f32, f32) {
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
        (length, intent)
    }

    /// The (length, intent) factors of one section.
    pub fn factors(&self, segment: &SegmentReader, doc: DocId) -> (f32, f32) {
        self.factors_of(&Columns::of(segment, self.intent), doc)
    }

    /// The function for [`tantivy::collector::TopDocs::tweak_score`].
    pub fn sort_key_fn(
        self,
    ) -> impl Fn(&SegmentReader) -> Box<dyn Fn(DocId, Score) -> RankKey> + Send + Sync + 'static
    {
        move |segment: &SegmentReader| {
            let columns = Columns::of(segment, self.intent);
            let ranking = self;
            Box::new(move |doc: DocId, score: Score| {
                let (length, intent) = ranking.factors_of(&columns, doc);
                let date = match (&columns.first_date, ranking.sort) {
                    (_, SortOrder::Relevance) | (None, _) => 0,
                    (Some(c), SortOrder::Newest) => c.get_val(doc),
                    (Some(c), SortOrder::Oldest) => match c.get_val(doc) {
                        0 => 0,
                        d => u64::MAX - d,
                    },
                };
                RankKey {
                    date,
                    score: score * length * intent,
                }
            }) as Box<dyn Fn(DocId, Score) -> RankKey>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_factor_penalises_empty_and_caps_long() {
        let c = CURVE;
        assert!(length_factor(&c, 0) < length_factor(&c, 3));
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
