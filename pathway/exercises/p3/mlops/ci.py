"""Phase 3, MLOps: CI for the model (a GitHub Actions workflow, linted with actionlint)."""

from __future__ import annotations

import re
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._blind_b import CASES as BLIND

WORKFLOW = '''\
workflow = """\\
name: model-ci
on:
  push:
  pull_request:
permissions:
  contents: read
jobs:
  test-and-build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
          cache: pip
      - name: Install
        run: pip install -r requirements.txt pytest
      - name: Test
        run: pytest -q
      - name: Build the image
        run: docker build -t tumour-service:${{ github.sha }} .
"""'''

_RIGHT = '''\
workflow = """\\
name: CI
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8  # v5.0.0
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
      - uses: actions/cache@v5
        with:
          path: ~/.cache/pip
          key: pip-${{ runner.os }}-${{ hashFiles('requirements.txt') }}
      - run: python -m pip install -r requirements.txt
      - run: python -m pytest
  image:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - run: docker build --tag tumour-service .
"""'''


def _variant(old: str, new: str) -> str:
    assert old in WORKFLOW, old
    return WORKFLOW.replace(old, new)


@exercise(
    "p3.ci.workflow",
    title="CI for the model: a GitHub Actions workflow",
    prompt="Set `workflow` to a GitHub Actions workflow (YAML) that runs on every push and pull request, "
    "installs the dependencies from `requirements.txt`, runs the tests with pytest and builds the Docker "
    "image. It must pass actionlint, pin every action to a version (a release tag like `@v5` or a commit "
    "SHA, never a branch), and cache pip's downloads between runs.",
    answer="workflow",
    solution=WORKFLOW,
    right=[_RIGHT, WORKFLOW.replace("  push:\n  pull_request:\n",
                                    "  push:\n    branches: ['**']\n  pull_request:\n  workflow_dispatch:\n")
           .replace("        run: pytest -q\n",
                    "        run: |\n          set -e\n          python -m pytest -q\n"),
        *BLIND["p3.ci.workflow"]["right"]],
    wrong=[
        _variant("actions/checkout@v5", "actions/checkout@main"),
        _variant("          cache: pip\n", ""),
        _variant("  push:\n  pull_request:\n", "  push:\n"),
        _variant("  push:\n  pull_request:\n", "  push:\n    branches: [main]\n  pull_request:\n"),
        _variant("  push:\n  pull_request:\n", "  push:\n    paths: ['**.py']\n  pull_request:\n"),
        _variant("        run: pytest -q\n", "        run: pytest -q || true\n"),
        _variant("        run: pytest -q\n", "        run: pytest -q\n        continue-on-error: true\n"),
        _variant("    runs-on: ubuntu-24.04\n", "    runs-on: ubuntu-24.04\n    continue-on-error: true\n"),
        _variant("      - name: Test\n        run: pytest -q\n", ""),
        _variant("python-version:", "python_version:"),
        _variant("      - name: Build the image\n        run: docker build -t tumour-service:${{ "
                 "github.sha }} .\n",
                 ""),
        *BLIND["p3.ci.workflow"]["wrong"]],
    hints=[
        "A workflow has `on:` (the triggers: `push` and `pull_request`) and `jobs:`; a job has "
        "`runs-on:` and "
        "`steps:`, each step either `uses: owner/action@version` or `run: a shell command`.",
        "`actions/setup-python@v6` caches pip for you with `cache: pip` under `with:`; `actions/checkout@v5` "
        "brings the repository in first.",
        "Steps: checkout, setup-python (with python-version and cache), a `run:` that installs the "
        "requirements and pytest, one that runs the tests, one that builds the image with docker.",
    ],
)
def workflow(answer):
    import yaml

    from ....labs import linters
    from ._mlops import source_text

    text = source_text(answer, "workflow")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise Incorrect(f"the workflow is not valid YAML: {checks.short(str(exc), 120)}") from None
    if not isinstance(data, dict):
        raise Incorrect("a workflow is a YAML mapping with `on:` and `jobs:`")
    findings = linters.actionlint(text)
    if findings:
        first = findings[0]
        raise Incorrect(f"actionlint: line {first.get('line')}: {checks.short(first.get('message', ''), 160)}"
                        + (f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""))
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as True
    names = _trigger_names(triggers)
    for needed in ("push", "pull_request"):
        if needed not in names:
            raise Incorrect(f"the workflow does not run on {needed}: add it under `on:`")
        _every(needed, triggers.get(needed) if isinstance(triggers, dict) else None)
    steps = [s for job in (data.get("jobs") or {}).values() if isinstance(job, dict)
             for s in (job.get("steps") or []) if isinstance(s, dict)]
    for step in steps:
        uses = step.get("uses")
        if isinstance(uses, str) and not uses.startswith(("./", "docker://")):
            ref = uses.partition("@")[2]
            if not ref:
                raise Incorrect(f"`uses: {uses}` has no version: pin it (@v5 or a commit SHA)")
            if not (re.fullmatch(r"v\d+(\.\d+){0,2}", ref) or re.fullmatch(r"[0-9a-f]{40}", ref)):
                raise Incorrect(f"`uses: {uses}` follows {ref!r}, which moves: pin a release tag (@v5) or a "
                                "full commit SHA, so the build cannot change under you")
    runs = " \n".join(str(s.get("run", "")) for s in steps)
    if not re.search(r"pip3? install", runs):
        raise Incorrect("no step installs the dependencies (pip install -r requirements.txt)")
    if "requirements" not in runs:
        raise Incorrect("install from requirements.txt, the pins the image uses too")
    if not re.search(r"(^|\n|&&|;)\s*(python3? -m )?pytest\b", runs):
        raise Incorrect("no step runs the tests (pytest)")
    _failures_fail(data, steps)
    if not re.search(r"docker (image )?build|docker buildx build", runs) and not any(
            "docker/build-push-action" in str(s.get("uses", "")) for s in steps):
        raise Incorrect("no step builds the image (docker build)")
    cached = any("actions/cache" in str(s.get("uses", "")) for s in steps) or any(
        "actions/setup-python" in str(s.get("uses", "")) and isinstance(s.get("with"), dict)
        and s["with"].get("cache") in ("pip", "pipenv", "poetry") for s in steps)
    if not cached:
        raise Incorrect("nothing is cached: add `cache: pip` to setup-python (or an actions/cache step), so "
                        "each run does not download every package again")
    return ("actionlint finds nothing, the triggers, the pins and the cache are right: every push now "
            "tests the model and builds its image.")


_FILTERS = ("branches", "branches-ignore", "tags", "tags-ignore", "paths", "paths-ignore")


def _every(event: str, settings: Any) -> None:
    """`on: push` with a filter runs on some pushes only; the prompt asks for every one."""
    if not isinstance(settings, dict):
        return
    for key in _FILTERS:
        if key in settings and not (key == "branches" and set(map(str, settings[key] or [])) & {"**", "*"}):
            raise Incorrect(f"`{event}:` has a `{key}:` filter, so the workflow runs on some {event} events "
                            f"only; the prompt asks for every {event}: drop the filter")


def _failures_fail(data: dict, steps: list) -> None:
    """A failing test must fail the job: no `|| true`, no `continue-on-error`."""
    jobs = [j for j in (data.get("jobs") or {}).values() if isinstance(j, dict)]
    if any(j.get("continue-on-error") not in (None, False) for j in jobs) or any(
            s.get("continue-on-error") not in (None, False) for s in steps):
        raise Incorrect("`continue-on-error` lets a failing step pass: a failing test must fail the build")
    for step in steps:
        run = str(step.get("run", ""))
        if re.search(r"\bpytest\b[^\n]*(\|\||;\s*(true|exit 0)\b)|set \+e", run):
            raise Incorrect(f"`{run.strip()[:60]}` hides a failing test (`|| true`, `; true`, "
                            "`set +e`): let pytest's exit code fail the job")


def _trigger_names(triggers: Any) -> set[str]:
    if isinstance(triggers, str):
        return {triggers}
    if isinstance(triggers, list):
        return {str(t) for t in triggers}
    if isinstance(triggers, dict):
        return {str(t) for t in triggers}
    return set()
