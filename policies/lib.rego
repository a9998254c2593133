# Shared helpers and the documented default parameters of the built-in policies.
# Override any of them with `--data params.yaml` holding {"modelgate": {"params": {...}}};
# objects are merged key by key, lists and numbers are replaced.
package modelgate.lib

# Default parameters. Each area reads its own key.
default_params := {
	"documentation": {
		# Model card sections (canonical ids, see README) required per EU AI Act risk tier.
		"required_sections": {
			"minimal": ["intended_use", "limitations"],
			"limited": ["intended_use", "limitations", "training_data", "evaluation", "contact"],
			"high": [
				"intended_use", "out_of_scope_use", "limitations", "training_data", "evaluation",
				"bias_fairness", "human_oversight", "contact",
			],
			"unacceptable": [
				"intended_use", "out_of_scope_use", "limitations", "training_data", "evaluation",
				"bias_fairness", "human_oversight", "contact",
			],
		},
		# A section with fewer words than this counts as missing.
		"min_words": 10,
		# Sections that are short by nature, with their own minimum.
		"min_words_by_section": {"contact": 1, "license": 1, "version": 1},
	},
	"gdpr": {
		# Jurisdictions (manifest spec.jurisdictions or dataset subject regions) where GDPR applies.
		"jurisdictions": [
			"EU", "EEA", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
			"HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES",
			"SE", "IS", "LI", "NO",
		],
		# Longest retention accepted without a finding (days).
		"max_retention_days": 1095,
		# Destinations covered by an EU adequacy decision (Art. 45); transfers there need no other mechanism.
		"adequacy": [
			"AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY",
			"US-DPF", "BR",
		],
		# Risk tiers from which a DPIA reference is required for any personal data (Art. 35(1)).
		"dpia_tiers": ["high", "unacceptable"],
	},
	"ccpa": {"jurisdictions": ["US-CA"]},
	"robustness": {
		# Lowest risk tier that needs a robustness report.
		"required_from": "high",
		# Lowest robust accuracy accepted for any attack in the report.
		"min_robust_accuracy": 0.5,
		# Highest attack success rate accepted.
		"max_success_rate": 0.5,
		# A report older than this many days is stale.
		"max_age_days": 180,
		# Highest garak probe failure rate accepted before a warning.
		"max_probe_failure_rate": 0.1,
	},
	"sbom": {
		# Lowest risk tier that needs an SBOM.
		"required_from": "limited",
		# Licenses (SPDX ids) that may not appear in a deployed model's dependencies.
		"denied_licenses": ["AGPL-1.0-only", "AGPL-3.0-only", "AGPL-3.0-or-later", "SSPL-1.0"],
	},
}

default user_params := {}

user_params := data.modelgate.params

params := object.union(default_params, user_params)

tier_rank := {"minimal": 0, "limited": 1, "high": 2, "unacceptable": 3}

# An undeclared risk tier is judged as high: the gate fails closed.
default tier := "high"

tier := input.manifest.risk_tier if tier_rank[input.manifest.risk_tier]

# True when the release's tier is `t` or above.
tier_at_least(t) if tier_rank[tier] >= tier_rank[t]

manifest_file := input.manifest.source.path

# Findings about the bundle as a whole point at its manifest, or at the bundle folder itself.
default manifest_file := "."

# Regions where the release or its data subjects are.
regions contains r if some r in input.manifest.jurisdictions

regions contains r if {
	some ds in input.datasets
	some r in ds.personal_data.subject_regions
}

gdpr_applies if {
	some r in regions
	r in params.gdpr.jurisdictions
}

ccpa_applies if {
	some r in regions
	r in params.ccpa.jurisdictions
}

# Datasets that state they hold personal data.
personal_datasets contains ds if {
	some ds in input.datasets
	ds.personal_data.contains_personal_data == true
}

# 1-based line of a datasheet key, 0 when unknown.
line_of(ds, key) := object.get(ds.lines, key, object.get(ds.lines, "personal_data", 0))
