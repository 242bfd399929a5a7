"""Pilot tests of the white cell: the facilitator's console, its dialogs, and what players never see.

Games run on the UI test deck with bots moving at once; the facilitator's
decisions are made by keys, as a facilitator makes them, and checked in the
decision log (with their reasons), in the state and on the rendered screen.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from wargame import saves
from wargame.engine import CHANCE, FACILITATOR, Action, chance_action, legal_actions, state_hash, to_move
from wargame.engine.tracks import ROLE_NAMES
from wargame.session import Session
from wargame.ui.app import WargameApp
from wargame.ui.dialogs.decision import DecisionDialog
from wargame.ui.dialogs.inject import InjectDialog
from wargame.ui.dialogs.override import OverrideDialog
from wargame.ui.dialogs.rule import RuleDialog
from wargame.ui.dialogs.set_track import SetTrackDialog
from wargame.ui.screens.adjudication import AdjudicationScreen
from wargame.ui.screens.end import EndScreen
from wargame.ui.screens.facilitator import FacilitatorScreen
from wargame.ui.screens.game import GameScreen
from wargame.ui.screens.handover import HandOverScreen
from wargame.ui.settings import GameSettings

from .conftest import answer_dialog, make_app, screen_text, until

#: what only the white cell's console shows (MSEL details, the sealed-choices heading, its tabs)
CONSOLE_ONLY = ("learning point", "expected:", "Sealed choices (each seat sees only its own)", "The game waits on the white cell")


def flat(app: WargameApp, within: str = "") -> str:
    """The screen's text with line breaks and runs of spaces as one space, so wrapped lines read whole.

    Only what is shown inside the widget `within` (a selector) when given, and inside an open
    dialog, so that what is beside a wrapped line does not break it.
    """
    lines = screen_text(app).split("\n")
    if not within and isinstance(app.screen, DecisionDialog):
        within = ".dialog"
    if within:
        box = app.screen.query_one(within).content_region
        lines = [line[box.x : box.right] for line in lines[box.y : box.bottom]]
    return " ".join(" ".join(lines).split())


async def say(pilot: Pilot, text: str) -> None:
    """Fill the focused field with `text` and press Enter (typing each key is slow; other tests type)."""
    await pilot.pause()
    field = pilot.app.focused
    assert isinstance(field, Input), field
    field.value = text
    await pilot.press("enter")


def white_cell_app(tmp_path: Path, *, seed: int = 2, mode: str = "semi-rigid", turns: int = 4, **seats: str) -> WargameApp:
    app = make_app(tmp_path, seed=seed, **{"tokyo": "random", "facilitator": "human", **seats})
    app.settings = GameSettings(deck=app.settings.deck, seed=seed, seats=app.settings.seat_map, mode=mode, turns=turns)
    return app


async def until_console(pilot: Pilot, app: WargameApp, limit: int = 60) -> FacilitatorScreen:
    """Enter through the game (bots, adjudications) until the game waits on the white cell."""
    for _ in range(limit):
        if isinstance(app.screen, FacilitatorScreen):
            return app.screen
        assert isinstance(app.screen, (GameScreen, AdjudicationScreen)), type(app.screen).__name__
        await pilot.press("enter")
        await pilot.pause()
    raise AssertionError("the white cell was never needed")


def white_cell_decisions(session: Session, kind: str | None = None) -> list[Action]:
    return [d.action for d in session.log if d.actor == FACILITATOR and (kind is None or d.action.kind == kind)]


async def test_inject_a_card_for_a_later_turn(tmp_path: Path) -> None:
    app = white_cell_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await pilot.pause()
        console = await until_console(pilot, app)
        session = app.session
        assert session.state.phase == "review" and session.state.turn == 1
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, InjectDialog)
        text = flat(app)
        assert "Inject an event card" in text and "Turn (2..4)" in text  # review of turn 1: the next event is turn 2
        card = next(c for c in session.deck.cards if c.id == "case-09-us-ships-attacked")
        await pilot.press(*["down"] * dialog.cards.index(card), "enter")  # the card, then the turn field
        await pilot.press("backspace", "5", "enter", "enter")  # turn 5 is past the last turn: refused in the dialog
        await pilot.pause()
        assert app.screen is dialog and "must be 2..4, not 5" in flat(app)
        await pilot.press("backspace", "2", "enter", *"[b]raise[/b] the stakes", "enter")
        await pilot.pause()
        assert app.screen is console
        (inject,) = white_cell_decisions(session, "inject")
        assert (inject.choice, inject.value, inject.rationale) == (card.id, 2, "[b]raise[/b] the stakes")
        assert session.state.scheduled == ((2, card.id, FACILITATOR),)
        await pilot.press("right")  # the MSEL tab lists what is coming, the injected card too
        await pilot.pause()
        text = flat(app)
        assert "Cards scheduled to come into play" in text and card.title in text
        assert "msel-radar" in text and "must fire" in text and "Tokyo protests and publishes the evidence." in text
        # the players' log says an inject is scheduled, not which card
        public = " ".join(e.text for e in app.logbook.entries)
        assert "The white cell schedules an inject" in public and card.title not in public
        await pilot.press("left", "enter")  # Now tab: accept the adjudication (the reason is optional)
        await pilot.pause()
        assert isinstance(app.screen, DecisionDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert white_cell_decisions(session, "accept")
        await until_console(pilot, app)  # turn 2 starts: the MSEL inject is due
        assert session.state.turn == 2 and session.state.phase == "turn_start"
        await pilot.press("enter")  # fire it
        await pilot.pause()
        assert [a.choice for a in white_cell_decisions(session, "fire")] == ["msel-radar"]
        assert session.state.card == card.id  # the injected card came into play on turn 2, before the MSEL's
        assert any(f"Event card (from the facilitator): {card.title}" == e.text for e in app.logbook.entries)


async def test_override_an_outcome_and_a_track_with_a_stated_reason(tmp_path: Path) -> None:
    app = white_cell_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await pilot.pause()
        console = await until_console(pilot, app)
        session = app.session
        before = session.state.resolutions[0]
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OverrideDialog)
        assert "make it fail" in flat(app) or "make it succeed" in flat(app)
        await pilot.press("enter", "enter")  # the first outcome, and no reason: refused
        await pilot.pause()
        assert isinstance(app.screen, OverrideDialog) and "State a reason" in flat(app)
        assert not white_cell_decisions(session)
        await pilot.press(*"[red]rules[/red] miss it", "enter")
        await pilot.pause()
        assert app.screen is console
        (override,) = white_cell_decisions(session, "override")
        assert (override.choice, override.value) == ("0", int(not before.success))
        assert override.rationale == "[red]rules[/red] miss it"
        assert session.state.resolutions[0].success is not before.success
        assert session.state.resolutions[0].override == override.rationale
        assert "override: [red]rules[/red] miss it" in flat(app)
        # a track, with its reason
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, SetTrackDialog)
        await pilot.press("down", "enter")  # public support; the value field follows the track
        await pilot.pause()
        field = app.screen.query_one("#dlg-number", Input)
        assert field.value == str(session.state.track("support"))
        field.value = ""
        await pilot.press(*"48", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SetTrackDialog) and "State a reason" in flat(app)
        await pilot.press(*"a rally", "enter")
        await pilot.pause()
        assert app.screen is console
        (track,) = white_cell_decisions(session, "set_track")
        assert (track.choice, track.value, track.rationale) == ("support", 48, "a rally")
        assert session.state.track("support") == 48
        assert any("sets public support to 48: a rally" in e.text for e in app.logbook.entries)
        await pilot.press("enter")  # accept
        await pilot.pause()
        await pilot.press(*"fine", "enter")
        await pilot.pause()
        assert white_cell_decisions(session, "accept")[0].rationale == "fine"
        assert session.state.turn == 2  # the review is over and the game went on
        assert app.screen is not console  # (a new console: the MSEL inject of turn 2 is due)


async def test_pause_shows_the_board_and_resume_hands_back_the_move(tmp_path: Path) -> None:
    app = white_cell_app(tmp_path, tokyo="human")
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await pilot.pause()
        game = app.screen
        assert isinstance(game, GameScreen) and game.acting == "tokyo"
        await pilot.press("w")  # the facilitator switches to the white cell
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen)
        assert "nothing waits on the white cell" in flat(app)
        assert "closed: no reveal yet to go back to" in flat(app)  # undo before any reveal
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"a question from the floor", "enter")
        await pilot.pause()
        session = app.session
        assert session.state.paused
        assert white_cell_decisions(session, "pause")[0].rationale == "a question from the floor"
        assert isinstance(app.screen, FacilitatorScreen) and "the game is paused" in flat(app)
        await pilot.press("escape")  # the board, for the table to look at while paused
        await pilot.pause()
        assert app.screen is game and game.acting is None
        assert "Paused by the white cell" in flat(app)
        await pilot.press("1")  # nobody moves while paused
        await pilot.pause()
        assert session.state.sealed_by("tokyo") is None
        await pilot.press("w", "p")  # back to the white cell: resume
        await pilot.pause()
        assert not session.state.paused
        assert [a.kind for a in white_cell_decisions(session)] == ["pause", "resume"]
        assert app.screen is game and game.acting == "tokyo"  # the move is Tokyo's again
        assert any("pauses the game (a question from the floor)" in e.text for e in app.logbook.entries)


async def test_undo_to_the_last_reveal_says_so_in_the_log(tmp_path: Path) -> None:
    app = white_cell_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await pilot.pause()
        await until_console(pilot, app)
        session = app.session
        reveal = session.state.checkpoint
        assert reveal is not None and session.state.phase == "review"
        first = session.state.resolutions[0]
        await pilot.press("o", "enter", *"overruled", "enter")
        await pilot.pause()
        assert session.state.resolutions[0].override == "overruled"
        assert "Undo to the reveal of turn 1" in flat(app)
        await pilot.press("u")
        await pilot.pause()
        assert "the rolls, rulings, reviews and standing actions since then are undone" in flat(app)
        await pilot.press("enter")  # a reason is required
        await pilot.pause()
        assert "State a reason" in flat(app)
        await pilot.press(*"wrong card read out", "enter")
        await pilot.pause()
        # the adjudication is played again from the reveal, and shown
        assert isinstance(app.screen, AdjudicationScreen)
        shown = flat(app, "#adj-steps")
        assert "takes the game back to the reveal of turn 1: wrong card read out" in shown
        assert f"The reveal ▸ {ROLE_NAMES[first.role]} chose:" in shown  # the reveal it went back to, told again
        (undo,) = white_cell_decisions(session, "undo")
        assert undo.rationale == "wrong card read out"
        assert session.state.resolutions[0].override == ""
        assert session.state.resolutions[0].success == first.success
        assert [d.action.kind for d in session.log[-2:]] == ["override", "undo"]  # the log keeps what was undone
        assert any("takes the game back to the reveal of turn 1" in e.text for e in app.logbook.entries)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen) and session.state.phase == "review"


def to_ruling(session: Session) -> None:
    """Play until Tokyo's cabinet decision waits on the facilitator's ruling (Tokyo climbs the ladder)."""
    plan = {1: "tokyo-appoint-bureau-chief", 2: "tokyo-advisory-panel", 3: "tokyo-cabinet-decision"}
    for _ in range(300):
        state = session.state
        actor = to_move(state)[0]
        if actor == CHANCE:
            session.act(chance_action(state))
            continue
        actions = [a for a in legal_actions(state, actor) if a.allowed]
        if actor == FACILITATOR:
            if any(a.kind == "rule" for a in actions):
                return
            wanted = next(a for a in actions if a.kind in ("fire", "accept"))
        elif state.phase == "policy":
            choice = plan.get(state.turn, "hold") if actor == "tokyo" else "hold"
            wanted = next(a for a in actions if a.choice == choice)
        else:
            wanted = actions[0]
        session.act(wanted.with_rationale("scripted"))
    raise AssertionError("no ruling was asked for")


async def test_rule_for_an_institution_with_a_reason(tmp_path: Path) -> None:
    app = white_cell_app(tmp_path, tokyo="human", washington="human", beijing="human")
    session = Session.new(app.load(app.settings.deck), seed=2, seats=app.settings.seat_map, mode="rigid", turns=4)
    to_ruling(session)
    async with app.run_test(size=(80, 24)) as pilot:
        app.play(session)
        await until(
            pilot,
            lambda: isinstance(app.screen, FacilitatorScreen) and "a ruling the scenario leaves to the white cell" in flat(app),
            "the white cell's console, asking for a ruling",
        )
        console = app.screen
        assert isinstance(console, FacilitatorScreen)
        text = flat(app)
        assert "a ruling the scenario leaves to the white cell" in text
        assert "Rule on Tokyo: Cabinet decision reinterpreting Article 9" in text
        await pilot.press("r")  # the report so far, for the white cell
        await pilot.pause()
        assert "After-action report" in flat(app)
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RuleDialog)
        assert "By the rules' odds: 80%" in flat(app)
        await pilot.press("enter", *"the Legislation Bureau concurs", "enter")
        await pilot.pause()
        (rule,) = white_cell_decisions(session, "rule")
        assert (rule.value, rule.rationale) == (1, "the Legislation Bureau concurs")
        assert session.state.track("rung") == 1
        assert any("rules it succeeds: the Legislation Bureau concurs" in e.text for e in app.logbook.entries)
        assert app.screen is not console


async def test_no_white_cell_without_a_facilitator_seat(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=2)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await pilot.pause()
        game = app.screen
        assert "White cell" not in flat(app)
        await pilot.press("w")
        await pilot.pause()
        assert app.screen is game


async def play_scripted_white_cell(pilot: Pilot, app: WargameApp) -> None:
    """A whole game at the keyboard: Tokyo climbs the ladder, and the white cell uses every power it has."""
    plan = {1: "tokyo-appoint-bureau-chief", 2: "tokyo-advisory-panel", 3: "tokyo-cabinet-decision"}
    session = app.session
    done: set[str] = set()
    for _ in range(400):
        screen = app.screen
        state = session.state
        if isinstance(screen, EndScreen):
            return
        if isinstance(screen, FacilitatorScreen):
            kinds = {c.kind for c in screen.commands if c.allowed}
            if "inject" in kinds and "inject" not in done:
                done.add("inject")
                await pilot.press("i", "enter", "enter")  # the first card, the next turn
                await say(pilot, "a scheduled crisis")
            elif "pause" in kinds and "pause" not in done:
                done.add("pause")
                await pilot.press("p")
                await say(pilot, "a coffee break")
                await pilot.press("p")
            elif "delay" in kinds and "delay" not in done:
                done.add("delay")
                await pilot.press("down", "enter")  # from the list of the Now tab
                await say(pilot, "not yet")
            elif "skip" in kinds and "delay" in done and "skip" not in done:
                done.add("skip")
                await pilot.press("right", "s")  # from the MSEL tab, on the highlighted inject
                await say(pilot, "out of time")
            elif "override" in kinds and "override" not in done:
                done.add("override")
                await pilot.press("o", "enter")
                await say(pilot, "the cabinet hesitates")
                await pilot.press("t", "down", "down", "enter")
                await pilot.pause()
                app.screen.query_one("#dlg-number", Input).value = "70"
                await pilot.press("enter")
                await say(pilot, "Washington reassures")
            elif "accept" in kinds and state.turn == 2 and "undo" not in done:
                done.add("undo")
                await pilot.press("u")
                await say(pilot, "the reveal was misread")
            elif "rule" in kinds:
                done.add("rule")
                await pilot.press("enter", "down", "enter")
                await say(pilot, "the Bureau objects")
            else:
                await pilot.press("enter")
                await pilot.pause()
                if isinstance(app.screen, DecisionDialog):
                    await answer_dialog(pilot, app.screen)
        elif isinstance(screen, GameScreen) and screen.acting == "tokyo":
            choices = screen.query_one("#choices")
            if state.phase == "policy":
                wanted = plan.get(state.turn, "hold")
                index = next(i for i, a in enumerate(choices.actions) if a.choice == wanted and a.allowed)
                steps = sum(1 for a in choices.actions[choices.highlighted + 1 : index + 1] if a.allowed)
                await pilot.press(*["down"] * steps)
            await pilot.press("tab")
            await say(pilot, f"Tokyo on turn {state.turn}")
        else:
            await pilot.press("enter")
        await pilot.pause()
    raise AssertionError("the game did not end")


async def test_replay_of_a_facilitated_game_reproduces_every_ruling(tmp_path: Path) -> None:
    app = white_cell_app(tmp_path, seed=5, turns=3, tokyo="human")
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await pilot.pause()
        await play_scripted_white_cell(pilot, app)
        session = app.session
    kinds = {a.kind for a in white_cell_decisions(session)}
    assert {"inject", "pause", "resume", "delay", "skip", "override", "set_track", "undo", "rule", "accept"} <= kinds
    for action in white_cell_decisions(session):
        if action.kind in ("inject", "pause", "delay", "skip", "override", "set_track", "undo", "rule"):
            assert action.rationale, action
    assert session.save_path is not None and session.save_path.is_file()
    loaded = saves.load(session.save_path)
    assert saves.verify(session.save_path).divergence is None
    assert state_hash(loaded.state) == state_hash(session.state)
    ruled = [(a.kind, a.choice, a.value, a.rationale) for a in white_cell_decisions(session)]
    assert [(a.kind, a.choice, a.value, a.rationale) for a in white_cell_decisions(loaded)] == ruled
    # each ruling is in the replayed state as in the game: the undo took back what it should
    assert [d.seq for d in loaded.log] == [d.seq for d in session.log]
