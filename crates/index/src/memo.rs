//! Tokens remembered by value while the index is written, so that a value analysed again is
//! not analysed again.
//!
//! A document's section records repeat its shared values (title, entity values, bodies,
//! file words: one copy on each of its sections), and a paragraph's canonical copy carries
//! its text values a second time in the `canon_*` twin fields ([`crate::canonical`]). Every
//! text field has the same analyzer ([`crate::analyzer`]), so a value's tokens do not depend
//! on its field: [`memoized`] wraps the analyzer so that, on the index writer's own threads,
//! the tokens of each value analysed are kept (text, positions, offsets) and given back when
//! the same value comes again, instead of running the tokenizer, folding and stemming again.
//! The tokens given back are those the analyzer gave, so the index is the same.
//!
//! The memo is per thread and bounded ([`MOST_BYTES`]; past it, it starts again empty), and
//! only tantivy's indexing threads keep one: a search thread analyses a query or a few
//! section texts, which never come back often enough to be worth remembering, and a server
//! has many threads.

use std::cell::RefCell;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{BoxTokenStream, TextAnalyzer, Token, TokenStream, Tokenizer};

/// The bytes a thread's memo holds (values, token texts, token spans) before it starts
/// again empty: a few documents' worth of sections.
pub const MOST_BYTES: usize = 4 << 20;

/// Values longer than this (bytes) are analysed, never remembered.
pub const LONGEST_VALUE: usize = 64 << 10;

/// The prefix of the names tantivy gives its indexing threads.
const INDEXING_THREAD: &str = "thrd-tantivy-index";

/// An analyzer that gives a value's remembered tokens where it can (see the module doc).
pub fn memoized(inner: TextAnalyzer) -> TextAnalyzer {
    TextAnalyzer::from(Memoized { inner })
}

/// The tokenizer [`memoized`] makes.
#[derive(Clone)]
struct Memoized {
    inner: TextAnalyzer,
}

/// One token of a remembered value: where its text ends in [`Tokens::text`], and the rest
/// of the [`Token`].
#[derive(Clone, Copy)]
struct Span {
    end: usize,
    offset_from: usize,
    offset_to: usize,
    position: usize,
    position_length: usize,
}

/// The tokens of one value, their texts end to end.
#[derive(Default)]
struct Tokens {
    text: String,
    spans: Vec<Span>,
}

impl Tokens {
    /// The bytes these tokens and their value take in the memo (roughly).
    fn bytes(&self, value: &str) -> usize {
        value.len() + self.text.len() + self.spans.len() * std::mem::size_of::<Span>() + 64
    }
}

/// The values remembered on one thread.
#[derive(Default)]
struct Memo {
    values: FxHashMap<Box<str>, Arc<Tokens>>,
    bytes: usize,
}

impl Memo {
    fn insert(&mut self, value: &str, tokens: Tokens) {
        let bytes = tokens.bytes(value);
        if self.bytes + bytes > MOST_BYTES {
            self.values.clear();
            self.bytes = 0;
        }
        self.bytes += bytes;
        self.values.insert(value.into(), Arc::new(tokens));
    }
}

thread_local! {
    /// This thread's memo; none but on tantivy's indexing threads.
    static MEMO: Option<RefCell<Memo>> = std::thread::current()
        .name()
        .is_some_and(|name| name.starts_with(INDEXING_THREAD))
        .then(RefCell::default);
}

/// What [`Memoized`] does with a value.
enum Plan {
    /// Not remembered on this thread, or too long: analysed.
    Analyse,
    /// Remembered: given back.
    Replay(Arc<Tokens>),
    /// Not remembered yet: analysed and remembered.
    Record,
}

fn plan(value: &str) -> Plan {
    if value.len() > LONGEST_VALUE {
        return Plan::Analyse;
    }
    MEMO.with(|memo| match memo {
        None => Plan::Analyse,
        Some(memo) => match memo.borrow().values.get(value) {
            Some(tokens) => Plan::Replay(Arc::clone(tokens)),
            None => Plan::Record,
        },
    })
}

impl Tokenizer for Memoized {
    type TokenStream<'a> = MemoStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MemoStream<'a> {
        match plan(text) {
            Plan::Analyse => MemoStream::Analyse(self.inner.token_stream(text)),
            Plan::Replay(tokens) => MemoStream::Replay {
                tokens,
                next: 0,
                token: Token::default(),
            },
            Plan::Record => MemoStream::Record {
                inner: self.inner.token_stream(text),
                value: text,
                tokens: Some(Tokens::default()),
            },
        }
    }
}

/// The token stream of [`Memoized`].
enum MemoStream<'a> {
    /// The analyzer's own stream.
    Analyse(BoxTokenStream<'a>),
    /// A remembered value's tokens.
    Replay {
        /// The tokens.
        tokens: Arc<Tokens>,
        /// The next one to give.
        next: usize,
        /// The token given.
        token: Token,
    },
    /// The analyzer's stream, its tokens kept as they go by and remembered at its end.
    Record {
        /// The analyzer's stream.
        inner: BoxTokenStream<'a>,
        /// The value.
        value: &'a str,
        /// The tokens so far (taken once remembered).
        tokens: Option<Tokens>,
    },
}

impl TokenStream for MemoStream<'_> {
    fn advance(&mut self) -> bool {
        match self {
            MemoStream::Analyse(inner) => inner.advance(),
            MemoStream::Replay {
                tokens,
                next,
                token,
            } => {
                let Some(span) = tokens.spans.get(*next) else {
                    return false;
                };
                let start = match *next {
                    0 => 0,
                    i => tokens.spans[i - 1].end,
                };
                token.text.clear();
                token.text.push_str(&tokens.text[start..span.end]);
                token.offset_from = span.offset_from;
                token.offset_to = span.offset_to;
                token.position = span.position;
                token.position_length = span.position_length;
                *next += 1;
                true
            }
            MemoStream::Record {
                inner,
                value,
                tokens,
            } => {
                if inner.advance() {
                    if let Some(tokens) = tokens.as_mut() {
                        let t = inner.token();
                        tokens.text.push_str(&t.text);
                        tokens.spans.push(Span {
                            end: tokens.text.len(),
                            offset_from: t.offset_from,
                            offset_to: t.offset_to,
                            position: t.position,
                            position_length: t.position_length,
                        });
                    }
                    return true;
                }
                // The whole value went by: remember it (once).
                if let Some(tokens) = tokens.take() {
                    MEMO.with(|memo| {
                        if let Some(memo) = memo {
                            memo.borrow_mut().insert(value, tokens);
                        }
                    });
                }
                false
            }
        }
    }

    fn token(&self) -> &Token {
        match self {
            MemoStream::Analyse(inner) | MemoStream::Record { inner, .. } => inner.token(),
            MemoStream::Replay { token, .. } => token,
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self {
            MemoStream::Analyse(inner) | MemoStream::Record { inner, .. } => inner.token_mut(),
            MemoStream::Replay { token, .. } => token,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::council_text;

    fn tokens(
        analyzer: &mut TextAnalyzer,
        text: &str,
    ) -> Vec<(String, usize, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((
                t.text.clone(),
                t.position,
                t.position_length,
                t.offset_from,
                t.offset_to,
            ));
        }
        out
    }

    /// On an indexing thread (named as tantivy names them), a value's second analysis is
    /// given back from the memo, and gives the analyzer's tokens exactly.
    #[test]
    fn a_value_comes_back_with_the_analyzers_tokens() {
        let texts = [
            "The Cabinet RESOLVED that the S106 contributions (£1,250,000) for 2025-26 be approved",
            "Cyngor Sir Ynys Môn: Síochána, caniatâd, 30km/h",
            "",
            "authority authorities conservative conservation",
        ];
        std::thread::Builder::new()
            .name(format!("{INDEXING_THREAD}0"))
            .spawn(move || {
                let mut memo = memoized(council_text());
                for text in texts {
                    let expected = tokens(&mut council_text(), text);
                    assert_eq!(tokens(&mut memo, text), expected, "first: {text}");
                    assert!(MEMO.with(|m| m
                        .as_ref()
                        .is_some_and(|m| m.borrow().values.contains_key(text))));
                    assert_eq!(tokens(&mut memo, text), expected, "again: {text}");
                    // Another field's analyzer (a clone) on the same thread shares the memo.
                    assert_eq!(tokens(&mut memo.clone(), text), expected, "clone: {text}");
                }
            })
            .unwrap()
            .join()
            .unwrap();
    }

    /// A value read only part-way is not remembered; other threads remember nothing.
    #[test]
    fn only_whole_values_on_indexing_threads_are_remembered() {
        let mut memo = memoized(council_text());
        let text = "minutes of the meeting";
        assert_eq!(tokens(&mut memo, text), tokens(&mut council_text(), text));
        assert!(MEMO.with(|m| m.is_none()));
        std::thread::Builder::new()
            .name(format!("{INDEXING_THREAD}1"))
            .spawn(move || {
                let mut memo = memoized(council_text());
                {
                    let mut stream = memo.token_stream(text);
                    assert!(stream.advance());
                }
                assert!(MEMO.with(|m| m.as_ref().is_some_and(|m| m.borrow().values.is_empty())));
                assert_eq!(tokens(&mut memo, text), tokens(&mut council_text(), text));
            })
            .unwrap()
            .join()
            .unwrap();
    }

    /// Past its budget the memo starts again: it never holds more than [`MOST_BYTES`].
    #[test]
    fn the_memo_stays_within_its_budget() {
        std::thread::Builder::new()
            .name(format!("{INDEXING_THREAD}2"))
            .spawn(|| {
                let mut memo = memoized(council_text());
                for i in 0..20_000 {
                    let text = format!("paragraph {i} of the report on the budget {i}");
                    tokens(&mut memo, &text);
                    assert!(MEMO.with(|m| m.as_ref().unwrap().borrow().bytes) <= MOST_BYTES);
                }
            })
            .unwrap()
            .join()
            .unwrap();
    }
}
