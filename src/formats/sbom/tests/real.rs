//! The real third-party SBOMs of ../shared/data (skipped when absent).

use super::super::license::{fold_case, EXPRESSION_MODE};
use super::*;
use crate::input::LicenseError;
use spdx::Expression;
use std::path::Path;

// ----- the real third-party files in ../shared/data -----

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data");

fn read(rel: &str) -> Sbom {
    let path = Path::new(DATA).join(rel);
    let doc = match Doc::read(&path, rel) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    match load(&doc) {
        Ok(s) => s,
        Err(e) => panic!("{rel} should load: {e}"),
    }
}

fn component<'a>(s: &'a Sbom, pointer: &str) -> &'a Component {
    match s.components.iter().find(|c| c.pointer == pointer) {
        Some(c) => c,
        None => panic!("no component at {pointer}"),
    }
}

/// The SBOMs of ../shared/data (format folder, path relative to it); none without it.
fn real_sboms() -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for dir in ["cyclonedx", "spdx"] {
        for entry in walkdir::WalkDir::new(Path::new(DATA).join(dir)).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => panic!("{e}"),
            };
            if entry.path().extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(DATA)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .to_string();
            out.push((dir, rel));
        }
    }
    out
}

#[test]
fn real_files_all_load() {
    if !Path::new(DATA).is_dir() {
        eprintln!("skipping: ../shared/data not found");
        return;
    }
    let mut n = 0;
    for (dir, rel) in real_sboms() {
        let started = std::time::Instant::now();
        let s = read(&rel);
        eprintln!(
            "{rel}: {} {} {} components in {:?}",
            s.format,
            s.spec_version,
            s.components.len(),
            started.elapsed()
        );
        assert_eq!(s.format, dir);
        assert!(!s.components.is_empty(), "{rel} has no components");
        assert!(s.subject.is_some(), "{rel} has no subject");
        for c in &s.components {
            assert!(!c.name.is_empty(), "{rel} {}", c.pointer);
            assert!(
                c.license_alternatives.len() <= MAX_LICENSE_ALTERNATIVES,
                "{rel} {}",
                c.pointer
            );
            for alt in &c.license_alternatives {
                assert!(
                    !alt.is_empty() && alt.iter().all(|t| !t.is_empty()),
                    "{rel} {}",
                    c.pointer
                );
            }
            assert_eq!(
                c.license_alternatives.is_empty() && c.license_errors.is_empty(),
                c.licenses.is_empty(),
                "{rel} {}: every license is evaluated or reported",
                c.pointer
            );
            for (alg, v) in &c.hashes {
                assert!(
                    v.bytes()
                        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
                    "{rel} {} {alg}",
                    c.pointer
                );
            }
        }
        n += 1;
    }
    assert_eq!(n, 17, "files found under ../shared/data");
}

#[test]
fn real_cyclonedx_samples() {
    if !Path::new(DATA).is_dir() {
        eprintln!("skipping: ../shared/data not found");
        return;
    }
    let k = read("cyclonedx/SBOM/keycloak-10.0.2/bom.json");
    assert_eq!(k.spec_version, "1.2");
    assert_eq!(k.subject.as_deref(), Some("keycloak-parent@10.0.2"));
    assert_eq!(k.components.len(), 903);
    let c = component(&k, "/components/0");
    assert_eq!(c.name, "bcprov-jdk15on");
    assert_eq!(c.version.as_deref(), Some("1.62"));
    assert_eq!(
        c.purl.as_deref(),
        Some("pkg:maven/org.bouncycastle/bcprov-jdk15on@1.62?type=jar")
    );
    assert_eq!(c.component_type.as_deref(), Some("library"));
    assert_eq!(c.licenses, vec!["Bouncy Castle Licence"]);
    assert!(c.license_alternatives.is_empty());
    assert_eq!(
        c.license_errors,
        vec![LicenseError {
            expression: "Bouncy Castle Licence".to_string(),
            reason: "unknown term at `Bouncy`".to_string()
        }]
    );
    assert_eq!(k.created.as_deref(), Some("2020-08-02T21:21:17Z"));
    let algs: Vec<&str> = c.hashes.keys().map(String::as_str).collect();
    assert_eq!(
        algs,
        vec!["md5", "sha1", "sha256", "sha3-256", "sha3-384", "sha3-512", "sha384", "sha512"]
    );
    assert_eq!(
        c.hashes.get("sha256").map(String::as_str),
        Some("2fa0ab71b154da29ac134097bc6bbacd90987dd4c4005516159e6494d1d52ea2")
    );
    assert_eq!(
        c.hashes.get("sha1").map(String::as_str),
        Some("633b6739ef8f07f2e71f8eebd1c6f25b17a4ec7d")
    );

    let d = read("cyclonedx/SBOM/dropwizard-1.3.15/bom.json");
    assert_eq!(d.subject.as_deref(), Some("dropwizard-parent@1.3.15"));
    let g = component(&d, "/components/1");
    assert_eq!(g.name, "guava");
    assert_eq!(g.version.as_deref(), Some("24.1.1-jre"));
    assert_eq!(g.licenses, vec!["Apache-2.0"]);
    assert_eq!(
        g.hashes.get("sha256").map(String::as_str),
        Some("490c16878c7a2c22e136728ad473c4190b21b82b46e261ba84ad2e4a5c28fbcf")
    );
    let o = component(&d, "/components/47");
    assert_eq!(o.name, "osgi-resource-locator");
    assert_eq!(
        o.licenses,
        vec!["(CDDL-1.0 OR GPL-2.0-with-classpath-exception)"]
    );
    assert_eq!(
        o.license_alternatives,
        vec![
            vec!["CDDL-1.0"],
            vec!["GPL-2.0-only WITH Classpath-exception-2.0"]
        ]
    );
    let q = component(&d, "/components/2");
    assert_eq!(q.name, "checker-compat-qual");
    assert_eq!(
        q.licenses,
        vec![
            "GNU General Public License, version 2 (GPL2), with the classpath exception",
            "MIT"
        ]
    );
    assert_eq!(
        q.license_alternatives,
        vec![vec![
            "GPL-2.0-only WITH Classpath-exception-2.0",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
            "MIT"
        ]],
        "the license name is read; \"version 2\" says neither only nor or later"
    );
    assert!(q.license_errors.is_empty());

    let j = read("cyclonedx/SBOM/juice-shop/via_npm/bare/bom.1.4.json");
    assert_eq!(j.spec_version, "1.4");
    let n = component(&j, "/components/7/components/0");
    assert_eq!(n.name, "ansi-regex");
    assert_eq!(n.version.as_deref(), Some("5.0.1"));
    assert_eq!(n.purl.as_deref(), Some("pkg:npm/ansi-regex@5.0.1"));
    assert_eq!(n.licenses, vec!["MIT"]);
    assert!(n
        .hashes
        .get("sha512")
        .is_some_and(|h| h.starts_with("aae2505e54d25062")));

    let m = read("cyclonedx/MLBOM/Model-Card-With-Dataset/bom.json");
    assert_eq!(m.spec_version, "1.7");
    assert_eq!(m.subject.as_deref(), Some("support-triage-service@1.0.0"));
    let types: Vec<(&str, Option<&str>)> = m
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.component_type.as_deref()))
        .collect();
    assert_eq!(
        types,
        vec![
            ("support-ticket-classifier", Some("machine-learning-model")),
            ("support-ticket-training-data", Some("data")),
            ("support-ticket-evaluation-data", Some("data")),
        ]
    );
}

#[test]
fn real_spdx_samples() {
    if !Path::new(DATA).is_dir() {
        eprintln!("skipping: ../shared/data not found");
        return;
    }
    let s = read("spdx/software_example11_spdx2.3_sbom.spdx.json");
    assert_eq!(s.spec_version, "2.3");
    assert_eq!(s.subject.as_deref(), Some("hello-server-src@0.1.0"));
    let h = component(&s, "/packages/1");
    assert_eq!(h.name, "hyper");
    assert_eq!(h.version.as_deref(), Some("0.14"));
    assert_eq!(h.purl.as_deref(), Some("pkg:cargo/hyper@0.14"));
    assert_eq!(h.licenses, vec!["MIT"], "licenseDeclared is NOASSERTION");
    assert_eq!(
        h.hashes.get("sha256").map(String::as_str),
        Some("02c929dc5c39e335a03c405292728118860721b10190d98c2a0f0efd5baafbac")
    );
    assert_eq!(h.component_type, None);

    let a = read("spdx/presentations_SBOMS-SPDX-Now-and-Future_ACME-v2.3.spdx.json");
    assert_eq!(a.subject.as_deref(), Some("Acme Applcation@2.3"));
    assert_eq!(
        component(&a, "/packages/0").component_type.as_deref(),
        Some("application")
    );
    let w = read("spdx/presentations_OSS-NA-2023_SPDXVersion2.3_04-SBOMwSecurity.json");
    assert_eq!(
        w.subject.as_deref(),
        Some("tools-java@1.5.1"),
        "from the DESCRIBES relationship"
    );

    let d = read("spdx/dataset_example01_spdx3.0_example01.spdx3.json");
    assert_eq!(d.spec_version, "3.0.1");
    assert_eq!(
        d.subject.as_deref(),
        Some("Our World in Data CO2 and Greenhouse Gas Emissions dataset@2024-04-15")
    );
    assert_eq!(d.components.len(), 1);
    let ds = component(&d, "/@graph/5");
    assert_eq!(
        ds.name,
        "Our World in Data CO2 and Greenhouse Gas Emissions dataset"
    );
    assert_eq!(ds.version.as_deref(), Some("2024-04-15"));
    assert_eq!(ds.component_type.as_deref(), Some("data"));
    assert_eq!(ds.licenses, vec!["CC-BY-4.0"]);
    assert_eq!(
        ds.hashes.get("sha1").map(String::as_str),
        Some("32657f0d033fc07a7420be36a6af9083c6a63489")
    );
    assert_eq!(
        ds.hashes.get("sha256").map(String::as_str),
        Some("434d75c84cf86456c16193dbc53beef31eb63f3387425882ddb2ef6acb9d472c")
    );

    let ai = read("spdx/ai_example02_spdx3.0_sbom.spdx3.json");
    assert_eq!(
        ai.subject.as_deref(),
        Some("Sentiment Demo: A Simple AI Application and its AI BOM Example")
    );
    let m = component(&ai, "/@graph/20");
    assert_eq!(m.component_type.as_deref(), Some("machine-learning-model"));
    assert_eq!(m.licenses, vec!["CC0-1.0"]);

    let htr = read("spdx/ai_example01_spdx3.0_simplehtr-example.json");
    assert_eq!(htr.subject.as_deref(), Some("SimpleHTR"));
    let e = component(&htr, "/@graph/49");
    assert_eq!(e.name, "editdistance");
    assert_eq!(e.version.as_deref(), Some("0.5.2"));
    assert_eq!(e.component_type.as_deref(), Some("library"));
    assert_eq!(e.licenses, vec!["MIT"]);
    let iam = component(&htr, "/@graph/106");
    assert_eq!(iam.name, "IAMdataset");
    assert_eq!(
        iam.licenses,
        vec!["LicenseRef-CustomLicense-c63547c2-62e0-48ec-b98d-ff1b917d67db"]
    );
    assert_eq!(
        component(&htr, "/@graph/21").component_type.as_deref(),
        Some("machine-learning-model")
    );
}

/// Licence entries of the real SBOMs that are names rather than SPDX expressions: each is
/// read as the licences it names, except these, which name no one licence (or none on the
/// SPDX list).
const REAL_UNMAPPED_NAMES: [&str; 15] = [
    "BSD",
    "BSD 3-clause License w/nuclear disclaimer",
    "BSD License",
    "BSD licence",
    "BSD-like",
    "Bouncy Castle Licence",
    "CDDL",
    "CDDL+GPL",
    "CPL",
    "Common Development and Distribution License",
    "GNU General Public Library",
    "GooglePatentClause",
    "Indiana University Extreme! Lab Software License 1.1.1",
    "Public Domain",
    "The BSD License",
];

#[test]
fn real_files_licence_names_map_to_spdx_ids() {
    if !Path::new(DATA).is_dir() {
        eprintln!("skipping: ../shared/data not found");
        return;
    }
    // Every SBOM under cyclonedx/ and spdx/ (real/ holds model and dataset cards, no SBOMs).
    let mut names: BTreeMap<String, (Vec<Vec<String>>, usize)> = BTreeMap::new();
    for (_, rel) in real_sboms() {
        for c in read(&rel).components {
            for l in &c.licenses {
                let is_expression = Expression::parse_mode(l, EXPRESSION_MODE).is_ok()
                    || Expression::parse_mode(&fold_case(l), EXPRESSION_MODE).is_ok();
                if !is_expression {
                    let (alts, _) = license_alternatives(std::slice::from_ref(l));
                    names.entry(l.clone()).or_insert((alts, 0)).1 += 1;
                }
            }
        }
    }
    let unmapped: Vec<&str> = names
        .iter()
        .filter(|(_, (alts, _))| alts.is_empty())
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(unmapped, REAL_UNMAPPED_NAMES.to_vec());
    let mapped = names.len() - unmapped.len();
    let uses: usize = names.values().map(|(_, n)| n).sum();
    eprintln!(
        "{} licence names ({uses} uses), {mapped} mapped",
        names.len()
    );
    assert!(mapped >= 35, "{mapped}");
    let alts = |name: &str| match names.get(name) {
        Some((a, _)) => a.clone(),
        None => panic!("{name} is not in the real files"),
    };
    let both = |id: &str| vec![vec![format!("{id}-only"), format!("{id}-or-later")]];
    assert_eq!(alts("GPL v2"), both("GPL-2.0"));
    assert_eq!(alts("LGPL, version 2.1"), both("LGPL-2.1"));
    assert_eq!(alts("lgpl_v2_1"), both("LGPL-2.1"));
    assert_eq!(
        alts("Lesser General Public License, version 3 or greater"),
        vec![vec!["LGPL-3.0-or-later"]]
    );
    assert_eq!(alts("GNU Lesser General Public License").len(), 1);
    assert_eq!(
        alts("GNU Lesser General Public License")[0].len(),
        6,
        "every version"
    );
    assert_eq!(
        alts("GNU General Public License, Version 2 with the Classpath Exception"),
        vec![vec![
            "GPL-2.0-only WITH Classpath-exception-2.0",
            "GPL-2.0-or-later WITH Classpath-exception-2.0"
        ]]
    );
    assert_eq!(
            alts("Apache License, Version 2.0 and Common Development And Distribution License (CDDL) Version 1.0"),
            vec![vec!["Apache-2.0", "CDDL-1.0"]]
        );
    assert_eq!(
        alts("MPL 2.0 or EPL 1.0"),
        vec![vec!["EPL-1.0"], vec!["MPL-2.0"]]
    );
    for apache in [
        "ALv2",
        "ASF 2.0",
        "ASL 2.0",
        "ASL, version 2",
        "Apache 2",
        "Apache2",
        "Apache Software Licenses",
        "asl",
    ] {
        assert_eq!(alts(apache), vec![vec!["Apache-2.0"]], "{apache}");
    }
    for bsd3 in [
        "BSD 3-clause New License",
        "Eclipse Distribution License - v 1.0",
        "EDL 1.0",
    ] {
        assert_eq!(alts(bsd3), vec![vec!["BSD-3-Clause"]], "{bsd3}");
    }
    assert_eq!(alts("The W3C License"), vec![vec!["W3C"]]);
    // Every GNU licence named is read, whatever the spelling.
    for (name, (a, _)) in &names {
        let l = name.to_ascii_lowercase();
        if (l.contains("gpl") || l.contains("general public"))
            && !REAL_UNMAPPED_NAMES.contains(&name.as_str())
        {
            assert!(
                a.iter().all(|alt| alt.iter().any(|t| t.contains("GPL"))),
                "{name}: {a:?}"
            );
        }
    }
}
