"""Phase 3, training craft: a warm-up plus cosine learning-rate schedule, and a learning-rate range test."""

from __future__ import annotations

import functools
import math
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ..deep import _torch
from ..deep._data import held_out_digits
from ..deep._torch import TORCH
from ._blind_a import CASES as BLIND

SETUP = TORCH + "import math\n"

_SCHEDULE = """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    def factor(step):                    # multiplies each parameter group's own base rate
        if step < warmup_steps:
            return (step + 1) / warmup_steps
        progress = (step - warmup_steps) / (total_steps - warmup_steps)
        return 0.5 * (1 + math.cos(math.pi * progress))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)"""

# (warmup_steps, total_steps) the check schedules: the learner's notebook uses others.
_CASES = ((3, 13), (5, 9))
_BASE = (0.3, 0.02)  # two parameter groups with their own base rates


def _factor(step: int, warmup: int, total: int, mistake: str = "") -> float:
    if mistake == "no_warmup":
        warmup = 0
    if step < warmup:
        return (step if mistake == "warmup_from_zero" else step + 1) / warmup
    span = total if mistake == "cosine_over_total" else total - warmup
    done = step - warmup + (1 if mistake == "cosine_early" else 0)
    return 0.5 * (1 + math.cos(math.pi * done / span))


_MISTAKES = {
    "warmup_from_zero": "the warm-up starts at 0: step t of the warm-up should run at (t + 1) / "
                        "warmup_steps of the base rate, so step 0 already learns a little",
    "no_warmup": "there is no warm-up: the rate starts at its peak",
    "cosine_over_total": "the cosine spans all total_steps instead of the steps after the warm-up, so "
                         "the rate never reaches 0 at the end",
    "cosine_early": "the cosine starts one step early: the first step after the warm-up should still "
                    "run at the full base rate",
}


def _rates(make: Any, warmup: int, total: int) -> list[list[float]]:
    """The rate of each group at each of the `total` steps, as the learner's scheduler sets it."""
    import torch

    groups = [{"params": [torch.nn.Parameter(torch.zeros(2))], "lr": lr} for lr in _BASE]
    optimizer = torch.optim.SGD(groups, lr=1.0)
    with _torch.time_limit(5, "make_scheduler"):
        scheduler = checks.returns(make, optimizer, warmup, total, name="make_scheduler")
        if not callable(getattr(scheduler, "step", None)):
            raise Incorrect(f"make_scheduler returned {checks.type_name(scheduler)}: return a scheduler "
                            "(an object with .step()), e.g. one from torch.optim.lr_scheduler")
        seen = []
        for _ in range(total):
            seen.append([float(g["lr"]) for g in optimizer.param_groups])
            optimizer.step()
            try:
                scheduler.step()
            except Exception as exc:
                raise Incorrect(f"scheduler.step() raised {type(exc).__name__}: {checks.short(str(exc), 150)}"
                                ) from None
    return seen


def _close(got: list[list[float]], want: list[list[float]]) -> bool:
    return all(math.isclose(g, w, rel_tol=1e-6, abs_tol=1e-9)
               for gs, ws in zip(got, want) for g, w in zip(gs, ws))


@exercise(
    "p3.craft.warmup_cosine",
    title="Warm up, then follow a cosine",
    prompt="Complete `make_scheduler(optimizer, warmup_steps, total_steps)`: return a learning-rate "
    "scheduler (from `torch.optim.lr_scheduler`, or your own object with a `.step()` method) that the "
    "loop steps once after every optimizer step. At step t = 0, 1, ..., total_steps - 1 each parameter "
    "group must run at its own base rate times (t + 1) / warmup_steps while t < warmup_steps, then "
    "times 0.5 · (1 + cos(π · (t - warmup_steps) / (total_steps - warmup_steps))). The check "
    "reads the rate of every group at every step, with its own step counts.",
    answer="make_scheduler",
    setup=SETUP,
    solution=_SCHEDULE,
    right=[
        """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    warm = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=1 / warmup_steps, end_factor=1.0,
                                             total_iters=warmup_steps - 1)
    cool = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total_steps - warmup_steps)
    return torch.optim.lr_scheduler.SequentialLR(optimizer, [warm, cool], milestones=[warmup_steps])""",
        """\
class WarmupCosine:
    \"\"\"By hand: remembers each group's base rate and sets the rate of the current step.\"\"\"

    def __init__(self, optimizer, warmup_steps, total_steps):
        self.optimizer, self.warmup, self.total, self.t = optimizer, warmup_steps, total_steps, 0
        self.base = [group["lr"] for group in optimizer.param_groups]
        self._apply()

    def _apply(self):
        if self.t < self.warmup:
            f = (self.t + 1) / self.warmup
        else:
            f = (1 + math.cos(math.pi * (self.t - self.warmup) / (self.total - self.warmup))) / 2
        for group, base in zip(self.optimizer.param_groups, self.base):
            group["lr"] = base * f

    def step(self):
        self.t += 1
        self._apply()


def make_scheduler(optimizer, warmup_steps, total_steps):
    return WarmupCosine(optimizer, warmup_steps, total_steps)""",
    ] + BLIND["p3.craft.warmup_cosine"]["right"],
    wrong=[
        _SCHEDULE.replace("(step + 1) / warmup_steps", "step / warmup_steps"),
        _SCHEDULE.replace("(step - warmup_steps) / (total_steps - warmup_steps)", "step / total_steps"),
        _SCHEDULE.replace("(step - warmup_steps) / (total_steps", "(step - warmup_steps + 1) / (total_steps"),
        """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total_steps)""",
        """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    base = optimizer.param_groups[0]["lr"]
    def factor(step):
        if step < warmup_steps:
            return (step + 1) / warmup_steps
        return 0.5 * (1 + math.cos(math.pi * (step - warmup_steps) / (total_steps - warmup_steps)))
    class Same:
        def step(self, t=[0]):
            t[0] += 1
            for group in optimizer.param_groups:
                group["lr"] = base * factor(t[0])     # one base rate for every group
    for group in optimizer.param_groups:
        group["lr"] = base * factor(0)
    return Same()""",
    ] + BLIND["p3.craft.warmup_cosine"]["wrong"],
    hints=[
        "`torch.optim.lr_scheduler.LambdaLR(optimizer, f)` sets every group's rate to its base rate "
        "times f(step), where step counts the calls to `scheduler.step()` (0 at the start).",
        "Two regimes: a straight line up during the warm-up (step 0 is already 1 / warmup_steps), then "
        "half a cosine from 1 down to 0 over the remaining total_steps - warmup_steps steps.",
        "The first step after the warm-up runs at the full base rate: the cosine's progress is 0 there.",
    ],
)
def warmup_cosine(answer):
    for warmup, total in _CASES:
        got = _rates(answer, warmup, total)
        want = [[b * _factor(t, warmup, total) for b in _BASE] for t in range(total)]
        if _close(got, want):
            continue
        for mistake, message in _MISTAKES.items():
            if _close(got, [[b * _factor(t, warmup, total, mistake) for b in _BASE] for t in range(total)]):
                raise Incorrect(f"with warmup_steps={warmup}, total_steps={total}: {message}")
        first = next(t for t in range(total) if not _close([got[t]], [want[t]]))
        if all(len(set(g)) == 1 for g in got):
            raise Incorrect("every parameter group runs at the same rate: scale each group's own base "
                            "rate (LambdaLR does), not one rate for all")
        raise Incorrect(f"with warmup_steps={warmup}, total_steps={total}, step {first} runs at "
                        f"{got[first][0]:.4g} (group 0, base rate {_BASE[0]}): expected "
                        f"{want[first][0]:.4g}")
    return ("every rate at every step, for two parameter groups, matches warm-up then cosine. The "
            "warm-up keeps the first, noisy steps of Adam or a large batch from throwing the weights "
            "far; the cosine lets the last steps settle.")


_RANGE = """\
def lr_range_test(model, loader, loss_fn, lrs):
    optimizer = torch.optim.SGD(model.parameters(), lr=lrs[0])
    batches = iter(loader)
    losses = []
    for lr in lrs:
        for group in optimizer.param_groups:
            group["lr"] = lr
        try:
            xb, yb = next(batches)
        except StopIteration:            # the loader ran out: start it again
            batches = iter(loader)
            xb, yb = next(batches)
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        losses.append(loss.item())
        if not math.isfinite(losses[-1]) or losses[-1] > 4 * min(losses):
            break                        # diverged: the rates from here on are useless
        loss.backward()
        optimizer.step()
    return losses"""


def _range_fixture() -> tuple[Any, Any, Any, list[float]]:
    """Unscaled digit pixels (0-16) the notebook never had, an MLP, and rates from 1e-4 to 10."""
    import torch
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset


    X, y = held_out_digits()
    X = torch.as_tensor(X[:100]).flatten(1) * 16
    loader = DataLoader(TensorDataset(X, torch.as_tensor(y[:100])), batch_size=32)  # 4 batches, the last of 4
    torch.manual_seed(3)
    model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    lrs = [1e-4 * 10 ** (5 * i / 49) for i in range(50)]
    return model, loader, nn.CrossEntropyLoss(), lrs


@functools.cache
def _reference_curve() -> tuple[float, ...]:
    import math  # noqa: F401  (the reference's namespace)

    import torch

    namespace: dict[str, Any] = {"torch": torch, "math": math}
    exec(_RANGE, namespace)
    return tuple(namespace["lr_range_test"](*_range_fixture()))


@exercise(
    "p3.craft.lr_range_test",
    title="A learning-rate range test",
    prompt="Complete `lr_range_test(model, loader, loss_fn, lrs)`. Make one plain `torch.optim.SGD` "
    "optimizer (no momentum) over the model's parameters; then for each rate in `lrs`, in order: set the "
    "optimizer's learning rate to it, take the next batch from `loader` (starting the loader again "
    "when it runs out), compute the loss, record `loss.item()`, backpropagate and take a step. Stop "
    "right after recording a loss that is not finite or more than 4 times the smallest loss so far. "
    "Return the list of recorded losses. The check runs it on a model and data of its own.",
    answer="lr_range_test",
    setup=SETUP,
    solution=_RANGE,
    right=[
        """\
import itertools


def lr_range_test(model, loader, loss_fn, lrs):
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    stream = itertools.chain.from_iterable(itertools.repeat(loader))   # the loader, over and over
    losses, best = [], float("inf")
    for lr, (xb, yb) in zip(lrs, stream):
        optimizer.param_groups[0]["lr"] = lr
        loss = loss_fn(model(xb), yb)
        value = float(loss.detach())
        losses.append(value)
        if math.isnan(value) or math.isinf(value) or value > 4 * min(best, value):
            return losses
        best = min(best, value)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses""",
    ] + BLIND["p3.craft.lr_range_test"]["right"],
    wrong=[
        _RANGE.replace("""        try:
            xb, yb = next(batches)
        except StopIteration:            # the loader ran out: start it again
            batches = iter(loader)
            xb, yb = next(batches)
""", """        xb, yb = next(batches, (None, None))
        if xb is None:
            break
"""),
        _RANGE.replace("""        if not math.isfinite(losses[-1]) or losses[-1] > 4 * min(losses):
            break                        # diverged: the rates from here on are useless
""", ""),
        _RANGE.replace("""        losses.append(loss.item())
        if not math.isfinite(losses[-1]) or losses[-1] > 4 * min(losses):""",
                       "        if not math.isfinite(loss.item()) or "
                       "(losses and loss.item() > 4 * min(losses)):")
        .replace("        optimizer.step()\n", "        optimizer.step()\n        "
                                               "losses.append(loss.item())\n"),
        _RANGE.replace("        optimizer.zero_grad()\n", ""),
        _RANGE.replace("""            batches = iter(loader)
            xb, yb = next(batches)""", """            xb, yb = first
        first = (xb, yb) if not losses else first""").replace(
            "        try:\n            xb, yb = next(batches)\n", "        try:\n            xb, yb = first "
                                                                  "if losses else next(batches)\n"),
    ] + BLIND["p3.craft.lr_range_test"]["wrong"],
    hints=[
        "One optimizer for the whole test; before each batch write the new rate into every "
        "`optimizer.param_groups[i][\"lr\"]`.",
        "`next(iterator)` raises StopIteration when the loader is used up: catch it and make a new "
        "`iter(loader)`.",
        "Record the loss first, then test it: `math.isfinite` catches NaN and inf, and compare it with "
        "4 times `min(losses)`; only if it passes, backward and step.",
    ],
)
def lr_range_test(answer):
    model, loader, loss_fn, lrs = _range_fixture()
    with _torch.time_limit(10, "lr_range_test"):
        got = checks.returns(answer, model, loader, loss_fn, lrs, name="lr_range_test")
    try:
        got = [float(v) for v in got]
    except Exception:
        raise Incorrect(f"lr_range_test returned {checks.type_name(got)}: return the list of recorded "
                        "losses (floats, `loss.item()`)") from None
    want = list(_reference_curve())
    if len(got) != len(want):
        if len(got) == len(loader):
            raise Incorrect(f"the test stopped after {len(got)} rates, when the loader ran out of "
                            "batches: start the loader again and go on with the next rate")
        if len(got) == len(lrs) > len(want):
            raise Incorrect(f"all {len(lrs)} rates ran, but the loss passed 4 times its minimum at rate "
                            f"{len(want)}: stop there (the larger rates only blow up)")
        raise Incorrect(f"the test recorded {len(got)} losses, but the loss passed 4 times its minimum "
                        f"at rate {len(want)} of {len(lrs)}: record each loss, then stop right after "
                        "recording one that is not finite or more than 4 times the smallest so far")
    off = [i for i, (g, w) in enumerate(zip(got, want)) if not math.isclose(g, w, rel_tol=1e-4, abs_tol=1e-6)]
    if off:
        i = off[0]
        raise Incorrect(f"{len(off)} of the {len(want)} losses differ; the first is at rate {i} "
                        f"({lrs[i]:.2g}): {got[i]:.4g} instead of {want[i]:.4g}. Record the loss of the "
                        "current weights on the next batch before the step, and zero the gradients "
                        "every batch")
    best = min(range(len(want)), key=want.__getitem__)
    return (f"the loss fell to its minimum at a rate of {lrs[best]:.2g} and blew up at "
            f"{lrs[len(want) - 1]:.2g}. Usable rates sit below the minimum: about ten times below it "
            f"(here {lrs[best] / 10:.1g}) is the cautious choice, half of it ({lrs[best] / 2:.1g}) a bolder "
            "one; both leave room before divergence. The next cell compares them.")
