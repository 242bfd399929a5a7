"""Seats: who plays each capital (a human or a bot kind) and whether a facilitator sits."""

from __future__ import annotations

from typing import Mapping

from .engine.tracks import FACILITATOR, ROLES

#: a seat played at the keyboard
HUMAN = "human"
#: the bot kinds a seat may name, in the order menus and messages list them (`wargame.bots` makes one of each)
BOT_KINDS: tuple[str, ...] = ("random", "doctrine", "rollout")
#: every kind a capital's seat may be: saves and the command line are checked against these
SEAT_KINDS: tuple[str, ...] = (HUMAN, *BOT_KINDS)

DEFAULT_SEATS: dict[str, str] = {"tokyo": "human", "washington": "random", "beijing": "random", FACILITATOR: "off"}


def parse_seats(text: str, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """'tokyo=human,washington=doctrine' -> a full seat map; ValueError names what is wrong."""
    seats = dict(base or DEFAULT_SEATS)
    given: set[str] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        role, sep, kind = part.partition("=")
        role, kind = role.strip().lower(), kind.strip().lower()
        if not sep:
            raise ValueError(f"seat '{part}' must be ROLE=KIND, for example tokyo=human")
        if role in given:
            raise ValueError(f"{role} is given twice: name each seat once")
        given.add(role)
        if role == FACILITATOR:
            if kind not in ("human", "on", "off"):
                raise ValueError(f"facilitator seat '{kind}' must be human or off")
            seats[role] = "human" if kind in ("human", "on") else "off"
            continue
        if role not in ROLES:
            raise ValueError(f"unknown role '{role}': use {', '.join(ROLES)} or {FACILITATOR}")
        if kind not in SEAT_KINDS:
            raise ValueError(f"unknown seat kind '{kind}' for {role}: use {', '.join(SEAT_KINDS)}")
        seats[role] = kind
    return seats


def humans(seats: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(r for r in ROLES if seats.get(r) == "human")


def facilitated(seats: Mapping[str, str]) -> bool:
    return seats.get(FACILITATOR, "off") != "off"
