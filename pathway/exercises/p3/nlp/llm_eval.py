"""Notebook 03d, evaluating an LLM system: exact match and token F1, the faithfulness of citations, and
the cost and latency of a query."""

from __future__ import annotations

import math
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._blind_e import CASES as BLIND

_NORMALISE = '''\
import re
import string
from collections import Counter


def normalise(text):
    """Lower case, no punctuation, no articles (a, an, the), single spaces: SQuAD's rule."""
    text = "".join(ch for ch in text.lower() if ch not in string.punctuation)
    return " ".join(word for word in text.split() if word not in ("a", "an", "the"))
'''

SETUP = _NORMALISE

# (prediction, truth, exact match, F1)
_QA = [
    ("The crossing takes 25 minutes.", "the crossing takes 25 minutes", 1.0, 1.0),
    ("25 minutes", "The crossing takes 25 minutes.", 0.0, 2 * (1.0 * 0.5) / 1.5),
    ("minutes 25", "25 minutes", 0.0, 1.0),                                   # same words, other order
    ("two two euros", "two euros", 0.0, 2 * (2 / 3 * 1.0) / (2 / 3 + 1.0)),    # a repeat counts once
    ("ten ten days", "ten ten ten days", 0.0, 2 * (1.0 * 3 / 4) / (1.0 + 3 / 4)),  # words as a multiset
    ("an hour", "the hour", 1.0, 1.0),                                        # articles removed
    ("", "", 1.0, 1.0),                                                       # both empty: agree
    ("", "refunds in ten days", 0.0, 0.0),
    ("refunds in ten days", "", 0.0, 0.0),
    ("The!", "a", 1.0, 1.0),                                                  # nothing left of either
    ("Dogs, on a leash.", "cats on deck", 0.0, 2 * (1 / 3 * 1 / 3) / (2 / 3)),
]


@exercise(
    "p3.llm_eval.qa_scores",
    title="Exact match and token F1",
    prompt="Complete `qa_scores(prediction, truth)`, returning `(exact_match, f1)` as floats, both "
    "computed on `normalise(...)`d text (given above: lower case, no punctuation, no articles). Exact "
    "match is 1.0 when the two normalised texts are equal, else 0.0. F1 compares their words as "
    "multisets (a word counts as often as it appears in both): precision = common / words in the "
    "prediction, recall = common / words in the truth, F1 their harmonic mean; 0.0 when nothing is "
    "common. If either normalised text has no words, F1 is 1.0 when both are empty, else 0.0.",
    answer="qa_scores",
    setup=SETUP,
    solution='''\
def qa_scores(prediction, truth):
    pred, gold = normalise(prediction).split(), normalise(truth).split()
    exact = float(pred == gold)
    if not pred or not gold:
        return exact, float(pred == gold)
    common = sum((Counter(pred) & Counter(gold)).values())
    if common == 0:
        return exact, 0.0
    precision, recall = common / len(pred), common / len(gold)
    return exact, 2 * precision * recall / (precision + recall)''',
    right=[
        '''\
def qa_scores(prediction, truth):
    p, t = normalise(prediction), normalise(truth)
    em = 1.0 if p == t else 0.0
    pw, tw = p.split(), t.split()
    if len(pw) == 0 or len(tw) == 0:
        return em, 1.0 if pw == tw else 0.0
    common = 0
    remaining = list(tw)
    for w in pw:
        if w in remaining:
            remaining.remove(w)
            common += 1
    return em, (2 * common / (len(pw) + len(tw)))''',
    ] + BLIND["p3.llm_eval.qa_scores"]["right"],
    wrong=[
        # sets: a repeated word counts once on each side
        '''\
def qa_scores(prediction, truth):
    pred, gold = set(normalise(prediction).split()), set(normalise(truth).split())
    if not pred or not gold:
        return float(pred == gold), float(pred == gold)
    common = len(pred & gold)
    if common == 0:
        return float(pred == gold), 0.0
    p, r = common / len(pred), common / len(gold)
    return float(pred == gold), 2 * p * r / (p + r)''',
        # exact match on the raw text
        '''\
def qa_scores(prediction, truth):
    pred, gold = normalise(prediction).split(), normalise(truth).split()
    if not pred or not gold:
        return float(prediction == truth), float(pred == gold)
    common = sum((Counter(pred) & Counter(gold)).values())
    p, r = common / len(pred), common / len(gold)
    return float(prediction == truth), (2 * p * r / (p + r) if common else 0.0)''',
        # crashes on empty texts
        '''\
def qa_scores(prediction, truth):
    pred, gold = normalise(prediction).split(), normalise(truth).split()
    common = sum((Counter(pred) & Counter(gold)).values())
    p, r = common / len(pred), common / len(gold)
    return float(pred == gold), (2 * p * r / (p + r) if common else 0.0)''',
        # recall only
        '''\
def qa_scores(prediction, truth):
    pred, gold = normalise(prediction).split(), normalise(truth).split()
    if not pred or not gold:
        return float(pred == gold), float(pred == gold)
    common = sum((Counter(pred) & Counter(gold)).values())
    return float(pred == gold), common / len(gold)''',
        # no normalisation at all
        '''\
def qa_scores(prediction, truth):
    pred, gold = prediction.split(), truth.split()
    if not pred or not gold:
        return float(pred == gold), float(pred == gold)
    common = sum((Counter(pred) & Counter(gold)).values())
    if common == 0:
        return float(pred == gold), 0.0
    p, r = common / len(pred), common / len(gold)
    return float(pred == gold), 2 * p * r / (p + r)''',
        # exact match on sorted words: the order is lost
        '''\
def qa_scores(prediction, truth):
    p, t = normalise(prediction).split(), normalise(truth).split()
    em = float(sorted(p) == sorted(t))
    if not p or not t:
        return em, float(p == t)
    common = sum((Counter(p) & Counter(t)).values())
    return em, 2 * common / (len(p) + len(t))''',
        # empty against empty scored as a miss
        '''\
def qa_scores(prediction, truth):
    pred, gold = normalise(prediction).split(), normalise(truth).split()
    if not pred or not gold:
        return 0.0, 0.0
    common = sum((Counter(pred) & Counter(gold)).values())
    if common == 0:
        return float(pred == gold), 0.0
    p, r = common / len(pred), common / len(gold)
    return float(pred == gold), 2 * p * r / (p + r)''',
    ] + BLIND["p3.llm_eval.qa_scores"]["wrong"],
    hints=[
        "Normalise both texts, then `.split()` them into word lists.",
        "`Counter(pred) & Counter(gold)` keeps each word as often as it occurs in both; the sum of its "
        "values is the number of common words.",
        "Handle the empty cases before dividing: an empty list against an empty list agrees.",
    ],
)
def qa_scores(answer):
    for prediction, truth, em, f1 in _QA:
        got = checks.returns(answer, prediction, truth, name="qa_scores")
        shown = f"qa_scores({prediction!r}, {truth!r})"
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise Incorrect(f"{shown} returned {checks.short(got)}; expected a pair (exact_match, f1)")
        got_em = checks.number(got[0], f"the exact match of {shown}")
        got_f1 = checks.number(got[1], f"the F1 of {shown}")
        if not math.isclose(got_em, em, abs_tol=1e-9):
            raise Incorrect(f"{shown}: exact match {got_em:g}, expected {em:g}; compare the normalised texts")
        if not math.isclose(got_f1, f1, abs_tol=1e-9):
            raise Incorrect(f"{shown}: F1 {got_f1:.3f} is not right")
    return ("exact match is strict, F1 gives partial credit; both only compare words with one "
            "reference, which is why an answer in other words needs a human or a model as a judge.")


# ---------------------------------------------------------------- faithfulness, cost and latency

_REPORT = '''\
def system_report(records, passages, price_in, price_out):
    texts = dict(zip(passages["id"], passages["text"]))
    answered = [r for r in records if r["answer"] is not None]
    faithful = [
        bool(r["citations"]) and all(
            normalise(r["answer"]) in normalise(texts.get(c, "")) for c in r["citations"])
        for r in answered
    ]
    cost = [(r["tokens_in"] * price_in + r["tokens_out"] * price_out) / 1e6 for r in records]
    return {
        "faithfulness": sum(faithful) / len(answered) if answered else 1.0,
        "cost_per_query": sum(cost) / len(records),
        "p95_seconds": float(np.percentile([r["seconds"] for r in records], 95)),
    }'''


def _records() -> tuple[Any, list[dict], list[tuple]]:
    import pandas as pd

    passages = pd.DataFrame({"id": ["A", "B", "C"], "text": [
        "The crossing takes 25 minutes. Ferries leave every hour.",
        "Tickets cost 4 euros online.",
        "Dogs may travel on the outer deck."]})

    def r(answer, citations, tokens_in, tokens_out, seconds):
        return {"question": "q", "answer": answer, "citations": citations, "tokens_in": tokens_in,
                "tokens_out": tokens_out, "seconds": seconds}

    base = [
        r("The crossing takes 25 minutes.", ["A"], 900, 40, 0.8),      # faithful
        r("tickets cost 4 euros online", ["B"], 1100, 30, 1.2),         # faithful after normalising
        r("Tickets cost 4 euros online.", ["A"], 1000, 35, 0.9),        # cites the wrong passage
        r("Dogs may travel on the outer deck.", [], 950, 25, 3.5),      # no citation at all
        r(None, [], 400, 5, 0.3),                                       # a refusal: not judged
        r("The crossing takes 25 minutes.", ["A", "B"], 1200, 45, 1.1),  # one citation lacks it
    ]
    cases = [
        (base, 2 / 5), (base[:2] + base[4:5], 1.0), ([base[4]], 1.0),
        ([r("Ferries leave every hour.", ["A", "Z"], 10, 1, 1.0)], 0.0),   # an unknown passage id
    ]
    return passages, base, cases


def _expected(records: list[dict], price_in: float, price_out: float) -> tuple[float, float]:
    import numpy as np

    cost = sum(r["tokens_in"] * price_in + r["tokens_out"] * price_out for r in records) / 1e6 / len(records)
    return cost, float(np.percentile([r["seconds"] for r in records], 95))


@exercise(
    "p3.llm_eval.system_report",
    title="Faithfulness, cost and latency of a question-answering system",
    prompt="Complete `system_report(records, passages, price_in, price_out)`. Each record is a dict with "
    "`answer` (None for a refusal), `citations` (passage ids), `tokens_in`, `tokens_out` and `seconds`; "
    "`passages` has `id` and `text`; prices are per million tokens. Return a dict with "
    "`faithfulness`: among the answered records, the share whose citations are not empty and whose "
    "EVERY cited passage contains the answer (compare `normalise`d texts; an unknown id contains "
    "nothing), 1.0 when nothing was answered; `cost_per_query`: the mean over all records of "
    "tokens_in * price_in + tokens_out * price_out, divided by one million; `p95_seconds`: "
    "`np.percentile` of the seconds at 95.",
    answer="system_report",
    setup=SETUP + "\nimport numpy as np\n",
    solution=_REPORT,
    right=[
        '''\
def system_report(records, passages, price_in, price_out):
    lookup = {pid: normalise(text) for pid, text in passages[["id", "text"]].itertuples(index=False)}
    judged = [r for r in records if r["answer"] is not None]
    ok = 0
    for r in judged:
        claim = normalise(r["answer"])
        if r["citations"] and all(claim in lookup.get(c, "") for c in r["citations"]):
            ok += 1
    tokens_in = np.array([r["tokens_in"] for r in records], dtype=float)
    tokens_out = np.array([r["tokens_out"] for r in records], dtype=float)
    return {"faithfulness": ok / len(judged) if judged else 1.0,
            "cost_per_query": float(np.mean(tokens_in * price_in / 1e6 + tokens_out * price_out / 1e6)),
            "p95_seconds": float(np.percentile([r["seconds"] for r in records], 95))}''',
    ] + BLIND["p3.llm_eval.system_report"]["right"],
    wrong=[
        # an answer with no citation counts as faithful (all() of nothing is True)
        _REPORT.replace("bool(r[\"citations\"]) and all(", "all("),
        # one supporting citation is enough
        _REPORT.replace("and all(", "and any("),
        # refusals counted in the denominator
        _REPORT.replace("sum(faithful) / len(answered) if answered else 1.0",
                        "sum(faithful) / len(records)"),
        # prices per token, not per million
        _REPORT.replace(") / 1e6 for r in records]", ") for r in records]"),
        # the slowest query, not the 95th percentile
        _REPORT.replace('float(np.percentile([r["seconds"] for r in records], 95))',
                        'max(r["seconds"] for r in records)'),
        # raw text: a lower-case answer is not found in its passage
        _REPORT.replace('normalise(r["answer"]) in normalise(texts.get(c, ""))',
                        'r["answer"] in texts.get(c, "")'),
        # blind red team: cost over the answered records only
        '''\
def system_report(records, passages, price_in, price_out):
    texts = dict(zip(passages["id"], passages["text"]))
    answered = [r for r in records if r["answer"] is not None]
    ok = [bool(r["citations"])
          and all(normalise(r["answer"]) in normalise(texts.get(c, "")) for c in r["citations"])
          for r in answered]
    cost = [(r["tokens_in"] * price_in + r["tokens_out"] * price_out) / 1e6 for r in answered]
    return {"faithfulness": sum(ok) / len(answered) if answered else 1.0,
            "cost_per_query": sum(cost) / max(len(answered), 1),
            "p95_seconds": float(np.percentile([r["seconds"] for r in records], 95))}''',
        # blind red team: another percentile method
        '''\
def system_report(records, passages, price_in, price_out):
    texts = dict(zip(passages["id"], passages["text"]))
    answered = [r for r in records if r["answer"] is not None]
    ok = [bool(r["citations"])
          and all(normalise(r["answer"]) in normalise(texts.get(c, "")) for c in r["citations"])
          for r in answered]
    cost = [(r["tokens_in"] * price_in + r["tokens_out"] * price_out) / 1e6 for r in records]
    return {"faithfulness": sum(ok) / len(answered) if answered else 1.0,
            "cost_per_query": sum(cost) / len(records),
            "p95_seconds": float(np.percentile([r["seconds"] for r in records], 95, method="nearest"))}''',
    ] + BLIND["p3.llm_eval.system_report"]["wrong"],
    hints=[
        "Build a dict from passage id to text first; `texts.get(c, \"\")` gives an empty text for an "
        "unknown id.",
        "`all(...)` of an empty list is True: test that the citations are not empty separately.",
        "The cost and the latency are over all records, refusals included; faithfulness only over "
        "the answered ones.",
    ],
)
def system_report(answer):
    passages, base, cases = _records()
    for number, (records, faithfulness) in enumerate(cases):
        for price_in, price_out in ((0.15, 0.60), (3.0, 15.0)):
            got = checks.returns(answer, [dict(r) for r in records], passages.copy(), price_in, price_out,
                                 name="system_report")
            checks.expect_type(got, dict, "a dict")
            checks.same_set(got.keys(), {"faithfulness", "cost_per_query", "p95_seconds"},
                            "the keys of the report")
            cost, p95 = _expected(records, price_in, price_out)
            shown = f"on the check's records (set {number + 1}, prices {price_in}/{price_out})"
            for key, want in (("faithfulness", faithfulness), ("cost_per_query", cost), ("p95_seconds", p95)):
                value = checks.number(got[key], f"{key} {shown}")
                if not math.isclose(value, want, rel_tol=1e-9, abs_tol=1e-12):
                    raise Incorrect(f"{key} is {value:.6g} {shown}, which is not right")
    return ("faithfulness catches a fluent answer its sources do not say; cost and the 95th "
            "percentile of latency are what a product owner asks first. A human or a model as judge "
            "would add what string checks cannot: is the answer right when worded differently?")
