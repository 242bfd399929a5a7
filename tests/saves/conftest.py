"""Helpers for the save tests: games played through a Session, as the TUI plays them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import MINI, random_move
from wargame.decks import bundled_paths, load_deck
from wargame.engine.model import Deck
from wargame.session import Session
import wargame.saves  # noqa: F401 - registers autosave, so a game played here with a save_path is on disk whatever ran before

ROOT = Path(__file__).resolve().parents[2]
ALL_BOTS = {"tokyo": "random", "washington": "random", "beijing": "random", "facilitator": "off"}
FACILITATED = {"tokyo": "human", "washington": "human", "beijing": "human", "facilitator": "human"}


@pytest.fixture(scope="session")
def decks() -> list[Deck]:
    """The mini test deck and every bundled deck."""
    return [load_deck(MINI), *(load_deck(p) for p in bundled_paths())]


def play(deck: Deck, seed: int, *, facilitated: bool = False, turns: int | None = None, save_path: Path | None = None, limit: int | None = None, name: str = "") -> Session:
    """A game with random legal moves for every seat (chance from the seed), through Session.act."""
    seats = FACILITATED if facilitated else ALL_BOTS
    session = Session.new(
        deck, seed=seed, seats=seats, mode="semi-rigid" if facilitated else "rigid", turns=turns, save_path=save_path, name=name or f"game {seed}"
    )
    rng = random.Random(seed)
    steps = 0
    while not session.state.over and (limit is None or steps < limit):
        session.act(random_move(session.state, rng))
        steps += 1
    return session
