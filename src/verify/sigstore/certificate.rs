//! The signing certificate at every verified time: usage, issuing authority and its chain,
//! validity, an SCT from a trusted CT log, and an allowed identity.

use super::crypto::{self, Hash, Signed};
use super::x509::{self, Cert};
use super::{rfc3339, trust, BundleVerification, Check, TimeSource, TrustPolicy, VerifiedTime};

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
    // The issuing CA: the trusted authority whose first certificate signed the leaf.
    let issuers: Vec<&trust::TrustedAuthority> = trust
        .root
        .cas
        .iter()
        .filter(|ca| ca.chain.first().is_some_and(|c| leaf.signed_by(c).is_ok()))
        .collect();
    if issuers.is_empty() {
        out.fail(
            Check::CertificateChain,
            format!(
                "the certificate (issuer `{}`) is not issued by a certificate authority of the trusted root",
                leaf.cert.tbs_certificate.issuer
            ),
        );
    }
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
        if !issuers.is_empty()
            && !issuers
                .iter()
                .any(|ca| ca.valid.contains(t.unix) && chain_ok(&ca.chain, t.unix))
        {
            out.fail(
                Check::CertificateChain,
                format!(
                    "no trusted certificate authority that issued the certificate was valid at {}",
                    t.time
                ),
            );
        }
    }
    if let Some(issuer) = issuers.first().and_then(|ca| ca.chain.first()) {
        if let Err(m) = check_scts(leaf, issuer, trust) {
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

fn chain_ok(chain: &[Cert], t: i64) -> bool {
    chain.iter().enumerate().all(|(i, c)| {
        c.valid_at(t)
            && chain
                .get(i + 1)
                .is_none_or(|parent| c.signed_by(parent).is_ok())
    })
}

fn check_scts(leaf: &Cert, issuer: &Cert, trust: &TrustPolicy) -> std::result::Result<(), String> {
    let scts = match leaf.scts() {
        None => return Err("the certificate has no embedded SCT".into()),
        Some(r) => r?,
    };
    let tbs = leaf.precert_tbs()?;
    let key_hash = crypto::sha256(&issuer.spki_der());
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
