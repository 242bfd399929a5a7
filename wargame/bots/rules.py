"""How a doctrine's ordered rules pick one choice, and the reason they give for it.

A doctrine is an ordered list of rules. Vetoes come first and strike out
options the capital's doctrine forbids now (unless nothing would be left);
then the first preference whose condition holds and which favours at least
one remaining option decides, taking the favoured option with the best
expected gain for the role. Every choice carries the rule's one-line
reason, so the log shows why.
"""

from __future__ import annotations

from typing import Final, Callable

from ..engine.chance import mix
from .choices import Choice, Context
from .rule_kinds import Doctrine, Favour, Key, Prefer, Test, Veto, always


def decide(doctrine: Doctrine, ctx: Context, salt: int | Callable[[], int]) -> tuple[Choice, str]:
    """Run the doctrine's rules over the open choices: the choice and the reason for it."""
    pool = list(ctx.choices)
    notes: list[str] = []
    for step in _steps(doctrine, ctx.phase):
        if not step.always and not step.when(ctx):  # most rules hold always: no call for them
            continue
        if step.veto:
            kept = [c for c in pool if not step.test(ctx, c)]
            if kept and len(kept) < len(pool):
                pool = kept
                notes.append(step.reason)
            continue
        favoured = [c for c in pool if step.test(ctx, c)]
        if favoured:
            return _best(ctx, favoured, step.key, salt), _say(step.reason, notes)
    return _best(ctx, pool, None, salt), _say(doctrine.fallback, notes)


class Step:
    """One rule of a doctrine as `decide` runs it: plain fields of a compiled class, read directly."""

    __slots__ = ("veto", "when", "always", "test", "key", "reason")

    def __init__(self, rule: Veto | Prefer) -> None:
        self.veto: bool = isinstance(rule, Veto)
        self.when: Test = rule.when
        self.always: bool = rule.when is always
        #: a veto's exclusion, or a preference's favour
        self.test: Favour = rule.exclude if isinstance(rule, Veto) else rule.favour
        self.key: Key | None = None if isinstance(rule, Veto) else rule.key
        self.reason: str = rule.reason


#: per doctrine (by id, the doctrine kept alive): its rules for responses and for policies as steps
_STEPS: Final[dict[int, tuple[Doctrine, tuple[Step, ...], tuple[Step, ...]]]] = {}


def _steps(doctrine: Doctrine, phase: str) -> tuple[Step, ...]:
    found = _STEPS.get(id(doctrine))
    if found is None or found[0] is not doctrine:
        found = _STEPS[id(doctrine)] = (doctrine, tuple(map(Step, doctrine.responses)), tuple(map(Step, doctrine.policies)))
    return found[1] if phase == "responses" else found[2]


#: options within this much expected gain of the best count as equally good, and the doctrine varies among them
CLOSE: Final = 1.0


def _best(ctx: Context, pool: list[Choice], key: Key | None, salt: int | Callable[[], int]) -> Choice:
    """The best by key, then by expected gain; among options about as good, a seeded pick.

    A doctrine that always takes the one highest figure plays like a lookup
    table (and a player learns to exploit it); options within `CLOSE` of the
    best are taken in turn, as a staff would vary its courses of action.
    """
    if len(pool) == 1:
        return pool[0]
    if key is not None:
        firsts = [round(key(ctx, c), 6) for c in pool]
        top_key = max(firsts)
        pool = [c for c, k in zip(pool, firsts) if k >= top_key - CLOSE * 0.5]
        if len(pool) == 1:
            return pool[0]
    evs = [round(c.ev, 6) for c in pool]
    top = max(evs)
    near = [c for c, e in zip(pool, evs) if e >= top - CLOSE]
    if len(near) == 1:
        return near[0]
    seed = salt() if callable(salt) else salt  # worked out only when options tie
    return near[mix(seed, len(near)) % len(near)]


def _say(reason: str, notes: list[str]) -> str:
    """The deciding rule, then the vetoes that struck options out (two at most, to keep one short line)."""
    if not notes:
        return reason
    more = f"; {len(notes) - 2} more" if len(notes) > 2 else ""
    return f"{reason} ({'; '.join(notes[:2])}{more})"
