"""The game's status lines fit 80 columns: the heading, the prompt and the ticker's fixed lines.

The builders are plain functions, tested here on every position of whole
games and on the longest inputs the rules allow (turn 40 of 40, a date
across a new year, the longest phase and mode, three capitals waiting).
The widths they must fit are those the board gives them at 80x24; the
Pilot test at the end checks the board still gives them that much.
"""

from __future__ import annotations

import random
from pathlib import Path

from attrs import evolve

from tests.conftest import MINI, random_move
from wargame.decks import load_deck
from wargame.engine import ROLES, GameState, new_game, apply, to_move
from wargame.engine.model import Calendar
from wargame.engine.tracks import ROLE_NAMES
from wargame.logbook import WHO, sealed_move
from wargame.seats import BOT_KINDS
from wargame.ui.game_text import HEADING_WIDTH, PHASE_NAMES, PROMPT_WIDTH, TICKER_WIDTH, heading, prompt_text
from wargame.ui.screens.game import GameScreen

from .conftest import make_app, screen_text, until


def positions(seed: int, **options: object) -> list[GameState]:
    """Every position of a random game on the mini deck."""
    rng = random.Random(seed)
    state = new_game(load_deck(MINI), seed=seed, **options)
    seen = [state]
    while not state.over:
        state, _events = apply(state, random_move(state, rng))
        seen.append(state)
    return seen


def test_the_prompt_fits_the_play_column_in_every_position() -> None:
    states = positions(3) + positions(12, seats={"facilitator": "human"}, mode="semi-rigid") + positions(5, turns=3)
    longest = 0
    for state in states:
        for acting in (None, *ROLES):
            line = prompt_text(state, acting).plain
            assert len(line) <= PROMPT_WIDTH, (line, state.phase)
            longest = max(longest, len(line))
        assert len(prompt_text(evolve(state, paused=True), None).plain) <= PROMPT_WIDTH
    waiting_for_all = [s for s in states if sum(a in ROLES for a in to_move(s)) == 3]
    assert waiting_for_all, "the games never wait on all three capitals: the longest prompt is not tested"
    assert all(name in prompt_text(waiting_for_all[0], None).plain for name in ("Tokyo", "Washington", "Beijing"))
    assert any(s.facilitated and s.paused is False and "white cell" in prompt_text(s, None).plain for s in states)


def test_the_prompt_keeps_its_hint_when_it_fits_and_drops_it_when_it_does_not() -> None:
    state = next(s for s in positions(3) if s.phase == "responses" and sum(a in ROLES for a in to_move(s)) == 3)
    assert prompt_text(state, None, width=200).plain.endswith("(Space skips)")
    short = prompt_text(state, None).plain
    names = ", ".join(ROLE_NAMES[a] for a in to_move(state) if a in ROLES)
    assert short == f"Waiting for {names}"  # the names stay whole; only the hint goes
    assert prompt_text(state, "washington").plain == " Washington  choose a response (sealed)"


def test_the_heading_fits_the_header_at_its_longest() -> None:
    state = positions(3)[0]
    # February and three months a turn: turn 40 runs Nov-Jan, the longest date
    deck = evolve(state.deck, calendar=Calendar(start="2013-02", months=3))
    for phase in PHASE_NAMES:
        line = heading(evolve(state, deck=deck, turn=40, last_turn=40, phase=phase, mode="semi-rigid"))
        assert len(line) <= HEADING_WIDTH, line
    assert heading(evolve(state, deck=deck, turn=40, last_turn=40, phase="adjudication", mode="semi-rigid")) == (
        "Turn 40/40 · Nov 2022-Jan 2023 · adjudication · semi-rigid"
    )


def test_a_bots_sealed_move_fits_a_ticker_line() -> None:
    for role in ROLES:
        for kind in BOT_KINDS:
            line = f"{WHO[role]}: {sealed_move(kind)}"
            assert len(line) <= TICKER_WIDTH, line
    # a human's sealed response is the engine's own event, the same line in the ticker
    for role in ROLES:
        assert len(f"{ROLE_NAMES[role]} has chosen a response (sealed)") <= TICKER_WIDTH


async def test_the_board_at_80x24_gives_the_status_lines_their_widths(tmp_path: Path) -> None:
    from textual.widgets import Header
    from textual.widgets._header import HeaderTitle

    app = make_app(tmp_path, seed=2)  # Washington seals before Tokyo chooses
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo", "Tokyo's choice")
        game = app.screen
        assert game.query_one("#prompt").content_region.width >= PROMPT_WIDTH
        assert game.query_one("#ticker").scrollable_content_region.width >= TICKER_WIDTH
        assert game.query_one(HeaderTitle).content_region.width >= HEADING_WIDTH
        assert game.query_one(Header).format_title().plain == heading(game.session.state)  # the heading alone, so it fits HEADING_WIDTH
        assert heading(game.session.state) in screen_text(app).split("\n")[0]

        def ticker() -> list[str]:
            return [line[34:].rstrip() for line in screen_text(app).split("\n")[21:23]]

        # the line whole on its row of the ticker, not cut with an ellipsis
        await until(pilot, lambda: "Washington: chose, sealed (random bot)" in ticker(), "Washington's sealed move in the ticker")
