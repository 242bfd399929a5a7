"""The analysis at constructed decisions: identical responses are tied, a clearly worse one is separated at the floor."""

from __future__ import annotations

from pathlib import Path

from tests.bots.test_bots import first_decision
from tests.conftest import MINI
from wargame.analysis import analyse
from wargame.decks import load_deck
from wargame.engine import to_move
from wargame.analysis.estimates import TIED, WORSE

#: the Hormuz card's "Sweep after a ceasefire", which the copies below follow
ORIGINAL = '''id = "after-ceasefire"
label = "Sweep after a ceasefire"
explain = "After hostilities end minesweeping is not use of force."
sources = ["rinehart-2013"]
mission = "minesweeping"
distance = "far"
escalation = 0
[cards.responses.success]
cohesion = 2
'''


def copy_of_the_sweep(option_id: str, label: str, cohesion: int) -> str:
    return f'''
[[cards.responses]]
role = "tokyo"
basis = "mine_clearance"
id = "{option_id}"
label = "{label}"
explain = "After hostilities end minesweeping is not use of force."
sources = ["rinehart-2013"]
mission = "minesweeping"
distance = "far"
escalation = 0
[cards.responses.success]
cohesion = {cohesion}
'''


def deck_with(tmp_path: Path, extra: str):
    text = MINI.read_text()
    assert text.count(ORIGINAL) == 1
    path = tmp_path / "constructed.toml"
    path.write_text(text.replace(ORIGINAL, ORIGINAL + extra))
    return load_deck(path)


def hormuz_decision(deck):
    state = first_decision(deck, seed=4)
    assert state.card == "case-14-hormuz" and to_move(state)[0] == "tokyo"
    return state


def test_two_responses_identical_in_effect_are_called_tied(tmp_path: Path) -> None:
    deck = deck_with(tmp_path, copy_of_the_sweep("after-ceasefire-again", "Sweep after a ceasefire, once more", 2))
    result = analyse(hormuz_decision(deck), "tokyo", rollouts=400)
    by_id = {o.action.choice: o for o in result.open}
    first, again = by_id["after-ceasefire"], by_id["after-ceasefire-again"]
    assert first.scores == again.scores  # the same dice, the same games
    assert result.leader is first and again.standing == TIED and (again.lead, again.lead_low, again.lead_high) == (0, 0, 0)
    assert result.best is None
    assert by_id["fund"].standing == WORSE
    text = result.verdict()
    assert text.startswith("No single best for Tokyo: Sweep after a ceasefire leads")
    assert "tied with Sweep after a ceasefire, once more (0.0 ±0.0 behind): surely within ±0.5" in text
    # settled at the floor: nothing more to learn
    assert {o.rollouts for o in result.open} == {result.floor}
    data = result.to_dict()
    assert data["best"] is None and data["leader"] == "after-ceasefire" and data["tied_with_leader"] == ["after-ceasefire-again"]


def test_a_clearly_worse_response_is_separated_within_the_floor(tmp_path: Path) -> None:
    deck = deck_with(tmp_path, copy_of_the_sweep("after-ceasefire-badly", "Sweep after a ceasefire, badly", -12))
    result = analyse(hormuz_decision(deck), "tokyo", rollouts=1000, floor=50)
    by_id = {o.action.choice: o for o in result.open}
    badly = by_id["after-ceasefire-badly"]
    assert badly.standing == WORSE and badly.rollouts == 50 and badly.lead_low > 0
    assert result.best is by_id["after-ceasefire"]
    assert all(o.rollouts == 50 for o in result.open)
    assert result.verdict().startswith("Best for Tokyo: Sweep after a ceasefire (")


def test_the_figures_at_each_look_are_the_race_so_far() -> None:
    """`interim` gets the race as it stands at each look: the first is an analysis of exactly the floor, each later one holds the earlier rollouts."""
    state = first_decision(load_deck(MINI), seed=3)
    seat = to_move(state)[0]
    seen: list = []
    final = analyse(state, seat, rollouts=200, floor=20, interim=seen.append)
    assert len(seen) >= 2 and all(a.stopped for a in seen) and not final.stopped
    at_the_floor = analyse(state, seat, rollouts=20, floor=20)
    assert [o.scores for o in seen[0].open] == [o.scores for o in at_the_floor.open]
    used = [a.used for a in seen] + [final.used]
    assert used == sorted(set(used))  # every look plays more
    for so_far in seen:
        assert so_far.best is None  # the race goes on only while the leader is not separated
        for o, last in zip(so_far.open, final.open):
            assert last.scores[: len(o.scores)] == o.scores
    text = seen[-1].verdict()
    assert text.startswith("No single best for") and "The race was stopped after" in text and "before the cap of 200" in text
    assert seen[-1].to_dict()["stopped"] is True and final.to_dict()["stopped"] is False
    assert "stopped" not in final.verdict()
