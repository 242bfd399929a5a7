"""The bundled scenarios hold to the record, read from the TOML files themselves.

These tests read decks/*.toml with tomllib, not through the loader, so a
rule the checker stopped enforcing would still be caught here.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.decks.helpers import BUNDLED
from wargame.decks import DEFAULT_DECK, load_deck

ROLES = ("tokyo", "washington", "beijing")
#: the dated events the scenarios rest on (month where the record gives one)
RECORD_DATES = {
    "2010-09",  # trawler rams Coast Guard ships off the Senkakus
    "2013-01",  # fire-control radar lock
    "2013-11",  # East China Sea ADIZ
    "2014-04",  # Obama: Art. 5 covers the Senkakus
    "2015-04",  # new defense guidelines
    "2015-06",  # three scholars: the bills are unconstitutional
    "2016",  # Juba, rescue-escort tasks
    "2017-07",  # the Defense Minister resigns over the discarded logs
    "2017-05",  # Izumo: first asset protection
    "2017-08",  # missiles over Hokkaido
    "2017-09",
    "2021-02",  # China's Coast Guard Law
    "2022-08",  # PLA missiles in Japan's EEZ
    "2022-12",  # national security strategy: counterstrike
    "2025-10",  # Komeito leaves the coalition
    "2025-11",  # PM Takaichi on a Taiwan contingency
}
NON_DEPLOYMENTS = ("diplomacy", "statement", "economic", "exercise", "crisis_management", "other")


def read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


DECKS = {path.stem: read(path) for path in BUNDLED}


def responses(deck: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(card, response) for card in deck["cards"] for response in card["responses"]]


def options(deck: dict[str, Any]) -> list[dict[str, Any]]:
    """Every response and every policy of a deck."""
    return [r for _, r in responses(deck)] + list(deck.get("policies", []))


def by_deck(test):  # noqa: ANN001, ANN201 - a parametrize shorthand
    return pytest.mark.parametrize("name", sorted(DECKS))(test)


def test_four_scenarios_by_era_the_2013_one_by_default() -> None:
    assert sorted(d["era"] for d in DECKS.values()) == [2013, 2016, 2023, 2025]
    assert sorted(DECKS) == ["era-2013", "era-2016", "era-2023", "era-2025"]
    assert all(DECKS[name]["id"] == name for name in DECKS)
    assert DEFAULT_DECK == "era-2013"


def test_each_era_starts_where_the_record_puts_it() -> None:
    before = DECKS["era-2013"]["start"]
    assert before["tracks"]["rung"] == 0, "2013: individual self-defense only"
    assert before["institutions"]["coalition_brake"] is True, "2013: Komeito in the coalition"
    assert before["institutions"]["bureau"] == "guardian", "2013: the Bureau guards the 1972 reading"
    for name in ("era-2016", "era-2023", "era-2025"):
        assert DECKS[name]["start"]["tracks"]["rung"] == 2, f"{name}: security legislation in force since March 2016"
    assert DECKS["era-2016"]["start"]["institutions"]["coalition_brake"] is True
    assert DECKS["era-2023"]["start"]["institutions"]["coalition_brake"] is True
    assert DECKS["era-2025"]["start"]["institutions"]["coalition_brake"] is False, "2025: Komeito left the coalition"


def test_all_fifteen_cases_of_may_2014_are_cards() -> None:
    cases = {card["case"] for deck in DECKS.values() for card in deck["cards"] if "case" in card}
    assert cases == set(range(1, 16))
    assert all(isinstance(card.get("case", 1), int) for deck in DECKS.values() for card in deck["cards"])


def test_at_least_40_distinct_event_cards_and_10_dated_events_of_the_record() -> None:
    ids = {card["id"] for deck in DECKS.values() for card in deck["cards"]}
    assert len(ids) >= 40, len(ids)
    dates = [card["date"] for deck in DECKS.values() for card in deck["cards"] if "date" in card]
    assert len(dates) >= 10
    assert len(set(dates) & RECORD_DATES) >= 10, sorted(set(dates))
    assert all(2010 <= int(d[:4]) <= 2026 for d in dates), dates


@by_deck
def test_card_ids_are_unique_within_a_deck(name: str) -> None:
    counts = Counter(card["id"] for card in DECKS[name]["cards"])
    assert [i for i, n in counts.items() if n > 1] == []


@by_deck
def test_every_card_addresses_two_capitals_each_with_three_responses_and_a_way_out(name: str) -> None:
    for card in DECKS[name]["cards"]:
        addresses = card["addresses"]
        assert len(set(addresses)) == len(addresses) >= 2 and set(addresses) <= set(ROLES), card["id"]
        for role in addresses:
            mine = [r for r in card["responses"] if r["role"] == role]
            assert len(mine) >= 3, (card["id"], role, len(mine))
            assert any(r.get("escalation", 0) == 0 and not r.get("requires") for r in mine), (card["id"], role, "no non-escalatory way out")
        assert {r["role"] for r in card["responses"]} <= set(addresses), card["id"]


@by_deck
def test_every_card_response_and_policy_cites_sources_the_deck_has(name: str) -> None:
    deck = DECKS[name]
    known = {s["id"] for s in deck["sources"]}
    assert all(s.get("cite", "").strip() for s in deck["sources"])
    for item in [*deck["cards"], *options(deck)]:
        assert item.get("sources"), f"{item['id']} has no sources"
        assert set(item["sources"]) <= known, f"{item['id']} cites {set(item['sources']) - known}"


@by_deck
def test_every_card_response_and_policy_explains_itself_in_one_line(name: str) -> None:
    deck = DECKS[name]
    for item in [*deck["cards"], *options(deck)]:
        explain = item.get("explain", "")
        assert explain.strip() and "\n" not in explain, item["id"]


@by_deck
def test_no_response_or_policy_offers_front_line_combat(name: str) -> None:
    for option in options(DECKS[name]):
        assert option.get("mission") != "combat", option["id"]
        assert "combat" not in option["id"].split("-"), option["id"]


@by_deck
def test_the_2015_bases_are_gated_at_the_rung_the_law_allows(name: str) -> None:
    """Read through the loader, where the legal basis brings its gates: rung 2 and the situation or request."""
    deck = load_deck(name)
    gates = {"csd": "survival_threat", "asset_protection": "us_request", "important_influence": "important_influence", "peace_support": "un_resolution"}
    checked = 0
    for option in (*deck.policies, *(r for c in deck.cards for r in c.responses)):
        if option.role == "tokyo" and option.basis in gates:
            assert (option.requires.min_of("rung") or 0) >= 2, (option.id, "needs rung 2: security legislation in force")
            assert gates[option.basis] in option.requires.flags, (option.id, f"needs the {gates[option.basis]} flag")
            checked += 1
    for option in options(DECKS[name]):
        if option["role"] == "tokyo" and option.get("mission") == "use_of_force":
            assert option.get("basis") in ("csd", "individual_self_defense"), option["id"]
    assert checked >= 3


@by_deck
def test_csd_cases_offer_tokyo_a_response_on_a_basis_of_the_2015_laws(name: str) -> None:
    """Cases 8-15 test what the 2015 laws opened: CSD itself, or asset protection, support and peace support."""
    new_bases = {"csd", "asset_protection", "important_influence", "peace_support"}
    for card in DECKS[name]["cards"]:
        if card.get("case", 0) >= 8:  # cases 8-15 are the CSD cases of May 2014
            assert any(r.get("basis") in new_bases for r in card["responses"] if r["role"] == "tokyo"), card["id"]


@by_deck
def test_far_missions_need_markedly_more_support_than_near_ones(name: str) -> None:
    near, far = [], []
    for option in options(DECKS[name]):
        if option["role"] != "tokyo" or option.get("mission", "other") in NON_DEPLOYMENTS:
            continue
        if option.get("basis") in ("political", "protect_nationals", "transport_nationals"):
            continue  # no deployment, or the rescue of one's own nationals, which no far-mission gate fits
        support = option.get("requires", {}).get("min_support", 0)
        if option.get("distance") == "far":
            if option.get("escalation", 0) > 0:
                far.append((support, option["id"]))
        else:
            near.append((support, option["id"]))
    assert far and near
    assert min(far)[0] >= 45, min(far)
    assert min(far)[0] >= max(near)[0] + 15, (min(far), max(near))


def test_tokyo_climbs_the_ladder_the_way_it_was_climbed() -> None:
    """Bureau appointment, advisory panel, cabinet decision, bill, Diet vote; amendment by two-thirds and referendum."""
    policies = [p for p in DECKS["era-2013"]["policies"] if p["role"] == "tokyo"]

    def one(test) -> dict[str, Any]:  # noqa: ANN001
        found = [p for p in policies if test(p, p.get("requires", {}), p.get("success", {}))]
        assert found, "missing a step of the ladder"
        return found[0]

    appoint = one(lambda p, r, s: s.get("institutions", {}).get("bureau") == "aligned")
    panel = one(lambda p, r, s: s.get("set_flags") and "panel" in s["set_flags"][0])
    decision = one(lambda p, r, s: s.get("rung") == 1 and r.get("bureau") == "aligned" and r.get("max_rung") == 0)
    assert panel["success"]["set_flags"][0] in decision["requires"]["flags"]
    bill = one(lambda p, r, s: r.get("min_rung") == 1 and s.get("set_flags") and "bill" in s["set_flags"][0])
    vote = one(lambda p, r, s: s.get("rung") == 1 and bill["success"]["set_flags"][0] in r.get("flags", []))
    amend = one(lambda p, r, s: r.get("diet") == ["supermajority"] and r.get("min_rung") == 2)
    referendum = one(lambda p, r, s: s.get("rung") == 1 and set(amend["success"]["set_flags"]) & set(r.get("flags", [])))
    for step in (appoint, decision, bill, vote, amend):
        assert step["success"].get("support", 0) < 0, f"{step['id']} has no political cost"
    assert referendum["id"] != vote["id"]


@by_deck
def test_washington_and_beijing_have_policy_actions(name: str) -> None:
    roles = Counter(p["role"] for p in DECKS[name]["policies"])
    assert roles["washington"] >= 3 and roles["beijing"] >= 3 and roles["tokyo"] >= 3, roles
