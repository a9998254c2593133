//! The legal case suite (`policies/cases/*.yaml`): an example bundle with a few facts changed,
//! the decision the law requires for it and the sentence of the law that requires it. The cases
//! are embedded so the rule catalogue can list, under each rule, the cases that exercise it;
//! `tests/it/legal_cases.rs` runs them through `check` and through OPA.

use crate::decision::Verdict;
use crate::error::{Error, Location, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Every case file, as (repository path, text). Kept by hand like [`crate::policy::BUILTIN`]; a
/// unit test fails when a file in `policies/cases/` is missing here or listed but absent.
pub const CASES: &[(&str, &str)] = &[
    (
        "policies/cases/ai-act-art50-chatbot-at-high-risk.yaml",
        include_str!("../policies/cases/ai-act-art50-chatbot-at-high-risk.yaml"),
    ),
    (
        "policies/cases/ai-act-art50-obvious-from-context.yaml",
        include_str!("../policies/cases/ai-act-art50-obvious-from-context.yaml"),
    ),
    (
        "policies/cases/ai-act-art50-output-not-marked.yaml",
        include_str!("../policies/cases/ai-act-art50-output-not-marked.yaml"),
    ),
    (
        "policies/cases/ai-act-art50-public-interest-text.yaml",
        include_str!("../policies/cases/ai-act-art50-public-interest-text.yaml"),
    ),
    (
        "policies/cases/ai-act-art50-standard-editing-exempt.yaml",
        include_str!("../policies/cases/ai-act-art50-standard-editing-exempt.yaml"),
    ),
    (
        "policies/cases/ai-act-art6-3-derogation-approves-limited.yaml",
        include_str!("../policies/cases/ai-act-art6-3-derogation-approves-limited.yaml"),
    ),
    (
        "policies/cases/ai-act-art6-3-with-profiling-stays-high.yaml",
        include_str!("../policies/cases/ai-act-art6-3-with-profiling-stays-high.yaml"),
    ),
    (
        "policies/cases/ai-act-art6-3-profiling-denied-by-datasheet.yaml",
        include_str!("../policies/cases/ai-act-art6-3-profiling-denied-by-datasheet.yaml"),
    ),
    (
        "policies/cases/ai-act-emotion-recognition-for-safety.yaml",
        include_str!("../policies/cases/ai-act-emotion-recognition-for-safety.yaml"),
    ),
    (
        "policies/cases/ai-act-facial-scraping-described.yaml",
        include_str!("../policies/cases/ai-act-facial-scraping-described.yaml"),
    ),
    (
        "policies/cases/ai-act-scope-eu-spelled-around.yaml",
        include_str!("../policies/cases/ai-act-scope-eu-spelled-around.yaml"),
    ),
    (
        "policies/cases/ai-act-social-scoring-in-screen.yaml",
        include_str!("../policies/cases/ai-act-social-scoring-in-screen.yaml"),
    ),
    (
        "policies/cases/ai-act-tier-derived-from-declared-annex-iii.yaml",
        include_str!("../policies/cases/ai-act-tier-derived-from-declared-annex-iii.yaml"),
    ),
    (
        "policies/cases/ai-act-tier-derived-from-description.yaml",
        include_str!("../policies/cases/ai-act-tier-derived-from-description.yaml"),
    ),
    (
        "policies/cases/aiact-high-risk-card-without-training-data.yaml",
        include_str!("../policies/cases/aiact-high-risk-card-without-training-data.yaml"),
    ),
    (
        "policies/cases/aiact-robustness-report-undated.yaml",
        include_str!("../policies/cases/aiact-robustness-report-undated.yaml"),
    ),
    (
        "policies/cases/aiact-tampered-model.yaml",
        include_str!("../policies/cases/aiact-tampered-model.yaml"),
    ),
    (
        "policies/cases/approved-credit-scorer.yaml",
        include_str!("../policies/cases/approved-credit-scorer.yaml"),
    ),
    (
        "policies/cases/ca-ab2013-genai-for-californians.yaml",
        include_str!("../policies/cases/ca-ab2013-genai-for-californians.yaml"),
    ),
    (
        "policies/cases/ca-ab2013-not-publicly-available.yaml",
        include_str!("../policies/cases/ca-ab2013-not-publicly-available.yaml"),
    ),
    (
        "policies/cases/ccpa-admt-hiring-exception-documented.yaml",
        include_str!("../policies/cases/ccpa-admt-hiring-exception-documented.yaml"),
    ),
    (
        "policies/cases/ccpa-admt-human-appeal-without-method.yaml",
        include_str!("../policies/cases/ccpa-admt-human-appeal-without-method.yaml"),
    ),
    (
        "policies/cases/ccpa-admt-human-involvement-unproven.yaml",
        include_str!("../policies/cases/ccpa-admt-human-involvement-unproven.yaml"),
    ),
    (
        "policies/cases/ccpa-admt-lending-area-declared-not-significant.yaml",
        include_str!("../policies/cases/ccpa-admt-lending-area-declared-not-significant.yaml"),
    ),
    (
        "policies/cases/ccpa-business-consumer-count-threshold.yaml",
        include_str!("../policies/cases/ccpa-business-consumer-count-threshold.yaml"),
    ),
    (
        "policies/cases/ccpa-business-facts-undeclared.yaml",
        include_str!("../policies/cases/ccpa-business-facts-undeclared.yaml"),
    ),
    (
        "policies/cases/ccpa-business-revenue-above-threshold.yaml",
        include_str!("../policies/cases/ccpa-business-revenue-above-threshold.yaml"),
    ),
    (
        "policies/cases/ccpa-deletion-45-day-cadence-approves.yaml",
        include_str!("../policies/cases/ccpa-deletion-45-day-cadence-approves.yaml"),
    ),
    (
        "policies/cases/ccpa-deletion-block-missing.yaml",
        include_str!("../policies/cases/ccpa-deletion-block-missing.yaml"),
    ),
    (
        "policies/cases/ccpa-deletion-service-providers-not-told.yaml",
        include_str!("../policies/cases/ccpa-deletion-service-providers-not-told.yaml"),
    ),
    (
        "policies/cases/ccpa-deletion-sixty-day-retraining.yaml",
        include_str!("../policies/cases/ccpa-deletion-sixty-day-retraining.yaml"),
    ),
    (
        "policies/cases/ccpa-glba-claimed-by-release-alone.yaml",
        include_str!("../policies/cases/ccpa-glba-claimed-by-release-alone.yaml"),
    ),
    (
        "policies/cases/ccpa-glba-exempt-loan-data.yaml",
        include_str!("../policies/cases/ccpa-glba-exempt-loan-data.yaml"),
    ),
    (
        "policies/cases/ccpa-health-special-category-is-sensitive.yaml",
        include_str!("../policies/cases/ccpa-health-special-category-is-sensitive.yaml"),
    ),
    (
        "policies/cases/ccpa-minors-sold-without-opt-in.yaml",
        include_str!("../policies/cases/ccpa-minors-sold-without-opt-in.yaml"),
    ),
    (
        "policies/cases/ccpa-retention-criteria.yaml",
        include_str!("../policies/cases/ccpa-retention-criteria.yaml"),
    ),
    (
        "policies/cases/ccpa-risk-assessment-training-face-recognition.yaml",
        include_str!("../policies/cases/ccpa-risk-assessment-training-face-recognition.yaml"),
    ),
    (
        "policies/cases/ccpa-sale-without-opt-out.yaml",
        include_str!("../policies/cases/ccpa-sale-without-opt-out.yaml"),
    ),
    (
        "policies/cases/ccpa-sensitive-inference-claim-with-profiling.yaml",
        include_str!("../policies/cases/ccpa-sensitive-inference-claim-with-profiling.yaml"),
    ),
    (
        "policies/cases/ccpa-sensitive-without-inference-purpose.yaml",
        include_str!("../policies/cases/ccpa-sensitive-without-inference-purpose.yaml"),
    ),
    (
        "policies/cases/e1-health-data-in-credit-scoring.yaml",
        include_str!("../policies/cases/e1-health-data-in-credit-scoring.yaml"),
    ),
    (
        "policies/cases/e2-small-business-outside-ccpa.yaml",
        include_str!("../policies/cases/e2-small-business-outside-ccpa.yaml"),
    ),
    (
        "policies/cases/e3-research-data-kept-ten-years.yaml",
        include_str!("../policies/cases/e3-research-data-kept-ten-years.yaml"),
    ),
    (
        "policies/cases/e4-limited-chatbot-without-high-risk-sections.yaml",
        include_str!("../policies/cases/e4-limited-chatbot-without-high-risk-sections.yaml"),
    ),
    (
        "policies/cases/e5-children-on-legitimate-interests.yaml",
        include_str!("../policies/cases/e5-children-on-legitimate-interests.yaml"),
    ),
    (
        "policies/cases/gdpr-applies-to-regions-in-lower-case.yaml",
        include_str!("../policies/cases/gdpr-applies-to-regions-in-lower-case.yaml"),
    ),
    (
        "policies/cases/gdpr-art89-claim-on-production-credit-model.yaml",
        include_str!("../policies/cases/gdpr-art89-claim-on-production-credit-model.yaml"),
    ),
    (
        "policies/cases/gdpr-children-on-legitimate-interests-weighed.yaml",
        include_str!("../policies/cases/gdpr-children-on-legitimate-interests-weighed.yaml"),
    ),
    (
        "policies/cases/gdpr-consent-basis-without-record.yaml",
        include_str!("../policies/cases/gdpr-consent-basis-without-record.yaml"),
    ),
    (
        "policies/cases/gdpr-criminal-data-under-member-state-law.yaml",
        include_str!("../policies/cases/gdpr-criminal-data-under-member-state-law.yaml"),
    ),
    (
        "policies/cases/gdpr-criminal-data-without-law.yaml",
        include_str!("../policies/cases/gdpr-criminal-data-without-law.yaml"),
    ),
    (
        "policies/cases/gdpr-erasure-anonymised-data-approves.yaml",
        include_str!("../policies/cases/gdpr-erasure-anonymised-data-approves.yaml"),
    ),
    (
        "policies/cases/gdpr-erasure-assessed-anonymous-model-approves.yaml",
        include_str!("../policies/cases/gdpr-erasure-assessed-anonymous-model-approves.yaml"),
    ),
    (
        "policies/cases/gdpr-erasure-block-missing.yaml",
        include_str!("../policies/cases/gdpr-erasure-block-missing.yaml"),
    ),
    (
        "policies/cases/gdpr-erasure-output-filter-only.yaml",
        include_str!("../policies/cases/gdpr-erasure-output-filter-only.yaml"),
    ),
    (
        "policies/cases/gdpr-erasure-quarterly-retraining.yaml",
        include_str!("../policies/cases/gdpr-erasure-quarterly-retraining.yaml"),
    ),
    (
        "policies/cases/gdpr-erasure-recipients-not-notified.yaml",
        include_str!("../policies/cases/gdpr-erasure-recipients-not-notified.yaml"),
    ),
    (
        "policies/cases/gdpr-erasure-unsupported-anonymity-claim.yaml",
        include_str!("../policies/cases/gdpr-erasure-unsupported-anonymity-claim.yaml"),
    ),
    (
        "policies/cases/gdpr-health-data-on-explicit-consent.yaml",
        include_str!("../policies/cases/gdpr-health-data-on-explicit-consent.yaml"),
    ),
    (
        "policies/cases/gdpr-health-data-on-ordinary-consent.yaml",
        include_str!("../policies/cases/gdpr-health-data-on-ordinary-consent.yaml"),
    ),
    (
        "policies/cases/gdpr-health-data-without-art9-condition.yaml",
        include_str!("../policies/cases/gdpr-health-data-without-art9-condition.yaml"),
    ),
    (
        "policies/cases/gdpr-legitimate-interests-without-objection-route.yaml",
        include_str!("../policies/cases/gdpr-legitimate-interests-without-objection-route.yaml"),
    ),
    (
        "policies/cases/gdpr-no-lawful-basis.yaml",
        include_str!("../policies/cases/gdpr-no-lawful-basis.yaml"),
    ),
    (
        "policies/cases/gdpr-public-authority-on-legitimate-interests.yaml",
        include_str!("../policies/cases/gdpr-public-authority-on-legitimate-interests.yaml"),
    ),
    (
        "policies/cases/gdpr-research-claim-in-deciding-release.yaml",
        include_str!("../policies/cases/gdpr-research-claim-in-deciding-release.yaml"),
    ),
    (
        "policies/cases/gdpr-retention-by-criteria.yaml",
        include_str!("../policies/cases/gdpr-retention-by-criteria.yaml"),
    ),
    (
        "policies/cases/gdpr-score-relied-on-without-logic-information.yaml",
        include_str!("../policies/cases/gdpr-score-relied-on-without-logic-information.yaml"),
    ),
    (
        "policies/cases/gdpr-solely-automated-authorised-by-law.yaml",
        include_str!("../policies/cases/gdpr-solely-automated-authorised-by-law.yaml"),
    ),
    (
        "policies/cases/gdpr-solely-automated-without-point-of-view.yaml",
        include_str!("../policies/cases/gdpr-solely-automated-without-point-of-view.yaml"),
    ),
    (
        "policies/cases/gdpr-solely-automated-without-safeguards.yaml",
        include_str!("../policies/cases/gdpr-solely-automated-without-safeguards.yaml"),
    ),
    (
        "policies/cases/gdpr-transfer-canada-pipeda-organisation.yaml",
        include_str!("../policies/cases/gdpr-transfer-canada-pipeda-organisation.yaml"),
    ),
    (
        "policies/cases/gdpr-transfer-systematic-on-art49-derogation.yaml",
        include_str!("../policies/cases/gdpr-transfer-systematic-on-art49-derogation.yaml"),
    ),
    (
        "policies/cases/gdpr-transfer-to-eu-us-is-no-eea-destination.yaml",
        include_str!("../policies/cases/gdpr-transfer-to-eu-us-is-no-eea-destination.yaml"),
    ),
    (
        "policies/cases/gdpr-transfer-us-dpf-certified-recipient.yaml",
        include_str!("../policies/cases/gdpr-transfer-us-dpf-certified-recipient.yaml"),
    ),
    (
        "policies/cases/gdpr-transfer-us-without-dpf-certification.yaml",
        include_str!("../policies/cases/gdpr-transfer-us-without-dpf-certification.yaml"),
    ),
    (
        "policies/cases/gdpr-transfer-without-mechanism.yaml",
        include_str!("../policies/cases/gdpr-transfer-without-mechanism.yaml"),
    ),
    (
        "policies/cases/gpai-copyright-policy-missing.yaml",
        include_str!("../policies/cases/gpai-copyright-policy-missing.yaml"),
    ),
    (
        "policies/cases/gpai-downstream-info-missing.yaml",
        include_str!("../policies/cases/gpai-downstream-info-missing.yaml"),
    ),
    (
        "policies/cases/gpai-legacy-model-after-transition.yaml",
        include_str!("../policies/cases/gpai-legacy-model-after-transition.yaml"),
    ),
    (
        "policies/cases/gpai-legacy-model-in-transition.yaml",
        include_str!("../policies/cases/gpai-legacy-model-in-transition.yaml"),
    ),
    (
        "policies/cases/gpai-open-source-exempts-documentation.yaml",
        include_str!("../policies/cases/gpai-open-source-exempts-documentation.yaml"),
    ),
    (
        "policies/cases/gpai-open-source-not-exempt-copyright-summary.yaml",
        include_str!("../policies/cases/gpai-open-source-not-exempt-copyright-summary.yaml"),
    ),
    (
        "policies/cases/gpai-systemic-risk-by-compute.yaml",
        include_str!("../policies/cases/gpai-systemic-risk-by-compute.yaml"),
    ),
    (
        "policies/cases/gpai-technical-docs-missing.yaml",
        include_str!("../policies/cases/gpai-technical-docs-missing.yaml"),
    ),
    (
        "policies/cases/gpai-training-summary-missing.yaml",
        include_str!("../policies/cases/gpai-training-summary-missing.yaml"),
    ),
    (
        "policies/cases/hr-accuracy-overstated-in-instructions.yaml",
        include_str!("../policies/cases/hr-accuracy-overstated-in-instructions.yaml"),
    ),
    (
        "policies/cases/hr-deployer-applicants-not-informed.yaml",
        include_str!("../policies/cases/hr-deployer-applicants-not-informed.yaml"),
    ),
    (
        "policies/cases/hr-deployer-logs-kept-90-days.yaml",
        include_str!("../policies/cases/hr-deployer-logs-kept-90-days.yaml"),
    ),
    (
        "policies/cases/hr-deployer-no-explanation-process.yaml",
        include_str!("../policies/cases/hr-deployer-no-explanation-process.yaml"),
    ),
    (
        "policies/cases/hr-deployer-no-oversight-assignee.yaml",
        include_str!("../policies/cases/hr-deployer-no-oversight-assignee.yaml"),
    ),
    (
        "policies/cases/hr-deployer-workers-not-informed.yaml",
        include_str!("../policies/cases/hr-deployer-workers-not-informed.yaml"),
    ),
    (
        "policies/cases/hr-duties-missing-warn-before-december-2027.yaml",
        include_str!("../policies/cases/hr-duties-missing-warn-before-december-2027.yaml"),
    ),
    (
        "policies/cases/hr-duties-not-at-limited-tier.yaml",
        include_str!("../policies/cases/hr-duties-not-at-limited-tier.yaml"),
    ),
    (
        "policies/cases/hr-fria-missing-for-credit-scoring.yaml",
        include_str!("../policies/cases/hr-fria-missing-for-credit-scoring.yaml"),
    ),
    (
        "policies/cases/hr-fria-public-body-benefits.yaml",
        include_str!("../policies/cases/hr-fria-public-body-benefits.yaml"),
    ),
    (
        "policies/cases/hr-no-conformity-assessment.yaml",
        include_str!("../policies/cases/hr-no-conformity-assessment.yaml"),
    ),
    (
        "policies/cases/hr-no-declaration-of-conformity.yaml",
        include_str!("../policies/cases/hr-no-declaration-of-conformity.yaml"),
    ),
    (
        "policies/cases/hr-no-logging.yaml",
        include_str!("../policies/cases/hr-no-logging.yaml"),
    ),
    (
        "policies/cases/hr-no-post-market-monitoring.yaml",
        include_str!("../policies/cases/hr-no-post-market-monitoring.yaml"),
    ),
    (
        "policies/cases/hr-no-quality-management-system.yaml",
        include_str!("../policies/cases/hr-no-quality-management-system.yaml"),
    ),
    (
        "policies/cases/hr-no-risk-management-system.yaml",
        include_str!("../policies/cases/hr-no-risk-management-system.yaml"),
    ),
    (
        "policies/cases/hr-no-serious-incident-procedure.yaml",
        include_str!("../policies/cases/hr-no-serious-incident-procedure.yaml"),
    ),
    (
        "policies/cases/hr-not-registered-in-eu-database.yaml",
        include_str!("../policies/cases/hr-not-registered-in-eu-database.yaml"),
    ),
    (
        "policies/cases/hr-notified-body-for-credit-scoring.yaml",
        include_str!("../policies/cases/hr-notified-body-for-credit-scoring.yaml"),
    ),
    (
        "policies/cases/tb1-transfer-to-india-as-adequacy.yaml",
        include_str!("../policies/cases/tb1-transfer-to-india-as-adequacy.yaml"),
    ),
    (
        "policies/cases/tb2-workplace-emotion-recognition.yaml",
        include_str!("../policies/cases/tb2-workplace-emotion-recognition.yaml"),
    ),
    (
        "policies/cases/tb3-chatbot-hides-that-it-is-ai.yaml",
        include_str!("../policies/cases/tb3-chatbot-hides-that-it-is-ai.yaml"),
    ),
    (
        "policies/cases/tb4-california-hiring-admt.yaml",
        include_str!("../policies/cases/tb4-california-hiring-admt.yaml"),
    ),
    (
        "policies/cases/tb5-transfer-to-uk-alias.yaml",
        include_str!("../policies/cases/tb5-transfer-to-uk-alias.yaml"),
    ),
];

/// One scenario: a copy of `examples/<base>` with `edit` and `remove` applied, checked at
/// `now` with `config` and `params`, must decide as `expect` says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Equals the file stem; lower-case letters, digits and `-`.
    pub id: String,
    /// One line: the facts and what the law makes of them.
    pub title: String,
    /// Where the scenario comes from (a review, an incident, a regulator's guidance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The provision the expected decision rests on, e.g. `GDPR Art. 45(1)`.
    pub law: String,
    /// Its words, verbatim (`...` or `…` where text is left out).
    pub quote: String,
    /// A folder under `examples/`.
    pub base: String,
    /// The decision time (RFC 3339).
    pub now: String,
    /// Merged into the run's `Config` (`apiVersion` and `kind` are added).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<Value>,
    /// Rule parameters per area, as `--data` gives them under `modelgate.params`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Value>,
    /// Changes per bundle file (path relative to the bundle): a JSON merge patch for `.yaml`,
    /// `.yml` and `.json` files, a [`TextEdit`] for any other file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub edit: BTreeMap<String, Value>,
    /// Bundle files to delete.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
    pub expect: Expect,
}

/// The decision a case requires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The run's verdict.
    pub verdict: Verdict,
    /// Rule ids that must have a blocking finding (deny after enforcement, not waived).
    #[serde(default)]
    pub deny: Vec<String>,
    /// Rule ids that must have a warn finding.
    #[serde(default)]
    pub warn: Vec<String>,
    /// Rule ids that must have no finding at any level.
    #[serde(default)]
    pub not: Vec<String>,
}

/// The edit of a Markdown or other text file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextEdit {
    /// `[old, new]` pairs applied in order; each old text must occur, and every occurrence is
    /// replaced.
    #[serde(default)]
    pub replace: Vec<(String, String)>,
    /// Text added at the end, on a new line.
    #[serde(default)]
    pub append: Option<String>,
}

/// What a case does to one file.
#[derive(Debug, Clone, PartialEq)]
pub enum FileEdit {
    /// RFC 7386 JSON merge patch of a YAML or JSON document.
    MergePatch(Value),
    Text(TextEdit),
}

impl Case {
    /// Every rule id the case names, with where: `("deny", id)`, `("warn", id)`, `("not", id)`.
    pub fn rule_ids(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let e = &self.expect;
        e.deny
            .iter()
            .map(|r| ("deny", r.as_str()))
            .chain(e.warn.iter().map(|r| ("warn", r.as_str())))
            .chain(e.not.iter().map(|r| ("not", r.as_str())))
    }

    /// The edits per file, in path order, told apart by the file's extension.
    pub fn file_edits(&self) -> Result<Vec<(String, FileEdit)>> {
        self.edit
            .iter()
            .map(|(path, v)| {
                let edit = if is_structured(path) {
                    FileEdit::MergePatch(v.clone())
                } else {
                    let t: TextEdit = serde_json::from_value(v.clone()).map_err(|e| {
                        Error::format(
                            format!("case {}", self.id),
                            Location::pointer(format!("/edit/{}", pointer_escape(path))),
                            format!(
                                "a text file's edit is {{replace: [[old, new], ...], append: text}}: {e}"
                            ),
                        )
                    })?;
                    FileEdit::Text(t)
                };
                Ok((path.clone(), edit))
            })
            .collect()
    }
}

/// YAML and JSON files get merge patches; everything else is text.
fn is_structured(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".yaml", ".yml", ".json"]
        .iter()
        .any(|x| lower.ends_with(x))
}

fn pointer_escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// Parses a case file and checks everything that needs no catalogue or repository: the id
/// against the file stem, non-empty law and quote, the time, the paths, the edits, and
/// expectations that contradict each other. Every problem is reported, not just the first.
pub fn parse(path: &str, text: &str) -> Result<Case> {
    let case: Case =
        crate::formats::parse_yaml(text, 0).map_err(|(loc, msg)| Error::format(path, loc, msg))?;
    let mut problems = Vec::new();
    let mut bad = |pointer: &str, msg: String| {
        problems.push(Error::format(path, Location::pointer(pointer), msg));
    };
    let edits = case.file_edits();
    let stem = std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if case.id != stem {
        bad(
            "/id",
            format!("id `{}` differs from the file name `{stem}`", case.id),
        );
    }
    if case.id.is_empty()
        || !case
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        bad(
            "/id",
            "an id is lower-case letters, digits and `-`".to_string(),
        );
    }
    for (key, value) in [
        ("title", &case.title),
        ("law", &case.law),
        ("quote", &case.quote),
    ] {
        if value.trim().is_empty() {
            bad(&format!("/{key}"), format!("`{key}` is empty"));
        }
    }
    if let Err(e) = crate::time::parse_now(&case.now) {
        bad("/now", e.to_string());
    }
    if case.base.is_empty() || case.base.starts_with('.') || case.base.contains(['/', '\\']) {
        bad(
            "/base",
            format!("`{}` is not a folder name under examples/", case.base),
        );
    }
    for (key, v) in [("config", &case.config), ("params", &case.params)] {
        if v.as_ref().is_some_and(|v| !v.is_object()) {
            bad(&format!("/{key}"), format!("`{key}` must be a mapping"));
        }
    }
    for p in case.edit.keys() {
        if let Some(why) = unsafe_path(p) {
            bad(
                &format!("/edit/{}", pointer_escape(p)),
                format!("`{p}`: {why}"),
            );
        }
    }
    for (i, p) in case.remove.iter().enumerate() {
        if let Some(why) = unsafe_path(p) {
            bad(&format!("/remove/{i}"), format!("`{p}`: {why}"));
        }
        if case.edit.contains_key(p) {
            bad(
                &format!("/remove/{i}"),
                format!("`{p}` is both edited and removed"),
            );
        }
    }
    match edits {
        Ok(edits) => {
            for (p, e) in edits {
                if let FileEdit::Text(t) = e {
                    if t.replace.is_empty() && t.append.is_none() {
                        bad(
                            &format!("/edit/{}", pointer_escape(&p)),
                            "a text edit needs `replace` or `append`".into(),
                        );
                    }
                    if t.replace.iter().any(|(old, _)| old.is_empty()) {
                        bad(
                            &format!("/edit/{}/replace", pointer_escape(&p)),
                            "a replaced text is empty".into(),
                        );
                    }
                }
            }
        }
        Err(e) => bad("/edit", e.to_string()),
    }
    let e = &case.expect;
    for (key, ids) in [("deny", &e.deny), ("warn", &e.warn), ("not", &e.not)] {
        for (i, id) in ids.iter().enumerate() {
            if id.trim().is_empty() {
                bad(&format!("/expect/{key}/{i}"), "empty rule id".into());
            }
        }
    }
    for id in e
        .not
        .iter()
        .filter(|id| e.deny.contains(id) || e.warn.contains(id))
    {
        bad(
            "/expect/not",
            format!("`{id}` is both expected and excluded"),
        );
    }
    if e.verdict == Verdict::Approve && !e.deny.is_empty() {
        bad(
            "/expect",
            "an approval cannot expect blocking (deny) findings".into(),
        );
    }
    if e.verdict == Verdict::Block && e.deny.is_empty() {
        // A block without the rule that causes it would pass for any wrong reason.
        bad(
            "/expect/deny",
            "a block must name at least one rule that causes it".into(),
        );
    }
    match problems.len() {
        0 => Ok(case),
        1 => Err(problems.remove(0)),
        _ => Err(Error::Many(problems)),
    }
}

/// Why a path in a case may not be used inside a scratch copy of a bundle, if it may not.
fn unsafe_path(p: &str) -> Option<&'static str> {
    if p.is_empty() {
        return Some("empty path");
    }
    if p.starts_with('/') || p.contains('\\') || p.contains(':') {
        return Some("must be a relative path with `/` separators");
    }
    if p.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        return Some("must not contain empty, `.` or `..` segments");
    }
    None
}

/// Every embedded case; the errors of all that do not parse, together.
pub fn all() -> Result<Vec<Case>> {
    let mut cases = Vec::with_capacity(CASES.len());
    let mut errors = Vec::new();
    for (path, text) in CASES {
        match parse(path, text) {
            Ok(c) => cases.push(c),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(cases)
    } else {
        Err(Error::Many(errors))
    }
}

/// The embedded cases that parse, parsed once.
fn parsed() -> &'static [Case] {
    static PARSED: OnceLock<Vec<Case>> = OnceLock::new();
    PARSED.get_or_init(|| {
        CASES
            .iter()
            .filter_map(|(path, text)| parse(path, text).ok())
            .collect()
    })
}

/// Ids of the embedded cases that name `rule` in `expect.deny`, `expect.warn` or `expect.not`,
/// sorted.
pub fn cases_for_rule(rule: &str) -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = parsed()
        .iter()
        .filter(|c| c.rule_ids().any(|(_, r)| r == rule))
        .map(|c| c.id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Applies an RFC 7386 JSON merge patch: objects merge key by key, `null` deletes a key, any
/// other value (arrays included) replaces what was there.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(changes) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    if let Value::Object(map) = target {
        for (key, change) in changes {
            if change.is_null() {
                map.remove(key);
            } else {
                merge_patch(map.entry(key.clone()).or_insert(Value::Null), change);
            }
        }
    }
}

impl TextEdit {
    /// The edited text; an error names the first replaced text that does not occur.
    pub fn apply(&self, text: &str) -> std::result::Result<String, String> {
        let mut out = text.to_string();
        for (old, new) in &self.replace {
            if !out.contains(old.as_str()) {
                return Err(format!(
                    "replace: text not found: {:?}",
                    crate::error::excerpt(old)
                ));
            }
            out = out.replace(old.as_str(), new);
        }
        if let Some(add) = &self.append {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(add);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn case_text(id: &str, extra: &str) -> String {
        format!(
            "id: {id}\ntitle: t\nlaw: GDPR Art. 44\nquote: \"Any transfer ...\"\nbase: approved\nnow: 2026-11-29T12:00:00Z\n{extra}"
        )
    }

    #[test]
    fn embedded_cases_are_the_files_in_policies_cases() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/cases");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
            .map(|n| format!("policies/cases/{n}"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = CASES.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(
            embedded, on_disk,
            "src/cases.rs CASES must list exactly the case files in policies/cases/"
        );
        for (path, text) in CASES {
            let disk = std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path),
            )
            .unwrap();
            assert_eq!(&disk, text, "{path}");
        }
    }

    #[test]
    fn every_embedded_case_parses() {
        let cases = all().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cases.len(), CASES.len());
    }

    #[test]
    fn cases_for_rule_lists_cases_naming_the_rule_anywhere() {
        let tb1 = cases_for_rule("gdpr-transfer-mechanism");
        assert!(
            tb1.contains(&"tb1-transfer-to-india-as-adequacy"),
            "{tb1:?}"
        );
        // TB5 names the rule under `not`: it is linked too.
        assert!(tb1.contains(&"tb5-transfer-to-uk-alias"), "{tb1:?}");
        assert!(cases_for_rule("no-such-rule").is_empty());
        let mut sorted = tb1.clone();
        sorted.sort_unstable();
        assert_eq!(tb1, sorted);
    }

    #[test]
    fn a_well_formed_case_parses() {
        let c = parse(
            "policies/cases/x-1.yaml",
            &case_text(
                "x-1",
                "edit:\n  README.md: {replace: [[a, b]]}\n  data/d.yaml: {personalData: {transfers: null}}\nexpect:\n  verdict: block\n  deny: [gdpr-transfer-mechanism]\n  not: [gdpr-retention]\n",
            ),
        )
        .unwrap();
        assert_eq!(c.expect.verdict, Verdict::Block);
        let edits = c.file_edits().unwrap();
        assert_eq!(
            edits[0],
            (
                "README.md".to_string(),
                FileEdit::Text(TextEdit {
                    replace: vec![("a".into(), "b".into())],
                    append: None
                })
            )
        );
        assert_eq!(
            edits[1].1,
            FileEdit::MergePatch(json!({"personalData": {"transfers": null}}))
        );
        let ids: Vec<_> = c.rule_ids().collect();
        assert_eq!(
            ids,
            [
                ("deny", "gdpr-transfer-mechanism"),
                ("not", "gdpr-retention")
            ]
        );
    }

    #[test]
    fn a_case_whose_id_is_not_its_file_name_is_refused() {
        let e = parse(
            "policies/cases/other.yaml",
            &case_text("x-1", "expect: {verdict: approve}\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("differs from the file name `other`"), "{e}");
    }

    #[test]
    fn empty_law_or_quote_and_unknown_keys_are_refused() {
        let text = "id: x\ntitle: t\nlaw: \"\"\nquote: \" \"\nbase: approved\nnow: 2026-11-29T12:00:00Z\nexpect: {verdict: approve}\n";
        let e = parse("policies/cases/x.yaml", text)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("`law` is empty") && e.contains("`quote` is empty"),
            "{e}"
        );
        let e = parse(
            "policies/cases/x.yaml",
            &case_text("x", "pending: [a]\nexpect: {verdict: approve}\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("unknown field `pending`"), "{e}");
    }

    #[test]
    fn contradictory_expectations_are_refused() {
        for (extra, want) in [
            (
                "expect: {verdict: approve, deny: [a]}\n",
                "an approval cannot expect",
            ),
            (
                "expect: {verdict: block}\n",
                "a block must name at least one rule",
            ),
            (
                "expect: {verdict: block, deny: [a], not: [a]}\n",
                "both expected and excluded",
            ),
        ] {
            let e = parse("policies/cases/x.yaml", &case_text("x", extra))
                .unwrap_err()
                .to_string();
            assert!(e.contains(want), "{extra}: {e}");
        }
    }

    #[test]
    fn paths_that_leave_the_bundle_copy_are_refused() {
        for p in ["../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "C:x"] {
            let e = parse(
                "policies/cases/x.yaml",
                &case_text(
                    "x",
                    &format!("remove: [\"{p}\"]\nexpect: {{verdict: approve}}\n"),
                ),
            )
            .unwrap_err()
            .to_string();
            assert!(e.contains("must"), "{p}: {e}");
            let e = parse(
                "policies/cases/x.yaml",
                &case_text(
                    "x",
                    &format!("edit: {{\"{p}\": {{append: x}}}}\nexpect: {{verdict: approve}}\n"),
                ),
            )
            .unwrap_err()
            .to_string();
            assert!(e.contains("must"), "{p}: {e}");
        }
        let text =
            case_text("x", "expect: {verdict: approve}\n").replace("base: approved", "base: ../x");
        let e = parse("policies/cases/x.yaml", &text)
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a folder name under examples/"), "{e}");
    }

    #[test]
    fn text_edits_must_say_what_they_do() {
        let e = parse(
            "policies/cases/x.yaml",
            &case_text("x", "edit: {README.md: {}}\nexpect: {verdict: approve}\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("needs `replace` or `append`"), "{e}");
        let e = parse(
            "policies/cases/x.yaml",
            &case_text(
                "x",
                "edit: {README.md: {replace: [[\"\", x]]}}\nexpect: {verdict: approve}\n",
            ),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("replaced text is empty"), "{e}");
        // A merge patch's keys are free; a text edit's are not.
        let e = parse(
            "policies/cases/x.yaml",
            &case_text(
                "x",
                "edit: {README.md: {spec: 1}}\nexpect: {verdict: approve}\n",
            ),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("unknown field `spec`"), "{e}");
    }

    #[test]
    fn merge_patch_follows_rfc_7386() {
        // The examples of RFC 7386 Appendix A.
        for (target, patch, want) in [
            (json!({"a": "b"}), json!({"a": "c"}), json!({"a": "c"})),
            (
                json!({"a": "b"}),
                json!({"b": "c"}),
                json!({"a": "b", "b": "c"}),
            ),
            (json!({"a": "b"}), json!({"a": null}), json!({})),
            (
                json!({"a": "b", "b": "c"}),
                json!({"a": null}),
                json!({"b": "c"}),
            ),
            (json!({"a": ["b"]}), json!({"a": "c"}), json!({"a": "c"})),
            (json!({"a": "c"}), json!({"a": ["b"]}), json!({"a": ["b"]})),
            (
                json!({"a": {"b": "c"}}),
                json!({"a": {"b": "d", "c": null}}),
                json!({"a": {"b": "d"}}),
            ),
            (
                json!({"a": [{"b": "c"}]}),
                json!({"a": [1]}),
                json!({"a": [1]}),
            ),
            (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
            (json!({"a": "b"}), json!(["c"]), json!(["c"])),
            (json!({"a": "foo"}), json!(null), json!(null)),
            (json!({"a": "foo"}), json!("bar"), json!("bar")),
            (
                json!({"e": null}),
                json!({"a": 1}),
                json!({"e": null, "a": 1}),
            ),
            (
                json!([1, 2]),
                json!({"a": "b", "c": null}),
                json!({"a": "b"}),
            ),
            (
                json!({}),
                json!({"a": {"bb": {"ccc": null}}}),
                json!({"a": {"bb": {}}}),
            ),
        ] {
            let mut t = target.clone();
            merge_patch(&mut t, &patch);
            assert_eq!(t, want, "{target} + {patch}");
        }
    }

    #[test]
    fn a_replace_whose_old_text_is_absent_is_an_error() {
        let edit = TextEdit {
            replace: vec![("absent".into(), "x".into())],
            append: None,
        };
        let e = edit.apply("some text").unwrap_err();
        assert!(e.contains("text not found") && e.contains("absent"), "{e}");
    }

    #[test]
    fn text_edits_replace_every_occurrence_then_append_on_a_new_line() {
        let edit = TextEdit {
            replace: vec![("a".into(), "b".into())],
            append: Some("end\n".into()),
        };
        assert_eq!(edit.apply("a a").unwrap(), "b b\nend\n");
        assert_eq!(edit.apply("a\n").unwrap(), "b\nend\n");
        let append_only = TextEdit {
            replace: vec![],
            append: Some("x".into()),
        };
        assert_eq!(append_only.apply("").unwrap(), "x");
    }
}
