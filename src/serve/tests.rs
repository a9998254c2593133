//! Tests of the admission decision and of reading the webhook URL.

use super::app::context_of;
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
