"""One rubric line: what was checked, whether it passed, what was found, and what to fix."""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("pass", "fail", "skipped")

# key -> (title, roadmap item it counts towards)
LINES = {
    "tests": ("Tests pass in a fresh venv", "p4.capstone.tests"),
    "reproducible": ("Training is reproducible", "p4.capstone.training"),
    "held_back": ("Beats the baseline on held-back rows", "p4.capstone.training"),
    "service": ("Service: health, predict, 422, model loaded once", "p4.capstone.service"),
    "dockerfile": ("Dockerfile: hadolint and the workbook's points", "p4.capstone.container"),
    "docker": ("Container builds and answers", "p4.capstone.container"),
    "workflow": ("Workflow: actionlint, runs the tests", "p4.capstone.ci"),
    "model_card": ("Model card filled", "p4.capstone.docs"),
    "readme": ("README and LICENSE filled", "p4.capstone.docs"),
    "history": ("More than one commit", "p4.capstone.history"),
    "secrets": ("No secret committed", "p4.capstone.history"),
    "large_files": ("No large file committed", "p4.capstone.history"),
}


@dataclass(frozen=True)
class Line:
    """A rubric line's result. `fix` says what to do when it did not pass."""

    key: str
    status: str
    detail: str
    fix: str = ""

    @property
    def title(self) -> str:
        return LINES[self.key][0]

    @property
    def item(self) -> str:
        return LINES[self.key][1]


def passed(key: str, detail: str) -> Line:
    return Line(key, "pass", detail)


def failed(key: str, detail: str, fix: str) -> Line:
    return Line(key, "fail", detail, fix)


def skipped(key: str, detail: str, fix: str = "") -> Line:
    return Line(key, "skipped", detail, fix)
