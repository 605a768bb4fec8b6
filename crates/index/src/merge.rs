//! The writer's merge policy: tantivy's log-structured merging with every merge bounded.
//!
//! A merge reads its input segments through the index's memory map, so while it runs the
//! pages of every input segment count in the ingest's resident memory. With tantivy's
//! default policy (merge 8 segments of a size into one, at every level) the largest merge
//! grows with the index: on 50 copies of the shared corpus (708,000 records) one merge
//! of 400,000 records took the ingest from 130 MB to 337 MB resident for eight seconds,
//! while its heap stayed at 118 MB. [`BoundedMergePolicy`] keeps the log-structured levels
//! but never builds a segment above [`MAX_MERGED_RECORDS`] and proposes one merge at a time
//! (merges run concurrently, and three merges under the cap started together map three
//! times as much), so the memory merging maps is bounded whatever the size of the folder.
//! On the same 50 copies: peak 164 MB (heap 128, mapped index 49), near what 10 copies
//! give (151 MB); the index ends with 24 segments of up to 47,000 records instead of 16,
//! and the dev queries run as fast on it (a search visits each segment, which costs little
//! at that size). A cap of 100,000 records gave 190 MB.

use std::collections::HashMap;

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::merge_policy::{LogMergePolicy, MergeCandidate, MergePolicy};

/// The most records a merge may produce (about 30 MB of index at ~630 bytes a record).
pub const MAX_MERGED_RECORDS: u32 = 50_000;

/// Log-structured merging (tantivy's [`LogMergePolicy`]) with each merge's output capped
/// at a number of records: segments above half the cap are left as they are, a level whose
/// segments would merge into more than the cap is merged in several groups, and one group
/// is proposed at a time.
#[derive(Debug, Clone)]
pub struct BoundedMergePolicy {
    levels: LogMergePolicy,
    max_merged_records: u32,
}

impl BoundedMergePolicy {
    /// A policy whose merges produce at most `max_merged_records` records.
    pub fn new(max_merged_records: u32) -> BoundedMergePolicy {
        BoundedMergePolicy {
            levels: LogMergePolicy::default(),
            max_merged_records: max_merged_records.max(2),
        }
    }
}

impl Default for BoundedMergePolicy {
    fn default() -> BoundedMergePolicy {
        BoundedMergePolicy::new(MAX_MERGED_RECORDS)
    }
}

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        // Deleted records still occupy the files until a merge, so sizes are `max_doc`.
        let mergeable: Vec<SegmentMeta> = segments
            .iter()
            .filter(|s| s.max_doc() <= self.max_merged_records / 2)
            .cloned()
            .collect();
        let sizes: HashMap<SegmentId, u32> =
            mergeable.iter().map(|s| (s.id(), s.max_doc())).collect();
        let mut groups: Vec<(Vec<SegmentId>, u32)> = Vec::new();
        for MergeCandidate(mut ids) in self.levels.compute_merge_candidates(&mergeable) {
            ids.sort_by_key(|id| sizes.get(id).copied().unwrap_or(0));
            let mut group: Vec<SegmentId> = Vec::new();
            let mut records = 0u32;
            for id in ids {
                let size = sizes.get(&id).copied().unwrap_or(0);
                if !group.is_empty() && records + size > self.max_merged_records {
                    groups.push((std::mem::take(&mut group), records));
                    records = 0;
                }
                group.push(id);
                records += size;
            }
            groups.push((group, records));
        }
        // One merge at a time: merges run concurrently, each mapping its inputs, so three
        // groups started together would map three times the bound. The segments left out
        // are offered again after the next commit or merge. The group that removes the
        // most segments for the fewest records goes first.
        groups
            .into_iter()
            .filter(|(group, _)| group.len() >= 2)
            .max_by_key(|(group, records)| (group.len(), std::cmp::Reverse(*records)))
            .map(|(group, _)| MergeCandidate(group))
            .into_iter()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::Schema;
    use tantivy::Index;

    fn segments(index: &Index, sizes: &[u32]) -> Vec<SegmentMeta> {
        sizes
            .iter()
            .map(|&n| index.new_segment_meta(SegmentId::generate_random(), n))
            .collect()
    }

    fn index() -> Index {
        Index::create_in_ram(Schema::builder().build())
    }

    fn merged_sizes(policy: &BoundedMergePolicy, metas: &[SegmentMeta]) -> Vec<u32> {
        let sizes: HashMap<SegmentId, u32> = metas.iter().map(|s| (s.id(), s.max_doc())).collect();
        let mut out: Vec<u32> = policy
            .compute_merge_candidates(metas)
            .iter()
            .map(|c| c.0.iter().map(|id| sizes[id]).sum())
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn a_level_that_would_exceed_the_cap_merges_in_groups_under_it() {
        let inventory = index();
        let policy = BoundedMergePolicy::new(100_000);
        // Eight segments of 30,000: the default policy merges them into one of 240,000.
        let metas = segments(&inventory, &[30_000; 8]);
        assert_eq!(
            LogMergePolicy::default()
                .compute_merge_candidates(&metas)
                .len(),
            1
        );
        // One group at a time, under the cap. The five left wait, as the default policy's
        // levels do, until their level holds eight segments again.
        assert_eq!(merged_sizes(&policy, &metas), vec![90_000]);
        let mut rest: Vec<SegmentMeta> = metas[3..].to_vec();
        assert!(policy.compute_merge_candidates(&rest).is_empty());
        rest.extend(segments(&inventory, &[30_000; 3]));
        assert_eq!(merged_sizes(&policy, &rest), vec![90_000]);
    }

    #[test]
    fn segments_above_half_the_cap_are_never_merged_and_small_levels_still_are() {
        let inventory = index();
        let policy = BoundedMergePolicy::new(100_000);
        let big = segments(&inventory, &[60_000; 8]);
        assert!(policy.compute_merge_candidates(&big).is_empty());
        let mut mixed = segments(&inventory, &[80_000, 70_000]);
        mixed.extend(segments(&inventory, &[2_000; 8]));
        assert_eq!(merged_sizes(&policy, &mixed), vec![16_000]);
        // Fewer than eight small segments: nothing to do yet, as with the default policy.
        let few = segments(&inventory, &[2_000; 5]);
        assert!(policy.compute_merge_candidates(&few).is_empty());
    }
}
