"""Phase 3, deep learning in PyTorch: the training loop, written by hand."""

from __future__ import annotations

from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from . import _torch
from ._blind_models import blind
from ._torch import TORCH

_EPOCH = """\
def train_epoch(model, loader, loss_fn, optimizer):
    \"\"\"One pass over the loader, updating the model; returns the mean loss over the batches.\"\"\"
    model.train()                      # dropout and batch norm behave as in training
    losses = []
    for xb, yb in loader:
        optimizer.zero_grad()          # gradients add up in .grad unless cleared
        loss = loss_fn(model(xb), yb)
        loss.backward()                # d loss / d every weight
        optimizer.step()               # one step downhill
        losses.append(loss.item())
    return sum(losses) / len(losses)"""


_ZERO = "        optimizer.zero_grad()          # gradients add up in .grad unless cleared\n"
_TRAIN = "    model.train()                      # dropout and batch norm behave as in training\n"


def _epoch_fixture() -> tuple[Any, Any, Any]:
    """A model with dropout (so train() matters), a loader of uneven batches, a loss."""
    import torch
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset

    from ....labs import deep

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.3), nn.Linear(16, 3))
    X, y = deep.spirals(20, seed=99)
    loader = DataLoader(TensorDataset(torch.as_tensor(X), torch.as_tensor(y)), batch_size=8)
    return model.eval(), loader, nn.CrossEntropyLoss()


def _run(fn: Any, *, train: bool = True, zero: bool = True) -> tuple[Any, Any]:
    """Run `fn` (or the reference epoch with a mistake) on a fresh fixture; (model, result)."""
    import torch

    model, loader, loss_fn = _epoch_fixture()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    torch.manual_seed(123)  # the same dropout masks for the learner's run and the reference
    if fn is not None:
        with _torch.time_limit(10, "train_epoch"):
            return model, checks.call(fn, model, loader, loss_fn, optimizer, name="train_epoch")
    if train:
        model.train()
    losses, weights = [], []
    for xb, yb in loader:
        if zero:
            optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        weights.append(len(xb))
    per_sample = sum(v * w for v, w in zip(losses, weights)) / sum(weights)
    return model, (sum(losses) / len(losses), per_sample)


def _same_params(a: Any, b: Any) -> bool:
    import torch

    return all(torch.allclose(p, q, atol=1e-6) for p, q in zip(a.parameters(), b.parameters()))


@exercise(
    "p3.deep.train_epoch",
    title="One epoch of training, by hand",
    prompt="Complete `train_epoch(model, loader, loss_fn, optimizer)`: one pass over the DataLoader "
    "that puts the model in training mode and, for every batch, clears the old gradients, computes "
    "the loss, backpropagates and takes an optimizer step. Return the mean of the batch losses as "
    "a float.",
    answer="train_epoch",
    setup=TORCH,
    solution=_EPOCH,
    right=[
        _EPOCH.replace("    return sum(losses) / len(losses)", "    return float(np.mean(losses))")
        .replace("model.train()  ", "model.train(True)"),
    ] + blind("p3.deep.train_epoch", "right"),
    wrong=[
        _EPOCH.replace(_ZERO, ""),
        _EPOCH.replace(_TRAIN, ""),
        _EPOCH.replace("        optimizer.step()               # one step downhill\n", ""),
        _EPOCH.replace("    return sum(losses) / len(losses)", "    return losses"),
        _EPOCH.replace("losses.append(loss.item())", "losses.append(loss)"),
        _EPOCH.replace("    return sum(losses) / len(losses)", "    return torch.tensor(losses).mean()"),
        """\
def train_epoch(model, loader, loss_fn, optimizer):
    model.train()
    total, count = 0.0, 0
    for xb, yb in loader:
        loss = loss_fn(model(xb), yb)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)   # the mean over samples, not batches
        count += len(xb)
    return total / count""",
    ] + blind("p3.deep.train_epoch", "wrong"),
    hints=[
        "The five moves of every PyTorch training step: zero the gradients, forward, loss, "
        "backward, step. Before the loop, switch the model to training mode.",
        "`optimizer.zero_grad()` first (PyTorch adds new gradients to the old ones), then "
        "compute the loss of the model's output on the batch against `yb`, call `backward()` on it, "
        "then `optimizer.step()`; keep `loss.item()` for the average.",
        "`model.train()` matters for layers such as Dropout, which act differently in evaluation mode.",
    ],
)
def train_epoch(answer):
    import numbers

    model, got = _run(answer)
    if got is None:
        raise Incorrect("train_epoch returned None: return the mean of the batch losses (a float)")
    reference, means = _run(None)
    if not _same_params(model, reference):
        untouched = _epoch_fixture()[0]
        if _same_params(model, untouched):
            raise Incorrect("after train_epoch the weights are unchanged: call optimizer.step() after "
                            "loss.backward() for every batch")
        if _same_params(model, _run(None, zero=False)[0]):
            raise Incorrect("the gradients of earlier batches leak into later steps: call "
                            "optimizer.zero_grad() at the start of every batch")
        if _same_params(model, _run(None, train=False)[0]):
            raise Incorrect("the model trained in evaluation mode (its Dropout was off): call "
                            "model.train() before the loop")
        raise Incorrect("the weights after one epoch differ from one SGD step per batch: zero the "
                        "gradients, forward, loss, backward, step, in that order, once per batch")
    if type(got).__module__.startswith("torch"):
        graph = " that holds the whole computation graph (it keeps every batch's activations alive)" \
            if getattr(got, "requires_grad", False) else ""
        raise Incorrect(f"train_epoch returned a torch tensor{graph}; the prompt asks for a float: "
                        "average `loss.item()` over the batches")
    if not isinstance(got, numbers.Real) or isinstance(got, bool):
        raise Incorrect(f"train_epoch returned {checks.type_name(got)}: return the mean loss as one "
                        "number (`loss.item()` turns a one-element tensor into a float)")
    if abs(got - means[1]) <= 1e-6 * max(1.0, abs(means[1])) < abs(got - means[0]):
        raise Incorrect(f"train_epoch returned {got:.6g}, the mean loss per sample; the prompt asks for "
                        f"the mean of the batch losses ({means[0]:.6g}): with a short last batch they "
                        "differ. Average `loss.item()` over the batches")
    if abs(got - means[0]) > 1e-5 * max(1.0, abs(means[0])):
        raise Incorrect(f"train_epoch returned {got:.4g}, but the mean batch loss was {means[0]:.4g}: "
                        "average `loss.item()` over the batches")
    return ("the weights after your epoch match one SGD step per batch to six decimals: that loop, "
            "with a model, a loss and an optimizer swapped in, trains every network in PyTorch.")


@exercise(
    "p3.deep.spirals_net",
    title="Train a network to separate three spirals",
    prompt="Train `net`, a PyTorch model mapping points (n, 2) to 3 logits, on `X_spirals`, "
    "`y_spirals` with a loop you write (Dataset/DataLoader, loss, optimizer, seeded). It must "
    "classify at least 90 % of fresh spiral points, which the check draws itself, in under 10 s "
    "of training.",
    answer="net",
    setup=TORCH + """\
X_spirals, y_spirals = (torch.as_tensor(a) for a in deep.spirals(600, seed=0))
""",
    solution="""\
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
net = net.to(device)                     # the GPU if there is one; the same code on the CPU
loader = DataLoader(TensorDataset(X_spirals, y_spirals), batch_size=32, shuffle=True)
optimizer = torch.optim.Adam(net.parameters(), lr=1e-2)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(30):
    net.train()
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)  # each batch goes where the model is
        optimizer.zero_grad()
        loss_fn(net(xb), yb).backward()
        optimizer.step()
net.eval()""",
    right=[
        """\
class Spirals(nn.Module):
    def __init__(self, hidden=48):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(2, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh())
        self.head = nn.Linear(hidden, 3)

    def forward(self, x):
        return self.head(self.body(x))

torch.manual_seed(1)
net = Spirals()
optimizer = torch.optim.AdamW(net.parameters(), lr=2e-2)
for epoch in range(300):          # full batch: 600 points fit in one step
    optimizer.zero_grad()
    nn.functional.cross_entropy(net(X_spirals), y_spirals).backward()
    optimizer.step()""",
    ] + blind("p3.deep.spirals_net", "right"),
    wrong=[
        """\
torch.manual_seed(0)
net = nn.Linear(2, 3)
optimizer = torch.optim.Adam(net.parameters(), lr=1e-2)
for epoch in range(300):
    optimizer.zero_grad()
    nn.functional.cross_entropy(net(X_spirals), y_spirals).backward()
    optimizer.step()""",
        """\
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))""",
        """\
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
loader = DataLoader(TensorDataset(X_spirals, y_spirals), batch_size=32, shuffle=True)
optimizer = torch.optim.SGD(net.parameters(), lr=1e-3)
for epoch in range(3):
    for xb, yb in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(net(xb), yb).backward()
        optimizer.step()""",
    ] + blind("p3.deep.spirals_net", "wrong"),
    hints=[
        "A straight line cannot separate spirals: you need hidden layers with a non-linearity "
        "(ReLU or Tanh) between the Linear layers.",
        "Two hidden layers of about 64 units, Adam with a learning rate around 1e-2, and some tens "
        "of epochs over mini-batches of 32 get there in a few seconds.",
        "Your loop is `train_epoch` from above, repeated: zero_grad, forward, loss, backward, step.",
    ],
)
def spirals_net(answer):
    from ....labs import deep

    net = _torch.module(answer, "net")
    X, y = deep.spirals(2000, seed=2024)  # points the notebook never drew
    score = _torch.accuracy(net, X, y, name="net", classes=3)
    _torch.bar(score, 0.90, "net", "2,000 fresh spiral points",
               "A linear model or an untrained one stays near chance: add hidden layers, "
               "train for more epochs, or raise the learning rate.")
    return (f"{score:.1%} of 2,000 spiral points net had never seen: the hidden layers bent the "
            "decision boundaries around the arms.")

