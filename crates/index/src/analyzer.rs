//! The text analyzer of every text field, registered as [`crate::schema::TEXT_ANALYZER`].
//!
//! [`council_text`] splits text into runs of letters and digits (tantivy's simple
//! tokenizer), drops tokens over 40 bytes, and then, for papers typed by people in England,
//! Wales and Ireland:
//!
//! - **case and accent folding**: lower case, then tantivy's `AsciiFoldingFilter`, so
//!   `Síochána` and `Siochana`, Welsh `cŵn`, `Gŵyl`, `caniatâd` and `cwn`, `Gwyl`,
//!   `caniatad` are the same word. Only the indexed tokens are folded: the stored text
//!   (what a hit shows) keeps its accents;
//! - **letters and digits apart** ([`DigitSplitter`]): `30km` is `30 km`, `S106` is
//!   `s 106`, `2nd` is `2 nd`, so `30km/h`, `30 km/h` and `30 km h` are the same three
//!   tokens in a row whichever way a paper or a query writes them (the slash and the hyphen
//!   of `2025-26` and `24/00109` already split, as in tantivy's `en_stem`);
//! - **English stemming** by tantivy's Snowball stemmer, except for a few words where it
//!   merges unrelated words ([`STEM_EXCEPTIONS`]: `authority` and `author`, `conservative`
//!   and `conservation`, `hospitality` and `hospital`, ...), which keep a stem of their own.
//!
//! Each analyzer keeps the stems it has made in a [`StemCache`] and looks a word up before
//! stemming it: a section record carries its document's title, bodies and entity words as
//! well as its own text, so the same few thousand words come back again and again (the
//! stemmer was about a third of the indexing threads' time on the shared corpus).
//!
//! An index remembers the name of its analyzer: when the tokens change, the name changes
//! too ([`crate::schema::TEXT_ANALYZER`]), so that an index written with other tokens is
//! refused as written by another version instead of silently missing words.

use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// The longest token kept, in bytes (as tantivy's `en_stem`).
const LONGEST_TOKEN: usize = 40;

/// The most stems a cache keeps; past it, the cache starts again empty. There is a cache
/// per text field and indexing thread, alive as long as a segment is being written: 20,000
/// words (the common ones come back first; most tokens are among them) keep each to about
/// 2 MB.
const MOST_STEMS: usize = 20_000;

/// Words the English Snowball stemmer would merge with an unrelated word, and the stem they
/// get instead (each word form listed; the other word keeps its Snowball stem). Found by
/// stemming the vocabulary of the shared corpus and reading the stems that several words
/// share: these are the merges that put a different subject on a query (`local authority`
/// finding `author`, a `conservation area` finding `Conservative`, `objections` finding
/// `objectives`, `hospitality` rates finding `hospital`). Merges of related words
/// (`plan`/`planning`, `director`/`directorate`) are kept.
pub const STEM_EXCEPTIONS: &[(&str, &str)] = &[
    // authority -> author
    ("authority", "authority"),
    ("authorities", "authority"),
    // conservative -> conserv (conservation)
    ("conservative", "conservative"),
    ("conservatives", "conservative"),
    // hospitality -> hospit (hospital)
    ("hospitality", "hospitality"),
    // executive -> execut (execute, executed)
    ("executive", "executive"),
    ("executives", "executive"),
    // business -> busi (busy)
    ("business", "business"),
    ("businesses", "business"),
    // independence -> independ (independent, the Independents group)
    ("independence", "independence"),
    // officer -> offic (office)
    ("officer", "officer"),
    ("officers", "officer"),
    // experience -> experi (experiment)
    ("experience", "experience"),
    ("experiences", "experience"),
    ("experienced", "experience"),
    // objection -> object (objective: objections to an application are not its objectives)
    ("objection", "objection"),
    ("objections", "objection"),
    // positive -> posit (position)
    ("positive", "positive"),
    ("positively", "positive"),
    // informal -> inform (information)
    ("informal", "informal"),
    ("informally", "informal"),
];

/// The analyzer registered as [`crate::schema::TEXT_ANALYZER`] (see the module doc).
pub fn council_text() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(DigitSplitter)
        .filter(CachedStemmer)
        .build()
}

/// [`council_text`], except that its clones share one cache of stems: for a caller that
/// clones the analyzer for every text (tantivy's snippet generator does, for every
/// snippet), where a cache of each clone's own would start empty every time.
pub fn council_text_shared() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(DigitSplitter)
        .filter(SharedStemmer::default())
        .build()
}

/// A token filter that splits a token at every change between ASCII digits and other
/// characters (`30km` gives `30`, `km`), renumbering the positions of the tokens after it
/// so that phrases still line up.
#[derive(Clone, Copy, Debug, Default)]
pub struct DigitSplitter;

impl TokenFilter for DigitSplitter {
    type Tokenizer<T: Tokenizer> = DigitSplitterFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> DigitSplitterFilter<T> {
        DigitSplitterFilter { inner: tokenizer }
    }
}

/// The tokenizer made by [`DigitSplitter`].
#[derive(Clone)]
pub struct DigitSplitterFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for DigitSplitterFilter<T> {
    type TokenStream<'a> = DigitSplitterStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        DigitSplitterStream {
            tail: self.inner.token_stream(text),
            parts: Vec::new(),
            shift: 0,
            current: Token::default(),
        }
    }
}

/// The token stream of [`DigitSplitterFilter`].
pub struct DigitSplitterStream<S> {
    tail: S,
    /// The parts of a split token still to give, last first.
    parts: Vec<Token>,
    /// How many positions the tokens of the tail move up (one per extra part so far).
    shift: usize,
    /// The token given: a copy of the tail's (its text buffer reused) or a part. The tail's
    /// own token is never changed, since a tokenizer may count positions on from it.
    current: Token,
}

/// The byte ranges of the runs of ASCII digits and of other characters in `word`.
fn digit_runs(word: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut digits = None;
    for (i, c) in word.char_indices() {
        let d = c.is_ascii_digit();
        if digits.is_some_and(|was| was != d) {
            runs.push((start, i));
            start = i;
        }
        digits = Some(d);
    }
    if start < word.len() {
        runs.push((start, word.len()));
    }
    runs
}

impl<S: TokenStream> TokenStream for DigitSplitterStream<S> {
    fn advance(&mut self) -> bool {
        if let Some(part) = self.parts.pop() {
            self.current = part;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token();
        let position = token.position + self.shift;
        let mixed = token.text.bytes().any(|b| b.is_ascii_digit())
            && !token.text.bytes().all(|b| b.is_ascii_digit());
        if !mixed {
            self.current.text.clear();
            self.current.text.push_str(&token.text);
            self.current.position = position;
            self.current.offset_from = token.offset_from;
            self.current.offset_to = token.offset_to;
            self.current.position_length = token.position_length;
            return true;
        }
        let runs = digit_runs(&token.text);
        // Offsets point into the original text; after folding the bytes may differ, and then
        // every part keeps the whole token's offsets.
        let same_bytes = token.offset_to - token.offset_from == token.text.len();
        let mut parts: Vec<Token> = runs
            .iter()
            .enumerate()
            .map(|(i, &(a, b))| Token {
                offset_from: if same_bytes {
                    token.offset_from + a
                } else {
                    token.offset_from
                },
                offset_to: if same_bytes {
                    token.offset_from + b
                } else {
                    token.offset_to
                },
                position: position + i,
                text: token.text[a..b].to_string(),
                position_length: 1,
            })
            .collect();
        self.shift += parts.len() - 1;
        parts.reverse();
        if let Some(first) = parts.pop() {
            self.current = first;
        }
        self.parts = parts;
        true
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

/// A token filter that stems English words as tantivy's [`Stemmer`] does (but for
/// [`STEM_EXCEPTIONS`]), remembering each word's stem.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            cache: StemCache::new(),
        }
    }
}

/// The tokenizer made by [`CachedStemmer`]: the inner tokenizer, and the stems so far.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    cache: StemCache,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            cache: &mut self.cache,
        }
    }
}

/// Words and their stems, made by tantivy's own English [`Stemmer`] on a miss (or taken
/// from [`STEM_EXCEPTIONS`]).
#[derive(Clone)]
pub struct StemCache {
    stems: FxHashMap<String, String>,
    stemmer: TextAnalyzer,
}

impl StemCache {
    /// An empty cache.
    pub fn new() -> StemCache {
        StemCache {
            stems: FxHashMap::default(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }

    /// Replaces `word` (lower-cased) by its stem.
    pub fn stem(&mut self, word: &mut String) {
        if let Some(stem) = self.stems.get(word.as_str()) {
            if stem != word {
                word.clear();
                word.push_str(stem);
            }
            return;
        }
        let remember = !word.bytes().any(|b| b.is_ascii_digit());
        let stem = if let Some(&(_, stem)) = STEM_EXCEPTIONS.iter().find(|(w, _)| w == word) {
            stem.to_string()
        } else {
            let mut stream = self.stemmer.token_stream(word);
            if stream.advance() {
                stream.token().text.clone()
            } else {
                word.clone()
            }
        };
        // Numbers, dates and references are mostly met once: not worth a place.
        if !remember {
            *word = stem;
            return;
        }
        if self.stems.len() >= MOST_STEMS {
            self.stems.clear();
        }
        self.stems
            .insert(std::mem::replace(word, stem.clone()), stem);
    }
}

impl Default for StemCache {
    fn default() -> Self {
        StemCache::new()
    }
}

/// [`CachedStemmer`] with one cache for all its clones ([`council_text_shared`]).
#[derive(Clone, Default)]
pub struct SharedStemmer(Arc<RwLock<StemCache>>);

impl TokenFilter for SharedStemmer {
    type Tokenizer<T: Tokenizer> = SharedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SharedStemmerFilter<T> {
        SharedStemmerFilter {
            inner: tokenizer,
            cache: self.0,
        }
    }
}

/// The tokenizer made by [`SharedStemmer`].
#[derive(Clone)]
pub struct SharedStemmerFilter<T> {
    inner: T,
    cache: Arc<RwLock<StemCache>>,
}

impl<T: Tokenizer> Tokenizer for SharedStemmerFilter<T> {
    type TokenStream<'a> = SharedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SharedStemmerStream {
            tail: self.inner.token_stream(text),
            cache: &self.cache,
        }
    }
}

/// The token stream of [`SharedStemmerFilter`].
pub struct SharedStemmerStream<'a, S> {
    tail: S,
    cache: &'a RwLock<StemCache>,
}

impl<S: TokenStream> TokenStream for SharedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let word = &mut self.tail.token_mut().text;
        {
            let cache = self.cache.read().unwrap_or_else(|e| e.into_inner());
            if let Some(stem) = cache.stems.get(word.as_str()) {
                if stem != word {
                    word.clear();
                    word.push_str(stem);
                }
                return true;
            }
        }
        self.cache
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .stem(word);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The token stream of [`CachedStemmerFilter`].
pub struct CachedStemmerStream<'a, S> {
    tail: S,
    cache: &'a mut StemCache,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.cache.stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    /// Token texts and positions (offsets differ between spellings).
    fn words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize)> {
        tokens(analyzer, text)
            .into_iter()
            .map(|(t, p, _, _)| (t, p))
            .collect()
    }

    fn tantivy_en_stem() -> TextAnalyzer {
        tantivy::tokenizer::TokenizerManager::default()
            .get("en_stem")
            .unwrap()
    }

    #[test]
    fn plain_english_gives_the_tokens_of_tantivys_en_stem_twice_over() {
        let text = "The Improvement Boards RESOLVED that the councillors' recommendations \
                    be approved; Councillor Smith's questions were answered. Running runs ran \
                    - 2.1.3 £1,250,000 \
                    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa end";
        let expected = tokens(&mut tantivy_en_stem(), text);
        assert!(expected.iter().any(|t| t.0 == "recommend"));
        let mut ours = council_text();
        // The second pass is answered from the cache.
        assert_eq!(tokens(&mut ours, text), expected);
        assert_eq!(tokens(&mut ours, text), expected);
    }

    #[test]
    fn accents_and_case_fold_as_welsh_and_irish_are_typed() {
        let mut a = council_text();
        for (written, typed) in [
            ("An Garda Síochána", "an garda siochana"),
            (
                "baw cŵn, Gŵyl y Goeden, caniatâd, Tŷ'r",
                "BAW CWN gwyl y goeden caniatad Ty'r",
            ),
            (
                "Cllr. Novak Uí Chonchúir; Iarnród Éireann; An Bord Pleanála",
                "cllr novak ui chonchuir iarnrod eireann an bord pleanala",
            ),
            ("naïve café Ærøskøbing", "naive cafe aeroskobing"),
        ] {
            assert_eq!(words(&mut a, written), words(&mut a, typed), "{written}");
        }
        let folded: Vec<String> = words(&mut a, "cŵn Síochána")
            .into_iter()
            .map(|w| w.0)
            .collect();
        assert_eq!(folded, ["cwn", "siochana"]);
    }

    #[test]
    fn letters_and_digits_split_so_units_and_references_match_however_typed() {
        let mut a = council_text();
        let w = |a: &mut TextAnalyzer, t: &str| words(a, t);
        let expected: Vec<(String, usize)> = [("30", 0), ("km", 1), ("h", 2), ("limit", 3)]
            .iter()
            .map(|&(t, p)| (t.to_string(), p))
            .collect();
        assert_eq!(w(&mut a, "30km/h limit"), expected);
        assert_eq!(w(&mut a, "30 km/h limits"), expected);
        assert_eq!(w(&mut a, "30 KM H limit"), expected);
        assert_eq!(w(&mut a, "S106"), w(&mut a, "s 106"));
        assert_eq!(
            w(&mut a, "the s106 agreement")[3],
            ("agreement".to_string(), 3)
        );
        assert_eq!(w(&mut a, "2025-26"), w(&mut a, "2025/26"));
        assert_eq!(w(&mut a, "24/00109"), w(&mut a, "24-00109"));
        assert_eq!(w(&mut a, "E/39034")[1], ("39034".to_string(), 1));
        // Parts point at their own bytes of the original text.
        let t = tokens(&mut a, "A40 road");
        assert_eq!(t[0], ("a".to_string(), 0, 0, 1));
        assert_eq!(t[1], ("40".to_string(), 1, 1, 3));
        assert_eq!(t[2], ("road".to_string(), 2, 4, 8));
        // Numbers alone stay whole.
        assert_eq!(w(&mut a, "2025 00109")[1], ("00109".to_string(), 1));
    }

    /// The merges Snowball makes and [`STEM_EXCEPTIONS`] undoes.
    const KEPT_APART: &[(&str, &str)] = &[
        ("authority", "author"),
        ("authorities", "authored"),
        ("conservative", "conservation"),
        ("hospitality", "hospital"),
        ("executive", "execute"),
        ("business", "busy"),
        ("independence", "independent"),
        ("officer", "office"),
        ("experience", "experiment"),
        ("objections", "objectives"),
        ("positive", "position"),
        ("informal", "information"),
    ];

    /// Word forms that must still meet.
    const KEPT_TOGETHER: &[(&str, &str)] = &[
        ("authority", "authorities"),
        ("conservative", "conservatives"),
        ("officer", "officers"),
        ("executive", "executives"),
        ("business", "businesses"),
        ("independent", "independents"),
        ("meetings", "meeting"),
        ("councillors", "councillor"),
        ("recommendations", "recommendation"),
        ("planning", "plan"),
        ("housing", "houses"),
        ("decisions", "decision"),
        ("seconded", "seconder"),
        ("objection", "objections"),
        ("objective", "objectives"),
    ];

    #[test]
    fn clones_sharing_their_stems_analyse_as_the_registered_analyzer() {
        let text = "The Councillors' meetings: 30km of roads; policies agreed, informally.";
        let shared = council_text_shared();
        for _ in 0..2 {
            // Each clone starts from the stems the others met.
            assert_eq!(
                tokens(&mut shared.clone(), text),
                tokens(&mut council_text(), text)
            );
        }
    }

    fn stem(a: &mut TextAnalyzer, word: &str) -> String {
        tokens(a, word).remove(0).0
    }

    #[test]
    fn stemming_keeps_unrelated_words_apart_and_word_forms_together() {
        let mut ours = council_text();
        let mut snowball = tantivy_en_stem();
        for &(a, b) in KEPT_APART {
            // Each exception is needed: Snowball alone merges the pair.
            assert_eq!(stem(&mut snowball, a), stem(&mut snowball, b), "{a} {b}");
            assert_ne!(stem(&mut ours, a), stem(&mut ours, b), "{a} {b}");
        }
        for &(a, b) in KEPT_TOGETHER {
            assert_eq!(stem(&mut ours, a), stem(&mut ours, b), "{a} {b}");
        }
        // Every exception maps to a stem another of its forms shares or to itself.
        for &(word, kept) in STEM_EXCEPTIONS {
            assert_eq!(stem(&mut ours, word), kept);
        }
    }

    fn base26(mut i: usize) -> String {
        let mut s = String::new();
        loop {
            s.push((b'a' + (i % 26) as u8) as char);
            i /= 26;
            if i == 0 {
                return s;
            }
        }
    }

    #[test]
    fn a_full_cache_starts_again() {
        let mut cache = StemCache::new();
        for i in 0..MOST_STEMS + 10 {
            let mut word = format!("running{}", base26(i));
            cache.stem(&mut word);
        }
        assert!(cache.stems.len() <= MOST_STEMS);
        // Words with digits are stemmed, not kept.
        cache.stems.clear();
        let mut theirs = tantivy_en_stem();
        for text in ["2025s", "b4", "councils2025"] {
            let mut word = text.to_string();
            cache.stem(&mut word);
            assert_eq!(word, tokens(&mut theirs, text)[0].0);
        }
        assert_eq!(cache.stems.len(), 0);
        let mut word = "boards".to_string();
        cache.stem(&mut word);
        assert_eq!(word, "board");
    }
}
