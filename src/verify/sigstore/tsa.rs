//! RFC 3161 signed timestamps on `cms` (SignedData, RFC 5652) and `x509-tsp`: the token must
//! be signed by a timestamp authority of the trusted root (certificates embedded in the token
//! are never trusted), its signed attributes must bind the TSTInfo, and the TSTInfo's message
//! imprint must be the digest of the bundle's signature.

use super::crypto::{self, Hash, Signed};
use super::trust::TrustedAuthority;
use super::x509::{Cert, EKU_TIME_STAMPING};
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use const_oid::ObjectIdentifier;
use der::asn1::OctetString;
use der::{Any, Decode, Encode, Tag, Tagged};
use x509_tsp::{MessageImprint, TimeStampResp};

const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CT_TSTINFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
const ATTR_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ATTR_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// A verified timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Timestamp {
    /// genTime, Unix seconds (a fraction is dropped).
    pub time: i64,
    /// URI of the timestamp authority that signed it.
    pub authority: String,
}

/// The fields of a TSTInfo (RFC 3161 §2.4.2) that the check needs. Read element by element so
/// that a genTime with fractional seconds (allowed by RFC 3161) is accepted.
struct TstInfo {
    imprint: MessageImprint,
    gen_time: i64,
}

fn parse_tst_info(der: &[u8]) -> Result<TstInfo, String> {
    let fields =
        Vec::<Any>::from_der(der).map_err(|e| format!("TSTInfo is not a DER SEQUENCE: {e}"))?;
    let [version, _policy, imprint, _serial, gen_time, ..] = fields.as_slice() else {
        return Err("TSTInfo has too few fields".into());
    };
    if version.tag() != Tag::Integer || version.value() != [1] {
        return Err("TSTInfo version is not 1".into());
    }
    let imprint = MessageImprint::from_der(&imprint.to_der().map_err(|e| e.to_string())?)
        .map_err(|e| format!("TSTInfo messageImprint: {e}"))?;
    if gen_time.tag() != Tag::GeneralizedTime {
        return Err("TSTInfo genTime is not a GeneralizedTime".into());
    }
    let gen_time = parse_generalized_time(gen_time.value())?;
    Ok(TstInfo { imprint, gen_time })
}

/// `YYYYMMDDHHMMSS[.f+]Z` to Unix seconds.
fn parse_generalized_time(v: &[u8]) -> Result<i64, String> {
    let s = std::str::from_utf8(v).map_err(|_| "genTime is not ASCII".to_string())?;
    let body = s
        .strip_suffix('Z')
        .ok_or("genTime is not in UTC (no trailing Z)")?;
    let (whole, frac) = body.split_once('.').unwrap_or((body, "0"));
    if whole.len() != 14 || frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("genTime `{s}` is not YYYYMMDDHHMMSS[.fff]Z"));
    }
    chrono::NaiveDateTime::parse_from_str(whole, "%Y%m%d%H%M%S")
        .map(|t| t.and_utc().timestamp())
        .map_err(|e| format!("genTime `{s}`: {e}"))
}

/// Reads the token from a DER `TimeStampResp` (what Sigstore bundles carry) or, failing that,
/// a bare `TimeStampToken`.
fn token(der: &[u8]) -> Result<ContentInfo, String> {
    if let Ok(resp) = TimeStampResp::from_der(der) {
        let status = resp.status.status as u8;
        if status > 1 {
            return Err(format!(
                "timestamp response status is {status} (not granted)"
            ));
        }
        return resp
            .time_stamp_token
            .ok_or_else(|| "timestamp response carries no token".to_string());
    }
    ContentInfo::from_der(der)
        .map_err(|e| format!("not a DER TimeStampResp or TimeStampToken: {e}"))
}

/// Verifies `der` (an RFC 3161 response) as a timestamp over `signed` (the bundle signature)
/// by one of `authorities`.
pub(crate) fn verify_timestamp(
    der: &[u8],
    signed: &[u8],
    authorities: &[TrustedAuthority],
) -> Result<Timestamp, String> {
    let token = token(der)?;
    if token.content_type != ID_SIGNED_DATA {
        return Err("timestamp token is not CMS SignedData".into());
    }
    let sd = SignedData::from_der(&token.content.to_der().map_err(|e| e.to_string())?)
        .map_err(|e| format!("timestamp SignedData: {e}"))?;
    if sd.encap_content_info.econtent_type != ID_CT_TSTINFO {
        return Err("timestamp token does not carry a TSTInfo".into());
    }
    let econtent = sd
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or("timestamp token has no TSTInfo content")?;
    let tst_der = OctetString::from_der(&econtent.to_der().map_err(|e| e.to_string())?)
        .map_err(|e| format!("TSTInfo content is not an OCTET STRING: {e}"))?;
    let tst = parse_tst_info(tst_der.as_bytes())?;

    let imprint_hash = Hash::from_oid(&tst.imprint.hash_algorithm.oid).ok_or(format!(
        "unsupported message imprint algorithm {}",
        tst.imprint.hash_algorithm.oid
    ))?;
    if imprint_hash.digest(signed) != tst.imprint.hashed_message.as_bytes() {
        return Err("the timestamp's message imprint is not the digest of the signature".into());
    }

    let mut errors = Vec::new();
    for si in sd.signer_infos.0.iter() {
        match check_signer(si, tst_der.as_bytes(), tst.gen_time, authorities) {
            Ok(authority) => {
                return Ok(Timestamp {
                    time: tst.gen_time,
                    authority,
                })
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Err("timestamp token has no signer".into())
    } else {
        Err(errors.join("; "))
    }
}

fn check_signer(
    si: &SignerInfo,
    tst_der: &[u8],
    gen_time: i64,
    authorities: &[TrustedAuthority],
) -> Result<String, String> {
    let digest_hash = Hash::from_oid(&si.digest_alg.oid)
        .ok_or(format!("unsupported signer digest {}", si.digest_alg.oid))?;
    let attrs = si
        .signed_attrs
        .as_ref()
        .ok_or("timestamp signer has no signed attributes")?;
    let attr = |oid: ObjectIdentifier| {
        attrs
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| a.values.iter().next())
    };
    let ct = attr(ATTR_CONTENT_TYPE)
        .and_then(|v| v.decode_as::<ObjectIdentifier>().ok())
        .ok_or("signed attributes have no content type")?;
    if ct != ID_CT_TSTINFO {
        return Err("signed content type is not TSTInfo".into());
    }
    let md = attr(ATTR_MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .ok_or("signed attributes have no message digest")?;
    if md.as_bytes() != digest_hash.digest(tst_der) {
        return Err("signed message digest is not the TSTInfo's digest".into());
    }
    let signed_attrs = attrs.to_der().map_err(|e| e.to_string())?;
    let sig = si.signature.as_bytes();

    let mut why = Vec::new();
    for auth in authorities {
        let Some(leaf) = auth.chain.first() else {
            continue;
        };
        if !signer_is(&si.sid, leaf) {
            continue;
        }
        if !auth.valid.contains(gen_time) {
            why.push(format!(
                "time {gen_time} is outside the validity of timestamp authority `{}` in the trusted root",
                auth.uri
            ));
            continue;
        }
        if let Err(e) = chain_valid_at(&auth.chain, gen_time) {
            why.push(e);
            continue;
        }
        if !leaf.has_eku(EKU_TIME_STAMPING) {
            why.push(format!(
                "`{}` is not a timestamping certificate",
                leaf.subject()
            ));
            continue;
        }
        let key = match &leaf.key {
            Ok(k) => k,
            Err(e) => {
                why.push(e.clone());
                continue;
            }
        };
        let res = match si.signature_algorithm.oid {
            crypto::ID_EC_PUBLIC_KEY | RSA_ENCRYPTION => {
                key.verify(Signed::Message(&signed_attrs), Some(digest_hash), sig)
            }
            alg => crypto::verify_with_algorithm(key, &alg, &signed_attrs, sig),
        };
        match res {
            Ok(()) => return Ok(auth.uri.clone()),
            Err(e) => why.push(format!("signature by `{}`: {e}", leaf.subject())),
        }
    }
    if why.is_empty() {
        Err("the timestamp is not signed by a timestamp authority of the trusted root".into())
    } else {
        Err(why.join("; "))
    }
}

fn signer_is(sid: &SignerIdentifier, cert: &Cert) -> bool {
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(iss) => {
            iss.issuer.to_der().ok() == Some(cert.issuer_der())
                && iss.serial_number.as_bytes()
                    == cert.cert.tbs_certificate.serial_number.as_bytes()
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => {
            cert.subject_key_id().as_deref() == Some(ski.0.as_bytes())
        }
    }
}

/// Each certificate of a trusted chain valid at `t` and signed by the next one.
fn chain_valid_at(chain: &[Cert], t: i64) -> Result<(), String> {
    for (i, c) in chain.iter().enumerate() {
        if !c.valid_at(t) {
            return Err(format!(
                "certificate `{}` is not valid at time {t} (valid {}..{})",
                c.subject(),
                c.not_before(),
                c.not_after()
            ));
        }
        if let Some(parent) = chain.get(i + 1) {
            c.signed_by(parent)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
