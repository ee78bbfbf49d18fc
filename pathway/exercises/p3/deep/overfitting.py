"""Phase 3, deep learning in PyTorch: overfitting, a validation split and early stopping."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from . import _torch
from ._blind_models import blind
from ._torch import TORCH

SETUP = TORCH + """\
X_all, y_all = (torch.as_tensor(a) for a in deep.digits_images())
X_few, y_few = X_all[:120].flatten(1), y_all[:120]          # few rows: easy to overfit
X_val, y_val = X_all[900:].flatten(1), y_all[900:]          # the validation split
patience, max_epochs = 5, 80
"""

_RUN = """\
import copy

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 10))
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_fn = nn.CrossEntropyLoss()
train_losses, val_losses = [], []
best_loss, best_epoch, best_state = float("inf"), 0, None
for epoch in range(max_epochs):
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(X_few), y_few)       # 120 rows: one full batch per epoch
    loss.backward()
    optimizer.step()
    model.eval()
    with torch.no_grad():
        val_loss = loss_fn(model(X_val), y_val).item()
    train_losses.append(loss.item())
    val_losses.append(val_loss)
    if val_loss < best_loss:                  # strictly better: a new best
        best_loss, best_epoch = val_loss, epoch
        best_state = copy.deepcopy(model.state_dict())
    elif epoch - best_epoch >= patience:      # `patience` epochs in a row without a new best
        break
model.load_state_dict(best_state)             # back to the best epoch's weights
run = {"val_losses": val_losses, "best_epoch": best_epoch, "model": model}

import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(train_losses, label="training loss")
ax.plot(val_losses, label="validation loss")
ax.axvline(best_epoch, color="grey", linestyle="--", label=f"best epoch ({best_epoch})")
ax.set_xlabel("epoch")
ax.legend()
"""


_STOP = ("    elif epoch - best_epoch >= patience:      # `patience` epochs in a row without a new best\n"
         "        break\n")
_RESTORE = "model.load_state_dict(best_state)             # back to the best epoch's weights\n"


def _stop_index(curve: Sequence[float], patience: int, max_epochs: int) -> tuple[int, int]:
    """(best epoch, last epoch run) under the stated rule, replayed on a recorded curve."""
    best, best_epoch = math.inf, 0
    for epoch, value in enumerate(curve):
        if value < best:
            best, best_epoch = value, epoch
        elif epoch - best_epoch >= patience:
            return best_epoch, epoch
    return best_epoch, min(len(curve), max_epochs) - 1


def _val_loss(model: Any, rows: slice = slice(900, None)) -> float:
    """Mean cross-entropy of the model on the notebook's rows (X_val by default)."""
    import torch

    from ....labs import deep

    X, y = deep.digits_images()
    X, y = torch.as_tensor(X[rows]).flatten(1), torch.as_tensor(y[rows])
    out = _torch.outputs(model, X, name="run['model']", classes=10)
    return float(torch.nn.functional.cross_entropy(out, y))


def _few_loss(model: Any) -> float:
    return _val_loss(model, slice(None, 120))


def _same_loss(a: float, b: float) -> bool:
    """Equal up to float32 summing order (a mean of batch means is off by about 1e-4)."""
    return abs(a - b) <= 2e-5 * max(abs(a), abs(b)) + 1e-7


@exercise(
    "p3.deep.early_stopping",
    title="Early stopping on the validation loss",
    prompt="Train a network on the 120 rows `X_few`, `y_few`, recording after every epoch the "
    "validation loss (mean cross-entropy over all of `X_val`, `y_val`, in eval mode). Stop when "
    "`patience` epochs in a row bring no new best (strictly lower) validation loss, or after "
    "`max_epochs`. Set `run` to a dict: `val_losses` (the list, one float per epoch run), "
    "`best_epoch` (0-based index of the best) and `model` (holding the best epoch's weights).",
    answer="run",
    setup=SETUP,
    solution=_RUN,
    right=[
        _RUN.replace(_STOP,
                     "    if len(val_losses) - 1 - best_epoch == patience:\n        break\n")
        .replace("nn.Dropout(0.2), ", "").replace("lr=3e-3)", "lr=3e-3, weight_decay=1e-4)"),
    ] + blind("p3.deep.early_stopping", "right"),
    wrong=[
        _RUN.replace(_RESTORE, ""),
        _RUN.replace('"best_epoch": best_epoch', '"best_epoch": best_epoch + 1'),
        _RUN.replace("    elif epoch - best_epoch >= patience:", "    elif val_loss > val_losses[-2]:"),
    ] + blind("p3.deep.early_stopping", "wrong"),
    hints=[
        "After each epoch: evaluate on the validation split (model.eval() and torch.no_grad()), "
        "append the loss, and remember the best loss, its epoch and a copy of the weights.",
        "Keep a copy with `copy.deepcopy(model.state_dict())` (a plain state_dict() changes as "
        "training goes on). Stop once `epoch - best_epoch >= patience`.",
        "At the end, `model.load_state_dict(best_state)` puts the best weights back.",
    ],
)
def early_stopping(answer):
    if not isinstance(answer, Mapping):
        raise Incorrect(f"expected run to be a dict, got {checks.type_name(answer)}")
    missing = [k for k in ("val_losses", "best_epoch", "model") if k not in answer]
    if missing:
        raise Incorrect(f"run has no {', '.join(repr(k) for k in missing)}")
    curve = answer["val_losses"]
    if isinstance(curve, str) or not isinstance(curve, Sequence) or len(curve) < 2:
        raise Incorrect("run['val_losses'] should be a list with one validation loss per epoch")
    if not all(isinstance(v, numbers.Real) and math.isfinite(v) for v in curve):
        raise Incorrect("run['val_losses'] should hold plain finite floats (`loss.item()`)")
    best = answer["best_epoch"]
    if not isinstance(best, numbers.Integral) or isinstance(best, bool):
        raise Incorrect(f"run['best_epoch'] should be an int, got {checks.type_name(best)}")
    want_best = min(range(len(curve)), key=lambda i: (curve[i], i))
    if best != want_best:
        if best == want_best + 1:
            raise Incorrect(f"best_epoch is {best}, but the lowest validation loss is at index "
                            f"{want_best} of val_losses: count epochs from 0")
        raise Incorrect(f"best_epoch is {best}, but your own val_losses are lowest at index {want_best}")
    rule_best, last = _stop_index(curve, 5, 80)
    if last < len(curve) - 1:
        raise Incorrect(f"the rule says stop after epoch {last} ({5} epochs without a new best since "
                        f"epoch {rule_best}), but val_losses goes on to {len(curve)} epochs")
    if len(curve) < 80 and len(curve) - 1 - want_best != 5:
        waited = len(curve) - 1 - want_best
        raise Incorrect(f"training stopped {waited} epoch{'s' * (waited != 1)} after the best one; "
                        "with patience 5 it waits 5 epochs in a row without a new best before stopping")
    model = _torch.module(answer["model"], "run['model']")
    got, seen = _val_loss(model), _few_loss(model)
    if not _same_loss(got, curve[want_best]):
        if _same_loss(got, curve[-1]):
            raise Incorrect("run['model'] holds the last epoch's weights, not the best epoch's: keep a "
                            "copy of the best state_dict and load it back at the end")
        if abs(got - curve[want_best]) <= 1e-2 * abs(curve[want_best]):
            raise Incorrect(f"run['model'] has a validation loss of {got:.6f} over all of X_val, but "
                            f"val_losses[best_epoch] is {curve[want_best]:.6f}: record the mean over all "
                            "of X_val in one pass (a mean of per-batch means weighs a short last batch "
                            "more than its rows)")
        raise Incorrect(f"run['model'] has a validation loss of {got:.4f}, but val_losses[best_epoch] "
                        f"is {curve[want_best]:.4f}: is it the model you trained, with the best weights?")
    if got < 0.1 and got < 2 * seen:
        raise Incorrect(f"run['model'] reads X_val (loss {got:.4f}) about as well as the rows it trained on "
                        f"({seen:.4f}): a network that learned from 120 rows cannot. Train on X_few, y_few "
                        "only; the validation rows are there to be judged on, not learned from")
    stop = ("ran out of epochs (max_epochs) before patience ran out" if len(curve) - 1 - want_best < 5
            else "stopped 5 epochs later")
    return (f"best at epoch {want_best} (validation loss {curve[want_best]:.3f}), {stop}, "
            "and the model holds the best weights: the training loss kept falling after that, "
            "the validation loss did not. That gap is overfitting.")
