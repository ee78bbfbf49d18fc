"""Setup code and data that several sections of Phase 3, machine-learning specialization use."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any

from .. import checks
from ..engine import Incorrect

# Each block is the code of notebook cells; exercises list the blocks they depend on.
_CANCER = """\
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

cancer = load_breast_cancer(as_frame=True)
X = cancer.data
y = (cancer.target == 0).astype(int)  # 1 = malignant: the class we must not miss
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
"""


_COMPARE = _CANCER + """\
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import RandomForestClassifier

models = {
    "dummy": DummyClassifier(strategy="most_frequent"),
    "logistic": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
    "forest": RandomForestClassifier(n_estimators=50, random_state=0, n_jobs=1),
}
"""


_DIABETES = """\
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.dummy import DummyRegressor
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, mean_squared_error
from sklearn.model_selection import train_test_split

diabetes = load_diabetes(as_frame=True)
Xr_train, Xr_test, yr_train, yr_test = train_test_split(
    diabetes.data, diabetes.target, test_size=0.25, random_state=0
)
baseline = DummyRegressor(strategy="mean").fit(Xr_train, yr_train)
ridge = Ridge(alpha=0.1).fit(Xr_train, yr_train)
"""


_WINE = """\
from sklearn.cluster import KMeans
from sklearn.datasets import load_wine
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

wine = load_wine(as_frame=True).data
wine_scaled = StandardScaler().fit_transform(wine)
"""


_PCA = _CANCER + """\
from sklearn.decomposition import PCA
"""


_NUMPY = "import numpy as np"


_POSTINGS = """\
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

from pathway.labs import datasets

postings = datasets.load("p3_job_postings")
text_train, text_test, role_train, role_test = train_test_split(
    postings["text"], postings["role"], test_size=0.25, random_state=0, stratify=postings["role"]
)
"""


_TOP_WORDS = _POSTINGS + """\
vectorizer = TfidfVectorizer()
classifier = LogisticRegression(max_iter=1000).fit(vectorizer.fit_transform(text_train), role_train)
words = vectorizer.get_feature_names_out()
"""


_PENGUINS = """\
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from pathway.labs import datasets

penguins = datasets.penguins()
numeric = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
categorical = ["island", "sex"]
p_train, p_test, species_train, species_test = train_test_split(
    penguins[numeric + categorical], penguins["species"],
    test_size=0.25, random_state=0, stratify=penguins["species"],
)
"""


_IMPORTANCE = _PENGUINS + """\
from sklearn.inspection import permutation_importance

species_model = Pipeline([
    ("preprocess", ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
        ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                              OneHotEncoder(handle_unknown="ignore")), categorical),
    ])),
    ("model", LogisticRegression(max_iter=1000)),
]).fit(p_train, species_train)
"""


_EVALUATION = _CANCER + """\
from sklearn.metrics import confusion_matrix, f1_score, precision_score, recall_score, roc_auc_score

X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.3, random_state=3, stratify=y)
clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X_train, y_train)
pred = clf.predict(X_val)
proba = clf.predict_proba(X_val)[:, 1]  # the predicted probability of "malignant"
"""


_THRESHOLD = _EVALUATION + """\
COST_FN, COST_FP = 5, 1  # a missed malignant tumour costs five times a false alarm
thresholds = np.round(np.arange(0.05, 1.0, 0.05), 2)
"""


_CURVE = _CANCER + """\
import matplotlib.pyplot as plt
from sklearn.model_selection import learning_curve

sizes, train_scores, val_scores = learning_curve(
    make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), X, y,
    cv=folds, train_sizes=np.linspace(0.1, 1.0, 5),
)
"""


_DEPLOY = """\
import datetime
import json
import platform
import tempfile
from pathlib import Path

import joblib
import sklearn
"""


_TOOLS = """\
scenarios = {
    "tabular_baseline": "A churn model on a 50,000-row customer table, trained on a laptop CPU.",
    "research_model": "A new neural network architecture with a custom training loop, in the "
    "framework most recent research papers publish their code in.",
    "tf_production": "One more model for a team whose production models are SavedModels served "
    "with TensorFlow Serving and converted to LiteRT (TensorFlow Lite) for phones.",
    "high_level_api": "A small image classifier written as a few high-level layers, that can "
    "later run on a JAX, TensorFlow or PyTorch backend.",
    "compare_runs": "Compare 40 training runs' parameters and metrics, and register the best model.",
    "same_environment": "Run the prediction service with exactly the same Python and library "
    "versions on your laptop and on the server.",
    "aws_managed": "Managed training jobs and a hosted prediction endpoint, for a company whose "
    "data lives in Amazon S3.",
    "gcp_managed": "Managed training, pipelines and prediction endpoints next to data in BigQuery.",
}
tools = ["scikit-learn", "pytorch", "tensorflow", "keras", "mlflow", "docker", "sagemaker", "vertex_ai"]
"""


@functools.cache
def _ns(code: str) -> dict[str, Any]:
    """The namespace left by running setup code once: the reference data and models."""
    namespace: dict[str, Any] = {"__name__": "__p3_reference__"}
    exec(compile(code, "<p3 reference setup>", "exec"), namespace)
    return namespace


def _numbers(answer: Any, keys: list, name: str) -> dict:
    """A dictionary with exactly `keys`, each holding one real number."""
    if type(answer).__name__ == "Series" and type(answer).__module__.startswith("pandas"):
        answer = answer.to_dict()  # a Series of numbers says the same as the dictionary
    checks.expect_type(answer, Mapping, "a dictionary")
    checks.same_set(answer.keys(), keys, f"the keys of {name}")
    got = {}
    for key in keys:
        value = answer[key]
        if hasattr(value, "__len__") and not isinstance(value, str) and getattr(value, "shape", 0) != ():
            raise Incorrect(f"{name}[{key!r}] holds several values ({checks.type_name(value)}); "
                            "it should be one number")
        got[key] = checks.number(value, f"{name}[{key!r}]")
    return got


def _close(a: float, b: float, tol: float = 1e-6) -> bool:
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


# ------------------------------------------------------------------ fitted on which rows?
def _param_key(value: Any, depth: int = 0) -> Any:
    """A hashable description of an estimator's settings (step names ignored), to cache refits."""
    if depth > 8:
        return "..."
    if hasattr(value, "get_params") and not isinstance(value, type):
        params = value.get_params(deep=False)
        if "steps" in params:  # Pipeline: the estimators in order, whatever the step names
            return ("Pipeline", tuple(_param_key(s, depth + 1) for _, s in params["steps"]))
        if "transformers" in params:  # ColumnTransformer: each transformer with its columns
            parts = tuple((_param_key(t, depth + 1), repr(c)) for _, t, c in params["transformers"])
            return (type(value).__name__, parts, _param_key(params.get("remainder"), depth + 1))
        return (type(value).__name__,
                tuple((k, _param_key(v, depth + 1)) for k, v in sorted(params.items())))
    if isinstance(value, (list, tuple)):
        return tuple(_param_key(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((repr(k), _param_key(v, depth + 1)) for k, v in value.items()))
    return repr(value)


def _outputs(model: Any, X: Any) -> Any:
    """What a classifier says about rows X, as numbers: probabilities, else scores, else labels."""
    import numpy as np

    for method in ("predict_proba", "decision_function"):
        if hasattr(model, method):
            try:
                return np.asarray(getattr(model, method)(X), dtype=float)
            except Exception:  # e.g. probability=False, or a method only some steps support
                continue
    labels = np.asarray(model.predict(X))
    classes = list(getattr(model, "classes_", np.unique(labels)))
    return np.asarray([[float(label == c) for c in classes] for label in labels])


_REFITS: dict[tuple, Any] = {}


def _refit_outputs(model: Any, rows: str, data: dict[str, tuple[Any, Any]], X_eval: Any) -> Any:
    """Outputs on X_eval of a fresh copy of `model` fitted on `data[rows]` (cached per setting)."""
    from sklearn.base import clone

    key = (id(X_eval), rows, _param_key(model))
    if key not in _REFITS:
        if len(_REFITS) > 64:
            _REFITS.clear()
        X, y = data[rows]
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _REFITS[key] = _outputs(clone(model).fit(X, y), X_eval)
    return _REFITS[key]


# A copy fitted on the same rows gives the same outputs to within rounding (1e-15 here); fitting
# on 90% of the training rows already moves a probability by 0.05 or more (all rows: 0.16 to 0.19,
# the test rows: 0.19 to 0.33). 1e-6 sits far between the two.
_SAME_FIT = 1e-6


def _fitted_on_train(model: Any, data: dict[str, tuple[Any, Any]], X_eval: Any, *, name: str,
                     train: str) -> Any:
    """Raise unless `model` behaves exactly like a copy of itself fitted on the training rows.

    `data` maps "train", "all" and "test" to (X, y). A model that saw the test rows (or fewer
    rows than asked) predicts differently from the copy; the copies fitted on all rows and on the
    test rows tell which mistake it was. A model whose fit is random (no random_state) is compared
    with the spread of two copies instead.
    """
    import numpy as np

    try:
        got = _outputs(model, X_eval)
        want = _refit_outputs(model, "train", data, X_eval)
    except Exception as exc:
        raise Incorrect(f"{name} could not be refitted and compared on the training rows "
                        f"({type(exc).__name__}: {str(exc)[:120]})") from None
    if got.shape == want.shape and np.allclose(got, want, rtol=0, atol=_SAME_FIT):
        return got
    for rows, what in (("all", "on all the rows, the test rows included"),
                       ("test", "on the test rows")):
        try:
            other = _refit_outputs(model, rows, data, X_eval)
        except Exception:
            continue
        if other.shape == got.shape and np.allclose(got, other, rtol=0, atol=_SAME_FIT):
            raise Incorrect(f"{name} was fitted {what}: the test set must stay unseen until the "
                            f"final score, so fit it on {train} only")
    if got.shape == want.shape:
        from sklearn.base import clone

        try:  # is the fit itself random? then two honest copies differ too
            X, y = data["train"]
            again = _outputs(clone(model).fit(X, y), X_eval)
            spread = float(np.abs(again - want).max())
        except Exception:
            spread = 0.0
        if spread > _SAME_FIT and float(np.abs(got - want).max()) <= 3 * spread:
            return got
    raise Incorrect(f"{name} does not predict like the same model fitted on {train}: fit it on "
                    "exactly those rows (all of them, and nothing else)")


def _held_out_accuracy(model: Any, outputs: Any, X: Any, y: Any, *, name: str, at_least: float) -> float:
    """Accuracy on held-out rows, read off the outputs already computed when they allow it."""
    import numpy as np

    classes = getattr(model, "classes_", None)
    try:
        if classes is not None and outputs.ndim == 2 and outputs.shape[1] == len(classes) > 2:
            value = float(np.mean(np.asarray(classes)[outputs.argmax(axis=1)] == np.asarray(y)))
        else:
            value = float(model.score(X, y))
    except Exception as exc:
        raise Incorrect(f"scoring {name} on held-out data raised {type(exc).__name__}") from None
    if value < at_least:
        raise Incorrect(f"{name} scores {value:.3f} on held-out data; aim for at least {at_least}")
    return value
