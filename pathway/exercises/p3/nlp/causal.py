"""Notebook 03d, a small causal language model from scratch: the causal mask, and next-character
training judged by perplexity on held-back text."""

from __future__ import annotations

import functools
import math
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ..deep import _torch
from ._blind_d import CASES as BLIND

SETUP = """\
import numpy as np
import torch
from torch import nn

from pathway.labs import deep, help_center

deep.threads()
text = help_center.handbook_text()                            # the 35 handbook passages, ~5,000 characters
ids = torch.as_tensor(help_center.encode_chars(text))        # one id per character
vocab_size, context = len(help_center.CHARS), 32             # 49 characters; windows of 32
"""

# ---------------------------------------------------------------- the causal mask


def _attention_outputs(mask: Any, x: Any, values: Any = None) -> Any:
    """The check's attention layer on `x` (queries and keys; values too unless `values` is given)."""
    import torch

    torch.manual_seed(3)
    attention = torch.nn.MultiheadAttention(8, 2, batch_first=True).eval()
    with torch.no_grad():
        return attention(x, x, x if values is None else values, attn_mask=mask)[0]


@exercise(
    "p3.causal.causal_mask",
    title="The causal mask",
    prompt="Complete `causal_mask(length)`: the attention mask of a language model, a tensor (length, "
    "length) for the `mask=` / `attn_mask=` argument of PyTorch's attention layers, where True means "
    "\"may not attend\": position i sees positions 0..i (itself included) and none after it. The check "
    "runs it in its own attention layer and changes the future.",
    answer="causal_mask",
    setup=SETUP,
    solution='''\
def causal_mask(length):
    return torch.triu(torch.ones(length, length, dtype=torch.bool), diagonal=1)''',
    right=[
        '''\
def causal_mask(length):
    return nn.Transformer.generate_square_subsequent_mask(length)   # -inf above the diagonal, 0 elsewhere''',
        '''\
def causal_mask(length):
    positions = torch.arange(length)
    return positions[None, :] > positions[:, None]''',
    ] + BLIND["p3.causal.causal_mask"]["right"],
    wrong=[
        "def causal_mask(length):\n"
        "    return torch.tril(torch.ones(length, length, dtype=torch.bool), diagonal=-1)",
        "def causal_mask(length):\n    return torch.triu(torch.ones(length, length, dtype=torch.bool))",
        "def causal_mask(length):\n    return torch.triu(torch.ones(length, length), diagonal=1)",
        "def causal_mask(length):\n    return ~torch.eye(length, dtype=torch.bool)",
        "def causal_mask(length):\n    return torch.zeros(length, length, dtype=torch.bool)",
        "def causal_mask(length):\n    return torch.triu(torch.ones(6, 6, dtype=torch.bool), diagonal=1)",
        # blind red team: transposed: the past hidden
        '''\
def causal_mask(length):
    return torch.triu(torch.ones(length, length), diagonal=1).bool().T''',
        # blind red team: the diagonal and its neighbour open
        '''\
def causal_mask(length):
    return torch.ones(length, length, dtype=torch.bool).triu(2)''',
    ] + BLIND["p3.causal.causal_mask"]["wrong"],
    hints=[
        "Row i of the mask is the query at position i; column j the key at position j. Which (i, j) "
        "pairs must be hidden?",
        "Hide j > i: the upper triangle above the diagonal. `torch.triu(..., diagonal=1)` keeps exactly "
        "that part of a matrix of ones.",
        "Make it boolean (`dtype=torch.bool`): a float mask is ADDED to the scores, so ones hide nothing.",
    ],
)
def causal_mask(answer):
    import torch

    g = torch.Generator().manual_seed(8)
    for length in (7, 1, 12):
        mask = checks.returns(answer, length, name="causal_mask")
        if not isinstance(mask, torch.Tensor) or tuple(mask.shape) != (length, length):
            shape = tuple(mask.shape) if isinstance(mask, torch.Tensor) else checks.type_name(mask)
            raise Incorrect(f"causal_mask({length}) returned {shape}; expected a tensor ({length}, {length})")
        x = torch.randn(2, length, 8, generator=g)
        try:
            out = _attention_outputs(mask, x)
        except Exception as exc:
            raise Incorrect(f"an attention layer refused causal_mask({length}): {type(exc).__name__}: "
                            f"{checks.short(str(exc), 120)}") from None
        if not torch.isfinite(out).all():
            raise Incorrect(f"with causal_mask({length}) some positions attend to nothing (NaN): a position "
                            "must see itself, so the diagonal stays open")
        if length < 2:
            continue
        cut = length // 2
        changed = x.clone()
        changed[:, cut:] = torch.randn(2, length - cut, 8, generator=g)
        if not torch.allclose(_attention_outputs(mask, changed)[:, :cut], out[:, :cut], atol=1e-5):
            raise Incorrect(f"with causal_mask({length}), changing the tokens from position {cut} on changed "
                            "the outputs before it: positions still see the future. True must mark j > i "
                            "(and a float mask of 0/1 hides nothing: it is added to the scores)")
        for i in range(length):
            # the queries and keys stay; only the value at i changes: output i moves iff i sees itself
            values = x.clone()
            values[:, i] += 3.0
            if torch.allclose(_attention_outputs(mask, x, values)[:, i], out[:, i], atol=1e-5):
                raise Incorrect(f"with causal_mask({length}), position {i} does not see itself: the "
                                "diagonal must stay visible (False), only j > i is hidden")
        past = x.clone()
        past[:, 0] = torch.randn(2, 8, generator=g)
        if torch.allclose(_attention_outputs(mask, past)[:, -1], out[:, -1], atol=1e-5):
            raise Incorrect(f"with causal_mask({length}), the last position ignores the first: the past "
                            "must stay visible, only later positions are hidden")
    return ("the future is hidden and the past visible: with this mask, one forward pass trains the "
            "model on every next-token prediction of a sequence at once.")


# ---------------------------------------------------------------- training, judged by perplexity

_LM = '''\
class CharLM(nn.Module):
    def __init__(self, vocab_size, d_model=64, context=32):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, d_model)
        self.position = nn.Embedding(context, d_model)
        self.block = nn.TransformerEncoderLayer(d_model, nhead=4, dim_feedforward=128, dropout=0.0,
                                                batch_first=True)
        self.out = nn.Linear(d_model, vocab_size)

    def forward(self, ids):                     # ids: (n, L) with L <= context
        length = ids.shape[1]
        x = self.embed(ids) + self.position(torch.arange(length, device=ids.device))
        future = torch.triu(torch.ones(length, length, dtype=torch.bool, device=ids.device), diagonal=1)
        return self.out(self.block(x, src_mask=future))   # (n, L, vocab_size): a guess per position


torch.manual_seed(0)
lm = CharLM(vocab_size)
optimizer = torch.optim.Adam(lm.parameters(), lr=5e-3)
generator = torch.Generator().manual_seed(0)
lm.train()
for step in range(STEPS):
    starts = torch.randint(0, len(ids) - context - 1, (32,), generator=generator)
    batch = torch.stack([ids[s:s + context + 1] for s in starts.tolist()])
    logits = lm(batch[:, :-1])                               # predict each next character
    loss = nn.functional.cross_entropy(logits.reshape(-1, vocab_size), batch[:, 1:].reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
lm.eval()'''

_GRU = '''\
class GruLM(nn.Module):
    def __init__(self, vocab_size, hidden=128):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, 32)
        self.gru = nn.GRU(32, hidden, batch_first=True)   # reads left to right: causal by design
        self.out = nn.Linear(hidden, vocab_size)

    def forward(self, ids):
        return self.out(self.gru(self.embed(ids))[0])


torch.manual_seed(0)
lm = GruLM(vocab_size)
optimizer = torch.optim.Adam(lm.parameters(), lr=1e-2)
lm.train()
for step in range(150):
    starts = torch.randint(0, len(ids) - context - 1, (32,))
    batch = torch.stack([ids[s:s + context + 1] for s in starts.tolist()])
    loss = nn.functional.cross_entropy(lm(batch[:, :-1]).transpose(1, 2), batch[:, 1:])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
lm.eval()'''

HELD_BACK_TEXT = (
    "Ferries leave the main pier every hour from 6 am to midnight. The crossing takes 25 minutes. "
    "Tickets cost 4 euros online and 6 euros on board. Children under 6 travel free. Dogs may travel "
    "on the outer deck if they are on a leash. If a bike has broken brakes, dock it and report it in "
    "the app; you are not charged for the ride. Members can pause their membership once a year. "
    "Refunds reach your card within ten working days. The battery level of each bike is shown before "
    "you unlock it, and the lights stay on for two minutes after you stop."
)
NEED = 9.0   # perplexity per character on HELD_BACK_TEXT: uniform guessing is 49, character
             # frequencies alone 19, the reference model after its 200 steps about 6.6


@functools.cache
def _held_back_windows() -> Any:
    import torch

    from ....labs import help_center

    codes = torch.as_tensor(help_center.encode_chars(HELD_BACK_TEXT))
    n = (len(codes) - 1) // 32
    return torch.stack([codes[i * 32:i * 32 + 33] for i in range(n)])


def perplexity(logits: Any, targets: Any) -> float:
    """exp of the mean next-token cross-entropy."""
    import torch

    loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
    return math.exp(float(loss))


@exercise(
    "p3.causal.char_lm",
    title="A character language model, judged by perplexity",
    prompt="Train `lm`, an nn.Module called as `lm(ids)` on character ids (n, L), L <= 32, returning "
    "logits (n, L, vocab_size): at each position, the scores of the next character, seeing only "
    "that position and those before it. Train on `ids` (the handbook) with next-character cross-"
    f"entropy. The check proves it is causal and measures its perplexity on text it wrote itself: it "
    f"needs {NEED:g} or less (guessing uniformly gives 49).",
    answer="lm",
    setup=SETUP,
    solution=_LM.replace("STEPS", "200"),
    right=[_GRU, *BLIND["p3.causal.char_lm"]["right"]],
    wrong=[
        # the same model, never trained
        _LM.split("optimizer =")[0] + "lm.eval()",
        # no causal mask: it reads the answer
        _LM.replace("src_mask=future", "src_mask=None").replace("STEPS", "200"),
        # trained to repeat the current character, not to predict the next one
        _LM.replace("STEPS", "200").replace("batch[:, 1:].reshape(-1)", "batch[:, :-1].reshape(-1)"),
        # a bigram table: causal, but barely trained
        '''\
lm = nn.Embedding(vocab_size, vocab_size)
optimizer = torch.optim.Adam(lm.parameters(), lr=1e-2)
for step in range(5):
    loss = nn.functional.cross_entropy(lm(ids[:-1]), ids[1:])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()''',
    ] + BLIND["p3.causal.char_lm"]["wrong"],
    hints=[
        "Embed the ids, add a position vector, run a `nn.TransformerEncoderLayer` with a causal mask "
        "(`src_mask=`), and map each position back to `vocab_size` scores with a Linear layer. A GRU "
        "(left to right) is causal too.",
        "Train on random windows of 33 characters: the first 32 are the input, the last 32 the targets "
        "(the same text shifted by one).",
        "cross_entropy wants (N, vocab) scores and (N,) targets: reshape the (n, L, vocab) logits to "
        "(n*L, vocab). About 200 Adam steps at 5e-3 take a few seconds.",
    ],
)
def char_lm(answer):
    import torch

    model = _torch.module(answer, "lm")
    windows = _held_back_windows()
    with _torch.time_limit(20, "lm on the held-back text"):
        logits = _torch.outputs(model, windows[:, :-1], name="lm")
        if logits.ndim != 3 or tuple(logits.shape[:2]) != tuple(windows[:, :-1].shape):
            raise Incorrect(f"lm returned shape {tuple(logits.shape)} for ids "
                            f"{tuple(windows[:, :-1].shape)}: "
                            "expected (n, L, vocab_size), one row of scores per position")
        changed = windows[:, :-1].clone()
        changed[:, 16:] = (changed[:, 16:] + 7) % logits.shape[-1]
        again = _torch.outputs(model, changed, name="lm")
    if not torch.allclose(again[:, :16], logits[:, :16], atol=1e-4):
        raise Incorrect("changing the characters from position 16 on changed lm's scores at earlier "
                        "positions: it sees the future. Add a causal mask (or use a left-to-right model)")
    ppl = perplexity(logits, windows[:, 1:])
    if ppl > NEED:
        raise Incorrect(f"lm's perplexity on the check's own text is {ppl:.1f}; it needs {NEED:g} or less "
                        "(49 is uniform guessing, 19 is knowing only how common each character is). "
                        "Train it longer, on next-character targets")
    return (f"perplexity {ppl:.1f} on text it never saw: on average as unsure as a choice among "
            f"{ppl:.0f} characters, against 49 for a uniform guess. Same loss, same mask, billions of "
            "parameters and tokens: that is a large language model.")
