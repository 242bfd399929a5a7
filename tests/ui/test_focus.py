"""Focus is plain to see, in textual-dark and textual-light: a focused field stands out from the others
(Textual's own tint of a compact field was one step of grey), and its text stays readable."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from textual.color import Color
from textual.widget import Widget
from textual.widgets import Button, Input

from wargame.ui.screens.game import GameScreen
from wargame.ui.screens.report import ReportScreen
from wargame.ui.screens.setup import SetupScreen

from .conftest import make_app, until
from .test_report_view import finished_game

THEMES = ("textual-dark", "textual-light")


def style_at(app, x: int, y: int) -> Style:
    """The style of one cell of the screen as drawn."""
    strip = app.screen._compositor.render_strips()[y]
    at = 0
    for segment in strip:
        if at + len(segment.text) > x:
            return segment.style or Style()
        at += len(segment.text)
    raise AssertionError(f"no cell at {x},{y}")


def char_at(app, x: int, y: int) -> str:
    return app.screen._compositor.render_strips()[y].text[x]


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    """The WCAG contrast ratio of two colours (1 the same, 21 black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def background(app, x: int, y: int) -> Color:
    return Color.from_rich_color(style_at(app, x, y).bgcolor)


async def focused_and_not(pilot, app, widget: Widget, x: int, y: int) -> tuple[Color, Color]:
    """The background at (x, y) with `widget` blurred, then focused."""
    app.screen.set_focus(None)
    await until(pilot, lambda: app.screen.focused is None, "nothing focused")
    await pilot.pause()
    blurred = background(app, x, y)
    widget.focus()
    await until(pilot, lambda: widget.has_focus, f"{widget!r} focused")
    await until(pilot, lambda: background(app, x, y) != blurred, f"{widget!r} drawn focused")
    return blurred, background(app, x, y)


@pytest.mark.parametrize("theme", THEMES)
async def test_the_focused_field_of_the_setup_form_stands_out(tmp_path: Path, theme: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        app.push_screen(SetupScreen(app.settings))
        await until(pilot, lambda: isinstance(app.screen, SetupScreen) and app.screen.focused is not None, "the setup form")
        screen = app.screen
        for selector in ("#scenario", "#deck-file", "#turns", "#seed", "#seat-tokyo"):
            field = screen.query_one(selector)
            region = field.region
            x, y = region.right - 4, region.y  # a blank cell of the field, clear of its text and cursor
            blurred, focused = await focused_and_not(pilot, app, field, x, y)
            assert contrast(blurred, focused) >= 1.8, (theme, selector, blurred.hex, focused.hex)
        seed = screen.query_one("#seed", Input)
        seed.focus()
        await until(pilot, lambda: seed.has_focus, "the seed focused")
        await pilot.press("end")  # the value no longer selected: its own colours
        await until(pilot, lambda: seed.selection.is_empty, "the seed's text unselected")
        text = style_at(app, seed.region.x, seed.region.y)
        assert contrast(Color.from_rich_color(text.color), Color.from_rich_color(text.bgcolor)) >= 4.5, theme


@pytest.mark.parametrize("theme", THEMES)
async def test_a_focused_button_is_drawn_reversed(tmp_path: Path, theme: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        app.push_screen(SetupScreen(app.settings))
        await until(pilot, lambda: isinstance(app.screen, SetupScreen) and app.screen.focused is not None, "the setup form")
        seed = app.screen.query_one("#seed", Input)
        for selector in ("#start", "#back"):
            button = app.screen.query_one(selector, Button)
            seed.focus()
            await until(pilot, lambda: seed.has_focus, "the seed focused")
            await until(pilot, lambda: not style_at(app, button.region.x + 2, button.region.y).reverse, f"{selector} drawn blurred")
            button.focus()
            await until(pilot, lambda: button.has_focus and style_at(app, button.region.x + 2, button.region.y).reverse, f"{selector} drawn focused")


@pytest.mark.parametrize("theme", THEMES)
async def test_the_rationale_field_stands_out_when_focused(tmp_path: Path, theme: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        app.start_game(app.settings)
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo", "Tokyo's choice")
        field = app.screen.query_one("#rationale", Input)
        blurred, focused = await focused_and_not(pilot, app, field, field.region.right - 2, field.region.y)
        assert contrast(blurred, focused) >= 1.8, (theme, blurred.hex, focused.hex)


async def test_the_report_page_shows_when_it_has_the_keys(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = ReportScreen(finished_game())
        app.push_screen(viewer)
        await until(pilot, lambda: viewer.current == 0 and viewer.focused is not None, "the report")
        page = viewer.query_one("#report-scroll")
        x, y = page.region.x, page.region.y + 1
        assert viewer.focused is viewer.query_one("#report-toc") and char_at(app, x, y) == " "
        await pilot.press("tab")
        await until(pilot, lambda: page.has_focus and char_at(app, x, y) == "▌", "the mark at the page's edge")
        await pilot.press("tab")
        await until(pilot, lambda: char_at(app, x, y) == " ", "the mark gone with the focus")
