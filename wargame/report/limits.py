"""The report's section on what the limits forbade: every option closed to a capital, and why.

Japan's legal ladder and public support decide which responses are open; the
hotwash asks about the closed ones, so they are told here in full, by capital
and by limit.
"""

from __future__ import annotations

from ..engine import ROLES, TRACKS
from ..engine.tracks import ROLE_NAMES
from .markdown import code, joined, md, table
from .records import Closure, Game
from .wording import basis_cell, option_name, rung_text


_LIMIT_TITLES = {
    "rung": "Responses closed by the legal ladder (a higher rung was needed)",
    "support": "Responses closed by public support",
    "other": "Responses closed by other limits (flags, institutions, tension, timing)",
}
_LIMIT_NAMES = {"rung": "legal ladder", "support": "public support", "other": "other"}


def limits_section(game: Game) -> str:
    """Closed options counted by capital and limit, each capital's in detail, and the gates that failed."""
    deck, final = game.deck, game.final
    start_rung, end_rung = deck.start.tracks[TRACKS.index("rung")], final.track("rung")
    lines = [
        "## What the limits forbade",
        "",
        "Every option a capital was offered but could not take, with the engine's reason. Japan's "
        "legal ladder decides which collective self-defense (CSD) responses are lawful at all, and "
        "public support gates missions, above all far from Japan. "
        + (
            f"Over this game the ladder went from {rung_text(start_rung)} to {rung_text(end_rung)}."
            if start_rung != end_rung
            else f"Over this game the ladder stayed at {rung_text(start_rung)}."
        ),
        "",
    ]
    overview = []
    for role in ROLES:
        responses = [c for c in game.closures if c.role == role and c.kind == "respond"]
        policies = [c for c in game.closures if c.role == role and c.kind == "policy"]
        overview.append([
            ROLE_NAMES[role],
            str(len(responses)),
            str(sum(1 for c in responses if c.option is not None and c.option.csd)),
            *(str(sum(1 for c in responses if c.limit == k)) for k in _LIMIT_TITLES),
            str(len(policies)),
        ])
    lines += table(
        ["Capital", "Closed responses", "of them CSD", "by the legal ladder", "by public support", "by other limits", "Closed standing policies"],
        overview,
    )
    for role in ROLES:
        lines += ["", *_role_limits(game, role)]
    failed = [o for o in game.all_outcomes() if o.gate]
    if failed:
        lines += [
            "",
            "### Chosen, then stopped at adjudication",
            "",
            "These were open when chosen but failed their gates when resolved, after an earlier "
            "response changed the situation:",
            "",
        ]
        rows = [[str(o.turn), f"#{o.seq}", ROLE_NAMES[o.role], option_name(o.option, o.choice), md(o.gate)] for o in failed]
        lines += table(["Turn", "Decision", "Capital", "Option", "Gate that failed"], rows)
    return joined(lines)


def _role_limits(game: Game, role: str) -> list[str]:
    """One capital's closed responses by limit, then its closed standing policies."""
    deck, name = game.deck, ROLE_NAMES[role]
    lines = [f"### {name}", ""]
    responses = [c for c in game.closures if c.role == role and c.kind == "respond"]
    policies = [c for c in game.closures if c.role == role and c.kind == "policy"]
    cards = len({(c.turn, c.card) for c in responses})
    if responses:
        lines.append(f"{name} found {len(responses)} responses closed on {cards} event cards.")
    else:
        lines.append(f"No response was closed to {name}: every response it was offered was open.")
    for limit, title in _LIMIT_TITLES.items():
        group = [c for c in responses if c.limit == limit]
        if group:
            lines += ["", f"#### {title}", ""]
            rows = []
            for items in _merged(group).values():
                c, option = items[0], items[0].option
                rows.append([
                    _turns(items),
                    f"{md(deck.card(c.card).title)} ({code(c.card)})" if c.card else "—",
                    option_name(option, c.choice),
                    basis_cell(option),
                    f"{code(option.mission)}, {option.distance}" if option is not None else "—",
                    md(c.reason),
                    ", ".join(code(s) for s in option.sources) if option is not None else "—",
                ])
            lines += table(["Turn", "Event card", "Response", "Legal basis", "Mission", "Why it was closed", "Sources"], rows)
    if policies:
        lines += ["", "#### Standing policies closed", ""]
        rows = []
        order = {choice: i for i, choice in enumerate(dict.fromkeys(c.choice for c in policies))}
        for items in sorted(_merged(policies).values(), key=lambda cs: (order[cs[0].choice], cs[0].turn)):
            c = items[0]
            rows.append([_turns(items), option_name(c.option, c.choice), _LIMIT_NAMES[c.limit], md(c.reason)])
        lines += table(["Turns", "Policy", "Limit", "Why it was closed"], rows)
    return lines


def _merged(closures: list[Closure]) -> dict[tuple[str, str, str, str], list[Closure]]:
    """Closures of the same option for the same reason, together (in order of first sight)."""
    merged: dict[tuple[str, str, str, str], list[Closure]] = {}
    for c in closures:
        merged.setdefault((c.kind, c.card, c.choice, c.reason), []).append(c)
    return merged


def _turns(closures: list[Closure]) -> str:
    """The turns, with runs shortened: "1–4, 7"."""
    turns = sorted(set(c.turn for c in closures))
    runs: list[list[int]] = []
    for t in turns:
        if runs and t == runs[-1][-1] + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)

