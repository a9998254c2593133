//! Markdown cards (model and dataset cards) cut into sections by heading (and, for model cards,
//! by bold label) with pulldown-cmark, each mapped to canonical section ids, template
//! placeholders detected.

use crate::input::Section;
use std::collections::BTreeMap;

mod placeholders;
mod sections;
#[cfg(test)]
mod tests;
mod vocab;

pub use placeholders::{content, count_words, strip_placeholders, Content};
pub use sections::{sections, sections_with_labels, Labels, RawSection, LABEL_LEVEL};

/// Longest section text kept in the input; policies need words and presence, not whole essays.
const MAX_TEXT: usize = 4000;

/// Normalizes heading text for matching: lower case, letters and digits, single spaces.
pub fn normalize_heading(h: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in h.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// A topic a heading names: the canonical section id, and optionally a test the section's
/// text must pass for the topic to count (a combined heading's lesser topic, such as the bias
/// of "Bias, Risks, and Limitations", counts only when the text is about it).
#[derive(Debug, Clone, Copy)]
pub struct Topic {
    pub id: &'static str,
    pub needs: Option<fn(&str) -> bool>,
}

impl Topic {
    /// A topic that counts whatever the text.
    pub fn always(id: &'static str) -> Topic {
        Topic { id, needs: None }
    }
}

/// Builds canonical sections: each raw section maps through `classify`; a section's content is
/// its own text plus that of descendants that have no canonical id of their own. When several
/// headings map to one id, their content is joined.
pub fn canonical_sections(
    raw: &[RawSection],
    classify: impl Fn(&str) -> Option<&'static str>,
) -> BTreeMap<String, Section> {
    canonical_topics(raw, |heading| {
        classify(&normalize_heading(heading))
            .map(Topic::always)
            .into_iter()
            .collect()
    })
}

/// [`canonical_sections`] for headings that may name several topics: `topics` gets the heading
/// as written and returns every topic it names; the section's content goes to each topic
/// whose test it passes. A heading with any topic owns its subtree, even when its text passes
/// none of their tests.
pub fn canonical_topics(
    raw: &[RawSection],
    topics: impl Fn(&str) -> Vec<Topic>,
) -> BTreeMap<String, Section> {
    let ids: Vec<Vec<Topic>> = raw.iter().map(|s| topics(&s.heading)).collect();
    let mut out: BTreeMap<String, Section> = BTreeMap::new();
    for (i, s) in raw.iter().enumerate() {
        if ids[i].is_empty() {
            continue;
        }
        let mut text = s.text.clone();
        // Descendants without an id of their own add their text; a descendant with an id owns
        // its whole subtree. Headings themselves are not content.
        let mut skip_below: Option<u8> = None;
        for (j, d) in raw.iter().enumerate().skip(i + 1) {
            if d.level <= s.level {
                break;
            }
            if let Some(l) = skip_below {
                if d.level > l {
                    continue;
                }
                skip_below = None;
            }
            if !ids[j].is_empty() {
                skip_below = Some(d.level);
                continue;
            }
            if !d.text.is_empty() {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&d.text);
            }
        }
        let mut done: Vec<&str> = Vec::new();
        for t in &ids[i] {
            if done.contains(&t.id) || t.needs.is_some_and(|needs| !needs(&text)) {
                continue;
            }
            done.push(t.id);
            let entry = out.entry(t.id.to_string()).or_insert_with(|| Section {
                heading: s.heading.clone(),
                line: Some(s.line),
                ..Section::default()
            });
            add_text(entry, &text);
        }
    }
    out
}

/// Adds text to a section: words counted without placeholders, presence updated, the text kept
/// up to a bounded length. Used by every card format, so that sections mean the same in each.
pub fn add_text(entry: &mut Section, text: &str) {
    let c = content(text);
    let first = entry.text.is_empty();
    entry.words += c.words;
    entry.placeholder |= c.placeholder;
    entry.present = entry.words > 0;
    if !first && !text.is_empty() {
        entry.text.push('\n');
    }
    entry.text.push_str(text);
    truncate(&mut entry.text, MAX_TEXT);
    // Distinct words of all the pieces together: a word repeated under several headings of one
    // id is one word. Read from the kept (bounded) text, so never more than the pieces hold.
    entry.distinct_words = entry.distinct_words.max(c.distinct_words);
    if !first {
        entry.distinct_words = entry
            .distinct_words
            .max(content(&entry.text).distinct_words);
    }
}

/// Cuts a string to at most `max` bytes on a character boundary.
pub fn truncate(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}
