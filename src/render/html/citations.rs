//! Control citations grouped by regulation and article: "GDPR Art. 35(3)(a)" split into its
//! regulation and article, articles in natural order (Roman-numbered annexes included).

use super::context::{finding_ref, FindingCtx, FindingRef};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub(super) struct RegulationGroup {
    regulation: String,
    count: usize,
    articles: Vec<ArticleGroup>,
}

#[derive(Serialize)]
struct ArticleGroup {
    article: String,
    findings: Vec<FindingCtx>,
}

#[derive(Serialize)]
pub(super) struct CitationGroup {
    regulation: String,
    articles: Vec<Citation>,
}

#[derive(Serialize)]
struct Citation {
    article: String,
    findings: Vec<FindingRef>,
}

/// Splits a control citation into the regulation and the article (or clause) it cites, e.g.
/// "GDPR Art. 35(3)(a)" → ("GDPR", "Art. 35"), "CCPA 1798.120(a)" → ("CCPA", "1798.120"),
/// "SLSA v1.0 Build L2 (signed provenance)" → ("SLSA v1.0", "Build L2"). The sub-paragraphs
/// stay in the row; grouping by article keeps related findings together.
pub(super) fn split_control(control: &str) -> (String, String) {
    let mut text = control.trim();
    // A trailing remark in parentheses qualifies the citation and is not part of it.
    if let Some(open) = text.rfind(" (") {
        if text.ends_with(')') {
            text = text[..open].trim_end();
        }
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let join = |t: &[&str]| t.join(" ");
    let clause = |t: &str| t.split('(').next().unwrap_or(t).to_string();
    const KEYWORDS: &[&str] = &[
        "Art.", "Article", "Annex", "Recital", "Sec.", "Section", "Regs.", "§",
    ];
    if let Some(i) = tokens.iter().position(|t| KEYWORDS.contains(t)) {
        if i > 0 && i + 1 < tokens.len() {
            return (
                join(&tokens[..i]),
                format!("{} {}", tokens[i], clause(tokens[i + 1])),
            );
        }
    }
    if let Some((last, rest)) = tokens.split_last() {
        let numbered = last.starts_with(|c: char| c.is_ascii_digit())
            || last.split_once('.').is_some_and(|(a, b)| {
                !a.is_empty()
                    && a.len() <= 4
                    && a.chars().all(|c| c.is_ascii_uppercase())
                    && b.starts_with(|c: char| c.is_ascii_digit())
            });
        if numbered && !rest.is_empty() {
            // NIST AI RMF subcategories are named by function and number ("MEASURE 2.7"):
            // the function belongs to the clause, not to the framework's name.
            const RMF_FUNCTIONS: &[&str] = &["GOVERN", "MAP", "MEASURE", "MANAGE"];
            if let Some((function, framework)) = rest.split_last() {
                if RMF_FUNCTIONS.contains(function) && !framework.is_empty() {
                    return (join(framework), format!("{function} {}", clause(last)));
                }
            }
            return (join(rest), clause(last));
        }
    }
    let version = |t: &&str| {
        t.strip_prefix('v')
            .is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
    };
    if let Some(i) = tokens.iter().position(version) {
        if i > 0 {
            return (join(&tokens[..=i]), join(&tokens[i + 1..]));
        }
    }
    (text.to_string(), String::new())
}

/// Sort key that orders "Art. 5" before "Art. 35", articles before annexes and "Annex IV"
/// before "Annex XII".
pub(super) fn article_key(article: &str) -> (u8, Vec<Chunk>) {
    let rank = match article.split_whitespace().next() {
        Some("Art." | "Article" | "Sec." | "Section" | "§") => 0,
        Some("Annex") => 2,
        Some("Recital") => 3,
        Some("") | None => 4,
        _ => 1,
    };
    let mut chunks = Vec::new();
    for word in article.split_whitespace() {
        if let Some(n) = roman(word) {
            chunks.push(Chunk::Num(n));
            continue;
        }
        let mut digits = String::new();
        let mut text = String::new();
        for c in word.chars() {
            if c.is_ascii_digit() {
                if !text.is_empty() {
                    chunks.push(Chunk::Text(std::mem::take(&mut text)));
                }
                digits.push(c);
            } else {
                if !digits.is_empty() {
                    chunks.push(Chunk::Num(digits.parse().unwrap_or(u64::MAX)));
                    digits.clear();
                }
                text.push(c.to_ascii_lowercase());
            }
        }
        if !digits.is_empty() {
            chunks.push(Chunk::Num(digits.parse().unwrap_or(u64::MAX)));
        }
        if !text.is_empty() {
            chunks.push(Chunk::Text(text));
        }
    }
    (rank, chunks)
}

/// Items per article, in article order (the key is [`article_key`] and the article itself).
type ByArticle<T> = BTreeMap<((u8, Vec<Chunk>), String), Vec<T>>;

#[derive(PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Chunk {
    Num(u64),
    Text(String),
}

/// The value of an upper-case Roman numeral (annex numbers), if `s` is one.
fn roman(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 8 {
        return None;
    }
    let value = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let digits: Option<Vec<u64>> = s.chars().map(value).collect();
    let digits = digits?;
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|next| next > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    u64::try_from(total).ok().filter(|n| *n > 0)
}

/// A finding is listed once, under the article of its first control (the one its rule
/// enforces most directly); [`citations`] indexes every other article it cites.
pub(super) fn group_findings(findings: Vec<FindingCtx>) -> Vec<RegulationGroup> {
    const UNMAPPED: &str = "Not mapped to a control";
    // Keyed by (unmapped last, regulation case-folded): the name as written is in the value.
    let mut map: BTreeMap<(bool, String), (String, ByArticle<FindingCtx>)> = BTreeMap::new();
    for f in findings {
        let (regulation, article) = match f.controls.first() {
            Some(c) => split_control(c),
            None => (UNMAPPED.to_string(), String::new()),
        };
        let key = (f.controls.is_empty(), regulation.to_lowercase());
        map.entry(key)
            .or_insert_with(|| (regulation, BTreeMap::new()))
            .1
            .entry((article_key(&article), article))
            .or_default()
            .push(f);
    }
    map.into_values()
        .map(|(regulation, articles)| RegulationGroup {
            regulation,
            count: articles.values().map(Vec::len).sum(),
            articles: articles
                .into_iter()
                .map(|((_, article), findings)| ArticleGroup { article, findings })
                .collect(),
        })
        .collect()
}

pub(super) fn citations(findings: &[FindingCtx]) -> Vec<CitationGroup> {
    let mut map: BTreeMap<String, (String, ByArticle<FindingRef>)> = BTreeMap::new();
    for f in findings {
        for c in &f.controls {
            let (regulation, article) = split_control(c);
            let entry = map
                .entry(regulation.to_lowercase())
                .or_insert_with(|| (regulation, BTreeMap::new()));
            let refs = entry.1.entry((article_key(&article), article)).or_default();
            if !refs.iter().any(|r| r.anchor == f.anchor) {
                refs.push(finding_ref(f));
            }
        }
    }
    map.into_values()
        .map(|(regulation, articles)| CitationGroup {
            regulation,
            articles: articles
                .into_iter()
                .map(|((_, article), findings)| Citation { article, findings })
                .collect(),
        })
        .collect()
}
