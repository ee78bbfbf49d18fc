"""Phase 3, machine-learning specialization: deployment."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from .._shared import _DEPLOY, _EVALUATION, _ns
from ._blind_a import CASES as BLIND
from ._mlops import _SPLIT


@functools.cache
def _bundle_model() -> tuple[Any, Any, dict[str, float]]:
    ns = _ns(_EVALUATION)
    return ns["clf"], ns["X_val"], {"accuracy": float(ns["clf"].score(ns["X_val"], ns["y_val"]))}


@exercise(
    "p3.deployment.save_bundle",
    title="Save a model beside its model card",
    prompt="Complete `save_bundle(model, metrics, folder)`: save `model` with joblib as "
    "`model.joblib` in `folder`, write a model card `model_card.json` beside it (a JSON object "
    "with `created` (today's date, ISO format), `data` (a sentence on the training data), "
    "`metrics` (the dictionary given) and `versions` (at least `python` and `scikit-learn`)), "
    "and return the folder as a Path.",
    answer="save_bundle",
    setup=_DEPLOY,
    solution="""\
def save_bundle(model, metrics, folder):
    folder = Path(folder)
    joblib.dump(model, folder / "model.joblib")
    card = {
        "created": datetime.date.today().isoformat(),
        "data": "scikit-learn's breast cancer data (569 tumours), 70/30 stratified split, random_state=3",
        "metrics": metrics,
        "versions": {"python": platform.python_version(), "scikit-learn": sklearn.__version__},
    }
    (folder / "model_card.json").write_text(json.dumps(card, indent=2))
    return folder""",
    right=["""\
def save_bundle(model, metrics, folder):
    from importlib.metadata import version

    path = Path(folder)
    with open(path / "model.joblib", "wb") as handle:
        joblib.dump(model, handle)
    with open(path / "model_card.json", "w", encoding="utf-8") as handle:
        json.dump({"created": str(datetime.date.today()), "metrics": dict(metrics),
                   "data": "breast-cancer measurements, 1 = malignant",
                   "versions": {"scikit-learn": version("scikit-learn"), "python": platform.python_version(),
                                "joblib": joblib.__version__}}, handle)
    return path""",
        *BLIND["p3.deployment.save_bundle"]["right"]],
    wrong=[
        """\
def save_bundle(model, metrics, folder):
    folder = Path(folder)
    joblib.dump(model, folder / "model.joblib")
    return folder""",
        """\
def save_bundle(model, metrics, folder):
    folder = Path(folder)
    joblib.dump(model, folder / "model.joblib")
    card = {"created": datetime.date.today().isoformat(), "data": "breast cancer", "metrics": metrics,
            "versions": {"python": platform.python_version()}}
    (folder / "model_card.json").write_text(json.dumps(card))
    return folder""",
        """\
def save_bundle(model, metrics, folder):
    folder = Path(folder)
    card = {"created": datetime.date.today().isoformat(), "data": "breast cancer", "metrics": metrics,
            "versions": {"python": platform.python_version(), "scikit-learn": sklearn.__version__}}
    (folder / "model_card.json").write_text(json.dumps(card))
    return folder""",
        """\
def save_bundle(model, metrics, folder):
    folder = Path(folder)
    joblib.dump(model, folder / "model.joblib")
    card = {"created": datetime.date.today().isoformat(), "data": "breast cancer tumours",
            "metrics": {"accuracy": 0.97},
            "versions": {"python": platform.python_version(), "scikit-learn": sklearn.__version__}}
    (folder / "model_card.json").write_text(json.dumps(card))
    return folder""",
        *BLIND["p3.deployment.save_bundle"]["wrong"]],
    hints=[
        "`joblib.dump(model, path)` saves a fitted model; `json.dumps(dictionary)` turns the card "
        "into text you can write with `Path.write_text`.",
        "Library versions: `sklearn.__version__` and `platform.python_version()`; today's date: "
        "`datetime.date.today().isoformat()`.",
        "The card is one dictionary with four keys (created, data, metrics, and versions holding the "
        "Python and scikit-learn versions); write it as JSON to `model_card.json` in the folder, "
        "beside the model, and return the folder.",
    ],
)
def save_bundle(answer):
    import datetime
    import json
    import platform
    import re
    import shutil
    import tempfile
    from pathlib import Path

    import joblib
    import numpy as np
    import sklearn

    from .... import clock

    model, rows, metrics = _bundle_model()
    folder = Path(tempfile.mkdtemp(prefix="p3-check-bundle-"))
    try:
        result = checks.call(answer, model, dict(metrics), folder, name="save_bundle")
        if not isinstance(result, Path) or result != folder:
            raise Incorrect(f"save_bundle returned {checks.type_name(result)}; return the folder "
                            "(a Path), so the caller knows where the bundle is")
        model_file, card_file = folder / "model.joblib", folder / "model_card.json"
        if not model_file.is_file():
            raise Incorrect("there is no model.joblib in the folder: save the model with "
                            "joblib.dump(model, folder / \"model.joblib\")")
        if not card_file.is_file():
            raise Incorrect("there is no model_card.json beside the model: write the card as JSON")
        try:
            card = json.loads(card_file.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise Incorrect(f"model_card.json is not valid JSON ({exc}): write it with json.dumps") from None
        if not isinstance(card, dict):
            raise Incorrect("model_card.json should hold a JSON object (a dictionary)")
        missing = [k for k in ("created", "data", "metrics", "versions") if k not in card]
        if missing:
            raise Incorrect(f"the model card is missing: {', '.join(missing)}")
        today = {clock.today().isoformat(), datetime.date.today().isoformat()}
        created = str(card["created"])
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", created):
            raise Incorrect(f"`created` is {checks.short(created, 40)}; it should be a date in ISO format, "
                            "like 2025-01-31 (datetime.date.today().isoformat(), not a timestamp)")
        if created not in today | {datetime.date.today().isoformat()}:  # also just after midnight
            raise Incorrect(f"`created` is {created}; it should be today's date ({min(today)}): when the "
                            "model was saved")
        if not isinstance(card["data"], str) or len(card["data"].split()) < 2:
            raise Incorrect("`data` should say in a few words what the model was trained on")
        if card["metrics"] != metrics:
            raise Incorrect("`metrics` in the card should be the metrics dictionary passed in")
        versions = card["versions"]
        if not isinstance(versions, dict):
            raise Incorrect("`versions` should be a dictionary of library versions")
        if versions.get("scikit-learn") != sklearn.__version__:
            raise Incorrect("`versions` needs the installed scikit-learn version under "
                            "\"scikit-learn\" (sklearn.__version__): a model may not load in another")
        if versions.get("python") != platform.python_version():
            raise Incorrect("`versions` needs the Python version under \"python\" "
                            "(platform.python_version())")
        loaded = joblib.load(model_file)
        if not hasattr(loaded, "predict") or not np.array_equal(loaded.predict(rows), model.predict(rows)):
            raise Incorrect("model.joblib does not hold the fitted model that was passed in")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return ("model and card travel together: whoever loads the model can see what it was trained "
            "on, how good it was, and which versions it needs.")


@exercise(
    "p3.deployment.load_and_predict",
    title="Load a saved model in a fresh function and predict",
    prompt="Complete `load_and_predict(folder, rows)`: load `model.joblib` from `folder` "
    "and return the model's predicted labels for `rows`.",
    answer="load_and_predict",
    setup=_SPLIT + _DEPLOY,
    solution="""\
def load_and_predict(folder, rows):
    model = joblib.load(Path(folder) / "model.joblib")
    return model.predict(rows)""",
    wrong=[
        """\
def load_and_predict(folder, rows):
    model = joblib.load(Path(folder) / "model.joblib")
    return model.predict_proba(rows)""",
        """\
def load_and_predict(folder, rows):
    return joblib.load(Path(folder) / "model.joblib")""",
        """\
def load_and_predict(folder, rows):
    return joblib.load(folder).predict(rows)""",
        """\
def load_and_predict(folder, rows):
    return clf.predict(rows)  # the model still in memory, not the one in the folder""",
        *BLIND["p3.deployment.load_and_predict"]["wrong"]],
    right=["""\
def load_and_predict(folder, rows):
    with open(Path(folder) / "model.joblib", "rb") as handle:
        model = joblib.load(handle)
    return list(model.predict(rows))""",
        *BLIND["p3.deployment.load_and_predict"]["right"]],
    hints=[
        "`joblib.load(path)` is the mirror of `joblib.dump`: it gives back the fitted pipeline.",
        "The file is `Path(folder) / \"model.joblib\"`; the loaded pipeline predicts like any "
        "other model.",
        "`return joblib.load(Path(folder) / \"model.joblib\").predict(rows)`",
    ],
)
def load_and_predict(answer):

    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from .._shared import _ns

    _, rows, _ = _bundle_model()
    ns = _ns(_EVALUATION)
    # A model the notebook never made (strongly regularised, fitted on the validation rows), so an
    # answer that predicts with the notebook's `clf` instead of the file fails.
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.002, max_iter=1000))
    model.fit(ns["X_val"], ns["y_val"])
    rows = ns["X_train"]
    # A second model in a second folder, predicting the opposite labels: a function that keeps the
    # first model it loaded (a cache across calls) answers the second folder with the first model.
    other = make_pipeline(StandardScaler(), LogisticRegression(C=0.002, max_iter=1000))
    other.fit(ns["X_val"], 1 - ns["y_val"])
    for number, fitted in enumerate((model, other)):
        got = _predict_from_new_folder(answer, fitted, rows)
        if number and checks.attempt(checks.array, got, model.predict(rows), "")[1] is None:
            raise Incorrect("called with a second folder holding another model, load_and_predict answered "
                            "with the first folder's model: load the model from `folder` on every call")
        checks.array(got, fitted.predict(rows), "the predictions")
    return ("a fresh function, a folder it had never seen, the same predictions: that is the "
            "whole contract a prediction service relies on.")


def _predict_from_new_folder(answer: Any, model: Any, rows: Any) -> Any:
    """What `load_and_predict` answers for a folder made here holding `model`: labels, not text."""
    import shutil
    import tempfile
    from pathlib import Path

    import joblib
    import numpy as np

    folder = Path(tempfile.mkdtemp(prefix="p3-check-bundle-"))  # a folder it has never seen
    try:
        joblib.dump(model, folder / "model.joblib")
        got = checks.call(answer, str(folder), rows.copy(), name="load_and_predict")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if hasattr(got, "predict"):
        raise Incorrect("load_and_predict returned the model itself; return its predictions "
                        "for `rows`")
    shape = getattr(got, "shape", None)
    if shape is not None and len(shape) == 2:
        raise Incorrect("load_and_predict returned a table of probabilities; return the "
                        "predicted labels (predict, not predict_proba)")
    if any(isinstance(v, (str, bytes)) for v in np.asarray(got, dtype=object).ravel()):
        raise Incorrect("load_and_predict returned labels as text; return the model's predictions "
                        "as they are (integers 0 and 1)")
    return got
