//! The walk over the reviewed object: the readable path of the field at hand, typed access that
//! fails with that path, and what every pod spec, container and metadata names.

use super::summary::{ContainerInfo, DecodeError, Image, InvalidModel, Model, Reference, Summary};
use super::uri::{image_digest, normalize_digest, oci_digest, uri_facts, DIGEST_OCI};
use super::{KSERVE_SOURCE_URI_ANNOTATIONS, MODEL_DIGEST_ANNOTATION};
use serde_json::{Map, Value};
use std::fmt::Write as _;

pub(super) type Obj = Map<String, Value>;

/// How a reference's value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Parse {
    /// A URI, or anything else (scheme "").
    Uri,
    /// An OCI image reference (`registry/repo[:tag][@sha256:…]`).
    Image,
    /// Not a location itself (a `valueFrom` source).
    Opaque,
    /// A KServe storage spec (`storage:<key>/<path>`).
    Storage,
}

pub(super) const ROLE_CONTAINER: &str = "container";
pub(super) const ROLE_INIT: &str = "init";

pub(super) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn is_storage_initializer(container: &str) -> bool {
    container == "storage-initializer" || container.ends_with("-model-initializer")
}

fn is_modelcar(container: &str) -> bool {
    container == "modelcar" || container.starts_with("modelcar-")
}

/// A container list of objects: what a pod spec of a kind the webhook does not know looks like.
fn looks_like_pod_spec(o: &Obj) -> bool {
    match o.get("containers") {
        Some(Value::Array(a)) => !a.is_empty() && a.iter().all(Value::is_object),
        _ => false,
    }
}

/// The walk over one object: the readable path of the field at hand (pushed and truncated as
/// the walk goes, so a path is built once per reference, not per field), and what was found.
/// Everything is borrowed from the request until it goes into the summary.
#[derive(Default)]
pub(super) struct Cx<'v> {
    pub(super) path: String,
    pub(super) metas: Vec<(String, &'v Obj)>,
    pub(super) references: Vec<Reference>,
    pub(super) containers: Vec<ContainerInfo>,
    pub(super) images: Vec<Image>,
    pub(super) models: Vec<Model>,
    pub(super) invalid: Vec<InvalidModel>,
    pub(super) service_account: Option<String>,
    pub(super) runs: bool,
}

impl<'v> Cx<'v> {
    pub(super) fn key(&mut self, key: &str) -> usize {
        let n = self.path.len();
        if n > 0 {
            self.path.push('.');
        }
        self.path.push_str(key);
        n
    }

    pub(super) fn item(&mut self, name: &str, i: usize) -> usize {
        let n = self.path.len();
        if name.is_empty() {
            let _ = write!(self.path, "[{i}]");
        } else {
            self.path.push('[');
            self.path.push_str(name);
            self.path.push(']');
        }
        n
    }

    pub(super) fn back(&mut self, n: usize) {
        self.path.truncate(n);
    }

    pub(super) fn at(&self, key: &str) -> String {
        match (self.path.is_empty(), key.is_empty() || key.starts_with('[')) {
            (true, _) => key.to_string(),
            (false, true) => format!("{}{key}", self.path),
            (false, false) => format!("{}.{key}", self.path),
        }
    }

    pub(super) fn wrong(&self, key: &str, expected: &str, found: &Value) -> DecodeError {
        format!(
            "object.{}: expected {expected}, found {}",
            self.at(key),
            type_name(found)
        )
    }

    pub(super) fn string(&self, o: &'v Obj, key: &str) -> Result<Option<&'v str>, DecodeError> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(v) => Err(self.wrong(key, "a string", v)),
        }
    }

    pub(super) fn object(&self, o: &'v Obj, key: &str) -> Result<Option<&'v Obj>, DecodeError> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m)),
            Some(v) => Err(self.wrong(key, "an object", v)),
        }
    }

    pub(super) fn list(&self, o: &'v Obj, key: &str) -> Result<&'v [Value], DecodeError> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(a)) => Ok(a.as_slice()),
            Some(v) => Err(self.wrong(key, "a list", v)),
        }
    }

    fn strings(&self, o: &'v Obj, key: &str) -> Result<Vec<&'v str>, DecodeError> {
        self.list(o, key)?
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str()
                    .ok_or_else(|| self.wrong(&format!("{key}[{i}]"), "a string", v))
            })
            .collect()
    }

    /// Enters item `i` of a list of objects: the path gets `[name]` (`[i]` without a name);
    /// returns the object, its name and the mark to go back to.
    pub(super) fn enter(
        &mut self,
        v: &'v Value,
        i: usize,
        name_key: &str,
    ) -> Result<(&'v Obj, &'v str, usize), DecodeError> {
        let mark = self.item("", i);
        let o = v
            .as_object()
            .ok_or_else(|| self.wrong("", "an object", v))?;
        let name = if name_key.is_empty() {
            ""
        } else {
            self.string(o, name_key)?.unwrap_or("")
        };
        self.back(mark);
        self.item(name, i);
        Ok((o, name, mark))
    }

    pub(super) fn push_model(&mut self, model: Model) {
        if !self.models.iter().any(|m| m.digest == model.digest) {
            self.models.push(model);
        }
    }

    /// A reference at the current path.
    pub(super) fn reference(
        &mut self,
        via: &str,
        container: Option<&str>,
        name: Option<&str>,
        value: &str,
        parse: Parse,
    ) {
        let source = self.path.clone();
        let (scheme, carried) = match parse {
            Parse::Uri => uri_facts(value),
            Parse::Image => (
                String::new(),
                oci_digest(value).map(|r| r.map(|d| (d, DIGEST_OCI))),
            ),
            Parse::Opaque => (String::new(), None),
            Parse::Storage => ("storage".to_string(), None),
        };
        let (digest, digest_kind) = match carried {
            Some(Ok((d, kind))) => {
                self.push_model(Model {
                    digest: d.clone(),
                    source: source.clone(),
                    reference: Some(value.to_string()),
                });
                (Some(d), Some(kind.to_string()))
            }
            Some(Err(text)) => {
                self.invalid.push(InvalidModel {
                    source: source.clone(),
                    value: text,
                });
                (None, None)
            }
            None => (None, None),
        };
        self.references.push(Reference {
            source,
            via: via.to_string(),
            container: container.filter(|c| !c.is_empty()).map(str::to_string),
            name: name.filter(|n| !n.is_empty()).map(str::to_string),
            reference: value.to_string(),
            scheme,
            digest,
            digest_kind,
        });
    }

    /// A reference at `key` below the current path, when `o` has that string.
    pub(super) fn reference_at(
        &mut self,
        o: &'v Obj,
        key: &str,
        via: &str,
    ) -> Result<(), DecodeError> {
        if let Some(value) = self.string(o, key)? {
            let n = self.key(key);
            self.reference(via, None, None, value, Parse::Uri);
            self.back(n);
        }
        Ok(())
    }

    /// One metadata: the object's own (`first`) names it; every one adds labels, annotations,
    /// annotated digests and KServe source-URI annotations.
    pub(super) fn meta(
        &mut self,
        m: &'v Obj,
        first: bool,
        s: &mut Summary,
    ) -> Result<(), DecodeError> {
        if first {
            let name = match self.string(m, "name")? {
                Some(n) => Some(n),
                None => self.string(m, "generateName")?,
            };
            s.name = name.unwrap_or_default().to_string();
            s.namespace = self.string(m, "namespace")?.unwrap_or_default().to_string();
        }
        if let Some(labels) = self.object(m, "labels")? {
            for (k, v) in labels {
                let v = v
                    .as_str()
                    .ok_or_else(|| self.wrong(&format!("labels.{k}"), "a string", v))?;
                s.labels.entry(k.clone()).or_insert_with(|| v.to_string());
            }
        }
        let Some(annotations) = self.object(m, "annotations")? else {
            return Ok(());
        };
        for (k, v) in annotations {
            let v = v
                .as_str()
                .ok_or_else(|| self.wrong(&format!("annotations.{k}"), "a string", v))?;
            s.annotations
                .entry(k.clone())
                .or_insert_with(|| v.to_string());
            if k == MODEL_DIGEST_ANNOTATION {
                for part in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    match normalize_digest(part) {
                        Some(digest) => self.push_model(Model {
                            digest,
                            source: "annotation".into(),
                            reference: None,
                        }),
                        None => self.invalid.push(InvalidModel {
                            source: format!("annotation {MODEL_DIGEST_ANNOTATION}"),
                            value: part.to_string(),
                        }),
                    }
                }
            } else if KSERVE_SOURCE_URI_ANNOTATIONS.contains(&k.as_str()) {
                let n = self.key("annotations");
                self.item(k, 0);
                self.reference("annotation", None, None, v, Parse::Uri);
                self.back(n);
            }
        }
        Ok(())
    }

    /// `parent[key]` as a pod template: its metadata and its pod spec.
    pub(super) fn pod_template(&mut self, parent: &'v Obj, key: &str) -> Result<(), DecodeError> {
        let Some(t) = self.object(parent, key)? else {
            return Ok(());
        };
        let n = self.key(key);
        if let Some(m) = self.object(t, "metadata")? {
            self.metas.push((self.at("metadata"), m));
        }
        self.pod_specs_at(t, &["spec"])?;
        self.back(n);
        Ok(())
    }

    pub(super) fn pod_specs_at(&mut self, o: &'v Obj, keys: &[&str]) -> Result<(), DecodeError> {
        for key in keys {
            if let Some(spec) = self.object(o, key)? {
                let n = self.key(key);
                self.pod_spec(spec)?;
                self.back(n);
            }
        }
        Ok(())
    }

    pub(super) fn pod_spec(&mut self, spec: &'v Obj) -> Result<(), DecodeError> {
        self.runs = true;
        let account = match self.string(spec, "serviceAccountName")? {
            Some(a) if !a.is_empty() => Some(a),
            _ => self.string(spec, "serviceAccount")?,
        };
        if self.service_account.is_none() {
            self.service_account = account.filter(|a| !a.is_empty()).map(str::to_string);
        }
        for (key, role) in [
            ("containers", ROLE_CONTAINER),
            ("initContainers", ROLE_INIT),
            ("ephemeralContainers", "ephemeral"),
        ] {
            let list = self.list(spec, key)?;
            let n = self.key(key);
            for (i, v) in list.iter().enumerate() {
                let (c, name, m) = self.enter(v, i, "name")?;
                self.container(c, role, name, true)?;
                self.back(m);
            }
            self.back(n);
        }
        let volumes = self.list(spec, "volumes")?;
        let n = self.key("volumes");
        for (i, v) in volumes.iter().enumerate() {
            let (volume, _, m) = self.enter(v, i, "name")?;
            // Kubernetes image volumes: the kubelet mounts that image's content.
            if let Some(image) = self.object(volume, "image")? {
                let k = self.key("image");
                if let Some(r) = self.string(image, "reference")? {
                    let j = self.key("reference");
                    self.reference("image-volume", None, None, r, Parse::Image);
                    self.back(j);
                }
                self.back(k);
            }
            self.back(m);
        }
        self.back(n);
        Ok(())
    }

    /// One container at the current path. `always`: listed even without an image (a pod spec's
    /// containers are; a KServe model spec, which configures a container, is only with one).
    pub(super) fn container(
        &mut self,
        c: &'v Obj,
        role: &str,
        name: &str,
        always: bool,
    ) -> Result<(), DecodeError> {
        let image = self.string(c, "image")?.unwrap_or("");
        let command = self.strings(c, "command")?;
        let args = self.strings(c, "args")?;
        self.env(c, Some(name))?;
        self.env_from(c, name)?;
        if role == ROLE_INIT && is_storage_initializer(name) {
            // KServe's and Seldon's initializers take (source, destination) pairs, and download
            // every source, URI or not. A destination holding a URI is still found below.
            let n = self.key("args");
            for (i, a) in args.iter().enumerate().step_by(2) {
                let m = self.item("", i);
                self.reference("storage-initializer", Some(name), None, a, Parse::Uri);
                self.back(m);
            }
            self.back(n);
            self.args("args", &args, name, true);
        } else {
            self.args("args", &args, name, false);
        }
        self.args("command", &command, name, false);
        // Lifecycle hooks run commands in the container as well.
        if let Some(lifecycle) = self.object(c, "lifecycle")? {
            let n = self.key("lifecycle");
            for hook in ["postStart", "preStop"] {
                let Some(h) = self.object(lifecycle, hook)? else {
                    continue;
                };
                let k = self.key(hook);
                if let Some(exec) = self.object(h, "exec")? {
                    let j = self.key("exec");
                    let hook_command = self.strings(exec, "command")?;
                    self.args("command", &hook_command, name, false);
                    self.back(j);
                }
                self.back(k);
            }
            self.back(n);
        }
        if !image.is_empty() && is_modelcar(name) {
            let n = self.key("image");
            self.reference("modelcar", Some(name), None, image, Parse::Image);
            self.back(n);
        }
        if !always && image.is_empty() {
            return Ok(());
        }
        let digest = image_digest(image);
        if !image.is_empty() {
            self.images.push(Image {
                container: name.to_string(),
                reference: image.to_string(),
                digest: digest.clone(),
                pinned: digest.is_some(),
            });
        }
        self.containers.push(ContainerInfo {
            name: name.to_string(),
            role: role.to_string(),
            image: image.to_string(),
            digest,
            command: command.into_iter().map(str::to_string).collect(),
            args: args.into_iter().map(str::to_string).collect(),
        });
        Ok(())
    }

    /// `o.env`: every var a reference, for the policy to filter by name.
    pub(super) fn env(&mut self, o: &'v Obj, container: Option<&str>) -> Result<(), DecodeError> {
        let env = self.list(o, "env")?;
        let n = self.key("env");
        for (i, v) in env.iter().enumerate() {
            let (var, name, m) = self.enter(v, i, "name")?;
            if let Some(value) = self.string(var, "value")? {
                self.reference("env", container, Some(name), value, Parse::Uri);
            }
            if let Some(from) = self.object(var, "valueFrom")? {
                let k = self.key("valueFrom");
                let mut sources = Vec::new();
                for (kind, selector) in from {
                    if selector.is_null() {
                        continue;
                    }
                    let sel = selector
                        .as_object()
                        .ok_or_else(|| self.wrong(kind, "an object", selector))?;
                    let j = self.key(kind);
                    let field = |cx: &Self, key: &str| -> Result<&'v str, DecodeError> {
                        Ok(cx.string(sel, key)?.unwrap_or(""))
                    };
                    let text = match kind.as_str() {
                        "configMapKeyRef" | "secretKeyRef" => {
                            format!("{}/{}", field(self, "name")?, field(self, "key")?)
                        }
                        "fieldRef" => field(self, "fieldPath")?.to_string(),
                        "resourceFieldRef" => format!(
                            "{}/{}",
                            field(self, "containerName")?,
                            field(self, "resource")?
                        ),
                        "fileKeyRef" => format!(
                            "{}/{}:{}",
                            field(self, "volumeName")?,
                            field(self, "path")?,
                            field(self, "key")?
                        ),
                        _ => String::new(),
                    };
                    self.back(j);
                    sources.push(format!("valueFrom:{kind}:{text}"));
                }
                self.back(k);
                for text in sources {
                    self.reference("env", container, Some(name), &text, Parse::Opaque);
                }
            }
            self.back(m);
        }
        self.back(n);
        Ok(())
    }

    /// `o.envFrom`: whole ConfigMaps and Secrets as env vars, whose names the webhook cannot
    /// see; each a reference `envFrom:<configMapRef|secretRef>:<name>` (name: the prefix).
    fn env_from(&mut self, o: &'v Obj, container: &str) -> Result<(), DecodeError> {
        let list = self.list(o, "envFrom")?;
        let n = self.key("envFrom");
        for (i, v) in list.iter().enumerate() {
            let (source, _, m) = self.enter(v, i, "")?;
            let prefix = self.string(source, "prefix")?;
            for kind in ["configMapRef", "secretRef"] {
                if let Some(r) = self.object(source, kind)? {
                    let k = self.key(kind);
                    let name = self.string(r, "name")?.unwrap_or("");
                    self.back(k);
                    let text = format!("envFrom:{kind}:{name}");
                    self.reference("env-from", Some(container), prefix, &text, Parse::Opaque);
                }
            }
            self.back(m);
        }
        self.back(n);
        Ok(())
    }

    /// The elements of `args` or `command` that hold a URI. `odd_only`: a storage initializer's
    /// destinations (its sources are references already).
    fn args(&mut self, key: &str, list: &[&'v str], container: &str, odd_only: bool) {
        let n = self.key(key);
        for (i, a) in list.iter().enumerate() {
            if (odd_only && i % 2 == 0) || !a.contains("://") {
                continue;
            }
            // `--model URI`: the flag is the element before.
            let flag = i
                .checked_sub(1)
                .and_then(|j| list.get(j))
                .copied()
                .filter(|p| p.starts_with('-') && !p.contains('='));
            let m = self.item("", i);
            let tokens = a
                .split(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | ';' | '`'))
                .filter(|t| t.contains("://"));
            for token in tokens {
                let (name, value) = split_flag(token);
                let name = name.or(if token.len() == a.len() { flag } else { None });
                self.reference("arg", Some(container), name, value, Parse::Uri);
            }
            self.back(m);
        }
        self.back(n);
    }

    /// A kind the webhook does not know: every pod spec it holds (an object with a list of
    /// container objects), anywhere but in metadata and status.
    pub(super) fn visit(&mut self, v: &'v Value) -> Result<(), DecodeError> {
        match v {
            Value::Object(o) if looks_like_pod_spec(o) => self.pod_spec(o),
            Value::Object(o) => {
                if let (false, Some(Value::Object(meta)), Some(Value::Object(spec))) =
                    (self.path.is_empty(), o.get("metadata"), o.get("spec"))
                {
                    if looks_like_pod_spec(spec) {
                        self.metas.push((self.at("metadata"), meta));
                    }
                }
                for (key, x) in o {
                    if key == "metadata" || key == "status" {
                        continue;
                    }
                    let n = self.key(key);
                    self.visit(x)?;
                    self.back(n);
                }
                Ok(())
            }
            Value::Array(items) => {
                for (i, x) in items.iter().enumerate() {
                    let n = self.item("", i);
                    self.visit(x)?;
                    self.back(n);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

/// `--flag=URI` or `NAME=URI` (an `=` before the `://`): the name and the URI.
fn split_flag(token: &str) -> (Option<&str>, &str) {
    match (token.find('='), token.find("://")) {
        (Some(eq), Some(sep)) if eq < sep => (Some(&token[..eq]), &token[eq + 1..]),
        _ => (None, token),
    }
}
