"""Reading a report back: its sections, its decision lines, and its tables cell by cell."""

from __future__ import annotations

import re

from wargame.report import md


def section(report: str, title: str) -> str:
    """The text of the `## title` section (up to the next `## `)."""
    start = report.index(f"\n## {title}\n")
    end = report.find("\n## ", start + 1)
    return report[start : end if end >= 0 else len(report)]


def subsection(text: str, title: str) -> str:
    """The text of the `### title` part of a section (up to the next `### ` or `## `)."""
    start = text.index(f"\n### {title}\n")
    ends = [i for i in (text.find("\n### ", start + 1), text.find("\n## ", start + 1)) if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def decision_lines(report: str) -> dict[int, list[str]]:
    """Timeline lines that open a decision ("**#12** ..."), by decision number."""
    found: dict[int, list[str]] = {}
    for line in report.splitlines():
        m = re.match(r"\*\*#(\d+)\*\* ", line)
        if m:
            found.setdefault(int(m.group(1)), []).append(line)
    return found


def split_cells(line: str) -> list[str]:
    """A table row's cells, splitting on `|` that Markdown would split on (not on escaped ones)."""
    cells, current, i = [], "", 0
    body = line.strip()
    assert body.startswith("|") and body.endswith("|"), line
    body = body[1:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            current += body[i : i + 2]
            i += 2
            continue
        if ch == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += ch
        i += 1
    cells.append(current.strip())
    return cells


def tables(report: str) -> list[list[list[str]]]:
    """Every table as rows of cells (the header first, the separator left out)."""
    found: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in report.splitlines():
        if line.startswith("|"):
            if current is None:
                current = []
                found.append(current)
            if re.fullmatch(r"\|(---\|)+", line):
                continue
            current.append(split_cells(line))
        else:
            current = None
    return found


def shown(text: str) -> str:
    """How the report writes a piece of deck or player text."""
    return md(text)
