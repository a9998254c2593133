# Software bill of materials hygiene for the model's serving image and dependencies.
package modelgate.sbom

import data.modelgate.lib

# Parameters (override under data.modelgate.params.sbom).
default_params := {
	# Lowest risk tier that needs an SBOM.
	"required_from": "limited",
	# Licenses (SPDX ids) that may not appear in a deployed model's dependencies.
	"denied_licenses": ["AGPL-1.0-only", "AGPL-3.0-only", "AGPL-3.0-or-later", "SSPL-1.0"],
}

p := lib.area_params("sbom", default_params)

# METADATA
# title: An SBOM is required
# description: From params.sbom.required_from up, a release carries an SBOM of what it runs on.
# custom:
#   id: sbom-missing
#   severity: high
#   controls: ["EU AI Act Annex IV(2)(a)", "EU Cyber Resilience Act Annex I Part II(1)", "NTIA SBOM Minimum Elements"]
#   remediation: Generate a CycloneDX or SPDX SBOM of the serving image (e.g. with syft or cdxgen) and list it in spec.sboms.
deny contains f if {
	lib.tier_at_least(p.required_from)
	count(input.sboms) == 0
	f := {
		"id": "sbom-missing",
		"msg": sprintf("risk tier %s requires an SBOM and the bundle has none", [lib.tier]),
		"file": lib.manifest_file,
	}
}

# METADATA
# title: No denied licenses
# description: Components under a license in params.sbom.denied_licenses may not ship.
# custom:
#   id: sbom-license-denied
#   severity: high
#   controls: ["EU AI Act Art. 53(1)(c)", "Organisational license policy"]
#   remediation: Replace the component or obtain legal approval and add a waiver.
deny contains f if {
	some s in input.sboms
	some c in s.components
	some l in c.licenses
	some denied in p.denied_licenses
	contains(l, denied)
	f := {
		"id": "sbom-license-denied",
		"msg": sprintf("component %s %s is licensed %s", [c.name, object.get(c, "version", ""), l]),
		"file": s.source.path,
		"pointer": c.pointer,
		"target": object.get(c, "purl", c.name),
	}
}

# METADATA
# title: Components have versions
# description: The NTIA minimum elements include a version for every component.
# custom:
#   id: sbom-component-version
#   severity: low
#   controls: ["NTIA SBOM Minimum Elements"]
#   remediation: Regenerate the SBOM with a tool that records versions.
warn contains f if {
	some s in input.sboms
	some c in s.components
	not c.version
	f := {
		"id": "sbom-component-version",
		"msg": sprintf("component %s has no version", [c.name]),
		"file": s.source.path,
		"pointer": c.pointer,
		"target": c.name,
	}
}
