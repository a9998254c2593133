//! The gate's own files — configuration, waivers, policies, data, trusted keys and root — read
//! for a deciding run. With `--base` they come from the base revision, never from the change
//! under review, and a change to any of them is itself a blocking finding: a release author
//! cannot configure the gate that judges their release.

use crate::config::{Config, TrustFlags};
use crate::decision::{self, Finding, FindingLocation};
use crate::error::{Error, Result};
use crate::git::Changes;
use crate::policy::PolicySet;
use crate::verify::evidence::Trust;
use std::path::{Path, PathBuf};

/// What a deciding run was given on the command line.
#[derive(Debug, Clone, Default)]
pub struct GateArgs {
    /// `--policy` folders or files.
    pub policies: Vec<PathBuf>,
    /// `--data` files.
    pub data: Vec<PathBuf>,
    /// `--no-builtin`.
    pub no_builtin: bool,
    /// `--config`.
    pub config: Option<PathBuf>,
    /// `--waivers` files.
    pub waivers: Vec<PathBuf>,
    /// `--key`, `--trusted-root`, `--identity`, `--record-key`.
    pub trust: TrustFlags,
}

/// Everything a deciding run needs besides the bundles.
#[derive(Debug)]
pub struct Gate {
    pub policies: PolicySet,
    pub config: Config,
    pub trust: Trust,
    /// Findings about the gate's files (`change-gate-config`), for the report's run findings.
    pub findings: Vec<Finding>,
    /// Repository paths of the gate's files that the change under review modifies.
    pub changed: Vec<String>,
}

/// Where the gate's files are read from: as given, or at the base revision.
struct Source<'a> {
    base: Option<&'a Changes>,
    scratch: Option<tempfile::TempDir>,
    /// (repository path, how it changed)
    changed: Vec<(String, &'static str)>,
}

impl Source<'_> {
    /// The file or folder to read for `path`: itself, or with `--base` and inside the
    /// repository its base version written to a scratch folder (`None` when it did not exist
    /// at base). Records how it changed in the change under review.
    fn path(&mut self, path: &Path) -> Result<Option<PathBuf>> {
        let Some(c) = self.base else {
            return Ok(Some(path.to_path_buf()));
        };
        let Some(rel) = c.repo_path(path) else {
            // Outside the repository (e.g. the CI runner's own configuration): not part of the
            // change.
            return Ok(Some(path.to_path_buf()));
        };
        if let Some(how) = c.path_change(&rel)? {
            if !self.changed.iter().any(|(r, _)| *r == rel) {
                self.changed.push((rel.clone(), how));
            }
        }
        if self.scratch.is_none() {
            self.scratch =
                Some(tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?);
        }
        let dest = self
            .scratch
            .as_ref()
            .map(|t| t.path().to_path_buf())
            .unwrap_or_default();
        c.materialize_base_path(&rel, &dest)
    }
}

/// Reads the gate's files for a run; with `base`, from that comparison's base revision.
pub fn load(args: &GateArgs, base: Option<&Changes>) -> Result<Gate> {
    let mut src = Source {
        base,
        scratch: None,
        changed: Vec::new(),
    };
    let mut policies = if args.no_builtin {
        PolicySet::default()
    } else {
        PolicySet::builtin(false)?
    };
    for dir in &args.policies {
        if let Some(read) = src.path(dir)? {
            policies.add_dir(&read, false)?;
            rename(&mut policies, &read, dir);
        }
    }
    for d in &args.data {
        if let Some(read) = src.path(d)? {
            policies.add_data_file(&read)?;
            rename(&mut policies, &read, d);
        }
    }
    if policies.modules.is_empty() {
        return Err(Error::Usage(
            "no policies: --no-builtin needs at least one --policy".into(),
        ));
    }

    let config_read = match &args.config {
        Some(p) => src.path(p)?,
        None => None,
    };
    let mut config = crate::config::load(config_read.as_deref(), &[])?;
    if let (Some(given), Some(_)) = (&args.config, &config_read) {
        // Paths in the configuration are relative to where it is in the repository.
        let dir = given.parent().map(Path::to_path_buf).unwrap_or_default();
        config.trust.keys = map_all(&mut src, &dir, &config.trust.keys)?;
        config.trust.waiver_keys = map_all(&mut src, &dir, &config.trust.waiver_keys)?;
        config.trust.certificate_chain = map_all(&mut src, &dir, &config.trust.certificate_chain)?;
        config.trust.record_keys = map_all(&mut src, &dir, &config.trust.record_keys)?;
        config.trust.trusted_root = match &config.trust.trusted_root {
            Some(r) => src.path(&dir.join(r))?.map(|p| p.display().to_string()),
            None => None,
        };
        config.base = None;
        if let Some((_, sha)) = &config.sources.config {
            config.sources.config = Some((given.display().to_string(), sha.clone()));
        }
        let read_shown = config_read
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        for waiver in &mut config.waivers {
            if waiver.file.as_deref() == Some(read_shown.as_str()) {
                waiver.file = Some(given.display().to_string());
            }
        }
    }
    for w in &args.waivers {
        if let Some(read) = src.path(w)? {
            config.add_waiver_file(&read)?;
            if let Some(last) = config.sources.waivers.last_mut() {
                last.0 = w.display().to_string();
            }
            let shown = w.display().to_string();
            let read_shown = read.display().to_string();
            for waiver in &mut config.waivers {
                if waiver.file.as_deref() == Some(read_shown.as_str()) {
                    waiver.file = Some(shown.clone());
                }
            }
        }
    }

    let mut flags = args.trust.clone();
    flags.keys = Vec::new();
    for k in &args.trust.keys {
        if let Some(read) = src.path(k)? {
            flags.keys.push(read);
        }
    }
    flags.record_keys = Vec::new();
    for k in &args.trust.record_keys {
        if let Some(read) = src.path(k)? {
            flags.record_keys.push(read);
        }
    }
    flags.trusted_root = match &args.trust.trusted_root {
        Some(r) => src.path(r)?,
        None => None,
    };
    let trust = crate::config::resolve_trust(&config, &flags)?;
    let waiver_keys = crate::config::waiver_keys(&config)?;
    config.verify_waivers(&waiver_keys);

    let findings = src
        .changed
        .iter()
        .map(|(rel, how)| {
            decision::run_finding(
                &config,
                decision::CHANGE_GATE_CONFIG,
                "The change modifies the gate's own configuration",
                format!(
                    "{rel} is {how} by the change under review; the gate read it as it is at the base revision, and a change to its configuration, waivers, policies, data or keys must land on its own"
                ),
                "Land the change to the gate's files in a change of its own, reviewed by those who own the gate, then re-run this check.",
                FindingLocation { column: None,
                    file: Some(rel.clone()),
                    line: None,
                    pointer: None,
                },
                Some(rel.clone()),
            )
        })
        .collect();
    Ok(Gate {
        policies,
        config,
        trust,
        findings,
        changed: src.changed.into_iter().map(|(r, _)| r).collect(),
    })
}

/// Each of `paths` (relative to `dir`, as a configuration names them) resolved through `src`,
/// as absolute paths; those absent at base are left out.
fn map_all(src: &mut Source<'_>, dir: &Path, paths: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for p in paths {
        if let Some(read) = src.path(&dir.join(p))? {
            let abs = if read.is_absolute() {
                read
            } else {
                std::env::current_dir()
                    .map_err(|e| Error::io(".", e))?
                    .join(read)
            };
            out.push(abs.display().to_string());
        }
    }
    Ok(out)
}

/// Names modules and data read from `read` (a scratch copy) by the path the user gave, so that
/// reports, errors and the policy digest do not depend on where the copy was written.
fn rename(policies: &mut PolicySet, read: &Path, given: &Path) {
    if read == given {
        return;
    }
    let from = read.display().to_string();
    let to = given.display().to_string();
    let fix = |s: &mut String| {
        if let Some(rest) = s.strip_prefix(&from) {
            *s = format!("{to}{rest}");
        }
    };
    for m in &mut policies.modules {
        fix(&mut m.name);
    }
    for r in &mut policies.rules {
        fix(&mut r.file);
    }
    for d in &mut policies.data_sources {
        fix(&mut d.path);
    }
}
