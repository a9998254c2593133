//! The identity policy: who may have signed (allowed keyless identities, by exact value or
//! anchored pattern, and allowed public keys) and the trusted root, as one [`TrustPolicy`].

use super::trust::TrustedRoot;
use crate::error::{Error, Result};
use crate::verify::dsse::PublicKey;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Matches an identity or issuer: exactly, or by a regular expression over the whole value.
#[derive(Debug, Clone)]
pub enum Matcher {
    Exact(String),
    Pattern(regex::Regex),
}

impl Matcher {
    pub fn exact(s: impl Into<String>) -> Matcher {
        Matcher::Exact(s.into())
    }

    /// A pattern anchored at both ends (`.*@example\.com` matches the whole value).
    pub fn pattern(re: &str) -> Result<Matcher> {
        regex::Regex::new(&format!("^(?:{re})$"))
            .map(Matcher::Pattern)
            .map_err(|e| Error::Usage(format!("invalid identity pattern `{re}`: {e}")))
    }

    pub fn matches(&self, value: &str) -> bool {
        match self {
            Matcher::Exact(s) => s == value,
            Matcher::Pattern(re) => re.is_match(value),
        }
    }
}

impl std::fmt::Display for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Matcher::Exact(s) => write!(f, "{s}"),
            Matcher::Pattern(re) => write!(f, "/{}/", re.as_str()),
        }
    }
}

/// An allowed keyless signer: the OIDC issuer and the certificate identity (SAN).
#[derive(Debug, Clone)]
pub struct AllowedIdentity {
    pub issuer: Matcher,
    pub subject: Matcher,
}

impl AllowedIdentity {
    pub fn exact(issuer: impl Into<String>, subject: impl Into<String>) -> AllowedIdentity {
        AllowedIdentity {
            issuer: Matcher::exact(issuer),
            subject: Matcher::exact(subject),
        }
    }

    pub fn from_spec(spec: &SignerSpec) -> Result<AllowedIdentity> {
        let subject = match (&spec.subject, &spec.subject_regex) {
            (Some(s), None) => Matcher::exact(s.clone()),
            (None, Some(re)) => Matcher::pattern(re)?,
            _ => {
                return Err(Error::Usage(format!(
                "allowed signer for issuer `{}` needs exactly one of `subject` and `subjectRegex`",
                spec.issuer
            )))
            }
        };
        Ok(AllowedIdentity {
            issuer: Matcher::exact(spec.issuer.clone()),
            subject,
        })
    }
}

/// Configuration form of an allowed keyless signer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SignerSpec {
    /// OIDC issuer, exactly (`https://token.actions.githubusercontent.com`).
    pub issuer: String,
    /// Certificate identity (SAN URI or e-mail), exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Certificate identity as a regular expression over the whole value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_regex: Option<String>,
}

/// What a bundle is verified against.
#[derive(Debug, Clone)]
pub struct TrustPolicy {
    pub root: TrustedRoot,
    /// Allowed keyless signers; a certificate bundle must match one.
    pub identities: Vec<AllowedIdentity>,
    /// Allowed public keys; a key bundle must be signed by one.
    pub keys: Vec<PublicKey>,
}

impl TrustPolicy {
    pub fn new(root: TrustedRoot) -> TrustPolicy {
        TrustPolicy {
            root,
            identities: Vec::new(),
            keys: Vec::new(),
        }
    }
    pub fn with_identity(mut self, identity: AllowedIdentity) -> TrustPolicy {
        self.identities.push(identity);
        self
    }
    pub fn with_key(mut self, key: PublicKey) -> TrustPolicy {
        self.keys.push(key);
        self
    }
}
