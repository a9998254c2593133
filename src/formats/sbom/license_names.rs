//! Licence names read as SPDX license expressions: full names of the SPDX license list
//! ("GNU Affero General Public License v3.0 or later"), Debian/DEP-5 short names (`AGPL-3+`,
//! `Expat`), PyPI trove classifiers, common aliases ("GNU AGPL v3", "Apache License, Version
//! 2.0", "The MIT License") and names joined by `and`/`or`/`with`, compared after folding.
//!
//! A GNU licence named without "only" or "or later" ("GNU GPL v2") reads as both terms,
//! `GPL-2.0-only AND GPL-2.0-or-later`, and one named without a version as every version: a
//! name that could mean either may be denied as either, and allowed only when both are allowed,
//! so that the reading chosen here cannot turn a deny into an approve. Other names without a
//! version map only when one version is meant in practice (Apache → 2.0, MPL → 2.0, as the
//! `spdx` crate's imprecise names); a bare "BSD" stays unmapped (2, 3 or 4 clauses).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// A licence word sequence longer than this is not looked up as one name.
const MAX_PHRASE_WORDS: usize = 16;
/// A licence text with more tokens than this is not read as names (it is reported unparsed).
const MAX_TOKENS: usize = 96;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tok<'a> {
    Open,
    Close,
    Slash,
    Word(&'a str),
}

/// The text lower case, look-alikes folded, split into words, `(`, `)` and `/`; every other
/// punctuation separates words (`.` and `+` stay in words: `2.1`, `3+`).
fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_ascii_alphanumeric() || c == '.' || c == '+';
        if word {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(Tok::Word(&text[s..i]));
        }
        match c {
            '(' | '[' => out.push(Tok::Open),
            ')' | ']' => out.push(Tok::Close),
            '/' => out.push(Tok::Slash),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Tok::Word(&text[s..]));
    }
    out
}

fn is_operator(w: &str) -> bool {
    matches!(w, "and" | "or" | "with")
}

/// Drops parenthesized annotations (a group right after a word, as in "License (CDDL) Version
/// 1.0"), returning the tokens and the last annotation's words.
fn drop_annotations<'a>(toks: &[Tok<'a>]) -> (Vec<Tok<'a>>, Vec<&'a str>) {
    let mut out = Vec::with_capacity(toks.len());
    let mut last = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let after_word = matches!(out.last(), Some(Tok::Word(w)) if !is_operator(w));
        if toks[i] == Tok::Open && after_word {
            let mut depth = 0;
            let mut inner = Vec::new();
            let mut j = i;
            while j < toks.len() {
                match toks[j] {
                    Tok::Open => depth += 1,
                    Tok::Close => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    Tok::Word(w) => inner.push(w),
                    Tok::Slash => {}
                }
                j += 1;
            }
            if j < toks.len() {
                last = inner;
                i = j + 1;
                continue;
            }
        }
        out.push(toks[i]);
        i += 1;
    }
    (out, last)
}

/// A number word normalized: trailing `.0` parts dropped (`2.0` → `2`, `1.0.0` → `1`).
fn number(w: &str) -> Option<String> {
    if w.is_empty() || !w.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let mut n = w.trim_matches('.');
    while let Some(x) = n.strip_suffix(".0") {
        n = x;
    }
    (!n.is_empty()).then(|| n.to_string())
}

/// The normalized words of a phrase: `licence`, `version`, a leading `the` dropped; `GPLv3+`
/// split into `gpl 3 orlater`; "or any later", "or greater", `+` as `orlater`.
fn key_words(words: &[&str]) -> Vec<String> {
    let mut raw: Vec<String> = Vec::with_capacity(words.len() + 2);
    for w in words {
        let w = w.trim_matches('.');
        if w.is_empty() {
            continue;
        }
        let (body, plus) = match w.strip_suffix('+') {
            Some(b) => (b.trim_end_matches('+'), true),
            None => (w, false),
        };
        if body.is_empty() {
            raw.push("orlater".to_string());
            continue;
        }
        if let Some(n) = number(body) {
            raw.push(n);
        } else if let Some(i) = body.find(|c: char| c.is_ascii_digit()).filter(|&i| i > 0) {
            let (letters, digits) = body.split_at(i);
            match number(digits) {
                Some(n) if letters.bytes().all(|b| b.is_ascii_alphabetic()) => {
                    let letters = match letters.strip_suffix('v') {
                        Some(l) if !l.is_empty() => l,
                        Some(_) => "",
                        None => letters,
                    };
                    if !letters.is_empty() {
                        raw.push(letters.to_string());
                    }
                    raw.push(n);
                }
                _ => raw.push(body.to_string()),
            }
        } else {
            raw.push(body.to_string());
        }
        if plus {
            raw.push("orlater".to_string());
        }
    }
    let is_num = |w: &str| w.bytes().next().is_some_and(|b| b.is_ascii_digit());
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let w = raw[i].as_str();
        let next_num = raw.get(i + 1).is_some_and(|n| is_num(n));
        match w {
            "license" | "licence" | "licenses" | "licences" | "licensed" => {}
            "the" if out.is_empty() => {}
            "version" | "ver" | "v" if next_num => {}
            "or" | "and" => {
                // "or later", "or any later", "and any later version", "or greater", ...
                let mut j = i + 1;
                if raw.get(j).map(String::as_str) == Some("any") {
                    j += 1;
                }
                let later = matches!(
                    raw.get(j).map(String::as_str),
                    Some("later" | "greater" | "newer" | "above" | "higher")
                );
                if later {
                    out.push("orlater".to_string());
                    i = j + 1;
                    if raw.get(i).map(String::as_str) == Some("version") {
                        i += 1;
                    }
                    continue;
                }
                out.push(w.to_string());
            }
            _ => out.push(w.to_string()),
        }
        i += 1;
    }
    out
}

fn key_of(words: &[&str]) -> String {
    key_words(words).join(" ")
}

/// The words of a name as written in a table (annotations dropped), lower case.
fn name_words(name: &str) -> Vec<String> {
    let lower = name.to_ascii_lowercase();
    let toks = tokenize(&lower);
    let (toks, _) = drop_annotations(&toks);
    toks.iter()
        .filter_map(|t| match t {
            Tok::Word(w) => Some(w.to_string()),
            _ => None,
        })
        .collect()
}

fn table_key(name: &str) -> String {
    let words = name_words(name);
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    key_of(&refs)
}

// ---------------------------------------------------------------------------------------------
// GNU licences

struct GnuFamily {
    id: &'static str,
    stems: &'static [&'static str],
    /// (version as a key word, version in the SPDX id)
    versions: &'static [(&'static str, &'static str)],
}

static GNU: [GnuFamily; 4] = [
    GnuFamily {
        id: "AGPL",
        stems: &[
            "gnu affero general public",
            "affero general public",
            "affero gnu general public",
            "affero gnu public",
            "gnu affero gpl",
            "affero gpl",
            "gnu agpl",
            "agpl",
            "affero",
        ],
        versions: &[("1", "1.0"), ("3", "3.0")],
    },
    GnuFamily {
        id: "LGPL",
        stems: &[
            "gnu library or lesser general public",
            "gnu lesser general public",
            "gnu library general public",
            "lesser general public",
            "library general public",
            "gnu lesser public",
            "gnu lesser gpl",
            "lesser gpl",
            "library gpl",
            "gnu lgpl",
            "lgpl",
        ],
        versions: &[("2", "2.0"), ("2.1", "2.1"), ("3", "3.0")],
    },
    GnuFamily {
        id: "GPL",
        stems: &[
            "gnu general public",
            "general public",
            "gnu public",
            "gnu gpl",
            "gpl",
        ],
        versions: &[("1", "1.0"), ("2", "2.0"), ("3", "3.0")],
    },
    GnuFamily {
        id: "GFDL",
        stems: &[
            "gnu free documentation",
            "free documentation",
            "gnu fdl",
            "gfdl",
            "fdl",
        ],
        versions: &[("1.1", "1.1"), ("1.2", "1.2"), ("1.3", "1.3")],
    },
];

/// The terms a GNU licence name means (see the module documentation for names without
/// "only"/"or later" or without a version).
fn gnu_terms(words: &[String]) -> Option<Vec<String>> {
    static STEMS: OnceLock<Vec<(Vec<&'static str>, &'static GnuFamily)>> = OnceLock::new();
    let stems = STEMS.get_or_init(|| {
        let mut v: Vec<(Vec<&'static str>, &'static GnuFamily)> = GNU
            .iter()
            .flat_map(|f| f.stems.iter().map(move |s| (s.split(' ').collect(), f)))
            .collect();
        v.sort_by_key(|b| std::cmp::Reverse(b.0.len()));
        v
    });
    let (stem, family) = stems.iter().find(|(stem, _)| {
        words.len() >= stem.len() && stem.iter().zip(words).all(|(a, b)| *a == b.as_str())
    })?;
    let mut rest = &words[stem.len()..];
    let is_num = |w: &String| w.bytes().next().is_some_and(|b| b.is_ascii_digit());
    let mut version = None;
    if let Some(first) = rest.first().filter(|w| is_num(w)) {
        // `lgpl_v2_1` → `2 1`
        match rest.get(1).filter(|w| is_num(w) && !first.contains('.')) {
            Some(second) => {
                version = Some(format!("{first}.{second}"));
                rest = &rest[2..];
            }
            None => {
                version = Some(first.clone());
                rest = &rest[1..];
            }
        }
    }
    let qualifier = match rest {
        [] => None,
        [q] if q == "only" => Some("only"),
        [q] if q == "orlater" => Some("or-later"),
        _ => return None,
    };
    let versions: Vec<&str> = match &version {
        Some(v) => vec![family.versions.iter().find(|(k, _)| k == v)?.1],
        None => family.versions.iter().map(|(_, id)| *id).collect(),
    };
    let one;
    let qualifiers: &[&str] = match qualifier {
        Some(q) => {
            one = [q];
            &one
        }
        None => &["only", "or-later"],
    };
    let mut out = Vec::with_capacity(versions.len() * qualifiers.len());
    for v in versions {
        for q in qualifiers {
            out.push(format!("{}-{v}-{q}", family.id));
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Names of other licences

/// Names the SPDX license list does not give, as key → SPDX id (keys as [`table_key`] makes
/// them). Trove classifiers, Debian short names and aliases seen in SBOMs.
const ALIASES: [(&str, &str); 62] = [
    // Apache
    ("Apache Software License", "Apache-2.0"),
    ("Apache Software Licenses", "Apache-2.0"),
    ("Apache Software License 2.0", "Apache-2.0"),
    ("Apache License 2", "Apache-2.0"),
    ("Apache", "Apache-2.0"),
    ("ASL", "Apache-2.0"),
    ("ASL 2.0", "Apache-2.0"),
    ("ASF 2.0", "Apache-2.0"),
    ("ALv2", "Apache-2.0"),
    ("AL 2.0", "Apache-2.0"),
    // MIT and relatives
    ("Expat", "MIT"),
    ("MIT License", "MIT"),
    ("MIT No Attribution", "MIT-0"),
    ("ISCL", "ISC"),
    ("ISC License", "ISC"),
    ("zlib/libpng", "Zlib"),
    ("W3C", "W3C"),
    ("W3C Software", "W3C"),
    // BSD with the clause count named
    ("BSD 3-Clause", "BSD-3-Clause"),
    ("BSD 3-Clause New", "BSD-3-Clause"),
    ("BSD 3-Clause Revised", "BSD-3-Clause"),
    ("3-Clause BSD", "BSD-3-Clause"),
    ("New BSD", "BSD-3-Clause"),
    ("BSD New", "BSD-3-Clause"),
    ("Modified BSD", "BSD-3-Clause"),
    ("Revised BSD", "BSD-3-Clause"),
    ("BSD 2-Clause", "BSD-2-Clause"),
    ("2-Clause BSD", "BSD-2-Clause"),
    ("Simplified BSD", "BSD-2-Clause"),
    ("BSD Simplified", "BSD-2-Clause"),
    ("FreeBSD", "BSD-2-Clause"),
    ("BSD 4-Clause", "BSD-4-Clause"),
    ("4-Clause BSD", "BSD-4-Clause"),
    ("Original BSD", "BSD-4-Clause"),
    ("Zero-Clause BSD", "0BSD"),
    // The Eclipse Distribution License 1.0 is the BSD 3-Clause text.
    ("Eclipse Distribution License 1.0", "BSD-3-Clause"),
    ("EDL 1.0", "BSD-3-Clause"),
    ("Eclipse Public License 1", "EPL-1.0"),
    ("Eclipse Public License 2", "EPL-2.0"),
    ("Mozilla Public License", "MPL-2.0"),
    ("MPL", "MPL-2.0"),
    ("Python Software Foundation", "PSF-2.0"),
    ("PSF", "PSF-2.0"),
    ("Python Software Foundation License 2", "PSF-2.0"),
    ("CC0", "CC0-1.0"),
    ("CC0 1.0 Universal", "CC0-1.0"),
    ("CC0 1.0 Universal Public Domain Dedication", "CC0-1.0"),
    ("Boost Software License", "BSL-1.0"),
    ("Unlicense", "Unlicense"),
    (
        "Common Development and Distribution License 1.0",
        "CDDL-1.0",
    ),
    ("CDDL 1.0", "CDDL-1.0"),
    // Source-available licences that restrict use as a service or in production.
    ("SSPL", "SSPL-1.0"),
    ("Server Side Public License", "SSPL-1.0"),
    ("MongoDB Server Side Public License", "SSPL-1.0"),
    ("SSPLv1", "SSPL-1.0"),
    ("BUSL", "BUSL-1.1"),
    ("Business Source License", "BUSL-1.1"),
    ("BSL 1.1", "BUSL-1.1"),
    ("Elastic License", "Elastic-2.0"),
    ("ELv2", "Elastic-2.0"),
    ("Elastic License v2", "Elastic-2.0"),
    ("Commons Clause", COMMONS_CLAUSE),
];

/// The Commons Clause is not on the SPDX list; it is written as this reference (and `X with
/// Commons Clause` as `X AND` it, since it restricts rather than excepts).
pub(super) const COMMONS_CLAUSE: &str = "LicenseRef-Commons-Clause";

/// Key → SPDX id: the license list's full names and ids (non-deprecated; a key that two
/// licences share is left out), the `spdx` crate's imprecise names (except GNU ones, read by
/// [`gnu_terms`], and a bare "bsd"), and [`ALIASES`].
fn names() -> &'static HashMap<String, &'static str> {
    static NAMES: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut map: HashMap<String, &'static str> = HashMap::new();
        let mut shared: HashSet<String> = HashSet::new();
        for l in spdx::identifiers::LICENSES {
            if l.flags & spdx::flags::IS_DEPRECATED != 0 {
                continue;
            }
            for k in [table_key(l.full_name), table_key(l.name)] {
                match map.get(&k) {
                    Some(id) if *id != l.name => {
                        shared.insert(k);
                    }
                    _ => {
                        map.insert(k, l.name);
                    }
                }
            }
        }
        for k in &shared {
            map.remove(k);
        }
        for (name, id) in spdx::identifiers::IMPRECISE_NAMES {
            let gnu = ["GPL", "LGPL", "AGPL"].iter().any(|g| id.starts_with(g));
            if gnu || name.eq_ignore_ascii_case("bsd") {
                continue;
            }
            if let Some(l) = spdx::license_id(id) {
                map.insert(table_key(name), l.name);
            }
        }
        for (name, id) in ALIASES {
            map.insert(table_key(name), id);
        }
        map
    })
}

/// The terms a phrase names (all apply), or `None`.
fn phrase_terms(words: &[&str]) -> Option<Vec<String>> {
    let key = key_words(words);
    if let Some(t) = gnu_terms(&key) {
        return Some(t);
    }
    names().get(&key.join(" ")).map(|id| vec![id.to_string()])
}

// ---------------------------------------------------------------------------------------------
// Exceptions

/// The exception an exception phrase names (`with the GNU Classpath Exception`), given the terms
/// it applies to: an SPDX exception, else an `AdditionRef-` of its words when the phrase says
/// "exception". `None` when it is no exception.
fn exception(words: &[&str], terms: &[String]) -> Option<String> {
    let key: Vec<String> = key_words(words)
        .into_iter()
        .filter(|w| !matches!(w.as_str(), "the" | "exception" | "exceptions"))
        .collect();
    let said_exception = words.iter().any(|w| w.starts_with("exception"));
    let gpl3 = terms.iter().any(|t| t.starts_with("GPL-3.0"));
    let lgpl3 = terms.iter().any(|t| t.starts_with("LGPL-3.0"));
    let k = key.join(" ");
    let known = match k.as_str() {
        "classpath" | "gnu classpath" => Some("Classpath-exception-2.0"),
        "gcc" | "gcc runtime" | "gcc runtime library" if gpl3 => Some("GCC-exception-3.1"),
        "gcc" | "gcc runtime" | "gcc runtime library" => Some("GCC-exception-2.0"),
        "autoconf" if gpl3 => Some("Autoconf-exception-3.0"),
        "autoconf" => Some("Autoconf-exception-2.0"),
        "bison" => Some("Bison-exception-2.2"),
        "font" => Some("Font-exception-2.0"),
        "llvm" => Some("LLVM-exception"),
        "linking" if lgpl3 => Some("LGPL-3.0-linking-exception"),
        "linking" if gpl3 => Some("GPL-3.0-linking-exception"),
        "universal foss" => Some("Universal-FOSS-exception-1.0"),
        _ => None,
    };
    if let Some(e) = known {
        return Some(e.to_string());
    }
    // An exception id written out (`Classpath-exception-2.0`, any case).
    let joined: Vec<&str> = words.to_vec();
    let id_key = key_of(&joined);
    if let Some(e) = spdx::identifiers::EXCEPTIONS
        .iter()
        .find(|e| table_key(e.name) == id_key)
    {
        return Some(e.name.to_string());
    }
    if !said_exception || key.is_empty() {
        return None;
    }
    let slug: Vec<String> = key
        .iter()
        .map(|w| {
            w.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '.' {
                        c
                    } else {
                        '-'
                    }
                })
                .collect()
        })
        .collect();
    Some(format!("AdditionRef-{}-exception", slug.join("-")))
}

// ---------------------------------------------------------------------------------------------
// Names joined by operators

struct Reader<'t, 'a> {
    toks: &'t [Tok<'a>],
    pos: usize,
    out: String,
}

impl Reader<'_, '_> {
    fn word(&self, i: usize) -> Option<&str> {
        match self.toks.get(i) {
            Some(Tok::Word(w)) => Some(w),
            _ => None,
        }
    }

    /// `w/` (as in "w/ exception") or `with`.
    fn at_with(&self) -> Option<usize> {
        match (self.word(self.pos), self.toks.get(self.pos + 1)) {
            (Some("with"), _) => Some(1),
            (Some("w"), Some(Tok::Slash)) => Some(2),
            _ => None,
        }
    }

    fn expr(&mut self) -> Option<()> {
        self.term()?;
        loop {
            let op = match (self.toks.get(self.pos), self.word(self.pos)) {
                (_, Some("and")) => " AND ",
                (_, Some("or")) | (Some(Tok::Slash), _) => " OR ",
                _ => return Some(()),
            };
            self.pos += 1;
            self.out.push_str(op);
            self.term()?;
        }
    }

    fn term(&mut self) -> Option<()> {
        if self.toks.get(self.pos) == Some(&Tok::Open) {
            self.pos += 1;
            self.out.push('(');
            self.expr()?;
            if self.toks.get(self.pos) != Some(&Tok::Close) {
                return None;
            }
            self.pos += 1;
            self.out.push(')');
            return Some(());
        }
        // The longest run of words from here that names a licence.
        let mut end = self.pos;
        while end < self.toks.len() && end - self.pos < MAX_PHRASE_WORDS && self.word(end).is_some()
        {
            end += 1;
        }
        let words: Vec<&str> = (self.pos..end).filter_map(|i| self.word(i)).collect();
        let (len, terms) = (1..=words.len())
            .rev()
            .find_map(|n| phrase_terms(&words[..n]).map(|t| (n, t)))?;
        self.pos += len;
        let mut extra = None;
        let mut with = None;
        if let Some(skip) = self.at_with() {
            let start = self.pos + skip;
            let mut end = start;
            while let Some(w) = self.word(end) {
                if w == "and" || w == "or" {
                    break;
                }
                end += 1;
            }
            let words: Vec<&str> = (start..end).filter_map(|i| self.word(i)).collect();
            if key_of(&words) == "commons clause" {
                extra = Some(COMMONS_CLAUSE);
            } else {
                with = Some(exception(&words, &terms)?);
            }
            self.pos = end;
        }
        let many = terms.len() > 1 || extra.is_some();
        if many {
            self.out.push('(');
        }
        for (i, t) in terms.iter().enumerate() {
            if i > 0 {
                self.out.push_str(" AND ");
            }
            self.out.push_str(t);
            if let Some(e) = &with {
                self.out.push_str(" WITH ");
                self.out.push_str(e);
            }
        }
        if let Some(x) = extra {
            self.out.push_str(" AND ");
            self.out.push_str(x);
        }
        if many {
            self.out.push(')');
        }
        Some(())
    }
}

/// The SPDX license expression a licence text written as names means, or `None` when some part
/// of it names no licence this module knows.
///
/// PyPI trove classifiers are read by their last part (`License :: OSI Approved :: MIT License`
/// → `MIT`); a trailing parenthesized abbreviation is tried when the name before it is unknown
/// ("Zero-Clause BSD (0BSD)").
pub(super) fn expression_of_names(text: &str) -> Option<String> {
    let text = text.trim();
    let text = match text.rfind("::") {
        Some(i) => text[i + 2..].trim(),
        None => text,
    };
    if text.is_empty() || text.len() > 1024 {
        return None;
    }
    let folded = super::deconfuse(text);
    let mut lower = folded.as_deref().unwrap_or(text).to_string();
    lower.make_ascii_lowercase();
    let toks = tokenize(&lower);
    if toks.len() > MAX_TOKENS {
        return None;
    }
    let (toks, annotation) = drop_annotations(&toks);
    let read = |toks: &[Tok<'_>]| -> Option<String> {
        let mut r = Reader {
            toks,
            pos: 0,
            out: String::new(),
        };
        r.expr()?;
        (r.pos == toks.len() && !r.out.is_empty()).then_some(r.out)
    };
    read(&toks).or_else(|| {
        let inner: Vec<Tok<'_>> = annotation.into_iter().map(Tok::Word).collect();
        (!inner.is_empty()).then(|| read(&inner)).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(text: &str) -> Option<String> {
        expression_of_names(text)
    }

    #[test]
    fn key_words_normalize_spellings() {
        let k = |s: &str| {
            let lower = s.to_ascii_lowercase();
            let toks = tokenize(&lower);
            let (toks, _) = drop_annotations(&toks);
            let words: Vec<&str> = toks
                .iter()
                .filter_map(|t| match t {
                    Tok::Word(w) => Some(*w),
                    _ => None,
                })
                .collect();
            key_of(&words)
        };
        assert_eq!(k("GPLv3+"), "gpl 3 orlater");
        assert_eq!(k("AGPL-3+"), "agpl 3 orlater");
        assert_eq!(
            k("The GNU General Public License, Version 2.0"),
            "gnu general public 2"
        );
        assert_eq!(
            k("LGPL, version 2.1 or any later version"),
            "lgpl 2.1 orlater"
        );
        assert_eq!(k("lgpl_v2_1"), "lgpl 2 1");
        assert_eq!(
            k("Common Development and Distribution License (CDDL) Version 1.0"),
            "common development and distribution 1"
        );
        assert_eq!(k("Apache License, Version 2.0"), "apache 2");
        assert_eq!(
            k("PolyForm Noncommercial License 1.0.0"),
            "polyform noncommercial 1"
        );
        assert_eq!(
            k("Lesser General Public License, version 3 or greater"),
            "lesser general public 3 orlater"
        );
    }

    #[test]
    fn gnu_ids_and_exceptions_named_here_exist() {
        for f in &GNU {
            for (_, v) in f.versions {
                for q in ["only", "or-later"] {
                    let id = format!("{}-{v}-{q}", f.id);
                    assert!(spdx::license_id(&id).is_some(), "{id}");
                }
            }
        }
        for (name, id) in ALIASES {
            assert!(
                id == COMMONS_CLAUSE || spdx::license_id(id).is_some(),
                "{name}: {id}"
            );
        }
        let e = |w: &str| {
            let words: Vec<&str> = tokenize(w)
                .into_iter()
                .filter_map(|t| match t {
                    Tok::Word(w) => Some(w),
                    _ => None,
                })
                .collect();
            exception(&words, &["GPL-3.0-only".to_string()])
        };
        for (phrase, id) in [
            ("the classpath exception", "Classpath-exception-2.0"),
            ("gcc runtime library exception", "GCC-exception-3.1"),
            ("autoconf exception", "Autoconf-exception-3.0"),
            ("classpath-exception-2.0", "Classpath-exception-2.0"),
            ("openssl exception", "AdditionRef-openssl-exception"),
        ] {
            assert_eq!(e(phrase).as_deref(), Some(id), "{phrase}");
        }
        assert_eq!(e("nuclear disclaimer"), None, "not an exception");
        for id in [
            "Classpath-exception-2.0",
            "GCC-exception-3.1",
            "GCC-exception-2.0",
            "Autoconf-exception-2.0",
            "Autoconf-exception-3.0",
            "Bison-exception-2.2",
            "Font-exception-2.0",
            "LLVM-exception",
            "LGPL-3.0-linking-exception",
            "GPL-3.0-linking-exception",
            "Universal-FOSS-exception-1.0",
        ] {
            assert!(spdx::exception_id(id).is_some(), "{id}");
        }
    }

    #[test]
    fn the_name_table_is_unambiguous_where_it_matters() {
        let n = names();
        assert!(n.len() > 1000, "{}", n.len());
        for (key, id) in [
            ("mit", "MIT"),
            ("apache 2", "Apache-2.0"),
            ("server side public 1", "SSPL-1.0"),
            ("business source 1.1", "BUSL-1.1"),
            ("elastic 2", "Elastic-2.0"),
            ("bsd 3 clause", "BSD-3-Clause"),
        ] {
            assert_eq!(n.get(key).copied(), Some(id), "{key}");
        }
        assert_eq!(n.get("bsd"), None, "a bare BSD names no one licence");
    }

    #[test]
    fn agpl_in_every_spelling_maps_to_agpl() {
        let both = "(AGPL-3.0-only AND AGPL-3.0-or-later)";
        for (given, want) in [
            ("GNU Affero General Public License v3.0 or later", "AGPL-3.0-or-later"),
            ("GNU Affero General Public License v3.0 only", "AGPL-3.0-only"),
            ("GNU Affero General Public License v3.0", both),
            ("GNU Affero General Public License v3", both),
            ("License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)", "AGPL-3.0-or-later"),
            ("License :: OSI Approved :: GNU Affero General Public License v3", both),
            ("AGPL-3+", "AGPL-3.0-or-later"),
            ("AGPL-3", both),
            ("GNU AGPL v3", both),
            ("GNU AGPLv3", both),
            ("AGPLv3", both),
            ("AGPLv3+", "AGPL-3.0-or-later"),
            ("agpl-3.0-or-later", "AGPL-3.0-or-later"),
            ("Affero GPL v3 or any later version", "AGPL-3.0-or-later"),
            ("Affero GPL", "(AGPL-1.0-only AND AGPL-1.0-or-later AND AGPL-3.0-only AND AGPL-3.0-or-later)"),
            // Look-alikes: Cyrillic А, full-width letters, a zero-width space.
            ("GNU \u{410}ffero General Public License v3", both),
            ("\u{ff21}\u{ff27}\u{ff30}\u{ff2c}\u{ff56}\u{ff13}", both),
            ("GNU Affero General Public Li\u{200b}cense v3", both),
        ] {
            assert_eq!(expr(given).as_deref(), Some(want), "{given}");
        }
    }

    #[test]
    fn other_names_map_to_spdx_ids() {
        for (given, want) in [
            ("GPLv3+", "GPL-3.0-or-later"),
            ("GPL-2+", "GPL-2.0-or-later"),
            ("GPL v2", "(GPL-2.0-only AND GPL-2.0-or-later)"),
            ("LGPL, version 2.1", "(LGPL-2.1-only AND LGPL-2.1-or-later)"),
            ("lgpl_v2_1", "(LGPL-2.1-only AND LGPL-2.1-or-later)"),
            ("Lesser General Public License, version 3 or greater", "LGPL-3.0-or-later"),
            ("Apache License, Version 2.0", "Apache-2.0"),
            ("Apache 2", "Apache-2.0"),
            ("ALv2", "Apache-2.0"),
            ("ASL, version 2", "Apache-2.0"),
            ("License :: OSI Approved :: Apache Software License", "Apache-2.0"),
            ("The MIT License", "MIT"),
            ("MIT License", "MIT"),
            ("Expat", "MIT"),
            ("License :: OSI Approved :: Zero-Clause BSD (0BSD)", "0BSD"),
            ("License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0"),
            ("License :: OSI Approved :: ISC License (ISCL)", "ISC"),
            ("BSD 3-clause New License", "BSD-3-Clause"),
            ("Eclipse Distribution License - v 1.0", "BSD-3-Clause"),
            ("Eclipse Public License v2.0", "EPL-2.0"),
            ("Server Side Public License, v 1", "SSPL-1.0"),
            ("SSPL", "SSPL-1.0"),
            ("Business Source License 1.1", "BUSL-1.1"),
            ("Elastic License 2.0", "Elastic-2.0"),
            ("Commons Clause", "LicenseRef-Commons-Clause"),
            ("Apache License 2.0 with Commons Clause", "(Apache-2.0 AND LicenseRef-Commons-Clause)"),
            ("MPL 2.0 or EPL 1.0", "MPL-2.0 OR EPL-1.0"),
            (
                "Apache License, Version 2.0 and Common Development And Distribution License (CDDL) Version 1.0",
                "Apache-2.0 AND CDDL-1.0",
            ),
            (
                "GNU General Public License, version 2 (GPL2), with the classpath exception",
                "(GPL-2.0-only WITH Classpath-exception-2.0 AND GPL-2.0-or-later WITH Classpath-exception-2.0)",
            ),
            ("GPL-2+ with OpenSSL exception", "GPL-2.0-or-later WITH AdditionRef-openssl-exception"),
            ("MIT (http://mootools.net/license.txt)", "MIT"),
            ("(MIT License OR Apache License 2.0) AND BSD-3-Clause", "(MIT OR Apache-2.0) AND BSD-3-Clause"),
        ] {
            assert_eq!(expr(given).as_deref(), Some(want), "{given}");
        }
    }

    #[test]
    fn unknown_and_ambiguous_names_stay_unmapped() {
        for given in [
            "Bouncy Castle Licence",
            "BSD-like",
            "BSD License",
            "License :: OSI Approved :: BSD License",
            "GPL-compatible",
            "Public Domain",
            "GNU General Public Library",
            "BSD 3-clause License w/nuclear disclaimer",
            "CDDL+GPL",
            "GPL v4",
            "MIT OR",
            "(MIT",
            "Dual MIT/GPL",
            "",
            "License :: OSI Approved",
        ] {
            assert_eq!(expr(given), None, "{given}");
        }
    }
}
