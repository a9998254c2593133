//! Component identities: a banned package cannot be spelled around (issue 12).

use super::*;

// ----- component identities (issue 12: banned components cannot be spelled around) -----

#[test]
fn deconfuse_folds_only_what_is_not_ascii() {
    assert_eq!(deconfuse("torchtriton"), None);
    assert_eq!(
        deconfuse("t\u{3bf}rchtriton").as_deref(),
        Some("torchtriton")
    );
    assert_eq!(
        deconfuse("\u{ff34}orch").as_deref(),
        Some("Torch"),
        "NFKC; ASCII as written"
    );
    assert_eq!(
        deconfuse("torch\u{200b}triton").as_deref(),
        Some("torchtriton")
    );
    assert_eq!(
        deconfuse("to\u{301}rch").as_deref(),
        Some("torch"),
        "combining marks dropped"
    );
    assert_eq!(deconfuse("t\u{f3}rch").as_deref(), Some("torch"));
    assert_eq!(deconfuse("\u{456}0").as_deref(), Some("i0"), "0 stays 0");
}

#[test]
fn cyclonedx_identity_hints() {
    let s = must("bom.json", &fixture("cyclonedx-identity-hints.json"));
    let c = &s.components;
    assert_eq!(
        c[0].purl.as_deref(),
        Some("pkg:pypi/torchtriton@3.0.0"),
        "canonical"
    );
    assert_eq!(c[0].purl_id.as_deref(), Some("pkg:pypi/torchtriton@3.0.0"));
    assert_eq!(c[0].package.as_deref(), Some("pkg:pypi/torchtriton"));
    assert_eq!(c[0].ecosystem.as_deref(), Some("pypi"));
    assert!(c[0].match_ids.is_empty() && c[0].match_names.is_empty());

    assert_eq!(c[1].purl, None);
    assert_eq!(c[1].ecosystem, None, "nothing names an ecosystem");
    assert_eq!(c[1].match_names, vec!["torchtriton@3.0.0"]);

    for (i, how) in [
        (2, "bom-ref"),
        (3, "syft type"),
        (4, "syft language"),
        (5, "download URL"),
        (6, "CPE"),
    ] {
        assert_eq!(c[i].ecosystem.as_deref(), Some("pypi"), "{how}");
        assert!(
            c[i].match_ids
                .contains(&"pkg:pypi/torchtriton@3.0.0".to_string()),
            "{how}: {:?}",
            c[i]
        );
        assert!(c[i].match_names.is_empty(), "{how}");
    }
    assert_eq!(c[7].ecosystem.as_deref(), Some("npm"));
    assert_eq!(c[7].match_ids, vec!["pkg:npm/%40evil/flatmap-stream@0.1.1"]);

    assert_eq!(
        c[8].purl.as_deref(),
        Some("pkg:pypi/torch%7triton@3.0.0"),
        "kept as written"
    );
    assert_eq!(c[8].purl_id, None);
    assert!(c[8]
        .purl_error
        .as_deref()
        .is_some_and(|e| e.contains("invalid percent-encoding")));
    assert!(c[8]
        .match_ids
        .contains(&"pkg:pypi/torchtriton@3.0.0".to_string()));

    assert_eq!(
        c[9].match_names,
        vec!["torchtriton@3.0.0"],
        "odd shapes of hints are skipped"
    );
}

#[test]
fn spdx_identity_hints() {
    let text = &fixture("spdx2-identity-hints.spdx.json");
    let s = must("s.spdx.json", text);
    let c = &s.components;
    assert_eq!(c[0].ecosystem.as_deref(), Some("pypi"));
    assert_eq!(c[0].match_ids, vec!["pkg:pypi/torchtriton@3.0.0"]);
    assert_eq!(c[1].ecosystem.as_deref(), Some("npm"));
    assert!(
        c[1].match_ids
            .contains(&"pkg:npm/event-stream@3.3.6".to_string()),
        "{:?}",
        c[1]
    );
    assert!(c[2]
        .match_ids
        .contains(&"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1".to_string()));
    assert_eq!(c[3].ecosystem, None, "a VCS location names no ecosystem");
    assert_eq!(c[3].match_names, vec!["torchtriton"]);
    assert_eq!(c[4].purl.as_deref(), Some("pkg:generic/torchtriton"));
    assert_eq!(
        c[4].ecosystem.as_deref(),
        Some("pypi"),
        "from the second purl"
    );
    assert!(c[4]
        .match_ids
        .contains(&"pkg:pypi/torch-triton".to_string()));
    assert!(
        !c[4].match_ids.iter().any(|i| i == "pkg:pypi/torchtriton"),
        "torch_triton is not torchtriton: {:?}",
        c[4].match_ids
    );
    assert!(c[4].match_names.is_empty());

    let s3 = must("s3.json", &fixture("spdx3-identity-hints.json"));
    let c = &s3.components;
    assert_eq!(c[0].match_ids, vec!["pkg:pypi/torchtriton@3.0.0"]);
    assert!(c[1]
        .match_ids
        .contains(&"pkg:npm/flatmap-stream@0.1.1".to_string()));
    assert_eq!(
        c[2].match_names,
        vec!["w"],
        "odd shapes of hints are skipped"
    );
    assert_eq!(c[3].ecosystem.as_deref(), Some("npm"));
}

#[test]
fn twenty_thousand_components_with_identities_load_quickly() {
    let mut text = String::from(r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":["#);
    for i in 0..20_000 {
        if i > 0 {
            text.push(',');
        }
        // A mix: consistent purls, names only, upper case and encoded purls, licence names.
        let entry = match i % 4 {
            0 => format!(
                r#"{{"name":"p{i}","version":"1.{i}","purl":"pkg:pypi/p{i}@1.{i}","licenses":[{{"license":{{"id":"MIT"}}}}],"properties":[{{"name":"syft:package:type","value":"python"}},{{"name":"syft:location:0:path","value":"/usr/lib/p{i}"}}]}}"#
            ),
            1 => format!(
                r#"{{"name":"p{i}","version":"1.{i}","licenses":[{{"license":{{"name":"Apache License, Version 2.0"}}}}]}}"#
            ),
            2 => format!(
                r#"{{"name":"P_{i}","version":"1.{i}","purl":"pkg:PYPI/P_%3{}@1.{i}","licenses":[{{"expression":"MIT OR Apache-2.0"}}]}}"#,
                i % 10
            ),
            _ => format!(
                r#"{{"name":"core{i}","group":"@scope","version":"1.{i}","purl":"pkg:npm/%40scope/core{i}@1.{i}","bom-ref":"pkg:npm/%40scope/core{i}@1.{i}","licenses":[{{"license":{{"name":"GNU Lesser General Public License, Version 2.1"}}}}]}}"#
            ),
        };
        text.push_str(&entry);
    }
    text.push_str("]}");
    let started = std::time::Instant::now();
    let s = must("big.json", &text);
    let took = started.elapsed();
    eprintln!(
        "20000 components ({} bytes) in {took:?} (debug build)",
        text.len()
    );
    assert_eq!(s.components.len(), 20_000);
    assert_eq!(s.components[1].match_names, vec!["p1@1.1"]);
    assert_eq!(s.components[3].license_alternatives[0].len(), 2);
    assert!(took.as_secs_f64() < 20.0, "{took:?}");
}
