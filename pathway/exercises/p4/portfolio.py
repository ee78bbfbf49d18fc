"""Phase 4, real-world practice: the portfolio."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise

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
    from ...labs import portfolio

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
        # the commit messages not read
        'failing = {"licence", "tests", "no_secrets", "no_data_dumps"}',
        # a .gitignore is there and nothing it should hide is committed
        'failing = {"licence", "tests", "no_secrets", "no_data_dumps", "meaningful_commits", "gitignore"}',
    ],
    right=[
        # the lab's review, read back as a pandas Index
        'board = portfolio.review(files, commits)\n'
        'failing = board.index[board["passed"] == False]  # noqa: E712 (None means not checked)',
        # a list, in the checklist's own capitalisation
        'failing = ["Licence", "Tests", "No_Secrets", "No_Data_Dumps", "Meaningful_Commits"]',
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
    from ...labs import portfolio

    if isinstance(answer, (str, bytes, Mapping)) or not hasattr(answer, "__iter__") or hasattr(
            answer, "columns"):
        raise Incorrect(f"expected a set of checklist names, got {checks.type_name(answer)}")
    answer = list(answer)
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


# A repository's address: https://github.com/<user>/<repository>, with or without www, a trailing
# slash, .git, or a path inside the repository (a folder, a notebook).
_GITHUB = re.compile(r"^https?://(www\.)?github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+(/\S*)?$")
# A number a reader can hold on to: digits standing as their own token ("0.977", "12,000",
# "40%", "5-fold", "~2x"), not digits inside a name ("Python3", "GPT-2", "k8s").
_NUMBER = re.compile(r"(?:^|[\s(\[~≈$€£<>=+-])(?<![A-Za-z]-)\d[\d,.]*(?:%|x|k|m)?(?![A-Za-z]*\d)"
                     r"(?=$|[\s).,;:!?%\]/-]|[A-Za-z])")
# A year after "in", "since", "summer"...: a date, not a result.
_YEAR = re.compile(r"\b(?:in|since|during|until|summer|spring|autumn|fall|winter|january|"
                   r"february|march|april|may|june|july|august|september|october|november|december|"
                   r"year|class of)\s+(?:19|20)\d\d\b", re.IGNORECASE)


def _has_result_number(text: str) -> bool:
    """A number in `text` that is not a name's digits nor a year given as a date."""
    return bool(_NUMBER.search(_YEAR.sub(" ", text)))
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
        # the only digits belong to names, not to results
        """projects = [
    {"name": "Chatbot", "description": "A chatbot for course questions built with GPT-2 and Python3, "
     "with a small web front end for students.", "link": "https://github.com/your-name/chatbot"},
    {"name": "Cluster", "description": "Deployed my course project on a k8s cluster with Docker and a "
     "GitHub Actions pipeline for every push.", "link": "https://github.com/your-name/deploy"},
]""",
        # the only number is when it happened
        """projects = [
    {"name": "Penguins", "description": "A data science project I did in summer 2024 on the Palmer "
     "penguins with pandas and seaborn plots.", "link": "https://github.com/your-name/penguins"},
    {"name": "Titanic", "description": "My first Kaggle competition entry from spring 2025, a random "
     "forest on the passenger table.", "link": "https://github.com/your-name/titanic"},
]""",
        # one repository given for both projects
        """projects = [
    {"name": "Breast cancer diagnosis", "description": "Scaled logistic regression on 30 measurements, "
     "chosen by 5-fold cross-validation: 0.977 test accuracy.", "link": "https://github.com/your-name/ml"},
    {"name": "Penguin species explorer", "description": "Exploratory analysis of 344 Palmer penguins "
     "with seaborn and a classifier for the three species.", "link": "https://github.com/your-name/ml"},
]""",
        # a profile page, not a repository
        """projects = [
    {"name": "Breast cancer diagnosis", "description": "Scaled logistic regression on 30 measurements, "
     "chosen by 5-fold cross-validation: 0.977 test accuracy.", "link": "https://github.com/your-name"},
    {"name": "Penguin species explorer", "description": "Exploratory analysis of 344 Palmer penguins "
     "with seaborn and a classifier for the three species.", "link": "https://github.com/your-name"},
]""",
    ],
    right=[
        # a tuple, tools as a list, links with www, .git and a folder, numbers with separators
        """projects = (
    dict(name="Review sentiment", tools=["scikit-learn", "pandas"],
         description="TF-IDF and logistic regression on 12,000 product reviews; 89% accuracy on a "
         "held-out month, against 61% for the majority class.",
         link="https://www.github.com/your-name/review-sentiment.git"),
    dict(name="Sensor cleaning", tools=["pandas"],
         description="Cleaned 40,000 sensor readings and cut the weekly report from two hours to "
         "5 minutes with a scheduled script.",
         link="https://github.com/your-name/data-projects/tree/main/sensors"),
)""",
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
    from ...labs import portfolio

    if not isinstance(answer, (list, tuple)):
        raise Incorrect(f"expected a list of dictionaries, got {checks.type_name(answer)}")
    if len(answer) < 2:
        raise Incorrect(f"list at least two projects (you have {len(answer)})")
    try:
        cleaned = portfolio.check_projects(answer)
    except ValueError as exc:
        raise Incorrect(str(exc)) from None
    for n, p in enumerate(cleaned, 1):
        if not _GITHUB.match(p["link"]):
            raise Incorrect(f"project {n}: link to its repository on GitHub, "
                            "https://github.com/<you>/<repository>")
        words = len(p["description"].split())
        if words < MIN_WORDS:
            raise Incorrect(f"project {n}'s description has {words} words: say what you built, "
                            f"with what, and what came of it (at least {MIN_WORDS} words)")
        if not _has_result_number(p["description"]):
            digits = (" (a year, or digits inside a name such as 'GPT-2' or 'Python3', do not count)"
                      if re.search(r"\d", p["description"]) else "")
            raise Incorrect(f"project {n}'s description has no number: quantify the result "
                            f"(an accuracy, a dataset size, a time saved){digits}")
    for field, what in (("name", "a name"), ("description", "a description"), ("link", "a link")):
        values = [" ".join(p[field].lower().rstrip("/").split()) for p in cleaned]
        if len(set(values)) != len(values):
            raise Incorrect(f"two projects share {what}: each project needs its own")
    return ("that reads like a portfolio. `print(portfolio.readme(projects))` puts these above "
            "your progress.")
