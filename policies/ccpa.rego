# California Consumer Privacy Act as amended by the CPRA (Cal. Civ. Code 1798.100 et seq.) and
# the CPPA regulations on risk assessments and automated decisionmaking technology (11 CCR
# §§ 7001, 7150-7157, 7200-7222). Every rule applies only where the release or its data subjects
# are in California (params.ccpa.jurisdictions) and the organisation is a CCPA "business"
# (1798.140(d)(1), from input.organisation.ccpa; undeclared facts mean the CCPA is assumed to
# apply). Rules about personal information skip datasets that are validly deidentified
# (1798.140(m)) or covered by a data-level exemption the organisation declares (1798.145(d)-(e),
# 1798.146).
package modelgate.ccpa

import data.modelgate.lib

# Parameters (override under data.modelgate.params.ccpa).
default_params := {
	# Regions of California consumers. The country part of each (US) also counts: a release for
	# the whole United States reaches California.
	"jurisdictions": ["US-CA"],
	# How a region outside California must be written to count as outside (see in_california).
	"region_code_pattern": "^[A-Z]{2}(-[A-Z0-9]{1,3})?$",
	# De-identification methods (personalData.anonymization.method) that can be the "reasonable
	# measures" of 1798.140(m)(1). Pseudonymised information is still personal information
	# (1798.140(aa)), so pseudonymisation is not among them.
	"deidentification_methods": [
		"anonymisation", "aggregation", "differential_privacy", "k_anonymity", "synthetic_data",
	],
	# Whether a GDPR DPIA of the same processing (personalData.dpia with done and reference)
	# counts as the CCPA risk assessment of 11 CCR § 7150. The DPIA is not checked for the
	# contents § 7152 requires.
	"dpia_counts_as_risk_assessment": true,
	# 1798.140(d)(1)(A): annual gross revenues "in excess of twenty-five million dollars
	# ($25,000,000) in the preceding calendar year, as adjusted pursuant to subdivision (d) of
	# Section 1798.199.95". USD 26,625,000 is the adjusted figure the legal review (S7) reports
	# from workplaceprivacyreport.com; it is not verified against the CPPA's adjustment notice,
	# so set the figure in force for the year checked.
	"business_revenue_threshold_usd": 26625000,
	# 1798.140(d)(1)(B): buys, sells or shares the personal information of "100,000 or more
	# consumers or households".
	"business_consumers_threshold": 100000,
	# 1798.140(d)(1)(C): derives "50 percent or more" of its annual revenues from selling or
	# sharing consumers' personal information.
	"business_selling_revenue_share_percent": 50,
	# Data-level exemptions honoured where both the datasheet (personalData.ccpa.exemptions) and
	# the organisation's configuration (organisation.ccpa.exemptions) name them: glba
	# (1798.145(e)), fcra (1798.145(d)), hipaa (1798.146; placed in 1798.145(c) by earlier
	# versions of the statute, numbering not verified by the legal review).
	"exemptions": ["glba", "fcra", "hipaa"],
	# GDPR special categories, personal-data categories and field categories that are CCPA
	# sensitive personal information (1798.140(ae)). GDPR political opinions have no CCPA
	# counterpart; GDPR biometric data is the CCPA's biometric information processed to
	# identify a consumer.
	"sensitive_category_map": {
		"racial_or_ethnic_origin": "racial_or_ethnic_origin",
		"religious_beliefs": "religious_or_philosophical_beliefs",
		"religious_or_philosophical_beliefs": "religious_or_philosophical_beliefs",
		"trade_union_membership": "union_membership",
		"union_membership": "union_membership",
		"genetic": "genetic",
		"biometric": "biometric",
		"health": "health",
		"sex_life_or_orientation": "sex_life_or_orientation",
		"government_id": "government_id",
		"account_credentials": "account_credentials",
		"precise_geolocation": "precise_geolocation",
		"citizenship_or_immigration_status": "citizenship_or_immigration_status",
		"communications_content": "communications_content",
		"neural_data": "neural_data",
	},
	# The technologies of 11 CCR § 7150(b)(6) whose training on consumers' personal information
	# needs a risk assessment (manifest california.identificationTechnology).
	"identification_technologies": [
		"facial_recognition", "emotion_recognition", "identity_verification",
		"biological_identification", "profiling",
	],
	# Significant decisions (11 CCR § 7001(ddd)) per area (manifest california.admt.decisionArea).
	"significant_decision_areas": ["financial_lending", "housing", "education", "employment", "healthcare"],
	# The opt-out exceptions of 11 CCR § 7221(b), by the names a manifest may use for them.
	"admt_opt_out_exceptions": {
		"human_appeal": "human_appeal",
		"admission_acceptance_hiring": "admission_acceptance_hiring",
		"admission_hiring": "admission_acceptance_hiring",
		"allocation_compensation": "allocation_compensation",
		"work_allocation": "allocation_compensation",
	},
}

p := lib.area_params("ccpa", default_params)

# The CCPA reaches California consumers where a region of the release or its data is
# California, the whole United States, or cannot be placed outside California: a region counts
# as outside only when it is written as an ISO 3166-1 alpha-2 code, optionally with an ISO
# 3166-2 subdivision (params.ccpa.region_code_pattern), naming another country or another US
# state. Lower case, blanks, "California" or "global" fail closed.
in_california if {
	some r in lib.regions
	not region_outside_california(r)
}

in_california if lib.regions_unknown

region_code(r) := upper(trim_space(r)) if is_string(r)

region_outside_california(r) if {
	regex.match(p.region_code_pattern, region_code(r))
	not region_code(r) in {upper(j) | some j in p.jurisdictions}
	not region_code(r) in {split(upper(j), "-")[0] | some j in p.jurisdictions}
}

# The organisation's CCPA facts from the gate's configuration (not from the bundle).
default org := {}

org := input.organisation.ccpa if is_object(input.organisation.ccpa)

# 1798.140(d)(1): a for-profit entity doing business in California that meets at least one of
# the thresholds. An absent for_profit is taken as for-profit; entities controlled by or
# sharing branding with a business (1798.140(d)(2)-(4)) must not declare for_profit: false.
not_a_business if org.for_profit == false

not_a_business if {
	org.annual_gross_revenue_usd <= p.business_revenue_threshold_usd
	org.consumers_bought_sold_shared < p.business_consumers_threshold
	org.revenue_share_from_selling_percent < p.business_selling_revenue_share_percent
}

meets_threshold if org.annual_gross_revenue_usd > p.business_revenue_threshold_usd

meets_threshold if org.consumers_bought_sold_shared >= p.business_consumers_threshold

meets_threshold if org.revenue_share_from_selling_percent >= p.business_selling_revenue_share_percent

# Fail closed: the CCPA applies unless the declared facts show the organisation is no business.
ccpa_applies if {
	in_california
	not not_a_business
}

# Appended to every finding while the CCPA is only assumed to apply.
default applicability_note := ""

applicability_note := " (the CCPA is assumed to apply: the organisation's business facts, organisation.ccpa in the modelgate configuration, are not declared or meet no threshold of 1798.140(d)(1); declaring them could change this outcome)" if not meets_threshold

name(ds) := object.get(ds, "name", ds.source.path)

# Line of a datasheet key: `ccpa.opt_out` falls back to the line of `ccpa`, then to the
# personal-data block.
key_line(ds, key) := object.get(ds.lines, key, lib.line_of(ds, split(key, ".")[0]))

finding(id, ds, key, msg) := {
	"id": id,
	"msg": sprintf("%s%s", [msg, applicability_note]),
	"file": ds.source.path,
	"line": key_line(ds, key),
	"target": name(ds),
}

# Findings about the release's use of ADMT point at the manifest's California block, or at its
# automatedDecisions block when ADMT use was inferred from it.
manifest_finding(id, msg) := {
	"id": id,
	"msg": sprintf("%s%s", [msg, applicability_note]),
	"file": lib.manifest_file,
	"pointer": admt_pointer,
	"target": object.get(input.manifest, "name", lib.manifest_file),
}

default admt_pointer := "/spec/automatedDecisions"

admt_pointer := "/spec/california/admt" if admt_declared

ccpa_facts(ds) := object.get(ds.personal_data, "ccpa", {})

has_text(x) if {
	is_string(x)
	trim_space(x) != ""
}

# A non-blank string under obj[key]. Negate this rather than has_text(obj.key): OPA evaluates an
# undefined argument of a negated call outside the negation.
text_at(obj, key) if has_text(obj[key])

# A data-level exemption counts only when the datasheet claims it for this information and the
# organisation's configuration declares it: the statute exempts information (GLBA, HIPAA) or an
# activity (FCRA), not an organisation, and a release author must not exempt data alone.
exempt(ds) if {
	some e in object.get(ccpa_facts(ds), "exemptions", [])
	e in object.get(org, "exemptions", [])
	e in p.exemptions
}

# Datasets holding California consumers' personal information: those that state personal data,
# except the validly deidentified and the exempt ones.
consumer_datasets contains ds if {
	some ds in personal_datasets
	not deidentified_ok(ds)
	not exempt(ds)
}

# Datasets that say they hold personal information, and those that describe personal fields or
# categories while saying no or nothing: a datasheet cannot set `contains` false over fields it
# marks personal to escape (only the deidentification of 1798.140(m) takes them out).
personal_datasets contains ds if some ds in lib.personal_datasets

personal_datasets contains ds if {
	some ds in input.datasets
	not ds.personal_data.contains_personal_data == true
	personal_signals(ds)
}

personal_signals(ds) if count(object.get(object.get(ds, "personal_data", {}), "categories", [])) > 0

personal_signals(ds) if {
	some fld in object.get(ds, "fields", [])
	has_text(fld.personal)
}

deidentified_ok(ds) if {
	ds.personal_data.ccpa.deidentified == true
	count(deidentified_gaps(ds)) == 0
}

sold_or_shared(ds) if ds.personal_data.ccpa.sold == true

sold_or_shared(ds) if ds.personal_data.ccpa.shared == true

# The line key of the first of `sold` and `shared` that is true, for findings about the sale.
sale_key(ds) := sprintf("ccpa.%s", [[k | some k in ["sold", "shared"]; ds.personal_data.ccpa[k] == true][0]])

# Sensitive personal information: what the CCPA block declares, plus what the GDPR special
# categories, the personal-data categories and the fields' categories reveal, so that health
# data declared only on the GDPR side is still sensitive personal information.
sensitive_pi(ds) := (({s | some s in object.get(ccpa_facts(ds), "sensitive", [])} | {p.sensitive_category_map[c] | some c in object.get(ds.personal_data, "special_categories", [])}) | {p.sensitive_category_map[c] | some c in object.get(ds.personal_data, "categories", [])}) | {p.sensitive_category_map[lower(trim_space(f.personal))] | some f in object.get(ds, "fields", [])}

has_sensitive(ds) if count(sensitive_pi(ds)) > 0

# METADATA
# title: Notice at collection
# description: >
#   Where CCPA applies, consumers are told, at or before collection, the categories of personal
#   information collected and the purposes they are collected and used for (1798.100(a)(1)),
#   and likewise for sensitive personal information (1798.100(a)(2)). Using the data for a new
#   purpose such as training a model must stay "reasonably necessary and proportionate" and
#   compatible with the disclosed purposes (1798.100(c)).
# custom:
#   id: ccpa-notice-at-collection
#   regime: ccpa
#   effective_from: "2023-01-01"
#   severity: high
#   controls: ["CCPA 1798.100(a)(1)", "CCPA 1798.100(a)(2)", "CCPA 1798.100(c)"]
#   remediation: >
#     Set personalData.ccpa.noticeAtCollection (a link to the notice), personalData.ccpa.purposes
#     and personalData.categories.
deny contains f if {
	ccpa_applies
	some ds in consumer_datasets
	gaps := notice_gaps(ds)
	count(gaps) > 0
	f := finding("ccpa-notice-at-collection", ds, "ccpa.notice_at_collection", sprintf("dataset %q holds California consumers' personal information but names no %s", [name(ds), concat(", ", sort(gaps))]))
}

notice_gaps(ds) := ({"notice at collection" | not ds.personal_data.ccpa.notice_at_collection} | {"purposes" | not has_purposes(ds)}) | {"categories of personal information" | not has_categories(ds)}

has_purposes(ds) if count(ds.personal_data.ccpa.purposes) > 0

has_categories(ds) if count(ds.personal_data.categories) > 0

# METADATA
# title: Retention is disclosed per category
# description: >
#   Where CCPA applies, the notice at collection says how long each category of personal
#   information is kept: one period for all (personalData.retentionDays) or one per category
#   (personalData.ccpa.retentionByCategory), "or if that is not possible, the criteria used to
#   determine that period" (personalData.ccpa.retentionCriteria).
# custom:
#   id: ccpa-retention-disclosed
#   regime: ccpa
#   effective_from: "2023-01-01"
#   severity: medium
#   controls: ["CCPA 1798.100(a)(3)"]
#   remediation: >
#     State personalData.retentionDays, or personalData.ccpa.retentionByCategory with a period for
#     every category of personalData.categories, or, where no period can be given,
#     personalData.ccpa.retentionCriteria.
deny contains f if {
	ccpa_applies
	some ds in consumer_datasets
	not ds.personal_data.retention_days
	count(retention_by_category(ds)) == 0
	not text_at(ccpa_facts(ds), "retention_criteria")
	f := finding("ccpa-retention-disclosed", ds, "retention_days", sprintf("dataset %q discloses no retention period", [name(ds)]))
}

deny contains f if {
	ccpa_applies
	some ds in consumer_datasets
	not ds.personal_data.retention_days
	not text_at(ccpa_facts(ds), "retention_criteria")
	by := retention_by_category(ds)
	count(by) > 0
	missing := {c | some c in ds.personal_data.categories; not by[c]}
	count(missing) > 0
	f := finding("ccpa-retention-disclosed", ds, "ccpa.retention_by_category", sprintf("dataset %q discloses no retention period for %s", [name(ds), concat(", ", sort(missing))]))
}

retention_by_category(ds) := object.get(object.get(ds.personal_data, "ccpa", {}), "retention_by_category", {})

# METADATA
# title: Sale or sharing has an opt-out
# description: Where CCPA applies, consumers may opt out of the sale or sharing of their personal information.
# custom:
#   id: ccpa-opt-out
#   regime: ccpa
#   effective_from: "2023-01-01"
#   severity: critical
#   controls: ["CCPA 1798.120(a)", "CCPA 1798.120(b)", "CCPA 1798.135(a)(1)"]
#   remediation: Provide a "Do Not Sell or Share My Personal Information" link and set personalData.ccpa.optOut.
deny contains f if {
	ccpa_applies
	some ds in consumer_datasets
	sold_or_shared(ds)
	not ds.personal_data.ccpa.opt_out
	f := finding("ccpa-opt-out", ds, sale_key(ds), sprintf("dataset %q is sold or shared without an opt-out", [name(ds)]))
}

# METADATA
# title: Minors under 16 opt in to sale or sharing
# description: >
#   Where CCPA applies, personal information of consumers under 16 is not sold or shared unless
#   the consumer (aged 13 to 15) or a parent or guardian (under 13) affirmatively authorised it.
# custom:
#   id: ccpa-minors-opt-in
#   regime: ccpa
#   effective_from: "2023-01-01"
#   severity: critical
#   controls: ["CCPA 1798.120(c)"]
#   remediation: >
#     Stop selling or sharing minors' information, or obtain opt-in consent (parental consent
#     under 13) and set personalData.ccpa.optInMinors to true.
deny contains f if {
	ccpa_applies
	some ds in consumer_datasets
	ds.personal_data.ccpa.minors_under_16 == true
	sold_or_shared(ds)
	not ds.personal_data.ccpa.opt_in_minors
	f := finding("ccpa-minors-opt-in", ds, "ccpa.minors_under_16", sprintf("dataset %q sells or shares personal information of consumers under 16 without their opt-in consent", [name(ds)]))
}

# METADATA
# title: Use of sensitive personal information is limited
# description: >
#   Where CCPA applies, sensitive personal information is either only used for the purposes
#   1798.121(a) allows (personalData.ccpa.sensitiveUseLimited), or consumers get a "Limit the Use
#   of My Sensitive Personal Information" notice and link (personalData.ccpa.limitNotice).
#   Sensitive personal information includes GDPR special categories and fields of a sensitive
#   category (params.ccpa.sensitive_category_map). 1798.121(d): "Sensitive personal information
#   that is collected or processed without the purpose of inferring characteristics about a
#   consumer is not subject to this section" (personalData.ccpa.sensitiveInference: false); a
#   dataset used for profiling, or by a release that takes decisions with legal or similarly
#   significant effect, infers characteristics and cannot claim it.
# custom:
#   id: ccpa-sensitive-limit
#   regime: ccpa
#   effective_from: "2023-01-01"
#   severity: high
#   controls: ["CCPA 1798.121(a)", "CCPA 1798.121(d)", "CCPA 1798.135(a)(2)", "CCPA 1798.140(ae)"]
#   remediation: >
#     Limit the use to the purposes of 1798.121(a) and set personalData.ccpa.sensitiveUseLimited
#     to true, or publish the limit link and set personalData.ccpa.limitNotice, or, where the
#     information is not processed to infer characteristics about consumers, set
#     personalData.ccpa.sensitiveInference to false.
deny contains f if {
	ccpa_applies
	some ds in consumer_datasets
	has_sensitive(ds)
	not ds.personal_data.ccpa.sensitive_use_limited
	not text_at(ccpa_facts(ds), "limit_notice")
	not no_inference_purpose(ds)
	f := finding("ccpa-sensitive-limit", ds, "ccpa.sensitive", sprintf("dataset %q uses sensitive personal information %v without limiting its use or a notice of the right to limit", [name(ds), sort(sensitive_pi(ds))]))
}

# 1798.121(d) carve-out, refused where the data is evidently used to infer characteristics.
no_inference_purpose(ds) if {
	ccpa_facts(ds).sensitive_inference == false
	not ds.personal_data.profiling == true
	not input.manifest.automated_decisions.legal_or_similar_effect == true
}

# METADATA
# title: Deidentified data carries its commitments
# description: >
#   Where CCPA applies, information is deidentified only when the business takes reasonable
#   measures against reidentification (an anonymization method of
#   params.ccpa.deidentification_methods), publicly commits to keep it deidentified and not to
#   reidentify it, and contractually binds every recipient to the same; otherwise it stays
#   personal information and every other CCPA rule applies to it.
#   (Conditions (1)-(3) are verified verbatim; the subdivision letter (m) is not.)
# custom:
#   id: ccpa-deidentified-commitments
#   regime: ccpa
#   effective_from: "2023-01-01"
#   severity: high
#   controls: ["CCPA 1798.140(m)(1)", "CCPA 1798.140(m)(2)", "CCPA 1798.140(m)(3)"]
#   remediation: >
#     Set personalData.anonymization.method and personalData.ccpa.deidentifiedCommitment
#     {publicCommitment (link), noReidentification: true, contractual: true}, or drop the
#     deidentified claim.
deny contains f if {
	ccpa_applies
	some ds in input.datasets
	ds.personal_data.ccpa.deidentified == true
	not exempt(ds)
	gaps := deidentified_gaps(ds)
	count(gaps) > 0
	f := finding("ccpa-deidentified-commitments", ds, "ccpa.deidentified", sprintf("dataset %q is declared deidentified without %s", [name(ds), concat(", ", sort(gaps))]))
}

deidentified_gaps(ds) := (({"reasonable measures against reidentification (1798.140(m)(1))" | not deidentification_measures(ds)} | {"a public commitment to keep it deidentified (1798.140(m)(2))" | not ds.personal_data.ccpa.deidentified_commitment.public_commitment}) | {"a commitment not to reidentify (1798.140(m)(2))" | not ds.personal_data.ccpa.deidentified_commitment.no_reidentification}) | {"contractual obligations on recipients (1798.140(m)(3))" | not ds.personal_data.ccpa.deidentified_commitment.contractual}

deidentification_measures(ds) if ds.personal_data.anonymization.method in p.deidentification_methods

# METADATA
# title: Significant-risk processing has a risk assessment
# description: >
#   Where CCPA applies, processing that presents significant risk to consumers' privacy has a
#   risk assessment, conducted before the processing starts (11 CCR § 7155(a)(1)). The triggers
#   of § 7150(b): selling or sharing (b)(1); sensitive personal information (b)(2), including
#   GDPR special categories; using ADMT for a significant decision (b)(3); inferring
#   characteristics of applicants, students, employees or contractors from systematic
#   observation (b)(4) or of consumers from their presence in a sensitive location (b)(5); and
#   processing personal information the business intends to use to train an ADMT for a
#   significant decision or a facial-recognition, emotion-recognition or other technology that
#   verifies identity or conducts physical or biological identification or profiling (b)(6).
#   Every dataset of the release is taken as training data of its model. A GDPR DPIA of the
#   same processing counts when params.ccpa.dpia_counts_as_risk_assessment is true. The
#   statutory mandate in Civ. Code 1798.185 is not cited: its sub-paragraph number is unverified.
# custom:
#   id: ccpa-risk-assessment
#   regime: ccpa-risk-assessment
#   effective_from: "2026-01-01"
#   severity: medium
#   controls: ["11 CCR § 7150(b)(1)-(6)", "11 CCR § 7155(a)(1)"]
#   remediation: >
#     Carry out the risk assessment before the processing and set
#     personalData.ccpa.riskAssessment to its reference (or record a DPIA that covers it).
deny contains f if {
	ccpa_applies
	some ds in consumer_datasets
	reasons := risk_reasons(ds)
	count(reasons) > 0
	not risk_assessed(ds)
	f := finding("ccpa-risk-assessment", ds, "ccpa.risk_assessment", sprintf("dataset %q needs a risk assessment: %s", [name(ds), concat(", ", sort(reasons))]))
}

risk_reasons(ds) := ((((({"selling or sharing (§ 7150(b)(1))" | sold_or_shared(ds)} | {"sensitive personal information (§ 7150(b)(2))" | has_sensitive(ds)}) | {"using ADMT for a significant decision (§ 7150(b)(3))" | admt_used}) | {"inference from systematic observation of applicants, students, employees or contractors (§ 7150(b)(4))" | ccpa_facts(ds).systematic_observation == true}) | {"inference from presence in sensitive locations (§ 7150(b)(5))" | ccpa_facts(ds).sensitive_location == true}) | {"training an ADMT for a significant decision (§ 7150(b)(6))" | admt_used}) | {sprintf("training %s technology (§ 7150(b)(6))", [concat(" and ", sort(identification_technology))]) | count(identification_technology) > 0}

# The § 7150(b)(6) technologies the release's model is: declared in the California block, or
# evident from an EU AI Act Annex III point 1 (biometrics) classification or an Art. 50(3)
# emotion-recognition or biometric-categorisation system.
identification_technology contains t if {
	t := input.manifest.california.identification_technology
	t in p.identification_technologies
}

identification_technology contains "biometric (EU AI Act Annex III point 1)" if {
	startswith(input.manifest.eu_ai_act.annex_iii, "1")
}

identification_technology contains "emotion-recognition or biometric-categorisation" if {
	input.manifest.transparency.emotion_recognition_or_biometric_categorisation == true
}

risk_assessed(ds) if has_text(ds.personal_data.ccpa.risk_assessment)

risk_assessed(ds) if {
	p.dpia_counts_as_risk_assessment == true
	ds.personal_data.dpia.done == true
	has_text(ds.personal_data.dpia.reference)
}

# --- Automated decisionmaking technology (11 CCR §§ 7001(e), 7200-7222) ---

# The manifest's ADMT block (spec.california.admt), or an empty object.
default admt := {}

admt := input.manifest.california.admt if is_object(input.manifest.california.admt)

admt_declared if admt.significant_decision == true

# § 7001(e): ADMT replaces or "substantially replace[s] human decisionmaking", i.e. its output is
# used "to make a decision without human involvement". A release whose decisions have legal or
# similarly significant effect is taken to use ADMT for a significant decision unless its human
# involvement meets all of § 7001(e)(1)(A)-(C): omitting the California block does not escape.
admt_inferred if {
	input.manifest.automated_decisions.legal_or_similar_effect == true
	input.manifest.automated_decisions.solely_automated == true
}

admt_inferred if {
	input.manifest.automated_decisions.legal_or_similar_effect == true
	not human_involvement_ok
}

# A decision in an area of § 7001(ddd) (params.ccpa.significant_decision_areas) is a significant
# decision whatever significantDecision or the automatedDecisions block says; without the human
# involvement of § 7001(e)(1) the technology is ADMT.
admt_inferred if {
	significant_area
	not human_involvement_ok
}

significant_area if lower(trim_space(admt.decision_area)) in p.significant_decision_areas

human_involvement_ok if {
	h := admt.human_involvement
	h.interprets_output == true
	h.reviews_other_information == true
	h.authority_to_change == true
}

admt_used if admt_declared

admt_used if admt_inferred

# The personal information the decision uses is exempt (1798.145(d)-(e), 1798.146) where the
# ADMT block and the organisation's configuration both name the exemption.
admt_exempt if {
	admt.exemption in object.get(org, "exemptions", [])
	admt.exemption in p.exemptions
}

admt_applies if {
	ccpa_applies
	admt_used
	not admt_exempt
}

# How the ADMT use was established, for the messages.
default admt_basis := "the release declares ADMT use for a significant decision (spec.california.admt.significantDecision)"

admt_basis := "its decisions are solely automated with legal or similarly significant effect (spec.automatedDecisions)" if {
	not admt_declared
	input.manifest.automated_decisions.solely_automated == true
}

admt_basis := "its decisions have legal or similarly significant effect and spec.california.admt.humanInvolvement does not show a reviewer who interprets the output, reviews other information and has authority to change the decision (§ 7001(e)(1))" if {
	not admt_declared
	not input.manifest.automated_decisions.solely_automated == true
	input.manifest.automated_decisions.legal_or_similar_effect == true
}

admt_basis := sprintf("its decisionArea %s is a significant decision (§ 7001(ddd)) and spec.california.admt.humanInvolvement does not show a reviewer who interprets the output, reviews other information and has authority to change the decision (§ 7001(e)(1))", [admt.decision_area]) if {
	not admt_declared
	not input.manifest.automated_decisions.solely_automated == true
	not input.manifest.automated_decisions.legal_or_similar_effect == true
	significant_area
}

# METADATA
# title: ADMT for significant decisions has a Pre-use Notice
# description: >
#   A business that uses automated decisionmaking technology for a significant decision
#   concerning a consumer (financial or lending services, housing, education, employment or
#   compensation, healthcare; 11 CCR § 7001(ddd), § 7200(a)) provides consumers with a Pre-use
#   Notice about that use and their rights to opt out of and access ADMT (§ 7220(a)), before it
#   processes their personal information with it. Existing uses comply by 1 January 2027
#   (§ 7200(b)).
# custom:
#   id: ccpa-admt-pre-use-notice
#   regime: ccpa-admt
#   effective_from: "2027-01-01"
#   severity: high
#   controls: ["11 CCR § 7200(a)", "11 CCR § 7200(b)", "11 CCR § 7220(a)", "11 CCR § 7001(e)(1)"]
#   remediation: >
#     Publish a Pre-use Notice and set spec.california.admt.preUseNotice to its link, or show in
#     spec.california.admt.humanInvolvement that a human reviewer interprets the output, reviews
#     other relevant information and has authority to make or change the decision.
deny contains f if {
	admt_applies
	not text_at(admt, "pre_use_notice")
	f := manifest_finding("ccpa-admt-pre-use-notice", sprintf("the release uses ADMT for a significant decision about California consumers (%s) without a Pre-use Notice", [admt_basis]))
}

# METADATA
# title: ADMT for significant decisions can be opted out of, or an exception is documented
# description: >
#   A business that uses ADMT for a significant decision lets consumers opt out of that use
#   (11 CCR § 7221), unless an exception of § 7221(b) applies and is documented: (1)
#   human_appeal, a method to appeal the decision to a qualified human reviewer with authority
#   to overturn it (spec.california.admt.appeal); (2) admission_acceptance_hiring, for admission,
#   acceptance or hiring decisions where the ADMT is used solely to assess the consumer's ability
#   to perform and does not unlawfully discriminate; (3) allocation_compensation, for
#   allocation or assignment of work and compensation on the same conditions. For (2) and (3)
#   the decision area must fit and purposeLimited and nonDiscrimination must be stated.
# custom:
#   id: ccpa-admt-opt-out
#   regime: ccpa-admt
#   effective_from: "2027-01-01"
#   severity: high
#   controls: ["11 CCR § 7221(a)", "11 CCR § 7221(b)(1)", "11 CCR § 7221(b)(2)", "11 CCR § 7221(b)(3)"]
#   remediation: >
#     Offer an opt-out and set spec.california.admt.optOut, or set optOutException with the facts
#     it needs: appeal for human_appeal; decisionArea, purposeLimited: true and
#     nonDiscrimination for admission_acceptance_hiring or allocation_compensation.
deny contains f if {
	admt_applies
	not text_at(admt, "opt_out")
	not opt_out_exception_ok
	f := manifest_finding("ccpa-admt-opt-out", sprintf("the release uses ADMT for a significant decision about California consumers (%s) without an opt-out%s", [admt_basis, exception_gap_note]))
}

exception := p.admt_opt_out_exceptions[admt.opt_out_exception]

exception_gaps contains "spec.california.admt.appeal (a method to appeal to a qualified human reviewer who can overturn the decision)" if {
	exception == "human_appeal"
	not text_at(admt, "appeal")
}

exception_gaps contains "a decisionArea of employment or education (admission, acceptance or hiring)" if {
	exception == "admission_acceptance_hiring"
	not object.get(admt, "decision_area", "") in {"employment", "education"}
}

exception_gaps contains "a decisionArea of employment (allocation of work or compensation)" if {
	exception == "allocation_compensation"
	admt.decision_area != "employment"
}

exception_gaps contains "a decisionArea of employment (allocation of work or compensation)" if {
	exception == "allocation_compensation"
	not admt.decision_area
}

exception_gaps contains "purposeLimited: true (used solely for the purpose the exception names)" if {
	exception in {"admission_acceptance_hiring", "allocation_compensation"}
	not admt.purpose_limited == true
}

exception_gaps contains "nonDiscrimination (evidence that it does not unlawfully discriminate)" if {
	exception in {"admission_acceptance_hiring", "allocation_compensation"}
	not text_at(admt, "non_discrimination")
}

opt_out_exception_ok if {
	exception
	count(exception_gaps) == 0
}

default exception_gap_note := ""

exception_gap_note := sprintf("; the exception %q is not recognised (§ 7221(b) has human_appeal, admission_acceptance_hiring, allocation_compensation)", [admt.opt_out_exception]) if {
	has_text(admt.opt_out_exception)
	not exception
}

exception_gap_note := sprintf("; the %s exception lacks %s", [exception, concat(", ", sort(exception_gaps))]) if {
	count(exception_gaps) > 0
}

# METADATA
# title: Consumers can access information about the ADMT
# description: >
#   A business that uses ADMT for a significant decision provides consumers with information
#   about that use when responding to a request to access ADMT (11 CCR § 7222(a)); the
#   release names the process that does so.
# custom:
#   id: ccpa-admt-access
#   regime: ccpa-admt
#   effective_from: "2027-01-01"
#   severity: high
#   controls: ["11 CCR § 7222(a)"]
#   remediation: Set up the ADMT access-request process and set spec.california.admt.access to its reference.
deny contains f if {
	admt_applies
	not text_at(admt, "access")
	f := manifest_finding("ccpa-admt-access", sprintf("the release uses ADMT for a significant decision about California consumers (%s) without a process for requests to access ADMT", [admt_basis]))
}
