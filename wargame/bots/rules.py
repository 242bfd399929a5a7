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
from .rule_kinds import Doctrine, Key, Veto, always


def decide(doctrine: Doctrine, ctx: Context, salt: int | Callable[[], int]) -> tuple[Choice, str]:
    """Run the doctrine's rules over the open choices: the choice and the reason for it."""
    rules = doctrine.responses if ctx.phase == "responses" else doctrine.policies
    pool = list(ctx.choices)
    notes: list[str] = []
    for rule in rules:
        if isinstance(rule, Veto):
            if rule.when is not always and not rule.when(ctx):  # most rules hold always: no call for them
                continue
            kept = [c for c in pool if not rule.exclude(ctx, c)]
            if kept and len(kept) < len(pool):
                pool = kept
                notes.append(rule.reason)
            continue
        if rule.when is not always and not rule.when(ctx):
            continue
        favoured = [c for c in pool if rule.favour(ctx, c)]
        if favoured:
            return _best(ctx, favoured, rule.key, salt), _say(rule.reason, notes)
    return _best(ctx, pool, None, salt), _say(doctrine.fallback, notes)


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
