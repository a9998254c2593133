//! Tests of the HTML report: hostile evidence escaped, citations split and sorted, round numbers.

use super::charts::nice_axis;
use super::citations::{article_key, split_control};
use super::*;

#[test]
fn hostile_evidence_is_escaped_in_every_context() {
    let html = render(&crate::render::tests::hostile_report(), None).unwrap();
    // Raw markup from evidence would be one of these; the templates have none of them.
    for raw in [
        "<img",
        "<!--",
        "</summary>",
        "</details>",
        "<a href=\"javascript",
    ] {
        assert!(!html.contains(raw), "{raw} reached the HTML report");
    }
    assert!(!html.contains('\u{1b}') && !html.contains('\u{202e}'));
    // What evidence says is shown, escaped.
    for shown in [
        "&lt;img src=x onerror=alert(1)&gt;",
        "&lt;&#x2f;summary&gt;",
        "![t](https://evil.example/p.png)",
        "[x](javascript:alert(1))",
    ] {
        let shown = shown.replace("&#x2f;", "/");
        assert!(html.contains(&shown), "{shown} not shown");
    }
    // Attribute values that a browser acts on hold only what the renderer made: anchors,
    // class names and numbers. No tag has an event handler or a source.
    let pattern = |p: &str| regex::Regex::new(p).unwrap();
    let (anchor, class, number) = (
        pattern(r"^#?[A-Za-z0-9-]+$"),
        pattern(r"^[A-Za-z0-9 _-]*$"),
        pattern(r"^[0-9A-Za-z:;.,%()\s-]*$"),
    );
    let mut checked = 0;
    for (tag, attrs) in tags(&html) {
        for (name, value) in attrs {
            let ok = match name.as_str() {
                "href" => value.starts_with('#') && anchor.is_match(&value),
                "id" => anchor.is_match(&value),
                "class" => class.is_match(&value),
                "style" | "points" | "viewbox" | "transform" | "d" => number.is_match(&value),
                "src" | "srcset" | "action" | "formaction" | "background" => false,
                n => !n.starts_with("on"),
            };
            assert!(ok, "<{tag} {name}=\"{value}\">");
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} attributes found");
}

/// The tags of an HTML document with their attributes (names lower case, values as
/// written): enough of the HTML tokenizer to see what a browser would make of the markup.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        i += 1;
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let tag = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let n = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let name = html[n..i].to_ascii_lowercase();
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let v = i + 1;
                        i = v + html[v..].find(q as char).unwrap_or(html.len() - v);
                        value = html[v..i].to_string();
                        i += 1;
                    }
                    _ => {
                        let v = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        value = html[v..i].to_string();
                    }
                }
            }
            attrs.push((name, value));
        }
        out.push((tag, attrs));
    }
    out
}

#[test]
fn controls_split_into_regulation_and_article() {
    let cases = [
        ("GDPR Art. 35(3)(a)", "GDPR", "Art. 35"),
        ("GDPR Recital 26", "GDPR", "Recital 26"),
        ("EU AI Act Annex IV(2)(g)", "EU AI Act", "Annex IV"),
        (
            "EU Cyber Resilience Act Annex I Part II(1)",
            "EU Cyber Resilience Act",
            "Annex I",
        ),
        ("CCPA 1798.120(a)", "CCPA", "1798.120"),
        ("CCPA Regs. 7150", "CCPA", "Regs. 7150"),
        ("EO 14028 Sec. 4(e)(vii)", "EO 14028", "Sec. 4"),
        ("NIST SSDF PS.2.1", "NIST SSDF", "PS.2.1"),
        ("NIST AI RMF MEASURE 2.7", "NIST AI RMF", "MEASURE 2.7"),
        ("NIST AI RMF GOVERN 1.1", "NIST AI RMF", "GOVERN 1.1"),
        ("ISO/IEC 5230:2020 3.3.2", "ISO/IEC 5230:2020", "3.3.2"),
        (
            "SLSA v1.0 Build L2 (signed provenance)",
            "SLSA v1.0",
            "Build L2",
        ),
        (
            "OpenSSF Model Signing v1.0",
            "OpenSSF Model Signing v1.0",
            "",
        ),
        (
            "NTIA SBOM Minimum Elements",
            "NTIA SBOM Minimum Elements",
            "",
        ),
    ];
    for (c, reg, art) in cases {
        assert_eq!(split_control(c), (reg.to_string(), art.to_string()), "{c}");
    }
}

#[test]
fn articles_sort_naturally() {
    let mut a = vec![
        "Annex XII",
        "Art. 35",
        "Annex IV",
        "Art. 5",
        "Recital 26",
        "Annex VIII",
    ];
    a.sort_by_key(|s| article_key(s));
    assert_eq!(
        a,
        [
            "Art. 5",
            "Art. 35",
            "Annex IV",
            "Annex VIII",
            "Annex XII",
            "Recital 26"
        ]
    );
}

#[test]
fn axes_and_numbers_are_round() {
    let axis = |m: f64| {
        let (max, step, decimals) = nice_axis(m);
        (format!("{max:.6}"), format!("{step:.6}"), decimals)
    };
    assert_eq!(axis(0.03), ("0.030000".into(), "0.010000".into(), 2));
    assert_eq!(axis(0.5), ("0.600000".into(), "0.200000".into(), 1));
    assert_eq!(axis(0.09), ("0.100000".into(), "0.025000".into(), 3));
    assert_eq!(axis(8.0), ("8.000000".into(), "2.000000".into(), 0));
    assert_eq!(short_num(0.030000), "0.03");
    assert_eq!(thousands(1234567), "1,234,567");
    assert_eq!(human_size(3204), "3.1 KiB");
}

/// The operations section links the findings of the operations rules, and only to findings
/// the page shows; author text in it is escaped (the hostile report's operations evidence).
#[test]
fn operations_section_links_its_rules_findings() {
    let mut report = crate::render::tests::hostile_report();
    report.bundles[0].findings[1].rule_id = "ops-metric-alert".into();
    let html = render(&report, None).unwrap();
    let start = html.find("<h3>Operations</h3>").unwrap();
    let ops = &html[start..start + html[start..].find("</section>").unwrap()];
    let link = "href=\"#b1-f2\"";
    assert!(ops.contains(link), "{ops}");
    assert_eq!(
        ops.matches("href=").count(),
        1,
        "only the operations rule's finding"
    );
    assert!(
        html.contains("id=\"b1-f2\""),
        "the linked finding is on the page"
    );
    // Weights outside 0–100 or not numbers are drawn clamped.
    for weight in ["10", "100", "0"] {
        assert!(
            ops.contains(&format!("{weight}% of traffic</title>")),
            "{weight}"
        );
    }
    assert!(!ops.contains("250% of traffic") && !ops.contains("NaN% of traffic"));
    // Without operations evidence there is no section.
    report.bundles[0].operations = None;
    assert!(!render(&report, None)
        .unwrap()
        .contains("<h3>Operations</h3>"));
}
