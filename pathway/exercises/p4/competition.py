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
from sklearn.compose import make_column_transformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

numbers = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
categories = make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore"))
prepare = make_column_transformer(
    (numbers, competition.numeric_features()),
    (categories, competition.categorical_features()),
)
model = make_pipeline(prepare, LogisticRegression(max_iter=1000))
"""

_SUBMISSION = """
model.fit(train[features], train["churn"])
submission = pd.DataFrame({"id": test["id"], "churn": model.predict(test[features])})
"""

PASS_MARK = 0.75
"""Accuracy on the private board a submission must reach: the scaled logistic regression fitted
on all training rows scores 0.764 there, always predicting 'no' 0.723."""
LABEL_CEILING = 0.90
"""No model reaches this on the private board (the generator's own probabilities score about
0.83; tests/test_competition.py keeps it so): a submission above it was made with the labels."""


@functools.cache
def _shares() -> tuple[float, float, int]:
    from ...labs import competition

    counts = competition.train()[competition.TARGET].value_counts()
    return float(counts.max() / counts.sum()), float(counts.min() / counts.sum()), int(counts.max())


@exercise(
    "p4.kaggle.baseline",
    title="The baseline to beat",
    prompt="Set `baseline` to the accuracy of a 'model' that always predicts the most common "
    "answer in `train[\"churn\"]`: the share of the majority class, a number between 0 and 1.",
    answer="baseline",
    setup=_DATA,
    solution='baseline = train["churn"].value_counts(normalize=True).max()',
    wrong=[
        'baseline = train["churn"].value_counts().max()',
        'baseline = train["churn"].value_counts(normalize=True).min()',
        'baseline = (train["churn"] == "yes").mean()',
    ],
    right=[
        'baseline = max((train["churn"] == "no").mean(), (train["churn"] == "yes").mean())',
        'counts = train["churn"].value_counts()\nbaseline = counts.max() / len(train)',
    ],
    hints=[
        "The majority class is the answer that appears most often; its share of the rows is "
        "the accuracy of predicting it for everyone.",
        "`.value_counts()` counts each label; `normalize=True` turns counts into shares.",
        "Take the largest of the shares that `value_counts(normalize=True)` gives.",
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
        raise Incorrect("that is the share of the *less* common answer; a baseline predicts "
                        "the most common one")
    checks.close_to(value, majority, "baseline")
    return (f"always predicting 'no' is right {majority:.1%} of the time. Any model worth "
            "submitting has to beat that clearly.")


@functools.cache
def _cv_and_train_accuracy() -> tuple[float, float]:
    from sklearn.model_selection import cross_val_score

    namespace = _run(_MODEL)
    train, features, model = namespace["train"], namespace["features"], namespace["model"]
    X, y = train[features], train["churn"]
    cv = float(cross_val_score(model, X, y, cv=5).mean())
    fitted = float(model.fit(X, y).score(X, y))
    return cv, fitted


@exercise(
    "p4.kaggle.cv_estimate",
    title="Estimate your score before you submit",
    prompt="Set `cv_accuracy` to the mean accuracy of `model` over 5-fold cross-validation on the "
    'training set (`train[features]` and `train["churn"]`, scikit-learn\'s default folds for `cv=5`).',
    answer="cv_accuracy",
    setup=_MODEL,
    solution="""
from sklearn.model_selection import cross_val_score

cv_accuracy = cross_val_score(model, train[features], train["churn"], cv=5).mean()
""",
    wrong=[
        'cv_accuracy = model.fit(train[features], train["churn"]).score(train[features], '
        'train["churn"])',
        'from sklearn.model_selection import cross_val_score\n\n'
        'cv_accuracy = cross_val_score(model, train[features], train["churn"], cv=5)',
        'from sklearn.model_selection import cross_val_score\n\n'
        'cv_accuracy = cross_val_score(model, train[features], train["churn"], cv=5).std()',
    ],
    right=[
        'from sklearn.model_selection import cross_validate\n\n'
        'cv_accuracy = cross_validate(model, train[features], train["churn"], cv=5)["test_score"].mean()',
        'import numpy as np\nfrom sklearn.model_selection import StratifiedKFold, cross_val_score\n\n'
        'cv_accuracy = np.mean(cross_val_score(model, train[features], train["churn"], '
        'cv=StratifiedKFold(5)))',
    ],
    hints=[
        "Cross-validation trains on 4/5 of the training rows and scores on the other 1/5, five "
        "times; its mean is your honest estimate, without touching the test set.",
        "`from sklearn.model_selection import cross_val_score` returns one score per fold.",
        "Average the five fold scores of `cross_val_score` on the features and the `churn` column.",
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
        raise Incorrect(f"{exc.message}: use `model`, the columns `train[features]` and "
                        "cv=5") from None
    return (f"cross-validation expects about {cv:.3f}. On Kaggle this is how you choose between "
            "models: the public leaderboard is too small (and too tempting) to tune against.")


@exercise(
    "p4.kaggle.submission",
    title="Make a submission",
    prompt="Fit `model` on all of `train` (every training row: cross-validation was only for "
    "estimating), predict every row of `test`, and set `submission` to a DataFrame with exactly two "
    "columns, `id` and `churn`, one row per test id. The check scores it on the private board, "
    f"which you never see: it should reach {PASS_MARK:.2f}.",
    answer="submission",
    setup=_MODEL,
    solution=_SUBMISSION,
    wrong=[
        'submission = pd.DataFrame({"id": test["id"], "churn": "no"})',
        'model.fit(train[features], train["churn"])\n'
        'submission = pd.DataFrame({"churn": model.predict(test[features])})',
        'model.fit(train[features], train["churn"])\n'
        'submission = pd.DataFrame({"id": train["id"], "churn": model.predict(train[features])})',
        'from sklearn.model_selection import train_test_split\n\n'
        'part, held_out = train_test_split(train, test_size=0.2, random_state=42)\n'
        'model.fit(part[features], part["churn"])\n'
        'submission = pd.DataFrame({"id": test["id"], "churn": model.predict(test[features])})',
        'from pathway.labs import datasets\n\n'
        'answers = datasets.load("p4_test_labels")\n'
        'submission = answers[["id", "churn"]]',
    ],
    right=[
        'fitted = model.fit(train.drop(columns=["id", "churn"]), train["churn"])\n'
        'submission = test[["id"]].assign(churn=fitted.predict(test.drop(columns="id")))',
        """
from sklearn.ensemble import RandomForestClassifier

forest = make_pipeline(prepare, RandomForestClassifier(n_estimators=100, min_samples_leaf=3, random_state=0))
forest.fit(train[features], train["churn"])
submission = pd.DataFrame({"id": test["id"], "churn": forest.predict(test[features])})
""",
    ],
    hints=[
        "Train on all of `train` now, then predict `test[features]`: one label per test row, in "
        "the same order as `test`.",
        "`model.fit(X, y)` with the training features and the `churn` column; `model.predict` on "
        "the test features.",
        'Build the frame from two columns: `pd.DataFrame({"id": ..., "churn": ...})` with the test '
        "ids and the predictions.",
    ],
)
def submission(answer: Any) -> str:
    import pandas as pd

    from ...labs import competition

    checks.expect_type(answer, pd.DataFrame, "a pandas DataFrame")
    predictions = _predictions(answer)
    private = competition.accuracy(predictions, "private")
    if private >= LABEL_CEILING:
        raise Incorrect(f"{private:.3f} on the private board is more than any model reaches on "
                        "this data: these predictions were made with the hidden labels. Fit a model "
                        "on `train` instead")
    ordered = tuple(predictions[i] for i in sorted(predictions))
    if ordered != _reference() and ordered in _partial_fits():
        raise Incorrect("these are the predictions of `model` fitted on part of `train` (a "
                        "train_test_split share): for the submission, fit it on every training row")
    baseline = competition.accuracy(_predictions(competition.sample_submission()), "private")
    if private < PASS_MARK:
        closer = " no better than the majority baseline" if private <= baseline + 1e-9 else ""
        raise Incorrect(f"your submission is valid and scores {private:.3f} on the private "
                        f"board,{closer}: fit `model` on the training data and predict `test`, to "
                        f"reach {PASS_MARK:.2f}")
    public = competition.accuracy(predictions, "public")
    return (f"your submission scores {private:.3f} on the private board ({public:.3f} on the "
            f"public one), against {baseline:.3f} for the baseline.")


def _predictions(answer: Any) -> dict[int, str]:
    from ...labs import competition

    try:
        return competition._validate(competition._as_frame(answer))
    except competition.SubmissionError as exc:
        raise Incorrect(str(exc)) from None


@functools.cache
def _run(code: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(code, "<setup>", "exec"), namespace)
    return namespace


def _fit_predict(rows: Any) -> tuple[str, ...]:
    from sklearn.base import clone

    namespace = _run(_MODEL)
    test, features = namespace["test"], namespace["features"]
    model = clone(namespace["model"]).fit(rows[features], rows["churn"])
    order = test["id"].argsort().to_numpy()
    return tuple(model.predict(test[features])[order].tolist())


@functools.cache
def _reference() -> tuple[str, ...]:
    return _fit_predict(_run(_MODEL)["train"])


@functools.cache
def _partial_fits() -> frozenset[tuple[str, ...]]:
    """`model` fitted on the usual shares of `train` (the mistake of reusing a validation split)."""
    from sklearn.model_selection import train_test_split

    train = _run(_MODEL)["train"]
    parts = [train.iloc[: int(len(train) * 0.8)], train.sample(frac=0.8, random_state=0)]
    for size in (0.2, 0.25, 0.3):
        for seed in (0, 1, 42):
            parts.append(train_test_split(train, test_size=size, random_state=seed)[0])
            parts.append(train_test_split(train, test_size=size, random_state=seed,
                                          stratify=train["churn"])[0])
    return frozenset(_fit_predict(part) for part in parts)


def _score(answer: Any) -> float:
    from ...labs import competition

    try:
        return competition.score(answer, "public")
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
    right=[
        """
from pathlib import Path

submission_file = Path(folder) / "submission.csv"
submission.to_csv(submission_file, index=False)
""",
    ],
    wrong=[
        'import os\n\nsubmission_file = os.path.join(folder, "submission.csv")\n'
        "submission.to_csv(submission_file)",
        'import os\n\nsubmission_file = os.path.join(folder, "submission.csv")',
        'import os\nimport tempfile\n\nsubmission_file = os.path.join(tempfile.mkdtemp(), "submission.csv")\n'
        "submission.to_csv(submission_file, index=False)",
        'import os\n\nsubmission_file = os.path.join(folder, "preds.csv")\n'
        "submission.to_csv(submission_file, index=False)",
    ],
    hints=[
        "`os.path.join(folder, \"submission.csv\")` builds the path; a DataFrame writes itself "
        "with `.to_csv(path)`.",
        "By default `to_csv` also writes the index as a first, unnamed column, which a "
        "scorer does not expect.",
        "Write it with `to_csv` at that path, passing `index=False` so only the two columns land in "
        "the file.",
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
    where = path.resolve()
    if temp not in where.parents:
        raise Incorrect("write it inside `folder`, the temporary folder: output files do not "
                        "belong next to the notebook, in the repository")
    # `folder` is the notebook's tempfile.mkdtemp(prefix="p4-"): the file goes straight into it
    if not where.parent.name.startswith("p4-") or where.parent.parent != temp:
        raise Incorrect(f"the file is in {where.parent.name!r}, not in `folder`: write it inside the "
                        "folder you were given")
    if path.name != "submission.csv":
        raise Incorrect(f"the file is named {path.name!r}; the prompt names it submission.csv")
    value = _score(os.fspath(path))
    return (f"the scorer read your file: {value:.3f} accuracy on the public board. This is the "
            "file you would upload.")
