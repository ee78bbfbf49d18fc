"""The roadmap as typed, immutable data, loaded from a TOML file and validated with clear errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
import reprlib
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlparse

from . import facts, paths
from .errors import RoadmapError, UnknownItemError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

FORMAT = "mle-pathway/roadmap"
KINDS = (
    "degree", "language", "topic", "tool", "certification", "experience", "milestone", "exercise",
    "programme",
)
ID_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
EARLIEST_TARGET = dt.date(1970, 1, 1)  # target dates outside these are typos (2207 for 2027)
LATEST_TARGET = dt.date(2100, 12, 31)


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60


def _q(value: Any) -> str:
    """A value quoted for an error message: short, and safe for arrays nested however deep."""
    return _SHORT.repr(value)


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    kind: str
    phase: str
    link: str | None = None
    seed: str | None = None
    group: str | None = None
    description: str | None = None
    target: dt.date | None = None
    also_in: tuple[str, ...] = ()
    # External facts (see pathway/facts.py): is it still offered, who says so, checked when.
    status: str | None = None
    retires: dt.date | None = None
    retired: dt.date | None = None
    successors: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    official: str | None = None
    checked: dt.date | None = None
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Phase:
    id: str
    number: int
    title: str
    goal: str
    notebooks: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()

    @property
    def notebook(self) -> str | None:
        """The phase's first notebook, where its overview and marks live."""
        return self.notebooks[0] if self.notebooks else None


@dataclass(frozen=True)
class NotebookGuide:
    """How long a notebook takes, which notebooks it assumes and which of the package's extras it needs,
    as `[notebook_guide]` states them."""

    minutes: int
    assumes: tuple[str, ...] = ()
    extras: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resource:
    category: str
    title: str
    link: str


@dataclass(frozen=True)
class Roadmap:
    title: str
    author: str
    objective: str
    phases: tuple[Phase, ...]
    items: tuple[Item, ...]
    resources: tuple[Resource, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    source: Path | None = None
    texts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    guide: Mapping[str, NotebookGuide] = field(default_factory=lambda: MappingProxyType({}))

    def phase(self, phase_id: str) -> Phase:
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        known = ", ".join(p.id for p in self.phases)
        raise UnknownItemError(f"no phase {phase_id!r} in the roadmap; the phases are {known}")

    def items_in(self, phase_id: str, *, include_shared: bool = False) -> tuple[Item, ...]:
        """The items of a phase in roadmap order; `include_shared` adds items listed there too."""
        self.phase(phase_id)
        return tuple(
            i for i in self.items
            if i.phase == phase_id or (include_shared and phase_id in i.also_in)
        )

    def resolve(self, item_id: str) -> str:
        """The current id for `item_id`, following renamed ids; raises with suggestions."""
        item_id = str(item_id).strip()
        by_id = self._by_id
        if item_id in by_id:
            return item_id
        if item_id in self.aliases:
            return self.aliases[item_id]
        close = difflib.get_close_matches(item_id, list(by_id), n=3, cutoff=0.5)
        if not close:
            close = [i for i in by_id if item_id and item_id.split(".")[-1] in i][:3]
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise UnknownItemError(
            f"unknown item {item_id!r}.{hint} (`pathway next` and `pathway status` list the ids)"
        )

    def item(self, item_id: str) -> Item:
        return self._by_id[self.resolve(item_id)]

    @property
    def _by_id(self) -> dict[str, Item]:
        cached = self.__dict__.get("_index")
        if cached is None:
            cached = {i.id: i for i in self.items}
            object.__setattr__(self, "_index", cached)
        return cached


# ------------------------------------------------------------------ loading


def load_roadmap(path: str | Path | None = None) -> Roadmap:
    """Load and validate the roadmap file (`$PATHWAY_ROADMAP` or the shipped one), as written.

    `pathway.load_roadmap()` (in `api`) adds the package's exercises; the core knows nothing of them.
    """
    source = Path(path) if path is not None else paths.roadmap_path()
    return parse_roadmap(_read(source), source)


def _read(source: Path) -> dict[str, Any]:
    if source.is_dir():
        raise RoadmapError(f"{source}: is a folder; give the roadmap's .toml file inside it")
    if not source.is_file():
        hint = (
            f" (named by ${paths.ROADMAP_ENV}; fix the path or unset it to use the shipped roadmap)"
            if os.environ.get(paths.ROADMAP_ENV) else ""
        )
        raise RoadmapError(f"{source}: roadmap file not found{hint}")
    try:
        text = source.read_text(encoding="utf-8-sig")  # a byte-order mark (Windows editors) is fine
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RoadmapError(f"{source}: not valid TOML: {exc}. Fix the syntax there.") from None
    except RecursionError:
        raise RoadmapError(f"{source}: arrays or tables nested too deeply to read; "
                           "a roadmap needs only a few levels") from None
    except OSError as exc:
        raise RoadmapError(f"{source}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise RoadmapError(f"{source}: not UTF-8 text ({exc.reason}); save it as UTF-8") from None


def parse_roadmap(data: Mapping[str, Any], source: Path | str = "<roadmap>") -> Roadmap:
    """Build a Roadmap from parsed TOML, raising one RoadmapError that names file, entry, problem."""
    v = _Validator(Path(source))
    if data.get("format") not in (None, FORMAT):
        v.fail("the top level", f"format is {_q(data.get('format'))}, expected {FORMAT!r}")
    title = v.text(data, "title", "the top level")
    phases = tuple(v.phase(entry, n) for n, entry in enumerate(v.table_list(data, "phases"), 1))
    v.unique([p.id for p in phases], "phases")
    phase_ids = {p.id for p in phases}
    items = tuple(
        v.item(entry, n, phase_ids) for n, entry in enumerate(v.table_list(data, "items"), 1)
    )
    v.unique([i.id for i in items], "items")
    facts.check_references(items, v.fail)
    resources = tuple(
        Resource(
            category=v.text(r, "category", f"resources entry {n}"),
            title=v.text(r, "title", f"resources entry {n}"),
            link=v.link(r.get("link"), f"resources entry {n}"),
        )
        for n, r in enumerate(v.table_list(data, "resources", required=False), 1)
    )
    aliases = v.aliases(data.get("aliases", {}), {i.id for i in items})
    guide = v.guide(data.get("notebook_guide", {}), {n for p in phases for n in p.notebooks})
    texts = {
        key: " ".join(str(value).split())
        for key, value in data.items()
        if isinstance(value, str) and key not in ("format",)
    }
    return Roadmap(
        title=title,
        author=str(data.get("author", "")),
        objective=str(data.get("objective", "")),
        phases=phases,
        items=items,
        resources=resources,
        aliases=MappingProxyType(aliases),
        source=Path(source),
        texts=MappingProxyType(texts),
        guide=MappingProxyType(guide),
    )


class _Validator:
    """Turns each problem into one RoadmapError that names the file and the entry."""

    def guide(self, table: Any, notebooks: set[str]) -> dict[str, NotebookGuide]:
        """`[notebook_guide]`: `"NAME.ipynb" = { minutes = 90, assumes = ["OTHER.ipynb"], extras = ["deep"] }`
        per notebook (`extras` optional)."""
        if not isinstance(table, Mapping):
            self.fail("[notebook_guide]", "must be a table of notebook names")
        guide = {}
        for name, entry in table.items():
            where = f"[notebook_guide] {name!r}"
            if name not in notebooks:
                self.fail(where, "is not a notebook any phase lists in its notebooks")
            if not isinstance(entry, Mapping):
                self.fail(where, "must be a table such as { minutes = 90, assumes = [] }")
            minutes, assumes = entry.get("minutes"), entry.get("assumes", [])
            if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 6000:
                self.fail(where, f"minutes must be a whole number from 1 to 6000, got {minutes!r}")
            if not isinstance(assumes, list) or not all(isinstance(a, str) and a in notebooks
                                                        for a in assumes):
                self.fail(where, f"assumes must list notebooks the phases name, got {assumes!r}")
            extras = entry.get("extras", [])
            if not isinstance(extras, list) or not all(isinstance(e, str) and re.fullmatch(r"[a-z][\w-]*", e)
                                                       for e in extras):
                self.fail(where, f"extras must list the package's extras by name, got {extras!r}")
            guide[name] = NotebookGuide(minutes, tuple(assumes), tuple(extras))
        return guide

    def __init__(self, source: Path) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> None:
        raise RoadmapError(f"{self.source}: {where}: {problem}")

    def table_list(self, data: Mapping[str, Any], key: str, required: bool = True) -> list:
        value = data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or not value or not all(isinstance(e, dict) for e in value):
            self.fail("the top level", f"expected one or more [[{key}]] tables")
        return value

    def text(self, entry: Mapping[str, Any], key: str, where: str) -> str:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            got = "missing" if value is None else f"{type(value).__name__} {_q(value)}"
            self.fail(where, f"field {key!r} must be non-empty text, got {got}")
        return " ".join(value.split())

    def ident(self, entry: Mapping[str, Any], where: str) -> str:
        value = self.text(entry, "id", where)
        if not ID_PATTERN.match(value):
            self.fail(where, f"id {value!r} must be lower case, dotted, letters, digits and _")
        return value

    def link(self, value: Any, where: str) -> str | None:
        if value is None:
            return None
        try:
            parsed = urlparse(value) if isinstance(value, str) else None
        except ValueError as exc:  # e.g. a bracketed IPv6 host that does not close
            parsed = None
            self.fail(where, f"link {_q(value)} is not a well-formed http(s) address ({exc})")
        if parsed is None or parsed.scheme not in ("http", "https") or "." not in parsed.netloc:
            self.fail(where, f"link {_q(value)} is not a well-formed http(s) address")
        return value

    def phase(self, entry: Mapping[str, Any], n: int) -> Phase:
        where = f"phases entry {n} ({entry.get('id', 'no id')})"
        number = entry.get("number", n)
        if not isinstance(number, int) or isinstance(number, bool):
            self.fail(where, f"number must be a whole number, got {_q(number)}")
        outcomes = entry.get("outcomes", [])
        if not isinstance(outcomes, list) or not all(isinstance(o, str) for o in outcomes):
            self.fail(where, "outcomes must be a list of text")
        return Phase(
            id=self.ident(entry, where),
            number=number,
            title=self.text(entry, "title", where),
            goal=self.text(entry, "goal", where),
            notebooks=self.notebooks(entry, where),
            outcomes=tuple(outcomes),
        )

    def notebooks(self, entry: Mapping[str, Any], where: str) -> tuple[str, ...]:
        """`notebooks = ["03_a.ipynb", ...]`, or one `notebook = "..."` as older roadmaps write it."""
        if "notebook" in entry and "notebooks" in entry:
            self.fail(where, "has both notebook and notebooks; keep notebooks = [...]")
        value = entry.get("notebooks", [entry["notebook"]] if "notebook" in entry else [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.endswith(".ipynb") for v in value):
            self.fail(where, f"notebooks must be a list of .ipynb file names, got {_q(value)}")
        return tuple(value)

    def item(self, entry: Mapping[str, Any], n: int, phase_ids: set[str]) -> Item:
        where = f"items entry {n} ({entry.get('id', 'no id')})"
        item_id = self.ident(entry, where)
        kind = self.text(entry, "kind", where)
        if kind not in KINDS:
            self.fail(where, f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        phase = self.text(entry, "phase", where)
        also_in = entry.get("also_in", [])
        if not isinstance(also_in, list) or not all(isinstance(p, str) for p in also_in):
            self.fail(where, f"also_in must be a list of phase ids, e.g. also_in = [\"p2\"], "
                      f"got {_q(also_in)}")
        for p in [phase, *also_in]:
            if p not in phase_ids:
                self.fail(where, f"unknown phase {p!r}; the phases are {', '.join(sorted(phase_ids))}")
        target = entry.get("target")
        if isinstance(target, str):
            try:
                target = dt.date.fromisoformat(target)
            except ValueError:
                self.fail(where, f"target {target!r} is not a date; write it as YYYY-MM-DD")
        if isinstance(target, dt.datetime):
            target = target.date()
        if target is not None and not isinstance(target, dt.date):
            self.fail(where, f"target {_q(target)} is not a date; write it as YYYY-MM-DD")
        if target is not None and not EARLIEST_TARGET <= target <= LATEST_TARGET:
            self.fail(where, f"target {target} is outside {EARLIEST_TARGET.year} to {LATEST_TARGET.year}; "
                      "is the year mistyped?")
        optional = {k: entry.get(k) for k in ("seed", "group", "description")}
        for key, value in optional.items():
            if value is not None and not isinstance(value, str):
                self.fail(where, f"field {key!r} must be text")
        return Item(
            id=item_id,
            title=self.text(entry, "title", where),
            kind=kind,
            phase=phase,
            link=self.link(entry.get("link"), where),
            target=target,
            also_in=tuple(also_in),
            **optional,
            **self.facts(entry, where),
        )

    def facts(self, entry: Mapping[str, Any], where: str) -> dict[str, Any]:
        """The external-fact fields (status, retires, source, checked...), validated in facts.py."""
        return facts.parse_fields(entry, lambda problem: self.fail(where, problem))

    def unique(self, ids: list[str], what: str) -> None:
        seen: set[str] = set()
        for value in ids:
            if value in seen:
                self.fail(f"{what} entry {value!r}", "duplicate id; each id must be unique")
            seen.add(value)

    def aliases(self, table: Any, ids: set[str]) -> dict[str, str]:
        if not isinstance(table, dict):
            self.fail("[aliases]", "must be a table of \"old.id\" = \"new.id\"")
        flat = self._flatten_aliases(table)
        for old, new in flat.items():
            if new not in ids:
                self.fail(f"[aliases] {old!r}", f"points at {new!r}, which is not an item id")
            if old in ids:
                self.fail(f"[aliases] {old!r}", "is still an item id; an alias must be a retired id")
        return flat

    def _flatten_aliases(self, table: dict[str, Any], prefix: str = "") -> dict[str, str]:
        """`p1.lang.sql = "p1.sql"` without quotes is a TOML table; it means the dotted id all the same."""
        flat: dict[str, str] = {}
        for key, value in table.items():
            old = f"{prefix}{key}"
            if isinstance(value, dict):
                flat.update(self._flatten_aliases(value, old + "."))
            elif isinstance(value, str):
                flat[old] = value
            else:
                self.fail(f"[aliases] {old!r}", f"must point at an item id in quotes, got {_q(value)}")
        return flat


def with_exercises(roadmap: Roadmap, exercises: Iterable[Any]) -> Roadmap:
    """Append each exercise (anything with `.id`, `.title`, `.phase`) to its phase's items.

    Phases the roadmap lacks are left out, and an id the roadmap already declares is not added twice,
    so exercises count in status and charts without being declared in the roadmap file.
    """
    phase_ids = {p.id for p in roadmap.phases}
    known = {i.id for i in roadmap.items}
    extra = [
        Item(id=e.id, title=e.title, kind="exercise", phase=e.phase)
        for e in exercises
        if e.phase in phase_ids and e.id not in known
    ]
    order = {p.id: n for n, p in enumerate(roadmap.phases)}
    items = sorted(
        (*roadmap.items, *extra),
        key=lambda i: (order[i.phase], i.kind == "exercise"),
    )
    return dataclasses.replace(roadmap, items=tuple(items))
