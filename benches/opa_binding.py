"""Loads OPA (the Go `rego` package, from opa-golib-python-bindings) through
../shared/tools/opa-eval's library, for the benches that time modelgate against it."""
import importlib.machinery, os, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def opa_engine_class(who):
    """OpaEngine and the bindings' version, or exit naming `who` when ../shared/tools/opa-eval
    is absent."""
    tool = os.path.join(root, "..", "shared", "tools", "opa-eval")
    if not os.path.exists(tool):
        sys.exit(f"{who}: ../shared/tools/opa-eval not found; no OPA side")
    opa_eval = importlib.machinery.SourceFileLoader("opa_eval", tool).load_module()
    sys.path.insert(0, opa_eval.ensure_wheel())
    from opa_bindings import OpaEngine
    return OpaEngine, opa_eval.VERSION
