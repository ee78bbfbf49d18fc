"""The shareable HTML report: self-contained, complete, and refusing clearly what it cannot write."""

from __future__ import annotations

import base64
import datetime as dt
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import pathway
from pathway import summary
from pathway.progress import ProgressStore
from pathway.views import charts, report
from pathway.views.sample import make_sample_history

TODAY = dt.date(2026, 1, 10)


class Page(HTMLParser):
    """The tags, attributes and text of a page, and whether every tag that opens also closes."""

    VOID = {"meta", "img", "br", "hr", "link", "input"}

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()

    def handle_data(self, data):
        if data.strip():
            self.text.append(" ".join(data.split()))

    def all(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.tags if tag == name]


@pytest.fixture(scope="module")
def roadmap():
    return pathway.load_roadmap()


@pytest.fixture(scope="module")
def year(tmp_path_factory, roadmap):
    store = ProgressStore(tmp_path_factory.mktemp("year") / "progress.db")
    make_sample_history(store, roadmap=roadmap)
    return store.events()


def assert_self_contained(page: Page) -> None:
    assert not page.all("script") and not page.all("link") and not page.all("iframe")
    images = page.all("img")
    assert len(images) == len(charts.KINDS)
    for attrs in images:
        head, data = attrs["src"].split(",", 1)
        assert head == "data:image/png;base64"
        assert base64.b64decode(data).startswith(b"\x89PNG")
        assert attrs["alt"]
    assert not page.open, f"unclosed tags: {page.open}"


def test_report_on_an_empty_store(home, roadmap):
    page = Page(report.render_report())  # the learner's own (empty) store
    assert_self_contained(page)
    text = " ".join(page.text)
    assert "Overall: 0% complete" in text and "0 events recorded" in text
    for phase in roadmap.phases:
        assert phase.title in text
    for title in charts.TITLES.values():
        assert title in text
    assert "Nothing recorded yet." in text
    first = roadmap.items[0]
    assert first.title in text  # the next suggested items


def test_report_for_a_year_of_history(year, roadmap):
    page = Page(report.render_report(roadmap=roadmap, events=year, today=TODAY))
    assert_self_contained(page)
    text = " ".join(page.text)
    rows = summary.phase_summaries(roadmap, summary.current_statuses(roadmap, year))
    complete = sum(r.done + r.skipped for r in rows)
    total = sum(r.total for r in rows)
    assert f"Overall: {100 * complete / total:.0f}% complete ({complete} of {total} items" in text
    assert f"{len(year)} events recorded" in text
    assert "written 2026-01-10" in text
    assert [a["id"] for a in page.all("section")] == list(charts.KINDS)
    table_rows = [t for t, _ in page.tags].count("tr")
    assert table_rows >= len(roadmap.phases) + 1 + report.RECENT + 1


def test_report_escapes_what_it_quotes(tmp_path, roadmap):
    import dataclasses

    odd = dataclasses.replace(roadmap, title="Mine <b>& yours</b>")
    page = report.render_report(roadmap=odd, events=[], today=TODAY)
    assert "Mine &lt;b&gt;&amp; yours&lt;/b&gt;" in page and "<b>&" not in page


def test_write_report_writes_html_and_refuses_other_files(tmp_path, roadmap):
    path = report.write_report(tmp_path / "new" / "folder" / "progress.html", roadmap=roadmap, events=[])
    assert path.is_file() and path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    for bad in ("progress.pdf", "progress"):
        with pytest.raises(report.ReportError, match=r"name it with \.html"):
            report.write_report(tmp_path / bad, roadmap=roadmap, events=[])
    (tmp_path / "dir.html").mkdir()
    with pytest.raises(report.ReportError, match="is a folder"):
        report.write_report(tmp_path / "dir.html", roadmap=roadmap, events=[])


def test_write_the_report_and_charts_for_the_sample_year(year, roadmap, tmp_path):
    """The artefacts to look at: in tmp_path, and in $PATHWAY_ARTIFACTS when set (for CI)."""
    targets = [tmp_path]
    if os.environ.get("PATHWAY_ARTIFACTS"):
        targets.append(Path(os.environ["PATHWAY_ARTIFACTS"]))
    for target in targets:
        path = report.write_report(target / "report.html", roadmap=roadmap, events=year, today=TODAY)
        written = charts.write_charts(target / "charts", roadmap=roadmap, events=year, today=TODAY)
        assert path.stat().st_size > 50_000 and len(written) == len(charts.KINDS)


def test_cli_report_for_real(tmp_path):
    home = tmp_path / "home"
    make_sample_history(ProgressStore(home / "progress.db"))
    env = {**os.environ, "PATHWAY_HOME": str(home)}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "pathway.cli", "report", *args],
                              capture_output=True, text=True, env=env, timeout=120)

    out = run("--out", str(tmp_path / "shared" / "me.html"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"Wrote {tmp_path / 'shared' / 'me.html'}"
    assert_self_contained(Page((tmp_path / "shared" / "me.html").read_text(encoding="utf-8")))
    bad = run("--out", str(tmp_path / "me.docx"))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1 and ".html" in bad.stderr
