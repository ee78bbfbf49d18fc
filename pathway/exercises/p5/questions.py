"""Phase 5, certifications: practice questions and from quiz results to a plan."""

from __future__ import annotations

from functools import cache

from .. import checks
from ..checks import Incorrect
from ..engine import exercise


@exercise(
    "p5.practice.risk_response",
    title="Project management: name the risk response",
    prompt="A project planned to use a new, unproven database. The team switches to the proven "
    "database the company already runs, so the risk of the new one failing no longer exists. "
    "Set `risk_response` to the response this is: 'avoid', 'mitigate', 'transfer' or 'accept'.",
    answer="risk_response",
    solution='risk_response = "avoid"',
    wrong=['risk_response = "mitigate"', 'risk_response = "transfer"', 'risk_response = "accept"'],
    right=['risk_response = " Avoid "'],
    hints=[
        "Ask what happened to the risk itself: is it smaller, moved to someone else, kept, or gone?",
        "Mitigation makes a risk less likely or less harmful, but it is still there. Here the "
        "risky choice is removed from the plan.",
        "Changing the plan so a risk can no longer occur is called avoiding it.",
    ],
)
def risk_response(answer):
    checks.choice(
        answer, ["avoid", "mitigate", "transfer", "accept"], "avoid", name="risk_response",
        why={
            "mitigate": "mitigation lowers a risk's probability or impact, but the risk remains. "
                        "Here nothing of the risky database is left: what is that called?",
            "transfer": "transferring moves the impact to a third party (insurance, a fixed-price "
                        "contract). Nobody else took this risk on.",
            "accept": "accepting means keeping the risk and dealing with it if it happens; this "
                      "team changed its plan instead.",
        },
    )
    return ("avoid: the plan changed so the risk cannot occur. Avoid, mitigate, transfer and "
            "accept are the core responses to threats in project-management exams such as "
            "CompTIA Project+.")


_PRINCIPLES = ["focus on value", "start where you are", "keep it simple and practical",
               "optimize and automate"]


@exercise(
    "p5.practice.guiding_principle",
    title="ITIL 4: name the guiding principle",
    prompt="A team wants to replace its whole ticketing process. Before designing a new one, it "
    "measures how the current process performs and keeps the parts that work. Set `principle` to "
    "the ITIL 4 guiding principle this follows: one of " + ", ".join(repr(p) for p in _PRINCIPLES)
    + ".",
    answer="principle",
    solution='principle = "start where you are"',
    wrong=['principle = "focus on value"', 'principle = "keep it simple and practical"',
           'principle = "optimize and automate"'],
    right=['principle = "Start where you are"'],
    hints=[
        "The team's first step is to look at what already exists rather than start from a blank page.",
        "One principle warns against discarding what exists: assess the current state by direct "
        "observation and reuse what works.",
        "Its name says where you begin.",
    ],
)
def guiding_principle(answer):
    checks.choice(
        answer, _PRINCIPLES, "start where you are", name="principle",
        why={
            "focus on value": "everything should link to value, but the team's specific move is "
                              "about what it does with the existing process.",
            "keep it simple and practical": "that principle is about removing steps that add no "
                                            "value; here the point is reusing what already works.",
            "optimize and automate": "optimising and automating come after understanding the "
                                     "current process, which is what the team is doing first.",
        },
    )
    return ("start where you are: observe the current state and reuse what works instead of "
            "starting over. The seven ITIL 4 guiding principles are core material for the ITIL 4 "
            "Foundation exam, a multiple-choice test.")


_FORMATS = ["csv", "json", "csv.gz", "parquet"]


@exercise(
    "p5.practice.columnar_format",
    title="AWS data engineering: cut what Athena scans",
    prompt="Amazon Athena bills by the data a query scans. Your table has 120 columns and nearly "
    "every query reads 3 of them. Set `file_format` to the storage format that cuts the scanned "
    "bytes the most: one of " + ", ".join(repr(f) for f in _FORMATS) + ".",
    answer="file_format",
    solution='file_format = "parquet"',
    wrong=['file_format = "csv.gz"', 'file_format = "json"', 'file_format = "csv"'],
    right=['file_format = "Parquet"'],
    hints=[
        "A query that needs 3 columns out of 120 wastes most of its reading if every row must be "
        "read whole.",
        "Row-oriented formats (CSV, JSON) store each record together; compressed or not, a query "
        "reads all the columns. A columnar format stores each column together.",
        "Apache Parquet (like ORC) is columnar and compressed.",
    ],
)
def columnar_format(answer):
    checks.choice(
        answer, _FORMATS, "parquet", name="file_format",
        why={
            "csv": "CSV stores whole rows as text: every query reads all 120 columns.",
            "json": "JSON stores whole records, with the key names repeated in every one: every "
                    "query reads all of it.",
            "csv.gz": "compression does shrink the bytes scanned, but each query still reads all "
                      "120 columns. Which kind of format lets it read only 3?",
        },
    )
    return ("Parquet is columnar and compressed: Athena reads only the columns a query uses, and "
            "with partitions (e.g. by date) only the matching files too.")


_METRICS = ["accuracy", "specificity", "pr_auc", "training_loss"]


@exercise(
    "p5.practice.imbalanced_metric",
    title="Machine learning: judge a fraud model",
    prompt="In a card-payments dataset, 0.5% of transactions are fraud. A model that always "
    "answers 'not fraud' scores 99.5% accuracy. Set `metric` to the measure that best shows how "
    "well a model finds fraud: one of " + ", ".join(repr(m) for m in _METRICS) + ".",
    answer="metric",
    solution='metric = "pr_auc"',
    wrong=['metric = "accuracy"', 'metric = "specificity"', 'metric = "training_loss"'],
    right=['metric = "PR_AUC"'],
    hints=[
        "Work out what each measure says about the useless always-'not fraud' model.",
        "A good measure here must fall to nearly nothing for a model that never flags fraud: it "
        "should look at the rare positive class.",
        "Precision and recall are about the positive class; one measure summarises both across "
        "all thresholds.",
    ],
)
def imbalanced_metric(answer):
    checks.choice(
        answer, _METRICS, "pr_auc", name="metric",
        why={
            "accuracy": "the model that never flags fraud already scores 99.5% accuracy, so "
                        "accuracy cannot tell a useless model from a good one here.",
            "specificity": "specificity measures how well *legitimate* payments are recognised: "
                           "the never-fraud model scores a perfect 100% on it.",
            "training_loss": "training loss says how well the model fits the data it learned "
                             "from, not how well it finds fraud in new data.",
        },
    )
    return ("the area under the precision-recall curve looks only at how the rare class is "
            "found (recall) and how trustworthy the flags are (precision); the useless model "
            "scores close to the 0.5% base rate. Choosing the right evaluation metric is part of "
            "what the AWS machine learning certifications test.")


# ------------------------------------------------------------------ from quiz results to a plan
_QUIZ_LOG = {
    "area": ["itil"] * 5 + ["aws_ml"] * 8 + ["project_management"] * 4,
    "correct": [True, True, False, True, True,
                True, False, False, True, False, True, False, True,
                True, True, True, False],
}


# The same answers as notebook code (the contract test proves the two agree).
_QUIZ_SETUP = """import pandas as pd

quiz_log = pd.DataFrame({
    "area": ["itil"] * 5 + ["aws_ml"] * 8 + ["project_management"] * 4,
    "correct": [True, True, False, True, True,
                True, False, False, True, False, True, False, True,
                True, True, True, False],
})"""


@cache
def _expected_accuracy():
    import pandas as pd

    return pd.DataFrame(_QUIZ_LOG).groupby("area")["correct"].mean()


@exercise(
    "p5.practice.weakest_area",
    title="Find your weakest exam area",
    prompt="`quiz_log` holds quiz answers, one row each, with the `area` and whether it was "
    "`correct`. Set `accuracy` to a Series with the share of correct answers (0 to 1) in each area.",
    answer="accuracy",
    setup=_QUIZ_SETUP,
    solution='accuracy = quiz_log.groupby("area")["correct"].mean()',
    wrong=[
        'accuracy = quiz_log.groupby("area")["correct"].sum()',
        'accuracy = quiz_log["correct"].mean()',
        'accuracy = quiz_log.groupby("area")["correct"].mean() * 100',
        # the share of wrong answers
        'accuracy = 1 - quiz_log.groupby("area")["correct"].mean()',
        # how the correct answers split between the areas, not each area's own share
        'accuracy = quiz_log[quiz_log["correct"]]["area"].value_counts(normalize=True)',
    ],
    right=[
        # a pivot table's one column
        'accuracy = quiz_log.pivot_table(index="area", values="correct", aggfunc="mean")["correct"]',
        # correct answers over all answers, per area
        'per_area = quiz_log.groupby("area")["correct"]\n'
        'accuracy = per_area.sum() / per_area.count()',
    ],
    hints=[
        "You want one number per area: split the rows by area, then summarise each group.",
        "True counts as 1 and False as 0, so the share of True values in a column is its mean.",
        '`quiz_log.groupby("area")["correct"]` followed by the method that averages.',
    ],
)
def weakest_area(answer):
    import pandas as pd

    expected = _expected_accuracy()
    if isinstance(answer, pd.DataFrame):
        raise Incorrect("expected a pandas Series, got a DataFrame: select the `correct` column "
                        "so there is one number per area")
    checks.expect_type(answer, pd.Series, "a pandas Series with one value per area "
                       "(group the rows by area first)")
    if sorted(map(str, answer.index)) != sorted(expected.index):
        checks.series(answer, expected, "accuracy")
    values = pd.to_numeric(answer.reindex(expected.index), errors="coerce")
    counts = pd.DataFrame(_QUIZ_LOG).groupby("area")["correct"].sum()
    if values.notna().all() and (values == counts).all():
        raise Incorrect("these are counts of correct answers, not shares: an area with more "
                        "questions would look stronger. Divide by the number of answers per area.")
    if values.notna().all() and ((values - expected * 100).abs() < 1e-6).all():
        raise Incorrect("these look like percentages; give shares between 0 and 1")
    checks.series(answer, expected, "accuracy")
    weakest = expected.idxmin()
    return (f"{weakest} is the weakest area at {expected[weakest]:.0%}: that is where the next "
            "study hours go. `pathway.labs.quiz.summary()` does this over your own recorded answers.")
