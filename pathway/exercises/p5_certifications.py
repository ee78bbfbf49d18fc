"""Phase 5, Strategic Certifications Plan: read the certifications from the roadmap, plan the
study time they need, and practise the kind of question each exam area asks."""

from __future__ import annotations

import datetime as dt
import math
from functools import cache

from ..errors import PathwayError
from . import checks
from .checks import Incorrect
from .engine import exercise

PHASE = "p5"


# ------------------------------------------------------------------ the catalogue
@cache
def _titles_and_ids() -> tuple[frozenset[str], frozenset[str]]:
    from ..api import load_roadmap

    roadmap = load_roadmap()
    return frozenset(i.id for i in roadmap.items), frozenset(i.title for i in roadmap.items)


@exercise(
    "p5.catalogue.certification_ids",
    title="Read Phase 5's certifications from the roadmap",
    prompt="Set `p5_certs` to the list of ids of every certification Phase 5 lists, including "
    "the ones it shares with another phase, read from `roadmap` (never typed by hand).",
    answer="p5_certs",
    setup="import pathway\nroadmap = pathway.load_roadmap()",
    solution='''p5_certs = [
    item.id
    for item in roadmap.items_in("p5", include_shared=True)
    if item.kind == "certification"
]''',
    wrong=[
        'p5_certs = [item.id for item in roadmap.items_in("p5") if item.kind == "certification"]',
        'p5_certs = [item.id for item in roadmap.items_in("p5", include_shared=True)]',
        'p5_certs = [item.title for item in roadmap.items_in("p5", include_shared=True)\n'
        '            if item.kind == "certification"]',
    ],
    hints=[
        "`roadmap.items_in(phase_id)` gives a phase's items; each item has `.id`, `.kind` and "
        "`.title`.",
        "Two certificates belong to Phase 2 but are listed in Phase 5 too (`also_in`): "
        "`items_in` has a keyword argument that includes them. Then keep only the items whose "
        "`kind` is `\"certification\"`.",
        'A list comprehension over `roadmap.items_in("p5", include_shared=True)` that keeps '
        '`item.id` when `item.kind == "certification"`.',
    ],
)
def certification_ids(answer):
    from ..api import load_roadmap
    from ..labs.planning import certifications

    checks.expect_type(answer, (list, tuple), "a list of item ids")
    if not all(isinstance(a, str) for a in answer):
        raise Incorrect("every element should be an item id, a string such as 'cert.itil_foundation'")
    roadmap = load_roadmap()
    catalogue = certifications(PHASE, roadmap)
    expected = set(catalogue["id"])
    ids, titles = _titles_and_ids()
    got = set(answer)
    if got and got <= titles - ids:
        raise Incorrect("these are titles: collect each item's `.id`, which `pathway.mark` and "
                        "the planner use")
    extra = got - expected
    if extra:
        kinds = sorted({roadmap.item(i).kind for i in extra if i in ids})
        if kinds:
            raise Incorrect(f"{len(extra)} item(s) in your list are not certifications (kinds: "
                            f"{', '.join(kinds)}): keep only those whose `kind` is 'certification'")
        raise Incorrect(f"{len(extra)} id(s) are not Phase 5 certifications of the roadmap")
    missing = expected - got
    if missing:
        shared = {m for m in missing if roadmap.item(m).phase != PHASE}
        if shared == missing:
            raise Incorrect(f"{len(missing)} certifications are missing: Phase 5 also lists "
                            "certificates that belong to another phase. Look at the options of "
                            "`items_in`.")
        raise Incorrect(f"{len(missing)} certification(s) of Phase 5 are missing from your list")
    if len(answer) != len(got):
        raise Incorrect("some ids appear twice in your list")
    groups = catalogue["group"].value_counts()
    return (f"Phase 5 lists {len(expected)} certifications: {groups.get('leadership', 0)} for "
            f"leadership and {groups.get('technical', 0)} technical, two of them shared with "
            "Phase 2. Because the list comes from the roadmap, your own roadmap file changes it too.")


# ------------------------------------------------------------------ planning arithmetic
_WEEKS_CASES = ((30, 4), (40, 10), (100, 8), (1, 10), (7.5, 2.5), (120, 12))


@exercise(
    "p5.planning.weeks_needed",
    title="Whole weeks of study",
    prompt="Write `weeks_needed(hours, hours_per_week)`: how many weeks of study `hours` take at "
    "`hours_per_week`, counting a partly used week as a whole week.",
    answer="weeks_needed",
    setup="import math",
    solution='''def weeks_needed(hours, hours_per_week):
    return math.ceil(hours / hours_per_week)''',
    wrong=[
        "def weeks_needed(hours, hours_per_week):\n    return hours // hours_per_week",
        "def weeks_needed(hours, hours_per_week):\n    return hours / hours_per_week",
        "def weeks_needed(hours, hours_per_week):\n    return round(hours / hours_per_week)",
    ],
    hints=[
        "30 hours at 4 hours a week is 7.5 weeks; a plan counts whole weeks, and the half week "
        "still has to happen.",
        "Rounding *down* (`//`, `int`) or to the nearest (`round`) loses the partial week; the "
        "`math` module has a function that always rounds up.",
        "`math.ceil(hours / hours_per_week)`.",
    ],
)
def weeks_needed(answer):
    for hours, per_week in _WEEKS_CASES:
        want = math.ceil(hours / per_week)
        got = checks.call(answer, hours, per_week, name="weeks_needed")
        shown = f"weeks_needed({hours}, {per_week})"
        if got is None:
            raise Incorrect(f"{shown} returned None: did you forget `return`?")
        if isinstance(got, bool) or not isinstance(got, (int, float)) or not math.isfinite(got):
            raise Incorrect(f"{shown} returned {got!r}: it should return a number of weeks")
        if got == want:
            continue
        if not float(got).is_integer():
            raise Incorrect(f"{shown} returned {got:g}: a plan counts whole weeks, so turn the "
                            "fraction into a whole number of weeks")
        if got < want:
            raise Incorrect(f"{shown} returned {got:g}: {got:g} weeks at {per_week} hours give only "
                            f"{got * per_week:g} of the {hours} hours. A partly used week still counts.")
        raise Incorrect(f"{shown} returned {got:g}, more weeks than {hours} hours need at {per_week} "
                        "a week")
    return ("whole weeks, rounded up: `pathway.labs.planning.weeks_needed` does the same, and every "
            "study window in the planner is built from it.")


_EXAM = dt.date(2026, 3, 2)
_HOURS, _PER_WEEK = 30, 4


@exercise(
    "p5.planning.latest_start",
    title="Plan backwards from the exam date",
    prompt="Your exam is on `exam`; you need `hours_needed` hours of study at `hours_per_week` "
    "hours a week, in whole weeks. Set `latest_start` to the last date (a `date`) on which you "
    "can start and still finish by the exam.",
    answer="latest_start",
    setup=f"import math\nfrom datetime import date, timedelta\n\nexam = date({_EXAM.year}, "
    f"{_EXAM.month}, {_EXAM.day})\nhours_needed = {_HOURS}\nhours_per_week = {_PER_WEEK}",
    solution="latest_start = exam - timedelta(weeks=math.ceil(hours_needed / hours_per_week))",
    wrong=[
        "latest_start = exam - timedelta(weeks=hours_needed // hours_per_week)",
        "latest_start = exam - timedelta(math.ceil(hours_needed / hours_per_week))",
        "latest_start = exam + timedelta(weeks=math.ceil(hours_needed / hours_per_week))",
    ],
    hints=[
        "Work backwards: the exam date minus the length of the study period.",
        "The study period is a whole number of weeks (round up); `timedelta` measures a length "
        "of time, and its first positional argument counts *days*.",
        "`exam - timedelta(weeks=math.ceil(hours_needed / hours_per_week))`.",
    ],
)
def latest_start(answer):
    checks.expect_type(answer, dt.date, "a date (from `datetime`), such as `date(2026, 1, 5)`")
    got = answer.date() if isinstance(answer, dt.datetime) else answer
    want = _EXAM - dt.timedelta(weeks=math.ceil(_HOURS / _PER_WEEK))
    if got >= _EXAM:
        raise Incorrect("that date is not before the exam: subtract the study period from the "
                        "exam date")
    late = (got - want).days
    if late == 0:
        return (f"start by {want:%A %d %B %Y} at the latest: {math.ceil(_HOURS / _PER_WEEK)} whole "
                "weeks before the exam. Planning backwards from a fixed date is how the planner "
                "places every study window.")
    if (_EXAM - got).days <= 10:
        raise Incorrect(f"that leaves only {(_EXAM - got).days} days before the exam: is the "
                        "study period counted in days instead of weeks?")
    if late == 7:
        raise Incorrect("one week too late: whole weeks of study fall short of "
                        f"{_HOURS} hours at {_PER_WEEK} a week. A partly used week still counts.")
    if late > 0:
        raise Incorrect(f"{late} days too late: from that date there is not enough time for "
                        f"{_HOURS} hours at {_PER_WEEK} a week, counted in whole weeks")
    raise Incorrect(f"{-late} days earlier than you need: starting early is safe, but this is "
                    "not the *latest* start. Check the number of weeks.")


# ------------------------------------------------------------------ the planner
PLAN_START = dt.date(2026, 1, 5)
PLAN_BUDGET = 10
DRAFT = (
    ("cert.itil_foundation", 40, dt.date(2026, 3, 2)),
    ("cert.comptia_project_plus", 80, dt.date(2026, 3, 30)),
    ("cert.aws_data_engineer_associate", 120, dt.date(2026, 9, 28)),
)
_BOOKED = "cert.itil_foundation"


def _draft_code() -> str:
    rows = "\n".join(
        f'    {{"item": "{item}", "hours": {hours}, "target": date({d.year}, {d.month}, {d.day})}},'
        for item, hours, d in DRAFT
    )
    return (
        "from datetime import date\n\nfrom pathway.labs import planning\n\n"
        f"start = date({PLAN_START.year}, {PLAN_START.month}, {PLAN_START.day})\n"
        f"budget = {PLAN_BUDGET}  # hours a week\n"
        f"draft = [\n{rows}\n]"
    )


@exercise(
    "p5.planning.fix_plan",
    title="Make a study plan fit",
    prompt="`planning.plan(draft, start, budget)` reports an overlap. Set `fixed` to a new list "
    "of entries that fits the 10-hour weekly budget, keeping all three certifications, their "
    "study hours, and the booked ITIL 4 Foundation date.",
    answer="fixed",
    setup=_draft_code(),
    solution='''fixed = [
    {"item": "cert.itil_foundation", "hours": 40, "target": date(2026, 3, 2)},
    {"item": "cert.comptia_project_plus", "hours": 80, "target": date(2026, 4, 27)},
    {"item": "cert.aws_data_engineer_associate", "hours": 120, "target": date(2026, 9, 28)},
]''',
    wrong=[
        "fixed = draft",
        '''fixed = [
    {"item": "cert.itil_foundation", "hours": 40, "target": date(2026, 3, 2)},
    {"item": "cert.comptia_project_plus", "hours": 40, "target": date(2026, 3, 30)},
    {"item": "cert.aws_data_engineer_associate", "hours": 120, "target": date(2026, 9, 28)},
]''',
        '''fixed = [
    {"item": "cert.itil_foundation", "hours": 40, "target": date(2026, 3, 2)},
    {"item": "cert.comptia_project_plus", "hours": 80, "target": date(2026, 4, 13)},
    {"item": "cert.aws_data_engineer_associate", "hours": 120, "target": date(2026, 9, 28)},
]''',
        '''fixed = [
    {"item": "cert.itil_foundation", "hours": 40, "target": date(2026, 3, 2)},
    {"item": "cert.aws_data_engineer_associate", "hours": 120, "target": date(2026, 9, 28)},
]''',
    ],
    hints=[
        "Run `planning.plan(draft, start, budget)` and read its problems: which windows overlap, "
        "and by how many hours a week?",
        "The ITIL exam is booked and the hours cannot shrink, so change something about CompTIA "
        "Project+: its target date, or the hours a week given to each (`hours_per_week`).",
        "Move CompTIA Project+'s target late enough that its 8-week window starts when the ITIL "
        "window ends; check with `planning.plan(fixed, start, budget).fits`.",
    ],
)
def fix_plan(answer):
    from ..api import load_roadmap
    from ..labs import planning

    checks.expect_type(answer, (list, tuple), "a list of plan entries (dictionaries)")
    try:
        entries = [planning.entry(value, n) for n, value in enumerate(answer, 1)]
    except PathwayError as exc:
        raise Incorrect(f"an entry could not be read: {exc}") from None
    roadmap = load_roadmap()
    draft = {item: (hours, target) for item, hours, target in DRAFT}
    got = {e.item: e for e in entries}
    for item in draft:
        if item not in got:
            raise Incorrect(f"{roadmap.item(item).title} is missing: dropping one is a fix in real "
                            "life, but here keep all three")
    if len(entries) != len(draft) or set(got) != set(draft):
        raise Incorrect(f"keep exactly the {len(draft)} certifications of the draft, once each")
    for item, (hours, _target) in draft.items():
        if got[item].hours < hours:
            raise Incorrect(f"you cut the study hours of {roadmap.item(item).title} from {hours} to "
                            f"{got[item].hours:g}: the syllabus does not shrink to fit a calendar. "
                            "Change a date or the weekly hours instead.")
    if got[_BOOKED].target != draft[_BOOKED][1]:
        raise Incorrect(f"keep {roadmap.item(_BOOKED).title} on {draft[_BOOKED][1]}: that exam is "
                        "already booked")
    try:
        schedule = planning.plan(entries, PLAN_START, PLAN_BUDGET, roadmap=roadmap)
    except PathwayError as exc:
        raise Incorrect(f"the planner could not use your entries: {exc}") from None
    if not schedule.fits:
        first = schedule.problems[0].split(". Fix:")[0].split(": move the target")[0]
        raise Incorrect(f"the plan does not fit yet: {first}. Run `planning.plan(fixed, start, "
                        "budget)` to see every problem and the fixes it suggests.")
    ends = max(r.end for r in schedule.rows)
    return (f"the plan fits: every window stays within {PLAN_BUDGET} hours a week, and the last "
            f"exam is on {ends}. This is what `planning.record(...)` would save as your plan.")


# ------------------------------------------------------------------ practice questions
@exercise(
    "p5.practice.risk_response",
    title="Project management: name the risk response",
    prompt="A project planned to use a new, unproven database. The team switches to the proven "
    "database the company already runs, so the risk of the new one failing no longer exists. "
    "Set `risk_response` to the response this is: 'avoid', 'mitigate', 'transfer' or 'accept'.",
    answer="risk_response",
    solution='risk_response = "avoid"',
    wrong=['risk_response = "mitigate"', 'risk_response = "transfer"', 'risk_response = "accept"'],
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
