"""Toy sequence tasks for notebook 03b, generated deterministically from a seed.

Each generator returns NumPy arrays (torch stays out of `import pathway`); the notebook turns them
into tensors. A check draws fresh sequences from the same generator with a seed the notebook
never uses, so a model is judged on sequences it has never seen.
"""

from __future__ import annotations

from typing import Any

PAD = 0
"""The padding token id of the token tasks: real tokens are 1..vocab-1."""


def first_sign(n: int, length: int = 12, seed: int = 0) -> tuple[Any, Any]:
    """Sequences of `length` noisy values, shape (n, length, 1); label 1 when the FIRST value is positive.

    Why this task: the answer sits at the start and the network reads to the end, so it must carry
    what it saw in its hidden state past many distracting values; a model that forgets, or one that
    looks only at the last steps, stays at chance (50 %).
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, length, 1)).astype("float32")
    x[:, 0, 0] = np.where(np.abs(x[:, 0, 0]) < 0.1, np.sign(x[:, 0, 0] + 1e-9) * 0.1, x[:, 0, 0])
    y = (x[:, 0, 0] > 0).astype("int64")
    return x, y


def count_compare(n: int, max_len: int = 10, vocab: int = 6, seed: int = 0) -> tuple[Any, Any, Any]:
    """Token sequences of varying length, padded with PAD to `max_len`: label 1 when token 1 occurs
    more often than token 2. Returns tokens (n, max_len) int64, pad_mask (n, max_len) bool (True =
    padding) and labels (n,) int64.

    Why this task: the answer depends on every real token of the sequence and on none of the
    padding, which is exactly what a padding mask must guarantee. Ties are excluded.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    tokens = np.full((n, max_len), PAD, dtype="int64")
    labels = np.zeros(n, dtype="int64")
    i = 0
    while i < n:
        length = int(rng.integers(3, max_len + 1))
        seq = rng.integers(1, vocab, size=length)
        ones, twos = int((seq == 1).sum()), int((seq == 2).sum())
        if ones == twos:
            continue
        tokens[i, :length] = seq
        labels[i] = int(ones > twos)
        i += 1
    return tokens, tokens == PAD, labels
