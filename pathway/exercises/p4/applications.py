"""Phase 4, real-world practice: the applications log."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from ... import clock
from .. import checks
from ..engine import Incorrect, exercise

STAGES = ("applied", "interview", "offer", "rejected", "withdrawn")

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


def _as_counts(answer: Any) -> Any:
    """The answer as a Series of counts indexed by stage: a Series, a dictionary, or a one-column table."""
    import pandas as pd

    if isinstance(answer, pd.DataFrame):
        numeric = [c for c in answer.columns if pd.api.types.is_numeric_dtype(answer[c])]
        if len(answer.columns) == 1 and numeric:
            answer = answer[numeric[0]]
        elif "stage" in answer.columns and len(numeric) == 1 and len(answer.columns) == 2:
            answer = answer.set_index("stage")[numeric[0]]
        else:
            raise Incorrect("stage_counts should be one count per stage (a Series indexed by stage); "
                            f"this table has the columns {', '.join(map(str, answer.columns[:5]))}")
    elif isinstance(answer, Mapping):
        answer = pd.Series(dict(answer), dtype=object)
    checks.expect_type(answer, pd.Series, "a pandas Series (one count per stage)")
    values = pd.to_numeric(answer, errors="coerce")
    if values.isna().any():
        raise Incorrect("stage_counts should hold numbers, one count per stage")
    values.index = [str(i) for i in answer.index]
    # A complete table may list the stages nobody is at with a zero: that is the same answer.
    return values[~((values == 0) & values.index.isin(STAGES))]


def _stage_counts_by(log: Any, keys: list[str], keep: str) -> Any:
    import pandas as pd

    dated = log.assign(date=pd.to_datetime(log["date"])).sort_values("date", kind="stable")
    return dated.drop_duplicates(keys, keep=keep)["stage"].value_counts()


@exercise(
    "p4.applications.stage_counts",
    title="Where do my applications stand?",
    prompt="`log` holds one row per update, so an application (an organisation and a role) "
    "appears once for each stage it reached. Set `stage_counts` to the number of applications "
    "*currently* at each stage (a Series indexed by stage, or a dictionary): keep each "
    "application's latest row, then count its `stage`.",
    answer="stage_counts",
    setup=_LOG,
    solution="""
latest = log.sort_values("date").groupby(["organisation", "role"]).tail(1)
stage_counts = latest["stage"].value_counts()
""",
    right=[
        # drop_duplicates keeps the last row of each application; the table lists every stage
        'latest = log.sort_values("date").drop_duplicates(["organisation", "role"], keep="last")\n'
        'stage_counts = latest["stage"].value_counts().reindex(applications.STAGES, fill_value=0)',
        # the index of each application's newest date, and a plain dictionary of counts
        'dated = log.assign(date=pd.to_datetime(log["date"]))\n'
        'newest = dated.loc[dated.groupby(["organisation", "role"])["date"].idxmax()]\n'
        'stage_counts = dict(newest.groupby("stage").size())',
    ],
    wrong=[
        'stage_counts = log["stage"].value_counts()',
        'stage_counts = log.drop_duplicates(["organisation", "role"])["stage"].value_counts()',
        'stage_counts = log.groupby("stage").size()',
        # one row per organisation: Contoso Retail's two applications count once
        'latest = log.sort_values("date").groupby("organisation").tail(1)\n'
        'stage_counts = latest["stage"].value_counts()',
        # shares, not counts
        'latest = log.sort_values("date").groupby(["organisation", "role"]).tail(1)\n'
        'stage_counts = latest["stage"].value_counts(normalize=True)',
    ],
    hints=[
        "First reduce the log to one row per application, the most recent; then count.",
        'Sort by `"date"`, group by `["organisation", "role"]` and keep the last row of each '
        "group, or drop the duplicates of those two columns keeping the last.",
        "Count the values of the `stage` column of that reduced table.",
    ],
)
def stage_counts(answer: Any) -> str:
    now, log = _latest()
    expected = now["stage"].value_counts()
    expected.index = [str(i) for i in expected.index]
    got = _as_counts(answer)
    total = got.sum()
    if total == len(log):
        raise Incorrect(f"your counts add up to {int(total)}, the number of updates, but the log "
                        f"holds {len(now)} applications: count each one once, at its latest stage")
    if abs(total - 1) < 1e-9 and len(now) > 1:
        raise Incorrect("these are shares that add up to 1; count the applications at each stage")
    for keys, keep, why in (
        (["organisation", "role"], "first", "every application shows its *first* stage: keep the "
                                            "latest row of each"),
        (["organisation"], "last", "an organisation with two applications (two roles) counts "
                                   "once here: an application is an organisation *and* a role"),
    ):
        other = _stage_counts_by(log, keys, keep)
        other.index = [str(i) for i in other.index]
        if set(got.index) == set(other.index) and all(got[k] == other[k] for k in other.index) \
                and not expected.equals(other):
            raise Incorrect(why)
    checks.series(got, expected, "stage_counts")
    rate = (expected.sum() - expected.get("applied", 0)) / expected.sum()
    return (f"{rate:.0%} of these applications heard back. `applications.summary()` does the "
            "same for your own log.")


def _follow_up_facts() -> tuple[frozenset[str], dict[str, int], frozenset[str], dict[str, int]]:
    """Who is due `today`, how long each waiting one waited, roles per organisation."""
    return _follow_up_facts_on(clock.today())


@functools.cache
def _follow_up_facts_on(day: Any) -> tuple[frozenset[str], dict[str, int], frozenset[str], dict[str, int]]:
    import pandas as pd

    from ...labs import applications

    now, log = _latest_as_of(day)
    today = pd.Timestamp(day)
    summary = applications.summarise(log, today=today)
    waiting = now[now["stage"] == "applied"]
    waited = {o: int((today - row["updated"]).days) for (o, _), row in waiting.iterrows()}
    organisations = [o for o, _ in now.index]
    roles = {o: organisations.count(o) for o in set(organisations)}
    return frozenset(summary.follow_ups["organisation"]), waited, frozenset(organisations), roles


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
    right=[
        # whole days, as a list
        'dated = log.assign(date=pd.to_datetime(log["date"]))\n'
        'latest = dated.sort_values("date").drop_duplicates(["organisation", "role"], keep="last")\n'
        'days = (today - latest["date"]).dt.days\n'
        'follow_ups = latest.loc[latest["stage"].eq("applied") & days.ge(14), "organisation"].tolist()',
        # the lab's own summary
        'follow_ups = set(applications.summarise(log, today=today).follow_ups["organisation"])',
    ],
    wrong=[
        'dated = log.assign(date=pd.to_datetime(log["date"]))\n'
        'old = dated[(dated["stage"] == "applied") & (today - dated["date"] >= pd.Timedelta(days=14))]\n'
        'follow_ups = set(old["organisation"])',
        'latest = log.groupby(["organisation", "role"]).tail(1)\n'
        'follow_ups = set(latest.loc[latest["stage"] == "applied", "organisation"])',
        # "more than 14 days": the application waiting exactly 14 days is left out
        'dated = log.assign(date=pd.to_datetime(log["date"]))\n'
        'latest = dated.sort_values("date").groupby(["organisation", "role"]).tail(1)\n'
        'waiting = latest[latest["stage"].eq("applied") & (today - latest["date"] > pd.Timedelta(days=14))]\n'
        'follow_ups = set(waiting["organisation"])',
        # the latest row per organisation, not per application
        'dated = log.assign(date=pd.to_datetime(log["date"]))\n'
        'latest = dated.sort_values("date").groupby("organisation").tail(1)\n'
        'old = (today - latest["date"]) >= pd.Timedelta(days=14)\n'
        'waiting = latest[(latest["stage"] == "applied") & old]\n'
        'follow_ups = set(waiting["organisation"])',
    ],
    hints=[
        "Two conditions on each application's *latest* row: its stage, and how long ago it was.",
        'Dates in a CSV are text: `pd.to_datetime(log["date"])` makes them dates, and '
        "`today - date` is then a Timedelta you can compare with `pd.Timedelta(days=14)`.",
        "Reduce to the latest row per organisation and role as before, filter with `&` on "
        "both conditions (14 days counts), and take `set(...)` of the `organisation` column.",
    ],
)
def follow_ups(answer: Any) -> str:
    import pandas as pd

    expected, waited, known, roles = _follow_up_facts()
    if isinstance(answer, pd.DataFrame):
        raise Incorrect("follow_ups should be the organisation names, not a table: take the "
                        "`organisation` column of your rows")
    if isinstance(answer, (str, bytes, Mapping)) or not hasattr(answer, "__iter__"):
        raise Incorrect(f"expected a set of organisation names, got {checks.type_name(answer)}")
    names = list(answer)
    if not all(isinstance(n, str) for n in names):
        raise Incorrect("follow_ups should hold organisation names (text)")
    got = {n.strip() for n in names}
    if got == expected:
        return (f"{len(expected)} polite check-ins to write. Two weeks without an answer is a fair "
                "moment to ask where things stand.")
    for org in sorted(got - expected):
        if org not in known:
            raise Incorrect(f"{org!r} is not an organisation in the log")
        if org not in waited:
            raise Incorrect(f"{org!r} has answered since (a later row moved its application on): "
                            "look at each application's latest row only")
        raise Incorrect(f"{org!r} was last updated {waited[org]} days before `today`: give it "
                        "time, and filter on the date too")
    missing = sorted(expected - got)
    exact = [o for o in missing if waited.get(o) == 14]
    if exact and len(exact) == len(missing):
        raise Incorrect(f"{exact[0]} applied exactly 14 days before `today`, and '14 days or more' "
                        "includes 14: it is due")
    shared = [o for o in missing if roles.get(o, 0) > 1]
    if shared:
        raise Incorrect(f"{shared[0]} is missing: it has two applications (two roles), and one of "
                        "them is still waiting. Keep the latest row per organisation *and* role")
    raise Incorrect(f"{len(missing)} organisation{'s' * (len(missing) > 1)} to follow up with "
                    f"{'are' if len(missing) > 1 else 'is'} missing: check both conditions on each "
                    "application's latest row")
