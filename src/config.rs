//! Run configuration of the decision stage: enforcement levels per rule and environment, and
//! waivers that accept a specific finding as a risk until a date. Parsed, then validated.

use crate::error::{Location, Result};
use crate::formats::Doc;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// `modelgate.config.yaml` (`--config`): enforcement overrides and waivers.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Config {
    /// Must be `modelgate.dev/v1`.
    pub api_version: String,
    /// Must be `Config`.
    pub kind: String,
    /// Level overrides; the last entry that matches a finding decides its level.
    #[serde(default)]
    pub enforcement: Vec<Enforcement>,
    /// Accepted risks.
    #[serde(default)]
    pub waivers: Vec<Waiver>,
    /// Who may sign the evidence.
    #[serde(default)]
    pub trust: TrustConfig,
    /// Bounds on what a run reads (file size, nesting, SBOM components, files per bundle).
    #[serde(default)]
    pub limits: crate::limits::Limits,
    /// Folder of the config file, for its relative paths (filled on load).
    #[serde(skip)]
    pub base: Option<std::path::PathBuf>,
}

/// Keys, trusted root and identities that signatures are verified against. Nothing is fetched:
/// the trusted root is a file (e.g. Sigstore's public-good `trusted_root.json`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TrustConfig {
    /// PEM public keys (ECDSA P-256/P-384, Ed25519) allowed to sign, relative to this file.
    #[serde(default)]
    pub keys: Vec<String>,
    /// Sigstore `trusted_root.json`, relative to this file.
    #[serde(default)]
    pub trusted_root: Option<String>,
    /// Keyless signers allowed: OIDC issuer with subject (exact) or subjectRegex.
    #[serde(default)]
    pub identities: Vec<crate::verify::sigstore::SignerSpec>,
}

/// The level a rule's findings get, optionally only in some environments.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Enforcement {
    /// Rule id or glob over rule ids (`doc-*`).
    pub rule: String,
    /// Environments (manifest spec.environment) it applies to; all when empty.
    #[serde(default)]
    pub environments: Vec<String>,
    pub level: EnforcementLevel,
}

/// `deny` blocks, `warn` reports, `off` drops the rule's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EnforcementLevel {
    Deny,
    Warn,
    Off,
}

/// One accepted risk: a rule's findings on a target, approved by someone, until a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Waiver {
    /// Rule id (exact).
    pub rule: String,
    /// The finding's target (dataset, section, purl, attack ...) or a glob over it; all targets when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Release name (manifest metadata.name) it is limited to; all releases when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// Why the risk is accepted.
    pub reason: String,
    /// Who accepted it.
    pub approved_by: String,
    /// Last day (YYYY-MM-DD, UTC) the waiver applies.
    pub expires: String,
    /// 1-based line of the entry in its file (filled on load).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(skip)]
    pub line: Option<usize>,
    /// The file it came from (filled on load).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(skip)]
    pub file: Option<String>,
}

impl Waiver {
    /// The expiry date; validated on load.
    pub fn expiry(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.expires, "%Y-%m-%d").ok()
    }
}

/// A file of waivers alone (`--waivers`): a YAML list, or a mapping with `waivers:`.
#[derive(Deserialize)]
#[serde(untagged)]
enum WaiverFile {
    List(Vec<Waiver>),
    Doc { waivers: Vec<Waiver> },
}

impl Config {
    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Self> {
        let doc = Doc::read(path, &path.display().to_string())?;
        let mut c: Config = doc.yaml()?;
        let text = doc.text()?;
        if c.api_version != "modelgate.dev/v1" || c.kind != "Config" {
            return Err(doc.err(
                Location {
                    line: crate::formats::key_line(text, "kind"),
                    column: None,
                    pointer: None,
                },
                "expected apiVersion `modelgate.dev/v1` and kind `Config`",
            ));
        }
        for (i, e) in c.enforcement.iter().enumerate() {
            compile_glob(&e.rule)
                .map_err(|m| doc.err(Location::pointer(format!("/enforcement/{i}/rule")), m))?;
        }
        locate_waivers(&doc, text, &mut c.waivers, "/waivers")?;
        c.base = path.parent().map(Path::to_path_buf);
        Ok(c)
    }

    /// Adds the waivers of a `--waivers` file.
    pub fn add_waiver_file(&mut self, path: &Path) -> Result<()> {
        let doc = Doc::read(path, &path.display().to_string())?;
        let (mut waivers, prefix) = match doc.yaml::<WaiverFile>() {
            Ok(WaiverFile::List(w)) => (w, ""),
            Ok(WaiverFile::Doc { waivers }) => (waivers, "/waivers"),
            // The untagged error says nothing useful; re-parse as a list for a located message.
            Err(_) => (doc.yaml::<Vec<Waiver>>()?, ""),
        };
        let text = doc.text()?;
        locate_waivers(&doc, text, &mut waivers, prefix)?;
        self.waivers.extend(waivers);
        Ok(())
    }

    /// The level of a rule's findings in an environment, with the entry that set it.
    pub fn level_for(
        &self,
        rule: &str,
        environment: Option<&str>,
    ) -> Option<(EnforcementLevel, usize)> {
        let mut found = None;
        for (i, e) in self.enforcement.iter().enumerate() {
            let env_ok = e.environments.is_empty()
                || environment.is_some_and(|env| e.environments.iter().any(|x| x == env));
            if env_ok && glob_match(&e.rule, rule) {
                found = Some((e.level, i));
            }
        }
        found
    }
}

/// Validates waiver dates and records each waiver's line (the n-th `- rule:` / `rule:` entry).
fn locate_waivers(doc: &Doc, text: &str, waivers: &mut [Waiver], prefix: &str) -> Result<()> {
    let rule_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().trim_start_matches("- ").starts_with("rule:"))
        .map(|(i, _)| i + 1)
        .collect();
    // In a config file the enforcement entries also have `rule:` keys and come first.
    let skip = rule_lines.len().saturating_sub(waivers.len());
    for (i, w) in waivers.iter_mut().enumerate() {
        w.line = rule_lines.get(skip + i).copied();
        w.file = Some(doc.rel.clone());
        if w.expiry().is_none() {
            return Err(doc.err(
                Location {
                    line: w.line,
                    column: None,
                    pointer: Some(format!("{prefix}/{i}/expires")),
                },
                format!("waiver expires `{}` is not a date (YYYY-MM-DD)", w.expires),
            ));
        }
        if w.reason.trim().is_empty() || w.approved_by.trim().is_empty() {
            return Err(doc.err(
                Location {
                    line: w.line,
                    column: None,
                    pointer: Some(format!("{prefix}/{i}")),
                },
                "a waiver needs a reason and approvedBy",
            ));
        }
        if let Some(t) = &w.target {
            compile_glob(t).map_err(|m| {
                doc.err(
                    Location {
                        line: w.line,
                        column: None,
                        pointer: Some(format!("{prefix}/{i}/target")),
                    },
                    m,
                )
            })?;
        }
    }
    Ok(())
}

fn compile_glob(p: &str) -> std::result::Result<globset::GlobMatcher, String> {
    globset::Glob::new(p)
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("`{p}` is not a valid pattern: {e}"))
}

/// True when `value` equals `pattern` or matches it as a glob.
pub fn glob_match(pattern: &str, value: &str) -> bool {
    pattern == value || compile_glob(pattern).is_ok_and(|g| g.is_match(value))
}

/// Loads `--config` and `--waivers` files into one configuration.
pub fn load(config: Option<&Path>, waivers: &[std::path::PathBuf]) -> Result<Config> {
    let mut c = match config {
        Some(p) => Config::load(p)?,
        None => Config {
            api_version: "modelgate.dev/v1".into(),
            kind: "Config".into(),
            ..Config::default()
        },
    };
    for w in waivers {
        c.add_waiver_file(w)?;
    }
    Ok(c)
}

impl From<EnforcementLevel> for Option<crate::policy::Level> {
    fn from(l: EnforcementLevel) -> Self {
        match l {
            EnforcementLevel::Deny => Some(crate::policy::Level::Deny),
            EnforcementLevel::Warn => Some(crate::policy::Level::Warn),
            EnforcementLevel::Off => None,
        }
    }
}

/// Trust given on the command line, merged with the configuration's.
#[derive(Debug, Clone, Default)]
pub struct TrustFlags {
    pub keys: Vec<std::path::PathBuf>,
    pub trusted_root: Option<std::path::PathBuf>,
    /// `ISSUER=SUBJECT`; a subject written `/regex/` is a pattern over the whole identity.
    pub identities: Vec<String>,
}

/// Loads every key and the trusted root, and compiles the identities.
pub fn resolve_trust(
    config: &Config,
    flags: &TrustFlags,
) -> Result<crate::verify::evidence::Trust> {
    use crate::verify::dsse::PublicKey;
    use crate::verify::sigstore::{AllowedIdentity, SignerSpec, TrustedRoot};
    let base = config.base.clone().unwrap_or_default();
    let mut trust = crate::verify::evidence::Trust::default();
    for k in config
        .trust
        .keys
        .iter()
        .map(|k| base.join(k))
        .chain(flags.keys.iter().cloned())
    {
        trust.keys.push(PublicKey::read(&k)?);
    }
    let root = flags
        .trusted_root
        .clone()
        .or_else(|| config.trust.trusted_root.as_ref().map(|r| base.join(r)));
    if let Some(r) = root {
        trust.root = Some(TrustedRoot::from_file(&r)?);
    }
    for spec in &config.trust.identities {
        trust.identities.push(AllowedIdentity::from_spec(spec)?);
    }
    for id in &flags.identities {
        let (issuer, subject) = id.split_once('=').ok_or_else(|| {
            crate::Error::Usage(format!(
                "--identity `{id}` must be ISSUER=SUBJECT (SUBJECT exact, or /regex/)"
            ))
        })?;
        let spec = match subject.strip_prefix('/').and_then(|s| s.strip_suffix('/')) {
            Some(re) => SignerSpec {
                issuer: issuer.into(),
                subject: None,
                subject_regex: Some(re.into()),
            },
            None => SignerSpec {
                issuer: issuer.into(),
                subject: Some(subject.into()),
                subject_regex: None,
            },
        };
        trust.identities.push(AllowedIdentity::from_spec(&spec)?);
    }
    Ok(trust)
}
