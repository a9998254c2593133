use super::*;

/// A manifest entry's error names the entry's own line: not an earlier line that merely
/// contains the same text (`data/a.json` before `a.json`), nor a comment.
#[test]
fn manifest_entries_are_located_by_their_own_node() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/a.json"), "{}").unwrap();
    std::fs::write(
        dir.path().join(MANIFEST),
        "# a.json is listed below\napiVersion: modelgate.dev/v1\nkind: ModelRelease\n\
         metadata: {name: m, version: '1'}\nspec:\n  riskTier: high\n  datasets:\n    - data/a.json\n    - a.json\n",
    )
    .unwrap();
    let e = locate(dir.path(), &crate::limits::Limits::default())
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("line 9"), "{e}");
    assert!(e.contains("/spec/datasets/1"), "{e}");
}
