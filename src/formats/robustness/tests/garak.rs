//! garak JSONL reports: fixtures of each report generation, fallbacks of old reports, the
//! targets and runs a report names, and errors located by line.

use super::*;

#[test]
fn garak_fixture() {
    let r = match load_fixture("garak/garak.report.jsonl") {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(r.format, "garak");
    let b64 = &r.probes[3];
    assert_eq!(
        (b64.passed, b64.total, b64.line),
        (1, 2, 12),
        "nones are not counted"
    );
    // Tool, version, date as RFC 3339 UTC, no digest; garak >= 0.13.1: plugins.target_*, the
    // digest repeating the same target (kept once); the run id; four probes without their
    // `probes.` / `detector.` prefixes, with totals, failure rates and lines.
    snapshot("garak.report.jsonl", &r);
}

#[test]
fn garak_old_format_and_fallbacks() {
    // garak 0.9: `total`, prefixed plugin names, no init entry (setup gives version and time).
    let r = match load_fixture("robustness/loading/garak-0.9-fallbacks.report.jsonl") {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    // Version and start time (read as UTC) from the setup entry.
    assert_eq!(r.tool_version.as_deref(), Some("0.9.0.9"));
    assert_eq!(r.date.as_deref(), Some("2023-11-02T17:45:01.554120Z"));
    // The target from plugins.model_*, no run id, three probes (an unknown entry type is
    // skipped) without their prefixes.
    snapshot("garak-0.9-fallbacks.report.jsonl", &r);
    assert_eq!(
        (r.probes[1].total, r.probes[1].failure_rate),
        (0, 0.0),
        "total 0 is no failure"
    );
    assert_eq!(r.probes[1].detector, "lmrc.Anthro");
    assert_eq!(
        (
            r.probes[2].passed,
            r.probes[2].total,
            r.probes[2].failure_rate
        ),
        (3, 4, 0.25)
    );
}

#[test]
fn garak_targets_of_every_report_generation() {
    // garak <= 0.9.0.9: the command-line arguments, no setup entry.
    let r = match load_fixture("garak/garak-0.9.0.9.report.jsonl") {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        r.targets,
        [ReportTarget {
            name: Some("example-org/credit-chat-7b".into()),
            target_type: Some("huggingface".into()),
            field: "model_name".into(),
            line: 1,
        }]
    );
    snapshot("garak-0.9.0.9.report.jsonl", &r);

    // 0.9.0.10 to 0.13.0: plugins.model_*; the digest (0.12 on) says the same.
    let r = match load_fixture("garak/garak-0.12.0.report.jsonl") {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        r.targets,
        [ReportTarget {
            name: Some("example-bank/support-assistant".into()),
            target_type: Some("huggingface".into()),
            field: "plugins.model_name".into(),
            line: 1,
        }]
    );
    snapshot("garak-0.12.0.report.jsonl", &r);

    // garak.analyze.aggregate_reports: the lead run's setup with plugins.target_* added
    // beside its legacy plugins.model_* (one target), and an init of the aggregate's own
    // run id (two runs).
    let text = [
            r#"{"entry_type": "start_run setup", "_config.version": "0.12.0", "transient.run_id": "lead", "plugins.model_type": "huggingface", "plugins.model_name": "acme/scorer", "plugins.target_type": "huggingface", "plugins.target_name": "acme/scorer", "aggregation": ["a.report.jsonl", "b.report.jsonl"]}"#,
            r#"{"entry_type": "init", "garak_version": "0.12.0", "start_time": "2025-06-04T09:00:00", "run": "aggregate", "orig_uuid": "lead", "orig_start_time": "2025-06-03T14:20:07"}"#,
        ]
        .join("\n");
    let r = match load_str("agg.report.jsonl", &text) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(r.targets.len(), 1, "{:?}", r.targets);
    assert_eq!(r.targets[0].field, "plugins.target_name");
    assert_eq!(r.runs, ["lead", "aggregate"]);
}

#[test]
fn garak_targets_are_all_kept_and_blank_names_name_nothing() {
    let init = r#"{"entry_type": "init", "garak_version": "0.14.1", "start_time": "2025-09-14T10:02:11", "run": "r1"}"#;
    // Two runs concatenated, and a digest naming a third target: every one is kept, so
    // that a policy sees each model the file claims results for.
    let text = [
            r#"{"entry_type": "start_run setup", "transient.run_id": "r1", "plugins.target_type": "huggingface", "plugins.target_name": "acme/credit-risk-scorer"}"#,
            init,
            r#"{"entry_type": "start_run setup", "transient.run_id": "r2", "plugins.target_type": "openai", "plugins.target_name": "gpt-4o"}"#,
            r#"{"entry_type": "init", "garak_version": "0.14.1", "run": "r2"}"#,
            r#"{"entry_type": "digest", "meta": {"run_uuid": "r1", "target_type": "huggingface", "target_name": "acme/credit-risk-scorer"}}"#,
            r#"{"entry_type": "digest", "meta": {"run_uuid": "r3", "model_type": "test.Blank", "model_name": 7}}"#,
        ]
        .join("\n");
    let r = match load_str("g.report.jsonl", &text) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    let names: Vec<(Option<&str>, Option<&str>, &str, usize)> = r
        .targets
        .iter()
        .map(|t| {
            (
                t.name.as_deref(),
                t.target_type.as_deref(),
                t.field.as_str(),
                t.line,
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            (
                Some("acme/credit-risk-scorer"),
                Some("huggingface"),
                "plugins.target_name",
                1
            ),
            (Some("gpt-4o"), Some("openai"), "plugins.target_name", 3),
            (Some("7"), Some("test.Blank"), "meta.model_name", 6),
        ]
    );
    assert_eq!(r.runs, ["r1", "r2", "r3"]);

    // null, blank and absent names name nothing; a type alone is still recorded.
    let text = [
            r#"{"entry_type": "start_run setup", "plugins.target_type": "rest", "plugins.target_name": "   "}"#,
            r#"{"entry_type": "digest", "meta": {"target_type": null, "target_name": null}}"#,
            init,
        ]
        .join("\n");
    let r = match load_str("g.report.jsonl", &text) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        r.targets,
        [ReportTarget {
            name: None,
            target_type: Some("rest".into()),
            field: "plugins.target_name".into(),
            line: 1,
        }]
    );
    // A report without any setup names no target at all.
    let r = match load_str("g.report.jsonl", init) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert!(r.targets.is_empty());
    assert_eq!(r.runs, ["r1"]);

    // A list or an object is not a name: the line is reported.
    let e = fails(
            "g.report.jsonl",
            &format!(
                "{init}\n{{\"entry_type\": \"start_run setup\", \"plugins.target_name\": [\"a\", \"b\"]}}"
            ),
        );
    assert!(
        e.ends_with("line 2: plugins.target_name must be a string, got a list"),
        "{e}"
    );
    let e = fails(
        "g.report.jsonl",
        r#"{"entry_type": "digest", "meta": {"target_name": {"name": "x"}}}"#,
    );
    assert!(
        e.ends_with("line 1: meta.target_name must be a string, got an object"),
        "{e}"
    );
    // A duplicated key is an error, not a choice between two targets.
    let e = fails(
        "g.report.jsonl",
        r#"{"entry_type": "start_run setup", "plugins.target_name": "a", "plugins.target_name": "b"}"#,
    );
    assert!(e.contains("line 1") && e.contains("duplicate field"), "{e}");
}

#[test]
fn garak_errors_name_the_line() {
    let good =
        r#"{"entry_type": "init", "garak_version": "0.12.0", "start_time": "2025-09-14T10:02:11"}"#;
    let e = fails(
        "g.report.jsonl",
        &format!("{good}\n{{\"entry_type\": \"attempt\", \"uuid\": \n"),
    );
    assert!(
        e.starts_with("g.report.jsonl: line 2, column ") && e.contains("invalid garak report line"),
        "{e}"
    );

    let e = fails("g.report.jsonl", &format!("{good}\nnot json at all\n"));
    assert!(
        e.contains("line 2, column ") && e.contains("invalid garak report line"),
        "{e}"
    );

    let e = fails("g.report.jsonl", &format!("{good}\n[1, 2]\n"));
    assert!(
        e.contains("line 2") && e.contains("invalid type: sequence, expected a JSON object"),
        "{e}"
    );

    let e = fails("g.report.jsonl", &format!("{good}\n\n{{\"entry_type\": \"eval\", \"detector\": \"d.D\", \"passed\": 1, \"total\": 2}}\n"));
    assert!(
        e.contains("line 3") && e.contains("missing field `probe`"),
        "{e}"
    );

    let e = fails("g.report.jsonl", &format!("{good}\n{{\"entry_type\": \"eval\", \"probe\": \"p.P\", \"detector\": \"d.D\", \"passed\": 3, \"total\": 2}}"));
    assert!(
        e.ends_with("line 2: eval entry with passed (3) above its total (2)"),
        "{e}"
    );

    let e = fails("g.report.jsonl", &format!("{good}\n{{\"entry_type\": \"eval\", \"probe\": \"p.P\", \"detector\": \"d.D\", \"passed\": -1, \"total\": 2}}"));
    assert!(e.contains("line 2") && e.contains("invalid value"), "{e}");

    let e = fails(
        "g.report.jsonl",
        &format!("{good}\n{{\"entry_type\": \"eval\", \"probe\": \"p.P\", \"detector\": \"d.D\"}}"),
    );
    assert!(e.contains("line 2: eval entry without"), "{e}");
}
