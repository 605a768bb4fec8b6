//! `council alerts --saved FILE`: what is new for a list of saved searches since the last
//! run, for analysts without a server (`council ingest && council alerts` once a week).
//!
//! The saved searches are a TOML file (`[[search]]` tables) or a JSON file (a list, or an
//! object with a `search` list); each has a `name` and the filters of `/api/search` (`q`,
//! `council`, `body`, `person`, `kind`, `from`, `to`; each of the first four takes one value
//! or a list of up to 20, alternatives of each other as in the API). Every paper matching a search (up to
//! the result window) that the search has not reported before is new; the papers reported
//! are kept per search, with the search's definition, in `alerts-state.json` in the index
//! folder, written (atomically) only once the output has been written. A search whose
//! definition changed starts afresh. The first run of a search reports every paper it
//! matches.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use council_index::{FacetMode, SearchRequest, SectionIndex, SortOrder};
use council_model::DocumentKind;
use council_server::export::{self, ExportRow};
use council_server::feeds::{self, FeedEntry, FeedMeta};
use serde::{Deserialize, Serialize};

/// The state file, in the index folder.
pub const STATE_FILE: &str = "alerts-state.json";
/// The most papers a search is followed over (the result window).
pub const WINDOW: usize = 10_000;

/// One saved search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedSearch {
    /// The name the results are reported under (unique in the file).
    pub name: String,
    /// The words to search for.
    #[serde(default)]
    pub q: String,
    /// Only these councils (one value or a list, as every filter below).
    #[serde(default)]
    pub council: Values,
    /// Only meetings of these bodies.
    #[serde(default)]
    pub body: Values,
    /// Only papers naming one of these people.
    #[serde(default)]
    pub person: Values,
    /// Only these kinds of paper.
    #[serde(default)]
    pub kind: Values,
    /// Meetings on or after this date.
    #[serde(default)]
    pub from: Option<String>,
    /// Meetings on or before this date.
    #[serde(default)]
    pub to: Option<String>,
}

/// The values of one filter of a saved search: none, one (`council = "Kent County Council"`)
/// or a list (`council = ["Kent County Council", "Medway Council"]`), alternatives of each
/// other as in `/api/search`. Written back the way a single value was always written, so a
/// search saved before lists were allowed keeps its state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values(pub Vec<String>);

impl Values {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Values {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [] => s.serialize_none(),
            [one] => s.serialize_str(one),
            many => many.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        council_index::resolve::one_or_many(d).map(Values)
    }
}

/// The most values one filter of a saved search takes (as the API).
pub const MAX_FILTER_VALUES: usize = 20;

#[derive(Deserialize)]
#[serde(untagged)]
enum SavedFile {
    List(Vec<SavedSearch>),
    Table { search: Vec<SavedSearch> },
}

/// Reads saved searches from a TOML or JSON file (by its extension; otherwise JSON is tried
/// first, then TOML), checking names are given and unique and kinds are known.
pub fn read_saved(path: &Path) -> anyhow::Result<Vec<SavedSearch>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let parsed: SavedFile = match ext.as_str() {
        "toml" => toml::from_str(&text).with_context(|| format!("{}", path.display()))?,
        "json" => serde_json::from_str(&text).with_context(|| format!("{}", path.display()))?,
        _ => match serde_json::from_str(&text) {
            Ok(parsed) => parsed,
            Err(_) => toml::from_str(&text)
                .with_context(|| format!("{}: neither JSON nor TOML", path.display()))?,
        },
    };
    let searches = match parsed {
        SavedFile::List(list) | SavedFile::Table { search: list } => list,
    };
    let mut names = BTreeSet::new();
    for s in &searches {
        if s.name.trim().is_empty() {
            bail!("{}: every saved search needs a name", path.display());
        }
        if !names.insert(s.name.clone()) {
            bail!(
                "{}: two saved searches are named {:?}",
                path.display(),
                s.name
            );
        }
        for (filter, values) in [
            ("council", &s.council),
            ("body", &s.body),
            ("person", &s.person),
            ("kind", &s.kind),
        ] {
            if values.0.len() > MAX_FILTER_VALUES {
                bail!(
                    "{}: search {:?}: more than {MAX_FILTER_VALUES} values for {filter}",
                    path.display(),
                    s.name
                );
            }
            if values.0.iter().any(|v| v.trim().is_empty()) {
                bail!(
                    "{}: search {:?}: an empty value for {filter}",
                    path.display(),
                    s.name
                );
            }
        }
        for kind in &s.kind.0 {
            if DocumentKind::parse(kind).is_none() {
                bail!(
                    "{}: search {:?}: unknown kind {kind:?}",
                    path.display(),
                    s.name
                );
            }
        }
        if s.q.trim().is_empty()
            && [&s.council, &s.body, &s.person, &s.kind]
                .iter()
                .all(|f| f.is_empty())
            && s.from.is_none()
            && s.to.is_none()
        {
            bail!(
                "{}: search {:?} has neither words (q) nor a filter",
                path.display(),
                s.name
            );
        }
    }
    Ok(searches)
}

impl SavedSearch {
    fn request(&self) -> SearchRequest {
        SearchRequest {
            query: self.q.clone(),
            limit: WINDOW,
            offset: 0,
            council: self.council.0.clone(),
            body: self.body.0.clone(),
            kind: self
                .kind
                .0
                .iter()
                .filter_map(|k| DocumentKind::parse(k))
                .collect(),
            from: self.from.clone(),
            to: self.to.clone(),
            person: self.person.0.clone(),
            sort: SortOrder::Newest,
            // Alerts list papers, never facets.
            facets: FacetMode::None,
            ..SearchRequest::default()
        }
    }

    /// The definition, to tell when a saved search was changed.
    fn fingerprint(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// What was reported for each search.
#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    searches: BTreeMap<String, SearchState>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct SearchState {
    definition: String,
    seen: BTreeSet<String>,
}

fn read_state(path: &Path) -> anyhow::Result<State> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .with_context(|| format!("{} is damaged; delete it to start afresh", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

fn write_state(path: &Path, state: &State) -> anyhow::Result<()> {
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(state)?)
        .with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// The new papers of one saved search.
#[derive(Debug, Serialize)]
pub struct SearchAlert {
    /// The saved search's name.
    pub name: String,
    /// Papers matching now.
    pub matching: usize,
    /// The papers not reported before, newest first, with their citation fields.
    pub new: Vec<ExportRow>,
    /// The same papers as feed entries.
    #[serde(skip)]
    entries: Vec<FeedEntry>,
}

/// Output formats of `council alerts`.
#[derive(Debug, Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum AlertFormat {
    /// Readable text.
    Text,
    /// JSON: `{"searches":[{"name","matching","new":[…]}]}`.
    Json,
    /// One Atom feed of every new paper.
    Atom,
}

/// Options of `council alerts`.
#[derive(Debug, Clone)]
pub struct AlertOptions {
    /// The saved searches file.
    pub saved: PathBuf,
    /// The index folder (the state is kept in it).
    pub index: PathBuf,
    /// The output format.
    pub format: AlertFormat,
    /// Where to write (stdout when `None`).
    pub output: Option<PathBuf>,
    /// The server the links point at (`http://host:port`), or `""`.
    pub base_url: String,
}

/// Runs the saved searches, writes what is new, then records it as reported. Returns the
/// number of new papers.
pub fn run(options: &AlertOptions) -> anyhow::Result<usize> {
    let searches = read_saved(&options.saved)?;
    let index = SectionIndex::open(&options.index).with_context(|| {
        format!(
            "run `council ingest` first: no index at {}",
            options.index.display()
        )
    })?;
    let state_path = options.index.join(STATE_FILE);
    let mut state = read_state(&state_path)?;
    let base = options.base_url.trim_end_matches('/');
    let mut alerts = Vec::new();
    for search in &searches {
        let results = index
            .search(&search.request())
            .with_context(|| format!("search {:?}", search.name))?;
        // Every paper, including those whose best paragraph another paper also holds.
        let papers = feeds::papers_of(&index, &results.hits)?;
        let definition = search.fingerprint();
        let entry = state.searches.entry(search.name.clone()).or_default();
        if entry.definition != definition {
            *entry = SearchState {
                definition,
                seen: BTreeSet::new(),
            };
        }
        let new_hits: Vec<_> = papers
            .iter()
            .filter(|h| !entry.seen.contains(&h.document_id))
            .cloned()
            .collect();
        entry
            .seen
            .extend(papers.iter().map(|h| h.document_id.clone()));
        let entries = feeds::entries_from_hits(&index, &new_hits, base)?;
        // Rows in the entries' order (newest first).
        let rank: BTreeMap<&str, usize> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.document_id.as_str(), i))
            .collect();
        let mut new_hits = new_hits;
        new_hits.sort_by_key(|h| rank.get(h.document_id.as_str()).copied());
        alerts.push(SearchAlert {
            name: search.name.clone(),
            matching: papers.len(),
            new: export::rows(&new_hits, base),
            entries,
        });
    }
    let count = alerts.iter().map(|a| a.new.len()).sum();
    let mut bytes = Vec::new();
    write_alerts(&mut bytes, &alerts, options.format, base)?;
    match &options.output {
        Some(path) => {
            std::fs::write(path, &bytes).with_context(|| format!("writing {}", path.display()))?
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    write_state(&state_path, &state)?;
    Ok(count)
}

fn write_alerts(
    out: &mut Vec<u8>,
    alerts: &[SearchAlert],
    format: AlertFormat,
    base: &str,
) -> anyhow::Result<()> {
    match format {
        AlertFormat::Json => {
            serde_json::to_writer(&mut *out, &serde_json::json!({ "searches": alerts }))?;
            out.push(b'\n');
        }
        AlertFormat::Text => {
            for alert in alerts {
                writeln!(
                    out,
                    "{}: {} new of {} matching",
                    alert.name,
                    alert.new.len(),
                    alert.matching
                )?;
                for row in &alert.new {
                    writeln!(out, "  {}", row.paper)?;
                    writeln!(out, "    {}", row.citation)?;
                    writeln!(out, "    {}  ({})", row.source, row.section_id)?;
                }
            }
        }
        AlertFormat::Atom => {
            // One entry per paper: a paper new to several searches is listed once, under
            // the first search's name.
            let mut seen = BTreeSet::new();
            let mut entries = Vec::new();
            for alert in alerts {
                for e in &alert.entries {
                    if seen.insert(e.document_id.clone()) {
                        let mut e = e.clone();
                        e.title = format!("[{}] {}", alert.name, e.title);
                        entries.push(e);
                    }
                }
            }
            feeds::newest_first(&mut entries);
            let meta = FeedMeta {
                title: "Council papers: new for saved searches".to_string(),
                self_path: "/feeds/alerts".to_string(),
                page_path: "/".to_string(),
            };
            out.extend_from_slice(feeds::atom(&meta, &entries, base).as_bytes());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_of_a_saved_search_takes_a_list_and_one_value_keeps_its_state() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("saved.toml");
        std::fs::write(
            &path,
            "[[search]]\nname = \"two councils\"\nq = \"library\"\ncouncil = [\"Kent County Council\", \"Medway Council\"]\nkind = [\"minutes\", \"agenda\"]\nbody = \"Cabinet\"\n",
        )
        .unwrap();
        let search = &read_saved(&path).unwrap()[0];
        let request = search.request();
        assert_eq!(request.council, ["Kent County Council", "Medway Council"]);
        assert_eq!(request.kind, [DocumentKind::Minutes, DocumentKind::Agenda]);
        assert_eq!(request.body, ["Cabinet"]);
        assert!(request.person.is_empty());
        // A single value is fingerprinted as it always was (a string, absent ones null), so
        // state saved before lists were allowed still matches.
        let fingerprint: serde_json::Value = serde_json::from_str(&search.fingerprint()).unwrap();
        assert_eq!(fingerprint["body"], "Cabinet");
        assert_eq!(fingerprint["person"], serde_json::Value::Null);
        assert_eq!(
            fingerprint["council"],
            serde_json::json!(["Kent County Council", "Medway Council"])
        );
        let too_many: Vec<String> = (0..=MAX_FILTER_VALUES)
            .map(|i| format!("\"c{i}\""))
            .collect();
        let path = dir.path().join("many.json");
        std::fs::write(
            &path,
            format!("[{{\"name\":\"a\",\"council\":[{}]}}]", too_many.join(",")),
        )
        .unwrap();
        assert!(read_saved(&path).is_err());
    }

    #[test]
    fn saved_searches_read_from_toml_and_json_and_bad_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let toml_path = dir.path().join("saved.toml");
        std::fs::write(
            &toml_path,
            "[[search]]\nname = \"libraries\"\nq = \"library\"\ncouncil = \"Kent County Council\"\n\n[[search]]\nname = \"minutes\"\nkind = \"minutes\"\n",
        )
        .unwrap();
        let searches = read_saved(&toml_path).unwrap();
        assert_eq!(searches.len(), 2);
        assert_eq!(searches[0].council.0, ["Kent County Council"]);
        let json_path = dir.path().join("saved.json");
        std::fs::write(&json_path, r#"[{"name":"a","q":"x"}]"#).unwrap();
        assert_eq!(read_saved(&json_path).unwrap()[0].q, "x");
        for bad in [
            r#"[{"name":"a","kind":["minutes","poem"]}]"#,
            r#"[{"name":"a","council":["Kent", ""]}]"#,
            r#"[{"name":"a","q":"x"},{"name":"a","q":"y"}]"#,
            r#"[{"name":"","q":"x"}]"#,
            r#"[{"name":"a"}]"#,
            r#"[{"name":"a","kind":"poem"}]"#,
            r#"[{"name":"a","q":"x","colour":"red"}]"#,
        ] {
            std::fs::write(&json_path, bad).unwrap();
            assert!(read_saved(&json_path).is_err(), "{bad}");
        }
    }
}
