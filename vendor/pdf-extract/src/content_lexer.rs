// council patch 3: a content-stream decoder without nom.
//
// `lopdf::content::Content::decode` (nom combinators: an `alt` of ten alternatives per
// operand, each failure building an error) was 17 % of all the CPU time of an ingest of the
// shared corpus, a third of the PDF workers' time. `decode` reads the common subset of the
// content-stream syntax directly and gives exactly the operations lopdf gives; whatever
// else it meets (inline images, `#` escapes in names, references, `\0` or form feeds
// between tokens, comments where lopdf does not take them, deep nesting, anything lopdf
// would stop at) makes it return `None`, and the caller decodes the stream with lopdf as
// before.

use lopdf::content::Operation;
use lopdf::{Dictionary, Object, StringFormat};

/// The deepest array or string nesting read here; deeper goes to lopdf (whose limit is 100).
const MOST_NESTING: usize = 32;

/// The operations of a content stream, as `lopdf::content::Content::decode` gives them, or
/// `None` where this decoder leaves the stream to lopdf.
pub fn decode(data: &[u8]) -> Option<Vec<Operation>> {
    let mut lexer = Lexer { data, at: 0 };
    let mut operations = Vec::new();
    let mut operands: Vec<Object> = Vec::new();
    lexer.skip_content_space();
    while lexer.at < data.len() {
        let c = data[lexer.at];
        if c == b'%' {
            // lopdf takes comments before an operation's first operand, each to its line
            // end, and then no space before the operation.
            if !operands.is_empty() {
                return None;
            }
            while lexer.peek() == Some(b'%') {
                lexer.comment()?;
            }
            match lexer.peek() {
                None => break,
                Some(c) if is_whitespace(c) => return None,
                Some(_) => continue,
            }
        }
        if is_operator_char(c) {
            let start = lexer.at;
            while lexer.at < data.len() && is_operator_char(data[lexer.at]) {
                lexer.at += 1;
            }
            let word = &data[start..lexer.at];
            // lopdf reads these as operands (`null`, `true`, `false`) or as an inline image
            // (`BI`): left to it.
            if word.starts_with(b"null")
                || word.starts_with(b"true")
                || word.starts_with(b"false")
                || word.starts_with(b"BI")
            {
                return None;
            }
            operations.push(Operation {
                // ASCII letters and `*'"` only: valid UTF-8.
                operator: String::from_utf8(word.to_vec()).ok()?,
                operands: std::mem::take(&mut operands),
            });
        } else {
            operands.push(lexer.operand(0)?);
        }
        lexer.skip_content_space();
    }
    // Operands with no operator after them: lopdf drops them; left to it.
    if !operands.is_empty() {
        return None;
    }
    Some(operations)
}

struct Lexer<'a> {
    data: &'a [u8],
    at: usize,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.at).copied()
    }

    /// Spaces between content-stream tokens: lopdf's `content_space` (no NUL, no form feed).
    fn skip_content_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.peek() {
            self.at += 1;
        }
    }

    /// White space and comments inside an array or a dictionary: lopdf's `space`.
    fn skip_space(&mut self) -> Option<()> {
        loop {
            match self.peek() {
                Some(c) if is_whitespace(c) => self.at += 1,
                Some(b'%') => self.comment()?,
                _ => return Some(()),
            }
        }
    }

    /// A comment: `%` to the end of its line, which must be there (lopdf's `comment`).
    fn comment(&mut self) -> Option<()> {
        let rest = &self.data[self.at..];
        let end = rest.iter().position(|&c| c == b'\r' || c == b'\n')?;
        self.at += end;
        if self.data[self.at] == b'\r' && self.data.get(self.at + 1) == Some(&b'\n') {
            self.at += 1;
        }
        self.at += 1;
        Some(())
    }

    /// One operand: a number, name, string, array or dictionary.
    fn operand(&mut self, depth: usize) -> Option<Object> {
        match self.peek()? {
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number(),
            b'/' => self.name(),
            b'(' => self.literal_string(),
            b'<' if self.data.get(self.at + 1) == Some(&b'<') => self.dictionary(depth),
            b'<' => self.hex_string(),
            b'[' => self.array(depth),
            _ => None,
        }
    }

    /// An object inside an array or a dictionary: an operand, or `null`, `true`, `false`
    /// (matched as lopdf does, as a prefix). References are left to lopdf.
    fn object(&mut self, depth: usize) -> Option<Object> {
        let rest = &self.data[self.at..];
        let (length, object) = match rest.first()? {
            b'n' if rest.starts_with(b"null") => (4, Object::Null),
            b't' if rest.starts_with(b"true") => (4, Object::Boolean(true)),
            b'f' if rest.starts_with(b"false") => (5, Object::Boolean(false)),
            _ => return self.operand(depth),
        };
        self.at += length;
        Some(object)
    }

    /// A dictionary of names to objects, keys set in order as lopdf sets them.
    fn dictionary(&mut self, depth: usize) -> Option<Object> {
        if depth >= MOST_NESTING {
            return None;
        }
        self.at += 2;
        self.skip_space()?;
        let mut dict = Dictionary::new();
        loop {
            match self.peek()? {
                b'>' if self.data.get(self.at + 1) == Some(&b'>') => {
                    self.at += 2;
                    return Some(Object::Dictionary(dict));
                }
                b'/' => {
                    let Object::Name(key) = self.name()? else {
                        return None;
                    };
                    self.skip_space()?;
                    let value = self.object(depth + 1)?;
                    self.skip_space()?;
                    dict.set(key, value);
                }
                _ => return None,
            }
        }
    }

    /// lopdf's `real` (sign, then digits `.` digits, or `.` digits) else its `integer`.
    fn number(&mut self) -> Option<Object> {
        let start = self.at;
        if let Some(b'+' | b'-') = self.peek() {
            self.at += 1;
        }
        let int_start = self.at;
        self.skip_digits();
        let int_digits = self.at - int_start;
        if self.peek() == Some(b'.') {
            self.at += 1;
            let frac_start = self.at;
            self.skip_digits();
            if int_digits == 0 && self.at == frac_start {
                return None;
            }
            let text = std::str::from_utf8(&self.data[start..self.at]).ok()?;
            return text.parse::<f32>().ok().map(Object::Real);
        }
        if int_digits == 0 {
            return None;
        }
        // As `i64::from_str` (an overflow is left to lopdf).
        let mut value: i64 = 0;
        for &d in &self.data[int_start..self.at] {
            value = value.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
        }
        if self.data[start] == b'-' {
            value = -value;
        }
        Some(Object::Integer(value))
    }

    fn skip_digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }

    /// A name without `#` escapes.
    fn name(&mut self) -> Option<Object> {
        self.at += 1;
        let start = self.at;
        while let Some(c) = self.peek() {
            if c == b'#' {
                return None;
            }
            if !is_regular(c) {
                break;
            }
            self.at += 1;
        }
        Some(Object::Name(self.data[start..self.at].to_vec()))
    }

    /// A literal string: escapes decoded as lopdf does, line ends kept as they are,
    /// balanced parentheses kept.
    fn literal_string(&mut self) -> Option<Object> {
        self.at += 1;
        let mut out = Vec::new();
        let mut open = 0usize;
        loop {
            let c = self.peek()?;
            self.at += 1;
            match c {
                b'(' => {
                    open += 1;
                    if open > MOST_NESTING {
                        return None;
                    }
                    out.push(c);
                }
                b')' if open == 0 => break,
                b')' => {
                    open -= 1;
                    out.push(c);
                }
                b'\\' => {
                    let e = self.peek()?;
                    self.at += 1;
                    match e {
                        b'0'..=b'7' => {
                            let mut value = u16::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        value = value * 8 + u16::from(d - b'0');
                                        self.at += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(value as u8);
                        }
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.at += 1;
                            }
                        }
                        b'\n' => {}
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(b'\x08'),
                        b'f' => out.push(b'\x0C'),
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
        Some(Object::String(out, StringFormat::Literal))
    }

    /// A hexadecimal string (white space between digits; an odd last digit is padded with
    /// 0). `<<` (a dictionary) is left to lopdf.
    fn hex_string(&mut self) -> Option<Object> {
        self.at += 1;
        let mut out = Vec::new();
        let mut high = true;
        loop {
            let c = self.peek()?;
            self.at += 1;
            let digit = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                b'>' => break,
                c if is_whitespace(c) => continue,
                _ => return None,
            };
            if high {
                out.push(digit << 4);
            } else if let Some(last) = out.last_mut() {
                *last |= digit;
            }
            high = !high;
        }
        Some(Object::String(out, StringFormat::Hexadecimal))
    }

    /// An array of objects.
    fn array(&mut self, depth: usize) -> Option<Object> {
        if depth >= MOST_NESTING {
            return None;
        }
        self.at += 1;
        self.skip_space()?;
        let mut items = Vec::new();
        loop {
            match self.peek()? {
                b']' => {
                    self.at += 1;
                    return Some(Object::Array(items));
                }
                _ => {
                    items.push(self.object(depth + 1)?);
                    self.skip_space()?;
                }
            }
        }
    }
}

/// The characters of a content-stream operator, as lopdf reads one.
fn is_operator_char(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'*' || c == b'\'' || c == b'"'
}

/// PDF white space (lopdf's `is_whitespace`).
fn is_whitespace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | b'\x0C')
}

/// A character of a name: not white space, not a delimiter.
fn is_regular(c: u8) -> bool {
    !is_whitespace(c) && !b"()<>[]{}/%".contains(&c)
}
