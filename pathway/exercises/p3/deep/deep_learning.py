"""Phase 3, deep learning (notebook 03b), its opening: a network in scikit-learn, a layer and
attention in NumPy."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from .._shared import _NUMPY
from ._blind_models import blind
from ._data import held_out_digits

# The notebook's digits: the training part of labs.deep's fixed split, flattened to 64 pixels.
# The 450 held-out images never reach the notebook; the check scores on them.
_DIGITS = """\
import numpy as np
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from pathway.labs import deep

images, yd_train = deep.digits_images()          # (1347, 1, 8, 8) pixels in [0, 1], labels 0-9
Xd_train = images.reshape(len(images), -1)       # 64 pixel columns per image
"""


@functools.cache
def _digits_split() -> tuple[Any, Any]:

    X, y = held_out_digits()
    return X.reshape(len(X), -1), y


@exercise(
    "p3.deep.mlp_digits",
    title="A neural network that reads handwritten digits",
    prompt="Build `mlp`: a pipeline of StandardScaler and an MLPClassifier with a fixed "
    "`random_state` (for example `hidden_layer_sizes=(64,), max_iter=300, random_state=0`), fitted "
    "on `Xd_train`, `yd_train`. It must read at least 95 % of the 450 held-out digits the check keeps.",
    answer="mlp",
    setup=_DIGITS,
    solution="""\
mlp = make_pipeline(
    StandardScaler(),
    MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=0),
).fit(Xd_train, yd_train)""",
    right=[
        "mlp = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(96,), early_stopping=True, "
        "max_iter=300, random_state=2)).fit(Xd_train, yd_train)",
        "from sklearn.preprocessing import MinMaxScaler\n\n"
        "mlp = make_pipeline(MinMaxScaler(), MLPClassifier(hidden_layer_sizes=(48,), "
        "max_iter=200, random_state=1)).fit(Xd_train, yd_train)",
    ] + blind("p3.deep.mlp_digits", "right"),
    wrong=[
        "mlp = make_pipeline(StandardScaler(), "
        "MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=0))",
        "mlp = make_pipeline(StandardScaler(), "
        "MLPClassifier(hidden_layer_sizes=(64,), max_iter=300)).fit(Xd_train, yd_train)",
        "mlp = make_pipeline(StandardScaler(), "
        "MLPClassifier(hidden_layer_sizes=(2,), max_iter=300, random_state=0)).fit(Xd_train, yd_train)",
        "from sklearn.linear_model import LogisticRegression\n"
        "mlp = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(Xd_train, yd_train)",
        "from sklearn.datasets import load_digits\n"
        "every = load_digits()\n"
        "mlp = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, "
        "random_state=0)).fit(every.data / 16.0, every.target)",
        "mlp = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, "
        "random_state=0)).fit(Xd_train[:1000], yd_train[:1000])",
    ] + blind("p3.deep.mlp_digits", "wrong"),
    hints=[
        "`make_pipeline(step1, step2)` chains a scaler and a model; a pipeline is fitted like a "
        "model, with `.fit(X, y)`.",
        "The network is `MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=0)`: "
        "one hidden layer of 64 units, and a fixed seed for its random starting weights.",
        "Put the scaler first and the network second in one pipeline, then fit that pipeline on "
        "the training images and labels (`Xd_train`, `yd_train`) only.",
    ],
)
def mlp_digits(answer):
    from sklearn.neural_network import MLPClassifier

    X_test, y_test = _digits_split()
    checks.estimator(answer, kind=MLPClassifier, must_be_fitted=False, name="mlp")
    if not checks.fitted(answer):
        raise Incorrect("mlp is not fitted yet: call `.fit(Xd_train, yd_train)` on it")
    steps = [step for _, step in getattr(answer, "steps", [])]
    if not any(type(step).__module__.startswith("sklearn.preprocessing") for step in steps[:-1]):
        raise Incorrect("mlp is not a pipeline with a scaler before the network: build it with "
                        "make_pipeline(StandardScaler(), MLPClassifier(...)), since a network learns "
                        "badly from unscaled pixels")
    final = steps[-1]
    if not isinstance(final.random_state, int):
        raise Incorrect("set random_state on the MLPClassifier: its starting weights are random, "
                        "so without a seed every run gives a different network")
    _trained_on_training_rows(answer, final)
    score = checks.estimator(answer, score_on=(X_test, y_test), min_score=0.95, name="mlp")
    return (f"{score:.1%} of 450 unseen digits read correctly by a network with one hidden layer "
            f"({final.coefs_[0].size + final.coefs_[1].size} weights), trained in seconds on a CPU.")


TRAINING_ROWS = 1347  # the notebook's Xd_train: the held-out 450 are the check's


def _trained_on_training_rows(pipeline: Any, network: Any) -> None:
    """Rows, not the score: every fitted step saw exactly the 1,347 training images.

    A scaler records `n_samples_seen_`; Adam and SGD count the samples they stepped through
    (`t_`, epochs times rows), so a network fitted on more rows (the held-out images added from
    scikit-learn's own copy of the data) or on fewer is told so.
    """
    import math
    import numbers

    steps = [s for _, s in getattr(pipeline, "steps", [])] or [pipeline]
    for step in steps:
        seen = getattr(step, "n_samples_seen_", None)
        if isinstance(seen, numbers.Real) and int(round(float(seen))) != TRAINING_ROWS:
            raise Incorrect(f"{type(step).__name__} was fitted on {float(seen):.0f} rows; fit the "
                            f"pipeline on Xd_train, the {TRAINING_ROWS} training images, and on nothing else")
    t, epochs = getattr(network, "t_", None), getattr(network, "n_iter_", None)
    rows = TRAINING_ROWS
    if getattr(network, "early_stopping", False):  # it keeps a share of the rows to validate on
        rows -= math.ceil(float(network.validation_fraction) * TRAINING_ROWS)
    if getattr(network, "solver", "") in ("adam", "sgd") and isinstance(epochs, numbers.Integral) \
            and epochs > 0 and isinstance(t, numbers.Real) and round(t / epochs) != rows:
        raise Incorrect(f"the network stepped through {round(t / epochs)} rows per epoch; fit it on "
                        f"Xd_train, the {TRAINING_ROWS} training images, and on nothing else")


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
    right=[
        "def dense_relu(x, W, b):\n    return np.clip(np.dot(x, W) + b, 0.0, None)",
        "def dense_relu(x, W, b):\n    z = np.einsum('ni,io->no', x, W) + b\n    return z * (z > 0)",
    ] + blind("p3.deep.dense_relu", "right"),
    wrong=[
        "def dense_relu(x, W, b):\n    return x @ W + b",
        "def dense_relu(x, W, b):\n    return np.maximum(0.0, x) @ W + b",
        "def dense_relu(x, W, b):\n    return np.maximum(0.0, x @ W)",
        "def dense_relu(x, W, b):\n    return np.maximum(0.0, W.T @ x.T + b)",
    ] + blind("p3.deep.dense_relu", "wrong"),
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
    right=[
        """\
from scipy.special import softmax

def attention(Q, K, V):
    return softmax(Q @ K.T / np.sqrt(K.shape[1]), axis=1) @ V""",
        """\
def attention(Q, K, V):
    scores = np.einsum("qd,kd->qk", Q, K) / np.sqrt(Q.shape[-1])
    scores -= scores.max(axis=1, keepdims=True)
    weights = np.exp(scores)
    return (weights / weights.sum(axis=1)[:, None]) @ V""",
    ] + blind("p3.deep.attention", "right"),
    wrong=[
        """\
def attention(Q, K, V):
    scores = Q @ K.T / np.sqrt(Q.shape[-1])
    return scores @ V""",
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
    ] + blind("p3.deep.attention", "wrong"),
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
