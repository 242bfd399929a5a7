"""The chooser's words, read from the deck: odds, legal basis, effects on success and failure, the description.

Plain tests of `wargame.ui.option_text` and `wargame.ui.number_keys` on the UI
test deck (a user deck as far as the UI knows) and on options made here.
"""

from __future__ import annotations

import pytest
from attrs import evolve
from rich.console import Console

from wargame.decks import load_deck
from wargame.engine import HOLD, Action, GameState, new_game
from wargame.engine.model import Deck, Effect, Option
from wargame.ui.number_keys import Keyed, key_digit, keys_hint
from wargame.ui.option_text import (
    detail_lines,
    effect_text,
    flags_summary,
    numbered,
    option_body,
    outcome_text,
    tags_text,
    typed_text,
)

from .conftest import UI_DECK


@pytest.fixture(scope="module")
def deck() -> Deck:
    return load_deck(UI_DECK)


@pytest.fixture
def state(deck: Deck) -> GameState:
    return new_game(deck, seed=2)


def policy(deck: Deck, policy_id: str) -> tuple[Option, Action]:
    option = deck.policy("tokyo", policy_id)
    assert option is not None
    return option, Action("tokyo", "policy", option.id, label=option.label)


def on_card(state: GameState, card_id: str) -> GameState:
    return evolve(state, card=card_id, phase="responses")


def rendered(renderable: object, width: int) -> list[str]:
    console = Console(width=width, record=True, file=None, force_terminal=False)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get().rstrip("\n").split("\n")


def test_an_option_that_may_fail_says_what_it_does_on_success_and_on_failure(deck: Deck) -> None:
    """The sweep: odds 70%, CSD, cohesion up and support down on success; support down on failure."""
    card = next(c for c in deck.cards if c.response("tokyo", "sweep") is not None)
    state = on_card(new_game(deck, seed=2), card.id)
    option = card.response("tokyo", "sweep")
    assert option is not None
    assert outcome_text(state, option).plain == "support -4 cohesion +6 reputation +2 · fail: support -8"
    assert tags_text(state, option).plain == "odds 70% · CSD · support -4 cohesion +6 reputation +2 · fail: support -8"


def test_a_certain_option_has_no_failure_and_its_institution_and_flags_are_named(deck: Deck, state: GameState) -> None:
    option, _ = policy(deck, "tokyo-appoint-bureau-chief")
    assert outcome_text(state, option).plain == "support -1 Legislation Bureau → aligned"
    option, _ = policy(deck, "tokyo-advisory-panel")  # no track moves: the condition it sets, in the deck's words
    assert outcome_text(state, option).plain == f"now: {deck.flag('panel_report').text}"


def test_gains_and_losses_are_coloured_by_the_seat_s_objective(deck: Deck) -> None:
    """Tokyo plays for cohesion and support (green when they rise, red when they fall); a track it ignores is plain."""
    text = effect_text(deck, Effect((("cohesion", 6), ("support", -4), ("rung", 1))), "tokyo")
    styles = {text.plain[span.start : span.end]: str(span.style) for span in text.spans}
    assert styles == {"+6": "green", "-4": "red"}


def test_many_conditions_are_counted_on_the_line_and_named_when_expanded(deck: Deck, state: GameState) -> None:
    effect = Effect(set_flags=("panel_report",), clear_flags=("coalition_consent", "bill_submitted"))
    assert flags_summary(deck, effect) == "1 condition set, 2 conditions ended"
    option = Option("policy", "tokyo", "many", "Many conditions", "It changes several conditions.", (), basis="political", success=effect)
    action = Action("tokyo", "policy", "many", label=option.label)
    state = evolve(state, deck=evolve(deck, policies=(*deck.policies, option)))  # a deck of the user's own
    assert "1 condition set, 2 conditions ended" in option_body(state, action).plain
    details = " ".join(line.plain for line in detail_lines(state, option))
    for flag in ("panel_report", "coalition_consent", "bill_submitted"):
        assert deck.flag(flag).text in details


def test_the_expanded_option_has_its_whole_description_and_its_legal_basis_in_full(deck: Deck) -> None:
    card = next(c for c in deck.cards if c.response("tokyo", "sweep") is not None)
    state = on_card(new_game(deck, seed=2), card.id)
    option = card.response("tokyo", "sweep")
    assert option is not None
    action = Action("tokyo", "respond", "sweep", label=option.label)
    short = option_body(state, action).plain
    assert option.explain not in short and "Legal basis" not in short
    body = option_body(state, action, expanded=True).plain
    assert option.explain in body
    assert "Legal basis: collective self-defense under the three new conditions" in body


def test_a_political_decision_says_it_sends_no_one_only_when_expanded(deck: Deck, state: GameState) -> None:
    option, action = policy(deck, "tokyo-appoint-bureau-chief")
    assert "no SDF action" not in option_body(state, action).plain
    assert "certain · no SDF action · support -1" in option_body(state, action, expanded=True).plain


def test_a_closed_option_gives_its_reason_and_no_effects(deck: Deck, state: GameState) -> None:
    closed = Action("tokyo", "policy", "tokyo-cabinet-decision", allowed=False, reason="needs an aligned Legislation Bureau", label="Cabinet decision")
    assert option_body(state, closed, expanded=True).plain == "Cabinet decision\nclosed: needs an aligned Legislation Bureau"


def test_hold_does_nothing(state: GameState) -> None:
    hold = Action("tokyo", "policy", HOLD, label="Hold: no standing action this turn")
    assert option_body(state, hold).plain == "Hold: no standing action this turn\ncertain · nothing moves"


def test_a_wrapped_option_is_indented_under_its_title_and_its_number_stands_alone() -> None:
    from wargame.ui.safe import Text

    lines = rendered(numbered(12, 16, Text("a label long enough to wrap\nclosed: a reason that wraps as well")), 24)
    assert lines[0].startswith("12. a label")
    assert len(lines) > 2 and all(line.startswith("    ") and line[4] != " " for line in lines[1:])
    assert rendered(numbered(3, 9, Text("short")), 24) == ["3. short"]


def test_the_prompt_shows_the_digits_typed() -> None:
    assert typed_text("tokyo", "1", 16).plain == " Tokyo  choose: 1_  1-16: next digit or Enter"


@pytest.mark.parametrize(
    ("typed", "digit", "count", "keyed"),
    [
        ("", "3", 9, Keyed(chosen=3)),  # 9 or fewer: at once, as always
        ("", "1", 9, Keyed(chosen=1)),
        ("", "9", 5, Keyed(missing=9)),
        ("", "0", 16, Keyed(missing=0)),
        ("", "1", 16, Keyed(typed="1")),  # 10-16 begin with 1: wait
        ("1", "2", 16, Keyed(chosen=12)),
        ("1", "6", 16, Keyed(chosen=16)),
        ("1", "7", 16, Keyed(missing=17)),
        ("", "2", 16, Keyed(chosen=2)),  # nothing of 16 begins with 2 but 2
        ("", "2", 32, Keyed(typed="2")),
        ("", "4", 32, Keyed(chosen=4)),
        ("1", "0", 10, Keyed(chosen=10)),
        ("1", "0", 120, Keyed(typed="10")),
        ("10", "5", 120, Keyed(chosen=105)),
    ],
)
def test_number_keys(typed: str, digit: str, count: int, keyed: Keyed) -> None:
    assert key_digit(typed, digit, count) == keyed


def test_the_footer_names_the_numbers_of_the_list() -> None:
    assert (keys_hint(1), keys_hint(3), keys_hint(16)) == ("1", "1-3", "1-16")
