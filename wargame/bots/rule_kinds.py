"""The kinds of rule a doctrine is written in: vetoes, preferences, and a capital's doctrine of both.

They are data (attrs classes) kept apart from `rules`, which runs them:
the build compiles the modules that decide (see `hatch_build.py`), and a
compiled module holds no attrs classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from attrs import frozen

if TYPE_CHECKING:
    from .choices import Choice, Context

Test = Callable[["Context"], bool]
Favour = Callable[["Context", "Choice"], bool]
Key = Callable[["Context", "Choice"], float]


def always(_ctx: Context) -> bool:
    return True


@frozen
class Veto:
    """Strike out options the doctrine forbids while `when` holds."""

    reason: str
    exclude: Favour
    when: Test = always


@frozen
class Prefer:
    """While `when` holds, take the best of the options `favour` picks (by `key`, else expected gain)."""

    reason: str
    favour: Favour
    when: Test = always
    key: Key | None = None


@frozen
class Doctrine:
    """One capital's rules: for its responses to a card and for its standing policy, each in order."""

    role: str
    responses: tuple[Veto | Prefer, ...]
    policies: tuple[Veto | Prefer, ...]
    fallback: str = "best expected gain by the capital's objectives"
