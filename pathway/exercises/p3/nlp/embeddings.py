"""Notebook 03d, embeddings: from one vector per token to one per sentence (mean pooling with the mask)."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from . import _nlp
from ._blind_a import CASES as BLIND
from ._nlp import MODEL

SETUP = MODEL + """\
bert = language.transformer()   # the encoder without pooling: one 384-d vector per token
batch = tokenizer(["Dock the bike.", "Refunds reach your card in five to ten working days."],
                  padding=True, return_tensors="pt")
with torch.no_grad():
    token_states = bert(**batch).last_hidden_state   # (2, L, 384)
"""

# Sentences of different lengths, so the shorter ones are padded in the batch.
_SENTENCES = ("Ferries leave every hour.", "Tickets bought on board cost two euros more than online ones",
              "Pets travel free.", "The night boat stops at every pier on request")


def _synthetic() -> tuple[Any, Any, Any]:
    """Random token states whose padding positions hold huge values, and the mean over real tokens."""
    import torch

    g = torch.Generator().manual_seed(2718)
    states = torch.randn(4, 7, 5, generator=g)
    lengths = torch.tensor([7, 3, 1, 5])
    mask = (torch.arange(7)[None, :] < lengths[:, None]).long()
    states = torch.where(mask[..., None].bool(), states, torch.full_like(states, 1000.0))
    want = torch.stack([states[i, :n].mean(0) for i, n in enumerate(lengths.tolist())])
    return states, mask, want


@functools.cache
def _real() -> tuple[Any, Any, Any]:
    import torch

    from ....labs import language

    batch = language.tokenizer()(list(_SENTENCES), padding=True, return_tensors="pt")
    with torch.no_grad():
        states = language.transformer()(**batch).last_hidden_state
    return states, batch["attention_mask"], torch.as_tensor(language.embed(_SENTENCES))


def _pooled(answer: Any, states: Any, mask: Any, what: str) -> Any:
    import torch

    out = checks.returns(answer, states.clone(), mask.clone(), name="mean_pool")
    out = _nlp.tensor(out, f"mean_pool({what})")
    n, _, d = states.shape
    if tuple(out.shape) != (n, d):
        raise Incorrect(f"mean_pool({what}) returned shape {tuple(out.shape)}; expected ({n}, {d}), "
                        "one vector per sentence")
    if not torch.isfinite(out).all():
        raise Incorrect(f"mean_pool({what}) returned NaN or inf")
    return out


@exercise(
    "p3.embeddings.mean_pool",
    title="Mean pooling that ignores padding",
    prompt="Complete `mean_pool(token_states, attention_mask)`: `token_states` is a tensor (n, L, d), "
    "one vector per token, and `attention_mask` (n, L) holds 1 for real tokens and 0 for padding, "
    "as the tokenizer returns it. Return (n, d): for each sentence, the mean of the vectors of its "
    "real tokens only. The check pads its own sentences with huge values, then compares your pooling "
    "of the model's token vectors with the sentence embeddings of sentence-transformers.",
    answer="mean_pool",
    setup=SETUP,
    solution='''\
def mean_pool(token_states, attention_mask):
    mask = attention_mask.unsqueeze(-1).float()          # (n, L, 1)
    return (token_states * mask).sum(1) / mask.sum(1).clamp(min=1)''',
    right=[
        '''\
def mean_pool(token_states, attention_mask):
    rows = []
    for states, mask in zip(token_states, attention_mask):
        rows.append(states[mask.bool()].mean(dim=0))
    return torch.stack(rows)''',
        '''\
def mean_pool(token_states, attention_mask):
    weights = attention_mask.float() / attention_mask.sum(dim=1, keepdim=True)
    return torch.einsum("nl,nld->nd", weights, token_states)''',
    ] + BLIND["p3.embeddings.mean_pool"]["right"],
    wrong=[
        "def mean_pool(token_states, attention_mask):\n    return token_states.mean(dim=1)",
        "def mean_pool(token_states, attention_mask):\n    return token_states[:, 0]",
        '''\
def mean_pool(token_states, attention_mask):
    mask = attention_mask.unsqueeze(-1).float()
    return (token_states * mask).sum(1) / token_states.shape[1]''',
        '''\
def mean_pool(token_states, attention_mask):
    mask = attention_mask.unsqueeze(-1).float()
    return (token_states * mask).sum(1)''',
        # one count for the whole batch
        '''\
def mean_pool(token_states, attention_mask):
    mask = attention_mask.unsqueeze(-1).float()
    return (token_states * mask).sum(1) / mask.sum()''',
        '''\
def mean_pool(token_states, attention_mask):
    mask = attention_mask.unsqueeze(-1).bool()
    return token_states.masked_fill(~mask, -1e9).max(dim=1).values''',
        # blind red team: a mean over the batch axis
        '''\
def mean_pool(token_states, attention_mask):
    m = attention_mask.unsqueeze(-1).float()
    return (token_states * m).sum(0) / m.sum(0).clamp(min=1)''',
        # blind red team: [CLS] and [SEP] left out
        '''\
def mean_pool(token_states, attention_mask):
    rows = []
    for s, m in zip(token_states, attention_mask):
        n = int(m.sum())
        rows.append(s[1:max(n - 1, 2)].mean(0))
    return torch.stack(rows)''',
    ] + BLIND["p3.embeddings.mean_pool"]["wrong"],
    hints=[
        "Turn the mask into weights of shape (n, L, 1) so it broadcasts over the d dimensions.",
        "Multiply the token vectors by the mask, sum over the token axis, and divide by the number of "
        "real tokens of each sentence (the sum of its mask row), not by L.",
        "`attention_mask.unsqueeze(-1).float()`; then `.sum(1)` on both the masked states and the mask.",
    ],
)
def mean_pool(answer):
    import torch

    states, mask, want = _synthetic()
    got = _pooled(answer, states, mask, "the check's padded batch")
    if not torch.allclose(got, want, atol=1e-4, rtol=1e-4):
        if torch.allclose(got, states.mean(1), atol=1e-3):
            raise Incorrect("mean_pool averages over every position, padding included: weight the "
                            "tokens by the attention mask")
        if torch.allclose(got, states[:, 0], atol=1e-4):
            raise Incorrect("mean_pool returns the first token's vector ([CLS] pooling); the prompt "
                            "asks for the mean of the real tokens")
        wrong = int((~torch.isclose(got, want, atol=1e-4, rtol=1e-4).all(1)).sum())
        raise Incorrect(f"mean_pool is off for {wrong} of the check's 4 sentences (of 7, 3, 1 and 5 "
                        "real tokens, padding holding huge values): divide each sentence's masked sum "
                        "by its own number of real tokens")
    states, mask, embedded = _real()
    got = torch.nn.functional.normalize(_pooled(answer, states, mask, "the model's token vectors"), dim=1)
    if not torch.allclose(got, embedded, atol=1e-4):
        raise Incorrect("normalised, your pooling of the model's token vectors differs from the "
                        "sentence embeddings sentence-transformers computes for the same sentences")
    return ("your pooling, normalised, is exactly what sentence-transformers computes: a sentence "
            "embedding of all-MiniLM-L6-v2 is the masked mean of its token vectors, scaled to length 1.")
