"""Loading a deck: bytes in, a playable `Deck` out, or every problem with its file and line.

A broken deck never escapes as a traceback, whatever the bytes of the file
are: an unreadable file, text that is not UTF-8, a TOML syntax error or
absurd nesting each become one problem like any other mistake.
"""

from __future__ import annotations

import hashlib
import re
import tomli
from pathlib import Path

from ..diagnostics import DeckProblem, errors_in, show_text
from ..engine.model import Deck
from ..text import codepoint, first_control
from .building import DeckBuilder
from .finding import MAX_DECK_BYTES, bundled_paths, resolve, size_problem


class DeckError(Exception):
    """A deck that cannot be played; `problems` holds one line per mistake."""

    def __init__(self, problems: list[DeckProblem]) -> None:
        self.problems = problems
        more = len(problems) - 1
        extra = f" (and {more} more problem{'s' if more > 1 else ''}: 'wargame deck check {problems[0].path}' lists them all)" if more else ""
        super().__init__(f"{problems[0]}{extra}")


def load_deck(name_or_path: str | Path, *, max_bytes: int | None = MAX_DECK_BYTES) -> Deck:
    """Load and validate a deck; raise DeckError naming file and line on any mistake (warnings aside).

    A file over `max_bytes` is refused before it is read (None: no limit, for measuring).
    """
    deck, problems = _load(resolve(name_or_path), max_bytes)
    errors = errors_in(problems)
    if errors or deck is None:
        raise DeckError(errors or [DeckProblem(str(name_or_path), 0, "", "the deck could not be read")])
    return deck


def check_deck(path: str | Path, *, max_bytes: int | None = MAX_DECK_BYTES) -> list[DeckProblem]:
    """Every problem in the deck file at `path` (empty when it is sound), in line order."""
    return _load(Path(path), max_bytes)[1]


def check_text(text: str, path: str = "<deck>") -> list[DeckProblem]:
    """Every problem in deck text that is not in a file (an editor's buffer, a test)."""
    return _parse(text.encode("utf-8", "surrogatepass"), path)[1]


def bundled_decks() -> list[Deck]:
    """Every bundled deck, loaded (a broken one raises DeckError)."""
    return [load_deck(p) for p in bundled_paths()]


def _load(path: Path, max_bytes: int | None = MAX_DECK_BYTES) -> tuple[Deck | None, list[DeckProblem]]:
    bad = first_control(str(path))
    if bad is not None:  # a save records the deck's path, and a save refuses control characters: refused here, before any game
        return None, [DeckProblem(str(path), 0, "", f"the deck's path holds a control character ({codepoint(bad)}): rename the file")]
    try:
        if path.exists() and not path.is_file() and not path.is_dir():  # a device or a pipe could be read for ever
            return None, [DeckProblem(str(path), 0, "", "not a deck file (a device or a pipe)")]
        if max_bytes is not None and path.stat().st_size > max_bytes:
            return None, [size_problem(str(path), path.stat().st_size, max_bytes)]
        raw = path.read_bytes()
    except OSError as err:
        return None, [DeckProblem(str(path), 0, "", f"cannot read the deck: {err.strerror or err}")]
    except ValueError as err:  # a path with a NUL byte
        return None, [DeckProblem(show_text(str(path)), 0, "", f"cannot read the deck: {err}")]
    return _parse(raw, str(path), max_bytes)


def _parse(raw: bytes, shown: str, max_bytes: int | None = MAX_DECK_BYTES) -> tuple[Deck | None, list[DeckProblem]]:
    if max_bytes is not None and len(raw) > max_bytes:
        return None, [size_problem(shown, len(raw), max_bytes)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, [DeckProblem(shown, 1 + raw[: err.start].count(b"\n"), "", f"the deck is not UTF-8 text (byte {err.start + 1} is 0x{raw[err.start]:02x}); save it as UTF-8")]
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as err:
        return None, [_syntax_problem(shown, str(err), text)]
    except ValueError:  # an integer too long for Python to convert
        return None, [DeckProblem(shown, _line_of(text, r"\d[\d_]{200,}"), "", "a number is far too long: numbers in a deck are small whole numbers")]
    except RecursionError:
        return None, [DeckProblem(shown, _line_of(text, r"(?:[\[{]\s*){40,}"), "", "arrays or tables are nested far too deeply")]
    try:
        checker = DeckBuilder(shown, text, hashlib.sha256(raw).hexdigest())
        deck = checker.deck(data)
    except RecursionError:
        return None, [DeckProblem(shown, 1, "", "arrays or tables are nested far too deeply")]
    problems = sorted(dict.fromkeys(checker.located()), key=lambda p: p.line)
    return (deck if not errors_in(problems) else None), problems


def _syntax_problem(shown: str, message: str, text: str) -> DeckProblem:
    """tomli says "Invalid value (at line 2, column 5)"; keep the line, say the column."""
    found = re.search(r"\(at line (\d+), column (\d+)\)\s*$", message)
    if found:
        msg = message[: found.start()].rstrip()
        return DeckProblem(shown, int(found.group(1)), "", f"TOML syntax error at column {found.group(2)}: {msg}")
    found = re.search(r"\(at end of document\)\s*$", message)
    msg = message[: found.start()].rstrip() if found else message
    last = text.rstrip("\n").count("\n") + 1  # an unclosed array or string: the file ends too soon
    return DeckProblem(shown, last if found else 1, "", f"TOML syntax error{' at the end of the file' if found else ''}: {msg}")


def _line_of(text: str, pattern: str) -> int:
    found = re.search(pattern, text)
    return 1 + text.count("\n", 0, found.start()) if found else 1
