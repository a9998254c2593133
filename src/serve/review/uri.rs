//! URIs as RFC 3986 splits them, and the sha256 digest a reference carries: enforced by the
//! registry (an OCI reference) or only claimed (a `sha256=` parameter).

pub(super) const DIGEST_OCI: &str = "oci";
pub(super) const DIGEST_CLAIM: &str = "claim";

/// A digest a value carries and its kind, or the malformed digest text.
pub(super) type Carried = Option<Result<(String, &'static str), String>>;

/// A URI as RFC 3986 splits it: `scheme://authority/path?query#fragment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Uri<'a> {
    /// As written.
    pub(super) scheme: &'a str,
    pub(super) authority: &'a str,
    pub(super) path: &'a str,
    pub(super) query: Option<&'a str>,
    pub(super) fragment: Option<&'a str>,
}

impl<'a> Uri<'a> {
    /// `None` unless `text` starts with a scheme (a letter, then letters, digits, `+ - .`)
    /// followed by `://`.
    pub(super) fn parse(text: &'a str) -> Option<Uri<'a>> {
        let (scheme, rest) = text.split_once("://")?;
        let mut bytes = scheme.bytes();
        let first = bytes.next()?;
        if !first.is_ascii_alphabetic()
            || !bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        {
            return None;
        }
        let (rest, fragment) = match rest.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (rest, None),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        Some(Uri {
            scheme,
            authority,
            path,
            query,
            fragment,
        })
    }

    /// `authority` and `path`: what names the resource.
    fn reference(&self, text: &'a str) -> &'a str {
        let start = self.scheme.len() + 3;
        &text[start..start + self.authority.len() + self.path.len()]
    }
}

/// The scheme of a value (lower case, "" when it is no URI) and the digest it carries.
pub(super) fn uri_facts(value: &str) -> (String, Carried) {
    let Some(uri) = Uri::parse(value) else {
        return (String::new(), None);
    };
    let plain = uri.query.is_none() && uri.fragment.is_none();
    let carried = match uri.scheme {
        // As KServe matches them (case-sensitive): the modelcar or image volume is pulled by
        // exactly this reference. With a query or fragment it is no image reference at all.
        "oci" | "oci+native" if plain => {
            oci_digest(uri.reference(value)).map(|r| r.map(|d| (d, DIGEST_OCI)))
        }
        "oci" | "oci+native" => None,
        // Other OCI modes (`oci+fetch`) are downloaded by the storage initializer.
        s if s.starts_with("oci+") && plain => {
            oci_digest(uri.reference(value)).map(|r| r.map(|d| (d, DIGEST_CLAIM)))
        }
        _ => claimed_digest(&uri),
    };
    (uri.scheme.to_ascii_lowercase(), carried)
}

/// The `@sha256:` digest of an OCI reference `registry/repo[:tag]@sha256:<hex>`: `Err` when
/// the reference has one that is malformed, or is malformed around it.
pub(super) fn oci_digest(reference: &str) -> Option<Result<String, String>> {
    let (name, digest) = reference.rsplit_once('@')?;
    if name.is_empty()
        || name
            .chars()
            .any(|c| c == '@' || c == '?' || c == '#' || c.is_whitespace() || c.is_control())
    {
        return Some(Err(reference.to_string()));
    }
    Some(normalize_digest(digest).ok_or_else(|| digest.to_string()))
}

/// A `sha256=<hex>` query parameter or fragment: a claim nothing enforces.
fn claimed_digest(uri: &Uri) -> Carried {
    let parts = uri
        .query
        .into_iter()
        .chain(uri.fragment)
        .flat_map(|p| p.split(['&', ';']));
    for part in parts {
        if let Some((k, v)) = part.split_once('=') {
            if k.eq_ignore_ascii_case("sha256") {
                let d = format!("sha256:{v}");
                return Some(normalize_digest(&d).map(|n| (n, DIGEST_CLAIM)).ok_or(d));
            }
        }
    }
    None
}

/// `sha256:<64 hex>` (case ignored) as `sha256:<lowercase hex>`.
pub fn normalize_digest(text: &str) -> Option<String> {
    let hex = text.strip_prefix("sha256:")?;
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("sha256:{}", hex.to_ascii_lowercase()))
}

/// The digest an image reference is pinned by (`name[:tag]@sha256:<hex>`).
pub fn image_digest(image: &str) -> Option<String> {
    let (_, d) = image.rsplit_once('@')?;
    normalize_digest(d)
}
