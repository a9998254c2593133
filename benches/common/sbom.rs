//! The synthetic SBOM the benches share: a CycloneDX document of `n` components.

/// A CycloneDX SBOM of `n` components with versions, purls, licenses and hashes.
pub fn big_sbom(n: usize) -> Vec<u8> {
    let components: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "type": "library",
                "name": format!("package-{i}"),
                "version": format!("1.{}.{}", i % 17, i % 5),
                "purl": format!("pkg:pypi/package-{i}@1.{}.{}", i % 17, i % 5),
                "licenses": [{"license": {"id": if i % 3 == 0 { "MIT" } else { "Apache-2.0" }}}],
                "hashes": [{"alg": "SHA-256", "content": format!("{:064x}", i)}]
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": components
    }))
    .unwrap()
}
