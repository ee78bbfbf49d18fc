"""Phase 3, training craft: mixed precision with torch.autocast (bfloat16 on the CPU, float16 on CUDA)."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ..deep import _torch
from ..deep._data import held_out_digits
from ..deep._torch import TORCH
from ._blind_b import CASES as BLIND

SETUP = TORCH + """\
X_flat, y_flat = (torch.as_tensor(a) for a in deep.digits_images())
X_flat = X_flat.flatten(1)                                    # (1347, 64): an MLP's input
scaler = torch.amp.GradScaler("cuda") if device.type == "cuda" else None   # float16 needs it; bfloat16 not
"""

_STEP = """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    kind = xb.device.type                                     # "cpu" or "cuda": never assumed
    low = torch.float16 if kind == "cuda" else torch.bfloat16
    optimizer.zero_grad()
    with torch.autocast(device_type=kind, dtype=low):         # matmuls in low precision, sums in float32
        loss = nn.functional.cross_entropy(model(xb), yb)
    if scaler is None:
        loss.backward()
        optimizer.step()
    else:                                                     # float16: scaled, small gradients survive
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    return loss.item()"""

# Accuracy on the 450 held-out digits after the same 4 epochs in float32 and with autocast: the
# check allows 2 points either way. Measured: bfloat16 lands within 0.5 point of float32 (the
# rounding of bfloat16's 8-bit mantissa is noise next to the minibatch noise); a run that does not
# train (no step, the weights cast to bfloat16 and stuck) loses 20 points and more.
_MARGIN = 0.02


def _mlp() -> Any:
    import torch
    from torch import nn

    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10)).to(_device())


def _device() -> Any:
    from ....labs import deep

    return deep.device()


def _scaler() -> Any:
    import torch

    return torch.amp.GradScaler("cuda") if _device().type == "cuda" else None


def _batches(epochs: int) -> list[tuple[Any, Any]]:
    import torch

    from ....labs import deep

    X, y = (torch.as_tensor(a) for a in deep.digits_images())
    X = X.flatten(1).to(_device())
    y = y.to(_device())
    g = torch.Generator().manual_seed(11)
    order = [torch.randperm(len(X), generator=g) for _ in range(epochs)]
    return [(X[idx[i:i + 64]], y[idx[i:i + 64]]) for idx in order for i in range(0, len(X), 64)]


def _train(step: Any, epochs: int = 4) -> tuple[Any, list[Any]]:
    """A fresh MLP trained by `step` (the learner's or the reference); (model, Linear output dtypes)."""
    import torch

    model = _mlp()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    dtypes: list[Any] = []
    hooks = [m.register_forward_hook(lambda m, i, o: dtypes.append(o.dtype))
             for m in model if isinstance(m, torch.nn.Linear)]
    scaler = _scaler()
    try:
        model.train()
        for xb, yb in _batches(epochs):
            step(model, xb, yb, optimizer, scaler)
    finally:
        for h in hooks:
            h.remove()
    return model, dtypes


@functools.cache
def _reference_scores() -> tuple[float, float]:
    """Held-out accuracy after 4 epochs: (float32, autocast)."""
    import torch

    namespace: dict[str, Any] = {"torch": torch, "nn": torch.nn}
    exec(_STEP, namespace)
    Xh, yh = held_out_digits()
    Xh = Xh.reshape(len(Xh), -1)

    def plain(model: Any, xb: Any, yb: Any, optimizer: Any, scaler: Any) -> None:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(xb), yb).backward()
        optimizer.step()

    return tuple(_torch.accuracy(_train(fn)[0], Xh, yh, name="the MLP", classes=10)
                 for fn in (plain, namespace["amp_step"]))


def _two_steps(step: Any) -> tuple[Any, Any, list[Any], Any]:
    """(weights before, the model after two SGD steps by `step`, Linear output dtypes, the first result)."""
    import torch

    model = _mlp()
    before = [p.detach().clone() for p in model.parameters()]
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    dtypes: list[Any] = []
    hooks = [m.register_forward_hook(lambda m, i, o: dtypes.append(o.dtype))
             for m in model if isinstance(m, torch.nn.Linear)]
    results = []
    try:
        model.train()
        with _torch.time_limit(5, "amp_step"):
            for xb, yb in _batches(1)[:2]:
                results.append(checks.call(step, model, xb, yb, optimizer, _scaler(), name="amp_step"))
    finally:
        for h in hooks:
            h.remove()
    return before, model, dtypes, results[0]


def _update_gap(before: Any, got: Any, want: Any) -> float:
    """How far the learner's two-step update is from the reference's, relative to its size."""
    import torch

    d_got = torch.cat([(p.detach().float() - b).flatten() for p, b in zip(got.parameters(), before)])
    d_want = torch.cat([(p.detach() - b).flatten() for p, b in zip(want.parameters(), before)])
    return float((d_got - d_want).norm() / d_want.norm())


@exercise(
    "p3.craft.autocast_step",
    title="Mixed precision, on whatever device the batch is on",
    prompt="Complete `amp_step(model, xb, yb, optimizer, scaler=None)`: one training step with "
    "cross-entropy in which the forward pass runs under `torch.autocast` on the device the batch is "
    "on, in bfloat16 on a CPU and float16 on CUDA; with float16 the `scaler` (a `torch.amp.GradScaler`) "
    "scales the loss for backward and does the optimizer step, and without one (`scaler=None`, as on "
    "a CPU) backward and step are the usual ones. The weights stay float32. Return the loss as a "
    "float. The check trains a network of its own with your step, scores it on the held-out digits "
    f"and needs the float32 score within {_MARGIN:.0%}.",
    answer="amp_step",
    setup=SETUP,
    solution=_STEP,
    right=[
        """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    on_gpu = xb.is_cuda
    with torch.autocast("cuda" if on_gpu else "cpu", dtype=torch.float16 if on_gpu else torch.bfloat16):
        logits = model(xb)
        loss = nn.CrossEntropyLoss()(logits, yb)
    optimizer.zero_grad(set_to_none=True)
    (scaler.scale(loss) if scaler else loss).backward()
    if scaler:
        scaler.step(optimizer)
        scaler.update()
    else:
        optimizer.step()
    return float(loss.detach())""",
        """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    optimizer.zero_grad()
    dtype = torch.bfloat16 if xb.device.type == "cpu" else torch.float16
    with torch.autocast(device_type=xb.device.type, dtype=dtype):
        logits = model(xb)
    loss = nn.functional.cross_entropy(logits.float(), yb)   # the loss in float32, outside autocast
    if scaler is not None:
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
        optimizer.step()
    return loss.item()""",
    ] + BLIND["p3.craft.autocast_step"]["right"],
    wrong=[
        _STEP.replace("    with torch.autocast(device_type=kind, dtype=low):         # matmuls in low "
                      "precision, "
                      "sums in float32\n        loss", "    if True:\n        loss"),
        _STEP.replace("torch.autocast(device_type=kind, dtype=low)", 'torch.autocast(device_type="cuda", '
                                                                     'dtype=low)'),
        _STEP.replace("torch.float16 if kind == \"cuda\" else torch.bfloat16", "torch.float16"),
        _STEP.replace("    optimizer.zero_grad()\n", "    model.to(low)\n    optimizer.zero_grad()\n")
        .replace("model(xb)", "model(xb.to(low))"),
        _STEP.replace("    optimizer.zero_grad()\n", ""),
        _STEP.replace("        loss.backward()\n        optimizer.step()\n", "        loss.backward()\n"),
    ] + BLIND["p3.craft.autocast_step"]["wrong"],
    hints=[
        "`torch.autocast(device_type=..., dtype=...)` is a context manager: the operations inside run in "
        "the lower precision where it is safe. The batch knows its device: `xb.device.type`.",
        "Only the forward pass (and the loss) goes inside the `with` block; backward and the step come "
        "after it, as usual.",
        "With a scaler, backward goes through the scaled loss (`scaler.scale(loss)`), and the scaler "
        "steps the optimizer and then updates its scale, in place of the usual step.",
    ],
)
def autocast_step(answer):
    import math

    import torch

    low = torch.float16 if _device().type == "cuda" else torch.bfloat16
    before, model, dtypes, loss = _two_steps(answer)
    if any(p.dtype != torch.float32 for p in model.parameters()):
        raise Incorrect("the model's weights are no longer float32: autocast runs the operations in low "
                        "precision and leaves the weights alone; casting the model itself (`.to(bfloat16)`, "
                        "`.half()`) loses the small updates")
    if not dtypes or any(d != low for d in dtypes):
        seen = sorted({str(d).replace("torch.", "") for d in dtypes})
        if torch.float16 in dtypes and low == torch.bfloat16:
            raise Incorrect("the Linear layers ran in float16 on the CPU: use bfloat16 there (float16 on "
                            "CUDA, with the gradient scaler)")
        raise Incorrect(f"the Linear layers ran in {', '.join(seen) or 'nothing'}, not {str(low)[6:]}: the "
                        "forward pass is not under autocast for the batch's device (xb.device.type; "
                        "autocast for another device does nothing here)")
    try:
        loss = float(loss)
    except Exception:
        raise Incorrect(f"amp_step returned {checks.type_name(loss)}: return the loss as a float") from None
    namespace: dict[str, Any] = {"torch": torch, "nn": torch.nn}
    exec(_STEP, namespace)
    _, want, _, want_loss = _two_steps(namespace["amp_step"])
    if not math.isclose(loss, want_loss, rel_tol=1e-2):
        raise Incorrect(f"amp_step returned {loss:.4g}; the cross-entropy of that batch is {want_loss:.4g}")
    gap = _update_gap(before, model, want)
    # Honest variations (the loss inside or outside autocast, backward order) move two SGD steps by
    # under 2 %; a missing zero_grad adds the first gradient again (about 50 %); no step moves nothing.
    if gap > 0.1:
        if all(torch.equal(p.detach(), b) for p, b in zip(model.parameters(), before)):
            raise Incorrect("the weights did not move: take the optimizer step (scaler.step(optimizer) "
                            "with a scaler, optimizer.step() without)")
        raise Incorrect("two steps of amp_step move the weights differently from two steps of SGD: zero "
                        "the gradients each step, backward the loss, then step")
    Xh, yh = held_out_digits()
    with _torch.time_limit(20, "training with amp_step"):
        trained, _ = _train(answer)
    score = _torch.accuracy(trained, Xh.reshape(len(Xh), -1), yh, name="the MLP", classes=10)
    full, _ = _reference_scores()
    if abs(score - full) > _MARGIN:
        raise Incorrect(f"trained with amp_step the network reads {score:.1%} of the held-out digits; in "
                        f"float32 it reads {full:.1%}: more than {_MARGIN:.0%} apart")
    return (f"{score:.1%} of the held-out digits with autocast, {full:.1%} in float32: within "
            f"{_MARGIN:.0%}. The matmuls ran in {str(low)[6:]}, 2 bytes a number instead of 4, so every "
            "activation kept for backward takes half the memory; on a GPU's tensor cores it also runs "
            "several times faster (on this CPU the saving is memory, not time).")
