"""Setup code and reference data for the MLOps notebook (03c): the cells its exercises depend on."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect

# The notebook's first cells: the data and the model we ship (the classifier of notebook 03).
_SPLIT = """\
import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

cancer = load_breast_cancer(as_frame=True)
X = cancer.data
y = (cancer.target == 0).astype(int)  # 1 = malignant: the class we must not miss
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.3, random_state=3, stratify=y)
clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X_train, y_train)
"""

# The MLflow store: a SQLite file in a new temporary folder (pathway.labs.mlflow_store).
_MLFLOW = _SPLIT + """\
from pathway.labs import mlflow_store

store = mlflow_store.use_store()
import mlflow
from mlflow.models import infer_signature
"""

# The service's model: four measurements a clinician types in, under names a JSON API can use.
_SERVICE = _SPLIT + """\
import tempfile
from pathlib import Path

import joblib

FEATURES = {"mean radius": "mean_radius", "mean texture": "mean_texture",
            "mean concave points": "mean_concave_points", "worst area": "worst_area"}
X4_train = X_train[list(FEATURES)].rename(columns=FEATURES)
X4_val = X_val[list(FEATURES)].rename(columns=FEATURES)
small = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X4_train, y_train)
workdir = Path(tempfile.mkdtemp(prefix="p3-service-"))
joblib.dump(small, workdir / "model.joblib")
"""

COLUMNS = ["mean_radius", "mean_texture", "mean_concave_points", "worst_area"]
_ORIGINAL = ["mean radius", "mean texture", "mean concave points", "worst area"]


@functools.cache
def service_data() -> tuple[Any, Any]:
    """(rows, labels) with the service's four columns: the whole data set, renamed."""
    from sklearn.datasets import load_breast_cancer

    cancer = load_breast_cancer(as_frame=True)
    frame = cancer.data[_ORIGINAL].copy()
    frame.columns = COLUMNS
    return frame, (cancer.target == 0).astype(int)


def check_model(seed: int = 11) -> tuple[Any, Any]:
    """A model the learner never saw (fitted on a random half, with its own C) and rows to ask it.

    A service that ignores the model file it is given and predicts with another model fails.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    frame, labels = service_data()
    rng = np.random.default_rng(seed)
    half = rng.permutation(len(frame))
    fit_rows, ask_rows = half[: len(frame) // 2], half[len(frame) // 2:]
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.05, max_iter=1000))
    model.fit(frame.iloc[fit_rows], labels.iloc[fit_rows])
    rows = frame.iloc[ask_rows[:12]].reset_index(drop=True)
    rows.loc[0, "mean_concave_points"] = 0.0  # valid (a smooth tumour): a service must accept it
    return model, rows


def source_text(answer: Any, what: str) -> str:
    """The learner's file as text, compiled once so a syntax error is told with its line."""
    if not isinstance(answer, str):
        raise Incorrect(f"{what} should be the text of a file (a string), got {checks.type_name(answer)}")
    if not answer.strip():
        raise Incorrect(f"{what} is empty")
    return answer


def python_source(answer: Any, what: str) -> str:
    text = source_text(answer, what)
    try:
        compile(text, what, "exec")
    except SyntaxError as exc:
        raise Incorrect(f"{what} is not valid Python: line {exc.lineno}: {exc.msg}") from None
    return text


def payload(rows: Any) -> list[dict[str, float]]:
    """Rows as the JSON objects a client sends."""
    return [{k: float(v) for k, v in row.items()} for row in rows.to_dict(orient="records")]
