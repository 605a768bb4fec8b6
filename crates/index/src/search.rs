//! [`SectionIndex::search`]: a request's filters resolved, its words built into the two
//! queries of the two-phase ranking ([`crate::phases`]), candidates found and reranked,
//! the total counted or estimated, the facets counted and the hits grouped by paper.
//!
//! What a search costs follows the page, not the number of matches, except where the
//! answer must be about every match:
//! - a search with words counts its facets over its candidates ("among the best
//!   matches", [`SearchResults::facets_exact`] false unless the candidates are every
//!   match);
//! - a search with filters and no words lists the filtered papers, and its facets and
//!   total are exact: every section the filters pass is counted once per commit and
//!   filter ([`FacetCache`]);
//! - a caller that shows no facets asks for none ([`FacetMode::None`]) and does not build
//!   the index's person table ([`crate::names`]) they need.

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{DocAddress, Searcher};

use crate::phases::{self, Candidates, FilterSets, SearchStats};
use crate::query::{self, QueryBuilder, TextQuery};
use crate::{
    facets, group, rank, resolve, snippet, within, Facets, IndexError, SearchRequest,
    SearchResults, SectionIndex, SortOrder,
};

/// Which facet counts a search computes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FacetMode {
    /// Every facet: council, body, kind, year and person.
    #[default]
    All,
    /// None (the facets of the results are empty and not exact): for a caller that shows
    /// no facets, such as the command line's text and CSV output and the alerts.
    None,
}

/// Values kept for one commit (searcher generation) by filter combination, at most
/// `N` of them: what costs what a filter passes is done once per commit and filters.
pub(crate) struct PerCommit<V, const N: usize>(Mutex<(u64, FxHashMap<String, V>)>);

impl<V, const N: usize> Default for PerCommit<V, N> {
    fn default() -> Self {
        PerCommit(Mutex::new((0, FxHashMap::default())))
    }
}

impl<V: Clone, const N: usize> PerCommit<V, N> {
    fn get(&self, generation: u64, key: &str) -> Option<V> {
        let cached = self.0.lock().unwrap_or_else(|e| e.into_inner());
        (cached.0 == generation)
            .then(|| cached.1.get(key).cloned())
            .flatten()
    }

    fn put(&self, generation: u64, key: String, value: V) {
        let mut cached = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if cached.0 != generation || cached.1.len() >= N {
            *cached = (generation, FxHashMap::default());
        }
        cached.1.insert(key, value);
    }
}

/// Exact facets and totals of filter-only searches (at most 256 filter combinations).
pub(crate) type FacetCache = PerCommit<(Facets, usize), 256>;

/// The sections each filter combination passes ([`FilterSets`]: a bit per section and the
/// keys of the paragraphs passing; at most 16 combinations).
pub(crate) type FilterCache = PerCommit<Arc<FilterSets>, 16>;

/// The phase-one query of `text` over canonical copies ([`crate::canonical`]), and
/// whether tantivy can prune it: the union of its terms over the canonical twin fields
/// where the candidate query is such a union (it matches canonical copies only); else
/// (quoted phrases, paragraph numbers) the candidate query, which the pass asks only about
/// the canonical copies ([`phases::canonical_candidates`]: it leaps from one to the next,
/// so a phrase's positions are read at canonical copies only).
fn canonical_query(text: &TextQuery) -> (Box<dyn Query>, bool) {
    match (&text.canonical, text.prunable) {
        (Some(c), true) => (c.box_clone(), true),
        _ => (text.candidates.box_clone(), false),
    }
}

/// The filter combination of a request (its cache key): the filters as given.
fn filter_key(request: &SearchRequest) -> String {
    serde_json::to_string(&(
        &request.council,
        &request.body,
        &request.kind,
        &request.year,
        &request.from,
        &request.to,
        &request.person,
    ))
    .unwrap_or_default()
}

/// A request's queries: the whole ranking query, the cheap candidate query and the
/// filters alone.
struct Plan {
    text: Option<TextQuery>,
    /// Every clause: text and filters (for explanations).
    full: BooleanQuery,
    /// The phase-one query, and whether tantivy can prune it (block-max WAND).
    cheap: Box<dyn Query>,
    prunable: bool,
    /// The filters alone (none: no filter).
    filter: Option<BooleanQuery>,
}

impl SectionIndex {
    /// Runs a search.
    ///
    /// The query text never causes an error (see [`query`]); a bad date filter gives
    /// [`IndexError::InvalidRequest`]. An empty query with no filters has no results; an
    /// empty query with filters matches every section passing the filters.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, IndexError> {
        // One searcher (one commit) for every step of the search.
        let searcher = self.reader.searcher();
        let (resolved, notices) = self.resolve_filters(&searcher, request)?;
        if !notices.is_empty() {
            // A filter value the index does not hold: nothing matches, and the answer says
            // which value and what is near it.
            return Ok(SearchResults {
                notices,
                total_exact: true,
                facets_exact: true,
                ..SearchResults::default()
            });
        }
        let builder = QueryBuilder {
            fields: &self.fields,
            analyzer: self.index.tokenizer_for_field(self.fields.text)?,
            weights: self.tuning.weights,
            resolved,
        };
        let columns = self.columns.of(&searcher)?;
        let stats = SearchStats::new(&searcher)
            .with_twins(&self.fields)
            .with_columns(columns);
        let Some(plan) = self.plan(builder, request, &stats)? else {
            return Ok(SearchResults {
                total_exact: true,
                facets_exact: true,
                ..SearchResults::default()
            });
        };
        let text = plan.text.as_ref();
        let ranking = rank::Ranking::new(text.and_then(|t| t.intent), request.sort, &self.tuning)
            .with_asked(text.map(|t| t.asked).unwrap_or_default())
            .with_dates(text.map(|t| t.dates).unwrap_or_default());
        // Hits are grouped by document: the candidates must fill `offset + limit` documents
        // in almost every case (a document rarely has ten matching sections among the
        // best), bounded so a deep page stays cheap.
        let wanted = request.offset + request.limit;
        let depth = self.tuning.candidates.max(wanted * 10 + 50).min(20_000);
        let started = std::time::Instant::now();
        let mut found = self.phase_one(&stats, &plan, request, &ranking, depth)?;
        let phase_one = started.elapsed();
        let ranked = phases::rerank(&stats, text.map(|t| &t.tree), &ranking, &found.addresses)?;
        let phase_two = started.elapsed();
        let (total, total_exact) = match found.total {
            Some(n) => (n, true),
            None => phases::estimate_total(&searcher, &*plan.cheap)?,
        };
        // Every match is a candidate or another place of one: the facets can count them
        // all, and need every candidate's places.
        if request.facets == FacetMode::All
            && total_exact
            && total <= found.addresses.len() * (phases::PLACES + 1)
        {
            found.find_places(&stats, &self.fields)?;
        }
        let counted = started.elapsed();
        let (facets, facets_exact, facets_over, total, total_exact) = match request.facets {
            FacetMode::None => (Facets::default(), false, 0, total, total_exact),
            FacetMode::All => match (&plan.text, &plan.filter) {
                // Filters alone: every section they pass, counted once per commit.
                (None, Some(filter)) => {
                    let (facets, all) = self.filtered_facets(&searcher, request, filter)?;
                    (facets, true, all, all, true)
                }
                _ => {
                    let (facets, exact, over) =
                        self.candidate_facets(&searcher, &ranked, &found, total, total_exact)?;
                    (facets, exact, over, total, total_exact)
                }
            },
        };
        tracing::debug!(
            candidates = found.addresses.len(),
            prunable = plan.prunable,
            "search phases: candidates {phase_one:?}, rerank {:?}, total {:?}, facets {:?}",
            phase_two - phase_one,
            counted - phase_two,
            started.elapsed() - counted
        );
        let mut results = SearchResults {
            total,
            total_exact,
            facets,
            facets_exact,
            facets_over,
            ..SearchResults::default()
        };
        if request.limit > 0 {
            let top: Vec<(f32, DocAddress)> = ranked.iter().map(|&(k, a)| (k.score, a)).collect();
            let (hits, documents) = self.page(&stats, &plan, request, ranking, top, &found)?;
            results.hits = hits;
            results.documents = documents;
        }
        Ok(results)
    }

    /// The queries of a request (none: no words and no filters, nothing to search). The
    /// phase-one queries leave out the terms no record holds (by `stats`:
    /// [`query::without_absent`]).
    fn plan(
        &self,
        mut builder: QueryBuilder<'_>,
        request: &SearchRequest,
        stats: &SearchStats<'_>,
    ) -> Result<Option<Plan>, IndexError> {
        let filters = builder.filters(request)?;
        let has_filters = QueryBuilder::has_filters(request);
        let mut text = builder.text_query(&request.query);
        if let Some(t) = text.as_mut() {
            let absent = |term: &tantivy::Term| {
                tantivy::query::Bm25StatisticsProvider::doc_freq(stats, term).is_ok_and(|n| n == 0)
            };
            t.candidates = query::without_absent(&*t.candidates, &absent);
            t.canonical = t
                .canonical
                .as_ref()
                .map(|c| query::without_absent(&**c, &absent));
        }
        if text.is_none() && !has_filters {
            return Ok(None);
        }
        // The whole ranking query (phase two) and the cheap candidate query (phase one).
        let mut full: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut cheap: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(text) = &text {
            full.push((Occur::Must, text.query.box_clone()));
            cheap.push((Occur::Must, text.candidates.box_clone()));
        }
        let mut filter_only: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for f in filters {
            cheap.push((Occur::Must, f.box_clone()));
            filter_only.push((Occur::Must, f.box_clone()));
            full.push((Occur::Must, f));
        }
        // Without filters the candidate query needs no "sections only" clause: only section
        // records have text fields. Kept as is, it stays a pure union tantivy can prune.
        let (cheap, prunable): (Box<dyn Query>, bool) = match &text {
            Some(t) if !has_filters => (t.candidates.box_clone(), t.prunable),
            _ => (Box::new(BooleanQuery::new(cheap)), false),
        };
        Ok(Some(Plan {
            text,
            full: BooleanQuery::new(full),
            cheap,
            prunable,
            filter: has_filters.then(|| BooleanQuery::new(filter_only)),
        }))
    }

    /// Phase one: the candidates ([`phases`]). Ranked by relevance, over one copy of each
    /// paragraph ([`canonical_query`]), with a broad filter the copies of paragraphs with
    /// a copy it passes; otherwise every match of the cheap query.
    fn phase_one(
        &self,
        stats: &SearchStats<'_>,
        plan: &Plan,
        request: &SearchRequest,
        ranking: &rank::Ranking,
        depth: usize,
    ) -> Result<Candidates, IndexError> {
        let by_relevance = request.sort == SortOrder::Relevance;
        match (&plan.text, &plan.filter, by_relevance) {
            // With a filter, over one copy of each paragraph that has a copy passing.
            (Some(t), Some(filter), true) => {
                let sets = self.filter_sets(stats, request, filter)?;
                let (query, pruned) = canonical_query(t);
                return phases::filtered_candidates(stats, &*query, pruned, &sets, depth);
            }
            // Without filters, over one copy of each paragraph.
            (Some(t), None, true) => {
                let (query, pruned) = canonical_query(t);
                if let (false, Some((tree, required))) = (pruned, &t.required) {
                    let found = phases::canonical_required_candidates(
                        stats,
                        &self.fields,
                        tree,
                        required,
                        depth,
                    )?;
                    if let Some(found) = found {
                        return Ok(found);
                    }
                }
                return phases::canonical_candidates(stats, &*query, pruned, depth);
            }
            _ => {}
        }
        // A filter alone or an order by date: every match.
        phases::candidates(
            stats,
            &*plan.cheap,
            plan.prunable,
            ranking,
            request.sort,
            depth,
        )
    }

    /// The sections `filter` passes ([`FilterSets`]), gathered once per commit and filters.
    fn filter_sets(
        &self,
        stats: &SearchStats<'_>,
        request: &SearchRequest,
        filter: &BooleanQuery,
    ) -> Result<Arc<FilterSets>, IndexError> {
        let searcher = stats.searcher();
        let generation = searcher.generation().generation_id();
        let key = filter_key(request);
        if let Some(sets) = self.filter_cache.get(generation, &key) {
            return Ok(sets);
        }
        let columns = self.columns.of(searcher)?;
        let sets = Arc::new(FilterSets::gather(searcher, filter, &columns)?);
        self.filter_cache.put(generation, key, sets.clone());
        Ok(sets)
    }

    /// Facets over the ranked candidates, and over the other places of their paragraphs
    /// when the candidates and places are every match (then exact); else each paragraph
    /// once, so their cost stays that of the candidates. Returns the facets, whether they
    /// are exact and how many sections they count.
    fn candidate_facets(
        &self,
        searcher: &Searcher,
        ranked: &[(rank::RankKey, DocAddress)],
        found: &Candidates,
        total: usize,
        total_exact: bool,
    ) -> Result<(Facets, bool, usize), IndexError> {
        let seen = found.addresses.len() + found.places.values().map(Vec::len).sum::<usize>();
        let exact = total_exact && seen >= total;
        let mut sections: Vec<DocAddress> = ranked.iter().map(|&(_, a)| a).collect();
        if exact {
            sections.extend(
                ranked
                    .iter()
                    .filter_map(|(_, a)| found.places.get(a))
                    .flatten(),
            );
        }
        let columns = self.columns.of(searcher)?;
        let mut facets = phases::facets_of(&columns, &sections)?;
        // One person, one name: forms of a person's name counted as that person.
        facets.person = self.name_table(searcher)?.count(
            searcher,
            &columns,
            &sections,
            facets::MAX_FACET_VALUES,
        )?;
        Ok((facets, exact, sections.len()))
    }

    /// The facets of every section `filter` passes, and their number: counted once per
    /// commit and filter combination ([`FacetCache`]).
    fn filtered_facets(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        filter: &BooleanQuery,
    ) -> Result<(Facets, usize), IndexError> {
        let generation = searcher.generation().generation_id();
        let key = filter_key(request);
        if let Some(found) = self.facet_cache.get(generation, &key) {
            return Ok(found);
        }
        let columns = self.columns.of(searcher)?;
        let names = self.name_table(searcher)?;
        let found = facets::count_matches(searcher, &columns, &names, filter)?;
        self.facet_cache.put(generation, key, found.clone());
        Ok(found)
    }

    /// The page of hits: the ranked sections grouped by paper, with snippets.
    fn page(
        &self,
        stats: &SearchStats<'_>,
        plan: &Plan,
        request: &SearchRequest,
        ranking: rank::Ranking,
        top: Vec<(f32, DocAddress)>,
        found: &Candidates,
    ) -> Result<(Vec<crate::SearchHit>, usize), IndexError> {
        let searcher = stats.searcher();
        let generator = match &plan.text {
            Some(t) => Some(self.snippet_generator(stats, &*t.query)?),
            None => None,
        };
        let explain = request
            .explain
            .then_some((&plan.full as &dyn Query, ranking));
        // Which section of each paper is shown: the one that answers ([`within`]).
        let own = plan
            .text
            .as_ref()
            .map(|t| within::own_terms(&self.fields, t, self.tuning.within.record_near))
            .unwrap_or_default();
        // Keys only for the sections of the papers shown (the page, with room for papers
        // folded into another's `also_in`), not for every candidate.
        let within_tuning = self.tuning.within;
        let keys = |shown: &[DocAddress]| within::keys(stats, &own, &ranking, within_tuning, shown);
        self.group_hits(
            searcher,
            group::RankedSections {
                top,
                places: &|address| found.places_of(stats, &self.fields, address),
                keys: &keys,
                meeting: ranking.meeting_asked(),
            },
            request.offset,
            request.limit,
            snippet::Highlight {
                generator: generator.as_ref(),
                quoted: &snippet::quoted_words(&request.query),
            },
            explain,
        )
    }

    /// The snippets of `query` ([`snippet::Snippets`]), as tantivy's `SnippetGenerator`
    /// would make them (the query's terms in the text field, each weighing `1 / (1 +
    /// document frequency)`), analysing with the index's snippet analyzer, whose clones
    /// share the stems they meet ([`crate::analyzer::council_text_shared`]), each word
    /// once for every search ([`snippet::WordCache`]). The document
    /// frequencies are the search's own ([`SearchStats`]: the text field's are the
    /// index's, looked up once per search).
    fn snippet_generator(
        &self,
        stats: &SearchStats<'_>,
        query: &dyn Query,
    ) -> Result<snippet::Snippets, IndexError> {
        let weights = snippet::query_weights(query, self.fields.text, |term| {
            tantivy::query::Bm25StatisticsProvider::doc_freq(stats, term)
        })?;
        Ok(snippet::Snippets::new(
            weights,
            self.snippet_words.clone(),
            snippet::SNIPPET_CHARS,
        ))
    }

    /// The index values the council, body and person filters of `request` stand for
    /// ([`resolve`]), and a notice for each value that matches none.
    fn resolve_filters(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
    ) -> Result<(query::ResolvedFilters, Vec<resolve::FilterNotice>), IndexError> {
        let mut resolved = query::ResolvedFilters::default();
        let mut notices = Vec::new();
        let wanted = [
            (
                resolve::FilterKind::Council,
                &request.council,
                self.fields.council,
            ),
            (resolve::FilterKind::Body, &request.body, self.fields.body),
            (
                resolve::FilterKind::Person,
                &request.person,
                self.fields.person,
            ),
        ];
        for (kind, given, field) in wanted {
            if query::filter_values(given).next().is_none() {
                continue;
            }
            let values = resolve::values(searcher, field)?;
            let slot = match kind {
                resolve::FilterKind::Council => &mut resolved.council,
                resolve::FilterKind::Body => &mut resolved.body,
                resolve::FilterKind::Person => &mut resolved.person,
            };
            let mut all: Vec<String> = Vec::new();
            for value in query::filter_values(given) {
                // A person is every form of their name the index holds ([`crate::names`]).
                let forms = match kind {
                    resolve::FilterKind::Person => self
                        .name_table(searcher)?
                        .forms_for(value)
                        .filter(|f| !f.is_empty()),
                    _ => None,
                };
                let found = match forms {
                    Some(forms) => Ok(forms),
                    None => resolve::resolve(&values, value, kind),
                };
                match found {
                    Ok(found) => {
                        for v in found {
                            if !all.contains(&v) {
                                all.push(v);
                            }
                        }
                    }
                    Err(suggestion) => notices.push(resolve::FilterNotice {
                        filter: kind,
                        value: value.to_string(),
                        suggestion,
                    }),
                }
            }
            *slot = Some(all);
        }
        Ok((resolved, notices))
    }
}
