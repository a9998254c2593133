//! The signing certificate at every verified time: usage, its chain to a certificate authority
//! of the trusted root (rustls-webpki, `chain.rs`), validity, an SCT from a trusted CT log, and
//! an allowed identity.

use super::chain;
use super::crypto::{self, Hash, Signed};
use super::trust::TrustedAuthority;
use super::x509::{self, Cert};
use super::{rfc3339, BundleVerification, Check, TimeSource, TrustPolicy, VerifiedTime};

pub(super) fn check_certificate(
    leaf: &Cert,
    times: &[VerifiedTime],
    trust: &TrustPolicy,
    out: &mut BundleVerification,
) {
    if leaf.is_ca() {
        out.fail(Check::CertificateUsage, "the signing certificate is a CA");
    }
    if !leaf.allows_digital_signature() || !leaf.has_eku(x509::EKU_CODE_SIGNING) {
        out.fail(
            Check::CertificateUsage,
            "the signing certificate is not for code signing (key usage digitalSignature, extended key usage codeSigning)",
        );
    }
    if times.is_empty() {
        out.fail(
            Check::NoVerifiedTime,
            "no verified time (no signed entry timestamp and no trusted RFC 3161 timestamp) to check the certificate at",
        );
    }
    // The chain at every verified time (rustls-webpki): a certificate authority of the trusted
    // root, trusted then, issued the leaf through its own chain. The bundle's certificates
    // after the leaf are never used (see `content::decode_material`).
    let mut issuer_spki: Option<Vec<u8>> = None;
    for t in times {
        if !leaf.valid_at(t.unix) {
            out.fail(
                Check::CertificateValidity,
                format!(
                    "{} time {} is outside the certificate's validity {} .. {}",
                    match t.source {
                        TimeSource::Tlog => "transparency log",
                        TimeSource::TimestampAuthority => "timestamp authority",
                    },
                    t.time,
                    rfc3339(leaf.not_before()),
                    rfc3339(leaf.not_after())
                ),
            );
        }
        match chain_at(leaf, &trust.root.cas, t.unix) {
            Ok(spki) => {
                issuer_spki.get_or_insert(spki);
            }
            Err(why) => out.fail(
                Check::CertificateChain,
                format!(
                    "the certificate (issuer `{}`) does not chain to a certificate authority of the trusted root at {}: {why}",
                    leaf.cert.tbs_certificate.issuer, t.time
                ),
            ),
        }
    }
    // Without a chain at a verified time the bundle has failed already; the chain is then
    // checked at the leaf's notBefore (when Fulcio issued it) only to report whether a trusted
    // CA issued it at all and to find the issuer the SCT is bound to. It never passes a check.
    if issuer_spki.is_none() {
        match chain_at(leaf, &trust.root.cas, leaf.not_before()) {
            Ok(spki) => issuer_spki = Some(spki),
            Err(why) if times.is_empty() => out.fail(
                Check::CertificateChain,
                format!(
                    "the certificate (issuer `{}`) does not chain to a certificate authority of the trusted root at its notBefore {}: {why}",
                    leaf.cert.tbs_certificate.issuer,
                    rfc3339(leaf.not_before())
                ),
            ),
            Err(_) => {}
        }
    }
    // The SCT is bound to the issuer's key: checked against the issuer of a verified chain.
    if let Some(spki) = &issuer_spki {
        if let Err(m) = check_scts(leaf, spki, trust) {
            out.fail(Check::CertificateTransparency, m);
        }
    }
    let sans = leaf.san_values();
    let issuer = leaf.oidc_issuer();
    let allowed = trust.identities.iter().any(|id| {
        issuer.as_deref().is_some_and(|i| id.issuer.matches(i))
            && sans.iter().any(|s| id.subject.matches(s))
    });
    if !allowed {
        out.fail(
            Check::Identity,
            format!(
                "signer `{}` (issuer `{}`) is not an allowed identity{}",
                sans.join("`, `"),
                issuer.as_deref().unwrap_or("none"),
                if trust.identities.is_empty() {
                    ": no identity is allowed".to_string()
                } else {
                    format!(
                        " (allowed: {})",
                        trust
                            .identities
                            .iter()
                            .map(|i| format!("{} from {}", i.subject, i.issuer))
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                }
            ),
        );
    }
}

/// The issuer's SubjectPublicKeyInfo (DER) of the first certificate authority whose chain
/// verifies the leaf at `t`, or why none does. An authority counts only inside its `validFor`
/// window and while its root certificate is valid: webpki does not look at an anchor's dates.
fn chain_at(leaf: &Cert, cas: &[TrustedAuthority], t: i64) -> std::result::Result<Vec<u8>, String> {
    let mut why = Vec::new();
    for ca in cas {
        let Some((anchor, intermediates)) = ca.chain.split_last() else {
            continue;
        };
        let name = if ca.uri.is_empty() {
            anchor.subject()
        } else {
            ca.uri.clone()
        };
        if !ca.valid.contains(t) {
            why.push(format!("`{name}` is not trusted at that time (validFor)"));
            continue;
        }
        // webpki trusts an anchor without checking it: a trusted root whose chain is out of
        // order would make an intermediate the anchor, and its constraints would go unread.
        if !anchor.is_self_signed() {
            why.push(format!(
                "`{name}`: the last certificate of its chain is not a self-signed root"
            ));
            continue;
        }
        if !anchor.valid_at(t) {
            why.push(format!(
                "`{name}`: its root certificate is valid only {} .. {}",
                rfc3339(anchor.not_before()),
                rfc3339(anchor.not_after())
            ));
            continue;
        }
        let intermediates: Vec<&[u8]> = intermediates.iter().map(|c| c.der.as_slice()).collect();
        match chain::verify(
            &leaf.der,
            &anchor.der,
            &intermediates,
            t,
            chain::EKU_CODE_SIGNING,
        ) {
            Ok(spki) => return Ok(spki),
            Err(e) => why.push(format!("`{name}`: {e}")),
        }
    }
    if why.is_empty() {
        why.push("the trusted root has no certificate authority".into());
    }
    Err(why.join("; "))
}

fn check_scts(
    leaf: &Cert,
    issuer_spki: &[u8],
    trust: &TrustPolicy,
) -> std::result::Result<(), String> {
    let scts = match leaf.scts() {
        None => return Err("the certificate has no embedded SCT".into()),
        Some(r) => r?,
    };
    let tbs = leaf.precert_tbs()?;
    let key_hash = crypto::sha256(issuer_spki);
    let mut why = Vec::new();
    for sct in &scts {
        let Some(log) = trust.root.ctlogs.iter().find(|l| l.key_id == sct.log_id) else {
            why.push(format!(
                "SCT from CT log {} which is not in the trusted root",
                crypto::b64_encode(&sct.log_id)
            ));
            continue;
        };
        let t = i64::try_from(sct.timestamp / 1000).unwrap_or(i64::MAX);
        if !log.valid.contains(t) {
            why.push(format!(
                "SCT time is outside the validity of CT log `{}`",
                log.base_url
            ));
            continue;
        }
        let hash = match sct.hash_alg {
            4 => Hash::Sha256,
            5 => Hash::Sha384,
            6 => Hash::Sha512,
            other => {
                why.push(format!("SCT hash algorithm {other} is not supported"));
                continue;
            }
        };
        let data = sct.signed_data(&key_hash, &tbs);
        match log
            .key
            .verify(Signed::Message(&data), Some(hash), &sct.signature)
        {
            Ok(()) => return Ok(()),
            Err(e) => why.push(format!("SCT by `{}`: {e}", log.base_url)),
        }
    }
    Err(format!("no valid SCT: {}", why.join("; ")))
}

#[cfg(test)]
mod tests;
