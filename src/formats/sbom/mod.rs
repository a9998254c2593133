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
use crate::input::{Component, Sbom};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use unicode_normalization::UnicodeNormalization;

mod cyclonedx;
mod lenient;
mod license;
mod license_names;
mod purl;
mod spdx2;
mod spdx3;
#[cfg(test)]
mod tests;

use cyclonedx::{cyclonedx, CdxComponent, CdxMetadata};
use lenient::Text;
pub use license::{license_alternatives, MAX_LICENSE_ALTERNATIVES};
use spdx2::{spdx2, Spdx2File, Spdx2Package, Spdx2Relationship};
use spdx3::{spdx3, spdx3_context_version, Spdx3Element};

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
        )
        .with_code(crate::diagnostic::Code::TooMany));
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
        return Err(doc
            .err(Location::line_col(1, 1), format!("{what}{EXPECTED}"))
            .with_code(crate::diagnostic::Code::UnsupportedFormat));
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
            )
            .with_code(crate::diagnostic::Code::UnsupportedFormat));
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
