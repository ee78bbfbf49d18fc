"""Phase 4, Real-World Practice: an offline Kaggle-style competition, an applications log, a portfolio."""

from __future__ import annotations

import functools
import os
import re
from typing import Any

from . import checks
from .engine import Incorrect, exercise

# ------------------------------------------------------------------ the competition
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
    from ..labs import competition

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

    from ..labs import competition

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

    from ..labs import competition

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
    from ..labs import competition

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


# ------------------------------------------------------------------ applications
_LOG = """
import pandas as pd
from pathway.labs import applications

log = applications.example()
today = pd.Timestamp("2025-03-31")
"""


@functools.cache
def _latest() -> Any:
    from ..labs import applications

    log = applications.example()
    return applications.current(log), log


@exercise(
    "p4.applications.stage_counts",
    title="Where do my applications stand?",
    prompt="`log` holds one row per update, so an application (an organisation and a role) "
    "appears once for each stage it reached. Set `stage_counts` to the number of applications "
    "*currently* at each stage: keep each application's latest row, then count its `stage`.",
    answer="stage_counts",
    setup=_LOG,
    solution="""
latest = log.sort_values("date").groupby(["organisation", "role"]).tail(1)
stage_counts = latest["stage"].value_counts()
""",
    wrong=[
        'stage_counts = log["stage"].value_counts()',
        'stage_counts = log.drop_duplicates(["organisation", "role"])["stage"].value_counts()',
        'stage_counts = log.groupby("stage").size()',
    ],
    hints=[
        "First reduce the log to one row per application, the most recent; then count.",
        'Sort by `"date"`, group by `["organisation", "role"]` and keep the last row of each '
        "group (`.tail(1)`), or use `drop_duplicates(..., keep=\"last\")`.",
        'Then `latest["stage"].value_counts()`.',
    ],
)
def stage_counts(answer: Any) -> str:
    import pandas as pd

    now, log = _latest()
    expected = now["stage"].value_counts()
    checks.expect_type(answer, pd.Series, "a pandas Series (one count per stage)")
    total = pd.to_numeric(answer, errors="coerce").sum()
    if total == len(log):
        raise Incorrect(f"your counts add up to {int(total)}, the number of updates, but the log "
                        f"holds {len(now)} applications: count each one once, at its latest stage")
    first = log.drop_duplicates(["organisation", "role"])["stage"].value_counts()
    if len(answer) == len(first) and set(map(str, answer.index)) == set(map(str, first.index)):
        raise Incorrect("every application shows its *first* stage: keep the latest row of each")
    checks.series(answer, expected, "stage_counts")
    rate = (expected.sum() - expected.get("applied", 0)) / expected.sum()
    return (f"{rate:.0%} of these applications heard back. `applications.summary()` does the "
            "same for your own log.")


@exercise(
    "p4.applications.follow_ups",
    title="Who should I follow up with?",
    prompt="Set `follow_ups` to the set of organisations to follow up with on `today`: "
    "applications whose latest stage is still 'applied' and whose latest update is 14 days or "
    "more before `today`.",
    answer="follow_ups",
    setup=_LOG,
    solution="""
dated = log.assign(date=pd.to_datetime(log["date"]))
latest = dated.sort_values("date").groupby(["organisation", "role"]).tail(1)
waiting = latest[(latest["stage"] == "applied") & (today - latest["date"] >= pd.Timedelta(days=14))]
follow_ups = set(waiting["organisation"])
""",
    wrong=[
        'dated = log.assign(date=pd.to_datetime(log["date"]))\n'
        'old = dated[(dated["stage"] == "applied") & (today - dated["date"] >= pd.Timedelta(days=14))]\n'
        'follow_ups = set(old["organisation"])',
        'latest = log.groupby(["organisation", "role"]).tail(1)\n'
        'follow_ups = set(latest.loc[latest["stage"] == "applied", "organisation"])',
    ],
    hints=[
        "Two conditions on each application's *latest* row: its stage, and how long ago it was.",
        'Dates in a CSV are text: `pd.to_datetime(log["date"])` makes them dates, and '
        "`today - date` is then a Timedelta you can compare with `pd.Timedelta(days=14)`.",
        "Reduce to the latest row per organisation and role as before, filter with `&` on "
        "both conditions, and take `set(...)` of the `organisation` column.",
    ],
)
def follow_ups(answer: Any) -> str:
    from ..labs import applications

    now, log = _latest()
    summary = applications.summarise(log, today="2025-03-31")
    expected = set(summary.follow_ups["organisation"])
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__iter__"):
        raise Incorrect(f"expected a set of organisation names, got {checks.type_name(answer)}")
    names = list(answer)
    if not all(isinstance(n, str) for n in names):
        raise Incorrect("follow_ups should hold organisation names (text)")
    got = set(names)
    heard = {o for (o, _), row in now.iterrows() if row["stage"] != "applied"}
    if got & heard:
        n = len(got & heard)
        raise Incorrect(f"{n} of these organisations {'has' if n == 1 else 'have'} answered since "
                        "(a later row moved them on): look at each application's latest row only")
    recent = {o for (o, _), row in now.iterrows() if row["stage"] == "applied"} - expected
    if got & recent:
        raise Incorrect("an application on your list was last updated less than 14 days before "
                        "`today`: give it time, and filter on the date too")
    checks.same_set(got, expected, "follow_ups")
    return (f"{len(expected)} polite check-ins to write. Two weeks without an answer is a fair "
            "moment to ask where things stand.")


# ------------------------------------------------------------------ portfolio
_REPO = """
from pathway.labs import portfolio

files = [
    "README.md",
    ".gitignore",
    "requirements.txt",
    "notebooks/01_exploration.ipynb",
    "notebooks/02_model.ipynb",
    "src/features.py",
    "src/train.py",
    "data/download.py",
    "models/random_forest.pkl",
    "kaggle.json",
]
commits = ["Initial commit", "Add files via upload", "update", "wip", "Update train.py", "fix"]
"""


@functools.cache
def _repo_failing() -> frozenset[str]:
    from ..labs import portfolio

    namespace: dict[str, Any] = {}
    exec(_REPO, namespace)
    return frozenset(portfolio.failing(namespace["files"], namespace["commits"]))


@exercise(
    "p4.portfolio.audit",
    title="Audit a repository against the checklist",
    prompt="Read `files` (what `git ls-files` lists) and `commits` (the commit messages) of a "
    "learner's first ML repository. Set `failing` to the set of checklist names "
    "(the index of `portfolio.checklist()`) that this repository fails.",
    answer="failing",
    setup=_REPO,
    solution='failing = {"licence", "tests", "no_secrets", "no_data_dumps", "meaningful_commits"}',
    wrong=[
        'failing = {"licence", "tests"}',
        'failing = {"licence", "tests", "no_secrets", "no_data_dumps", "meaningful_commits", '
        '"environment"}',
        'failing = {"license", "tests", "no_secrets", "no_data_dumps", "meaningful_commits"}',
    ],
    hints=[
        "Go down the checklist one line at a time: is the thing there, and is anything there "
        "that should not be?",
        "Some files should never be committed: look for a credential file and for a saved "
        "model. And read the commit messages: do they say what changed?",
        "Five of the eight fail: two things are missing, two files should not be there, and "
        "the commit messages are uninformative.",
    ],
)
def audit(answer: Any) -> str:
    from ..labs import portfolio

    if not isinstance(answer, (set, frozenset, list, tuple)):
        raise Incorrect(f"expected a set of checklist names, got {checks.type_name(answer)}")
    if not all(isinstance(a, str) for a in answer):
        raise Incorrect("failing should hold checklist names, as text")
    got = {a.strip().lower() for a in answer}
    unknown = sorted(got - set(portfolio.CHECKLIST))
    if "license" in unknown:
        raise Incorrect("the checklist spells it 'licence' (the noun, in British English)")
    if unknown:
        raise Incorrect(f"{unknown[0]!r} is not a checklist name; the names are "
                        f"{', '.join(portfolio.CHECKLIST)}")
    expected = _repo_failing()
    passing = sorted(got - expected)
    if passing:
        raise Incorrect(f"{passing[0]!r} is fine in this repository: look at the file list again")
    missed = expected - got
    if missed:
        where = ("some files in the list should not be in a repository at all"
                 if missed & {"no_secrets", "no_data_dumps"}
                 else "read the commit messages too" if "meaningful_commits" in missed
                 else "compare the file list with each line of the checklist")
        raise Incorrect(f"{len(missed)} problem{'s' * (len(missed) > 1)} missed: {where}")
    return ("kaggle.json holds an API token: revoke it on Kaggle, then remove it. "
            "`portfolio.review(files, commits)` runs this audit on any file list.")


_GITHUB = re.compile(r"^https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+/?$")
MIN_WORDS = 12


@exercise(
    "p4.portfolio.projects",
    title="Describe your projects for the portfolio README",
    prompt="Set `projects` to a list of at least two dictionaries, one per project, each with a "
    f"`name`, a `description` of at least {MIN_WORDS} words that says what you did and what came "
    "of it *with a number* (a score, a dataset size, a time saved), and a `link` to its GitHub "
    "repository (`https://github.com/<you>/<repository>`). A `tools` entry is welcome.",
    answer="projects",
    solution="""
projects = [
    {
        "name": "Breast cancer diagnosis",
        "description": "Scaled logistic regression on 30 cell-nucleus measurements, chosen by "
        "5-fold cross-validation: 0.977 test accuracy against a 0.626 majority baseline.",
        "link": "https://github.com/your-name/breast-cancer-diagnosis",
        "tools": "pandas, scikit-learn",
    },
    {
        "name": "Penguin species explorer",
        "description": "Exploratory analysis of 344 Palmer penguins with seaborn, and a "
        "k-nearest-neighbours classifier that tells the three species apart.",
        "link": "https://github.com/your-name/penguins-eda",
        "tools": "pandas, seaborn, scikit-learn",
    },
]
""",
    wrong=[
        'projects = ["Breast cancer diagnosis", "Penguin species explorer"]',
        """projects = [
    {"name": "Kaggle project", "description": "My Kaggle competition notebook.",
     "link": "https://github.com/your-name/kaggle"},
    {"name": "Penguins", "description": "Data analysis of penguins.",
     "link": "https://github.com/your-name/penguins"},
]""",
        """projects = [
    {"name": "Breast cancer diagnosis",
     "description": "A logistic regression that tells malignant from benign tumours using the "
     "cell-nucleus measurements, with cross-validation to choose the model.",
     "link": "https://github.com/your-name/breast-cancer-diagnosis"},
    {"name": "Penguin species explorer",
     "description": "Exploratory analysis of the Palmer penguins with seaborn plots and a "
     "nearest-neighbours classifier for the species.",
     "link": "https://github.com/your-name/penguins-eda"},
]""",
    ],
    hints=[
        "A list of dictionaries: `[{\"name\": ..., \"description\": ..., \"link\": ...}, {...}]`.",
        "A reader skims: the description says what you built, with what, and the result, e.g. "
        "'0.97 accuracy', '12,000 reviews', 'runs in 2 seconds'.",
        "Check each dictionary: a name, a description of 12 or more words containing a digit, "
        "and a link starting with https://github.com/ followed by your user and the repository.",
    ],
)
def projects(answer: Any) -> str:
    from ..labs import portfolio

    if not isinstance(answer, (list, tuple)):
        raise Incorrect(f"expected a list of dictionaries, got {checks.type_name(answer)}")
    if len(answer) < 2:
        raise Incorrect(f"list at least two projects (you have {len(answer)})")
    try:
        cleaned = portfolio.check_projects(answer)
    except ValueError as exc:
        raise Incorrect(str(exc)) from None
    names = [p["name"].lower() for p in cleaned]
    if len(set(names)) != len(names):
        raise Incorrect("two projects share a name: give each its own")
    for n, p in enumerate(cleaned, 1):
        if not _GITHUB.match(p["link"]):
            raise Incorrect(f"project {n}: link to its repository on GitHub, "
                            "https://github.com/<you>/<repository>")
        words = len(p["description"].split())
        if words < MIN_WORDS:
            raise Incorrect(f"project {n}'s description has {words} words: say what you built, "
                            f"with what, and what came of it (at least {MIN_WORDS} words)")
        if not re.search(r"\d", p["description"]):
            raise Incorrect(f"project {n}'s description has no number: quantify the result "
                            "(an accuracy, a dataset size, a time saved)")
    return ("that reads like a portfolio. `print(portfolio.readme(projects))` puts these above "
            "your progress.")
