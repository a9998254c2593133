//! in-toto statements with SLSA provenance (v0.2 and v1) as they are published: a bare
//! statement, a DSSE envelope, a `.intoto.jsonl` of envelopes, or a Sigstore bundle carrying one.
//! Only the statement's facts are read here; signatures are checked by the verify stage.

use super::Doc;
use crate::error::{Location, Result};
use crate::input::{Provenance, Subject};
use base64::Engine as _;
use serde_json::Value;

/// in-toto statement types understood.
const STATEMENT_TYPES: &[&str] = &[
    "https://in-toto.io/Statement/v0.1",
    "https://in-toto.io/Statement/v1",
];

/// Loads every statement of a provenance file (a `.intoto.jsonl` may hold several).
pub fn load(doc: &Doc) -> Result<Vec<Provenance>> {
    let text = doc.text()?;
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(doc.err(Location::line_col(1, 1), "empty provenance file"));
    }
    // One JSON document, or JSON lines (one envelope per line, as SLSA generators write).
    if let Ok(v) = serde_json::from_str::<Value>(trimmed) {
        return Ok(vec![from_value(doc, &v, "", None)?]);
    }
    // Not one document: JSON lines. When even the first line is not JSON on its own, the file
    // is a single broken document, and its parse error has the right line and column.
    let first = text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0);
    if serde_json::from_str::<Value>(text.lines().nth(first).unwrap_or("")).is_err() {
        doc.json::<Value>()?;
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| {
            doc.err(
                Location::line_col(i + 1, e.column()),
                format!(
                    "invalid JSON line: {}",
                    super::strip_serde_position(&e.to_string())
                ),
            )
        })?;
        out.push(from_value(doc, &v, "", Some(i + 1))?);
    }
    Ok(out)
}

/// Where in the file a statement is: its line in a `.intoto.jsonl`, and the pointer of the
/// statement inside an envelope or bundle; errors name both.
struct At<'a> {
    doc: &'a Doc,
    line: Option<usize>,
    pointer: &'a str,
}

impl At<'_> {
    fn err(&self, p: &str, msg: impl Into<String>) -> crate::Error {
        let location = Location {
            line: self.line,
            pointer: Some(format!("{}{p}", self.pointer)),
            ..Location::default()
        };
        self.doc.err(location, msg)
    }
}

fn from_value(doc: &Doc, v: &Value, pointer: &str, line: Option<usize>) -> Result<Provenance> {
    let at = At { doc, line, pointer };
    // A Sigstore bundle: the envelope is in `dsseEnvelope`.
    if let Some(env) = v.get("dsseEnvelope") {
        let mut p = from_envelope(doc, env, &format!("{pointer}/dsseEnvelope"), line)?;
        p.envelope = "sigstore-bundle".into();
        return Ok(p);
    }
    if v.get("payloadType").is_some() {
        return from_envelope(doc, v, pointer, line);
    }
    if v.get("_type").is_some() {
        let mut p = statement(doc, v, pointer, line)?;
        p.envelope = "none".into();
        return Ok(p);
    }
    Err(at.err(
        "",
        "not an in-toto statement, DSSE envelope or Sigstore bundle (expected `_type`, `payloadType` or `dsseEnvelope`)",
    ))
}

fn from_envelope(doc: &Doc, env: &Value, pointer: &str, line: Option<usize>) -> Result<Provenance> {
    let at = At { doc, line, pointer };
    let payload_type = env.get("payloadType").and_then(Value::as_str).unwrap_or("");
    if payload_type != "application/vnd.in-toto+json" {
        return Err(at.err(
            "/payloadType",
            format!("payloadType `{payload_type}` is not application/vnd.in-toto+json"),
        ));
    }
    let b64 = env
        .get("payload")
        .and_then(Value::as_str)
        .ok_or_else(|| at.err("/payload", "missing payload"))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(b64.trim()))
        .map_err(|e| at.err("/payload", format!("payload is not base64: {e}")))?;
    let stmt: Value = serde_json::from_slice(&bytes)
        .map_err(|e| at.err("/payload", format!("payload is not a JSON statement: {e}")))?;
    let mut p = statement(doc, &stmt, &format!("{pointer}/payload"), line)?;
    p.envelope = "dsse".into();
    p.signatures = env
        .get("signatures")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    Ok(p)
}

fn statement(doc: &Doc, s: &Value, pointer: &str, line: Option<usize>) -> Result<Provenance> {
    let at = At { doc, line, pointer };
    let stype = s.get("_type").and_then(Value::as_str).unwrap_or("");
    if !STATEMENT_TYPES.contains(&stype) {
        return Err(at.err(
            "/_type",
            format!(
                "`{stype}` is not an in-toto statement type ({})",
                STATEMENT_TYPES.join(", ")
            ),
        ));
    }
    let predicate_type = s
        .get("predicateType")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut subjects = Vec::new();
    let listed = s
        .get("subject")
        .and_then(Value::as_array)
        .ok_or_else(|| at.err("/subject", "a statement needs a `subject` array"))?;
    let mut unresolved = Vec::new();
    for (i, sub) in listed.iter().enumerate() {
        match comparable_subject(&at, sub, i)? {
            Comparable::Sha256(subject) => subjects.push(subject),
            Comparable::Other(d) => unresolved.push(d),
            Comparable::Not => {}
        }
    }
    let pred = s.get("predicate").cloned().unwrap_or(Value::Null);
    let str_at = |v: &Value, path: &[&str]| -> Option<String> {
        let mut cur = v;
        for k in path {
            cur = cur.get(k)?;
        }
        cur.as_str().map(str::to_string)
    };
    let mut p = Provenance {
        source: doc.source("in-toto"),
        predicate_type: predicate_type.clone(),
        subjects,
        unresolved,
        ..Provenance::default()
    };
    if let Some(l) = line {
        p.line = Some(l);
    }
    if predicate_type.starts_with("https://slsa.dev/provenance/v1") {
        p.slsa_version = Some("1".into());
        p.builder_id = str_at(&pred, &["runDetails", "builder", "id"]);
        p.build_type = str_at(&pred, &["buildDefinition", "buildType"]);
        p.invocation_id = str_at(&pred, &["runDetails", "metadata", "invocationId"]);
        p.finished_on = str_at(&pred, &["runDetails", "metadata", "finishedOn"]);
        // The source is the first resolved dependency that names a git commit (GitHub's and the
        // SLSA generators' convention), else the workflow repository parameter.
        if let Some(deps) = pred
            .pointer("/buildDefinition/resolvedDependencies")
            .and_then(Value::as_array)
        {
            if let Some(d) = deps.iter().find(|d| {
                d.pointer("/digest/gitCommit").is_some() || d.pointer("/digest/sha1").is_some()
            }) {
                p.source_repo = d.get("uri").and_then(Value::as_str).map(str::to_string);
                p.source_commit = d
                    .pointer("/digest/gitCommit")
                    .or_else(|| d.pointer("/digest/sha1"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
        }
        if p.source_repo.is_none() {
            p.source_repo = str_at(
                &pred,
                &[
                    "buildDefinition",
                    "externalParameters",
                    "workflow",
                    "repository",
                ],
            );
        }
    } else if predicate_type.starts_with("https://slsa.dev/provenance/v0.2") {
        p.slsa_version = Some("0.2".into());
        p.builder_id = str_at(&pred, &["builder", "id"]);
        p.build_type = str_at(&pred, &["buildType"]);
        p.invocation_id = str_at(&pred, &["metadata", "buildInvocationId"]);
        p.finished_on = str_at(&pred, &["metadata", "buildFinishedOn"]);
        p.source_repo = str_at(&pred, &["invocation", "configSource", "uri"]);
        p.source_commit = str_at(&pred, &["invocation", "configSource", "digest", "sha1"]);
        if p.source_repo.is_none() {
            if let Some(m) = pred
                .get("materials")
                .and_then(Value::as_array)
                .and_then(|m| m.first())
            {
                p.source_repo = m.get("uri").and_then(Value::as_str).map(str::to_string);
                p.source_commit = m
                    .pointer("/digest/sha1")
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
        }
    }
    Ok(p)
}

/// How a subject can be compared with the bundle's files.
enum Comparable {
    /// By its sha256, as the policies compare it.
    Sha256(Subject),
    /// By its sha512 or sha384 only (npm's provenance names tarballs by sha512): the bundle's
    /// files are hashed with that algorithm too, and a file with that digest stands for it.
    Other(crate::input::OtherDigest),
    /// Not at all (`gce_image_id`, a git `sha1`, ...): the statement is valid in-toto and kept,
    /// but the subject covers no file, so no rule can count it as covering an artifact.
    Not,
}

/// Reads subject `i`. When the digest set holds sha256, that is the digest compared (a second
/// preimage of SHA-256 is out of reach, so another digest beside it adds nothing); else the
/// strongest of sha512 and sha384. A subject without any digest, or with a SHA-2 digest that is
/// not one, is an error.
fn comparable_subject(at: &At<'_>, sub: &Value, i: usize) -> Result<Comparable> {
    let name = sub
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let digest = sub.get("digest").and_then(Value::as_object);
    let Some(digest) = digest.filter(|d| !d.is_empty()) else {
        return Err(at.err(
            &format!("/subject/{i}/digest"),
            "a subject needs a digest set (e.g. {\"sha256\": \"...\"})",
        ));
    };
    let hex_of = |alg: &str, len: usize| -> Result<Option<String>> {
        let Some(v) = digest.get(alg) else {
            return Ok(None);
        };
        match v.as_str().map(str::to_ascii_lowercase) {
            Some(d) if d.len() == len && d.bytes().all(|b| b.is_ascii_hexdigit()) => Ok(Some(d)),
            _ => Err(at.err(
                &format!("/subject/{i}/digest/{alg}"),
                format!("`{v}` is not a {alg} hex digest ({len} hex digits)"),
            )),
        }
    };
    if let Some(d) = hex_of("sha256", 64)? {
        return Ok(Comparable::Sha256(Subject {
            name,
            sha256: d,
            matched_by: None,
        }));
    }
    use crate::digest::Algorithm;
    for (alg, len) in [(Algorithm::Sha512, 128), (Algorithm::Sha384, 96)] {
        if let Some(d) = hex_of(alg.name(), len)? {
            return Ok(Comparable::Other(crate::input::OtherDigest {
                name,
                algorithm: alg,
                digest: d,
            }));
        }
    }
    Ok(Comparable::Not)
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = r#"{
  "_type": "https://in-toto.io/Statement/v1",
  "subject": [{"name": "model.safetensors", "digest": {"sha256": "B3BD1F13021ED00FDA5AE8E632170108005FEC038A44881AB90D05D4DDC81745"}}],
  "predicateType": "https://slsa.dev/provenance/v1",
  "predicate": {
    "buildDefinition": {
      "buildType": "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1",
      "externalParameters": {"workflow": {"ref": "refs/heads/main", "repository": "https://github.com/example/credit-risk", "path": ".github/workflows/train.yml"}},
      "resolvedDependencies": [{"uri": "git+https://github.com/example/credit-risk@refs/heads/main", "digest": {"gitCommit": "7f3c1e0a9b2d4c5e6f708192a3b4c5d6e7f80912"}}]
    },
    "runDetails": {
      "builder": {"id": "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.0.0"},
      "metadata": {"invocationId": "https://github.com/example/credit-risk/actions/runs/1/attempts/1", "finishedOn": "2026-11-01T10:00:00Z"}
    }
  }
}"#;

    #[test]
    fn slsa_v1_statement() {
        let p = load(&Doc::new("p.json", "p.json", V1.as_bytes().to_vec())).unwrap();
        assert_eq!(p.len(), 1);
        let p = &p[0];
        assert_eq!(p.slsa_version.as_deref(), Some("1"));
        assert_eq!(
            p.subjects[0].sha256,
            "b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"
        );
        assert!(p
            .builder_id
            .as_deref()
            .unwrap()
            .contains("generator_generic_slsa3"));
        assert_eq!(
            p.source_commit.as_deref(),
            Some("7f3c1e0a9b2d4c5e6f708192a3b4c5d6e7f80912")
        );
        assert_eq!(
            p.source_repo.as_deref(),
            Some("git+https://github.com/example/credit-risk@refs/heads/main")
        );
        assert_eq!(p.envelope, "none");
    }

    #[test]
    fn dsse_jsonl_and_bundle() {
        let payload = base64::engine::general_purpose::STANDARD.encode(V1);
        let env = format!(
            r#"{{"payloadType":"application/vnd.in-toto+json","payload":"{payload}","signatures":[{{"keyid":"","sig":"MEUCIQ=="}}]}}"#
        );
        let jsonl = format!("{env}\n{env}\n");
        let p = load(&Doc::new(
            "a.intoto.jsonl",
            "a.intoto.jsonl",
            jsonl.into_bytes(),
        ))
        .unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].envelope, "dsse");
        assert_eq!(p[1].line, Some(2));
        assert_eq!(p[0].signatures, 1);
        let bundle = format!(
            r#"{{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","dsseEnvelope":{env}}}"#
        );
        let p = load(&Doc::new("b.json", "b.json", bundle.into_bytes())).unwrap();
        assert_eq!(p[0].envelope, "sigstore-bundle");
    }

    #[test]
    fn slsa_v02_statement() {
        let s = r#"{"_type":"https://in-toto.io/Statement/v0.1","subject":[{"name":"x","digest":{"sha256":"0000000000000000000000000000000000000000000000000000000000000000"}}],
          "predicateType":"https://slsa.dev/provenance/v0.2","predicate":{"builder":{"id":"https://github.com/Attestations/GitHubHostedActions@v1"},"buildType":"https://github.com/Attestations/GitHubActionsWorkflow@v1",
          "invocation":{"configSource":{"uri":"git+https://github.com/example/m@refs/heads/main","digest":{"sha1":"abc"},"entryPoint":"build.yml"}}}}"#;
        let p = load(&Doc::new("p.json", "p.json", s.as_bytes().to_vec())).unwrap();
        assert_eq!(p[0].slsa_version.as_deref(), Some("0.2"));
        assert_eq!(
            p[0].builder_id.as_deref(),
            Some("https://github.com/Attestations/GitHubHostedActions@v1")
        );
        assert_eq!(p[0].source_commit.as_deref(), Some("abc"));
    }

    #[test]
    fn subjects_without_sha256_wait_for_their_files_or_cover_nothing() {
        // npm's SLSA provenance for sigstore@1.3.0: one subject, digest {sha512} only.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/provenance-digests/npm-sigstore-1.3.0.sigstore.json"
        );
        let p = load(&Doc::read(std::path::Path::new(path), "npm.sigstore.json").unwrap()).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].envelope, "sigstore-bundle");
        assert_eq!(p[0].slsa_version.as_deref(), Some("0.2"));
        assert!(p[0].builder_id.is_some());
        assert!(p[0].subjects.is_empty(), "{:?}", p[0].subjects);
        assert_eq!(p[0].unresolved.len(), 1);
        assert_eq!(p[0].unresolved[0].algorithm.name(), "sha512");
        assert_eq!(p[0].unresolved[0].name, "pkg:npm/sigstore@1.3.0");

        // Several algorithms: sha256 is compared where it is given; a subject named by
        // neither sha256, sha384 nor sha512 covers nothing.
        let sha = "b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745";
        let stmt = |subjects: &str| {
            format!(
                r#"{{"_type":"https://in-toto.io/Statement/v1","subject":{subjects},"predicateType":"https://slsa.dev/provenance/v1","predicate":{{}}}}"#
            )
        };
        let s = stmt(&format!(
            r#"[{{"name":"img","digest":{{"gce_image_id":"8970095005306000053"}}}},
                {{"name":"m.bin","digest":{{"sha512":"{sha}{sha}","sha256":"{}"}}}}]"#,
            sha.to_uppercase()
        ));
        let p = load(&Doc::new("p.json", "p.json", s.into_bytes())).unwrap();
        assert_eq!(
            p[0].subjects,
            [Subject {
                name: "m.bin".into(),
                sha256: sha.into(),
                matched_by: None,
            }]
        );
        assert!(p[0].unresolved.is_empty());
        // sha512 is preferred to sha384 when both are given; a malformed one is an error.
        let s = stmt(&format!(
            r#"[{{"name":"t.tgz","digest":{{"sha384":"{}","sha512":"{sha}{sha}"}}}}]"#,
            &sha[..48].repeat(2)
        ));
        let p = load(&Doc::new("p.json", "p.json", s.into_bytes())).unwrap();
        assert_eq!(p[0].unresolved[0].algorithm.name(), "sha512");
        assert_eq!(p[0].unresolved[0].digest, format!("{sha}{sha}"));
        let s = stmt(r#"[{"name":"t.tgz","digest":{"sha512":"abc"}}]"#);
        let e = load(&Doc::new("p.json", "p.json", s.into_bytes()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("/subject/0/digest/sha512"), "{e}");
        // No digest at all, an empty set or a sha256 that is not one: errors, located.
        for (subjects, at) in [
            (r#"[{"name":"x"}]"#.to_string(), "/subject/0/digest"),
            (
                r#"[{"name":"x","digest":{}}]"#.to_string(),
                "/subject/0/digest",
            ),
            (
                r#"[{"name":"x","digest":{"sha512":"ab","sha256":7}}]"#.to_string(),
                "/subject/0/digest/sha256",
            ),
        ] {
            let e = load(&Doc::new("p.json", "p.json", stmt(&subjects).into_bytes()))
                .unwrap_err()
                .to_string();
            assert!(e.contains(at), "{subjects}: {e}");
        }
    }

    #[test]
    fn utf16_statements_load() {
        let mut bytes = vec![0xFE, 0xFF];
        for u in V1.encode_utf16() {
            bytes.extend(u.to_be_bytes());
        }
        let p = load(&Doc::new("p.json", "p.json", bytes)).unwrap();
        assert_eq!(p[0].subjects.len(), 1);
        assert_eq!(p[0].slsa_version.as_deref(), Some("1"));
    }

    #[test]
    fn malformed_statements_are_located() {
        let bad = V1.replace("B3BD1F", "ZZ");
        let e = load(&Doc::new("p.json", "p.json", bad.into_bytes()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("/subject/0/digest/sha256"), "{e}");
        let e = load(&Doc::new(
            "p.json",
            "p.json",
            b"{\"_type\": \"x\", \"subject\": []}".to_vec(),
        ))
        .unwrap_err()
        .to_string();
        assert!(e.contains("/_type"), "{e}");
        let e = load(&Doc::new("p.json", "p.json", b"{\"_type\": ".to_vec()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1"), "{e}");
        let first = serde_json::from_str::<Value>(V1).unwrap().to_string();
        let jsonl = format!("{first}\n{{oops\n");
        let e = load(&Doc::new("p.jsonl", "p.jsonl", jsonl.into_bytes()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2, column"), "{e}");
        // A pretty-printed statement cut short: the error is where the document breaks off,
        // not on its first line.
        let cut = &V1[..V1.len() / 2];
        let e = load(&Doc::new("p.json", "p.json", cut.as_bytes().to_vec()))
            .unwrap_err()
            .to_string();
        assert!(e.contains(&format!("line {}", cut.lines().count())), "{e}");
    }
}
