//! Run configuration of the decision stage: enforcement levels per rule and environment, and
//! waivers that accept a specific finding as a risk until a date. Parsed, then validated.

use crate::error::{Error, Location, Result};
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
    /// Facts about the organisation that decide which laws reach its releases (the CCPA
    /// business thresholds and exemptions, a public authority): declared here, once, where a
    /// release author cannot lower them. Policies read them as `input.organisation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<crate::bundle::obligations::Organisation>,
    /// Folder of the config file, for its relative paths (filled on load).
    #[serde(skip)]
    pub base: Option<std::path::PathBuf>,
    /// The configuration file and the waiver files read, as (path, sha256), for reports.
    #[serde(skip)]
    pub sources: Sources,
    /// Key ids of the waiver keys the waivers were checked against (filled by
    /// [`Config::verify_waivers`]).
    #[serde(skip)]
    pub waiver_key_ids: Vec<String>,
}

/// The files a configuration was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// `--config`, as (path, sha256).
    pub config: Option<(String, String)>,
    /// `--waivers` files, as (path, sha256).
    pub waivers: Vec<(String, String)>,
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
    /// PEM public keys of those who may approve waivers, relative to this file. When set, a
    /// waiver counts only with a valid signature by one of them (`modelgate waiver sign`).
    #[serde(default)]
    pub waiver_keys: Vec<String>,
    /// PEM CA certificates that model-signing `certificate`-method signatures must chain to,
    /// relative to this file (as `modelgate verify --certificate-chain`).
    #[serde(default)]
    pub certificate_chain: Vec<String>,
    /// PEM public keys of the gate that sign decision records (`check --sign-key`), relative
    /// to this file: a record names a rollback target only when one of them signed it.
    /// Distinct from `keys`: whoever signs a release's evidence must not vouch for its records.
    #[serde(default)]
    pub record_keys: Vec<String>,
}

/// The level a rule's findings get, optionally only in some environments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
    /// Signature of an approver (`modelgate waiver sign`) over the fields above; required when
    /// `trust.waiverKeys` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<WaiverSignature>,
    /// Whether the signature checked out against `trust.waiverKeys` (filled on load).
    #[serde(skip)]
    #[schemars(skip)]
    pub signed: Signed,
    /// 1-based line of the entry in its file (filled on load).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(skip)]
    pub line: Option<usize>,
    /// The file it came from (filled on load).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(skip)]
    pub file: Option<String>,
}

/// A waiver's signature: a DSSE signature (ECDSA P-256/P-384 or Ed25519) over the PAE of
/// [`WAIVER_PAYLOAD_TYPE`] and the waiver's [`Waiver::payload`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaiverSignature {
    /// sha256 of the signer's SubjectPublicKeyInfo, hex.
    pub keyid: String,
    /// The signature, standard base64.
    pub sig: String,
}

/// The payload type a waiver is signed under.
pub const WAIVER_PAYLOAD_TYPE: &str = "application/vnd.modelgate.waiver+json";

/// What the check of a waiver's signature found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Signed {
    /// No waiver keys are configured: signatures are not required.
    #[default]
    NotRequired,
    /// Signed by the waiver key with this key id.
    Valid(String),
    /// Required, and missing or not valid (why).
    Invalid(String),
}

impl Waiver {
    /// The expiry date; validated on load.
    pub fn expiry(&self) -> Option<NaiveDate> {
        crate::time::parse_day(&self.expires)
    }

    /// The bytes a waiver signature covers: its fields (without the signature) as JSON with
    /// keys sorted and no whitespace, so that any edit of rule, target, release, reason,
    /// approver or expiry voids it.
    pub fn payload(&self) -> Vec<u8> {
        let mut m = serde_json::Map::new();
        m.insert("approvedBy".into(), self.approved_by.clone().into());
        m.insert("expires".into(), self.expires.clone().into());
        m.insert("reason".into(), self.reason.clone().into());
        if let Some(r) = &self.release {
            m.insert("release".into(), r.clone().into());
        }
        m.insert("rule".into(), self.rule.clone().into());
        if let Some(t) = &self.target {
            m.insert("target".into(), t.clone().into());
        }
        // serde_json's map is ordered by key: this is the canonical form.
        serde_json::Value::Object(m).to_string().into_bytes()
    }

    /// The waiver may apply: its signature is valid or not required.
    pub fn trusted(&self) -> bool {
        !matches!(self.signed, Signed::Invalid(_))
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
    /// Reads and validates a config file. Its problems are `invalid-config` diagnostics (parse
    /// errors keep their own codes).
    pub fn load(path: &Path) -> Result<Self> {
        Self::read_config(path).map_err(config_code)
    }

    fn read_config(path: &Path) -> Result<Self> {
        let doc = Doc::read(path, &path.display().to_string())?;
        let mut c: Config = doc.yaml()?;
        let index = crate::formats::locate::YamlIndex::new(doc.text()?, 0);
        if c.api_version != "modelgate.dev/v1" || c.kind != "Config" {
            return Err(doc.err(
                Location {
                    line: index.line("/kind"),
                    pointer: Some("/kind".into()),
                    ..Location::default()
                },
                "expected apiVersion `modelgate.dev/v1` and kind `Config`",
            ));
        }
        for (i, e) in c.enforcement.iter().enumerate() {
            compile_glob(&e.rule)
                .map_err(|m| doc.err(Location::pointer(format!("/enforcement/{i}/rule")), m))?;
        }
        locate_waivers(&doc, &index, &mut c.waivers, "/waivers")?;
        c.base = path.parent().map(Path::to_path_buf);
        c.sources.config = Some((path.display().to_string(), doc.sha256.clone()));
        Ok(c)
    }

    /// Checks every waiver's signature against the waiver keys; without keys nothing is
    /// required.
    pub fn verify_waivers(&mut self, keys: &[crate::verify::dsse::PublicKey]) {
        self.waiver_key_ids = keys.iter().map(|k| k.key_id().to_string()).collect();
        if keys.is_empty() {
            return;
        }
        for w in &mut self.waivers {
            w.signed = match &w.signature {
                None => {
                    Signed::Invalid("not signed, and trust.waiverKeys requires a signature".into())
                }
                Some(sig) => match crate::verify::dsse::decode_base64(&sig.sig) {
                    Err(e) => Signed::Invalid(format!("signature is not base64: {e}")),
                    Ok(bytes) => {
                        let pae = crate::verify::dsse::pae(WAIVER_PAYLOAD_TYPE, &w.payload());
                        match keys.iter().find(|k| k.verify(&pae, &bytes)) {
                            Some(k) => Signed::Valid(k.key_id().to_string()),
                            None => Signed::Invalid(
                                "the signature does not verify with any waiver key (the waiver was edited after signing, or signed by another key)".into(),
                            ),
                        }
                    }
                },
            };
        }
    }

    /// Adds the waivers of a `--waivers` file.
    pub fn add_waiver_file(&mut self, path: &Path) -> Result<()> {
        self.read_waiver_file(path).map_err(config_code)
    }

    fn read_waiver_file(&mut self, path: &Path) -> Result<()> {
        let doc = Doc::read(path, &path.display().to_string())?;
        let (mut waivers, prefix) = match doc.yaml::<WaiverFile>() {
            Ok(WaiverFile::List(w)) => (w, ""),
            Ok(WaiverFile::Doc { waivers }) => (waivers, "/waivers"),
            // The untagged error says nothing useful; re-parse as a list for a located message.
            Err(_) => (doc.yaml::<Vec<Waiver>>()?, ""),
        };
        let index = crate::formats::locate::YamlIndex::new(doc.text()?, 0);
        locate_waivers(&doc, &index, &mut waivers, prefix)?;
        self.waivers.extend(waivers);
        self.sources
            .waivers
            .push((path.display().to_string(), doc.sha256.clone()));
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

/// A problem of the gate's own files is `invalid-config` rather than `invalid-evidence`.
fn config_code(e: Error) -> Error {
    match e.code() {
        Some(crate::diagnostic::Code::InvalidEvidence) => {
            e.with_code(crate::diagnostic::Code::InvalidConfig)
        }
        _ => e,
    }
}

/// Validates waiver dates and records each waiver's line: the line of its `rule:` key, where
/// `waiver sign` writes the signature after.
fn locate_waivers(
    doc: &Doc,
    index: &crate::formats::locate::YamlIndex,
    waivers: &mut [Waiver],
    prefix: &str,
) -> Result<()> {
    for (i, w) in waivers.iter_mut().enumerate() {
        w.line = index
            .line(&format!("{prefix}/{i}/rule"))
            .or_else(|| index.line(&format!("{prefix}/{i}")));
        w.file = Some(doc.rel.clone());
        if w.expiry().is_none() {
            return Err(doc.err(
                Location {
                    line: w.line,
                    pointer: Some(format!("{prefix}/{i}/expires")),
                    ..Location::default()
                },
                format!("waiver expires `{}` is not a date (YYYY-MM-DD)", w.expires),
            ));
        }
        if w.reason.trim().is_empty() || w.approved_by.trim().is_empty() {
            return Err(doc.err(
                Location {
                    line: w.line,
                    pointer: Some(format!("{prefix}/{i}")),
                    ..Location::default()
                },
                "a waiver needs a reason and approvedBy",
            ));
        }
        if let Some(t) = &w.target {
            compile_glob(t).map_err(|m| {
                doc.err(
                    Location {
                        line: w.line,
                        pointer: Some(format!("{prefix}/{i}/target")),
                        ..Location::default()
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

/// The waiver keys of the configuration (`trust.waiverKeys`, relative to its file).
pub fn waiver_keys(config: &Config) -> Result<Vec<crate::verify::dsse::PublicKey>> {
    let base = config.base.clone().unwrap_or_default();
    config
        .trust
        .waiver_keys
        .iter()
        .map(|k| crate::verify::dsse::PublicKey::read(&base.join(k)))
        .collect()
}

/// Signs every waiver of the configuration or waiver file at `path` with `key`, in place: a
/// `signature:` line is written (or replaced) in each waiver entry, the rest of the file (its
/// comments and layout) is kept. Returns how many waivers were signed.
pub fn sign_waiver_file(path: &Path, key: &crate::verify::sign::SigningKey) -> Result<usize> {
    let doc = Doc::read(path, &path.display().to_string())?;
    let text = doc.text()?.to_string();
    // The waivers as the gate reads them, so the signed payload is exactly what is verified.
    let mut c = Config::default();
    let waivers: Vec<Waiver> = match doc.yaml::<serde_json::Value>()? {
        serde_json::Value::Array(_) => {
            c.add_waiver_file(path)?;
            c.waivers
        }
        _ => match doc.yaml::<WaiverFile>() {
            Ok(WaiverFile::Doc { .. }) | Ok(WaiverFile::List(_)) => {
                c.add_waiver_file(path)?;
                c.waivers
            }
            // A configuration file: its waivers.
            Err(_) => Config::load(path)?.waivers,
        },
    };
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // From the last waiver up, so earlier line numbers stay right.
    for w in waivers.iter().rev() {
        let Some(l) = w.line else {
            return Err(doc.err(
                Location::default(),
                "cannot find the waiver's `rule:` line; write waivers in block style (`- rule: ...` on its own line) to sign them",
            ));
        };
        let idx = l - 1;
        let line = lines.get(idx).cloned().unwrap_or_default();
        let Some(col) = line.find("rule:") else {
            return Err(doc.err(
                Location {
                    line: Some(l),
                    ..Location::default()
                },
                "write waivers in block style (`- rule: ...` on its own line) to sign them",
            ));
        };
        let sig = key.sign(&crate::verify::dsse::pae(WAIVER_PAYLOAD_TYPE, &w.payload()));
        let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, sig);
        let new = format!(
            "{}signature: {{keyid: \"{}\", sig: \"{b64}\"}}",
            " ".repeat(col),
            key.key_id()
        );
        // The entry's lines: those indented at least as deep as its keys.
        let mut end = idx + 1;
        while end < lines.len() {
            let t = &lines[end];
            let indent = t.len() - t.trim_start().len();
            if !t.trim().is_empty() && indent < col {
                break;
            }
            if !t.trim().is_empty() && indent == col && t.trim_start().starts_with("- ") {
                break;
            }
            end += 1;
        }
        // An earlier signature of the entry (and its continuation lines) is replaced.
        let mut i = idx + 1;
        while i < end {
            let t = &lines[i];
            let indent = t.len() - t.trim_start().len();
            if indent == col && t.trim_start().starts_with("signature:") {
                lines.remove(i);
                end -= 1;
                while i < end {
                    let t = &lines[i];
                    let indent = t.len() - t.trim_start().len();
                    if t.trim().is_empty() || indent <= col {
                        break;
                    }
                    lines.remove(i);
                    end -= 1;
                }
                continue;
            }
            i += 1;
        }
        lines.insert(idx + 1, new);
    }
    let mut out = lines.join("\n");
    out.push('\n');
    std::fs::write(path, out).map_err(|e| Error::io(path, e))?;
    Ok(waivers.len())
}

/// Trust given on the command line, merged with the configuration's.
#[derive(Debug, Clone, Default)]
pub struct TrustFlags {
    pub keys: Vec<std::path::PathBuf>,
    pub trusted_root: Option<std::path::PathBuf>,
    /// `ISSUER=SUBJECT`; a subject written `/regex/` is a pattern over the whole identity.
    pub identities: Vec<String>,
    /// `--record-key`: public keys that decision records are verified against.
    pub record_keys: Vec<std::path::PathBuf>,
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
    // Keys of the configuration (relative to it), then those of the flags.
    let read_keys = |listed: &[String], given: &[std::path::PathBuf]| -> Result<Vec<PublicKey>> {
        listed
            .iter()
            .map(|k| base.join(k))
            .chain(given.iter().cloned())
            .map(|k| PublicKey::read(&k))
            .collect()
    };
    trust.keys = read_keys(&config.trust.keys, &flags.keys)?;
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
    let chain: Vec<std::path::PathBuf> = config
        .trust
        .certificate_chain
        .iter()
        .map(|c| base.join(c))
        .collect();
    trust.ca_certs = crate::verify::oms::CertificateChain::read(&chain)?;
    trust.record_keys = read_keys(&config.trust.record_keys, &flags.record_keys)?;
    Ok(trust)
}
