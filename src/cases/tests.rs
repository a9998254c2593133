use super::*;
use serde_json::json;

fn case_text(id: &str, extra: &str) -> String {
    format!(
        "id: {id}\ntitle: t\nlaw: GDPR Art. 44\nquote: \"Any transfer ...\"\nbase: approved\nnow: 2026-11-29T12:00:00Z\n{extra}"
    )
}

#[test]
fn embedded_cases_are_the_files_in_policies_cases() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/cases");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
        .map(|n| format!("policies/cases/{n}"))
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = CASES.iter().map(|(p, _)| p.to_string()).collect();
    embedded.sort();
    assert_eq!(
        embedded, on_disk,
        "src/cases/embedded.rs CASES must list exactly the case files in policies/cases/"
    );
    for (path, text) in CASES {
        let disk =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
                .unwrap();
        assert_eq!(&disk, text, "{path}");
    }
}

#[test]
fn every_embedded_case_parses() {
    let cases = all().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cases.len(), CASES.len());
}

#[test]
fn cases_for_rule_lists_cases_naming_the_rule_anywhere() {
    let tb1 = cases_for_rule("gdpr-transfer-mechanism");
    assert!(
        tb1.contains(&"tb1-transfer-to-india-as-adequacy"),
        "{tb1:?}"
    );
    // TB5 names the rule under `not`: it is linked too.
    assert!(tb1.contains(&"tb5-transfer-to-uk-alias"), "{tb1:?}");
    assert!(cases_for_rule("no-such-rule").is_empty());
    let mut sorted = tb1.clone();
    sorted.sort_unstable();
    assert_eq!(tb1, sorted);
}

#[test]
fn a_well_formed_case_parses() {
    let c = parse(
        "policies/cases/x-1.yaml",
        &case_text(
            "x-1",
            "edit:\n  README.md: {replace: [[a, b]]}\n  data/d.yaml: {personalData: {transfers: null}}\nexpect:\n  verdict: block\n  deny: [gdpr-transfer-mechanism]\n  not: [gdpr-retention]\n",
        ),
    )
    .unwrap();
    assert_eq!(c.expect.verdict, Verdict::Block);
    let edits = c.file_edits().unwrap();
    assert_eq!(
        edits[0],
        (
            "README.md".to_string(),
            FileEdit::Text(TextEdit {
                replace: vec![("a".into(), "b".into())],
                append: None
            })
        )
    );
    assert_eq!(
        edits[1].1,
        FileEdit::MergePatch(json!({"personalData": {"transfers": null}}))
    );
    let ids: Vec<_> = c.rule_ids().collect();
    assert_eq!(
        ids,
        [
            ("deny", "gdpr-transfer-mechanism"),
            ("not", "gdpr-retention")
        ]
    );
}

#[test]
fn a_case_whose_id_is_not_its_file_name_is_refused() {
    let e = parse(
        "policies/cases/other.yaml",
        &case_text("x-1", "expect: {verdict: approve}\n"),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("differs from the file name `other`"), "{e}");
}

#[test]
fn empty_law_or_quote_and_unknown_keys_are_refused() {
    let text = "id: x\ntitle: t\nlaw: \"\"\nquote: \" \"\nbase: approved\nnow: 2026-11-29T12:00:00Z\nexpect: {verdict: approve}\n";
    let e = parse("policies/cases/x.yaml", text)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("`law` is empty") && e.contains("`quote` is empty"),
        "{e}"
    );
    let e = parse(
        "policies/cases/x.yaml",
        &case_text("x", "pending: [a]\nexpect: {verdict: approve}\n"),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("unknown field `pending`"), "{e}");
}

#[test]
fn contradictory_expectations_are_refused() {
    for (extra, want) in [
        (
            "expect: {verdict: approve, deny: [a]}\n",
            "an approval cannot expect",
        ),
        (
            "expect: {verdict: block}\n",
            "a block must name at least one rule",
        ),
        (
            "expect: {verdict: block, deny: [a], not: [a]}\n",
            "both expected and excluded",
        ),
    ] {
        let e = parse("policies/cases/x.yaml", &case_text("x", extra))
            .unwrap_err()
            .to_string();
        assert!(e.contains(want), "{extra}: {e}");
    }
}

#[test]
fn paths_that_leave_the_bundle_copy_are_refused() {
    for p in ["../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "C:x"] {
        let e = parse(
            "policies/cases/x.yaml",
            &case_text(
                "x",
                &format!("remove: [\"{p}\"]\nexpect: {{verdict: approve}}\n"),
            ),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("must"), "{p}: {e}");
        let e = parse(
            "policies/cases/x.yaml",
            &case_text(
                "x",
                &format!("edit: {{\"{p}\": {{append: x}}}}\nexpect: {{verdict: approve}}\n"),
            ),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("must"), "{p}: {e}");
    }
    let text =
        case_text("x", "expect: {verdict: approve}\n").replace("base: approved", "base: ../x");
    let e = parse("policies/cases/x.yaml", &text)
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a folder name under examples/"), "{e}");
}

#[test]
fn text_edits_must_say_what_they_do() {
    let e = parse(
        "policies/cases/x.yaml",
        &case_text("x", "edit: {README.md: {}}\nexpect: {verdict: approve}\n"),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("needs `replace` or `append`"), "{e}");
    let e = parse(
        "policies/cases/x.yaml",
        &case_text(
            "x",
            "edit: {README.md: {replace: [[\"\", x]]}}\nexpect: {verdict: approve}\n",
        ),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("replaced text is empty"), "{e}");
    // A merge patch's keys are free; a text edit's are not.
    let e = parse(
        "policies/cases/x.yaml",
        &case_text(
            "x",
            "edit: {README.md: {spec: 1}}\nexpect: {verdict: approve}\n",
        ),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("unknown field `spec`"), "{e}");
}

#[test]
fn merge_patch_follows_rfc_7386() {
    // The examples of RFC 7386 Appendix A.
    for (target, patch, want) in [
        (json!({"a": "b"}), json!({"a": "c"}), json!({"a": "c"})),
        (
            json!({"a": "b"}),
            json!({"b": "c"}),
            json!({"a": "b", "b": "c"}),
        ),
        (json!({"a": "b"}), json!({"a": null}), json!({})),
        (
            json!({"a": "b", "b": "c"}),
            json!({"a": null}),
            json!({"b": "c"}),
        ),
        (json!({"a": ["b"]}), json!({"a": "c"}), json!({"a": "c"})),
        (json!({"a": "c"}), json!({"a": ["b"]}), json!({"a": ["b"]})),
        (
            json!({"a": {"b": "c"}}),
            json!({"a": {"b": "d", "c": null}}),
            json!({"a": {"b": "d"}}),
        ),
        (
            json!({"a": [{"b": "c"}]}),
            json!({"a": [1]}),
            json!({"a": [1]}),
        ),
        (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
        (json!({"a": "b"}), json!(["c"]), json!(["c"])),
        (json!({"a": "foo"}), json!(null), json!(null)),
        (json!({"a": "foo"}), json!("bar"), json!("bar")),
        (
            json!({"e": null}),
            json!({"a": 1}),
            json!({"e": null, "a": 1}),
        ),
        (
            json!([1, 2]),
            json!({"a": "b", "c": null}),
            json!({"a": "b"}),
        ),
        (
            json!({}),
            json!({"a": {"bb": {"ccc": null}}}),
            json!({"a": {"bb": {}}}),
        ),
    ] {
        let mut t = target.clone();
        merge_patch(&mut t, &patch);
        assert_eq!(t, want, "{target} + {patch}");
    }
}

#[test]
fn a_replace_whose_old_text_is_absent_is_an_error() {
    let edit = TextEdit {
        replace: vec![("absent".into(), "x".into())],
        append: None,
    };
    let e = edit.apply("some text").unwrap_err();
    assert!(e.contains("text not found") && e.contains("absent"), "{e}");
}

#[test]
fn text_edits_replace_every_occurrence_then_append_on_a_new_line() {
    let edit = TextEdit {
        replace: vec![("a".into(), "b".into())],
        append: Some("end\n".into()),
    };
    assert_eq!(edit.apply("a a").unwrap(), "b b\nend\n");
    assert_eq!(edit.apply("a\n").unwrap(), "b\nend\n");
    let append_only = TextEdit {
        replace: vec![],
        append: Some("x".into()),
    };
    assert_eq!(append_only.apply("").unwrap(), "x");
}
