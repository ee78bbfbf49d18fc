"""Phase 3, training craft: the Keras CNN on TensorFlow, exported as a SavedModel and served from its
signature by TensorFlow's own loader (tests/test_training_craft.py serves one in a fresh process)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ..deep._data import held_out_digits
from ._blind_tf import CASES as BLIND
from .tf_data import SETUP as TF_DATA

SETUP = TF_DATA + """\
import tempfile

export_dir = tempfile.mkdtemp(prefix="digits_cnn_")   # a fresh folder in the system's temporary space
train_ds = digits.cache().shuffle(len(Xk), seed=0).batch(128).prefetch(tf.data.AUTOTUNE)
"""

_MODEL = """\
keras.utils.set_random_seed(0)
kmodel = keras.Sequential([
    keras.Input(shape=(8, 8, 1)),
    keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Flatten(),
    keras.layers.Dense(10),
])
kmodel.compile(optimizer=keras.optimizers.Adam(1e-2),
               loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
kmodel.fit(train_ds, epochs=10, verbose=0)
"""

_EXPORT = """\
kmodel.export(export_dir, verbose=False)     # a SavedModel: the graph and the weights, no Python code needed
served = (kmodel, export_dir)"""

_NEED = 0.95
# The served logits against kmodel.predict's: the same graph on the same CPU agrees to ~1e-6; a model
# exported before (or without) training, or another model, differs by whole units.
_ATOL = 1e-4


def _keras_model(model: Any) -> None:
    keras = sys.modules.get("keras")
    if keras is None or not isinstance(model, keras.Model):
        raise Incorrect(f"the first item of served is {checks.type_name(model)}: put the trained Keras model "
                        "there, (kmodel, export_dir)")
    weights = getattr(model, "weights", None) or []
    if not weights:
        raise Incorrect("kmodel has no weights: build it with an Input shape and fit it")
    backend = type(getattr(weights[0], "value", None)).__module__.split(".")[0]
    if backend != "tensorflow":
        raise Incorrect(f"kmodel's weights are {backend} tensors: Keras runs on the {backend} backend here. "
                        f"Set "
                        "os.environ['KERAS_BACKEND'] = 'tensorflow' before the first `import keras` (restart "
                        "the kernel, then run the setup cell first)")


def _folder(export_dir: Any) -> Path:
    if not isinstance(export_dir, str | os.PathLike):
        raise Incorrect(f"the second item of served is {checks.type_name(export_dir)}: the folder (a path) "
                        "you exported to")
    path = Path(export_dir)
    if path.is_file() or path.suffix in {".keras", ".h5"}:
        raise Incorrect(f"{path.name} is a Keras file, read only by Keras: export a SavedModel folder with "
                        "kmodel.export(export_dir), which TensorFlow Serving (or any TensorFlow) loads")
    if not (path / "saved_model.pb").is_file():
        raise Incorrect(f"there is no SavedModel in {checks.short(str(path), 60)} (no saved_model.pb): "
                        "kmodel.export(export_dir) writes one")
    return path


@exercise(
    "p3.craft.tf_export",
    title="Train on TensorFlow, export a SavedModel, serve it elsewhere",
    prompt="With Keras on the TensorFlow backend, build and train `kmodel`, the CNN of 03b (images "
    "(n, 8, 8, 1) in, 10 scores out), on `train_ds`, then export it as a SavedModel into the folder "
    "`export_dir`. Set `served = (kmodel, export_dir)`. The check loads the SavedModel with TensorFlow's "
    "own loader, `tf.saved_model.load` (no Keras, none of your code), calls its `serving_default` "
    "signature on the 450 held-out digits and on a single image, and needs the same scores as "
    "`kmodel.predict` and at least 95 % right.",
    answer="served",
    setup=SETUP,
    solution=_MODEL + _EXPORT,
    right=[
        """\
keras.utils.set_random_seed(1)
inputs = keras.Input(shape=(8, 8, 1))
x = keras.layers.Conv2D(32, 3, activation="relu", padding="same")(inputs)
x = keras.layers.MaxPooling2D()(x)
x = keras.layers.Flatten()(x)
outputs = keras.layers.Dense(10, activation="softmax")(x)          # probabilities: also 10 scores
kmodel = keras.Model(inputs, outputs)
kmodel.compile(optimizer=keras.optimizers.Adam(5e-3), loss="sparse_categorical_crossentropy")
kmodel.fit(train_ds, epochs=12, verbose=0)
kmodel.export(export_dir, format="tf_saved_model", verbose=False)
served = (kmodel, export_dir)""",
    ] + BLIND["p3.craft.tf_export"]["right"],
    wrong=[
        _MODEL.replace("kmodel.fit(train_ds, epochs=10, verbose=0)\n", "") + _EXPORT,
        _MODEL + """\
archive = keras.export.ExportArchive()
archive.track(kmodel)
archive.add_endpoint("serving_default", kmodel.call,
                     input_signature=[tf.TensorSpec(shape=(128, 8, 8, 1), dtype=tf.float32)])
archive.write_out(export_dir, verbose=False)
served = (kmodel, export_dir)""",
        _MODEL.replace("epochs=10", "epochs=1") + _EXPORT,
    ] + BLIND["p3.craft.tf_export"]["wrong"],
    hints=[
        "The setup cell already put Keras on TensorFlow (KERAS_BACKEND must be set before the first "
        "`import keras` of the process). The model, compile and fit are those of 03b; `fit` takes the "
        "tf.data pipeline directly.",
        "Keras 3 models have an `export` method whose default format is TensorFlow's SavedModel, with a "
        "`serving_default` signature that takes a batch of any size.",
        "Export after training: the SavedModel holds the weights as they are at that moment.",
    ],
)
def tf_export(answer):
    import numpy as np

    from ....labs import keras_backends

    if not (isinstance(answer, tuple | list) and len(answer) == 2):
        raise Incorrect(f"served is {checks.type_name(answer)}: set it to the pair (kmodel, export_dir)")
    model, export_dir = answer
    _keras_model(model)
    folder = _folder(export_dir)
    X, y = held_out_digits()
    X = X.transpose(0, 2, 3, 1)
    try:  # what kmodel.predict computes, called eagerly: no predict function to trace, so milliseconds
        local = np.asarray(model(X, training=False), dtype="float64")
    except Exception as exc:
        raise Incorrect(f"kmodel failed on images (450, 8, 8, 1): {type(exc).__name__}: "
                        f"{checks.short(str(exc), 200)}") from None
    score = float((local.argmax(1) == y).mean())
    if local.shape == (len(X), 10) and score < _NEED:  # known before the SavedModel is loaded
        raise Incorrect(f"kmodel reads {score:.1%} of the 450 held-out digits; it needs at least "
                        f"{_NEED:.0%}: "
                        "train it longer (or at a higher learning rate) before exporting")
    try:
        full, one = keras_backends.serve_here(folder, X)
    except RuntimeError as exc:
        raise Incorrect(f"served from {folder.name}: {exc}. kmodel.export(export_dir) writes a "
                        "'serving_default' signature that takes a batch of any size") from None
    return _judge(local, full, one, y)


def _judge(local: Any, full: Any, one: Any, y: Any) -> str:
    import numpy as np

    if full.shape != local.shape or one.shape != (1, local.shape[1]):
        raise Incorrect(f"the served signature returns shape {full.shape} for 450 images and {one.shape} for "
                        f"one; kmodel.predict gives {local.shape}")
    gap = float(np.abs(full - local).max())
    if gap > _ATOL:
        raise Incorrect(f"the served model's scores differ from kmodel.predict's by up to {gap:.2g}: export "
                        "after training, and export kmodel itself")
    if float(np.abs(one[0] - full[0]).max()) > _ATOL:
        raise Incorrect("served alone, the first image gets other scores than in the batch of 450")
    score = float((full.argmax(1) == y).mean())
    if score < _NEED:
        raise Incorrect(f"served, the model reads {score:.1%} of the 450 held-out digits; it needs at least "
                        f"{_NEED:.0%}: train it longer before exporting")
    return (f"loaded by tf.saved_model.load and served from its signature, with no Keras code, the model "
            f"reads {score:.1%} of the held-out digits, with kmodel's own "
            f"scores" + (" exactly." if gap == 0 else f" to {gap:.0e}."))
