//! URIs split into their parts, and the digests references carry.

use super::*;
use crate::serve::review::uri::{oci_digest, uri_facts, Carried, Uri, DIGEST_CLAIM, DIGEST_OCI};

#[test]
fn uris_are_split_into_scheme_authority_path_query_fragment() {
    let u = Uri::parse("s3://bucket/models/m.onnx?versionId=3&x=1#part").unwrap();
    assert_eq!(
        (u.scheme, u.authority, u.path, u.query, u.fragment),
        (
            "s3",
            "bucket",
            "/models/m.onnx",
            Some("versionId=3&x=1"),
            Some("part")
        )
    );
    let k11 = format!("https://evil.example/x.pkl?ref=@sha256:{HEX}");
    let u = Uri::parse(&k11).unwrap();
    assert_eq!(u.path, "/x.pkl");
    assert_eq!(u.query, Some(format!("ref=@sha256:{HEX}").as_str()));
    let u = Uri::parse("oci+native://registry.example.com:5000").unwrap();
    assert_eq!(
        (u.scheme, u.authority, u.path),
        ("oci+native", "registry.example.com:5000", "")
    );
    for not_uri in [
        "sha256:abc",
        "localhost:5000/repo:1",
        "/mnt/models",
        "meta-llama/Llama-3-8B",
        "3s://x",
        "://x",
        " s3://x",
        "s 3://x",
        "",
    ] {
        assert_eq!(Uri::parse(not_uri), None, "{not_uri}");
    }
}

#[test]
fn only_an_oci_reference_carries_an_oci_digest_and_sha256_parameters_are_claims() {
    let d = digest();
    let oci = |d: &str| Some(Ok((d.to_string(), DIGEST_OCI)));
    let claim = |d: &str| Some(Ok((d.to_string(), DIGEST_CLAIM)));
    let cases: Vec<(String, &str, Carried)> = vec![
        (
            format!("oci://registry.example.com/models/scorer@sha256:{HEX}"),
            "oci",
            oci(&d),
        ),
        (
            format!(
                "oci://registry.example.com:5000/models/scorer:1.2@sha256:{}",
                HEX.to_uppercase()
            ),
            "oci",
            oci(&d),
        ),
        (
            format!("oci+native://r.example.com/m@sha256:{HEX}"),
            "oci+native",
            oci(&d),
        ),
        // Downloaded by the storage initializer: nothing the webhook knows checks it.
        (
            format!("oci+fetch://r.example.com/m@sha256:{HEX}"),
            "oci+fetch",
            claim(&d),
        ),
        // KServe matches `oci://` case-sensitively: this is no modelcar.
        (format!("OCI://r.example.com/m@sha256:{HEX}"), "oci", None),
        // A query or fragment makes it no image reference at all.
        (
            format!("oci://r.example.com/m@sha256:{HEX}?x=1"),
            "oci",
            None,
        ),
        (
            format!("oci://r.example.com/m@sha256:{HEX}#sha256={HEX}"),
            "oci",
            None,
        ),
        ("oci://r.example.com/m:latest".into(), "oci", None),
        (
            "oci://r.example.com/m@sha256:12".into(),
            "oci",
            Some(Err("sha256:12".into())),
        ),
        (
            format!("oci://r.example.com/m@sha512:{HEX}"),
            "oci",
            Some(Err(format!("sha512:{HEX}"))),
        ),
        (
            format!("oci://@sha256:{HEX}"),
            "oci",
            Some(Err(format!("@sha256:{HEX}"))),
        ),
        (
            format!("oci://r/m@sha256:{HEX}@sha256:{HEX}"),
            "oci",
            Some(Err(format!("r/m@sha256:{HEX}@sha256:{HEX}"))),
        ),
        // K3: a digest written as a parameter of another URI is a claim.
        (format!("s3://models/m.onnx?sha256={HEX}"), "s3", claim(&d)),
        (
            format!("gs://models/m?version=2&sha256={HEX}"),
            "gs",
            claim(&d),
        ),
        (
            format!("https://models.example.com/m.tar#sha256={HEX}"),
            "https",
            claim(&d),
        ),
        (
            format!("HTTPS://models.example.com/m.tar?SHA256={HEX}"),
            "https",
            claim(&d),
        ),
        (
            "https://models.example.com/m?sha256=12".into(),
            "https",
            Some(Err("sha256:12".into())),
        ),
        // K11: `@sha256:` in a query, or in the path of a non-OCI URI, is no digest.
        (
            format!("https://evil.example/x.pkl?ref=@sha256:{HEX}"),
            "https",
            None,
        ),
        (
            format!("https://evil.example/m@sha256:{HEX}"),
            "https",
            None,
        ),
        (format!("hf://org/model?x=sha256:{HEX}"), "hf", None),
        ("gs://models/scorer".into(), "gs", None),
        ("pvc://model-cache/scorer".into(), "pvc", None),
        ("/mnt/models".into(), "", None),
        ("meta-llama/Llama-3-8B".into(), "", None),
        (format!("sha256:{HEX}"), "", None),
    ];
    for (uri, scheme, carried) in cases {
        assert_eq!(uri_facts(&uri), (scheme.to_string(), carried), "{uri}");
    }
    assert_eq!(
        oci_digest(&format!("r.example.com/m:1@sha256:{HEX}")),
        Some(Ok(d.clone()))
    );
    assert_eq!(oci_digest("r.example.com/m:1"), None);
    assert_eq!(
        oci_digest("r.example.com/m@sha256:1"),
        Some(Err("sha256:1".into()))
    );
    assert_eq!(
        normalize_digest(&format!("sha256:{}", HEX.to_uppercase())),
        Some(d.clone())
    );
    assert_eq!(normalize_digest("sha256:abc"), None);
    assert_eq!(normalize_digest(&format!("SHA256:{HEX}")), None);
    assert_eq!(
        image_digest(&format!("registry.example.com/serve:1.2@sha256:{HEX}")),
        Some(d)
    );
    assert_eq!(image_digest("registry.example.com:5000/serve:1.2"), None);
}
