"""An offline Kaggle-style competition: the data, a scorer with clear errors, and your leaderboard.

The data is the Breast Cancer Wisconsin (Diagnostic) set that ships with scikit-learn, split by
`scripts/make_p4_competition.py` into `p4_train.csv` (with labels) and `p4_test.csv` (without).
The held-back test labels sit in `p4_test_labels.csv`: only `score` reads them, the way Kaggle's
servers keep the private leaderboard. Submissions you `submit` are logged in the progress event
log (`pathway.log("p4.exp.kaggle", "submission", ...)`), so `leaderboard()` survives restarts and
moves with `pathway export`/`import`.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any

from ..errors import PathwayError

if TYPE_CHECKING:
    import pandas as pd

    from ..progress import Event

NAME = "p4-breast-cancer"
TITLE = "Breast cancer diagnosis (offline practice competition)"
ITEM = "p4.exp.kaggle"
ID = "id"
TARGET = "diagnosis"
LABELS = ("benign", "malignant")
METRIC = "accuracy"
COLUMNS = ["rank", "time", "score", "model", "note", "competition"]


class SubmissionError(PathwayError, ValueError):
    """A submission that cannot be scored; the message says what to fix."""


# ------------------------------------------------------------------ the data
def train() -> pd.DataFrame:
    """The training set: `id`, 30 measurements of a cell-nucleus image, and `diagnosis`."""
    return _read("p4_train.csv").copy()


def test() -> pd.DataFrame:
    """The test set: `id` and the same 30 measurements, without `diagnosis` (you predict it)."""
    return _read("p4_test.csv").copy()


def sample_submission() -> pd.DataFrame:
    """A valid submission predicting the majority class for every test id: the baseline."""
    return _read("p4_sample_submission.csv").copy()


def features() -> list[str]:
    """The 30 feature columns (every column except `id` and `diagnosis`)."""
    return [c for c in _read("p4_train.csv").columns if c not in (ID, TARGET)]


@functools.cache
def _read(name: str) -> pd.DataFrame:
    from . import datasets

    return datasets.load(name)


@functools.cache
def _answers() -> dict[int, str]:
    frame = _read("p4_test_labels.csv")
    return dict(zip(frame[ID].astype(int).tolist(), frame[TARGET].astype(str).tolist()))


# ------------------------------------------------------------------ scoring
def score(submission: pd.DataFrame | str | os.PathLike[str]) -> float:
    """The submission's accuracy on the hidden test labels, between 0 and 1.

    Takes a DataFrame or the path of a CSV file with exactly the columns `id` and `diagnosis`,
    one row per test id. Raises `SubmissionError` naming the problem otherwise.
    """
    frame = _as_frame(submission)
    predictions = _validate(frame)
    answers = _answers()
    right = sum(predictions[i] == answers[i] for i in answers)
    return right / len(answers)


def _as_frame(submission: Any) -> pd.DataFrame:
    import pandas as pd

    if isinstance(submission, pd.DataFrame):
        return submission
    if isinstance(submission, (str, os.PathLike)):
        path = os.fspath(submission)
        if not os.path.isfile(path):
            raise SubmissionError(f"no file at {path!r}: write your submission there first")
        try:
            return pd.read_csv(path)
        except (ValueError, UnicodeDecodeError) as exc:
            raise SubmissionError(f"{path} is not a readable CSV file ({exc})") from None
    raise SubmissionError(
        f"expected a pandas DataFrame or the path of a CSV file, got {type(submission).__name__}"
    )


def _validate(frame: pd.DataFrame) -> dict[int, str]:
    """The predictions by id, after checking columns, ids and labels; raises SubmissionError."""
    import pandas as pd

    columns = [str(c) for c in frame.columns]
    unnamed = [c for c in columns if c.startswith("Unnamed")]
    if unnamed:
        raise SubmissionError(
            f"the file has an extra column {unnamed[0]!r}: that is the DataFrame's index. "
            "Write the CSV with `to_csv(path, index=False)`"
        )
    if len(set(columns)) != len(columns):
        raise SubmissionError("a column appears twice: keep one 'id' and one 'diagnosis'")
    missing = [c for c in (ID, TARGET) if c not in columns]
    if missing:
        found = ", ".join(repr(c) for c in columns[:6]) or "none"
        hint = " (is it the index? use `reset_index()`)" if ID in missing and frame.index.name == ID else ""
        raise SubmissionError(
            f"missing column{'s' * (len(missing) > 1)} {', '.join(map(repr, missing))}{hint}; "
            f"a submission has exactly the columns 'id' and 'diagnosis' (found: {found})"
        )
    extra = [c for c in columns if c not in (ID, TARGET)]
    if extra:
        raise SubmissionError(
            f"unexpected column{'s' * (len(extra) > 1)} {', '.join(map(repr, extra[:4]))}: "
            "a submission has exactly the columns 'id' and 'diagnosis'"
        )
    ids = frame[ID]
    if not pd.api.types.is_numeric_dtype(ids) or pd.api.types.is_bool_dtype(ids) or ids.isna().any():
        raise SubmissionError("the 'id' column should hold whole numbers, the ids of p4_test.csv")
    if not (ids == ids.round()).all():
        raise SubmissionError("the 'id' column holds fractions; ids are whole numbers")
    ids = ids.astype("int64")
    repeated = sorted(set(ids[ids.duplicated()].tolist()))
    if repeated:
        raise SubmissionError(
            f"{len(repeated)} id{'s' * (len(repeated) > 1)} appear more than once "
            f"(e.g. {_few(repeated)}): predict each test id exactly once"
        )
    expected = _answers().keys()
    unknown = sorted(set(ids.tolist()) - set(expected))
    if unknown:
        raise SubmissionError(
            f"{len(unknown)} id{'s' * (len(unknown) > 1)} are not in the test set "
            f"(e.g. {_few(unknown)}): did you predict the training set instead of p4_test.csv?"
        )
    absent = sorted(set(expected) - set(ids.tolist()))
    if absent:
        raise SubmissionError(
            f"{len(absent)} test id{'s' * (len(absent) > 1)} have no prediction "
            f"(e.g. {_few(absent)}): the submission needs one row for each of the "
            f"{len(expected)} test ids"
        )
    labels = frame[TARGET]
    bad = [v for v in labels.tolist() if not isinstance(v, str) or v not in LABELS]
    if bad:
        kinds = sorted({repr(v) for v in bad}, key=str)[:3]
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in bad)
        hint = (
            " They look like class numbers: predict the text labels, as in p4_train.csv."
            if numeric else ""
        )
        raise SubmissionError(
            f"{len(bad)} prediction{'s' * (len(bad) > 1)} in 'diagnosis' are not a label "
            f"({', '.join(kinds)}); use exactly {LABELS[0]!r} or {LABELS[1]!r}.{hint}"
        )
    return dict(zip(ids.tolist(), labels.tolist()))


def _few(values: list[Any], n: int = 3) -> str:
    shown = ", ".join(map(str, values[:n]))
    return shown + (", ..." if len(values) > n else "")


# ------------------------------------------------------------------ your leaderboard
def submit(submission: pd.DataFrame | str | os.PathLike[str], *, model: str, note: str = "") -> float:
    """Score a submission and log it on your leaderboard; returns the score.

    Kaggle limits submissions per day so that people do not tune against the leaderboard; here
    nothing stops you, but the log keeps every attempt, so your record stays honest.
    """
    from .. import api

    if not isinstance(model, str) or not model.strip():
        raise SubmissionError("describe the model in a few words, e.g. model='scaled logistic regression'")
    value = score(submission)
    api.log(ITEM, "submission", score=round(value, 6), model=model.strip(), note=str(note),
            competition=NAME, metric=METRIC)
    return value


def leaderboard(competition: str | None = NAME) -> pd.DataFrame:
    """Your logged submissions, best first (ties: the earlier one first), ranked from 1.

    Submissions logged by hand with `pathway.log("p4.exp.kaggle", "submission", score=...)`
    count for this practice competition unless their `competition` field names another;
    `competition=None` shows them all.
    """
    import pandas as pd

    rows = [_row(e) for e in _submissions()]
    if competition is not None:
        rows = [r for r in rows if r["competition"] == competition]
    frame = pd.DataFrame(rows, columns=COLUMNS[1:])
    frame["time"] = pd.to_datetime(frame["time"], utc=True, format="ISO8601")
    frame["score"] = frame["score"].astype(float)
    frame = frame.sort_values(["score", "time"], ascending=[False, True], na_position="last")
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame.set_index("rank")


def best(competition: str = NAME) -> float | None:
    """Your best score in the competition, or None before your first submission."""
    board = leaderboard(competition)
    scores = board["score"].dropna()
    return float(scores.iloc[0]) if len(scores) else None


def _submissions() -> list[Event]:
    from .. import api

    return api.logged(ITEM, "submission")


def _row(event: Event) -> dict[str, Any]:
    detail = event.detail or {}
    value = detail.get("score")
    return {
        "time": event.time,
        "score": float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None,
        "model": str(detail.get("model", "")),
        "note": str(detail.get("note", "")),
        "competition": str(detail.get("competition", NAME)),
    }
