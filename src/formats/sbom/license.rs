//! SPDX license expressions of a component, evaluated into disjunctive normal form with
//! normalized terms (see `Component::license_alternatives`).

use super::license_names;
#[cfg(doc)]
use crate::input::Component;
use crate::input::LicenseError;
use spdx::expression::{ExprNode, Operator};
use spdx::{Expression, LicenseItem, LicenseReq, ParseMode};
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

/// Most alternatives kept for one component's licenses (see [`Component::license_alternatives`]).
pub const MAX_LICENSE_ALTERNATIVES: usize = 64;

/// One way to comply: license terms that all apply.
type Alternative = BTreeSet<String>;

/// A component's license entries as one expression in disjunctive normal form, and the entries
/// that could not be evaluated. The entries all apply (`AND`); an entry that does not parse is
/// left out of the alternatives and reported instead. See [`Component::license_alternatives`]
/// for the normalized form.
///
/// ```
/// use modelgate::formats::sbom::license_alternatives;
/// let (alts, errors) = license_alternatives(&["MIT OR (Apache-2.0 AND BSD-3-Clause)".to_string()]);
/// assert_eq!(alts, vec![vec!["MIT"], vec!["Apache-2.0", "BSD-3-Clause"]]);
/// assert!(errors.is_empty());
/// ```
pub fn license_alternatives(licenses: &[String]) -> (Vec<Vec<String>>, Vec<LicenseError>) {
    let mut errors = Vec::new();
    let mut acc: Option<Vec<Alternative>> = None;
    let mut truncated = false;
    for text in licenses {
        match parse_license_expression(text) {
            Ok((dnf, cut)) => {
                if cut {
                    errors.push(LicenseError {
                        expression: text.clone(),
                        reason: too_many_alternatives(),
                    });
                }
                acc = Some(match acc {
                    None => dnf,
                    Some(prev) => dnf_and(&prev, &dnf, &mut truncated),
                });
            }
            Err(reason) => errors.push(LicenseError {
                expression: text.clone(),
                reason,
            }),
        }
    }
    if truncated {
        let joined: Vec<String> = licenses
            .iter()
            .map(|l| {
                if l.contains(char::is_whitespace) {
                    format!("({l})")
                } else {
                    l.clone()
                }
            })
            .collect();
        errors.push(LicenseError {
            expression: joined.join(" AND "),
            reason: too_many_alternatives(),
        });
    }
    let alternatives = acc
        .unwrap_or_default()
        .into_iter()
        .map(|alt| alt.into_iter().collect())
        .collect();
    (alternatives, errors)
}

fn too_many_alternatives() -> String {
    format!(
        "more than {MAX_LICENSE_ALTERNATIVES} alternatives in disjunctive normal form; the {MAX_LICENSE_ALTERNATIVES} with the fewest terms are kept"
    )
}

/// One license expression in disjunctive normal form, and whether alternatives were cut off.
/// The error is the `spdx` crate's reason with the offending text.
fn parse_license_expression(text: &str) -> Result<(Vec<Alternative>, bool), String> {
    let expr = match Expression::parse_mode(text, EXPRESSION_MODE) {
        Ok(e) => e,
        Err(first) => {
            // SPDX ids match case-insensitively (`apache-2.0`, `bsd-3-clause`): retry once with
            // the ids and operators spelled as the license list spells them; then read the text
            // as licence names.
            let folded = fold_case(text);
            let retried = (folded != text)
                .then(|| Expression::parse_mode(&folded, EXPRESSION_MODE).ok())
                .flatten()
                .or_else(|| {
                    let expr = license_names::expression_of_names(text)?;
                    Expression::parse_mode(&expr, EXPRESSION_MODE).ok()
                });
            match retried {
                Some(e) => e,
                None => return Err(describe_parse_error(&first)),
            }
        }
    };
    let mut truncated = false;
    let mut stack: Vec<Vec<Alternative>> = Vec::new();
    for node in expr.iter() {
        match node {
            ExprNode::Req(r) => stack.push(vec![BTreeSet::from([license_term(&r.req)])]),
            ExprNode::Op(op) => {
                let (Some(b), Some(a)) = (stack.pop(), stack.pop()) else {
                    return Err("malformed expression".to_string());
                };
                stack.push(match op {
                    Operator::And => dnf_and(&a, &b, &mut truncated),
                    Operator::Or => {
                        let mut both = a;
                        both.extend(b);
                        minimize(both, &mut truncated)
                    }
                });
            }
        }
    }
    match (stack.pop(), stack.is_empty()) {
        (Some(dnf), true) => Ok((dnf, truncated)),
        _ => Err("malformed expression".to_string()),
    }
}

/// `a AND b` for two expressions in disjunctive normal form.
fn dnf_and(a: &[Alternative], b: &[Alternative], truncated: &mut bool) -> Vec<Alternative> {
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            out.push(x.union(y).cloned().collect());
        }
    }
    minimize(out, truncated)
}

/// Sorts alternatives (fewest terms first, then alphabetically), drops duplicates and any
/// alternative that contains a kept one, and keeps at most [`MAX_LICENSE_ALTERNATIVES`].
fn minimize(mut alts: Vec<Alternative>, truncated: &mut bool) -> Vec<Alternative> {
    alts.sort_by(|x, y| x.len().cmp(&y.len()).then_with(|| x.cmp(y)));
    let mut kept: Vec<Alternative> = Vec::new();
    for alt in alts {
        if kept.iter().any(|k| k.is_subset(&alt)) {
            continue;
        }
        if kept.len() == MAX_LICENSE_ALTERNATIVES {
            *truncated = true;
            break;
        }
        kept.push(alt);
    }
    kept
}

/// The `spdx` crate's LAX mode without its imprecise names: those are prefix matches, map
/// `gnu gpl v2` to `GPL-3.0-only` and read "GPLv3" as `-only`; names are read by
/// [`license_names`] instead, which reads an ambiguous name so that it cannot turn a deny into an
/// approve.
pub(super) const EXPRESSION_MODE: ParseMode = ParseMode {
    allow_imprecise_license_names: false,
    ..ParseMode::LAX
};

/// Deprecated GNU ids that named a license with an exception, as license and exception.
pub(super) const GNU_WITH_EXCEPTION: [(&str, &str, &str); 7] = [
    (
        "GPL-2.0-with-autoconf-exception",
        "GPL-2.0-only",
        "Autoconf-exception-2.0",
    ),
    (
        "GPL-2.0-with-bison-exception",
        "GPL-2.0-only",
        "Bison-exception-2.2",
    ),
    (
        "GPL-2.0-with-classpath-exception",
        "GPL-2.0-only",
        "Classpath-exception-2.0",
    ),
    (
        "GPL-2.0-with-font-exception",
        "GPL-2.0-only",
        "Font-exception-2.0",
    ),
    (
        "GPL-2.0-with-GCC-exception",
        "GPL-2.0-only",
        "GCC-exception-2.0",
    ),
    (
        "GPL-3.0-with-autoconf-exception",
        "GPL-3.0-only",
        "Autoconf-exception-3.0",
    ),
    (
        "GPL-3.0-with-GCC-exception",
        "GPL-3.0-only",
        "GCC-exception-3.1",
    ),
];

/// One license requirement in its normalized form (see [`Component::license_alternatives`]).
fn license_term(req: &LicenseReq) -> String {
    let addition = req.addition.as_ref().map(|a| a.to_string());
    let license = match &req.license {
        LicenseItem::Spdx { id, or_later } if id.is_gnu() && id.is_deprecated() => {
            let with = GNU_WITH_EXCEPTION
                .iter()
                .find(|(old, _, _)| *old == id.name);
            match (with, &addition) {
                (Some((_, license, exception)), None) => {
                    return format!("{license} WITH {exception}");
                }
                _ => match spdx::gnu_license_id(id.name, *or_later) {
                    Some(modern) => modern.name.to_string(),
                    None => req.license.to_string(),
                },
            }
        }
        other => other.to_string(),
    };
    match addition {
        Some(a) => format!("{license} WITH {a}"),
        None => license,
    }
}

/// The text with every license or exception id spelled as the SPDX list spells it, `and`,
/// `or` and `with` in any case upper case, and `LicenseRef-` prefixes in their usual case.
pub(super) fn fold_case(text: &str) -> String {
    fn fold(token: &str, out: &mut String) {
        let lower = token.to_ascii_lowercase();
        if matches!(lower.as_str(), "and" | "or" | "with") {
            out.push_str(&token.to_ascii_uppercase());
        } else if let Some(name) = spdx_names().get(&lower) {
            out.push_str(name);
        } else if let Some(rest) = ["licenseref-", "documentref-", "additionref-"]
            .iter()
            .find_map(|p| lower.starts_with(p).then(|| &token[p.len()..]))
        {
            let prefix = &lower[..lower.len() - rest.len()];
            let canonical = match prefix {
                "licenseref-" => "LicenseRef-",
                "documentref-" => "DocumentRef-",
                _ => "AdditionRef-",
            };
            out.push_str(canonical);
            out.push_str(rest);
        } else {
            out.push_str(token);
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut start = None;
    for (i, c) in text.char_indices() {
        let in_token = c.is_ascii_alphanumeric() || c == '-' || c == '.';
        match (in_token, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                fold(&text[s..i], &mut out);
                start = None;
                out.push(c);
            }
            (false, None) => out.push(c),
            (true, Some(_)) => {}
        }
    }
    if let Some(s) = start {
        fold(&text[s..], &mut out);
    }
    out
}

/// Lower-case license and exception id -> the id as the SPDX license list spells it.
fn spdx_names() -> &'static HashMap<String, &'static str> {
    static NAMES: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        spdx::identifiers::LICENSES
            .iter()
            .map(|l| l.name)
            .chain(spdx::identifiers::EXCEPTIONS.iter().map(|e| e.name))
            .map(|n| (n.to_ascii_lowercase(), n))
            .collect()
    })
}

/// The crate's reason with the text it points at, on one line.
fn describe_parse_error(e: &spdx::ParseError) -> String {
    match e.original.get(e.span.clone()).map(str::trim) {
        Some(at) if !at.is_empty() => format!("{} at `{at}`", e.reason),
        _ => e.reason.to_string(),
    }
}
