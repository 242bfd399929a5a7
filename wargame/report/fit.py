"""Report tables for a narrow screen: a table too wide for it becomes one block of lines per row.

A Markdown table squeezed into 80 columns shows every cell cut short
(`│ Capital │ Sco… │ chang… │`). Below the width a table needs, each row
is shown instead as a block of "Field: value" lines, its first line in
bold so each record stands out. Only the layout changes: the cells are the
table's own Markdown, already escaped by `markdown.md`. The report itself
(a file, `wargame report -o`) keeps its tables; the TUI viewer and a
terminal of that width lay them out here.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Sequence

#: the separator row under a table's header: `|---|:---:|`
_SEPARATOR = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+\s*$")
#: a backslash escape, as `markdown.md` writes them
_ESCAPE = re.compile(r"\\(.)")
#: a hard line break that keeps the source readable in a terminal (two trailing spaces)
HARD_BREAK = "  \n"
#: the narrowest a viewer's column of text may be wrapped before its table is stacked instead
NARROWEST = 20


def cells(line: str) -> list[str]:
    """A table row's cells: split at each `|` that is not escaped, outer pipes dropped."""
    found: list[str] = []
    current: list[str] = []
    chars = iter(line.strip().removeprefix("|"))
    for char in chars:
        if char == "\\":
            current.append(char + next(chars, ""))
        elif char == "|":
            found.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    rest = "".join(current).strip()
    if rest:
        found.append(rest)
    return found


def columns(text: str) -> int:
    """Terminal columns of `text`: wide (East Asian) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def shown_text(cell: str) -> str:
    """A cell as a Markdown viewer shows it: escapes and code marks take no room."""
    return _ESCAPE.sub(r"\1", cell.replace("`", ""))


def longest_word(text: str) -> int:
    return max((columns(word) for word in text.split()), default=0)


def column_need(header: str, body: Sequence[str], *, wraps: bool) -> int:
    """The columns one column of a table needs.

    Written out (`wraps` False, a terminal) a cell takes its whole width.
    In a viewer a header wraps between its words, and so does a cell, but a
    column of text is not squeezed below `NARROWEST`: a column of prose in
    ten columns is as hard to read as one cut short.
    """
    if not wraps:
        return max(columns(c) for c in [header, *body])
    shown = [shown_text(c) for c in body]
    widest = max((columns(c) for c in shown), default=0)
    words = max([longest_word(shown_text(header)), *(longest_word(c) for c in shown)])
    return max(words, min(widest, NARROWEST))


def table_width(header: Sequence[str], rows: Sequence[Sequence[str]], *, wraps: bool = True) -> int:
    """The columns a table needs to show every cell whole: each column's need, a space either
    side of it, and a rule between columns and at each edge."""
    count = max([len(header), *(len(r) for r in rows)])
    need = 0
    for i in range(count):
        name = header[i] if i < len(header) else ""
        need += column_need(name, [r[i] for r in rows if i < len(r)], wraps=wraps)
    return need + 3 * count + 1


def stacked(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Each row as a paragraph of "Field: value" lines (the first in bold), a blank line between rows."""
    blocks = []
    for row in rows:
        lines = []
        for i, value in enumerate(row):
            name = header[i] if i < len(header) else ""
            if i == 0:
                lines.append(f"**{name}: {value}**" if name else f"**{value}**")
            else:
                lines.append(f"**{name}:** {value}" if name else value)
        blocks.append(HARD_BREAK.join(lines))
    return "\n\n".join(blocks)


def fit_tables(markdown: str, width: int, *, wraps: bool = True) -> str:
    """`markdown` with each table that needs more than `width` columns stacked, the rest as it was.

    `wraps`: the Markdown goes to a viewer, which wraps cells (the TUI); without
    it, to a reader of the Markdown as written (a terminal), where a row is one line."""
    lines = markdown.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("|") and i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1]):
            end = i + 2
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            header = cells(line)
            rows = [cells(row) for row in lines[i + 2 : end]]
            if rows and table_width(header, rows, wraps=wraps) > width:
                out.append(stacked(header, rows))
            else:
                out.extend(lines[i:end])
            i = end
            continue
        out.append(line)
        i += 1
    return "\n".join(out)
