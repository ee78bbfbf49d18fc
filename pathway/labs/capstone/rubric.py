"""`pathway capstone check DIR`: the rubric, line by line, on the learner's repository.

The lines that read files reuse the workbook's own checks: the Dockerfile is judged by the check of
exercise p3.container.dockerfile (hadolint and its points), the workflow by p3.ci.workflow
(actionlint, triggers, pins, cache, tests). The lines that run code are in `probes`. A line never
raises: whatever goes wrong becomes a failed line that says so.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import probes, project
from .lines import LINES, Line, failed, passed, skipped

LARGE_BYTES = 1_000_000
_MIN_WORDS = 12
CARD_SECTIONS = {"data": r"data", "metric": r"metric", "intended use": r"intended\s+use", "limits": r"limit"}
_UNCERTAINTY = re.compile(r"±|\+/-|\+-|interval|\bci\b|\bstd\b|standard (deviation|error)|confidence|"
                          r"between \d*\.?\d+ and \d", re.IGNORECASE)
SECRET_PATTERNS = {
    "an AWS access key id": re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),
    "a private key": re.compile(r"-----BEGIN (RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY"),
    "a GitHub token": re.compile(r"\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b"),
    "a Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    "an API key (sk-...)": re.compile(r"\bsk-(proj-|ant-)?[A-Za-z0-9_-]{20,}"),
    "a Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "a password or key assigned in code": re.compile(
        r"(?i)\b[\w-]*(api[_-]?key|secret|token|passw(or)?d|access[_-]?key)[\w-]*\b['\"]?\s*[:=]\s*"
        r"['\"][^'\"\s]{12,}['\"]"),
}
_SECRET_FILES = re.compile(r"(^|/)(\.env(\.[\w-]+)?|id_rsa|id_ed25519|[^/]+\.pem|credentials(\.json)?|"
                           r"\.netrc|[^/]+\.p12)$")


def _safely(key: str, run: Callable[[], Line]) -> Line:
    """A line's result; a checker failure becomes a failed line that says so, never an exception."""
    try:
        return run()
    except project.CapstoneError as exc:
        return failed(key, str(exc), "see the message")
    except Exception as exc:  # the learner's repository can be in any state
        return failed(key, f"the check of this line stopped: {type(exc).__name__}: {str(exc)[:300]}",
                      "fix what it names, then check again")


def check(folder: str | Path, *, docker: bool = False, only: Collection[str] | None = None) -> list[Line]:
    """The rubric lines for the project in `folder` (all, or those named in `only`), in rubric order."""
    folder = Path(folder).expanduser().resolve()
    if not folder.is_dir():
        raise project.CapstoneError(f"{folder} is not a folder; give the capstone project's folder")
    want = set(only or LINES)
    if want - set(LINES):
        raise project.CapstoneError(f"unknown rubric line(s) {', '.join(sorted(want - set(LINES)))}; "
                                    f"the lines are {', '.join(LINES)}")
    project.read_config(folder)
    results = []
    with tempfile.TemporaryDirectory(prefix="pathway-capstone-") as tmp:
        tmp_path = Path(tmp)
        with ThreadPoolExecutor(max_workers=1) as pool:  # the tests run beside the training
            tests = pool.submit(_safely, "tests", lambda: probes.tests_line(folder, tmp_path)) \
                if "tests" in want else None
            trained = _trained(folder, tmp_path, want)
            results += [tests.result()] if tests is not None else []
        results += [line for line in trained.lines if line.key in want]
        runs = {"service": lambda: probes.service_line(folder, trained),
                "dockerfile": lambda: dockerfile_line(folder),
                "docker": lambda: probes.docker_line(folder, trained, docker),
                "workflow": lambda: workflow_line(folder), "model_card": lambda: model_card_line(folder),
                "readme": lambda: readme_line(folder)}
        results += [_safely(key, run) for key, run in runs.items() if key in want]
    results += [line for line in history_lines(folder) if line.key in want]
    return results


def _trained(folder: Path, tmp: Path, want: set[str]) -> probes.Trained:
    if not want & {"reproducible", "held_back", "service", "docker"}:
        return probes.Trained()
    try:
        return probes.training_lines(folder, tmp, want)
    except Exception as exc:
        message = f"the training check stopped: {type(exc).__name__}: {str(exc)[:300]}"
        return probes.Trained([failed("reproducible", message, "fix what it names"),
                               failed("held_back", message, "fix what it names")])


def _workbook_check(key: str, exercise_id: str, text: str, tool: str, what: str) -> Line:
    from ... import exercises
    from .. import linters

    if linters.tool(tool) is None:
        return skipped(key, f"{tool} is not installed, so {what} was not linted",
                       f"pip install the workbook's mlops extra (it brings {tool}), then check again")
    result = exercises.get(exercise_id).evaluate(text)
    if result.outcome == "correct":
        return passed(key, f"{tool} finds nothing and every point of exercise {exercise_id} holds")
    return failed(key, f"{what}: {result.message}", f"fix {what} (the points of exercise {exercise_id} "
                  "in notebook 03c)")


def dockerfile_line(folder: Path) -> Line:
    path = folder / "Dockerfile"
    if not path.is_file():
        return failed("dockerfile", "no Dockerfile", "write a Dockerfile for serve.py and model.joblib")
    return _workbook_check("dockerfile", "p3.container.dockerfile", path.read_text(encoding="utf-8"),
                           "hadolint", "the Dockerfile")


def workflow_line(folder: Path) -> Line:
    found = sorted((folder / ".github" / "workflows").glob("*.y*ml"))
    if not found:
        return failed("workflow", "no workflow in .github/workflows/", "add .github/workflows/ci.yml")
    chosen = next((p for p in found if p.stem == "ci"), found[0])
    return _workbook_check("workflow", "p3.ci.workflow", chosen.read_text(encoding="utf-8"), "actionlint",
                           f".github/workflows/{chosen.name}")


def _sections(markdown: str) -> dict[str, str]:
    sections: dict[str, str] = {}
    current = None
    for line in markdown.splitlines():
        heading = re.match(r"^#{2,4}\s+(.*)", line)
        if heading:
            current = heading.group(1).strip()
            sections[current] = ""
        elif current is not None:
            sections[current] += line + "\n"
    return sections


def model_card_line(folder: Path) -> Line:
    path = folder / "MODEL_CARD.md"
    fix_all = "fill MODEL_CARD.md: ## Data, ## Metric (value ± uncertainty), ## Intended use, ## Limits"
    if not path.is_file():
        return failed("model_card", "no MODEL_CARD.md", fix_all)
    sections = _sections(path.read_text(encoding="utf-8"))
    for name, pattern in CARD_SECTIONS.items():
        body = next((b for h, b in sections.items() if re.search(pattern, h, re.IGNORECASE)), None)
        if body is None:
            return failed("model_card", f"no section on {name}", fix_all)
        if "TODO" in body:
            return failed("model_card", f"the {name} section still says TODO", f"write the {name} section")
        if len(re.findall(r"\w+", body)) < _MIN_WORDS:
            return failed("model_card", f"the {name} section has fewer than {_MIN_WORDS} words",
                          f"write the {name} section in full sentences")
        if name == "metric" and not (re.search(r"\d\.\d|\d+ ?%", body) and _UNCERTAINTY.search(body)):
            return failed("model_card", "the metric section gives no value with its uncertainty",
                          "state the value and how sure it is, e.g. accuracy 0.94 ± 0.02 over 5 folds")
    return passed("model_card", "data, metric with its uncertainty, intended use and limits are written")


def readme_line(folder: Path) -> Line:
    for name, words in (("README.md", 40), ("LICENSE", 30)):
        path = folder / name
        if not path.is_file():
            return failed("readme", f"no {name}", f"write {name}")
        text = path.read_text(encoding="utf-8", errors="replace")
        if "TODO" in text:
            return failed("readme", f"{name} still says TODO", f"fill in {name}" + (
                " (choose a licence: https://choosealicense.com)" if name == "LICENSE" else ""))
        if len(re.findall(r"\w+", text)) < words:
            return failed("readme", f"{name} is shorter than {words} words", f"write {name} in full")
    return passed("readme", "README.md and LICENSE are written")


def history_lines(folder: Path) -> list[Line]:
    """Commits, secrets and large files, over the whole git history."""
    if not (folder / ".git").exists():
        fix = "the project must be a git repository: git init, then commit"
        return [failed(k, "not a git repository", fix) for k in ("history", "secrets", "large_files")]
    return [_safely("history", lambda: _commits(folder)), _safely("secrets", lambda: _secrets(folder)),
            _safely("large_files", lambda: _large_files(folder))]


def _commits(folder: Path) -> Line:
    count = int(project.git(folder, "rev-list", "--count", "--all") or 0)
    if count < 2:
        return failed("history", f"{count} commit", "commit your work in steps with messages that say why")
    return passed("history", f"{count} commits")


def _secrets(folder: Path) -> Line:
    names = project.git(folder, "log", "--all", "--name-only", "--format=", timeout=60).splitlines()
    for name in sorted(set(names)):
        if _SECRET_FILES.search(name):
            return failed("secrets", f"{name} was committed (a file that holds secrets)",
                          f"remove {name} from the history (git filter-repo), rotate what it held, and "
                          "add it to .gitignore")
    patch = project.git(folder, "log", "--all", "-p", "--no-color", "--no-ext-diff", "--format=commit %h",
                        timeout=60)
    commit = file = ""
    for line in patch.splitlines():
        if line.startswith("commit "):
            commit = line.split()[1]
        elif line.startswith("+++ b/"):
            file = line[6:]
        elif line.startswith("+") and not line.startswith("+++"):
            for what, pattern in SECRET_PATTERNS.items():
                if pattern.search(line):
                    return failed("secrets", f"{what} in {file} (commit {commit})",
                                  "revoke and rotate it now (a pushed key is public), remove it from the "
                                  "whole history (git filter-repo), and read secrets from the environment")
    return passed("secrets", f"no secret-looking string in {len(patch.splitlines())} lines of history")


def _large_files(folder: Path) -> Line:
    objects = project.git(folder, "rev-list", "--objects", "--all", timeout=60)
    done = subprocess.run(["git", "-C", str(folder), "cat-file",
                           "--batch-check=%(objecttype) %(objectsize) %(rest)"], input=objects,
                          capture_output=True, text=True, timeout=60, check=False)
    large = []
    for line in done.stdout.splitlines():
        kind, size, *name = line.split(" ", 2)
        if kind == "blob" and int(size) > LARGE_BYTES:
            large.append(f"{name[0] if name else '?'} ({int(size) / 1e6:.1f} MB)")
    if large:
        listed = ", ".join(sorted(set(large)))
        return failed("large_files", f"committed over {LARGE_BYTES / 1e6:.0f} MB: {listed}",
                      "keep data and models out of git (.gitignore; DVC, Git LFS or a download script) and "
                      "remove them from the history (git filter-repo)")
    return passed("large_files", f"no committed file over {LARGE_BYTES / 1e6:.0f} MB")
