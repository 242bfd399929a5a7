"""A test deck whose Tokyo policy list runs to 16 entries: the UI test deck and seven more policies.

The bundled decks list more than 30 Tokyo policies, most of them closed on the
first turns; this one keeps the UI test deck's cards and adds policies that
are open from the start (one always closed, with a long reason), so option 12
can be chosen and snapshots stand still when a bundled deck changes.
"""

from __future__ import annotations

from pathlib import Path

from attrs import evolve

from wargame.decks import load_deck
from wargame.engine.model import Deck, Effect, Option
from wargame.ui.app import WargameApp
from wargame.ui.settings import GameSettings

from .conftest import BOTS, UI_DECK

#: the long reason of the always-closed test policy, wrapped over several lines at 80 columns
CLOSED_REASON = (
    "a test policy closed on purpose, with a reason long enough to wrap over several lines "
    "of the chooser at 80 columns, each of them indented under the option's title"
)


def extra(n: int) -> Option:
    """Test policy `n` (9 to 15): certain gains, but 12 has odds, a failure and a long description, and 10 is closed."""
    if n == 12:
        return Option(
            "policy",
            "tokyo",
            "tokyo-test-12",
            "Test policy twelve: a gamble with a long description",
            "A test policy of the chooser with odds, a cost on failure and a description long enough to wrap "
            "over three or four lines of the chooser at 80 columns, shown whole while it is highlighted.",
            (),
            basis="political",
            odds=60,
            success=Effect((("support", 3), ("cohesion", -2))),
            failure=Effect((("approval", -2),)),
        )
    return Option(
        "policy",
        "tokyo",
        f"tokyo-test-{n}",
        f"Test policy {n}",
        f"A test policy of the chooser, number {n}.",
        (),
        basis="political",
        success=Effect((("narrative", -1),)),
        closed=CLOSED_REASON if n == 10 else "",
    )


def long_deck() -> Deck:
    deck = load_deck(UI_DECK)
    return evolve(deck, policies=(*deck.policies, *(extra(n) for n in range(9, 16))))


def long_app(tmp_path: Path, *, seed: int = 2, **seats: str) -> WargameApp:
    """An app on the long deck with no bot pacing, no cursor blink and saves in `tmp_path`."""
    settings = GameSettings(deck=str(UI_DECK), seed=seed, seats={"tokyo": "human", **BOTS, **seats})
    return WargameApp(settings, deck=long_deck(), saves_dir=tmp_path / "saves", pace=0, cursor_blink=False)
