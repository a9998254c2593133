//! The HTML audit report: one self-contained, printable page rendered with minijinja from the
//! built-in templates in `templates/`, any of which a user's template folder may replace by name.

use crate::decision::{AppliedWaiver, BundleReport, Finding, FindingStatus, Report, Verdict};
use crate::error::{Error, Location};
use crate::input::{Robustness, Signature};
use crate::policy::Level;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod charts;
use charts::*;

/// The template rendered first; the others are its partials.
pub const ENTRY: &str = "report.html.j2";

/// The built-in templates by name. A file of the same name in `--template DIR` replaces one.
pub const TEMPLATES: &[(&str, &str)] = &[
    (ENTRY, include_str!("../../../templates/report.html.j2")),
    (
        "bundle.html.j2",
        include_str!("../../../templates/bundle.html.j2"),
    ),
    (
        "findings.html.j2",
        include_str!("../../../templates/findings.html.j2"),
    ),
    (
        "charts.html.j2",
        include_str!("../../../templates/charts.html.j2"),
    ),
    (
        "style.css.j2",
        include_str!("../../../templates/style.css.j2"),
    ),
];

/// Renders `report` as a standalone HTML document. With `template_dir`, templates found there
/// (by file name) replace the built-in ones, and may include further templates of that folder.
pub fn render(report: &Report, template_dir: Option<&Path>) -> crate::Result<String> {
    let origin = Origin::new(template_dir)?;
    let mut env = Environment::new();
    // SemiStrict: a misspelt variable in a user template is an error, while `{% if x %}` on an
    // absent optional value still works.
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_keep_trailing_newline(true);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    // minijinja's HTML escaping also escapes `/`, which is safe but turns every path and URL
    // in the report into `&#x2f;` soup; the five characters of `escape_html` are all HTML needs.
    env.set_formatter(|out, state, value| {
        if state.auto_escape() == AutoEscape::Html && !value.is_safe() {
            if let Some(s) = value.as_str() {
                return out
                    .write_str(&escape_html(s))
                    .map_err(minijinja::Error::from);
            }
        }
        minijinja::escape_formatter(out, state, value)
    });
    for (name, builtin) in TEMPLATES {
        let source = match origin.user.get(*name) {
            Some((_, text)) => text.clone(),
            None => (*builtin).to_string(),
        };
        env.add_template_owned(*name, source)
            .map_err(|e| origin.error(&e))?;
    }
    if let Some(dir) = template_dir {
        let dir = dir.to_path_buf();
        // Further partials a user template includes come from the same folder, never from
        // outside it.
        env.set_loader(move |name| {
            if !is_plain_name(name) {
                return Ok(None);
            }
            match std::fs::read_to_string(dir.join(name)) {
                Ok(text) => Ok(Some(text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    format!("cannot read template {name}: {e}"),
                )),
            }
        });
    }
    let ctx = context(report);
    let template = env.get_template(ENTRY).map_err(|e| origin.error(&e))?;
    template.render(&ctx).map_err(|e| origin.error(&e))
}

/// Where each template came from, so that an error names the file a user can open.
struct Origin {
    dir: Option<PathBuf>,
    /// Built-in template name → (user file, its text), for the ones the user replaced.
    user: BTreeMap<String, (PathBuf, String)>,
}

impl Origin {
    fn new(dir: Option<&Path>) -> crate::Result<Self> {
        let mut user = BTreeMap::new();
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(Error::Usage(format!(
                    "--template {}: not a folder of templates",
                    dir.display()
                )));
            }
            for (name, _) in TEMPLATES {
                let path = dir.join(name);
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        user.insert((*name).to_string(), (path, text));
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(Error::io(path, e)),
                }
            }
        }
        Ok(Origin {
            dir: dir.map(Path::to_path_buf),
            user,
        })
    }

    fn path_of(&self, name: &str) -> PathBuf {
        if let Some((path, _)) = self.user.get(name) {
            return path.clone();
        }
        if TEMPLATES.iter().any(|(n, _)| *n == name) {
            return PathBuf::from(format!("templates/{name} (built-in)"));
        }
        match &self.dir {
            Some(dir) if is_plain_name(name) => dir.join(name),
            _ => PathBuf::from(name),
        }
    }

    /// The innermost error of an include chain is the one in the file the user has to fix.
    fn error(&self, e: &minijinja::Error) -> Error {
        let mut inner = e;
        let mut cur: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
        while let Some(s) = cur {
            if let Some(m) = s.downcast_ref::<minijinja::Error>() {
                if m.name().is_some() {
                    inner = m;
                }
            }
            cur = s.source();
        }
        let mut message = format!("template error: {}", inner.kind());
        if let Some(d) = inner.detail() {
            message.push_str(": ");
            message.push_str(d);
        }
        let path = match inner.name() {
            Some(name) => self.path_of(name),
            None => PathBuf::from(ENTRY),
        };
        Error::format(
            path,
            Location {
                line: inner.line(),
                column: None,
                pointer: None,
            },
            message,
        )
    }
}

/// Text safe in HTML content and quoted attribute values. Control characters and the
/// bidirectional overrides that would reorder what an auditor reads ("Trojan Source") are shown
/// as U+FFFD.
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if c.is_control()
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                out.push('\u{fffd}')
            }
            c => out.push(c),
        }
    }
    out
}

/// A template name that stays inside its folder.
fn is_plain_name(name: &str) -> bool {
    let p = Path::new(name);
    !name.is_empty()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

// ---------------------------------------------------------------------------------------------
// The template context: every value prepared here, so that templates only lay it out.

#[derive(Serialize)]
struct Ctx {
    title: String,
    verdict: Verdict,
    verdict_label: &'static str,
    headline: String,
    tool_version: String,
    report_version: String,
    time: String,
    policy_digest: String,
    summary: crate::decision::Summary,
    rules_total: usize,
    git: Option<GitCtx>,
    bundles: Vec<BundleCtx>,
    run_findings: Vec<FindingCtx>,
    /// What departs from the built-in library's defaults (extra policies, data, enforcement,
    /// waivers), one line each; empty for a default run.
    configuration: Vec<String>,
    /// The legal regimes of the rules, with their dates and whether each applied.
    regimes: Vec<crate::regime::RegimeStatus>,
}

#[derive(Serialize)]
struct GitCtx {
    repository: Option<String>,
    head: Option<String>,
    base: Option<String>,
    dirty: bool,
    changed: Vec<String>,
}

#[derive(Serialize)]
struct BundleCtx {
    anchor: String,
    path: String,
    name: Option<String>,
    version: Option<String>,
    risk_tier: Option<String>,
    environment: Option<String>,
    discovery: String,
    verdict: Verdict,
    verdict_label: &'static str,
    headline: String,
    error: Option<String>,
    blocking: usize,
    warnings: usize,
    waived: usize,
    /// Blocking findings, for the short list under the verdict.
    reasons: Vec<FindingRef>,
    groups: Vec<RegulationGroup>,
    /// Every article any finding cites, with the findings that cite it.
    citations: Vec<CitationGroup>,
    areas: AreaChart,
    robustness: Vec<RobustnessCtx>,
    /// Some robustness result has attacks (garak reports have probes only).
    attacks: bool,
    curves: Vec<LineChart>,
    probes: Vec<ProbeCtx>,
    evidence: Vec<EvidenceCtx>,
    evidence_bytes: String,
    signatures: Vec<SignatureCtx>,
    waivers: Vec<WaiverCtx>,
}

#[derive(Serialize, Clone)]
struct FindingRef {
    anchor: String,
    number: usize,
    rule_id: String,
    title: String,
    status: &'static str,
}

#[derive(Serialize)]
struct FindingCtx {
    anchor: String,
    number: usize,
    rule_id: String,
    title: String,
    message: String,
    level: Level,
    severity: crate::policy::Severity,
    /// `blocking`, `warning`, `waived` or `waiver-expired`.
    status: &'static str,
    status_label: &'static str,
    area: String,
    location: Option<String>,
    pointer: Option<String>,
    target: Option<String>,
    controls: Vec<String>,
    remediation: String,
    enforcement: Option<String>,
    regime: Option<String>,
    declared_level: Level,
    waiver: Option<AppliedWaiver>,
}

#[derive(Serialize)]
struct RegulationGroup {
    regulation: String,
    count: usize,
    articles: Vec<ArticleGroup>,
}

#[derive(Serialize)]
struct ArticleGroup {
    article: String,
    findings: Vec<FindingCtx>,
}

#[derive(Serialize)]
struct CitationGroup {
    regulation: String,
    articles: Vec<Citation>,
}

#[derive(Serialize)]
struct Citation {
    article: String,
    findings: Vec<FindingRef>,
}

#[derive(Serialize)]
struct EvidenceCtx {
    kind: String,
    path: String,
    format: String,
    size: String,
    bytes: String,
    sha256: String,
}

#[derive(Serialize)]
struct SignatureCtx {
    path: String,
    kind: String,
    verified: bool,
    identity: Option<String>,
    issuer: Option<String>,
    key_id: Option<String>,
    covers: usize,
    error: Option<String>,
    sha256: String,
}

#[derive(Serialize)]
struct WaiverCtx {
    anchor: String,
    number: usize,
    rule_id: String,
    target: Option<String>,
    approved_by: String,
    reason: String,
    expires: String,
    expired: bool,
    source: Option<String>,
}

#[derive(Serialize)]
struct RobustnessCtx {
    path: String,
    format: String,
    tool: Option<String>,
    date: Option<String>,
    model_sha256: Option<String>,
    clean_accuracy: Option<String>,
    attacks: Vec<AttackCtx>,
}

#[derive(Serialize)]
struct AttackCtx {
    name: String,
    threat_model: Option<String>,
    norm: Option<String>,
    epsilon: Option<String>,
    clean_accuracy: Option<String>,
    robust_accuracy: Option<String>,
    success_rate: Option<String>,
    samples: Option<u64>,
}

#[derive(Serialize)]
struct ProbeCtx {
    probe: String,
    detector: String,
    passed: u64,
    total: u64,
    failure_rate: String,
    /// Width of the failure bar, in percent of its cell.
    bar: String,
    failing: bool,
    path: String,
    line: usize,
}

fn verdict_label(v: Verdict) -> &'static str {
    match v {
        Verdict::Approve => "Approved",
        Verdict::Block => "Blocked",
        Verdict::Error => "Error",
    }
}

/// The finding's status as the page's CSS class and its label.
fn status_of(f: &Finding) -> (&'static str, &'static str) {
    let status = f.status();
    let label = match status {
        FindingStatus::Blocking => "blocking",
        FindingStatus::WaiverExpired => "blocking · waiver expired",
        FindingStatus::Waived => "waived",
        FindingStatus::Warning => "warning",
        FindingStatus::Off => "turned off by the configuration",
    };
    (status.as_str(), label)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn context(report: &Report) -> Ctx {
    let s = &report.summary;
    let headline = match report.verdict {
        Verdict::Approve => format!(
            "{} approved; no blocking findings",
            plural(s.bundles, "release", "releases")
        ),
        Verdict::Block => format!(
            "{} of {} blocked by {}",
            s.blocked,
            plural(s.bundles, "release", "releases"),
            plural(s.deny, "blocking finding", "blocking findings")
        ),
        Verdict::Error => format!(
            "{} of {} could not be evaluated; an error never approves",
            s.errors,
            plural(s.bundles, "release", "releases")
        ),
    };
    let title = match report.bundles.as_slice() {
        [b] => format!(
            "{} {} — modelgate audit report",
            verdict_label(report.verdict),
            identity(b)
        ),
        _ => format!("{} — modelgate audit report", verdict_label(report.verdict)),
    };
    let bundles = report
        .bundles
        .iter()
        .enumerate()
        .map(|(i, b)| bundle_ctx(report, b, i + 1))
        .collect();
    let run_findings = report
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| finding_ctx(f, &format!("run-f{}", i + 1), i + 1))
        .collect();
    Ctx {
        title,
        verdict: report.verdict,
        verdict_label: verdict_label(report.verdict),
        headline,
        tool_version: report.tool_version.clone(),
        report_version: report.report_version.clone(),
        time: report.time.clone(),
        policy_digest: report.policy_digest.clone(),
        summary: report.summary.clone(),
        rules_total: report.rules.len(),
        git: report.git.as_ref().map(|g| GitCtx {
            repository: g.repository.clone(),
            head: g.head.clone(),
            base: g.base.clone(),
            dirty: g.dirty,
            changed: g.changed.clone(),
        }),
        bundles,
        run_findings,
        configuration: if report.configuration.is_default() {
            Vec::new()
        } else {
            report.configuration.lines()
        },
        regimes: report.regimes.clone(),
    }
}

/// The bundle's name and version, or its path when it names neither.
fn identity(b: &BundleReport) -> String {
    let id = b.identity();
    if id.is_empty() {
        b.path.clone()
    } else {
        id
    }
}

fn bundle_ctx(report: &Report, b: &BundleReport, index: usize) -> BundleCtx {
    let anchor = format!("b{index}");
    let findings: Vec<FindingCtx> = b
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| finding_ctx(f, &format!("{anchor}-f{}", i + 1), i + 1))
        .collect();
    let counts = b.summary();
    let (blocking, warnings, waived) = (counts.deny, counts.warn, counts.waived);
    let headline = match b.verdict {
        Verdict::Approve => {
            let mut s = "No blocking findings".to_string();
            let mut extra = Vec::new();
            if warnings > 0 {
                extra.push(plural(warnings, "warning", "warnings"));
            }
            if waived > 0 {
                extra.push(format!("{waived} waived"));
            }
            if !extra.is_empty() {
                s.push_str(&format!(" ({})", extra.join(", ")));
            }
            s
        }
        Verdict::Block => format!("Blocked by {}", plural(blocking, "finding", "findings")),
        Verdict::Error => "The release could not be evaluated".to_string(),
    };
    let reasons = b
        .findings
        .iter()
        .zip(&findings)
        .filter(|(f, _)| f.blocks())
        .map(|(_, c)| finding_ref(c))
        .collect();
    let citations = citations(&findings);
    let areas = area_chart(report, b);
    let curves = robustness_charts(&b.robustness);
    let probes = probes(&b.robustness);
    let robustness = b.robustness.iter().map(robustness_ctx).collect();
    let waivers = findings
        .iter()
        .filter_map(|f| {
            f.waiver.as_ref().map(|w| WaiverCtx {
                anchor: f.anchor.clone(),
                number: f.number,
                rule_id: f.rule_id.clone(),
                target: f.target.clone(),
                approved_by: w.approved_by.clone(),
                reason: w.reason.clone(),
                expires: w.expires.clone(),
                expired: w.expired,
                source: w.source.clone(),
            })
        })
        .collect();
    let total: u64 = b.evidence.iter().map(|e| e.size).sum();
    BundleCtx {
        anchor,
        path: b.path.clone(),
        name: b.name.clone(),
        version: b.version.clone(),
        risk_tier: b.risk_tier.clone(),
        environment: b.environment.clone(),
        discovery: b.discovery.clone(),
        verdict: b.verdict,
        verdict_label: verdict_label(b.verdict),
        headline,
        error: b.error.clone(),
        blocking,
        warnings,
        waived,
        reasons,
        groups: group_findings(findings),
        citations,
        areas,
        attacks: b.robustness.iter().any(|r| !r.attacks.is_empty()),
        robustness,
        curves,
        probes,
        evidence: b
            .evidence
            .iter()
            .map(|e| EvidenceCtx {
                kind: e.kind.clone(),
                path: e.path.clone(),
                format: e.format.clone(),
                size: human_size(e.size),
                bytes: thousands(e.size),
                sha256: e.sha256.clone(),
            })
            .collect(),
        evidence_bytes: human_size(total),
        signatures: b.signatures.iter().map(signature_ctx).collect(),
        waivers,
    }
}

fn finding_ctx(f: &Finding, anchor: &str, number: usize) -> FindingCtx {
    let (status, status_label) = status_of(f);
    let location = f.location.file.as_ref().map(|file| match f.location.line {
        Some(l) => format!("{file}:{l}"),
        None => file.clone(),
    });
    FindingCtx {
        anchor: anchor.to_string(),
        number,
        rule_id: f.rule_id.clone(),
        title: f.title.clone(),
        message: f.message.clone(),
        level: f.level,
        severity: f.severity,
        status,
        status_label,
        area: area_of(&f.package),
        location,
        pointer: f.location.pointer.clone().filter(|p| !p.is_empty()),
        target: f.target.clone(),
        controls: f.controls.clone(),
        remediation: f.remediation.clone(),
        enforcement: f.enforcement.clone(),
        regime: f.regime.clone(),
        declared_level: f.declared_level,
        waiver: f.waiver.clone(),
    }
}

fn finding_ref(f: &FindingCtx) -> FindingRef {
    FindingRef {
        anchor: f.anchor.clone(),
        number: f.number,
        rule_id: f.rule_id.clone(),
        title: f.title.clone(),
        status: f.status,
    }
}

fn signature_ctx(s: &Signature) -> SignatureCtx {
    let kind = match s.kind.as_str() {
        "oms" => "OpenSSF Model Signing",
        "sigstore-bundle" => "Sigstore bundle",
        "dsse" => "DSSE envelope",
        other => other,
    };
    let signer = s.signer.clone().unwrap_or_default();
    SignatureCtx {
        path: s.source.path.clone(),
        kind: kind.to_string(),
        verified: s.verified,
        identity: signer.identity,
        issuer: signer.issuer,
        key_id: signer.key_id,
        covers: s.covers.len(),
        error: s.error.clone(),
        sha256: s.source.sha256.clone(),
    }
}

fn robustness_ctx(r: &Robustness) -> RobustnessCtx {
    RobustnessCtx {
        path: r.source.path.clone(),
        format: r.format.clone(),
        tool: match (&r.tool, &r.tool_version) {
            (Some(t), Some(v)) => Some(format!("{t} {v}")),
            (Some(t), None) => Some(t.clone()),
            _ => None,
        },
        date: r.date.clone(),
        model_sha256: r.model_sha256.clone(),
        clean_accuracy: r.clean_accuracy.map(percent),
        attacks: r
            .attacks
            .iter()
            .map(|a| AttackCtx {
                name: a.name.clone(),
                threat_model: a.threat_model.clone(),
                norm: a.norm.clone(),
                epsilon: a.epsilon.map(short_num),
                clean_accuracy: a.clean_accuracy.or(r.clean_accuracy).map(percent),
                robust_accuracy: a.robust_accuracy.map(percent),
                success_rate: a.success_rate.map(percent),
                samples: a.samples,
            })
            .collect(),
    }
}

fn probes(results: &[Robustness]) -> Vec<ProbeCtx> {
    let mut out = Vec::new();
    for r in results {
        for p in &r.probes {
            let rate = if p.failure_rate.is_finite() {
                p.failure_rate.clamp(0.0, 1.0)
            } else {
                0.0
            };
            out.push(ProbeCtx {
                probe: p.probe.clone(),
                detector: p.detector.clone(),
                passed: p.passed,
                total: p.total,
                failure_rate: percent(rate),
                bar: format!("{:.1}", rate * 100.0),
                failing: p.passed < p.total,
                path: r.source.path.clone(),
                line: p.line,
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Grouping by regulation and article.

/// Splits a control citation into the regulation and the article (or clause) it cites, e.g.
/// "GDPR Art. 35(3)(a)" → ("GDPR", "Art. 35"), "CCPA 1798.120(a)" → ("CCPA", "1798.120"),
/// "SLSA v1.0 Build L2 (signed provenance)" → ("SLSA v1.0", "Build L2"). The sub-paragraphs
/// stay in the row; grouping by article keeps related findings together.
fn split_control(control: &str) -> (String, String) {
    let mut text = control.trim();
    // A trailing remark in parentheses qualifies the citation and is not part of it.
    if let Some(open) = text.rfind(" (") {
        if text.ends_with(')') {
            text = text[..open].trim_end();
        }
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let join = |t: &[&str]| t.join(" ");
    let clause = |t: &str| t.split('(').next().unwrap_or(t).to_string();
    const KEYWORDS: &[&str] = &[
        "Art.", "Article", "Annex", "Recital", "Sec.", "Section", "Regs.", "§",
    ];
    if let Some(i) = tokens.iter().position(|t| KEYWORDS.contains(t)) {
        if i > 0 && i + 1 < tokens.len() {
            return (
                join(&tokens[..i]),
                format!("{} {}", tokens[i], clause(tokens[i + 1])),
            );
        }
    }
    if let Some((last, rest)) = tokens.split_last() {
        let numbered = last.starts_with(|c: char| c.is_ascii_digit())
            || last.split_once('.').is_some_and(|(a, b)| {
                !a.is_empty()
                    && a.len() <= 4
                    && a.chars().all(|c| c.is_ascii_uppercase())
                    && b.starts_with(|c: char| c.is_ascii_digit())
            });
        if numbered && !rest.is_empty() {
            // NIST AI RMF subcategories are named by function and number ("MEASURE 2.7"):
            // the function belongs to the clause, not to the framework's name.
            const RMF_FUNCTIONS: &[&str] = &["GOVERN", "MAP", "MEASURE", "MANAGE"];
            if let Some((function, framework)) = rest.split_last() {
                if RMF_FUNCTIONS.contains(function) && !framework.is_empty() {
                    return (join(framework), format!("{function} {}", clause(last)));
                }
            }
            return (join(rest), clause(last));
        }
    }
    let version = |t: &&str| {
        t.strip_prefix('v')
            .is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
    };
    if let Some(i) = tokens.iter().position(version) {
        if i > 0 {
            return (join(&tokens[..=i]), join(&tokens[i + 1..]));
        }
    }
    (text.to_string(), String::new())
}

/// Sort key that orders "Art. 5" before "Art. 35", articles before annexes and "Annex IV"
/// before "Annex XII".
fn article_key(article: &str) -> (u8, Vec<Chunk>) {
    let rank = match article.split_whitespace().next() {
        Some("Art." | "Article" | "Sec." | "Section" | "§") => 0,
        Some("Annex") => 2,
        Some("Recital") => 3,
        Some("") | None => 4,
        _ => 1,
    };
    let mut chunks = Vec::new();
    for word in article.split_whitespace() {
        if let Some(n) = roman(word) {
            chunks.push(Chunk::Num(n));
            continue;
        }
        let mut digits = String::new();
        let mut text = String::new();
        for c in word.chars() {
            if c.is_ascii_digit() {
                if !text.is_empty() {
                    chunks.push(Chunk::Text(std::mem::take(&mut text)));
                }
                digits.push(c);
            } else {
                if !digits.is_empty() {
                    chunks.push(Chunk::Num(digits.parse().unwrap_or(u64::MAX)));
                    digits.clear();
                }
                text.push(c.to_ascii_lowercase());
            }
        }
        if !digits.is_empty() {
            chunks.push(Chunk::Num(digits.parse().unwrap_or(u64::MAX)));
        }
        if !text.is_empty() {
            chunks.push(Chunk::Text(text));
        }
    }
    (rank, chunks)
}

/// Items per article, in article order (the key is [`article_key`] and the article itself).
type ByArticle<T> = BTreeMap<((u8, Vec<Chunk>), String), Vec<T>>;

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Chunk {
    Num(u64),
    Text(String),
}

/// The value of an upper-case Roman numeral (annex numbers), if `s` is one.
fn roman(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 8 {
        return None;
    }
    let value = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let digits: Option<Vec<u64>> = s.chars().map(value).collect();
    let digits = digits?;
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|next| next > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    u64::try_from(total).ok().filter(|n| *n > 0)
}

/// A finding is listed once, under the article of its first control (the one its rule
/// enforces most directly); [`citations`] indexes every other article it cites.
fn group_findings(findings: Vec<FindingCtx>) -> Vec<RegulationGroup> {
    const UNMAPPED: &str = "Not mapped to a control";
    // Keyed by (unmapped last, regulation case-folded): the name as written is in the value.
    let mut map: BTreeMap<(bool, String), (String, ByArticle<FindingCtx>)> = BTreeMap::new();
    for f in findings {
        let (regulation, article) = match f.controls.first() {
            Some(c) => split_control(c),
            None => (UNMAPPED.to_string(), String::new()),
        };
        let key = (f.controls.is_empty(), regulation.to_lowercase());
        map.entry(key)
            .or_insert_with(|| (regulation, BTreeMap::new()))
            .1
            .entry((article_key(&article), article))
            .or_default()
            .push(f);
    }
    map.into_values()
        .map(|(regulation, articles)| RegulationGroup {
            regulation,
            count: articles.values().map(Vec::len).sum(),
            articles: articles
                .into_iter()
                .map(|((_, article), findings)| ArticleGroup { article, findings })
                .collect(),
        })
        .collect()
}

fn citations(findings: &[FindingCtx]) -> Vec<CitationGroup> {
    let mut map: BTreeMap<String, (String, ByArticle<FindingRef>)> = BTreeMap::new();
    for f in findings {
        for c in &f.controls {
            let (regulation, article) = split_control(c);
            let entry = map
                .entry(regulation.to_lowercase())
                .or_insert_with(|| (regulation, BTreeMap::new()));
            let refs = entry.1.entry((article_key(&article), article)).or_default();
            if !refs.iter().any(|r| r.anchor == f.anchor) {
                refs.push(finding_ref(f));
            }
        }
    }
    map.into_values()
        .map(|(regulation, articles)| CitationGroup {
            regulation,
            articles: articles
                .into_iter()
                .map(|((_, article), findings)| Citation { article, findings })
                .collect(),
        })
        .collect()
}

fn fmt1(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

fn percent(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// A number as short as it can be written without losing digits that matter (ε values).
fn short_num(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.to_string()
    }
}

fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
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
                while i < b.len()
                    && !b[i].is_ascii_whitespace()
                    && !matches!(b[i], b'=' | b'>' | b'/')
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
}
