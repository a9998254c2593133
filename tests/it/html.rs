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
        "--record-key",
        GATE_KEY,
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

/// A copy of examples/approved with the operations fixtures listed in `spec.operations`;
/// `edit` may rewrite a copied file (by its path in the bundle) before the manifest lists it.
fn operations_bundle(edit: &dyn Fn(&str, String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&root().join("examples/approved"), dir.path());
    common::strip_operations(dir.path());
    std::fs::create_dir(dir.path().join("ops")).unwrap();
    let fixtures = root().join("tests/fixtures/operations");
    let files = [
        ("plan/operations.yaml", "operations.yaml"),
        ("prometheus/credit-risk-rules.yaml", "ops/alerts.yaml"),
        ("argo/rollout.yaml", "ops/rollout.yaml"),
        ("argo/analysis-template.yaml", "ops/analysis.yaml"),
        ("drift/drift-detected.json", "ops/drift.json"),
    ];
    for (from, to) in files {
        let text = std::fs::read_to_string(fixtures.join(from)).unwrap();
        std::fs::write(dir.path().join(to), edit(to, text)).unwrap();
    }
    let manifest = dir.path().join("modelgate.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let listed = files.map(|(_, to)| to).join(", ");
    let text = text.replacen("spec:\n", &format!("spec:\n  operations: [{listed}]\n"), 1);
    assert!(text.contains("operations: [operations.yaml"), "{text}");
    std::fs::write(&manifest, text).unwrap();
    dir
}

/// The report of an operations bundle: it is evaluated (approve or block, never an error).
fn operations_report(dir: &Path) -> String {
    let o = report(dir.to_str().unwrap(), &[]);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        text(&o.stderr)
    );
    text(&o.stdout)
}

/// Every in-page link leads to an element of the page.
fn assert_links_resolve(html: &str) {
    for (i, _) in html.match_indices("href=\"#") {
        let target: String = html[i + 7..].chars().take_while(|c| *c != '"').collect();
        assert!(
            html.contains(&format!("id=\"{target}\"")),
            "a link to #{target}, which is not on the page"
        );
    }
}

#[test]
fn operations_section_shows_metrics_rollouts_rollback_and_drift() {
    let dir = operations_bundle(&|_, text| text);
    let html = operations_report(dir.path());
    let start = html
        .find("<h3>Operations</h3>")
        .expect("the operations section");
    let end = start + html[start..].find("</section>").unwrap();
    let ops = &html[start..end];
    // A metric row: kind, metric, condition, alert, and what the shipped rule does.
    let row = ops
        .split("<tr>")
        .find(|r| r.contains("model_accuracy"))
        .expect("the accuracy metric's row");
    for shown in [
        "performance",
        "below 0.85",
        "CreditRiskScorerAccuracyBelowFloor",
        "✓ found",
        "critical · risk-ml-oncall",
        "https://runbooks.example.com/ml/credit-risk-scorer/accuracy-floor",
    ] {
        assert!(row.contains(shown), "{shown} not in {row}");
    }
    assert_eq!(row.matches("✓ yes").count(), 2, "reads and selects: {row}");
    // The error-rate alert reads model_requests_total and selects the model too.
    let row = ops
        .split("<tr>")
        .find(|r| r.contains("CreditRiskScorerHighErrorRate"))
        .unwrap();
    assert_eq!(row.matches("✓ yes").count(), 2, "{row}");
    // The rollout, its steps drawn: 10, 25, 50, 100 percent.
    assert!(ops.contains("Rollout/credit-risk-scorer"), "{ops}");
    assert!(ops.contains("✓ staged") && ops.contains("✓ aborts by itself"));
    assert!(ops.contains("10% → 25% → 50% → 100%"), "{ops}");
    let svg = &ops[ops.find("<svg").unwrap()..ops.find("</svg>").unwrap()];
    assert_eq!(svg.matches("<rect class=\"step\"").count(), 4, "{svg}");
    assert!(svg.contains("step 4, 100% of traffic"), "{svg}");
    // The rollback target, the drift report and its drifted column.
    assert!(ops.contains("records/credit-risk-scorer-2.2.0.record.json"));
    assert!(ops.contains("kubectl argo rollouts undo credit-risk-scorer"));
    // The record as verified with the gate's key, not the path alone.
    assert!(
        ops.contains("<dt>Record verified</dt><dd>yes, key"),
        "{ops}"
    );
    assert!(
        ops.contains("credit-risk-scorer 2.2.0 (production): approve"),
        "{ops}"
    );
    assert!(
        ops.contains("40.0%") && ops.contains("30.0%"),
        "share vs threshold"
    );
    assert!(ops.contains("<span class=\"bad\">drifted</span>"));
    assert!(
        ops.contains("<li><span class=\"mono\">income</span>"),
        "{ops}"
    );
    assert!(
        !ops.contains("<span class=\"mono\">age</span>"),
        "age did not drift"
    );
    // How the model is run.
    for shown in [
        "400 days",
        "risk-ml-oncall",
        "https://runbooks.example.com/ml/incident-response",
        "ai-compliance@example.com",
        "ml-prod/credit-risk-scorer-ingress",
    ] {
        assert!(ops.contains(shown), "{shown} not shown");
    }
    assert_self_contained(&html);
    assert_links_resolve(&html);

    // A release without operations evidence has no such section.
    let o = report("examples/advisory-jailbreak", &[]);
    assert!(!text(&o.stdout).contains("<h3>Operations</h3>"));
}

/// Author text with markup and quotes in an alert name, a metric name, a rollout name and a
/// drift column is shown escaped wherever it appears, the chart's SVG included.
#[test]
fn operations_author_text_is_escaped_everywhere() {
    const EVIL: &str = "Evil<script>alert(1)</script>\"x";
    const SHOWN: &str = "Evil&lt;script&gt;alert(1)&lt;/script&gt;&quot;x";
    let dir = operations_bundle(&|path, text| match path {
        "operations.yaml" => text
            .replace(
                "alert: CreditRiskScorerAccuracyBelowFloor",
                &format!("alert: '{EVIL}'"),
            )
            .replace("name: model_accuracy", &format!("name: 'm-{EVIL}'")),
        "ops/alerts.yaml" => text.replace(
            "alert: CreditRiskScorerAccuracyBelowFloor",
            &format!("alert: '{EVIL}'"),
        ),
        "ops/rollout.yaml" => text.replacen(
            "  name: credit-risk-scorer\n",
            &format!("  name: '{EVIL}'\n"),
            1,
        ),
        "ops/drift.json" => {
            text.replace("\"name\": \"income\"", "\"name\": \"c-Evil<script>\\\"x\"")
        }
        _ => text,
    });
    let html = operations_report(dir.path());
    let start = html
        .find("<h3>Operations</h3>")
        .expect("the operations section");
    let ops = &html[start..start + html[start..].find("</section>").unwrap()];
    assert!(
        !html.contains("<script"),
        "markup from evidence reached the page"
    );
    assert!(!html.contains("</script>\"x"));
    // The alert in the metric row (found in the rule file under the same name), the metric.
    let row = ops
        .split("<tr>")
        .find(|r| r.contains(&format!("m-{SHOWN}")));
    let row = row.expect("the metric row, escaped");
    assert!(
        row.contains(&format!(">{SHOWN}<")) && row.contains("✓ found"),
        "{row}"
    );
    // The rollout: its table cell, the chart's label and every bar's title.
    let name = format!("Rollout/{SHOWN}");
    assert!(ops.contains(&format!("<span class=\"mono\">{name}</span>")));
    assert!(ops.contains(&format!(
        "aria-label=\"Traffic to the new release per step of {name}\""
    )));
    assert!(ops.contains(&format!(
        "<title>Traffic to the new release per step of {name}</title>"
    )));
    assert_eq!(
        ops.matches(&format!("<title>{name}: step ")).count(),
        4,
        "{ops}"
    );
    assert!(
        ops.contains("c-Evil&lt;script&gt;&quot;x"),
        "the drifted column"
    );
    assert_self_contained(&html);
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
