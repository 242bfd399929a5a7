"""Markdown for the report: text shown literally, tables and paragraphs.

Text from decks and players goes in literally: `md` escapes what Markdown
would read as markup (and the `|` that would split a table cell), and turns
line breaks into spaces.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

#: strikethrough, and the starts of HTML tags, autolinks and entities
_MARKUP = re.compile(r"[\\`*_\[\]|~]|<(?=[A-Za-z/!?])|&(?=[#A-Za-z0-9])")
#: what Markdown reads as markup only at the start of a line: lists, headings, quotes, rules
_LINE_START = re.compile(r"^(?:[-+=>#]|\d+(?=[.)]))")
#: control characters (line breaks aside, which become spaces) would reach the reader's terminal
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1b\x7f-\x84\x86-\x9f]")


def md(text: object) -> str:
    """Text shown literally in Markdown: markup escaped, `|` safe in tables, one line."""
    flat = " ".join(_CONTROL.sub("\ufffd", str(text)).split())
    escaped = _MARKUP.sub(lambda m: "\\" + m.group(0), flat)
    start = _LINE_START.match(escaped)
    if start is None:
        return escaped
    if start.group(0)[0].isdigit():
        n = start.end()
        return escaped[:n] + "\\" + escaped[n:]
    return "\\" + escaped


def code(text: str) -> str:
    """An identifier in a code span (ids are plain; anything else falls back to `md`)."""
    if not text or "`" in text or "|" in text or text != text.strip():
        return md(text)
    return f"`{text}`"


def quoted(text: str) -> str:
    """A rationale in quotation marks, or a plain note that none was given."""
    return f"“{md(text)}”" if text.strip() else "no rationale given"


def cell(text: str) -> str:
    """A table cell that is never empty: an empty text shows as a dash."""
    return md(text) if str(text).strip() else "—"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GitHub-flavoured Markdown table; cells must already be escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def paragraph(lines: list[str]) -> str:
    """Lines kept apart by Markdown hard breaks (a backslash at the end of a line)."""
    return "\\\n".join(lines)


def joined(lines: list[str]) -> str:
    """A section's lines as one Markdown string."""
    return "\n".join(lines)
