//! `trusted_root.json` read into keys and certificate chains with their validity windows.
//! Every entry must be usable: a key that does not parse or a validity window without a start
//! is an error of the trust root (never read as "valid since forever").

use super::crypto::{self, PubKey};
use super::model::{AuthorityJson, LogInstanceJson, TimeRangeJson, TrustedRootJson};
use super::x509::Cert;
use crate::error::{Location, Result};
use crate::formats::Doc;
use std::path::Path;

/// A closed time interval in Unix seconds; `end` absent means still valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeRange {
    pub start: i64,
    pub end: Option<i64>,
}

impl TimeRange {
    /// Whether `t` lies in the interval, both ends included.
    pub fn contains(&self, t: i64) -> bool {
        self.start <= t && self.end.is_none_or(|e| t <= e)
    }
}

/// A transparency log (Rekor) or certificate transparency log of the trusted root.
#[derive(Debug, Clone)]
pub(crate) struct TrustedLog {
    pub base_url: String,
    /// The log's name in checkpoints: the host (and port) of its base URL.
    pub name: String,
    pub key_id: Vec<u8>,
    pub key: PubKey,
    pub valid: TimeRange,
}

/// A certificate authority (Fulcio) or timestamp authority of the trusted root: its chain,
/// from the certificate that issues (or, for a TSA, signs) down to the root.
#[derive(Debug, Clone)]
pub(crate) struct TrustedAuthority {
    pub uri: String,
    pub chain: Vec<Cert>,
    pub valid: TimeRange,
}

/// The trust material a verification is made against, read from a `trusted_root.json` that
/// the user supplies (for the public-good instance: the file its clients embed). Never fetched.
#[derive(Debug, Clone)]
pub struct TrustedRoot {
    pub(crate) media_type: String,
    pub(crate) tlogs: Vec<TrustedLog>,
    pub(crate) ctlogs: Vec<TrustedLog>,
    pub(crate) cas: Vec<TrustedAuthority>,
    pub(crate) tsas: Vec<TrustedAuthority>,
}

impl TrustedRoot {
    /// Reads and checks a `trusted_root.json`.
    pub fn from_file(path: &Path) -> Result<TrustedRoot> {
        let doc = Doc::read(path, &path.display().to_string())?;
        TrustedRoot::from_doc(&doc)
    }

    /// Parses a trusted root already read; errors carry the file, line or JSON pointer.
    pub fn from_doc(doc: &Doc) -> Result<TrustedRoot> {
        let raw: TrustedRootJson = doc.json()?;
        if !raw
            .media_type
            .starts_with("application/vnd.dev.sigstore.trustedroot")
        {
            return Err(doc.err(
                Location::pointer("/mediaType"),
                format!(
                    "not a Sigstore trusted root (mediaType `{}`, expected application/vnd.dev.sigstore.trustedroot+json;version=0.1)",
                    raw.media_type
                ),
            ));
        }
        let mut tlogs = Vec::new();
        for (i, l) in raw.tlogs.iter().enumerate() {
            tlogs.push(log(doc, l, &format!("/tlogs/{i}"))?);
        }
        let mut ctlogs = Vec::new();
        for (i, l) in raw.ctlogs.iter().enumerate() {
            ctlogs.push(log(doc, l, &format!("/ctlogs/{i}"))?);
        }
        let mut cas = Vec::new();
        for (i, a) in raw.certificate_authorities.iter().enumerate() {
            cas.push(authority(doc, a, &format!("/certificateAuthorities/{i}"))?);
        }
        let mut tsas = Vec::new();
        for (i, a) in raw.timestamp_authorities.iter().enumerate() {
            tsas.push(authority(doc, a, &format!("/timestampAuthorities/{i}"))?);
        }
        Ok(TrustedRoot {
            media_type: raw.media_type,
            tlogs,
            ctlogs,
            cas,
            tsas,
        })
    }

    /// The trusted root's media type.
    pub fn media_type(&self) -> &str {
        &self.media_type
    }

    /// Base URLs of the trusted transparency logs.
    pub fn tlog_urls(&self) -> Vec<&str> {
        self.tlogs.iter().map(|l| l.base_url.as_str()).collect()
    }

    pub(crate) fn tlog_by_id(&self, key_id: &[u8]) -> Option<&TrustedLog> {
        self.tlogs.iter().find(|l| l.key_id == key_id)
    }
}

fn time_range(doc: &Doc, r: Option<&TimeRangeJson>, pointer: &str) -> Result<TimeRange> {
    let Some(r) = r else {
        return Err(doc.err(
            Location::pointer(pointer),
            "validity window `validFor` is missing",
        ));
    };
    let Some(start) = r.start.as_deref() else {
        return Err(doc.err(
            Location::pointer(pointer),
            "validity window has no `start` (an open start is not allowed)",
        ));
    };
    let start = parse_time(start, true)
        .map_err(|m| doc.err(Location::pointer(format!("{pointer}/start")), m))?;
    let end = match r.end.as_deref() {
        None => None,
        Some(e) => Some(
            parse_time(e, false)
                .map_err(|m| doc.err(Location::pointer(format!("{pointer}/end")), m))?,
        ),
    };
    Ok(TimeRange { start, end })
}

/// RFC 3339 to Unix seconds; a fractional second rounds inward (start up, end down) so that
/// whole-second times compare exactly against the interval.
pub(crate) fn parse_time(s: &str, is_start: bool) -> std::result::Result<i64, String> {
    let t = chrono::DateTime::parse_from_rfc3339(s)
        .map_err(|e| format!("`{s}` is not an RFC 3339 time: {e}"))?;
    let secs = t.timestamp();
    Ok(if is_start && t.timestamp_subsec_nanos() > 0 {
        secs + 1
    } else {
        secs
    })
}

fn log(doc: &Doc, l: &LogInstanceJson, pointer: &str) -> Result<TrustedLog> {
    let loc = |p: &str| Location::pointer(format!("{pointer}{p}"));
    let raw = l
        .public_key
        .raw_bytes
        .as_deref()
        .ok_or_else(|| doc.err(loc("/publicKey"), "public key has no `rawBytes`"))?;
    let der = crypto::b64(raw).map_err(|m| doc.err(loc("/publicKey/rawBytes"), m))?;
    let key = PubKey::from_spki_der(&der)
        .or_else(|e| {
            // PKCS1_RSA_* keys may be a bare PKCS#1 RSAPublicKey.
            use rsa::pkcs1::DecodeRsaPublicKey;
            rsa::RsaPublicKey::from_pkcs1_der(&der)
                .map(PubKey::Rsa)
                .map_err(|_| e)
        })
        .map_err(|m| doc.err(loc("/publicKey/rawBytes"), m))?;
    let valid = time_range(
        doc,
        l.public_key.valid_for.as_ref(),
        &format!("{pointer}/publicKey/validFor"),
    )?;
    let key_id = crypto::b64(&l.log_id.key_id).map_err(|m| doc.err(loc("/logId/keyId"), m))?;
    if key_id.is_empty() {
        return Err(doc.err(loc("/logId/keyId"), "log id is empty"));
    }
    Ok(TrustedLog {
        base_url: l.base_url.clone(),
        name: host_of(&l.base_url),
        key_id,
        key,
        valid,
    })
}

/// `https://rekor.sigstore.dev/x` → `rekor.sigstore.dev`.
pub(crate) fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest).to_string()
}

fn authority(doc: &Doc, a: &AuthorityJson, pointer: &str) -> Result<TrustedAuthority> {
    let mut chain = Vec::new();
    for (i, c) in a.cert_chain.certificates.iter().enumerate() {
        let p = Location::pointer(format!("{pointer}/certChain/certificates/{i}/rawBytes"));
        let der = crypto::b64(&c.raw_bytes).map_err(|m| doc.err(p.clone(), m))?;
        chain.push(Cert::from_der(&der).map_err(|m| doc.err(p, m))?);
    }
    if chain.is_empty() {
        return Err(doc.err(
            Location::pointer(format!("{pointer}/certChain")),
            "certificate chain is empty",
        ));
    }
    let valid = time_range(doc, a.valid_for.as_ref(), &format!("{pointer}/validFor"))?;
    Ok(TrustedAuthority {
        uri: a.uri.clone().unwrap_or_default(),
        chain,
        valid,
    })
}

#[cfg(test)]
mod tests;
