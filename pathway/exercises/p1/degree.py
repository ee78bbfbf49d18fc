"""Phase 1, academic foundation: the degree choice as a weighted decision."""

from __future__ import annotations

import math
from typing import Any

from .. import checks
from ..checks import Incorrect, type_name
from ..engine import exercise
from ._shared import _is_number


def _degree_names() -> tuple[str, str]:
    """The two degrees the roadmap names, in its own wording (items p1.degree.ai and .cs)."""
    from ...roadmap import load_roadmap

    roadmap = load_roadmap()
    names = []
    for item_id, fallback in (("p1.degree.ai", "Artificial Intelligence"),
                              ("p1.degree.cs", "Computer Science")):
        try:
            item = roadmap.item(item_id)
            names.append(item.seed or item.title)
        except Exception:
            names.append(fallback)
    return names[0], names[1]


DEGREE_KEYS = ("weights", "scores", "totals", "choice")
DEGREE_SETUP = """
import pathway

roadmap = pathway.load_roadmap()
ai = roadmap.item("p1.degree.ai").seed
cs = roadmap.item("p1.degree.cs").seed
"""

_DEGREE_SOLUTION = """
# One learner's matrix: your weights and scores are your own.
weights = {
    "maths and statistics": 0.25,
    "machine learning courses": 0.30,
    "software engineering": 0.20,
    "career options": 0.15,
    "programmes I can reach": 0.10,
}
scores = {
    ai: {"maths and statistics": 4, "machine learning courses": 5, "software engineering": 3,
         "career options": 3, "programmes I can reach": 2},
    cs: {"maths and statistics": 4, "machine learning courses": 3, "software engineering": 5,
         "career options": 5, "programmes I can reach": 5},
}
totals = {degree: sum(weights[c] * scores[degree][c] for c in weights) for degree in scores}
choice = max(totals, key=totals.get)
decision = {"weights": weights, "scores": scores, "totals": totals, "choice": choice}
"""


@exercise(
    "p1.degree.matrix",
    title="A weighted decision matrix for the degree",
    prompt="Fill in `weights` (how much each criterion matters to you; they add up to 1) and "
    "`scores` (1 to 5: how well each degree serves each criterion), then compute `totals` (each "
    "degree's weighted score) and `choice` (the degree with the higher total). The check "
    "validates your matrix, not your opinion.",
    answer="decision",
    setup=DEGREE_SETUP,
    solution=_DEGREE_SOLUTION,
    wrong=[
        _DEGREE_SOLUTION.replace('"programmes I can reach": 0.10', '"programmes I can reach": 0.20'),
        _DEGREE_SOLUTION.replace("sum(weights[c] * scores[degree][c] for c in weights)",
                                 "sum(scores[degree].values())"),
        _DEGREE_SOLUTION.replace("choice = max(totals, key=totals.get)", "choice = ai"),
        _DEGREE_SOLUTION.replace("choice = max(totals, key=totals.get)",
                                 "choice = min(totals, key=totals.get)"),
        _DEGREE_SOLUTION.replace('"career options": 5', '"career options": 7'),
        _DEGREE_SOLUTION.replace("for c in weights) for degree in scores}",
                                 "for c in weights) / len(weights) for degree in scores}"),
    ],
    right=[
        _DEGREE_SOLUTION.replace(
            "totals = {degree: sum(weights[c] * scores[degree][c] for c in weights) for degree in scores}",
            "totals = {}\nfor degree, row in scores.items():\n"
            "    totals[degree] = sum(weight * row[c] for c, weight in weights.items())")
        .replace("choice = max(totals, key=totals.get)",
                 "choice = ai if totals[ai] >= totals[cs] else cs"),
        _DEGREE_SOLUTION.replace('"machine learning courses": 0.30', '"machine learning courses": 0.1')
        .replace('"maths and statistics": 0.25', '"maths and statistics": 0.45')
        .replace('"career options": 3,', '"career options": 4,'),
    ],
    hints=[
        "Start with the weights: give each criterion a share of 1 (0.25 is a quarter of your "
        "decision), then score each degree from 1 to 5 on every criterion.",
        "A weighted total multiplies each score by its criterion's weight and adds the products: "
        "a dictionary comprehension over `scores` with `sum(...)` inside does it for both degrees.",
        "For `totals`, one comprehension over the degrees with `sum(weight * score ...)` over the "
        "criteria inside; for `choice`, `max` over `totals` with a `key` that looks each "
        "degree's total up.",
    ],
)
def degree_matrix(answer: Any) -> str:
    checks.expect_type(answer, dict, "a dictionary")
    missing = [k for k in DEGREE_KEYS if k not in answer]
    if missing:
        raise Incorrect(f"decision has no {', '.join(map(repr, missing))}: keep the last line of "
                        "the cell as it is")
    degrees = _degree_names()
    weights, scores, totals, choice = (answer[k] for k in DEGREE_KEYS)

    checks.expect_type(weights, dict, "weights as a dictionary (criterion: weight)")
    if len(weights) < 3:
        raise Incorrect(f"weights has {len(weights)} criteria; a fair comparison needs at least 3")
    for criterion, weight in weights.items():
        if not _is_number(weight) or not 0 < weight <= 1 or math.isnan(weight):
            raise Incorrect(f"weights[{criterion!r}] is {checks.short(weight)}: each weight is a "
                            "number above 0 and at most 1")
    total_weight = math.fsum(weights.values())
    if not math.isclose(total_weight, 1, abs_tol=1e-6):
        raise Incorrect(f"your weights add up to {total_weight:.3g}; they should add up to 1, so "
                        "that each is a share of the decision")

    checks.expect_type(scores, dict, "scores as a dictionary (degree: {criterion: score})")
    checks.same_set(scores.keys(), degrees, "the degrees in scores")
    for degree in degrees:
        row = scores[degree]
        if not isinstance(row, dict):
            raise Incorrect(f"scores[{degree!r}] should be a dictionary of criterion: score, got "
                            f"{type_name(row)}")
        checks.same_set(row.keys(), weights.keys(), f"the criteria scored for {degree!r}")
        for criterion, score in row.items():
            if not _is_number(score) or not 1 <= score <= 5:
                raise Incorrect(f"scores[{degree!r}][{criterion!r}] is {checks.short(score)}: "
                                "use a score from 1 to 5")

    checks.expect_type(totals, dict, "totals as a dictionary (degree: weighted score)")
    checks.same_set(totals.keys(), degrees, "the degrees in totals")
    own = {d: math.fsum(weights[c] * scores[d][c] for c in weights) for d in degrees}
    for degree in degrees:
        got = totals[degree]
        if not _is_number(got) or not math.isclose(got, own[degree], abs_tol=0.01):
            raise Incorrect(
                f"totals[{degree!r}] is {checks.short(got)}, which does not follow from your own "
                "weights and scores: multiply each score by its criterion's weight and add up"
            )

    if not isinstance(choice, str) or choice not in degrees:
        raise Incorrect(f"choice should be one of {', '.join(map(repr, degrees))}, got "
                        f"{checks.short(choice)}")
    best = max(own.values())
    if not math.isclose(own[choice], best, rel_tol=1e-9):
        raise Incorrect(
            f"choice is {choice!r}, but the other degree has the higher total in your own "
            "matrix: choose by the totals, or revisit weights and scores that do not say what "
            "you believe"
        )
    other = next(d for d in degrees if d != choice)
    if math.isclose(own[other], best, rel_tol=1e-9):
        return (f"a tie at {best:.2f}: your criteria do not separate the degrees yet. Which one "
                "would break the tie?")
    return (f"your matrix favours {choice} ({own[choice]:.2f} against {own[other]:.2f}). If that "
            "is your decision, mark the milestone and skip the other degree.")
