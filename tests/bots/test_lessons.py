"""The paper's lessons hold in the bundled decks: on their data, and over seeded bot games.

Rinehart (2013), as DOMAIN.md sums it up: CSD is closed at rung 0 and opens
with the statute; front-line combat is barred; far missions need and cost
more public support; logistics outside a UN framework is opened on policy
grounds at rung 2; regional partnership feeds the coalition narrative;
strategic communications move Japan's reputation; and the alliance's gain
from CSD is modest at first and larger later.
"""

from __future__ import annotations

from statistics import mean

import pytest
from attrs import evolve

from wargame.analysis import play_game
from wargame.bots import bots_for
from wargame.bots.playout import play_out
from wargame.decks import bundled_paths, load_deck
from wargame.engine import new_game
from wargame.engine.adjudicate import option_unmet
from wargame.engine.law import BASES
from wargame.engine.tracks import PARTNERS, TRACK_INDEX

DECKS = {p.stem: load_deck(p) for p in bundled_paths()}
DOCTRINE = {"tokyo": "doctrine", "washington": "doctrine", "beijing": "doctrine"}


def options(deck):
    yield from deck.policies
    for card in deck.cards:
        yield from card.responses


def tokyo_options(deck):
    return [o for o in options(deck) if o.role == "tokyo"]


def position(deck, *, flags=(), **tracks):
    state = new_game(deck, seed=1)
    values = list(state.values)
    for name, value in tracks.items():
        values[TRACK_INDEX[name]] = value
    return evolve(state, values=tuple(values), flags=tuple(sorted(set(flags))))


def every_flag(deck):
    return {f.name for f in deck.flags}


@pytest.mark.parametrize("name", sorted(DECKS))
def test_csd_is_refused_at_rung_0_with_the_legal_reason(name: str) -> None:
    deck = DECKS[name]
    csd = [o for o in tokyo_options(deck) if o.csd]
    assert csd, f"{name} offers no collective self-defense option"
    for option in csd:
        low = position(deck, rung=0, support=100, tension=3, flags=every_flag(deck))
        reasons = [text for why, text in option_unmet(option, low) if why == "rung"]
        assert reasons and "needs rung 2: security legislation in force" in reasons[0], option.id


def test_csd_opens_at_rung_2_when_support_the_situation_and_the_diet_allow() -> None:
    """In the eras the missions are played (the 2013 one closes them on purpose: it plays the opening of the basis)."""
    opened = {}
    for name, deck in DECKS.items():
        for o in tokyo_options(deck):
            if o.csd and not o.closed and not o.force:
                at = position(deck, rung=2, support=100, tension=max(2, o.requires.min_of("tension") or 2), flags=every_flag(deck))
                if not option_unmet(o, at):
                    opened.setdefault(name, []).append(o.id)
    assert {"era-2016", "era-2023", "era-2025"} <= set(opened), opened


@pytest.mark.parametrize("name", sorted(DECKS))
def test_front_line_combat_is_offered_nowhere(name: str) -> None:
    assert all(o.mission != "combat" for o in options(DECKS[name]))


@pytest.mark.parametrize("name", sorted(DECKS))
def test_far_missions_need_and_cost_more_support_than_near_ones(name: str) -> None:
    deployments = [
        o for o in tokyo_options(DECKS[name])
        if o.basis not in ("political", "protect_nationals", "transport_nationals") and o.escalation > 0
    ]
    far = [o for o in deployments if o.distance == "far"]
    near = [o for o in deployments if o.distance != "far"]
    assert far and near, name
    assert min(o.requires.min_of("support") or 0 for o in far) > max(o.requires.min_of("support") or 0 for o in near)

    def cost(o) -> float:
        p = (o.odds or 100) / 100
        return p * dict(o.success.deltas).get("support", 0) + (1 - p) * dict(o.failure.deltas).get("support", 0)

    assert mean(cost(o) for o in far) < mean(cost(o) for o in near), name


@pytest.mark.parametrize("name", sorted(DECKS))
def test_logistics_outside_a_un_framework_is_closed_at_rung_0_and_opened_by_policy_at_rung_2(name: str) -> None:
    deck = DECKS[name]
    logistics = [o for o in tokyo_options(deck) if o.mission == "logistics" and o.basis == "important_influence" and not o.closed]
    assert logistics, f"{name} has no logistics on an important-influence basis"
    flags = every_flag(deck)
    for option in logistics:
        assert any(why == "rung" for why, _ in option_unmet(option, position(deck, rung=0, support=100, tension=3, flags=flags)))
    opened = [o for o in logistics if not option_unmet(o, position(deck, rung=2, support=100, tension=3, flags=flags))]
    assert opened, name
    # it takes a Cabinet recognition of the situation: a policy sets the flag
    assert any("important_influence" in p.success.set_flags for p in deck.policies if p.role == "tokyo"), name


@pytest.mark.parametrize("name", sorted(DECKS))
def test_regional_partnership_raises_the_coalition_narrative_risk(name: str) -> None:
    deck = DECKS[name]
    builders = [o for o in tokyo_options(deck) if any(t in PARTNERS and d > 0 for t, d in o.success.deltas)]
    assert builders, f"{name}: nothing Tokyo does builds a partnership"
    feeds = [o for o in builders if dict(o.success.deltas).get("narrative", 0) > 0]
    assert len(feeds) * 2 >= len(builders), f"{name}: most partnership-building options should feed the coalition narrative"


@pytest.mark.parametrize("name", sorted(DECKS))
def test_strategic_communications_move_reputation(name: str) -> None:
    deck = DECKS[name]
    comms = [p for p in deck.policies if p.role == "tokyo" and p.basis == "political" and dict(p.success.deltas).get("reputation", 0) > 0]
    assert comms, name
    games = [play_game(deck, seed, DOCTRINE) for seed in range(40)]
    assert len({g.tracks[TRACK_INDEX["reputation"]] for g in games}) > 3


@pytest.mark.parametrize("name", ["era-2016"])
def test_the_alliance_gain_from_csd_is_modest_at_first_and_larger_later(name: str) -> None:
    """In the era the statute opens CSD, cohesion and interoperability gain less in the first four turns than in the next four."""
    deck = DECKS[name]
    early, later = [], []
    for seed in range(200):
        final = play_out(new_game(deck, seed=seed), bots_for(DOCTRINE, seed))
        history = final.history
        if len(history) < 9:
            continue
        for track in ("cohesion", "interop"):
            i = TRACK_INDEX[track]
            early.append(history[4][i] - history[0][i])
            later.append(history[8][i] - history[4][i])
    assert early and mean(early) < mean(later), (mean(early), mean(later))


def test_every_basis_the_bundled_decks_use_is_one_the_law_knows() -> None:
    for deck in DECKS.values():
        for option in tokyo_options(deck):
            assert option.basis in BASES, (deck.id, option.id)
