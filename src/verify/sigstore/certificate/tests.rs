//! The chain step of `check_certificate` against forged chains built with rcgen: each attack
//! must fail as `Check::CertificateChain`, and the honest chain next to it must not.

use super::check_certificate;
use crate::verify::sigstore::trust::{TimeRange, TrustedAuthority, TrustedRoot};
use crate::verify::sigstore::x509::Cert;
use crate::verify::sigstore::{
    rfc3339, AllowedIdentity, BundleVerification, Check, TimeSource, TrustPolicy, VerifiedTime,
};
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose, SanType,
};

/// The signing time the tests verify at: 2023-11-14.
const SIGNED: i64 = 1_700_000_000;
/// A later time (2025-03-15) at which every certificate below is valid.
const LATER: i64 = 1_742_000_000;
const OIDC_ISSUER: &str = "https://issuer.example";
const SIGNER: &str = "alice@example.com";

fn name(cn: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::OrganizationName, "sigstore.test");
    dn.push(DnType::CommonName, cn);
    dn
}

/// A CA certificate's parameters, valid 2020..2040; intermediates carry codeSigning as
/// Fulcio's do.
fn ca(cn: &str, intermediate: bool) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = name(cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    if intermediate {
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::CodeSigning];
    }
    p.not_before = date_time_ymd(2020, 1, 1);
    p.not_after = date_time_ymd(2040, 1, 1);
    p
}

/// A Fulcio-like leaf: e-mail SAN, OIDC issuer (v1 extension), digitalSignature, codeSigning.
fn leaf() -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = DistinguishedName::new();
    p.subject_alt_names = vec![SanType::Rfc822Name(SIGNER.try_into().unwrap())];
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::CodeSigning];
    p.custom_extensions = vec![CustomExtension::from_oid_content(
        &[1, 3, 6, 1, 4, 1, 57264, 1, 1],
        OIDC_ISSUER.as_bytes().to_vec(),
    )];
    p.not_before = date_time_ymd(2020, 1, 1);
    p.not_after = date_time_ymd(2040, 1, 1);
    p
}

/// A CA: its certificate and what it signs with.
struct Ca {
    cert: Cert,
    issuer: Issuer<'static, KeyPair>,
}

fn root(p: CertificateParams) -> Ca {
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap();
    let cert = p.self_signed(&key).unwrap();
    Ca {
        cert: Cert::from_der(cert.der()).unwrap(),
        issuer: Issuer::new(p, key),
    }
}

fn issued(p: CertificateParams, by: &Ca) -> Ca {
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap();
    let cert = p.signed_by(&key, &by.issuer).unwrap();
    Ca {
        cert: Cert::from_der(cert.der()).unwrap(),
        issuer: Issuer::new(p, key),
    }
}

fn sign_leaf(p: CertificateParams, by: &Ca) -> Cert {
    let key = KeyPair::generate().unwrap();
    Cert::from_der(p.signed_by(&key, &by.issuer).unwrap().der()).unwrap()
}

/// A trusted root with one certificate authority of `chain` (issuing certificate first).
fn policy(chain: &[&Ca]) -> TrustPolicy {
    let root = TrustedRoot {
        media_type: String::new(),
        tlogs: vec![],
        ctlogs: vec![],
        cas: vec![TrustedAuthority {
            uri: "fulcio.test".into(),
            chain: chain.iter().map(|c| c.cert.clone()).collect(),
            valid: TimeRange {
                start: 0,
                end: None,
            },
        }],
        tsas: vec![],
    };
    TrustPolicy::new(root).with_identity(AllowedIdentity::exact(OIDC_ISSUER, SIGNER))
}

fn check_at(leaf: &Cert, policy: &TrustPolicy, t: i64) -> BundleVerification {
    let times = [VerifiedTime {
        source: TimeSource::Tlog,
        unix: t,
        time: rfc3339(t),
        by: "log.test".into(),
    }];
    let mut out = BundleVerification::new("test");
    check_certificate(leaf, &times, policy, &mut out);
    out
}

/// The chain failure's message; panics (failing the test) when the chain check passed.
fn chain_failure(v: &BundleVerification) -> String {
    v.failures
        .iter()
        .find(|f| f.check == Check::CertificateChain)
        .map(|f| f.message.clone())
        .unwrap_or_else(|| panic!("expected a certificate-chain failure: {:?}", v.failures))
}

/// The honest chain: only the SCT is missing, which shows the chain verified (the SCT check
/// runs against the issuer of a verified chain only).
fn assert_chain_ok(v: &BundleVerification) {
    assert!(
        v.failures
            .iter()
            .all(|f| f.check == Check::CertificateTransparency),
        "{:?}",
        v.failures
    );
    assert_eq!(v.failures.len(), 1, "{:?}", v.failures);
}

fn fulcio() -> (Ca, Ca) {
    let r = root(ca("sigstore", false));
    let i = issued(ca("sigstore-intermediate", true), &r);
    (r, i)
}

#[test]
fn honest_chain_verifies_at_the_signing_time() {
    let (r, i) = fulcio();
    let l = sign_leaf(leaf(), &i);
    assert_chain_ok(&check_at(&l, &policy(&[&i, &r]), SIGNED));
    // A leaf issued by the root itself is a valid path too.
    assert_chain_ok(&check_at(
        &sign_leaf(leaf(), &r),
        &policy(&[&i, &r]),
        SIGNED,
    ));
}

/// Attack (on a trusted root written out of order): the intermediate listed last would be the
/// anchor, and webpki reads no constraint of an anchor. Only a self-signed root anchors.
#[test]
fn a_trusted_chain_out_of_order_does_not_make_the_intermediate_an_anchor() {
    let (r, i) = fulcio();
    let l = sign_leaf(leaf(), &i);
    let why = chain_failure(&check_at(&l, &policy(&[&r, &i]), SIGNED));
    assert!(why.contains("self-signed"), "{why}");
}

#[test]
fn leaf_signed_by_an_untrusted_ca_fails() {
    let (r, i) = fulcio();
    let p = policy(&[&i, &r]);
    // Another CA with the very names of the trusted ones: only the keys differ.
    let (_, evil) = fulcio();
    let m = chain_failure(&check_at(&sign_leaf(leaf(), &evil), &p, SIGNED));
    assert!(m.contains("signature does not verify"), "{m}");
    let stranger = root(ca("someone else", false));
    let m = chain_failure(&check_at(&sign_leaf(leaf(), &stranger), &p, SIGNED));
    assert!(m.contains("issuer unknown"), "{m}");
}

#[test]
fn leaf_issued_by_a_leaf_fails() {
    let (r, i) = fulcio();
    // A signer's own Fulcio leaf (whose key it holds) issuing a leaf with another identity.
    let signer = issued(leaf(), &i);
    let forged = sign_leaf(leaf(), &signer);
    let m = chain_failure(&check_at(&forged, &policy(&[&i, &r]), SIGNED));
    assert!(m.contains("issuer unknown"), "{m}");
    // Even when the trusted root lists that leaf as an issuer: basic constraints say no CA.
    let mut not_ca = ca("not-a-ca", true);
    not_ca.is_ca = IsCa::ExplicitNoCa;
    let not_ca = issued(not_ca, &r);
    let forged = sign_leaf(leaf(), &not_ca);
    let m = chain_failure(&check_at(&forged, &policy(&[&not_ca, &r]), SIGNED));
    assert!(m.contains("not a CA"), "{m}");
}

#[test]
fn intermediate_with_an_unknown_critical_extension_fails() {
    let r = root(ca("sigstore", false));
    let mut p = ca("sigstore-intermediate", true);
    let mut ext = CustomExtension::from_oid_content(&[1, 3, 6, 1, 4, 1, 99999, 1], vec![5, 0]);
    ext.set_criticality(true);
    p.custom_extensions = vec![ext];
    let i = issued(p, &r);
    let m = chain_failure(&check_at(
        &sign_leaf(leaf(), &i),
        &policy(&[&i, &r]),
        SIGNED,
    ));
    assert!(m.contains("critical extension"), "{m}");
}

#[test]
fn leaf_without_code_signing_fails() {
    let (r, i) = fulcio();
    let p = policy(&[&i, &r]);
    let mut server = leaf();
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let v = check_at(&sign_leaf(server, &i), &p, SIGNED);
    assert!(chain_failure(&v).contains("codeSigning"), "{v:?}");
    assert!(v.failed(Check::CertificateUsage));
    let mut none = leaf();
    none.extended_key_usages = vec![];
    let v = check_at(&sign_leaf(none, &i), &p, SIGNED);
    assert!(chain_failure(&v).contains("codeSigning"), "{v:?}");
    // An intermediate restricted to another purpose may not issue code-signing leaves.
    let mut tls = ca("sigstore-intermediate", true);
    tls.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let tls = issued(tls, &r);
    let v = check_at(&sign_leaf(leaf(), &tls), &policy(&[&tls, &r]), SIGNED);
    assert!(chain_failure(&v).contains("codeSigning"), "{v:?}");
}

#[test]
fn chain_valid_now_but_not_at_the_signing_time_fails() {
    let r = root(ca("sigstore", false));
    // An intermediate issued after the signature was made (2024), valid today.
    let mut late = ca("sigstore-intermediate", true);
    late.not_before = date_time_ymd(2024, 1, 1);
    let i = issued(late, &r);
    let l = sign_leaf(leaf(), &i);
    let p = policy(&[&i, &r]);
    assert_chain_ok(&check_at(&l, &p, LATER));
    let m = chain_failure(&check_at(&l, &p, SIGNED));
    assert!(m.contains("valid only from 2024-01-01"), "{m}");
    // The same for a root (the trust anchor, whose dates webpki does not read) issued later.
    let mut late_root = ca("sigstore", false);
    late_root.not_before = date_time_ymd(2024, 1, 1);
    let r = root(late_root);
    let i = issued(ca("sigstore-intermediate", true), &r);
    let l = sign_leaf(leaf(), &i);
    let p = policy(&[&i, &r]);
    assert_chain_ok(&check_at(&l, &p, LATER));
    let m = chain_failure(&check_at(&l, &p, SIGNED));
    assert!(m.contains("root certificate is valid only"), "{m}");
    // And for a certificate authority the trusted root trusts only from 2024 on.
    let (r, i) = fulcio();
    let l = sign_leaf(leaf(), &i);
    let mut p = policy(&[&i, &r]);
    p.root.cas[0].valid.start = LATER - 1;
    assert_chain_ok(&check_at(&l, &p, LATER));
    let m = chain_failure(&check_at(&l, &p, SIGNED));
    assert!(m.contains("not trusted at that time"), "{m}");
}

/// Without a verified time the bundle fails; the chain is still reported, checked at the
/// leaf's notBefore, and the SCT still checked against its issuer.
#[test]
fn no_verified_time_still_reports_the_chain() {
    let (r, i) = fulcio();
    let run = |leaf: &Cert| {
        let mut out = BundleVerification::new("test");
        check_certificate(leaf, &[], &policy(&[&i, &r]), &mut out);
        out
    };
    let v = run(&sign_leaf(leaf(), &i));
    let checks: Vec<Check> = v.failures.iter().map(|f| f.check).collect();
    assert_eq!(
        checks,
        [Check::NoVerifiedTime, Check::CertificateTransparency],
        "{v:?}"
    );
    assert!(!v.done().verified);
    let stranger = root(ca("someone else", false));
    let m = chain_failure(&run(&sign_leaf(leaf(), &stranger)));
    assert!(m.contains("at its notBefore 2020-01-01"), "{m}");
}
