//! Text of the verifying commands: `verify` (a model or Sigstore signature), `verify-record`
//! and `fetch-check`. Their JSON is the serialized result itself.

use crate::decision::FindingStatus;
use crate::fetchcheck::FetchCheck;
use crate::record::RecordVerification;
use crate::verify::evidence::Verification;
use crate::verify::sigstore;

/// What was verified, by whom, over which digests; or why not.
pub fn signature(this: &Verification) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    match this {
        Verification::Oms(v) => {
            if v.verified {
                let _ = writeln!(o, "{}", v.summary());
            } else {
                let _ = writeln!(o, "NOT verified: model signature");
            }
            if let Some(c) = v.signer.as_ref().and_then(|s| s.certificate.as_ref()) {
                let _ = writeln!(
                    o,
                    "  certificate `{}` chain: {}",
                    c.subject,
                    c.chain.join(" <- ")
                );
                let _ = writeln!(o, "  validity {}", c.validity);
            }
            if v.verified {
                for f in &v.files {
                    let _ = writeln!(o, "  {}  {}", f.sha256, f.name);
                }
            } else {
                for f in &v.failures {
                    let _ = writeln!(o, "  - {f}");
                }
            }
        }
        Verification::SigstoreBundle(v) => {
            let who = match &v.signer {
                Some(sigstore::Signer::Certificate {
                    identity, issuer, ..
                }) => format!(
                    "{} (issuer {})",
                    identity.as_deref().unwrap_or("?"),
                    issuer.as_deref().unwrap_or("?")
                ),
                Some(sigstore::Signer::Key {
                    key_id, algorithm, ..
                }) => format!("key {key_id} ({algorithm})"),
                None => "unknown signer".into(),
            };
            if v.verified {
                let _ = writeln!(
                    o,
                    "verified: Sigstore bundle {} ({}) signed by {who}",
                    v.bundle_version.as_deref().unwrap_or("?"),
                    v.content.as_deref().unwrap_or("?")
                );
                for d in &v.digests {
                    let _ = writeln!(
                        o,
                        "  {}:{}  {}",
                        d.algorithm,
                        d.digest,
                        d.name.as_deref().unwrap_or("")
                    );
                }
                for t in &v.times {
                    let _ = writeln!(o, "  signed at {} ({})", t.time, t.by);
                }
            } else {
                let _ = writeln!(o, "NOT verified: Sigstore bundle signed by {who}");
                for f in &v.failures {
                    let _ = writeln!(o, "  - {}", f.message);
                }
            }
        }
    }
    o
}

/// The verdict, decision id, time, expiry, signer and subjects; or which check failed.
pub fn record(this: &RecordVerification) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    if this.verified {
        let _ = writeln!(o, "verified: decision record {}", this.file);
    } else {
        let _ = writeln!(o, "NOT verified: decision record {}", this.file);
        for f in &this.failures {
            let _ = writeln!(o, "  - {}: {}", f.check, f.message);
        }
    }
    let Some(v) = &this.record else {
        return o;
    };
    let p = &v.record.predicate;
    let _ = writeln!(o, "  verdict   {}", p.verdict.to_string().to_uppercase());
    if v.record.subject.is_empty() {
        let _ = writeln!(o, "  subjects  none: the record admits no model");
    }
    let _ = writeln!(o, "  decision  {}", p.decision_id);
    let _ = writeln!(o, "  time      {}", p.time);
    let _ = writeln!(o, "  expires   {}", p.expires);
    let _ = writeln!(o, "  signer    key {} ({})", v.key_id, v.algorithm);
    let _ = writeln!(o, "  record    sha256 {}", v.sha256);
    let _ = writeln!(
        o,
        "  policies  sha256 {}",
        p.policy_digest.get("sha256").map_or("?", String::as_str)
    );
    let _ = writeln!(o, "  tool      {} {}", p.tool.name, p.tool.version);
    if let Some(g) = &p.git {
        let _ = writeln!(
            o,
            "  git       {}{}{}",
            g.commit.as_deref().unwrap_or("(no commit)"),
            g.repository
                .as_deref()
                .map(|r| format!(" in {r}"))
                .unwrap_or_default(),
            if g.dirty { " (work tree changed)" } else { "" }
        );
    }
    for b in &p.bundles {
        let mut about = Vec::new();
        if let Some(t) = &b.risk_tier {
            about.push(format!("risk tier {t}"));
        }
        if let Some(e) = &b.environment {
            about.push(e.clone());
        }
        let blocking = b
            .findings
            .iter()
            .filter(|f| FindingStatus::of(f.level, f.waiver.as_ref().map(|w| w.expired)).blocks())
            .count();
        let _ = writeln!(
            o,
            "  bundle    {} {}  {}{}{}",
            b.verdict.to_string().to_uppercase(),
            b.path,
            [b.name.as_deref(), b.version.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
            if about.is_empty() {
                String::new()
            } else {
                format!(" ({})", about.join(", "))
            },
            if blocking > 0 {
                format!(": {blocking} blocking finding(s)")
            } else {
                String::new()
            }
        );
    }
    let _ = writeln!(o, "  subjects");
    for s in &v.record.subject {
        for (alg, d) in &s.digest {
            let _ = writeln!(o, "    {alg}:{d}  {}", s.name);
        }
    }
    if !this.artifacts.is_empty() {
        let _ = writeln!(o, "  artifacts");
        for a in &this.artifacts {
            let _ = match &a.subject {
                Some(s) => {
                    let held: Vec<String> = a
                        .bundles
                        .iter()
                        .map(|b| format!("{} in {}", b.verdict.to_string().to_uppercase(), b.path))
                        .collect();
                    writeln!(
                        o,
                        "    ok           {}  (subject {s}: {})",
                        a.path,
                        held.join(", ")
                    )
                }
                None => writeln!(o, "    NOT COVERED  {}  sha256:{}", a.path, a.sha256),
            };
        }
    }
    o
}

/// One line per file that may not be served, or a line saying all may.
pub fn fetch_check(this: &FetchCheck) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let env = this
        .environment
        .as_deref()
        .map(|e| format!(" for {e}"))
        .unwrap_or_default();
    if this.verified {
        let _ = writeln!(
            o,
            "verified: {} file(s) of {} are approved{env}",
            this.files.len(),
            this.folder
        );
    } else {
        let _ = writeln!(o, "NOT verified: {}{env}", this.folder);
        for f in this.files.iter().filter(|f| !f.denials.is_empty()) {
            let _ = writeln!(o, "  {} ({}): {}", f.path, f.digest, f.denials.join("; "));
        }
    }
    o
}
