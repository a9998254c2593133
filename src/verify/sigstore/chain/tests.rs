use super::*;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
};

const NOW: i64 = 1_800_000_000;

#[test]
fn code_signing_oid_is_the_x509_one() {
    assert_eq!(
        EKU_CODE_SIGNING,
        crate::verify::sigstore::x509::EKU_CODE_SIGNING.as_bytes()
    );
}

/// Every key type the accepted algorithms name, as root and leaf keys: the path verifies
/// and yields the issuer's SubjectPublicKeyInfo; a time before 1970 is refused.
#[test]
fn accepted_algorithms_and_the_issuer_key() {
    for alg in [
        &rcgen::PKCS_ECDSA_P256_SHA256,
        &rcgen::PKCS_ECDSA_P384_SHA384,
        &rcgen::PKCS_ED25519,
    ] {
        let rk = KeyPair::generate_for(alg).unwrap();
        let mut rp = CertificateParams::new(Vec::<String>::new()).unwrap();
        rp.distinguished_name.push(DnType::CommonName, "root");
        rp.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let root = rp.self_signed(&rk).unwrap();
        let issuer = Issuer::new(rp, rk);
        let mut lp = CertificateParams::new(Vec::<String>::new()).unwrap();
        lp.extended_key_usages = vec![ExtendedKeyUsagePurpose::CodeSigning];
        let leaf = lp
            .signed_by(&KeyPair::generate_for(alg).unwrap(), &issuer)
            .unwrap();
        let spki = verify(leaf.der(), root.der(), &[], NOW, EKU_CODE_SIGNING).unwrap();
        let root_cert = crate::verify::sigstore::x509::Cert::from_der(root.der()).unwrap();
        assert_eq!(spki, root_cert.spki_der(), "{alg:?}");
        let e = verify(leaf.der(), root.der(), &[], -1, EKU_CODE_SIGNING).unwrap_err();
        assert!(e.contains("before 1970"), "{e}");
        // The root is not the leaf's own trust anchor.
        let e = verify(leaf.der(), leaf.der(), &[], NOW, EKU_CODE_SIGNING).unwrap_err();
        assert!(e.contains("issuer unknown"), "{e}");
        assert!(verify(b"junk", root.der(), &[], NOW, EKU_CODE_SIGNING).is_err());
        assert!(verify(leaf.der(), b"junk", &[], NOW, EKU_CODE_SIGNING).is_err());
    }
}
