//! The text analyzer of every text field: tantivy's `en_stem`, with its stems remembered.
//!
//! tantivy's `en_stem` (simple tokenizer, tokens over 40 bytes dropped, lower-cased, English
//! Snowball stemmer) runs the stemmer on every token. A section record carries its
//! document's title, bodies and entity words as well as its own text, so the same few
//! thousand words are stemmed again and again: the stemmer was about a third of the
//! indexing threads' time on the shared corpus. [`en_stem`] gives the same tokens, but each
//! analyzer keeps the stems it has made in a [`StemCache`] and looks a word up before
//! stemming it.

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

/// The longest token kept, in bytes (as tantivy's `en_stem`).
const LONGEST_TOKEN: usize = 40;

/// The most stems a cache keeps; past it, the cache starts again empty. There is a cache
/// per text field and indexing thread, alive as long as a segment is being written: 20,000
/// words (the common ones come back first; most tokens are among them) keep each to about
/// 2 MB.
const MOST_STEMS: usize = 20_000;

/// The analyzer registered as [`crate::schema::TEXT_ANALYZER`]: the tokens of tantivy's
/// `en_stem`, stems remembered per analyzer instance.
pub fn en_stem() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(LowerCaser)
        .filter(CachedStemmer)
        .build()
}

/// A token filter that stems English words as tantivy's [`Stemmer`] does, remembering
/// each word's stem.
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

/// Words and their stems, made by tantivy's own English [`Stemmer`] on a miss.
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
        let stem = {
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

    #[test]
    fn gives_the_tokens_of_tantivys_en_stem_twice_over() {
        let text = "The Improvement Boards RESOLVED that the councillors' recommendations \
                    be approved; Councillor Smith's questions were answered. Running runs ran \
                    — Ærøskøbing naïve café 2.1.3 £1,250,000 \
                    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa end";
        let mut theirs = tantivy::tokenizer::TokenizerManager::default()
            .get("en_stem")
            .unwrap();
        let mut ours = en_stem();
        let expected = tokens(&mut theirs, text);
        assert!(expected.iter().any(|t| t.0 == "recommend"));
        // The second pass is answered from the cache.
        assert_eq!(tokens(&mut ours, text), expected);
        assert_eq!(tokens(&mut ours, text), expected);
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
        let mut theirs = tantivy::tokenizer::TokenizerManager::default()
            .get("en_stem")
            .unwrap();
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
