# Erasure requests and the trained model: what happens to the weights when a person asks for
# erasure (GDPR Art. 17, 19; CCPA 1798.105, with AB 1008 counting AI systems that can output
# personal information as personal information).
#
# A model trained on personal data is not presumed anonymous (EDPB Opinion 28/2024), so where
# the training data holds personal data the release must say how a request reaches the weights,
# within the legal deadline, and that recipients are told. The release escapes only by showing
# the model cannot output the data (an anonymity assessment) or that the data is not personal
# (an anonymised or deidentified dataset); an absent block or an unsupported claim fails closed.
package modelgate.erasure

# The rules of the GDPR and CCPA packages are read by their full data path, their functions by
# these imports: regorus evaluates every rule of a package whose rule is read through an import
# (`gdpr.gdpr_applies`), and by the full path only that rule.
import data.modelgate.ccpa
import data.modelgate.gdpr
import data.modelgate.lib

# Parameters (override under data.modelgate.params.erasure).
default_params := {
	# GDPR Art. 12(3): action on a request "without undue delay and in any event within one month
	# of receipt of the request". A month ends on the same date of the next month, so the number
	# of days that meets the deadline for a request received on any day is that of the shortest
	# month. The two-month extension of Art. 12(3) is decided per request "where necessary", with
	# reasons given within the first month, so a standing design does not plan on it; raise this
	# only on a documented legal assessment.
	"gdpr_deadline_days": 28,
	# CCPA 1798.130(a)(2)(A) (as cited in the legal review, §3 #4): 45 days from receipt of a
	# verifiable consumer request. Its one-off extension with notice is, likewise, per request.
	"ccpa_deadline_days": 45,
	# What spec.erasure.modelScope may say so that the person's data leaves the weights: a
	# retraining without the erased records, or machine unlearning. An output filter
	# (`suppression`, `output_filter`) stops the model repeating the data but keeps it in the
	# weights; whether that satisfies Art. 17 for a model that memorised the data is not settled,
	# so it is not accepted unless an organisation adds it here.
	"weight_erasure_scopes": ["retrain", "unlearning"],
	# Scopes whose effect the gate cannot see from the declaration alone, so they need
	# spec.erasure.evidence (approximate unlearning methods do not guarantee removal).
	"evidence_required_for": ["unlearning"],
	# personalData.anonymization.method values that, with a justification, make a dataset that
	# does not say it holds personal data anonymous (GDPR Recital 26). Pseudonymised data stays
	# personal data (Art. 4(5)).
	"anonymous_methods": ["anonymisation"],
	# Values that state nothing, compared trimmed and in lower case: a reference field holding
	# one of them counts as absent.
	"placeholders": ["", "-", "n/a", "na", "none", "none yet", "tbd", "todo", "to do", "unknown", "pending", "xxx", "[more information needed]"],
}

p := lib.area_params("erasure", default_params)

name(ds) := object.get(ds, "name", ds.source.path)

pd(ds) := object.get(ds, "personal_data", {})

# The release's erasure block; absent when the manifest has none.
block := input.manifest.erasure

# obj[key] is a reference or description that says something. The value is looked up inside the
# helper so that an absent key reads the same in OPA and regorus: OPA evaluates a call argument
# of `not f(x.key)` outside the negation.
stated(obj, key) if {
	is_string(obj[key])
	t := essence(obj[key])
	t != ""
	not t in placeholder_essences
}

# The placeholders as `stated` compares them, folded once per evaluation rather than per call.
placeholder_essences := {essence(ph) | some ph in p.placeholders}

# What a text says once case, blanks, punctuation and invisible characters (a zero-width space)
# are removed: "TBD." and "n/a" read as the placeholders they are.
essence(x) := regex.replace(lower(x), `[^\pL\pN]+`, "")

# obj[key] is a number (same reason).
number_at(obj, key) if is_number(obj[key])

# The dataset holds personal data: it says so, or (saying nothing or no) it describes personal
# fields or categories that no anonymisation takes out of the GDPR's reach. A datasheet cannot
# drop the `contains` flag, or set it false over fields it marks personal, to escape.
holds_personal(ds) if pd(ds).contains_personal_data == true

holds_personal(ds) if {
	not pd(ds).contains_personal_data == true
	personal_signals(ds)
	not anonymous(ds)
}

personal_signals(ds) if count(object.get(pd(ds), "categories", [])) > 0

personal_signals(ds) if {
	some fld in object.get(ds, "fields", [])
	fld.personal
}

anonymous(ds) if {
	pd(ds).anonymization.method in p.anonymous_methods
	stated(object.get(pd(ds), "anonymization", {}), "justification")
}

# The dataset's subjects are in the area's regions ("gdpr" or "ccpa", spelled as those areas
# read them, failing closed on a region they cannot place), or it names none (then the
# release's jurisdictions, through the area's own applicability, decide).
subjects_in(ds, "gdpr") if {
	some r in object.get(pd(ds), "subject_regions", [])
	not gdpr.region_outside_eea(r)
}

subjects_in(ds, "ccpa") if {
	some r in object.get(pd(ds), "subject_regions", [])
	not ccpa.region_outside_california(r)
}

subjects_in(ds, _) if count(object.get(pd(ds), "subject_regions", [])) == 0

# Training datasets holding personal data of EU/EEA data subjects.
gdpr_datasets contains name(ds) if {
	data.modelgate.gdpr.gdpr_applies
	some ds in input.datasets
	holds_personal(ds)
	subjects_in(ds, "gdpr")
}

# Training datasets holding California consumers' personal information: the CCPA area's own
# consumer datasets (personal, not validly deidentified under 1798.140(m)), and datasets that
# describe personal fields without saying they hold personal information.
ccpa_datasets contains name(ds) if {
	data.modelgate.ccpa.ccpa_applies
	some ds in data.modelgate.ccpa.consumer_datasets
	subjects_in(ds, "ccpa")
}

ccpa_datasets contains name(ds) if {
	data.modelgate.ccpa.ccpa_applies
	some ds in input.datasets
	not pd(ds).contains_personal_data == true
	holds_personal(ds)
	not ccpa.deidentified_ok(ds)
	subjects_in(ds, "ccpa")
}

# The model is shown not to output personal data of its training data: the claim is made and
# backed by an assessment. Anything else (no block, no flag, true, or an unsupported false) is
# treated as a model that may output it.
assessed_not_outputting if {
	block.model_may_output_personal_data == false
	stated(block, "anonymity_assessment")
}

model_may_output if not assessed_not_outputting

# What the release leaves unstated or gets wrong about erasure from the model, measured against
# a deadline in days.
gaps(_) := {"a spec.erasure block"} if not block

gaps(deadline) := g if {
	block
	g := union({
		{"the request process (process)" | not stated(block, "process")},
		sla_gaps(deadline),
		scope_gaps,
		cadence_gaps(deadline),
		evidence_gaps,
		recipient_gaps,
		claim_gaps,
	})
}

sla_gaps(_) := {"the days within which a request is carried out (slaDays)"} if not number_at(block, "sla_days")

sla_gaps(deadline) := {sprintf("a deadline within %d days (slaDays is %d)", [deadline, block.sla_days]) | block.sla_days > deadline} if number_at(block, "sla_days")

scope_gaps := {sprintf("what happens to the weights (modelScope: %s)", [concat(" or ", p.weight_erasure_scopes)])} if not stated(block, "model_scope")

scope_gaps := {sprintf("a technique that takes the data out of the weights (modelScope %q leaves it there; use %s)", [block.model_scope, concat(" or ", p.weight_erasure_scopes)]) | not block.model_scope in p.weight_erasure_scopes} if stated(block, "model_scope")

cadence_gaps(_) := {"how often the model is retrained without erased records (retrainCadenceDays)"} if {
	block.model_scope == "retrain"
	not number_at(block, "retrain_cadence_days")
}

cadence_gaps(deadline) := {sprintf("retraining within %d days (retrainCadenceDays is %d)", [deadline, block.retrain_cadence_days]) | block.retrain_cadence_days > deadline} if {
	block.model_scope == "retrain"
	number_at(block, "retrain_cadence_days")
}

cadence_gaps(_) := set() if not block.model_scope == "retrain"

evidence_gaps := {sprintf("evidence that %s removes the data (evidence)", [block.model_scope]) | block.model_scope in p.evidence_required_for; not stated(block, "evidence")}

recipient_gaps := {"notification of recipients (recipientsNotified)" | not block.recipients_notified == true}

# A `false` claim without its assessment is named, so the author sees why it did not count.
claim_gaps := {"an anonymity assessment for modelMayOutputPersonalData: false (anonymityAssessment)" | block.model_may_output_personal_data == false; not stated(block, "anonymity_assessment")}

# The CCPA area's note on assumed applicability (empty when the organisation's facts are
# declared), so the deletion finding reads like the other CCPA findings.
default ccpa_note := ""

ccpa_note := data.modelgate.ccpa.applicability_note

finding(id, datasets, subjects, deadline, note) := {
	"id": id,
	"msg": sprintf("the model is trained on personal data of %s (%s) and may output it, but its erasure path into the weights lacks %s%s", [subjects, concat(", ", sort(datasets)), concat("; ", sort(gaps(deadline))), note]),
	"file": lib.manifest_file,
	"pointer": "/spec/erasure",
	"target": object.get(input.manifest, "name", lib.manifest_file),
}

# METADATA
# title: GDPR erasure reaches the trained model
# description: >
#   Where the training data holds personal data of EU/EEA data subjects and the model may
#   memorise or output it (a model trained on personal data is not presumed anonymous, EDPB
#   Opinion 28/2024), an erasure request under Art. 17(1) must reach the weights: the release
#   states the request process, a deadline within Art. 12(3)'s one month
#   (params.erasure.gdpr_deadline_days), a technique that takes the data out of the weights
#   (retraining without the erased records at a cadence within that deadline, or machine
#   unlearning with evidence that it works), and that every recipient, including anyone who
#   received the weights, is told under Art. 19 (unless that proves impossible or involves
#   disproportionate effort). Claiming that the model cannot output personal data counts only
#   with the assessment that shows it.
# custom:
#   id: gdpr-erasure-propagation
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: high
#   controls: ["GDPR Art. 17(1)", "GDPR Art. 19", "GDPR Art. 12(3)", "GDPR Art. 5(2)", "EDPB Opinion 28/2024"]
#   remediation: >
#     Add spec.erasure to modelgate.yaml: process (the runbook), slaDays (at most
#     params.erasure.gdpr_deadline_days), modelScope retrain with retrainCadenceDays within the
#     same deadline, or unlearning with evidence of its verification, and recipientsNotified:
#     true once recipients are told. If the model cannot output its training data, set
#     modelMayOutputPersonalData: false with anonymityAssessment naming the extraction and
#     membership-inference tests.
deny contains f if {
	datasets := gdpr_datasets
	count(datasets) > 0
	model_may_output
	count(gaps(p.gdpr_deadline_days)) > 0
	f := finding("gdpr-erasure-propagation", datasets, "EU/EEA data subjects", p.gdpr_deadline_days, "")
}

# METADATA
# title: CCPA deletion reaches the trained model
# description: >
#   Where the training data holds California consumers' personal information, a model that may
#   output it holds personal information itself: AB 1008 says personal information can exist in
#   "artificial intelligence systems that are capable of outputting personal information"
#   (Civ. Code 1798.140(v)(4)(C)). A deletion request under 1798.105(a) must then reach the
#   weights: the release states the request process, a deadline within 45 days
#   (params.erasure.ccpa_deadline_days), a technique that takes the information out of the
#   weights (retraining at a cadence within that deadline, or verified unlearning), and that
#   service providers, contractors and third parties are told to delete (1798.105(c)(1)).
#   Claiming that the model cannot output personal information counts only with the assessment
#   that shows it.
# custom:
#   id: ccpa-deletion-propagation
#   regime: ccpa
#   effective_from: "2023-01-01"
#   severity: high
#   controls: ["CCPA 1798.105(a)", "CCPA 1798.105(c)(1)", "CCPA 1798.130(a)(2)(A)", "CCPA 1798.140(v)(4)(C) (AB 1008)"]
#   remediation: >
#     Add spec.erasure to modelgate.yaml: process, slaDays (at most
#     params.erasure.ccpa_deadline_days), modelScope retrain with retrainCadenceDays within the
#     same deadline, or unlearning with evidence of its verification, and recipientsNotified:
#     true once service providers, contractors and third parties are told to delete. If the
#     model cannot output personal information, set modelMayOutputPersonalData: false with
#     anonymityAssessment.
deny contains f if {
	datasets := ccpa_datasets
	count(datasets) > 0
	model_may_output
	count(gaps(p.ccpa_deadline_days)) > 0
	f := finding("ccpa-deletion-propagation", datasets, "California consumers", p.ccpa_deadline_days, ccpa_note)
}
