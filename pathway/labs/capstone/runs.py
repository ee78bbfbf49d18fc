"""Running the learner's code for the rubric: every child process bounded in time, nothing downloaded.

The project's tests run in a fresh virtual environment made for each check: `venv --without-pip`,
a `.pth` file that lets it see the packages of the Python running the checker (so nothing is
downloaded), then `pip install --no-deps --no-index --no-build-isolation` of the project itself,
built from its `pyproject.toml`. Training and scoring run in child processes in the checker's copy
of the project; MLflow's runs are read from its SQLite file with the standard library.
"""

from __future__ import annotations

import json
import os
import re
import site
import sqlite3
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from ..mlflow_store import OFFLINE_ENV

TRAIN_SECONDS = 300
TEST_SECONDS = 300
_SCORE = """\
import json, sys
import joblib, pandas as pd
rows = pd.read_csv(sys.argv[1])
found = []
for path in sys.argv[2:]:
    model = joblib.load(path)
    out = {"pred": [str(p) for p in model.predict(rows)]}
    if hasattr(model, "predict_proba"):
        out["proba"] = [[round(float(v), 9) for v in r] for r in model.predict_proba(rows)]
    found.append(out)
print(json.dumps(found))
"""


@dataclass
class Done:
    """A finished child process: exit code (None when it was stopped at its time limit) and output."""

    code: int | None
    output: str

    @property
    def ok(self) -> bool:
        return self.code == 0

    def tail(self, n: int = 300) -> str:
        """The end of the output on one line: its last non-empty lines, at most `n` characters."""
        lines = [line.strip() for line in self.output.splitlines() if line.strip()]
        text = " | ".join(lines[-3:])
        return ("…" + text[-n:]) if len(text) > n else text

    def error(self) -> str:
        """A Python error's last line and where it was raised, the checker's folder left out."""
        lines = [line.strip() for line in self.output.splitlines() if line.strip()]
        frames = [line for line in lines if line.startswith('File "')]
        if "Traceback" not in self.output or not frames:
            return self.tail()
        where = re.sub(r'File "[^"]*/project/', 'File "', frames[-1])
        return f"{lines[-1][:300]} ({where})"

    def failures(self) -> str:
        """pytest's FAILED/ERROR summary lines and its last line, on one line."""
        lines = [line.strip() for line in self.output.splitlines() if line.strip()]
        named = [line for line in lines if line.startswith(("FAILED ", "ERROR "))]
        return "; ".join([*named[:5], *lines[-1:]]) if named else self.tail()


def offline_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The child's environment: MLflow's telemetry off, no git prompt, unbuffered, plus `extra`."""
    env = {**os.environ, **OFFLINE_ENV, "PYTHONUNBUFFERED": "1", "GIT_TERMINAL_PROMPT": "0",
           "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "OMP_NUM_THREADS": "1"}
    env.pop("PYTHONPATH", None)
    env.update(extra or {})
    return env


def run(command: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> Done:
    """Run a command; its output (stdout and stderr together). Stopped, never left, after `timeout`."""
    try:
        done = subprocess.run(command, cwd=str(cwd), env=env or offline_env(), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        out = exc.output.decode("utf-8", "replace") if isinstance(exc.output, bytes) else (exc.output or "")
        return Done(None, out + f"\n(stopped after {timeout:g} s)")
    except OSError as exc:
        return Done(127, f"could not start {command[0]}: {exc}")
    return Done(done.returncode, done.stdout.decode("utf-8", "replace"))


def fresh_venv(where: Path) -> Path:
    """A new venv at `where` that sees this Python's installed packages; its python's path."""
    done = run([sys.executable, "-m", "venv", "--without-pip", str(where)], where.parent, 120)
    if not done.ok:
        raise RuntimeError(f"python -m venv failed: {done.tail()}")
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    own = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], where, 60)
    seen = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib"), *site.getsitepackages()}
    Path(own.output.strip()).joinpath("_workbook_packages.pth").write_text(
        "\n".join(sorted(p for p in seen if p and Path(p).is_dir())) + "\n", encoding="utf-8")
    return python


def missing_dependencies(python: Path, folder: Path) -> list[str]:
    """The pyproject's dependencies (and its `test` extra) that the venv cannot import as installed."""
    try:
        data = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return []
    wanted = list(data.get("project", {}).get("dependencies", []))
    wanted += data.get("project", {}).get("optional-dependencies", {}).get("test", [])
    probe = ("import json, sys\nfrom importlib.metadata import version, PackageNotFoundError\n"
             "from packaging.requirements import Requirement\nbad = []\n"
             "for text in json.loads(sys.argv[1]):\n"
             "    req = Requirement(text)\n"
             "    try:\n        found = version(req.name)\n    except PackageNotFoundError:\n"
             "        bad.append(f'{text} (not installed)'); continue\n"
             "    if req.specifier and not req.specifier.contains(found, prereleases=True):\n"
             "        bad.append(f'{text} (found {found})')\nprint(json.dumps(bad))\n")
    done = run([str(python), "-c", probe, json.dumps(wanted)], folder, 60)
    try:
        return json.loads(done.output.strip().splitlines()[-1]) if done.ok else [done.tail(200)]
    except (ValueError, IndexError):
        return [done.tail(200)]


def train(folder: Path, model_path: Path) -> Done:
    """`python train.py` in the checker's copy, the model written to `model_path`."""
    return run([sys.executable, "train.py"], folder, TRAIN_SECONDS,
               offline_env({"MODEL_PATH": str(model_path)}))


def score(folder: Path, models: list[Path], rows_csv: Path) -> list[dict]:
    """Each model's predictions (and probabilities) for the rows of a CSV, in one child process."""
    done = run([sys.executable, "-c", _SCORE, str(rows_csv), *map(str, models)], folder, 120,
               offline_env({"PYTHONPATH": str(folder)}))
    if not done.ok:
        raise RuntimeError(done.tail(300))
    return json.loads(done.output.strip().splitlines()[-1])


def mlflow_metrics(folder: Path) -> list[dict[str, float]]:
    """The metrics of each finished MLflow run in the project's SQLite store, oldest first.

    The store is `mlflow.db`, or else the one SQLite file in the project's top folder that holds
    MLflow's `runs` table.
    """
    candidates = [folder / "mlflow.db", *sorted(p for p in folder.glob("*.db") if p.name != "mlflow.db")]
    for db in (p for p in candidates if p.is_file()):
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            runs = conn.execute("SELECT run_uuid FROM runs WHERE status = 'FINISHED' "
                                "ORDER BY start_time, run_uuid").fetchall()
            return [dict(conn.execute("SELECT key, value FROM latest_metrics WHERE run_uuid = ?",
                                      r).fetchall()) for r in runs]
        except sqlite3.Error:
            continue
        finally:
            conn.close()
    return []
