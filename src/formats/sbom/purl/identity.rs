//! The identities a component is matched by against banned packages: its purl's keys, and
//! its name in each ecosystem the SBOM names when the purl is missing, malformed or spelled around.

use super::*;

/// What an SBOM says about a component's identity.
#[derive(Default)]
pub(in crate::formats::sbom) struct Evidence<'a> {
    pub(in crate::formats::sbom) name: &'a str,
    pub(in crate::formats::sbom) version: Option<&'a str>,
    /// The purl as written.
    pub(in crate::formats::sbom) purl: Option<String>,
    /// CycloneDX `group` (Maven group id, npm scope).
    pub(in crate::formats::sbom) group: Option<&'a str>,
    /// Ecosystems named elsewhere (tool properties, download locations, CPE target software).
    pub(in crate::formats::sbom) hints: EcoSet,
    /// Further purls for the same component (a CycloneDX `bom-ref` that is a purl, a second
    /// SPDX purl reference, a Maven Central or npm reference written as a purl).
    pub(in crate::formats::sbom) other_purls: Vec<String>,
    /// A purl that names the component when `purl` is missing or invalid (a CycloneDX `bom-ref`
    /// that is a purl).
    pub(in crate::formats::sbom) fallback_purl: Option<String>,
}

/// A component's identity as the input document carries it; see `Component` for each field.
#[derive(Default, Debug, PartialEq)]
pub(in crate::formats::sbom) struct Identity {
    pub(in crate::formats::sbom) purl: Option<String>,
    pub(in crate::formats::sbom) purl_id: Option<String>,
    pub(in crate::formats::sbom) package: Option<String>,
    pub(in crate::formats::sbom) purl_error: Option<String>,
    pub(in crate::formats::sbom) ecosystem: Option<String>,
    pub(in crate::formats::sbom) match_ids: Vec<String>,
    pub(in crate::formats::sbom) match_names: Vec<String>,
}

fn push_unique(list: &mut Vec<String>, except: Option<&str>, s: String) {
    if except != Some(s.as_str()) && !list.contains(&s) {
        list.push(s);
    }
}

/// The namespace and name a component's own `name` (and `group`) give in an ecosystem: a
/// `group` is the namespace; without one, a name with `/` (npm `@scope/x`, a Go module path) or,
/// for Maven, `:` is split at the last separator. Types without namespaces take the name whole.
fn split_name<'a>(
    rule: &TypeRule,
    group: Option<&'a str>,
    name: &'a str,
) -> (Vec<&'a str>, &'a str) {
    let name = name.trim();
    if rule.ns == Ns::Prohibited {
        return (Vec::new(), name);
    }
    if let Some(g) = group.map(str::trim).filter(|g| !g.is_empty()) {
        let ns = g.split('/').filter(|s| !s.is_empty()).collect();
        return (ns, name);
    }
    let sep = if rule.ty == "maven" {
        name.rfind([':', '/'])
    } else {
        name.rfind('/')
    };
    match sep {
        Some(i) if i > 0 && i + 1 < name.len() => (
            name[..i]
                .split(['/', ':'])
                .filter(|s| !s.is_empty())
                .collect(),
            &name[i + 1..],
        ),
        _ => (Vec::new(), name),
    }
}

/// The purl a component's name and version give in an ecosystem.
fn purl_from_name<'a>(
    rule: &'static TypeRule,
    group: Option<&'a str>,
    name: &'a str,
    version: Option<&'a str>,
) -> Purl<'a> {
    let (ns, name) = split_name(rule, group, name);
    let mut name = Cow::Borrowed(name);
    if rule.ty == "pypi" && name.contains('_') {
        name = Cow::Owned(name.replace('_', "-"));
    }
    Purl {
        ty: Cow::Borrowed(rule.ty),
        rule: Some(rule),
        namespace: ns.into_iter().map(Cow::Borrowed).collect(),
        name,
        version: version
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(Cow::Borrowed),
        qualifiers: Vec::new(),
        subpath: Vec::new(),
        problem: None,
        stray_namespace: false,
    }
}

/// `namespace/name@version` as in a purl, lower case: what a name is matched by when the
/// ecosystem is unknown.
fn name_path(ns: &[&str], name: &str, version: Option<&str>, pep503: bool) -> String {
    let mut out = String::with_capacity(name.len() + 16);
    for seg in ns {
        encode_into(&mut out, seg);
        out.push('/');
    }
    if pep503 {
        write_pep503(&mut out, name);
    } else {
        encode_into(&mut out, name);
    }
    if let Some(v) = version {
        out.push('@');
        encode_into(&mut out, v);
    }
    out.make_ascii_lowercase();
    out
}

/// Adds the ids of a purl naming a registered ecosystem: its key and its look-alike-folded key.
fn push_ids(ids: &mut Vec<String>, except: Option<&str>, p: &Purl<'_>) {
    push_unique(ids, except, p.id_only());
    if let Some(d) = p.deconfused() {
        push_unique(ids, except, d.id_only());
    }
}

/// Adds the name-only keys of a name: as written and pypi-normalized, with and without its
/// namespace, and the same with look-alikes folded.
fn push_names(names: &mut Vec<String>, ns: &[&str], name: &str, version: Option<&str>) {
    let version = version.map(str::trim).filter(|v| !v.is_empty());
    push_name_forms(names, ns, name, version);
    let f_name = super::super::deconfuse(name);
    let f_version = version.and_then(super::super::deconfuse);
    let f_ns: Vec<Option<String>> = ns.iter().map(|s| super::super::deconfuse(s)).collect();
    if f_name.is_some() || f_version.is_some() || f_ns.iter().any(Option::is_some) {
        let ns2: Vec<&str> = ns
            .iter()
            .zip(&f_ns)
            .map(|(s, f)| f.as_deref().unwrap_or(s))
            .collect();
        push_name_forms(
            names,
            &ns2,
            f_name.as_deref().unwrap_or(name),
            f_version.as_deref().or(version),
        );
    }
}

fn push_name_forms(names: &mut Vec<String>, ns: &[&str], name: &str, version: Option<&str>) {
    for pep503 in [false, true] {
        push_unique(names, None, name_path(ns, name, version, pep503));
        if !ns.is_empty() {
            push_unique(names, None, name_path(&[], name, version, pep503));
        }
    }
}

/// A component's identity from what its SBOM says: the canonical purl and its keys, and the
/// further keys that fail closed when the purl is missing, malformed, of an unknown ecosystem,
/// or disagrees with the component's name or version.
pub(in crate::formats::sbom) fn identify(e: Evidence<'_>) -> Identity {
    let mut id = Identity::default();
    let mut ecos = e.hints;
    // Purls (and their names) whose type names no ecosystem: matched by name.
    let mut unknown: Vec<(Vec<String>, String, Option<String>)> = Vec::new();
    let mut parsed: Option<Purl<'_>> = None;

    if let Some(text) = e.purl.as_deref() {
        match parse(text) {
            Ok(p) => {
                let canonical = p.canonical();
                let (key, package) = p.id();
                id.package = Some(key[..package].to_string());
                id.purl_error = p.problem.clone();
                if p.stray_namespace {
                    let mut bare = p.clone();
                    bare.namespace.clear();
                    push_unique(&mut id.match_ids, Some(&key), bare.id_only());
                }
                if let Some(d) = p.deconfused() {
                    push_unique(&mut id.match_ids, Some(&key), d.id_only());
                }
                match p.ecosystem() {
                    Some(r) => ecos.insert(r.ty),
                    None => unknown.push(owned_parts(&p)),
                }
                id.purl_id = Some(key);
                id.purl = Some(canonical);
                parsed = Some(p);
            }
            Err(msg) => {
                id.purl_error = Some(msg);
                id.purl = e.purl.clone();
                if let Some(p) = parse_lenient(text) {
                    match p.ecosystem() {
                        Some(r) => {
                            ecos.insert(r.ty);
                            push_ids(&mut id.match_ids, None, &p);
                        }
                        None => unknown.push(owned_parts(&p)),
                    }
                }
            }
        }
    }
    let valid = id.purl_id.is_some() && id.purl_error.is_none();
    let fallback = e.fallback_purl.iter().filter(|_| !valid);
    for other in e.other_purls.iter().chain(fallback) {
        let Some(p) = parse_lenient(other) else {
            continue;
        };
        match p.ecosystem() {
            Some(r) => {
                ecos.insert(r.ty);
                push_ids(&mut id.match_ids, id.purl_id.as_deref(), &p);
            }
            None => unknown.push(owned_parts(&p)),
        }
    }

    // The component's own name and version in each ecosystem, unless they agree with the purl.
    let version = e.version.map(str::trim).filter(|v| !v.is_empty());
    for rule in ecos.iter() {
        if let Some(p) = parsed.as_ref().filter(|p| p.ty == rule.ty) {
            let (ns, name) = split_name(rule, e.group, e.name);
            let name_agrees = same_name(rule.ty, name, &p.name)
                && (ns.is_empty()
                    || ns.len() == p.namespace.len()
                        && ns
                            .iter()
                            .zip(&p.namespace)
                            .all(|(a, b)| same_name(rule.ty, a, b)));
            let version_agrees = match (version, p.version.as_deref()) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                (Some(_), None) => false,
                (None, _) => true,
            };
            if !version_agrees {
                let mut q = p.clone();
                q.version = version.map(Cow::Borrowed);
                push_ids(&mut id.match_ids, id.purl_id.as_deref(), &q);
            }
            if name_agrees {
                continue;
            }
        }
        let q = purl_from_name(
            rule,
            e.group,
            e.name,
            version.or(parsed.as_ref().and_then(|p| p.version.as_deref())),
        );
        push_ids(&mut id.match_ids, id.purl_id.as_deref(), &q);
    }

    if ecos.len() == 1 {
        id.ecosystem = ecos.iter().next().map(|r| r.ty.to_string());
    }
    if ecos.is_empty() {
        let (ns, name): (Vec<&str>, &str) = match e.group.map(str::trim).filter(|g| !g.is_empty()) {
            Some(g) => (
                g.split('/').filter(|s| !s.is_empty()).collect(),
                e.name.trim(),
            ),
            None => (Vec::new(), e.name.trim()),
        };
        if !name.is_empty() {
            push_names(&mut id.match_names, &ns, name, version);
        }
        for (ns, name, v) in &unknown {
            let ns: Vec<&str> = ns.iter().map(String::as_str).collect();
            push_names(&mut id.match_names, &ns, name, v.as_deref().or(version));
        }
    }
    id
}

fn owned_parts(p: &Purl<'_>) -> (Vec<String>, String, Option<String>) {
    (
        p.namespace.iter().map(|s| s.to_string()).collect(),
        p.name.to_string(),
        p.version.as_ref().map(|v| v.to_string()),
    )
}
