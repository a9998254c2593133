//! Template placeholders and filler told apart from content: text cut into folded tokens,
//! placeholders stripped, and real words counted.

use super::vocab::{ascii_key, key_of, vocab, Phrase};
use std::collections::{HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;

// ---------------------------------------------------------------------------------------------
// A release author controls every byte of a card and may fill a required section with
// something that is not documentation: a template marker spelt with a look-alike letter, an
// invisible character or a full-width form ("[More Informat\u{456}on Needed]", "T\u{200b}B\u{200b}D"),
// lorem ipsum, "N/A." eleven times, or one word repeated. Text is therefore cut into tokens at
// whitespace, and each token is compared by its folded key (`crate::text::fold`: NFKC, case,
// confusable skeleton, invisibles removed; letters and digits only), never by its spelling.
// Folding is not length-preserving, so nothing maps folded offsets back to the text: tokens
// are folded one by one and dropped whole.
// ---------------------------------------------------------------------------------------------

/// Most bytes of one text that are read for placeholders and words. A text this long has
/// plenty of words; the cap only lowers counts, so it cannot make a thin section look filled.
const MAX_ANALYSED: usize = 256 * 1024;

/// Most tokens that a bracketed slot (`[your name]`), a `{{ slot }}` or "insert ... here" spans.
const MAX_SLOT_TOKENS: usize = 12;

/// Longest phrase whose repetition in a row is filler ("the model. the model. the model.").
const MAX_REPEATED_PHRASE: usize = 4;

/// Times in a row a word or phrase is written from which the copies after the first are filler.
const MIN_REPEATS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// No letter or digit: punctuation, emoji, markup.
    Symbol,
    /// Digits and no letter.
    Number,
    /// At least one letter.
    Word,
}

#[derive(Debug)]
struct Token {
    /// NFKC, lower case, invisible characters removed: the token as cleaned text shows it.
    text: String,
    /// Letters and digits of the folded token: what is compared.
    key: String,
    kind: Kind,
    /// Index of the line the token stands on.
    line: usize,
    /// No lower-case letter as written ("TODO", "ТОDО").
    upper: bool,
}

/// Tokens of a text and what has been found among them.
struct Tokens {
    toks: Vec<Token>,
    /// Tokens that are a placeholder (dropped from the cleaned text and from the words).
    dropped: Vec<bool>,
    placeholder: bool,
}

/// Removes HTML comments: `<!-- ... -->` renders as nothing. An unterminated comment hides the
/// rest of the text.
fn without_comments(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("<!--") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(a) = rest.find("<!--") {
        out.push_str(&rest[..a]);
        match rest[a + 4..].find("-->") {
            Some(b) => rest = &rest[a + 4 + b + 3..],
            None => rest = "",
        }
        out.push(' ');
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Splits a whitespace-separated piece where a bracket closes and another opens ("Needed][More")
/// or punctuation follows ("[optional]:"), so that a bracketed marker is a token of its own and
/// dropping it leaves the punctuation ("Funded by :" is still a label).
fn split_brackets(piece: &str) -> Vec<&str> {
    let mut cuts = vec![0];
    let b = piece.as_bytes();
    for i in 1..b.len() {
        // `i` follows an ASCII byte, so it is a character boundary.
        let closed = matches!(b[i - 1], b']' | b')' | b'}' | b'>');
        if closed
            && !matches!(b[i], b']' | b')' | b'}' | b'>')
            && (matches!(b[i], b'[' | b'(' | b'{' | b'<')
                || !piece[i..].chars().any(char::is_alphanumeric))
        {
            cuts.push(i);
        }
    }
    cuts.push(piece.len());
    cuts.windows(2).map(|w| &piece[w[0]..w[1]]).collect()
}

impl Tokens {
    fn new(text: &str) -> Self {
        let mut capped = text;
        if capped.len() > MAX_ANALYSED {
            let mut end = MAX_ANALYSED;
            while !capped.is_char_boundary(end) {
                end -= 1;
            }
            capped = &capped[..end];
        }
        let text = without_comments(capped);
        // Non-ASCII characters that fold to nothing (zero-width, soft hyphen, fillers).
        let mut invisible: HashMap<char, bool> = HashMap::new();
        let mut toks = Vec::new();
        for (line, l) in text.lines().enumerate() {
            for piece in l.split_whitespace().flat_map(split_brackets) {
                toks.push(token(piece, line, &mut invisible));
            }
        }
        let dropped = vec![false; toks.len()];
        let mut t = Tokens {
            toks,
            dropped,
            placeholder: false,
        };
        t.slots();
        t.markers();
        t.lorem();
        t.line_markers();
        t
    }

    fn drop_range(&mut self, from: usize, to: usize) {
        for d in &mut self.dropped[from..to] {
            *d = true;
        }
        self.placeholder = true;
    }

    /// `{{ template slots }}`, `{% tags %}` and bracketed slots (`[your name]`, `<insert
    /// date>`, `[optional]`, `[More Information Needed]`).
    fn slots(&mut self) {
        let v = vocab();
        let mut i = 0;
        while i < self.toks.len() {
            let t = &self.toks[i].text;
            // Jinja slots of card templates open with a space (`{{ model_id }}`); BibTeX's
            // `{{Org}}` braces do not, and are content.
            let jinja = t == "{{" || t == "{%" || t == "{{-" || t == "{%-";
            // `{{model_id}}` written without spaces: a template variable has an underscore,
            // a BibTeX title in double braces has none.
            if t.len() > 4
                && t.starts_with("{{")
                && t.ends_with("}}")
                && t[2..t.len() - 2].contains('_')
            {
                self.drop_range(i, i + 1);
                i += 1;
                continue;
            }
            let closer: Option<char> = match t.chars().next() {
                Some('[') => Some(']'),
                Some('<') => Some('>'),
                Some('{') if !jinja => Some('}'),
                _ => None,
            };
            let end = if jinja {
                let close = if t.starts_with("{{") { "}}" } else { "%}" };
                (i + 1..self.toks.len().min(i + MAX_SLOT_TOKENS))
                    .find(|&j| self.toks[j].text.contains(close))
            } else if let Some(closer) = closer {
                let first = self.toks[i..]
                    .iter()
                    .find(|t| t.kind != Kind::Symbol)
                    .map(|t| t.key.as_str());
                let starts_slot = first.is_some_and(|k| {
                    v.slot_words.contains(k)
                        || v.markers
                            .iter()
                            .chain(&v.line_markers)
                            .any(|p| p.first().is_some_and(|w| k.starts_with(w.as_str())))
                });
                if starts_slot {
                    (i..self.toks.len().min(i + MAX_SLOT_TOKENS))
                        .find(|&j| closes(&self.toks[j].text, closer))
                        .filter(|&j| self.slot_is_placeholder(i, j + 1))
                } else {
                    None
                }
            } else {
                None
            };
            match end {
                Some(j) => {
                    self.drop_range(i, j + 1);
                    i = j + 1;
                }
                None => i += 1,
            }
        }
    }

    /// Whether the bracketed tokens `from..to` are a template slot: they start with a slot
    /// word, or all they say is a marker.
    fn slot_is_placeholder(&self, from: usize, to: usize) -> bool {
        let v = vocab();
        let keys: Vec<&str> = self.toks[from..to]
            .iter()
            .filter(|t| t.kind != Kind::Symbol)
            .map(|t| t.key.as_str())
            .collect();
        let Some(first) = keys.first() else {
            return false;
        };
        v.slot_words.contains(*first)
            || repeats_of(&keys, &v.markers)
            || repeats_of(&keys, &v.line_markers)
    }

    /// Markers wherever they stand, "TODO"/"todo:", runs of x ("xxx"), "insert ... here".
    fn markers(&mut self) {
        let v = vocab();
        let mut i = 0;
        while i < self.toks.len() {
            if self.dropped[i] || self.toks[i].kind == Kind::Symbol {
                i += 1;
                continue;
            }
            if let Some(end) = v
                .markers
                .iter()
                .filter(|p| p.first() != Some(&v.lorem_key))
                .find_map(|p| self.phrase_end(i, p))
            {
                self.drop_range(i, end);
                i = end;
                continue;
            }
            let t = &self.toks[i];
            let todo = t.key == v.todo_key && (t.upper || t.text.ends_with(':'));
            let xxx = t.key.len() >= 3 && t.key.chars().all(|c| c == 'x');
            if todo || xxx {
                self.drop_range(i, i + 1);
                i += 1;
                continue;
            }
            if t.key == v.insert_key {
                let line = t.line;
                let here = (i + 1..self.toks.len().min(i + MAX_SLOT_TOKENS))
                    .take_while(|&j| self.toks[j].line == line)
                    .find(|&j| self.toks[j].key == v.here_key);
                if let Some(j) = here {
                    self.drop_range(i, j + 1);
                    i = j + 1;
                    continue;
                }
            }
            i += 1;
        }
    }

    /// Runs of lorem ipsum filler: consecutive filler words (punctuation between them allowed)
    /// with "lorem" or "ipsum" among them, or with at least two filler words that are no
    /// ordinary word of a living language.
    fn lorem(&mut self) {
        let v = vocab();
        let mut i = 0;
        while i < self.toks.len() {
            let is_filler = |t: &Token| t.kind == Kind::Symbol || v.lorem.contains(&t.key);
            if self.dropped[i] || !v.lorem.contains(&self.toks[i].key) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < self.toks.len() && !self.dropped[j] && is_filler(&self.toks[j]) {
                j += 1;
            }
            let run = &self.toks[i..j];
            let named = run
                .iter()
                .any(|t| t.key == v.lorem_key || t.key == v.ipsum_key);
            let distinctive = run
                .iter()
                .filter(|t| t.kind != Kind::Symbol && !v.lorem_common.contains(&t.key))
                .count();
            let words = run.iter().filter(|t| t.kind != Kind::Symbol).count();
            if named || (distinctive >= 2 && words >= 3) {
                self.drop_range(i, j);
            }
            i = j.max(i + 1);
        }
    }

    /// Lines that say nothing but line markers ("To do.", "Placeholder").
    fn line_markers(&mut self) {
        let v = vocab();
        for (from, to) in self.lines() {
            let idx: Vec<usize> = (from..to)
                .filter(|&i| !self.dropped[i] && self.toks[i].kind != Kind::Symbol)
                .collect();
            let keys: Vec<&str> = idx.iter().map(|&i| self.toks[i].key.as_str()).collect();
            if !keys.is_empty() && repeats_of(&keys, &v.line_markers) {
                self.drop_range(from, to);
            }
        }
    }

    /// Token index ranges of the lines.
    fn lines(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut from = 0;
        for i in 1..=self.toks.len() {
            if i == self.toks.len() || self.toks[i].line != self.toks[from].line {
                out.push((from, i));
                from = i;
            }
        }
        out
    }

    /// One past the last token of `phrase` when it starts at token `i`. Punctuation between
    /// its words is skipped; one token may hold several of its words run together
    /// ("More_Information_Needed").
    fn phrase_end(&self, i: usize, phrase: &[String]) -> Option<usize> {
        let mut j = i;
        let mut w = 0;
        while w < phrase.len() {
            let t = self.toks.get(j)?;
            if self.dropped[j] {
                return None;
            }
            if t.kind == Kind::Symbol {
                if w == 0 {
                    return None;
                }
                j += 1;
                continue;
            }
            w += words_in(&t.key, &phrase[w..])?;
            j += 1;
        }
        Some(j)
    }

    /// The text without placeholders: kept tokens, one space between them, lines kept.
    fn cleaned(&self) -> String {
        let mut out = String::new();
        let mut line = None;
        for (t, dropped) in self.toks.iter().zip(&self.dropped) {
            if *dropped {
                continue;
            }
            match line {
                Some(l) if l == t.line => out.push(' '),
                Some(_) => out.push('\n'),
                None => {}
            }
            line = Some(t.line);
            out.push_str(&t.text);
        }
        out
    }
}

/// How many leading words of `phrase` the key `key` is, run together; `None` when none.
fn words_in(key: &str, phrase: &[String]) -> Option<usize> {
    let mut rest = key;
    for (n, w) in phrase.iter().enumerate() {
        rest = rest.strip_prefix(w.as_str())?;
        if rest.is_empty() {
            return Some(n + 1);
        }
    }
    None
}

/// True when `keys` (non-empty) are one or more of `phrases`, one after the other.
fn repeats_of(keys: &[&str], phrases: &[Phrase]) -> bool {
    // reachable[i]: keys[..i] is a sequence of whole phrases.
    let mut reachable = vec![false; keys.len() + 1];
    reachable[0] = true;
    for i in 0..keys.len() {
        if !reachable[i] {
            continue;
        }
        for p in phrases {
            let (mut j, mut w) = (i, 0);
            while w < p.len() && j < keys.len() {
                match words_in(keys[j], &p[w..]) {
                    Some(n) => {
                        w += n;
                        j += 1;
                    }
                    None => break,
                }
            }
            if w == p.len() {
                reachable[j] = true;
            }
        }
    }
    !keys.is_empty() && reachable[keys.len()]
}

/// True when `text` ends with `closer`, trailing punctuation (`].`, `]:`) aside.
fn closes(text: &str, closer: char) -> bool {
    text.trim_end_matches(['.', ',', ':', ';', '!', '?', '*', '_'])
        .ends_with(closer)
}

/// One token: its cleaned text, key, kind and line.
fn token(piece: &str, line: usize, invisible: &mut HashMap<char, bool>) -> Token {
    if piece.is_ascii() {
        let text = piece.to_ascii_lowercase();
        let key = ascii_key(&text);
        let kind = if text.bytes().any(|b| b.is_ascii_alphabetic()) {
            Kind::Word
        } else if text.bytes().any(|b| b.is_ascii_digit()) {
            Kind::Number
        } else {
            Kind::Symbol
        };
        return Token {
            upper: !piece.bytes().any(|b| b.is_ascii_lowercase()),
            text,
            key,
            kind,
            line,
        };
    }
    let nfkc: String = piece
        .nfkc()
        .filter(|c| {
            c.is_ascii()
                || !*invisible
                    .entry(*c)
                    .or_insert_with(|| crate::text::fold(&c.to_string()).is_empty())
        })
        .collect();
    let text: String = nfkc.chars().flat_map(char::to_lowercase).collect();
    let key = key_of(piece);
    let kind = if key.is_empty() {
        Kind::Symbol
    } else if text.chars().any(char::is_alphabetic) {
        Kind::Word
    } else if text.chars().any(char::is_numeric) {
        Kind::Number
    } else {
        Kind::Symbol
    };
    Token {
        upper: !nfkc.chars().any(char::is_lowercase),
        text,
        key,
        kind,
        line,
    }
}

/// Removes template placeholders from text; says whether any was found. The rest comes back
/// in lower case (NFKC, invisible characters removed), one space between words, lines kept.
///
/// Placeholders are matched on folded tokens: "[More Information Needed]" and its variants
/// (look-alike letters, full-width forms, zero-width characters, words run together),
/// `{{ template slots }}`, bracketed slots (`[your name]`, `<insert date>`, `[optional]`),
/// "TBD", "TBA", "TODO"/"todo:", "WIP", "xxx", "coming soon", "to be completed", "fill in",
/// "insert ... here", lorem ipsum filler, and lines that say only "to do" or "placeholder".
/// HTML comments are dropped as well: they render as nothing.
pub fn strip_placeholders(text: &str) -> (String, bool) {
    let t = Tokens::new(text);
    (t.cleaned(), t.placeholder)
}

/// What a text holds once placeholders and filler are set aside.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Content {
    /// Tokens with a letter or digit, without placeholders, without lines that only say
    /// "None"/"N/A", with a word or short phrase repeated in a row counted once, and with a
    /// word that outnumbers all others together counted only as often as they.
    pub words: usize,
    /// Distinct folded words with a letter, stop words and "none"/"n/a" left out.
    pub distinct_words: usize,
    /// A template placeholder was found.
    pub placeholder: bool,
}

/// Reads what a text holds: see [`Content`].
pub fn content(text: &str) -> Content {
    let v = vocab();
    let t = Tokens::new(text);
    let mut counted: Vec<&Token> = Vec::new();
    for (from, to) in t.lines() {
        let kept: Vec<&Token> = (from..to)
            .filter(|&i| !t.dropped[i] && t.toks[i].kind != Kind::Symbol)
            .map(|i| &t.toks[i])
            .collect();
        let keys: Vec<&str> = kept.iter().map(|t| t.key.as_str()).collect();
        if !repeats_of(&keys, &v.empty_answers) {
            counted.extend(kept);
        }
    }
    let keys: Vec<&str> = counted.iter().map(|t| t.key.as_str()).collect();
    let kept = without_repeats(&keys);
    let mut words = kept.len();
    // A word written more often than all other words together ("data x data y data data
    // ...") counts only as often as they do (and at least twice).
    let mut freq: HashMap<&str, usize> = HashMap::new();
    for &i in &kept {
        if counted[i].kind == Kind::Word {
            *freq.entry(keys[i]).or_default() += 1;
        }
    }
    if let Some(&top) = freq.values().max() {
        let allowed = (kept.len() - top).max(2);
        if top > allowed {
            words -= top - allowed;
        }
    }
    let empty_words: HashSet<&str> = v
        .empty_answers
        .iter()
        .filter(|p| p.len() == 1)
        .map(|p| p[0].as_str())
        .collect();
    let distinct: HashSet<&str> = counted
        .iter()
        .filter(|t| {
            t.kind == Kind::Word
                && t.key.chars().count() >= 2
                && !v.stop.contains(&t.key)
                && !empty_words.contains(t.key.as_str())
        })
        .map(|t| t.key.as_str())
        .collect();
    Content {
        words,
        distinct_words: distinct.len(),
        placeholder: t.placeholder,
    }
}

/// Indices of the keys that count once every word or phrase (up to [`MAX_REPEATED_PHRASE`]
/// words) written [`MIN_REPEATS`] or more times in a row is kept once.
fn without_repeats(keys: &[&str]) -> Vec<usize> {
    let mut kept = Vec::with_capacity(keys.len());
    let mut i = 0;
    'outer: while i < keys.len() {
        for len in 1..=MAX_REPEATED_PHRASE {
            let Some(unit) = keys.get(i..i + len) else {
                break;
            };
            let mut reps = 1;
            while keys.get(i + reps * len..i + (reps + 1) * len) == Some(unit) {
                reps += 1;
            }
            if reps >= MIN_REPEATS {
                kept.extend(i..i + len);
                i += reps * len;
                continue 'outer;
            }
        }
        kept.push(i);
        i += 1;
    }
    kept
}

/// Words of real content: tokens with at least one letter or digit.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
        .count()
}
