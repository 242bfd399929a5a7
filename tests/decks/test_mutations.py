"""Mutated decks never raise: the checker answers with problems, or the deck loads and plays.

Two kinds of mutation of sound decks: edits of the text (lines dropped,
doubled, swapped, cut; characters, numbers and bytes changed) and edits of
the data (a value replaced by any TOML value, a key dropped or added, a
table turned into a list), re-serialised with tomli_w. Whatever comes out,
`check_deck` returns one-line problems naming the file, `load_deck` raises
DeckError exactly when there are problems, and a deck that loads plays a
short random game to the end.
"""

from __future__ import annotations

import datetime
import random
import re
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import random_game
from tests.decks.helpers import BASE, BUNDLED, DATA
from wargame.decks import DeckError, check_deck, errors_in, load_deck

SOURCES = {"base": BASE.read_text(encoding="utf-8"), "mini": (DATA / "mini.toml").read_text(encoding="utf-8")}
BIG = {path.stem: path.read_text(encoding="utf-8") for path in BUNDLED}
KEYS = ("id", "role", "mission", "min_rung", "flags", "sources", "odds", "cards", "responses", "requires", "support", "tension", "x", "")

scalars = st.one_of(
    st.integers(-3, 120),
    st.integers(),
    st.sampled_from([10**30, -(10**30), 10**4000]),
    st.floats(allow_nan=True),
    st.booleans(),
    st.text(max_size=12),
    st.sampled_from(["tokyo", "beijing", "combat", "use_of_force", "far", "us_request", "survival_threat", "rinehart-2013", "[bold]x[/]", "a\nb"]),
    st.dates(min_value=datetime.date(1900, 1, 1)),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=3), max_leaves=6)


def check_everything(text: bytes | str, tmp: Path) -> None:
    path = tmp / "mutant.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    problems = check_deck(path)
    for problem in problems:
        line = str(problem)
        assert line.startswith(f"{path}:") and "\n" not in line and "\r" not in line, line
        assert "Traceback" not in line
    try:
        deck = load_deck(path)
    except DeckError as error:
        assert errors_in(problems), "load_deck refused a deck check_deck passed"
        assert "\n" not in str(error)
        return
    assert not errors_in(problems)
    state, _ = random_game(deck, seed=len(text) % 97, turns=2)
    assert state.over


# --- edits of the text --------------------------------------------------------------------


@st.composite
def text_mutants(draw: st.DrawFn, sources: dict[str, str] = SOURCES) -> bytes:
    name = draw(st.sampled_from(sorted(sources)))
    lines = sources[name].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["drop", "double", "swap", "cut", "chars", "number", "string", "key"]))
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "drop":
            del lines[i]
        elif kind == "double":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "cut":
            lines = lines[:i]
        elif kind == "chars":
            line = lines[i]
            a = draw(st.integers(0, len(line)))
            b = draw(st.integers(a, len(line)))
            lines[i] = line[:a] + draw(st.text(max_size=5)) + line[b:]
        elif kind == "number":
            lines[i] = re.sub(r"-?\d+", lambda m: str(draw(st.integers(-(10**6), 10**6) | st.sampled_from([0, 1, 5, 101, 10**40]))), lines[i], count=1)
        elif kind == "string":
            lines[i] = re.sub(r'"[^"\n]*"', lambda m: '"' + draw(st.sampled_from(["", "tokyo", "combat", "far", "x y", "us_request", "hold", "era-2013", "tokyo\\n", "id\\u2028x", "[red]x"])) + '"', lines[i], count=1)
        elif kind == "key":
            lines[i] = re.sub(r"^(\s*)[A-Za-z_]+", lambda m: m.group(1) + draw(st.sampled_from(KEYS[:-1])), lines[i], count=1)
        if not lines:
            break
    raw = "".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()) and draw(st.booleans()):
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=4)) + raw[at:]
    return raw


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutant=text_mutants())
def test_text_mutations_never_raise(mutant: bytes, tmp_path: Path) -> None:
    check_everything(mutant, tmp_path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutant=text_mutants(BIG))
def test_text_mutations_of_the_bundled_decks_never_raise(mutant: bytes, tmp_path: Path) -> None:
    check_everything(mutant, tmp_path)


# --- edits of the data --------------------------------------------------------------------


def places(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into the data, containers and leaves alike."""
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += places(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += places(value, (*prefix, i))
    return out


def parent_of(data: Any, place: tuple[Any, ...]) -> Any:
    for part in place[:-1]:
        data = data[part]
    return data


@st.composite
def data_mutants(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(sorted(SOURCES)))
    data = tomllib.loads(SOURCES[name])
    for _ in range(draw(st.integers(1, 3))):
        all_places = [p for p in places(data) if p]
        place = draw(st.sampled_from(all_places))
        parent = parent_of(data, place)
        key = place[-1]
        kind = draw(st.sampled_from(["replace", "replace", "drop", "add", "wrap", "retype"]))
        if kind == "replace":
            parent[key] = draw(values)
        elif kind == "drop":
            del parent[key]
        elif kind == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(KEYS[:-1]) | st.text(min_size=1, max_size=8))] = draw(values)
        elif kind == "add" and isinstance(parent, list):
            parent.insert(draw(st.integers(0, len(parent))), draw(values))
        elif kind == "wrap":
            parent[key] = [parent[key]]
        elif kind == "retype":
            value = parent[key]
            parent[key] = list(value.values()) if isinstance(value, dict) else str(value)[:20] if not isinstance(value, str) else len(value)
    try:
        return tomli_w.dumps(data)
    except (TypeError, ValueError):  # tomli_w cannot write some shapes (an array of tables beside values); keep the source
        return SOURCES[name]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutant=data_mutants())
def test_data_mutations_never_raise(mutant: str, tmp_path: Path) -> None:
    check_everything(mutant, tmp_path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32))
def test_small_number_changes_that_keep_a_deck_sound_still_play(seed: int, tmp_path: Path) -> None:
    """Nudge every number a little: many such decks load, and each that loads plays."""
    rng = random.Random(seed)
    text = re.sub(r"(?m)^(\w+ = )(\d+)$", lambda m: m.group(1) + str(max(0, int(m.group(2)) + rng.choice([-1, 0, 0, 0, 1]))), SOURCES["base"])
    check_everything(text, tmp_path)
