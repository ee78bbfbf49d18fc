"""Phase 5, certifications: planning arithmetic and the planner."""

from __future__ import annotations

import datetime as dt
import math
import numbers

from ... import clock
from ...errors import PathwayError
from .. import checks
from ..checks import Incorrect
from ..engine import exercise

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
    right=[
        """
def weeks_needed(hours, hours_per_week):
    weeks, rest = divmod(hours, hours_per_week)
    return int(weeks) + (1 if rest else 0)
""",
    ],
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
        if isinstance(got, bool) or not isinstance(got, numbers.Real) or not math.isfinite(got):
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


# Example dates are relative to today (pathway.clock, which the tests fix with PATHWAY_TODAY), so
# they are never in the past: plans start next Monday and the exam is twelve weeks after that.
_EXAM_WEEKS = 12
_HOURS, _PER_WEEK = 30, 4


def _exam() -> dt.date:
    return clock.next_monday() + dt.timedelta(weeks=_EXAM_WEEKS)


@exercise(
    "p5.planning.latest_start",
    title="Plan backwards from the exam date",
    prompt="Your exam is on `exam`; you need `hours_needed` hours of study at `hours_per_week` "
    "hours a week, in whole weeks. Set `latest_start` to the last date (a `date`) on which you "
    "can start and still finish by the exam.",
    answer="latest_start",
    setup="import math\nfrom datetime import date, timedelta\n\nfrom pathway import clock\n\n"
    f"exam = clock.next_monday() + timedelta(weeks={_EXAM_WEEKS})  # twelve weeks from next Monday\n"
    f"hours_needed = {_HOURS}\nhours_per_week = {_PER_WEEK}",
    solution="latest_start = exam - timedelta(weeks=math.ceil(hours_needed / hours_per_week))",
    right=[
        "weeks = -(-hours_needed // hours_per_week)  # whole weeks, rounded up\n"
        "latest_start = exam - timedelta(days=7 * weeks)",
    ],
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
    checks.expect_type(answer, dt.date, "a date (a `datetime.date`, the same type as `exam`)")
    got = answer.date() if isinstance(answer, dt.datetime) else answer
    exam = _exam()
    want = exam - dt.timedelta(weeks=math.ceil(_HOURS / _PER_WEEK))
    if got >= exam:
        raise Incorrect("that date is not before the exam: subtract the study period from the "
                        "exam date")
    late = (got - want).days
    if late == 0:
        return (f"start by {want:%A %d %B %Y} at the latest: {math.ceil(_HOURS / _PER_WEEK)} whole "
                "weeks before the exam. Planning backwards from a fixed date is how the planner "
                "places every study window.")
    if (exam - got).days <= 10:
        raise Incorrect(f"that leaves only {(exam - got).days} days before the exam: is the "
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
PLAN_BUDGET = 10
# (item, hours, target as weeks after the plan's start, next Monday)
DRAFT = (
    ("cert.itil_foundation", 40, 8),
    ("cert.comptia_project_plus", 80, 12),
    ("cert.aws_data_engineer_associate", 120, 38),
)
_BOOKED = "cert.itil_foundation"


def plan_start() -> dt.date:
    """Where the example plan starts: next Monday, so its dates are never in the past."""
    return clock.next_monday()


def _draft() -> dict[str, tuple[int, dt.date]]:
    start = plan_start()
    return {item: (hours, start + dt.timedelta(weeks=weeks)) for item, hours, weeks in DRAFT}


def _draft_code() -> str:
    rows = "\n".join(
        f'    {{"item": "{item}", "hours": {hours}, "target": start + timedelta(weeks={weeks})}},'
        for item, hours, weeks in DRAFT
    )
    return (
        "from datetime import date, timedelta\n\n"
        "from pathway import clock\nfrom pathway.labs import planning\n\n"
        "start = clock.next_monday()  # your plan starts next Monday\n"
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
    {"item": "cert.itil_foundation", "hours": 40, "target": start + timedelta(weeks=8)},
    {"item": "cert.comptia_project_plus", "hours": 80, "target": start + timedelta(weeks=16)},
    {"item": "cert.aws_data_engineer_associate", "hours": 120, "target": start + timedelta(weeks=38)},
]''',
    right=[
        # ITIL and CompTIA side by side from the start, at 5 h/week each (ITIL still ends on week 8).
        '''fixed = [
    {"item": "cert.itil_foundation", "hours": 40, "target": start + timedelta(weeks=8), "hours_per_week": 5},
    {"item": "cert.comptia_project_plus", "hours": 80, "target": start + timedelta(weeks=16),
     "hours_per_week": 5},
    {"item": "cert.aws_data_engineer_associate", "hours": 120, "target": start + timedelta(weeks=38)},
]''',
    ],
    wrong=[
        "fixed = draft",
        '''fixed = [
    {"item": "cert.itil_foundation", "hours": 40, "target": start + timedelta(weeks=8)},
    {"item": "cert.comptia_project_plus", "hours": 40, "target": start + timedelta(weeks=12)},
    {"item": "cert.aws_data_engineer_associate", "hours": 120, "target": start + timedelta(weeks=38)},
]''',
        '''fixed = [
    {"item": "cert.itil_foundation", "hours": 40, "target": start + timedelta(weeks=8)},
    {"item": "cert.comptia_project_plus", "hours": 80, "target": start + timedelta(weeks=14)},
    {"item": "cert.aws_data_engineer_associate", "hours": 120, "target": start + timedelta(weeks=38)},
]''',
        '''fixed = [
    {"item": "cert.itil_foundation", "hours": 40, "target": start + timedelta(weeks=8)},
    {"item": "cert.aws_data_engineer_associate", "hours": 120, "target": start + timedelta(weeks=38)},
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
    from ...api import load_roadmap
    from ...labs import planning

    checks.expect_type(answer, (list, tuple), "a list of plan entries (dictionaries)")
    try:
        entries = [planning.entry(value, n) for n, value in enumerate(answer, 1)]
    except PathwayError as exc:
        raise Incorrect(f"an entry could not be read: {exc}") from None
    roadmap = load_roadmap()
    draft = _draft()
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
        schedule = planning.plan(entries, plan_start(), PLAN_BUDGET, roadmap=roadmap)
    except PathwayError as exc:
        raise Incorrect(f"the planner could not use your entries: {exc}") from None
    if not schedule.fits:
        first = schedule.problems[0].split(". Fix:")[0].split(": move the target")[0]
        raise Incorrect(f"the plan does not fit yet: {first}. Run `planning.plan(fixed, start, "
                        "budget)` to see every problem and the fixes it suggests.")
    ends = max(r.end for r in schedule.rows)
    return (f"the plan fits: every window stays within {PLAN_BUDGET} hours a week, and the last "
            f"exam is on {ends}. This is what `planning.record(...)` would save as your plan.")
