"""Phase 3, deep learning in PyTorch: saving weights and loading them into a fresh model, safely."""

from __future__ import annotations

import pathlib
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from . import _torch
from ._blind_models import blind
from ._torch import TORCH

_SAVE = """\
import pathlib

def save_and_load(model, make_model, folder):
    path = pathlib.Path(folder) / "weights.pt"
    torch.save(model.state_dict(), path)                 # the weights only: a dict of tensors
    fresh = make_model()                                 # same architecture, random weights
    fresh.load_state_dict(torch.load(path, weights_only=True))  # tensors only, no code runs
    return fresh.eval()                                  # ready to predict"""


def _make_model() -> Any:
    import torch.nn as nn

    return nn.Sequential(nn.Linear(4, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 3))


def _trained() -> Any:
    import torch

    torch.manual_seed(0)
    model = _make_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    g = torch.Generator().manual_seed(1)
    X, y = torch.randn(64, 4, generator=g), torch.randint(0, 3, (64,), generator=g)
    for _ in range(5):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(X), y).backward()
        optimizer.step()
    return model.eval()


@exercise(
    "p3.deep.save_load",
    title="Save the weights, load them into a fresh model",
    prompt="Complete `save_and_load(model, make_model, folder)`: save `model`'s weights (its "
    "state_dict) to a file in `folder`, build a fresh model with `make_model()`, load the weights "
    "into it with `torch.load(..., weights_only=True)`, and return it ready to predict. The check "
    "uses its own model (with dropout and batch norm) and a temporary folder.",
    answer="save_and_load",
    setup=TORCH + "import pathlib\nimport tempfile\n",
    solution=_SAVE,
    right=[
        """\
def save_and_load(model, make_model, folder):
    path = os.path.join(folder, "checkpoint.pth")
    torch.save({"model": model.state_dict(), "note": "epoch 5"}, path)  # a checkpoint dict
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    fresh = make_model()
    fresh.load_state_dict(checkpoint["model"])
    fresh.eval()
    return fresh""".replace("def save_and_load", "import os\n\ndef save_and_load"),
    ] + blind("p3.deep.save_load", "right"),
    wrong=[
        _SAVE.replace("    return fresh.eval() ", "    return fresh "),
        _SAVE.replace("torch.save(model.state_dict(), path)", "torch.save(model, path)")
        .replace("    fresh.load_state_dict(torch.load(path, weights_only=True))",
                 "    fresh = torch.load(path, weights_only=False)"),
        _SAVE.replace("    fresh.load_state_dict(torch.load(path, weights_only=True))", ""),
        "import copy\n\n" + _SAVE.replace("    fresh = make_model() ", "    fresh = copy.deepcopy(model)")
        .replace("    fresh.load_state_dict(torch.load(path, weights_only=True))",
                 "    fresh.load_state_dict(torch.load(path, weights_only=True))  # into a copy"),
    ] + blind("p3.deep.save_load", "wrong"),
    hints=[
        "`model.state_dict()` is a dict of tensors (the weights); `torch.save(obj, path)` writes it "
        "and `torch.load(path, weights_only=True)` reads it back without running any pickled code.",
        "A fresh model from `make_model()` has random weights until `load_state_dict(...)` fills them.",
        "Dropout and batch norm behave differently in training: call `.eval()` before predicting.",
    ],
)
def save_load(answer):
    import tempfile

    import torch

    model = _trained()
    g = torch.Generator().manual_seed(2)
    X = torch.randn(32, 4, generator=g)
    with torch.no_grad():
        want = model(X)
    with tempfile.TemporaryDirectory() as folder:
        with _torch.time_limit(10, "save_and_load"):
            built: list[Any] = []

            def make_model() -> Any:
                built.append(_make_model())
                return built[-1]

            fresh = checks.call(answer, model, make_model, folder, name="save_and_load")
        files = [p for p in pathlib.Path(folder).rglob("*") if p.is_file()]
        if not files:
            raise Incorrect("save_and_load wrote no file in the folder it was given")
        safe = False
        for path in files:
            try:
                torch.load(path, weights_only=True)
                safe = True
            except Exception:
                pass
        if not safe:
            raise Incorrect("the saved file cannot be read with weights_only=True: you saved the whole "
                            "model object (a pickle, which runs code when loaded). Save model.state_dict()")
    if fresh is None:
        raise Incorrect("save_and_load returned None: return the fresh model")
    fresh = _torch.module(fresh, "the loaded model")
    if fresh is model:
        raise Incorrect("save_and_load returned the model it was given: return the fresh one, built by "
                        "make_model() and filled from the file")
    if not any(fresh is b for b in built):
        raise Incorrect("save_and_load returned a model that make_model() did not build (a copy of the "
                        "original?): the prompt asks for a fresh make_model() filled from the file, which "
                        "is what loading in another process has to do")
    if fresh.training:
        raise Incorrect("the loaded model is in training mode: its dropout is on and its batch norm "
                        "uses the batch's statistics, so predictions are random; call .eval()")
    try:
        with torch.no_grad():
            got = fresh(X)
    except Exception as exc:
        raise Incorrect(f"the loaded model failed to predict: {type(exc).__name__}: {exc}") from None
    same = isinstance(got, torch.Tensor) and got.shape == want.shape and torch.allclose(got, want, atol=1e-6)
    if not same:
        raise Incorrect("the loaded model predicts differently from the saved one: did you load the "
                        "saved state_dict into it (load_state_dict)?")
    return ("same predictions from a fresh object, and a file that loads without running code. A "
            "state_dict plus the code that builds the model is the portable, safe way to ship weights.")
