"""The doctrine bot: plays a capital by its doctrine, in the manner of the Labyrinth and COIN solo bots.

It reads only the seat's view and the deck's data (missions, distances,
escalation, effects, odds), never the card ids, so it plays any deck
written in the documented format. It is cheap: no lookahead. The rules
are in the doctrine book (`doctrine_book.toml`), the conditions they
name in `conditions.py`, how options are valued in `choices.py` and how
rules pick one in `rules.py`.
"""

from __future__ import annotations

from typing import Sequence

from attrs import field, frozen

from ..engine import Action, GameState, open_actions
from ..engine.tracks import ROLE_NAMES
from .choices import Context, choices_of
from .doctrine_book import doctrines
from .protocol import bot_die
from .rules import decide


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
        choices = choices_of(view, seat, actions)
        if not choices:
            raise ValueError(f"{seat} has no allowed action in the {view.phase} phase")
        phase = "responses" if choices[0].action.kind == "respond" else "policy"
        ctx = Context(view, seat, choices, phase)
        choice, reason = decide(doctrines()[seat], ctx, lambda: bot_die(self.seed, view, self.keyed))
        if choice.force and "deliberate" not in reason:
            reason += " (a deliberate use of force)"
        reason = f"{ROLE_NAMES[seat]} doctrine: {reason}"
        a = choice.action
        return Action(a.actor, a.kind, a.choice, a.value, rationale=reason, label=a.label), reason
