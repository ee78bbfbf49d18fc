"""Phase 4, real-world practice: the applications log."""

from __future__ import annotations

import functools
from typing import Any

from ... import clock
from .. import checks
from ..engine import Incorrect, exercise

_LOG = """
import pandas as pd
from pathway import clock
from pathway.labs import applications

today = pd.Timestamp(clock.today())
log = applications.example(as_of=today)  # the sample log, covering the three months up to today
"""


def _latest() -> Any:
    return _latest_as_of(clock.today())


@functools.cache
def _latest_as_of(today: Any) -> Any:
    from ...labs import applications

    log = applications.example(as_of=today)
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
    from ...labs import applications

    now, log = _latest()
    summary = applications.summarise(log, today=clock.today())
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
