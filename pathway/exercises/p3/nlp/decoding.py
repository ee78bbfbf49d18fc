"""Notebook 03d, decoding a language model: greedy, temperature and top-k sampling with a seed, judged
on a stand-in model whose next-token scores the check knows exactly."""

from __future__ import annotations

from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from . import _nlp
from ._blind_e import CASES as BLIND
from .causal import SETUP


class _TableLM:
    """A stand-in language model: the scores of the next token depend only on the current one."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def __call__(self, ids: Any) -> Any:
        return self.table[ids]

    def eval(self) -> _TableLM:
        return self


class _WindowLM:
    """A stand-in whose next token is the first of the window it is given: fed the last `context`
    tokens, it repeats the token exactly `context` back; one token fewer shifts every choice."""

    def eval(self) -> _WindowLM:
        return self

    def __call__(self, ids: Any) -> Any:
        import torch

        ids = torch.as_tensor(ids).long()
        scores = torch.zeros(ids.shape[0], ids.shape[1], 6)
        scores[torch.arange(ids.shape[0]), -1, ids[:, 0]] = 5.0
        return scores


_CONTEXT = 32  # the notebook's `context` (causal.SETUP): the window the model was trained on


def _window_case(answer: Any) -> None:
    import torch

    g = torch.Generator().manual_seed(29)
    prompt = torch.randint(0, 6, (_CONTEXT + 7,), generator=g)
    seq, want = prompt.tolist(), []
    for _ in range(10):
        want.append(seq[-_CONTEXT])
        seq.append(want[-1])
    got = checks.returns(answer, _WindowLM(), prompt.clone(), 10, 0, None, 0, name="generate")
    try:
        got = [int(i) for i in _nlp.ids_list(got, "generate")]
    except (TypeError, ValueError):
        raise Incorrect("generate should return token ids (ints)") from None
    if got != want:
        raise Incorrect(f"on a prompt of {_CONTEXT + 7} tokens, generate did not give the model the last "
                        f"`context` ({_CONTEXT}) tokens: feed ids[-context:], not one more or one fewer")


def _table(kind: str) -> Any:
    import torch

    if kind == "flat":   # the same scores whatever the token: frequencies are easy to predict
        return torch.tensor([[2.0, 1.0, 0.0, -1.0, -2.0, -3.0]] * 6)
    g = torch.Generator().manual_seed(17)
    return torch.randn(6, 6, generator=g) * 2


def _generated(answer: Any, table: Any, prompt: list[int], steps: int, temperature: float, top_k: Any,
               seed: int) -> list[int]:
    import torch

    shown = f"generate(lm, {prompt}, steps={steps}, temperature={temperature}, top_k={top_k}, seed={seed})"
    out = checks.returns(answer, _TableLM(table), torch.tensor(prompt), steps, temperature, top_k, seed,
                         name="generate")
    out = _nlp.ids_list(out, "generate")
    try:
        out = [int(i) for i in out]
    except (TypeError, ValueError):
        raise Incorrect(f"{shown} should return token ids (ints)") from None
    if len(out) != steps:
        raise Incorrect(f"{shown} returned {len(out)} ids; expected the {steps} new ones")
    return out


@exercise(
    "p3.decoding.generate",
    title="Greedy, temperature and top-k decoding, with a seed",
    prompt="Complete `generate(lm, prompt_ids, steps, temperature, top_k, seed)`: starting from "
    "`prompt_ids` (a 1-D tensor), add `steps` tokens one at a time, each chosen from `lm`'s scores at "
    "the LAST position (`lm(ids[None, -context:])[0, -1]`). With `temperature == 0`, take the argmax "
    "(greedy). Otherwise divide the scores by `temperature`, keep only the `top_k` highest (all of "
    "them when `top_k` is None), and sample from their softmax with `torch.multinomial` and a "
    "`torch.Generator().manual_seed(seed)`, so the same seed gives the same text. Return the list of "
    "new token ids.",
    answer="generate",
    setup=SETUP,
    solution='''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    generator = torch.Generator().manual_seed(seed)
    ids, new = prompt_ids.clone(), []
    with torch.no_grad():
        for _ in range(steps):
            scores = lm(ids[None, -context:])[0, -1]
            if temperature == 0:
                token = int(scores.argmax())
            else:
                scores = scores / temperature
                if top_k is not None:
                    cutoff = torch.topk(scores, top_k).values[-1]
                    scores = scores.masked_fill(scores < cutoff, float("-inf"))
                token = int(torch.multinomial(torch.softmax(scores, dim=-1), 1, generator=generator))
            new.append(token)
            ids = torch.cat([ids, torch.tensor([token])])
    return new''',
    right=[
        '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    torch.manual_seed(seed)
    ids = prompt_ids.tolist()
    for _ in range(steps):
        with torch.no_grad():
            scores = lm(torch.tensor([ids[-context:]]))[0, -1]
        if temperature == 0:
            ids.append(int(torch.argmax(scores)))
            continue
        values, positions = torch.topk(scores / temperature, top_k or len(scores))
        choice = torch.multinomial(torch.softmax(values, dim=-1), 1)
        ids.append(int(positions[choice]))
    return ids[len(prompt_ids):]''',
    ] + BLIND["p3.decoding.generate"]["right"],
    wrong=[
        # temperature multiplies the scores
        '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    ids, new = prompt_ids.clone(), []
    for _ in range(steps):
        scores = lm(ids[None, -context:])[0, -1].detach()
        if temperature == 0:
            token = int(scores.argmax())
        else:
            scores = scores * temperature
            if top_k is not None:
                scores = scores.masked_fill(scores < torch.topk(scores, top_k).values[-1], float("-inf"))
            token = int(torch.multinomial(torch.softmax(scores, -1), 1, generator=g))
        new.append(token)
        ids = torch.cat([ids, torch.tensor([token])])
    return new''',
        # top_k ignored
        '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    ids, new = prompt_ids.clone(), []
    for _ in range(steps):
        scores = lm(ids[None, -context:])[0, -1].detach()
        if temperature == 0:
            token = int(scores.argmax())
        else:
            token = int(torch.multinomial(torch.softmax(scores / temperature, -1), 1, generator=g))
        new.append(token)
        ids = torch.cat([ids, torch.tensor([token])])
    return new''',
        # no seed: a different text every call
        '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    ids, new = prompt_ids.clone(), []
    for _ in range(steps):
        scores = lm(ids[None, -context:])[0, -1].detach()
        if temperature == 0:
            token = int(scores.argmax())
        else:
            scores = scores / temperature
            if top_k is not None:
                scores = scores.masked_fill(scores < torch.topk(scores, top_k).values[-1], float("-inf"))
            token = int(torch.multinomial(torch.softmax(scores, -1), 1))
        new.append(token)
        ids = torch.cat([ids, torch.tensor([token])])
    return new''',
        # the scores of the FIRST position
        '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    ids, new = prompt_ids.clone(), []
    for _ in range(steps):
        scores = lm(ids[None, -context:])[0, 0].detach()
        if temperature == 0:
            token = int(scores.argmax())
        else:
            scores = scores / temperature
            if top_k is not None:
                scores = scores.masked_fill(scores < torch.topk(scores, top_k).values[-1], float("-inf"))
            token = int(torch.multinomial(torch.softmax(scores, -1), 1, generator=g))
        new.append(token)
        ids = torch.cat([ids, torch.tensor([token])])
    return new''',
        # always greedy
        '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    ids, new = prompt_ids.clone(), []
    for _ in range(steps):
        token = int(lm(ids[None, -context:])[0, -1].argmax())
        new.append(token)
        ids = torch.cat([ids, torch.tensor([token])])
    return new''',
        # keeps the k LOWEST scores
        '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    ids, new = prompt_ids.clone(), []
    for _ in range(steps):
        scores = lm(ids[None, -context:])[0, -1].detach()
        if temperature == 0:
            token = int(scores.argmax())
        else:
            scores = scores / temperature
            if top_k is not None:
                low = torch.topk(scores, top_k, largest=False).values[-1]
                scores = scores.masked_fill(scores > low, float("-inf"))
            token = int(torch.multinomial(torch.softmax(scores, -1), 1, generator=g))
        new.append(token)
        ids = torch.cat([ids, torch.tensor([token])])
    return new''',
        # blind red team: a new generator every step
        '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    ids, new = prompt_ids.clone(), []
    for _ in range(steps):
        s = lm(ids[None, -context:])[0, -1].detach()
        if temperature == 0:
            t = int(s.argmax())
        else:
            s = s / temperature
            if top_k is not None:
                s = s.masked_fill(s < torch.topk(s, top_k).values[-1], float("-inf"))
            t = int(torch.multinomial(torch.softmax(s, -1), 1, generator=torch.Generator().manual_seed(seed)))
        new.append(t); ids = torch.cat([ids, torch.tensor([t])])
    return new''',
        # blind red team: never appends the new token
        '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    new = []
    for _ in range(steps):
        s = lm(prompt_ids[None, -context:])[0, -1].detach()
        if temperature == 0:
            t = int(s.argmax())
        else:
            s = s / temperature
            if top_k is not None:
                s = s.masked_fill(s < torch.topk(s, top_k).values[-1], float("-inf"))
            t = int(torch.multinomial(torch.softmax(s, -1), 1, generator=g))
        new.append(t)
    return new''',
    ] + BLIND["p3.decoding.generate"]["wrong"],
    hints=[
        "One loop of `steps` iterations: score, choose a token, append it to `ids` (`torch.cat`), so the "
        "next step sees it.",
        "Top-k: `torch.topk(scores, top_k).values[-1]` is the k-th highest score; set every score below it "
        "to `-inf` (`masked_fill`), then softmax.",
        "Make the generator once, before the loop, and pass it to every `torch.multinomial(..., "
        "generator=generator)` call.",
    ],
)
def generate(answer):
    import torch

    table = _table("random")
    greedy, token = [], 2
    for _ in range(12):
        token = int(table[token].argmax())
        greedy.append(token)
    if _generated(answer, table, [4, 2], 12, 0, None, 1) != greedy:
        raise Incorrect("with temperature 0, generate should pick the highest score at the last position "
                        "each time (greedy)")
    if _generated(answer, table, [4, 2], 12, 1.0, 1, 5) != greedy:
        raise Incorrect("with top_k=1 only the best token may be drawn, so the text must equal the greedy "
                        "one: keep only the top_k highest scores before sampling")
    _window_case(answer)
    first = _generated(answer, table, [1], 60, 1.0, None, 11)
    if first != _generated(answer, table, [1], 60, 1.0, None, 11):
        raise Incorrect("two calls with the same seed gave different texts: sample with a generator "
                        "seeded from `seed`")
    if first == _generated(answer, table, [1], 60, 1.0, None, 12):
        raise Incorrect("seeds 11 and 12 gave the same 60 sampled tokens: use `seed`")
    drawn = _generated(answer, table, [0], 300, 1.0, 2, 3)
    previous = [0] + drawn[:-1]
    allowed = torch.topk(table, 2, dim=1).indices
    outside = sum(t not in allowed[p].tolist() for p, t in zip(previous, drawn))
    if outside:
        raise Incorrect(f"with top_k=2, {outside} of 300 tokens were not among the 2 best scores: keep "
                        "only the top_k highest")
    flat = _table("flat")
    for temperature in (0.5, 2.0):
        tokens = _generated(answer, flat, [0], 1000, temperature, None, 21)
        share = tokens.count(0) / 1000
        want = float(torch.softmax(flat[0] / temperature, -1)[0])
        # 1,000 draws: a standard error of at most 0.016; multiplying by the temperature instead
        # gives 0.41 at 0.5 (want 0.87) and 0.98 at 2.0 (want 0.38).
        if abs(share - want) > 0.06:
            raise Incorrect(f"at temperature {temperature}, the best token came {share:.0%} of the time; "
                            f"softmax(scores / {temperature}) gives it {want:.0%}: divide by the temperature")
    return ("greedy repeats the likeliest path; temperature flattens (> 1) or sharpens (< 1) the "
            "distribution; top-k cuts its tail; a seeded generator makes a sample reproducible.")
