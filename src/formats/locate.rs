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
        let mut index = YamlIndex::default();
        let mut stack: Vec<Open> = Vec::new();
        let mut path: Vec<String> = Vec::new();
        // Depth inside a key that is itself a mapping or sequence: nothing there has a pointer.
        let mut in_complex_key = 0usize;
        let mut parser = Parser::new_from_str(text);
        while let Some(Ok((event, span))) = parser.next_event() {
            let pos = Position {
                line: span.start.line() + line_offset,
                column: span.start.col() + 1,
            };
            let starts = matches!(event, Event::SequenceStart(..) | Event::MappingStart(..));
            let ends = matches!(event, Event::SequenceEnd | Event::MappingEnd);
            if in_complex_key > 0 {
                if starts {
                    in_complex_key += 1;
                } else if ends {
                    in_complex_key -= 1;
                    if in_complex_key == 0 {
                        if let Some(Open {
                            kind: Kind::Map { key, want_key },
                            ..
                        }) = stack.last_mut()
                        {
                            *key = None;
                            *want_key = false;
                        }
                    }
                }
                continue;
            }
            if ends {
                if stack.pop().is_some_and(|o| o.named) {
                    path.pop();
                }
                continue;
            }
            let is_node = starts || matches!(event, Event::Scalar(..) | Event::Alias(_));
            if !is_node {
                if matches!(event, Event::DocumentEnd) {
                    break;
                }
                continue;
            }
            // A mapping's key: its entry is located at the key.
            if let Some(Open {
                kind:
                    Kind::Map {
                        key,
                        want_key: want_key @ true,
                    },
                ..
            }) = stack.last_mut()
            {
                *want_key = false;
                *key = None;
                match &event {
                    Event::Scalar(v, ..) => {
                        *key = Some(v.to_string());
                        path.push(v.to_string());
                        index.at.entry(pointer(&path)).or_insert(pos);
                        path.pop();
                    }
                    _ if starts => in_complex_key = 1,
                    _ => {}
                }
                continue;
            }
            // A value: the root, a mapping's value or a sequence's item.
            let segment = match stack.last_mut() {
                None => None,
                Some(Open {
                    kind: Kind::Map { key, want_key },
                    ..
                }) => {
                    *want_key = true;
                    // A value whose key has no pointer is walked under a segment no pointer
                    // names.
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
                path.push(s);
            }
            index.at.entry(pointer(&path)).or_insert(pos);
            match event {
                Event::SequenceStart(..) => stack.push(Open {
                    kind: Kind::Seq { next: 0 },
                    named,
                }),
                Event::MappingStart(..) => stack.push(Open {
                    kind: Kind::Map {
                        key: None,
                        want_key: true,
                    },
                    named,
                }),
                _ if named => {
                    path.pop();
                }
                _ => {}
            }
        }
        index
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
        out.push_str(&seg.replace('~', "~0").replace('/', "~1"));
    }
    out
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
