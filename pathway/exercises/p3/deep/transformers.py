"""Phase 3, deep learning in PyTorch: a small Transformer encoder, positions and the padding mask."""

from __future__ import annotations

from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from . import _torch
from ._blind_models import blind
from ._torch import TORCH

SETUP = TORCH + """\
tokens, pad_mask, labels = (torch.as_tensor(a) for a in sequences.count_compare(2000, seed=0))
vocab_size, max_len = 6, 16   # token ids 0..5, 0 is padding; sequences of up to 16 tokens
"""

_ENCODER = """\
class TinyEncoder(nn.Module):
    def __init__(self, vocab_size=6, d_model=32, max_len=16):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, d_model)
        self.position = nn.Embedding(max_len, d_model)      # a learned vector per position
        self.layer = nn.TransformerEncoderLayer(d_model, nhead=4, dim_feedforward=64,
                                                dropout=0.0, batch_first=True)

    def forward(self, tokens, pad_mask):
        positions = torch.arange(tokens.shape[1], device=tokens.device)
        x = self.embed(tokens) + self.position(positions)  # what the token is + where it is
        return self.layer(x, src_key_padding_mask=pad_mask)  # True = padding: never attended to
"""

_MHA = """\
class AttentionBlock(nn.Module):
    def __init__(self, vocab_size=6, d_model=24, max_len=16):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, d_model)
        angles = torch.arange(max_len)[:, None] / 10000 ** (torch.arange(0, d_model, 2) / d_model)
        table = torch.zeros(max_len, d_model)
        table[:, 0::2], table[:, 1::2] = torch.sin(angles), torch.cos(angles)
        self.register_buffer("sinusoids", table)             # the fixed positions of the 2017 paper
        self.attention = nn.MultiheadAttention(d_model, num_heads=2, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(d_model, 48), nn.ReLU(), nn.Linear(48, d_model))

    def forward(self, tokens, pad_mask):
        x = self.embed(tokens) + self.sinusoids[: tokens.shape[1]]
        attended, _ = self.attention(x, x, x, key_padding_mask=pad_mask)
        x = x + attended
        return x + self.mlp(x)
"""


def _attention_kinds() -> tuple[type, ...]:
    import torch.nn as nn

    return (nn.MultiheadAttention, nn.TransformerEncoderLayer)


def _encode(model: Any, tokens: Any, mask: Any, label: str) -> Any:
    import torch

    try:
        model.eval()
        with torch.no_grad():
            out = model(tokens, mask)
    except Exception as exc:
        raise Incorrect(f"encoder(tokens, pad_mask) failed on {label}: {type(exc).__name__}: "
                        f"{checks.short(str(exc), 200)}") from None
    if not isinstance(out, torch.Tensor) or out.ndim != 3 or tuple(out.shape[:2]) != tuple(tokens.shape):
        shape = tuple(out.shape) if isinstance(out, torch.Tensor) else checks.type_name(out)
        raise Incorrect(f"encoder returned {shape} for tokens of shape {tuple(tokens.shape)}: expected "
                        "one vector per token, (n, length, d_model)")
    return out.float()


@exercise(
    "p3.deep.padding_mask",
    title="Positions and a padding mask that works",
    prompt="Build `encoder`, an nn.Module called as `encoder(tokens, pad_mask)` on token ids (n, L) "
    "(ids 1-5; 0 is padding; L <= 16) and a bool mask (n, L), True at padding. It returns one vector "
    "per token, (n, L, d_model), from self-attention (`nn.TransformerEncoderLayer` or "
    "`nn.MultiheadAttention`) with positional information. The check proves two things: padding "
    "appended to a sequence changes none of its real tokens' outputs, and the order of tokens matters.",
    answer="encoder",
    setup=SETUP,
    solution=_ENCODER + "\ntorch.manual_seed(0)\nencoder = TinyEncoder()",
    right=[_MHA + "\ntorch.manual_seed(0)\nencoder = AttentionBlock()",
           _MHA.replace("attended, _ = self.attention(x, x, x, key_padding_mask=pad_mask)",
                        "n, L = pad_mask.shape\n        heads = self.attention.num_heads\n"
                        "        blocked = pad_mask[:, None, :].expand(n, L, L)"
                        ".repeat_interleave(heads, dim=0)\n"
                        "        attended, _ = self.attention(x, x, x, attn_mask=blocked)")
           + "\ntorch.manual_seed(1)\nencoder = AttentionBlock()"] + blind("p3.deep.padding_mask", "right"),
    wrong=[
        _MHA.replace("attended, _ = self.attention(x, x, x, key_padding_mask=pad_mask)",
                     "n, L = pad_mask.shape\n        heads = self.attention.num_heads\n"
                     "        blocked = pad_mask[:, None, :].expand(n, L, L).repeat(heads, 1, 1)\n"
                     "        attended, _ = self.attention(x, x, x, attn_mask=blocked)")
        + "\ntorch.manual_seed(0)\nencoder = AttentionBlock()",
        _MHA.replace("        attended, _ = self.attention(x, x, x, key_padding_mask=pad_mask)\n"
                     "        x = x + attended\n", "")
        + "\ntorch.manual_seed(0)\nencoder = AttentionBlock()",
        _MHA.replace("        x = x + attended\n", "")
        + "\ntorch.manual_seed(0)\nencoder = AttentionBlock()",
        _ENCODER.replace("src_key_padding_mask=pad_mask", "src_key_padding_mask=None")
        + "\ntorch.manual_seed(0)\nencoder = TinyEncoder()",
        _ENCODER.replace(" + self.position(positions)", "")
        + "\ntorch.manual_seed(0)\nencoder = TinyEncoder()",
        _ENCODER.replace("src_key_padding_mask=pad_mask", "src_key_padding_mask=~pad_mask")
        + "\ntorch.manual_seed(0)\nencoder = TinyEncoder()",
    ] + blind("p3.deep.padding_mask", "wrong"),
    hints=[
        "Embed the tokens with nn.Embedding, add a position vector (an nn.Embedding over positions "
        "0..L-1, or fixed sinusoids), then one `nn.TransformerEncoderLayer(..., batch_first=True)`.",
        "Self-attention alone is blind to order: shuffle the tokens and the outputs shuffle the same "
        "way. Adding a vector that depends on the position breaks that symmetry.",
        "Pass the mask as `src_key_padding_mask=pad_mask` (or `key_padding_mask` for "
        "nn.MultiheadAttention): True marks keys that no query may attend to.",
    ],
)
def padding_mask(answer):
    import torch
    import torch.nn as nn

    model = _torch.module(answer, "encoder")
    if not _torch.contains(model, (nn.MultiheadAttention,)):
        raise Incorrect("encoder has no attention layer: use nn.TransformerEncoderLayer or "
                        "nn.MultiheadAttention")
    g = torch.Generator().manual_seed(11)
    real = torch.randint(1, 6, (4, 7), generator=g)
    none = torch.zeros_like(real, dtype=torch.bool)
    out = _encode(model, real, none, "4 sequences of 7 tokens without padding")
    if not torch.isfinite(out).all():
        raise Incorrect("with no padding at all, encoder outputs NaN: is the mask inverted? True must "
                        "mark the padding, so a mask of all False hides nothing")
    _torch.used(model, _attention_kinds(), real, none, name="encoder", what="self-attention")
    # The check's own padding, in a batch of mixed lengths (7, 3, 5, 1 real tokens): random
    # real-looking ids, so only the mask can hide them, and a mask tiled for the wrong sequence
    # (`repeat` where `repeat_interleave` is meant) shows.
    lengths = (7, 3, 5, 1)
    padded = torch.randint(1, 6, (4, 12), generator=g)
    padded[:, :7] = real
    mask = torch.arange(12)[None, :] >= torch.tensor(lengths)[:, None]
    out_padded = _encode(model, padded, mask, "a batch of sequences of 7, 3, 5 and 1 tokens, padded to 12")
    for row, n in enumerate(lengths):
        alone = _encode(model, real[row:row + 1, :n], none[row:row + 1, :n], f"one sequence of {n} tokens")
        gap = (out_padded[row, :n] - alone[0]).abs().nan_to_num(1e9).max()
        if float(gap) > 1e-4:
            raise Incorrect(f"in a batch of sequences of different lengths, the {n} real tokens of one "
                            f"sequence come out different from the same sequence alone (by up to "
                            f"{float(gap):.3g}): padding still leaks into the attention. Pass pad_mask as "
                            "the key padding mask, each row's mask for its own sequence")
    order = torch.arange(6, -1, -1)
    out_reversed = _encode(model, real[:, order], none, "the same sequences reversed")
    if torch.allclose(out_reversed, out[:, order], atol=1e-5, rtol=1e-5):
        raise Incorrect("reversing a sequence just reverses the outputs: the encoder cannot tell word "
                        "order. Add positional information to the embeddings")
    return ("padding is invisible and order matters: the two properties a Transformer encoder needs "
            "before it can be trained on sequences of different lengths in one batch.")


_CLASSIFIER = """\
class CountCompare(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = TinyEncoder()
        self.head = nn.Linear(32, 2)

    def forward(self, tokens, pad_mask):
        h = self.encoder(tokens, pad_mask)                 # (n, L, 32)
        keep = (~pad_mask).unsqueeze(-1).float()
        return self.head((h * keep).sum(1) / keep.sum(1))  # average over the real tokens only

torch.manual_seed(0)
classifier = CountCompare()
loader = DataLoader(TensorDataset(tokens, pad_mask, labels), batch_size=64, shuffle=True)
optimizer = torch.optim.Adam(classifier.parameters(), lr=3e-3)
for epoch in range(3):
    classifier.train()
    for tb, mb, yb in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(classifier(tb, mb), yb).backward()
        optimizer.step()
classifier.eval()"""


@exercise(
    "p3.deep.tiny_transformer",
    title="A tiny Transformer learns a sequence task",
    prompt="Train `classifier`, called as `classifier(tokens, pad_mask)` and returning 2 logits per "
    "sequence, built on self-attention (your encoder from above, or another), to say whether token 1 "
    "occurs more often than token 2 in the real (unpadded) part of a sequence. Train on `tokens`, "
    "`pad_mask`, `labels`; the check draws 1,000 fresh sequences, pads them further, and needs "
    "at least 95 %.",
    answer="classifier",
    setup=SETUP,
    solution=_ENCODER + "\n\n" + _CLASSIFIER,
    right=[_MHA + "\n\n" + _CLASSIFIER.replace("TinyEncoder()", "AttentionBlock()")
           .replace("nn.Linear(32, 2)", "nn.Linear(24, 2)").replace("range(3)", "range(4)")]
    + blind("p3.deep.tiny_transformer", "right"),
    wrong=[
        _ENCODER + "\n\n" + _CLASSIFIER.replace(
            "        keep = (~pad_mask).unsqueeze(-1).float()\n"
            "        return self.head((h * keep).sum(1) / keep.sum(1))  # average over the real tokens only",
            "        return self.head(h.mean(1))                        # every position, padding too"),

        _ENCODER + "\n\n" + _CLASSIFIER.replace("range(3)", "range(0)"),
        "torch.manual_seed(0)\nclassifier = nn.Sequential(nn.Embedding(6, 8), nn.Flatten(), "
        "nn.Linear(8 * 10, 2))\n",
    ] + blind("p3.deep.tiny_transformer", "wrong"),
    hints=[
        "Reuse the encoder, then pool its per-token vectors into one per sequence (average over the "
        "real tokens: multiply by `~pad_mask` before summing) and add a Linear head with 2 outputs.",
        "The loader yields three tensors per batch: the tokens, the padding mask and the labels; "
        "unpack all three in the loop.",
        "A few epochs of Adam at 3e-3 are plenty; keep dropout at 0 in so small a model.",
    ],
)
def tiny_transformer(answer):
    import torch
    import torch.nn as nn

    from ....labs import sequences

    model = _torch.module(answer, "classifier")
    if not _torch.contains(model, (nn.MultiheadAttention,)):
        raise Incorrect("classifier has no attention layer: build it on your Transformer encoder")
    tok, mask, y = (torch.as_tensor(a) for a in sequences.count_compare(1000, seed=31337))
    g = torch.Generator().manual_seed(5)
    tok = torch.cat([tok, torch.randint(1, 6, (len(tok), 4), generator=g)], dim=1)   # 14 tokens
    mask = torch.cat([mask, torch.ones(len(tok), 4, dtype=torch.bool)], dim=1)
    _torch.used(model, _attention_kinds(), tok[:64], mask[:64], name="classifier", what="self-attention")
    out = _torch.outputs(model, tok, mask, name="classifier", classes=2)
    # The same sequences with id 0 under the mask: a model that pools (or attends) over the
    # padding answers differently; one that keeps it out cannot tell.
    zeros = torch.where(mask[:64], torch.zeros_like(tok[:64]), tok[:64])
    other = _torch.outputs(model, zeros, mask[:64], name="classifier", classes=2)
    if not torch.allclose(other, out[:64], atol=1e-4, rtol=1e-4):
        raise Incorrect("changing only the padded positions' token ids changed the logits: the padding "
                        "still counts. Mask it in the attention and pool over the real tokens only "
                        "(multiply by ~pad_mask before summing, divide by the real length)")
    score = float((out.argmax(1) == y).float().mean())
    _torch.bar(score, 0.95, "classifier", "1,000 fresh sequences with extra padding",
               "Is it trained, and does it pool over the real tokens only?")
    return (f"{score:.1%} on sequences it never saw, longer than any in training: the mask kept "
            "the padding out, the attention related the tokens.")
