"""Phase 3, deep learning in PyTorch: a recurrent network (GRU or LSTM) on generated sequences."""

from __future__ import annotations

from ...engine import Incorrect, exercise
from . import _torch
from ._blind_models import blind
from ._torch import TORCH

SETUP = TORCH + """\
X_seq, y_seq = (torch.as_tensor(a) for a in sequences.first_sign(1000, seed=0))  # (1000, 12, 1), (1000,)
"""

_LOOP = """\
loader = DataLoader(TensorDataset(X_seq, y_seq), batch_size=64, shuffle=True)
optimizer = torch.optim.Adam(rnn.parameters(), lr=2e-2)
for epoch in range(15):
    rnn.train()
    for xb, yb in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(rnn(xb), yb).backward()
        optimizer.step()
rnn.eval()"""


@exercise(
    "p3.deep.rnn_first_sign",
    title="A recurrent network that remembers",
    prompt="Train `rnn`, a PyTorch model built around a recurrent layer (`nn.GRU`, `nn.LSTM` or "
    "`nn.RNN`), that reads sequences (n, 12, 1) and returns 2 logits: class 1 when the FIRST value "
    "of the sequence is positive. Train on `X_seq`, `y_seq`; the check draws 1,000 fresh sequences "
    "and needs at least 95 % right.",
    answer="rnn",
    setup=SETUP,
    solution="""\
class FirstSign(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.gru = nn.GRU(input_size=1, hidden_size=hidden, batch_first=True)
        self.head = nn.Linear(hidden, 2)

    def forward(self, x):
        outputs, h_last = self.gru(x)    # h_last: (layers, n, hidden), the state after the last step
        return self.head(h_last[-1])

torch.manual_seed(0)
rnn = FirstSign()
""" + _LOOP,
    right=[
        """\
class LastStep(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(1, 24, batch_first=True)
        self.head = nn.Linear(24, 2)

    def forward(self, x):
        out, _ = self.gru(x)
        return self.head(out[:, -1])     # the output at the last time step

torch.manual_seed(0)
rnn = LastStep()
""" + _LOOP,
    ] + blind("p3.deep.rnn_first_sign", "right"),
    wrong=[
        """\
torch.manual_seed(0)
rnn = nn.Sequential(nn.Flatten(), nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 2))
""" + _LOOP,
        """\
class FirstSign(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(1, 32, batch_first=True)
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 2))

    def forward(self, x):
        out, h = self.gru(x)           # run, then ignored: the head reads the raw sequence
        return self.head(x)

torch.manual_seed(0)
rnn = FirstSign()
""" + _LOOP,
        """\
class FirstSign(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(1, 32, batch_first=True)
        self.head = nn.Linear(32, 2)

    def forward(self, x):
        return self.head(self.gru(x)[1][-1])

torch.manual_seed(0)
rnn = FirstSign()""",
        """\
class FirstSign(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(1, 32, batch_first=True)
        self.head = nn.Linear(32, 2)

    def forward(self, x):
        return self.head(self.gru(x)[1][-1])

torch.manual_seed(0)
rnn = FirstSign()
""" + _LOOP.replace("range(15)", "range(2)"),
    ] + blind("p3.deep.rnn_first_sign", "wrong"),
    hints=[
        "`nn.GRU(input_size=1, hidden_size=32, batch_first=True)` reads (n, steps, features) and "
        "returns the output at every step and the final hidden state; a Linear head turns the final "
        "state into 2 logits. Wrap both in an nn.Module subclass.",
        "The state after the last step is `h_last[-1]` (the last layer's); or take `outputs[:, -1]`.",
        "The network learns slowly at first and then suddenly: give it about 15 epochs of Adam at a "
        "learning rate of 2e-2, in batches of 64.",
    ],
)
def rnn_first_sign(answer):
    import torch
    import torch.nn as nn

    from ....labs import sequences

    model = _torch.module(answer, "rnn")
    if not _torch.contains(model, (nn.RNNBase,)):
        raise Incorrect("rnn has no recurrent layer: build it around nn.GRU, nn.LSTM or nn.RNN, which "
                        "carry a hidden state from step to step")
    X, y = sequences.first_sign(1000, seed=777)  # sequences the notebook never drew
    _torch.used(model, (nn.RNNBase,), torch.as_tensor(X[:64]), name="rnn",
                what="a recurrent layer (nn.GRU, nn.LSTM or nn.RNN)")
    score = _torch.accuracy(model, X, y, name="rnn", classes=2)
    _torch.bar(score, 0.95, "rnn", "1,000 fresh sequences",
               "Near 50 % is chance: train for more epochs (it learns late and then fast).")
    return (f"{score:.1%} of fresh sequences: the network carried the first value through 11 steps "
            "of noise in its hidden state, which is what the gates of a GRU or LSTM are for.")
