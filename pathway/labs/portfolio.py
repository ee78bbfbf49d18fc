"""Your portfolio: a README drawn from your recorded progress, and a checklist for a tidy repository.

`readme(projects)` writes Markdown for a GitHub profile or portfolio repository from what the
progress log knows (phases, exercises, the practice competition, certifications, items in
progress) plus the projects you list. `review(files, commits)` holds a repository's file list
and commit messages against the habits reviewers and recruiters look for.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

if TYPE_CHECKING:
    import pandas as pd

# name -> (what a good repository has, why it matters)
CHECKLIST: dict[str, tuple[str, str]] = {
    "readme": ("a README at the top level",
               "it is the first page a visitor sees: what the project does, how to run it, results"),
    "licence": ("a LICENSE file",
                "without one, nobody else may legally reuse or contribute to the code"),
    "gitignore": (".gitignore, and no generated clutter committed",
                  "caches, checkpoints and OS files (__pycache__, .ipynb_checkpoints, .DS_Store) "
                  "are noise in every diff"),
    "environment": ("a requirements or environment file",
                    "requirements.txt, environment.yml or pyproject.toml let others rebuild the setup"),
    "tests": ("tests", "a tests/ folder (pytest) shows the code is checked, not only run once"),
    "no_secrets": ("no secrets committed",
                   "API keys and tokens (.env, kaggle.json, *.pem) in a public repository are "
                   "scanned for by bots; deleting them later does not erase them from the history"),
    "no_data_dumps": ("no data dumps or model weights",
                      "archives, pickles, databases and weights bloat the history forever; "
                      "GitHub refuses files over 100 MB. Share data with a download script or "
                      "a data registry instead"),
    "meaningful_commits": ("meaningful commit messages",
                           "'Add cross-validation to the training script' explains a change; "
                           "'update' or 'wip' does not"),
}

_README = re.compile(r"^readme(\.[a-z]+)?$")
_LICENCE = re.compile(r"^(licen[cs]e|copying)(\.[a-z]+)?$")
_ENVIRONMENT = ("requirements*.txt", "environment.yml", "environment.yaml", "pyproject.toml",
                "setup.py", "setup.cfg", "pipfile", "pipfile.lock", "poetry.lock", "uv.lock")
_CLUTTER_DIRS = ("__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".venv", "venv",
                 "node_modules", ".mypy_cache")
_CLUTTER_FILES = (".ds_store", "thumbs.db", "*.pyc")
_SECRETS = (".env", ".env.*", "*.pem", "*.key", "*.p12", "*.pfx", "id_rsa", "id_ed25519",
            "id_dsa", "kaggle.json", "credentials.json", "*credentials*.json", "secrets.*",
            "*secret*.json", ".netrc", ".pypirc", "*.kdbx", "service-account*.json")
_SECRET_TEMPLATES = (".env.example", ".env.sample", ".env.template")
_DUMPS = ("*.zip", "*.tar", "*.tar.gz", "*.tgz", "*.7z", "*.rar", "*.gz", "*.pkl", "*.pickle",
          "*.joblib", "*.h5", "*.hdf5", "*.parquet", "*.feather", "*.npy", "*.npz", "*.db",
          "*.sqlite", "*.sqlite3", "*.pt", "*.pth", "*.ckpt", "*.safetensors", "*.onnx",
          "*.bin", "*.weights", "*.tflite", "*.xlsx")
_VAGUE = {"update", "updates", "updated", "fix", "fixes", "fixed", "wip", "changes", "change",
          "stuff", "misc", "asdf", "test", "tmp", "temp", "commit", "final", "done", "minor",
          "more", "save", "edit", "edits", "add files via upload", "."}
LARGE_FILE_BYTES = 10 * 1024 * 1024


def checklist() -> pd.DataFrame:
    """The checklist as a table: each habit, what it asks for, and why."""
    import pandas as pd

    return pd.DataFrame(
        [{"check": k, "what": what, "why": why} for k, (what, why) in CHECKLIST.items()]
    ).set_index("check")


# ------------------------------------------------------------------ reviewing a repository
def review(files: Iterable[str] | Mapping[str, int], commits: Sequence[str] | None = None) -> pd.DataFrame:
    """Each checklist item for a repository: passed (True/False, None if not checkable) and advice.

    `files` are paths relative to the repository root (as `git ls-files` prints them), or a
    mapping from path to size in bytes, which also flags files over 10 MB. `commits` are commit
    messages (as `git log --format=%s` prints them); without them that item is not checked.
    """
    import pandas as pd

    sizes = dict(files) if isinstance(files, Mapping) else {str(f): 0 for f in files}
    paths = [p.strip().replace("\\", "/").strip("/") for p in sizes]
    top = {p.lower() for p in paths if "/" not in p}
    names = [p.rsplit("/", 1)[-1].lower() for p in paths]
    results: dict[str, tuple[bool | None, str]] = {}

    results["readme"] = _result(any(_README.match(n) for n in top), "add a README.md at the top")
    results["licence"] = _result(any(_LICENCE.match(n) for n in top),
                                 "add a LICENSE (MIT or Apache-2.0 are common for code)")
    clutter = [p for p, n in zip(paths, names) if _is_clutter(p, n)]
    if ".gitignore" not in top:
        results["gitignore"] = (False, "add a .gitignore (GitHub's Python template is a good start)")
    else:
        results["gitignore"] = _result(not clutter, f"remove and ignore {_few(clutter)}")
    results["environment"] = _result(any(_match(n, _ENVIRONMENT) for n in top),
                                     "add requirements.txt or environment.yml with your versions")
    has_tests = any(
        part in ("tests", "test") for p in paths for part in p.lower().split("/")[:-1]
    ) or any(_match(n, ("test_*.py", "*_test.py")) for n in names)
    results["tests"] = _result(has_tests, "add a tests/ folder with a few pytest tests")
    secrets = [p for p, n in zip(paths, names) if _match(n, _SECRETS) and n not in _SECRET_TEMPLATES]
    results["no_secrets"] = _result(
        not secrets, f"remove {_few(secrets)}, revoke the keys, and add them to .gitignore"
    )
    dumps = [p for p, n in zip(paths, names) if _match(n, _DUMPS)]
    dumps += [p for p, size in zip(paths, sizes.values())
              if _size(size) > LARGE_FILE_BYTES and p not in dumps]
    results["no_data_dumps"] = _result(
        not dumps, f"remove {_few(dumps)} from the repository; share data or weights another way"
    )
    if commits is None:
        results["meaningful_commits"] = (None, "not checked: pass the commit messages as `commits`")
    else:
        messages = [str(m) for m in commits]
        vague = [m for m in messages if is_vague(m)]
        ok = bool(messages) and len(vague) <= 0.2 * len(messages)
        results["meaningful_commits"] = _result(
            ok, f"{len(vague)} of {len(messages)} messages say nothing ({_few(vague)}): "
            "say what changed and why, in the imperative"
        )
    return pd.DataFrame(
        [{"check": k, "what": CHECKLIST[k][0], "passed": results[k][0], "advice": results[k][1]}
         for k in CHECKLIST]
    ).set_index("check")


def failing(files: Iterable[str] | Mapping[str, int], commits: Sequence[str] | None = None) -> set[str]:
    """The names of the checklist items a repository fails."""
    board = review(files, commits)
    return {str(k) for k, passed in board["passed"].items() if passed is False}


def is_vague(message: str) -> bool:
    """A commit message that does not say what changed: 'update', 'wip', 'fix', 'Update file.py'."""
    text = str(message).strip().splitlines()[0].strip().lower() if str(message).strip() else ""
    text = text.rstrip(".!")
    if text in _VAGUE or len(text) < 4:
        return True
    words = text.split()
    # GitHub's web editor default, "Update train.py": names a file, not the change.
    return len(words) == 2 and words[0] in {"update", "updated", "fix", "edit", "change"} and "." in words[1]


def _result(passed: bool, advice: str) -> tuple[bool, str]:
    return (True, "ok") if passed else (False, advice)


def _match(name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def _is_clutter(path: str, name: str) -> bool:
    parts = path.lower().split("/")[:-1]
    return any(p in _CLUTTER_DIRS for p in parts) or _match(name, _CLUTTER_FILES)


def _size(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _few(values: Sequence[str], n: int = 3) -> str:
    shown = ", ".join(values[:n])
    return shown + (f" and {len(values) - n} more" if len(values) > n else "")


# ------------------------------------------------------------------ the portfolio README
def check_projects(projects: Any) -> list[dict[str, str]]:
    """Validate a list of projects (dicts with `name`, `description`, optional `link`)."""
    if isinstance(projects, Mapping) or isinstance(projects, (str, bytes)) or not isinstance(
        projects, Iterable
    ):
        raise ValueError("projects should be a list of dictionaries, one per project")
    out = []
    for n, project in enumerate(projects, 1):
        if not isinstance(project, Mapping):
            raise ValueError(f"project {n} should be a dictionary with 'name' and 'description', "
                             f"got {type(project).__name__}")
        missing = [k for k in ("name", "description") if not str(project.get(k, "") or "").strip()]
        if missing:
            raise ValueError(f"project {n} has no {' and no '.join(missing)}")
        link = str(project.get("link", "") or "").strip()
        if link:
            parsed = urlparse(link)
            if parsed.scheme not in ("http", "https") or "." not in parsed.netloc:
                raise ValueError(f"project {n}: the link {link!r} is not a web address (https://...)")
        tools = project.get("tools", "")
        if not isinstance(tools, str):
            tools = ", ".join(map(str, tools))
        out.append({"name": str(project["name"]).strip(),
                    "description": " ".join(str(project["description"]).split()),
                    "link": link, "tools": tools})
    return out


def readme(projects: Iterable[Mapping[str, Any]] = (), *, name: str | None = None,
           headline: str | None = None) -> str:
    """A portfolio README in Markdown, from your recorded progress and the projects you list."""
    from .. import api
    from . import competition

    chosen = check_projects(projects)
    roadmap = api.load_roadmap()
    current = api.statuses(roadmap)
    status = api.status(roadmap)
    lines = [f"# {name or 'Machine Learning Engineer portfolio'}", ""]
    lines += [headline or f"On the road to {roadmap.objective or 'Machine Learning Engineer'}: "
              "what I have built, practised and learned so far.", ""]

    lines += ["## Projects", ""]
    if chosen:
        for p in chosen:
            title = f"[{p['name']}]({p['link']})" if p["link"] else p["name"]
            tools = f" *Tools: {p['tools']}.*" if p["tools"] else ""
            lines.append(f"- **{title}**: {p['description']}{tools}")
    else:
        lines.append("- *(add your projects: `readme(projects=[{'name': ..., 'description': ..., "
                     "'link': ...}])`)*")
    lines.append("")

    lines += ["## Progress on the roadmap", "", "| Phase | Done | In progress | Complete |",
              "|---|---:|---:|---:|"]
    for phase in roadmap.phases:
        row = status.loc[phase.id]
        mark = " ✓" if row["total"] and row["percent"] >= 100 else ""
        lines.append(f"| {phase.number} · {phase.title}{mark} | {int(row['done'])} of "
                     f"{int(row['total'])} | {int(row['in_progress'])} | {row['percent']:.0f}% |")
    lines.append("")

    exercises = [i for i in roadmap.items if i.kind == "exercise"]
    solved = sum(current[i.id] == "done" for i in exercises)
    best = competition.best()
    entries = len(competition.leaderboard())
    lines += ["## Practice", "", f"- Exercises solved: {solved} of {len(exercises)}"]
    if best is None:
        lines.append(f"- {competition.TITLE}: no submission yet")
    else:
        lines.append(f"- {competition.TITLE}: best {competition.METRIC} {best:.3f} "
                     f"over {entries} submission{'s' * (entries != 1)}")
    lines.append("")

    certs = [i.title for i in roadmap.items if i.kind == "certification" and current[i.id] == "done"]
    lines += ["## Certifications", ""]
    lines += [f"- {t}" for t in certs] or ["- none completed yet"]
    lines.append("")

    doing = [i.title for i in roadmap.items if i.kind != "exercise" and current[i.id] == "in_progress"]
    lines += ["## Currently working on", ""]
    lines += [f"- {t}" for t in doing] or ["- nothing marked in progress"]
    return "\n".join(lines) + "\n"
