"""Phase 4, real-world practice: the offline competition."""

from __future__ import annotations

import functools
import os
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise

_DATA = """
import pandas as pd
from pathway.labs import competition

train = competition.train()
test = competition.test()
features = competition.features()
"""

_MODEL = _DATA + """
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

model = make_pipeline(StandardScaler(), LogisticRegression())
"""

_SUBMISSION = """
model.fit(train[features], train["diagnosis"])
submission = pd.DataFrame({"id": test["id"], "diagnosis": model.predict(test[features])})
"""

PASS_MARK = 0.90


@functools.cache
def _shares() -> tuple[float, float, int]:
    from ...labs import competition

    counts = competition.train()["diagnosis"].value_counts()
    return float(counts.max() / counts.sum()), float(counts.min() / counts.sum()), int(counts.max())


@exercise(
    "p4.kaggle.baseline",
    title="The baseline to beat",
    prompt="Set `baseline` to the accuracy of a 'model' that always predicts the most common "
    "diagnosis in `train`: the share of the majority class, a number between 0 and 1.",
    answer="baseline",
    setup=_DATA,
    solution='baseline = train["diagnosis"].value_counts(normalize=True).max()',
    wrong=[
        'baseline = train["diagnosis"].value_counts().max()',
        'baseline = train["diagnosis"].value_counts(normalize=True).min()',
        'baseline = (train["diagnosis"] == "malignant").mean()',
    ],
    hints=[
        "The majority class is the diagnosis that appears most often; its share of the rows is "
        "the accuracy of predicting it for everyone.",
        "`.value_counts()` counts each label; `normalize=True` turns counts into shares.",
        'Take the largest share: `train["diagnosis"].value_counts(normalize=True).max()`.',
    ],
)
def baseline(answer: Any) -> str:
    majority, minority, count = _shares()
    value = checks.number(answer, "baseline")
    if value > 1:
        raise Incorrect(
            f"baseline is {value:g}, a count of rows: an accuracy is a share between 0 and 1 "
            "(divide by the number of rows, or use normalize=True)"
        )
    if abs(value - minority) < 1e-9:
        raise Incorrect("that is the share of the *less* common diagnosis; a baseline predicts "
                        "the most common one")
    checks.close_to(value, majority, "baseline")
    return (f"always predicting 'benign' is right {majority:.1%} of the time. Any model worth "
            "submitting has to beat that clearly.")


@functools.cache
def _cv_and_train_accuracy() -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from ...labs import competition

    train, features = competition.train(), competition.features()
    X, y = train[features], train["diagnosis"]
    model = make_pipeline(StandardScaler(), LogisticRegression())
    cv = float(cross_val_score(model, X, y, cv=5).mean())
    fitted = float(model.fit(X, y).score(X, y))
    return cv, fitted


@exercise(
    "p4.kaggle.cv_estimate",
    title="Estimate your score before you submit",
    prompt="Set `cv_accuracy` to the mean accuracy of `model` over 5-fold cross-validation on the "
    'training set: `cross_val_score` on `train[features]` and `train["diagnosis"]` with `cv=5`.',
    answer="cv_accuracy",
    setup=_MODEL,
    solution="""
from sklearn.model_selection import cross_val_score

cv_accuracy = cross_val_score(model, train[features], train["diagnosis"], cv=5).mean()
""",
    wrong=[
        'cv_accuracy = model.fit(train[features], train["diagnosis"]).score(train[features], '
        'train["diagnosis"])',
        'from sklearn.model_selection import cross_val_score\n\n'
        'cv_accuracy = cross_val_score(model, train[features], train["diagnosis"], cv=5)',
        'from sklearn.model_selection import cross_val_score\n\n'
        'cv_accuracy = cross_val_score(model, train[features], train["diagnosis"], cv=5).std()',
    ],
    hints=[
        "Cross-validation trains on 4/5 of the training rows and scores on the other 1/5, five "
        "times; its mean is your honest estimate, without touching the test set.",
        "`from sklearn.model_selection import cross_val_score` returns one score per fold.",
        'Average the five scores: `cross_val_score(model, train[features], train["diagnosis"], '
        "cv=5).mean()`.",
    ],
)
def cv_estimate(answer: Any) -> str:
    cv, on_train = _cv_and_train_accuracy()
    if getattr(answer, "shape", ()) != () and hasattr(answer, "__len__"):
        raise Incorrect("that holds one score per fold: combine them into one number, their mean")
    value = checks.number(answer, "cv_accuracy")
    if abs(value - on_train) < 1e-9:
        raise Incorrect(
            "that is the accuracy on the rows the model was trained on, which is optimistic: "
            "cross-validation scores each fold with a model that never saw it"
        )
    if value < 0.5:
        raise Incorrect("that is far below any accuracy here: is it the spread (std) of the fold "
                        "scores rather than their mean?")
    try:
        checks.close_to(value, cv, "cv_accuracy")
    except Incorrect as exc:
        raise Incorrect(f"{exc.message}: use `model`, the columns `train[features]` (no id) "
                        "and cv=5") from None
    return (f"cross-validation expects about {cv:.3f}. On Kaggle this is how you choose between "
            "models: the public leaderboard is too small (and too tempting) to tune against.")


@exercise(
    "p4.kaggle.submission",
    title="Make a submission",
    prompt="Fit `model` on the whole training set, predict the diagnosis of every row of `test`, "
    "and set `submission` to a DataFrame with exactly two columns, `id` and `diagnosis`, one row "
    f"per test id. Aim for at least {PASS_MARK:.2f} accuracy.",
    answer="submission",
    setup=_MODEL,
    solution=_SUBMISSION,
    wrong=[
        'submission = pd.DataFrame({"id": test["id"], "diagnosis": "benign"})',
        'model.fit(train[features], train["diagnosis"])\n'
        'submission = pd.DataFrame({"diagnosis": model.predict(test[features])})',
        'model.fit(train[features], train["diagnosis"])\n'
        'submission = pd.DataFrame({"id": train["id"], "diagnosis": model.predict(train[features])})',
    ],
    hints=[
        "Train on all of `train` now (cross-validation was only for estimating), then predict "
        "`test[features]`.",
        '`model.fit(train[features], train["diagnosis"])`, then `model.predict(test[features])` '
        "gives one label per test row, in the same order as `test`.",
        'Build the frame from two columns: `pd.DataFrame({"id": test["id"], "diagnosis": '
        "model.predict(test[features])})`.",
    ],
)
def submission(answer: Any) -> str:
    import pandas as pd

    from ...labs import competition

    checks.expect_type(answer, pd.DataFrame, "a pandas DataFrame")
    value = _score(answer)
    baseline = competition.score(competition.sample_submission())
    if value < PASS_MARK:
        closer = " no better than the majority baseline" if value <= baseline + 1e-9 else ""
        raise Incorrect(f"your submission is valid and scores {value:.3f},{closer}: fit `model` "
                        f"on the training data and predict `test`, to reach {PASS_MARK:.2f}")
    return (f"your submission scores {value:.3f} accuracy on the hidden labels, against "
            f"{baseline:.3f} for the baseline.")


def _score(answer: Any) -> float:
    from ...labs import competition

    try:
        return competition.score(answer)
    except competition.SubmissionError as exc:
        raise Incorrect(str(exc)) from None


@exercise(
    "p4.kaggle.submission_file",
    title="Write the submission file",
    prompt="Kaggle takes a CSV file. Write `submission` to a file named `submission.csv` inside "
    "`folder` (a temporary folder, so nothing lands in the repository), without the DataFrame's "
    "index, and set `submission_file` to the file's path.",
    answer="submission_file",
    setup=_MODEL + _SUBMISSION + '\nimport tempfile\n\nfolder = tempfile.mkdtemp(prefix="p4-")',
    solution="""
import os

submission_file = os.path.join(folder, "submission.csv")
submission.to_csv(submission_file, index=False)
""",
    wrong=[
        'import os\n\nsubmission_file = os.path.join(folder, "submission.csv")\n'
        "submission.to_csv(submission_file)",
        'import os\n\nsubmission_file = os.path.join(folder, "submission.csv")',
    ],
    hints=[
        "`os.path.join(folder, \"submission.csv\")` builds the path; a DataFrame writes itself "
        "with `.to_csv(path)`.",
        "By default `to_csv` also writes the index as a first, unnamed column, which a "
        "scorer does not expect.",
        "`submission.to_csv(submission_file, index=False)`.",
    ],
)
def submission_file(answer: Any) -> str:
    import tempfile
    from pathlib import Path

    if not isinstance(answer, (str, os.PathLike)):
        raise Incorrect(f"expected the file's path (a string), got {checks.type_name(answer)}")
    path = Path(answer)
    if not path.is_file():
        raise Incorrect(f"there is no file at {str(path)[:120]!r}: did you write it with `.to_csv`?")
    if path.suffix.lower() != ".csv":
        raise Incorrect("the file should be a .csv file, named submission.csv")
    temp = Path(tempfile.gettempdir()).resolve()
    if temp not in path.resolve().parents:
        raise Incorrect("write it inside `folder`, the temporary folder: output files do not "
                        "belong next to the notebook, in the repository")
    value = _score(os.fspath(path))
    return f"the scorer read your file: {value:.3f} accuracy. This is the file you would upload."
