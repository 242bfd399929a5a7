"""Join codes: made with `secrets`, kept only as salted hashes, compared in constant time.

A code is 16 characters from an alphabet without look-alikes (no 0/O,
1/I/L, U), about 78 bits: guessing one is hopeless at the rate the server
allows join attempts, so a fast salted SHA-256 is enough (a code is not a
password a person chose). Each code belongs to a holder: a capital, the
white cell, or one of the observers; the holder decides the seat.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Iterable

from attrs import define, field, frozen

from ..engine.tracks import FACILITATOR, ROLES
from .protocol import OBSERVER

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP = 4, 4
SALT_BYTES = 16


def new_code() -> str:
    """A fresh code, as people read it: four groups of four, 'K7QM-2XHD-9TRW-5BNA'."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP))
    return "-".join(chars[i : i + GROUP] for i in range(0, len(chars), GROUP))


def normal(code: str) -> str:
    """A code as typed, made comparable: case, spaces and dashes do not count."""
    return "".join(ch for ch in code.upper() if ch not in "- \t")


def digest(code: str, salt: bytes) -> bytes:
    return hashlib.sha256(salt + normal(code).encode("utf-8")).digest()


def seat_of(holder: str) -> str:
    """The seat a holder sits at: its role, the white cell, or the observers' seat."""
    if holder in ROLES or holder == FACILITATOR:
        return holder
    return OBSERVER


def observer_holders(count: int) -> tuple[str, ...]:
    """The holders of the observer codes: 'observer' alone, or 'observer-1' ... 'observer-N'."""
    return (OBSERVER,) if count == 1 else tuple(f"{OBSERVER}-{i}" for i in range(1, count + 1))


@frozen
class Entry:
    """One holder's code, as stored: the salt and the hash, never the code."""

    holder: str
    salt: bytes
    digest: bytes = field(repr=False)


@define
class Codebook:
    """The exercise's codes by holder; `find` says whose a code is."""

    entries: dict[str, Entry] = field(factory=dict)

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> Codebook:
        return cls({e.holder: e for e in entries})

    def issue(self, holder: str) -> tuple[str, Entry]:
        """A new code for `holder` (its old one stops working): the code to hand over, and the entry to store."""
        code = new_code()
        salt = secrets.token_bytes(SALT_BYTES)
        entry = Entry(holder, salt, digest(code, salt))
        self.entries[holder] = entry
        return code, entry

    def revoke(self, holder: str) -> Entry:
        """Stop `holder`'s code: its entry becomes the hash of a code nobody was given (the holder stays known)."""
        return self.issue(holder)[1]

    def find(self, code: str) -> str | None:
        """The holder of `code`, or None. Every entry is compared, each in constant time."""
        found = None
        for entry in self.entries.values():
            if hmac.compare_digest(digest(code, entry.salt), entry.digest):
                found = entry.holder
        return found

    def holders(self) -> tuple[str, ...]:
        return tuple(self.entries)
