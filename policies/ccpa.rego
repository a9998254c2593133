# California Consumer Privacy Act as amended by the CPRA (Cal. Civ. Code 1798.100 et seq.).
# Rules apply where the release or its data subjects are in California (params.ccpa.jurisdictions).
package modelgate.ccpa

import data.modelgate.lib

# Parameters (override under data.modelgate.params.ccpa).
default_params := {
	# Regions of California consumers.
	"jurisdictions": ["US-CA"],
}

p := lib.area_params("ccpa", default_params)

ccpa_applies if {
	some r in lib.regions
	r in p.jurisdictions
}

finding(id, ds, key, msg) := {
	"id": id,
	"msg": msg,
	"file": ds.source.path,
	"line": lib.line_of(ds, key),
	"target": object.get(ds, "name", ds.source.path),
}

# METADATA
# title: Notice at collection
# description: Consumers are told, at or before collection, the categories of personal information and the purposes.
# custom:
#   id: ccpa-notice-at-collection
#   severity: high
#   controls: ["CCPA 1798.100(a)(1)", "CCPA 1798.100(b)"]
#   remediation: Set personalData.ccpa.noticeAtCollection (a link to the notice) and personalData.ccpa.purposes.
deny contains f if {
	ccpa_applies
	some ds in lib.personal_datasets
	not notice_given(ds)
	f := finding("ccpa-notice-at-collection", ds, "ccpa", sprintf("dataset %q holds California consumers' data but names no notice at collection with purposes", [object.get(ds, "name", ds.source.path)]))
}

notice_given(ds) if {
	ds.personal_data.ccpa.notice_at_collection
	count(ds.personal_data.ccpa.purposes) > 0
}

# METADATA
# title: Sale or sharing has an opt-out
# description: Consumers may opt out of the sale or sharing of their personal information.
# custom:
#   id: ccpa-opt-out
#   severity: critical
#   controls: ["CCPA 1798.120(a)", "CCPA 1798.135(a)"]
#   remediation: Provide a "Do Not Sell or Share My Personal Information" link and set personalData.ccpa.optOut.
deny contains f if {
	ccpa_applies
	some ds in lib.personal_datasets
	sold_or_shared(ds)
	not ds.personal_data.ccpa.opt_out
	f := finding("ccpa-opt-out", ds, "ccpa", sprintf("dataset %q is sold or shared without an opt-out", [object.get(ds, "name", ds.source.path)]))
}

sold_or_shared(ds) if ds.personal_data.ccpa.sold

sold_or_shared(ds) if ds.personal_data.ccpa.shared

# METADATA
# title: Retention is disclosed
# description: The notice at collection says how long each category of personal information is kept.
# custom:
#   id: ccpa-retention-disclosed
#   severity: medium
#   controls: ["CCPA 1798.100(a)(3)"]
#   remediation: State personalData.retentionDays in the datasheet.
deny contains f if {
	ccpa_applies
	some ds in lib.personal_datasets
	not ds.personal_data.retention_days
	f := finding("ccpa-retention-disclosed", ds, "retention_days", sprintf("dataset %q discloses no retention period", [object.get(ds, "name", ds.source.path)]))
}
