"""How results look: a coloured banner in Jupyter, plain text in a terminal."""

from __future__ import annotations

import html
import re

_STYLES = {
    "correct": ("#1b5e20", "#e8f5e9", "#43a047", "✅ Correct"),
    "incorrect": ("#b71c1c", "#ffebee", "#e53935", "❌ Not yet"),
    "incomplete": ("#8a5a00", "#fff8e1", "#ffb300", "✏️ Incomplete"),
    "skipped": ("#424242", "#f5f5f5", "#9e9e9e", "⏭️ Skipped"),
    "hint": ("#0d47a1", "#e3f2fd", "#1e88e5", "💡 Hint"),
    "solution": ("#4a148c", "#f3e5f5", "#8e24aa", "📖 Solution"),
    "info": ("#263238", "#eceff1", "#78909c", "ℹ️"),
}


def inline_markup(text: str) -> str:
    """Escape text for HTML, keeping `code` and **bold** from the plain-text messages."""
    out = html.escape(text)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    return re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", out)


def banner(kind: str, message: str, *, label: str | None = None, code: str | None = None,
           details: str = "") -> str:
    """One coloured box; `code` (a solution) goes in a preformatted block below the message,
    `details` (a traceback) in a closed fold, so the message stays one readable line."""
    fg, bg, edge, default = _STYLES[kind]
    body = f"<b>{html.escape(label or default)}</b>"
    if message:
        body += f": {inline_markup(message)}" if not code else f"<div>{inline_markup(message)}</div>"
    if code:
        body += (
            "<pre style='margin:6px 0 0;padding:6px;background:#fff;border-radius:4px;"
            f"white-space:pre-wrap'>{html.escape(code)}</pre>"
        )
    if details:
        body += (
            "<details style='margin-top:4px'><summary>details</summary><pre style='margin:4px 0 0;"
            f"padding:6px;background:#fff;border-radius:4px;white-space:pre-wrap'>{html.escape(details)}"
            "</pre></details>"
        )
    return (
        f"<div style='color:{fg};background:{bg};border-left:6px solid {edge};"
        f"padding:8px 12px;margin:4px 0;border-radius:4px;font-family:sans-serif;"
        f"line-height:1.45'>{body}</div>"
    )


def plain(kind: str, message: str, *, label: str | None = None, details: str = "") -> str:
    text = f"{label or _STYLES[kind][3]}: {message}" if message else (label or _STYLES[kind][3])
    return text + (f"\n\ndetails:\n{details}" if details else "")
