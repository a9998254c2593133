package modelgate.sbom_test

import data.modelgate.sbom

# 2026-11-29T12:00:00Z
now_ns := 1795953600000000000

day_ns := (24 * 3600) * 1000000000

# A component as modelgate's loader gives it, with one license term.
comp(name, version, license) := {
	"name": name,
	"version": version,
	"purl": sprintf("pkg:pypi/%s@%s", [name, version]),
	"type": "library",
	"licenses": [license],
	"license_alternatives": [[license]],
	"license_errors": [],
	"hashes": {"sha256": "ab12"},
	"pointer": "/components/0",
}

# The component with some fields replaced.
with_fields(c, fields) := object.union(c, fields)

# The component without some fields.
without(c, keys) := object.remove(c, keys)

cdx(components) := {
	"source": {"path": "sbom/image.cdx.json"},
	"format": "cyclonedx",
	"spec_version": "1.6",
	"created": "2026-11-02T08:55:12Z",
	"components": components,
}

base := {
	"manifest": {"risk_tier": "high", "environment": "production"},
	"artifacts": [{"path": "model/model.safetensors", "size": 1, "sha256": "00"}],
	"context": {"now_ns": now_ns},
	"sboms": [cdx([comp("numpy", "1.26.4", "BSD-3-Clause")])],
}

# The base input with these components in its SBOM.
with_components(components) := object.union(base, {"sboms": [cdx(components)]})

ids(findings) := {f.id | some f in findings}

# The findings of one rule.
of(findings, id) := [f | some f in findings; f.id == id]

test_clean_sbom_passes if {
	count(sbom.deny) == 0 with input as base
	count(sbom.warn) == 0 with input as base
}

# ----- sbom-missing -----

test_missing_sbom_denied if {
	some f in sbom.deny with input as object.union(base, {"sboms": []})
	f.id == "sbom-missing"
	f.file == "."
	f.msg == "risk tier high requires an SBOM of a deployable release and the bundle has none"
}

test_missing_sbom_below_required_tier_passes if {
	no_sbom := object.union(base, {"sboms": [], "manifest": {"risk_tier": "minimal"}})
	not "sbom-missing" in ids(sbom.deny) with input as no_sbom
}

test_missing_sbom_required_from_is_a_parameter if {
	limited := object.union(base, {"sboms": [], "manifest": {"risk_tier": "limited"}})
	"sbom-missing" in ids(sbom.deny) with input as limited
	not "sbom-missing" in ids(sbom.deny) with input as limited with data.modelgate.params as {"sbom": {"required_from": "high"}}
}

test_missing_sbom_only_for_deployable_releases if {
	research := {"manifest": {"risk_tier": "high", "environment": "research"}, "artifacts": [], "sboms": []}
	not "sbom-missing" in ids(sbom.deny) with input as research

	# Artifacts make a release deployable in any environment.
	with_weights := object.union(research, {"artifacts": [{"path": "m.onnx", "size": 1, "sha256": "00"}]})
	"sbom-missing" in ids(sbom.deny) with input as with_weights
}

test_deployable_environments_is_a_parameter if {
	staging := {"manifest": {"risk_tier": "high", "environment": "staging"}, "artifacts": [], "sboms": []}
	not "sbom-missing" in ids(sbom.deny) with input as staging
	"sbom-missing" in ids(sbom.deny) with input as staging with data.modelgate.params as {"sbom": {"deployable_environments": ["staging"]}}
}

# ----- sbom-license-denied -----

test_denied_license_found if {
	c := with_fields(comp("mongo-driver", "1.0.0", "AGPL-3.0-only"), {"pointer": "/components/7"})
	some f in sbom.deny with input as with_components([c])
	f.id == "sbom-license-denied"
	f.file == "sbom/image.cdx.json"
	f.pointer == "/components/7"
	f.target == "pkg:pypi/mongo-driver@1.0.0"
	f.msg == "component mongo-driver 1.0.0 is licensed AGPL-3.0-only; every alternative includes a denied license (AGPL-3.0-only)"
}

test_denied_license_with_a_compliant_alternative_passes if {
	c := with_fields(comp("dual", "1.0.0", "x"), {
		"licenses": ["MIT OR AGPL-3.0-only"],
		"license_alternatives": [["MIT"], ["AGPL-3.0-only"]],
	})
	not "sbom-license-denied" in ids(sbom.deny) with input as with_components([c])
}

test_denied_license_in_every_alternative if {
	c := with_fields(comp("mixed", "1.0.0", "x"), {
		"licenses": ["(MIT OR Apache-2.0) AND SSPL-1.0"],
		"license_alternatives": [["MIT", "SSPL-1.0"], ["Apache-2.0", "SSPL-1.0"]],
	})
	some f in sbom.deny with input as with_components([c])
	f.id == "sbom-license-denied"
	f.msg == "component mixed 1.0.0 is licensed (MIT OR Apache-2.0) AND SSPL-1.0; every alternative includes a denied license (SSPL-1.0)"
}

test_denied_license_with_exception_is_denied if {
	c := comp("jdk-lib", "1.0.0", "GPL-2.0-only WITH Classpath-exception-2.0")
	params := {"sbom": {"denied_licenses": ["GPL-2.0-only"]}}
	"sbom-license-denied" in ids(sbom.deny) with input as with_components([c]) with data.modelgate.params as params
	not "sbom-license-denied" in ids(sbom.deny) with input as with_components([c])
}

test_denied_list_is_a_parameter if {
	c := comp("x", "1.0.0", "GPL-3.0-only")
	not "sbom-license-denied" in ids(sbom.deny) with input as with_components([c])
	"sbom-license-denied" in ids(sbom.deny) with input as with_components([c]) with data.modelgate.params as {"sbom": {"denied_licenses": ["GPL-3.0-only"]}}
}

test_denied_license_needs_alternatives if {
	c := with_fields(comp("x", "1.0.0", "x"), {"licenses": ["Some Name"], "license_alternatives": []})
	not "sbom-license-denied" in ids(sbom.deny) with input as with_components([c])
}

# ----- sbom-license-not-allowed -----

allow := {"sbom": {"allowed_licenses": ["MIT", "Apache-2.0", "Reviewed Terms"]}}

test_license_not_on_allow_list_denied if {
	c := comp("numpy", "1.26.4", "BSD-3-Clause")
	some f in sbom.deny with input as with_components([c]) with data.modelgate.params as allow
	f.id == "sbom-license-not-allowed"
	f.msg == "component numpy 1.26.4 is licensed BSD-3-Clause, which is not on the allow list"
	f.target == "pkg:pypi/numpy@1.26.4"
}

test_no_allow_list_by_default if {
	not "sbom-license-not-allowed" in ids(sbom.deny) with input as base
}

test_allow_list_needs_one_allowed_alternative if {
	dual := with_fields(comp("dual", "1.0.0", "x"), {"licenses": ["MIT OR GPL-3.0-only"], "license_alternatives": [["MIT"], ["GPL-3.0-only"]]})
	not "sbom-license-not-allowed" in ids(sbom.deny) with input as with_components([dual]) with data.modelgate.params as allow
	both := with_fields(comp("both", "1.0.0", "x"), {"licenses": ["MIT AND GPL-3.0-only"], "license_alternatives": [["GPL-3.0-only", "MIT"]]})
	"sbom-license-not-allowed" in ids(sbom.deny) with input as with_components([both]) with data.modelgate.params as allow
}

test_allow_list_covers_exceptions_of_allowed_licenses if {
	c := comp("llvm", "1.0.0", "Apache-2.0 WITH LLVM-exception")
	not "sbom-license-not-allowed" in ids(sbom.deny) with input as with_components([c]) with data.modelgate.params as allow
}

test_allow_list_and_unparsed_licenses if {
	unknown := with_fields(comp("x", "1.0.0", "x"), {
		"licenses": ["MIT", "Custom Terms"],
		"license_alternatives": [["MIT"]],
		"license_errors": [{"expression": "Custom Terms", "reason": "unknown term at `Custom`"}],
	})
	"sbom-license-not-allowed" in ids(sbom.deny) with input as with_components([unknown]) with data.modelgate.params as allow

	# A reviewed license name is allowed as written.
	reviewed := with_fields(comp("y", "1.0.0", "x"), {
		"licenses": ["Reviewed Terms"],
		"license_alternatives": [],
		"license_errors": [{"expression": "Reviewed Terms", "reason": "unknown term at `Reviewed`"}],
	})
	not "sbom-license-not-allowed" in ids(sbom.deny) with input as with_components([reviewed]) with data.modelgate.params as allow
}

test_allow_list_leaves_denied_and_unlicensed_components_to_their_rules if {
	agpl := comp("mongo", "1.0.0", "AGPL-3.0-only")
	findings := sbom.deny with input as with_components([agpl]) with data.modelgate.params as allow
	ids(findings) == {"sbom-license-denied"}
	none := with_fields(comp("x", "1.0.0", "x"), {"licenses": [], "license_alternatives": []})
	not "sbom-license-not-allowed" in ids(sbom.deny) with input as with_components([none]) with data.modelgate.params as allow
}

# ----- sbom-license-unparsed -----

test_unparsed_license_warned if {
	c := with_fields(comp("bcprov", "1.62", "x"), {
		"licenses": ["Bouncy Castle Licence"],
		"license_alternatives": [],
		"license_errors": [{"expression": "Bouncy Castle Licence", "reason": "unknown term at `Bouncy`"}],
	})
	some f in sbom.warn with input as with_components([c])
	f.id == "sbom-license-unparsed"
	f.msg == "component bcprov 1.62: license \"Bouncy Castle Licence\" cannot be evaluated: unknown term at `Bouncy`"
	f.pointer == "/components/0"
	not "sbom-license-unparsed" in ids(sbom.warn) with input as base
}

# ----- sbom-license-missing -----

test_component_without_license_warned if {
	c := with_fields(comp("mystery", "0.1.0", "x"), {"licenses": [], "license_alternatives": []})
	some f in sbom.warn with input as with_components([c])
	f.id == "sbom-license-missing"
	f.msg == "component mystery 0.1.0 states no license"
}

test_exempt_types_is_a_parameter if {
	file := {"name": "/usr/lib/libz.so.1", "type": "file", "licenses": [], "license_alternatives": [], "license_errors": [], "hashes": {"sha256": "00"}, "pointer": "/components/4"}
	count(sbom.warn) == 0 with input as with_components([file])
	found := ids(sbom.warn) with input as with_components([file]) with data.modelgate.params as {"sbom": {"exempt_types": []}}
	found == {"sbom-license-missing", "sbom-component-version", "sbom-component-purl"}
}

test_component_fields_may_be_absent if {
	# Hand-written inputs may leave the evaluated license fields out.
	c := without(comp("bare", "1.0.0", "MIT"), {"licenses", "license_alternatives", "license_errors", "hashes"})
	"sbom-license-missing" in ids(sbom.warn) with input as with_components([c])
	"sbom-component-hash" in ids(sbom.warn) with input as with_components([c]) with data.modelgate.params as {"sbom": {"require_hashes": true}}
}

# ----- sbom-component-version -----

test_versionless_component_warned if {
	c := without(with_fields(comp("x", "1.0", "MIT"), {"pointer": "/components/3"}), {"version"})
	some f in sbom.warn with input as with_components([c])
	f.id == "sbom-component-version"
	f.pointer == "/components/3"
	f.msg == "component x has no version"
	not "sbom-component-version" in ids(sbom.warn) with input as base
}

# ----- sbom-component-purl -----

test_component_without_purl_warned if {
	c := without(comp("libfoo", "2.0", "MIT"), {"purl"})
	some f in sbom.warn with input as with_components([c])
	f.id == "sbom-component-purl"
	f.target == "libfoo"
	f.msg == "component libfoo 2.0 has no package URL (purl)"
	not "sbom-component-purl" in ids(sbom.warn) with input as base
}

# ----- sbom-component-banned -----

test_default_banned_components_denied if {
	c := with_fields(comp("torchtriton", "3.0.0", "MIT"), {"pointer": "/components/2"})
	some f in sbom.deny with input as with_components([c])
	f.id == "sbom-component-banned"
	f.pointer == "/components/2"
	f.target == "pkg:pypi/torchtriton@3.0.0"
	startswith(f.msg, "component pkg:pypi/torchtriton@3.0.0 is banned (pkg:pypi/torchtriton): malicious package")
}

test_banned_versions_only if {
	bad := comp("ultralytics", "8.3.41", "AGPL-3.0-only")
	good := comp("ultralytics", "8.3.40", "AGPL-3.0-only")
	params := {"sbom": {"denied_licenses": []}}
	ids(sbom.deny) == {"sbom-component-banned"} with input as with_components([bad]) with data.modelgate.params as params
	count(sbom.deny) == 0 with input as with_components([good]) with data.modelgate.params as params
}

test_banned_match_ignores_case_qualifiers_and_pypi_underscores if {
	npm := with_fields(comp("flatmap-stream", "0.1.1", "MIT"), {"purl": "pkg:NPM/flatmap-stream@0.1.1?repository_url=https://registry.npmjs.org#lib"})
	"sbom-component-banned" in ids(sbom.deny) with input as with_components([npm])
	params := {"sbom": {"banned_components": [{"purl": "pkg:pypi/my-pkg", "reason": "r"}]}}
	under := with_fields(comp("My_Pkg", "1.0.0", "MIT"), {"purl": "pkg:pypi/My_Pkg@1.0.0"})
	"sbom-component-banned" in ids(sbom.deny) with input as with_components([under]) with data.modelgate.params as params
}

test_banned_components_is_a_parameter if {
	params := {"sbom": {"banned_components": [{"purl": "pkg:pypi/pickle*@0.*", "reason": "unsafe deserialization library"}]}}
	c := comp("pickle5", "0.0.12", "MIT")
	some f in sbom.deny with input as with_components([c]) with data.modelgate.params as params
	f.msg == "component pkg:pypi/pickle5@0.0.12 is banned (pkg:pypi/pickle*@0.*): unsafe deserialization library"
	not "sbom-component-banned" in ids(sbom.deny) with input as with_components([comp("pickle5", "1.0.0", "MIT")]) with data.modelgate.params as params
	not "sbom-component-banned" in ids(sbom.deny) with input as with_components([comp("torchtriton", "1.0.0", "MIT")]) with data.modelgate.params as params
}

# ----- sbom-component-vulnerable -----

torch_vuln := {
	"id": "GHSA-53q9-r3pm-6pq6",
	"purl": "pkg:pypi/torch",
	"introduced": "0",
	"fixed": "2.6.0",
	"severity": "critical",
	"summary": "torch.load with weights_only=True leads to remote code execution",
}

vulnerable_ids(components, vulns) := found if {
	found := ids(sbom.deny) with input as with_components(components) with data.modelgate.vulnerabilities as vulns
}

test_known_vulnerable_component_denied if {
	c := with_fields(comp("torch", "2.5.1", "BSD-3-Clause"), {"pointer": "/components/1"})
	some f in sbom.deny with input as with_components([c]) with data.modelgate.vulnerabilities as [torch_vuln]
	f.id == "sbom-component-vulnerable"
	f.pointer == "/components/1"
	f.target == "pkg:pypi/torch@2.5.1"
	f.msg == "component torch 2.5.1 (pkg:pypi/torch@2.5.1) is affected by GHSA-53q9-r3pm-6pq6 (critical): torch.load with weights_only=True leads to remote code execution; fixed in 2.6.0"
}

test_fixed_version_passes if {
	not "sbom-component-vulnerable" in vulnerable_ids([comp("torch", "2.6.0", "BSD-3-Clause")], [torch_vuln])
	not "sbom-component-vulnerable" in vulnerable_ids([comp("numpy", "1.0.0", "BSD-3-Clause")], [torch_vuln])
	not "sbom-component-vulnerable" in ids(sbom.deny) with input as with_components([comp("torch", "2.5.1", "BSD-3-Clause")])
}

test_vulnerabilities_as_parameter if {
	params := {"sbom": {"vulnerabilities": [torch_vuln]}}
	"sbom-component-vulnerable" in ids(sbom.deny) with input as with_components([comp("torch", "2.5.1", "BSD-3-Clause")]) with data.modelgate.params as params
}

test_vulnerability_range_bounds if {
	ranged := {"id": "X-1", "purl": "pkg:pypi/lib", "introduced": "2.0.0", "fixed": "2.4.0"}
	not "sbom-component-vulnerable" in vulnerable_ids([comp("lib", "1.13.1", "MIT")], [ranged])
	"sbom-component-vulnerable" in vulnerable_ids([comp("lib", "2.0.0", "MIT")], [ranged])
	"sbom-component-vulnerable" in vulnerable_ids([comp("lib", "2.3.9", "MIT")], [ranged])
	not "sbom-component-vulnerable" in vulnerable_ids([comp("lib", "2.4.0", "MIT")], [ranged])

	# A pre-release of the fixed version is still affected (semver order).
	"sbom-component-vulnerable" in vulnerable_ids([comp("lib", "2.4.0-rc.1", "MIT")], [ranged])

	last := {"id": "X-2", "purl": "pkg:pypi/lib", "last_affected": "1.5"}
	"sbom-component-vulnerable" in vulnerable_ids([comp("lib", "1.5.0", "MIT")], [last])
	not "sbom-component-vulnerable" in vulnerable_ids([comp("lib", "1.5.1", "MIT")], [last])
}

test_vulnerability_without_fix_affects_every_version if {
	malicious := {"id": "MAL-2024-1", "purl": "pkg:pypi/lib"}
	some f in sbom.deny with input as with_components([comp("lib", "9.9.9", "MIT")]) with data.modelgate.vulnerabilities as [malicious]
	f.msg == "component lib 9.9.9 (pkg:pypi/lib@9.9.9) is affected by MAL-2024-1: no summary; no fixed version"
}

test_vulnerability_non_semver_versions if {
	vuln := {"id": "X-3", "purl": "pkg:pypi/anyio", "fixed": "4.6.3"}
	"sbom-component-vulnerable" in vulnerable_ids([comp("anyio", "4.6.2.post1", "MIT")], [vuln])
	not "sbom-component-vulnerable" in vulnerable_ids([comp("anyio", "4.10", "MIT")], [vuln])

	# Debian: the epoch is dropped, the revision ignored.
	deb := {"id": "X-4", "purl": "pkg:deb/debian/zlib1g", "fixed": "1.2.14"}
	zlib := with_fields(comp("zlib1g", "1:1.2.13.dfsg-1", "Zlib"), {"purl": "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12"})
	"sbom-component-vulnerable" in vulnerable_ids([zlib], [deb])

	# A version without a numeric release cannot be compared and does not match.
	not "sbom-component-vulnerable" in vulnerable_ids([comp("anyio", "latest", "MIT")], [vuln])
}

test_vulnerable_version_from_purl if {
	c := without(comp("torch", "2.5.1", "BSD-3-Clause"), {"version"})
	"sbom-component-vulnerable" in vulnerable_ids([c], [torch_vuln])
}

test_version_order if {
	sbom.version_cmp("1.10.0", "1.9.0") == 1
	sbom.version_cmp("1.0.0-rc.1", "1.0.0") == -1
	sbom.version_cmp("1.0.0+build.1", "1.0.0") == 0
	sbom.version_cmp("2.5", "2.5.0") == 0
	sbom.version_cmp("2.5", "2.10") == -1
	sbom.version_cmp("1.02.3", "1.2.3") == 0
	sbom.version_cmp("2024.10.0", "2024.8.30") == 1
	not sbom.version_cmp("v1.2.3", "1.2.3")
	not sbom.version_cmp("", "1.2.3")
}

test_purl_parts if {
	sbom.purl_key("pkg:npm/@angular/core@1.0.0") == "pkg:npm/@angular/core"
	sbom.purl_key("pkg:npm/%40angular/core") == "pkg:npm/%40angular/core"
	sbom.purl_key("pkg:PyPI/Typing_Extensions@4.12.2?x=1#sub") == "pkg:pypi/typing-extensions"
	sbom.purl_version("pkg:deb/debian/libc6@2.36-9+deb12u9?arch=amd64") == "2.36-9+deb12u9"
	not sbom.purl_version("pkg:pypi/torch")
	sbom.purl_type("pkg:NPM/%40scope/x@1") == "npm"
}

# ----- sbom-spec-version -----

with_sbom_fields(fields) := object.union(base, {"sboms": [object.union(cdx([comp("numpy", "1.26.4", "BSD-3-Clause")]), fields)]})

test_old_spec_warned if {
	some f in sbom.warn with input as with_sbom_fields({"spec_version": "1.3"})
	f.id == "sbom-spec-version"
	f.msg == "cyclonedx spec 1.3 is older than 1.4"
	f.pointer == "/specVersion"
	not "sbom-spec-version" in ids(sbom.warn) with input as with_sbom_fields({"spec_version": "1.4"})
}

test_old_spdx_spec_warned if {
	some f in sbom.warn with input as with_sbom_fields({"format": "spdx", "spec_version": "2.1"})
	f.id == "sbom-spec-version"
	f.pointer == "/spdxVersion"
	not "sbom-spec-version" in ids(sbom.warn) with input as with_sbom_fields({"format": "spdx", "spec_version": "3.0.1"})
}

test_min_spec_versions_is_a_parameter if {
	params := {"sbom": {"min_spec_versions": {"cyclonedx": "1.6"}}}
	"sbom-spec-version" in ids(sbom.warn) with input as with_sbom_fields({"spec_version": "1.5"}) with data.modelgate.params as params

	# The other format keeps its default.
	"sbom-spec-version" in ids(sbom.warn) with input as with_sbom_fields({"format": "spdx", "spec_version": "2.1"}) with data.modelgate.params as params
}

# ----- sbom-stale -----

test_stale_sbom_warned if {
	created := "2026-08-21T12:00:00Z"
	time.parse_rfc3339_ns(created) == now_ns - (100 * day_ns)
	some f in sbom.warn with input as with_sbom_fields({"created": created})
	f.id == "sbom-stale"
	f.msg == "SBOM was created 100 days ago (2026-08-21T12:00:00Z), more than 90"
	f.pointer == "/metadata/timestamp"
}

test_recent_sbom_passes if {
	created := "2026-11-19T12:00:00Z"
	not "sbom-stale" in ids(sbom.warn) with input as with_sbom_fields({"created": created})
	"sbom-stale" in ids(sbom.warn) with input as with_sbom_fields({"created": created}) with data.modelgate.params as {"sbom": {"max_age_days": 5}}
}

test_sbom_without_creation_time_warned if {
	no_time := object.union(base, {"sboms": [object.remove(cdx([]), {"created"})]})
	some f in sbom.warn with input as no_time
	f.id == "sbom-stale"
	f.msg == "SBOM states no creation time (RFC 3339), so its age is unknown"
	f.pointer == "/metadata/timestamp"

	spdx2 := object.union(base, {"sboms": [object.union(object.remove(cdx([]), {"created"}), {"format": "spdx", "spec_version": "2.3"})]})
	some h in sbom.warn with input as spdx2
	h.pointer == "/creationInfo/created"

	# SPDX 3 has no single place for it: no pointer.
	spdx3 := object.union(base, {"sboms": [object.union(object.remove(cdx([]), {"created"}), {"format": "spdx", "spec_version": "3.0.1"})]})
	some g in sbom.warn with input as spdx3
	g.id == "sbom-stale"
	not g.pointer
}

# ----- sbom-component-hash -----

test_hashes_required_by_parameter if {
	# (object.union merges nested objects: remove the hashes, then add an empty set.)
	c := with_fields(without(comp("x", "1.0.0", "MIT"), {"hashes"}), {"hashes": {}})
	not "sbom-component-hash" in ids(sbom.warn) with input as with_components([c])
	some f in sbom.warn with input as with_components([c]) with data.modelgate.params as {"sbom": {"require_hashes": true}}
	f.id == "sbom-component-hash"
	f.msg == "component x 1.0.0 has no hash"
	not "sbom-component-hash" in ids(sbom.warn) with input as base with data.modelgate.params as {"sbom": {"require_hashes": true}}
}

# ----- sbom-component-duplicate -----

test_duplicate_versions_warned if {
	a := with_fields(comp("requests", "2.31.0", "Apache-2.0"), {"pointer": "/components/5"})
	b := with_fields(comp("requests", "2.32.3", "Apache-2.0"), {"pointer": "/components/9"})
	findings := of(sbom.warn, "sbom-component-duplicate") with input as with_components([a, b, comp("numpy", "1.26.4", "BSD-3-Clause")])
	count(findings) == 1
	f := findings[0]
	f.msg == "package pkg:pypi/requests is listed with 2 versions: 2.31.0, 2.32.3"
	f.pointer == "/components/5"
	f.target == "pkg:pypi/requests"
}

test_same_version_twice_passes if {
	a := comp("requests", "2.31.0", "Apache-2.0")
	b := with_fields(a, {"pointer": "/components/1"})
	not "sbom-component-duplicate" in ids(sbom.warn) with input as with_components([a, b])

	# Separate SBOMs (an image and a model) may differ.
	two := object.union(base, {"sboms": [cdx([a]), cdx([comp("requests", "2.32.3", "Apache-2.0")])]})
	not "sbom-component-duplicate" in ids(sbom.warn) with input as two
}

test_duplicates_without_purl_by_name if {
	a := without(comp("libssl", "3.0.1", "Apache-2.0"), {"purl"})
	b := without(comp("libssl", "3.0.2", "Apache-2.0"), {"purl"})
	some f in sbom.warn with input as with_components([a, b])
	f.id == "sbom-component-duplicate"
	f.target == "libssl"
}

test_multi_version_types_is_a_parameter if {
	a := with_fields(comp("ms", "2.0.0", "MIT"), {"purl": "pkg:npm/ms@2.0.0"})
	b := with_fields(comp("ms", "2.1.3", "MIT"), {"purl": "pkg:npm/ms@2.1.3"})
	not "sbom-component-duplicate" in ids(sbom.warn) with input as with_components([a, b])
	"sbom-component-duplicate" in ids(sbom.warn) with input as with_components([a, b]) with data.modelgate.params as {"sbom": {"multi_version_types": []}}
}

test_duplicates_grouped_by_modelgate_are_used if {
	a := comp("requests", "2.31.0", "Apache-2.0")
	grouped := object.union(cdx([a]), {"duplicates": [{"package": "pkg:pypi/requests", "versions": ["2.31.0", "2.32.3"], "pointers": ["/components/2", "/components/7"]}]})
	findings := of(sbom.warn, "sbom-component-duplicate") with input as object.union(base, {"sboms": [grouped]})
	count(findings) == 1
	findings[0].pointer == "/components/2"
	findings[0].msg == "package pkg:pypi/requests is listed with 2 versions: 2.31.0, 2.32.3"

	# An empty list from modelgate means no duplicates, even if the components were to disagree.
	b := comp("requests", "2.32.3", "Apache-2.0")
	clean := object.union(cdx([a, b]), {"duplicates": []})
	not "sbom-component-duplicate" in ids(sbom.warn) with input as object.union(base, {"sboms": [clean]})
}
