//! Tests of the admission decision and of reading the webhook URL.

use super::app::context_of;
use super::cache;
use super::metrics::{Metrics, Outcome};
use super::records::Records;
use super::review::{self, AdmissionRequest};
use super::*;
use crate::policy::PolicySet;
use chrono::Utc;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

fn pod() -> AdmissionRequest {
    review::parse(include_bytes!("../../tests/fixtures/admission/pod.json")).unwrap()
}

#[test]
fn warnings_are_cut_on_character_boundaries() {
    let long = "é".repeat(200);
    let cut = truncate_chars(&long, MAX_WARNING_CHARS);
    assert_eq!(cut.chars().count(), MAX_WARNING_CHARS);
    assert!(cut.ends_with('…'));
    assert_eq!(truncate_chars("short", MAX_WARNING_CHARS), "short");
}

#[test]
fn a_failing_or_runaway_policy_denies() {
    let mut set = PolicySet::default();
    let slow = "package modelgate.admission\n\ndeny contains f if {\n\tsome a in numbers.range(1, 3000)\n\tsome b in numbers.range(1, 3000)\n\ta * b == -1\n\tf := {\"id\": \"x\"}\n}\n";
    set.add_module("slow.rego", slow, false).unwrap();
    let mut ev = set.admission_engine(Duration::from_millis(20)).unwrap();
    let r = decide(
        &pod(),
        &Records::default(),
        &mut ev,
        &Context::default(),
        Utc::now(),
    );
    assert!(!r.allowed);
    assert_eq!(outcome(&r), Outcome::Error);
    let status = r.status.unwrap();
    assert_eq!(status.code, Some(500));
    assert!(status.message.unwrap().contains("denying"));
}

#[test]
fn no_record_denies_and_other_kinds_pass() {
    let set = admission_policies(&[]).unwrap();
    let mut ev = set.admission_engine(DEFAULT_EVAL_TIMEOUT).unwrap();
    let r = decide(
        &pod(),
        &Records::default(),
        &mut ev,
        &Context::default(),
        Utc::now(),
    );
    assert_eq!(outcome(&r), Outcome::Denied);
    assert_eq!(r.uid, "705ab4f5-6393-11e8-b7cc-42010a800002");
    let mut cm = pod();
    cm.kind.kind = "ConfigMap".into();
    cm.object = Some(serde_json::json!({"metadata": {"name": "settings"}, "data": {"a": "b"}}));
    let r = decide(
        &cm,
        &Records::default(),
        &mut ev,
        &Context::default(),
        Utc::now(),
    );
    assert!(r.allowed);
}

#[test]
fn the_url_names_environment_and_dry_run() {
    let metrics = Arc::new(Metrics::default());
    let set = admission_policies(&[]).unwrap();
    let st = AppState {
        records: RwLock::new(Arc::new(Records::default())),
        ready: AtomicBool::new(true),
        unready: Mutex::new(None),
        unready_limit: DEFAULT_UNREADY_LIMIT,
        reload_interval: Duration::from_secs(3),
        pool: Mutex::new(Vec::new()),
        template: set.admission_engine(DEFAULT_EVAL_TIMEOUT).unwrap(),
        warning_ns: None,
        keys: Vec::new(),
        dry_run_namespaces: Arc::from(Vec::new()),
        environment: Some("production".into()),
        max_body: DEFAULT_MAX_BODY,
        request_timeout: Duration::from_secs(1),
        metrics,
    };
    let c = context_of("/validate", None, &st);
    assert_eq!(
        (c.environment.as_deref(), c.dry_run),
        (Some("production"), false)
    );
    let c = context_of("/validate/environment/staging/dry-run", None, &st);
    assert_eq!(
        (c.environment.as_deref(), c.dry_run),
        (Some("staging"), true)
    );
    let c = context_of("/validate", Some("environment=dev&mode=dry-run"), &st);
    assert_eq!((c.environment.as_deref(), c.dry_run), (Some("dev"), true));
}

/// The runtime verifier image of tests/fixtures/admission/pod-verified.json.
const VERIFIER: &str = "sha256:0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f";

/// The cache's time windows checked against the admission policy itself: an answer evaluated
/// at the start of a window is the fresh answer at its last instant, and the fresh answer one
/// nanosecond later differs (the expiry warning appears; then the record no longer counts).
#[test]
fn a_remembered_answer_holds_exactly_as_long_as_the_fresh_one() {
    let records = super::records::tests::shared_artifact_record(&["examples/approved"]);
    let params = serde_json::json!(
        {"modelgate": {"params": {"admission": {"runtime_verifier_images": [VERIFIER]}}}}
    );
    let set = admission_policies(&[params]).unwrap();
    let mut ev = set.admission_engine(DEFAULT_EVAL_TIMEOUT).unwrap();
    let warning_ns = super::app::expiry_warning_ns(&mut ev).unwrap();
    assert_eq!(warning_ns, 7 * 24 * 3600 * 1_000_000_000);
    let req = review::parse(include_bytes!(
        "../../tests/fixtures/admission/pod-verified.json"
    ))
    .unwrap();
    let ctx = Context {
        environment: Some("production".into()),
        ..Default::default()
    };
    let summary = super::decide::summarize(&req, &ctx).unwrap();
    let views = records.for_digest(&summary.models[0].digest);
    assert!(!views.is_empty());
    let expires = views[0].expires_ns;
    assert!(views.iter().all(|v| v.expires_ns == expires));
    let mut answer = |ns: i64| {
        decide(
            &req,
            &records,
            &mut ev,
            &ctx,
            chrono::DateTime::from_timestamp_nanos(ns),
        )
    };
    let expiring = |r: &review::AdmissionResponse| {
        r.warnings
            .iter()
            .any(|w| w.starts_with("admission-record-expiring"))
    };

    // Ten seconds before the warning: the window ends where the warning begins.
    let t0 = expires - warning_ns - 10_000_000_000;
    let until = cache::valid_until(&summary, &records, t0, warning_ns);
    assert_eq!(until, expires - warning_ns);
    let first = answer(t0);
    assert!(first.allowed && !expiring(&first), "{first:?}");
    assert_eq!(answer(until), first);
    let after = answer(until + 1);
    assert!(after.allowed && expiring(&after), "{after:?}");

    // Ten seconds before the expiry: the window ends at the expiry.
    let t1 = expires - 10_000_000_000;
    let until = cache::valid_until(&summary, &records, t1, warning_ns);
    assert_eq!(until, expires);
    let last = answer(t1);
    assert!(last.allowed && expiring(&last), "{last:?}");
    assert_eq!(answer(until), last);
    assert_eq!(outcome(&answer(until + 1)), Outcome::Denied);

    // Far from any record's time, an answer is reused for a bounded time only.
    let t2 = expires - 100 * warning_ns;
    assert_eq!(
        cache::valid_until(&summary, &records, t2, warning_ns),
        t2 + cache::MAX_AGE_NS
    );
}

#[test]
fn a_remembered_answer_carries_the_new_uid_and_only_within_its_window() {
    let c = cache::DecisionCache::default();
    let mut r = review::AdmissionResponse::deny("first", 403, "Forbidden", "no".into());
    r.warnings.push("w".into());
    c.put("k".into(), 100, 200, &r);
    let hit = c.get("k", 150, "second").unwrap();
    assert_eq!(hit.uid, "second");
    assert_eq!(
        review::AdmissionResponse {
            uid: "first".into(),
            ..hit
        },
        r
    );
    assert!(c.get("k", 200, "u").is_some());
    assert!(c.get("k", 201, "u").is_none());
    // A clock that went back does not reuse it either.
    assert!(c.get("k", 99, "u").is_none());
    assert!(c.get("other", 150, "u").is_none());
}

/// The request's uid is left out of the cache key, and the time's only uses are the two that
/// `cache::valid_until` accounts for: a change to the admission policy's reading of either must
/// revisit the cache.
#[test]
fn the_admission_policy_reads_the_time_only_where_the_cache_knows() {
    let mut uses = Vec::new();
    for (name, text) in crate::policy::BUILTIN {
        let package = crate::policy::package_of(text).unwrap_or_default();
        if package != "modelgate.lib" && package != crate::policy::ADMISSION_PACKAGE {
            continue;
        }
        for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
            assert!(!line.contains("uid"), "{name}: {line}");
            if ["now_ns", "input.now", "time.now"]
                .iter()
                .any(|w| line.contains(w))
            {
                uses.push(line.trim().to_string());
            }
        }
    }
    assert_eq!(
        uses,
        [
            "current[d] := [r | some r in deciding[d]; r.expires_ns >= input.now_ns] if some d in digests",
            "latest - input.now_ns < p.expiry_warning_days * day_ns",
        ]
    );
}

/// Two requests for the same workload get the same answer, each with its own uid, whether or
/// not the second one is remembered; another namespace's is its own.
#[test]
fn remembered_keys_tell_workloads_apart() {
    let req = pod();
    let ctx = Context::default();
    let mut a = super::decide::summarize(&req, &ctx).unwrap();
    let mut again = super::decide::summarize(&req, &ctx).unwrap();
    again.uid = "another".into();
    let key = cache::key(&mut a, false).unwrap();
    assert_eq!(a.uid, req.uid);
    assert_eq!(Some(&key), cache::key(&mut again, false).as_ref());
    assert_ne!(Some(&key), cache::key(&mut again, true).as_ref());
    again.namespace = "elsewhere".into();
    assert_ne!(Some(&key), cache::key(&mut again, false).as_ref());
}
