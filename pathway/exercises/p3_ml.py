"""Phase 3, Machine Learning Specialization: models end to end, from baseline to saved bundle.

Every reference value is computed by running the exercise's own `setup` code once (cached), so
what a check expects and what the notebook shows cannot drift apart. Nothing here downloads:
the data are scikit-learn's bundled datasets and the files in `data/`.
"""

from __future__ import annotations

import functools
import math
from typing import Any

from . import checks
from .engine import Incorrect, exercise

# ------------------------------------------------------------------ shared setup code
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

_DIGITS = """\
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

digits = load_digits()
Xd_train, Xd_test, yd_train, yd_test = train_test_split(
    digits.data, digits.target, test_size=0.25, random_state=0, stratify=digits.target
)
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

_TRACKING = _CANCER + """\
from pathway.labs import tracking
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
    checks.expect_type(answer, dict, "a dictionary")
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


# ================================================================== supervised learning
@functools.cache
def _cv_expected(cv: str) -> dict[str, float]:
    """Each model's reference score: on the shared `folds`, on plain `cv=5`, or on its training data.

    Cached per variant, so a right answer costs one cross-validation and only a wrong one pays
    for the variants that explain the mistake.
    """
    from sklearn.base import clone
    from sklearn.model_selection import cross_val_score

    ns = _ns(_COMPARE)
    X, y = ns["X"], ns["y"]
    if cv == "train":
        return {name: float(clone(m).fit(X, y).score(X, y)) for name, m in ns["models"].items()}
    splits = ns["folds"] if cv == "folds" else 5
    return {name: float(cross_val_score(clone(m), X, y, cv=splits).mean())
            for name, m in ns["models"].items()}


@exercise(
    "p3.supervised.compare_classifiers",
    title="Compare three classifiers on the same folds",
    prompt="Set `cv_accuracy` to a dictionary: for each name in `models`, the mean "
    "cross-validated accuracy of that model on `X`, `y`, using the shared `folds`.",
    answer="cv_accuracy",
    setup=_COMPARE,
    solution="""\
cv_accuracy = {
    name: cross_val_score(model, X, y, cv=folds).mean()
    for name, model in models.items()
}""",
    wrong=[
        "cv_accuracy = {name: cross_val_score(model, X, y, cv=5).mean() for name, model in models.items()}",
        "cv_accuracy = {name: model.fit(X, y).score(X, y) for name, model in models.items()}",
        "cv_accuracy = {name: cross_val_score(model, X, y, cv=folds) for name, model in models.items()}",
    ],
    hints=[
        "`cross_val_score(model, X, y, cv=...)` fits and scores a model once per fold and returns "
        "the fold scores; a dictionary comprehension loops over `models.items()`.",
        "Pass the same `cv=folds` to every call, so every model is tested on exactly the same "
        "splits, and average the fold scores with `.mean()`.",
        "`{name: cross_val_score(model, X, y, cv=folds).mean() for name, model in models.items()}`",
    ],
)
def compare_classifiers(answer):
    f = _cv_expected("folds")
    got = _numbers(answer, list(f), "cv_accuracy")
    if all(_close(got[k], v) for k, v in f.items()):
        return (f"logistic regression {f['logistic']:.3f}, random forest {f['forest']:.3f}, "
                f"baseline {f['dummy']:.3f}: both models beat predicting the majority class, and "
                "the simple linear model holds its own against the ensemble.")
    if all(_close(got[k], v) for k, v in _cv_expected("train").items()):
        raise Incorrect("these are accuracies on the data each model was trained on (the forest "
                        "scores a perfect 1.0): score on held-out folds with cross_val_score")
    if all(_close(got[k], v) for k, v in _cv_expected("default").items()):
        raise Incorrect("these are cross-validated, but not on the shared `folds`: pass cv=folds "
                        "so every model is compared on the same shuffled splits")
    bad = next(k for k, v in f.items() if not _close(got[k], v))
    raise Incorrect(f"cv_accuracy[{bad!r}] is not the mean cross-validated accuracy on `folds`: "
                    "check the model, the data and the cv argument")


@functools.cache
def _regression_expected() -> dict[str, dict[str, float]]:
    import numpy as np
    from sklearn.metrics import mean_absolute_error, mean_squared_error

    ns = _ns(_DIABETES)
    out = {}
    for split, (Xs, ys) in {"test": (ns["Xr_test"], ns["yr_test"]),
                            "train": (ns["Xr_train"], ns["yr_train"])}.items():
        base, ridge = ns["baseline"].predict(Xs), ns["ridge"].predict(Xs)
        out[split] = {
            "baseline_mae": float(mean_absolute_error(ys, base)),
            "ridge_mae": float(mean_absolute_error(ys, ridge)),
            "ridge_rmse": float(np.sqrt(mean_squared_error(ys, ridge))),
            "ridge_mse": float(mean_squared_error(ys, ridge)),
        }
    return out


@exercise(
    "p3.supervised.regression_errors",
    title="Judge a regression against a baseline",
    prompt="On the test set, compute the mean absolute error of `baseline` and of `ridge`, and the "
    "root mean squared error of `ridge`. Set `errors` to a dictionary with the keys "
    "`baseline_mae`, `ridge_mae` and `ridge_rmse`.",
    answer="errors",
    setup=_DIABETES,
    solution="""\
ridge_pred = ridge.predict(Xr_test)
errors = {
    "baseline_mae": mean_absolute_error(yr_test, baseline.predict(Xr_test)),
    "ridge_mae": mean_absolute_error(yr_test, ridge_pred),
    "ridge_rmse": np.sqrt(mean_squared_error(yr_test, ridge_pred)),
}""",
    wrong=[
        """\
ridge_pred = ridge.predict(Xr_test)
errors = {
    "baseline_mae": mean_absolute_error(yr_test, baseline.predict(Xr_test)),
    "ridge_mae": mean_absolute_error(yr_test, ridge_pred),
    "ridge_rmse": mean_squared_error(yr_test, ridge_pred),
}""",
        """\
ridge_pred = ridge.predict(Xr_train)
errors = {
    "baseline_mae": mean_absolute_error(yr_train, baseline.predict(Xr_train)),
    "ridge_mae": mean_absolute_error(yr_train, ridge_pred),
    "ridge_rmse": np.sqrt(mean_squared_error(yr_train, ridge_pred)),
}""",
    ],
    hints=[
        "Predict on `Xr_test` with each fitted model and compare with `yr_test`: the test set is "
        "what the models have not seen.",
        "`mean_absolute_error(y_true, y_pred)` gives the MAE; `mean_squared_error` gives the MSE, "
        "in squared units.",
        "RMSE is the square root of the MSE: `np.sqrt(mean_squared_error(yr_test, ridge_pred))`.",
    ],
)
def regression_errors(answer):
    expected = _regression_expected()
    keys = ["baseline_mae", "ridge_mae", "ridge_rmse"]
    got = _numbers(answer, keys, "errors")
    test, train = expected["test"], expected["train"]
    if all(_close(got[k], train[k]) for k in keys):
        raise Incorrect("these errors are measured on the training data; use Xr_test and yr_test, "
                        "which the models never saw")
    for key in keys:
        if _close(got[key], test[key]):
            continue
        if key == "ridge_rmse" and _close(got[key], test["ridge_mse"]):
            raise Incorrect("ridge_rmse looks like the mean *squared* error, in squared units: "
                            "take its square root to get back to the target's units")
        if _close(got[key], train.get(key, math.nan)):
            raise Incorrect(f"errors[{key!r}] is measured on the training data; use the test set")
        raise Incorrect(f"errors[{key!r}] is not right: check which model, which metric and "
                        "which split it uses")
    gain = 1 - test["ridge_mae"] / test["baseline_mae"]
    return (f"ridge is off by {test['ridge_mae']:.1f} on average against {test['baseline_mae']:.1f} "
            f"for always predicting the mean: {gain:.0%} better. Its RMSE, "
            f"{test['ridge_rmse']:.1f}, is larger than its MAE because squaring punishes big misses.")


# ================================================================== unsupervised learning
@functools.cache
def _silhouette_expected() -> dict[str, dict[int, float]]:
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    ns = _ns(_WINE)
    out: dict[str, dict[int, float]] = {"scaled": {}, "raw": {}, "inertia": {}}
    for k in range(2, 7):
        for kind, data in (("scaled", ns["wine_scaled"]), ("raw", ns["wine"])):
            model = KMeans(n_clusters=k, n_init=10, random_state=0).fit(data)
            out[kind][k] = float(silhouette_score(data, model.labels_))
            if kind == "scaled":
                out["inertia"][k] = float(model.inertia_)
    return out


@exercise(
    "p3.unsupervised.silhouette_k",
    title="Choose k for k-means with the silhouette score",
    prompt="For k from 2 to 6, cluster `wine_scaled` with "
    "`KMeans(n_clusters=k, n_init=10, random_state=0)` and compute the silhouette score of the "
    "labels. Set `silhouette` to a dictionary {k: score}.",
    answer="silhouette",
    setup=_WINE,
    solution="""\
silhouette = {}
for k in range(2, 7):
    labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(wine_scaled)
    silhouette[k] = silhouette_score(wine_scaled, labels)""",
    wrong=[
        """\
silhouette = {}
for k in range(2, 7):
    labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(wine)
    silhouette[k] = silhouette_score(wine, labels)""",
        """\
silhouette = {}
for k in range(2, 7):
    silhouette[k] = KMeans(n_clusters=k, n_init=10, random_state=0).fit(wine_scaled).inertia_""",
        """\
silhouette = {}
for k in range(1, 6):
    labels = KMeans(n_clusters=k + 1, n_init=10, random_state=0).fit_predict(wine_scaled)
    silhouette[k] = silhouette_score(wine_scaled, labels)""",
    ],
    hints=[
        "Loop `for k in range(2, 7)`; in each pass fit a KMeans with that many clusters and keep "
        "the score under the key `k`.",
        "`KMeans(...).fit_predict(wine_scaled)` returns one cluster label per wine; "
        "`silhouette_score(data, labels)` needs the same data the labels came from.",
        "`silhouette[k] = silhouette_score(wine_scaled, KMeans(n_clusters=k, n_init=10, "
        "random_state=0).fit_predict(wine_scaled))`",
    ],
)
def silhouette_k(answer):
    expected = _silhouette_expected()
    keys = list(range(2, 7))
    checks.expect_type(answer, dict, "a dictionary {k: score}")
    if any(isinstance(k, str) for k in answer):
        raise Incorrect("use the numbers of clusters themselves as keys (2, 3, ...), not strings")
    if set(answer) != set(keys):
        raise Incorrect(f"silhouette should have one key for each k from 2 to 6; its keys are "
                        f"{sorted(answer, key=repr)[:8]}")
    got = _numbers(answer, keys, "silhouette")
    if any(abs(v) > 1 for v in got.values()):
        raise Incorrect("silhouette scores lie between -1 and 1; these look like inertia (sums of "
                        "squared distances): use silhouette_score(data, labels)")
    if all(abs(got[k] - expected["raw"][k]) < 1e-3 for k in keys):
        raise Incorrect("these scores come from the unscaled data, where proline (in the hundreds) "
                        "drowns out every other column: cluster `wine_scaled`")
    bad = [k for k in keys if abs(got[k] - expected["scaled"][k]) > 1e-3]
    if bad:
        raise Incorrect(f"the score for k={bad[0]} is off: fit KMeans(n_clusters=k, n_init=10, "
                        "random_state=0) on wine_scaled and score its labels on the same data")
    best = max(expected["scaled"], key=expected["scaled"].get)
    return (f"the silhouette peaks at k={best}, and the wines do come from 3 cultivars: the "
            "clusters found without labels match a real structure.")


@functools.cache
def _pca_expected() -> dict[str, Any]:
    import numpy as np
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler

    ns = _ns(_PCA)
    scaled = np.cumsum(PCA().fit(StandardScaler().fit_transform(ns["X"])).explained_variance_ratio_)
    raw = np.cumsum(PCA().fit(ns["X"]).explained_variance_ratio_)
    return {"scaled": scaled, "n": int(np.argmax(scaled >= 0.9) + 1),
            "raw_n": int(np.argmax(raw >= 0.9) + 1), "features": ns["X"].shape[1]}


@exercise(
    "p3.unsupervised.pca_components",
    title="How many principal components keep 90% of the variance?",
    prompt="Scale `X` with StandardScaler, fit a PCA with all components, and set `n_components_90` "
    "to the smallest number of components whose explained variance adds up to at least 90%.",
    answer="n_components_90",
    setup=_PCA,
    solution="""\
pca = PCA().fit(StandardScaler().fit_transform(X))
cumulative = np.cumsum(pca.explained_variance_ratio_)
n_components_90 = int(np.argmax(cumulative >= 0.90) + 1)""",
    wrong=[
        """\
pca = PCA().fit(X)
cumulative = np.cumsum(pca.explained_variance_ratio_)
n_components_90 = int(np.argmax(cumulative >= 0.90) + 1)""",
        """\
pca = PCA().fit(StandardScaler().fit_transform(X))
cumulative = np.cumsum(pca.explained_variance_ratio_)
n_components_90 = int(np.argmax(cumulative >= 0.90))""",
    ],
    hints=[
        "`pca.explained_variance_ratio_` holds each component's share of the variance, largest "
        "first; `np.cumsum` turns them into running totals.",
        "Find the first position where the running total reaches 0.90 (`np.argmax` of a boolean "
        "array gives the first True), and remember positions start at 0.",
        "`int(np.argmax(np.cumsum(pca.explained_variance_ratio_) >= 0.90) + 1)`, with `pca` fitted "
        "on the *scaled* data.",
    ],
)
def pca_components(answer):
    expected = _pca_expected()
    value = checks.number(answer, "n_components_90")
    if value != int(value):
        raise Incorrect("n_components_90 should be a whole number of components")
    n = int(value)
    if n == expected["n"]:
        return (f"{n} components out of {expected['features']} keep 90% of the information: "
                "a four-fold compression, and a faster, less noisy input for a model.")
    if n == expected["raw_n"]:
        raise Incorrect(f"{n} component: without scaling, the columns measured in the largest "
                        "units (the areas, in the hundreds) hold nearly all the variance. Scale first")
    if n == expected["n"] - 1:
        share = expected["scaled"][n - 1] if n >= 1 else 0.0
        raise Incorrect(f"{n} components explain only {share:.1%}: count the component that "
                        "crosses 90% too (positions start at 0)")
    if not 1 <= n <= expected["features"]:
        raise Incorrect(f"there are only {expected['features']} features, so between 1 and "
                        f"{expected['features']} components")
    raise Incorrect(f"{n} components is not the smallest number reaching 90%: look at the "
                    "cumulative sum of explained_variance_ratio_ on the scaled data")


# ================================================================== deep learning
@functools.cache
def _digits_split() -> tuple[Any, Any]:
    ns = _ns(_DIGITS)
    return ns["Xd_test"], ns["yd_test"]


@exercise(
    "p3.deep.mlp_digits",
    title="A neural network that reads handwritten digits",
    prompt="Build `mlp`: a pipeline of StandardScaler and "
    "`MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=0)`, fitted on "
    "`Xd_train`, `yd_train`. It should score at least 0.95 on the test set.",
    answer="mlp",
    setup=_DIGITS,
    solution="""\
mlp = make_pipeline(
    StandardScaler(),
    MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=0),
).fit(Xd_train, yd_train)""",
    wrong=[
        "mlp = make_pipeline(StandardScaler(), "
        "MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=0))",
        "mlp = make_pipeline(StandardScaler(), "
        "MLPClassifier(hidden_layer_sizes=(2,), max_iter=300, random_state=0)).fit(Xd_train, yd_train)",
        "from sklearn.linear_model import LogisticRegression\n"
        "mlp = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(Xd_train, yd_train)",
    ],
    hints=[
        "`make_pipeline(step1, step2)` chains a scaler and a model; a pipeline is fitted like a "
        "model, with `.fit(X, y)`.",
        "The network is `MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=0)`: "
        "one hidden layer of 64 units, and a fixed seed for its random starting weights.",
        "`mlp = make_pipeline(StandardScaler(), MLPClassifier(...)).fit(Xd_train, yd_train)`",
    ],
)
def mlp_digits(answer):
    from sklearn.neural_network import MLPClassifier

    X_test, y_test = _digits_split()
    checks.estimator(answer, kind=MLPClassifier, must_be_fitted=False, name="mlp")
    if not checks.fitted(answer):
        raise Incorrect("mlp is not fitted yet: call `.fit(Xd_train, yd_train)` on it")
    final = answer.steps[-1][1] if hasattr(answer, "steps") else answer
    if not isinstance(final.random_state, int):
        raise Incorrect("set random_state on the MLPClassifier: its starting weights are random, "
                        "so without a seed every run gives a different network")
    score = checks.estimator(answer, score_on=(X_test, y_test), min_score=0.95, name="mlp")
    return (f"{score:.1%} of unseen digits read correctly by a network with one hidden layer "
            f"({final.coefs_[0].size + final.coefs_[1].size} weights), trained in seconds on a CPU.")


def _allclose(a: Any, b: Any) -> bool:
    import numpy as np

    try:
        a = np.asarray(a, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == np.shape(b) and bool(np.allclose(a, b, rtol=1e-6, atol=1e-9))


@functools.cache
def _dense_cases() -> list[tuple[tuple[Any, Any, Any], Any]]:
    import numpy as np

    rng = np.random.default_rng(0)
    cases = []
    for n, d_in, d_out in ((1, 3, 2), (4, 5, 3), (6, 2, 4)):
        x, W, b = rng.normal(size=(n, d_in)), rng.normal(size=(d_in, d_out)), rng.normal(size=d_out)
        cases.append(((x, W, b), np.maximum(0.0, x @ W + b)))
    return cases


@exercise(
    "p3.deep.dense_relu",
    title="The forward pass of one dense layer",
    prompt="Complete `dense_relu(x, W, b)`: a batch `x` of shape (n, d_in), weights `W` of shape "
    "(d_in, d_out) and a bias `b` of shape (d_out,). Return the layer's output, ReLU(x W + b), "
    "of shape (n, d_out).",
    answer="dense_relu",
    setup=_NUMPY,
    solution="""\
def dense_relu(x, W, b):
    z = x @ W + b              # one weighted sum per output unit, for every row of the batch
    return np.maximum(0.0, z)  # ReLU: keep positives, zero the negatives""",
    wrong=[
        "def dense_relu(x, W, b):\n    return x @ W + b",
        "def dense_relu(x, W, b):\n    return np.maximum(0.0, x @ W)",
        "def dense_relu(x, W, b):\n    return np.maximum(0.0, W.T @ x.T + b)",
    ],
    hints=[
        "A dense layer is a matrix product plus a bias, followed by an activation function.",
        "`x @ W` has shape (n, d_out); adding `b` broadcasts it to every row. ReLU replaces "
        "negative values by 0.",
        "`return np.maximum(0.0, x @ W + b)`",
    ],
)
def dense_relu(answer):
    import numpy as np

    for (x, W, b), want in _dense_cases():
        got = checks.call(answer, x, W, b, name="dense_relu")
        label = f"dense_relu on a batch of shape {x.shape}"
        if _allclose(got, want):
            continue
        if _allclose(got, x @ W + b):
            raise Incorrect(f"{label} still has negative outputs: apply ReLU, max(0, z), at the end")
        if _allclose(got, np.maximum(0.0, x @ W)):
            raise Incorrect(f"{label}: the bias b is missing")
        checks.array(got, want, label)
    return ("that is one layer of a neural network: stack several (each one's output is the next "
            "one's x) and you have the multilayer perceptron MLPClassifier trained above.")


def _attention_ref(Q: Any, K: Any, V: Any, *, scale: bool = True, axis: int = -1) -> Any:
    import numpy as np

    scores = Q @ K.T / (np.sqrt(Q.shape[-1]) if scale else 1.0)
    scores = scores - scores.max(axis=axis, keepdims=True)
    weights = np.exp(scores)
    return (weights / weights.sum(axis=axis, keepdims=True)) @ V


@functools.cache
def _attention_cases() -> list[tuple[tuple[Any, Any, Any], Any]]:
    import numpy as np

    rng = np.random.default_rng(1)
    cases = []
    for n_q, n_k, d_k, d_v, size in ((2, 3, 4, 2, 1.0), (3, 3, 8, 3, 1.0), (1, 5, 8, 3, 1.0),
                                     (2, 4, 4, 2, 40.0)):
        Q, K = size * rng.normal(size=(n_q, d_k)), size * rng.normal(size=(n_k, d_k))
        V = rng.normal(size=(n_k, d_v))
        cases.append(((Q, K, V), _attention_ref(Q, K, V)))
    return cases


@exercise(
    "p3.deep.attention",
    title="Scaled dot-product attention",
    prompt="Complete `attention(Q, K, V)` for 2-D arrays: queries Q (n_q, d_k), keys K (n_k, d_k), "
    "values V (n_k, d_v). Return softmax(Q Kᵀ / √d_k) V, shape (n_q, d_v), with the softmax taken "
    "over the keys (each row of weights sums to 1) and computed in a numerically stable way.",
    answer="attention",
    setup=_NUMPY,
    solution="""\
def attention(Q, K, V):
    d_k = Q.shape[-1]
    scores = Q @ K.T / np.sqrt(d_k)                        # (n_q, n_k): how well each query matches each key
    scores = scores - scores.max(axis=-1, keepdims=True)   # stable: exp never overflows
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=-1, keepdims=True)  # softmax over the keys
    return weights @ V                                     # a weighted average of the values""",
    wrong=[
        """\
def attention(Q, K, V):
    weights = np.exp(Q @ K.T / np.sqrt(Q.shape[-1]))
    return weights / weights.sum(axis=-1, keepdims=True) @ V""",
        """\
def attention(Q, K, V):
    scores = Q @ K.T
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return weights / weights.sum(axis=-1, keepdims=True) @ V""",
        """\
def attention(Q, K, V):
    scores = Q @ K.T / np.sqrt(Q.shape[-1])
    weights = np.exp(scores - scores.max(axis=0, keepdims=True))
    return weights / weights.sum(axis=0, keepdims=True) @ V""",
    ],
    hints=[
        "Three steps: scores = Q Kᵀ / √d_k; weights = softmax of each row of scores; "
        "output = weights V. `d_k` is `Q.shape[-1]`.",
        "For a stable softmax, subtract each row's maximum before `np.exp` (it changes nothing "
        "mathematically, but `np.exp(1000)` is inf); then divide by each row's sum. Use "
        "`axis=-1, keepdims=True` for both.",
        "`scores = Q @ K.T / np.sqrt(d_k)`; `e = np.exp(scores - scores.max(axis=-1, "
        "keepdims=True))`; `return e / e.sum(axis=-1, keepdims=True) @ V`",
    ],
)
def attention(answer):
    import numpy as np

    for (Q, K, V), want in _attention_cases():
        label = f"attention with Q {Q.shape}, K {K.shape}, V {V.shape}"
        with np.errstate(all="ignore"):
            got = checks.call(answer, Q, K, V, name="attention")
        if _allclose(got, want):
            continue
        try:
            has_nan = bool(np.isnan(np.asarray(got, dtype=float)).any())
        except (TypeError, ValueError):
            has_nan = False
        if has_nan and np.abs(Q).max() > 10:
            raise Incorrect(f"{label} and large scores gives NaN: np.exp overflowed. Subtract each "
                            "row's maximum score before exponentiating")
        if _allclose(got, _attention_ref(Q, K, V, scale=False)):
            raise Incorrect(f"{label}: the scores are not scaled; divide Q Kᵀ by the square root "
                            "of d_k (keeps the softmax from saturating as d_k grows)")
        if _allclose(got, _attention_ref(Q, K, V, axis=0)):
            raise Incorrect(f"{label}: the softmax runs down the columns; each query's weights "
                            "over the keys (a row) should sum to 1: use axis=-1")
        checks.array(got, want, label)
    return ("that one line of linear algebra is the heart of every Transformer: each query "
            "takes a weighted average of the values, weighted by how well it matches each key.")


# ================================================================== NLP
@functools.cache
def _postings_test() -> tuple[Any, Any]:
    ns = _ns(_POSTINGS)
    return ns["text_test"], ns["role_test"]


_LINEAR_TEXT_MODELS = (
    "LogisticRegression", "SGDClassifier", "RidgeClassifier", "LinearSVC", "Perceptron",
)


@exercise(
    "p3.nlp.text_classifier",
    title="Classify job postings with TF-IDF and a linear model",
    prompt="Build `text_model`: a pipeline of `TfidfVectorizer()` and "
    "`LogisticRegression(max_iter=1000)`, fitted on `text_train`, `role_train`. It should "
    "classify at least 85% of the test postings correctly.",
    answer="text_model",
    setup=_POSTINGS,
    solution="""\
text_model = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))
text_model.fit(text_train, role_train)""",
    wrong=[
        "text_model = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))",
        "from sklearn.dummy import DummyClassifier\n"
        "text_model = make_pipeline(TfidfVectorizer(), DummyClassifier()).fit(text_train, role_train)",
        "from sklearn.feature_extraction.text import CountVectorizer\n"
        "text_model = make_pipeline(CountVectorizer(), LogisticRegression(max_iter=1000))"
        ".fit(text_train, role_train)",
    ],
    hints=[
        "A model needs numbers, so the pipeline's first step turns each text into a vector of "
        "word weights and the second learns from those vectors.",
        "`make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))` builds it; fit it "
        "like any model, on the texts and their labels.",
        "`text_model = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))"
        ".fit(text_train, role_train)`",
    ],
)
def text_classifier(answer):
    from sklearn.feature_extraction.text import TfidfVectorizer

    checks.estimator(answer, steps=[TfidfVectorizer], must_be_fitted=False, name="text_model")
    final = answer.steps[-1][1]
    if type(final).__name__ not in _LINEAR_TEXT_MODELS:
        raise Incorrect(f"text_model should end in a linear classifier such as LogisticRegression, "
                        f"not {type(final).__name__}")
    if not checks.fitted(answer):
        raise Incorrect("text_model is not fitted yet: call `.fit(text_train, role_train)` on it")
    text_test, role_test = _postings_test()
    score = checks.estimator(answer, score_on=(text_test, role_test), min_score=0.85,
                             name="text_model")
    return (f"{score:.0%} of unseen postings labelled correctly, from word weights alone. "
            "TF-IDF down-weights words every posting uses (\"skills\", \"python\") and "
            "up-weights the telling ones.")


@functools.cache
def _top_words_expected() -> dict[str, Any]:
    import numpy as np

    ns = _ns(_TOP_WORDS)
    words, clf = ns["words"], ns["classifier"]
    top, bottom = {}, {}
    for role, coefs in zip(clf.classes_, clf.coef_):
        order = np.argsort(coefs)
        top[str(role)] = [str(w) for w in words[order[::-1][:5]]]
        bottom[str(role)] = [str(w) for w in words[order[:5]]]
    return {"top": top, "bottom": bottom}


@exercise(
    "p3.nlp.top_words",
    title="The most telling words for each role",
    prompt="`classifier.coef_` has one row of word weights per class (in the order of "
    "`classifier.classes_`), and `words` names the columns. Set `top_words` to a dictionary "
    "mapping each role to a list of its 5 words with the *largest* coefficients, largest first.",
    answer="top_words",
    setup=_TOP_WORDS,
    solution="""\
top_words = {}
for role, coefs in zip(classifier.classes_, classifier.coef_):
    largest_first = np.argsort(coefs)[::-1]
    top_words[role] = list(words[largest_first[:5]])""",
    wrong=[
        """\
top_words = {}
for role, coefs in zip(classifier.classes_, classifier.coef_):
    top_words[role] = list(words[np.argsort(coefs)[:5]])""",
        """\
top_words = {}
for role, coefs in zip(classifier.classes_, classifier.coef_):
    top_words[role] = list(words[:5])""",
    ],
    hints=[
        "Loop over `zip(classifier.classes_, classifier.coef_)`: each pass gives a role and its "
        "row of coefficients, one per word.",
        "`np.argsort(coefs)` gives the positions that sort the coefficients from smallest to "
        "largest; reverse it with `[::-1]` for largest first, and index `words` with the first 5.",
        "`top_words[role] = list(words[np.argsort(coefs)[::-1][:5]])`",
    ],
)
def top_words(answer):
    expected = _top_words_expected()
    roles = list(expected["top"])
    checks.expect_type(answer, dict, "a dictionary {role: [words]}")
    checks.same_set([str(k) for k in answer.keys()], roles, "the keys of top_words")
    given = {str(k): v for k, v in answer.items()}
    for role in roles:
        value = given[role]
        if isinstance(value, str) or not hasattr(value, "__iter__"):
            raise Incorrect(f"top_words[{role!r}] should be a list of 5 words, got "
                            f"{checks.type_name(value)}")
        got = [str(w) for w in value]
        if len(got) != 5:
            raise Incorrect(f"top_words[{role!r}] has {len(got)} words; keep the top 5")
        if set(got) == set(expected["bottom"][role]):
            raise Incorrect(f"top_words[{role!r}] holds the words with the *smallest* "
                            "coefficients, the ones that count against that role: sort from the "
                            "largest")
        if got != expected["top"][role]:
            if set(got) == set(expected["top"][role]):
                raise Incorrect(f"top_words[{role!r}] has the right words in the wrong order: "
                                "largest coefficient first")
            wrong = len(set(got) - set(expected["top"][role]))
            raise Incorrect(f"{wrong} of the words in top_words[{role!r}] are not among its 5 "
                            "largest coefficients")
    sample = expected["top"].get("data_engineer", next(iter(expected["top"].values())))
    return (f"the model's reasons are readable: data_engineer leans on {', '.join(sample[:3])}. "
            "Reading coefficients like this is how you catch a model that learned a shortcut.")


# ================================================================== feature engineering
def _components(estimator: Any) -> list[Any]:
    """Every estimator nested in a Pipeline / ColumnTransformer, the container included."""
    found = [estimator]
    for attr in ("steps", "transformers"):
        for entry in getattr(estimator, attr, None) or []:
            if isinstance(entry, tuple) and len(entry) >= 2 and not isinstance(entry[1], str):
                found.extend(_components(entry[1]))
    return found


@functools.cache
def _penguin_test() -> tuple[Any, Any, list[str]]:
    ns = _ns(_PENGUINS)
    return ns["p_test"], ns["species_test"], ns["categorical"]


@exercise(
    "p3.features.preprocess_pipeline",
    title="A ColumnTransformer inside a Pipeline",
    prompt="Build `penguin_model`: a Pipeline whose first step is a ColumnTransformer that imputes "
    "and scales the `numeric` columns and imputes and one-hot encodes the `categorical` ones, and "
    "whose last step is `LogisticRegression(max_iter=1000)`. Fit it on `p_train`, "
    "`species_train`.",
    answer="penguin_model",
    setup=_PENGUINS,
    solution="""\
preprocess = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
    ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                          OneHotEncoder(handle_unknown="ignore")), categorical),
])
penguin_model = Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])
penguin_model.fit(p_train, species_train)""",
    wrong=[
        """\
preprocess = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
])
penguin_model = Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])
penguin_model.fit(p_train, species_train)""",
        """\
preprocess = ColumnTransformer([
    ("num", SimpleImputer(strategy="median"), numeric),
    ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                          OneHotEncoder(handle_unknown="ignore")), categorical),
])
penguin_model = Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])
penguin_model.fit(p_train, species_train)""",
        """\
preprocess = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
    ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                          OneHotEncoder(handle_unknown="ignore")), categorical),
])
penguin_model = Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])""",
    ],
    hints=[
        "A ColumnTransformer takes a list of (name, transformer, columns) triples; each "
        "transformer can itself be a small pipeline, e.g. `make_pipeline(SimpleImputer(...), "
        "StandardScaler())`.",
        "Numbers: `SimpleImputer(strategy=\"median\")` then `StandardScaler()`. Categories: "
        "`SimpleImputer(strategy=\"most_frequent\")` then `OneHotEncoder(handle_unknown=\"ignore\")`.",
        "`Pipeline([(\"preprocess\", ColumnTransformer([(\"num\", ..., numeric), (\"cat\", ..., "
        "categorical)])), (\"model\", LogisticRegression(max_iter=1000))])`, then `.fit(p_train, "
        "species_train)`.",
    ],
)
def preprocess_pipeline(answer):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    checks.expect_type(answer, Pipeline, "a scikit-learn Pipeline")
    checks.estimator(answer, kind=LogisticRegression, steps=[ColumnTransformer],
                     must_be_fitted=False, name="penguin_model")
    parts = _components(answer)
    for needed, why in ((SimpleImputer, "the data has missing values: impute them"),
                        (StandardScaler, "scale the numeric columns (StandardScaler) so no "
                                         "measurement dominates by its units"),
                        (OneHotEncoder, "the categorical columns (island, sex) are left out or "
                                        "not encoded: one-hot encode them")):
        if not any(isinstance(p, needed) for p in parts):
            raise Incorrect(f"penguin_model has no {needed.__name__}: {why}")
    if not checks.fitted(answer):
        raise Incorrect("penguin_model is not fitted yet: call `.fit(p_train, species_train)`")
    p_test, species_test, categorical = _penguin_test()
    score = checks.estimator(answer, score_on=(p_test, species_test), min_score=0.95,
                             name="penguin_model")
    return (f"{score:.1%} on the test penguins, missing values included: the imputers learned "
            "their fill values from the training rows only, so nothing leaked from the test set.")


@functools.cache
def _importance_expected(split: str) -> tuple[Any, Any]:
    """Mean and standard deviation of the permutation importances on the test or train split."""
    import pandas as pd
    from sklearn.inspection import permutation_importance

    ns = _ns(_IMPORTANCE)
    columns = list(ns["p_test"].columns)
    X, y = (ns["p_test"], ns["species_test"]) if split == "test" else (ns["p_train"], ns["species_train"])
    result = permutation_importance(ns["species_model"], X, y, n_repeats=10, random_state=0)
    return (pd.Series(result.importances_mean, index=columns),
            pd.Series(result.importances_std, index=columns))


@exercise(
    "p3.features.permutation_importance",
    title="Which features does the model rely on?",
    prompt="Run `permutation_importance` on `species_model` with the *test* data, `n_repeats=10` "
    "and `random_state=0`. Set `importance` to a pandas Series of the mean importances, indexed "
    "by column name and sorted from most to least important.",
    answer="importance",
    setup=_IMPORTANCE,
    solution="""\
result = permutation_importance(species_model, p_test, species_test, n_repeats=10, random_state=0)
importance = pd.Series(result.importances_mean, index=p_test.columns).sort_values(ascending=False)""",
    wrong=[
        """\
result = permutation_importance(species_model, p_test, species_test, n_repeats=10, random_state=0)
importance = pd.Series(result.importances_mean, index=p_test.columns)""",
        """\
result = permutation_importance(species_model, p_test, species_test, n_repeats=10, random_state=0)
importance = pd.Series(result.importances_std, index=p_test.columns).sort_values(ascending=False)""",
        """\
result = permutation_importance(species_model, p_train, species_train, n_repeats=10, random_state=0)
importance = pd.Series(result.importances_mean, index=p_train.columns).sort_values(ascending=False)""",
    ],
    hints=[
        "`permutation_importance(model, X, y, n_repeats=..., random_state=...)` shuffles one "
        "column at a time and measures how much the score drops.",
        "Its result has `.importances_mean`, one number per column of `p_test`; wrap them in "
        "`pd.Series(..., index=p_test.columns)`.",
        "Finish with `.sort_values(ascending=False)` so the most important feature comes first.",
    ],
)
def permutation_importance(answer):
    want, want_std = _importance_expected("test")
    import pandas as pd

    checks.expect_type(answer, pd.Series, "a pandas Series")
    checks.same_set([str(i) for i in answer.index], list(want.index), "the labels of importance")
    got = answer.copy()
    got.index = [str(i) for i in got.index]
    try:
        values = got.reindex(want.index).astype(float)
    except (TypeError, ValueError):
        raise Incorrect("importance should hold numbers, one per feature") from None
    if _close_series(values, want_std):
        raise Incorrect("these are the standard deviations of the importances; use importances_mean")
    if not _close_series(values, want) and _close_series(values, _importance_expected("train")[0]):
        raise Incorrect("these importances are measured on the training data; use p_test and "
                        "species_test, so they say what matters for unseen penguins")
    checks.series(got, want, "importance")
    if not got.is_monotonic_decreasing:
        raise Incorrect("the values are right but not sorted: most important first "
                        "(sort_values(ascending=False))")
    top = want.idxmax()
    return (f"shuffling {top} costs the model {want[top] * 100:.0f} points of accuracy, far more "
            "than any other column; features near zero add little the others do not already carry.")


def _close_series(a: Any, b: Any) -> bool:
    import numpy as np

    return bool(np.allclose(a.to_numpy(dtype=float), b.to_numpy(dtype=float), rtol=1e-6, atol=1e-9))


# ================================================================== model evaluation
@functools.cache
def _evaluation_expected() -> dict[str, float]:
    from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score

    ns = _ns(_EVALUATION)
    y, pred, proba = ns["y_val"], ns["pred"], ns["proba"]
    return {
        "precision": float(precision_score(y, pred)), "recall": float(recall_score(y, pred)),
        "f1": float(f1_score(y, pred)), "roc_auc": float(roc_auc_score(y, proba)),
        "roc_auc_labels": float(roc_auc_score(y, pred)),
        "accuracy": float((y == pred).mean()),
    }


@exercise(
    "p3.evaluation.classification_metrics",
    title="Precision, recall, F1 and ROC AUC",
    prompt="For the validation set, set `val_metrics` to a dictionary with the keys `precision`, "
    "`recall`, `f1` (from the predicted labels `pred`) and `roc_auc` (from the predicted "
    "probabilities `proba`), with malignant (1) as the positive class.",
    answer="val_metrics",
    setup=_EVALUATION,
    solution="""\
val_metrics = {
    "precision": precision_score(y_val, pred),
    "recall": recall_score(y_val, pred),
    "f1": f1_score(y_val, pred),
    "roc_auc": roc_auc_score(y_val, proba),
}""",
    wrong=[
        """\
val_metrics = {
    "precision": precision_score(y_val, pred),
    "recall": recall_score(y_val, pred),
    "f1": f1_score(y_val, pred),
    "roc_auc": roc_auc_score(y_val, pred),
}""",
        """\
val_metrics = {
    "precision": precision_score(pred, y_val),
    "recall": recall_score(pred, y_val),
    "f1": f1_score(y_val, pred),
    "roc_auc": roc_auc_score(y_val, proba),
}""",
    ],
    hints=[
        "Every metric in `sklearn.metrics` takes the true labels first: `metric(y_val, ...)`.",
        "Precision, recall and F1 compare labels (`pred`); ROC AUC ranks scores, so it needs the "
        "probabilities (`proba`).",
        "`{\"precision\": precision_score(y_val, pred), ..., \"roc_auc\": roc_auc_score(y_val, proba)}`",
    ],
)
def classification_metrics(answer):
    expected = _evaluation_expected()
    keys = ["precision", "recall", "f1", "roc_auc"]
    got = _numbers(answer, keys, "val_metrics")
    if _close(got["precision"], expected["recall"]) and _close(got["recall"], expected["precision"]):
        raise Incorrect("precision and recall are swapped: the true labels go first, "
                        "precision_score(y_val, pred)")
    if _close(got["roc_auc"], expected["roc_auc_labels"]):
        raise Incorrect("roc_auc was computed from hard 0/1 labels; ROC AUC ranks the predicted "
                        "probabilities, so pass `proba`")
    for key in keys:
        if _close(got[key], expected["accuracy"]) and not _close(expected[key], expected["accuracy"]):
            raise Incorrect(f"val_metrics[{key!r}] is the accuracy; use the {key} function")
        if not _close(got[key], expected[key]):
            raise Incorrect(f"val_metrics[{key!r}] is not right: check the function, the argument "
                            "order (true labels first) and whether it needs labels or probabilities")
    return (f"precision {expected['precision']:.3f}: when the model says malignant it is nearly "
            f"always right; recall {expected['recall']:.3f}: it still misses a few malignant "
            "tumours. The next exercise moves the threshold to miss fewer.")


@functools.cache
def _threshold_costs() -> dict[str, Any]:
    import numpy as np

    ns = _ns(_THRESHOLD)
    y, proba = np.asarray(ns["y_val"]), np.asarray(ns["proba"])
    fn_cost, fp_cost = ns["COST_FN"], ns["COST_FP"]

    def cost(t: float, w_fn: float = fn_cost) -> float:
        return float(w_fn * np.sum((proba < t) & (y == 1)) + fp_cost * np.sum((proba >= t) & (y == 0)))

    grid = [float(t) for t in ns["thresholds"]]
    best = min(cost(t) for t in grid)
    best_equal = min(cost(t, 1) for t in grid)
    return {"cost": cost, "best": best, "best_equal": best_equal}


@exercise(
    "p3.evaluation.cost_threshold",
    title="Choose a decision threshold from costs",
    prompt="A missed malignant tumour (false negative) costs `COST_FN` = 5, a false alarm (false "
    "positive) costs `COST_FP` = 1. Predict malignant when `proba >= t`. Set `best_threshold` to "
    "the value in `thresholds` with the lowest total cost on the validation set.",
    answer="best_threshold",
    setup=_THRESHOLD,
    solution="""\
def total_cost(t):
    predicted = proba >= t
    false_negatives = np.sum(~predicted & (y_val == 1))
    false_positives = np.sum(predicted & (y_val == 0))
    return COST_FN * false_negatives + COST_FP * false_positives

costs = [total_cost(t) for t in thresholds]
best_threshold = thresholds[np.argmin(costs)]""",
    wrong=[
        "best_threshold = 0.5",
        """\
costs = [np.sum((proba < t) & (y_val == 1)) + np.sum((proba >= t) & (y_val == 0)) for t in thresholds]
best_threshold = thresholds[np.argmin(costs)]""",
        """\
costs = [COST_FN * np.sum((proba < t) & (y_val == 1)) + COST_FP * np.sum((proba >= t) & (y_val == 0))
         for t in thresholds]
best_threshold = thresholds[np.argmax(costs)]""",
    ],
    hints=[
        "For one threshold t: the predictions are `proba >= t`; count the false negatives "
        "(predicted 0, truly 1) and the false positives (predicted 1, truly 0).",
        "Total cost = COST_FN × false negatives + COST_FP × false positives. Compute it for every "
        "t in `thresholds`.",
        "Put the costs in a list and take `thresholds[np.argmin(costs)]`.",
    ],
)
def cost_threshold(answer):
    info = _threshold_costs()
    t = checks.number(answer, "best_threshold")
    if not 0.0 <= t <= 1.0:
        raise Incorrect("a threshold on a probability lies between 0 and 1")
    cost = info["cost"](t)
    if cost <= info["best"]:
        default = info["cost"](0.5)
        return (f"a threshold of {t:g} costs {cost:g} against {default:g} at the default 0.5: "
                "because a miss costs 5 false alarms, the model should flag a tumour on weaker "
                "evidence.")
    if info["cost"](t, w_fn=1) <= info["best_equal"]:
        raise Incorrect(f"a threshold of {t:g} minimises the *number* of errors, treating both "
                        "kinds alike; weigh each false negative by COST_FN")
    raise Incorrect(f"a threshold of {t:g} costs {cost:g} on the validation set; another "
                    "threshold in `thresholds` costs less. Compute the total cost for each one")


@functools.cache
def _curve_expected() -> dict[str, Any]:
    ns = _ns(_CURVE)
    return {"sizes": ns["sizes"], "train": ns["train_scores"].mean(axis=1),
            "val": ns["val_scores"].mean(axis=1)}


@exercise(
    "p3.evaluation.learning_curve",
    title="Plot a learning curve",
    prompt="On `ax`, plot the mean training score and the mean validation score (averaged over "
    "the folds) against `sizes`, as two labelled lines with a legend, and label both axes.",
    answer="fig",
    setup=_CURVE,
    solution="""\
fig, ax = plt.subplots()
ax.plot(sizes, train_scores.mean(axis=1), marker="o", label="training")
ax.plot(sizes, val_scores.mean(axis=1), marker="o", label="validation (cross-validated)")
ax.set_xlabel("training examples")
ax.set_ylabel("accuracy")
ax.set_title("Learning curve: logistic regression on breast cancer")
ax.legend()""",
    wrong=[
        """\
fig, ax = plt.subplots()
ax.plot(sizes, val_scores.mean(axis=1), marker="o", label="validation")
ax.set_xlabel("training examples")
ax.set_ylabel("accuracy")
ax.legend()""",
        """\
fig, ax = plt.subplots()
ax.plot(sizes, train_scores.mean(axis=1), label="training")
ax.plot(sizes, val_scores.mean(axis=1), label="validation")
ax.legend()""",
        """\
fig, ax = plt.subplots()
ax.plot(sizes, train_scores.mean(axis=0)[:5], label="training")
ax.plot(sizes, val_scores.mean(axis=0)[:5], label="validation")
ax.set_xlabel("training examples")
ax.set_ylabel("accuracy")
ax.legend()""",
    ],
    hints=[
        "`train_scores` and `val_scores` have one row per training size and one column per fold; "
        "`.mean(axis=1)` averages across the folds.",
        "Draw each curve with `ax.plot(sizes, ..., label=\"...\")`, then `ax.legend()`, "
        "`ax.set_xlabel(...)` and `ax.set_ylabel(...)`.",
        "`ax.plot(sizes, train_scores.mean(axis=1), label=\"training\")` and the same for "
        "`val_scores` with `label=\"validation\"`.",
    ],
)
def learning_curve(answer):
    import numpy as np

    ax = checks.plot(answer, kind="lines", xlabel=True, ylabel=True, min_series=2,
                     name="the learning curve")
    expected = _curve_expected()
    found = {"train": False, "val": False}
    for line in ax.get_lines():
        try:
            xs = np.asarray(line.get_xdata(), dtype=float)
            ys = np.asarray(line.get_ydata(), dtype=float)
        except (TypeError, ValueError):
            continue
        if xs.shape != expected["sizes"].shape or not np.allclose(xs, expected["sizes"]):
            continue
        for key in found:
            if ys.shape == expected[key].shape and np.allclose(ys, expected[key], rtol=1e-6):
                found[key] = True
    if not found["train"]:
        raise Incorrect("no line shows the mean training score against `sizes`: plot "
                        "train_scores averaged over the folds (axis=1)")
    if not found["val"]:
        raise Incorrect("no line shows the mean validation score against `sizes`: plot "
                        "val_scores averaged over the folds (axis=1)")
    val, gap = expected["val"], expected["train"][-1] - expected["val"][-1]
    return (f"validation accuracy climbs from {val[0]:.3f} to {val[-1]:.3f} and the gap to training "
            f"closes to {gap:.3f}: no sign of overfitting, and the curve only creeps up at the "
            "end, so more data of the same kind would help a little, not a lot.")


# ================================================================== deployment
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
    ],
    hints=[
        "`joblib.dump(model, path)` saves a fitted model; `json.dumps(dictionary)` turns the card "
        "into text you can write with `Path.write_text`.",
        "Library versions: `sklearn.__version__` and `platform.python_version()`; today's date: "
        "`datetime.date.today().isoformat()`.",
        "Build `card = {\"created\": ..., \"data\": \"...\", \"metrics\": metrics, \"versions\": "
        "{\"python\": ..., \"scikit-learn\": ...}}`, write it to `folder / \"model_card.json\"`, "
        "and `return folder`.",
    ],
)
def save_bundle(answer):
    import datetime
    import json
    import platform
    import shutil
    import tempfile
    from pathlib import Path

    import joblib
    import numpy as np
    import sklearn

    model, rows, metrics = _bundle_model()
    folder = Path(tempfile.mkdtemp(prefix="p3-check-bundle-"))
    try:
        result = checks.call(answer, model, dict(metrics), folder, name="save_bundle")
        if not isinstance(result, (str, Path)) or Path(result) != folder:
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
        try:
            created = datetime.date.fromisoformat(str(card["created"])[:10])
        except ValueError:
            raise Incorrect("`created` should be a date in ISO format, like 2025-01-31") from None
        if abs((created - datetime.date.today()).days) > 1:
            raise Incorrect("`created` should be today's date: when the model was saved")
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
    setup=_DEPLOY,
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
    ],
    hints=[
        "`joblib.load(path)` is the mirror of `joblib.dump`: it gives back the fitted pipeline.",
        "The file is `Path(folder) / \"model.joblib\"`; the loaded pipeline predicts like any "
        "other model.",
        "`return joblib.load(Path(folder) / \"model.joblib\").predict(rows)`",
    ],
)
def load_and_predict(answer):
    import shutil
    import tempfile
    from pathlib import Path

    import joblib

    model, rows, _ = _bundle_model()
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
    checks.array(got, model.predict(rows), "the predictions")
    return ("a fresh function, a folder it had never seen, the same predictions: that is the "
            "whole contract a prediction service relies on.")


# ================================================================== experiment tracking
@exercise(
    "p3.tracking.best_run",
    title="Log runs and pick the best one",
    prompt="Log two or three runs of `make_pipeline(StandardScaler(), LogisticRegression(C=..., "
    "max_iter=1000))` with different values of `C`, each with `tracking.log_run(name, {\"C\": C}, "
    "{\"cv_accuracy\": ...})` (the mean accuracy on `folds`). Then read the table with "
    "`tracking.runs()` and set `best_run` to the name of the run with the highest `cv_accuracy`.",
    answer="best_run",
    setup=_TRACKING,
    solution="""\
for C in (0.01, 1.0, 100.0):
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=1000))
    score = cross_val_score(model, X, y, cv=folds).mean()
    tracking.log_run(f"logistic C={C}", {"C": C}, {"cv_accuracy": score})

table = tracking.runs()
best_run = table.loc[table["cv_accuracy"].idxmax(), "name"]""",
    wrong=[
        """\
for C in (0.01, 1.0, 100.0):
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=1000))
    score = cross_val_score(model, X, y, cv=folds).mean()
    tracking.log_run(f"logistic C={C}", {"C": C}, {"cv_accuracy": score})

table = tracking.runs()
best_run = table.loc[table["cv_accuracy"].idxmin(), "name"]""",
        """\
model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))
score = cross_val_score(model, X, y, cv=folds).mean()
tracking.log_run("logistic C=1.0", {"C": 1.0}, {"cv_accuracy": score})
best_run = 'logistic C=1.0'""",
        """\
for C in (0.01, 1.0, 100.0):
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=1000))
    score = cross_val_score(model, X, y, cv=folds).mean()
    tracking.log_run(f"logistic C={C}", {"C": C}, {"cv_accuracy": score})

best_run = tracking.runs().iloc[-1]["name"]""",
    ],
    hints=[
        "Loop over a few values of C; in each pass build the pipeline, score it with "
        "`cross_val_score(model, X, y, cv=folds).mean()`, and call `tracking.log_run(...)`.",
        "`tracking.runs()` returns a DataFrame with one row per run and a `cv_accuracy` column; "
        "`.idxmax()` on that column gives the row of the best run.",
        "`table = tracking.runs()` then `best_run = table.loc[table[\"cv_accuracy\"].idxmax(), "
        "\"name\"]`",
    ],
)
def best_run(answer):
    from ..labs import tracking

    if not isinstance(answer, str):
        raise Incorrect(f"best_run should be the name of a run (a string), got "
                        f"{checks.type_name(answer)}")
    table = tracking.runs()
    if table.empty:
        raise Incorrect("no runs are logged yet: call tracking.log_run(name, params, metrics) "
                        "for each model you try")
    if "cv_accuracy" not in table.columns:
        raise Incorrect("none of your runs logged a `cv_accuracy` metric: pass "
                        "{\"cv_accuracy\": score} as the metrics")
    scored = table.dropna(subset=["cv_accuracy"])
    if scored["name"].nunique() < 2:
        raise Incorrect(f"only {scored['name'].nunique()} run with cv_accuracy is logged: log at "
                        "least two, with different names and settings, to have something to compare")
    if not scored["cv_accuracy"].between(0, 1).all():
        raise Incorrect("some logged cv_accuracy values are outside 0 to 1: log the mean accuracy")
    best = scored["cv_accuracy"].max()
    winners = set(scored.loc[scored["cv_accuracy"] == best, "name"])
    if answer in winners:
        return (f"{answer!r} wins with {best:.3f} over {len(scored)} logged runs. The table "
                "keeps every run you try, so comparisons stay honest.")
    if answer not in set(scored["name"]):
        raise Incorrect(f"no logged run is called {answer!r}: copy the name from tracking.runs()")
    if scored.loc[scored["name"] == answer, "cv_accuracy"].max() == scored["cv_accuracy"].min():
        raise Incorrect(f"{answer!r} has the *lowest* cv_accuracy in the table; pick the highest")
    raise Incorrect(f"{answer!r} is not the run with the highest cv_accuracy in tracking.runs()")


# ================================================================== frameworks and cloud tools
_TOOL_ANSWERS = {
    "tabular_baseline": "scikit-learn", "research_model": "pytorch", "tf_production": "tensorflow",
    "high_level_api": "keras", "compare_runs": "mlflow", "same_environment": "docker",
    "aws_managed": "sagemaker", "gcp_managed": "vertex_ai",
}
_TOOL_NUDGES = {
    "tabular_baseline": "a table of rows and a laptop CPU call for classical models, not deep learning",
    "research_model": "which framework publishes most research code, with eager, Pythonic "
    "custom training loops?",
    "tf_production": "stay with the framework the team's serving and mobile tooling is built on",
    "high_level_api": "which high-level API runs on several backends (multi-backend since version 3)?",
    "compare_runs": "comparing runs and registering models is experiment tracking, not training",
    "same_environment": "the need is to package an environment, not to train or track a model",
    "aws_managed": "the data is in Amazon S3: which managed ML platform is AWS's?",
    "gcp_managed": "BigQuery is Google Cloud: which managed ML platform is Google's?",
}


@exercise(
    "p3.tools.pick_tool",
    title="The right tool for the job",
    prompt="For each key of `scenarios`, pick the best-fitting tool from `tools`. Set `tool_for` to "
    "a dictionary {scenario: tool}.",
    answer="tool_for",
    setup=_TOOLS,
    solution="""\
tool_for = {
    "tabular_baseline": "scikit-learn",
    "research_model": "pytorch",
    "tf_production": "tensorflow",
    "high_level_api": "keras",
    "compare_runs": "mlflow",
    "same_environment": "docker",
    "aws_managed": "sagemaker",
    "gcp_managed": "vertex_ai",
}""",
    wrong=[
        "tool_for = {key: \"pytorch\" for key in scenarios}",
        """\
tool_for = {
    "tabular_baseline": "scikit-learn",
    "research_model": "pytorch",
    "tf_production": "tensorflow",
    "high_level_api": "keras",
    "compare_runs": "mlflow",
    "same_environment": "docker",
    "aws_managed": "vertex_ai",
    "gcp_managed": "sagemaker",
}""",
    ],
    hints=[
        "Read the table above the exercise: each tool has a line on when to pick it.",
        "Three groups: frameworks that train models (scikit-learn, PyTorch, TensorFlow, Keras), "
        "tools around training and shipping (MLflow, Docker), and managed cloud platforms "
        "(SageMaker on AWS, Vertex AI on Google Cloud).",
        "Classical tabular → scikit-learn; research code → PyTorch; TF Serving → TensorFlow; "
        "multi-backend layers → Keras; runs → MLflow; same environment → Docker; S3 → SageMaker; "
        "BigQuery → Vertex AI.",
    ],
)
def pick_tool(answer):
    options = sorted(set(_TOOL_ANSWERS.values()))
    checks.expect_type(answer, dict, "a dictionary {scenario: tool}")
    checks.same_set(answer.keys(), _TOOL_ANSWERS.keys(), "the keys of tool_for")
    wrong = []
    for key, want in _TOOL_ANSWERS.items():
        value = answer[key]
        if not isinstance(value, str):
            raise Incorrect(f"tool_for[{key!r}] should be one of the names in `tools`, got "
                            f"{checks.type_name(value)}")
        pick = value.strip().lower().replace("-", "_").replace(" ", "_")
        if pick == "scikit_learn" or pick == "sklearn":
            pick = "scikit-learn"
        if pick not in options:
            raise Incorrect(f"tool_for[{key!r}] is {value!r}, which is not in `tools`")
        if pick != want:
            wrong.append(key)
    if wrong:
        first = wrong[0]
        raise Incorrect(f"{len(wrong)} of {len(_TOOL_ANSWERS)} scenarios have a better fit; "
                        f"start with {first!r}: {_TOOL_NUDGES[first]}")
    return ("eight jobs, eight tools: most teams use several of them together, e.g. scikit-learn "
            "or PyTorch to train, MLflow to track, Docker to ship, a cloud platform to serve.")

