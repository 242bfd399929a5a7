"""The factual errors an expert found in the decks stay fixed: one test per error, reading the deck data.

Each test names the error as the review found it (see decks/SOURCES.md) and
reads the bundled decks by what the cards are (their case of May 2014, their
mission, their date), not by ids, so a rewritten card is held to the same fact.
"""

from __future__ import annotations

import re

import pytest

from wargame.decks import bundled_paths, load_deck
from wargame.engine import diet, new_game
from wargame.engine.tracks import HOUSES

DECKS = {p.stem: load_deck(p) for p in bundled_paths()}


def cards_of_case(deck, case: int):
    return [c for c in deck.cards if c.case == case]


def all_options(deck):
    for card in deck.cards:
        for r in card.responses:
            yield card, r
    for p in deck.policies:
        yield None, p


def text_of(option) -> str:
    return f"{option.label} {option.explain}"


@pytest.mark.parametrize("name", sorted(DECKS))
def test_rescue_of_nationals_is_never_collective_self_defense(name: str) -> None:
    for card, option in all_options(DECKS[name]):
        if option.role == "tokyo" and (option.mission == "rescue_nationals" or (card is not None and card.case == 7)):
            assert option.basis != "csd", (card.id if card else "policy", option.id)
        if option.mission == "rescue_nationals" and option.role == "tokyo":
            assert option.basis in ("protect_nationals", "transport_nationals", "political"), option.id


@pytest.mark.parametrize("name", sorted(DECKS))
def test_protective_measures_need_public_order_and_no_combat_at_the_site(name: str) -> None:
    """SDF Law Art. 84-3: host consent is not the only gate."""
    for _card, option in all_options(DECKS[name]):
        if option.basis == "protect_nationals" and not option.closed:
            assert {"host_consent", "public_order", "no_combat_expected"} <= set(option.requires.flags), option.id
            assert option.requires.min_of("support") is None, f"{option.id}: a far-mission support gate does not fit rescuing one's own nationals"


@pytest.mark.parametrize("name", ["era-2023", "era-2025"])
def test_transport_of_nationals_needs_neither_the_2015_gates_nor_support(name: str) -> None:
    """Art. 84-4 transport (Sudan, April 2023) is open without rung 2 or a support threshold."""
    transports = [o for _c, o in all_options(DECKS[name]) if o.basis == "transport_nationals" and not o.closed]
    assert transports, f"{name} offers no transport of nationals"
    for option in transports:
        assert (option.requires.min_of("rung") or 0) < 2 and option.requires.min_of("support") is None, option.id


@pytest.mark.parametrize("name", sorted(DECKS))
def test_asset_protection_is_not_collective_self_defense(name: str) -> None:
    """Art. 95-2: police-type weapons use on a US request, decided by the Defense Minister."""
    for card, option in all_options(DECKS[name]):
        if option.mission == "asset_protection":
            assert option.basis == "asset_protection" and not option.csd, option.id
            assert option.requires.approval == "", f"{option.id}: asset protection needs no Diet vote"
        if card is not None and card.case == 12 and option.role == "tokyo":
            assert option.basis != "csd" or option.force, f"case 12 ({card.id}): {option.id} is tagged CSD"


def test_no_counterstrike_can_be_used_in_2023() -> None:
    """The Tomahawk purchase was moved up to FY2025; deliveries began in March 2026."""
    deck = DECKS["era-2023"]
    for _card, option in all_options(deck):
        if option.role == "tokyo" and re.search(r"counter-?strike", text_of(option), re.I) and (option.force or option.escalation >= 2):
            assert option.closed, f"{option.id} uses a counterstrike capability that 2023 does not have"


@pytest.mark.parametrize("name", sorted(DECKS))
def test_seouls_consent_is_a_political_cost_not_a_legal_gate(name: str) -> None:
    for _card, option in all_options(DECKS[name]):
        for flag in option.requires.flags:
            assert "seoul" not in flag or "consent" not in flag, f"{option.id} is gated on Seoul's consent ({flag})"


def test_the_2025_diet_is_set_from_the_record() -> None:
    """The ruling bloc lost its lower-house majority (Oct 2024) and its upper-house majority (Jul 2025); Komeito left on 10 Oct 2025."""
    deck = DECKS["era-2025"]
    state = new_game(deck, seed=1)
    assert state.institution("coalition_brake") is False
    assert deck.diet is not None and deck.diet.partner != "Komeito"
    for house in HOUSES:
        assert diet.ruling_seats(state, house) < diet.house_now(state, house).majority, house
    assert diet.standing(state) == "hung"


@pytest.mark.parametrize("name", sorted(DECKS))
def test_a_draw_sets_the_problem_and_does_not_move_cohesion(name: str) -> None:
    for card in DECKS[name].cards:
        assert not any(t == "cohesion" for t, _ in card.on_draw.deltas), card.id


@pytest.mark.parametrize("name", sorted(DECKS))
def test_no_text_offers_the_use_of_force_far_from_japan(name: str) -> None:
    """Dispatch abroad for the purpose of using force stays barred on every rung."""
    for _card, option in all_options(DECKS[name]):
        assert not re.search(r"use of force far from (home|japan)", text_of(option), re.I), option.id


@pytest.mark.parametrize("name", sorted(DECKS))
def test_money_instead_of_ships_does_not_raise_reputation(name: str) -> None:
    """The 1991 Gulf War lesson: $13 billion and no people earned criticism, not credit."""
    for _card, option in all_options(DECKS[name]):
        if option.role == "tokyo" and option.mission == "economic" and option.distance == "far":
            assert dict(option.success.deltas).get("reputation", 0) <= 0, option.id


@pytest.mark.parametrize("name", sorted(DECKS))
def test_two_percent_of_gdp_counts_defense_and_related_spending(name: str) -> None:
    deck = DECKS[name]
    texts = [deck.description] + [f"{c.title} {c.text} {c.explain}" for c in deck.cards] + [text_of(o) for _c, o in all_options(deck)]
    for text in texts:
        if re.search(r"2\s?% of GDP", text):
            assert re.search(r"related", text), text[:120]


@pytest.mark.parametrize("name", sorted(DECKS))
def test_every_tokyo_option_names_its_legal_basis(name: str) -> None:
    assert all(o.basis for _c, o in all_options(DECKS[name]) if o.role == "tokyo")
