//! AdmissionReview `admission.k8s.io/v1` as the API server sends and expects it, and what the
//! webhook reads from the reviewed object: container images and model digests.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

pub const API_VERSION: &str = "admission.k8s.io/v1";
pub const KIND: &str = "AdmissionReview";
/// Annotation naming the model artifacts a workload runs: `sha256:<hex>`, comma-separated.
pub const MODEL_DIGEST_ANNOTATION: &str = "modelgate.dev/model-digest";
/// Label by which any workload opts in to requiring a model digest.
pub const REQUIRE_MODEL_LABEL: &str = "modelgate.dev/require-model";

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

/// A model artifact named by digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Model {
    /// `sha256:<64 lowercase hex>`.
    pub digest: String,
    /// `annotation` or `storageUri`.
    pub source: String,
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// A model reference without a digest (a `storageUri` without one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnpinnedModel {
    pub source: String,
    #[serde(rename = "ref")]
    pub reference: String,
}

/// A model digest that is not `sha256:<64 hex>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvalidModel {
    pub source: String,
    pub value: String,
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
    pub model_required: bool,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub images: Vec<Image>,
    pub models: Vec<Model>,
    pub unpinned_models: Vec<UnpinnedModel>,
    pub invalid_models: Vec<InvalidModel>,
}

/// The kinds the webhook checks, by where their pod spec is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    Pod,
    /// Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs: `spec.template`.
    Template,
    /// `spec.jobTemplate.spec.template`.
    CronJob,
    /// KServe `serving.kserve.io` InferenceService.
    InferenceService,
}

impl Workload {
    pub fn of(gvk: &GroupVersionKind) -> Option<Workload> {
        match (gvk.group.as_str(), gvk.kind.as_str()) {
            ("", "Pod") => Some(Workload::Pod),
            ("apps", "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet")
            | ("batch", "Job") => Some(Workload::Template),
            ("batch", "CronJob") => Some(Workload::CronJob),
            ("serving.kserve.io", "InferenceService") => Some(Workload::InferenceService),
            _ => None,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct Meta {
    #[serde(default)]
    name: Option<String>,
    #[serde(default, rename = "generateName")]
    generate_name: Option<String>,
    #[serde(default)]
    namespace: Option<String>,
    #[serde(default)]
    labels: Option<BTreeMap<String, String>>,
    #[serde(default)]
    annotations: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PodSpec {
    #[serde(default)]
    containers: Vec<Container>,
    #[serde(default)]
    init_containers: Option<Vec<Container>>,
    #[serde(default)]
    ephemeral_containers: Option<Vec<Container>>,
}

#[derive(Debug, Default, Deserialize)]
struct Container {
    #[serde(default)]
    name: String,
    #[serde(default)]
    image: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct PodTemplate {
    #[serde(default)]
    metadata: Option<Meta>,
    #[serde(default)]
    spec: Option<PodSpec>,
}

#[derive(Debug, Deserialize)]
struct PodObject {
    #[serde(default)]
    metadata: Option<Meta>,
    #[serde(default)]
    spec: Option<PodSpec>,
}

#[derive(Debug, Deserialize)]
struct TemplateObject {
    #[serde(default)]
    metadata: Option<Meta>,
    #[serde(default)]
    spec: Option<TemplateSpec>,
}

#[derive(Debug, Default, Deserialize)]
struct TemplateSpec {
    #[serde(default)]
    template: Option<PodTemplate>,
}

#[derive(Debug, Deserialize)]
struct CronJobObject {
    #[serde(default)]
    metadata: Option<Meta>,
    #[serde(default)]
    spec: Option<CronJobSpec>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CronJobSpec {
    #[serde(default)]
    job_template: Option<JobTemplate>,
}

#[derive(Debug, Default, Deserialize)]
struct JobTemplate {
    #[serde(default)]
    metadata: Option<Meta>,
    #[serde(default)]
    spec: Option<TemplateSpec>,
}

/// A KServe component (predictor, transformer, explainer): a pod spec inline, plus model specs
/// under `model` or a framework key (`sklearn`, `pytorch`, ...) each with a `storageUri`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct KServeComponent {
    #[serde(default)]
    containers: Vec<Container>,
    #[serde(default)]
    init_containers: Option<Vec<Container>>,
    #[serde(flatten)]
    other: BTreeMap<String, Value>,
}

#[derive(Debug, Deserialize)]
struct InferenceServiceObject {
    #[serde(default)]
    metadata: Option<Meta>,
    #[serde(default)]
    spec: Option<BTreeMap<String, Value>>,
}

/// Why an object could not be read.
pub type DecodeError = String;

fn decode<T: serde::de::DeserializeOwned>(object: &Value) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(object)
        .map_err(|e| format!("object.{}: {}", e.path(), e.inner()))
}

/// Summarizes the object of `req` for the policy. `None` for kinds the webhook does not check
/// or requests without an object (DELETE, CONNECT).
pub fn summarize(req: &AdmissionRequest) -> Result<Option<Summary>, DecodeError> {
    let Some(workload) = Workload::of(&req.kind) else {
        return Ok(None);
    };
    let Some(object) = req.object.as_ref().filter(|o| !o.is_null()) else {
        return Ok(None);
    };
    let mut s = Summary {
        uid: req.uid.clone(),
        operation: req.operation.clone(),
        kind: req.kind.kind.clone(),
        group: req.kind.group.clone(),
        version: req.kind.version.clone(),
        dry_run: req.dry_run.unwrap_or(false),
        ..Default::default()
    };
    let mut metas: Vec<Meta> = Vec::new();
    let mut specs: Vec<PodSpec> = Vec::new();
    match workload {
        Workload::Pod => {
            let o: PodObject = decode(object)?;
            metas.extend(o.metadata);
            specs.extend(o.spec);
        }
        Workload::Template => {
            let o: TemplateObject = decode(object)?;
            metas.extend(o.metadata);
            if let Some(t) = o.spec.and_then(|s| s.template) {
                metas.extend(t.metadata);
                specs.extend(t.spec);
            }
        }
        Workload::CronJob => {
            let o: CronJobObject = decode(object)?;
            metas.extend(o.metadata);
            if let Some(j) = o.spec.and_then(|s| s.job_template) {
                metas.extend(j.metadata);
                if let Some(t) = j.spec.and_then(|s| s.template) {
                    metas.extend(t.metadata);
                    specs.extend(t.spec);
                }
            }
        }
        Workload::InferenceService => {
            let o: InferenceServiceObject = decode(object)?;
            metas.extend(o.metadata);
            for (name, component) in o.spec.unwrap_or_default() {
                if !component.is_object() {
                    continue;
                }
                let c: KServeComponent = decode(&component)
                    .map_err(|e| e.replacen("object.", &format!("object.spec.{name}."), 1))?;
                for (key, model) in &c.other {
                    if let Some(uri) = model.get("storageUri").and_then(Value::as_str) {
                        add_storage_uri(&mut s, &format!("spec.{name}.{key}.storageUri"), uri);
                    }
                }
                // The predictor's own storageUri (a custom predictor may give one).
                if let Some(uri) = c.other.get("storageUri").and_then(Value::as_str) {
                    add_storage_uri(&mut s, &format!("spec.{name}.storageUri"), uri);
                }
                specs.push(PodSpec {
                    containers: c.containers,
                    init_containers: c.init_containers,
                    ephemeral_containers: None,
                });
            }
        }
    }
    // The object's own name and namespace; a pod template's metadata only adds labels and
    // annotations.
    if let Some(m) = metas.first() {
        s.name = m
            .name
            .clone()
            .or_else(|| m.generate_name.clone())
            .unwrap_or_default();
        s.namespace = m.namespace.clone().unwrap_or_default();
    }
    if let Some(n) = &req.name {
        s.name = n.clone();
    }
    if let Some(n) = &req.namespace {
        s.namespace = n.clone();
    }
    for m in &metas {
        for (k, v) in m.labels.iter().flatten() {
            s.labels.entry(k.clone()).or_insert_with(|| v.clone());
        }
        for (k, v) in m.annotations.iter().flatten() {
            s.annotations.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    s.model_required = s
        .labels
        .get(REQUIRE_MODEL_LABEL)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let annotated: Vec<String> = metas
        .iter()
        .filter_map(|m| {
            m.annotations
                .as_ref()?
                .get(MODEL_DIGEST_ANNOTATION)
                .cloned()
        })
        .collect();
    for value in annotated {
        for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match normalize_digest(part) {
                Some(digest) => push_model(&mut s, digest, "annotation", None),
                None => s.invalid_models.push(InvalidModel {
                    source: format!("annotation {MODEL_DIGEST_ANNOTATION}"),
                    value: part.to_string(),
                }),
            }
        }
    }
    for spec in specs {
        let all = spec
            .containers
            .into_iter()
            .chain(spec.init_containers.into_iter().flatten())
            .chain(spec.ephemeral_containers.into_iter().flatten());
        for c in all {
            let Some(image) = c.image.filter(|i| !i.is_empty()) else {
                continue;
            };
            let digest = image_digest(&image);
            s.images.push(Image {
                container: c.name,
                pinned: digest.is_some(),
                digest,
                reference: image,
            });
        }
    }
    Ok(Some(s))
}

fn push_model(s: &mut Summary, digest: String, source: &str, reference: Option<String>) {
    if !s.models.iter().any(|m| m.digest == digest) {
        s.models.push(Model {
            digest,
            source: source.into(),
            reference,
        });
    }
}

fn add_storage_uri(s: &mut Summary, field: &str, uri: &str) {
    match storage_uri_digest(uri) {
        Some(Ok(d)) => push_model(s, d, "storageUri", Some(uri.to_string())),
        Some(Err(value)) => s.invalid_models.push(InvalidModel {
            source: field.to_string(),
            value,
        }),
        None => s.unpinned_models.push(UnpinnedModel {
            source: field.to_string(),
            reference: uri.to_string(),
        }),
    }
}

/// `sha256:<64 hex>` (case ignored) as `sha256:<lowercase hex>`.
pub fn normalize_digest(text: &str) -> Option<String> {
    let hex = text.strip_prefix("sha256:")?;
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("sha256:{}", hex.to_ascii_lowercase()))
}

/// The digest a `storageUri` carries: `…@sha256:<hex>` (OCI), or a `sha256=<hex>` query
/// parameter or fragment. `None` when it carries none; `Err` with the text when it carries a
/// malformed one.
pub fn storage_uri_digest(uri: &str) -> Option<Result<String, String>> {
    if let Some(at) = uri.rfind("@sha256:") {
        let d = &uri[at + 1..];
        let d = d.split(['?', '#']).next().unwrap_or(d);
        return Some(normalize_digest(d).ok_or_else(|| d.to_string()));
    }
    let hint = uri
        .split(['?', '#', '&'])
        .skip(1)
        .find_map(|p| p.strip_prefix("sha256="));
    hint.map(|hex| {
        let d = format!("sha256:{hex}");
        normalize_digest(&d).ok_or(d)
    })
}

/// The digest an image reference is pinned by (`name[:tag]@sha256:<hex>`).
pub fn image_digest(image: &str) -> Option<String> {
    let (_, d) = image.rsplit_once('@')?;
    normalize_digest(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "b3bd1f13aa00000000000000000000000000000000000000000000000000abcd";

    #[test]
    fn digests_from_annotations_uris_and_images() {
        assert_eq!(
            normalize_digest(&format!("sha256:{}", HEX.to_uppercase())),
            Some(format!("sha256:{HEX}"))
        );
        assert_eq!(normalize_digest("sha256:abc"), None);
        assert_eq!(normalize_digest("md5:abc"), None);
        let d = format!("sha256:{HEX}");
        for uri in [
            format!("oci://registry.example.com/models/scorer@sha256:{HEX}"),
            format!("s3://models/scorer/model.onnx?sha256={HEX}"),
            format!("gs://models/scorer?version=2&sha256={HEX}"),
            format!("https://models.example.com/scorer.tar#sha256={HEX}"),
        ] {
            assert_eq!(storage_uri_digest(&uri), Some(Ok(d.clone())), "{uri}");
        }
        assert_eq!(storage_uri_digest("gs://models/scorer"), None);
        assert_eq!(
            storage_uri_digest("oci://r/m@sha256:12"),
            Some(Err("sha256:12".into()))
        );
        assert_eq!(
            image_digest(&format!("registry.example.com/serve:1.2@sha256:{HEX}")),
            Some(d)
        );
        assert_eq!(image_digest("registry.example.com:5000/serve:1.2"), None);
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

    #[test]
    fn cronjob_template_annotations_and_images() {
        let obj = serde_json::json!({
            "metadata": {"name": "nightly"},
            "spec": {"schedule": "0 1 * * *", "jobTemplate": {"spec": {"template": {
                "metadata": {"annotations": {MODEL_DIGEST_ANNOTATION: format!("sha256:{HEX}, md5:1")},
                             "labels": {REQUIRE_MODEL_LABEL: "true"}},
                "spec": {"containers": [{"name": "batch", "image": "r.example.com/b:1"}],
                         "initContainers": [{"name": "fetch", "image": format!("r.example.com/f@sha256:{HEX}")}]}}}}}
        });
        let s = summarize(&request(gvk("batch", "v1", "CronJob"), obj))
            .unwrap()
            .unwrap();
        assert_eq!(s.name, "nightly");
        assert_eq!(s.namespace, "models");
        assert!(s.model_required);
        assert_eq!(s.models.len(), 1);
        assert_eq!(s.invalid_models[0].value, "md5:1");
        assert_eq!(s.images.len(), 2);
        assert!(!s.images[0].pinned && s.images[1].pinned);
    }

    #[test]
    fn inference_service_storage_uris() {
        let obj = serde_json::json!({
            "metadata": {"name": "scorer", "namespace": "models"},
            "spec": {"predictor": {
                "model": {"modelFormat": {"name": "onnx"}, "storageUri": format!("oci://r/m@sha256:{HEX}")},
                "containers": [{"name": "kserve-container", "image": "r/serve:2"}]},
              "transformer": {"containers": [{"name": "t", "image": "r/t:1"}]},
              "explainer": {"sklearn": {"storageUri": "gs://bucket/explainer"}}}
        });
        let s = summarize(&request(
            gvk("serving.kserve.io", "v1beta1", "InferenceService"),
            obj,
        ))
        .unwrap()
        .unwrap();
        assert_eq!(s.models[0].digest, format!("sha256:{HEX}"));
        assert_eq!(s.models[0].source, "storageUri");
        assert_eq!(
            s.unpinned_models[0].source,
            "spec.explainer.sklearn.storageUri"
        );
        assert_eq!(s.images.len(), 2);
    }

    #[test]
    fn undecodable_objects_are_located_and_other_kinds_skipped() {
        let obj = serde_json::json!({"spec": {"containers": {"name": "x"}}});
        let e = summarize(&request(gvk("", "v1", "Pod"), obj.clone())).unwrap_err();
        assert!(e.contains("object.spec.containers"), "{e}");
        assert!(summarize(&request(gvk("", "v1", "ConfigMap"), obj))
            .unwrap()
            .is_none());
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
