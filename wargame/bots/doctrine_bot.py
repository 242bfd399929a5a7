"""The doctrine bot: plays a capital by its doctrine, in the manner of the Labyrinth and COIN solo bots.

It reads only the seat's view and the deck's data (missions, distances,
escalation, effects, odds), never the card ids, so it plays any deck
written in the documented format. It is cheap: no lookahead. The rules
are in the doctrine book (`doctrine_book.toml`), the conditions they
name in `conditions.py`, how options are valued in `choices.py`, how
rules pick one in `rules.py`, and the decision itself in `doctrine_play.py`.
"""

from __future__ import annotations

from typing import Sequence

from attrs import field, frozen

from ..engine import Action, GameState, open_actions
from .doctrine_play import doctrine_choice


@frozen
class DoctrineBot:
    """Plays one capital by its doctrine; `kind` is "doctrine" for every capital."""

    seed: int = 0
    #: its die keyed by the decision, for rollouts (`protocol.bot_die`)
    keyed: bool = False
    kind: str = field(default="doctrine", init=False)

    def choose(self, view: GameState, seat: str) -> tuple[Action, str]:
        return self.choose_among(view, seat, open_actions(view, seat))

    def choose_among(self, view: GameState, seat: str, actions: Sequence[Action]) -> tuple[Action, str]:
        """Choose from actions already listed by `legal_actions(view, seat)` or `open_actions` (saves listing twice)."""
        return doctrine_choice(view, seat, actions, self.seed, self.keyed)
