//! What the policy sees of the reviewed object (`input.request`), and [`summarize`], which
//! walks the object to build it.

use super::envelope::AdmissionRequest;
use super::walk::{type_name, Cx};
use super::workloads::Workload;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One container image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Image {
    pub container: String,
    #[serde(rename = "ref")]
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    pub pinned: bool,
}

/// A model artifact named by digest, whose decision records are looked up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Model {
    /// `sha256:<64 lowercase hex>`.
    pub digest: String,
    /// `annotation`, or the `source` of the reference that carries the digest.
    pub source: String,
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// A model digest that is not `sha256:<64 hex>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvalidModel {
    pub source: String,
    pub value: String,
}

/// One place where the workload names a model, or may (env vars, args and parameters are
/// candidates the policy filters by its parameters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// Where in the object, as a readable path: `spec.predictor.model.storageUri`,
    /// `spec.template.spec.containers[serve].env[MODEL_URI]`,
    /// `spec.volumes[weights].image.reference` (list items by name, by index without one).
    pub source: String,
    /// What kind of place; see [`summarize`] for every value.
    pub via: String,
    /// The container that reads it (env, arg, storage-initializer, modelcar).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// The env var name for via `env`, the flag for via `arg` (`--model` of `--model=URI` or of
    /// `--model URI`), the parameter name for via `parameter`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The value as written.
    #[serde(rename = "ref")]
    pub reference: String,
    /// URI scheme in lower case (`s3`, `gs`, `oci`, `hf`, `pvc`, `https`, ...); `storage` for a
    /// KServe storage spec; "" when the value is not a URI (a path, an HF model id, an image
    /// reference, a `valueFrom:` source, a plain word).
    pub scheme: String,
    /// A sha256 the reference carries, `sha256:<64 lowercase hex>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// `oci`: the `@sha256:` digest of an OCI reference (`oci://` or `oci+native://` URI, image
    /// volume, modelcar image), which the registry and runtime enforce; `claim`: a `sha256=`
    /// query parameter or fragment, or the digest of another `oci+<mode>://` URI, which nothing
    /// the webhook knows of enforces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest_kind: Option<String>,
}

/// One container of a pod spec the object holds, with what a runtime verifier needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContainerInfo {
    pub name: String,
    /// `container`, `init` or `ephemeral`.
    pub role: String,
    #[serde(rename = "ref")]
    pub image: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    pub command: Vec<String>,
    pub args: Vec<String>,
}

/// What the policy sees of the reviewed object (`input.request`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub uid: String,
    pub operation: String,
    pub kind: String,
    pub group: String,
    pub version: String,
    pub namespace: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    pub dry_run: bool,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub images: Vec<Image>,
    pub models: Vec<Model>,
    pub invalid_models: Vec<InvalidModel>,
    /// Every place the workload names a model (or may), in a fixed order: metadata first, then
    /// the object's fields (object keys in sorted order, list items in list order).
    pub references: Vec<Reference>,
    /// Every container of every pod spec the object holds.
    pub containers: Vec<ContainerInfo>,
    /// The first pod spec's `serviceAccountName` (or deprecated `serviceAccount`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_account: Option<String>,
    /// The object holds a pod spec or container, or is a model-serving kind.
    pub runs_containers: bool,
}

/// Why an object could not be read.
pub type DecodeError = String;

/// Summarizes the object of `req` for the policy: its metadata, every container of every pod
/// spec it holds, and every model reference. `None` for DELETE and CONNECT (they start
/// nothing) and for kinds that hold no pod spec; an error for other operations, for a CREATE
/// or UPDATE without an object, and for a field of the wrong type where a reference could hide.
///
/// References (`via`, then the source path, `…` standing for the enclosing path):
/// - `env`: every container env var, `….containers[C].env[NAME]`; a `valueFrom` one as
///   `valueFrom:<kind>:<name>/<key>` (`configMapKeyRef`, `secretKeyRef`),
///   `valueFrom:fieldRef:<path>`, `valueFrom:resourceFieldRef:<container>/<resource>`,
///   `valueFrom:fileKeyRef:<volume>/<path>:<key>`.
/// - `env-from`: every `envFrom` source, `….containers[C].envFrom[I]`, value
///   `envFrom:configMapRef:<name>` or `envFrom:secretRef:<name>` (`name`: its prefix).
/// - `arg`: every `args`/`command` element holding `://`, `….containers[C].args[I]`: the element,
///   or the part after the first `=` of `--flag=URI`; a shell string is split at blanks and quotes.
///   Also lifecycle hooks, `….containers[C].lifecycle.postStart.exec.command[I]`.
/// - `storage-initializer`: the source arguments (even positions) of an init container named
///   `storage-initializer` (KServe) or `*-model-initializer` (Seldon), URIs or not.
/// - `modelcar`: the image of a container named `modelcar` or `modelcar-*` (KServe's injected
///   model sidecar), `….containers[C].image`.
/// - `image-volume`: `….volumes[V].image.reference`.
/// - `annotation`: KServe's `internal.serving.kserve.io/storage-initializer-sourceuri` and
///   `…/localmodel-sourceuri`, `metadata.annotations[KEY]` (or a pod template's).
/// - KServe InferenceService, every object-valued key of `spec` (and each item of `canary`, and
///   `default`/`canary` endpoints): `storageUri` (`spec.predictor.model.storageUri`; an
///   `oci://` one is a modelcar), `storageUris` (`spec.predictor.storageUris[I].uri`),
///   `storage` (`spec.predictor.pytorch.storage`, value `storage:<key>/<path>`), in the
///   component and in its model specs (`model`, framework keys, any object with a storage field
///   except `logger`); the model spec's own env/args as container `kserve-container`.
/// - `trained-model` (`spec.model.storageUri`), `local-model-cache` (`spec.sourceModelUri`),
///   `llm-model` (`spec.model.uri`), `lora-adapter` (`spec.model.lora.adapters[N].uri`).
/// - Seldon: `seldon-model` (v2 `spec.storageUri`), `seldon-graph`
///   (`spec.predictors[P].graph[.children[N]…].modelUri`), `seldon-explainer`
///   (`spec.predictors[P].explainer.modelUri`), `parameter` (`….parameters[NAME]`).
pub fn summarize(req: &AdmissionRequest) -> Result<Option<Summary>, DecodeError> {
    match req.operation.as_str() {
        "CREATE" | "UPDATE" => {}
        "DELETE" | "CONNECT" => return Ok(None),
        other => {
            return Err(format!(
                "operation {other:?} is none of CREATE, UPDATE, DELETE, CONNECT"
            ))
        }
    }
    let object = match req.object.as_ref() {
        None | Some(Value::Null) => {
            return Err(format!(
                "object: a {} request must carry the object",
                req.operation
            ))
        }
        Some(v) => v,
    };
    let Some(root) = object.as_object() else {
        return Err(format!(
            "object: expected an object, found {}",
            type_name(object)
        ));
    };
    let mut cx = Cx::default();
    match Workload::of(&req.kind) {
        Some(w) => {
            cx.runs = true;
            cx.workload(w, root)?;
        }
        None => {
            cx.visit(object)?;
            if !cx.runs {
                return Ok(None);
            }
        }
    }
    cx.path.clear();
    let mut metas = std::mem::take(&mut cx.metas);
    if let Some(m) = cx.object(root, "metadata")? {
        metas.insert(0, ("metadata".to_string(), m));
    }
    // Metadata first: the annotation's digests lead `models`, its references lead `references`.
    let walked = std::mem::take(&mut cx.references);
    let walked_models = std::mem::take(&mut cx.models);
    let mut s = Summary {
        uid: req.uid.clone(),
        operation: req.operation.clone(),
        kind: req.kind.kind.clone(),
        group: req.kind.group.clone(),
        version: req.kind.version.clone(),
        dry_run: req.dry_run.unwrap_or(false),
        ..Default::default()
    };
    for (i, (path, meta)) in metas.iter().enumerate() {
        cx.path.clear();
        cx.path.push_str(path);
        cx.meta(meta, i == 0, &mut s)?;
    }
    for m in walked_models {
        cx.push_model(m);
    }
    cx.references.extend(walked);
    // The request's name and namespace win; a generateName request may have an empty name.
    if let Some(n) = req.name.as_ref().filter(|n| !n.is_empty()) {
        s.name = n.clone();
    }
    if let Some(n) = req.namespace.as_ref().filter(|n| !n.is_empty()) {
        s.namespace = n.clone();
    }
    s.images = cx.images;
    s.models = cx.models;
    s.invalid_models = cx.invalid;
    s.references = cx.references;
    s.containers = cx.containers;
    s.service_account = cx.service_account;
    s.runs_containers = cx.runs;
    Ok(Some(s))
}
