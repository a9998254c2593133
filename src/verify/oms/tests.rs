use super::statement::normalize_rel;
use super::*;
use crate::verify::dsse::tests::p256_pair;
use crate::verify::dsse::{pae, IN_TOTO_PAYLOAD_TYPE};
use base64::Engine as _;
use sha2::{Digest, Sha256};

mod certificate_method {
    use super::super::certificate::check_certificate_signature;
    use super::super::*;
    use crate::verify::dsse::{pae, EnvelopeSignature, IN_TOTO_PAYLOAD_TYPE};
    use crate::verify::sigstore::x509::Cert;
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
        SigningKey,
    };

    fn params(cn: &str, ca: bool, usages: Vec<KeyUsagePurpose>) -> CertificateParams {
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name.push(DnType::CommonName, cn);
        if ca {
            p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        }
        p.key_usages = usages;
        p
    }

    fn cert(c: &rcgen::Certificate) -> Cert {
        Cert::from_der(c.der()).unwrap()
    }

    fn envelope(key: &KeyPair) -> Envelope {
        let payload = b"{}".to_vec();
        let sig = key.sign(&pae(IN_TOTO_PAYLOAD_TYPE, &payload)).unwrap();
        Envelope {
            payload_type: IN_TOTO_PAYLOAD_TYPE.into(),
            payload,
            signatures: vec![EnvelopeSignature { keyid: None, sig }],
        }
    }

    fn anchors(certs: &[&rcgen::Certificate]) -> CertificateChain {
        let pem: String = certs.iter().map(|c| c.pem()).collect();
        CertificateChain::from_pem(pem.as_bytes()).unwrap()
    }

    fn untrusted(r: std::result::Result<Option<Signer>, Failure>) -> String {
        match r {
            Err(Failure::CertificateUntrusted { detail }) => detail,
            other => panic!("expected certificate-untrusted, got {other:?}"),
        }
    }

    const NOW: i64 = 1_800_000_000;

    /// root -> intermediate -> leaf, the leaf signing the envelope.
    #[test]
    fn chain_checks() {
        let sign = || vec![KeyUsagePurpose::KeyCertSign];
        let rk = KeyPair::generate().unwrap();
        let root_p = params("root", true, sign());
        let root = root_p.self_signed(&rk).unwrap();
        let root_i = Issuer::new(root_p, rk);
        let ik = KeyPair::generate().unwrap();
        let int_p = params("int", true, sign());
        let int = int_p.signed_by(&ik, &root_i).unwrap();
        let int_i = Issuer::new(int_p, ik);
        let lk = KeyPair::generate().unwrap();
        let leaf = params("leaf", false, vec![KeyUsagePurpose::DigitalSignature])
            .signed_by(&lk, &int_i)
            .unwrap();
        let env = envelope(&lk);
        let chain = [cert(&leaf), cert(&int)];

        let ok = check_certificate_signature(&env, &chain, &anchors(&[&root]), NOW)
            .unwrap()
            .unwrap();
        let c = ok.certificate.unwrap();
        assert_eq!(c.chain, ["CN=leaf", "CN=int", "CN=root"]);
        assert!(!c.expired_now);
        // The intermediate trusted directly; an unrelated CA; the bundle's own root.
        assert!(check_certificate_signature(&env, &chain, &anchors(&[&int]), NOW).is_ok());
        let other = params("root", true, sign())
            .self_signed(&KeyPair::generate().unwrap())
            .unwrap();
        untrusted(check_certificate_signature(
            &env,
            &chain,
            &anchors(&[&other]),
            NOW,
        ));
        let with_root = [cert(&leaf), cert(&int), cert(&root)];
        untrusted(check_certificate_signature(
            &env,
            &with_root,
            &anchors(&[&other]),
            NOW,
        ));
        // Another key's envelope under a trusted certificate.
        let bad = envelope(&KeyPair::generate().unwrap());
        assert!(matches!(
            check_certificate_signature(&bad, &chain, &anchors(&[&root]), NOW),
            Err(Failure::SignatureInvalid { .. })
        ));
        // Expired by now: verified (as model-signing), and said.
        let late = check_certificate_signature(&env, &chain, &anchors(&[&root]), i64::MAX)
            .unwrap()
            .unwrap()
            .certificate
            .unwrap();
        assert!(late.expired_now && late.validity.contains("not valid now"));
    }

    #[test]
    fn issuers_must_be_cas_and_leaves_may_sign() {
        let rk = KeyPair::generate().unwrap();
        // Why a root (CA flag, key usages) over a leaf (key usages) is not trusted.
        let refusal = |ca: bool, root_usages: Vec<KeyUsagePurpose>, leaf_usages| {
            let root_p = params("root", ca, root_usages);
            let root = root_p.self_signed(&rk).unwrap();
            let issuer = Issuer::new(root_p, &rk);
            let lk = KeyPair::generate().unwrap();
            let leaf = params("leaf", false, leaf_usages)
                .signed_by(&lk, &issuer)
                .unwrap();
            untrusted(check_certificate_signature(
                &envelope(&lk),
                &[cert(&leaf)],
                &anchors(&[&root]),
                NOW,
            ))
        };
        // A "root" without the CA flag, and one whose key usage forbids certificate signing.
        for (ca, usages) in [
            (false, vec![KeyUsagePurpose::KeyCertSign]),
            (true, vec![KeyUsagePurpose::DigitalSignature]),
        ] {
            let d = refusal(ca, usages, vec![KeyUsagePurpose::DigitalSignature]);
            assert!(d.contains("CA") || d.contains("key usage"), "{d}");
        }
        // A leaf whose key usage lacks digitalSignature.
        let d = refusal(
            true,
            vec![KeyUsagePurpose::KeyCertSign],
            vec![KeyUsagePurpose::KeyEncipherment],
        );
        assert!(d.contains("digitalSignature"), "{d}");
    }

    /// A leaf signed by `root` (and the root's issuer) with `edit` applied to its params.
    fn leaf_under(
        root: &Issuer<'_, &KeyPair>,
        edit: impl FnOnce(&mut CertificateParams),
    ) -> (Cert, Envelope) {
        let lk = KeyPair::generate().unwrap();
        let mut p = params("leaf", false, vec![KeyUsagePurpose::DigitalSignature]);
        edit(&mut p);
        let leaf = p.signed_by(&lk, root).unwrap();
        (cert(&leaf), envelope(&lk))
    }

    /// Attacks on what a certificate may be used for: each is refused, where a chain check
    /// that looked only at signatures and CA flags would accept it.
    #[test]
    fn leaves_must_be_for_signing_and_constraints_hold() {
        use rcgen::{CustomExtension, ExtendedKeyUsagePurpose as Eku, GeneralSubtree};
        let sign = || vec![KeyUsagePurpose::KeyCertSign];
        let rk = KeyPair::generate().unwrap();
        let root_p = params("root", true, sign());
        let root = root_p.self_signed(&rk).unwrap();
        let root_i = Issuer::new(root_p, &rk);
        let trusted = anchors(&[&root]);
        let check = |leaf: Cert, env: Envelope, pool: Vec<Cert>| {
            let mut chain = vec![leaf];
            chain.extend(pool);
            check_certificate_signature(&env, &chain, &trusted, NOW)
        };

        // codeSigning alone, or digitalSignature with codeSigning: signers.
        let (l, e) = leaf_under(&root_i, |p| {
            p.key_usages.clear();
            p.extended_key_usages = vec![Eku::CodeSigning];
        });
        assert!(check(l, e, vec![]).is_ok());
        let (l, e) = leaf_under(&root_i, |p| p.extended_key_usages = vec![Eku::CodeSigning]);
        assert!(check(l, e, vec![]).is_ok());
        // A TLS server certificate of the same CA does not sign models.
        let (l, e) = leaf_under(&root_i, |p| p.extended_key_usages = vec![Eku::ServerAuth]);
        let d = untrusted(check(l, e, vec![]));
        assert!(d.contains("codeSigning"), "{d}");
        // Neither a key usage nor an extended key usage: model-signing refuses it too.
        let (l, e) = leaf_under(&root_i, |p| p.key_usages.clear());
        let d = untrusted(check(l, e, vec![]));
        assert!(d.contains("neither"), "{d}");
        // A critical extension nobody here understands (RFC 5280 § 4.2).
        let (l, e) = leaf_under(&root_i, |p| {
            let mut x =
                CustomExtension::from_oid_content(&[1, 3, 6, 1, 4, 1, 99999, 1], vec![5, 0]);
            x.set_criticality(true);
            p.custom_extensions.push(x);
        });
        let d = untrusted(check(l, e, vec![]));
        assert!(d.contains("critical"), "{d}");

        // pathLenConstraint 0 on the root: it may issue leaves only, not a CA that then
        // issues the signer.
        let intermediate = |root_i: &Issuer<'_, &KeyPair>,
                            edit: &dyn Fn(&mut CertificateParams)| {
            let ik = KeyPair::generate().unwrap();
            let mut p = params("int", true, sign());
            edit(&mut p);
            let int = p.signed_by(&ik, root_i).unwrap();
            (int, Issuer::new(p, ik))
        };
        let rk0 = KeyPair::generate().unwrap();
        let mut root0_p = params("root0", true, sign());
        root0_p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        let root0 = root0_p.self_signed(&rk0).unwrap();
        let root0_i = Issuer::new(root0_p, &rk0);
        let (int, int_i) = intermediate(&root0_i, &|_| {});
        let lk = KeyPair::generate().unwrap();
        let leaf = params("leaf", false, vec![KeyUsagePurpose::DigitalSignature])
            .signed_by(&lk, &int_i)
            .unwrap();
        let r = check_certificate_signature(
            &envelope(&lk),
            &[cert(&leaf), cert(&int)],
            &anchors(&[&root0]),
            NOW,
        );
        let d = untrusted(r);
        assert!(d.contains("pathLenConstraint"), "{d}");
        // ... while a leaf it issues itself is fine.
        let (l, e) = leaf_under(&root0_i, |_| {});
        assert!(check_certificate_signature(&e, &[l], &anchors(&[&root0]), NOW).is_ok());

        // An intermediate restricted by name constraints is refused, not trusted beyond them.
        let (int, int_i) = intermediate(&root_i, &|p| {
            p.name_constraints = Some(rcgen::NameConstraints {
                permitted_subtrees: vec![GeneralSubtree::DnsName("example.com".into())],
                excluded_subtrees: vec![],
            });
        });
        let lk = KeyPair::generate().unwrap();
        let leaf = params("leaf", false, vec![KeyUsagePurpose::DigitalSignature])
            .signed_by(&lk, &int_i)
            .unwrap();
        let d = untrusted(check(cert(&leaf), envelope(&lk), vec![cert(&int)]));
        assert!(d.contains("name constraints"), "{d}");
    }
}

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

/// A model-signing v1.0 statement over `files`, signed into a bundle with `hint`.
fn bundle(
    sk: &p256::ecdsa::SigningKey,
    hint: Option<&str>,
    files: &[(&str, &[u8])],
    method: &str,
) -> String {
    use p256::ecdsa::signature::Signer;
    let mut root = Sha256::new();
    let resources: Vec<serde_json::Value> = files
        .iter()
        .map(|(n, content)| {
            let d = Sha256::digest(content);
            root.update(d);
            serde_json::json!({"name": n, "algorithm": "sha256", "digest": hex::encode(d)})
        })
        .collect();
    let statement = serde_json::json!({
        "_type": STATEMENT_TYPE,
        "subject": [{"name": "m", "digest": {"sha256": hex::encode(root.finalize())}}],
        "predicateType": PREDICATE_TYPE,
        "predicate": {
            "serialization": {"method": method, "hash_type": "sha256", "allow_symlinks": false,
                              "ignore_paths": ["model.sig"]},
            "resources": resources,
        }
    });
    let payload = serde_json::to_vec_pretty(&statement).unwrap();
    let sig: p256::ecdsa::Signature = sk.sign(&pae(IN_TOTO_PAYLOAD_TYPE, &payload));
    serde_json::json!({
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {"publicKey": {"hint": hint.unwrap_or("")}, "tlogEntries": []},
        "dsseEnvelope": {"payload": b64(&payload), "payloadType": IN_TOTO_PAYLOAD_TYPE,
                         "signatures": [{"sig": b64(sig.to_der().as_bytes()), "keyid": ""}]}
    })
    .to_string()
}

#[test]
fn names_are_normalized_and_escapes_refused() {
    assert_eq!(normalize_rel("a//b/./c").unwrap(), "a/b/c");
    assert_eq!(normalize_rel("./a").unwrap(), "a");
    assert_eq!(normalize_rel(".").unwrap(), ".");
    assert!(normalize_rel("a/../../etc/passwd")
        .unwrap_err()
        .contains(".."));
    assert!(normalize_rel("/etc/passwd").is_err());
    assert!(normalize_rel("C:/x").is_err());
    assert!(normalize_rel("").is_err());
}

#[test]
fn a_signed_folder_verifies_and_changes_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m");
    std::fs::create_dir_all(model.join("sub")).unwrap();
    std::fs::write(model.join("a.bin"), b"aaa").unwrap();
    std::fs::write(model.join("sub/b.txt"), b"bbb").unwrap();
    std::fs::write(model.join(".gitignore"), b"x").unwrap();
    let (sk, pk) = p256_pair(9);
    let sig = model.join("model.sig");
    std::fs::write(
        &sig,
        bundle(
            &sk,
            Some(&pk.pem_sha256()),
            &[("a.bin", b"aaa"), ("sub/b.txt", b"bbb")],
            "files",
        ),
    )
    .unwrap();
    let keys = [pk.clone()];
    let r = verify_model(&model, &sig, &keys).unwrap();
    assert!(r.verified, "{}", r.summary());
    assert_eq!(r.signer.as_ref().unwrap().key_id, pk.key_id());
    assert_eq!(r.files.len(), 2);
    assert!(r.ignored.contains(&"model.sig".to_string()));
    assert!(r.ignored.contains(&".gitignore".to_string()));

    std::fs::write(model.join("a.bin"), b"aab").unwrap();
    std::fs::remove_file(model.join("sub/b.txt")).unwrap();
    std::fs::write(model.join("sub/c.txt"), b"c").unwrap();
    let r = verify_model(&model, &sig, &keys).unwrap();
    assert!(!r.verified);
    let got: Vec<(&str, Option<&str>)> = r.failures.iter().map(|f| (f.code(), f.file())).collect();
    assert_eq!(
        got,
        [
            ("file-changed", Some("a.bin")),
            ("file-removed", Some("sub/b.txt")),
            ("file-added", Some("sub/c.txt")),
        ]
    );
}

#[test]
fn wrong_keys_and_unsupported_methods_are_failures_not_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.bin"), b"aaa").unwrap();
    let (sk, pk) = p256_pair(10);
    let (_, other) = p256_pair(11);
    let sig = dir.path().join("model.sig");

    std::fs::write(
        &sig,
        bundle(&sk, Some(&pk.pem_sha256()), &[("a.bin", b"aaa")], "files"),
    )
    .unwrap();
    let r = verify_model(dir.path(), &sig, std::slice::from_ref(&other)).unwrap();
    assert_eq!(r.failures[0].code(), "no-matching-key", "{}", r.summary());
    assert!(r.files.is_empty() && r.subject.is_none());

    // Without a hint every trusted key is tried; none verifies.
    std::fs::write(&sig, bundle(&sk, None, &[("a.bin", b"aaa")], "files")).unwrap();
    let r = verify_model(dir.path(), &sig, std::slice::from_ref(&other)).unwrap();
    assert_eq!(r.failures[0].code(), "signature-invalid");
    let r = verify_model(dir.path(), &sig, &[other, pk.clone()]).unwrap();
    assert!(r.verified, "{}", r.summary());

    std::fs::write(&sig, bundle(&sk, None, &[("a.bin:0:3", b"aaa")], "shards")).unwrap();
    let r = verify_model(dir.path(), &sig, std::slice::from_ref(&pk)).unwrap();
    assert_eq!(r.failures[0].code(), "unsupported");
    assert!(r.summary().contains("shards"), "{}", r.summary());

    std::fs::write(&sig, bundle(&sk, None, &[("../a.bin", b"aaa")], "files")).unwrap();
    let r = verify_model(dir.path(), &sig, std::slice::from_ref(&pk)).unwrap();
    assert_eq!(r.failures[0].code(), "path-refused");
    assert_eq!(r.failures[0].file(), Some("../a.bin"));
}

#[test]
fn malformed_signature_files_are_errors_with_locations() {
    let dir = tempfile::tempdir().unwrap();
    let (_, pk) = p256_pair(12);
    let sig = dir.path().join("model.sig");
    std::fs::write(&sig, "{\n  \"mediaType\": 3\n}").unwrap();
    let e = verify_model(dir.path(), &sig, std::slice::from_ref(&pk))
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 2") && e.contains("/mediaType"), "{e}");
    std::fs::write(&sig, "{\"x\": 1}").unwrap();
    let e = verify_model(dir.path(), &sig, std::slice::from_ref(&pk))
        .unwrap_err()
        .to_string();
    assert!(e.contains("neither a Sigstore bundle"), "{e}");
    assert!(matches!(
        verify_model(dir.path(), &sig, &[]),
        Err(Error::Usage(_))
    ));
}
