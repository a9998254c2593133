//! The effective configuration of a run as reports show it, and the policy digest that covers
//! it.

use crate::config::Config;
use crate::policy::PolicySet;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A file that shaped the decision, by path and content digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FileDigest {
    pub path: String,
    pub sha256: String,
}

/// The effective configuration of a run: everything besides the evidence that changes what a
/// rule says or whether it counts. Shown in every report format and the decision record, and
/// covered by the policy digest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Configuration {
    /// The built-in policy library was evaluated (`--no-builtin` turns it off).
    pub builtin_policies: bool,
    /// Policy modules added with `--policy`.
    pub policies: Vec<FileDigest>,
    /// `--data` documents and every value each sets.
    pub data: Vec<crate::policy::DataSource>,
    /// The configuration file (`--config`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<FileDigest>,
    /// `--waivers` files.
    pub waiver_files: Vec<FileDigest>,
    /// Enforcement entries, in order (the last matching one decides a finding's level).
    pub enforcement: Vec<crate::config::Enforcement>,
    /// Every waiver given, applied or not.
    pub waivers: Vec<crate::config::Waiver>,
    /// Waivers count only when signed by one of these keys (key ids); empty: not required.
    pub waiver_keys: Vec<String>,
    /// The organisation's facts (`organisation:` of the configuration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<crate::bundle::obligations::Organisation>,
}

impl Configuration {
    /// The configuration of a run of `policies` under `config`.
    pub fn of(policies: &PolicySet, config: &Config) -> Self {
        let digest = |(p, s): &(String, String)| FileDigest {
            path: p.clone(),
            sha256: s.clone(),
        };
        Configuration {
            builtin_policies: policies.has_builtin(),
            policies: policies
                .modules
                .iter()
                .filter(|m| !m.builtin && !m.is_test)
                .map(|m| FileDigest {
                    path: m.name.clone(),
                    sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(m.text.as_bytes())),
                })
                .collect(),
            data: policies.data_sources.clone(),
            config: config.sources.config.as_ref().map(digest),
            waiver_files: config.sources.waivers.iter().map(digest).collect(),
            enforcement: config.enforcement.clone(),
            waivers: config.waivers.clone(),
            waiver_keys: config.waiver_key_ids.clone(),
            organisation: config.organisation.clone(),
        }
    }

    /// Nothing changes the built-in library's verdicts: no extra policies or data, no
    /// enforcement changes, no waivers.
    pub fn is_default(&self) -> bool {
        self.builtin_policies
            && self.policies.is_empty()
            && self.data.is_empty()
            && self.enforcement.is_empty()
            && self.waivers.is_empty()
            && self.organisation.is_none()
    }

    /// One line per element that departs from the built-in library's defaults, for the text,
    /// Markdown and JUnit renderers.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.builtin_policies {
            out.push("built-in policies: off (--no-builtin)".to_string());
        }
        if let Some(c) = &self.config {
            out.push(format!(
                "configuration: {} (sha256 {})",
                c.path,
                short_digest(&c.sha256)
            ));
        }
        if let Some(o) = &self.organisation {
            out.push(format!(
                "organisation: {}",
                serde_json::to_string(o).unwrap_or_default()
            ));
        }
        for p in &self.policies {
            out.push(format!(
                "policy: {} (sha256 {})",
                p.path,
                short_digest(&p.sha256)
            ));
        }
        for d in &self.data {
            out.push(format!(
                "data: {} (sha256 {}) sets {}",
                d.path,
                short_digest(&d.sha256),
                if d.sets.is_empty() {
                    "nothing".to_string()
                } else {
                    d.sets.join(", ")
                }
            ));
        }
        for (i, e) in self.enforcement.iter().enumerate() {
            let envs = if e.environments.is_empty() {
                "every environment".to_string()
            } else {
                e.environments.join(", ")
            };
            out.push(format!(
                "enforcement[{i}]: {} is {} in {envs}",
                e.rule,
                enforcement_level(e.level)
            ));
        }
        for f in &self.waiver_files {
            out.push(format!(
                "waivers: {} (sha256 {})",
                f.path,
                short_digest(&f.sha256)
            ));
        }
        if !self.waivers.is_empty() {
            out.push(format!(
                "waivers: {} given{}",
                self.waivers.len(),
                if self.waiver_keys.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", each must be signed by one of {} waiver key(s)",
                        self.waiver_keys.len()
                    )
                }
            ));
        }
        out
    }
}

fn enforcement_level(l: crate::config::EnforcementLevel) -> &'static str {
    match l {
        crate::config::EnforcementLevel::Deny => "deny",
        crate::config::EnforcementLevel::Warn => "warn",
        crate::config::EnforcementLevel::Off => "off",
    }
}

fn short_digest(d: &str) -> &str {
    d.get(..12).unwrap_or(d)
}

/// The digest a run's report and record name: the policies and data evaluated, the built-in
/// flag, the enforcement entries and the waivers (by content, not by where the files are), so
/// that two runs whose effective configuration differs never show the same digest.
pub fn policy_digest(policies: &PolicySet, config: &Config) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(policies.digest().as_bytes());
    h.update([0]);
    h.update(if policies.has_builtin() {
        b"builtin" as &[u8]
    } else {
        b"no-builtin"
    });
    h.update([0]);
    let mut effective = serde_json::json!({
        "enforcement": config.enforcement,
        "waivers": config.waivers.iter().map(|w| String::from_utf8_lossy(&w.payload()).into_owned()).collect::<Vec<_>>(),
        "waiverKeys": config.waiver_key_ids,
    });
    // Added only when given, so that digests of runs without it stay as they were.
    if let Some(o) = &config.organisation {
        effective["organisation"] = serde_json::to_value(o).unwrap_or_default();
    }
    h.update(effective.to_string().as_bytes());
    hex::encode(h.finalize())
}
