"""The lines that end the game, as the board, the help and the end screen say them: the collapse
count read from the state, the rules in the era's figures, how a game ended; and the words of
outcomes and of closed options (a failure never told with its success text, reasons never joined
as ".;").
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from attrs import evolve

from tests.conftest import random_move
from tests.decks.helpers import BUNDLED
from wargame.decks import load_deck
from wargame.engine import Resolution, apply, legal_actions, new_game, outlook
from wargame.engine.adjudicate import join_reasons, outcome_words
from wargame.engine.phases import _turn_end
from wargame.engine.tracks import TRACK_INDEX

COLLAPSE = Path(__file__).resolve().parents[1] / "ui" / "data" / "collapse.toml"
APPROVAL = TRACK_INDEX["approval"]


@pytest.fixture(scope="module")
def collapse_deck():
    return load_deck(COLLAPSE)


def at(state, **values):
    vals = list(state.values)
    for name, value in values.items():
        vals[TRACK_INDEX[name]] = value
    return evolve(state, values=tuple(vals))


def trailing_low(history, line: int) -> int:
    """The count as the rules define it, read from the history: turn ends in a row at or below the line."""
    count = 0
    for row in reversed(history[1:]):  # the first row is the start, not a turn end
        if row[APPROVAL] > line:
            break
        count += 1
    return count


# --- the collapse count -------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_collapse_count_is_the_run_of_turn_ends_at_or_below_the_line(collapse_deck, seed) -> None:
    rules = collapse_deck.rules
    rng = random.Random(seed)
    state = new_game(collapse_deck, seed=seed)
    seen = set()
    while not state.over:
        count = outlook.collapse_count(state)
        assert count == trailing_low(state.history, rules.collapse_approval)
        assert outlook.collapse_status(state) == f"collapse at ≤31 for 3 turns: {count} of 3"
        seen.add(count)
        state, _ = apply(state, random_move(state, rng))
    assert state.end_reason == "collapse"  # the test deck's cabinet falls in every game
    assert outlook.collapse_count(state) == rules.collapse_turns
    assert seen >= {0, 1, 2}


def test_the_count_the_turn_end_would_make(collapse_deck) -> None:
    state = new_game(collapse_deck, seed=1)
    line = collapse_deck.rules.collapse_approval
    counting = evolve(state, low_approval_turns=2)
    assert outlook.collapse_count_at_turn_end(at(counting, approval=line)) == 3
    assert outlook.collapse_count_at_turn_end(at(counting, approval=line + 1)) == 0
    assert outlook.collapse_near(at(state, approval=line)) and not outlook.collapse_near(at(state, approval=line + 1))
    assert outlook.collapse_near(at(counting, approval=line + 1))  # the count runs, though approval is above the line now
    # the turn end does what the board says it would
    after = _turn_end(evolve(at(counting, approval=line), phase="turn_end"), None)
    assert after.low_approval_turns == 3 and after.end_reason == "collapse"


def test_a_warning_when_the_count_starts_and_when_it_clears(collapse_deck) -> None:
    line = collapse_deck.rules.collapse_approval
    state = at(new_game(collapse_deck, seed=1), approval=line - 1)
    events: list = []
    state = _turn_end(evolve(state, phase="turn_end"), events)
    warning = [e.text for e in events if e.kind == "collapse"]
    assert warning == [f"Cabinet approval {line - 1} is at or below the collapse line {line}: turn 1 of 3 before the cabinet falls"]
    events = []
    state = _turn_end(evolve(at(state, approval=line + 5), phase="turn_end"), events)
    assert [e.text for e in events if e.kind == "collapse_clear"] == [
        f"Cabinet approval {line + 5} is back above the collapse line {line}: the count starts again"
    ]
    assert state.low_approval_turns == 0
    events = []
    _turn_end(evolve(state, phase="turn_end"), events)  # no count, none to clear: nothing said
    assert not [e for e in events if e.kind in ("collapse", "collapse_clear")]


def test_how_a_collapse_ended_names_the_turn_ends_that_ended_it(collapse_deck) -> None:
    rng = random.Random(4)
    state = new_game(collapse_deck, seed=4)
    while not state.over:
        state, _ = apply(state, random_move(state, rng))
    values = ", ".join(str(row[APPROVAL]) for row in state.history[-3:])
    assert outlook.ending_detail(state) == (
        f"Cabinet approval ended 3 turns in a row at or below the collapse line 31 ({values}), and the cabinet fell."
    )
    assert all(row[APPROVAL] <= 31 for row in state.history[-3:])


def test_rupture_and_tension_lines(collapse_deck) -> None:
    state = new_game(collapse_deck, seed=1)
    line = collapse_deck.rules.rupture_cohesion
    assert outlook.rupture_status(state) == f"rupture at ≤{line}: cohesion {state.track('cohesion')}"
    assert outlook.rupture_at_turn_end(at(state, cohesion=line)) and not outlook.rupture_at_turn_end(at(state, cohesion=line + 1))
    assert outlook.tension_status(at(state, tension=3)) == "3 confrontation: 2 steps from armed conflict"
    after = _turn_end(evolve(at(state, cohesion=line), phase="turn_end"), None)
    assert after.end_reason == "rupture"
    assert outlook.ending_detail(after) == f"Alliance cohesion ended the turn at {line}, at or below the rupture line {line}."


@pytest.mark.parametrize("name", [p.stem for p in BUNDLED])
def test_each_ending_in_a_sentence_with_the_era_figures(name) -> None:
    deck = load_deck(name)
    rules = deck.rules
    collapse, rupture, war = outlook.collapse_rule(deck), outlook.rupture_rule(deck), outlook.war_rule(deck)
    assert f"{rules.collapse_turns} turns in a row at or below {rules.collapse_approval}" in collapse
    assert f"at or below {rules.rupture_cohesion}" in rupture
    assert f"1 ({deck.tension_name(1)})" in war and f"2 ({deck.tension_name(2)})" in war
    start = dict(zip(("rung", "support", "approval", "cohesion"), deck.start.tracks))
    assert f"starts at {start['approval']}" in collapse and f"starts at {start['cohesion']}" in rupture


# --- the words of outcomes and of closed options ------------------------------------------


def test_outcome_words() -> None:
    res = Resolution("policy", "tokyo", "cabinet-decision", odds=60, roll=100, success=False)
    assert outcome_words(res) == "failure (roll 100, needed 60 or less)"
    assert outcome_words(evolve(res, roll=12, success=True)) == "success (roll 12, needed 60 or less)"
    assert outcome_words(Resolution("policy", "tokyo", "x", success=True)) == "success"
    assert outcome_words(Resolution("response", "tokyo", "x", gate="needs rung 2")) == "failure (gate failed: needs rung 2)"
    assert outcome_words(evolve(res, roll=None, ruled="the bureau objects")) == "failure (ruled by the facilitator)"
    assert outcome_words(evolve(res, success=True, override="no")) == "success (overridden by the facilitator: no)"


@pytest.mark.parametrize("seed", range(6))
def test_a_failure_is_never_told_with_its_success_text(mini_deck, seed) -> None:
    rng = random.Random(seed)
    state = new_game(mini_deck, seed=seed)
    failures = 0
    while not state.over:
        before = state
        state, events = apply(state, random_move(state, rng))
        for event in events:
            res = event.resolution
            if event.kind != "outcome" or res is None or res.success or res.kind == "clash":
                continue
            failures += 1
            card = mini_deck.card(before.card) if before.card else None
            option = mini_deck.policy(res.role, res.option) if res.kind == "policy" else card.response(res.role, res.option)
            assert option.explain not in event.text
            assert event.text.endswith(f": {outcome_words(res)}")
    if seed == 0:
        assert failures  # the test sees failures at all


def test_reasons_join_without_a_stop_before_the_semicolon() -> None:
    assert join_reasons(["Closed in this era on purpose.", "needs rung 2"]) == "Closed in this era on purpose. Needs rung 2"
    assert join_reasons(["needs rung 2", "Closed on purpose."]) == "needs rung 2; Closed on purpose."
    assert join_reasons(["One; two.", "three", "four"]) == "One; two. Three; four"
    assert join_reasons(["help from the U.S.", "wait...", "then"]) == "help from the U.S.; wait...; then"
    assert join_reasons(["", "alone."]) == "alone."
    assert join_reasons([]) == ""


@pytest.mark.parametrize("name", [p.stem for p in BUNDLED])
def test_no_closed_reason_reads_stop_semicolon(name) -> None:
    deck = load_deck(name)
    state = new_game(deck, seed=1)
    reasons = [a.reason for phase in ("responses", "policy") for role in ("tokyo", "washington", "beijing")
               for a in legal_actions(evolve(state, phase=phase, acted=()), role) if not a.allowed]
    assert reasons
    assert not [r for r in reasons if ".;" in r]


def test_a_flag_that_rules_an_option_out_reads_as_a_reason(mini_deck) -> None:
    state = new_game(mini_deck, seed=1)
    state = evolve(state, phase="policy", acted=(), flags=tuple(sorted({*state.flags, "panel_report"})))
    panel = next(a for a in legal_actions(state, "tokyo") if a.choice == "tokyo-advisory-panel")
    assert not panel.allowed
    assert panel.reason == "ruled out now that the advisory panel on the legal basis for security has reported"
