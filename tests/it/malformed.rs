//! Hostile and broken evidence of every format: truncated, of the wrong type, deeply nested,
//! huge, invalid UTF-8, duplicate keys, YAML alias bombs, BOMs, CRLF line ends, front matter
//! without an end. Each must end in exit 2 with a located message (or a finding, where the
//! input is valid), within bounded time and memory: never a panic, a hang or an approval.
//!
//! The inputs are generated at run time (the huge ones would bloat the repository).

use crate::common;
use common::{root, NOW};

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A run over a hostile file may take this long in a debug build, no longer.
const TIME_LIMIT: Duration = Duration::from_secs(60);
/// Address space of one run: a loader that tried to hold a bomb in memory would hit it.
const MEMORY_LIMIT: &str = "--as=4294967296";

/// What a case must end in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// Exit 2, the message naming the file and a line or a JSON pointer.
    Located,
    /// Exit 2, the message naming the file (a size limit has no line).
    Named,
    /// The file is valid: the run decides (exit 0 or 1), no error.
    Decides,
    /// The right answer is a blocking finding that names the file (exit 1).
    Blocks,
}

/// Which manifest key the file is listed under, and its name in the bundle.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Manifest,
    ModelCard,
    Dataset,
    Sbom,
    Robustness,
    Signature,
    Provenance,
}

impl Slot {
    fn file(self) -> &'static str {
        match self {
            Slot::Manifest => "modelgate.yaml",
            Slot::ModelCard => "README.md",
            Slot::Dataset => "dataset.yaml",
            Slot::Sbom => "sbom.cdx.json",
            Slot::Robustness => "robustness.json",
            Slot::Signature => "model.sigstore.json",
            Slot::Provenance => "provenance.intoto.jsonl",
        }
    }
}

fn manifest(slot: Slot, file: &str) -> String {
    let entry = match slot {
        Slot::Manifest => String::new(),
        Slot::ModelCard => format!("  modelCard: {file}\n"),
        Slot::Dataset => format!("  datasets: [{file}]\n"),
        Slot::Sbom => format!("  sboms: [{file}]\n"),
        Slot::Robustness => format!("  robustness: [{file}]\n"),
        Slot::Signature => format!("  signatures: [{file}]\n"),
        Slot::Provenance => format!("  provenance: [{file}]\n"),
    };
    format!(
        "apiVersion: modelgate.dev/v1\nkind: ModelRelease\nmetadata:\n  name: m\n  version: 1.0.0\nspec:\n  riskTier: minimal\n{entry}"
    )
}

fn nested_json(depth: usize) -> Vec<u8> {
    let mut s = "[".repeat(depth);
    s.push_str(&"]".repeat(depth));
    s.into_bytes()
}

fn huge_string_json(key: &str, bytes: usize) -> Vec<u8> {
    let mut v = format!("{{\"{key}\": \"").into_bytes();
    v.resize(v.len() + bytes, b'a');
    v.extend_from_slice(b"\"}");
    v
}

fn many_components(n: usize) -> Vec<u8> {
    let mut v =
        br#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": ["#
            .to_vec();
    for i in 0..n {
        if i > 0 {
            v.push(b',');
        }
        v.extend_from_slice(format!(r#"{{"type":"library","name":"c{i}"}}"#).as_bytes());
    }
    v.extend_from_slice(b"]}");
    v
}

const ALIAS_BOMB: &str = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";

const CARD: &str = "---\nlicense: apache-2.0\n---\n# m\n\n## Intended uses\n\nScoring.\n";

fn cases() -> Vec<(&'static str, Slot, Vec<u8>, Expect)> {
    use Expect::*;
    use Slot::*;
    let cdx = std::fs::read(root().join("examples/approved/sbom/image.cdx.json")).unwrap();
    let rob = std::fs::read(root().join("examples/approved/eval/robustness.json")).unwrap();
    let man = manifest(Manifest, "");
    let card_crlf = CARD.replace('\n', "\r\n");
    let mut bom_card = "\u{feff}".as_bytes().to_vec();
    bom_card.extend_from_slice(CARD.as_bytes());
    let mut bom_cdx = "\u{feff}".as_bytes().to_vec();
    bom_cdx.extend_from_slice(&cdx);
    let mut bad_utf8_cdx = cdx.clone();
    bad_utf8_cdx[40] = 0xff;
    vec![
        // The manifest itself.
        ("manifest truncated", Manifest, man.as_bytes()[..man.len() - 14].to_vec(), Located),
        ("manifest wrong type", Manifest, b"apiVersion: modelgate.dev/v1\nkind: ModelRelease\nmetadata: [1, 2]\nspec: {}\n".to_vec(), Located),
        ("manifest not a map", Manifest, b"- just\n- a list\n".to_vec(), Located),
        ("manifest duplicate key", Manifest, format!("{man}spec:\n  riskTier: high\n").into_bytes(), Located),
        ("manifest alias bomb", Manifest, format!("{man}{ALIAS_BOMB}").into_bytes(), Located),
        ("manifest deep nesting", Manifest, format!("{man}x: {}\n", "[".repeat(10_000) + &"]".repeat(10_000)).into_bytes(), Located),
        ("manifest invalid UTF-8", Manifest, [man.as_bytes(), b"# \xff\xfe\n"].concat(), Located),
        ("manifest huge string", Manifest, [man.as_bytes(), b"# ", &vec![b'a'; 100 << 20], b"\n"].concat(), Named),
        ("manifest BOM", Manifest, ["\u{feff}".as_bytes(), man.as_bytes()].concat(), Decides),
        ("manifest CRLF", Manifest, man.replace('\n', "\r\n").into_bytes(), Decides),
        // The model card: Markdown with YAML front matter.
        ("card front matter without end", ModelCard, b"---\nlicense: mit\ntags: [a]\n# Model\n\nText.\n".to_vec(), Located),
        ("card front matter wrong type", ModelCard, b"---\nlicense: [1, {a: 2}]\ntags: {x: 1}\n---\n# m\n".to_vec(), Located),
        ("card front matter alias bomb", ModelCard, format!("---\n{ALIAS_BOMB}---\n# m\n").into_bytes(), Located),
        ("card front matter deep", ModelCard, format!("---\nx: {}\n---\n# m\n", "[".repeat(10_000) + &"]".repeat(10_000)).into_bytes(), Located),
        ("card invalid UTF-8", ModelCard, [CARD.as_bytes(), b"\n\xc3\x28 text\n"].concat(), Located),
        ("card deep block quotes", ModelCard, format!("{CARD}\n{} deep\n", ">".repeat(10_000)).into_bytes(), Decides),
        ("card deep lists", ModelCard, format!("{CARD}\n{}x\n", "- ".repeat(10_000)).into_bytes(), Decides),
        ("card huge", ModelCard, [CARD.as_bytes(), &vec![b'a'; 100 << 20]].concat(), Named),
        ("card BOM", ModelCard, bom_card, Decides),
        ("card CRLF", ModelCard, card_crlf.into_bytes(), Decides),
        // The datasheet (YAML).
        ("datasheet truncated", Dataset, b"apiVersion: modelgate.dev/v1\nkind: Datasheet\nname: d\npersonalData:\n  contains: tr".to_vec(), Located),
        ("datasheet wrong type", Dataset, b"apiVersion: modelgate.dev/v1\nkind: Datasheet\nname: [d]\n".to_vec(), Located),
        ("datasheet duplicate key", Dataset, b"apiVersion: modelgate.dev/v1\nkind: Datasheet\nname: d\nname: e\n".to_vec(), Located),
        ("datasheet alias bomb", Dataset, format!("apiVersion: modelgate.dev/v1\nkind: Datasheet\nname: d\n{ALIAS_BOMB}").into_bytes(), Located),
        // CycloneDX.
        ("sbom truncated", Sbom, cdx[..cdx.len() / 2].to_vec(), Located),
        ("sbom wrong type", Sbom, br#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": "all of them"}"#.to_vec(), Located),
        ("sbom deep nesting", Sbom, nested_json(10_000), Located),
        ("sbom deep inside", Sbom, [&br#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {"x": "#[..], &nested_json(10_000), b"}}"].concat(), Located),
        ("sbom huge string", Sbom, huge_string_json("bomFormat", 100 << 20), Named),
        ("sbom a million components", Sbom, many_components(1_000_000), Located),
        ("sbom invalid UTF-8", Sbom, bad_utf8_cdx, Located),
        ("sbom duplicate key", Sbom, br#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "specVersion": "1.4", "components": []}"#.to_vec(), Located),
        ("sbom BOM", Sbom, bom_cdx, Decides),
        ("spdx deep nesting", Sbom, [&br#"{"spdxVersion": "SPDX-2.3", "packages": "#[..], &nested_json(5_000), b"}"].concat(), Located),
        // Robustness report.
        ("robustness truncated", Robustness, rob[..rob.len() - 30].to_vec(), Located),
        ("robustness wrong type", Robustness, br#"{"apiVersion": "modelgate.dev/v1", "kind": "RobustnessReport", "attacks": {"pgd": 1}}"#.to_vec(), Located),
        ("robustness deep", Robustness, nested_json(10_000), Located),
        ("robustness CRLF", Robustness, String::from_utf8(rob.clone()).unwrap().replace('\n', "\r\n").into_bytes(), Decides),
        // Sigstore bundle and provenance.
        // A signature that cannot be read is a signature that does not verify: a finding.
        ("sigstore bundle truncated", Signature, br#"{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "verificationMaterial": {"#.to_vec(), Blocks),
        ("sigstore bundle deep", Signature, nested_json(10_000), Blocks),
        ("provenance truncated", Provenance, br#"{"_type": "https://in-toto.io/Statement/v1", "subject": [{"name": "m""#.to_vec(), Located),
        ("provenance deep", Provenance, nested_json(10_000), Located),
    ]
}

/// Runs `check` on a bundle holding `content` in `slot`, bounded in time and address space.
fn run_case(dir: &Path, slot: Slot, content: &[u8]) -> (Option<i32>, String, String, Duration) {
    let file = slot.file();
    if !matches!(slot, Slot::Manifest) {
        std::fs::write(dir.join("modelgate.yaml"), manifest(slot, file)).unwrap();
    }
    std::fs::write(dir.join(file), content).unwrap();
    let start = Instant::now();
    let o = Command::new("prlimit")
        .arg(MEMORY_LIMIT)
        .arg("timeout")
        .arg(TIME_LIMIT.as_secs().to_string())
        .arg(env!("CARGO_BIN_EXE_modelgate"))
        .args(["check", dir.to_str().unwrap(), "--now", NOW])
        .env("NO_COLOR", "1")
        .output()
        .expect("prlimit and timeout (util-linux, coreutils) run modelgate");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        start.elapsed(),
    )
}

#[test]
fn every_malformed_input_is_refused_with_a_location_and_never_approved() {
    let mut failures = Vec::new();
    for (name, slot, content, expect) in cases() {
        let dir = tempfile::tempdir().unwrap();
        let (code, out, err, took) = run_case(dir.path(), slot, &content);
        let file = slot.file();
        // A bundle's error is part of the report (stdout); usage errors go to stderr.
        let msg = format!("{out}\n{err}");
        let problem = if err.contains("panicked") || code == Some(101) {
            Some("panicked".to_string())
        } else if code == Some(124) || code.is_none() {
            Some(format!(
                "did not finish within {TIME_LIMIT:?} (or was killed): {code:?}"
            ))
        } else {
            match expect {
                Expect::Located | Expect::Named => {
                    // The caret view: `--> file:LINE[:COLUMN]`, or the pointer under the file.
                    let located = msg.lines().any(|l| {
                        l.trim_start()
                            .strip_prefix("--> ")
                            .and_then(|at| {
                                at.strip_prefix(file)
                                    .or_else(|| at.rsplit_once(&format!("/{file}")).map(|(_, r)| r))
                            })
                            .is_some_and(|rest| rest.starts_with(':'))
                    }) || msg.contains(&format!("{file}: line "))
                        || msg.contains(&format!("{file}: at /"))
                        || (msg.contains(file) && msg.contains("note: at /"));
                    if code != Some(2) {
                        Some(format!("exit {code:?}, expected 2"))
                    } else if !msg.contains(file) {
                        Some(format!("the message does not name {file}"))
                    } else if expect == Expect::Located && !located {
                        Some("the message has no line or pointer".into())
                    } else {
                        None
                    }
                }
                Expect::Decides => match code {
                    Some(0) | Some(1) => None,
                    _ => Some(format!("exit {code:?}, expected a decision")),
                },
                Expect::Blocks => match code {
                    Some(1) if msg.contains(file) => None,
                    _ => Some(format!(
                        "exit {code:?}, expected a blocking finding naming {file}"
                    )),
                },
            }
        };
        eprintln!("{name}: exit {code:?} in {took:?}");
        if let Some(p) = problem {
            failures.push(format!(
                "{name}: {p}\n  stdout: {}\n  stderr: {}",
                first(&out),
                first(&err)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn output(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn first(s: &str) -> String {
    s.chars().take(600).collect()
}

#[test]
fn limits_are_configurable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("modelgate.yaml"),
        manifest(Slot::Sbom, "sbom.cdx.json"),
    )
    .unwrap();
    std::fs::write(dir.path().join("sbom.cdx.json"), many_components(50)).unwrap();
    let config = dir.path().join("config.yaml");
    let check = |limits: &str| {
        std::fs::write(
            &config,
            format!("apiVersion: modelgate.dev/v1\nkind: Config\nlimits:\n{limits}"),
        )
        .unwrap();
        let bundle = dir.path().to_str().unwrap().to_string();
        Command::new(env!("CARGO_BIN_EXE_modelgate"))
            .args([
                "check",
                &bundle,
                "--now",
                NOW,
                "--config",
                config.to_str().unwrap(),
            ])
            .output()
            .unwrap()
    };
    let o = check("  maxComponents: 10\n");
    let err = output(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("50 components, over the limit of 10"), "{err}");
    assert!(err.contains("limits.maxComponents"), "{err}");

    let o = check("  maxFileBytes: 100\n");
    let err = output(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("over the limit of 100"), "{err}");

    let o = check("  maxDepth: 1\n");
    let err = output(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("nested deeper than 1 levels"), "{err}");

    let o = check("  maxFiles: 0\n");
    let err = output(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("limits.maxFiles"), "{err}");

    // Within the limits the same bundle decides.
    let o = check("  maxComponents: 100\n");
    assert!(
        matches!(o.status.code(), Some(0) | Some(1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let o = check("  maxComponent: 100\n");
    assert_eq!(o.status.code(), Some(2), "an unknown limit is refused");
}
