"""Phase 3, deep learning: the digit CNN again in Keras 3, on whichever backend is installed."""

from __future__ import annotations

from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._blind_models import blind
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
    Xk, yk, epochs=40, batch_size=128, validation_split=0.15, verbose=0,
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


def _stopped_on_val_loss(val_losses: list[float]) -> int | None:
    """The best epoch if a patience on val_loss stops exactly where the run stopped, else None."""
    best_epoch = min(range(len(val_losses)), key=val_losses.__getitem__)
    patience = len(val_losses) - 1 - best_epoch
    if patience < 1:
        return None
    best, wait = float("inf"), 0
    for epoch, value in enumerate(val_losses):
        best, wait = (value, 0) if value < best else (best, wait + 1)
        if wait >= patience:
            return best_epoch if epoch == len(val_losses) - 1 else None
    return None


def _validated_on_training_rows(model: Any, val_losses: list[float], best_epoch: int) -> bool:
    """True when the model's loss on all of Xk is a validation loss it reported (restored or last)."""
    from ....labs import deep

    Xk, yk = deep.digits_images()
    try:
        result = model.evaluate(Xk.transpose(0, 2, 3, 1), yk, verbose=0, batch_size=512)
    except Exception:
        return False
    loss = float(result[0] if isinstance(result, list | tuple) else result)
    return any(abs(loss - val_losses[i]) <= 1e-4 * max(1.0, abs(loss)) for i in (best_epoch, -1))


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
kmodel.fit(Xk, yk, epochs=40, batch_size=128, validation_split=0.2, verbose=0,
           callbacks=[keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)])""",
    ] + blind("p3.deep.keras_cnn", "right"),
    wrong=[
        _MODEL.replace("""    keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
""", "") + _FIT,
        _MODEL,
        _MODEL + _FIT.replace("validation_split=0.15, ", "")
        .replace('monitor="val_loss"', 'monitor="loss"'),
    ] + blind("p3.deep.keras_cnn", "wrong"),
    hints=[
        "The layers are the PyTorch ones under other names: Conv2D, MaxPooling2D, Flatten, Dense. "
        "Start the list with `keras.Input(shape=(8, 8, 1))`.",
        "`compile` takes the optimizer, the loss (SparseCategoricalCrossentropy for integer labels; "
        "`from_logits=True` if the last layer has no softmax) and metrics; `fit` runs the loop.",
        "`fit(..., validation_split=0.15, callbacks=[keras.callbacks.EarlyStopping(patience=2, "
        "restore_best_weights=True)])` keeps the last 15 % for validation and stops on its loss; "
        "batches of 128 and up to 40 epochs at a learning rate of 1e-2 are enough.",
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
    val_losses = [float(v) for v in history["val_loss"]]
    epochs, planned = len(val_losses), int((getattr(answer.history, "params", {}) or {}).get("epochs", 0))
    if not getattr(answer, "stop_training", False) or epochs >= planned:
        raise Incorrect(f"kmodel trained all {epochs} epochs it was given and nothing stopped it: pass "
                        "callbacks=[keras.callbacks.EarlyStopping(monitor='val_loss', patience=...)] and "
                        "enough epochs (e.g. 40) for it to stop when the validation loss stops improving")
    best_epoch = _stopped_on_val_loss(val_losses)
    if best_epoch is None:
        raise Incorrect(f"kmodel stopped after {epochs} epochs, but not where a watch on the validation "
                        "loss stops: EarlyStopping must monitor 'val_loss' (not 'loss' or 'val_accuracy')")
    if _validated_on_training_rows(answer, val_losses, best_epoch):
        raise Incorrect("kmodel's validation loss equals its loss on all of Xk: it was validated on the "
                        "rows it trained on. Use validation_split (or hold rows out of the training set)")
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
    return (f"{score:.1%} of the held-out digits; EarlyStopping stopped at epoch {epochs} of {planned}, "
            f"{epochs - 1 - best_epoch} after the best validation loss "
            f"(backend: {keras.backend.backend()}). compile/fit wrote the loop you wrote by hand in PyTorch.")
