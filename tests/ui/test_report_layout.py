"""The report viewer fits its tables to the page: stacked below the width a table needs, a table
above it, laid out again when the terminal is resized; no table cell is ever cut short."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownTable, MarkdownTableCellContents

from wargame.ui.screens.report import ReportScreen

from .conftest import make_app, screen_text, until
from .test_report_view import finished_game


def page_lines(app) -> list[str]:
    box = app.screen.query_one("#report-scroll").content_region
    return [line[box.x : box.right] for line in screen_text(app).split("\n")[box.y : box.bottom]]


def settled(viewer: ReportScreen) -> bool:
    """The page on screen is the one wanted, fitted to the page's width, and fully mounted."""
    return viewer.current >= 0 and not viewer.laying_out and viewer.laid_out == viewer.wanted


def tables(viewer: ReportScreen) -> int:
    return len(viewer.query_one("#report-md", Markdown).query(MarkdownTable))


async def test_tables_are_stacked_at_80_columns_and_come_back_when_the_terminal_widens(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = ReportScreen(finished_game())
        app.push_screen(viewer)
        await until(pilot, lambda: settled(viewer), "the first page")
        scores = next(i for i, p in enumerate(viewer.pages) if p.title == "End and scores")
        viewer.show(scores)
        await until(pilot, lambda: settled(viewer) and "Capital: Tokyo" in "\n".join(page_lines(app)), "the scores, stacked")
        assert tables(viewer) == 0
        text = "\n".join(page_lines(app))
        assert "Score:" in text and "Plays for (weight × change from the start):" in " ".join(text.split())
        await pilot.resize_terminal(160, 40)
        await until(pilot, lambda: settled(viewer) and tables(viewer) == 1, "the scores as a table at 160 columns")
        await until(pilot, lambda: any("│ Capital" in line for line in page_lines(app)), "the table drawn")
        assert viewer.current == scores
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: settled(viewer) and tables(viewer) == 0, "the scores stacked again at 80 columns")
        viewer.query_one("#report-scroll").focus()
        await pilot.press("c")  # the contents hidden: the page's whole width is enough for the table
        await until(pilot, lambda: settled(viewer) and tables(viewer) == 1, "the scores as a table without the contents")
        await pilot.press("c")
        await until(pilot, lambda: settled(viewer) and tables(viewer) == 0, "the scores stacked with the contents back")


@pytest.mark.parametrize("size, least", [((80, 24), 1), ((120, 40), 3)])
async def test_no_table_on_any_page_has_a_cell_cut_short(tmp_path: Path, size: tuple[int, int], least: int) -> None:
    """The width a table is kept at is one where Textual shows every cell whole."""
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        viewer = ReportScreen(finished_game())
        app.push_screen(viewer)
        await until(pilot, lambda: settled(viewer), "the first page")
        kept = 0
        for index in range(len(viewer.pages)):
            viewer.show(index)
            await until(pilot, lambda: settled(viewer) and viewer.current == index, f"page {index + 1}")
            md = viewer.query_one("#report-md", Markdown)
            await until(pilot, lambda: all(c.size.width for c in md.query(MarkdownTableCellContents)), "the tables laid out")
            for table in md.query(MarkdownTable):
                kept += 1
                for cell in table.query(MarkdownTableCellContents):
                    # a cell wraps between words: it is cut short only where a word is wider than the cell
                    words = str(getattr(cell.content, "plain", cell.content)).split()
                    longest = max((cell_len(w) for w in words), default=0)
                    assert longest <= cell.content_region.width, (viewer.pages[index].title, words)
        assert kept >= least  # at 80 columns the seats' table fits; at 120 the scores and tracks too
