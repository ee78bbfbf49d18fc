"""The leaderboard shake-up: simulated submissions scored on the public and the private board.

`data/p4_submissions.csv` (made by `scripts/make_p4_competition.py`) holds a history of nine
submissions of your own and the submissions of eight rival teams, each with its cross-validation
score on the training rows and, for the rivals, the one submission the team picked for the final
ranking. Some teams picked by cross-validation; others submitted many variants and kept the one
with the best public score. Here they are scored against the hidden test labels, public part and
private part, so the shake-up at the end of a Kaggle competition happens in front of you.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

from . import competition

if TYPE_CHECKING:
    import pandas as pd

YOU = "you"


@functools.cache
def _scored() -> pd.DataFrame:
    """Every simulated submission with its public and private accuracy."""
    from . import datasets

    frame = datasets.load("p4_submissions.csv", dtype={"predictions": str})
    ids = competition.test()[competition.ID].astype(int).tolist()
    yes, no = competition.LABELS[1], competition.LABELS[0]
    public, private = [], []
    for text in frame["predictions"]:
        predictions = {i: yes if c == "1" else no for i, c in zip(ids, text)}
        public.append(competition.accuracy(predictions, "public"))
        private.append(competition.accuracy(predictions, "private"))
    return frame.drop(columns="predictions").assign(public_score=public, private_score=private)


def n_public() -> int:
    """How many test rows the public leaderboard scores."""
    return len(competition.board_ids("public"))


def history(reveal: bool = False) -> pd.DataFrame:
    """Your nine submissions: model, cross-validation score and public score (and private, revealed)."""
    mine = _scored()
    mine = mine[mine["team"] == YOU].drop(columns=["team", "picked"]).set_index("submission")
    return mine if reveal else mine.drop(columns="private_score")


def board(reveal: bool = False, your_pick: int | None = None) -> pd.DataFrame:
    """The leaderboard of the nine teams, each scored on the submission it picked.

    Sorted by public score (the board everyone watched), with the public rank; `reveal=True`
    adds the private score, the private rank (the final result) and how many places each team
    moved. Your entry is the submission `your_pick`, or by default the one with the best
    cross-validation score.
    """
    import pandas as pd

    scored = _scored()
    mine = scored[scored["team"] == YOU]
    if your_pick is None:
        your_pick = int(mine.loc[mine["cv_score"].idxmax(), "submission"])
    if your_pick not in set(mine["submission"]):
        raise ValueError(f"you have no submission {your_pick!r}; pick one of {sorted(mine['submission'])}")
    rows = []
    for team, subs in scored.groupby("team", sort=False):
        chosen = subs[subs["submission"] == your_pick] if team == YOU else subs[subs["picked"]]
        pick = chosen.iloc[0]
        rows.append({"team": team, "submissions": len(subs), "public_score": pick["public_score"],
                     "private_score": pick["private_score"]})
    frame = pd.DataFrame(rows)
    frame["public_rank"] = frame["public_score"].rank(ascending=False, method="min").astype(int)
    frame["private_rank"] = frame["private_score"].rank(ascending=False, method="min").astype(int)
    frame["moved"] = frame["public_rank"] - frame["private_rank"]
    frame = frame.sort_values(["public_rank", "team"]).set_index("team")
    if not reveal:
        frame = frame.drop(columns=["private_score", "private_rank", "moved"])
    return frame


def standard_error(accuracy: float, n: int) -> float:
    """The standard error of an accuracy measured on `n` rows: sqrt(p(1 - p) / n)."""
    return math.sqrt(accuracy * (1 - accuracy) / n)


def overfitted(frame: pd.DataFrame | None = None, z: float = 2.0) -> set[str]:
    """Teams whose public score beats their private one by more than `z` public standard errors.

    The private score (700 rows) is the better estimate of a submission's accuracy; a public score
    on 300 rows scatters around it by about one standard error. A gap beyond twice that is rarely
    luck: the team picked its submission for a public score the rest of the test set does not share.
    """
    frame = board(reveal=True) if frame is None else frame
    n = n_public()
    return {
        str(team) for team, row in frame.iterrows()
        if row["public_score"] - row["private_score"] > z * standard_error(row["private_score"], n)
    }
