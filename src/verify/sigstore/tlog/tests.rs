use super::*;

fn tree(leaves: &[&[u8]]) -> Vec<[u8; 32]> {
    leaves.iter().map(|l| leaf_hash(l)).collect()
}

/// Merkle tree hash (RFC 6962 §2.1) of `hs`, the reference for the proof checks.
fn mth(hs: &[[u8; 32]]) -> [u8; 32] {
    if hs.len() == 1 {
        return hs[0];
    }
    let k = hs.len().next_power_of_two() / 2;
    node_hash(&mth(&hs[..k]), &mth(&hs[k..]))
}

/// Audit path (RFC 6962 §2.1.1) of leaf `m` in `hs`.
fn path(m: usize, hs: &[[u8; 32]]) -> Vec<Vec<u8>> {
    if hs.len() <= 1 {
        return vec![];
    }
    let k = hs.len().next_power_of_two() / 2;
    if m < k {
        let mut p = path(m, &hs[..k]);
        p.push(mth(&hs[k..]).to_vec());
        p
    } else {
        let mut p = path(m - k, &hs[k..]);
        p.push(mth(&hs[..k]).to_vec());
        p
    }
}

#[test]
fn inclusion_proofs_for_every_leaf_of_small_trees() {
    let data: Vec<Vec<u8>> = (0..13u8).map(|i| vec![i; 3]).collect();
    for n in 1..=data.len() {
        let refs: Vec<&[u8]> = data[..n].iter().map(|d| d.as_slice()).collect();
        let hs = tree(&refs);
        let root = mth(&hs);
        for m in 0..n {
            let p = path(m, &hs);
            verify_inclusion(&hs[m], m as u64, n as u64, &p, &root).unwrap();
            if !p.is_empty() {
                let mut bad = p.clone();
                bad[0][0] ^= 1;
                assert!(verify_inclusion(&hs[m], m as u64, n as u64, &bad, &root).is_err());
            }
            assert!(verify_inclusion(&hs[m], n as u64, n as u64, &p, &root).is_err());
        }
    }
}

fn ed25519_log(name: &str) -> (ed25519_dalek::SigningKey, TrustedLog) {
    let sk = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    let log = TrustedLog {
        base_url: format!("https://{name}"),
        name: name.to_string(),
        key_id: vec![0xf3, 0x0d, 0x5a, 0x99, 1, 2, 3],
        key: crypto::PubKey::Ed25519(sk.verifying_key()),
        valid: crate::verify::sigstore::TimeRange {
            start: 0,
            end: None,
        },
    };
    (sk, log)
}

fn note_sig(sk: &ed25519_dalek::SigningKey, name: &str, hint: &[u8], text: &str) -> String {
    use ed25519_dalek::Signer;
    let mut sig = hint.to_vec();
    sig.extend_from_slice(&sk.sign(text.as_bytes()).to_bytes());
    format!("\u{2014} {name} {}\n", crypto::b64_encode(&sig))
}

#[test]
fn checkpoints_need_the_logs_signature_and_the_proofs_root() {
    let (sk, log) = ed25519_log("log.example");
    let root = [9u8; 32];
    let text = format!("log.example\n736\n{}\n", crypto::b64_encode(&root));
    let hint = [0xf3, 0x0d, 0x5a, 0x99];
    let other = ed25519_dalek::SigningKey::from_bytes(&[8u8; 32]);
    let good = note_sig(&sk, "log.example", &hint, &text);
    let witness = note_sig(&other, "witness.example", &[1, 2, 3, 4], &text);

    // The log's signature, alone or after a witness cosignature.
    let cp = verify_checkpoint(&format!("{text}\n{good}"), &log, 736, &root).unwrap();
    assert_eq!((cp.origin.as_str(), cp.size), ("log.example", 736));
    verify_checkpoint(&format!("{text}\n{witness}{good}"), &log, 736, &root).unwrap();
    // Only a cosignature: no signature by the log.
    let e = verify_checkpoint(&format!("{text}\n{witness}"), &log, 736, &root).unwrap_err();
    assert!(e.contains("no signature by the log"), "{e}");
    // A signature under the log's name and hint by another key.
    let forged = note_sig(&other, "log.example", &hint, &text);
    let e = verify_checkpoint(&format!("{text}\n{forged}"), &log, 736, &root).unwrap_err();
    assert!(e.contains("does not verify"), "{e}");
    // A wrong key hint, a wrong tree size, a wrong root.
    let bad_hint = note_sig(&sk, "log.example", &[0, 0, 0, 0], &text);
    assert!(verify_checkpoint(&format!("{text}\n{bad_hint}"), &log, 736, &root).is_err());
    assert!(verify_checkpoint(&format!("{text}\n{good}"), &log, 737, &root).is_err());
    assert!(verify_checkpoint(&format!("{text}\n{good}"), &log, 736, &[0u8; 32]).is_err());
    // Another origin, even signed with the right key.
    let other_text = format!("log.other\n736\n{}\n", crypto::b64_encode(&root));
    let sig = note_sig(&sk, "log.example", &hint, &other_text);
    assert!(verify_checkpoint(&format!("{other_text}\n{sig}"), &log, 736, &root).is_err());
    // No blank line before the signatures.
    assert!(verify_checkpoint(&text, &log, 736, &root).is_err());
}

#[test]
fn signed_entry_timestamps_cover_body_time_index_and_log() {
    use p256::ecdsa::signature::Signer;
    let sk = p256::ecdsa::SigningKey::from_slice(&[5u8; 32]).unwrap();
    let log = TrustedLog {
        base_url: "https://rekor.example".into(),
        name: "rekor.example".into(),
        key_id: vec![0xab; 32],
        key: crypto::PubKey::P256(*sk.verifying_key()),
        valid: crate::verify::sigstore::TimeRange {
            start: 0,
            end: None,
        },
    };
    let canonical = format!(
        "{{\"body\":\"Ym9keQ==\",\"integratedTime\":1700000000,\"logID\":\"{}\",\"logIndex\":42}}",
        "ab".repeat(32)
    );
    let sig: p256::ecdsa::DerSignature = sk.sign(canonical.as_bytes());
    verify_set(&log, "Ym9keQ==", 1700000000, 42, sig.as_bytes()).unwrap();
    assert!(verify_set(&log, "Ym9keQ==", 1700000001, 42, sig.as_bytes()).is_err());
    assert!(verify_set(&log, "Ym9keQ==", 1700000000, 43, sig.as_bytes()).is_err());
    assert!(verify_set(&log, "Ym9reQ==", 1700000000, 42, sig.as_bytes()).is_err());
}

#[test]
fn intoto_values_may_be_encoded_twice() {
    assert_eq!(b64_maybe_twice("YUdrPQ==").unwrap(), b"hi");
    assert_eq!(
        b64_maybe_twice("MEQCIA==").unwrap(),
        vec![0x30, 0x44, 0x02, 0x20]
    );
}

#[test]
fn hash_names() {
    assert_eq!(hash_from_name("SHA2_256"), Some(Hash::Sha256));
    assert_eq!(hash_from_name("sha256"), Some(Hash::Sha256));
    assert_eq!(hash_from_name("SHA2_384"), Some(Hash::Sha384));
    assert_eq!(hash_from_name("md5"), None);
}
