"""The doctrine book: read from data, every rule naming a condition that exists."""

from __future__ import annotations

import pytest

from wargame.bots.doctrine_book import BookError, doctrines, read_book
from wargame.bots.rule_kinds import Prefer, Veto
from wargame.engine import ROLES


def test_the_book_gives_every_capital_rules_for_responses_and_policies() -> None:
    book = doctrines()
    assert set(book) == set(ROLES)
    for role, doctrine in book.items():
        assert doctrine.role == role and doctrine.responses and doctrine.policies
        assert all(isinstance(rule, (Veto, Prefer)) and rule.reason for rule in (*doctrine.responses, *doctrine.policies))


def test_a_book_naming_an_unknown_condition_is_refused() -> None:
    rule = {"prefer": "calms", "when": "near_war", "reason": "step back"}
    data = {role: {"responses": [rule], "policies": [rule]} for role in ROLES}
    assert read_book(data)["tokyo"].policies[0].reason == "step back"
    data["beijing"]["policies"] = [{**rule, "when": "full_moon"}]
    with pytest.raises(BookError, match=r"\[beijing\] policies rule 1: when 'full_moon'"):
        read_book(data)
    data["beijing"]["policies"] = [{"veto": "calms", "prefer": "calms", "reason": "both"}]
    with pytest.raises(BookError, match="give veto or prefer"):
        read_book(data)
