"""Report tables for a narrow screen: stacked, one block of "Field: value" lines per row, below the
width a table needs; kept as they are above it."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from wargame.report.fit import HARD_BREAK, cells, fit_tables, stacked, table_width
from wargame.report.markdown import cell, md, table

GOLDEN = Path(__file__).parent / "golden"

SCORES = "\n".join(
    table(
        ["Capital", "Score", "From track changes", "End bonus", "Plays for (weight × change from the start)"],
        [
            ["Tokyo", "-8", "-8", "+0", "support ×1, cohesion ×1, tension ×4, reputation ×1, interop ×2"],
            ["Washington", "-15", "-15", "+0", "rung ×6, cohesion ×1, tension ×2, interop ×5"],
        ],
    )
)


def tables_in(markdown: str) -> int:
    return sum(token.type == "table_open" for token in MarkdownIt("gfm-like").parse(markdown))


def test_cells_split_at_pipes_that_are_not_escaped() -> None:
    row = "| " + " | ".join([md("a | b"), md("back\\slash"), "`code`", cell("")]) + " |"
    assert cells(row) == [md("a | b"), md("back\\slash"), "`code`", "—"]
    assert cells("| one |") == ["one"]


def test_a_table_too_wide_is_stacked_a_block_per_row() -> None:
    text = f"Before.\n\n{SCORES}\n\nAfter."
    narrow = fit_tables(text, 47)
    assert tables_in(narrow) == 0
    assert narrow.startswith("Before.\n\n") and narrow.endswith("\n\nAfter.")
    blocks = narrow.split("\n\n")[1:-1]
    assert len(blocks) == 2  # one block per row, each its own paragraph
    tokyo = blocks[0].split(HARD_BREAK)
    assert tokyo == [
        "**Capital: Tokyo**",
        "**Score:** -8",
        "**From track changes:** -8",
        "**End bonus:** +0",
        "**Plays for (weight × change from the start):** support ×1, cohesion ×1, tension ×4, reputation ×1, interop ×2",
    ]
    # Markdown reads each block as one paragraph of lines kept apart by hard breaks
    tokens = MarkdownIt("gfm-like").parse(blocks[1])
    inline = next(t for t in tokens if t.type == "inline")
    assert [c.type for c in inline.children or []].count("hardbreak") == 4


def test_a_table_that_fits_is_kept_as_it_was() -> None:
    text = f"Before.\n\n{SCORES}\n\nAfter."
    need = table_width(cells(SCORES.split("\n")[0]), [cells(r) for r in SCORES.split("\n")[2:]])
    assert fit_tables(text, need) == text
    assert fit_tables(text, need - 1) != text


def test_a_viewer_wraps_cells_a_terminal_does_not() -> None:
    header = cells(SCORES.split("\n")[0])
    rows = [cells(r) for r in SCORES.split("\n")[2:]]
    written = table_width(header, rows, wraps=False)
    shown = table_width(header, rows)
    # as written: every cell whole, the widest of each column (here the headers but the last one's cells)
    assert written == len("Washington") + len("Score") + len("From track changes") + len("End bonus") + len(rows[0][4]) + 16
    # in a viewer: headers wrap between words, the long cell down to 20 columns
    assert shown == len("Washington") + len("Score") + len("changes") + len("bonus") + 20 + 16
    assert fit_tables(SCORES, shown) == SCORES
    assert fit_tables(SCORES, shown) == SCORES
    assert tables_in(fit_tables(SCORES, shown, wraps=False)) == 0


def test_escapes_and_code_marks_count_in_a_terminal_but_not_in_a_viewer() -> None:
    escaped = "\n".join(table(["Name", "Value"], [[md("a_b_c_d_e_f_g_h"), "`▁▂▃▄▅▆▇█`"]]))
    assert table_width(cells("| Name | Value |"), [cells(escaped.split("\n")[2])]) == 15 + 8 + 7
    assert table_width(cells("| Name | Value |"), [cells(escaped.split("\n")[2])], wraps=False) == 22 + 10 + 7


def test_a_row_with_fewer_cells_than_the_header_is_stacked_with_what_it_has() -> None:
    assert stacked(["A", "B", "C"], [["1"], ["2", "3"]]) == f"**A: 1**\n\n**A: 2**{HARD_BREAK}**B:** 3"


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.glob("*.md")))
def test_the_golden_reports_at_80_columns_keep_every_cell_and_line(name: str) -> None:
    report = (GOLDEN / name).read_text(encoding="utf-8")
    assert fit_tables(report, 10_000) == report  # wide enough: unchanged
    narrow = fit_tables(report, 47)  # the report viewer's page at 80x24
    assert tables_in(report) > 10
    kept = tables_in(narrow)
    assert kept < 3  # the small tables (the seats) fit; the others are stacked
    lines = report.split("\n")
    stacked_tables = 0
    for i, line in enumerate(lines):
        if line.startswith("|") and i + 1 < len(lines) and lines[i + 1].startswith("|---"):
            header = cells(line)
            end = next((j for j in range(i + 2, len(lines)) if not lines[j].startswith("|")), len(lines))
            rows = [cells(r) for r in lines[i + 2 : end]]
            if table_width(header, rows) > 47:
                stacked_tables += 1
                for row in rows:  # every cell is there, under its column's name
                    assert f"**{header[0]}: {row[0]}**" in narrow
                    for k, value in enumerate(row[1:], 1):
                        assert f"**{header[k]}:** {value}" in narrow, (header[k], value)
    assert stacked_tables == tables_in(report) - kept
    # the text between the tables is untouched
    prose = [line for line in lines if line and not line.startswith("|")]
    narrow_lines = set(narrow.split("\n"))
    assert all(line in narrow_lines for line in prose)
