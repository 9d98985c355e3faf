//! A JSON parser that keeps where every value came from.
//!
//! `serde_json::Value` forgets positions and silently keeps the last of two duplicate keys. The
//! linter needs both: every diagnostic points at `line:column`, and a duplicate key is reported
//! (WhatsApp's parser and ours must not disagree on which value wins). Each [`Node`] records the
//! byte range of its value; line and column are computed only when a diagnostic is printed.
//!
//! The parser is strict RFC 8259 (no comments, no trailing commas), limits nesting depth, and
//! never panics: every problem is a [`SyntaxError`] with a byte offset.

use std::borrow::Cow;
use std::fmt;

/// How deep arrays/objects may nest before the input is refused: serde_json's recursion limit
/// of 128 refuses the 128th level, so 127 levels is the most both parsers accept
/// (`tests/json_differential.rs` checks they agree).
pub const MAX_DEPTH: usize = 127;

/// A JSON value with its byte span in the source text. Strings and keys borrow from the text
/// (`'t`) unless they hold escapes: a 2.7 MB Flow is mostly base64 images, and copying them
/// cost more than the whole lint.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'t> {
    /// Byte offset of the value's first character.
    pub start: u32,
    /// Byte offset just past the value's last character.
    pub end: u32,
    pub value: Value<'t>,
}

/// The value part of a [`Node`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'t> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'t, str>),
    Array(Vec<Node<'t>>),
    Object(Vec<Member<'t>>),
}

/// A JSON number: its value and whether it was written without fraction or exponent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    pub integer: bool,
}

/// One `"key": value` pair of an object, in source order.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'t> {
    pub key: Cow<'t, str>,
    /// Byte offset of the key's opening quote.
    pub key_start: u32,
    pub value: Node<'t>,
}

/// A key that appears twice in one object.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateKey {
    pub key: String,
    /// Byte offset of the object that holds both keys.
    pub object_start: u32,
    /// Byte offset of the second occurrence's key.
    pub key_start: u32,
    /// Byte offset of the first occurrence's key.
    pub first_key_start: u32,
}

/// A parsed document: the root node plus what the parser noticed on the way.
#[derive(Debug, Clone)]
pub struct Document<'t> {
    pub root: Node<'t>,
    pub duplicate_keys: Vec<DuplicateKey>,
}

impl Document<'_> {
    /// The same document owning all its strings, for callers that keep it apart from the text.
    pub fn into_owned(self) -> Document<'static> {
        Document {
            root: self.root.into_owned(),
            duplicate_keys: self.duplicate_keys,
        }
    }
}

/// Why the text is not a JSON document.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub offset: u32,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl<'t> Node<'t> {
    /// The same node owning all its strings.
    pub fn into_owned(self) -> Node<'static> {
        let value = match self.value {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => Value::Number(n),
            Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
            Value::Array(items) => Value::Array(items.into_iter().map(Node::into_owned).collect()),
            Value::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|m| Member {
                        key: Cow::Owned(m.key.into_owned()),
                        key_start: m.key_start,
                        value: m.value.into_owned(),
                    })
                    .collect(),
            ),
        };
        Node {
            start: self.start,
            end: self.end,
            value,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self.value {
            Value::Number(n) => Some(n.value),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Node<'t>]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&[Member<'t>]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }
    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }
    /// The first member named `key` (objects only).
    pub fn get(&self, key: &str) -> Option<&Node<'t>> {
        self.member(key).map(|m| &m.value)
    }
    pub fn member(&self, key: &str) -> Option<&Member<'t>> {
        self.as_object()?.iter().find(|m| m.key == key)
    }
    /// A short name of the JSON type, for messages ("string", "array", …).
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.integer => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// The RFC 6901 pointer of the node that starts at `offset`, searching from `self` as root.
    /// Falls back to the deepest node containing `offset`.
    pub fn pointer_to(&self, offset: u32) -> String {
        let mut pointer = String::new();
        let mut node = self;
        loop {
            if node.start == offset {
                return pointer;
            }
            let next = match &node.value {
                Value::Array(items) => {
                    let i = items.partition_point(|n| n.end <= offset);
                    items
                        .get(i)
                        .filter(|n| n.start <= offset)
                        .map(|n| (i.to_string(), n))
                }
                Value::Object(members) => {
                    let i = members.partition_point(|m| m.value.end <= offset);
                    members
                        .get(i)
                        .filter(|m| m.key_start <= offset)
                        .map(|m| (escape_pointer(&m.key), &m.value))
                }
                _ => None,
            };
            match next {
                Some((segment, child)) => {
                    pointer.push('/');
                    pointer.push_str(&segment);
                    node = child;
                }
                None => return pointer,
            }
        }
    }

    /// Converts to a `serde_json::Value` (the last of duplicate keys wins, as serde_json does).
    pub fn to_serde(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => {
                if n.integer && n.value.abs() < 9.007_199_254_740_992e15 {
                    serde_json::Value::from(n.value as i64)
                } else {
                    serde_json::Number::from_f64(n.value)
                        .map(serde_json::Value::Number)
                        .unwrap_or(serde_json::Value::Null)
                }
            }
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(items) => items.iter().map(Node::to_serde).collect(),
            Value::Object(members) => serde_json::Value::Object(
                members
                    .iter()
                    .map(|m| (m.key.to_string(), m.value.to_serde()))
                    .collect(),
            ),
        }
    }
}

/// Escapes `~` and `/` in one pointer segment (RFC 6901).
pub fn escape_pointer(segment: &str) -> String {
    if segment.contains(['~', '/']) {
        segment.replace('~', "~0").replace('/', "~1")
    } else {
        segment.to_owned()
    }
}

/// Parses a complete JSON document (UTF-8 text).
pub fn parse(text: &str) -> Result<Document<'_>, SyntaxError> {
    if text.len() > u32::MAX as usize - 1 {
        return Err(SyntaxError {
            offset: 0,
            message: "the document is larger than 4 GiB".into(),
        });
    }
    let mut parser = Parser {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        depth: 0,
        duplicate_keys: Vec::new(),
        items: Vec::new(),
        members: Vec::new(),
    };
    parser.skip_ws();
    // A UTF-8 byte-order mark is not JSON; say so clearly.
    if text.starts_with('\u{feff}') {
        return Err(parser.error_at(
            0,
            "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
        ));
    }
    let root = parser.value()?;
    parser.skip_ws();
    if parser.pos < parser.bytes.len() {
        return Err(parser.error("unexpected text after the end of the JSON document"));
    }
    Ok(Document {
        root,
        duplicate_keys: parser.duplicate_keys,
    })
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
    duplicate_keys: Vec<DuplicateKey>,
    /// Items and members of the arrays and objects being parsed, innermost last: each array or
    /// object collects on top of these stacks and moves its own part into a `Vec` of the exact
    /// size when it closes (one allocation each instead of a growing `Vec` per container).
    items: Vec<Node<'a>>,
    members: Vec<Member<'a>>,
}

impl<'a> Parser<'a> {
    fn error(&self, message: &str) -> SyntaxError {
        self.error_at(self.pos, message)
    }
    fn error_at(&self, offset: usize, message: &str) -> SyntaxError {
        SyntaxError {
            offset: offset as u32,
            message: message.to_owned(),
        }
    }

    fn skip_ws(&mut self) {
        let bytes = self.bytes;
        let mut pos = self.pos;
        loop {
            // Indentation, eight spaces at a time (one 64-bit compare): pretty-printed Flows are
            // as much indentation as content.
            while bytes.get(pos..pos + 8) == Some(b"        ") {
                pos += 8;
            }
            match bytes.get(pos) {
                Some(b' ' | b'\n' | b'\r' | b'\t') => pos += 1,
                _ => break,
            }
        }
        self.pos = pos;
    }

    fn value(&mut self) -> Result<Node<'a>, SyntaxError> {
        let start = self.pos;
        let value = match self.bytes.get(self.pos) {
            None => return Err(self.error("unexpected end of input: expected a JSON value")),
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(_) => {
                let c = self.text[self.pos..].chars().next().unwrap_or('?');
                return Err(self.error(&format!(
                    "unexpected character {c:?}: expected a JSON value"
                )));
            }
        };
        Ok(Node {
            start: start as u32,
            end: self.pos as u32,
            value,
        })
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, SyntaxError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("invalid literal: expected true, false or null"))
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(&format!(
                "nesting too deep: more than {MAX_DEPTH} arrays/objects inside each other"
            )));
        }
        Ok(())
    }

    fn array(&mut self) -> Result<Value<'a>, SyntaxError> {
        self.enter()?;
        self.pos += 1;
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Array(Vec::new()));
        }
        let base = self.items.len();
        loop {
            self.skip_ws();
            let item = self.value()?;
            self.items.push(item);
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.bytes.get(self.pos) == Some(&b']') {
                        return Err(
                            self.error("trailing comma before ']' (JSON does not allow it)")
                        );
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                None => return Err(self.error("unexpected end of input: expected ',' or ']'")),
                Some(_) => return Err(self.error("expected ',' or ']' after an array item")),
            }
        }
        self.depth -= 1;
        Ok(Value::Array(self.items.drain(base..).collect()))
    }

    fn object(&mut self) -> Result<Value<'a>, SyntaxError> {
        let object_start = self.pos;
        self.enter()?;
        self.pos += 1;
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Object(Vec::new()));
        }
        let base = self.members.len();
        let mut seen: Option<std::collections::HashMap<Cow<'a, str>, u32>> = None;
        loop {
            self.skip_ws();
            let key_start = self.pos;
            match self.bytes.get(self.pos) {
                Some(b'"') => {}
                None => return Err(self.error("unexpected end of input: expected a key")),
                Some(b'}') => {
                    return Err(self.error("trailing comma before '}' (JSON does not allow it)"))
                }
                Some(_) => return Err(self.error("expected a double-quoted key")),
            }
            let key = self.string()?;
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.error("expected ':' after the key"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value()?;
            let members = &self.members[base..];
            // Small objects: linear scan; large ones switch to a hash map.
            let first = if members.len() < 16 {
                members.iter().find(|m| m.key == key).map(|m| m.key_start)
            } else {
                let map = seen.get_or_insert_with(|| {
                    let mut map = std::collections::HashMap::new();
                    for m in members {
                        map.entry(m.key.clone()).or_insert(m.key_start);
                    }
                    map
                });
                let first = map.get(&key).copied();
                map.entry(key.clone()).or_insert(key_start as u32);
                first
            };
            if let Some(first_key_start) = first {
                self.duplicate_keys.push(DuplicateKey {
                    key: key.to_string(),
                    object_start: object_start as u32,
                    key_start: key_start as u32,
                    first_key_start,
                });
            }
            self.members.push(Member {
                key,
                key_start: key_start as u32,
                value,
            });
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                None => return Err(self.error("unexpected end of input: expected ',' or '}'")),
                Some(_) => return Err(self.error("expected ',' or '}' after an object member")),
            }
        }
        self.depth -= 1;
        Ok(Value::Object(self.members.drain(base..).collect()))
    }

    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let start = self.pos;
        // Fast path: one pass to the first byte that ends the plain run — the closing quote, an
        // escape or a control character (long base64 images make this the parser's hot loop).
        let rest = &self.bytes[start..];
        match find_special(rest) {
            Some(i) if rest[i] == b'"' => {
                self.pos = start + i + 1;
                return Ok(Cow::Borrowed(&self.text[start..start + i]));
            }
            None => return Err(self.error_at(open, "unterminated string: missing closing '\"'")),
            _ => {}
        }
        let mut out = String::new();
        let mut chunk_start = start;
        loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(self.error_at(open, "unterminated string: missing closing '\"'"));
            };
            match b {
                b'"' => {
                    out.push_str(&self.text[chunk_start..self.pos]);
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => {
                    out.push_str(&self.text[chunk_start..self.pos]);
                    self.escape(&mut out)?;
                    chunk_start = self.pos;
                }
                0x00..=0x1f => {
                    return Err(self.error(
                        "control character inside a string: write newlines as \\n and tabs as \\t",
                    ))
                }
                _ => self.pos += 1,
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let at = self.pos;
        self.pos += 1;
        let Some(&c) = self.bytes.get(self.pos) else {
            return Err(self.error_at(at, "unterminated escape sequence"));
        };
        self.pos += 1;
        match c {
            b'"' => out.push('"'),
            b'\\' => out.push('\\'),
            b'/' => out.push('/'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let high = self.hex4(at)?;
                let code = if (0xD800..0xDC00).contains(&high) {
                    if self.bytes.get(self.pos) == Some(&b'\\')
                        && self.bytes.get(self.pos + 1) == Some(&b'u')
                    {
                        self.pos += 2;
                        let low = self.hex4(at)?;
                        if !(0xDC00..0xE000).contains(&low) {
                            return Err(
                                self.error_at(at, "invalid UTF-16 surrogate pair in \\u escape")
                            );
                        }
                        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        return Err(self.error_at(at, "lone UTF-16 surrogate in \\u escape"));
                    }
                } else if (0xDC00..0xE000).contains(&high) {
                    return Err(self.error_at(at, "lone UTF-16 surrogate in \\u escape"));
                } else {
                    high
                };
                match char::from_u32(code) {
                    Some(ch) => out.push(ch),
                    None => return Err(self.error_at(at, "invalid \\u escape")),
                }
            }
            _ => return Err(self.error_at(
                at,
                "invalid escape: only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX are allowed",
            )),
        }
        Ok(())
    }

    fn hex4(&mut self, at: usize) -> Result<u32, SyntaxError> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| {
                u32::from_str_radix(d, 16)
                    .ok()
                    .filter(|_| d.bytes().all(|b| b.is_ascii_hexdigit()))
            });
        match digits {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => Err(self.error_at(at, "\\u must be followed by four hex digits")),
        }
    }

    fn number(&mut self) -> Result<Number, SyntaxError> {
        let start = self.pos;
        let mut integer = true;
        if self.bytes[self.pos] == b'-' {
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            Some(b'0') => {
                self.pos += 1;
                if matches!(self.bytes.get(self.pos), Some(b'0'..=b'9')) {
                    return Err(self.error("numbers may not have leading zeros"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("invalid number: expected a digit")),
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            integer = false;
            self.pos += 1;
            if !matches!(self.bytes.get(self.pos), Some(b'0'..=b'9')) {
                return Err(self.error("invalid number: expected a digit after '.'"));
            }
            self.digits();
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            integer = false;
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.bytes.get(self.pos), Some(b'0'..=b'9')) {
                return Err(self.error("invalid number: expected a digit in the exponent"));
            }
            self.digits();
        }
        let value: f64 = self.text[start..self.pos]
            .parse()
            .map_err(|_| self.error_at(start, "invalid number"))?;
        if !value.is_finite() {
            return Err(self.error_at(start, "number out of range"));
        }
        Ok(Number { value, integer })
    }

    fn digits(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }
}

/// The index of the first `"`, `\\` or control character (< 0x20) in `bytes`. After the first
/// 32 bytes, scans 64-byte blocks with a branch-free test the compiler vectorises, then the one
/// block that has a hit.
fn find_special(bytes: &[u8]) -> Option<usize> {
    let special = |b: u8| (b == b'"') | (b == b'\\') | (b < 0x20);
    // Most strings of a Flow are short: one plain pass over the first 32 bytes finds their end.
    let head = bytes.len().min(32);
    if let Some(i) = bytes[..head].iter().position(|&b| special(b)) {
        return Some(i);
    }
    let mut at = head;
    for block in bytes[head..].chunks(64) {
        if block.iter().fold(false, |hit, &b| hit | special(b)) {
            return block.iter().position(|&b| special(b)).map(|i| at + i);
        }
        at += block.len();
    }
    None
}

/// Maps byte offsets to 1-based line and column (columns count characters, not bytes).
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        Self::covering(text, text.len())
    }
    /// An index good for offsets up to `end` only: it scans just that much of the text (the
    /// linter's findings are often near the top of a large file).
    pub fn covering(text: &'a str, end: usize) -> Self {
        let end = end.min(text.len());
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', &text.as_bytes()[..end]).map(|i| i + 1));
        LineIndex { text, line_starts }
    }
    /// 1-based (line, column) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let offset = (offset as usize).min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line + 1, column + 1)
    }
    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let end = self
            .line_starts
            .get(line)
            .map(|e| e - 1)
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches('\r')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_points() {
        let doc = parse(r#"{"a": [1, {"b/c": "x"}], "d": true}"#).unwrap();
        let inner = &doc.root.get("a").unwrap().as_array().unwrap()[1];
        let x = inner.get("b/c").unwrap();
        assert_eq!(doc.root.pointer_to(x.start), "/a/1/b~1c");
        assert_eq!(doc.root.pointer_to(doc.root.start), "");
    }

    #[test]
    fn reports_duplicate_keys() {
        let doc = parse(r#"{"a": 1, "a": 2}"#).unwrap();
        assert_eq!(doc.duplicate_keys.len(), 1);
        assert_eq!(doc.duplicate_keys[0].key, "a");
    }

    #[test]
    fn unescapes() {
        let doc = parse(r#""a\n\u00e9\ud83d\ude00\"""#).unwrap();
        assert_eq!(doc.root.as_str(), Some("a\né😀\""));
    }

    #[test]
    fn rejects_bad_input_without_panicking() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "\"\\u12\"",
            "01",
            "1.",
            "-",
            "\"\u{1}\"",
            "[1] x",
            "\"\\ud800\"",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should fail");
        }
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep)
            .unwrap_err()
            .message
            .contains("nesting too deep"));
    }

    #[test]
    fn line_columns_count_characters() {
        let text = "{\n  \"é\": 1\n}";
        let index = LineIndex::new(text);
        let doc = parse(text).unwrap();
        let one = doc.root.get("é").unwrap();
        assert_eq!(index.line_col(one.start), (2, 8));
    }
}
