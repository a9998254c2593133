//! A Markdown body cut into headed sections (and bold-label sections) with pulldown-cmark,
//! HTML that renders as nothing left out.

use super::count_words;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A heading and the text under it up to the next heading of any level.
#[derive(Debug, Clone)]
pub struct RawSection {
    pub heading: String,
    pub level: u8,
    /// 1-based line in the file.
    pub line: usize,
    pub text: String,
}

/// Level of a section opened by a label (a bold lead such as "**License:**"): below every
/// heading, so that it nests in the section it is written in and ends at the next heading.
pub const LABEL_LEVEL: u8 = 7;

/// Most words of a label: longer bold text opening a paragraph is emphasis, not a label.
const MAX_LABEL_WORDS: usize = 12;

/// Which paragraph leads open a section of their own, for [`sections_with_labels`].
pub struct Labels<'a> {
    /// Whether a bold lead (its text, without a trailing colon) names a section.
    pub accept: &'a dyn Fn(&str) -> bool,
    /// Plain-text leads (lower case, single spaces) that open a section when a paragraph starts
    /// with them, such as the Mitchell et al. template's "where to send questions or comments
    /// about the model" written without bold.
    pub lead_phrases: &'a [&'a str],
}

/// Cuts a Markdown body into headed sections. `first_line` is the file line the body starts on.
/// Text before the first heading is returned as a section with an empty heading at level 0.
pub fn sections(body: &str, first_line: usize) -> Vec<RawSection> {
    cut(body, first_line, None)
}

/// [`sections`], where a paragraph or list item that starts with an accepted label also opens
/// a section, at [`LABEL_LEVEL`]. A label that stands alone ("**Out-of-scope Uses**") or ends
/// its paragraph with a colon owns what follows up to the next heading or label; a label in a
/// list item owns that item only; a label followed by text in its paragraph ("**License** MIT")
/// owns that paragraph only. Where a label's text ends, a section with an empty heading at
/// [`LABEL_LEVEL`] takes the rest, so that it falls back to the enclosing heading.
pub fn sections_with_labels(body: &str, first_line: usize, labels: &Labels) -> Vec<RawSection> {
    cut(body, first_line, Some(labels))
}

/// Where the text of the label section being filled ends.
#[derive(Clone, Copy, PartialEq)]
enum LabelEnd {
    /// At the end of the list item of this depth.
    Item(usize),
    /// At the end of the paragraph, unless the paragraph ends with a colon.
    Paragraph,
}

fn cut(body: &str, first_line: usize, labels: Option<&Labels>) -> Vec<RawSection> {
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
    // The closing marker of the hidden HTML (comment, style, script) open, if any.
    let mut in_comment: Option<&'static str> = None;
    // True right after a paragraph or list item opens, before any of its content.
    let mut block_start = false;
    let mut item_depth = 0usize;
    // The bold lead being read: its text, where it starts, and how deep strong nests.
    let mut lead: Option<(String, usize)> = None;
    let mut strong_depth = 0usize;
    // After an accepted label: drop a colon that opens the next text.
    let mut skip_colon = false;
    let mut pending: Option<LabelEnd> = None;
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events: Vec<_> = Parser::new_ext(body, opts).into_offset_iter().collect();
    for (i, (event, range)) in events.iter().enumerate() {
        let at_block_start = block_start;
        block_start = matches!(
            event,
            Event::Start(Tag::Paragraph) | Event::Start(Tag::Item)
        ) || (at_block_start && matches!(event, Event::TaskListMarker(_)));
        if let Some(labels) = labels.filter(|_| !in_heading) {
            if at_block_start && lead.is_none() && matches!(event, Event::Start(Tag::Strong)) {
                lead = Some((String::new(), range.start));
                strong_depth = 1;
                continue;
            }
            if let Some((buf, start)) = lead.as_mut() {
                match event {
                    Event::Start(Tag::Strong) => strong_depth += 1,
                    Event::Text(t) | Event::Code(t) => buf.push_str(t),
                    Event::SoftBreak | Event::HardBreak => buf.push(' '),
                    Event::End(TagEnd::Strong) if strong_depth > 1 => strong_depth -= 1,
                    Event::End(TagEnd::Strong) => {
                        let start = *start;
                        let text = std::mem::take(buf);
                        lead = None;
                        let label = text.trim().trim_end_matches(':').trim();
                        let words = count_words(label);
                        if (1..=MAX_LABEL_WORDS).contains(&words) && (labels.accept)(label) {
                            let alone = lead_stands_alone(&events[i + 1..]);
                            out.push(RawSection {
                                heading: label.to_string(),
                                level: LABEL_LEVEL,
                                line: line_of(start),
                                text: String::new(),
                            });
                            skip_colon = true;
                            pending = if item_depth > 0 {
                                Some(LabelEnd::Item(item_depth))
                            } else if alone {
                                None
                            } else {
                                Some(LabelEnd::Paragraph)
                            };
                        } else if let Some(cur) = out.last_mut() {
                            // Not a label: the bold text is ordinary text, as without labels.
                            cur.text.push_str(&text);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            if at_block_start {
                if let Event::Text(t) = event {
                    if let Some(n) = lead_phrase(t, labels.lead_phrases) {
                        let rest = &t[n..];
                        out.push(RawSection {
                            heading: t[..n].trim().to_string(),
                            level: LABEL_LEVEL,
                            line: line_of(range.start),
                            text: String::new(),
                        });
                        pending = if item_depth > 0 {
                            Some(LabelEnd::Item(item_depth))
                        } else if rest.trim().trim_start_matches(':').trim().is_empty()
                            && lead_stands_alone(&events[i + 1..])
                        {
                            None
                        } else {
                            Some(LabelEnd::Paragraph)
                        };
                        if let Some(cur) = out.last_mut() {
                            cur.text.push_str(rest.trim_start().trim_start_matches(':'));
                        }
                        continue;
                    }
                }
            }
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = true;
                pending = None;
                out.push(RawSection {
                    heading: String::new(),
                    level: heading_level(*level),
                    line: line_of(range.start),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::Item) => item_depth += 1,
            Event::Text(t) | Event::Code(t) => {
                if let Some(cur) = out.last_mut() {
                    let dst = if in_heading {
                        &mut cur.heading
                    } else {
                        &mut cur.text
                    };
                    let t: &str = t;
                    let t = if skip_colon && !in_heading {
                        t.trim_start().strip_prefix(':').unwrap_or(t)
                    } else {
                        t
                    };
                    dst.push_str(t);
                }
            }
            // HTML comments (`<!-- Provide a longer summary -->`) render as nothing: template
            // guidance, or text an author hides. An HTML block hands a comment over line by
            // line, so whether one is open is carried from event to event. Other HTML is kept
            // as text without its tags.
            Event::Start(Tag::HtmlBlock) => in_comment = None,
            Event::Html(t) | Event::InlineHtml(t) => {
                let visible = visible_html(t, &mut in_comment);
                if let Some(cur) = out.last_mut() {
                    if !in_heading && !visible.trim().is_empty() {
                        cur.text.push_str(strip_tags(&visible).trim());
                        cur.text.push(' ');
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
                let ended = match event {
                    Event::End(TagEnd::Item) => {
                        let ended = pending == Some(LabelEnd::Item(item_depth));
                        item_depth = item_depth.saturating_sub(1);
                        ended
                    }
                    Event::End(TagEnd::Paragraph) if pending == Some(LabelEnd::Paragraph) => {
                        // "**Limitations:** the model has these:" introduces what follows.
                        let open = out.last().is_some_and(|s| s.text.trim_end().ends_with(':'));
                        if open {
                            pending = None;
                        }
                        !open
                    }
                    _ => false,
                };
                if ended {
                    pending = None;
                    out.push(RawSection {
                        heading: String::new(),
                        level: LABEL_LEVEL,
                        line: line_of(range.end),
                        text: String::new(),
                    });
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(cur) = out.last_mut() {
                    cur.text.push(' ');
                }
            }
            _ => {}
        }
        if !matches!(event, Event::Text(t) if t.trim().is_empty()) {
            skip_colon = false;
        }
    }
    // A bold lead left open by a malformed document is ordinary text.
    if let (Some((buf, _)), Some(cur)) = (lead, out.last_mut()) {
        cur.text.push_str(&buf);
    }
    for s in &mut out {
        s.heading = s.heading.trim().to_string();
        s.text = s.text.trim().to_string();
    }
    out
}

/// True when nothing but a colon and whitespace follows a bold lead in its paragraph or item.
fn lead_stands_alone(rest: &[(Event<'_>, std::ops::Range<usize>)]) -> bool {
    for (event, _) in rest {
        match event {
            Event::Text(t) if t.trim().trim_start_matches(':').trim().is_empty() => {}
            Event::SoftBreak | Event::HardBreak => {}
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::Start(Tag::List(_)) => return true,
            _ => return false,
        }
    }
    true
}

/// The byte length of the lead phrase `text` starts with (compared in lower case, whole words),
/// if any.
fn lead_phrase(text: &str, phrases: &[&str]) -> Option<usize> {
    let t = text.trim_start();
    let skipped = text.len() - t.len();
    phrases.iter().find_map(|p| {
        let head = t.get(..p.len())?;
        let next = t[p.len()..].chars().next();
        (head.eq_ignore_ascii_case(p) && !next.is_some_and(char::is_alphanumeric))
            .then_some(skipped + p.len())
    })
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

/// Raw HTML that a reader never sees as text, by its opening and closing markers: comments,
/// and the CSS and scripts of `<style>` and `<script>` elements (the model plots that skops
/// and scikit-learn embed in cards carry kilobytes of CSS, which are not words of a section).
const HIDDEN_HTML: &[(&str, &str)] = &[
    ("<!--", "-->"),
    ("<style", "</style>"),
    ("<script", "</script>"),
];

/// The part of a piece of raw HTML outside [`HIDDEN_HTML`] elements; `in_comment` holds the
/// closing marker awaited when such an element is open before the piece, and is updated for
/// the next one. Only that marker closes it: a `</style>` inside a comment does not.
fn visible_html(html: &str, in_comment: &mut Option<&'static str>) -> String {
    let mut out = String::new();
    let mut rest = html;
    loop {
        if let Some(close) = *in_comment {
            match find_ascii_ci(rest, close, false) {
                Some(e) => {
                    rest = &rest[e + close.len()..];
                    *in_comment = None;
                }
                None => return out,
            }
        } else {
            let next = HIDDEN_HTML
                .iter()
                .filter_map(|(open, close)| {
                    find_ascii_ci(rest, open, *open != "<!--").map(|at| (at, open.len(), *close))
                })
                .min_by_key(|(at, _, _)| *at);
            match next {
                Some((at, len, close)) => {
                    out.push_str(&rest[..at]);
                    out.push(' ');
                    rest = &rest[at + len..];
                    *in_comment = Some(close);
                }
                None => {
                    out.push_str(rest);
                    return out;
                }
            }
        }
    }
}

/// Byte offset of the ASCII `needle` in `hay`, ignoring ASCII case; with `tag`, only where the
/// needle is a whole tag name (followed by `>`, `/`, whitespace or the end).
fn find_ascii_ci(hay: &str, needle: &str, tag: bool) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..h.len().checked_sub(n.len())? + 1).find(|&i| {
        h[i..i + n.len()].eq_ignore_ascii_case(n)
            && (!tag
                || h.get(i + n.len())
                    .is_none_or(|c| matches!(c, b'>' | b'/') || c.is_ascii_whitespace()))
    })
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
