//! The AdmissionReview `admission.k8s.io/v1` envelope: the request as the API server sends it,
//! the response it expects back, and reading a request body.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

pub const API_VERSION: &str = "admission.k8s.io/v1";
pub const KIND: &str = "AdmissionReview";

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
    let mut doc: Value = serde_json::from_slice(body)
        .map_err(|e| bad(None, format!("the body is not JSON: {e}")))?;
    let uid = doc
        .pointer("/request/uid")
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty())
        .map(str::to_string);
    let uid = uid.as_deref();
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
    // Taken out of the document rather than copied: the object it holds can be large.
    let Some(request) = doc.get_mut("request").map(Value::take) else {
        return Err(bad(None, "the review has no request".into()));
    };
    if uid.is_none() {
        return Err(bad(None, "the request has no uid".into()));
    }
    serde_path_to_error::deserialize(request)
        .map_err(|e| bad(uid, format!("request.{}: {}", e.path(), e.inner())))
}
