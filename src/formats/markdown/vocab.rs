//! The word lists placeholders are recognized by (template markers, empty answers, slot words,
//! lorem ipsum, stop words), read as folded keys.

use std::collections::HashSet;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

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
pub(super) type Phrase = Vec<String>;

/// The word lists above, folded once.
pub(super) struct Vocab {
    pub(super) markers: Vec<Phrase>,
    pub(super) line_markers: Vec<Phrase>,
    pub(super) empty_answers: Vec<Phrase>,
    pub(super) slot_words: HashSet<String>,
    pub(super) lorem: HashSet<String>,
    pub(super) lorem_common: HashSet<String>,
    pub(super) stop: HashSet<String>,
    /// Keys of "lorem", "ipsum", "todo", "insert", "here".
    pub(super) lorem_key: String,
    pub(super) ipsum_key: String,
    pub(super) todo_key: String,
    pub(super) insert_key: String,
    pub(super) here_key: String,
}

pub(super) fn vocab() -> &'static Vocab {
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
pub(super) fn key_of(word: &str) -> String {
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
pub(super) fn ascii_key(lower: &str) -> String {
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
