"""The doctrine bot's decision: the open options valued, the doctrine's rules run, the action and its reason.

Kept apart from `DoctrineBot` (an attrs class, which mypyc does not
compile) so that it is compiled with the rest of the hot path
(`hatch_build.py`).
"""

from __future__ import annotations

from typing import Final, Sequence

from ..engine import Action, GameState
from ..engine.tracks import ROLE_NAMES
from .choices import Context, choices_of
from .doctrine_book import doctrines
from .protocol import bot_die
from .rules import decide


def doctrine_choice(view: GameState, seat: str, actions: Sequence[Action], seed: int, keyed: bool) -> tuple[Action, str]:
    """The action `seat`'s doctrine takes among `actions` (listed by `legal_actions` or `open_actions`), with its reason."""
    choices = choices_of(view, seat, actions)
    if not choices:
        raise ValueError(f"{seat} has no allowed action in the {view.phase} phase")
    phase = "responses" if choices[0].action.kind == "respond" else "policy"
    ctx = Context(view, seat, choices, phase)
    choice, reason = decide(doctrines()[seat], ctx, lambda: bot_die(seed, view, keyed))
    if choice.force and "deliberate" not in reason:
        reason += " (a deliberate use of force)"
    reason = f"{ROLE_NAMES[seat]} doctrine: {reason}"
    return _with_reason(choice.action, reason), reason


#: the actions taken so far with their reasons, by their fields: a frozen value, shared (attrs' __init__ runs in Python)
_TAKEN: Final[dict[tuple[str, str, str, int, str, str], Action]] = {}
#: how many are kept before the cache starts afresh
_KEPT: Final = 100_000


def _with_reason(a: Action, reason: str) -> Action:
    """The action `a` with `reason` as its rationale, built once for each action and reason."""
    key = (a.actor, a.kind, a.choice, a.value, a.label, reason)
    found = _TAKEN.get(key)
    if found is None:
        if len(_TAKEN) >= _KEPT:
            _TAKEN.clear()
        found = _TAKEN[key] = Action(a.actor, a.kind, a.choice, a.value, rationale=reason, label=a.label)
    return found
