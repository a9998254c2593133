//! Markdown cards (model and dataset cards) cut into sections by heading (and, for model cards,
//! by bold label) with pulldown-cmark, each mapped to canonical section ids, template
//! placeholders detected.

use crate::input::Section;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

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

// ---------------------------------------------------------------------------------------------
// Placeholders and content
//
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

/// Template markers: a placeholder wherever they stand.
const MARKERS: &[&str] = &[
    "more information needed",
    "needs more information",
    "more info needed",
    "more information required",
    "more details needed",
    "to be completed",
    "to be determined",
    "to be announced",
    "to be confirmed",
    "to be filled",
    "to be written",
    "to be added",
    "to be provided",
    "coming soon",
    "fill in",
    "tbd",
    "tba",
    "tbc",
    "wip",
    "fixme",
    "lorem ipsum",
];

/// Markers that are a placeholder only when they are all that a line says: in a sentence they
/// are ordinary words ("what the model is designed to do", Spanish "todo", "a placeholder
/// token").
const LINE_MARKERS: &[&str] = &[
    "to do",
    "todo",
    "placeholder",
    "work in progress",
    "in progress",
    "under construction",
    "insert here",
    "insert text",
    "text here",
    "add text",
    "add here",
];

/// Answers that say nothing when they are all a line says. Not a template placeholder, but not
/// content either: "Limitations: None." documents no limitation.
const EMPTY_ANSWERS: &[&str] = &[
    "n a",
    "na",
    "none",
    "nil",
    "null",
    "nothing",
    "no",
    "not applicable",
    "not available",
    "unknown",
    "not known",
    "unspecified",
    "not specified",
    "empty",
];

/// First word of a bracketed template slot: `[your name]`, `<insert date>`, `[optional]`.
const SLOT_WORDS: &[&str] = &[
    "your",
    "insert",
    "enter",
    "add",
    "fill",
    "describe",
    "provide",
    "specify",
    "todo",
    "placeholder",
    "optional",
    "required",
];

/// Words of the lorem ipsum passages and of the usual filler generators.
const LOREM: &[&str] = &[
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "consectetuer",
    "adipiscing",
    "adipisicing",
    "elit",
    "sed",
    "do",
    "eiusmod",
    "tempor",
    "incididunt",
    "ut",
    "labore",
    "et",
    "dolore",
    "magna",
    "aliqua",
    "enim",
    "ad",
    "minim",
    "veniam",
    "quis",
    "nostrud",
    "exercitation",
    "ullamco",
    "laboris",
    "nisi",
    "aliquip",
    "ex",
    "ea",
    "commodo",
    "consequat",
    "duis",
    "aute",
    "irure",
    "in",
    "reprehenderit",
    "voluptate",
    "velit",
    "esse",
    "cillum",
    "eu",
    "fugiat",
    "nulla",
    "pariatur",
    "excepteur",
    "sint",
    "occaecat",
    "cupidatat",
    "non",
    "proident",
    "sunt",
    "culpa",
    "qui",
    "officia",
    "deserunt",
    "mollit",
    "anim",
    "id",
    "est",
    "laborum",
    "perspiciatis",
    "unde",
    "omnis",
    "iste",
    "natus",
    "error",
    "voluptatem",
    "accusantium",
    "doloremque",
    "laudantium",
    "totam",
    "rem",
    "aperiam",
    "eaque",
    "ipsa",
    "quae",
    "ab",
    "illo",
    "inventore",
    "veritatis",
    "quasi",
    "architecto",
    "beatae",
    "vitae",
    "dicta",
    "explicabo",
    "nemo",
    "ipsam",
    "quia",
    "voluptas",
    "aspernatur",
    "aut",
    "odit",
    "fugit",
    "consequuntur",
    "magni",
    "dolores",
    "eos",
    "ratione",
    "sequi",
    "nesciunt",
    "neque",
    "porro",
    "quisquam",
    "dolorem",
    "adipisci",
    "numquam",
    "eius",
    "modi",
    "tempora",
    "incidunt",
    "magnam",
    "quaerat",
    "etiam",
    "nam",
    "vel",
    "a",
    "ac",
    "accumsan",
    "aenean",
    "aliquam",
    "ante",
    "arcu",
    "at",
    "auctor",
    "augue",
    "bibendum",
    "blandit",
    "condimentum",
    "congue",
    "convallis",
    "cras",
    "cursus",
    "dapibus",
    "diam",
    "dictum",
    "dictumst",
    "dignissim",
    "donec",
    "dui",
    "efficitur",
    "egestas",
    "eget",
    "eleifend",
    "elementum",
    "erat",
    "eros",
    "euismod",
    "facilisi",
    "facilisis",
    "fames",
    "faucibus",
    "felis",
    "fermentum",
    "feugiat",
    "finibus",
    "fringilla",
    "fusce",
    "gravida",
    "habitant",
    "habitasse",
    "hac",
    "hendrerit",
    "iaculis",
    "imperdiet",
    "integer",
    "interdum",
    "justo",
    "lacinia",
    "lacus",
    "laoreet",
    "lectus",
    "leo",
    "libero",
    "ligula",
    "lobortis",
    "luctus",
    "maecenas",
    "malesuada",
    "massa",
    "mattis",
    "mauris",
    "maximus",
    "metus",
    "mi",
    "molestie",
    "mollis",
    "morbi",
    "nec",
    "netus",
    "nibh",
    "nisl",
    "nullam",
    "nunc",
    "odio",
    "orci",
    "ornare",
    "pellentesque",
    "pharetra",
    "phasellus",
    "placerat",
    "platea",
    "porta",
    "porttitor",
    "posuere",
    "potenti",
    "praesent",
    "pretium",
    "primis",
    "proin",
    "pulvinar",
    "purus",
    "quam",
    "quisque",
    "rhoncus",
    "risus",
    "rutrum",
    "sagittis",
    "sapien",
    "scelerisque",
    "semper",
    "senectus",
    "sodales",
    "sollicitudin",
    "suscipit",
    "suspendisse",
    "tellus",
    "tempus",
    "tincidunt",
    "tortor",
    "tristique",
    "turpis",
    "ullamcorper",
    "ultrices",
    "ultricies",
    "urna",
    "varius",
    "vehicula",
    "vestibulum",
    "vivamus",
    "viverra",
    "volutpat",
    "vulputate",
];

/// Filler words that are also ordinary words of English or of a living language: alone they do
/// not make a run of tokens lorem ipsum.
const LOREM_COMMON: &[&str] = &[
    "a", "ab", "ac", "ad", "ante", "at", "do", "ea", "erat", "error", "esse", "est", "et", "eu",
    "ex", "id", "in", "integer", "magna", "mi", "nam", "nec", "non", "nulla", "porta", "qui",
    "quasi", "rem", "sed", "sit", "ut", "vel", "culpa", "dolor", "dolores", "massa", "leo",
    "natus", "sunt", "vitae", "dicta", "semper", "libero", "tempus", "unde", "eros", "placerat",
];

/// Words that say nothing by themselves; they count as words, not as distinct content words.
const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as",
    "at", "be", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
    "did", "do", "does", "doing", "down", "during", "each", "etc", "few", "for", "from", "further",
    "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more", "most",
    "must", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other",
    "our", "ours", "out", "over", "own", "same", "see", "she", "should", "so", "some", "such",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "upon", "very", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "yes", "you",
    "your",
];

/// A phrase as the keys of its words.
type Phrase = Vec<String>;

/// The word lists above, folded once.
struct Vocab {
    markers: Vec<Phrase>,
    line_markers: Vec<Phrase>,
    empty_answers: Vec<Phrase>,
    slot_words: HashSet<String>,
    lorem: HashSet<String>,
    lorem_common: HashSet<String>,
    stop: HashSet<String>,
    /// Keys of "lorem", "ipsum", "todo", "insert", "here".
    lorem_key: String,
    ipsum_key: String,
    todo_key: String,
    insert_key: String,
    here_key: String,
}

fn vocab() -> &'static Vocab {
    static VOCAB: OnceLock<Vocab> = OnceLock::new();
    VOCAB.get_or_init(|| {
        let phrases = |l: &[&str]| -> Vec<Phrase> {
            l.iter()
                .map(|p| p.split_whitespace().map(key_of).collect())
                .collect()
        };
        let set = |l: &[&str]| -> HashSet<String> { l.iter().map(|w| key_of(w)).collect() };
        Vocab {
            markers: phrases(MARKERS),
            line_markers: phrases(LINE_MARKERS),
            empty_answers: phrases(EMPTY_ANSWERS),
            slot_words: set(SLOT_WORDS),
            lorem: set(LOREM),
            lorem_common: set(LOREM_COMMON),
            stop: set(STOP_WORDS),
            lorem_key: key_of("lorem"),
            ipsum_key: key_of("ipsum"),
            todo_key: key_of("todo"),
            insert_key: key_of("insert"),
            here_key: key_of("here"),
        }
    })
}

/// The key a word is compared by: its letters and digits after [`crate::text::fold`], with
/// capital look-alikes of Latin letters read as those letters first. `fold` lowers case before
/// it takes the confusable skeleton, and the lower case of Cyrillic `Т`, `В`, `К`, `Н`, `М`
/// or Greek `Β`, `Κ`, `Ν` looks like no Latin letter, so "ТВD" would not fold to "tbd".
fn key_of(word: &str) -> String {
    let word: String = if word.chars().any(|c| !c.is_ascii() && c.is_uppercase()) {
        let mut out = String::with_capacity(word.len());
        for c in word.nfkc() {
            if c.is_ascii() || !c.is_uppercase() {
                out.push(c);
                continue;
            }
            let skeleton: String = unicode_security::skeleton(&c.to_string()).collect();
            match skeleton.as_str() {
                // The skeleton of capital I is l; as a capital it reads as I.
                "l" => out.push('I'),
                s if !s.is_empty() && s.chars().all(|x| x.is_ascii_alphanumeric()) => {
                    out.push_str(s)
                }
                _ => out.push(c),
            }
        }
        out
    } else {
        word.to_string()
    };
    crate::text::fold(&word)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The key of an ASCII token without the cost of a full fold. The only ASCII characters that
/// the confusable skeleton changes are `0` (o), `1` and `|` (l), `m` (rn), `%` (°/₀, whose
/// only alphanumeric is ₀) and two quotes; a test keeps this equal to [`key_of`].
fn ascii_key(lower: &str) -> String {
    let mut key = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            '0' => key.push('o'),
            '1' | '|' => key.push('l'),
            'm' => key.push_str("rn"),
            '%' => key.push('\u{2080}'),
            c if c.is_ascii_alphanumeric() => key.push(c),
            _ => {}
        }
    }
    key
}

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

    /// The section id `t` gets in a one-section card.
    fn section_of(body: &str) -> Section {
        let raw = sections(&format!("## Limitations\n\n{body}\n"), 1);
        let c = canonical_sections(&raw, |h| (h == "limitations").then_some("limitations"));
        c["limitations"].clone()
    }

    /// No content: not present, no words, no distinct word.
    fn assert_empty(body: &str) {
        let s = section_of(body);
        assert!(
            !s.present && s.words == 0 && s.distinct_words == 0,
            "{body:?} counted as content: {s:?}"
        );
    }

    /// Real content: present, `words` words, at least `distinct` distinct words, no placeholder.
    fn assert_content(body: &str, words: usize, distinct: usize) {
        let s = section_of(body);
        assert!(
            s.present && s.words == words && s.distinct_words >= distinct && !s.placeholder,
            "{body:?}: {s:?}"
        );
    }

    #[test]
    fn review_attack_strings_are_no_content() {
        // Security review finding 14 (PH1-PH3): each approved a high-risk release.
        let cyrillic = "[More Informat\u{0456}on Needed] ".repeat(4);
        let nbsp =
            "Lorem\u{00a0}ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod \
                    tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, \
                    quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo \
                    consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse \
                    cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non \
                    proident, sunt in culpa qui officia deserunt mollit anim id est laborum.";
        let na = "N/A. ".repeat(11);
        for body in [cyrillic.as_str(), nbsp] {
            assert_empty(body);
            assert!(section_of(body).placeholder, "{body:?}");
        }
        assert_empty(&na);
        // "N/A" is an empty answer, not a template marker.
        assert!(!section_of(&na).placeholder);
    }

    #[test]
    fn spelt_around_markers_are_placeholders() {
        for body in [
            "[More\u{200b}Information\u{200b}Needed]",
            "[\u{ff2d}\u{ff4f}\u{ff52}\u{ff45} \u{ff29}\u{ff4e}\u{ff46}\u{ff4f}\u{ff52}\u{ff4d}\u{ff41}\u{ff54}\u{ff49}\u{ff4f}\u{ff4e} \u{ff2e}\u{ff45}\u{ff45}\u{ff44}\u{ff45}\u{ff44}]",
            "[MORE INFORMATION NEEDED]",
            "[More_Information_Needed]",
            "[More Information Needed][More Information Needed][More Information Needed]",
            "More information\nneeded",
            "[Needs More Information]",
            "T\u{200b}B\u{200b}D",
            "TBD. TBD. TBD.",
            "\u{0422}\u{0392}D",
            "TBA",
            "TODO",
            "todo:",
            "To do.",
            "to do to do to do",
            "Coming soon!",
            "WIP",
            "xxx",
            "XXXXXXXX",
            "Placeholder",
            "[Placeholder]",
            "{{ model_description }}",
            "{{model_description}}",
            "{% block limitations %}{% endblock %}",
            "Insert your description here.",
            "[Your Name]",
            "[optional]",
            "Fill in.",
            "To be completed.",
            "L\u{03bf}rem \u{0456}\u{0440}sum d\u{043e}lor sit amet, consectetur adipiscing elit.",
            "Lorem ipsum",
            "consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore",
        ] {
            assert_empty(body);
            assert!(section_of(body).placeholder, "{body:?} not seen as a placeholder");
        }
        // In Markdown `<your limitations>` is an unknown HTML tag and shows nothing; in a JSON
        // card it is a template slot.
        assert_empty("<your limitations>");
        assert!(strip_placeholders("<your limitations>").1);
        assert!(content("<insert the intended use>").placeholder);
    }

    #[test]
    fn empty_answers_symbols_and_comments_are_no_content() {
        for body in [
            "N\u{ff0f}A",
            "N\u{200b}/\u{200b}A",
            "n.a.",
            "NA",
            "N / A",
            "None.",
            "none\nnone\nNONE",
            "Not applicable.",
            "-",
            "...",
            "?",
            "---- .... ????",
            "\u{1f680}\u{1f680} \u{2705} \u{2728}",
            "\u{200b}\u{200b} \u{3164} \u{00ad}",
            "<!--\nThe model is great and you can use it for anything at all.\n-->",
            "<!-- The model is great and you can use it for anything at all. -->",
            "<div><!-- hidden > text here --></div>",
        ] {
            assert_empty(body);
        }
        // Text beside a comment still counts.
        assert_content("Visible words <!-- hidden words --> stay here.", 4, 3);
    }

    #[test]
    fn repeated_filler_and_numbers_are_thin() {
        let data = "data ".repeat(50);
        let s = section_of(&data);
        assert_eq!((s.words, s.distinct_words), (1, 1), "{s:?}");
        let lines = "data\n".repeat(50);
        assert_eq!(section_of(&lines).words, 1);
        let phrase = "The model is good. ".repeat(20);
        let s = section_of(&phrase);
        assert_eq!((s.words, s.distinct_words), (4, 2), "{s:?}");
        // Look-alike spellings are the same word.
        let s = section_of("data d\u{0430}ta \u{0501}ata DATA \u{ff44}\u{ff41}\u{ff54}\u{ff41}");
        assert_eq!((s.words, s.distinct_words), (1, 1), "{s:?}");
        // One word that outnumbers all others together counts only as often as they do.
        let s = section_of("data alpha data data beta data data gamma data data");
        assert_eq!((s.words, s.distinct_words), (6, 4), "{s:?}");
        // Numbers are words but no distinct content word.
        let s = section_of("1 2 3 4 5 6 7 8 9 10 11 12");
        assert_eq!((s.words, s.distinct_words), (12, 0), "{s:?}");
    }

    #[test]
    fn real_sentences_with_empty_words_still_count() {
        assert_content(
            "None of the three datasets contains personal data; n/a fields were dropped.",
            12,
            6,
        );
        assert_content(
            "The model is designed to do sentiment analysis of product reviews.",
            11,
            5,
        );
        assert_content(
            "Todo el corpus fue anotado a mano por dos lingüistas.",
            10,
            7,
        );
        assert_content(
            "Masked tokens are replaced by a placeholder token during pre-training.",
            10,
            6,
        );
        assert_content(
            "El dolor de cabeza no es un efecto secundario conocido.",
            10,
            6,
        );
        assert_content(
            "Insert the adapter after each attention block of the encoder.",
            10,
            5,
        );
        // Dropping a marker keeps what else a line says.
        let (clean, found) = strip_placeholders("Funded by [optional]: [More Information Needed]");
        assert!(found);
        assert_eq!(clean, "funded by :");
        let (clean, found) = strip_placeholders("The model\u{200b} has\u{00a0}limits.\nTBD");
        assert!(found);
        assert_eq!(clean, "the model has limits.");
    }

    #[test]
    fn ascii_fast_path_folds_like_fold() {
        let all: String = (0x21u8..0x7f).map(char::from).collect();
        let samples = [
            all.as_str(),
            "More",
            "MODEL",
            "100%",
            "0x1F|l",
            "rn-m",
            "\"quoted\"",
            "`tick`",
        ];
        for s in samples {
            assert_eq!(ascii_key(&s.to_ascii_lowercase()), key_of(s), "{s:?}");
        }
        for c in (0x21u8..0x7f).map(char::from) {
            let s = c.to_string();
            assert_eq!(ascii_key(&s.to_ascii_lowercase()), key_of(&s), "{c:?}");
        }
    }

    #[test]
    fn distinct_words_span_the_pieces_of_a_section() {
        // Several headings of one id, each with the same word, are one distinct word.
        let raw = sections(
            "## Limitations\n\ndata\n\n## Risks\n\ndata\n\n## Bias\n\ndata model\n",
            1,
        );
        let c = canonical_sections(&raw, |h| {
            matches!(h, "limitations" | "risks" | "bias").then_some("limitations")
        });
        assert_eq!(c["limitations"].words, 4);
        assert_eq!(c["limitations"].distinct_words, 2);
    }

    #[test]
    fn huge_texts_are_read_to_a_bound() {
        let big = "word ".repeat(200_000);
        let c = content(&big);
        assert_eq!(c.words, 1);
        let varied: String = (0..100_000).map(|i| format!("w{i} ")).collect();
        let c = content(&varied);
        assert!(c.words > 10_000 && c.words < 100_000, "{c:?}");
    }
}
