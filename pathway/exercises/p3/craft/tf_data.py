"""Phase 3, training craft: TensorFlow's input pipeline, tf.data (cache, shuffle, batch, prefetch)."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ..deep import _torch
from ..deep._data import held_out_digits
from ._blind_tf import CASES as BLIND

# The notebook's cell that brings in TensorFlow and Keras on the TensorFlow backend.
TF = """\
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")   # quiet TensorFlow's C++ start-up notices
import numpy as np
import tensorflow as tf

from pathway.labs import deep, keras_backends

keras = keras_backends.keras_on("tensorflow")        # KERAS_BACKEND=tensorflow, before Keras loads
keras_backends.tf_threads()                           # one CPU thread, as deep.threads() for torch
"""

SETUP = TF + """\
Xk, yk = deep.digits_images()
Xk = Xk.transpose(0, 2, 3, 1)                         # channels last, as Keras wants: (1347, 8, 8, 1)
digits = tf.data.Dataset.from_tensor_slices((Xk, yk))
"""

_PIPELINE = """\
def make_pipeline(ds, batch_size, training, seed=0):
    ds = ds.cache()                                    # the first epoch reads; later ones replay memory
    if training:
        ds = ds.shuffle(ds.cardinality(), seed=seed)   # a buffer as big as the data; new order each epoch
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)  # prepare the next batch while one trains"""

_N, _BATCH = 50, 8  # 50 images in batches of 8: six full batches and one of 2


@functools.cache
def _images() -> tuple[Any, Any]:
    """50 distinct held-out digits, channels last (the notebook never had them)."""

    X, y = held_out_digits()
    X = X.transpose(0, 2, 3, 1)
    seen, rows = set(), []
    for i, image in enumerate(X):
        if image.tobytes() not in seen:
            seen.add(image.tobytes())
            rows.append(i)
    return X[rows[:_N]], y[rows[:_N]]


def _source(reads: list[int]) -> Any:
    """The images as a tf.data.Dataset of (image, label) whose every read of an element is counted."""
    import tensorflow as tf

    X, y = _images()

    def tick(label: Any) -> Any:
        reads[0] += 1
        return label

    @tf.autograph.experimental.do_not_convert
    def counted(image: Any, label: Any) -> tuple[Any, Any]:
        return image, tf.ensure_shape(tf.py_function(tick, [label], label.dtype), [])

    return tf.data.Dataset.from_tensor_slices((X, y)).map(counted)


def _read(pipeline: Any, what: str) -> list[tuple[Any, Any]]:
    import numpy as np

    batches = []
    try:
        for batch in pipeline:
            xb, yb = (np.asarray(t) for t in batch)
            batches.append((xb, yb))
    except Exception as exc:
        raise Incorrect(f"reading {what} failed: {type(exc).__name__}: "
                        f"{checks.short(str(exc), 200)}") from None
    return batches


def _rows(batches: list[tuple[Any, Any]], what: str) -> list[int]:
    """Which source image each element is, checking the values and labels came through unchanged."""
    X, y = _images()
    index = {image.tobytes(): i for i, image in enumerate(X)}
    rows = []
    for xb, yb in batches:
        if xb.ndim != 4 or xb.shape[1:] != X.shape[1:]:
            raise Incorrect(f"{what} yields image batches of shape {xb.shape}: expected (batch, 8, 8, 1), "
                            "(images, labels) pairs batched")
        for image, label in zip(xb, yb):
            i = index.get(image.astype(X.dtype).tobytes())
            if i is None or int(label) != int(y[i]):
                raise Incorrect(f"{what} changed the images or their labels: the pipeline only reads, "
                                "orders and groups them")
            rows.append(i)
    return rows


def _pipeline(answer: Any, training: bool) -> tuple[Any, list[int]]:
    reads = [0]
    with _torch.time_limit(20, "make_pipeline"):
        pipeline = checks.returns(answer, _source(reads), _BATCH, training, 7, name="make_pipeline")
    if not hasattr(pipeline, "element_spec") or not callable(getattr(pipeline, "__iter__", None)):
        raise Incorrect(f"make_pipeline returned {checks.type_name(pipeline)}: return the tf.data.Dataset")
    return pipeline, reads


def _epochs(pipeline: Any, n: int, what: str) -> list[list[tuple[Any, Any]]]:
    import itertools

    epochs = []
    for _ in range(n):
        batches = _read(itertools.islice(pipeline, 3 * _N), what)
        if len(batches) >= 3 * _N:
            raise Incorrect(f"{what} never ends: leave out .repeat() (Keras's fit starts each epoch anew)")
        epochs.append(batches)
    return epochs


def _sizes(epoch: list[tuple[Any, Any]], what: str) -> None:
    sizes = [len(yb) for _, yb in epoch]
    want = [_BATCH] * (_N // _BATCH) + [_N % _BATCH]
    if sizes == want[:-1]:
        raise Incorrect(f"{what} dropped the last, smaller batch: {_N % _BATCH} images are never seen "
                        "(drop_remainder=True); keep it")
    if sizes != want:
        raise Incorrect(f"{what} yields batches of {sizes} for {_N} images and batch_size={_BATCH}: "
                        f"expected {want}")


def _prefetched(pipeline: Any, what: str) -> None:
    if not type(pipeline).__name__.endswith("PrefetchDataset"):
        raise Incorrect(f"{what} does not end with .prefetch(...): without it the model waits while each "
                        "next batch is prepared")


@exercise(
    "p3.craft.tf_pipeline",
    title="A tf.data input pipeline",
    prompt="Complete `make_pipeline(ds, batch_size, training, seed=0)`: `ds` is a `tf.data.Dataset` of "
    "(image, label) pairs whose reading is slow. Return a dataset of (images, labels) batches of "
    "`batch_size` (keep the last, smaller batch) that reads each element from `ds` only once however "
    "many epochs run (cache), prepares the next batch while the model trains on the current one "
    "(prefetch, as the last step), and, when `training` is true, shuffles the whole dataset with "
    "`seed`, in a new order every epoch. When `training` is false it keeps the order. The check feeds "
    "it a dataset of its own and counts the reads.",
    answer="make_pipeline",
    setup=SETUP,
    solution=_PIPELINE,
    right=[
        """\
def make_pipeline(ds, batch_size, training, seed=0):
    n = int(ds.cardinality())
    if training:
        pipeline = ds.cache().shuffle(buffer_size=n, seed=seed, reshuffle_each_iteration=True)
    else:
        pipeline = ds.cache()
    pipeline = pipeline.batch(batch_size, drop_remainder=False)
    return pipeline.prefetch(2)""",
        """\
def make_pipeline(ds, batch_size, training, seed=0):
    cached = ds.cache()
    n = sum(1 for _ in cached)          # one pass counts the elements and fills the cache
    ordered = cached.shuffle(n, seed=seed) if training else cached
    return ordered.batch(batch_size).prefetch(buffer_size=tf.data.AUTOTUNE)""",
    ] + BLIND["p3.craft.tf_pipeline"]["right"],
    wrong=[
        _PIPELINE.replace("    ds = ds.cache()                                    # the first epoch reads; "
                          "later ones "
                          "replay memory\n", "")
        .replace(".batch(batch_size)", ".cache().batch(batch_size)"),
        _PIPELINE.replace("ds.shuffle(ds.cardinality(), seed=seed)", "ds.batch(batch_size).shuffle(100, "
                                                                     "seed=seed)")
        .replace("return ds.batch(batch_size).prefetch", "return (ds if training else "
                                                         "ds.batch(batch_size)).prefetch"),
        _PIPELINE.replace("ds.shuffle(ds.cardinality(), seed=seed)", "ds.shuffle(10, seed=seed)"),
        _PIPELINE.replace("    ds = ds.cache()                                    # the first epoch reads; "
                          "later ones "
                          "replay memory\n", ""),
        _PIPELINE.replace(".batch(batch_size)", ".batch(batch_size, drop_remainder=True)"),
        _PIPELINE.replace("    if training:\n        ds = "
                          "ds.shuffle", "    if True:\n        ds = ds.shuffle"),
        _PIPELINE.replace(".batch(batch_size).prefetch(tf.data.AUTOTUNE)",
                          ".prefetch(tf.data.AUTOTUNE).batch(batch_size)"),
        _PIPELINE.replace("seed=seed)", "seed=seed, reshuffle_each_iteration=False)"),
    ] + BLIND["p3.craft.tf_pipeline"]["wrong"],
    hints=[
        "A tf.data.Dataset is a chain of steps: `ds.cache()`, `ds.shuffle(buffer_size, seed=...)`, "
        "`ds.batch(n)`, `ds.prefetch(tf.data.AUTOTUNE)` each return a new dataset.",
        "The order of the chain matters. Cache the elements before shuffling (or every epoch replays "
        "the first epoch's order), shuffle single elements before batching (or the same groups come "
        "round every epoch), prefetch last.",
        "`shuffle` draws from a buffer of `buffer_size` elements: only a buffer as large as the dataset "
        "(`ds.cardinality()`) mixes the first images with the last.",
    ],
)
def tf_pipeline(answer):
    train, reads = _pipeline(answer, True)
    epochs = _epochs(train, 3, "the training pipeline")
    for epoch in epochs:
        _sizes(epoch, "the training pipeline")
    orders = [_rows(epoch, "the training pipeline") for epoch in epochs]
    for rows in orders:
        if sorted(rows) != list(range(_N)):
            raise Incorrect(f"an epoch of the training pipeline yields {len(set(rows))} different images of "
                            f"{_N}: each image once per epoch")
    if reads[0] > _N:
        raise Incorrect(f"three epochs read the slow source {reads[0]} times for {_N} images: cache the "
                        "elements, so that only the first epoch reads them")
    if orders[0] == list(range(_N)):
        raise Incorrect("the training pipeline keeps the images in their order: shuffle when training")
    groups = [sorted(tuple(sorted(_rows([b], "the training pipeline"))) for b in epoch) for epoch in epochs]
    if orders[0] == orders[1] == orders[2]:
        raise Incorrect("every epoch comes in the same order: the shuffle must run anew each epoch (cache "
                        "before shuffling; keep reshuffle_each_iteration on)")
    if groups[0] == groups[1] == groups[2]:
        raise Incorrect("every epoch the same images come together in a batch, only the batches' order "
                        "changes: shuffle the single elements, before batching")
    if all(max(rows[:_BATCH]) < _N // 2 for rows in orders):
        raise Incorrect("in every epoch the first batch holds only images from the first half of the data: "
                        "the shuffle buffer is too small to mix them; make it as large as the dataset")
    _prefetched(train, "the training pipeline")
    test, reads = _pipeline(answer, False)
    for epoch in _epochs(test, 2, "the evaluation pipeline"):
        _sizes(epoch, "the evaluation pipeline")
        if _rows(epoch, "the evaluation pipeline") != list(range(_N)):
            raise Incorrect("the evaluation pipeline (training=False) changes the order: keep it, so that "
                            "predictions line up with the labels")
    if reads[0] > _N:
        raise Incorrect("the evaluation pipeline reads the source again every epoch: cache it too")
    _prefetched(test, "the evaluation pipeline")
    return ("each image read once over three epochs, a full new shuffle each epoch, whole batches plus the "
            "last small one, and the next batch prepared while one trains. `model.fit(pipeline)` takes "
            "it as it is.")
