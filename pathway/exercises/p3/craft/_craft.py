"""What the checks of notebook 03e share (03b's `deep._torch` holds the rest: setup, time limits, accuracy).

torch and TensorFlow are imported inside the functions: `import pathway` never loads them.
"""

from __future__ import annotations

from typing import Any

from ... import checks
from ...engine import Incorrect


def forward(model: Any, *inputs: Any, name: str) -> Any:
    """The model's output tensor for `inputs`, in whatever mode the model is in, or Incorrect."""
    import torch

    try:
        out = model(*inputs)
    except Exception as exc:
        shapes = ", ".join(str(tuple(i.shape)) for i in inputs)
        raise Incorrect(f"{name} failed on a batch of shape {shapes}: "
                        f"{type(exc).__name__}: {checks.short(str(exc), 200)}") from None
    if isinstance(out, tuple | list) and out:
        out = out[0]
    if not isinstance(out, torch.Tensor):
        raise Incorrect(f"{name} returned {checks.type_name(out)}, not a tensor")
    return out


def same_weights(a: Any, b: Any, rtol: float = 0.0) -> bool:
    """Whether two models hold equal parameters and buffers (bit for bit unless `rtol` is given)."""
    import torch

    sa, sb = a.state_dict(), b.state_dict()

    def same(x: Any, y: Any) -> bool:
        x, y = x.detach().cpu(), y.detach().cpu()
        if not rtol or not x.is_floating_point():
            return torch.equal(x, y)
        return x.shape == y.shape and bool(torch.allclose(x, y, rtol=rtol, atol=rtol * 1e-2))

    return sa.keys() == sb.keys() and all(same(sa[k], sb[k]) for k in sa)
