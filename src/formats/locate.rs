//! Where a value is in its file, by JSON pointer: the one locator of YAML (from the YAML
//! parser's own events, so flow style, comments, quoting and multi-line keys read as YAML reads
//! them) and the one of JSON (a scan of the text: serde_json keeps no positions).

use std::collections::HashMap;

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Every node of a YAML document by its JSON pointer (RFC 6901). A mapping entry is where its
/// key is, the place a reader looks for `key:`; a sequence item is where the item starts.
#[derive(Debug, Default)]
pub struct YamlIndex {
    at: HashMap<String, Position>,
}

/// A collection the walk over the events is inside, and whether it added a path segment (the
/// document's root adds none).
struct Open {
    kind: Kind,
    named: bool,
}

enum Kind {
    /// A mapping, the key of the value that comes next (`None` for a key that is not a plain
    /// scalar), and whether a key comes next.
    Map { key: Option<String>, want_key: bool },
    /// A sequence and the index of its next item.
    Seq { next: usize },
}

impl YamlIndex {
    /// Indexes `text`, whose first line is line `line_offset + 1` of its file. Text that does
    /// not parse gives the nodes before the error: the caller reports the parse error itself.
    /// Only the first document of a stream is indexed, as only it is read.
    pub fn new(text: &str, line_offset: usize) -> Self {
        use serde_saphyr::granit_parser::{Event, Parser};
        let mut walk = Walk::new(line_offset);
        let mut parser = Parser::new_from_str(text);
        while let Some(Ok((event, span))) = parser.next_event() {
            if matches!(event, Event::DocumentEnd) {
                break;
            }
            walk.event(&event, span.start.line(), span.start.col());
        }
        walk.index
    }

    /// Indexes every document of a YAML stream that holds a value, in order: the documents
    /// [`crate::formats::parse_yaml_documents`] returns, each with its lines counted from the
    /// start of `text`. The parser's own document events divide the stream, so a `---` inside
    /// a scalar, a document after `...` or one starting on its `---` line are where YAML puts
    /// them. A stream that does not parse gives the documents before the error.
    pub fn documents(text: &str) -> Vec<YamlIndex> {
        use serde_saphyr::granit_parser::{Event, Parser};
        let mut out = Vec::new();
        let mut walk: Option<Walk> = None;
        let mut parser = Parser::new_from_str(text);
        while let Some(Ok((event, span))) = parser.next_event() {
            match event {
                Event::DocumentStart(..) => walk = Some(Walk::new(0)),
                Event::DocumentEnd => out.extend(walk.take().and_then(Walk::valued)),
                _ => {
                    if let Some(w) = walk.as_mut() {
                        w.event(&event, span.start.line(), span.start.col());
                    }
                }
            }
        }
        out.extend(walk.and_then(Walk::valued));
        out
    }

    /// Where the node at `pointer` is.
    pub fn get(&self, pointer: &str) -> Option<Position> {
        self.at.get(pointer).copied()
    }

    /// Where the node at `pointer` is, or else its nearest ancestor that exists: a finding
    /// about a missing key points at the mapping that lacks it.
    pub fn nearest(&self, pointer: &str) -> Option<Position> {
        let mut p = pointer;
        loop {
            if let Some(at) = self.get(p) {
                return Some(at);
            }
            p = &p[..p.rfind('/')?];
        }
    }

    /// Every located node: its pointer and position, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Position)> {
        self.at.iter().map(|(p, at)| (p.as_str(), *at))
    }

    /// The line of the node at `pointer`.
    pub fn line(&self, pointer: &str) -> Option<usize> {
        self.get(pointer).map(|p| p.line)
    }
}

/// RFC 6901 pointer of a path of keys and indices.
fn pointer(path: &[String]) -> String {
    let mut out = String::new();
    for seg in path {
        out.push('/');
        out.push_str(&token(seg));
    }
    out
}

/// `key` as a JSON pointer token (RFC 6901): `~` and `/` escaped.
pub fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The last token of `pointer`, unescaped: the key or index it ends at.
pub fn last_key(pointer: &str) -> String {
    let last = pointer.rsplit('/').next().unwrap_or(pointer);
    last.replace("~1", "/").replace("~0", "~")
}

/// The walk over one document's events, building its index.
struct Walk {
    index: YamlIndex,
    stack: Vec<Open>,
    path: Vec<String>,
    /// Depth inside a key that is itself a mapping or sequence: nothing there has a pointer.
    in_complex_key: usize,
    line_offset: usize,
    /// Whether the document's root is null (`None` before it is seen): the YAML reader skips
    /// such a document, and so does [`YamlIndex::documents`].
    null_root: Option<bool>,
}

impl Walk {
    fn new(line_offset: usize) -> Self {
        Walk {
            index: YamlIndex::default(),
            stack: Vec::new(),
            path: Vec::new(),
            in_complex_key: 0,
            line_offset,
            null_root: None,
        }
    }

    /// The index, unless the document holds no value.
    fn valued(self) -> Option<YamlIndex> {
        (self.null_root == Some(false)).then_some(self.index)
    }

    /// Takes one event, at 1-based `line` and 0-based `col` of the text.
    fn event(&mut self, event: &serde_saphyr::granit_parser::Event, line: usize, col: usize) {
        use serde_saphyr::granit_parser::Event;
        let pos = Position {
            line: line + self.line_offset,
            column: col + 1,
        };
        let starts = matches!(event, Event::SequenceStart(..) | Event::MappingStart(..));
        let ends = matches!(event, Event::SequenceEnd | Event::MappingEnd);
        if self.in_complex_key > 0 {
            if starts {
                self.in_complex_key += 1;
            } else if ends {
                self.in_complex_key -= 1;
                if self.in_complex_key == 0 {
                    if let Some(Open {
                        kind: Kind::Map { key, want_key },
                        ..
                    }) = self.stack.last_mut()
                    {
                        *key = None;
                        *want_key = false;
                    }
                }
            }
            return;
        }
        if ends {
            if self.stack.pop().is_some_and(|o| o.named) {
                self.path.pop();
            }
            return;
        }
        let is_node = starts || matches!(event, Event::Scalar(..) | Event::Alias(_));
        if !is_node {
            return;
        }
        if self.null_root.is_none() {
            self.null_root = Some(match event {
                Event::Scalar(value, style, _, tag) => is_null(value, *style, tag.as_deref()),
                _ => false,
            });
        }
        // A mapping's key: its entry is located at the key.
        if let Some(Open {
            kind:
                Kind::Map {
                    key,
                    want_key: want_key @ true,
                },
            ..
        }) = self.stack.last_mut()
        {
            *want_key = false;
            *key = None;
            match event {
                Event::Scalar(v, ..) => {
                    *key = Some(v.to_string());
                    self.path.push(v.to_string());
                    self.index.at.entry(pointer(&self.path)).or_insert(pos);
                    self.path.pop();
                }
                _ if starts => self.in_complex_key = 1,
                _ => {}
            }
            return;
        }
        // A value: the root, a mapping's value or a sequence's item.
        let segment = match self.stack.last_mut() {
            None => None,
            Some(Open {
                kind: Kind::Map { key, want_key },
                ..
            }) => {
                *want_key = true;
                // A value whose key has no pointer is walked under a segment no pointer names.
                Some(key.take().unwrap_or_else(|| String::from("\u{0}")))
            }
            Some(Open {
                kind: Kind::Seq { next },
                ..
            }) => {
                *next += 1;
                Some((*next - 1).to_string())
            }
        };
        let named = segment.is_some();
        if let Some(s) = segment {
            self.path.push(s);
        }
        self.index.at.entry(pointer(&self.path)).or_insert(pos);
        match event {
            Event::SequenceStart(..) => self.stack.push(Open {
                kind: Kind::Seq { next: 0 },
                named,
            }),
            Event::MappingStart(..) => self.stack.push(Open {
                kind: Kind::Map {
                    key: None,
                    want_key: true,
                },
                named,
            }),
            _ if named => {
                self.path.pop();
            }
            _ => {}
        }
    }
}

/// Whether a root scalar is null as the YAML reader resolves it (it skips such documents): an
/// explicit `!!null`, or plain empty, `~` or `null` text under no tag that makes it a string
/// or another core type.
fn is_null(
    value: &str,
    style: serde_saphyr::granit_parser::ScalarStyle,
    tag: Option<&serde_saphyr::granit_parser::Tag>,
) -> bool {
    let nullish = style == serde_saphyr::granit_parser::ScalarStyle::Plain
        && matches!(value, "" | "~" | "null" | "Null" | "NULL");
    match tag {
        Some(t) if t.handle() == "tag:yaml.org,2002:" => t.suffix() == "null",
        // The non-specific tag `!` makes the text a string.
        Some(t) if t.handle() == "!" && t.suffix().is_empty() => false,
        _ => nullish,
    }
}

/// Where the value at JSON `pointer` starts in valid JSON `text`, or where its nearest ancestor
/// present starts when the value itself is absent. For error messages and findings: it scans the
/// text once and builds nothing.
pub fn json_position(text: &str, pointer: &str) -> Option<Position> {
    let tokens: Vec<String> = match pointer.strip_prefix('/') {
        None if pointer.is_empty() => Vec::new(),
        None => return None,
        Some(p) => p
            .split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    };
    let mut scanner = Scanner {
        b: text.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
    };
    let mut best = None;
    scanner.seek(&tokens, &mut best);
    best
}

/// [`json_position`]'s line.
pub fn json_line(text: &str, pointer: &str) -> Option<usize> {
    json_position(text, pointer).map(|p| p.line)
}

struct Scanner<'a> {
    b: &'a [u8],
    pos: usize,
    line: usize,
    /// Byte offset where the current line starts, for columns.
    line_start: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn newline(&mut self) {
        self.line += 1;
        self.line_start = self.pos + 1;
    }

    fn ws(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                b'\n' => self.newline(),
                b' ' | b'\t' | b'\r' => {}
                _ => break,
            }
            self.pos += 1;
        }
    }

    fn position(&self) -> Position {
        let column = self
            .b
            .get(self.line_start..self.pos)
            .map_or(0, |s| String::from_utf8_lossy(s).chars().count());
        Position {
            line: self.line,
            column: column + 1,
        }
    }

    /// At a value: records where it is, then descends into it while tokens remain.
    fn seek(&mut self, tokens: &[String], best: &mut Option<Position>) {
        self.ws();
        if self.peek().is_none() {
            return;
        }
        *best = Some(self.position());
        let Some((first, rest)) = tokens.split_first() else {
            return;
        };
        match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return;
                    }
                    let key = self.string();
                    self.ws();
                    if self.peek() != Some(b':') {
                        return;
                    }
                    self.pos += 1;
                    if key.as_deref() == Some(first.as_str()) {
                        return self.seek(rest, best);
                    }
                    self.skip_value();
                    if self.peek() != Some(b',') {
                        return;
                    }
                    self.pos += 1;
                }
            }
            Some(b'[') => {
                let Ok(target) = first.parse::<usize>() else {
                    return;
                };
                self.pos += 1;
                let mut i = 0;
                loop {
                    self.ws();
                    if matches!(self.peek(), None | Some(b']')) {
                        return;
                    }
                    if i == target {
                        return self.seek(rest, best);
                    }
                    self.skip_value();
                    if self.peek() != Some(b',') {
                        return;
                    }
                    self.pos += 1;
                    i += 1;
                }
            }
            _ => {}
        }
    }

    /// At a `"`: reads the string, unescaped.
    fn string(&mut self) -> Option<String> {
        let start = self.pos;
        self.pos += 1;
        let mut escaped = false;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => {
                    escaped = true;
                    self.pos += 1;
                }
                b'"' => {
                    self.pos += 1;
                    let raw = self.b.get(start..self.pos)?;
                    return if escaped {
                        serde_json::from_slice(raw).ok()
                    } else {
                        std::str::from_utf8(raw.get(1..raw.len() - 1)?)
                            .ok()
                            .map(str::to_string)
                    };
                }
                // Not valid JSON inside a string, but keep lines right if it happens.
                b'\n' => self.newline(),
                _ => {}
            }
            self.pos += 1;
        }
        None
    }

    /// Skips one value and the whitespace after it, stopping at the `,` `}` or `]` that follows.
    fn skip_value(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'"' => {
                    self.string();
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => return,
                b'}' | b']' => depth -= 1,
                b',' if depth == 0 => return,
                b'\n' => self.newline(),
                _ => {}
            }
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHEET: &str = "\
# a comment naming fields: and rule: on purpose
apiVersion: modelgate.dev/v1
personalData:
  contains: true   # rule: not a key
  dpia:
    date: 2026-01-01
fields:
  - name: email
    type: string
  - {name: 'age', type: int}
  -
    name: \"zip\"
waivers: [{rule: a}, {rule: b}]
? [complex, key]
: ignored
after: 1
";

    #[test]
    fn yaml_nodes_are_found_where_yaml_puts_them() {
        let ix = YamlIndex::new(SHEET, 0);
        let at = |p: &str| ix.get(p).map(|p| (p.line, p.column));
        assert_eq!(at("/apiVersion"), Some((2, 1)));
        assert_eq!(at("/personalData"), Some((3, 1)));
        assert_eq!(at("/personalData/contains"), Some((4, 3)));
        assert_eq!(at("/personalData/dpia/date"), Some((6, 5)));
        assert_eq!(at("/fields/0"), Some((8, 5)));
        assert_eq!(at("/fields/0/name"), Some((8, 5)));
        assert_eq!(at("/fields/0/type"), Some((9, 5)));
        assert_eq!(at("/fields/1/name"), Some((10, 6)));
        assert_eq!(at("/fields/2/name"), Some((12, 5)));
        assert_eq!(at("/waivers/1/rule"), Some((13, 23)));
        // The walk stays in step after a complex key.
        assert_eq!(at("/after"), Some((16, 1)));
        assert_eq!(at("/fields/3"), None);
        assert_eq!(
            ix.nearest("/personalData/dpia/missing").map(|p| p.line),
            Some(5)
        );
        // Offsets for YAML cut out of a longer file (front matter).
        assert_eq!(YamlIndex::new(SHEET, 10).line("/after"), Some(26));
    }

    #[test]
    fn yaml_keys_that_need_escaping_and_broken_yaml() {
        let ix = YamlIndex::new("a/b:\n  c~d: 1\n", 0);
        assert_eq!(ix.line("/a~1b/c~0d"), Some(2));
        // What parsed before the error is indexed; nothing panics.
        let ix = YamlIndex::new("a: 1\nb: [\n", 0);
        assert_eq!(ix.line("/a"), Some(1));
        let _ = YamlIndex::new("\u{0}: [}{", 0);
    }

    /// Every document that holds a value, lines counted from the top of the stream; the same
    /// documents, in the same order, as the YAML reader returns.
    #[test]
    fn yaml_documents_are_divided_where_yaml_divides_them() {
        let text = "\
a: |
  text
  ---
  more text
b: 1
---
---
~
--- {c: 2}
...
d:
  - 3
--- !!str ~
";
        let docs = YamlIndex::documents(text);
        let read = match crate::formats::parse_yaml_documents(text) {
            Ok(d) => d,
            Err(e) => panic!("{e:?}"),
        };
        assert_eq!(docs.len(), read.len(), "{read:?}");
        assert_eq!(docs.len(), 4);
        let at = |d: usize, p: &str| docs[d].get(p).map(|p| (p.line, p.column));
        // The `---` inside the block scalar divides nothing.
        assert_eq!(at(0, "/b"), Some((5, 1)));
        assert_eq!(at(1, "/c"), Some((9, 6)));
        assert_eq!(at(2, "/d/0"), Some((12, 5)));
        assert_eq!(at(3, ""), Some((13, 11)));
        assert_eq!(docs[0].get("/d"), None);
    }

    #[test]
    fn json_pointers_find_values_and_nearest_ancestors() {
        let text = "{\n  \"a\": [1,\n    {\"b/c\": \"x\\\"y\", \"d\": 2}],\n  \"é\": {\"k\": 3}\n}";
        let at = |p: &str| json_position(text, p).map(|p| (p.line, p.column));
        assert_eq!(at(""), Some((1, 1)));
        assert_eq!(at("/a"), Some((2, 8)));
        assert_eq!(at("/a/1/b~1c"), Some((3, 13)));
        assert_eq!(at("/a/1/d"), Some((3, 26)));
        assert_eq!(at("/é/k"), Some((4, 14)));
        // Absent: the nearest ancestor.
        assert_eq!(at("/a/1/zz"), Some((3, 5)));
        assert_eq!(at("no-slash"), None);
    }

    /// The two JSON scanners this one replaced, and their cases: escaped keys, quotes inside
    /// strings, nested arrays, values split over lines.
    #[test]
    fn json_cases_of_the_card_and_robustness_scanners() {
        let text = "{\n  \"a\": [\n    1,\n    {\"b\": \"x\\\"}\"},\n    [2, {\"c\": null}]\n  ],\n  \"d~/e\": true\n}";
        assert_eq!(json_line(text, ""), Some(1));
        assert_eq!(json_line(text, "/a"), Some(2));
        assert_eq!(json_line(text, "/a/0"), Some(3));
        assert_eq!(json_line(text, "/a/1/b"), Some(4));
        assert_eq!(json_line(text, "/a/2/1/c"), Some(5));
        assert_eq!(json_line(text, "/d~0~1e"), Some(7));
        assert_eq!(json_line(text, "/a/9"), Some(2), "nearest ancestor");
        assert_eq!(json_line(text, "/zzz"), Some(1), "nearest ancestor");
        let text = "{\n \"a\": [\n  1,\n  {\"b~/\": \"x\\\"y\",\n   \"c\": {\"d\": [true,\n false]}}\n ],\n \"e\": null\n}";
        assert_eq!(json_line(text, "/a/1/b~0~1"), Some(4));
        assert_eq!(json_line(text, "/a/1/c/d/1"), Some(6));
        assert_eq!(json_line(text, "/a/1/missing"), Some(4), "nearest ancestor");
        assert_eq!(json_line(text, "/e"), Some(8));
    }
}
