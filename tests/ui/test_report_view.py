"""The after-action report in the TUI: a Markdown viewer, one section (or part of one) at a time."""

from __future__ import annotations

from pathlib import Path

from attrs import evolve

from wargame.decks import load_deck
from wargame.engine import legal_actions
from wargame.report import report_sections
from wargame.session import Session
from wargame.ui.screens.end import EndScreen
from wargame.ui.screens.report import PAGE_LIMIT, ReportScreen, pages_of, split_block

from .conftest import UI_DECK, make_app, screen_text, until

MARKUP = "[b]why[/b] *not* `this` | that_one"


def finished_game(seed: int = 2, rationale: str = MARKUP) -> Session:
    """A game to its end: Tokyo at the keyboard (always the first open choice, with `rationale`), bots elsewhere."""
    seats = {"tokyo": "human", "washington": "random", "beijing": "random", "facilitator": "off"}
    session = Session.new(load_deck(UI_DECK), seed=seed, seats=seats)
    while not session.state.over:
        for _ in session.run_automatic():
            pass
        if session.human_movers():
            action = next(a for a in legal_actions(session.state, "tokyo") if a.allowed)
            session.act(action.with_rationale(rationale))
    return session


def shown_in(app, selector: str) -> str:
    """The text shown inside one widget, wrapped lines joined, runs of spaces as one."""
    box = app.screen.query_one(selector).content_region
    lines = screen_text(app).split("\n")[box.y : box.bottom]
    return " ".join(" ".join(line[box.x : box.right] for line in lines).split())


async def test_end_screen_opens_the_report_a_page_at_a_time(tmp_path: Path) -> None:
    session = finished_game()
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.play(session)
        await until(pilot, lambda: isinstance(app.screen, EndScreen) and "r read it" in screen_text(app), "the end screen")
        end = app.screen
        await pilot.press("r")
        await pilot.pause()
        viewer = app.screen
        assert isinstance(viewer, ReportScreen)
        toc = shown_in(app, "#report-toc")
        for title in ("Scenario and seats", "End and scores", "What the limits forbade", "Timeline", "Turn 1 of 4"):
            assert title in toc
        assert "After-action report: UI test deck" in shown_in(app, "#report-scroll")
        assert "page 1/" in app.screen.sub_title
        await pilot.press("n")
        await pilot.pause()
        page = shown_in(app, "#report-scroll")
        assert "Scenario and seats" in page and "Played by" in page and "bot (random)" in page
        assert "page 2/" in viewer.sub_title
        await pilot.press("p", "p")  # not before the first page
        await pilot.pause()
        assert viewer.current == 0
        # the first turn of the timeline, chosen in the contents: player text shown literally
        turn = next(i for i, p in enumerate(viewer.pages) if p.title.startswith("Turn 1 of 4"))
        await pilot.press(*["down"] * turn)
        await pilot.pause()
        assert viewer.current == turn and viewer.pages[turn].level == 1
        await pilot.press("enter", "end")  # into the page, to its end: the decisions step by step
        await pilot.pause()
        page = shown_in(app, "#report-scroll")
        assert f"rationale: “{MARKUP}”" in page
        width = viewer.query_one("#report-scroll").size.width
        await pilot.press("c")  # the contents hidden: the page has the whole width
        await pilot.pause()
        assert not viewer.query_one("#report-toc").display
        assert viewer.query_one("#report-scroll").size.width > width
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is end


def test_a_long_section_is_split_at_its_subheadings_and_loses_nothing() -> None:
    session = finished_game(seed=3)
    for section in report_sections(session):
        pages = pages_of(section.title, section.markdown)
        assert pages[0].title == section.title and pages[0].level == 0
        shown = "\n".join(p.markdown for p in pages)
        for line in section.markdown.splitlines():
            assert line.removesuffix("\\") in shown, (section.title, line)
        if section.title == "Timeline":
            assert [p.title.split(":")[0] for p in pages[1:]] == [f"Turn {t} of 4" for t in range(1, len(pages))]
            assert all(p.level == 1 and p.markdown.startswith("### Turn") for p in pages[1:])


def test_a_page_too_long_is_cut_between_list_items_and_table_rows() -> None:
    items = "\n".join(f"{n}. question {n} " + "x" * 80 for n in range(1, 301))
    pages = pages_of("Hotwash questions", "## Hotwash questions\n\nIntro.\n\n" + items)
    assert len(pages) > 1 and all(len(p.markdown) <= PAGE_LIMIT + 100 for p in pages)
    assert pages[1].title == "Hotwash questions (part 2)"
    for page in pages[1:]:
        assert page.markdown.split("\n", 1)[0].split(".")[0].isdigit()  # a part starts with an item
    table = "| a | b |\n|---|---|\n" + "\n".join(f"| {n} | {'y' * 60} |" for n in range(400))
    parts = split_block(table, 5_000)
    assert len(parts) > 1
    for part in parts:
        assert part.startswith("| a | b |\n|---|---|\n")  # each part keeps the table's header
    assert sum(len(part.split("\n")) - 2 for part in parts) == 400  # every row, once


async def test_a_log_that_does_not_replay_is_one_line_not_a_crash(tmp_path: Path) -> None:
    session = finished_game()
    session.log = [evolve(d, action=d.action.with_rationale(d.action.rationale)) for d in session.log[1:]]
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ReportScreen(session))
        await pilot.pause()
        text = shown_in(app, "#report-scroll")
        assert "No report: decision 2 (washington respond) does not replay" in text
        await pilot.press("n", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReportScreen)
