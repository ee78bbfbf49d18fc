"""What an event may hold: one set of rules for an export being imported, an event being recorded
and a row being read back from the store.

An export is refused at its first bad event, named by its position. A stored row that breaks the
rules (a damaged detail, a time that is not a time) is skipped by the reader, which names it; so a
single bad row never blocks `status` or `export`. Whatever passes can be written back as strict JSON:
no NaN or infinity, no integer longer than Python will print, no lone surrogate.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ImportFormatError

STATUSES = ("todo", "in_progress", "done", "skipped")
COMPLETE = frozenset({"done", "skipped"})
SOURCES = ("cli", "notebook", "check", "import")
EXPORT_FORMAT = "mle-pathway/progress"
EXPORT_VERSION = 1
MAX_IMPORT_BYTES = 64 * 1024 * 1024  # an export of 100,000 events is about 25 MB
MAX_DETAIL_CHARS = 64 * 1024
MAX_DETAIL_DEPTH = 16
MAX_INT_DIGITS = 4300  # Python's own limit for turning an integer into text (and back)
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
ITEM_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")


@dataclass(frozen=True)
class Event:
    time: str
    item: str
    status: str
    source: str
    detail: Mapping[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "time": self.time, "item": self.item, "status": self.status,
            "source": self.source, "detail": dict(self.detail) if self.detail else None,
        }


def now() -> str:
    """The current time as the store writes it: UTC ISO 8601 with microseconds (sorts as text)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def normalise_time(value: str) -> str:
    parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


class _Unwritable:
    """A JSON number that cannot be written back as strict JSON (NaN, Infinity, a huge integer)."""

    def __init__(self, text: str) -> None:
        self.text = text


def _parse_int(text: str) -> int | _Unwritable:
    return _Unwritable(f"an integer of {len(text)} digits") if len(text) > MAX_INT_DIGITS else int(text)


def _parse_float(text: str) -> float | _Unwritable:
    value = float(text)
    return value if math.isfinite(value) else _Unwritable(f"the number {text[:20]}")


def loads_strict(text: str | bytes) -> Any:
    """`json.loads`, with the numbers strict JSON cannot hold kept as markers `check_detail` names."""
    return json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                      parse_constant=lambda name: _Unwritable(name))


def dump_detail(detail: Mapping[str, Any] | None) -> str | None:
    return json.dumps(detail, sort_keys=True, ensure_ascii=False, allow_nan=False) if detail else None


def _q(value: Any, limit: int = 40) -> str:
    """A value quoted for a message, cut short so a huge value never floods it."""
    if isinstance(value, _Unwritable):
        return value.text
    if isinstance(value, int) and not isinstance(value, bool) and len(str(abs(value))) > MAX_INT_DIGITS:
        return "a huge integer"
    text = repr(value) if isinstance(value, (str, int, float, bool, type(None))) else type(value).__name__
    return text if len(text) <= limit else text[:limit] + "…"


def _bad_value(value: Any) -> str | None:
    """Why `value` (no container) cannot be stored as strict JSON, or None when it can."""
    if isinstance(value, _Unwritable):
        return f"{value.text}, which JSON cannot hold exactly"
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        try:
            str(value)
        except ValueError:
            return f"an integer of more than {MAX_INT_DIGITS} digits"
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"the number {value}, which JSON cannot hold"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "text with a lone surrogate (half of a character), which UTF-8 cannot hold"
        return None
    return f"a {type(value).__name__}, which JSON cannot hold"


def check_detail(detail: Any) -> None:
    """Raise ValueError naming the first thing in `detail` that the store would not write back."""
    if not isinstance(detail, dict):
        raise ValueError("detail must be an object or null")
    stack = [(detail, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DETAIL_DEPTH:
            raise ValueError(f"detail is nested deeper than {MAX_DETAIL_DEPTH} levels")
        if isinstance(value, dict):
            for key in value:
                if not isinstance(key, str) or _bad_value(key):
                    raise ValueError(f"detail has a key that is {_bad_value(key) or 'not text'}")
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list | tuple):
            stack.extend((v, depth + 1) for v in value)
        elif (reason := _bad_value(value)) is not None:
            raise ValueError(f"detail holds {reason}")
    if len(dump_detail(detail) or "") > MAX_DETAIL_CHARS:
        raise ValueError(f"detail is longer than {MAX_DETAIL_CHARS} characters")
    hint = detail.get("hint")
    if detail.get("action") == "hint" and (type(hint) is not int or not 1 <= hint <= 100):
        raise ValueError(f"a hint event's detail.hint must be a hint number, got {_q(hint, 40)}")
    attempt = detail.get("attempt")
    if attempt is not None and (type(attempt) is not int or attempt < 1):
        raise ValueError(f"detail.attempt must be a positive whole number, got {_q(attempt, 40)}")


def event_from_row(time: Any, item: Any, status: Any, source: Any, detail: Any) -> Event:
    """A stored row as an Event, or ValueError saying why the row is damaged.

    Rows the workbook wrote always pass; a time without a zone (stores of early versions) reads as UTC.
    """
    try:
        when = normalise_time(time)
    except (TypeError, ValueError):
        raise ValueError(f"its time {_q(time)} is not a date and time") from None
    if not isinstance(item, str) or status not in STATUSES or not isinstance(source, str):
        raise ValueError("its item, status or source is not what the workbook writes")
    if detail is None or detail == "":
        return Event(when, item, status, source, None)
    try:
        data = loads_strict(detail)
    except (TypeError, ValueError, RecursionError):
        raise ValueError("its detail is not JSON") from None
    if data is not None and not isinstance(data, dict):
        raise ValueError(f"its detail is JSON of another shape ({type(data).__name__}, not an object)")
    if data:
        check_detail(data)
    return Event(when, item, status, source, data or None)


def read_export(path: str | Path) -> list[Event]:
    """Read and validate a progress export; raises ImportFormatError naming the first problem.

    Only a regular file is read (a FIFO or a device such as /dev/zero is refused before it can
    hang or fill memory), and at most MAX_IMPORT_BYTES of it.
    """
    source = Path(path)
    try:
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ImportFormatError(f"{source}: file not found") from None
    except OSError as exc:
        raise ImportFormatError(f"{source}: cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ImportFormatError(f"{source}: not a regular file (a folder, pipe or device); "
                                "give the path of a JSON export")
    with os.fdopen(fd, "rb") as f:
        raw = f.read(MAX_IMPORT_BYTES + 1)
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportFormatError(f"{source}: larger than {MAX_IMPORT_BYTES // 2**20} MB; "
                                "that is not an export this workbook wrote")
    try:
        data = loads_strict(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFormatError(f"{source}: not a JSON progress export ({exc})") from None
    except RecursionError:
        raise ImportFormatError(f"{source}: not a progress export (JSON nested too deeply)") from None
    return parse_export(data, source)


def parse_export(data: Any, source: str | Path = "<export>") -> list[Event]:
    """Check every field against what the workbook itself writes; the first problem names its event."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise ImportFormatError(
            f"{source}: not an mle-pathway progress export (format {_q(found, 80)}, "
            f"expected {EXPORT_FORMAT!r}); make one with `pathway export FILE.json`"
        )
    version = data.get("version")
    if type(version) is not int or version != EXPORT_VERSION:
        raise ImportFormatError(
            f"{source}: export version {_q(version, 40)} is not supported "
            f"(this mle-pathway reads version {EXPORT_VERSION}); upgrade mle-pathway"
        )
    raw = data.get("events")
    if not isinstance(raw, list):
        raise ImportFormatError(f"{source}: 'events' must be a list")
    latest = dt.datetime.now(dt.timezone.utc)  # no future time: it would hide every later event
    events = []
    for n, entry in enumerate(raw, 1):
        try:
            events.append(_parse_event(entry, latest))
        except ValueError as exc:
            raise ImportFormatError(f"{source}: event {n} of {len(raw)}: {exc}") from None
    return events


def _parse_event(entry: Any, latest: dt.datetime) -> Event:
    if not isinstance(entry, dict):
        raise ValueError("must be an object")
    missing = [k for k in ("time", "item", "status", "source") if k not in entry]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    when, item, status, source = (entry[k] for k in ("time", "item", "status", "source"))
    if not isinstance(when, str):
        raise ValueError(f"time must be ISO 8601 text, got {type(when).__name__}")
    try:
        parsed = dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"time {_q(when)} is not an ISO 8601 date and time") from None
    if parsed.tzinfo is None:
        raise ValueError(f"time {_q(when)} has no timezone (the workbook writes +00:00)")
    if not EARLIEST <= parsed <= latest:
        raise ValueError(f"time {_q(when)} is outside {EARLIEST.year} to now (a time still to come "
                         "would hide every event recorded before it; check the clock that wrote it)")
    if not isinstance(item, str) or len(item) > 200 or not ITEM_PATTERN.match(item):
        raise ValueError(f"item must be an id such as 'p1.lang.python', got {_q(item, 60)}")
    if not isinstance(status, str) or status not in STATUSES:
        raise ValueError(f"unknown status {_q(status, 40)}; use one of: {', '.join(STATUSES)}")
    if not isinstance(source, str) or source not in SOURCES:
        raise ValueError(f"unknown source {_q(source, 40)}; use one of: {', '.join(SOURCES)}")
    detail = entry.get("detail")
    if detail is not None:
        check_detail(detail)
    return Event(parsed.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"),
                 item, status, source, detail or None)
