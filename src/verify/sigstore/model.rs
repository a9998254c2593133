//! The JSON shapes read from disk: a Sigstore bundle (protobuf-specs `Bundle` v0.1–v0.3 in its
//! JSON mapping) and a `trusted_root.json` (`TrustedRoot` v0.1). Fields are kept as they are
//! written (base64 strings, int64 as string or number); decoding and checking them is the
//! verifier's job, so a bad value becomes a located failure, not a parse error.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

/// A protobuf JSON int64: a decimal string or a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Int64(pub i64);

impl<'de> Deserialize<'de> for Int64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Int64;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an integer or a decimal string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Int64, E> {
                Ok(Int64(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Int64, E> {
                i64::try_from(v)
                    .map(Int64)
                    .map_err(|_| E::custom("integer out of range"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Int64, E> {
                v.trim()
                    .parse::<i64>()
                    .map(Int64)
                    .map_err(|_| E::custom(format!("`{v}` is not an integer")))
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------------------------
// Bundle

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BundleJson {
    #[serde(default)]
    pub media_type: String,
    #[serde(default)]
    pub verification_material: Option<VerificationMaterialJson>,
    #[serde(default)]
    pub message_signature: Option<MessageSignatureJson>,
    #[serde(default)]
    pub dsse_envelope: Option<EnvelopeJson>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VerificationMaterialJson {
    #[serde(default)]
    pub x509_certificate_chain: Option<CertChainJson>,
    #[serde(default)]
    pub certificate: Option<RawBytesJson>,
    #[serde(default)]
    pub public_key: Option<PublicKeyIdJson>,
    #[serde(default)]
    pub tlog_entries: Vec<TlogEntryJson>,
    #[serde(default)]
    pub timestamp_verification_data: Option<TimestampDataJson>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CertChainJson {
    #[serde(default)]
    pub certificates: Vec<RawBytesJson>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawBytesJson {
    #[serde(default)]
    pub raw_bytes: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PublicKeyIdJson {
    #[serde(default)]
    pub hint: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TlogEntryJson {
    #[serde(default)]
    pub log_index: Int64,
    #[serde(default)]
    pub log_id: LogIdJson,
    #[serde(default)]
    pub kind_version: KindVersionJson,
    #[serde(default)]
    pub integrated_time: Option<Int64>,
    #[serde(default)]
    pub inclusion_promise: Option<InclusionPromiseJson>,
    #[serde(default)]
    pub inclusion_proof: Option<InclusionProofJson>,
    #[serde(default)]
    pub canonicalized_body: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LogIdJson {
    #[serde(default)]
    pub key_id: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct KindVersionJson {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub version: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InclusionPromiseJson {
    #[serde(default)]
    pub signed_entry_timestamp: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InclusionProofJson {
    #[serde(default)]
    pub log_index: Int64,
    #[serde(default)]
    pub root_hash: String,
    #[serde(default)]
    pub tree_size: Int64,
    #[serde(default)]
    pub hashes: Vec<String>,
    #[serde(default)]
    pub checkpoint: Option<CheckpointJson>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CheckpointJson {
    #[serde(default)]
    pub envelope: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TimestampDataJson {
    #[serde(default)]
    pub rfc3161_timestamps: Vec<Rfc3161Json>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Rfc3161Json {
    #[serde(default)]
    pub signed_timestamp: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MessageSignatureJson {
    #[serde(default)]
    pub message_digest: Option<HashOutputJson>,
    #[serde(default)]
    pub signature: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HashOutputJson {
    #[serde(default)]
    pub algorithm: String,
    #[serde(default)]
    pub digest: String,
}

/// A DSSE envelope as a bundle carries it (payload and signatures base64).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EnvelopeJson {
    #[serde(default)]
    pub payload: String,
    #[serde(default)]
    pub payload_type: String,
    #[serde(default)]
    pub signatures: Vec<EnvelopeSignatureJson>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EnvelopeSignatureJson {
    #[serde(default)]
    pub sig: String,
}

// ---------------------------------------------------------------------------------------------
// Trusted root

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TrustedRootJson {
    #[serde(default)]
    pub media_type: String,
    #[serde(default)]
    pub tlogs: Vec<LogInstanceJson>,
    #[serde(default)]
    pub certificate_authorities: Vec<AuthorityJson>,
    #[serde(default)]
    pub ctlogs: Vec<LogInstanceJson>,
    #[serde(default)]
    pub timestamp_authorities: Vec<AuthorityJson>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LogInstanceJson {
    #[serde(default)]
    pub base_url: String,
    pub public_key: TrustedKeyJson,
    pub log_id: LogIdJson,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TrustedKeyJson {
    #[serde(default)]
    pub raw_bytes: Option<String>,
    #[serde(default)]
    pub valid_for: Option<TimeRangeJson>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TimeRangeJson {
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AuthorityJson {
    #[serde(default)]
    pub uri: Option<String>,
    pub cert_chain: CertChainJson,
    #[serde(default)]
    pub valid_for: Option<TimeRangeJson>,
}
