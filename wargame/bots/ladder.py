"""Which options move Japan up the legal ladder, directly or by preparing a step.

A doctrine must know that appointing a Bureau chief or submitting bills is
a step towards the next rung even though the rung does not move yet. That
is read from the deck: an option that raises the rung climbs; an option
whose success sets a flag or an institution some ladder option requires
(the coalition partner's consent among them) prepares, and so on
backwards until nothing new is found.
"""

from __future__ import annotations

from typing import Final

from ..engine.law import COALITION_CONSENT
from ..engine.model import Deck, Option

_CACHE: Final[dict[str, frozenset[tuple[str, str, str]]]] = {}


def _key(option: Option) -> tuple[str, str, str]:
    return (option.kind, option.role, option.id)


def _raises_rung(option: Option) -> bool:
    return any(track == "rung" and d > 0 for track, d in option.success.deltas)


def ladder_options(deck: Deck) -> frozenset[tuple[str, str, str]]:
    """(kind, role, id) of every option that climbs or prepares a climb, for this deck."""
    cache_key = deck.content_hash or deck.id
    found = _CACHE.get(cache_key)
    if found is not None:
        return found
    # a closed option never climbs: it neither starts nor prepares a step
    options = [o for o in (*deck.policies, *(r for c in deck.cards for r in c.responses)) if not o.closed]
    ladder = {_key(o): o for o in options if _raises_rung(o)}
    while True:
        needed_flags = {f for o in ladder.values() for f in o.requires.flags}
        needed_flags |= {COALITION_CONSENT for o in ladder.values() if o.requires.coalition_consent}
        needed_inst = {(n, v) for o in ladder.values() for n, vs in o.requires.institutions for v in vs}
        grown = False
        for o in options:
            if _key(o) in ladder:
                continue
            effect = o.success
            if set(effect.set_flags) & needed_flags or {(n, v) for n, v in effect.institutions} & needed_inst:
                ladder[_key(o)] = o
                grown = True
        if not grown:
            break
    found = _CACHE[cache_key] = frozenset(ladder)
    return found


def is_ladder_step(deck: Deck, option: Option | None) -> bool:
    return option is not None and _key(option) in ladder_options(deck)
