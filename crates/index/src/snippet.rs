//! Snippets and citation lines for hits.
//!
//! A snippet is an HTML-escaped fragment of about [`SNIPPET_CHARS`] characters of the
//! section text with the matched terms wrapped in `<mark>…</mark>`; when nothing in the text
//! matched (the hit came from the title or heading), it is the start of the text. A stopword
//! is marked only where the query quoted it in a phrase ([`unmark_stopwords`]).
//!
//! The fragment is the one tantivy's `SnippetGenerator` chooses, found at less cost
//! ([`Snippets`]): each distinct word of a search's hits is analysed once, not each time it
//! occurs.
//!
//! A citation is what a committee clerk pastes into a footnote: council, meeting body,
//! meeting date written out, minute number, agenda item, paragraph (or heading) and page,
//! joined with `, ` (`Kent County Council, County Council, 13 February 2025, minute 4,
//! para 4.2, p. 12`); a part
//! the paper does not give is left out, never guessed.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Score, Term};

use crate::SearchHit;

/// The target length of a snippet, in characters.
pub const SNIPPET_CHARS: usize = 200;

/// The separator of citation parts.
pub const CITATION_SEPARATOR: &str = ", ";

/// How hits are highlighted: the query's snippet maker (none: the text's beginning) and
/// the words of its quoted phrases (see [`snippet`]).
#[derive(Clone, Copy)]
pub struct Highlight<'a> {
    /// The maker of the query's snippets.
    pub generator: Option<&'a Snippets>,
    /// The lower-case words of the query's quoted phrases ([`quoted_words`]).
    pub quoted: &'a [String],
}

/// The terms of `query` in `field` with the weight tantivy's `SnippetGenerator::create`
/// gives them, `1 / (1 + document frequency)` (`doc_freq`), leaving out terms no record
/// holds.
pub fn query_weights(
    query: &dyn Query,
    field: Field,
    doc_freq: impl Fn(&Term) -> tantivy::Result<u64>,
) -> tantivy::Result<BTreeMap<String, Score>> {
    let mut terms: BTreeSet<Term> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term.clone());
        }
    });
    let mut weights = BTreeMap::new();
    for term in terms {
        let value = term.value();
        let Some(text) = value.as_str() else {
            continue;
        };
        let n = doc_freq(&term)?;
        if n > 0 {
            weights.insert(text.to_string(), 1.0 / (1.0 + n as Score));
        }
    }
    Ok(weights)
}

/// One token of an analysed word: its byte range within the word and, when it is one of
/// the query's terms, the term's weight.
#[derive(Clone, Copy)]
struct WordToken {
    from: usize,
    to: usize,
    weight: Option<Score>,
}

/// One token of an analysed word as every search sees it: its byte range within the word
/// and its text in lower case (what a snippet looks up among the query's terms).
struct Analysed {
    from: usize,
    to: usize,
    term: Box<str>,
}

/// The most words a [`WordCache`] keeps; past it, the cache starts again empty (about
/// 10 MB when full).
const MOST_WORDS: usize = 100_000;

/// The words of texts shown in snippets, each analysed once and kept for every later
/// search of the index (a page's hits share most of their words with other pages').
pub struct WordCache {
    /// The analyzer of the text field.
    analyzer: TextAnalyzer,
    /// Each word's tokens.
    words: RwLock<FxHashMap<Box<str>, Box<[Analysed]>>>,
}

impl WordCache {
    /// An empty cache of words analysed by `analyzer`.
    pub fn new(analyzer: TextAnalyzer) -> WordCache {
        WordCache {
            analyzer,
            words: RwLock::new(FxHashMap::default()),
        }
    }
}

/// The snippets of one search: the fragment of a text tantivy's `SnippetGenerator` (with
/// the same weights, analyzer and length) would choose, highlighted alike.
///
/// tantivy's generator runs the analyzer over the whole text of every hit. The analyzer
/// splits text into runs of letters and digits and treats each run on its own, so a
/// text's tokens are its words' tokens one after the other, shifted by where each word
/// starts. Here each distinct word is analysed once ([`WordCache`], kept across searches)
/// and a text is a walk over its words, each token's term looked up among the query's:
/// the same tokens, offsets and weights, at the cost of finding the words.
pub struct Snippets {
    /// The query's terms and their weights.
    weights: FxHashMap<String, Score>,
    /// The analyzer of words the cache does not hold.
    analyzer: RefCell<TextAnalyzer>,
    /// The words analysed for every search.
    cache: Arc<WordCache>,
    /// The longest fragment, in bytes (tantivy counts `max_num_chars` in bytes).
    max_chars: usize,
}

/// A fragment being built: tantivy's `FragmentCandidate`.
#[derive(Default)]
struct Fragment {
    score: Score,
    start: usize,
    stop: usize,
    highlighted: Vec<Range<usize>>,
}

impl Snippets {
    /// The snippets of a search whose terms weigh `weights` ([`query_weights`]), text
    /// analysed as `cache` analyses it, fragments of at most `max_chars` bytes.
    pub fn new(
        weights: BTreeMap<String, Score>,
        cache: Arc<WordCache>,
        max_chars: usize,
    ) -> Snippets {
        Snippets {
            weights: weights.into_iter().collect(),
            analyzer: RefCell::new(cache.analyzer.clone()),
            cache,
            max_chars,
        }
    }

    /// The tokens of `word` (a run of letters and digits) as the analyzer gives them.
    fn analyse(&self, word: &str) -> Box<[Analysed]> {
        let mut analyzer = self.analyzer.borrow_mut();
        let mut stream = analyzer.token_stream(word);
        let mut analysed = Vec::new();
        while let Some(token) = stream.next() {
            analysed.push(Analysed {
                from: token.offset_from,
                to: token.offset_to,
                term: token.text.to_lowercase().into(),
            });
        }
        analysed.into()
    }

    /// The best fragment of `text` (tantivy's `search_fragments` and
    /// `select_best_fragment_combination`): consecutive fragments of at most `max_chars`
    /// bytes, each scored by the weights of the terms it holds; the best, the earliest of
    /// equals. `None` when no term occurs.
    fn best_fragment(&self, text: &str) -> Option<Fragment> {
        let mut best: Option<Fragment> = None;
        let mut fragment = Fragment::default();
        let keep = |fragment: Fragment, best: &mut Option<Fragment>| {
            if fragment.score > 0.0 && best.as_ref().is_none_or(|b| fragment.score > b.score) {
                *best = Some(fragment);
            }
        };
        let weighed = |a: &Analysed| WordToken {
            from: a.from,
            to: a.to,
            weight: self.weights.get(&*a.term).copied(),
        };
        let read = || self.cache.words.read().unwrap_or_else(|e| e.into_inner());
        let mut cache = read();
        let mut tokens: Vec<WordToken> = Vec::new();
        for (at, word) in words(text) {
            tokens.clear();
            match cache.get(word) {
                Some(analysed) => tokens.extend(analysed.iter().map(weighed)),
                None => {
                    drop(cache);
                    let analysed = self.analyse(word);
                    tokens.extend(analysed.iter().map(weighed));
                    let mut words = self.cache.words.write().unwrap_or_else(|e| e.into_inner());
                    if words.len() >= MOST_WORDS {
                        words.clear();
                    }
                    words.insert(word.into(), analysed);
                    drop(words);
                    cache = read();
                }
            }
            for t in &tokens {
                let (from, to) = (at + t.from, at + t.to);
                if to - fragment.start > self.max_chars {
                    let next = Fragment {
                        start: from,
                        stop: from,
                        ..Fragment::default()
                    };
                    keep(std::mem::replace(&mut fragment, next), &mut best);
                }
                fragment.stop = to;
                if let Some(weight) = t.weight {
                    fragment.score += weight;
                    fragment.highlighted.push(from..to);
                }
            }
        }
        drop(cache);
        keep(fragment, &mut best);
        best
    }

    /// The highlighted fragment of `text` as HTML (tantivy's `Snippet::to_html` with
    /// `prefix` and `postfix` around each highlighted range); `None` when no term occurs.
    pub fn html(&self, text: &str, prefix: &str, postfix: &str) -> Option<String> {
        let fragment = self.best_fragment(text)?;
        let piece = &text[fragment.start..fragment.stop];
        let mut html = String::with_capacity(piece.len() + 64);
        let mut from = 0;
        for range in collapse(fragment.highlighted) {
            let range = range.start - fragment.start..range.end - fragment.start;
            encode_minimal(&piece[from..range.start], &mut html);
            html.push_str(prefix);
            encode_minimal(&piece[range.clone()], &mut html);
            html.push_str(postfix);
            from = range.end;
        }
        encode_minimal(&piece[from..], &mut html);
        Some(html)
    }
}

/// The runs of letters and digits of `text` (tantivy's `SimpleTokenizer`), with the byte
/// offset of each.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut chars = text.char_indices();
    std::iter::from_fn(move || {
        let (start, _) = chars.by_ref().find(|(_, c)| c.is_alphanumeric())?;
        let end = chars
            .by_ref()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(text.len(), |(i, _)| i);
        Some((start, &text[start..end]))
    })
}

/// Ranges sorted, without repeats, overlapping ones merged (tantivy's
/// `collapse_overlapped_ranges`).
fn collapse(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    ranges.dedup();
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match out.last_mut() {
            Some(last) if last.end > range.start => last.end = last.end.max(range.end),
            _ => out.push(range),
        }
    }
    out
}

/// Appends `text` with `"`, `&`, `'`, `<` and `>` escaped as tantivy's snippets escape
/// them (`htmlescape::encode_minimal`).
fn encode_minimal(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#x27;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Makes the snippet of `text`: the best highlighted fragment, else its beginning. A
/// stopword is marked only when it is one of `quoted` (words of the query's quoted phrases,
/// lower case).
pub fn snippet(generator: Option<&Snippets>, text: &str, quoted: &[String]) -> String {
    if let Some(html) = generator.and_then(|g| g.html(text, "<mark>", "</mark>")) {
        return unmark_stopwords(&html, quoted);
    }
    leading_fragment(text, SNIPPET_CHARS)
}

/// Removes the marks around stopwords (`advised <mark>in</mark> the papers`), except those
/// in `quoted`.
pub fn unmark_stopwords(html: &str, quoted: &[String]) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<mark>") {
        out.push_str(&rest[..start]);
        let after = &rest[start + "<mark>".len()..];
        let Some(end) = after.find("</mark>") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let word = &after[..end];
        let lower = word.to_lowercase();
        let stop = crate::query::STOP_WORDS.contains(&lower.as_str());
        if stop && !quoted.contains(&lower) {
            out.push_str(word);
        } else {
            out.push_str("<mark>");
            out.push_str(word);
            out.push_str("</mark>");
        }
        rest = &after[end + "</mark>".len()..];
    }
    out.push_str(rest);
    out
}

/// The lower-case words of the quoted phrases of a query (`"duty of care"` gives `duty`,
/// `of`, `care`).
pub fn quoted_words(query: &str) -> Vec<String> {
    crate::query::split_pieces(query)
        .into_iter()
        .filter_map(|p| match p {
            crate::query::Piece::Phrase(text) => Some(text),
            crate::query::Piece::Bare(_) => None,
        })
        .flat_map(|text| {
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The first `max_chars` characters of `text` (cut at a word boundary where possible),
/// HTML-escaped, with an ellipsis if cut.
pub fn leading_fragment(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    let cut = match text.char_indices().nth(max_chars) {
        None => return escape_html(text),
        Some((at, _)) => at,
    };
    let head = &text[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if space > cut / 2 => &head[..space],
        _ => head,
    };
    format!("{}…", escape_html(head.trim_end()))
}

/// Escapes `&`, `<`, `>`, `"` and `'`.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The citation line of a hit: council, body, date (`13 February 2025`), `minute {n}`,
/// `item {n}`,
/// `para {number}` (or the heading), `p. {page}`, and for text read by OCR `text from a scan (OCR confidence {n} %)`, skipping what the paper does not give.
pub fn citation(hit: &SearchHit) -> String {
    let mut parts = citation_head(
        hit.council.as_deref(),
        hit.meeting.as_ref(),
        hit.minute.as_deref(),
    );
    let mut push = |part: Option<String>| {
        if let Some(part) = part.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()) {
            parts.push(part);
        }
    };
    match hit
        .number
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        // A minute's own number is said once ("minute 291", not "minute 291, para 291").
        Some(number) if Some(number) == hit.minute.as_deref().map(str::trim) => {}
        Some(number) => push(Some(format!("para {number}"))),
        None => push(hit.heading.clone()),
    }
    push(hit.page.map(|page| format!("p. {page}")));
    push(hit.ocr_confidence.map(scan_label));
    parts.join(CITATION_SEPARATOR)
}

/// The citation of a whole paper (shown at the head of its page): council, meeting body,
/// date and agenda item, as a hit's citation begins.
pub fn paper_citation(council: Option<&str>, meeting: Option<&council_model::Meeting>) -> String {
    citation_head(council, meeting, None).join(CITATION_SEPARATOR)
}

/// The parts every citation begins with: council, body, date, minute, item (those given).
fn citation_head(
    council: Option<&str>,
    meeting: Option<&council_model::Meeting>,
    minute: Option<&str>,
) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut push = |part: Option<String>| {
        if let Some(part) = part.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()) {
            parts.push(part);
        }
    };
    push(council.map(str::to_string));
    push(meeting.and_then(|m| m.body.clone()));
    push(meeting.and_then(|m| m.date.as_deref()).map(long_date));
    push(minute.map(|m| format!("minute {m}")));
    push(
        meeting
            .and_then(|m| m.item.as_deref())
            .map(|i| format!("item {i}")),
    );
    parts
}

/// How text read by OCR is marked: "text from a scan (OCR confidence 94 %)".
pub fn scan_label(confidence: u8) -> String {
    format!("text from a scan (OCR confidence {confidence} %)")
}

/// `2025-02-13` as `13 February 2025`; anything else unchanged.
pub fn long_date(iso: &str) -> String {
    council_model::dates::long_date(iso).unwrap_or_else(|| iso.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fragment and highlighting are tantivy's `SnippetGenerator`'s, over texts with
    /// accents, digits run into letters, over-long tokens, markup characters, letters whose
    /// lower case is longer, fragments of equal score and no match at all.
    #[test]
    fn snippets_are_the_fragments_tantivys_generator_chooses() {
        let analyzer = crate::analyzer::council_text_shared();
        let mut stems = analyzer.clone();
        let mut weights = BTreeMap::new();
        let words = "home education safeguarding 30 km s 106 caniatad gwyl istanbul policy \
                     council tax 2025 strasse";
        for (i, word) in words.split_whitespace().enumerate() {
            let mut stream = stems.token_stream(word);
            while let Some(t) = stream.next() {
                // Some weights equal, so fragments tie.
                weights.insert(t.text.clone(), 1.0 / (2.0 + (i % 4) as f32));
            }
        }
        let filler = "The committee noted the report and agreed its recommendations. ";
        let texts = [
            String::new(),
            "Nothing here matches at all.".to_string(),
            format!(
                "{}Home education & safeguarding <b>\"plans\"</b> it's",
                filler.repeat(3)
            ),
            format!(
                "30km/h limits, S106 money, 2025-26 budget. {}",
                filler.repeat(5)
            ),
            format!(
                "{}Caniatâd cynllunio; Gŵyl Dewi; İSTANBUL; Straße policy",
                filler.repeat(2)
            ),
            format!("{} {}", "x".repeat(60), "safeguarding ".repeat(40)),
            format!(
                "{}Council tax {}Council tax",
                filler.repeat(4),
                filler.repeat(4)
            ),
            format!("{}ＣＯＵＮＣＩＬ TAX ǅ Ǆ ΣΑΣ 106km 106 km", filler),
            "Policy".repeat(10) + " policy " + &"ab1".repeat(20),
        ];
        // One cache for all: later searches find the words analysed.
        let cache = Arc::new(WordCache::new(analyzer.clone()));
        for max in [20, 150, SNIPPET_CHARS] {
            let ours = Snippets::new(weights.clone(), cache.clone(), max);
            let field = tantivy::schema::Field::from_field_id(0);
            let mut theirs = tantivy::snippet::SnippetGenerator::new(
                weights.clone(),
                analyzer.clone(),
                field,
                max,
            );
            theirs.set_max_num_chars(max);
            for text in &texts {
                let mut want = theirs.snippet(text);
                want.set_snippet_prefix_postfix("<mark>", "</mark>");
                let want = (!want.is_empty()).then(|| want.to_html());
                assert_eq!(ours.html(text, "<mark>", "</mark>"), want, "{max}: {text}");
            }
        }
    }

    #[test]
    fn leading_fragment_cuts_at_a_word_and_escapes() {
        let text = "Tom & Jerry <b> ".repeat(30);
        let out = leading_fragment(&text, 50);
        assert!(out.ends_with('…'));
        assert!(out.contains("&amp;") && out.contains("&lt;b&gt;"));
        assert!(!out.contains("<b>"));
        assert_eq!(leading_fragment("short", 50), "short");
    }

    #[test]
    fn a_citation_of_text_from_a_scan_says_so() {
        let hit: SearchHit = serde_json::from_value(serde_json::json!({
            "section_id": "h-0.1", "document_id": "h-0", "source": "a.pdf", "title": null,
            "kind": "minutes", "council": "Horsley Parish Council", "meeting": null,
            "number": "14/037", "heading": null, "path": [], "page": 1, "text": "x",
            "snippet": "", "score": 1.0, "citation": "", "ocr_confidence": 95
        }))
        .unwrap();
        assert_eq!(
            citation(&hit),
            "Horsley Parish Council, para 14/037, p. 1, text from a scan (OCR confidence 95 %)"
        );
    }

    #[test]
    fn stopwords_are_marked_only_in_quoted_phrases() {
        let html = "advised <mark>in</mark> <mark>the</mark> <mark>papers</mark>";
        assert_eq!(
            unmark_stopwords(html, &[]),
            "advised in the <mark>papers</mark>"
        );
        let quoted = quoted_words("\"in the papers\" budget");
        assert_eq!(quoted, ["in", "the", "papers"]);
        assert_eq!(unmark_stopwords(html, &quoted), html);
    }

    #[test]
    fn a_citation_is_what_a_clerk_pastes() {
        let hit = SearchHit {
            section_id: "d.3".into(),
            document_id: "d".into(),
            source: "a.pdf".into(),
            title: None,
            kind: council_model::DocumentKind::Minutes,
            council: Some("Kent County Council".into()),
            meeting: Some(council_model::Meeting {
                body: Some("County Council".into()),
                date: Some("2025-02-13".into()),
                item: Some("4".into()),
            }),
            minute: None,
            filed_for: None,
            number: Some("4.2".into()),
            heading: None,
            path: vec![],
            page: Some(12),
            text: String::new(),
            ocr_confidence: None,
            record: None,
            snippet: String::new(),
            score: 0.0,
            citation: String::new(),
            section_ordinal: 3,
            more: vec![],
            also_in: vec![],
            explanation: None,
        };
        assert_eq!(
            citation(&hit),
            "Kent County Council, County Council, 13 February 2025, item 4, para 4.2, p. 12"
        );
        let minute = SearchHit {
            minute: Some("4".into()),
            meeting: Some(council_model::Meeting {
                item: None,
                ..hit.meeting.clone().unwrap()
            }),
            ..hit.clone()
        };
        assert_eq!(
            citation(&minute),
            "Kent County Council, County Council, 13 February 2025, minute 4, para 4.2, p. 12"
        );
        // A minute's own number is not said again as a paragraph.
        let whole = SearchHit {
            number: Some("4".into()),
            ..minute.clone()
        };
        assert_eq!(
            citation(&whole),
            "Kent County Council, County Council, 13 February 2025, minute 4, p. 12"
        );
        assert_eq!(long_date("2025-2"), "2025-2");
    }
}
