"""Phase 3, training craft: gradient clipping on a recurrent network whose gradients explode."""

from __future__ import annotations

import functools
import math
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ..deep import _torch
from ..deep._torch import TORCH
from ._blind_b import CASES as BLIND
from ._blind_c import CASES as SECOND
from ._craft import same_weights

SETUP = TORCH + """\
import math
X_long, y_long = (torch.as_tensor(a) for a in sequences.first_sign(512, length=30, seed=0))  # (512, 30, 1)
"""

_STEP = """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm)  # the total norm, before clipping
    optimizer.step()
    return float(norm)"""


def exploding_rnn(seed: int = 0) -> Any:
    """A ReLU RNN whose recurrent weights stretch the state by 2 a step: over 30 steps gradients explode."""
    import torch
    from torch import nn

    class Exploding(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.rnn = nn.RNN(1, 16, batch_first=True, nonlinearity="relu")
            self.head = nn.Linear(16, 2)
            nn.init.orthogonal_(self.rnn.weight_hh_l0, gain=2.0)

        def forward(self, x: Any) -> Any:
            return self.head(self.rnn(x)[1][-1])

    torch.manual_seed(seed)
    return Exploding()


def _batches() -> list[tuple[Any, Any]]:
    import torch

    from ....labs import sequences

    X, y = (torch.as_tensor(a) for a in sequences.first_sign(320, length=30, seed=808))
    return [(X[i:i + 32], y[i:i + 32]) for i in range(0, 320, 32)]


def _stale_gradients(model: Any) -> None:
    """Leave a previous batch's gradients in `.grad`, as a training loop does: a step must zero them."""
    import torch

    generator = torch.Generator().manual_seed(17)
    for p in model.parameters():
        p.grad = torch.randn(p.shape, generator=generator) * 50


def _reference(xb: Any, yb: Any, max_norm: float, how: str = "norm") -> tuple[Any, float]:
    """(the model after one step, the returned norm) for the right step and for known mistakes."""
    import torch
    from torch import nn

    model = exploding_rnn()
    _stale_gradients(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    if how != "stale":
        optimizer.zero_grad()
    nn.functional.cross_entropy(model(xb), yb).backward()
    params = list(model.parameters())
    norm = float(torch.norm(torch.stack([p.grad.norm() for p in params])))
    if how == "norm":
        nn.utils.clip_grad_norm_(params, max_norm)
    elif how == "value":
        nn.utils.clip_grad_value_(params, max_norm)
    elif how == "each":
        for p in params:
            nn.utils.clip_grad_norm_([p], max_norm)
    elif how == "stale":
        nn.utils.clip_grad_norm_(params, max_norm)
    optimizer.step()
    return model, norm


@functools.cache
def _mistakes() -> tuple[tuple[str, Any], ...]:
    xb, yb = _batches()[0]
    return (("none", _reference(xb, yb, 1.0, "none")[0]),
            ("value", _reference(xb, yb, 1.0, "value")[0]),
            ("each", _reference(xb, yb, 1.0, "each")[0]),
            ("stale", _reference(xb, yb, 1.0, "stale")[0]))


_NAMES = {
    "none": "the gradients were not clipped when the optimizer stepped: clip after backward() and before "
            "step() (clipping before backward finds no gradients yet; after step it is too late)",
    "value": "each gradient component was clipped to ±max_norm (clip_grad_value_): that changes the "
             "gradient's direction. Rescale the whole gradient so its total norm is at most max_norm",
    "each": "each parameter's gradient was clipped on its own: the norm to limit is the total over all "
            "parameters together",
    "stale": "the gradients of the previous batch were still in `.grad` and backward() added the new ones "
             "to them: zero the gradients (optimizer.zero_grad()) at the start of the step",
}


def _one_step(answer: Any, xb: Any, yb: Any, max_norm: float) -> tuple[Any, Any]:
    import torch

    model = exploding_rnn()
    _stale_gradients(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    with _torch.time_limit(5, "clipped_step"):
        got = checks.returns(answer, model, xb, yb, optimizer, max_norm, name="clipped_step")
    return model, got


@exercise(
    "p3.craft.clip_grad",
    title="Clip exploding gradients",
    prompt="Complete `clipped_step(model, xb, yb, optimizer, max_norm)`: one training step (zero the "
    "gradients, cross-entropy of `model(xb)` against `yb`, backward, step) in which the gradient of "
    "all the model's parameters together is rescaled, before the step, so that its total norm is at "
    "most `max_norm`. Return that total gradient norm as it was before clipping, as a float. The "
    "check runs it on a recurrent network and sequences of its own.",
    answer="clipped_step",
    setup=SETUP,
    solution=_STEP,
    right=[
        """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    model.train()
    optimizer.zero_grad(set_to_none=True)
    nn.CrossEntropyLoss()(model(xb), yb).backward()
    grads = [p.grad for p in model.parameters() if p.grad is not None]
    total = torch.sqrt(sum((g ** 2).sum() for g in grads))          # the norm, by hand
    if total > max_norm:
        for g in grads:
            g.mul_(max_norm / total)
    optimizer.step()
    return total.item()""",
    ] + BLIND["p3.craft.clip_grad"]["right"] + SECOND["p3.craft.clip_grad"]["right"],
    wrong=[
        _STEP.replace("    norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm)  # the total norm, "
                      "before clipping\n"
                      "    optimizer.step()\n",
                      "    optimizer.step()\n    norm = nn.utils.clip_grad_norm_(model.parameters(), "
                      "max_norm)\n"),
        _STEP.replace("    norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm)  # the total norm, "
                      "before clipping",
                      "    nn.utils.clip_grad_value_(model.parameters(), max_norm)\n"
                      "    norm = torch.norm(torch.stack([p.grad.norm() for p in model.parameters()]))"),
        _STEP.replace("    return float(norm)",
                      "    return float(torch.norm(torch.stack([p.grad.norm() for p in "
                      "model.parameters()])))"),
        _STEP.replace("    loss.backward()\n    norm = nn.utils.clip_grad_norm_(model.parameters(), "
                      "max_norm)  # the total "
                      "norm, before clipping\n",
                      "    norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm)\n    "
                      "loss.backward()\n"),
        _STEP.replace("    norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm)  # the total norm, "
                      "before clipping",
                      "    norm = max(float(nn.utils.clip_grad_norm_([p], max_norm)) for p in "
                      "model.parameters())"),
    ] + BLIND["p3.craft.clip_grad"]["wrong"] + SECOND["p3.craft.clip_grad"]["wrong"],
    hints=[
        "The gradients exist only after the backward pass, and the optimizer's step uses them: "
        "clipping belongs between the two.",
        "`torch.nn.utils` has a function that rescales all the gradients together to a maximum total "
        "norm, and returns the total norm it found.",
        "Clipping by norm keeps the gradient's direction and only shortens it; clipping each value "
        "(or each tensor) separately bends it.",
    ],
)
def clip_grad(answer):
    import torch

    batches = _batches()
    xb, yb = batches[0]
    reference, norm = _reference(xb, yb, 1.0)
    model, got = _one_step(answer, xb, yb, 1.0)
    if not isinstance(got, int | float) and not (isinstance(got, torch.Tensor) and got.numel() == 1):
        raise Incorrect(f"clipped_step returned {checks.type_name(got)}: return the total gradient norm "
                        "before clipping, as a float")
    got = float(got)
    if not same_weights(model, reference, 1e-5):
        for name, wrong in _mistakes():
            if same_weights(model, wrong, 1e-5):
                raise Incorrect(_NAMES[name])
        raise Incorrect("after one clipped_step the weights differ from one SGD step with the gradient "
                        "rescaled to a total norm of max_norm")
    if math.isclose(got, 1.0, rel_tol=1e-4) and not math.isclose(norm, 1.0, rel_tol=1e-3):
        raise Incorrect(f"clipped_step returned {got:.4g}, the norm after clipping (max_norm itself): "
                        f"return the norm before clipping ({norm:.3g} here), which shows the explosion")
    if not math.isclose(got, norm, rel_tol=1e-3):
        raise Incorrect(f"clipped_step returned {got:.4g}; the total gradient norm before clipping was "
                        f"{norm:.4g}: the norm over all parameters together")
    # Below the limit, clipping must leave the gradient alone (a norm of 1e9 clips nothing).
    model, _ = _one_step(answer, xb, yb, 1e9)
    if not same_weights(model, _reference(xb, yb, 1e9)[0], 1e-5):
        raise Incorrect("with max_norm larger than the gradient's norm the step changed: below the limit, "
                        "the gradient must stay as it is")
    return _story(answer, batches)


def _story(answer: Any, batches: list[tuple[Any, Any]]) -> str:
    """Ten steps with and without clipping, the norms made visible."""
    import torch

    norms = []
    clipped = exploding_rnn()
    optimizer = torch.optim.SGD(clipped.parameters(), lr=0.05)
    with _torch.time_limit(10, "clipped_step"):
        for xb, yb in batches:
            norms.append(float(checks.call(answer, clipped, xb, yb, optimizer, 1.0, name="clipped_step")))
    plain = exploding_rnn()
    optimizer = torch.optim.SGD(plain.parameters(), lr=0.05)
    nan_at = None
    for step, (xb, yb) in enumerate(batches, start=1):
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(plain(xb), yb)
        loss.backward()
        optimizer.step()
        if nan_at is None and not all(torch.isfinite(p).all() for p in plain.parameters()):
            nan_at = step
    unclipped = (f"Unclipped, the weights are NaN after step {nan_at}" if nan_at
                 else "Unclipped, the same run's steps are thousands of times longer")
    finite = all(math.isfinite(n) for n in norms)
    if not finite:
        raise Incorrect("with your clipping the gradient norm still became NaN or inf within ten steps")
    shown = ", ".join(f"{n:.1e}" for n in norms[:5])
    return (f"gradient norms over the first steps: {shown}: huge, but every step is at most 1 long, so "
            f"the weights stay finite. {unclipped}. Log the norm each step: a spike is the first sign of a "
            f"diverging run.")
