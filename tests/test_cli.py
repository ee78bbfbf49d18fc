"""The `pathway` command, run as a learner runs it: a real process, a real store."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def pathway(*args: str, home) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATHWAY_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "pathway.cli", *args], capture_output=True, text=True, env=env,
        timeout=120,
    )


def test_status_on_an_empty_store_lists_every_phase_at_zero(home):
    out = pathway("status", home=home)
    assert out.returncode == 0, out.stderr
    lines = [ln for ln in out.stdout.splitlines() if ln[:2] in {f"{n}." for n in range(8)}]
    assert len(lines) == 8 and all("  0.0%" in ln for ln in lines)
    assert "Learning Modalities and Exam Strategy" in out.stdout


def test_mark_export_import_round_trip(home, tmp_path):
    assert pathway("mark", "p1.lang.python", "done", home=home).returncode == 0
    assert "[✔] p1.lang.python" in pathway("status", "p1", home=home).stdout
    export = tmp_path / "progress.json"
    assert pathway("export", str(export), home=home).returncode == 0
    assert json.loads(export.read_text())["events"][0]["item"] == "p1.lang.python"
    other = tmp_path / "other"
    first = pathway("import", str(export), home=other)
    assert "Imported 1 new" in first.stdout
    assert "Imported 0 new" in pathway("import", str(export), home=other).stdout
    assert "[✔] p1.lang.python" in pathway("status", "p1", home=other).stdout


def test_unknown_id_exits_1_with_a_suggestion(home):
    out = pathway("mark", "p1.lang.pyhton", "done", home=home)
    assert out.returncode == 1
    assert "Did you mean p1.lang.python" in out.stderr and "Traceback" not in out.stderr


def test_usage_errors_exit_2(home):
    assert pathway("mark", "p1.lang.python", "finished", home=home).returncode == 2
    assert pathway("frobnicate", home=home).returncode == 2
    assert pathway("reset", home=home).returncode == 2


def test_every_command_has_help(home):
    for command in ("status", "mark", "next", "export", "import", "reset", "chart", "report"):
        out = pathway(command, "--help", home=home)
        assert out.returncode == 0 and "usage: pathway" in out.stdout


def test_next_lists_items_and_reset_keeps_a_backup(home):
    pathway("mark", "p0.warmup.squares", "done", home=home)
    out = pathway("next", "3", home=home)
    assert len(out.stdout.strip().splitlines()) == 3 and "p0.warmup.squares" not in out.stdout
    reset = pathway("reset", "--yes", home=home)
    assert reset.returncode == 0 and "backup" in reset.stdout
    assert list((home / "backups").glob("progress-*.json"))


def test_a_corrupt_store_gets_one_line_and_exit_1(home):
    home.mkdir(parents=True)
    (home / "progress.db").write_text("not a database at all" * 50)
    out = pathway("status", home=home)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "progress.db" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_status_keeps_heavy_libraries_out():
    code = (
        "import sys, pathway.cli, pathway\n"
        "pathway.load_roadmap()\n"
        "print(sorted(m for m in ('pandas', 'matplotlib', 'sklearn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
