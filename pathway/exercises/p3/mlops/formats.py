"""Phase 3, MLOps: portable and safe model formats (ONNX run by onnxruntime; skops instead of pickle)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from ....labs import offline
from ... import checks
from ...engine import Incorrect, exercise
from ._blind_b import CASES as BLIND
from ._mlops import _SERVICE

offline.telemetry_off()  # onnxruntime reads its opt-out once, when it is first imported

# ONNX runs in float32; scikit-learn in float64. On these models the probabilities then differ by about
# 1e-7; a pipeline converted without its scaler, or fitted on other data, differs by 1e-2 and more.
PROBA_TOL = 1e-4

_ONNX_SETUP = _SERVICE + """\
import onnxruntime as ort
from skl2onnx import convert_sklearn, to_onnx
from skl2onnx.common.data_types import FloatTensorType
"""


def _reference(seed: int) -> tuple[Any, Any]:
    """A pipeline on data the learner never had (n features chosen by the seed) and rows to ask it."""
    import numpy as np
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    n_features = 3 + seed % 4
    X, y = make_classification(n_samples=300, n_features=n_features, n_informative=min(3, n_features),
                               n_redundant=0, random_state=seed)
    X = X * np.arange(1, n_features + 1) * 40 + 200  # scales far apart: the scaler matters
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X[:200], y[:200])
    return model, X[200:]


def _run_onnx(answer: Any, model: Any, rows: Any) -> tuple[Any, Any]:
    import numpy as np
    import onnxruntime as ort

    onx = checks.call(answer, model, rows.shape[1], name="to_onnx_bytes")
    if hasattr(onx, "SerializeToString"):
        raise Incorrect("to_onnx_bytes returned the ONNX model object; the prompt asks for its bytes: "
                        "return `.SerializeToString()` of it (bytes are what you store or send)")
    if isinstance(onx, (str, Path)):
        raise Incorrect("to_onnx_bytes returned a file name; the prompt asks for the model's bytes "
                        "(read the file back, or serialise the model without writing it)")
    if not isinstance(onx, (bytes, bytearray)):
        raise Incorrect(f"to_onnx_bytes returned {checks.type_name(onx)}; return the ONNX model's bytes "
                        "(model.SerializeToString())")
    try:
        session = ort.InferenceSession(bytes(onx), providers=["CPUExecutionProvider"])
    except Exception as exc:  # noqa: BLE001 - onnxruntime's many errors
        raise Incorrect(f"onnxruntime cannot load the bytes: {checks.short(str(exc), 120)}") from None
    name = session.get_inputs()[0].name
    try:
        outputs = session.run(None, {name: rows.astype(np.float32)})
    except Exception as exc:  # noqa: BLE001
        raise Incorrect(f"onnxruntime failed on a batch of {len(rows)} rows: {checks.short(str(exc), 140)} "
                        "(a fixed batch size of 1? declare the first dimension as None)") from None
    labels = np.asarray(outputs[0]).ravel()
    proba = outputs[1] if len(outputs) > 1 else None
    if isinstance(proba, list):  # the ZipMap output: one {class: probability} per row
        proba = np.array([[row[k] for k in sorted(row)] for row in proba])
    return labels, (np.asarray(proba) if proba is not None else None)


_ONNX = """\
def to_onnx_bytes(model, n_features):
    onx = convert_sklearn(model, initial_types=[("input", FloatTensorType([None, n_features]))],
                          options={"zipmap": False})
    return onx.SerializeToString()"""


@exercise(
    "p3.formats.onnx",
    title="Export the pipeline to ONNX and run it with onnxruntime",
    prompt="Complete `to_onnx_bytes(model, n_features)`: convert a fitted scikit-learn pipeline (scaler "
    "included) that takes `n_features` float columns to ONNX with skl2onnx, accepting a batch of any size, "
    "and return the ONNX model as bytes. The check runs your bytes with onnxruntime on its own pipeline and "
    f"rows: labels equal, probabilities within {PROBA_TOL:g} of scikit-learn's.",
    answer="to_onnx_bytes",
    setup=_ONNX_SETUP,
    solution=_ONNX,
    right=["""\
def to_onnx_bytes(model, n_features):
    example = np.zeros((1, n_features), dtype=np.float32)
    return to_onnx(model, example, target_opset=17).SerializeToString()""", """\
def to_onnx_bytes(model, n_features):
    onx = convert_sklearn(model, initial_types=[("features", FloatTensorType([None, n_features]))])
    path = Path(workdir) / "pipeline.onnx"
    path.write_bytes(onx.SerializeToString())
    return path.read_bytes()""",
        *BLIND["p3.formats.onnx"]["right"]],
    wrong=[_ONNX.replace("convert_sklearn(model,", "convert_sklearn(model.steps[-1][1],"),
           _ONNX.replace("[None, n_features]", "[1, n_features]"),
           _ONNX.replace("convert_sklearn(model,", "convert_sklearn(small,")
           .replace("[None, n_features]", "[None, 4]"),
           _ONNX.replace("    return onx.SerializeToString()", "    return onx.graph"),
           _ONNX.replace("    return onx.SerializeToString()", "    return onx"),
           _ONNX.replace("    return onx.SerializeToString()",
                         "    path = Path(workdir) / 'model.onnx'\n"
                         "    path.write_bytes(onx.SerializeToString())\n    return str(path)"),
        *BLIND["p3.formats.onnx"]["wrong"]],
    hints=[
        "skl2onnx needs the input's type: `FloatTensorType([None, n_features])`, where None lets the batch "
        "size vary.",
        "`convert_sklearn(model, initial_types=[(\"input\", ...)], ...)` converts the whole pipeline, "
        "so the scaler travels with the model; turn its `zipmap` option off to get plain arrays of "
        "probabilities.",
        "The converted model has `.SerializeToString()`: return that.",
    ],
)
def onnx(answer):
    import numpy as np

    worst = 0.0
    for seed in (5, 6):
        model, rows = _reference(seed)
        labels, proba = _run_onnx(answer, model, rows)
        want = model.predict(rows)
        if proba is None or proba.shape != (len(rows), 2):
            raise Incorrect("the ONNX model gives no probability per class: convert the classifier itself, "
                            "with its predict_proba")
        gap = float(np.abs(proba - model.predict_proba(rows)).max())
        worst = max(worst, gap)
        if gap > PROBA_TOL:
            raise Incorrect(f"ONNX probabilities differ from scikit-learn's by up to {gap:.3g} (allowed "
                            f"{PROBA_TOL:g}): convert the whole pipeline you were given, scaler included")
        if labels.shape != want.shape or not np.array_equal(labels.astype(int), want.astype(int)):
            raise Incorrect("the ONNX labels differ from scikit-learn's predictions")
    return (f"onnxruntime agrees with scikit-learn to {worst:.1e} on rows it never saw: the .onnx file runs "
            "without Python's scikit-learn, in C++, C#, Java or a browser.")


_SKOPS_SETUP = _SERVICE + """\
import skops.io as sio
"""

_SKOPS = """\
def safe_load(path, allowed):
    unknown = sio.get_untrusted_types(file=path)
    refused = [t for t in unknown if t not in allowed]
    if refused:
        raise ValueError(f"refusing to load {path}: unexpected types {refused}")
    return sio.load(path, trusted=unknown)"""


class Tripwire:
    """A type skops does not trust, which notes when it is built: a refused file must build nothing."""

    built: list[int] = []

    def __setstate__(self, state: dict) -> None:
        Tripwire.built.append(1)
        self.__dict__.update(state)


@exercise(
    "p3.formats.skops",
    title="skops: load a model only if it holds what you expect",
    prompt="Complete `safe_load(path, allowed)`: load the skops file at `path` only when every type in it "
    "that skops does not trust by default is listed in `allowed` (a list of type names like "
    "`\"numpy.clip\"`); otherwise raise an exception and load nothing.",
    answer="safe_load",
    setup=_SKOPS_SETUP,
    solution=_SKOPS,
    right=["""\
def safe_load(path, allowed):
    return sio.load(path, trusted=list(allowed))""",
           """\
def safe_load(path, allowed):
    with open(path, "rb") as f:
        data = f.read()
    untrusted = set(sio.get_untrusted_types(data=data))
    if not untrusted <= set(allowed):
        raise PermissionError(f"not allowed: {sorted(untrusted - set(allowed))}")
    return sio.loads(data, trusted=sorted(untrusted))""",
        *BLIND["p3.formats.skops"]["right"]],
    wrong=["""\
def safe_load(path, allowed):
    return sio.load(path, trusted=sio.get_untrusted_types(file=path))""",
           """\
def safe_load(path, allowed):
    return sio.load(path, trusted=[])""",
           """\
def safe_load(path, allowed):
    return joblib.load(path)""",
           """\
def safe_load(path, allowed):
    unknown = sio.get_untrusted_types(file=path)
    if unknown and not any(t in allowed for t in unknown):
        raise ValueError(f"unexpected types: {unknown}")
    return sio.load(path, trusted=unknown)""",
           """\
def safe_load(path, allowed):
    found = sio.get_untrusted_types(file=path)
    if len(found) > len(allowed):
        raise ValueError(found)
    return sio.load(path, trusted=found)""",
           """\
def safe_load(path, allowed):
    model = sio.load(path, trusted=sio.get_untrusted_types(file=path))
    refused = [t for t in sio.get_untrusted_types(file=path) if t not in allowed]
    if refused:
        raise ValueError(f"unexpected types: {refused}")
    return model""",
           """\
def safe_load(path, allowed):
    try:
        return sio.load(path, trusted=allowed)
    except Exception:
        return sio.load(path, trusted=sio.get_untrusted_types(file=path))""",
        *BLIND["p3.formats.skops"]["wrong"]],
    hints=[
        "`sio.get_untrusted_types(file=path)` lists what skops would not load without your say-so.",
        "`sio.load(path, trusted=[...])` loads only if every untrusted type is in the list you pass; "
        "otherwise it raises `UntrustedTypesFoundException`.",
        "Pass the *expected* types, `allowed`, as `trusted`, never the file's own list.",
    ],
)
def skops(answer):
    import functools
    import os

    import numpy as np
    import skops.io as sio
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    checks.attempt(answer, "", [], name="safe_load")  # a body still `return ____` is incomplete
    model, rows = _reference(7)
    y = model.predict(rows)
    plain = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(rows, y)
    clip = FunctionTransformer(functools.partial(np.clip, a_min=0.0, a_max=1e4))  # skops does not trust it
    clipped = make_pipeline(clip, StandardScaler(), LogisticRegression(max_iter=1000)).fit(rows, y)
    hostile = make_pipeline(FunctionTransformer(os.system), LogisticRegression())
    # Allowed types and one forbidden type in one file: refusing needs *every* type to be allowed.
    tripwire = Tripwire()
    tripwire.armed = True
    mixed = {"model": clipped, "extra": tripwire}
    folder = Path(tempfile.mkdtemp(prefix="p3-check-skops-"))
    try:
        for name, obj in (("plain", plain), ("clipped", clipped), ("hostile", hostile), ("mixed", mixed)):
            sio.dump(obj, folder / f"{name}.skops")
        allowed = ["functools.partial", "numpy.clip"]
        for name, obj in (("plain", plain), ("clipped", clipped)):
            got, exc = checks.attempt(answer, str(folder / f"{name}.skops"), list(allowed), name="safe_load")
            if exc is not None:
                raise Incorrect(f"safe_load refused a file whose only unusual type is allowed ({name}): "
                                f"{type(exc).__name__}: {checks.short(str(exc), 80)}")
            if not hasattr(got, "predict") or not np.array_equal(got.predict(rows), obj.predict(rows)):
                raise Incorrect(f"safe_load({name}.skops) did not return the saved model")
        got, exc = checks.attempt(answer, str(folder / "hostile.skops"), list(allowed), name="safe_load")
        if got is not None:
            raise Incorrect("safe_load loaded a file holding posix.system (a pipeline that would run shell "
                            "commands): trust only the types in `allowed`, not whatever the file lists")
        if exc is None:
            raise Incorrect("safe_load returned None for a file holding posix.system: raise an exception, so "
                            "a caller cannot mistake a refusal for a model")
        forbidden = f"{Tripwire.__module__}.{Tripwire.__qualname__}"
        lists = {"an allowed list without it": allowed,
                 "a longer name that contains it": allowed + [forbidden + "Factory"],
                 "a type of the same last name from another module": allowed + ["collections.Tripwire"]}
        for said, names in lists.items():
            Tripwire.built.clear()
            got, exc = checks.attempt(answer, str(folder / "mixed.skops"), list(names), name="safe_load")
            if got is not None or exc is None:
                raise Incorrect(f"safe_load did not refuse a file holding {forbidden} "
                                f"with {said} in `allowed` "
                                f"({checks.short(repr(names), 120)}): load only when every untrusted type "
                                "is in `allowed` by its exact full name, and raise an exception otherwise")
            if Tripwire.built:
                raise Incorrect("safe_load refused the file with a forbidden type, but only after loading it "
                                "(the forbidden object was built): check the types first "
                                "(`sio.get_untrusted_types`), then load")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return ("an expected type is loaded, an unexpected one (os.system!) is refused before anything is built: "
            "that is what pickle and joblib cannot do.")
