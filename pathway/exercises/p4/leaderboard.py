"""Phase 4, real-world practice: the public/private leaderboard shake-up."""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Mapping
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise

_HISTORY = """
from pathway.labs import shakeup

history = shakeup.history()
"""

_FINAL = """
from pathway.labs import shakeup

final = shakeup.board(reveal=True)
n_public = shakeup.n_public()
"""

EVIDENCE = ("cv_score", "public_score")


@functools.cache
def _history() -> Any:
    from ...labs import shakeup

    return shakeup.history(reveal=True)


def _se(accuracy: float, n: int) -> float:
    return math.sqrt(accuracy * (1 - accuracy) / n)


@exercise(
    "p4.leaderboard.final_pick",
    title="Pick the submission you trust",
    prompt="`history` lists your nine submissions with their cross-validation score (on the 1,500 "
    "training rows) and their public score (on 300 test rows). Kaggle ranks you on the private "
    "board with the submission you select. Set `final_pick` to a dictionary: `submission` (the "
    "number you select), `evidence` (the column of `history` your choice rests on, 'cv_score' or "
    "'public_score') and `expected` (the private accuracy you expect from it).",
    answer="final_pick",
    setup=_HISTORY,
    solution="""
best = history["cv_score"].idxmax()
final_pick = {"submission": best, "evidence": "cv_score", "expected": history.loc[best, "cv_score"]}
""",
    right=[
        """
ranked = history.sort_values("cv_score", ascending=False)
final_pick = {"submission": int(ranked.index[0]), "evidence": "cv_score",
              "expected": round(float(ranked["cv_score"].iloc[0]), 2)}
""",
    ],
    wrong=[
        """
best = history["public_score"].idxmax()
final_pick = {"submission": best, "evidence": "public_score", "expected": history.loc[best, "public_score"]}
""",
        """
best = history["cv_score"].idxmax()
final_pick = {"submission": best, "evidence": "cv_score", "expected": history.loc[best, "public_score"]}
""",
        """
best = history["cv_score"].idxmax()
final_pick = {"submission": best, "evidence": "public_score", "expected": history.loc[best, "cv_score"]}
""",
        """
final_pick = {"submission": len(history), "evidence": "cv_score", "expected": history["cv_score"].iloc[-1]}
""",
    ],
    hints=[
        "Which of the two scores was measured on more rows, and which one did you (partly) choose "
        "your variants by? A score you selected on is flattered by the selection.",
        "The cross-validation score comes from 1,500 rows no variant was tuned on; the public score "
        "from 300 rows that several of your variants were picked for.",
        "Select the submission with the highest `cv_score` (`idxmax` gives its number) and expect "
        "about that score on the private board.",
    ],
)
def final_pick(answer: Any) -> str:
    history = _history()
    checks.expect_type(answer, Mapping, "a dictionary with submission, evidence and expected")
    checks.same_set(answer.keys(), ("submission", "evidence", "expected"), "the keys of final_pick")
    pick = answer["submission"]
    if isinstance(pick, bool) or not isinstance(pick, numbers.Real) or pick != int(pick):
        raise Incorrect(f"`submission` should be a submission number from history's index, got "
                        f"{checks.short(pick)}")
    pick = int(pick)
    if pick not in history.index:
        raise Incorrect(f"there is no submission {pick}: the numbers run from {history.index.min()} "
                        f"to {history.index.max()}")
    evidence = answer["evidence"]
    if evidence not in EVIDENCE:
        raise Incorrect(f"`evidence` should be 'cv_score' or 'public_score', got {checks.short(evidence)}")
    best_cv, best_public = int(history["cv_score"].idxmax()), int(history["public_score"].idxmax())
    row = history.loc[pick]
    if pick == best_public and pick != best_cv:
        raise Incorrect(
            f"submission {pick} has the best public score, {row['public_score']:.3f}, but it is "
            f"'{row['model']}': it was kept because of those 300 rows, so its public score is "
            "flattered. Which score was never used to choose?")
    if evidence == "public_score":
        raise Incorrect("the public score rests on 300 rows, and some submissions were picked "
                        "for it: it is the weaker evidence. Which score was measured on rows no "
                        "variant was chosen by?")
    if pick != best_cv:
        raise Incorrect(f"submission {pick} does not have the best cross-validation score: "
                        f"{row['cv_score']:.3f}, and another one scores higher")
    expected = checks.number(answer["expected"], "`expected`")
    if not 0 <= expected <= 1:
        raise Incorrect(f"`expected` is {expected:g}: an accuracy lies between 0 and 1")
    tolerance = _se(row["cv_score"], 1500)  # one standard error of the 1,500-row estimate
    if abs(expected - row["public_score"]) < 1e-9 and abs(row["public_score"] - row["cv_score"]) > tolerance:
        raise Incorrect("`expected` is the public score: the estimate your choice rests on is "
                        "the better guess of the private score")
    if abs(expected - row["cv_score"]) > tolerance:
        raise Incorrect(f"`expected` is {expected:.3f}; the estimate you trusted says "
                        f"{row['cv_score']:.3f}, give or take {tolerance:.3f}")
    return (f"submission {pick} scores {row['private_score']:.3f} on the private board, close to "
            f"its cross-validation {row['cv_score']:.3f}. Submission {best_public}, the public "
            f"favourite, scores {history.loc[best_public, 'private_score']:.3f} there.")


@functools.cache
def _final() -> Any:
    from ...labs import shakeup

    return shakeup.board(reveal=True), shakeup.n_public()


def _over(z: float, n: int | None = None) -> set[str]:
    final, n_public = _final()
    n = n or n_public
    return {str(t) for t, r in final.iterrows()
            if r["public_score"] - r["private_score"] > z * _se(r["private_score"], n)}


@exercise(
    "p4.leaderboard.overfitted",
    title="Who overfitted the public board?",
    prompt="`final` is the revealed leaderboard: each team's public and private score. A public "
    "score on `n_public` rows scatters around the team's true accuracy by one standard error, "
    "sqrt(p(1 - p) / n_public), with p the private score (the better estimate: 700 rows). Set "
    "`overfitted` to the set of teams whose public score is more than two such standard errors "
    "above their private score.",
    answer="overfitted",
    setup=_FINAL,
    solution="""
import numpy as np

p = final["private_score"]
standard_error = np.sqrt(p * (1 - p) / n_public)
gap = final["public_score"] - final["private_score"]
overfitted = set(final.index[gap > 2 * standard_error])
""",
    right=[
        """
import math

overfitted = set()
for team, row in final.iterrows():
    p = row["private_score"]
    if row["public_score"] - p > 2 * math.sqrt(p * (1 - p) / n_public):
        overfitted.add(team)
""",
    ],
    wrong=[
        """
import numpy as np

p = final["private_score"]
overfitted = set(final.index[final["public_score"] - p > np.sqrt(p * (1 - p) / n_public)])
""",
        "overfitted = set(final.index[final[\"moved\"] <= -2])",
        "overfitted = set(final.sort_values(\"submissions\").index[-3:])",
        """
import numpy as np

p = final["private_score"]
overfitted = set(final.index[final["public_score"] - p > 2 * np.sqrt(p * (1 - p) / 700)])
""",
    ],
    hints=[
        "For each team compare the gap, public minus private, with the noise a 300-row score "
        "carries: its standard error.",
        "Only a public score *above* the private one is the sign of picking for the public board; "
        "a team that rose was merely unlucky on the public rows.",
        "Compute the standard error per team from its private score and `n_public`, then keep the "
        "teams whose gap exceeds twice it.",
    ],
)
def overfitted(answer: Any) -> str:
    from ...labs import shakeup

    final, n_public = _final()
    expected = _over(2.0)
    checks.expect_type(answer, (set, frozenset, list, tuple), "a set of team names")
    got = {str(t) for t in answer}
    unknown = got - set(map(str, final.index))
    if unknown:
        raise Incorrect(f"{checks.short(sorted(unknown)[0])} is not a team on the board: use the "
                        "names of `final`'s index")
    for team in sorted(got - expected):
        row = final.loc[team]
        gap = row["public_score"] - row["private_score"]
        limit = 2 * _se(row["private_score"], n_public)
        if gap < 0:
            raise Incorrect(f"{team} scored *higher* in private: falling on the public board is "
                            "bad luck there, not overfitting")
        raise Incorrect(f"{team}'s public score is {gap:.3f} above its private one, within twice "
                        f"the standard error of a {n_public}-row score ({limit:.3f}): that much is luck")
    for team in sorted(expected - got):
        raise Incorrect(f"{team} is missing: its public score beats its private one by more than "
                        "twice the standard error")
    others = final.drop(index=sorted(expected))
    many = final.loc[sorted(expected), "submissions"].min()
    fell = " and ".join(sorted(expected))
    return (f"{fell} fell beyond the noise: each sent {many} or more submissions and kept the one the "
            f"public board liked. The other {len(others)} teams, {shakeup.YOU!r} included, stayed within "
            "it; one of them chose by the public board too and got away with it this time: the rule "
            "judges the gap, not the method.")
