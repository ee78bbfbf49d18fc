"""Keep what the notebooks and the README say about themselves in step with one source each.

- The repository address and version come from `pyproject.toml` (`[project.urls] Repository`,
  `version`): every Open-in-Colab badge opens the notebook at the tag `v<version>`, and every
  setup cell installs the workbook from that same tag, so a notebook and the package that checks
  it never disagree. A fork changes one line.
- How long a notebook takes, what it assumes and which of the package's extras it needs come from
  `data/roadmap.toml`'s `[notebook_guide]` (`minutes` is estimated by hand as data/README.md
  describes, never computed): each notebook's title cell states the time and the notebooks it
  assumes, its setup cell calls `pathway.require_extra(...)` for its extras after its imports, and
  the README's table of notebooks shows each one's time.

Run `python scripts/sync_notebooks.py` after editing a notebook, the guide or the version; `--check`
changes nothing and exits 1 if anything is out of step (the tests run it).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pathway.roadmap import load_roadmap  # noqa: E402
from pathway.views.workbook import duration  # noqa: E402

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

BADGE = re.compile(r"https://colab\.research\.google\.com/github/[^)\s\"']+/notebooks/([\w.-]+\.ipynb)")
INSTALL = re.compile(r"(mle-pathway(?:\[[\w,]+\])? @ )git\+https://github\.com/[^'\"\s@]+(?:@[^'\"\s]+)?")
GUIDE_LINE = re.compile(r"^⏱ .*$", re.M)
REQUIRE_LINE = re.compile(r"^pathway\.require_extra\(.*\n", re.M)
TABLE = re.compile(r"(<!-- colab-badges -->\n).*?(<!-- /colab-badges -->)", re.S)
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"


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
    return (f"⏱ **{duration(minutes).capitalize()}** of work for a first pass (reading, writing each "
            f"answer, running it; how it was estimated: `data/README.md`) · **Assumes:** {needs}")


def require_line(extras: tuple[str, ...]) -> str:
    """The setup cell's line that stops with what to install when a package of the notebook's extras is
    missing (rather than a ModuleNotFoundError cells later)."""
    names = ", ".join(json.dumps(e) for e in extras)
    return f"pathway.require_extra({names})  # a missing package? this line says how to install it\n"


def setup_cell(source: str, extras: tuple[str, ...]) -> str:
    """The setup cell with its `require_extra` line after the block of imports (none without extras)."""
    lines = REQUIRE_LINE.sub("", source).splitlines(keepends=True)
    if not extras:
        return "".join(lines)
    at = 1 + max(n for n, text in enumerate(lines) if text.startswith(("import ", "from ")))
    if at < len(lines) and not lines[at].strip():  # the blank line after the imports stays before it
        at += 1
    else:
        lines.insert(at, "\n")
        at += 1
    lines.insert(at, require_line(extras))
    return "".join(lines)


def _notebook(path: Path, repository: str, version: str, line: str, extras: tuple[str, ...]) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    setup = next(n for n, cell in enumerate(nb["cells"]) if cell["cell_type"] == "code")
    for n, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        new = linked(source, repository, version)
        if n == 0:
            if GUIDE_LINE.search(new):
                new = GUIDE_LINE.sub(line, new, count=1)
            else:  # after the badge line, or after the title
                lines = new.split("\n")
                at = next((i + 1 for i, text in enumerate(lines) if "colab-badge.svg" in text), 1)
                lines[at:at] = ["", line]
                new = "\n".join(lines)
        if n == setup:
            new = setup_cell(new, extras)
        if new != source:
            cell["source"] = new.splitlines(keepends=True)
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def notebook_table(notebooks: list[str], titles: dict[str, str], minutes: dict[str, int],
                   repository: str, version: str) -> str:
    """The README's table: each notebook, its time, and its Open-in-Colab badge."""
    rows = ["| Notebook | Time | |", "|---|---|---|"]
    for name in notebooks:
        badge = f"[![Open In Colab]({BADGE_IMAGE})]({badge_url(repository, version, name)})"
        rows.append(f"| {name.split('_')[0]} · {titles[name]} | {duration(minutes[name])} | {badge} |")
    return "\n".join(rows) + "\n"


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
    missing = [name for name in notebooks if name not in roadmap.guide]
    if missing:
        raise SystemExit(f"data/roadmap.toml: [notebook_guide] has no entry for {', '.join(missing)} "
                         "(minutes, assumes, extras: see data/README.md)")
    minutes = {name: roadmap.guide[name].minutes for name in notebooks}
    out: dict[Path, str] = {}
    for name in notebooks:
        guide = roadmap.guide[name]
        line = guide_line(name, guide.minutes, guide.assumes, titles)
        out[ROOT / "notebooks" / name] = _notebook(ROOT / "notebooks" / name, repository, version, line,
                                                   guide.extras)
    readme = ROOT / "README.md"
    text = linked(readme.read_text(encoding="utf-8"), repository, version)
    table = notebook_table(notebooks, titles, minutes, repository, version)
    out[readme] = TABLE.sub(lambda m: m.group(1) + table + m.group(2), text)
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
