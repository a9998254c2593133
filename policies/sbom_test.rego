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

test_source_available_licenses_denied_by_default if {
	every license in ["BUSL-1.1", "Elastic-2.0", "SSPL-1.0", "LicenseRef-Commons-Clause"] {
		"sbom-license-denied" in ids(sbom.deny) with input as with_components([comp("x", "1.0.0", license)])
	}

	# `Apache License 2.0 with Commons Clause`, as modelgate reads it.
	cc := with_fields(comp("redis-module", "1.0.0", "x"), {
		"licenses": ["Apache License 2.0 with Commons Clause"],
		"license_alternatives": [["Apache-2.0", "LicenseRef-Commons-Clause"]],
	})
	"sbom-license-denied" in ids(sbom.deny) with input as with_components([cc])
}

test_licence_name_without_only_or_later_is_denied_as_either if {
	# "GNU Affero General Public License v3" as modelgate reads it: both terms.
	c := with_fields(comp("agpl-lib", "1.0.0", "x"), {
		"licenses": ["GNU Affero General Public License v3"],
		"license_alternatives": [["AGPL-3.0-only", "AGPL-3.0-or-later"]],
	})
	"sbom-license-denied" in ids(sbom.deny) with input as with_components([c])
	"sbom-license-denied" in ids(sbom.deny) with input as with_components([c]) with data.modelgate.params as {"sbom": {"denied_licenses": ["AGPL-3.0-or-later"]}}
	"sbom-license-denied" in ids(sbom.deny) with input as with_components([c]) with data.modelgate.params as {"sbom": {"denied_licenses": ["AGPL-3.0-only"]}}

	# Allowed only when both readings are.
	only := {"sbom": {"denied_licenses": [], "allowed_licenses": ["AGPL-3.0-only"]}}
	"sbom-license-not-allowed" in ids(sbom.deny) with input as with_components([c]) with data.modelgate.params as only
	both := {"sbom": {"denied_licenses": [], "allowed_licenses": ["AGPL-3.0-only", "AGPL-3.0-or-later"]}}
	count(sbom.deny) == 0 with input as with_components([c]) with data.modelgate.params as both
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
	count(sbom.deny) == 0 with input as with_components([file])
	params := {"sbom": {"exempt_types": []}}
	ids(sbom.warn) == {"sbom-license-missing", "sbom-component-version"} with input as with_components([file]) with data.modelgate.params as params
	ids(sbom.deny) == {"sbom-component-purl"} with input as with_components([file]) with data.modelgate.params as params
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

# ----- sbom-component-purl, sbom-component-purl-advisory -----

# The base input at another risk tier.
at_tier(inp, t) := object.union(inp, {"manifest": {"risk_tier": t}})

test_component_without_purl_denied_from_high_tier if {
	c := with_fields(without(comp("libfoo", "2.0", "MIT"), {"purl"}), {"pointer": "/components/5"})
	some f in sbom.deny with input as with_components([c])
	f.id == "sbom-component-purl"
	f.target == "libfoo"
	f.pointer == "/components/5"
	f.msg == "component libfoo 2.0 has no package URL (purl)"
	not "sbom-component-purl" in ids(sbom.deny) with input as base
	not "sbom-component-purl-advisory" in ids(sbom.warn) with input as with_components([c])
}

test_component_without_purl_warned_below_high_tier if {
	c := without(comp("libfoo", "2.0", "MIT"), {"purl"})
	inp := at_tier(with_components([c]), "limited")
	not "sbom-component-purl" in ids(sbom.deny) with input as inp
	some f in sbom.warn with input as inp
	f.id == "sbom-component-purl-advisory"
	f.msg == "component libfoo 2.0 has no package URL (purl)"
}

test_invalid_purl_is_reported_like_a_missing_one if {
	c := with_fields(comp("torchtriton", "3.0.0", "MIT"), {
		"purl": "pkg:pypi/torch%7triton@3.0.0",
		"purl_error": "invalid percent-encoding `%7t`",
		"purl_id": null,
	})
	bare := object.remove(c, {"purl_id"})
	some f in sbom.deny with input as with_components([bare])
	f.id == "sbom-component-purl"
	f.target == "pkg:pypi/torch%7triton@3.0.0"
	f.msg == "component torchtriton 3.0.0 has a package URL that is not valid (pkg:pypi/torch%7triton@3.0.0): invalid percent-encoding `%7t`"
	"sbom-component-purl-advisory" in ids(sbom.warn) with input as at_tier(with_components([bare]), "minimal")
}

test_purl_required_from_is_a_parameter if {
	c := without(comp("libfoo", "2.0", "MIT"), {"purl"})
	params := {"sbom": {"purl_required_from": "limited"}}
	inp := at_tier(with_components([c]), "limited")
	"sbom-component-purl" in ids(sbom.deny) with input as inp with data.modelgate.params as params
	not "sbom-component-purl-advisory" in ids(sbom.warn) with input as inp with data.modelgate.params as params
	unacceptable := {"sbom": {"purl_required_from": "unacceptable"}}
	not "sbom-component-purl" in ids(sbom.deny) with input as with_components([c]) with data.modelgate.params as unacceptable
	"sbom-component-purl-advisory" in ids(sbom.warn) with input as with_components([c]) with data.modelgate.params as unacceptable
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

# A component as modelgate loads it without a purl: matched by the keys the loader gives.
no_purl(name, version, fields) := object.union(without(comp(name, version, "MIT"), {"purl"}), fields)

test_banned_by_name_in_the_ecosystem_the_sbom_names if {
	# e.g. no purl, but a syft `python` package type or a pypi.org download location.
	c := no_purl("torchtriton", "3.0.0", {"ecosystem": "pypi", "match_ids": ["pkg:pypi/torchtriton@3.0.0"], "pointer": "/components/9"})
	some f in sbom.deny with input as with_components([c])
	f.id == "sbom-component-banned"
	f.target == "torchtriton"
	f.pointer == "/components/9"
	startswith(f.msg, "component torchtriton 3.0.0 (no purl) is banned (pkg:pypi/torchtriton): malicious package")

	# The same name in another ecosystem is another package.
	npm := no_purl("torchtriton", "3.0.0", {"ecosystem": "npm", "match_ids": ["pkg:npm/torchtriton@3.0.0"]})
	not "sbom-component-banned" in ids(sbom.deny) with input as with_components([npm])
}

test_banned_by_name_alone_when_the_ecosystem_is_unknown if {
	c := no_purl("torchtriton", "3.0.0", {"match_names": ["torchtriton@3.0.0"]})
	some f in sbom.deny with input as with_components([c])
	f.id == "sbom-component-banned"
	startswith(f.msg, "component torchtriton 3.0.0 (no purl) is banned (pkg:pypi/torchtriton)")

	# Versions still count, and the name is not a prefix match.
	old := no_purl("ultralytics", "8.3.40", {"match_names": ["ultralytics@8.3.40"]})
	bad := no_purl("ultralytics", "8.3.41", {"match_names": ["ultralytics@8.3.41"]})
	params := {"sbom": {"denied_licenses": []}}
	not "sbom-component-banned" in ids(sbom.deny) with input as with_components([old]) with data.modelgate.params as params
	"sbom-component-banned" in ids(sbom.deny) with input as with_components([bad]) with data.modelgate.params as params
	longer := no_purl("torchtriton-extra", "1", {"match_names": ["torchtriton-extra@1"]})
	not "sbom-component-banned" in ids(sbom.deny) with input as with_components([longer])
}

test_torch_triton_is_not_torchtriton if {
	# Different PyPI projects: PEP 503 folds `_` and `.` into `-`, but does not drop it.
	by_purl := with_fields(comp("torch-triton", "3.0.0", "MIT"), {"purl": "pkg:pypi/torch_triton@3.0.0", "purl_id": "pkg:pypi/torch-triton@3.0.0"})
	by_name := no_purl("torch_triton", "3.0.0", {"match_names": ["torch_triton@3.0.0", "torch-triton@3.0.0"]})
	not "sbom-component-banned" in ids(sbom.deny) with input as with_components([by_purl, by_name])
}

test_banned_by_a_name_its_purl_does_not_say if {
	# The SBOM names the component torchtriton, its purl another package.
	c := with_fields(comp("torchtriton", "3.0.0", "MIT"), {"purl": "pkg:pypi/requests@3.0.0", "purl_id": "pkg:pypi/requests@3.0.0", "match_ids": ["pkg:pypi/torchtriton@3.0.0"]})
	some f in sbom.deny with input as with_components([c])
	f.id == "sbom-component-banned"
	f.target == "pkg:pypi/requests@3.0.0"
	startswith(f.msg, "component torchtriton 3.0.0 (purl pkg:pypi/requests@3.0.0) is banned (pkg:pypi/torchtriton): ")
}

test_banned_once_per_component_and_pattern if {
	# Matched by its purl and by a further key: one finding.
	c := with_fields(comp("torchtriton", "3.0.0", "MIT"), {"match_ids": ["pkg:pypi/torchtriton@3.0.0"], "purl_id": "pkg:pypi/torchtriton@3.0.0"})
	found := of(sbom.deny, "sbom-component-banned") with input as with_components([c])
	count(found) == 1
	startswith(found[0].msg, "component pkg:pypi/torchtriton@3.0.0 is banned")
}

# The rules test all purls, match keys and first license terms of an SBOM in one call each before
# they look at single components: one hit among clean components is still found.
test_one_hit_among_many_components_is_found if {
	clean := [with_fields(comp(sprintf("pkg-%d", [i]), "1.0.0", "MIT"), {"purl_id": sprintf("pkg:pypi/pkg-%d@1.0.0", [i])}) | some i in numbers.range(1, 40)]
	count(sbom.deny) == 0 with input as with_components(clean)
	banned := with_fields(comp("torchtriton", "3.0.0", "MIT"), {"purl_id": "pkg:pypi/torchtriton@3.0.0"})
	copyleft := comp("copyleft", "1.0.0", "AGPL-3.0-only")
	nameless := no_purl("tοrchtriton", "3.0.0", {"match_ids": ["pkg:pypi/torchtriton@3.0.0"]})
	found := sbom.deny with input as with_components(array.concat(clean, [banned, copyleft]))
	ids(found) == {"sbom-component-banned", "sbom-license-denied"}
	ids(sbom.deny) == {"sbom-component-banned", "sbom-component-purl"} with input as with_components(array.concat(clean, [nameless]))
}

test_banned_patterns_are_normalized if {
	params := {"sbom": {"banned_components": [
		{"purl": "pkg:npm/@evil/stealer", "reason": "r"},
		{"purl": "pkg:PyPI/Zope.Interface@5.0", "reason": "r"},
		{"purl": "pkg:*/evil-pkg", "reason": "any ecosystem"},
	]}}
	scoped := with_fields(comp("stealer", "1.0.0", "MIT"), {"purl": "pkg:npm/%40evil/stealer@1.0.0", "purl_id": "pkg:npm/%40evil/stealer@1.0.0"})
	"sbom-component-banned" in ids(sbom.deny) with input as with_components([scoped]) with data.modelgate.params as params
	zope := with_fields(comp("zope.interface", "5.0", "MIT"), {"purl": "pkg:pypi/zope.interface@5.0", "purl_id": "pkg:pypi/zope-interface@5.0"})
	"sbom-component-banned" in ids(sbom.deny) with input as with_components([zope]) with data.modelgate.params as params
	other_version := with_fields(zope, {"purl_id": "pkg:pypi/zope-interface@5.1"})
	not "sbom-component-banned" in ids(sbom.deny) with input as with_components([other_version]) with data.modelgate.params as params
	anywhere := no_purl("evil-pkg", "2", {"match_names": ["evil-pkg@2"]})
	"sbom-component-banned" in ids(sbom.deny) with input as with_components([anywhere]) with data.modelgate.params as params
	maven := with_fields(comp("evil-pkg", "2", "MIT"), {"purl": "pkg:maven/org.x/evil-pkg@2", "purl_id": "pkg:maven/org.x/evil-pkg@2"})
	"sbom-component-banned" in ids(sbom.deny) with input as with_components([maven]) with data.modelgate.params as params
	not_it := with_fields(comp("evil-pkg2", "2", "MIT"), {"purl": "pkg:maven/org.x/evil-pkg2@2", "purl_id": "pkg:maven/org.x/evil-pkg2@2"})
	not "sbom-component-banned" in ids(sbom.deny) with input as with_components([not_it]) with data.modelgate.params as params
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

test_vulnerability_keys_are_pep503_normalized if {
	# A vulnerability written with the project's own spelling finds the component modelgate
	# loaded (whose `package` is PEP 503-normalized).
	vuln := {"id": "GHSA-x", "purl": "pkg:pypi/Zope.Interface", "introduced": "0", "fixed": "6.0"}
	c := with_fields(comp("zope.interface", "5.4.0", "ZPL-2.1"), {"purl": "pkg:pypi/zope.interface@5.4.0", "purl_id": "pkg:pypi/zope-interface@5.4.0", "package": "pkg:pypi/zope-interface"})
	"sbom-component-vulnerable" in vulnerable_ids([c], [vuln])
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
	sbom.purl_key("pkg:npm/@angular/core@1.0.0") == "pkg:npm/%40angular/core"
	sbom.purl_key("pkg:npm/%40angular/core") == "pkg:npm/%40angular/core"
	sbom.purl_key("pkg:PyPI/Typing_Extensions@4.12.2?x=1#sub") == "pkg:pypi/typing-extensions"
	sbom.purl_key("pkg:pypi/Zope.Interface__x@5.0.1") == "pkg:pypi/zope-interface-x"
	sbom.purl_id("pkg:pypi/Zope.Interface@5.0.1") == "pkg:pypi/zope-interface@5.0.1"
	sbom.name_glob("pkg:npm/%40evil/x@1") == "%40evil/x@1"
	sbom.name_glob("*torchtriton*") == "*torchtriton*"
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
