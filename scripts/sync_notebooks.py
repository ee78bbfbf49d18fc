"""Keep what the notebooks and the README say about themselves in step with one source each.

- The repository address and version come from `pyproject.toml` (`[project.urls] Repository`,
  `version`): every Open-in-Colab badge opens the notebook at the tag `v<version>`, and every
  setup cell installs the workbook from that same tag, so a notebook and the package that checks
  it never disagree. A fork changes one line.
- How long a notebook takes is estimated from the notebook itself
  (`pathway.views.workbook.estimate_minutes`) and written to `data/roadmap.toml`'s
  `[notebook_guide]`; each notebook's title cell states it with the notebooks it assumes.

Run `python scripts/sync_notebooks.py` after editing a notebook or the version; `--check` changes
nothing and exits 1 if anything is out of step (the tests run it).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pathway.roadmap import load_roadmap  # noqa: E402
from pathway.views.workbook import duration, estimate_minutes  # noqa: E402

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

BADGE = re.compile(r"https://colab\.research\.google\.com/github/[^)\s\"']+/notebooks/([\w.-]+\.ipynb)")
INSTALL = re.compile(r"(mle-pathway(?:\[[\w,]+\])? @ )git\+https://github\.com/[^'\"\s@]+(?:@[^'\"\s]+)?")
GUIDE_LINE = re.compile(r"^⏱ .*$", re.M)
GUIDE_HEADER = "[notebook_guide]"


def project() -> tuple[str, str]:
    """(repository URL, version) from pyproject.toml."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return data["urls"]["Repository"].rstrip("/"), data["version"]


def badge_url(repository: str, version: str, name: str) -> str:
    path = repository.removeprefix("https://github.com/")
    return f"https://colab.research.google.com/github/{path}/blob/v{version}/notebooks/{name}"


def install_spec(repository: str, version: str) -> str:
    """What follows `mle-pathway @ ` in a setup cell: this version's tag of the repository."""
    return f"git+{repository}@v{version}"


def linked(text: str, repository: str, version: str) -> str:
    """`text` with every Colab badge and every workbook install pointing at this version."""
    text = BADGE.sub(lambda m: badge_url(repository, version, m.group(1)), text)
    return INSTALL.sub(lambda m: m.group(1) + install_spec(repository, version), text)


def guide_line(name: str, minutes: int, assumes: tuple[str, ...], titles: dict[str, str]) -> str:
    needs = ", ".join(f"{a.split('_')[0]} · {titles.get(a, a)}" for a in assumes) or "nothing before it"
    return (f"⏱ **{duration(minutes).capitalize()}** (estimated from its length: prose, given code and "
            f"exercises; see `data/README.md`) · **Assumes:** {needs}")


def _notebook(path: Path, repository: str, version: str, line: str | None) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for n, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        new = linked(source, repository, version)
        if n == 0 and line is not None:
            if GUIDE_LINE.search(new):
                new = GUIDE_LINE.sub(line, new, count=1)
            else:  # after the badge line, or after the title
                lines = new.split("\n")
                at = next((i + 1 for i, text in enumerate(lines) if "colab-badge.svg" in text), 1)
                lines[at:at] = ["", line]
                new = "\n".join(lines)
        if new != source:
            cell["source"] = new.splitlines(keepends=True)
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def _guide_section(minutes: dict[str, int], assumes: dict[str, tuple[str, ...]]) -> str:
    rows = []
    for name, value in minutes.items():
        needs = ", ".join(json.dumps(a) for a in assumes.get(name, ()))
        rows.append(f'"{name}" = {{ minutes = {value}, assumes = [{needs}] }}')
    return (f"{GUIDE_HEADER}\n"
            "# How long each notebook takes, and which notebooks it assumes. `minutes` is written by\n"
            "# scripts/sync_notebooks.py from the notebook's length (data/README.md says how); edit\n"
            "# `assumes` by hand.\n" + "\n".join(rows) + "\n")


def planned() -> dict[Path, str]:
    """Every file this script keeps, with the content it should have."""
    repository, version = project()
    roadmap = load_roadmap()
    notebooks = [n for p in roadmap.phases for n in p.notebooks]
    titles = {}
    for name in notebooks:
        first = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"][0]["source"]
        heading = ("".join(first) if isinstance(first, list) else first).split("\n", 1)[0]
        titles[name] = heading.lstrip("# ").split("·", 1)[-1].strip()
    minutes = {name: estimate_minutes(ROOT / "notebooks" / name) for name in notebooks}
    assumes = {name: g.assumes for name, g in roadmap.guide.items()}
    out: dict[Path, str] = {}
    for name in notebooks:
        line = guide_line(name, minutes[name], assumes.get(name, ()), titles)
        out[ROOT / "notebooks" / name] = _notebook(ROOT / "notebooks" / name, repository, version, line)
    readme = ROOT / "README.md"
    out[readme] = linked(readme.read_text(encoding="utf-8"), repository, version)
    toml_path = ROOT / "data" / "roadmap.toml"
    text = toml_path.read_text(encoding="utf-8")
    section = _guide_section(minutes, assumes)
    out[toml_path] = (text[: text.index(GUIDE_HEADER)] + section if GUIDE_HEADER in text
                      else text.rstrip("\n") + "\n\n" + section)
    return out


def out_of_step() -> list[Path]:
    return [path for path, content in planned().items() if path.read_text(encoding="utf-8") != content]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        stale = out_of_step()
        for path in stale:
            print(f"out of step: {path.relative_to(ROOT)} (run python scripts/sync_notebooks.py)")
        return 1 if stale else 0
    for path, content in planned().items():
        if path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
