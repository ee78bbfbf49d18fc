"""Phase 3, deep learning: the digit CNN again in Keras 3, on whichever backend is installed."""

from __future__ import annotations

from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._data import held_out_digits

SETUP = """\
import os
import sys

if "google.colab" not in sys.modules:                # Colab keeps its default backend (TensorFlow)
    os.environ.setdefault("KERAS_BACKEND", "torch")  # before the first `import keras`
import keras
import numpy as np

from pathway.labs import deep

deep.threads()
Xk, yk = deep.digits_images()
Xk = Xk.transpose(0, 2, 3, 1)                    # Keras wants channels last: (1347, 8, 8, 1)
"""

_MODEL = """\
keras.utils.set_random_seed(0)                   # seeds Python, NumPy and the backend at once
kmodel = keras.Sequential([
    keras.Input(shape=(8, 8, 1)),
    keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Flatten(),
    keras.layers.Dense(10),                      # logits, as in PyTorch
])
kmodel.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-2),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
"""

_FIT = """\
kmodel.fit(
    Xk, yk, epochs=12, batch_size=128, validation_split=0.15, verbose=0,
    callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)],
)"""


def _keras() -> Any:
    import os
    import sys

    if "google.colab" not in sys.modules:
        os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    return keras


def _layers(model: Any, depth: int = 0) -> list[Any]:
    found = []
    for layer in getattr(model, "layers", []) or []:
        found.append(layer)
        if depth < 4:
            found += _layers(layer, depth + 1)
    return found


@exercise(
    "p3.deep.keras_cnn",
    title="The CNN again, in Keras",
    prompt="Build `kmodel`, a Keras 3 model with at least one `Conv2D` layer that maps images "
    "(n, 8, 8, 1) to 10 class scores, compile it and `fit` it on `Xk`, `yk` with a validation split "
    "and an `EarlyStopping` callback on the validation loss. It must read at least 95 % of the 450 "
    "held-out digits the check keeps.",
    answer="kmodel",
    setup=SETUP,
    solution=_MODEL + _FIT,
    right=[
        """\
keras.utils.set_random_seed(1)
inputs = keras.Input(shape=(8, 8, 1))
x = keras.layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)
x = keras.layers.MaxPooling2D(2)(x)
x = keras.layers.Conv2D(32, 3, activation="relu", padding="same")(x)
x = keras.layers.Flatten()(keras.layers.MaxPooling2D(2)(x))
outputs = keras.layers.Dense(10, activation="softmax")(x)     # probabilities instead of logits
kmodel = keras.Model(inputs, outputs)                  # the functional API: same layers, wired by hand
kmodel.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy")
kmodel.fit(Xk, yk, epochs=12, batch_size=128, validation_split=0.2, verbose=0,
           callbacks=[keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)])""",
    ],
    wrong=[
        _MODEL.replace("""    keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
""", "") + _FIT,
        _MODEL,
        _MODEL + _FIT.replace("validation_split=0.15, ", "")
        .replace('monitor="val_loss"', 'monitor="loss"'),
    ],
    hints=[
        "The layers are the PyTorch ones under other names: Conv2D, MaxPooling2D, Flatten, Dense. "
        "Start the list with `keras.Input(shape=(8, 8, 1))`.",
        "`compile` takes the optimizer, the loss (SparseCategoricalCrossentropy for integer labels; "
        "`from_logits=True` if the last layer has no softmax) and metrics; `fit` runs the loop.",
        "`fit(..., validation_split=0.15, callbacks=[keras.callbacks.EarlyStopping(patience=2, "
        "restore_best_weights=True)])` keeps the last 15 % for validation and stops on its loss; "
        "batches of 128 and about a dozen epochs at a learning rate of 1e-2 are enough.",
    ],
)
def keras_cnn(answer):
    import numpy as np


    keras = _keras()
    if not isinstance(answer, keras.Model):
        raise Incorrect(f"expected kmodel to be a Keras model, got {checks.type_name(answer)}")
    if not any(isinstance(layer, keras.layers.Conv2D) for layer in _layers(answer)):
        raise Incorrect("kmodel has no Conv2D layer: this is the CNN again, with convolutions")
    history = getattr(getattr(answer, "history", None), "history", None)
    if not isinstance(history, dict) or not history.get("loss"):
        raise Incorrect("kmodel has not been trained: call kmodel.fit(...) after compile")
    if "val_loss" not in history:
        raise Incorrect("kmodel.fit ran without validation data: pass validation_split (and let "
                        "EarlyStopping watch val_loss)")
    X, y = held_out_digits()
    try:
        scores = np.asarray(answer.predict(X.transpose(0, 2, 3, 1), verbose=0, batch_size=256))
    except Exception as exc:
        raise Incorrect(f"kmodel.predict failed on images (450, 8, 8, 1): {type(exc).__name__}: "
                        f"{checks.short(str(exc), 200)}") from None
    if scores.shape != (len(X), 10):
        raise Incorrect(f"kmodel predicts shape {scores.shape} for 450 images: expected (450, 10)")
    score = float((scores.argmax(1) == y).mean())
    if score < 0.95:
        raise Incorrect(f"kmodel reads {score:.1%} of the 450 held-out digits; it needs at least 95%. "
                        "More epochs or patience, or a higher learning rate?")
    epochs = len(history["loss"])
    return (f"{score:.1%} of the held-out digits after {epochs} epochs, watched by a validation split "
            f"(backend: {keras.backend.backend()}). compile/fit wrote the loop you wrote by hand in PyTorch.")
