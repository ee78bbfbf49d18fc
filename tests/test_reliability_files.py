"""Files written whole, output targets refused before drawing, and the notebooks/lab edges,
with real files, real processes and real signals."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

from pathway.views import workbook
from tests.test_reliability_store import as_unprivileged, needs_fork, run_cli

posix = pytest.mark.skipif(os.name != "posix", reason="uses POSIX signals, FIFOs and file size limits")


@posix
def test_a_chart_write_cut_short_leaves_the_good_file_in_place(home, tmp_path):
    good = tmp_path / "phases.png"
    good.write_bytes(b"\x89PNG the good chart")

    def limit() -> None:  # as `ulimit -f 20`: no file may grow past 20 KB
        resource.setrlimit(resource.RLIMIT_FSIZE, (20 * 1024, 20 * 1024))

    command = [sys.executable, "-m", "pathway.cli", "chart", "--kind", "phases", "--out", str(good)]
    done = subprocess.run(command, capture_output=True, text=True, preexec_fn=limit, timeout=300,
                          env={**os.environ, "PATHWAY_HOME": str(home)})
    assert done.returncode == 1, done.stderr
    assert good.read_bytes() == b"\x89PNG the good chart"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["phases.png"]  # no temporary file left


def _targets(tmp_path: Path) -> dict[str, tuple[str, str]]:
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "plain").write_text("a file with no suffix")
    return {
        "/dev/null": ("/dev/null", "not a regular file"),
        "a FIFO": (str(fifo), "not a regular file"),
        "a path under a file": (str(tmp_path / "notes.txt" / "chart.png"), "is a file, so"),
        "a folder path under a file": (str(tmp_path / "notes.txt" / "charts"), "is a file, so"),
        "an existing file with no suffix": (str(tmp_path / "plain"), "no suffix"),
        "an empty name": ("", "no file name given"),
    }


@posix
def test_a_bad_chart_target_is_one_line_before_any_drawing(home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from pathway.views import charts

    def never(*args, **kwargs):
        raise AssertionError("drew before checking the target")

    monkeypatch.setattr(charts, "draw", never)
    for name, (target, says) in _targets(tmp_path).items():
        before = sorted(p.name for p in tmp_path.iterdir())
        code, out, err = run_cli("chart", "--out", target)
        assert code == 1 and says in err and len(err.strip().splitlines()) == 1, (name, err)
        assert "Errno" not in err and out == ""
        assert sorted(p.name for p in tmp_path.iterdir()) == before, name  # no phases.png dropped here
    assert (tmp_path / "plain").read_text() == "a file with no suffix"


def test_a_truncated_notebook_copy_is_set_aside_and_a_good_one_written(tmp_path):
    folder = tmp_path / "nb"
    assert run_cli("notebooks", str(folder))[0] == 0
    start = folder / workbook.START
    start.write_bytes(start.read_bytes()[:500])  # what a write cut short leaves
    code, out, err = run_cli("notebooks", str(folder))
    assert code == 0, err
    assert f"{workbook.START} was damaged" in out and "00_start_here.damaged.ipynb" in out
    assert json.loads(start.read_text())["cells"]
    assert (folder / "00_start_here.damaged.ipynb").read_bytes() == (workbook.paths.notebooks_dir()
                                                                    / workbook.START).read_bytes()[:500]
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_notebooks_to_a_dangling_symlink_says_so(tmp_path):
    link = tmp_path / "nb"
    link.symlink_to(tmp_path / "missing")
    code, out, err = run_cli("notebooks", str(link))
    assert code == 1 and "does not exist" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("spec", [" ", "\t", ".ipynb"])
def test_lab_with_a_blank_name_says_so(tmp_path, spec):
    with pytest.raises(workbook.PathwayError, match="names no notebook"):
        workbook.find_notebook(spec, ["00_start_here.ipynb", "01_a.ipynb"])


@needs_fork
def test_notebooks_and_lab_in_a_read_only_folder_that_is_up_to_date(tmp_path):
    folder = Path(tempfile.mkdtemp(prefix="pathway-nb-"))
    try:
        workbook.copy_notebooks(folder)
        for path in folder.iterdir():
            path.chmod(0o444)
        folder.chmod(0o555)

        def work():
            code, out, err = run_cli("notebooks", str(folder))
            lab = None
            if workbook.importlib.util.find_spec("jupyterlab") is not None:
                lab = workbook.prepare_lab(None, folder)[1]
            return code, out, err, lab

        code, out, err, lab = as_unprivileged(work)
        assert code == 0 and "already up to date" in out, err
        assert lab is None or lab[-1] == workbook.START
        folder.chmod(0o755)
        (folder / workbook.MANIFEST).unlink()  # a copied folder without its manifest: still only read
        (folder / workbook.START).chmod(0o644)
        (folder / workbook.START).write_text("{}")  # and one that needs writing: one clear line
        folder.chmod(0o555)
        code, out, err = as_unprivileged(lambda: run_cli("notebooks", str(folder)))
        assert code == 1 and "cannot write in" in err and len(err.strip().splitlines()) == 1, err
    finally:
        folder.chmod(0o755)
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


_FAKE_LAB = textwrap.dedent("""
    import os, signal, sys, time
    runtime = sys.argv[1]
    open(runtime, "w").write("server info")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as JupyterLab asks before it stops on Ctrl-C
    def stop(signum, frame):
        time.sleep(0.2)  # shutting kernels down
        os.remove(runtime)
        sys.exit(0)
    if sys.argv[2] == "polite":
        signal.signal(signal.SIGTERM, stop)
    else:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    open(runtime + ".ready", "w").close()
    while True:
        time.sleep(0.05)
""")


def _start_fake_lab(tmp_path: Path, manner: str) -> tuple[list[str], Path]:
    script = tmp_path / "fake_lab.py"
    script.write_text(_FAKE_LAB)
    return [sys.executable, str(script), str(tmp_path / "jpserver.json"), manner], tmp_path / "jpserver.json"


def _ctrl_c_when_ready(ready: Path) -> threading.Thread:
    def send() -> None:
        deadline = time.monotonic() + 30
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(os.getpid(), signal.SIGINT)

    thread = threading.Thread(target=send)
    thread.start()
    return thread


@posix
def test_ctrl_c_stops_the_lab_with_sigterm_and_its_runtime_files_go(tmp_path):
    command, runtime = _start_fake_lab(tmp_path, "polite")
    sender = _ctrl_c_when_ready(Path(str(runtime) + ".ready"))
    start = time.monotonic()
    assert workbook.run_lab(command, tmp_path) == 0
    sender.join()
    assert not runtime.exists()  # it shut down itself, so it cleaned up
    assert time.monotonic() - start < 30


@posix
def test_a_lab_that_will_not_stop_is_killed_after_the_wait(tmp_path):
    command, runtime = _start_fake_lab(tmp_path, "stubborn")
    process = subprocess.Popen(command, cwd=tmp_path)
    deadline = time.monotonic() + 30
    while not Path(str(runtime) + ".ready").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    start = time.monotonic()
    assert workbook.stop_process(process, wait=0.5) == 1
    assert process.returncode == -signal.SIGKILL and 0.5 <= time.monotonic() - start < 10


@posix
@pytest.mark.skipif(__import__("importlib").util.find_spec("jupyterlab") is None, reason="needs JupyterLab")
def test_ctrl_c_stops_a_real_jupyterlab_which_removes_its_runtime_files(tmp_path, monkeypatch):
    runtime = tmp_path / "runtime"
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "nb"
    folder.mkdir()
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               "--ServerApp.port=0", f"--ServerApp.root_dir={folder}", "--ServerApp.open_browser=False"]
    if os.geteuid() == 0:
        command.append("--allow-root")

    def ctrl_c_once_serving() -> None:
        deadline = time.monotonic() + 120
        while not list(runtime.glob("jpserver-*.json")) and time.monotonic() < deadline:
            time.sleep(0.1)
        os.kill(os.getpid(), signal.SIGINT)

    sender = threading.Thread(target=ctrl_c_once_serving)
    sender.start()
    assert workbook.run_lab(command, folder) == 0  # stopped by SIGTERM within the wait, not killed
    sender.join()
    assert not list(runtime.glob("jpserver-*")), sorted(p.name for p in runtime.iterdir())
