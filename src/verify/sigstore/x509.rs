//! X.509 on `x509-cert`: certificate chains checked against trusted chains at a given time,
//! the Fulcio identity (SAN and OIDC issuer extension) and embedded SCTs (RFC 6962 §3.2:
//! the precertificate TBS is the leaf's with the SCT list extension removed).

use super::crypto::{self, PubKey};
use const_oid::ObjectIdentifier;
use der::asn1::{OctetString, Utf8StringRef};
use der::{Decode, Encode};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAltName};
use x509_cert::Certificate;

const SAN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.17");
const KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");
pub(crate) const EXT_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
pub(crate) const EKU_ANY: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37.0");
pub(crate) const KEY_USAGE_EXT: ObjectIdentifier = KEY_USAGE;
pub(crate) const NAME_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.30");
const BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");
pub(crate) const SUBJECT_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");
pub(crate) const EKU_CODE_SIGNING: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.3");
pub(crate) const EKU_TIME_STAMPING: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");
const SCT_LIST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.11129.2.4.2");
/// Fulcio's OIDC issuer, v1 (raw string) and v2 (DER UTF8String).
const FULCIO_ISSUER_V1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.57264.1.1");
const FULCIO_ISSUER_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.57264.1.8");

/// A parsed certificate with its DER and public key.
#[derive(Debug, Clone)]
pub(crate) struct Cert {
    pub der: Vec<u8>,
    pub cert: Certificate,
    pub key: Result<PubKey, String>,
}

impl Cert {
    pub(crate) fn from_der(der: &[u8]) -> Result<Cert, String> {
        let cert =
            Certificate::from_der(der).map_err(|e| format!("not a DER X.509 certificate: {e}"))?;
        let key = PubKey::from_spki(&cert.tbs_certificate.subject_public_key_info);
        Ok(Cert {
            der: der.to_vec(),
            cert,
            key,
        })
    }

    pub(crate) fn not_before(&self) -> i64 {
        secs(
            self.cert
                .tbs_certificate
                .validity
                .not_before
                .to_unix_duration(),
        )
    }
    pub(crate) fn not_after(&self) -> i64 {
        secs(
            self.cert
                .tbs_certificate
                .validity
                .not_after
                .to_unix_duration(),
        )
    }
    /// Whether `t` (Unix seconds) is inside the validity period, both ends included.
    pub(crate) fn valid_at(&self, t: i64) -> bool {
        self.not_before() <= t && t <= self.not_after()
    }

    pub(crate) fn subject_der(&self) -> Vec<u8> {
        self.cert
            .tbs_certificate
            .subject
            .to_der()
            .unwrap_or_default()
    }
    pub(crate) fn issuer_der(&self) -> Vec<u8> {
        self.cert
            .tbs_certificate
            .issuer
            .to_der()
            .unwrap_or_default()
    }
    pub(crate) fn subject(&self) -> String {
        self.cert.tbs_certificate.subject.to_string()
    }
    pub(crate) fn is_self_signed(&self) -> bool {
        self.subject_der() == self.issuer_der() && self.signed_by(self).is_ok()
    }

    fn extension(&self, oid: ObjectIdentifier) -> Option<&x509_cert::ext::Extension> {
        self.cert
            .tbs_certificate
            .extensions
            .as_ref()?
            .iter()
            .find(|e| e.extn_id == oid)
    }

    pub(crate) fn subject_key_id(&self) -> Option<Vec<u8>> {
        let ext = self.extension(SUBJECT_KEY_ID)?;
        let ski = OctetString::from_der(ext.extn_value.as_bytes()).ok()?;
        Some(ski.as_bytes().to_vec())
    }

    /// Checks that `issuer` issued this certificate: names chain and the signature verifies.
    pub(crate) fn signed_by(&self, issuer: &Cert) -> Result<(), String> {
        if self.issuer_der() != issuer.subject_der() {
            return Err(format!(
                "issuer `{}` is not `{}`",
                self.cert.tbs_certificate.issuer,
                issuer.subject()
            ));
        }
        let key = issuer.key.as_ref().map_err(|e| e.clone())?;
        let tbs = self
            .cert
            .tbs_certificate
            .to_der()
            .map_err(|e| e.to_string())?;
        let sig = self
            .cert
            .signature
            .as_bytes()
            .ok_or("certificate signature has unused bits")?;
        crypto::verify_with_algorithm(key, &self.cert.signature_algorithm.oid, &tbs, sig)
            .map_err(|e| format!("signature by `{}`: {e}", issuer.subject()))
    }

    pub(crate) fn is_ca(&self) -> bool {
        self.extension(BASIC_CONSTRAINTS)
            .and_then(|e| BasicConstraints::from_der(e.extn_value.as_bytes()).ok())
            .is_some_and(|b| b.ca)
    }

    /// Key usage keyCertSign (when the extension is present): may this CA sign certificates.
    pub(crate) fn allows_cert_sign(&self) -> bool {
        match self.extension(KEY_USAGE) {
            None => true,
            Some(e) => KeyUsage::from_der(e.extn_value.as_bytes())
                .map(|k| k.key_cert_sign())
                .unwrap_or(false),
        }
    }

    /// Key usage digitalSignature (when the extension is present).
    pub(crate) fn allows_digital_signature(&self) -> bool {
        match self.extension(KEY_USAGE) {
            None => true,
            Some(e) => KeyUsage::from_der(e.extn_value.as_bytes())
                .map(|k| k.digital_signature())
                .unwrap_or(false),
        }
    }

    /// The basic constraints' pathLenConstraint: how many CA certificates may follow this one
    /// on a path to a leaf (`None` when unconstrained).
    pub(crate) fn path_len(&self) -> Option<u8> {
        self.extension(BASIC_CONSTRAINTS)
            .and_then(|e| BasicConstraints::from_der(e.extn_value.as_bytes()).ok())
            .and_then(|b| b.path_len_constraint)
    }

    /// Whether the certificate has the extension `oid`.
    pub(crate) fn has_extension(&self, oid: ObjectIdentifier) -> bool {
        self.extension(oid).is_some()
    }

    /// The critical extensions other than those a certificate-chain check here processes
    /// (basic constraints, key usage, extended key usage, subject alternative name, key
    /// identifiers): RFC 5280 § 4.2 says such a certificate must be rejected.
    pub(crate) fn unprocessed_critical(&self) -> Vec<String> {
        const AUTHORITY_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.35");
        let known = [
            BASIC_CONSTRAINTS,
            KEY_USAGE,
            EXT_KEY_USAGE,
            SAN,
            SUBJECT_KEY_ID,
            AUTHORITY_KEY_ID,
        ];
        self.cert
            .tbs_certificate
            .extensions
            .iter()
            .flatten()
            .filter(|e| e.critical && !known.contains(&e.extn_id))
            .map(|e| e.extn_id.to_string())
            .collect()
    }

    /// Whether the extended key usage extension lists `oid` (`false` when it is absent).
    pub(crate) fn has_eku(&self, oid: ObjectIdentifier) -> bool {
        self.extension(EXT_KEY_USAGE)
            .and_then(|e| ExtendedKeyUsage::from_der(e.extn_value.as_bytes()).ok())
            .is_some_and(|eku| eku.0.contains(&oid))
    }

    /// The SAN values: URIs, e-mail addresses and DNS names, in order.
    pub(crate) fn san_values(&self) -> Vec<String> {
        let Some(ext) = self.extension(SAN) else {
            return Vec::new();
        };
        let Ok(san) = SubjectAltName::from_der(ext.extn_value.as_bytes()) else {
            return Vec::new();
        };
        san.0
            .iter()
            .filter_map(|n| match n {
                GeneralName::UniformResourceIdentifier(s)
                | GeneralName::Rfc822Name(s)
                | GeneralName::DnsName(s) => Some(s.to_string()),
                GeneralName::OtherName(o) => o
                    .value
                    .decode_as::<Utf8StringRef<'_>>()
                    .ok()
                    .map(|s| s.to_string()),
                _ => None,
            })
            .collect()
    }

    /// The OIDC issuer Fulcio recorded (v2 extension preferred, then v1).
    pub(crate) fn oidc_issuer(&self) -> Option<String> {
        if let Some(e) = self.extension(FULCIO_ISSUER_V2) {
            if let Ok(s) = Utf8StringRef::from_der(e.extn_value.as_bytes()) {
                return Some(s.to_string());
            }
        }
        self.extension(FULCIO_ISSUER_V1)
            .and_then(|e| String::from_utf8(e.extn_value.as_bytes().to_vec()).ok())
    }

    /// The embedded SCT list (RFC 6962 §3.3), if the certificate has one.
    pub(crate) fn scts(&self) -> Option<Result<Vec<Sct>, String>> {
        let ext = self.extension(SCT_LIST)?;
        Some(
            OctetString::from_der(ext.extn_value.as_bytes())
                .map_err(|e| format!("SCT list extension is not an OCTET STRING: {e}"))
                .and_then(|o| parse_sct_list(o.as_bytes())),
        )
    }

    /// The TBS certificate without the SCT list extension, DER-encoded: what a CT log signed.
    pub(crate) fn precert_tbs(&self) -> Result<Vec<u8>, String> {
        let mut tbs = self.cert.tbs_certificate.clone();
        if let Some(exts) = tbs.extensions.as_mut() {
            exts.retain(|e| e.extn_id != SCT_LIST);
        }
        tbs.to_der().map_err(|e| e.to_string())
    }

    pub(crate) fn spki_der(&self) -> Vec<u8> {
        self.cert
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .unwrap_or_default()
    }

    pub(crate) fn serial_hex(&self) -> String {
        hex::encode(self.cert.tbs_certificate.serial_number.as_bytes())
    }
}

/// Every certificate of a PEM text (`CERTIFICATE` blocks; at least one). Read block by block
/// with the lenient reader of `crypto` (x509-cert's `load_pem_chain` panics on empty input).
pub(crate) fn certs_from_pem(text: &[u8]) -> Result<Vec<Cert>, String> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    let text = std::str::from_utf8(text).map_err(|e| format!("not PEM text: {e}"))?;
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        rest = &rest[start..];
        let der = crypto::pem_block(rest, &["CERTIFICATE"])?;
        out.push(Cert::from_der(&der).map_err(|e| format!("certificate {}: {e}", out.len()))?);
        rest = &rest[BEGIN.len()..];
    }
    if out.is_empty() {
        return Err("no CERTIFICATE block".into());
    }
    Ok(out)
}

fn secs(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

/// One signed certificate timestamp (RFC 6962 §3.2, v1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sct {
    pub log_id: [u8; 32],
    /// Milliseconds since the epoch.
    pub timestamp: u64,
    pub extensions: Vec<u8>,
    pub hash_alg: u8,
    pub sig_alg: u8,
    pub signature: Vec<u8>,
}

impl Sct {
    /// The `digitally-signed` input for an SCT over a precertificate entry.
    pub(crate) fn signed_data(&self, issuer_key_hash: &[u8; 32], tbs: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(tbs.len() + 64);
        out.push(0); // version v1
        out.push(0); // signature_type certificate_timestamp
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out.extend_from_slice(&1u16.to_be_bytes()); // entry_type precert_entry
        out.extend_from_slice(issuer_key_hash);
        let len = tbs.len() as u32;
        out.extend_from_slice(&len.to_be_bytes()[1..]);
        out.extend_from_slice(tbs);
        out.extend_from_slice(&(self.extensions.len() as u16).to_be_bytes());
        out.extend_from_slice(&self.extensions);
        out
    }
}

/// A cursor over TLS presentation-language bytes.
struct Tls<'a>(&'a [u8]);

impl<'a> Tls<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.0.len() < n {
            return Err("SCT list is truncated".into());
        }
        let (h, t) = self.0.split_at(n);
        self.0 = t;
        Ok(h)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<usize, String> {
        let b = self.take(2)?;
        Ok(usize::from(u16::from_be_bytes([b[0], b[1]])))
    }
    fn vec16(&mut self) -> Result<&'a [u8], String> {
        let n = self.u16()?;
        self.take(n)
    }
}

pub(crate) fn parse_sct_list(bytes: &[u8]) -> Result<Vec<Sct>, String> {
    let mut outer = Tls(bytes);
    let mut list = Tls(outer.vec16()?);
    if !outer.0.is_empty() {
        return Err("trailing bytes after the SCT list".into());
    }
    let mut out = Vec::new();
    while !list.0.is_empty() {
        let mut s = Tls(list.vec16()?);
        let version = s.u8()?;
        if version != 0 {
            return Err(format!("unsupported SCT version {version}"));
        }
        let log_id: [u8; 32] = s
            .take(32)?
            .try_into()
            .map_err(|_| "SCT log id is not 32 bytes".to_string())?;
        let ts = s.take(8)?;
        let mut tsb = [0u8; 8];
        tsb.copy_from_slice(ts);
        let extensions = s.vec16()?.to_vec();
        let hash_alg = s.u8()?;
        let sig_alg = s.u8()?;
        let signature = s.vec16()?.to_vec();
        if !s.0.is_empty() {
            return Err("trailing bytes in an SCT".into());
        }
        out.push(Sct {
            log_id,
            timestamp: u64::from_be_bytes(tsb),
            extensions,
            hash_alg,
            sig_alg,
            signature,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
