//! A policy set: the Rego modules and `--data` documents to evaluate, loaded from the
//! built-in library, folders and files, with their rule metadata and digest.

use super::annotations::has_rule;
use super::eval::Evaluator;
use super::{
    package_of, parse_annotations, DataSource, Level, Module, RuleMeta, ADMISSION_PACKAGE, BUILTIN,
    BUILTIN_TESTS, DATA_KEYS, DEFAULT_TIMEOUT,
};
use crate::error::{Error, PolicyError, Result};
use regorus::utils::limits::ExecutionTimerConfig;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::num::NonZeroU32;
use std::path::Path;
use std::time::Duration;

/// Policies to evaluate, with their rule metadata and a digest over all of them.
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    pub modules: Vec<Module>,
    pub rules: Vec<RuleMeta>,
    /// JSON documents merged into `data` (parameters under `data.modelgate.params`).
    pub data: Vec<serde_json::Value>,
    /// Where each of `data` came from (the same order).
    pub data_sources: Vec<DataSource>,
}

impl PolicySet {
    /// The built-in library (and its tests when `tests` is set).
    pub fn builtin(tests: bool) -> Result<Self> {
        let mut set = PolicySet::default();
        for (name, text) in BUILTIN {
            set.add_module(name, text, false)?;
        }
        if tests {
            for (name, text) in BUILTIN_TESTS {
                set.add_module(name, text, true)?;
            }
        }
        for m in &mut set.modules {
            m.builtin = true;
        }
        Ok(set)
    }

    /// Adds every `*.rego` file under `dir` (sorted, so the digest is stable); `*_test.rego`
    /// files are added only when `tests` is set.
    pub fn add_dir(&mut self, dir: &Path, tests: bool) -> Result<()> {
        if dir.is_file() {
            return self.add_file(dir, tests);
        }
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "{}: policy directory does not exist",
                dir.display()
            )));
        }
        // A subfolder that cannot be read is an error: skipping it would drop its rules.
        let mut files: Vec<_> = crate::walk::Walk::default()
            .files(dir)?
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "rego"))
            .collect();
        files.sort();
        for f in files {
            self.add_file(&f, tests)?;
        }
        Ok(())
    }

    fn add_file(&mut self, f: &Path, tests: bool) -> Result<()> {
        let is_test = f
            .file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with("_test.rego"));
        if is_test && !tests {
            return Ok(());
        }
        let text = std::fs::read_to_string(f).map_err(|e| Error::io(f, e))?;
        self.add_module(&f.display().to_string(), &text, is_test)
    }

    /// Adds one module from text, parsing its package line and METADATA annotations.
    pub fn add_module(&mut self, name: &str, text: &str, is_test: bool) -> Result<()> {
        let package = package_of(text).ok_or_else(|| PolicyError::NoPackage {
            file: name.to_string(),
        })?;
        if !is_test {
            let rules = parse_annotations(name, text, &package)?;
            for r in &rules {
                if let Some(prev) = self.rules.iter().find(|p| p.id == r.id) {
                    return Err(PolicyError::DuplicateId {
                        id: r.id.clone(),
                        file: r.file.clone(),
                        line: r.line,
                        first: format!("{}:{}", prev.file, prev.line),
                    }
                    .into());
                }
            }
            self.rules.extend(rules);
        }
        self.modules.push(Module {
            name: name.to_string(),
            text: text.to_string(),
            package,
            is_test,
            builtin: false,
        });
        Ok(())
    }

    /// True when the built-in library is part of this set.
    pub fn has_builtin(&self) -> bool {
        self.modules.iter().any(|m| m.builtin)
    }

    /// Adds a JSON or YAML data document (e.g. `{"modelgate": {"params": {...}}}`). Under
    /// `modelgate` it may set only [`DATA_KEYS`]; data outside `modelgate` is the user's own.
    pub fn add_data_file(&mut self, path: &Path) -> Result<()> {
        let doc = crate::formats::Doc::read(path, &path.display().to_string())?;
        let is_yaml = path.extension().is_some_and(|x| x == "yaml" || x == "yml");
        let value: serde_json::Value = if is_yaml { doc.yaml()? } else { doc.json()? };
        let Some(top) = value.as_object() else {
            return Err(Error::format(
                path,
                Default::default(),
                "data must be an object",
            ));
        };
        if let Some(ours) = top.get("modelgate") {
            let Some(ours) = ours.as_object() else {
                return Err(Error::format(
                    path,
                    crate::error::Location::pointer("/modelgate"),
                    "`modelgate` must be an object holding `params` (rule parameters)",
                ));
            };
            let refused: Vec<String> = ours
                .keys()
                .filter(|k| !DATA_KEYS.contains(&k.as_str()))
                .map(|k| format!("`modelgate.{}`", crate::error::excerpt(k)))
                .collect();
            if let Some(first) = ours.keys().find(|k| !DATA_KEYS.contains(&k.as_str())) {
                return Err(Error::format(
                    path,
                    crate::error::Location::pointer(format!("/modelgate/{first}")),
                    format!(
                        "{} cannot be set by --data: under `modelgate`, data may set only `modelgate.params.*` (rule parameters) and `modelgate.vulnerabilities`; rules and their results are not data",
                        refused.join(", ")
                    ),
                ));
            }
            if ours.get("params").is_some_and(|v| !v.is_object()) {
                return Err(Error::format(
                    path,
                    crate::error::Location::pointer("/modelgate/params"),
                    "`modelgate.params` must be an object of parameters per area",
                ));
            }
        }
        crate::regime::check_moves(path, &value)?;
        let mut sets = Vec::new();
        leaves(&value, String::new(), &mut sets);
        self.data_sources.push(DataSource {
            path: path.display().to_string(),
            sha256: doc.sha256.clone(),
            sets,
        });
        self.data.push(value);
        Ok(())
    }

    /// sha256 over every module's name and text and every data document, in order.
    pub fn digest(&self) -> String {
        let mut h = Sha256::new();
        for m in &self.modules {
            h.update(m.name.as_bytes());
            h.update([0]);
            h.update(m.text.as_bytes());
            h.update([0]);
        }
        for d in &self.data {
            h.update(d.to_string().as_bytes());
            h.update([0]);
        }
        hex::encode(h.finalize())
    }

    /// (package, level) pairs whose `deny` or `warn` set some module defines, in a stable order.
    pub fn rule_packages(&self) -> Vec<(String, Level)> {
        let mut pkgs: Vec<(String, Level)> = Vec::new();
        for m in self.modules.iter().filter(|m| !m.is_test) {
            for level in [Level::Deny, Level::Warn] {
                if has_rule(&m.text, &level.to_string()) {
                    pkgs.push((m.package.clone(), level));
                }
            }
        }
        pkgs.sort();
        pkgs.dedup();
        pkgs
    }

    /// Each rule package's `default_params`, as the package itself evaluates it.
    pub fn default_params(&self) -> Result<BTreeMap<String, serde_json::Value>> {
        let mut ev = self.engine(DEFAULT_TIMEOUT)?;
        ev.set_input(&serde_json::json!({}));
        let mut out = BTreeMap::new();
        for (pkg, _) in self.rule_packages() {
            let key = format!("data.{pkg}");
            if out.contains_key(&key) {
                continue;
            }
            if let Ok(v @ serde_json::Value::Object(_)) =
                ev.eval_rule(&format!("{key}.default_params"))
            {
                out.insert(key, v);
            }
        }
        Ok(out)
    }

    /// The rules `check` evaluates: all but the admission webhook's.
    pub fn check_rules(&self) -> Vec<RuleMeta> {
        let admission = format!("data.{ADMISSION_PACKAGE}");
        self.rules
            .iter()
            .filter(|r| r.package != admission)
            .cloned()
            .collect()
    }

    /// The dates of the regimes of these rules, as `--data` moved them.
    pub fn calendar(&self) -> crate::regime::Calendar {
        crate::regime::Calendar::new(&self.rules, &self.data)
    }

    pub fn rule(&self, id: &str) -> Option<&RuleMeta> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// A compiled engine for these policies and data, evaluating every rule package but the
    /// admission webhook's.
    pub fn engine(&self, timeout: Duration) -> Result<Evaluator> {
        let mut ev = self.compile(timeout)?;
        ev.packages.retain(|(p, _)| p != ADMISSION_PACKAGE);
        Ok(ev)
    }

    /// A compiled engine that evaluates only the admission webhook's package.
    pub fn admission_engine(&self, timeout: Duration) -> Result<Evaluator> {
        let mut ev = self.compile(timeout)?;
        ev.packages.retain(|(p, _)| p == ADMISSION_PACKAGE);
        Ok(ev)
    }

    fn compile(&self, timeout: Duration) -> Result<Evaluator> {
        let mut engine = regorus::Engine::new();
        // OPA returns undefined where a builtin fails; keep policies portable between the two.
        engine.set_strict_builtin_errors(false);
        engine.set_execution_timer_config(ExecutionTimerConfig {
            limit: timeout,
            check_interval: NonZeroU32::MIN.saturating_add(255),
        });
        for m in &self.modules {
            engine
                .add_policy(m.name.clone(), m.text.clone())
                .map_err(|e| PolicyError::Compile(e.to_string()))?;
        }
        for d in &self.data {
            engine
                .add_data(regorus::Value::from(d.clone()))
                .map_err(|e| PolicyError::Data(e.to_string()))?;
        }
        Ok(Evaluator {
            engine,
            packages: self.rule_packages(),
        })
    }
}

/// The dotted paths of `v`'s leaves (objects descended; at most 1,000 listed).
fn leaves(v: &serde_json::Value, prefix: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                if out.len() >= 1_000 {
                    return;
                }
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(x, p, out);
            }
        }
        _ => out.push(prefix),
    }
}
