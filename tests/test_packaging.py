"""The project's own files: pip and conda agree, the code is ruff clean, the data ships."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def requirement(spec: str) -> tuple[str, str]:
    name, bound = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*(.*)$", spec.split(";")[0]).groups()
    return name.lower().replace("_", "-"), bound.replace(" ", "")


# conda-forge names that differ from PyPI's.
CONDA_NAMES = {"pytorch": "torch"}


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = [s for s in project["dependencies"] if "python_version" not in s]
    for extra in project["optional-dependencies"].values():
        specs += extra
    wanted = dict(requirement(s) for s in specs if not s.startswith("mle-pathway"))  # self-references
    conda = dict(
        requirement(line.strip()[2:])
        for line in (ROOT / "environment.yml").read_text().split("dependencies:")[1].splitlines()
        # conda packages, and the pip-only ones under `- pip:` (indented further)
        if re.match(r"^(  |      )- [A-Za-z]", line) and not line.strip().startswith("- pip")
    )
    conda.pop("python", None)
    conda = {CONDA_NAMES.get(name, name): bound for name, bound in conda.items()}
    assert conda == wanted


def test_python_floor_matches():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.10"
    assert "python>=3.10" in (ROOT / "environment.yml").read_text()


def test_code_is_ruff_clean():
    out = subprocess.run([sys.executable, "-m", "ruff", "check", str(ROOT)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr


def test_data_files_are_documented():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for path in (ROOT / "data").iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in readme, f"data/{path.name} is not described in data/README.md"
