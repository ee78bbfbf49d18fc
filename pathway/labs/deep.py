"""Data and small helpers for notebook 03b (deep learning), all offline and deterministic.

torch is imported inside the functions, so `import pathway` stays light. The digit images come
from scikit-learn's bundled `load_digits` (1,797 images of 8x8 pixels, no download), split once
with a fixed seed: the notebook gets the training part; the held-out part is read only by the
checks (`pathway.exercises.p3.deep._data`): no public helper here returns it.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

DIGITS_HELD_OUT = 0.25
"""The share of the digit images the notebook never sees: the checks score models on them."""


def threads(n: int = 1) -> int:
    """Run torch on `n` CPU threads (default 1) and return it.

    Why: these models are tiny, so splitting each matrix product across threads costs more than it
    saves; on a busy 2-core machine, 2 threads waiting on each other made a 2-second training take
    minutes. Raise it for big models.
    """
    import torch

    torch.set_num_threads(n)
    return n


def device() -> Any:
    """`cuda` when a GPU is available, else the CPU: the same code runs on both."""
    import torch

    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def spirals(n: int = 600, seed: int = 0, noise: float = 0.15) -> tuple[Any, Any]:
    """Three interleaved spiral arms in 2-D: X (n, 2) float32, y (n,) int64 in {0, 1, 2}.

    No straight line separates the arms (a linear model stays near 1/3 to 1/2 accuracy), while a
    small network with one or two hidden layers of a few dozen units separates them.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, size=n)
    t = rng.uniform(0.15, 1.0, size=n)
    angle = 1.6 * np.pi * t + y * (2 * np.pi / 3)
    X = np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1)
    X = X + rng.normal(scale=noise * t[:, None] * 0.5, size=X.shape)
    return X.astype("float32"), y.astype("int64")


@functools.cache
def _digits_split() -> tuple[Any, Any, Any, Any]:
    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    images = (digits.images / 16.0).astype("float32")[:, None, :, :]  # (n, 1, 8, 8) in [0, 1]
    X_tr, X_te, y_tr, y_te = train_test_split(
        images, digits.target.astype("int64"), test_size=DIGITS_HELD_OUT, random_state=42,
        stratify=digits.target,
    )
    for a in (X_tr, X_te, y_tr, y_te):
        a.setflags(write=False)
    return np.asarray(X_tr), np.asarray(y_tr), np.asarray(X_te), np.asarray(y_te)


def digits_images() -> tuple[Any, Any]:
    """The notebook's digit images: X (1347, 1, 8, 8) float32 in [0, 1] (channels first), y (1347,).

    The other 450 images are held back for the checks, so a score there is a fair one.
    """
    X, y, _, _ = _digits_split()
    return X.copy(), y.copy()


def small_cnn(n_classes: int = 10) -> Any:
    """The CNN of the transfer-learning section: two conv blocks (the 'features') and a linear head."""
    import torch.nn as nn

    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # 16 x 4 x 4
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 32 x 2 x 2
        nn.Flatten(),
        nn.Linear(32 * 2 * 2, n_classes),
    )


def fit(model: Any, X: Any, y: Any, *, epochs: int = 10, lr: float = 1e-2, batch_size: int = 64,
        seed: int = 0, weight_decay: float = 0.0) -> Any:
    """A plain Adam training loop with cross-entropy, seeded; returns the model in eval mode."""
    import torch
    from torch.utils.data import DataLoader, TensorDataset

    torch.manual_seed(seed)
    data = TensorDataset(torch.as_tensor(X), torch.as_tensor(y))
    loader = DataLoader(data, batch_size=batch_size, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(params, lr=lr, weight_decay=weight_decay)
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    for _ in range(epochs):
        for xb, yb in loader:
            optimizer.zero_grad()
            loss_fn(model(xb), yb).backward()
            optimizer.step()
    return model.eval()


PRETRAIN_CLASSES = (0, 1, 2, 3, 4)
TRANSFER_CLASSES = (5, 6, 7, 8, 9)


@functools.cache
def _pretrained() -> Any:
    import torch

    X, y = digits_images()
    keep = torch.isin(torch.as_tensor(y), torch.tensor(PRETRAIN_CLASSES)).numpy()
    torch.manual_seed(0)
    model = small_cnn(len(PRETRAIN_CLASSES))
    return fit(model, X[keep], y[keep], epochs=12, lr=5e-3, seed=0)


def pretrained_cnn() -> Any:
    """`small_cnn` trained on the digits 0-4 of the training images (a fresh copy each call).

    Stands in for a network pretrained on a large dataset: its convolutions have learned strokes
    and curves, which the digits 5-9 are drawn with too.
    """
    return copy.deepcopy(_pretrained())


def few_digits(per_class: int = 10, classes: tuple[int, ...] = TRANSFER_CLASSES,
               seed: int = 0) -> tuple[Any, Any]:
    """A small labelled set: `per_class` training images of each of `classes`, labels 0..len-1."""
    import numpy as np

    X, y = digits_images()
    rng = np.random.default_rng(seed)
    rows = np.concatenate([rng.choice(np.flatnonzero(y == c), per_class, replace=False) for c in classes])
    labels = np.searchsorted(np.asarray(classes), y[rows])
    return X[rows], labels.astype("int64")
