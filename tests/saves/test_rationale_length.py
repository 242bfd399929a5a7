"""The TUI stops a rationale at `RATIONALE_LIMIT`; the rules and saves take one of any length, so a
save written before the limit (or by a script) with a longer rationale still loads, replays and
reports."""

from __future__ import annotations

import random

from tests.conftest import MINI, random_move
from tests.saves.conftest import FACILITATED
from wargame import saves
from wargame.decks import load_deck
from wargame.engine import ROLES, state_hash
from wargame.engine.actions import RATIONALE_LIMIT
from wargame.report import build_report
from wargame.session import Session

LONG = ("a reason that runs on " * 500).strip()  # 11,000 characters: well past the limit


def test_a_rationale_longer_than_the_limit_is_saved_loaded_and_replayed_whole(tmp_path) -> None:
    assert len(LONG) > 5 * RATIONALE_LIMIT
    session = Session.new(load_deck(MINI), seed=4, seats=FACILITATED, mode="semi-rigid", turns=2, save_path=tmp_path / "long.toml")
    rng = random.Random(4)
    while not session.state.over:
        action = random_move(session.state, rng)
        session.act(action.with_rationale(LONG) if action.actor in ROLES else action)
    long_ones = [d for d in session.log if d.action.rationale == LONG]
    assert long_ones, "the game took no player decision"
    replay = saves.open_replay(tmp_path / "long.toml")
    assert replay.divergence is None
    assert [d.action.rationale for d in replay.save.decisions] == [d.action.rationale for d in session.log]
    assert state_hash(replay.states[-1]) == state_hash(session.state)
    resumed = saves.load(tmp_path / "long.toml")
    assert state_hash(resumed.state) == state_hash(session.state)
    assert LONG in build_report(resumed)
