"""Problems point at the line that holds the mistake, however the TOML is written."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.decks.helpers import BASE, BUNDLED, DATA, line_of
from wargame.decks import check_text, errors_in
from wargame.decks.positions import Locator


def leaves(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in leaves(value, (*prefix, key))] or [prefix]
    if isinstance(data, list):
        return [leaf for i, value in enumerate(data) for leaf in leaves(value, (*prefix, i))] or [prefix]
    return [prefix]


def test_every_value_of_the_real_decks_is_found_on_the_line_of_its_key() -> None:
    for path in [*BUNDLED, BASE, DATA / "mini.toml"]:
        text = path.read_text(encoding="utf-8")
        locator = Locator(text)
        lines = text.split("\n")
        for leaf in leaves(tomllib.loads(text)):
            assert leaf in locator.places, (path.name, leaf)
            key = next(part for part in reversed(leaf) if isinstance(part, str))
            line = lines[locator.line(leaf) - 1]
            # an element of an array written over several lines stands on a line of its own
            assert key in line or (isinstance(leaf[-1], int) and "=" not in line), (path.name, leaf, locator.line(leaf))


TRICKY = '''\
# a comment with [[cards]] and "quotes" = 1
format = 2
id = "tricky"
title = """A title
[[cards]]
id = "not-a-card"
that spans lines"""
era = 2016
description = \'\'\'literal with "quotes" and [brackets]\'\'\'

"start" . turns = 8
start.baseline_support = 40
start.baseline_approval = 50
start.flags = [
    # a comment inside an array
]
[start.tracks]
rung = 2
support = 40
approval = 50
cohesion = 60
tension = 4
narrative = 20
reputation = 55
interop = 2
manila = 2
canberra = 2
seoul = 1
delhi = 1
[start.institutions]
coalition_brake = true
bureau = "aligned"

[objectives]
tokyo = { weights = { support = 1 }, end = { war = -40 } }
washington = { weights = { cohesion = 2 } }
beijing.weights = { narrative = 2 }

[flags]
us_request = "the United States has asked"

[[sources]]
id = "rinehart-2013"
cite = "Rinehart"

[[cards]]
id = "one"
title = "One"
text = "Text with a \\" quote and # not a comment"
explain = "Why."
addresses = [
  "tokyo",
  "washington",
]
sources = ["rinehart-2013"]
responses = [
  { role = "tokyo", id = "a", label = "A", explain = "A.", sources = ["rinehart-2013"], escalation = 0, basis = "political" },
  { role = "tokyo", id = "b", label = "B", explain = "B.", sources = ["rinehart-2013"], escalation = 1, basis = "political" },
  { role = "tokyo", id = "c", label = "C", explain = "C.", sources = ["rinehart-2013"], escalation = 1, basis = "political" },
  { role = "washington", id = "a", label = "A", explain = "A.", sources = ["rinehart-2013"], escalation = 0 },
  { role = "washington", id = "b", label = "B", explain = "B.", sources = ["rinehart-2013"], escalation = 1 },
  { role = "washington", id = "c", label = "C", explain = "C.", sources = ["rinehart-2013"], escalation = 1, success = { cohesion = 2 } },
]
'''


def test_the_tricky_deck_is_sound() -> None:
    assert [str(p) for p in errors_in(check_text(TRICKY, "tricky.toml"))] == []


def test_mistakes_after_multiline_strings_dotted_keys_and_inline_tables_get_their_own_line() -> None:
    cases = [
        ('"start" . turns = 8', '"start" . turns = 80', '"start" . turns = 80', "'turns' is 80"),
        ("start.baseline_support = 40", "start.baseline_support = 400", "start.baseline_support = 400", "'baseline_support' is 400"),
        ("beijing.weights = { narrative = 2 }", "beijing.weights = { narative = 2 }", "beijing.weights", "did you mean 'narrative'"),
        ('  "washington",\n', '  "washingtn",\n', '  "washingtn"', "did you mean 'washington'"),
        ('escalation = 1, success = { cohesion = 2 } }', 'escalation = 1, success = { cohesion = 200 } }', "success = { cohesion = 200", "'cohesion' is 200"),
        ('{ role = "tokyo", id = "c"', '{ role = "tokio", id = "c"', 'role = "tokio"', "did you mean 'tokyo'"),
        ('era = 2016', 'era = "2016"', 'era = "2016"', "'era' must be a whole number"),
        ("tokyo = { weights = { support = 1 }, end = { war = -40 } }", "tokyo = { weights = { support = 1 }, end = { warr = -40 } }", "tokyo = { weights", "did you mean 'war'"),
    ]
    for old, new, at, says in cases:
        assert TRICKY.count(old) == 1, old
        text = TRICKY.replace(old, new)
        expected = f"tricky.toml:{line_of(text, at)}:"
        problems = [str(p) for p in check_text(text, "tricky.toml")]
        assert any(p.startswith(expected) and says in p for p in problems), (new, expected, problems)


def test_windows_line_endings_keep_the_lines() -> None:
    text = BASE.read_text(encoding="utf-8").replace("odds = 65", "odds = 650")
    line = line_of(text, "odds = 650")
    problems = [str(p) for p in check_text(text.replace("\n", "\r\n"), "crlf.toml")]
    assert problems and problems[0].startswith(f"crlf.toml:{line}:"), problems


KEYS = st.sampled_from(["id", "role", "cards", "responses", "requires", "min_rung", "flags", "alpha", "beta", "x-y", "k_2"])
SCALARS = st.integers(-5, 5) | st.text(max_size=6) | st.booleans() | st.floats(allow_nan=False, allow_infinity=False)
DOCS = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3), max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(doc=st.dictionaries(KEYS, DOCS, min_size=1, max_size=4), multiline=st.booleans())
def test_the_locator_finds_every_value_tomli_w_writes(doc: dict[str, Any], multiline: bool) -> None:
    text = tomli_w.dumps(doc, multiline_strings=multiline)
    locator = Locator(text)
    lines = text.split("\n")
    for leaf in leaves(tomllib.loads(text)):
        if not leaf:
            continue
        assert leaf in locator.places or any(leaf[:k] in locator.places for k in range(len(leaf))), leaf
        named = [part for part in leaf if isinstance(part, str)]
        if leaf in locator.places and isinstance(leaf[-1], str):
            assert leaf[-1] in lines[locator.line(leaf) - 1], (leaf, text)
        elif named and leaf in locator.places:
            assert 1 <= locator.line(leaf) <= len(lines)


def test_a_deck_path_names_the_file_given(tmp_path: Path) -> None:
    path = tmp_path / "with space.toml"
    path.write_text("format = = 1\n", encoding="utf-8")
    from wargame.decks import check_deck

    assert str(check_deck(path)[0]).startswith(f"{path}:1: TOML syntax error at column 10")
