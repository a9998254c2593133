//! Package URLs canonicalised per the purl specification (package-url/purl-spec: the core rules
//! and the per-type rules of its type definitions), and the identities by which a component is
//! matched against banned packages when its purl is missing, malformed or spelled around.
//!
//! The canonical form (`purl`): scheme and type in lower case; namespace, name, version,
//! qualifier values and subpath segments percent-decoded, then encoded again (everything but
//! `A-Z a-z 0-9 . - _ ~ :` as `%XX`); leading and trailing `/` and empty segments dropped;
//! qualifier keys in lower case, empty values dropped, sorted by key; subpath segments `.` and
//! `..` dropped; then the rules of the type (see [`TYPES`]).
//!
//! The matching key (`purl_id`): the canonical form without qualifiers and subpath, in lower case
//! (every type: a ban is matched case-insensitively), a pypi name with every run of `-`, `_`
//! and `.` as one `-` (PEP 503, as pip compares names).

use std::borrow::Cow;

/// Whether a type's purls carry a namespace.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ns {
    Optional,
    Required,
    Prohibited,
}

/// The normalization rules of one registered purl type, from its definition in
/// package-url/purl-spec `types/` (`case_sensitive: false` means lower case), and the test
/// vectors of `tests/types/` where the two disagree (git lowers its namespace and name).
#[derive(Debug)]
pub(super) struct TypeRule {
    pub(super) ty: &'static str,
    ns: Ns,
    lower_ns: bool,
    lower_name: bool,
    lower_version: bool,
}

const fn rule(
    ty: &'static str,
    ns: Ns,
    lower_ns: bool,
    lower_name: bool,
    lower_version: bool,
) -> TypeRule {
    TypeRule {
        ty,
        ns,
        lower_ns,
        lower_name,
        lower_version,
    }
}

use Ns::{Optional as O, Prohibited as P, Required as R};

/// Registered purl types, sorted by name. Special rules beyond case: pypi names have `-` for
/// `_`; cpan namespaces (author ids) are upper case; an mlflow name is lower case when its
/// `repository_url` is Databricks (case-insensitive there).
pub(super) static TYPES: [TypeRule; 41] = [
    rule("alpm", R, true, true, false),
    rule("apk", R, true, true, false),
    rule("bazel", P, false, false, false),
    rule("bitbucket", R, true, true, false),
    rule("bitnami", P, false, true, false),
    rule("brew", O, true, true, false),
    rule("cargo", P, false, false, false),
    rule("chrome-extension", P, false, true, false),
    rule("cocoapods", P, false, false, false),
    rule("composer", R, true, true, false),
    rule("conan", O, false, false, false),
    rule("conda", P, false, false, false),
    rule("cpan", O, false, false, false),
    rule("cran", P, false, false, false),
    rule("deb", R, true, true, false),
    rule("docker", O, false, false, false),
    rule("gem", P, false, false, false),
    rule("generic", O, false, false, false),
    rule("git", R, true, true, false),
    rule("github", R, true, true, false),
    rule("golang", R, false, false, false),
    rule("hackage", P, false, false, false),
    rule("hex", O, true, true, false),
    rule("huggingface", R, false, false, true),
    rule("julia", P, false, false, false),
    rule("luarocks", O, true, true, false),
    rule("maven", R, false, false, false),
    rule("mlflow", P, false, false, false),
    rule("npm", O, false, false, false),
    rule("nuget", P, false, false, false),
    rule("oci", P, false, true, true),
    rule("opam", P, false, false, false),
    rule("otp", P, false, true, false),
    rule("pub", P, false, true, false),
    rule("pypi", P, false, true, true),
    rule("qpkg", R, true, false, false),
    rule("rpm", R, true, false, false),
    rule("swid", O, false, false, false),
    rule("swift", R, false, false, false),
    rule("vcpkg", P, false, false, false),
    rule("vscode-extension", R, true, true, true),
];

/// The rule of a registered type (lower case).
pub(super) fn type_rule(ty: &str) -> Option<&'static TypeRule> {
    TYPES
        .binary_search_by(|r| r.ty.cmp(ty))
        .ok()
        .map(|i| &TYPES[i])
}

/// A set of ecosystems (registered purl types other than `generic`), as bits over [`TYPES`].
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub(super) struct EcoSet(u64);

impl EcoSet {
    pub(super) fn insert(&mut self, ty: &str) {
        if ty == "generic" {
            return;
        }
        if let Ok(i) = TYPES.binary_search_by(|r| r.ty.cmp(ty)) {
            self.0 |= 1 << i;
        }
    }
    pub(super) fn union(&mut self, other: EcoSet) {
        self.0 |= other.0;
    }
    pub(super) fn is_empty(self) -> bool {
        self.0 == 0
    }
    fn iter(self) -> impl Iterator<Item = &'static TypeRule> {
        TYPES
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, r)| r)
    }
    fn len(self) -> u32 {
        self.0.count_ones()
    }
}

/// A parsed package URL, its parts decoded and normalized for its type.
#[derive(Debug, Clone)]
pub(super) struct Purl<'a> {
    ty: Cow<'a, str>,
    rule: Option<&'static TypeRule>,
    namespace: Vec<Cow<'a, str>>,
    name: Cow<'a, str>,
    version: Option<Cow<'a, str>>,
    qualifiers: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    subpath: Vec<Cow<'a, str>>,
    /// A rule of the specification the text breaks without hiding the package it names (a
    /// namespace on a type that has none, a malformed qualifier).
    problem: Option<String>,
    /// The namespace was given on a type that has none.
    stray_namespace: bool,
}

/// `%XX` decoded; `Err` for an escape that is not two hex digits or bytes that are not UTF-8.
/// Lenient: such escapes are kept as written.
fn decode(s: &str, lenient: bool) -> Result<Cow<'_, str>, String> {
    if !s.contains('%') {
        return Ok(Cow::Borrowed(s));
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |c: u8| (c as char).to_digit(16);
            match (
                b.get(i + 1).and_then(|&c| hex(c)),
                b.get(i + 2).and_then(|&c| hex(c)),
            ) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ if lenient => {}
                _ => {
                    let bad: String = s[i..].chars().take(3).collect();
                    return Err(format!("invalid percent-encoding `{bad}`"));
                }
            }
        }
        out.push(b[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(t) => Ok(Cow::Owned(t)),
        Err(e) if lenient => Ok(Cow::Owned(
            String::from_utf8_lossy(e.as_bytes()).into_owned(),
        )),
        Err(_) => Err(format!("percent-encoded bytes in `{s}` are not UTF-8 text")),
    }
}

/// Appends `s` percent-encoded as the canonical form requires.
fn encode_into(out: &mut String, s: &str) {
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~' | b':') {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

fn lower(s: Cow<'_, str>) -> Cow<'_, str> {
    if s.chars().any(char::is_uppercase) {
        Cow::Owned(s.to_lowercase())
    } else {
        s
    }
}

fn upper(s: Cow<'_, str>) -> Cow<'_, str> {
    if s.chars().any(char::is_lowercase) {
        Cow::Owned(s.to_uppercase())
    } else {
        s
    }
}

fn valid_type(ty: &str) -> bool {
    ty.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && ty
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

fn valid_key(k: &str) -> bool {
    k.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// Parses a purl; `Err` when it names no package: no `pkg:` scheme, no or an invalid type, no
/// name, an invalid percent-encoding, a `/` in a decoded segment.
pub(super) fn parse(text: &str) -> Result<Purl<'_>, String> {
    parse_with(text, false)
}

/// Parses what can be read of a malformed purl (invalid escapes kept as written), for matching.
pub(super) fn parse_lenient(text: &str) -> Option<Purl<'_>> {
    parse_with(text, true).ok()
}

fn parse_with(text: &str, lenient: bool) -> Result<Purl<'_>, String> {
    let s = text.trim();
    let (rest, subpath) = match s.rfind('#') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (rest, qualifiers) = match rest.rfind('?') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let Some((scheme, rest)) = rest.split_once(':') else {
        return Err("no `pkg:` scheme".to_string());
    };
    if !scheme.eq_ignore_ascii_case("pkg") {
        return Err(format!("the scheme is `{scheme}`, not `pkg`"));
    }
    let rest = rest.trim_start_matches('/');
    let Some((ty, rest)) = rest.split_once('/') else {
        return Err("no type and name (`pkg:type/name`)".to_string());
    };
    if !valid_type(ty) {
        return Err(format!(
            "invalid type `{ty}` (a letter, then letters, digits, `.` and `-`)"
        ));
    }
    let ty = if ty.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(ty.to_ascii_lowercase())
    } else {
        Cow::Borrowed(ty)
    };
    let rest = rest.trim_end_matches('/');
    // The version follows the last `@` of the last segment (an npm scope `@` is in the namespace).
    let last_start = rest.rfind('/').map_or(0, |i| i + 1);
    let (path, version) = match rest[last_start..].rfind('@') {
        Some(j) => (&rest[..last_start + j], Some(&rest[last_start + j + 1..])),
        None => (rest, None),
    };
    let path = path.trim_end_matches('/');
    let (ns_text, name_text) = match path.rfind('/') {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path),
    };
    let segment = |seg: &'_ str, what: &str| -> Result<(), String> {
        if seg.contains('/') {
            Err(format!(
                "a {what} segment contains `/` once decoded: `{seg}`"
            ))
        } else {
            Ok(())
        }
    };
    let mut name = decode(name_text, lenient)?;
    if name.is_empty() {
        return Err("no name".to_string());
    }
    segment(&name, "name")?;
    let mut namespace = Vec::new();
    for seg in ns_text.split('/').filter(|s| !s.is_empty()) {
        let d = decode(seg, lenient)?;
        segment(&d, "namespace")?;
        namespace.push(d);
    }
    let mut version = match version {
        Some(v) => Some(decode(v, lenient)?).filter(|v| !v.is_empty()),
        None => None,
    };
    let mut problem = None;
    let mut quals: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::new();
    for pair in qualifiers
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let Some((k, v)) = pair.split_once('=') else {
            problem.get_or_insert_with(|| format!("qualifier `{pair}` without `=`"));
            continue;
        };
        let key = if k.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(k.to_ascii_lowercase())
        } else {
            Cow::Borrowed(k)
        };
        if !valid_key(&key) {
            problem.get_or_insert_with(|| format!("invalid qualifier key `{k}`"));
            continue;
        }
        let value = decode(v, lenient)?;
        if value.is_empty() {
            continue;
        }
        if quals.iter().any(|(q, _)| *q == key) {
            problem.get_or_insert_with(|| format!("qualifier `{key}` given twice"));
            continue;
        }
        quals.push((key, value));
    }
    quals.sort_by(|a, b| a.0.cmp(&b.0));
    let mut sub = Vec::new();
    for seg in subpath.unwrap_or("").split('/') {
        let d = decode(seg, lenient)?;
        if d.is_empty() || d == "." || d == ".." {
            continue;
        }
        segment(&d, "subpath")?;
        sub.push(d);
    }

    let rule = type_rule(&ty);
    let mut stray_namespace = false;
    if let Some(r) = rule {
        if r.lower_ns {
            namespace = namespace.into_iter().map(lower).collect();
        }
        if r.ty == "cpan" {
            namespace = namespace.into_iter().map(upper).collect();
        }
        if r.lower_name {
            name = lower(name);
        }
        if r.ty == "pypi" && name.contains('_') {
            name = Cow::Owned(name.replace('_', "-"));
        }
        if r.ty == "mlflow"
            && quals.iter().any(|(k, v)| {
                k == "repository_url" && v.to_ascii_lowercase().contains("databricks")
            })
        {
            name = lower(name);
        }
        if r.lower_version {
            version = version.map(lower);
        }
        if r.ns == Ns::Prohibited && !namespace.is_empty() {
            stray_namespace = true;
            problem = Some(format!(
                "type `{}` has no namespace, but `{}` is given",
                r.ty,
                namespace.join("/")
            ));
        }
    }
    Ok(Purl {
        ty,
        rule,
        namespace,
        name,
        version,
        qualifiers: quals,
        subpath: sub,
        problem,
        stray_namespace,
    })
}

impl Purl<'_> {
    /// The canonical purl.
    pub(super) fn canonical(&self) -> String {
        let mut out = String::with_capacity(self.name.len() + 32);
        self.write_path(&mut out, false);
        for (i, (k, v)) in self.qualifiers.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.push_str(k);
            out.push('=');
            encode_into(&mut out, v);
        }
        for (i, seg) in self.subpath.iter().enumerate() {
            out.push(if i == 0 { '#' } else { '/' });
            encode_into(&mut out, seg);
        }
        out
    }

    /// `pkg:type/namespace/name@version`; for a matching key the pypi name PEP 503-normalized.
    fn write_path(&self, out: &mut String, key: bool) {
        out.push_str("pkg:");
        out.push_str(&self.ty);
        out.push('/');
        for seg in &self.namespace {
            encode_into(out, seg);
            out.push('/');
        }
        if key && self.ty == "pypi" {
            write_pep503(out, &self.name);
        } else {
            encode_into(out, &self.name);
        }
        if let Some(v) = &self.version {
            out.push('@');
            encode_into(out, v);
        }
    }

    /// The matching key and the length of its part before the version (the package).
    pub(super) fn id(&self) -> (String, usize) {
        let mut out = String::with_capacity(self.name.len() + 24);
        self.write_path(&mut out, true);
        out.make_ascii_lowercase();
        let package = match &self.version {
            Some(_) => out.rfind('@').unwrap_or(out.len()),
            None => out.len(),
        };
        (out, package)
    }

    fn id_only(&self) -> String {
        self.id().0
    }

    pub(super) fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// The registered, non-generic type: the ecosystem the purl names.
    fn ecosystem(&self) -> Option<&'static TypeRule> {
        self.rule.filter(|r| r.ty != "generic")
    }

    /// The same purl with its namespace, name and version spelled with look-alikes folded
    /// (see [`super::deconfuse`]), when any of them has a character outside ASCII.
    fn deconfused(&self) -> Option<Purl<'static>> {
        let any = self.namespace.iter().any(|s| !s.is_ascii())
            || !self.name.is_ascii()
            || self.version.as_ref().is_some_and(|v| !v.is_ascii());
        if !any {
            return None;
        }
        let fold = |s: &str| -> Cow<'static, str> {
            Cow::Owned(super::deconfuse(s).unwrap_or_else(|| s.to_string()))
        };
        let mut name = fold(&self.name);
        if self.ty == "pypi" && name.contains('_') {
            name = Cow::Owned(name.replace('_', "-"));
        }
        Some(Purl {
            ty: Cow::Owned(self.ty.to_string()),
            rule: self.rule,
            namespace: self.namespace.iter().map(|s| fold(s)).collect(),
            name,
            version: self.version.as_ref().map(|v| fold(v)),
            qualifiers: Vec::new(),
            subpath: Vec::new(),
            problem: None,
            stray_namespace: false,
        })
    }
}

/// A pypi name with each run of `-`, `_` and `.` written as one `-` (PEP 503), encoded.
fn write_pep503(out: &mut String, name: &str) {
    let mut sep = false;
    let mut tmp = [0u8; 4];
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
            continue;
        }
        if sep {
            out.push('-');
            sep = false;
        }
        encode_into(out, c.encode_utf8(&mut tmp));
    }
    if sep {
        out.push('-');
    }
}

/// Names of one package in an ecosystem compare equal: case-insensitively, and for pypi with
/// runs of `-`, `_`, `.` equal. No allocation: this runs for every component.
fn same_name(ty: &str, a: &str, b: &str) -> bool {
    if ty != "pypi" {
        return a.len() == b.len() && a.eq_ignore_ascii_case(b)
            || (!a.is_ascii() || !b.is_ascii()) && a.to_lowercase() == b.to_lowercase();
    }
    fn norm(s: &str) -> impl Iterator<Item = char> + '_ {
        let mut sep = false;
        s.chars().filter_map(move |c| {
            if matches!(c, '-' | '_' | '.') {
                if sep {
                    return None;
                }
                sep = true;
                return Some('-');
            }
            sep = false;
            Some(c.to_ascii_lowercase())
        })
    }
    norm(a).eq(norm(b))
}

// ---------------------------------------------------------------------------------------------
// Component identities

/// What an SBOM says about a component's identity.
#[derive(Default)]
pub(super) struct Evidence<'a> {
    pub(super) name: &'a str,
    pub(super) version: Option<&'a str>,
    /// The purl as written.
    pub(super) purl: Option<String>,
    /// CycloneDX `group` (Maven group id, npm scope).
    pub(super) group: Option<&'a str>,
    /// Ecosystems named elsewhere (tool properties, download locations, CPE target software).
    pub(super) hints: EcoSet,
    /// Further purls for the same component (a CycloneDX `bom-ref` that is a purl, a second
    /// SPDX purl reference, a Maven Central or npm reference written as a purl).
    pub(super) other_purls: Vec<String>,
    /// A purl that names the component when `purl` is missing or invalid (a CycloneDX `bom-ref`
    /// that is a purl).
    pub(super) fallback_purl: Option<String>,
}

/// A component's identity as the input document carries it; see `Component` for each field.
#[derive(Default, Debug, PartialEq)]
pub(super) struct Identity {
    pub(super) purl: Option<String>,
    pub(super) purl_id: Option<String>,
    pub(super) package: Option<String>,
    pub(super) purl_error: Option<String>,
    pub(super) ecosystem: Option<String>,
    pub(super) match_ids: Vec<String>,
    pub(super) match_names: Vec<String>,
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
    let f_name = super::deconfuse(name);
    let f_version = version.and_then(super::deconfuse);
    let f_ns: Vec<Option<String>> = ns.iter().map(|s| super::deconfuse(s)).collect();
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
pub(super) fn identify(e: Evidence<'_>) -> Identity {
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

// ---------------------------------------------------------------------------------------------
// Ecosystem hints

/// The ecosystem of a package registry's URL (`https://pypi.org/project/x`,
/// `https://registry.npmjs.org/x/-/x-1.0.tgz`). Version control and other hosts name none:
/// a package built from GitHub is still whatever package it is.
pub(super) fn eco_of_url(url: &str) -> Option<&'static str> {
    let u = url.trim();
    let rest = ["https://", "http://"].iter().find_map(|p| {
        u.get(..p.len())
            .filter(|s| s.eq_ignore_ascii_case(p))
            .map(|_| &u[p.len()..])
    })?;
    let host = rest.split(['/', ':', '?', '#']).next().unwrap_or("");
    const HOSTS: [(&str, &str); 32] = [
        ("pypi.org", "pypi"),
        ("pypi.python.org", "pypi"),
        ("files.pythonhosted.org", "pypi"),
        ("test.pypi.org", "pypi"),
        ("registry.npmjs.org", "npm"),
        ("www.npmjs.com", "npm"),
        ("npmjs.com", "npm"),
        ("registry.yarnpkg.com", "npm"),
        ("repo1.maven.org", "maven"),
        ("repo.maven.apache.org", "maven"),
        ("central.sonatype.com", "maven"),
        ("search.maven.org", "maven"),
        ("crates.io", "cargo"),
        ("static.crates.io", "cargo"),
        ("rubygems.org", "gem"),
        ("www.nuget.org", "nuget"),
        ("api.nuget.org", "nuget"),
        ("proxy.golang.org", "golang"),
        ("pkg.go.dev", "golang"),
        ("packagist.org", "composer"),
        ("repo.packagist.org", "composer"),
        ("hex.pm", "hex"),
        ("repo.hex.pm", "hex"),
        ("pub.dev", "pub"),
        ("cran.r-project.org", "cran"),
        ("huggingface.co", "huggingface"),
        ("center.conan.io", "conan"),
        ("hackage.haskell.org", "hackage"),
        ("conda.anaconda.org", "conda"),
        ("anaconda.org", "conda"),
        ("metacpan.org", "cpan"),
        ("luarocks.org", "luarocks"),
    ];
    HOSTS
        .iter()
        .find(|(h, _)| h.eq_ignore_ascii_case(host))
        .map(|(_, e)| *e)
}

/// The ecosystem of a syft package type or language (`syft:package:type`,
/// `syft:package:language`), or of a CycloneDX property taxonomy namespace (`cdx:npm:…`).
pub(super) fn eco_of_tool_type(t: &str) -> Option<&'static str> {
    const NAMES: [(&str, &str); 44] = [
        ("python", "pypi"),
        ("pypi", "pypi"),
        ("pip", "pypi"),
        ("pipenv", "pypi"),
        ("poetry", "pypi"),
        ("npm", "npm"),
        ("javascript", "npm"),
        ("esbuild", "npm"),
        ("java-archive", "maven"),
        ("jenkins-plugin", "maven"),
        ("java", "maven"),
        ("maven", "maven"),
        ("gradle", "maven"),
        ("go-module", "golang"),
        ("go", "golang"),
        ("gomod", "golang"),
        ("rust-crate", "cargo"),
        ("rust", "cargo"),
        ("rustc", "cargo"),
        ("cargo", "cargo"),
        ("gem", "gem"),
        ("ruby", "gem"),
        ("php-composer", "composer"),
        ("php", "composer"),
        ("composer", "composer"),
        ("dotnet", "nuget"),
        ("nuget", "nuget"),
        ("dart-pub", "pub"),
        ("dart", "pub"),
        ("conan", "conan"),
        ("cpp", "conan"),
        ("hackage", "hackage"),
        ("haskell", "hackage"),
        ("hex", "hex"),
        ("elixir", "hex"),
        ("erlang-otp", "otp"),
        ("pod", "cocoapods"),
        ("swift", "swift"),
        ("r-package", "cran"),
        ("lua-rocks", "luarocks"),
        ("opam", "opam"),
        ("conda", "conda"),
        ("deb", "deb"),
        ("rpm", "rpm"),
    ];
    let t = t.trim();
    match NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(t)) {
        Some((_, e)) => Some(e),
        None => ["apk", "alpm", "github"]
            .into_iter()
            .find(|e| e.eq_ignore_ascii_case(t))
            .or_else(|| t.eq_ignore_ascii_case("homebrew").then_some("brew"))
            .or_else(|| t.eq_ignore_ascii_case("github-action").then_some("github")),
    }
}

/// The ecosystem a CycloneDX property names: `syft:package:type` and `syft:package:language`
/// by their value, `cdx:<tool>:…` by the tool's namespace.
pub(super) fn eco_of_property(name: &str, value: &str) -> Option<&'static str> {
    if name == "syft:package:type" || name == "syft:package:language" {
        return eco_of_tool_type(value);
    }
    let rest = name.strip_prefix("cdx:")?;
    let ns = rest.split(':').next()?;
    eco_of_tool_type(ns)
}

/// The ecosystem of a CPE's target software (`cpe:2.3:a:v:p:1.0:*:*:*:*:python:*:*`).
pub(super) fn eco_of_cpe(cpe: &str) -> Option<&'static str> {
    let target = cpe.strip_prefix("cpe:2.3:")?.split(':').nth(8)?;
    match target.to_ascii_lowercase().as_str() {
        "python" | "pypi" => Some("pypi"),
        "node.js" | "nodejs" | "npm" => Some("npm"),
        "go" | "golang" => Some("golang"),
        "rust" | "cargo" => Some("cargo"),
        "ruby" | "rubygems" => Some("gem"),
        "maven" => Some("maven"),
        "nuget" | ".net" => Some("nuget"),
        _ => None,
    }
}

/// A purl for an SPDX package-manager reference: `maven-central` `group:artifact:version`,
/// `npm` `name@version`, `nuget` `Name/version` (SPDX 2.3 Annex F; SPDX 3 `mavenCentral`, `npm`,
/// `nuget`).
pub(super) fn purl_of_reference(kind: &str, locator: &str) -> Option<String> {
    let mut out = String::from("pkg:");
    let l = locator.trim();
    match kind {
        "maven-central" | "mavenCentral" => {
            let mut parts = l.split(':');
            let (g, a) = (parts.next()?, parts.next()?);
            out.push_str("maven/");
            encode_into(&mut out, g);
            out.push('/');
            encode_into(&mut out, a);
            if let Some(v) = parts.next() {
                out.push('@');
                encode_into(&mut out, v);
            }
        }
        "npm" => {
            let (n, v) = match l.rfind('@').filter(|&i| i > 0) {
                Some(i) => (&l[..i], Some(&l[i + 1..])),
                None => (l, None),
            };
            out.push_str("npm/");
            let (scope, name) = match n.split_once('/') {
                Some((s, n)) => (Some(s), n),
                None => (None, n),
            };
            if let Some(s) = scope {
                encode_into(&mut out, s);
                out.push('/');
            }
            encode_into(&mut out, name);
            if let Some(v) = v {
                out.push('@');
                encode_into(&mut out, v);
            }
        }
        "nuget" => {
            let (n, v) = l.split_once('/').unwrap_or((l, ""));
            out.push_str("nuget/");
            encode_into(&mut out, n);
            if !v.is_empty() {
                out.push('@');
                encode_into(&mut out, v);
            }
        }
        _ => return None,
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> serde_json::Value {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sbom/purl-test-suite.json"
        );
        let text = std::fs::read_to_string(path).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn spec_vectors_canonicalise() {
        let f = fixture();
        let mut failures = Vec::new();
        let valid = f["valid"].as_array().unwrap();
        for case in valid {
            let input = case["input"].as_str().unwrap();
            let want = case["canonical"].as_str().unwrap();
            match parse(input) {
                Ok(p) => {
                    let got = p.canonical();
                    if got != want || p.problem().is_some() {
                        failures.push(format!(
                            "{input}: got {got} ({:?}), want {want}",
                            p.problem()
                        ));
                    }
                    // Canonicalising is idempotent.
                    let again = parse(&got).map(|q| q.canonical());
                    assert_eq!(again.as_deref(), Ok(want), "{input}");
                }
                Err(e) => failures.push(format!("{input}: {e}")),
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
        assert!(valid.len() > 150);
    }

    /// Invalid vectors read on purpose: none hides which package is named, and a gate reports
    /// what it cannot match, not every rule of every type.
    const ACCEPTED: [&str; 13] = [
        // Per-type character rules (chrome extension ids, cpan `::`), not checked.
        "pkg:chrome-extension/44444algnefjeiefhmpklpfiohadpglk",
        "pkg:chrome-extension/dogs",
        "pkg:chrome-extension/dlpngalgnefjeiefhmpklpfiohadpglk@1.2.3.4.5",
        "pkg:chrome-extension/dlpngalgnefjeiefhmpklpfiohadpglk@1.2.3-beta",
        "pkg:cpan/LWP::UserAgent@6.7.6",
        "pkg:cpan/GDT/URI::PackageURL",
        "pkg:cpan/URI::PackageURL",
        // Upper-case qualifier keys: lowered, as the suite's own validate vectors do.
        "pkg:gem/jruby-launcher@1.1.2?Platform=java",
        "pkg:Rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&Distro=fedora-25",
        // A required namespace or qualifier missing: the package is still named (legacy
        // Hugging Face names such as `pkg:huggingface/gpt2` have no namespace either).
        "pkg:julia/Dates",
        "pkg:swift/Alamofire@5.4.3",
        "pkg:vscode-extension/java@1.46.2025091308",
        // A trailing `/` before the version is stripped, as the parsing steps say.
        "pkg:swift/github.com/Alamofire/@5.4.3",
    ];

    #[test]
    fn spec_invalid_vectors_are_reported() {
        let f = fixture();
        let mut accepted = Vec::new();
        let invalid = f["invalid"].as_array().unwrap();
        for case in invalid {
            let input = case["input"].as_str().unwrap();
            if let Ok(p) = parse(input) {
                if p.problem().is_none() {
                    accepted.push(input);
                }
            }
        }
        accepted.sort_unstable();
        let mut want = ACCEPTED.to_vec();
        want.sort_unstable();
        assert_eq!(accepted, want);
        assert!(invalid.len() > ACCEPTED.len() + 10);
    }

    fn evidence<'a>(name: &'a str, version: Option<&'a str>, purl: Option<&str>) -> Evidence<'a> {
        Evidence {
            name,
            version,
            purl: purl.map(str::to_string),
            ..Evidence::default()
        }
    }

    fn key(purl: &str) -> String {
        match parse(purl) {
            Ok(p) => p.id().0,
            Err(e) => panic!("{purl}: {e}"),
        }
    }

    fn canonical(purl: &str) -> String {
        match parse(purl) {
            Ok(p) => p.canonical(),
            Err(e) => panic!("{purl}: {e}"),
        }
    }

    #[test]
    fn scheme_type_and_percent_encoding_are_canonical() {
        for (given, want) in [
            ("pkg:pypi/torch%74riton@3.0.0", "pkg:pypi/torchtriton@3.0.0"),
            ("PKG:PYPI/TorchTriton@3.0.0", "pkg:pypi/torchtriton@3.0.0"),
            ("pkg://pypi/torchtriton", "pkg:pypi/torchtriton"),
            (" pkg:pypi/torchtriton ", "pkg:pypi/torchtriton"),
            ("pkg:npm/@babel/core@7.0.0", "pkg:npm/%40babel/core@7.0.0"),
            ("pkg:npm/%40babel/core@7.0.0", "pkg:npm/%40babel/core@7.0.0"),
            ("pkg:npm/%40Babel/Core", "pkg:npm/%40Babel/Core"),
            (
                "pkg:GitHub/Package-URL/Purl-Spec@v1",
                "pkg:github/package-url/purl-spec@v1",
            ),
            (
                "pkg:deb/Debian/LibC6@2.36?Arch=amd64&distro=",
                "pkg:deb/debian/libc6@2.36?arch=amd64",
            ),
            (
                "pkg:maven/org.Apache/Commons@1.0?type=jar&classifier=x",
                "pkg:maven/org.Apache/Commons@1.0?classifier=x&type=jar",
            ),
            (
                "pkg:golang/github.com/Foo/bar@v1.0.0#/a/./b/../c/",
                "pkg:golang/github.com/Foo/bar@v1.0.0#a/b/c",
            ),
            ("pkg:oci/Debian@SHA256%3AABCD", "pkg:oci/debian@sha256:abcd"),
            (
                "pkg:huggingface/Org/Model@ABCDEF",
                "pkg:huggingface/Org/Model@abcdef",
            ),
            (
                "pkg:cargo/Serde@1.0.0+build",
                "pkg:cargo/Serde@1.0.0%2Bbuild",
            ),
            ("pkg:pypi/t\u{3bf}rchtriton", "pkg:pypi/t%CE%BFrchtriton"),
        ] {
            assert_eq!(canonical(given), want, "{given}");
        }
    }

    #[test]
    fn matching_keys_fold_case_and_pypi_separators() {
        for (given, want) in [
            (
                "pkg:pypi/torch%74riton@3.0.0?x=1#y",
                "pkg:pypi/torchtriton@3.0.0",
            ),
            ("pkg:PYPI/TorchTriton", "pkg:pypi/torchtriton"),
            ("pkg:pypi/Zope.Interface", "pkg:pypi/zope-interface"),
            ("pkg:pypi/a__b--c..d", "pkg:pypi/a-b-c-d"),
            ("pkg:pypi/ultralytics@8.3.41", "pkg:pypi/ultralytics@8.3.41"),
            ("pkg:pypi/Pkg@1.0.POST1", "pkg:pypi/pkg@1.0.post1"),
            ("pkg:npm/Flatmap-Stream", "pkg:npm/flatmap-stream"),
            ("pkg:maven/Org.Example/Lib@1", "pkg:maven/org.example/lib@1"),
            (
                "pkg:nuget/EnterpriseLibrary.Common@6.0.1304",
                "pkg:nuget/enterpriselibrary.common@6.0.1304",
            ),
        ] {
            assert_eq!(key(given), want, "{given}");
        }
        // torchtriton and torch-triton are different PyPI projects.
        assert_eq!(key("pkg:pypi/torch_triton"), "pkg:pypi/torch-triton");
        assert_eq!(key("pkg:pypi/Torch.Triton"), "pkg:pypi/torch-triton");
        assert_ne!(key("pkg:pypi/torch_triton"), key("pkg:pypi/torchtriton"));
        // Other types keep their separators.
        assert_eq!(key("pkg:npm/a_b"), "pkg:npm/a_b");
    }

    #[test]
    fn malformed_purls_say_why() {
        for (given, why) in [
            ("pypi/torchtriton@3.0.0", "no `pkg:` scheme"),
            (
                "https://pypi.org/project/torchtriton",
                "the scheme is `https`",
            ),
            ("pkg:torchtriton", "no type and name"),
            ("pkg:3pypi/torchtriton", "invalid type `3pypi`"),
            ("pkg:pypi/torch%7triton", "invalid percent-encoding `%7t`"),
            ("pkg:pypi/torch%", "invalid percent-encoding `%`"),
            ("pkg:pypi/torch%FFtriton", "not UTF-8"),
            ("pkg:pypi/@3.0.0", "no name"),
            ("pkg:pypi/torch%2Ftriton", "contains `/`"),
        ] {
            match parse(given) {
                Ok(p) => panic!("{given} parsed: {p:?}"),
                Err(e) => assert!(e.contains(why), "{given}: {e}"),
            }
        }
        for (given, why) in [
            (
                "pkg:pypi/evil/torchtriton@3.0.0",
                "type `pypi` has no namespace, but `evil` is given",
            ),
            (
                "pkg:npm/x?in%20production=true",
                "invalid qualifier key `in%20production`",
            ),
            ("pkg:npm/x?a=1&a=2", "qualifier `a` given twice"),
            ("pkg:npm/x?flag", "qualifier `flag` without `=`"),
        ] {
            match parse(given) {
                Ok(p) => assert_eq!(p.problem(), Some(why), "{given}"),
                Err(e) => panic!("{given}: {e}"),
            }
        }
    }

    #[test]
    fn every_registered_type_has_a_definition_order() {
        let names: Vec<&str> = TYPES.iter().map(|r| r.ty).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted, "TYPES sorted and unique, for binary search");
        assert!(TYPES.len() <= 64, "EcoSet is a u64");
        assert!(type_rule("pypi").is_some() && type_rule("pip").is_none());
    }

    // ----- identities: the attacks on the ban -----

    #[test]
    fn a_consistent_component_gets_no_further_keys() {
        let id = identify(evidence(
            "requests",
            Some("2.31.0"),
            Some("pkg:pypi/requests@2.31.0"),
        ));
        assert_eq!(
            id,
            Identity {
                purl: Some("pkg:pypi/requests@2.31.0".into()),
                purl_id: Some("pkg:pypi/requests@2.31.0".into()),
                package: Some("pkg:pypi/requests".into()),
                ecosystem: Some("pypi".into()),
                ..Identity::default()
            }
        );
        // Spellings of the same name that the ecosystem treats as one.
        let id = identify(evidence(
            "Foo_Bar",
            Some("1.0"),
            Some("pkg:pypi/foo-bar@1.0"),
        ));
        assert!(id.match_ids.is_empty(), "{id:?}");
        let mut e = evidence("core", Some("7.0.0"), Some("pkg:npm/%40babel/core@7.0.0"));
        e.group = Some("@babel");
        assert!(identify(e).match_ids.is_empty());
        let id = identify(evidence(
            "@babel/core",
            Some("7.0.0"),
            Some("pkg:npm/%40babel/core@7.0.0"),
        ));
        assert!(id.match_ids.is_empty(), "{id:?}");
        let mut e = evidence(
            "jackson-core",
            Some("2.20.1"),
            Some("pkg:maven/com.fasterxml.jackson.core/jackson-core@2.20.1"),
        );
        e.group = Some("com.fasterxml.jackson.core");
        assert!(identify(e).match_ids.is_empty());
        let id = identify(evidence(
            "libc6",
            Some("2.36-9"),
            Some("pkg:deb/debian/libc6@2.36-9?arch=amd64"),
        ));
        assert!(id.match_ids.is_empty(), "{id:?}");
    }

    #[test]
    fn percent_encoded_and_upper_case_purls_match_their_package() {
        let id = identify(evidence(
            "torchtriton",
            Some("3.0.0"),
            Some("pkg:pypi/torch%74riton@3.0.0"),
        ));
        assert_eq!(id.purl_id.as_deref(), Some("pkg:pypi/torchtriton@3.0.0"));
        assert_eq!(id.purl.as_deref(), Some("pkg:pypi/torchtriton@3.0.0"));
        assert_eq!(id.package.as_deref(), Some("pkg:pypi/torchtriton"));
        let id = identify(evidence("TorchTriton", None, Some("pkg:PYPI/TorchTriton")));
        assert_eq!(id.purl_id.as_deref(), Some("pkg:pypi/torchtriton"));
    }

    #[test]
    fn look_alike_letters_are_folded_for_matching() {
        // Greek omicron, percent-encoded and as written; Cyrillic es and i.
        for purl in [
            "pkg:pypi/t%CE%BFrchtriton@3.0.0",
            "pkg:pypi/t\u{3bf}rchtriton@3.0.0",
            "pkg:pypi/tor\u{441}htr\u{456}ton@3.0.0",
            // A zero-width space and a full-width letter, percent-encoded.
            "pkg:pypi/torch%E2%80%8Btriton@3.0.0",
            "pkg:pypi/%EF%BD%94orchtriton@3.0.0",
        ] {
            let id = identify(evidence("x", Some("3.0.0"), Some(purl)));
            assert!(
                id.match_ids
                    .contains(&"pkg:pypi/torchtriton@3.0.0".to_string()),
                "{purl}: {id:?}"
            );
            assert_ne!(id.purl_id.as_deref(), Some("pkg:pypi/torchtriton@3.0.0"));
        }
        // Without a purl, in a known ecosystem.
        let mut e = evidence("t\u{3bf}rchtriton", Some("3.0.0"), None);
        e.hints.insert("pypi");
        let id = identify(e);
        assert!(
            id.match_ids
                .contains(&"pkg:pypi/torchtriton@3.0.0".to_string()),
            "{id:?}"
        );
        // Full-width letters and invisible characters.
        for name in [
            "\u{ff54}\u{ff4f}\u{ff52}\u{ff43}\u{ff48}triton",
            "torch\u{200b}triton",
            "torch\u{ad}triton",
        ] {
            let id = identify(evidence(name, None, None));
            assert!(
                id.match_names.contains(&"torchtriton".to_string()),
                "{name}: {id:?}"
            );
        }
        // ASCII is taken as written: `0` is not `o`.
        let id = identify(evidence("t0rchtriton", None, Some("pkg:pypi/t0rchtriton")));
        assert!(
            id.match_ids.is_empty() && id.match_names.is_empty(),
            "{id:?}"
        );
    }

    #[test]
    fn a_component_without_purl_is_matched_by_ecosystem_and_name() {
        let mut e = evidence("TorchTriton", Some("3.0.0"), None);
        e.hints.insert("pypi");
        let id = identify(e);
        assert_eq!(id.purl, None);
        assert_eq!(id.purl_id, None);
        assert_eq!(id.ecosystem.as_deref(), Some("pypi"));
        assert_eq!(id.match_ids, vec!["pkg:pypi/torchtriton@3.0.0"]);
        assert!(id.match_names.is_empty());

        // npm scope from the CycloneDX group; Maven coordinates from group and name.
        let mut e = evidence("core", Some("1.0"), None);
        e.group = Some("@evil");
        e.hints.insert("npm");
        assert_eq!(identify(e).match_ids, vec!["pkg:npm/%40evil/core@1.0"]);
        let mut e = evidence("log4j-core", Some("2.14.1"), None);
        e.group = Some("org.apache.logging.log4j");
        e.hints.insert("maven");
        assert_eq!(
            identify(e).match_ids,
            vec!["pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"]
        );

        // Unknown ecosystem: the name alone, fail closed.
        let id = identify(evidence("torchtriton", Some("3.0.0"), None));
        assert_eq!(id.ecosystem, None);
        assert!(id.match_ids.is_empty());
        assert_eq!(id.match_names, vec!["torchtriton@3.0.0"]);
        let id = identify(evidence("Torch_Triton", None, None));
        assert_eq!(id.match_names, vec!["torch_triton", "torch-triton"]);
        let mut e = evidence("core", None, None);
        e.group = Some("org.example");
        assert_eq!(identify(e).match_names, vec!["org.example/core", "core"]);

        // Several ecosystems named: keys in each, no single `ecosystem`.
        let mut e = evidence("torchtriton", None, None);
        e.hints.insert("pypi");
        e.hints.insert("npm");
        let id = identify(e);
        assert_eq!(id.ecosystem, None);
        assert_eq!(
            id.match_ids,
            vec!["pkg:npm/torchtriton", "pkg:pypi/torchtriton"]
        );
    }

    #[test]
    fn a_malformed_purl_is_kept_reported_and_still_matched() {
        let id = identify(evidence(
            "torchtriton",
            Some("3.0.0"),
            Some("pkg:pypi/torch%7triton@3.0.0"),
        ));
        assert_eq!(
            id.purl.as_deref(),
            Some("pkg:pypi/torch%7triton@3.0.0"),
            "verbatim"
        );
        assert_eq!(id.purl_id, None);
        assert_eq!(id.package, None);
        assert!(
            id.purl_error
                .as_deref()
                .is_some_and(|e| e.contains("percent")),
            "{id:?}"
        );
        assert_eq!(
            id.ecosystem.as_deref(),
            Some("pypi"),
            "from the type that could be read"
        );
        assert!(
            id.match_ids
                .contains(&"pkg:pypi/torchtriton@3.0.0".to_string()),
            "{id:?}"
        );

        // No scheme: nothing can be read of it; the name is matched in any ecosystem.
        let id = identify(evidence(
            "torchtriton",
            Some("3.0.0"),
            Some("pypi/torchtriton@3.0.0"),
        ));
        assert!(id.purl_error.is_some());
        assert_eq!(id.match_names, vec!["torchtriton@3.0.0"]);

        // A namespace pypi does not have.
        let id = identify(evidence(
            "x",
            Some("3.0.0"),
            Some("pkg:pypi/evil/torchtriton@3.0.0"),
        ));
        assert_eq!(
            id.purl_id.as_deref(),
            Some("pkg:pypi/evil/torchtriton@3.0.0")
        );
        assert!(id.purl_error.is_some());
        assert!(
            id.match_ids
                .contains(&"pkg:pypi/torchtriton@3.0.0".to_string()),
            "{id:?}"
        );
    }

    #[test]
    fn generic_and_unregistered_types_are_matched_by_name() {
        for purl in [
            "pkg:generic/torchtriton@3.0.0",
            "pkg:pip/torchtriton@3.0.0",
            "pkg:python/TorchTriton@3.0.0",
        ] {
            let id = identify(evidence("x", Some("3.0.0"), Some(purl)));
            assert_eq!(id.ecosystem, None, "{purl}");
            assert!(
                id.match_names.contains(&"torchtriton@3.0.0".to_string()),
                "{purl}: {id:?}"
            );
        }
    }

    #[test]
    fn a_name_or_version_that_disagrees_with_the_purl_is_matched_too() {
        let id = identify(evidence(
            "torchtriton",
            Some("2.31.0"),
            Some("pkg:pypi/requests@2.31.0"),
        ));
        assert_eq!(id.match_ids, vec!["pkg:pypi/torchtriton@2.31.0"]);
        let id = identify(evidence(
            "ultralytics",
            Some("8.3.41"),
            Some("pkg:pypi/ultralytics@8.3.40"),
        ));
        assert_eq!(id.match_ids, vec!["pkg:pypi/ultralytics@8.3.41"]);
        let id = identify(evidence(
            "ultralytics",
            Some("8.3.41"),
            Some("pkg:pypi/ultralytics"),
        ));
        assert_eq!(id.match_ids, vec!["pkg:pypi/ultralytics@8.3.41"]);
    }

    #[test]
    fn other_purls_of_the_component_are_matched() {
        let mut e = evidence("x", None, None);
        e.fallback_purl = Some("pkg:pypi/torchtriton@3.0.0?package-id=1".into());
        let id = identify(e);
        assert_eq!(id.ecosystem.as_deref(), Some("pypi"));
        assert!(
            id.match_ids
                .contains(&"pkg:pypi/torchtriton@3.0.0".to_string()),
            "{id:?}"
        );
        // A bom-ref is not needed when the purl is valid.
        let mut e = evidence("requests", Some("1"), Some("pkg:pypi/requests@1"));
        e.fallback_purl = Some("pkg:pypi/requests@1?package-id=1".into());
        assert!(identify(e).match_ids.is_empty());
        // SPDX package-manager references.
        assert_eq!(
            purl_of_reference("maven-central", "org.apache.tomcat:tomcat:9.0.0.M4").as_deref(),
            Some("pkg:maven/org.apache.tomcat/tomcat@9.0.0.M4")
        );
        assert_eq!(
            purl_of_reference("npm", "http-server@0.3.0").as_deref(),
            Some("pkg:npm/http-server@0.3.0")
        );
        assert_eq!(
            purl_of_reference("npm", "@babel/core@7.0.0").as_deref(),
            Some("pkg:npm/%40babel/core@7.0.0")
        );
        assert_eq!(
            purl_of_reference("nuget", "Microsoft.AspNet.MVC/5.0.0").as_deref(),
            Some("pkg:nuget/Microsoft.AspNet.MVC@5.0.0")
        );
        assert_eq!(purl_of_reference("bower", "modernizr#2.6.2"), None);
    }

    #[test]
    fn ecosystem_hints() {
        assert_eq!(
            eco_of_url("https://pypi.org/project/torchtriton/"),
            Some("pypi")
        );
        assert_eq!(
            eco_of_url("https://files.pythonhosted.org/packages/x.whl"),
            Some("pypi")
        );
        assert_eq!(
            eco_of_url("HTTPS://Registry.NPMJS.org/x/-/x-1.0.tgz"),
            Some("npm")
        );
        assert_eq!(
            eco_of_url("https://repo1.maven.org/maven2/x"),
            Some("maven")
        );
        assert_eq!(
            eco_of_url("https://github.com/pytorch/pytorch"),
            None,
            "a VCS names no ecosystem"
        );
        assert_eq!(eco_of_url("git+https://pypi.org/x"), None);
        assert_eq!(eco_of_url("NOASSERTION"), None);
        assert_eq!(eco_of_property("syft:package:type", "python"), Some("pypi"));
        assert_eq!(
            eco_of_property("syft:package:language", "go"),
            Some("golang")
        );
        assert_eq!(
            eco_of_property("syft:package:type", "java-archive"),
            Some("maven")
        );
        assert_eq!(
            eco_of_property("cdx:npm:package:bundled", "true"),
            Some("npm")
        );
        assert_eq!(eco_of_property("cdx:poetry:group", "main"), Some("pypi"));
        assert_eq!(eco_of_property("syft:location:0:path", "/x"), None);
        assert_eq!(
            eco_of_cpe("cpe:2.3:a:python:torchtriton:3.0.0:*:*:*:*:python:*:*"),
            Some("pypi")
        );
        assert_eq!(
            eco_of_cpe("cpe:2.3:a:x:y:1:*:*:*:*:node.js:*:*"),
            Some("npm")
        );
        assert_eq!(eco_of_cpe("cpe:2.3:a:x:y:1:*:*:*:*:*:*:*"), None);
        for (t, eco) in [
            ("homebrew", "brew"),
            ("github-action", "github"),
            ("apk", "apk"),
        ] {
            assert_eq!(eco_of_tool_type(t), Some(eco), "{t}");
        }
        // Every ecosystem a hint can name is a registered type.
        let mut set = EcoSet::default();
        for t in [
            "pypi",
            "npm",
            "maven",
            "golang",
            "cargo",
            "gem",
            "composer",
            "nuget",
            "pub",
            "conan",
            "hackage",
            "hex",
            "otp",
            "cocoapods",
            "swift",
            "cran",
            "luarocks",
            "opam",
            "conda",
            "deb",
            "rpm",
            "brew",
            "github",
            "apk",
            "alpm",
            "huggingface",
            "cpan",
        ] {
            let before = set;
            set.insert(t);
            assert_ne!(set, before, "{t} is registered");
        }
        let mut g = EcoSet::default();
        g.insert("generic");
        assert!(g.is_empty(), "generic names no ecosystem");
    }
}
