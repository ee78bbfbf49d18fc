"""What the deep-learning checks of Phase 3 share: setup cells, judging a torch model, time limits.

torch is imported inside the functions: `import pathway` and `pathway status` never load it.
"""

from __future__ import annotations

from typing import Any

from ... import checks
from ...engine import Incorrect
from ...timebound import Bound

# The notebook's setup cell for the PyTorch sections (each exercise's `setup` starts with it).
TORCH = """\
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset, TensorDataset

from pathway.labs import deep, sequences

deep.threads()  # one CPU thread: the fastest for models this small
device = deep.device()
"""


def time_limit(seconds: float, what: str) -> Bound:
    """`with time_limit(s, what):` stops learner code that runs longer than `seconds` (main thread
    only). It nests inside the check's own bound: whichever deadline comes first stops the code, and
    the check's bound keeps running after this block ends."""
    return Bound(seconds, lambda: Incorrect(
        f"{what} took more than {seconds:.0f} s; the models here train in a few seconds: fewer epochs "
        "or a smaller network"))


def module(answer: Any, name: str) -> Any:
    """The answer as a torch `nn.Module` (an `nn.Sequential` or any subclass), or Incorrect."""
    import torch.nn as nn

    if not isinstance(answer, nn.Module):
        hint = " (the class itself, not an instance: call it, e.g. `Net()`)" if (
            isinstance(answer, type) and issubclass(answer, nn.Module)) else ""
        raise Incorrect(f"expected {name} to be a torch nn.Module, got {checks.type_name(answer)}{hint}")
    return answer


def contains(model: Any, kinds: tuple[type, ...]) -> bool:
    """Whether any submodule (at any depth, Sequential or subclass) is one of `kinds`."""
    try:
        return any(isinstance(m, kinds) for m in model.modules())
    except Exception:
        return False


def outputs(model: Any, *inputs: Any, name: str, classes: int | None = None) -> Any:
    """The model's outputs in eval mode without gradients, on the model's device, back on the CPU."""
    import torch

    try:
        param = next(model.parameters(), None)
        where = param.device if param is not None else torch.device("cpu")
        model.eval()
        with torch.no_grad():
            out = model(*(i.to(where) for i in inputs))
    except Exception as exc:
        shapes = ", ".join(str(tuple(i.shape)) for i in inputs)
        raise Incorrect(f"{name} failed on a batch of shape {shapes}: "
                        f"{type(exc).__name__}: {checks.short(str(exc), 200)}") from None
    if isinstance(out, tuple | list) and out:
        out = out[0]
    if not isinstance(out, torch.Tensor):
        raise Incorrect(f"{name}(x) returned {checks.type_name(out)}, not a tensor")
    out = out.detach().float().cpu()
    n = inputs[0].shape[0]
    if classes is not None and tuple(out.shape) != (n, classes):
        raise Incorrect(f"{name} returned shape {tuple(out.shape)} for {n} inputs: expected ({n}, "
                        f"{classes}), one score (logit) per class")
    if not torch.isfinite(out).all():
        raise Incorrect(f"{name} outputs NaN or inf: the training diverged (a smaller learning rate?)")
    return out


def accuracy(model: Any, X: Any, y: Any, *, name: str, classes: int) -> float:
    """Accuracy of the model's argmax on (X, y), arrays or tensors, judged in eval mode."""
    import torch

    X, y = torch.as_tensor(X), torch.as_tensor(y)
    preds = torch.cat([outputs(model, X[i:i + 512], name=name, classes=classes).argmax(1)
                       for i in range(0, len(X), 512)])
    return float((preds == y).float().mean())


def bar(score: float, need: float, name: str, what: str, hint: str) -> None:
    """Incorrect unless `score` reaches `need`."""
    if score < need:
        raise Incorrect(f"{name} scores {score:.1%} on {what}; it needs at least {need:.0%}. {hint}")


def _zeros_like(value: Any) -> Any:
    import torch

    if isinstance(value, torch.Tensor):
        return torch.zeros_like(value)
    if isinstance(value, tuple):
        return tuple(_zeros_like(v) for v in value)
    return value


def used(model: Any, kinds: tuple[type, ...], *inputs: Any, name: str, what: str) -> None:
    """Prove that a module of `kinds` runs on the forward path and that its output matters.

    A forward hook shows the module was called (a layer created in `__init__` and never used fails);
    zeroing its output must then change the model's output (a layer whose result is ignored fails).
    """
    import torch

    ran: list[Any] = []
    modules = [m for m in model.modules() if isinstance(m, kinds)]
    hooks = [m.register_forward_hook(lambda m, i, o: ran.append(m)) for m in modules]
    try:
        base = outputs(model, *inputs, name=name)
    finally:
        for h in hooks:
            h.remove()
    if not ran:
        raise Incorrect(f"{name} declares {what} but its forward never calls it: a layer created in "
                        "__init__ does nothing until forward passes the data through it")
    hooks = [m.register_forward_hook(lambda m, i, o: _zeros_like(o)) for m in set(ran)]
    try:
        ablated = outputs(model, *inputs, name=name)
    except Incorrect:
        return  # without it the model breaks: its output is used
    finally:
        for h in hooks:
            h.remove()
    if torch.allclose(ablated, base, atol=1e-6, rtol=0):
        raise Incorrect(f"{name} calls {what}, but its result never reaches the output: with it "
                        "replaced by zeros the model answers exactly the same. Feed its output to the "
                        "next layer")
