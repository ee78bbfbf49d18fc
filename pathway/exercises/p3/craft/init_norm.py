"""Phase 3, training craft: initialisation and normalisation that let a deep plain network learn."""

from __future__ import annotations

from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ..deep import _torch
from ..deep._torch import TORCH
from ._blind_a import CASES as BLIND
from ._blind_d import CASES as SECOND
from ._craft import forward

_DEEP = """\
def make_deep_net(depth, width):
    layers = []
    for i in range(depth):
        linear = nn.Linear(width, width)
        nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")  # variance 2 / fan_in: ReLU halves it
        nn.init.zeros_(linear.bias)
        layers.append(linear)
        if i < depth - 1:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)"""

# (depth, width) the check builds: deeper and of other widths than the notebook's example.
_SHAPES = ((24, 32), (30, 64))
# The spread of the last output across a batch, over the input's. Measured on these shapes: PyTorch's
# default init 2e-9 (the signal is gone: every input gives the same output), Xavier (variance 1/fan_in,
# made for tanh) 2e-5 to 9e-5, a fixed std tuned for another width below 1e-6 or above 1e3; He/Kaiming
# 0.1 to 1.4, BatchNorm 0.3, LayerNorm 0.02 to 0.06. The bounds sit far from both groups.
_LOW, _HIGH = 5e-3, 1e2


def _probe(model: Any, depth: int, width: int) -> tuple[float, int]:
    """(the output's spread over the input's, the Linear layers that ran) for a batch of 256 inputs."""
    import torch
    from torch import nn

    ran: list[Any] = []
    hooks = [m.register_forward_hook(lambda m, i, o: ran.append(m)) for m in model.modules()
             if isinstance(m, nn.Linear)]
    x = torch.randn(256, width, generator=torch.Generator().manual_seed(9))
    try:
        model.train()  # the mode it trains in (batch norm uses the batch's statistics)
        with torch.no_grad():
            out = forward(model, x, name=f"make_deep_net({depth}, {width})")
    finally:
        for h in hooks:
            h.remove()
    if tuple(out.shape) != (256, width):
        raise Incorrect(f"make_deep_net({depth}, {width}) maps a batch (256, {width}) to "
                        f"{tuple(out.shape)}: expected (256, {width})")
    if bool((out >= 0).all()):
        raise Incorrect(f"make_deep_net({depth}, {width}) never outputs a negative number: a ReLU after the "
                        "last Linear too? The last layer gives raw scores, with no ReLU after it")
    return float(out.std(0).mean() / x.std(0).mean()), len(ran)


def _is_plain(model: Any, width: int) -> bool:
    """A plain stack: with one middle Linear's output zeroed, the input can no longer reach the output."""
    import torch
    from torch import nn

    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    hook = linears[len(linears) // 2].register_forward_hook(lambda m, i, o: torch.zeros_like(o))
    g = torch.Generator().manual_seed(4)
    try:
        model.eval()
        with torch.no_grad():
            a = forward(model, torch.randn(8, width, generator=g), name="the network")
            b = forward(model, torch.randn(8, width, generator=g), name="the network")
    finally:
        hook.remove()
    return bool(torch.allclose(a, b, atol=1e-6))


@exercise(
    "p3.craft.deep_init",
    title="A deep plain network that learns",
    prompt="Complete `make_deep_net(depth, width)`: return a plain PyTorch network (no skip "
    "connections) of exactly `depth` `nn.Linear(width, width)` layers applied one after another, "
    "with a ReLU after each but the last, that maps (n, width) to (n, width) and keeps its signal: "
    "initialise the weights well, or put a normalisation layer after each hidden Linear. The check "
    "builds deeper and wider networks than the notebook's and measures, in training mode, how much "
    "of the input's spread across a batch survives to the output.",
    answer="make_deep_net",
    setup=TORCH,
    solution=_DEEP,
    right=[
        """\
def make_deep_net(depth, width):
    layers = []
    for i in range(depth - 1):
        layers += [nn.Linear(width, width), nn.BatchNorm1d(width), nn.ReLU()]  # normalised, default init
    layers.append(nn.Linear(width, width))
    return nn.Sequential(*layers)""",
        """\
class Deep(nn.Module):
    def __init__(self, depth, width):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(width, width) for _ in range(depth))
        for layer in self.layers:
            nn.init.kaiming_uniform_(layer.weight, a=0, nonlinearity="relu")
            nn.init.zeros_(layer.bias)

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = torch.relu(layer(x))
        return self.layers[-1](x)


def make_deep_net(depth, width):
    return Deep(depth, width)""",
    ] + BLIND["p3.craft.deep_init"]["right"] + SECOND["p3.craft.deep_init"]["right"],
    wrong=[
        _DEEP.replace('        nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")  # variance 2 / '
                      'fan_in: '
                      'ReLU halves it\n        nn.init.zeros_(linear.bias)\n', ""),
        _DEEP.replace('nn.init.kaiming_normal_(linear.weight, '
                      'nonlinearity="relu")', "nn.init.xavier_normal_(linear.weight)"),
        _DEEP.replace('nn.init.kaiming_normal_(linear.weight, '
                      'nonlinearity="relu")', "nn.init.normal_(linear.weight, std=0.25)"),
        _DEEP.replace("    for i in range(depth):", "    for i in range(min(depth, 4)):"),
        """\
class Skip(nn.Module):
    def __init__(self, depth, width):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(width, width) for _ in range(depth))

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = x + torch.relu(layer(x))       # a residual connection: not a plain network
        return self.layers[-1](x)


def make_deep_net(depth, width):
    return Skip(depth, width)""",
        """\
class Unused(nn.Module):
    def __init__(self, depth, width):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(width, width) for _ in range(depth))
        self.norms = nn.ModuleList(nn.BatchNorm1d(width) for _ in range(depth - 1))   # declared...

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = torch.relu(layer(x))           # ...but never applied
        return self.layers[-1](x)


def make_deep_net(depth, width):
    return Unused(depth, width)""",
    ] + BLIND["p3.craft.deep_init"]["wrong"] + SECOND["p3.craft.deep_init"]["wrong"],
    hints=[
        "Each ReLU layer zeroes half its inputs, so with weights of variance 1/fan_in the signal's "
        "variance halves at every layer: after 30 layers almost nothing of the input is left.",
        "He (Kaiming) initialisation draws weights with variance 2/fan_in to make up for the halving: "
        "`nn.init` has it, for a ReLU nonlinearity. Biases can start at zero.",
        "The other cure: an `nn.BatchNorm1d(width)` after each hidden Linear rescales every unit to "
        "mean 0 and variance 1 over the batch, whatever the weights.",
    ],
)
def deep_init(answer):
    import torch

    for depth, width in _SHAPES:
        torch.manual_seed(0)  # the same random weights for every run of the check
        with _torch.time_limit(10, "make_deep_net"):
            model = _torch.module(checks.returns(answer, depth, width, name="make_deep_net"),
                                  f"make_deep_net({depth}, {width})")
            spread, ran = _probe(model, depth, width)
        if ran != depth:
            raise Incorrect(f"make_deep_net({depth}, {width}) ran {ran} Linear layers on a batch: "
                            f"build {depth}, one after another, and use each once")
        if not _is_plain(model, width):
            raise Incorrect("the input still reaches the output when one middle layer gives zeros: a skip "
                            "(residual) connection. Residual networks are the third cure; here the stack "
                            "stays plain, so the initialisation or the normalisation must do the work")
        if spread < _LOW:
            raise Incorrect(f"in make_deep_net({depth}, {width}) only {spread:.1e} of the input's spread "
                            "reaches the output: the signal vanishes layer by layer, so the gradients do "
                            "too and the network cannot learn. Scale the weights for ReLU, or normalise")
        if spread > _HIGH:
            raise Incorrect(f"in make_deep_net({depth}, {width}) the output spreads {spread:.1e} times as "
                            "much as the input: the signal explodes with depth. Scale the weights to "
                            "the layer's fan-in")
    return ("the input's spread survives 24 and 30 layers at two widths. Variance 2/fan_in (He) or a "
            "normalisation layer keeps each layer's output on the scale of its input, so the gradient "
            "reaches the first layer too.")


_BN = """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        mean = x.mean(dim=0)
        var = x.var(dim=0, unbiased=False)            # normalise with the batch's own statistics
        n = x.shape[0]
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)  # unbiased
    else:
        mean, var = running_mean, running_var         # evaluation: the statistics learned in training
    y = (x - mean) / torch.sqrt(var + eps) * weight + bias
    return y, running_mean, running_var"""


def _bn_cases() -> list[tuple[Any, ...]]:
    """Batches the notebook never had: small (so n and n - 1 differ), off-centre, two sizes."""
    import torch

    g = torch.Generator().manual_seed(31)
    cases = []
    for n, d in ((5, 3), (2, 4)):  # n = 2: the smallest batch batch norm accepts in training
        x = torch.randn(n, d, generator=g) * 3 + 2
        rm, rv = torch.randn(d, generator=g), torch.rand(d, generator=g) + 0.5
        w, b = torch.rand(d, generator=g) + 0.5, torch.randn(d, generator=g)
        cases.append((x, rm, rv, w, b))
    return cases


def _torch_bn(x: Any, rm: Any, rv: Any, w: Any, b: Any, training: bool, momentum: float,
              eps: float) -> tuple[Any, ...]:
    import torch.nn.functional as F

    rm, rv = rm.clone(), rv.clone()
    y = F.batch_norm(x, rm, rv, w, b, training=training, momentum=momentum, eps=eps)
    return y, rm, rv


@exercise(
    "p3.craft.batchnorm_by_hand",
    title="Batch normalisation by hand, in both modes",
    prompt="Complete `batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, "
    "eps=1e-5)` for a batch `x` of shape (n, features), doing what `nn.BatchNorm1d` does. Return the "
    "tuple `(y, new_running_mean, new_running_var)`. In training, normalise with the batch's mean "
    "and variance and move the running statistics towards them by `momentum` (PyTorch's convention: "
    "new = (1 - momentum) · old + momentum · batch value, with the unbiased variance); in evaluation, "
    "normalise with the running statistics and return them unchanged. The check compares you with "
    "PyTorch on batches of its own, in both modes.",
    answer="batch_norm",
    setup=TORCH,
    solution=_BN,
    right=[
        """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if not training:
        return weight * (x - running_mean) / (running_var + eps) ** 0.5 + bias, running_mean, running_var
    mean, unbiased = x.mean(0), x.var(0)                  # torch's var is unbiased by default
    biased = ((x - mean) ** 2).mean(0)
    y = weight * (x - mean) / (biased + eps).sqrt() + bias
    new_mean = running_mean.lerp(mean, momentum)          # old + momentum * (new - old)
    new_var = running_var.lerp(unbiased, momentum)
    return y, new_mean, new_var""",
        """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    bn = nn.BatchNorm1d(x.shape[1], eps=eps, momentum=momentum)   # let PyTorch's own layer do it
    with torch.no_grad():
        bn.weight.copy_(weight)
        bn.bias.copy_(bias)
        bn.running_mean.copy_(running_mean)
        bn.running_var.copy_(running_var)
        bn.train(training)
        y = bn(x)
    return y, bn.running_mean.clone(), bn.running_var.clone()""",
    ] + BLIND["p3.craft.batchnorm_by_hand"]["right"] + SECOND["p3.craft.batchnorm_by_hand"]["right"],
    wrong=[
        _BN.replace("    else:\n        mean, var = running_mean, running_var ",
                    "    else:\n        mean, var = x.mean(dim=0), x.var(dim=0, unbiased=False) "),
        _BN.replace("momentum * var * n / (n - 1)", "momentum * var"),
        _BN.replace("x.var(dim=0, unbiased=False)", "x.var(dim=0)"),
        _BN.replace("(1 - momentum) * running_mean + momentum * "
                    "mean", "momentum * running_mean + (1 - momentum) * mean")
        .replace("(1 - momentum) * running_var + momentum * "
                 "var", "momentum * running_var + (1 - momentum) * var"),
        _BN.replace("""        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)  # unbiased
""", ""),
        _BN.replace("torch.sqrt(var + eps)", "(torch.sqrt(var) + eps)"),
    ] + BLIND["p3.craft.batchnorm_by_hand"]["wrong"] + SECOND["p3.craft.batchnorm_by_hand"]["wrong"],
    hints=[
        "Training: mean and variance over the batch (dim 0), one per feature; normalise, then scale by "
        "`weight` and shift by `bias`.",
        "PyTorch normalises with the biased variance (divide by n) but stores the unbiased one (divide "
        "by n - 1) in the running variance; momentum 0.1 means 10 % of the new batch.",
        "Evaluation must not depend on the batch at all: a prediction for one image cannot change with "
        "the other images beside it.",
    ],
)
def batchnorm_by_hand(answer):
    import torch

    # Each batch in both modes, with the default momentum and eps and with others (which must be used).
    for (x, rm, rv, w, b), (momentum, eps) in zip(_bn_cases(), ((0.1, 1e-5), (0.3, 1e-2))):
        for training in (True, False):
            args = tuple(t.clone() for t in (x, rm, rv, w, b))
            with torch.no_grad():
                got = checks.returns(answer, *args, training, momentum, eps, name="batch_norm")
            if not (isinstance(got, tuple | list) and len(got) == 3
                    and all(isinstance(t, torch.Tensor) for t in got)):
                raise Incorrect(f"batch_norm returned {checks.type_name(got)}: return a tuple of three "
                                "tensors, (y, new_running_mean, new_running_var)")
            if not torch.equal(args[0], x):
                raise Incorrect("batch_norm changed its input x in place: compute y as a new tensor")
            want = _torch_bn(x, rm, rv, w, b, training, momentum, eps)
            mode = "training" if training else "evaluation"
            where = f"in {mode} mode on a batch of {x.shape[0]} (momentum={momentum}, eps={eps})"
            for name, g, e in zip(("y", "the running mean", "the running variance"), got, want):
                if tuple(g.shape) != tuple(e.shape):
                    raise Incorrect(f"{where}, {name} has shape {tuple(g.shape)}: expected {tuple(e.shape)}")
                if not torch.allclose(g.detach().float(), e, rtol=1e-4, atol=1e-5):
                    raise Incorrect(f"{where}, {name} differs from nn.BatchNorm1d's. "
                                    + _bn_reason(name, training))
    return ("both modes match PyTorch to 4 decimals, on batches of 5 and of 2, with two momentums. "
            "In training a batch's own statistics normalise it (noisy, which regularises a little); "
            "in evaluation the running ones do, so one image's prediction never depends on its "
            "neighbours: forget `model.eval()` and it does.")


def _bn_reason(name: str, training: bool) -> str:
    if not training and name == "y":
        return "In evaluation, normalise with the running mean and variance, not the batch's"
    if not training:
        return "In evaluation the running statistics stay as they are"
    if name == "y":
        return "Normalise with the batch's mean and its biased variance (divide by n), eps inside the root"
    return ("The running statistics move by momentum towards the batch's: (1 - momentum) · old + momentum "
            "· new, with the unbiased variance (divide by n - 1)")
