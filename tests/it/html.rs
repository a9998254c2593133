//! The HTML audit report end to end: contents checked against the JSON report, escaping,
//! determinism, user templates, template errors, and a real browser rendering it to PNG and PDF.

use crate::common;
use common::{modelgate, root, NOW};

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const KEY: &str = "examples/release.pub";
/// The public key of the gate that signed the example decision records.
const GATE_KEY: &str = "examples/gate.pub";

/// Where the rendered reports, screenshots and PDFs are left for a person to look at.
fn out_dir() -> PathBuf {
    let dir = root().join("target/html-report");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `modelgate report BUNDLE --key ... --now ... EXTRA...`.
fn report(bundle: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "report",
        bundle,
        "--key",
        KEY,
        "--record-key",
        GATE_KEY,
        "--now",
        NOW,
    ];
    args.extend_from_slice(extra);
    modelgate(&args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json_report(bundle: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "check",
        bundle,
        "--key",
        KEY,
        "--record-key",
        GATE_KEY,
        "--now",
        NOW,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let o = modelgate(&args);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o.stderr)))
}

/// Every `src=` and `href=` value: none may leave the document.
fn assert_self_contained(html: &str) {
    for attr in ["src=", "href="] {
        for (i, _) in html.match_indices(attr) {
            let value: String = html[i + attr.len()..]
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ' ' | '>'))
                .collect();
            assert!(
                value.starts_with('#'),
                "{attr}{value}: the report must not reference anything outside itself"
            );
        }
    }
    for banned in ["<script", "<link", "@import", "url(", "<img", "<iframe"] {
        assert!(!html.contains(banned), "the report contains {banned}");
    }
}

fn waivers_file(dir: &Path) -> PathBuf {
    let path = dir.join("waivers.yaml");
    std::fs::write(
        &path,
        "waivers:\n  - rule: sbom-license-denied\n    target: \"pkg:pypi/mongo-feature-cache@*\"\n    reason: Legal approved internal use, ticket LEGAL-142 <internal>\n    approvedBy: jane.doe@example.com\n    expires: 2027-01-31\n",
    )
    .unwrap();
    path
}

#[test]
fn examples_render_with_verdict_findings_evidence_and_signer() {
    let cases = [
        ("examples/approved", 0, "approve", "Approved"),
        ("examples/blocked-gdpr", 1, "block", "Blocked"),
        ("examples/blocked-robustness", 1, "block", "Blocked"),
    ];
    for (bundle, code, verdict, label) in cases {
        let name = bundle.trim_start_matches("examples/");
        let file = out_dir().join(format!("{name}.html"));
        let o = report(bundle, &["-o", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(code), "{bundle}: {}", text(&o.stderr));
        assert!(o.stdout.is_empty(), "-o writes to the file only");
        let html = std::fs::read_to_string(&file).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{bundle}");
        assert!(
            html.contains(&format!(
                "<section class=\"verdict v-{verdict}\" aria-label=\"verdict\">\n  <div class=\"word\">{label}</div>"
            )),
            "{bundle}: the verdict comes first"
        );
        assert!(html.contains("credit-risk-scorer"), "{bundle}");
        let v = json_report(bundle, &[]);
        let b = &v["bundles"][0];
        for e in b["evidence"].as_array().unwrap() {
            let sha = e["sha256"].as_str().unwrap();
            assert!(html.contains(sha), "{bundle}: evidence {sha} missing");
        }
        let findings = b["findings"].as_array().unwrap();
        let blocking = findings.iter().any(|f| f["level"] == "deny");
        assert_eq!(blocking, code != 0, "{bundle}");
        for f in findings {
            let id = f["rule_id"].as_str().unwrap();
            assert!(html.contains(id), "{bundle}: finding {id} missing");
        }
        let sigs = b["signatures"].as_array().unwrap();
        assert!(!sigs.is_empty(), "{bundle}: the examples are signed");
        for s in sigs {
            let key_id = s["signer"]["key_id"].as_str().unwrap();
            assert!(html.contains(key_id), "{bundle}: signer {key_id} missing");
            assert_eq!(s["verified"], true);
        }
        assert!(html.contains("✓ verified"), "{bundle}");
        assert!(html.contains(v["policy_digest"].as_str().unwrap()));
        assert!(html.contains("<svg"), "{bundle}: the summary chart");
        assert_self_contained(&html);
    }
}

#[test]
fn findings_are_grouped_by_regulation_and_article_and_escaped() {
    let o = report("examples/blocked-gdpr", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let html = text(&o.stdout);
    for heading in ["GDPR Art. 6", "GDPR Art. 35", "GDPR Art. 44", "CCPA"] {
        assert!(html.contains(heading), "no group {heading}");
    }
    // Art. 5 comes before Art. 35: articles sort by number, not as text.
    let index = html.find("Articles cited").unwrap();
    let art5 = html[index..].find(">Art. 5<").unwrap();
    let art35 = html[index..].find(">Art. 35<").unwrap();
    assert!(art5 < art35);
    // Evidence text is escaped, never interpreted as markup.
    assert!(html.contains("dataset &quot;loan-applications-2024&quot;"));
    assert!(!html.contains("dataset \"loan-applications-2024\""));
    assert!(html.contains("data/dataset.yaml:"), "finding locations");
}

#[test]
fn robustness_chart_and_waivers_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let waivers = waivers_file(dir.path());
    let w = waivers.to_str().unwrap();
    let o = report("examples/blocked-robustness", &["--waivers", w]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let html = text(&o.stdout);
    assert!(
        html.contains("Robust accuracy vs ε (linf)"),
        "a chart per norm"
    );
    assert!(html.contains("Robust accuracy vs ε (l2)"));
    assert!(html.contains("<polyline"), "a line per attack");
    assert!(html.contains("jane.doe@example.com"));
    assert!(html.contains("2027-01-31"));
    assert!(html.contains("ticket LEGAL-142 &lt;internal&gt;"));
    assert!(html.contains("st-waived"), "the waived finding is marked");
}

#[test]
fn output_is_deterministic_and_check_format_html_is_the_same_report() {
    let first = report("examples/blocked-robustness", &[]);
    let second = report("examples/blocked-robustness", &[]);
    assert_eq!(first.status.code(), Some(1));
    assert!(!first.stdout.is_empty());
    assert!(first.stdout == second.stdout, "two runs differ");

    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("r.html");
    let spec = format!("html={}", html.display());
    let o = modelgate(&[
        "check",
        "examples/blocked-robustness",
        "--key",
        KEY,
        "--now",
        NOW,
        "-o",
        &spec,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(std::fs::read(&html).unwrap() == first.stdout);

    let o = modelgate(&[
        "check",
        "examples/approved",
        "--key",
        KEY,
        "--record-key",
        GATE_KEY,
        "-o",
        "htm=x.html",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("html"), "{}", text(&o.stderr));
}

#[test]
fn a_user_template_replaces_the_builtin_one_by_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("report.html.j2"),
        "<p>ACME gate: {{ verdict_label }} {{ bundles[0].name }} {{ '<b>' }}</p>\n{% include \"extra.html.j2\" %}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("extra.html.j2"), "<p>extra partial</p>\n").unwrap();
    let o = report(
        "examples/approved",
        &["--template", dir.path().to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let html = text(&o.stdout);
    assert!(
        html.starts_with("<p>ACME gate: Approved credit-risk-scorer &lt;b&gt;</p>"),
        "{html}"
    );
    assert!(
        html.contains("extra partial"),
        "a partial of the user's folder"
    );

    // A partial alone can be replaced; the built-in page around it stays.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("findings.html.j2"),
        "<p>custom findings: {{ bundle.groups|length }}</p>\n",
    )
    .unwrap();
    let o = report(
        "examples/blocked-gdpr",
        &["--template", dir.path().to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let html = text(&o.stdout);
    assert!(html.contains("<p>custom findings: "));
    assert!(html.contains("Evidence inventory"));
}

#[test]
fn a_broken_user_template_is_an_error_naming_file_and_line() {
    // A syntax error.
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("report.html.j2");
    std::fs::write(&broken, "<html>\n<body>\n{% if %}\n</body>\n").unwrap();
    let o = report(
        "examples/approved",
        &["--template", dir.path().to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!("{}: line 3", broken.display())),
        "{err}"
    );
    assert!(err.contains("syntax error"), "{err}");
    assert!(o.stdout.is_empty());

    // A misspelt variable in a partial fails when rendered, naming the partial.
    let dir = tempfile::tempdir().unwrap();
    let partial = dir.path().join("bundle.html.j2");
    std::fs::write(
        &partial,
        "<section>\n\n{{ bundle.nmae.upper() }}\n</section>\n",
    )
    .unwrap();
    let out = dir.path().join("r.html");
    let o = report(
        "examples/approved",
        &[
            "--template",
            dir.path().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!("{}: line 3", partial.display())),
        "{err}"
    );
    assert!(!out.exists(), "no report is written when rendering fails");

    // A template folder that does not exist.
    let o = report("examples/approved", &["--template", "no/such/dir"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("no/such/dir"));
}

fn chromium() -> Option<PathBuf> {
    let fixed = PathBuf::from("/usr/bin/chromium");
    if fixed.is_file() {
        return Some(fixed);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("chromium"))
            .find(|p| p.is_file())
    })
}

/// Runs headless Chromium with `args` and the page, and returns its stderr; fails on a time-out.
fn run_chromium(exe: &Path, args: &[String], page: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(page)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    // stderr is drained on a thread so that a chatty browser cannot block on a full pipe.
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut pipe, &mut s).ok();
        s
    });
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium did not finish within 180 s: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let stderr = reader.join().unwrap();
    assert!(status.success(), "chromium failed ({status}): {stderr}");
    stderr
}

fn assert_no_page_errors(stderr: &str) {
    for line in stderr.lines() {
        assert!(
            !(line.contains("CONSOLE") && (line.contains("ERROR") || line.contains("error"))),
            "the page logged an error: {line}"
        );
        assert!(!line.contains("Uncaught"), "the page threw: {line}");
    }
}

/// The report as a person sees it: rendered by Chromium to a screenshot and to a PDF, both
/// left in target/html-report/ for a look.
#[test]
fn chromium_renders_the_report_to_png_and_pdf() {
    let Some(exe) = chromium() else {
        println!("skipping: chromium not installed");
        return;
    };
    let dir = out_dir();
    let waivers = tempfile::tempdir().unwrap();
    let w = waivers_file(waivers.path());
    let html = dir.join("chromium-blocked-robustness.html");
    let o = report(
        "examples/blocked-robustness",
        &[
            "--waivers",
            w.to_str().unwrap(),
            "-o",
            html.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let page = format!("file://{}", html.display());

    let png = dir.join("blocked-robustness.png");
    let pdf = dir.join("blocked-robustness.pdf");
    for stale in [&png, &pdf] {
        let _ = std::fs::remove_file(stale);
    }
    let stderr = run_chromium(
        &exe,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,2000".into(),
        ],
        &page,
    );
    assert_no_page_errors(&stderr);
    let image = std::fs::read(&png).expect("the screenshot was written");
    assert!(image.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let width = u32::from_be_bytes(image[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(image[20..24].try_into().unwrap());
    assert_eq!((width, height), (1280, 2000));
    assert!(image.len() > 30_000, "a blank page? {} bytes", image.len());

    let stderr = run_chromium(
        &exe,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
        &page,
    );
    assert_no_page_errors(&stderr);
    let doc = std::fs::read(&pdf).expect("the PDF was written");
    assert!(doc.starts_with(b"%PDF-"), "not a PDF");
    assert!(
        doc.len() > 20_000 && doc.len() < 20_000_000,
        "{} bytes",
        doc.len()
    );
}
