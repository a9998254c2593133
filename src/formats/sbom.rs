//! Software bills of materials: CycloneDX JSON (spec 1.2–1.7), SPDX 2.2/2.3 JSON and SPDX 3.0
//! JSON-LD, detected by content and normalized into one [`Sbom`].
//!
//! Normalization, the same for every format:
//! - `format` is `cyclonedx` or `spdx`; `spec_version` is the version the file states
//!   (`1.4`, `2.3`, `3.0.1`: for SPDX 3 the `specVersion` of its `CreationInfo`, else the
//!   version in its `@context` URL, else `3.0`).
//! - `subject` is `name@version` (or `name` alone) of what the SBOM describes: CycloneDX
//!   `metadata.component`, SPDX 2 `documentDescribes` or the document's `DESCRIBES`
//!   relationship, SPDX 3 the `rootElement` of the `SpdxDocument` (through any `software_Sbom`).
//! - Hash algorithm keys are lower case, `_` becomes `-`, and the SHA-1/SHA-2 family loses its
//!   separator: `SHA-256`, `SHA256`, `sha256` → `sha256`; `SHA-1` → `sha1`; `MD5` → `md5`.
//!   Families whose name ends in a digit keep a `-` before the digest length: `SHA3-256`,
//!   `sha3_256` → `sha3-256`; `BLAKE2b-256`, `blake2b256` → `blake2b-256`; `BLAKE3` → `blake3`.
//!   Hash values are trimmed and lower case. When an algorithm appears twice the first wins.
//! - Component `type` is lower-case kebab case, in CycloneDX's vocabulary where the formats
//!   overlap: CycloneDX `type` as written; SPDX 2 `primaryPackagePurpose` (`OPERATING-SYSTEM` →
//!   `operating-system`); SPDX 3 `ai_AIPackage` → `machine-learning-model`,
//!   `dataset_DatasetPackage` → `data`, other elements their `software_primaryPurpose`
//!   (`operatingSystem` → `operating-system`, `model` → `machine-learning-model`), and a
//!   `software_Package` without one → `library`.
//! - Licenses are SPDX identifiers or expressions, or the license name when that is all the
//!   file gives; `NOASSERTION` and `NONE` are left out, duplicates are dropped, order is kept
//!   (SPDX: concluded before declared).
//! - Policies do not match license strings: [`license_alternatives`] parses them with the
//!   `spdx` crate (leniently) into `license_alternatives`, the expression in disjunctive normal
//!   form with normalized terms (documented on [`Component::license_alternatives`]), and
//!   `license_errors` for what does not parse. Several license entries of one component all
//!   apply (they are joined by `AND`): SPDX concluded and declared licenses, or the CycloneDX
//!   `licenses` list. An entry that is not an expression is read as licence names (SPDX list
//!   names, Debian short names, PyPI trove classifiers, aliases; see `license_names`).
//! - `purl` is canonical per the purl specification (percent-decoded and re-encoded, the rules
//!   of its type applied, qualifiers sorted; see `purl`), or as written when it is not a valid
//!   purl (`purl_error` says why). `purl_id` and `package` are its matching keys. So that a
//!   banned package cannot be spelled around, `ecosystem`, `match_ids` and `match_names` say
//!   what else the component is matched by: its name in each ecosystem the SBOM names for it
//!   (purl type; CycloneDX `bom-ref` purl, `group`, `cpe`, syft and `cdx:` properties, registry
//!   URLs in `externalReferences`; SPDX package-manager references, CPEs, a registry
//!   `downloadLocation` or homepage), look-alike letters folded, or its name alone.
//! - `created` is the document's creation time in UTC, when it is a valid RFC 3339 date-time.
//! - Components are listed in document order, a CycloneDX component before its nested
//!   `components` (those of `metadata.component` included); `pointer` is the component's JSON
//!   pointer (`/components/3/components/0`, `/packages/2`, `/@graph/17`).

use super::robustness::{pointer_line, Obj};
use super::Doc;
use crate::error::{Error, Location, Result};
use crate::input::{Component, LicenseError, Sbom};
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use spdx::expression::{ExprNode, Operator};
use spdx::{Expression, LicenseItem, LicenseReq, ParseMode};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

mod license_names;
mod purl;

/// `s` with every character outside ASCII folded by [`crate::text::fold`] (NFKC, lower case,
/// UTS #39 confusable skeleton: Greek `ο` is `o`), combining marks and invisible characters
/// dropped; `None` when `s` is ASCII. ASCII is kept as written: `0` and `o`, `1` and `l` are
/// different characters in a package name or a version, while a name in Greek or Cyrillic
/// letters that looks like an ASCII one can only be meant to pass for it.
fn deconfuse(s: &str) -> Option<String> {
    if s.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut buf = [0u8; 4];
    for c in s.nfkc() {
        if c.is_ascii() {
            out.push(c);
        } else if !unicode_normalization::char::is_combining_mark(c) {
            // Decomposed, so that an accent is dropped from a letter it was composed with.
            let folded = crate::text::fold(c.encode_utf8(&mut buf));
            out.extend(
                folded
                    .nfd()
                    .filter(|&f| !unicode_normalization::char::is_combining_mark(f)),
            );
        }
    }
    Some(out)
}

/// What `load` accepts, for error messages.
const EXPECTED: &str =
    "expected CycloneDX JSON (bomFormat \"CycloneDX\", spec 1.2-1.7), SPDX 2.2/2.3 JSON (spdxVersion) or SPDX 3.0 JSON-LD (@context spdx.org/rdf/3.0 with @graph)";

/// Loads a CycloneDX, SPDX 2 or SPDX 3 SBOM, detected by content.
pub fn load(doc: &Doc) -> Result<Sbom> {
    doc.check_depth(doc.text()?)?;
    let mut sbom = load_format(doc)?;
    let max = doc.limits.max_components;
    if sbom.components.len() as u64 > max {
        return Err(doc.err(
            Location {
                pointer: Some(
                    match (sbom.format.as_str(), sbom.spec_version.starts_with('3')) {
                        ("cyclonedx", _) => "/components",
                        (_, true) => "/@graph",
                        _ => "/packages",
                    }
                    .into(),
                ),
                ..Location::default()
            },
            format!(
                "{} components, over the limit of {max} (limits.maxComponents in the configuration)",
                sbom.components.len()
            ),
        ));
    }
    sbom.duplicates = duplicates(&sbom.components);
    Ok(sbom)
}

/// Packages listed with more than one version: grouped here in one pass, because grouping
/// thousands of components in Rego costs more than every other SBOM rule together.
fn duplicates(components: &[Component]) -> Vec<crate::input::DuplicatePackage> {
    let mut groups: BTreeMap<&str, (BTreeSet<&str>, BTreeSet<&str>)> = BTreeMap::new();
    for c in components {
        let Some(version) = c.version.as_deref() else {
            continue;
        };
        let key = c.package.as_deref().unwrap_or(c.name.as_str());
        let g = groups.entry(key).or_default();
        g.0.insert(version);
        g.1.insert(c.pointer.as_str());
    }
    groups
        .into_iter()
        .filter(|(_, (versions, _))| versions.len() > 1)
        .map(
            |(package, (versions, pointers))| crate::input::DuplicatePackage {
                package: package.to_string(),
                versions: versions.into_iter().map(str::to_string).collect(),
                pointers: pointers.into_iter().map(str::to_string).collect(),
            },
        )
        .collect()
}

fn load_format(doc: &Doc) -> Result<Sbom> {
    let text = doc.text()?;
    let trimmed = text.trim_start();
    if !trimmed.starts_with('{') {
        let what = if trimmed.starts_with('<') {
            "not a supported SBOM: this looks like XML (only JSON SBOMs are read); "
        } else if trimmed.starts_with("SPDXVersion:") || trimmed.contains("\nSPDXVersion:") {
            "not a supported SBOM: this looks like SPDX tag-value (only JSON SBOMs are read); "
        } else {
            "not a supported SBOM: not a JSON object; "
        };
        return Err(doc.err(Location::line_col(1, 1), format!("{what}{EXPECTED}")));
    }
    // Plain serde_json first (fast); on failure `Doc::json` parses again for line, column and
    // pointer.
    let top: Top = match serde_json::from_str(text) {
        Ok(t) => t,
        Err(_) => doc.json()?,
    };
    if let Some(bom_format) = &top.bom_format {
        if bom_format != "CycloneDX" {
            return Err(err_at(
                doc,
                text,
                "/bomFormat",
                format!("bomFormat is \"{bom_format}\", not \"CycloneDX\"; {EXPECTED}"),
            ));
        }
        return cyclonedx(doc, text, top);
    }
    if let Some(v) = &top.spdx_version {
        if !v.starts_with("SPDX-2.") {
            return Err(err_at(
                doc,
                text,
                "/spdxVersion",
                format!("unsupported spdxVersion \"{v}\"; {EXPECTED}"),
            ));
        }
        return spdx2(doc, text, top);
    }
    if let Some(context) = &top.context {
        if let Some(version) = spdx3_context_version(context) {
            if top.graph.is_none() {
                return Err(err_at(
                    doc,
                    text,
                    "",
                    "SPDX 3 JSON-LD without an @graph array",
                ));
            }
            return spdx3(doc, text, top, version);
        }
    }
    Err(doc.err(
        Location::default(),
        format!("not a recognized SBOM; {EXPECTED}"),
    ))
}

/// An error at a JSON pointer, with the line of the value (or of its nearest ancestor).
fn err_at(doc: &Doc, text: &str, pointer: &str, message: impl Into<String>) -> Error {
    let mut loc = Location::pointer(pointer);
    loc.line = pointer_line(text, pointer);
    doc.err(loc, message)
}

/// Hash algorithm name as a map key; see the module documentation.
pub fn normalize_hash_alg(alg: &str) -> String {
    let a = alg.trim().to_ascii_lowercase().replace('_', "-");
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = a.strip_prefix("sha-") {
        if digits(rest) {
            return format!("sha{rest}");
        }
    }
    for family in ["blake2b", "blake2s", "streebog"] {
        if let Some(rest) = a.strip_prefix(family) {
            if digits(rest) {
                return format!("{family}-{rest}");
            }
        }
    }
    a
}

/// `operatingSystem`, `OPERATING-SYSTEM`, `operating_system` → `operating-system`.
fn kebab_lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut prev_lower = false;
    for c in s.trim().chars() {
        if c == '_' || c == ' ' {
            out.push('-');
            prev_lower = false;
        } else if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

/// SPDX purpose (2.x `primaryPackagePurpose` or 3.x `software_primaryPurpose`) as a type.
fn spdx_purpose_type(purpose: &str) -> String {
    match kebab_lower(purpose).as_str() {
        "model" => "machine-learning-model".to_string(),
        other => other.to_string(),
    }
}

/// Adds a license unless it is empty, `NOASSERTION`, `NONE` or already listed.
fn push_license(out: &mut Vec<String>, license: &str) {
    let l = license.trim();
    if l.is_empty() || l.eq_ignore_ascii_case("NOASSERTION") || l.eq_ignore_ascii_case("NONE") {
        return;
    }
    if !out.iter().any(|x| x == l) {
        out.push(l.to_string());
    }
}

// ---------------------------------------------------------------------------------------------
// License expressions

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
const EXPRESSION_MODE: ParseMode = ParseMode {
    allow_imprecise_license_names: false,
    ..ParseMode::LAX
};

/// Deprecated GNU ids that named a license with an exception, as license and exception.
const GNU_WITH_EXCEPTION: [(&str, &str, &str); 7] = [
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
fn fold_case(text: &str) -> String {
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

/// The canonical form of a purl, per the purl specification and the rules of its type, or why it
/// is not a valid purl (see `Component::purl_error`).
///
/// ```
/// use modelgate::formats::sbom::canonical_purl;
/// assert_eq!(canonical_purl("pkg:PYPI/Django_package@1.11.1.dev1").as_deref(), Ok("pkg:pypi/django-package@1.11.1.dev1"));
/// assert_eq!(canonical_purl("pkg:npm/@babel/core#/lib/").as_deref(), Ok("pkg:npm/%40babel/core#lib"));
/// assert!(canonical_purl("pkg:pypi/torch%7").is_err());
/// ```
pub fn canonical_purl(purl: &str) -> std::result::Result<String, String> {
    let p = purl::parse(purl)?;
    match p.problem() {
        Some(problem) => Err(problem.to_string()),
        None => Ok(p.canonical()),
    }
}

/// The purl as policies match it (`Component::purl_id`): canonical, without qualifiers and
/// subpath, lower case, pypi names PEP 503-normalized. `None` when it cannot be parsed.
///
/// ```
/// use modelgate::formats::sbom::purl_id;
/// assert_eq!(purl_id("pkg:pypi/torch%74riton@3.0.0").as_deref(), Some("pkg:pypi/torchtriton@3.0.0"));
/// assert_eq!(purl_id("pkg:PyPI/Zope.Interface?x=y#sub").as_deref(), Some("pkg:pypi/zope-interface"));
/// ```
pub fn purl_id(purl: &str) -> Option<String> {
    purl::parse(purl).ok().map(|p| p.id().0)
}

/// What an SBOM says about a component's identity besides its name and version.
#[derive(Default)]
struct Ident {
    /// The purl as written.
    purl: Option<String>,
    /// CycloneDX `group`.
    group: Option<String>,
    /// Ecosystems named elsewhere in the component.
    hints: purl::EcoSet,
    /// Further purls of the component (see `purl::Evidence::other_purls`).
    other_purls: Vec<String>,
    /// A purl that names the component when `purl` is missing or invalid (a CycloneDX
    /// `bom-ref`).
    fallback_purl: Option<String>,
}

/// A component with its licenses evaluated and its identity resolved.
#[allow(clippy::too_many_arguments)]
fn component(
    name: String,
    version: Option<String>,
    ident: Ident,
    component_type: Option<String>,
    licenses: Vec<String>,
    hashes: BTreeMap<String, String>,
    pointer: String,
) -> Component {
    let (license_alternatives, license_errors) = license_alternatives(&licenses);
    let id = purl::identify(purl::Evidence {
        name: &name,
        version: version.as_deref(),
        purl: ident.purl,
        group: ident.group.as_deref(),
        hints: ident.hints,
        other_purls: ident.other_purls,
        fallback_purl: ident.fallback_purl,
    });
    Component {
        purl_id: id.purl_id,
        package: id.package,
        purl_error: id.purl_error,
        ecosystem: id.ecosystem,
        match_ids: id.match_ids,
        match_names: id.match_names,
        name,
        version,
        purl: id.purl,
        component_type,
        licenses,
        license_alternatives,
        license_errors,
        hashes,
        pointer,
    }
}

/// An RFC 3339 date-time in UTC with second precision (or finer when given), else `None`.
fn normalize_created(value: &str) -> Option<String> {
    chrono::DateTime::parse_from_rfc3339(value.trim())
        .ok()
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
        })
}

fn push_hash(out: &mut BTreeMap<String, String>, alg: &str, value: &str) {
    let v = value.trim();
    if alg.trim().is_empty() || v.is_empty() {
        return;
    }
    out.entry(normalize_hash_alg(alg))
        .or_insert_with(|| v.to_ascii_lowercase());
}

fn name_at(name: &str, version: Option<&str>) -> String {
    match version {
        Some(v) if !v.is_empty() => format!("{name}@{v}"),
        _ => name.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// The file as read: the fields of all three formats that the loader uses, everything else
// skipped unread. Parsing through `Doc::json` gives line, column and pointer on type errors.

#[derive(Deserialize)]
#[serde(expecting = "an SBOM (JSON object)")]
struct Top {
    #[serde(rename = "bomFormat")]
    bom_format: Option<String>,
    #[serde(rename = "specVersion")]
    spec_version: Option<Text>,
    metadata: Option<Obj<CdxMetadata>>,
    components: Option<Vec<Obj<CdxComponent>>>,

    #[serde(rename = "spdxVersion")]
    spdx_version: Option<String>,
    #[serde(rename = "documentDescribes")]
    document_describes: Option<Vec<String>>,
    /// SPDX 2 `{created, creators}`; read loosely, only `created` is used.
    #[serde(rename = "creationInfo")]
    creation_info: Option<serde_json::Value>,
    packages: Option<Vec<Obj<Spdx2Package>>>,
    files: Option<Vec<Obj<Spdx2File>>>,
    relationships: Option<Vec<Obj<Spdx2Relationship>>>,

    #[serde(rename = "@context")]
    context: Option<serde_json::Value>,
    #[serde(rename = "@graph")]
    graph: Option<Vec<Obj<Spdx3Element>>>,
}

/// A scalar read as text: strings as they are, numbers and booleans printed.
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A scalar read as text when it is one, any other value skipped: for fields that only hint at
/// a component's identity, which must not make an SBOM unreadable.
#[derive(Default)]
struct LaxText(Option<String>);

impl<'de> Deserialize<'de> for LaxText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LaxText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<LaxText, E> {
                Ok(LaxText(Some(v.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<LaxText, E> {
                Ok(LaxText(Some(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<LaxText, E> {
                Ok(LaxText(Some(v.to_string())))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<LaxText, E> {
                Ok(LaxText(Some(v.to_string())))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<LaxText, E> {
                Ok(LaxText(Some(v.to_string())))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<LaxText, E> {
                Ok(LaxText(None))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<LaxText, E> {
                Ok(LaxText(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LaxText, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(LaxText(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LaxText, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(LaxText(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// A value read as `T` when it has `T`'s shape, else skipped (a hint, as [`LaxText`]).
struct Lax<T>(Option<T>);

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Lax<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Ok(Lax(serde_json::from_value(v).ok()))
    }
}

/// A string or a list of strings, read as a list.
#[derive(Default)]
struct OneOrMany(Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(OneOrMany(out))
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------------------------
// CycloneDX

#[derive(Deserialize)]
struct CdxMetadata {
    timestamp: Option<Text>,
    component: Option<Obj<CdxComponent>>,
}

#[derive(Deserialize)]
struct CdxComponent {
    name: Option<Text>,
    version: Option<Text>,
    purl: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    licenses: Option<Vec<Obj<CdxLicenseChoice>>>,
    hashes: Option<Vec<Obj<CdxHash>>>,
    components: Option<Vec<Obj<CdxComponent>>>,
    #[serde(default)]
    group: LaxText,
    #[serde(rename = "bom-ref", default)]
    bom_ref: LaxText,
    #[serde(default)]
    cpe: LaxText,
    #[serde(default)]
    properties: Hints,
    #[serde(rename = "externalReferences", default)]
    external_references: Hints,
}

/// The ecosystems a CycloneDX `properties` (`syft:package:type`, `cdx:npm:…`) or
/// `externalReferences` (a registry URL) list names. Read without allocating, and leniently:
/// an entry of another shape is skipped, since these are hints and not required fields.
#[derive(Default)]
struct Hints(purl::EcoSet);

impl<'de> Deserialize<'de> for Hints {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Hints;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Hints, A::Error> {
                let mut set = purl::EcoSet::default();
                while let Some(HintEntry(eco)) = seq.next_element()? {
                    if let Some(e) = eco {
                        set.insert(e);
                    }
                }
                Ok(Hints(set))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Hints, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Hints::default())
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Hints, E> {
                Ok(Hints::default())
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Hints, E> {
                Ok(Hints::default())
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Hints, E> {
                Ok(Hints::default())
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Hints, E> {
                Ok(Hints::default())
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Hints, E> {
                Ok(Hints::default())
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Hints, E> {
                Ok(Hints::default())
            }
        }
        d.deserialize_any(V)
    }
}

/// One `{name, value}` property or `{type, url}` reference, as the ecosystem it names.
struct HintEntry(Option<&'static str>);

/// A key of a hint entry.
enum HintKey {
    Name,
    Value,
    Url,
    Other,
}

impl<'de> Deserialize<'de> for HintKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = HintKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<HintKey, E> {
                Ok(match v {
                    "name" => HintKey::Name,
                    "value" => HintKey::Value,
                    "url" => HintKey::Url,
                    _ => HintKey::Other,
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

/// What a string value of a hint entry says: for a property name, whether it is syft's package
/// type or language (then the value names the ecosystem) or the ecosystem of a `cdx:` namespace;
/// for a value or URL, the ecosystem it names.
#[derive(Clone, Copy, Default)]
struct HintValue {
    syft: bool,
    eco: Option<&'static str>,
}

/// Reads a string (anything else ignored) and maps it with `f`, without keeping it.
struct MapStr<F>(F);

impl<'de, F: FnOnce(&str) -> HintValue> serde::de::DeserializeSeed<'de> for MapStr<F> {
    type Value = HintValue;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<HintValue, D::Error> {
        struct V<F>(F);
        impl<'de, F: FnOnce(&str) -> HintValue> Visitor<'de> for V<F> {
            type Value = HintValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<HintValue, E> {
                Ok((self.0)(v))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<HintValue, E> {
                Ok(HintValue::default())
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<HintValue, E> {
                Ok(HintValue::default())
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<HintValue, E> {
                Ok(HintValue::default())
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<HintValue, E> {
                Ok(HintValue::default())
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<HintValue, E> {
                Ok(HintValue::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<HintValue, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(HintValue::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HintValue, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(HintValue::default())
            }
        }
        d.deserialize_any(V(self.0))
    }
}

impl<'de> Deserialize<'de> for HintEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = HintEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HintEntry, A::Error> {
                let (mut name, mut value, mut url) = (HintValue::default(), None, None);
                while let Some(key) = map.next_key::<HintKey>()? {
                    match key {
                        HintKey::Name => {
                            name = map.next_value_seed(MapStr(|s: &str| HintValue {
                                syft: s == "syft:package:type" || s == "syft:package:language",
                                eco: purl::eco_of_property(s, ""),
                            }))?;
                        }
                        HintKey::Value => {
                            value = map
                                .next_value_seed(MapStr(|s: &str| HintValue {
                                    syft: false,
                                    eco: purl::eco_of_tool_type(s),
                                }))?
                                .eco;
                        }
                        HintKey::Url => {
                            url = map
                                .next_value_seed(MapStr(|s: &str| HintValue {
                                    syft: false,
                                    eco: purl::eco_of_url(s),
                                }))?
                                .eco;
                        }
                        HintKey::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let property = if name.syft { value } else { name.eco };
                Ok(HintEntry(url.or(property)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<HintEntry, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(HintEntry(None))
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<HintEntry, E> {
                Ok(HintEntry(None))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<HintEntry, E> {
                Ok(HintEntry(None))
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<HintEntry, E> {
                Ok(HintEntry(None))
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<HintEntry, E> {
                Ok(HintEntry(None))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<HintEntry, E> {
                Ok(HintEntry(None))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<HintEntry, E> {
                Ok(HintEntry(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// `{license: {id|name}}` or `{expression}`; a bare `{id|name}` is accepted too.
#[derive(Deserialize)]
struct CdxLicenseChoice {
    license: Option<Obj<CdxLicense>>,
    expression: Option<String>,
    id: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct CdxLicense {
    id: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct CdxHash {
    alg: String,
    content: String,
}

fn cyclonedx(doc: &Doc, text: &str, top: Top) -> Result<Sbom> {
    let spec_version = match top.spec_version {
        Some(Text(v)) => v,
        None => {
            return Err(err_at(
                doc,
                text,
                "/specVersion",
                "CycloneDX BOM without specVersion",
            ))
        }
    };
    let minor = spec_version
        .strip_prefix("1.")
        .and_then(|m| m.parse::<u32>().ok());
    if !matches!(minor, Some(m) if m >= 2) {
        return Err(err_at(
            doc,
            text,
            "/specVersion",
            format!(
                "unsupported CycloneDX specVersion \"{spec_version}\" (JSON is read for 1.2-1.7)"
            ),
        ));
    }
    let mut components = Vec::new();
    let mut subject = None;
    let mut created = None;
    if let Some(Obj(metadata)) = &top.metadata {
        created = metadata
            .timestamp
            .as_ref()
            .and_then(|t| normalize_created(&t.0));
    }
    if let Some(Obj(CdxMetadata {
        component: Some(Obj(mut meta)),
        ..
    })) = top.metadata
    {
        if let Some(Text(name)) = &meta.name {
            subject = Some(name_at(name, meta.version.as_ref().map(|v| v.0.as_str())));
        }
        if let Some(children) = meta.components.take() {
            cdx_walk(
                doc,
                text,
                children,
                "/metadata/component/components",
                &mut components,
            )?;
        }
    }
    if let Some(list) = top.components {
        cdx_walk(doc, text, list, "/components", &mut components)?;
    }
    Ok(Sbom {
        duplicates: Vec::new(),
        source: doc.source("cyclonedx"),
        format: "cyclonedx".to_string(),
        spec_version,
        subject,
        created,
        components,
    })
}

fn cdx_walk(
    doc: &Doc,
    text: &str,
    list: Vec<Obj<CdxComponent>>,
    base: &str,
    out: &mut Vec<Component>,
) -> Result<()> {
    for (i, Obj(c)) in list.into_iter().enumerate() {
        let pointer = format!("{base}/{i}");
        let Some(Text(name)) = c.name else {
            return Err(err_at(doc, text, &pointer, "component without a name"));
        };
        let mut licenses = Vec::new();
        for choice in c.licenses.iter().flatten() {
            if let Some(e) = &choice.expression {
                push_license(&mut licenses, e);
            }
            let (id, lname) = match &choice.license {
                Some(l) => (l.id.as_deref(), l.name.as_deref()),
                None => (choice.id.as_deref(), choice.name.as_deref()),
            };
            if let Some(l) = id.or(lname) {
                push_license(&mut licenses, l);
            }
        }
        let mut hashes = BTreeMap::new();
        for h in c.hashes.iter().flatten() {
            push_hash(&mut hashes, &h.alg, &h.content);
        }
        let mut ident = Ident {
            purl: c.purl.filter(|p| !p.trim().is_empty()),
            group: c.group.0,
            hints: c.properties.0,
            ..Ident::default()
        };
        ident.hints.union(c.external_references.0);
        if let Some(eco) = c.cpe.0.as_deref().and_then(purl::eco_of_cpe) {
            ident.hints.insert(eco);
        }
        // Tools (syft, cdxgen) often make the purl the bom-ref; it still names the package when
        // the purl field is left out or broken.
        ident.fallback_purl = c.bom_ref.0.filter(|r| {
            r.trim_start()
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case("pkg:"))
        });
        out.push(component(
            name,
            c.version.map(|v| v.0),
            ident,
            c.kind.map(|k| k.trim().to_ascii_lowercase()),
            licenses,
            hashes,
            pointer.clone(),
        ));
        if let Some(children) = c.components {
            cdx_walk(doc, text, children, &format!("{pointer}/components"), out)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// SPDX 2.2 / 2.3 JSON

#[derive(Deserialize)]
struct Spdx2Package {
    #[serde(rename = "SPDXID")]
    spdx_id: Option<String>,
    name: Option<Text>,
    #[serde(rename = "versionInfo")]
    version_info: Option<Text>,
    #[serde(rename = "primaryPackagePurpose")]
    purpose: Option<String>,
    #[serde(rename = "licenseConcluded")]
    license_concluded: Option<String>,
    #[serde(rename = "licenseDeclared")]
    license_declared: Option<String>,
    checksums: Option<Vec<Obj<Spdx2Checksum>>>,
    #[serde(rename = "externalRefs")]
    external_refs: Option<Vec<Obj<Spdx2ExternalRef>>>,
    #[serde(rename = "downloadLocation", default)]
    download_location: LaxText,
    #[serde(default)]
    homepage: LaxText,
}

#[derive(Deserialize)]
struct Spdx2Checksum {
    algorithm: String,
    #[serde(rename = "checksumValue")]
    value: String,
}

#[derive(Deserialize)]
struct Spdx2ExternalRef {
    #[serde(rename = "referenceType")]
    reference_type: Option<String>,
    #[serde(rename = "referenceLocator")]
    locator: Option<String>,
}

#[derive(Deserialize)]
struct Spdx2File {
    #[serde(rename = "SPDXID")]
    spdx_id: Option<String>,
    #[serde(rename = "fileName")]
    file_name: Option<String>,
}

#[derive(Deserialize)]
struct Spdx2Relationship {
    #[serde(rename = "spdxElementId")]
    element: Option<String>,
    #[serde(rename = "relationshipType")]
    kind: Option<String>,
    #[serde(rename = "relatedSpdxElement")]
    related: Option<String>,
}

fn spdx2(doc: &Doc, text: &str, top: Top) -> Result<Sbom> {
    let spec_version = top
        .spdx_version
        .as_deref()
        .map(|v| v.trim_start_matches("SPDX-").to_string())
        .unwrap_or_default();

    // What the document describes: documentDescribes, else DESCRIBES / DESCRIBED_BY.
    let mut described: Vec<String> = top.document_describes.unwrap_or_default();
    if described.is_empty() {
        for r in top.relationships.iter().flatten() {
            let (Some(a), Some(kind), Some(b)) = (&r.element, &r.kind, &r.related) else {
                continue;
            };
            if kind == "DESCRIBES" && a == "SPDXRef-DOCUMENT" {
                described.push(b.clone());
            } else if kind == "DESCRIBED_BY" && b == "SPDXRef-DOCUMENT" {
                described.push(a.clone());
            }
        }
    }

    let created = top
        .creation_info
        .as_ref()
        .and_then(|c| c.get("created"))
        .and_then(|c| c.as_str())
        .and_then(normalize_created);
    let packages = top.packages.unwrap_or_default();
    let mut subject = None;
    'find: for id in &described {
        for p in &packages {
            if p.spdx_id.as_deref() == Some(id.as_str()) {
                if let Some(Text(name)) = &p.name {
                    subject = Some(name_at(name, p.version_info.as_ref().map(|v| v.0.as_str())));
                    break 'find;
                }
            }
        }
        for f in top.files.iter().flatten() {
            if f.spdx_id.as_deref() == Some(id.as_str()) {
                if let Some(name) = &f.file_name {
                    subject = Some(name.clone());
                    break 'find;
                }
            }
        }
    }

    let mut components = Vec::with_capacity(packages.len());
    for (i, Obj(p)) in packages.into_iter().enumerate() {
        let pointer = format!("/packages/{i}");
        let Some(Text(name)) = p.name else {
            return Err(err_at(doc, text, &pointer, "package without a name"));
        };
        let mut licenses = Vec::new();
        for l in [&p.license_concluded, &p.license_declared]
            .into_iter()
            .flatten()
        {
            push_license(&mut licenses, l);
        }
        let mut hashes = BTreeMap::new();
        for c in p.checksums.iter().flatten() {
            push_hash(&mut hashes, &c.algorithm, &c.value);
        }
        let mut ident = Ident::default();
        for Obj(r) in p.external_refs.into_iter().flatten() {
            let (Some(kind), Some(locator)) = (r.reference_type, r.locator) else {
                continue;
            };
            if kind.eq_ignore_ascii_case("purl") {
                match ident.purl {
                    None => ident.purl = Some(locator),
                    Some(_) => ident.other_purls.push(locator),
                }
            } else if kind.starts_with("cpe") {
                if let Some(eco) = purl::eco_of_cpe(&locator) {
                    ident.hints.insert(eco);
                }
            } else if let Some(p) = purl::purl_of_reference(&kind, &locator) {
                ident.other_purls.push(p);
            }
        }
        for url in [&p.download_location.0, &p.homepage.0]
            .into_iter()
            .flatten()
        {
            if let Some(eco) = purl::eco_of_url(url) {
                ident.hints.insert(eco);
            }
        }
        components.push(component(
            name,
            p.version_info.map(|v| v.0),
            ident,
            p.purpose.as_deref().map(spdx_purpose_type),
            licenses,
            hashes,
            pointer,
        ));
    }
    Ok(Sbom {
        duplicates: Vec::new(),
        source: doc.source("spdx"),
        format: "spdx".to_string(),
        spec_version,
        subject,
        created,
        components,
    })
}

// ---------------------------------------------------------------------------------------------
// SPDX 3.0 JSON-LD

#[derive(Deserialize)]
struct Spdx3Element {
    #[serde(rename = "type")]
    type_: Option<String>,
    #[serde(rename = "@type")]
    at_type: Option<String>,
    #[serde(rename = "spdxId")]
    spdx_id: Option<String>,
    #[serde(rename = "@id")]
    at_id: Option<String>,
    name: Option<Text>,
    #[serde(rename = "software_packageVersion")]
    package_version: Option<Text>,
    #[serde(rename = "software_packageUrl")]
    package_url: Option<String>,
    #[serde(rename = "software_primaryPurpose")]
    primary_purpose: Option<String>,
    #[serde(rename = "verifiedUsing")]
    verified_using: Option<Vec<Obj<Spdx3Integrity>>>,
    #[serde(rename = "externalIdentifier")]
    external_identifier: Option<Vec<Obj<Spdx3ExternalId>>>,
    #[serde(rename = "relationshipType")]
    relationship_type: Option<String>,
    from: Option<String>,
    to: Option<OneOrMany>,
    #[serde(rename = "rootElement")]
    root_element: Option<OneOrMany>,
    #[serde(rename = "specVersion")]
    spec_version: Option<String>,
    created: Option<Text>,
    #[serde(rename = "simplelicensing_licenseExpression")]
    license_expression: Option<String>,
    #[serde(rename = "software_downloadLocation", default)]
    download_location: LaxText,
    #[serde(rename = "software_homePage", default)]
    home_page: LaxText,
    #[serde(rename = "externalRef")]
    external_ref: Option<Lax<Vec<Spdx3ExternalRef>>>,
}

#[derive(Deserialize)]
struct Spdx3ExternalRef {
    #[serde(rename = "externalRefType")]
    kind: Option<String>,
    locator: Option<OneOrMany>,
}

impl Spdx3Element {
    fn kind(&self) -> &str {
        self.type_
            .as_deref()
            .or(self.at_type.as_deref())
            .unwrap_or("")
    }
    fn id(&self) -> Option<&str> {
        self.spdx_id.as_deref().or(self.at_id.as_deref())
    }
}

#[derive(Deserialize)]
struct Spdx3Integrity {
    #[serde(rename = "type")]
    type_: Option<String>,
    algorithm: Option<String>,
    #[serde(rename = "hashValue")]
    hash_value: Option<String>,
}

#[derive(Deserialize)]
struct Spdx3ExternalId {
    #[serde(rename = "externalIdentifierType")]
    kind: Option<String>,
    identifier: Option<String>,
}

const SPDX3_PACKAGES: [&str; 3] = ["software_Package", "ai_AIPackage", "dataset_DatasetPackage"];

/// The SPDX 3 version named by an `@context` (`https://spdx.org/rdf/3.0.1/spdx-context.jsonld`
/// → `3.0.1`), or `None` when the context is not SPDX 3.
fn spdx3_context_version(context: &serde_json::Value) -> Option<String> {
    let urls: Vec<&str> = match context {
        serde_json::Value::String(s) => vec![s.as_str()],
        serde_json::Value::Array(a) => a.iter().filter_map(|v| v.as_str()).collect(),
        _ => Vec::new(),
    };
    urls.iter().find_map(|u| {
        let rest = &u[u.find("spdx.org/rdf/3")? + "spdx.org/rdf/".len()..];
        Some(rest.split('/').next().unwrap_or("3.0").to_string())
    })
}

fn spdx3(doc: &Doc, text: &str, top: Top, context_version: String) -> Result<Sbom> {
    let graph = top.graph.unwrap_or_default();
    let by_id: HashMap<&str, usize> = graph
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((e.id()?, i)))
        .collect();

    let spec_version = graph
        .iter()
        .filter(|e| e.kind() == "CreationInfo")
        .find_map(|e| e.spec_version.clone())
        .unwrap_or_else(|| {
            if context_version.starts_with("3.") {
                context_version
            } else {
                "3.0".to_string()
            }
        });

    let created = graph
        .iter()
        .filter(|e| e.kind() == "CreationInfo")
        .find_map(|e| e.created.as_ref().and_then(|c| normalize_created(&c.0)));

    // License relationships: element id -> (concluded targets, declared targets).
    let mut license_rels: HashMap<&str, (Vec<&str>, Vec<&str>)> = HashMap::new();
    for e in &graph {
        let Some(kind) = e.relationship_type.as_deref() else {
            continue;
        };
        let (Some(from), Some(to)) = (e.from.as_deref(), e.to.as_ref()) else {
            continue;
        };
        let entry = license_rels.entry(from);
        match kind {
            "hasConcludedLicense" => entry.or_default().0.extend(to.0.iter().map(String::as_str)),
            "hasDeclaredLicense" => entry.or_default().1.extend(to.0.iter().map(String::as_str)),
            _ => {}
        }
    }
    let license_of = |target: &str| -> Option<String> {
        match by_id.get(target).map(|&i| &graph[i]) {
            Some(el) => match el.kind() {
                "simplelicensing_LicenseExpression" => el.license_expression.clone(),
                "expandedlicensing_NoAssertionLicense" | "expandedlicensing_NoneLicense" => None,
                "expandedlicensing_ListedLicense" => Some(last_segment(target).to_string()),
                "expandedlicensing_CustomLicense" => Some(match &el.name {
                    Some(Text(n)) => n.clone(),
                    None => license_ref(last_segment(target)),
                }),
                _ => None,
            },
            None => target
                .strip_prefix("https://spdx.org/licenses/")
                .map(str::to_string),
        }
    };

    let has_packages = graph.iter().any(|e| SPDX3_PACKAGES.contains(&e.kind()));
    let mut components = Vec::new();
    for (i, e) in graph.iter().enumerate() {
        let kind = e.kind();
        if !(SPDX3_PACKAGES.contains(&kind) || (!has_packages && kind == "software_File")) {
            continue;
        }
        let pointer = format!("/@graph/{i}");
        let name = match (&e.name, e.id()) {
            (Some(Text(n)), _) => n.clone(),
            (None, Some(id)) => id.to_string(),
            (None, None) => {
                return Err(err_at(
                    doc,
                    text,
                    &pointer,
                    format!("{kind} without a name or spdxId"),
                ))
            }
        };
        let component_type = match kind {
            "ai_AIPackage" => Some("machine-learning-model".to_string()),
            "dataset_DatasetPackage" => Some("data".to_string()),
            _ => match &e.primary_purpose {
                Some(p) => Some(spdx_purpose_type(p)),
                None if kind == "software_Package" => Some("library".to_string()),
                None => None,
            },
        };
        let mut hashes = BTreeMap::new();
        for h in e.verified_using.iter().flatten() {
            if h.type_.as_deref().is_none_or(|t| t == "Hash") {
                if let (Some(alg), Some(v)) = (&h.algorithm, &h.hash_value) {
                    push_hash(&mut hashes, alg, v);
                }
            }
        }
        let mut ident = Ident {
            purl: e.package_url.clone().filter(|p| !p.trim().is_empty()),
            ..Ident::default()
        };
        for x in e.external_identifier.iter().flatten() {
            let (Some(kind), Some(value)) = (x.kind.as_deref(), x.identifier.as_ref()) else {
                continue;
            };
            match kind {
                "packageUrl" if ident.purl.is_none() => ident.purl = Some(value.clone()),
                "packageUrl" => ident.other_purls.push(value.clone()),
                "cpe23" | "cpe22" => {
                    if let Some(eco) = purl::eco_of_cpe(value) {
                        ident.hints.insert(eco);
                    }
                }
                _ => {}
            }
        }
        for r in e.external_ref.iter().flat_map(|l| l.0.iter().flatten()) {
            let Some(kind) = r.kind.as_deref() else {
                continue;
            };
            for locator in r.locator.iter().flat_map(|l| l.0.iter()) {
                if let Some(p) = purl::purl_of_reference(kind, locator) {
                    ident.other_purls.push(p);
                }
            }
        }
        for url in [&e.download_location.0, &e.home_page.0]
            .into_iter()
            .flatten()
        {
            if let Some(eco) = purl::eco_of_url(url) {
                ident.hints.insert(eco);
            }
        }
        let mut licenses = Vec::new();
        if let Some((concluded, declared)) = e.id().and_then(|id| license_rels.get(id)) {
            for target in concluded.iter().chain(declared) {
                if let Some(l) = license_of(target) {
                    push_license(&mut licenses, &l);
                }
            }
        }
        components.push(component(
            name,
            e.package_version.as_ref().map(|v| v.0.clone()),
            ident,
            component_type,
            licenses,
            hashes,
            pointer,
        ));
    }

    // Subject: the SpdxDocument's root element, looking through Sbom/Bom elements.
    let mut subject = None;
    let mut queue: Vec<&str> = graph
        .iter()
        .filter(|e| e.kind() == "SpdxDocument")
        .flat_map(|e| {
            e.root_element
                .iter()
                .flat_map(|r| r.0.iter().map(String::as_str))
        })
        .collect();
    let mut seen = HashSet::new();
    let mut next = 0;
    while next < queue.len() && subject.is_none() {
        let id = queue[next];
        next += 1;
        if !seen.insert(id) {
            continue;
        }
        let Some(el) = by_id.get(id).map(|&i| &graph[i]) else {
            continue;
        };
        if let Some(roots) = &el.root_element {
            queue.extend(roots.0.iter().map(String::as_str));
        } else if let Some(Text(name)) = &el.name {
            subject = Some(name_at(
                name,
                el.package_version.as_ref().map(|v| v.0.as_str()),
            ));
        }
    }

    Ok(Sbom {
        duplicates: Vec::new(),
        source: doc.source("spdx"),
        format: "spdx".to_string(),
        spec_version,
        subject,
        created,
        components,
    })
}

fn last_segment(iri: &str) -> &str {
    iri.trim_end_matches('/')
        .rsplit(['/', '#'])
        .next()
        .unwrap_or(iri)
}

/// An SPDX `LicenseRef-` for a custom license that has no name.
fn license_ref(id: &str) -> String {
    let clean: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if clean.starts_with("LicenseRef-") {
        clean
    } else {
        format!("LicenseRef-{clean}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn load_str(name: &str, text: &str) -> Result<Sbom> {
        load(&Doc::new(name, name, text.as_bytes().to_vec()))
    }

    fn must(name: &str, text: &str) -> Sbom {
        match load_str(name, text) {
            Ok(s) => s,
            Err(e) => panic!("{name} should load: {e}"),
        }
    }

    fn fails(name: &str, text: &str) -> String {
        match load_str(name, text) {
            Ok(_) => panic!("{name} should not load"),
            Err(e) => e.to_string(),
        }
    }

    const CDX: &str = r#"{
  "bomFormat": "CycloneDX",
  "specVersion": "1.5",
  "version": 1,
  "metadata": {
    "component": { "type": "application", "name": "triage-service", "version": "2.1.0" }
  },
  "components": [
    {
      "type": "Library",
      "name": "requests",
      "version": "2.31.0",
      "purl": "pkg:pypi/requests@2.31.0",
      "licenses": [ { "license": { "id": "Apache-2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0" } } ],
      "hashes": [
        { "alg": "SHA-256", "content": "58CD2187C01E70E6E26505BCA751777AA9F2EE0B7F4300988B709F44E013003F" },
        { "alg": "SHA-1", "content": "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567" },
        { "alg": "SHA3-512", "content": "ab" },
        { "alg": "BLAKE2b-256", "content": "cd" },
        { "alg": "MD5", "content": "EF" }
      ],
      "components": [
        {
          "type": "library",
          "name": "urllib3",
          "version": 2,
          "licenses": [ { "expression": "MIT OR Apache-2.0" }, { "license": { "name": "Custom Terms" } }, { "license": { "id": "NOASSERTION" } } ]
        }
      ]
    },
    { "type": "machine-learning-model", "name": "ticket-classifier" }
  ]
}"#;

    #[test]
    fn cyclonedx_fields() {
        let s = must("bom.json", CDX);
        assert_eq!(s.format, "cyclonedx");
        assert_eq!(s.spec_version, "1.5");
        assert_eq!(s.source.format, "cyclonedx");
        assert_eq!(s.source.path, "bom.json");
        assert_eq!(s.subject.as_deref(), Some("triage-service@2.1.0"));
        assert_eq!(s.components.len(), 3);

        let c = &s.components[0];
        assert_eq!(c.name, "requests");
        assert_eq!(c.version.as_deref(), Some("2.31.0"));
        assert_eq!(c.purl.as_deref(), Some("pkg:pypi/requests@2.31.0"));
        assert_eq!(c.component_type.as_deref(), Some("library"));
        assert_eq!(c.licenses, vec!["Apache-2.0"]);
        assert_eq!(c.pointer, "/components/0");
        assert_eq!(
            c.hashes.get("sha256").map(String::as_str),
            Some("58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f")
        );
        assert_eq!(
            c.hashes.get("sha1").map(String::as_str),
            Some("0a1b2c3d4e5f60718293a4b5c6d7e8f901234567")
        );
        assert_eq!(c.hashes.get("sha3-512").map(String::as_str), Some("ab"));
        assert_eq!(c.hashes.get("blake2b-256").map(String::as_str), Some("cd"));
        assert_eq!(c.hashes.get("md5").map(String::as_str), Some("ef"));
        assert_eq!(c.hashes.len(), 5);

        let nested = &s.components[1];
        assert_eq!(nested.name, "urllib3");
        assert_eq!(nested.version.as_deref(), Some("2"));
        assert_eq!(nested.purl, None);
        assert_eq!(nested.pointer, "/components/0/components/0");
        assert_eq!(nested.licenses, vec!["MIT OR Apache-2.0", "Custom Terms"]);
        assert!(nested.hashes.is_empty());

        let model = &s.components[2];
        assert_eq!(
            model.component_type.as_deref(),
            Some("machine-learning-model")
        );
        assert_eq!(model.version, None);
        assert_eq!(model.pointer, "/components/1");
    }

    #[test]
    fn cyclonedx_metadata_component_children_and_no_components() {
        let s = must(
            "bom.json",
            r#"{"bomFormat":"CycloneDX","specVersion":"1.7","metadata":{"component":{"name":"app",
               "components":[{"name":"module-a","version":"1"}]}}}"#,
        );
        assert_eq!(s.subject.as_deref(), Some("app"));
        assert_eq!(s.components.len(), 1);
        assert_eq!(s.components[0].pointer, "/metadata/component/components/0");
        let empty = must(
            "bom.json",
            r#"{"bomFormat":"CycloneDX","specVersion":"1.2"}"#,
        );
        assert!(empty.components.is_empty());
        assert_eq!(empty.subject, None);
    }

    #[test]
    fn hash_algorithm_names() {
        for (given, want) in [
            ("SHA-256", "sha256"),
            ("SHA256", "sha256"),
            ("sha256", "sha256"),
            ("SHA-1", "sha1"),
            ("SHA1", "sha1"),
            ("SHA-512", "sha512"),
            ("MD5", "md5"),
            ("SHA3-256", "sha3-256"),
            ("sha3_384", "sha3-384"),
            ("BLAKE2b-512", "blake2b-512"),
            ("blake2b256", "blake2b-256"),
            ("BLAKE3", "blake3"),
            ("Streebog-256", "streebog-256"),
            ("ADLER32", "adler32"),
        ] {
            assert_eq!(normalize_hash_alg(given), want, "{given}");
        }
    }

    const SPDX2: &str = r#"{
  "spdxVersion": "SPDX-2.3",
  "dataLicense": "CC0-1.0",
  "SPDXID": "SPDXRef-DOCUMENT",
  "name": "inference-image",
  "documentNamespace": "https://example.com/spdx/inference-image-1",
  "creationInfo": { "created": "2025-01-01T00:00:00Z", "creators": ["Tool: example"] },
  "packages": [
    {
      "SPDXID": "SPDXRef-base",
      "name": "debian",
      "versionInfo": "12.5",
      "primaryPackagePurpose": "OPERATING-SYSTEM",
      "downloadLocation": "NOASSERTION",
      "licenseConcluded": "NOASSERTION",
      "licenseDeclared": "NOASSERTION"
    },
    {
      "SPDXID": "SPDXRef-app",
      "name": "inference-server",
      "versionInfo": "3.0.0",
      "primaryPackagePurpose": "APPLICATION",
      "downloadLocation": "NOASSERTION",
      "licenseConcluded": "Apache-2.0",
      "licenseDeclared": "Apache-2.0 AND MIT",
      "checksums": [
        { "algorithm": "SHA256", "checksumValue": "AA11BB22" },
        { "algorithm": "SHA3-256", "checksumValue": "cc33" }
      ],
      "externalRefs": [
        { "referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:example:inference-server:3.0.0:*:*:*:*:*:*:*" },
        { "referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:pypi/inference-server@3.0.0" }
      ]
    }
  ],
  "relationships": [
    { "spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-app" },
    { "spdxElementId": "SPDXRef-app", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-base" }
  ]
}"#;

    #[test]
    fn spdx2_fields() {
        let s = must("sbom.spdx.json", SPDX2);
        assert_eq!(s.format, "spdx");
        assert_eq!(s.source.format, "spdx");
        assert_eq!(s.spec_version, "2.3");
        assert_eq!(s.subject.as_deref(), Some("inference-server@3.0.0"));
        assert_eq!(s.components.len(), 2);

        let base = &s.components[0];
        assert_eq!(base.name, "debian");
        assert_eq!(base.version.as_deref(), Some("12.5"));
        assert_eq!(base.component_type.as_deref(), Some("operating-system"));
        assert!(base.licenses.is_empty(), "NOASSERTION is left out");
        assert_eq!(base.purl, None);
        assert_eq!(base.pointer, "/packages/0");

        let app = &s.components[1];
        assert_eq!(app.name, "inference-server");
        assert_eq!(app.component_type.as_deref(), Some("application"));
        assert_eq!(app.licenses, vec!["Apache-2.0", "Apache-2.0 AND MIT"]);
        assert_eq!(app.purl.as_deref(), Some("pkg:pypi/inference-server@3.0.0"));
        assert_eq!(
            app.hashes.get("sha256").map(String::as_str),
            Some("aa11bb22")
        );
        assert_eq!(app.hashes.get("sha3-256").map(String::as_str), Some("cc33"));
        assert_eq!(app.pointer, "/packages/1");
    }

    #[test]
    fn spdx22_and_document_describes() {
        let text = SPDX2.replace("SPDX-2.3", "SPDX-2.2").replace(
            r#""name": "inference-image","#,
            r#""name": "inference-image", "documentDescribes": ["SPDXRef-base"],"#,
        );
        let s = must("sbom.spdx.json", &text);
        assert_eq!(s.spec_version, "2.2");
        assert_eq!(s.subject.as_deref(), Some("debian@12.5"));
    }

    const SPDX3: &str = r#"{
  "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
  "@graph": [
    { "type": "CreationInfo", "@id": "_:ci", "specVersion": "3.0.1", "created": "2025-01-01T00:00:00Z", "createdBy": ["https://example.com/p"] },
    { "type": "SpdxDocument", "spdxId": "https://example.com/doc", "creationInfo": "_:ci", "rootElement": ["https://example.com/bom"] },
    { "type": "software_Sbom", "spdxId": "https://example.com/bom", "creationInfo": "_:ci", "rootElement": ["https://example.com/model"] },
    {
      "type": "ai_AIPackage", "spdxId": "https://example.com/model", "creationInfo": "_:ci",
      "name": "sentiment-model", "software_packageVersion": "1.2.0", "software_primaryPurpose": "application",
      "software_packageUrl": "pkg:huggingface/example/sentiment-model@1.2.0",
      "verifiedUsing": [ { "type": "Hash", "algorithm": "sha256", "hashValue": "ABCDEF01" }, { "type": "Hash", "algorithm": "blake2b512", "hashValue": "99" } ]
    },
    {
      "type": "dataset_DatasetPackage", "spdxId": "https://example.com/data", "creationInfo": "_:ci",
      "name": "reviews", "software_packageVersion": "2024-06", "software_primaryPurpose": "data"
    },
    {
      "type": "software_Package", "spdxId": "https://example.com/numpy", "creationInfo": "_:ci", "name": "numpy",
      "software_packageVersion": "1.26.4", "software_primaryPurpose": "library",
      "externalIdentifier": [ { "type": "ExternalIdentifier", "externalIdentifierType": "packageUrl", "identifier": "pkg:pypi/numpy@1.26.4" } ]
    },
    { "type": "software_Package", "spdxId": "https://example.com/os", "creationInfo": "_:ci", "name": "alpine", "software_primaryPurpose": "operatingSystem" },
    { "type": "software_Package", "spdxId": "https://example.com/plain", "creationInfo": "_:ci", "name": "plain" },
    { "type": "software_File", "spdxId": "https://example.com/file", "creationInfo": "_:ci", "name": "model.bin" },
    { "type": "simplelicensing_LicenseExpression", "spdxId": "https://example.com/lic/apache-or-mit", "creationInfo": "_:ci", "simplelicensing_licenseExpression": "Apache-2.0 OR MIT" },
    { "type": "expandedlicensing_CustomLicense", "spdxId": "https://example.com/lic/custom-7", "creationInfo": "_:ci", "simplelicensing_licenseText": "Research only." },
    { "type": "Relationship", "spdxId": "https://example.com/r1", "creationInfo": "_:ci", "relationshipType": "hasDeclaredLicense", "from": "https://example.com/model", "to": ["https://spdx.org/licenses/CC-BY-4.0"] },
    { "type": "Relationship", "spdxId": "https://example.com/r2", "creationInfo": "_:ci", "relationshipType": "hasConcludedLicense", "from": "https://example.com/model", "to": ["https://example.com/lic/apache-or-mit"] },
    { "type": "Relationship", "spdxId": "https://example.com/r3", "creationInfo": "_:ci", "relationshipType": "hasConcludedLicense", "from": "https://example.com/data", "to": ["https://example.com/lic/custom-7"] },
    { "type": "Relationship", "spdxId": "https://example.com/r4", "creationInfo": "_:ci", "relationshipType": "hasConcludedLicense", "from": "https://example.com/numpy", "to": ["https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense"] },
    { "type": "Relationship", "spdxId": "https://example.com/r5", "creationInfo": "_:ci", "relationshipType": "contains", "from": "https://example.com/model", "to": ["https://example.com/file"] }
  ]
}"#;

    #[test]
    fn spdx3_fields() {
        let s = must("sbom.spdx3.json", SPDX3);
        assert_eq!(s.format, "spdx");
        assert_eq!(s.spec_version, "3.0.1");
        assert_eq!(s.subject.as_deref(), Some("sentiment-model@1.2.0"));
        let names: Vec<&str> = s.components.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["sentiment-model", "reviews", "numpy", "alpine", "plain"],
            "files are left out when there are packages"
        );

        let m = &s.components[0];
        assert_eq!(m.version.as_deref(), Some("1.2.0"));
        assert_eq!(m.component_type.as_deref(), Some("machine-learning-model"));
        assert_eq!(
            m.purl.as_deref(),
            Some("pkg:huggingface/example/sentiment-model@1.2.0")
        );
        assert_eq!(m.hashes.get("sha256").map(String::as_str), Some("abcdef01"));
        assert_eq!(m.hashes.get("blake2b-512").map(String::as_str), Some("99"));
        assert_eq!(
            m.licenses,
            vec!["Apache-2.0 OR MIT", "CC-BY-4.0"],
            "concluded first, then declared"
        );
        assert_eq!(m.pointer, "/@graph/3");

        let d = &s.components[1];
        assert_eq!(d.component_type.as_deref(), Some("data"));
        assert_eq!(d.version.as_deref(), Some("2024-06"));
        assert_eq!(d.licenses, vec!["LicenseRef-custom-7"]);
        assert_eq!(d.pointer, "/@graph/4");

        let n = &s.components[2];
        assert_eq!(n.component_type.as_deref(), Some("library"));
        assert_eq!(n.purl.as_deref(), Some("pkg:pypi/numpy@1.26.4"));
        assert!(n.licenses.is_empty(), "NoAssertionLicense is left out");

        assert_eq!(
            s.components[3].component_type.as_deref(),
            Some("operating-system")
        );
        assert_eq!(s.components[4].component_type.as_deref(), Some("library"));
        assert_eq!(s.components[4].version, None);
    }

    #[test]
    fn spdx3_files_when_no_packages() {
        let s = must(
            "f.json",
            r#"{"@context":["https://spdx.org/rdf/3.0.1/spdx-context.jsonld"],"@graph":[
                {"type":"software_File","spdxId":"urn:f1","name":"weights.safetensors","software_primaryPurpose":"model",
                 "verifiedUsing":[{"type":"Hash","algorithm":"sha3_256","hashValue":"00FF"}]}]}"#,
        );
        assert_eq!(
            s.spec_version, "3.0.1",
            "from the @context URL when there is no CreationInfo"
        );
        assert_eq!(s.components.len(), 1);
        let f = &s.components[0];
        assert_eq!(f.name, "weights.safetensors");
        assert_eq!(f.component_type.as_deref(), Some("machine-learning-model"));
        assert_eq!(f.hashes.get("sha3-256").map(String::as_str), Some("00ff"));
        assert_eq!(f.pointer, "/@graph/0");
    }

    #[test]
    fn truncated_json_names_line_and_column() {
        let text = &CDX[..CDX.find("\"urllib3\"").unwrap_or(0)];
        let e = fails("bom.json", text);
        assert!(
            e.starts_with("bom.json: line 25, column 18, at /components/0/components/0/name: "),
            "{e}"
        );
        assert!(e.contains("invalid JSON: EOF while parsing"), "{e}");
    }

    #[test]
    fn wrong_types_name_the_pointer() {
        let e = fails(
            "bom.json",
            r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":{"name":"x"}}"#,
        );
        assert!(e.contains("at /components") && e.contains("line 1"), "{e}");

        let e = fails("bom.json", "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.4\",\n\"components\":[{\"name\":\"a\"},\n 7]}");
        assert!(
            e.contains("line 3")
                && e.contains("at /components/1")
                && e.contains("invalid type: integer `7`, expected a JSON object"),
            "{e}"
        );

        let e = fails(
            "bom.json",
            r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{"name":"a","hashes":[{"alg":"SHA-1"}]}]}"#,
        );
        assert!(
            e.contains("at /components/0/hashes/0") && e.contains("content"),
            "{e}"
        );

        let e = fails(
            "bom.json",
            r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[["requests","2.31.0"]]}"#,
        );
        assert!(
            e.contains("at /components/0")
                && e.contains("invalid type: sequence, expected a JSON object"),
            "{e}"
        );

        let e = fails(
            "bom.json",
            r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{"name":"a","licenses":[{"license":["MIT"]}]}]}"#,
        );
        assert!(e.contains("at /components/0/licenses/0/license"), "{e}");

        let e = fails(
            "s.json",
            r#"{"spdxVersion":"SPDX-2.3","packages":[{"name":"a","checksums":"SHA1: x"}]}"#,
        );
        assert!(e.contains("at /packages/0/checksums"), "{e}");

        let e = fails(
            "s.json",
            r#"{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[{"type":"software_Package","name":["a"]}]}"#,
        );
        assert!(e.contains("at /@graph/0/name"), "{e}");
    }

    #[test]
    fn missing_required_fields_name_pointer_and_line() {
        let text = "{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n  \"components\": [\n    { \"name\": \"a\", \"components\": [\n      { \"version\": \"1.0\" }\n    ] }\n  ]\n}";
        let e = fails("bom.json", text);
        assert_eq!(
            e,
            "bom.json: line 6, at /components/0/components/0: component without a name"
        );

        let e = fails("bom.json", r#"{"bomFormat":"CycloneDX","components":[]}"#);
        assert!(
            e.contains("at /specVersion") && e.contains("without specVersion"),
            "{e}"
        );

        let e = fails(
            "s.json",
            "{\"spdxVersion\": \"SPDX-2.3\",\n\"packages\": [\n{\"SPDXID\": \"SPDXRef-a\"}]}",
        );
        assert_eq!(e, "s.json: line 3, at /packages/0: package without a name");

        let e = fails(
            "s.json",
            r#"{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}"#,
        );
        assert!(e.contains("without an @graph"), "{e}");
    }

    #[test]
    fn unsupported_documents_say_what_was_expected() {
        let e = fails(
            "bom.xml",
            "<?xml version=\"1.0\"?><bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"/>",
        );
        assert!(
            e.starts_with("bom.xml: line 1, column 1: ")
                && e.contains("XML")
                && e.contains("expected CycloneDX JSON"),
            "{e}"
        );

        let e = fails("s.spdx", "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n");
        assert!(
            e.contains("tag-value") && e.contains("SPDX 2.2/2.3 JSON"),
            "{e}"
        );

        let e = fails("card.json", r#"{"name": "not an sbom"}"#);
        assert!(
            e.starts_with("card.json: not a recognized SBOM; expected CycloneDX JSON"),
            "{e}"
        );

        let e = fails("x.json", r#"{"bomFormat": "SPDX", "specVersion": "1.4"}"#);
        assert!(e.contains("at /bomFormat"), "{e}");

        let e = fails(
            "x.json",
            r#"{"bomFormat": "CycloneDX", "specVersion": "2.0"}"#,
        );
        assert!(
            e.contains("unsupported CycloneDX specVersion \"2.0\""),
            "{e}"
        );

        let e = fails("x.json", r#"{"spdxVersion": "SPDX-3.0"}"#);
        assert!(e.contains("unsupported spdxVersion"), "{e}");

        let e = fails("x.json", "[1, 2]");
        assert!(e.contains("not a JSON object"), "{e}");
    }

    #[test]
    fn two_thousand_components_load_quickly() {
        let mut text =
            String::from(r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":["#);
        for i in 0..2000 {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&format!(
                r#"{{"type":"library","bom-ref":"pkg:npm/p{i}@1.0.{i}","name":"p{i}","version":"1.0.{i}","purl":"pkg:npm/p{i}@1.0.{i}",
                "licenses":[{{"license":{{"id":"MIT"}}}}],"hashes":[{{"alg":"SHA-256","content":"{:064x}"}},{{"alg":"SHA-1","content":"{:040x}"}}],
                "externalReferences":[{{"type":"website","url":"https://example.com/p{i}"}}]}}"#,
                i, i
            ));
        }
        text.push_str("]}");
        let started = std::time::Instant::now();
        let s = must("big.json", &text);
        let took = started.elapsed();
        eprintln!(
            "2000 components ({} bytes) in {took:?} (debug build)",
            text.len()
        );
        assert_eq!(s.components.len(), 2000);
        assert_eq!(s.components[1999].pointer, "/components/1999");
        assert!(took.as_secs_f64() < 2.0, "{took:?}");
    }

    // ----- license expressions -----

    fn alts(licenses: &[&str]) -> (Vec<Vec<String>>, Vec<LicenseError>) {
        let owned: Vec<String> = licenses.iter().map(|l| l.to_string()).collect();
        license_alternatives(&owned)
    }

    /// The alternatives of one expression that must parse.
    fn dnf(expression: &str) -> Vec<Vec<String>> {
        let (a, e) = alts(&[expression]);
        assert!(e.is_empty(), "{expression}: {e:?}");
        a
    }

    fn dnf_of(want: &[&[&str]]) -> Vec<Vec<String>> {
        want.iter()
            .map(|alt| alt.iter().map(|t| t.to_string()).collect())
            .collect()
    }

    #[test]
    fn license_and_or_become_alternatives() {
        assert_eq!(dnf("MIT"), dnf_of(&[&["MIT"]]));
        assert_eq!(
            dnf("MIT OR Apache-2.0"),
            dnf_of(&[&["Apache-2.0"], &["MIT"]])
        );
        assert_eq!(dnf("MIT AND Apache-2.0"), dnf_of(&[&["Apache-2.0", "MIT"]]));
        assert_eq!(
            dnf("MIT OR (Apache-2.0 AND BSD-3-Clause)"),
            dnf_of(&[&["MIT"], &["Apache-2.0", "BSD-3-Clause"]]),
            "fewer terms first"
        );
        assert_eq!(
            dnf("(MIT OR Apache-2.0) AND (ISC OR BSD-3-Clause)"),
            dnf_of(&[
                &["Apache-2.0", "BSD-3-Clause"],
                &["Apache-2.0", "ISC"],
                &["BSD-3-Clause", "MIT"],
                &["ISC", "MIT"],
            ])
        );
        // AND binds tighter than OR.
        assert_eq!(
            dnf("MIT OR Apache-2.0 AND ISC"),
            dnf_of(&[&["MIT"], &["Apache-2.0", "ISC"]])
        );
        assert_eq!(
            dnf("MIT OR (MIT AND Apache-2.0)"),
            dnf_of(&[&["MIT"]]),
            "an alternative containing another adds nothing"
        );
        assert_eq!(
            dnf("MIT AND MIT OR MIT"),
            dnf_of(&[&["MIT"]]),
            "duplicates collapse"
        );
        assert_eq!(
            dnf("MIT/Apache-2.0"),
            dnf_of(&[&["Apache-2.0"], &["MIT"]]),
            "`/` is OR in LAX mode"
        );
        assert_eq!(
            dnf("MIT OR NOASSERTION"),
            dnf_of(&[&["MIT"], &["NOASSERTION"]]),
            "inside an expression NOASSERTION is a term of its own"
        );
    }

    #[test]
    fn license_or_later_and_exceptions_are_normalized() {
        for (given, want) in [
            ("GPL-2.0+", "GPL-2.0-or-later"),
            ("GPL-2.0-or-later", "GPL-2.0-or-later"),
            ("GPL-2.0", "GPL-2.0-only"),
            ("GPL-2.0-only", "GPL-2.0-only"),
            ("LGPL-2.1+", "LGPL-2.1-or-later"),
            ("AGPL-3.0", "AGPL-3.0-only"),
            ("GPLv3+", "GPL-3.0-or-later"),
            ("GPL-2.0-only+", "GPL-2.0-or-later"),
            ("MPL-1.1+", "MPL-1.1+"),
            (
                "Apache-2.0 WITH LLVM-exception",
                "Apache-2.0 WITH LLVM-exception",
            ),
            (
                "GPL-2.0-or-later WITH Classpath-exception-2.0",
                "GPL-2.0-or-later WITH Classpath-exception-2.0",
            ),
            (
                "GPL-2.0+ WITH Classpath-exception-2.0",
                "GPL-2.0-or-later WITH Classpath-exception-2.0",
            ),
            (
                "GPL-2.0-with-classpath-exception",
                "GPL-2.0-only WITH Classpath-exception-2.0",
            ),
            (
                "GPL-3.0-with-GCC-exception",
                "GPL-3.0-only WITH GCC-exception-3.1",
            ),
            ("LicenseRef-custom-7", "LicenseRef-custom-7"),
            (
                "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
                "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
            ),
        ] {
            assert_eq!(dnf(given), dnf_of(&[&[want]]), "{given}");
        }
        assert_eq!(
            dnf("(CDDL-1.0 OR GPL-2.0-with-classpath-exception)"),
            dnf_of(&[
                &["CDDL-1.0"],
                &["GPL-2.0-only WITH Classpath-exception-2.0"]
            ])
        );
        // Every exception named by the table exists in the SPDX list.
        for (old, license, exception) in GNU_WITH_EXCEPTION {
            assert!(spdx::license_id(old).is_some(), "{old}");
            assert!(spdx::license_id(license).is_some(), "{license}");
            assert!(spdx::exception_id(exception).is_some(), "{exception}");
        }
    }

    #[test]
    fn license_real_world_spellings_are_understood() {
        for (given, want) in [
            ("Apache 2.0", "Apache-2.0"),
            ("apache-2.0", "Apache-2.0"),
            ("bsd-3-clause", "BSD-3-Clause"),
            ("mit", "MIT"),
            ("gpl-2.0+", "GPL-2.0-or-later"),
            (
                "licenseref-scancode-proprietary",
                "LicenseRef-scancode-proprietary",
            ),
        ] {
            assert_eq!(dnf(given), dnf_of(&[&[want]]), "{given}");
        }
        assert_eq!(
            dnf("apache-2.0 Or mit"),
            dnf_of(&[&["Apache-2.0"], &["MIT"]])
        );
        assert_eq!(
            dnf("Apache-2.0 with llvm-exception"),
            dnf_of(&[&["Apache-2.0 WITH LLVM-exception"]])
        );
    }

    #[test]
    fn license_errors_name_the_expression_and_reason() {
        for (given, reason) in [
            ("Bouncy Castle Licence", "unknown term at `Bouncy`"),
            ("MIT OR", "expected one of"),
            ("(MIT OR Apache-2.0", "unclosed parens"),
            ("MIT)", "unopened parens"),
            ("GPL-2.0-or-later+", "`-only` or `-or-later`"),
            ("MIT WITH", "expected a `<addition>` here"),
            ("MIT OR Nope-1.0", "unknown term at `Nope-1.0`"),
        ] {
            let (a, e) = alts(&[given]);
            assert!(a.is_empty(), "{given}: {a:?}");
            assert_eq!(e.len(), 1, "{given}: {e:?}");
            assert_eq!(e[0].expression, given);
            assert!(e[0].reason.contains(reason), "{given}: {}", e[0].reason);
            assert!(!e[0].reason.contains('\n'), "one line: {}", e[0].reason);
        }
    }

    #[test]
    fn license_entries_all_apply() {
        let (a, e) = alts(&["MIT", "Apache-2.0 OR BSD-3-Clause"]);
        assert!(e.is_empty());
        assert_eq!(
            a,
            dnf_of(&[&["Apache-2.0", "MIT"], &["BSD-3-Clause", "MIT"]])
        );
        // SPDX concluded and declared licenses that say the same thing.
        let (a, _) = alts(&["MIT", "MIT OR GPL-2.0-only"]);
        assert_eq!(a, dnf_of(&[&["MIT"]]));
        // An entry that does not parse is reported and left out of the alternatives.
        let (a, e) = alts(&["MIT", "Custom Terms"]);
        assert_eq!(a, dnf_of(&[&["MIT"]]));
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].expression, "Custom Terms");
        let (a, e) = alts(&[]);
        assert!(a.is_empty() && e.is_empty());
    }

    const PAIRS: [(&str, &str); 7] = [
        ("MIT", "ISC"),
        ("0BSD", "Zlib"),
        ("BSD-2-Clause", "BSD-3-Clause"),
        ("Apache-2.0", "MPL-2.0"),
        ("Unlicense", "CC0-1.0"),
        ("BSL-1.0", "PSF-2.0"),
        ("Python-2.0", "X11"),
    ];

    #[test]
    fn license_alternatives_are_bounded() {
        // 2^7 = 128 alternatives of 7 terms each.
        let expr: Vec<String> = PAIRS.iter().map(|(a, b)| format!("({a} OR {b})")).collect();
        let expr = expr.join(" AND ");
        let (a, e) = alts(&[&expr]);
        assert_eq!(a.len(), MAX_LICENSE_ALTERNATIVES);
        assert!(a.iter().all(|alt| alt.len() == 7));
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].expression, expr);
        assert!(
            e[0].reason.starts_with("more than 64 alternatives"),
            "{e:?}"
        );
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(a, sorted, "same-size alternatives are alphabetical");

        // The same bound when the entries only exceed it together.
        let entries: Vec<String> = PAIRS.iter().map(|(a, b)| format!("{a} OR {b}")).collect();
        let (a, e) = license_alternatives(&entries);
        assert_eq!(a.len(), MAX_LICENSE_ALTERNATIVES);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0]
            .expression
            .starts_with("(MIT OR ISC) AND (0BSD OR Zlib) AND "));

        // A long OR: the fewest terms first, then alphabetical.
        let ids: Vec<&str> = spdx::identifiers::LICENSES
            .iter()
            .filter(|l| !l.name.contains('+') && l.flags & spdx::flags::IS_DEPRECATED == 0)
            .map(|l| l.name)
            .take(100)
            .collect();
        let (a, e) = alts(&[&ids.join(" OR ")]);
        assert_eq!(a.len(), MAX_LICENSE_ALTERNATIVES);
        assert_eq!(e.len(), 1);
        assert!(a.iter().all(|alt| alt.len() == 1));

        // Below the bound nothing is reported.
        let (a, e) = alts(&[&expr.replace(" AND (Python-2.0 OR X11)", "")]);
        assert_eq!(a.len(), 64);
        assert!(e.is_empty(), "{e:?}");
    }

    #[test]
    fn components_carry_their_evaluated_licenses() {
        let s = must("bom.json", CDX);
        assert_eq!(
            s.components[0].license_alternatives,
            dnf_of(&[&["Apache-2.0"]])
        );
        let nested = &s.components[1];
        assert_eq!(
            nested.license_alternatives,
            dnf_of(&[&["Apache-2.0"], &["MIT"]]),
            "the named license does not parse and is left out"
        );
        assert_eq!(nested.license_errors.len(), 1);
        assert_eq!(nested.license_errors[0].expression, "Custom Terms");
        assert!(s.components[2].license_alternatives.is_empty());
        assert!(s.components[2].license_errors.is_empty());

        let s = must("sbom.spdx.json", SPDX2);
        assert_eq!(
            s.components[1].license_alternatives,
            dnf_of(&[&["Apache-2.0", "MIT"]]),
            "concluded AND declared"
        );
    }

    #[test]
    fn creation_time_in_utc() {
        let cdx = |ts: &str| {
            must(
                "bom.json",
                &format!(r#"{{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{{"timestamp":{ts}}}}}"#),
            )
            .created
        };
        assert_eq!(
            cdx(r#""2026-11-02T09:55:12+01:00""#).as_deref(),
            Some("2026-11-02T08:55:12Z")
        );
        assert_eq!(
            cdx(r#""2026-11-02T08:55:12.250Z""#).as_deref(),
            Some("2026-11-02T08:55:12.250Z")
        );
        assert_eq!(cdx(r#""yesterday""#), None, "not RFC 3339: left out");
        assert_eq!(cdx("20261102"), None);
        assert_eq!(must("bom.json", CDX).created, None);
        assert_eq!(
            must("sbom.spdx.json", SPDX2).created.as_deref(),
            Some("2025-01-01T00:00:00Z")
        );
        assert_eq!(
            must("sbom.spdx3.json", SPDX3).created.as_deref(),
            Some("2025-01-01T00:00:00Z")
        );
    }

    // ----- the real third-party files in ../shared/data -----

    const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data");

    fn read(rel: &str) -> Sbom {
        let path = Path::new(DATA).join(rel);
        let doc = match Doc::read(&path, rel) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        match load(&doc) {
            Ok(s) => s,
            Err(e) => panic!("{rel} should load: {e}"),
        }
    }

    fn component<'a>(s: &'a Sbom, pointer: &str) -> &'a Component {
        match s.components.iter().find(|c| c.pointer == pointer) {
            Some(c) => c,
            None => panic!("no component at {pointer}"),
        }
    }

    /// The SBOMs of ../shared/data (format folder, path relative to it); none without it.
    fn real_sboms() -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for dir in ["cyclonedx", "spdx"] {
            for entry in walkdir::WalkDir::new(Path::new(DATA).join(dir)).sort_by_file_name() {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => panic!("{e}"),
                };
                if entry.path().extension().and_then(|e| e.to_str()) != Some("json") {
                    continue;
                }
                let rel = entry
                    .path()
                    .strip_prefix(DATA)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .to_string();
                out.push((dir, rel));
            }
        }
        out
    }

    #[test]
    fn real_files_all_load() {
        if !Path::new(DATA).is_dir() {
            eprintln!("skipping: ../shared/data not found");
            return;
        }
        let mut n = 0;
        for (dir, rel) in real_sboms() {
            let started = std::time::Instant::now();
            let s = read(&rel);
            eprintln!(
                "{rel}: {} {} {} components in {:?}",
                s.format,
                s.spec_version,
                s.components.len(),
                started.elapsed()
            );
            assert_eq!(s.format, dir);
            assert!(!s.components.is_empty(), "{rel} has no components");
            assert!(s.subject.is_some(), "{rel} has no subject");
            for c in &s.components {
                assert!(!c.name.is_empty(), "{rel} {}", c.pointer);
                assert!(
                    c.license_alternatives.len() <= MAX_LICENSE_ALTERNATIVES,
                    "{rel} {}",
                    c.pointer
                );
                for alt in &c.license_alternatives {
                    assert!(
                        !alt.is_empty() && alt.iter().all(|t| !t.is_empty()),
                        "{rel} {}",
                        c.pointer
                    );
                }
                assert_eq!(
                    c.license_alternatives.is_empty() && c.license_errors.is_empty(),
                    c.licenses.is_empty(),
                    "{rel} {}: every license is evaluated or reported",
                    c.pointer
                );
                for (alg, v) in &c.hashes {
                    assert!(
                        v.bytes()
                            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
                        "{rel} {} {alg}",
                        c.pointer
                    );
                }
            }
            n += 1;
        }
        assert_eq!(n, 17, "files found under ../shared/data");
    }

    #[test]
    fn real_cyclonedx_samples() {
        if !Path::new(DATA).is_dir() {
            eprintln!("skipping: ../shared/data not found");
            return;
        }
        let k = read("cyclonedx/SBOM/keycloak-10.0.2/bom.json");
        assert_eq!(k.spec_version, "1.2");
        assert_eq!(k.subject.as_deref(), Some("keycloak-parent@10.0.2"));
        assert_eq!(k.components.len(), 903);
        let c = component(&k, "/components/0");
        assert_eq!(c.name, "bcprov-jdk15on");
        assert_eq!(c.version.as_deref(), Some("1.62"));
        assert_eq!(
            c.purl.as_deref(),
            Some("pkg:maven/org.bouncycastle/bcprov-jdk15on@1.62?type=jar")
        );
        assert_eq!(c.component_type.as_deref(), Some("library"));
        assert_eq!(c.licenses, vec!["Bouncy Castle Licence"]);
        assert!(c.license_alternatives.is_empty());
        assert_eq!(
            c.license_errors,
            vec![LicenseError {
                expression: "Bouncy Castle Licence".to_string(),
                reason: "unknown term at `Bouncy`".to_string()
            }]
        );
        assert_eq!(k.created.as_deref(), Some("2020-08-02T21:21:17Z"));
        let algs: Vec<&str> = c.hashes.keys().map(String::as_str).collect();
        assert_eq!(
            algs,
            vec!["md5", "sha1", "sha256", "sha3-256", "sha3-384", "sha3-512", "sha384", "sha512"]
        );
        assert_eq!(
            c.hashes.get("sha256").map(String::as_str),
            Some("2fa0ab71b154da29ac134097bc6bbacd90987dd4c4005516159e6494d1d52ea2")
        );
        assert_eq!(
            c.hashes.get("sha1").map(String::as_str),
            Some("633b6739ef8f07f2e71f8eebd1c6f25b17a4ec7d")
        );

        let d = read("cyclonedx/SBOM/dropwizard-1.3.15/bom.json");
        assert_eq!(d.subject.as_deref(), Some("dropwizard-parent@1.3.15"));
        let g = component(&d, "/components/1");
        assert_eq!(g.name, "guava");
        assert_eq!(g.version.as_deref(), Some("24.1.1-jre"));
        assert_eq!(g.licenses, vec!["Apache-2.0"]);
        assert_eq!(
            g.hashes.get("sha256").map(String::as_str),
            Some("490c16878c7a2c22e136728ad473c4190b21b82b46e261ba84ad2e4a5c28fbcf")
        );
        let o = component(&d, "/components/47");
        assert_eq!(o.name, "osgi-resource-locator");
        assert_eq!(
            o.licenses,
            vec!["(CDDL-1.0 OR GPL-2.0-with-classpath-exception)"]
        );
        assert_eq!(
            o.license_alternatives,
            vec![
                vec!["CDDL-1.0"],
                vec!["GPL-2.0-only WITH Classpath-exception-2.0"]
            ]
        );
        let q = component(&d, "/components/2");
        assert_eq!(q.name, "checker-compat-qual");
        assert_eq!(
            q.licenses,
            vec![
                "GNU General Public License, version 2 (GPL2), with the classpath exception",
                "MIT"
            ]
        );
        assert_eq!(
            q.license_alternatives,
            vec![vec![
                "GPL-2.0-only WITH Classpath-exception-2.0",
                "GPL-2.0-or-later WITH Classpath-exception-2.0",
                "MIT"
            ]],
            "the license name is read; \"version 2\" says neither only nor or later"
        );
        assert!(q.license_errors.is_empty());

        let j = read("cyclonedx/SBOM/juice-shop/via_npm/bare/bom.1.4.json");
        assert_eq!(j.spec_version, "1.4");
        let n = component(&j, "/components/7/components/0");
        assert_eq!(n.name, "ansi-regex");
        assert_eq!(n.version.as_deref(), Some("5.0.1"));
        assert_eq!(n.purl.as_deref(), Some("pkg:npm/ansi-regex@5.0.1"));
        assert_eq!(n.licenses, vec!["MIT"]);
        assert!(n
            .hashes
            .get("sha512")
            .is_some_and(|h| h.starts_with("aae2505e54d25062")));

        let m = read("cyclonedx/MLBOM/Model-Card-With-Dataset/bom.json");
        assert_eq!(m.spec_version, "1.7");
        assert_eq!(m.subject.as_deref(), Some("support-triage-service@1.0.0"));
        let types: Vec<(&str, Option<&str>)> = m
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.component_type.as_deref()))
            .collect();
        assert_eq!(
            types,
            vec![
                ("support-ticket-classifier", Some("machine-learning-model")),
                ("support-ticket-training-data", Some("data")),
                ("support-ticket-evaluation-data", Some("data")),
            ]
        );
    }

    #[test]
    fn real_spdx_samples() {
        if !Path::new(DATA).is_dir() {
            eprintln!("skipping: ../shared/data not found");
            return;
        }
        let s = read("spdx/software_example11_spdx2.3_sbom.spdx.json");
        assert_eq!(s.spec_version, "2.3");
        assert_eq!(s.subject.as_deref(), Some("hello-server-src@0.1.0"));
        let h = component(&s, "/packages/1");
        assert_eq!(h.name, "hyper");
        assert_eq!(h.version.as_deref(), Some("0.14"));
        assert_eq!(h.purl.as_deref(), Some("pkg:cargo/hyper@0.14"));
        assert_eq!(h.licenses, vec!["MIT"], "licenseDeclared is NOASSERTION");
        assert_eq!(
            h.hashes.get("sha256").map(String::as_str),
            Some("02c929dc5c39e335a03c405292728118860721b10190d98c2a0f0efd5baafbac")
        );
        assert_eq!(h.component_type, None);

        let a = read("spdx/presentations_SBOMS-SPDX-Now-and-Future_ACME-v2.3.spdx.json");
        assert_eq!(a.subject.as_deref(), Some("Acme Applcation@2.3"));
        assert_eq!(
            component(&a, "/packages/0").component_type.as_deref(),
            Some("application")
        );
        let w = read("spdx/presentations_OSS-NA-2023_SPDXVersion2.3_04-SBOMwSecurity.json");
        assert_eq!(
            w.subject.as_deref(),
            Some("tools-java@1.5.1"),
            "from the DESCRIBES relationship"
        );

        let d = read("spdx/dataset_example01_spdx3.0_example01.spdx3.json");
        assert_eq!(d.spec_version, "3.0.1");
        assert_eq!(
            d.subject.as_deref(),
            Some("Our World in Data CO2 and Greenhouse Gas Emissions dataset@2024-04-15")
        );
        assert_eq!(d.components.len(), 1);
        let ds = component(&d, "/@graph/5");
        assert_eq!(
            ds.name,
            "Our World in Data CO2 and Greenhouse Gas Emissions dataset"
        );
        assert_eq!(ds.version.as_deref(), Some("2024-04-15"));
        assert_eq!(ds.component_type.as_deref(), Some("data"));
        assert_eq!(ds.licenses, vec!["CC-BY-4.0"]);
        assert_eq!(
            ds.hashes.get("sha1").map(String::as_str),
            Some("32657f0d033fc07a7420be36a6af9083c6a63489")
        );
        assert_eq!(
            ds.hashes.get("sha256").map(String::as_str),
            Some("434d75c84cf86456c16193dbc53beef31eb63f3387425882ddb2ef6acb9d472c")
        );

        let ai = read("spdx/ai_example02_spdx3.0_sbom.spdx3.json");
        assert_eq!(
            ai.subject.as_deref(),
            Some("Sentiment Demo: A Simple AI Application and its AI BOM Example")
        );
        let m = component(&ai, "/@graph/20");
        assert_eq!(m.component_type.as_deref(), Some("machine-learning-model"));
        assert_eq!(m.licenses, vec!["CC0-1.0"]);

        let htr = read("spdx/ai_example01_spdx3.0_simplehtr-example.json");
        assert_eq!(htr.subject.as_deref(), Some("SimpleHTR"));
        let e = component(&htr, "/@graph/49");
        assert_eq!(e.name, "editdistance");
        assert_eq!(e.version.as_deref(), Some("0.5.2"));
        assert_eq!(e.component_type.as_deref(), Some("library"));
        assert_eq!(e.licenses, vec!["MIT"]);
        let iam = component(&htr, "/@graph/106");
        assert_eq!(iam.name, "IAMdataset");
        assert_eq!(
            iam.licenses,
            vec!["LicenseRef-CustomLicense-c63547c2-62e0-48ec-b98d-ff1b917d67db"]
        );
        assert_eq!(
            component(&htr, "/@graph/21").component_type.as_deref(),
            Some("machine-learning-model")
        );
    }

    /// Licence entries of the real SBOMs that are names rather than SPDX expressions: each is
    /// read as the licences it names, except these, which name no one licence (or none on the
    /// SPDX list).
    const REAL_UNMAPPED_NAMES: [&str; 15] = [
        "BSD",
        "BSD 3-clause License w/nuclear disclaimer",
        "BSD License",
        "BSD licence",
        "BSD-like",
        "Bouncy Castle Licence",
        "CDDL",
        "CDDL+GPL",
        "CPL",
        "Common Development and Distribution License",
        "GNU General Public Library",
        "GooglePatentClause",
        "Indiana University Extreme! Lab Software License 1.1.1",
        "Public Domain",
        "The BSD License",
    ];

    #[test]
    fn real_files_licence_names_map_to_spdx_ids() {
        if !Path::new(DATA).is_dir() {
            eprintln!("skipping: ../shared/data not found");
            return;
        }
        // Every SBOM under cyclonedx/ and spdx/ (real/ holds model and dataset cards, no SBOMs).
        let mut names: BTreeMap<String, (Vec<Vec<String>>, usize)> = BTreeMap::new();
        for (_, rel) in real_sboms() {
            for c in read(&rel).components {
                for l in &c.licenses {
                    let is_expression = Expression::parse_mode(l, EXPRESSION_MODE).is_ok()
                        || Expression::parse_mode(&fold_case(l), EXPRESSION_MODE).is_ok();
                    if !is_expression {
                        let (alts, _) = license_alternatives(std::slice::from_ref(l));
                        names.entry(l.clone()).or_insert((alts, 0)).1 += 1;
                    }
                }
            }
        }
        let unmapped: Vec<&str> = names
            .iter()
            .filter(|(_, (alts, _))| alts.is_empty())
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(unmapped, REAL_UNMAPPED_NAMES.to_vec());
        let mapped = names.len() - unmapped.len();
        let uses: usize = names.values().map(|(_, n)| n).sum();
        eprintln!(
            "{} licence names ({uses} uses), {mapped} mapped",
            names.len()
        );
        assert!(mapped >= 35, "{mapped}");
        let alts = |name: &str| match names.get(name) {
            Some((a, _)) => a.clone(),
            None => panic!("{name} is not in the real files"),
        };
        let both = |id: &str| vec![vec![format!("{id}-only"), format!("{id}-or-later")]];
        assert_eq!(alts("GPL v2"), both("GPL-2.0"));
        assert_eq!(alts("LGPL, version 2.1"), both("LGPL-2.1"));
        assert_eq!(alts("lgpl_v2_1"), both("LGPL-2.1"));
        assert_eq!(
            alts("Lesser General Public License, version 3 or greater"),
            vec![vec!["LGPL-3.0-or-later"]]
        );
        assert_eq!(alts("GNU Lesser General Public License").len(), 1);
        assert_eq!(
            alts("GNU Lesser General Public License")[0].len(),
            6,
            "every version"
        );
        assert_eq!(
            alts("GNU General Public License, Version 2 with the Classpath Exception"),
            vec![vec![
                "GPL-2.0-only WITH Classpath-exception-2.0",
                "GPL-2.0-or-later WITH Classpath-exception-2.0"
            ]]
        );
        assert_eq!(
            alts("Apache License, Version 2.0 and Common Development And Distribution License (CDDL) Version 1.0"),
            vec![vec!["Apache-2.0", "CDDL-1.0"]]
        );
        assert_eq!(
            alts("MPL 2.0 or EPL 1.0"),
            vec![vec!["EPL-1.0"], vec!["MPL-2.0"]]
        );
        for apache in [
            "ALv2",
            "ASF 2.0",
            "ASL 2.0",
            "ASL, version 2",
            "Apache 2",
            "Apache2",
            "Apache Software Licenses",
            "asl",
        ] {
            assert_eq!(alts(apache), vec![vec!["Apache-2.0"]], "{apache}");
        }
        for bsd3 in [
            "BSD 3-clause New License",
            "Eclipse Distribution License - v 1.0",
            "EDL 1.0",
        ] {
            assert_eq!(alts(bsd3), vec![vec!["BSD-3-Clause"]], "{bsd3}");
        }
        assert_eq!(alts("The W3C License"), vec![vec!["W3C"]]);
        // Every GNU licence named is read, whatever the spelling.
        for (name, (a, _)) in &names {
            let l = name.to_ascii_lowercase();
            if (l.contains("gpl") || l.contains("general public"))
                && !REAL_UNMAPPED_NAMES.contains(&name.as_str())
            {
                assert!(
                    a.iter().all(|alt| alt.iter().any(|t| t.contains("GPL"))),
                    "{name}: {a:?}"
                );
            }
        }
    }

    // ----- component identities (issue 12: banned components cannot be spelled around) -----

    #[test]
    fn deconfuse_folds_only_what_is_not_ascii() {
        assert_eq!(deconfuse("torchtriton"), None);
        assert_eq!(
            deconfuse("t\u{3bf}rchtriton").as_deref(),
            Some("torchtriton")
        );
        assert_eq!(
            deconfuse("\u{ff34}orch").as_deref(),
            Some("Torch"),
            "NFKC; ASCII as written"
        );
        assert_eq!(
            deconfuse("torch\u{200b}triton").as_deref(),
            Some("torchtriton")
        );
        assert_eq!(
            deconfuse("to\u{301}rch").as_deref(),
            Some("torch"),
            "combining marks dropped"
        );
        assert_eq!(deconfuse("t\u{f3}rch").as_deref(), Some("torch"));
        assert_eq!(deconfuse("\u{456}0").as_deref(), Some("i0"), "0 stays 0");
    }

    #[test]
    fn cyclonedx_identity_hints() {
        let s = must(
            "bom.json",
            r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
              {"name":"torchtriton","version":"3.0.0","purl":"pkg:pypi/torch%74riton@3.0.0"},
              {"name":"torchtriton","version":"3.0.0"},
              {"name":"torchtriton","version":"3.0.0","bom-ref":"pkg:pypi/torchtriton@3.0.0?package-id=abc"},
              {"name":"torchtriton","version":"3.0.0","properties":[{"name":"syft:package:type","value":"python"},{"name":"x","value":7},"junk"]},
              {"name":"torchtriton","version":"3.0.0","properties":[{"value":"python","name":"syft:package:language"}]},
              {"name":"torchtriton","version":"3.0.0","externalReferences":[{"type":"distribution","url":"https://files.pythonhosted.org/packages/t/torchtriton-3.0.0.whl"}]},
              {"name":"torchtriton","version":"3.0.0","cpe":"cpe:2.3:a:x:torchtriton:3.0.0:*:*:*:*:python:*:*"},
              {"name":"flatmap-stream","group":"@evil","version":"0.1.1","properties":[{"name":"cdx:npm:package:development","value":"true"}]},
              {"name":"torchtriton","version":"3.0.0","purl":"pkg:pypi/torch%7triton@3.0.0"},
              {"name":"TorchTriton","version":"3.0.0","type":"file","properties":{"odd":"shape"},"externalReferences":"none","bom-ref":{"x":1},"cpe":["a"],"group":null}
            ]}"#,
        );
        let c = &s.components;
        assert_eq!(
            c[0].purl.as_deref(),
            Some("pkg:pypi/torchtriton@3.0.0"),
            "canonical"
        );
        assert_eq!(c[0].purl_id.as_deref(), Some("pkg:pypi/torchtriton@3.0.0"));
        assert_eq!(c[0].package.as_deref(), Some("pkg:pypi/torchtriton"));
        assert_eq!(c[0].ecosystem.as_deref(), Some("pypi"));
        assert!(c[0].match_ids.is_empty() && c[0].match_names.is_empty());

        assert_eq!(c[1].purl, None);
        assert_eq!(c[1].ecosystem, None, "nothing names an ecosystem");
        assert_eq!(c[1].match_names, vec!["torchtriton@3.0.0"]);

        for (i, how) in [
            (2, "bom-ref"),
            (3, "syft type"),
            (4, "syft language"),
            (5, "download URL"),
            (6, "CPE"),
        ] {
            assert_eq!(c[i].ecosystem.as_deref(), Some("pypi"), "{how}");
            assert!(
                c[i].match_ids
                    .contains(&"pkg:pypi/torchtriton@3.0.0".to_string()),
                "{how}: {:?}",
                c[i]
            );
            assert!(c[i].match_names.is_empty(), "{how}");
        }
        assert_eq!(c[7].ecosystem.as_deref(), Some("npm"));
        assert_eq!(c[7].match_ids, vec!["pkg:npm/%40evil/flatmap-stream@0.1.1"]);

        assert_eq!(
            c[8].purl.as_deref(),
            Some("pkg:pypi/torch%7triton@3.0.0"),
            "kept as written"
        );
        assert_eq!(c[8].purl_id, None);
        assert!(c[8]
            .purl_error
            .as_deref()
            .is_some_and(|e| e.contains("invalid percent-encoding")));
        assert!(c[8]
            .match_ids
            .contains(&"pkg:pypi/torchtriton@3.0.0".to_string()));

        assert_eq!(
            c[9].match_names,
            vec!["torchtriton@3.0.0"],
            "odd shapes of hints are skipped"
        );
    }

    #[test]
    fn spdx_identity_hints() {
        let text = r#"{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","packages":[
          {"SPDXID":"SPDXRef-a","name":"torchtriton","versionInfo":"3.0.0","downloadLocation":"https://pypi.org/project/torchtriton/3.0.0/"},
          {"SPDXID":"SPDXRef-b","name":"x","versionInfo":"3.3.6","externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"npm","referenceLocator":"event-stream@3.3.6"}]},
          {"SPDXID":"SPDXRef-c","name":"log4j-core","externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"maven-central","referenceLocator":"org.apache.logging.log4j:log4j-core:2.14.1"}]},
          {"SPDXID":"SPDXRef-d","name":"torchtriton","downloadLocation":"git+https://github.com/x/torchtriton"},
          {"SPDXID":"SPDXRef-e","name":"torch-triton","externalRefs":[
            {"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:generic/torchtriton"},
            {"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:pypi/torch_triton"}]}
        ]}"#;
        let s = must("s.spdx.json", text);
        let c = &s.components;
        assert_eq!(c[0].ecosystem.as_deref(), Some("pypi"));
        assert_eq!(c[0].match_ids, vec!["pkg:pypi/torchtriton@3.0.0"]);
        assert_eq!(c[1].ecosystem.as_deref(), Some("npm"));
        assert!(
            c[1].match_ids
                .contains(&"pkg:npm/event-stream@3.3.6".to_string()),
            "{:?}",
            c[1]
        );
        assert!(c[2]
            .match_ids
            .contains(&"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1".to_string()));
        assert_eq!(c[3].ecosystem, None, "a VCS location names no ecosystem");
        assert_eq!(c[3].match_names, vec!["torchtriton"]);
        assert_eq!(c[4].purl.as_deref(), Some("pkg:generic/torchtriton"));
        assert_eq!(
            c[4].ecosystem.as_deref(),
            Some("pypi"),
            "from the second purl"
        );
        assert!(c[4]
            .match_ids
            .contains(&"pkg:pypi/torch-triton".to_string()));
        assert!(
            !c[4].match_ids.iter().any(|i| i == "pkg:pypi/torchtriton"),
            "torch_triton is not torchtriton: {:?}",
            c[4].match_ids
        );
        assert!(c[4].match_names.is_empty());

        let s3 = must(
            "s3.json",
            r#"{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[
              {"type":"software_Package","spdxId":"urn:a","name":"torchtriton","software_packageVersion":"3.0.0","software_downloadLocation":"https://files.pythonhosted.org/x.whl"},
              {"type":"software_Package","spdxId":"urn:b","name":"y","externalRef":[{"type":"ExternalRef","externalRefType":"npm","locator":["flatmap-stream@0.1.1"]}]},
              {"type":"software_Package","spdxId":"urn:d","name":"w","externalRef":"odd","software_downloadLocation":{"odd":1}},
              {"type":"software_Package","spdxId":"urn:c","name":"z","externalIdentifier":[{"type":"ExternalIdentifier","externalIdentifierType":"cpe23","identifier":"cpe:2.3:a:x:z:1:*:*:*:*:node.js:*:*"}]}
            ]}"#,
        );
        let c = &s3.components;
        assert_eq!(c[0].match_ids, vec!["pkg:pypi/torchtriton@3.0.0"]);
        assert!(c[1]
            .match_ids
            .contains(&"pkg:npm/flatmap-stream@0.1.1".to_string()));
        assert_eq!(
            c[2].match_names,
            vec!["w"],
            "odd shapes of hints are skipped"
        );
        assert_eq!(c[3].ecosystem.as_deref(), Some("npm"));
    }

    #[test]
    fn licence_names_are_evaluated_as_spdx_terms() {
        let both = |id: &str| vec![vec![format!("{id}-only"), format!("{id}-or-later")]];
        assert_eq!(
            dnf("GNU Affero General Public License v3"),
            both("AGPL-3.0")
        );
        assert_eq!(dnf("GNU AGPL v3"), both("AGPL-3.0"));
        assert_eq!(
            dnf("AGPLv3"),
            both("AGPL-3.0"),
            "was AGPL-3.0-only through the crate"
        );
        assert_eq!(dnf("GPLv3"), both("GPL-3.0"));
        assert_eq!(
            dnf("License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)"),
            dnf_of(&[&["AGPL-3.0-or-later"]])
        );
        assert_eq!(dnf("AGPL-3+"), dnf_of(&[&["AGPL-3.0-or-later"]]));
        assert_eq!(
            dnf("Server Side Public License, v 1"),
            dnf_of(&[&["SSPL-1.0"]])
        );
        assert_eq!(dnf("Business Source License 1.1"), dnf_of(&[&["BUSL-1.1"]]));
        assert_eq!(dnf("Elastic License 2.0"), dnf_of(&[&["Elastic-2.0"]]));
        assert_eq!(
            dnf("Apache License 2.0 with Commons Clause"),
            dnf_of(&[&["Apache-2.0", "LicenseRef-Commons-Clause"]])
        );
        assert_eq!(
            dnf("MIT OR GNU Affero General Public License v3.0 only"),
            dnf_of(&[&["AGPL-3.0-only"], &["MIT"]])
        );
        // `gnu gpl v2` is GPL-3.0-only in the crate's imprecise names; read here as GPL 2.
        assert_eq!(dnf("GNU GPL v2"), both("GPL-2.0"));
        // SPDX ids keep their meaning: the deprecated `GPL-2.0` is `-only`.
        assert_eq!(dnf("GPL-2.0"), dnf_of(&[&["GPL-2.0-only"]]));
        let (a, e) = alts(&["BSD"]);
        assert!(
            a.is_empty() && e.len() == 1,
            "a bare BSD is unparsed: {a:?}"
        );
    }

    #[test]
    fn twenty_thousand_components_with_identities_load_quickly() {
        let mut text =
            String::from(r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":["#);
        for i in 0..20_000 {
            if i > 0 {
                text.push(',');
            }
            // A mix: consistent purls, names only, upper case and encoded purls, licence names.
            let entry = match i % 4 {
                0 => format!(
                    r#"{{"name":"p{i}","version":"1.{i}","purl":"pkg:pypi/p{i}@1.{i}","licenses":[{{"license":{{"id":"MIT"}}}}],"properties":[{{"name":"syft:package:type","value":"python"}},{{"name":"syft:location:0:path","value":"/usr/lib/p{i}"}}]}}"#
                ),
                1 => format!(
                    r#"{{"name":"p{i}","version":"1.{i}","licenses":[{{"license":{{"name":"Apache License, Version 2.0"}}}}]}}"#
                ),
                2 => format!(
                    r#"{{"name":"P_{i}","version":"1.{i}","purl":"pkg:PYPI/P_%3{}@1.{i}","licenses":[{{"expression":"MIT OR Apache-2.0"}}]}}"#,
                    i % 10
                ),
                _ => format!(
                    r#"{{"name":"core{i}","group":"@scope","version":"1.{i}","purl":"pkg:npm/%40scope/core{i}@1.{i}","bom-ref":"pkg:npm/%40scope/core{i}@1.{i}","licenses":[{{"license":{{"name":"GNU Lesser General Public License, Version 2.1"}}}}]}}"#
                ),
            };
            text.push_str(&entry);
        }
        text.push_str("]}");
        let started = std::time::Instant::now();
        let s = must("big.json", &text);
        let took = started.elapsed();
        eprintln!(
            "20000 components ({} bytes) in {took:?} (debug build)",
            text.len()
        );
        assert_eq!(s.components.len(), 20_000);
        assert_eq!(s.components[1].match_names, vec!["p1@1.1"]);
        assert_eq!(s.components[3].license_alternatives[0].len(), 2);
        assert!(took.as_secs_f64() < 20.0, "{took:?}");
    }
}
