# Model files that unpickle (PyTorch, joblib, pickle, NumPy object arrays): what their pickles
# import, as modelgate's static analysis lists it (artifacts[].pickle, nothing is executed),
# judged against the globals a real checkpoint needs. Loading a pickle runs every import and call
# in it, so one outside the list is arbitrary code (CWE-502).
package modelgate.artifacts

import data.modelgate.lib

# Parameters (override under data.modelgate.params.artifacts).
#
# Patterns are globs over "module.name" with "." as the delimiter: `*` matches within one dotted
# segment, `**` across segments. A name that itself contains a dot (protocol 4 walks attributes
# from the module: `torch` + `_utils.os.system`) is allowed only by an entry equal to the whole
# "module.name", never by a pattern; `?` (an import the analysis could not resolve) never is.
default_params := {
	# Globals a pickle may import. The default is what weights and classic ML models need and
	# nothing that reads files, runs code, imports by name or reaches the network:
	"allowed_imports": [
		# PyTorch: the globals torch.load(weights_only=True) allows. torch.storage._load_from_bytes
		# (a nested torch.load of bytes this analysis cannot see) and torch.load are NOT here.
		"collections.OrderedDict",
		"collections.Counter",
		"torch._utils._rebuild_tensor",
		"torch._utils._rebuild_tensor_v2",
		"torch._utils._rebuild_tensor_v3",
		"torch._utils._rebuild_parameter",
		"torch._utils._rebuild_parameter_with_state",
		"torch._utils._rebuild_qtensor",
		"torch._utils._rebuild_sparse_tensor",
		"torch._utils._rebuild_meta_tensor_no_storage",
		"torch._utils._rebuild_wrapper_subclass",
		"torch._utils._rebuild_device_tensor_from_cpu_tensor",
		"torch._utils._rebuild_device_tensor_from_numpy",
		# Calls a function given in the pickle: that function is itself an import judged here.
		"torch._tensor._rebuild_from_type_v2",
		"torch.serialization._get_layout",
		"torch.nn.parameter.Parameter",
		"torch.Tensor",
		"torch.Size",
		"torch.device",
		"torch.storage.UntypedStorage",
		"torch.storage.TypedStorage",
		# Legacy typed storages (torch.FloatStorage, torch.cuda.HalfStorage, ...).
		"torch.*Storage",
		"torch.cuda.*Storage",
		# dtypes and quantization schemes are values, not callables.
		"torch.float16", "torch.float32", "torch.float64", "torch.bfloat16", "torch.half",
		"torch.float", "torch.double", "torch.complex32", "torch.complex64", "torch.complex128",
		"torch.int8", "torch.int16", "torch.int32", "torch.int64", "torch.uint8", "torch.bool",
		"torch.float8_e4m3fn", "torch.float8_e5m2",
		"torch.per_tensor_affine", "torch.per_tensor_symmetric", "torch.per_channel_affine",
		"torch.per_channel_symmetric", "torch.per_channel_affine_float_qparams",
		# Protocol 2 writes bytes as _codecs.encode(str, "latin1"); codecs transform data only.
		"_codecs.encode",
		"builtins.set", "builtins.frozenset", "builtins.bytearray", "builtins.complex",
		"builtins.slice",
		# Protocol 0/1 objects: copyreg._reconstructor(cls, object, None); Python 2 spellings too.
		"copyreg._reconstructor", "copy_reg._reconstructor",
		"builtins.object", "__builtin__.object",
		# NumPy arrays, dtypes and scalars (numpy 1.x `core`, numpy 2.x `_core`), random states.
		# Not numpy.load, numpy.fromfile, numpy.ctypeslib.*, numpy.testing.* (runstring execs).
		"numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
		"numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
		"numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer",
		"numpy.ndarray", "numpy.dtype",
		"numpy.dtypes.*DType",
		"numpy.random._pickle.__randomstate_ctor", "numpy.random._pickle.__bit_generator_ctor",
		"numpy.random._pickle.__generator_ctor", "numpy.random.__RandomState_ctor",
		"numpy.random._mt19937.MT19937", "numpy.random._pcg64.PCG64",
		# joblib's inline array placeholder (reads the bytes that follow it in the same file).
		# Not joblib.numpy_pickle_compat.NDArrayWrapper: it np.load()s side files with pickles.
		"joblib.numpy_pickle.NumpyArrayWrapper",
		# scikit-learn estimator classes (CamelCase) in the estimator packages only. Not
		# `sklearn.*`: sklearn's namespaces also hold gzip.GzipFile (truncates any file),
		# multiprocessing Client/Listener (network), threading.Thread (sklearn.datasets,
		# sklearn.callback) and test helpers that run Python source (sklearn.utils._testing).
		"sklearn.pipeline.[A-Z]*",
		"sklearn.calibration.[A-Z]*",
		"sklearn.naive_bayes.[A-Z]*",
		"sklearn.dummy.[A-Z]*",
		"sklearn.discriminant_analysis.[A-Z]*",
		"sklearn.isotonic.[A-Z]*",
		"sklearn.kernel_ridge.[A-Z]*",
		"sklearn.multiclass.[A-Z]*",
		"sklearn.multioutput.[A-Z]*",
		"sklearn._loss.*.[A-Z]*",
		"sklearn.linear_model._*.[A-Z]*",
		"sklearn.linear_model._glm.*.[A-Z]*",
		"sklearn.tree._*.[A-Z]*",
		"sklearn.ensemble._*.[A-Z]*",
		"sklearn.ensemble._hist_gradient_boosting.*.[A-Z]*",
		"sklearn.svm._*.[A-Z]*",
		"sklearn.neighbors._*.[A-Z]*",
		"sklearn.neural_network._*.[A-Z]*",
		"sklearn.preprocessing._*.[A-Z]*",
		"sklearn.compose._*.[A-Z]*",
		"sklearn.decomposition._*.[A-Z]*",
		"sklearn.cluster._*.[A-Z]*",
		"sklearn.impute._*.[A-Z]*",
		"sklearn.feature_selection._*.[A-Z]*",
		"sklearn.feature_extraction.text.[A-Z]*",
		"sklearn.feature_extraction._*.[A-Z]*",
		"sklearn.mixture._*.[A-Z]*",
		"sklearn.cross_decomposition._*.[A-Z]*",
		"sklearn.gaussian_process._*.[A-Z]*",
		"sklearn.gaussian_process.kernels.[A-Z]*",
		"sklearn.semi_supervised._*.[A-Z]*",
		"sklearn.covariance._*.[A-Z]*",
		"sklearn.manifold._*.[A-Z]*",
		"sklearn.random_projection.[A-Z]*",
		"sklearn.kernel_approximation.[A-Z]*",
		"sklearn.utils._bunch.Bunch",
	],
	# Never allowed, whatever allowed_imports says (a backstop for broad patterns an organisation
	# adds): code execution, imports by name, files, processes, network, nested deserialisation.
	"denied_imports": [
		"**.eval", "**.exec", "**.execfile", "**.compile", "**.__import__", "**.import_module",
		"**.getattr", "**.setattr", "**.delattr", "**.globals", "**.locals", "**.vars",
		"**.breakpoint", "**.input", "**.open", "**.system", "**.popen", "**.Popen",
		"**.spawn*", "**.exec[lv]*", "**.fork*", "**.run", "**.call", "**.check_call",
		"**.check_output", "**.getoutput", "**.getstatusoutput", "**.run_path",
		"**.run_module", "**._run_code", "**._run_module_code", "**.runstring", "**.runcode",
		"**.load", "**.loads", "**.load_*", "**._load_from_bytes", "**.read_pickle",
		"**.attrgetter", "**.methodcaller", "**.Thread", "**.Client", "**.Listener",
		"**.GzipFile", "**.NDArrayWrapper",
		"os.*", "posix.*", "nt.*", "sys.*", "subprocess.*", "shutil.*", "socket.*", "runpy.*",
		"pty.*", "code.*", "codeop.*", "pdb.*", "timeit.*", "webbrowser.*", "commands.*",
		"pickle.*", "_pickle.*", "cPickle.*", "marshal.*", "types.*", "operator.*",
		"importlib.**", "ctypes.**", "dill.**", "multiprocessing.**", "asyncio.**",
		"urllib.**", "urllib2.*", "http.**", "requests.**", "ftplib.*", "smtplib.*",
		"numpy.testing.**", "numpy.f2py.**", "numpy.distutils.**", "numpy.ctypeslib.*",
		"numpy.lib.npyio.*", "torch.hub.**", "torch.jit.**", "torch._C.**",
		"sklearn.utils._testing.*", "sklearn.externals.**", "sklearn.datasets.**",
		"sklearn.callback.**",
	],
	# Formats (artifacts[].format) whose loaders unpickle.
	"pickle_formats": ["pickle", "pytorch-legacy", "pytorch-zip", "torchscript", "torchserve-mar", "joblib", "compressed"],
	# Lowest risk tier from which a pickle-based model format draws a warning ("never": off).
	"prefer_safetensors_from": "high",
	# Lowest risk tier from which a model file the manifest does not declare blocks ("never":
	# off). Below it, it is a warning.
	"undeclared_from": "limited",
}

p := lib.area_params("artifacts", default_params)

full_name(imp) := sprintf("%s.%s", [imp.module, imp.name])

denied(imp) if {
	some g in p.denied_imports
	glob.match(g, ["."], full_name(imp))
}

allowed(imp) if {
	imp.module != "?"
	imp.name != "?"
	not denied(imp)
	allowed_name(imp)
}

allowed_name(imp) if {
	not contains(imp.name, ".")
	some g in p.allowed_imports
	glob.match(g, ["."], full_name(imp))
}

allowed_name(imp) if full_name(imp) in p.allowed_imports

# Artifacts that unpickle: by format, or because the analysis found a pickle in them (a NumPy
# object array, a pickle renamed to anything).
pickle_artifact(a) if a.format in p.pickle_formats

pickle_artifact(a) if a.pickle

analysis_complete(a) if a.pickle.complete == true

where(imp) := sprintf("%s at byte %d of member %s", [imp.opcode, imp.offset, imp.member]) if {
	imp.member
} else := sprintf("%s at byte %d", [imp.opcode, imp.offset])

how(imp) := "and calls it" if {
	imp.called == true
} else := "and can call it"

reasons(a) := concat("; ", a.pickle.errors) if {
	count(a.pickle.errors) > 0
} else := "no analysis of its content was provided" if {
	not a.pickle
} else := "the analysis did not reach the end of every pickle"

undeclared(a) if a.declared == false

what_found(a) := sprintf("a %s file (found by its content)", [a.format]) if {
	a.by_content == true
} else := sprintf("a %s file (found by its name)", [object.get(a, "format", "model")])

undeclared_finding(a) := {
	"id": "artifact-undeclared",
	"msg": sprintf("%s is %s that the manifest does not declare as an artifact: what a release carries is what it declares, signs and has judged", [a.path, what_found(a)]),
	"file": a.path,
	"target": a.path,
}

# METADATA
# title: Every model file is declared
# description: >
#   From params.artifacts.undeclared_from up, every model file the bundle holds (found by its
#   content or name, hidden folders included) is listed under spec.artifacts; an undeclared one
#   could be loaded in place of the declared weights without having been reviewed. The AI Act
#   provisions bind high-risk systems; below high this is organisational policy (SLSA, OWASP).
# custom:
#   id: artifact-undeclared
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 11(1) (high-risk)", "EU AI Act Art. 15(5) (high-risk)", "SLSA v1.0 Verifying artifacts (subject digest)", "OWASP ML06:2023 AI Supply Chain Attacks"]
#   remediation: List the file under spec.artifacts (and sign it with the model), or remove it from the bundle.
deny contains f if {
	p.undeclared_from != "never"
	lib.tier_at_least(p.undeclared_from)
	some a in input.artifacts
	undeclared(a)
	f := undeclared_finding(a)
}

# METADATA
# title: Model files below the tier that requires declaring them
# description: Below params.artifacts.undeclared_from, a model file that the manifest does not declare is reported.
# custom:
#   id: artifact-undeclared-advisory
#   regime: baseline
#   severity: low
#   controls: ["SLSA v1.0 Verifying artifacts (subject digest)", "OWASP ML06:2023 AI Supply Chain Attacks"]
#   remediation: List the file under spec.artifacts, or remove it from the bundle.
warn contains f if {
	some a in input.artifacts
	undeclared(a)
	not undeclared_blocks
	f := object.union(undeclared_finding(a), {"id": "artifact-undeclared-advisory"})
}

undeclared_blocks if {
	p.undeclared_from != "never"
	lib.tier_at_least(p.undeclared_from)
}

# METADATA
# title: Pickles import only allowed globals
# description: Every global a model file's pickles import (GLOBAL, STACK_GLOBAL, INST, EXT opcodes, found by static analysis) is in params.artifacts.allowed_imports and not in params.artifacts.denied_imports; loading the file runs any other one.
# custom:
#   id: artifact-pickle-import
#   regime: baseline
#   severity: critical
#   controls: ["CWE-502 Deserialization of Untrusted Data", "OWASP ML06:2023 AI Supply Chain Attacks", "MITRE ATLAS AML.T0011.000 Unsafe ML Artifacts", "EU AI Act Art. 15(5) (high-risk)", "NIST AI 100-2e2023 (supply chain attacks)"]
#   remediation: Do not load the file. Re-export the weights as safetensors (or ONNX/GGUF); if the import is a legitimate class of your model, review it and add exactly that module.name to params.artifacts.allowed_imports.
deny contains f if {
	some a in input.artifacts
	some imp in a.pickle.imports
	not allowed(imp)
	f := {
		"id": "artifact-pickle-import",
		"msg": sprintf("%s imports %s (%s) %s when it is unpickled; it is not an allowed import", [a.path, full_name(imp), where(imp), how(imp)]),
		"file": a.path,
		"target": sprintf("%s#%s", [a.path, full_name(imp)]),
	}
}

# METADATA
# title: Pickles are fully analysed
# description: The static analysis of every pickle in a model file that unpickles reached its end (not truncated, compressed unreadably, corrupt, over a bound or missing); otherwise the file may hide an import.
# custom:
#   id: artifact-pickle-incomplete
#   regime: baseline
#   severity: high
#   controls: ["CWE-502 Deserialization of Untrusted Data", "OWASP ML06:2023 AI Supply Chain Attacks", "EU AI Act Art. 15(5) (high-risk)"]
#   remediation: Publish the model in a format without code (safetensors), or re-save it uncompressed (or gzip/zlib) and intact so that its pickles can be analysed.
deny contains f if {
	some a in input.artifacts
	pickle_artifact(a)
	not analysis_complete(a)
	f := {
		"id": "artifact-pickle-incomplete",
		"msg": sprintf("%s (%s) unpickles, and the analysis of its pickles is incomplete, so it may hide an import: %s", [a.path, object.get(a, "format", "format unknown"), reasons(a)]),
		"file": a.path,
		"target": a.path,
	}
}

# METADATA
# title: Weights in a format without code
# description: From params.artifacts.prefer_safetensors_from up, a model file in a pickle-based format (PyTorch .pt/.bin, joblib, pickle) draws a warning even when its imports are allowed; loading such a format can run code.
# custom:
#   id: artifact-pickle-format
#   regime: baseline
#   severity: medium
#   controls: ["OWASP ML06:2023 AI Supply Chain Attacks", "CWE-502 Deserialization of Untrusted Data", "EU AI Act Art. 15(5)"]
#   remediation: Publish the weights as safetensors (e.g. safetensors.torch.save_file), and load them with a loader that does not unpickle.
warn contains f if {
	p.prefer_safetensors_from != "never"
	lib.tier_at_least(p.prefer_safetensors_from)
	some a in input.artifacts
	pickle_artifact(a)
	f := {
		"id": "artifact-pickle-format",
		"msg": sprintf("%s is a %s file, which unpickles when loaded; risk tier %s: prefer safetensors", [a.path, object.get(a, "format", "pickle-bearing"), lib.tier]),
		"file": a.path,
		"target": a.path,
	}
}
