# Shared helpers of the built-in policies. Each area package documents its parameters in its
# own `default_params`; override any of them with `--data params.yaml` holding
# {"modelgate": {"params": {"<area>": {...}}}}.
package modelgate.lib

default user_params := {}

# Parameters given with --data under data.modelgate.params; each area package merges its own
# key over its `default_params` (documented there) with `lib.area_params`.
user_params := data.modelgate.params

# The parameters of one area: its defaults with the user's values merged over them (objects key
# by key; lists and numbers replaced).
area_params(area, defaults) := object.union(defaults, object.get(user_params, area, {}))

tier_rank := {"minimal": 0, "limited": 1, "high": 2, "unacceptable": 3}

# The tier the release declares; an undeclared one is judged as high: the gate fails closed.
default declared_tier := "high"

declared_tier := input.manifest.risk_tier if tier_rank[input.manifest.risk_tier]

# The lowest tier the EU AI Act gives the release (Annex I, Annex III, its own description),
# derived in policies/aiact.rego; "minimal" where that package is not loaded.
default derived_tier := "minimal"

derived_tier := data.modelgate.aiact.minimum_tier if tier_rank[data.modelgate.aiact.minimum_tier]

# The release's tier: the higher of the declared and the derived tier, so an author cannot
# switch obligations off by declaring a tier below the one the law gives the release.
tier := declared_tier if tier_rank[declared_tier] >= tier_rank[derived_tier]

tier := derived_tier if tier_rank[derived_tier] > tier_rank[declared_tier]

# True when the release's tier is `t` or above.
tier_at_least(t) if tier_rank[tier] >= tier_rank[t]

manifest_file := input.manifest.source.path

# Findings about the bundle as a whole point at its manifest, or at the bundle folder itself.
default manifest_file := "."

# True when the release is placed in one of `members` (jurisdiction codes, upper case): its
# spec.jurisdictions is empty, or one of its entries is not recognisably outside them. Outside
# means an ISO 3166 code, trimmed and in any case, of a country not in `members` ("US",
# "us-ca"); every other spelling ("E.U.", "Europe", "Germany", "EU27") is judged as inside, so
# that a jurisdiction spelled around the list never switches a regime off.
placed_in(members) if count(object.get(input.manifest, "jurisdictions", [])) == 0

placed_in(members) if {
	some j in input.manifest.jurisdictions
	not outside(j, members)
}

outside(j, members) if {
	is_string(j)
	code := upper(trim_space(j))
	regex.match(`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`, code)
	not substring(code, 0, 2) in members
}

# Regions where the release or its data subjects are.
regions contains r if some r in input.manifest.jurisdictions

# Neither the manifest nor any dataset says where the release goes or whose data it holds: every
# law that turns on the place is judged as applying (fail closed), as placed_in does.
regions_unknown if count(regions) == 0

regions contains r if {
	some ds in input.datasets
	some r in ds.personal_data.subject_regions
}

# Datasets that state they hold personal data.
personal_datasets contains ds if {
	some ds in input.datasets
	ds.personal_data.contains_personal_data == true
}

# 1-based line of a datasheet key, 0 when unknown.
line_of(ds, key) := object.get(ds.lines, key, object.get(ds.lines, "personal_data", 0))
