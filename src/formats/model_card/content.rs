//! Section content checks: whether the text under a combined heading really speaks of a
//! topic it names (bias, limits, uses, out-of-scope uses, evaluation).

/// Word beginnings that show a text is about bias or fairness, for the bias topic of a
/// combined heading ("Bias, Risks, and Limitations" filled with limitations only is no bias
/// examination).
const BIAS_STEMS: &[&str] = &[
    "bias",
    "fair",
    "unfair",
    "stereotyp",
    "discriminat",
    "prejudic",
    "demographic",
    "gender",
    "racial",
    "ethnic",
    "disparit",
    "underrepresent",
    "underserved",
];

/// Whole words that show the same: groups whose treatment a bias examination compares.
const BIAS_WORDS: &[&str] = &[
    "race",
    "races",
    "men",
    "women",
    "male",
    "female",
    "males",
    "females",
    "minority",
    "minorities",
];

/// True when a section's text discusses bias or fairness: one of its words begins with one of
/// [`BIAS_STEMS`] or is one of [`BIAS_WORDS`].
pub(super) fn discusses_bias(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .any(|w| BIAS_WORDS.contains(&w.as_str()) || BIAS_STEMS.iter().any(|s| w.starts_with(s)))
}

/// Phrases that turn a use away ("we caution against using ...", "should not be used for
/// ..."), matched on a sentence's words in lower case joined by single spaces.
const OUT_OF_SCOPE_PHRASES: &[&str] = &[
    "caution against",
    "recommend against",
    "advise against",
    "warn against",
    "should not be used",
    "must not be used",
    "shall not be used",
    "should not use",
    "must not use",
    "do not use",
    "not intended for",
    "not intended to be used",
    "not designed for",
    "not suitable for",
    "not appropriate for",
    "also not appropriate",
    "not recommended for",
    "is not for",
    "not be used for",
    "not be used in",
    "not be used to",
    "out of scope",
    "prohibited use",
    "misuse",
];

/// True when a sentence of the text turns a use away: one of [`OUT_OF_SCOPE_PHRASES`].
pub(super) fn states_out_of_scope(text: &str) -> bool {
    text.split(['.', '!', '?', ';', '\n']).any(|sentence| {
        let words = sentence
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ");
        let padded = format!(" {words} ");
        OUT_OF_SCOPE_PHRASES
            .iter()
            .any(|p| padded.contains(&format!(" {p} ")))
    })
}

/// Word beginnings that show a text states limits of the model, for the limitations topic of
/// a combined heading it is not the first topic of ("Intended uses & limitations" that only
/// says what the model is for states no limitation).
const LIMIT_STEMS: &[&str] = &[
    "limit",
    "fail",
    "risk",
    "bias",
    "weak",
    "poor",
    "error",
    "inaccura",
    "unreliab",
    "caveat",
    "hallucinat",
    "degrad",
    "struggl",
    "unsuitab",
    "shortcoming",
    "harm",
    "mistake",
    "wrong",
    "restrict",
    "lower",
    "worse",
    "uneven",
    "disparat",
];

/// Whole words that show the same.
const LIMIT_WORDS: &[&str] = &[
    "not", "cannot", "can't", "only", "may", "might", "never", "no", "unable", "without",
];

/// True when a section's text states limits: a word of [`LIMIT_WORDS`] or beginning with one
/// of [`LIMIT_STEMS`].
pub(super) fn states_limits(text: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(str::to_lowercase)
        .any(|w| LIMIT_WORDS.contains(&w.as_str()) || LIMIT_STEMS.iter().any(|s| w.starts_with(s)))
}

/// Words that say what a model is for: "You can use this model for ...", "intended for ...".
const USE_WORDS: &[&str] = &[
    "use",
    "uses",
    "used",
    "using",
    "usage",
    "usable",
    "useful",
    "intended",
    "intend",
    "purpose",
    "purposes",
    "designed",
    "meant",
    "suitable",
    "suited",
    "application",
    "applications",
    "applied",
];

/// Tasks a model is for, written as "Classifying tweets ..." (a sentence's first word),
/// "trained to detect ..." or "for ranking ..." (after "to" or "for"): the stems of the verbs.
const TASK_STEMS: &[&str] = &[
    "classif",
    "detect",
    "translat",
    "transcrib",
    "summari",
    "generat",
    "recogni",
    "predict",
    "answer",
    "tag",
    "extract",
    "recommend",
    "segment",
    "caption",
    "retriev",
    "rank",
    "score",
    "scoring",
];

/// Words that deny what follows them in a sentence ("not ready to be used in production").
const NEGATIONS: &[&str] = &[
    "not",
    "never",
    "no",
    "nor",
    "cannot",
    "can't",
    "don't",
    "doesn't",
    "shouldn't",
    "isn't",
    "aren't",
    "won't",
    "mustn't",
];

/// True when a section's text says what the model is for, for the intended-use topic of a
/// combined heading ("Intended uses & limitations" holding only "This model is a fine-tuned
/// version of ..." or "not ready to be used in production" states no use). A sentence states a
/// use with a word of [`USE_WORDS`] not preceded by a negation of [`NEGATIONS`], or with a
/// task verb of [`TASK_STEMS`] as its first word ("Classifying ..."), or after "to" or "for"
/// ("trained to detect ...", "for ranking tickets"), likewise not denied.
pub(super) fn states_use(text: &str) -> bool {
    text.split(['.', '!', '?', ';', '\n']).any(|sentence| {
        let words: Vec<String> = sentence
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let task = |w: &str| TASK_STEMS.iter().any(|s| w.starts_with(s));
        let mut denied = false;
        for (i, w) in words.iter().enumerate() {
            if NEGATIONS.contains(&w.as_str()) {
                denied = true;
            }
            if denied {
                continue;
            }
            let gerund = i == 0 && w.ends_with("ing") && task(w);
            let after_to = i > 0 && matches!(words[i - 1].as_str(), "to" | "for") && task(w);
            if USE_WORDS.contains(&w.as_str()) || gerund || after_to {
                return true;
            }
        }
        false
    })
}

/// Word beginnings that show a text is about evaluation, for the evaluation topic of a
/// combined heading it is not the first topic of ("Training and evaluation data" that only
/// says what the model was trained on states no evaluation).
const EVALUATION_STEMS: &[&str] = &[
    "evaluat",
    "test",
    "validat",
    "holdout",
    "held",
    "benchmark",
    "metric",
    "accura",
    "score",
    "result",
    "bleu",
    "rouge",
    "wer",
    "cer",
    "perplexit",
    "precision",
    "recall",
    "dev",
];

/// True when a section's text is about evaluation: a word begins with one of
/// [`EVALUATION_STEMS`] or is "f1". A text that names data without saying what for ("- the
/// tweet_eval dataset") is about both topics its heading names; one that speaks of training
/// only ("trained on Common Voice") is not about evaluation.
pub(super) fn states_evaluation(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    let training = words.iter().any(|w| w.starts_with("train"));
    !training
        || words
            .iter()
            .any(|w| w == "f1" || EVALUATION_STEMS.iter().any(|s| w.starts_with(s)))
}
