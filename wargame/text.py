"""Text from decks, saves and players, kept away from the terminal's control sequences.

A terminal acts on what it is sent: ESC starts a sequence that can clear the
screen or set the window title, BEL rings, C1 characters are escape
sequences of their own, and the bidirectional controls reorder what follows
them. Decks and saves holding any of these are refused on load (`first_control`),
typed text is cleaned as it is entered (`clean_typed`), and every place
the TUI shows such text passes it through `printable` as well, so nothing
hostile reaches the terminal even if it got past the first two.
"""

from __future__ import annotations

import re

#: bidirectional embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI)
BIDI = "\u202a-\u202e\u2066-\u2069"
#: lone surrogates: the bytes of a file name that are not UTF-8, which no terminal can be sent
SURROGATES = "\ud800-\udfff"
#: C0 controls but newline and tab, DEL, C1 controls, line and paragraph separators, bidi controls, lone surrogates
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{BIDI}{SURROGATES}]")
#: the same, newline and tab included (for text that must stay on one line)
_CONTROL_OR_BREAK = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI}{SURROGATES}]")
_SURROGATE = re.compile(f"[{SURROGATES}]")
_LINE_BREAKS = re.compile("[ \t]*(?:\r\n|[\r\n\x0b\x0c\x85\u2028\u2029])[ \t\r\n\x0b\x0c\x85\u2028\u2029]*")


def first_control(text: str, *, newlines: bool = False) -> str | None:
    """The first control character in `text` (newline and tab are allowed with `newlines`), or None."""
    found = (_CONTROL if newlines else _CONTROL_OR_BREAK).search(text)
    return found.group() if found else None


def has_surrogate(text: str) -> bool:
    """Whether `text` holds half a UTF-16 pair (JSON's "\\ud800", a file name's undecodable byte), which cannot be written out."""
    return _SURROGATE.search(text) is not None


def codepoint(char: str) -> str:
    """U+001B: how a message names a character it cannot show."""
    return f"U+{ord(char):04X}"


def clean_typed(text: str) -> str:
    """Typed or pasted text as a save may hold it: line breaks become one space, tabs a space,
    other control characters are dropped (so pasted lines are never glued together)."""
    text = _LINE_BREAKS.sub(" ", text).replace("\t", " ")
    return _CONTROL_OR_BREAK.sub("", text)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ESC shows as ␛, BEL as ␇
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1, separators and bidi controls: the replacement character


def printable(text: str, *, one_line: bool = False) -> str:
    """Deck, save or player text safe to send to the terminal: every control character is shown
    as a visible stand-in, never sent; with `one_line`, line breaks and tabs become spaces."""
    if one_line:
        text = _LINE_BREAKS.sub(" ", text).replace("\t", " ")
        return _CONTROL_OR_BREAK.sub(_picture, text)
    return _CONTROL.sub(_picture, text)
