//! Reading a free-text statement on personal or sensitive information (a dataset card's section,
//! Croissant `rai:personalSensitiveInformation`) as present, likely, absent or unknown.

use crate::formats::markdown::strip_placeholders;
use crate::input::PersonalData;

/// How a free-text statement on personal or sensitive information reads. Only a plain statement
/// that there is none reads as [`PersonalReading::Absent`]: a wrong "none" switches the privacy
/// rules off, so anything else that says something counts as personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonalReading {
    /// Says the data holds personal data, or says something that is no plain "none".
    Present,
    /// Hedges towards personal data being there ("probably", "may contain", "we did not
    /// remove", "we do not expect any").
    Likely,
    /// Says plainly that there is none ("None.", "The dataset does not contain personal
    /// information") with no caveat or hedge anywhere in the text.
    Absent,
    /// Empty, a placeholder ("[More Information Needed]", "[N/A]") or says it is not known.
    Unknown,
}

impl PersonalReading {
    /// `contains_personal_data` of the input: present or likely is `true`, absent `false`,
    /// unknown absent from the input.
    pub fn contains(self) -> Option<bool> {
        match self {
            PersonalReading::Present | PersonalReading::Likely => Some(true),
            PersonalReading::Absent => Some(false),
            PersonalReading::Unknown => None,
        }
    }
}

/// Whether a free-text statement on personal or sensitive information says the data contains
/// some: see [`read_personal_statement`] and [`PersonalReading::contains`].
pub fn contains_from_statement(text: &str) -> Option<bool> {
    read_personal_statement(text).contains()
}

/// Openings of a statement that says whether there is personal data is not known. "N/A" and
/// "not applicable" are here, not among the denials: they answer the template, not the question.
const UNKNOWN_OPENINGS: &[&str] = &[
    "unknown",
    "unkown",
    "not known",
    "unclear",
    "not clear",
    "not assessed",
    "not yet assessed",
    "undetermined",
    "unsure",
    "not sure",
    "n a",
    "na",
    "not applicable",
    "not available",
    "unspecified",
    "not specified",
    "not stated",
    "we do not know",
    "we don't know",
    "null",
];

/// Whole first sentences that deny personal data.
const DENIALS: &[&str] = &["none", "no", "nothing", "nil", "zero"];

/// Words that hedge towards personal data being present; any of them keeps a text from reading
/// as a denial. `*` ends a word prefix.
const HEDGES: &[&str] = &[
    "probably",
    "likely",
    "unlikely",
    "may",
    "might",
    "could",
    "possibly",
    "possible",
    "potentially",
    "perhaps",
    "maybe",
    "presumably",
    "expect*",
    "believe*",
    "assume*",
    "to our knowledge",
    "as far as we know",
    "best effort",
    "not guaranteed",
    "cannot guarantee",
    "can't guarantee",
    "no guarantee",
    "ruled out",
    "not remove*",
    "not been remove*",
    "not anonymi*",
    "not been anonymi*",
    "not filter*",
    "not been filter*",
    "not redact*",
    "not been redact*",
    "not obfuscat*",
    "not scrub*",
];

/// Words that make an exception to a denial.
const CAVEATS: &[&str] = &[
    "except*",
    "other than",
    "apart from",
    "besides",
    "but",
    "however",
    "although",
    "though",
    "nonetheless",
    "nevertheless",
    "unless",
    "aside from",
];

/// Words that name personal data in a denial.
const PERSONAL_TERMS: &[&str] = &["personal*", "pii", "identifiable", "private"];

/// Negations that open a denial ("no personal data", "free of PII").
const NO_WORDS: &[&str] = &["no", "zero", "without", "free of"];

/// Negated auxiliaries and the verbs they deny ("does not contain", "did not collect").
const NOT_WORDS: &[&str] = &[
    "not", "never", "doesn't", "don't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't",
    "hasn't", "haven't",
];
const HOLD_VERBS: &[&str] = &[
    "contain*",
    "include*",
    "have",
    "has",
    "hold*",
    "collect*",
    "store*",
    "involve*",
    "comprise*",
    "feature*",
    "retain*",
    "record*",
    "gather*",
    "process*",
];

/// Words that may stand between a denial and the personal-data term ("no personal or
/// sensitive information", "does not contain any real personal data").
const DENIAL_FILLER: &[&str] = &[
    "any",
    "or",
    "and",
    "other",
    "real",
    "sensitive",
    "such",
    "known",
    "directly",
    "further",
    "additional",
    "of",
    "the",
    "user",
    "users",
];

/// What a personal-data term may be followed by before a passive denial ("personal information
/// is not included").
const TERM_NOUNS: &[&str] = &[
    "data",
    "information",
    "info",
    "details",
    "identifiable",
    "identifying",
    "or",
    "and",
    "sensitive",
];
const PASSIVE_VERBS: &[&str] = &[
    "included",
    "collected",
    "present",
    "contained",
    "stored",
    "recorded",
    "gathered",
    "kept",
];

/// Lower-case words of a text: runs of letters, digits and apostrophes.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['\u{2019}', '\u{2018}'], "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether one word matches a pattern word (`prefix*` or the exact word).
fn word_is(word: &str, pattern: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => word == pattern,
    }
}

/// Length of `phrase` (space-separated pattern words) when it matches at `w[at..]`.
fn phrase_at(w: &[String], at: usize, phrase: &str) -> Option<usize> {
    let parts: Vec<&str> = phrase.split(' ').collect();
    let slice = w.get(at..at + parts.len())?;
    slice
        .iter()
        .zip(&parts)
        .all(|(word, p)| word_is(word, p))
        .then_some(parts.len())
}

fn has_phrase(w: &[String], phrases: &[&str]) -> bool {
    (0..w.len()).any(|i| phrases.iter().any(|p| phrase_at(w, i, p).is_some()))
}

/// Whether the words from `at` are fillers up to a personal-data term.
fn term_follows(w: &[String], at: usize) -> bool {
    for word in w.iter().skip(at).take(5) {
        if PERSONAL_TERMS.iter().any(|p| word_is(word, p)) {
            return true;
        }
        if !DENIAL_FILLER.contains(&word.as_str()) {
            return false;
        }
    }
    false
}

/// Whether a sentence denies personal data: "no personal data", "does not contain any PII",
/// "personal information is not included".
fn denies_personal_data(w: &[String]) -> bool {
    (0..w.len()).any(|i| {
        let no = NO_WORDS
            .iter()
            .find_map(|p| phrase_at(w, i, p))
            .is_some_and(|n| term_follows(w, i + n));
        let not_hold = NOT_WORDS.contains(&w[i].as_str())
            && w.get(i + 1)
                .is_some_and(|v| HOLD_VERBS.iter().any(|p| word_is(v, p)))
            && term_follows(w, i + 2);
        no || not_hold || passive_denial(w, i)
    })
}

/// "personal (data|information) (is|are|was|were) not (been)? included".
fn passive_denial(w: &[String], at: usize) -> bool {
    if !PERSONAL_TERMS.iter().any(|p| word_is(&w[at], p)) {
        return false;
    }
    let mut i = at + 1;
    while w.get(i).is_some_and(|x| TERM_NOUNS.contains(&x.as_str())) {
        i += 1;
    }
    if !w
        .get(i)
        .is_some_and(|x| matches!(x.as_str(), "is" | "are" | "was" | "were"))
    {
        return false;
    }
    i += 1;
    if !w
        .get(i)
        .is_some_and(|x| matches!(x.as_str(), "not" | "never"))
    {
        return false;
    }
    i += 1;
    if w.get(i).is_some_and(|x| x == "been") {
        i += 1;
    }
    w.get(i)
        .is_some_and(|x| PASSIVE_VERBS.contains(&x.as_str()))
}

/// Reads a statement on personal or sensitive information (a dataset card's "Personal and
/// Sensitive Information" section, Croissant `rai:personalSensitiveInformation`):
///
/// * nothing but placeholders, or an opening that says it is not known ("Unknown", "[N/A]")
///   → unknown, unless it goes on to hedge towards personal data ("Unknown, but likely there
///   are names") → likely;
/// * a first sentence that is a bare "None."/"No." or denies personal data in so many words,
///   with no caveat ("except", "however") or hedge ("may", "probably") anywhere → absent;
/// * any hedge → likely; anything else → present.
pub fn read_personal_statement(text: &str) -> PersonalReading {
    let (clean, _) = strip_placeholders(text);
    let all = words(&clean);
    if all.is_empty() {
        return PersonalReading::Unknown;
    }
    let hedged = has_phrase(&all, HEDGES);
    if let Some(n) = UNKNOWN_OPENINGS.iter().find_map(|p| phrase_at(&all, 0, p)) {
        let rest = &all[n..];
        let negated = rest.iter().any(|x| {
            matches!(x.as_str(), "no" | "none" | "not" | "nothing" | "without")
                || x.ends_with("n't")
        });
        return if has_phrase(rest, HEDGES) && !negated {
            PersonalReading::Likely
        } else {
            PersonalReading::Unknown
        };
    }
    let lower = clean.to_lowercase();
    let first = words(first_sentence(lower.trim_start()));
    let denial =
        (first.len() == 1 && DENIALS.contains(&first[0].as_str())) || denies_personal_data(&first);
    if denial && !hedged && !has_phrase(&all, CAVEATS) {
        PersonalReading::Absent
    } else if hedged {
        PersonalReading::Likely
    } else {
        PersonalReading::Present
    }
}

/// The text up to the first sentence end or line break.
fn first_sentence(t: &str) -> &str {
    let end = [
        t.find(". "),
        t.find(".\n"),
        t.find("? "),
        t.find("! "),
        t.find(';'),
        t.find('\n'),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(t.len());
    &t[..end]
}

/// A `contains: false` next to a statement that reads as personal data present or likely
/// ("Identity and income data.") is a contradiction the author wrote; the data is taken to hold
/// personal data, so the privacy rules judge it.
pub(super) fn statement_overrides_denial(pd: &mut PersonalData) {
    if pd.contains_personal_data == Some(false)
        && pd.statement.as_deref().and_then(contains_from_statement) == Some(true)
    {
        pd.contains_personal_data = Some(true);
    }
}
