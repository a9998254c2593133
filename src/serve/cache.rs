//! Admission answers remembered per records snapshot, so that the same workload asked again
//! (a Deployment's replicas, a retried request) is answered without evaluating the policy.
//!
//! An answer is a function of the summarized request, the records of its digests, the dry-run
//! setting and the time. The cache lives inside one [`super::records::Records`] (a reload or a
//! revocation starts an empty one), is keyed by everything of the request the policy reads, and
//! an entry holds only while the time stays in the window where the admission policy's two uses
//! of `input.now_ns` give the same result (see [`valid_until`]; a test pins those uses).

use super::records::Records;
use super::review::{AdmissionResponse, Summary};
use std::collections::HashMap;
use std::sync::Mutex;

/// Most answers kept; past it the cache starts empty again (an admission webhook sees few
/// distinct workloads, so this is reached only by a stream of distinct objects).
const MAX_ENTRIES: usize = 4096;

/// Longest an answer is reused even when no record bounds it: defence in depth, should the
/// policy come to depend on the time in a way [`valid_until`] does not know.
pub const MAX_AGE_NS: i64 = 30 * 1_000_000_000;

struct Entry {
    /// The decision time the answer was evaluated at, and the last one it holds for.
    from_ns: i64,
    until_ns: i64,
    response: AdmissionResponse,
}

/// The answers of one records snapshot.
#[derive(Default)]
pub struct DecisionCache {
    entries: Mutex<HashMap<String, Entry>>,
}

impl std::fmt::Debug for DecisionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.entries.lock().map_or(0, |e| e.len());
        f.debug_struct("DecisionCache")
            .field("entries", &n)
            .finish()
    }
}

impl DecisionCache {
    /// The remembered answer for `key` at `now_ns`, given `uid`; none when the time is outside
    /// the entry's window (a clock that went back included).
    pub fn get(&self, key: &str, now_ns: i64, uid: &str) -> Option<AdmissionResponse> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let e = entries.get(key)?;
        if now_ns < e.from_ns || now_ns > e.until_ns {
            return None;
        }
        let mut r = e.response.clone();
        r.uid = uid.to_string();
        Some(r)
    }

    /// Remembers `response` for decision times `from_ns..=until_ns`.
    pub fn put(&self, key: String, from_ns: i64, until_ns: i64, response: &AdmissionResponse) {
        if until_ns < from_ns {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            entries.clear();
        }
        let mut response = response.clone();
        response.uid.clear();
        entries.insert(
            key,
            Entry {
                from_ns,
                until_ns,
                response,
            },
        );
    }
}

/// What of a request its answer depends on: the summary without the request's uid (the policy
/// never reads it; the answer carries it and [`DecisionCache::get`] puts it back) and whether
/// denials only warn. `None` if the summary cannot be written.
pub fn key(summary: &mut Summary, dry_run: bool) -> Option<String> {
    let uid = std::mem::take(&mut summary.uid);
    let text = serde_json::to_string(&*summary);
    summary.uid = uid;
    let mut text = text.ok()?;
    text.push(if dry_run { '1' } else { '0' });
    Some(text)
}

/// The last decision time at which an answer evaluated at `now_ns` still holds. The admission
/// policy reads the time in two places only: a record counts while `expires_ns >= now_ns`, and
/// the expiry warning fires when the newest current expiry is within `warning_ns`
/// (`expiry_warning_days` in nanoseconds) of `now_ns`. Both flip only at a record's
/// `expires_ns` or `expires_ns - warning_ns`, so the answer holds up to the first of those
/// points not yet passed, and never longer than [`MAX_AGE_NS`].
pub fn valid_until(summary: &Summary, records: &Records, now_ns: i64, warning_ns: i64) -> i64 {
    let mut until = now_ns.saturating_add(MAX_AGE_NS);
    for m in &summary.models {
        for r in records.for_digest(&m.digest) {
            for point in [r.expires_ns, r.expires_ns.saturating_sub(warning_ns)] {
                if point >= now_ns {
                    until = until.min(point);
                }
            }
        }
    }
    until
}
