package modelgate.sbom_test

import data.modelgate.sbom

comp(name, version, license) := {"name": name, "version": version, "licenses": [license], "hashes": {}, "pointer": "/components/0"}

base := {
	"manifest": {"risk_tier": "high"},
	"sboms": [{"source": {"path": "sbom.cdx.json"}, "format": "cyclonedx", "components": [comp("numpy", "1.26.4", "BSD-3-Clause")]}],
}

ids(findings) := {f.id | some f in findings}

test_clean_sbom_passes if {
	count(sbom.deny) == 0 with input as base
	count(sbom.warn) == 0 with input as base
}

test_missing_sbom_denied if {
	"sbom-missing" in ids(sbom.deny) with input as object.union(base, {"sboms": []})
	not "sbom-missing" in ids(sbom.deny) with input as {"manifest": {"risk_tier": "minimal"}, "sboms": []}
}

test_denied_license_found_in_expression if {
	s := {"source": {"path": "sbom.cdx.json"}, "components": [comp("mongo-driver", "1.0", "MIT OR AGPL-3.0-only")]}
	some f in sbom.deny with input as object.union(base, {"sboms": [s]})
	f.id == "sbom-license-denied"
	f.pointer == "/components/0"
}

test_denied_list_is_a_parameter if {
	s := {"source": {"path": "sbom.cdx.json"}, "components": [comp("x", "1.0", "GPL-3.0-only")]}
	"sbom-license-denied" in ids(sbom.deny) with input as object.union(base, {"sboms": [s]}) with data.modelgate.params as {"sbom": {"denied_licenses": ["GPL-3.0-only"]}}
}

test_versionless_component_warned if {
	s := {"source": {"path": "sbom.cdx.json"}, "components": [{"name": "x", "licenses": [], "hashes": {}, "pointer": "/components/3"}]}
	"sbom-component-version" in ids(sbom.warn) with input as object.union(base, {"sboms": [s]})
}
