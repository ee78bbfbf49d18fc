"""Setup code and helpers shared by Phase 3's core-craft sections (tuning to open-ended work).

Each setup block is the code of notebook cells; exercises list the blocks they depend on. The
reference namespaces are built once per process, with one thread (these fits are small: extra
threads only add overhead on a busy 2-core machine).
"""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect
from .._shared import _close, _numbers  # noqa: F401 - the sections import them from here

_TUNING = """\
import numpy as np
from sklearn.datasets import make_classification
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

threadpool_limits(limits=1)  # small data: one thread is faster than several fighting over the cores

X_small, y_small = make_classification(
    n_samples=200, n_features=30, n_informative=4, n_redundant=2, flip_y=0.1, random_state=1
)
inner = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
outer = StratifiedKFold(n_splits=5, shuffle=True, random_state=1)
search = GridSearchCV(
    make_pipeline(StandardScaler(), KNeighborsClassifier()),
    {"kneighborsclassifier__n_neighbors": [1, 3, 5, 9, 15, 25, 35, 45]},
    cv=inner, scoring="roc_auc",
)
"""


_BOOSTING = """\
from sklearn.datasets import make_hastie_10_2
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

threadpool_limits(limits=1)  # small data: one thread is faster than several fighting over the cores

X_h, y_h = make_hastie_10_2(n_samples=300, random_state=0)
y_h = (y_h > 0).astype(int)
folds_h = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
candidates = {
    "logistic": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
    "forest": RandomForestClassifier(n_estimators=30, min_samples_leaf=3, random_state=0, n_jobs=1),
    "boosting": HistGradientBoostingClassifier(max_iter=60, max_leaf_nodes=8, random_state=0),
}
"""


_RARE = """\
import numpy as np
import pandas as pd
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from pathway.labs import tabular

X_rare, y_rare = tabular.rare_events(n=1200, seed=0)
Xi_train, Xi_test, yi_train, yi_test = train_test_split(
    X_rare, y_rare, test_size=0.5, random_state=0, stratify=y_rare
)
rare_models = {
    "always_no": DummyClassifier(strategy="most_frequent"),
    "plain": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
    "weighted": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, class_weight="balanced")),
}
for model in rare_models.values():
    model.fit(Xi_train, yi_train)
"""


_RARE_OOF = _RARE + """\
from sklearn.model_selection import cross_val_predict

# Out-of-fold probabilities: each training row scored by a model that did not see it.
oof = cross_val_predict(
    make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), Xi_train, yi_train,
    cv=5, method="predict_proba",
)[:, 1]
"""


_CALIBRATION = _RARE + """\
import matplotlib.pyplot as plt
from sklearn.calibration import CalibratedClassifierCV, calibration_curve
from sklearn.metrics import brier_score_loss
from sklearn.naive_bayes import GaussianNB

weighted = rare_models["weighted"]  # class_weight="balanced": better recall, but its probabilities?
"""


_ORDERS = """\
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import TargetEncoder

from pathway.labs import tabular

orders_train = tabular.orders(n=1500, seed=0)
folds_o = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
"""


@functools.cache
def _ns(code: str) -> dict[str, Any]:
    """The namespace left by running setup code once: the reference data and models."""
    namespace: dict[str, Any] = {"__name__": "__p3_core_reference__"}
    with one_thread():
        exec(compile(code, "<p3 reference setup>", "exec"), namespace)
    return namespace


def one_thread() -> Any:
    """A context in which OpenMP and BLAS use one thread (small fits run faster so)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def scores_of(model: Any, X: Any, name: str) -> Any:
    """The model's score for the positive class on rows X: predict_proba, else decision_function.

    Raises Incorrect (never anything else) when the model cannot score them.
    """
    import numpy as np

    method = next((m for m in ("predict_proba", "decision_function") if hasattr(model, m)), None)
    if method is None:
        raise Incorrect(f"{name} has neither predict_proba nor decision_function: it must rank rows "
                        "by how likely they are positive, not only label them")
    try:
        with one_thread():
            out = np.asarray(getattr(model, method)(X), dtype=float)
    except Exception as exc:
        raise Incorrect(f"{name}.{method} failed on new rows with the same columns as its training data: "
                        f"{type(exc).__name__}: {checks.short(str(exc), 160)}") from None
    if out.ndim == 2:
        if out.shape[1] != 2:
            raise Incorrect(f"{name}.{method} gives {out.shape[1]} columns; a binary model gives two")
        out = out[:, 1]
    if out.shape != (len(X),):
        raise Incorrect(f"{name}.{method} returned {out.shape[0] if out.ndim else 1} scores for "
                        f"{len(X)} rows")
    if not np.all(np.isfinite(out)):
        raise Incorrect(f"{name} gives NaN or infinite scores on new rows")
    return out
