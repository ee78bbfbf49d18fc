"""Phase 2, data-science foundations: model validation and leakage."""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import MEASUREMENTS, SEX_DATA, _penguins


@cache
def _split_reference() -> Any:
    from sklearn.model_selection import train_test_split

    df = _penguins().dropna()
    X, y = df[MEASUREMENTS], df["sex"]
    return X, y, train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)


@exercise(
    "p2.validation.split",
    title="A stratified, reproducible train/test split",
    prompt="Set `split` to the result of `train_test_split(X, y, ...)`, holding out 25% of the "
    "penguins for testing, stratified by `y`, with `random_state=42`.",
    answer="split",
    setup="from sklearn.model_selection import train_test_split\n" + SEX_DATA,
    solution="split = train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)",
    wrong=[
        "split = train_test_split(X, y, test_size=0.25, random_state=42)",
        "split = train_test_split(X, y, test_size=0.2, stratify=y, random_state=42)",
        "split = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)",
        "split = train_test_split(y, X, test_size=0.25, stratify=y, random_state=42)",
        "split = train_test_split(X, y, test_size=0.75, stratify=y, random_state=42)",
        "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, "
        "random_state=42)\nsplit = (X_train, y_train, X_test, y_test)",
    ],
    right=[
        "split = train_test_split(X, y, train_size=0.75, stratify=y, random_state=42, shuffle=True)",
        "X_train, X_test, y_train, y_test = train_test_split(\n    X, y, test_size=0.25, "
        "random_state=42, stratify=y\n)\nsplit = (X_train, X_test, y_train, y_test)",
    ],
    hints=[
        "`train_test_split(X, y, ...)` returns four pieces: X_train, X_test, y_train, y_test.",
        "`test_size=0.25` holds out a quarter; `stratify=y` keeps the share of each sex the "
        "same in both parts.",
        "Three keyword arguments after X and y: the share held out, the labels to stratify by, "
        "and the seed.",
    ],
)
def split(answer):
    import pandas as pd

    X, y, reference = _split_reference()
    checks.expect_type(answer, (list, tuple), "the list of four parts train_test_split returns")
    if len(answer) != 4:
        raise Incorrect(f"split has {len(answer)} parts; train_test_split(X, y) returns 4: "
                        "X_train, X_test, y_train, y_test")
    X_train, X_test, y_train, y_test = answer
    parts = (("X_train", X_train, pd.DataFrame, "a pandas DataFrame"),
             ("X_test", X_test, pd.DataFrame, "a pandas DataFrame"),
             ("y_train", y_train, pd.Series, "a pandas Series"),
             ("y_test", y_test, pd.Series, "a pandas Series"))
    for position, (label, part, kind, what) in enumerate(parts, start=1):
        if not isinstance(part, kind):
            raise Incorrect(f"part {position} of split ({label}) should be {what}, got "
                            f"{checks.type_name(part)}: pass X then y")
    if len(X_test) != len(reference[1]) or len(X_train) != len(reference[0]):
        raise Incorrect(f"the test part has {len(X_test)} of {len(X)} rows: hold out 25%")
    if not (X_test.index.equals(y_test.index) and X_train.index.equals(y_train.index)):
        raise Incorrect("X and y rows no longer line up: split them in the same call")
    shares = y_test.value_counts(normalize=True)
    want = y.value_counts(normalize=True)
    if (shares.reindex(want.index).fillna(0) - want).abs().max() > 1 / len(y_test):
        raise Incorrect("the share of each sex in y_test differs from the whole data: "
                        "stratify the split by y")
    if set(X_test.index) != set(reference[1].index):
        raise Incorrect("the right sizes and proportions, but other rows than the ones asked "
                        "for: fix the seed with random_state=42 so the split is reproducible")
    return (f"{len(X_train)} penguins to learn from, {len(X_test)} kept aside; the same split "
            "every time you run it.")


@cache
def _cv_reference() -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    df = _penguins().dropna()
    model = make_pipeline(StandardScaler(), LogisticRegression())
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    return cross_val_score(model, df[MEASUREMENTS], df["sex"], cv=cv)


@exercise(
    "p2.validation.cross_val",
    title="Stratified k-fold cross-validation with a pipeline",
    prompt="Set `scores` to the 5 accuracies of `cross_val_score` for `StandardScaler` followed "
    "by `LogisticRegression` on `X`, `y`, with `StratifiedKFold(n_splits=5, shuffle=True, "
    "random_state=0)`. Build the two as one pipeline so the scaler is fitted inside each "
    "training fold: here the leak would be too small to change a score, but the next exercise "
    "shows one that is not.",
    answer="scores",
    setup="from sklearn.linear_model import LogisticRegression\n"
    "from sklearn.model_selection import StratifiedKFold, cross_val_score\n"
    "from sklearn.pipeline import make_pipeline\n"
    "from sklearn.preprocessing import StandardScaler\n" + SEX_DATA,
    solution="""
model = make_pipeline(StandardScaler(), LogisticRegression())
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
scores = cross_val_score(model, X, y, cv=cv)
""",
    wrong=[
        """
model = make_pipeline(StandardScaler(), LogisticRegression())
scores = cross_val_score(model, X, y, cv=5)
""",
        """
model = make_pipeline(StandardScaler(), LogisticRegression())
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
scores = cross_val_score(model, X, y, cv=cv).mean()
""",
        """
model = make_pipeline(StandardScaler(), LogisticRegression())
cv = StratifiedKFold(n_splits=10, shuffle=True, random_state=0)
scores = cross_val_score(model, X, y, cv=cv)
""",
        """
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
scores = cross_val_score(LogisticRegression(), X, y, cv=cv)
""",
        """
from sklearn.model_selection import KFold

model = make_pipeline(StandardScaler(), LogisticRegression())
scores = cross_val_score(model, X, y, cv=KFold(n_splits=5, shuffle=True, random_state=0))
""",
    ],
    right=[
        """
from sklearn.model_selection import cross_validate
from sklearn.pipeline import Pipeline

model = Pipeline([("scale", StandardScaler()), ("classify", LogisticRegression(max_iter=1000))])
folds = StratifiedKFold(5, shuffle=True, random_state=0)
scores = list(cross_validate(model, X, y, cv=folds, scoring="accuracy")["test_score"])
""",
    ],
    hints=[
        "Build the model as one pipeline, so the scaler is refitted on the training part of "
        "every fold.",
        "`make_pipeline` chains the scaler and the classifier into one model; the folds are the "
        "`StratifiedKFold` the question spells out.",
        "`cross_val_score` takes the model, X, y and the folds as `cv=`, and returns one "
        "accuracy per fold.",
    ],
)
def cross_val(answer):
    import numpy as np

    expected = _cv_reference()
    if isinstance(answer, (float, np.floating)):
        raise Incorrect("scores is a single number: keep all five fold scores (the mean comes "
                        "later)")
    checks.expect_type(answer, (np.ndarray, list, tuple), "an array of fold scores")
    got = np.asarray(answer, dtype=float) if _all_numbers(answer) else None
    if got is None or got.ndim != 1:
        raise Incorrect("scores should be a flat array of numbers, one per fold")
    if len(got) != len(expected):
        raise Incorrect(f"scores has {len(got)} folds; the question asks for 5")
    if not np.allclose(got, expected, rtol=1e-9):
        for other, why in _cv_mistakes():
            if np.allclose(got, other, rtol=1e-9):
                raise Incorrect(why)
        raise Incorrect("five scores, but not those asked for: the scaler and logistic "
                        "regression pipeline, scored on the shuffled stratified folds (random_state=0)")
    return (f"accuracy {got.mean():.3f} ± {got.std():.3f} over 5 folds: report the spread too, "
            "it shows how much one split's score can move.")


@cache
def _cv_mistakes() -> list[tuple[Any, str]]:
    """The fold scores of recognised mistakes, and what to say about each."""
    import warnings

    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    df = _penguins().dropna()
    X, y = df[MEASUREMENTS], df["sex"]
    model = make_pipeline(StandardScaler(), LogisticRegression())
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        unscaled = cross_val_score(LogisticRegression(), X, y, cv=folds)
    return [
        (cross_val_score(model, X, y, cv=5), "those are the folds of `cv=5`, which are not "
         "shuffled: pass the StratifiedKFold the question gives"),
        (cross_val_score(model, X, y, cv=KFold(5, shuffle=True, random_state=0)), "those folds "
         "are not stratified: use StratifiedKFold"),
        (unscaled, "those scores come from a model without the StandardScaler step"),
    ]


def _all_numbers(answer: Any) -> bool:
    import numpy as np

    try:
        got = np.asarray(answer, dtype=float)
    except Exception:
        return False
    return bool(np.isfinite(got).all())


@cache
def _leakage_reference() -> tuple[float, float]:
    import numpy as np
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline

    rng = np.random.default_rng(0)
    X_noise = rng.normal(size=(100, 5000))
    y_noise = np.repeat([0, 1], 50)
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    selected = SelectKBest(f_classif, k=20).fit_transform(X_noise, y_noise)
    leaky = cross_val_score(LogisticRegression(), selected, y_noise, cv=cv).mean()
    model = make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression())
    honest = cross_val_score(model, X_noise, y_noise, cv=cv).mean()
    return float(leaky), float(honest)


LEAKAGE_SETUP = """
import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline

rng = np.random.default_rng(0)
X_noise = rng.normal(size=(100, 5000))   # 100 samples, 5000 features of pure noise
y_noise = np.repeat([0, 1], 50)          # labels with no relation to X_noise
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
"""


@exercise(
    "p2.validation.leakage",
    title="Leakage: feature selection inside the pipeline",
    prompt="Set `honest_score` to the mean cross-validated accuracy (with `cv`) of a pipeline "
    "that first keeps the 20 best features (`SelectKBest(f_classif, k=20)`) and then fits a "
    "`LogisticRegression`, so the selection only ever sees the training folds.",
    answer="honest_score",
    setup=LEAKAGE_SETUP,
    solution="""
honest_model = make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression())
honest_score = cross_val_score(honest_model, X_noise, y_noise, cv=cv).mean()
""",
    wrong=[
        """
X_selected = SelectKBest(f_classif, k=20).fit_transform(X_noise, y_noise)
honest_score = cross_val_score(LogisticRegression(), X_selected, y_noise, cv=cv).mean()
""",
        """
honest_score = cross_val_score(LogisticRegression(), X_noise, y_noise, cv=cv).mean()
""",
        """
honest_model = make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression())
honest_score = cross_val_score(honest_model, X_noise, y_noise, cv=cv)
""",
        """
honest_model = make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression())
honest_score = cross_val_score(honest_model, X_noise, y_noise, cv=5).mean()
""",
        """
selector = SelectKBest(f_classif, k=20).fit(X_noise, y_noise)
honest_model = make_pipeline(selector, LogisticRegression())
honest_score = cross_val_score(honest_model, selector.transform(X_noise), y_noise, cv=cv).mean()
""",
    ],
    right=[
        """
from sklearn.model_selection import cross_validate
from sklearn.pipeline import Pipeline

model = Pipeline([("select", SelectKBest(score_func=f_classif, k=20)), ("fit", LogisticRegression())])
honest_score = float(np.mean(cross_validate(model, X_noise, y_noise, cv=cv)["test_score"]))
""",
    ],
    hints=[
        "Every step that learns from data, selection included, must be fitted on the training "
        "folds only: put it in the pipeline.",
        "`make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression())` is the model; "
        "cross-validate it on the full `X_noise`.",
        "Cross-validate that pipeline on the full `X_noise` with the given `cv`, and average the "
        "five fold scores.",
    ],
)
def leakage(answer):
    import numpy as np

    if isinstance(answer, (np.ndarray, list, tuple)):
        raise Incorrect("honest_score holds several fold scores: take their mean")
    value = checks.number(answer, "honest_score")
    leaky, honest = _leakage_reference()
    if abs(value - leaky) < 0.05 or value > 0.8:
        raise Incorrect(f"{value:.2f} on pure noise is too good to be true: the features were "
                        "chosen while looking at the test folds. Put SelectKBest inside the "
                        "pipeline")
    if math.isclose(value, honest, abs_tol=1e-9):
        return (f"{value:.2f}, about chance, as it must be on noise; selecting on all the data "
                f"first claimed {leaky:.2f}. The leak was the selection, not the model.")
    raise Incorrect(f"{value:.2f} is not the score of the pipeline asked for: SelectKBest"
                    "(f_classif, k=20) then LogisticRegression, scored with `cv`")
