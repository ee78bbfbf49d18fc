"""The progress charts: their data, what they draw, and that a person can read them.

Three real stores: empty, half done (recorded now), and a year of history from `pathway.views.sample`.
Assertions are on the data and on the drawn artists (bar widths, line points, labels, legends,
tick labels and their extents after drawing), never on pixels.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import sys
import time
from itertools import combinations
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest

import pathway
from pathway.progress import Event, ProgressStore
from pathway.views import chart_data, charts
from pathway.views.sample import DEFAULT_START, make_sample_history, sample_events

TODAY = dt.date(2026, 1, 10)  # a fixed "today" for the sample year (2025-01-06 to 2026-01-05)
STATES = ("empty", "half", "year")


def at(day: str, clock: str = "12:00:00") -> str:
    return f"{day}T{clock}.000000+00:00"


def record(item: str, status: str, day: str, clock: str = "12:00:00", **detail) -> Event:
    return Event(at(day, clock), item, status, "check" if detail.get("action") == "check" else "cli",
                 detail or None)


# ------------------------------------------------------------------ the three stores


@pytest.fixture(scope="module")
def roadmap():
    return pathway.load_roadmap()


@pytest.fixture(scope="module")
def stores(tmp_path_factory, roadmap) -> dict[str, list[Event]]:
    """The events of three real stores: empty, half done and a sample year."""
    base = tmp_path_factory.mktemp("stores")
    empty = ProgressStore(base / "empty.db")
    half = ProgressStore(base / "half.db")
    for phase in roadmap.phases:
        items = roadmap.items_in(phase.id)
        for n, item in enumerate(items[: (len(items) + 1) // 2]):
            half.record(item.id, ("done", "in_progress", "skipped", "done")[n % 4], "cli")
    exercise = next(i for i in roadmap.items if i.kind == "exercise")
    half.record(exercise.id, "in_progress", "notebook", {"action": "hint", "hint": 1})
    half.record(exercise.id, "in_progress", "check", {"action": "check", "outcome": "incorrect"})
    half.record(exercise.id, "done", "check", {"action": "check", "outcome": "correct"})
    year = ProgressStore(base / "year.db")
    assert make_sample_history(year) > 50
    return {"empty": empty.events(), "half": half.events(), "year": year.events()}


@pytest.fixture(scope="module")
def figures(stores, roadmap):
    """Every chart for every store, drawn once (the tests only read them)."""
    drawn = {}
    for state, events in stores.items():
        today = TODAY if state == "year" else None
        drawn[state] = charts.draw(roadmap=roadmap, events=events, today=today)
        for fig in drawn[state].values():
            fig.canvas.draw()
    return drawn


# ------------------------------------------------------------------ data: completion per phase


def test_phase_completion_data_agrees_with_the_status_table(home, roadmap):
    for n, item in enumerate(roadmap.items[:12]):
        pathway.mark(item.id, ("done", "in_progress", "skipped")[n % 3])
    data = chart_data.phase_completion_data().set_index("phase")  # the learner's own store
    table = pathway.status()
    for column in ("done", "in_progress", "skipped", "todo", "total", "percent"):
        assert data[column].tolist() == table[column].tolist(), column


def test_phase_completion_data_on_an_empty_store_is_all_to_do(home, roadmap):
    data = chart_data.phase_completion_data()
    assert data["phase"].tolist() == [p.id for p in roadmap.phases]
    assert (data["todo"] == data["total"]).all() and (data["percent"] == 0).all()


# ------------------------------------------------------------------ data: progress over time


def test_an_item_counts_from_the_day_it_completes_and_stops_when_it_goes_back(roadmap):
    aliased = dataclasses.replace(roadmap, aliases=MappingProxyType({"p1.lang.old_python": "p1.lang.python"}))
    events = [
        record("p1.lang.old_python", "in_progress", "2025-03-01"),      # a renamed id still counts
        record("p1.lang.old_python", "done", "2025-03-02"),
        record("p1.lang.python", "in_progress", "2025-03-04"),          # went back
        record("p1.lang.python", "done", "2025-03-06"),                 # and completed again
        record("p1.lang.r", "done", "2025-03-03", "09:00:00"),          # done then back the same day:
        record("p1.lang.r", "in_progress", "2025-03-03", "18:00:00"),   # not complete that day
        record("p1.lang.java", "skipped", "2025-03-03"),                # skipped counts as complete
        record("no.such.item", "done", "2025-03-01"),                   # not on the roadmap: ignored
    ]
    data = chart_data.progress_data(aliased, events, today=dt.date(2025, 3, 7)).set_index("date")
    day = dt.date.fromisoformat
    assert data.index[0] == day("2025-03-01") and data.index[-1] == day("2025-03-07")
    assert data["complete"].tolist() == [0, 1, 2, 1, 1, 2, 2]
    assert data.loc[day("2025-03-04"), "reopened"] == 1
    assert data.loc[day("2025-03-06"), "completed"] == 1
    assert data["completed"].sum() - data["reopened"].sum() == data["complete"].iloc[-1]


def test_the_planned_line_uses_the_latest_plan_else_the_roadmap_target(roadmap):
    items = tuple(
        dataclasses.replace(i, target=dt.date(2025, 6, 1)) if i.id == "p1.lang.sql" else i
        for i in roadmap.items
    )
    own = dataclasses.replace(roadmap, items=items)
    events = [
        record("p1.lang.python", "in_progress", "2025-05-01"),
        record("cert.itil_foundation", "todo", "2025-05-02", action="plan", target="2025-05-10"),
        record("cert.itil_foundation", "todo", "2025-05-03", action="plan", target="2025-05-20",
               start="2025-05-04", hours_per_week=5),                      # the latest plan wins
        record("cert.aws_ml_associate", "todo", "2025-05-03", action="plan", target="not a date"),
    ]
    assert chart_data.planned_targets(own, events) == {
        "p1.lang.sql": dt.date(2025, 6, 1), "cert.itil_foundation": dt.date(2025, 5, 20),
    }
    data = chart_data.progress_data(own, events, today=dt.date(2025, 5, 5)).set_index("date")
    assert data.index[-1] == dt.date(2025, 6, 1)  # the days run on to the last target
    assert data.loc[dt.date(2025, 5, 19), "planned"] == 0
    assert data.loc[dt.date(2025, 5, 20), "planned"] == 1
    assert data.loc[dt.date(2025, 6, 1), "planned"] == 2


def test_no_events_and_no_plans_give_no_days(roadmap):
    assert chart_data.progress_data(roadmap, [], today=TODAY).empty


def test_weekly_completions_add_up(stores, roadmap):
    data = chart_data.progress_data(roadmap, stores["year"], today=TODAY)
    weekly = chart_data.weekly_completions(data)
    assert weekly["completed"].sum() == data["completed"].sum()
    assert all(week.weekday() == 0 for week in weekly["week"])


# ------------------------------------------------------------------ data: certifications, skills, exercises


def test_certification_plan_data(roadmap):
    certs = [i for i in roadmap.items if i.kind == "certification"]
    events = [
        record(certs[0].id, "in_progress", "2025-02-01", action="plan", start="2025-02-01",
               target="2025-08-01", hours_per_week=6, hours_needed=150),
        record(certs[0].id, "done", "2025-07-20"),
        record(certs[1].id, "todo", "2025-02-01", action="plan", start="2025-09-01", target="2025-03-01"),
    ]
    data = chart_data.certification_plan_data(roadmap, events)
    assert data["id"].tolist() == [c.id for c in certs]
    first, second = data.iloc[0], data.iloc[1]
    assert (first["status"], first["start"], first["target"]) == (
        "done", dt.date(2025, 2, 1), dt.date(2025, 8, 1))
    assert first["hours_per_week"] == 6 and first["hours_needed"] == 150
    assert second["start"] is None and second["target"] == dt.date(2025, 3, 1)  # start after target
    assert data["planned"].tolist() == [True, True] + [False] * (len(certs) - 2)


def test_skill_areas_come_from_the_roadmap_data(roadmap):
    data = chart_data.skill_coverage_data(roadmap, [record("p1.lang.python", "done", "2025-01-01"),
                                                record("p1.lang.r", "skipped", "2025-01-01")])
    skills = data[data["kind"] == "skill"]
    by_area = {area: set(group["id"]) for area, group in skills.groupby("area")}
    assert by_area["Languages"] == {i.id for i in roadmap.items if i.kind == "language"}
    for area, phase in (("Data science", "p2"), ("Machine learning", "p3")):
        assert by_area[area] == {i.id for i in roadmap.items if i.phase == phase and i.kind == "topic"}
    assert by_area["Tools"] == {i.id for i in roadmap.items if i.kind == "tool"}
    assert by_area["Leadership"] == {
        i.id for i in roadmap.items if i.kind == "certification" and i.group == "leadership"}
    scores = skills.set_index("id")["score"]
    assert scores["p1.lang.python"] == 1 and scores["p1.lang.java"] == 0
    assert scores.isna()["p1.lang.r"]  # skipped: no score, drawn hatched


def test_an_exercise_cell_shades_by_the_share_solved(roadmap):
    exercises = [i for i in roadmap.items_in("p1") if i.kind == "exercise"]
    if not exercises:
        pytest.skip("phase 1 has no exercises yet")
    data = chart_data.skill_coverage_data(roadmap, [record(exercises[0].id, "done", "2025-01-01")])
    cell = data[(data["kind"] == "exercises") & (data["area"] == "Languages")].iloc[0]
    assert cell["solved"] == 1 and cell["exercises"] == len(exercises)
    assert cell["score"] == pytest.approx(1 / len(exercises))


def test_exercise_record_counts_attempts_hints_solutions_and_first_time_solves(roadmap):
    first, second = [i.id for i in roadmap.items_in("p0") if i.kind == "exercise"][:2]

    def check(item, outcome, day, clock):
        status = {"correct": "done", "incorrect": "in_progress", "incomplete": "todo"}[outcome]
        return record(item, status, day, clock, action="check", outcome=outcome)

    events = [
        check(first, "incomplete", "2025-01-01", "09:00:00"),  # the blank: not an attempt
        check(first, "correct", "2025-01-01", "09:05:00"),     # solved first time
        record(second, "in_progress", "2025-01-02", "09:00:00", action="hint", hint=1),
        record(second, "in_progress", "2025-01-02", "09:01:00", action="hint", hint=2),
        record(second, "in_progress", "2025-01-02", "09:02:00", action="hint", hint=1),  # seen again
        check(second, "incorrect", "2025-01-02", "09:03:00"),
        record(second, "in_progress", "2025-01-02", "09:04:00", action="solution"),
        check(second, "correct", "2025-01-02", "09:05:00"),
    ]
    row = chart_data.exercise_record_data(roadmap, events).set_index("phase").loc["p0"]
    assert row["attempts"] == 3 and row["hints"] == 2 and row["solutions"] == 1
    assert row["solved"] == 2 and row["first_time"] == 1


# ------------------------------------------------------------------ what is drawn


@pytest.mark.parametrize("state", STATES)
def test_completion_chart_draws_the_counts_and_percentages(figures, stores, roadmap, state):
    fig = figures[state]["phases"]
    ax = fig.axes[0]
    data = chart_data.phase_completion_data(roadmap, stores[state])
    assert [c.get_label() for c in ax.containers] == ["done", "in progress", "skipped", "to do"]
    for container, status in zip(ax.containers, charts.STATUSES_ORDER):
        assert [round(bar.get_width()) for bar in container] == data[status].tolist()
    totals = [round(sum(c[n].get_width() for c in ax.containers)) for n in range(len(data))]
    assert totals == data["total"].tolist()
    assert [t.get_text() for t in ax.get_yticklabels()] == data["label"].tolist()
    percents = [t.get_text() for t in ax.texts]
    assert percents == [f"{p:.0f}%  ({d + s} of {t})" for p, d, s, t in
                        zip(data["percent"], data["done"], data["skipped"], data["total"])]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["done", "in progress", "skipped", "to do"]


def test_progress_chart_draws_the_line_and_the_plan(figures, stores, roadmap):
    fig = figures["year"]["progress"]
    top, bottom = fig.axes
    data = chart_data.progress_data(roadmap, stores["year"], today=TODAY)
    today, complete, planned = top.get_lines()
    assert list(complete.get_ydata()) == data["complete"].tolist()
    assert list(complete.get_xdata()) == data["date"].tolist()
    assert list(planned.get_ydata()) == data["planned"].tolist() and planned.get_linestyle() == "--"
    assert today.get_xdata()[0] == TODAY
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "complete (done or skipped)", "planned: target dates reached (4 items)", "today",
        "completed in the week", "reopened in the week"]
    weekly = chart_data.weekly_completions(data)
    assert [round(b.get_height()) for b in bottom.containers[0]] == weekly["completed"].tolist()
    assert top.get_ylabel() and bottom.get_xlabel() == "date"


def test_progress_chart_on_an_empty_store_says_so(figures):
    top, _ = figures["empty"]["progress"].axes
    assert [line.get_label() for line in top.get_lines()] == ["today"]
    assert "No progress recorded yet" in top.texts[0].get_text()


def test_half_done_progress_has_a_line_but_no_plan(figures, stores, roadmap):
    fig = figures["half"]["progress"]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["complete (done or skipped)", "today", "completed in the week"]
    data = chart_data.progress_data(roadmap, stores["half"])
    assert fig.axes[0].get_lines()[1].get_ydata()[-1] == data["complete"].iloc[-1] > 0


def test_certification_chart_draws_windows_targets_and_missing_plans(figures, stores, roadmap):
    fig = figures["year"]["certifications"]
    ax = fig.axes[0]
    data = chart_data.certification_plan_data(roadmap, stores["year"])
    windows = data.dropna(subset=["start"])
    assert len(ax.patches) == len(windows) >= 3
    markers = [line for line in ax.get_lines() if line.get_marker() == "D"]
    assert [m.get_xdata()[0] for m in markers] == [t for t in data["target"] if t is not None]
    assert [m.get_markerfacecolor() for m in markers] == [
        charts.STATUS_COLOURS[s] for s, t in zip(data["status"], data["target"]) if t is not None]
    no_plan = [t for t in ax.texts if t.get_text().startswith("no plan yet")]
    assert len(no_plan) == (~data["planned"]).sum() > 0
    assert [t.get_text() for t in ax.get_yticklabels()] == data["title"].tolist()
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["done", "in progress", "skipped", "to do", "target date", "today"]


def test_certification_chart_on_an_empty_store_lists_every_certification_without_a_plan(figures, roadmap):
    ax = figures["empty"]["certifications"].axes[0]
    certs = [i for i in roadmap.items if i.kind == "certification"]
    assert sum(t.get_text().startswith("no plan yet") for t in ax.texts) == len(certs)
    assert not ax.patches


@pytest.mark.parametrize("state", STATES)
def test_skill_chart_shades_each_cell_by_its_score(figures, stores, roadmap, state):
    fig = figures[state]["skills"]
    ax = fig.axes[0]
    data = chart_data.skill_coverage_data(roadmap, stores[state])
    mesh = ax.collections[0]
    values = mesh.get_array().reshape(len(charts.SKILL_AREAS), -1)
    for r in data.itertuples():
        cell = values[[a for a, _ in charts.SKILL_AREAS].index(r.area), r.column]
        if r.score == r.score:
            assert cell == pytest.approx(r.score)
        else:
            assert cell is np.ma.masked  # skipped: masked, hatched on top
    assert [t.get_text() for t in ax.get_yticklabels()] == [a for a, _ in charts.SKILL_AREAS]
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == len(data)
    assert any("Python" in t for t in texts)
    skipped = (data["status"] == "skipped").sum()
    assert sum("(skipped)" in t for t in texts) == skipped == sum(bool(p.get_hatch()) for p in ax.patches)
    outlined = [p for p in ax.patches if not p.get_fill()]
    assert len(outlined) == (data["kind"] == "exercises").sum()


@pytest.mark.parametrize("state", STATES)
def test_exercise_chart_draws_one_panel_per_measure(figures, stores, roadmap, state):
    fig = figures[state]["exercises"]
    data = chart_data.exercise_record_data(roadmap, stores[state])
    assert [ax.get_title() for ax in fig.axes] == [
        "Attempts", "Hints used", "Solutions viewed", "Solved first time"]
    for ax, column in zip(fig.axes, ("attempts", "hints", "solutions", "first_time")):
        front = ax.containers[-1]
        assert [round(b.get_width()) for b in front] == data[column].tolist()
        assert ax.get_xlabel()
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == data["label"].tolist()
    empty = state == "empty"
    assert fig.get_suptitle().endswith("no exercise checked yet") == empty


# ------------------------------------------------------------------ readable at the default size


def _tick_labels(axis, limits):
    low, high = sorted(limits)
    return [
        tick.label1 for tick in axis.get_major_ticks()
        if tick.label1.get_visible() and tick.label1.get_text().strip()
        and low - 1e-9 <= tick.get_loc() <= high + 1e-9
    ]


def _overlapping(texts):
    boxes = [(t.get_text(), t.get_window_extent().shrunk(0.98, 0.9)) for t in texts]
    return [(a, b) for (a, box_a), (b, box_b) in combinations(boxes, 2) if box_a.overlaps(box_b)]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("kind", list(charts.KINDS))
def test_every_chart_is_readable(figures, kind, state):
    fig = figures[state][kind]
    renderer = fig.canvas.get_renderer()
    title = fig.get_suptitle() or fig.axes[0].get_title(loc="left")
    assert title.startswith(charts.TITLES[kind])
    plotted = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert any(ax.get_xlabel() for ax in plotted)
    for ax in plotted:
        for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            labels = _tick_labels(axis, limits)
            assert not _overlapping(labels), f"{kind}: tick labels overlap: {_overlapping(labels)}"
        annotations = [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
        assert not _overlapping(annotations), f"{kind}: labels overlap: {_overlapping(annotations)}"
    legends = [*fig.legends, *(ax.get_legend() for ax in plotted if ax.get_legend())]
    assert legends or kind == "skills", f"{kind} has no legend"
    extent = fig.get_tightbbox(renderer)
    width, height = fig.get_size_inches()
    assert extent.x0 >= -0.05 and extent.y0 >= -0.05, f"{kind}: something is cut off at the edge"
    assert extent.x1 <= width + 0.05 and extent.y1 <= height + 0.05, f"{kind}: cut off"


def test_figures_stay_out_of_pyplot(figures):
    import matplotlib.pyplot as plt

    assert plt.get_fignums() == []  # a notebook shows a returned chart once, and nothing leaks
    source = Path(charts.__file__).read_text(encoding="utf-8")
    assert "matplotlib.use(" not in source and "import matplotlib.pyplot" not in source


def test_rendering_every_chart_for_a_year_is_fast(stores, roadmap):
    """Data, drawing and PNG encoding of all five charts; CPU time, so a busy machine cannot fail it."""
    import io

    start = time.process_time()
    for fig in charts.draw(roadmap=roadmap, events=stores["year"], today=TODAY).values():
        fig.savefig(io.BytesIO(), format="png", dpi=charts.DPI)
    assert time.process_time() - start < 5


def test_charts_read_the_learners_store_by_default(home):
    pathway.mark("p1.lang.python", "done")
    data = chart_data.progress_data()
    assert data["complete"].iloc[-1] == 1
    assert charts.phase_completion_chart().axes[0].containers[0][1].get_width() == 1


# ------------------------------------------------------------------ writing files


def test_write_charts_to_a_folder_and_to_files(stores, roadmap, tmp_path):
    kwargs = {"roadmap": roadmap, "events": stores["year"], "today": TODAY}
    paths = charts.write_charts(tmp_path / "all", **kwargs)
    assert [p.name for p in paths] == [f"{k}.png" for k in charts.KINDS]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in paths)
    svg = charts.write_charts(tmp_path / "one" / "progress.svg", ["progress"], **kwargs)
    assert svg == [tmp_path / "one" / "progress.svg"] and b"<svg" in svg[0].read_bytes()[:500]
    pdf = charts.write_charts(tmp_path / "charts.PDF", **kwargs)  # several charts: one page each
    content = pdf[0].read_bytes()
    assert content.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", content)) == len(charts.KINDS)


@pytest.mark.parametrize(
    ("out", "kinds", "message"),
    [
        ("chart.png", ["phase"], "Did you mean 'phases'?"),
        ("chart.png", ["nonsense"], "The kinds are: phases, progress"),
        ("chart.jpg", ["phases"], "use a .png, .svg or .pdf"),
    ],
)
def test_write_charts_refuses_clearly(tmp_path, roadmap, out, kinds, message):
    with pytest.raises(charts.ChartError, match=message.replace("?", r"\?").replace(".", r"\.")) as info:
        charts.write_charts(tmp_path / out, kinds, roadmap=roadmap, events=[])
    assert isinstance(info.value, pathway.PathwayError) and isinstance(info.value, ValueError)
    assert not (tmp_path / out).exists()


def test_one_image_without_a_kind_is_a_dashboard_of_every_chart(tmp_path, roadmap):
    from PIL import Image

    kwargs = {"roadmap": roadmap, "events": [], "today": dt.date(2026, 1, 10)}
    [single] = charts.write_charts(tmp_path / "one.png", ["phases"], **kwargs)
    [board] = charts.write_charts(tmp_path / "progress.png", **kwargs)
    with Image.open(single) as one, Image.open(board) as every:
        assert every.width > 1.5 * one.width and every.height > 2.5 * one.height  # 5 charts, 2 a row
    [pair] = charts.write_charts(tmp_path / "pair.svg", ["phases", "skills"], **kwargs)
    assert b"<svg" in pair.read_bytes()[:500]


def test_cli_chart_without_kind_writes_one_dashboard(tmp_path):
    out = pathway_cli("chart", "--out", str(tmp_path / "progress.png"), home=tmp_path / "home")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"Wrote {tmp_path / 'progress.png'}"
    assert (tmp_path / "progress.png").read_bytes().startswith(b"\x89PNG")


def test_write_every_chart_for_the_sample_year(stores, roadmap, tmp_path):
    """The artefacts a person looks at: in tmp_path, and in $PATHWAY_ARTIFACTS when set."""
    targets = [tmp_path / "charts"]
    if os.environ.get("PATHWAY_ARTIFACTS"):
        targets.append(Path(os.environ["PATHWAY_ARTIFACTS"]) / "charts")
    for target in targets:
        paths = charts.write_charts(target, roadmap=roadmap, events=stores["year"], today=TODAY)
        assert len(paths) == len(charts.KINDS) and all(p.stat().st_size > 10_000 for p in paths)


# ------------------------------------------------------------------ the command line, for real


def pathway_cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATHWAY_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "pathway.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def sample_home(tmp_path_factory, roadmap) -> Path:
    home = tmp_path_factory.mktemp("sample-home")
    make_sample_history(ProgressStore(home / "progress.db"), roadmap=roadmap)
    return home


def test_cli_chart_writes_a_folder_and_single_files(sample_home, tmp_path):
    out = pathway_cli("chart", "--out", str(tmp_path / "charts"), home=sample_home)
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == sorted(f"{k}.png" for k in charts.KINDS)
    assert out.stdout.count("Wrote ") == len(charts.KINDS)
    one = pathway_cli("chart", "--kind", "certifications", "--out", str(tmp_path / "c.svg"), home=sample_home)
    assert one.returncode == 0 and (tmp_path / "c.svg").read_text().lstrip().startswith("<?xml")
    two = pathway_cli("chart", "--kind", "phases", "--kind", "skills", "--out", str(tmp_path / "two.pdf"),
                      home=sample_home)
    assert two.returncode == 0 and (tmp_path / "two.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "timeline", "--out", "x.png"], "unknown chart kind 'timeline'"),
        (["--out", "x.gif"], "use a .png, .svg or .pdf"),
    ],
)
def test_cli_chart_errors_are_one_line_and_exit_1(tmp_path, args, message):
    out = pathway_cli("chart", *args, home=tmp_path / "home")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and message in out.stderr


def test_cli_chart_help_lists_every_kind(tmp_path):
    out = pathway_cli("chart", "--help", home=tmp_path)
    assert out.returncode == 0
    assert all(kind in " ".join(out.stdout.split()) for kind in charts.KINDS)


def test_importing_the_chart_modules_keeps_heavy_libraries_out():
    code = (
        "import sys, pathway, pathway.views.charts, pathway.views.report, pathway.views.sample\n"
        "print(sorted(m for m in ('pandas', 'matplotlib', 'seaborn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


# ------------------------------------------------------------------ the sample history


def test_the_sample_year_is_deterministic_and_in_the_past_it_names(roadmap):
    first = sample_events(roadmap)
    assert first == sample_events(roadmap) and first != sample_events(roadmap, seed=1)
    days = [chart_data.event_day(e.time) for e in first]
    assert min(days) >= DEFAULT_START and max(days) < DEFAULT_START + dt.timedelta(days=365)
    assert [e.time for e in first] == sorted(e.time for e in first)
    short = sample_events(roadmap, days=30, start=dt.date(2024, 3, 1))
    assert short and max(chart_data.event_day(e.time) for e in short) < dt.date(2024, 3, 31)
    with pytest.raises(ValueError, match="at least 1"):
        sample_events(roadmap, days=0)


def test_the_sample_year_looks_like_a_learner_wrote_it(stores, roadmap, tmp_path):
    events = stores["year"]
    ids = {i.id for i in roadmap.items}
    assert {e.item for e in events} <= ids
    assert {e.source for e in events} <= {"cli", "notebook", "check"}
    plans = [e for e in events if (e.detail or {}).get("action") == "plan"]
    assert len({e.item for e in plans}) >= 3 and len(plans) > len({e.item for e in plans})  # a re-plan
    assert all(roadmap.item(e.item).kind == "certification" for e in plans)
    assert all({"start", "target", "hours_per_week", "hours_needed"} <= set(e.detail) for e in plans)
    checks = [e for e in events if (e.detail or {}).get("action") == "check"]
    assert checks and all(
        {"outcome", "attempt", "hints_seen", "solution_seen", "message"} <= set(e.detail) for e in checks)
    assert any(e.detail["outcome"] == "incorrect" for e in checks)
    assert any((e.detail or {}).get("action") == "hint" for e in events)
    statuses: dict[str, str] = {}
    reopened = False
    for e in events:
        before = statuses.get(e.item, "todo")
        action = (e.detail or {}).get("action")
        if action == "plan":
            assert e.status == before  # a log keeps the status
        if action == "check":  # as pathway.exercises.recording writes it
            outcome = e.detail["outcome"]
            expected = "done" if outcome == "correct" or before == "done" else (
                "in_progress" if outcome == "incorrect" else before)
            assert e.status == expected
        reopened = reopened or (before == "done" and e.status == "in_progress")
        statuses[e.item] = e.status
    assert reopened
    assert "skipped" in statuses.values() and "in_progress" in statuses.values()
    store = ProgressStore(tmp_path / "again.db")
    assert make_sample_history(store) == len(events) and make_sample_history(store) == 0
