//! Tests of purl canonicalisation (the purl-spec test suite), matching keys, component
//! identities and ecosystem hints.

use super::identity::Identity;
use super::*;

fn fixture() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sbom/purl-test-suite.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn spec_vectors_canonicalise() {
    let f = fixture();
    let mut failures = Vec::new();
    let valid = f["valid"].as_array().unwrap();
    for case in valid {
        let input = case["input"].as_str().unwrap();
        let want = case["canonical"].as_str().unwrap();
        match parse(input) {
            Ok(p) => {
                let got = p.canonical();
                if got != want || p.problem().is_some() {
                    failures.push(format!(
                        "{input}: got {got} ({:?}), want {want}",
                        p.problem()
                    ));
                }
                // Canonicalising is idempotent.
                let again = parse(&got).map(|q| q.canonical());
                assert_eq!(again.as_deref(), Ok(want), "{input}");
            }
            Err(e) => failures.push(format!("{input}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(valid.len() > 150);
}

/// Invalid vectors read on purpose: none hides which package is named, and a gate reports
/// what it cannot match, not every rule of every type.
const ACCEPTED: [&str; 13] = [
    // Per-type character rules (chrome extension ids, cpan `::`), not checked.
    "pkg:chrome-extension/44444algnefjeiefhmpklpfiohadpglk",
    "pkg:chrome-extension/dogs",
    "pkg:chrome-extension/dlpngalgnefjeiefhmpklpfiohadpglk@1.2.3.4.5",
    "pkg:chrome-extension/dlpngalgnefjeiefhmpklpfiohadpglk@1.2.3-beta",
    "pkg:cpan/LWP::UserAgent@6.7.6",
    "pkg:cpan/GDT/URI::PackageURL",
    "pkg:cpan/URI::PackageURL",
    // Upper-case qualifier keys: lowered, as the suite's own validate vectors do.
    "pkg:gem/jruby-launcher@1.1.2?Platform=java",
    "pkg:Rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&Distro=fedora-25",
    // A required namespace or qualifier missing: the package is still named (legacy
    // Hugging Face names such as `pkg:huggingface/gpt2` have no namespace either).
    "pkg:julia/Dates",
    "pkg:swift/Alamofire@5.4.3",
    "pkg:vscode-extension/java@1.46.2025091308",
    // A trailing `/` before the version is stripped, as the parsing steps say.
    "pkg:swift/github.com/Alamofire/@5.4.3",
];

#[test]
fn spec_invalid_vectors_are_reported() {
    let f = fixture();
    let mut accepted = Vec::new();
    let invalid = f["invalid"].as_array().unwrap();
    for case in invalid {
        let input = case["input"].as_str().unwrap();
        if let Ok(p) = parse(input) {
            if p.problem().is_none() {
                accepted.push(input);
            }
        }
    }
    accepted.sort_unstable();
    let mut want = ACCEPTED.to_vec();
    want.sort_unstable();
    assert_eq!(accepted, want);
    assert!(invalid.len() > ACCEPTED.len() + 10);
}

fn evidence<'a>(name: &'a str, version: Option<&'a str>, purl: Option<&str>) -> Evidence<'a> {
    Evidence {
        name,
        version,
        purl: purl.map(str::to_string),
        ..Evidence::default()
    }
}

fn key(purl: &str) -> String {
    match parse(purl) {
        Ok(p) => p.id().0,
        Err(e) => panic!("{purl}: {e}"),
    }
}

fn canonical(purl: &str) -> String {
    match parse(purl) {
        Ok(p) => p.canonical(),
        Err(e) => panic!("{purl}: {e}"),
    }
}

#[test]
fn scheme_type_and_percent_encoding_are_canonical() {
    for (given, want) in [
        ("pkg:pypi/torch%74riton@3.0.0", "pkg:pypi/torchtriton@3.0.0"),
        ("PKG:PYPI/TorchTriton@3.0.0", "pkg:pypi/torchtriton@3.0.0"),
        ("pkg://pypi/torchtriton", "pkg:pypi/torchtriton"),
        (" pkg:pypi/torchtriton ", "pkg:pypi/torchtriton"),
        ("pkg:npm/@babel/core@7.0.0", "pkg:npm/%40babel/core@7.0.0"),
        ("pkg:npm/%40babel/core@7.0.0", "pkg:npm/%40babel/core@7.0.0"),
        ("pkg:npm/%40Babel/Core", "pkg:npm/%40Babel/Core"),
        (
            "pkg:GitHub/Package-URL/Purl-Spec@v1",
            "pkg:github/package-url/purl-spec@v1",
        ),
        (
            "pkg:deb/Debian/LibC6@2.36?Arch=amd64&distro=",
            "pkg:deb/debian/libc6@2.36?arch=amd64",
        ),
        (
            "pkg:maven/org.Apache/Commons@1.0?type=jar&classifier=x",
            "pkg:maven/org.Apache/Commons@1.0?classifier=x&type=jar",
        ),
        (
            "pkg:golang/github.com/Foo/bar@v1.0.0#/a/./b/../c/",
            "pkg:golang/github.com/Foo/bar@v1.0.0#a/b/c",
        ),
        ("pkg:oci/Debian@SHA256%3AABCD", "pkg:oci/debian@sha256:abcd"),
        (
            "pkg:huggingface/Org/Model@ABCDEF",
            "pkg:huggingface/Org/Model@abcdef",
        ),
        (
            "pkg:cargo/Serde@1.0.0+build",
            "pkg:cargo/Serde@1.0.0%2Bbuild",
        ),
        ("pkg:pypi/t\u{3bf}rchtriton", "pkg:pypi/t%CE%BFrchtriton"),
    ] {
        assert_eq!(canonical(given), want, "{given}");
    }
}

#[test]
fn matching_keys_fold_case_and_pypi_separators() {
    for (given, want) in [
        (
            "pkg:pypi/torch%74riton@3.0.0?x=1#y",
            "pkg:pypi/torchtriton@3.0.0",
        ),
        ("pkg:PYPI/TorchTriton", "pkg:pypi/torchtriton"),
        ("pkg:pypi/Zope.Interface", "pkg:pypi/zope-interface"),
        ("pkg:pypi/a__b--c..d", "pkg:pypi/a-b-c-d"),
        ("pkg:pypi/ultralytics@8.3.41", "pkg:pypi/ultralytics@8.3.41"),
        ("pkg:pypi/Pkg@1.0.POST1", "pkg:pypi/pkg@1.0.post1"),
        ("pkg:npm/Flatmap-Stream", "pkg:npm/flatmap-stream"),
        ("pkg:maven/Org.Example/Lib@1", "pkg:maven/org.example/lib@1"),
        (
            "pkg:nuget/EnterpriseLibrary.Common@6.0.1304",
            "pkg:nuget/enterpriselibrary.common@6.0.1304",
        ),
    ] {
        assert_eq!(key(given), want, "{given}");
    }
    // torchtriton and torch-triton are different PyPI projects.
    assert_eq!(key("pkg:pypi/torch_triton"), "pkg:pypi/torch-triton");
    assert_eq!(key("pkg:pypi/Torch.Triton"), "pkg:pypi/torch-triton");
    assert_ne!(key("pkg:pypi/torch_triton"), key("pkg:pypi/torchtriton"));
    // Other types keep their separators.
    assert_eq!(key("pkg:npm/a_b"), "pkg:npm/a_b");
}

#[test]
fn malformed_purls_say_why() {
    for (given, why) in [
        ("pypi/torchtriton@3.0.0", "no `pkg:` scheme"),
        (
            "https://pypi.org/project/torchtriton",
            "the scheme is `https`",
        ),
        ("pkg:torchtriton", "no type and name"),
        ("pkg:3pypi/torchtriton", "invalid type `3pypi`"),
        ("pkg:pypi/torch%7triton", "invalid percent-encoding `%7t`"),
        ("pkg:pypi/torch%", "invalid percent-encoding `%`"),
        ("pkg:pypi/torch%FFtriton", "not UTF-8"),
        ("pkg:pypi/@3.0.0", "no name"),
        ("pkg:pypi/torch%2Ftriton", "contains `/`"),
    ] {
        match parse(given) {
            Ok(p) => panic!("{given} parsed: {p:?}"),
            Err(e) => assert!(e.contains(why), "{given}: {e}"),
        }
    }
    for (given, why) in [
        (
            "pkg:pypi/evil/torchtriton@3.0.0",
            "type `pypi` has no namespace, but `evil` is given",
        ),
        (
            "pkg:npm/x?in%20production=true",
            "invalid qualifier key `in%20production`",
        ),
        ("pkg:npm/x?a=1&a=2", "qualifier `a` given twice"),
        ("pkg:npm/x?flag", "qualifier `flag` without `=`"),
    ] {
        match parse(given) {
            Ok(p) => assert_eq!(p.problem(), Some(why), "{given}"),
            Err(e) => panic!("{given}: {e}"),
        }
    }
}

#[test]
fn every_registered_type_has_a_definition_order() {
    let names: Vec<&str> = TYPES.iter().map(|r| r.ty).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(names, sorted, "TYPES sorted and unique, for binary search");
    assert!(TYPES.len() <= 64, "EcoSet is a u64");
    assert!(type_rule("pypi").is_some() && type_rule("pip").is_none());
}

// ----- identities: the attacks on the ban -----

#[test]
fn a_consistent_component_gets_no_further_keys() {
    let id = identify(evidence(
        "requests",
        Some("2.31.0"),
        Some("pkg:pypi/requests@2.31.0"),
    ));
    assert_eq!(
        id,
        Identity {
            purl: Some("pkg:pypi/requests@2.31.0".into()),
            purl_id: Some("pkg:pypi/requests@2.31.0".into()),
            package: Some("pkg:pypi/requests".into()),
            ecosystem: Some("pypi".into()),
            ..Identity::default()
        }
    );
    // Spellings of the same name that the ecosystem treats as one.
    let id = identify(evidence(
        "Foo_Bar",
        Some("1.0"),
        Some("pkg:pypi/foo-bar@1.0"),
    ));
    assert!(id.match_ids.is_empty(), "{id:?}");
    let mut e = evidence("core", Some("7.0.0"), Some("pkg:npm/%40babel/core@7.0.0"));
    e.group = Some("@babel");
    assert!(identify(e).match_ids.is_empty());
    let id = identify(evidence(
        "@babel/core",
        Some("7.0.0"),
        Some("pkg:npm/%40babel/core@7.0.0"),
    ));
    assert!(id.match_ids.is_empty(), "{id:?}");
    let mut e = evidence(
        "jackson-core",
        Some("2.20.1"),
        Some("pkg:maven/com.fasterxml.jackson.core/jackson-core@2.20.1"),
    );
    e.group = Some("com.fasterxml.jackson.core");
    assert!(identify(e).match_ids.is_empty());
    let id = identify(evidence(
        "libc6",
        Some("2.36-9"),
        Some("pkg:deb/debian/libc6@2.36-9?arch=amd64"),
    ));
    assert!(id.match_ids.is_empty(), "{id:?}");
}

#[test]
fn percent_encoded_and_upper_case_purls_match_their_package() {
    let id = identify(evidence(
        "torchtriton",
        Some("3.0.0"),
        Some("pkg:pypi/torch%74riton@3.0.0"),
    ));
    assert_eq!(id.purl_id.as_deref(), Some("pkg:pypi/torchtriton@3.0.0"));
    assert_eq!(id.purl.as_deref(), Some("pkg:pypi/torchtriton@3.0.0"));
    assert_eq!(id.package.as_deref(), Some("pkg:pypi/torchtriton"));
    let id = identify(evidence("TorchTriton", None, Some("pkg:PYPI/TorchTriton")));
    assert_eq!(id.purl_id.as_deref(), Some("pkg:pypi/torchtriton"));
}

#[test]
fn look_alike_letters_are_folded_for_matching() {
    // Greek omicron, percent-encoded and as written; Cyrillic es and i.
    for purl in [
        "pkg:pypi/t%CE%BFrchtriton@3.0.0",
        "pkg:pypi/t\u{3bf}rchtriton@3.0.0",
        "pkg:pypi/tor\u{441}htr\u{456}ton@3.0.0",
        // A zero-width space and a full-width letter, percent-encoded.
        "pkg:pypi/torch%E2%80%8Btriton@3.0.0",
        "pkg:pypi/%EF%BD%94orchtriton@3.0.0",
    ] {
        let id = identify(evidence("x", Some("3.0.0"), Some(purl)));
        assert!(
            id.match_ids
                .contains(&"pkg:pypi/torchtriton@3.0.0".to_string()),
            "{purl}: {id:?}"
        );
        assert_ne!(id.purl_id.as_deref(), Some("pkg:pypi/torchtriton@3.0.0"));
    }
    // Without a purl, in a known ecosystem.
    let mut e = evidence("t\u{3bf}rchtriton", Some("3.0.0"), None);
    e.hints.insert("pypi");
    let id = identify(e);
    assert!(
        id.match_ids
            .contains(&"pkg:pypi/torchtriton@3.0.0".to_string()),
        "{id:?}"
    );
    // Full-width letters and invisible characters.
    for name in [
        "\u{ff54}\u{ff4f}\u{ff52}\u{ff43}\u{ff48}triton",
        "torch\u{200b}triton",
        "torch\u{ad}triton",
    ] {
        let id = identify(evidence(name, None, None));
        assert!(
            id.match_names.contains(&"torchtriton".to_string()),
            "{name}: {id:?}"
        );
    }
    // ASCII is taken as written: `0` is not `o`.
    let id = identify(evidence("t0rchtriton", None, Some("pkg:pypi/t0rchtriton")));
    assert!(
        id.match_ids.is_empty() && id.match_names.is_empty(),
        "{id:?}"
    );
}

#[test]
fn a_component_without_purl_is_matched_by_ecosystem_and_name() {
    let mut e = evidence("TorchTriton", Some("3.0.0"), None);
    e.hints.insert("pypi");
    let id = identify(e);
    assert_eq!(id.purl, None);
    assert_eq!(id.purl_id, None);
    assert_eq!(id.ecosystem.as_deref(), Some("pypi"));
    assert_eq!(id.match_ids, vec!["pkg:pypi/torchtriton@3.0.0"]);
    assert!(id.match_names.is_empty());

    // npm scope from the CycloneDX group; Maven coordinates from group and name.
    let mut e = evidence("core", Some("1.0"), None);
    e.group = Some("@evil");
    e.hints.insert("npm");
    assert_eq!(identify(e).match_ids, vec!["pkg:npm/%40evil/core@1.0"]);
    let mut e = evidence("log4j-core", Some("2.14.1"), None);
    e.group = Some("org.apache.logging.log4j");
    e.hints.insert("maven");
    assert_eq!(
        identify(e).match_ids,
        vec!["pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"]
    );

    // Unknown ecosystem: the name alone, fail closed.
    let id = identify(evidence("torchtriton", Some("3.0.0"), None));
    assert_eq!(id.ecosystem, None);
    assert!(id.match_ids.is_empty());
    assert_eq!(id.match_names, vec!["torchtriton@3.0.0"]);
    let id = identify(evidence("Torch_Triton", None, None));
    assert_eq!(id.match_names, vec!["torch_triton", "torch-triton"]);
    let mut e = evidence("core", None, None);
    e.group = Some("org.example");
    assert_eq!(identify(e).match_names, vec!["org.example/core", "core"]);

    // Several ecosystems named: keys in each, no single `ecosystem`.
    let mut e = evidence("torchtriton", None, None);
    e.hints.insert("pypi");
    e.hints.insert("npm");
    let id = identify(e);
    assert_eq!(id.ecosystem, None);
    assert_eq!(
        id.match_ids,
        vec!["pkg:npm/torchtriton", "pkg:pypi/torchtriton"]
    );
}

#[test]
fn a_malformed_purl_is_kept_reported_and_still_matched() {
    let id = identify(evidence(
        "torchtriton",
        Some("3.0.0"),
        Some("pkg:pypi/torch%7triton@3.0.0"),
    ));
    assert_eq!(
        id.purl.as_deref(),
        Some("pkg:pypi/torch%7triton@3.0.0"),
        "verbatim"
    );
    assert_eq!(id.purl_id, None);
    assert_eq!(id.package, None);
    assert!(
        id.purl_error
            .as_deref()
            .is_some_and(|e| e.contains("percent")),
        "{id:?}"
    );
    assert_eq!(
        id.ecosystem.as_deref(),
        Some("pypi"),
        "from the type that could be read"
    );
    assert!(
        id.match_ids
            .contains(&"pkg:pypi/torchtriton@3.0.0".to_string()),
        "{id:?}"
    );

    // No scheme: nothing can be read of it; the name is matched in any ecosystem.
    let id = identify(evidence(
        "torchtriton",
        Some("3.0.0"),
        Some("pypi/torchtriton@3.0.0"),
    ));
    assert!(id.purl_error.is_some());
    assert_eq!(id.match_names, vec!["torchtriton@3.0.0"]);

    // A namespace pypi does not have.
    let id = identify(evidence(
        "x",
        Some("3.0.0"),
        Some("pkg:pypi/evil/torchtriton@3.0.0"),
    ));
    assert_eq!(
        id.purl_id.as_deref(),
        Some("pkg:pypi/evil/torchtriton@3.0.0")
    );
    assert!(id.purl_error.is_some());
    assert!(
        id.match_ids
            .contains(&"pkg:pypi/torchtriton@3.0.0".to_string()),
        "{id:?}"
    );
}

#[test]
fn generic_and_unregistered_types_are_matched_by_name() {
    for purl in [
        "pkg:generic/torchtriton@3.0.0",
        "pkg:pip/torchtriton@3.0.0",
        "pkg:python/TorchTriton@3.0.0",
    ] {
        let id = identify(evidence("x", Some("3.0.0"), Some(purl)));
        assert_eq!(id.ecosystem, None, "{purl}");
        assert!(
            id.match_names.contains(&"torchtriton@3.0.0".to_string()),
            "{purl}: {id:?}"
        );
    }
}

#[test]
fn a_name_or_version_that_disagrees_with_the_purl_is_matched_too() {
    let id = identify(evidence(
        "torchtriton",
        Some("2.31.0"),
        Some("pkg:pypi/requests@2.31.0"),
    ));
    assert_eq!(id.match_ids, vec!["pkg:pypi/torchtriton@2.31.0"]);
    let id = identify(evidence(
        "ultralytics",
        Some("8.3.41"),
        Some("pkg:pypi/ultralytics@8.3.40"),
    ));
    assert_eq!(id.match_ids, vec!["pkg:pypi/ultralytics@8.3.41"]);
    let id = identify(evidence(
        "ultralytics",
        Some("8.3.41"),
        Some("pkg:pypi/ultralytics"),
    ));
    assert_eq!(id.match_ids, vec!["pkg:pypi/ultralytics@8.3.41"]);
}

#[test]
fn other_purls_of_the_component_are_matched() {
    let mut e = evidence("x", None, None);
    e.fallback_purl = Some("pkg:pypi/torchtriton@3.0.0?package-id=1".into());
    let id = identify(e);
    assert_eq!(id.ecosystem.as_deref(), Some("pypi"));
    assert!(
        id.match_ids
            .contains(&"pkg:pypi/torchtriton@3.0.0".to_string()),
        "{id:?}"
    );
    // A bom-ref is not needed when the purl is valid.
    let mut e = evidence("requests", Some("1"), Some("pkg:pypi/requests@1"));
    e.fallback_purl = Some("pkg:pypi/requests@1?package-id=1".into());
    assert!(identify(e).match_ids.is_empty());
    // SPDX package-manager references.
    assert_eq!(
        purl_of_reference("maven-central", "org.apache.tomcat:tomcat:9.0.0.M4").as_deref(),
        Some("pkg:maven/org.apache.tomcat/tomcat@9.0.0.M4")
    );
    assert_eq!(
        purl_of_reference("npm", "http-server@0.3.0").as_deref(),
        Some("pkg:npm/http-server@0.3.0")
    );
    assert_eq!(
        purl_of_reference("npm", "@babel/core@7.0.0").as_deref(),
        Some("pkg:npm/%40babel/core@7.0.0")
    );
    assert_eq!(
        purl_of_reference("nuget", "Microsoft.AspNet.MVC/5.0.0").as_deref(),
        Some("pkg:nuget/Microsoft.AspNet.MVC@5.0.0")
    );
    assert_eq!(purl_of_reference("bower", "modernizr#2.6.2"), None);
}

#[test]
fn ecosystem_hints() {
    assert_eq!(
        eco_of_url("https://pypi.org/project/torchtriton/"),
        Some("pypi")
    );
    assert_eq!(
        eco_of_url("https://files.pythonhosted.org/packages/x.whl"),
        Some("pypi")
    );
    assert_eq!(
        eco_of_url("HTTPS://Registry.NPMJS.org/x/-/x-1.0.tgz"),
        Some("npm")
    );
    assert_eq!(
        eco_of_url("https://repo1.maven.org/maven2/x"),
        Some("maven")
    );
    assert_eq!(
        eco_of_url("https://github.com/pytorch/pytorch"),
        None,
        "a VCS names no ecosystem"
    );
    assert_eq!(eco_of_url("git+https://pypi.org/x"), None);
    assert_eq!(eco_of_url("NOASSERTION"), None);
    assert_eq!(eco_of_property("syft:package:type", "python"), Some("pypi"));
    assert_eq!(
        eco_of_property("syft:package:language", "go"),
        Some("golang")
    );
    assert_eq!(
        eco_of_property("syft:package:type", "java-archive"),
        Some("maven")
    );
    assert_eq!(
        eco_of_property("cdx:npm:package:bundled", "true"),
        Some("npm")
    );
    assert_eq!(eco_of_property("cdx:poetry:group", "main"), Some("pypi"));
    assert_eq!(eco_of_property("syft:location:0:path", "/x"), None);
    assert_eq!(
        eco_of_cpe("cpe:2.3:a:python:torchtriton:3.0.0:*:*:*:*:python:*:*"),
        Some("pypi")
    );
    assert_eq!(
        eco_of_cpe("cpe:2.3:a:x:y:1:*:*:*:*:node.js:*:*"),
        Some("npm")
    );
    assert_eq!(eco_of_cpe("cpe:2.3:a:x:y:1:*:*:*:*:*:*:*"), None);
    for (t, eco) in [
        ("homebrew", "brew"),
        ("github-action", "github"),
        ("apk", "apk"),
    ] {
        assert_eq!(eco_of_tool_type(t), Some(eco), "{t}");
    }
    // Every ecosystem a hint can name is a registered type.
    let mut set = EcoSet::default();
    for t in [
        "pypi",
        "npm",
        "maven",
        "golang",
        "cargo",
        "gem",
        "composer",
        "nuget",
        "pub",
        "conan",
        "hackage",
        "hex",
        "otp",
        "cocoapods",
        "swift",
        "cran",
        "luarocks",
        "opam",
        "conda",
        "deb",
        "rpm",
        "brew",
        "github",
        "apk",
        "alpm",
        "huggingface",
        "cpan",
    ] {
        let before = set;
        set.insert(t);
        assert_ne!(set, before, "{t} is registered");
    }
    let mut g = EcoSet::default();
    g.insert("generic");
    assert!(g.is_empty(), "generic names no ecosystem");
}
