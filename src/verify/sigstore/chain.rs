//! The certificate chain step on rustls-webpki: RFC 5280 path validation (signatures, basic
//! constraints, path length, validity, critical extensions, extended key usage) from a leaf to
//! a trust anchor through given intermediates, at a given time.

use rustls_pki_types::{CertificateDer, SignatureVerificationAlgorithm, UnixTime};
use webpki::{EndEntityCert, KeyUsage};

/// id-kp-codeSigning (1.3.6.1.5.5.7.3.3) as the OID's DER content octets, the form webpki
/// compares.
pub(crate) const EKU_CODE_SIGNING: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03];

/// The certificate signature algorithms accepted: those the RustCrypto verifier accepted
/// before (ECDSA P-256/P-384 with SHA-256/384, Ed25519, RSA PKCS#1 v1.5), through ring, which
/// rustls already builds. Not ECDSA with SHA-512 (ring has none; Fulcio does not use it) and
/// not RSA keys under 2048 bits.
static ALGORITHMS: &[&dyn SignatureVerificationAlgorithm] = &[
    webpki::ring::ECDSA_P256_SHA256,
    webpki::ring::ECDSA_P256_SHA384,
    webpki::ring::ECDSA_P384_SHA256,
    webpki::ring::ECDSA_P384_SHA384,
    webpki::ring::ED25519,
    webpki::ring::RSA_PKCS1_2048_8192_SHA256,
    webpki::ring::RSA_PKCS1_2048_8192_SHA384,
    webpki::ring::RSA_PKCS1_2048_8192_SHA512,
    webpki::ring::RSA_PKCS1_2048_8192_SHA256_ABSENT_PARAMS,
    webpki::ring::RSA_PKCS1_2048_8192_SHA384_ABSENT_PARAMS,
    webpki::ring::RSA_PKCS1_2048_8192_SHA512_ABSENT_PARAMS,
];

/// Verifies that the certificate `leaf` (DER) chains to the trust anchor `anchor` (DER; its
/// own signature and validity are not looked at, as for any anchor) through `intermediates`
/// at `unix` seconds, with the extended key usage `eku` on the leaf and on every intermediate
/// (a CA certificate without that usage may not issue for it). Returns the DER
/// SubjectPublicKeyInfo of the leaf's issuer on the verified path.
pub(crate) fn verify(
    leaf: &[u8],
    anchor: &[u8],
    intermediates: &[&[u8]],
    unix: i64,
    eku: &'static [u8],
) -> Result<Vec<u8>, String> {
    let secs = u64::try_from(unix).map_err(|_| format!("time {unix} is before 1970"))?;
    let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(secs));
    let anchor_der = CertificateDer::from(anchor);
    let anchor = webpki::anchor_from_trusted_cert(&anchor_der)
        .map_err(|e| format!("the trust anchor is not usable: {}", describe(&e)))?;
    let anchors = [anchor];
    let intermediates: Vec<CertificateDer<'_>> = intermediates
        .iter()
        .map(|c| CertificateDer::from(*c))
        .collect();
    let leaf_der = CertificateDer::from(leaf);
    let leaf = EndEntityCert::try_from(&leaf_der)
        .map_err(|e| format!("the certificate is not usable: {}", describe(&e)))?;
    let path = leaf
        .verify_for_usage(
            ALGORITHMS,
            &anchors,
            &intermediates,
            time,
            KeyUsage::required(eku),
            None,
            None,
        )
        .map_err(|e| describe(&e))?;
    Ok(path.issuer_spki().as_ref().to_vec())
}

/// Why webpki refused, in words (its own `Display` is the `Debug` form).
fn describe(e: &webpki::Error) -> String {
    use webpki::Error as E;
    let at = |t: &UnixTime| super::rfc3339(i64::try_from(t.as_secs()).unwrap_or(i64::MAX));
    match e {
        E::UnknownIssuer => {
            "no certificate on a path to the trust anchor issued it (issuer unknown)".into()
        }
        E::InvalidSignatureForPublicKey => {
            "a certificate's signature does not verify with its issuer's key".into()
        }
        E::CertExpired { time, not_after } => format!(
            "a certificate of the chain expired at {} (checked at {})",
            at(not_after),
            at(time)
        ),
        E::CertNotValidYet { time, not_before } => format!(
            "a certificate of the chain is valid only from {} (checked at {})",
            at(not_before),
            at(time)
        ),
        E::InvalidCertValidity => "a certificate's validity period ends before it starts".into(),
        E::EndEntityUsedAsCa => {
            "an issuing certificate is not a CA (basic constraints without cA)".into()
        }
        E::CaUsedAsEndEntity => "the signing certificate is a CA (basic constraints cA)".into(),
        E::PathLenConstraintViolated => {
            "the path is longer than a CA's pathLenConstraint allows".into()
        }
        E::UnsupportedCriticalExtension => {
            "a certificate of the chain has a critical extension that is not understood (RFC 5280 § 4.2)".into()
        }
        E::RequiredEkuNotFoundContext(_) | E::EmptyEkuExtension => {
            "a certificate of the chain lacks the extended key usage codeSigning".into()
        }
        E::NameConstraintViolation => "a CA's name constraints exclude the certificate".into(),
        E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_)
        | E::SignatureAlgorithmMismatch => {
            "a certificate of the chain uses an unsupported signature algorithm".into()
        }
        E::UnsupportedCertVersion => "a certificate of the chain is not X.509 v3".into(),
        E::BadDer | E::BadDerTime | E::TrailingData(_) | E::MalformedExtensions => {
            "a certificate of the chain is malformed DER".into()
        }
        other => format!("rejected by webpki ({other:?})"),
    }
}

#[cfg(test)]
mod tests;
