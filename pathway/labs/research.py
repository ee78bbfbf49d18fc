"""Comparing two classifiers honestly: the corrected resampled t-test and McNemar's test.

Scores from repeated k-fold cross-validation are not independent (the training sets overlap), so
the ordinary paired t-test overstates significance. Nadeau and Bengio (2003, *Machine Learning*
52: 239-281) correct the variance by the factor `1/J + n_test/n_train` (J scores). McNemar's test
compares two classifiers' paired predictions on one test set. Everything here is deterministic:
the datasets are scikit-learn's bundled ones and every split has a fixed seed.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

DATASETS = ("breast_cancer", "wine", "iris", "digits")
MODELS = ("logistic_regression", "k_nearest_neighbors", "decision_tree")
CANDIDATE = "logistic_regression"
N_SPLITS = 5
N_REPEATS = 5
SEED = 0


@dataclass(frozen=True)
class TestResult:
    """A test statistic, its two-sided p-value and (for t-tests) the degrees of freedom."""

    statistic: float
    pvalue: float
    df: int | None = None

    __test__ = False  # not a pytest test class, despite the name

    def __str__(self) -> str:
        df = f", {self.df} degrees of freedom" if self.df is not None else ""
        return f"statistic {self.statistic:.3f}, p-value {self.pvalue:.4f}{df}"


# ------------------------------------------------------------------ t-tests on resampled scores
def _differences(scores_a: Any, scores_b: Any) -> np.ndarray:
    import numpy as np

    a = np.asarray(scores_a, dtype=float).ravel()
    b = np.asarray(scores_b, dtype=float).ravel()
    if a.shape != b.shape:
        raise ValueError(f"paired scores need the same length: got {a.size} and {b.size}")
    if a.size < 2:
        raise ValueError("a t-test needs at least two paired scores")
    return b - a


def corrected_t_statistic(differences: Any, n_train: int, n_test: int) -> float:
    """Nadeau and Bengio's t: mean difference over sqrt((1/J + n_test/n_train) * sample variance).

    `differences` are the J per-split score differences; the sample variance uses J - 1. With
    `n_test = 0` this is the ordinary paired t statistic. Zero variance gives 0 for a zero mean,
    otherwise plus or minus infinity.
    """
    import numpy as np

    d = np.asarray(differences, dtype=float).ravel()
    if d.size < 2:
        raise ValueError("a t-test needs at least two paired scores")
    if n_train <= 0 or n_test < 0:
        raise ValueError("n_train must be positive and n_test not negative")
    mean = float(d.mean())
    variance = float(d.var(ddof=1))
    scale = math.sqrt((1 / d.size + n_test / n_train) * variance)
    if scale == 0:
        return 0.0 if mean == 0 else math.copysign(math.inf, mean)
    return mean / scale


def corrected_resampled_ttest(scores_a: Any, scores_b: Any, n_train: int, n_test: int) -> TestResult:
    """The corrected resampled t-test of `scores_b - scores_a` (two-sided, J - 1 degrees of freedom)."""
    from scipy import stats

    d = _differences(scores_a, scores_b)
    t = corrected_t_statistic(d, n_train, n_test)
    df = d.size - 1
    return TestResult(t, float(2 * stats.t.sf(abs(t), df)), df)


def paired_ttest(scores_a: Any, scores_b: Any) -> TestResult:
    """The naive paired t-test, as if the resampled scores were independent (it is not valid here)."""
    return corrected_resampled_ttest(scores_a, scores_b, n_train=1, n_test=0)


# ------------------------------------------------------------------ McNemar's test
def mcnemar_counts(y_true: Any, pred_a: Any, pred_b: Any) -> tuple[int, int]:
    """The discordant pairs: (b, c) = (A right and B wrong, A wrong and B right)."""
    import numpy as np

    y, a, b = (np.asarray(v).ravel() for v in (y_true, pred_a, pred_b))
    if not (y.shape == a.shape == b.shape):
        raise ValueError("y_true and both predictions need the same length")
    a_right, b_right = a == y, b == y
    return int(np.sum(a_right & ~b_right)), int(np.sum(~a_right & b_right))


def mcnemar_chi2(b: int, c: int) -> float:
    """McNemar's chi-square statistic with Edwards' continuity correction: (|b - c| - 1)^2 / (b + c)."""
    if b < 0 or c < 0:
        raise ValueError("counts cannot be negative")
    if b + c == 0:
        return 0.0
    return (abs(b - c) - 1) ** 2 / (b + c)


def mcnemar(b: int, c: int, *, exact: bool = True) -> TestResult:
    """McNemar's test on the discordant counts: exact binomial (default) or chi-square, two-sided.

    The exact test asks whether `min(b, c)` is unusually small for Binomial(b + c, 1/2); use it
    when b + c is small (a common rule: below 25). The chi-square version has one degree of freedom.
    """
    from scipy import stats

    if b < 0 or c < 0:
        raise ValueError("counts cannot be negative")
    n = b + c
    if n == 0:
        return TestResult(0.0, 1.0, None)
    if exact:
        k = min(b, c)
        return TestResult(float(k), float(min(1.0, 2 * stats.binom.cdf(k, n, 0.5))), None)
    statistic = mcnemar_chi2(b, c)
    return TestResult(statistic, float(stats.chi2.sf(statistic, 1)), 1)


# ------------------------------------------------------------------ the benchmark
def load(name: str) -> tuple[np.ndarray, np.ndarray]:
    """One of scikit-learn's bundled datasets (nothing is downloaded)."""
    from sklearn import datasets

    loaders = {
        "breast_cancer": datasets.load_breast_cancer, "wine": datasets.load_wine,
        "iris": datasets.load_iris, "digits": datasets.load_digits,
    }
    if name not in loaders:
        raise ValueError(f"unknown dataset {name!r}; choose from {', '.join(loaders)}")
    X, y = loaders[name](return_X_y=True)
    return X, y


def model(name: str) -> Any:
    """A fresh, seeded scikit-learn model by name (see MODELS)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    makers = {
        "logistic_regression": lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)),
        "k_nearest_neighbors": lambda: make_pipeline(StandardScaler(), KNeighborsClassifier()),
        "decision_tree": lambda: DecisionTreeClassifier(random_state=SEED),
    }
    if name not in makers:
        raise ValueError(f"unknown model {name!r}; choose from {', '.join(makers)}")
    return makers[name]()


def split_sizes(n_samples: int, n_splits: int = N_SPLITS) -> tuple[int, int]:
    """(n_train, n_test) of one k-fold split, for the correction factor (n_test/n_train)."""
    n_test = n_samples // n_splits
    return n_samples - n_test, n_test


def cv_scores(
    model_name: str, dataset: str, *, n_splits: int = N_SPLITS, n_repeats: int = N_REPEATS,
    seed: int = SEED,
) -> np.ndarray:
    """Accuracy on each of `n_repeats x n_splits` stratified folds; the same folds for every model."""
    return _cv_scores(model_name, dataset, n_splits, n_repeats, seed).copy()


@functools.cache
def _cv_scores(model_name: str, dataset: str, n_splits: int, n_repeats: int, seed: int) -> np.ndarray:
    from sklearn.model_selection import RepeatedStratifiedKFold, cross_val_score
    from threadpoolctl import threadpool_limits

    X, y = load(dataset)
    folds = RepeatedStratifiedKFold(n_splits=n_splits, n_repeats=n_repeats, random_state=seed)
    with threadpool_limits(limits=1):  # small fits: threads only add overhead on a laptop
        return cross_val_score(model(model_name), X, y, cv=folds, scoring="accuracy")


def claims(
    candidate: str = CANDIDATE, baselines: Sequence[str] | None = None,
    datasets: Sequence[str] = DATASETS,
) -> pd.DataFrame:
    """A 'paper's' results table: the candidate against each baseline on each dataset.

    One row per (dataset, baseline): both mean accuracies, the improvement, and the two-sided
    p-values of the naive paired t-test and of the corrected resampled t-test on the same scores.
    """
    import pandas as pd

    baselines = [m for m in MODELS if m != candidate] if baselines is None else list(baselines)
    rows = []
    for dataset in datasets:
        n_train, n_test = split_sizes(len(load(dataset)[1]))
        ours = cv_scores(candidate, dataset)
        for baseline in baselines:
            theirs = cv_scores(baseline, dataset)
            rows.append({
                "dataset": dataset, "baseline": baseline,
                "baseline_accuracy": float(theirs.mean()), "candidate_accuracy": float(ours.mean()),
                "improvement": float(ours.mean() - theirs.mean()),
                "p_naive": paired_ttest(theirs, ours).pvalue,
                "p_corrected": corrected_resampled_ttest(theirs, ours, n_train, n_test).pvalue,
            })
    return pd.DataFrame(rows)


def holdout_predictions(
    dataset: str = "breast_cancer", model_a: str = "decision_tree",
    model_b: str = CANDIDATE, *, test_size: float = 0.3, seed: int = SEED,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(y_test, predictions of A, predictions of B) on one stratified, seeded hold-out split."""
    from sklearn.model_selection import train_test_split
    from threadpoolctl import threadpool_limits

    X, y = load(dataset)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, stratify=y, random_state=seed
    )
    with threadpool_limits(limits=1):
        pred_a = model(model_a).fit(X_train, y_train).predict(X_test)
        pred_b = model(model_b).fit(X_train, y_train).predict(X_test)
    return y_test, pred_a, pred_b
