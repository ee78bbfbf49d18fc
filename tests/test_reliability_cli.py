"""Command-line edges: each gets a correct behaviour and one clear line."""

from __future__ import annotations

import json
import os

import pytest

from pathway.progress import ProgressStore
from tests.test_reliability_store import run_cli


@pytest.mark.parametrize("n", ["0", "-3", "two"])
def test_next_needs_a_count_of_one_or_more(home, n):
    code, out, err = run_cli("next", n)
    assert code == 2 and out == "" and "pathway next 5" in err
    assert "Congratulations" not in out


def test_status_of_an_unknown_phase_prints_nothing_of_the_table(home):
    code, out, err = run_cli("status", "p9")
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [err.strip()] and "no phase 'p9'" in err


def test_ids_with_stray_spaces_are_stripped_and_not_called_renamed(home):
    code, out, _ = run_cli("mark", "  p1.lang.python ", "done")
    assert code == 0 and "renamed" not in out and out.startswith("p1.lang.python: done")
    code, out, _ = run_cli("status", " p1 ")
    assert code == 0 and "[✔] p1.lang.python" in out
    assert [e.item for e in ProgressStore().events()] == ["p1.lang.python"]


def test_export_writes_through_a_symlink_to_its_target(home, tmp_path):
    run_cli("mark", "p1.lang.python", "done")
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, _, err = run_cli("export", str(link))
    assert code == 0, err
    assert link.is_symlink() and json.loads(real.read_text())["events"][0]["item"] == "p1.lang.python"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "link.json", "real.json"]


@pytest.mark.parametrize("command", ["export", "report"])
def test_a_folder_or_a_device_is_refused_and_nothing_is_left_behind(home, tmp_path, command):
    folder = tmp_path / "out.html"
    folder.mkdir()
    args = (lambda target: [command, target]) if command == "export" else (lambda t: [command, "--out", t])
    code, _, err = run_cli(*args(str(folder)))
    assert code == 1 and "is a folder" in err and len(err.strip().splitlines()) == 1
    assert list(folder.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["out.html"] + (
        ["home"] if (tmp_path / "home").exists() else [])
    if os.path.exists("/dev/null"):
        device = tmp_path / "dev.html"
        device.symlink_to("/dev/null")  # a link to a device: refused, the device is not replaced
        code, _, err = run_cli(*args(str(device)))
        assert code == 1 and "not a regular file" in err
        assert os.path.realpath(device) == "/dev/null" and not os.path.isfile("/dev/null")


def test_export_to_an_empty_name_says_so(home):
    code, _, err = run_cli("export", "")
    assert code == 1 and "no file name given" in err and "PosixPath" not in err


def test_report_writes_through_a_symlink(home, tmp_path, monkeypatch):
    from pathway.views import report

    monkeypatch.setattr(report, "render_report", lambda **kw: "<!DOCTYPE html><p>report</p>")  # fast
    real = tmp_path / "real.html"
    real.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    code, _, err = run_cli("report", "--out", str(link))
    assert code == 0, err
    assert link.is_symlink() and real.read_text().startswith("<!DOCTYPE html>")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
