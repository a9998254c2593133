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

mod hints;
mod identity;
#[cfg(test)]
mod tests;

pub(super) use hints::{
    eco_of_cpe, eco_of_property, eco_of_tool_type, eco_of_url, purl_of_reference,
};
pub(super) use identity::{identify, Evidence};

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
