"""Phase 3, deep learning in PyTorch: a convolutional network on the 8x8 digits."""

from __future__ import annotations

from ...engine import Incorrect, exercise
from . import _torch
from ._blind_models import blind
from ._data import held_out_digits
from ._torch import TORCH

DIGITS = TORCH + """\
X_digits, y_digits = (torch.as_tensor(a) for a in deep.digits_images())  # (1347, 1, 8, 8), (1347,)
"""

_LOOP = """\
loader = DataLoader(TensorDataset(X_digits, y_digits), batch_size=64, shuffle=True)
optimizer = torch.optim.Adam(cnn.parameters(), lr=5e-3)
for epoch in range(12):
    cnn.train()
    for xb, yb in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(cnn(xb), yb).backward()
        optimizer.step()
cnn.eval()"""


@exercise(
    "p3.deep.cnn_digits",
    title="A CNN that reads the digits",
    prompt="Build and train `cnn`, a PyTorch model with at least one convolution (`nn.Conv2d`) that "
    "maps images (n, 1, 8, 8) with pixels in [0, 1] to 10 logits. Train it on `X_digits`, "
    "`y_digits` only; it must read at least 95 % of the 450 held-out images the check keeps, "
    "after a few seconds of CPU training.",
    answer="cnn",
    setup=DIGITS,
    solution="""\
torch.manual_seed(0)
cnn = nn.Sequential(
    nn.Conv2d(1, 16, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # 16 maps of 4x4
    nn.Conv2d(16, 32, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 32 maps of 2x2
    nn.Flatten(),
    nn.Linear(32 * 2 * 2, 10),                                               # the classifier head
)
""" + _LOOP,
    right=[
        """\
class DigitNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 12, 3, padding=1), nn.BatchNorm2d(12), nn.ReLU(),
            nn.Conv2d(12, 24, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(2),
        )
        self.head = nn.Linear(24 * 4, 10)

    def forward(self, x):
        return self.head(self.features(x).flatten(1))

torch.manual_seed(1)
cnn = DigitNet()
""" + _LOOP,
    ] + blind("p3.deep.cnn_digits", "right"),
    wrong=[
        """\
torch.manual_seed(0)
cnn = nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
""" + _LOOP,
        """\
class DigitNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 16, 3, padding=1)       # declared...
        self.mlp = nn.Sequential(nn.Flatten(), nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))

    def forward(self, x):
        return self.mlp(x)                              # ...but never called

torch.manual_seed(0)
cnn = DigitNet()
""" + _LOOP,
        """\
class DigitNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3, padding=1)
        self.mlp = nn.Sequential(nn.Flatten(), nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))

    def forward(self, x):
        features = self.conv(x)                         # computed, then thrown away
        return self.mlp(x)

torch.manual_seed(0)
cnn = DigitNet()
""" + _LOOP,
        """\
torch.manual_seed(0)
cnn = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 2 * 2, 10),
)""",
        """\
torch.manual_seed(0)
cnn = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 2 * 2, 10),
)
optimizer = torch.optim.SGD(cnn.parameters(), lr=1e-3)
for xb, yb in DataLoader(TensorDataset(X_digits, y_digits), batch_size=64, shuffle=True):
    optimizer.zero_grad()
    nn.functional.cross_entropy(cnn(xb), yb).backward()
    optimizer.step()""",
    ] + blind("p3.deep.cnn_digits", "wrong"),
    hints=[
        "A small CNN: a convolution block or two (`nn.Conv2d`, `nn.ReLU`, `nn.MaxPool2d`), then "
        "`nn.Flatten()` and an `nn.Linear` head with 10 outputs. Mind the size after each pooling.",
        "8x8 pooled twice by 2 leaves 2x2 maps: with 32 channels the head takes 32*2*2 inputs.",
        "Train as before: Adam with a learning rate around 5e-3, batches of 64, about ten epochs.",
    ],
)
def cnn_digits(answer):
    import torch
    import torch.nn as nn

    model = _torch.module(answer, "cnn")
    if not _torch.contains(model, (nn.Conv2d,)):
        raise Incorrect("cnn has no convolution: this exercise is about an nn.Conv2d (filters that "
                        "slide over the image); a network of only Linear layers is an MLP")
    X, y = held_out_digits()
    _torch.used(model, (nn.Conv2d,), torch.as_tensor(X[:64]), name="cnn", what="a convolution (nn.Conv2d)")
    score = _torch.accuracy(model, X, y, name="cnn", classes=10)
    _torch.bar(score, 0.95, "cnn", "the 450 held-out digits",
               "Is it trained (several epochs, a learning rate around 1e-3 to 1e-2 with Adam)?")
    n_params = sum(p.numel() for p in model.parameters())
    return (f"{score:.1%} of the 450 held-out digits, with {n_params:,} weights. A convolution reuses "
            "its 3x3 filters at every position, which is why so few weights suffice.")

