//! The whole pipeline for a set of bundles: locate and load in parallel, evaluate on one
//! prepared engine, decide. Nothing here touches the network.

use crate::decision::{self, BundleReport, Report, Selection};
use crate::error::{Error, Result};
use crate::input::{Context, Input};
use crate::policy::PolicySet;
use chrono::{DateTime, Utc};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Duration;

/// How a check runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The decision time; fixed by `--now` for reproducible runs.
    pub now: DateTime<Utc>,
    /// Limit of one policy evaluation.
    pub timeout: Duration,
    /// Enforcement levels and waivers.
    pub config: crate::config::Config,
    /// Keys, trusted root and identities that signatures are verified against.
    pub trust: crate::verify::evidence::Trust,
    /// Findings about the run found before it (changes to the gate's own files).
    pub run_findings: Vec<crate::decision::Finding>,
    /// Repository paths of the gate's own files that the change under review modifies.
    pub gate_changed: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            now: Utc::now(),
            timeout: crate::policy::DEFAULT_TIMEOUT,
            config: crate::config::Config::default(),
            trust: Default::default(),
            run_findings: Vec::new(),
            gate_changed: Vec::new(),
        }
    }
}

/// Loads one bundle into the input document a policy sees.
pub fn load_input(bundle: &std::path::Path, policies: &PolicySet, opts: &Options) -> Result<Input> {
    load_named(
        &bundle.display().to_string(),
        bundle,
        &crate::decision::policy_digest(policies, &opts.config),
        opts,
    )
}

fn load_named(
    name: &str,
    dir: &std::path::Path,
    policy_digest: &str,
    opts: &Options,
) -> Result<Input> {
    // The load's stages, in order: locate, read every file once, load the formats, verify the
    // signatures and provenance, assemble the input.
    let located = crate::bundle::locate(dir, &opts.config.limits)?;
    let table = crate::bundle::read_files(&located)?;
    let mut evidence = crate::bundle::load_formats(&located, &table);
    crate::bundle::verify(&located, &table, &mut evidence, &opts.trust, opts.now);
    let mut input = crate::bundle::assemble(&located, evidence)?;
    input.context = Context {
        now: crate::time::format(&opts.now),
        now_ns: opts.now.timestamp_nanos_opt().unwrap_or(i64::MAX),
        tool_version: crate::TOOL_VERSION.to_string(),
        policy_digest: policy_digest.to_string(),
        bundle: name.to_string(),
    };
    input.organisation = opts.config.organisation.clone();
    Ok(input)
}

/// Which bundles a run checks.
#[derive(Debug, Clone)]
pub enum Scope {
    /// These bundle folders, as they are on disk.
    Paths(Vec<PathBuf>),
    /// Every bundle under this folder (`check --all`).
    All(PathBuf),
    /// The bundles under `root` that changed between two revisions, read from git objects at
    /// `head`, each with its `base` version as `input.previous` (`check --base`).
    Git {
        root: PathBuf,
        base: String,
        head: String,
    },
}

/// How far a [`run`] has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The number of bundles the run evaluates, once it is known.
    Total(usize),
    /// One more bundle evaluated.
    Done,
}

/// Runs a check over `scope`. With nothing changed between the revisions the run approves with
/// no bundles; any other empty selection is an error.
pub fn run(
    scope: &Scope,
    policies: &PolicySet,
    opts: &Options,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Report> {
    match scope {
        Scope::Paths(paths) => {
            progress(Progress::Total(paths.len()));
            check(paths, policies, opts)
        }
        Scope::All(root) => {
            let found = crate::bundle::find_bundles(root)?;
            if found.is_empty() {
                return Err(Error::Usage(format!(
                    "no bundle (a folder with {}) under {}",
                    crate::git::MANIFEST,
                    root.display()
                )));
            }
            progress(Progress::Total(found.len()));
            let targets = plain_targets(&found);
            let mut report = check_targets(&targets, policies, opts, Selection::All, &|| {
                progress(Progress::Done)
            })?;
            report.git = crate::git::describe(&found);
            Ok(report)
        }
        Scope::Git { root, base, head } => {
            let changes = crate::git::changes(root, base, head)?;
            let scratch = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
            let mut targets = Vec::with_capacity(changes.bundles.len());
            for b in &changes.bundles {
                let dir = changes.materialize(changes.head, b, &scratch.path().join("head"))?;
                let previous = if changes.existed.contains(b) {
                    Some(changes.materialize(changes.base, b, &scratch.path().join("base"))?)
                } else {
                    None
                };
                targets.push(Target {
                    name: if b.is_empty() { ".".into() } else { b.clone() },
                    dir,
                    previous,
                });
            }
            progress(Progress::Total(targets.len()));
            let mut run_opts = opts.clone();
            for b in &changes.unmanifested {
                run_opts.run_findings.push(crate::decision::run_finding(
                    &opts.config,
                    crate::decision::CHANGE_MANIFEST_REMOVED,
                    "A bundle's manifest was removed or moved",
                    format!(
                        "{} held a bundle at the base revision; the change removes its {} while files of it remain: they are judged as found by convention",
                        if b.is_empty() { "." } else { b },
                        crate::bundle::MANIFEST
                    ),
                    "Restore the manifest, or remove the whole bundle folder if the release is withdrawn.",
                    crate::decision::FindingLocation { column: None,
                        file: Some(format!("{}{}", if b.is_empty() { String::new() } else { format!("{b}/") }, crate::bundle::MANIFEST)),
                        line: None,
                        pointer: None,
                    },
                    Some(b.clone()),
                ));
            }
            for b in &changes.removed {
                run_opts.run_findings.push(crate::decision::run_finding(
                    &opts.config,
                    crate::decision::CHANGE_BUNDLE_REMOVED,
                    "A bundle was removed",
                    format!("{b} held a bundle at the base revision and is gone, with all its files"),
                    "Nothing to do if the release is withdrawn; its decision records stay valid until they expire, so revoke them where it matters.",
                    crate::decision::FindingLocation { column: None,
                        file: Some(b.clone()),
                        line: None,
                        pointer: None,
                    },
                    Some(b.clone()),
                ));
            }
            // Only the changed bundles are judged: with none, the run approves unless a finding
            // about the run itself (a changed configuration, a removed manifest) blocks.
            let mut report =
                check_targets(&targets, policies, &run_opts, Selection::Changed, &|| {
                    progress(Progress::Done)
                })?;
            let mut info = changes.info();
            for p in &opts.gate_changed {
                if !info.changed.contains(p) {
                    info.changed.push(p.clone());
                }
            }
            info.changed.sort();
            info.removed = changes.removed.clone();
            report.git = Some(info);
            Ok(report)
        }
    }
}

fn plain_targets(paths: &[PathBuf]) -> Vec<Target> {
    paths
        .iter()
        .map(|b| Target {
            name: b.display().to_string(),
            dir: b.clone(),
            previous: None,
        })
        .collect()
}

/// One bundle to check.
#[derive(Debug, Clone)]
pub struct Target {
    /// How reports name it: the path as given, or the repository-relative folder.
    pub name: String,
    /// Where its files are (a copy written from git objects with `--base`).
    pub dir: PathBuf,
    /// The same bundle at the base revision, when it existed there.
    pub previous: Option<PathBuf>,
}

impl Target {
    fn load(&self, policy_digest: &str, opts: &Options) -> Result<Input> {
        let mut input = load_named(&self.name, &self.dir, policy_digest, opts)?;
        if let Some(prev) = &self.previous {
            // A base version that does not load was never approved: the change rules then see
            // a new bundle, and every other rule still judges the head version in full.
            input.previous = load_named(&self.name, prev, policy_digest, opts)
                .ok()
                .map(Box::new);
        }
        Ok(input)
    }
}

/// Checks every bundle. A policy set that does not compile is an error for the whole run; a
/// bundle that cannot be loaded or evaluated is an `error` verdict in the report (exit 2).
///
/// ```no_run
/// use modelgate::{pipeline, policy::PolicySet};
/// let policies = PolicySet::builtin(false)?;
/// let report = pipeline::check(&["examples/approved".into()], &policies, &pipeline::Options::default())?;
/// println!("{}", report.verdict);
/// # Ok::<(), modelgate::Error>(())
/// ```
pub fn check(bundles: &[PathBuf], policies: &PolicySet, opts: &Options) -> Result<Report> {
    let targets = plain_targets(bundles);
    let mut report = check_targets(&targets, policies, opts, Selection::All, &|| {})?;
    report.git = crate::git::describe(bundles);
    Ok(report)
}

/// Checks `targets`: each is loaded and evaluated in parallel (an engine per worker), then the
/// decisions are made in order. `selection` says whether they are every bundle asked for or
/// only the changed ones. `progress` is called once per bundle evaluated.
pub fn check_targets(
    targets: &[Target],
    policies: &PolicySet,
    opts: &Options,
    selection: Selection,
    progress: &(dyn Fn() + Sync),
) -> Result<Report> {
    let engine = policies.engine(opts.timeout)?;
    // Hashing every policy module is done once per run, not once per bundle.
    let digest = crate::decision::policy_digest(policies, &opts.config);
    let today = opts.now.date_naive();
    let mut used = vec![0usize; opts.config.waivers.len()];
    let evaluated: Vec<Result<(Input, Vec<crate::policy::RawFinding>)>> = targets
        .par_iter()
        .map_init(
            || engine.clone(),
            |engine, t| {
                let r = t.load(&digest, opts).and_then(|input| {
                    // Built once in the engine's form; the engine drops it after evaluating.
                    let raw = engine.evaluate_value(crate::policy::to_rego(&input)?)?;
                    Ok((input, raw))
                });
                progress();
                r
            },
        )
        .collect();
    let mut reports: Vec<BundleReport> = Vec::with_capacity(targets.len());
    for (t, r) in targets.iter().zip(evaluated) {
        reports.push(match r {
            Err(e) if t.dir != std::path::Path::new(&t.name) => {
                // A bundle written from git objects is named as in the repository, not by the
                // scratch folder it was read from.
                decision::errored(&t.name, &e.rebased(&t.dir, &t.name))
            }
            Err(e) => decision::errored(&t.name, &e),
            Ok((input, raw)) => decision::decide(
                &t.name,
                &input,
                raw,
                policies,
                &opts.config,
                today,
                &mut used,
            ),
        });
    }
    let mut findings = opts.run_findings.clone();
    findings.extend(decision::waiver_findings(
        &opts.config,
        today,
        &used,
        selection,
    ));
    Ok(Report::new(
        crate::time::format(&opts.now),
        policies,
        &opts.config,
        reports,
        findings,
        selection,
    ))
}
