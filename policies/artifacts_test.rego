package modelgate.artifacts_test

import data.modelgate.artifacts

imp(module, name) := {"module": module, "name": name, "opcode": "GLOBAL", "offset": 2, "member": "archive/data.pkl", "called": true, "count": 1}

# A PyTorch zip checkpoint as src/formats/modelfile/ reports it.
checkpoint := {
	"path": "model/model.pt",
	"size": 1039,
	"sha256": "aa",
	"format": "pytorch-zip",
	"declared": true,
	"pickle": {
		"imports": [
			imp("collections", "OrderedDict"),
			imp("torch._utils", "_rebuild_tensor_v2"),
			imp("torch", "FloatStorage"),
		],
		"streams": 1,
		"complete": true,
		"errors": [],
	},
}

safetensors := {"path": "model/model.safetensors", "size": 80, "sha256": "bb", "format": "safetensors", "declared": true}

config := {"path": "model/config.json", "size": 10, "sha256": "cc", "declared": true}

high(artifacts) := {"manifest": {"risk_tier": "high"}, "artifacts": artifacts}

limited(artifacts) := {"manifest": {"risk_tier": "limited"}, "artifacts": artifacts}

with_imports(a, imports) := object.union(a, {"pickle": object.union(a.pickle, {"imports": imports})})

ids(findings) := {f.id | some f in findings}

test_safetensors_and_plain_files_pass if {
	count(artifacts.deny) == 0 with input as high([safetensors, config])
	count(artifacts.warn) == 0 with input as high([safetensors, config])
}

test_allowed_checkpoint_only_warns_at_high_tier if {
	count(artifacts.deny) == 0 with input as high([checkpoint])
	"artifact-pickle-format" in ids(artifacts.warn) with input as high([checkpoint])
	count(artifacts.warn) == 0 with input as limited([checkpoint])
	count(artifacts.warn) == 0 with input as high([checkpoint]) with data.modelgate.params.artifacts.prefer_safetensors_from as "never"
	"artifact-pickle-format" in ids(artifacts.warn) with input as limited([checkpoint]) with data.modelgate.params.artifacts.prefer_safetensors_from as "minimal"
}

test_os_system_denied_with_file_member_and_offset if {
	a := with_imports(checkpoint, array.concat(checkpoint.pickle.imports, [imp("os", "system")]))
	findings := artifacts.deny with input as limited([a])
	count(findings) == 1
	some f in findings
	f.id == "artifact-pickle-import"
	f.file == "model/model.pt"
	f.target == "model/model.pt#os.system"
	contains(f.msg, "os.system")
	contains(f.msg, "GLOBAL at byte 2 of member archive/data.pkl")
	contains(f.msg, "and calls it")
}

test_one_finding_per_offending_import if {
	bad := [imp("builtins", "exec"), imp("subprocess", "Popen"), imp("runpy", "_run_code"), imp("webbrowser", "open")]
	a := with_imports(checkpoint, array.concat(checkpoint.pickle.imports, bad))
	findings := artifacts.deny with input as high([a])
	count(findings) == 4
	every f in findings {
		f.id == "artifact-pickle-import"
	}
}

test_bare_pickle_without_member if {
	a := {"path": "model/model.pkl", "size": 29, "sha256": "dd", "format": "pickle", "declared": true, "pickle": {"imports": [{"module": "os", "name": "system", "opcode": "GLOBAL", "offset": 0, "called": true, "count": 1}], "streams": 1, "complete": true, "errors": []}}
	some f in artifacts.deny with input as high([a])
	contains(f.msg, "model/model.pkl imports os.system (GLOBAL at byte 0) and calls it")
}

test_unresolved_imports_are_never_allowed if {
	a := with_imports(checkpoint, [imp("?", "system"), imp("os", "?"), imp("?", "?")])
	count(artifacts.deny) == 3 with input as high([a])
	# Not even by a user's catch-all pattern.
	count(artifacts.deny) == 3 with input as high([a]) with data.modelgate.params.artifacts.allowed_imports as ["**", "*.*"]
}

test_dotted_names_need_an_exact_entry if {
	# Protocol 4 walks attributes: a pattern that allows the module must not allow this.
	walk := with_imports(checkpoint, [imp("sklearn.linear_model._logistic", "LogisticRegression.__init__.__globals__")])
	"artifact-pickle-import" in ids(artifacts.deny) with input as high([walk])
	exact := with_imports(checkpoint, [imp("torch", "_utils._rebuild_tensor_v2")])
	count(artifacts.deny) == 0 with input as high([exact])
}

test_dangerous_numpy_torch_and_sklearn_callables_are_denied if {
	every bad in [
		imp("numpy.testing._private.utils", "runstring"),
		imp("numpy", "load"),
		imp("torch", "load"),
		imp("torch.storage", "_load_from_bytes"),
		imp("builtins", "eval"),
		imp("builtins", "getattr"),
		imp("__builtin__", "eval"),
		imp("sklearn.datasets._kddcup99", "GzipFile"),
		imp("sklearn.callback._transport", "Client"),
		imp("sklearn.utils._testing", "assert_run_python_script_without_output"),
		imp("joblib.numpy_pickle_compat", "NDArrayWrapper"),
		imp("torch", "Floatstorage_x.os"),
	] {
		"artifact-pickle-import" in ids(artifacts.deny) with input as high([with_imports(checkpoint, [bad])])
	}
}

test_real_model_imports_are_allowed if {
	every ok in [
		imp("sklearn.linear_model._logistic", "LogisticRegression"),
		imp("sklearn.ensemble._forest", "RandomForestClassifier"),
		imp("sklearn.tree._tree", "Tree"),
		imp("sklearn.pipeline", "Pipeline"),
		imp("sklearn.ensemble._hist_gradient_boosting.predictor", "TreePredictor"),
		imp("numpy._core.multiarray", "_reconstruct"),
		imp("numpy", "ndarray"),
		imp("numpy", "dtype"),
		imp("joblib.numpy_pickle", "NumpyArrayWrapper"),
		imp("torch", "BFloat16Storage"),
		imp("torch", "bfloat16"),
		imp("_codecs", "encode"),
		imp("copyreg", "_reconstructor"),
	] {
		count(artifacts.deny) == 0 with input as high([with_imports(checkpoint, [ok])])
	}
}

test_denied_imports_win_over_broad_user_patterns if {
	a := with_imports(checkpoint, [imp("numpy.testing._private.utils", "runstring")])
	"artifact-pickle-import" in ids(artifacts.deny) with input as high([a]) with data.modelgate.params.artifacts.allowed_imports as ["numpy.**"]
	ok := with_imports(checkpoint, [imp("numpy.linalg", "norm")])
	count(artifacts.deny) == 0 with input as high([ok]) with data.modelgate.params.artifacts.allowed_imports as ["numpy.**"]
	# An organisation can lift the backstop explicitly.
	count(artifacts.deny) == 0 with input as high([a]) with data.modelgate.params.artifacts as {"allowed_imports": ["numpy.**"], "denied_imports": []}
}

test_incomplete_analysis_is_denied if {
	cut := object.union(checkpoint, {"pickle": object.union(checkpoint.pickle, {"complete": false, "errors": ["archive/data.pkl: offset 40: the data ends before the pickle's STOP (truncated)"]})})
	findings := artifacts.deny with input as limited([cut])
	some f in findings
	f.id == "artifact-pickle-incomplete"
	f.target == "model/model.pt"
	contains(f.msg, "truncated")
}

test_pickle_format_without_analysis_is_incomplete if {
	a := object.remove(checkpoint, ["pickle"])
	some f in artifacts.deny with input as high([a])
	f.id == "artifact-pickle-incomplete"
	contains(f.msg, "no analysis")
	xz := {"path": "m.joblib", "size": 9, "sha256": "ee", "format": "compressed", "declared": true, "pickle": {"imports": [], "streams": 0, "complete": false, "errors": ["the content is compressed with xz, which modelgate cannot decompress"]}}
	some g in artifacts.deny with input as high([xz])
	g.id == "artifact-pickle-incomplete"
	contains(g.msg, "xz")
}

test_object_array_in_numpy_file_is_judged_like_a_pickle if {
	npy := {"path": "emb.npy", "size": 300, "sha256": "ff", "format": "npy", "declared": true, "pickle": {"imports": [imp("numpy._core.multiarray", "_reconstruct")], "streams": 1, "complete": true, "errors": []}}
	count(artifacts.deny) == 0 with input as high([npy])
	"artifact-pickle-format" in ids(artifacts.warn) with input as high([npy])
	plain := object.remove(npy, ["pickle"])
	count(artifacts.deny) == 0 with input as high([plain])
	count(artifacts.warn) == 0 with input as high([plain])
}

test_undeclared_tier_is_judged_high if {
	"artifact-pickle-format" in ids(artifacts.warn) with input as {"artifacts": [checkpoint]}
}

# Review finding 1: model files the manifest does not name (X2: evil.pkl beside the release;
# a pickle renamed notes.txt found by its content).
undeclared_input(tier) := {
	"manifest": {"risk_tier": tier},
	"artifacts": [
		{"path": "model/model.safetensors", "sha256": "aa", "size": 10, "declared": true, "format": "safetensors"},
		{"path": "notes.txt", "sha256": "bb", "size": 3, "declared": false, "format": "pickle", "by_content": true, "pickle": {"imports": [], "streams": 1, "complete": true, "errors": []}},
	],
}

test_undeclared_model_file_blocks_from_limited if {
	some f in artifacts.deny with input as undeclared_input("limited")
	f.id == "artifact-undeclared"
	f.target == "notes.txt"
	contains(f.msg, "found by its content")
	found := artifacts.deny with input as undeclared_input("high")
	count({g | some g in found; g.id == "artifact-undeclared"}) == 1
}

test_undeclared_model_file_warns_below_limited if {
	not "artifact-undeclared" in {f.id | some f in artifacts.deny} with input as undeclared_input("minimal")
	"artifact-undeclared-advisory" in {f.id | some f in artifacts.warn} with input as undeclared_input("minimal")
}

test_declared_files_are_not_reported if {
	inp := object.union(undeclared_input("high"), {"artifacts": [undeclared_input("high").artifacts[0]]})
	not "artifact-undeclared" in {f.id | some f in artifacts.deny} with input as inp
}

test_undeclared_from_is_a_parameter if {
	not "artifact-undeclared" in {f.id | some f in artifacts.deny} with input as undeclared_input("high")
		with data.modelgate.params.artifacts.undeclared_from as "never"
}
