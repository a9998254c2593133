//! AdmissionReview `admission.k8s.io/v1` as the API server sends and expects it, and what the
//! webhook reads from the reviewed object: every container it runs, every place it names a model.

mod envelope;
mod summary;
mod uri;
mod walk;
mod workloads;

pub use envelope::{
    parse, AdmissionRequest, AdmissionResponse, GroupVersionKind, GroupVersionResource, Malformed,
    Status, UserInfo, API_VERSION, KIND,
};
pub use summary::{
    summarize, ContainerInfo, DecodeError, Image, InvalidModel, Model, Reference, Summary,
};
pub use uri::{image_digest, normalize_digest};
pub use workloads::Workload;

/// Annotation naming the model artifacts a workload runs: `sha256:<hex>`, comma-separated.
pub const MODEL_DIGEST_ANNOTATION: &str = "modelgate.dev/model-digest";
/// KServe's internal pod annotations naming the URI its storage initializer (or local model
/// cache) downloads; a Pod carrying one gets that model injected by KServe's pod webhook.
pub const KSERVE_SOURCE_URI_ANNOTATIONS: [&str; 2] = [
    "internal.serving.kserve.io/storage-initializer-sourceuri",
    "internal.serving.kserve.io/localmodel-sourceuri",
];

#[cfg(test)]
mod tests;
