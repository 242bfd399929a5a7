"""Choosing an entry of a numbered list by its number, however long the list.

Deterministic, no timing: a digit chooses at once unless the digits typed so
far could begin a longer number of the list (`1` in a list of 16), in which
case the list waits for the next digit or Enter. A list of 9 or fewer entries
chooses on the first digit, as it always has.
"""

from __future__ import annotations

from attrs import frozen


@frozen
class Keyed:
    """After a digit: the digits still waiting, the number chosen, or the number there is no entry for."""

    typed: str = ""
    chosen: int | None = None
    missing: int | None = None


def key_digit(typed: str, digit: str, count: int) -> Keyed:
    """The digit `digit` pressed after `typed` in a list of `count` entries."""
    number = int(typed + digit)
    if not 1 <= number <= count:
        return Keyed(missing=number)
    if number * 10 <= count:  # 1 of 16: 10 to 16 begin with it too
        return Keyed(typed=typed + digit)
    return Keyed(chosen=number)


def keys_hint(count: int) -> str:
    """The keys that choose in a list of `count` entries, for the footer: '1-16'."""
    return "1" if count == 1 else f"1-{count}"
