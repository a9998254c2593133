//! Markdown cards (model and dataset cards) cut into sections by heading with pulldown-cmark,
//! each heading mapped to a canonical section id, template placeholders detected.

use crate::input::Section;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;

/// Longest section text kept in the input; policies need words and presence, not whole essays.
const MAX_TEXT: usize = 4000;

/// A heading and the text under it up to the next heading of any level.
#[derive(Debug, Clone)]
pub struct RawSection {
    pub heading: String,
    pub level: u8,
    /// 1-based line in the file.
    pub line: usize,
    pub text: String,
}

/// Cuts a Markdown body into headed sections. `first_line` is the file line the body starts on.
/// Text before the first heading is returned as a section with an empty heading at level 0.
pub fn sections(body: &str, first_line: usize) -> Vec<RawSection> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| match line_starts.binary_search(&offset) {
        Ok(i) => i + first_line,
        Err(i) => i - 1 + first_line,
    };
    let mut out = vec![RawSection {
        heading: String::new(),
        level: 0,
        line: first_line,
        text: String::new(),
    }];
    let mut in_heading = false;
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = true;
                out.push(RawSection {
                    heading: String::new(),
                    level: heading_level(level),
                    line: line_of(range.start),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) => {
                if let Some(cur) = out.last_mut() {
                    let dst = if in_heading {
                        &mut cur.heading
                    } else {
                        &mut cur.text
                    };
                    dst.push_str(&t);
                }
            }
            // HTML comments in templates (`<!-- Provide a longer summary -->`) are guidance,
            // not content; other inline HTML is kept as text.
            Event::Html(t) | Event::InlineHtml(t) => {
                let s = t.trim();
                if !s.starts_with("<!--") {
                    if let Some(cur) = out.last_mut() {
                        if !in_heading {
                            cur.text.push_str(&strip_tags(s));
                            cur.text.push(' ');
                        }
                    }
                }
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item) => {
                if let Some(cur) = out.last_mut() {
                    if !in_heading {
                        cur.text.push('\n');
                    }
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(cur) = out.last_mut() {
                    cur.text.push(' ');
                }
            }
            _ => {}
        }
    }
    for s in &mut out {
        s.heading = s.heading.trim().to_string();
        s.text = s.text.trim().to_string();
    }
    out
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Phrases that card templates leave for the author to replace. Matched case-insensitively.
pub const PLACEHOLDERS: &[&str] = &[
    "[more information needed]",
    "more information needed",
    "[needs more information]",
    "[optional]",
    "[required]",
    "[your name]",
    "[todo]",
    "todo:",
    "tbd",
    "lorem ipsum",
    "to be completed",
    "fill in",
];

/// Removes placeholders (and `{{ template }}` slots) from text; says whether any was found.
pub fn strip_placeholders(text: &str) -> (String, bool) {
    let mut lower = text.to_lowercase();
    let mut found = false;
    // Jinja slots of card templates (`{{ model_id }}`) open with a space; BibTeX's `{{Org}}`
    // braces do not, and are content.
    let mut from = 0;
    while let Some(a) = lower[from..].find("{{ ").map(|a| a + from) {
        let Some(b) = lower[a..].find("}}").map(|b| b + a) else {
            break;
        };
        lower.replace_range(a..b + 2, " ");
        found = true;
        from = a + 1;
    }
    for p in PLACEHOLDERS {
        if lower.contains(p) {
            found = true;
            lower = lower.replace(p, " ");
        }
    }
    (lower, found)
}

/// Words of real content: tokens with at least one letter or digit.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
        .count()
}

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

/// Builds canonical sections: each raw section maps through `classify`; a section's content is
/// its own text plus that of descendants that have no canonical id of their own. When several
/// headings map to one id, their content is joined.
pub fn canonical_sections(
    raw: &[RawSection],
    classify: impl Fn(&str) -> Option<&'static str>,
) -> BTreeMap<String, Section> {
    let ids: Vec<Option<&'static str>> = raw
        .iter()
        .map(|s| classify(&normalize_heading(&s.heading)))
        .collect();
    let mut out: BTreeMap<String, Section> = BTreeMap::new();
    for (i, s) in raw.iter().enumerate() {
        let Some(id) = ids[i] else { continue };
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
            if ids[j].is_some() {
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
        let entry = out.entry(id.to_string()).or_insert_with(|| Section {
            heading: s.heading.clone(),
            line: Some(s.line),
            ..Section::default()
        });
        add_text(entry, &text);
    }
    out
}

/// Adds text to a section: words counted without placeholders, presence updated, the text kept
/// up to a bounded length. Used by every card format, so that sections mean the same in each.
pub fn add_text(entry: &mut Section, text: &str) {
    let (clean, placeholder) = strip_placeholders(text);
    entry.words += count_words(&clean);
    entry.placeholder |= placeholder;
    entry.present = entry.words > 0;
    if !entry.text.is_empty() && !text.is_empty() {
        entry.text.push('\n');
    }
    entry.text.push_str(text);
    truncate(&mut entry.text, MAX_TEXT);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lines_and_text() {
        let md = "intro\n\n# Title\n\nSome text here.\n\n## Uses\n\n### Direct Use\n\n[More Information Needed]\n";
        let s = sections(md, 5);
        assert_eq!(s.len(), 4);
        assert_eq!(s[1].heading, "Title");
        assert_eq!(s[1].line, 7);
        assert_eq!(s[1].text, "Some text here.");
        assert_eq!(s[3].heading, "Direct Use");
        assert_eq!(s[3].line, 13);
    }

    #[test]
    fn placeholders_count_as_missing() {
        let raw = sections(
            "## Limitations\n\n[More Information Needed]\n\n## Training Data\n\nTwo words.\n",
            1,
        );
        let c = canonical_sections(&raw, |h| match h {
            "limitations" => Some("limitations"),
            "training data" => Some("training_data"),
            _ => None,
        });
        assert!(!c["limitations"].present);
        assert!(c["limitations"].placeholder);
        assert_eq!(c["training_data"].words, 2);
        assert!(c["training_data"].present);
    }

    #[test]
    fn unmapped_children_fold_into_parent() {
        let raw = sections(
            "## Uses\n\n### Foo\n\nbar baz\n\n### Out-of-Scope Use\n\nnot for x\n",
            1,
        );
        let c = canonical_sections(&raw, |h| match h {
            "uses" => Some("intended_use"),
            "out of scope use" => Some("out_of_scope_use"),
            _ => None,
        });
        assert_eq!(c["intended_use"].words, 2);
        assert_eq!(c["out_of_scope_use"].words, 3);
    }

    #[test]
    fn subtrees_with_their_own_id_are_not_folded_into_the_parent() {
        let raw = sections(
            "## Evaluation

### Summary

## Uses

### Out-of-Scope Use

#### Note

deep text here
",
            1,
        );
        let c = canonical_sections(&raw, |h| match h {
            "evaluation" => Some("evaluation"),
            "uses" => Some("intended_use"),
            "out of scope use" => Some("out_of_scope_use"),
            _ => None,
        });
        assert!(
            !c["evaluation"].present,
            "an empty sub-heading is not content"
        );
        assert!(
            !c["intended_use"].present,
            "a grandchild belongs to its own id only"
        );
        assert_eq!(c["out_of_scope_use"].words, 3);
    }

    #[test]
    fn bibtex_braces_are_not_template_slots() {
        assert!(!strip_placeholders("author = {{Example Bank}}").1);
        assert!(strip_placeholders("{{ model_id | default(\"Model ID\", true) }}").1);
    }
}
