//! The ranking's tunable numbers, read once: field weights ([`Weights`]), the section-length
//! curve, intent and record factors ([`crate::rank`]), and how many candidates the first phase of a
//! search keeps ([`Tuning::candidates`]).
//!
//! The defaults are the measured ones. `COUNCIL_TUNE="name=value,..."` overrides them while
//! tuning (e.g. `COUNCIL_TUNE="title=2.5,candidates=1000"`); the command line reads it once
//! ([`Tuning::from_env`]) and hands the result to [`crate::SectionIndex::with_tuning`], so
//! no search reads the environment.

use crate::query::{Weights, WEIGHTS};
use crate::rank::{LengthCurve, CURVE, DATE_FACTOR, INTENT_FACTOR, MINUTES_FACTOR};
use crate::record::{RECORD_FACTOR, RECORD_WITHIN};
use crate::within::{WithinTuning, FOLLOW_GAP, RECORD_NEAR, TITLE_TERM};

/// The environment variable read by [`Tuning::from_env`].
pub const TUNE_VAR: &str = "COUNCIL_TUNE";

/// How many candidate sections the first phase of a search keeps by default (chosen by
/// measurement: nDCG and latency against the count, see the README's "Search at scale").
pub const CANDIDATES: usize = 300;

/// Every tunable number of the ranking.
#[derive(Debug, Clone, Copy)]
pub struct Tuning {
    /// The query's field and bonus weights.
    pub weights: Weights,
    /// The section-length factor.
    pub(crate) curve: LengthCurve,
    /// The factor of sections whose kind matches the query's intent.
    pub intent_factor: f32,
    /// The factor of sections that record a fact the query asks for ([`crate::record`]).
    pub record_factor: f32,
    /// The factor of sections of a meeting on a date the query names ([`crate::when`]).
    pub date_factor: f32,
    /// The factor of sections of minutes for a question about the meeting
    /// ([`crate::rank::MINUTES_FACTOR`]).
    pub minutes_factor: f32,
    /// How the section shown for a paper is chosen ([`crate::within`]).
    pub within: WithinTuning,
    /// How many candidate sections the first phase keeps (at least the page's depth).
    pub candidates: usize,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            weights: WEIGHTS,
            curve: CURVE,
            intent_factor: INTENT_FACTOR,
            record_factor: RECORD_FACTOR,
            date_factor: DATE_FACTOR,
            minutes_factor: MINUTES_FACTOR,
            within: WithinTuning {
                record: RECORD_WITHIN,
                title_term: TITLE_TERM,
                record_near: RECORD_NEAR,
                follow_gap: FOLLOW_GAP,
            },
            candidates: CANDIDATES,
        }
    }
}

impl Tuning {
    /// The defaults with the overrides of `COUNCIL_TUNE` (if set). Read this once, at the
    /// edge.
    pub fn from_env() -> Tuning {
        match std::env::var(TUNE_VAR) {
            Ok(spec) => Tuning::parse(&spec),
            Err(_) => Tuning::default(),
        }
    }

    /// The same numbers with another candidate count (at least 1).
    pub fn with_candidates(mut self, candidates: usize) -> Tuning {
        self.candidates = candidates.max(1);
        self
    }

    /// The defaults with the overrides of a `name=value,...` list; unknown names and
    /// unparsable values are ignored (this is a tuning aid, not a configuration file).
    pub fn parse(spec: &str) -> Tuning {
        let mut t = Tuning::default();
        let pairs = spec
            .split(',')
            .filter_map(|kv| kv.split_once('='))
            .filter_map(|(k, v)| v.trim().parse::<f32>().ok().map(|v| (k.trim(), v)));
        for (k, v) in pairs {
            let (w, c) = (&mut t.weights, &mut t.curve);
            match k {
                "title" => w.title = v,
                "heading" => w.heading = v,
                "path" => w.path = v,
                "text" => w.text = v,
                "entities" => w.entities = v,
                "bodies" => w.bodies = v,
                "file" => w.file = v,
                "synonym" => w.synonym = v,
                "intent_term" => w.intent_term = v,
                "cover_all" => w.cover_all = v,
                "cover_most" => w.cover_most = v,
                "proximity_all" => w.proximity_all = v,
                "proximity_pair" => w.proximity_pair = v,
                "pair_titles" => w.pair_titles = v,
                "entity_phrase" => w.entity_phrase = v,
                "number" => w.number = v,
                "candidate_doc" => w.candidate_doc = v,
                "len_pivot" => c.pivot = v,
                "len_power" => c.power = v,
                "len_min" => c.min = v,
                "len_max" => c.max = v,
                "intent" => t.intent_factor = v,
                "record" => t.record_factor = v,
                "date" => t.date_factor = v,
                "minutes" => t.minutes_factor = v,
                "record_within" => t.within.record = v,
                "title_term" => t.within.title_term = v,
                "record_near" => t.within.record_near = v,
                "follow_gap" if v >= 0.0 => t.within.follow_gap = v as u64,
                "candidates" if v >= 1.0 => t.candidates = v as usize,
                _ => {}
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_apply_and_junk_is_ignored() {
        let t = Tuning::parse("title=3, len_pivot=20,candidates=1000,bogus=1,text=x,=");
        assert_eq!(t.weights.title, 3.0);
        assert_eq!(t.curve.pivot, 20.0);
        assert_eq!(t.candidates, 1000);
        assert_eq!(t.weights.text, WEIGHTS.text);
        assert_eq!(Tuning::parse("candidates=0").candidates, CANDIDATES);
    }
}
