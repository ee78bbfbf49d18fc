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
import signal
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
    damaged: list[tuple[str, str]] = field(default_factory=list)  # (notebook, where the damaged copy went)

    def lines(self) -> list[str]:
        out = [f"Notebooks in {self.folder}:"]
        if self.written:
            out.append(f"  copied {len(self.written)}: {', '.join(self.written)}")
        if self.updated:
            out.append(f"  updated {len(self.updated)} you had not changed: {', '.join(self.updated)}")
        for mine, new in self.kept:
            out.append(f"  kept your changed {mine}; the workbook's new version is beside it as {new}")
        for name, aside in self.damaged:
            out.append(f"  {name} was damaged (not a readable notebook): kept it as {aside} and "
                       "wrote a good copy")
        if self.yours:
            out.append(f"  left your changes as they are in {len(self.yours)}: {', '.join(self.yours)}")
        if self.unchanged and not (self.written or self.updated or self.kept or self.yours or self.damaged):
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


def _beside(target: Path, tag: str = "new") -> Path:
    """A free name next to `target`: for the workbook's new version of a notebook the learner
    changed (`.new`), or for a damaged copy set aside (`.damaged`)."""
    n = 1
    while True:
        candidate = target.with_name(f"{target.stem}.{tag}{'' if n == 1 else n}{target.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def _readable(data: bytes) -> bool:
    """Whether a notebook copy is still a notebook (a write cut short leaves JSON that is not)."""
    try:
        return isinstance(json.loads(data.decode("utf-8")).get("cells"), list)
    except (UnicodeDecodeError, ValueError, AttributeError, RecursionError):
        return False


def _notebooks_folder(folder: str | Path | None) -> Path:
    """The folder to copy into, or one clear line for a file or a link to nowhere."""
    target_dir = Path(folder if folder not in (None, "") else DEFAULT_FOLDER).expanduser()
    if target_dir.is_symlink() and not target_dir.exists():
        raise PathwayError(f"{target_dir} is a link to {os.readlink(target_dir)}, which does not exist: "
                           "create that folder or name another one")
    if target_dir.exists() and not target_dir.is_dir():
        raise PathwayError(f"{target_dir} exists and is not a folder: name a folder for the notebooks")
    paths.check_folder_path(target_dir.parent, target_dir)
    return target_dir


def copy_notebooks(folder: str | Path | None = None) -> CopyReport:
    """Copy the notebooks into `folder` (default `./mle-pathway-notebooks`), never overwriting one
    the learner has changed: a changed copy is kept and the new version written beside it.

    Every file is written whole (a temporary file, then a rename). A copy that is no longer a
    notebook (cut short) is kept under another name and a good one written. A folder that is
    already up to date is only read, so a read-only one is fine.
    """
    target_dir = _notebooks_folder(folder)
    try:
        return _copy_into(target_dir)
    except PermissionError as exc:
        raise PathwayError(f"cannot write in {target_dir} ({exc.strerror}), and its notebooks need "
                           "updating: make the folder writable or name another one") from None


def _copy_into(target_dir: Path) -> CopyReport:
    if not target_dir.is_dir():
        target_dir.mkdir(parents=True)
    known = _read_manifest(target_dir)
    report = CopyReport(target_dir.resolve())
    manifest = dict(known)
    for source in shipped():
        data = source.read_bytes()
        new = _digest(data)
        target = target_dir / source.name
        current = _digest(target.read_bytes()) if target.exists() else None
        if current is None:
            paths.write_bytes_atomic(target, data, example=source.name)
            report.written.append(source.name)
        elif current == new:
            report.unchanged.append(source.name)
        elif known.get(source.name) == current:  # as we wrote it: the learner has not touched it
            paths.write_bytes_atomic(target, data, example=source.name)
            report.updated.append(source.name)
        elif not _readable(target.read_bytes()):  # damaged, not the learner's work: set aside
            damaged = _beside(target, "damaged")
            os.replace(target, damaged)
            paths.write_bytes_atomic(target, data, example=source.name)
            report.damaged.append((source.name, damaged.name))
        elif known.get(source.name) == new:  # the learner's work, and no newer version to offer
            report.yours.append(source.name)
        else:
            beside = next((p for p in target_dir.glob(f"{target.stem}.new*{target.suffix}")
                           if _digest(p.read_bytes()) == new), None) or _beside(target)
            paths.write_bytes_atomic(beside, data, example=source.name)
            report.kept.append((source.name, beside.name))
        manifest[source.name] = new
    if manifest != known:
        text = json.dumps({"files": manifest}, indent=1, sort_keys=True) + "\n"
        try:
            paths.write_text_atomic(target_dir / MANIFEST, text, example=MANIFEST)
        except PermissionError:
            if report.written or report.updated or report.kept or report.damaged:
                raise  # (only a folder whose notebooks are all as shipped may stay without its manifest)
    return report


def find_notebook(spec: str | None, names: Sequence[str]) -> str:
    """The notebook a learner means by `3`, `03b`, `deep`, `03b_deep_learning` or its file name."""
    if spec is None or spec == "":
        return START if START in names else names[0]
    wanted = spec.strip().lower().removesuffix(".ipynb")
    if not wanted:
        raise PathwayError(f"{spec!r} names no notebook: give a number (3, 03b), a word (deep) or a "
                           "file name, or nothing for the start notebook")
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


LAB_STOP_SECONDS = 15.0
"""How long a stopped JupyterLab may take to shut its kernels down before it is killed."""


def run_lab(command: list[str], folder: Path) -> int:
    """Run JupyterLab in the foreground until the learner stops it.

    Ctrl-C stops it with SIGTERM, so it shuts its kernels down and removes its runtime files; only
    one still running after LAB_STOP_SECONDS (or after a second Ctrl-C) is killed.
    """
    process = subprocess.Popen(command, cwd=folder)
    try:
        return process.wait()
    except KeyboardInterrupt:
        return stop_process(process)


def stop_process(process: subprocess.Popen, wait: float | None = None) -> int:
    """SIGTERM, a wait, and SIGKILL only for a process that would not stop; returns 0 when it stopped."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=LAB_STOP_SECONDS if wait is None else wait)
        return 0
    except (subprocess.TimeoutExpired, KeyboardInterrupt):
        process.kill()
        process.wait()
        return 1


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
