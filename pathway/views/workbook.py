"""The notebooks as the learner's working copy: copied out of the package, updated without
overwriting the learner's work, and opened in JupyterLab.

A wheel carries the notebooks (as `pathway/notebooks`), so `pip install mle-pathway` is enough:
`pathway notebooks` copies them into a folder of the learner's, and `pathway lab` opens it. A small
manifest in that folder remembers what each copy looked like when it was written, which is how a
later copy tells "the learner changed this" (keep it, write the new version beside it) from "the
workbook changed this" (replace it).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import secrets
import socket
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..errors import PathwayError

DEFAULT_FOLDER = "mle-pathway-notebooks"
MANIFEST = ".mle-pathway-manifest.json"
START = "00_start_here.ipynb"


@dataclass
class CopyReport:
    """What `copy_notebooks` did, file by file, so the command can say it."""

    folder: Path
    written: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (the learner's file, the new version)
    unchanged: list[str] = field(default_factory=list)
    yours: list[str] = field(default_factory=list)  # changed by the learner, no newer version to offer

    def lines(self) -> list[str]:
        out = [f"Notebooks in {self.folder}:"]
        if self.written:
            out.append(f"  copied {len(self.written)}: {', '.join(self.written)}")
        if self.updated:
            out.append(f"  updated {len(self.updated)} you had not changed: {', '.join(self.updated)}")
        for mine, new in self.kept:
            out.append(f"  kept your changed {mine}; the workbook's new version is beside it as {new}")
        if self.yours:
            out.append(f"  left your changes as they are in {len(self.yours)}: {', '.join(self.yours)}")
        if self.unchanged and not (self.written or self.updated or self.kept or self.yours):
            out.append(f"  all {len(self.unchanged)} already up to date")
        return out


def shipped() -> list[Path]:
    """The workbook's notebooks, in order."""
    folder = paths.notebooks_dir()
    found = sorted(folder.glob("*.ipynb"))
    if not found:
        raise PathwayError(f"no notebooks found in {folder}: reinstall mle-pathway "
                           "(pip install --force-reinstall mle-pathway)")
    return found


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(folder: Path) -> dict[str, str]:
    try:
        files = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def _beside(target: Path) -> Path:
    """A free name next to `target` for the workbook's new version of a notebook the learner changed."""
    n = 1
    while True:
        candidate = target.with_name(f"{target.stem}.new{'' if n == 1 else n}{target.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def copy_notebooks(folder: str | Path | None = None) -> CopyReport:
    """Copy the notebooks into `folder` (default `./mle-pathway-notebooks`), never overwriting one
    the learner has changed: a changed copy is kept and the new version written beside it."""
    target_dir = Path(folder if folder not in (None, "") else DEFAULT_FOLDER).expanduser()
    if target_dir.exists() and not target_dir.is_dir():
        raise PathwayError(f"{target_dir} exists and is not a folder: name a folder for the notebooks")
    target_dir.mkdir(parents=True, exist_ok=True)
    known = _read_manifest(target_dir)
    report = CopyReport(target_dir.resolve())
    manifest = dict(known)
    for source in shipped():
        data = source.read_bytes()
        new = _digest(data)
        target = target_dir / source.name
        if not target.exists():
            target.write_bytes(data)
            report.written.append(source.name)
        else:
            current = _digest(target.read_bytes())
            if current == new:
                report.unchanged.append(source.name)
            elif known.get(source.name) == current:  # as we wrote it: the learner has not touched it
                target.write_bytes(data)
                report.updated.append(source.name)
            elif known.get(source.name) == new:  # the learner's work, and no newer version to offer
                report.yours.append(source.name)
            else:
                beside = next((p for p in target_dir.glob(f"{target.stem}.new*{target.suffix}")
                               if _digest(p.read_bytes()) == new), None) or _beside(target)
                beside.write_bytes(data)
                report.kept.append((source.name, beside.name))
        manifest[source.name] = new
    (target_dir / MANIFEST).write_text(json.dumps({"files": manifest}, indent=1, sort_keys=True) + "\n",
                                       encoding="utf-8")
    return report


def find_notebook(spec: str | None, names: Sequence[str]) -> str:
    """The notebook a learner means by `3`, `03b`, `deep`, `03b_deep_learning` or its file name."""
    if not spec:
        return START if START in names else names[0]
    wanted = spec.strip().lower().removesuffix(".ipynb")
    number = re.fullmatch(r"(\d{1,2})([a-z]?)", wanted)
    if number:
        wanted = f"{int(number.group(1)):02d}{number.group(2)}"
    exact = [n for n in names if n.lower().removesuffix(".ipynb") == wanted]
    prefix = [n for n in names if re.match(rf"{re.escape(wanted)}(_|$)", n.lower())]
    word = [n for n in names if wanted in n.lower()]
    for found in (exact, prefix, word):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise PathwayError(f"{spec!r} matches several notebooks ({', '.join(found)}): name one")
    raise PathwayError(f"no notebook matches {spec!r}; the notebooks are: {', '.join(names)}")


def running_as_root() -> bool:
    """Whether the effective user is root (a container, a root shell on WSL, many cloud VMs), where
    JupyterLab refuses to start without `--allow-root`."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_command(folder: Path, notebook: str, port: int, token: str) -> list[str]:
    """The JupyterLab command that opens `notebook` with `folder` as its file browser's root, on `port`
    with `token` (so the URL that opens the notebook is known before it starts); as root, allowed."""
    return [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={folder}",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
            *(["--allow-root"] if running_as_root() else []), notebook]


def lab_url(port: int, token: str, notebook: str) -> str:
    """The address that opens `notebook` itself in the lab (for a browser that did not open)."""
    return f"http://localhost:{port}/lab/tree/{notebook}?token={token}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare_lab(spec: str | None = None,
                folder: str | Path | None = None) -> tuple[CopyReport, list[str], str]:
    """Copy (or update) the notebooks and build the command that opens JupyterLab on them, at the
    start notebook or the one named, with the URL that opens it; a clear error first if JupyterLab
    is missing."""
    if importlib.util.find_spec("jupyterlab") is None:
        raise PathwayError('JupyterLab is not installed in this Python: pip install "mle-pathway[lab]" '
                           '(or pip install jupyterlab), then run `pathway lab` again')
    names = [p.name for p in shipped()]
    notebook = find_notebook(spec, names)
    report = copy_notebooks(folder)
    port, token = _free_port(), secrets.token_hex(24)
    return report, lab_command(report.folder, notebook, port, token), lab_url(port, token, notebook)


def run_lab(command: list[str], folder: Path) -> int:
    """Run JupyterLab in the foreground until the learner stops it (Ctrl-C ends it cleanly)."""
    try:
        return subprocess.call(command, cwd=folder)
    except KeyboardInterrupt:
        return 0


def exercise_notebooks(folder: Path | None = None) -> dict[str, str]:
    """Which notebook holds each exercise's answer cell (from the `exercise:<id>` cell tags)."""
    where: dict[str, str] = {}
    for path in sorted((folder or paths.notebooks_dir()).glob("*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            for tag in cell.get("metadata", {}).get("tags", []):
                if isinstance(tag, str) and tag.startswith("exercise:"):
                    where[tag.split(":", 1)[1]] = path.name
    return where


# ------------------------------------------------------------------ how long a notebook takes
def duration(minutes: int) -> str:
    """`about 1 h 35 min` for a learner planning an evening."""
    hours, rest = divmod(minutes, 60)
    parts = (f"{hours} h" if hours else "", f"{rest} min" if rest else "")
    return "about " + " ".join(part for part in parts if part)
