"""Phase 3, deep learning in PyTorch: transfer learning without a download."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from . import _torch
from ._blind_models import blind
from ._data import held_out_digits
from ._torch import TORCH

SETUP = TORCH + """\
base = deep.pretrained_cnn()             # small_cnn trained on the digits 0-4 only
X_new, y_new = (torch.as_tensor(a) for a in deep.few_digits(per_class=10))  # 50 images of 5-9, labels 0-4
"""

_FINE_TUNE = """\
def fine_tune(base, X, y):
    model = copy.deepcopy(base)                    # leave the caller's network as it was
    for layer in model:
        if isinstance(layer, nn.Conv2d):
            for p in layer.parameters():
                p.requires_grad = False            # frozen: the learned strokes stay as they are
    model[-1] = nn.Linear(model[-1].in_features, 5)  # a new head for the 5 new classes
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-2)
    for epoch in range(60):                        # 50 images: one full batch per step
        model.train()
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(X), y).backward()
        optimizer.step()
    return model.eval()"""


@functools.cache
def _scratch_score() -> float:
    """The same network trained from scratch on the check's 50 images, for the comparison."""
    import torch

    from ....labs import deep

    X, y = deep.few_digits(per_class=10, seed=5)
    torch.manual_seed(0)
    model = deep.fit(deep.small_cnn(5), X, y, epochs=60, lr=1e-2, batch_size=64)
    return _score(model, "the from-scratch network")


def _held_out() -> tuple[Any, Any]:
    import numpy as np

    from ....labs import deep

    X, y = held_out_digits()
    keep = np.isin(y, deep.TRANSFER_CLASSES)
    return X[keep], np.searchsorted(np.asarray(deep.TRANSFER_CLASSES), y[keep])


# The check names the 5 classes in its own order, so a fine_tune that trains on the notebook's
# X_new, y_new instead of its arguments reads the held-out digits under the wrong names.
_LABEL_ORDER = (3, 0, 4, 1, 2)


def _score(model: Any, name: str, relabel: bool = False) -> float:
    import numpy as np

    X, y = _held_out()
    if relabel:
        y = np.asarray(_LABEL_ORDER)[y]
    return _torch.accuracy(model, X, y, name=name, classes=5)


@exercise(
    "p3.deep.transfer",
    title="Fine-tune a pretrained network on new classes",
    prompt="Complete `fine_tune(base, X, y)`: `base` is a CNN (an nn.Sequential of conv blocks and a "
    "final nn.Linear) pretrained on the digits 0-4; `X`, `y` are a few images of 5-9 labelled 0-4. "
    "Return a model whose convolution weights are exactly base's (frozen), with a head trained for "
    "the 5 new classes. Leave `base` itself unchanged. The check passes its own 50 images and scores "
    "the result on held-out 5-9 digits: at least 85 %.",
    answer="fine_tune",
    setup=SETUP + "import copy\n",
    solution="import copy\n\n" + _FINE_TUNE,
    right=[
        """\
import copy

def fine_tune(base, X, y):
    features = copy.deepcopy(base[:-1]).requires_grad_(False)   # everything but the old head
    head = nn.Sequential(nn.Linear(base[-1].in_features, 32), nn.ReLU(), nn.Linear(32, 5))
    model = nn.Sequential(features, head)
    optimizer = torch.optim.Adam(head.parameters(), lr=1e-2)
    for step in range(80):
        features.eval()
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(X), y).backward()
        optimizer.step()
    return model.eval()""",
    ] + blind("p3.deep.transfer", "right"),
    wrong=[
        "import copy\n\n" + _FINE_TUNE.replace("p.requires_grad = False  ", "pass  "),
        "import copy\n\n" + _FINE_TUNE.replace("    model = copy.deepcopy(base) ", "    model = base")
        .replace("            for p in layer.parameters():\n                p.requires_grad = False",
                 "            pass"),
        "import copy\n\ndef fine_tune(base, X, y):\n    return copy.deepcopy(base).eval()",
        "import copy\n\n" + _FINE_TUNE.replace("copy.deepcopy(base) ", "copy.copy(base)    "),
        "import copy\n\n" + _FINE_TUNE.replace(
            "    model = copy.deepcopy(base)                    # leave the caller's network as it was\n",
            "    for p in base.parameters():\n        p.requires_grad = False\n"
            "    model = copy.deepcopy(base)\n"),
    ] + blind("p3.deep.transfer", "wrong"),
    hints=[
        "Copy the network (`copy.deepcopy`), then set `requires_grad = False` on the parameters of "
        "every nn.Conv2d: the optimizer then has nothing to change there.",
        "Replace the last layer by a fresh `nn.Linear(in_features, 5)` and give the optimizer only "
        "the parameters that still require gradients.",
        "With 50 images, train on all of them at once for some tens of steps (Adam, lr 1e-2).",
    ],
)
def transfer(answer):
    import numpy as np
    import torch
    import torch.nn as nn

    from ....labs import deep

    base = deep.pretrained_cnn()
    before = [m.weight.detach().clone() for m in base.modules() if isinstance(m, nn.Conv2d)]
    base_state = {k: v.detach().clone() for k, v in base.state_dict().items()}
    base_layout = repr(base)
    base_flags = [p.requires_grad for p in base.parameters()]
    X, y = deep.few_digits(per_class=10, seed=5)
    X, y = torch.as_tensor(X), torch.as_tensor(np.asarray(_LABEL_ORDER)[y])
    with _torch.time_limit(20, "fine_tune"):
        model = checks.call(answer, base, X, y, name="fine_tune")
    if model is None:
        raise Incorrect("fine_tune returned None: return the fine-tuned model")
    model = _torch.module(model, "fine_tune's result")
    after = [m.weight.detach() for m in model.modules() if isinstance(m, nn.Conv2d)]
    if len(after) != len(before):
        raise Incorrect(f"the fine-tuned model has {len(after)} convolutions, base has {len(before)}: "
                        "keep base's convolutional layers and replace only the head")
    original = [m.weight.detach() for m in base.modules() if isinstance(m, nn.Conv2d)]
    if any(not torch.equal(a, b) for a, b in zip(original, before)):
        raise Incorrect("fine_tune changed `base` itself: work on a copy (copy.deepcopy(base))")
    state = base.state_dict()
    if repr(base) != base_layout or state.keys() != base_state.keys() or any(
            not torch.equal(state[k], v) for k, v in base_state.items()):
        raise Incorrect("fine_tune changed `base` itself (its head or its weights): copy.copy shares the "
                        "layers with the original; work on copy.deepcopy(base)")
    if [p.requires_grad for p in base.parameters()] != base_flags:
        raise Incorrect("fine_tune froze the weights of `base` itself (requires_grad changed on the "
                        "caller's network): freeze the copy's parameters, not base's")
    if any(not torch.equal(a, b) for a, b in zip(after, before)):
        raise Incorrect("the convolution weights changed during fine-tuning: freeze them "
                        "(requires_grad = False) so that only the new head learns")
    score = _score(model, "fine_tune's result", relabel=True)
    if score < 0.85 and _score(model, "fine_tune's result") >= 0.85:
        raise Incorrect("fine_tune learned the notebook's labels, not the ones it was given: the check "
                        "passes its own images with the 5 classes numbered in another order. Train "
                        "on the X and y arguments, not on X_new, y_new")
    _torch.bar(score, 0.85, "fine_tune's result", "the held-out digits 5-9",
               "Does the head have 5 outputs, and is it trained (some tens of steps)?")
    scratch = _scratch_score()
    trained = sum(p.numel() for m in model.modules() if not isinstance(m, nn.Conv2d)
                  for p in m.parameters(recurse=False))
    total = sum(p.numel() for p in model.parameters())
    verdict = ("beats" if score > scratch else "comes close to") + " the same network trained from scratch"
    return (f"{score:.1%} on held-out digits 5-9 from 50 training images; that {verdict} on the same "
            f"images ({scratch:.1%}) while training only {trained:,} of {total:,} weights. On tiny 8x8 "
            "digits a fresh network catches up quickly; with real images and large pretrained "
            "networks, the features carried over are worth far more.")
