"""The bundled scenarios pass the checker and play to the end with random legal play."""

from __future__ import annotations

import random

import pytest

from tests.conftest import random_game, random_move
from tests.decks.helpers import BUNDLED, ROOT, run_cli, run_main
from wargame.decks import bundled_paths, check_deck, load_deck, resolve
from wargame.engine import apply, new_game, to_move
from wargame.engine.tracks import BOUNDS, TRACKS

IDS = [p.stem for p in BUNDLED]


def test_deck_check_on_the_bundled_decks_exits_0() -> None:
    assert len(BUNDLED) == 4
    status, out, err = run_cli(["deck", "check", *(str(p.relative_to(ROOT)) for p in BUNDLED)])
    assert status == 0, out + err
    assert out.strip() == "4 decks checked: no problems"


def test_deck_check_takes_bundled_ids_and_eras(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_main(["deck", "check", "era-2016", "2013"], capsys)
    assert status == 0, out
    assert resolve("2025").name == "era-2025.toml"


def test_deck_list_shows_id_era_title_and_card_count(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_main(["deck", "list"], capsys)
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "ERA", "TITLE", "CARDS"]
    for path in bundled_paths():
        deck = load_deck(path)
        row = next(line for line in lines if line.startswith(deck.id + " "))
        assert str(deck.era) in row and deck.title in row and row.rstrip().endswith(str(len(deck.cards)))
    assert "(default)" in next(line for line in lines if line.startswith("era-2013 "))


@pytest.mark.parametrize("path", BUNDLED, ids=IDS)
def test_bundled_deck_has_no_problems(path) -> None:  # noqa: ANN001
    assert [str(p) for p in check_deck(path)] == []


@pytest.mark.parametrize("path", BUNDLED, ids=IDS)
def test_bundled_scenario_plays_to_the_end_with_random_legal_play(path) -> None:  # noqa: ANN001
    deck = load_deck(path)
    reasons = set()
    for seed in range(30):
        options = {"seats": {"facilitator": "human"}, "mode": "semi-rigid"} if seed % 4 == 3 else {}
        state, history = random_game(deck, seed, **options)
        assert state.over and to_move(state) == ()
        assert state.end_reason in ("war", "rupture", "collapse", "last_turn")
        assert state.turn <= deck.start.turns
        assert set(state.scores) >= {"tokyo", "washington", "beijing"}
        for name in TRACKS:
            low, high = BOUNDS[name]
            assert low <= state.tracks[name] <= high
        reasons.add(state.end_reason)
    assert reasons


@pytest.mark.parametrize("path", BUNDLED, ids=IDS)
def test_bundled_scenario_plays_every_turn_when_nothing_ends_it_early(path) -> None:  # noqa: ANN001
    """Random play with the turns cut short still reaches the last turn in some seed."""
    deck = load_deck(path)
    for seed in range(40):
        rng = random.Random(seed)
        state = new_game(deck, seed=seed, turns=3)
        steps = 0
        while not state.over:
            state, _ = apply(state, random_move(state, rng))
            steps += 1
            assert steps < 3000
        if state.end_reason == "last_turn":
            return
    pytest.fail("no seed of 40 reached the last turn")


def test_deck_list_reports_a_broken_deck_and_lists_the_rest(tmp_path, monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    broken = tmp_path / "era-1999.toml"
    broken.write_text("format = = 1\n", encoding="utf-8")
    monkeypatch.setattr("wargame.cli.deck.bundled_paths", lambda: [*BUNDLED, broken])
    status, out, err = run_main(["deck", "list"], capsys)
    assert status == 2
    assert err.strip() == f"wargame: error: {broken}:1: TOML syntax error at column 10: Invalid value"
    assert len(out.splitlines()) == 1 + len(BUNDLED)
