"""Notebook 03d, tokenization: WordPiece, special tokens, padding, attention masks, truncation, budgets."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from . import _nlp
from ._blind_a import CASES as BLIND
from ._nlp import MODEL

CLS, SEP, PAD = 101, 102, 0

# The check's own texts: one short, one long enough to be truncated, one exactly at the limit.
_CASES = (
    (["Bikes.", "Error E-217 appeared twice while unlocking an electric bike near the harbour",
      "Dock it firmly"], 9),
    # every text shorter than the limit: rows as long as the longest text, not max_length
    (["Hi", "Dock it firmly", "Where is the nearest station?"], 24),
    (["Refunds take five to ten working days", "Hi", "Unbelievably, the saddle keeps sliding down "
      "whenever I ride uphill", "Where is the nearest station?"], 12),
)


@functools.cache
def _reference(texts: tuple[str, ...], max_length: int) -> tuple[list[list[int]], int]:
    from ....labs import language

    enc = language.tokenizer()(list(texts), truncation=True, max_length=max_length)
    return enc["input_ids"], max(len(ids) for ids in enc["input_ids"])


def _field(out: Any, key: str) -> Any:
    try:
        return out[key]
    except Exception:
        raise Incorrect(f"encode_batch returned {checks.type_name(out)} without {key!r}: return the "
                        "tokenizer's output (it holds 'input_ids' and 'attention_mask')") from None


@exercise(
    "p3.tokens.encode_batch",
    title="A batch of token ids, padded, masked and truncated",
    prompt="Complete `encode_batch(texts, max_length)`: tokenize the list `texts` with `tokenizer` into "
    "one batch of PyTorch tensors `input_ids` and `attention_mask`, each of shape (n, L): with the "
    "special tokens [CLS] and [SEP], every text cut to at most `max_length` tokens (its [SEP] kept), "
    "and shorter texts padded with id 0 (mask 0) to the longest in the batch. Return the tokenizer's "
    "output, or a dict with those two tensors. The check calls it on its own texts and limits.",
    answer="encode_batch",
    setup=MODEL,
    solution='''\
def encode_batch(texts, max_length):
    return tokenizer(texts, padding=True, truncation=True, max_length=max_length,
                     return_tensors="pt")''',
    right=[
        '''\
def encode_batch(texts, max_length):
    rows = [tokenizer.encode(t, truncation=True, max_length=max_length) for t in texts]
    width = max(len(r) for r in rows)
    ids = torch.zeros(len(rows), width, dtype=torch.long)
    mask = torch.zeros(len(rows), width, dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = torch.tensor(r)
        mask[i, :len(r)] = 1
    return {"input_ids": ids, "attention_mask": mask}''',
    ] + BLIND["p3.tokens.encode_batch"]["right"],
    wrong=[
        # padded to max_length, not to the longest in the batch
        '''\
def encode_batch(texts, max_length):
    return tokenizer(texts, padding="max_length", truncation=True, max_length=max_length,
                     return_tensors="pt")''',
        # no truncation: the long text keeps all its tokens
        'def encode_batch(texts, max_length):\n    return tokenizer(texts, padding=True, '
        'return_tensors="pt")',
        # the limit hard-coded from the notebook's example
        'def encode_batch(texts, max_length):\n    return tokenizer(texts, padding=True, truncation=True,'
        ' max_length=16, return_tensors="pt")',
        # cut by slicing: [SEP] is lost
        '''\
def encode_batch(texts, max_length):
    enc = tokenizer(texts, padding=True, return_tensors="pt")
    return {"input_ids": enc["input_ids"][:, :max_length],
            "attention_mask": enc["attention_mask"][:, :max_length]}''',
        # no special tokens
        'def encode_batch(texts, max_length):\n    return tokenizer(texts, padding=True, truncation=True,'
        ' max_length=max_length, add_special_tokens=False, return_tensors="pt")',
        # the mask says every position is real
        '''\
def encode_batch(texts, max_length):
    enc = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    return {"input_ids": enc["input_ids"], "attention_mask": torch.ones_like(enc["input_ids"])}''',
        # padded with [SEP] instead of the padding id
        '''\
def encode_batch(texts, max_length):
    enc = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    ids = enc["input_ids"].masked_fill(enc["attention_mask"] == 0, 102)
    return {"input_ids": ids, "attention_mask": enc["attention_mask"]}''',
        # blind red team: padded to max_length, never truncated
        '''\
def encode_batch(texts, max_length):
    return tokenizer(texts, padding="max_length", max_length=max_length, return_tensors="pt")''',
        # blind red team: a limit one short
        '''\
def encode_batch(texts, max_length):
    return tokenizer(texts, padding=True, truncation=True, max_length=max_length - 1, return_tensors="pt")''',
    ] + BLIND["p3.tokens.encode_batch"]["wrong"],
    hints=[
        "Calling the tokenizer on a list does the whole batch; its keyword arguments decide padding, "
        "truncation and the type of what it returns.",
        "`padding=True` pads to the longest text; `truncation=True` with `max_length=` cuts, and keeps "
        "[SEP] at the end; `return_tensors=\"pt\"` gives PyTorch tensors.",
        "Use the `max_length` argument of your function, not a number: the check passes other limits.",
    ],
)
def encode_batch(answer):
    import torch

    for texts, max_length in _CASES:
        want, longest = _reference(tuple(texts), max_length)
        out = checks.call(answer, list(texts), max_length, name="encode_batch")
        for key in ("input_ids", "attention_mask"):
            if not isinstance(_field(out, key), torch.Tensor):
                raise Incorrect(f"encode_batch returned {key} as {checks.type_name(_field(out, key))}; "
                                "the prompt asks for PyTorch tensors: return_tensors=\"pt\"")
        ids = _nlp.tensor(_field(out, "input_ids"), "input_ids").long()
        mask = _nlp.tensor(_field(out, "attention_mask"), "attention_mask").long()
        shown = f"encode_batch({len(texts)} texts, max_length={max_length})"
        if ids.ndim != 2 or ids.shape[0] != len(texts) or ids.shape != mask.shape:
            raise Incorrect(f"{shown}: input_ids {tuple(ids.shape)} and attention_mask "
                            f"{tuple(mask.shape)} should both be ({len(texts)}, L)")
        if ids.shape[1] > max_length:
            raise Incorrect(f"{shown} gives rows of {ids.shape[1]} tokens: truncate to max_length")
        if ids.shape[1] < longest:
            raise Incorrect(f"{shown} gives rows of {ids.shape[1]} tokens; the longest text has "
                            f"{longest} after truncation: pad to the longest, never shorter")
        if ids.shape[1] > longest:
            raise Incorrect(f"{shown} gives rows of {ids.shape[1]} tokens; the longest text has only "
                            f"{longest}: pad to the longest in the batch (padding=True), not to "
                            "max_length")
        for row, real in enumerate(want):
            n = len(real)
            if not torch.equal(mask[row], (torch.arange(ids.shape[1]) < n).long()):
                raise Incorrect(f"{shown}: the attention mask of text {row} should be 1 on its {n} "
                                "real tokens and 0 on the padding after them")
            got = ids[row, :n].tolist()
            if got != real:
                if got[0] != CLS:
                    raise Incorrect(f"{shown}: text {row} does not start with [CLS] (id {CLS}): keep "
                                    "the special tokens")
                if got[-1] != SEP:
                    raise Incorrect(f"{shown}: text {row} was cut without its closing [SEP] (id {SEP}); "
                                    "let the tokenizer truncate, it keeps [SEP]")
                raise Incorrect(f"{shown}: the token ids of text {row} are not the tokenizer's")
            if bool((ids[row, n:] != PAD).any()):
                raise Incorrect(f"{shown}: the padding of text {row} should be id {PAD} ([PAD])")
    return ("mixed lengths, one batch: [CLS] and [SEP] in place, the long text cut with its [SEP] "
            "kept, and a mask that tells the model which positions are padding.")


# ---------------------------------------------------------------- tokens as the unit of budget
_BUDGET_PASSAGES = (
    "Unbelievably, error E-217 reappeared twice.",
    "Refunds reach your card in five to ten working days.",
    "Dock firmly.",
    "Electric bikes assist you up to 25 km/h and have a range of about 50 km.",
)
_BUDGET_QUESTION = "When does my refund arrive?"


@functools.cache
def _budget_cases() -> list[tuple[tuple[Any, ...], list[str]]]:
    from ....labs import language

    tok = language.tokenizer()
    q = len(tok.tokenize(_BUDGET_QUESTION))
    p = [len(tok.tokenize(t)) for t in _BUDGET_PASSAGES]
    ps = list(_BUDGET_PASSAGES)
    return [
        ((_BUDGET_QUESTION, ps, q + p[0] + p[1]), ps[:2]),            # exactly on the budget: fits
        ((_BUDGET_QUESTION, ps, q + p[0] + p[1] - 1), ps[:1]),        # one token short: stop
        ((_BUDGET_QUESTION, ps, q + sum(p)), ps),                     # everything fits
        ((_BUDGET_QUESTION, ps, q - 1), []),                          # not even the question
        ((_BUDGET_QUESTION, ps, q), []),                              # the question, no passage
        ((_BUDGET_QUESTION, [ps[3], ps[2]], q + p[2] + 1), []),       # a long first passage stops it
        ((_BUDGET_QUESTION, [], q + 50), []),                         # no passages
    ]


@exercise(
    "p3.tokens.pack_context",
    title="Fit passages into a context window, counted in tokens",
    prompt="A model reads at most a fixed number of tokens, and a hosted LLM bills per token. Complete "
    "`pack_context(question, passages, max_tokens)`: count tokens as `len(tokenizer.tokenize(text))` "
    "(WordPiece tokens, no special tokens), start with the question's tokens, then add the passages "
    "in their order while the total stays at most `max_tokens`; stop at the first passage that does "
    "not fit. Return the list of passages that fit (an empty list if none, or if the question alone "
    "is over the budget).",
    answer="pack_context",
    setup=MODEL,
    solution='''\
def pack_context(question, passages, max_tokens):
    used = len(tokenizer.tokenize(question))
    kept = []
    for passage in passages:
        used += len(tokenizer.tokenize(passage))
        if used > max_tokens:
            break
        kept.append(passage)
    return kept''',
    right=[
        '''\
import itertools


def pack_context(question, passages, max_tokens):
    start = len(tokenizer.tokenize(question))
    totals = start + np.cumsum([len(tokenizer.tokenize(p)) for p in passages])
    pairs = itertools.takewhile(lambda pair: pair[1] <= max_tokens, zip(passages, totals))
    return [p for p, _ in pairs] if start <= max_tokens else []''',
        '''\
def pack_context(question, passages, max_tokens):
    budget = max_tokens - len(tokenizer(question, add_special_tokens=False)["input_ids"])
    out = []
    while len(out) < len(passages):
        cost = len(tokenizer(passages[len(out)], add_special_tokens=False)["input_ids"])
        if cost > budget:
            break
        budget -= cost
        out.append(passages[len(out)])
    return out''',
    ] + BLIND["p3.tokens.pack_context"]["right"],
    wrong=[
        # words, not tokens
        '''\
def pack_context(question, passages, max_tokens):
    used, kept = len(question.split()), []
    for p in passages:
        used += len(p.split())
        if used > max_tokens:
            break
        kept.append(p)
    return kept''',
        # strictly below the budget: the boundary is lost
        '''\
def pack_context(question, passages, max_tokens):
    used, kept = len(tokenizer.tokenize(question)), []
    for p in passages:
        used += len(tokenizer.tokenize(p))
        if used >= max_tokens:
            break
        kept.append(p)
    return kept''',
        # skips a passage that does not fit and goes on
        '''\
def pack_context(question, passages, max_tokens):
    used, kept = len(tokenizer.tokenize(question)), []
    for p in passages:
        n = len(tokenizer.tokenize(p))
        if used + n <= max_tokens:
            used += n
            kept.append(p)
    return kept''',
        # forgets the question
        '''\
def pack_context(question, passages, max_tokens):
    used, kept = 0, []
    for p in passages:
        used += len(tokenizer.tokenize(p))
        if used > max_tokens:
            break
        kept.append(p)
    return kept''',
        # counts [CLS] and [SEP] of every text
        '''\
def pack_context(question, passages, max_tokens):
    used, kept = len(tokenizer(question)["input_ids"]), []
    for p in passages:
        used += len(tokenizer(p)["input_ids"])
        if used > max_tokens:
            break
        kept.append(p)
    return kept''',
        # characters / 4, the rule of thumb
        '''\
def pack_context(question, passages, max_tokens):
    used, kept = len(question) / 4, []
    for p in passages:
        used += len(p) / 4
        if used > max_tokens:
            break
        kept.append(p)
    return kept''',
        # blind red team: the question returned with the passages
        '''\
def pack_context(question, passages, max_tokens):
    used, kept = len(tokenizer.tokenize(question)), [question]
    for p in passages:
        used += len(tokenizer.tokenize(p))
        if used > max_tokens:
            break
        kept.append(p)
    return kept''',
        # blind red team: the overflowing passage kept
        '''\
def pack_context(question, passages, max_tokens):
    used, kept = len(tokenizer.tokenize(question)), []
    for p in passages:
        kept.append(p)
        used += len(tokenizer.tokenize(p))
        if used > max_tokens:
            break
    return kept''',
    ] + BLIND["p3.tokens.pack_context"]["wrong"],
    hints=[
        "Keep a running total of tokens, starting from the question's, and a list of what you kept.",
        "For each passage in order: add its token count; if the total is now over `max_tokens`, stop "
        "(`break`), otherwise keep the passage.",
        "At most means `<=`: a total exactly equal to `max_tokens` still fits.",
    ],
)
def pack_context(answer):
    for args, want in _budget_cases():
        got = checks.returns(answer, *args, name="pack_context")
        got = _nlp.ids_list(got, "pack_context")
        if got != want:
            budget = args[2]
            raise Incorrect(f"pack_context(question, {len(args[1])} passages, max_tokens={budget}) "
                            f"kept {len(got)} passage(s); {len(want)} fit. Count WordPiece tokens "
                            "(tokenizer.tokenize), the question included, keep passages while the total "
                            "is at most the budget, and stop at the first that does not fit")
    return ("counted in tokens, not words: 'E-217' is 3 tokens and 'unbelievably' 5, which is why a "
            "budget in words overflows a context window, and why an LLM's bill is read in tokens.")
