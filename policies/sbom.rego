# Software bill of materials hygiene for the model's serving image and dependencies: an SBOM for
# every deployable release, license compliance on SPDX expressions evaluated by modelgate, banned
# and known-vulnerable components, and the identity and integrity data that those checks need.
package modelgate.sbom

import data.modelgate.lib

# Parameters (override under data.modelgate.params.sbom).
default_params := {
	# Lowest risk tier that needs an SBOM of a deployable release.
	"required_from": "limited",
	# Environments whose releases are deployable images; a release that lists model artifacts is
	# deployable in any environment.
	"deployable_environments": ["production"],
	# License terms (as in Component.license_alternatives, e.g. `GPL-2.0-only`, `MPL-1.1+`) that
	# may not ship. A term with an exception (`X WITH e`) is denied when `X` or the whole term is
	# listed. A component is denied when every one of its license alternatives has a denied term.
	# Licence names are read as these terms (a GNU name without "only"/"or later" as both, so it
	# is denied when either is). Defaults: network copyleft, and source-available licences that
	# forbid offering the software as a service or using it in production without a grant
	# (SSPL, Business Source License, Elastic License 2.0, Commons Clause).
	"denied_licenses": ["AGPL-1.0-only", "AGPL-1.0-or-later", "AGPL-3.0-only", "AGPL-3.0-or-later", "SSPL-1.0", "BUSL-1.1", "Elastic-2.0", "LicenseRef-Commons-Clause"],
	# When not empty, only these license terms may ship: a component needs one alternative made of
	# listed terms only (an exception is allowed when its license is), and each license that does
	# not parse must be listed exactly as written. Empty: no allow list.
	"allowed_licenses": [],
	# Component types that carry no license, version or purl of their own (syft lists every file
	# of an image as a `file` component); the rules on those three skip them.
	"exempt_types": ["file"],
	# Components that may not ship: {"purl": glob, "reason": why}. The glob (`*` any characters,
	# `?` one, `[...]` a class), written as a canonical purl, is matched case-insensitively, with
	# and without the version, against the component's `purl_id` (its purl canonicalised:
	# percent-decoded, without qualifiers and subpath, pypi names PEP 503-normalized) and its
	# `match_ids` (its name in each ecosystem the SBOM names, look-alike letters folded); when
	# the SBOM names no ecosystem for it, the glob's name part (after `pkg:type/`) is matched
	# against its `match_names`. Defaults: packages and releases known to be malicious or
	# compromised.
	"banned_components": [
		{"purl": "pkg:pypi/torchtriton", "reason": "malicious package on PyPI that shadowed PyTorch nightly's torchtriton dependency and exfiltrated host data (25-30 Dec 2022)"},
		{"purl": "pkg:pypi/ultralytics@8.3.41", "reason": "compromised PyPI release that runs a cryptocurrency miner (Dec 2024); 8.3.47 and later are clean"},
		{"purl": "pkg:pypi/ultralytics@8.3.42", "reason": "compromised PyPI release that runs a cryptocurrency miner (Dec 2024); 8.3.47 and later are clean"},
		{"purl": "pkg:pypi/ultralytics@8.3.45", "reason": "compromised PyPI release that runs a cryptocurrency miner (Dec 2024); 8.3.47 and later are clean"},
		{"purl": "pkg:pypi/ultralytics@8.3.46", "reason": "compromised PyPI release that runs a cryptocurrency miner (Dec 2024); 8.3.47 and later are clean"},
		{"purl": "pkg:npm/event-stream@3.3.6", "reason": "compromised release that pulls the malicious flatmap-stream (Nov 2018)"},
		{"purl": "pkg:npm/flatmap-stream", "reason": "malicious package that steals cryptocurrency wallets (Nov 2018)"},
	],
	# Known-vulnerable components, in addition to the list at data.modelgate.vulnerabilities (e.g.
	# exported from OSV). Each entry: {"id", "purl" (without version), "introduced", "fixed",
	# "last_affected", "severity", "summary"}; a version is affected when it is at or after
	# `introduced` (absent or "0": from the first version), before `fixed` and at or before
	# `last_affected` (each bound only when given). Give one entry per affected range. Versions
	# compare as semver when both are strict SemVer 2.0 strings, otherwise by their numeric release
	# (see version_cmp); a version that cannot be compared does not match.
	"vulnerabilities": [],
	# Oldest spec version accepted per SBOM format.
	"min_spec_versions": {"cyclonedx": "1.4", "spdx": "2.2"},
	# An SBOM created more than this many days ago is stale.
	"max_age_days": 90,
	# When true, every component carries at least one hash.
	"require_hashes": false,
	# purl types whose package managers install several versions of a package side by side by
	# design; their duplicates with other versions are not reported.
	"multi_version_types": ["npm", "cargo"],
	# Lowest risk tier at which a component without a valid purl blocks (below it, a warning):
	# without one it is matched against banned and vulnerable packages by name only.
	"purl_required_from": "high",
}

p := lib.area_params("sbom", default_params)

# Known vulnerabilities given as data beside the parameters.
default data_vulnerabilities := []

data_vulnerabilities := data.modelgate.vulnerabilities

known_vulnerabilities := array.concat(p.vulnerabilities, data_vulnerabilities)

# ---------------------------------------------------------------------------------------------
# Helpers

# A release is deployable when it runs in a deployable environment or ships model artifacts.
deployable if input.manifest.environment in p.deployable_environments

deployable if count(input.artifacts) > 0

# The component's type is exempt from the license, version and purl rules.
exempt(c) if c.type in p.exempt_types

# What a finding about a component names: its purl, else its name.
target(c) := c.purl

target(c) := c.name if not c.purl

label(c) := sprintf("%s %s", [c.name, c.version])

label(c) := c.name if not c.version

# A component's license fields, empty when absent (inputs written by hand).
licenses(c) := object.get(c, "licenses", [])

alternatives(c) := object.get(c, "license_alternatives", [])

license_errors(c) := object.get(c, "license_errors", [])

# A term's license without its exception: `GPL-2.0-only WITH Classpath-exception-2.0` → `GPL-2.0-only`.
term_license(t) := split(t, " WITH ")[0]

denied_set := {x | some x in p.denied_licenses}

allowed_set := {x | some x in p.allowed_licenses}

term_denied(t) if denied_set[t]

term_denied(t) if denied_set[term_license(t)]

term_allowed(t) if allowed_set[t]

term_allowed(t) if allowed_set[term_license(t)]

# Every way to comply with the component's licenses includes a denied term.
license_denied(c) if {
	count(alternatives(c)) > 0
	every alt in alternatives(c) {
		some t in alt
		term_denied(t)
	}
}

# Some component's first license alternative may have a denied term: one call over the terms of
# every component's first alternative, so that a license without one costs no call of its own.
# Only a definite `false` rules that out.
first_terms := [t | some s in input.sboms; some c in s.components; some t in c.license_alternatives[0]]

license_denied_possible if not strings.any_prefix_match(first_terms, denied_set) == false

alternative_allowed(alt) if {
	every t in alt {
		term_allowed(t)
	}
}

# Every license that does not parse is on the allow list as written.
errors_allowed(c) if {
	every e in license_errors(c) {
		allowed_set[e.expression]
	}
}

license_allowed(c) if {
	some alt in alternatives(c)
	alternative_allowed(alt)
	errors_allowed(c)
}

license_allowed(c) if {
	count(alternatives(c)) == 0
	errors_allowed(c)
}

# The purl without qualifiers and subpath.
purl_base(purl) := split(split(purl, "#")[0], "?")[0]

# The purl without qualifiers and subpath, normalized as banned patterns are (lower case, pypi
# names PEP 503-normalized): modelgate's `purl_id` for inputs that lack it (written by hand),
# and the key of a known vulnerability's purl. (Not percent-decoded: modelgate does that.)
purl_id(purl) := normalize_pattern(purl_base(purl))

# The package a purl names, without its version (what follows an `@` in the last segment).
purl_key(purl) := without_version(purl_id(purl))

# A component's normalized purl and package, as modelgate computes them once per component
# (`purl_id`, `package`); computed here for inputs that lack them.
component_purl_id(c) := c.purl_id

component_purl_id(c) := purl_id(c.purl) if not c.purl_id

component_package(c) := c.package

component_package(c) := purl_key(c.purl) if not c.package

without_version(id) := concat("/", array.concat(array.slice(parts, 0, count(parts) - 1), [split(last, "@")[0]])) if {
	parts := split(id, "/")
	last := parts[count(parts) - 1]
}

# The version a purl names, when it names one.
purl_version(purl) := concat("@", array.slice(at, 1, count(at))) if {
	parts := split(purl_base(purl), "/")
	at := split(parts[count(parts) - 1], "@")
	count(at) > 1
}

# The purl type: `pkg:npm/%40scope/x@1` → `npm`.
purl_type(purl) := split(trim_prefix(lower(purl), "pkg:"), "/")[0]

# The component's version, else the version in its purl.
component_version(c) := c.version

component_version(c) := purl_version(c.purl) if not c.version

# A banned purl as components' keys are written: lower case, an npm scope's `@` as `%40`, a pypi
# name with each run of `-`, `_`, `.` as one `-` (PEP 503; the version keeps its dots).
normalize_pattern(g) := pypi_pattern(l) if {
	l := lower(g)
	startswith(l, "pkg:pypi/")
}

normalize_pattern(g) := replace(l, "pkg:npm/@", "pkg:npm/%40") if {
	l := lower(g)
	not startswith(l, "pkg:pypi/")
}

pypi_pattern(l) := concat("@", array.concat([regex.replace(parts[0], `[-_.]+`, "-")], array.slice(parts, 1, count(parts)))) if {
	parts := split(l, "@")
}

# The name part of a banned purl (after `pkg:type/`), matched when a component's ecosystem is
# unknown.
name_glob(g) := substring(g, count(t), -1) if t := regex.find_n(`^pkg:[^/]*/`, g, 1)[0]

name_glob(g) := g if not regex.match(`^pkg:[^/]*/`, g)

# The literal text before a glob's first wildcard: a key that does not start with it cannot
# match, and the glob is only tried on those that do.
literal_prefix(g) := regex.find_n(`^[^*?\[{\\]*`, g, 1)[0]

# The banned patterns, normalized, with their name parts and literal prefixes.
banned_patterns := [{"glob": g, "prefix": literal_prefix(g), "name_glob": n, "name_prefix": literal_prefix(n), "entry": b} |
	some b in p.banned_components
	g := normalize_pattern(b.purl)
	n := name_glob(g)
]

banned_prefixes := {b.prefix | some b in banned_patterns}

banned_name_prefixes := {b.name_prefix | some b in banned_patterns}

banned_match(g, id) if glob.match(g, null, id)

banned_match(g, id) if glob.match(g, null, without_version(id))

# Each SBOM's component_purl_id values, so that one call tells whether any of them starts with
# a banned prefix (most SBOMs have none): a call per component costs more than the rest of the
# rules.
sbom_purl_ids[i] := array.concat(
	[c.purl_id | some c in s.components],
	[purl_id(c.purl) | some c in s.components; not c.purl_id],
) if some i, s in input.sboms

# Some purl of the SBOM may match a banned pattern: only a definite `false` (every id a string
# that starts with no banned prefix) rules that out.
banned_purl_possible(i) if not strings.any_prefix_match(sbom_purl_ids[i], banned_prefixes) == false

# [sbom, component, pattern] indexes of each banned component: by its purl, by its further
# keys, or by name when its ecosystem is unknown. Components without further keys (most) are
# tried once, on their purl.
banned_hits := (banned_by_purl | banned_by_key) | banned_by_name

banned_by_purl contains [i, j, k] if {
	some i, s in input.sboms
	banned_purl_possible(i)
	some j, c in s.components
	id := component_purl_id(c)
	strings.any_prefix_match(id, banned_prefixes)
	some k, b in banned_patterns
	startswith(id, b.prefix)
	banned_match(b.glob, id)
}

banned_by_key contains [i, j, k] if {
	some i, s in input.sboms
	not strings.any_prefix_match([id | some c in s.components; some id in c.match_ids], banned_prefixes) == false
	some j, c in s.components
	some id in c.match_ids
	strings.any_prefix_match(id, banned_prefixes)
	some k, b in banned_patterns
	startswith(id, b.prefix)
	banned_match(b.glob, id)
}

banned_by_name contains [i, j, k] if {
	some i, s in input.sboms
	not strings.any_prefix_match([n | some c in s.components; some n in c.match_names], banned_name_prefixes) == false
	some j, c in s.components
	some n in c.match_names
	strings.any_prefix_match(n, banned_name_prefixes)
	some k, b in banned_patterns
	startswith(n, b.name_prefix)
	banned_match(b.name_glob, n)
}

# How a banned component is named in a finding: its purl when that matched, else its name and
# version with the purl it has (which names another package, or none that can be read).
banned_subject(c, hit) := c.purl if banned_by_purl[hit]

banned_subject(c, hit) := sprintf("%s (purl %s)", [label(c), c.purl]) if {
	not banned_by_purl[hit]
	c.purl
}

banned_subject(c, hit) := sprintf("%s (no purl)", [label(c)]) if {
	not banned_by_purl[hit]
	not c.purl
}

# The SBOM may have a component without a usable purl (one for which purl_problem is defined):
# not every component has a purl and no purl_error. One pass without calls, so that the rules
# call purl_problem per component only in SBOMs that have such a component.
purl_problems_possible(s) if count([1 | some c in s.components; c.purl; not c.purl_error]) != count(s.components)

# Why a component has no usable purl.
purl_problem(c) := "has no package URL (purl)" if not c.purl

purl_problem(c) := sprintf("has a package URL that is not valid (%s): %s", [c.purl, c.purl_error]) if {
	c.purl
	c.purl_error
}

# Strict SemVer 2.0 (semver.org), checked before semver.is_valid: OPA also accepts `v1.2.3`
# and leading zeros, regorus does not, and both engines must agree.
semver_re := `^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*)?(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?$`

strict_semver(v) if {
	regex.match(semver_re, v)
	semver.is_valid(v)
}

both_semver(a, b) if {
	strict_semver(a)
	strict_semver(b)
}

# Version order, -1, 0 or 1. Two strict SemVer versions compare with semver.compare (pre-releases
# before their release, build metadata ignored). Otherwise each version's numeric release is
# compared number by number, the shorter padded with zeros: a leading epoch `N:` is dropped,
# then the dot-separated digits at the start are the release (`1:1.2.13.dfsg-1` → 1.2.13,
# `4.6.2.post1` → 4.6.2, `2.36-9+deb12u9` → 2.36); what follows the release (pre-, post- and
# distribution revisions) is ignored. Undefined when a version has no numeric release.
version_cmp(a, b) := semver.compare(a, b) if both_semver(a, b)

version_cmp(a, b) := release_cmp(release(a), release(b)) if not both_semver(a, b)

release(v) := [to_number(strip_zeros(x)) | some x in split(m, ".")] if {
	m := regex.find_n(`^[0-9]+(\.[0-9]+)*`, regex.replace(v, `^[0-9]+:`, ""), 1)[0]
}

# `007` → `7` (to_number keeps leading zeros in OPA).
strip_zeros(x) := regex.replace(x, `^0+([0-9])`, "$1")

release_cmp(a, b) := 0 if count(release_diffs(a, b)) == 0

release_cmp(a, b) := sign_of(release_diffs(a, b)[0]) if count(release_diffs(a, b)) > 0

release_diffs(a, b) := [d |
	some i in numbers.range(0, max([count(a), count(b)]) - 1)
	d := number_at(a, i) - number_at(b, i)
	d != 0
]

number_at(arr, i) := arr[i] if i < count(arr)

number_at(arr, i) := 0 if i >= count(arr)

sign_of(d) := 1 if d > 0

sign_of(d) := -1 if d < 0

# The version lies in the entry's range.
affected(v, e) if {
	after_introduced(v, e)
	before_fixed(v, e)
	until_last_affected(v, e)
}

after_introduced(_, e) if not e.introduced

after_introduced(_, e) if e.introduced == "0"

after_introduced(v, e) if {
	e.introduced != "0"
	version_cmp(v, e.introduced) >= 0
}

before_fixed(_, e) if not e.fixed

before_fixed(v, e) if version_cmp(v, e.fixed) < 0

until_last_affected(_, e) if not e.last_affected

until_last_affected(v, e) if version_cmp(v, e.last_affected) <= 0

# Known vulnerabilities grouped by the package they name, so that each component looks up its
# own entries instead of being paired with every entry.
vulnerabilities_by_package[key] contains e if {
	some e in known_vulnerabilities
	key := purl_key(e.purl)
}

fixed_text(e) := sprintf("; fixed in %s", [e.fixed])

fixed_text(e) := "; no fixed version" if not e.fixed

severity_text(e) := sprintf(" (%s)", [e.severity])

severity_text(e) := "" if not e.severity

# The key under which two components of one SBOM count as the same package: the normalized
# purl without its version (`package`), else the name.
dup_key(c) := component_package(c)

dup_key(c) := c.name if not c.purl

multi_version_set := {x | some x in p.multi_version_types}

# [version, pointer] of each versioned component, grouped by [sbom index, package key].
package_entries[g] contains [c.version, c.pointer] if {
	some i, s in input.sboms
	some c in s.components
	c.version
	g := [i, dup_key(c)]
}

# Packages listed with several versions, per SBOM: as modelgate groups them (`duplicates`), or
# grouped here for inputs that lack them.
duplicate_groups contains {"sbom": i, "package": d.package, "versions": d.versions, "pointers": d.pointers} if {
	some i, s in input.sboms
	some d in s.duplicates
}

duplicate_groups contains {"sbom": i, "package": g[1], "versions": sort(versions), "pointers": sort({e[1] | some e in entries})} if {
	# Checked first, so that inputs from modelgate never group components here.
	some i, s in input.sboms
	not s.duplicates
	some g, entries in package_entries
	g[0] == i
	versions := {e[0] | some e in entries}
	count(versions) > 1
}

ns_per_day := (24 * 3600) * 1000000000

# Where a document states its spec version and creation time (SPDX 3 has no single place).
spec_pointer(s) := "/specVersion" if s.format == "cyclonedx"

spec_pointer(s) := "/spdxVersion" if {
	s.format == "spdx"
	startswith(s.spec_version, "2.")
}

created_pointer(s) := "/metadata/timestamp" if s.format == "cyclonedx"

created_pointer(s) := "/creationInfo/created" if {
	s.format == "spdx"
	startswith(s.spec_version, "2.")
}

# The finding with a pointer when the set holds one.
at_pointer(f, pointers) := object.union(f, {"pointer": ptr}) if some ptr in pointers

at_pointer(f, pointers) := f if count(pointers) == 0

# ---------------------------------------------------------------------------------------------
# Rules

# METADATA
# title: An SBOM is required
# description: >
#   From params.sbom.required_from up, a deployable release (one in
#   params.sbom.deployable_environments, or one that ships model artifacts) carries an SBOM of
#   what it runs on. The Cyber Resilience Act binds products with digital elements, with its main
#   obligations from 11 Dec 2027 (pure SaaS is in principle outside it: unverified against the
#   CRA text). For high-risk AI systems the technical documentation names the versions of
#   relevant software (AI Act Annex IV(1)(c)) and the third-party tools used (Annex IV(2)(a)).
# custom:
#   id: sbom-missing
#   regime: baseline
#   severity: high
#   controls: ["EU Cyber Resilience Act Annex I Part II(1) (from 11 Dec 2027)", "EO 14028 Sec. 4(e)(vii)", "NTIA SBOM Minimum Elements", "NIST SSDF PS.3.2", "EU AI Act Annex IV(1)(c) (high-risk)", "EU AI Act Annex IV(2)(a) (high-risk)"]
#   remediation: Generate a CycloneDX or SPDX SBOM of the serving image (e.g. with syft or cdxgen) and list it in spec.sboms.
deny contains f if {
	lib.tier_at_least(p.required_from)
	deployable
	count(input.sboms) == 0
	f := {
		"id": "sbom-missing",
		"msg": sprintf("risk tier %s requires an SBOM of a deployable release and the bundle has none", [lib.tier]),
		"file": lib.manifest_file,
	}
}

# METADATA
# title: No denied licenses
# description: A component may not ship when every way to comply with its licenses (every alternative of its SPDX expression) includes a license in params.sbom.denied_licenses.
# custom:
#   id: sbom-license-denied
#   regime: baseline
#   severity: high
#   controls: ["ISO/IEC 5230:2020 3.3.2"]
#   remediation: Replace the component, choose a version under an acceptable license, or obtain legal approval and add a waiver.
deny contains f if {
	license_denied_possible
	some s in input.sboms
	some c in s.components

	# Every alternative has a denied term, so the first one has: a cheap prefix test first (a
	# denied `X` is a prefix of `X` and of `X WITH e`); license_denied decides exactly.
	some first in c.license_alternatives[0]
	strings.any_prefix_match(first, denied_set)
	license_denied(c)
	denied := {t | some alt in alternatives(c); some t in alt; term_denied(t)}
	f := {
		"id": "sbom-license-denied",
		"msg": sprintf("component %s is licensed %s; every alternative includes a denied license (%s)", [label(c), concat("; ", licenses(c)), concat(", ", sort(denied))]),
		"file": s.source.path,
		"pointer": c.pointer,
		"target": target(c),
	}
}

# METADATA
# title: Licenses are on the allow list
# description: When params.sbom.allowed_licenses is set, every licensed component has one alternative of its SPDX expression made only of allowed licenses, and a license that does not parse is allowed only when listed as written.
# custom:
#   id: sbom-license-not-allowed
#   regime: baseline
#   severity: high
#   controls: ["ISO/IEC 5230:2020 3.3.2"]
#   remediation: Replace the component, or have the license reviewed and add it to params.sbom.allowed_licenses.
deny contains f if {
	count(p.allowed_licenses) > 0
	some s in input.sboms
	some c in s.components
	count(licenses(c)) > 0
	not license_allowed(c)
	not license_denied(c)
	f := {
		"id": "sbom-license-not-allowed",
		"msg": sprintf("component %s is licensed %s, which is not on the allow list", [label(c), concat("; ", licenses(c))]),
		"file": s.source.path,
		"pointer": c.pointer,
		"target": target(c),
	}
}

# METADATA
# title: Licenses are SPDX expressions
# description: A license that is not a valid SPDX license expression (even read leniently) cannot be checked against the allow and deny lists.
# custom:
#   id: sbom-license-unparsed
#   regime: baseline
#   severity: medium
#   controls: ["ISO/IEC 5230:2020 3.3.2", "SPDX 2.3 Annex D"]
#   remediation: Record the license as an SPDX identifier or expression (a LicenseRef- for custom terms), or review it by hand and list it in params.sbom.allowed_licenses.
warn contains f if {
	some s in input.sboms
	some c in s.components
	some e in c.license_errors
	f := {
		"id": "sbom-license-unparsed",
		"msg": sprintf("component %s: license \"%s\" cannot be evaluated: %s", [label(c), e.expression, e.reason]),
		"file": s.source.path,
		"pointer": c.pointer,
		"target": target(c),
	}
}

# METADATA
# title: Components state a license
# description: A component without any license cannot be cleared for distribution; types in params.sbom.exempt_types are skipped.
# custom:
#   id: sbom-license-missing
#   regime: baseline
#   severity: low
#   controls: ["ISO/IEC 5230:2020 3.3.1", "ISO/IEC 5230:2020 3.3.2"]
#   remediation: Regenerate the SBOM with license detection, or record the concluded license of the component.
warn contains f if {
	some s in input.sboms
	some c in s.components
	not c.licenses[0]
	not exempt(c)
	f := {
		"id": "sbom-license-missing",
		"msg": sprintf("component %s states no license", [label(c)]),
		"file": s.source.path,
		"pointer": c.pointer,
		"target": target(c),
	}
}

# METADATA
# title: Components have versions
# description: The NTIA minimum elements include a version for every component; types in params.sbom.exempt_types are skipped.
# custom:
#   id: sbom-component-version
#   regime: baseline
#   severity: low
#   controls: ["NTIA SBOM Minimum Elements"]
#   remediation: Regenerate the SBOM with a tool that records versions.
warn contains f if {
	some s in input.sboms
	some c in s.components
	not c.version
	not exempt(c)
	f := {
		"id": "sbom-component-version",
		"msg": sprintf("component %s has no version", [c.name]),
		"file": s.source.path,
		"pointer": c.pointer,
		"target": target(c),
	}
}

# METADATA
# title: Components have a valid package URL
# description: From risk tier params.sbom.purl_required_from up, a component needs a valid purl; without one it is matched against banned and known-vulnerable packages by name only. Types in params.sbom.exempt_types are skipped.
# custom:
#   id: sbom-component-purl
#   regime: baseline
#   severity: high
#   controls: ["NTIA SBOM Minimum Elements", "EU Cyber Resilience Act Annex I Part II(1)"]
#   remediation: Regenerate the SBOM with a tool that records package URLs (purl) for every package, and keep them as the tool wrote them.
deny contains f if {
	lib.tier_at_least(p.purl_required_from)
	some s in input.sboms
	purl_problems_possible(s)
	some c in s.components
	problem := purl_problem(c)
	not exempt(c)
	f := purl_finding("sbom-component-purl", s, c, problem)
}

# METADATA
# title: Components should have a valid package URL
# description: Below risk tier params.sbom.purl_required_from, a component without a valid purl is reported as a warning; it is matched against banned and known-vulnerable packages by name only. Types in params.sbom.exempt_types are skipped.
# custom:
#   id: sbom-component-purl-advisory
#   regime: baseline
#   severity: low
#   controls: ["NTIA SBOM Minimum Elements", "EU Cyber Resilience Act Annex I Part II(1)"]
#   remediation: Regenerate the SBOM with a tool that records package URLs (purl) for every package, and keep them as the tool wrote them.
warn contains f if {
	not lib.tier_at_least(p.purl_required_from)
	some s in input.sboms
	purl_problems_possible(s)
	some c in s.components
	problem := purl_problem(c)
	not exempt(c)
	f := purl_finding("sbom-component-purl-advisory", s, c, problem)
}

purl_finding(rule, s, c, problem) := {
	"id": rule,
	"msg": sprintf("component %s %s", [label(c), problem]),
	"file": s.source.path,
	"pointer": c.pointer,
	"target": target(c),
}

# METADATA
# title: No banned components
# description: A component that matches a pattern in params.sbom.banned_components (compromised or malicious packages by default) may not ship. It is matched by its canonical purl, by its name in each ecosystem its SBOM names (when the purl is missing, invalid or names another package), with look-alike letters folded, and by name alone when the ecosystem is unknown.
# custom:
#   id: sbom-component-banned
#   regime: baseline
#   severity: critical
#   controls: ["EU Cyber Resilience Act Art. 13(5)", "NIST SSDF PW.4.1"]
#   remediation: Remove the component and rebuild the image from trusted sources; treat a compromised package as an incident.
deny contains f if {
	some hit in banned_hits
	s := input.sboms[hit[0]]
	c := s.components[hit[1]]
	b := banned_patterns[hit[2]].entry
	f := {
		"id": "sbom-component-banned",
		"msg": sprintf("component %s is banned (%s): %s", [banned_subject(c, hit), b.purl, b.reason]),
		"file": s.source.path,
		"pointer": c.pointer,
		"target": target(c),
	}
}

# METADATA
# title: No known-vulnerable components
# description: A component whose package and version fall in a known vulnerability's range (params.sbom.vulnerabilities and data.modelgate.vulnerabilities) may not ship.
# custom:
#   id: sbom-component-vulnerable
#   regime: baseline
#   severity: high
#   controls: ["EU Cyber Resilience Act Annex I Part I(2)(a)", "EU Cyber Resilience Act Annex I Part II(2)", "NIST SSDF RV.1.1", "EU AI Act Art. 15(5)"]
#   remediation: Upgrade the component to a fixed version, or add a waiver stating why the vulnerability is not exploitable in this release.
deny contains f if {
	count(known_vulnerabilities) > 0
	some s in input.sboms
	some c in s.components
	some e in vulnerabilities_by_package[component_package(c)]
	v := component_version(c)
	affected(v, e)
	f := {
		"id": "sbom-component-vulnerable",
		"msg": sprintf("component %s %s (%s) is affected by %s%s: %s%s", [c.name, v, c.purl, e.id, severity_text(e), object.get(e, "summary", "no summary"), fixed_text(e)]),
		"file": s.source.path,
		"pointer": c.pointer,
		"target": c.purl,
	}
}

# METADATA
# title: SBOM spec is current
# description: An SBOM in a spec older than params.sbom.min_spec_versions lacks fields that the checks rely on (CycloneDX before 1.4 has no license expressions in every tool, no vulnerability or ML-BOM data).
# custom:
#   id: sbom-spec-version
#   regime: baseline
#   severity: low
#   controls: ["EU Cyber Resilience Act Annex I Part II(1)", "NTIA SBOM Minimum Elements"]
#   remediation: Regenerate the SBOM with a current tool version (e.g. CycloneDX 1.5 or later, SPDX 2.3).
warn contains f if {
	some s in input.sboms
	oldest := p.min_spec_versions[s.format]
	version_cmp(s.spec_version, oldest) < 0
	f := at_pointer(
		{
			"id": "sbom-spec-version",
			"msg": sprintf("%s spec %s is older than %s", [s.format, s.spec_version, oldest]),
			"file": s.source.path,
			"target": s.source.path,
		},
		{ptr | ptr := spec_pointer(s)},
	)
}

# METADATA
# title: SBOM is recent
# description: An SBOM states when it was created (an NTIA minimum element) and is not older than params.sbom.max_age_days, so that it describes the image being released.
# custom:
#   id: sbom-stale
#   regime: baseline
#   severity: medium
#   controls: ["NTIA SBOM Minimum Elements", "EU Cyber Resilience Act Annex I Part II(1)"]
#   remediation: Regenerate the SBOM from the image being released, as part of its build.
warn contains f if {
	some s in input.sboms
	age_days := (input.context.now_ns - time.parse_rfc3339_ns(s.created)) / ns_per_day
	age_days > p.max_age_days
	f := at_pointer(
		{
			"id": "sbom-stale",
			"msg": sprintf("SBOM was created %v days ago (%s), more than %v", [floor(age_days), s.created, p.max_age_days]),
			"file": s.source.path,
			"target": s.source.path,
		},
		{ptr | ptr := created_pointer(s)},
	)
}

warn contains f if {
	some s in input.sboms
	not s.created
	f := at_pointer(
		{
			"id": "sbom-stale",
			"msg": "SBOM states no creation time (RFC 3339), so its age is unknown",
			"file": s.source.path,
			"target": s.source.path,
		},
		{ptr | ptr := created_pointer(s)},
	)
}

# METADATA
# title: Components have hashes
# description: When params.sbom.require_hashes is true, every component carries a cryptographic hash, so that what was scanned can be verified to be what ships.
# custom:
#   id: sbom-component-hash
#   regime: baseline
#   severity: low
#   controls: ["NIST SSDF PS.2.1", "NIST SSDF PS.3.2"]
#   remediation: Regenerate the SBOM with a tool that records component hashes (e.g. sha256).
warn contains f if {
	p.require_hashes == true
	some s in input.sboms
	some c in s.components
	count(object.get(c, "hashes", {})) == 0
	f := {
		"id": "sbom-component-hash",
		"msg": sprintf("component %s has no hash", [label(c)]),
		"file": s.source.path,
		"pointer": c.pointer,
		"target": target(c),
	}
}

# METADATA
# title: One version per package
# description: A package listed with several versions in one SBOM (outside the purl types in params.sbom.multi_version_types) makes the inventory ambiguous, since the checks cannot tell which one runs.
# custom:
#   id: sbom-component-duplicate
#   regime: baseline
#   severity: low
#   controls: ["NTIA SBOM Minimum Elements", "EU Cyber Resilience Act Annex I Part II(1)"]
#   remediation: Remove the stale copy from the image, or regenerate the SBOM so that it lists what is installed.
warn contains f if {
	some d in duplicate_groups
	not multi_version_set[purl_type(d.package)]
	f := {
		"id": "sbom-component-duplicate",
		"msg": sprintf("package %s is listed with %d versions: %s", [d.package, count(d.versions), concat(", ", d.versions)]),
		"file": input.sboms[d.sbom].source.path,
		"pointer": d.pointers[0],
		"target": d.package,
	}
}
