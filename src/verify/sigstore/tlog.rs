//! Transparency log evidence: the entry body (Rekor `hashedrekord` 0.0.1/0.0.2, `dsse` 0.0.1,
//! `intoto` 0.0.2) compared with the bundle, the signed entry timestamp (SET), the RFC 6962 /
//! RFC 9162 Merkle inclusion proof and the checkpoint (a C2SP signed note) signed by the log.

use super::crypto::{self, b64, Hash, Signed};
use super::trust::TrustedLog;
use serde_json::Value;

/// What the bundle says was signed and by whom, to compare with the log entry.
#[derive(Debug, Clone)]
pub(crate) struct Expected<'a> {
    pub content: &'a ContentRef<'a>,
    /// DER of the leaf certificate, or of the public key (SubjectPublicKeyInfo).
    pub signer: SignerMaterial<'a>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum SignerMaterial<'a> {
    Certificate(&'a [u8]),
    PublicKey(&'a [u8]),
}

#[derive(Debug, Clone)]
pub(crate) enum ContentRef<'a> {
    /// `artifact_digests`: (algorithm, digest) of the artifact actually given.
    Message {
        signature: &'a [u8],
        artifact_digests: Vec<(Hash, Vec<u8>)>,
    },
    Dsse {
        payload_type: &'a str,
        payload: &'a [u8],
        signatures: Vec<&'a [u8]>,
        pae: &'a [u8],
    },
}

fn get<'v>(v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, k| v.get(*k))
}

fn get_str<'v>(v: &'v Value, path: &[&str]) -> Result<&'v str, String> {
    get(v, path)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("entry body has no string at `{}`", path.join(".")))
}

fn hash_from_name(name: &str) -> Option<Hash> {
    match name.to_ascii_lowercase().replace(['_', '-'], "").as_str() {
        "sha256" | "sha2256" => Some(Hash::Sha256),
        "sha384" | "sha2384" => Some(Hash::Sha384),
        "sha512" | "sha2512" => Some(Hash::Sha512),
        _ => None,
    }
}

/// The DER inside a base64-encoded PEM (certificate or public key) as Rekor v1 stores it.
fn pem_b64_matches(b64_pem: &str, signer: SignerMaterial<'_>) -> Result<(), String> {
    let pem = b64(b64_pem)?;
    let text = String::from_utf8(pem).map_err(|_| "verifier PEM is not UTF-8".to_string())?;
    match signer {
        SignerMaterial::Certificate(der) => {
            let got = crypto::pem_block(&text, &["CERTIFICATE"])?;
            if got != der {
                return Err("the logged certificate is not the bundle's certificate".into());
            }
        }
        SignerMaterial::PublicKey(der) => {
            let got = crypto::pem_block(&text, &["PUBLIC KEY"])?;
            if got != der {
                return Err("the logged public key is not the verifying key".into());
            }
        }
    }
    Ok(())
}

/// Checks the log entry body against the bundle.
pub(crate) fn check_body(
    body: &[u8],
    kind: &str,
    version: &str,
    exp: &Expected<'_>,
) -> Result<(), String> {
    let v: Value =
        serde_json::from_slice(body).map_err(|e| format!("entry body is not JSON: {e}"))?;
    let bkind = get_str(&v, &["kind"])?;
    let bver = get_str(&v, &["apiVersion"])?;
    if bkind != kind || bver != version {
        return Err(format!(
            "entry body is {bkind} {bver} but the bundle says {kind} {version}"
        ));
    }
    match (kind, version, exp.content) {
        (
            "hashedrekord",
            "0.0.1",
            ContentRef::Message {
                signature,
                artifact_digests,
            },
        ) => {
            let alg = get_str(&v, &["spec", "data", "hash", "algorithm"])?;
            let value = get_str(&v, &["spec", "data", "hash", "value"])?;
            let h = hash_from_name(alg).ok_or(format!("unknown hash algorithm `{alg}`"))?;
            let logged =
                hex::decode(value).map_err(|_| "logged artifact hash is not hex".to_string())?;
            digest_matches(h, &logged, artifact_digests)?;
            let sig = b64(get_str(&v, &["spec", "signature", "content"])?)?;
            if sig != *signature {
                return Err("the logged signature is not the bundle's signature".into());
            }
            pem_b64_matches(
                get_str(&v, &["spec", "signature", "publicKey", "content"])?,
                exp.signer,
            )
        }
        ("hashedrekord", "0.0.2", content) => {
            let spec = get(&v, &["spec", "hashedRekordV002"])
                .ok_or("entry body has no spec.hashedRekordV002")?;
            let alg = get_str(spec, &["data", "algorithm"])?;
            let h = hash_from_name(alg).ok_or(format!("unknown hash algorithm `{alg}`"))?;
            let logged = b64(get_str(spec, &["data", "digest"])?)?;
            let sig = b64(get_str(spec, &["signature", "content"])?)?;
            match content {
                ContentRef::Message {
                    signature,
                    artifact_digests,
                } => {
                    digest_matches(h, &logged, artifact_digests)?;
                    if sig != *signature {
                        return Err("the logged signature is not the bundle's signature".into());
                    }
                }
                ContentRef::Dsse {
                    pae, signatures, ..
                } => {
                    if h.digest(pae) != logged {
                        return Err(
                            "the logged digest is not the digest of the envelope's PAE".into()
                        );
                    }
                    if signatures.len() != 1 || sig != signatures[0] {
                        return Err("the logged signature is not the envelope's signature".into());
                    }
                }
            }
            let verifier = get(spec, &["signature", "verifier"])
                .ok_or("entry body has no signature.verifier")?;
            match exp.signer {
                SignerMaterial::Certificate(der) => {
                    let raw = b64(get_str(verifier, &["x509Certificate", "rawBytes"])?)?;
                    if raw != der {
                        return Err(
                            "the logged certificate is not the bundle's certificate".into()
                        );
                    }
                }
                SignerMaterial::PublicKey(der) => {
                    let raw = b64(get_str(verifier, &["publicKey", "rawBytes"])?)?;
                    if raw != der {
                        return Err("the logged public key is not the verifying key".into());
                    }
                }
            }
            Ok(())
        }
        (
            "dsse",
            "0.0.1",
            ContentRef::Dsse {
                payload,
                signatures,
                ..
            },
        ) => {
            let alg = get_str(&v, &["spec", "payloadHash", "algorithm"])?;
            let h = hash_from_name(alg).ok_or(format!("unknown hash algorithm `{alg}`"))?;
            let logged = hex::decode(get_str(&v, &["spec", "payloadHash", "value"])?)
                .map_err(|_| "logged payload hash is not hex".to_string())?;
            if h.digest(payload) != logged {
                return Err("the logged payload hash is not the envelope payload's".into());
            }
            let sigs = get(&v, &["spec", "signatures"])
                .and_then(Value::as_array)
                .ok_or("entry body has no spec.signatures")?;
            match_signatures(sigs, signatures, exp.signer, |s| {
                Ok((
                    b64(get_str(s, &["signature"])?)?,
                    get_str(s, &["verifier"])?.to_string(),
                ))
            })
        }
        (
            "intoto",
            "0.0.2",
            ContentRef::Dsse {
                payload_type,
                payload,
                signatures,
                ..
            },
        ) => {
            let content = get(&v, &["spec", "content"]).ok_or("entry body has no spec.content")?;
            let alg = get_str(content, &["payloadHash", "algorithm"])?;
            let h = hash_from_name(alg).ok_or(format!("unknown hash algorithm `{alg}`"))?;
            let logged = hex::decode(get_str(content, &["payloadHash", "value"])?)
                .map_err(|_| "logged payload hash is not hex".to_string())?;
            if h.digest(payload) != logged {
                return Err("the logged payload hash is not the envelope payload's".into());
            }
            let env = get(content, &["envelope"]).ok_or("entry body has no envelope")?;
            if get_str(env, &["payloadType"])? != *payload_type {
                return Err("the logged payload type is not the envelope's".into());
            }
            if let Some(p) = env.get("payload").and_then(Value::as_str) {
                if b64_maybe_twice(p)? != *payload {
                    return Err("the logged payload is not the envelope payload".into());
                }
            }
            let sigs = env
                .get("signatures")
                .and_then(Value::as_array)
                .ok_or("entry body has no envelope.signatures")?;
            match_signatures(sigs, signatures, exp.signer, |s| {
                Ok((
                    b64_maybe_twice(get_str(s, &["sig"])?)?,
                    get_str(s, &["publicKey"])?.to_string(),
                ))
            })
        }
        (k, ver, ContentRef::Message { .. }) => Err(format!(
            "a log entry of kind {k} {ver} cannot record a message signature"
        )),
        (k, ver, ContentRef::Dsse { .. }) => Err(format!(
            "a log entry of kind {k} {ver} cannot record a DSSE envelope (supported: dsse 0.0.1, intoto 0.0.2, hashedrekord 0.0.2)"
        )),
    }
}

/// intoto 0.0.2 stores the envelope's base64 strings base64-encoded once more; a value that
/// does not decode twice is taken as encoded once.
fn b64_maybe_twice(s: &str) -> Result<Vec<u8>, String> {
    let once = b64(s)?;
    Ok(std::str::from_utf8(&once)
        .ok()
        .and_then(|t| b64(t).ok())
        .unwrap_or(once))
}

fn digest_matches(h: Hash, logged: &[u8], artifact: &[(Hash, Vec<u8>)]) -> Result<(), String> {
    match artifact.iter().find(|(a, _)| *a == h) {
        Some((_, d)) if d == logged => Ok(()),
        Some(_) => Err(format!(
            "the logged artifact digest {} is not the artifact's",
            hex::encode(logged)
        )),
        None => Err(format!(
            "the entry records a {} digest, which is not known for the artifact",
            h.name()
        )),
    }
}

/// The logged signatures must be exactly the envelope's, each with the signer's material.
fn match_signatures(
    logged: &[Value],
    envelope: &[&[u8]],
    signer: SignerMaterial<'_>,
    read: impl Fn(&Value) -> Result<(Vec<u8>, String), String>,
) -> Result<(), String> {
    if logged.len() != envelope.len() {
        return Err(format!(
            "the entry logs {} signature(s), the envelope has {}",
            logged.len(),
            envelope.len()
        ));
    }
    for s in logged {
        let (sig, verifier) = read(s)?;
        if !envelope.contains(&sig.as_slice()) {
            return Err("a logged signature is not in the envelope".into());
        }
        pem_b64_matches(&verifier, signer)?;
    }
    Ok(())
}

/// Verifies the SET: the log's signature over the canonical JSON of body, integrated time,
/// log id (hex) and log index.
pub(crate) fn verify_set(
    log: &TrustedLog,
    body_b64: &str,
    integrated_time: i64,
    log_index: i64,
    set: &[u8],
) -> Result<(), String> {
    let canonical = format!(
        "{{\"body\":{},\"integratedTime\":{integrated_time},\"logID\":\"{}\",\"logIndex\":{log_index}}}",
        serde_json::Value::String(body_b64.to_string()),
        hex::encode(&log.key_id)
    );
    log.key
        .verify(Signed::Message(canonical.as_bytes()), None, set)
        .map_err(|e| format!("signed entry timestamp: {e}"))
}

/// RFC 6962 leaf hash.
pub(crate) fn leaf_hash(entry: &[u8]) -> [u8; 32] {
    let mut buf = Vec::with_capacity(entry.len() + 1);
    buf.push(0u8);
    buf.extend_from_slice(entry);
    crypto::sha256(&buf)
}

fn node_hash(left: &[u8], right: &[u8]) -> [u8; 32] {
    let mut buf = Vec::with_capacity(65);
    buf.push(1u8);
    buf.extend_from_slice(left);
    buf.extend_from_slice(right);
    crypto::sha256(&buf)
}

/// Checks an inclusion proof (RFC 9162 §2.1.3.2) of `leaf` at `index` in a tree of `size`.
pub(crate) fn verify_inclusion(
    leaf: &[u8; 32],
    index: u64,
    size: u64,
    path: &[Vec<u8>],
    root: &[u8],
) -> Result<(), String> {
    if index >= size {
        return Err(format!("leaf index {index} is not below tree size {size}"));
    }
    let mut fnode = index;
    let mut snode = size - 1;
    let mut r = *leaf;
    for p in path {
        if p.len() != 32 {
            return Err("a proof hash is not 32 bytes".into());
        }
        if snode == 0 {
            return Err("the proof is longer than the tree is deep".into());
        }
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(p, &r);
            if fnode & 1 == 0 {
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 {
        return Err("the proof is shorter than the tree is deep".into());
    }
    if r != root {
        return Err("the proof does not lead to the root hash".into());
    }
    Ok(())
}

/// A checkpoint's note body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Vec<u8>,
}

/// Verifies a checkpoint (signed note) by `log`: a signature line named after the log with the
/// log's key hint must verify over the note text; then the note's size and root hash must be
/// the proof's.
pub(crate) fn verify_checkpoint(
    envelope: &str,
    log: &TrustedLog,
    tree_size: u64,
    root: &[u8],
) -> Result<Checkpoint, String> {
    let split = envelope
        .find("\n\n")
        .ok_or("checkpoint has no blank line before its signatures")?;
    let text = &envelope[..=split];
    let mut lines = text.lines();
    let origin = lines.next().unwrap_or_default().to_string();
    let size = lines
        .next()
        .and_then(|l| l.parse::<u64>().ok())
        .ok_or("checkpoint has no tree size on its second line")?;
    let cp_root = lines
        .next()
        .and_then(|l| b64(l).ok())
        .filter(|r| r.len() == 32)
        .ok_or("checkpoint has no root hash on its third line")?;
    let origin_name = origin.split(' ').next().unwrap_or_default();
    if origin_name != log.name {
        return Err(format!(
            "checkpoint origin `{origin}` is not the log `{}`",
            log.name
        ));
    }
    let hint = log
        .key_id
        .get(..4)
        .ok_or("log id is shorter than a key hint")?;
    let mut candidates = 0;
    let mut last_err = String::new();
    for line in envelope[split + 2..].lines() {
        let Some(rest) = line.strip_prefix("\u{2014} ") else {
            continue;
        };
        let Some((name, sig)) = rest.split_once(' ') else {
            continue;
        };
        let Ok(sig) = b64(sig) else { continue };
        if name != log.name || sig.len() <= 4 || &sig[..4] != hint {
            continue;
        }
        candidates += 1;
        match log
            .key
            .verify(Signed::Message(text.as_bytes()), None, &sig[4..])
        {
            Ok(()) => {
                if size != tree_size {
                    return Err(format!(
                        "checkpoint tree size {size} is not the proof's {tree_size}"
                    ));
                }
                if cp_root != root {
                    return Err("checkpoint root hash is not the proof's root hash".into());
                }
                return Ok(Checkpoint {
                    origin,
                    size,
                    root: cp_root,
                });
            }
            Err(e) => last_err = e,
        }
    }
    if candidates == 0 {
        Err(format!(
            "checkpoint has no signature by the log `{}` with key hint {}",
            log.name,
            hex::encode(hint)
        ))
    } else {
        Err(format!("checkpoint signature by the log: {last_err}"))
    }
}

#[cfg(test)]
mod tests;
