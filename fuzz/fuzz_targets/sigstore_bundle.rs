#![no_main]
//! Sigstore bundles (v0.1-v0.3, message signature or DSSE) through offline verification: bundle
//! JSON, certificates, transparency log entries, inclusion proofs and timestamps.

use libfuzzer_sys::fuzz_target;
use modelgate::formats::Doc;
use modelgate::verify::dsse::PublicKey;
use modelgate::verify::sigstore::{self, AllowedIdentity, ArtifactRef, TrustPolicy, TrustedRoot};
use std::path::Path;
use std::sync::OnceLock;

mod common;

/// The sigstore-conformance data next to the repository, when it is there.
const CONFORMANCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/data/sigstore-conformance"
);

/// The public-good trusted root (so real bundles get past the root to their certificates and
/// log entries) and the examples' release key (so key-signed bundles reach the signature check).
/// Without the shared data an empty root still exercises everything up to the trust anchors.
fn policy() -> &'static TrustPolicy {
    static POLICY: OnceLock<TrustPolicy> = OnceLock::new();
    POLICY.get_or_init(|| {
        let path = Path::new(CONFORMANCE).join("production-trusted_root.json");
        let root = TrustedRoot::from_file(&path).unwrap_or_else(|_| {
            let empty = br#"{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}"#;
            TrustedRoot::from_doc(&Doc::new("trusted_root.json", "", empty.to_vec()))
                .expect("an empty trusted root parses")
        });
        let mut p = TrustPolicy::new(root).with_identity(AllowedIdentity::exact(
            "https://token.actions.githubusercontent.com",
            "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
        ));
        if let Ok(k) = PublicKey::from_pem(include_str!("../../examples/release.pub")) {
            p = p.with_key(k);
        }
        p
    })
}

/// The conformance suite's artifact, whose digest most of its bundles sign.
fn artifact() -> &'static ArtifactRef {
    static ARTIFACT: OnceLock<ArtifactRef> = OnceLock::new();
    ARTIFACT.get_or_init(|| {
        let bytes = std::fs::read(Path::new(CONFORMANCE).join("a.txt")).unwrap_or_default();
        let digest = modelgate::formats::Doc::new("a.txt", "", bytes).sha256;
        ArtifactRef::sha256_hex(&digest).expect("a sha256 digest in hex")
    })
}

fuzz_target!(|data: &[u8]| {
    let doc = common::doc("model.sigstore.json", data);
    common::outcome(sigstore::verify_bundle_doc(&doc, artifact(), policy()));
});
