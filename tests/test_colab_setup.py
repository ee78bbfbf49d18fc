"""Google Colab: every notebook installs the workbook there (and only there), upgrading nothing.

Each notebook's first code cell, only when `google.colab` is loaded, runs
`%pip install -q 'mle-pathway @ git+<repository>@v<version>'` (both from pyproject.toml, kept in
step by scripts/sync_notebooks.py) and locally only imports. The dependencies' lower bounds must
be met by what Colab preinstalls, so that install adds the workbook and changes nothing else in the
learner's runtime.
"""

from __future__ import annotations

import ast
import json
import re
import shlex
import sys

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from tests.conftest import NOTEBOOKS, ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
_PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
REPOSITORY = _PROJECT["urls"]["Repository"]
VERSION = _PROJECT["version"]
REQUIREMENT = f"mle-pathway @ git+{REPOSITORY}@v{VERSION}"  # this version's tag, never whatever main is
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
BADGE_URL = (f"https://colab.research.google.com/github/{REPOSITORY.removeprefix('https://github.com/')}"
             f"/blob/v{VERSION}/notebooks/{{name}}")

# What a Colab runtime preinstalls (Python 3.12). platformdirs is "some 4.x": 4.0.0 is the
# lowest it can be; threadpoolctl 3.1 is the least scikit-learn 1.6 itself requires.
# .ci/colab-constraints.txt pins the same versions for .ci/colab-stack.sh.
COLAB_PYTHON = "3.12"
COLAB_PREINSTALLED = {
    "numpy": "2.0.2",
    "pandas": "2.2.2",
    "matplotlib": "3.10.0",
    "seaborn": "0.13.2",
    "scikit-learn": "1.6.1",
    "scipy": "1.14.1",
    "platformdirs": "4.0.0",
    "threadpoolctl": "3.1.0",
    "ipykernel": "6.17.1",
    # the web stack the MLOps notebook (03c) uses
    "fastapi": "0.133.0",
    "uvicorn": "0.41.0",
    "httpx": "0.28.1",
    "pydantic": "2.12.3",
    # the NLP notebook's (03d) stack (googlecolab/backend-info pip-freeze.gpu.txt, read 6 December 2026)
    "sentence-transformers": "5.5.1",
    "transformers": "5.9.0",
    "peft": "0.19.1",
}
# A notebook may install the workbook with one extra of its own (03c: `mle-pathway[mlops] @ ...`,
# 03d: `[nlp]`);
# test_ipykernel_floor_in_the_extras_is_met_by_colab keeps every extra from upgrading Colab's packages.
NOTEBOOK_EXTRAS = {"mlops", "tabular", "nlp"}
UPGRADING_OPTIONS = {"-U", "--upgrade", "--force-reinstall", "-I", "--ignore-installed", "--pre"}


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _code_cells(path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [_source(c) for c in nb["cells"] if c["cell_type"] == "code"]


def _as_python(source: str) -> str:
    """The cell as IPython runs it: `%pip ...` becomes `get_ipython().run_line_magic('pip', ...)`."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


def _is_colab_guard(test: ast.expr) -> bool:
    """`"google.colab" in sys.modules`."""
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Constant) and test.left.value == "google.colab"
        and len(test.ops) == 1 and isinstance(test.ops[0], ast.In)
        and ast.unparse(test.comparators[0]) == "sys.modules"
    )


def _pip_magic_args(node: ast.AST) -> str | None:
    """The argument string of `get_ipython().run_line_magic("pip", ARGS)`, else None."""
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return None
    call = node.value
    if not (isinstance(call.func, ast.Attribute) and call.func.attr == "run_line_magic"):
        return None
    if ast.unparse(call.func.value) != "get_ipython()" or len(call.args) != 2:
        return None
    magic, args = call.args
    if not (isinstance(magic, ast.Constant) and magic.value == "pip"):
        return None
    assert isinstance(args, ast.Constant) and isinstance(args.value, str), "pip arguments must be a literal"
    return args.value


def _installs(source: str) -> list[str]:
    """Every package-installing line of a cell, in whatever form (%pip, !pip, subprocess...)."""
    return [line for line in source.splitlines()
            if re.search(r"\bpip\b.*\binstall\b|\bconda\b.*\binstall\b", line)
            and not line.lstrip().startswith("#")]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_setup_cell_installs_from_the_repository_only_in_colab(path):
    cells = _code_cells(path)
    assert cells, f"{path.name} has no code cell"
    setup = cells[0]
    tree = ast.parse(_as_python(setup))
    guards = [n for n in tree.body if isinstance(n, ast.If) and _is_colab_guard(n.test)]
    assert len(guards) == 1, (
        f"{path.name}: the first code cell needs one top-level `if \"google.colab\" in sys.modules:` "
        "that installs the workbook (see CONTRIBUTING.md, 'A phase notebook')"
    )
    guard = guards[0]
    assert not guard.orelse, f"{path.name}: the Colab guard must have no else branch"
    assert any(isinstance(n, ast.Import) and [a.name for a in n.names] == ["sys"]
               for n in tree.body[:tree.body.index(guard)]), f"{path.name}: `import sys` before the guard"

    installs = [_pip_magic_args(n) for n in guard.body]
    assert installs and all(a is not None for a in installs), (
        f"{path.name}: inside the Colab guard, only `%pip install` / "
        "get_ipython().run_line_magic(\"pip\", ...) calls"
    )
    assert len(installs) == 1, f"{path.name}: install the workbook in one pip call"
    words = shlex.split(installs[0])
    assert words[0] == "install", f"{path.name}: {installs[0]!r} is not a pip install"
    options = [w for w in words[1:] if w.startswith("-")]
    requirements = [w for w in words[1:] if not w.startswith("-")]
    upgrading = sorted(set(options) & UPGRADING_OPTIONS)
    assert not upgrading, f"{path.name}: {upgrading} would upgrade Colab's preinstalled packages"
    allowed = [REQUIREMENT,
               *(REQUIREMENT.replace("mle-pathway", f"mle-pathway[{e}]", 1) for e in NOTEBOOK_EXTRAS)]
    assert len(requirements) == 1 and requirements[0] in allowed, (
        f"{path.name}: installs {requirements}, expected exactly {REQUIREMENT!r} "
        "(no extras, no other packages: Colab already has the rest)"
    )

    # Locally it only imports: `import pathway` at top level, after the guard.
    after = tree.body[tree.body.index(guard) + 1:]
    assert any(isinstance(n, ast.Import) and "pathway" in [a.name for a in n.names] for n in after), (
        f"{path.name}: `import pathway` must follow the Colab guard, outside it"
    )


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_no_other_cell_installs_anything(path):
    for index, source in enumerate(_code_cells(path)[1:], start=1):
        assert not _installs(source), f"{path.name}: code cell {index} installs: {_installs(source)}"


def _runtime_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(spec) for spec in project["dependencies"]]


def _applies_in_colab(req: Requirement) -> bool:
    return req.marker is None or req.marker.evaluate(
        {"python_version": COLAB_PYTHON, "python_full_version": f"{COLAB_PYTHON}.0"}
    )


def test_every_runtime_dependency_is_preinstalled_in_colab_at_an_allowed_version():
    for req in _runtime_requirements():
        if not _applies_in_colab(req):
            continue
        name = req.name.lower().replace("_", "-")
        assert name in COLAB_PREINSTALLED, (
            f"pyproject.toml depends on {name}, which this test does not know Colab to preinstall: "
            "check Colab's version (`pip show` in a Colab cell) and add it to COLAB_PREINSTALLED"
        )
        colab = Version(COLAB_PREINSTALLED[name])
        assert req.specifier.contains(colab, prereleases=True), (
            f"pyproject.toml asks for {req}; Colab has {name} {colab}, so installing the workbook "
            f"there would change it: lower the bound to {name}>={colab} or below"
        )


def test_ipykernel_floor_in_the_extras_is_met_by_colab():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for extra, specs in project["optional-dependencies"].items():
        for req in map(Requirement, specs):
            if req.name.lower() in COLAB_PREINSTALLED:
                colab = Version(COLAB_PREINSTALLED[req.name.lower()])
                assert req.specifier.contains(colab), f"[{extra}] {req}: Colab has {colab}"


def test_colab_constraints_pin_the_versions_this_test_assumes():
    pins = {}
    for line in (ROOT / ".ci" / "colab-constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            req = Requirement(line)
            pins[req.name.lower()] = req.specifier
    for name, version in COLAB_PREINSTALLED.items():
        assert name in pins, f".ci/colab-constraints.txt does not constrain {name}"
        assert pins[name].contains(version), f".ci/colab-constraints.txt: {name}{pins[name]} vs {version}"


COLAB_LINK = re.compile(r"https://colab\.research\.google\.com/github/[^)\s\"']+")


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_an_open_in_colab_badge_in_a_notebook_opens_that_notebook(path):
    texts = [_source(c) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "markdown"]
    for url in (u for t in texts for u in COLAB_LINK.findall(t)):
        assert url == BADGE_URL.format(name=path.name), f"{path.name}: the Colab badge opens {url}"


def test_readme_colab_badges_open_phase_notebooks():
    import pathway

    names = {n for p in pathway.load_roadmap().phases for n in p.notebooks}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for url in COLAB_LINK.findall(readme):
        name = url.rsplit("/", 1)[1]
        assert url == BADGE_URL.format(name=name), f"README: the Colab badge {url} is not under notebooks/"
        assert name in names, f"README: a Colab badge for {name}, no phase's notebook in roadmap.toml"
    assert BADGE_IMAGE in readme or not COLAB_LINK.findall(readme)
