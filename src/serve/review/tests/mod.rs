//! Tests of reading reviews and summarizing the objects they carry.

mod envelope;
mod fixtures;
mod kserve;
mod pods;
mod seldon;
mod uri;

use super::workloads::{KFSERVING, KSERVE};
use super::*;
use serde_json::{json, Value};

const HEX: &str = "b3bd1f13aa00000000000000000000000000000000000000000000000000abcd";
/// The digest of the fixtures' approved model.
const APPROVED: &str = "sha256:b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745";

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
