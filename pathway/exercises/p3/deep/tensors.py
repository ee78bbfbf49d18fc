"""Phase 3, deep learning in PyTorch: tensors, broadcasting and autograd."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._blind_models import blind
from ._torch import TORCH


@functools.cache
def _pair_cases() -> list[tuple[Any, Any]]:
    import torch

    g = torch.Generator().manual_seed(3)
    return [(torch.randn(n, d, generator=g), torch.randn(m, d, generator=g))
            for n, m, d in ((3, 5, 2), (1, 4, 3), (6, 2, 4))]


def _as_tensor(got: Any, label: str) -> Any:
    import torch

    if not isinstance(got, torch.Tensor):
        raise Incorrect(f"{label} returned {checks.type_name(got)}: return a torch.Tensor "
                        "(stay in torch, so the same code runs on a GPU)")
    return got.detach().double().cpu()


@exercise(
    "p3.deep.pairwise",
    title="Broadcasting: every distance at once",
    prompt="Complete `pairwise_sq_dists(a, b)`: for tensors a (n, d) and b (m, d), return the (n, m) "
    "tensor whose entry [i, j] is the squared Euclidean distance between a[i] and b[j]. No Python "
    "loops: let broadcasting do the pairing.",
    answer="pairwise_sq_dists",
    setup=TORCH,
    solution="""\
def pairwise_sq_dists(a, b):
    diff = a[:, None, :] - b[None, :, :]   # (n, 1, d) - (1, m, d) -> (n, m, d)
    return (diff ** 2).sum(dim=-1)         # sum over the d coordinates -> (n, m)""",
    right=[
        "def pairwise_sq_dists(a, b):\n    return torch.cdist(a, b) ** 2",
        "def pairwise_sq_dists(a, b):\n"
        "    return (a ** 2).sum(1, keepdim=True) - 2 * a @ b.T + (b ** 2).sum(1)",
    ] + blind("p3.deep.pairwise", "right"),
    wrong=[
        "def pairwise_sq_dists(a, b):\n    return ((a - b) ** 2).sum(dim=-1)",
        "def pairwise_sq_dists(a, b):\n    return (a[:, None, :] - b[None, :, :]).sum(dim=-1)",
        "def pairwise_sq_dists(a, b):\n    return torch.cdist(a, b)",
        "def pairwise_sq_dists(a, b):\n"
        "    return torch.stack([((a[i] - b) ** 2).sum(-1) for i in range(len(a))])",
        "def pairwise_sq_dists(a, b):\n    out = torch.empty(len(a), len(b), dtype=a.dtype)\n"
        "    for i in range(len(a)):\n        out[i] = ((a[i] - b) ** 2).sum(-1)\n    return out",
        "def pairwise_sq_dists(a, b):\n"
        "    return torch.stack(list(map(lambda r: ((r - b) ** 2).sum(-1), a)))",
        "def pairwise_sq_dists(a, b):\n    i, out = 0, []\n    while i < len(a):\n"
        "        out.append(((a[i] - b) ** 2).sum(-1))\n        i += 1\n    return torch.stack(out)",
        "def pairwise_sq_dists(a, b):\n    return ((a[:, None, :] - b[None, :, :]) ** 2).sum(dim=0)",
    ] + blind("p3.deep.pairwise", "wrong"),
    hints=[
        "Broadcasting lines shapes up from the right and stretches every axis of size 1. Give `a` "
        "and `b` shapes that pair every row of one with every row of the other.",
        "`a[:, None, :]` has shape (n, 1, d) and `b[None, :, :]` has (1, m, d): their difference is "
        "(n, m, d). Square it, then sum over the last axis.",
        "`torch.cdist(a, b)` gives the (unsquared) distances, if you prefer a library call.",
    ],
)
def pairwise(answer):
    import torch

    if checks.has_loop(answer):
        raise Incorrect("pairwise_sq_dists runs a Python loop (a `for`, a `while`, a comprehension or a "
                        "`map`); "
                        "the prompt asks for none: broadcast a (n, 1, d) against b (1, m, d) instead")
    for a, b in _pair_cases():
        label = f"pairwise_sq_dists(a {tuple(a.shape)}, b {tuple(b.shape)})"
        got = _as_tensor(checks.call(answer, a.clone(), b.clone(), name="pairwise_sq_dists"), label)
        want = ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1).double()
        if tuple(got.shape) != tuple(want.shape):
            raise Incorrect(f"{label} has shape {tuple(got.shape)}; expected {tuple(want.shape)}, "
                            "one entry per pair (row of a, row of b)")
        if torch.allclose(got, want, rtol=1e-4, atol=1e-4):
            continue
        if torch.allclose(got ** 2, want, rtol=1e-4, atol=1e-4):
            raise Incorrect(f"{label} gives the distances, not their squares")
        raise Incorrect(f"{label}: entry [0, 0] is {float(got[0, 0]):.4g}, expected "
                        f"{float(want[0, 0]):.4g}")
    return ("no loop, and the same line runs on a GPU: that is how a k-nearest-neighbour search or "
            "an attention score matrix is computed in practice.")


def _functions() -> list[tuple[str, Any, Any]]:
    import torch

    g = torch.Generator().manual_seed(7)
    A = torch.randn(4, 4, generator=g, dtype=torch.float64)
    return [
        ("f(x) = sum(sin(x) * x**2)", lambda x: (torch.sin(x) * x ** 2).sum(),
         torch.randn(5, generator=g, dtype=torch.float64)),
        ("f(x) = log(sum(exp(x)))", lambda x: torch.logsumexp(x, dim=0),
         torch.randn(6, generator=g, dtype=torch.float64)),
        ("f(x) = x.A.x + sum(x**3)", lambda x: x @ A @ x + (x ** 3).sum(),
         torch.randn(4, generator=g, dtype=torch.float64)),
    ]


def _finite_differences(f: Any, x: Any, h: float = 1e-6) -> Any:
    import torch

    grad = torch.zeros_like(x)
    for i in range(x.numel()):
        step = torch.zeros_like(x)
        step.view(-1)[i] = h
        grad.view(-1)[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


@exercise(
    "p3.deep.autograd",
    title="A gradient by autograd, checked against finite differences",
    prompt="Complete `gradient(f, x)`: `f` maps a 1-D float tensor to a scalar tensor; return the "
    "gradient of f at `x` (a tensor of x's shape) computed by autograd, not by hand. `x` arrives "
    "without `requires_grad`, and must come back unchanged.",
    answer="gradient",
    setup=TORCH,
    solution="""\
def gradient(f, x):
    x = x.detach().clone().requires_grad_(True)  # a leaf that records every operation on it
    y = f(x)                                     # the forward pass builds the graph
    y.backward()                                 # walk it backwards: dy/dx lands in x.grad
    return x.grad""",
    right=[
        "def gradient(f, x):\n"
        "    x = x.clone().requires_grad_()\n"
        "    (g,) = torch.autograd.grad(f(x), x)\n"
        "    return g",
        "def gradient(f, x):\n    return torch.func.grad(f)(x)",
    ] + blind("p3.deep.autograd", "right"),
    wrong=[
        "def gradient(f, x):\n    x = x.clone().requires_grad_(True)\n    return f(x)",
        "def gradient(f, x):\n    x.requires_grad = True\n"
        "    (g,) = torch.autograd.grad(f(x), x)\n    return g",
        "def gradient(f, x):\n    x.requires_grad_(True)\n    f(x).backward()\n    g = x.grad.clone()\n"
        "    x.grad = None\n    return g",
        "def gradient(f, x):\n    h = 1e-6\n    x = x.double()\n"
        "    return torch.stack([(f(x + h * e) - f(x - h * e)) / (2 * h) "
        "for e in torch.eye(len(x), dtype=x.dtype)])",
        "def gradient(f, x):\n    h = 1e-2\n"
        "    return torch.stack([(f(x + h * e) - f(x)) / h for e in torch.eye(len(x), dtype=x.dtype)])",
        "def gradient(f, x):\n    x = x.clone().requires_grad_(True)\n    f(x)\n    return x.grad",
    ] + blind("p3.deep.autograd", "wrong"),
    hints=[
        "autograd records the operations done on a tensor that has `requires_grad=True`; calling "
        "`.backward()` on a scalar result fills `.grad` of every such leaf tensor.",
        "Make a copy of x that requires gradients (`x.detach().clone().requires_grad_(True)`), "
        "compute `f` on it, call `backward()` on the result and read the copy's `.grad`.",
        "`torch.autograd.grad(output, inputs)` returns the gradients directly, without touching `.grad`.",
    ],
)
def autograd(answer):
    import torch

    for label, f, x in _functions():
        before = x.clone()
        recorded: list[bool] = []

        def watched(v, f=f, recorded=recorded):
            recorded.append(isinstance(v, torch.Tensor) and v.requires_grad)
            return f(v)

        got = checks.call(answer, watched, x, name="gradient")
        if x.requires_grad or x.grad is not None:
            raise Incorrect("gradient changed the x it was given: it now requires grad (requires_grad_ "
                            "works in place). Work on a copy: x.detach().clone().requires_grad_()")
        if got is None:
            raise Incorrect(f"gradient returned None for {label}: `.grad` stays None until "
                            "`.backward()` runs on the output")
        got = _as_tensor(got, f"gradient for {label}")
        want = _finite_differences(f, x.detach())
        if not torch.equal(x, before):
            raise Incorrect("gradient changed the x it was given: work on a copy")
        if isinstance(got, torch.Tensor) and not any(recorded):
            raise Incorrect(f"for {label}, f was never called on a tensor that requires grad: the "
                            "gradient was not computed by autograd. Call f on a copy of x with "
                            "requires_grad, then backward()")
        if got.ndim == 0 and x.ndim == 1:
            raise Incorrect(f"gradient returned one number for {label}: that is a value like f(x), not "
                            f"the gradient, which has one entry per entry of x, shape {tuple(x.shape)}")
        if tuple(got.shape) != tuple(x.shape):
            raise Incorrect(f"gradient for {label} has shape {tuple(got.shape)}; the gradient has "
                            f"one entry per entry of x, shape {tuple(x.shape)}")
        # central differences in float64 agree with the exact gradient to about 1e-8; a forward
        # difference with a step of 1e-2 (the approximation autograd replaces) is off by about 1e-2
        if not torch.allclose(got, want, rtol=1e-5, atol=1e-6):
            worst = float((got - want).abs().max())
            raise Incorrect(f"for {label}, your gradient differs from finite differences by up to "
                            f"{worst:.3g}: is it dy/dx, computed by backward(), and not f itself or "
                            "an approximation?")
    return ("autograd agrees with finite differences to about 8 digits, at the cost of one backward "
            "pass instead of one extra forward pass per input: for a million weights, that is the "
            "difference between training and not.")
