//! The signed in-toto statement read into the list of signed files (model-signing 1.x
//! `signature/v1.0` and 0.2 `Digests/v0.1`), with signed names normalized and checked.

use super::{
    Failure, Serialization, SignedFile, Subject, PREDICATE_TYPE, PREDICATE_TYPES_V01_UNVERIFIABLE,
    PREDICATE_TYPE_DIGESTS_V01, STATEMENT_TYPE,
};
use crate::error::{Error, Result};
use crate::formats::Doc;
use crate::verify::dsse::{self, Envelope};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// The signed list of files and how it was made.
#[derive(Default)]
pub(super) struct Manifest {
    pub(super) predicate_type: Option<String>,
    pub(super) subject: Option<Subject>,
    pub(super) serialization: Option<Serialization>,
    pub(super) files: Vec<SignedFile>,
    /// Problems of the statement itself (unsupported kinds, refused names, inconsistent
    /// digests); files are compared only when there is none.
    pub(super) failures: Vec<Failure>,
}

impl Manifest {
    fn unsupported(
        predicate_type: Option<String>,
        serialization: Option<Serialization>,
        detail: String,
    ) -> Self {
        Manifest {
            predicate_type,
            serialization,
            failures: vec![Failure::Unsupported { detail }],
            ..Manifest::default()
        }
    }
}

#[derive(Deserialize)]
struct StatementHead {
    #[serde(rename = "_type")]
    type_: String,
    #[serde(rename = "predicateType", default)]
    predicate_type: String,
}

#[derive(Deserialize)]
struct RawSubject {
    #[serde(default)]
    name: String,
    #[serde(default)]
    digest: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct StatementV1 {
    subject: Vec<RawSubject>,
    predicate: PredicateV1,
}

#[derive(Deserialize)]
struct PredicateV1 {
    serialization: RawSerialization,
    resources: Vec<RawResource>,
}

#[derive(Deserialize)]
struct RawSerialization {
    method: String,
    #[serde(default)]
    hash_type: Option<String>,
    #[serde(default)]
    allow_symlinks: serde_json::Value,
    #[serde(default)]
    ignore_paths: Vec<String>,
}

#[derive(Deserialize)]
struct RawResource {
    name: String,
    algorithm: String,
    digest: String,
}

#[derive(Deserialize)]
struct StatementDigestsV01 {
    subject: Vec<RawSubject>,
}

/// Parses the verified payload. A payload that is not the JSON it claims is an error; a
/// statement of a kind modelgate does not verify is a failure.
pub(super) fn read_statement(doc: &Doc, envelope: &Envelope) -> Result<Manifest> {
    let unsupported =
        |pt: Option<String>, detail: String| Ok(Manifest::unsupported(pt, None, detail));
    if envelope.payload_type != dsse::IN_TOTO_PAYLOAD_TYPE {
        return unsupported(
            None,
            format!(
                "DSSE payload type `{}`; OMS signatures carry in-toto statements (`{}`)",
                envelope.payload_type,
                dsse::IN_TOTO_PAYLOAD_TYPE
            ),
        );
    }
    let head: StatementHead = payload_json(doc, &envelope.payload)?;
    let pt = Some(head.predicate_type.clone());
    if head.type_ != STATEMENT_TYPE {
        return unsupported(
            pt,
            format!(
                "in-toto statement type `{}` (expected `{STATEMENT_TYPE}`)",
                head.type_
            ),
        );
    }
    match head.predicate_type.as_str() {
        PREDICATE_TYPE => {
            let st: StatementV1 = payload_json(doc, &envelope.payload)?;
            Ok(manifest_v1(st))
        }
        PREDICATE_TYPE_DIGESTS_V01 => {
            let st: StatementDigestsV01 = payload_json(doc, &envelope.payload)?;
            Ok(manifest_digests_v01(st))
        }
        p if PREDICATE_TYPES_V01_UNVERIFIABLE.contains(&p) => unsupported(
            pt,
            format!(
                "predicate `{p}` of model-signing 0.2 (not verifiable by model-signing 1.x \
                 either); re-sign with model-signing 1.x"
            ),
        ),
        p => unsupported(
            pt.clone(),
            format!("predicate type `{p}` is not an OMS model signature (`{PREDICATE_TYPE}`)"),
        ),
    }
}

/// Deserializes the decoded payload; errors give the line, column and pointer inside it.
fn payload_json<T: DeserializeOwned>(doc: &Doc, payload: &[u8]) -> Result<T> {
    let inner = Doc::new(&doc.path, &doc.rel, payload.to_vec());
    inner.json().map_err(|e| match e {
        Error::Format {
            path,
            location,
            message,
            code,
            // A line of the decoded payload is not a line of the file: no excerpt.
            source_line: _,
        } => Error::Format {
            path,
            location,
            message: format!(
                "in the DSSE payload (base64-decoded, the location is inside it): {message}"
            ),
            code,
            source_line: None,
        },
        other => other,
    })
}

fn manifest_v1(st: StatementV1) -> Manifest {
    let pt = Some(PREDICATE_TYPE.to_string());
    let s = st.predicate.serialization;
    let hash_type = s.hash_type.unwrap_or_default();
    let allow_symlinks = match &s.allow_symlinks {
        serde_json::Value::Bool(b) => *b,
        serde_json::Value::String(t) => t.eq_ignore_ascii_case("true"),
        _ => false,
    };
    let serialization = Serialization {
        method: s.method.clone(),
        hash_type: hash_type.clone(),
        allow_symlinks,
        ignore_paths: s.ignore_paths,
    };
    let unsupported =
        |detail: String| Manifest::unsupported(pt.clone(), Some(serialization.clone()), detail);
    match s.method.as_str() {
        "files" => {}
        "shards" => {
            return unsupported(
                "serialization method `shards` (files hashed in shards) is not supported, only \
                 `files`; re-sign without sharding (model-signing's default)"
                    .into(),
            )
        }
        m => {
            return unsupported(format!(
                "serialization method `{m}` (only `files` is supported)"
            ))
        }
    }
    if hash_type != "sha256" {
        return unsupported(format!(
            "hash type `{hash_type}` (only `sha256` is supported)"
        ));
    }
    let mut failures = Vec::new();
    let subject = match st.subject.as_slice() {
        [one] => match one.digest.get("sha256") {
            Some(d) => Some(Subject {
                name: one.name.clone(),
                sha256: d.to_ascii_lowercase(),
            }),
            None => {
                failures.push(Failure::InvalidManifest {
                    detail: "the subject has no sha256 digest".into(),
                });
                None
            }
        },
        many => {
            failures.push(Failure::InvalidManifest {
                detail: format!("expected exactly one subject, found {}", many.len()),
            });
            None
        }
    };
    let mut root = Sha256::new();
    let mut files = Vec::with_capacity(st.predicate.resources.len());
    for r in st.predicate.resources {
        if r.algorithm != "sha256" {
            return unsupported(format!(
                "resource `{}` is hashed with `{}` (only `sha256` is supported)",
                r.name, r.algorithm
            ));
        }
        match hex::decode(&r.digest) {
            Ok(raw) if raw.len() == 32 => {
                root.update(&raw);
                files.push((r.name, hex::encode(raw)));
            }
            _ => failures.push(Failure::InvalidManifest {
                detail: format!(
                    "resource `{}`: `{}` is not a sha256 digest",
                    r.name, r.digest
                ),
            }),
        }
    }
    if let Some(sub) = &subject {
        let computed = hex::encode(root.finalize());
        if failures.is_empty() && computed != sub.sha256 {
            failures.push(Failure::InvalidManifest {
                detail: format!(
                    "the subject digest {} is not the digest of the listed files ({computed})",
                    sub.sha256
                ),
            });
        }
    }
    let files = check_names(files, &mut failures);
    Manifest {
        predicate_type: pt,
        subject,
        serialization: Some(serialization),
        files,
        failures,
    }
}

fn manifest_digests_v01(st: StatementDigestsV01) -> Manifest {
    let mut failures = Vec::new();
    let mut files = Vec::with_capacity(st.subject.len());
    for s in st.subject {
        match s.digest.get("sha256").map(hex::decode) {
            Some(Ok(raw)) if raw.len() == 32 => files.push((s.name, hex::encode(raw))),
            _ => failures.push(Failure::InvalidManifest {
                detail: format!("subject `{}` has no valid sha256 digest", s.name),
            }),
        }
    }
    let files = check_names(files, &mut failures);
    Manifest {
        predicate_type: Some(PREDICATE_TYPE_DIGESTS_V01.into()),
        subject: None,
        serialization: Some(Serialization {
            method: "files".into(),
            hash_type: "sha256".into(),
            allow_symlinks: false,
            ignore_paths: Vec::new(),
        }),
        files,
        failures,
    }
}

/// Normalizes signed names as model-signing reads them (POSIX paths: `a//b` is `a/b`, `./a` is
/// `a`), refusing absolute paths, `..` and names listed twice.
fn check_names(files: Vec<(String, String)>, failures: &mut Vec<Failure>) -> Vec<SignedFile> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(files.len());
    for (name, sha256) in files {
        match normalize_rel(&name) {
            Ok(n) => {
                if !seen.insert(n.clone()) {
                    failures.push(Failure::InvalidManifest {
                        detail: format!("`{n}` is listed twice"),
                    });
                    continue;
                }
                out.push(SignedFile { name: n, sha256 });
            }
            Err(detail) => failures.push(Failure::PathRefused { name, detail }),
        }
    }
    out
}

/// A relative `/`-separated path without `.` or empty components; `.` alone (a single-file
/// model) stays `.`.
pub(super) fn normalize_rel(name: &str) -> std::result::Result<String, String> {
    if name == "." {
        return Ok(".".into());
    }
    if name.starts_with('/') || name.starts_with('\\') || name.get(1..2) == Some(":") {
        return Err("an absolute path; signed names are relative to the model folder".into());
    }
    let parts: Vec<&str> = name
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    if parts.contains(&"..") {
        return Err("`..` leaves the model folder".into());
    }
    if parts.is_empty() {
        return Err("an empty path".into());
    }
    Ok(parts.join("/"))
}
