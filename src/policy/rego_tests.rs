use super::*;

/// The built-in library's tests cover at least 90% of its lines.
#[test]
fn builtin_policies_are_covered_by_their_tests() {
    let set = PolicySet::builtin(true).unwrap();
    let (_, cov) = run_tests_with_coverage(&set, None, DEFAULT_TIMEOUT, true).unwrap();
    assert!(!cov.is_empty());
    let covered: usize = cov.iter().map(|f| f.covered).sum();
    let total: usize = cov.iter().map(|f| f.covered + f.not_covered.len()).sum();
    let pct = covered as f64 * 100.0 / total as f64;
    assert!(pct >= 90.0, "coverage {pct:.1}%: {cov:#?}");
}

/// The built-in library's own Rego unit tests all pass.
#[test]
fn builtin_rego_unit_tests_pass() {
    let set = PolicySet::builtin(true).unwrap();
    let results = run_tests(&set, None, DEFAULT_TIMEOUT).unwrap();
    assert!(results.len() >= 30, "only {} tests found", results.len());
    let failed: Vec<_> = results.iter().filter(|r| !r.passed).collect();
    assert!(failed.is_empty(), "failing Rego tests: {failed:#?}");
}
