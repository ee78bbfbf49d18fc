"""Notebook 03d, evaluating retrieval: recall@k, MRR and nDCG@k, written by the learner and run on the
check's own rankings (ties, duplicates, empty results, k past the end)."""

from __future__ import annotations

import math
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._blind_b import CASES as BLIND


def _same(got: Any, want: float) -> bool:
    try:
        value = float(got)
    except (TypeError, ValueError):
        return False
    return not isinstance(got, bool) and math.isclose(value, want, rel_tol=1e-9, abs_tol=1e-9)


def _cases(answer: Any, cases: list[tuple[tuple[Any, ...], float]], name: str, why: dict[int, str]) -> None:
    """Run `answer` on each case; the message names the case, and why it matters when it is known."""
    for number, (args, want) in enumerate(cases):
        got = checks.returns(answer, *[_copy(a) for a in args], name=name)
        if not _same(got, want):
            shown = ", ".join(checks.short(a, 60) for a in args)
            extra = f" ({why[number]})" if number in why else ""
            raise Incorrect(f"{name}({shown}) returned {checks.short(got)}, which is not right{extra}")


def _copy(value: Any) -> Any:
    return type(value)(value) if isinstance(value, (list, set, dict, tuple)) else value


# ---------------------------------------------------------------- recall@k
_RECALL = [
    ((["d3", "d1", "d7", "d2"], {"d1", "d2"}, 3), 0.5),        # d2 is 4th: outside the top 3
    ((["d3", "d1", "d7", "d2"], {"d1", "d2"}, 4), 1.0),
    ((["d5", "d6"], {"d1", "d2", "d3"}, 5), 0.0),               # k past the end of the ranking
    ((["d1", "d9"], ["d1", "d2", "d3", "d4"], 10), 0.25),      # relevant as a list, k > len
    ((["d1", "d1", "d2"], {"d1", "d2", "d3"}, 2), 1 / 3),       # a duplicate counts once
    (([], {"d1"}, 3), 0.0),                                    # nothing retrieved
    ((["d1", "d2"], set(), 2), 0.0),                           # nothing relevant: defined as 0
    ((["x", "y", "z"], {"z"}, 3), 1.0),
]


@exercise(
    "p3.metrics.recall_at_k",
    title="recall@k",
    prompt="Complete `recall_at_k(retrieved, relevant, k)`: `retrieved` is a ranked list of ids (best "
    "first, possibly empty, possibly with repeats), `relevant` a collection of the ids that answer "
    "the query. Return the share of the relevant ids found among the first `k` retrieved (a float; "
    "an id retrieved twice counts once); 0.0 when `relevant` is empty.",
    answer="recall_at_k",
    setup="import numpy as np",
    solution='''\
def recall_at_k(retrieved, relevant, k):
    relevant = set(relevant)
    if not relevant:
        return 0.0
    return len(set(retrieved[:k]) & relevant) / len(relevant)''',
    right=[
        '''\
def recall_at_k(retrieved, relevant, k):
    found = {doc for doc in retrieved[:k] if doc in relevant}
    return len(found) / len(set(relevant)) if len(relevant) else 0.0''',
        '''\
def recall_at_k(retrieved, relevant, k):
    rel = set(relevant)
    return float(np.mean([r in set(retrieved[:k]) for r in rel])) if rel else 0.0''',
    ] + BLIND["p3.metrics.recall_at_k"]["right"],
    wrong=[
        # precision@k
        '''\
def recall_at_k(retrieved, relevant, k):
    relevant = set(relevant)
    return len(set(retrieved[:k]) & relevant) / k if relevant else 0.0''',
        # the whole ranking, not the top k
        '''\
def recall_at_k(retrieved, relevant, k):
    relevant = set(relevant)
    return len(set(retrieved) & relevant) / len(relevant) if relevant else 0.0''',
        # repeats counted twice
        '''\
def recall_at_k(retrieved, relevant, k):
    relevant = set(relevant)
    return sum(doc in relevant for doc in retrieved[:k]) / len(relevant) if relevant else 0.0''',
        # crashes on an empty relevant set
        '''\
def recall_at_k(retrieved, relevant, k):
    return len(set(retrieved[:k]) & set(relevant)) / len(set(relevant))''',
        # divided by min(k, |relevant|)
        '''\
def recall_at_k(retrieved, relevant, k):
    relevant = set(relevant)
    return len(set(retrieved[:k]) & relevant) / min(k, len(relevant)) if relevant else 0.0''',
        # off by one: the top k-1
        '''\
def recall_at_k(retrieved, relevant, k):
    relevant = set(relevant)
    return len(set(retrieved[:k - 1]) & relevant) / len(relevant) if relevant else 0.0''',
        # blind red team: a hit rate, not recall
        '''\
def recall_at_k(retrieved, relevant, k):
    if not relevant:
        return 0.0
    return float(any(r in relevant for r in retrieved[:k]))''',
        # blind red team: nothing relevant read as 1.0
        '''\
def recall_at_k(retrieved, relevant, k):
    if not relevant:
        return 1.0
    return len(set(retrieved[:k]) & set(relevant)) / len(set(relevant))''',
    ] + BLIND["p3.metrics.recall_at_k"]["wrong"],
    hints=[
        "Only the first k results count: `retrieved[:k]`, which also works when k is past the end.",
        "Turn both into sets: repeats vanish, and `&` gives the ids in both.",
        "Divide by the number of relevant ids, and return 0.0 first when there are none.",
    ],
)
def recall_at_k(answer):
    _cases(answer, _RECALL, "recall_at_k", {0: "only the first k count", 2: "k past the end",
                                            4: "an id retrieved twice counts once",
                                            6: "no relevant ids: 0.0"})
    return "recall@k asks: of what answers the query, how much made it into the k results we show?"


# ---------------------------------------------------------------- MRR
_MRR = [((runs,), value) for runs, value in (
    ([(["a", "b", "c"], {"b"}), (["a", "b", "c"], {"a"}), (["a", "b", "c"], {"z"})], (1 / 2 + 1 + 0) / 3),
    ([(["x", "y", "z", "w"], {"w", "y"})], 1 / 2),         # the FIRST relevant result counts
    ([([], {"a"}), (["a"], {"a"})], 1 / 2),                 # an empty result scores 0, still counted
    ([], 0.0),                                              # no queries at all
    ([(["q", "r"], set())], 0.0),
    ([(["d", "d", "e"], {"e"})], 1 / 3),                     # rank is the position, repeats included
    ([(["p", "q", "r", "s", "t"], ["t", "q"])], 1 / 2),      # first in the ranking, not in `relevant`
    ([(["a", "b", "c", "d", "e"], {"e"})], 1 / 5),           # a first hit past position 3 still counts
)]


@exercise(
    "p3.metrics.mrr",
    title="Mean reciprocal rank",
    prompt="Complete `mrr(runs)`: `runs` is a list of `(retrieved, relevant)` pairs, one per query "
    "(a ranked list of ids, best first, and a collection of relevant ids). A query's reciprocal rank is "
    "1 / the position (counting from 1) of its first relevant result, and 0 when none was retrieved. "
    "Return the mean over all queries as a float, 0.0 for an empty list of runs.",
    answer="mrr",
    setup="import numpy as np",
    solution='''\
def mrr(runs):
    if not runs:
        return 0.0
    total = 0.0
    for retrieved, relevant in runs:
        for rank, doc in enumerate(retrieved, start=1):
            if doc in relevant:
                total += 1 / rank
                break
    return total / len(runs)''',
    right=[
        '''\
def mrr(runs):
    ranks = [next((1 / (i + 1) for i, d in enumerate(ret) if d in rel), 0.0) for ret, rel in runs]
    return float(np.mean(ranks)) if ranks else 0.0''',
    ] + BLIND["p3.metrics.mrr"]["right"],
    wrong=[
        # positions from 0
        '''\
def mrr(runs):
    total = 0.0
    for retrieved, relevant in runs:
        for rank, doc in enumerate(retrieved):
            if doc in relevant:
                total += 1 / max(rank, 1)
                break
    return total / len(runs) if runs else 0.0''',
        # averages only the queries that found something
        '''\
def mrr(runs):
    ranks = [next((1 / (i + 1) for i, d in enumerate(ret) if d in rel), None) for ret, rel in runs]
    ranks = [r for r in ranks if r is not None]
    return sum(ranks) / len(ranks) if ranks else 0.0''',
        # the last relevant result instead of the first
        '''\
def mrr(runs):
    total = 0.0
    for retrieved, relevant in runs:
        hits = [i + 1 for i, d in enumerate(retrieved) if d in relevant]
        total += 1 / hits[-1] if hits else 0.0
    return total / len(runs) if runs else 0.0''',
        # crashes on no runs
        '''\
def mrr(runs):
    ranks = [next((1 / (i + 1) for i, d in enumerate(ret) if d in rel), 0) for ret, rel in runs]
    return sum(ranks) / len(runs)''',
        # a sum, not a mean
        '''\
def mrr(runs):
    return float(sum(next((1 / (i + 1) for i, d in enumerate(ret) if d in rel), 0) for ret, rel in runs))''',
        # every relevant result added up
        '''\
def mrr(runs):
    total = sum(sum(1 / (i + 1) for i, d in enumerate(ret) if d in rel) for ret, rel in runs)
    return total / len(runs) if runs else 0.0''',
        # blind red team: the best query, not the mean
        '''\
def mrr(runs):
    if not runs:
        return 0.0
    best = 0.0
    for ret, rel in runs:
        for i, d in enumerate(ret, 1):
            if d in rel:
                best = max(best, 1 / i)
                break
    return best''',
        # blind red team: repeats removed before ranking
        '''\
def mrr(runs):
    if not runs:
        return 0.0
    total = 0.0
    for ret, rel in runs:
        uniq = list(dict.fromkeys(ret))
        for i, d in enumerate(uniq, 1):
            if d in rel:
                total += 1 / i
                break
    return total / len(runs)''',
    ] + BLIND["p3.metrics.mrr"]["wrong"],
    hints=[
        "For one query: walk the ranking with `enumerate(retrieved, start=1)` and stop at the first "
        "relevant id.",
        "A query with no relevant result adds 0 but still counts in the mean's denominator.",
        "Guard the empty list before dividing by `len(runs)`.",
    ],
)
def mrr(answer):
    _cases(answer, _MRR, "mrr", {1: "only the first relevant result counts",
                                 2: "a query with nothing found scores 0 and still counts",
                                 3: "no runs: 0.0",
                                 6: "the first relevant id in the ranking's order, not in `relevant`'s",
                                 7: "the first relevant result at position 5 gives 1/5: no cutoff"})
    return "MRR rewards putting the first right answer high: 1 at the top, 1/2 second, 1/3 third."


# ---------------------------------------------------------------- nDCG@k
_L = math.log2


def _ndcg(ranked: list, gains: dict, k: int) -> float:
    dcg = sum(gains.get(d, 0) / _L(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted((g for g in gains.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / _L(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


_GAINS = {"a": 3, "b": 2, "c": 2, "d": 1}
_NDCG_ARGS = [
    (["a", "b", "c", "d"], _GAINS, 4),         # the ideal order: 1.0
    (["a", "c", "b", "d"], _GAINS, 4),         # b and c swapped: a tie, still 1.0
    (["d", "x", "a"], _GAINS, 3),              # x is not listed: gain 0
    (["b", "a"], _GAINS, 2),                   # the ideal is cut at k too
    (["x", "y"], _GAINS, 2),
    ([], _GAINS, 5),                           # nothing retrieved
    (["a", "b"], {}, 2),                       # nothing relevant: defined as 0
    (["a", "b", "c", "d", "e", "f"], {"f": 1, "e": 0}, 3),   # the only relevant id below k
    (["c", "d"], {"c": 1, "d": 1, "a": 1}, 5),
]
_NDCG = [(args, _ndcg(*args)) for args in _NDCG_ARGS]


@exercise(
    "p3.metrics.ndcg_at_k",
    title="nDCG@k with graded relevance",
    prompt="Complete `ndcg_at_k(retrieved, gains, k)`: `gains` maps ids to graded relevance (3 = "
    "perfect, 0 or absent = irrelevant). DCG@k is the sum over the first k results, at positions "
    "i = 1, 2, ..., of gain / log2(i + 1); the ideal DCG@k is the same sum for the gains sorted from "
    "high to low, also cut at k. Return DCG@k / ideal DCG@k as a float, 0.0 when the ideal DCG is 0.",
    answer="ndcg_at_k",
    setup="import numpy as np",
    solution='''\
def ndcg_at_k(retrieved, gains, k):
    dcg = sum(gains.get(doc, 0) / np.log2(i + 1) for i, doc in enumerate(retrieved[:k], start=1))
    ideal = sorted(gains.values(), reverse=True)[:k]
    idcg = sum(g / np.log2(i + 1) for i, g in enumerate(ideal, start=1))
    return float(dcg / idcg) if idcg > 0 else 0.0''',
    right=[
        '''\
import math


def ndcg_at_k(retrieved, gains, k):
    def dcg(values):
        return sum(v / math.log2(pos + 2) for pos, v in enumerate(values[:k]))
    best = dcg(sorted(gains.values(), reverse=True))
    return dcg([gains.get(d, 0) for d in retrieved]) / best if best else 0.0''',
        # the natural log: the base cancels in the ratio
        '''\
def ndcg_at_k(retrieved, gains, k):
    dcg = sum(gains.get(d, 0) / np.log(i + 2) for i, d in enumerate(retrieved[:k]))
    ideal = sorted(gains.values(), reverse=True)[:k]
    idcg = sum(g / np.log(i + 2) for i, g in enumerate(ideal))
    return float(dcg / idcg) if idcg > 0 else 0.0''',
    ] + BLIND["p3.metrics.ndcg_at_k"]["right"],
    wrong=[
        # the ideal built from what was retrieved
        '''\
def ndcg_at_k(retrieved, gains, k):
    got = [gains.get(d, 0) for d in retrieved[:k]]
    dcg = sum(g / np.log2(i + 2) for i, g in enumerate(got))
    idcg = sum(g / np.log2(i + 2) for i, g in enumerate(sorted(got, reverse=True)))
    return float(dcg / idcg) if idcg > 0 else 0.0''',
        # the ideal not cut at k
        '''\
def ndcg_at_k(retrieved, gains, k):
    dcg = sum(gains.get(d, 0) / np.log2(i + 2) for i, d in enumerate(retrieved[:k]))
    idcg = sum(g / np.log2(i + 2) for i, g in enumerate(sorted(gains.values(), reverse=True)))
    return float(dcg / idcg) if idcg > 0 else 0.0''',
        # positions off by one: log2(i) with i from 2
        '''\
def ndcg_at_k(retrieved, gains, k):
    dcg = sum(gains.get(d, 0) / np.log2(i + 3) for i, d in enumerate(retrieved[:k]))
    ideal = sorted(gains.values(), reverse=True)[:k]
    idcg = sum(g / np.log2(i + 3) for i, g in enumerate(ideal))
    return float(dcg / idcg) if idcg > 0 else 0.0''',
        # crashes (or NaN) when nothing is relevant
        '''\
def ndcg_at_k(retrieved, gains, k):
    dcg = sum(gains.get(d, 0) / np.log2(i + 2) for i, d in enumerate(retrieved[:k]))
    ideal = sorted(gains.values(), reverse=True)[:k]
    return float(dcg / sum(g / np.log2(i + 2) for i, g in enumerate(ideal)))''',
        # exponential gains 2^g - 1
        '''\
def ndcg_at_k(retrieved, gains, k):
    dcg = sum((2 ** gains.get(d, 0) - 1) / np.log2(i + 2) for i, d in enumerate(retrieved[:k]))
    ideal = sorted(gains.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / np.log2(i + 2) for i, g in enumerate(ideal))
    return float(dcg / idcg) if idcg > 0 else 0.0''',
        # blind red team: the ideal in ascending order
        '''\
def ndcg_at_k(retrieved, gains, k):
    dcg = sum(gains.get(d, 0) / np.log2(i + 1) for i, d in enumerate(retrieved[:k], 1))
    ideal = sorted(gains.values())[:k]
    idcg = sum(g / np.log2(i + 1) for i, g in enumerate(ideal, 1))
    return float(dcg / idcg) if idcg else 0.0''',
        # blind red team: DCG without the ideal
        '''\
def ndcg_at_k(retrieved, gains, k):
    dcg = sum(gains.get(d, 0) / np.log2(i + 1) for i, d in enumerate(retrieved[:k], 1))
    return float(dcg)''',
    ] + BLIND["p3.metrics.ndcg_at_k"]["wrong"],
    hints=[
        "Write the DCG of a list of gains once and use it twice: for the gains of what was retrieved, "
        "and for the best possible order of all the gains.",
        "Position i (from 1) is divided by log2(i + 1): 1 for the first result, 1.585 for the second.",
        "Both lists are cut at k; `gains.get(doc, 0)` gives 0 for an id not in `gains`; guard the "
        "division when the ideal DCG is 0.",
    ],
)
def ndcg_at_k(answer):
    _cases(answer, _NDCG, "ndcg_at_k", {1: "equal gains swapped: still the ideal order",
                                        3: "the ideal list is cut at k too",
                                        5: "nothing retrieved", 6: "nothing relevant: 0.0"})
    return ("nDCG uses graded relevance and discounts by position: a perfect passage at rank 3 is "
            "worth half of it at rank 1. With recall@k and MRR it is what retrieval papers report.")
