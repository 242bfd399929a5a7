"""What a player or facilitator notices: keys in the footer that work, text that fits at 80x24, keys documented."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from wargame.ui.help_text import KEY_ROWS
from wargame.ui.screens.end import EndScreen
from wargame.ui.screens.game import GameScreen

from .conftest import make_app, screen_text, until
from .test_white_cell import flat, until_console, white_cell_app

README = Path(__file__).resolve().parents[2] / "README.md"


def footer_text(app: App) -> str:
    """The footer row (the last line of the screen)."""
    return screen_text(app).rstrip("\n").splitlines()[-1]


def test_the_help_keys_and_the_readme_keys_are_the_same_table() -> None:
    """The README's "Playing" key table is the help screen's Keys tab, row for row."""
    lines = README.read_text(encoding="utf-8").splitlines()
    header = lines.index("| key | where | what |")
    table = []
    for line in lines[header + 2 :]:
        if not line.startswith("| "):
            break
        table.append(tuple(cell.strip() for cell in line.strip("|").split(" | ")))
    assert tuple(table) == KEY_ROWS
    assert ("a", "game", "what if? roll out every open response of the seat choosing (s keeps the figures so far, c cancels, Escape closes)") in KEY_ROWS


async def test_the_footer_shows_what_if_while_a_seat_chooses_and_skip_only_while_bots_move(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=3, tokyo="random", washington="human")
    app.pace = 30.0  # only Space moves the game on
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.timer is not None, "the bots' paced move")
        game = app.screen
        assert isinstance(game, GameScreen)
        await until(pilot, lambda: "Skip ahead" in footer_text(app), "the footer of a bot's move")
        footer = footer_text(app)
        assert "What if?" not in footer
        await pilot.press("space")
        await until(pilot, lambda: game.acting == "washington" and "What if?" in footer_text(app), "Washington to choose")
        assert game.timer is None
        footer = footer_text(app)
        assert "What if?" in footer and "Skip ahead" not in footer
        for label in ("Log", "Back", "Help", "Quit", "palette"):
            assert label in footer, (label, footer)


async def footer_fits(pilot, app: App, where: str) -> None:
    """Wait until the footer is drawn with every key it should show; fail naming those cut off."""
    try:
        await until(pilot, lambda: footer_text(app).strip() and not footer_misses(app), f"the footer of {where}", seconds=30)
    except AssertionError:
        assert footer_misses(app) == [], (where, footer_text(app))


def footer_misses(app: App) -> list[str]:
    """The labels of the keys the footer should show (shown and enabled now) that the 80 columns cut off."""
    row = footer_text(app)
    missing, seen = [], set()
    for _node, binding, enabled, _tip in app.screen.active_bindings.values():
        if not (binding.show and enabled) or binding.action in seen:
            continue
        seen.add(binding.action)  # keys of one action share a label
        label = binding.group.description if binding.group is not None else binding.description
        if label not in row:
            missing.append(label)
    return missing


async def test_every_footer_fits_at_80_columns(tmp_path: Path) -> None:
    """Title, help, decks, setup, game, adjudication, end, report, replay and log: no key cut off."""
    app = make_app(tmp_path, seed=2)
    seen: list[str] = []

    async def check(pilot) -> None:
        await pilot.pause()
        seen.append(type(app.screen).__name__)
        await footer_fits(pilot, app, seen[-1])

    async with app.run_test(size=(80, 24)) as pilot:
        await check(pilot)
        for key in ("f1", "d", "n"):
            await pilot.press(key)
            await check(pilot)
            if key != "n":
                await pilot.press("escape")
        await pilot.press("enter")
        for _ in range(60):
            await check(pilot)
            if isinstance(app.screen, EndScreen):
                break
            await pilot.press("enter")
        assert isinstance(app.screen, EndScreen)
        for key in ("r", "p", "l"):
            await pilot.press(key)
            await check(pilot)
            await pilot.press("escape")
    assert {"TitleScreen", "HelpScreen", "DecksScreen", "SetupScreen", "GameScreen", "AdjudicationScreen"} <= set(seen)
    assert {"EndScreen", "ReportScreen", "ReplayScreen", "LogScreen"} <= set(seen)


async def test_the_white_cell_footer_fits_at_80_columns_on_every_tab_in_review(tmp_path: Path) -> None:
    app = white_cell_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await pilot.pause()
        console = await until_console(pilot, app)
        assert {"override", "set_track"} <= {c.kind for c in console.commands}  # the review: the most keys
        for _tab in range(3):
            await footer_fits(pilot, app, "the white cell's review")
            row = footer_text(app)
            assert "Override" in row and "Track" in row
            await pilot.press("right")
            await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert "f fire · d delay · s skip" in screen_text(app)  # the MSEL tab names its keys


async def test_a_resumed_game_shows_the_log_of_what_came_before(tmp_path: Path) -> None:
    """Resume rebuilds the running log from the save: the same lines the table saw, then where it resumed."""
    from wargame import saves
    from wargame.logbook import replayed

    from .test_play import play_to_end

    for seats in ({}, {"tokyo": "random", "facilitator": "human"}):
        app = make_app(tmp_path / str(len(seats)), seed=4, **seats)
        async with app.run_test(size=(80, 24)) as pilot:
            app.start_game(app.settings)
            await pilot.pause()
            await play_to_end(pilot, app)
            session = app.session
            live = list(app.logbook.entries)
        assert any("chose, sealed" in e.text for e in live) and any(e.kind == "reveal" for e in live)
        resumed = saves.load(session.save_path)
        rebuilt = replayed(resumed).entries
        assert rebuilt[:-1] == live
        assert rebuilt[-1].text == f"Resumed after {len(session.log)} decisions"


async def test_the_log_of_a_resumed_game_in_the_tui(tmp_path: Path) -> None:
    from wargame import saves
    from wargame.ui.screens.log import LogScreen

    app = make_app(tmp_path, seed=2)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await pilot.pause()
        await pilot.press("tab", *"[b]first[/b] 🚢", "enter")  # Tokyo's first response, then the adjudication
        await pilot.pause()
        path = app.session.save_path
    app = make_app(tmp_path, seed=2)
    async with app.run_test(size=(80, 24)) as pilot:
        app.play(saves.load(path))
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        await pilot.press("home")
        await pilot.pause()
        text = screen_text(app)
        assert "Turn 1 of 4" in text and "Event card: Minesweeping in the Strait of Hormuz" in text
        await pilot.press("end")
        await pilot.pause()
        assert "[b]first[/b] 🚢" in screen_text(app) and "Resumed after" in screen_text(app)


async def test_the_decks_screen_indents_each_description_as_a_block(tmp_path: Path) -> None:
    from wargame.decks import bundled_decks

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        lines = [line.rstrip() for line in screen_text(app).split("\n")[3:-1] if line.strip()]
    ids = {deck.id for deck in bundled_decks()}
    assert {line.split()[0] for line in lines if not line.startswith("    ")} == ids  # the rest is indented
    assert len(lines) <= 3 * len(ids)  # a sentence or clause each, not a paragraph


async def test_help_pages_scroll_by_keys_and_left_right_change_tab(tmp_path: Path) -> None:
    from textual.containers import VerticalScroll
    from textual.widgets import TabbedContent

    from wargame.ui.screens.help import HelpScreen

    app = make_app(tmp_path)
    app.animation_level = "none"  # scroll at once
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        await until(pilot, lambda: "←→ Tab" in footer_text(app), "the help's footer")
        for tab in ("rules", "ladder", "glossary", "keys"):
            await pilot.pause()
            assert help_screen.query_one(TabbedContent).active == tab
            page = help_screen.query_one(f"#{tab}-scroll", VerticalScroll)
            assert app.focused is page and page.max_scroll_y > 0  # longer than the screen at 80x24
            await pilot.press("pagedown", "down")
            await pilot.pause()
            assert page.scroll_y > 0
            await pilot.press("end")
            await pilot.pause()
            assert page.scroll_y == page.max_scroll_y
            await pilot.press("right")
        await pilot.pause()
        assert help_screen.query_one(TabbedContent).active == "rules"
        await pilot.press("left")
        await pilot.pause()
        assert help_screen.query_one(TabbedContent).active == "keys"


async def test_a_long_analysis_scrolls_between_its_title_and_its_keys_at_80x24(tmp_path: Path, monkeypatch) -> None:
    from wargame.ui.dialogs import analysis as dialog_module
    from wargame.ui.dialogs.analysis import AnalysisDialog

    monkeypatch.setattr(dialog_module, "MOST_EACH", 12)
    monkeypatch.setattr(dialog_module, "FEWEST_EACH", 2)
    monkeypatch.setattr(dialog_module, "default_jobs", lambda: 1)
    app = make_app(tmp_path, deck="era-2013", seed=11)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await pilot.pause()
        game = app.screen
        while game.session.state.phase != "policy" or game.acting != "tokyo":  # many policies, many closed
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, AnalysisDialog)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "What happens if Tokyo chooses this?" in text and "Escape close" in text and "score" in text
        assert "rung legal rung" not in text  # the legend is further down
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "rung legal rung" in text and "Escape close" in text and "What happens if" in text


async def test_how_a_game_ended_is_said_in_words_not_codes(tmp_path: Path, capsys) -> None:
    """The save list, the replay and `inspect` say "last turn", not "last_turn" (the JSON keeps the code)."""
    import json
    import random

    from tests.conftest import MINI, random_move
    from wargame import saves
    from wargame.cli import main
    from wargame.decks import load_deck
    from wargame.session import Session
    from wargame.ui.saving import save_label
    from wargame.ui.screens.replay import ReplayScreen

    session = Session.new(load_deck(MINI), seed=1, seats={"tokyo": "random", "washington": "random", "beijing": "random", "facilitator": "off"}, turns=2, save_path=tmp_path / "g.toml")
    rng = random.Random(1)
    while not session.state.over:
        session.act(random_move(session.state, rng))
    reason = session.state.end_reason
    assert "_" in reason or reason == "war"  # every game of 2 turns ends on the last one unless a war comes first
    words = reason.replace("_", " ")
    (summary,) = saves.list_saves(tmp_path)
    assert f"over ({words})" in save_label(summary)
    assert main(["inspect", str(tmp_path / "g.toml")]) == 0
    assert f"game over ({words})" in capsys.readouterr().out
    assert main(["inspect", str(tmp_path / "g.toml"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["end_reason"] == reason
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ReplayScreen(tmp_path / "g.toml"))
        await pilot.pause()
        assert f"game over ({words})" in flat(app, "#replay-where")


async def test_the_white_cell_footer_says_resume_while_the_game_is_paused(tmp_path: Path) -> None:
    from wargame.ui.screens.facilitator import FacilitatorScreen

    app = white_cell_app(tmp_path, tokyo="human")
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen)
        await until(pilot, lambda: "p Pause" in footer_text(app), "the white cell's footer")
        assert "Resume" not in footer_text(app)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"questions", "enter")
        await pilot.pause()
        assert app.session.state.paused and isinstance(app.screen, FacilitatorScreen)
        await until(pilot, lambda: "p Resume" in footer_text(app), "the paused white cell's footer")
        assert "Pause" not in footer_text(app)
        await pilot.press("p")  # the same key resumes
        await pilot.pause()
        assert not app.session.state.paused


def test_the_white_cell_lists_what_is_coming_in_turn_order() -> None:
    from tests.conftest import MINI
    from wargame.decks import load_deck
    from wargame.engine import FACILITATOR, Action
    from wargame.session import Session
    from wargame.ui.facilitator_text import coming_text

    deck = load_deck(MINI)
    seats = {"tokyo": "random", "washington": "random", "beijing": "random", "facilitator": "human"}
    session = Session.new(deck, seed=3, seats=seats, mode="semi-rigid", turns=deck.start.turns)
    inject = next(a for a in _legal(session, FACILITATOR) if a.kind == "inject")
    session.act(Action(FACILITATOR, "inject", inject.choice, session.state.last_turn).with_rationale("late"))
    turns = [int(part.split()[0][1:]) for part in coming_text(session.state).plain.split("; ")]
    assert len(turns) == 2 and turns == sorted(turns) and turns[-1] == session.state.last_turn  # the MSEL's first, then ours


def _legal(session, actor):
    from wargame.engine import legal_actions

    return [a for a in legal_actions(session.state, actor) if a.allowed]


async def test_standing_flags_wrap_under_their_text_not_under_the_bullet() -> None:
    from attrs import evolve
    from textual.app import App as TextualApp

    from wargame.decks import load_deck
    from wargame.engine import new_game
    from wargame.ui.widgets.track_panel import TrackPanel

    deck = load_deck("era-2013")
    names = tuple(sorted(flag.name for flag in deck.flags))
    state = evolve(new_game(deck, seed=1), flags=names)

    class Panel(TextualApp):
        CSS = "TrackPanel { width: 33; padding: 0 1; }"

        def compose(self):
            yield TrackPanel()

        def on_mount(self) -> None:
            self.query_one(TrackPanel).show(state)

    app = Panel()
    async with app.run_test(size=(40, 120)) as pilot:
        await pilot.pause()
        lines = [line.rstrip() for line in screen_text(app).split("\n")]
    below = lines[lines.index(" Now") + 1 :]
    flag_lines = [line for line in below if line.strip()]
    assert sum(line.startswith("  • ") for line in flag_lines) == len(names)
    assert all(line.startswith(("  • ", "    ")) for line in flag_lines), flag_lines
    assert len(flag_lines) > len(names)  # some do wrap


def test_the_log_of_a_branch_says_where_it_branched_from(tmp_path: Path) -> None:
    import random

    from tests.conftest import MINI, random_move
    from wargame import saves
    from wargame.decks import load_deck
    from wargame.session import Session
    from wargame.logbook import replayed

    seats = {"tokyo": "random", "washington": "random", "beijing": "random", "facilitator": "off"}
    session = Session.new(load_deck(MINI), seed=2, seats=seats, turns=2, save_path=tmp_path / "parent.toml")
    rng = random.Random(2)
    for _ in range(8):
        session.act(random_move(session.state, rng))
    branch = saves.branch(saves.open_replay(tmp_path / "parent.toml"), 5, "what if", tmp_path)
    assert replayed(branch).entries[-1].text == "A new game branched from parent.toml after 5 decisions"
    branch.act(random_move(branch.state, rng))  # played on, then resumed: a resume like any other
    assert replayed(saves.load(branch.save_path)).entries[-1].text == "Resumed after 6 decisions"


async def test_the_two_line_ticker_shows_whole_entries_cut_with_an_ellipsis(tmp_path: Path) -> None:
    from wargame.ui.widgets.move_ticker import entry_text

    app = make_app(tmp_path, deck="era-2013", seed=7)  # the card's title does not fit beside the board
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        for _ in range(200):  # until the bots have moved and Tokyo chooses: the ticker stands still
            await pilot.pause(0.05)
            if getattr(app.screen, "acting", None) == "tokyo" and app.screen.query("#ticker"):
                break
        await pilot.pause()
        box = app.screen.query_one("#ticker").content_region
        assert box.height == 2
        shown = [line[box.x : box.right].rstrip() for line in screen_text(app).split("\n")[box.y : box.bottom]]
        last = [entry_text(e, with_turn=False).plain for e in app.logbook.entries[-2:]]
        assert any(len(text) > box.width for text in last)
        for line, text in zip(shown, last):
            line = line.rstrip("▁▂▃▄▅▆▇█ ")  # the scrollbar beside it
            assert text.startswith(line.rstrip("…")), (line, text)
